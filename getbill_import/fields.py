"""The canonical fields of a debt-collection case: one source of truth.

Dotted names are used everywhere: mapping output, reports, the store and the API (where
``debtor`` and ``debtor.address`` are nested objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal[
    "text", "name", "email", "phone", "amount", "currency", "date", "country",
    "postal_code", "reference", "scenario",
]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool
    description: str
    #: set for mapping targets that are not stored as such but compose another field
    composes: str | None = None
    #: the longest value the store keeps (characters); a longer one is a row problem
    max_length: int | None = None


FIELDS: tuple[Field, ...] = (
    Field("debtor.name", "name", True, "Debtor's full name or company name", max_length=500),
    Field("debtor.first_name", "name", False, "Debtor's first name", composes="debtor.name"),
    Field("debtor.last_name", "name", False, "Debtor's last name", composes="debtor.name"),
    Field("debtor.second_last_name", "name", False,
          "Second last name, written after the last name (Spanish and Portuguese names: \"apellido materno\")",
          composes="debtor.name"),
    Field("debtor.name_infix", "name", False, "Infix written between the first and the last name (van, de, von der)",
          composes="debtor.name"),
    Field("debtor.company", "text", False, "Debtor's company", max_length=500),
    Field("debtor.email", "email", False, "Debtor's email address", max_length=320),
    Field("debtor.phone", "phone", False, "Debtor's phone number (stored as E.164)", max_length=32),
    Field("debtor.address.line1", "text", False, "Street address", max_length=500),
    Field("debtor.address.house_number", "text", False, "House number, written with the street in line1",
          composes="debtor.address.line1"),
    Field("debtor.address.unit", "text", False, "Flat, unit or addition to the house number, written after it",
          composes="debtor.address.line1"),
    Field("debtor.address.line2", "text", False, "Address complement", max_length=500),
    Field("debtor.address.postal_code", "postal_code", False, "Postal code", max_length=32),
    Field("debtor.address.city", "text", False, "City", max_length=200),
    Field("debtor.address.region", "text", False, "Region, state or province", max_length=200),
    Field("debtor.address.country", "country", False, "Country (ISO 3166 alpha-2 once validated)", max_length=100),
    Field("amount", "amount", True, "Amount to collect (open balance, tax included)"),
    Field("currency", "currency", False, "ISO 4217 currency code (default EUR)"),
    Field("reference", "reference", True, "Invoice number, unique per account", max_length=200),
    Field("due_date", "date", False, "Invoice due date"),
    Field("issue_date", "date", False, "Invoice issue date"),
    Field("scenario", "scenario", False, "Follow-up scenario name", max_length=64),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

#: every name a column may be mapped to
MAPPING_TARGETS: tuple[str, ...] = tuple(f.name for f in FIELDS)

#: the fields a case holds once mapping has composed names
CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.composes is None)

REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)

ADDRESS_FIELDS: tuple[str, ...] = tuple(f for f in CASE_FIELDS if f.startswith("debtor.address."))

#: the columns a street is written with in line1 ("Numer_domu" after "Ulica": "Kościuszki 13b/1"); a
#: header alone never names them, a street column beside them does
LINE1_PARTS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.composes == "debtor.address.line1")
HOUSE_NUMBER, UNIT = LINE1_PARTS

#: column of every frame that holds the line number as the user's spreadsheet shows it
LINE = "__line__"
#: column holding the unmapped source columns of a row, as a JSON object
METADATA = "metadata"

DEFAULT_CURRENCY = "EUR"
DEFAULT_SCENARIO = "standard_3_waves"


def is_field(name: str) -> bool:
    return name in BY_NAME


def __getattr__(name: str) -> Any:
    # DEFAULT_SCENARIOS: the scenarios shipped with the package (collection/scenarios/*.toml),
    # read on first use
    if name == "DEFAULT_SCENARIOS":
        from getbill_import.collection.scenarios import bundled_names

        return bundled_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
