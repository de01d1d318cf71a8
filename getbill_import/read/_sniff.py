"""What kind of file is this? Path checks and format detection from content, not only the name."""

from __future__ import annotations

import mmap
import os
import stat
import zipfile
from pathlib import Path

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

WORKBOOK_EXTENSIONS = {
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".xltm": "xlsx",
    ".xlsb": "xlsb", ".xls": "xls", ".xla": "xls", ".ods": "ods",
}

_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

_OTHER_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3", "an SQLite database"),
)

SAVE_AS_HINT = "Open it in your spreadsheet software and save it as .xlsx or .csv, then try again."


def check_path(path: str | Path, limits: ReadLimits) -> Path:
    """The file exists, is a regular file (not a pipe, a device, a socket: checked without
    reading a byte, so nothing can block), is not empty and not larger than the limit."""
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        raise InputFileError(f"File not found: {p}. Check the path and try again.") from None
    except OSError as exc:
        raise InputFileError(f"Cannot read {p}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{p} is a folder, not a file. Give the path of a CSV or Excel file.")
    if not stat.S_ISREG(mode):
        raise InputFileError(
            f"{p} is {_special_kind(mode)}, not a regular file; it was not read. "
            "Give the path of a CSV or Excel file saved on disk."
        )
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputFileError(f"Cannot read {p}: {exc.strerror or exc}.") from None
    if size == 0:
        raise InputFileError(f"{p.name} is empty (0 bytes). Export the file again and check it has content.")
    if size > limits.max_file_bytes:
        raise InputFileError(
            f"{p.name} is {human_size(size)}, above the {human_size(limits.max_file_bytes)} limit. "
            "Split the file, or raise the limit (GETBILL_MAX_FILE_BYTES)."
        )
    return p


def open_regular(path: Path) -> int:
    """A read-only descriptor of ``path``, refused unless it is a regular file. Opened without
    blocking (a named pipe put in its place after ``check_path`` cannot hang the reader)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise InputFileError(f"File not found: {path}. Check the path and try again.") from None
    except IsADirectoryError:
        raise InputFileError(f"{path} is a folder, not a file. Give the path of a CSV or Excel file.") from None
    except OSError as exc:
        raise InputFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputFileError(
            f"{path} is {_special_kind(mode)}, not a regular file; it was not read. "
            "Give the path of a CSV or Excel file saved on disk."
        )
    os.set_blocking(fd, True)
    return fd


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def detect_format(path: Path) -> str:
    """"csv", "xlsx", "xlsb", "xls" or "ods", decided from the content first and the name second.

    Raises InputFileError for files that are none of these: encrypted workbooks, web pages saved
    with an .xls name, other binary formats, zip archives that hold no workbook.
    """
    with os.fdopen(open_regular(path), "rb") as fh:
        head = fh.read(4096)
    ext = path.suffix.lower()
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _zip_format(path, ext)
    if head.startswith(OLE_MAGIC):
        return _ole_format(path)
    if _old_excel(head):
        raise InputFileError(
            f"{path.name} is an Excel workbook of an old format (Excel 2.x to 4.0, or a worksheet saved alone by "
            "Excel 5.0), which cannot be read. " + SAVE_AS_HINT
        )
    for magic, what in _OTHER_BINARIES:
        if head.startswith(magic):
            raise InputFileError(f"{path.name} is {what}, not a spreadsheet. Export the invoices as CSV or XLSX.")
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text_head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise InputFileError(
            f"{path.name} is a web page (HTML), not a spreadsheet, even if its name says otherwise. "
            + SAVE_AS_HINT
        )
    if text_head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise InputFileError(f"{path.name} is an 'XML Spreadsheet 2003' file, which is not supported. " + SAVE_AS_HINT)
    if named_like_a_workbook(path) and not _delimited_text(head):
        raise InputFileError(
            f"{path.name} is named like an Excel/OpenDocument workbook but its content is not one "
            "(the file may be corrupt or truncated). " + SAVE_AS_HINT
        )
    # Anything else is treated as delimited text (a web application's CSV download saved under an
    # .xlsx name too, said by the reader); the decoder rejects binary content.
    return "csv"


def _delimited_text(head: bytes) -> bool:
    """Whether a file's first bytes are a delimited table's text: no NUL byte (outside UTF-16 text
    with its BOM), a first line holding a delimiter, and a line below it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if b"\x00" in head:
        return False
    lines = [line for line in head.splitlines() if line.strip()]
    return len(lines) >= 2 and any(d in lines[0] for d in (b",", b";", b"\t", b"|"))


def named_like_a_workbook(path: Path) -> bool:
    """Whether ``path`` is named like a modern workbook (.xlsx, .xlsb, .ods), not an .xls that
    programs exporting "Excel" fill with text."""
    return WORKBOOK_EXTENSIONS.get(path.suffix.lower(), "xls") != "xls"


#: the record a BIFF worksheet opens with (BOF: Excel 2.x, 3.0, 4.0, 5.0 and later), and its lengths
_BIFF_BOF = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
_BIFF_BOF_LENGTHS = (4, 6, 8, 16)


def _old_excel(head: bytes) -> bool:
    """Whether a file opens with an Excel worksheet's first record, outside an OLE2 container (Excel
    2.x to 4.0 wrote their .xls so, as do some programs exporting "Excel")."""
    return len(head) >= 4 and head[:2] in _BIFF_BOF and int.from_bytes(head[2:4], "little") in _BIFF_BOF_LENGTHS


def _zip_format(path: Path, ext: str) -> str:
    from getbill_import.read._zipguard import check_member_count

    check_member_count(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputFileError(
            f"{path.name} is a damaged workbook or zip archive ({exc}). " + SAVE_AS_HINT
        ) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if mimetype.startswith(_ODS_MIMETYPE) or ("content.xml" in names and ext == ".ods"):
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise InputFileError(f"{path.name} is a text document, not a spreadsheet. Export the invoices as CSV or XLSX.")
    if ext in WORKBOOK_EXTENSIONS:
        raise InputFileError(
            f"{path.name} is a zip archive without a workbook inside (the file may be corrupt). " + SAVE_AS_HINT
        )
    raise InputFileError(f"{path.name} is a zip archive, not a spreadsheet. Extract it and import the CSV or XLSX inside.")


def _ole_format(path: Path) -> str:
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find(_ENCRYPTED_STREAM) != -1:
            raise InputFileError(
                f"{path.name} is a password-protected workbook: save it without a password and try again."
            )
        if any(mm.find(name) != -1 for name in _XLS_STREAMS):
            return "xls"
    raise InputFileError(
        f"{path.name} is an old Microsoft Office file but not an Excel workbook. Export the invoices as CSV or XLSX."
    )


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover
