"""The vectorised fast path for phone numbers, built from phonenumbers' own metadata.

A value is settled here when, once spaces, dots, dashes, slashes and parentheses are removed, it is
3 or more ASCII digits in one of these shapes, read in a region whose calling code no other region
shares and whose national prefix is a plain digit string (or absent) with no transform rule:

- ``+`` or the region's international prefix (a plain digit string such as ``00``), a calling code
  of such a region, then the rest (``+33 6 12 34 56 78``, ``+33 (0)6 12 34 56 78``, ``0033 6…``);
- anything else that does not start with the region's own calling code: the national number with or
  without the national prefix (``06 12 34 56 78``, or ``612345678`` once a spreadsheet dropped the 0).

For those shapes :func:`fast_phones` reproduces, in polars, what phonenumbers' ``parse`` does (the
national prefix is dropped when what follows is a viable number of a possible length), then
``is_valid_number`` (the length is possible and the number matches the general pattern and one
type's pattern, with that type's lengths) and, for invalid numbers, the length verdict that gives the
reason. Values outside the shapes go to phonenumbers itself. ``tests/validate/test_fast_paths.py``
proves the equivalence on generated numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
import polars as pl
from phonenumbers import PhoneMetadata, ValidationResult
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from getbill_import.validate._library import LENGTH_REASONS

#: characters phonenumbers ignores between digits and that the fast path removes
SEPARATORS = r"[ .\-/()]"
#: phonenumbers' bounds on a national significant number
_MAX_NSN = 17
_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
          "voicemail", "fixed_line", "mobile")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class RegionRules:
    region: str
    country_code: str
    #: national prefix ("0"), or None when numbers are dialled without one
    national_prefix: str | None
    #: international prefix when it is a plain digit string ("00"), else None
    international_prefix: str | None
    general_pattern: str
    #: possible lengths of any number of the region (phonenumbers' order) and local-only lengths
    lengths: tuple[int, ...]
    local_lengths: tuple[int, ...]
    #: (possible lengths, pattern) per group of number types
    types: tuple[tuple[tuple[int, ...], str], ...]


@cache
def region_rules(region: str) -> RegionRules | None:
    """The fast-path rules of a region, or None when its numbers always need phonenumbers."""
    metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
    if metadata is None or len(COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code or 0, ())) != 1:
        return None
    prefix, for_parsing = metadata.national_prefix, metadata.national_prefix_for_parsing
    if metadata.national_prefix_transform_rule or prefix != for_parsing:
        return None
    if prefix is not None and not _DIGITS.fullmatch(prefix):
        return None
    general = metadata.general_desc
    lengths = tuple(general.possible_length) if general else ()
    if general is None or not general.national_number_pattern or not lengths or min(lengths) < 1:
        return None
    groups: dict[tuple[int, ...], list[str]] = {}
    for name in _TYPES:
        desc = getattr(metadata, name)
        if desc is None or not desc.national_number_pattern:
            continue
        type_lengths = tuple(desc.possible_length) or lengths
        groups.setdefault(type_lengths, []).append(desc.national_number_pattern)
    idd = metadata.international_prefix
    return RegionRules(
        region=region.upper(),
        country_code=str(metadata.country_code),
        national_prefix=prefix,
        international_prefix=idd if idd and _DIGITS.fullmatch(idd) else None,
        general_pattern=general.national_number_pattern,
        lengths=lengths,
        local_lengths=tuple(general.possible_length_local_only or ()),
        types=tuple((ls, "|".join(f"(?:{p})" for p in patterns)) for ls, patterns in groups.items()),
    )


def _full(pattern: str) -> str:
    return f"^(?:{pattern})$"


def valid_expr(national: pl.Expr, rules: RegionRules) -> pl.Expr:
    """phonenumbers' ``is_valid_number`` for national significant numbers of one region."""
    length = national.str.len_bytes()
    general = length.is_in(list(rules.lengths)) & national.str.contains(_full(rules.general_pattern))
    typed = [length.is_in(list(ls)) & national.str.contains(_full(p)) for ls, p in rules.types]
    return general & (pl.any_horizontal(typed) if typed else pl.lit(False))


def length_verdict(national: pl.Expr, rules: RegionRules) -> pl.Expr:
    """phonenumbers' ``_test_number_length`` for any number of the region, as a ValidationResult."""
    n = national.str.len_bytes()
    first, rest = rules.lengths[0], list(rules.lengths[1:])
    return (
        pl.when(n.is_in(list(rules.local_lengths))).then(pl.lit(ValidationResult.IS_POSSIBLE_LOCAL_ONLY))
        .when(n == first).then(pl.lit(ValidationResult.IS_POSSIBLE))
        .when(n < first).then(pl.lit(ValidationResult.TOO_SHORT))
        .when(n > rules.lengths[-1]).then(pl.lit(ValidationResult.TOO_LONG))
        .when(n.is_in(rest)).then(pl.lit(ValidationResult.IS_POSSIBLE))
        .otherwise(pl.lit(ValidationResult.INVALID_LENGTH))
    )


def national_number(rest: pl.Expr, rules: RegionRules) -> pl.Expr:
    """The national significant number phonenumbers keeps from what follows the calling code (or
    from a domestic number): the national prefix is dropped unless the number without it is not
    viable while the number with it is, or its length is not a possible one."""
    prefix = rules.national_prefix
    if not prefix:
        return rest
    stripped = rest.str.slice(len(prefix))
    viable = rest.str.contains(f"^(?:{rules.general_pattern})$")
    viable_stripped = stripped.str.contains(f"^(?:{rules.general_pattern})$")
    too_short_for_region = length_verdict(stripped, rules).is_in(
        [ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY, ValidationResult.INVALID_LENGTH]
    )
    keep = (viable & ~viable_stripped) | too_short_for_region
    return pl.when(rest.str.starts_with(prefix) & ~keep).then(stripped).otherwise(rest)


@lru_cache(maxsize=1)
def calling_codes() -> dict[str, str]:
    """Calling code -> its only region, for the codes whose numbers the fast path may settle."""
    out = {}
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        if len(regions) == 1 and regions[0] in phonenumbers.SUPPORTED_REGIONS and region_rules(regions[0]):
            out[str(code)] = regions[0]
    return out


@lru_cache(maxsize=1)
def _code_of_prefix() -> dict[str, str]:
    """Any three leading digits -> the calling code they start with, for the fast-path codes
    (calling codes are prefix-free: at most one fits)."""
    codes = calling_codes()
    out = {}
    for i in range(1000):
        head = f"{i:03d}"
        for size in (1, 2, 3):
            if head[:size] in codes:
                out[head] = head[:size]
                break
    return out


def _locate(work: pl.DataFrame, rules: RegionRules | None) -> pl.DataFrame:
    """Calling code (``cc``) and the digits after it (``rest``), for the values of one reading
    region in a fast shape; both null for the others."""
    idd = rules.international_prefix if rules else None
    flags = work.select(
        pl.col("s").str.starts_with("+").alias("plus"),
        pl.col("s").str.contains(r"^\+?[0-9]{3,}$").alias("ok"),
        (pl.col("v").str.len_bytes() <= 250).alias("short"),
    )
    ok = (flags["ok"] & flags["short"]).fill_null(False)
    plus = flags["plus"].fill_null(False)
    digits = work["s"].str.strip_prefix("+")
    if idd:
        via_idd = ~plus & digits.str.starts_with(idd) & (digits.str.slice(len(idd), 1) != "0")
        intl = ok & (plus | via_idd.fill_null(False))
    else:
        intl = ok & plus
    cc = pl.repeat(None, work.height, dtype=pl.String, eager=True).alias("cc")
    rest = pl.repeat(None, work.height, dtype=pl.String, eager=True).alias("rest")
    if intl.any():
        rows = intl.arg_true()
        full = digits.gather(rows)
        if idd:
            full = pl.select(pl.when(plus.gather(rows)).then(full).otherwise(full.str.slice(len(idd)))).to_series()
        code = full.str.slice(0, 3).replace_strict(_code_of_prefix(), default=None, return_dtype=pl.String)
        after = pl.select(pl.when(code.is_not_null()).then(full.str.slice(code.str.len_bytes()))).to_series()
        usable = (full.str.len_bytes() >= 3) & (after.str.len_bytes() >= 2)
        cc = cc.scatter(rows, pl.select(pl.when(usable).then(code)).to_series())
        rest = rest.scatter(rows, pl.select(pl.when(usable).then(after)).to_series())
    if rules is not None:
        domestic = ok & ~plus & ~digits.str.starts_with(rules.country_code).fill_null(True)
        if idd:
            domestic = domestic & ~digits.str.starts_with(idd).fill_null(True)
        if domestic.any():
            rows = domestic.arg_true()
            cc = cc.scatter(rows, pl.Series([rules.country_code], dtype=pl.String).extend_constant(rules.country_code, len(rows) - 1))
            rest = rest.scatter(rows, digits.gather(rows))
    return work.with_columns(cc, rest)


def fast_phones(values: pl.DataFrame) -> pl.DataFrame:
    """``values`` has ``v`` (a number) and ``region`` (how to read it without + prefix). Returns
    ``e164`` (valid numbers) and ``reason`` (invalid ones), in the same order; both are null for
    the values phonenumbers itself must check."""
    n = values.height
    work = values.with_columns(pl.col("v").str.replace_all(SEPARATORS, "").alias("s"))
    cc = pl.repeat(None, n, dtype=pl.String, eager=True).alias("cc")
    rest = pl.repeat(None, n, dtype=pl.String, eager=True).alias("rest")
    regions = work["region"].unique().to_list()
    for region in regions:
        rules = region_rules(region) if region else None
        if len(regions) == 1:
            located = _locate(work, rules)
            cc, rest = located["cc"], located["rest"]
            break
        rows = (work["region"] == region if region else work["region"].is_null()).fill_null(False).arg_true()
        located = _locate(work[rows], rules)
        cc, rest = cc.scatter(rows, located["cc"]), rest.scatter(rows, located["rest"])
    e164 = pl.repeat(None, n, dtype=pl.String, eager=True).alias("e164")
    reason = pl.repeat(None, n, dtype=pl.String, eager=True).alias("reason")
    for code in cc.drop_nulls().unique().to_list():
        nsn, valid, number, why = _code_exprs(code)
        rows = (cc == code).fill_null(False).arg_true()
        verdict = pl.DataFrame({"rest": rest.gather(rows)}).select(nsn).with_columns(valid).with_columns(number)
        e164 = e164.scatter(rows, verdict["e164"])
        invalid = (~verdict["valid"]).fill_null(False)
        if invalid.any():
            reason = reason.scatter(rows.gather(invalid.arg_true()), verdict.filter(invalid).select(why).to_series())
    return values.with_columns(e164, reason)


@cache
def _code_exprs(code: str) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """For the numbers after calling code ``code`` (``rest``): their national significant number
    (``nsn``), whether it is valid (``valid``), the E.164 number of the valid ones (``e164``) and
    why the others are not (from ``nsn``)."""
    rules = region_rules(calling_codes()[code])
    assert rules is not None
    nsn = pl.col("nsn")
    reasons = {k: f"{v} for {rules.region}" for k, v in LENGTH_REASONS.items()}
    return (
        national_number(pl.col("rest"), rules).alias("nsn"),
        pl.when(nsn.str.len_bytes() <= _MAX_NSN).then(valid_expr(nsn, rules)).alias("valid"),
        pl.when("valid").then(pl.lit("+" + code) + nsn).alias("e164"),
        length_verdict(nsn, rules).replace_strict(reasons, return_dtype=pl.String),
    )
