import csv
import json

import polars as pl
import pytest
from openpyxl import load_workbook

from getbill_import.errors import GetbillError
from getbill_import.fields import LINE
from getbill_import.problems import problems_from_records
from getbill_import.report import ReportContext, write_fixed_copy, write_report
from getbill_import.report._fix import CHANGES_COLUMN

DANGEROUS = ["=HYPERLINK(\"http://evil\")", "+A1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "-1+cmd|'/C calc'!A0"]
#: numbers and phone numbers: no spreadsheet turns them into a function call
PLAIN = ["+33142567890", "-75.00", "+33 6 12 34 56 78", "-1,5", "+33 (0)1 42 56 78 90"]


@pytest.fixture
def frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            LINE: [2, 3, 4],
            "Client": ["Jean Dupont", "=cmd|' /C calc'!A0", "Zoë Müller"],
            "Email": ["jean@gmial.com", "ok@orange.fr", "zoe@free.fr"],
            "Montant": ["12,50", "abc", "0"],
        },
        schema_overrides={LINE: pl.Int64},
    )


@pytest.fixture
def problems() -> pl.DataFrame:
    return problems_from_records(
        [
            {"line": 2, "column": "Email", "field": "debtor.email", "value": "jean@gmial.com",
             "code": "email-domain-typo", "severity": "warning", "message": "Domain looks misspelt.",
             "suggestion": "jean@gmail.com"},
            {"line": 3, "column": "Montant", "field": "amount", "value": "abc", "code": "invalid-amount",
             "severity": "error", "message": "Not an amount.", "suggestion": None},
            {"line": 3, "column": "Client", "field": "debtor.name", "value": "=cmd|' /C calc'!A0",
             "code": "suspicious-name", "severity": "warning", "message": "Odd name.", "suggestion": None},
            {"line": 4, "column": "Montant", "field": "amount", "value": "0", "code": "zero-amount",
             "severity": "error", "message": "Zero.", "suggestion": None},
            {"line": 4, "column": None, "field": None, "value": None, "code": "no-contact-channel",
             "severity": "warning", "message": "No way to reach the debtor.", "suggestion": None},
        ]
    )


def test_csv_report_has_every_problem_and_escapes_formulas(tmp_path, problems):
    path = write_report(tmp_path / "report.csv", problems)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["line"] for r in rows] == ["2", "3", "3", "4", "4"]
    assert rows[0]["suggestion"] == "jean@gmail.com"
    assert rows[0]["column"] == "Email" and rows[0]["code"] == "email-domain-typo"
    client = next(r for r in rows if r["column"] == "Client")
    assert client["value"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_report_never_starts_a_cell_with_a_formula_character(tmp_path, value):
    problems = problems_from_records([{"line": 2, "column": "X", "value": value, "code": "c",
                                       "severity": "error", "message": value, "suggestion": value}])
    path = write_report(tmp_path / "r.csv", problems)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    for key in ("value", "message", "suggestion"):
        assert row[key] == "'" + value
        assert row[key][0] not in "=+-@\t\r"


@pytest.mark.parametrize("value", PLAIN)
def test_csv_report_leaves_numbers_and_phones_as_they_are(tmp_path, value):
    problems = problems_from_records([{"line": 2, "column": "X", "value": value, "code": "c",
                                       "severity": "error", "message": "m", "suggestion": value}])
    path = write_report(tmp_path / "r.csv", problems)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["value"] == row["suggestion"] == value


def test_csv_quotes_every_field_holding_a_separator_and_escapes_headers(tmp_path, frame):
    frame = frame.with_columns(pl.Series("Client", ["Eve;=1+1;", "Bob,@SUM(1)", "Tab\t-1+1"]))
    frame = frame.rename({"Montant": "=HYPERLINK(\"http://evil\")"})
    path = write_fixed_copy(tmp_path / "fixed.csv", frame, problems_from_records([])).path
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == 'Client,Email,"\'=HYPERLINK(""http://evil"")",getbill-import corrections'
    assert [line.split(",")[0] for line in lines[1:]] == ['"Eve;=1+1;"', '"Bob', '"Tab\t-1+1"']
    assert lines[2].startswith('"Bob,@SUM(1)",')


def test_csv_report_uses_semicolons_for_semicolon_sources(tmp_path, problems):
    path = write_report(tmp_path / "r.csv", problems, context=ReportContext(source={"delimiter": ";"}))
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("line;sheet;column")


def test_json_report_is_parseable_and_counts_codes(tmp_path, problems):
    ctx = ReportContext(source={"path": "x.csv"}, counts={"rows": 3, "valid": 1, "invalid": 2})
    data = json.loads(write_report(tmp_path / "r.json", problems, context=ctx).read_text())
    assert data["counts"] == {"rows": 3, "valid": 1, "invalid": 2}
    assert data["problems_by_code"]["invalid-amount"] == 1
    assert len(data["problems"]) == 5
    assert data["problems"][0] == {
        "line": 2, "sheet": None, "column": "Email", "field": "debtor.email", "value": "jean@gmial.com",
        "code": "email-domain-typo", "severity": "warning", "message": "Domain looks misspelt.",
        "suggestion": "jean@gmail.com",
    }


def test_json_report_without_problems(tmp_path):
    data = json.loads(write_report(tmp_path / "r.json", problems_from_records([])).read_text())
    assert data["problems"] == [] and data["problems_by_code"] == {}


def test_xlsx_report_highlights_and_comments_bad_cells(tmp_path, frame, problems):
    ctx = ReportContext(frame=frame, counts={"rows": 3})
    wb = load_workbook(write_report(tmp_path / "r.xlsx", problems, context=ctx))
    assert wb.sheetnames == ["Summary", "Rows", "Problems"]
    rows = wb["Rows"]
    assert [c.value for c in rows[1]] == ["Line", "Client", "Email", "Montant"]
    email = rows["C2"]
    assert email.value == "jean@gmial.com"
    assert "Suggestion: jean@gmail.com" in email.comment.text
    assert email.fill.fgColor.rgb.endswith("FFE699")  # warning
    amount = rows["D3"]
    assert amount.fill.fgColor.rgb.endswith("F8CBAD")  # error
    assert "Not an amount." in amount.comment.text
    assert rows["A4"].comment is not None and "No way to reach" in rows["A4"].comment.text
    assert rows["B2"].comment is None


def test_xlsx_report_never_writes_a_live_formula(tmp_path, frame, problems):
    ctx = ReportContext(frame=frame)
    wb = load_workbook(write_report(tmp_path / "r.xlsx", problems, context=ctx))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    # a text cell needs no apostrophe: it shows the value as the user typed it
    assert wb["Rows"]["B3"].value == "=cmd|' /C calc'!A0"
    assert wb["Rows"]["B3"].data_type == "s"


def test_summary_sheet_lists_counts_by_code(tmp_path, problems):
    ctx = ReportContext(counts={"rows": 3, "valid": 1}, source={"path": "in.csv", "encoding": "cp1252"})
    wb = load_workbook(write_report(tmp_path / "r.xlsx", problems, context=ctx))
    values = [[c.value for c in row if c.value is not None] for row in wb["Summary"].iter_rows()]
    assert ["Encoding", "cp1252"] in values
    assert ["Rows", 3] in values
    assert ["zero-amount", "error", 1] in values


def test_unknown_report_suffix_is_a_clear_error(tmp_path, problems):
    with pytest.raises(GetbillError, match=r"\.csv, \.json or \.xlsx"):
        write_report(tmp_path / "r.txt", problems)
    assert not list(tmp_path.iterdir())


def test_fixed_copy_applies_suggestions_and_says_what_changed(tmp_path, frame, problems):
    result = write_fixed_copy(tmp_path / "fixed.csv", frame, problems)
    assert (result.rows, result.changed_cells, result.changed_rows) == (3, 1, 1)
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["Client", "Email", "Montant", CHANGES_COLUMN]
    assert rows[0]["Email"] == "jean@gmail.com"
    assert rows[0][CHANGES_COLUMN] == "Email: jean@gmial.com → jean@gmail.com"
    assert rows[1]["Email"] == "ok@orange.fr" and rows[1][CHANGES_COLUMN] == ""
    assert rows[1]["Client"] == "'=cmd|' /C calc'!A0"


def test_fixed_copy_as_xlsx(tmp_path, frame, problems):
    result = write_fixed_copy(tmp_path / "fixed.xlsx", frame, problems)
    ws = load_workbook(result.path)["Corrected"]
    assert ws["B2"].value == "jean@gmail.com"
    assert ws["D2"].value == "Email: jean@gmial.com → jean@gmail.com"
    assert ws["A3"].data_type == "s" and ws["A3"].value == "=cmd|' /C calc'!A0"
