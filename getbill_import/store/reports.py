"""Collection figures, aggregated by the database: one pass over an account's cases (counts and
sums per period, scenario, channel, currency, status and, for resolved cases, day of delay) and one
over its follow-ups (per channel and outcome). What comes back is small whatever the number of
cases; ``collection.report`` turns it into rates, averages and medians."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store

PERIODS: tuple[str, ...] = ("day", "week", "month")

#: per dialect and period, a case's period: its creation day, the Monday of its week, or the first
#: day of its month (UTC); PostgreSQL gives a date (cheap to group on), SQLite ISO text
_PERIOD_SQL = {
    "sqlite": {
        "day": "substr(created_at, 1, 10)",
        "week": "date(created_at, 'weekday 0', '-6 days')",
        "month": "substr(created_at, 1, 7)",
    },
    "postgresql": {
        "day": "(created_at AT TIME ZONE 'UTC')::date",
        "week": "date_trunc('week', created_at AT TIME ZONE 'UTC')::date",
        "month": "date_trunc('month', created_at AT TIME ZONE 'UTC')::date",
    },
}
#: per dialect, whole days from a resolved case's anchor (its due date, or the day it was opened if
#: later) to its resolution, never below 0; -1 for a case not resolved
_DELAY_SQL = {
    "sqlite": (
        "CASE WHEN status = 'resolved' AND resolved_at IS NOT NULL THEN "
        "max(0, CAST(julianday(substr(resolved_at, 1, 10)) - "
        "julianday(max(coalesce(due_date, substr(created_at, 1, 10)), substr(created_at, 1, 10))) AS INTEGER)) "
        "ELSE -1 END"
    ),
    "postgresql": (
        "CASE WHEN status = 'resolved' AND resolved_at IS NOT NULL THEN "
        "GREATEST(0, (resolved_at AT TIME ZONE 'UTC')::date - GREATEST(due_date, (created_at AT TIME ZONE 'UTC')::date)) "
        "ELSE -1 END"
    ),
}


@dataclass(frozen=True)
class Aggregates:
    #: (period, scenario, channel, currency, status, delay_days or -1, cases, amount_cents, balance_cents)
    cells: list[tuple[Any, ...]]
    #: (channel, outcome or "pending", follow-ups)
    followups: list[tuple[Any, ...]]


def aggregates(
    store: Store, *, account: str, period: str, since: dt.datetime | None = None, until: dt.datetime | None = None,
) -> Aggregates:
    """The account's figures for cases created in [since, until) and follow-ups started then: one
    pass over the cases, one over the follow-ups, run side by side."""
    if period not in PERIODS:
        raise ValueError(f"period is one of {PERIODS}")
    dialect = "postgresql" if store.dialect == "postgresql" else "sqlite"
    where = "account = :account"
    params: dict[str, Any] = {"account": account}
    if since is not None:
        where += " AND created_at >= :since"
        params["since"] = _bound(since, dialect)
    if until is not None:
        where += " AND created_at < :until"
        params["until"] = _bound(until, dialect)
    keys = (f"{_PERIOD_SQL[dialect][period]}, scenario, coalesce(last_channel, 'none'), currency, status, "
            f"{_DELAY_SQL[dialect]}")
    # grouped on the bare columns, in the order of ix_followups_report: no sorting
    followups_sql = sa.text(
        "SELECT channel, outcome, count(*) FROM followups WHERE "
        + where.replace("created_at", "started_at") + " GROUP BY channel, outcome"
    )

    def rows(query: sa.TextClause) -> list[tuple[Any, ...]]:
        with store.read() as conn:
            return [tuple(r) for r in conn.execute(query, params)]

    if dialect == "postgresql":
        with ThreadPoolExecutor(1) as side:
            follow = side.submit(rows, followups_sql)
            cells = rows(sa.text(
                f"SELECT {keys}, count(*), sum(amount_cents), sum(balance_cents) FROM cases WHERE {where} "
                "GROUP BY 1, 2, 3, 4, 5, 6"
            ))
            followed = follow.result()
    else:
        # a large account's rows are cut into ranges of rowids, added up side by side
        parts: list[tuple[int, int] | None] = [*_sqlite_parts(store, account)] or [None]
        with ThreadPoolExecutor(1 + len(parts)) as side:
            follow = side.submit(rows, followups_sql)
            found = [side.submit(_sqlite_cells, store, keys, where, params, part) for part in parts]
            cells = _merged(cell for future in found for cell in future.result())
            followed = follow.result()
    outcomes: dict[tuple[Any, str], int] = {}
    for channel, outcome, count in followed:
        key = (channel, outcome or "pending")  # a follow-up still sending has no outcome yet
        outcomes[key] = outcomes.get(key, 0) + int(count)
    return Aggregates([_labelled(cell, period) for cell in cells], [(*k, n) for k, n in outcomes.items()])


_CELLS_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS report_cells (period, scenario, channel, currency, status, delay, "
    "cases, amount, balance, PRIMARY KEY (period, scenario, channel, currency, status, delay))"
)


def _sqlite_cells(
    store: Store, keys: str, where: str, params: dict[str, Any], part: tuple[int, int] | None,
) -> list[tuple[Any, ...]]:
    """The cases' cells on SQLite, which groups by sorting every row: with a few hundred groups at
    most, adding each row into a small keyed table of this connection's own is about three times
    faster (0.8 s rather than 2.2 s for 1,000,000 cases)."""
    extra = dict(params)
    if part is not None:
        where = where.replace("account = :account", "+account = :account AND rowid > :lo AND rowid <= :hi", 1)
        extra.update(lo=part[0], hi=part[1])
    with store.read() as conn:
        conn.exec_driver_sql(_CELLS_TABLE)
        try:
            conn.exec_driver_sql("DELETE FROM temp.report_cells")
            conn.execute(sa.text(
                f"INSERT INTO temp.report_cells SELECT {keys}, 1, amount_cents, coalesce(balance_cents, 0) "
                f"FROM cases WHERE {where} ON CONFLICT DO UPDATE SET cases = cases + 1, "
                "amount = amount + excluded.amount, balance = balance + excluded.balance"
            ), extra)
            return [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM temp.report_cells")]
        finally:
            conn.exec_driver_sql("DROP TABLE IF EXISTS temp.report_cells")


#: an SQLite account with at least this many cases has its report grouped in parallel ranges
PARALLEL_FROM = 100_000


def _sqlite_parts(store: Store, account: str) -> list[tuple[int, int]]:
    """(lo, hi] rowid ranges that cover the account's cases, one per core (none when it has few)."""
    with store.read() as conn:
        low, high, count = conn.execute(
            sa.text("SELECT min(rowid), max(rowid), count(*) FROM cases WHERE account = :account"),
            {"account": account},
        ).one()
    workers = min(os.cpu_count() or 1, 4)
    if count < PARALLEL_FROM or workers < 2:
        return []
    step = (high - low) // workers + 1
    return [(low - 1 + i * step, min(high, low - 1 + (i + 1) * step)) for i in range(workers)]


def _merged(cells: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Cells of the same group (the six keys) added up."""
    sums: dict[tuple[Any, ...], list[int]] = {}
    for cell in cells:
        total = sums.setdefault(cell[:6], [0, 0, 0])
        for i, value in enumerate(cell[6:]):
            total[i] += int(value or 0)
    return [(*key, *total) for key, total in sums.items()]


def _labelled(cell: tuple[Any, ...], period: str) -> tuple[Any, ...]:
    label = cell[0]
    if isinstance(label, dt.date):
        label = label.strftime("%Y-%m") if period == "month" else label.isoformat()
    return (label, *cell[1:])


def _bound(moment: dt.datetime, dialect: str) -> Any:
    """A moment as the column stores it: naive UTC text on SQLite."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if dialect == "sqlite":
        from getbill_import.store.types import SQLITE_DATETIME_FORMAT

        return moment.astimezone(dt.UTC).strftime(SQLITE_DATETIME_FORMAT)
    return moment
