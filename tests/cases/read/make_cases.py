"""Generate the reading-stage case files in this folder.

    python tests/cases/read/make_cases.py

Text files are written byte for byte (encodings, BOMs and line ends matter); workbooks are
written with openpyxl, or assembled by hand where no writer is installed (ODS, a BIFF8 .xls, an
encrypted OOXML container). The generated files are committed; re-running rewrites them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent

HEADER = ["Client", "Société", "Téléphone", "Montant TTC", "N° facture", "Échéance"]
ROWS = [
    ["Zoë Müller", "Müller & Fils", "0612345678", "1 234,50", "F-001", "15/01/2024"],
    ["Lefèvre", "", "+33612345678", "99,90", "F-002", "31/01/2024"],
    ["Noël Dupont", "Café €uro", "007", "20 €", "F-003", "29/02/2024"],
]


def _csv(rows: list[list[str]], sep: str, eol: str = "\n") -> str:
    def field(v: str) -> str:
        return f'"{v}"' if sep in v else v

    return "".join(sep.join(field(v) for v in r) + eol for r in rows)


def write_text_cases() -> None:
    base = [HEADER, *ROWS]
    (HERE / "utf8.csv").write_bytes(_csv(base, ";").encode("utf-8"))
    (HERE / "utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + _csv(base, ",").encode("utf-8"))
    (HERE / "utf16le_bom.csv").write_bytes(b"\xff\xfe" + _csv(base, "\t", "\r\n").encode("utf-16-le"))
    (HERE / "utf16be_bom.csv").write_bytes(b"\xfe\xff" + _csv(base, ";").encode("utf-16-be"))
    (HERE / "cp1252.csv").write_bytes(_csv(base, ";", "\r\n").encode("cp1252"))
    (HERE / "pipe.csv").write_bytes(_csv(base, "|").encode("utf-8"))
    (HERE / "tabs.tsv").write_bytes(_csv(base, "\t").encode("utf-8"))
    (HERE / "lone_cr.csv").write_bytes(_csv(base, ";", "\r").encode("utf-8"))
    (HERE / "crlf.csv").write_bytes(_csv(base, ",", "\r\n").encode("utf-8"))
    # A comma file whose amounts use decimal commas inside quotes: still comma-delimited.
    (HERE / "comma_amounts.csv").write_bytes(
        b'Client,Montant,Ref\n"Dupont","1234,50",F1\n"Durand","99,90",F2\n"Martin","5,00",F3\n'
    )
    (HERE / "quoted.csv").write_bytes(
        (
            'Client;Adresse;Montant;Ref\r\n'
            '"Dupont; Fils";"12 rue A\r\nBât. B";"1 234,50";F1\r\n'
            '"Le ""Bon"" Coin";"3 av. C\nEtage 2";10;F2\r\n'
            'Martin;"";5;F3\r\n'
        ).encode()
    )
    (HERE / "ragged.csv").write_bytes(

            b"Client;Montant;Ref\n"
            b"Dupont;10;F1\n"
            b"Durand;20\n"  # a field missing
            b"Martin;30;F3;surplus\n"  # a field too many, with a value
            b'O"Brian;40;F4\n'  # a stray quote inside an unquoted field
            b"Petit;50;F5;;\n"  # trailing empty fields: nothing lost

    )
    (HERE / "titles.csv").write_bytes(
        (
            "Relevé des factures impayées\n"
            "Export du 12/03/2024\n"
            "Société: ACME;Paris\n"
            "\n"
            "Client;Montant;Ref;Échéance\n"
            "Dupont;10,00;F1;01/02/2024\n"
            "Total Energies;20,00;F2;02/02/2024\n"
            "\n"
            "Durand;30,00;F3;03/02/2024\n"
            "Sous-total;60,00;;\n"
            "Martin;40,00;F4;04/02/2024\n"
            ";TOTAL TTC;100,00;\n"
            "Total général;100,00;;\n"
            "Total:;100,00;;\n"
            "\n"
            "\n"
        ).encode()
    )
    (HERE / "totals_words.csv").write_bytes(

            b"Client;Montant;Ref\n"
            b"Dupont;10;F1\n"
            b"Grand total;10;\n"
            b"Totaux;10;\n"
            b"TOTAL;10;\n"
            b"Total (1 facture);10;\n"

    )
    # A title row as wide as the header: only a header scorer that knows the vocabulary sees it.
    (HERE / "wide_title.csv").write_bytes(
        "Période;Janvier;Février;Mars\nClient;Montant;Ref;Échéance\nDupont;10;F1;01/02/2024\n".encode()
    )
    (HERE / "headers.csv").write_bytes(
        b"Montant; Client ;;Montant;Column 3;Montant\n1;A;x;2;y;3\n"
    )
    (HERE / "trailing_delims.csv").write_bytes(b"Client;Montant;Ref;\nDupont;10;F1;\nDurand;20;F2;\n")
    (HERE / "header_only.csv").write_bytes(b"Client;Montant;Ref\n")
    (HERE / "blank_only.csv").write_bytes(b"\n\n  \n\n")
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "phones.csv").write_bytes(b"Ref,Phone,Code\nF1,0612345678,007\nF2,+33612345678,0042\n")
    # UTF-8 with one broken byte (a cp1252 e-acute pasted into a UTF-8 file).
    (HERE / "mostly_utf8.csv").write_bytes(
        "Client;Ville\nZoë Müller;Besançon\nLefèvre;Nîmes\n".encode() + b"Caf\xe9 du Port;Brest\n" + "Noël;Orléans\n".encode()
    )
    (HERE / "replacement_char.csv").write_bytes("Client;Ville\nDupont;Paris\nDu\ufffdand;Lyon\n".encode())
    (HERE / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (HERE / "long_cell.csv").write_bytes(b"Client;Note\nDupont;" + b"x" * 200 + b"\n")
    (HERE / "notes.txt").write_bytes(_csv(base, ";").encode("utf-8"))
    (HERE / "web_page.xls").write_bytes(
        b"<html><body><table><tr><td>Client</td><td>Montant</td></tr></table></body></html>\n"
    )
    (HERE / "text_export.xls").write_bytes(_csv(base, "\t", "\r\n").encode("cp1252"))
    (HERE / "not_a_workbook.xlsx").write_bytes(_csv(base, ";").encode("utf-8"))
    with zipfile.ZipFile(HERE / "archive.zip", "w") as zf:
        zf.writestr("invoices.csv", _csv(base, ";"))


def _invoices_sheet(ws) -> None:  # type: ignore[no-untyped-def]
    ws["A1"] = "Relevé des factures impayées"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Export du 12/03/2024"
    ws.append([])
    ws.append(["Client", "Téléphone", "Montant", "Échéance", "Réglé le", "Code"])
    ws.append(["Zoë Müller", "0612345678", 2340.5, dt.date(2024, 1, 15), dt.datetime(2024, 2, 1, 10, 30), "007"])
    ws.append(["Lefèvre", "+33612345678", 1, dt.datetime(2024, 1, 31), None, "0042"])
    ws.append(["Noël", 612345678, 2340.5000000001, 45306, None, 7])
    ws.append(["Ünal", "0102030405", 99999999.99, dt.date(2023, 12, 1), None, None])
    ws.append([])
    ws.append(["Total", None, 102345678.99, None, None, None])
    for row in range(12, 5000):  # formatted but empty trailing rows
        ws.cell(row=row, column=1).font = Font(bold=True)
        ws.cell(row=row, column=3).number_format = "0.00"


def write_workbook_cases() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Factures"
    _invoices_sheet(ws)
    wb.save(HERE / "invoices.xlsx")

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Lisez-moi"
    notes["A1"] = "Ce classeur contient les factures impayées"
    notes["A2"] = "Voir l'onglet Factures"
    wb.create_sheet("Vide")
    data = wb.create_sheet("Factures")
    data.append(["Client", "Montant", "N° facture"])
    data.append(["Dupont", 10, "F1"])
    data.append(["Durand", 20, "F2"])
    wb.save(HERE / "multi_sheet.xlsx")

    wb = openpyxl.Workbook()
    wb.active.title = "Vide"
    wb.create_sheet("Données").append(["Client", "Montant"])
    wb["Données"].append(["Dupont", 10])
    wb.save(HERE / "empty_first_sheet.xlsx")

    wb = openpyxl.Workbook()
    wb.active.title = "Vide"
    wb.save(HERE / "all_empty.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", "Montant"])
    ws.append(["Dupont", 10])
    ws.append(["Durand", 20])
    buf = io.BytesIO()
    wb.save(buf)
    _rewrite_sheet(buf.getvalue(), HERE / "wrong_dimension.xlsx",
                   lambda xml: re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", b'<dimension ref="A1:A1"/>', xml))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", "Montant"])
    ws.append(["Dupont", 10])
    ws["XFD1048576"] = "stray"
    wb.save(HERE / "far_cell.xlsx")

    # 8 MB of sheet XML that compresses to a few kilobytes (openpyxl would cut the string, so
    # the sheet part is written by hand).
    wb = openpyxl.Workbook()
    wb.active.append(["Client", "Note"])
    buf = io.BytesIO()
    wb.save(buf)
    bomb_sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Client</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Note</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>Dupont</t></is></c>'
        b'<c r="B2" t="inlineStr"><is><t>' + b"a" * 8_000_000 + b"</t></is></c></row>"
        b"</sheetData></worksheet>"
    )
    _rewrite_sheet(buf.getvalue(), HERE / "bomb.xlsx", lambda _xml: bomb_sheet)

    good = (HERE / "invoices.xlsx").read_bytes()
    (HERE / "corrupt.xlsx").write_bytes(good[: len(good) // 2])

    (HERE / "encrypted.xlsx").write_bytes(_cfb({
        "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>",
        "EncryptedPackage": struct.pack("<Q", 4096) + bytes(range(256)) * 16,
    }))
    (HERE / "invoices.xls").write_bytes(_cfb({"Workbook": _biff8_workbook()}))
    (HERE / "invoices.ods").write_bytes(_ods())


def _rewrite_sheet(xlsx: bytes, out: Path, change) -> None:  # type: ignore[no-untyped-def]
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info, data)


# --- ODS: a zip with a stored mimetype first, a manifest and content.xml -------------------------

def _ods() -> bytes:
    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"><text:p>{value}</text:p></table:table-cell>'
        if isinstance(value, float | int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = [
        ["Relevé des factures impayées"],
        [],
        ["Client", "Téléphone", "Montant", "Échéance"],
        ["Zoë Müller", "0612345678", 2340.5, dt.date(2024, 1, 15)],
        ["Lefèvre", "+33612345678", 1, dt.date(2024, 1, 31)],
    ]
    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in r)
        + '<table:table-cell table:number-columns-repeated="1020"/></table:table-row>'
        for r in rows
    )
    body += '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Factures">'
        '<table:table-column table:number-columns-repeated="1024"/>'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# --- BIFF8 (.xls): globals (BOF, CODEPAGE, XF, BOUNDSHEET, SST, EOF) + one worksheet -------------

def _rec(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff8_workbook() -> bytes:
    rows: list[list[object]] = [
        ["Relevé des factures impayées"],
        [],
        ["Client", "Téléphone", "Montant", "Échéance"],
        ["Zoë Müller", "0612345678", 2340.5, dt.date(2024, 1, 15)],
        ["Lefèvre", "+33612345678", 1.0, dt.date(2024, 1, 31)],
    ]
    strings: list[str] = []
    for r in rows:
        for v in r:
            if isinstance(v, str) and v not in strings:
                strings.append(v)
    bof = lambda kind: _rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))  # noqa: E731
    xf_style = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    xf_general = struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    xf_date = struct.pack("<HHHBBBBIIH", 0, 14, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _short_unicode("Arial")
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings
    )

    def globals_(sheet_offset: int) -> bytes:
        return b"".join([
            bof(0x0005),
            _rec(0x0042, struct.pack("<H", 1200)),
            *[_rec(0x0031, font)] * 5,
            *[_rec(0x00E0, xf_style)] * 15,
            _rec(0x00E0, xf_general),
            _rec(0x00E0, xf_date),
            _rec(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + _short_unicode("Factures")),
            _rec(0x00FC, sst),
            _rec(0x000A),
        ])

    cells = []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                cells.append(_rec(0x00FD, struct.pack("<HHHI", r, c, 15, strings.index(v))))
            elif isinstance(v, dt.date):
                serial = (v - dt.date(1899, 12, 30)).days
                cells.append(_rec(0x0203, struct.pack("<HHHd", r, c, 16, float(serial))))
            elif isinstance(v, float):
                cells.append(_rec(0x0203, struct.pack("<HHHd", r, c, 15, v)))
    sheet = b"".join([
        bof(0x0010),
        _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, 4, 0)),
        *cells,
        _rec(0x000A),
    ])
    offset = len(globals_(0))
    return globals_(offset) + sheet


def _short_unicode(text: str) -> bytes:
    return struct.pack("<BB", len(text), 1) + text.encode("utf-16-le")


# --- A minimal compound file (OLE2/CFB v3) holding a few streams of at least 4096 bytes ---------

def _cfb(streams: dict[str, bytes]) -> bytes:
    sector = 512
    end, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    payloads = [streams[n].ljust(4096, b"\0") for n in names]  # ≥ 4096: no mini stream needed
    first = 2  # sector 0: FAT, sector 1: directory
    starts, fat = [], [fat_sect, end]
    for p in payloads:
        count = -(-len(p) // sector)
        starts.append(first + len(fat) - 2)
        base = len(fat)
        fat.extend(base + i + 1 for i in range(count - 1))
        fat.append(end)
    assert len(fat) <= 128, "test streams must fit one FAT sector"
    fat_sector = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, left, right, child)
                + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16 + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, no_stream, no_stream, 1, end, 0)]
    for i, (n, p) in enumerate(zip(names, payloads, strict=True)):
        right = i + 2 if i + 1 < len(names) else no_stream  # a right-leaning chain, in name order
        entries.append(entry(n, 2, no_stream, right, no_stream, starts[i], len(p)))
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector, "test files hold at most three streams"
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    body = b"".join(p.ljust(-(-len(p) // sector) * sector, b"\0") for p in payloads)
    return header + fat_sector + directory + body


if __name__ == "__main__":
    write_text_cases()
    write_workbook_cases()
    print(f"case files written to {HERE}")
