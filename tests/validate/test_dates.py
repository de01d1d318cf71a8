"""Dates: every shape, the day/month order decided per column, impossible dates, due before issue."""

from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from getbill_import.fields import LINE
from getbill_import.validate import ValidationOptions
from getbill_import.validate._common import Context
from getbill_import.validate.dates import validate_dates


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-01-15", date(2024, 1, 15)),
        ("2024-01-15 00:00:00", date(2024, 1, 15)),
        ("2024-01-15T10:30:00", date(2024, 1, 15)),
        ("2024-01-15T10:30:00+01:00", date(2024, 1, 15)),
        ("15/01/2024", date(2024, 1, 15)),
        ("15.01.2024", date(2024, 1, 15)),
        ("15-01-24", date(2024, 1, 15)),
        ("15/01/2024 10:30", date(2024, 1, 15)),
        ("2024-01-15 12:00 AM", date(2024, 1, 15)),
        ("15/01/2024 12:57:43 P.M.", date(2024, 1, 15)),
        ("15/01/2024 1:05 a.m.", date(2024, 1, 15)),
        ("15 janvier 2024", date(2024, 1, 15)),
        # Spanish, Portuguese, Italian, German and Dutch month names, "de" between the parts
        ("25 de Octubre del 2016", date(2016, 10, 25)),
        ("01/ENERO/2020", date(2020, 1, 1)),
        ("12-ene-2024", date(2024, 1, 12)),
        ("5 de março de 2024", date(2024, 3, 5)),
        ("10-out-2025", date(2025, 10, 10)),
        ("3 gennaio 2026", date(2026, 1, 3)),
        ("3. März 2026", date(2026, 3, 3)),
        ("12 mei 2024", date(2024, 5, 12)),
        ("15-janv-24", date(2024, 1, 15)),
        ("1er mars 2024", date(2024, 3, 1)),
        ("15 août 2024", date(2024, 8, 15)),
        ("3 FÉVRIER 2025", date(2025, 2, 3)),
        ("lundi 15 janvier 2024", date(2024, 1, 15)),
        # a date written as in a sentence
        ("le 15/01/2024", date(2024, 1, 15)),
        ("Le 1er mars 2024", date(2024, 3, 1)),
        ("am 15.01.2024", date(2024, 1, 15)),
        ("on 2024-01-15", date(2024, 1, 15)),
        ("15 February 2024", date(2024, 2, 15)),
        ("Jan 15, 2024", date(2024, 1, 15)),
        ("September 2nd, 2026", date(2026, 9, 2)),
        ("02 Sep 2026", date(2026, 9, 2)),
        ("45306", date(2024, 1, 15)),  # Excel serial number
        ("45306.75", date(2024, 1, 15)),  # Excel date and time
        ("20240115", date(2024, 1, 15)),
        # a numeric date a script wrote as a float
        ("20200704.0", date(2020, 7, 4)),
        # ddmmyyyy, as DATEV, EBP and Sage export dates; never a yyyymmdd date as well
        ("01092007", date(2007, 9, 1)),
        ("20012019", date(2019, 1, 20)),
        ("31122024", date(2024, 12, 31)),
        ("20111105", date(2011, 11, 5)),
        # .NET JSON dates: milliseconds since 1970 UTC, read in the offset they are written with
        ("/Date(1645829571576)/", date(2022, 2, 25)),
        ("/Date(1648421571576+0100)/", date(2022, 3, 27)),
        ("/Date(1645743171576-0500)/", date(2022, 2, 24)),
        ("/Date(1645743171576+0200)/", date(2022, 2, 25)),
        # a JavaScript date written as text (Date.toString), its zone's name in any language
        ("Tue Dec 31 2024 00:00:00 GMT+0300 (Arabian Standard Time)", date(2024, 12, 31)),
        ("Thu Feb 19 2026 23:30:00 GMT-0500 (heure normale de l’Est)", date(2026, 2, 19)),
        ("Mon Mar 02 2026 00:00:00 UTC+0100", date(2026, 3, 2)),
        # a timestamp with its zone's name alone (BigQuery's, NetSuite's exports)
        ("2017-05-18 00:00:00 UTC", date(2017, 5, 18)),
        ("2017-05-18 23:10:00 GMT", date(2017, 5, 18)),
    ],
)
def test_date_shapes(check, cell, expected):
    result = check([{"due_date": cell}])
    assert check.column(result, "due_date") == [expected]
    assert check.codes(result) == []


def test_excel_serials_account_for_the_1900_leap_year_bug():
    # Excel counts a fictitious 29 Feb 1900: serial 32874 is 1990-01-01, 73415 is 2100-12-31
    from getbill_import.validate.dates import EXCEL_EPOCH, SERIAL_MAX, SERIAL_MIN

    assert (date.fromordinal(EXCEL_EPOCH.toordinal() + SERIAL_MIN), date.fromordinal(EXCEL_EPOCH.toordinal() + SERIAL_MAX)) == (
        date(1990, 1, 1), date(2100, 12, 31)
    )


def test_two_digit_years_are_read_with_their_century_as_posix_reads_them(check):
    # up to 68 in this century, from 69 in the last one: "02-Feb-99" is no date seventy years ahead
    result = check([{"due_date": "5/1/24"}, {"due_date": "31/12/99"}, {"due_date": "02-Feb-99"}, {"due_date": "1/3/68"}])
    assert check.column(result, "due_date") == [date(2024, 1, 5), date(1999, 12, 31), date(1999, 2, 2), date(2068, 3, 1)]


def test_dates_marked_with_the_characters_of_year_month_and_day_are_read(check):
    # a Japanese billing system's due dates, a Korean one's
    result = check([{"due_date": "2025年7月22日"}, {"due_date": "2025년 8월 1일"}])
    assert check.column(result, "due_date") == [date(2025, 7, 22), date(2025, 8, 1)]
    assert check.codes(result) == []


def test_dates_written_with_dots_are_day_first_without_a_doubt_said(check):
    # a Swiss export's "08.09.2021": the 8th of September, as the countries writing dots write dates
    result = check([{"due_date": "08.09.2021"}, {"due_date": "01.10.2021"}])
    assert check.column(result, "due_date") == [date(2021, 9, 8), date(2021, 10, 1)]
    assert not [n for n in result.notices if "could be day/month or month/day" in n]


def test_dates_whose_parts_each_end_with_a_dot_are_read(check):
    # Hungary writes the year first, each part closed by a dot ("2026. 11. 10."); Croatia, Serbia and
    # Czechia close the year too, or space the parts ("10. 11. 2026")
    cells = ["2026.11.10", "2026.11.10.", "2026. 11. 10.", "10.11.2026.", "10. 11. 2026", "10.11.2026 14:30"]
    result = check([{"due_date": c} for c in cells])
    assert check.column(result, "due_date") == [date(2026, 11, 10)] * len(cells)
    assert check.codes(result) == []


def test_a_first_part_above_12_proves_day_first(check):
    result = check([{"due_date": "03/04/2024"}, {"due_date": "25/04/2024"}])
    assert check.column(result, "due_date") == [date(2024, 4, 3), date(2024, 4, 25)]
    assert check.codes(result) == []


def test_a_second_part_above_12_proves_month_first(check):
    result = check([{"due_date": "03/04/2024"}, {"due_date": "04/25/2024"}])
    assert check.column(result, "due_date") == [date(2024, 3, 4), date(2024, 4, 25)]
    assert check.codes(result) == []


def test_a_date_that_proves_its_order_is_read_as_written_whatever_its_column(check):
    rows = [{"due_date": d} for d in ("13/01/2024", "25/02/2024", "03/04/2024", "01/30/2024")]
    result = check(rows)
    # 03/04 follows the column (day first, 2 proofs against 1); 01/30 can only be January 30
    assert check.column(result, "due_date") == [date(2024, 1, 13), date(2024, 2, 25), date(2024, 4, 3), date(2024, 1, 30)]
    assert check.codes(result) == []
    assert result.notices == [
        "Dates of column 'Échéance' mix orders: 1 are written month first (their values prove it) among dates "
        "written day/month/year (dd/mm/yyyy); each was read as written."
    ]


@pytest.mark.parametrize(
    "cell",
    ["00/00/0000", "0000-00-00", "01/01/1753", "1753-01-01", "9999-12-31", "31/12/9999", "9999-09-09", "01/01/9999", "1900-01-01", "0001-01-01",
     "/Date(-62135596800000)/", "-", "--", "—", "1899-12-30", "30/12/1899", "31/12/1899",
     # a tax register's "not yet entered"
     "01/01/1000", "1000-01-01"],
)
def test_no_date_placeholders_read_as_empty(check, cell):
    result = check([{"due_date": "15/01/2024"}, {"due_date": cell}])
    assert check.column(result, "due_date") == [date(2024, 1, 15), None]
    assert check.codes(result) == []
    assert result.valid == 2
    assert result.notices == [f"1 date(s) of column 'Échéance' ('{cell}') are 'no date' placeholders: read as empty."]


def test_undecidable_column_is_read_with_the_default_order_and_reported_once(check):
    rows = [{"due_date": "05/05/2024"}, {"due_date": "03/04/2024"}, {"due_date": "07/06/2024"}]
    result = check(rows)
    assert check.column(result, "due_date") == [date(2024, 5, 5), date(2024, 4, 3), date(2024, 6, 7)]
    problem = check.one(result)
    # 05/05 reads the same both ways: the first line concerned is the second one
    assert (problem["line"], problem["column"], problem["code"], problem["severity"]) == (3, "Échéance", "ambiguous-date-format", "warning")
    assert "read as day/month/year (dd/mm/yyyy)" in problem["message"]
    assert result.notices == [problem["message"]]
    assert result.valid == 3


def test_undecidable_column_follows_the_default_date_order_option(check):
    result = check([{"due_date": "03/04/2024"}], options=ValidationOptions(default_date_order="month"))
    assert check.column(result, "due_date") == [date(2024, 3, 4)]
    assert "read as month/day/year (mm/dd/yyyy) (by default" in check.one(result)["message"]


def test_forced_date_order_reads_ambiguous_dates_and_says_so(check):
    result = check([{"due_date": "03/04/2024"}], options=ValidationOptions(date_order="month"))
    assert check.column(result, "due_date") == [date(2024, 3, 4)]
    assert "read as month/day/year (mm/dd/yyyy) (as asked)" in check.one(result)["message"]


def test_forced_order_does_not_override_proof(check):
    result = check([{"due_date": "03/04/2024"}, {"due_date": "25/04/2024"}], options=ValidationOptions(date_order="month"))
    assert check.column(result, "due_date") == [date(2024, 4, 3), date(2024, 4, 25)]
    assert check.codes(result) == []


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date."),
        ("29/02/2023", "'29/02/2023' is not a real date."),
        ("2024-13-45", "'2024-13-45' is not a real date."),
        ("32/13/2024", "'32/13/2024' is not a real date."),
        ("demain", "'demain' is not a date."),
        ("15 brumaire 2024", "'15 brumaire 2024' is not a date."),
    ],
)
def test_invalid_dates(check, cell, message):
    result = check([{"due_date": "15/01/2024"}, {"due_date": cell}])
    problem = check.one(result)
    assert (problem["line"], problem["field"], problem["value"], problem["code"], problem["severity"]) == (
        3, "due_date", cell, "invalid-date", "error"
    )
    assert problem["message"] == message
    assert check.column(result, "due_date")[1] is None


def test_a_cell_of_several_dates_is_read_as_its_first_said(check):
    """A lawsuit's promissory notes, each due on its own day, written in one cell: the first date is
    the due date, with a warning, where the debt had been rejected for no date."""
    cell = "[22/02/2026 - 4/07/2026 - 6/03/2026]"
    result = check([{"due_date": "15/01/2026"}, {"due_date": cell}, {"due_date": "01/03/2026 y 01/04/2026"}])
    assert check.column(result, "due_date") == [date(2026, 1, 15), date(2026, 2, 22), date(2026, 3, 1)]
    problems = result.problems.filter(pl.col("code") == "multiple-dates")
    assert problems["line"].to_list() == [3, 4]
    assert problems["severity"].unique().to_list() == ["warning"]
    assert problems["message"][0] == f"'{cell}' holds several dates: the first, 22/02/2026, is read."
    assert result.valid == 3
    # a date and its time, or a date and words, are no several dates
    single = check([{"due_date": "15.01.2026 10.30.00"}, {"due_date": "15/01/2026 ou 16/01/2026 selon accord"}])
    assert "multiple-dates" not in single.problems["code"].to_list()


def test_leap_day_is_a_real_date(check):
    assert check.column(check([{"due_date": "29/02/2024"}]), "due_date") == [date(2024, 2, 29)]


def test_due_before_issue_is_a_warning_on_the_due_date(check):
    result = check([
        {"due_date": "01/01/2026", "issue_date": "15/01/2026"},
        {"due_date": "15/02/2026", "issue_date": "15/01/2026"},
    ])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["field"], problem["code"], problem["severity"]) == (
        2, "Échéance", "due_date", "due-before-issue", "warning"
    )
    assert problem["message"] == "The due date '01/01/2026' is before the issue date '15/01/2026'."
    assert result.valid == 2


def test_each_date_column_decides_its_own_order(check):
    result = check([
        {"due_date": "25/04/2024", "issue_date": "04/25/2024"},
        {"due_date": "03/04/2024", "issue_date": "03/04/2024"},
    ])
    assert check.column(result, "due_date") == [date(2024, 4, 25), date(2024, 4, 3)]
    assert check.column(result, "issue_date") == [date(2024, 4, 25), date(2024, 3, 4)]


_ISO_SHAPED = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
    st.sampled_from([0, 1753, 1899, 1900, 1901, 2000, 2024, 2100, 2199, 2200, 9999]) | st.integers(0, 9999),
    st.integers(0, 19), st.integers(0, 35),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ISO_SHAPED, min_size=1, max_size=30, unique=True))
@example(["1753-01-01", "0000-00-00", "9999-12-31", "1900-01-01", "2024-02-29", "2023-02-29", "2024-13-01",
          "1899-12-31", "2199-12-31", "2200-01-01"])
def test_plain_iso_dates_read_as_the_general_reading_reads_them(values):
    """A column of plain ISO dates (what the API's clients send) skips the general reading; it
    gives the same date and the same verdict for every value, sentinels and impossible dates too."""
    from getbill_import.validate._common import Context
    from getbill_import.validate.dates import _parse_distinct, _read_any

    distinct = pl.DataFrame({"due_date": values, "n": [1] * len(values), "first": list(range(len(values)))},
                            schema={"due_date": pl.String, "n": pl.UInt32, "first": pl.Int64})
    distinct = distinct.with_columns(pl.col("due_date").alias("k"))
    ctx = Context({}, None, ValidationOptions())
    fast, fast_order, fast_undecided, _ = _parse_distinct(distinct, ctx)
    general, order, undecided, _ = _read_any(distinct, ctx)
    assert (fast_order, fast_undecided) == (order, undecided)
    assert fast.to_dicts() == general.to_dicts()


def test_a_date_column_that_cannot_tell_is_read_as_the_other_one_shows():
    # QuickBooks' open invoices: "Date" cannot tell, "Due Date" holds the 25th of January
    frame = pl.DataFrame({
        LINE: [2, 3], "due_date": ["02/04/2025", "01/25/2025"], "issue_date": ["01/05/2025", "01/10/2025"],
    })
    typed, problems, notices = validate_dates(frame, Context({"due_date": "Due Date", "issue_date": "Date"}, None,
                                                             ValidationOptions()))
    assert typed["issue_date"].to_list() == [date(2025, 1, 5), date(2025, 1, 10)]
    assert not any(p["code"].to_list() == ["ambiguous-date-format"] for p in problems)
    assert ("Dates of column 'Date' could be day/month or month/day and none of them tells; they were read as "
            "month/day/year (mm/dd/yyyy), as column 'Due Date' shows.") in notices
    # asked for, the order asked wins
    typed, _, _ = validate_dates(frame, Context({}, None, ValidationOptions(date_order="day")))
    assert typed["issue_date"].to_list() == [date(2025, 5, 1), date(2025, 10, 1)]


def _issue_dates(values, options=None):
    frame = pl.DataFrame({LINE: list(range(2, 2 + len(values))), "due_date": [None] * len(values), "issue_date": values},
                         schema={LINE: pl.Int64, "due_date": pl.String, "issue_date": pl.String})
    return validate_dates(frame, Context({"issue_date": "Date"}, None, options or ValidationOptions()))


def test_a_date_column_that_cannot_tell_is_read_in_the_order_that_keeps_its_dates_close():
    # a week's report from QuickBooks Desktop (US): the 6th to the 10th of October, not the 10th of five months
    typed, problems, notices = _issue_dates(["10/06/2025", "10/08/2025", "10/10/2025", "10/07/2025"])
    assert typed["issue_date"].to_list() == [date(2025, 10, 6), date(2025, 10, 8), date(2025, 10, 10), date(2025, 10, 7)]
    assert ("Dates of column 'Date' could be day/month or month/day and none of them tells; they were read as "
            "month/day/year (mm/dd/yyyy), which puts them within 4 days rather than 4 months (use --date-order to "
            "change it).") in notices
    assert not [p for p in problems if "ambiguous-date-format" in p["code"].to_list()]
    # the first days of a month written day first are read so
    typed, _, notices = _issue_dates(["01/10/2025", "03/10/2025", "09/10/2025"])
    assert typed["issue_date"].to_list() == [date(2025, 10, 1), date(2025, 10, 3), date(2025, 10, 9)]
    assert "which puts them within 8 days rather than 8 months" in notices[0]
    # under Portuguese headers a school's monthly due dates are day first, the 10th of each month
    monthly = ["10/07/2026", "10/08/2026", "10/09/2026", "10/06/2026"]
    typed, _, notices = _issue_dates(monthly, ValidationOptions(header_languages=("pt",)))
    assert typed["issue_date"].to_list() == [date(2026, 7, 10), date(2026, 8, 10), date(2026, 9, 10), date(2026, 6, 10)]
    assert not any("rather than" in n for n in notices)
    # under English ones the nearer reading stands
    typed, _, _ = _issue_dates(monthly, ValidationOptions(header_languages=("en",)))
    assert typed["issue_date"].to_list()[0] == date(2026, 10, 7)


def test_dates_spread_either_way_and_an_order_asked_keep_their_rules():
    # March to June or February to July: neither tells, the default order is said with its warning
    typed, problems, notices = _issue_dates(["05/03/2025", "07/04/2025", "02/06/2025"])
    assert typed["issue_date"].to_list() == [date(2025, 3, 5), date(2025, 4, 7), date(2025, 6, 2)]
    assert any("ambiguous-date-format" in p["code"].to_list() for p in problems)
    # the user's order wins over the period
    typed, _, notices = _issue_dates(["10/06/2025", "10/08/2025"], ValidationOptions(date_order="day"))
    assert typed["issue_date"].to_list() == [date(2025, 6, 10), date(2025, 8, 10)]
    assert not [n for n in notices if "puts them within" in n]


def test_solar_hijri_dates_are_read_as_the_gregorian_dates_they_are(check):
    # an Iranian export: 12 Mordad 1402, in ASCII and in Persian digits; 30 Esfand of the leap year
    # 1403; 30 Esfand 1402 does not exist (1402 is not a leap year)
    rows = [{"due_date": d} for d in ("1402/05/12", "۱۴۰۲/۰۵/۱۲", "1403/12/30", "1400-01-01", "1402/12/30")]
    result = check(rows)
    assert check.column(result, "due_date") == [date(2023, 8, 3), date(2023, 8, 3), date(2025, 3, 20), date(2021, 3, 21), None]
    assert check.codes(result) == [(6, "invalid-date")]
    assert ("4 date(s) of column 'Échéance' are written in the Solar Hijri calendar: read as the Gregorian dates they "
            "are ('1402/05/12' is 2023-08-03).") in result.notices


def test_an_issue_date_years_ahead_is_said_and_the_row_kept(check):
    today = ValidationOptions(today=date(2026, 12, 5))
    result = check([{"issue_date": "01/01/2030", "due_date": "31/01/2030"}, {"issue_date": "05/01/2026", "due_date": "04/02/2026"}],
                   options=today)
    problem = check.one(result)
    assert (problem["line"], problem["field"], problem["code"], problem["severity"]) == (2, "issue_date", "issue-date-ahead", "warning")
    assert problem["message"] == ("The issue date '01/01/2030' is more than 31 days after today (2026-12-05): a year mistyped, "
                                  "or an invoice not yet issued?")
    assert result.valid == 2
    # an invoice dated at the month's end, ahead of the run, is none; nor is anything said without a day of the run
    assert not check([{"issue_date": "31/12/2026"}], options=today).problems.height
    assert not check([{"issue_date": "01/01/2030"}]).problems.height
