"""Countries: ISO 3166 alpha-2 and alpha-3 codes and country names (French, English and the main
European languages, then the names in the other languages and scripts) to ISO 3166 alpha-2."""

from __future__ import annotations

from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from getbill_import.fields import LINE
from getbill_import.validate._common import Context, clean_columns, fold, problem_frame, quoted
from getbill_import.validate._country_data import COUNTRIES

FIELD = "debtor.address.country"

#: names people write that the ISO tables do not hold
ALIASES: dict[str, str] = {
    "uk": "GB", "u k": "GB", "great britain": "GB", "grande bretagne": "GB", "angleterre": "GB",
    "england": "GB", "scotland": "GB", "ecosse": "GB", "wales": "GB", "pays de galles": "GB",
    "northern ireland": "GB", "irlande du nord": "GB", "britain": "GB",
    "usa": "US", "u s a": "US", "us": "US", "u s": "US", "etats unis": "US", "etats unis d amerique": "US",
    "america": "US", "amerique": "US", "united states": "US",
    "hollande": "NL", "holland": "NL", "the netherlands": "NL",
    "russie": "RU", "russia": "RU", "south korea": "KR", "coree du sud": "KR", "north korea": "KP",
    "coree du nord": "KP", "czech republic": "CZ", "republique tcheque": "CZ", "tchequie": "CZ",
    "vatican": "VA", "ivory coast": "CI", "cote d ivoire": "CI", "macedonia": "MK", "macedoine": "MK",
    "swaziland": "SZ", "burma": "MM", "birmanie": "MM", "laos": "LA", "syria": "SY", "syrie": "SY",
    "iran": "IR", "vietnam": "VN", "viet nam": "VN", "bolivia": "BO", "bolivie": "BO",
    "venezuela": "VE", "tanzania": "TZ", "tanzanie": "TZ", "moldova": "MD", "moldavie": "MD",
    "taiwan": "TW", "kosovo": "XK", "reunion": "RE", "la reunion": "RE", "ile de la reunion": "RE",
    "guyane": "GF", "polynesie": "PF", "tahiti": "PF", "nouvelle caledonie": "NC", "el": "GR",
    "deutschland": "DE", "espana": "ES", "italia": "IT", "belgie": "BE", "schweiz": "CH",
    "svizzera": "CH", "osterreich": "AT", "oesterreich": "AT", "nederland": "NL", "portugal": "PT",
    "luxemburg": "LU", "letzebuerg": "LU", "monaco": "MC", "principaute de monaco": "MC",
    "uae": "AE", "u a e": "AE", "emirates": "AE", "ksa": "SA", "k s a": "SA", "drc": "CD",
}
_ARTICLES = ("the ", "la ", "le ", "les ", "l ")


def _strip_article(key: str) -> str:
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            return key[len(article):]
    return key


@lru_cache(maxsize=1)
def country_index() -> dict[str, str]:
    """Folded name or code -> alpha-2."""
    index: dict[str, str] = {}
    for alpha2, (_, names) in COUNTRIES.items():
        for name in names:
            index.setdefault(_strip_article(fold(name)), alpha2)
    from getbill_import.validate._country_native import NATIVE_NAMES

    # the names in other languages and scripts ("السعودية", "Саудовская Аравия"), after the main ones
    for alpha2, names in NATIVE_NAMES.items():
        for name in names:
            index.setdefault(_strip_article(fold(name)), alpha2)
    for alias, alpha2 in ALIASES.items():
        index[alias] = alpha2
    for alpha2, (alpha3, _) in COUNTRIES.items():
        index.setdefault(alpha3.lower(), alpha2)
        index.setdefault(alpha2.lower(), alpha2)
    return index


def resolve_country(text: str | None) -> str | None:
    """ISO 3166 alpha-2 of a code or name, or None."""
    if not text:
        return None
    key = fold(text)
    if not key:
        return None
    index = country_index()
    return index.get(key) or index.get(_strip_article(key))


def suggest_country(text: str) -> str | None:
    key = _strip_article(fold(text))
    if len(key) < 5:
        return None
    best = process.extractOne(key, list(country_index()), scorer=fuzz.ratio, score_cutoff=80)
    return country_index()[best[0]] if best else None


def validate_country(frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, list[pl.DataFrame]]:
    """Alpha-2 where the country is recognisable (else the cleaned text) and the problems."""
    work = frame.select(LINE, FIELD).with_columns(clean_columns(frame, [FIELD])[FIELD].alias("__clean__"))
    distinct = work["__clean__"].drop_nulls().unique().to_list()
    codes = {v: resolve_country(v) for v in distinct}
    work = work.with_columns(
        pl.col("__clean__").replace_strict(codes, default=None, return_dtype=pl.String).alias("__code__")
    )
    unknown = work.filter(pl.col("__clean__").is_not_null() & pl.col("__code__").is_null())
    problems = []
    if unknown.height:
        hints = {v: suggest_country(v) for v in unknown["__clean__"].unique().to_list()}
        problems.append(problem_frame(
            unknown, ctx, field=FIELD, code="invalid-country",
            message=quoted(pl.col("__clean__")) + pl.lit(" is not a country name or ISO 3166 code."),
            suggestion=pl.col("__clean__").replace_strict(hints, default=None, return_dtype=pl.String),
        ))
    typed = work.select(pl.coalesce("__code__", "__clean__").alias(FIELD)).to_series()
    return typed, problems
