"""Every query is scoped to the caller's account: another account's case is a 404, never a 403
and never a leak; a sandbox key never reaches live data."""

from __future__ import annotations

from tests.api.conftest import ApiServer, debt, new_account


def test_two_accounts_cannot_see_or_change_each_others_cases(api: ApiServer) -> None:
    acme, globex = api.key(new_account()), api.key(new_account())
    with api.http(acme) as a, api.http(globex) as g:
        case = a.post("/debts", json=debt("SHARED-1")).json()
        # the same reference is free in another account
        assert g.post("/debts", json=debt("SHARED-1")).status_code == 201
        for answer in (
            g.get(f"/debts/{case['id']}"),
            g.put(f"/debts/{case['id']}", json={"amount": 1}),
            g.delete(f"/debts/{case['id']}"),
        ):
            assert answer.status_code == 404
            assert case["id"] in answer.json()["detail"] and "Jean" not in answer.text
        listed = g.get("/debts", params={"reference": "SHARED-*"}).json()["data"]
        assert [c["id"] for c in listed] != [case["id"]] and len(listed) == 1
        assert a.get(f"/debts/{case['id']}").json()["amount"] == 2340.0  # untouched
        batch = a.post("/debts/batch", json={"debts": [debt("SHARED-2")]}).json()
        assert g.get(f"/debts/batch/{batch['batch_id']}").status_code == 404


def test_a_sandbox_key_never_reaches_live_data(api: ApiServer) -> None:
    account = new_account()
    live, sandbox = api.key(account), api.key(account, sandbox=True)
    with api.http(live) as lv, api.http(sandbox) as s:
        real = lv.post("/debts", json=debt("LIVE-1")).json()
        assert s.get(f"/debts/{real['id']}").status_code == 404
        assert s.get("/debts").json()["data"] == []
        test = s.post("/debts", json=debt("LIVE-1")).json()
        assert lv.get(f"/debts/{test['id']}").status_code == 404
        assert [c["id"] for c in lv.get("/debts").json()["data"]] == [real["id"]]
        # resetting is for the sandbox only, and a live key cannot do it
        assert lv.post("/sandbox/reset").status_code == 403
        reset = s.post("/sandbox/reset")
        assert reset.status_code == 200 and reset.json()["cases"] == 40
        assert len(s.get("/debts", params={"limit": 100}).json()["data"]) == 40
        assert [c["id"] for c in lv.get("/debts").json()["data"]] == [real["id"]]
