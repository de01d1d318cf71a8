"""Case queries: list, show, delete (right to erasure), and the case's public JSON shape.

Every function takes the account and never returns or touches another account's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.imports import iso_utc
from getbill_import.store.schema import cases, corrections, events

#: canonical field (``fields.CASE_FIELDS``) -> column of the ``cases`` table
FIELD_COLUMNS: dict[str, str] = {
    "debtor.name": "debtor_name",
    "debtor.company": "debtor_company",
    "debtor.email": "debtor_email",
    "debtor.phone": "debtor_phone",
    "debtor.address.line1": "address_line1",
    "debtor.address.line2": "address_line2",
    "debtor.address.postal_code": "address_postal_code",
    "debtor.address.city": "address_city",
    "debtor.address.region": "address_region",
    "debtor.address.country": "address_country",
    "amount": "amount_cents",
    "currency": "currency",
    "reference": "reference",
    "due_date": "due_date",
    "issue_date": "issue_date",
    "scenario": "scenario",
}

#: the keys of a case's JSON ``debtor`` object and ``debtor.address`` object, in order
DEBTOR_KEYS = ("name", "company", "email", "phone")
ADDRESS_KEYS = ("line1", "line2", "postal_code", "city", "region", "country")


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


@dataclass(frozen=True)
class DeletedCase:
    id: str
    reference: str
    events: int
    corrections: int


def case_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored case as the public API shows it (``debt.created`` events carry the same object
    with ``debt_id`` in place of ``id``)."""
    return {
        "id": row["id"],
        "reference": row["reference"],
        "debtor": {
            **{key: row[f"debtor_{key}"] for key in DEBTOR_KEYS},
            "address": {key: row[f"address_{key}"] for key in ADDRESS_KEYS},
        },
        "amount": row["amount_cents"] / 100,
        "balance": row["balance_cents"] / 100,
        "currency": row["currency"],
        "due_date": _iso_date(row["due_date"]),
        "issue_date": _iso_date(row["issue_date"]),
        "scenario": row["scenario"],
        "status": row["status"],
        "metadata": row["metadata"],
        "import_id": row["import_id"],
        "created_at": iso_utc(row["created_at"]),
        "updated_at": iso_utc(row["updated_at"]),
    }


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
    with store.read() as conn:
        row = _find(conn, account, key)
    return case_json(row) if row else None


def delete_case(store: Store, *, account: str, key: str) -> DeletedCase | None:
    """Erase a case, its events and its recorded corrections (right to erasure)."""
    with store.write() as conn:
        row = _find(conn, account, key)
        if row is None:
            return None
        n_events = conn.execute(
            sa.delete(events).where(events.c.account == account, events.c.case_id == row["id"])
        ).rowcount
        n_corrections = conn.execute(
            sa.delete(corrections).where(
                corrections.c.account == account, corrections.c.reference == row["reference"]
            )
        ).rowcount
        conn.execute(sa.delete(cases).where(cases.c.account == account, cases.c.id == row["id"]))
    return DeletedCase(row["id"], row["reference"], n_events, n_corrections)


def _find(conn: sa.Connection, account: str, key: str) -> sa.RowMapping | None:
    by_id = conn.execute(sa.select(cases).where(cases.c.account == account, cases.c.id == key)).mappings().first()
    if by_id is not None:
        return by_id
    return conn.execute(
        sa.select(cases).where(cases.c.account == account, cases.c.reference == key)
    ).mappings().first()


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


def _iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
