"""Payments and status changes of one case: the balance, the status machine, the events.

A payment is recorded whatever the case's state (money received is a fact): it lowers the
balance by what the balance still owed (``applied``), and what came beyond is kept as an
overpayment and flagged. The payment that brings the balance to zero resolves the case (when its
status allows: see ``store.service.TRANSITIONS``). Events: ``debt.payment_received`` for every
payment, then ``debt.resolved`` for the one that resolved the case. An external id (a Stripe
payment id, a bank line's fingerprint) is recorded once per account: the same payment given
again is answered with the first record, and pays nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from getbill_import.errors import GetbillError
from getbill_import.store.engine import Store, WriteConflict
from getbill_import.store.ids import new_ids
from getbill_import.store.payments import by_external_id, payment_json
from getbill_import.store.schema import cases, events, payments
from getbill_import.store.service import TRANSITIONS, get_row, record_event, set_status
from getbill_import.store.shape import case_json
from getbill_import.webhooks import payloads

#: the statuses a client may ask for (a case is resolved by its payments, never by hand)
REQUESTABLE_STATUSES: tuple[str, ...] = ("contacted", "payment_plan", "escalated", "cancelled")
_ATTEMPTS = 3


class PaymentRefused(GetbillError):
    """A payment that cannot be recorded: another currency, a zero amount, an external id
    already used for another payment."""

    code = "payment-refused"


class CaseNotFound(GetbillError):
    code = "not-found"


@dataclass(frozen=True)
class Recorded:
    payment: dict[str, Any]
    case: dict[str, Any]
    #: False when the external id was recorded before (nothing was paid now)
    created: bool
    #: this payment resolved the case
    resolved: bool


def record_payment(
    conn: sa.Connection, *, account: str, case_id: str, amount_cents: int, currency: str | None, method: str,
    external_id: str | None, paid_at: dt.datetime | None, now: dt.datetime, source: str,
    details: dict[str, Any] | None = None,
) -> Recorded:
    """Record a payment in the caller's transaction (see the module's docstring): the one-payment
    case of :func:`record_payments`, which answers a payment given again with its first record.
    Raises CaseNotFound, PaymentRefused."""
    if external_id is not None:
        earlier = by_external_id(conn, account=account, external_id=external_id)
        if earlier is not None:
            if earlier["case_id"] != case_id or earlier["amount_cents"] != amount_cents:
                raise PaymentRefused(
                    f"The payment {external_id} was already recorded, for {earlier['amount_cents'] / 100:.2f} "
                    f"{earlier['currency']} on case {earlier['case_id']}: an external id names one payment.",
                    code="external-id-reused", field="external_id",
                )
            row = get_row(conn, account=account, case_id=case_id)
            assert row is not None
            return Recorded(payment_json(earlier), case_json(row), False, False)
    item = NewPayment(case_id, amount_cents, currency, method, external_id, paid_at, details)
    [outcome] = record_payments(conn, account=account, items=[item], now=now, source=source)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.payment is not None
    after = get_row(conn, account=account, case_id=case_id)
    assert after is not None
    return Recorded(outcome.payment, case_json(after), True, outcome.resolved)


def pay(store: Store, **kwargs: Any) -> Recorded:
    """:func:`record_payment` in a transaction of its own (retried when a concurrent request
    recorded the same external id first: the retry then finds it)."""
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with store.write() as conn:
                return record_payment(conn, **kwargs)
        except WriteConflict:
            if attempt == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def change_status(
    store: Store, *, account: str, case_id: str, status: str, now: dt.datetime, reason: str | None = None,
) -> dict[str, Any]:
    """Move a case to ``status`` on request (``REQUESTABLE_STATUSES``; the status machine
    decides), with ``debt.escalated`` for an escalation and ``debt.contacted`` for a first
    contact. Raises CaseConflict for a move the machine refuses, CaseNotFound."""
    if status not in REQUESTABLE_STATUSES:
        raise PaymentRefused(
            f"A case can be moved to {', '.join(REQUESTABLE_STATUSES)}; it is resolved by recording its payments.",
            code="invalid-status", field="status",
        )
    with store.write() as conn:
        before = get_row(conn, account=account, case_id=case_id, lock=True)
        if before is None:
            raise CaseNotFound(f"There is no case {case_id}.")
        after = set_status(conn, account=account, case_id=case_id, status=status, now=now)
        if before["status"] != status:
            if status == "escalated":
                conn.execute(sa.update(cases).where(cases.c.id == case_id).values(next_step_on=None))
                record_event(conn, account=account, case_id=case_id, type="debt.escalated", now=now,
                             payload=payloads.escalated(after, at=now, reason=reason or "on request"))
            elif status == "contacted" and before["contacted_at"] is None:
                record_event(conn, account=account, case_id=case_id, type="debt.contacted", now=now,
                             payload=payloads.contacted(after, channel="manual", at=now))
        return case_json(after)


@dataclass(frozen=True)
class NewPayment:
    """One payment of :func:`record_payments`."""

    case_id: str
    amount_cents: int
    #: None: the case's currency
    currency: str | None
    method: str
    external_id: str | None
    paid_at: dt.datetime | None
    details: dict[str, Any] | None = None


@dataclass(frozen=True)
class BulkOutcome:
    """What became of one :class:`NewPayment`: recorded (``payment``, and whether it ``resolved``
    the case), or refused with why."""

    payment: dict[str, Any] | None = None
    resolved: bool = False
    error: CaseNotFound | PaymentRefused | None = None

    @property
    def refused(self) -> str | None:
        return None if self.error is None else str(self.error)


def _refusal(row: Mapping[str, Any] | None, item: NewPayment) -> CaseNotFound | PaymentRefused | None:
    """Why ``item`` cannot be paid on its case (``row``, None when there is none), or None."""
    if row is None:
        return CaseNotFound(f"There is no case {item.case_id}.")
    currency = (item.currency or row["currency"]).upper()
    if currency != row["currency"]:
        return PaymentRefused(
            f"The case is in {row['currency']}, the payment in {currency}: record it in {row['currency']}.",
            code="currency-mismatch", field="currency",
        )
    if item.amount_cents <= 0:
        return PaymentRefused("A payment's amount is more than zero.", code="invalid-amount", field="amount")
    return None


#: cases read, locked and written per statement by record_payments
_BULK = 2_000


def record_payments(
    conn: sa.Connection, *, account: str, items: list[NewPayment], now: dt.datetime, source: str,
) -> list[BulkOutcome]:
    """Record many payments, each on a case of its own and each with an external id not recorded
    before (``known_external_ids``), in the caller's transaction, in a few set-based statements
    (the cases read and locked, the payments inserted, the balances and statuses written, the
    events added, each in batches). A payment on a case that is not there, in another currency,
    or of no amount is refused with why, and the others are recorded. A payment dated after
    ``now`` is dated ``now``."""
    if len({item.case_id for item in items}) != len(items):
        raise ValueError("record_payments takes one payment per case")
    rows: dict[str, Any] = {}
    # what the balance, the status machine and the events' case summary need
    columns = [cases.c[name] for name in (
        "id", "reference", "status", "amount_cents", "balance_cents", "currency", "debtor_name", "debtor_email",
        "debtor_phone", "scenario", "due_date",
    )]
    for start in range(0, len(items), _BULK):
        query = sa.select(*columns).where(
            cases.c.account == account, cases.c.id.in_([item.case_id for item in items[start:start + _BULK]])
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        rows.update({row["id"]: row for row in conn.execute(query).mappings()})
    outcomes, inserted, balances, resolved, added = [], [], [], [], []
    fresh = iter(new_ids("pay", len(items)).to_list())
    for item in items:
        row = rows.get(item.case_id)
        refusal = _refusal(row, item)
        if refusal is not None:
            outcomes.append(BulkOutcome(error=refusal))
            continue
        assert row is not None
        currency = row["currency"]
        applied = min(item.amount_cents, max(int(row["balance_cents"]), 0))
        values = {
            "id": next(fresh), "account": account, "case_id": item.case_id, "amount_cents": item.amount_cents,
            "applied_cents": applied, "overpaid_cents": item.amount_cents - applied, "currency": currency,
            "method": item.method, "external_id": item.external_id, "source": source, "details": item.details,
            "paid_at": min(item.paid_at or now, now), "recorded_at": now,
        }
        inserted.append(values)
        balance = int(row["balance_cents"]) - applied
        ends = balance <= 0 < row["balance_cents"] and "resolved" in TRANSITIONS[row["status"]]
        after = {**row, "balance_cents": balance, "updated_at": now,
                 **({"status": "resolved", "resolved_at": now} if ends else {})}
        if ends:
            resolved.append({"_id": item.case_id, "_balance": balance})
        elif applied:
            balances.append({"_id": item.case_id, "_balance": balance})
        payment = payment_json(values)
        added.append({"account": account, "case_id": item.case_id, "type": "debt.payment_received", "created_at": now,
                      "payload": payloads.payment_received(after, payment, resolved_at=now if ends else None)})
        if ends:
            added.append({"account": account, "case_id": item.case_id, "type": "debt.resolved", "created_at": now,
                          "payload": payloads.resolved(after, at=now)})
        outcomes.append(BulkOutcome(payment=payment, resolved=ends))
    where = (cases.c.account == account, cases.c.id == sa.bindparam("_id"))
    for start in range(0, max(len(inserted), len(balances), len(resolved), len(added)), _BULK):
        window = slice(start, start + _BULK)
        if inserted[window]:
            conn.execute(sa.insert(payments), inserted[window])
        if balances[window]:
            conn.execute(sa.update(cases).where(*where).values(balance_cents=sa.bindparam("_balance"), updated_at=now),
                         balances[window])
        if resolved[window]:
            conn.execute(sa.update(cases).where(*where).values(
                balance_cents=sa.bindparam("_balance"), updated_at=now, status="resolved", resolved_at=now,
            ), resolved[window])
        if added[window]:
            conn.execute(sa.insert(events), added[window])
    return outcomes
