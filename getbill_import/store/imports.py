"""Import records: one per (account, file content, sheet), so a file is loaded exactly once
(each sheet of a workbook being a file of its own; ``sheet_key`` is '' for delimited text).

A record is "running" while its cases load, then "completed" (or "failed" with the reason). A
record left "running" by a killed process, or "failed", is resumed by the next run of the same
content: the cases it already created still count as created by it. A completed import is only
run again when forced; ``run`` then increases, so the cases of each run stay distinguishable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

import polars as pl
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from getbill_import.store.engine import Store
from getbill_import.store.ids import new_id
from getbill_import.store.schema import accounts, corrections, imports
from getbill_import.store.shape import iso_utc
from getbill_import.store.types import utc_now

StartKind = Literal["new", "resumed", "forced", "already_completed"]

#: the columns a caller describes the source with when an import begins
_DESCRIPTION_FIELDS = (
    "source_name", "source_size", "format", "sheet", "profile", "mapping", "on_existing",
    "rows", "valid_rows", "invalid_rows", "report_path", "kind",
)


@dataclass
class ImportRecord:
    id: str
    account: str
    source_name: str
    source_size: int
    sha256: str | None
    format: str | None
    sheet: str | None
    profile: str | None
    mapping: Any
    on_existing: str
    rows: int
    valid_rows: int
    invalid_rows: int
    created: int
    updated: int
    unchanged: int
    skipped_existing: int
    skipped_resolved: int
    report_path: str | None
    status: str
    error: str | None
    run: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    first_completed_at: dt.datetime | None
    kind: str = "file"
    report_file_id: str | None = None
    sheet_key: str = ""

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> ImportRecord:
        return cls(**{f.name: row[f.name] for f in fields(cls)})

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("started_at", "finished_at", "first_completed_at"):
            if data[key] is not None:
                data[key] = iso_utc(data[key])
        return data


@dataclass
class ImportStart:
    record: ImportRecord
    #: "new", "resumed" (an interrupted run is finished), "forced" (a completed import runs
    #: again) or "already_completed" (nothing to do; the record is unchanged)
    kind: StartKind


def ensure_account(conn: sa.Connection, account: str) -> None:
    _insert_ignore(conn, accounts, {"id": account, "name": account, "created_at": utc_now()})


def find_import(store: Store, *, account: str, sha256: str, sheet_key: str = "") -> ImportRecord | None:
    with store.read() as conn:
        row = conn.execute(
            sa.select(imports).where(
                imports.c.account == account, imports.c.sha256 == sha256, imports.c.sheet_key == sheet_key
            )
        ).mappings().first()
    return ImportRecord.from_row(row) if row else None


def find_imports(store: Store, *, account: str, sha256: str) -> list[ImportRecord]:
    """Every import of this content for ``account`` (one per sheet read)."""
    with store.read() as conn:
        rows = conn.execute(
            sa.select(imports).where(imports.c.account == account, imports.c.sha256 == sha256)
            .order_by(imports.c.started_at)
        ).mappings().all()
    return [ImportRecord.from_row(r) for r in rows]


def get_import(store: Store, *, account: str, import_id: str) -> ImportRecord | None:
    with store.read() as conn:
        row = conn.execute(
            sa.select(imports).where(imports.c.account == account, imports.c.id == import_id)
        ).mappings().first()
    return ImportRecord.from_row(row) if row else None


def list_imports(store: Store, *, account: str, limit: int = 50) -> list[ImportRecord]:
    with store.read() as conn:
        rows = conn.execute(
            sa.select(imports).where(imports.c.account == account)
            .order_by(imports.c.started_at.desc()).limit(limit)
        ).mappings().all()
    return [ImportRecord.from_row(r) for r in rows]


def begin_import(
    store: Store, *, account: str, sha256: str, source_name: str, source_size: int,
    force: bool = False, sheet_key: str = "", **description: Any,
) -> ImportStart:
    """Create, resume or (when ``force``) restart the import of this content for ``account``.

    ``description`` takes the other columns of the record (format, sheet, profile, mapping,
    on_existing, rows, valid_rows, invalid_rows, report_path).
    """
    unknown = set(description) - set(_DESCRIPTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown import fields: {sorted(unknown)}")
    values = {"source_name": source_name, "source_size": source_size, **description}
    now = utc_now()
    fresh_id = new_id("imp")
    with store.write() as conn:
        ensure_account(conn, account)
        _insert_ignore(conn, imports, {
            "id": fresh_id, "account": account, "sha256": sha256, "sheet_key": sheet_key, "status": "running",
            "run": 1, "started_at": now, **values,
        })
        query = sa.select(imports).where(
            imports.c.account == account, imports.c.sha256 == sha256, imports.c.sheet_key == sheet_key
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        record = ImportRecord.from_row(conn.execute(query).mappings().one())
        if record.status == "completed" and not force:
            return ImportStart(record, "already_completed")
        if record.id == fresh_id:
            return ImportStart(record, "new")
        changes: dict[str, Any] = {**values, "status": "running", "error": None, "finished_at": None}
        kind: StartKind = "resumed"
        if record.status == "completed":
            kind = "forced"
            changes.update(run=record.run + 1, started_at=now, created=0, updated=0, unchanged=0,
                           skipped_existing=0, skipped_resolved=0)
        conn.execute(sa.update(imports).where(imports.c.id == record.id).values(**changes))
        row = conn.execute(sa.select(imports).where(imports.c.id == record.id)).mappings().one()
        return ImportStart(ImportRecord.from_row(row), kind)


def finish_import(
    store: Store, *, account: str, import_id: str, created: int, updated: int,
    skipped_existing: int, skipped_resolved: int, unchanged: int = 0, conn: sa.Connection | None = None,
) -> ImportRecord:
    """Mark the import completed with its counts (in ``conn``'s transaction when given)."""
    if conn is None:
        with store.write() as own:
            return finish_import(
                store, account=account, import_id=import_id, created=created, updated=updated,
                skipped_existing=skipped_existing, skipped_resolved=skipped_resolved, unchanged=unchanged, conn=own,
            )
    now = utc_now()
    conn.execute(
        sa.update(imports)
        .where(imports.c.account == account, imports.c.id == import_id)
        .values(
            status="completed", error=None, finished_at=now,
            first_completed_at=sa.func.coalesce(imports.c.first_completed_at, now),
            created=created, updated=updated, unchanged=unchanged, skipped_existing=skipped_existing,
            skipped_resolved=skipped_resolved,
        )
    )
    row = conn.execute(sa.select(imports).where(imports.c.id == import_id)).mappings().one()
    return ImportRecord.from_row(row)


def fail_import(store: Store, *, account: str, import_id: str, error: str) -> None:
    with store.write() as conn:
        conn.execute(
            sa.update(imports)
            .where(imports.c.account == account, imports.c.id == import_id)
            .values(status="failed", error=error[:2000], finished_at=utc_now())
        )


def replace_corrections(
    store: Store, *, account: str, import_id: str, run: int, frame: pl.DataFrame
) -> int:
    """Record the values an import changed by applying suggestions (replacing any recorded by an
    interrupted attempt of the same run). ``frame`` has line, reference, field, column, code,
    original, corrected."""
    rows = [
        {"account": account, "import_id": import_id, "run": run, **row}
        for row in frame.select("line", "reference", "field", "column", "code", "original", "corrected")
        .iter_rows(named=True)
    ]
    with store.write() as conn:
        conn.execute(sa.delete(corrections).where(
            corrections.c.account == account, corrections.c.import_id == import_id,
            corrections.c.run == run,
        ))
        if rows:
            conn.execute(sa.insert(corrections), rows)
    return len(rows)


def list_corrections(store: Store, *, account: str, reference: str) -> list[dict[str, Any]]:
    with store.read() as conn:
        rows = conn.execute(
            sa.select(corrections.c.line, corrections.c.field, corrections.c.column,
                      corrections.c.code, corrections.c.original, corrections.c.corrected,
                      corrections.c.import_id)
            .where(corrections.c.account == account, corrections.c.reference == reference)
            .order_by(corrections.c.id)
        ).mappings().all()
    return [dict(r) for r in rows]


def _insert_ignore(conn: sa.Connection, table: sa.Table, values: dict[str, Any]) -> None:
    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(dialect_insert(table).values(**values).on_conflict_do_nothing())
