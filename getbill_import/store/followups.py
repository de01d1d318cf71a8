"""The follow-up history: one page at a time, by keyset, filtered; every query scoped to the
account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import cases, followups
from getbill_import.store.shape import iso_date, iso_utc


@dataclass(frozen=True)
class FollowupFilter:
    case_id: str | None = None
    channel: str | None = None
    outcome: str | None = None
    scenario: str | None = None
    #: started at or after / before these moments (a day: from its start / through its end)
    since: dt.date | dt.datetime | None = None
    until: dt.date | dt.datetime | None = None


@dataclass(frozen=True)
class FollowupPage:
    rows: list[dict[str, Any]]
    #: the last row's id, to continue after it (None when nothing follows)
    after: int | None


def followup_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """A follow-up as the API shows it (and ``followup.completed`` carries it)."""
    found = {
        "id": row["id"], "debt_id": row["case_id"], "scenario": row["scenario"], "wave": row["wave"],
        "channel": row["channel"], "template": row["template"], "status": row["status"],
        "outcome": row["outcome"], "details": row["details"],
        "scheduled_for": iso_date(row["scheduled_for"]),
        "started_at": iso_utc(row["started_at"]),
        "completed_at": iso_utc(row["completed_at"]) if row["completed_at"] is not None else None,
    }
    if "reference" in row:
        found["reference"] = row["reference"]
    return found


def _conditions(account: str, f: FollowupFilter) -> list[sa.ColumnElement[bool]]:
    found = [followups.c.account == account]
    if f.case_id is not None:
        found.append(followups.c.case_id == f.case_id)
    if f.channel is not None:
        found.append(followups.c.channel == f.channel)
    if f.outcome is not None:
        found.append(followups.c.outcome == f.outcome)
    if f.scenario is not None:
        found.append(followups.c.scenario == f.scenario)
    if f.since is not None:
        found.append(followups.c.started_at >= _moment(f.since))
    if f.until is not None:
        end = f.until if isinstance(f.until, dt.datetime) else f.until + dt.timedelta(days=1)
        found.append(followups.c.started_at < _moment(end))
    return found


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _query(account: str, f: FollowupFilter) -> sa.Select[Any]:
    return (
        sa.select(followups, cases.c.reference)
        .select_from(followups.outerjoin(cases, cases.c.id == followups.c.case_id))
        .where(*_conditions(account, f))
    )


def page_followups(
    store: Store, *, account: str, filters: FollowupFilter | None = None, after: int | None = None,
    limit: int = 50, descending: bool = False,
) -> FollowupPage:
    """Follow-ups in the order they were executed (or the reverse), ``limit`` at a time."""
    query = _query(account, filters or FollowupFilter())
    if after is not None:
        query = query.where(followups.c.id < after if descending else followups.c.id > after)
    query = query.order_by(followups.c.id.desc() if descending else followups.c.id).limit(limit + 1)
    with store.read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return FollowupPage(rows, rows[-1]["id"] if more and rows else None)


def iter_followups(
    store: Store, *, account: str, filters: FollowupFilter | None = None, limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    query = _query(account, filters or FollowupFilter()).order_by(followups.c.id)
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        for row in conn.execution_options(yield_per=2_000).execute(query).mappings():
            yield dict(row)
