"""Hostile and malformed inputs, generated: what an unattended upload or SFTP drop may bring.

    python tests/hostile_inputs.py OUT_DIR      # writes every input into OUT_DIR

Each generator writes one file (or FIFO, or symlink) into a folder and returns its path. The
families: zip bombs (whatever the member's name), XML bombs, far cells in every spelling, huge
declared dimensions and counts (XLSX, XLS, ODS), looping XLS sector chains, ODS repeats, dense
cells, too many zip members or columns, control characters, mixed encodings, formula payloads
in headers and cells with every separator, FIFOs and devices.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
XLS_SAMPLE = HERE / "cases" / "read" / "invoices.xls"

HEADER = "Facture;Client;Montant;Email"
ROW = "F-{i:03d};Client {i};{amount};c{i}@example.fr"

# --- XLSX built by hand (every byte of the XML chosen here) ------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="bin" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/{sheet}" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Factures" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="/{sheet}"/>{extra}</Relationships>'
)
_SST_REL = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _cell(ref: str, text: str, quote: str = '"') -> str:
    return f"<c r={quote}{ref}{quote} t=\"inlineStr\"><is><t>{text}</t></is></c>"


def _rows(extra_cells: str = "", dimension: str = "") -> str:
    """A small valid invoice table (header + 3 rows), plus whatever ``extra_cells`` hold."""
    header = ["Facture", "Client", "Montant", "Email"]
    rows = ['<row r="1">' + "".join(_cell(f"{c}1", h) for c, h in zip("ABCD", header, strict=True)) + "</row>"]
    for i in range(2, 5):
        values = [f"F-{i:03d}", f"Client {i}", f"{i}0.00", f"c{i}@example.fr"]
        rows.append(f'<row r="{i}">' + "".join(_cell(f"{c}{i}", v) for c, v in zip("ABCD", values, strict=True)) + "</row>")
    dim = f"<dimension ref=\"{dimension}\"/>" if dimension else ""
    return _SHEET_HEAD + dim + "<sheetData>" + "".join(rows) + extra_cells + "</sheetData></worksheet>"


def write_xlsx(
    path: Path, sheet_xml: str | bytes, *, sheet_part: str = "xl/worksheets/sheet1.xml",
    shared_strings: str | None = None, extra: dict[str, bytes] | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheet=sheet_part))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels",
                    _WORKBOOK_RELS.format(sheet=sheet_part, extra=_SST_REL if shared_strings else ""))
        zf.writestr(sheet_part, sheet_xml)
        if shared_strings is not None:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def _far_cell(spelling: str) -> Callable[[Path], Path]:
    spellings = {
        "double_quotes": '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        "single_quotes": "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
        "lower_case": '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
        "spaces": '<row r = " 1048576 "><c r = " XFD1048576 "><v>1</v></c></row>',
        "no_row_number": '<row><c r="XFD1048576"><v>1</v></c></row>',
        "namespaced": '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1048576">'
                      '<x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
        "row_4e9": '<row r="4000000000"><c r="A4000000000"><v>1</v></c></row>',
        "beyond_grid": '<row r="1048576"><c r="ZZZZ1048576"><v>1</v></c></row>',
    }

    def make(folder: Path) -> Path:
        return write_xlsx(folder / f"far_cell_{spelling}.xlsx", _rows(spellings[spelling]))

    return make


def far_cell_odd_part_name(folder: Path) -> Path:
    """The sheet part is not named *.xml, in upper case: a guard matching names would miss it."""
    return write_xlsx(folder / "far_cell_odd_part.xlsx", _rows('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
                      sheet_part="xl/worksheets/SHEET1.BIN")


def huge_dimension(folder: Path) -> Path:
    return write_xlsx(folder / "huge_dimension.xlsx", _rows(dimension="A1:XFD1048576"))


def huge_shared_string_count(folder: Path) -> Path:
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>')
    return write_xlsx(folder / "huge_sst_count.xlsx", _rows('<row r="6"><c r="A6" t="s"><v>0</v></c></row>'),
                      shared_strings=sst)


def xml_bomb(folder: Path) -> Path:
    """Billion laughs in the shared strings."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           "<si><t>&a9;</t></si></sst>")
    return write_xlsx(folder / "xml_bomb.xlsx", _rows('<row r="6"><c r="A6" t="s"><v>0</v></c></row>'), shared_strings=sst)


def dense_cells(folder: Path) -> Path:
    """40 million small cells without references: a few MB compressed."""
    path = folder / "dense_cells.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheet="xl/worksheets/sheet1.xml"))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheet="xl/worksheets/sheet1.xml", extra=""))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write((_SHEET_HEAD + "<sheetData>").encode())
            row = b"<row>" + b"<c><v>1</v></c>" * 10_000 + b"</row>"
            block = row * 100
            for _ in range(40):
                out.write(block)
            out.write(b"</sheetData></worksheet>")
    return path


def _raw_deflate_bomb(inflated: int) -> tuple[bytes, int]:
    """A raw DEFLATE stream of ``inflated`` zero bytes built from one repeated block (made in
    milliseconds) and its CRC-32."""
    unit = 1 << 20
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(b"\0" * unit) + comp.flush(zlib.Z_FULL_FLUSH)
    count = inflated // unit
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    zero = b"\0" * unit
    for _ in range(count):
        crc = zlib.crc32(zero, crc)
    return block * count + tail, crc


def _zip_with_raw_member(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip written by hand: (name, deflated data, crc, inflated size) per member (zip64 sizes)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        extra = struct.pack("<HHQQ", 1, 16, size, len(data))
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 45, 0, 8, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                              len(encoded), len(extra)) + encoded + extra)
        out.write(data)
        cextra = struct.pack("<HHQQQ", 1, 24, size, len(data), offset)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 45, 0, 8, 0, 0, crc, 0xFFFFFFFF,
                                   0xFFFFFFFF, len(encoded), len(cextra), 0, 0, 0, 0, 0xFFFFFFFF) + encoded + cextra)
    start = out.tell()
    for record in central:
        out.write(record)
    length = out.tell() - start
    zip64_end = out.tell()
    out.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, len(members), len(members), length, start))
    out.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, zip64_end, 1))
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    path.write_bytes(out.getvalue())
    return path


def _bomb(member: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        small = [
            (name, zlib.compress(text.encode(), 9)[2:-4], zlib.crc32(text.encode()), len(text.encode()))
            for name, text in (
                ("[Content_Types].xml", _CONTENT_TYPES.format(sheet="xl/worksheets/sheet1.xml")),
                ("_rels/.rels", _ROOT_RELS), ("xl/workbook.xml", _WORKBOOK),
                ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheet="xl/worksheets/sheet1.xml", extra="")),
            )
        ]
        data, crc = _raw_deflate_bomb(3 * 1024**3)
        safe = member.replace("/", "_").replace(".", "_")
        return _zip_with_raw_member(folder / f"zip_bomb_{safe}.xlsx", [*small, (member, data, crc, 3 * 1024**3)])

    return make


def too_many_zip_members(folder: Path) -> Path:
    path = folder / "too_many_members.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheet="xl/worksheets/sheet1.xml"))
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        for i in range(20_000):
            zf.writestr(f"x/{i}", b"")
    return path


def truncated_xlsx(folder: Path) -> Path:
    whole = write_xlsx(folder / "whole.xlsx", _rows()).read_bytes()
    (folder / "whole.xlsx").unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


# --- ODS ------------------------------------------------------------------------------------------

_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Factures">'
)
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods_cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def write_ods(path: Path, rows_xml: str) -> Path:
    header = "<table:table-row>" + "".join(_ods_cell(h) for h in ("Facture", "Client", "Montant")) + "</table:table-row>"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml",
                    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
                    compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", _ODS_HEAD + header + rows_xml + _ODS_TAIL, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_repeats(folder: Path) -> Path:
    """6,000 rows × 16,384 columns of one repeated value: under calamine's own 100M-cell cap."""
    row = f'<table:table-row table:number-rows-repeated="6000">{_ods_cell("x", 16_384)}</table:table-row>'
    return write_ods(folder / "ods_repeats.ods", row)


def ods_repeated_rows(folder: Path) -> Path:
    row = f'<table:table-row table:number-rows-repeated="1000000000">{_ods_cell("F-1")}{_ods_cell("A")}{_ods_cell("1")}</table:table-row>'
    return write_ods(folder / "ods_repeated_rows.ods", row)


def ods_trailing_empty_repeats(folder: Path) -> Path:
    """What LibreOffice itself writes: formatted empty rows and cells to the grid's end. Valid."""
    rows = "".join(
        f"<table:table-row>{_ods_cell(f'F-{i}')}{_ods_cell(f'Client {i}')}{_ods_cell(f'{i}0')}"
        '<table:table-cell table:number-columns-repeated="1021"/></table:table-row>'
        for i in range(1, 4)
    )
    rows += '<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    return write_ods(folder / "ods_trailing_empty.ods", rows)


# --- XLS (BIFF8 in a compound file), patched from a real one -----------------------------------

def _cfb(data: bytearray) -> dict[str, object]:
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    sector = 1 << shift
    n_fat, dir_start = struct.unpack_from("<II", data, 0x2C)
    minifat_start = struct.unpack_from("<I", data, 0x3C)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C)[:n_fat]]

    def at(s: int) -> int:
        return (s + 1) * sector

    def fat_entry_offset(s: int) -> int:
        per = sector // 4
        return at(fat_sectors[s // per]) + (s % per) * 4

    def fat(s: int) -> int:
        return struct.unpack_from("<I", data, fat_entry_offset(s))[0]

    return {"sector": sector, "at": at, "fat": fat, "fat_entry_offset": fat_entry_offset,
            "dir_start": dir_start, "minifat_start": minifat_start}


def _directory_entry(data: bytearray, cfb: dict[str, object], name: str) -> int:
    at = cfb["at"]
    offset = at(cfb["dir_start"])  # type: ignore[operator]
    for i in range(cfb["sector"] // 128):  # type: ignore[operator]
        entry = offset + i * 128
        length = struct.unpack_from("<H", data, entry + 64)[0]
        if data[entry:entry + length - 2].decode("utf-16-le", "replace") == name:
            return entry
    raise LookupError(name)


def xls_looping_chain(folder: Path) -> Path:
    """The workbook stream's sector chain points back to its start, and the stream says it is huge."""
    data = bytearray(XLS_SAMPLE.read_bytes())
    cfb = _cfb(data)
    entry = _directory_entry(data, cfb, "Workbook")
    start = struct.unpack_from("<I", data, entry + 116)[0]
    sect = start
    while (nxt := cfb["fat"](sect)) < 0xFFFFFFFA:  # type: ignore[operator]
        sect = nxt
    struct.pack_into("<I", data, cfb["fat_entry_offset"](sect), start)  # type: ignore[operator]
    struct.pack_into("<I", data, entry + 120, 0x7FFFFFFF)
    path = folder / "xls_looping_chain.xls"
    path.write_bytes(bytes(data))
    return path


def xls_looping_directory(folder: Path) -> Path:
    """The directory's own chain loops on itself."""
    data = bytearray(XLS_SAMPLE.read_bytes())
    cfb = _cfb(data)
    start = cfb["dir_start"]
    struct.pack_into("<I", data, cfb["fat_entry_offset"](start), start)  # type: ignore[operator]
    path = folder / "xls_looping_directory.xls"
    path.write_bytes(bytes(data))
    return path


def _patch_record(kind: int, patch: Callable[[bytearray, int], None], name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        data = bytearray(XLS_SAMPLE.read_bytes())
        at = data.find(struct.pack("<H", kind) + (struct.pack("<H", 14) if kind == 0x0200 else b""))
        if at < 0:
            raise LookupError(hex(kind))
        patch(data, at + 4)
        path = folder / name
        path.write_bytes(bytes(data))
        return path

    return make


xls_huge_dimensions = _patch_record(
    0x0200, lambda d, at: struct.pack_into("<IIHH", d, at, 0, 4_000_000_000, 0, 60_000), "xls_huge_dimensions.xls"
)


# --- delimited text ------------------------------------------------------------------------------

def _csv(name: str, lines: list[str], encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
        return path

    return make


def mixed_encodings(folder: Path) -> Path:
    """UTF-8, except two lines saved in cp1252 by another tool."""
    lines = [HEADER.encode()]
    for i, name in enumerate(["Hélène Dupré", "Zoë Müller", "Lefèvre Frères", "Noël Gaëlle", "Jérôme Bérénice"]):
        encoding = "cp1252" if i in (1, 3) else "utf-8"
        lines.append(f"F-{i:03d};{name};{i + 1}0,00;c{i}@example.fr".encode(encoding))
    path = folder / "mixed_encodings.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


control_characters = _csv("control_characters.csv", [
    HEADER + ";Note",
    "F-001;Eve\x1b[2J\x1b[31mRED;10,00;eve@example.fr;\x1b]0;pwned\x07",
    "F-002;Unit\x1fSep\x7fDel;20,00;nul@example.fr;ok",
    "F-003;Bell\x07 Back\x08space;30,00;bell@example.fr;\x0c\x0b",
    "F-004;Normal Name;40,00;n@example.fr;\x9b31m C1 CSI",
])

FORMULA_PAYLOADS = [
    "=1+1", "@SUM(1)", "+1+1", "-1+1", "=HYPERLINK(\"http://evil.example\",\"x\")",
    "Eve;=1+1;", "Eve,=1+1,", "Eve\t=1+1\t", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
    "'=already", "a;@SUM(1)", "b,+1+1", "c\t-1+1",
]


def formula_payloads(folder: Path) -> Path:
    """Formula payloads in the headers and in every column, quoted as CSV needs."""
    def q(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    header = ["Facture", "Client", "Montant", "Téléphone", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1)", "Eve;=1+1;"]
    lines = [",".join(q(h) for h in header)]
    for i, payload in enumerate(FORMULA_PAYLOADS):
        lines.append(",".join(q(v) for v in (
            f"F-{i:03d}", payload, "-75.00" if i % 2 else "1,5", "+33142567890", payload, payload, payload,
        )))
    path = folder / "formula_payloads.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def formula_payloads_semicolon(folder: Path) -> Path:
    def q(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [";".join(q(h) for h in ["Facture", "Client", "Montant", "=cmd|' /C calc'!A0"])]
    for i, payload in enumerate(FORMULA_PAYLOADS):
        # (credit notes among invoices: a file of credits alone is refused before any report is written)
        lines.append(";".join(q(v) for v in (f"F-{i:03d}", payload, "-75,00" if i % 2 else "75,00", payload)))
    path = folder / "formula_payloads_semicolon.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wide_header(folder: Path) -> Path:
    path = folder / "wide_header.csv"
    cols = 100_000
    with path.open("w", encoding="utf-8") as out:
        out.write("Facture;Client;Montant;" + ";".join(f"C{i}" for i in range(cols)) + "\n")
        out.write("F-1;A;10;" + ";" * (cols - 1) + "\n")
    return path


def binary_named_csv(folder: Path) -> Path:
    path = folder / "binary.csv"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def fifo(folder: Path) -> Path:
    path = folder / "fifo.csv"
    os.mkfifo(path)
    return path


def dev_zero_symlink(folder: Path) -> Path:
    path = folder / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def dev_null_symlink(folder: Path) -> Path:
    path = folder / "null.xlsx"
    path.symlink_to("/dev/null")
    return path


def deep_nesting(folder: Path) -> Path:
    deep = "<x>" * 200_000 + "</x>" * 200_000
    return write_xlsx(folder / "deep_nesting.xlsx", _rows().replace("<sheetData>", "<sheetData>" + deep, 1))


GENERATORS: dict[str, Callable[[Path], Path]] = {
    **{f"far_cell_{s}": _far_cell(s) for s in (
        "double_quotes", "single_quotes", "lower_case", "spaces", "no_row_number", "namespaced", "row_4e9",
        "beyond_grid",
    )},
    "far_cell_odd_part_name": far_cell_odd_part_name,
    "huge_dimension": huge_dimension,
    "huge_shared_string_count": huge_shared_string_count,
    "xml_bomb": xml_bomb,
    "dense_cells": dense_cells,
    "zip_bomb_sheet": _bomb("xl/worksheets/sheet1.xml"),
    "zip_bomb_odd_name": _bomb("xl/media/IMAGE1.PNG"),
    "too_many_zip_members": too_many_zip_members,
    "truncated_xlsx": truncated_xlsx,
    "deep_nesting": deep_nesting,
    "ods_repeats": ods_repeats,
    "ods_repeated_rows": ods_repeated_rows,
    "ods_trailing_empty_repeats": ods_trailing_empty_repeats,
    "xls_looping_chain": xls_looping_chain,
    "xls_looping_directory": xls_looping_directory,
    "xls_huge_dimensions": xls_huge_dimensions,
    "mixed_encodings": mixed_encodings,
    "control_characters": control_characters,
    "formula_payloads": formula_payloads,
    "formula_payloads_semicolon": formula_payloads_semicolon,
    "wide_header": wide_header,
    "binary_named_csv": binary_named_csv,
    "fifo": fifo,
    "dev_zero_symlink": dev_zero_symlink,
    "dev_null_symlink": dev_null_symlink,
}


def generate_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder) for name, make in GENERATORS.items()}


if __name__ == "__main__":
    for name, path in generate_all(Path(sys.argv[1])).items():
        print(f"{name:32} {path}")
