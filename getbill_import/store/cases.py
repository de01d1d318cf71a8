"""Case queries: list, show, delete (right to erasure), and the case's public JSON shape.

Every function takes the account and never returns or touches another account's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import cases
from getbill_import.store.shape import (  # noqa: F401  (the case's shape, re-exported)
    ADDRESS_KEYS,
    DEBTOR_KEYS,
    FIELD_COLUMNS,
    case_json,
)


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    #: an exact reference, or a prefix ending in "*" ("F-2024-*")
    reference: str | None = None
    #: created on or after this day (UTC) / moment
    since: dt.date | dt.datetime | None = None
    #: created on or before this day (UTC, the whole day) / before this moment
    until: dt.date | dt.datetime | None = None
    import_id: str | None = None
    scenario: str | None = None
    #: due on or after / on or before these days
    due_since: dt.date | None = None
    due_until: dt.date | None = None
    #: amount at least / at most, in cents
    amount_min_cents: int | None = None
    amount_max_cents: int | None = None


#: how a page of cases is sorted: by creation (ids are made in creation order) or due date
SORTS: tuple[str, ...] = ("created_at", "-created_at", "due_date", "-due_date")


@dataclass(frozen=True)
class Page:
    cases: list[dict[str, Any]]
    #: the sort key of the last case, to continue after it (None when nothing follows)
    after: tuple[Any, ...] | None


def page_cases(
    store: Store, *, account: str, filters: CaseFilter | None = None, sort: str = "created_at",
    after: tuple[Any, ...] | None = None, limit: int = 50,
) -> Page:
    """One page of cases by keyset: stable however many cases are created meanwhile. ``after``
    is the previous page's ``Page.after``. Cases with no due date come last in either due-date
    order.

    Creation order walks the primary key (ids are made in creation order). Due-date order has no
    index of its own — one more index would slow every bulk import down by a quarter — so each of
    its pages sorts the account's matching cases: narrow it with filters on a large account."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    descending = sort.startswith("-")
    conditions = _conditions(account, filters or CaseFilter())
    ident = cases.c.id
    if sort.endswith("created_at"):
        order = [ident.desc() if descending else ident.asc()]
        if after is not None:
            conditions.append(ident < after[0] if descending else ident > after[0])
    else:
        due = cases.c.due_date
        order = [due.is_(None).asc(), due.desc() if descending else due.asc(), ident.desc() if descending else ident.asc()]
        if after is not None:
            last_due, last_id = after
            beyond = (ident < last_id) if descending else (ident > last_id)
            if last_due is None:
                conditions.append(sa.and_(due.is_(None), beyond))
            else:
                last = dt.date.fromisoformat(last_due)
                further = (due < last) if descending else (due > last)
                conditions.append(sa.or_(further, sa.and_(due == last, beyond), due.is_(None)))
    query = sa.select(cases).where(*conditions).order_by(*order).limit(limit + 1)
    with store.read() as conn:
        rows = conn.execute(query).mappings().all()
    more = len(rows) > limit
    rows = rows[:limit]
    following = None
    if more and rows:
        last_row = rows[-1]
        following = (
            (last_row["id"],) if sort.endswith("created_at")
            else (last_row["due_date"].isoformat() if last_row["due_date"] else None, last_row["id"])
        )
    return Page([case_json(r) for r in rows], following)


def list_cases(
    store: Store, *, account: str, filters: CaseFilter | None = None,
    limit: int | None = None, offset: int = 0,
) -> list[dict[str, Any]]:
    """Cases in creation order (oldest first), as ``case_json`` objects."""
    return list(iter_cases(store, account=account, filters=filters, limit=limit, offset=offset))


def iter_cases(
    store: Store, *, account: str, filters: CaseFilter | None = None,
    limit: int | None = None, offset: int = 0,
) -> Iterator[dict[str, Any]]:
    query = (
        sa.select(cases).where(*_conditions(account, filters or CaseFilter()))
        .order_by(cases.c.created_at, cases.c.reference).offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        result = conn.execution_options(yield_per=2_000).execute(query).mappings()
        for row in result:
            yield case_json(row)


def count_cases(store: Store, *, account: str, filters: CaseFilter | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(cases).where(*_conditions(account, filters or CaseFilter()))
    with store.read() as conn:
        return int(conn.execute(query).scalar_one())


def get_case(store: Store, *, account: str, key: str) -> dict[str, Any] | None:
    """The case whose id or reference is ``key`` (an id wins over a reference)."""
    from getbill_import.store.service import find_case

    with store.read() as conn:
        row = find_case(conn, account, key)
    return case_json(row) if row else None


def _conditions(account: str, f: CaseFilter) -> list[sa.ColumnElement[bool]]:
    conditions = [cases.c.account == account]
    if f.status:
        conditions.append(cases.c.status == f.status)
    if f.reference:
        if f.reference.endswith("*"):
            prefix = f.reference[:-1]
            conditions.append(cases.c.reference.startswith(prefix, autoescape=True))
        else:
            conditions.append(cases.c.reference == f.reference)
    if f.since is not None:
        conditions.append(cases.c.created_at >= _moment(f.since))
    if f.until is not None:
        if isinstance(f.until, dt.datetime):
            conditions.append(cases.c.created_at < _moment(f.until))
        else:
            conditions.append(cases.c.created_at < _moment(f.until + dt.timedelta(days=1)))
    if f.import_id:
        conditions.append(cases.c.import_id == f.import_id)
    if f.scenario:
        conditions.append(cases.c.scenario == f.scenario)
    if f.due_since is not None:
        conditions.append(cases.c.due_date >= f.due_since)
    if f.due_until is not None:
        conditions.append(cases.c.due_date <= f.due_until)
    if f.amount_min_cents is not None:
        conditions.append(cases.c.amount_cents >= f.amount_min_cents)
    if f.amount_max_cents is not None:
        conditions.append(cases.c.amount_cents <= f.amount_max_cents)
    return conditions


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
