"""Validation: every mapped row checked and normalised into its canonical form.

Public surface (pure: takes and returns polars frames and plain values):

    validate_frame(mapped, *, columns, options, sheet=None) -> ValidationResult
    apply_suggestions(mapped, problems) -> tuple[pl.DataFrame, pl.DataFrame]

``mapped`` is ``mapping.apply_mapping``'s output: LINE, one pl.String column per mapped
canonical field (dotted names, e.g. "debtor.email"), and METADATA (JSON text of the unmapped
columns). ``columns`` maps each canonical field to the column name the user sees (for reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from getbill_import.fields import DEFAULT_CURRENCY, DEFAULT_SCENARIO, DEFAULT_SCENARIOS

VALID = "__valid__"


@dataclass(frozen=True)
class ValidationOptions:
    default_currency: str = DEFAULT_CURRENCY
    default_region: str = "FR"
    default_scenario: str = DEFAULT_SCENARIO
    scenarios: tuple[str, ...] = DEFAULT_SCENARIOS
    #: "day" / "month" force the reading of ambiguous dates; None decides per column
    date_order: str | None = None
    #: fallback when a column cannot be decided from its values
    default_date_order: str = "day"
    check_deliverability: bool = False


@dataclass
class ValidationResult:
    #: one row per input row: LINE, VALID (bool) and the typed canonical columns
    cases: pl.DataFrame
    #: PROBLEM_SCHEMA
    problems: pl.DataFrame
    #: column-level decisions worth telling the user (e.g. how a date column was read)
    notices: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.cases.height

    @property
    def valid(self) -> int:
        return int(self.cases[VALID].sum()) if self.cases.height else 0

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    @property
    def warnings(self) -> int:
        """Rows accepted with at least one warning."""
        if not self.problems.height:
            return 0
        warned = self.problems.filter(pl.col("severity") == "warning").select("line").unique()
        valid_lines = self.cases.filter(pl.col(VALID)).select(pl.col("__line__").alias("line"))
        return warned.join(valid_lines, on="line").height
