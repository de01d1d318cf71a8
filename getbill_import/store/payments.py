"""Payments received for cases: stored once per external id, listed per case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from getbill_import.store.engine import Store
from getbill_import.store.schema import payments
from getbill_import.store.shape import iso_utc

#: the prefixes of Stripe's payment objects (PaymentIntent, Charge, Payment, Invoice)
STRIPE_PREFIXES: tuple[str, ...] = ("pi_", "ch_", "py_", "in_")


def payment_json(row: Any) -> dict[str, Any]:
    """A payment as the API shows it (and ``debt.payment_received`` carries it)."""
    external = row["external_id"]
    return {
        "id": row["id"], "debt_id": row["case_id"],
        "amount": row["amount_cents"] / 100, "currency": row["currency"], "method": row["method"],
        "external_id": external,
        "stripe_payment_id": external if external and external.startswith(STRIPE_PREFIXES) else None,
        "applied": row["applied_cents"] / 100, "overpaid": row["overpaid_cents"] / 100,
        "overpayment": row["overpaid_cents"] > 0,
        "paid_at": iso_utc(row["paid_at"]), "recorded_at": iso_utc(row["recorded_at"]),
        "source": row["source"], "details": row["details"],
    }


def by_external_id(conn: sa.Connection, *, account: str, external_id: str) -> sa.RowMapping | None:
    return conn.execute(
        sa.select(payments).where(payments.c.account == account, payments.c.external_id == external_id)
    ).mappings().first()


def known_external_ids(conn: sa.Connection, *, account: str, external_ids: list[str]) -> set[str]:
    """Those of ``external_ids`` already recorded for the account."""
    found: set[str] = set()
    for start in range(0, len(external_ids), 5_000):
        chunk = external_ids[start:start + 5_000]
        found.update(conn.execute(sa.select(payments.c.external_id).where(
            payments.c.account == account, payments.c.external_id.in_(chunk)
        )).scalars())
    return found


def list_payments(store: Store, *, account: str, case_id: str) -> list[dict[str, Any]]:
    """A case's payments, oldest first."""
    with store.read() as conn:
        rows = conn.execute(
            sa.select(payments).where(payments.c.account == account, payments.c.case_id == case_id)
            .order_by(payments.c.recorded_at, payments.c.id)
        ).mappings().all()
    return [payment_json(r) for r in rows]


def paid_since(store: Store, *, account: str, since: dt.datetime) -> int:
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(payments).where(
            payments.c.account == account, payments.c.recorded_at >= since
        )).scalar_one())
