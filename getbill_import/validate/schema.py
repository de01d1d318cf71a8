"""The contract every loader relies on, as a pandera schema over the valid rows of
``ValidationResult.cases``: column types, amount > 0, ISO currency, E.164 phones, required fields
present, references unique. Validation output always satisfies it; a failure is a bug.

Each value rule is written once, as a polars expression (:data:`_RULES`), and used twice: as the
pandera checks of :data:`CASE_SCHEMA`, and by :func:`check_cases`, which has pandera check the
structure (columns, order, types) and evaluates every value rule in a single query. Pandera
evaluates one query per check and per column: on the small groups the API validates, that was a
third of a request's time."""

from __future__ import annotations

from collections.abc import Callable

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.errors import SchemaError, SchemaErrors

from getbill_import.fields import CASE_FIELDS, LINE, METADATA, REQUIRED_FIELDS
from getbill_import.validate import VALID

E164 = r"^\+[1-9][0-9]{1,14}$"

_TYPES: dict[str, pl.DataType] = {
    LINE: pl.Int64(),
    VALID: pl.Boolean(),
    "amount": pl.Decimal(18, 2),
    "due_date": pl.Date(),
    "issue_date": pl.Date(),
}
#: the value rules: (name, what a value must satisfy) per column; nulls are the nullability's matter
_RULES: dict[str, list[tuple[str, Callable[[pl.Expr], pl.Expr]]]] = {
    VALID: [("equal_to(True)", lambda c: c)],
    "amount": [("greater_than(0)", lambda c: c > 0)],
    "currency": [("str_matches(^[A-Z]{3}$)", lambda c: c.str.contains(r"^[A-Z]{3}$"))],
    "debtor.phone": [(f"str_matches({E164})", lambda c: c.str.contains(E164))],
    "debtor.email": [("str_contains(@)", lambda c: c.str.contains("@", literal=True))],
    "debtor.name": [("str_length(min_value=1)", lambda c: c.str.len_chars() >= 1)],
    "reference": [("str_length(min_value=1)", lambda c: c.str.len_chars() >= 1)],
}
_REQUIRED = {LINE, VALID, *REQUIRED_FIELDS, "currency", "scenario"}
_UNIQUE = {LINE, "reference"}
_COLUMNS = (LINE, VALID, *CASE_FIELDS, METADATA)


def _check(name: str, rule: Callable[[pl.Expr], pl.Expr]) -> pa.Check:
    def check(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(rule(pl.col(data.key)))

    return pa.Check(check, name=name)


CASE_SCHEMA = pa.DataFrameSchema(
    {
        name: pa.Column(
            _TYPES.get(name, pl.String()),
            checks=[_check(rule_name, rule) for rule_name, rule in _RULES.get(name, [])] or None,
            nullable=name not in _REQUIRED,
            unique=name in _UNIQUE,
        )
        for name in _COLUMNS
    },
    strict=True,
    ordered=True,
    name="valid cases",
)


class CaseContractError(RuntimeError):
    """Validation produced valid rows that break :data:`CASE_SCHEMA`: a bug, never the user's data."""


_TWICE = ": duplicate values"


def _breaches() -> list[tuple[str, pl.Expr]]:
    """Every value rule of the schema as (description, "some row breaks it")."""
    out = []
    for name in _COLUMNS:
        column = pl.col(name)
        if name in _REQUIRED:
            out.append((f"{name}: null values", column.is_null().any()))
        if name in _UNIQUE:
            # (fewer distinct hashes than values: a screen, each hit confirmed on the values)
            given = column.drop_nulls()
            out.append((f"{name}{_TWICE}", given.hash().n_unique() < given.len()))
        for rule_name, rule in _RULES.get(name, []):
            out.append((f"{name}: {rule_name}", (~rule(column)).fill_null(False).any()))
    return out


_BREACHES = _breaches()


def _written_twice(cases: pl.DataFrame | pl.LazyFrame, name: str) -> bool:
    """Whether a value of column ``name`` is written twice, compared value by value."""
    return bool(cases.lazy().select(pl.col(name).drop_nulls().is_duplicated().any()).collect().item())


def check_cases(valid_cases: pl.DataFrame | pl.LazyFrame) -> None:
    """Raise :class:`CaseContractError` unless ``valid_cases`` satisfies :data:`CASE_SCHEMA` (a lazy
    frame, the valid cases filtered from all, is read in one pass, never gathered)."""
    try:
        # a lazy frame: pandera checks the columns, their order and types (no data)
        CASE_SCHEMA.validate(valid_cases.lazy())
    except (SchemaError, SchemaErrors) as exc:
        raise CaseContractError(f"Validation produced cases that break the case contract: {exc}") from exc
    broken = valid_cases.lazy().select(
        expr.alias(str(i)) for i, (_, expr) in enumerate(_BREACHES)
    ).collect().row(0)
    failed = [label for (label, _), hit in zip(_BREACHES, broken, strict=True) if hit and (
        not label.endswith(_TWICE) or _written_twice(valid_cases, label.removesuffix(_TWICE)))]
    if failed:
        raise CaseContractError(f"Validation produced cases that break the case contract: {'; '.join(failed)}")
