"""Reading: a user's CSV/XLSX file becomes a polars DataFrame of strings.

Public surface (stable, used by mapping, validation, the CLI and the API):

    read_table(path, *, sheet=None, encoding=None, delimiter=None, limits=ReadLimits(),
               header_score=None, layout_score=None, sheet_score=None) -> ReadResult

``ReadResult.frame`` has a first column ``LINE`` ("__line__", Int64: the row number as the
user's spreadsheet shows it, header row included in the count) followed by one pl.String
column per source column, named by the user's header (blank headers become "Column 3",
duplicated headers "Montant (2)"). No value is ever converted: "0612345678" stays a string.

``header_score`` (optional, injected by the caller, typically ``mapping.header_score``) rates
how much a candidate row looks like a header of an invoice export, from 0 to 1; the reader
uses it to find the header row below title rows and to pick the first sheet whose header is
recognised.

``layout_score`` (optional, injected, typically ``mapping.rate_layout``) rates a candidate table
(a sample frame: LINE + its named columns) by how completely it maps; with it, the reader keeps,
among the sheets of a workbook and the candidate header rows of each, the one that maps best, and
says which one came second.

``sheet_score`` (optional, injected, typically ``mapping.values.sheet_holds`` bound to the user's
vocabulary) says what a sheet's name holds: 1 debts ("CXC VENCIDAS", "SOSPESI"), -1 something else
(payments, invoices not yet due, payables), 0 neither; it weighs in the choice of the sheet less
than half a required field.

Report layouts that put each customer's name on a row of its own above that customer's invoices
and a "Total …" row below them are recognised: those rows are excluded and
``ReadResult.group_labels`` holds, for every data row, the label of its group (else None).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

HeaderScore = Callable[[Sequence[str]], float]


@dataclass(frozen=True)
class LayoutRating:
    """How well a candidate table maps: higher is better; ``summary`` says why, for notices."""

    score: float
    summary: str


#: a sample frame (LINE + named columns) → (score, summary)
LayoutScore = Callable[[pl.DataFrame], tuple[float, str]]
SheetScore = Callable[[str], int]


@dataclass(frozen=True)
class ExcludedLine:
    line: int
    #: "blank", "title", "subheader" (the columns' names again, below the header), "totals",
    #: "footer" (a note below the data: one cell of text), "subtitle" (one cell of text between the
    #: header and the data: the report's period, the ledger's group),
    #: "group" (a report's group label row), "ragged", "item" (a line item continuing the invoice
    #: above it), "repeat" (a line item repeating the invoice above it), "line" (a line of the
    #: invoice above it, its amount added to the invoice's), "posting" (a ledger's payment or
    #: credit netted with its invoice), "credited" (an invoice a credit note of the file cancels in
    #: full, and that credit note), "paid" (a posting of an invoice a ledger shows paid),
    #: "account" (a line on a ledger account that is not a customer receivable), "snapshot" (a row
    #: of an earlier snapshot of open items stacked in the file), "split" (a QuickBooks IIF
    #: transaction's split line, or a section's header or end) or
    #: "closed" (an invoice whose status column says it is paid, cancelled or a draft)
    reason: str
    text: str = ""


@dataclass
class SourceInfo:
    path: str
    format: str  # "csv", "xlsx", "xls", "ods"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: int = 0
    excluded_lines: list[ExcludedLine] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: excluded lines beyond those listed in ``excluded_lines`` (a listing is bounded; the notices
    #: count them all)
    unlisted: int = 0
    #: for a workbook whose sheets were read to choose one, the short texts of the others' first rows,
    #: each with its sheet's name (what they say of the whole workbook: its currency)
    other_sheet_texts: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["excluded_lines"] = [asdict(e) for e in self.excluded_lines]
        return data


@dataclass
class ReadResult:
    frame: pl.DataFrame
    source: SourceInfo
    #: row problems found while reading (ragged rows, undecodable text), PROBLEM_SCHEMA
    problems: pl.DataFrame
    #: for a grouped report, the label of each data row's group (pl.String, same height as frame)
    group_labels: pl.Series | None = None
    #: for an export with a row per invoice line, the rows that are lines of the invoice on an
    #: earlier row (LINE, "invoice"), their amounts to be added to it (set once the file is mapped)
    invoice_lines: pl.DataFrame | None = None
    #: the debtor fields joined from a debtors file: columns aligned with ``frame``, each mapped to
    #: its field by a pseudo-column of the mapping (set once the file is mapped)
    joined: pl.DataFrame | None = None
    #: a ledger's payments and credits to invoices that are not in the file (of earlier batches):
    #: their rows, with the customer account (set once the file is mapped)
    ledger_credits: pl.DataFrame | None = None
    #: a ledger's receipts that pay several invoices of the file in full: the receipt's row (LINE)
    #: and each invoice's row ("invoice") (set once the file is mapped)
    receipts_paid: pl.DataFrame | None = None
    #: a ledger's balance brought forward, left out (its invoices are not in the file), in cents: the
    #: one debtor's credits of the file pay it before the file's invoices (set once the file is mapped)
    brought_forward: int | None = None
    #: for a workbook, each column's number in its sheet (1-based: "C" is 3), by its name
    column_numbers: dict[str, int] | None = None
    #: for a grouped report, the groups that open with a balance brought forward beside their label
    #: (their rows are movements since), by their labels
    opened_groups: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        from getbill_import.fields import LINE

        return [c for c in self.frame.columns if c != LINE]


from getbill_import.read._layout import SAME_COLUMNS_SAID  # noqa: E402
from getbill_import.read._table import HEADER_LONGER_SAID, exclusion_notices, read_table  # noqa: E402  (the modules above import the dataclasses)

__all__ = [
    "HEADER_LONGER_SAID", "SAME_COLUMNS_SAID", "ExcludedLine", "HeaderScore", "LayoutRating", "LayoutScore", "ReadResult", "SheetScore", "SourceInfo", "exclusion_notices",
    "read_table",
]
