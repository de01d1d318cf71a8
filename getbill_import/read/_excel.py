"""Workbooks (XLSX, XLSB, XLS, ODS) → RawGrid through fastexcel (calamine), every cell as text.

The parser runs in a child process with a memory ceiling and a time limit (``_sandbox``), after
the guards (``_zipguard``, ``_oleguard``, ``_odsguard``) bounded what a workbook declares.

calamine renders cells as text itself; two of its renderings are repaired here, per column:
- date cells come out as "2024-01-15 00:00:00": midnight is dropped ("2024-01-15"), and a
  time-only cell ("1899-12-31 10:30:00") keeps its time ("10:30:00");
- some floats come out with binary noise ("99999999.989999995"): a plain decimal with more than
  15 significant digits (Excel's own precision) is rewritten at 15 digits ("99999999.99").
Text cells are never touched otherwise: "0612345678", "+33…" and "007" stay as typed.
"""

from __future__ import annotations

import contextlib
import decimal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.read import HeaderScore
from getbill_import.read._grid import RawGrid, grid_column
from getbill_import.read._guards import guard_workbook
from getbill_import.read._header import (
    HEADER_SCAN_ROWS,
    HEADER_SCORE_THRESHOLD,
    best_header_score,
    column_letter,
)
from getbill_import.read._sandbox import ParserFailure, SandboxedWorkbook
from getbill_import.read._sniff import SAVE_AS_HINT, WORKBOOK_EXTENSIONS

_ISO_DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"
_LONG_DECIMAL = r"^-?\d+\.\d+$"
_EXCEL_DIGITS = 15
_DATE_CELL = r"^\d{4}-\d{2}-\d{2}$"
_TYPED_DATE = r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$"
_SWAP_EVIDENCE = 3


@dataclass
class Workbook:
    grid: RawGrid
    sheet: str
    sheets: list[str]
    notices: list[str] = field(default_factory=list)
    #: the short texts of the other sheets' first rows, each with its sheet's name (a summary's "Saldo
    #: pendiente total (USD)"), when the sheets were read to choose one
    other_texts: list[tuple[str, str]] = field(default_factory=list)


def read_workbook(
    path: Path,
    fmt: str,
    *,
    sheet: str | int | None,
    header_score: HeaderScore | None,
    limits: ReadLimits,
) -> Workbook:
    with _named_as(path, fmt) as parsed, SandboxedWorkbook(parsed, limits) as reader:
        # The parser works in its limited process while this one checks what the workbook
        # declares; its answers are used only once the guard has passed the file.
        first = sheet if isinstance(sheet, int) else 0 if sheet is None else None
        reader.start(prefetch=first, max_rows=limits.max_rows + HEADER_SCAN_ROWS)
        guard_workbook(path, fmt, limits)
        return _read(path, reader, sheet=sheet, header_score=header_score, limits=limits)


@contextlib.contextmanager
def _named_as(path: Path, fmt: str) -> Iterator[Path]:
    """``path``, or a link to it named for the format its content is (an XLSX saved under an .xls
    name, as accounting software names its "Excel" export): the parser picks its reader by the name."""
    if WORKBOOK_EXTENSIONS.get(path.suffix.lower()) == fmt:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="getbill-") as folder:
        link = Path(folder) / f"workbook.{fmt}"
        link.symlink_to(path.resolve())
        yield link


def _read(
    path: Path,
    reader: SandboxedWorkbook,
    *,
    sheet: str | int | None,
    header_score: HeaderScore | None,
    limits: ReadLimits,
) -> Workbook:
    names = _call(path, reader.open)
    if not names:
        raise InputFileError(f"{path.name} contains no sheet.")
    if sheet is not None:
        index = _sheet_index(path, names, sheet)
        frame, numbers = _load(path, reader, index, limits)
        if _is_empty(frame):
            raise InputFileError(f"Sheet {names[index]!r} of {path.name} is empty. Choose another sheet ({_list(names)}).")
        return _workbook(frame, numbers, names[index], names, [])

    first_non_empty: tuple[int, pl.DataFrame, list[int]] | None = None
    for index in range(len(names)):
        frame, numbers = _load(path, reader, index, limits)
        if _is_empty(frame):
            continue
        if first_non_empty is None:
            first_non_empty = (index, frame, numbers)
            if header_score is None or len(names) == 1:
                break
        if header_score is not None:
            sample = frame.head(HEADER_SCAN_ROWS).rows()
            if best_header_score(sample, header_score) >= HEADER_SCORE_THRESHOLD:
                notices = [] if index == 0 else [f"Sheet {names[index]!r} was chosen: its header was recognised."]
                return _workbook(frame, numbers, names[index], names, notices)
    if first_non_empty is None:
        raise InputFileError(f"Every sheet of {path.name} is empty ({_list(names)}).")
    index, frame, numbers = first_non_empty
    notices = [] if index == 0 else [f"Sheet {names[index]!r} was chosen: the sheets before it are empty."]
    return _workbook(frame, numbers, names[index], names, notices)


def _sheet_index(path: Path, names: list[str], sheet: str | int) -> int:
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return sheet
        raise InputFileError(
            f"{path.name} has no sheet number {sheet} (sheets are numbered from 0): {_list(names)}."
        )
    if sheet in names:
        return names.index(sheet)
    folded = [n.strip().casefold() for n in names]
    if sheet.strip().casefold() in folded:
        return folded.index(sheet.strip().casefold())
    if sheet.strip().isdigit() and int(sheet) < len(names):
        return int(sheet)
    raise InputFileError(f"{path.name} has no sheet named {sheet!r}. Its sheets are: {_list(names)}.")


def _load(
    path: Path, reader: SandboxedWorkbook, index: int, limits: ReadLimits
) -> tuple[pl.DataFrame, list[int]]:
    frame, numbers = _call(path, reader.load, index, limits.max_rows + HEADER_SCAN_ROWS)
    if frame.width > limits.max_columns:
        raise InputFileError(
            f"{path.name}: sheet {reader.sheet_names[index]!r} has {frame.width:,} columns, more than "
            f"the {limits.max_columns:,}-column limit. Delete the unused columns, or raise GETBILL_MAX_COLUMNS."
        )
    return frame.rename({old: grid_column(i) for i, old in enumerate(frame.columns)}), numbers


def _is_empty(frame: pl.DataFrame) -> bool:
    if frame.height == 0 or frame.width == 0:
        return True
    return bool(frame.select(pl.all_horizontal(pl.all().is_null().all())).item())


def _workbook(
    frame: pl.DataFrame, numbers: list[int], sheet: str, names: list[str], notices: list[str]
) -> Workbook:
    frame = _normalise(frame)
    frame, swapped = _unswap_dates(frame)
    if swapped:
        columns = [column_letter(i + 1) for i, _, _ in swapped]
        named = (
            f"Column {columns[0]}"
            if len(columns) == 1
            else f"Columns {', '.join(columns[:-1])} and {columns[-1]}"
        )
        notices = [
            *notices,
            f"{named}: {sum(n for _, n, _ in swapped):,} date cell(s) had their day and month swapped, as Excel does "
            f"when it opens a day-first file with month-first settings (the typed dates read day-first, such as "
            f"{swapped[0][2]!r}, and every date cell has a day of 12 or less); they are read day-first.",
        ]
    return Workbook(RawGrid(frame, numbers), sheet, names, notices)


def _normalise(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.with_columns(_dates(pl.col(c)) for c in frame.columns)
    fixes: dict[str, dict[str, str]] = {}
    for c in frame.columns:
        noisy = (
            frame.select(pl.col(c))
            .filter((pl.col(c).str.len_bytes() > _EXCEL_DIGITS + 1) & pl.col(c).str.contains(_LONG_DECIMAL))
            .get_column(c)
            .unique()
            .to_list()
        )
        mapping = {v: _fifteen_digits(v) for v in noisy if _significant_digits(v) > _EXCEL_DIGITS}
        if mapping:
            fixes[c] = mapping
    if fixes:
        frame = frame.with_columns(pl.col(c).replace(m) for c, m in fixes.items())
    return frame


def _dates(col: pl.Expr) -> pl.Expr:
    """"2024-01-15 00:00:00" → "2024-01-15"; "1899-12-31 10:30:00" (a time-only cell) → "10:30:00".

    Cheap length and prefix/suffix tests pick the candidates; the pattern confirms them.
    """
    is_datetime = (col.str.len_bytes() >= 19) & col.str.contains(_ISO_DATETIME)
    midnight = is_datetime & (col.str.len_bytes() == 19) & col.str.ends_with(" 00:00:00")
    time_only = is_datetime & (col.str.starts_with("1899-12-31 ") | col.str.starts_with("1899-12-30 "))
    return (
        pl.when(midnight).then(col.str.slice(0, 10))
        .when(time_only).then(col.str.slice(11))
        .otherwise(col)
        .alias(col.meta.output_name())
    )


def _unswap_dates(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int, int, str]]]:
    """Date cells whose day and month Excel swapped, put back.

    A day-first file opened by a month-first Excel keeps as text every date it cannot read month
    first ("24/11/2021": no 24th month) and turns the others into dates with day and month swapped
    ("02/12/2021", 2 December, becomes 12 February). The trace is a column whose typed dates are all
    day-first with a day above 12 while every date cell has a day of 12 or less; a column with
    honest date cells has days above 12 among them, and typed dates with small days.
    """
    swapped: list[tuple[int, int, str]] = []
    fixes = []
    # each column's date cells, and whether its typed dates prove the swap (None: it has too few)
    found: list[tuple[int, str, pl.Series, bool | None, str]] = []
    for i, c in enumerate(frame.columns):
        col = frame.get_column(c)
        cells = col.filter(col.str.contains(_DATE_CELL))
        if cells.len() < _SWAP_EVIDENCE:
            continue
        typed = col.filter(col.str.contains(_TYPED_DATE))
        typed_days = typed.str.extract(r"^(\d{1,2})", 1).cast(pl.Int32)
        cell_days = cells.str.slice(8, 2).cast(pl.Int32)
        if cell_days.max() > 12 or (typed.len() and typed_days.min() <= 12):  # type: ignore[operator]
            continue
        found.append((i, c, cells, typed.len() >= _SWAP_EVIDENCE or None, str(typed.first())))
    proven = [f for f in found if f[3]]
    # the swap proven on one column is the whole sheet's (one Excel opened it): a column of date
    # cells alone, every day 12 or less, was swapped with it
    for i, c, cells, own, example in found if proven else []:
        fixes.append(
            pl.when(pl.col(c).str.contains(_DATE_CELL))
            .then(
                pl.concat_str(
                    pl.col(c).str.slice(0, 5),
                    pl.col(c).str.slice(8, 2),
                    pl.lit("-"),
                    pl.col(c).str.slice(5, 2),
                )
            )
            .otherwise(pl.col(c))
            .alias(c)
        )
        swapped.append((i, cells.len(), example if own else proven[0][4]))
    return (frame.with_columns(fixes) if fixes else frame), swapped


def _significant_digits(value: str) -> int:
    return len(value.replace("-", "").replace(".", "").lstrip("0"))


def _fifteen_digits(value: str) -> str:
    text = format(decimal.Decimal(format(float(value), f".{_EXCEL_DIGITS}g")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _call(path: Path, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a workbook-parser call; any failure of the parser means a file we cannot read."""
    try:
        return fn(*args, **kwargs)
    except ParserFailure as exc:
        message = str(exc)
        if "password" in message.lower() or "encrypt" in message.lower():
            raise InputFileError(
                f"{path.name} is a password-protected workbook: save it without a password and try again."
            ) from None
        if "cell limit exceeded" in message.lower():
            raise InputFileError(
                f"{path.name} holds a sheet too large to open ({message[:200]}). "
                "Delete the unused rows and columns, save, and try again."
            ) from None
        raise InputFileError(
            f"{path.name} cannot be read as a workbook; it may be corrupt ({message[:200]}). " + SAVE_AS_HINT
        ) from None


def _list(names: list[str]) -> str:
    return ", ".join(repr(n) for n in names)
