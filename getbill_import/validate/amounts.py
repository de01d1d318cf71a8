"""Amounts: ``2340.00``, ``2 340,00 €``, ``2,340.00``, ``2.340,00``, ``€2340``, ``EUR 2340``,
``(120.00)``, ``-120`` read into ``Decimal(18, 2)``, columnar.

Each value is read by its own evidence first: a value with both separators, a single separator not
followed by exactly three digits, or several of the same separator says which one is decimal, and
is read that way whatever its neighbours use (``656.35`` in a column of ``2 340,00 €`` is 656.35).
Only a value that proves nothing by itself (``1,234``: one separator before three digits) is read
by its column's decision: the majority of the values that prove a separator. A column whose
values prove both conventions is said once in a notice.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate import INVOICE, SIGN, no_lines
from getbill_import.validate._common import (
    INVISIBLE_EDGES,
    Context,
    ascii_digits,
    problem_frame,
    quoted,
)
from getbill_import.validate._currency_data import THREE_DECIMAL_CURRENCIES
from getbill_import.validate._distinct import scatter_where
from getbill_import.validate.currencies import (
    PREFIX_SYMBOLS,
    amount_symbol_pattern,
    resolve_currency,
    resolve_expr,
)

FIELD = "amount"
AMOUNT_DTYPE = pl.Decimal(18, 2)
#: digits before the decimal separator that fit Decimal(18, 2)
MAX_INTEGER_DIGITS = 16

_GROUPING = "\\s\u00a0\u202f\u2009'’"
_SIGN = "[-+−–]"
_MINUS = ("-", "−", "–")
_OTHER = {".": ",", ",": "."}
#: a cell made of digits and separators only
_PLAIN = f"^[0-9][0-9.,{_GROUPING}]*$"
_NAMES = {".": "a point", ",": "a comma"}
_CENT = Decimal("0.01")


@lru_cache(maxsize=1)
def amount_pattern() -> str:
    sym = amount_symbol_pattern()
    # (a symbol read before the number only: "R5000")
    before = "|".join(re.escape(s) for s in PREFIX_SYMBOLS)
    return (
        rf"^(?P<open>\()?\s*(?P<s1>{_SIGN})?\s*(?:(?P<c1>{sym}|{before})\s*)?(?P<s2>{_SIGN})?\s*"
        rf"(?P<num>[0-9.,](?:[0-9.,{_GROUPING}]*[0-9.,])?)"
        rf"\s*(?P<s3>{_SIGN})?\s*(?P<c2>{sym})?\s*(?P<close>\))?\s*(?P<s4>{_SIGN})?$"
    )


def _evidence(num: pl.Expr) -> pl.Expr:
    """What a value says about the decimal separator: ".", ",", "?." / "?," (a lone separator
    followed by three digits: says nothing) or null (no separator)."""
    dots = num.str.count_matches(".", literal=True)
    commas = num.str.count_matches(",", literal=True)
    last = num.str.extract(r"([.,])[0-9]*$", 1)
    return (
        pl.when((dots > 0) & (commas > 0)).then(last)
        .when(dots == 1).then(pl.when(num.str.contains(r"^[1-9][0-9]{0,2}\.[0-9]{3}$")).then(pl.lit("?.")).otherwise(pl.lit(".")))
        .when(commas == 1).then(pl.when(num.str.contains(r"^[1-9][0-9]{0,2},[0-9]{3}$")).then(pl.lit("?,")).otherwise(pl.lit(",")))
        .when(dots > 1).then(pl.lit(","))
        .when(commas > 1).then(pl.lit("."))
        .otherwise(pl.lit(None, pl.String))
    )


def decide_separator(evidence: pl.Series) -> str | None:
    """The column's decimal separator: the majority of the values that prove one, else None."""
    dots = int((evidence == ".").sum())
    commas = int((evidence == ",").sum())
    if dots != commas:
        return "." if dots > commas else ","
    if not dots:
        return None
    return str(evidence.filter(evidence.is_in([".", ","]))[0])


def _readable(decimal: str) -> str:
    """The values that read with ``decimal`` as decimal separator: plain digits, digits grouped by
    thousands with the other separator, and, with a decimal point, grouped the Indian way
    ("1,20,000.00": the thousands, then by hundreds: lakhs and crores)."""
    d, t = re.escape(decimal), re.escape(_OTHER[decimal])
    indian = rf"|[0-9]{{1,2}}(?:,[0-9]{{2}})+,[0-9]{{3}}(?:{d}[0-9]*)?" if decimal == "." else ""
    return rf"^(?:[0-9]+|[0-9]*{d}[0-9]*|[0-9]{{1,3}}(?:{t}[0-9]{{3}})+(?:{d}[0-9]*)?{indian})$"


def _read_with(num: pl.Expr, decimal: str) -> pl.Expr:
    """Values written with ``decimal`` as decimal separator, as ``digits[.digits]`` (null when not
    readable that way)."""
    readable = num.str.contains(_readable(decimal)) & (num != decimal)
    plain = num.str.replace_all(_OTHER[decimal], "", literal=True).str.replace(decimal, ".", literal=True)
    return pl.when(readable).then(plain)


def _normalise(work: pl.DataFrame, decimal: str | None) -> pl.Series:
    """Each value (``num``: digits and separators) as ``digits[.digits]``, or null when it does not
    read, given its evidence (``ev``).

    A value that proves its separator is read with it; one that proves nothing follows the
    column's ``decimal`` (thousands when the column does not tell either). The column's own
    convention is read on every row at once; the other one only where a value uses it."""
    num, ev = pl.col("num"), pl.col("ev")
    if decimal is None:
        # no value proves a separator: a lone separator before three digits groups thousands
        ambiguous = ev.str.starts_with("?").fill_null(False)
        return work.select(pl.when(ambiguous).then(num.str.replace_all(r"[.,]", "")).otherwise(num).alias("norm")).to_series()
    other = _OTHER[decimal]
    out = work.select(_read_with(num, decimal).alias("norm")).to_series()
    uses_other = (work["ev"] == other).fill_null(False)
    if not uses_other.any():
        return out
    rows = uses_other.arg_true()
    return out.scatter(rows, work[rows].select(_read_with(num, other)).to_series())


class AmountResult(NamedTuple):
    #: the typed amount (Decimal(18, 2)) and the ISO currency written in each cell (or null)
    value: pl.Series
    currency: pl.Series
    problems: list[pl.DataFrame]
    #: how the column was read
    notices: list[str]
    #: the rows added to their invoice (LINE, INVOICE), left out of the others; in a ledger, the
    #: rows of an invoice paid in full too, its own first row with INVOICE its own LINE
    added: pl.DataFrame


def validate_amount(
    frame: pl.DataFrame, ctx: Context, lines: pl.DataFrame | None = None, currencies: pl.Series | None = None
) -> AmountResult:
    """The typed amount (Decimal(18, 2)), the ISO currency written in each cell (or null), the
    problems and notices about how the column was read, and the rows added to their invoice.

    ``currencies`` is each row's currency when its cell writes none (the currency column's, or
    the default): an amount in a currency of three decimals (a dinar's fils) is read to the cent,
    said once, where three decimals are otherwise a problem.

    ``lines`` (LINE, "invoice") names rows that are lines of the invoice on another row: when
    every row of an invoice has a readable amount, the amounts are added up on the invoice's row
    and its lines are left out of the result (returned, LINE and "invoice"); otherwise the rows
    stay as they are, each judged on its own."""
    t = pl.col("t")
    work = frame.lazy().select(LINE, FIELD, pl.col(FIELD).str.strip_chars(INVISIBLE_EDGES).alias("t")).with_columns(
        # most cells are digits and separators only; the full pattern (signs, parentheses,
        # currencies) is matched on the others alone
        (~t.str.contains(_PLAIN).fill_null(False) & t.is_not_null() & (t != "")).alias("other"),
    ).collect(engine="in-memory")
    num = work["t"]
    stopped = num.str.ends_with(".").fill_null(False)
    if stopped.any():
        rows = stopped.arg_true()
        num = num.clone().scatter(rows, num.gather(rows).str.replace(_STOP, "${1}${2}"))
    neg = pl.repeat(False, work.height, dtype=pl.Boolean, eager=True).alias("neg")
    malformed = neg.alias("malformed")
    cur = pl.repeat(None, work.height, dtype=pl.String, eager=True).alias("cur")
    if work["other"].any():
        rows = work["other"].arg_true()
        # digits an Arabic or Persian export writes ("٢٥٠٠٫٥٠") are read as the others
        parsed = _parse_decorated(pl.select(ascii_digits(pl.lit(num.gather(rows)))).to_series())
        neg, malformed, cur = (s.clone().scatter(rows, parsed[s.name]) for s in (neg, malformed, cur))
        num = num.clone().scatter(rows, parsed["num"])
    # the usual grouping characters literally (fast), the rarer ones only where they remain
    work = work.select(LINE, FIELD, "t", neg, malformed, cur, num.alias("num")).lazy().with_columns(
        pl.col("num").str.replace_all("\u00a0", "", literal=True).str.replace_all(" ", "", literal=True)
    ).with_columns(
        pl.col("num").str.contains(f"[{_GROUPING}]").fill_null(False).alias("grouped"),
        _evidence(pl.col("num")).alias("ev"),
    ).collect(engine="in-memory")
    if work["grouped"].any():
        rows = work["grouped"].arg_true()
        fixed = work[rows].select(pl.col("num").str.replace_all(f"[{_GROUPING}]", "")).with_columns(
            _evidence(pl.col("num")).alias("ev")
        )
        work = work.with_columns(work["num"].scatter(rows, fixed["num"]), work["ev"].scatter(rows, fixed["ev"]))
    fils, in_currency = _in_thousandths(work["cur"], currencies)
    work = work.with_columns(fils.alias("fils"), in_currency.alias("__currency__"))
    decimal = decide_separator(work["ev"])
    if decimal is None and fils.any():
        decimal = _thousandths_separator(work)
    norm = pl.col("norm")
    magnitude = norm.cast(AMOUNT_DTYPE, strict=False)
    written = t.is_not_null() & (t != "")
    flagged = work.with_columns(_normalise(work, decimal)).lazy().with_columns(
        pl.when(~pl.col("malformed")).then(norm).alias("norm")
    ).with_columns(
        # the decimals up to the last that is not 0 ("12.3400": 2), counted without a regular expression
        (pl.col("norm").str.strip_chars_end("0").str.len_bytes().cast(pl.Int64)
         - pl.col("norm").str.strip_chars_end("0").str.find(".", literal=True).cast(pl.Int64) - 1).alias("__decimals__"),
    ).with_columns(
        norm.str.contains(rf"^0*[1-9][0-9]{{{MAX_INTEGER_DIGITS}}}").fill_null(False).alias("too_large"),
        (pl.col("__decimals__") > 2).fill_null(False).alias("too_many"),
        # four decimals or more: a value a spreadsheet computed (9027.578659917), read to the cent;
        # three may be a typo or thousands (99,999), and stay a problem, unless the column holds
        # computed values: there "57,475" is one whose fourth decimal is 0. Three decimals after
        # four digits or more (134501.565) are no thousands group: a computed value, or a typo when
        # it is alone (1999.999 among amounts of two decimals), so they count for the column only
        (pl.col("__decimals__") >= COMPUTED_DECIMALS).fill_null(False).alias("computed"),
    ).with_columns(
        # four digits or more before the point (its position, read on the values of three decimals)
        (pl.col("too_many") & (norm.str.find(".", literal=True) >= 4)).fill_null(False).alias("no_group"),
    ).with_columns(
        (pl.col("computed") | ((pl.col("computed") | pl.col("no_group")).sum() >= COMPUTED_COLUMN)).alias("computed"),
    ).with_columns(
        # three decimals of a currency whose minor unit is the thousandth: the store keeps cents
        (pl.col("fils") & pl.col("too_many") & norm.str.contains(r"\.[0-9]{3}$").fill_null(False)).alias("fils"),
    ).with_columns(
        (pl.col("too_many") & (pl.col("computed") | pl.col("fils"))).alias("rounded"),
        (pl.col("too_many") & ~pl.col("computed") & ~pl.col("fils")).alias("too_many"),
    ).collect(engine="in-memory")
    # the few values read to the cent alone are rounded (three regular expressions a value)
    read = flagged.with_columns(scatter_where(
        flagged["norm"], flagged["rounded"], lambda values: pl.select(_to_cents(pl.lit(values))).to_series()
    )).lazy().with_columns(
        pl.when(norm.is_not_null() & ~pl.col("too_large") & ~pl.col("too_many"))
        .then(pl.when(pl.col("neg")).then(-magnitude).otherwise(magnitude)).alias("value")
    )
    added = no_lines()
    if lines is not None and lines.height:
        work, added = _add_lines(read.collect(engine="in-memory"), lines, decimal, flagged["norm"])
        read = work.lazy()
    work = read.with_columns(
        (~written).alias("missing"),
        (written & norm.is_null()).alias("unreadable"),
        (pl.col("too_many") & ~pl.col("too_large")).alias("many"),
        (pl.col("rounded") & ~pl.col("too_large") & ~pl.col("fils")).alias("rounded"),
        (pl.col("fils") & ~pl.col("too_large")).alias("fils"),
        (pl.col("value") == 0).fill_null(False).alias("zero"),
        (pl.col("value") < 0).fill_null(False).alias("negative"),
        (pl.col("ev").str.starts_with("?") & pl.col("value").is_not_null()).fill_null(False).alias("vague"),
    ).collect(engine="in-memory")
    problems, notices = _problems(work, decimal, ctx)
    notices.extend(_mixed_notice(work["ev"], decimal, ctx))
    notices.extend(_thousandths_notice(work, ctx))
    value = work["value"].cast(AMOUNT_DTYPE).alias(FIELD)
    return AmountResult(value, work["cur"].alias("__amount_currency__"), problems, notices, added)


def _in_thousandths(written: pl.Series, currencies: pl.Series | None) -> tuple[pl.Series, pl.Series]:
    """Whether each row's amount is in a currency of three decimals, and that currency: the one its
    cell writes, else the row's (``currencies``)."""
    three = sorted(THREE_DECIMAL_CURRENCIES)
    if not written.is_in(three).any() and (currencies is None or not currencies.is_in(three).any()):
        return pl.repeat(False, written.len(), dtype=pl.Boolean, eager=True), pl.repeat(None, written.len(), dtype=pl.String, eager=True)
    row = currencies if currencies is not None else pl.repeat(None, written.len(), dtype=pl.String, eager=True)
    currency = pl.select(pl.coalesce(pl.lit(written), pl.lit(row))).to_series()
    return currency.is_in(three).fill_null(False), currency


def _thousandths_separator(work: pl.DataFrame) -> str | None:
    """The decimal separator of a column that proves none, when every value is in a currency of
    three decimals and writes one lone separator before three digits ("1.500", "12.750"): there a
    dinar's fils, not a thousands group."""
    written = work.filter(pl.col("ev").is_not_null())
    kinds = written["ev"].unique().to_list()
    if written.height and written["fils"].all() and len(kinds) == 1 and kinds[0].startswith("?"):
        return str(kinds[0][1])
    return None


def _thousandths_notice(work: pl.DataFrame, ctx: Context) -> list[str]:
    """One sentence when amounts of three decimals were read to the cent."""
    rows = work.filter("fils")
    if not rows.height:
        return []
    column = ctx.column(FIELD) or FIELD
    currencies = ", ".join(sorted(rows["__currency__"].drop_nulls().unique().to_list()))
    return [
        f"{rows.height:,} amount(s) of column '{column}' have three decimals, as amounts in {currencies} do; "
        "cases keep two, so they were rounded half up to the hundredth (each by 0.005 at most)."
    ]


#: significant decimals from which an amount is a computed value, read to the cent
COMPUTED_DECIMALS = 4
#: computed values from which a column's values of three decimals are computed ones too
COMPUTED_COLUMN = 3


def _to_cents(norm: pl.Expr) -> pl.Expr:
    """A plain decimal number ("9027.578659917") rounded half up to the cent ("9027.58"), in
    whole numbers: no binary float. One of fewer decimals ("759.6", the sum of lines of three
    decimals) is the same number to the cent ("759.60")."""
    norm = pl.when(norm.str.contains(".", literal=True)).then(norm + "000").otherwise(norm + ".000")
    whole = norm.str.extract(r"^([0-9]+)\.").cast(pl.Int64)
    cents = norm.str.extract(r"\.([0-9]{2})").cast(pl.Int64)
    up = (norm.str.extract(r"\.[0-9]{2}([0-9])").cast(pl.Int64) >= 5).cast(pl.Int64)
    total = whole * 100 + cents + up
    return (total // 100).cast(pl.String) + "." + (total % 100).cast(pl.String).str.zfill(2)


#: the precision lines of computed amounts are added in, before the sum is read to the cent
_EXACT = pl.Decimal(38, 12)


def _add_lines(
    work: pl.DataFrame, lines: pl.DataFrame, decimal: str | None, exact: pl.Series,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``work`` with each invoice's lines added to its first row (whose cell then shows the sum,
    for the messages) and left out, when every row of the invoice has a value; and the lines
    added (LINE, INVOICE). Columnar: one join and sums over each invoice's rows. Lines of more
    than two decimals (computed values, ``exact`` as written) are added as written and their sum
    read to the cent once, as the invoice's total is: never each line rounded, then added.

    A ledger's postings (``lines`` with SIGN) add or take off; an invoice whose postings leave
    nothing owed (paid in full, or more) leaves with its first row, named in the result with
    INVOICE its own LINE."""
    key = pl.coalesce(INVOICE, LINE)
    signed = SIGN in lines.columns
    keyed = work.join(
        lines.select(LINE, INVOICE, *([SIGN] if signed else [])), on=LINE, how="left", maintain_order="left"
    ).with_columns(
        pl.col("value").is_not_null().all().over(key).alias("__whole__"),
        pl.col(INVOICE).is_not_null().any().over(key).alias("__lines__"),
    )
    value = pl.col("value") * pl.col(SIGN).fill_null(1) if signed else pl.col("value")
    total = value.sum().over(key)
    first = pl.col(INVOICE).is_null() & pl.col("__lines__") & pl.col("__whole__")
    rounded = pl.col("rounded").any().over(key)
    if keyed["rounded"].any():
        # (the rounded lines' invoices: their lines as written, added, and the sum read to the cent)
        magnitude = pl.lit(exact).cast(_EXACT, strict=False)
        keyed = keyed.with_columns(pl.when(pl.col("neg")).then(-magnitude).otherwise(magnitude).alias("__exact__"))
        raw = (pl.col("__exact__") * pl.col(SIGN).fill_null(1) if signed else pl.col("__exact__")).sum().over(key)
        raw_text = raw.abs().cast(pl.String).str.strip_chars_end("0").str.strip_chars_end(".")
        cents = _to_cents(raw_text)
        keyed = keyed.with_columns(
            pl.when(first & rounded).then(cents).otherwise(pl.col("norm")).alias("norm"),
            pl.when(first & rounded).then(raw_text).alias("__raw__"),
            pl.when(raw < 0).then(-1).otherwise(1).alias("__raw_sign__"),
        )
        total = pl.when(pl.col("__raw__").is_not_null()).then(
            pl.col("norm").cast(AMOUNT_DTYPE) * pl.col("__raw_sign__")).otherwise(total)
    paid = first & (total <= 0) if signed else pl.lit(False)
    leaves = (pl.col(INVOICE).is_not_null() & pl.col("__whole__")) | paid
    keyed = keyed.with_columns(leaves.alias("__leaves__"))
    added = keyed.filter("__leaves__").select(LINE, pl.coalesce(INVOICE, LINE).alias(INVOICE))
    if not added.height:
        return work, no_lines()
    text = total.cast(AMOUNT_DTYPE).cast(pl.String)
    if "__raw__" in keyed.columns:
        # (the sum as its lines write it, for the message that it was read to the cent)
        text = pl.coalesce(pl.when(pl.col("__raw_sign__") < 0).then("-" + pl.col("__raw__")).otherwise(pl.col("__raw__")), text)
    if decimal == ",":
        text = text.str.replace(".", ",", literal=True)
    work = keyed.with_columns(
        pl.when(first).then(total).otherwise(pl.col("value")).alias("value"),
        pl.when(first).then(text).otherwise(pl.col(FIELD)).alias(FIELD),
        pl.when(first).then(rounded).otherwise(pl.col("rounded")).alias("rounded"),
    ).filter(~pl.col("__leaves__")).drop(
        INVOICE, "__whole__", "__lines__", "__leaves__", *([SIGN] if signed else []),
        *(c for c in ("__exact__", "__raw__", "__raw_sign__") if c in keyed.columns))
    return work, added


#: a whole amount written with a dash for its cents ("60,-", "1.234,–", "45.-" as prices are
#: written in German, French and Swiss usage; a minus sign follows digits: "60,00-"), and "TTC"
#: after an amount (tax included, which an amount owed is)
_WHOLE = r"([0-9][.,])\s*(?:-{1,2}|–|—)([^0-9]*)$"
_TTC = r"(?i)\s*\bTTC\.?$"
#: zero as a spreadsheet's accounting format writes it: a dash alone ("  -   ", "$ -")
DASH_ZERO = r"^([^0-9\-–—]*?)\s*[-–—]\s*([^0-9\-–—]*)$"


#: a ledger's side written after the amount ("1,234.00 Dr", "200.00 Cr", "350.00CR": Tally, MYOB,
#: Sage 50 UK, a bank's statement): a credit is negative
_SIDE = r"(?i)([0-9.,)]|\s)\s*(dr|cr)\.?$"


#: a full stop typed after an amount's cents, as after a sentence ("7547.63."): no part of the number
_STOP = r"^(.*?\d[.,]\d{1,2})\.(\s*)$"


def _plain_words(text: pl.Expr) -> pl.Expr:
    return (text.str.replace(_TTC, "").str.replace(_SIDE, "${1}").str.replace(_WHOLE, "${1}00${2}")
            .str.replace(DASH_ZERO, "${1}0${2}"))


def _parse_decorated(values: pl.Series) -> pl.DataFrame:
    """Cells with signs, parentheses or currencies: their number part, sign, currency and whether
    their decoration is malformed (unbalanced parentheses, two signs, two different currencies)."""
    work = pl.DataFrame({"t": values}).with_columns(
        _plain_words(pl.col("t")).str.strip_chars().str.extract_groups(amount_pattern()).alias("g")
    ).unnest("g")
    signs = [pl.col(s).is_in(list(_MINUS)).fill_null(False) for s in ("s1", "s2", "s3", "s4")]
    cur1, cur2 = resolve_expr(pl.col("c1")), resolve_expr(pl.col("c2"))
    credit = values.str.extract(_SIDE, 2).str.to_lowercase() == "cr"
    return work.select(
        pl.col("num"),
        (pl.any_horizontal(signs) | (pl.col("open").is_not_null() & pl.col("close").is_not_null())
         | pl.lit(credit).fill_null(False)).alias("neg"),
        (
            pl.col("num").is_null()
            | (pl.col("open").is_null() != pl.col("close").is_null())
            | (pl.sum_horizontal(pl.col(s).is_not_null() for s in ("s1", "s2", "s3", "s4")) > 1)
            | (cur1.is_not_null() & cur2.is_not_null() & (cur1 != cur2))
        ).alias("malformed"),
        pl.coalesce(cur1, cur2).alias("cur"),
    )


#: the most a negative amount can be and still be what rounding left (in the currency's units)
ROUNDING_REMAINDER = 0.05


def _problems(work: pl.DataFrame, decimal: str | None, ctx: Context) -> tuple[list[pl.DataFrame], list[str]]:
    """The problems of the flagged rows (the flags computed with the values), and the notice of an
    ambiguous column."""
    out: list[pl.DataFrame] = []
    notices: list[str] = []
    if work["missing"].any():
        out.append(problem_frame(work.filter("missing"), ctx, field=FIELD, code="missing-amount", message="The amount is empty."))
    if work["unreadable"].any():
        unreadable = work.filter("unreadable")
        hints = {t: suggest_amount(t, decimal) for t in unreadable["t"].unique().to_list()}
        message = quoted(pl.col(FIELD)) + pl.lit(" is not an amount.")
        out.append(problem_frame(
            unreadable, ctx, field=FIELD, code="invalid-amount", message=message,
            suggestion=pl.col("t").replace_strict(hints, default=None, return_dtype=pl.String),
        ))
    if work["too_large"].any():
        out.append(problem_frame(
            work.filter("too_large"), ctx, field=FIELD, code="invalid-amount",
            message=quoted(pl.col(FIELD)) + pl.lit(" is too large for an invoice amount."),
        ))
    if work["many"].any():
        many = work.filter("many")
        rounded = {t: suggest_amount(t, decimal, round_cents=True) for t in many["t"].unique().to_list()}
        out.append(problem_frame(
            many, ctx, field=FIELD, code="too-many-decimals",
            message=quoted(pl.col(FIELD)) + pl.lit(" has more than two decimals."),
            suggestion=pl.col("t").replace_strict(rounded, default=None, return_dtype=pl.String),
        ))
    if work["rounded"].any():
        out.append(problem_frame(
            work.filter("rounded"), ctx, field=FIELD, code="amount-rounded",
            message=quoted(pl.col(FIELD)) + pl.lit(" has more than two decimals (a computed value): it is read to the cent, ")
            + pl.col("norm") + pl.lit("."),
        ))
    if work["zero"].any():
        out.append(problem_frame(work.filter("zero"), ctx, field=FIELD, code="zero-amount",
                                 message="The amount is zero: there is nothing to collect."))
    if work["negative"].any():
        out.append(problem_frame(
            work.filter("negative"), ctx, field=FIELD, code="negative-amount",
            # a few cents below zero are what rounding left of a paid invoice (an ageing's -0.01)
            message=quoted(pl.col(FIELD)) + pl.when(pl.col("value") >= -ROUNDING_REMAINDER).then(
                pl.lit(" is a few cents below zero, what rounding left of a paid invoice: nothing to collect.")
            ).otherwise(pl.lit(" is negative (a credit note?): only amounts owed can be collected.")),
        ))
    if decimal is None and work["vague"].any():
        # said once, on the first value concerned, like an undecidable date column
        vague = work.filter("vague").sort(LINE).head(1)
        column = ctx.column(FIELD) or FIELD
        ambiguous = problem_frame(
            vague, ctx, field=FIELD, code="ambiguous-amount",
            message=pl.lit(f"Amounts of column '{column}' such as ") + quoted(pl.col(FIELD)) + pl.lit(
                " have one separator before three digits and no other amount of the column tells whether it "
                "separates thousands or decimals; they were read as thousands (this one as "
            ) + pl.col("value").cast(pl.String) + pl.lit(")."),
        )
        out.append(ambiguous)
        notices.extend(ambiguous["message"])
    return out, notices


def _mixed_notice(evidence: pl.Series, decimal: str | None, ctx: Context) -> list[str]:
    """One sentence when the column's values prove both decimal conventions."""
    if decimal is None:
        return []
    other = _OTHER[decimal]
    minority = int((evidence == other).sum())
    if not minority:
        return []
    majority = int((evidence == decimal).sum())
    column = ctx.column(FIELD) or FIELD
    return [
        f"Amounts of column '{column}' mix decimal separators: {majority:,} use {_NAMES[decimal]}, "
        f"{minority:,} use {_NAMES[other]}; each was read as written."
    ]


# --- one value at a time: suggestions for the few values the columnar pass rejected -------------

@lru_cache(maxsize=1)
def _compiled() -> re.Pattern[str]:
    return re.compile(amount_pattern())


def parse_amount(text: str, decimal: str | None) -> tuple[Decimal, str | None] | None:
    """One cell read like the columnar pass reads it: (value, ISO currency or None), or None."""
    text = re.sub(_STOP, r"\g<1>\g<2>", re.sub(_WHOLE, r"\g<1>00\g<2>", re.sub(_TTC, "", text.strip())))
    match = _compiled().match(text.strip())
    if not match:
        return None
    g = match.groupdict()
    if (g["open"] is None) != (g["close"] is None) or sum(g[s] is not None for s in ("s1", "s2", "s3", "s4")) > 1:
        return None
    currencies = {resolve_currency(c) for c in (g["c1"], g["c2"]) if c}
    if len(currencies) > 1:
        return None
    num = re.sub(f"[{_GROUPING}]", "", g["num"])
    if decimal is None:
        if re.fullmatch(r"[1-9][0-9]{0,2}[.,][0-9]{3}", num):
            num = re.sub(r"[.,]", "", num)
        decimal = "."
    if num == decimal or not re.fullmatch(_readable(decimal), num):
        return None
    digits = num.replace(_OTHER[decimal], "").replace(decimal, ".")
    if len(digits.split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS:
        return None
    try:
        value = Decimal("0" + digits)
    except InvalidOperation:
        return None
    negative = any(g[s] in _MINUS for s in ("s1", "s2", "s3", "s4")) or g["open"] is not None
    return (-value if negative else value), next(iter(currencies), None)


def format_amount(value: Decimal, decimal: str | None, currency: str | None = None) -> str:
    text = f"{value:.2f}"
    if decimal == ",":
        text = text.replace(".", ",")
    return f"{text} {currency}" if currency else text


def suggest_amount(text: str, decimal: str | None, *, round_cents: bool = False) -> str | None:
    """A corrected cell, written with the column's decimal separator, when one can be derived:
    letters O/l typed for 0/1, the other separator convention, several separators whose last one is
    clearly decimal (``1.234.56``), or (``round_cents``) the value rounded to cents."""
    if round_cents:
        parsed = parse_amount(text, decimal)
        if parsed is None:
            return None
        return format_amount(parsed[0].quantize(_CENT, rounding=ROUND_HALF_UP), decimal, parsed[1])
    fixed = _fix_letters(text)
    attempts = [(text, _OTHER[decimal] if decimal else None), (text, "last")]
    if fixed != text:
        attempts = [(fixed, decimal), (fixed, _OTHER[decimal] if decimal else None), (fixed, "last"), *attempts]
    for candidate, reading in attempts:
        parsed = _parse_last_decimal(candidate) if reading == "last" else parse_amount(candidate, reading)
        if parsed is None or parsed[0] == 0 or parsed[0] != parsed[0].quantize(_CENT):
            continue
        return format_amount(parsed[0], decimal, parsed[1])
    return None


def _fix_letters(text: str) -> str:
    """Letters typed for digits next to digits: O/o for 0, l/I for 1."""
    text = re.sub(r"(?<=[0-9.,])[oO]|[oO](?=[0-9.,])", "0", text)
    return re.sub(r"(?<=[0-9.,])[lI]|[lI](?=[0-9.,])", "1", text)


def _parse_last_decimal(text: str) -> tuple[Decimal, str | None] | None:
    """``1.234.56`` / ``12,345,67``: the last separator (followed by one or two digits) is decimal."""
    match = _compiled().match(text.strip())
    if not match or match["num"] is None:
        return None
    num = re.sub(f"[{_GROUPING}]", "", match["num"])
    parts = re.fullmatch(r"([0-9]{1,3}(?:[.,][0-9]{3})*)[.,]([0-9]{1,2})", num)
    if not parts or len(re.sub(r"[.,]", "", parts[1]).lstrip("0")) > MAX_INTEGER_DIGITS:
        return None
    value = Decimal(re.sub(r"[.,]", "", parts[1]) + "." + parts[2])
    negative = any(match[s] in _MINUS for s in ("s1", "s2", "s3", "s4")) or match["open"] is not None
    currency = next((resolve_currency(c) for c in (match["c1"], match["c2"]) if c), None)
    return (-value if negative else value), currency
