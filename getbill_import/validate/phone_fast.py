"""The vectorised fast path for phone numbers, built from phonenumbers' own metadata.

A value is settled here when, once spaces, dots, dashes, slashes and parentheses are removed, it is
ASCII digits in one of these shapes, for a calling code shared by no other region and whose national
prefix is a plain digit string (or absent) with no transform rule:

- ``+CC`` then the national number, possibly after the national prefix (``+33 (0)6 12 34 56 78``);
- the region's international prefix when it is a plain digit string, ``CC`` and the number (``0033…``);
- the region's national prefix then the national number (``06 12 34 56 78``);
- the national number alone (``612345678``, a number a spreadsheet stripped of its leading zero).

For those shapes phonenumbers' ``parse`` reduces the value to that national number, and
``is_valid_number`` is "its length is possible and it matches the general pattern and one type's
pattern (with that type's lengths)" — which is what :func:`valid_expr` evaluates, in polars, from the
same metadata. Only numbers found valid are settled; every other value goes to phonenumbers for its
verdict and reason. ``tests/validate/test_fast_paths.py`` proves the equivalence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
import polars as pl
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

#: characters phonenumbers ignores between digits and that the fast path removes
SEPARATORS = r"[ .\-/()]"
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
    #: ((possible lengths, pattern), ...): the general description, then one entry per group of types
    general: tuple[tuple[int, ...], str]
    types: tuple[tuple[tuple[int, ...], str], ...]


@cache
def region_rules(region: str) -> RegionRules | None:
    """The fast-path rules of a region, or None when its numbers always need phonenumbers."""
    metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
    if metadata is None or len(COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code, ())) != 1:
        return None
    prefix, for_parsing = metadata.national_prefix, metadata.national_prefix_for_parsing
    if metadata.national_prefix_transform_rule or prefix != for_parsing:
        return None
    if prefix is not None and not _DIGITS.fullmatch(prefix):
        return None
    general = metadata.general_desc
    if general is None or not general.national_number_pattern:
        return None
    groups: dict[tuple[int, ...], list[str]] = {}
    for name in _TYPES:
        desc = getattr(metadata, name)
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = tuple(desc.possible_length) or tuple(general.possible_length)
        groups.setdefault(lengths, []).append(desc.national_number_pattern)
    idd = metadata.international_prefix
    return RegionRules(
        region=region.upper(),
        country_code=str(metadata.country_code),
        national_prefix=prefix,
        international_prefix=idd if idd and _DIGITS.fullmatch(idd) else None,
        general=(tuple(general.possible_length), general.national_number_pattern),
        types=tuple((lengths, "|".join(f"(?:{p})" for p in patterns)) for lengths, patterns in groups.items()),
    )


def valid_expr(national: pl.Expr, rules: RegionRules) -> pl.Expr:
    """phonenumbers' ``is_valid_number`` for the national significant numbers of one region."""
    length = national.str.len_bytes()

    def matches(lengths: tuple[int, ...], pattern: str) -> pl.Expr:
        fits = length.is_in(list(lengths)) if lengths else pl.lit(True)
        return fits & national.str.contains(f"^(?:{pattern})$")

    general = matches(*rules.general)
    typed = pl.any_horizontal([matches(lengths, pattern) for lengths, pattern in rules.types]) if rules.types else pl.lit(False)
    return general & typed


@lru_cache(maxsize=1)
def _calling_codes() -> dict[str, str]:
    """Calling code -> its only region, for the codes the fast path may settle."""
    out = {}
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        if len(regions) == 1 and regions[0] in phonenumbers.SUPPORTED_REGIONS and region_rules(regions[0]):
            out[str(code)] = regions[0]
    return out


def fast_phones(values: pl.DataFrame) -> pl.DataFrame:
    """``values`` has ``v`` (the number, whitespace already collapsed) and ``region`` (how to read
    it without + prefix). Returns them, in the same order, with ``e164``: set when the fast path
    found the number valid, null when phonenumbers must decide."""
    regions = values["region"].unique().to_list()
    table = pl.DataFrame(
        [
            (r, rules.country_code, rules.national_prefix, rules.international_prefix)
            for r in regions if r and (rules := region_rules(r))
        ],
        schema={"region": pl.String, "r_cc": pl.String, "r_np": pl.String, "r_idd": pl.String},
        orient="row",
    )
    work = values.with_row_index("__i").join(table, on="region", how="left", maintain_order="left")
    work = work.with_columns(pl.col("v").str.replace_all(SEPARATORS, "").alias("s"))
    digits = pl.col("s").str.strip_prefix("+")
    shape_ok = (pl.col("v").str.len_chars() <= 250) & digits.str.contains(r"^[0-9]+$")
    plus = pl.col("s").str.starts_with("+")
    idd = pl.col("r_idd")
    via_idd = (
        ~plus & idd.is_not_null() & digits.str.starts_with(idd.fill_null(""))
        & (digits.str.slice(idd.str.len_chars(), 1) != "0")
    )
    work = work.with_columns(
        (shape_ok & (plus | via_idd.fill_null(False))).alias("intl"),
        (
            shape_ok & ~plus & ~via_idd.fill_null(False) & pl.col("r_cc").is_not_null()
            & ~digits.str.starts_with(pl.col("r_cc").fill_null(""))
        ).fill_null(False).alias("domestic"),
        pl.when(plus).then(digits).otherwise(digits.str.slice(idd.str.len_chars())).alias("idigits"),
    )
    codes = _calling_codes()
    head = pl.col("idigits")
    cc = (
        pl.when(head.str.slice(0, 1).is_in(list(codes))).then(head.str.slice(0, 1))
        .when(head.str.slice(0, 2).is_in(list(codes))).then(head.str.slice(0, 2))
        .when(head.str.slice(0, 3).is_in(list(codes))).then(head.str.slice(0, 3))
    )
    with_prefix = pl.col("r_np").is_not_null() & digits.str.starts_with(pl.col("r_np").fill_null(""))
    work = work.with_columns(
        pl.when("intl").then(cc).when("domestic").then(pl.col("r_cc")).alias("cc"),
        pl.when("intl").then(head.str.slice(cc.str.len_chars()))
        .when(pl.col("domestic") & with_prefix).then(digits.str.slice(pl.col("r_np").str.len_chars()))
        .when("domestic").then(digits)
        .alias("rest"),
    ).with_columns(pl.col("cc").replace_strict(codes, default=None, return_dtype=pl.String).alias("target"))
    parts = [work.filter(pl.col("target").is_null()).with_columns(pl.lit(None, pl.String).alias("nsn"))]
    for target in work["target"].drop_nulls().unique().to_list():
        rules = region_rules(target)
        assert rules is not None
        rest = pl.col("rest")
        national = rest
        if rules.national_prefix:
            # after +CC a national prefix is dropped when what follows it is a valid number
            national = (
                pl.when(pl.col("intl") & rest.str.starts_with(rules.national_prefix))
                .then(rest.str.slice(len(rules.national_prefix))).otherwise(rest)
            )
        subset = work.filter(pl.col("target") == target).with_columns(national.alias("nsn"))
        parts.append(subset.with_columns(pl.when(valid_expr(pl.col("nsn"), rules)).then(pl.col("nsn")).alias("nsn")))
    settled = pl.concat(parts, how="vertical_relaxed").sort("__i")
    return values.with_columns(
        settled.select(pl.when(pl.col("nsn").is_not_null()).then("+" + pl.col("cc") + pl.col("nsn")))
        .to_series().alias("e164")
    )
