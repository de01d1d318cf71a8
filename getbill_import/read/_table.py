"""read_table: any supported file → ReadResult (frame of strings with line numbers, source info,
row problems). The steps shared by every format live here: header detection, exclusion of blank,
title and totals rows, column naming, ragged rows, limits and undecodable text."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.fields import LINE
from getbill_import.problems import ERROR, empty_problems, problems_from_records
from getbill_import.read import (
    ExcludedLine,
    HeaderScore,
    LayoutScore,
    ReadResult,
    SheetScore,
    SourceInfo,
)
from getbill_import.read._cards import MIN_CARDS, find_cards
from getbill_import.read._csv import parse_csv, sniff_delimiter, spaced_quotes, unwrap_rows
from getbill_import.read._encoding import decode_to_utf8
from getbill_import.read._excel import read_workbook
from getbill_import.read._grid import RawGrid, grid_column
from getbill_import.read._groups import LABEL_COLUMNS, Groups, find_groups
from getbill_import.read._header import (
    HEADER_SCAN_ROWS,
    TOTALS_PATTERN,
    cell_text,
    column_names,
    find_header,
    is_blank,
    is_numeric_like,
    is_second_header,
    is_totals_label,
)
from getbill_import.read._layout import HeaderChoice, choose_header, choose_sheet, header_notice
from getbill_import.read._repeats import Repeats, find_repeats, read_under
from getbill_import.read._sniff import (
    check_path,
    detect_format,
    named_like_a_workbook,
    open_regular,
)

#: bytes of decoded text used to sniff the delimiter and the grid width
SNIFF_BYTES = 256 * 1024
#: how many of the first columns may hold a totals label ("Total", "TOTAL TTC"…)
TOTALS_LABEL_COLUMNS = 3
#: blank rows listed one by one in ``excluded_lines`` (a run of blank rows at the end never is)
MAX_LISTED_BLANK_ROWS = 1_000
_ROW = "__row__"
_REASON_TEXT = {
    "blank": ("blank row", "blank rows"),
    "title": ("title row above the header", "title rows above the header"),
    "totals": ("totals row", "totals rows"),
    "footer": ("footer row below the data (one cell of text)", "footer rows below the data"),
    "subtitle": ("sub-title row below the header (one cell of text)", "sub-title rows below the header"),
    "below": ("a row of a block below the list, with no reference", "rows of a block below the list, with no reference"),
    "group": ("group label row", "group label rows"),
    "card": ("a statement's card (its party's labelled values, read as columns)", "statements' cards (their parties' labelled values, read as columns)"),
    "subheader": ("second header line (the columns' names again)", "second header lines"),
    "header": (
        "the header's upper line (labels of groups of columns, read into their names)",
        "the header's upper lines",
    ),
    "split": (
        "a split of the transaction above it, or a section's header or end (QuickBooks IIF: SPL, !SPL, ENDTRNS)",
        "splits of the transactions above them, and the sections' headers and ends (QuickBooks IIF: SPL, !SPL, ENDTRNS)",
    ),
    "item": (
        "a line item of the invoice above it (no amount of its own)",
        "line items of the invoice above them (no amount of their own)",
    ),
    "repeat": (
        "the invoice above it again (a line item or a copy: the same values in every mapped column)",
        "the invoice above them again (line items or copies: the same values in every mapped column)",
    ),
    "line": (
        "a line of the invoice above it, its amount added to the invoice's",
        "lines of the invoice above them, their amounts added to the invoice's",
    ),
    "posting": (
        "a posting on the invoice of another row (a payment, a credit), netted with it",
        "postings on the invoices of other rows (payments, credits), netted with them",
    ),
    "snapshot": (
        "a row of an earlier snapshot of the open items (the file stacks several, the latest is read)",
        "rows of earlier snapshots of the open items (the file stacks several, the latest is read)",
    ),
    "closed": (
        "its status, paid flag, paid amount or zero balance says the invoice is not owed (paid, cancelled or a draft)",
        "their status, paid flag, paid amount or zero balance says the invoices are not owed (paid, cancelled or drafts)",
    ),
    "credited": (
        "an invoice cancelled in full by a credit of its debtor in the file (a credit note, unapplied cash), or that credit",
        "invoices cancelled in full by credits of their debtors in the file (credit notes, unapplied cash), and those credits",
    ),
    "payable": (
        "a payable by its type (what is owed to a supplier), no debt to collect",
        "payables by their type (what is owed to suppliers), no debts to collect",
    ),
    "document": (
        "a document that is no invoice by its kind (a quote, an order, a delivery, a purchase)",
        "documents that are no invoices by their kind (quotes, orders, deliveries, purchases)",
    ),
    "copy": ("a copy of a row above it, the same in every column", "copies of rows above them, the same in every column"),
    "credit": (
        "a credit note, a payment, an advance or a refund by its kind, not an invoice",
        "credit notes, payments, advances or refunds by their kind, not invoices",
    ),
    "paid": ("a posting of an invoice paid in full in this ledger", "postings of invoices paid in full in this ledger"),
    "account": (
        "a line on a ledger account that is not a customer receivable",
        "lines on ledger accounts that are not customer receivables",
    ),
}


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    limits: ReadLimits | None = None,
    header_score: HeaderScore | None = None,
    layout_score: LayoutScore | None = None,
    header_line: int | None = None,
    sheet_score: SheetScore | None = None,
) -> ReadResult:
    """Read a CSV/TSV/TXT or XLSX/XLSB/XLS/ODS file into a frame of strings.

    ``header_line`` says where the header is (1 its first line), 0 that the file has none (its
    columns are then "Column 1", "Column 2"… and every line is data); None finds it.

    Raises InputFileError when the file cannot be read at all (missing, empty, binary, corrupt,
    encrypted, above a limit); everything else about individual rows is a row problem.
    """
    limits = limits or ReadLimits()
    p = check_path(path, limits)
    fmt = detect_format(p)
    if delimiter is not None and len(delimiter) != 1:
        delimiter = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}.get(
            delimiter.lower(), delimiter
        )
        if len(delimiter) != 1:
            raise InputFileError(f"The delimiter must be a single character, not {delimiter!r}.")
    if fmt == "csv":
        with os.fdopen(open_regular(p), "rb") as fh:
            raw = fh.read()
        decoded = decode_to_utf8(raw, encoding, name=p.name, parser_checks_utf8=True)
        try:
            grid, chosen, unwrapped = _parse_text(decoded.data, delimiter, limits, p.name)
        except UnicodeDecodeError:  # not UTF-8 after all, past the checked sample
            decoded = decode_to_utf8(raw, encoding, name=p.name)
            grid, chosen, unwrapped = _parse_text(decoded.data, delimiter, limits, p.name)
        del raw
        info = SourceInfo(path=str(p), format="csv", encoding=decoded.encoding, delimiter=chosen)
        info.notices.extend(decoded.notices)
        info.notices.extend(unwrapped)
        if named_like_a_workbook(p):
            info.notices.append(
                f"{p.name} is named like a workbook ({p.suffix}) but holds delimited text: it is read as CSV "
                "(a download saved under a workbook's name)."
            )
        if sheet is not None:
            info.notices.append(f"The sheet option ({sheet!r}) was ignored: {p.name} is delimited text, not a workbook.")
        return _finish(grid, info, header_score, limits, sheet=None, layout_score=layout_score, header_line=header_line)
    book = read_workbook(p, fmt, sheet=sheet, header_score=header_score, limits=limits)
    choice = None
    if sheet is None and layout_score is not None and len(book.sheets) > 1 and header_line is None:
        book, choice = choose_sheet(p, fmt, book, header_score, layout_score, limits, sheet_score)
    info = SourceInfo(path=str(p), format=fmt, sheet=book.sheet, sheets=book.sheets, other_sheet_texts=book.other_texts)
    info.notices.extend(book.notices)
    return _finish(
        book.grid, info, header_score, limits, sheet=book.sheet, layout_score=layout_score, choice=choice,
        header_line=header_line,
    )


#: the first cell of a QuickBooks IIF file: the header of its transactions
IIF_HEADER = "!TRNS"


def _given_header(grid: RawGrid, header_line: int, name: str) -> HeaderChoice:
    """The header the user gave: line ``header_line`` (1 the first), or none (0)."""
    if header_line < 0:
        raise InputFileError(f"The header line must be 0 (no header) or a line number, not {header_line}.")
    if header_line > grid.frame.height:
        raise InputFileError(f"{name} has {grid.frame.height:,} lines: its header cannot be on line {header_line:,}.")
    if header_line and is_blank(grid.frame.row(header_line - 1)):
        raise InputFileError(f"Line {header_line:,} of {name} is blank: it cannot be the header. Give the line of the columns' names.")
    return HeaderChoice(header_line - 1)


def _parse_text(data: bytes, delimiter: str | None, limits: ReadLimits, name: str) -> tuple[RawGrid, str, list[str]]:
    sample = data[:SNIFF_BYTES].decode("utf-8", errors="ignore")
    chosen, width = sniff_delimiter(sample, delimiter)
    said: list[str] = []
    if delimiter is None and (unwrapped := unwrap_rows(data, sample)) is not None:
        said.append(
            f"Each row of {name} is written whole into one cell, its values separated by commas: "
            "a file saved again by a spreadsheet set to another delimiter. Each cell is read as the row of values it holds."
        )
        data = unwrapped
        sample = data[:SNIFF_BYTES].decode("utf-8", errors="ignore")
        chosen, width = sniff_delimiter(sample, None)
    if (unspaced := spaced_quotes(data, sample, chosen)) is not None:
        said.append(
            f"Quoted values of {name} follow a space after the delimiter ('{chosen} \"'): they are read as quoted, "
            f"the '{chosen}' inside them part of the value."
        )
        data = unspaced
    if width > limits.max_columns:
        _too_wide(name, width, limits, at_least=True)
    return parse_csv(data, chosen, width, max_cell_chars=limits.max_cell_chars), chosen, said


def _finish(
    grid: RawGrid,
    info: SourceInfo,
    header_score: HeaderScore | None,
    limits: ReadLimits,
    *,
    sheet: str | None,
    layout_score: LayoutScore | None = None,
    choice: HeaderChoice | None = None,
    header_line: int | None = None,
) -> ReadResult:
    name = Path(info.path).name
    sample = grid.frame.head(HEADER_SCAN_ROWS).rows()
    iif = bool(sample) and cell_text(sample[0][0]).strip().upper() == IIF_HEADER
    if header_line is not None:
        choice = _given_header(grid, header_line, name)
    elif iif:
        # QuickBooks' IIF: the transactions' header is the first line, whatever the lines below it
        choice = HeaderChoice(0)
    elif choice is None:
        choice = choose_header(grid, header_score, layout_score)
    header = choice.header
    if header_line is None:
        info.notices.extend(header_notice(choice, find_header(sample, header_score)))
    if header is None:
        raise InputFileError(
            f"{name} has no header row: its first {HEADER_SCAN_ROWS} lines are blank. "
            "Check that the export contains data."
        )
    info.header_line = header + 1
    upper = header - 1 if choice.names is not None else None
    excluded: list[ExcludedLine] = [
        ExcludedLine(i + 1, "blank" if is_blank(r) else "header" if i == upper else "title", _join(r, info.delimiter))
        for i, r in enumerate(sample[:max(header, 0)])
    ]

    if header < 0:
        header_cells: list[str | None] = [None] * grid.width
        info.notices.append(
            "The file is read without a header row (--header-line 0): its columns are named by their place "
            "('Column 1', 'Column 2'…) and mapped by their values; map one yourself with --set 'Column 3=amount'."
        )
    else:
        header_cells = list(choice.names) if choice.names is not None else list(sample[header])
    if grid.field_counts is not None:
        width = int(grid.field_counts.max() if header < 0 else grid.field_counts[header])  # type: ignore[arg-type]
        if width > limits.max_columns:
            _too_wide(name, width, limits)
        if width > grid.width:  # only when the first records are larger than the sniffed sample
            info.notices.append(f"Only the first {grid.width} of the header's {width} columns were read.")
            width = grid.width
        header_cells = (header_cells + [None] * width)[:width]
        if header >= 0 and choice.names is None and _names_each_row(grid, header, width, header_cells):
            header_cells = [None, *header_cells]
            width += 1
            info.notices.append(
                "Every row has one field more than the header, first: each row's own name or number before "
                "its values (what R's write.table writes). It is read as an unnamed first column ('Column 1')."
            )
        elif header >= 0 and (short := _header_longer_than_rows(grid, header, width, header_cells)):
            blank = [repr(c) for c in header_cells[short:width]]
            info.notices.append(
                f"{HEADER_LONGER_SAID} {width} columns but every row has {short} fields: the rows lack a column the "
                "header names, so from some column on each value may sit under the name of the column before it "
                f"({', '.join(blank[:3])}{' …' if len(blank) > 3 else ''} {'is' if len(blank) == 1 else 'are'} blank "
                "on every row). Check the header against the rows and export the file again, or name the columns "
                "yourself (--header-line 0, then --set 'Column 2=debtor.name')."
            )
    else:
        width = grid.width
    names = column_names(header_cells, grid.column_numbers[:width])
    columns = [grid_column(i) for i in range(width)]

    body = grid.frame.with_row_index(_ROW).slice(header + 1)
    if grid.field_counts is not None:
        body = body.with_columns(grid.field_counts.slice(header + 1).alias("__n__"))
    blank_rows = _blank_rows(body, [grid_column(i) for i in range(grid.width)])
    filler = _filler_rows(body, [grid_column(i) for i in range(grid.width)], blank_rows)
    if filler.len():
        first, last = int(filler.min()) + 1, int(filler.max()) + 1  # type: ignore[arg-type]
        info.notices.append(
            f"Rows {first}–{last} excluded: {filler.len():,} rows at the end of the table that repeat a few values, "
            "with no first column and no text of their own (what a spreadsheet's formulas leave below its rows)."
        )
    body = body.with_columns(pl.col(_ROW).is_in(blank_rows.implode()).alias("__blank__"))
    if filler.len():
        # left out as blank rows are, said above rather than counted among them
        body = body.with_columns((pl.col("__blank__") | pl.col(_ROW).is_in(filler.implode())).alias("__blank__"))
        blank_rows = blank_rows.filter(blank_rows < filler.min())
    non_blank = body.filter(~pl.col("__blank__"))
    repeats = find_repeats(non_blank, _ROW, header_cells, grid.width) if header >= 0 else None
    if repeats is not None:
        non_blank = non_blank.filter(~pl.col(_ROW).is_in(repeats.rows))
        excluded.extend(
            ExcludedLine(row + 1, "subheader", _join(grid.frame.row(row), info.delimiter)) for row in repeats.rows
        )
    again: list[int] = []
    if upper is not None and header >= 1:
        # a header of two lines written again on each page: each line of it, and the page's title above it
        again = _two_line_header_again(non_blank, grid, header, [r for r in sample[:upper] if not is_blank(r)])
        if again:
            non_blank = non_blank.filter(~pl.col(_ROW).is_in(again))
            excluded.extend(ExcludedLine(row + 1, "subheader", _join(grid.frame.row(row), info.delimiter)) for row in again)
    if iif and header == 0:
        # only the transactions (TRNS) are read: their split lines (SPL) and the sections' own headers and ends
        # (!SPL, !ENDTRNS, ENDTRNS) are no rows of the list
        kind = pl.col(columns[0]).str.strip_chars().str.to_uppercase()
        splits = non_blank.filter(kind.is_null() | (kind != "TRNS"))[_ROW].to_list()
        non_blank = non_blank.filter(~pl.col(_ROW).is_in(splits))
        excluded.extend(ExcludedLine(row + 1, "split", _join(grid.frame.row(row), info.delimiter)) for row in splits)
    else:
        splits = []
    totals_rows = _totals_rows(non_blank, columns)
    groups = find_groups(non_blank, columns, totals_rows)
    if groups is not None and repeats is not None and header >= 1:
        groups = _first_block_under_the_title(groups, grid.frame.row(header - 1), header, totals_rows, repeats.rows)
    if groups is not None:
        totals_rows = sorted({*totals_rows, *groups.total_rows})
        excluded.extend(
            # (a label above the header is excluded already, as a title)
            ExcludedLine(row + 1, "group", _join(grid.frame.row(row), info.delimiter))
            for row in groups.label_rows if row > header
        )
    cards = None
    if groups is None and repeats is not None and header_line is None and len(repeats.rows) + 1 >= MIN_CARDS:
        # statements stacked one per party, each under a card of labelled values (its code, name, phone)
        cards = find_cards(grid.frame, header, repeats.rows, names,
                           non_blank.filter(~pl.col(_ROW).is_in(totals_rows))[_ROW].cast(pl.Int64))
    if cards is not None:
        totals_rows = sorted({*totals_rows, *cards.sums})
        excluded.extend(ExcludedLine(row + 1, "card", _join(grid.frame.row(row), info.delimiter)) for row in cards.rows)
    excluded.extend(
        ExcludedLine(row + 1, "totals", _join(grid.frame.row(row), info.delimiter, quoted=True)) for row in totals_rows
    )
    end_notices = _list_blank_rows(blank_rows, body, header, excluded)
    dropped = totals_rows + (groups.label_rows if groups is not None else []) + (repeats.rows if repeats else []) + again + splits
    dropped += cards.rows if cards is not None else []
    if (header_line is None and header + 1 < len(sample) and header + 1 not in dropped
            and is_second_header(sample[header + 1], header_score)):
        dropped.append(header + 1)
        excluded.append(ExcludedLine(header + 2, "subheader", _join(sample[header + 1], info.delimiter)))
    data = body.filter(~pl.col("__blank__") & ~pl.col(_ROW).is_in(dropped))

    if data.height > limits.max_rows:
        raise InputFileError(
            f"{name} has {data.height:,} data rows, more than the {limits.max_rows:,}-row limit. "
            "Split the file, or raise GETBILL_MAX_ROWS."
        )

    # Columns without a header and without any value (trailing delimiters, formatted but empty
    # sheet columns) are dropped; a column with values keeps its "Column N" name.
    keep = [
        i for i, c in enumerate(columns)
        if cell_text(header_cells[i]) or data.get_column(c).is_not_null().any()
    ]
    if len(keep) < len(columns):
        info.notices.append(f"{len(columns) - len(keep)} empty column(s) without a header were ignored.")
    columns = [columns[i] for i in keep]
    names = [names[i] for i in keep]
    # (for a workbook: where each column is in its sheet)
    numbers = dict(zip(names, (grid.column_numbers[i] for i in keep), strict=True)) if grid.field_counts is None else None

    _check_cell_lengths(data, columns, names, limits, name, text=grid.field_counts is not None)
    frame = data.select(
        (pl.col(_ROW) + 1).cast(pl.Int64).alias(LINE),
        *(pl.col(c).alias(n) for c, n in zip(columns, names, strict=True)),
    )
    frame, said = undo_double_decoding(frame, names)
    info.notices.extend(said)
    frame, said = blank_null_words(frame, names)
    info.notices.extend(said)
    frame, said = unwrap_text_formulas(frame, names)
    info.notices.extend(said)
    frame, said = _drop_nul_padding(frame, names)
    info.notices.extend(said)
    moved: list[int] = []
    if repeats is not None and repeats.layouts:
        frame, moved = _read_under_layouts(frame, data, repeats, keep, names, info)

    if cards is not None:
        # (each label a column of its block's rows, after the header's own)
        frame = frame.hstack(cards.columns_for(data.get_column(_ROW)))
        info.notices.append(
            f"Report layout: {cards.blocks:,} statements stacked one "
            f"after another, each under a card of its own ({', '.join(repr(n) for n in cards.values)}), read as "
            "columns of its rows."
        )
    problems = [empty_problems()]
    if grid.field_counts is not None:
        in_place = data.filter(~pl.col(_ROW).is_in(moved)) if moved else data
        problems.append(_ragged_problems(in_place, grid, width, _span(header_cells), sheet))
    if grid.has_replacement is not False:
        problems.append(_undecodable_problems(frame, names, sheet))
    info.rows = frame.height
    info.excluded_lines = sorted(excluded, key=lambda e: e.line)
    info.notices.extend(exclusion_notices(info.excluded_lines))
    info.notices.extend(end_notices)
    labels = groups.labels_for(data.get_column(_ROW)) if groups is not None else None
    if groups is not None:
        info.notices.append(
            f"Report layout: {len(groups.spans)} group(s) of invoices, each under a label row"
            + (" and closed by a total row." if groups.closed else ", up to the next label (no total row closes them).")
        )
    opened = tuple(label for start, _, label in groups.spans if start in groups.opened) if groups is not None else ()
    return ReadResult(frame=frame, source=info, problems=_concat(problems), group_labels=labels, column_numbers=numbers,
                      opened_groups=opened)


#: what a database or a dataframe writes in a cell with no value: SQL's NULL, MySQL's \N, a missing
#: number's NaN
NULL_WORDS = (
    "NULL", "null", "Null", "(null)", "<null>", "<NULL>", "[NULL]", "\\N", "NaN", "nan",
    # Python's nothing written as text (a script's str(None))
    "None", "none", "NONE",
    # a person's first and last names each empty, joined ("None None": a payer with no name)
    "None None", "none none", "NULL NULL", "null null", "nan nan", "NaN NaN",
    # a dataframe's missing amount formatted as money ("€NaN", "$ NaN", "NaN €")
    *(form.format(sign) for sign in "€$£" for form in ("{}NaN", "{} NaN", "NaN{}", "NaN {}")),
)


def _columns_counted(found: dict[str, int]) -> str:
    """The columns a notice names with their counts ("'Amount' (3), 'Name' (1) and 2 more column(s)")."""
    where = ", ".join(f"'{n}' ({c:,})" for n, c in list(found.items())[:4])
    return where + (f" and {len(found) - 4} more column(s)" if len(found) > 4 else "")


def blank_null_words(frame: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Cells that only say they hold nothing ("NULL", "\\N", "NaN": ``NULL_WORDS``) read as empty,
    said once for the file with the columns they were in."""
    texts = [n for n in names if frame.schema[n] == pl.String]
    if not texts or not frame.height:
        return frame, []
    counts = frame.select(pl.col(n).is_in(NULL_WORDS).sum().alias(n) for n in texts).row(0, named=True)
    found = {n: int(c) for n, c in counts.items() if c}
    if not found:
        return frame, []
    frame = frame.with_columns(
        pl.when(pl.col(n).is_in(NULL_WORDS)).then(None).otherwise(pl.col(n)).alias(n) for n in found
    )
    where = _columns_counted(found)
    return frame, [f"{sum(found.values()):,} cell(s) written 'NULL', 'None' or 'NaN' (a database's, a script's or a "
                   f"dataframe's empty value) are read as empty: {where}."]


#: a value a CSV export wrote as a spreadsheet's text formula, to keep its leading zeros or its digits
#: whole ('="00123"'): the text inside
_TEXT_FORMULA = r'^\s*="(.*)"\s*$'


def unwrap_text_formulas(frame: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Cells written as a spreadsheet's text formula ('="121"': Housecall Pro's job numbers, an export
    keeping a number's leading zeros) read as the text inside, said once for the file."""
    texts = [n for n in names if frame.schema[n] == pl.String]
    if not texts or not frame.height:
        return frame, []
    counts = frame.select(pl.col(n).str.contains(_TEXT_FORMULA).sum().alias(n) for n in texts).row(0, named=True)
    found = {n: int(c) for n, c in counts.items() if c}
    if not found:
        return frame, []
    frame = frame.with_columns(
        pl.when(pl.col(n).str.contains(_TEXT_FORMULA)).then(pl.col(n).str.extract(_TEXT_FORMULA)).otherwise(pl.col(n)).alias(n)
        for n in found
    )
    where = _columns_counted(found)
    return frame, [f"{sum(found.values()):,} cell(s) written as a spreadsheet's text formula ('=\"…\"') are read as the "
                   f"text inside: {where}."]


def _drop_nul_padding(frame: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Text cells ending with NUL characters (a program's fixed-width fields padded with them, which
    a workbook writes "_x0000_"): the padding is dropped, said once for the file. Elsewhere in a
    cell a control character is the validation's to report."""
    texts = [n for n in names if frame.schema[n] == pl.String]
    if not texts or not frame.height:
        return frame, []
    padded = frame.select(pl.col(n).str.ends_with("\x00").sum() for n in texts).row(0)
    found = {n: int(k) for n, k in zip(texts, padded, strict=True) if k}
    if not found:
        return frame, []
    frame = frame.with_columns(pl.col(n).str.replace(r"\x00+$", "") for n in found)
    where = ", ".join(f"'{n}'" for n in list(found)[:3]) + (" and more" if len(found) > 3 else "")
    return frame, [f"{sum(found.values()):,} cell(s) end with NUL characters, a program's padding ('_x0000_' in a "
                   f"workbook): it is dropped ({where})."]


#: what UTF-8 text decoded a second time as Latin-1 or Windows-1252 writes: "Ã" or "Â" then a
#: continuation byte shown as a character ("MARTÃ\x8dNEZ", "QUEÃ‘ES"), or "â€" (’ “ ” – …)
_MARKED = "[ÃÂ]|â€"
#: the rows in which a column's text decoded twice is looked for
_TWICE_ROWS = 50_000
_TWICE = re.compile(
    "[ÃÂ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€"
)


def undo_double_decoding(frame: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """Cells whose UTF-8 text was decoded twice by the system that wrote them ("MARTÃ\x8dNEZ" for
    MARTÍNEZ) read as written first, each distinct value once; a notice per column says so. A value
    is put back only when its bytes make valid UTF-8 again."""
    fixes: dict[str, dict[str, str]] = {}
    texts = [n for n in names if frame.schema[n] == pl.String]
    if not texts:
        return frame, []
    # the columns holding a mark, looked for in all of them at once, on the rows a system that writes
    # such text fills with it (its names, its addresses) long before the end of a large file
    flagged = frame.head(_TWICE_ROWS).select(pl.col(n).str.contains(_MARKED).any().alias(n) for n in texts).row(0, named=True)
    for name in (n for n in texts if flagged[n]):
        marked = frame.get_column(name).filter(frame.get_column(name).str.contains(_MARKED).fill_null(False))
        mapping = {v: fixed for v in marked.unique(maintain_order=True).to_list()
                   if _TWICE.search(v) and (fixed := _decoded_once(v)) != v}
        if mapping:
            fixes[name] = mapping
    if not fixes:
        return frame, []
    frame = frame.with_columns(pl.col(c).replace(m) for c, m in fixes.items())
    said = []
    for name, mapping in fixes.items():
        before, after = next(iter(mapping.items()))
        cells = int(frame.get_column(name).is_in(list(mapping.values())).sum())
        said.append(
            f"Column '{name}': {cells:,} cell(s) held text decoded twice by the system that wrote the file "
            f"({before!r}): read as {after!r}."
        )
    return frame, said


def _decoded_once(value: str) -> str:
    """``value`` with its characters taken back to the bytes Latin-1 or Windows-1252 read them from,
    decoded as UTF-8; ``value`` itself when those bytes are no UTF-8."""
    raw = bytearray()
    for char in value:
        code = ord(char)
        if code < 256:
            raw.append(code)
            continue
        try:
            raw.extend(char.encode("cp1252"))
        except UnicodeEncodeError:
            return value
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return value


def _too_wide(name: str, width: int, limits: ReadLimits, *, at_least: bool = False) -> None:
    raise InputFileError(
        f"{name}: a row has {'at least ' if at_least else ''}{width:,} columns, more than the "
        f"{limits.max_columns:,}-column limit (Excel's own maximum). Check the delimiter "
        "(--delimiter), or raise GETBILL_MAX_COLUMNS."
    )


def _blank_rows(body: pl.DataFrame, columns: list[str]) -> pl.Series:
    """Grid indices of rows whose cells are all empty or whitespace.

    Only rows whose first cell is empty can be blank, so the full test runs on those alone.
    """
    def empty(c: str) -> pl.Expr:
        return pl.col(c).is_null() | ~pl.col(c).str.contains(r"\S")

    if not columns:
        return body.get_column(_ROW)
    return (
        body.filter(empty(columns[0]))
        .filter(pl.all_horizontal(empty(c) for c in columns[1:]) if len(columns) > 1 else pl.lit(True))
        .get_column(_ROW)
    )


#: rows alike at the end of a table from which they are what formulas leave below it
FILLER_RUN = 3


def _filler_rows(body: pl.DataFrame, columns: list[str], blank_rows: pl.Series) -> pl.Series:
    """Grid indices of the run of rows at the end of ``body`` (blank rows aside) with an empty first
    cell and no letter in any cell, nearly all alike (",,,,,20,20,0,0,0" written 900 times by
    formulas dragged down a sheet), when the run is ``FILLER_RUN`` rows or more; empty otherwise.
    Read from the end, a block at a time: most tables end with a row of their own."""
    none = pl.Series(_ROW, [], dtype=body.schema[_ROW])
    if body.height < FILLER_RUN or not columns:
        return none
    # a formula's error ("#N/A", "#REF!") is no text either
    text = [pl.col(c).cast(pl.String).str.replace(r"^\s*#(?:N/A|REF!|VALUE!|DIV/0!|NAME\?|NUM!|NULL!)\s*$", "") for c in columns]
    first_empty = text[0].is_null() | ~text[0].str.contains(r"\S")
    strict = _filler_run(body, columns, blank_rows, first_empty & ~pl.any_horizontal(
        t.str.contains(r"[^\W\d_]").fill_null(False) for t in text))
    if strict.len():
        return strict
    # formulas whose results are words ("Nuevo", "No hay") dragged down: one row written again and
    # again, with an empty first cell
    return _filler_run(body, columns, blank_rows, first_empty, alike=1)


def _filler_run(
    body: pl.DataFrame, columns: list[str], blank_rows: pl.Series, debris: pl.Expr, alike: int | None = None
) -> pl.Series:
    """The run of rows at the end of ``body`` where ``debris`` holds, of at most ``alike`` distinct
    rows (a few: ``max(2, rows // 10)``), ``FILLER_RUN`` rows or more; empty otherwise."""
    none = pl.Series(_ROW, [], dtype=body.schema[_ROW])
    size = FILLER_RUN
    while True:
        tail = body.tail(size)
        tail = tail.filter(~pl.col(_ROW).is_in(blank_rows.implode())) if blank_rows.len() else tail
        flags = tail.select(debris.alias("d"))["d"]
        kept = (~flags).arg_true()
        if kept.len() or size >= body.height:
            break
        size *= 10
    if not kept.len():
        # nothing but such rows: no table above them
        return none
    run = tail.slice(int(kept.max()) + 1)  # type: ignore[arg-type]
    # written by formulas: a few rows repeated, not rows of their own
    if run.height < FILLER_RUN or run.select(columns).n_unique() > (alike or max(2, run.height // 10)):
        return none
    return run.get_column(_ROW)


def _list_blank_rows(
    blank_rows: pl.Series, body: pl.DataFrame, header: int, excluded: list[ExcludedLine]
) -> list[str]:
    """Add blank rows to ``excluded``; return the notices for those not listed one by one.

    Workbooks and some exports end with thousands of blank rows: the run at the very end is
    summarised in one notice, and at most MAX_LISTED_BLANK_ROWS blank rows are listed.
    """
    if blank_rows.len() == 0:
        return []
    non_blank = body.filter(~pl.col("__blank__")).get_column(_ROW)
    last_content = int(non_blank.max()) if non_blank.len() else header  # type: ignore[arg-type]
    inner = blank_rows.filter(blank_rows < last_content).to_list()
    trailing = blank_rows.filter(blank_rows > last_content)
    notices: list[str] = []
    excluded.extend(ExcludedLine(row + 1, "blank") for row in inner[:MAX_LISTED_BLANK_ROWS])
    if len(inner) > MAX_LISTED_BLANK_ROWS:
        notices.append(
            f"{len(inner) - MAX_LISTED_BLANK_ROWS:,} more blank rows were excluded (not listed one by one)."
        )
    if trailing.len():
        first, last, n = int(trailing.min()) + 1, int(trailing.max()) + 1, trailing.len()  # type: ignore[arg-type]
        where = f"Row {first}" if n == 1 else f"Rows {first}–{last}"
        notices.append(f"{where} excluded: {n:,} blank row{'s' if n > 1 else ''} at the end.")
    return notices


#: a group's total named after the group ("Total  ABRUD SRL", "Subtotal Acme"): group 1 the name
_GROUP_TOTAL = r"(?i)^\s*(?:grand[\s-]*total|sous[\s-]*total|sub[\s-]*total|totals?|summe|gesamt|totale)\s+(\S.*)$"
#: the group's name before the word: "Acme Ltd Total" (a spreadsheet's subtotals), "수출 TOTAL"
_GROUP_TOTAL_AFTER = r"(?i)^\s*(\S.*?)\s+(?:sub[\s-]*total|totals?|summe|gesamt|totale)\s*$"


def _totals_rows(body: pl.DataFrame, columns: list[str]) -> list[int]:
    """Rows (grid indices) labelled "Total…" in one of the first cells, or in the row's first written
    cell (SwilERP's "Total" under the party's name, the fourth column), or "Total" and the name of
    a group written in the same column above ("Total  ABRUD SRL", "ABRUD SRL Total"), other text
    cells empty."""
    label_cols = columns[:TOTALS_LABEL_COLUMNS]
    if not label_cols or body.height == 0:
        return []
    said = r"(?i)tota|summ?[ae]?\b|sums\b|i alt|yhteens|razem|suma|celkem|spolu|sszesen|summe|(?:closing|ending) bal|balance c|solde (?:final|de cl)|saldo (?:final|de cierre)|endsaldo|schlusssaldo|eindsaldo|toplam|t[ổo]ng|c[ộo]ng|جمع|مجموع|جمالي|итого|всего|разом|усього|підсумок|合計|総計|小計|合计|总计|小计|합계|총계|소계"
    maybe = body.filter(pl.any_horizontal(pl.col(c).str.contains(said).fill_null(False) for c in label_cols))
    # (the rows whose first cells are empty, a few, are read further)
    later = columns[TOTALS_LABEL_COLUMNS:]
    if later:
        unlabelled = body.filter(pl.all_horizontal(pl.col(c).str.strip_chars().replace("", None).is_null() for c in label_cols))
        unlabelled = unlabelled.filter(pl.any_horizontal(pl.col(c).str.contains(said).fill_null(False) for c in later))
        maybe = pl.concat([maybe, unlabelled])
    if maybe.height == 0:
        return []
    allowance = max(1, len(columns) // 4)
    # "Total  ABRUD SRL" below ABRUD SRL's rows: a group's total, named after a value of its column
    named = {
        c: set(body.get_column(c).cast(pl.String).str.strip_chars().str.to_lowercase().drop_nulls().to_list())
        for c in label_cols
        if maybe.get_column(c).cast(pl.String).str.contains(f"{_GROUP_TOTAL}|{_GROUP_TOTAL_AFTER}").any()
    }

    def names_a_group(i: int, value: str) -> bool:
        return any(found is not None and found[1].strip().lower() in named.get(label_cols[i], ())
                   for found in (re.match(_GROUP_TOTAL, value), re.match(_GROUP_TOTAL_AFTER, value)))

    rows: list[int] = []
    for record in maybe.select(_ROW, *columns).iter_rows():
        row, cells = record[0], [cell_text(v) for v in record[1:]]
        label = next((i for i, v in enumerate(cells[:TOTALS_LABEL_COLUMNS])
                      if v and (is_totals_label(v) or names_a_group(i, v))), None)
        written = next((i for i, v in enumerate(cells) if v), None)
        if label is None and written is not None and written >= TOTALS_LABEL_COLUMNS and is_totals_label(cells[written]):
            label = written
        if label is None:
            continue
        other_text = sum(1 for i, v in enumerate(cells) if v and i != label and not is_numeric_like(v))
        if other_text <= allowance:
            rows.append(row)
    return rows


def _check_cell_lengths(
    data: pl.DataFrame, columns: list[str], names: list[str], limits: ReadLimits, file: str, *, text: bool
) -> None:
    if not columns or data.height == 0:
        return
    hint = (
        "Check the file: an unclosed quote merges the following lines into one cell."
        if text
        else "Excel itself holds at most 32,767 characters per cell: check how the file was produced."
    )
    longest_bytes = data.select(pl.col(c).str.len_bytes().max() for c in columns).row(0)
    for c, n, nbytes in zip(columns, names, longest_bytes, strict=True):
        if nbytes is None or nbytes <= limits.max_cell_chars:
            continue
        too_long = data.filter(pl.col(c).str.len_chars() > limits.max_cell_chars)
        if too_long.height:
            line = int(too_long.get_column(_ROW)[0]) + 1
            chars = int(too_long.get_column(c).str.len_chars()[0])
            raise InputFileError(
                f"{file}: the cell in column {n!r} on line {line} holds {chars:,} characters, more than "
                f"the {limits.max_cell_chars:,}-character limit. " + hint
            )


def _read_under_layouts(
    frame: pl.DataFrame, data: pl.DataFrame, repeats: Repeats, places: list[int], names: list[str], info: SourceInfo,
) -> tuple[pl.DataFrame, list[int]]:
    """The rows under a header written again with other places, read by its names (``names`` gains
    the columns only it names); the grid rows so read."""
    moved: list[int] = []
    parts = []
    for layout in repeats.layouts:
        if not layout.rows:
            continue
        extra_names = []
        for name, _ in layout.extra:
            candidate, count = name, 1
            while candidate in names or candidate == LINE:
                count += 1
                candidate = f"{name} ({count})"
            names.append(candidate)
            extra_names.append(candidate)
        parts.append(read_under(data, _ROW, layout, places, names[: len(places)], extra_names, LINE))
        moved.extend(layout.rows)
        others = f", with {', '.join(repr(n) for n, _ in layout.extra)}" if layout.extra else ""
        info.notices.append(
            f"Line {layout.line} names the columns again in another order{others}: the {len(layout.rows):,} row(s) "
            "below it are read by those names."
        )
    if not moved:
        return frame, moved
    frame = pl.concat([frame.filter(~pl.col(LINE).is_in([r + 1 for r in moved])), *parts], how="diagonal_relaxed")
    return frame.sort(LINE), moved


def _first_block_under_the_title(
    groups: Groups, title: Sequence[str | None], header: int, totals_rows: list[int], repeated: list[int],
) -> Groups:
    """Customers' statements stacked one after another, each its customer's name on a row of its
    own, the header again and the invoices closed by a total (Tally's outstanding receivables): the
    first name sits above the file's header, read as a title, and labels the rows up to the first
    total too, when it is one cell among the label columns and every later label is followed by the
    header written again."""
    cells = [cell_text(v) for v in title]
    filled = [i for i, v in enumerate(cells) if v]
    if len(filled) != 1 or filled[0] >= LABEL_COLUMNS or re.search(TOTALS_PATTERN, cells[filled[0]] or ""):
        return groups
    if not all(start + 1 in repeated for start, _, _ in groups.spans):
        return groups
    closers = [r for r in totals_rows if header < r < groups.spans[0][0]]
    if not closers:
        return groups
    return Groups([(header - 1, min(closers), str(cells[filled[0]])), *groups.spans], groups.more_labels,
                  opened=groups.opened)


def _two_line_header_again(rows: pl.DataFrame, grid: RawGrid, header: int, titles: Sequence[Sequence[Any]]) -> list[int]:
    """The grid rows (positions) of ``rows`` that write a header of two lines again, either line as
    the file wrote it (a report's page break: "Сумма" above "накладной"), and the lines of the title
    block above the header written again with another page's number ("… Страница 2")."""
    found: set[int] = set()
    for line in (grid.frame.row(header - 1), grid.frame.row(header)):
        if (again := find_repeats(rows, _ROW, list(line), grid.width)) is not None:
            found.update(again.rows)
    if not found or not titles:
        return sorted(found)
    cells = [grid_column(i) for i in range(grid.width) if grid_column(i) in rows.columns]

    def undigited(values: Sequence[Any]) -> str:
        return re.sub(r"\d+", "#", " ".join(cell_text(v) for v in values if cell_text(v)))

    pages = {undigited(t) for t in titles}
    # (read on the rows just above a header written again)
    near = rows.filter(pl.col(_ROW).is_in([r - k for r in found for k in range(1, 4)]))
    for row in near.select(_ROW, *cells).iter_rows():
        if undigited(row[1:]) in pages:
            found.add(int(row[0]))
    return sorted(found)


def _names_each_row(grid: RawGrid, header: int, width: int, header_cells: Sequence[str | None]) -> bool:
    """True when the rows under a header whose every column is named all have one field more, the
    first the row's number (1, 2, 3…, as R's row names are by default), and the extra field
    at the end holds values: the header leaves out the rows' names (R's ``write.table``), so each
    name is one column to the right of its values. Trailing empty fields ("1;2;3;" under "a;b;c")
    are no such thing."""
    counts = grid.field_counts
    if counts is None or width + 1 > grid.width or width < 2 or not all(cell_text(c) for c in header_cells):
        return False
    body = grid.frame.slice(header + 1, HEADER_SCAN_ROWS).with_columns(counts.slice(header + 1, HEADER_SCAN_ROWS).alias("__n__"))
    rows = body.filter(pl.col("__n__") > 1)
    if rows.height < 2 or not rows.get_column("__n__").eq(width + 1).all():
        return False
    if re.fullmatch(_ROW_NUMBER_HEADER, cell_text(header_cells[0]) or ""):
        return False  # the header names the rows' numbers: the unnamed field is the last one
    first = rows.get_column(grid_column(0)).str.strip_chars().cast(pl.Int64, strict=False)
    if first.null_count() or not first.diff().drop_nulls().eq(1).all():
        return False
    return rows.get_column(grid_column(width)).null_count() < rows.height


#: how a header with more names than its rows have fields is said
HEADER_LONGER_SAID = "The header names"


def _header_longer_than_rows(grid: RawGrid, header: int, width: int, header_cells: Sequence[str | None]) -> int:
    """The fields every row under a header has, when all have the same number and it is fewer than
    the header's names, each of them written (a header one name too long, its values shifted); 0
    otherwise."""
    counts = grid.field_counts
    if counts is None or width < 3 or not all(cell_text(c) for c in header_cells[:width]):
        return 0
    rows = counts.slice(header + 1, HEADER_SCAN_ROWS)
    rows = rows.filter(rows > 1)
    if rows.len() < 2 or rows.n_unique() != 1 or not 2 <= int(rows[0]) < width:
        return 0
    return int(rows[0])


#: a header's name for the rows' own numbers: "No", "N°", "#", "Nr.", "Row", "Index", "Line"
_ROW_NUMBER_HEADER = r"(?i)\s*(n[°ºo]?\.?|#|nr\.?|num\.?|row|index|idx|id|line|ligne|zeile|fila|riga|lp\.?|s\.?\s?no\.?)\s*"


def _span(cells: Sequence[str | None]) -> int:
    return max((i + 1 for i, v in enumerate(cells) if cell_text(v)), default=1)


def _ragged_problems(
    data: pl.DataFrame, grid: RawGrid, width: int, named: int, sheet: str | None
) -> pl.DataFrame:
    """Rows missing fields the header names, or with values beyond the header's fields.

    Extra trailing fields that are all empty ("1;2;3;" under "a;b;c") lose nothing and are not
    reported; neither are rows omitting trailing fields the header leaves unnamed.
    """
    extra = [grid_column(i) for i in range(width, grid.width)]
    beyond = pl.any_horizontal(pl.col(c).is_not_null() for c in extra) if extra else pl.lit(False)
    n = pl.col("__n__")
    ragged = data.filter((n < named) | ((n > width) & (beyond | (n > grid.width)))).select(_ROW, "__n__")
    if ragged.height == 0:
        return empty_problems()
    records = []
    for row, n in ragged.iter_rows():
        what = "more" if n > width else "fewer"
        records.append({
            "line": row + 1,
            "sheet": sheet,
            "value": grid.raw_text(row) if grid.raw_text else None,
            "code": "ragged-row",
            "severity": ERROR,
            "message": (
                f"This row has {n} field(s) but the header has {width}: {what} fields than columns, "
                "so its values may be in the wrong columns."
            ),
            "suggestion": None,
        })
    return problems_from_records(records)


def _undecodable_problems(frame: pl.DataFrame, names: list[str], sheet: str | None) -> pl.DataFrame:
    hits = frame.select(pl.col(n).str.contains("\ufffd", literal=True).any() for n in names).row(0) if names else ()
    parts = []
    for n, hit in zip(names, hits, strict=True):
        if not hit:
            continue
        bad = frame.filter(pl.col(n).str.contains("\ufffd", literal=True)).select(LINE, n)
        parts.append(
            bad.select(
                pl.col(LINE).alias("line"),
                pl.lit(sheet, pl.String).alias("sheet"),
                pl.lit(n, pl.String).alias("column"),
                pl.lit(None, pl.String).alias("field"),
                pl.col(n).alias("value"),
                pl.lit("undecodable-text").alias("code"),
                pl.lit(ERROR).alias("severity"),
                pl.lit(
                    f"Column '{n}' holds characters that could not be decoded (shown as \ufffd); "
                    "the file's text encoding is damaged here."
                ).alias("message"),
                pl.lit(None, pl.String).alias("suggestion"),
            )
        )
    return _concat(parts)


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    from getbill_import.problems import concat_problems

    return concat_problems(frames)


def _join(cells: Sequence[Any], delimiter: str | None, *, quoted: bool = False) -> str:
    """A row as text: delimited text as in the file (trailing empty fields dropped), a sheet
    row as its non-empty cells separated by " | ". With ``quoted``, a field holding the delimiter
    is written in quotes, as the file writes it ("86,755.84" in a row of commas: its totals)."""
    values = [cell_text(v) for v in cells]
    if delimiter is None:
        return " | ".join(v for v in values if v)
    while values and not values[-1]:
        values.pop()
    if quoted:
        values = ['"' + v.replace('"', '""') + '"' if delimiter in v or '"' in v else v for v in values]
    return delimiter.join(values)


#: runs of lines excluded for one reason said one by one; more are said in one sentence
MAX_RUN_NOTICES = 5


def exclusion_notices(excluded: list[ExcludedLine]) -> list[str]:
    """One sentence per run of consecutive lines excluded for the same reason; a reason with more
    than ``MAX_RUN_NOTICES`` runs (a blank row between each invoice and the next) gets one sentence
    for them all, where its first run would be."""
    runs: list[list[ExcludedLine]] = []
    for e in excluded:
        if runs and e.reason == runs[-1][-1].reason and e.line == runs[-1][-1].line + 1:
            runs[-1].append(e)
        else:
            runs.append([e])
    counts: dict[str, int] = {}
    for run in runs:
        counts[run[0].reason] = counts.get(run[0].reason, 0) + 1
    notices: list[str] = []
    said: set[str] = set()
    for run in runs:
        reason = run[0].reason
        if counts[reason] <= MAX_RUN_NOTICES:
            notices.append(_run_notice(run))
        elif reason not in said:
            said.add(reason)
            notices.append(_scattered_notice([r for r in runs if r[0].reason == reason]))
    return notices


def _scattered_notice(runs: list[list[ExcludedLine]]) -> str:
    lines = [e.line for run in runs for e in run]
    shown = ", ".join(str(line) for line in lines[:MAX_RUN_NOTICES])
    more = f" and {len(lines) - MAX_RUN_NOTICES:,} more" if len(lines) > MAX_RUN_NOTICES else ""
    return f"{len(lines):,} rows excluded: {_REASON_TEXT[runs[0][0].reason][1]} (rows {shown}{more})."


def _run_notice(run: list[ExcludedLine]) -> str:
    one, many = _REASON_TEXT[run[0].reason]
    if len(run) == 1:
        detail = f" ({run[0].text[:60]!r})" if run[0].text else ""
        return f"Row {run[0].line} excluded: {one}{detail}."
    return f"Rows {run[0].line}–{run[-1].line} excluded: {many}."
