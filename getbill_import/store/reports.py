"""Collection figures, aggregated by the database: two passes over an account's cases (counts and
sums per period, scenario, channel, currency and status; the number of resolved cases per day of
delay) and one over its follow-ups (per channel and outcome). What comes back is small whatever
the number of cases; ``collection.report`` turns it into rates, averages and medians."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store

PERIODS: tuple[str, ...] = ("day", "week", "month")

#: per dialect and period, the label of a case's period: its creation day, the Monday of its
#: week, or its month (UTC)
_PERIOD_SQL = {
    "sqlite": {
        "day": "substr(created_at, 1, 10)",
        "week": "date(created_at, 'weekday 0', '-6 days')",
        "month": "substr(created_at, 1, 7)",
    },
    "postgresql": {
        "day": "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        "week": "to_char(date_trunc('week', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
        "month": "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM')",
    },
}
#: per dialect, whole days from a case's anchor (its due date, or the day it was opened if later)
#: to its resolution, never below 0
_DELAY_SQL = {
    "sqlite": (
        "max(0, CAST(julianday(substr(resolved_at, 1, 10)) - "
        "julianday(max(coalesce(due_date, substr(created_at, 1, 10)), substr(created_at, 1, 10))) AS INTEGER))"
    ),
    "postgresql": (
        "GREATEST(0, (resolved_at AT TIME ZONE 'UTC')::date - "
        "GREATEST(due_date, (created_at AT TIME ZONE 'UTC')::date))"
    ),
}


@dataclass(frozen=True)
class Aggregates:
    #: (period, scenario, channel, currency, status, cases, amount_cents, balance_cents)
    cells: list[tuple[Any, ...]]
    #: (period, scenario, channel, delay_days, cases) of resolved cases
    delays: list[tuple[Any, ...]]
    #: (channel, outcome, follow-ups)
    followups: list[tuple[Any, ...]]


def aggregates(
    store: Store, *, account: str, period: str, since: dt.datetime | None = None, until: dt.datetime | None = None,
) -> Aggregates:
    """The account's figures for cases created in [since, until) and follow-ups started then."""
    if period not in PERIODS:
        raise ValueError(f"period is one of {PERIODS}")
    dialect = "postgresql" if store.dialect == "postgresql" else "sqlite"
    label = _PERIOD_SQL[dialect][period]
    where = "account = :account"
    params: dict[str, Any] = {"account": account}
    if since is not None:
        where += " AND created_at >= :since"
        params["since"] = _bound(since, dialect)
    if until is not None:
        where += " AND created_at < :until"
        params["until"] = _bound(until, dialect)
    channel = "coalesce(last_channel, 'none')"
    cells_sql = sa.text(
        f"SELECT {label} AS period, scenario, {channel} AS channel, currency, status, count(*), "
        f"sum(amount_cents), sum(balance_cents) FROM cases WHERE {where} GROUP BY 1, 2, 3, 4, 5"
    )
    delays_sql = sa.text(
        f"SELECT {label} AS period, scenario, {channel} AS channel, {_DELAY_SQL[dialect]} AS delay, count(*) "
        f"FROM cases WHERE {where} AND status = 'resolved' AND resolved_at IS NOT NULL GROUP BY 1, 2, 3, 4"
    )
    followups_sql = sa.text(
        "SELECT channel, coalesce(outcome, 'pending'), count(*) FROM followups WHERE "
        + where.replace("created_at", "started_at") + " GROUP BY 1, 2"
    )
    with store.read() as conn:
        cells = [tuple(r) for r in conn.execute(cells_sql, params)]
        delays = [tuple(r) for r in conn.execute(delays_sql, params)]
        follow = [tuple(r) for r in conn.execute(followups_sql, params)]
    return Aggregates(cells, delays, follow)


def _bound(moment: dt.datetime, dialect: str) -> Any:
    """A moment as the column stores it: naive UTC text on SQLite."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if dialect == "sqlite":
        from getbill_import.store.types import SQLITE_DATETIME_FORMAT

        return moment.astimezone(dt.UTC).strftime(SQLITE_DATETIME_FORMAT)
    return moment
