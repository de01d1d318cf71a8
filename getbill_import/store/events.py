"""The events outbox: what happened to a case, written in the transaction that made it happen,
delivered later (webhooks). A ``debt.created`` payload is the case's public JSON
(``cases.case_json``) with ``debt_id`` in place of ``id``.

Bulk loads build the payloads in bulk: SQLite from the rows just written
(``sqlite_case_payload``), PostgreSQL from polars before ``COPY``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from getbill_import.store.cases import ADDRESS_KEYS, DEBTOR_KEYS
from getbill_import.store.engine import Store
from getbill_import.store.schema import events

DEBT_CREATED = "debt.created"


def sqlite_case_payload(alias: str = "cases", *, fixed: Mapping[str, str] | None = None) -> str:
    """A SQLite expression building a case row's ``debt.created`` payload (the loader builds the
    same JSON with polars for PostgreSQL, see ``load.prepare.created_payloads``).

    ``fixed`` maps any of ``status``, ``import_id``, ``created_at`` and ``updated_at`` to a SQL
    literal holding that payload value (the ISO text for the two moments) when every row shares
    it: a literal costs nothing per row, a column read and ``strftime`` do."""
    fixed = dict(fixed or {})
    unknown = set(fixed) - {"status", "import_id", "created_at", "updated_at"}
    if unknown:
        raise ValueError(f"no fixed payload value for {sorted(unknown)}")

    def col(column: str) -> str:
        return fixed.get(column) or f"{alias}.{column}"

    def iso(column: str) -> str:
        return fixed.get(column) or f"strftime('%Y-%m-%dT%H:%M:%SZ', {alias}.{column})"

    # the amount written from integer cents as a JSON number with two decimals
    def money(column: str) -> str:
        return f"json(printf('%d.%02d', {col(column)} / 100, {col(column)} % 100))"

    debtor = ", ".join(f"'{k}', {col('debtor_' + k)}" for k in DEBTOR_KEYS)
    address = ", ".join(f"'{k}', {col('address_' + k)}" for k in ADDRESS_KEYS)
    return (
        f"json_object('debt_id', {col('id')}, 'reference', {col('reference')}, "
        f"'debtor', json_object({debtor}, 'address', json_object({address})), "
        f"'currency', {col('currency')}, 'due_date', {col('due_date')}, "
        f"'issue_date', {col('issue_date')}, 'scenario', {col('scenario')}, "
        f"'status', {col('status')}, 'import_id', {col('import_id')}, "
        f"'created_at', {iso('created_at')}, 'updated_at', {iso('updated_at')}, "
        f"'amount', {money('amount_cents')}, 'balance', {money('balance_cents')}, "
        f"'metadata', json({col('metadata')}))"
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
