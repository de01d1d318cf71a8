"""The annotated XLSX report: the user's own rows with every bad cell highlighted and commented,
a summary sheet and a sheet listing every problem. Every value is written as text or number, never
as a live formula."""

from __future__ import annotations

from collections import defaultdict
from typing import IO, Any

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from getbill_import.fields import LINE
from getbill_import.report._context import ReportContext
from getbill_import.report._escape import escape_value

#: above this many rows, the "Rows" sheet keeps only the rows that have a problem
MAX_ANNOTATED_ROWS = 100_000
_FILL = {
    "error": PatternFill("solid", fgColor="F8CBAD"),
    "warning": PatternFill("solid", fgColor="FFE699"),
}
_BOLD = Font(bold=True)
_PROBLEM_HEADERS = ("Line", "Sheet", "Column", "Field", "Value", "Code", "Severity", "Message", "Suggestion")


def write_xlsx_report(out: IO[bytes], problems: pl.DataFrame, context: ReportContext) -> None:
    wb = Workbook(write_only=True)
    _summary_sheet(wb.create_sheet("Summary"), problems, context)
    if context.frame is not None:
        _rows_sheet(wb.create_sheet("Rows"), problems, context.frame)
    _problems_sheet(wb.create_sheet("Problems"), problems)
    wb.save(out)


def _text_cell(ws: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
    value = escape_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _summary_sheet(ws: WriteOnlyWorksheet, problems: pl.DataFrame, context: ReportContext) -> None:
    ws.append([_text_cell(ws, "getbill-import validation report", font=Font(bold=True, size=14))])
    ws.append([])
    for key in ("path", "format", "encoding", "delimiter", "sheet", "header_line"):
        if context.source.get(key) not in (None, ""):
            ws.append([_text_cell(ws, key.replace("_", " ").capitalize(), font=_BOLD), _text_cell(ws, context.source[key])])
    ws.append([])
    for key, value in context.counts.items():
        ws.append([_text_cell(ws, key.capitalize(), font=_BOLD), value])
    ws.append([])
    if problems.height:
        ws.append([_text_cell(ws, "Code", font=_BOLD), _text_cell(ws, "Severity", font=_BOLD), _text_cell(ws, "Count", font=_BOLD)])
        by_code = (
            problems.group_by("code", "severity").len().sort(["len", "code"], descending=[True, False])
        )
        for code, severity, count in by_code.iter_rows():
            ws.append([_text_cell(ws, code), _text_cell(ws, severity), count])
    else:
        ws.append([_text_cell(ws, "No problem found.")])


def _rows_sheet(ws: WriteOnlyWorksheet, problems: pl.DataFrame, frame: pl.DataFrame) -> None:
    columns = [c for c in frame.columns if c != LINE]
    notes: dict[int, dict[str | None, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for line, column, severity, message, suggestion in problems.select(
        "line", "column", "severity", "message", "suggestion"
    ).iter_rows():
        text = message if not suggestion else f"{message}\nSuggestion: {suggestion}"
        key = column if column in columns else None
        notes[line][key].append((severity, text))
    if frame.height > MAX_ANNOTATED_ROWS:
        frame = frame.filter(pl.col(LINE).is_in(list(notes)))
    ws.append([_text_cell(ws, "Line", font=_BOLD)] + [_text_cell(ws, c, font=_BOLD) for c in columns])
    for row in frame.select(LINE, *columns).iter_rows():
        line = row[0]
        row_notes = notes.get(line, {})
        cells = [_annotated(ws, line, row_notes.get(None))]
        for column, value in zip(columns, row[1:], strict=True):
            cells.append(_annotated(ws, value, row_notes.get(column)))
        ws.append(cells)


def _annotated(ws: WriteOnlyWorksheet, value: Any, notes: list[tuple[str, str]] | None) -> WriteOnlyCell:
    cell = _text_cell(ws, value)
    if notes:
        severity = "error" if any(s == "error" for s, _ in notes) else "warning"
        cell.fill = _FILL[severity]
        cell.comment = Comment("\n".join(text for _, text in notes), "getbill-import", width=320, height=120)
    return cell


def _problems_sheet(ws: WriteOnlyWorksheet, problems: pl.DataFrame) -> None:
    ws.append([_text_cell(ws, h, font=_BOLD) for h in _PROBLEM_HEADERS])
    for row in problems.iter_rows():
        ws.append([_text_cell(ws, v) for v in row])
