"""The events outbox: what happened to a case, written in the transaction that made it happen,
delivered later (webhooks). A ``debt.created`` payload is the case's public JSON
(``cases.case_json``) with ``debt_id`` in place of ``id``.

Bulk loads build payloads inside the database from the rows just written (``case_payload_sql``),
so no per-row JSON travels from Python.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from getbill_import.store.cases import ADDRESS_KEYS, DEBTOR_KEYS
from getbill_import.store.engine import Store
from getbill_import.store.schema import events

DEBT_CREATED = "debt.created"


def case_payload_sql(dialect: str, alias: str = "cases") -> str:
    """A SQL expression building a case row's ``debt.created`` payload."""
    build = "jsonb_build_object" if dialect == "postgresql" else "json_object"

    def col(column: str) -> str:
        return f"{alias}.{column}"

    def iso(column: str) -> str:
        if dialect == "postgresql":
            return f"to_char({col(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        return f"strftime('%Y-%m-%dT%H:%M:%SZ', {col(column)})"

    def date(column: str) -> str:
        return f"to_char({col(column)}, 'YYYY-MM-DD')" if dialect == "postgresql" else col(column)

    money = "::float8 / 100" if dialect == "postgresql" else " / 100.0"
    metadata = col("metadata") if dialect == "postgresql" else f"json({col('metadata')})"
    debtor = ", ".join(f"'{k}', {col('debtor_' + k)}" for k in DEBTOR_KEYS)
    address = ", ".join(f"'{k}', {col('address_' + k)}" for k in ADDRESS_KEYS)
    return (
        f"{build}('debt_id', {col('id')}, 'reference', {col('reference')}, "
        f"'debtor', {build}({debtor}, 'address', {build}({address})), "
        f"'amount', {col('amount_cents')}{money}, 'balance', {col('balance_cents')}{money}, "
        f"'currency', {col('currency')}, 'due_date', {date('due_date')}, "
        f"'issue_date', {date('issue_date')}, 'scenario', {col('scenario')}, "
        f"'status', {col('status')}, 'metadata', {metadata}, 'import_id', {col('import_id')}, "
        f"'created_at', {iso('created_at')}, 'updated_at', {iso('updated_at')})"
    )


def list_events(
    store: Store, *, account: str, case_id: str | None = None, pending_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events of ``account`` in the order they happened."""
    query = sa.select(events).where(events.c.account == account).order_by(events.c.id)
    if case_id is not None:
        query = query.where(events.c.case_id == case_id)
    if pending_only:
        query = query.where(events.c.delivered_at.is_(None))
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def count_events(store: Store, *, account: str, type: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(events).where(events.c.account == account)
    if type is not None:
        query = query.where(events.c.type == type)
    with store.read() as conn:
        return int(conn.execute(query).scalar_one())
