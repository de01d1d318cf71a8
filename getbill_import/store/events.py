"""The events outbox: what happened to a case, written in the transaction that made it happen,
delivered later (webhooks). A ``debt.created`` payload is the case's public JSON
(``cases.case_json``) with ``debt_id`` in place of ``id``.

Bulk loads write ``debt.created`` events without a payload: until the case first changes, its
row *is* the payload, so the readers render it from the row (``list_events``). The database
keeps that true on its own: a trigger on ``cases`` (migration 0002) writes the case as it was
before its first update into its pending payload, whichever code runs the update.
A million-case import thus writes each case once instead of twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from getbill_import.store.cases import ADDRESS_KEYS, DEBTOR_KEYS, case_json
from getbill_import.store.engine import Store
from getbill_import.store.schema import cases, events

DEBT_CREATED = "debt.created"
#: the trigger (and, on PostgreSQL, its function) that keeps pending debt.created payloads true
FREEZE_TRIGGER = "cases_freeze_created_payload"


#: per dialect: the JSON object function, and how a moment, an amount in cents and the
#: metadata document are written as JSON values
_JSON_SQL = {
    "sqlite": (
        "json_object",
        "strftime('%Y-%m-%dT%H:%M:%SZ', {})",
        # integer cents as a JSON number with two decimals
        "json(printf('%d.%02d', {0} / 100, {0} % 100))",
        "json({})",
    ),
    "postgresql": (
        "json_build_object",
        """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')""",
        "round({} / 100.0, 2)",
        "{}",
    ),
}


def case_payload_sql(dialect: str, alias: str) -> str:
    """A SQL expression building the ``debt.created`` payload of the ``cases`` row ``alias`` (a
    table alias, or ``OLD`` in a trigger): the JSON ``created_payload`` gives in Python."""
    obj, iso, money, document = _JSON_SQL["postgresql" if dialect == "postgresql" else "sqlite"]

    def col(column: str) -> str:
        return f"{alias}.{column}"

    debtor = ", ".join(f"'{k}', {col('debtor_' + k)}" for k in DEBTOR_KEYS)
    address = ", ".join(f"'{k}', {col('address_' + k)}" for k in ADDRESS_KEYS)
    plain = ", ".join(
        f"'{k}', {col(k)}" for k in ("currency", "due_date", "issue_date", "scenario", "status", "import_id")
    )
    return (
        f"{obj}('debt_id', {col('id')}, 'reference', {col('reference')}, "
        f"'debtor', {obj}({debtor}, 'address', {obj}({address})), "
        f"'amount', {money.format(col('amount_cents'))}, 'balance', {money.format(col('balance_cents'))}, "
        f"{plain}, 'metadata', {document.format(col('metadata'))}, "
        f"'created_at', {iso.format(col('created_at'))}, 'updated_at', {iso.format(col('updated_at'))})"
    )


def freeze_trigger_ddl(dialect: str) -> list[str]:
    """The statements creating the trigger that, when cases are updated, writes each case as it
    was before into its ``debt.created`` events that have no payload yet. PostgreSQL runs it once
    per statement over the old rows (a bulk update stays one set-based statement); SQLite, which
    has no statement-level triggers, once per row, before the row changes."""
    if dialect == "postgresql":
        pending = (
            f"e.case_id = o.id AND e.account = o.account AND e.type = '{DEBT_CREATED}' AND e.payload IS NULL"
        )
        return [
            f"CREATE FUNCTION {FREEZE_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  UPDATE events AS e SET payload = {case_payload_sql(dialect, 'o')}\n"
            f"  FROM old_cases AS o WHERE {pending};\n  RETURN NULL;\nEND\n$$",
            f"CREATE TRIGGER {FREEZE_TRIGGER} AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FREEZE_TRIGGER}()",
        ]
    pending = f"case_id = OLD.id AND account = OLD.account AND type = '{DEBT_CREATED}' AND payload IS NULL"
    return [
        f"CREATE TRIGGER {FREEZE_TRIGGER} BEFORE UPDATE ON cases FOR EACH ROW "
        f"WHEN EXISTS (SELECT 1 FROM events WHERE {pending}) BEGIN "
        f"UPDATE events SET payload = {case_payload_sql(dialect, 'OLD')} WHERE {pending}; END",
    ]


def drop_freeze_trigger_ddl(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {FREEZE_TRIGGER} ON cases", f"DROP FUNCTION IF EXISTS {FREEZE_TRIGGER}()"]
    return [f"DROP TRIGGER IF EXISTS {FREEZE_TRIGGER}"]


def created_payload(case_row: Mapping[str, Any]) -> dict[str, Any]:
    """The ``debt.created`` payload of a ``cases`` row: its public JSON with ``debt_id``."""
    return {("debt_id" if key == "id" else key): value for key, value in case_json(case_row).items()}


_CASE_PREFIX = "case__"


def _rendered() -> sa.Select[Any]:
    """Events with the columns of their case (to render the payloads written without one)."""
    joined = events.outerjoin(cases, sa.and_(cases.c.id == events.c.case_id, cases.c.account == events.c.account))
    return sa.select(events, *(c.label(_CASE_PREFIX + c.name) for c in cases.c)).select_from(joined)


def list_events(
    store: Store, *, account: str, case_id: str | None = None, pending_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events of ``account`` in the order they happened, each with its payload (rendered from
    the case when it was written without one)."""
    query = _rendered().where(events.c.account == account).order_by(events.c.id)
    if case_id is not None:
        query = query.where(events.c.case_id == case_id)
    if pending_only:
        query = query.where(events.c.delivered_at.is_(None))
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        rows = conn.execute(query).mappings().all()
    return [_event(row) for row in rows]


def _event(row: sa.RowMapping) -> dict[str, Any]:
    event = {column.name: row[column.name] for column in events.c}
    if event["payload"] is None and event["type"] == DEBT_CREATED and row[_CASE_PREFIX + "id"] is not None:
        event["payload"] = created_payload({c.name: row[_CASE_PREFIX + c.name] for c in cases.c})
    return event


def events_by_id(store: Store, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Events by id, each with its payload (the read path every delivery goes through)."""
    if not ids:
        return {}
    with store.read() as conn:
        rows = conn.execute(_rendered().where(events.c.id.in_(ids))).mappings().all()
    return {row["id"]: _event(row) for row in rows}


def count_events(store: Store, *, account: str, type: str | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(events).where(events.c.account == account)
    if type is not None:
        query = query.where(events.c.type == type)
    with store.read() as conn:
        return int(conn.execute(query).scalar_one())
