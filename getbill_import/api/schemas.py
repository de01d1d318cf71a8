"""The JSON shapes of the public contract, as JSON Schema for ``/openapi.json``. Request bodies
are parsed by the routes themselves (numbers kept exact, per-item problems instead of one
refusal), so these schemas document; responses are checked against them by the fuzz tests."""

from __future__ import annotations

from typing import Any

from getbill_import.store.credentials import SCOPES
from getbill_import.store.schema import CASE_STATUSES

_TEXT = {"type": ["string", "null"]}
_NUMBER_OR_TEXT = {"type": ["number", "string"]}

ADDRESS_IN = {
    "type": ["object", "null"],
    "properties": {k: _TEXT for k in ("line1", "line2", "postal_code", "city", "region", "country")},
    "additionalProperties": False,
}
DEBTOR_IN = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 500, "example": "Jean Dupont"},
        "first_name": _TEXT, "last_name": _TEXT,
        "company": _TEXT,
        "email": {"type": ["string", "null"], "example": "jean.dupont@email.com"},
        "phone": {"type": ["string", "null"], "example": "+33612345678"},
        "address": ADDRESS_IN,
    },
    "additionalProperties": False,
}
DEBT_IN: dict[str, Any] = {
    "type": "object",
    "required": ["debtor", "amount", "reference"],
    "properties": {
        "debtor": DEBTOR_IN,
        "amount": {**_NUMBER_OR_TEXT, "example": 2340.00, "description": "Amount to collect, tax included (> 0)"},
        "currency": {"type": ["string", "null"], "example": "EUR", "description": "ISO 4217 (default EUR)"},
        "reference": {"type": "string", "example": "F-2024-0847", "description": "Invoice number, unique per account"},
        "due_date": {"type": ["string", "null"], "example": "2024-01-15"},
        "issue_date": {"type": ["string", "null"]},
        "scenario": {"type": ["string", "null"], "example": "standard_3_waves"},
        "metadata": {"type": ["object", "null"], "description": "Anything else to keep with the case"},
    },
    "additionalProperties": False,
}
DEBT_UPDATE: dict[str, Any] = {**DEBT_IN, "required": [], "description": "The fields to change; null clears an optional one"}
BATCH_IN: dict[str, Any] = {
    "type": "object",
    "required": ["debts"],
    "properties": {
        "debts": {"type": "array", "items": DEBT_IN},
        "on_existing": {"type": "string", "enum": ["skip", "update"], "default": "skip"},
    },
    "additionalProperties": False,
}

_NTEXT = {"type": ["string", "null"]}
DEBT_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "reference", "debtor", "amount", "balance", "currency", "status", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "string", "example": "debt_01jd2k8v9w0x1y2z3a4b5c6d7e"},
        "reference": {"type": "string"},
        "debtor": {
            "type": "object",
            "properties": {
                "name": {"type": "string"}, "company": _NTEXT, "email": _NTEXT, "phone": _NTEXT,
                "address": {"type": "object", "properties": {
                    k: _NTEXT for k in ("line1", "line2", "postal_code", "city", "region", "country")
                }},
            },
        },
        "amount": {"type": "number"},
        "balance": {"type": "number"},
        "currency": {"type": "string"},
        "due_date": _NTEXT,
        "issue_date": _NTEXT,
        "scenario": _NTEXT,
        "status": {"type": "string", "enum": list(CASE_STATUSES)},
        "metadata": {"type": ["object", "null"]},
        "import_id": _NTEXT,
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
        "warnings": {"type": "array", "items": {"type": "object"}},
    },
}
DEBT_LIST: dict[str, Any] = {
    "type": "object",
    "required": ["data", "has_more", "next_cursor"],
    "properties": {
        "data": {"type": "array", "items": DEBT_OUT},
        "has_more": {"type": "boolean"},
        "next_cursor": _NTEXT,
    },
}
ITEM_PROBLEM = {
    "type": "object",
    "properties": {
        "index": {"type": "integer"}, "reference": _NTEXT, "field": _NTEXT, "code": {"type": "string"},
        "severity": {"type": "string"}, "message": {"type": "string"}, "suggestion": _NTEXT,
    },
}
BATCH_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["batch_id", "status", "total", "created", "errors"],
    "properties": {
        "batch_id": {"type": "string", "example": "batch_01jd2k8v9w0x1y2z3a4b5c6d7e"},
        "status": {"type": "string", "enum": ["processing", "completed", "failed"]},
        "total": {"type": "integer"}, "valid": {"type": "integer"}, "created": {"type": "integer"},
        "existing": {"type": "integer"}, "updated": {"type": "integer"}, "errors": {"type": "integer"},
        "warnings": {"type": "integer"},
        "problems": {"type": "array", "items": ITEM_PROBLEM},
        "problems_truncated": {"type": "boolean"},
        "created_at": {"type": "string"}, "completed_at": _NTEXT,
    },
}
IMPORT_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "status"],
    "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": ["processing", "completed", "failed"]},
        "already_imported": {"type": "boolean"},
        "file": {"type": "object"},
        "counts": {"type": "object"},
        "load": {"type": "object"},
        "mapping": {"type": ["array", "null"]},
        "error": {"type": ["object", "null"]},
        "reports": {"type": "object"},
        "earlier_cases": {"type": ["object", "null"],
                          "description": "What the file said of the cases of earlier imports, counted: payments "
                                         "recorded, cases cancelled, rows saying more is owed than the balance"},
        "started_at": {"type": "string"}, "finished_at": _NTEXT,
    },
}
ACCESS_LOG_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["data", "has_more", "next_cursor"],
    "properties": {
        "data": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "at": {"type": "string"}, "credential": _NTEXT, "method": {"type": "string"},
            "path": {"type": "string"}, "status": {"type": "integer"}, "latency_ms": {"type": "number"},
        }}},
        "has_more": {"type": "boolean"},
        "next_cursor": _NTEXT,
    },
}
SCOPES_TEXT = ", ".join(SCOPES)


def json_body(schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON request body the route reads itself."""
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}


def json_answer(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}
