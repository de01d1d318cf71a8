"""Phone numbers to E.164 with phonenumbers (through the vectorised fast path for the common
shapes), read in the row's country when the file has one, else in the default region. Every distinct
(number, region) pair is checked once and the verdicts joined back to the rows."""

from __future__ import annotations

import functools
from typing import Any

import phonenumbers
import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate._common import (
    INVISIBLE_EDGES,
    PHONE_LABEL,
    Context,
    problem_frame,
    quoted,
)
from getbill_import.validate._distinct import Distinct, rows_with_details, scatter_where
from getbill_import.validate._library import Verdict, check_phones
from getbill_import.validate._pool import CheckPool, Pending
from getbill_import.validate.phone_fast import fast_phones

FIELD = "debtor.phone"
#: whitespace phonenumbers does not take for a separator, the ".0" of a number stored as a number, and
#: an area code left empty as "0" before a whole number ("0     -03815225232")
_UNUSUAL = r"[^\S ]|  |^\+?[0-9]+\.0$|^0\s*-\s*0"
#: an empty area code written "0" before a number that has its own: read as "00…", an international
#: prefix, it would call another country (0 - 0381… is Tucumán's 0381, not Serbia's +381)
_EMPTY_AREA = r"^0\s*-\s*(0[1-9])"


def normalise_phones(values: pl.Series) -> pl.Series:
    """Any whitespace as one plain space, the ``.0`` a spreadsheet adds to a number stored as a
    number (``612345678.0``) and an empty area code before a whole number (``0 -0381…``) removed.
    Applied only to the few values that need it."""
    def fix(subset: pl.Series) -> pl.Series:
        return (subset.str.replace_all(r"\s+", " ").str.strip_chars().str.replace(r"^(\+?[0-9]+)\.0$", "$1")
                .str.replace(_EMPTY_AREA, "$1"))

    return scatter_where(values, values.str.contains(_UNUSUAL), fix)


def phone_regions(countries: pl.Series, default_region: str) -> pl.Series:
    """The region to read each row's number in: its country when phonenumbers knows it."""
    supported = sorted(phonenumbers.SUPPORTED_REGIONS)
    return (
        pl.DataFrame({"c": countries})
        .select(pl.when(pl.col("c").is_in(supported)).then(pl.col("c")).otherwise(pl.lit(default_region.upper())).alias("region"))
        .to_series()
    )


#: a word in brackets after the number ("(portable)", "(bureau)", "(mobile)")
_ANNOTATION = r"\s*\([^()0-9]*\)\s*$"
#: a run of the characters a number is written with, from its first digit (or "+") to its last
_NUMBER_RUN = r"\+?[0-9][0-9 .\-()]*[0-9]"
#: digits a run needs to be a phone number of its own, not a piece of one ("06/12/34/56/78")
_OWN_DIGITS = 8
#: what stands between two numbers in one cell ("06 12 34 56 78 / 01 23 45 67 89", "… ou …"), and
#: the value marks of a Temenos T24 export ("58228166ý50234409")
_BETWEEN = r"[0-9].*(?:[/;,|ýþ]|\s(?:ou|or|oder|o|y|et|and|und)\s).*[0-9]"


def check_numbers(values: pl.DataFrame) -> pl.DataFrame:
    """``values`` (v, region) with n (the number as checked: the first of several, without a word
    in brackets after it), multi (the cell holds several), e164 and reason from the fast path."""
    n = normalise_phones(values["v"])
    n = scatter_where(n, n.str.ends_with(")"), lambda subset: subset.str.replace(_ANNOTATION, ""))
    n = scatter_where(n, n.str.contains(r"^[^\d+(]"), lambda subset: subset.str.replace(PHONE_LABEL, ""))
    multi = pl.repeat(False, n.len(), dtype=pl.Boolean, eager=True).alias("")
    # two numbers take two runs of eight digits and what stands between them: the long cells alone
    # are searched
    long = (n.str.len_bytes() >= 2 * _OWN_DIGITS + 1).fill_null(False).arg_true()
    several = multi.clone().scatter(long, n.gather(long).str.contains(_BETWEEN).fill_null(False))
    if several.any():
        rows = several.arg_true()
        runs = n.gather(rows).str.extract_all(_NUMBER_RUN).list.eval(
            pl.element().filter(pl.element().str.count_matches(r"[0-9]") >= _OWN_DIGITS)
        )
        found = (runs.list.len() >= 2).fill_null(False)
        multi = multi.scatter(rows, found)
        n = n.scatter(rows, pl.select(pl.when(found).then(runs.list.first()).otherwise(n.gather(rows))).to_series())
    normal = values.with_columns(n.alias("n"), multi.alias("multi"))
    fast = fast_phones(normal.select(pl.col("n").alias("v"), "region"))
    # a number typed to fill a required cell ("1234567890", "0000000000") reaches no one
    filler = pl.DataFrame({"n": n}).select(filler_phone(pl.col("n"))).to_series()
    e164 = pl.select(pl.when(filler).then(None).otherwise(fast["e164"])).to_series().alias("e164")
    reason = pl.select(pl.when(filler).then(pl.lit(_FILLER_SAID)).otherwise(fast["reason"])).to_series().alias("reason")
    return normal.with_columns(e164, reason)


def filler_phone(text: pl.Expr) -> pl.Expr:
    """Whether each phone as written is a number typed to fill a required cell ("1234567890",
    "00000000"): it reaches no one."""
    return text.str.replace_all(r"\D", "").str.contains(_FILLER_DIGITS).fill_null(False)


#: digits counted up or down from the first ("12345678901", "98765432"), eight at least: the
#: numbers typed to fill a cell ("1234567890", "0987654321"), not anyone's
_RUNS = ("01234567890123456789", "12345678901234567890", "98765432109876543210", "09876543210987654321")
#: those, or one digit written again and again ("0000000000", "9999999999"): one pattern, the
#: digits read once
_FILLER_DIGITS = "^(?:" + "|".join(
    [f"{d}{{6,}}" for d in "0123456789"] + sorted({run[:n] for run in _RUNS for n in range(8, len(run) + 1)})
) + ")$"
_FILLER_SAID = "a placeholder typed to fill the cell, not a number"


def _library_verdicts(checked: pl.DataFrame, results: list[Verdict]) -> pl.DataFrame:
    unsettled = checked["e164"].is_null() & checked["reason"].is_null()
    e164 = checked["e164"].clone()
    reason = checked["reason"].clone()
    if results:
        indices = unsettled.arg_true()
        e164 = e164.scatter(indices, pl.Series([r[0] for r in results], dtype=pl.String))
        reason = reason.scatter(indices, pl.Series([r[1] for r in results], dtype=pl.String))
    return _country_code_without_plus(checked.with_columns(e164.alias("e164"), reason.alias("reason")))


#: digits alone, a country code first: an international number written without its "+"
WITHOUT_PLUS = r"^[1-9][0-9]{10,14}$"


def _country_code_without_plus(checked: pl.DataFrame) -> pl.DataFrame:
    """A number invalid in its row's region, of eleven digits or more with no "+" nor a leading 0,
    that is valid once read as international ("33618376107" for a client in the United Kingdom: a
    French mobile written with its country code, its "+" dropped): read so."""
    digits = pl.col("n").str.replace_all(r"[ .\-/()]", "")
    # the digits are read on the numbers found invalid alone (few of a million)
    invalid = checked.select(
        (pl.col("e164").is_null() & pl.col("n").is_not_null() & (pl.col("reason") != _FILLER_SAID)).fill_null(False)
    ).to_series().arg_true()
    shaped = checked[invalid].select(digits.str.contains(WITHOUT_PLUS).fill_null(False)).to_series()
    if not shaped.any():
        return checked
    rows = invalid.filter(shaped)
    plus = checked[rows].select(pl.lit("+") + digits).to_series()
    # the fast path first, the library on what it leaves unsettled
    fast = fast_phones(pl.DataFrame({"v": plus, "region": pl.repeat(None, plus.len(), dtype=pl.String, eager=True).alias("")}))
    left = (fast["e164"].is_null() & fast["reason"].is_null()).arg_true()
    found = check_phones([(v, "ZZ") for v in plus.gather(left).to_list()])
    valid = fast["e164"].scatter(left, pl.Series([v for v, _ in found], dtype=pl.String)) if left.len() else fast["e164"]
    e164 = checked["e164"].scatter(rows, valid)
    reason = pl.select(pl.when(e164.is_not_null()).then(None).otherwise(checked["reason"])).to_series()
    return checked.with_columns(e164.alias("e164"), reason.alias("reason"))


def verdicts(values: pl.DataFrame) -> pl.DataFrame:
    """``values`` (v, region) checked whole, at once: ``check_numbers`` and the library on what the
    fast path left unsettled, with lost_zero (a number valid once its lost leading "0" is put back)."""
    checked = check_numbers(values)
    unsettled = checked.filter(pl.col("e164").is_null() & pl.col("reason").is_null())
    done = _library_verdicts(checked, check_phones(list(unsettled.select("n", "region").iter_rows())))
    return _lost_zero_or_not_of_the_region(done).drop("n")


class PhoneCheck:
    """Started with the frame (fast path run, library batch submitted); :meth:`finish` collects."""

    def __init__(self, frame: pl.DataFrame, regions: pl.Series, ctx: Context, pool: CheckPool):
        self.ctx = ctx
        raw = frame[FIELD].str.strip_chars(INVISIBLE_EDGES)
        self.rows = frame.select(LINE, FIELD).with_columns(
            pl.when(raw == "").then(None).otherwise(raw).alias("v"), regions.alias("region")
        )
        self.distinct = Distinct(self.rows, ["v", "region"])
        self.checked = check_numbers(self.distinct.values)
        unsettled = self.checked.filter(pl.col("e164").is_null() & pl.col("reason").is_null())
        self.pending: Pending[Verdict] = pool.submit(check_phones, list(unsettled.select("n", "region").iter_rows()))

    def finish(self) -> tuple[pl.Series, list[pl.DataFrame]]:
        found = _library_verdicts(self.checked, self.pending.result())
        found = _lost_zero_or_not_of_the_region(found).drop("n")

        positions, exact = self.distinct.resolve()
        if exact is not None:
            found = verdicts(exact)
        e164, rows = rows_with_details(
            found, positions, self.rows, pl.col("e164").is_null() | pl.col("lost_zero") | pl.col("multi"),
            "e164", ["e164", "reason", "lost_zero", "multi"],
        )
        return e164.alias(FIELD), self._problems(rows)

    def _problems(self, rows: pl.DataFrame) -> list[pl.DataFrame]:
        ctx = self.ctx
        return [
            problem_frame(
                rows.filter(pl.col("multi") & pl.col("e164").is_not_null()), ctx, field=FIELD, code="multiple-phones",
                message=pl.lit("The cell holds several phone numbers; the first one, ") + pl.col("e164") + pl.lit(", is used."),
            ),
            problem_frame(
                rows.filter(pl.col("v").is_not_null() & pl.col("e164").is_null()), ctx, field=FIELD, code="invalid-phone",
                message=quoted(pl.col(FIELD)) + pl.lit(" is not a valid phone number: ") + pl.col("reason").fill_null("invalid")
                + pl.lit("; the debt is imported without it."),
            ),
            problem_frame(
                rows.filter(pl.col("lost_zero").fill_null(False)), ctx, field=FIELD, code="phone-missing-leading-zero",
                message=quoted(pl.col(FIELD)) + pl.lit(" lost its leading 0 (a spreadsheet stored it as a number); read as ")
                + pl.col("e164") + pl.lit("."),
                suggestion=pl.col("e164"),
            ),
        ]


#: regions whose national prefix "0" people do not write before a number ("(85) 98591-8635" in
#: Brazil, where the 0 goes with a carrier's code; India's ten-digit mobiles; Argentina's area codes,
#: "11 2050-1966", "261 587-1377", as forms and messaging take them): a number without it lost nothing
UNWRITTEN_ZERO = frozenset({"BR", "IN", "AR"})


def lost_zero(verdicts: pl.DataFrame) -> pl.Series:
    """A national number written without its region's national prefix "0", read as valid."""
    regions = [r for r in verdicts["region"].unique().to_list() if r]
    codes = {r: str(phonenumbers.country_code_for_region(r)) for r in regions}
    zero_prefixed = [
        r for r in regions
        if r not in UNWRITTEN_ZERO
        and (m := phonenumbers.PhoneMetadata.metadata_for_region(r, None)) is not None and m.national_prefix == "0"
    ]
    if not zero_prefixed:
        return pl.repeat(False, verdicts.height, dtype=pl.Boolean, eager=True).alias("")
    candidates = verdicts.select(
        (pl.col("region").is_in(zero_prefixed) & pl.col("n").str.contains(r"^[1-9][0-9 .\-/()]*$")).fill_null(False)
    ).to_series()
    found = pl.repeat(False, verdicts.height, dtype=pl.Boolean, eager=True).alias("")
    if not candidates.any():
        return found
    subset = verdicts.filter(candidates)
    code = pl.col("region").replace_strict(codes, default="", return_dtype=pl.String)
    national = pl.col("n").str.replace_all(r"[ .\-/()]", "")
    lost = subset.select((pl.col("e164") == "+" + code + national).fill_null(False)).to_series()
    if lost.any():
        # and the region writes a "0" before a number of that kind (a Peruvian or Colombian mobile,
        # "999000001", "3001234567", is dialled without one)
        subset = subset.with_columns(national.alias("national"))
        lost = lost & subset.select(_written_with_zero(zero_prefixed)).to_series()
    return found.scatter(candidates.arg_true(), lost)


#: the digits of a number written without a prefix nor a leading 0 ("769727778")
_NATIONAL_WRITTEN = r"^[1-9][0-9 .\-/()]*$"
_NOT_OF_THE_REGION = "not a number of {}, even with a leading 0 put back (a number of another country?)"
#: the share of those a region must read as its numbers that lost their 0 for the others to be (a
#: spreadsheet drops the 0 of every number of a column, and a region's numbers are nearly all valid)
LOST_ZERO_SHARE = 0.8


def _lost_zero_or_not_of_the_region(found: pl.DataFrame) -> pl.DataFrame:
    """``found`` with ``lost_zero`` (``lost_zero``), unless in a region fewer of the numbers written
    without a prefix nor a 0 than ``LOST_ZERO_SHARE`` read as its numbers that lost their 0: there
    the others are no numbers of it, and those are no more (a Kenyan file's "769727778" read in the
    default region FR is a Kenyan mobile that lost its 0, not a French one): they are invalid,
    said so, and counted as the numbers of another country are."""
    lost = lost_zero(found)
    if not lost.any():
        return found.with_columns(lost.alias("lost_zero"))
    # (compared with the numbers of as many digits as those: "12345" is no number that lost its 0)
    written = found.select(pl.col("n").str.contains(_NATIONAL_WRITTEN).fill_null(False)).to_series()
    counts = found.select("region", "n", lost.alias("lost")).filter(written).select(
        "region", "lost", pl.col("n").str.count_matches(r"[0-9]").alias("digits"),
    ).group_by("region", "digits").agg(pl.col("lost").sum().alias("lost"), pl.len().alias("written")) \
        .filter(pl.col("lost") > 0).group_by("region").agg(pl.col("lost").sum(), pl.col("written").sum())
    doubtful = counts.filter(pl.col("lost") < LOST_ZERO_SHARE * pl.col("written"))["region"]
    if not doubtful.len():
        return found.with_columns(lost.alias("lost_zero"))
    wrong = lost & found["region"].is_in(doubtful.implode()).fill_null(False)
    return found.with_columns(
        (lost & ~wrong).alias("lost_zero"),
        pl.when(wrong).then(None).otherwise(pl.col("e164")).alias("e164"),
        pl.when(wrong).then(pl.format(_NOT_OF_THE_REGION, pl.col("region"))).otherwise(pl.col("reason")).alias("reason"),
    )


@functools.lru_cache(maxsize=64)
def _zero_rule(region: str) -> pl.Expr:
    """Columnar, on a national number ``national`` of ``region``: whether its national format
    starts with the national prefix "0" (phonenumbers' formats: the first whose leading digits and
    pattern fit the number decides; a number no format fits is taken to be written with it)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    number = pl.col("national")
    rule: Any = pl.lit(True)
    for fmt in reversed(list(metadata.number_format) if metadata is not None else []):
        fits = number.str.contains(f"^(?:{fmt.pattern})$")
        if fmt.leading_digits_pattern:
            fits = fits & number.str.contains(f"^(?:{fmt.leading_digits_pattern[-1]})")
        written = fmt.national_prefix_formatting_rule or ""
        rule = pl.when(fits).then(pl.lit(written.lstrip("(").startswith("0"))).otherwise(rule)
    return rule


def _written_with_zero(regions: list[str]) -> pl.Expr:
    """Columnar: a number's national format, in its row's region, starts with "0"."""
    expr: Any = pl.lit(True)
    for region in regions:
        expr = pl.when(pl.col("region") == region).then(_zero_rule(region)).otherwise(expr)
    return expr
