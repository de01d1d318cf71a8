"""Files that cannot be read at all raise InputFileError with what happened and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from getbill_import.config import ReadLimits
from getbill_import.errors import GetbillError, InputFileError
from getbill_import.read import read_table

CASES = Path(__file__).resolve().parents[1] / "cases" / "read"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"File not found: .*nope\.csv\. Check the path"):
        read_table(tmp_path / "nope.csv")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a folder, not a file"):
        read_table(tmp_path)


def test_empty_file() -> None:
    with pytest.raises(InputFileError, match=r"empty\.csv is empty \(0 bytes\)"):
        read_table(CASES / "empty.csv")


def test_file_of_blank_lines_has_no_header() -> None:
    with pytest.raises(InputFileError, match="has no header row"):
        read_table(CASES / "blank_only.csv")


def test_binary_content() -> None:
    with pytest.raises(InputFileError, match="looks like a binary file, not CSV text"):
        read_table(CASES / "binary.csv")


@pytest.mark.parametrize(
    ("magic", "what"),
    [(b"%PDF-1.7\n", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\x1f\x8b\x08\x00", "a gzip archive")],
)
def test_other_binary_formats_are_named(tmp_path: Path, magic: bytes, what: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(magic + bytes(range(256)))
    with pytest.raises(InputFileError, match=f"is {what}, not a spreadsheet"):
        read_table(path)


def test_an_old_excel_workbook_is_named_with_what_to_do(tmp_path: Path) -> None:
    """An Excel 2.x worksheet (a Visual FoxPro sales system's export) opens with its BOF record, no
    OLE2 container: it is named an old Excel format to save again, not "a binary file, not CSV text"."""
    path = tmp_path / "facturas.xls"
    path.write_bytes(bytes.fromhex("0900040002001000420002e404000008000000") + bytes(200))
    with pytest.raises(InputFileError, match=r"is an Excel workbook of an old format .* save it as \.xlsx or \.csv"):
        read_table(path)


def test_zip_archive_that_is_not_a_workbook() -> None:
    with pytest.raises(InputFileError, match=r"zip archive, not a spreadsheet\. Extract it"):
        read_table(CASES / "archive.zip")


def test_web_page_saved_as_xls() -> None:
    with pytest.raises(InputFileError, match=r"web page \(HTML\), not a spreadsheet"):
        read_table(CASES / "web_page.xls")


def test_text_named_like_a_modern_workbook_is_read_as_csv_and_binary_content_is_refused(tmp_path: Path) -> None:
    """A web application's CSV download saved under an .xlsx name is read as the text it holds, and
    said so; content that is no delimited text, nor a workbook, is refused as a damaged workbook."""
    result = read_table(CASES / "not_a_workbook.xlsx")
    assert result.source.format == "csv" and result.frame.columns[1:3] == ["Client", "Société"]
    assert any("named like a workbook (.xlsx) but holds delimited text: it is read as CSV" in n for n in result.source.notices)
    garbage = tmp_path / "report.xlsx"
    for content in (b"\x01\x02garbage\x00\x00" * 50, b"not a workbook at all"):
        # (nor is a line of text alone a table: no delimiter, no row below it)
        garbage.write_bytes(content)
        with pytest.raises(InputFileError, match="named like an Excel/OpenDocument workbook but its content is not one"):
            read_table(garbage)


def test_file_above_the_size_limit() -> None:
    with pytest.raises(InputFileError, match=r"above the 100 bytes limit.*GETBILL_MAX_FILE_BYTES"):
        read_table(CASES / "utf8.csv", limits=ReadLimits(max_file_bytes=100))


def test_rows_above_the_row_limit() -> None:
    assert read_table(CASES / "utf8.csv", limits=ReadLimits(max_rows=3)).source.rows == 3
    with pytest.raises(InputFileError, match=r"3 data rows, more than the 2-row limit"):
        read_table(CASES / "utf8.csv", limits=ReadLimits(max_rows=2))


def test_sheet_rows_above_the_row_limit(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Client", "Montant"])
    for i in range(60):
        ws.append([f"C{i}", i])
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    with pytest.raises(InputFileError, match="more than the 10-row limit"):
        read_table(path, limits=ReadLimits(max_rows=10))


def test_cell_above_the_length_limit() -> None:
    with pytest.raises(InputFileError, match=r"column 'Note' on line 2 holds 200 characters, more than the 100-character"):
        read_table(CASES / "long_cell.csv", limits=ReadLimits(max_cell_chars=100))


def test_cell_limit_in_the_exact_csv_path(tmp_path: Path) -> None:
    path = tmp_path / "long_quoted.csv"
    path.write_bytes(b'Client;Note\n"O"Brian;"' + b"y" * 300 + b'"\n')
    with pytest.raises(InputFileError, match="more than the 100-character limit"):
        read_table(path, limits=ReadLimits(max_cell_chars=100))


def test_input_errors_are_getbill_errors_with_exit_code_2() -> None:
    with pytest.raises(GetbillError) as info:
        read_table(CASES / "empty.csv")
    assert info.value.exit_code == 2
    assert not info.value.transient


def test_a_sheet_too_large_to_open_is_named(tmp_path: Path) -> None:
    """A workbook of several sheets, one of which repeats a row of values a million times (a
    formula copied down a whole column): the refusal names that sheet, whichever sheet was asked
    for, its columns' declarations notwithstanding."""
    import importlib.util
    import zipfile

    spec = importlib.util.spec_from_file_location("hostile_inputs", Path(__file__).parent.parent / "hostile_inputs.py")
    assert spec is not None and spec.loader is not None
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    path = hostile.write_ods(tmp_path / "db.ods", "")
    with zipfile.ZipFile(path) as zf:
        content = zf.read("content.xml").decode()
    big = (
        '<table:table table:name="fatt corsi"><table:table-column table:number-columns-repeated="98"/>'
        '<table:table-row table:number-rows-repeated="1048000">'
        + '<table:table-cell office:value-type="float" office:value="0"/>' * 98 + "</table:table-row></table:table>"
    )
    content = content.replace("</office:spreadsheet>", big + "</office:spreadsheet>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(InputFileError) as raised:
        read_table(path, sheet="Factures")
    assert "sheet 'fatt corsi' repeats its rows and cells into 1,048,000 rows × 98 columns" in str(raised.value)
