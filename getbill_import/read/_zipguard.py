"""Zip-bomb and declared-size guard for XLSX/XLSM/XLSB/ODS, run before the workbook parser sees
the file.

Workbook parsers bound neither decompression nor what a workbook declares: a few kilobytes can
expand to gigabytes of XML, and one cell at XFD1048576 (or a row numbered near 4,000,000,000,
or a shared-strings table declaring billions of entries) makes calamine reserve gigabytes. So,
before parsing: count the zip's members from its end record (the central directory is not even
listed when there are too many), inflate every member ourselves from the raw compressed bytes
(declared sizes are not trusted; every member counts, whatever its name), stop as soon as the
total passes the limit, and scan the XML as it streams by for what it declares: cell and row
references in any spelling (quotes, case, spaces, namespace prefixes), ``<dimension>`` ranges,
element counts (``count``/``uniqueCount``), the number of cells, and ODS repeat counts.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from getbill_import.errors import InputFileError
from getbill_import.read._sniff import SAVE_AS_HINT

#: Excel's grid: a reference beyond it is not a real cell
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
#: members a workbook zip may hold (a workbook has a few dozen parts; thousands mean an attack)
MAX_ZIP_MEMBERS = 10_000
#: a member inflating past this size at more than this ratio is a bomb (workbook XML deflates
#: 5 to 50 times; DEFLATE cannot do better than about 1,030 times)
BOMB_BYTES = 256 * 1024 * 1024
BOMB_RATIO = 500
_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"

# References in their usual spelling (r="B7") are found by fast patterns that start with a
# literal; a chunk holding any other spelling (r='B7', r = "B7", r=" b7 ") is searched by the
# general, slower pattern.
_Q = rb"""\s*=\s*["']\s*"""
#: a cell or row reference: r="XFD1048576", r = ' xfd1048576 ', r="4000000000"
_REF = re.compile(rb"(?<![\w:.-])r" + _Q + rb"([A-Za-z]*)\s*\$?(\d+)")
#: a reference naming a column past Z or a row past 999,999, in the usual spelling…
_SUSPECT_USUAL = re.compile(rb'r="\$?(?:[A-Za-z]{2}|[A-Za-z]?\$?\d{7})')
#: …and in any spelling
_SUSPECT_ANY = re.compile(rb"(?<![\w:.-])r" + _Q + rb"\$?(?:[A-Za-z]{2,}|[A-Za-z]*\s*\$?\d{7,})")
_UNUSUAL_SPELLING = re.compile(rb"""r(?:\s+=|=\s|=["']\s|='|="\$)""")
#: a row's number (cells' references hold letters): only the usual spelling is needed here, as
#: rows past the grid are caught by the suspect patterns
_ROW_NUMBER = re.compile(rb' r="(\d+)"')
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref" + _Q + rb"([^\"']*)", re.IGNORECASE)
_RANGE_END = re.compile(rb"([A-Za-z]*)\s*\$?(\d+)\s*$")
#: a declared element count (``<sst uniqueCount=…>``, ``<fonts count=…>``): only big ones matter
_BIG_COUNT = re.compile(rb"ount" + _Q + rb"(\d{7,})")
#: a cell element starts so (<c …>, <x:c …>; counting <col>, <color>… too only errs on the safe side)
_CELL_OPENINGS = (b"<c", b":c")
# ODS (content.xml): rows and cells with their repeat counts
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_ROWS_REPEATED = re.compile(rb"table:number-rows-repeated" + _Q + rb"(\d+)")
_ODS_COLS_REPEATED = re.compile(rb"table:number-columns-repeated" + _Q + rb"(\d+)")
_ODS_VALUE = re.compile(rb"office:value-type")
_ODS_TABLE_NAME = re.compile(rb"table:name" + _Q + rb"([^\"']*)")


@dataclass
class ZipReport:
    uncompressed_bytes: int
    #: per member: (largest row, largest column) its cells name
    sheet_extents: dict[str, tuple[int, int]] = field(default_factory=dict)


def zip_member_count(path: Path) -> int:
    """The number of members a zip declares in its end record, read without listing them."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        tail_size = min(size, 65_557)
        fh.seek(size - tail_size)
        tail = fh.read(tail_size)
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) < at + 22:
            raise InputFileError(f"{path.name} is a damaged workbook (no zip directory). " + SAVE_AS_HINT)
        total = struct.unpack("<H", tail[at + 10:at + 12])[0]
        if total == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == _ZIP64_LOCATOR:
            (offset,) = struct.unpack("<Q", tail[at - 12:at - 4])
            fh.seek(offset)
            record = fh.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                total = struct.unpack("<Q", record[32:40])[0]
    return int(total)


def check_member_count(path: Path) -> None:
    members = zip_member_count(path)
    if members > MAX_ZIP_MEMBERS:
        raise InputFileError(
            f"{path.name} holds {members:,} zip members, more than any workbook needs "
            f"({MAX_ZIP_MEMBERS:,}); it was not opened. " + SAVE_AS_HINT
        )


def guard_zip_workbook(path: Path, fmt: str, max_uncompressed: int, max_cells: int) -> ZipReport:
    check_member_count(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputFileError(f"{path.name} is a damaged workbook ({exc}). " + SAVE_AS_HINT) from None
    report = ZipReport(0)
    with zf, path.open("rb") as raw:
        for info in zf.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise InputFileError(
                    f"{path.name} is a password-protected workbook: save it without a password and try again."
                )
            scanner: _Scanner
            if fmt == "ods":
                scanner = _OdsScanner(path.name, info.filename, max_cells)
            elif fmt == "xlsx":
                scanner = _XlsxScanner(path.name, info.filename, max_cells)
            else:
                scanner = _Scanner()
            member = 0
            for chunk in _inflate(raw, info, path.name):
                report.uncompressed_bytes += len(chunk)
                member += len(chunk)
                if member > BOMB_BYTES and member > BOMB_RATIO * max(info.compress_size, 1):
                    raise InputFileError(
                        f"{path.name}: {info.filename} expands more than {BOMB_RATIO} times (a 'zip bomb'); "
                        "it was not opened. Export the invoices as CSV, or save the workbook again."
                    )
                if report.uncompressed_bytes > max_uncompressed:
                    raise InputFileError(
                        f"{path.name} expands to more than {max_uncompressed:,} bytes when unpacked "
                        "(a 'zip bomb' or an extremely large workbook); it was not opened. "
                        "Export the invoices as CSV, or raise GETBILL_MAX_XLSX_UNCOMPRESSED_BYTES."
                    )
                scanner.feed(chunk)
            scanner.finish()
            if isinstance(scanner, _XlsxScanner) and scanner.cells:
                report.sheet_extents[info.filename] = (scanner.max_row, scanner.max_col)
    return report


def _inflate(raw: BinaryIO, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Yield the real decompressed bytes of one entry, read from its raw compressed data."""
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise InputFileError(f"{name} is a damaged workbook (bad entry {info.filename}). " + SAVE_AS_HINT)
    fields = _LOCAL_HEADER.unpack(header)
    raw.seek(info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10])
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while remaining > 0:
            block = raw.read(min(_CHUNK, remaining))
            if not block:
                return
            remaining -= len(block)
            yield block
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InputFileError(
            f"{name} uses an unsupported compression method in {info.filename}. " + SAVE_AS_HINT
        )
    inflater = zlib.decompressobj(-15)
    while remaining > 0 and not inflater.eof:
        block = raw.read(min(_CHUNK, remaining))
        if not block:
            break
        remaining -= len(block)
        data = block
        while data and not inflater.eof:
            try:
                out = inflater.decompress(data, _CHUNK)
            except zlib.error as exc:
                raise InputFileError(f"{name} is a damaged workbook ({info.filename}: {exc}). " + SAVE_AS_HINT) from None
            if out:
                yield out
            data = inflater.unconsumed_tail
    while not inflater.eof:
        out = inflater.decompress(b"", _CHUNK)
        if not out:
            break
        yield out


class _Scanner:
    """Sees a member's bytes chunk by chunk; tags cut at a chunk's end are completed by the next."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        if not self._tail and b"<" not in chunk and b"=" not in chunk:
            return  # no markup at all (padding, a bomb's zeros): nothing to declare
        data = self._tail + chunk
        cut = data.rfind(b"<")
        if cut <= 0 or data.find(b">", cut) >= 0:
            cut = len(data)
        if len(data) - cut > 65_536:  # a "tag" that never ends: scanned as it is
            cut = len(data)
        self._scan(data[:cut])
        self._tail = data[cut:]

    def finish(self) -> None:
        if self._tail:
            self._scan(self._tail)
            self._tail = b""

    def _scan(self, data: bytes) -> None:
        return None


class _XlsxScanner(_Scanner):
    def __init__(self, file: str, member: str, max_cells: int) -> None:
        super().__init__()
        self.file, self.member, self.max_cells = file, member, max_cells
        self.max_row = 0
        self.max_col = 0
        self.cells = 0

    def _scan(self, data: bytes) -> None:
        self.cells += sum(data.count(opening) for opening in _CELL_OPENINGS)
        unusual = _UNUSUAL_SPELLING.search(data) is not None
        if (_SUSPECT_ANY if unusual else _SUSPECT_USUAL).search(data):
            for letters, digits in _REF.findall(data):
                self._extend(letters, digits)
        rows = _ROW_NUMBER.findall(data)
        if rows:
            self.max_row = max(self.max_row, max(int(r) if len(r) <= 12 else 10**12 for r in rows))
        if b"imension" in data or b"IMENSION" in data:
            for ref in _DIMENSION.findall(data):
                for part in ref.split(b":"):
                    end = _RANGE_END.search(part)
                    if end:
                        self._extend(end.group(1), end.group(2), "declares a dimension reaching")
        for count in _BIG_COUNT.findall(data):
            if int(count) > self.max_cells:
                raise InputFileError(
                    f"{self.file} declares {int(count):,} entries in {self.member}, more than a workbook "
                    f"this reader accepts holds ({self.max_cells:,}); it was not opened. " + SAVE_AS_HINT
                )
        if self.cells > self.max_cells:
            self._too_many(f"holds more than {self.max_cells:,} cells")
        if self.max_row > EXCEL_ROWS or self.max_col > EXCEL_COLUMNS:
            self._beyond_grid()
        if self.max_row * max(self.max_col, 1) > self.max_cells:
            self._too_many(f"uses a range of {self.max_row:,} rows × {self.max_col:,} columns")

    def _extend(self, letters: bytes, digits: bytes, what: str = "names a cell at") -> None:
        row = int(digits) if len(digits) <= 12 else 10**12
        col = _col_number(letters) if len(letters) <= 8 else 10**12
        if row > EXCEL_ROWS or col > EXCEL_COLUMNS:
            self._beyond_grid(f"{what} {letters.decode('ascii', 'replace')}{digits.decode('ascii')[:15]}")
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)

    def _beyond_grid(self, detail: str = "names a cell beyond the grid") -> None:
        raise InputFileError(
            f"{self.file}: {self.member} {detail}, beyond Excel's {EXCEL_ROWS:,} rows × "
            f"{EXCEL_COLUMNS:,} columns; the workbook is damaged or built to break readers. " + SAVE_AS_HINT
        )

    def _too_many(self, detail: str) -> None:
        raise InputFileError(
            f"{self.file}: a sheet ({self.member}) {detail}, too large to open with the memory "
            "allowed (often a stray value far below or right of the data). Delete the unused rows "
            "and columns and save, export the invoices as CSV, or raise GETBILL_MAX_WORKBOOK_MEMORY."
        )


class _OdsScanner(_Scanner):
    """The cells calamine materialises for an OpenDocument sheet: repeated rows and cells are
    expanded up to the last non-empty one (empty cells followed by any cell count too)."""

    def __init__(self, file: str, member: str, max_cells: int) -> None:
        super().__init__()
        self.file, self.member, self.max_cells = file, member, max_cells
        self.table = ""  # the sheet's name
        self._new_table()

    def _new_table(self) -> None:
        self.rows = 0  # rows so far, repeats expanded (capped at Excel's grid, as calamine does)
        self.rows_to_content = 0  # rows up to the last one holding a value
        self.width = 0  # cells of the widest row up to its last value
        self._row_repeat = 0
        self._row_cells = 0
        self._row_content = 0
        self._pending_empty = 0
        self._in_row = False

    def _scan(self, data: bytes) -> None:
        for closing, tag, attrs, empty in _ODS_TAG.findall(data):
            if tag == b"table":
                if not closing:
                    self._new_table()
                    named = _ODS_TABLE_NAME.search(attrs)
                    self.table = named.group(1).decode("utf-8", "replace") if named else ""
            elif tag == b"table-row":
                if closing:
                    self._end_row()
                else:
                    found = _ODS_ROWS_REPEATED.search(attrs)
                    self._row_repeat = int(found.group(1)) if found else 1
                    self._row_cells = self._row_content = self._pending_empty = 0
                    self._in_row = True
                    if empty:
                        self._end_row()
            elif not closing and self._in_row:
                found = _ODS_COLS_REPEATED.search(attrs)
                repeat = min(int(found.group(1)), EXCEL_COLUMNS) if found else 1
                self._row_cells = min(self._row_cells + self._pending_empty, EXCEL_COLUMNS)
                self._pending_empty = 0
                if empty and not _ODS_VALUE.search(attrs):
                    self._pending_empty = repeat
                else:
                    self._row_cells = min(self._row_cells + repeat, EXCEL_COLUMNS)
                    self._row_content = self._row_cells
            self._check()

    def _end_row(self) -> None:
        if not self._in_row:
            return
        self._in_row = False
        if self._row_content and self.rows + self._row_repeat > EXCEL_ROWS:
            raise InputFileError(
                f"{self.file}: a sheet repeats a row holding values {self._row_repeat:,} times, past the "
                f"{EXCEL_ROWS:,} rows a sheet holds; the file is damaged or built to break readers. "
                + SAVE_AS_HINT
            )
        repeat = min(self._row_repeat, EXCEL_ROWS - self.rows)
        self.rows += max(repeat, 0)
        if self._row_content:
            self.rows_to_content = self.rows
            self.width = max(self.width, self._row_content)

    def _check(self) -> None:
        cells = self.rows_to_content * self.width
        if cells > self.max_cells:
            sheet = f"sheet '{self.table}'" if self.table else "a sheet"
            raise InputFileError(
                f"{self.file}: {sheet} repeats its rows and cells into {self.rows_to_content:,} rows × "
                f"{self.width:,} columns, too large to open with the memory allowed; the workbook is read whole, "
                "whichever sheet is asked for. Delete the unused rows and columns of that sheet and save, or "
                "export the sheet of invoices as CSV."
            )


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters.upper():
        n = n * 26 + (b - 64)
    return n
