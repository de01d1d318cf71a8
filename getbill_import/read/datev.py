"""DATEV's EXTF files (Buchungsstapel, Debitoren/Kreditoren): the header line above the column
names, and the dates its booking batches write without their year.

The first line of an EXTF file describes the batch: ``"EXTF";700;21;"Buchungsstapel";12;…``. Its
13th to 16th fields are the start of the financial year, the length of the general ledger accounts
(personal accounts have one digit more) and the period the batch covers (``Datum vom``, ``Datum
bis``, yyyymmdd). A booking's ``Belegdatum`` is written TTMM: its year is the one that puts it in
that period; its ``Fälligkeit`` is written TTMMJJJJ. Pure: text in, values out.
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


def complete_dates(values: pl.Series, header: ExtfHeader) -> tuple[pl.Series, int]:
    """``values`` with DATEV's dates written ``yyyy-mm-dd``: TTMM (``1403``, ``103``: Belegdatum)
    given the year that puts it in the batch's period (the period's first year, or the next one
    for a period over the year's end), and TTMMJJJJ (``14042021``: Fälligkeit, Leistungsdatum);
    and how many were rewritten. Other values are left as they are; a day no month has (``3102``)
    becomes an impossible date, which the validation refuses."""
    start = header.period_from
    text = pl.col("t")
    frame = pl.DataFrame({"t": values.cast(pl.String).str.strip_chars()}).with_columns(
        pl.when(text.str.contains(r"^[0-9]{7,8}$")).then(text.str.zfill(8)).otherwise(text.str.zfill(4)).alias("p"),
    ).with_columns(
        pl.col("p").str.slice(0, 2).alias("dd"), pl.col("p").str.slice(2, 2).alias("mm"),
        pl.col("p").str.slice(4, 4).alias("yyyy"),
    ).with_columns(
        (
            text.str.contains(r"^(?:[0-9]{3,4}|[0-9]{7,8})$").fill_null(False)
            & pl.col("dd").cast(pl.Int32, strict=False).is_between(1, 31)
            & pl.col("mm").cast(pl.Int32, strict=False).is_between(1, 12)
            & ((pl.col("yyyy") == "") | pl.col("yyyy").cast(pl.Int32, strict=False).is_between(1900, 2099))
        ).alias("dated"),
        # before the period's start in the calendar: the next year's (a period from October to March)
        pl.when(pl.col("yyyy") != "").then(pl.col("yyyy")).otherwise(
            (pl.lit(start.year) + ((pl.col("mm") + pl.col("dd")) < f"{start.month:02d}{start.day:02d}").cast(pl.Int32))
            .cast(pl.String)
        ).alias("year"),
    )
    out = frame.select(
        pl.when("dated").then(pl.concat_str("year", pl.lit("-"), "mm", pl.lit("-"), "dd")).otherwise("t")
    ).to_series()
    return out.alias(values.name), int(frame["dated"].sum())
