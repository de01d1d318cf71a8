"""What a workbook declares is bounded before the parser sees it (see ``_zipguard`` and
``_oleguard``); the parser's process is bounded anyway (``_sandbox``)."""

from __future__ import annotations

from pathlib import Path

from getbill_import.config import ReadLimits
from getbill_import.read._oleguard import guard_ole_workbook
from getbill_import.read._zipguard import guard_zip_workbook

#: memory the parser needs per cell of a sheet's used range (its cell, the text, the copy sent back)
BYTES_PER_CELL = 48


def max_cells(limits: ReadLimits) -> int:
    """The most cells a sheet may span with the memory the parser is allowed."""
    return limits.max_workbook_memory // BYTES_PER_CELL


#: files that passed, by (path, size, modification time, format, limits): a workbook whose sheets
#: are read one by one is checked once
_PASSED: dict[tuple[object, ...], None] = {}
_REMEMBERED = 64


def guard_workbook(path: Path, fmt: str, limits: ReadLimits) -> None:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino, fmt, limits)
    if key in _PASSED:
        return
    if fmt == "xls":
        guard_ole_workbook(path, max_cells(limits))
    else:
        guard_zip_workbook(path, fmt, limits.max_xlsx_uncompressed_bytes, max_cells(limits))
    if len(_PASSED) >= _REMEMBERED:
        _PASSED.pop(next(iter(_PASSED)))
    _PASSED[key] = None
