"""The collection routes over real HTTP: follow-up filters and pages, payments' answers and
refusals, requested status changes, scopes, sandbox-only routes, accounts kept apart, a payments
file reconciled by upload."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Any

from tests.api.conftest import ApiServer, debt, new_account


def _sandbox_with_followups(api: ApiServer, n: int = 6) -> tuple[str, list[dict[str, Any]]]:
    key = api.key(new_account(), sandbox=True)
    with api.http(key) as http:
        today = http.get("/sandbox/clock").json()["now"][:10]
        made = [http.post("/debts", json=debt(f"FU-{i}", due_date=today,
                                              scenario="firm_4_waves" if i % 2 else "standard_3_waves")).json()
                for i in range(n)]
        assert http.post("/sandbox/clock", json={"days": 8}).status_code == 200
    return key, made


def test_followups_are_filtered_and_paged(api: ApiServer) -> None:
    key, made = _sandbox_with_followups(api)
    with api.http(key) as http:
        everything = http.get("/followups", params={"limit": 500}).json()
        # by day 8, standard_3_waves has sent its e-mail and its text, firm_4_waves also its call
        assert len(everything["data"]) == 3 * 2 + 3 * 3 and everything["has_more"] is False
        pages, cursor = [], None
        while True:
            page = http.get("/followups", params={"limit": 5, **({"cursor": cursor} if cursor else {})}).json()
            pages.append([f["id"] for f in page["data"]])
            if not page["has_more"]:
                break
            cursor = page["next_cursor"]
        assert [len(p) for p in pages] == [5, 5, 5] and functools.reduce(operator.iadd, pages, []) == [f["id"] for f in everything["data"]]
        newest = http.get("/followups", params={"sort": "-started_at", "limit": 500}).json()["data"]
        assert [f["id"] for f in newest] == [f["id"] for f in everything["data"]][::-1]
        one = http.get("/followups", params={"debt_id": made[1]["id"]}).json()["data"]
        assert [(f["wave"], f["channel"]) for f in one] == [(1, "email"), (2, "sms"), (3, "ai_call")]
        assert all(f["reference"] == "FU-1" and f["debt_id"] == made[1]["id"] for f in one)
        sms = http.get("/followups", params={"channel": "sms"}).json()["data"]
        assert len(sms) == 6 and {f["channel"] for f in sms} == {"sms"}
        delivered = http.get("/followups", params={"outcome": "delivered"}).json()["data"]
        assert {f["outcome"] for f in delivered} == {"delivered"}
        day = dt.date.fromisoformat(everything["data"][0]["started_at"][:10])
        first_day = http.get("/followups", params={"since": day.isoformat(), "until": day.isoformat()}).json()["data"]
        assert len(first_day) == 6 and {f["wave"] for f in first_day} == {1}
        assert http.get("/followups", params={"cursor": "not-a-cursor"}).status_code == 400
        assert http.get("/followups", params={"channel": "pigeon"}).status_code == 422
        scenarios = http.get("/scenarios").json()["data"]
        assert [s["name"] for s in scenarios][:2] == ["standard_3_waves", "gentle_2_waves"]
        assert scenarios[0]["default"] is True and scenarios[0]["waves"][0] == {
            "wave": 1, "day": 1, "channel": "email", "template": "email_friendly_reminder"}
    with api.http(api.key()) as other:  # another account sees none of it
        assert other.get("/followups").json()["data"] == []
        assert other.get("/followups", params={"debt_id": made[1]["id"]}).json()["data"] == []


def test_payments_answers_and_refusals(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        case = http.post("/debts", json=debt("PAY-1", amount=300)).json()
        url = f"/debts/{case['id']}/payments"
        first = http.post(url, json={"amount": "100.10", "method": "card", "stripe_payment_id": "pi_api_1",
                                     "paid_at": "2026-01-05"})
        assert first.status_code == 201, first.text
        body = first.json()
        assert (body["amount"], body["applied"], body["overpayment"], body["stripe_payment_id"]) == (100.1, 100.1, False, "pi_api_1")
        assert body["paid_at"] == "2026-01-05T00:00:00Z" and body["debt"]["balance"] == 199.9
        assert first.headers["location"].endswith(f"/debts/{case['id']}/payments")
        replay = http.post(url, json={"amount": 100.10, "external_id": "pi_api_1"})
        assert replay.status_code == 200 and replay.json()["id"] == body["id"] and replay.json()["replayed"] is True
        reused = http.post(url, json={"amount": 5, "external_id": "pi_api_1"})
        assert reused.status_code == 409 and reused.json()["code"] == "external-id-reused"
        for bad, code in ([{"amount": 0}, "invalid-amount"], [{"amount": "1.234"}, "invalid-amount"],
                          [{"amount": -5}, "invalid-amount"], [{"amount": "abc"}, "invalid-amount"],
                          [{"amount": 5, "currency": "USD"}, "currency-mismatch"], [{}, "missing-amount"],
                          [{"amount": 5, "colour": "red"}, "unknown-field"], [{"amount": 5, "method": "Crédit!"}, "invalid-method"],
                          [{"amount": 5, "paid_at": "yesterday"}, "invalid-date"]):
            answer = http.post(url, json=bad)
            assert answer.status_code == 422, (bad, answer.text)
            assert answer.json()["errors"][0]["code"] == code, (bad, answer.json())
        keyed = http.post(url, json={"amount": 250}, headers={"Idempotency-Key": "pay-once"})
        again = http.post(url, json={"amount": 250}, headers={"Idempotency-Key": "pay-once"})
        assert keyed.status_code == again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
        assert keyed.json()["debt"]["status"] == "resolved" and keyed.json()["overpaid"] == 50.1
        listed = http.get(url).json()["data"]
        assert [p["amount"] for p in listed] == [100.1, 250.0]
        assert http.post("/debts/debt_nope/payments", json={"amount": 5}).status_code == 404
        assert http.get("/debts/debt_nope/payments").status_code == 404
        assert http.delete(f"/debts/{case['id']}").status_code == 204
        assert http.get(url).status_code == 410
    with api.http(api.key()) as other:
        assert other.post(url, json={"amount": 5}).status_code in (404, 410)


def test_status_changes_follow_the_status_machine(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        case = http.post("/debts", json=debt("ST-1")).json()
        url = f"/debts/{case['id']}"
        plan = http.post(f"{url}/status", json={"status": "payment_plan"})
        assert plan.status_code == 200 and plan.json()["status"] == "payment_plan"
        escalated = http.post(f"{url}/escalate", json={"reason": "no payment under the plan"})
        assert escalated.status_code == 200 and escalated.json()["status"] == "escalated"
        back = http.post(f"{url}/status", json={"status": "contacted"})
        assert back.status_code == 409 and back.json()["code"] == "invalid-transition"
        assert "An escalated case cannot become contacted" in back.json()["detail"]
        resolved = http.post(f"{url}/status", json={"status": "resolved"})
        assert resolved.status_code == 422
        assert http.post(f"{url}/escalate").status_code == 200  # already escalated: nothing changes
        assert http.post("/debts/debt_nope/escalate").status_code == 404


def test_scopes_and_sandbox_only_routes(api: ApiServer) -> None:
    reader = api.key(scopes="read")
    with api.http(reader) as http:
        assert http.get("/followups").status_code == 200
        assert http.get("/reports").status_code == 403
        assert http.post("/debts/x/payments", json={"amount": 1}).status_code == 403
    with api.http(api.key(scopes="analytics")) as http:
        assert http.get("/reports").status_code == 200
        assert http.get("/reports", params={"since": "2026-05-01", "until": "2026-04-01"}).status_code == 422
    with api.http(api.key()) as live:
        assert live.post("/sandbox/clock", json={"days": 1}).status_code == 403
        assert live.get("/sandbox/clock").status_code == 403
        assert live.post("/sandbox/payments", json={"debt_id": "x"}).status_code == 403
    with api.http(api.key(sandbox=True)) as sandbox:
        for bad in ({"days": 0}, {"days": 400}, {"days": -1}, {"days": 1.5}, {"weeks": 1}, {"days": "2"}):
            assert sandbox.post("/sandbox/clock", json=bad).status_code == 422, bad
        moved = sandbox.post("/sandbox/clock", json={"hours": 30}).json()
        assert moved["offset_seconds"] == 30 * 3600 and sandbox.get("/sandbox/clock").json()["offset_seconds"] == 108000


def test_a_payments_file_is_reconciled_by_upload(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        for i, amount in enumerate((120, 80)):
            http.post("/debts", json=debt(f"UP-2026-{i}", amount=amount))
        statement = ("Date;Libellé;Montant\n"
                     "03/03/2026;VIR SEPA DUPONT UP 2026 0;120,00\n"
                     "04/03/2026;VIR DUPONT ACOMPTE UP-2026-1;30,00\n"
                     "05/03/2026;VIR QUELQU'UN;12,00\n").encode("cp1252")
        answer = http.post("/payments/import", files={"file": ("releve.csv", statement, "text/csv")})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["counts"]["matched"] == 2 and body["counts"]["unmatched"] == 1 and body["counts"]["resolved"] == 1
        assert body["source"]["path"] == "releve.csv" and body["source"]["encoding"] == "cp1252"
        again = http.post("/payments/import", files={"file": ("releve.csv", statement, "text/csv")}).json()
        assert again["counts"]["already_recorded"] == 2 and again["counts"]["payments"] == 0
        named = http.post("/payments/import", files={"file": ("x.csv", b"A;B\n1;2\n", "text/csv")},
                          data={"columns": "amount=Nope"})
        assert named.status_code == 422 and "no column 'Nope'" in named.json()["detail"]
        empty = http.post("/payments/import", files={"file": ("x.csv", b"", "text/csv")})
        assert empty.status_code == 422


def test_serve_runs_the_scheduler_on_its_own(make_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.api.conftest import wait_for

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "same_day.toml").write_text('[[waves]]\nday = 0\nchannel = "sms"\ntemplate = "sms_reminder"\n',
                                          encoding="utf-8")
    server = make_server(GETBILL_SCENARIOS_DIR=str(folder), GETBILL_COLLECTION_TICK_SECONDS="0.5")
    with server.http(server.key()) as http:
        case = http.post("/debts", json=debt("AUTO-1", scenario="same_day")).json()
        assert case["scenario"] == "same_day"
        [followup] = wait_for(lambda: http.get("/followups").json()["data"], timeout=30)
        assert (followup["debt_id"], followup["channel"], followup["template"]) == (case["id"], "sms", "sms_reminder")
        refused = http.post("/debts", json=debt("AUTO-2", scenario="same_dya"))
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["suggestion"] == "same_day"


def test_a_sandbox_reset_puts_its_clock_back_and_forgets_its_collection(api: ApiServer) -> None:
    key, made = _sandbox_with_followups(api, n=2)
    with api.http(key) as http:
        assert http.post("/sandbox/payments", json={"debt_id": made[0]["id"]}).status_code == 201
        assert http.get("/sandbox/clock").json()["offset_seconds"] == 8 * 86400
        assert http.post("/sandbox/reset").status_code == 200
        assert http.get("/sandbox/clock").json()["offset_seconds"] == 0
        assert http.get("/followups").json()["data"] == []
        assert http.get(f"/debts/{made[0]['id']}/payments").status_code == 404
