"""Dates: ISO (with or without time), dd/mm/yyyy, dd.mm.yyyy, dd-mm-yy, d/m/yy, French and English
month names (``15 janvier 2024``, ``15-janv-24``, ``1er mars 2024``, ``Jan 15, 2024``), Excel serial
numbers and ``yyyymmdd``, read into ``pl.Date``.

Each column is parsed once per distinct value. A value that proves its order (a first part above 12
proves day-first, a second part above 12 month-first) is read in that order, whatever its
neighbours; a value that proves nothing (``03/04/2024``) follows its column: the majority of the
values that prove an order, else the forced order, else the default one (reported once). A column
whose values prove both orders is said once in a notice.

Dates of the Solar Hijri calendar that Iranian and Afghan systems write (``1402/05/12``, in Persian
digits too: ``۱۴۰۲/۰۵/۱۲``), years 1300 to 1499, are read as the Gregorian date they are, and said.

"No date" placeholders that ERPs write instead of an empty cell (``00/00/0000``, ``0000-00-00``,
``01/01/1753``, ``1900-01-01``, ``9999-12-31``, ``31/12/9999``) are read as empty.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cache

import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate._common import (
    DIRECTION_MARKS,
    INVISIBLE_EDGES,
    Context,
    ascii_digits,
    problem_frame,
    quoted,
)

FIELDS = ("due_date", "issue_date")
MIN_YEAR, MAX_YEAR = 1900, 2199
#: the years of a date read in the Solar Hijri calendar (1300 is 1921, 1499 is 2121)
SOLAR_HIJRI_YEARS = (1300, 1499)
#: a Solar Hijri date and the Gregorian one it is: the anchor of the day count below
_SOLAR_ANCHOR, _SOLAR_ANCHOR_DAY = (1402, 1, 1), date(2023, 3, 21)
#: Excel serial numbers accepted as dates: 1990-01-01 .. 2100-12-31 (day 0 is 1899-12-30, which
#: absorbs Excel's fictitious 1900-02-29 for every serial past 60)
SERIAL_MIN, SERIAL_MAX = 32874, 73415
EXCEL_EPOCH = date(1899, 12, 30)

_TIME = r"(?:(?:[ t]|\s+a\s+|\s+)\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2}|[ap]\.?m\.?)?)?"
_WEEKDAY = r"(?:[a-z]+\.?,?\s+)?"
PATTERNS = {
    "iso": rf"^(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}$",
    "num": rf"^(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})[-/.](?P<y>\d{{4}}|\d{{2}}){_TIME}$",
    # (Spanish and Portuguese write "de" between the parts: "25 de octubre del 2016", "5 de março de 2024")
    "dmy": rf"^{_WEEKDAY}(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?[\s\-./]*(?:de\s+)?(?P<mon>[a-z]+)\.?[\s\-./,]*"
           rf"(?:(?:de|del|do)\s+)?(?P<y>\d{{4}}|\d{{2}}){_TIME}$",
    "mdy": rf"^{_WEEKDAY}(?P<mon>[a-z]+)\.?[\s\-./]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-./]+(?P<y>\d{{4}}){_TIME}$",
    "serial": r"^(?P<n>\d{5})(?:\.\d+)?$",
    # yyyymmdd, also as a float a script wrote it ("20200704.0": pandas, SQL numeric dates)
    "compact": r"^(?P<y>(?:19|20|21)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:\.0+)?$",
    # ddmmyyyy, as DATEV, EBP and Sage write dates in their exports ("01092007"); never a yyyymmdd
    # date as well (its first two digits would be a day of 19 to 21, its year a month)
    "compact_dmy": r"^(?P<d>0[1-9]|[12]\d|3[01])(?P<m>0[1-9]|1[0-2])(?P<y>(?:19|20)\d{2})$",
    # a .NET JSON date (ASP.NET, WCF, Dynamics, Unleashed): milliseconds since 1970-01-01 UTC and
    # the writer's offset, read in the writer's time zone ("/Date(1645829571576+0100)/")
    "json": r"^/date\((?P<ms>-?\d{1,15})(?P<tz>[+-]\d{4})?\)/$",
}

MONTHS: dict[str, int] = {
    # French
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "aou": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "febr": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # Spanish ("25 de octubre de 2016", "01/ENERO/2020", "12-ene-2024")
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "set": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "dic": 12,
    # Portuguese ("5 de março de 2024", "10-out-2025")
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "out": 10, "novembro": 11, "dezembro": 12, "dez": 12,
    # Italian, German and Dutch
    "gennaio": 1, "gen": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7,
    "lug": 7, "settembre": 9, "ottobre": 10, "ott": 10, "dicembre": 12,
    "januar": 1, "februar": 2, "marz": 3, "mrz": 3, "juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12,
    "januari": 1, "februari": 2, "maart": 3, "mrt": 3, "mei": 5, "augustus": 8,
}

#: "no date" written as a date ERPs use for none (SQL Server's smallest datetime, the first day
#: of the years read, the last day of the calendar, .NET's and Java's smallest date, the day zero of
#: OLE Automation, Access and Delphi, and of a spreadsheet's serial 0 as libraries convert it)
SENTINEL_DATES = (date(1753, 1, 1), date(1900, 1, 1), date(9999, 12, 31), date(1, 1, 1), date(1899, 12, 30), date(1899, 12, 31))
#: a year no date of a debt is in: any day of it is "never" ("9999-09-09" for an invoice not paid)
SENTINEL_YEAR = 9999
#: the first day of a year before this one is "no date" too (a tax register's 01/01/1000 for a debt not
#: yet entered); the Solar Hijri calendar's years (1400-01-01 is Nowruz 2021) are after it
SENTINEL_NEW_YEAR_BEFORE = 1200
#: "no date" written as zeros: 00/00/0000, 0000-00-00, 00.00.00
#: "no date": a date of zeros ("00/00/0000") or a dash alone ("-", "--"), as a spreadsheet shows an
#: empty date
_ZERO_DATE = r"^0{1,4}[-/.]0{1,2}[-/.]0{1,4}(?:[ t].*)?$|^\s*[-–—]{1,3}\s*$"

_ORDER_TEXT = {"day": "day/month/year (dd/mm/yyyy)", "month": "month/day/year (mm/dd/yyyy)"}


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int32, strict=False)


def _days_in_month(y: pl.Expr, m: pl.Expr) -> pl.Expr:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    return (
        pl.when(m == 2).then(pl.when(leap).then(29).otherwise(28))
        .when((m == 4) | (m == 6) | (m == 9) | (m == 11)).then(30)
        .otherwise(31)
    )


def _between(expr: pl.Expr, low: int, high: int) -> pl.Expr:
    return (expr >= low) & (expr <= high)


_A, _B = _int(pl.col("num").struct.field("a")), _int(pl.col("num").struct.field("b"))
_IS_NUM = pl.col("num").struct.field("a").is_not_null()
#: what each value proves about the order of its day and month
#: a date written with dots ("08.09.2021"): day first, as the countries that write dates so write them
_DOTTED = pl.col("num").struct.field("sep") == "."
_PROOFS = (
    (_IS_NUM & ((_A > 12) & (_B <= 12) | _DOTTED & (_A <= 12) & (_B <= 12) & (_A != _B))).fill_null(False).alias("day_proof"),
    (_IS_NUM & (_B > 12) & (_A <= 12)).fill_null(False).alias("month_proof"),
    (_IS_NUM & (_A <= 12) & (_B <= 12) & (_A != _B) & ~_DOTTED).fill_null(False).alias("ambiguous"),
)


#: a year written with two digits from this one on is of the 1900s ("02-Feb-99": 1999), below it of
#: the 2000s, as POSIX reads them
TWO_DIGIT_PIVOT = 69


def _full_year(text: pl.Expr) -> pl.Expr:
    """A year as written, with its century when it is written with two digits."""
    year = _int(text)
    century = pl.when(year >= TWO_DIGIT_PIVOT).then(1900).otherwise(2000)
    return year + pl.when(text.str.len_chars() == 2).then(century).otherwise(0)


@cache
def _extracts() -> tuple[pl.Expr, ...]:
    return tuple(pl.col("k").str.extract_groups(pattern).alias(kind) for kind, pattern in PATTERNS.items())


@cache
def _reading(order: str) -> tuple[tuple[pl.Expr, ...], tuple[pl.Expr, ...]]:
    """The expressions that read each value's year, month and day (and serial number), then its
    date and status, the column's order being ``order``: built once per order."""
    a, b, is_num = _A, _B, _IS_NUM
    dmy_mon = pl.col("dmy").struct.field("mon").replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    mdy_mon = pl.col("mdy").struct.field("mon").replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    num_y = _full_year(pl.col("num").struct.field("y"))
    dmy_y = _full_year(pl.col("dmy").struct.field("y"))
    column_first, column_second = (b, a) if order == "month" else (a, b)
    first = pl.when(pl.col("day_proof")).then(a).when(pl.col("month_proof")).then(b).otherwise(column_first)
    second = pl.when(pl.col("day_proof")).then(b).when(pl.col("month_proof")).then(a).otherwise(column_second)
    iso = pl.col("iso").struct.field("y").is_not_null()
    compact = pl.col("compact").struct.field("y").is_not_null()
    compact_dmy = pl.col("compact_dmy").struct.field("y").is_not_null()
    json_date = _json_date()
    json = json_date.is_not_null()
    y = (
        pl.when(iso).then(_int(pl.col("iso").struct.field("y")))
        .when(is_num).then(num_y)
        .when(dmy_mon.is_not_null()).then(dmy_y)
        .when(mdy_mon.is_not_null()).then(_int(pl.col("mdy").struct.field("y")))
        .when(compact_dmy).then(_int(pl.col("compact_dmy").struct.field("y")))
        .when(compact).then(_int(pl.col("compact").struct.field("y")))
        .when(json).then(json_date.dt.year())
    )
    m = (
        pl.when(iso).then(_int(pl.col("iso").struct.field("m")))
        .when(is_num).then(second)
        .when(dmy_mon.is_not_null()).then(dmy_mon)
        .when(mdy_mon.is_not_null()).then(mdy_mon)
        .when(compact_dmy).then(_int(pl.col("compact_dmy").struct.field("m")))
        .when(compact).then(_int(pl.col("compact").struct.field("m")))
        .when(json).then(json_date.dt.month())
    )
    d = (
        pl.when(iso).then(_int(pl.col("iso").struct.field("d")))
        .when(is_num).then(first)
        .when(dmy_mon.is_not_null()).then(_int(pl.col("dmy").struct.field("d")))
        .when(mdy_mon.is_not_null()).then(_int(pl.col("mdy").struct.field("d")))
        .when(compact_dmy).then(_int(pl.col("compact_dmy").struct.field("d")))
        .when(compact).then(_int(pl.col("compact").struct.field("d")))
        .when(json).then(json_date.dt.day())
    )
    serial = _int(pl.col("serial").struct.field("n"))
    parts = (y.alias("y"), m.alias("m"), d.alias("d"), serial.alias("serial_n"))
    cy, cm, cd = pl.col("y"), pl.col("m"), pl.col("d")
    possible = (
        _between(cy, MIN_YEAR, MAX_YEAR) & _between(cm, 1, 12) & (cd >= 1) & (cd <= _days_in_month(cy, cm))
    ).fill_null(False)
    serial_ok = _between(pl.col("serial_n"), SERIAL_MIN, SERIAL_MAX).fill_null(False)
    sentinel = (
        pl.col("k").str.contains(_ZERO_DATE)
        | pl.any_horizontal([(cy == d.year) & (cm == d.month) & (cd == d.day) for d in SENTINEL_DATES])
        | (cy == SENTINEL_YEAR)
        | ((cy < SENTINEL_NEW_YEAR_BEFORE) & (cm == 1) & (cd == 1))
    ).fill_null(False)
    solar, solar_date = _solar_hijri()
    flags = (possible.alias("__possible__"), serial_ok.alias("__serial_ok__"), sentinel.alias("__sentinel__"),
             solar.alias("__solar__"), solar_date.alias("__solar_date__"))
    possible, serial_ok, sentinel = pl.col("__possible__"), pl.col("__serial_ok__"), pl.col("__sentinel__")
    solar, solar_date = pl.col("__solar__"), pl.col("__solar_date__")
    built = pl.date(
        pl.when(possible).then(cy).otherwise(2000),
        pl.when(possible).then(cm).otherwise(1),
        pl.when(possible).then(cd).otherwise(1),
    )
    from_serial = pl.lit(EXCEL_EPOCH) + pl.duration(days=pl.when(serial_ok).then(pl.col("serial_n")).otherwise(0))
    contradicts = pl.col("month_proof") if order == "day" else pl.col("day_proof")
    verdict = (
        pl.when(sentinel).then(None).when(solar).then(solar_date)
        .when(possible).then(built).when(serial_ok).then(from_serial).otherwise(None).cast(pl.Date).alias("date"),
        pl.when(sentinel).then(pl.lit("sentinel")).when(solar).then(pl.lit("solar_hijri"))
        .when(possible | serial_ok).then(pl.when(contradicts).then(pl.lit("own_order")).otherwise(pl.lit("ok")))
        .when(cy.is_not_null() | pl.col("serial_n").is_not_null()).then(pl.lit("impossible"))
        .otherwise(pl.lit("unreadable")).alias("status"),
    )
    return (*parts, *flags), verdict


def _solar_days(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """A day count of Solar Hijri dates (the arithmetic 33-year cycle of leap years, exact for the
    years read), whose differences are days."""
    year = y.cast(pl.Int64) + 1595
    days = 365 * year + (year // 33) * 8 + ((year % 33) + 3) // 4 + d.cast(pl.Int64)
    return days + pl.when(m < 7).then((m.cast(pl.Int64) - 1) * 31).otherwise((m.cast(pl.Int64) - 7) * 30 + 186)


def _solar_hijri() -> tuple[pl.Expr, pl.Expr]:
    """Whether each ``iso`` value is a Solar Hijri date (a year of ``SOLAR_HIJRI_YEARS``, a month and
    a day it has), and the Gregorian date it is."""
    iso = pl.col("iso")
    y, m, d = (_int(iso.struct.field(p)) for p in ("y", "m", "d"))
    in_years = _between(y, *SOLAR_HIJRI_YEARS)
    year_days = _solar_days(y + 1, pl.lit(1), pl.lit(1)) - _solar_days(y, pl.lit(1), pl.lit(1))
    last = pl.when(m <= 6).then(31).when(m <= 11).then(30).otherwise(year_days - 336)
    valid = (in_years & _between(m, 1, 12) & (d >= 1) & (d <= last)).fill_null(False)
    anchor = _solar_days(*(pl.lit(v) for v in _SOLAR_ANCHOR))
    day = pl.lit(_SOLAR_ANCHOR_DAY) + pl.duration(days=pl.when(valid).then(_solar_days(y, m, d) - anchor).otherwise(0))
    return valid, day


def _json_date() -> pl.Expr:
    """The date of a .NET JSON date (``json``), in the offset it is written with (UTC without)."""
    ms = pl.col("json").struct.field("ms").cast(pl.Int64, strict=False)
    tz = pl.col("json").struct.field("tz")
    minutes = tz.str.slice(1, 2).cast(pl.Int64, strict=False) * 60 + tz.str.slice(3, 2).cast(pl.Int64, strict=False)
    offset = pl.when(tz.str.starts_with("-")).then(-minutes).otherwise(minutes).fill_null(0) * 60_000
    # beyond the years read, the value is left unread rather than overflowing the conversion
    plausible = ms.is_between(-(2**53), 2**53)
    return pl.when(plausible).then(pl.from_epoch(ms + offset, time_unit="ms")).dt.date()


#: a plain ISO date (``2024-01-15``), what systems and the API's clients send (of the Gregorian years)
_PLAIN_ISO = r"^(?:19|2\d)\d{2}-\d{2}-\d{2}$"


@cache
def _plain_iso_verdict() -> tuple[pl.Expr, ...]:
    """The reading of a column whose every value is a plain ISO date: the same verdicts as the
    general reading (a sentinel is empty, a date that does not exist or falls outside the years
    accepted is impossible), without extracting every pattern."""
    parsed = pl.col("k").str.to_date("%Y-%m-%d", strict=False)
    sentinel = (
        pl.col("k").str.contains(_ZERO_DATE) | parsed.is_in(SENTINEL_DATES) | (parsed.dt.year() == SENTINEL_YEAR)
        | ((parsed.dt.year() < SENTINEL_NEW_YEAR_BEFORE) & (parsed.dt.month() == 1) & (parsed.dt.day() == 1))
    )
    possible = parsed.is_not_null() & _between(parsed.dt.year(), MIN_YEAR, MAX_YEAR)
    return (
        pl.when(sentinel | ~possible).then(None).otherwise(parsed).alias("date"),
        pl.when(sentinel).then(pl.lit("sentinel")).when(possible).then(pl.lit("ok"))
        .otherwise(pl.lit("impossible")).alias("status"),
        pl.lit(False).alias("ambiguous"),
    )


def _parse_distinct(
    values: pl.DataFrame, ctx: Context, fallback: str | None = None
) -> tuple[pl.DataFrame, str, bool, bool]:
    """``values``: distinct cells (first column) with their key ``k`` (lower case, accents removed),
    row counts ``n`` and first line ``first``. Returns them with ``date``, ``status`` and ``swap``,
    the order used, whether the column could not decide it and whether its values proved it. A
    column that cannot decide is read in the order asked, else ``fallback``, else the default."""
    if values["k"].str.contains(_PLAIN_ISO).all():  # no value proves an order
        parsed = values.lazy().with_columns(*_plain_iso_verdict()).select(
            values.columns[0], "date", "status", "ambiguous", "first", "n"
        ).collect(engine="in-memory")
        return parsed, ctx.options.date_order or ctx.options.default_date_order, False, False
    return _read_any(values, ctx, fallback)


def _read_any(values: pl.DataFrame, ctx: Context, fallback: str | None = None) -> tuple[pl.DataFrame, str, bool, bool]:
    """``_parse_distinct`` for values of any of the shapes read."""
    work, day_w, month_w = _proofs(values)
    undecided = day_w == month_w and (day_w > 0 or bool(work["ambiguous"].any()))
    if day_w != month_w:
        order = "day" if day_w > month_w else "month"
    else:
        order = ctx.options.date_order or fallback or ctx.options.default_date_order
    parts, verdict = _reading(order)
    parsed = work.lazy().with_columns(*parts[:4]).with_columns(*parts[4:]).with_columns(*verdict).select(
        values.columns[0], "date", "status", "ambiguous", "first", "n"
    ).collect(engine="in-memory")
    return parsed, order, undecided, day_w != month_w


#: the share of the rows with both dates whose due date one order puts before the invoice's date, for
#: the other order, which puts none so, to be taken
DUE_BEFORE_SHARE = 0.2


def _order_due_after_issue(
    frame: pl.DataFrame, read: dict[str, tuple[pl.DataFrame, pl.DataFrame, str, bool, bool]], ctx: Context,
) -> str | None:
    """When neither date column can tell day from month, the order (both read in it) in which no
    due date comes before its invoice's date, when the other puts many so: "03/10/2026" issued and
    "04/09/2026" due are the 10th of March and the 9th of April (an invoice due in 30 days), not
    the 3rd of October and the 4th of September. None when the headers' language writes day first,
    or the order was asked for."""
    if set(read) != set(FIELDS) or not all(read[f][3] for f in FIELDS) or ctx.options.date_order or not _month_first_possible(ctx):
        return None
    before: dict[str, int] = {}
    both = 0
    for order in ("day", "month"):
        dates = {}
        for field in FIELDS:
            parsed = _parse_distinct(read[field][0], ctx, order)[0]
            dates[field] = frame.select(field).join(parsed.select(field, "date"), on=field, how="left", maintain_order="left")["date"]
        compared = pl.DataFrame({"due": dates["due_date"], "issue": dates["issue_date"]}).drop_nulls()
        both = max(both, compared.height)
        before[order] = int((compared["due"] < compared["issue"]).sum())
    kept = [order for order, n in before.items() if n == 0]
    if len(kept) != 1 or not both:
        return None
    other = "month" if kept[0] == "day" else "day"
    return kept[0] if before[other] >= max(1, DUE_BEFORE_SHARE * both) else None


#: how many times longer than the other the period one reading spans must be for the other to be
#: taken: a week's dates 10/06 … 10/10 are six days of October, not the 10th of five months
SPAN_RATIO = 10


#: the languages of headers whose writers may write a date month first (the United States', the
#: Philippines'); under the others' headers ("vencimento", "Fälligkeit") dates are day first
MONTH_FIRST_LANGUAGES = frozenset({"en"})


def _month_first_possible(ctx: Context) -> bool:
    """Whether the file's headers are in no language, or in one whose writers may write month first."""
    languages = ctx.options.header_languages
    return not languages or bool(MONTH_FIRST_LANGUAGES & set(languages))


def _shorter_span(distinct: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, str, tuple[str, str]] | None:
    """A column that cannot tell day from month, read in the order that puts its dates within a
    far shorter period than the other does (and reads as many of them), with both periods said."""
    readings = {order: _read_any(distinct, ctx, order)[0] for order in ("day", "month")}
    spans: dict[str, int] = {}
    for order, parsed in readings.items():
        span = parsed.select((pl.col("date").max() - pl.col("date").min()).dt.total_days()).item()
        if span is None:
            return None
        spans[order] = int(span)
    short, long = sorted(spans, key=spans.__getitem__)
    if spans[long] < SPAN_RATIO * max(spans[short], 1) or (
        readings[short]["date"].null_count() > readings[long]["date"].null_count()
    ):
        return None
    return readings[short], short, (_period(spans[short]), _period(spans[long]))


def _period(days: int) -> str:
    """"6 days", "4 months", "2 years"."""
    for size, unit in ((365, "year"), (30, "month"), (1, "day")):
        if days >= size or unit == "day":
            n = max(1, round(days / size))
            return f"{n} {unit}{'s' if n > 1 else ''}"
    return f"{days} days"


def proven_order(values: pl.Series) -> str | None:
    """The order ("day" or "month") a column of dates proves by its values (a day above 12), None
    when it proves none or both."""
    distinct = pl.DataFrame({"v": values.cast(pl.String)}).lazy().filter(pl.col("v").is_not_null()).group_by("v").agg(
        pl.len().alias("n")
    ).with_columns(_key(pl.col("v")).alias("k")).filter(pl.col("k").is_not_null()).collect(engine="in-memory")
    if not distinct.height:
        return None
    _, day_w, month_w = _proofs(distinct)
    return None if day_w == month_w else "day" if day_w > month_w else "month"


def _proofs(values: pl.DataFrame) -> tuple[pl.DataFrame, int, int]:
    """Distinct values (key ``k``, row counts ``n``) with their parts and proofs, and how many rows
    prove day first and month first."""
    work = values.lazy().with_columns(*_extracts()).with_columns(*_PROOFS).collect(engine="in-memory")
    return work, int(work["n"].filter(work["day_proof"]).sum()), int(work["n"].filter(work["month_proof"]).sum())


def _key(expr: pl.Expr) -> pl.Expr:
    lowered = expr.str.strip_chars(INVISIBLE_EDGES).str.to_lowercase()
    plain = pl.when(lowered.str.contains(r"[^\x00-\x7f]")).then(
        # year, month and day marked as Japanese, Chinese and Korean write them ("2025年7月22日")
        # (and the direction marks a right-to-left export writes after each number: "٣١‏/١‏/٢٠٢٦")
        ascii_digits(lowered).str.replace_all(DIRECTION_MARKS, "")
        .str.replace(_CJK_DATE, "${1}-${2}-${3}")
        .str.normalize("NFKD").str.replace_all(r"\p{M}", "")
    ).otherwise(lowered)
    spaced = (plain.str.replace_all(r"\s+", " ").str.replace(_JS_ZONE, " $1").str.replace(_ZONE_NAMED, "$1")
              .str.replace(_DOTTED_DATE, "${1}.${2}.${3}${4}"))
    # a date written in a sentence's words: "le 15/01/2026", "am 15.01.2026", "on 15 Jan 2026"
    return pl.when(plain == "").then(None).otherwise(spaced.str.replace(_ARTICLE, "$1"))


#: a date whose parts each end with a dot, a space after it ("2026. 11. 10.", Hungary's way; "10. 11.
#: 2026." in Croatia, Serbia, Czechia): its dots alone kept ("2026.11.10", "10.11.2026")
_DOTTED_DATE = r"^(\d{1,4})\. ?(\d{1,2})\. ?(\d{1,4})\.?( |$)"
#: a date written with the characters of its year, month and day ("2025年7月22日", "2025년 7월 22일")
_CJK_DATE = r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?"


#: the zone a JavaScript date written as text ends with ("Tue Dec 31 2024 00:00:00 GMT+0300
#: (Arabian Standard Time)"): its offset alone is kept
_JS_ZONE = r" (?:gmt|utc)([+-]\d{4})(?: \([^)]*\))?$"


#: a time's zone written by its name alone after it ("2017-05-18 00:00:00 UTC": BigQuery's exports)
_ZONE_NAMED = r"(\d) (?:utc|gmt)$"


#: the word before a date written as in a sentence, in the five languages
_ARTICLE = r"^(?:le|au|du|am|vom|el|del|il|on) (\d)"


def read_dates(issue: pl.Series, due: pl.Series | None = None) -> tuple[pl.Series, pl.Series]:
    """Values read as dates the way the validation reads an invoice's issue and due dates (their
    shapes, month names, the order one column proves for the other, "no date" placeholders as null),
    for the layout's own uses: a snapshot's date, cancellation dates, two columns of dates without
    a header. Null where a value is no date."""
    from getbill_import.validate import ValidationOptions

    due = due if due is not None else pl.repeat(None, issue.len(), dtype=pl.String, eager=True).alias("")
    frame = pl.DataFrame({LINE: range(issue.len()), "issue_date": issue.cast(pl.String), "due_date": due.cast(pl.String)})
    typed, _, _ = validate_dates(frame, Context({"issue_date": "issue_date", "due_date": "due_date"}, None, ValidationOptions()))
    return typed["issue_date"], typed["due_date"]


def validate_dates(frame: pl.DataFrame, ctx: Context) -> tuple[dict[str, pl.Series], list[pl.DataFrame], list[str]]:
    """Typed ``due_date`` / ``issue_date`` columns, their problems and notices about how they were read."""
    typed: dict[str, pl.Series] = {}
    problems: list[pl.DataFrame] = []
    notices: list[str] = []
    read: dict[str, tuple[pl.DataFrame, pl.DataFrame, str, bool, bool]] = {}
    frame = _first_of_several_dates(frame, ctx, problems)
    for field in FIELDS:
        if frame[field].null_count() == frame.height:
            typed[field] = pl.repeat(None, frame.height, dtype=pl.Date, eager=True).alias(field)
            continue
        distinct = (
            frame.lazy().select(LINE, field).filter(pl.col(field).is_not_null())
            .group_by(field).agg(pl.len().alias("n"), pl.col(LINE).min().alias("first"))
            .with_columns(_key(pl.col(field)).alias("k"))
            .filter(pl.col("k").is_not_null())
        ).collect(engine="in-memory")
        parsed, order, undecided, proven = _parse_distinct(distinct, ctx)
        read[field] = (distinct, parsed, order, undecided, proven)
    # a column that cannot tell is read in the order the other date column proves ("Date" of
    # 01/05/2025 beside "Due Date" of 01/25/2025: month first)
    proofs = {read[f][2] for f in read if read[f][4]}
    sibling = next(iter(proofs)) if len(proofs) == 1 and not ctx.options.date_order else None
    # the whole column proves its order as its kept rows would (a value proving one is read so,
    # whatever --date-order asks for the ambiguous ones)
    whole = dict(ctx.options.column_orders)
    written = dict(ctx.options.header_orders)
    paired = _order_due_after_issue(frame, read, ctx) if sibling is None and not whole else None
    for field, (distinct, parsed, order, undecided, _) in read.items():
        if undecided and (field in whole or field in written):
            unforced = Context(ctx.columns, ctx.sheet, replace(ctx.options, date_order=None))
            parsed, order, _, _ = _parse_distinct(distinct, unforced, whole.get(field) or written[field])
            notices.append(
                f"Dates of column '{ctx.column(field) or field}' could be day/month or month/day on the rows kept; "
                f"they were read as {_ORDER_TEXT[order]}, as the column's rows left out show." if field in whole else
                f"Dates of column '{ctx.column(field) or field}' could be day/month or month/day; they were read as "
                f"{_ORDER_TEXT[order]}, as its header writes them."
            )
            undecided = False
        elif undecided and sibling is not None:
            parsed, order, _, _ = _parse_distinct(distinct, ctx, sibling)
            other = next(ctx.column(f) or f for f in read if f != field)
            notices.append(
                f"Dates of column '{ctx.column(field) or field}' could be day/month or month/day and none of them "
                f"tells; they were read as {_ORDER_TEXT[order]}, as column '{other}' shows."
            )
            undecided = False
        elif undecided and paired is not None:
            parsed, order, _, _ = _parse_distinct(distinct, ctx, paired)
            notices.append(
                f"Dates of column '{ctx.column(field) or field}' could be day/month or month/day and none of them "
                f"tells; they were read as {_ORDER_TEXT[order]}, the only order in which no due date comes before "
                "its invoice's date (use --date-order to change it)."
            )
            undecided = False
        elif (undecided and sibling is None and not ctx.options.date_order and _month_first_possible(ctx)
              and (shorter := _shorter_span(distinct, ctx))):
            parsed, order, spans = shorter
            notices.append(
                f"Dates of column '{ctx.column(field) or field}' could be day/month or month/day and none of them "
                f"tells; they were read as {_ORDER_TEXT[order]}, which puts them within {spans[0]} rather than "
                f"{spans[1]} (use --date-order to change it)."
            )
            undecided = False
        rows = frame.select(LINE, field).join(parsed, on=field, how="left", maintain_order="left")
        typed[field] = rows["date"].alias(field)
        problems.extend(_problems(rows, field, order, ctx))
        notices.extend(_column_notices(parsed, field, order, ctx))
        if undecided:
            concerned = parsed.filter("ambiguous")
            first_line = int((concerned if concerned.height else parsed)["first"].min())  # type: ignore[arg-type]
            column = ctx.column(field) or field
            how = "as asked" if ctx.options.date_order else "by default; use --date-order to change it"
            message = (
                f"Dates of column '{column}' could be day/month or month/day and none of them tells; "
                f"they were read as {_ORDER_TEXT[order]} ({how})."
            )
            notices.append(message)
            problems.append(problem_frame(
                rows.filter(pl.col(LINE) == first_line).head(1), ctx, field=field,
                code="ambiguous-date-format", message=message,
            ))
    problems.extend(_due_before_issue(frame, typed, ctx))
    problems.extend(_issued_ahead(frame, typed, ctx))
    return typed, problems, notices


#: a whole date within a cell's text ("22/02/2026", "2026-07-04")
_DATE_IN_TEXT = r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
#: what a cell of several dates writes besides them: brackets, dashes, commas, "and"
_BETWEEN_DATES = r"^[\s\[\](){}\-–—,;/|&+.]*$"
_DATE_JOINS = r"(?i)\b(?:y|and|et|und|e|o|or|ou)\b"


def _first_of_several_dates(frame: pl.DataFrame, ctx: Context, problems: list[pl.DataFrame]) -> pl.DataFrame:
    """A date cell writing several whole dates and nothing else ("[22/02/2026 - 4/07/2026 - 6/03/2026]":
    a lawsuit's promissory notes) is read as its first, said (``multiple-dates``), rather than
    rejected as no date."""
    for field in FIELDS:
        text = pl.col(field).cast(pl.String)
        several = ((text.str.count_matches(_DATE_IN_TEXT) >= 2)
                   & text.str.replace_all(_DATE_IN_TEXT, "").str.replace_all(_DATE_JOINS, "").str.contains(_BETWEEN_DATES))
        # (each distinct cell read once: a million rows write a few thousand dates)
        if not frame.select(pl.col(field).unique()).select(several.fill_null(False).any()).item():
            continue
        rows = frame.select(LINE, field).filter(several.fill_null(False))
        first = text.str.extract(f"({_DATE_IN_TEXT})", 1)
        problems.append(problem_frame(
            rows.with_columns(first.alias("__first__")), ctx, field=field, code="multiple-dates",
            message=quoted(pl.col(field)) + pl.lit(" holds several dates: the first, ") + pl.col("__first__")
            + pl.lit(", is read."),
        ))
        frame = frame.with_columns(pl.when(several.fill_null(False)).then(first).otherwise(text).alias(field))
    return frame


#: the days after the run's day an invoice may be dated (one dated at its month's end, ahead)
ISSUED_AHEAD_DAYS = 31


def _issued_ahead(frame: pl.DataFrame, typed: dict[str, pl.Series], ctx: Context) -> list[pl.DataFrame]:
    """An issue date more than ``ISSUED_AHEAD_DAYS`` after the run's day: a year mistyped ("2030"
    for "2020"), or an invoice not yet issued; said, the row kept."""
    today = ctx.options.today
    if today is None or "issue_date" not in frame.columns or typed["issue_date"].null_count() == frame.height:
        return []
    ahead = frame.select(LINE, "issue_date").with_columns(typed["issue_date"].alias("__issue__")).filter(
        pl.col("__issue__") > today + timedelta(days=ISSUED_AHEAD_DAYS))
    return [problem_frame(
        ahead, ctx, field="issue_date", code="issue-date-ahead",
        message=pl.lit("The issue date ") + quoted(pl.col("issue_date").str.strip_chars())
        + pl.lit(f" is more than {ISSUED_AHEAD_DAYS} days after today ({today.isoformat()}): a year mistyped, or an "
                 "invoice not yet issued?"),
    )] if ahead.height else []


def _problems(rows: pl.DataFrame, field: str, order: str, ctx: Context) -> list[pl.DataFrame]:
    out: list[pl.DataFrame] = []
    for status, message in (("unreadable", " is not a date."), ("impossible", " is not a real date.")):
        if (rows["status"] == status).any():
            out.append(problem_frame(rows.filter(pl.col("status") == status), ctx, field=field, code="invalid-date",
                                     message=quoted(pl.col(field)) + pl.lit(message)))
    return out


def _column_notices(parsed: pl.DataFrame, field: str, order: str, ctx: Context) -> list[str]:
    """What the column's values said about themselves: dates in the other order, placeholders."""
    column = ctx.column(field) or field
    out = []
    own = int(parsed["n"].filter(parsed["status"] == "own_order").sum())
    if own:
        other = "month" if order == "day" else "day"
        out.append(
            f"Dates of column '{column}' mix orders: {own:,} are written {other} first (their values prove it) "
            f"among dates written {_ORDER_TEXT[order]}; each was read as written."
        )
    solar = parsed.filter(pl.col("status") == "solar_hijri")
    if solar.height:
        first = solar.sort("first").row(0, named=True)
        out.append(
            f"{int(solar['n'].sum()):,} date(s) of column '{column}' are written in the Solar Hijri calendar: read as "
            f"the Gregorian dates they are ('{first[parsed.columns[0]]}' is {first['date']:%Y-%m-%d})."
        )
    if (parsed["status"] == "sentinel").any():
        empty = parsed.filter(pl.col("status") == "sentinel")
        shown = ", ".join(f"'{v}'" for v in sorted(empty[parsed.columns[0]].to_list())[:3])
        out.append(
            f"{int(empty['n'].sum()):,} date(s) of column '{column}' ({shown}) are 'no date' placeholders: read as empty."
        )
    return out


def _due_before_issue(frame: pl.DataFrame, typed: dict[str, pl.Series], ctx: Context) -> list[pl.DataFrame]:
    if typed["due_date"].null_count() == frame.height or typed["issue_date"].null_count() == frame.height:
        return []
    both = frame.select(LINE, "due_date").with_columns(
        typed["due_date"].alias("__due__"), typed["issue_date"].alias("__issue__"),
        frame["issue_date"].alias("__issue_text__"),
    ).filter(pl.col("__due__") < pl.col("__issue__"))
    return [problem_frame(
        both, ctx, field="due_date", code="due-before-issue",
        message=pl.lit("The due date ") + quoted(pl.col("due_date")) + pl.lit(" is before the issue date ")
        + quoted(pl.col("__issue_text__").str.strip_chars()) + pl.lit("."),
    )]
