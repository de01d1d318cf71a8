"""The shape of a case, defined once: canonical fields (``fields.CASE_FIELDS``, dotted names that
are also the paths of the public JSON) → columns of the ``cases`` table → the public JSON object
the API, the CLI and ``debt.created`` events show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from getbill_import.fields import CASE_FIELDS

#: canonical field → column of the ``cases`` table, in ``fields.CASE_FIELDS`` order
FIELD_COLUMNS: dict[str, str] = {
    field: (
        "amount_cents" if field == "amount"
        else field.replace("debtor.address.", "address_").replace("debtor.", "debtor_")
    )
    for field in CASE_FIELDS
}
COLUMN_FIELDS: dict[str, str] = {column: field for field, column in FIELD_COLUMNS.items()}

#: the keys of a case's JSON ``debtor`` object and ``debtor.address`` object, in order
DEBTOR_KEYS: tuple[str, ...] = tuple(
    f.removeprefix("debtor.") for f in CASE_FIELDS if f.startswith("debtor.") and f.count(".") == 1
)
ADDRESS_KEYS: tuple[str, ...] = tuple(
    f.removeprefix("debtor.address.") for f in CASE_FIELDS if f.startswith("debtor.address.")
)

#: the ``cases`` columns a new case takes from its data (not the bookkeeping ones), in the order
#: the bulk writers bind them
ROW_COLUMNS: tuple[str, ...] = (
    "id", "reference", *(c for f, c in FIELD_COLUMNS.items() if f != "reference"), "metadata",
)
#: case columns an update overwrites only when given a value (never erased by a blank)
OPTIONAL_CASE_COLUMNS: tuple[str, ...] = (
    *(c for f, c in FIELD_COLUMNS.items() if f not in ("debtor.name", "amount", "currency", "reference")),
    "metadata",
)
#: case columns an update always overwrites
REQUIRED_CASE_COLUMNS: tuple[str, ...] = ("debtor_name", "amount_cents", "currency")
UPDATE_COLUMNS: tuple[str, ...] = ("reference", *REQUIRED_CASE_COLUMNS, *OPTIONAL_CASE_COLUMNS, "updated_at")


def case_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored case (a ``cases`` row) as the public API shows it (``debt.created`` events carry
    the same object with ``debt_id`` in place of ``id``)."""
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
        "due_date": iso_date(row["due_date"]),
        "issue_date": iso_date(row["issue_date"]),
        "scenario": row["scenario"],
        "status": row["status"],
        "metadata": row["metadata"],
        "import_id": row["import_id"],
        "created_at": iso_utc(row["created_at"]),
        "updated_at": iso_utc(row["updated_at"]),
    }


def case_columns(case: Mapping[str, Any]) -> dict[str, Any]:
    """A validated case (a row of ``ValidationResult.cases``: canonical fields typed, METADATA
    as JSON text) as ``cases`` columns, for a single-row write."""
    import json
    from decimal import Decimal

    values: dict[str, Any] = {}
    for field, column in FIELD_COLUMNS.items():
        value = case.get(field)
        if field == "amount":
            value = int(Decimal(value) * 100) if value is not None else None
        values[column] = value
    metadata = case.get("metadata")
    values["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
    return values


def input_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored case as a debt to send to the API (what a client may change), amounts exact."""
    from getbill_import.records import JSONNumber

    cents = int(row["amount_cents"])
    debtor: dict[str, Any] = {key: row[f"debtor_{key}"] for key in DEBTOR_KEYS}
    debtor["address"] = {key: row[f"address_{key}"] for key in ADDRESS_KEYS}
    return {
        "debtor": debtor,
        "amount": JSONNumber(f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"),
        "currency": row["currency"],
        "reference": row["reference"],
        "due_date": iso_date(row["due_date"]),
        "issue_date": iso_date(row["issue_date"]),
        "scenario": row["scenario"],
        "metadata": row["metadata"],
    }


@lru_cache(maxsize=4096)
def iso_utc(moment: dt.datetime) -> str:
    # the scheduler stamps a batch's many events with the same few moments: formatted once each
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
