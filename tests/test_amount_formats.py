"""A workbook's amounts written as numbers in a currency's number format ("$#,##0.00"): the currency
the sheet shows is the amounts' when no column gives one."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from getbill_import.config import Settings
from getbill_import.pipeline import prepare_file
from getbill_import.read._formats import column_formats
from getbill_import.validate.currencies import format_currency


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def _workbook(path: Path, number_format: str | None, *, currency: str | None = None, first_row: int = 1) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Invoice Tracker"
    header = ["Invoice #", "Client", "Total", *(["Currency"] if currency else [])]
    for at, name in enumerate(header, start=2):
        sheet.cell(row=first_row, column=at, value=name)
    for n, (ref, client, total) in enumerate([("INV-001", "Acme Corp", 1500), ("INV-002", "BlueSky Media", 750.5),
                                              ("INV-003", "Initech", 99.99)], start=first_row + 1):
        sheet.cell(row=n, column=2, value=ref)
        sheet.cell(row=n, column=3, value=client)
        cell = sheet.cell(row=n, column=4, value=total)
        if number_format is not None:
            cell.number_format = number_format
        if currency:
            sheet.cell(row=n, column=5, value=currency)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("number_format", "code", "bare_dollar"),
    [("$#,##0.00", "USD", True), ('#,##0.00\\ "€"', "EUR", False), ("[$£-809]#,##0.00", "GBP", False),
     ("[$$-1009]#,##0.00", "CAD", False), ("[$R$-416] #,##0.00;[Red]-[$R$-416] #,##0.00", "BRL", False),
     ('_-* #,##0.00\\ "zł"_-', "PLN", False), ("#,##0.00", None, False), ("0.0%", None, False),
     # "_€": a space as wide as the euro sign, which is not written (a French Excel's padding)
     ("#,##0.000\\ _€", None, False), ("#,##0.00 €_-", "EUR", False)],
)
def test_the_currency_a_number_format_writes(number_format: str, code: str | None, bare_dollar: bool) -> None:
    assert format_currency(number_format) == (code, bare_dollar)


def test_a_template_s_dollar_cells_are_read_in_dollars(settings: Settings, tmp_path: Path) -> None:
    """A freelancer's invoice tracker formats its money cells "$#,##0.00" and has no currency
    column: its amounts are dollars, said with the other currencies '$' writes, where they were
    read in the default currency, euros."""
    prepared = prepare_file(_workbook(tmp_path / "tracker.xlsx", "$#,##0.00", first_row=4), settings)
    assert prepared.cases["currency"].to_list() == ["USD", "USD", "USD"]
    said = [n for n in prepared.notices if "formatted in a currency" in n]
    assert said and "'Total'" in said[0] and "read in USD" in said[0] and "peso" in said[0]


def test_a_format_naming_no_currency_or_a_currency_column_leaves_the_currency_to_them(
    settings: Settings, tmp_path: Path
) -> None:
    """Excel's built-in currency format follows the reader's locale, and a plain number format names
    none: the default currency stays. A currency column gives the currency, whatever the format."""
    builtin = prepare_file(_workbook(tmp_path / "builtin.xlsx", '"$"#,##0.00_);("$"#,##0.00)'), settings)
    plain = prepare_file(_workbook(tmp_path / "plain.xlsx", "#,##0.00"), settings)
    assert builtin.cases["currency"].to_list() == plain.cases["currency"].to_list() == ["EUR", "EUR", "EUR"]
    column = prepare_file(_workbook(tmp_path / "column.xlsx", "$#,##0.00", currency="GBP"), settings)
    assert column.cases["currency"].to_list() == ["GBP", "GBP", "GBP"]
    assert not any("formatted in a currency" in n for p in (builtin, plain, column) for n in p.notices)


def test_column_formats_reads_the_first_rows_of_one_column(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "tracker.xlsx", "[$£-809]#,##0.00", first_row=3)
    assert column_formats(path, "Invoice Tracker", 4, 4, 50) == ["[$£-809]#,##0.00"] * 3
    # text cells, another column, rows below the ones asked, another sheet: none
    assert column_formats(path, "Invoice Tracker", 2, 4, 50) == []
    assert column_formats(path, "Invoice Tracker", 4, 10, 50) == []
    assert column_formats(path, "Other", 4, 4, 50) == []
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    assert column_formats(tmp_path / "broken.xlsx", None, 4, 2, 50) == []
