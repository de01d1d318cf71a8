"""DATEV's EXTF files (Buchungsstapel, Debitoren/Kreditoren): the header line above the column
names, and the dates its booking batches write without their year.

The first line of an EXTF file describes the batch: ``"EXTF";700;21;"Buchungsstapel";12;…``. Its
13th to 16th fields are the start of the financial year, the length of the general ledger accounts
(personal accounts have one digit more) and the period the batch covers (``Datum vom``, ``Datum
bis``, yyyymmdd). A booking's ``Belegdatum`` is written TTMM: its year is the one that puts it in
that period. Pure: text in, values out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

#: the marker that opens an EXTF header line (quoted or not)
MARKER = "EXTF"
_FIELDS = 16


@dataclass(frozen=True)
class ExtfHeader:
    #: digits of the general ledger accounts (``Sachkontenlänge``), None when not written
    account_digits: int | None
    period_from: dt.date
    period_to: dt.date

    def describe(self) -> str:
        return f"{self.period_from:%d.%m.%Y}–{self.period_to:%d.%m.%Y}"


def parse_header(text: str, delimiter: str = ";") -> ExtfHeader | None:
    """The batch described by an EXTF header line (None when ``text`` is not one, or lacks the period)."""
    cells = [c.strip().strip('"').strip() for c in text.split(delimiter)]
    if len(cells) < _FIELDS or cells[0] != MARKER:
        return None
    try:
        start = dt.datetime.strptime(cells[14], "%Y%m%d").date()
        end = dt.datetime.strptime(cells[15], "%Y%m%d").date()
    except ValueError:
        return None
    if end < start:
        return None
    digits = int(cells[13]) if cells[13].isdigit() and 4 <= int(cells[13]) <= 8 else None
    return ExtfHeader(digits, start, end)


def complete_day_month(values: pl.Series, header: ExtfHeader) -> tuple[pl.Series, int]:
    """``values`` with each date written TTMM (``1403``, ``103``) given the year that puts it in the
    batch's period (the period's first year, or the next one for a period over the year's end),
    written ``yyyy-mm-dd``; and how many were completed. Other values are left as they are; a day
    no month has (``3102``) becomes an impossible date, which the validation refuses."""
    start = header.period_from
    frame = pl.DataFrame({"t": values.cast(pl.String).str.strip_chars()}).with_columns(
        pl.col("t").str.zfill(4).alias("p")
    ).with_columns(
        pl.col("p").str.slice(0, 2).alias("dd"), pl.col("p").str.slice(2, 2).alias("mm"),
    ).with_columns(
        (
            pl.col("t").str.contains(r"^[0-9]{3,4}$").fill_null(False)
            & pl.col("dd").cast(pl.Int32, strict=False).is_between(1, 31)
            & pl.col("mm").cast(pl.Int32, strict=False).is_between(1, 12)
        ).alias("short"),
        # before the period's start in the calendar: the next year's (a period from October to March)
        (pl.lit(start.year) + ((pl.col("mm") + pl.col("dd")) < f"{start.month:02d}{start.day:02d}").cast(pl.Int32))
        .cast(pl.String).alias("year"),
    )
    out = frame.select(
        pl.when("short").then(pl.concat_str("year", pl.lit("-"), "mm", pl.lit("-"), "dd")).otherwise("t")
    ).to_series()
    return out.alias(values.name), int(frame["short"].sum())
