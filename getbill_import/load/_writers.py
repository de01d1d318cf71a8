"""Bulk statements per database, never one round trip per row: SQLite takes one
``executemany`` per table and batch (the constant columns written once into the statement),
PostgreSQL takes ``COPY`` (and, for updates, one ``UPDATE … FROM`` a staging table).

Everything that can be computed before the write transaction (identifiers, parameter tuples,
CSV bytes) is, in a ``NewRows`` built off the database's critical path.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
import sqlalchemy as sa

from getbill_import.store.events import DEBT_CREATED
from getbill_import.store.schema import FINAL_STATUSES
from getbill_import.store.shape import (
    OPTIONAL_CASE_COLUMNS,
    REQUIRED_CASE_COLUMNS,
    ROW_COLUMNS,
    UPDATE_COLUMNS,
)

#: the references of a batch that are cases already: ``_mine`` when the same import run created
#: it (a resumed run), ``_final`` when it is resolved or cancelled (1 or 0 each)
EXISTING_SCHEMA = {"reference": pl.String(), "_mine": pl.Int8(), "_final": pl.Int8()}
_FINAL = ", ".join(f"'{s}'" for s in FINAL_STATUSES)
_EXISTING = (
    "SELECT reference, CASE WHEN import_id = {import_id} AND import_run = {run} THEN 1 ELSE 0 END, "
    f"CASE WHEN status IN ({_FINAL}) THEN 1 ELSE 0 END "
    "FROM cases WHERE account = {account} AND {match}"
)


@dataclass(frozen=True)
class BatchConstants:
    """The values every new case of a batch shares."""

    account: str
    status: str
    import_id: str | None
    import_run: int | None
    #: when the batch's cases are created, and that moment as prepare.db_timestamp() text
    moment: dt.datetime
    stamp: str

    def columns(self) -> dict[str, Any]:
        return {
            "account": self.account, "status": self.status, "import_id": self.import_id,
            "import_run": self.import_run, "created_at": self.stamp, "updated_at": self.stamp,
        }


@dataclass
class NewRows:
    """New cases ready to write: ``frame`` has ROW_COLUMNS; ``data`` is what the database's
    writer takes (parameter tuples for SQLite, CSV bytes for PostgreSQL), or None until the
    batch turns out to hold new cases (``Writer.with_data``)."""

    frame: pl.DataFrame
    constants: BatchConstants
    data: Any


class Writer(Protocol):
    def existing(
        self, conn: sa.Connection, account: str, references: list[str], import_id: str | None, run: int | None,
    ) -> pl.DataFrame: ...
    def new_rows(self, frame: pl.DataFrame, constants: BatchConstants, *, data: bool = True) -> NewRows: ...
    def insert_new(
        self, conn: sa.Connection, rows: NewRows, rows_written: Callable[[], None] | None = None,
    ) -> None: ...
    def update_cases(self, conn: sa.Connection, account: str, rows: pl.DataFrame) -> tuple[int, int]: ...


def writer_for(dialect: str) -> Writer:
    return _PostgresWriter() if dialect == "postgresql" else _SqliteWriter()


def sqlite_literal(value: str | int | None) -> str:
    """A value as a SQLite literal, for the few constants written into a bulk statement."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))
    if "\x00" in value:
        raise ValueError("text with a NUL character cannot be stored")
    return "'" + value.replace("'", "''") + "'"


def rows_as_tuples(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    # column by column: several times faster than DataFrame.rows() on wide frames
    return list(zip(*(s.to_list() for s in frame.iter_columns()), strict=True))


def with_data(writer: Writer, rows: NewRows) -> NewRows:
    """``rows`` with the data its writer takes built, if it was not yet."""
    return rows if rows.data is not None else writer.new_rows(rows.frame, rows.constants)


class _SqliteWriter:
    def existing(
        self, conn: sa.Connection, account: str, references: list[str], import_id: str | None, run: int | None,
    ) -> pl.DataFrame:
        sql = _EXISTING.format(
            import_id="?1", run="?2", account="?3", match="reference IN (SELECT value FROM json_each(?4))"
        )
        rows = conn.exec_driver_sql(sql, (import_id, run, account, json.dumps(references))).all()
        return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")

    def new_rows(self, frame: pl.DataFrame, constants: BatchConstants, *, data: bool = True) -> NewRows:
        return NewRows(frame, constants, rows_as_tuples(frame.select(ROW_COLUMNS)) if data else None)

    def insert_new(
        self, conn: sa.Connection, rows: NewRows, rows_written: Callable[[], None] | None = None,
    ) -> None:
        """Insert the cases, then (``rows_written`` called in between) their events."""
        rows = with_data(self, rows)
        before = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM cases").scalar_one()
        fixed = {name: sqlite_literal(value) for name, value in rows.constants.columns().items()}
        amount = ROW_COLUMNS.index("amount_cents") + 1
        names = [*ROW_COLUMNS, "balance_cents", *fixed]
        values = [f"?{i}" for i in range(1, len(ROW_COLUMNS) + 1)] + [f"?{amount}", *fixed.values()]
        conn.exec_driver_sql(f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join(values)})", rows.data)
        if rows_written is not None:
            rows_written()
        # one debt.created event per case just written (under the write lock, so every rowid
        # above ``before`` is this batch's), its payload rendered from the case (store/events.py)
        conn.exec_driver_sql(
            "INSERT INTO events (account, case_id, type, created_at) "
            f"SELECT {fixed['account']}, id, '{DEBT_CREATED}', {fixed['created_at']} "
            "FROM cases WHERE rowid > ? ORDER BY rowid",
            (before,),
        )

    def update_cases(self, conn: sa.Connection, account: str, rows: pl.DataFrame) -> tuple[int, int]:
        """Overwrite the open cases whose values differ from ``rows``; returns (cases changed,
        cases open and already holding these values)."""
        sets = [
            "debtor_name = ?2",
            # the balance moves with the amount, so payments already recorded stay deducted
            "balance_cents = balance_cents + (?3 - amount_cents)",
            "amount_cents = ?3",
            "currency = ?4",
            *(f"{c} = COALESCE(?{i}, {c})" for i, c in enumerate(OPTIONAL_CASE_COLUMNS, start=5)),
            f"updated_at = ?{len(UPDATE_COLUMNS)}",
        ]
        differs = " OR ".join(
            [f"{c} IS NOT ?{i}" for i, c in enumerate(REQUIRED_CASE_COLUMNS, start=2)]
            + [f"(?{i} IS NOT NULL AND {c} IS NOT ?{i})" for i, c in enumerate(OPTIONAL_CASE_COLUMNS, start=5)]
        )
        sql = (
            f"UPDATE cases SET {', '.join(sets)} WHERE account = ?{len(UPDATE_COLUMNS) + 1} "
            f"AND reference = ?1 AND status NOT IN ({_FINAL}) AND ({differs})"
        )
        params = rows.select(*UPDATE_COLUMNS, pl.lit(account, pl.String).alias("_account"))
        changed = int(conn.exec_driver_sql(sql, rows_as_tuples(params)).rowcount)
        still_open = conn.exec_driver_sql(
            f"SELECT count(*) FROM cases WHERE account = ? AND status NOT IN ({_FINAL}) "
            "AND reference IN (SELECT value FROM json_each(?))",
            (account, json.dumps(rows["reference"].to_list())),
        ).scalar_one()
        return changed, int(still_open) - changed


class _PostgresWriter:
    def existing(
        self, conn: sa.Connection, account: str, references: list[str], import_id: str | None, run: int | None,
    ) -> pl.DataFrame:
        sql = _EXISTING.format(
            import_id="%(import_id)s", run="%(run)s", account="%(account)s", match="reference = ANY(%(refs)s)"
        )
        rows = conn.exec_driver_sql(
            sql, {"import_id": import_id, "run": run, "account": account, "refs": references}
        ).all()
        return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")

    def new_rows(self, frame: pl.DataFrame, constants: BatchConstants, *, data: bool = True) -> NewRows:
        if not data:
            return NewRows(frame, constants, None)
        cases = frame.select(ROW_COLUMNS).with_columns(
            pl.col("amount_cents").alias("balance_cents"),
            *(pl.lit(v).alias(k) for k, v in constants.columns().items()),
        )
        events = frame.select(
            pl.lit(constants.account).alias("account"),
            pl.col("id").alias("case_id"),
            pl.lit(DEBT_CREATED).alias("type"),
            pl.lit(constants.stamp).alias("created_at"),
        )
        return NewRows(frame, constants, ((cases.columns, _csv(cases)), (events.columns, _csv(events))))

    def insert_new(
        self, conn: sa.Connection, rows: NewRows, rows_written: Callable[[], None] | None = None,
    ) -> None:
        (case_columns, cases), (event_columns, events) = with_data(self, rows).data
        _copy(conn, "cases", case_columns, cases)
        if rows_written is not None:
            rows_written()
        _copy(conn, "events", event_columns, events)

    def update_cases(self, conn: sa.Connection, account: str, rows: pl.DataFrame) -> tuple[int, int]:
        conn.exec_driver_sql(
            "CREATE TEMP TABLE _getbill_update ON COMMIT DROP AS "
            f"SELECT {', '.join(UPDATE_COLUMNS)} FROM cases WITH NO DATA"
        )
        staged = rows.select(UPDATE_COLUMNS)
        _copy(conn, "_getbill_update", staged.columns, _csv(staged))
        sets = [
            "debtor_name = u.debtor_name",
            "balance_cents = c.balance_cents + (u.amount_cents - c.amount_cents)",
            "amount_cents = u.amount_cents",
            "currency = u.currency",
            *(f"{col} = COALESCE(u.{col}, c.{col})" for col in OPTIONAL_CASE_COLUMNS),
            "updated_at = u.updated_at",
        ]
        differs = " OR ".join(
            [f"c.{col} IS DISTINCT FROM u.{col}" for col in REQUIRED_CASE_COLUMNS]
            + [f"(u.{col} IS NOT NULL AND c.{col} IS DISTINCT FROM u.{col})" for col in OPTIONAL_CASE_COLUMNS]
        )
        matched = (
            "c.account = %(account)s AND c.reference = u.reference "
            f"AND c.status NOT IN ({_FINAL})"
        )
        # one pass: the open cases these rows name (locked), then the update of those that differ
        open_count, changed = conn.exec_driver_sql(
            f"WITH m AS (SELECT c.id, ({differs}) AS differs FROM cases AS c "
            f"JOIN _getbill_update AS u ON {matched} FOR UPDATE OF c), "
            f"changed AS (UPDATE cases AS c SET {', '.join(sets)} FROM _getbill_update AS u, m "
            f"WHERE m.differs AND c.id = m.id AND {matched} RETURNING 1) "
            "SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM changed)",
            {"account": account},
        ).one()
        conn.exec_driver_sql("DROP TABLE _getbill_update")
        return int(changed), int(open_count) - int(changed)


def _csv(frame: pl.DataFrame) -> bytes:
    # a null is an empty unquoted field, an empty string a quoted one: COPY tells them apart
    return frame.write_csv(include_header=False, null_value="").encode()


def _copy(conn: sa.Connection, table: str, columns: list[str], data: bytes) -> None:
    dbapi: Any = conn.connection.dbapi_connection
    with dbapi.cursor() as cursor, cursor.copy(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    ) as copy:
        copy.write(data)
