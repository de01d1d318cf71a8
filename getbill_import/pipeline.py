"""The pipeline: read → map → validate (→ load). It only runs the stages in order and gathers
their results; it never prints. The CLI, the API and the SFTP daemon all come through here."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import polars as pl

from getbill_import.config import Settings
from getbill_import.errors import InputFileError, MappingError, cli_option
from getbill_import.fields import BY_NAME, LINE
from getbill_import.mapping import ColumnMapping, MappingResult
from getbill_import.problems import ERROR, PROBLEM_SCHEMA, WARNING, concat_problems
from getbill_import.read import HEADER_LONGER_SAID, SAME_COLUMNS_SAID, ReadResult
from getbill_import.report import ReportContext, write_fixed_copy, write_report
from getbill_import.report._fix import FixResult
from getbill_import.validate import INVOICE, SIGN, VALID, ValidationOptions, ValidationResult

if TYPE_CHECKING:  # the store and loader are imported when an import runs, not by `validate`
    from getbill_import.collection.reconcile import ReconcileResult
    from getbill_import.collection.settlements import Settled
    from getbill_import.load import LoadResult
    from getbill_import.read.datev import ExtfHeader
    from getbill_import.store import Store
    from getbill_import.store.imports import ImportRecord

#: the code of the error raised when a required field has no column
REQUIRED_COLUMN_MISSING = "required-column-missing"
#: the file's first row holds values: read as the header, it would be lost and name the columns wrong
NO_HEADER_ROW = "no-header-row"
#: the code of a file whose title says it lists no debts (payments, quotes)
NO_DEBTS_LISTED = "no-debts-listed"

#: called with a stage name ("read", "map", "validate", "report", "load") and an optional fraction done
Progress = Callable[[str, float | None], None]


@dataclass(frozen=True)
class PrepareOptions:
    sheet: str | int | None = None
    profile: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    #: "day" / "month" to force how ambiguous dates are read
    date_order: str | None = None
    #: the header's line (1 the first), 0 when the file has none; None finds it
    header_line: int | None = None
    apply_suggestions: bool = False
    #: a second file with the debtors' details (customer master data), joined to the invoices
    debtors: Path | str | None = None
    #: columns the user maps by hand ("--set COLUMN=FIELD"): (column, field or "ignore")
    assign: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OwedRows:
    """The case rows whose amount is what is still owed on the invoice: every row when ``lines``
    is None, else those lines; ``said`` names the column(s) that say so."""

    said: str
    lines: pl.Series | None = None
    #: what the rows said was owed (``SETTLEMENT`` rows), kept when their amounts were replaced by
    #: the cases' own before an update (``keep_invoice_amounts``)
    said_owed: pl.DataFrame | None = None


@dataclass
class PreparedFile:
    """A file read, mapped and validated: everything a loader or a report needs."""

    path: Path
    read: ReadResult
    mapping: MappingResult
    validation: ValidationResult
    #: every problem: reading (ragged rows…) and validation
    problems: pl.DataFrame
    #: the suggestions applied with ``apply_suggestions`` (line, field, old, new)
    changes: pl.DataFrame | None = None
    reports: dict[str, str] = field(default_factory=dict)
    #: what the reports written say of themselves (control characters shown escaped…)
    report_notices: list[str] = field(default_factory=list)
    #: a ledger's payments of invoices not in the file: LINE, the customer account, reference,
    #: amount, currency and date (``ledger_payments``)
    ledger_payments: pl.DataFrame | None = None
    #: the invoices this list leaves out as paid, cancelled or drafts, which may be cases of
    #: earlier imports (read by ``settlements`` when an import needs them)
    left_out: LeftOut | None = None
    #: what each case row says is still owed on its invoice: the amount column when it is a
    #: balance ("Solde", "Restant dû"), else the lines of the invoices paid in part (their total
    #: less what was paid); an earlier import's case of the same reference is owed no more
    owed: OwedRows | None = None

    @property
    def cases(self) -> pl.DataFrame:
        return self.validation.cases

    @functools.cached_property
    def settlements(self) -> pl.DataFrame | None:
        """The invoices this list leaves out as paid, cancelled or drafts (``LeftOut.settlements``):
        LINE, reference, currency, paid_on, owed (0 when paid), why and said; None without any."""
        return self.left_out.settlements() if self.left_out is not None else None

    @property
    def notices(self) -> list[str]:
        """Every notice: reading, mapping, validation, reports."""
        return self.read.source.notices + self.mapping.notices + self.validation.notices + self.report_notices

    def counts(self) -> dict[str, int]:
        v = self.validation
        return {"rows": v.rows, "valid": v.valid, "invalid": v.invalid, "warnings": v.warnings}

    def report_context(self) -> ReportContext:
        return ReportContext(
            source=self.read.source.to_json(),
            counts=self.counts(),
            columns=[c.to_json() for c in self.mapping.columns],
            frame=self.read.frame,
            sheet=self.read.source.sheet,
        )


def _noop(stage: str, fraction: float | None = None) -> None:
    return None


def validation_options(settings: Settings, date_order: str | None = None) -> ValidationOptions:
    return ValidationOptions(
        default_currency=settings.default_currency,
        default_region=settings.default_region,
        region_given=settings.region_given,
        currency_given=settings.currency_given,
        default_scenario=settings.default_scenario,
        scenarios=settings.scenarios,
        date_order=date_order,
        default_date_order=settings.date_order,
        check_deliverability=settings.check_email_deliverability,
        today=dt.date.today(),
    )


def read_and_map(
    path: Path | str, settings: Settings, options: PrepareOptions | None = None, *, progress: Progress = _noop
) -> tuple[ReadResult, MappingResult]:
    """Read a file and map its columns (what ``map`` shows)."""
    from getbill_import.mapping import header_score, map_columns
    from getbill_import.mapping.layout import journal_rules, rate_layout, use_group_labels
    from getbill_import.mapping.values import sheet_holds
    from getbill_import.read import read_table

    options = options or PrepareOptions()
    header_line = options.header_line
    if header_line is None and options.profile is not None:
        from getbill_import.mapping.profiles import profile_header_line

        # a profile saved for files without a header row reads them as they were read when saved
        header_line = profile_header_line(options.profile, [settings.learned_dir, *settings.profiles_dirs])
    progress("read", None)
    read = read_table(
        Path(path),
        sheet=options.sheet,
        encoding=options.encoding,
        delimiter=options.delimiter,
        limits=settings.read_limits,
        header_line=header_line,
        header_score=functools.partial(header_score, mappings_dir=settings.mappings_dir),
        layout_score=functools.partial(
            rate_layout, mappings_dir=settings.mappings_dir, profiles_dirs=settings.profiles_dirs,
            learned_dir=settings.learned_dir,
        ),
        sheet_score=functools.partial(sheet_holds, mappings_dir=settings.mappings_dir),
    )
    _refuse_fixed_width(read)
    _composed_references(read, options, settings)
    progress("map", None)
    mapping = map_columns(
        read.frame,
        mappings_dir=settings.mappings_dir,
        profiles_dirs=settings.profiles_dirs,
        learned_dir=settings.learned_dir,
        profile=options.profile,
        mapped_threshold=settings.mapped_threshold,
        confirm_threshold=settings.confirm_threshold,
        assign=options.assign,
    )
    # (one account's ledger names its debtor by its sheet, whatever its rows' labels say)
    sheet_named = _debtor_of_the_sheet(read, mapping, settings)
    if read.group_labels is not None and not sheet_named:
        use_group_labels(mapping, read.group_labels)
    elif not sheet_named:
        _no_debtor_beside_suppliers(read, mapping, settings)
        _debtor_of_the_title(read, mapping, settings)
    _read_minor_units(read, mapping, settings)
    _amount_from_age_buckets(read, mapping, settings)
    _amount_from_net_and_tax(read, mapping, settings)
    _total_of_the_amount_and_its_tax(read, mapping, settings)
    _amount_from_net_and_rate(read, mapping, settings)
    _amount_of_a_recurring_charge(read, mapping, settings)
    _phones_under_a_number_header(read, mapping)
    _amount_paid_with_its_tax(read, mapping, settings)
    _amount_in_the_company_currency(read, mapping, settings)
    _amount_due_before_retainage(read, mapping, settings)
    _address_records(read, mapping, settings)
    _lines_of_names(read, mapping)
    _counter_of_each_table(read, mapping)
    _name_of_a_reference_set_by_hand(read, mapping, settings)
    _identity_number_as_reference(read, mapping, settings)
    _reference_of_a_balance_per_debtor(read, mapping, settings)
    _no_creation_date_of_a_balance(mapping)
    _due_date_of_a_scheduled_payment(read, mapping, settings)
    _currency_of_the_amount(mapping, settings)
    _company_of_every_row(read, mapping)
    _scenarios_of_another_system(read, mapping, settings)
    _amount_in_the_rows_currency(read, mapping, settings)
    _sign_of_a_signed_total(read, mapping)
    _credit_notes_naming_their_invoices(read, mapping, settings)
    if not mapping.row_rules:
        mapping.row_rules, fallbacks = journal_rules(read.frame, mapping, settings.mappings_dir)
        mapping.fallbacks = fallbacks or mapping.fallbacks
    _keep_profile_rows(read, mapping, settings)
    _fall_back_columns(read, mapping, settings)
    read.frame, said = second_channel(read.frame, mapping, settings)
    read.source.notices.extend(said)
    if mapping.file_format == "datev-extf":
        _complete_extf_dates(read, mapping)
    if not _read_ledger(read, mapping):
        _latest_snapshot(read, mapping, settings)
        _exclude_other_accounts(read, mapping, settings)
        _exclude_group_subtotals(read, mapping)
        _amount_under_running_total(read, mapping, settings)
        _exclude_footer_rows(read, mapping)
        _exclude_subtitle_rows(read, mapping)
        _exclude_unlabelled_totals(read, mapping, settings)
        _exclude_block_below(read, mapping)
        _name_continued(read, mapping)
        _placeholder_references(read, mapping, settings)
        repeated = _repeated(read, mapping)
        if repeated is not None and _exclude_copies(read, mapping, repeated):
            repeated = _repeated(read, mapping)
        if _number_in_series(read, mapping, settings, repeated):
            repeated = None  # the references changed
        repeated = _references_of_several_debtors(read, mapping, repeated)
        _instalments_by_due_date(read, mapping, settings, repeated)
        _blank_references_by_another_number(read, mapping, settings)
        _blank_references_by_debtor(read, mapping)
        _exclude_item_rows(read, mapping, settings)
        _receipts_of_a_ledger(read, mapping)
        _credit_notes_of_invoices(read, mapping, settings)
    headerless = no_header_row(read, mapping=mapping)
    if headerless:
        read.source.notices.append(headerless)
    if options.debtors is not None:
        progress("read", None)
        if _payments_only(read):
            read.source.notices.append(
                "This ledger holds no invoice, only payments of earlier ones: the debtors file is not needed."
            )
        else:
            try:
                _join_debtors(read, mapping, Path(options.debtors), settings)
            except MappingError as exc:
                # what was read and mapped of the invoices, for the JSON document a command prints
                exc.facts.setdefault("document", mapping_json(read, mapping))
                raise
            _reference_of_joined_balances(read, mapping, settings)
    else:
        _debtors_of_another_sheet(read, mapping, Path(path), settings)
    _formulas_never_calculated(Path(path), read, mapping)
    return read, mapping


def _formulas_never_calculated(path: Path, read: ReadResult, mapping: MappingResult) -> None:
    """A workbook a program wrote (openpyxl, a script) keeps its formulas ("=C2-D2") without their
    results until a spreadsheet opens and saves it: a required field's column blank on every row
    may hold such formulas. Said, with what to do, where the rows would only be rejected as empty."""
    from getbill_import.fields import REQUIRED_FIELDS
    from getbill_import.mapping.columns import BLANK_SAID

    blank = [c.column for c in mapping.columns
             if c.field in REQUIRED_FIELDS and c.status != "unmapped" and c.reason.endswith(BLANK_SAID)]
    if not blank or read.source.format not in ("xlsx", "xlsm") or read.source.header_line is None:
        return
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # a diagnosis only: the file was read already
        return
    from getbill_import.read._formulas import row_formula_result

    lines = set(read.frame.get_column(LINE).to_list())
    try:
        sheet = book[read.source.sheet] if read.source.sheet in book.sheetnames else book.active
        if sheet is None:
            return
        first = read.source.header_line
        header = [str(v).strip() if v is not None else "" for v in next(
            sheet.iter_rows(min_row=first, max_row=first, values_only=True), ())]
        rows = [(n, r) for n, r in enumerate(sheet.iter_rows(min_row=first + 1, values_only=True), start=first + 1)
                if n in lines]
    finally:
        book.close()
    for column in blank:
        if column not in header:
            continue
        at = header.index(column)
        formulas = [(n, r) for n, r in rows if at < len(r) and isinstance(r[at], str) and r[at].startswith("=")]
        if not formulas:
            continue
        shown = formulas[0][1][at].lstrip("=")
        results = {n: found for n, r in formulas if (found := row_formula_result(r[at], n, r)) is not None}
        if len(results) < len(formulas):
            read.source.notices.append(
                f"'{column}' holds formulas ('={shown}') whose results were never saved: the workbook was written "
                "by a program, not saved by a spreadsheet. Open it in Excel or LibreOffice, save it, and import it again."
            )
            continue
        # each formula is this row's arithmetic ("=C2-D2"): its result is what a spreadsheet would have saved
        computed = pl.DataFrame({LINE: list(results), "v": [_formula_text(v) for v in results.values()]},
                                schema={LINE: pl.Int64, "v": pl.String})
        read.frame = read.frame.join(computed, on=LINE, how="left").with_columns(
            pl.coalesce(pl.col(column), pl.col("v")).alias(column)).drop("v")
        # (the column is blank no more: what the mapping said of it goes)
        mapping.notices[:] = [n for n in mapping.notices if f"'{column}' is blank on every row" not in n]
        for col in mapping.columns:
            if col.column == column and col.reason.endswith(BLANK_SAID):
                col.reason = col.reason.removesuffix(BLANK_SAID) + ", computed from its formulas"
        read.source.notices.append(
            f"'{column}' holds formulas ('={shown}') whose results were never saved (the workbook was written by a program, "
            f"not saved by a spreadsheet): each row's arithmetic is done here ({len(results):,} row(s)). To import the "
            "results a spreadsheet computes, open the workbook in Excel or LibreOffice, save it, and import it again."
        )


def _formula_text(value: Decimal) -> str:
    """A formula's result as a cell would write it: whole, or to six decimals at most."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        value = value.quantize(Decimal("0.000001"))
    return format(value.normalize(), "f")


#: a header row whose cells are this share of values (numbers, dates) or more is data
HEADERLESS_SHARE = 0.6


def no_header_row(read: ReadResult, option: Callable[[str], str] = cli_option, mapping: MappingResult | None = None) -> str:
    """A sentence when the row read as the header holds values, not names: a file exported without
    its header row ("" otherwise); ``option`` names the settings it advises (``--header-line``, or
    ``"{header_line}"`` for an error to render). The columns ``mapping`` reads as periods of a wide
    layout ("1-Oct-21", "8-Oct-21"…) are names."""
    from getbill_import.mapping.columns import PERIOD_IGNORED
    from getbill_import.mapping.values import looks_like_value

    periods = {c.column for c in mapping.columns if c.reason.startswith(PERIOD_IGNORED)} if mapping else set()
    # the names the reader gives cells without a header ("Column 10") say nothing
    cells = [h for h in read.headers if h.strip() and not re.fullmatch(r"Column \d+", h) and h not in periods]
    cells = [h for h in cells if h not in _serial_periods(cells)]
    if len(cells) < 2:
        return ""
    # (a value the row writes twice is named apart by the reader: "28/12/2020 (2)")
    values = {h for h in cells if looks_like_value(re.sub(r" \(\d+\)$", "", h))} | _written_below(read, cells)
    if len(values) < HEADERLESS_SHARE * len(cells) and not _data_cells(read, cells):
        return ""
    shown = ", ".join(repr(h) for h in cells[:4])
    return (
        f"The file seems to have no header row: its first row ({shown}…) holds values, not the columns' names. "
        f"Read it with {option('header_line')} 0 (its columns are then 'Column 1', 'Column 2'…, mapped by their "
        f"values), add a first line naming its columns, or give a profile ({option('profile')})."
    )


#: the classes of a chart of accounts a column of account numbers must start with, three at least, and
#: the rows read for them
LEDGER_CLASSES, LEDGER_SAMPLE = 3, 5_000
#: the share of the column's cells that must be such numbers
LEDGER_SHARE = 0.9


def _ledger_account_numbers(read: ReadResult) -> list[str]:
    """The first number of each class of a column, its header's cell with them (a file without its header row),
    that are a chart of accounts' (nearly all its cells, of one length, four to eight digits, starting
    with three classes or more, the expenses' 6 or the revenue's 7 among them: "401100", "411200",
    "606300", "706010"; Switzerland's "1000", "2800", "6642"); [] for a file whose columns hold no such
    numbers."""
    for header in read.headers:
        first = re.sub(r" \(\d+\)$", "", header.strip())
        if header not in read.frame.columns or not re.fullmatch(r"\d{4,8}", first):
            continue
        cells = read.frame.get_column(header).head(LEDGER_SAMPLE).cast(pl.String).str.strip_chars().replace("", None)
        written = pl.concat([pl.Series([first]), cells.drop_nulls()])
        # (a split posting's other side written "..." beside its accounts: Crésus' journal)
        numbers = written.filter(written.str.contains(r"^\d{4,8}$"))
        if numbers.len() < LEDGER_SHARE * written.len() or numbers.str.len_chars().n_unique() != 1:
            continue
        # the first number of each class, by class
        firsts = (pl.DataFrame({"n": numbers}).with_columns(pl.col("n").str.slice(0, 1).alias("c"))
                  .unique(subset="c", keep="first", maintain_order=True).sort("c"))
        if firsts.height >= LEDGER_CLASSES and firsts["c"].is_in(["6", "7"]).any():
            return firsts["n"].to_list()
    return []


#: the days a spreadsheet counts dates by, of the years 1955 to 2064, and the days, at most, between
#: two periods of a wide layout (a month)
_SERIAL_DAYS, _PERIOD_DAYS = (20_000, 60_000), 31


def _serial_periods(cells: list[str]) -> set[str]:
    """The header cells that are a wide layout's periods written as a spreadsheet's day numbers
    (45412, 45443, 45473: a register's months, the "(2)" of a second block kept): three or more in
    a row, each a month or less after the one before."""
    days = [(c, int(m.group(1))) if (m := re.fullmatch(r"(\d{5})(?: \(\d+\))?", c.strip())) else (c, 0) for c in cells]
    found: set[str] = set()
    run: list[str] = []
    for i, (cell, day) in enumerate(days):
        after = 0 < day - days[i - 1][1] <= _PERIOD_DAYS if i and run else False
        if _SERIAL_DAYS[0] <= day <= _SERIAL_DAYS[1]:
            run = [*run, cell] if after else [cell]
        else:
            run = []
        if len(run) >= 3:
            found.update(run)
    return found


#: what no column's name is: an amount with its cents ("1000.07", "2 340,50"), an e-mail address
_DATA_CELL = r"^-?\(?[\d\s.,'\u00a0]*\d[.,]\d{2}\)?$|^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"


def _data_cells(read: ReadResult, cells: list[str]) -> list[str]:
    """The header cells that are an amount with its cents or an e-mail address, as their column's
    first value is ("Osita,40,land,C,1000.07": a marina's first boat, no header)."""
    first = read.frame.head(1)
    return [c for c in cells if re.match(_DATA_CELL, c.strip()) and first.height
            and re.match(_DATA_CELL, str(first.get_column(c)[0] or "").strip())]


def _placeholder(name: str) -> str:
    """A setting named in an error's message, rendered by who shows it (``GetbillError.render``)."""
    return "{" + name + "}"


def _written_below(read: ReadResult, cells: list[str]) -> set[str]:
    """The header cells that are also values of their own column below, on a row that does not
    repeat the whole header (as a report's pages do): the first line of a file of invoice lines
    ("MEC-0072", "000013", "ea", "no"), not names. A row that repeats half of the header or more
    and whose other cells are words without a digit ("Invoice", "GST NO") is another block's header
    (a register's "Purchase" block under its "Sales" one), no values."""
    head = read.frame.head(1000)
    hits = head.select(
        *(pl.col(c).cast(pl.String).str.strip_chars().eq(c.strip()).fill_null(False).alias(c) for c in cells)
    )
    digits = head.select(pl.any_horizontal(
        pl.col(c).cast(pl.String).str.contains(r"\d").fill_null(False) & ~hits[c] for c in cells
    ).alias("d"))["d"]
    names = (hits.select(pl.sum_horizontal(cells))[:, 0] * 2 >= len(cells)) & ~digits
    hits = hits.filter(~pl.all_horizontal(cells) & ~names)
    return {c for c in cells if hits[c].any()}


def _lists_no_debts(name: str, kind: str, columns: Sequence[str], holds: str, instead: str = "") -> str:
    """Why a file of another kind than a list of debts cannot be imported as debts: what it is, by
    which of its columns, what it holds, and what to export instead (``instead`` adds another way)."""
    return (
        f"{name} cannot be imported as debts: it is {kind} (its column{'s' if len(columns) > 1 else ''} "
        f"{', '.join(repr(h) for h in columns)}), "
        f"{holds}. Export the unpaid invoices instead (an aged receivables or open invoices report{instead})."
    )


def _notes_issued_refusal(read: ReadResult, mapping: MappingResult, settings: Settings) -> str:
    """Why a register of promissory notes or cheques all issued by one party, the file's own company
    (WinMentor's "Emitent" on every row, "Tip": BOP), cannot be imported as debts: they are what that
    company owes the parties named; "" for another file, or when the user named the amount himself."""
    from getbill_import.mapping.values import notes_issued_by_one

    amount = mapping.field_columns().get("amount")
    if amount in mapping.set_by_hand or (found := notes_issued_by_one(read.frame, list(read.headers),
                                                                       settings.mappings_dir)) is None:
        return ""
    issuer, who, kinds = found
    return _lists_no_debts(
        Path(read.source.path).name, f"a register of promissory notes or cheques all issued by '{who}', your company",
        [issuer, kinds], "what it owes the parties named, not debts owed to it")


#: a group's label written as a ledger's account: its number, then its name ("10000 · Operating Acc",
#: "411000 - Clients divers")
_ACCOUNT_LABEL = re.compile(r"^\s*\d{3,}\s*[·:.\-–]\s*\S")


def _movements_since_a_balance_refusal(read: ReadResult, mapping: MappingResult) -> str:
    """Why a report grouped under labels, each group opening with a balance brought forward beside its
    label and a running balance beside its rows, cannot be imported as debts: its rows are the
    movements since that balance (QuickBooks' Customer Balance Detail, its General Ledger), whose
    invoices alone do not say what is owed; "" for another file, or when the user named the amount."""
    from getbill_import.mapping.columns import RUNNING_SAID

    amount = mapping.field_columns().get("amount")
    running = next((c.column for c in mapping.columns if c.field is None and c.reason.startswith(RUNNING_SAID)), None)
    if not read.opened_groups or running is None or amount is None or amount in mapping.set_by_hand:
        return ""
    name = Path(read.source.path).name
    first = read.opened_groups[0]
    if 2 * sum(1 for label in read.opened_groups if _ACCOUNT_LABEL.match(label)) > len(read.opened_groups):
        return _lists_no_debts(name, f"a general ledger, its groups the ledger's accounts ('{first}')", [amount, running],
                               "the entries on each account after its balance brought forward, not invoices owed")
    return _lists_no_debts(
        name, f"a report of each customer's movements over a period, each opening with a balance brought forward ('{first}')",
        [amount, running], "invoices and payments since that balance, which do not say which invoices are still "
        f"unpaid: each customer's balance at the period's end, the last in '{running}', is all it owes in one sum",
        ", such as the A/R Aging Detail; or the A/R Aging Summary, to collect each customer's balance as one debt")


#: the amounts a file must write, every one negative, to be a list of credit notes
CREDIT_NOTES_LEAST = 3


def _credit_notes_refusal(read: ReadResult, mapping: MappingResult, settings: Settings) -> str:
    """Why a file whose every amount is written negative (``CREDIT_NOTES_LEAST`` or more: Odoo's
    credit notes, "RINV/…", their "Total Signed" below zero), paid or not, cannot be imported as
    debts: it lists credit notes or refunds, money owed to the customers; "" otherwise, and for a file
    whose parties are suppliers alone, no customer named (a vendor ledger: refused as payables), or
    for a bank account's statement (refused as one)."""
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.mapping.values import (
        supplier_columns,
    )

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns or read.frame.height < CREDIT_NOTES_LEAST:
        return ""
    if statement_columns(read, settings.mappings_dir):
        # a bank account's statement, its money going out written below zero: refused as a statement
        return ""
    if not any(c.field in NAME_FIELDS and c.status != "unmapped" for c in mapping.columns) and _written_columns(
            read, supplier_columns(read.headers, settings.mappings_dir)):
        return ""
    text = read.frame.get_column(amount).cast(pl.String).str.strip_chars()
    written = text.filter(text.is_not_null() & (text != "") & text.str.contains(r"[1-9]"))
    if written.len() < CREDIT_NOTES_LEAST or not written.str.contains(_WRITTEN_NEGATIVE).all():
        return ""
    return (
        f"{Path(read.source.path).name} cannot be imported as debts: every amount of it ('{amount}', {written.len():,} "
        f"rows) is negative, as credit notes and refunds are written: money owed to your customers, no debt owed to "
        "you. Export the unpaid invoices instead (an aged receivables or open invoices report). If your system writes "
        "what customers owe below zero, turn the signs over in the export."
    )


def _bank_movements_refusal(read: ReadResult, mapping: MappingResult, settings: Settings) -> str:
    """Why a file whose balance runs from row to row (``RUNNING_SAID``), its rows' description naming
    a bank's movements on most of them ("DEPOSITO SPEI", "Lastschrift", "Virement"), cannot be
    imported as debts: it is a bank account's statement; "" for another file."""
    from getbill_import.mapping.columns import RUNNING_SAID
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import (
        bank_movements_column,
        cash_account_headers,
    )

    running = next((c.column for c in mapping.columns if c.reason.startswith(RUNNING_SAID)), None)
    if not read.frame.height:
        return ""
    texts = [c.column for c in mapping.columns if c.column in read.frame.columns and c.field in (None, "debtor.name")]
    described = bank_movements_column(read.frame, texts, settings.mappings_dir)
    if (described is not None and running is None and _movements_alone(read, mapping, settings, described)
            and not statement_columns(read, settings.mappings_dir)):
        # (a bank's movements exported without their balance: UniCredit's "Causale", a transfer on each row,
        # beside no due date, no balance and no name of a customer)
        return _statement_refusal(Path(read.source.path).name, [described])
    if running is None:
        return ""
    if described is not None:
        return _statement_refusal(Path(read.source.path).name, [running, described])
    # (the bank account each movement went through beside the running balance: a cash book's, in and
    # out, Conta Azul's financial statement, its receivables mixed with its payables and bank moves)
    account = next((h for h in read.headers if normalize_header(h) in cash_account_headers(settings.mappings_dir)), None)
    if account is None:
        return ""
    return _lists_no_debts(Path(read.source.path).name, "a cash book of an account's movements", [running, account],
                           "money moved in and out of the account and what is to come, receivables and payables together, "
                           "not a list of invoices owed", "")


def _movements_alone(read: ReadResult, mapping: MappingResult, settings: Settings, described: str) -> bool:
    """Whether a file whose ``described`` column names a bank's movement on most rows is nothing but
    movements: a date and an amount, no due date, no balance, no column naming a customer."""
    from getbill_import.mapping.layout import BALANCE_ROLES
    from getbill_import.mapping.values import header_says

    fields = mapping.field_columns()
    if "due_date" in fields or "amount" not in fields or described == fields.get("debtor.name"):
        return False
    if any(c.field == "amount" and c.role in BALANCE_ROLES for c in mapping.columns):
        return False
    return not any(header_says(h, "party_words", settings.mappings_dir) for h in read.headers)


def _statement_refusal(name: str, columns: Sequence[str]) -> str:
    """Why a bank account's statement, told by ``columns``, cannot be imported as debts."""
    return _lists_no_debts(name, "a bank account's statement", columns, "money moved in and out of the account, not invoices owed")


#: the record codes of a BAI2 file (the balance and transaction report of the cash management
#: standard banks send), after its file header "01": a group's header "02", an account's "03", a
#: transaction's "16", a continuation "88", the trailers "49", "98" and "99"
BAI2_RECORDS = frozenset({"02", "03", "16", "49", "88", "98", "99"})
#: the share of rows a BAI2 file's records must be
BAI2_SHARE = 0.9


def _bai2_refusal(read: ReadResult) -> str:
    """Why a BAI2 file (a bank's report of its accounts' balances and movements: lockbox deposits,
    wires), read with its file header "01,…" for a header, cannot be imported as debts; "" for
    another file."""
    first = read.headers[0] if read.headers else None
    if first is None or str(first).strip() != "01" or first not in read.frame.columns or not read.frame.height:
        return ""
    codes = read.frame.get_column(first).cast(pl.String).str.strip_chars()
    if int(codes.is_in(list(BAI2_RECORDS)).sum()) < BAI2_SHARE * codes.len():
        return ""
    return (
        f"{Path(read.source.path).name} cannot be imported as debts: it is a BAI2 bank file (a bank's report of its "
        "accounts' balances and movements, records 01, 02, 03, 16 …, 99: deposits, lockbox payments, wires), money "
        "moved through the bank, not invoices owed. Export the unpaid invoices instead (an aged receivables or open "
        "invoices report)."
    )


def statement_columns(read: ReadResult, mappings_dir: Path | str) -> list[str]:
    """The columns by which a file is a bank account's statement, by their headers
    (``bank_statement_columns``) or by a value date beside each movement's (``value_dated_columns``);
    [] for another file."""
    from getbill_import.mapping.values import bank_statement_columns, value_dated_columns

    return bank_statement_columns(list(read.headers), mappings_dir) or value_dated_columns(
        read.frame, list(read.headers), mappings_dir)


def payment_register_refusal(read: ReadResult, mappings_dir: Path | str, amount_by_hand: bool = False) -> str:
    """Why a register of payments received (``payment_register_columns``: Odoo's account.payment,
    ERPNext's Payment Entry), or a bank account's statement (``bank_statement_columns``), cannot be
    imported as debts; "" for another file. A file the user named the amount of (``amount_by_hand``:
    a bill's "TotalCost" beside what was paid of it) is read as the log of payments its dates and
    paid amounts suggest no more."""
    from getbill_import.mapping.values import (
        card_statement_columns,
        payment_register_columns,
    )

    name = Path(read.source.path).name
    if bai2 := _bai2_refusal(read):
        return bai2
    if statement := statement_columns(read, mappings_dir):
        return _statement_refusal(name, statement)
    if card := card_statement_columns(list(read.headers), mappings_dir):
        return _lists_no_debts(name, "a card's statement", card, "purchases paid with the card, not invoices owed")
    found = payment_register_columns(name, list(read.headers), mappings_dir) or (
        [] if amount_by_hand else _receipt_log(read, mappings_dir))
    if not found:
        return ""
    named = ", ".join(repr(h) for h in found[:3]) + (" …" if len(found) > 3 else "")
    return (
        f"{name} cannot be imported as debts: it is a register of payments received (its columns {named}), money "
        "already received, not invoices owed. Export the unpaid invoices instead (an aged receivables or open "
        f"invoices report); to mark cases paid with these payments, run 'getbill-import payments import {name}'."
    )


#: the share of rows a receipt's date is written on, for a file to be a log of payments received
RECEIPT_LOG_SHARE = 0.95
#: the first rows of a date's column read for whether it holds dates at all
DATED_SAMPLE = 1_000


def _statuses_paid_and_not(read: ReadResult, mappings_dir: Path | str) -> bool:
    """Whether a column of statuses says some rows are paid and others are not (a premium's
    instalments, "Paid" and "Pending"), the rows it closed left out already or not."""
    from getbill_import.mapping.layout import holds_statuses
    from getbill_import.mapping.values import closed_statuses

    settled = any(e.reason == "closed" for e in read.source.excluded_lines)
    for header in read.headers:
        if header not in read.frame.columns or not holds_statuses(read.frame.get_column(header), mappings_dir):
            continue
        column = read.frame.get_column(header).cast(pl.String).str.strip_chars().replace("", None)
        closed = closed_statuses(column, mappings_dir)
        if (closed.any() or settled) and (column.is_not_null() & ~closed).any():
            return True
    return False


def _receipt_log(read: ReadResult, mappings_dir: Path | str) -> list[str]:
    """The columns by which a file is a log of payments received (``receipt_log_columns``): a
    payment's date written on nearly every row beside a receipt's number or money received, and no
    column of an invoice's date or due date (a list of invoices may say when each is to be paid);
    an invoice's date is no such column when how each was paid is written on nearly every row too,
    and no column names a balance ("Fecha Cobro" and "Medio de pago" beside "Fecha": a distributor's
    collections)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import (
        names_receipts,
        payment_method_written,
        payments_beside_invoices,
        receipt_log_columns,
        written_share,
    )
    from getbill_import.validate.dates import read_dates

    def on_every_row(header: str) -> bool:
        return written_share(read.frame.get_column(header)) >= RECEIPT_LOG_SHARE

    if not read.frame.height:
        return []

    def dated(header: str) -> bool:
        # (a date's header over no date, "00:00.0" on every row: a cash register's blank bill dates, says none;
        # its first rows tell)
        if header not in read.frame.columns:
            return True
        return bool(read_dates(read.frame.get_column(header).head(DATED_SAMPLE).cast(pl.String))[0].is_not_null().any())

    found = receipt_log_columns(list(read.headers), mappings_dir)
    if not found and not names_receipts(Path(read.source.path).stem, mappings_dir):
        return []
    if _statuses_paid_and_not(read, mappings_dir):
        # (each row's status, "Paid" on some, "Pending" on others: instalments or invoices by whether
        # they were paid, the date the one to pay or paid on)
        return []
    # (the receipt's own date, "cashdate", may read as the invoice's date by its header, never as a due date)
    read_as = {h: field for h in read.headers if (field := match_header(h, mappings_dir).field) not in ("due_date", "issue_date")
               or dated(h)}
    if any(field == "due_date" for field in read_as.values()):
        return []
    if not found and names_receipts(Path(read.source.path).stem, mappings_dir):
        # a file named for payments received, how each was paid written on every row and no balance
        # beside it ("incoming_payments.csv": "mode paiement" SEPA)
        method = [h for h in read.headers if h in read.frame.columns and payment_method_written([h], mappings_dir)]
        if method and on_every_row(method[0]) and payments_beside_invoices(method, list(read.headers), mappings_dir):
            return method
    if not found or any(h not in read.frame.columns for h in found):
        return []
    invoice_dated = any(field == "issue_date" and h != found[0] for h, field in read_as.items())
    if invoice_dated and not (all(on_every_row(h) for h in found[1:])
                              and payments_beside_invoices(found[1:], list(read.headers), mappings_dir)):
        return []
    if any(_paid_nothing_on_some(read, h, mappings_dir) for h in found):
        # (a log records no payment of 0: a bill's "AmountPaid" of 0 beside its total is a bill unpaid)
        return []
    return found if on_every_row(found[0]) else []


#: the share of rows a column of what was paid writes 0 on, for the file to list bills, not payments
PAID_NOTHING_SHARE = 0.02


def _paid_nothing_on_some(read: ReadResult, header: str, mappings_dir: Path | str) -> bool:
    """Whether ``header`` names what was paid ("AmountPaid") and writes 0 on some of the rows
    (``PAID_NOTHING_SHARE``): bills, some not paid at all, not a log of payments received. A blank
    cell says nothing of what was paid."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.layout import names_paid

    if not names_paid(header, mappings_dir):
        return False
    zero = read.frame.select((plain_number(pl.col(header)) == 0).fill_null(False)).to_series()
    return bool(zero.mean() >= PAID_NOTHING_SHARE)  # type: ignore[operator]


#: what each kind of ``other_kind_columns`` is, what it holds, and what else to export
OTHER_KINDS: dict[str, tuple[str, str, str]] = {
    "pivot": ("a pivot table's summary", "totals by label, summed from another list, not invoices owed", ""),
    "purchase orders": ("a list of purchase orders", "goods and services your company ordered from its suppliers, "
                        "not invoices owed to it", ""),
    "expenses": ("an expense report", "what staff spent, to be paid back to them, not invoices owed to your company", ""),
    "fixed assets": ("a register of fixed assets", "what your company owns (its equipment, its licences, their cost), "
                     "not invoices owed", ""),
    "projects": ("a register of projects", "each project's or contract's value, budget or estimate, not what is "
                 "owed on it", ", or the invoices billed on the projects that are unpaid (a progress claims or retention "
                 "report)"),
    "movements": ("a book of movements in and out", "money or goods moved (a cash book's, a stock's), not invoices owed", ""),
    "orders": ("a list of sales orders, by how far each is invoiced", "orders, invoiced (or to be) on invoices listed "
               "elsewhere, not invoices owed", ""),
    "schedule": ("a loan's repayment schedule", "instalments to come, not instalments overdue",
                 ", or the instalments overdue (an arrears report)"),
    "subscriptions": ("a list of subscriptions", "plans and their renewals, not invoices owed",
                      ", or the subscriptions' unpaid invoices (a dunning or past-due report)"),
    "recurring invoices": ("a list of recurring invoices", "the profiles invoices are issued from, how often and how many "
                           "times more, not invoices owed", ", or the invoices they issued that are unpaid"),
    "forecast": ("a cash forecast", "money expected in or out, each amount with its likelihood, not invoices owed",
                 ", or the open invoices the forecast is drawn from"),
    "units": ("a rent roll of units, occupied and vacant", "each unit's rate and who lives in it, not what anyone "
              "owes", ", or a rent roll with each tenant's balance (a delinquency or aged receivables report)"),
    "churn": ("a dataset of customers for predicting which leave", "what each customer is, buys and was charged, "
              "and whether it left, not invoices owed", ""),
    "products": ("a list of products", "what you sell, its stock and its price, not invoices owed", ""),
    "payouts": ("a payment provider's or a marketplace's payouts", "money it collected and paid out to your account, "
                "not invoices owed", ""),
    "paid orders": ("a shop's orders paid at checkout", "sales paid by card, the processing fee taken from each, not "
                    "invoices owed", ""),
    "refunds": ("a list of refunds", "money paid back to customers, not invoices they owe", ""),
    "vendor items": ("a list of vendors' line items", "each one's SAP posting key is a vendor's (21 to 39: its invoices, "
                     "credit memos and payments), what your company owes its suppliers, not what is owed to it",
                     ", or the customers' open items (posting keys 01 to 19)"),
    "account activity": ("a marketplace's or a payment provider's statement of your account",
                         "each sale it collected for you, its fees and taxes, and its deposits to your bank, not "
                         "invoices owed", ""),
    "statistics": ("a portfolio's statistics", "each row the sums of many customers' debts, counted in it, not one debt "
                   "owed", ", each customer's debts on rows of their own"),
    "receipts": ("a register of payments received", "money already received, not invoices owed",
                 "; to mark cases paid with these payments, run 'getbill-import payments import' on it"),
    "journal entries": ("a general journal's entries", "postings between the ledger's accounts (bank charges, loans, "
                        "adjustments), not invoices owed", ""),
    "change orders": ("a construction contract's change orders", "amendments to what the contract is worth, billed "
                      "later on its pay applications, not invoices owed", ", or the pay applications still unpaid"),
    "sales orders": ("a list of sales orders", "goods ordered, confirmed, to be delivered and billed, not invoices owed",
                     ", or the invoices billed on the orders that are unpaid"),
    "transfers": ("a log of money transfers", "money sent from one party to another, not invoices owed", ""),
    "processed": ("a payment provider's report of the payments it processed", "card and online payments taken, "
                  "refunded, declined or settled, and its fees, not invoices owed", ""),
    "disputes": ("a list of card payments' disputes or chargebacks", "payments your customers contested with their "
                 "bank, won, lost or pending, not invoices owed", ""),
    "loans": ("a register of loans paid out", "the loans given, not what is overdue on them",
              ", or the loans' arrears (a portfolio at risk or arrears report)"),
    "deliveries": ("a register of deliveries", "goods shipped, billed on invoices listed elsewhere, not invoices owed",
                   ", or the invoices of the goods shipped that are unpaid"),
    "bookings": ("a list of bookings", "stays booked or had and what each costs, not what is still owed on them",
                 ", or the guests' unpaid balances, from the guest or the city ledger"),
}


def not_receivables_refusal(read: ReadResult, mappings_dir: Path | str) -> str:
    """Why a list of credit notes (``credit_note_number_column``, no invoice's number beside it), a
    payroll (``payroll_columns``), or a file whose rows are a ledger's accounts, a column
    naming their classes ("Asset", "Liability", "Expense": a trial balance's "Type"), cannot be
    imported as debts; "" for another file. Read before any row is left out (its credit balances,
    its zero ones)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import (
        account_classes_column,
        credit_note_number_column,
        credit_note_status_column,
        direct_debit_columns,
        donation_columns,
        grant_columns,
        other_kind_columns,
        payroll_columns,
        pipeline_columns,
        provider_log_columns,
        reversal_references,
        shop_order_status_columns,
        time_entry_columns,
    )

    name = Path(read.source.path).name
    # (the reference composed of the debtor's name, a header of the tool's own, names no kind of file)
    headers = [h for h in read.headers if h not in (DEBTOR_REFERENCE, DEBTOR_PERIOD_REFERENCE)]
    numbered = credit_note_number_column(headers, mappings_dir)

    def written(header: str) -> bool:
        # (beside the credit note's number, a reference left blank or naming the invoice it reverses,
        # Odoo's "Reversal of: INV/2025/00148", is no invoice's number)
        if header not in read.frame.columns or not read.frame.height:
            return True
        cells = read.frame.get_column(header).cast(pl.String).str.strip_chars().replace("", None)
        return cells.null_count() < cells.len() / 2 and not reversal_references(cells, mappings_dir)

    if numbered is not None and not any(match_header(h, mappings_dir).field == "reference" and written(h)
                                        for h in read.headers):
        return (
            f"{name} cannot be imported as debts: it is a list of credit notes (each row numbered under '{numbered}'), "
            "money owed to customers, not invoices they owe. Export the unpaid invoices instead (an aged receivables "
            "or open invoices report): their credit notes are netted there."
        )
    if (used := credit_note_status_column(read.frame, mappings_dir)) is not None:
        return (
            f"{name} cannot be imported as debts: it is a list of credit notes ('{used[0]}' says how much of each was "
            f"used against invoices: {', '.join(repr(v) for v in used[1])}), money owed to customers, not invoices they "
            "owe. Export the unpaid invoices instead (an aged receivables or open invoices report): their credit notes "
            "are netted there."
        )
    deals = pipeline_columns(headers, mappings_dir)
    # (a quote's day it expires, "ExpirationDate", is no invoice's due date; nor is a due date's column
    # left blank on every row, the field of a table that holds no invoice: QuickBooks' estimates)
    if deals and not any(match_header(h, mappings_dir).field == "due_date" and not _blank_throughout(read, h)
                         for h in read.headers if h not in deals):
        return _lists_no_debts(name, "a sales pipeline of deals or quotes", deals[:3], "deals won or hoped for, not invoices owed")
    if debits := direct_debit_columns(headers, mappings_dir):
        return _lists_no_debts(
            name, "a direct-debit batch", debits,
            "amounts about to be collected from your customers' accounts under their mandates, not invoices overdue",
            ", or the direct debits that came back unpaid")
    if gifts := donation_columns(headers, mappings_dir):
        return _lists_no_debts(name, "a record of donations", gifts[:3], "gifts given or to be charged, not invoices owed")
    if grants := grant_columns(headers, mappings_dir):
        return _lists_no_debts(name, "a register of grants awarded", grants[:3], "money a funder gives, not invoices owed")
    if payroll := payroll_columns(headers, mappings_dir):
        return _lists_no_debts(name, "a payroll", payroll[:4], "what a company pays its staff, not invoices owed to it")
    if logged := provider_log_columns(headers, mappings_dir):
        return _lists_no_debts(name, "a payment provider's activity log", logged,
                               "money moved through the account (payments sent and received, fees), not invoices owed")
    statuses = shop_order_status_columns(headers, mappings_dir)
    if statuses and all(_blank_throughout(read, h) for h in statuses):
        # a shop's orders export whose payment status is written on no row: checkouts abandoned before
        # payment (Shopify's abandoned checkouts), no order placed
        return _lists_no_debts(name, "a shop's abandoned checkouts", statuses,
                               "carts left before payment, the payment's status blank on every row, not orders owed")
    if (other := other_kind_columns(read.frame, headers, mappings_dir)) is not None:
        kind, columns = other
        what, holds, instead = OTHER_KINDS[kind]
        return _lists_no_debts(name, what, columns, holds, instead)
    entries = time_entry_columns(headers, mappings_dir)
    if entries and not any(match_header(h, mappings_dir).field == "due_date" for h in read.headers):
        return _lists_no_debts(name, "a record of time and expenses", entries,
                               "work to be billed, or billed on invoices listed elsewhere, not invoices owed")
    if (classes := account_classes_column(read.frame, mappings_dir)) is None:
        return ""
    column, shown = classes
    # (a date on each row makes it the accounts' transactions: QuickBooks' or Reckon's transaction detail)
    dated = any(match_header(h, mappings_dir).field == "issue_date" for h in read.headers)
    what = ("an accounting report of the transactions on its accounts (a transaction detail, a general ledger)" if dated
            else "an accounting report of accounts (a trial balance, a chart of accounts)")
    return (
        f"{name} cannot be imported as debts: it is {what}: '{column}' names the classes of its rows "
        f"({', '.join(repr(v) for v in shown)}), accounts, not debtors. Export the unpaid invoices instead (an aged "
        "receivables or open invoices report)."
    )


def _journal_refusal(read: ReadResult, mapping: MappingResult, settings: Settings) -> str:
    """Why an accounting journal of a ledger's accounts ("Cuenta contable", "Débito", "Crédito": its
    entries, not its customers' open items) cannot be imported as debts, when no column is
    confidently the amount owed, or none surely names a debtor (Fortnox's "Konto; Debet; Kredit")
    and no title names a report of accounts; "" otherwise. A journal of customer accounts is read as a
    ledger."""
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import (
        bank_statement_columns,
        contra_account_columns,
        cost_centre_columns,
        header_says,
        ledger_of_accounts_columns,
        supplier_columns,
        titles_no_debts,
        trial_balance_columns,
    )

    # (an account and its contra account are a journal's whatever its amounts are called: its running
    # "Saldo" is no open balance)
    contra = contra_account_columns(list(read.headers), settings.mappings_dir)
    found = ledger_of_accounts_columns(list(read.headers), settings.mappings_dir) or contra
    amount = next((c for c in mapping.columns if c.field == "amount" and c.status != "unmapped"), None)
    # (a journal's account, debit and credit beside no column surely naming a debtor: Fortnox's
    # "Konto; Debet; Kredit", a Finnish "Tili; Debet; Kredit", its "Selite" an entry's text)
    # (an account's type, "Account Type": Customer, Vendor, beside no account is a ledger read by its types)
    nameless = bool(found) and "type" not in normalize_header(found[0]).split() and not any(
        c.field in NAME_FIELDS and (c.status == "mapped" or c.column in mapping.set_by_hand) for c in mapping.columns)
    # (a title naming a report of accounts, "Saldolista", says what the file is: ``titled_refusal``)
    sure = bool(contra) or (nameless and not any(
        e.reason == "title" and e.text and titles_no_debts(e.text, settings.mappings_dir) for e in read.source.excluded_lines))
    if not found and (named := _accounts_read_as_debtors(read, mapping, settings)):
        found, sure = named, True
    if not found and (charged := cost_centre_columns(list(read.headers), settings.mappings_dir)) and not any(
            header_says(h, "party_words", settings.mappings_dir) for h in read.headers) and not supplier_columns(
            list(read.headers), settings.mappings_dir):
        # a ledger account beside a cost centre, no customer nor supplier named: postings on the company's own
        # accounts, charged to its units (an invoice's export names its customer beside its payment's account)
        found, sure = charged, True
    if not found or (amount is not None and not sure and (amount.status == "mapped" or amount.column in mapping.set_by_hand)):
        return ""
    # (a bank's statement writes an account's description beside its debits and credits too: the day
    # booked beside the value day says it is one)
    if statement := bank_statement_columns(list(read.headers), settings.mappings_dir):
        return _statement_refusal(Path(read.source.path).name, statement)
    if balances := trial_balance_columns(list(read.headers), settings.mappings_dir):
        # (each account's balance on its debit or its credit side: a trial balance, no entry dated)
        return _lists_no_debts(Path(read.source.path).name, "a trial balance", [*found[:1], *balances],
                               "each account's debits, credits and balance, not invoices owed",
                               ", or the open items of the customers' accounts")
    return _lists_no_debts(Path(read.source.path).name, "an accounting journal", found,
                           "entries on the ledger's accounts, not invoices owed", ", or the open items of the customers' accounts")


def _accounts_read_as_debtors(read: ReadResult, mapping: MappingResult, settings: Settings) -> list[str]:
    """The account's and the name's headers of a general ledger's entries (Twinfield's
    "Grootboekrek.", "Grootboekrek.naam", "D/C") whose name, taken for the debtor's, is each
    account's own: one name to one account number, the numbers of several classes of a chart of
    accounts ("0130 Machines", "1300 Debiteuren", "8020 Omzet hoog"); [] for another file, or a
    customer ledger (its accounts the customers', of one class)."""
    from getbill_import.mapping.layout import MIN_ACCOUNT_CLASSES, NAME_FIELDS
    from getbill_import.mapping.values import journal_columns

    journal, _ = journal_columns([h for h in read.headers if h in read.frame.columns], settings.mappings_dir)
    name = next((c.column for c in mapping.columns if c.field in NAME_FIELDS and c.status == "mapped"
                 and c.column not in mapping.set_by_hand and c.column in read.frame.columns), None)
    account = journal.get("account")
    if account is None or name is None or not ("sense" in journal or "debit" in journal) or account == name:
        return []
    pairs = read.frame.select(pl.col(account).cast(pl.String).str.strip_chars().replace("", None).alias("a"),
                              pl.col(name).cast(pl.String).str.strip_chars().replace("", None).alias("n")).drop_nulls()
    accounts = pairs["a"].unique()
    if (accounts.len() < MIN_ACCOUNT_CLASSES or accounts.str.contains(r"^\d").mean() < 0.9  # type: ignore[operator]
            or accounts.str.slice(0, 1).n_unique() < MIN_ACCOUNT_CLASSES):
        return []
    if not (accounts.len() == pairs["n"].n_unique() == pairs.unique().height):
        return []
    return [account, name, journal.get("sense") or journal["debit"]]


def titled_refusal(read: ReadResult, mappings_dir: Path | str, options: PrepareOptions) -> str:
    """Why a file whose title line above its header says it lists payments received, quotes or
    credit notes alone ("Payments", "QUOTES": an invoicing tool's other exports), or is a report of
    accounts ("Trial Balance", "Grand livre"), cannot be imported
    as debts ("" when it can, or when the user placed the header himself: ``--header-line``). Not
    by the file's name alone: "Credit Notes.csv", "cobros.csv" may be named for a menu or a task."""
    from getbill_import.mapping.values import titles_no_debts

    if register := payment_register_refusal(read, mappings_dir, any(f == "amount" for _, f in options.assign)):
        return register
    if options.header_line is not None:
        return ""
    first = int(read.frame[LINE][0]) if read.frame.height and LINE in read.frame.columns else None
    for line in read.source.excluded_lines:
        if line.reason != "title" or not line.text or (first is not None and line.line > first):
            continue
        if kind := titles_no_debts(line.text, mappings_dir):
            said = ("is an accounting report of accounts (a trial balance, a ledger, a balance sheet): its rows are "
                    "accounts, not debtors" if kind == "accounts" else
                    "is a report of sales: its invoices are listed whether they are paid or not, and nothing says "
                    "what is still owed" if kind == "sales" else
                    "is a report of what your company owes its suppliers (payables), no debt owed to it"
                    if kind == "payables" else
                    "is a journal of every voucher of a period (sales, receipts, payments, purchases): what was "
                    "booked, not what is still owed" if kind == "vouchers" else
                    "is a report of stock (inventory): its rows are products and what they are worth, not "
                    "debtors" if kind == "stock" else
                    "says it lists payments received, quotes or credit notes, not invoices owed")
            return (
                f"{Path(read.source.path).name} cannot be imported as debts: its title (line {line.line}: "
                f"{line.text.strip(' |')!r}) {said}. Export the unpaid invoices instead (an aged receivables or "
                "open invoices report); if its rows are invoices owed, read it from its header "
                f"line ({{header_line}} {read.source.header_line})."
            )
    return ""


def headerless_refusal(
    read: ReadResult, mapping: MappingResult, options: PrepareOptions, option: Callable[[str], str] = cli_option,
) -> str:
    """Why a file whose first row holds values cannot be imported as read ("" when it can): its
    first invoice would be taken for the columns' names and lost, and the columns be named after
    it (a fiscal year "2020" read as the amount). The user says where the header is
    (``--header-line``), or a profile reads the file."""
    if options.header_line is not None or mapping.profile is not None:
        return ""
    said = no_header_row(read, option, mapping)
    if not said:
        return ""
    return (
        f"{Path(read.source.path).name} cannot be imported as read: its first row would be taken for the columns' "
        f"names, and that row's invoice lost. {said}"
    )


def _read_debtors(path: Path, settings: Settings, sheet: str | None = None) -> tuple[ReadResult, MappingResult, list[str]]:
    """A customer master file, or one sheet of it, read and mapped like any file; what is said of it."""
    from getbill_import.mapping import header_score, map_columns
    from getbill_import.read import read_table

    debtors = read_table(
        path, sheet=sheet, limits=settings.read_limits,
        header_score=functools.partial(header_score, mappings_dir=settings.mappings_dir),
    )
    said: list[str] = []
    if no_header_row(debtors):
        # a customer list exported without its header row: its first customer is no header
        debtors = read_table(path, sheet=sheet, limits=settings.read_limits, header_line=0)
        said.append(f"{path.name} has no header row: its columns are read by their places and mapped by their values.")
    debtors_mapping = map_columns(
        debtors.frame, mappings_dir=settings.mappings_dir, profiles_dirs=settings.profiles_dirs,
        learned_dir=settings.learned_dir, mapped_threshold=settings.mapped_threshold,
        confirm_threshold=settings.confirm_threshold,
    )
    debtors.frame, channel = second_channel(debtors.frame, debtors_mapping, settings)
    said.extend(f"{path.name}: {s}" for s in channel)
    return debtors, debtors_mapping, said


def _join_debtors(
    read: ReadResult, mapping: MappingResult, path: Path, settings: Settings, *, min_share: float = 0.0,
    party_key: bool = False,
) -> None:
    """The debtor fields the invoices lack, from a customer master file (read and mapped like
    any file), joined row by row on the column the two files share. Of a workbook of several
    sheets, the sheet whose debtors the most invoice rows find (never the invoices' own sheet).
    With ``party_key``, only a key whose header names a party ("Customer", "Code client") joins: a
    district's number is shared by many debtors. Raises MappingError when no sheet gives debtors,
    or when fewer than ``min_share`` of the rows would find theirs (``mapping`` then stays as it was)."""
    from getbill_import.errors import InputFileError
    from getbill_import.mapping.debtors import join_debtors
    from getbill_import.mapping.headers import names_party

    party = functools.partial(names_party, mappings_dir=str(settings.mappings_dir))
    invoices = read.frame if read.joined is None else read.frame.with_columns(read.joined.get_columns())
    own_sheet = read.source.sheet if Path(read.source.path).resolve() == path.resolve() else None
    found: list[tuple[ReadResult, MappingResult, list[str]] | str | None] = []
    if own_sheet is None:
        first = _read_debtors(path, settings)
        found = [first, *(s for s in first[0].source.sheets or () if s != first[0].source.sheet)]
    else:
        found = [s for s in read.source.sheets or () if s != own_sheet]
    several = len(found) > 1 or own_sheet is not None
    # each sheet is tried on a copy of the mapping: a join unmaps a key offered as a debtor field
    tried: list[tuple[int, tuple[ReadResult, MappingResult, list[str]], str]] = []
    error: MappingError | None = None
    for candidate in found:
        try:
            given = candidate if isinstance(candidate, tuple) else _read_debtors(path, settings, candidate)
        except InputFileError:  # an empty sheet, or one that cannot be read
            continue
        label = f"sheet {given[0].source.sheet!r} of {path.name}" if several else path.name
        copy = dataclasses.replace(
            mapping, columns=[dataclasses.replace(c) for c in mapping.columns], notices=list(mapping.notices),
        )
        try:
            trial = join_debtors(invoices, copy, given[0].frame, given[1], label, party=party)
        except MappingError as exc:
            error = error or exc
            continue
        if party_key and not (party(trial.key) or party(trial.debtors_key)):
            continue
        tried.append((trial.matched, given, label))
    if not tried:
        raise error or MappingError(
            f"{path.name} holds the invoices and no sheet of debtors: the debtors file must list the customer numbers "
            "(or names) the invoices give, one row per debtor.",
            code="debtors-not-joined",
        )
    matched, (debtors, debtors_mapping, said), label = max(tried, key=lambda t: t[0])
    if matched < min_share * invoices.height:
        raise MappingError(f"Too few invoices find their debtor in {label}.", code="debtors-not-joined")
    joined = join_debtors(invoices, mapping, debtors.frame, debtors_mapping, label, party=party)
    read.source.notices.extend(said)
    read.joined = joined.columns if read.joined is None else read.joined.with_columns(joined.columns.get_columns())
    mapping.columns.extend(joined.mappings)
    mapping.notices.extend(joined.notices)


#: the share of a workbook's invoice rows that must find their debtor on another of its sheets for
#: that sheet to give the debtors unasked
OTHER_SHEET_SHARE = 0.8


def _debtors_of_another_sheet(read: ReadResult, mapping: MappingResult, path: Path, settings: Settings) -> None:
    """A workbook whose invoices give each debtor's number and no name, beside a sheet of its
    customers (number, name, e-mail…): the debtors come from that sheet, as ``--debtors`` would
    give them, when nearly every invoice finds its own there."""
    from getbill_import.errors import InputFileError
    from getbill_import.mapping.layout import NAME_FIELDS

    if len(read.source.sheets or ()) < 2 or read.group_labels is not None or _payments_only(read):
        return
    if set(mapping.field_columns()) & NAME_FIELDS:  # a name, even one to confirm, is the file's own
        return
    with contextlib.suppress(MappingError, InputFileError):
        _join_debtors(read, mapping, path, settings, min_share=OTHER_SHEET_SHARE, party_key=True)


#: the name of the amount an aged balance gives as its buckets only
AGE_BUCKETS_TOTAL = "Total (age buckets)"


def _amount_from_age_buckets(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An aged balance that writes each invoice's open amount in its age bucket ("0 - 3 days" …
    "202+ days") and no total: the amount owed is the sum of the buckets, a column of its own,
    said in a notice. Only when no column gives the amount."""
    if "amount" in mapping.field_columns() or not read.frame.height:
        return
    from getbill_import.mapping.layout import age_buckets

    buckets = age_buckets(read.frame, mapping, settings.mappings_dir)
    if len(buckets) < 2:
        return
    options = validation_options(settings)
    amounts = [_amounts_written(read, column, options) for column in buckets]
    if any(a is None for a in amounts):
        return  # not amounts: counts, dates
    names = ", ".join(f"'{c}'" for c in buckets)
    _amount_as_a_sum(read, mapping, AGE_BUCKETS_TOTAL, [a for a in amounts if a is not None],
                     f"the sum of the age buckets {names}", "open balance")
    read.source.notices.append(
        f"amount: no column gives it whole; each row's amount owed is the sum of its age buckets ({names})."
    )


#: the share of a column's written cells that must read as amounts for it to be added up
AMOUNTS_SHARE = 0.9


def _amounts_written(read: ReadResult, column: str, options: ValidationOptions) -> pl.Series | None:
    """``column``'s amounts (Decimal, null where nothing is written), or None when fewer than
    ``AMOUNTS_SHARE`` of its written cells are amounts (counts, dates, codes, rates with "%")."""
    value, _ = _column_amounts(read.frame, column, options)
    written = read.frame.select(pl.col(column).cast(pl.String).str.strip_chars().replace("", None).is_not_null()).to_series()
    if int(written.sum()) and int((written & value.is_not_null()).sum()) < AMOUNTS_SHARE * int(written.sum()):
        return None
    return value.cast(pl.Decimal(18, 2))


def _amount_as_a_sum(
    read: ReadResult, mapping: MappingResult, name: str, parts: list[pl.Series], reason: str, role: str,
    sign_of: str | None = None,
) -> None:
    """The amount a column of its own, ``name``: on each row, the sum of ``parts`` written there,
    with the currency's sign or code the cell of column ``sign_of`` writes before or after its
    amount ("$8,360.00": "$9196.00"), so that the sum is read in the currency the amount was."""
    from getbill_import.mapping import ColumnMapping

    total = pl.DataFrame([p.alias(f"p{i}") for i, p in enumerate(parts)]).select(
        pl.when(pl.any_horizontal(pl.all().is_not_null())).then(pl.sum_horizontal(pl.all()))
    ).to_series()
    text = total.cast(pl.String)
    if sign_of is not None:
        raw = read.frame.get_column(sign_of).cast(pl.String)
        mark = r"([^\d\s.,\-−()]+)"
        before, after = raw.str.extract(rf"^\s*[-−(]?\s*{mark}"), raw.str.extract(rf"\d\s*{mark}\s*$")
        text = pl.DataFrame({"t": total, "b": before, "a": after}).select(
            pl.when(pl.col("t").is_null()).then(None)
            .when(pl.col("b").is_not_null()).then(pl.format("{}{}{}", pl.when(pl.col("t") < 0).then(pl.lit("-")).otherwise(pl.lit("")),
                                                              pl.col("b"), pl.col("t").abs()))
            .when(pl.col("a").is_not_null()).then(pl.format("{} {}", pl.col("t"), pl.col("a")))
            .otherwise(pl.col("t").cast(pl.String))
        ).to_series()
    read.frame = read.frame.with_columns(text.alias(name))
    mapping.columns.append(ColumnMapping(name, "amount", 0.9, "mapped", reason, role=role))


#: the word of a header that names a total ("Total Tax")
TOTAL_WORD = "total"
#: the name of the amount an export gives as its net amount and its tax only
NET_AND_TAX_TOTAL = "Total (net + tax)"
#: a tax amount is at most this share of the net amount on the rows (rates go up to 27%) ...
TAX_SHARE_MAX = 0.35
#: ... and its rates (to the hundredth) are few: the three most written cover this share of the rows
TAX_RATES_SHARE = 0.8
#: the least rate of a tax charged
TAX_SHARE_MIN = 0.01


def _amount_from_net_and_tax(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An export that writes each invoice's amount before tax and its tax, and no total ("Net
    Amount" and "Tax Amount", SAP's NETWR and MWSBP, India's taxable value beside CGST and SGST):
    the amount owed is their sum, a column of its own, said. Only when no column gives the amount;
    a tax rate or code is no part of it (its share of the net amount is no rate, or it is no amount)."""
    if "amount" in mapping.field_columns() or not read.frame.height:
        return
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import header_says

    directory = settings.mappings_dir
    options = validation_options(settings)

    def of_role(role: str) -> dict[str, pl.Series]:
        found: dict[str, pl.Series] = {}
        for column in _set_aside_as(read, mapping, role, directory):
            value = _amounts_written(read, column, options)
            # a net amount written again (in the company's currency, say) counts once; two taxes
            # may be equal (India's CGST and SGST halve one rate)
            if value is not None and value.is_not_null().any() and not (
                    role != "tax" and any(value.equals(v) for v in found.values())):
                found[column] = value
        return found

    nets = of_role("amount before tax")
    if len(nets) != 1:
        return
    (net_column, net), = nets.items()
    taxes = {c: v for c, v in of_role("tax").items()
             if not header_says(c, "tax_rate_words", directory) and "%" not in c and _tax_of(net, v)}
    if not taxes:
        return
    # a total of the taxes beside its parts ("Total Tax" beside "CGST" and "SGST") is taken alone; of two
    # taxes alike, one is their total only when its header says so (CGST and SGST halve one rate)
    for column, value in taxes.items():
        others = [v for c, v in taxes.items() if c != column]
        if (len(others) > 1 or TOTAL_WORD in normalize_header(column).split()) and _same_amounts(value, pl.DataFrame([v.alias(f"t{i}") for i, v in enumerate(others)]).select(
                pl.sum_horizontal(pl.all())).to_series()):
            taxes = {column: value}
            break
    names = " + ".join(f"'{c}'" for c in [net_column, *taxes])
    _amount_as_a_sum(read, mapping, NET_AND_TAX_TOTAL, [net, *taxes.values()], f"the sum {names}", "total tax included",
                     sign_of=net_column)
    read.source.notices.append(
        f"amount: no column gives the amount with tax; each row's amount owed is {names}. "
        f"If the file holds the invoices' totals under another header, set it (--set 'COLUMN=amount')."
    )


def _total_of_the_amount_and_its_tax(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """The amount taken by its header ("gross_amount") beside its tax ("tax_amount") and a column that
    is their sum on nearly every row, whatever it is called ("net_amount": an export that calls the
    total net of nothing): the sum is what the invoice asks with its tax, and becomes the amount, said.
    Not for an amount set by hand, nor a balance (a balance and a tax add up to nothing owed)."""
    from getbill_import.mapping.layout import BALANCE_ROLES

    amount = mapping.field_columns().get("amount")
    if amount is None or amount in mapping.set_by_hand or amount not in read.frame.columns or not read.frame.height:
        return
    if any(c.column == amount and c.role in BALANCE_ROLES for c in mapping.columns):
        return
    taxes = _set_aside_as(read, mapping, "tax", settings.mappings_dir)
    if not taxes:
        return
    options = validation_options(settings)
    value = _amounts_written(read, amount, options)
    if value is None or not value.is_not_null().any():
        return
    for tax_column in taxes:
        tax = _amounts_written(read, tax_column, options)
        if tax is None or not (tax.cast(pl.Float64).abs() > 0).sum() or not _tax_of(value, tax):
            continue
        total = (value.cast(pl.Float64) + tax.cast(pl.Float64)).alias("")
        for column in [c.column for c in mapping.columns if c.field is None and c.column in read.headers
                       and c.column in read.frame.columns and c.column not in (amount, tax_column)
                       and c.column not in mapping.set_by_hand]:
            other = _amounts_written(read, column, options)
            if other is None or not other.is_not_null().any() or not _same_amounts(other, total):
                continue
            _take_amount(mapping, amount, column, was=f"the amount before its tax '{tax_column}'",
                         taken=f"the amount with its tax: '{amount}' + '{tax_column}'")
            read.source.notices.append(
                f"amount: '{column}' is '{amount}' and its tax '{tax_column}' together on nearly every row: the invoice's "
                f"total with its tax, owed, is read from it. If '{amount}' is what is owed, set it (--set '{amount}=amount')."
            )
            return


#: the name of the amount an export gives as its net amount and its tax rate only
NET_AND_RATE_TOTAL = "Total (net + tax at its rate)"
#: the highest rate of a tax on sales, in percent (Hungary's 27%)
TAX_RATE_MAX = 30
#: a rate written as a number: "20", "5,5", "21 %", "0.2"
TAX_RATE_PATTERN = r"^\s*\d{1,2}(?:[.,]\d{1,3})?\s*%?\s*$"
#: the words of a tax's header that name a code, not a rate ("Code TVA", "Tax Code", "Steuerschlüssel")
TAX_CODE_WORDS = frozenset({"code", "codice", "codigo", "kod", "kode", "kodu", "schluessel", "kennzeichen"})


def _amount_from_net_and_rate(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An export that writes each invoice's amount before tax and the rate of its tax, and neither
    the tax nor the total ("Montant HT" beside "Taux TVA", "castka_bez_dph" beside "sazba_dph"):
    the amount owed is the net amount and its tax at that rate (each row's tax rounded to the cent),
    a column of its own, said. Only when no column gives the amount; a rate is a percent of 0 to
    ``TAX_RATE_MAX`` ("20", "5,5 %", or the share "0.2"), written on nearly every row with a net
    amount; a tax's code is no rate."""
    if "amount" in mapping.field_columns() or not read.frame.height:
        return

    options = validation_options(settings)
    nets = [(c, v) for c in _set_aside_as(read, mapping, "amount before tax", settings.mappings_dir)
            if (v := _amounts_written(read, c, options)) is not None and v.is_not_null().any()]
    if len(nets) != 1:
        return
    (net_column, net), = nets
    written = net.is_not_null()
    rated = _tax_rates(read, mapping, settings, written)
    if rated is None:
        return
    rate_column, text, percent = rated
    tax = (net.cast(pl.Float64) * percent / 100).round(2).cast(pl.Decimal(18, 2))
    names = f"'{net_column}' and its tax at the rate of '{rate_column}'"
    _amount_as_a_sum(read, mapping, NET_AND_RATE_TOTAL, [net, tax], f"the sum of {names}", "total tax included",
                     sign_of=net_column)
    first = int(written.arg_true()[0])
    total = read.frame.get_column(NET_AND_RATE_TOTAL)[first]
    read.source.notices.append(
        f"amount: no column gives the amount with tax nor the tax; each row's amount owed is {names} (line "
        f"{read.frame.get_column(LINE)[first]}: {net[first]} at {text[first]} = {total}). If the file holds the "
        f"invoices' totals under another header, set it (--set 'COLUMN=amount'); if no tax is owed, --set '{net_column}=amount'."
    )


def _tax_rates(
    read: ReadResult, mapping: MappingResult, settings: Settings, written: pl.Series,
) -> tuple[str, pl.Series, pl.Series] | None:
    """The one column set aside as a tax whose header names a rate ("Taux TVA", "Sadzba DPH", "VAT
    %"), not a tax's code, written as a percent of 0 to ``TAX_RATE_MAX`` ("20", "5,5 %", or the
    share "0.2") on nearly every row of ``written``: its name, its text and each row's percent
    (null where none is written); None when there is no such column."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import header_says

    directory = settings.mappings_dir
    rates = [c for c in _set_aside_as(read, mapping, "tax", directory)
             if (header_says(c, "tax_rate_words", directory) or "%" in c) and not TAX_CODE_WORDS & set(normalize_header(c).split())]
    if len(rates) != 1:
        return None
    rate_column, = rates
    text = read.frame.get_column(rate_column).cast(pl.String).str.strip_chars()
    rate = text.str.replace_all(r"[%\s]", "").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    if int((written & text.str.contains(TAX_RATE_PATTERN).fill_null(False) & rate.is_not_null()).sum()) < AMOUNTS_SHARE * int(written.sum()):
        return None
    shares = rate.filter(written)
    if not shares.len() or shares.max() > TAX_RATE_MAX or shares.max() <= 0:  # type: ignore[operator]
        return None
    fractions = shares.max() <= 1 and not text.filter(written).str.contains("%").any()  # type: ignore[operator]
    return rate_column, text, rate * 100 if fractions else rate


#: the rows paying something with a tax beside them, at least, that must tell what was paid
PAID_WITH_TAX_ROWS = 3
#: the share of them that paid the amount and its tax together, at least
PAID_WITH_TAX_SHARE = 0.5


def _amount_paid_with_its_tax(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An export that writes each invoice's amount before its tax under a bare "Amount", its tax
    beside it, and what was paid on it (MYOB's sales: "Amount", "Tax Amount", "Amount Paid"): where
    the invoices paid in full paid the amount and its tax together, not the amount alone, the amount
    owed is their sum, a column of its own, said (the amount and its tax stay as metadata)."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.layout import paid_columns
    from getbill_import.mapping.values import header_says

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns or amount not in read.headers or amount in mapping.set_by_hand or not read.frame.height:
        # (an amount the user named is read as named)
        return
    paid = paid_columns(read.frame, mapping, settings.mappings_dir)
    if not paid:
        return
    options = validation_options(settings)
    taxes = [c for c in _set_aside_as(read, mapping, "tax", settings.mappings_dir)
             if not header_says(c, "tax_rate_words", settings.mappings_dir) and "%" not in c]
    written = [(c, v) for c in taxes if (v := _amounts_written(read, c, options)) is not None]
    base = _amounts_written(read, amount, options)
    if len(written) != 1 or base is None or not _tax_of(base, written[0][1]):
        return
    (tax_column, tax), = written
    given = [v.fill_null(0).alias(f"p{i}") for i, c in enumerate(paid) if (v := _amounts_written(read, c, options)) is not None]
    if not given:
        return
    # (each column of payments named apart: the amounts read are all named as the amount)
    rows = pl.DataFrame({"a": base, "t": tax, "p": pl.DataFrame(given).sum_horizontal()}).with_columns(pl.all().cast(pl.Float64))
    reference = mapping.field_columns().get("reference")
    if reference in read.frame.columns:
        # an invoice written line by line is paid once: its lines' amounts and taxes are added up, and
        # what was paid, written again on each line, read once
        rows = rows.with_columns(read.frame.get_column(reference).cast(pl.String).alias("r")).group_by(
            pl.coalesce(pl.col("r"), pl.int_range(pl.len()).cast(pl.String)), maintain_order=True,
        ).agg(pl.col("a").sum(), pl.col("t").sum(), pl.when(pl.col("p").n_unique() == 1).then(pl.col("p").first())
              .otherwise(pl.col("p").sum()).alias("p"))
    rows = rows.filter((pl.col("p") != 0) & (pl.col("t") != 0) & pl.col("a").is_not_null())
    together = rows.filter((pl.col("p") - pl.col("a") - pl.col("t")).abs() <= 0.011).height
    alone = rows.filter((pl.col("p") - pl.col("a")).abs() <= 0.011).height
    if rows.height < PAID_WITH_TAX_ROWS or together < PAID_WITH_TAX_SHARE * rows.height or alone >= together:
        return
    at = next(i for i, c in enumerate(mapping.columns) if c.column == amount)
    was = mapping.columns[at]
    names = f"'{amount}' + '{tax_column}'"
    mapping.columns[at] = ColumnMapping(amount, None, was.confidence, "unmapped",
                                        f"{was.reason}, but before its tax: part of the amount owed ({names})")
    _amount_as_a_sum(read, mapping, f"{amount} + {tax_column}", [base, tax], f"the sum {names}", "total tax included",
                     sign_of=amount)
    read.source.notices.append(
        f"amount: '{amount}' is before its tax: {together:,} of the {rows.height:,} invoices paying something beside a "
        f"tax paid '{amount}' and '{tax_column}' together under {' and '.join(repr(c) for c in paid)}; each row's amount "
        f"owed is {names}. To read '{amount}' alone, run with --set '{tax_column}=ignore'."
    )


#: the headers that name a number of any kind ("Numbers", "NUMBER"), a phone's among them
_NUMBER_HEADERS = frozenset({"number", "numbers", "numero", "numeros", "num", "nr", "no", "contact", "contact number",
                             "contact no", "cell", "msisdn"})
#: the share of a column's distinct values that must be mobiles written with their country code, all of one country
BARE_MOBILES_SHARE = 0.9


def _phones_under_a_number_header(read: ReadResult, mapping: MappingResult) -> None:
    """A column under a header that names a number alone ("Numbers", "NUMBER") whose values are
    mobiles written with their country code and no "+" ("260977358686": a Zambian lender's
    borrowers), all of one country, is the debtor's phone, said, when no column gives the phone: it had
    been taken for the reference, or set aside."""
    from collections import Counter

    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.validate.regions import bare_international

    fields = mapping.field_columns()
    if "debtor.phone" in fields or not read.frame.height:
        return
    for i, col in enumerate(mapping.columns):
        if col.field not in (None, "reference") or col.column not in read.frame.columns:
            continue
        # (a header's plural written "(s)": "CONTACT(s)")
        if normalize_header(re.sub(r"\(s\)\s*$", "", col.column)) not in _NUMBER_HEADERS:
            continue
        # (of several numbers in a cell, "254722264038,254720926588", the first, as the phones' check reads it)
        values = read.frame.get_column(col.column).cast(pl.String).str.strip_chars().str.extract(r"^([^,;/]+)") \
            .str.strip_chars().replace("", None).drop_nulls()
        distinct = values.unique().head(200)
        mobiles = bare_international(distinct)
        if not distinct.len() or len(mobiles) < BARE_MOBILES_SHARE * distinct.len():
            continue
        # (all of one country: its numbers, not codes that read as numbers of several)
        if Counter(mobiles.values()).most_common(1)[0][1] < BARE_MOBILES_SHARE * len(mobiles):
            continue
        mapping.columns[i] = ColumnMapping(col.column, "debtor.phone", 0.9, "mapped",
                                           "values: mobiles written with their country code, without '+'")
        # (what the reference was chosen over, said of it, is no more)
        mapping.notices[:] = [n for n in mapping.notices if not (n.startswith("reference:") and f"over '{col.column}'" in n)]
        mapping.notices.append(
            f"debtor.phone: '{col.column}' holds mobile numbers written with their country code and no '+' "
            f"('{next(iter(mobiles))}'): read as the debtors' phones"
            + (", not as the reference." if col.field == "reference" else ".")
        )
        return


#: the shortest line of a fixed-width file, the share of its lines of the one length, the lines read
#: and the most columns a separator found in it
FIXED_WIDTH_LINE, FIXED_WIDTH_SHARE, FIXED_WIDTH_SAMPLE, FIXED_WIDTH_COLUMNS = 60, 0.9, 200, 3


def _refuse_fixed_width(read: ReadResult) -> None:
    """A text file read as a few columns at most whose lines are nearly all of one length, its fields
    padded with spaces to fixed places (a water utility's list of bills sent for enforcement): no
    separator tells its columns apart, and no column can be named. Refused, said, before its first
    line is offered as the header."""
    if len(read.headers) > FIXED_WIDTH_COLUMNS or read.source.format != "csv" or read.frame.height < 2:
        return
    try:
        with open(read.source.path, encoding=read.source.encoding or "utf-8", errors="replace") as fh:
            lines = pl.Series([line.rstrip("\r\n") for line, _ in zip(fh, range(FIXED_WIDTH_SAMPLE), strict=False)])
    except OSError:
        return
    lines = lines.filter(lines.str.strip_chars() != "")
    lengths = lines.str.len_chars()
    if not lines.len():
        return
    width = int(lengths.mode().max())  # type: ignore[arg-type]
    if width < FIXED_WIDTH_LINE or int((lengths == width).sum()) < FIXED_WIDTH_SHARE * lines.len():
        return
    # (fields padded with spaces to their width, the last one too)
    if int(lines.str.contains(r"\S {3,}").sum()) < lines.len() / 2:
        return
    raise InputFileError(
        f"{Path(read.source.path).name} is a fixed-width text file: each line is a record of {width:,} characters, its "
        "fields at fixed places with no separator between them, so its columns cannot be told apart. Export the list "
        "from its system as CSV (or Excel) instead."
    )


def _amount_of_a_recurring_charge(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A tenant's invoices, each named by its invoice number and due on a date of its own, that give
    no amount but the rent ("MonthlyRent"): the rent is each invoice's amount, offered to confirm,
    said. A rent beside no invoice (a rent roll, a lease) stays set aside."""
    from getbill_import.mapping.headers import match_header

    fields = mapping.field_columns()
    if "amount" in fields or "due_date" not in fields or "reference" not in fields or not read.frame.height:
        return
    if match_header(fields["reference"], settings.mappings_dir).role not in ("invoice number", "invoice identifier"):
        return
    options = validation_options(settings)
    charges = [c for c in _set_aside_as(read, mapping, "a recurring charge", settings.mappings_dir)
               if (v := _amounts_written(read, c, options)) is not None and v.is_not_null().any()]
    if len(charges) != 1:
        return
    (charge,) = charges
    for i, col in enumerate(mapping.columns):
        if col.column == charge:
            mapping.columns[i] = ColumnMapping(charge, "amount", col.confidence, "to_confirm",
                                               "a recurring charge, each invoice's amount (invoices due on dates of their own)")
    mapping.notices.append(
        f"amount: no column gives each invoice's amount; '{charge}' (a recurring charge) is offered as each invoice's, as "
        f"every row names an invoice ('{fields['reference']}') due on a date of its own ('{fields['due_date']}'). If it "
        f"is not what each invoice asks, name the amount's column (--set 'COLUMN=amount')."
    )


def _set_aside_as(read: ReadResult, mapping: MappingResult, role: str, mappings_dir: Path | str) -> list[str]:
    """The file's columns mapped to no field whose header the vocabulary sets aside as ``role``
    ("amount before tax", "tax", "description"), not set aside by hand."""
    from getbill_import.mapping.headers import match_header

    return [c.column for c in mapping.columns
            if c.field is None and c.column in read.headers and c.column in read.frame.columns
            and c.column not in mapping.set_by_hand and match_header(c.column, mappings_dir).role == role]


def _same_amounts(a: pl.Series, b: pl.Series) -> bool:
    """Whether two columns of amounts agree to the cent on nearly every row where both are written."""
    both = a.is_not_null() & b.is_not_null()
    rows = int(both.sum())
    return rows > 0 and int(((a.cast(pl.Float64) - b.cast(pl.Float64)).abs() <= 0.011).filter(both).sum()) >= TAX_RATES_SHARE * rows


def _tax_of(net: pl.Series, tax: pl.Series) -> bool:
    """Whether ``tax`` holds the tax amounts of the ``net`` amounts beside them: on the rows where
    both are written and the net is not 0, the tax is at most ``TAX_SHARE_MAX`` of it, of the same
    sign; and a rate written as a number ("20") is not one: its few values are no few shares of the net."""
    both = pl.DataFrame({"net": net.cast(pl.Float64), "tax": tax.cast(pl.Float64)})
    rows = both.filter(
        pl.col("net").is_not_null() & pl.col("tax").is_not_null() & (pl.col("net") != 0)
    ).with_columns((pl.col("tax") / pl.col("net")).alias("share"))
    # a net amount of nothing on most rows taxed is not theirs (a policy's base value beside commissions)
    if not rows.height or rows.height < 0.5 * int(both["tax"].is_not_null().sum()):
        return False
    within = rows.filter((pl.col("share") >= 0) & (pl.col("share") <= TAX_SHARE_MAX))
    if within.height < TAX_RATES_SHARE * rows.height:
        return False
    # a tax charged is a rate of a percent or more (a commission's tax beside a policy's value is no tax of it)
    charged = within.filter(pl.col("tax") != 0)
    if charged.height and charged.filter(pl.col("share") >= TAX_SHARE_MIN).height < TAX_RATES_SHARE * charged.height:
        return False

    def few(column: str) -> bool:
        # the three values written most (to the hundredth) cover nearly every row
        counts = rows.get_column(column).round(2).value_counts(sort=True, name="n")
        return int(counts["n"].head(3).sum()) >= TAX_RATES_SHARE * rows.height

    return not few("tax") or few("share")


#: the column of the references a list of balances per debtor takes from its debtors' names
DEBTOR_REFERENCE = "Reference (debtor's name)"
#: a list of balances per debtor has this many rows at least
BALANCES_MIN_ROWS = 3
#: the role of a customer's own account number or code, which names a shorter list's debts too
ACCOUNT_CODE_ROLE = "accounting code"


def _debtor_key(read: ReadResult, mapping: MappingResult) -> tuple[list[str], pl.Expr, pl.Expr]:
    """The columns naming the debtor, the name they write (their values together), and the name
    as compared (case and spaces folded): a list of balances per debtor writes each on one row."""
    from getbill_import.mapping.layout import NAME_FIELDS

    names = [c for f, c in mapping.field_columns().items() if f in NAME_FIELDS and c in read.frame.columns]
    name = pl.concat_str([pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in names],
                         separator=" ", ignore_nulls=True)
    return names, name, name.str.to_lowercase().str.replace_all(r"\s+", " ")


#: the keys of an address written whole as a record in one cell → the field each gives
_ADDRESS_KEYS = {
    "address": "debtor.address.line1", "street": "debtor.address.line1", "street1": "debtor.address.line1",
    "address1": "debtor.address.line1", "line1": "debtor.address.line1", "street2": "debtor.address.line2",
    "address2": "debtor.address.line2", "line2": "debtor.address.line2", "city": "debtor.address.city",
    "town": "debtor.address.city", "state": "debtor.address.region", "region": "debtor.address.region",
    "province": "debtor.address.region", "zip": "debtor.address.postal_code", "zipcode": "debtor.address.postal_code",
    "zip_code": "debtor.address.postal_code", "postal_code": "debtor.address.postal_code",
    "postcode": "debtor.address.postal_code", "country": "debtor.address.country", "phone": "debtor.phone",
}
#: the keys of a currency written whole as a record in one cell (Unleashed's "{'CurrencyCode': 'NZD', …}")
_CURRENCY_KEYS = {"currencycode": "currency", "currency_code": "currency", "code": "currency", "iso_code": "currency",
                  "isocode": "currency", "iso": "currency"}
#: the longest cell read as a record
_RECORD_CHARS = 4000
#: the share of a column's written cells that must be records
_RECORDS_SHARE = 0.9


def _record(text: str) -> dict[str, Any] | None:
    """A record written whole: JSON, or a Python dict's text (``{'city': 'Kapuskasing'}``)."""
    import ast
    import json

    if len(text) > _RECORD_CHARS or not text.lstrip().startswith("{"):
        return None
    for parse in (json.loads, ast.literal_eval):
        with contextlib.suppress(ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            found = parse(text)
            return found if isinstance(found, dict) else None
    return None


def _address_records(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An address written whole as a record in one cell (Zoho Books' ``billing_address``: "{'address':
    '33 Cedar Street', 'city': 'Kapuskasing', 'zipcode': 'P5N 2A9', …}"): its parts give the
    address's fields no other column gives, each in a column of its own, said; so does a currency
    so written (Unleashed's "{'CurrencyCode': 'NZD', 'Description': 'New Zealand, Dollars', …}").
    Each distinct cell is read once; a delivery address (set aside by its header) is not read."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.headers import match_header

    taken = set(mapping.field_columns())
    for col in list(mapping.columns):
        if col.status != "unmapped" or col.column not in read.frame.columns or "records written whole" not in col.reason:
            continue
        field = match_header(col.column, settings.mappings_dir).field or ""
        if not field.startswith("debtor.address.") and field != "currency":
            continue
        known = _CURRENCY_KEYS if field == "currency" else _ADDRESS_KEYS
        what = "currency" if field == "currency" else "address"
        cells = read.frame.get_column(col.column).cast(pl.String).drop_nulls().unique().to_list()
        records = {cell: _record(cell) for cell in cells}
        if not cells or sum(r is not None for r in records.values()) < _RECORDS_SHARE * len(cells):
            continue
        keys = sorted({k for r in records.values() if r for k in r if isinstance(k, str)})
        parts = {k: known[k.lower()] for k in keys if known.get(k.lower()) not in (None, *taken)}
        named = []
        for key, target in parts.items():
            if target in taken:
                continue
            values = {cell: (str(r.get(key) or "").strip() or None) if r else None for cell, r in records.items()}
            column = f"{col.column}.{key}"
            read.frame = read.frame.with_columns(
                pl.col(col.column).cast(pl.String).replace_strict(values, default=None, return_dtype=pl.String).alias(column)
            )
            mapping.columns.append(ColumnMapping(column, target, 0.9, "mapped", f"'{key}' of the {what} written whole in '{col.column}'"))
            taken.add(target)
            named.append(f"'{key}' ({target})")
        if named:
            read.source.notices.append(
                f"'{col.column}' writes each {what} whole, as a record: its parts are read, {', '.join(named)}."
            )


#: a line break written in a cell: a new line, or the HTML one a web export leaves ("</br>")
_CELL_BREAK = r"\s*(?:<\s*/?\s*br\s*/?\s*>|\r?\n)\s*"
#: a phone number written alone on a line of its own ("(22) 99908-8850", "+52 999 123 4567")
_PHONE_LINE = r"^\+?[\d\s().\-/]{8,20}$"
#: the column that holds the phones read from the names' lines
PHONE_FROM_NAME = "Phone (from the name)"


def _lines_of_names(read: ReadResult, mapping: MappingResult) -> None:
    """A name cell of several lines ("Alexandre e Simone</br>(22) 99908-8850", "Dupont SA\n06 12 34
    56 78"): the name is its first line, and a phone number alone on a later line is the debtor's
    phone where no column gives one; said."""
    from getbill_import.mapping import ColumnMapping

    fields = mapping.field_columns()
    name = fields.get("debtor.name")
    if name not in read.frame.columns or name in mapping.set_by_hand:
        return
    text = pl.col(name).cast(pl.String)
    # a break needs a "<" or a line feed: looked for first, as a literal
    if not read.frame.select(text.str.contains_any(["<", "\n"]).any()).item():
        return
    broken = read.frame.select(text.str.contains(_CELL_BREAK + r"\S").fill_null(False).sum()).item()
    if not broken:
        return
    parts = text.str.strip_chars().str.replace_all(_CELL_BREAK, "\u0000").str.split("\u0000")
    phone = parts.list.slice(1).list.eval(pl.element().filter(pl.element().str.contains(_PHONE_LINE))).list.first()
    # the lines of the name, a phone's aside ("Entreprise" / "Alpha"): the first alone, unless it
    # is the first of names told apart by the others only
    words = parts.list.eval(pl.element().filter(~pl.element().str.contains(_PHONE_LINE))).list.join(" ")
    split = text.str.contains(_CELL_BREAK + r"\S").fill_null(False)
    firsts = read.frame.select(parts.list.first().filter(split).alias("f"), words.filter(split).alias("w"))
    joined = firsts.group_by("f").agg(pl.col("w").n_unique()).get_column("w").max() > 1  # type: ignore[operator]
    read.frame = read.frame.with_columns(
        pl.when(split).then(words if joined else parts.list.first()).otherwise(text).alias(name),
        phone.alias(PHONE_FROM_NAME),
    )
    phones = int(read.frame.get_column(PHONE_FROM_NAME).is_not_null().sum())
    example = read.frame.filter(pl.col(PHONE_FROM_NAME).is_not_null()).get_column(PHONE_FROM_NAME).head(1).to_list()
    said = f"{name!r}: {broken:,} name(s) are written on several lines: the name is " + (
        "their lines joined (their first lines alone would make one debtor of several)" if joined else "the first one")
    if phones and "debtor.phone" not in fields:
        mapping.columns.append(ColumnMapping(PHONE_FROM_NAME, "debtor.phone", 0.9, "mapped",
                                             f"a phone number on a line of its own in '{name}'"))
        said += f", and a phone number on a line of its own ({example[0]!r}) is the debtor's phone ({phones:,} row(s))"
    else:
        read.frame = read.frame.drop(PHONE_FROM_NAME)
    read.source.notices.append(said + ".")


#: the times a counter must start again at 1 to number the rows of several tables
COUNTER_RESTARTS = 2
#: the share of numbered rows that must follow the counter (one more than the row above, or 1)
COUNTER_SHARE = 0.95
#: the rows a column must number to be read as a counter of tables
MIN_COUNTED_ROWS = 10


def _counter_of_each_table(read: ReadResult, mapping: MappingResult) -> None:
    """A reference column that counts the rows of each of several tables stacked on a sheet (1, 2,
    3… then 1, 2… again: "N°" of each class's fee register) numbers no debt: it is set aside, said,
    so that the debts are named otherwise (by the debtor of a list of balances per debtor) or the
    file is refused for its reference, rather than most rows being rejected as repeats. A column
    the user mapped is kept."""
    reference = mapping.field_columns().get("reference")
    if reference not in read.frame.columns or reference in mapping.set_by_hand or read.frame.height < MIN_COUNTED_ROWS:
        return
    from getbill_import.mapping.values import counter_starts

    number = pl.col(reference).cast(pl.String).str.strip_chars().cast(pl.Int64, strict=False)
    numbered = read.frame.select(number).to_series().drop_nulls()
    if numbered.len() < MIN_COUNTED_ROWS:
        return
    starts = counter_starts(numbered, share=COUNTER_SHARE, least=COUNTER_RESTARTS + 1)
    if not starts:
        return
    column = next(c for c in mapping.columns if c.column == reference)
    column.field, column.status = None, "unmapped"
    column.reason = f"1, 2, 3… counting the rows of each of {starts:,} tables: no invoice number"
    read.source.notices.append(
        f"reference: '{reference}' counts the rows of each of {starts:,} tables (1, 2, 3… then 1 again): it "
        "numbers no debt, and is kept as metadata. Map the column that does (--set 'COLUMN=reference')."
    )


#: the column of the debtors' names a reference set by hand on a name column keeps
DEBTOR_NAME_OF_REFERENCE = "Debtor (the reference's name)"


def _name_of_a_reference_set_by_hand(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A column of debtors' names the user made the reference (a short list of balances per debtor
    refused for its reference, then "--set 'Name=reference'") still names the debtor when no other
    column does: it gives both, said."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.layout import NAME_FIELDS

    fields = mapping.field_columns()
    reference = fields.get("reference")
    if (reference not in read.frame.columns or reference not in mapping.set_by_hand or NAME_FIELDS & set(fields)
            or match_header(reference, settings.mappings_dir).field not in NAME_FIELDS):
        return
    read.frame = read.frame.with_columns(pl.col(reference).alias(DEBTOR_NAME_OF_REFERENCE))
    mapping.columns.append(ColumnMapping(DEBTOR_NAME_OF_REFERENCE, "debtor.name", 0.9, "mapped",
                                         f"the debtor's name, '{reference}', set as the reference by hand"))
    read.source.notices.append(
        f"debtor.name: '{reference}', set as the reference, names the debtors too (no other column does): each debt "
        "is named by its debtor's name."
    )


#: the share of a column's values that must be dates for it to give the due date
SCHEDULED_DATES = 0.8


def _due_date_of_a_scheduled_payment(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A file with no due date whose column gives the date each payment is expected ("Data Prevista
    para pagamento": a collections sheet's only date) is due on that date, said, where the
    follow-ups counted from the day of the import. Beside a due date, such a date is a forecast:
    kept as metadata."""
    from getbill_import.mapping.values import (
        profile_values,
        sample_column,
        scheduled_payment_date_header,
    )

    if "due_date" in mapping.field_columns() or mapping.profile is not None or not read.frame.height:
        return
    for col in mapping.columns:
        # (unmapped, or read as the invoice's date by its date word alone: "Data_Prevista")
        taken = col.field == "issue_date" and col.reason.startswith("composed: ")
        if ((col.status != "unmapped" and not taken) or col.column not in read.frame.columns
                or col.column in mapping.set_by_hand or not scheduled_payment_date_header(col.column, settings.mappings_dir)):
            continue
        values = profile_values(sample_column(read.frame.get_column(col.column)), settings.mappings_dir)
        if not values.count or values.share("date_like") < SCHEDULED_DATES:
            continue
        _take_column(read, col, "due_date", 0.85, "the date payment is expected: no column gives the due date",
                     f"due date: no column gives it; '{col.column}', the date each payment is expected, is read as the due "
                     f"date. If it is not, set it aside (--set '{col.column}=ignore').")
        return


def _amount_written_elsewhere(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """The amount read by its header, blank on every row but a zero (a total's below, a collection firm's
    "Nog te betalen" of costs not yet charged), gives its field to the column that lost it and is
    written on most rows, the one whose header names the field best ("Openstaand fact saldo"), unless
    the user named the amount; said."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.resolve import lost_to

    amount = mapping.field_columns().get("amount")
    if amount is None or amount in mapping.set_by_hand or amount not in read.frame.columns or read.frame.height < 3:
        return

    def cells(column: str) -> pl.Series:
        return read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()

    # (a balance written on one row alone, the others blank as paid, is what is owed: "Balance Due" of a
    # city's fines, one unpaid; a zero alone, a total's, is no amount)
    written = cells(amount)
    if written.len() > 1 or not written.str.contains(r"^[-+]?0*(?:[.,]0*)?$").all():
        return
    losers = [c for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
              and c.reason.startswith(lost_to(amount)) and 2 * cells(c.column).len() > read.frame.height]
    if not losers:
        return
    other = max(losers, key=lambda c: (match_header(c.column, settings.mappings_dir).rank, -mapping.columns.index(c)))
    was = next(c for c in mapping.columns if c.column == amount)
    was.field, was.status, was.reason = None, "unmapped", f"written on {written.len()} row(s) of {read.frame.height:,}"
    _take_column(read, other, "amount", 0.9, f"written where '{amount}' is not",
                 f"amount: '{amount}' is written on {written.len()} row(s) of {read.frame.height:,}: the amount is read "
                 f"from '{other.column}', written on most. If '{amount}' is what is owed, set it (--set '{amount}=amount').")


def _debtor_named_by_the_amount(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """The amount's header naming the party who owes it ("Patient Responsibility") makes that party's
    name column the debtor's ("Patient Name"), where another party's had won it (an insurer's "Payer
    Name"), unless the user named the debtor; said."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.resolve import lost_to
    from getbill_import.mapping.values import header_says

    fields = mapping.field_columns()
    amount, name = fields.get("amount"), fields.get("debtor.name")
    if amount is None or name is None or name in mapping.set_by_hand or not header_says(
            amount, "amount_party_words", settings.mappings_dir) or header_says(name, "amount_party_words", settings.mappings_dir):
        return
    party = set(normalize_header(amount).split())
    other = next((c for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                  and c.reason.startswith(lost_to(name)) and set(normalize_header(c.column).split()) & party), None)
    if other is None:
        return
    was = next(c for c in mapping.columns if c.column == name)
    was.field, was.status, was.reason = None, "unmapped", f"another party's name: '{amount}' is '{other.column}''s to pay"
    _take_column(read, other, "debtor.name", 0.9, f"the party '{amount}' names as owing it",
                 f"debtor.name: '{other.column}' chosen over '{name}': the amount, '{amount}', is that party's to pay.")


def _take_column(read: ReadResult, col: ColumnMapping, field: str, confidence: float, reason: str, notice: str) -> None:
    """A column a layout rule gives a field to, mapped with ``reason``; ``notice`` says so."""
    col.field, col.status, col.confidence, col.reason = field, "mapped", confidence, reason
    read.source.notices.append(notice)


#: the share of a column's values holding a digit for it to be taken for a number of the debts
DEBT_NUMBER_DIGITS = 0.9
#: the words from which a value holding a digit is a description, no number
DESCRIPTION_WORDS = 5


#: a header naming a number and nothing else
_BARE_NUMBER_HEADERS = frozenset({"numero", "number", "no", "nr", "num", "n"})


def _own_on_every_row(read: ReadResult, column: str) -> bool:
    """Whether ``column`` writes a value on every row, each row's own."""
    value = read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None)
    return not value.null_count() and bool(value.is_unique().all())


#: the role of a reference term naming a case's number ("Case #": a court's, an agency's)
_CASE_NUMBER_ROLE = "case number"
#: the headers of a row's own record's id, whatever the record is ("id", "uuid")
_BARE_ID_HEADERS = frozenset({"id", "uid", "uuid", "guid", "record id", "row id", "object id", "key"})
#: the share of the rows on which a reference must be blank for a list of balances per debtor to be
#: named by its debtors instead
SPARSE_REFERENCE_SHARE = 0.5


def _debts_named_beside_a_sparse_reference(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A list of balances per debtor whose reference is a case's number (not a document's) blank on half
    its rows or more (an eviction tracker's "Case #", written once a case is filed): it numbers no debt.
    The debts are named as a list of balances per debtor's are (its customers' numbers, else its
    debtors' names), said; where nothing names them so, the reference stays. A document's number blank
    on most rows is left as it is: its numbered rows keep their numbers, the others are rejected."""
    from getbill_import.mapping.headers import match_header

    reference = mapping.field_columns()["reference"]
    if (reference not in read.frame.columns or reference in mapping.set_by_hand
            or match_header(reference, settings.mappings_dir).role != _CASE_NUMBER_ROLE
            or not _each_debtor_on_a_row(read, mapping)):
        return
    written = read.frame.get_column(reference).cast(pl.String).str.strip_chars().replace("", None)
    if written.null_count() < SPARSE_REFERENCE_SHARE * written.len():
        return
    col = next(c for c in mapping.columns if c.column == reference and c.field == "reference")
    kept = (col.field, col.status, col.reason)
    col.field, col.status, col.reason = None, "unmapped", (
        f"{col.reason}; blank on {written.null_count():,} of {written.len():,} rows: no number of each debt")
    _reference_of_a_balance_per_debtor(read, mapping, settings)
    if "reference" not in mapping.field_columns():
        col.field, col.status, col.reason = kept


def _customer_number_of_each_row(read: ReadResult, mapping: MappingResult, settings: Settings) -> ColumnMapping | None:
    """The column left unmapped that the vocabulary reads as the customer's number and that writes each
    row's own on every row (a utility's consumers, SAP's "KUNNR"); None when none does."""
    from getbill_import.mapping.headers import names_customer_number
    from getbill_import.mapping.values import header_says

    # (or an account's number in a language whose word for it names no party: "nro_cuenta", "Kontonummer")
    return next((c for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                 and (names_customer_number(c.column, str(settings.mappings_dir))
                      or header_says(c.column, "account_number_headers", settings.mappings_dir))
                 and _own_on_every_row(read, c.column)), None)


def _identity_number_as_reference(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A "document number" beside a column of the kinds of identity documents ("TIPO_ID": CC, NIT,
    CE) is the debtor's identity number, no debt's: the reference is another column naming one
    ("NUM_OBLIGACION"), said; or none, the debts then named as their layout allows."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import header_says, identity_kinds_column

    reference = mapping.field_columns().get("reference")
    if reference not in read.frame.columns or reference in mapping.set_by_hand:
        return
    left = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    if header_says(reference, "identity_document_words", settings.mappings_dir):
        kinds = identity_kinds_column(read.frame, left, settings.mappings_dir)
    else:
        # a bare number ("Numero") right after the kind of its document ("Type": CIN, RC): a Tunisian
        # bank's customers' identity numbers, shared by a customer's accounts
        at = read.frame.columns.index(reference)
        before = read.frame.columns[at - 1] if at > 0 else None
        kinds = identity_kinds_column(read.frame, [before], settings.mappings_dir) if (
            before in left and normalize_header(reference) in _BARE_NUMBER_HEADERS) else None
    if kinds is None:
        return
    col = next(c for c in mapping.columns if c.column == reference)
    col.field, col.status, col.reason = None, "unmapped", f"the debtor's identity number, beside its kind ('{kinds}')"
    # a column naming a debt's number, else an account's number or a record's id written on every row,
    # each row's own (a bank's overdrawn account: "Compte")
    unmapped = [c for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                and c.column not in (reference, kinds)]
    other = next((c for c in unmapped if match_header(c.column, settings.mappings_dir).field == "reference"
                  and bool(read.frame.get_column(c.column).drop_nulls().is_unique().all())), None) or next(
        (c for c in unmapped if match_header(c.column, settings.mappings_dir).role == ACCOUNT_CODE_ROLE
         and _own_on_every_row(read, c.column)), None)
    said = f"'{reference}' is the debtor's identity number (its kind in '{kinds}'), no debt's"
    if other is None:
        read.source.notices.append(f"reference: {said}.")
        return
    _take_column(read, other, "reference", 0.9, f"the debt's number: '{reference}' is the debtor's identity number",
                 f"reference: {said}: each debt is named by '{other.column}'.")


def _named_by_customer_number(read: ReadResult, number: ColumnMapping) -> None:
    """Each debt of a list of balances per customer named by its customer's number, said."""
    _take_column(read, number, "reference", 0.9, "the customer's number: a list of balances per customer",
                 f"reference: no column numbers the debts, and each debtor is on a row of its own (a list of balances "
                 f"per debtor): each debt is named by its customer's number, '{number.column}'.")


def _reference_of_joined_balances(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A list of balances per customer whose names a customer master gave (``--debtors``), each customer
    on a row of its own: each debt is named by its customer's number, as when that number is set as the
    debtor's name (``_reference_of_a_balance_per_debtor``), said."""
    fields = mapping.field_columns()
    if "reference" in fields or "amount" not in fields or read.joined is None or not read.frame.height:
        return
    if (number := _customer_number_of_each_row(read, mapping, settings)) is not None:
        _named_by_customer_number(read, number)


def _reference_of_a_balance_per_debtor(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A list of balances per debtor (a school's families in arrears, a club's members, one row
    each) numbers no invoice: each debt is named by its customer's number, or else by its debtor's
    name, said. Only when no column gives the reference and every row names a debtor of its own;
    by the name only when no column left unmapped, that the vocabulary does not set aside, holds a
    value of its own on every row (it may be the number the tool did not recognise)."""
    from getbill_import.mapping.columns import COUNTER_SAID, RECORD_ID_SAID, ROUND_SUMS
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import profile_values, sample_column

    fields = mapping.field_columns()
    names, name, key = _debtor_key(read, mapping)
    # a reference that counts the rows (1, 2, 3…) gives way to the customer's own number
    # (and so does the id of the row's own record offered for want of a number: Zuora's accounts' "id", a
    # hash; not a transaction's id, "transaction_id", the debt's own)
    counter = next((c for c in mapping.columns if c.field == "reference" and c.status != "unmapped"
                    and (COUNTER_SAID in c.reason or (c.status == "to_confirm" and RECORD_ID_SAID in c.reason
                                                      and normalize_header(c.column) in _BARE_ID_HEADERS))
                    and c.column not in mapping.set_by_hand), None)
    if "reference" in fields and counter is None and names and mapping.ledger is None:
        _debts_named_beside_a_sparse_reference(read, mapping, settings)
        return
    if ("reference" in fields and counter is None) or "amount" not in fields or not names or mapping.ledger is not None:
        return

    left = [c for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    # the customer's number, written on every row, names each customer's balance, whether or not
    # two customers bear one name (a utility's consumers)
    number = _customer_number_of_each_row(read, mapping, settings)
    if read.frame.height < BALANCES_MIN_ROWS and (
            number is None or counter is not None
            or match_header(number.column, settings.mappings_dir).role != ACCOUNT_CODE_ROLE):
        # a file of one or two rows (the accounts placed today) is named by its customers' own
        # account numbers, and by nothing its few rows alone would suggest (a tax number neither)
        return
    if counter is not None:
        if number is None:
            return
        counter.field, counter.status, counter.reason = None, "unmapped", f"{counter.reason}; the customer's number, "\
            f"'{number.column}', names the debts instead"
        mapping.notices[:] = [n for n in mapping.notices if not n.startswith(f"reference: '{counter.column}' holds")]
    # a grand total written first is no debtor (nor the example named below)
    _exclude_total_on_top(read, fields["amount"])
    twice = None
    if number is None and not _each_debtor_on_a_row(read, mapping):
        _exclude_whole_copies(read)
    if number is None and not _each_debtor_on_a_row(read, mapping):
        # a rent roll: a tenant (a company housing its staff) renting several units, each unit's
        # balance on a row of its own, named by the unit
        line1 = "debtor.address.line1" in fields
        owed = pl.col(fields["amount"]).cast(pl.String).str.strip_chars().replace("", None).is_not_null()

        def each_units(column: str) -> bool:
            # (judged on the rows of an amount: a report's title written again below its rows names none)
            value = pl.col(column).cast(pl.String).str.strip_chars().replace("", None)
            return bool(read.frame.select((value.is_not_null() | ~owed).all() & value.drop_nulls().is_unique().all()
                                          & value.str.contains(r"\d").all()).item())

        # (the values of a column whose header names a unit alone are read, once)
        unit = next((c for c in mapping.columns
                     if (c.status == "unmapped" or (c.field == "debtor.address.line2" and not line1))
                     and c.column in read.frame.columns and c.column not in mapping.set_by_hand
                     and match_header(c.column, settings.mappings_dir).field == "debtor.address.line2"
                     and each_units(c.column)), None)
        if unit is not None:
            _take_column(read, unit, "reference", 0.9, "the unit rented: a balance per unit, a tenant renting several",
                         f"reference: no column numbers the debts, and a debtor may rent several units, each on a row "
                         f"of its own: each debt is named by its unit, '{unit.column}' ('{read.frame[unit.column][0]}').")
            return
        twice = _few_written_twice(read, name, key)
        # a guardian who pays for several children (a school's arrears per student): the other name, of
        # its own on every row, tells each debt apart
        dependant = next((c for c in left if c.reason.startswith(f"lost to '{names[0]}'") and _own_on_every_row(read, c.column)), None)
        if dependant is not None:
            said = " and ".join(f"'{c}'" for c in names)
            _name_the_debts(
                read, mapping, DEBTOR_REFERENCE, pl.format("{} ({})", name, pl.col(dependant.column).cast(pl.String)),
                f"the debtor's name ({said}) and '{dependant.column}': a list of balances per debtor and dependant",
                f"reference: no column numbers the debts, and a debtor may be on several rows, each of another "
                f"'{dependant.column}': each debt is named by its debtor's name and its '{dependant.column}'",
            )
            return
        if twice is None:
            _reference_of_a_debtors_period(read, mapping, settings, names, name, key)
            return
    if number is not None:
        _named_by_customer_number(read, number)
        return
    def sums(column: str) -> bool:
        # round sums or amounts with cents ("Term Fees": 1600000; 1250.50) number nothing, nor dates
        # ("Kayıt Tarihi": 01.03.2026 14:22, the day each record was made)
        values = profile_values(sample_column(read.frame.get_column(column)), settings.mappings_dir)
        return values.share("round") + values.share("amount") >= ROUND_SUMS or values.share("date_like") >= ROUND_SUMS

    def parts_of_names(column: str) -> bool:
        # a contact's first or last name beside the debtor's ("First Name": Invoice Ninja's client's contact)
        return match_header(column, settings.mappings_dir).field in ("debtor.first_name", "debtor.last_name")

    def numbered(column: str) -> bool:
        # a number holds digits: words of its own on every row ("Egress AWS", "Crédits Lovable": what each
        # debt is for) number nothing, nor a description of five words and more ("Boya badana (1x 4500,00
        # TL)": the work billed)
        text = read.frame.get_column(column).cast(pl.String)
        digits = (text.str.contains(r"\d") & (text.str.count_matches(r"\S+") < DESCRIPTION_WORDS)).fill_null(False)
        return bool(digits.mean() >= DEBT_NUMBER_DIGITS)  # type: ignore[operator]

    # a column the vocabulary sets aside (an IBAN, a tax number, a date), or names as another field
    # than the reference (a postal code of whole numbers, "PostalCode": 400001), numbers no debt
    if any(_own_on_every_row(read, c.column) and not sums(c.column) and not parts_of_names(c.column) and numbered(c.column)
           and match_header(c.column, settings.mappings_dir).field in (None, "reference")
           for c in left if not c.reason.startswith("ignored")):
        return
    said = " and ".join(f"'{c}'" for c in names)
    contact = _namesakes_contact(read, mapping, key, twice)
    named = name if contact is None else pl.when(key.is_duplicated()).then(
        pl.format("{} ({})", name, pl.col(contact).cast(pl.String).str.strip_chars())).otherwise(name)
    _name_the_debts(read, mapping, DEBTOR_REFERENCE, named, f"the debtor's name ({said}): a list of balances per debtor",
                    "reference: no column numbers the debts, and each debtor is on a row of its own (a list of balances "
                    "per debtor): each debt is named by its debtor's name")
    if twice is not None and contact is not None:
        read.source.notices.append(
            f"reference: {twice['key'].n_unique():,} name(s) of the list are each written on two rows or more, of "
            f"another '{contact}' on each ({_first_written_twice(twice)}): namesakes, each debt named by its debtor's "
            f"name and its '{contact}'."
        )
    elif twice is not None and not _dated_apart(read, mapping, twice):
        read.source.notices.append(
            f"reference: {twice['key'].n_unique():,} debtor(s) of the list are written on two rows or more "
            f"({_first_written_twice(twice)}): those rows bear one reference, and are "
            "refused as one debt written twice. Give each of them a name of its own, or add a column numbering the debts."
        )


#: the column a debt is named by with its debtor's name, when the debtor owes several
DEBTOR_PERIOD_REFERENCE = "Reference (debtor's name and period)"
#: the share of a column's sampled values that must be dates, or name a month, to tell a debtor's debts apart
_PERIOD_SHARE = 0.9


def _no_creation_date_of_a_balance(mapping: MappingResult) -> None:
    """In a list of balances per debtor (each debt named by its customer), the day each record was
    created ("Created At" of a customer list with its balance) is when the customer was entered, no
    invoice's date: it is not read as the issue date."""
    from getbill_import.mapping.columns import CREATION_DATE_SAID

    reference = next((c for c in mapping.columns if c.field == "reference" and c.status != "unmapped"), None)
    if reference is None or "a list of balances per" not in reference.reason:
        return
    for col in mapping.columns:
        if col.field == "issue_date" and col.reason.startswith(CREATION_DATE_SAID) and col.column not in mapping.set_by_hand:
            col.field, col.status = None, "unmapped"
            col.reason = "the day each record was created: a list of balances per debtor gives no invoice's date"
            mapping.notices[:] = [n for n in mapping.notices if not n.startswith(
                f"issue_date: no column gives the invoice's date nor its due date; '{col.column}'")]


def _reference_of_a_debtors_period(
    read: ReadResult, mapping: MappingResult, settings: Settings, names: list[str], name: pl.Expr, key: pl.Expr
) -> None:
    """A list of what debtors owe period by period (a tuition centre's monthly fees: "June 2025 Fee"
    of each pupil on a row of its own) numbers no debt: each is named by its debtor's name and its
    period, said, when a column of dates or of months tells each debtor's rows apart on every row: the
    due date, the issue date, else a column left unmapped (first in the file). Nothing when none does."""
    from getbill_import.mapping.layout import MONTH_OF_A_YEAR
    from getbill_import.mapping.values import month_share, profile_values, sample_column

    fields = mapping.field_columns()

    def periods(column: str) -> bool:
        values = sample_column(read.frame.get_column(column))
        if not values.len():
            return False
        return (profile_values(values, settings.mappings_dir).share("date") >= _PERIOD_SHARE
                or month_share(values, settings.mappings_dir) >= _PERIOD_SHARE
                # a month written by its number beside its year ("2026-02", "02/2026")
                or int(values.str.contains(MONTH_OF_A_YEAR).sum()) >= _PERIOD_SHARE * values.len())

    mapped = [fields[f] for f in ("due_date", "issue_date") if f in fields]
    left = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
            and c.column not in names]
    for column in [*mapped, *(c for c in left if periods(c))]:
        if column not in read.frame.columns:
            continue
        period = pl.col(column).cast(pl.String).str.strip_chars().replace("", None)
        # (judged on the rows naming a debtor: the others, a supplier's bills beside the customers'
        # invoices, are refused or left out for it)
        named = (key.str.len_chars() > 0).fill_null(False)
        if not read.frame.select(
                (period.is_not_null() | ~named).all() & pl.struct(key, period).filter(named).is_unique().all()).item():
            continue
        _name_the_debts(read, mapping, DEBTOR_PERIOD_REFERENCE, pl.concat_str([name, period], separator=" "),
                        f"the debtor's name and '{column}': each debtor owes for several periods",
                        f"reference: no column numbers the debts, and each debtor owes on several rows, told apart by "
                        f"'{column}': each debt is named by its debtor's name and its '{column}'")
        return


def _name_the_debts(read: ReadResult, mapping: MappingResult, column: str, value: pl.Expr, reason: str, said: str) -> None:
    """Each debt named by ``value``, written in a new ``column`` mapped to the reference (``reason``),
    and the notice ``said``, with an example and how to map a column that numbers the debts."""
    from getbill_import.mapping import ColumnMapping

    read.frame = read.frame.with_columns(value.alias(column))
    mapping.columns.append(ColumnMapping(column, "reference", 0.9, "mapped", reason))
    read.source.notices.append(
        f"{said} ('{read.frame[column][0]}'). If a column numbers them, map it (--set 'COLUMN=reference')."
    )


def _currency_of_the_amount_header(read: ReadResult, mapping: MappingResult, options: ValidationOptions) -> ValidationOptions:
    """A file with no currency column whose amount's header names its currency ("Open Advance
    (ILS)", "Total EUR") is read in that currency, unless the user set the default one; said. So is
    one whose currency column gives other currencies than the one the amount's header names: the
    amount is the balance converted ("잔액_KRW" beside "통화": USD, EUR, CNY), and the column is the
    currency of another amount, kept as metadata."""

    from getbill_import.validate.currencies import currency_in_header, resolve_currency

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if amount is None or options.currency_given:
        return options
    named = currency_in_header(amount)
    if named is None:
        return options
    column = fields.get("currency")
    if column is not None:
        if column in mapping.set_by_hand or column not in read.frame.columns:
            return options
        written = read.frame.get_column(column).cast(pl.String).str.strip_chars().drop_nulls().unique().to_list()
        others = sorted({c for c in map(resolve_currency, written) if c is not None and c != named})
        if not others:
            return options
        if len(others) == 1 and (twin := _amount_in_currency(read, mapping, amount, named, others[0])) is not None:
            # the same amount in the currency the column gives ("overdue_amount_rub" beside
            # "overdue_amount_eur", 'currency_code' RUB): that one is the invoices' own
            read.source.notices.append(
                f"amount: '{twin}' is the amount in the currency '{column}' gives ({others[0]}), taken over "
                f"'{amount}' ({named}), a conversion."
            )
            return options
        for col in mapping.columns:
            if col.column == column:
                col.field, col.status = None, "unmapped"
                col.reason = f"{col.reason}, but '{amount}' names its own currency ({named}): the currency of another amount"
        read.source.notices.append(
            f"amount: '{amount}' names its currency ({named}), while '{column}' gives {', '.join(others[:4])}: the amounts "
            f"are read in {named}, as converted; '{column}' is the currency of another amount, kept as metadata."
        )
        return replace(options, default_currency=named, currency_given=True)
    if (local := _amount_of_the_debtors_country(read, mapping, amount, named)) is not None:
        # the same total in the currency of the country the debtors' names are written in ("TOTAL
        # AMOUNT (VND)" beside "TOTAL AMOUNT (KRW)", billed to a Vietnamese company): what it pays
        twin, code, why = local
        return _read_in(read, mapping, options, code, False,
                        f"amount: '{twin}' is the amount in {code}, {why}, taken over '{amount}' ({named})")
    # "$" alone: the US dollar, or a peso or another dollar of the countries that write it
    # ("Total$": a word before the sign; "US$", "USD" name the US dollar)
    bare = named == "USD" and "$" in amount and not re.search(r"(?i)US\s*\$|USD", amount)
    if bare and (placed := _dollar_of_the_provinces(read, mapping)) is not None:
        # ("Balance ($)" beside "Service province": British Columbia, BC: Canadian dollars, and the
        # phone numbers written without their country are Canada's too)
        return _read_in(read, mapping, options, placed[0], False, f"amount: '{amount}' names dollars, and {placed[1]}")
    return _read_in(read, mapping, options, named, bare, f"amount: '{amount}' names its currency")


def _amount_of_the_debtors_country(
    read: ReadResult, mapping: MappingResult, amount: str, named: str,
) -> tuple[str, str, str] | None:
    """The column of the amount's header but for its currency, in the currency of the country whose
    own script the debtors' names are written in (``script_region``), mapped to the amount in its
    place, with that currency and why; None when the file has none."""
    from getbill_import.mapping.layout import GROUP_COLUMN, TITLE_COLUMN
    from getbill_import.validate.regions import region_currency, script_region

    name = mapping.field_columns().get("debtor.name")
    # (the name of the title, or of each group, is the group labels')
    values = read.frame.get_column(name) if name in read.frame.columns else read.group_labels \
        if name in (GROUP_COLUMN, TITLE_COLUMN) else None
    if values is None:
        return None
    found = script_region(pl.DataFrame({"debtor.name": values.cast(pl.String)}))
    code = region_currency(found[0]) if found is not None else None
    if found is None or code is None or code == named:
        return None
    twin = _amount_in_currency(read, mapping, amount, named, code)
    return None if twin is None else (twin, code, f"the currency of {found[0]}, whose script ({found[1]}) the "
                                                  "debtors' names are written in")


def _amount_in_currency(read: ReadResult, mapping: MappingResult, amount: str, named: str, currency: str) -> str | None:
    """The column whose header is the amount's but for its currency's code, written as the amount's is
    ("overdue_amount_rub" for "overdue_amount_eur"), mapped to the amount in its place; None when the
    file has none."""
    pattern = re.compile(rf"(?i)(?<![A-Za-z]){named}(?![A-Za-z])")
    if len(pattern.findall(amount)) != 1:
        return None
    found = pattern.search(amount)
    assert found is not None
    wanted = pattern.sub(currency.lower() if found.group(0).islower() else currency.upper(), amount)
    twin = next((h for h in read.headers if h == wanted and h in read.frame.columns), None)
    if twin is None:
        return None
    for col in mapping.columns:
        if col.column == amount:
            col.field, col.status = None, "unmapped"
            col.reason = f"{col.reason}, but '{twin}' is the amount in the file's own currency ({currency})"
        elif col.column == twin:
            col.field, col.status, col.confidence = "amount", "mapped", max(col.confidence, 0.9)
            col.reason = f"the amount in the file's own currency ({currency}), written as '{amount}' is in {named}"
    # (what the amount was chosen over is said of the other column)
    mapping.notices[:] = [n for n in mapping.notices if not n.startswith(f"amount: '{amount}' (")]
    return twin


def _dollar_of_the_provinces(read: ReadResult, mapping: MappingResult) -> tuple[str, str] | None:
    """The dollar or the peso other than the US dollar of the one country the debtors' states or
    provinces are in (``states_region``), and how it is said; None otherwise."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS
    from getbill_import.validate.regions import region_currency, states_region

    column = mapping.field_columns().get("debtor.address.region")
    if column is None or column not in read.frame.columns:
        return None
    # (a dash alone is a report's nothing)
    states = read.frame.get_column(column).cast(pl.String).str.strip_chars()
    region = states_region(states.filter(~states.str.contains(r"^[-–—]*$").fill_null(True)))
    currency = region_currency(region) if region is not None else None
    if region is None or currency is None or currency not in set(AMBIGUOUS_SYMBOLS["$"]) - {"USD"}:
        return None
    return currency, f"the debtors' provinces or states in '{column}' are {region}'s"


def _read_in(
    read: ReadResult, mapping: MappingResult, options: ValidationOptions, code: str, bare_dollar: bool, said: str,
) -> ValidationOptions:
    """The file's amounts read in ``code``, which ``said`` tells where it was found; a "$" alone is
    said to be other dollars' and the pesos' too. The default currency named says nothing. A currency
    of one country alone places the phone numbers written without their country there."""
    from getbill_import.validate.currencies import DOLLAR_SAID
    from getbill_import.validate.regions import currency_region

    if code == options.default_currency:
        # "montant_eur": the default currency, named: nothing to say of a currency taken by default
        return replace(options, currency_given=True)
    dollar = " " + DOLLAR_SAID if bare_dollar else ""
    # the currency of one country alone ("Kalan Alacak (TL)") places the phones written without their
    # country there too ("0532 456 78 90")
    options, phones = _place_phones(mapping, options, currency_region(code))
    notice = f"{said}: the amounts are read in {code}{phones}.{dollar}"
    if bare_dollar:
        # (said by the validation, unless the phones' country writes its own currency with "$")
        return replace(options, default_currency=code, currency_given=True, dollar_header=notice)
    read.source.notices.append(notice)
    return replace(options, default_currency=code, currency_given=True)


def _place_phones(mapping: MappingResult, options: ValidationOptions, region: str | None) -> tuple[ValidationOptions, str]:
    """``options`` reading the phone numbers written without their country in ``region``, the country
    the file's currency or tax numbers are of, unless the user set the region; and the words that say
    so, when the file has phones and the region is not the default."""
    if region is None or options.region_given:
        return options, ""
    said = f", and the phone numbers without a country in {region}" if region != options.default_region.upper() \
        and "debtor.phone" in mapping.field_columns() else ""
    return replace(options, default_region=region), said


#: the amount cells read for their number format, at most
_FORMAT_ROWS = 50
def _currency_of_the_amount_format(
    path: Path, read: ReadResult, mapping: MappingResult, options: ValidationOptions,
) -> ValidationOptions:
    """A workbook's amounts written as numbers in a currency's format ("$#,##0.00": a template's
    money cells), in a file with no currency column, are read in that currency unless the user set
    the default one; said. Excel's built-in currency formats follow the reader's own locale: they
    name none."""
    from getbill_import.read._formats import column_formats
    from getbill_import.validate.currencies import format_currency

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if (amount is None or options.currency_given or "currency" in fields or read.source.format not in ("xlsx", "xlsm")
            or read.column_numbers is None or amount not in read.column_numbers):
        return options
    formats = column_formats(path, read.source.sheet, read.column_numbers[amount], read.source.header_line + 1, _FORMAT_ROWS)
    named = [format_currency(f) for f in formats if f]
    codes = {code for code, _ in named if code}
    if len(codes) != 1 or len(named) < max(1, len(formats) // 2) or any(code is None for code, _ in named):
        return options
    example = next(f for f in formats if f)
    return _read_in(read, mapping, options, codes.pop(), any(bare for _, bare in named),
                    f"amount: the cells of '{amount}' are formatted in a currency ('{example}')")


#: an amount written below zero, as written: a minus or a parenthesis before its digits or after them
BELOW_ZERO = r"^[^0-9]*[(\-−–]|[\-−–)][^0-9]*$"
#: the share of a column's written amounts below zero from which its sign is the file's convention
_ALL_BELOW_ZERO = 0.99


def _without_sign(amount: pl.Expr) -> pl.Expr:
    """An amount as written, its minus ("-40858.428", "EUR -12", "−5") or its brackets ("(120.00)") taken off."""
    return (amount.cast(pl.String).str.replace(r"^(\s*[^0-9\s]*?)\s*[-−–]\s*", "${1}")
            .str.replace(r"^(\s*)\((.*)\)(\s*)$", "${1}${2}${3}"))


def _with_minus(text: pl.Expr) -> pl.Expr:
    """An amount written without its sign, written below zero ("210" → "-210")."""
    return pl.concat_str([pl.lit("-"), text])


def _debit_balances_below_zero(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An amount column whose header says it holds debit balances ("Compte Debiteur", "Solde
    débiteur"), or that repeats such a column, and whose amounts are all written below zero (a bank's export of its overdrawn
    accounts: -40858.428) writes what the customers owe as its own books see it: the sign is the
    file's convention, each amount is owed as written without it; said. Credit notes in a list of
    invoices are a few rows below zero, never all of them."""
    from getbill_import.mapping.values import header_says

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns:
        return
    written = read.frame.get_column(amount).cast(pl.String).str.strip_chars()
    # a column without a header repeating a debit balance's ("Column 7" beside "Compte Debiteur") is it
    said = header_says(amount, "debit_balance_words", settings.mappings_dir) or any(
        header_says(c, "debit_balance_words", settings.mappings_dir) and c != amount
        and int((read.frame.get_column(c).cast(pl.String).str.strip_chars() == written).fill_null(False).sum())
        >= _ALL_BELOW_ZERO * read.frame.height
        for c in read.frame.columns if not c.startswith("__"))
    if not said:
        return
    numbers = written.filter(written.str.contains(r"[1-9]").fill_null(False))
    below = numbers.str.contains(BELOW_ZERO).fill_null(False)
    if numbers.len() < 2 or int(below.sum()) < _ALL_BELOW_ZERO * numbers.len():
        return
    read.frame = read.frame.with_columns(_without_sign(pl.col(amount)).alias(amount))
    read.source.notices.append(
        f"Every amount of '{amount}' is written below zero ({int(below.sum()):,} of {numbers.len():,}), as a bank or a "
        "ledger writes the debit balances its customers owe: they are read as owed, without their sign. If they are "
        "credits owed to the customers, the file lists no debts to collect."
    )


#: the rows a status must mark in arrears for their sign to say the file's convention
_DELINQUENT_LEAST = 2
#: the share of the other rows that may be below zero all the same
_OTHERS_BELOW_SHARE = 0.1


def _owed_below_zero_by_status(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A status column marking accounts in arrears ("MOROSO", "Delinquent"), or a column of the time
    each is overdue above zero on those alone ("Срок задолженности": 9), whose balances are all
    below zero, where every other account's is at or above it: the balances are written from the
    holder's side (a club's members: what the club owes them above zero, their debt below). Each
    amount is read with its sign turned (a debt owed, a credit left out as one), said."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import delinquent_statuses, names_a_status

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns or amount in mapping.set_by_hand or not read.frame.height:
        return
    value: pl.Series | None = None
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns or col.column in mapping.set_by_hand:
            continue
        timed = match_header(col.column, settings.mappings_dir).role == "days overdue"
        if timed:
            # the time each account is overdue ("Срок задолженности": 9 months), above zero on those in arrears
            overdue = read.frame.select(plain_number(pl.col(col.column)).alias("d")).to_series()
            if overdue.null_count() > _OTHERS_BELOW_SHARE * overdue.len():
                continue
            late = (overdue > 0).fill_null(False)
        # (each distinct status read once: most files say nobody is in arrears)
        elif not names_a_status(col.column, settings.mappings_dir) or not delinquent_statuses(
                read.frame.get_column(col.column).unique(), settings.mappings_dir).any():
            continue
        else:
            late = delinquent_statuses(read.frame.get_column(col.column), settings.mappings_dir)
        if value is None:
            # (a currency's sign written before the number, "-р.20 334,00", taken off)
            value = read.frame.select(plain_number(pl.col(amount).cast(pl.String).str.replace_all(r"[^\d\s.,'\-+()]", ""))
                                      .alias("v")).to_series()
        written = value.is_not_null()
        if int((late & written).sum()) < _DELINQUENT_LEAST:
            continue
        others = value.filter(~late & written)
        # (another status may be in arrears by other words: "SUSPENDIDO", a few rows below zero among the others)
        if not bool((value.filter(late & written) < 0).all()) or int((others < 0).sum()) > _OTHERS_BELOW_SHARE * others.len():
            continue
        if not bool((others > 0).any()):
            continue
        kinds = read.frame.get_column(col.column).filter(late).cast(pl.String).str.strip_chars().unique(maintain_order=True)
        credits = read.frame.get_column(LINE).filter((value > 0).fill_null(False))
        read.frame = read.frame.with_columns(_without_sign(pl.col(amount)).alias(amount))
        _leave_out(read, credits, "credit")
        said = (f"counts the time overdue above zero on the accounts in arrears ({int(late.sum()):,} row(s))"
                if timed else
                f"says the accounts in arrears ({', '.join(repr(k) for k in kinds.head(3))}: {int(late.sum()):,} row(s))")
        read.source.notices.append(
            f"'{col.column}' {said}, and '{amount}' is below zero on each of them and at or above it on nearly every other: the "
            "balances are written from the holder's side. A balance below zero is read as owed, without its sign; the "
            f"{credits.len():,} above zero are credits owed to their holders, left out ({_said_rows(credits)}). If the file "
            f"writes debts above zero, set the status aside (--set '{col.column}=ignore')."
        )
        return


def _balance_from_the_payers_side(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A balance written as what was paid less the invoice's total (``balance_paid_less_total``), what
    is owed below zero: each balance is read with its sign turned, said; one above zero, more paid
    than invoiced, is then a credit."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.layout import balance_paid_less_total

    found = balance_paid_less_total(read.frame, mapping, settings.mappings_dir)
    if found is None:
        return
    amount = mapping.field_columns()["amount"]
    value = plain_number(pl.col(amount))
    read.frame = read.frame.with_columns(
        pl.when(value < 0).then(_without_sign(pl.col(amount))).when(value > 0).then(_with_minus(pl.col(amount).cast(pl.String)))
        .otherwise(pl.col(amount)).alias(amount))
    total, paid = found
    read.source.notices.append(
        f"'{amount}' is what was paid ('{paid}') less the invoice's total ('{total}'): the balance is written from the "
        "payer's side, what is owed below zero. Each balance is read with its sign turned: below zero, owed; above, "
        f"more paid than invoiced, a credit. If the file writes debts above zero, name the amount yourself (--set "
        f"'{amount}=amount')."
    )


def _amounts_by_their_side(read: ReadResult, mapping: MappingResult, settings: Settings) -> pl.DataFrame:
    """A column writing each balance's side beside it ("Dr"/"Cr", Hindi's "नाम"/"जमा" in a shop's
    khata: -170000 नाम is owed) says what is owed, whatever the amount's sign: a debit's amount is
    owed without its sign, a credit is owed to the customer: its row leaves the data (``LEFT_OUT``),
    said."""
    from getbill_import.mapping.values import balance_sides

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns or not read.frame.height:
        return pl.DataFrame(schema=LEFT_OUT)
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns or col.column in mapping.set_by_hand:
            continue
        sides = balance_sides(read.frame.get_column(col.column), settings.mappings_dir, col.column)
        if sides is None:
            continue
        unsigned = _without_sign(pl.col(amount))
        kinds = read.frame.get_column(col.column).cast(pl.String).str.strip_chars().drop_nulls().unique(maintain_order=True)
        # (no longer a column kept as metadata for its values: "'Balance Status' reads as amount by its header")
        mapping.notices[:] = [n for n in mapping.notices if not n.startswith(f"'{col.column}' reads as ")]
        read.source.notices.append(
            f"'{col.column}' writes the side of each balance of '{amount}' ({', '.join(repr(k) for k in kinds.head(4))}): a "
            "debit is owed whatever its sign, a credit is owed to the customer."
        )
        read.frame = read.frame.with_columns(
            pl.when(pl.Series(sides).fill_null(False)).then(unsigned).otherwise(pl.col(amount).cast(pl.String)).alias(amount))
        lines = read.frame.filter(pl.Series(sides).eq(False).fill_null(False))[LINE]
        if not lines.len():
            return pl.DataFrame(schema=LEFT_OUT)
        _leave_out(read, lines, "credit")
        read.source.notices.append(
            f"{lines.len():,} row(s) left out because '{col.column}' says their balance is a credit, owed to the "
            f"customer: no debt to collect ({_said_rows(lines)})."
        )
        return _left_out(lines, "paid", f"'{col.column}' says a credit balance")
    return pl.DataFrame(schema=LEFT_OUT)


def _currency_of_the_taxes(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions
) -> ValidationOptions:
    """A file with no currency column whose headers name a tax of one country alone ("CGST",
    "SGST": India's GST; "KDV": Turkey's VAT) is that country's creditor's: its amounts are read
    in that country's currency, unless the user set the default one; said."""
    from getbill_import.mapping.values import taxes_country
    from getbill_import.validate.regions import region_currency

    if "currency" in mapping.field_columns() or options.currency_given:
        return options
    found = taxes_country(read.headers, settings.mappings_dir)
    currency = region_currency(found[1]) if found is not None else None
    if found is None or currency is None:
        return options
    # the phone numbers written without their country are that country's too ("(11) 98888-1111" beside a CNPJ)
    options, phones = _place_phones(mapping, options, found[1])
    if currency == options.default_currency:
        return replace(options, currency_given=True)
    read.source.notices.append(
        f"No column gives the currency, but '{found[0]}' names a tax, a tax number or a bank slip of {found[1]} alone: the amounts are read in "
        f"{currency}{phones}. If they are in another currency, set GETBILL_DEFAULT_CURRENCY to it and run again."
    )
    return replace(options, default_currency=currency, currency_given=True)


def _currency_of_the_payment_schemes(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions
) -> ValidationOptions:
    """A file with no currency column whose cells name a payment scheme of one country alone (a law
    firm's fees paid by "PIX": Brazil's; "SPEI": Mexico's) is that country's creditor's: its amounts
    are read in that country's currency, unless the user set the default one; said."""
    from getbill_import.mapping.values import payment_scheme_country
    from getbill_import.validate.regions import region_currency

    fields = mapping.field_columns()
    if "currency" in fields or options.currency_given:
        return options
    found = payment_scheme_country(read.frame, [h for h in read.headers if h not in fields.values()], settings.mappings_dir)
    currency = region_currency(found[2]) if found is not None else None
    if found is None or currency is None:
        return options
    return _read_in(read, mapping, options, currency, False,
                    f"No column gives the currency, but '{found[0]}' names a payment scheme of {found[2]} alone ('{found[1]}')")


#: the values of a column read for the currency signs written beside its amounts
_SIGN_SAMPLE = 500
#: the share of them a column must write with one currency's sign to say the file's currency
_SIGNED_SHARE = 0.9


def _currency_signs(values: pl.Series) -> set[str] | None:
    """The currencies a column of amounts is written in, when nearly all its values are an amount beside a
    currency's sign or code ("$31,700", "1 250,00 €"); None when they are not."""
    from getbill_import.validate.currencies import resolve_currency

    written = values.head(_SIGN_SAMPLE).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if written.len() < 3 or not bool(written.str.contains(r"\d").all()):
        return None
    # letters joined to a number by a dash are a code ("SVC-022": a product's, no Salvadoran colón), and
    # so are letters before a number led by a zero ("R001": a customer's, no rand) or before six digits
    # and more without a separator ("R1120503001": a receipt's number), and letters between digits
    # ("1511R10517342": a tax lien's number; a sign stands before or after its amount)
    written = written.filter(~written.str.contains(r"^[^\W\d_]+-\d+$|^[^\W\d_]+0\d|^[^\W\d_]+\d{6,}$|\d[^\W\d_]+\d"))
    # letters before digits of one length on every row are codes too ("KC35", "KC82": a sales territory's)
    bare = written.str.extract(r"^[^\W\d_]+(\d+)$")
    if written.len() and not bare.null_count() and bare.str.len_chars().n_unique() == 1:
        return None
    marks = written.str.replace_all(r"[\d.,\s()\-+'’]", "")
    codes = {mark: resolve_currency(mark) for mark in marks.unique().to_list() if mark}
    signed = int(marks.is_in([m for m, code in codes.items() if code]).sum())
    return {code for code in codes.values() if code} if signed >= _SIGNED_SHARE * written.len() else None


def _currency_of_the_other_amounts(read: ReadResult, mapping: MappingResult, options: ValidationOptions) -> ValidationOptions:
    """A file with no currency column whose amounts are written without a sign, while another of its
    columns writes its amounts with one currency's sign (a Baltimore tax sale's "assessed_value",
    "$31,700", beside its "lien", 875.62), is in that currency, unless the user set the default one;
    said."""
    fields = mapping.field_columns()
    amount = fields.get("amount")
    if "currency" in fields or options.currency_given or amount not in read.frame.columns:
        return options
    # amounts written with anything but digits and separators (a sign, a code) say their own currency
    if _amounts_signed(read, amount):
        return options
    found = {column: signs for column in read.frame.columns
             if column not in fields.values() and not column.startswith("__")
             and (signs := _currency_signs(read.frame.get_column(column))) is not None}
    codes = set().union(*found.values()) if found else set()
    if len(codes) != 1:
        return options
    code, column = codes.pop(), next(iter(found))
    example = str(read.frame.get_column(column).cast(pl.String).str.strip_chars().drop_nulls().first())
    return _read_in(read, mapping, options, code, code == "USD" and "$" in example and "US" not in example.upper(),
                    f"No column gives the currency, and the amounts of '{amount}' are written without a sign, but "
                    f"'{column}' writes its amounts in {code} ('{example}')")


#: how near an amount must be to another column's amount times the rate, for it to be that amount converted
_CONVERTED_TOLERANCE = 0.001
#: the share of the rows of another currency than the company's it must be so on
_CONVERTED_SHARE = 0.9


def _amount_converted_at_each_rows_rate(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A file of invoices in several currencies, each row's exchange rate beside it, whose amount is
    written in the company's own currency on every row (Frappe Books' "Outstanding Amount": 300.00
    beside an invoice of 3.64 USD at 82.47), is read in that currency: the currency of the rows at a
    rate of 1, when there is one, and the amount another column's times the rate on the other rows.
    The currency column names the invoice's, which the amount is not in; said."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.values import header_says

    fields = mapping.field_columns()
    amount, currency = fields.get("amount"), fields.get("currency")
    if amount not in read.frame.columns or currency not in read.frame.columns or not read.frame.height:
        return
    rate = next((h for h in read.frame.columns if h != LINE and h not in fields.values()
                 and header_says(h, "exchange_rate_headers", settings.mappings_dir)), None)
    if rate is None:
        return
    frame = read.frame.select(plain_number(pl.col(rate)).alias("r"), plain_number(pl.col(amount)).alias("a"),
                              pl.col(currency).cast(pl.String).str.strip_chars().str.to_uppercase().alias("c"))
    own = frame.filter(pl.col("r") == 1)["c"].drop_nulls().unique()
    other = frame.select((pl.col("r") != 1) & (pl.col("a").abs() > 0)).to_series().fill_null(False)
    converted = frame.filter(other)
    if own.len() != 1 or not converted.height or bool((converted["c"] == own[0]).any()):
        return
    for column in read.frame.columns:
        if column in (LINE, rate, amount) or column in fields.values():
            continue
        total = read.frame.filter(other).select(plain_number(pl.col(column))).to_series()
        near = ((total * converted["r"] - converted["a"]).abs() <= (converted["a"].abs() * _CONVERTED_TOLERANCE).clip(0.01))
        if int(near.fill_null(False).sum()) < _CONVERTED_SHARE * converted.height:
            continue
        base = str(own[0])
        read.frame = read.frame.with_columns(pl.when(other).then(pl.lit(base)).otherwise(pl.col(currency)).alias(currency))
        first = converted.row(0, named=True)
        read.source.notices.append(
            f"'{amount}' is in the company's own currency, {base}, on every row: on the {converted.height:,} row(s) of "
            f"another currency in '{currency}' it is '{column}' times '{rate}' ({first['c']} at {first['r']:g}), and "
            f"those debts are read in {base}."
        )
        return


def _written_columns(read: ReadResult, columns: list[str]) -> list[str]:
    """Of ``columns``, those written on a row at least (SAP's "LIFNR", the supplier, is blank on
    every line of a customer's items: it names no supplier); all of them when no row is left to read."""
    return [c for c in columns if c not in read.frame.columns or not read.frame.height or bool(
        read.frame.select(pl.col(c).cast(pl.String).str.strip_chars().replace("", None).is_not_null().any()).item())]


def _no_debtor_beside_suppliers(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A file with a column naming suppliers ("Supplier", "Vendor__Name") and none confidently naming
    a customer lists what is owed to suppliers (payables): a column only offered "to confirm" as the
    debtor's name (an account number, an invoice's title) is not offered, and the file is refused
    for its missing name with the payables advice."""
    from getbill_import.mapping.layout import NAME_FIELDS, names_the_debtor, withdraw_name_offers
    from getbill_import.mapping.values import header_says, supplier_columns, supplier_identified

    suppliers = _written_columns(read, supplier_columns(read.headers, settings.mappings_dir, strict=True))
    if not suppliers:
        return
    # a name naming no party ("Razon Social") beside a supplier's number ("RUT Proveedor": Chile's
    # purchase register), no header naming a customer: the supplier's name. A product's "Vendor"
    # (Shopify's orders) identifies no party of the document
    identified = [h for h in suppliers if supplier_identified(h, settings.mappings_dir)
                  or _companies_beside_a_name(read, mapping, h, settings) or _the_names_own(read, mapping, h)]
    # (a customer's column blank on every row beside the suppliers', QuickBooks' transaction report of bills,
    # names no customer)
    customer = bool(_written_columns(read, [h for h in read.headers if header_says(h, "party_words", settings.mappings_dir)]))
    if names_the_debtor(mapping) and (customer or not identified) and not _one_party_beside_suppliers(read, mapping, suppliers):
        return
    by_hand = [c.column for c in mapping.columns if c.field in NAME_FIELDS and c.column in mapping.set_by_hand]
    if by_hand:
        # the user's own choice stands, and is said to be a supplier's name perhaps
        read.source.notices.append(
            f"debtor.name: '{by_hand[0]}', set by hand, is read as the debtor's name, but '{suppliers[0]}' names "
            "suppliers: if the file lists what you owe them (payables), it holds no debts to collect."
        )
        return
    said = "" if not names_the_debtor(mapping) else ", the names beside it theirs"
    withdraw_name_offers(mapping, f"not offered as the debtor: '{suppliers[0]}' names suppliers (a list of payables){said}")


#: the rows from which one name on every row, beside suppliers of several names, is the file's owner
ONE_PARTY_ROWS = 5


def _one_party_beside_suppliers(read: ReadResult, mapping: MappingResult, suppliers: list[str]) -> bool:
    """Whether the column read as the debtor's name writes one name on every row ("Client": OCC, the
    council itself) beside a supplier's column of several: the file's owner paying its suppliers."""
    from getbill_import.mapping.layout import NAME_FIELDS

    name = next((c.column for c in mapping.columns if c.field in NAME_FIELDS and c.status == "mapped"
                 and c.column not in mapping.set_by_hand and c.column in read.frame.columns), None)
    if name is None or read.frame.height < ONE_PARTY_ROWS:
        return False

    def distinct(column: str) -> int:
        return int(read.frame.select(pl.col(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().n_unique()).item())

    return distinct(name) == 1 and any(s in read.frame.columns and distinct(s) > 1 for s in suppliers)


#: the share of a supplier's column's values that are companies ("ADEPLAST SRL"), for it to name the
#: party of each document; a product's brand ("Acme Tees", Shopify's "Vendor") is none
SUPPLIER_COMPANIES_SHARE = 0.5


#: the share of the rows a supplier's column must write as the debtor's name column does, to be its party
_SAME_PARTY_SHARE = 0.9


def _the_names_own(read: ReadResult, mapping: MappingResult, supplier: str) -> bool:
    """Whether a supplier's column writes what the column read as the debtor's name writes, on nearly
    every row (QuickBooks' transaction report of bills: "Supplier" Holy Basil beside "Name" Holy
    Basil): the name is the supplier's."""
    name = mapping.field_columns().get("debtor.name")
    if name is None or name not in read.frame.columns or supplier not in read.frame.columns or not read.frame.height:
        return False
    pair = read.frame.select(pl.col(name).cast(pl.String).str.strip_chars().alias("n"),
                             pl.col(supplier).cast(pl.String).str.strip_chars().alias("s")).drop_nulls()
    return pair.height >= _SAME_PARTY_SHARE * read.frame.height and bool(
        (pair["n"] == pair["s"]).mean() >= _SAME_PARTY_SHARE)  # type: ignore[operator]


def _companies_beside_a_name(read: ReadResult, mapping: MappingResult, supplier: str, settings: Settings) -> bool:
    """Whether a supplier's column holds companies on most rows, and the column read as the debtor's
    name fewer (WinMentor's purchase lines: "Furnizor" ADEPLAST SRL beside "Denumire", the product)."""
    from getbill_import.mapping.values import companies_share

    if supplier not in read.frame.columns:
        return False
    share = companies_share(read.frame.get_column(supplier), settings.mappings_dir)
    if share < SUPPLIER_COMPANIES_SHARE:
        return False
    name = mapping.field_columns().get("debtor.name")
    return name is None or name not in read.frame.columns or (
        companies_share(read.frame.get_column(name), settings.mappings_dir) < share / 2)


def _debtor_of_the_sheet(read: ReadResult, mapping: MappingResult, settings: Settings) -> bool:
    """A workbook that is one account's ledger, no column naming its debtor, its vouchers' kinds
    invoices and payments ("Vch Type": Sales, Receipt, Journal) beside a debit and a credit column,
    whose sheet is named for the account (Tally's export: "JBM ELECTRIC VEHICLES PVT LTD"): every row
    is that account's, said; its payments are netted with its invoices as any debtor's are. Returns
    whether it is."""
    from getbill_import.mapping.layout import NAME_FIELDS, use_sheet_debtor
    from getbill_import.mapping.values import (
        customer_ledger_kinds,
        journal_columns,
        names_generic_sheet,
    )

    sheet = (read.source.sheet or "").strip()
    if (read.source.format == "csv" or not sheet or names_generic_sheet(sheet, settings.mappings_dir)
            or len(re.findall(r"[^\W\d_]{2,}", sheet)) < 2
            or not read.frame.height or any(c.field in NAME_FIELDS and c.status == "mapped" for c in mapping.columns)):
        return False
    journal, _ = journal_columns([h for h in read.headers if h in read.frame.columns], settings.mappings_dir)
    if "debit" not in journal or "credit" not in journal:
        return False
    for header in read.headers:
        if header not in read.frame.columns:
            continue
        if customer_ledger_kinds(read.frame.get_column(header), header, settings.mappings_dir):
            read.group_labels = pl.repeat(sheet, read.frame.height, dtype=pl.String, eager=True).alias("debtor")
            use_sheet_debtor(mapping, sheet, header)
            _opening_balance_named(read, mapping, settings)
            return True
    return False


def _opening_balance_named(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """One account's ledger opening on its balance brought forward, a row with no reference ("To |
    Opening Balance | 4571968.68"): what the account owed when the ledger began, a debt of its own,
    named by its words, the oldest its payments are netted with."""
    from getbill_import.mapping.values import ledger_posting_kinds

    reference = mapping.field_columns().get("reference")
    if reference not in read.frame.columns or not read.frame.height:
        return
    first = read.frame.head(1)
    if first.select(pl.col(reference).cast(pl.String).str.strip_chars().replace("", None).is_not_null()).item():
        return
    texts = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    said = next((str(first[c][0]).strip() for c in texts if first[c][0] is not None and first.select(
        ledger_posting_kinds(pl.col(c).cast(pl.String), settings.mappings_dir)).item() == "opening"), None)
    if said is None:
        return
    line = int(first[LINE][0])
    read.frame = read.frame.with_columns(
        pl.when(pl.col(LINE) == line).then(pl.lit(said)).otherwise(pl.col(reference).cast(pl.String)).alias(reference))
    read.source.notices.append(
        f"Row {line} is the balance brought forward ('{said}'): what the account owed when the ledger began, a debt of its "
        f"own under '{reference}' '{said}', the first its payments are netted with."
    )


def _debtor_of_the_title(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A file with no column confidently naming the debtor, whose title lines above the header
    name one ("Customer: ACME Ltd", "Đơn vị mua hàng: | CÔNG TY…": a customer's statement, a report
    run for one customer), is that debtor's: each row takes the name, said."""
    from getbill_import.mapping.layout import names_the_debtor, title_debtor, use_title_debtor
    from getbill_import.mapping.values import (
        debtor_title_labels,
        ledger_account_titles,
        statement_title_labels,
    )

    first = int(read.frame[LINE][0]) if read.frame.height and LINE in read.frame.columns else None
    lines = [
        (e.line, e.text) for e in read.source.excluded_lines
        if e.reason == "title" and e.text and (first is None or e.line < first)
    ]
    if not lines or names_the_debtor(mapping):
        return
    labels, everyone = debtor_title_labels(settings.mappings_dir)
    found = title_debtor(lines, read.source.delimiter or " | ", labels, everyone, statement_title_labels(settings.mappings_dir),
                         ledger_account_titles(settings.mappings_dir))
    if found is not None and use_title_debtor(mapping, *found):
        read.group_labels = pl.repeat(found[2], read.frame.height, dtype=pl.String, eager=True).alias("debtor")


def _currency_of_the_title(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions
) -> ValidationOptions:
    """A file with no currency column whose title lines say the amounts' currency ("Devise : USD",
    "Đơn vị tiền: đồng Việt Nam") is read in it, unless the user set the default one; said."""

    from getbill_import.mapping.normalize import fold
    from getbill_import.mapping.values import currency_labels
    from getbill_import.validate.currencies import resolve_currency

    if "currency" in mapping.field_columns() or options.currency_given:
        return options
    labels = currency_labels(settings.mappings_dir)
    for line in read.source.excluded_lines:
        if line.reason != "title" or not line.text:
            continue
        text = fold(line.text)
        label = next((w for w in labels if re.search(rf"\b{re.escape(w)}\b", text)), None)
        if label is None:
            continue
        said = text.split(label, 1)[1].strip(" :：|-=")[:40]
        words = re.findall(r"[^\W\d_]+|[^\w\s]+", said)
        found = {code for code in (resolve_currency(said), *(resolve_currency(w) for w in words)) if code}
        if len(found) != 1:
            continue
        named = found.pop()
        if named != options.default_currency:
            read.source.notices.append(
                f"Line {line.line} says the amounts' currency ('{line.text.strip()[:60]}'): they are read in {named}."
            )
        return replace(options, default_currency=named, currency_given=True)
    return options


def _amounts_signed(read: ReadResult, amount: str) -> bool:
    """Whether the amounts are written with anything but digits and separators (a sign, a code): those
    say their own currency."""
    return bool(read.frame.get_column(amount).head(_SIGN_SAMPLE).cast(pl.String).str.contains(r"[^\d.,\s()\-+'’]").any())


def _currency_of_the_workbook(read: ReadResult, mapping: MappingResult, options: ValidationOptions) -> ValidationOptions:
    """A sheet with no currency column, its amounts written without a sign, in a workbook whose other
    sheets name one currency and no other in their labels and headers (a summary's "Saldo pendiente
    total (USD)", a header's "Sobrecobro USD"), is read in that currency, unless the user set the
    default one; said."""
    from getbill_import.validate.currencies import currency_in_header

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if "currency" in fields or options.currency_given or amount not in read.frame.columns or not read.source.other_sheet_texts:
        return options
    if _amounts_signed(read, amount):
        return options
    # (the code itself written: "(USD)", "Sobrecobro USD"; a sign alone, "$620.70", is several currencies)
    named = [(sheet, text, code) for sheet, text in read.source.other_sheet_texts
             if (code := currency_in_header(text)) and re.search(rf"\b{code}\b", text)]
    codes = {code for _, _, code in named}
    if len(codes) != 1:
        return options
    sheet, text, code = named[0]
    if code != options.default_currency:
        read.source.notices.append(
            f"No column gives the currency, but the workbook's sheet '{sheet}' names its amounts in {code} ('{text}'), and "
            f"no other currency: the amounts are read in {code}. If they are in another currency, set "
            "GETBILL_DEFAULT_CURRENCY to it and run again."
        )
    return replace(options, default_currency=code, currency_given=True)


def _dollars_of_the_titles_company(read: ReadResult, mapping: MappingResult, options: ValidationOptions) -> ValidationOptions:
    """A file with no currency column whose amounts are written with "$", its title lines naming a
    company of one country of dollars by its legal form ("Business Name: Example Pty Ltd": Australia),
    the report's own business: the amounts are that country's dollars, said. "$" alone would be read
    as the US dollar."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS
    from getbill_import.validate.regions import legal_form_regions_of, region_currency

    amount = mapping.field_columns().get("amount")
    if "currency" in mapping.field_columns() or options.currency_given or amount not in read.frame.columns:
        return options
    if not bool(read.frame.get_column(amount).head(1000).cast(pl.String).str.contains("$", literal=True).any()):
        return options
    for line in read.source.excluded_lines:
        if line.reason != "title" or not line.text:
            continue
        regions = legal_form_regions_of(line.text)
        currencies = {region_currency(r) for r in regions}
        if len(currencies) != 1 or (currency := currencies.pop()) not in set(AMBIGUOUS_SYMBOLS["$"]) - {"USD"}:
            continue
        read.source.notices.append(
            f"Line {line.line} names a company of {'/'.join(regions)} by its legal form ('{line.text.strip()[:60]}'): the amounts "
            f"written with '$' are read in {currency}, not in US dollars. If they are in another currency, set "
            "GETBILL_DEFAULT_CURRENCY to it and run again."
        )
        return replace(options, default_currency=currency, currency_given=True)
    return options


def _currency_of_the_amount(mapping: MappingResult, settings: Settings) -> None:
    """Of several currency columns, the one named like the amount column ("Company Code Currency
    Key" beside "Company Code Currency Value", not "Group Currency Key"): SAP writes each amount in
    several currencies, each beside its own key."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.normalize import normalize_header

    fields = mapping.field_columns()
    amount, currency = fields.get("amount"), fields.get("currency")
    if amount is None or currency is None or mapping.profile is not None or currency in mapping.set_by_hand:
        return
    generic = {"currency", "key", "value", "amount", "code", "iso"}

    def shared(column: str) -> int:
        return len((set(normalize_header(column).split()) & set(normalize_header(amount).split())) - generic)

    at = {c.column: i for i, c in enumerate(mapping.columns)}
    rivals = [c for c, _ in mapping.runners_up(currency, "currency", settings.mappings_dir)]
    best = max(rivals, key=shared, default=None)
    if best is None or shared(best) <= shared(currency):
        return
    was = mapping.columns[at[currency]]
    mapping.columns[at[best]] = ColumnMapping(best, "currency", was.confidence, was.status,
                                              f"{was.reason}; the currency of the amount '{amount}'")
    mapping.columns[at[currency]] = ColumnMapping(currency, None, was.confidence, "unmapped",
                                                  f"lost to '{best}' (the currency of the amount '{amount}')")
    mapping.notices.append(f"currency: '{best}' is the currency of the amount '{amount}', chosen over '{currency}'.")


def _amount_in_the_company_currency(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A file that writes each invoice's amount in the invoice's own currency and again in the
    company's ("Total" and "BCTotal": Unleashed; "Grand Total" and "Grand Total (Company Currency)")
    but names no currency (or names it by an index: "CurrencyId" 110, 8): where the two differ, the
    invoices are in currencies the file does not name, read all the same in one. What the debtor owes
    is the invoice's own amount, kept; a notice names the rows and the way out."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import company_currency_words

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if amount is None or "currency" in fields or amount not in read.frame.columns or not read.frame.height:
        return
    own = company_currency_words(settings.mappings_dir)
    words = normalize_header(amount).split()

    def twin(column: str) -> bool:
        said = normalize_header(column).split()
        # ("Amount Currency" alone is Odoo's amount in the foreign currency: no word of the company's)
        return said != words and bool(set(said) & own) and [w for w in said if w not in own and w != "currency"] == words

    found = [c.column for c in mapping.columns
             if c.field is None and c.column in read.frame.columns and c.column in read.headers and twin(c.column)]
    if len(found) != 1:
        return
    other = found[0]
    apart = read.frame.filter(
        ((plain_number(pl.col(amount)) - plain_number(pl.col(other))).abs() > 0.011).fill_null(False))[LINE]
    if not apart.len():
        return
    read.source.notices.append(
        f"amount: '{amount}' differs from '{other}', the amount in the company's currency, on {apart.len():,} row(s) "
        f"({_said_rows(apart)}): those invoices are in other currencies, which no column names, and are read in the "
        f"default currency all the same. Add a column of each invoice's currency code, or import the company's amounts "
        f"instead (--set '{other}=amount')."
    )


#: the share of the rows holding retainage (or none) on which a column is the amount less it (or the
#: amount itself), for that column to be what is owed now; and the rows holding retainage, at least
RETAINAGE_SHARE, RETAINAGE_ROWS = 0.9, 2
#: the rows read to judge it
_RETAINAGE_SAMPLE = 5000
#: what the reason of an amount taken less the retainage says
RETAINAGE_TAKEN = "less the retainage"


def _amount_due_before_retainage(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A contractor's receivables write each invoice's balance with its retainage in it (the part
    the owner holds until the work is accepted: owed, not due yet), the retainage apart, and often
    the balance less the retainage ("total_due", "retainage_amount", "calculated_amount_due"): that
    column is what is owed now, taken as the amount. Without it, a notice says the amounts hold
    retainage. Said either way."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.values import names_retainage

    amount = mapping.field_columns().get("amount")
    if amount is None or amount not in read.frame.columns or not read.frame.height:
        return
    held = [c.column for c in mapping.columns
            if c.field is None and c.column in read.frame.columns and names_retainage(c.column, settings.mappings_dir)]
    if len(held) != 1:
        return
    retained = held[0]
    others = [c.column for c in mapping.columns if c.field is None and c.column in read.frame.columns
              and c.column != retained and c.column in read.headers]
    head = read.frame.head(_RETAINAGE_SAMPLE)
    values = head.select(plain_number(pl.col(amount)).alias("__a__"), plain_number(pl.col(retained)).alias("__r__"),
                         *(plain_number(pl.col(c)).alias(c) for c in others))
    holding = values.filter(pl.col("__a__").is_not_null() & (pl.col("__r__").fill_null(0).abs() > 0.005))
    if holding.height < RETAINAGE_ROWS:
        return
    for other in others:
        less = holding.filter(pl.col(other).is_not_null())
        fits = ((pl.col("__a__") - pl.col("__r__") - pl.col(other)).abs() < 0.011).mean()
        same = values.filter(pl.col("__a__").is_not_null() & (pl.col("__r__").fill_null(0).abs() <= 0.005)
                             & pl.col(other).is_not_null())
        if (less.height >= RETAINAGE_SHARE * holding.height and less.select(fits).item() >= RETAINAGE_SHARE
                and (not same.height or same.select(((pl.col("__a__") - pl.col(other)).abs() < 0.011).mean()).item()
                     >= RETAINAGE_SHARE)):
            _take_amount(mapping, amount, other, was=f"the amount with the retainage of '{retained}' in it",
                         taken=f"'{amount}' {RETAINAGE_TAKEN} of '{retained}', what is due now")
            read.source.notices.append(
                f"amount: '{other}' is '{amount}' less the retainage of '{retained}' (the part of an invoice the client "
                f"holds until the work is accepted, not due yet): it is taken as the amount owed now; an invoice whose "
                f"balance is all retainage owes nothing yet. To collect the retainage too, set --set '{amount}=amount'."
            )
            return
    read.source.notices.append(
        f"amount: '{retained}' holds retainage on {holding.height:,} of the first {values.height:,} rows: the part of an "
        f"invoice the client holds until the work is accepted, not due yet, and likely counted in '{amount}'. The amounts "
        "are imported as written: to collect only what is due now, export the balance less the retainage."
    )


#: in a list too short for ``one_value``, the rows of one company and the debtors beside it from
#: which it is no debtor's company
FEW_COMPANY_ROWS = 5
FEW_COMPANY_DEBTORS = 3


def _company_of_every_row(read: ReadResult, mapping: MappingResult) -> None:
    """A company column holding one value on every row ("Empresa": the creditor's own code, an
    insurer), beside a name column naming several debtors: the company of none of them, kept as
    metadata, said."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.columns import one_value

    fields = mapping.field_columns()
    company = fields.get("debtor.company")
    names = [fields[f] for f in ("debtor.name", "debtor.last_name") if f in fields]
    if company not in read.frame.columns or company in mapping.set_by_hand or not names or names[0] not in read.frame.columns:
        return
    same = one_value(read.frame.get_column(company), blanks=True)
    debtors = read.frame.get_column(names[0]).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().n_unique()
    if same is None:
        # a short list: five rows of one company at least, beside three debtors at least (a broker's
        # seven premiums, each of its insurer 'suramericana')
        written = read.frame.get_column(company).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        if written.len() < FEW_COMPANY_ROWS or written.len() < read.frame.height or written.n_unique() != 1 \
                or debtors < FEW_COMPANY_DEBTORS:
            return
        same = written[0]
    if debtors < 2:
        return
    at = {c.column: i for i, c in enumerate(mapping.columns)}
    was = mapping.columns[at[company]]
    why = f"'{same}' on every row, beside {debtors:,} debtors named in '{names[0]}': no debtor's company"
    mapping.columns[at[company]] = ColumnMapping(company, None, was.confidence, "unmapped", f"{was.reason}, but {why}")
    mapping.notices.append(f"'{company}' holds {why} (the creditor's own, or another party's): kept as metadata.")


#: the most distinct values of a scenario column named in its notice
SCENARIOS_SHOWN = 3


def _scenarios_of_another_system(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A column read as the scenario by its header ("Escenario") none of whose values is a scenario
    of the catalog, nor close to one: the workflow of the system the file comes from (a bank's
    collection stages), not this tool's. Kept as metadata, said; its cases take the default
    scenario. Values close to a scenario ("standrad_3_waves") keep the column: they are mistakes
    the validation names one by one."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.validate.rules import known_scenarios, scenario_hints

    column = mapping.field_columns().get("scenario")
    if column not in read.frame.columns or column in mapping.set_by_hand or mapping.profile:
        return
    values = read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    counts = values.value_counts(sort=True)
    distinct = counts[column].to_list()
    if not distinct or any(known_scenarios(distinct, settings.scenarios).values()):
        return
    if any(scenario_hints(distinct, settings.scenarios).values()):
        return
    at = {c.column: i for i, c in enumerate(mapping.columns)}
    was = mapping.columns[at[column]]
    shown = ", ".join(f"'{v}'" for v in distinct[:SCENARIOS_SHOWN]) + (" …" if len(distinct) > SCENARIOS_SHOWN else "")
    mapping.columns[at[column]] = ColumnMapping(column, None, was.confidence, "unmapped",
                                                f"{was.reason}, but its values are no scenario of the tool's")
    mapping.notices.append(
        f"'{column}' reads as the scenario by its header, but none of its {len(distinct):,} value(s) ({shown}) is a "
        f"scenario of the tool's ({', '.join(settings.scenarios)}): it is the workflow of the system the file comes "
        f"from, kept as metadata, and the cases follow the default scenario, {settings.default_scenario}. To follow a "
        f"scenario per row, write the tool's scenario names in that column and map it (--set '{column}=scenario')."
    )


def _unknown_date_columns(read: ReadResult, mapping: MappingResult, settings: Settings) -> list[str]:
    """The columns left unmapped whose header means nothing the tool knows and whose values are
    dates ("pduedate"), at most three."""
    from getbill_import.mapping.values import profile_values, sample_column
    from getbill_import.mapping.vocabulary import NO_SYNONYM

    found = []
    for c in mapping.columns:
        if c.status != "unmapped" or c.reason != NO_SYNONYM or c.column not in read.frame.columns:
            continue
        values = profile_values(sample_column(read.frame.get_column(c.column)), settings.mappings_dir)
        if values.count and values.share("date") >= _DATES_SHARE:
            found.append(c.column)
    return found[:3]


#: the share of a column's values that are dates for it to be a column of dates
_DATES_SHARE = 0.9


#: the words of a header saying its amounts carry their sign ("Total Signed", "Total con signo en
#: moneda", "Betrag mit Vorzeichen")
_SIGNED = re.compile(r"(?i)\b(?:signed|con signo|mit vorzeichen|sign[ée]e?|com sinal|con segno|met teken)\b")


def _credit_notes_naming_their_invoices(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """Rows naming, under a header of the invoice a credit note credits ("FacturasAbonadas",
    "Original Invoice"), an invoice of the same file other than their own: credit notes, whatever the
    sign of their amounts (a template's "ABN-2025-001": 2000, crediting "FAC-2025-001"). Their amounts
    are read below zero, netted with their debtor's invoices as credits are, said."""
    from getbill_import.mapping.values import header_says

    fields = mapping.field_columns()
    amount, reference = fields.get("amount"), fields.get("reference")
    if amount not in read.frame.columns or reference not in read.frame.columns or not read.frame.height:
        return
    named = next((c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                  and header_says(c.column, "credited_invoice_headers", settings.mappings_dir)), None)
    if named is None:
        return
    own = pl.col(str(reference)).cast(pl.String).str.strip_chars()
    invoices = read.frame.select(own.drop_nulls().unique()).to_series()
    tokens = pl.col(named).cast(pl.String).str.split(",").list.eval(pl.element().str.strip_chars())
    credit = read.frame.select(
        (tokens.list.eval(pl.element().is_in(invoices.implode())).list.any()
         & ~tokens.list.contains(own)).fill_null(False).alias("c")
    ).to_series()
    if not credit.any():
        return
    text = pl.col(amount).cast(pl.String).str.strip_chars()
    read.frame = read.frame.with_columns(
        pl.when(pl.lit(credit) & ~text.str.contains(BELOW_ZERO)).then(_with_minus(text))
        .otherwise(pl.col(amount)).alias(amount)
    )
    lines = read.frame.get_column(LINE).filter(credit)
    first = read.frame.filter(credit).row(0, named=True)
    read.source.notices.append(
        f"{lines.len():,} row(s) name under '{named}' an invoice of the file they credit ({first[reference]}: "
        f"{first[named]}): credit notes, their amounts read below zero and taken off their debtor's invoices "
        f"({_said_rows(lines)})."
    )


#: the signed totals below zero, at least, and their share of those written, for a file to be refused
#: as no customer's invoices
_SIGNED_BELOW_LEAST, _SIGNED_BELOW_SHARE = 3, 0.9


def _sign_of_a_signed_total(read: ReadResult, mapping: MappingResult) -> None:
    """An amount written without its sign (Odoo's "Amount Due", "Importe adeudado": 210 on a credit
    note) beside a total that carries it ("Total Signed": -210): the rows whose signed total is
    negative are credit notes, their amount negative, said. A file whose signed totals are nearly
    all below zero is refused: its rows are vendor bills or credit notes, none owed to the user."""
    from getbill_import.mapping.columns import plain_number

    amount = mapping.field_columns().get("amount")
    if amount is None or amount not in read.frame.columns or _SIGNED.search(amount):
        return
    signed = next((c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                   and _SIGNED.search(c.column)), None)
    if signed is None:
        return
    totals = read.frame.select(plain_number(pl.col(signed)).alias("t")).to_series().drop_nulls()
    totals = totals.filter(totals != 0)
    below = int((totals < 0).sum())
    if below >= _SIGNED_BELOW_LEAST and below >= _SIGNED_BELOW_SHARE * totals.len() and amount not in mapping.set_by_hand:
        # (Odoo's vendor bills, its credit notes: every signed total below zero)
        raise MappingError(
            f"{Path(read.source.path).name} cannot be imported as debts: its '{signed}' is below zero on {below:,} of "
            f"{totals.len():,} rows, as an export that signs its totals writes the bills of your suppliers (payables) and "
            "the credit notes you owe your customers, none of them owed to you. Export the unpaid customer invoices "
            "instead (an aged receivables or open invoices report).",
            code=NO_DEBTS_LISTED, document=mapping_json(read, mapping),
        )
    text = pl.col(amount).cast(pl.String).str.strip_chars()
    credit = ((plain_number(pl.col(signed)) < 0) & (plain_number(pl.col(amount)) > 0) & ~text.str.starts_with("-")) \
        .fill_null(False)
    lines = read.frame.filter(credit)[LINE]
    if not lines.len():
        return
    read.frame = read.frame.with_columns(
        pl.when(credit).then(_with_minus(text)).otherwise(pl.col(amount)).alias(amount)
    )
    read.source.notices.append(
        f"amount: {lines.len():,} row(s) whose '{signed}' is negative are credit notes: their '{amount}', written without "
        f"its sign, is read as negative ({_said_rows(lines)})."
    )


def _amount_in_the_rows_currency(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """An amount whose header names one currency ("Balance RON", "Remaining Amt. (LCY)") beside a
    currency column whose rows name others (EUR, GBP) is the amount converted into the company's
    currency, not the invoice's: the same amount in each row's currency ("Balance in transaction
    currency"), when the file has it, is the amount. Without one, a notice says so."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.validate.currencies import resolve_currency

    fields = mapping.field_columns()
    amount, currency = fields.get("amount"), fields.get("currency")
    if (amount is None or currency is None or mapping.profile is not None or amount in mapping.set_by_hand
            or currency in mapping.set_by_hand or amount not in read.frame.columns or currency not in read.frame.columns):
        return
    fixed = _fixed_currency(amount)
    if fixed is None or _fixed_currency(currency) is not None:
        return
    written = read.frame.get_column(currency).cast(pl.String).str.strip_chars().drop_nulls().value_counts(sort=True)
    codes = {value: resolve_currency(value) for value in written[currency].to_list() if value}
    others = {code for code in codes.values() if code and code != fixed}
    if not others or (fixed == _LOCAL and len({c for c in codes.values() if c}) < 2):
        return
    elsewhere = sum(n for value, n in written.iter_rows() if codes.get(value) and codes[value] != fixed)
    rivals = [(column, match) for column, match in mapping.runners_up(amount, "amount", settings.mappings_dir)
              if _fixed_currency(column) is None]
    in_fixed = "the company's currency" if fixed == _LOCAL else fixed
    listed = ", ".join(sorted(others)[:4])
    if not rivals:
        read.source.notices.append(
            f"amount: '{amount}' is in {in_fixed} by its header, while '{currency}' says {listed} on {elsewhere:,} "
            f"row(s): if the amounts are in {in_fixed}, leave '{currency}' out (--set '{currency}=ignore') and set "
            "GETBILL_DEFAULT_CURRENCY to it."
        )
        return
    best, _ = max(rivals, key=lambda r: r[1].rank)
    at = {c.column: i for i, c in enumerate(mapping.columns)}
    was = mapping.columns[at[amount]]
    mapping.columns[at[best]] = ColumnMapping(
        best, "amount", was.confidence, was.status, f"{mapping.columns[at[best]].reason}; the amount in each row's currency"
    )
    mapping.columns[at[amount]] = ColumnMapping(
        amount, None, was.confidence, "unmapped", f"lost to '{best}' (in each row's currency, not only {in_fixed})"
    )
    mapping.notices[:] = [n for n in mapping.notices if not n.startswith(f"amount: '{amount}' (")]
    mapping.notices.append(
        f"amount: '{best}' chosen over '{amount}': '{amount}' is in {in_fixed} by its header, while '{currency}' says "
        f"{listed} on {elsewhere:,} row(s)."
    )


#: a header's "local currency": the company's own, whatever it is
_LOCAL = "local"
_LOCAL_WORDS = re.compile(
    r"\b(lcy|local currency|company currency|functional currency|base currency|reporting currency|hauswahrung|"
    r"hauswaehrung|monnaie locale|devise locale|devise societe|moneda local|valuta locale|moeda local)\b"
)


def _fixed_currency(header: str) -> str | None:
    """The one currency a header says its amounts are in: an ISO code written in capitals ("Balance
    RON", "Amount (EUR)"), or ``_LOCAL`` for the company's own ("Remaining Amt. (LCY)"); None when
    it names none ("Balance in transaction currency")."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.validate.currencies import resolve_currency

    if _LOCAL_WORDS.search(normalize_header(header)):
        return _LOCAL
    codes = {code for word in re.findall(r"\b[A-Z]{3}\b", header) if (code := resolve_currency(word)) == word}
    return codes.pop() if len(codes) == 1 else None


#: the share of a column's values written as whole numbers from which its header's "cents" is believed
MINOR_UNIT_SHARE = 0.95


def _read_minor_units(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """Amount columns whose header says they are in the currency's minor unit ("total_amount_cents":
    1000) and whose values are whole numbers are read in the currency's unit (10.00), each row by
    its currency's decimals, said in a notice."""
    from getbill_import.mapping.values import in_minor_units, minor_unit_exponents, platform_ids

    currency = mapping.field_columns().get("currency")
    platform = platform_ids(read.frame, settings.mappings_dir)
    columns = [c for c in read.frame.columns
               if c != LINE and in_minor_units(c, settings.mappings_dir, read.headers, platform=platform)]
    if not columns or not read.frame.height:
        return
    decimals = (minor_unit_exponents(pl.col(currency)) if currency in read.frame.columns
                else pl.lit(2)).cast(pl.Int64)
    scale = pl.lit(10, pl.Int64).pow(decimals)
    converted, values = [], []
    for column in columns:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        whole = text.str.contains(r"^-?\d+$")
        count, filled = read.frame.select(whole.sum().alias("w"), (text.fill_null("") != "").sum().alias("f")).row(0)
        if not filled or count < MINOR_UNIT_SHARE * filled:
            continue
        number = text.cast(pl.Int64, strict=False)
        sign = pl.when(number < 0).then(pl.lit("-")).otherwise(pl.lit(""))
        units, rest = number.abs() // scale, (number.abs() % scale).cast(pl.String).str.zfill(decimals)
        value = pl.when(decimals == 0).then(pl.format("{}{}", sign, units)).otherwise(pl.format("{}{}.{}", sign, units, rest))
        values.append(pl.when(whole).then(value).otherwise(pl.col(column)).alias(column))
        converted.append(column)
    read.frame = read.frame.with_columns(values)
    if converted:
        names = ", ".join(f"'{c}'" for c in converted)
        example = read.frame.filter(pl.col(converted[0]).is_not_null())[converted[0]].head(1).to_list()
        shown = f" ('{example[0]}')" if example else ""
        read.source.notices.append(
            f"{names} {'is' if len(converted) == 1 else 'are'} written in cents (the currency's minor unit): read in "
            f"the currency's unit{shown}."
        )


#: the scales South Asia counts in (lakhs, crores)
SOUTH_ASIAN_SCALES = (100_000, 10_000_000)


def _counted_in_lakhs(mapping: MappingResult, settings: Settings, options: ValidationOptions) -> ValidationOptions:
    """A file whose amount's header says it is counted in lakhs or crores ("amount_lakh") is read in
    the Indian rupee when nothing else places it (``lakh_currency``)."""
    from getbill_import.mapping.values import amount_scale

    column = mapping.field_columns().get("amount")
    scale = amount_scale(column, settings.mappings_dir) if column is not None else None
    if scale is None or scale[0] not in SOUTH_ASIAN_SCALES:
        return options
    return replace(options, lakhs_header=column)


def _read_at_scale(read: ReadResult, mapping: MappingResult, settings: Settings, validation: ValidationResult) -> None:
    """The amounts of a column whose header says they are written in thousands, lakhs, millions or
    crores ("InvoiceAmount (in thousands USD)": 55.94 is 55,940.00) are read at that scale, said."""
    from getbill_import.mapping.values import amount_scale
    from getbill_import.validate.amounts import AMOUNT_DTYPE

    column = mapping.field_columns().get("amount")
    if column is None or column not in read.frame.columns or "amount" not in validation.cases.columns:
        return
    scale = amount_scale(column, settings.mappings_dir)
    if scale is None:
        return
    factor, word = scale
    validation.cases = validation.cases.with_columns((pl.col("amount") * factor).cast(AMOUNT_DTYPE))
    first = validation.cases.filter(pl.col("amount").is_not_null()).head(1)
    example = ""
    if first.height:
        written = read.frame.filter(pl.col(LINE) == first[LINE][0]).get_column(column)
        example = f": '{written[0]}' is {first['amount'][0]:,}" if written.len() else ""
    read.source.notices.append(
        f"amount: '{column}' says its amounts are written in {word} ({factor:,} each): they are read so{example}."
    )


#: the fields a second column of the same kind completes, row by row, where the one mapped is blank
CHANNELS = ("debtor.phone", "debtor.email", "debtor.name")
#: the role of a name column that names who answers for the debtor ("Guardians Name")
GUARDIAN_ROLE = "guardian"


def second_channel(frame: pl.DataFrame, mapping: MappingResult, settings: Settings) -> tuple[pl.DataFrame, list[str]]:
    """Where the column mapped to a phone or an e-mail is blank, the column it won over gives the
    row's ("mobilePhone" blank for a company: its "fixedPhone"), and so it does where the phone is
    too short to be a whole number (a landline of 7 digits without its area code, beside a
    mobile); where a guardian's column chosen for the debtor is blank ("Guardians Name"), the
    customer's name it won over ("Student Name") does. The notices that say so."""
    from getbill_import.validate.phones import filler_phone

    fields = mapping.field_columns()
    roles = {c.column: c.role for c in mapping.columns}
    said = []
    for channel in CHANNELS:
        chosen = fields.get(channel)
        if chosen not in frame.columns:
            continue
        runners = [(c, match) for c, match in mapping.runners_up(chosen, channel, settings.mappings_dir) if c in frame.columns]
        if channel == "debtor.name":
            # only a guardian gives way, and only to a customer's name (not "Course Name")
            runners = [(c, match) for c, match in runners if match.rank >= 2][:1] if roles.get(chosen) == GUARDIAN_ROLE else []
        others = [c for c, _ in runners]
        if not others:
            continue
        phone = channel == "debtor.phone"

        def written(column: str, whole: bool = False) -> pl.Expr:
            text = pl.col(column).cast(pl.String).str.strip_chars().replace("", None)
            if whole:
                # a phone of fewer digits than any whole number, or one typed to fill the cell
                # ("00000000"), is as good as blank beside one
                return pl.when((text.str.count_matches(r"\d") >= _WHOLE_PHONE_DIGITS) & ~filler_phone(text)).then(text)
            return text

        usable = written(chosen, whole=phone)
        given = pl.coalesce([written(c, whole=phone) for c in others])
        filled = frame.select((usable.is_null() & given.is_not_null()).sum()).item()
        if not filled:
            continue
        frame = frame.with_columns(
            pl.when(usable.is_null() & given.is_not_null()).then(given).otherwise(written(chosen)).alias(chosen)
        )
        names = " or ".join(f"'{c}'" for c in others)
        short = ", too short to be a whole number or a placeholder (00000000)" if phone else ""
        said.append(f"{channel}: where '{chosen}' is blank{short}, {names} gives it ({filled:,} row(s)).")
    return frame, said


#: the fewest digits of a whole phone number (a national number with its area code)
_WHOLE_PHONE_DIGITS = 8


def _keep_profile_rows(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A profile for a journal (the French FEC), or a journal exported without one
    (``journal_rules``), keeps its open customer debits alone: the other lines (sales, tax, bank,
    settled entries) are not cases. Said in one notice, not line by line."""
    from getbill_import.mapping.layout import rows_kept, unlettered_credits

    keep, said = rows_kept(read.frame, mapping)
    if keep is None or bool(keep.all()):
        return
    credits, blank = unlettered_credits(read.frame, settings.mappings_dir)
    if credits:
        read.source.notices.append(
            f"This journal's entries are not lettered{' (its lettering column is blank throughout)' if blank else ''}: "
            f"{credits:,} credit(s) on customer accounts (payments, credit notes) are matched to no invoice, so an "
            "invoice they paid is imported as owed. Export the journal with its lettering (lettrage), or an "
            "open-items list, to leave the paid invoices out."
        )
    before = read.frame.height
    _keep_rows(read, keep)
    kept = f"{read.frame.height:,} of {before:,} rows; the {before - read.frame.height:,} others are not cases."
    if mapping.profile is None:
        read.source.notices.append(
            f"This file is an accounting journal ({_journal_columns_said(mapping)}): its rows are postings on "
            f"every account, and its cases are the debits of customer accounts not yet lettered ({said}): {kept} "
            "Give a profile (--profile) to read it otherwise."
        )
        return
    read.source.notices.append(f"Profile '{mapping.profile}' keeps the rows its row rules take for cases ({said}): {kept}")


def _journal_columns_said(mapping: MappingResult) -> str:
    sided = any(rule.kind == "one_of" for rule in mapping.row_rules)
    return "an account, an amount and its side, debit or credit" if sided else "an account, a debit and a credit column"


def _fall_back_columns(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A column the profile maps that names no one on the rows kept (blank, or the customer's
    account written short: "CAVE" on account 411CAVE) gives its field to the first of its
    ``[fallbacks]`` that holds values there, other than a collective account's label: the
    customer's name of a FEC without auxiliary accounts is its account's label, or the entry's."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import collective_labels

    if not mapping.fallbacks or not read.frame.height:
        return

    def blank(column: str) -> bool:
        return bool(read.frame.select(pl.col(column).cast(pl.String).str.strip_chars().fill_null("").eq("").all()).item())

    at = {c.column: i for i, c in enumerate(mapping.columns)}
    by_norm = {normalize_header(c): c for c in read.frame.columns if c != LINE and c in at}
    account = next((by_norm.get(r.column) for r in mapping.row_rules if r.kind == "starts_with"), None)

    def account_codes(column: str) -> bool:
        if account is None:
            return False
        text = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
        within = pl.col(account).cast(pl.String).str.to_lowercase().str.contains(text, literal=True)
        return bool(read.frame.select((text.is_null() | (text == "") | within).all()).item())

    for column, options in mapping.fallbacks.items():
        original = by_norm.get(column)
        if original is None or mapping.columns[at[original]].field is None:
            continue
        empty = blank(original)
        if not empty and not account_codes(original):
            continue
        taken = next((by_norm[o] for o in options if o in by_norm and not blank(by_norm[o])
                      and not collective_labels(read.frame.get_column(by_norm[o]), settings.mappings_dir)), None)
        if taken is None:
            continue
        was = mapping.columns[at[original]]
        mapping.columns[at[taken]] = ColumnMapping(
            taken, was.field, was.confidence, "mapped", f"in place of '{original}' ({was.reason}), which names no one on the rows kept"
        )
        mapping.columns[at[original]] = ColumnMapping(
            original, None, was.confidence, "unmapped", f"{was.reason}, but names no one on the rows kept: '{taken}' takes its place"
        )
        what = "blank" if empty else "the customer's account written short"
        read.source.notices.append(
            f"{was.field}: '{original}' is {what} on every row kept; '{taken}' takes its place"
            + (f" ('{mapping.profile}' names it so)." if mapping.profile else ".")
        )


def _extf_header(read: ReadResult) -> ExtfHeader | None:
    """The batch a DATEV file's EXTF header line describes (its period, the length of its general
    ledger accounts), None without one."""
    from getbill_import.read.datev import MARKER, parse_header

    title = next((e for e in read.source.excluded_lines if e.reason == "title" and MARKER in e.text[:8]), None)
    return parse_header(title.text, read.source.delimiter or ";") if title else None


def _complete_extf_dates(read: ReadResult, mapping: MappingResult) -> None:
    """A DATEV booking batch writes its document dates TTMM (they take the year of the batch's
    period, from the file's EXTF header line) and its due dates TTMMJJJJ."""
    from getbill_import.read.datev import complete_dates

    header = _extf_header(read)
    fields = mapping.field_columns()
    columns = [fields[f] for f in ("issue_date", "due_date") if fields.get(f) in read.frame.columns]
    if header is None:
        if columns:
            read.source.notices.append(
                "This DATEV file has no EXTF header line with its period (Datum vom, Datum bis) above the "
                "column names: dates written day and month (TTMM) cannot be given their year."
            )
        return
    for column in columns:
        completed, count = complete_dates(read.frame.get_column(column), header)
        if count:
            read.frame = read.frame.with_columns(completed)
            read.source.notices.append(
                f"'{column}' writes DATEV's dates, day and month (TTMM, the year being the one in the batch's "
                f"period, {header.describe()}, from the file's header line) or TTMMJJJJ: {count:,} date(s) read so."
            )


def _read_ledger(read: ReadResult, mapping: MappingResult) -> bool:
    """A journal read as a ledger (a DATEV booking batch): its postings on customer accounts are
    kept, netted invoice by invoice in the validation, and each row's customer account is a
    column of its own (the key to a debtors file). Returns whether the file was read so."""
    from getbill_import.mapping import ColumnMapping
    from getbill_import.mapping.layout import ACCOUNT_COLUMN, ledger_rows

    header = _extf_header(read)
    ledger = ledger_rows(read.frame, mapping, header.account_digits if header else None)
    if ledger is None:
        return False
    before = read.frame.height
    credits = int(ledger.earlier.sum())
    if before and not int(ledger.keep.sum()) and not credits:
        # a batch of bookings between the general ledger's accounts alone (bank, rent, wages)
        raise MappingError(
            f"{Path(read.source.path).name} cannot be imported as debts: none of its {before:,} postings is on a customer "
            f"account ({ledger.said}): its bookings are between the general ledger's accounts (a bank, revenue, costs), "
            "not customers' invoices. Export the booking batch of the customers' invoices, or the open items.",
            code=NO_DEBTS_LISTED, document=mapping_json(read, mapping),
        )
    if credits:
        read.ledger_credits = read.frame.with_columns(ledger.all_accounts).filter(ledger.earlier)
    _keep_rows(read, ledger.keep)
    read.invoice_lines = ledger.lines
    account = ledger.accounts.to_frame()
    read.joined = account if read.joined is None else read.joined.with_columns(account.get_columns())
    mapping.columns.append(ColumnMapping(
        ACCOUNT_COLUMN, None, 1.0, "unmapped", f"the customer's account of each posting ({ledger.said})",
    ))
    skipped = [
        f"{ledger.others:,} between other accounts (sales, tax, bank, suppliers)" if ledger.others else "",
        f"{credits:,} credits to an invoice that has no debit in this file (an import records the "
        "payments among them on the cases of earlier imports)" if credits else "",
    ]
    read.source.notices.append(
        f"Profile '{mapping.profile}' reads the file as a ledger: the postings where {ledger.said} are "
        f"netted invoice by invoice, each case's amount being what the customer still owes on it; "
        f"{read.frame.height:,} of {before:,} rows are such postings"
        + (f" (not cases: {', '.join(s for s in skipped if s)})" if any(skipped) else "") + "."
    )
    return True


#: the first cell of a group's row in a list exported grouped (Odoo: "Administrator (3)")
_GROUP_COUNT = r"^\S.*\(\d+\)$"


def _exclude_group_subtotals(read: ReadResult, mapping: MappingResult) -> None:
    """A list exported grouped (Odoo's "Group by") writes above each group a row of its label and
    count in the first column ("Administrator (3)") and its sums, with no debtor and no date: such
    rows leave the data as group rows, said like the other excluded rows."""
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.read import ExcludedLine, exclusion_notices

    fields = mapping.field_columns()
    first = next((c for c in read.frame.columns if c != LINE), None)
    said = [c for f, c in fields.items() if (f in NAME_FIELDS or f.endswith("_date")) and c in read.frame.columns]
    if first is None or not said or not read.frame.height:
        return
    # a label's count closes the cell: those rows alone are read further
    closed = read.frame.select(pl.col(first).cast(pl.String).str.contains(r"\)\s*$").fill_null(False)).to_series().arg_true()
    if not closed.len():
        return
    blank = pl.all_horizontal([pl.col(c).cast(pl.String).str.strip_chars().replace("", None).is_null() for c in said])
    rows = read.frame[closed]
    group = rows.select(pl.col(first).cast(pl.String).str.strip_chars().str.contains(_GROUP_COUNT).fill_null(False) & blank).to_series()
    if not group.any():
        return
    lines = rows.get_column(LINE).filter(group)
    _leave_out(read, lines, "group")
    read.source.notices.extend(exclusion_notices([ExcludedLine(line, "group") for line in lines]))


def _credits_beside_debits(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions
) -> pl.Series | None:
    """A ledger's debit column mapped as the amount beside its credit column (a customer ledger, a
    transaction report's lines on the receivable account: "Debit", "Credit"): a row with a credit
    is the debit less the credit, a payment or a credit note written as a negative amount, netted
    with its debtor's invoices (``_net_credits_by_debtor``) instead of refused for a missing amount.
    Returns those rows' lines (credits by their column, whatever the file's other signs), or None."""
    amount = mapping.field_columns().get("amount")
    if amount is None or amount not in read.frame.columns or mapping.row_rules or not read.frame.height:
        return None
    if (credit := _credit_beside_the_debit(read, mapping, settings)) is None:
        return None
    debit_value, _ = _column_amounts(read.frame, amount, options)
    credit_value, _ = _column_amounts(read.frame, credit, options)
    work = pl.DataFrame({LINE: read.frame[LINE], "d": debit_value, "c": credit_value}).filter(
        pl.col("c").is_not_null() & (pl.col("c") != 0)
    ).with_columns((pl.col("d").fill_null(0) - pl.col("c")).cast(pl.Decimal(38, 2)).cast(pl.String).alias("net"))
    if not work.height:
        return None
    _rewrite_amounts(read, amount, work.select(LINE, "net"))
    read.source.notices.append(
        f"amount: '{amount}' is the debit beside '{credit}': the {work.height:,} row(s) with a credit are the debit "
        f"less the credit ({_said_rows(work[LINE])}), payments and credit notes netted with their debtor's invoices."
    )
    return work[LINE]


def _credit_beside_the_debit(read: ReadResult, mapping: MappingResult, settings: Settings) -> str | None:
    """The credit column beside a ledger's debit column mapped as the amount ("Alacak Tutar" beside
    "Borç Tutar"), left unmapped; None for another file."""
    from getbill_import.mapping.values import journal_columns

    amount = mapping.field_columns().get("amount")
    if amount is None or "debit" not in journal_columns([amount], settings.mappings_dir)[0]:
        return None
    used = set(mapping.field_columns().values())
    return journal_columns([c for c in read.frame.columns if c in read.headers and c not in used],
                           settings.mappings_dir)[0].get("credit")


def _rewrite_amounts(read: ReadResult, amount: str, rows: pl.DataFrame) -> None:
    """The amount column written anew on ``rows`` (LINE and the amount as text), as the file would
    have written it: every step after reads it so."""
    new = rows.columns[1]
    read.frame = read.frame.with_columns(pl.col(amount).cast(pl.String)).update(
        rows.select(LINE, pl.col(new).alias(amount)), on=LINE)


def _line_totals(read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions) -> None:
    """A line's unit price mapped as its amount beside its quantity (an invoice's lines: Odoo's
    "price_unit" and "quantity", an import template's "PRICE" and "QUANTITY"): each line's amount
    is its quantity times its unit price, written in the amount column (with the currency the cell
    wrote), said. A discount column beside them is named, not taken off."""
    from getbill_import.mapping.columns import QUANTITY
    from getbill_import.mapping.headers import tax_included_words
    from getbill_import.mapping.layout import unit_price_quantity
    from getbill_import.mapping.values import header_says
    from getbill_import.validate.currencies import amount_symbol_pattern

    amount = mapping.field_columns().get("amount")
    if amount is None or amount not in read.frame.columns or mapping.row_rules or not read.frame.height:
        return
    directory = settings.mappings_dir
    quantity = unit_price_quantity(read.frame, mapping, read.headers, directory)
    if quantity is None:
        return
    price, _ = _column_amounts(read.frame, amount, options)
    cell = pl.col(amount).cast(pl.String)
    # a price of four decimals or more ("0,294317" the litre) is multiplied as written, not at the cent;
    # beside such prices, one of three decimals written with the same separator is a price too ("-1,113")
    marks = read.frame.select(cell.str.extract(r"^\s*-?\d+([.,])\d{4,6}\s*$").drop_nulls().unique()).to_series().to_list()
    places = "{3,6}" if len(marks) == 1 else "{4,6}"
    separator = re.escape(marks[0]) if len(marks) == 1 else "[.,]"
    precise = pl.when(cell.str.contains(rf"^\s*-?\d+{separator}\d{places}\s*$")).then(
        cell.str.strip_chars().str.replace(",", ".", literal=True)).cast(pl.Decimal(18, 6))
    gross = tax_included_words(amount, str(directory))[0]
    rated = None if gross else _tax_rates(read, mapping, settings, price.is_not_null())
    rate = pl.lit(0.0) if rated is None else rated[2].fill_null(0.0)
    work = read.frame.select(
        LINE, cell.alias("cell"), pl.col(quantity).cast(pl.String).str.strip_chars().alias("q"),
        precise.alias("precise"), rate.alias("rate"),
    ).with_columns(price.alias("price")).with_columns(
        pl.when(pl.col("q").str.contains(QUANTITY)).then(pl.col("q").str.replace(",", ".")).cast(pl.Decimal(18, 6)).alias("qty"),
        pl.coalesce(pl.col("precise").cast(pl.Float64), pl.col("price").cast(pl.Float64)).alias("price"),
    ).filter(pl.col("price").is_not_null() & pl.col("qty").is_not_null() & ((pl.col("qty") != 1) | (pl.col("rate") != 0)))
    if not work.height:
        return
    mark = pl.col("cell").str.extract(f"({amount_symbol_pattern()})")
    total = (pl.col("price") * pl.col("qty").cast(pl.Float64) * (1 + pl.col("rate") / 100)).round(2) \
        .cast(pl.Decimal(38, 2)).cast(pl.String)
    # written with the decimal comma the price was ("20,00": "40,00"), as the column's other cells are
    total = pl.when(pl.col("cell").str.contains(r",\d{1,6}\D*$") & ~pl.col("cell").str.contains(r"\.\d{1,6}\D*$")) \
        .then(total.str.replace(".", ",", literal=True)).otherwise(total)
    work = work.with_columns(
        pl.when(mark.is_not_null()).then(pl.concat_str([total, mark], separator=" ")).otherwise(total).alias("total")
    )
    _rewrite_amounts(read, amount, work.select(LINE, "total"))
    first = work.row(0, named=True)
    used = set(mapping.field_columns().values())
    discount = next((
        c for c in read.frame.columns if c in read.headers and c not in used and header_says(c, "discount_words", directory)
        and read.frame.get_column(c).cast(pl.String).str.contains("[1-9]").any()
    ), None)
    taxed = "" if rated is None else f" and its tax at the rate of '{rated[0]}'"
    read.source.notices.append(
        f"amount: '{amount}' is a unit price beside '{quantity}': each line's amount is its quantity times its unit "
        f"price{taxed} ({work.height:,} row(s){' whose quantity is not 1' if rated is None else ''}; line {first[LINE]}: "
        f"{first['q']} × {first['cell'].strip()}"
        f"{'' if rated is None else ' + ' + str(first['rate']).removesuffix('.0') + ' %'} = {first['total']})."
        + (f" '{discount}' is not taken off: if it lowers what is owed, export the lines' totals." if discount else "")
    )


def _column_amounts(rows: pl.DataFrame, column: str, options: ValidationOptions) -> tuple[pl.Series, pl.Series]:
    """The amounts of ``column`` on ``rows``, read as the validation reads the amount (typed, and
    the currency written in each cell): for the layout rules that compare amounts."""
    from getbill_import.validate._common import Context
    from getbill_import.validate.amounts import validate_amount

    result = validate_amount(rows.select(LINE, pl.col(column).cast(pl.String).alias("amount")), Context({}, None, options))
    return result.value, result.currency


#: the share of rows whose balance is the row's amount added to the balance above it (or the amount
#: alone, where a group starts), from which the balance is a running total ...
RUNNING_SHARE = 0.95
#: ... and how many rows, at least, it must add up over (the others may be groups of one row)
RUNNING_ROWS = 3
#: the first rows judged
RUNNING_SAMPLE = 5_000


def _amount_under_running_total(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A report's "Balance" that adds up the rows' amounts as it goes (QuickBooks' detail reports:
    each row's "Amount", and the "Balance" of the group so far) is no balance of the row's invoice:
    the row's amount is the column it adds up, and the running total is kept as metadata, said."""
    from getbill_import.mapping.headers import match_header

    amount = mapping.field_columns().get("amount")
    if amount is None or amount not in read.frame.columns or read.frame.height < RUNNING_ROWS + 1:
        return
    others = [
        c for c in mapping.columns
        if c.status == "unmapped" and c.column in read.frame.columns and c.column not in mapping.set_by_hand
        and match_header(c.column, settings.mappings_dir).field == "amount"
    ]
    if not others or amount in mapping.set_by_hand:
        return
    head = read.frame.head(RUNNING_SAMPLE)
    options = validation_options(settings)

    def values(column: str) -> pl.Series:
        return _column_amounts(head, column, options)[0].cast(pl.Float64)

    balance = values(amount)
    for other in others:
        each = values(other.column)
        rows = pl.DataFrame({"b": balance, "a": each}).with_columns(pl.col("b").shift(1).alias("above"))
        judged = rows.filter(pl.col("b").is_not_null() & pl.col("a").is_not_null())
        adds = ((pl.col("b") - pl.col("above") - pl.col("a")).abs() <= 0.005).fill_null(False)
        alone = (pl.col("b") - pl.col("a")).abs() <= 0.005
        verdict = judged.select((adds | alone).sum().alias("fits"), (adds & ~alone).sum().alias("runs"))
        fits, runs = verdict.row(0)
        if judged.height and fits >= RUNNING_SHARE * judged.height and runs >= RUNNING_ROWS:
            _take_amount(mapping, amount, other.column)
            read.source.notices.append(
                f"amount: '{amount}' adds up '{other.column}' row after row (a running total: on {runs:,} rows of the "
                f"first {judged.height:,} it is "
                f"the row's '{other.column}' added to the '{amount}' above it), so each row's amount is "
                f"'{other.column}'; '{amount}' is kept as metadata."
            )
            return


def _take_amount(mapping: MappingResult, running: str, column: str, *, was: str = "", taken: str = "") -> None:
    """``column`` becomes the amount, and ``running`` metadata (the mapper's notices of its choice
    of ``running`` go with it); ``was`` and ``taken`` say why (a running total by default)."""
    from getbill_import.mapping import ColumnMapping

    mapping.notices = [n for n in mapping.notices if not n.startswith(f"amount: '{running}' ")]

    for i, c in enumerate(mapping.columns):
        if c.column == running:
            mapping.columns[i] = ColumnMapping(c.column, None, c.confidence, "unmapped",
                                               was or f"a running total of '{column}'")
        elif c.column == column:
            mapping.columns[i] = ColumnMapping(c.column, "amount", c.confidence, "mapped",
                                               f"{c.reason}; {taken or f'the amount of each row, which {running!r} adds up'}")


#: the last rows of a list searched for a totals row without its label
TRAILING_TOTALS = 3


#: the most rows below the data read as its footer, and the most cells each may fill (a row of
#: two, a reference and a name, is an invoice that lacks its amount)
TRAILING_FOOTER = 5
FOOTER_CELLS = 1


#: the accounts named in the notice of lines on other accounts than customer receivables
SHOWN_ACCOUNTS = 4


def _exclude_other_accounts(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A line-item export that mixes customer receivables with other ledger accounts (SAP's list of
    a group's open items: bank clearing, fixed deposits, unbilled revenue beside "Trade Receivable
    …"): the lines on other accounts are no debts and leave the data, said with their accounts."""
    from getbill_import.mapping.values import payment_rows, receivable_accounts

    unmapped = [c.column for c in mapping.columns
                if c.status == "unmapped" and c.column in read.frame.columns and c.column not in mapping.set_by_hand]
    found = receivable_accounts(read.frame, unmapped, settings.mappings_dir)
    if found is None:
        return
    column, on = found
    others = read.frame.filter(~on)
    counts = (
        others.select(pl.col(column).cast(pl.String).str.strip_chars().fill_null("(blank)").alias("a"))
        .group_by("a").len().sort(["len", "a"], descending=[True, False])
    )
    shown = ", ".join(f"'{a}' ({n:,})" for a, n in counts.head(SHOWN_ACCOUNTS).iter_rows())
    more = f" and {counts.height - SHOWN_ACCOUNTS:,} other account(s)" if counts.height > SHOWN_ACCOUNTS else ""
    _leave_out(read, others[LINE], "account")
    read.source.notices.append(
        f"{others.height:,} row(s) left out: '{column}' puts them on ledger accounts that are not customer "
        f"receivables ({shown}{more}); the {read.frame.height:,} row(s) on receivable accounts are the debts. To "
        f"keep every row, run with --set '{column}=ignore'."
    )
    # (on the receivable account, cheques and deposits alone are money moved, no invoice to net them
    # with: Reckon's cheques report, its one line on the receivable account a payment to the company's
    # accountants)
    for kind in unmapped:
        if kind == column or kind not in read.frame.columns or not read.frame.height:
            continue
        paid = payment_rows(read.frame.get_column(kind), kind, settings.mappings_dir)
        if paid is None or not paid.all():
            continue
        # (every row a payment: each is left out, named by its first kinds)
        lines = read.frame[LINE]
        kinds = ", ".join(repr(k) for k in read.frame.get_column(kind).cast(pl.String).unique(maintain_order=True).head(3))
        _leave_out(read, lines, "credit")
        read.source.notices.append(
            f"{lines.len():,} row(s) on receivable accounts left out: '{kind}' says they are payments or credits "
            f"({kinds}), no invoices."
        )
        return


def _exclude_subtitle_rows(read: ReadResult, mapping: MappingResult) -> None:
    """The rows between the header and the first row of data that hold one cell of text and no
    reference, amount or date ("Upto 27/03/27", "SUNDRY DEBTORS (CUSTOMERS)": a report's period and
    its ledger's group) leave the data as sub-titles, said, rather than being rejected as invoices."""
    _exclude_note_rows(read, mapping, top=True)


def _exclude_footer_rows(read: ReadResult, mapping: MappingResult) -> None:
    """The rows that end a report below its data with no amount, no date and one cell of text
    ("Receivables Account: 1200", "Printed on …", "Page 1 of 1") leave the data as its footer, said
    with what they hold, rather than being rejected as invoices."""
    _exclude_note_rows(read, mapping, top=False)


def _exclude_note_rows(read: ReadResult, mapping: MappingResult, *, top: bool) -> None:
    """The run of rows at the data's edge (its first rows with ``top``, else its last) holding one cell
    of text and none of the amount, the dates (and, at the top, the reference), left out and said:
    "subtitle" rows above the data, "footer" rows below it (a blank row there too)."""
    from getbill_import.read import ExcludedLine, exclusion_notices

    fields = mapping.field_columns()
    named = ("amount", "reference") if top else ("amount",)
    keys = [c for f, c in fields.items() if (f in named or f.endswith("_date")) and c in read.frame.columns]
    if "reference" not in fields or fields.get("amount") not in keys or read.frame.height <= TRAILING_FOOTER:
        return
    edge = read.frame.head(TRAILING_FOOTER) if top else read.frame.tail(TRAILING_FOOTER)
    columns = [c for c in edge.columns if c != LINE]

    def written(column: str) -> pl.Expr:
        return pl.col(column).cast(pl.String).str.strip_chars().replace("", None).is_not_null()

    cells = pl.sum_horizontal([written(c) for c in columns])
    note = edge.select(
        ~pl.any_horizontal([written(c) for c in keys]) & ((cells == FOOTER_CELLS) if top else (cells <= FOOTER_CELLS))
    ).to_series().to_list()
    run = next((i for i, found in enumerate(note if top else note[::-1]) if not found), len(note))
    if not run:
        return
    rows = edge.head(run) if top else edge.tail(run)
    texts = [" ".join(str(v).strip() for v in row[1:] if v is not None and str(v).strip())
             for row in rows.select(LINE, *columns).iter_rows()]
    lines, reason = rows[LINE], "subtitle" if top else "footer"
    _leave_out(read, lines, reason)
    read.source.notices.extend(exclusion_notices(
        [ExcludedLine(line, reason, text) for line, text in zip(lines.to_list(), texts, strict=True)]
    ))


#: the share of the list's rows that must hold a reference for the rows below it without one to be no part of it
BLOCK_ABOVE_SHARE = 0.9
#: the fewest rows with a reference the list above must have
BLOCK_ABOVE_ROWS = 5


def _exclude_block_below(read: ReadResult, mapping: MappingResult) -> None:
    """A hand-kept sheet goes on below its list, past a blank row, with what its owner computed
    there (sums by year, the funds' totals, shares): rows none of which holds a reference, under a
    list that gives one on nearly every row. They leave the data, said, instead of being rejected
    one by one for a missing reference, name and amount."""
    reference = mapping.field_columns().get("reference")
    if reference not in read.frame.columns or read.frame.height <= BLOCK_ABOVE_ROWS:
        return
    given = read.frame.get_column(reference).cast(pl.String).str.strip_chars().replace("", None).is_not_null()
    if not given.any():
        return
    last = int(given.arg_true()[-1])
    lines = read.frame.get_column(LINE)
    if last == read.frame.height - 1 or lines[last + 1] == lines[last] + 1:
        # nothing below the last reference, or no blank row (nor other row left out) between them
        return
    above = given.head(last + 1)
    if int(above.sum()) < BLOCK_ABOVE_ROWS or above.mean() < BLOCK_ABOVE_SHARE:  # type: ignore[operator]
        return
    below = lines.slice(last + 1)
    _leave_out(read, below, "below")
    read.source.notices.append(
        f"{below.len():,} row(s) below the list, past a blank row, hold no reference (rows {_first_lines(below, 10)}): a "
        f"block of its own under the invoices (sums, notes), left out."
    )


def _exclude_unlabelled_totals(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A list that ends with the sum of its amounts and no label ("Total" is what the reader knows)
    writes it on a row of its own, with no reference, no debtor and no date: such a row among the
    last ones, whose amount is the sum of the amounts above it, leaves the data as a totals row."""
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.read import ExcludedLine, exclusion_notices

    fields = mapping.field_columns()
    amount = fields.get("amount")
    said = [
        c for f, c in fields.items()
        if (f in NAME_FIELDS or f == "reference" or f.endswith("_date")) and c in read.frame.columns
    ]
    if amount is None or amount not in read.frame.columns or not said or read.frame.height < 3:
        return
    _exclude_total_on_top(read, amount)
    if read.frame.height < 3:
        return
    blank = pl.all_horizontal([pl.col(c).cast(pl.String).str.strip_chars().replace("", None).is_null() for c in said])
    tail = read.frame.tail(TRAILING_TOTALS).filter(blank & pl.col(amount).is_not_null())
    if not tail.height:
        return
    values = _column_amounts(read.frame, amount, validation_options(settings))[0]
    sums = pl.DataFrame({LINE: read.frame[LINE], "v": values.cast(pl.Float64)}).with_columns(
        pl.col("v").cum_sum().shift(1).alias("above"), pl.int_range(pl.len()).alias("n")
    )
    found = sums.filter(
        pl.col(LINE).is_in(tail[LINE].implode()) & (pl.col("n") >= 2) & pl.col("v").is_not_null()
        & ((pl.col("v") - pl.col("above")).abs() <= 0.01)
    )
    if not found.height:
        return
    lines = found[LINE]
    cells = dict(tail.select(LINE, pl.col(amount).cast(pl.String)).iter_rows())
    _leave_out(read, lines, "totals")
    read.source.notices.extend(exclusion_notices([ExcludedLine(line, "totals", cells[line]) for line in lines]))


#: the fewest rows under a first row whose amount is their sum, for that row to be their total
TOP_TOTAL_ROWS = 3


def _exclude_total_on_top(read: ReadResult, amount: str) -> None:
    """A report that writes its grand total first, right under its header (Odoo's "Aged
    Receivable" row, labelled with the report's title): a first row whose amount is the sum of
    every amount below it leaves the data as a totals row, whatever its label says. Read on the
    amounts a spreadsheet's cells give as plain numbers, as such a report's are (a cheap cast, not
    the validation's reading of every amount)."""
    from getbill_import.read import ExcludedLine, exclusion_notices

    if read.frame.height and any(e.reason == "totals" and e.line < read.frame[LINE][0] for e in read.source.excluded_lines):
        # the grand total above the rows is gone already: a report writes it once
        return
    values = read.frame.get_column(amount).cast(pl.String).str.strip_chars().cast(pl.Float64, strict=False)
    below = values.slice(1)
    if read.frame.height <= TOP_TOTAL_ROWS or values[0] is None or below.null_count() == below.len() or values[0] == 0:
        # a first amount of nothing is the sum of nothing: an order paid in full above others, no total
        return
    if abs(float(values[0]) - float(below.sum())) > 0.01 or not below.drop_nulls().len() >= TOP_TOTAL_ROWS:
        return
    line = int(read.frame[LINE][0])
    cell = str(read.frame[amount][0])
    _leave_out(read, read.frame[LINE].head(1), "totals")
    read.source.notices.extend(exclusion_notices([ExcludedLine(line, "totals", cell)]))


#: snapshots stacked in one file: at most so many, of so many rows each on average at least, and
#: so many of the latest one's references found in an earlier one at least
_MAX_SNAPSHOTS = 60
_SNAPSHOT_ROWS = 3
_SNAPSHOT_REPEATS = 0.05


def _latest_snapshot(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A list that stacks several snapshots of the same open items (an aging export at three
    month-ends, one below the other, a "Closing Date" telling them apart): the latest alone is
    what is owed; the earlier ones' rows are left out, said in a notice. Only when the column names
    the snapshot's date by its header, holds a few dates on every row, and invoices of the latest
    snapshot are found in an earlier one."""
    from getbill_import.mapping.values import snapshot_date_header

    reference = mapping.field_columns().get("reference")
    frame = read.frame
    if reference not in frame.columns or frame.height < 2 * _SNAPSHOT_ROWS:
        return
    for col in mapping.columns:
        # a snapshot's date only offered as the issue date ("first day of month" of an aging table)
        offered = col.status == "to_confirm" and col.field == "issue_date" and col.column not in mapping.set_by_hand
        if (col.status != "unmapped" and not offered) or col.column not in frame.columns \
                or not snapshot_date_header(col.column, settings.mappings_dir):
            continue
        taken = frame.get_column(col.column).cast(pl.String).str.strip_chars().replace("", None)
        if taken.null_count() > frame.height * 0.05:
            continue
        distinct = taken.drop_nulls().unique().to_list()
        if not 2 <= len(distinct) <= _MAX_SNAPSHOTS or frame.height < _SNAPSHOT_ROWS * len(distinct):
            continue
        dates = _snapshot_dates(distinct)
        if dates is None:
            continue
        latest = max(distinct, key=lambda v: dates[v])
        refs = frame.get_column(reference).cast(pl.String).str.strip_chars()
        last = refs.filter(taken == latest).drop_nulls().unique()
        earlier = refs.filter(taken != latest).drop_nulls().unique()
        if not last.len() or last.is_in(earlier.implode()).sum() < _SNAPSHOT_REPEATS * last.len():
            continue
        gone = frame.get_column(LINE).filter((taken != latest).fill_null(True))
        _leave_out(read, gone, "snapshot")
        if offered:
            col.field, col.status, col.reason = None, "unmapped", "the date of the snapshot the row belongs to"
        ordered = [dates[v].isoformat() for v in sorted(distinct, key=lambda v: dates[v])]
        shown = ", ".join(ordered) if len(ordered) <= 6 else f"{', '.join(ordered[:2])} … {ordered[-1]}"
        read.source.notices.append(
            f"The file stacks {len(distinct)} snapshots of the open items, told apart by '{col.column}' ({shown}): only "
            f"the latest, {dates[latest].isoformat()} ({read.frame.height:,} row(s)), is what is owed and is read; the "
            f"{gone.len():,} row(s) of the earlier ones are left out. To import an earlier one, keep its rows alone in the file."
        )
        return


def _snapshot_dates(values: list[str]) -> dict[str, dt.date] | None:
    """Each value read as a date, as the validation reads an issue date ("2021-01-31 00:00:00",
    "31/01/2021", "31-Mar-2021"), or None when one is no date."""
    from getbill_import.validate.dates import read_dates

    dates, _ = read_dates(pl.Series(values, dtype=pl.String))
    return None if dates.null_count() else dict(zip(values, dates.to_list(), strict=True))


def _repeated(read: ReadResult, mapping: MappingResult) -> pl.Series | None:
    """The rows whose reference repeats, read once for the series and the instalments; None without
    a reference column."""
    from getbill_import.mapping.layout import repeated_references

    reference = mapping.field_columns().get("reference")
    return repeated_references(read.frame, reference) if reference in read.frame.columns else None


def _number_in_series(read: ReadResult, mapping: MappingResult, settings: Settings, repeated: pl.Series | None = None) -> bool:
    """Invoices numbered in series ("Serie" + "Número": FE-1024 and FC-1024 are two invoices): the
    reference is the series and the number together, said in a notice. Whether it was."""
    from getbill_import.mapping.layout import series_references
    from getbill_import.mapping.values import INSTALMENT, names_series

    found = series_references(read.frame, mapping, settings.mappings_dir, repeated)
    if found is None:
        return False
    reference = mapping.field_columns()["reference"]
    # a series before the number ("FE-1024"), an instalment after it ("002707-A")
    after = [c for c in found.columns if names_series(c, settings.mappings_dir) == INSTALMENT]
    before = [c for c in found.columns if c not in after]
    parts = [pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in [*before, reference, *after]]
    number = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    read.frame = read.frame.with_columns(
        pl.when(number.is_not_null()).then(pl.concat_str(parts, separator="-", ignore_nulls=True)).alias(reference)
    )
    example = read.frame.filter(pl.col(reference).is_not_null())[reference][0]
    for col in mapping.columns:
        if col.column in found.columns:
            # still metadata, and said in the table to be part of the reference
            where = "after" if col.column in after else "before"
            col.reason = f"part of the reference, written {where} '{reference}' ('{example}'); kept as metadata too"
    series = " and ".join(f"'{c}'" for c in found.columns)
    together = ", ".join(f"'{c}'" for c in [*before, reference, *after])
    together = " and ".join(together.rsplit(", ", 1))
    still = f"; {found.after:,} still repeat" if found.after else ""
    tell = "tells" if len(found.columns) == 1 else "tell"
    read.source.notices.append(
        f"reference: '{reference}' repeats on {found.before:,} rows, which {series} {tell} apart: the reference is "
        f"{together} together ('{example}'){still}. To keep the number alone, run with "
        f"--set '{found.columns[0]}=ignore'."
    )
    return True


#: the placeholders a notice names, at most
PLACEHOLDERS_SAID = 3


def _placeholder_references(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A reference that names no invoice ("Opening", "On Account" in a bill-wise outstanding list),
    written for several debtors, is each debtor's own: the reference is the placeholder and the
    debtor's name together ("Opening (Nitro AC)"), stable from one export to the next, said."""
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.mapping.values import placeholder_references

    fields = mapping.field_columns()
    reference = fields.get("reference")
    names = [c for f, c in fields.items() if f in NAME_FIELDS and c in read.frame.columns]
    if reference not in read.frame.columns or not names or not read.frame.height:
        return
    held = placeholder_references(read.frame.get_column(reference), settings.mappings_dir)
    if not held.any():
        return
    name = pl.coalesce([pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in names])
    rows = read.frame.select(LINE, name.alias("name"), held.alias("held")).filter("held")
    if rows["name"].n_unique() < 2:
        return
    ref = pl.col(reference).cast(pl.String).str.strip_chars()
    labels = read.frame.filter(held).select(ref)[reference].unique(maintain_order=True)
    written = " or ".join(f"'{w}'" for w in labels.head(PLACEHOLDERS_SAID).to_list()) + (
        f" and {labels.len() - PLACEHOLDERS_SAID:,} more" if labels.len() > PLACEHOLDERS_SAID else "")
    keyed = pl.format("{} ({})", ref, name)
    dated = fields.get("issue_date") or fields.get("due_date")
    if dated in read.frame.columns:
        # one debtor's charges under one label ("CHQ.BOUNCE" twice): each its day's
        day = pl.col(dated).cast(pl.String).str.strip_chars()
        again = (pl.len().over(keyed) > 1) & (pl.len().over(keyed, day) == 1) & day.is_not_null()
        keyed = pl.when(again).then(pl.format("{} ({}, {})", ref, name, day)).otherwise(keyed)
    read.frame = read.frame.with_columns(
        pl.when(held & name.is_not_null()).then(keyed).otherwise(pl.col(reference)).alias(reference)
    )
    example = read.frame.filter(held)[reference][0]
    read.source.notices.append(
        f"reference: {rows.height:,} row(s) of {rows['name'].n_unique():,} debtors write no invoice number but "
        f"{written} (a balance brought forward, a payment on account, an agreement's instalments): "
        f"each is its debtor's own, '{example}' ({_said_rows(rows[LINE])})."
    )


def _reference_due_and_name(
    read: ReadResult, mapping: MappingResult, *, or_issued: bool = False
) -> tuple[str, str, pl.Expr, pl.Expr, pl.Expr] | None:
    """The reference's and the due date's columns, and the reference, the due date and the
    debtor's name as written (blank as null), for keying debts by them; None when a column is
    missing. With ``or_issued``, the issue date stands for a due date the file does not give."""
    fields = mapping.field_columns()
    reference, due = fields.get("reference"), fields.get("due_date")
    if due is None and or_issued:
        due = fields.get("issue_date")
    names, name, _ = _debtor_key(read, mapping)
    if reference not in read.frame.columns or due not in read.frame.columns or not names or not read.frame.height:
        return None
    assert reference is not None and due is not None
    ref = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    when = pl.col(due).cast(pl.String).str.strip_chars().replace("", None)
    return reference, due, ref, when, name.replace("", None)


def _credit_kinds(read: ReadResult, mapping: MappingResult, settings: Settings) -> tuple[str, pl.Series] | None:
    """The column of document kinds left unmapped that says which rows are credit notes, payments,
    advances or refunds (``credit_documents``: TOTVS's "RA", Koinor's "AB"), and those rows; None
    when no column does."""
    from getbill_import.mapping.values import credit_documents

    for col in mapping.columns:
        if col.status == "unmapped" and col.column in read.frame.columns and (
                found := credit_documents(read.frame.get_column(col.column), col.column, settings.mappings_dir)) is not None:
            return col.column, found.fill_null(False)
    return None


def _instalments_by_due_date(
    read: ReadResult, mapping: MappingResult, settings: Settings, repeated: pl.Series | None = None,
) -> None:
    """An invoice paid in instalments, each an open item of its own on a row of its own (SAP's
    open items of a split invoice, an agreement's monthly parts): the rows write the same reference
    for the same debtor, each with a due date of its own. Each instalment is a debt of its own, its
    reference the invoice's and its due date together ("001471-U (01/10/2014)"), said. Each debtor's
    rows are read on their own (the reference written once for another debtor stays its own); rows
    with a due date written twice are left as they are (repeats the validation reports)."""
    from getbill_import.mapping.layout import repeated_references
    from getbill_import.mapping.values import lists_items

    keyed = _reference_due_and_name(read, mapping, or_issued=True)
    if keyed is None or lists_items(read.frame.columns, settings.mappings_dir):
        # a row per line item: one invoice's rows with two due dates are a mistake to report
        return
    reference, due, ref, when, name = keyed
    instalments = due == mapping.field_columns().get("due_date")
    # the repeated references first (read already for the series, unless they changed it); the rest
    # on those rows only
    if repeated is None:
        repeated = repeated_references(read.frame, reference)
    if not repeated.any():
        return
    amount = mapping.field_columns().get("amount")
    if not instalments and amount not in read.frame.columns:
        return
    from getbill_import.mapping.columns import plain_number

    # dated by their issue alone, the rows are charges of their own when each owes something (a credit
    # note numbered in its own series beside an invoice of that number is no charge again)
    # (a payment of the invoice, a row a document kind calls one, is no instalment: Koinor's "AB" beside its "FC")
    credits = _credit_kinds(read, mapping, settings) if instalments else None
    owing = (pl.lit(True) if credits is None else pl.lit(~credits[1].filter(repeated))) if instalments else (
        plain_number(pl.col(str(amount))) > 0).fill_null(False)
    rows = read.frame.filter(repeated).select(LINE, ref.alias("ref"), when.alias("due"), name.alias("name"), owing.alias("owing"))
    # (each debtor's rows of the reference read on their own: a number written once for another debtor
    # beside them is that debtor's, told apart from theirs once they are dated)
    own = ("ref", "name")
    parts = rows.filter(
        pl.col("name").is_not_null() & (pl.len().over(own) > 1)
        & pl.col("due").is_not_null().all().over(own) & (pl.col("due").n_unique().over(own) == pl.len().over(own))
        & pl.col("owing").all().over(own)
    )
    if not parts.height:
        return
    split = read.frame.get_column(LINE).is_in(parts[LINE].implode()).arg_true()
    example = _rewrite_references(read, reference, split, pl.format("{} ({})", ref, when))[0]
    if instalments:
        read.source.notices.append(
            f"reference: {parts['ref'].n_unique():,} invoice(s) are written on several rows, one per instalment, for the "
            f"same debtor and each with a due date of its own in '{due}' ({_said_rows(parts[LINE])}): each instalment is "
            f"a debt of its own, its reference the invoice's and its due date together ('{example}')."
        )
        return
    # no due date: a number written again on other days (a cheque returned unpaid, charged each time)
    read.source.notices.append(
        f"reference: {parts['ref'].n_unique():,} number(s) are written on several rows for the same debtor, each row "
        f"dated a day of its own in '{due}' ({_said_rows(parts[LINE])}): each row is a debt of its own, its reference "
        f"the number and its date together ('{example}')."
    )


#: a header numbered 1 or 2 ("Name 1", "NAME2"): its stem and its number
_FIRST_OR_SECOND = re.compile(r"^(.*?\D)\s*([12])$")


def _name_continued(read: ReadResult, mapping: MappingResult) -> None:
    """A debtor's name written over two columns ("Name 1" and "Name 2", as SAP's and DATEV's customer
    records write a long one: "SteriScience Specialities" and "Private Limited"): the second, left
    unmapped, is added to the first where it is written and is not the first again, said."""
    name = mapping.field_columns().get("debtor.name")
    first = _FIRST_OR_SECOND.match(name.strip()) if name in read.frame.columns else None
    # (the names a file without a header row gets, "Column 1" and "Column 2", number places alone)
    if name is None or first is None or first.group(2) != "1" or re.fullmatch(r"Column \d+", name):
        return
    stem = first.group(1).strip().casefold()
    unmapped = {c.column for c in mapping.columns if c.field is None}
    second = next((c for c in read.frame.columns if c in unmapped and (m := _FIRST_OR_SECOND.match(c.strip())) is not None
                   and m.group(2) == "2" and m.group(1).strip().casefold() == stem), None)
    if second is None:
        return
    one, two = (pl.col(c).cast(pl.String).str.strip_chars() for c in (name, second))
    added = (two.replace("", None).is_not_null() & one.replace("", None).is_not_null() & (two != one)).fill_null(False)
    rows = read.frame.filter(added)
    if not rows.height:
        return
    read.frame = read.frame.with_columns(pl.when(added).then(pl.format("{} {}", one, two)).otherwise(pl.col(name)).alias(name))
    example = read.frame.filter(added).get_column(name)[0]
    read.source.notices.append(
        f"'{second}' continues the debtor's name of '{name}' on {rows.height:,} row(s) ({_said_rows(rows[LINE])}): it is "
        f"added to it ('{example}')."
    )


def _rewrite_references(read: ReadResult, reference: str, at: pl.Series, key: pl.Expr) -> pl.Series:
    """The reference of the rows at positions ``at`` rewritten as ``key`` (an expression over the
    frame), computed on those rows alone; the keys written."""
    keys = read.frame[at].select(key).to_series()
    read.frame = read.frame.with_columns(read.frame.get_column(reference).cast(pl.String).scatter(at, keys))
    return keys


#: the share of the rows, and how many references at least, written for several debtors once each,
#: for a numbering to start again per series or per debtor rather than to hold mistakes
SHARED_REFERENCES_SHARE = 0.1
SHARED_REFERENCES_MIN = 3
#: the debtors one reference must be written for, once each, to be a placeholder of their debts (a
#: charge's code, "8X500", written for each debtor charged; two may be one number mistyped)
CROWDED_REFERENCE = 3


def _references_of_several_debtors(read: ReadResult, mapping: MappingResult, repeated: pl.Series | None) -> pl.Series | None:
    """A numbering that starts again per series or per debtor (Tally's bills of several series, a
    factor's operation number written on each of its debtors' cheques) writes one reference for
    several debtors, once each. When a tenth of the rows at least are so, or most of the rows whose
    reference repeats when those are a tenth (three references at least), each of those debts is
    named by its reference and its debtor ("1024 (Acme Ltd)"), said; a reference written twice for
    one debtor stays a duplicate to report. Returns the rows whose
    reference still repeats (``repeated`` without those renamed)."""
    from getbill_import.mapping.layout import repeated_references

    reference = mapping.field_columns().get("reference")
    names, name, key = _debtor_key(read, mapping)
    if reference not in read.frame.columns or not names or mapping.ledger is not None or not read.frame.height:
        return repeated
    assert reference is not None
    if repeated is None:
        repeated = repeated_references(read.frame, reference)
    if not repeated.any():
        return repeated
    ref = pl.col(reference).cast(pl.String).str.strip_chars()
    # (a row without a name, a line item under its invoice, names no debtor of its own)
    rows = read.frame.filter(repeated).select(LINE, ref.alias("ref"), key.replace("", None).alias("key"), name.alias("name"))
    shared = rows.filter(
        pl.col("key").is_not_null().all().over("ref") & (pl.col("key").n_unique().over("ref") == pl.len().over("ref"))
    )
    # those of several debtors are a tenth of the rows, or most of the repeated ones (a distributor's
    # bills numbered again each year, some charges written twice for one debtor beside them)
    few = int(repeated.sum()) < SHARED_REFERENCES_SHARE * read.frame.height or (
        shared.height < SHARED_REFERENCES_SHARE * read.frame.height and 2 * shared.height < int(repeated.sum())
    )
    again = "per series or per debtor"
    # one reference written for many debtors ("CO->CO-0000001": an aging report's opening balances; a
    # charge's code, "8X500") is a placeholder of a debt per debtor, however few the references, and
    # though a debtor writes it twice (each then told apart by its date, if it can be)
    # (a word written for several debtors, no digit in it, is no number: a referral's source, a category)
    crowded = rows.filter(pl.col("key").is_not_null().all().over("ref")
                          & (pl.col("key").n_unique().over("ref") >= CROWDED_REFERENCE)
                          & pl.col("ref").str.contains(r"\d").fill_null(False))
    if few or shared["ref"].n_unique() < SHARED_REFERENCES_MIN:
        # however few, a number written once a year for each of several debtors is numbered again
        # each year (SAP's documents per company code and fiscal year, an Indian distributor's bills
        # each April), no mistake; so is a placeholder written for many debtors, beside them
        yearly = _yearly(read, mapping, shared.filter(~pl.col(LINE).is_in(crowded[LINE].implode())))
        said = [said for said, rows in (
            ("for each debtor (one reference written for many debtors, as for their opening balances)", crowded),
            ("each year", yearly)) if rows.height]
        if not said:
            return repeated
        shared, again = pl.concat([crowded, yearly]).sort(LINE), " or ".join(said)
    else:
        shared = pl.concat([shared, crowded]).unique(LINE).sort(LINE)
    renamed = read.frame.get_column(LINE).is_in(shared[LINE].implode())
    once = shared.select((pl.col("key").n_unique().over("ref") == pl.len().over("ref")).all()).item()
    each = ", once for each" if once else ""
    keys = _rewrite_references(read, reference, renamed.arg_true(), pl.format("{} ({})", ref, name))
    read.source.notices.append(
        f"reference: {shared['ref'].n_unique():,} reference(s) are written for several debtors{each} "
        f"({_said_rows(shared[LINE])}): the numbering starts again {again}, and each of those debts "
        f"is named by its reference and its debtor ('{keys[0]}')."
    )
    # (a debtor writing a placeholder twice still repeats it)
    return (repeated & ~renamed) | (renamed & repeated_references(read.frame, reference))


def _yearly(read: ReadResult, mapping: MappingResult, shared: pl.DataFrame) -> pl.DataFrame:
    """Of ``shared`` (LINE, "ref": rows of a reference written once for each of several debtors),
    those whose reference's rows are each issued in a year of its own (calendar or fiscal)."""
    from getbill_import.validate.dates import read_dates

    issue = mapping.field_columns().get("issue_date")
    if issue not in read.frame.columns or not shared.height:
        return shared.clear()
    at = read.frame.get_column(LINE).is_in(shared[LINE].implode())
    dates = read_dates(read.frame.get_column(issue).filter(at))[0]
    # the calendar's year, or the fiscal year from April (India's, the United Kingdom's, Japan's)
    years = pl.DataFrame({LINE: read.frame.get_column(LINE).filter(at), "year": dates.dt.year(),
                          "fiscal": dates.dt.offset_by("-3mo").dt.year()})
    apart = [pl.col(y).is_not_null().all().over("ref") & (pl.col(y).n_unique().over("ref") == pl.len().over("ref"))
             for y in ("year", "fiscal")]
    # a number naming the year one of its rows is issued in ("F-2023-0000011") is numbered within that
    # year, not again each year: written in another year too, it is one number written twice
    # (its runs of digits, each compared with the year: no pattern built per row)
    runs = pl.col("ref").str.extract_all(r"\d+")
    dated = runs.list.contains(pl.col("year").cast(pl.String)).fill_null(False).any().over("ref")
    return shared.join(years, on=LINE).filter((apart[0] | apart[1]) & ~dated).drop("year", "fiscal")


#: the share of rows a reference column must number for its blank rows to be keyed by their debtor
BLANK_REFERENCES_KEYED = 0.5
#: the share of rows blank references must be, and how many at least, to be a kind of debt billed
#: without a number rather than a number forgotten (a row's own mistake, rejected)
BLANK_REFERENCES_KIND = 0.1
BLANK_REFERENCES_MIN = 3


def _exclude_copies(read: ReadResult, mapping: MappingResult, repeated: pl.Series) -> bool:
    """A row written again further down, the same in every column (lists put end to end, an export
    run twice into one file, a block of an invoice's lines pasted again): the later copies leave the
    data, said, and the first stays a debt, where both were rejected for a reference written twice.
    Rows without a reference are no copies of anything, nor are rows alike among the rows of their
    own reference written together (an invoice's lines of one price). ``repeated``: the
    rows whose reference is written twice (``_repeated``). Whether any was left out."""
    reference = mapping.field_columns().get("reference")
    # a copy's reference is written twice: the whole rows are compared on those rows alone
    if reference not in read.frame.columns or read.frame.height < 2 or not repeated.any():
        return False
    from getbill_import.mapping.values import counts_rows

    # (a column counting the rows, a data frame's index written first, tells no copy apart)
    counting = {c: counts_rows(read.frame.get_column(c)) for c in read.frame.columns if c != LINE}
    counters = [c for c, counts in counting.items() if counts]
    columns = [c for c, counts in counting.items() if not counts]
    # a row alike a row among others of its reference, beside them, is a line of an invoice written line
    # by line (two lines of one price are two lines), not a copy; one alike a row written apart from it
    # (a block of an invoice's lines written again further down) is (read on the rows written twice alone)
    at = repeated.arg_true()
    # a row's copy is written with its reference and its amount: the rows whose pair is written
    # once are no copies (most rows of a reference written twice), and are not compared whole
    pair = [c for c in (reference, mapping.field_columns().get("amount")) if c in columns]
    if len(pair) == 2:
        at = at.filter(read.frame.select(pair)[at].is_duplicated())
        if not at.len():
            return False
    r = read.frame.select(pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)).to_series()
    at = at.filter(r.gather(at).is_not_null())
    run = (r != r.shift(1)).fill_null(True).cum_sum().gather(at)
    copies = read.frame[at].with_columns(run.alias("__run__"))
    copies = copies.filter(pl.col("__run__") != pl.col("__run__").first().over(pl.struct(columns))).drop("__run__")
    if not copies.height:
        return False
    _leave_out_copies(read, copies[LINE], counters)
    return True


def _leave_out_copies(read: ReadResult, lines: pl.Series, counters: Sequence[str] = ()) -> None:
    """The rows of ``lines``, each a copy of a row above it, leave the data, said."""
    _leave_out(read, lines, "copy")
    read.source.notices.append(
        f"{lines.len():,} row(s) left out as copies of a row above them, the same in every column"
        + (f" but {' and '.join(repr(c) for c in counters)}, which count{'s' if len(counters) == 1 else ''} the rows"
           if counters else "")
        + f" ({_said_rows(lines)}): each debt is imported once."
    )


def _exclude_whole_copies(read: ReadResult) -> None:
    """In a list of balances named by their debtors, a row the same in every column as a row above it
    (an export run twice into one file, a row pasted again) leaves the data, said: its debtor is then
    on one row, as each debtor of such a list is."""
    columns = [c for c in read.frame.columns if c != LINE and not c.startswith("__")]
    if read.frame.height < 2 or not columns:
        return
    copies = read.frame.get_column(LINE).filter(read.frame.select(columns).is_duplicated()
                                                & ~read.frame.select(pl.struct(columns).is_first_distinct()).to_series())
    if copies.len():
        _leave_out_copies(read, copies)


def _blank_references_by_another_number(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """Rows whose reference is blank, where another number of the document is written: a column
    that read as the reference too but lost it ("WO #" beside "Invoice #": a work order not yet
    invoiced), written on each of those rows and each row's own across the file. Each such debt is
    named by that number and its header ("WO # 1188"), the same from one export to the next, said,
    where it was rejected for its missing reference."""
    reference = mapping.field_columns().get("reference")
    if reference not in read.frame.columns or not read.frame.height or mapping.ledger is not None:
        return
    assert reference is not None
    ref = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    blank = read.frame.select(ref.is_null()).to_series()
    if not blank.any() or blank.all():
        return
    for column, _ in mapping.runners_up(reference, "reference", settings.mappings_dir):
        other = pl.col(column).cast(pl.String).str.strip_chars().replace("", None)
        written = read.frame.select(other.alias("o")).to_series()
        if written.filter(blank).null_count() or not bool(written.drop_nulls().is_unique().all()):
            continue
        at = blank.arg_true()
        keys = _rewrite_references(read, reference, at, pl.format("{} {}", pl.lit(column), other))
        rows = read.frame.get_column(LINE).gather(at)
        read.source.notices.append(
            f"reference: '{reference}' is blank on {rows.len():,} row(s) ({_said_rows(rows)}): each of those debts is "
            f"named by its number in '{column}', written on each row of its own, '{keys[0]}'."
        )
        return


def _blank_references_by_debtor(read: ReadResult, mapping: MappingResult) -> None:
    """A list whose reference is blank on some rows only (a month's service charge billed without
    a document number beside numbered invoices): each such debt is its debtor's of its due date,
    "Condominio Sul (2024-05-25)", stable from one export to the next, said. Not when the column
    is blank on most rows (it may be no reference at all) or on a few (a number forgotten: the
    row's mistake; fewer than three rows, or a tenth), nor on a row without a name or a due date
    (rejected for the missing reference, as before)."""
    keyed = _reference_due_and_name(read, mapping)
    if keyed is None:
        return
    reference, _, ref, when, name = keyed
    # the share of blank references first, on the reference alone (a column its header names the invoice's
    # number, "Numero da Nota Fiscal", is one on fewer rows: the others billed without a tax invoice)
    named = any(c.column == reference and c.role == "invoice number" and c.status == "mapped" for c in mapping.columns)
    numbered = read.frame.select(ref.is_not_null().mean()).item()
    if numbered < (BLANK_REFERENCES_KIND if named else BLANK_REFERENCES_KEYED) or 1 - numbered < BLANK_REFERENCES_KIND:
        return
    blank = ref.is_null() & when.is_not_null() & name.is_not_null()
    share, count = read.frame.select(blank.mean().alias("share"), blank.sum().alias("count")).row(0)
    if share < BLANK_REFERENCES_KIND or count < BLANK_REFERENCES_MIN:
        return
    at = read.frame.select(blank).to_series().arg_true()
    rows = read.frame.get_column(LINE).gather(at)
    key = pl.format("{} ({})", name, when)
    # two debts of one debtor due the same day, issued on different days, are told apart by their issue date
    issued = mapping.field_columns().get("issue_date")
    dated = ""
    if issued in read.frame.columns:
        issue = pl.col(issued).cast(pl.String).str.strip_chars().replace("", None)
        apart = read.frame[at].select(name.alias("n"), when.alias("w"), issue.alias("i")).select(
            (pl.len().over("n", "w") > 1) & (pl.col("i").n_unique().over("n", "w") > 1) & pl.col("i").is_not_null()
        ).to_series()
        if apart.any():
            key = pl.when(pl.lit(apart)).then(pl.format("{} ({}, issued {})", name, when, issue)).otherwise(key)
            dated = (f"; {int(apart.sum()):,} of them, of one debtor due the same day, are told apart by their issue "
                     f"date ('{issued}')")
    # ... and by their amounts as billed, when those differ (two fees of one client due the same day); not
    # by a balance, which a part payment changes from one export to the next
    from getbill_import.mapping.layout import BALANCE_ROLES

    amount = mapping.field_columns().get("amount")
    if amount in read.frame.columns and not any(c.column == amount and c.role in BALANCE_ROLES for c in mapping.columns):
        written = pl.col(amount).cast(pl.String).str.strip_chars().replace("", None)
        issue_of = pl.col(issued).cast(pl.String).str.strip_chars() if issued in read.frame.columns else pl.lit("")
        apart = read.frame[at].select(name.alias("n"), when.alias("w"), issue_of.fill_null("").alias("i"),
                                      written.alias("a")).select(
            (pl.len().over("n", "w", "i") > 1) & (pl.col("a").n_unique().over("n", "w", "i") > 1) & pl.col("a").is_not_null()
        ).to_series()
        if apart.any():
            key = pl.when(pl.lit(apart)).then(pl.format("{} ({}, {})", name, when, written)).otherwise(key)
            dated += (f"; {int(apart.sum()):,} of them, of one debtor due the same day, are told apart by their amount "
                      f"('{amount}')")
    example = _rewrite_references(read, reference, at, key)[0]
    read.source.notices.append(
        f"reference: '{reference}' is blank on {rows.len():,} row(s) ({_said_rows(rows)}): each of those debts is "
        f"named by its debtor and its due date, '{example}', the same from one export to the next{dated}. To reject "
        "them instead, export their document numbers."
    )


def _receipts_of_a_ledger(read: ReadResult, mapping: MappingResult) -> None:
    """In a ledger (a column of the file is a running balance), a row without a reference whose
    text names one invoice of the file ("Receipt Invoice No RTS-2025-07") is that invoice's
    receipt: its amount is taken off the invoice's, as a posting netted in the validation (an
    invoice paid in full leaves). A receipt that names several invoices and pays their sum pays
    each in full (``read.receipts_paid``); one that pays another sum is left as it is, said."""
    from getbill_import.mapping.columns import RUNNING_SAID, plain_number

    fields = mapping.field_columns()
    reference, amount = fields.get("reference"), fields.get("amount")
    if (reference not in read.frame.columns or amount not in read.frame.columns
            or not any(c.reason.startswith(RUNNING_SAID) for c in mapping.columns)
            or (read.invoice_lines is not None and read.invoice_lines.height)):
        return
    refs = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    invoices = read.frame.select(LINE, refs.alias("ref")).filter(pl.col("ref").is_not_null() & (pl.len().over("ref") == 1))
    texts = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    if not invoices.height or not texts:
        return
    text = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in texts], separator=" ")
    written = pl.col(amount).cast(pl.String).str.contains(r"[1-9]").fill_null(False)
    named = _named_references(read.frame.filter(refs.is_null() & written), text, invoices["ref"])
    if not named.height:
        return
    named = named.with_columns(pl.len().over(LINE).alias("n"), pl.len().over("ref").alias("by"))
    single = named.filter(pl.col("n") == 1).join(invoices.rename({LINE: INVOICE}), on="ref").sort(LINE)
    # a receipt of several invoices, each named by it alone, that pays their sum to the cent
    amounts = read.frame.select(LINE, plain_number(pl.col(amount)).abs().alias("v"))
    several = named.filter(pl.col("n") > 1).join(invoices.rename({LINE: INVOICE}), on="ref") \
        .join(amounts, left_on=INVOICE, right_on=LINE, how="left") \
        .join(amounts.rename({"v": "paid"}), on=LINE, how="left")
    full = several.filter(
        ((pl.col("v").sum().over(LINE) - pl.col("paid")).abs() <= 0.01) & (pl.col("by") == 1).all().over(LINE)
        & pl.col("v").is_not_null().all().over(LINE)
    ).sort(LINE, INVOICE)
    unpaid = several.filter(~pl.col(LINE).is_in(full[LINE].implode()))[LINE].n_unique()
    if not single.height and not full.height:
        return
    said = []
    if single.height:
        read.invoice_lines = single.select(
            pl.col(LINE).cast(pl.Int64), pl.col(INVOICE).cast(pl.Int64), pl.lit(-1, pl.Int64).alias(SIGN)
        )
        said.append(f"{single.height:,} row(s) without a reference name an invoice of this ledger (row "
                    f"{single[LINE][0]} names the invoice of row {single[INVOICE][0]}): each is a receipt of that "
                    "invoice, taken off its amount")
    if full.height:
        read.receipts_paid = full.select(pl.col(LINE).cast(pl.Int64), pl.col(INVOICE).cast(pl.Int64))
        first = full.filter(pl.col(LINE) == full[LINE][0])[INVOICE].to_list()
        said.append(f"{full[LINE].n_unique():,} row(s) without a reference name several invoices of this ledger and "
                    f"pay their sum (row {full[LINE][0]} pays the invoices of rows {_line_list(first)}): those "
                    f"{full.height:,} invoices are paid in full")
    if unpaid:
        said.append(f"{unpaid:,} name several invoices and are taken off none (what each paid is not written)")
    read.source.notices.append("; ".join(said) + ".")


def _named_references(rows: pl.DataFrame, text: pl.Expr, references: pl.Series) -> pl.DataFrame:
    """The references of ``references`` each row's ``text`` names (LINE, "ref"), each kept when it
    stands as a word of its own: "A-1" inside "A-10" names nothing."""
    # the longest references first: "A-10" is found whole, not as "A-1"
    known = sorted(references.unique().to_list(), key=len, reverse=True)
    found = rows.select(LINE, text.alias("text")).with_columns(
        pl.col("text").str.extract_many(known, leftmost=True).list.unique().alias("named")
    ).filter(pl.col("named").list.len() > 0)
    alone = pl.concat_str(pl.lit("(?:^|[^0-9A-Za-z])"), pl.col("ref").str.escape_regex(), pl.lit("(?:$|[^0-9A-Za-z])"))
    return found.explode("named").rename({"named": "ref"}).filter(
        pl.col("text").str.contains(alone)
    ).unique([LINE, "ref"]).select(LINE, "ref")


def _credit_notes_of_invoices(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A credit note (a row of negative amount) whose words name one invoice of the file, of the
    same debtor ("avoir annulant la facture n°111"), or that invoice's words naming it ("facture
    annulée par l'avoir n°115"), is taken off that invoice: an invoice credited in full leaves with
    its credit note, one credited in part is owed the rest; said. Only the credit notes as large as
    their invoice or less are taken off, each paired with one invoice and each invoice with one."""
    from getbill_import.mapping.layout import NAME_FIELDS

    fields = mapping.field_columns()
    reference, amount = fields.get("reference"), fields.get("amount")
    if (reference not in read.frame.columns or amount not in read.frame.columns
            or (read.invoice_lines is not None and read.invoice_lines.height)):
        return
    texts = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    if not texts:
        return
    options = validation_options(settings)
    raw = pl.col(reference).cast(pl.String)
    refs = raw.str.strip_chars().replace("", None)
    names = [c for f, c in fields.items() if f in NAME_FIELDS and c in read.frame.columns]
    name = (pl.coalesce([pl.col(c).cast(pl.String).str.strip_chars().str.to_lowercase().replace("", None) for c in names])
            if names else pl.lit(None, pl.String))
    # a credit is written with a minus or in parentheses: only those rows are read first, and
    # the few rows they lead to after them (a file of a million rows is not read again whole)
    written = pl.col(amount).cast(pl.String)
    signed = written.str.strip_chars().str.contains(BELOW_ZERO)
    # the rows holding one of those signs (a literal search), then the sign's place on them alone
    maybe = read.frame.filter(written.str.contains_any(["-", "(", ")", "−", "–"]).fill_null(False))
    maybe = maybe.filter(signed.fill_null(False))
    if not maybe.height or maybe.height == read.frame.height:
        return

    def valued(rows: pl.DataFrame) -> pl.DataFrame:
        values, _ = _column_amounts(rows, amount, options)
        return rows.select(LINE, refs.alias("ref"), name.alias("name"), raw.alias("raw")).with_columns(
            values.cast(pl.Float64).alias("v")
        ).filter(pl.col("v").is_not_null() & pl.col("ref").is_not_null())

    credits = valued(maybe).filter(pl.col("v") < 0)
    if not credits.height:
        return
    # words only: a cell of digits alone (an amount, an id) names no invoice
    cells = [pl.when(pl.col(c).cast(pl.String).str.contains(r"[^\W\d_]")).then(pl.col(c).cast(pl.String)).otherwise(pl.lit(""))
             for c in texts]
    text = pl.concat_str(cells, separator=" ")
    # a credit note's words naming an invoice: its words that are references of the file
    credit_rows = maybe.filter(pl.col(LINE).is_in(credits[LINE].implode()))
    words = credit_rows.select(
        LINE, text.str.extract_all(r"[0-9A-Za-z](?:[0-9A-Za-z/._\-]*[0-9A-Za-z])?").alias("ref")
    ).explode("ref").drop_nulls()
    # an invoice's words naming a credit note: among the rows of the credit notes' debtors (their
    # names as written), those holding a credit note's reference first
    theirs = pl.any_horizontal(
        [pl.col(c).is_in(credit_rows[c].drop_nulls().implode()) for c in names]
    ) if names else pl.lit(True)
    holding = pl.any_horizontal([pl.col(c).cast(pl.String).str.contains_any(credits["ref"].to_list()).fill_null(False)
                                 for c in texts])
    # both read in one pass: the rows of those debtors are most of a large file, and few hold a reference
    naming = _named_references(read.frame.filter(theirs & holding), text, credits["ref"])
    # the rows those references are written on, each kept when its reference is written once
    wanted = pl.concat([words["ref"], naming["ref"], credits["raw"]]).unique()
    holders = read.frame.filter(raw.is_in(wanted.implode()) | refs.is_in(wanted.implode())
                                | pl.col(LINE).is_in(naming[LINE].implode()))
    rows = valued(holders)
    # a reference written twice in the file is no invoice of its own
    twice = read.frame.filter(raw.is_in(rows["raw"].implode())).group_by(raw.alias("raw")).len().filter(pl.col("len") > 1)
    rows = rows.filter(~pl.col("raw").is_in(twice["raw"].implode()))
    named = pl.concat([words.select(LINE, "ref"), naming]).unique([LINE, "ref"])
    named = named.join(rows.select(LINE, pl.col("ref").alias("own")), on=LINE).filter(pl.col("ref") != pl.col("own"))
    if not named.height:
        return
    other = rows.select(pl.col(LINE).alias("to"), "ref", pl.col("v").alias("to_v"), pl.col("name").alias("to_name"))
    pairs = named.join(other, on="ref").join(rows.select(LINE, "v", "name"), on=LINE).filter(
        (pl.col("v") < 0) != (pl.col("to_v") < 0)
    ).select(
        pl.when(pl.col("v") < 0).then(pl.col(LINE)).otherwise(pl.col("to")).alias(LINE),
        pl.when(pl.col("v") < 0).then(pl.col("to")).otherwise(pl.col(LINE)).alias(INVOICE),
        pl.when(pl.col("v") < 0).then(pl.col("v")).otherwise(pl.col("to_v")).alias("credit"),
        pl.when(pl.col("v") < 0).then(pl.col("to_v")).otherwise(pl.col("v")).alias("owed"),
        (pl.col("name").is_null() | pl.col("to_name").is_null() | (pl.col("name") == pl.col("to_name"))).alias("same"),
    ).unique([LINE, INVOICE])
    pairs = pairs.filter(
        pl.col("same") & (pl.col("credit").abs() <= pl.col("owed") + 0.01)
        & (pl.len().over(LINE) == 1) & (pl.len().over(INVOICE) == 1)
    ).sort(INVOICE)
    if not pairs.height:
        return
    full = pairs.filter((pl.col("credit") + pl.col("owed")).abs() <= 0.01)
    part = pairs.filter(~pl.col(LINE).is_in(full[LINE].implode()))
    said = []
    if full.height:
        _leave_out(read, pl.concat([full[LINE], full[INVOICE]]).sort(), "credited")
        said.append(f"{full.height:,} credit note(s) cancel an invoice of the file in full (row {full[LINE][0]} "
                    f"credits the invoice of row {full[INVOICE][0]}, naming it or named by it): both are left out")
    if part.height:
        read.invoice_lines = part.select(pl.col(LINE).cast(pl.Int64), pl.col(INVOICE).cast(pl.Int64), pl.lit(1, pl.Int64).alias(SIGN))
        said.append(f"{part.height:,} credit note(s) take part of an invoice of the file off (row {part[LINE][0]} "
                    f"credits the invoice of row {part[INVOICE][0]}): the rest is owed")
    read.source.notices.append("; ".join(said) + ".")


def _exclude_item_rows(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """Rows that only continue the invoice above them (line items) leave the data, said like the
    other excluded rows."""
    from getbill_import.mapping.layout import item_lines, unit_price_quantity
    from getbill_import.read import ExcludedLine, exclusion_notices

    credits = _credit_kinds(read, mapping, settings)
    found = item_lines(read.frame, mapping, unit_price_quantity(read.frame, mapping, read.headers, settings.mappings_dir),
                       credits[0] if credits is not None else None, _credit_beside_the_debit(read, mapping, settings))
    if found.lines.height:
        read.invoice_lines = found.lines
    if not found.excluded:
        return
    _keep_rows(read, ~read.frame.get_column(LINE).is_in([line for line, _ in found.excluded]))
    items = [ExcludedLine(line, kind) for line, kind in found.excluded]
    read.source.excluded_lines = sorted([*read.source.excluded_lines, *items], key=lambda e: e.line)
    read.source.notices.extend(exclusion_notices(items))


class CreditDocuments(NamedTuple):
    """The rows a column of document kinds says are credits though written positive, the column,
    and a few of its kinds as written."""

    lines: pl.Series
    column: str
    kinds: str


#: an amount written negative: a minus (or its Unicode sign) before it, brackets around it, a minus after it
_WRITTEN_NEGATIVE = r"^[-(\u2212]|-$"


def _credit_documents(read: ReadResult, mapping: MappingResult, settings: Settings) -> CreditDocuments | None:
    """The rows a column of document kinds says are credit notes, payments, advances or refunds
    (``credit_documents``: TOTVS's "RA", QuickBooks' "Check", Koinor's "AB"), written with an amount
    that is not negative, are credits: their amounts are read negative, for the debtor's invoices to
    be netted with them (``_net_credits_by_debtor``); those left are no debts
    (``_leave_credit_documents``). Those written negative are credits already."""

    amount = mapping.field_columns().get("amount")
    if amount not in read.frame.columns or mapping.ledger is not None or not read.frame.height:
        return None
    credits = _credit_kinds(read, mapping, settings)
    if credits is None:
        return None
    column, credit = credits
    written = pl.col(amount).cast(pl.String).str.strip_chars()
    negative = read.frame.select(written.str.contains(_WRITTEN_NEGATIVE).fill_null(False)).to_series()
    rows = credit & ~negative
    if not rows.any():
        return None
    kinds = ", ".join(repr(v) for v in read.frame.filter(rows).get_column(column).cast(pl.String).str.strip_chars()
                      .unique(maintain_order=True).head(4).to_list())
    lines = read.frame.filter(rows)[LINE]
    read.frame = read.frame.with_columns(
        pl.when(rows & (written != "")).then(pl.lit("-") + written).otherwise(pl.col(amount)).alias(amount))
    return CreditDocuments(lines, column, kinds)


def _leave_credit_documents(
    read: ReadResult, validation: ValidationResult, credits: CreditDocuments | None, netted_lines: pl.Series,
) -> None:
    """The credits of a document kind (``_credit_documents``) that no invoice of their debtor took
    off leave the data, said with those netted (``netted_lines``: the rows netting took away): no
    debts, though their amounts were written as owed."""
    if credits is None:
        return
    rest = validation.cases.filter(pl.col(LINE).is_in(credits.lines.implode()))[LINE]
    validation.cases = validation.cases.filter(~pl.col(LINE).is_in(rest.implode()))
    validation.problems = validation.problems.filter(~pl.col("line").is_in(rest.implode()))
    _leave_out(read, rest, "credit")
    netted = int(credits.lines.is_in(netted_lines.implode()).sum())
    earlier = credits.lines.len() - netted - rest.len()
    parts = [(netted, "taken off their debtor's invoices"),
             (rest.len(), f"left out, no invoice of their debtor here taking them ({_said_rows(rest)})"),
             (earlier, "left out before, as said above")]
    written = [(n, what) for n, what in parts if n]
    said = (f"they are {written[0][1]}" if len(written) == 1
            else ", ".join(f"{n:,} are {what}" for n, what in written))
    read.source.notices.append(
        f"{credits.lines.len():,} row(s) are credits by their kind in '{credits.column}' ({credits.kinds}: a credit "
        f"note, a payment, an advance or a refund, not an invoice), though their amounts are written as owed: {said}."
    )


def _exclude_payables_groups(read: ReadResult, settings: Settings) -> None:
    """The rows of a report's groups whose label names purchases or payables ("Purchase" under a
    register's "Sales": its suppliers' bills) leave the data, said: no debts to collect."""
    from getbill_import.mapping.values import sheet_holds

    labels = read.group_labels
    if labels is None or labels.name == "debtor" or not read.frame.height:
        return
    named = [v for v in labels.drop_nulls().unique(maintain_order=True).to_list()
             if sheet_holds(str(v), settings.mappings_dir, documents=False, not_due=False) < 0]
    if not named:
        return
    rows = read.frame.filter(labels.is_in(named).fill_null(False))
    _leave_out(read, rows[LINE], "payable")
    shown = ", ".join(repr(v) for v in named[:3])
    read.source.notices.append(
        f"{rows.height:,} row(s) left out because their group's label ({shown}) names purchases or payables: what is "
        f"owed to suppliers, no debt to collect ({_said_rows(rows[LINE])})."
    )


def _refuse_supplier_ledger(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A ledger whose voucher types name purchases and, beside them, only payments, notes and
    journals ("Vch Type": Purchase, Payment, Debit Note) is a supplier's account in the company's
    books, refused: its payments and notes are no debts of anyone to the company."""
    from getbill_import.mapping.values import supplier_ledger_kinds

    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns or col.column in mapping.set_by_hand:
            continue
        kinds = supplier_ledger_kinds(read.frame.get_column(col.column), col.column, settings.mappings_dir)
        if kinds:
            raise MappingError(
                f"{Path(read.source.path).name} lists no debts: it is a supplier's account in your books. Its vouchers "
                f"('{col.column}': {', '.join(repr(k) for k in kinds)}) are purchases from the supplier and what was "
                "paid or noted against them, with no sale: what your company owes, not what is owed to it. Export "
                "your customers' open invoices or their ledgers instead.",
                code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))


def _exclude_by_kind(read: ReadResult, mapping: MappingResult, settings: Settings) -> pl.DataFrame:
    """The rows a type column says are payables beside receivables ("Transaction_Type": AP beside
    AR, "Supplier" beside "Customer"), or cash sales beside sales on credit ("Bill Type": Cash beside
    Credit, paid at the counter), leave the data, said: no debts to collect. Returns the cash sales
    left out (``LEFT_OUT``: paid)."""
    from getbill_import.mapping.values import cash_sale_rows, non_invoice_rows, payable_rows

    left = pl.DataFrame(schema=LEFT_OUT)
    _refuse_supplier_ledger(read, mapping, settings)
    _exclude_payables_groups(read, settings)
    for find, reason, what in (
        (payable_rows, "payable", "payables ({}): what is owed to suppliers"),
        (cash_sale_rows, "closed", "cash sales ({}): paid at the counter"),
        (non_invoice_rows, "document", "documents that are no invoices ({}): quotes, orders, deliveries, purchases"),
    ):
        for col in mapping.columns:
            if not read.frame.height:
                return left
            if col.status != "unmapped" or col.column not in read.frame.columns or col.column in mapping.set_by_hand:
                continue
            found = find(read.frame.get_column(col.column), col.column, settings.mappings_dir)
            if found is None:
                continue
            rows = read.frame.filter(found)
            kinds = ", ".join(repr(v) for v in rows.get_column(col.column).cast(pl.String).str.strip_chars()
                              .unique(maintain_order=True).head(3).to_list())
            if reason == "payable" and rows.height == read.frame.height:
                # every row a supplier's bill (NetSuite's "VendBill"): no column a case needs is asked for
                raise MappingError(
                    f"{Path(read.source.path).name} cannot be imported as debts: every row of it ({rows.height:,}) is a "
                    f"supplier's bill or another payable ('{col.column}' says {kinds}), what your company owes, not what "
                    "is owed to it. Export your customers' open invoices instead.",
                    code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))
            _leave_out(read, rows[LINE], reason)
            read.source.notices.append(
                f"{rows.height:,} row(s) left out because '{col.column}' says they are {what.format(kinds)}, no debt to "
                f"collect ({_said_rows(rows[LINE])}). To import them all the same, set that column aside "
                f"(--set '{col.column}=ignore')."
            )
            if reason == "closed":
                left = _left_out(rows[LINE], "paid", f"'{col.column}' says a cash sale")
            break
    return left


def _say_paid_in_part(read: ReadResult, mapping: MappingResult, kept: pl.Series) -> None:
    """Said of the rows whose status says paid but whose amount still leaves part of their total to
    pay (``closed_status_rows``), of those still in the data once the payments beside them were read:
    a row another column says is paid in full (Stripe's "Amount Paid" equal to its "Amount Due") is
    left out, not imported for what is left."""
    kept = kept.filter(kept.is_in(read.frame.get_column(LINE).implode()))
    if kept.len():
        read.source.notices.append(
            f"{kept.len():,} row(s) whose status says paid still leave part of their total to pay in "
            f"'{mapping.field_columns()['amount']}' ({_said_rows(kept)}): paid in part, they are imported for what is left."
        )


def _exclude_closed_invoices(
    read: ReadResult, mapping: MappingResult, settings: Settings
) -> tuple[pl.DataFrame, pl.Series]:
    """The invoices whose status says they are not owed (``closed_status_rows``) leave the data,
    with the lines added to them, said like the other excluded rows. Returns the invoices' rows
    left out (``LEFT_OUT``: LINE, why, said), and the rows whose status says paid that still leave
    part of their total to pay (``_say_paid_in_part``)."""
    from getbill_import.mapping.layout import closed_status_rows

    found = closed_status_rows(read.frame, mapping, settings.mappings_dir)
    closed, said = found.closed, found.said
    for column, (document, before, judged) in found.unread.items():
        read.source.notices.append(
            f"'{column}' is not read as the date each invoice was paid: its date falls before '{document}' on {before:,} "
            f"of {judged:,} rows, and nothing is paid before it exists (a forecast, a planned date). If it does say which "
            f"invoices are paid, leave out the paid rows before importing."
        )
    kept = read.frame.get_column(LINE).filter(found.part_paid)
    if not closed.any():
        return pl.DataFrame(schema=LEFT_OUT), kept
    statuses = "; ".join(f"'{column}': " + ", ".join(repr(v) for v in values) for column, values in said.items())
    left = read.frame.select(
        LINE, found.why.alias("why"), found.cells.alias("said"), found.paid_on.alias("paid_on")
    ).filter(closed)
    lines = read.frame.get_column(LINE).filter(closed)
    if read.invoice_lines is not None and read.invoice_lines.height:
        added = read.invoice_lines.filter(pl.col(INVOICE).is_in(lines.implode()))[LINE]
        read.invoice_lines = read.invoice_lines.filter(~pl.col(INVOICE).is_in(lines.implode()))
        lines = pl.concat([lines, added]).unique().sort()
    _leave_out(read, lines, "closed")
    read.source.notices.append(
        f"{lines.len():,} row(s) left out because their status says the invoice is not owed ({statuses}): paid "
        f"(a date of payment, a paid flag), settled, cancelled, a draft or not yet billed ({_said_rows(lines)}). To import them all the "
        f"same, set {'that column' if len(said) == 1 else 'those columns'} aside ("
        + " ".join(f"--set '{column}=ignore'" for column in said) + ")."
    )
    return left, kept


def _days_overdue_columns(read: ReadResult, mapping: MappingResult, settings: Settings) -> list[str]:
    """The columns left unmapped that count each row's days past due ("DaysInArrear", "dpd":
    ``arrears_days_words``)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import header_says

    return [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
            and c.column not in mapping.set_by_hand and match_header(c.column, settings.mappings_dir).role == "days overdue"
            and header_says(c.column, "arrears_days_words", settings.mappings_dir)]


def _days_overdue(read: ReadResult, mapping: MappingResult, settings: Settings) -> pl.Series | None:
    """Each row's days past due, of the first column that counts them in numbers (``written_numbers``);
    None when no column does."""
    from getbill_import.mapping.values import written_numbers

    return next((days for column in _days_overdue_columns(read, mapping, settings)
                 if (days := written_numbers(read.frame.get_column(column))) is not None), None)


def _exclude_loans_not_in_arrears(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A lender's book (headers naming a loan, its principal, its disbursement, its tenure:
    ``loan_book_words``) whose column of days past due ("dpd", "days_past_due", "dias_mora":
    ``arrears_days_words``) is 0 on some loans: those loans are paid as agreed, not in arrears, and
    nothing of them is to collect yet. They leave the data, said. An invoice's days overdue at 0 is
    an invoice not yet due, still owed: only a lender's book is read so, and not the portfolio placed
    with a collection agency (``placement_words``: "OUTSOURCED AMOUNT")."""
    from getbill_import.mapping.values import header_says, written_numbers

    if not read.frame.height or not any(header_says(h, "loan_book_words", settings.mappings_dir) for h in read.headers):
        return
    if any(header_says(h, "placement_words", settings.mappings_dir) for h in read.headers):
        # a collection agency's portfolio: the loans placed with it are to collect, current or not
        return
    for column in _days_overdue_columns(read, mapping, settings):
        days = written_numbers(read.frame.get_column(column))
        if days is None:
            continue
        current = (days <= 0).fill_null(False)
        if not current.any():
            return
        lines = read.frame.get_column(LINE).filter(current)
        _leave_out(read, lines, "closed")
        read.source.notices.append(
            f"{lines.len():,} loan(s) left out because '{column}' says they are not in arrears (0 days past due): a "
            f"loan repaid as agreed owes nothing to collect yet ({_said_rows(lines)}). To import them all the same, set "
            f"the column aside (--set '{column}=ignore')."
        )
        return


#: more distinct unknown values than this: the column is no list of statuses (notes, labels)
_UNKNOWN_STATUSES = 5
#: the role of the vocabulary's status headers ("Status", "Statut", "Estado")
_STATUS_ROLE = "status"


def _say_unknown_statuses(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A status column's values that are no known status ("QUEUED", "On hold") say nothing of
    whether the invoice is owed: their rows are imported as owed, and a notice names them. A
    column whose header may name a region as well ("State") is a status column by its values; one
    the vocabulary names whole as something else (POHODA's "Stav EET", the state of the document
    in the cash-register reporting) is no invoice status."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.layout import holds_statuses, numbered_series
    from getbill_import.mapping.values import (
        balance_sides,
        header_says,
        names_a_status,
        names_status_or_region,
        unknown_statuses,
    )

    series = numbered_series(read.frame.columns)
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns or col.column in series:
            continue
        if not names_a_status(col.column, settings.mappings_dir):
            continue
        named = match_header(col.column, settings.mappings_dir)
        if named.how == "exact" and named.term is not None and named.term.role not in ("", _STATUS_ROLE):
            continue
        if header_says(col.column, "not_invoice_status_words", settings.mappings_dir):
            # the status of a card's check ("Card CVC Status": pass), not of the invoice
            continue
        column = read.frame.get_column(col.column)
        if balance_sides(column, settings.mappings_dir, col.column) is not None:
            # a balance's side ("Dr", "जमा"), read by ``_amounts_by_their_side``
            continue
        if names_status_or_region(col.column, settings.mappings_dir) and not holds_statuses(column, settings.mappings_dir):
            continue
        unknown = unknown_statuses(column, settings.mappings_dir)
        if not unknown.any():
            continue
        counts = column.filter(unknown).cast(pl.String).str.strip_chars().value_counts(sort=True)
        if counts.height > _UNKNOWN_STATUSES:
            continue
        said = ", ".join(f"'{v}' ({n:,} row(s))" for v, n in counts.iter_rows())
        read.source.notices.append(
            f"'{col.column}' says {said}, which is no status the tool knows: it cannot tell whether those invoices are "
            "owed, and imports them as owed. If they are not (a charge not yet attempted, an invoice on hold), leave "
            "them out of the file."
        )


def _alone(read: ReadResult) -> pl.Expr:
    """Whether a row is an invoice written on its row alone: an invoice written on several rows
    (``read.invoice_lines``) is judged by its lines' sum, not row by row."""
    if read.invoice_lines is None or not read.invoice_lines.height:
        return pl.lit(True)
    return ~pl.col(LINE).is_in(pl.concat([read.invoice_lines[INVOICE], read.invoice_lines[LINE]]).implode())


def _exclude_zero_balances(read: ReadResult, mapping: MappingResult, settings: Settings) -> pl.DataFrame:
    """An invoice whose balance is zero is paid: it leaves the data (excluded as ``closed``),
    said in one notice, rather than being reported as an amount of zero to correct. Returns the
    rows left out (``LEFT_OUT``)."""
    from getbill_import.mapping.layout import cents_balance_rows, zero_balance_rows
    from getbill_import.mapping.values import header_says

    cents = _exclude_cents_balances(read, mapping, cents_balance_rows(read.frame, mapping, settings.mappings_dir))
    zero = zero_balance_rows(read.frame, mapping, settings.mappings_dir)
    if zero is None or not zero.any():
        return cents
    column = mapping.field_columns()["amount"]
    if (overdue := _days_overdue(read, mapping, settings)) is not None:
        # a balance left blank on a loan its days past due say is in arrears is no balance paid: a cell
        # whose formula failed ("#N/A", read blank), for the user to mend
        blank_cell = read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).is_null()
        zero = zero & ~(blank_cell & (overdue > 0)).fill_null(False)
    lines = read.frame.select(LINE).filter(zero & _alone(read))[LINE]
    if not lines.len():
        return cents
    blank = read.frame.filter(pl.col(LINE).is_in(lines.implode()) & pl.col(column).cast(pl.String).str.strip_chars()
                              .replace("", None).is_null()).height
    _leave_out(read, lines, "closed")
    # the part overdue ("Saldo vencido") at zero: nothing is overdue, the debt may still run
    # (a balance less the retainage at zero: paid, or all retainage, owed once the work is accepted)
    said = ("nothing is overdue on it" if header_says(column, "overdue_words", settings.mappings_dir) else
            "nothing is due on it now (it is paid, or all that is left is retainage)"
            if any(c.column == column and RETAINAGE_TAKEN in c.reason for c in mapping.columns)
            # (a list of balances per debtor, each on a row of its own: the debtor owes nothing)
            else "the debtor owes nothing" if _named_by_debtors(mapping, read) and _each_debtor_on_a_row(read, mapping)
            else "the invoice is paid")
    read.source.notices.append(
        f"{lines.len():,} row(s) left out because their balance '{column}' is zero"
        + (f" ({blank:,} of them blank beside an amount paid or a total of zero)" if blank else "") + f": {said} "
        f"({_said_rows(lines)})."
    )
    return pl.concat([cents, _left_out(lines, "paid", f"'{column}' is zero")])


#: the share of the rows whose debtor is on no other row, for a list to be one of balances per debtor
_ALONE_SHARE = 0.9


def _exclude_credit_balances(read: ReadResult, mapping: MappingResult, settings: Settings) -> pl.DataFrame:
    """In a list of balances per debtor (each debtor on a row of its own: a housing society's flats,
    a school's families), a balance below zero is owed to the debtor (a member who paid ahead, a
    tenant in credit), and no invoice of the debtor here takes it off: the rows leave the data (paid,
    settling the debt an earlier list imported), said, rather than being reported as credit notes
    to correct; a balance left blank is nothing owed, left out too. Only when such balances are a
    minority of the rows, and no invoice date is mapped."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.normalize import normalize_header

    fields = mapping.field_columns()
    amount = fields.get("amount")
    # an invoice's dates say a list of invoices, whose credit notes are for the user to see
    if amount not in read.frame.columns or read.frame.height < BALANCES_MIN_ROWS or {"due_date", "issue_date"} & set(fields):
        return pl.DataFrame(schema=LEFT_OUT)
    term = match_header(amount, settings.mappings_dir).term
    if not ((term is not None and term.role == "open balance") or "balance" in normalize_header(amount).split()):
        return pl.DataFrame(schema=LEFT_OUT)
    names, _, key = _debtor_key(read, mapping)
    if not names:
        return pl.DataFrame(schema=LEFT_OUT)
    alone = read.frame.select((key.is_not_null() & key.is_unique()).alias("alone"))["alone"]
    if int(alone.sum()) < _ALONE_SHARE * read.frame.height:
        return pl.DataFrame(schema=LEFT_OUT)
    written = read.frame.get_column(amount).cast(pl.String).str.strip_chars()
    # a customer never billed: its balance left blank, nothing owed (not an amount to fill in)
    blank = (written.is_null() | (written == "")) & alone
    if blank.any() and 2 * int(blank.sum()) < read.frame.height:
        lines = read.frame.filter(blank)[LINE]
        _leave_out(read, lines, "closed")
        read.source.notices.append(
            f"{lines.len():,} row(s) left out because their balance '{amount}' is blank: each debtor is on a row of its "
            f"own, and a debtor without a balance owes nothing ({_said_rows(lines)})."
        )
        written = read.frame.get_column(amount).cast(pl.String).str.strip_chars()
        alone = alone.filter(~blank)
    # a debtor on two rows (an owner of two flats) nets its credit with its other debt elsewhere
    below = (written.str.contains(BELOW_ZERO) & written.str.contains("[1-9]")).fill_null(False) & alone
    if not below.any() or 2 * int(below.sum()) >= read.frame.height:
        return pl.DataFrame(schema=LEFT_OUT)
    lines = read.frame.filter(below)[LINE]
    example = written.filter(below)[0]
    _leave_out(read, lines, "credit")
    read.source.notices.append(
        f"{lines.len():,} row(s) left out because their balance '{amount}' is below zero ('{example}'): each debtor is "
        f"on a row of its own, and such a balance is owed to the debtor (paid ahead, in credit), no debt to collect "
        f"({_said_rows(lines)})."
    )
    return _left_out(lines, "paid", f"'{amount}' is below zero: the debtor is in credit")


def _exclude_cents_balances(read: ReadResult, mapping: MappingResult, cents: pl.Series | None) -> pl.DataFrame:
    """The balances of a few cents (an ageing's 0.01 and -0.01) leave the data: what rounding left
    of invoices paid, said in one notice, rather than debts of a cent or negative amounts to correct."""
    if cents is None or not cents.any():
        return pl.DataFrame(schema=LEFT_OUT)
    lines = read.frame.select(LINE).filter(cents & _alone(read))[LINE]
    if not lines.len():
        return pl.DataFrame(schema=LEFT_OUT)
    column = mapping.field_columns()["amount"]
    _leave_out(read, lines, "closed")
    read.source.notices.append(
        f"{lines.len():,} row(s) left out because their balance '{column}' is a few cents (0.01 to 0.05, or as much "
        f"below zero): what rounding left of an invoice paid, nothing to collect ({_said_rows(lines)})."
    )
    return _left_out(lines, "paid", f"'{column}' is a few cents")


def _left_out(lines: pl.Series, why: str, said: str) -> pl.DataFrame:
    return pl.DataFrame({LINE: lines}).with_columns(
        pl.lit(why).alias("why"), pl.lit(said).alias("said"), pl.lit(None, pl.String).alias("paid_on"),
    )


#: what is left of an invoice's total once paid, below a unit of its currency ...
ROUNDED_REST = 1
#: ... and a thousandth of the total, is what rounding left of it: the invoice is paid
ROUNDED_SHARE = 0.001


def _deduct_payments(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions,
    whole: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame | None, pl.DataFrame, str]:
    """An invoice's total beside what was already paid on it (``paid_columns``): an invoice paid
    in full leaves the data (excluded as ``closed``), and one paid in part is owed the rest.
    Returns the amounts owed of the invoices paid in part (LINE, "amount", written with a point),
    for the mapped frame (None when there is none), the rows left out (``LEFT_OUT``) and the
    paid columns' names. Whether a balance is the invoice's total is judged on the ``whole`` file,
    its rows left out by their status included."""
    from getbill_import.mapping.layout import paid_columns

    paid = paid_columns(read.frame, mapping, settings.mappings_dir, whole)
    if not paid:
        return None, pl.DataFrame(schema=LEFT_OUT), ""

    def typed(rows: pl.DataFrame, column: str) -> tuple[pl.Series, pl.Series]:
        return _column_amounts(rows, column, options)

    # each column read on the cells that hold a digit other than 0 alone (most say nothing was paid)
    amounts = []
    for column in paid:
        cells = read.frame.filter(pl.col(column).cast(pl.String).str.contains("[1-9]").fill_null(False) & _alone(read))
        amounts.append(pl.DataFrame({LINE: cells[LINE], "paid": typed(cells, column)[0]}))
    # (named apart from the file's own columns: a file's "paid" column is joined beside it)
    # (a return refunded writes its total and what was paid back below zero)
    settled = pl.concat(amounts).group_by(LINE).agg(pl.col("paid").sum().alias("__paid__")).filter(pl.col("__paid__") != 0)
    # the invoice's total is read on the rows where something was paid alone
    paying = read.frame.join(settled, on=LINE, how="inner", maintain_order="left")
    total, currency = typed(paying, mapping.field_columns()["amount"])
    work = pl.DataFrame({LINE: paying[LINE], "total": total, "cur": currency, "paid": paying["__paid__"]})
    lines = _paid_on_lines(read, paid, mapping.field_columns()["amount"], typed)
    if lines is not None:
        work = pl.concat([work, lines.select(LINE, "total", "cur", "paid")], how="vertical_relaxed")
        paying = pl.concat([paying, read.frame.filter(pl.col(LINE).is_in(lines[LINE].implode()))], how="diagonal_relaxed")
    # what rounding leaves of an invoice paid is nothing owed (28,303.20 less 28,303.00 paid): less than a
    # unit of the currency and a thousandth of the total
    rounding = (pl.col("total") - pl.col("paid") < ROUNDED_REST) & (pl.col("total") - pl.col("paid") <= ROUNDED_SHARE * pl.col("total"))
    work = work.with_columns(
        (pl.col("total").is_not_null() & (((pl.col("total") > 0) & ((pl.col("paid") >= pl.col("total")) | rounding))
                                          | ((pl.col("total") < 0) & (pl.col("paid") <= pl.col("total"))))).alias("full"),
    ).with_columns(
        (pl.col("total").is_not_null() & ~pl.col("full") & (pl.col("paid") > 0) & (pl.col("paid") < pl.col("total"))).alias("part"),
    )
    named = " and ".join(f"'{c}'" for c in paid)
    full = work.filter("full")[LINE]
    if lines is not None:
        # an invoice on several lines leaves with its lines; one paid in part is owed the rest on
        # its first line, its other lines' amounts counted in its total already
        judged = lines.filter(pl.col("full") | pl.col("part"))

        def after_first(rows: pl.DataFrame) -> pl.Series:
            return rows.select(pl.col("members").list.slice(1).explode().drop_nulls())["members"]

        assert read.invoice_lines is not None
        read.invoice_lines = read.invoice_lines.filter(~pl.col(INVOICE).is_in(judged[LINE].implode()))
        _leave_out(read, after_first(judged.filter("part")), "line")
        full = pl.concat([full, after_first(judged.filter("full"))]).sort()
    if full.len():
        _leave_out(read, full, "closed")
        read.source.notices.append(
            f"{full.len():,} row(s) left out because {named} {'say' if len(paid) > 1 else 'says'} the invoice is paid in full "
            f"({_said_rows(full)}). To import them all the same, set {'those columns' if len(paid) > 1 else 'that column'} "
            f"aside (--set '{paid[0]}=ignore')."
        )
    left = _left_out(full, "paid", f"{named} is its total")
    part = work.filter("part")
    if not part.height:
        return None, left, named
    read.source.notices.append(
        f"{part.height:,} invoice(s) paid in part are owed the rest: their total less {named} "
        f"({_said_rows(part[LINE].sort())})."
    )
    # the rest keeps the currency written in the cell ("USD 120.00") and its decimal comma
    # ("120,00" less "20,00" is "100,00"), so the column's style stays one
    comma = paying.select(
        pl.col(mapping.field_columns()["amount"]).cast(pl.String).str.contains(r",\d{1,2}\D*$").fill_null(False)
    ).to_series()
    part = part.join(pl.DataFrame({LINE: paying[LINE], "comma": comma}), on=LINE, how="left")
    rest = pl.when("comma").then((pl.col("total") - pl.col("paid")).cast(pl.String).str.replace(".", ",", literal=True)) \
        .otherwise((pl.col("total") - pl.col("paid")).cast(pl.String))
    # a sign that stands for several currencies ("$", "kr") is written again, for the validation to
    # settle as it settles the column's other amounts
    from getbill_import.validate.currencies import CANDIDATE_SIGNS

    written = pl.col("cur").replace_strict(CANDIDATE_SIGNS, default=pl.col("cur"), return_dtype=pl.String)
    remainders = part.select(LINE, pl.concat_str([rest, written], separator=" ", ignore_nulls=True).alias("amount"))
    return remainders, left, named


def _paid_on_lines(
    read: ReadResult, paid: list[str], amount: str,
    typed: Callable[[pl.DataFrame, str], tuple[pl.Series, pl.Series]],
) -> pl.DataFrame | None:
    """The invoices written on several lines (``read.invoice_lines``) that say something was paid:
    LINE (the invoice's first line), total (the sum of its lines), cur, paid, full, part and
    members (its lines). What was paid is written once for the invoice, and repeated on each of its
    lines (MYOB's item sales: "Amount Paid"), or written line by line and summed."""
    groups = read.invoice_lines
    if groups is None or not groups.height:
        return None
    _, rows = _invoice_rows(read.frame, groups)
    if not rows.height:
        return None
    cells = rows.select(INVOICE, LINE)
    for n, column in enumerate(paid):
        value = typed(rows.with_columns(pl.col(column).cast(pl.String).fill_null("0")), column)[0]
        cells = cells.with_columns(value.fill_null(0).alias(f"paid{n}"))
    total, currency = typed(rows, amount)
    cells = cells.with_columns(total.alias("total"), currency.alias("cur"))
    said = [
        pl.when(pl.col(f"paid{n}").n_unique() == 1).then(pl.col(f"paid{n}").first()).otherwise(pl.col(f"paid{n}").sum())
        for n in range(len(paid))
    ]
    work = cells.sort(LINE).group_by(INVOICE, maintain_order=True).agg(
        pl.sum_horizontal(said).alias("paid"), pl.col("total").sum(), pl.col("cur").first(),
        pl.col("total").is_null().any().alias("unread"), pl.col(LINE).alias("members"),
    ).filter((pl.col("paid") > 0) & ~pl.col("unread")).rename({INVOICE: LINE})
    if not work.height:
        return None
    return work.select(
        LINE, "total", "cur", "paid",
        ((pl.col("total") > 0) & (pl.col("paid") >= pl.col("total"))).alias("full"),
        (pl.col("paid") < pl.col("total")).alias("part"), "members",
    )


def _invoice_rows(frame: pl.DataFrame, groups: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The invoices written on several rows (``groups``: LINE, INVOICE): each line's invoice, its
    first row included (INVOICE, LINE), and those rows of ``frame`` with their INVOICE."""
    firsts = groups[INVOICE].unique()
    members = pl.concat([groups.select(INVOICE, LINE), pl.DataFrame({INVOICE: firsts, LINE: firsts})])
    return members, frame.join(members, on=LINE, how="inner", maintain_order="left")


def _exclude_netted_to_zero(read: ReadResult, mapping: MappingResult, options: ValidationOptions) -> pl.DataFrame:
    """An invoice written on several rows whose amounts net to zero (the invoice and its payment,
    a line and its credit) owes nothing: it leaves the data with its lines, excluded as ``closed``
    and said, rather than be reported as an amount of zero to correct. Returns the invoices' rows
    left out (``LEFT_OUT``)."""
    groups = read.invoice_lines
    amount = mapping.field_columns().get("amount")
    if groups is None or not groups.height or amount not in read.frame.columns:
        return pl.DataFrame(schema=LEFT_OUT)
    members, rows = _invoice_rows(read.frame, groups)
    if not rows.height:
        return pl.DataFrame(schema=LEFT_OUT)
    signed = pl.col("amount")
    if SIGN in groups.columns:
        # a ledger's postings add or take off (its first row, the invoice, adds)
        rows = rows.join(groups.select(LINE, SIGN), on=LINE, how="left").with_columns(pl.col(SIGN).fill_null(1))
        signed = signed * pl.col(SIGN)
    typed = rows.with_columns(_column_amounts(rows, amount, options)[0].alias("amount"))
    netted = typed.group_by(INVOICE).agg(
        signed.sum().alias("net"), pl.col("amount").is_null().any().alias("unread"), (pl.col("amount") != 0).any().alias("moved"),
    ).filter((pl.col("net") == 0) & ~pl.col("unread") & pl.col("moved"))
    if not netted.height:
        return pl.DataFrame(schema=LEFT_OUT)
    zero = netted[INVOICE]
    lines = members.filter(pl.col(INVOICE).is_in(zero.implode()))[LINE].unique().sort()
    read.invoice_lines = groups.filter(~pl.col(INVOICE).is_in(zero.implode()))
    _leave_out(read, lines, "closed")
    read.source.notices.append(
        f"{zero.len():,} invoice(s) written on several rows whose amounts net to zero (an invoice and its payment or "
        f"credit): nothing is owed on them, and they are left out ({_said_rows(lines)})."
    )
    return _left_out(zero.sort().alias(LINE), "paid", f"'{amount}' nets to zero")


def _net_credits_by_debtor(
    read: ReadResult, mapping: MappingResult, validation: ValidationResult, credit_kinds: pl.Series | None = None,
    mappings_dir: Path | str | None = None,
) -> pl.DataFrame:
    """A debtor's credit lines (negative amounts: payments on account, credit notes, unapplied
    cash) beside its invoices are netted with them, as a ledger's reader nets them: a credit of
    exactly an invoice's amount cancels it, the others take off the debtor's invoices of the same
    currency, the oldest due first; an invoice they cover leaves the data (excluded as
    ``credited``), one they cover in part is owed the rest, and the credits leave too, said. Read on
    the validation's typed cases (``validation`` is updated). A debtor's credits without invoices
    are left to ``_credits_left``; a file whose rows are mostly negative (a sign convention, not
    credits) is not netted. Returns the invoices left out (``LEFT_OUT``)."""
    from getbill_import.validate.amounts import ROUNDING_REMAINDER

    none = pl.DataFrame(schema=LEFT_OUT)
    problems, cases = validation.problems, validation.cases
    if mapping.ledger is not None or not problems.height or "debtor.name" not in cases.columns:
        return none
    negative = problems.filter(pl.col("code") == "negative-amount")["line"].unique()
    # (credits by their document kind are credits whatever the file's other signs)
    signed = negative.filter(~negative.is_in(credit_kinds.implode())) if credit_kinds is not None else negative
    if not negative.len() or signed.len() * 2 >= cases.height:
        return none
    # a credit rejected for its sign alone (a payment needs no number of its own); an invoice imported
    others = problems.filter((pl.col("severity") == ERROR) & ~pl.col("code").is_in(
        ["negative-amount", "missing-reference", "duplicate-reference"]))["line"].unique()
    dates = [c for c in ("due_date", "issue_date") if c in cases.columns]

    identity = _debtor_identity(cases)
    if mappings_dir is not None and (entity := _entity_column(read, mapping, mappings_dir)) is not None:
        # (a group's companies are each the creditor of their own rows: "Company Code" 3005's credit
        # pays none of 4026's invoices, whoever the debtor)
        cases = cases.join(read.frame.select(LINE, pl.col(entity).cast(pl.String).str.strip_chars().alias(_ENTITY)),
                           on=LINE, how="left")
        identity.append(pl.col(_ENTITY).fill_null(""))
    parts = [part.alias(f"__who{i}__") for i, part in enumerate(identity)]
    key = pl.concat_str(parts, separator="\x1f")

    reference = pl.col("reference").cast(pl.String).str.strip_chars() if "reference" in cases.columns else pl.lit(None, pl.String)

    def typed(rows: pl.LazyFrame) -> pl.LazyFrame:
        return rows.select(
            LINE, VALID, key.alias("key"), *parts, pl.col("currency").cast(pl.String).fill_null("").alias("cur"),
            (pl.col("amount").cast(pl.Float64) * 100).round().cast(pl.Int64).alias("cents"), *dates,
            reference.alias("ref"),
        ).filter(pl.col("key").is_not_null() & pl.col("cents").is_not_null())

    credits = typed(cases.lazy().filter(pl.col(LINE).is_in(negative.implode()) & ~pl.col(LINE).is_in(others.implode()))).filter(
        pl.col("cents") < -round(ROUNDING_REMAINDER * 100)).collect(engine="in-memory")
    if not credits.height:
        return none
    # the rows of those debtors alone are read further (a large file's credits are a few debtors'),
    # in one query: each debtor and currency numbered once, so that the windows below run over one
    # integer, and the oldest due first (else the oldest issued, else the first written)
    credit = credits.group_by("key", "cur").agg((-pl.col("cents")).sum().alias("credit")).with_row_index("g")
    day = pl.coalesce(*(pl.col(d).cast(pl.Int64) for d in dates)).fill_null(1 << 30) if dates else pl.lit(0, pl.Int64)
    # (the rows of each part of a credit's debtor alone, its address and contacts as written first,
    # then its name: most rows are out by one of them)
    theirs = [part.is_in(credits[part.meta.output_name()].unique().implode()) for part in parts]
    near = cases.lazy().filter(pl.col(VALID), *theirs[1:])
    invoices = typed((near.collect().lazy() if len(parts) > 1 else near).filter(theirs[0])).filter(
        pl.col("cents") > 0).join(credit.lazy(), on=["key", "cur"]).select(
        LINE, "g", "cents", (day * (1 << 24) + pl.col(LINE)).alias("__order__"), "ref").sort("__order__").collect(engine="in-memory")
    both = credit.join(invoices.group_by("g").agg(pl.col("cents").sum().alias("owed")), on="g")
    if not both.height:
        return none
    credits = credits.join(both.select("key", "cur", "g"), on=["key", "cur"]).select(LINE, "g", "cents", "ref").sort(LINE)
    linked = credits.join(invoices.select("g", "ref").unique(), on=["g", "ref"], how="semi")
    if linked.height >= max(LINKED_CREDITS_MIN, LINKED_CREDITS_SHARE * credits.height):
        # the credits name their invoices (a receivable's movements: each payment under its invoice's
        # number): each is taken off its own invoice alone
        return _net_credits_by_reference(read, validation, invoices, credits, linked, credit_kinds)
    # a credit of exactly an invoice's amount is that invoice's (its credit note), taken first; the
    # others take off the oldest due
    same = [pl.col("g"), pl.col("amt")]
    exact = invoices.filter(pl.col("cents").is_in((-credits["cents"]).unique().implode())).select(
        LINE, "g", pl.col("cents").alias("amt")).with_columns(pl.int_range(pl.len()).over(same).alias("nth")).join(
        credits.select(pl.col(LINE).alias("credit_line"), "g", (-pl.col("cents")).alias("amt"))
        .with_columns(pl.int_range(pl.len()).over(same).alias("nth")),
        on=["g", "amt", "nth"],
    )
    left = credits.filter(~pl.col(LINE).is_in(exact["credit_line"].implode())).group_by("g").agg(
        (-pl.col("cents")).sum().alias("credit"))
    # a one-debtor ledger's balance brought forward is its oldest debt: its credits pay it first
    forward = read.brought_forward if both.height == 1 and read.brought_forward else 0
    if forward:
        left = left.with_columns((pl.col("credit") - forward).clip(0, None))
        both = both.with_columns((pl.col("credit") - forward).clip(0, None))
    taken = invoices.filter(~pl.col(LINE).is_in(exact[LINE].implode())).join(left, on="g").with_columns(
        (pl.col("cents").cum_sum().over("g") - pl.col("cents")).alias("before"),
    ).with_columns(
        (pl.col("cents") - (pl.col("credit") - pl.col("before")).clip(0, None).clip(None, pl.col("cents"))).alias("rest"),
    ).filter(pl.col("rest") < pl.col("cents"))
    used = credits[LINE]
    covered = pl.concat([exact[LINE], taken.filter(pl.col("rest") == 0)[LINE]]).sort()
    part = taken.filter(pl.col("rest") > 0).select(LINE, (pl.col("rest").cast(pl.Decimal(18, 2)) / 100).alias("rest"))
    in_credit = both.filter(pl.col("credit") > pl.col("owed")).height
    gone = pl.concat([used, covered]).sort()
    _leave_out(read, gone, "credited")
    kept = validation.cases.filter(~pl.col(LINE).is_in(gone.implode()))
    if part.height:
        kept = kept.with_columns(_scatter_by_line(kept, part.select(LINE, pl.col("rest").cast(kept.schema["amount"]).alias("amount"))))
    validation.cases = kept
    validation.problems = problems.filter(~pl.col("line").is_in(gone.implode()))
    said = (f"{used.len():,} credit line(s) (negative amounts: payments, credit notes, unapplied cash) of {both.height:,} "
            f"debtor(s) are netted with the same debtor's invoices, one of its own amount first, then the oldest due "
            f"({_said_rows(used.sort())}): {covered.len():,} invoice(s) are covered in full and left out")
    if part.height:
        first = part.sort(LINE).row(0)
        said += f", {part.height:,} owe less than written (row {first[0]}: {first[1]})"
    if forward:
        said += f"; they pay the balance brought forward ({forward / 100:,.2f}) before the file's invoices"
    if in_credit:
        said += f"; {in_credit:,} debtor(s) are owed nothing, their credits exceeding their invoices"
    read.source.notices.append(said + ".")
    return _left_out(covered.alias(LINE), "paid", "covered by the debtor's credits")


#: the share of a file's credits that must name an invoice of their debtor (its reference) for each
#: credit to be taken off its own invoice alone
LINKED_CREDITS_SHARE = 0.5
#: and how many of them, at least (a credit note numbered 1 in its own series beside invoice 1 names none)
LINKED_CREDITS_MIN = 3


def _net_credits_by_reference(
    read: ReadResult, validation: ValidationResult, invoices: pl.DataFrame, credits: pl.DataFrame, linked: pl.DataFrame,
    credit_kinds: pl.Series | None,
) -> pl.DataFrame:
    """The credits that name an invoice of their debtor (its reference: Koinor's payments "AB"
    under their invoice's "numtra") taken off that invoice alone, its rows the oldest due first; an
    invoice they cover leaves the data, one covered in part is owed the rest. The credits naming no
    invoice of the file pay invoices outside it: they leave too, taken off nothing (those of a
    document kind are said with the others of their kind). Said. Returns the invoices left out
    (``LEFT_OUT``)."""
    by_invoice = linked.group_by("g", "ref").agg((-pl.col("cents")).sum().alias("credit"))
    taken = invoices.join(by_invoice, on=["g", "ref"]).sort("__order__").with_columns(
        (pl.col("cents").cum_sum().over("g", "ref") - pl.col("cents")).alias("before"),
    ).with_columns(
        (pl.col("cents") - (pl.col("credit") - pl.col("before")).clip(0, None).clip(None, pl.col("cents"))).alias("rest"),
    ).filter(pl.col("rest") < pl.col("cents"))
    covered = taken.filter(pl.col("rest") == 0)[LINE].sort()
    part = taken.filter(pl.col("rest") > 0).select(LINE, (pl.col("rest").cast(pl.Decimal(18, 2)) / 100).alias("rest"))
    elsewhere = credits.filter(~pl.col(LINE).is_in(linked[LINE].implode()))[LINE]
    # (credits of a document kind naming no invoice here are left with the others of their kind)
    signed = elsewhere.filter(~elsewhere.is_in(credit_kinds.implode())) if credit_kinds is not None else elsewhere
    gone = pl.concat([linked[LINE], signed, covered]).sort()
    _leave_out(read, gone, "credited")
    kept = validation.cases.filter(~pl.col(LINE).is_in(gone.implode()))
    if part.height:
        kept = kept.with_columns(_scatter_by_line(kept, part.select(LINE, pl.col("rest").cast(kept.schema["amount"]).alias("amount"))))
    validation.cases = kept
    validation.problems = validation.problems.filter(~pl.col("line").is_in(gone.implode()))
    said = (f"{linked.height:,} credit line(s) (payments, credit notes) name an invoice of their debtor by its reference "
            f"({_said_rows(linked[LINE])}): each is taken off its own invoice, {covered.len():,} invoice(s) covered in full "
            "and left out")
    if part.height:
        first = part.sort(LINE).row(0)
        said += f", {part.height:,} owing less than written (row {first[0]}: {first[1]})"
    if signed.len():
        said += (f"; {signed.len():,} name no invoice of the file ({_said_rows(signed.sort())}): they pay invoices "
                 "outside it, and are left out")
    read.source.notices.append(said + ".")
    return _left_out(covered.alias(LINE), "paid", "covered by the credits that name it")


#: the company of a group each row is of, beside the cases netted
_ENTITY = "__entity__"


def _entity_column(read: ReadResult, mapping: MappingResult, mappings_dir: Path | str) -> str | None:
    """The column no field reads that names the company of a group each row is the creditor of
    ("Company Code", "Buchungskreis", "Entity": ``names_series`` 2), when it names several; None
    otherwise."""
    from getbill_import.mapping.values import names_series

    return next((c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                 and names_series(c.column, mappings_dir) == 2 and read.frame.get_column(c.column).n_unique() > 1), None)


def _debtor_identity(cases: pl.DataFrame) -> list[pl.Expr]:
    """Who owes a case, as compared, in parts: its debtor's name (case aside) at its address and
    contacts, as the validation wrote them (trimmed, spaces collapsed, phones in E.164), where the
    file gives them: namesakes of a utility's or a tax office's list are different people."""
    who = [f for f in ("debtor.address.line1", "debtor.address.postal_code", "debtor.email", "debtor.phone")
           if f in cases.columns and cases.get_column(f).is_not_null().any()]
    name = pl.col("debtor.name").cast(pl.String).str.strip_chars().str.to_lowercase()
    return [name, *(pl.col(f).fill_null("") for f in who)]


def _scatter_by_line(frame: pl.DataFrame, values: pl.DataFrame) -> pl.Series:
    """``frame``'s column named by ``values``' second column, with the values it gives for some of
    the rows (by LINE, each found in ``frame``) written in."""
    name = values.columns[1]
    lines = frame.get_column(LINE)
    if lines.is_sorted():
        return frame.get_column(name).clone().scatter(lines.search_sorted(values[LINE]), values[name])
    return frame.select(pl.col(LINE).replace_strict(values[LINE], values[name], default=pl.col(name),
                                                    return_dtype=frame.schema[name]).alias(name)).to_series()


def _header_date_orders(mapping: MappingResult) -> tuple[tuple[str, str], ...]:
    """The order each date column's header writes its dates in ("Fecha de Deuda dd/mm/aaaa": day
    first), for the columns whose header says it."""
    from getbill_import.mapping.normalize import header_date_order

    return tuple((field, order) for field, column in mapping.field_columns().items()
                 if field.endswith("_date") and (order := header_date_order(column)) is not None)


def _date_orders(frame: pl.DataFrame, mapping: MappingResult) -> tuple[tuple[str, str], ...]:
    """The order each date column proves over all its rows, those left out as not owed included
    (``proven_order``): the rows kept may be too few to tell."""
    from getbill_import.validate.dates import proven_order

    return tuple(
        (field, order) for field, column in mapping.field_columns().items()
        if field.endswith("_date") and column in frame.columns
        and (order := proven_order(frame.get_column(column))) is not None
    )


def _exclude_paid_by_receipts(read: ReadResult) -> pl.DataFrame:
    """A ledger's receipts that pay several of its invoices in full (``read.receipts_paid``) leave
    the data with those invoices, said when they were found. Returns the invoices' rows left out
    (``LEFT_OUT``)."""
    paid = read.receipts_paid
    if paid is None or not paid.height:
        return pl.DataFrame(schema=LEFT_OUT)
    here = read.frame[LINE].implode()
    receipts = paid.filter(pl.col(LINE).is_in(here))[LINE].unique().sort()
    invoices = paid.filter(pl.col(INVOICE).is_in(here))[INVOICE].unique().sort()
    _leave_out(read, receipts, "posting")
    _leave_out(read, invoices, "paid")
    return _left_out(invoices.alias(LINE), "paid", "a receipt of the ledger pays it with other invoices")


def _exclude_payments_of_other_invoices(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """In a ledger (a column of the file is a running balance), the rows without a reference whose
    words say they are payments or credits ("Receipt Invoice No Agatha-2025-05", "Overpayment", "Sales
    Return") of no invoice of the file (``_receipts_of_a_ledger`` takes off those that name one) pay
    invoices of an earlier period, and its first row without a reference saying it is the balance
    brought forward ("Balance at date 31 May 2025") sums them: no debts, left out, said."""
    from getbill_import.mapping.columns import RUNNING_SAID
    from getbill_import.mapping.values import ledger_posting_kinds

    reference = mapping.field_columns().get("reference")
    if (reference not in read.frame.columns or not read.frame.height
            or not any(c.reason.startswith(RUNNING_SAID) for c in mapping.columns)):
        return
    texts = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns]
    if not texts:
        return
    ref = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    # (the first column whose words say what the row is, and its text)
    said_by = [(ledger_posting_kinds(pl.col(c).cast(pl.String), settings.mappings_dir), pl.col(c).cast(pl.String)) for c in texts]
    kinds = read.frame.filter(ref.is_null()).select(
        LINE, pl.coalesce([kind for kind, _ in said_by]).alias("kind"),
        pl.coalesce([pl.when(kind.is_not_null()).then(value) for kind, value in said_by]).alias("t"))
    # (a receipt naming an invoice of the file is that invoice's: ``_receipts_of_a_ledger`` takes it off
    # the invoice, or says what it could not)
    refs = read.frame.select(ref.alias("r"))["r"].drop_nulls().unique()
    if refs.len() and kinds.height:
        text = pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in texts], separator=" ")
        naming = _named_references(read.frame.filter(pl.col(LINE).is_in(kinds[LINE].implode())), text, refs)
        kinds = kinds.filter(~pl.col(LINE).is_in(naming[LINE].implode()))
    payments = kinds.filter(pl.col("kind") == "payment")
    opening = kinds.filter((pl.col("kind") == "opening") & (pl.col(LINE) == read.frame[LINE].min()))
    said = []
    if payments.height:
        _leave_out(read, payments[LINE], "posting")
        said.append(f"{payments.height:,} row(s) without a reference are payments or credits by their words, of no invoice "
                    f"of this file (row {payments[LINE][0]}: {payments['t'][0].strip()!r}): they pay invoices of an earlier "
                    "period, and are left out")
    if opening.height and not payments.height:
        read.brought_forward = _brought_forward(read, mapping, int(opening[LINE][0]))
    if opening.height:
        _leave_out(read, opening[LINE], "posting")
        said.append(f"row {opening[LINE][0]} is the balance brought forward ({opening['t'][0].strip()!r}): the invoices it "
                    "sums are not in this file, and it is left out. Export the open items to have them all")
    if said:
        read.source.notices.append("; ".join(said) + ".")


def _brought_forward(read: ReadResult, mapping: MappingResult, line: int) -> int | None:
    """A ledger's balance brought forward on row ``line``, in cents: its amount, else its running
    balance (a ledger writes the opening balance in the balance column alone); None when neither is
    a sum owed."""
    from getbill_import.mapping.columns import RUNNING_SAID
    from getbill_import.validate.amounts import parse_amount

    running = [c.column for c in mapping.columns if c.reason.startswith(RUNNING_SAID)]
    row = read.frame.filter(pl.col(LINE) == line)
    for column in [mapping.field_columns().get("amount"), *running]:
        if column in row.columns and (text := row[column].cast(pl.String)[0]) and text.strip():
            parsed = parse_amount(text, None)
            return int(parsed[0] * 100) if parsed and parsed[0] > 0 else None
    return None


def _fill_debtors_down(read: ReadResult, mapping: MappingResult, settings: Settings) -> None:
    """A customer written once for its invoices (``debtors_written_once``): its other invoices take
    it, said in a notice."""
    from getbill_import.mapping.layout import debtors_written_once

    read.frame, lines = debtors_written_once(read.frame, mapping, settings.mappings_dir)
    if lines.len():
        read.source.notices.append(
            f"{lines.len():,} row(s) take the debtor of the row above them (rows {_first_lines(lines, 10)}): their debtor's columns "
            "are blank and each holds an invoice of its own, as when a customer is written once for its invoices "
            "(a merged cell)."
        )


#: an invoice's added lines listed one by one in ``excluded_lines`` (the notice counts them all)
MAX_LISTED_LINES = 1_000


def _exclude_added_lines(read: ReadResult, validation: ValidationResult) -> None:
    """The rows whose amounts the validation added to their invoice's are no cases: excluded, with
    one notice for them all. They stay in the read rows, so a corrected copy of the file keeps them."""
    from getbill_import.read import ExcludedLine

    added = validation.added_lines
    if not added.height:
        return
    read.source.rows -= added.height
    if read.invoice_lines is not None and SIGN in read.invoice_lines.columns:
        _exclude_netted_postings(read, added)
        return
    # listed one by one up to the reader's bound for blank rows; the notice counts them all
    lines = [ExcludedLine(line, "line") for line in added[LINE].head(MAX_LISTED_LINES)]
    read.source.unlisted += added.height - len(lines)
    read.source.excluded_lines = sorted([*read.source.excluded_lines, *lines], key=lambda e: e.line)
    invoices = added.group_by(INVOICE, maintain_order=True).agg(pl.col(LINE))
    examples = "; ".join(f"rows {_line_list([first, *rows])}" for first, rows in invoices.head(3).iter_rows())
    more = f"; and {invoices.height - 3:,} more" if invoices.height > 3 else ""
    read.source.notices.append(
        f"{invoices.height:,} invoice(s) written on several rows, one per line ({examples}{more}): each case's amount "
        f"is the sum of its lines' amounts, and the {added.height:,} row(s) after each invoice's first are not cases."
    )


def _exclude_netted_postings(read: ReadResult, added: pl.DataFrame) -> None:
    """A ledger's postings netted with their invoice, and the invoices paid in full: excluded,
    with one notice for each kind."""
    from getbill_import.read import ExcludedLine

    paid = added.filter(pl.col(LINE) == pl.col(INVOICE))[INVOICE]
    kinds = added.with_columns(
        pl.when(pl.col(INVOICE).is_in(paid.implode())).then(pl.lit("paid")).otherwise(pl.lit("posting")).alias("kind")
    )
    listed = [ExcludedLine(line, kind) for line, kind in kinds.select(LINE, "kind").head(MAX_LISTED_LINES).iter_rows()]
    read.source.unlisted += kinds.height - len(listed)
    read.source.excluded_lines = sorted([*read.source.excluded_lines, *listed], key=lambda e: e.line)
    open_ones = kinds.filter(pl.col("kind") == "posting").group_by(INVOICE, maintain_order=True).agg(pl.col(LINE))
    if open_ones.height:
        examples = "; ".join(f"rows {_line_list(sorted([first, *rows]))}" for first, rows in open_ones.head(3).iter_rows())
        more = f"; and {open_ones.height - 3:,} more" if open_ones.height > 3 else ""
        read.source.notices.append(
            f"{open_ones.height:,} invoice(s) have payments or credits in this file ({examples}{more}): each "
            "case's amount is what is still owed on it, and the other postings are not cases."
        )
    if paid.len():
        read.source.notices.append(
            f"{paid.len():,} invoice(s) are paid in full by the postings of this file (first rows {_first_lines(paid, 5)}): "
            "they are not cases."
        )


def _said_rows(lines: pl.Series, shown: int = 20) -> str:
    """"row 3", or "rows 2, 5, 7 and 12 more"."""
    return f"{'row' if lines.len() == 1 else 'rows'} {_first_lines(lines, shown)}"


def _first_lines(lines: pl.Series, shown: int) -> str:
    """The first ``shown`` lines, and how many more: "3, 4, 6 and 12 more"."""
    more = f" and {lines.len() - shown:,} more" if lines.len() > shown else ""
    return ", ".join(str(line) for line in lines.head(shown)) + more


def _line_list(lines: list[int]) -> str:
    if len(lines) > 1 and lines[-1] - lines[0] == len(lines) - 1:
        return f"{lines[0]}–{lines[-1]}"
    return ", ".join(str(line) for line in lines)


def _leave_out(read: ReadResult, lines: pl.Series, reason: str) -> None:
    """The rows of ``lines`` leave the data, excluded for ``reason``: listed one by one up to the
    reader's bound (the notice that says why counts them all)."""
    from getbill_import.read import ExcludedLine

    _keep_rows(read, ~read.frame.get_column(LINE).is_in(lines.implode()))
    items = [ExcludedLine(line, reason) for line in lines.head(MAX_LISTED_LINES)]
    read.source.unlisted += lines.len() - len(items)
    read.source.excluded_lines = sorted([*read.source.excluded_lines, *items], key=lambda e: e.line)


def _keep_rows(read: ReadResult, keep: pl.Series) -> None:
    """The data rows (and their group labels) where ``keep`` holds, and their count."""
    read.frame = read.frame.filter(keep)
    if read.group_labels is not None:
        read.group_labels = read.group_labels.filter(keep)
    if read.joined is not None:
        read.joined = read.joined.filter(keep)
    read.source.rows = read.frame.height


def prepare_file(
    path: Path | str, settings: Settings, options: PrepareOptions | None = None, *, progress: Progress = _noop
) -> PreparedFile:
    """Read, map and validate one file. Raises GetbillError when it cannot be processed at all."""
    from getbill_import.mapping import apply_mapping, mapping_columns_for_reports
    from getbill_import.validate import apply_suggestions, validate_frame

    options = options or PrepareOptions()
    path = Path(path)
    read, mapping = read_and_map(path, settings, options, progress=progress)
    _debtor_named_by_the_amount(read, mapping, settings)
    _amount_written_elsewhere(read, mapping, settings)
    vopts = replace(validation_options(settings, options.date_order), currency_from_phones=True,
                    header_languages=_header_language(mapping, settings, read), header_orders=_header_date_orders(mapping))
    vopts = _currency_of_the_amount_header(read, mapping, vopts)
    vopts = _currency_of_the_amount_format(path, read, mapping, vopts)
    vopts = _currency_of_the_title(read, mapping, settings, vopts)
    vopts = _dollars_of_the_titles_company(read, mapping, vopts)
    vopts = _currency_of_the_taxes(read, mapping, settings, vopts)
    vopts = _currency_of_the_payment_schemes(read, mapping, settings, vopts)
    vopts = _currency_of_the_other_amounts(read, mapping, vopts)
    vopts = _currency_of_the_workbook(read, mapping, vopts)
    _amount_converted_at_each_rows_rate(read, mapping, settings)
    vopts = _counted_in_lakhs(mapping, settings, vopts)
    remainders, owed, left_out, before, credit_documents, sided = None, None, [], None, None, None
    partial: tuple[pl.Series, str] = (pl.Series(LINE, [], dtype=pl.Int64), "")
    if mapping.ledger is None and (refused := not_receivables_refusal(read, settings.mappings_dir)
                                   or _notes_issued_refusal(read, mapping, settings)
                                   or _movements_since_a_balance_refusal(read, mapping)
                                   or _journal_refusal(read, mapping, settings)
                                   or _bank_movements_refusal(read, mapping, settings)
                                   or _quotes_named_refusal(read, settings)):
        raise MappingError(refused, code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))
    if mapping.ledger is None:
        # a case file's own layouts (a payments file is read by read_and_map too)
        _debit_balances_below_zero(read, mapping, settings)
        _owed_below_zero_by_status(read, mapping, settings)
        _balance_from_the_payers_side(read, mapping, settings)
        left_out.append(_amounts_by_their_side(read, mapping, settings))
        _fill_debtors_down(read, mapping, settings)
        _line_totals(read, mapping, settings, vopts)
        sided = _credits_beside_debits(read, mapping, settings, vopts)
        before = (read.frame, read.group_labels, read.joined)
        credit_documents = _credit_documents(read, mapping, settings)
        left_out.append(_exclude_by_kind(read, mapping, settings))
        # (after a debit balances' sign convention is read, and payables by their kind refused)
        if credits := _credit_notes_refusal(read, mapping, settings):
            # (a title naming the report, "Contas a Pagar", says why its amounts are all below zero: payables)
            if titled := titled_refusal(read, settings.mappings_dir, options):
                raise MappingError(titled, code=NO_DEBTS_LISTED, options=("header_line",), document=mapping_json(read, mapping))
            raise MappingError(credits, code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))
        _exclude_loans_not_in_arrears(read, mapping, settings)
        closed, paid_in_part = _exclude_closed_invoices(read, mapping, settings)
        left_out.append(closed)
        left_out.append(_exclude_zero_balances(read, mapping, settings))
        left_out.append(_exclude_credit_balances(read, mapping, settings))
        # said of the rows still owed: an unknown status on a paid row changes nothing
        _say_unknown_statuses(read, mapping, settings)
        remainders, left, paid_named = _deduct_payments(read, mapping, settings, vopts, before[0])
        left_out.append(left)
        left_out.append(_exclude_netted_to_zero(read, mapping, vopts))
        left_out.append(_exclude_paid_by_receipts(read))
        _exclude_payments_of_other_invoices(read, mapping, settings)
        _say_paid_in_part(read, mapping, paid_in_part)
        owed = _owed_rows(read, mapping, settings, remainders, paid_named)
        if owed is None:
            partial = _say_partly_paid(read, mapping, settings)
        if read.frame.height < before[0].height:
            vopts = replace(vopts, column_orders=_date_orders(before[0], mapping))
    settled = sum(frame.height for frame in left_out)
    by_hand = mapping.field_columns().get("amount") in mapping.set_by_hand
    if mapping.ledger is None and (register := payment_register_refusal(read, settings.mappings_dir, by_hand)):
        # before any column a case needs is asked for: no column makes a payment a debt
        raise MappingError(register, code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))
    if mapping.ledger is None:
        _say_payables_by_name(read, settings, path)
    if not read.frame.height and not settled and not read.source.unlisted and all(
            e.reason in ("blank", "totals") for e in read.source.excluded_lines if e.line > read.source.header_line):
        # a header and nothing under it (a template's total of nothing): no column a case needs is asked for
        read.source.notices.append(
            f"The file holds no row under its header (line {read.source.header_line}): nothing to import. Check that the "
            "export was run with its rows (a filter, a period or a customer that selects none gives its header alone)."
        )
    elif settled and not read.frame.height:
        # nothing is owed: no column a case needs is asked for
        missing = mapping.missing_required()
        read.source.notices.append(
            f"Every invoice of the file ({settled:,}) is left out as paid, cancelled or a draft: nothing is owed, and "
            "nothing is imported."
            + (f" No column gives {', '.join(missing)} either: a file of this kind with invoices owed would be refused "
               "for it." if missing else "")
            # (a list of the suppliers' bills, paid or not, is no list of debts to collect either)
            + _payables_advice(read, missing, settings.mappings_dir)
        )
    else:
        # a title naming a report of no debts (a trial balance) says more than the columns it lacks
        if titled := titled_refusal(read, settings.mappings_dir, options):
            raise MappingError(titled, code=NO_DEBTS_LISTED, options=("header_line",), document=mapping_json(read, mapping))
        _require_fields(mapping, read, settings.mappings_dir, joined=options.debtors is not None)
        if headerless := headerless_refusal(read, mapping, options, _placeholder):
            raise MappingError(headerless, code=NO_HEADER_ROW, options=("header_line", "profile"),
                               document=mapping_json(read, mapping))
        # (drafts and cancelled invoices left out say nothing of whether the others are paid: Odoo's
        # "Posted" beside "Draft" and "Cancelled")
        paid_out = sum(frame.filter(~pl.col("why").is_in(["cancelled", "draft"])).height for frame in left_out)
        if mapping.ledger is None and owed is None and not paid_out:
            if not settled and (doubted := _doubted_fields(read, mapping, settings.mappings_dir)):
                raise MappingError(_doubted_list(read, doubted, settings.mappings_dir), code=REQUIRED_COLUMN_MISSING, options=("profile",),
                                   missing=list(doubted), columns=list(read.headers), document=mapping_json(read, mapping))
            if (unmarked := _nothing_tells_owed(read, mapping, settings, path)) is not None:
                if sold := (_sales_report_refusal(read, settings, path) or _sales_lines_refusal(read, mapping, settings, path)
                            or _issued_register_refusal(read, mapping, settings, path)):
                    raise MappingError(sold, code=NO_DEBTS_LISTED, document=mapping_json(read, mapping))
                # (said of a file imported, not of one refused; a ledger's credits beside its debits, netted
                # with them, say what is owed)
                if sided is None:
                    _say_nothing_tells_owed(read, unmarked)
    if mapping.ledger is None:
        # (once the file is known to list debts: what it is, said first)
        _amount_written(mapping, read)
    mapped = _unescape_formula_guards(apply_mapping(read.frame, mapping, group_labels=read.group_labels, joined=read.joined))
    if remainders is not None:
        mapped = mapped.update(remainders, on=LINE)
    columns = mapping_columns_for_reports(mapping)
    progress("validate", None)
    lines = read.invoice_lines
    validation = validate_frame(mapped, columns=columns, options=vopts, sheet=read.source.sheet, lines=lines)
    changes = None
    if options.apply_suggestions and validation.problems["suggestion"].is_not_null().any():
        fixed, changes = apply_suggestions(mapped, validation.problems)
        validation = validate_frame(fixed, columns=columns, options=vopts, sheet=read.source.sheet, lines=lines)
    _exclude_added_lines(read, validation)
    read.problems = _metadata_undecodable(read.problems, mapping)
    read.problems = _short_of_unmapped_columns(read, mapping)
    validation = _reject_unreadable_rows(validation, read.problems)
    _read_at_scale(read, mapping, settings, validation)
    validation, insolvent = _insolvent_debtors(read, mapping, settings, vopts, validation)
    validation, unknown = _owed_unknown(read, mapping, vopts, validation, partial)
    if mapping.ledger is None:
        cases = validation.cases[LINE]
        credit_lines = [lines for lines in (credit_documents.lines if credit_documents is not None else None, sided)
                        if lines is not None]
        left_out.append(_net_credits_by_debtor(read, mapping, validation,
                                               pl.concat(credit_lines) if credit_lines else None, settings.mappings_dir))
        _leave_credit_documents(read, validation, credit_documents, cases.filter(~cases.is_in(validation.cases[LINE].implode())))
    _credits_left(read, validation, leave=mapping.ledger is None)
    termed = _due_from_credit_period(read, mapping, settings, validation)
    if mapping.ledger is None and validation.valid and "due_date" not in mapping.field_columns() and not termed:
        dated = _unknown_date_columns(read, mapping, settings)
        validation.notices.append(
            "No column gives the due date: each case's follow-ups count from the day it is imported. Map the due "
            "date (--set 'COLUMN=due_date') if the file has one"
            + (f"; {' and '.join(repr(c) for c in dated)} hold{'s' if len(dated) == 1 else ''} dates under a header "
               f"the tool does not know: --set '{dated[0]}=due_date' if {'it is' if len(dated) == 1 else 'one is'} "
               "the due date." if dated else ".")
        )
    # (a currency column blank on every row gives none either: an import template's, left empty)
    blank_currency = _blank_throughout(read, mapping.field_columns().get("currency"))
    if (validation.valid and ("currency" not in mapping.field_columns() or blank_currency) and not vopts.currency_given
            and not any(n.startswith(NO_CURRENCY_SAID) for n in validation.notices + read.source.notices)
            and validation.cases.filter(pl.col(VALID) & (pl.col("currency") == vopts.default_currency)).height):
        # the default currency, taken for want of anything else, is said once (of cases imported:
        # a row with no amount is in no currency)
        spoken = LANGUAGE_CURRENCIES.get(vopts.header_languages[0]) if len(vopts.header_languages) == 1 else None
        validation.notices.append(
            f"{NO_CURRENCY_SAID}{f' (its column, {blank_currency!r}, is blank on every row)' if blank_currency else ''}: "
            "the amounts written without a currency sign are read in "
            f"{vopts.default_currency}, the default currency (GETBILL_DEFAULT_CURRENCY sets it)."
            + (f" The headers are in {spoken[0]}: if the amounts are in {spoken[1]}, set it to that currency and run "
               "again." if spoken else "")
        )
    validation.notices.extend(_in_court(read, mapping, settings, validation))
    if not validation.valid:
        # (nothing is imported: the notice says what would be, once the rows are mended)
        read.source.notices[:] = [n.replace(IMPORTED_AT_TOTAL, "every invoice would be imported at its total", 1)
                                  if n.startswith(NOTHING_TELLS_SAID) else n for n in read.source.notices]
    problems = concat_problems([read.problems, validation.problems, _balance_above_total(read, mapping, settings, vopts),
                                _disputed(read, mapping, settings, vopts, validation), insolvent, unknown])
    payments = ledger_payments(read, mapping, columns, vopts)
    settling = left_out_rows(before, pl.concat(left_out), mapping, columns, vopts) if before is not None else None
    return PreparedFile(path, read, mapping, validation, problems, changes, ledger_payments=payments,
                        left_out=settling, owed=owed)


def _header_language(mapping: MappingResult, settings: Settings, read: ReadResult | None = None) -> tuple[str, ...]:
    """The language most of the mapped headers are written in ("Nombre", "TELEFONO": es), a word
    of several languages counting for each in part; () when none leads clearly. Spanish and
    Portuguese share many headers ("cliente", "valor"): the letters of the file's text tell them
    apart ("João", "Conceição": pt)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import SAMPLE_SIZE

    weight: dict[str, float] = {}
    for col in mapping.columns:
        if col.status == "unmapped":
            continue
        term = match_header(col.column, settings.mappings_dir).term
        spoken = [lang.strip() for lang in term.language.split(",")] if term is not None else []
        for language in spoken:
            weight[language] = weight.get(language, 0.0) + 1 / len(spoken)
    ranked = sorted(weight.items(), key=lambda found: -found[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] * LEADING_LANGUAGE > ranked[0][1]):
        return ()
    if ranked[0][0] in ("es", "pt") and {"es", "pt"} <= set(weight) and read is not None:
        texts = [c.column for c in mapping.columns if c.status != "unmapped" and c.column in read.frame.columns
                 and read.frame.schema[c.column] == pl.String]
        written = " ".join([c.column for c in mapping.columns] + [
            v for c in texts for v in read.frame.get_column(c).head(SAMPLE_SIZE).drop_nulls().to_list()])
        portuguese, spanish = re.search(PORTUGUESE_LETTERS, written), re.search(SPANISH_LETTERS, written)
        if portuguese and not spanish:
            return ("pt",)
        if spanish and not portuguese:
            return ("es",)
    if ranked[0][0] == "cs":
        # Slovak reads as Czech in the vocabulary; its own letters tell it ("Odberateľ", "Dátum
        # splatnosti" beside "faktúry"), Czech's (ě, ř, ů) tell the other
        written = " ".join(c.column for c in mapping.columns)
        if re.search(SLOVAK_LETTERS, written) and not re.search(CZECH_LETTERS, written):
            return ("sk",)
    return (ranked[0][0],)


#: letters Slovak writes and Czech does not, and the other way round
SLOVAK_LETTERS, CZECH_LETTERS = r"[ľĺŕôäĽĹŔÔÄ]|\Bú", "[ěřůĚŘŮ]"
#: letters Portuguese writes and Spanish does not, and the other way round
PORTUGUESE_LETTERS, SPANISH_LETTERS = "[ãõÃÕ]", "[ñÑ¿¡]"


#: how far the language of a file's headers must lead the next one to be said the file's
LEADING_LANGUAGE = 1.2


#: the share of a credit period's values that are days (a whole number up to ``_MAX_TERM_DAYS``)
_TERMS_SHARE = 0.9
_MAX_TERM_DAYS = 720


def _due_from_credit_period(read: ReadResult, mapping: MappingResult, settings: Settings, validation: ValidationResult) -> bool:
    """A file with no due date whose invoices give their issue date and their credit period in days
    ("Inv Date" and "Days Limit": 30): each invoice falls due that many days after its issue, said.
    Whether it did."""
    from getbill_import.mapping.values import credit_period_header

    fields = mapping.field_columns()
    issued = fields.get("issue_date")
    if "due_date" in fields or issued is None or mapping.ledger is not None or not validation.cases.height:
        return False
    column = next((c.column for c in mapping.columns if c.status == "unmapped" and c.column in read.frame.columns
                   and credit_period_header(c.column, settings.mappings_dir)), None)
    if column is None:
        return False
    text = read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None)
    days = text.str.extract(r"^(?:net\s*)?(\d{1,3})(?:[.,]0+)?(?:\s*\w*)?$").cast(pl.Int64, strict=False)
    written = int(text.is_not_null().sum())
    if not written or int((days <= _MAX_TERM_DAYS).sum()) < _TERMS_SHARE * written:
        return False
    terms = pl.DataFrame({LINE: read.frame.get_column(LINE), "days": days})
    cases = validation.cases.join(terms, on=LINE, how="left")
    due = pl.col("issue_date") + pl.duration(days=pl.col("days"))
    cases = cases.with_columns(pl.coalesce(pl.col("due_date"), due).alias("due_date")).drop("days")
    found = int(cases["due_date"].is_not_null().sum())
    if not found:
        return False
    validation.cases = cases
    validation.notices.append(
        f"due_date: no column gives it; each invoice falls due its credit period ('{column}', in days) after its issue "
        f"date ('{issued}'): {found:,} due date(s) found so."
    )
    return True


#: how every notice about a file that names no currency begins
NO_CURRENCY_SAID = "No column gives the currency"
#: the currencies of the countries whose language the headers are in, beside the default one taken for
#: want of anything else: said, as a file in Spanish is more often in a peso than in euros
LANGUAGE_CURRENCIES = {
    "es": ("Spanish", "a peso (MXN, COP, ARS, CLP…), soles (PEN) or dollars (USD)"),
    "pt": ("Portuguese", "reais (BRL) or kwanzas (AOA)"),
    "ar": ("Arabic", "riyals (SAR, QAR), dirhams (AED, MAD), pounds (EGP) or dinars (KWD, TND…)"),
    "ru": ("Russian", "roubles (RUB), tenge (KZT) or hryvnias (UAH)"),
}


#: the rows a list leaves out as not owed: LINE, why ("paid", "cancelled", "draft"), said, and the
#: date it was paid as written (or null)
LEFT_OUT: dict[str, Any] = {LINE: pl.Int64, "why": pl.String, "said": pl.String, "paid_on": pl.String}


#: the roles of an amount's header naming an invoice's total ("Total Signed", "Montant TTC", "Invoice Amount")
_TOTAL_ROLES = frozenset({"total tax included"})


def _say_partly_paid(read: ReadResult, mapping: MappingResult, settings: Settings) -> tuple[pl.Series, str]:
    """Invoices a status says are paid in part, in a file that gives their total alone (no
    balance, no amount paid). Under a header naming the total ("Total Signed": Odoo's), what remains
    is unknown: returns those rows and what their status says, for ``_owed_unknown`` to reject. Under
    a bare "Amount", which may be what remains, they are imported at it, said in a notice."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.layout import partly_paid_rows

    lines, said = partly_paid_rows(read.frame, mapping, settings.mappings_dir)
    amount = mapping.field_columns().get("amount")
    if lines.len() and amount in read.frame.columns:
        # a credit note paid in part is no invoice imported at its total (it is refused as negative)
        written = pl.col(amount).cast(pl.String).str.strip_chars().str.contains(_WRITTEN_NEGATIVE).fill_null(False)
        lines = read.frame.filter(pl.col(LINE).is_in(lines.implode()) & ~written)[LINE]
    if not lines.len():
        return lines, said
    if amount is not None and match_header(amount, settings.mappings_dir).role in _TOTAL_ROLES:
        read.source.notices.append(
            f"{lines.len():,} invoice(s) are paid in part by their status ({said}; {_said_rows(lines)}), and the "
            f"file gives their total ('{amount}'), not what remains: they are not imported, their total would claim "
            "more than is owed (error amount-owed-unknown). Export the amount still due (a balance or 'Amount Due' "
            "column), or the amount paid, to import what is owed."
        )
        return lines, said
    read.source.notices.append(
        f"{lines.len():,} invoice(s) are paid in part by their status ({said}; {_said_rows(lines)}), and the "
        f"file gives '{amount}', which may be their total: they are imported at it. If it is the total, export the "
        "amount still due (a balance or 'Amount Due' column), or the amount paid, to import what is owed."
    )
    return pl.Series(LINE, [], dtype=pl.Int64), said


def _owed_unknown(
    read: ReadResult, mapping: MappingResult, options: ValidationOptions, validation: ValidationResult,
    partial: tuple[pl.Series, str],
) -> tuple[ValidationResult, pl.DataFrame]:
    """An error on each case a status says is paid in part whose amount is the invoice's total
    (``_say_partly_paid``): what is still owed is not in the file, and the case is no longer valid."""
    from getbill_import.validate._common import Context, problem_frame

    lines, said = partial
    amount = mapping.field_columns().get("amount")
    rows = read.frame.filter(pl.col(LINE).is_in(lines.implode()) & pl.col(LINE).is_in(_valid_lines(validation).implode()))
    if not rows.height or amount not in rows.columns:
        return validation, pl.DataFrame(schema=PROBLEM_SCHEMA)
    problems = problem_frame(
        rows.select(LINE, amount), Context({"amount": amount}, read.source.sheet, options), field="amount",
        value=pl.col(amount), code="amount-owed-unknown",
        message=pl.format(
            "The invoice is paid in part ({}) and '{}' is its total, not what remains: the row is not imported, its total "
            "would claim more than is owed. Export the amount still due, or the amount paid, with the invoices.",
            pl.lit(said), pl.lit(amount)),
    )
    cases = validation.cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(rows[LINE].implode())).alias(VALID))
    return dataclasses.replace(validation, cases=cases), problems


def _say_payables_by_name(read: ReadResult, settings: Settings, path: Path) -> None:
    """A file whose name says it lists payables, purchases or expenses ("wydatki_2026.csv",
    "AP_aging.xlsx") is said to: its parties are most likely suppliers, owed by the company; and one
    whose name says it lists quotes or orders ("preventivi.csv"): nothing in it is billed yet."""
    from getbill_import.mapping.values import names_payables, names_quotes

    if not read.frame.height:
        return
    if (word := names_payables(path.stem, settings.mappings_dir)) is not None:
        read.source.notices.append(
            f"The file's name ('{path.name}') says it lists payables, purchases or expenses ('{word}'): what your company "
            "owes its suppliers is no debt to collect. Check that its rows are your customers' invoices before importing."
        )
    elif (word := names_quotes(path.stem, settings.mappings_dir)) is not None:
        read.source.notices.append(
            f"The file's name ('{path.name}') says it lists quotes or orders ('{word}'): what is quoted or ordered is not "
            "yet billed, no debt to collect. Check that its rows are invoices sent before importing."
        )


def _quotes_named_refusal(read: ReadResult, settings: Settings) -> str:
    """Why a workbook whose name and whose sheet's both say it lists quotes or orders
    ("angebote_offen.xlsx", its sheet "Angebote") cannot be imported as debts: nothing in it is billed
    yet; "" otherwise (its name alone is said: ``_say_payables_by_name``)."""
    from getbill_import.mapping.values import names_quotes

    path = Path(read.source.path)
    if not read.source.sheet or (word := names_quotes(path.stem, settings.mappings_dir)) is None \
            or names_quotes(read.source.sheet, settings.mappings_dir) is None:
        return ""
    return (f"{path.name} cannot be imported as debts: its name ('{word}') and its sheet ('{read.source.sheet}') say it "
            "lists quotes or orders: what is quoted or ordered is not yet billed, not invoices owed. Export the unpaid "
            "invoices instead (an aged receivables or open invoices report).")


def _quantity_and_price(read: ReadResult, mappings_dir: Path, besides: str | None = None) -> list[str]:
    """The headers of a line sold's quantity and its item's price ("Qty", "Sales Price"), other than
    ``besides`` (the amount), both or [] (a file with no line of a sale)."""
    from getbill_import.mapping.values import header_says, names_an_item_price

    found = [next((h for h in read.headers if h != besides and header_says(h, "quantity_words", mappings_dir)), None),
             next((h for h in read.headers if h != besides and names_an_item_price(h, mappings_dir)), None)]
    return [h for h in found if h is not None] if all(found) else []


def _sales_report_refusal(read: ReadResult, settings: Settings, path: Path) -> str:
    """Why a list with nothing saying which invoices are owed (``_nothing_tells_owed``) cannot be
    imported when it is a report of sales grouped under labels, by item or by customer, its lines'
    quantities and prices beside them (QuickBooks' "Sales by Item Detail"): it lists what was sold,
    not what is owed; "" for another file."""
    lines = _quantity_and_price(read, settings.mappings_dir)
    if read.group_labels is None or not lines:
        return ""
    return _lists_no_debts(path.name, "a report of sales grouped under labels (by item or by customer)",
                           lines, "each line sold, its quantity and price, not what is still owed",
                           ", such as the A/R Aging Detail")


def _sales_lines_refusal(read: ReadResult, mapping: MappingResult, settings: Settings, path: Path) -> str:
    """Why a list with nothing saying which invoices are owed (``_nothing_tells_owed``) cannot be
    imported when its rows are the lines sold, each one's quantity, unit price and what it cost or
    earned beside it (WinMentor's sales detail: "Cantitate", "Pret", "Adaos", "Cost"): a sales
    analysis, not what is owed; "" for another file, or when the user named the amount himself."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import header_says, names_an_item_price, product_code_headers

    amount = mapping.field_columns().get("amount")
    if amount is None or amount in mapping.set_by_hand:
        return ""
    lines = _quantity_and_price(read, settings.mappings_dir, amount)
    margin = next((h for h in read.headers if h != amount and header_says(h, "sales_margin_words", settings.mappings_dir)), None)
    reference = mapping.field_columns().get("reference")
    product = next((h for h in read.headers if normalize_header(h) in product_code_headers(settings.mappings_dir)), None)
    # (the amount a unit's price, times a quantity beside it, a product named on each line and what it cost: Odoo's
    # invoice lines analysed, every one posted over years, nothing saying which are owed)
    quantity = next((h for h in read.headers if h != amount and header_says(h, "quantity_words", settings.mappings_dir)), None)
    item = next((h for h in read.headers if h not in (amount, margin) and header_says(h, "product_words", settings.mappings_dir)), None)
    if margin is not None and quantity is not None and item is not None and names_an_item_price(amount, settings.mappings_dir):
        return _lists_no_debts(path.name, "a report of the lines sold", [item, quantity, amount, margin],
                               "each product sold, its quantity, unit price and cost, and nothing that says which invoices "
                               "are still owed, not what is owed; if every invoice of it is unpaid, name its amount yourself "
                               f"to import them all: --set '{amount}=amount'", ", such as the A/R Aging Detail")
    if margin is None and lines and product is not None and reference in (None, DEBTOR_REFERENCE, DEBTOR_PERIOD_REFERENCE, product):
        # each product sold (its code, quantity and price) and no column numbering an invoice: a sales
        # history, its rows named by their customer and day, or by the product's code
        return _lists_no_debts(path.name, "a report of the lines sold", [product, *lines],
                               "each item sold, its quantity and price, and no invoice's number, not what is still owed",
                               ", such as the A/R Aging Detail")
    if margin is None:
        return ""
    if not lines:
        # a margin beside what the sales cost, no quantity nor price: the sales analysed by customer or by day
        said = {h: (header_says(h, "sales_margin_words", settings.mappings_dir), header_says(h, "sales_cost_words", settings.mappings_dir))
                for h in read.headers if h != amount}
        earned = next((h for h, (m, c) in said.items() if m and not c), None)
        cost = next((h for h, (_, c) in said.items() if c), None)
        if earned is None or cost is None:
            return ""
        return _lists_no_debts(path.name, "a report of sales and their margins", [amount, earned, cost],
                               "what was sold and what it earned, not what is still owed", ", such as the A/R Aging Detail")
    return _lists_no_debts(path.name, "a report of the lines sold", [*lines, margin],
                           "each item sold, its quantity, price and margin or cost, not what is still owed",
                           ", such as the A/R Aging Detail")


def _issued_register_refusal(read: ReadResult, mapping: MappingResult, settings: Settings, path: Path) -> str:
    """Why a list with nothing saying which invoices are owed (``_nothing_tells_owed``) cannot be
    imported when it is a register of the invoices issued: each one's amount before tax and its tax
    beside its total, and no due date (Koinor's "totnet", "totiva", "totfac": a month's sales); ""
    for another file, or when the user named the amount himself (every invoice of it is unpaid)."""
    from getbill_import.mapping.headers import match_header

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if amount is None or "due_date" in fields or amount in mapping.set_by_hand:
        return ""
    roles = {h: match_header(h, settings.mappings_dir).role for h in (amount, *read.headers)}
    net = next((h for h in read.headers if roles[h] == "amount before tax"), None)
    tax = next((h for h in read.headers if roles[h] == "tax"), None)
    if roles[amount] not in _TOTAL_ROLES or net is None or tax is None:
        return ""
    return _lists_no_debts(
        path.name, "a register of the invoices issued", [net, tax, amount],
        "each invoice's amount before tax, its tax and its total, with no due date and nothing that says which are "
        "still owed", f"; if every invoice of it is unpaid, name its amount yourself to import them all: --set '{amount}=amount'")


#: how the notice of a list with nothing saying which invoices are owed begins, and what it says is done
NOTHING_TELLS_SAID = "Nothing in the file says which invoices are still owed"
IMPORTED_AT_TOTAL = "every invoice is imported at its total"


def _blank_throughout(read: ReadResult, column: str | None) -> str | None:
    """``column`` when it is blank on every row of the file, else None."""
    if column is None or column not in read.frame.columns or not read.frame.height:
        return None
    values = read.frame.get_column(column).cast(pl.String)
    # (the first rows settle most columns: one written among them)
    for rows in (values.head(_SIGN_SAMPLE), values):
        if rows.str.contains(r"\S").fill_null(False).any():
            return None
    return column


def _say_nothing_tells_owed(read: ReadResult, amount: str) -> None:
    """A list of invoices with nothing saying which are still owed (``_nothing_tells_owed``) imports
    every invoice at its total ``amount``, said: the paid ones are collected too."""
    read.source.notices.append(
        f"{NOTHING_TELLS_SAID} (no balance or amount due, no amount paid, no status of payment): "
        f"{IMPORTED_AT_TOTAL} ('{amount}') as owed. If some are paid, export the open items only, "
        "or a column of their status or of what remains due."
    )


def _nothing_tells_owed(read: ReadResult, mapping: MappingResult, settings: Settings, path: Path) -> str | None:
    """The amount's column of a list of invoices with nothing saying which are still owed (no
    balance, no amount paid, no status or paid flag, a name that is no list of open items: "fatture
    emesse", a register of the invoices issued); None for another file."""
    from getbill_import.mapping.layout import age_buckets, holds_statuses, paid_columns
    from getbill_import.mapping.values import (
        flag_polarity,
        header_says,
        names_a_status,
        names_open_items,
        speaks_of_payment,
    )

    amount = mapping.field_columns().get("amount")
    if amount is None or mapping.row_rules or not read.frame.height or paid_columns(read.frame, mapping, settings.mappings_dir):
        return None
    if any(header_says(h, "dunning_words", settings.mappings_dir) for h in read.headers):
        # a dunning level or a count of reminders ("Mahnstufe", "followup_count"): invoices being chased
        return None
    if len(age_buckets(read.frame, mapping, settings.mappings_dir)) >= 2:
        # an aged balance writes what is owed, by age
        return None
    titles = [e.text for e in read.source.excluded_lines if e.reason == "title" and e.text]
    if any(names_open_items(n, settings.mappings_dir) for n in (path.stem, read.source.sheet or "", *titles)):
        return None
    used = set(mapping.field_columns().values())
    for header in read.frame.columns:
        if header not in read.headers or header in mapping.set_by_hand:
            # (a column the user set aside says nothing of the rows)
            continue
        if header_says(header, "e_invoice_words", settings.mappings_dir):
            # an e-invoice's state at the tax authority ("Situação da NFe": Pendente, Emitida)
            continue
        if flag_polarity(header, settings.mappings_dir) is not None or flag_polarity(
                header, settings.mappings_dir, dated=True) is not None:
            return None
        column = read.frame.get_column(header)
        # a status column speaks of payment when one of its values does ("approved" alone does not);
        # a column mapped to a field holds none (its values read only when its header names a status)
        named = names_a_status(header, settings.mappings_dir)
        if (named or (header not in used and holds_statuses(column, settings.mappings_dir))) \
                and speaks_of_payment(column, settings.mappings_dir):
            return None
    return amount


def _owed_rows(
    read: ReadResult, mapping: MappingResult, settings: Settings, remainders: pl.DataFrame | None, paid_named: str
) -> OwedRows | None:
    from getbill_import.mapping.layout import is_balance

    amount = mapping.field_columns().get("amount")
    if amount is None or mapping.row_rules:
        return None
    if amount in read.frame.columns and is_balance(amount, mapping, settings.mappings_dir):
        return OwedRows(f"'{amount}' (the balance)")
    if remainders is not None:
        return OwedRows(f"'{amount}' less {paid_named}", remainders[LINE])
    return None


def left_out_rows(
    before: tuple[pl.DataFrame, pl.Series | None, pl.DataFrame | None], left: pl.DataFrame, mapping: MappingResult,
    columns: dict[str, str], options: ValidationOptions,
) -> LeftOut | None:
    """The rows a list left out as paid, cancelled or a draft (``left``, with why, said and paid_on),
    mapped, to be read as the cases of earlier imports they may be (``LeftOut.settlements``).
    None when there is none."""
    from getbill_import.mapping import apply_mapping

    left = left.unique(LINE, keep="first", maintain_order=True)
    if not left.height:
        return None
    frame, labels, joined = before
    keep = frame.get_column(LINE).is_in(left[LINE].implode())
    mapped = _unescape_formula_guards(apply_mapping(
        frame.filter(keep), mapping, group_labels=None if labels is None else labels.filter(keep),
        joined=None if joined is None else joined.filter(keep),
    ))
    return LeftOut(mapped, left, columns, options)


@dataclass(frozen=True)
class LeftOut:
    """The rows a list left out as not owed, mapped (``mapped``), with why (``left``: LEFT_OUT), and
    how its case rows were validated."""

    mapped: pl.DataFrame
    left: pl.DataFrame
    columns: dict[str, str]
    options: ValidationOptions

    def settlements(self) -> pl.DataFrame:
        """The rows as the cases of earlier imports they may be: LINE, reference, currency, paid_on
        (read as the case rows are: a payment date as dates are), owed (0 when paid, null when
        cancelled or a draft), why and said. A draft records nothing, but names an invoice."""
        from getbill_import.validate import validate_frame

        # the payment date read as the dates of the cases are (in the place of the issue date)
        dates = self.mapped.select(LINE).join(self.left.select(LINE, "paid_on"), on=LINE, how="left",
                                              maintain_order="left")
        typed = validate_frame(self.mapped.with_columns(dates["paid_on"].alias("issue_date")), columns=self.columns,
                               options=self.options).cases
        return typed.select(LINE, "reference", "currency", pl.col("issue_date").alias("paid_on")).join(
            self.left.drop("paid_on"), on=LINE, how="inner",
        ).with_columns(
            pl.when(pl.col("why") == "paid").then(pl.lit(0.0)).otherwise(None).alias("owed")
        ).filter(pl.col("reference").is_not_null()).select(
            LINE, "reference", "currency", "paid_on", "owed", "why", "said",
        )


def ledger_payments(
    read: ReadResult, mapping: MappingResult, columns: dict[str, str], options: ValidationOptions
) -> pl.DataFrame | None:
    """A ledger's credits to invoices that are not in the file, read as its cases are (amount,
    currency, date): LINE, ACCOUNT_COLUMN, reference, amount, currency, paid_on. None when there is
    none; rows whose amount or reference cannot be read are left out."""
    from getbill_import.mapping import apply_mapping
    from getbill_import.mapping.layout import ACCOUNT_COLUMN
    from getbill_import.validate import validate_frame

    credits = read.ledger_credits
    if credits is None or not credits.height:
        return None
    typed = validate_frame(apply_mapping(credits, mapping), columns=columns, options=options).cases
    return pl.DataFrame([
        typed[LINE], credits[ACCOUNT_COLUMN], typed["reference"], typed["amount"], typed["currency"],
        typed["issue_date"].alias("paid_on"),
    ]).filter(pl.col("reference").is_not_null() & pl.col("amount").is_not_null() & (pl.col("amount") > 0))


def write_reports(
    prepared: PreparedFile, *, report: Path | str | None = None, fix: Path | str | None = None
) -> FixResult | None:
    """Write the error report and/or the corrected copy the user asked for."""
    context = prepared.report_context()
    if report is not None:
        prepared.reports["report"] = str(
            write_report(report, prepared.problems, context=context, notices=prepared.report_notices)
        )
    fixed = None
    if fix is not None:
        fixed = write_fixed_copy(fix, prepared.read.frame, prepared.problems, context=context)
        prepared.reports["fix"] = str(fixed.path)
        prepared.report_notices.extend(fixed.notices)
    return fixed


#: headers named in the message of a file that lacks a required field (all of them are in its
#: JSON document)
MAX_NAMED_COLUMNS = 40


def debtors_advice(
    missing: list[str], *, joined: bool, headers: Sequence[str] = (), mappings_dir: Path | str | None = None
) -> str:
    """What to do when the debtor's name is missing and no debtors file was given: an export that
    names its debtors by number alone takes their names from its customer master file, or names
    each debtor by its number (the first of ``headers`` the vocabulary reads as a customer's number
    or code). A file that lacks the reference, not the name, and has such a column is a list of
    balances per customer: its number names each debt. The text names the option as ``{debtors}``."""
    from getbill_import.mapping.headers import names_customer_number

    number = next((h for h in headers if names_customer_number(h, str(mappings_dir))), None) if mappings_dir else None
    if "debtor.name" in missing and joined:
        # the customer master was joined, and names no one either
        return (" The debtors file names no debtor either (none of its columns reads as a name): name one of its "
                "columns (--set 'COLUMN=debtor.name')"
                + (f", or name each debtor by what '{number}' holds: --set '{number}=debtor.name'." if number else "."))
    if "debtor.name" not in missing or joined:
        # a list of balances per customer numbers no invoice: each debt is its customer's
        return (f" A list of balances per customer names no invoice: to name each debt by what '{number}' holds, run "
                f"with --set '{number}=reference'." if number and "reference" in missing and "amount" not in missing else "")
    # (DATEV's booking batches name their customers' file; another export, its customer list)
    datev = any(h.startswith(DATEV_BATCH_HEADERS) for h in headers)
    master = "DATEV's Debitoren/Kreditoren" if datev else "your customer list, each customer's number beside its name"
    return (
        f" If the debtors' names are in another file (a customer master export such as {master}), give it with {{debtors}}"
        + (f"; to name each debtor by what '{number}' holds instead, run with --set '{number}=debtor.name'."
           if number else ".")
    )


#: the headers of a DATEV booking batch ("Umsatz (ohne Soll/Haben-Kz)", "Gegenkonto (ohne BU-Schlüssel)")
DATEV_BATCH_HEADERS = ("Umsatz (ohne Soll/Haben-Kz)", "Gegenkonto (ohne BU-Schl", "Belegfeld 1")


def _payments_only(read: ReadResult) -> bool:
    """A ledger whose postings are all payments (and credits) of earlier files' invoices: it makes
    no case, and needs no column a case needs."""
    return not read.frame.height and read.ledger_credits is not None and read.ledger_credits.height > 0


#: the headers of a payments export a refused file must have to be said to be one
PAYMENT_EXPORT_COLUMNS = 2


def _statement_advice(read: ReadResult, mappings_dir: Path) -> str:
    """Said of a bank account's statement (``bank_statement_columns``) refused for a missing column,
    as ``map`` refuses it: it lists no debts, whatever column is named ("" for another file)."""
    from getbill_import.mapping.values import bank_statement_columns

    found = bank_statement_columns(list(read.headers), mappings_dir)
    return " " + _statement_refusal(Path(read.source.path).name, found) if found else ""


def _payments_advice(read: ReadResult, mappings_dir: Path, missing: Sequence[str] = ()) -> str:
    """What to do with a payments or orders export refused for a missing column: it is no list of
    unpaid invoices, and it can settle cases instead."""
    from getbill_import.mapping.values import (
        failure_column,
        header_says,
        payment_export_columns,
        supplier_columns,
    )

    # (a payments record whose paid charges were left out by their status is no list of failed ones)
    settled = any(e.reason == "closed" for e in read.source.excluded_lines)
    failed = None if settled else failure_column(read.frame, list(read.headers), mappings_dir)
    if failed is not None:
        # a processor's charges that all failed ("failure_code": card_declined on each): no money came in
        example = read.frame.get_column(failed).cast(pl.String).str.strip_chars().drop_nulls()[0]
        # (each charge's own id, "payment_id": pay_1000, numbers it)
        charge = next((h for h in read.headers if "reference" in missing and h in read.frame.columns
                       and header_says(h, "receipt_id_headers", mappings_dir) and _own_on_every_row(read, h)), None)
        numbered = f", and each charge its number with --set '{charge}=reference'" if charge else ""
        return (
            f" Every row's payment failed ('{failed}' is written on each: '{example}'): the money was not received, and "
            "each charge may still be owed. To import them, give each its debtor: your customer list with --debtors, "
            f"or a column with --set 'COLUMN=debtor.name'{numbered}."
        )
    # (a column blank on every row, a payment's id never filled in, says nothing was paid)
    found = [h for h in payment_export_columns(read.headers, mappings_dir) if h not in read.frame.columns
             or read.frame.get_column(h).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().len()]
    instead = (
        "export the invoices still owed instead, or, to mark cases paid with these payments, run "
        f"'getbill-import payments import {Path(read.source.path).name}'."
    )
    if len(found) >= PAYMENT_EXPORT_COLUMNS:
        named = ", ".join(repr(h) for h in found[:3])
        return f" Its columns ({named}) are those of a payments or orders export, not of a list of unpaid invoices: {instead}"
    dated = _dated_on_every_row(read, mappings_dir)
    if dated and (paid_to := _written_columns(read, supplier_columns(read.headers, mappings_dir, strict=True))):
        # (a council's payments over £500, each to a supplier: paid out, not received)
        return (
            f" Every row has a date of payment in '{dated}' and '{paid_to[0]}' names suppliers: the file is a log of "
            "payments made to suppliers, no debt to collect. Export your customers' unpaid invoices instead."
        )
    if dated:
        return (
            f" Every row has a date of payment in '{dated}': the file is a log of payments received, not a list of "
            f"unpaid invoices: {instead}"
        )
    if "amount" in missing and (paid := _paid_amounts_only(read, mappings_dir)):
        return (
            f" Its only amounts, in '{paid}', are amounts paid, written on every row: the file is a log of payments "
            f"received, not a list of unpaid invoices: {instead}"
        )
    return ""


def _paid_amounts_only(read: ReadResult, mappings_dir: Path) -> str:
    """The column of amounts paid ("AmountPaid", "payment.amount": a word of payment in its header,
    none of an id, a mode, a limit or an expectation) written on (nearly) every row of a file none of
    whose headers names a balance owed or reads as the amount, nor any other column holds amounts
    with cents (a bill's "TotalCost" beside it); "" for another file."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import header_says, written_share

    if not read.frame.height or any(header_says(h, "balance_header_words", mappings_dir)
                                    or match_header(h, mappings_dir).field == "amount" for h in read.headers):
        return ""

    def share(header: str, pattern: str) -> float:
        written = read.frame.get_column(header).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        return float(written.str.contains(pattern).mean() or 0.0) if written.len() else 0.0  # type: ignore[arg-type]

    for header in read.headers:
        if (header not in read.frame.columns or not header_says(header, "paid_amount_words", mappings_dir)
                or header_says(header, "not_paid_amount_words", mappings_dir)
                or written_share(read.frame.get_column(header)) < PAYMENTS_LOG_SHARE or share(header, _WRITTEN_NUMBER) < PAYMENTS_LOG_SHARE):
            continue
        # (most of another column's values with cents: money besides what was paid)
        if any(h != header and h in read.frame.columns and share(h, _WITH_CENTS) >= OTHER_MONEY_SHARE for h in read.headers):
            return ""
        return header
    return ""


#: the share of another column's values written with cents for it to hold money beside the amounts paid
OTHER_MONEY_SHARE = 0.5
#: a number as a cell writes it, a sign, a currency's symbol, brackets or groups of digits around it
#: ("10000", " 2,100.00 ", "€ 45,50", "(12.00)"), and one written with cents
_WRITTEN_NUMBER = r"^[-+(]?[^\d\s]{0,3}\s?\d[\d.,'\s]*\)?$"
_WITH_CENTS = r"^[-+(]?[^\d\s]{0,3}\s?\d[\d.,'\s]*[.,]\d{1,2}\)?$"


#: the share of rows a column of payment dates is written on, for a file to be a log of payments
PAYMENTS_LOG_SHARE = 0.95


def _dated_on_every_row(read: ReadResult, mappings_dir: Path) -> str:
    """The column naming the date an invoice was paid ("Date paid", "FECHA_RECAUDO") written on
    (nearly) every row, in dates ("Payee": Quincy is no date), "" when none is."""
    from getbill_import.mapping.values import flag_polarity, profile_values, sample_column

    for header in read.frame.columns:
        if header in read.headers and flag_polarity(header, mappings_dir, dated=True) is True:
            values = read.frame.get_column(header)
            written = values.cast(pl.String).str.strip_chars().replace("", None)
            if (
                read.frame.height and written.is_not_null().mean() >= PAYMENTS_LOG_SHARE  # type: ignore[operator]
                # (dates as written: amounts paid of 50000 or 75000 read as a spreadsheet's day numbers too)
                and profile_values(sample_column(values), mappings_dir).share("date") >= PAYMENTS_LOG_SHARE
            ):
                return header
    return ""


def _payables_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for a missing name whose party column names suppliers ("Vendor"), or
    refused for another column when no column names customers beside its suppliers ("Dodavatel"
    beside a bill's "Název"): what a company owes its suppliers is no debt to collect."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import (
        customer_name_headers,
        header_says,
        names_payables,
        supplier_columns,
    )

    customer_names = customer_name_headers(mappings_dir)
    customers = [h for h in read.headers if header_says(h, "party_words", mappings_dir) or normalize_header(h) in customer_names]
    # (a customer's column beside a supplier's: Sage Intacct's invoice lines write a 'vendorname' of nothing
    # beside their 'customername')
    found = _written_columns(read, supplier_columns(read.headers, mappings_dir)) if not customers or (
        "debtor.name" in missing and not _written_columns(read, customers)) else []
    path = Path(read.source.path)
    if not found and "debtor.name" in missing and (word := names_payables(path.stem, mappings_dir)) is not None:
        # (SAP's open supplier items, "openstaande crediteuren": no column names the party at all)
        return (f" The file's name ('{path.name}') says it lists payables, purchases or expenses ('{word}'): what "
                "your company owes its suppliers is no debt to collect. Export your customers' open items instead.")
    sheet = read.source.sheet or ""
    if not found and "debtor.name" in missing and sheet and (word := names_payables(sheet, mappings_dir)) is not None:
        # (an accounting package's ledger of "Other Payable", its party a "Vendor/Client")
        return (f" Its sheet ('{sheet}') says it lists payables, purchases or expenses ('{word}'): what your company "
                "owes its suppliers is no debt to collect. Export your customers' open items instead.")
    if not found:
        return ""
    named = ", ".join(repr(h) for h in found[:3])
    its = f"Its column {named} names" if len(found) == 1 else f"Its columns {named} name"
    return (
        f" {its} suppliers: a list of what is owed to suppliers (payables) holds no debt to "
        "collect. If the file does list your customers, name their column (--set 'COLUMN=debtor.name')."
    )


def _ledger_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for a missing name whose columns are a ledger of accounts' ("Account",
    "Debit", "Credit"): its accounts (purchases, a bank, the tax office) are no debtors, and no
    column of them is offered as the debtor's name."""
    from getbill_import.mapping.values import account_sides_columns, ledger_of_accounts_columns

    found = (ledger_of_accounts_columns(list(read.headers), mappings_dir)
             or account_sides_columns(read.frame, list(read.headers), mappings_dir)) if "debtor.name" in missing else []
    if not found:
        return ""
    return (
        f" Its columns {', '.join(repr(h) for h in found)} are those of a ledger of accounts (a general ledger, a "
        "journal), whose accounts (sales, purchases, a bank, taxes) are no debtors: export the open invoices or the "
        "aged receivables instead, which name each customer."
    )


def missing_advice(read: ReadResult, mapping: MappingResult, mappings_dir: Path, *, joined: bool = False) -> str:
    """What to do with a file that lacks a required column, the same for ``import``, ``validate``
    and ``map``: a payments export or log, a list of payables, a customer master to join, a debtor
    written twice in a list of balances per debtor ("" when nothing more is known)."""
    from getbill_import.mapping.columns import PERIODS_SAID

    missing = mapping.missing_required()
    periods = next((n for n in mapping.notices if n.startswith(PERIODS_SAID)), "") if "amount" in missing else ""
    # (a header longer than its rows puts every value under another column's name: said first)
    shifted = next((f" {n}" for n in read.source.notices if n.startswith(HEADER_LONGER_SAID)), "")
    # (the rows of the workbook's other sheets of the same columns are not read either: said, as the user
    # who supplies what is missing imports that sheet alone)
    shifted += next((f" {n}" for n in read.source.notices if n.startswith(SAME_COLUMNS_SAID)), "")
    kind = _kind_advice(read, missing, mappings_dir) or _running_balance_advice(read, mapping, missing, mappings_dir)
    advice = shifted + (
        kind
        or (f" {periods}" if periods else "")
        or _customer_list_advice(read, mapping, missing, mappings_dir)
        or _valuation_advice(read, missing, mappings_dir)
        # (a column already mapped, the debtor's number taken for its name, is no other field's)
        or debtors_advice(missing, joined=joined, mappings_dir=mappings_dir,
                          headers=[h for h in read.headers if h not in set(mapping.field_columns().values())
                                   # one number on every row (a ledger's G/L account) names no debtor
                                   # (its blanks, the rows of a report's customers' names, counted out)
                                   and not (read.frame.height > 1 and h in read.frame.columns
                                            and read.frame.get_column(h).cast(pl.String).str.strip_chars()
                                            .replace("", None).drop_nulls().n_unique() <= 1)])
        or _debtors_written_twice(read, mapping, missing)
        or _row_key_advice(read, mapping, missing, mappings_dir)
        or _composed_key_advice(read, mapping, missing, mappings_dir)
    ) + _net_amount_advice(read, mapping, missing, mappings_dir) + _names_described_advice(read, mapping, missing, mappings_dir) \
        + _codes_for_names_advice(read, mapping, missing) + _money_named_advice(read, mapping, missing, mappings_dir)
    # (what the file is, when said, needs no word of caution; the word is for the advice naming a number)
    if not kind and "=debtor.name'" in advice and "debtor.name" in missing and not _says_debts_owed(read, mapping, mappings_dir):
        advice += (" Nothing in the file says its rows are debts still owed (no invoice, due date, balance or status of "
                   "payment): check that they are before naming a column.")
    return advice


def _says_debts_owed(read: ReadResult, mapping: MappingResult, mappings_dir: Path) -> bool:
    """Whether something in a file says its rows are debts still owed: a due date, a header naming
    an invoice, a bill, a debt, a balance or what was paid, an amount read as a balance, a column of
    statuses of payment, a name of the file or its sheet saying open items or invoices."""
    from getbill_import.mapping.layout import BALANCE_ROLES, age_buckets, holds_statuses
    from getbill_import.mapping.values import (
        header_says,
        names_an_invoice,
        names_open_items,
        speaks_of_payment,
    )

    if "due_date" in mapping.field_columns() or any(c.field == "amount" and c.role in BALANCE_ROLES for c in mapping.columns):
        return True
    # (a file or a sheet named for open items or invoices, an aged balance's buckets)
    if any(names_open_items(n, mappings_dir) or names_an_invoice(n, mappings_dir)
           for n in (Path(read.source.path).stem, read.source.sheet or "") if n) or age_buckets(read.frame, mapping, mappings_dir):
        return True
    # (a status of a policy or a subscription, "Active", "Matured", says nothing of payment)
    # (a tax's or a loan's principal beside its penalty or its arrears: what a debtor owes)
    return any(names_an_invoice(h, mappings_dir) or header_says(h, "balance_header_words", mappings_dir)
               or header_says(h, "arrears_header_words", mappings_dir)
               or header_says(h, "penalty_header_words", mappings_dir)
               or header_says(h, "debt_header_words", mappings_dir)
               # (what was paid, no ledger's credit: "paid", "amount_paid", not "line_ids/credit")
               or (header_says(h, "paid_amount_words", mappings_dir) and not header_says(h, "not_paid_amount_words", mappings_dir))
               or (h in read.frame.columns and holds_statuses(read.frame.get_column(h), mappings_dir)
                   and speaks_of_payment(read.frame.get_column(h), mappings_dir))
               for h in read.headers)


def _money_named_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for want of the amount that has a column of numbers whose header names
    a currency and no field ("gross_freight_usd": a shipowner's freight invoiced): the column, to name
    as the amount if it is what is owed ("" for another file)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import header_says
    from getbill_import.validate.currencies import currency_in_header

    if "amount" not in missing or not read.frame.height:
        return ""
    for header in read.headers:
        if header not in read.frame.columns or header in set(mapping.field_columns().values()):
            continue
        # (or a balance set aside, a balance at an earlier day: "Prior Balance (June 2025)"; days overdue, a
        # coverage remaining or a receivable account's code are no balance: the header names one as such, and
        # its amounts have cents)
        balance = header_says(header, "balance_words", mappings_dir)
        said = (f"names a currency ({currency}) and holds amounts" if (currency := currency_in_header(header))
                and match_header(header, mappings_dir).field is None
                else "names a balance and holds amounts" if balance else "")
        if not said:
            continue
        written = read.frame.get_column(header).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        money = written.str.contains(_WRITTEN_NUMBER)
        cents = written.str.contains(_WITH_CENTS)
        if written.len() and money.mean() >= PAYMENTS_LOG_SHARE and (not balance or cents.mean() >= OTHER_MONEY_SHARE):  # type: ignore[operator]
            return f" '{header}' {said}: if it is what each row owes, run with --set '{header}=amount'."
    return ""


#: the share of a column's values that must differ for them to be the debtors' names, one each
NAMES_DISTINCT = 0.5


def _codes_for_names_advice(read: ReadResult, mapping: MappingResult, missing: list[str]) -> str:
    """Said of a file refused for want of the debtor's name whose company column was set aside for
    holding codes ("Razon social" of "Fake_Name_0", "XT0150"): which column, what it holds, and how to
    take it for the names all the same ("" for another file)."""
    from getbill_import.mapping.columns import CODES_FOR_NAMES_SAID

    said = next((n for n in mapping.notices if n.startswith(CODES_FOR_NAMES_SAID)), None)
    if "debtor.name" not in missing or said is None:
        return ""
    column = said[len(CODES_FOR_NAMES_SAID):].split("'")[1]
    if column not in read.frame.columns:
        return ""
    written = read.frame.get_column(column).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if written.n_unique() < NAMES_DISTINCT * written.len():
        # (a few codes over many rows, SAP's company codes "UN0100", "XT0150": the ledger's companies, no debtors)
        return ""
    shown = written.head(2)
    return (f" '{column}' reads as the company's name, but it holds codes ({', '.join(repr(v) for v in shown)}): if "
            f"those are the debtors' names, run with --set '{column}=debtor.name'.")


def _kind_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """What a file refused for a missing column is when its columns say it lists no debts: a bank
    statement, payments, payables, a ledger of accounts ("" for another file)."""
    return (_statement_advice(read, mappings_dir) or _payments_advice(read, mappings_dir, missing)
            or _payables_advice(read, missing, mappings_dir) or _ledger_advice(read, missing, mappings_dir)
            or _account_numbers_advice(read) or _staff_advice(read, missing, mappings_dir)
            or _summary_advice(read, missing, mappings_dir) or _lines_sold_advice(read, missing, mappings_dir))


#: the fields a statement of an account's movements is read to have, beside its running balance
_MOVEMENT_FIELDS = frozenset({"amount", "issue_date", "due_date"})


def _running_balance_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for a missing name whose rows are an account's movements, each with the
    balance after it (Yapı Kredi's "Tarih", "Açıklama", "İşlem Tutarı", "Güncel Bakiye"): a date, a
    text, an amount and the running balance (``RUNNING_SAID``), nothing naming a party ("" otherwise)."""
    from getbill_import.mapping.columns import RUNNING_SAID
    from getbill_import.mapping.values import header_says

    running = next((c.column for c in mapping.columns if c.field is None and c.reason.startswith(RUNNING_SAID)), None)
    if running is None or "debtor.name" not in missing or any(header_says(h, "party_words", mappings_dir) for h in read.headers):
        return ""
    if set(mapping.field_columns()) - _MOVEMENT_FIELDS:
        return ""
    return (f" Its rows are an account's movements, each with the balance after it ('{running}' runs from row to row): "
            "a bank account's statement, or one account's ledger, whose movements are no debts. Export the unpaid "
            "invoices instead (an aged receivables or open invoices report).")


def _staff_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for want of the amount whose columns are an employee's own (their
    number, the day hired and the day left: a list of staff, "社員一覧"), no debtor's ("" otherwise)."""
    from getbill_import.mapping.values import header_says, staff_columns

    if "amount" not in missing or any(header_says(h, "party_words", mappings_dir) for h in read.headers):
        return ""
    if not (staff := staff_columns(list(read.headers), mappings_dir)):
        return ""
    return (f" Its columns {', '.join(repr(h) for h in staff[:3])} are an employee's: a list of your company's staff, "
            "who owe it nothing. Export the unpaid invoices instead (an aged receivables or open invoices report).")


def _account_numbers_advice(read: ReadResult) -> str:
    """Said of a file without its header row whose rows are a ledger's accounts by their numbers (a
    trial balance, a general ledger exported bare): its accounts are no debtors ("" otherwise)."""
    if not (accounts := _ledger_account_numbers(read)):
        return ""
    return (f" The file has no header row, and its rows are a ledger's accounts by their numbers "
            f"({', '.join(repr(a) for a in accounts)}…, of the chart's classes {', '.join(sorted({a[0] for a in accounts}))}): "
            "a trial balance or a general ledger, whose accounts are no debtors. Export the unpaid invoices "
            "instead (an aged receivables or open invoices report).")


def _lines_sold_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for a missing amount whose rows are the lines sold, each its item,
    quantity and unit price (an SAP sales register's "Item Code", "Quantity", "Sale Rate"): what was
    sold, not what is owed ("" otherwise)."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import header_says, item_headers

    if "amount" not in missing:
        return ""
    item = next((h for h in read.headers if normalize_header(h) in item_headers(mappings_dir)
                 and not header_says(h, "quantity_words", mappings_dir)), None)
    lines = _quantity_and_price(read, mappings_dir)
    if item is None or not lines:
        return ""
    named = ", ".join(repr(h) for h in [item, *lines])
    return (f" Its rows are the lines sold (its columns {named}): each item's quantity and price, not what is "
            "owed. Export the unpaid invoices instead (an aged receivables or open invoices report).")


def _summary_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file refused for a missing name whose rows are totals per branch, region or sales rep,
    aged by bucket ("Branch", "0 - 3 days" … "202+ days"): an ageing summary, no debtor (""
    otherwise)."""
    from getbill_import.mapping.compose import names_age_bucket
    from getbill_import.mapping.values import header_says

    if "debtor.name" not in missing:
        return ""
    buckets = [h for h in read.headers if names_age_bucket(h)]
    unit = next((h for h in read.headers if header_says(h, "organisation_unit_words", mappings_dir)), None)
    if len(buckets) < 2 or unit is None:
        return ""
    return (f" Its rows are totals per '{unit}', each aged by bucket ({', '.join(repr(b) for b in buckets[:2])} …): an "
            "ageing summary names no debtor. Export the aged receivables detail (each customer's invoices) instead.")


#: what joins the columns a reference is composed of (--set 'Payer Name+Charge Date=reference')
COMPOSED_JOIN = " / "


def _composed_references(read: ReadResult, options: PrepareOptions, settings: Settings) -> None:
    """The reference the user composes of several columns (``--set 'Payer Name+Charge Date=reference'``:
    a landlord's charges, a school's fees, numbered by no invoice), or the profile saved from it,
    written as a column of its own named so, each row's values joined; said. A row that writes none
    of them has no reference."""
    from getbill_import.mapping.columns import profile_compositions
    from getbill_import.mapping.profiles import composed_of, header_named

    headers = read.headers
    saved = [] if any(target == "reference" for _, target in options.assign) else profile_compositions(
        headers, learned_dir=settings.learned_dir, profile=options.profile)
    for column, target in [*options.assign, *((c, "reference") for c in saved)]:
        if target != "reference" or column in read.frame.columns or "+" not in column:
            continue
        found = composed_of(column, headers)
        if not found:
            unknown = next(p.strip() for p in column.split("+") if header_named(p.strip(), headers) is None)
            names = ", ".join(repr(h) for h in headers[:30])
            raise MappingError(f"--set composes the reference of {column!r}, but the file has no column {unknown!r}. "
                               f"Its columns: {names}.", code="unknown-column")
        cells = [pl.col(h).cast(pl.String).str.strip_chars() for h in found]
        read.frame = read.frame.with_columns(
            pl.when(pl.any_horizontal(c.is_not_null() & (c != "") for c in cells))
            .then(pl.concat_str([c.fill_null("") for c in cells], separator=COMPOSED_JOIN)).alias(column))
        first = read.frame.get_column(column).drop_nulls()
        read.source.notices.append(
            f"reference: each row's reference is composed of {', '.join(repr(h) for h in found)}"
            + (f" ('{first[0]}')" if first.len() else "") + ": the same row in a later export gets the same reference, "
            "and is not imported twice.")


def _composed_key_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file that lacks the reference alone, whose rows name their debtor and a date: the
    columns that tell each row apart (the debtor and the date, and another column when they do not:
    a charge's account) may compose each debt's reference ("" otherwise)."""
    from getbill_import.mapping.columns import RUNNING_SAID
    from getbill_import.mapping.values import profile_values, sample_column

    fields = mapping.field_columns()
    name = fields.get("debtor.name") or fields.get("debtor.company")
    if set(missing) != {"reference"} or name not in read.frame.columns:
        return ""
    if any(c.reason.startswith(RUNNING_SAID) for c in mapping.columns):
        # (a balance running from row to row: an account's statement, its movements no debts: PayPal's activity)
        return ""
    rows = read.frame.filter(pl.col(name).cast(pl.String).str.strip_chars().replace("", None).is_not_null())
    if rows.height < 2:
        return ""
    taken = set(fields.values())
    profiles = {h: profile_values(sample_column(rows.get_column(h)), mappings_dir) for h in read.headers
                if h not in taken and h in rows.columns and rows.get_column(h).n_unique() > 1}
    # the invoice's date or its due date, else a date the vocabulary sets aside ("Charge Date")
    date = fields.get("issue_date") or fields.get("due_date") or next(
        (h for h, p in profiles.items() if p.share("date_like") >= 0.9), None)
    if date not in read.frame.columns:
        return ""
    others = [h for h, p in profiles.items() if h != date and p.share("amount_like") < 0.5 and p.share("date_like") < 0.5]
    for extra in ([], *([h] for h in others)):
        columns = [name, date, *extra]
        if rows.select(columns).is_unique().all():
            composed = "+".join(columns)
            return (f" Its rows name no invoice, but {', '.join(repr(c) for c in columns)} tell each one apart: to "
                    f"compose each debt's reference of them, run with --set '{composed}=reference'.")
    return ""


def _row_key_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """Said of a file that lacks the reference alone and has a column of codes holding a value of its
    own on every row ("Key": C00846589, a tax collector's record of each parcel): that value may name
    each debt ("" otherwise)."""
    if set(missing) != {"reference"}:
        return ""
    if (header := _code_of_each_row(read, mapping, mappings_dir)) is not None:
        return (f" Its column '{header}' holds a value of its own on each row: to name each debt by it, run "
                f"with --set '{header}=reference'.")
    if (header := _code_of_each_row(read, mapping, mappings_dir, counted=True)) is None:
        return ""
    # (a count of the rows, "01" to "50", names a debt only if the next export keeps each one's)
    values = read.frame.get_column(header).cast(pl.String).str.strip_chars()
    return (f" Its column '{header}' counts the rows ('{values[0]}' to '{values[-1]}'): if each count names its debt "
            "for good (the next export gives the same debt the same one), run with "
            f"--set '{header}=reference'; if the next export counts them again, a debt would take another's name.")


def _code_of_each_row(read: ReadResult, mapping: MappingResult, mappings_dir: Path, *, counted: bool = False) -> str | None:
    """The first column left unmapped whose header names a code or an identifier and that holds a
    value of its own on every row, no count of the rows (1 to 422: the next export counts them again),
    or (``counted``) one that is."""
    from getbill_import.mapping.headers import CODE_ROLES, match_header
    from getbill_import.mapping.values import profile_values, sample_column

    if read.frame.height < 2:
        return None
    taken = set(mapping.field_columns().values())
    for header in read.headers:
        if header in taken or header not in read.frame.columns:
            continue
        if match_header(header, str(mappings_dir)).role not in CODE_ROLES:
            continue
        values = read.frame.get_column(header).cast(pl.Utf8).str.strip_chars()
        if (values.null_count() == 0 and not (values == "").any() and values.n_unique() == read.frame.height
                and bool(profile_values(sample_column(values), mappings_dir).share("counter")) == counted):
            return header
    return None


#: the fields that, beside a name, make a file's columns a customer's record
_CONTACT_FIELDS = ("debtor.email", "debtor.phone", "debtor.address.line1", "debtor.address.city",
                   "debtor.address.postal_code")


#: the role of a header naming what a customer earns ("Annual Income"): money no one owes
INCOME_ROLE = "an income"


def _customer_list_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """A file without the amount whose columns are a customer's record (a name and a way to reach
    them) and whose columns hold no money anywhere: a customer list, of use beside the invoices (""
    for another file)."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.layout import NAME_FIELDS
    from getbill_import.mapping.values import (
        header_says,
        journal_columns,
        names_an_invoice,
        profile_values,
        sample_column,
        supplier_columns,
    )

    fields = mapping.field_columns()
    if "amount" not in missing or not set(fields) & NAME_FIELDS:
        return ""
    # a way to reach each customer, or each one's own number ("GFN Account Number": a CRM's accounts)
    if not any(f in fields for f in _CONTACT_FIELDS) and _code_of_each_row(read, mapping, mappings_dir) is None:
        return ""
    account = journal_columns(list(read.headers), mappings_dir)[0].get("account")
    if not any(f in fields for f in _CONTACT_FIELDS) and account is not None:
        # a ledger's accounts, each its number and its label ("Konto-Nr", "Bezeichnung"): no customer
        return (f" Its rows are a ledger's accounts, each its number ('{account}') and its label: a chart of accounts "
                "holds no debt. Export the unpaid invoices instead (an aged receivables or open invoices report).")
    # (a customer's credit limit, "Limite de crédito", or its income, "annual_income", is money no one owes)
    if any(profile_values(sample_column(read.frame.get_column(c)), mappings_dir).share("amount") >= 0.5
           for c in read.frame.columns if c != LINE and not header_says(c, "credit_limit_words", mappings_dir)
           and match_header(c, mappings_dir).role != INCOME_ROLE):
        return ""
    if "reference" in fields and names_an_invoice(fields["reference"], mappings_dir):
        # each row an invoice by its number ("NRFACTURA"), its amount in another export
        return (f" Its rows are invoices ('{fields['reference']}') without their amounts: the amounts may be in another "
                "export of the same system (the invoices' lines or totals). Export the invoices with their amounts, or "
                "name the column that holds them.")
    sheet = read.source.sheet or ""
    if sheet and supplier_columns([sheet], mappings_dir, strict=True):
        # (Business Central's RapidStart package of vendors: its sheet "Vendor", the same columns as a customer's)
        return (f" Its sheet '{sheet}' says its rows are suppliers, whose names, numbers and addresses its columns "
                "give, and none holds an amount: a list of suppliers holds no debt to collect.")
    return (" Its columns describe customers (names, numbers, e-mails, phones, addresses) and none holds an amount: a "
            "customer list holds no debt. To give another export's invoices their debtors' details from it, pass it "
            "with {debtors} beside that export.")


def _valuation_advice(read: ReadResult, missing: list[str], mappings_dir: Path) -> str:
    """A file without the amount whose columns give properties' values and the reliefs off their
    tax (a council's business rates list, a tax roll): a register of properties ("" otherwise)."""
    from getbill_import.mapping.values import valuation_columns

    found = valuation_columns(read.headers, mappings_dir) if "amount" in missing else []
    if not found:
        return ""
    return (f" Its columns {', '.join(repr(h) for h in found[:3])} give properties' values and the reliefs off "
            "their tax: a register of rated properties says what each is worth, not what its ratepayer owes. Export "
            "the arrears or the unpaid bills instead.")


#: the share of a description's written values that must be words without a digit, each of its own
_DESCRIBED_NAMES = 0.9


def _names_described_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """A file without the debtor's name whose one "Description" holds a name of its own on each row
    (a party-wise summary: "A K PHARMACY", ".ALKEM (SAMPLE)"): what to set if those are the debtors
    ("" otherwise)."""
    if "debtor.name" not in missing:
        return ""
    found = _set_aside_as(read, mapping, "description", mappings_dir)
    if len(found) != 1:
        return ""
    head = read.frame.get_column(found[0]).head(1000).cast(pl.String).str.strip_chars().replace("", None)
    written = head.drop_nulls()
    worded = int(written.str.contains(r"^[^\d]*[^\W\d_]{2}[^\d]*$").sum())
    if written.len() < 3 or written.n_unique() < _DESCRIBED_NAMES * written.len() or worded < _DESCRIBED_NAMES * written.len():
        return ""
    if written.len() < _DESCRIBED_NAMES * head.len():
        # notes written on some rows only ("Partial payment received"): each debt has a debtor
        return ""
    return (f" '{found[0]}' holds a different name on each row ('{written[0]}'): if those are the debtors, set it "
            f"(--set '{found[0]}=debtor.name').")


#: the share of a column's written values that must be amounts for it to be offered as the amount before tax
_NET_AMOUNTS_SHARE = 0.8


def _net_amount_advice(read: ReadResult, mapping: MappingResult, missing: list[str], mappings_dir: Path) -> str:
    """A file without the amount whose one amount is written before tax (SAP's "NETWR" alone):
    what to set if no tax is owed on top of it ("" otherwise)."""
    if "amount" not in missing:
        return ""
    from getbill_import.mapping.values import profile_values, sample_column

    nets = _set_aside_as(read, mapping, "amount before tax", mappings_dir)
    if len(nets) != 1 or nets[0] not in read.frame.columns:
        return ""
    # (a column named so whose values are no amounts, "ISONETIMECUSTOMER": Yes, No, holds none)
    if profile_values(sample_column(read.frame.get_column(nets[0])), mappings_dir).share("amount") < _NET_AMOUNTS_SHARE:
        return ""
    return (f" '{nets[0]}' holds the amounts before tax, and no column their tax or their total: if that is what is owed "
            f"(no tax is charged), set it (--set '{nets[0]}=amount').")


def _doubted_fields(read: ReadResult, mapping: MappingResult, mappings_dir: Path) -> dict[str, str]:
    """The amount's column, and the reference's if it is as doubtful, of a file whose amount is only
    offered to confirm by its values, under a header the vocabulary knows nothing of, with no due
    date and nothing that tells an invoice owed (a customer list's product prices, a register of
    companies' share capital, an insurer's annual premiums): it may list no debts at all; {} for
    another file (a file read without a header row says so otherwise)."""
    from getbill_import.mapping.headers import match_header

    doubtful = {c.field: c.column for c in mapping.columns if c.status == "to_confirm" and c.field in ("amount", "reference")
                and match_header(c.column, mappings_dir).field is None}
    if ("amount" not in doubtful or "due_date" in mapping.field_columns() or set(doubtful.values()) & set(mapping.set_by_hand)
            or not read.source.header_line):
        return {}
    return dict(sorted(doubtful.items()))


def _doubted_list(read: ReadResult, doubted: dict[str, str], mappings_dir: Path) -> str:
    """Why a file whose columns ``_doubted_fields`` doubts is not imported, and how to confirm them;
    a register of the lines sold is said to be one, no column offered."""
    if sold := _lines_sold_advice(read, ["amount"], mappings_dir):
        return f"{Path(read.source.path).name} may list no debts: no column is surely the amount owed.{sold}"
    amount, reference = doubted["amount"], doubted.get("reference")
    offered = f"'{amount}' is only offered as the amount" + (f", '{reference}' as the reference" if reference else "")
    confirm = f"--set '{amount}=amount'" + (f" --set '{reference}=reference'" if reference else "")
    return (
        f"{Path(read.source.path).name} may list no debts: no column is surely the amount owed ({offered}), no column "
        f"gives a due date, and nothing says which rows are owed. If it does list debts, confirm the columns ({confirm}), "
        "or name others."
    )


def _require_fields(mapping: MappingResult, read: ReadResult, mappings_dir: Path, *, joined: bool = False) -> None:
    missing = mapping.missing_required()
    named = ""
    if (set(missing) == {"amount", "reference"} and any(e.reason == "closed" for e in read.source.excluded_lines)
            and _each_debtor_on_a_row(read, mapping) and not _kind_advice(read, missing, mappings_dir)):
        # (a rent roll's tenants, each on a row of its own, its status saying some paid: once its amount is
        # named, each debt is named by its debtor, as a list of balances per debtor is; only the amount is
        # asked for. A roster with nothing saying who owes is asked for both)
        missing = ["amount"]
        named = " (each debtor is on a row of its own: once the amount is named, each debt is named by its debtor's name)"
    if missing and not _payments_only(read):
        wanted = ", ".join(f"{BY_NAME[f].description.lower()} ({f})" for f in missing) + named
        headers = read.headers
        found = ", ".join(repr(h) for h in headers[:MAX_NAMED_COLUMNS]) or "none"
        if len(headers) > MAX_NAMED_COLUMNS:
            found += f" and {len(headers) - MAX_NAMED_COLUMNS:,} more"
        if kind := _kind_advice(read, missing, mappings_dir):
            # what the file is, said first: no advice to name a column would make its rows debts
            raise MappingError(
                f"No column of {Path(read.source.path).name} was recognised as the {wanted}.{kind} Columns found: {found}.",
                code=REQUIRED_COLUMN_MISSING, options=("profile", "debtors", "header_line"), missing=missing,
                columns=list(read.headers), document=mapping_json(read, mapping),
            )
        raise MappingError(
            f"No column of {Path(read.source.path).name} was recognised as the {wanted}. Columns found: "
            f"{found}. "
            + (no_header_row(read, _placeholder, mapping) or "Check the header row, name the column yourself ("
               + " ".join(f"--set 'COLUMN={f}'" for f in missing) + "), or pick a saved profile ({profile}); "
               "'getbill-import map FILE --set … --save NAME' remembers the mapping.")
            + missing_advice(read, mapping, mappings_dir, joined=joined),
            code=REQUIRED_COLUMN_MISSING, options=("profile", "debtors", "header_line"), missing=missing,
            columns=list(read.headers),
            # what was read and mapped, for the JSON document a command prints on failure
            document=mapping_json(read, mapping),
        )


def _amount_written(mapping: MappingResult, read: ReadResult) -> None:
    """A column read by its header as the amount (not set by hand) that is empty on every row gives no
    case what it owes: the file is refused, said, rather than each row rejected (a collection firm's
    list of accounts to check, its 'Montant' blank throughout). A blank reference is made up of other
    columns, as the rows without one are."""
    column = mapping.field_columns().get("amount")
    if column is None or column in mapping.set_by_hand:
        return
    if any(n.startswith(f"'{column}' holds formulas") for n in read.source.notices):
        # (formulas a program wrote without their results: said so, with what to do)
        return
    if _blank_throughout(read, column) is None:
        return
    raise MappingError(
        f"'{column}', read as the {BY_NAME['amount'].description.lower()} (amount) of {Path(read.source.path).name}, is "
        f"empty on every row ({read.frame.height:,}): the file gives no case its amount. Export the file with it, or "
        "name another column (--set 'COLUMN=amount').",
        code=REQUIRED_COLUMN_MISSING, options=("profile", "header_line"), missing=["amount"], columns=list(read.headers),
        document=mapping_json(read, mapping),
    )


def _named_by_debtors(mapping: MappingResult, read: ReadResult) -> bool:
    """Whether the debts are named by their debtors: no column of the file numbers them, or the
    debtor's own column does."""
    fields = mapping.field_columns()
    return fields.get("reference") in (DEBTOR_REFERENCE, fields.get("debtor.name")) or fields.get("reference") not in read.headers


def _each_debtor_on_a_row(read: ReadResult, mapping: MappingResult) -> bool:
    """Whether a column names the debtor and every row left names one of its own (two rows or more:
    the others may be left out as paid): a list of balances per debtor, its debts named by their
    debtors."""
    names, _, key = _debtor_key(read, mapping)
    return bool(names and read.frame.height >= 2
                and read.frame.select(key.is_not_null().all() & key.is_unique().all()).item())


#: the debtors written twice, at most, of a list of balances per debtor said to be one
_TWICE_SAID = 3


#: the share of a list of balances per debtor its rows of debtors written twice may be, for the
#: others to be named by their debtors all the same (a patient written twice among 357); one
#: debtor written on two rows of a list of ``_TWICE_LIST`` rows or more is a few as well (a family
#: twice among 28); in a shorter one, the rows may be invoices
_TWICE_SHARE = 0.05
_TWICE_ROWS = 2
_TWICE_LIST = 20


def _namesakes_contact(read: ReadResult, mapping: MappingResult, key: pl.Expr, twice: pl.DataFrame | None) -> str | None:
    """The debtor's phone column that tells apart the debtors a list of balances per debtor writes
    twice (``twice``): written on each of their rows, another on each (a lender's borrowers who bear
    one name, "AGNESS CHAMA" of two phones); None otherwise. An e-mail tells no one apart: a family
    writes several."""
    column = mapping.field_columns().get("debtor.phone")
    if twice is None or not twice.height or column not in read.frame.columns:
        return None
    value = pl.col(column).cast(pl.String).str.strip_chars().replace("", None)
    rows = read.frame.filter(key.is_duplicated()).select(key.alias("key"), value.alias("contact"))
    if rows["contact"].null_count() == 0 and rows.select(pl.struct("key", "contact").is_unique().all()).item():
        return column
    return None


def _few_written_twice(read: ReadResult, name: pl.Expr, key: pl.Expr) -> pl.DataFrame | None:
    """The rows (LINE, name, key) of the debtors a list of balances per debtor writes twice or more,
    when every row names a debtor and those rows are a few of many (``_TWICE_SHARE``); None otherwise."""
    rows, twice = _debtors_rows(read, name, key)
    if rows["key"].null_count():
        return None
    few = max(_TWICE_ROWS if rows.height >= _TWICE_LIST else 0, _TWICE_SHARE * rows.height)
    return twice if 0 < twice.height <= few else None


def _debtors_rows(read: ReadResult, name: pl.Expr, key: pl.Expr) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows (LINE, name, key) of a list of balances per debtor, and those of its debtors written
    twice or more."""
    rows = read.frame.select(LINE, name.alias("name"), key.alias("key"))
    return rows, rows.filter(pl.col("key").is_not_null() & pl.col("key").is_duplicated())


def _dated_apart(read: ReadResult, mapping: MappingResult, twice: pl.DataFrame) -> bool:
    """Whether the rows of each debtor ``twice`` writes on several rows are each dated a day of its own
    in the issue date's column: told apart by their dates, each is a debt of its own (said by the
    validation), none refused as written twice."""
    dates = mapping.field_columns().get("issue_date")
    if dates not in read.frame.columns:
        return False
    dated = twice.join(read.frame.select(LINE, pl.col(dates).cast(pl.String).str.strip_chars().replace("", None).alias("d")),
                       on=LINE)
    return bool(dated["d"].null_count() == 0 and not dated.select(pl.struct("key", "d").is_duplicated().any()).item())


def _first_written_twice(twice: pl.DataFrame) -> str:
    """The first debtor written twice and its rows, as a notice names them ("'ALONSO', rows 2, 5")."""
    first = twice.filter(pl.col("key") == twice["key"][0])
    return f"'{first['name'][0]}', rows {_line_list(first[LINE].to_list())}"


def _debtors_written_twice(read: ReadResult, mapping: MappingResult, missing: list[str]) -> str:
    """Said of a file refused for the reference whose debtors are each on a row of their own but a
    few (a borrower with two loans): a list of balances per debtor is named by its debtors only
    when each is on one row."""
    names, name, key = _debtor_key(read, mapping)
    if missing != ["reference"] or not names or read.frame.height < BALANCES_MIN_ROWS:
        return ""
    rows, twice = _debtors_rows(read, name, key)
    written = rows.height - rows["key"].null_count()
    if not twice.height or twice.height * 2 > written or twice["key"].n_unique() > _TWICE_SAID:
        return ""
    return (f" Each debtor is on a row of its own but {twice['key'].n_unique():,} written twice or more "
            f"({_first_written_twice(twice)}): a list of balances per debtor is named by its debtors only when "
            "each is on one row. Add a column numbering the debts, or give each of those rows a name of its own.")


def mapping_json(read: ReadResult, mapping: MappingResult) -> dict[str, Any]:
    """What ``map --format json`` shows: the source as read and the columns as mapped."""
    return {
        "source": read.source.to_json(),
        "profile": mapping.profile,
        "fingerprint": mapping.fingerprint,
        "columns": [c.to_json() for c in mapping.columns],
        "missing_required": mapping.missing_required(),
        "notices": read.source.notices + mapping.notices,
    }


def _unescape_formula_guards(frame: pl.DataFrame) -> pl.DataFrame:
    """Values our own reports protected against formula injection (a leading apostrophe before
    = + - @) come back as the user typed them, and so do the values a spreadsheet was told to keep
    as text ('00123, '0612345678: an apostrophe before a digit). Only the columns holding such a
    value are rewritten (a cheap prefix test first: the regex on every column of a large file is not)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String and name != "metadata"]
    if not text:
        return frame
    flagged = frame.select(pl.col(name).str.starts_with("'").any() for name in text).row(0)
    guarded = [name for name, hit in zip(text, flagged, strict=True) if hit]
    return frame.with_columns(pl.col(name).str.replace(r"^'([=+\-@0-9])", "$1").alias(name) for name in guarded)


def _credits_left(read: ReadResult, validation: ValidationResult, *, leave: bool) -> None:
    """The credit lines netting left (negative amounts: credit notes, payments on account, unapplied
    cash, rejected), by their debtor's name:
    - of a debtor none of whose rows is imported, with ``leave`` (not a ledger): owed to that debtor,
      nothing to collect and nothing for the user to correct. They leave the data (excluded as
      ``credit``), said in one notice, unless the file's rows are mostly negative (a sign convention,
      not credits) or the row has another error (no date read);
    - of a debtor whose invoices are imported (another currency, another address: a namesake's
      credit is said too): they stay rejected, and a notice says those invoices may be paid already."""
    problems, cases = validation.problems, validation.cases
    if not problems.height or "debtor.name" not in cases.columns:
        return
    negative = problems.filter(pl.col("code") == "negative-amount")["line"].unique()
    if not negative.len():
        return
    name = pl.col("debtor.name").cast(pl.String).str.strip_chars().str.to_lowercase()
    # the imported cases' names, each distinct one lowered once
    owing = cases.lazy().filter(pl.col(VALID)).select(pl.col("debtor.name").unique()).select(name.alias("n")).collect()["n"]
    credits = cases.filter(pl.col(LINE).is_in(negative.implode())).select(LINE, name.alias("n"))
    theirs = credits.filter(pl.col("n").is_in(owing.implode()))
    if leave and negative.len() * 2 < cases.height:
        others = problems.filter((pl.col("severity") == ERROR) & ~pl.col("code").is_in(
            ["negative-amount", "missing-reference", "duplicate-reference"]))["line"].unique()
        alone = credits.filter(pl.col("n").is_not_null() & (pl.col("n") != "") & ~pl.col("n").is_in(owing.implode())
                               & ~pl.col(LINE).is_in(others.implode()))
        if alone.height:
            lines = alone[LINE].sort()
            validation.cases = cases.filter(~pl.col(LINE).is_in(lines.implode()))
            validation.problems = problems.filter(~pl.col("line").is_in(lines.implode()))
            _leave_out(read, lines, "credit")
            read.source.notices.append(
                f"{lines.len():,} credit line(s) (negative amounts: credit notes, payments on account, unapplied cash) "
                f"of {alone['n'].n_unique():,} debtor(s) owing nothing in this file are left out: the money is owed to "
                f"the debtor, there is nothing to collect ({_said_rows(lines)})."
            )
    if not theirs.height:
        return
    theirs = theirs.sort(LINE)
    shown = ", ".join(str(line) for line in theirs[LINE].head(5).to_list())
    more = f" and {theirs.height - 5:,} more" if theirs.height > 5 else ""
    validation.notices.append(
        f"{theirs.height:,} credit line(s) (negative amounts: payments, credit notes) of {theirs['n'].n_unique():,} "
        f"debtor(s) whose invoices are imported are not netted with them (rows {shown}{more}): those invoices may be "
        "paid in part or in full. Export the open items with payments applied, or record the payments "
        "('getbill-import payments import')."
    )


def _balance_above_total(read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions) -> pl.DataFrame:
    """A warning for each row whose balance is more than the invoice's total in the column the
    balance won the amount over ("Outstanding" 247,798.64 on an invoice whose "Bill amount" is
    168,741.00: a hand-kept register wrote a customer's total on its last invoice)."""
    from getbill_import.mapping.layout import total_beside_balance
    from getbill_import.mapping.values import header_says
    from getbill_import.validate._common import Context, problem_frame

    amount = mapping.field_columns().get("amount")
    total = total_beside_balance(read.frame, mapping, settings.mappings_dir) if read.frame.height else None
    if amount is None or total is None or header_says(total, "lent_amount_words", settings.mappings_dir):
        # a loan's principal ("Montant Nominal", "utilized_amount"): its interest and fees come above it
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    owed, _ = _column_amounts(read.frame, amount, options)
    billed, _ = _column_amounts(read.frame, total, options)
    if _counts_beside_cents(billed, owed):
        # "Total Invoices" (3, 5, 12) beside balances in cents: a count of invoices, no amount
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    rows = read.frame.select(LINE, pl.col(amount).cast(pl.String).alias("amount")).with_columns(
        owed.alias("owed"), billed.alias("billed"),
    ).filter((pl.col("billed") > 0) & (pl.col("owed") > pl.col("billed")))
    if rows.height * 2 > read.frame.height:
        # above it on most rows, the other column is no invoice's total (an amount before fees or
        # penalties): said once, where each row was warned
        read.source.notices.append(
            f"The amount owed in '{amount}' is more than '{total}' on {rows.height:,} of {read.frame.height:,} rows: "
            f"'{total}' is read as an amount before interest, fees or penalties, not as each invoice's total."
        )
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    message = pl.format(
        "The amount owed ({}) is more than the invoice's total in '{}' ({}): check that it is this invoice's "
        "balance, not a customer's or a group's total written on it.",
        pl.col("amount"), pl.lit(total), pl.col("billed").cast(pl.String),
    )
    return problem_frame(rows, Context({"amount": amount}, read.source.sheet, options), field="amount",
                         code="balance-above-total", message=message)


def _disputed(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions, validation: ValidationResult,
) -> pl.DataFrame:
    """A warning on each case a column marks disputed (``disputed_rows``: "Dispute_Flag" Yes, a status
    "Disputed"): imported as owed, but a disputed debt is usually settled before it is collected; and
    on each case whose dunning is blocked (``dunning_blocked_rows``: "Mahnsperre" X): the creditor's
    own system was told not to dun it."""
    from getbill_import.mapping.values import disputed_rows, dunning_blocked_rows
    from getbill_import.validate._common import Context, problem_frame

    kinds = (
        (disputed_rows, "disputed-invoice", "The invoice is marked disputed ('{}': {}): it is imported as owed, but a "
         "disputed debt is usually settled before it is collected."),
        (dunning_blocked_rows, "dunning-blocked", "The invoice's dunning is blocked ('{}': {}): it is imported as owed, "
         "but your accounting system was told not to dun it; check why (a dispute, an agreement) before it is collected."),
    )
    found = []
    cases = _valid_lines(validation)
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns:
            continue
        for rows_said, code, said in kinds:
            marked = rows_said(read.frame.get_column(col.column), col.column, settings.mappings_dir)
            if marked is None:
                continue
            rows = read.frame.filter(marked & pl.col(LINE).is_in(cases.implode())).select(LINE, col.column)
            found.append(problem_frame(
                rows, Context({"metadata": col.column}, read.source.sheet, options), field="metadata",
                value=pl.col(col.column), code=code, message=pl.format(said, pl.lit(col.column), pl.col(col.column)),
            ))
            break
    return concat_problems(found) if found else pl.DataFrame(schema=PROBLEM_SCHEMA)


def _columns_saying(
    read: ReadResult, mapping: MappingResult, settings: Settings, says: Callable[[pl.Series, str, Path], pl.Series | None],
) -> Iterator[tuple[str, pl.Series]]:
    """Each column no field reads, and not left out by hand (--set 'COLUMN=ignore'), whose rows
    ``says`` marks (``insolvent_rows``, ``in_court_rows``), with those rows."""
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in read.frame.columns or "by hand" in col.reason:
            continue
        found = says(read.frame.get_column(col.column), col.column, settings.mappings_dir)
        if found is not None:
            yield col.column, found


def _valid_lines(validation: ValidationResult) -> pl.Series:
    """The lines of the valid cases (the one column read, not the whole cases filtered)."""
    return validation.cases.select(pl.col(LINE).filter(pl.col(VALID))).to_series()


def _in_court(read: ReadResult, mapping: MappingResult, settings: Settings, validation: ValidationResult) -> list[str]:
    """Said of the debts imported that a column says are already before a court (``in_court_rows``:
    PGFN's "INDICADOR_AJUIZADO": SIM, a county's "Suit Filed"): imported as owed, but a lawyer or
    a court may already be collecting them."""
    from getbill_import.mapping.values import in_court_rows

    said, within, imported = [], pl.repeat(False, read.frame.height, dtype=pl.Boolean, eager=True).alias(""), None
    for column, found in _columns_saying(read, mapping, settings, in_court_rows):
        if imported is None:
            imported = read.frame.get_column(LINE).is_in(_valid_lines(validation).implode())
        if not (found & imported).any():
            continue
        values = read.frame.get_column(column).filter(found & imported).cast(pl.String).str.strip_chars()
        said.append(f"'{column}': {', '.join(repr(v) for v in values.unique(maintain_order=True).head(3))}")
        within = within | found
    if imported is None:
        return []
    lines = read.frame.get_column(LINE).filter(within & imported)
    if not lines.len():
        return []
    return [
        f"{lines.len():,} of the debts imported are already before a court ({'; '.join(said)}; {_said_rows(lines)}): "
        "they are imported as owed, but a lawyer or a court may already be collecting them: check before contacting "
        "those debtors."
    ]


def _insolvent_debtors(
    read: ReadResult, mapping: MappingResult, settings: Settings, options: ValidationOptions, validation: ValidationResult,
) -> tuple[ValidationResult, pl.DataFrame]:
    """An error on each case a column says is of a bankrupt, insolvent or dead debtor
    (``insolvent_rows``: "Bankrupt" Y, a status "Active Bankruptcy", "Liquidation judiciaire",
    "Deceased"), and the case no longer valid: such a debt is declared in the procedure or to the
    estate, not collected. A column left out by hand (--set 'COLUMN=ignore') says nothing."""
    from getbill_import.mapping.values import insolvent_rows
    from getbill_import.validate._common import Context, problem_frame

    found = []
    cases = _valid_lines(validation)
    for column, insolvent in _columns_saying(read, mapping, settings, insolvent_rows):
        rows = read.frame.filter(insolvent & pl.col(LINE).is_in(cases.implode())).select(LINE, column)
        # (a row two columns say it of, a status "Bankruptcy" and a flag "bankruptcy": YES, is said once)
        cases = cases.filter(~cases.is_in(rows[LINE].implode()))
        found.append(problem_frame(
            rows, Context({"metadata": column}, read.source.sheet, options), field="metadata", value=pl.col(column),
            code="insolvent-debtor",
            message=pl.format(
                "The debtor is bankrupt, under an insolvency procedure or dead ('{}': {}): such a debt is declared in "
                "the procedure or to the estate, not collected, and the row is not imported. If the procedure has "
                "ended and the debt may be collected again, clear the value, or leave the column out "
                "(--set '{}=ignore').", pl.lit(column), pl.col(column), pl.lit(column)),
        ))
    if not found:
        return validation, pl.DataFrame(schema=PROBLEM_SCHEMA)
    problems = concat_problems(found)
    refused = problems["line"].unique()
    cases_now = validation.cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(refused.implode())).alias(VALID))
    return dataclasses.replace(validation, cases=cases_now), problems


def _counts_beside_cents(counted: pl.Series, amounts: pl.Series) -> bool:
    """Whether ``counted`` holds whole numbers alone while most ``amounts`` have cents: a count."""
    written, cents = counted.drop_nulls().cast(pl.Float64), amounts.drop_nulls().cast(pl.Float64)
    return bool(written.len() and cents.len() and (written == written.round()).all()
                and (cents != cents.round()).sum() * 2 > cents.len())


def _metadata_undecodable(read_problems: pl.DataFrame, mapping: MappingResult) -> pl.DataFrame:
    """Characters that could not be decoded in a column no field reads (a comment kept as
    metadata) leave the row's debt as it is: a warning, not a rejection."""
    fields = set(mapping.field_columns().values())
    aside = (pl.col("code") == "undecodable-text") & ~pl.col("column").is_in(list(fields))
    if not read_problems.height or not read_problems.select(aside.any()).item():
        return read_problems
    return read_problems.with_columns(
        pl.when(aside).then(pl.lit(WARNING)).otherwise(pl.col("severity")).alias("severity"),
        pl.when(aside).then(pl.col("message") + pl.lit(" The column is kept as metadata only: the row is imported."))
        .otherwise(pl.col("message")).alias("message"),
    )


#: the reader's message of a row with fewer fields than the header: the row's count, the header's
_SHORT_ROW = r"^This row has (\d+) field\(s\) but the header has (\d+): fewer"


def _short_of_unmapped_columns(read: ReadResult, mapping: MappingResult) -> pl.DataFrame:
    """A row that stops short of the header's last columns, none of them mapped (an export that
    drops its trailing empty fields: D365's "LASTSETTLEVOUCHER", "N° de lettrage"), loses nothing a
    case needs: a warning that names them, not an error refusing the row. Its mapped values are
    checked where they are, and a value moved by a missing field fails its own column's check.
    Judged once for each count of fields the rows stop at."""
    problems = read.problems
    ragged = pl.col("code") == "ragged-row"
    if not problems.filter(ragged).height:
        return problems
    shape = pl.concat_str(
        [pl.col("message").str.extract(_SHORT_ROW, 1), pl.col("message").str.extract(_SHORT_ROW, 2)], separator="/"
    )
    used = set(mapping.field_columns().values())
    said: dict[str, str] = {}
    for written in problems.filter(ragged).select(shape.alias("s"))["s"].drop_nulls().unique().to_list():
        fields, width = (int(n) for n in written.split("/"))
        lacking = read.headers[fields:width]
        if lacking and not used & set(lacking):
            named = ", ".join(repr(h) for h in lacking[:3]) + (f" and {len(lacking) - 3} more" if len(lacking) > 3 else "")
            said[written] = (f"This row has {fields} field(s) but the header has {width}: its last column(s) {named}, "
                             "none of them mapped, are read as empty.")
    if not said:
        return problems
    soft = ragged & shape.is_in(list(said)).fill_null(False)
    return problems.with_columns(
        pl.when(soft).then(pl.lit(WARNING)).otherwise(pl.col("severity")).alias("severity"),
        pl.when(soft).then(shape.replace_strict(said, default=None)).otherwise(pl.col("message")).alias("message"),
    )


def _reject_unreadable_rows(validation: ValidationResult, read_problems: pl.DataFrame) -> ValidationResult:
    """A row the reader could not represent faithfully (ragged, undecodable) is never loaded."""
    bad = read_problems.filter(pl.col("severity") == ERROR)["line"].unique()
    if not bad.len():
        return validation
    cases = validation.cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(bad.implode())).alias(VALID))
    return dataclasses.replace(validation, cases=cases)


def summary_json(prepared: PreparedFile) -> dict[str, Any]:
    """The stable machine-readable summary shared by ``validate --format json`` and ``import``."""
    from getbill_import.report._writers import problems_by_code

    missing = prepared.mapping.missing_required()
    return {
        "source": prepared.read.source.to_json(),
        "profile": prepared.mapping.profile,
        "fingerprint": prepared.mapping.fingerprint,
        "columns": [c.to_json() for c in prepared.mapping.columns],
        "missing_required": missing,
        "counts": prepared.counts(),
        "problems_by_code": problems_by_code(prepared.problems),
        "notices": prepared.notices,
        "reports": dict(prepared.reports),
    }


# --- import: read → map → validate → (report) → load, exactly once per file content ---------------


@dataclass(frozen=True)
class ImportOptions(PrepareOptions):
    #: validate and report only; the store is not touched
    dry_run: bool = False
    #: "skip" or "update" the cases whose reference already exists
    on_existing: str = "skip"
    #: run a file whose content was already imported again (still no duplicate case)
    force: bool = False
    #: write the error report here (.csv, .json or .xlsx)
    report: Path | str | None = None
    #: a content imported before is read again to write ``report`` (the command line; the SFTP
    #: watcher keeps the one report of each import)
    report_again: bool = False
    #: the file lists every open invoice: an open case of an earlier file import whose reference
    #: it does not hold was paid (``collection.settlements.absent_cases``)
    complete: bool = False
    #: the share of those open cases a complete list may leave out; more is refused as a mistake
    complete_max_share: float = 0.5


@dataclass
class ImportResult:
    """What an import did. ``status`` is "completed", "dry_run" or "already_imported" (the same
    content was imported before for this account: nothing was read or created)."""

    path: Path
    account: str
    sha256: str
    size: int
    status: str
    prepared: PreparedFile | None = None
    load: LoadResult | None = None
    record: ImportRecord | None = None
    #: "new", "resumed" (an interrupted import was finished) or "forced"
    start: str | None = None
    #: values changed by --apply-suggestions on the rows loaded
    corrections: int = 0
    #: the store written to (its URL, any password hidden)
    store: str | None = None
    #: a ledger's payments of earlier files' invoices, recorded on their cases
    payments: ReconcileResult | None = None
    #: what this list says of the invoices of earlier imports (paid, owed less, cancelled), recorded
    #: on their cases
    settled: Settled | None = None

    @property
    def rejected(self) -> int:
        """Rows rejected as invalid: by this run, or by the run that imported the file before."""
        if self.prepared is not None:
            return self.prepared.validation.invalid
        return self.record.invalid_rows if self.record is not None else 0

    @property
    def read(self) -> ReadResult | None:
        return self.prepared.read if self.prepared else None

    @property
    def mapping(self) -> MappingResult | None:
        return self.prepared.mapping if self.prepared else None

    @property
    def validation(self) -> ValidationResult | None:
        return self.prepared.validation if self.prepared else None

    @property
    def first_imported_at(self) -> Any:
        return self.record.first_completed_at if self.record else None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = summary_json(self.prepared) if self.prepared else {}
        data.update({
            "status": self.status,
            "account": self.account,
            "file": {"path": str(self.path), "size": self.size, "sha256": self.sha256},
            "start": self.start,
            "load": self.load.to_json() if self.load else None,
            "corrections": self.corrections,
            "store": self.store,
            "import": self.record.to_json() if self.record else None,
        })
        if self.settled is not None:
            data["earlier_cases"] = self.settled.to_json()
        if self.payments is not None:
            # a ledger's payments of earlier files' invoices, as `collection reconcile` reports them
            payments = self.payments.to_json()
            data["payments"] = {k: payments[k] for k in ("counts", "matched", "already_recorded", "ambiguous", "unmatched")}
        return data


def file_digest(path: Path) -> tuple[str, int]:
    """(sha256 hex digest, size in bytes) of a regular file, read in chunks (a pipe or a device
    is refused before a byte is read)."""
    import hashlib
    import os

    from getbill_import.errors import InputFileError
    from getbill_import.read._sniff import open_regular

    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(open_regular(path), "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise InputFileError(f"{path} does not exist. Check the path and try again.") from None
    except IsADirectoryError:
        raise InputFileError(f"{path} is a folder; name a CSV or XLSX file.") from None
    except OSError as exc:
        raise InputFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    return digest.hexdigest(), size


def run_import(
    path: Path | str, settings: Settings, options: ImportOptions | None = None, *, progress: Progress = _noop,
    store: Store | None = None, source_name: str | None = None, kind: str = "file",
    pause_collector: bool = False,
) -> ImportResult:
    """Import one file into the store for ``settings.account``: ``store`` when given (a server
    or daemon opens it once; it stays open), else the one at ``settings.database_url``.

    The same content is imported once per account: a completed import of it returns at once
    (``status="already_imported"``) unless ``options.force``; an interrupted one (killed, failed)
    is resumed and finished. ``source_name`` is the name recorded (the file's own by default),
    ``kind`` how it arrived ("file", "upload"); ``pause_collector``: see ``load_cases``. Raises
    GetbillError when the file or the store cannot be used.
    """
    from getbill_import.read._sniff import check_path, detect_format
    from getbill_import.store import open_store
    from getbill_import.store.locks import import_lock

    options = options or ImportOptions()
    path = check_path(path, settings.read_limits)
    account = settings.account
    sha256, size = file_digest(path)
    result = ImportResult(path=path, account=account, sha256=sha256, size=size, status="dry_run")
    if options.dry_run:
        result.prepared = prepare_file(path, settings, options, progress=progress)
        _write_import_report(result, options, progress)
        result.settled = _preview_settlements(result, settings, options, store)
        return result
    owned = store is None
    if store is None:
        store = open_store(settings.database_url)
    result.store = store.display_url
    try:
        store.check_writable()
        with import_lock(store, account=account, sha256=sha256, name=source_name or path.name):
            # delimited text has no sheet: whether it was imported is known before reading it
            joined = debtors_key(options, settings)
            if detect_format(path) == "csv" and _already_imported(store, result, options, joined):
                return _rerun(result, settings, options, progress)
            result.prepared = prepare_file(path, settings, options, progress=progress)
            # a file's sheets are imports of their own; an upload is one import whatever its sheet
            # (its record was made when it arrived, before it was read); so is a file joined with
            # another debtors file
            sheet_key = ((result.prepared.read.source.sheet or "") if kind == "file" else "") + joined
            if _already_imported(store, result, options, sheet_key):
                return _rerun(result, settings, options, progress)
            _write_import_report(result, options, progress)
            return _load(store, result, settings, options, progress, sheet_key,
                         source_name or path.name, kind, pause_collector)
    finally:
        if owned:
            store.close()


def _preview_settlements(
    result: ImportResult, settings: Settings, options: ImportOptions, store: Store | None
) -> Settled | None:
    """What a dry run's list would record on the cases of earlier imports, read from the store
    when there is one (nothing is created: a SQLite file that is not there has no case). A store
    that cannot be read is said in a notice; a complete list that would be refused is refused."""
    from sqlalchemy.engine import make_url

    from getbill_import.collection.settlements import absent_cases, record_settlements
    from getbill_import.errors import StoreError
    from getbill_import.store import open_store
    from getbill_import.store.types import utc_now

    prepared = result.prepared
    assert prepared is not None
    if prepared.left_out is None and prepared.owed is None and not options.complete:
        return None
    url = make_url(settings.database_url)
    if store is None and url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return None
    try:
        opened = store if store is not None else open_store(settings.database_url, migrate_schema=False)
    except StoreError as exc:
        prepared.report_notices.append(f"What this list says of earlier cases is not shown: {exc}")
        return None
    try:
        absent = None
        if options.complete:
            absent = absent_cases(opened, prepared, account=result.account, import_id=None,
                                  max_share=options.complete_max_share)
        return record_settlements(opened, prepared, account=result.account, import_id=None, now=utc_now(),
                                  path=result.path, existing=True, absent=absent,
                                  dry_run=True)
    finally:
        if store is None:
            opened.close()


def debtors_key(options: ImportOptions, settings: Settings) -> str:
    """What tells an import of a file joined with a debtors file from the same file alone (or
    joined with other debtors): the debtors file's content."""
    from getbill_import.read._sniff import check_path

    if options.debtors is None:
        return ""
    return joined_key(file_digest(check_path(options.debtors, settings.read_limits))[0])


#: what opens the part of an import's key that names its debtors file
JOINED_MARK = "|debtors:"


def joined_key(debtors_sha256: str) -> str:
    """The part of an import's key that names the debtors file it was joined with."""
    return f"{JOINED_MARK}{debtors_sha256}"


def _already_imported(store: Store, result: ImportResult, options: ImportOptions, sheet_key: str) -> bool:
    from getbill_import.store.imports import find_import

    earlier = find_import(store, account=result.account, sha256=result.sha256, sheet_key=sheet_key)
    if earlier is not None and earlier.status == "completed" and not options.force:
        result.status, result.record = "already_imported", earlier
        return True
    return False


def _rerun(result: ImportResult, settings: Settings, options: ImportOptions, progress: Progress) -> ImportResult:
    """An import done before: nothing is loaded; the report is written again when asked."""
    if options.report is not None and options.report_again:
        if result.prepared is None:
            result.prepared = prepare_file(result.path, settings, options, progress=progress)
        _write_import_report(result, options, progress)
    return result


def _write_import_report(result: ImportResult, options: ImportOptions, progress: Progress) -> None:
    if options.report is not None and result.prepared is not None:
        progress("report", None)
        write_reports(result.prepared, report=options.report)


def run_validate(
    path: Path | str, settings: Settings, options: PrepareOptions | None = None, *,
    report: Path | str | None = None, fix: Path | str | None = None, progress: Progress = _noop,
) -> PreparedFile:
    """Read, map and validate a file and write the reports asked for; nothing is stored."""
    prepared = prepare_file(path, settings, options, progress=progress)
    if report is not None or fix is not None:
        progress("report", None)
        write_reports(prepared, report=report, fix=fix)
    return prepared


def _load(
    store: Store, result: ImportResult, settings: Settings, options: ImportOptions, progress: Progress,
    sheet_key: str, source_name: str, kind: str, pause_collector: bool,
) -> ImportResult:
    from getbill_import.load import load_cases
    from getbill_import.store.imports import (
        begin_import,
        fail_import,
        finish_import,
        replace_corrections,
    )

    prepared = result.prepared
    assert prepared is not None
    counts = prepared.counts()
    absent = None
    if options.complete:
        from getbill_import.collection.settlements import absent_cases
        from getbill_import.store.imports import find_import

        # refused before anything is stored; the cases of this import's earlier runs are its own
        earlier = find_import(store, account=result.account, sha256=result.sha256, sheet_key=sheet_key)
        absent = absent_cases(store, prepared, account=result.account, import_id=earlier.id if earlier else None,
                              max_share=options.complete_max_share)
    if options.on_existing == "update" and prepared.owed is not None:
        from getbill_import.collection.settlements import keep_invoice_amounts
        from getbill_import.store.imports import find_import

        # a balance updates no invoice's amount: what it lowers is paid (record_settlements, below)
        earlier = find_import(store, account=result.account, sha256=result.sha256, sheet_key=sheet_key)
        keep_invoice_amounts(store, prepared, account=result.account, import_id=earlier.id if earlier else None)
    start = begin_import(
        store, account=result.account, sha256=result.sha256, force=options.force, sheet_key=sheet_key,
        source_name=source_name, source_size=result.size, kind=kind,
        format=prepared.read.source.format, sheet=prepared.read.source.sheet,
        profile=prepared.mapping.profile,
        mapping=[c.to_json() for c in prepared.mapping.columns],
        on_existing=options.on_existing, rows=counts["rows"], valid_rows=counts["valid"],
        invalid_rows=counts["invalid"], report_path=prepared.reports.get("report"),
    )
    if start.kind == "already_completed":  # another process finished it meanwhile
        result.status, result.record = "already_imported", start.record
        return result
    record = start.record
    result.start = start.kind
    progress("load", 0.0)
    try:
        load = load_cases(
            store, prepared.cases, account=result.account, import_id=record.id,
            on_existing=options.on_existing,  # type: ignore[arg-type]
            batch_size=settings.batch_size,
            progress=lambda done, total: progress("load", done / total if total else 1.0),
            pause_collector=pause_collector,
        )
        if prepared.changes is not None:
            result.corrections = replace_corrections(
                store, account=result.account, import_id=record.id, run=record.run,
                frame=_corrections(prepared),
            )
        if prepared.ledger_payments is not None and prepared.ledger_payments.height:
            from getbill_import.collection.reconcile import record_ledger_payments
            from getbill_import.store.types import utc_now

            # before the import is said complete: an import stopped here records them when resumed
            result.payments = record_ledger_payments(
                store, prepared.ledger_payments, account=result.account, now=utc_now(), path=result.path,
            )
        if prepared.left_out is not None or prepared.owed is not None or absent is not None:
            from getbill_import.collection.settlements import record_settlements
            from getbill_import.store.types import utc_now

            # what the list says of earlier imports' cases: paid, owed less, cancelled
            result.settled = record_settlements(
                store, prepared, account=result.account, import_id=record.id, now=utc_now(), path=result.path,
                existing=load.skipped_existing + load.updated + load.unchanged > 0, absent=absent,
            )
    except BaseException as exc:
        with contextlib.suppress(Exception):
            fail_import(store, account=result.account, import_id=record.id, error=str(exc) or type(exc).__name__)
        raise
    result.load = load
    result.record = finish_import(
        store, account=result.account, import_id=record.id, created=load.created,
        updated=load.updated, unchanged=load.unchanged, skipped_existing=load.skipped_existing,
        skipped_resolved=load.skipped_resolved,
    )
    result.status = "completed"
    return result


def _corrections(prepared: PreparedFile) -> pl.DataFrame:
    """The suggestions applied on the rows that were loaded, with each row's reference and the
    user's column name."""
    assert prepared.changes is not None
    columns = prepared.mapping.field_columns()
    loaded = prepared.cases.filter(pl.col(VALID)).select(pl.col(LINE).alias("line"), "reference")
    return (
        prepared.changes.join(loaded, on="line", how="inner")
        .with_columns(
            pl.col("field").replace_strict(columns, default=None, return_dtype=pl.String).alias("column"),
            pl.lit(None, pl.String).alias("code"),
        )
        .rename({"old": "original", "new": "corrected"})
    )
