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
    return conditions


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
