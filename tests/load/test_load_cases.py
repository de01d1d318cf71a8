"""Loading validated cases: exactly once per (account, reference), one event per created case,
skip or update the existing ones, never touch a resolved case."""

from __future__ import annotations

import datetime as dt
import gc
import threading

import polars as pl
import pytest
import sqlalchemy as sa

from getbill_import.load import load_cases
from getbill_import.store.cases import get_case, list_cases
from getbill_import.store.events import count_events, list_events
from getbill_import.store.imports import begin_import
from getbill_import.store.schema import cases
from getbill_import.validate import VALID


def _case(store, reference: str, account: str = "acme") -> dict:  # type: ignore[no-untyped-def,type-arg]
    found = get_case(store, account=account, key=reference)
    assert found is not None, reference
    return found


def _db_case_count(store) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar_one())


def test_valid_rows_become_cases_with_exact_values(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    frame = make_cases(3, amount="1234567.89", issue_date=dt.date(2025, 11, 30))
    result = load_cases(store, frame, account="acme")
    assert (result.created, result.updated, result.skipped_existing, result.skipped_resolved) == (3, 0, 0, 0)
    case = _case(store, "F-000002")
    assert (case["amount"], case["balance"]) == (1234567.89, 1234567.89)
    with store.read() as conn:
        cents = conn.execute(sa.select(cases.c.amount_cents).where(cases.c.reference == "F-000002")).scalar_one()
    assert cents == 123456789
    assert (case["due_date"], case["issue_date"]) == ("2026-01-03", "2025-11-30")
    assert case["debtor"]["phone"] == "+33600000002"
    assert case["status"] == "open"


def test_invalid_rows_are_not_loaded(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    frame = make_cases(4).with_columns((pl.col("reference") != "F-000001").alias(VALID))
    assert load_cases(store, frame, account="acme").created == 3
    assert get_case(store, account="acme", key="F-000001") is None


def test_each_created_case_gets_exactly_one_created_event(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(25), account="acme", batch_size=7)
    load_cases(store, make_cases(30), account="acme", batch_size=7)
    assert count_events(store, account="acme") == 30
    events = list_events(store, account="acme")
    assert len({e["case_id"] for e in events}) == 30
    assert {e["type"] for e in events} == {"debt.created"}
    assert [e["payload"]["reference"] for e in events] == [f"F-{i:06d}" for i in range(30)]


def test_loading_again_skips_every_existing_reference(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(10), account="acme")
    before = list_cases(store, account="acme")
    again = load_cases(store, make_cases(12, **{"debtor.name": "Changed"}), account="acme")
    assert (again.created, again.skipped_existing, again.updated) == (2, 10, 0)
    assert list_cases(store, account="acme")[:10] == before
    assert _db_case_count(store) == 12


def test_the_same_reference_in_another_account_is_another_case(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(2), account="acme")
    assert load_cases(store, make_cases(2), account="globex").created == 2
    assert _case(store, "F-000000", "acme")["id"] != _case(store, "F-000000", "globex")["id"]


def test_update_overwrites_values_but_blanks_never_erase(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(2, **{"debtor.company": "Dupont SARL"}), account="acme")
    before = _case(store, "F-000000")
    changed = make_cases(2, **{"debtor.name": "Jean Dupont-Martin", "debtor.email": None, "amount": "999.00"})
    result = load_cases(store, changed, account="acme", on_existing="update")
    assert (result.created, result.updated) == (0, 2)
    after = _case(store, "F-000000")
    assert after["debtor"]["name"] == "Jean Dupont-Martin"
    assert after["amount"] == 999.0
    assert after["debtor"]["email"] == before["debtor"]["email"]  # blank in the file: kept
    assert after["debtor"]["company"] == "Dupont SARL"
    assert (after["id"], after["created_at"]) == (before["id"], before["created_at"])
    assert count_events(store, account="acme") == 2  # an update creates no second debt.created


def test_update_with_nothing_new_leaves_the_cases_untouched_and_counts_them_unchanged(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(5, **{"debtor.company": "Dupont SARL"}), account="acme")
    before = {c["reference"]: c for c in list_cases(store, account="acme")}
    # the same export again, one amount changed and one company left blank (a blank never erases)
    again = make_cases(5, **{"debtor.company": "Dupont SARL"}).with_columns(
        pl.when(pl.col("reference") == "F-000001").then(pl.lit("1.00")).otherwise(pl.col("amount")).alias("amount"),
        pl.when(pl.col("reference") == "F-000002").then(None).otherwise(pl.col("debtor.company")).alias("debtor.company"),
    )
    result = load_cases(store, again, account="acme", on_existing="update")
    assert (result.created, result.updated, result.unchanged, result.skipped_resolved) == (0, 1, 4, 0)
    after = {c["reference"]: c for c in list_cases(store, account="acme")}
    assert after["F-000001"]["amount"] == 1.0
    assert after["F-000001"]["updated_at"] >= before["F-000001"]["updated_at"]
    assert {r: c for r, c in after.items() if r != "F-000001"} == {r: c for r, c in before.items() if r != "F-000001"}


def test_update_keeps_payments_already_deducted_from_the_balance(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(1, amount="500.00"), account="acme")
    with store.write() as conn:  # 200.00 already paid
        conn.execute(sa.update(cases).values(balance_cents=30000))
    load_cases(store, make_cases(1, amount="600.00"), account="acme", on_existing="update")
    case = _case(store, "F-000000")
    assert (case["amount"], case["balance"]) == (600.0, 400.0)


@pytest.mark.parametrize("status", ["resolved", "cancelled"])
def test_update_never_touches_a_closed_case(store, make_cases, status: str) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(3), account="acme")
    with store.write() as conn:
        conn.execute(sa.update(cases).where(cases.c.reference == "F-000001").values(status=status))
    before = _case(store, "F-000001")
    result = load_cases(store, make_cases(3, amount="12.34"), account="acme", on_existing="update")
    assert (result.updated, result.skipped_resolved, result.created) == (2, 1, 0)
    assert _case(store, "F-000001") == before
    assert _case(store, "F-000000")["amount"] == 12.34


def test_a_reference_repeated_in_the_frame_is_loaded_once(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    frame = pl.concat([make_cases(3), make_cases(1, **{"debtor.name": "Second row"})])
    result = load_cases(store, frame, account="acme")
    assert (result.created, result.duplicates) == (3, 1)
    assert _case(store, "F-000000")["debtor"]["name"] == "Client 0"


def test_rows_already_created_by_the_same_import_count_as_created(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    start = begin_import(store, account="acme", sha256="cd" * 32, source_name="f.csv", source_size=10)
    frame = make_cases(20)
    # an earlier attempt of this import stopped after the first 8 rows
    assert load_cases(store, frame.head(8), account="acme", import_id=start.record.id).created == 8
    resumed = load_cases(store, frame, account="acme", import_id=start.record.id, batch_size=6)
    assert (resumed.created, resumed.skipped_existing) == (20, 0)
    assert _db_case_count(store) == 20
    assert count_events(store, account="acme") == 20
    assert {c["import_id"] for c in list_cases(store, account="acme")} == {start.record.id}


def test_progress_is_reported_after_each_batch(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    load_cases(store, make_cases(10), account="acme", batch_size=4, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(4, 10), (8, 10), (10, 10)]


def test_identifiers_are_unique_and_sort_in_creation_order(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(50), account="acme", batch_size=20)
    load_cases(store, make_cases(50, prefix="G-"), account="acme", batch_size=20)
    ids = [c["id"] for c in list_cases(store, account="acme")]
    assert len(set(ids)) == 100
    assert all(i.startswith("debt_") and len(i) == 31 for i in ids)
    assert ids == sorted(ids)


def test_an_account_name_with_quotes_is_stored_as_given(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    account = "O'Brien & Co'; DROP TABLE cases; --"
    assert load_cases(store, make_cases(2), account=account).created == 2
    assert [c["reference"] for c in list_cases(store, account=account)] == ["F-000000", "F-000001"]


def test_an_empty_frame_loads_nothing(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    result = load_cases(store, make_cases(0), account="acme")
    assert result.rows == 0
    assert _db_case_count(store) == 0


def test_bad_arguments_are_refused(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        load_cases(store, make_cases(1), account="acme", on_existing="replace")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        load_cases(store, make_cases(1), account="acme", import_id="imp_unknown")


def test_concurrent_loads_of_overlapping_files_create_each_reference_once(store_url, make_cases) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.store import open_store

    frames = [make_cases(400, start=0), make_cases(400, start=200), make_cases(400, start=100)]
    results = []
    errors: list[BaseException] = []

    def run(frame: pl.DataFrame) -> None:
        try:
            with open_store(store_url) as own:
                results.append(load_cases(own, frame, account="acme", batch_size=50))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in frames]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.created for r in results) == 600
    assert sum(r.skipped_existing for r in results) == 600
    with open_store(store_url) as store:
        assert _db_case_count(store) == 600
        assert count_events(store, account="acme") == 600


def test_a_case_created_by_someone_else_during_the_load_is_skipped(store_url, make_cases) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.store import open_store

    frame = make_cases(30)
    with open_store(store_url) as store, open_store(store_url) as other:

        def meanwhile(done: int, total: int) -> None:
            if done == 10:  # after the first batch, another process creates a later reference
                load_cases(other, frame.filter(pl.col("reference") == "F-000025"), account="acme")

        result = load_cases(store, frame, account="acme", batch_size=10, progress=meanwhile)
        assert (result.created, result.skipped_existing) == (29, 1)
        assert _db_case_count(store) == 30
        assert count_events(store, account="acme") == 30


def test_the_cycle_collector_is_back_on_after_a_load_even_a_failed_one(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    assert gc.isenabled()
    load_cases(store, make_cases(3), account="acme", pause_collector=True)
    assert gc.isenabled()

    def interrupted(done: int, total: int) -> None:  # Ctrl-C after the first batch
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_cases(store, make_cases(3, start=10), account="acme", progress=interrupted, pause_collector=True)
    assert gc.isenabled()


def test_a_load_leaves_the_cycle_collector_alone_unless_asked(store, make_cases, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A server's threads share the process: a load in one of them never switches the collector off."""
    switched: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switched.append("off"))
    load_cases(store, make_cases(3), account="acme")
    assert switched == []
    load_cases(store, make_cases(3, start=10), account="acme", pause_collector=True)
    assert switched == ["off"]
