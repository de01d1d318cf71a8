"""The region phone numbers without a country are read in, when the default region cannot be it.

A file of Colombian debtors read with the default region FR rejects nearly every phone: the
numbers are valid, but not French. A Saudi file's "05…" mobiles are valid French numbers, and
would be called in France. The regions the file itself points to are tried on a sample of its
numbers without a country: the countries of its national currencies, of its other rows' country
column, of its e-mail addresses' domains and of its numbers written with a country code. One that
reads clearly more of them than the default region is used, and a notice says so. A region the user set (``GETBILL_DEFAULT_REGION``) is
never replaced.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import phonenumbers
import polars as pl

from getbill_import.config import bundled_mappings_dir
from getbill_import.fields import METADATA
from getbill_import.validate._common import INVISIBLE_EDGES, fold
from getbill_import.validate.phones import FIELD, WITHOUT_PLUS, verdicts

#: distinct numbers without a country tried in each region
SAMPLE = 200
#: the e-mail addresses whose domains are read (the first ones)
EMAIL_SAMPLE = 20_000
#: fewer distinct numbers than this say too little to change the region
MIN_SAMPLE = 5
#: the share of the sample a region must read to be chosen ...
MIN_READ_SHARE = 0.3
#: ... and how many more numbers than the default region it must read: a share of the sample, and
#: at least a few
GAIN_SHARE = 0.1
MIN_GAIN = 3
#: the share of the numbers written with a country code (or of the rows with a country) that one
#: region must have for the file to say it: then it is taken if it reads as many as the default
SAID_SHARE = 0.8
#: currencies several countries share, which point to none of them (a national currency's code
#: starts with its country's: COP, GBP, CHF)
SHARED_CURRENCIES = frozenset({"EUR", "XOF", "XAF", "XCD", "XPF", "ANG", "XDR"})
#: the countries whose currency is the euro
EURO_REGIONS = frozenset({
    "AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI",
    "SK", "MC", "SM", "VA", "AD", "ME", "XK", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF",
    # (Bulgaria since 1 January 2026; its lev, BGN, is still read where a file writes it)
    "BG",
})
#: country-code top-level domains that are not the country's ISO code
_TLD_REGIONS = {"UK": "GB"}


#: the countries whose currency is another's or shared (Ecuador's is the US dollar, Senegal's the CFA franc)
SHARED_REGIONS = {
    **dict.fromkeys(("EC", "SV", "PR", "TL", "FM", "MH", "PW", "BQ", "VG", "TC", "GU", "AS", "MP", "VI"), "USD"),
    **dict.fromkeys(("SN", "CI", "ML", "BF", "NE", "TG", "BJ", "GW"), "XOF"),
    **dict.fromkeys(("CM", "GA", "CG", "TD", "CF", "GQ"), "XAF"),
    **dict.fromkeys(("AG", "DM", "GD", "KN", "LC", "VC", "AI", "MS"), "XCD"),
    **dict.fromkeys(("NC", "PF", "WF"), "XPF"),
    **dict.fromkeys(("LI",), "CHF"), **dict.fromkeys(("KI", "NR", "TV"), "AUD"),
}


def region_currency(region: str) -> str | None:
    """The currency of a country: the euro, a shared one (``SHARED_REGIONS``), or the national
    currency whose code starts with the country's (SA: SAR); None when that is not known."""
    from getbill_import.validate._currency_data import CURRENCIES

    if region in EURO_REGIONS:
        return "EUR"
    if region in SHARED_REGIONS:
        return SHARED_REGIONS[region]
    codes = [c for c in CURRENCIES if c[:2] == region and c not in SHARED_CURRENCIES]
    return codes[0] if len(codes) == 1 else None


@lru_cache(maxsize=64)
def currency_region(code: str) -> str | None:
    """The one country whose currency ``code`` is (TRY: Turkey, BRL: Brazil); None for a currency
    several countries write (the euro, the US dollar, the CFA franc) or none."""
    regions = [r for r in sorted(phonenumbers.SUPPORTED_REGIONS) if region_currency(r) == code.upper()]
    return regions[0] if len(regions) == 1 else None


def phones_currency(region: str, default_region: str, default_currency: str) -> tuple[str, str] | None:
    """When the phone numbers written without a country were read in another region than the
    default (``infer_region``), the creditor is there: its currency, and the notice that says so;
    None when the region is the default or its currency is the default's."""
    if region == default_region.upper():
        return None
    return _adopted(region, "where the phone numbers are", default_currency)


def dollar_header_currency(region: str, default_region: str) -> tuple[str, str] | None:
    """When the amount's header writes "$" alone ("Total$"), read as the US dollar, and the phone numbers
    written without their country were read in a country that writes its own currency with "$" (a
    peso: Mexico's, Colombia's), that currency and the notice that says so; None otherwise."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS

    currency = region_currency(region) if region != default_region.upper() else None
    if currency is None or currency == "USD" or currency not in AMBIGUOUS_SYMBOLS["$"]:
        return None
    return _adopted(region, "where the phone numbers are, which writes its own currency with '$'", "USD",
                    instead="US dollars, which the '$' of the amount's header would be read as")


def _adopted(region: str | None, why: str, default_currency: str, instead: str = "") -> tuple[str, str] | None:
    """The currency of ``region`` a file naming none is read in, and the notice that says why
    (``why``) and what it is read in instead of (the default currency, unless ``instead``); None when
    the region has no currency of its own, or the default's."""
    currency = region_currency(region) if region else None
    if currency is None or currency == default_currency.upper():
        return None
    instead = instead or f"{default_currency.upper()} (the default currency)"
    return currency, (
        f"No column gives the currency: the amounts are read in {currency}, the currency of {region}, {why}, not in "
        f"{instead}. If they are in another currency, set GETBILL_DEFAULT_CURRENCY to it and run again."
    )


def home_currency(frame: pl.DataFrame, languages: tuple[str, ...], default_currency: str) -> tuple[str, str] | None:
    """When the file names no currency and nothing else places it, the currency of the one country
    whose own language its headers are in (Korean, Polish, Japanese: ``HOME_REGIONS``), else whose
    own script its names and texts are written in (Thai, Georgian), else the United States' when its
    headers are in English and its dates written month first ("11/18/2025"), and the notice that says so;
    None when neither says a country, or its currency is the default."""
    region = HOME_REGIONS.get(languages[0]) if len(languages) == 1 else None
    why = f"as the headers are in its language ({languages[0]})" if region else ""
    if region is None and (found := script_region(frame)) is not None:
        region, why = found[0], f"as the file's names and texts are written in its script ({found[1]})"
    if region is None and languages == ("en",) and (written := month_first_date(frame)) is not None:
        region, why = "US", f"as the headers are in English and the dates are written month first ('{written}')"
    return _adopted(region, why, default_currency)


#: the e-mail addresses of one country's domain, at least, that tell which currency's "$" the amounts are in
DOLLAR_EMAILS = 2


#: the one country speaking each language (of the headers, other than English) that writes its own
#: currency with "$": French "110,00 $" is Canada's dollar (France, Belgium, Switzerland and
#: French-speaking Africa write none so). Spanish is no such language (the pesos, Ecuador's and
#: Puerto Rico's US dollar), nor Chinese (Hong Kong's, Taiwan's and Singapore's dollars).
DOLLAR_LANGUAGES = {"fr": "CA"}


def dollar_sign_currency(
    frame: pl.DataFrame, default_currency: str, languages: tuple[str, ...] = (),
) -> tuple[str, str] | None:
    """When the amounts are written with "$" and the e-mail addresses of a country's domain are all of
    one country that writes its own currency with it (an Argentinian family's ".com.ar" among gmail
    addresses: the peso), else the debtors' legal forms are of such a country alone (an Australian
    builder's "Pty Ltd" customers), else the headers are in a language spoken in one such country
    alone (a Quebec clinic's "Montant dû" of "110,00 $": ``DOLLAR_LANGUAGES``), that currency, and the
    notice that says so; None otherwise. The sign alone would be read as the US dollar."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS

    if "amount" not in frame.columns or not bool(frame["amount"].cast(pl.String).str.contains("$", literal=True).any()):
        return None
    counts = _email_region_counts(frame) if "debtor.email" in frame.columns else {}
    region = next(iter(counts)) if len(counts) == 1 and sum(counts.values()) >= DOLLAR_EMAILS else None
    why = "where the e-mail addresses are"
    if region is None:
        # (a legal form written in several countries of different currencies tells none)
        forms = _legal_form_regions(frame)
        region = forms[0] if forms and len({region_currency(r) for r in forms}) == 1 else None
        why = "where the debtors' legal forms are written"
    if region is None and len(languages) == 1 and (region := DOLLAR_LANGUAGES.get(languages[0])) is not None:
        why = f"the one country writing its currency with '$' where the headers' language ({languages[0]}) is spoken"
    # a currency written with "$" other than the US dollar (a peso), not the sign alone
    if region is None or region_currency(region) not in set(AMBIGUOUS_SYMBOLS["$"]) - {"USD"}:
        return None
    return _adopted(region, why, default_currency, instead="US dollars")


#: the language each country of ``LEGAL_FORMS`` writes its business in, where its legal form is
#: written in several countries ("Ltda": Brazil, Colombia, Chile)
FORM_LANGUAGES = {"BR": "pt", "CO": "es", "CL": "es", "EC": "es", "MX": "es", "SV": "es", "PE": "es", "AR": "es"}


def legal_form_currency(frame: pl.DataFrame, languages: tuple[str, ...], default_currency: str) -> tuple[str, str] | None:
    """When the file names no currency and nothing else places it, the currency of the countries the
    debtors' legal forms point to in which the headers' language (other than English) is spoken,
    when they have one currency ("Ltda" is written in Brazil, Colombia and Chile; beside Portuguese
    headers, "VLR_SALDO", it is Brazil's); and the notice that says so. None otherwise: a legal form
    alone may be an exporter's customers abroad. Beside English headers, spoken in all of them, the
    currency of the one country all the legal forms written are of ("Pte Ltd": Singapore's), none when
    they are of several ("Pvt Ltd": India's, Pakistan's, Bangladesh's…)."""
    if len(languages) != 1:
        return None
    if languages[0] == "en":
        # (by several debtors: one customer's is no more than where that one is)
        forms = _legal_form_regions(frame, distinct=True)
        return _adopted(forms[0], "as all the debtors' legal forms are written there", default_currency) \
            if len(forms) == 1 else None
    spoken = [r for r in _legal_form_regions(frame) if FORM_LANGUAGES.get(r) == languages[0]]
    if not spoken or len({region_currency(r) for r in spoken}) != 1:
        return None
    return _adopted(spoken[0], f"as the debtors' legal forms are written there and the headers are in its language "
                               f"({languages[0]})", default_currency)


def peso_currency(
    frame: pl.DataFrame, region: str, placed: tuple[str, str] | None, default_currency: str, default_region: str,
) -> tuple[str, str] | None:
    """The peso a currency column writing "PESOS" means, and why: the default currency when it is a
    peso, else the one peso of the countries the file points to (its phones' region, its addresses',
    its debtors' legal forms: "S.A. de C.V." is written in Mexico and in El Salvador, whose currency
    is the US dollar); None when nothing tells one."""
    from getbill_import.validate.currencies import PESOS

    if default_currency.upper() in PESOS:
        return default_currency.upper(), "the default currency"
    found = {
        r: why for r, why in (
            *([(region, "where the phone numbers are")] if region != default_region.upper() else []),
            *([(placed[0], "where the debtors' addresses are")] if placed else []),
            *((r, "where the debtors' legal forms are written") for r in _legal_form_regions(frame)),
            *((r, "where the e-mail addresses are") for r in _email_region_counts(frame)),
        ) if region_currency(r) in PESOS
    }
    if len({region_currency(r) for r in found}) != 1:
        return None
    first = next(iter(found))
    return str(region_currency(first)), f"the peso of {first}, {found[first]}"


#: an amount grouped in lakhs and crores ("1,28,500.00", "12,34,56,789"), as South Asia writes them, and
#: one grouped in thousands past a million ("1,234,567"), as nobody writing lakhs does
_LAKHS = r"(?:^|[^\d,.])\d{1,2},\d{2},\d{3}(?:\.\d{1,2})?(?:$|[^\d,])"
_MILLIONS = r"(?:^|[^\d,.])\d{1,3},\d{3},\d{3}(?:$|[^\d,])"


def lakh_currency(frame: pl.DataFrame, default_currency: str, header: str | None = None) -> tuple[str, str] | None:
    """When the file names no currency and nothing else places it, the Indian rupee when its amounts
    are grouped in lakhs ("1,28,500.00": Tally, Zoho Books, Busy), which India writes (Pakistan,
    Bangladesh and Nepal too, whose phones or legal forms say so first), and no amount is grouped
    in thousands past a million, or when the amount's ``header`` says they are counted in lakhs or
    crores ("amount_lakh"); and the notice that says so. None otherwise."""
    if "amount" not in frame.columns:
        return None
    if header is not None:
        return _adopted("IN", f"as '{header}' counts the amounts in lakhs or crores, as India does (Pakistan, "
                              "Bangladesh and Nepal too)", default_currency)
    amounts = frame["amount"].head(EMAIL_SAMPLE).cast(pl.String).drop_nulls()
    lakhs = amounts.filter(amounts.str.contains(_LAKHS))
    if not lakhs.len() or amounts.str.contains(_MILLIONS).any():
        return None
    return _adopted("IN", f"as the amounts are grouped in lakhs ('{lakhs[0].strip()}'), as India writes them "
                          "(Pakistan, Bangladesh and Nepal too)", default_currency)


#: the states and provinces of the countries whose addresses name them
SUBDIVISIONS_FILE = "subdivisions.toml"
#: the distinct states a column must name to place its debtors
MIN_STATES = 3
#: the most frequent distinct values of a column read for its states
STATES_READ = 200


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, frozenset[str]]:
    """Each country's states and provinces, as folded keys (their abbreviations and names)."""
    with (bundled_mappings_dir() / SUBDIVISIONS_FILE).open("rb") as fh:
        data = tomllib.load(fh)
    found: dict[str, set[str]] = {}
    for table in ("codes", "names"):
        for region, names in data.get(table, {}).items():
            found.setdefault(region, set()).update(fold(str(n)) for n in names)
    return {region: frozenset(names) for region, names in found.items()}


def states_region(states: pl.Series) -> str | None:
    """The one country whose states or provinces nearly all the rows' are ("TX", "Colorado": the United
    States; "NSW", "QLD": Australia), when they are at least ``MIN_STATES`` different ones and no other
    country's read as many; None otherwise."""
    written = states.drop_nulls().head(EMAIL_SAMPLE)
    # the most frequent values alone are folded: a column of free text is no column of states
    counts = Counter[str]()
    for value, n in written.value_counts(sort=True).head(STATES_READ).iter_rows():
        if value and (key := fold(str(value))):
            counts[key] += n
    total = written.len()
    if len(counts) < MIN_STATES:
        return None
    read = sorted(((sum(n for v, n in counts.items() if v in names), region) for region, names in _subdivisions().items()),
                  reverse=True)
    (best, region), (second, _) = read[0], read[1]
    return region if best >= SAID_SHARE * total and best > second else None


#: the cities of 50,000 people or more, by country (built by ``tools/build_cities.py``)
CITIES_FILE = "cities.json"
#: the share of the rows read whose city is one of them, for a column of cities to place its debtors
KNOWN_CITY_SHARE = 1 / 3
#: the share of those rows one country's cities must be
CITY_SHARE = 0.9


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Each city's country, by the folded spellings of its name."""
    with (bundled_mappings_dir() / CITIES_FILE).open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {name: region for region, names in data.items() for name in names}


def cities_region(cities: pl.Series) -> str | None:
    """The one country whose cities nearly all the rows' known cities are ("CASABLANCA", "TEMARA",
    "SALE": Morocco), when they are at least ``MIN_STATES`` different ones of it and a share of the
    rows (``KNOWN_CITY_SHARE``: the towns too small to be listed are many); None otherwise. A
    postal code written beside the city ("75011 Paris") is no part of its name."""
    written = cities.drop_nulls().head(EMAIL_SAMPLE)
    known = _cities()
    people, distinct = Counter[str](), Counter[str]()
    for value, n in written.value_counts(sort=True).head(STATES_READ).iter_rows():
        key = " ".join(w for w in fold(str(value)).split() if not w.isdigit()) if value else ""
        if (region := known.get(key)) is not None:
            people[region] += n
            distinct[region] += 1
    if not people:
        return None
    region, n = people.most_common(1)[0]
    if distinct[region] < MIN_STATES or sum(people.values()) < KNOWN_CITY_SHARE * written.len():
        return None
    return region if n >= CITY_SHARE * sum(people.values()) else None


def _examples(column: pl.Series) -> str:
    written = column.drop_nulls().cast(pl.String).str.strip_chars().unique(maintain_order=True)
    return ", ".join(f"'{v}'" for v in written.head(2).to_list())


def _place_of_addresses(frame: pl.DataFrame) -> tuple[str, str] | None:
    """The one country the debtors' states or provinces are of, else their cities, and how the file
    says it; None otherwise."""
    column = "debtor.address.region"
    if column in frame.columns and (region := states_region(frame[column])):
        return region, f"the debtors' states or provinces are {region}'s ({_examples(frame[column])})"
    column = "debtor.address.city"
    if column in frame.columns and (region := cities_region(frame[column])):
        return region, f"the debtors' cities are in {region} ({_examples(frame[column])})"
    column = "debtor.address.postal_code"
    if column in frame.columns and (region := postcodes_region(frame[column])):
        return region, f"the debtors' postcodes are written as {region}'s are ({_examples(frame[column])})"
    return None


#: postcodes written in one country's way alone: the United Kingdom's ("SW1A 1AA", "KA7 4HW"),
#: Canada's ("K1A 0B1"), the Netherlands' ("1012 AB"), Poland's ("00-950"), Brazil's ("01310-100"),
#: Portugal's ("1000-001"), Japan's ("100-0001")
POSTCODE_PATTERNS = (
    ("GB", r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"), ("CA", r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$"), ("NL", r"^\d{4} ?[A-Z]{2}$"),
    ("PL", r"^\d{2}-\d{3}$"), ("BR", r"^\d{5}-\d{3}$"), ("PT", r"^\d{4}-\d{3}$"), ("JP", r"^\d{3}-\d{4}$"),
)
#: the rows' postcodes read, at least, and the share of them one country's way must write
MIN_POSTCODES, POSTCODE_SHARE = 5, 0.9


def postcodes_region(codes: pl.Series) -> str | None:
    """The one country whose way of writing postcodes nearly all the rows' are written in (``POSTCODE_PATTERNS``),
    when there are ``MIN_POSTCODES`` of them at least; None otherwise."""
    written = codes.head(EMAIL_SAMPLE).cast(pl.String).str.strip_chars().str.to_uppercase().replace("", None).drop_nulls()
    if written.len() < MIN_POSTCODES:
        return None
    found = [region for region, pattern in POSTCODE_PATTERNS
             if int(written.str.contains(pattern).sum()) >= POSTCODE_SHARE * written.len()]
    return found[0] if len(found) == 1 else None


def address_region(frame: pl.DataFrame, country: pl.Series) -> tuple[str, str] | None:
    """The one country the debtors' addresses are in, and how the file says it: nearly all their
    countries name it, else their states or provinces are its, else their cities; None otherwise."""
    # the first rows tell (a million rows' countries are not counted for it)
    if (region := _said_region(_country_counts(country.head(EMAIL_SAMPLE)))) is not None:
        return region, f"the debtors' countries are {region}"
    return _place_of_addresses(frame)


def place_currency(
    frame: pl.DataFrame, placed: tuple[str, str] | None, default_currency: str, languages: tuple[str, ...] = (),
) -> tuple[str, str] | None:
    """When the file names no currency, the currency of the country its debtors' addresses are in
    (``placed``: ``address_region``), when a second sign of the file says the same country: dates written month
    first for the United States, the e-mail addresses' domains, amounts written with "$" for a
    country of dollars or pesos, or headers in a language of that country other than English (a
    Mexican lender's Spanish headers, ``languages``); and the notice that says so. None otherwise:
    the addresses alone may be an exporter's customers abroad."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS

    if placed is None:
        return None
    region, said = placed
    currency = region_currency(region)
    also = ""
    if region == "US" and (written := month_first_date(frame)) is not None:
        also = f"the dates are written month first ('{written}')"
    elif _email_region(frame) == region:
        also = f"the e-mail addresses are of {region}"
    elif (currency in AMBIGUOUS_SYMBOLS["$"] and "amount" in frame.columns
          and bool(frame["amount"].head(AMOUNT_SAMPLE).cast(pl.String).str.contains("$", literal=True).any())):
        also = "the amounts are written with '$'"
    elif currency in LARGE_CURRENCIES and "amount" in frame.columns and (median := _large_whole(frame["amount"])):
        also = f"the amounts are large whole numbers (a median of {median:,.0f}), as amounts in {currency} are"
    elif len(languages) == 1 and languages[0] != "en" and region in _spoken_in(languages):
        # (English headers are written by exporters the world over)
        also = f"the headers are in a language of {region} ({languages[0]})"
    if not also:
        return None
    return _adopted(region, f"as {said} and {also}", default_currency, instead="" if "$" not in also else "US dollars")


def dollar_column_currency(
    frame: pl.DataFrame, placed: tuple[str, str] | None, region: str, default_region: str
) -> tuple[pl.DataFrame, list[str]]:
    """A currency column writing "$" alone (an Argentine bank's "Moneda": $) in a file whose debtors
    are in one country that writes its own currency so (their phones were read there, or their
    countries or provinces name it: Córdoba, Misiones) is in that currency, said; "$" alone would be
    read as the US dollar. The frame with the column's "$" written as that currency's code."""
    from getbill_import.validate.currencies import AMBIGUOUS_SYMBOLS

    column = "currency"
    if column not in frame.columns or not frame.height:
        return frame, []
    first = frame[column].head(EMAIL_SAMPLE).cast(pl.String).str.strip_chars()
    if not bool((first.drop_nulls().filter(first.drop_nulls() != "") == "$").all()):
        # the first rows write another currency: the column is no "$" alone (nothing to read again)
        return frame, []
    written = frame[column].cast(pl.String).str.strip_chars()
    given = written.filter(written.is_not_null() & (written != ""))
    if not given.len() or not bool((given == "$").all()):
        return frame, []
    if region != default_region.upper():
        placed = (region, "where the phone numbers are")
    elif placed is not None:
        placed = (placed[0], f"as {placed[1]}")
    currency = region_currency(placed[0]) if placed is not None else None
    if placed is None or currency is None or currency == "USD" or currency not in AMBIGUOUS_SYMBOLS["$"]:
        return frame, []
    frame = frame.with_columns(pl.when(written == "$").then(pl.lit(currency)).otherwise(pl.col(column)).alias(column))
    return frame, [
        f"The currency column writes '$' alone: it is read as {currency}, the currency of {placed[0]}, {placed[1]}, not as "
        "US dollars. If the amounts are in US dollars, write USD in the column."
    ]


#: the languages of the vocabulary spoken as their own in one country alone, with a currency of its own:
#: a file whose headers are in one of them is most likely that country's
HOME_REGIONS = {"da": "DK", "sv": "SE", "no": "NO", "pl": "PL", "cs": "CZ", "sk": "SK", "uz": "UZ", "hu": "HU", "ro": "RO", "id": "ID", "bg": "BG", "et": "EE", "uk": "UA",
                "he": "IL",
                "vi": "VN", "fa": "IR", "ja": "JP", "ko": "KR", "tr": "TR"}


def currency_notice(
    frame: pl.DataFrame, placed: tuple[str, str] | None, region: str | None, default_currency: str, named: bool,
) -> list[str]:
    """Said when the file names no currency and its debtors' country has another than the default:
    the country their phones were read in (``region``, None without phones), else the one nearly all
    their countries or e-mail addresses name, else the one whose script its names are written in, else
    the United States of its month-first dates. (The country of the headers' language is adopted
    before: ``home_currency``.)"""
    if named or not frame.height:
        return []
    why = f"the phone numbers were read in {region}" if region else ""
    if region is None and placed is not None:
        region, why = placed
    if region is None and (region := _email_region(frame)):
        why = f"the e-mail addresses are of {region}"
    if region is None and (found := script_region(frame)) is not None:
        region, why = found[0], f"the file's names and texts are written in {found[1]} script"
    if region is None and (forms := _main_legal_form_regions(frame)):
        currencies = list(dict.fromkeys(c for r in forms if (c := region_currency(r)) is not None))
        if len(currencies) > 1:
            # a form written in several countries of different currencies ("Pvt Ltd": India's and its
            # neighbours') names them all, and claims none
            return [] if default_currency.upper() in currencies else [
                f"No column gives the currency: the amounts are read in {default_currency.upper()}, the default "
                f"currency, but the debtors' legal forms are written in {_listed(forms)}, whose currencies are "
                f"{_listed(currencies)}. If the amounts are in one of them, set GETBILL_DEFAULT_CURRENCY to it and run again."
            ]
        region, why = forms[0], f"the debtors' legal forms are written in {_listed(forms)}"
    if region is None and (written := month_first_date(frame)) is not None:
        region, why = "US", f"the dates are written month first ('{written}'), as in the United States"
    currency = region_currency(region) if region else None
    if currency is None or currency == default_currency.upper():
        return []
    return [
        f"No column gives the currency: the amounts are read in {default_currency.upper()}, the default currency, but "
        f"{why}, whose currency is {currency}. If the amounts are in {currency}, set GETBILL_DEFAULT_CURRENCY={currency} "
        "and run again."
    ]


#: scripts (or letters) written in one country only: (region, script's name, the pattern of its characters)
SCRIPTS = (
    ("TH", "Thai", "[\u0e00-\u0e7f]"), ("KR", "Korean", "[\uac00-\ud7af\u1100-\u11ff]"),
    # (Japan's kana, or its companies' legal forms written in kanji alone: 株式会社, 有限会社, 合同会社)
    ("JP", "Japanese", "[\u3040-\u30ff]|株式会社|有限会社|合同会社"), ("GE", "Georgian", "[\u10a0-\u10ff]"), ("AM", "Armenian", "[\u0530-\u058f]"),
    ("KH", "Khmer", "[\u1780-\u17ff]"), ("LA", "Lao", "[\u0e80-\u0eff]"), ("MM", "Myanmar", "[\u1000-\u109f]"),
    ("LK", "Sinhala", "[\u0d80-\u0dff]"), ("IL", "Hebrew", "[\u0590-\u05ff]"), ("ET", "Ethiopic", "[\u1200-\u137f]"),
    # the Cyrillic letters of one language alone, or its companies' legal forms: Russian's ы, э and
    # ООО, ПАО, ИП (Belarusian's ы beside its і reads as both, so as neither), Bulgarian's ъ, a vowel
    # of nearly every other word ("Търговия"; Russian writes it seldom) and ЕООД, ООД (its АД is North
    # Macedonia's and Serbia's too), Ukrainian's і, ї, є, ґ and ТОВ, ПрАТ, ФОП, Serbian's ђ, ћ
    ("RU", "Russian Cyrillic", r"[ыэЫЭ]|\b(?:ООО|ОАО|ЗАО|ПАО|ИП)\b"),
    ("BG", "Bulgarian Cyrillic", r"[ъЪ]|\b(?:ЕООД|ООД|ЕАД)\b"),
    ("UA", "Ukrainian Cyrillic", r"[іїєґІЇЄҐ]|\b(?:ТОВ|ПрАТ|ФОП)\b"),
    ("RS", "Serbian Cyrillic", "[ђћЂЋ]"),
    # Macedonian's ќ, ѓ, ѕ and its companies' ДООЕЛ, ДОО
    ("MK", "Macedonian Cyrillic", r"[ќѓѕЌЃЅ]|\b(?:ДООЕЛ|ДОО)\b"),
    # the letters of Vietnamese alone: its vowels with two marks, its dotted ones ("ạ", "ệ", "ữ")
    ("VN", "Vietnamese", "[\u1ea0-\u1ef9]"),
    # the characters mainland China writes simplified, which Taiwan, Hong Kong and Japan write otherwise
    # (广州, 东莞, 贸易, 电子, 实业, 有限责任公司: 廣, 東, 貿, 電, 實/実, 責)
    ("CN", "simplified Chinese", "[广东电车门书务贸实业厂丰发开关网银汇们这来对时说过还没应账单额余项费货价际责华长乐龙县]"),
)
#: the rows read for a script, and the share of them it must be written on
SCRIPT_ROWS, SCRIPT_SHARE = 5_000, 0.05


def script_region(frame: pl.DataFrame) -> tuple[str, str] | None:
    """The country whose own script the debtors' names, or the other texts of the rows, are written
    in (Thai, Korean, Georgian…), and the script's name, when one script alone is; None otherwise."""
    texts = [f for f in ("debtor.name", "debtor.address.city", "debtor.address.line1", METADATA) if f in frame.columns]
    if not texts or not frame.height:
        return None
    head = frame.head(SCRIPT_ROWS).select(pl.concat_str([pl.col(f).cast(pl.String) for f in texts], separator=" ", ignore_nulls=True))
    text = head.to_series()
    # most files write no letter of these scripts: their rows are read once, not once per script
    written = text.filter(text.str.contains("[\u0400-\U0010ffff]").fill_null(False))
    if written.len() < SCRIPT_SHARE * text.len():
        return None
    found = [
        (region, name) for region, name, pattern in SCRIPTS
        if int(written.str.contains(pattern).sum()) >= SCRIPT_SHARE * text.len()
    ]
    return found[0] if len(found) == 1 else None


#: a date that can only be written month first: "11/18/2025" (a day after the 12th in second place)
_MONTH_FIRST = r"^\s*(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/(?:\d{4}|\d{2})\b"
#: and one that can only be written day first
_DAY_FIRST = r"^\s*(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])/(?:\d{4}|\d{2})\b"


def month_first_date(frame: pl.DataFrame) -> str | None:
    """A date of the file that only a month-first writer writes ("11/18/2025"), when none is
    written day first: the United States' way (with slashes); None otherwise."""
    dates = [frame[f].cast(pl.String) for f in ("issue_date", "due_date") if f in frame.columns]
    if not dates:
        return None
    # each distinct date once: a million rows write a few thousand days
    values = pl.concat(dates).drop_nulls().unique(maintain_order=True)
    month = values.filter(values.str.contains(_MONTH_FIRST))
    if not month.len() or values.str.contains(_DAY_FIRST).any():
        return None
    return str(month[0]).strip()


#: the median amount from which whole amounts look like those of a currency without cents
LARGE_MEDIAN = 50_000
#: the share of the amounts that must be whole
WHOLE_SHARE = 0.9
#: the default currencies whose amounts run that large (no notice for them)
LARGE_CURRENCIES = frozenset({"JPY", "KRW", "IDR", "VND", "COP", "CLP", "PYG", "IRR", "UZS", "LAK", "UGX", "TZS",
                              "HUF", "ISK", "KZT", "NGN", "INR", "PKR", "LKR", "ARS", "MNT", "MMK", "KHR", "RWF"})


def _large_whole(amounts: pl.Series) -> float | None:
    """The median of a sample of amounts as written, when nearly all are whole and it is large
    (``LARGE_MEDIAN``: "591647", "1.250.000", "2,500,000.00"); None otherwise."""
    text = amounts.head(AMOUNT_SAMPLE).cast(pl.String).str.strip_chars().drop_nulls()
    text = text.filter(text != "")
    if text.len() < 3:
        return None
    # the whole amounts: digits in groups of three or not, and nothing after a separator but zeros
    whole = text.str.replace(r"[.,]0{1,2}$", "").str.replace_all(r"^-|[\s\u00a0]", "")
    grouped = whole.str.contains(r"^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$|^\d{1,3}(?:'\d{3})+$|^\d+$")
    if int(grouped.sum()) < WHOLE_SHARE * text.len():
        return None
    median = float(whole.filter(grouped).str.replace_all(r"[.,']", "").cast(pl.Float64).median() or 0.0)  # type: ignore[arg-type]
    return median if median >= LARGE_MEDIAN else None


def large_amounts_notice(amounts: pl.Series, default_currency: str) -> list[str]:
    """Said when the file names no currency and its amounts are large whole numbers (a median of
    1,090,000): amounts in pesos, rupiahs or dongs, which the default currency (the euro) would
    make a thousand times too large."""
    default = default_currency.upper()
    given = amounts.drop_nulls()
    if default in LARGE_CURRENCIES or given.len() < 3:
        return []
    whole = int((given == given.round(0)).sum()) / given.len()
    median = float(given.median() or 0.0)  # type: ignore[arg-type]
    if whole < WHOLE_SHARE or median < LARGE_MEDIAN:
        return []
    return [
        f"No column gives the currency: the amounts are read in {default}, the default currency, but they are large "
        f"whole numbers (a median of {median:,.0f}), as amounts in a currency without cents are (CLP, COP, IDR, KRW, VND, XOF, XAF…). If "
        "they are in another currency, set GETBILL_DEFAULT_CURRENCY and run again."
    ]


#: the part of a file's e-mail addresses, at least, one country's domain must name for the file to be placed there
EMAIL_REGION_SHARE = 3


def _email_region(frame: pl.DataFrame) -> str | None:
    """The country nearly all the file's e-mail addresses with a country's domain name (.com.br),
    when they are a third of its addresses at least (the others .com, of no country)."""
    if "debtor.email" not in frame.columns:
        return None
    emails = frame["debtor.email"].drop_nulls().head(EMAIL_SAMPLE)
    emails = emails.filter(emails.cast(pl.String).str.strip_chars() != "")
    regions = _email_region_counts(frame)
    found = _said_region(Counter(regions))
    return found if found and regions[found] * EMAIL_REGION_SHARE >= emails.len() else None


def _currency_regions(frame: pl.DataFrame, default_currency: str) -> list[str]:
    codes = Counter[str]()
    if "currency" in frame.columns:
        from getbill_import.validate.currencies import resolve_currency

        # as written ("SOL", "Dólares", "€"): each distinct value resolved once
        values = frame["currency"].cast(pl.String).drop_nulls().str.strip_chars()
        for value, count in values.value_counts().iter_rows():
            if isinstance(value, str) and (code := resolve_currency(value)):
                codes[code] += count
    if not codes and "amount" in frame.columns:
        codes.update(_amount_marks(frame["amount"]))
    if not codes:
        codes[default_currency.upper()] = 1
    return [code[:2] for code, _ in codes.most_common() if code not in SHARED_CURRENCIES]


#: the amounts read for the currency signs written in them
AMOUNT_SAMPLE = 500


def _amount_marks(amounts: pl.Series) -> Counter[str]:
    """The currencies the signs written in a sample of the amounts stand for ("$120.00": USD, as
    the amounts are then read; "1 200,00 €": EUR), counted."""
    from getbill_import.validate.currencies import amount_symbol_pattern, resolve_currency

    text = amounts.head(AMOUNT_SAMPLE).cast(pl.String).drop_nulls()
    marks = text.str.extract(rf"({amount_symbol_pattern()})").drop_nulls()
    found = Counter[str]()
    for mark, count in marks.value_counts().iter_rows():
        if isinstance(mark, str) and (code := resolve_currency(mark)):
            found[code] += count
    return found


def _email_region_counts(frame: pl.DataFrame) -> dict[str, int]:
    """The countries of the e-mail addresses' domains (.de, .co.uk: GB), each with its count, most
    frequent first."""
    if "debtor.email" not in frame.columns:
        return {}
    emails = frame["debtor.email"].drop_nulls().head(EMAIL_SAMPLE)
    tlds = emails.str.extract(r"\.([A-Za-z]{2})\s*$").drop_nulls().str.to_uppercase()
    return {_TLD_REGIONS.get(t, t): n for t, n in tlds.value_counts(sort=True).iter_rows()}


#: the legal forms of companies written in one country (or a few), which the debtors' names end with:
#: Ecuador's "Cía. Ltda.", Colombia's "S.A.S.", Mexico's "S.A. de C.V.", India's "Pvt Ltd", Malaysia's
#: "Sdn Bhd"; the regions they point to are tried for the phone numbers, which tell
LEGAL_FORMS = (
    (r"\bC[IÍ]A\.?\s*LTDA\b", ("EC", "CO")),
    (r"\bS\.\s?A\.\s?S\.?(?:\s|$)", ("CO",)),
    (r"\bS\.?\s?A\.?\s?DE\s?C\.?\s?V\b", ("MX", "SV")),
    (r"\bS\.?\s?A\.?\s?C\.?$|\bE\.?\s?I\.?\s?R\.?\s?L\b", ("PE",)),
    (r"\bLTDA\b", ("BR", "CO", "CL")),
    (r"\bEIRELI\b", ("BR",)),
    # Argentina's industrial and commercial companies: "PIRELLI NEUMATICOS SAIC", "S.A.C.I.F.I.A."
    (r"\bS\.?\s?A\.?\s?(?:I\.?\s?C|C\.?\s?I)\.?(?:\s?F\.?)?(?:\s?I\.?)?(?:\s?A\.?)?(?:[\s,]|$)", ("AR",)),
    (r"\bP(?:VT|RIVATE)\.?\s*L(?:TD|IMITED)\b", ("IN", "PK", "BD", "LK", "NP")),
    (r"\bSDN\.?\s*BHD\b", ("MY",)),
    (r"\bPTE\.?\s*LTD\b", ("SG",)),
    (r"\(PTY\)\s*LTD\b", ("ZA",)),
    (r"\bPTY\.?\s*LTD\b", ("AU",)),
    (r"\bSP\.?\s*Z\s*O\.?\s*O\b", ("PL",)),
    (r"\bA\.?\s?Ş\b|\bLTD\.?\s*ŞT[İI]\b", ("TR",)),
    (r"^\s*PT\.?\s", ("ID",)),
)


def legal_form_regions_of(text: str) -> tuple[str, ...]:
    """The regions the first legal form ``text`` writes points to ("Example Pty Ltd": Australia), ()
    when it writes none."""
    upper = text.upper()
    return next((regions for pattern, regions in LEGAL_FORMS if re.search(pattern, upper)), ())


#: the names read for legal forms, and how many must write one for its regions to be tried
FORM_NAMES, FORM_MIN = 5_000, 3


def _form_names(frame: pl.DataFrame) -> pl.Series:
    """The debtors' names read for their legal forms, in capitals (none without a name column)."""
    if "debtor.name" not in frame.columns:
        return pl.Series([], dtype=pl.String)
    return frame["debtor.name"].head(FORM_NAMES).cast(pl.String).drop_nulls().str.to_uppercase()


def _legal_form_regions(frame: pl.DataFrame, *, distinct: bool = False) -> list[str]:
    """The regions the debtors' names' legal forms point to, most written first (``distinct``: by
    the names written, each once)."""
    names = _form_names(frame)
    names = names.unique() if distinct else names
    counts = Counter[str]()
    for pattern, regions in LEGAL_FORMS:
        if (written := int(names.str.contains(pattern).sum())) >= FORM_MIN:
            for region in regions:
                counts[region] += written
    return [r for r, _ in counts.most_common()]


def _listed(items: Sequence[str]) -> str:
    """"IN, PK and BD"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _main_legal_form_regions(frame: pl.DataFrame) -> tuple[str, ...]:
    """The countries the legal form most of the debtors write is written in ("Pvt Ltd": India,
    Pakistan, Bangladesh, Sri Lanka and Nepal; "Cía. Ltda.": Ecuador and Colombia), () when none is
    written enough."""
    # each name counts for the first form listed it writes: "Cía. Ltda." before the "Ltda." in it
    counts = [0] * len(LEGAL_FORMS)
    left = _form_names(frame)
    for i, (pattern, _) in enumerate(LEGAL_FORMS):
        found = left.str.contains(pattern)
        counts[i], left = int(found.sum()), left.filter(~found)
    most = max(range(len(LEGAL_FORMS)), key=lambda i: counts[i])
    return LEGAL_FORMS[most][1] if counts[most] >= FORM_MIN else ()


def _coded_regions(phones: pl.Series) -> Counter[str]:
    """The regions of the numbers written with their country code (+57…, 0057…), counted."""
    written = phones.filter((phones.str.starts_with("+") | phones.str.starts_with("00")).fill_null(False)).head(SAMPLE)
    coded = written.str.replace_all(r"[\s.\-()/]", "").str.extract(r"^(?:\+|00)([1-9][0-9]{6,14})$").drop_nulls()
    found: Counter[str] = Counter()
    for digits in coded.head(SAMPLE).to_list():
        for size in (1, 2, 3):
            region = phonenumbers.region_code_for_country_code(int(digits[:size]))
            if region != "ZZ":
                found[region] += 1
                break
    # ... and the mobiles written with their country code, their "+" dropped ("260977358686"): a
    # number of another shape, or a landline, may be a national one
    found.update(bare_international(phones.head(EMAIL_SAMPLE)).values())
    return found


def bare_international(values: pl.Series) -> dict[str, str]:
    """The distinct values that are mobile numbers written with their country code and no "+"
    ("260977358686", a Zambian mobile; "33612345678"): their digits, and the country of each."""
    digits = values.cast(pl.String).str.strip_chars().str.replace(r"\.0$", "").str.replace_all(r"[\s.\-()/]", "")
    shaped = digits.filter(digits.str.contains(WITHOUT_PLUS).fill_null(False)).unique(maintain_order=True).head(SAMPLE)
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    found = {}
    for text in shaped.to_list():
        try:
            number = phonenumbers.parse("+" + text)
        except phonenumbers.NumberParseException:
            continue
        country = phonenumbers.region_code_for_number(number)
        if country is not None and phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in mobile:
            found[text] = country
    return found


def _said_region(counts: Counter[str]) -> str | None:
    """The region nearly all of ``counts`` name, when they are enough to tell."""
    if not counts:
        return None
    region, n = counts.most_common(1)[0]
    return region if n >= MIN_GAIN and n >= SAID_SHARE * sum(counts.values()) else None


def _country_counts(country: pl.Series) -> Counter[str]:
    """The rows' countries, counted."""
    return Counter(dict(country.drop_nulls().value_counts().iter_rows()))


def candidate_regions(frame: pl.DataFrame, coded: Counter[str], countries: Counter[str], default_currency: str) -> list[str]:
    """The regions the file points to (its numbers written with a country code, its countries, the
    country of its states or provinces, its national currencies, its e-mail domains, its debtors'
    legal forms), most telling first, each once."""
    states = states_region(frame["debtor.address.region"]) if "debtor.address.region" in frame.columns else None
    found = [
        *(r for r, _ in coded.most_common()), *(r for r, _ in countries.most_common()), *([states] if states else []),
        *_currency_regions(frame, default_currency), *_email_region_counts(frame), *_legal_form_regions(frame),
    ]
    supported = phonenumbers.SUPPORTED_REGIONS
    return list(dict.fromkeys(r for r in found if r in supported))


class _Read(NamedTuple):
    """How the numbers of a sample read in a region: valid, and of them valid only once a lost
    leading "0" is put back (a Peruvian mobile "999000001" read in France)."""

    valid: int
    repaired: int

    @property
    def score(self) -> float:
        # a number valid only once repaired counts for half of one valid as written
        return self.valid - 0.5 * self.repaired

    def said(self) -> str:
        return f"{self.valid}" + (
            f" ({self.valid - self.repaired} as written, the others once a lost leading 0 is put back)" if self.repaired else ""
        )


def _read(sample: pl.Series, region: str) -> _Read:
    """How the numbers of ``sample`` read in ``region``."""
    found = verdicts(pl.DataFrame({"v": sample, "region": pl.Series([region] * sample.len(), dtype=pl.String)}))
    return _Read(int(found["e164"].is_not_null().sum()), int(found["lost_zero"].sum()))


#: the regions tried when nothing in the file points to one and the default region reads few of
#: its numbers: the most populous, and those whose exports the tool reads
PHONE_REGIONS = (
    "IN", "PK", "BD", "NG", "KE", "GH", "ZA", "UG", "TZ", "ZW", "ZM", "EG", "MA", "DZ", "TN", "SA", "AE", "TR",
    "ID", "PH", "VN", "TH", "MY", "SG", "CN", "JP", "KR", "AU", "NZ", "US", "CA", "MX", "BR", "CO", "AR", "PE",
    "CL", "EC", "VE", "GT", "DO", "GB", "IE", "DE", "IT", "ES", "PT", "NL", "BE", "CH", "PL", "RU", "UA", "RO",
    "SN", "CI", "CM",
)
#: the share of the sample the region tried alone must read, and the most the next one may read of
#: what it reads
ALONE_READ_SHARE = 0.9
#: ... or, of the regions where the headers' language is spoken, the share the one region must read
SPOKEN_READ_SHARE = 0.8
ALONE_NEXT_SHARE = 0.6
#: of regions that read the numbers nearly alike, the one that reads every one of them wins when
#: each of the others leaves at least this share (and this many) invalid
MISS_SHARE = 0.05
MIN_MISSES = 5


def _numbers_alone(
    sample: pl.Series, default_region: str, default_read: _Read, languages: tuple[str, ...] = ()
) -> tuple[str, _Read, str] | None:
    """The one region that reads nearly all the numbers as written, when the default region reads
    fewer than half of them and no other region comes near it (61 Indian mobiles of ten digits:
    India reads them all, the next region a third)."""
    if default_read.score >= 0.5 * sample.len():
        return None
    tried = _tried_regions(languages)
    reads = sorted(((r, _read(sample, r)) for r in tried if r != default_region),
                   key=lambda found: -found[1].score)
    (best, best_read), (_, next_read) = reads[0], reads[1]
    if (own := _spoken_alone(reads, sample.len(), languages)) is not None and own[0] != best:
        region, read = own
        return region, read, (f", and the file's headers are in {', '.join(languages)}, a language of {region}; {best} "
                              f"reads {best_read.valid} of them as written, but is not where that language is spoken")
    if best_read.valid - best_read.repaired < ALONE_READ_SHARE * sample.len():
        if own is not None:
            # (nearly all read, some made-up numbers aside: the one region of the language that does)
            return (*own, f", and the file's headers are in {', '.join(languages)}: of the regions where it is spoken, "
                          f"only {own[0]} reads nearly all of them")
        return None
    # numbers stored as numbers ("8090668968.0") lost any leading 0: when another region where the
    # headers' language is spoken reads nearly all of them once it is put back (an Indian number as
    # written, a Nigerian mobile), either may be theirs, and neither is chosen
    spoken_in = _spoken_in(languages)
    stored = int(sample.cast(pl.String).str.contains(r"^\d+\.0$").sum()) >= ALONE_READ_SHARE * sample.len()
    if stored and best in spoken_in and any(
            r in spoken_in and read.valid >= ALONE_READ_SHARE * sample.len() for r, read in reads[1:]):
        return None
    if next_read.score <= ALONE_NEXT_SHARE * best_read.score:
        return best, best_read, f", and no other region of the {len(tried)} tried reads nearly as many"
    # several regions read them ("(22) 99908-8850": Brazil and Germany): the one whose own way of
    # writing its numbers they follow, when only one is
    rivals = [(r, read) for r, read in reads if read.score > ALONE_NEXT_SHARE * best_read.score]
    full = [(r, read) for r, read in rivals if read.valid - read.repaired >= ALONE_READ_SHARE * sample.len()]
    # (a region that leaves a twentieth of the numbers more invalid than another is not preferred for
    # its way of writing them: ten bare digits are Mexico's way, and India's mobiles)
    most = max((read.valid - read.repaired for _, read in full), default=0)
    written = [(r, read) for r, read in full if _written_as_in(sample, r) >= ALONE_READ_SHARE
               and most - (read.valid - read.repaired) < MISS_SHARE * sample.len()]
    spoken = [(r, read) for r, read in (written or full) if r in spoken_in]
    every = [(r, read) for r, read in full if read.valid - read.repaired == sample.len()]
    misses = sample.len() - max((read.valid for r, read in rivals if r != best), default=0)
    # regions of one country code (the United States, Canada and the Caribbean's +1) read each
    # other's numbers: the one whose area codes nearly all of them are of, when only one is
    of_own = [(r, read) for r, read in full if _numbers_region(sample, r) == r] if len(full) > 1 else []
    if len(written) == 1:
        chosen, why = written[0], f"they are written as numbers of {written[0][0]} are"
    elif len(of_own) == 1:
        chosen, why = of_own[0], f"nearly all of them are of {of_own[0][0]}'s area codes"
    elif every == [reads[0]] and misses >= max(MIN_MISSES, MISS_SHARE * sample.len()):
        # one region reads every number as written; in the others, some are no numbers at all
        chosen, why = every[0], f"{best} reads every one of them, the others leave {misses} or more invalid"
    elif len(spoken) == 1:
        chosen, why = spoken[0], f"the file's headers are in {', '.join(languages)}, a language of {spoken[0][0]}"
    else:
        return None
    others = [r for r, _ in rivals if r != chosen[0]]
    return (*chosen, f"; {', '.join(others)} read{'s' if len(others) == 1 else ''} many of them too, but {why}")


def _numbers_region(sample: pl.Series, region: str) -> str | None:
    """The region nearly all the numbers of ``sample`` valid in ``region`` are of, by their area
    codes ("405 721 2194": Oklahoma's, the United States' though Canada reads it too); None when they
    are of several."""
    counts = Counter[str]()
    for text in sample.to_list():
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and (of := phonenumbers.region_code_for_number(number)):
            counts[of] += 1
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    return top if n >= ALONE_READ_SHARE * sum(counts.values()) else None


#: the numbers a file must write for one of them to be a typo among those a region reads
_FEW_WITH_A_TYPO = 3


def _spoken_alone(
    reads: list[tuple[str, _Read]], size: int, languages: tuple[str, ...], *, every: bool = False,
) -> tuple[str, _Read] | None:
    """The one region where the file's headers' language is spoken that reads nearly all the
    numbers, a lost leading 0 put back or not ("2615871377": Argentina, written without the "0" of
    its area code; India reads most of them too, as mobiles), when it is the only one; with
    ``every``, the one that reads every number as written (all but one, of three or more: a digit
    typed twice, "619994121708" beside three Brazilian mobiles)."""
    spoken = _spoken_in(languages)
    least = size - 1 if size >= _FEW_WITH_A_TYPO else size
    full = [(r, read) for r, read in reads if r in spoken and (
        read.valid - read.repaired >= least if every else read.valid >= SPOKEN_READ_SHARE * size)]
    return full[0] if len(full) == 1 else None


def _tried_regions(languages: tuple[str, ...]) -> tuple[str, ...]:
    """``PHONE_REGIONS``, and the regions where the headers' language is spoken (Bulgaria's, Estonia's:
    their short numbers read in many places, they are tried only for files in their language)."""
    return PHONE_REGIONS + tuple(sorted(_spoken_in(languages) - set(PHONE_REGIONS)))


#: the regions where each language of the vocabulary is spoken (``PHONE_REGIONS``, and a few more)
LANGUAGE_REGIONS = {
    "es": ("ES", "MX", "CO", "AR", "PE", "CL", "EC", "VE", "GT", "DO", "US"),
    "pt": ("BR", "PT"),
    "fr": ("FR", "BE", "CH", "CA", "SN", "CI", "CM", "MA", "DZ", "TN"),
    "it": ("IT", "CH"),
    "de": ("DE", "CH"),
    "nl": ("NL", "BE"),
    "en": ("US", "GB", "IE", "CA", "AU", "NZ", "IN", "PK", "NG", "KE", "GH", "ZA", "UG", "TZ", "ZW", "ZM", "PH", "SG", "MY"),
    "id": ("ID",),
    "vi": ("VN",),
    "pl": ("PL",),
    "ro": ("RO",),
    "ru": ("RU", "UA"),
    "bg": ("BG",),
    "uk": ("UA",),
    "et": ("EE",),
    "ar": ("SA", "AE", "EG", "MA", "DZ", "TN", "QA", "KW", "BH", "OM", "JO", "LB", "IQ"),
    "zh": ("CN", "SG", "MY"),
    "ja": ("JP",),
    "ko": ("KR",),
}


def _spoken_in(languages: tuple[str, ...]) -> set[str]:
    return {r for language in languages for r in LANGUAGE_REGIONS.get(language, ())}


def _written_as_in(sample: pl.Series, region: str) -> float:
    """The share of ``sample`` written as ``region`` writes its numbers ("(22) 99908-8850" in
    Brazil), spaces aside."""
    same = 0
    for text in sample.to_list():
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        same += national.replace(" ", "") == str(text).replace(" ", "")
    return same / sample.len() if sample.len() else 0.0


def infer_region(
    frame: pl.DataFrame, country: pl.Series, default_region: str, default_currency: str, languages: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """The region to read the numbers without a country in, and the notice that says why when it
    is not ``default_region``; ``languages``, those of the file's headers, tell apart regions whose
    numbers are written alike (Colombian and Italian mobiles)."""
    default_region = default_region.upper()
    if FIELD not in frame.columns:
        return default_region, []
    phones = frame[FIELD].cast(pl.String).str.strip_chars(INVISIBLE_EDGES)
    regionless = phones.filter(phones.is_not_null() & (phones != "") & country.is_null())
    sample = regionless.unique(maintain_order=True).head(SAMPLE)
    if not sample.len():
        return default_region, []
    default_read = _read(sample, default_region)
    coded, countries = _coded_regions(phones), _country_counts(country)
    home = _home_region(sample, default_region, default_read, languages)
    if sample.len() < MIN_SAMPLE:
        few = _few_numbers(sample, coded, default_region, default_read, languages) or home
        return (default_region, []) if few is None else (few[0], _region_notice(sample, default_region, default_read, *few))
    candidates = [r for r in candidate_regions(frame, coded, countries, default_currency) if r != default_region]
    best, best_read = default_region, default_read
    for region in candidates:
        if (read := _read(sample, region)).score > best_read.score:
            best, best_read = region, read
    # the region nearly all the numbers written with a country code, else the rows' countries, else
    # their states or provinces, name
    said = _said_region(coded) or _said_region(countries)
    if said is None and (placed := _place_of_addresses(frame)) is not None:
        said = placed[0]
    gain = best_read.score - default_read.score
    if said is not None and said != default_region and (said_read := _read(sample, said)).score >= default_read.score:
        best, best_read, why = said, said_read, (
            f", and the file's numbers written with a country code, its countries or its states, provinces or cities "
            f"are of {said}")
    elif home is not None:
        best, best_read, why = home
    elif (
        best != default_region and best_read.score >= MIN_READ_SHARE * sample.len()
        and gain >= max(MIN_GAIN, GAIN_SHARE * sample.len())
    ):
        why = ""
    elif (alone := _numbers_alone(sample, default_region, default_read, languages)) is not None:
        best, best_read, why = alone
    else:
        return default_region, []
    return best, _region_notice(sample, default_region, default_read, best, best_read, why)


def _home_region(
    sample: pl.Series, default_region: str, default_read: _Read, languages: tuple[str, ...],
) -> tuple[str, _Read, str] | None:
    """The one country whose own language the headers are in (``HOME_REGIONS``: Japanese, Czech,
    Korean), when it is not the default region and reads the numbers as well as the default does:
    "03-1234-5678" under Japanese headers is a Tokyo number, though France reads it too. None
    otherwise."""
    region = HOME_REGIONS.get(languages[0]) if len(languages) == 1 else None
    if region is None or region == default_region or region not in phonenumbers.SUPPORTED_REGIONS:
        return None
    read = _read(sample, region)
    if not read.valid or read.score < default_read.score:
        return None
    return region, read, f", and the file's headers are in {languages[0]}, the language of {region}"


def _region_notice(sample: pl.Series, default_region: str, default_read: _Read, region: str, read: _Read, why: str) -> list[str]:
    return [
        f"Phone numbers without a country were read as numbers of {region}, not of {default_region} (the default "
        f"region): {read.said()} of {sample.len()} distinct numbers checked are valid in {region}, {default_read.said()} in "
        f"{default_region}{why}. Set GETBILL_DEFAULT_REGION to read them in another region, or add a country column."
    ]


def _few_numbers(
    sample: pl.Series, coded: Counter[str], default_region: str, default_read: _Read, languages: tuple[str, ...],
) -> tuple[str, _Read, str] | None:
    """Of a file with fewer than ``MIN_SAMPLE`` numbers without a country, the region to read them
    in when the file says it: the one country of every number written with its code, if it reads all
    of them ("+225 07 08 45 12 33" beside "07 59 33 21 10"); else, when the default region reads
    fewer than half of them, the one region where the headers' language is spoken that reads every
    one (Egyptian mobiles under Arabic headers); None otherwise."""
    if (len(coded) == 1 and (region := next(iter(coded))) != default_region
            and (read := _read(sample, region)).valid == sample.len()):
        return region, read, f", and the file's numbers written with a country code are all of {region}"
    if default_read.score >= 0.5 * sample.len():
        return None
    reads = [(r, _read(sample, r)) for r in _tried_regions(languages) if r in _spoken_in(languages) and r != default_region]
    if (alone := _spoken_alone(reads, sample.len(), languages, every=True)) is None:
        return None
    return (*alone, f", and the file's headers are in {', '.join(languages)}: of the regions where it is spoken, "
                    f"only {alone[0]} reads them")
