"""``validate_frame``: every rule run over a mapped frame, columnar, and the results put together."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import polars as pl

from getbill_import.fields import BY_NAME, CASE_FIELDS, LINE, METADATA
from getbill_import.problems import ERROR, concat_problems
from getbill_import.validate import VALID, ValidationOptions, ValidationResult
from getbill_import.validate._common import NO_VALUE, Context, clean_columns
from getbill_import.validate._pool import CheckPool
from getbill_import.validate.amounts import validate_amount
from getbill_import.validate.countries import validate_country
from getbill_import.validate.currencies import (
    AMBIGUOUS_SYMBOLS,
    CANDIDATE_SIGNS,
    PESOS,
    USUAL_CURRENCY,
    thousandths_currencies,
    validate_currency,
)
from getbill_import.validate.dates import validate_dates
from getbill_import.validate.emails import EmailCheck
from getbill_import.validate.phones import PhoneCheck, phone_regions
from getbill_import.validate.regions import (
    address_region,
    currency_notice,
    dollar_column_currency,
    dollar_header_currency,
    dollar_sign_currency,
    home_currency,
    infer_region,
    lakh_currency,
    large_amounts_notice,
    legal_form_currency,
    peso_currency,
    phones_currency,
    place_currency,
)
from getbill_import.validate.rules import (
    check_contact,
    check_control_characters,
    check_lengths,
    drop_control_characters,
    validate_name,
    validate_reference,
    validate_scenario,
)
from getbill_import.validate.schema import check_cases

#: fields that are only trimmed and whitespace-collapsed
TEXT_FIELDS = (
    "debtor.company", "debtor.address.line1", "debtor.address.line2", "debtor.address.postal_code",
    "debtor.address.city", "debtor.address.region",
)


def _complete(mapped: pl.DataFrame) -> pl.DataFrame:
    """LINE, every case field as text (absent ones null) and METADATA, whatever the mapping produced."""
    columns = set(mapped.columns)
    name = pl.col("debtor.name") if "debtor.name" in columns else None
    if name is None and {"debtor.first_name", "debtor.last_name"} & columns:
        parts = [pl.col(c) for c in ("debtor.first_name", "debtor.last_name") if c in columns]
        name = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    exprs = [pl.col(LINE).cast(pl.Int64)]
    for field in CASE_FIELDS:
        if field == "debtor.name" and name is not None:
            exprs.append(name.cast(pl.String).alias(field))
        elif field in columns:
            exprs.append(pl.col(field).cast(pl.String).alias(field))
        else:
            exprs.append(pl.lit(None, pl.String).alias(field))
    exprs.append(pl.col(METADATA).cast(pl.String) if METADATA in columns else pl.lit(None, pl.String).alias(METADATA))
    frame = mapped.select(exprs)
    # "nan", "NULL", "#N/A": what a program writes for no value (the columns that hold one alone
    # are written again)
    some = frame.select(pl.col(f).is_in(NO_VALUE).any() for f in CASE_FIELDS).row(0)
    return frame.with_columns(
        pl.when(pl.col(f).is_in(NO_VALUE)).then(None).otherwise(pl.col(f)).alias(f)
        for f, hit in zip(CASE_FIELDS, some, strict=True) if hit
    )


def _report_columns(columns: Mapping[str, str]) -> dict[str, str]:
    """The user's column of each field; a name composed from first and last names is reported on
    the last-name column (else the first-name one)."""
    out = dict(columns)
    if "debtor.name" not in out:
        composed = out.get("debtor.last_name") or out.get("debtor.first_name")
        if composed:
            out["debtor.name"] = composed
    return out


#: a share of the phones given, invalid in the default region, from which the region is questioned
REGION_DOUBT_SHARE = 0.2


def _region_notice(
    found: list[pl.DataFrame], given: pl.Series, country: pl.Series, region: str, ctx: Context
) -> list[str]:
    """Said when many phones of rows with no country of their own are not numbers of ``region``
    (the default one, or the one the file pointed to): the debtors may be in another country, and
    every such phone is left out of its case."""
    invalid = sum(int((f["code"] == "invalid-phone").sum()) for f in found if f.height)
    regionless = int((given.is_not_null() & country.is_null()).sum())
    if not invalid or not regionless or invalid < REGION_DOUBT_SHARE * regionless:
        return []
    which = "the default region" if region == ctx.options.default_region.upper() else "the region they were read in"
    return [
        f"{invalid:,} of {regionless:,} phone numbers without a country are not valid numbers of {region}, {which}: "
        "if the debtors are in another country, set GETBILL_DEFAULT_REGION to its code (e.g. CO, US, SA) and run "
        "again, or add a country column."
    ]


def _emails(frame: pl.DataFrame, ctx: Context, pool: CheckPool) -> tuple[pl.Series, list[pl.DataFrame]]:
    """Typed e-mails (null when not valid) and their problems."""
    return EmailCheck(frame, ctx, pool).finish()


def _phones(
    frame: pl.DataFrame, regions: pl.Series, ctx: Context, pool: CheckPool
) -> tuple[pl.Series, list[pl.DataFrame], pl.Series]:
    """Typed phones, their problems and the trimmed cells (null when empty)."""
    check = PhoneCheck(frame, regions, ctx, pool)
    typed, found = check.finish()
    return typed, found, check.rows["v"]


#: the distinct values of a currency column read for a currency
_CURRENCIES_READ = 1_000


def _currency_written(frame: pl.DataFrame, amount_currency: pl.Series, adopted: str) -> bool:
    """Whether the file names a currency other than ``adopted`` anywhere: in its currency column, or
    beside an amount ("1 250,00 €", "USD 120"). A sign that may be ``adopted`` ("$" for the peso of
    Argentina, Mexico or Chile, and the other dollars) does not say another, nor does a currency
    column holding no currency (a row shifted by a column writes a status there)."""
    from getbill_import.validate.currencies import resolve_currency

    if "currency" in frame.columns:
        written = frame["currency"].cast(pl.String).str.strip_chars().drop_nulls().unique().head(_CURRENCIES_READ)
        if any(resolve_currency(value) is not None for value in written.to_list()):
            return True
    codes = amount_currency.drop_nulls().unique().to_list()
    return any(adopted not in code.split("|") for code in codes)


#: the currencies written with "$" that are pesos (the others are dollars)
_PESOS = frozenset(PESOS) & frozenset(AMBIGUOUS_SYMBOLS["$"])


def _dollar_kind(currency: str) -> str:
    """What "$" stands for when it is ``currency``'s sign: the peso, or other dollars than the US one."""
    return "the peso" if currency in _PESOS else "other dollars"


def _sign_of(currency: str, written: pl.Series) -> tuple[str, str]:
    """The sign several currencies write alike that the amounts ``written`` (their candidates joined by
    "|") write for ``currency``, and what it stands for ("$": "the peso"; "¥": "the yuan"; "kr":
    "several currencies")."""
    codes = next((c for c in written.drop_nulls().unique().to_list() if currency in c.split("|")), "")
    sign = CANDIDATE_SIGNS.get(codes, "$")
    if sign == "$":
        return sign, f"{_dollar_kind(currency)} too"
    if currency == "CNY":
        return sign, "the yuan too"
    return sign, f"several currencies ({', '.join(codes.split('|'))})"


def _thousands_of_whole_currencies(
    currency: pl.Series, problems: list[pl.DataFrame], notices: list[str],
) -> tuple[list[pl.DataFrame], list[str]]:
    """An amount such as '110,000' says thousands without a doubt when every row's currency has no
    decimals (the yen, the won): the question whether its separator writes decimals is dropped."""
    from getbill_import.validate._currency_data import ZERO_DECIMAL_CURRENCIES

    codes = currency.drop_nulls().unique().to_list()
    if not codes or not set(codes) <= ZERO_DECIMAL_CURRENCIES:
        return problems, notices
    asked = {m for p in problems for m in p.filter(pl.col("code") == "ambiguous-amount")["message"].to_list()}
    if not asked:
        return problems, notices
    return [p.filter(pl.col("code") != "ambiguous-amount") for p in problems], [n for n in notices if n not in asked]


def _references_still_twice(cases: pl.DataFrame, ctx: Context) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Valid cases that still share a reference once each invoice's lines are added up (a credit
    note below zero, no copy of the invoice by its sign, whose lines make it positive): both are
    refused as written twice, never loaded as two debts of one number."""
    from getbill_import.validate._common import problem_frame

    valid = cases.filter(pl.col(VALID))
    twice = valid.filter(pl.col("reference").is_duplicated()).select(LINE, "reference")
    if not twice.height:
        return cases, problem_frame(twice, ctx, field="reference", code="duplicate-reference", message="")
    twice = twice.with_columns(pl.col(LINE).cast(pl.String).implode().over("reference").list.join(", ").alias("lines"))
    problems = problem_frame(
        twice, ctx, field="reference", code="duplicate-reference",
        message=pl.format("Reference '{}' is written on several rows that are each a debt once their lines are added up "
                          "(lines {}): one number names one invoice.", pl.col("reference"), pl.col("lines")),
    )
    refused = cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(twice[LINE].implode())).alias(VALID))
    return refused, problems


def validate_frame(
    mapped: pl.DataFrame,
    *,
    columns: Mapping[str, str],
    options: ValidationOptions | None = None,
    sheet: str | None = None,
    lines: pl.DataFrame | None = None,
) -> ValidationResult:
    """Check and normalise every row of ``mapped`` (see the package docstring for its shape).
    ``lines`` (LINE, "invoice") names the rows that are lines of an invoice on another row, their
    amounts to be added to it (``mapping.layout.item_lines``): those added are not cases, and are
    returned in ``added_lines``.

    Returns one case row per input row (LINE, VALID and the typed canonical fields) and the
    problems (PROBLEM_SCHEMA). Raises ``CaseContractError`` only on a bug."""
    options = options or ValidationOptions()
    ctx = Context(_report_columns(columns), sheet, options)
    frame = _complete(mapped)
    amounts = None
    if lines is not None and lines.height:
        # an invoice's lines are added up first: the other checks see the invoice's row alone
        amounts = validate_amount(frame, ctx, lines, thousandths_currencies(frame, options.default_currency))
        frame = frame.filter(~pl.col(LINE).is_in(amounts.added[LINE].implode()))
    problems: list[pl.DataFrame] = []
    typed: dict[str, pl.Series] = {}
    with CheckPool(options.parallel_threshold) as pool, ThreadPoolExecutor(2, thread_name_prefix="validate") as threads:
        country, found = validate_country(frame, ctx)
        typed["debtor.address.country"] = country
        problems += found
        # e-mails and phones in two threads (polars works without the interpreter lock; the
        # library checks go to worker processes when there are many) while this one does the rest
        emails = threads.submit(_emails, frame, ctx, pool)
        region, region_notices = (
            (options.default_region.upper(), []) if options.region_given
            else infer_region(frame, country, options.default_region, options.default_currency, options.header_languages)
        )
        notices = list(region_notices)
        phones = threads.submit(_phones, frame, phone_regions(country, region), ctx, pool)
        # the one country the debtors' addresses are in (their countries, their states), read once
        placed = address_region(frame, country)
        adopted = (
            phones_currency(region, options.default_region, options.default_currency)
            # the phones' country first, else the addresses' (said twice), else the one of the headers'
            # language or of the names' script
            or place_currency(frame, placed, options.default_currency, options.header_languages)
            or home_currency(frame, options.header_languages, options.default_currency)
            or dollar_sign_currency(frame, options.default_currency, options.header_languages)
            or legal_form_currency(frame, options.header_languages, options.default_currency)
            or lakh_currency(frame, options.default_currency, options.lakhs_header)
            if options.currency_from_phones and not options.currency_given
            else dollar_header_currency(region, options.default_region) if options.dollar_header else None
        )
        # the amounts of a file that names no currency are in the phones' when it adopts theirs (a
        # Tunisian bank's dinars, of three decimals)
        assumed = adopted[0] if adopted is not None and not _currency_written(frame, pl.Series([], dtype=pl.String), adopted[0]) \
            else options.default_currency
        amount, amount_currency, found, amount_notices, added = amounts or validate_amount(
            frame, ctx, currencies=thousandths_currencies(frame, assumed)
        )
        if adopted is not None and not _currency_written(frame, amount_currency, adopted[0]):
            options = replace(options, default_currency=adopted[0], currency_given=True)
            ctx = Context(ctx.columns, ctx.sheet, options)
            # (the amounts written with a sign several currencies write alike: "$", "¥")
            dollars = amount_currency.str.contains("|", literal=True).fill_null(False).sum()
            sign, kind = _sign_of(adopted[0], amount_currency)
            # (a sign's usual currency, "$" the US dollar, "¥" the yen, needs no word of the others)
            notices.append(adopted[1] if not dollars or adopted[0] in USUAL_CURRENCY.values() else adopted[1].replace(
                "No column gives the currency: the amounts are",
                f"No column gives the currency, and '{sign}' is the sign of {kind}: the {dollars:,} "
                f"amount(s) written with '{sign}' are", 1))
        elif options.dollar_header:
            # (the "$" of the amount's header stays the US dollar)
            notices.append(options.dollar_header)
        typed["amount"] = amount
        problems += found
        notices += amount_notices
        if not options.currency_given:
            frame, said = dollar_column_currency(frame, placed, region, options.default_region)
            notices += said
        typed["currency"], found, currency_notices = validate_currency(
            frame, amount_currency, ctx,
            lambda: peso_currency(frame, region, placed, options.default_currency, options.default_region))
        problems += found
        notices += currency_notices
        problems, notices = _thousands_of_whole_currencies(typed["currency"], problems, notices)
        dates, found, date_notices = validate_dates(frame, ctx)
        typed.update(dates)
        problems += found
        notices += date_notices
        for rule in (validate_reference, validate_name, validate_scenario):
            series, found = rule(frame, ctx)
            typed[series.name] = series
            problems += found
        texts = drop_control_characters(clean_columns(frame, TEXT_FIELDS))
        problems += check_control_characters(frame, ctx, ("reference", "debtor.name"))
        problems += check_control_characters(frame, ctx, TEXT_FIELDS, dropped=True)
        typed["debtor.email"], found = emails.result()
        problems += found
        typed["debtor.phone"], found, phone_given = phones.result()
        problems += found
        notices += _region_notice(found, phone_given, country, region, ctx)
        if not options.currency_given:
            named = bool((frame["currency"].cast(pl.String).str.strip_chars() != "").any()) or amount_currency.is_not_null().any()
            # (numbers none of which reads in the region place nobody there)
            phoned = region if typed["debtor.phone"].is_not_null().any() else None
            said = currency_notice(frame, placed, phoned, options.default_currency, named)
            notices += said or ([] if named else large_amounts_notice(typed["amount"], options.default_currency))
    # an e-mail or a phone that is not valid is left out of the case: it reaches nobody
    reachable = pl.DataFrame([frame[LINE], typed["debtor.email"].alias("debtor.email"), typed["debtor.phone"].alias("debtor.phone")])
    problems += check_contact(pl.concat([reachable, texts], how="horizontal"), ctx)
    for field in TEXT_FIELDS:
        typed[field] = texts[field]
    bounded = [f for f in CASE_FIELDS if BY_NAME[f].max_length is not None]
    problems += check_lengths(pl.DataFrame([frame[LINE], *(typed[f].alias(f) for f in bounded)]), ctx)

    all_problems = concat_problems(problems)
    error_lines = all_problems.filter(pl.col("severity") == ERROR)["line"].unique()
    cases = frame.select(LINE).with_columns(
        (~pl.col(LINE).is_in(error_lines.implode())).alias(VALID),
        *(typed[f].alias(f) for f in CASE_FIELDS),
        frame[METADATA],
    )
    if amounts is not None:
        # (only lines added up can make a credit note of an invoice's number a debt of its own)
        cases, twice = _references_still_twice(cases, ctx)
        all_problems = concat_problems([all_problems, twice])
    check_cases(cases.lazy().filter(pl.col(VALID)))
    return ValidationResult(cases=cases, problems=all_problems, notices=notices, added_lines=added)
