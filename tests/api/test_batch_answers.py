"""The answers about a batch. ``Idempotency-Key`` on ``POST /debts/batch``: the key is claimed,
and the answer kept, in the transaction that stores the batch; however retries arrive (one after
the other, at the same time), one batch is made and every retry gets its answer back. The
problems ``GET /debts/batch/{id}`` lists, whatever version stored them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.schema import imports
from tests.api.conftest import ApiServer, debt, new_account


def _batches(api: ApiServer, account: str) -> int:
    with open_store(api.database_url, migrate_schema=False) as store, store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(imports).where(
            imports.c.account == account, imports.c.kind == "batch")).scalar_one())


def test_a_retried_batch_gets_the_first_answer_back(api: ApiServer) -> None:
    account = new_account()
    body = {"debts": [debt("BI-1"), debt("BI-2", amount="x")]}
    with api.http(api.key(account)) as http:
        first = http.post("/debts/batch", json=body, headers={"Idempotency-Key": "bi-1"})
        again = http.post("/debts/batch", json=body, headers={"Idempotency-Key": "bi-1"})
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json() and again.json()["errors"] == 1
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert again.headers["location"] == first.headers["location"] == f"/external-api/v1/debts/batch/{first.json()['batch_id']}"
    assert _batches(api, account) == 1


def test_the_same_key_with_another_batch_is_refused(api: ApiServer) -> None:
    account = new_account()
    with api.http(api.key(account)) as http:
        http.post("/debts/batch", json={"debts": [debt("BK-1")]}, headers={"Idempotency-Key": "bk"})
        other = http.post("/debts/batch", json={"debts": [debt("BK-2")]}, headers={"Idempotency-Key": "bk"})
    assert (other.status_code, other.json()["code"]) == (422, "idempotency-key-reused")
    assert _batches(api, account) == 1


def test_retries_arriving_at_once_make_one_batch(api: ApiServer) -> None:
    account = new_account()
    key = api.key(account)
    body = {"debts": [debt(f"BC-{i:03d}") for i in range(200)]}

    def send(_: int) -> tuple[int, str]:
        with api.http(key) as http:
            answer = http.post("/debts/batch", json=body, headers={"Idempotency-Key": "bc"})
            return answer.status_code, answer.json().get("batch_id", answer.json().get("code"))

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert {status for status, _ in answers} == {202}
    assert len({batch for _, batch in answers}) == 1
    assert _batches(api, account) == 1


def test_a_body_that_cannot_be_read_does_not_use_up_its_key(api: ApiServer) -> None:
    account = new_account()
    with api.http(api.key(account)) as http:
        broken = http.post("/debts/batch", content=b'{"debts": [', headers={
            "Idempotency-Key": "bb", "Content-Type": "application/json"})
        assert (broken.status_code, broken.json()["code"]) == (400, "invalid-json")
        fixed = http.post("/debts/batch", json={"debts": [debt("BB-1")]}, headers={"Idempotency-Key": "bb"})
        assert fixed.status_code == 202 and "idempotent-replayed" not in fixed.headers
    assert _batches(api, account) == 1


def test_problems_stored_by_earlier_versions_as_parquet_are_still_listed() -> None:
    """A batch's problems are kept as JSON; those of batches accepted before, as a Parquet
    table, read the same."""
    import io

    import polars as pl

    from getbill_import.api.batches import _listed_problems, _problems_document
    from getbill_import.fields import LINE

    problems = pl.DataFrame({
        "line": [0, 0, 1, 2], "column": ["amount", "debtor.email", "due_date", None],
        "code": ["invalid-amount", "email-domain-typo", "due-before-issue", "duplicate-reference"],
        "severity": ["error", "warning", "warning", "error"], "message": ["a", "b", "c", "d"],
        "suggestion": [None, "x@gmail.com", None, None],
    })
    cases = pl.DataFrame({LINE: [0, 1, 2], "reference": ["R-0", "R-1", None]})
    listed, warnings = _listed_problems(_problems_document(problems, cases))
    assert warnings == 1  # item 1 has a warning and no error
    assert listed[1] == {"index": 0, "reference": "R-0", "field": "debtor.email", "code": "email-domain-typo",
                         "severity": "warning", "message": "b", "suggestion": "x@gmail.com"}
    old = io.BytesIO()
    pl.DataFrame(listed).write_parquet(old)
    assert _listed_problems(old.getvalue()) == (listed, warnings)
