"""The ledger of imports into a remote batch API (``getbill-import import FILE --to URL``).

One ``remote_imports`` row per target, remote account and file content (and sheet): "running" while its
chunks are sent, then "completed" (or "failed" with the reason). One ``remote_chunks`` row per
chunk the server accepted ("accepted", with its batch id), then "completed" with what became
of its debts (or "rejected" when the server refused the whole chunk). A process killed anywhere
leaves these rows behind; the next run of the same content sends only the chunks that have
none, and follows the batches that were accepted but not yet finished.

Every query filters on the import's (target, account), or on an import id found that way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from getbill_import.store.engine import Store
from getbill_import.store.ids import new_id
from getbill_import.store.schema import remote_chunks, remote_imports
from getbill_import.store.shape import iso_utc
from getbill_import.store.types import utc_now

StartKind = Literal["new", "resumed", "forced", "already_completed"]
ACCEPTED = "accepted"
COMPLETED = "completed"
REJECTED = "rejected"
#: chunk statuses after which nothing is left to do
FINISHED = (COMPLETED, REJECTED)


@dataclass
class RemoteImportRecord:
    id: str
    target: str
    account: str
    sha256: str
    sheet_key: str
    source_name: str
    source_size: int
    chunk_size: int
    on_existing: str
    run: int
    status: str
    rows: int
    valid_rows: int
    invalid_rows: int
    chunks: int
    created: int
    updated: int
    existing: int
    errors: int
    report_path: str | None
    error: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    first_completed_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> RemoteImportRecord:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("started_at", "finished_at", "first_completed_at"):
            if data[key] is not None:
                data[key] = iso_utc(data[key])
        return data


@dataclass
class ChunkRecord:
    """One chunk of debts: where it sits in the file, the request that carries it, and (once its
    batch finished) what the server made of it."""

    position: int
    digest: str
    idempotency_key: str
    items: int
    first_line: int | None = None
    last_line: int | None = None
    batch_id: str | None = None
    status: str = ACCEPTED
    created: int = 0
    updated: int = 0
    existing: int = 0
    errors: int = 0
    #: the server's problems, each with the file's ``line``
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass
class RemoteImportStart:
    record: RemoteImportRecord
    kind: StartKind


def find_remote_import(
    store: Store, *, target: str, account: str, sha256: str, sheet_key: str = "",
) -> RemoteImportRecord | None:
    with store.read() as conn:
        row = conn.execute(sa.select(remote_imports).where(
            remote_imports.c.target == target, remote_imports.c.account == account,
            remote_imports.c.sha256 == sha256, remote_imports.c.sheet_key == sheet_key,
        )).mappings().first()
    return RemoteImportRecord.from_row(row) if row else None


def begin_remote_import(
    store: Store, *, target: str, account: str, sha256: str, source_name: str, source_size: int,
    chunk_size: int, on_existing: str, rows: int, valid_rows: int, invalid_rows: int, chunks: int,
    sheet_key: str = "", force: bool = False,
) -> RemoteImportStart:
    """Create, resume or (when ``force``) start again the import of this content into ``target``
    for ``account``. A forced run gets the next ``run`` number: its chunks are sent again under
    new idempotency keys."""
    values = {
        "source_name": source_name, "source_size": source_size, "chunk_size": chunk_size,
        "on_existing": on_existing, "rows": rows, "valid_rows": valid_rows, "invalid_rows": invalid_rows,
        "chunks": chunks,
    }
    now = utc_now()
    fresh = new_id("rimp")
    with store.write() as conn:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(insert(remote_imports).values(
            id=fresh, target=target, account=account, sha256=sha256, sheet_key=sheet_key, status="running", run=1,
            started_at=now,
            **values,
        ).on_conflict_do_nothing())
        query = sa.select(remote_imports).where(
            remote_imports.c.target == target, remote_imports.c.account == account,
            remote_imports.c.sha256 == sha256, remote_imports.c.sheet_key == sheet_key,
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        record = RemoteImportRecord.from_row(conn.execute(query).mappings().one())
        if record.status == "completed" and not force:
            return RemoteImportStart(record, "already_completed")
        if record.id == fresh:
            return RemoteImportStart(record, "new")
        changes: dict[str, Any] = {**values, "status": "running", "error": None, "finished_at": None}
        kind: StartKind = "resumed"
        if record.status == "completed":
            kind = "forced"
            changes.update(run=record.run + 1, started_at=now, created=0, updated=0, existing=0, errors=0)
        conn.execute(sa.update(remote_imports).where(remote_imports.c.id == record.id).values(**changes))
        row = conn.execute(sa.select(remote_imports).where(remote_imports.c.id == record.id)).mappings().one()
        return RemoteImportStart(RemoteImportRecord.from_row(row), kind)


def list_chunks(store: Store, *, import_id: str, run: int) -> dict[int, ChunkRecord]:
    """The chunks of this run the server accepted, by position."""
    with store.read() as conn:
        rows = conn.execute(sa.select(remote_chunks).where(
            remote_chunks.c.import_id == import_id, remote_chunks.c.run == run,
        ).order_by(remote_chunks.c.position)).mappings().all()
    return {row["position"]: _chunk(row) for row in rows}


def _chunk(row: Mapping[Any, Any]) -> ChunkRecord:
    names = {f.name for f in fields(ChunkRecord)}
    values = {k: row[k] for k in names if k != "problems"}
    return ChunkRecord(**values, problems=list(row["problems"] or []))


def record_chunks(store: Store, *, import_id: str, run: int, chunks: list[ChunkRecord]) -> None:
    """Write (or replace) these chunks' rows in one transaction."""
    if not chunks:
        return
    now = utc_now()
    rows = [
        {"import_id": import_id, "run": run, **{k: v for k, v in asdict(c).items()},
         "accepted_at": now, "finished_at": now if c.finished else None}
        for c in chunks
    ]
    with store.write() as conn:
        conn.execute(sa.delete(remote_chunks).where(
            remote_chunks.c.import_id == import_id, remote_chunks.c.run == run,
            remote_chunks.c.position.in_([c.position for c in chunks]),
        ))
        conn.execute(sa.insert(remote_chunks), rows)


def finish_remote_import(
    store: Store, *, import_id: str, created: int, updated: int, existing: int, errors: int,
    invalid_rows: int, report_path: str | None,
) -> RemoteImportRecord:
    now = utc_now()
    with store.write() as conn:
        conn.execute(sa.update(remote_imports).where(remote_imports.c.id == import_id).values(
            status="completed", error=None, finished_at=now,
            first_completed_at=sa.func.coalesce(remote_imports.c.first_completed_at, now),
            created=created, updated=updated, existing=existing, errors=errors, invalid_rows=invalid_rows,
            report_path=report_path,
        ))
        row = conn.execute(sa.select(remote_imports).where(remote_imports.c.id == import_id)).mappings().one()
    return RemoteImportRecord.from_row(row)


def fail_remote_import(store: Store, *, import_id: str, error: str) -> None:
    with store.write() as conn:
        conn.execute(sa.update(remote_imports).where(remote_imports.c.id == import_id).values(
            status="failed", error=error[:2000], finished_at=utc_now(),
        ))
