"""The SFTP watcher's ledger and cycle log.

A file found in a source gets a ledger row keyed by where it is and what the server says of it
(source, path, size, mtime). The row is written before anything else happens to the file and
follows it: "pending" while it is downloaded and imported (``attempts`` counts the imports
started, so a file that kills the process every time is noticed), then its outcome with the
import id, then ``archived_at`` once it has been moved out of the drop folder. A process that
stops anywhere in between finds the row again on its next cycle and carries on from there.

Every query filters on ``account``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import sqlalchemy as sa

from getbill_import.errors import StoreError
from getbill_import.store.engine import Store
from getbill_import.store.imports import iso_utc
from getbill_import.store.schema import sftp_cycles, sftp_files
from getbill_import.store.types import utc_now

PENDING = "pending"
IMPORTED = "imported"
DUPLICATE = "duplicate"
FAILED = "failed"
GONE = "gone"
#: outcomes after which the file only needs moving to its archive folder
SETTLED = (IMPORTED, DUPLICATE, FAILED)


@dataclass
class LedgerEntry:
    id: int
    account: str
    source: str
    path: str
    size: int
    mtime: int
    sha256: str | None
    outcome: str
    attempts: int
    import_id: str | None
    rows: int | None
    valid_rows: int | None
    invalid_rows: int | None
    created: int | None
    error: str | None
    archived_to: str | None
    report_to: str | None
    first_seen_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None
    archived_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> LedgerEntry:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass
class CycleRecord:
    """One source's share of a watcher cycle."""

    account: str
    source: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime
    listed: int = 0
    taken: int = 0
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    waiting: int = 0
    retry: int = 0
    created: int = 0
    invalid_rows: int = 0
    bytes: int = 0
    transfer_seconds: float = 0.0
    import_seconds: float = 0.0
    error: str | None = None
    id: int | None = None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> CycleRecord:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


def find_open(
    store: Store, *, account: str, source: str, path: str, size: int, mtime: int
) -> LedgerEntry | None:
    """The row of this file version that is not archived yet (None: never seen, or done)."""
    with store.read() as conn:
        row = conn.execute(
            sa.select(sftp_files)
            .where(
                sftp_files.c.account == account, sftp_files.c.source == source,
                sftp_files.c.path == path, sftp_files.c.size == size, sftp_files.c.mtime == mtime,
                sftp_files.c.archived_at.is_(None), sftp_files.c.outcome != GONE,
            )
            .order_by(sftp_files.c.id.desc())
            .limit(1)
        ).mappings().first()
    return LedgerEntry.from_row(row) if row else None


def open_entries(store: Store, *, account: str, source: str) -> list[LedgerEntry]:
    """Every row of ``source`` whose file has not been archived (nor seen to disappear)."""
    with store.read() as conn:
        rows = conn.execute(
            sa.select(sftp_files)
            .where(
                sftp_files.c.account == account, sftp_files.c.source == source,
                sftp_files.c.archived_at.is_(None), sftp_files.c.outcome != GONE,
            )
            .order_by(sftp_files.c.id)
        ).mappings().all()
    return [LedgerEntry.from_row(r) for r in rows]


def record_found(
    store: Store, *, account: str, source: str, path: str, size: int, mtime: int
) -> LedgerEntry:
    """A new "pending" row for a file version about to be processed."""
    now = utc_now()
    with store.write() as conn:
        new_id = conn.execute(
            sa.insert(sftp_files).values(
                account=account, source=source, path=path, size=size, mtime=mtime,
                outcome=PENDING, attempts=0, first_seen_at=now, updated_at=now,
            ).returning(sftp_files.c.id)
        ).scalar_one()
        return _get(conn, account, new_id)


def begin_attempt(store: Store, *, account: str, entry_id: int, sha256: str) -> LedgerEntry:
    """The file is downloaded and about to be imported: remember its content and count the try."""
    with store.write() as conn:
        conn.execute(
            sa.update(sftp_files)
            .where(sftp_files.c.account == account, sftp_files.c.id == entry_id)
            .values(sha256=sha256, attempts=sftp_files.c.attempts + 1, updated_at=utc_now())
        )
        return _get(conn, account, entry_id)


def record_retry(store: Store, *, account: str, entry_id: int, error: str) -> None:
    """The file stays where it is, "pending", to be tried again next cycle."""
    _update(store, account, entry_id, error=error[:2000])


def record_outcome(
    store: Store, *, account: str, entry_id: int, outcome: str, archived_to: str,
    report_to: str | None = None, import_id: str | None = None, error: str | None = None,
    rows: int | None = None, valid_rows: int | None = None, invalid_rows: int | None = None,
    created: int | None = None,
) -> LedgerEntry:
    """What became of the file, and where it is going to be moved (written before it moves)."""
    if outcome not in SETTLED:
        raise ValueError(f"not a settled outcome: {outcome!r}")
    return _update(
        store, account, entry_id, outcome=outcome, archived_to=archived_to, report_to=report_to,
        import_id=import_id, error=None if error is None else error[:2000], rows=rows,
        valid_rows=valid_rows, invalid_rows=invalid_rows, created=created, finished_at=utc_now(),
    )


def retarget_archive(
    store: Store, *, account: str, entry_id: int, archived_to: str, report_to: str | None
) -> LedgerEntry:
    """Another name for the archived file (the planned one was taken)."""
    return _update(store, account, entry_id, archived_to=archived_to, report_to=report_to)


def record_archived(store: Store, *, account: str, entry_id: int) -> LedgerEntry:
    return _update(store, account, entry_id, archived_at=utc_now())


def record_gone(store: Store, *, account: str, entry_id: int, error: str) -> LedgerEntry:
    return _update(store, account, entry_id, outcome=GONE, error=error[:2000], finished_at=utc_now())


def import_claimed(store: Store, *, account: str, import_id: str, other_than: int) -> bool:
    """Whether a ledger row other than ``other_than`` records ``import_id`` as its import."""
    with store.read() as conn:
        found = conn.execute(
            sa.select(sftp_files.c.id).where(
                sftp_files.c.account == account, sftp_files.c.import_id == import_id,
                sftp_files.c.id != other_than,
            ).limit(1)
        ).first()
    return found is not None


def record_cycle(store: Store, cycle: CycleRecord) -> CycleRecord:
    values = {k: v for k, v in asdict(cycle).items() if k != "id"}
    if values["error"] is not None:
        values["error"] = values["error"][:2000]
    with store.write() as conn:
        cycle.id = conn.execute(sa.insert(sftp_cycles).values(**values).returning(sftp_cycles.c.id)).scalar_one()
    return cycle


def list_cycles(
    store: Store, *, account: str, sources: list[str] | None = None, limit: int = 20
) -> list[CycleRecord]:
    """The latest cycles, newest first."""
    query = sa.select(sftp_cycles).where(sftp_cycles.c.account == account)
    if sources is not None:
        query = query.where(sftp_cycles.c.source.in_(sources))
    with store.read() as conn:
        rows = conn.execute(query.order_by(sftp_cycles.c.id.desc()).limit(limit)).mappings().all()
    return [CycleRecord.from_row(r) for r in rows]


def list_files(
    store: Store, *, account: str, sources: list[str] | None = None,
    outcomes: tuple[str, ...] | None = None, limit: int = 50,
) -> list[LedgerEntry]:
    """The latest ledger rows, newest first."""
    query = sa.select(sftp_files).where(sftp_files.c.account == account)
    if sources is not None:
        query = query.where(sftp_files.c.source.in_(sources))
    if outcomes is not None:
        query = query.where(sftp_files.c.outcome.in_(outcomes))
    with store.read() as conn:
        rows = conn.execute(query.order_by(sftp_files.c.id.desc()).limit(limit)).mappings().all()
    return [LedgerEntry.from_row(r) for r in rows]


def _update(store: Store, account: str, entry_id: int, **values: Any) -> LedgerEntry:
    with store.write() as conn:
        conn.execute(
            sa.update(sftp_files)
            .where(sftp_files.c.account == account, sftp_files.c.id == entry_id)
            .values(updated_at=utc_now(), **values)
        )
        return _get(conn, account, entry_id)


def _get(conn: sa.Connection, account: str, entry_id: int) -> LedgerEntry:
    row = conn.execute(
        sa.select(sftp_files).where(sftp_files.c.account == account, sftp_files.c.id == entry_id)
    ).mappings().first()
    if row is None:
        raise StoreError(f"The SFTP ledger has no file {entry_id} for account '{account}'.")
    return LedgerEntry.from_row(row)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: iso_utc(v) if isinstance(v, dt.datetime) else v for k, v in data.items()}
