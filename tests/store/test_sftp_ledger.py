"""The SFTP ledger and cycle log on SQLite and PostgreSQL: a file version's row follows it from
found to archived, is found again after a restart, and every query stays in its account."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from getbill_import.errors import StoreError
from getbill_import.store import Store, migrate
from getbill_import.store import sftp_ledger as ledger


def _found(store: Store, account: str = "acme", path: str = "/drop/a.csv", mtime: int = 1000) -> ledger.LedgerEntry:
    return ledger.record_found(store, account=account, source="main", path=path, size=42, mtime=mtime)


def test_a_row_follows_its_file_until_archived(store: Store) -> None:
    row = _found(store)
    assert (row.outcome, row.attempts, row.sha256, row.archived_at) == ("pending", 0, None, None)
    again = ledger.find_open(store, account="acme", source="main", path="/drop/a.csv", size=42, mtime=1000)
    assert again is not None and again.id == row.id
    # another version of the same path is another file
    assert ledger.find_open(store, account="acme", source="main", path="/drop/a.csv", size=42, mtime=1001) is None

    row = ledger.begin_attempt(store, account="acme", entry_id=row.id, sha256="ab" * 32)
    row = ledger.begin_attempt(store, account="acme", entry_id=row.id, sha256="ab" * 32)
    assert (row.attempts, row.sha256) == (2, "ab" * 32)
    row = ledger.record_outcome(
        store, account="acme", entry_id=row.id, outcome="imported", archived_to="/drop/processed/x-a.csv",
        report_to="/drop/reports/x-a-errors.xlsx", import_id="imp_1", rows=10, valid_rows=9, invalid_rows=1, created=9,
    )
    assert (row.outcome, row.created, row.finished_at is not None) == ("imported", 9, True)
    assert [r.id for r in ledger.open_entries(store, account="acme", source="main")] == [row.id]
    row = ledger.record_archived(store, account="acme", entry_id=row.id)
    assert row.archived_at is not None
    assert ledger.open_entries(store, account="acme", source="main") == []
    assert ledger.find_open(store, account="acme", source="main", path="/drop/a.csv", size=42, mtime=1000) is None
    assert row.to_json()["archived_at"].endswith("Z")


def test_outcomes_are_checked_and_gone_files_close_their_row(store: Store) -> None:
    row = _found(store)
    with pytest.raises(ValueError):
        ledger.record_outcome(store, account="acme", entry_id=row.id, outcome="pending", archived_to="x")
    ledger.record_gone(store, account="acme", entry_id=row.id, error="moved away")
    assert ledger.open_entries(store, account="acme", source="main") == []
    [listed] = ledger.list_files(store, account="acme", outcomes=("gone",))
    assert listed.error == "moved away"


def test_every_query_stays_in_its_account(store: Store) -> None:
    mine = _found(store, account="acme")
    theirs = _found(store, account="other")
    ledger.record_cycle(store, ledger.CycleRecord(
        account="other", source="main", status="ok", started_at=dt.datetime.now(dt.UTC),
        finished_at=dt.datetime.now(dt.UTC),
    ))
    assert [r.id for r in ledger.list_files(store, account="acme")] == [mine.id]
    assert ledger.find_open(store, account="acme", source="main", path="/drop/a.csv", size=42, mtime=1000).id == mine.id  # type: ignore[union-attr]
    assert ledger.list_cycles(store, account="acme") == []
    # an update naming another account's row changes nothing
    with pytest.raises(StoreError, match="no file"):
        ledger.record_retry(store, account="acme", entry_id=theirs.id, error="nope")
    [other] = ledger.list_files(store, account="other")
    assert other.error is None


def test_cycles_are_listed_newest_first(store: Store) -> None:
    start = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
    for i, status in enumerate(["ok", "unreachable", "ok"]):
        ledger.record_cycle(store, ledger.CycleRecord(
            account="acme", source="main", status=status, started_at=start + dt.timedelta(hours=i),
            finished_at=start + dt.timedelta(hours=i, seconds=3), taken=i, transfer_seconds=0.5,
        ))
    cycles = ledger.list_cycles(store, account="acme", sources=["main"], limit=2)
    assert [(c.status, c.taken) for c in cycles] == [("ok", 2), ("unreachable", 1)]
    assert cycles[0].started_at == start + dt.timedelta(hours=2)
    assert ledger.list_cycles(store, account="acme", sources=["elsewhere"]) == []


def test_the_ledger_migration_goes_down_and_up(store: Store) -> None:
    _found(store)

    def alembic(target: str, up: bool) -> None:
        with store.engine.begin() as conn:
            config = migrate.alembic_config()
            config.attributes["connection"] = conn
            (command.upgrade if up else command.downgrade)(config, target)

    alembic("0004", up=False)
    with store.read() as conn:
        assert not sa.inspect(conn).has_table("sftp_files")
    alembic("head", up=True)
    with store.read() as conn:
        assert sa.inspect(conn).has_table("sftp_files") and sa.inspect(conn).has_table("sftp_cycles")
        assert migrate.current_revision(conn) == migrate.HEAD_REVISION
