"""DATEV's EXTF header line, and the TTMM dates of a booking batch given their year."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from getbill_import.read.datev import ExtfHeader, complete_dates, parse_header


def test_the_header_line_gives_the_batchs_period_and_account_length() -> None:
    header = parse_header('"EXTF";700;21;"Buchungsstapel";12;20210130140440439;;"RK";"";"";29098;55003;20210101;4;20210101;20210831;"Buchungsstapel"')
    assert header == ExtfHeader(4, dt.date(2021, 1, 1), dt.date(2021, 8, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Umsatz;Soll/Haben-Kennzeichen;Konto",  # the column names
        "EXTF;700;21;Buchungsstapel;12",  # cut short
        "EXTF;700;21;Buchungsstapel;12;1;;RK;;;1;2;20210101;4;20210101;2021-08-31",  # a period not yyyymmdd
        "EXTF;700;21;Buchungsstapel;12;1;;RK;;;1;2;20210101;4;20210901;20210831",  # ending before it starts
    ],
)
def test_a_line_that_is_no_extf_header_gives_none(text: str) -> None:
    assert parse_header(text) is None


def test_dates_written_ttmm_take_the_year_that_puts_them_in_the_period() -> None:
    calendar_year = ExtfHeader(4, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    values = pl.Series("Belegdatum", ["1403", "103", " 3112 ", "", None, "2021-05-04", "3199", "12345"])
    completed, count = complete_dates(values, calendar_year)
    assert completed.to_list() == ["2021-03-14", "2021-03-01", "2021-12-31", "", None, "2021-05-04", "3199", "12345"]
    assert count == 3 and completed.name == "Belegdatum"
    # a financial year from October: January's dates are the next calendar year's
    october = ExtfHeader(5, dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert complete_dates(pl.Series(["0110", "3012", "0201", "3009"]), october)[0].to_list() == [
        "2025-10-01", "2025-12-30", "2026-01-02", "2026-09-30",
    ]


def test_due_dates_written_ttmmjjjj_are_read_whole() -> None:
    header = ExtfHeader(4, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    values = pl.Series(["14042021", "1052021", "01012022", "20210414", "3213202"])
    completed, count = complete_dates(values, header)
    # yyyymmdd is no DATEV date: left for the validation to read as any other
    assert completed.to_list() == ["2021-04-14", "2021-05-01", "2022-01-01", "20210414", "3213202"]
    assert count == 3
