"""The case service: every change to a case — created, updated, status changed, erased — goes
through here (the API, the loaders' bulk writers and the collection lifecycle alike), and each
writes its event in the same transaction, so no event is lost and none is emitted for a change
that rolled back.

A status moves only along :data:`TRANSITIONS`; a resolved or cancelled case keeps its amount.
The status machine, for the API, the command line, imports and the collection lifecycle alike::

    open ──▶ contacted ◀──▶ payment_plan          (a successful follow-up; a plan agreed, or broken)
      │          │               │
      └──────────┴───────┬───────┴──▶ escalated   (the scenario's end, or on request: legal)
                         ├──────────▶ resolved    (the balance paid; an escalated case too)
                         └──────────▶ cancelled   (withdrawn by the creditor; escalated ones too)

``resolved`` and ``cancelled`` are final. Set-based changes (the scheduler) move only the cases
whose status is in :func:`allowed_from` of the target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from getbill_import.errors import GetbillError
from getbill_import.fields import LINE
from getbill_import.load import prepare
from getbill_import.load._writers import BatchConstants, writer_for
from getbill_import.store.engine import Store, WriteConflict
from getbill_import.store.ids import new_ids
from getbill_import.store.schema import (
    FINAL_STATUSES,
    case_tombstones,
    cases,
    corrections,
    events,
    followups,
    idempotency_keys,
    payments,
)
from getbill_import.store.shape import case_json

#: status → the statuses a case may move to from it
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("contacted", "payment_plan", "escalated", "resolved", "cancelled"),
    "contacted": ("payment_plan", "escalated", "resolved", "cancelled"),
    "payment_plan": ("contacted", "escalated", "resolved", "cancelled"),
    "escalated": ("resolved", "cancelled"),
    "resolved": (),
    "cancelled": (),
}
_CREATE_ATTEMPTS = 3
#: the moment a case reached a status, kept in its row (the first contact only)
_STAMPS: dict[str, str] = {"contacted": "contacted_at", "resolved": "resolved_at", "escalated": "escalated_at"}


def allowed_from(target: str) -> tuple[str, ...]:
    """The statuses a case may move to ``target`` from (for set-based changes)."""
    return tuple(source for source, targets in TRANSITIONS.items() if target in targets)


class CaseConflict(GetbillError):
    """A change the case's state does not allow (a resolved case's amount, a status it cannot
    move to)."""

    code = "case-conflict"


@dataclass(frozen=True)
class Created:
    """What became of one row given to :func:`create_cases`."""

    line: int
    reference: str
    id: str
    #: False when the reference was already a case (``id`` is that case's)
    created: bool


def record_event(
    conn: sa.Connection, *, account: str, case_id: str | None, type: str, payload: dict[str, Any] | None,
    now: dt.datetime,
) -> int:
    """Write an event to the outbox in the caller's transaction."""
    return int(conn.execute(
        sa.insert(events).values(account=account, case_id=case_id, type=type, payload=payload, created_at=now)
        .returning(events.c.id)
    ).scalar_one())


def create_cases(
    store: Store, valid: pl.DataFrame, *, account: str, now: dt.datetime,
    import_id: str | None = None, import_run: int | None = None,
) -> list[Created]:
    """Create the cases of ``valid`` (validated rows: ``ValidationResult.cases`` or any frame of
    canonical case columns; invalid rows are left out) with one ``debt.created`` event each, in
    one transaction. A reference that is already a case is not created again: its row comes
    back with the existing id and ``created=False``. Rows in ``LINE`` order."""
    frame, _ = prepare.valid_cases(valid)
    if not frame.height:
        return []
    writer = writer_for(store.dialect)
    for attempt in range(1, _CREATE_ATTEMPTS + 1):
        try:
            with store.write() as conn:
                return _create(conn, writer, frame, account, now, import_id, import_run, store.dialect)
        except WriteConflict:
            # another process created one of these references meanwhile: look again
            if attempt == _CREATE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _create(
    conn: sa.Connection, writer: Any, frame: pl.DataFrame, account: str, now: dt.datetime,
    import_id: str | None, import_run: int | None, dialect: str,
) -> list[Created]:
    references = frame["reference"].to_list()
    found = dict(conn.execute(
        sa.select(cases.c.reference, cases.c.id).where(cases.c.account == account, cases.c.reference.in_(references))
    ).all())
    new = frame.filter(~pl.col("reference").is_in(list(found))) if found else frame
    if new.height:
        constants = BatchConstants(
            account=account, status=prepare.DEFAULT_STATUS, import_id=import_id, import_run=import_run,
            moment=now, stamp=prepare.db_timestamp(now, dialect),
        )
        new = new.with_columns(new_ids("debt", new.height, now_ms=int(now.timestamp() * 1000)))
        writer.insert_new(conn, writer.new_rows(new, constants))
    ids = dict(zip(new["reference"].to_list(), new["id"].to_list(), strict=True)) if new.height else {}
    return [
        Created(line, reference, ids.get(reference) or found[reference], reference in ids)
        for line, reference in zip(frame[LINE].to_list(), references, strict=True)
    ]


def get_row(conn: sa.Connection, *, account: str, case_id: str, lock: bool = False) -> sa.RowMapping | None:
    query = sa.select(cases).where(cases.c.account == account, cases.c.id == case_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def update_case(
    store: Store, *, account: str, case_id: str, values: Mapping[str, Any], now: dt.datetime
) -> dict[str, Any] | None:
    """Change a case's information (``values``: ``cases`` columns, already validated). The
    balance moves with the amount, so payments already recorded stay deducted; a resolved or
    cancelled case refuses a changed amount. Returns the case's JSON, None when there is none."""
    with store.write() as conn:
        row = get_row(conn, account=account, case_id=case_id, lock=True)
        if row is None:
            return None
        changes = {k: v for k, v in values.items() if row[k] != v}
        if "reference" in changes:
            taken = conn.execute(sa.select(cases.c.id).where(
                cases.c.account == account, cases.c.reference == changes["reference"], cases.c.id != case_id
            )).first()
            if taken is not None:
                raise CaseConflict(
                    f"Another case ({taken[0]}) already has the reference {changes['reference']!r}.",
                    code="duplicate-reference", field="reference",
                )
        if "amount_cents" in changes:
            if row["status"] in FINAL_STATUSES:
                raise CaseConflict(
                    f"The case is {row['status']}: its amount cannot change.", code="case-closed", field="amount",
                )
            changes["balance_cents"] = row["balance_cents"] + changes["amount_cents"] - row["amount_cents"]
        if changes:
            changes["updated_at"] = now
            conn.execute(sa.update(cases).where(cases.c.account == account, cases.c.id == case_id).values(**changes))
            row = get_row(conn, account=account, case_id=case_id)
        assert row is not None
        return case_json(row)


def set_status(
    conn: sa.Connection, *, account: str, case_id: str, status: str, now: dt.datetime,
    event: str | None = None, payload: dict[str, Any] | None = None,
) -> sa.RowMapping:
    """Move a case to ``status`` (allowed by :data:`TRANSITIONS`) in the caller's transaction,
    recording ``event`` with ``payload`` when given. Returns the case as it is now."""
    row = get_row(conn, account=account, case_id=case_id, lock=True)
    if row is None:
        raise CaseConflict(f"There is no case {case_id}.", code="not-found")
    if status != row["status"]:
        if status not in TRANSITIONS.get(row["status"], ()):
            raise CaseConflict(
                f"{'An' if row['status'][0] in 'aeiou' else 'A'} {row['status']} case cannot become {status}.",
                code="invalid-transition", field="status",
            )
        values: dict[str, Any] = {"status": status, "updated_at": now}
        stamp = _STAMPS.get(status)
        if stamp is not None:
            moment = sa.bindparam(None, now, type_=cases.c[stamp].type)
            values[stamp] = sa.func.coalesce(cases.c[stamp], moment) if status == "contacted" else now
        conn.execute(sa.update(cases).where(cases.c.account == account, cases.c.id == case_id).values(**values))
        row = get_row(conn, account=account, case_id=case_id)
        assert row is not None
    if event is not None:
        record_event(conn, account=account, case_id=case_id, type=event, payload=payload, now=now)
    return row


@dataclass(frozen=True)
class DeletedCase:
    id: str
    reference: str
    events: int
    corrections: int


def delete_case(
    store: Store, *, account: str, key: str, now: dt.datetime | None = None, id_only: bool = False
) -> DeletedCase | None:
    """Erase a case (right to erasure): the case, its events, follow-ups and payments, the
    corrections recorded on its reference and the API answers that showed it. What stays is a
    tombstone with no personal data (id, reference, when it was created and erased), so the id
    answers "gone"."""
    from getbill_import.store.types import utc_now

    now = now or utc_now()
    with store.write() as conn:
        row = find_case(conn, account, key, id_only=id_only)
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
        conn.execute(sa.delete(idempotency_keys).where(
            idempotency_keys.c.account == account, idempotency_keys.c.subject == row["id"]
        ))
        for table in (followups, payments):
            conn.execute(sa.delete(table).where(table.c.account == account, table.c.case_id == row["id"]))
        conn.execute(sa.delete(cases).where(cases.c.account == account, cases.c.id == row["id"]))
        conn.execute(sa.insert(case_tombstones).values(
            id=row["id"], account=account, reference=row["reference"], created_at=row["created_at"], deleted_at=now,
        ))
    return DeletedCase(row["id"], row["reference"], n_events, n_corrections)


_BY_ID = sa.select(cases).where(cases.c.account == sa.bindparam("account"), cases.c.id == sa.bindparam("key"))


def find_case(conn: sa.Connection, account: str, key: str, *, id_only: bool = False) -> sa.RowMapping | None:
    """The case whose id or reference is ``key`` (an id wins over a reference)."""
    by_id = conn.execute(_BY_ID, {"account": account, "key": key}).mappings().first()
    if by_id is not None or id_only:
        return by_id
    return conn.execute(
        sa.select(cases).where(cases.c.account == account, cases.c.reference == key)
    ).mappings().first()


def tombstone(store: Store, *, account: str, case_id: str) -> dict[str, Any] | None:
    with store.read() as conn:
        row = conn.execute(sa.select(case_tombstones).where(
            case_tombstones.c.account == account, case_tombstones.c.id == case_id
        )).mappings().first()
    return dict(row) if row else None
