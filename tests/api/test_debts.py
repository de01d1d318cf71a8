"""Cases through the API: validation with the file pipeline's rules, problems per field,
listing with stable cursors and filters, updates, erasure, idempotency keys."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.events import list_events
from getbill_import.store.schema import case_tombstones, cases
from tests.api.conftest import ApiServer, debt, new_account


def test_invalid_debt_gets_one_problem_entry_per_field(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", json={
            "debtor": {"name": "Jean", "email": "jean@gmial", "phone": "12"}, "amount": -5, "reference": "X-1",
            "due_date": "2024-02-31", "scenario": "standard_3_wave",
        })
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert (problem["status"], problem["code"]) == (422, "invalid-debt")
    by_field = {e["field"]: e for e in problem["errors"]}
    assert by_field["amount"]["code"] == "negative-amount"
    assert by_field["debtor.email"]["code"] == "invalid-email"
    assert by_field["debtor.phone"]["code"] == "invalid-phone"
    assert by_field["due_date"]["code"] == "invalid-date"
    assert (by_field["scenario"]["code"], by_field["scenario"]["suggestion"]) == ("unknown-scenario", "standard_3_waves")


def test_a_warning_comes_back_with_the_created_case(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", json=debt("W-1", debtor={"name": "Ana", "email": "ana@gmial.com"}))
    assert answer.status_code == 201
    [warning] = answer.json()["warnings"]
    assert (warning["field"], warning["code"], warning["suggestion"]) == ("debtor.email", "email-domain-typo", "ana@gmail.com")


def test_json_structure_faults_are_field_problems(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", json={"debtor": {"name": ["A"], "emial": "x"}, "amount": {"v": 1}, "reference": "S-1"})
        assert answer.status_code == 422
        codes = {(e["field"], e["code"]) for e in answer.json()["errors"]}
        assert {("debtor.name", "invalid-type"), ("debtor.emial", "unknown-field"), ("amount", "invalid-type")} <= codes
        assert http.post("/debts", json=[debt("S-2")]).status_code == 422
        assert http.post("/debts", content=b"{not json", headers={"content-type": "application/json"}).json()["code"] == "invalid-json"
        assert http.post("/debts", content=b"a=1", headers={"content-type": "text/plain"}).status_code == 415


def test_amounts_keep_their_exact_value_and_a_json_number_is_never_thousands(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        assert http.post("/debts", json=debt("N-1", amount=0.1)).json()["amount"] == 0.1
        three = http.post("/debts", content=b'{"debtor":{"name":"A"},"amount":1.234,"reference":"N-2"}',
                          headers={"content-type": "application/json"})
        assert three.status_code == 422
        assert [(e["code"], e["suggestion"]) for e in three.json()["errors"] if e["field"] == "amount"] == [
            ("too-many-decimals", "1.23")
        ]
        big = http.post("/debts", content=b'{"debtor":{"name":"A"},"amount":1e400,"reference":"N-3"}',
                        headers={"content-type": "application/json"})
        assert big.status_code == 422


def test_a_reference_is_created_once(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        first = http.post("/debts", json=debt("D-1")).json()
        again = http.post("/debts", json=debt("D-1", amount=10))
    assert again.status_code == 409
    assert (again.json()["code"], again.json()["existing_id"]) == ("duplicate-reference", first["id"])


def _all_pages(http, **params) -> list[dict]:  # type: ignore[no-untyped-def]
    found, cursor = [], None
    while True:
        page = http.get("/debts", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        found += page["data"]
        if not page["has_more"]:
            assert page["next_cursor"] is None
            return found
        cursor = page["next_cursor"]


def test_pages_are_stable_in_every_sort_even_while_cases_are_created(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        dues = ["2026-03-01", None, "2026-01-01", "2026-02-01", None, "2026-01-01", "2026-02-01"]
        for i, due in enumerate(dues):
            assert http.post("/debts", json=debt(f"P-{i}", due_date=due)).status_code == 201
        created = [c["reference"] for c in _all_pages(http, limit=2)]
        assert created == [f"P-{i}" for i in range(7)]
        assert [c["reference"] for c in _all_pages(http, limit=3, sort="-created_at")] == created[::-1]
        by_due = [(c["due_date"], c["reference"]) for c in _all_pages(http, limit=2, sort="due_date")]
        assert by_due == [("2026-01-01", "P-2"), ("2026-01-01", "P-5"), ("2026-02-01", "P-3"), ("2026-02-01", "P-6"),
                          ("2026-03-01", "P-0"), (None, "P-1"), (None, "P-4")]
        by_due_desc = [c["reference"] for c in _all_pages(http, limit=2, sort="-due_date")]
        assert by_due_desc == ["P-0", "P-6", "P-3", "P-5", "P-2", "P-4", "P-1"]
        # a case created between two pages neither repeats nor hides a case of the first
        first = http.get("/debts", params={"limit": 3}).json()
        http.post("/debts", json=debt("P-7"))
        rest = _all_pages(http, limit=3, cursor=first["next_cursor"]) if False else None
        follow = http.get("/debts", params={"limit": 10, "cursor": first["next_cursor"]}).json()["data"]
        assert [c["reference"] for c in first["data"] + follow] == [f"P-{i}" for i in range(8)]
        assert rest is None
        assert http.get("/debts", params={"cursor": "garbage"}).json()["code"] == "invalid-cursor"
        wrong_sort = http.get("/debts", params={"cursor": first["next_cursor"], "sort": "due_date"})
        assert wrong_sort.status_code == 400


def test_filters(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        for ref, amount, due, scenario in [("F-2024-1", 100, "2024-01-10", "gentle_2_waves"), ("F-2024-2", 250.5, "2024-02-10", None),
                                           ("F-2025-1", 900, "2025-01-10", None), ("G-1", 50, None, None)]:
            body = debt(ref, amount=amount, due_date=due)
            if scenario:
                body["scenario"] = scenario
            http.post("/debts", json=body)
        refs = lambda **p: [c["reference"] for c in http.get("/debts", params=p).json()["data"]]  # noqa: E731
        assert refs(reference="F-2024-*") == ["F-2024-1", "F-2024-2"]
        assert refs(reference="G-1") == ["G-1"]
        assert refs(amount_min=100, amount_max=250.5) == ["F-2024-1", "F-2024-2"]
        assert refs(due_after="2024-02-01", due_before="2025-12-31") == ["F-2024-2", "F-2025-1"]
        assert refs(scenario="gentle_2_waves") == ["F-2024-1"]
        assert refs(status="open") == ["F-2024-1", "F-2024-2", "F-2025-1", "G-1"]
        assert refs(status="resolved") == []
        today = dt.datetime.now(dt.UTC).date()
        assert len(refs(created_after=today.isoformat())) == 4
        assert refs(created_before=(today - dt.timedelta(days=1)).isoformat()) == []
        bad = http.get("/debts", params={"status": "lost", "limit": 0})
        assert bad.status_code == 422
        assert {e["field"] for e in bad.json()["errors"]} == {"status", "limit"}


def test_update_moves_the_balance_and_a_resolved_case_keeps_its_amount(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        case = http.post("/debts", json=debt("U-1")).json()
        with open_store(api.database_url) as store, store.write() as conn:
            conn.execute(sa.update(cases).where(cases.c.id == case["id"]).values(balance_cents=134_000))  # 1000 paid
        updated = http.put(f"/debts/{case['id']}", json={"amount": 3000, "debtor": {"email": "new@example.fr"}})
        assert updated.status_code == 200
        body = updated.json()
        assert (body["amount"], body["balance"]) == (3000.0, 2000.0)
        assert body["debtor"]["email"] == "new@example.fr" and body["debtor"]["phone"] == "+33612345678"
        cleared = http.put(f"/debts/{case['id']}", json={"due_date": None}).json()
        assert cleared["due_date"] is None and cleared["amount"] == 3000.0
        invalid = http.put(f"/debts/{case['id']}", json={"debtor": {"email": "nope"}})
        assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "debtor.email"
        other = http.post("/debts", json=debt("U-2")).json()
        taken = http.put(f"/debts/{other['id']}", json={"reference": "U-1"})
        assert (taken.status_code, taken.json()["code"]) == (409, "duplicate-reference")
        with open_store(api.database_url) as store, store.write() as conn:
            conn.execute(sa.update(cases).where(cases.c.id == case["id"]).values(status="resolved"))
        refused = http.put(f"/debts/{case['id']}", json={"amount": 10})
        assert (refused.status_code, refused.json()["code"]) == (409, "case-closed")
        assert http.put(f"/debts/{case['id']}", json={"debtor": {"name": "Jean Dupont SA"}}).status_code == 200


def test_erasure_removes_personal_data_everywhere_and_leaves_a_tombstone(api: ApiServer) -> None:
    account = new_account()
    with api.http(api.key(account)) as http:
        case = http.post("/debts", json=debt("E-1"), headers={"Idempotency-Key": "erase-me"}).json()
        assert http.delete(f"/debts/{case['id']}").status_code == 204
        gone = http.get(f"/debts/{case['id']}")
        assert (gone.status_code, gone.json()["code"]) == (410, "erased")
        assert http.delete(f"/debts/{case['id']}").status_code == 410
        assert http.get("/debts").json()["data"] == []
        # the stored answer of the idempotent create held the debtor's data: erased too, so a
        # replay is a new request (which creates the case anew)
        again = http.post("/debts", json=debt("E-1"), headers={"Idempotency-Key": "erase-me"})
        assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    with open_store(api.database_url) as store:
        assert list_events(store, account=account, case_id=case["id"]) == []
        with store.read() as conn:
            stone = conn.execute(sa.select(case_tombstones).where(case_tombstones.c.id == case["id"])).mappings().one()
        assert set(stone) == {"id", "account", "reference", "created_at", "deleted_at"}


def test_idempotency_key_replays_the_first_answer(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        first = http.post("/debts", json=debt("I-1"), headers={"Idempotency-Key": "k-1"})
        replay = http.post("/debts", json=debt("I-1"), headers={"Idempotency-Key": "k-1"})
        assert first.status_code == replay.status_code == 201
        assert replay.json() == first.json() and replay.headers["idempotent-replayed"] == "true"
        assert replay.headers["location"] == first.headers["location"]
        other = http.post("/debts", json=debt("I-2"), headers={"Idempotency-Key": "k-1"})
        assert (other.status_code, other.json()["code"]) == (422, "idempotency-key-reused")
        batch = {"debts": [debt("I-3")]}
        b1 = http.post("/debts/batch", json=batch, headers={"Idempotency-Key": "k-2"}).json()
        b2 = http.post("/debts/batch", json=batch, headers={"Idempotency-Key": "k-2"}).json()
        assert b1["batch_id"] == b2["batch_id"]
        assert len(http.get("/debts", params={"reference": "I-*"}).json()["data"]) >= 1
        refused = http.post("/debts", json=debt("I-4", amount="x"), headers={"Idempotency-Key": "k-3"})
        assert refused.status_code == 422
        assert http.post("/debts", json=debt("I-4", amount="x"), headers={"Idempotency-Key": "k-3"}).headers["idempotent-replayed"] == "true"


def test_concurrent_creations_are_answered_one_by_one(api: ApiServer) -> None:
    """Requests that arrive together are validated and written together, but each gets its own
    answer: one 201 per new reference, a 409 for the same reference again, a 422 for a bad one."""
    from concurrent.futures import ThreadPoolExecutor

    key = api.key()
    bodies = [debt(f"CC-{i}") for i in range(24)] + [debt("CC-SAME")] * 6 + [debt("CC-BAD", amount="?")] * 2

    def send(body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
        with api.http(key) as http:
            answer = http.post("/debts", json=body)
            return answer.status_code, answer.json()

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(send, bodies))
    assert [status for status, _ in answers[:24]] == [201] * 24
    assert len({body["id"] for _, body in answers[:24]}) == 24
    same = [status for status, _ in answers[24:30]]
    assert sorted(same) == [201] + [409] * 5
    winner = next(body["id"] for status, body in answers[24:30] if status == 201)
    assert {body["existing_id"] for status, body in answers[24:30] if status == 409} == {winner}
    assert [(status, body["code"]) for status, body in answers[30:]] == [(422, "invalid-debt")] * 2
    with api.http(key) as http:
        assert len(http.get("/debts", params={"reference": "CC-*", "limit": 100}).json()["data"]) == 25


def test_a_debt_whose_e_mail_is_not_valid_is_created_without_it(api: ApiServer) -> None:
    with api.http(api.key()) as http:
        answer = http.post("/debts", json=debt("E-1", debtor={"name": "Ana", "email": "ana@@example", "phone": "12"}))
        assert answer.status_code == 201
        body = answer.json()
        assert (body["debtor"]["email"], body["debtor"]["phone"]) == (None, None)
        assert {w["code"] for w in body["warnings"]} == {"invalid-email", "invalid-phone", "no-contact-channel"}
        # an update does not replace a case's e-mail with one that is not valid
        good = http.put(f"/debts/{body['id']}", json={"debtor": {"email": "ana@example.fr"}}).json()
        refused = http.put(f"/debts/{body['id']}", json={"debtor": {"email": "nope"}})
        assert refused.status_code == 422
        assert http.get(f"/debts/{good['id']}").json()["debtor"]["email"] == "ana@example.fr"
