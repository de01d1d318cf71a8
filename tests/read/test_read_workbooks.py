"""Workbooks: every cell as text, numbers and dates rendered as users expect, odd files handled."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.read import ExcludedLine, read_table

CASES = Path(__file__).resolve().parents[1] / "cases" / "read"


def test_xlsx_cells_as_text_with_titles_totals_and_formatted_empty_rows() -> None:
    result = read_table(CASES / "invoices.xlsx")

    assert result.source.format == "xlsx"
    assert result.source.sheet == "Factures"
    assert result.source.sheets == ["Factures"]
    assert result.source.encoding is None and result.source.delimiter is None
    assert result.source.header_line == 4
    assert result.headers == ["Client", "Téléphone", "Montant", "Échéance", "Réglé le", "Code"]
    assert result.frame.rows() == [
        # text kept as typed; numbers at their shortest; dates as ISO text
        (5, "Zoë Müller", "0612345678", "2340.5", "2024-01-15", "2024-02-01 10:30:00", "007"),
        (6, "Lefèvre", "+33612345678", "1", "2024-01-31", None, "0042"),
        # a numeric phone loses its zero in Excel itself; float noise is gone; a plain serial stays a number
        (7, "Noël", "612345678", "2340.5", "45306", None, "7"),
        (8, "Ünal", "0102030405", "99999999.99", "2023-12-01", None, None),
    ]
    assert result.source.rows == 4
    assert result.source.excluded_lines == [
        ExcludedLine(1, "title", "Relevé des factures impayées"),
        ExcludedLine(2, "title", "Export du 12/03/2024"),
        ExcludedLine(3, "blank", ""),
        ExcludedLine(9, "blank", ""),
        ExcludedLine(10, "totals", "Total | 102345678.99"),
    ]
    assert result.problems.height == 0


@pytest.mark.parametrize(("name", "fmt"), [("invoices.xls", "xls"), ("invoices.ods", "ods")])
def test_legacy_excel_and_opendocument(name: str, fmt: str) -> None:
    result = read_table(CASES / name)
    assert result.source.format == fmt
    assert result.source.sheet == "Factures"
    assert result.source.header_line == 3
    assert result.headers == ["Client", "Téléphone", "Montant", "Échéance"]
    assert result.frame.rows() == [
        (4, "Zoë Müller", "0612345678", "2340.5", "2024-01-15"),
        (5, "Lefèvre", "+33612345678", "1", "2024-01-31"),
    ]
    assert result.source.excluded_lines == [
        ExcludedLine(1, "title", "Relevé des factures impayées"),
        ExcludedLine(2, "blank", ""),
    ]


def test_wrong_stored_dimensions_do_not_hide_rows() -> None:
    result = read_table(CASES / "wrong_dimension.xlsx")
    assert result.frame.rows() == [(2, "Dupont", "10"), (3, "Durand", "20")]


def test_workbook_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "export_2024.dat"
    shutil.copy(CASES / "invoices.xlsx", path)
    result = read_table(path)
    assert result.source.format == "xlsx"
    assert result.source.rows == 4


@pytest.mark.parametrize(("source", "name", "fmt"), [
    # Tally's and other accounting software's "Excel" export: an XLSX under an .xls name
    ("invoices.xlsx", "ledger.xls", "xlsx"),
    ("invoices.xls", "export.xlsx", "xls"),
    ("invoices.ods", "export.xlsx", "ods"),
])
def test_a_workbook_named_for_another_format_is_read_as_what_it_is(tmp_path: Path, source: str, name: str, fmt: str) -> None:
    path = tmp_path / name
    shutil.copy(CASES / source, path)
    result = read_table(path)
    assert result.source.format == fmt
    assert result.source.sheet == "Factures"
    assert result.frame.rows()[0][1:3] == ("Zoë Müller", "0612345678")
    assert result.source.path == str(path)


def test_times_and_fractional_seconds(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", "Heure", "Horodatage"])
    ws.append(["Dupont", dt.time(10, 30), dt.datetime(2024, 1, 15, 10, 30, 15, 500000)])
    path = tmp_path / "times.xlsx"
    wb.save(path)
    assert read_table(path).frame.rows() == [(2, "Dupont", "10:30:00", "2024-01-15 10:30:15.500")]


def test_dates_excel_swapped_when_opening_a_day_first_file_are_put_back(tmp_path: Path) -> None:
    """A day-first file opened by a month-first Excel: the dates it could not read stay text
    ("24/11/2021"), the others became dates with day and month swapped (2 Dec → 12 Feb)."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Factura", "Fecha", "Vence"])
    ws.append(["1000117", "24/11/2021", dt.datetime(2021, 1, 12)])
    ws.append(["1000121", "25/11/2021", dt.datetime(2021, 2, 12)])
    ws.append(["1000125", dt.datetime(2021, 2, 12), "16/12/2021"])
    ws.append(["1000127", dt.datetime(2021, 3, 12), "17/12/2021"])
    ws.append(["1000130", dt.datetime(2021, 6, 12), "20/12/2021"])
    ws.append(["1000170", "16/12/2021", "13/01/2022"])
    path = tmp_path / "swapped.xlsx"
    wb.save(path)
    result = read_table(path)
    assert [row[2] for row in result.frame.rows()] == [
        "24/11/2021",
        "25/11/2021",
        "2021-12-02",
        "2021-12-03",
        "2021-12-06",
        "16/12/2021",
    ]
    notices = [n for n in result.source.notices if "swapped" in n]
    assert len(notices) == 1 and notices[0].startswith("Column B: 3 date cell(s)")
    # Column C has only two date cells: too little to tell, kept as Excel wrote them.
    assert [row[3] for row in result.frame.rows()][:2] == ["2021-01-12", "2021-02-12"]


def test_the_swap_proven_on_one_column_puts_back_the_date_cells_of_the_others(tmp_path: Path) -> None:
    """An Argentine credit list: the credit date is typed where Excel could not read it month first,
    the first instalment's due date is all date cells (every day 12 or less): one Excel opened the
    whole sheet, so both columns were swapped. A column with a day above 12 was not."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Cod.Credito", "Fecha de Credito", "Fecha 1ºVenc.", "Alta"])
    ws.append(["22022250", "21/10/2024", dt.datetime(2024, 10, 11), dt.datetime(2024, 3, 4)])
    ws.append(["22022251", "25/11/2024", dt.datetime(2024, 12, 2), dt.datetime(2024, 3, 25)])
    ws.append(["22022252", dt.datetime(2024, 1, 12), dt.datetime(2025, 2, 1), dt.datetime(2024, 5, 6)])
    ws.append(["22022253", "14/03/2025", dt.datetime(2025, 4, 10), dt.datetime(2024, 6, 7)])
    ws.append(["22022254", dt.datetime(2025, 3, 5), dt.datetime(2025, 5, 4), dt.datetime(2024, 7, 8)])
    ws.append(["22022255", dt.datetime(2025, 6, 2), dt.datetime(2025, 8, 3), dt.datetime(2024, 8, 9)])
    path = tmp_path / "morosos.xlsx"
    wb.save(path)
    result = read_table(path)
    rows = result.frame.rows()
    assert [row[2] for row in rows] == ["21/10/2024", "25/11/2024", "2024-12-01", "14/03/2025", "2025-05-03", "2025-02-06"]
    assert [row[3] for row in rows] == ["2024-11-10", "2024-02-12", "2025-01-02", "2025-10-04", "2025-04-05", "2025-03-08"]
    assert [row[4] for row in rows] == ["2024-03-04", "2024-03-25", "2024-05-06", "2024-06-07", "2024-07-08", "2024-08-09"]
    notices = [n for n in result.source.notices if "swapped" in n]
    assert len(notices) == 1 and notices[0].startswith("Columns B and C: 9 date cell(s)")


def test_honest_date_cells_beside_typed_dates_are_kept(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Factura", "Fecha"])
    for i, value in enumerate(
        [
            "24/11/2021",
            "25/11/2021",
            "03/12/2021",
            dt.datetime(2021, 2, 12),
            dt.datetime(2021, 3, 12),
            dt.datetime(2021, 6, 12),
        ]
    ):
        ws.append([str(i), value])
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    result = read_table(path)
    # A typed date with a day of 12 or less ("03/12/2021") was not left as text by a month-first Excel.
    assert [row[2] for row in result.frame.rows()][3:] == ["2021-02-12", "2021-03-12", "2021-06-12"]
    assert not [n for n in result.source.notices if "swapped" in n]


def test_formula_like_text_is_kept_as_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", "Note"])
    ws.append(["Dupont", "x"])
    ws["B2"].value = "=1+2"
    ws["B2"].data_type = "s"
    path = tmp_path / "formula_text.xlsx"
    wb.save(path)
    assert read_table(path).frame.rows() == [(2, "Dupont", "=1+2")]


def test_a_stray_cell_far_away_is_refused_before_parsing() -> None:
    with pytest.raises(InputFileError, match=r"uses a range of 1,048,576 rows × 16,384 columns, too large to open"):
        read_table(CASES / "far_cell.xlsx")


def test_zip_bomb_is_stopped_by_counting_real_decompressed_bytes() -> None:
    with pytest.raises(InputFileError, match=r"expands to more than 1,000,000 bytes when unpacked"):
        read_table(CASES / "bomb.xlsx", limits=ReadLimits(max_xlsx_uncompressed_bytes=1_000_000))


def test_bomb_below_the_unpacked_limit_still_meets_the_cell_limit() -> None:
    limits = ReadLimits(max_xlsx_uncompressed_bytes=50_000_000, max_cell_chars=10_000)
    with pytest.raises(InputFileError, match=r"column 'Note' on line 2 holds 8,000,000 characters, more than the 10,000-character limit. Excel itself"):
        read_table(CASES / "bomb.xlsx", limits=limits)


def test_password_protected_workbook() -> None:
    with pytest.raises(InputFileError, match="password-protected workbook: save it without a password and try again"):
        read_table(CASES / "encrypted.xlsx")


def test_corrupt_workbook() -> None:
    with pytest.raises(InputFileError, match=r"corrupt\.xlsx is a damaged workbook"):
        read_table(CASES / "corrupt.xlsx")


def test_zip_holding_a_workbook_name_but_broken_parts(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<not really a workbook")
    with pytest.raises(InputFileError, match="cannot be read as a workbook; it may be corrupt"):
        read_table(path)


def test_cells_padded_with_nul_characters_lose_the_padding_said(tmp_path: Path) -> None:
    # a program's fixed-width fields padded with NULs, which a workbook writes "_x0000_"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DNI", "Nombre", "Deuda"])
    sheet.append(["13505178_x0000_", "POSE, DANIEL_x0000__x0000_", 111])
    sheet.append(["17311705_x0000_", "MANFREDINI, NORMA_x0000_", 112])
    path = tmp_path / "padded.xlsx"
    book.save(path)
    result = read_table(path)
    assert [row[1:3] for row in result.frame.rows()] == [("13505178", "POSE, DANIEL"), ("17311705", "MANFREDINI, NORMA")]
    assert ("4 cell(s) end with NUL characters, a program's padding ('_x0000_' in a workbook): it is dropped ('DNI', "
            "'Nombre').") in result.source.notices
