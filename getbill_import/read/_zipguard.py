"""Zip-bomb and huge-range guard for XLSX/XLSB/ODS, run before the workbook parser sees the file.

Workbook parsers bound neither decompression nor the used range: a few kilobytes can expand to
gigabytes of XML, and a single cell at XFD1048576 makes calamine allocate a 17-billion-cell
grid and abort the process. So, before parsing: inflate every XML part ourselves from the raw
compressed bytes (declared uncompressed sizes are not trusted), count the real bytes, stop as
soon as the total passes the limit, and note the largest row and column any worksheet cell names.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from getbill_import.errors import InputFileError
from getbill_import.read._sniff import SAVE_AS_HINT

#: a used range (rows × columns) above this is refused: the parser would allocate every cell
MAX_SHEET_CELLS = 100_000_000
_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_ROW_REF = re.compile(rb"<row\b[^>]*?\sr=\"(\d+)\"")
#: a cell reference beyond column Z or below row 999,999: only then are cell references parsed
_SUSPECT_REF = re.compile(rb"r=\"(?:[A-Z]{2,3}\d|[A-Z]{0,3}\d{7})")
_WIDE_COL_REF = re.compile(rb"r=\"([A-Z]{2,3})\d")
_DEEP_ROW_REF = re.compile(rb"r=\"[A-Z]{0,3}(\d{7,})\"")
#: columns assumed when no reference goes beyond Z
_NARROW_COLUMNS = 26
_SCANNED_SUFFIXES = (".xml", ".rels", ".bin")


@dataclass
class ZipReport:
    uncompressed_bytes: int
    #: per worksheet part: (largest row, largest column) named by its cells
    sheet_extents: dict[str, tuple[int, int]]


def guard_workbook(path: Path, max_uncompressed: int) -> ZipReport:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(f"{path.name} is a damaged workbook ({exc}). " + SAVE_AS_HINT) from None
    total = 0
    extents: dict[str, tuple[int, int]] = {}
    with zf, path.open("rb") as raw:
        for info in zf.infolist():
            if info.is_dir() or not info.filename.lower().endswith(_SCANNED_SUFFIXES):
                continue
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            scanner = _ExtentScanner() if is_sheet else None
            for chunk in _inflate(raw, info, path.name):
                total += len(chunk)
                if total > max_uncompressed:
                    raise InputFileError(
                        f"{path.name} expands to more than {max_uncompressed:,} bytes when unpacked "
                        "(a 'zip bomb' or an extremely large workbook); it was not opened. "
                        "Export the invoices as CSV, or raise GETBILL_MAX_XLSX_UNCOMPRESSED_BYTES."
                    )
                if scanner is not None:
                    scanner.feed(chunk)
            if scanner is not None:
                extents[info.filename] = scanner.extent()
    for part, (rows, cols) in extents.items():
        if rows * cols > MAX_SHEET_CELLS:
            raise InputFileError(
                f"{path.name}: a sheet ({part}) uses a range of {rows:,} rows × {cols:,} columns, "
                "too large to open (often a stray value far below or right of the data). "
                "Delete the unused rows and columns, save, and try again."
            )
    return ZipReport(total, extents)


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


class _ExtentScanner:
    """Largest row and column named by the cell references of an XLSX worksheet.

    Rows come from the ``<row r="…">`` elements. Cell references are parsed only in chunks that
    name a column beyond Z or a row below 999,999; otherwise the sheet is at most 26 columns
    wide, which no row count Excel allows can push above the cell cap. (ODS needs no such scan:
    calamine itself refuses ODS ranges above 100 million cells.)
    """

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        cut = data.rfind(b"<")
        if cut <= 0:
            cut = len(data)
        scan, self._tail = data[:cut], data[cut:][-4096:]
        rows = _ROW_REF.findall(scan)
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        if _SUSPECT_REF.search(scan):
            wide = set(_WIDE_COL_REF.findall(scan))
            if wide:
                self.max_col = max(self.max_col, max(_col_number(c) for c in wide))
            deep = _DEEP_ROW_REF.findall(scan)
            if deep:
                self.max_row = max(self.max_row, max(map(int, deep)))

    def extent(self) -> tuple[int, int]:
        self.feed(b"")
        return max(self.max_row, 1), max(self.max_col, _NARROW_COLUMNS)


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + (b - 64)
    return n
