"""The number formats of a column's cells in an XLSX sheet ("$#,##0.00", '#,##0.00 "€"'): what the
sheet shows beside the numbers, which the values read as text do not carry.

Read from the workbook's parts directly, streaming the sheet's first rows: its shared strings (the
bulk of a large workbook) are never loaded. Bounded: a part larger than the limit is not read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO

from defusedxml.ElementTree import iterparse, parse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: the largest workbook or styles part read (uncompressed)
MAX_PART_BYTES = 20 * 1024 * 1024
#: Excel's built-in number formats (ids below 164) have no code in the styles part
FIRST_CUSTOM_FORMAT = 164


def column_formats(path: Path, sheet: str | None, column: int, first_row: int, rows: int) -> list[str]:
    """The number format of each number cell of spreadsheet ``column`` (1-based) in rows
    ``first_row`` to ``first_row + rows - 1`` of ``sheet`` (the first sheet when None); built-in
    formats are given as "" (they follow the reader's locale). Empty when the workbook cannot tell."""
    try:
        with zipfile.ZipFile(path) as book:
            target = _sheet_part(book, sheet)
            styles = _cell_formats(book)
            if target is None or styles is None:
                return []
            with book.open(target) as part:
                return _formats_in(part, styles, column, first_row, first_row + rows - 1)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        # a hint only: the workbook was read already, its formats may be missing or malformed
        return []


def _small(book: zipfile.ZipFile, name: str) -> bool:
    return name in book.namelist() and book.getinfo(name).file_size <= MAX_PART_BYTES


def _sheet_part(book: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The path of ``sheet``'s part in the package (the first sheet's when None)."""
    if not _small(book, "xl/workbook.xml") or not _small(book, "xl/_rels/workbook.xml.rels"):
        return None
    sheets = parse(book.open("xl/workbook.xml")).getroot().iter(f"{_MAIN}sheet")
    rid = next((s.get(f"{_REL}id") for s in sheets if sheet is None or s.get("name") == sheet), None)
    if rid is None:
        return None
    for rel in parse(book.open("xl/_rels/workbook.xml.rels")).getroot().iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


def _cell_formats(book: zipfile.ZipFile) -> list[str] | None:
    """Each cell style's number format code ("" for a built-in format), by style index."""
    if not _small(book, "xl/styles.xml"):
        return None
    root = parse(book.open("xl/styles.xml")).getroot()
    codes = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return None
    out = []
    for xf in xfs.iter(f"{_MAIN}xf"):
        number = int(xf.get("numFmtId", "0"))
        out.append(codes.get(number, "") if number >= FIRST_CUSTOM_FORMAT or number in codes else "")
    return out


def _column_number(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    number = 0
    for letter in letters.group(0) if letters else "":
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _formats_in(part: IO[bytes], styles: list[str], column: int, first: int, last: int) -> list[str]:
    found: list[str] = []
    row = 0
    for _, element in iterparse(part, events=("end",)):
        if element.tag == f"{_MAIN}row":
            row = int(element.get("r", row + 1))
            if row > last:
                break
            if row >= first:
                for cell in element.iter(f"{_MAIN}c"):
                    ref = cell.get("r")
                    if ref is None or _column_number(ref) != column or cell.get("t", "n") != "n":
                        continue
                    # (a formula never calculated, no value saved, is a number cell all the same: its result
                    # is computed from the formula)
                    if cell.find(f"{_MAIN}v") is None and cell.find(f"{_MAIN}f") is None:
                        continue
                    style = int(cell.get("s", "0"))
                    found.append(styles[style] if style < len(styles) else "")
            element.clear()
    return found
