"""The contract every loader relies on, as a pandera schema over the valid rows of
``ValidationResult.cases``: column types, amount > 0, ISO currency, E.164 phones, required fields
present, references unique. Validation output always satisfies it; a failure is a bug."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaError, SchemaErrors

from getbill_import.fields import CASE_FIELDS, LINE, METADATA, REQUIRED_FIELDS
from getbill_import.validate import VALID

E164 = r"^\+[1-9][0-9]{1,14}$"

_TYPES: dict[str, pl.DataType] = {
    "amount": pl.Decimal(18, 2),
    "due_date": pl.Date(),
    "issue_date": pl.Date(),
}
_CHECKS: dict[str, list[pa.Check]] = {
    "amount": [pa.Check.gt(0)],
    "currency": [pa.Check.str_matches(r"^[A-Z]{3}$")],
    "debtor.phone": [pa.Check.str_matches(E164)],
    "debtor.email": [pa.Check.str_contains("@")],
    "debtor.name": [pa.Check.str_length(min_value=1)],
    "reference": [pa.Check.str_length(min_value=1)],
}
_REQUIRED = (*REQUIRED_FIELDS, "currency", "scenario")


def _column(name: str) -> pa.Column:
    return pa.Column(
        _TYPES.get(name, pl.String()),
        checks=_CHECKS.get(name),
        nullable=name not in _REQUIRED,
        unique=name == "reference",
    )


CASE_SCHEMA = pa.DataFrameSchema(
    {
        LINE: pa.Column(pl.Int64(), nullable=False, unique=True),
        VALID: pa.Column(pl.Boolean(), checks=[pa.Check.eq(True)], nullable=False),
        **{name: _column(name) for name in CASE_FIELDS},
        METADATA: pa.Column(pl.String(), nullable=True),
    },
    strict=True,
    ordered=True,
    name="valid cases",
)


class CaseContractError(RuntimeError):
    """Validation produced valid rows that break :data:`CASE_SCHEMA`: a bug, never the user's data."""


def check_cases(valid_cases: pl.DataFrame) -> None:
    """Raise :class:`CaseContractError` unless ``valid_cases`` satisfies :data:`CASE_SCHEMA`."""
    try:
        CASE_SCHEMA.validate(valid_cases)
    except (SchemaError, SchemaErrors) as exc:
        raise CaseContractError(f"Validation produced cases that break the case contract: {exc}") from exc
