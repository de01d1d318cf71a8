"""What a webhook says: the page's shape ``{"event", "timestamp", "data", "webhook_id"}``, and
the ``data`` of each event type — everything a receiver needs to update its records without
calling back (the debt's id, reference, status, amounts and balance, debtor, and the payment or
follow-up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import orjson

from getbill_import.store.shape import case_json, iso_date, iso_utc


def message_id(event_id: int) -> str:
    """The ``webhook-id`` of an event: the same on every attempt and every endpoint."""
    return f"wh_{event_id}"


def body(event: Mapping[str, Any]) -> bytes:
    return orjson.dumps({
        "event": event["type"],
        "timestamp": iso_utc(event["created_at"]),
        "data": event["payload"],
        "webhook_id": message_id(event["id"]),
    })


def case_summary(row: Mapping[Any, Any]) -> dict[str, Any]:
    """The part of every debt event's data that describes the case as it is now (read from the
    few ``cases`` columns it needs: the scheduler builds a million of these)."""
    return {
        "debt_id": row["id"], "reference": row["reference"], "status": row["status"],
        "amount": row["amount_cents"] / 100, "balance": row["balance_cents"] / 100, "currency": row["currency"],
        "debtor": {"name": row["debtor_name"], "email": row["debtor_email"], "phone": row["debtor_phone"]},
        "scenario": row["scenario"], "due_date": iso_date(row["due_date"]),
    }


def contacted(row: Mapping[Any, Any], *, channel: str, at: dt.datetime) -> dict[str, Any]:
    """``debt.contacted``: the case, the channel that reached the debtor and when."""
    return {**case_summary(row), "channel": channel, "contacted_at": iso_utc(at)}


def followup_completed(row: Mapping[Any, Any], followup: Mapping[str, Any]) -> dict[str, Any]:
    """``followup.completed``: the case and the follow-up (``followup``: at least channel,
    outcome, wave, started_at, completed_at and details)."""
    return {**case_summary(row), "followup": dict(followup)}


def payment_received(
    row: Mapping[Any, Any], payment: Mapping[str, Any], *, resolved_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """``debt.payment_received``: the case after the payment, the payment (at least amount,
    currency, method and stripe_payment_id) and, when it paid the case off, ``resolved_at``."""
    data = {**case_summary(row), "payment": dict(payment)}
    if resolved_at is not None:
        data["resolved_at"] = iso_utc(resolved_at)
    return data


def resolved(row: Mapping[Any, Any], *, at: dt.datetime) -> dict[str, Any]:
    """``debt.resolved``: the case, paid off, and when."""
    return {**case_summary(row), "resolved_at": iso_utc(at)}


def escalated(row: Mapping[Any, Any], *, at: dt.datetime, reason: str) -> dict[str, Any]:
    """``debt.escalated``: the case, handed to legal collection, when and why."""
    return {**case_summary(row), "escalated_at": iso_utc(at), "reason": reason}


def simulated(event_type: str, row: Mapping[Any, Any], now: dt.datetime, details: Mapping[str, Any]) -> dict[str, Any]:
    """The data of an event the sandbox simulates for a case: built by the functions real
    events are built with, from the case as the event would leave it."""
    if event_type == "debt.created":
        return {("debt_id" if k == "id" else k): v for k, v in case_json(row).items()}
    if event_type == "debt.contacted":
        return contacted(row, channel=details.get("channel", "email"), at=now)
    if event_type == "debt.payment_received":
        balance = row["balance_cents"] / 100
        amount = details.get("amount", balance)
        paid_off = amount >= balance
        after = {**row, "balance_cents": 0 if paid_off else row["balance_cents"] - round(amount * 100)}
        if paid_off:
            after["status"] = "resolved"
        payment = {
            "amount": amount, "currency": row["currency"], "method": details.get("method", "card"),
            "stripe_payment_id": details.get("stripe_payment_id", "pi_sandbox_" + str(row["id"])[-12:]),
        }
        return payment_received(after, payment, resolved_at=now if paid_off else None)
    if event_type == "debt.resolved":
        return resolved({**row, "status": "resolved", "balance_cents": 0}, at=now)
    if event_type == "debt.escalated":
        return escalated({**row, "status": "escalated"}, at=now, reason=details.get("reason", "end of scenario"))
    if event_type == "followup.completed":
        channel = details.get("channel", "email")
        at = iso_utc(now)
        return followup_completed(row, {
            "channel": channel, "outcome": details.get("outcome", "delivered"), "wave": details.get("wave", 1),
            "started_at": at, "completed_at": at,
            "details": details.get("details", {"note": f"sandbox {channel} follow-up"}),
        })
    return case_summary(row)
