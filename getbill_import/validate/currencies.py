"""Currencies: ISO 4217 codes, symbols (€, $, £, CHF…) and names (euro, dollar US, livre sterling…)
to ISO codes; the currency column checked against the currency written in the amount cells."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from getbill_import.fields import LINE
from getbill_import.validate._common import Context, clean_columns, fold, problem_frame, quoted
from getbill_import.validate._currency_data import CURRENCIES, THREE_DECIMAL_CURRENCIES

FIELD = "currency"

#: every ISO 4217 code accepted as an invoice currency
ISO_4217: frozenset[str] = frozenset(CURRENCIES)

#: currency symbols and abbreviations as they appear in cells
SYMBOLS: dict[str, str] = {
    "€": "EUR", "$": "USD", "US$": "USD", "U$S": "USD", "£": "GBP", "¥": "JPY", "JP¥": "JPY",
    "CN¥": "CNY", "RMB": "CNY", "C$": "CAD", "CA$": "CAD", "CAN$": "CAD", "A$": "AUD", "AU$": "AUD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "₹": "INR", "₽": "RUB", "руб.": "RUB", "руб": "RUB", "р.": "RUB",
    "₺": "TRY", "₩": "KRW", "₪": "ILS", "₫": "VND", "₱": "PHP", "₦": "NGN", "₴": "UAH", "฿": "THB",
    "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "lei": "RON", "Fr.": "CHF", "SFr.": "CHF", "sFr.": "CHF",
    "Rp": "IDR", "Rp.": "IDR", "RM": "MYR", "S/": "PEN", "S/.": "PEN", "NT$": "TWD", "KSh": "KES",
    "Ksh": "KES", "₵": "GHS", "₡": "CRC", "₲": "PYG", "₸": "KZT", "₾": "GEL", "лв": "BGN", "TL": "TRY",
    # the Arab countries' abbreviations ("ر.س": riyal saoudien, "د.إ": dirham of the Emirates)
    "ر.س": "SAR", "ر.ق": "QAR", "د.إ": "AED", "د.ك": "KWD", "ر.ع": "OMR", "د.ب": "BHD", "د.أ": "JOD", "ج.م": "EGP",
    "د.م.": "MAD", "د.م": "MAD", "د.ت": "TND", "د.ج": "DZD", "ل.ل": "LBP", "ر.ي": "YER", "د.ع": "IQD", "د.ل": "LYD",
    # the CFA franc: West Africa's (XOF), which Central Africa's (XAF) is worth to the unit, both pegged to the euro
    "FCFA": "XOF", "F CFA": "XOF", "F.CFA": "XOF", "CFAF": "XOF",
}

#: symbols read only before the number of an amount column ("R5000", "R 1 875.50": the South African
#: rand): alone, a letter opens too many document numbers ("R07765") to say an amount
PREFIX_SYMBOLS: dict[str, str] = {"R": "ZAR"}

#: symbols several currencies write alike: "kr" is the Swedish, Norwegian, Danish or Icelandic
#: crown, "Rs" a rupee; the currency column or the default currency says which
AMBIGUOUS_SYMBOLS: dict[str, tuple[str, ...]] = {
    **{mark: ("SEK", "NOK", "DKK", "ISK") for mark in ("kr", "kr.", "Kr", "Kr.", ",-")},
    # the rupee of India, Pakistan, Sri Lanka or Nepal ("₹" is India's alone)
    **{mark: ("INR", "PKR", "LKR", "NPR") for mark in ("Rs", "Rs.")},
    # the dollar of the United States, and of Canada, Australia… when the default currency is theirs
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "UYU", "DOP"),
    # the yen, and the yuan China writes with the same sign ("¥12,800.00" beside Chinese names)
    **{mark: ("JPY", "CNY") for mark in ("¥", "￥")},
}
#: the currency an ambiguous symbol stands for when neither a currency column nor the default
#: currency says which: "$" alone is the US dollar, "¥" the yen ("kr" has no such currency: it is a problem)
USUAL_CURRENCY = {"$": "USD", "¥": "JPY", "￥": "JPY"}

#: currencies most often met on invoices, preferred when a suggestion is a tie
_COMMON = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "CNY", "SEK", "NOK", "DKK", "PLN",
           "CZK", "HUF", "RON", "MAD", "TND", "DZD", "XOF", "XAF", "XPF", "BRL", "INR", "MXN")

#: the codes a field name writes in lower case among its words ("balance_krw", "amount_sgd"; not
#: "mad", "try", "pen", "all", "top", "cup", "bob", "gel": words too)
_NAMED_IN_FIELDS = frozenset(_COMMON) - {"MAD"} | {
    "KRW", "VND", "IDR", "THB", "PHP", "MYR", "SGD", "HKD", "TWD", "NZD", "ZAR", "NGN", "KES", "EGP", "SAR", "AED",
    "QAR", "KWD", "BHD", "OMR", "ILS", "RUB", "UAH", "COP", "CLP", "ARS", "UYU", "PKR", "BDT", "LKR", "GHS", "UGX",
    "TZS", "ISK", "BGN", "RSD", "KZT", "JOD",
}

_ALIASES: dict[str, str] = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    # Chinese: the US dollar, the renminbi, the euro, the Hong Kong dollar
    "美元": "USD", "美金": "USD", "人民币": "CNY", "人民幣": "CNY", "欧元": "EUR", "歐元": "EUR", "港币": "HKD", "港幣": "HKD",
    "dollar": "USD", "dollars": "USD", "dollar us": "USD", "dollars us": "USD", "us dollar": "USD",
    "dollar americain": "USD", "dollars americains": "USD", "american dollar": "USD", "usd": "USD",
    "dollar des etats unis": "USD", "u s dollar": "USD",
    "livre": "GBP", "livres": "GBP", "livre sterling": "GBP", "livres sterling": "GBP", "sterling": "GBP",
    "pound": "GBP", "pounds": "GBP", "pound sterling": "GBP", "british pound": "GBP", "gbp": "GBP",
    "livre britannique": "GBP",
    "franc suisse": "CHF", "francs suisses": "CHF", "swiss franc": "CHF", "swiss francs": "CHF",
    "dollar canadien": "CAD", "dollars canadiens": "CAD", "canadian dollar": "CAD",
    "dollar australien": "AUD", "australian dollar": "AUD",
    "yen": "JPY", "yen japonais": "JPY", "japanese yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "yuan renminbi": "CNY",
    "zloty": "PLN", "couronne danoise": "DKK", "couronne suedoise": "SEK", "couronne norvegienne": "NOK",
    "danish krone": "DKK", "swedish krona": "SEK", "norwegian krone": "NOK",
    "dirham": "MAD", "dirham marocain": "MAD", "dinar tunisien": "TND", "dinar algerien": "DZD",
    "franc cfp": "XPF", "franc pacifique": "XPF", "franc cfa bceao": "XOF", "franc cfa beac": "XAF",
    # the codes of Argentina's e-invoicing (AFIP) that are not ISO's: PES its peso, DOL the dollar
    "pes": "ARS", "peso argentino": "ARS", "pesos argentinos": "ARS", "dol": "USD",
    "sol": "PEN", "soles": "PEN", "nuevo sol": "PEN", "nuevos soles": "PEN", "sol peruano": "PEN",
    "dolar": "USD", "dolares": "USD", "dolar americano": "USD", "dolares americanos": "USD",
    "dolar estadounidense": "USD", "colon": "CRC", "colones": "CRC", "guarani": "PYG", "guaranies": "PYG",
    "peso colombiano": "COP", "peso mexicano": "MXN", "peso chileno": "CLP", "real": "BRL", "reais": "BRL",
    "riyal saoudien": "SAR", "saudi riyal": "SAR", "rial saudi": "SAR",
    # Mozambique's metical, as its invoices write it ("MT", "Mt", "MTn")
    "mt": "MZN", "mtn": "MZN", "metical": "MZN", "meticais": "MZN",
    # the everyday names and marks of the currencies of Central and Eastern Europe, as a currency
    # column writes them in capitals as often as not ("LEI": the Romanian leu)
    "lei": "RON", "leu": "RON", "lev": "BGN", "leva": "BGN", "kc": "CZK", "koruna": "CZK", "korun": "CZK",
    "ft": "HUF", "forint": "HUF", "zl": "PLN", "zlotych": "PLN", "zł": "PLN", "tl": "TRY", "turk lirasi": "TRY",
    # (the rouble's code before 1998, "RUR", which 1C and Russian banks still write)
    "rub": "RUB", "rur": "RUB", "руб": "RUB", "рубль": "RUB", "рублей": "RUB", "грн": "UAH", "гривня": "UAH", "гривна": "UAH",
    "тенге": "KZT", "тг": "KZT", "сум": "UZS", "rp": "IDR", "rupiah": "IDR", "taka": "BDT", "tk": "BDT",
    # Arabic: the US dollar, and each country's dinar, riyal, dirham or pound named with its country ("دينار
    # عراقي", the Iraqi dinar); "دينار" alone is several countries'
    "دولار": "USD", "دولار امريكي": "USD", "دولار أمريكي": "USD", "يورو": "EUR",
    "دينار عراقي": "IQD", "دينار اردني": "JOD", "دينار أردني": "JOD", "دينار كويتي": "KWD", "دينار بحريني": "BHD",
    "دينار تونسي": "TND", "دينار جزائري": "DZD", "دينار ليبي": "LYD", "ريال سعودي": "SAR", "ريال قطري": "QAR",
    "ريال عماني": "OMR", "ريال يمني": "YER", "درهم اماراتي": "AED", "درهم إماراتي": "AED", "درهم مغربي": "MAD",
    "جنيه مصري": "EGP", "جنيه سوداني": "SDG", "ليرة لبنانية": "LBP", "ليرة سورية": "SYP", "ليرة تركية": "TRY",
    # Hebrew: the shekel, the dollar, the euro
    "שקל": "ILS", "ש\"ח": "ILS", "שח": "ILS", "דולר": "USD", "אירו": "EUR", "יורו": "EUR",
}


def _key(text: str) -> str:
    """Folded text with plural s dropped, so that "Livres Sterling" and "livre sterling" meet."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in fold(text).split())


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, names in CURRENCIES.items():
        for name in names:
            table.setdefault(_key(name), code)
    for alias, code in _ALIASES.items():
        table[_key(alias)] = code
    return table


#: names several countries' currencies bear ("PESOS" in Mexico, Argentina, Colombia, Chile…): no
#: one currency is suggested for them
_SHARED_NAMES = frozenset(
    _key(n) for n in ("peso", "pesos", "franc", "francs", "franco", "francos", "dinar", "dinars", "rupee", "rupees",
                      "rupia", "rial", "riyal", "krona", "krone", "kroner", "kronor", "shilling", "shillings")
)


#: the currencies named the peso, which a currency column writing "PESOS" may be in: which one,
#: the file's other signs say (``regions.peso_currency``)
PESOS = ("MXN", "ARS", "COP", "CLP", "UYU", "DOP", "PHP", "CUP")
_PESO = _key("pesos")


def names_the_peso(text: str) -> bool:
    """Whether a currency cell names the peso alone ("PESOS", "Peso"), no country's."""
    return _key(text) == _PESO


#: a code beside its name or symbol, as lists and drop-downs write it: the code first ("EUR – Euro",
#: "USD ($)": groups 1 code, 2 or 3 the rest) or last ("United States Dollar - USD", "Euro (EUR)":
#: group 1 the rest, 2 or 3 the code)
#: (the name holds a letter: "SVC-022" is a product's code, no colón)
CODE_FIRST = r"^([A-Z]{3})\s*(?:[-–—:|]\s*(.*[^\W\d_].*)|\(([^()]+)\))$"
CODE_LAST = r"^([^()]+?)\s*(?:[-–—:|]\s*([A-Z]{3})|\(([A-Z]{3})\))$"


def labelled_code(expr: pl.Expr) -> pl.Expr:
    """Columnar: the code of a value written as a code beside its name (null for any other)."""
    return pl.coalesce(expr.str.extract(CODE_FIRST, 1), expr.str.extract(CODE_LAST, 2), expr.str.extract(CODE_LAST, 3))


def resolve_currency(text: str | None) -> str | None:
    """ISO 4217 code for a code, symbol or name, or None when it is not a currency. A code written
    beside a name or a symbol ("United States Dollar - USD", "Euro (EUR)") is the code, unless the
    name or symbol is another currency's."""
    if text is None:
        return None
    value = " ".join(text.split())
    if not value:
        return None
    if value.upper() in ISO_4217:
        return value.upper()
    if value in SYMBOLS or value in PREFIX_SYMBOLS:
        return SYMBOLS.get(value) or PREFIX_SYMBOLS[value]
    first, last = re.match(CODE_FIRST, value), re.match(CODE_LAST, value)
    code = other = None
    if first is not None:
        code, other = first[1], first[2] or first[3]
    elif last is not None:
        code, other = last[2] or last[3], last[1]
    if code in ISO_4217 and other is not None:
        said = SYMBOLS.get(other.strip()) or _names().get(_key(other))
        return code if said in (None, code) else None
    key = _key(value)
    if key in _names():
        return _names()[key]
    # a country's adjective before the currency's own name, as QuickBooks writes them ("Honduran
    # Lempira", "Polish Zloty", "Thai Baht"): the last word, when it names one currency alone
    word = key.rsplit(" ", 1)[-1] if " " in key else None
    return _single_names().get(word) if word is not None else None


@lru_cache(maxsize=1)
def _single_names() -> dict[str, str]:
    """The currencies' names of one word that name one currency alone ("lempira", "zloty", "baht";
    not "dollar" nor "peso")."""
    codes: dict[str, set[str]] = {}
    for code, names in CURRENCIES.items():
        for name in names:
            if " " not in (key := _key(name)):
                codes.setdefault(key, set()).add(code)
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1 and name not in _SHARED_NAMES}


def currency_in_header(header: str) -> str | None:
    """The currency a column's header names beside its words: a code in capitals or any code in
    brackets ("Open Advance (ILS)", "Total EUR", "Montant [eur]"), or a symbol ("Montant €",
    "Amount (₪)"); None when it names none, or several."""
    found: set[str] = set()
    for inside in re.findall(r"[(\[]([^)\]]{1,12})[)\]]", header):
        code = resolve_currency(inside.strip().removeprefix("in ").removeprefix("en "))
        if code is not None:
            found.add(code)
    # a symbol, with the letters that open it ("R$", "US$", "NZ$"), or a code
    for token in re.findall(r"\b[A-Za-z]{1,3}[^\w\s()\[\]]+|[^\w\s()\[\]]+|\b[A-Z]{3}\b", header):
        code = token if token in ISO_4217 else SYMBOLS.get(token)
        if code is None and token[0].isalpha():
            # no symbol of its own: its letters ("EUR/USD") and its symbol apart
            letters = re.sub(r"[^A-Za-z].*", "", token)
            found.update(c for c in (letters if letters in ISO_4217 else None, SYMBOLS.get(token[len(letters):])) if c)
        elif code is not None:
            found.add(code)
    # a common code written in lower case as a word of a field name ("converted_usd", "amount eur")
    for word in re.split(r"[\W_]+", header):
        if (word.islower() or word.isupper()) and word.upper() in _NAMED_IN_FIELDS:
            # in small letters or in capitals after a word of a field name ("converted_usd", "잔액_KRW")
            found.add(word.upper())
    return found.pop() if len(found) == 1 else None


#: Windows' locale codes of the countries writing "$" for their own currency, in a format's "[$$-409]"
DOLLAR_LOCALES = {"409": "USD", "1009": "CAD", "c09": "AUD", "1409": "NZD", "3c09": "HKD", "4809": "SGD",
                   "80a": "MXN", "2c0a": "ARS", "340a": "CLP", "240a": "COP", "380a": "UYU", "1c0a": "DOP"}


def format_currency(number_format: str) -> tuple[str | None, bool]:
    """The currency a spreadsheet's number format writes beside the number ("$#,##0.00",
    '#,##0.00 "€"', "[$R$-416] #,##0.00": its symbol, or a dollar's locale), and whether it is a
    "$" that no locale places; (None, False) for a format without one (or several)."""
    positive = number_format.split(";", 1)[0]
    found: set[str] = set()
    bare_dollar = False
    for symbol, locale in re.findall(r"\[\$([^\]\-]*)-([0-9A-Fa-f]+)\]", positive):
        code = DOLLAR_LOCALES.get(locale.lower()) if symbol == "$" else resolve_currency(symbol)
        if code:
            found.add(code)
    # (an underscore and the character after it is a space as wide as it, no symbol written: "#,##0.000\\ _€",
    # a format a French Excel pads its numbers with)
    rest = re.sub(r"_.", "", re.sub(r"\[[^\]]*\]", "", positive))
    for symbol in re.findall(r'"([^"]+)"', rest):
        if code := resolve_currency(symbol.strip()):
            found.add(code)
            bare_dollar |= symbol.strip() == "$"
    for symbol in re.findall(r"[$€£¥₹₽₺₩₪₫₱₦₴฿]", re.sub(r'"[^"]*"', "", rest)):
        if code := resolve_currency(symbol):
            found.add(code)
            bare_dollar |= symbol == "$"
    if len(found) != 1:
        return None, False
    return found.pop(), bare_dollar


def suggest_currency(text: str) -> str | None:
    """The nearest ISO code for a value that is not a currency, when one is close enough."""
    value = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}", value):
        upper = value.upper()
        close = [c for c in _COMMON if Levenshtein.distance(upper, c) <= 1]
        if close:
            return close[0]
        close = sorted(c for c in ISO_4217 if Levenshtein.distance(upper, c) <= 1)
        return close[0] if len(close) == 1 else None
    key = _key(value)
    if len(key) < 3 or key in _SHARED_NAMES:
        return None
    best = process.extractOne(key, list(_names()), scorer=fuzz.ratio, score_cutoff=80)
    return _names()[best[0]] if best else None


def amount_symbol_pattern() -> str:
    """Regex alternation of what may stand for a currency inside an amount cell."""
    symbols = sorted([*SYMBOLS, *AMBIGUOUS_SYMBOLS], key=len, reverse=True)
    codes = "|".join(sorted(ISO_4217))
    return "(?:" + "|".join(re.escape(s) for s in symbols) + f"|(?i:{codes}))"


#: what an ambiguous symbol resolves to in the amount's currency: its candidates joined by "|"
_CANDIDATES = {mark: "|".join(codes) for mark, codes in AMBIGUOUS_SYMBOLS.items()}
#: candidates joined by "|" → the currency they stand for when nothing says which
_USUAL = {_CANDIDATES[mark]: code for mark, code in USUAL_CURRENCY.items()}
#: the sign written for each set of currencies it may stand for ("USD|CAD|…": "$"), to write it again
CANDIDATE_SIGNS = {codes: mark for mark, codes in reversed(_CANDIDATES.items())}


def usual_currency(code: pl.Expr) -> pl.Expr:
    """Columnar: an amount's currency as one code (an ambiguous symbol's usual one, or null)."""
    return pl.when(code.str.contains("|", literal=True)).then(
        code.replace_strict(_USUAL, default=None, return_dtype=pl.String)
    ).otherwise(code)


def resolve_expr(expr: pl.Expr) -> pl.Expr:
    """Columnar :func:`resolve_currency` for symbols/codes found in amount cells; an ambiguous
    symbol ("kr") gives its candidates joined by "|" ("SEK|NOK|DKK|ISK")."""
    upper = expr.str.to_uppercase()
    return pl.when(upper.is_in(list(ISO_4217))).then(upper).otherwise(
        expr.replace_strict({**SYMBOLS, **PREFIX_SYMBOLS, **_CANDIDATES}, default=None, return_dtype=pl.String)
    )


def thousandths_currencies(frame: pl.DataFrame, default: str) -> pl.Series | None:
    """Each row's currency as its currency column names it, else ``default``, when some row is in a
    currency of three decimals (the dinars'); None when none is."""
    column = (frame[FIELD] if FIELD in frame.columns else pl.repeat(None, frame.height, dtype=pl.String, eager=True)
              ).cast(pl.String)
    # each distinct cell resolved once, trimmed (a million rows name a few currencies)
    resolved = {v: resolve_currency(v.strip()) for v in column.drop_nulls().unique().to_list()}
    if default.upper() not in THREE_DECIMAL_CURRENCIES and not THREE_DECIMAL_CURRENCIES & set(resolved.values()):
        return None
    return column.replace_strict(resolved, default=None, return_dtype=pl.String).fill_null(default.upper())


def validate_currency(
    frame: pl.DataFrame, amount_currency: pl.Series, ctx: Context,
    peso: Callable[[], tuple[str, str] | None] | None = None,
) -> tuple[pl.Series, list[pl.DataFrame], list[str]]:
    """The typed currency column (ISO code), its problems, and a notice when rows took the
    default currency (neither a currency column nor the amount said one).

    ``amount_currency`` is the ISO code written in each amount cell (null when none). ``peso`` is
    what tells the peso the file's other signs point to, and why (``regions.peso_currency``),
    read when a cell names the peso alone ("PESOS"): their currency; without it, they are a problem."""
    default = ctx.options.default_currency.upper()
    work = frame.select(LINE, pl.col(FIELD), amount_currency.alias("__amount_cur__")).with_columns(
        clean_columns(frame, [FIELD])[FIELD].alias("__clean__"),
        # the amount as written: a row without one is in no currency at all (read in _default_notice)
        (frame["amount"] if "amount" in frame.columns else pl.lit(None, pl.String)).alias("__written__"),
    )
    distinct = work["__clean__"].drop_nulls().unique().to_list()
    resolved = {v: resolve_currency(v) for v in distinct}
    pesos = sorted(v for v, code in resolved.items() if code is None and names_the_peso(v))
    notices: list[str] = []
    if pesos and peso is not None and (told := peso()) is not None:
        resolved.update(dict.fromkeys(pesos, told[0]))
        notices.append(f"currency: {', '.join(repr(v) for v in pesos)} in '{ctx.column(FIELD) or FIELD}' is read as "
                       f"{told[0]}, {told[1]}. If it is another peso, write its code in the column.")
    work = work.with_columns(
        pl.col("__clean__").replace_strict(resolved, default=None, return_dtype=pl.String).alias("__code__")
    )
    problems: list[pl.DataFrame] = []
    unsaid = work.filter(pl.col("__code__").is_null() & pl.col("__clean__").is_in(pesos))
    if unsaid.height:
        problems.append(problem_frame(
            unsaid, ctx, field=FIELD, code="ambiguous-currency",
            message=quoted(pl.col("__clean__")) + pl.lit(
                f" is the peso of several countries ({', '.join(PESOS[:4])}…) and nothing in the file says which: "
                "write its code, or set the default currency (GETBILL_DEFAULT_CURRENCY) to it."),
        ))
    bad = work.filter(pl.col("__clean__").is_not_null() & pl.col("__code__").is_null() & ~pl.col("__clean__").is_in(pesos))
    if bad.height:
        suggestions = {v: suggest_currency(v) for v in bad["__clean__"].unique().to_list()}
        problems.append(problem_frame(
            bad, ctx, field=FIELD, code="invalid-currency",
            message=pl.lit("Unknown currency ") + quoted(pl.col("__clean__"))
            + pl.lit(": use an ISO 4217 code such as EUR, USD or GBP."),
            suggestion=pl.col("__clean__").replace_strict(suggestions, default=None, return_dtype=pl.String),
        ))
    # "SEK|NOK|DKK|ISK": the amount's symbol is one of several currencies (checked on the few
    # rows where the two differ, or where the symbol is ambiguous)
    candidates = pl.col("__amount_cur__").str.split("|")
    clash = work.filter(
        pl.col("__code__").is_not_null() & pl.col("__amount_cur__").is_not_null()
        & (pl.col("__code__") != pl.col("__amount_cur__"))
    ).filter(~candidates.list.contains(pl.col("__code__")))
    if clash.height:
        problems.append(problem_frame(
            clash, ctx, field=FIELD, code="currency-mismatch",
            message=pl.lit("The amount is written in ") + _written(pl.col("__amount_cur__"))
            + pl.lit(" but the currency column says ") + pl.col("__code__") + pl.lit("."),
        ))
    # a currency column naming several currencies, none on most rows, blank on a row whose amount
    # names none: the default is no more the row's than any of them
    named = sorted({code for code in resolved.values() if code is not None})
    several = ctx.column(FIELD) is not None and len(named) > 1 and bool(
        work.select(pl.col("__code__").drop_nulls().value_counts(sort=True).struct.field("count").first()
                    < MAIN_CURRENCY_SHARE * pl.col("__code__").count()).item())
    if several:
        blank = work.filter(pl.col("__clean__").is_null() & pl.col("__amount_cur__").is_null()
                            & (pl.col("__written__").cast(pl.String).str.strip_chars() != "").fill_null(False))
        problems.append(problem_frame(
            blank, ctx, field=FIELD, code="missing-currency",
            message=f"The currency is blank, and the file's other rows are in several currencies ({', '.join(named[:4])}"
                    f"{'…' if len(named) > 4 else ''}): write this row's currency.",
        ))
    ambiguous = pl.col("__amount_cur__").str.contains("|", literal=True).fill_null(False)
    written = pl.coalesce(pl.col("__amount_cur__"), pl.lit(default))
    if bool(work.select(ambiguous.any()).item()):
        usual = pl.col("__amount_cur__").replace_strict(_USUAL, default=None, return_dtype=pl.String)
        undecided = work.filter(pl.col("__clean__").is_null() & ambiguous).filter(
            ~candidates.list.contains(pl.lit(default)) & usual.is_null()
        )
        if undecided.height:
            # said on the amount, where the symbol is written
            undecided = undecided.with_columns(frame.filter(pl.col(LINE).is_in(undecided[LINE].implode()))["amount"])
            problems.append(problem_frame(
                undecided, ctx, field="amount", code="ambiguous-currency",
                message=pl.lit("The amount is written in ") + _written(pl.col("__amount_cur__"))
                + pl.lit(" and no currency column says which: add one, or set the default currency "
                         "(GETBILL_DEFAULT_CURRENCY) to the right one."),
            ))
        written = pl.when(ambiguous).then(
            pl.when(candidates.list.contains(pl.lit(default))).then(pl.lit(default)).otherwise(usual)
        ).otherwise(written)
    typed = work.select(
        pl.when(pl.col("__clean__").is_not_null()).then(pl.col("__code__")).otherwise(written).alias(FIELD)
    ).to_series()
    typed, said = _column_sign(work, typed, default, ctx)
    taken = said or ([] if several else _default_notice(work, default, ctx))
    return typed, problems, notices + taken + _dollar_notice(work, typed, default)


#: the share of the rows naming a currency that one currency must have for a blank cell among them
#: to be read in the default currency (a French list in euros, one invoice in dollars)
MAIN_CURRENCY_SHARE = 0.8
#: the share of a column's amounts written with one currency's sign for the others to be in it too
SIGNED_COLUMN = 0.9


def _column_sign(work: pl.DataFrame, typed: pl.Series, default: str, ctx: Context) -> tuple[pl.Series, list[str]]:
    """Without a currency column, the few amounts written without a sign among amounts written with
    one currency's ("$ 58,685.57" on nearly every row, "27, 721.44" on a few) are in that currency
    too, said."""
    if work["__clean__"].is_not_null().any():
        return typed, []
    signed = work["__amount_cur__"].is_not_null()
    silent = (~signed & (work["__written__"].cast(pl.String).str.strip_chars() != "")).fill_null(False)
    codes = typed.filter(signed).unique()
    if (not silent.any() or codes.len() != 1 or codes[0] == default
            or int(signed.sum()) < SIGNED_COLUMN * int((signed | silent).sum())):
        return typed, []
    code = str(codes[0])
    column = ctx.column("amount") or "amount"
    return typed.scatter(silent.arg_true(), code), [
        f"{int(silent.sum()):,} amount(s) of '{column}' carry no currency sign among {int(signed.sum()):,} written in "
        f"{code}, and no column gives the currency: they are read in {code} too."
    ]


#: what is said of "$" read as the US dollar for want of a currency column
DOLLAR_SAID = ("'$' is also the sign of the peso (Argentina, Mexico, Chile, Colombia, Uruguay) and of the other dollars: "
               "if the amounts are in one of them, set GETBILL_DEFAULT_CURRENCY (ARS, MXN, CLP, COP, CAD, AUD…).")


def _dollar_notice(work: pl.DataFrame, typed: pl.Series, default: str) -> list[str]:
    """Said when amounts written with "$" alone, and no currency column, were read in US dollars:
    "$" is the peso's sign too (Argentina, Mexico, Chile, Colombia), and the other dollars'."""
    read = work.select(
        (pl.col("__clean__").is_null() & (pl.col("__amount_cur__") == _CANDIDATES["$"]) & (typed == "USD")).sum()
    ).item()
    if not read or default == "USD":
        return []
    return [f"{read:,} amount(s) written with '$' and no currency column are read in US dollars (USD): {DOLLAR_SAID}"]


def _default_notice(work: pl.DataFrame, default: str, ctx: Context) -> list[str]:
    """Said when rows are in the default currency only because nothing in them says another,
    while the file names currencies elsewhere: a currency column blank on some rows, or other
    amounts written with another currency's sign."""
    silent = work.filter(pl.col("__clean__").is_null() & pl.col("__amount_cur__").is_null())
    unsaid = silent.select((pl.col("__written__").cast(pl.String).str.strip_chars() != "").fill_null(False).sum()).item()
    if not unsaid:
        return []
    # a currency column blank throughout says nothing either
    column = ctx.column(FIELD) if unsaid < work.height else None
    where = (f"'{column}' is blank on {unsaid:,} row(s) whose amounts carry no currency sign" if column else
             f"No column gives the currency, and {unsaid:,} amount(s) carry no currency sign")
    # an ambiguous sign is the default's when it may be, else its usual currency
    cells = work["__amount_cur__"].drop_nulls()
    written = pl.select(
        pl.when(cells.str.contains("|", literal=True) & cells.str.contains(default, literal=True)).then(pl.lit(default))
        .otherwise(usual_currency(pl.lit(cells))).alias("w")
    )["w"].drop_nulls()
    others = written.filter(written != default).value_counts(sort=True)
    if not column and not others.height:
        # nothing in the file says any currency: the default is the file's, as configured
        return []
    named = " or ".join(others[:3, 0].to_list())
    beside = (f" {int(others['count'].sum()):,} other amount(s) are written in {named}: check that those are not in "
              f"{named} too." if others.height else "")
    return [f"{where}: they are read in {default}, the default currency (GETBILL_DEFAULT_CURRENCY sets it).{beside}"]


def _written(code: pl.Expr) -> pl.Expr:
    """How the amount's currency is named in a message: "EUR", "dollars ($)", or "SEK, NOK, DKK or ISK"."""
    return pl.when(code == _CANDIDATES["$"]).then(pl.lit("dollars ($)")).when(code.str.contains("|", literal=True)).then(
        code.str.replace(r"\|([A-Z]{3})$", " or $1").str.replace_all("|", ", ", literal=True)
    ).otherwise(code)
