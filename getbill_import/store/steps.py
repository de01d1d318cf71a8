"""The scheduler's reads and writes: the cases whose next step is due, claimed in the write
transaction that records their steps (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so that two
schedulers never take the same case; SQLite's write lock does the same there), and each batch's
follow-ups, case changes and events written in bulk: ``COPY`` and one ``UPDATE … FROM unnest``
on PostgreSQL, one ``executemany`` per statement on SQLite.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
import sqlalchemy as sa

from getbill_import.store.schema import SCENARIO_ACTIVE_SQL, cases, followups
from getbill_import.store.types import SQLITE_DATETIME_FORMAT

#: what the scheduler reads of a due case: its progress, and what channels and events need
STEP_COLUMNS: tuple[str, ...] = (
    "id", "account", "reference", "debtor_name", "debtor_email", "debtor_phone", "address_line1",
    "address_postal_code", "address_city", "address_country", "amount_cents", "balance_cents", "currency",
    "due_date", "scenario", "status", "steps_done", "next_step_on", "contacted_at", "created_at",
)
FOLLOWUP_COLUMNS: tuple[str, ...] = (
    "id", "account", "case_id", "scenario", "wave", "channel", "template", "status", "outcome", "details",
    "scheduled_for", "started_at", "completed_at", "locked_until",
)
EVENT_COLUMNS: tuple[str, ...] = ("account", "case_id", "type", "payload", "created_at")


@dataclass
class CaseChange:
    """What one step changes in a case (None: left as it is)."""

    id: str
    steps_done: int
    next_step_on: dt.date | None
    last_step_at: dt.datetime | None = None
    last_channel: str | None = None
    #: the status after the step (the current one when it does not change)
    status: str = "open"
    contacted_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None


def claim_due(conn: sa.Connection, *, account: str, today: dt.date, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` of the account's active cases whose next step is due by ``today``, locked
    for this transaction (another scheduler skips them)."""
    query = (
        sa.select(*(cases.c[name] for name in STEP_COLUMNS))
        .where(cases.c.account == account, sa.text(SCENARIO_ACTIVE_SQL), cases.c.next_step_on <= today)
        .order_by(cases.c.next_step_on).limit(limit)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [dict(row) for row in conn.execute(query).mappings()]


def lock_cases(conn: sa.Connection, *, account: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The cases ``ids`` as they are now, locked until the transaction ends."""
    if not ids:
        return {}
    query = sa.select(*(cases.c[name] for name in STEP_COLUMNS)).where(
        cases.c.account == account, cases.c.id.in_(list(ids))
    ).order_by(cases.c.id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return {row["id"]: dict(row) for row in conn.execute(query).mappings()}


def reserve_followup_ids(conn: sa.Connection, n: int) -> list[int]:
    """``n`` new follow-up ids (under SQLite's write lock, the next ones in order)."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        return list(conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('followups', 'id')) FROM generate_series(1, %(n)s)", {"n": n}
        ).scalars())
    start = int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM followups").scalar_one())
    return list(range(start + 1, start + n + 1))


def insert_followups(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """New follow-ups (``FOLLOWUP_COLUMNS``, ids from :func:`reserve_followup_ids`)."""
    _insert(conn, "followups", FOLLOWUP_COLUMNS, rows, json_columns=("details",))


def insert_events(conn: sa.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Events for the outbox (``EVENT_COLUMNS``; ``payload`` a dict)."""
    _insert(conn, "events", EVENT_COLUMNS, rows, json_columns=("payload",))


def change_cases(conn: sa.Connection, *, account: str, changes: Sequence[CaseChange], now: dt.datetime) -> None:
    """Apply the steps' changes; ``updated_at`` moves only for a case whose status changes."""
    if not changes:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "UPDATE cases AS c SET steps_done = v.steps_done, next_step_on = v.next_step_on, "
            "last_step_at = coalesce(v.last_step_at, c.last_step_at), "
            "last_channel = coalesce(v.last_channel, c.last_channel), "
            "updated_at = CASE WHEN c.status = v.status THEN c.updated_at ELSE %(now)s END, status = v.status, "
            "contacted_at = coalesce(c.contacted_at, v.contacted_at), "
            "escalated_at = coalesce(v.escalated_at, c.escalated_at) "
            "FROM unnest(%(id)s::text[], %(steps)s::int[], %(next)s::date[], %(last_at)s::timestamptz[], "
            "%(channel)s::text[], %(status)s::text[], %(contacted)s::timestamptz[], %(escalated)s::timestamptz[]) "
            "AS v(id, steps_done, next_step_on, last_step_at, last_channel, status, contacted_at, escalated_at) "
            "WHERE c.id = v.id AND c.account = %(account)s",
            {
                "now": now, "account": account, "id": [c.id for c in changes],
                "steps": [c.steps_done for c in changes], "next": [c.next_step_on for c in changes],
                "last_at": [c.last_step_at for c in changes], "channel": [c.last_channel for c in changes],
                "status": [c.status for c in changes], "contacted": [c.contacted_at for c in changes],
                "escalated": [c.escalated_at for c in changes],
            },
        )
        return
    # staged in a temporary table, then one UPDATE … FROM: twice as fast as an UPDATE per row
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS _getbill_steps (id TEXT PRIMARY KEY, account TEXT, steps_done INTEGER, "
        "next_step_on TEXT, last_step_at TEXT, last_channel TEXT, status TEXT, contacted_at TEXT, escalated_at TEXT)"
    )
    conn.exec_driver_sql(
        "INSERT INTO _getbill_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (c.id, account, c.steps_done, _sqlite_value(c.next_step_on), _sqlite_value(c.last_step_at), c.last_channel,
             c.status, _sqlite_value(c.contacted_at), _sqlite_value(c.escalated_at))
            for c in changes
        ],
    )
    conn.exec_driver_sql(
        "UPDATE cases SET steps_done = v.steps_done, next_step_on = v.next_step_on, "
        "last_step_at = coalesce(v.last_step_at, cases.last_step_at), "
        "last_channel = coalesce(v.last_channel, cases.last_channel), "
        "updated_at = CASE WHEN cases.status = v.status THEN cases.updated_at ELSE ?1 END, status = v.status, "
        "contacted_at = coalesce(cases.contacted_at, v.contacted_at), "
        "escalated_at = coalesce(v.escalated_at, cases.escalated_at) "
        # joined on the staged rows (a look-up by id each), never on a scan of the account's cases
        "FROM _getbill_steps AS v WHERE cases.id = v.id AND cases.account = v.account",
        (_sqlite_moment(now),),
    )
    conn.exec_driver_sql("DELETE FROM _getbill_steps")


def finish_followups(conn: sa.Connection, done: Sequence[dict[str, Any]]) -> None:
    """Record the outcome of follow-ups that were being sent (``id``, ``outcome``, ``details``,
    ``completed_at``)."""
    if not done:
        return
    conn.execute(
        sa.update(followups).where(followups.c.id == sa.bindparam("_id"), followups.c.status == "sending")
        .values(status="done", outcome=sa.bindparam("_outcome"), details=sa.bindparam("_details"),
                completed_at=sa.bindparam("_completed_at"), locked_until=None),
        [{"_id": d["id"], "_outcome": d["outcome"], "_details": d["details"], "_completed_at": d["completed_at"]}
         for d in done],
    )


def retry_followups(conn: sa.Connection, ids: Sequence[int], *, at: dt.datetime, error: str) -> None:
    """Follow-ups whose channel could not be reached, nothing sent: tried again at ``at``."""
    if not ids:
        return
    conn.execute(
        sa.update(followups).where(followups.c.id.in_(list(ids)), followups.c.status == "sending")
        .values(locked_until=at, details={"state": "retry", "error": error[:500]})
    )


def stale_followups(conn: sa.Connection, *, account: str, now: dt.datetime, limit: int) -> list[dict[str, Any]]:
    """Follow-ups still being sent whose lease ran out: their scheduler stopped, or their
    channel asked for a retry. Locked for this transaction."""
    query = (
        # the status written out, so that SQLite uses the partial index of unfinished follow-ups
        sa.select(followups).where(
            followups.c.account == account, sa.text("followups.status = 'sending'"), followups.c.locked_until < now,
        ).order_by(followups.c.locked_until).limit(limit)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [dict(row) for row in conn.execute(query).mappings()]


def lease_followups(conn: sa.Connection, ids: Sequence[int], *, until: dt.datetime) -> None:
    if ids:
        conn.execute(sa.update(followups).where(followups.c.id.in_(list(ids))).values(
            locked_until=until, details={"state": "claimed"},
        ))


# --- bulk writing -------------------------------------------------------------------------------

def _insert(
    conn: sa.Connection, table: str, columns: Sequence[str], rows: Sequence[dict[str, Any]],
    *, json_columns: Sequence[str] = (),
) -> None:
    if not rows:
        return
    get = operator.itemgetter(*columns)
    postgres = conn.dialect.name == "postgresql"
    # per column, what its values need before the driver takes them: JSON text; on SQLite,
    # moments and days as SQLAlchemy stores them (looked at in the first row that has a value)
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(columns):
        if column in json_columns:
            convert.append((i, _json_text))
        elif not postgres:
            sample = next((row[column] for row in rows if row[column] is not None), None)
            if isinstance(sample, dt.date):
                convert.append((i, _sqlite_value))
    if postgres:
        dbapi: Any = conn.connection.dbapi_connection
        with dbapi.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                values = list(get(row))
                for i, function in convert:
                    values[i] = function(values[i])
                copy.write_row(values)
        return
    params = []
    for row in rows:
        values = list(get(row))
        for i, function in convert:
            values[i] = function(values[i])
        params.append(tuple(values))
    placeholders = ", ".join("?" for _ in columns)
    conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", params)


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # text orjson refuses (a lone surrogate): escaped instead
        import json

        return json.dumps(value, ensure_ascii=True, default=str)


@lru_cache(maxsize=4096)
def _sqlite_moment(moment: dt.datetime) -> str:
    # a batch writes the same few moments many times over: formatted once each
    return moment.astimezone(dt.UTC).strftime(SQLITE_DATETIME_FORMAT)


@lru_cache(maxsize=4096)
def _sqlite_day(day: dt.date) -> str:
    return day.isoformat()


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy's SQLite types store it: moments as naive UTC text, days ISO."""
    kind = type(value)
    if kind is dt.datetime:
        return _sqlite_moment(value)
    if kind is dt.date:
        return _sqlite_day(value)
    return value
