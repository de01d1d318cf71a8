"""What a webhook says: the page's shape ``{"event", "timestamp", "data", "webhook_id"}``, and
the ``data`` of each event type — everything a receiver needs to update its records without
calling back (the debt's id, reference, status, amounts and balance, debtor, and the payment or
follow-up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import orjson

from getbill_import.store.shape import case_json, iso_utc


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
    """The part of every debt event's data that describes the case as it is now."""
    case = case_json(row)
    return {
        "debt_id": case["id"], "reference": case["reference"], "status": case["status"],
        "amount": case["amount"], "balance": case["balance"], "currency": case["currency"],
        "debtor": {k: case["debtor"][k] for k in ("name", "email", "phone")},
        "scenario": case["scenario"], "due_date": case["due_date"],
    }


def simulated(event_type: str, row: Mapping[Any, Any], now: dt.datetime, details: Mapping[str, Any]) -> dict[str, Any]:
    """The data of an event the sandbox simulates for a case: the shape real events have."""
    data = case_summary(row)
    at = iso_utc(now)
    if event_type == "debt.created":
        return {("debt_id" if k == "id" else k): v for k, v in case_json(row).items()}
    if event_type == "debt.contacted":
        data.update(channel=details.get("channel", "email"), contacted_at=at)
    elif event_type == "debt.payment_received":
        amount = details.get("amount", data["balance"])
        data["payment"] = {
            "amount": amount, "currency": data["currency"], "method": details.get("method", "card"),
            "stripe_payment_id": details.get("stripe_payment_id", "pi_sandbox_" + str(row["id"])[-12:]),
        }
        if amount >= data["balance"]:
            data.update(status="resolved", balance=0.0, resolved_at=at)
        else:
            data["balance"] = round(data["balance"] - amount, 2)
    elif event_type == "debt.resolved":
        data.update(status="resolved", balance=0.0, resolved_at=at)
    elif event_type == "debt.escalated":
        data.update(status="escalated", escalated_at=at, reason=details.get("reason", "end of scenario"))
    elif event_type == "followup.completed":
        channel = details.get("channel", "email")
        data["followup"] = {
            "channel": channel, "outcome": details.get("outcome", "delivered"), "wave": details.get("wave", 1),
            "started_at": at, "completed_at": at,
            "details": details.get("details", f"sandbox {channel} follow-up"),
        }
    return data
