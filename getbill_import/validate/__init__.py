"""Validation: every mapped row checked and normalised into its canonical form.

Public surface (pure: takes and returns polars frames and plain values):

    validate_frame(mapped, *, columns, options, sheet=None) -> ValidationResult
    apply_suggestions(mapped, problems) -> tuple[pl.DataFrame, pl.DataFrame]

    CASE_SCHEMA            # pandera schema every valid case satisfies (the loaders' contract)
    CODES                  # problem code -> one-line description; SEVERITIES: code -> severity

``mapped`` is ``mapping.apply_mapping``'s output: LINE, one pl.String column per mapped
canonical field (dotted names, e.g. "debtor.email"), and METADATA (JSON text of the unmapped
columns). ``columns`` maps each canonical field to the column name the user sees (for reports).

``ValidationResult.cases`` has one row per input row: LINE, VALID (no error on the line) and every
field of ``fields.CASE_FIELDS``, typed: text trimmed and whitespace-collapsed, ``debtor.email``
normalised, ``debtor.phone`` E.164, ``debtor.address.country`` ISO 3166 alpha-2 when recognisable,
``amount`` Decimal(18, 2), ``currency`` ISO 4217, dates ``pl.Date``, ``scenario`` a configured name;
then METADATA unchanged. A value in error is null in ``cases``; the problem keeps what the user wrote.

The heavy parts (pandera, the rules) are imported on first use of the functions above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import polars as pl

from getbill_import.collection.scenarios import bundled_names
from getbill_import.fields import DEFAULT_CURRENCY, DEFAULT_SCENARIO, LINE

if TYPE_CHECKING:
    from getbill_import.validate.codes import CODES, SEVERITIES
    from getbill_import.validate.core import validate_frame
    from getbill_import.validate.schema import CASE_SCHEMA, CaseContractError
    from getbill_import.validate.suggestions import apply_suggestions

VALID = "__valid__"
#: the column of an invoice's lines (LINE, INVOICE) that holds the line of the invoice's first row
INVOICE = "invoice"
#: the column of a ledger's postings (LINE, INVOICE, SIGN): 1 when the posting adds to what the
#: customer owes on the invoice (a debit), -1 when it takes off (a payment, a credit)
SIGN = "sign"


def no_lines() -> pl.DataFrame:
    """An empty table of invoice lines (LINE, INVOICE)."""
    return pl.DataFrame(schema={LINE: pl.Int64, INVOICE: pl.Int64})

#: below this many distinct e-mails (or phones) left to the libraries, no worker process is started
DEFAULT_PARALLEL_THRESHOLD = 20_000

__all__ = [
    "CASE_SCHEMA", "CODES", "SEVERITIES", "VALID", "CaseContractError", "ValidationOptions",
    "ValidationResult", "apply_suggestions", "validate_frame",
]


@dataclass(frozen=True)
class ValidationOptions:
    default_currency: str = DEFAULT_CURRENCY
    #: the user chose the default currency (no notice questions it)
    currency_given: bool = False
    #: a file that names no currency and whose phone numbers are of another region than the
    #: default is read in that region's currency (a file's pipeline, not the API's cases)
    currency_from_phones: bool = False
    #: the currency was read from a "$" alone in the amount's header ("Total$"), taken for the US dollar:
    #: what to say so, unless the phones of a country writing its own currency with it (Mexico's peso)
    #: say which it is ("" when no header writes a "$" alone)
    dollar_header: str = ""
    default_region: str = "FR"
    #: the user chose the region: it is never replaced by the one the file points to
    region_given: bool = False
    #: the language the file's headers are written in ("es"), when one is: it tells apart the
    #: regions whose phone numbers are written alike
    header_languages: tuple[str, ...] = ()
    default_scenario: str = DEFAULT_SCENARIO
    #: the scenarios a case may name (default: those shipped, collection/scenarios/*.toml)
    scenarios: tuple[str, ...] = field(default_factory=bundled_names)
    #: "day" / "month" force the reading of ambiguous dates; None decides per column
    date_order: str | None = None
    #: fallback when a column cannot be decided from its values
    default_date_order: str = "day"
    #: the order each date field's whole column proves (field, "day" or "month"), rows left out as
    #: not owed included: read so when the rows kept cannot tell, as a proof on a kept row would be
    column_orders: tuple[tuple[str, str], ...] = ()
    #: the order each date field's header writes its format in ("Fecha dd/mm/aaaa": day): read so
    #: when the column's values cannot tell
    header_orders: tuple[tuple[str, str], ...] = ()
    #: the amount's header, when it says its amounts are written in lakhs or crores ("amount_lakh"),
    #: as South Asia counts them
    lakhs_header: str | None = None
    check_deliverability: bool = False
    #: the day of the run: an invoice dated more than ``ISSUED_AHEAD_DAYS`` after it is said (a year
    #: mistyped); None reads no date against the calendar
    today: date | None = None
    #: distinct values left to email-validator / phonenumbers from which both cores are used
    parallel_threshold: int = DEFAULT_PARALLEL_THRESHOLD


@dataclass
class ValidationResult:
    #: one row per input row: LINE, VALID (bool) and the typed canonical columns
    cases: pl.DataFrame
    #: PROBLEM_SCHEMA
    problems: pl.DataFrame
    #: column-level decisions worth telling the user (e.g. how a date column was read)
    notices: list[str] = field(default_factory=list)
    #: rows that were lines of an invoice, their amounts added to it: LINE and INVOICE (its line)
    added_lines: pl.DataFrame = field(default_factory=no_lines)

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
        valid_lines = self.cases.select(pl.col("__line__").filter(pl.col(VALID)).alias("line"))
        return warned.join(valid_lines, on="line").height


_LAZY = {
    "validate_frame": "getbill_import.validate.core",
    "apply_suggestions": "getbill_import.validate.suggestions",
    "CASE_SCHEMA": "getbill_import.validate.schema",
    "CaseContractError": "getbill_import.validate.schema",
    "CODES": "getbill_import.validate.codes",
    "SEVERITIES": "getbill_import.validate.codes",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
