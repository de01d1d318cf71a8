"""What a column's values say about it: e-mail addresses, phones, dates, amounts, currency
codes, postal codes, countries.

A column is judged on a sample (at most ``SAMPLE_SIZE`` non-blank values taken from its head and
spread over the rest), with polars expressions: no loop over rows.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from getbill_import.mapping._cache import built
from getbill_import.mapping.normalize import fold, normalize_header, resolved_dir
from getbill_import.validate._common import DIRECTION_MARKS, PHONE_LABEL, WHOLE_FLOAT, folded
from getbill_import.validate._currency_data import THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES
from getbill_import.validate.currencies import amount_symbol_pattern, labelled_code

SAMPLE_SIZE = 500
_HEAD_ROWS = 5_000
_SPREAD_ROWS = 2_000
#: fewer sampled values than this and the values say nothing
MIN_SAMPLE = 3

#: an address, or several in one cell ("a@x.com.br;b@x.com.br": the validation keeps the first, said)
_ONE_EMAIL = r"[^@\s;,]+@[^@\s;,]+\.[^@\s.;,]{2,}"
_EMAIL = rf"^{_ONE_EMAIL}(?:\s*[;,]\s*{_ONE_EMAIL})*[;,]?$"
#: a time after a date, in 24 or 12 hours ("14:30", "12:00:00 AM", as .NET and SQL Server write them)
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AaPp]\.?[Mm]\.?)?)?"
_DATE = "|".join(
    (
        # with the writer's offset ("2026-03-13 15:50:08 -0400", as Jobber and Ruby write it)
        # or its zone's name alone ("2017-05-18 00:00:00 UTC": BigQuery's, NetSuite's exports)
        rf"^\d{{4}}-\d{{1,2}}-\d{{1,2}}{_TIME}(?:\s?Z|\s?[+-]\d{{2}}:?\d{{2}}(?: [A-Z]{{3,4}})?| UTC| GMT)?$",
        rf"^\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{2}}|\d{{4}}){_TIME}$",
        rf"^\d{{4}}/\d{{1,2}}/\d{{1,2}}{_TIME}$",
        # each part ending with a dot, a space after it or not ("2026.11.10.", "2026. 11. 10.": Hungary's
        # way; "10. 11. 2026." in Croatia, Serbia, Czechia)
        rf"^\d{{4}}\.\s?\d{{1,2}}\.\s?\d{{1,2}}\.?{_TIME}$",
        rf"^\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}\.?{_TIME}$",
        r"^\d{1,2}[ .\-/]?(?i:[a-zéûäèç]{3,10})\.?[ .\-/]?\d{2,4}$",
        # Spanish and Portuguese: "25 de Octubre del 2016", "5 de março de 2024"
        r"^\d{1,2} (?i:de) (?i:[a-zéûäèç]{3,10}) (?i:del?|do) \d{4}$",
        r"^(?i:[a-zéûä]{3,9})\.? \d{1,2},? \d{4}$",
        # year, month and day marked as Japanese, Chinese and Korean write them ("2025年7月22日", "2025년 7월 22일")
        r"^\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?$",
        # a .NET JSON date: milliseconds since 1970, with the writer's offset ("/Date(1645829571576)/")
        r"^/Date\(-?\d{1,15}(?:[+-]\d{4})?\)/$",
        # a JavaScript date written as text ("Tue Dec 31 2024 00:00:00 GMT+0300 (Arabian Standard Time)")
        r"^(?i:[a-z]{3}) (?i:[a-z]{3}) \d{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UTC)[+-]\d{4}(?: \(.*\))?$",
    )
)
#: a phone number starts with "+", "00" and a country code (none starts with 0), "0" and an area
#: code, or "(": "0001-00002414" is a numbered document (Argentina's point of sale and number)
_PHONE = r"^[+(][\d\s().\-/]{7,22}$|^0(?:0[1-9\s]|[1-9\s().\-/])[\d\s().\-/]{6,21}$|^\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}$"
#: a currency written beside the number, as the validation reads it ("€", "Rp", "kr", "CHF")
_CURRENCY_MARK = f"(?:{amount_symbol_pattern()})?"
_AMOUNT = (
    rf"^[-+(]?\s*{_CURRENCY_MARK}\s*[-+]?(?:\d{{1,3}}(?:[ \u00a0\u202f.,']\d{{3}})+|\d{{1,2}}(?:,\d{{2}})+,\d{{3}}|\d+)"
    # cents (or the many decimals a spreadsheet computed: 33.333333333), or a dash for none ("60,-", as
    # the validation reads it)
    rf"(?:[.,]\d{{1,10}}|[.,]\s*(?:-{{1,2}}|–|—))?"
    # a ledger's side after it ("1,234.00 Dr", "200.00 Cr")
    rf"\s*{_CURRENCY_MARK}\s*\)?-?(?:\s*(?i:dr|cr)\.?)?$"
    # cents alone, without the units' zero (".00", "-.50": a database's numbers)
    r"|^[-+]?\.\d{2}$"
)
_INTEGER = r"^[-+]?\d+$"
#: a sales territory: a point of the compass with a number or a qualifier ("South 2", "East - Infra")
_POINTS = r"(?:north|south|east|west|central|nord|sud|est|ouest|norte|sur|este|oeste)"
_TERRITORY = rf"^{_POINTS}\s*(?:\d+|[-–]\s*\w.*)$"
_COMPASS = rf"^\s*{_POINTS}(?:[\s-]?{_POINTS})?\s*$"
#: a date some spreadsheets give as a day count since 1899-12-30 (2000-01-01 … 2099-12-31)
_EXCEL_SERIAL = r"^(?:3[6-9]|[4-9]\d)\d{3}(?:\.\d+)?$"
#: a date written yyyymmdd, as SAP, DATEV and the FEC write them (1990 … 2099)
_COMPACT_DATE = (
    r"^(?:199\d|20\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\.0+)?$"
    # ddmmyyyy (DATEV, EBP, Sage)
    r"|^(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:199\d|20\d\d)$"
)
#: a person's or a company's name: two words or more, each capitalised or a linking particle, no
#: digit ("Dupont SARL", "Jean Martin", "MARTIN GmbH", "Rossi & Figli", "van der Berg BV")
_NAME_WORD = (
    r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’.\-,]*"
    r"|&|and|und|et|e|y|de|da|das|do|dos|del|della|di|du|des|van|von|der|den|la|le|of)"
)
_NAME = rf"^{_NAME_WORD}(?:\s+{_NAME_WORD})+$"
_POSTAL = "|".join(
    (
        r"^\d{4,5}$",
        r"^\d{5}-\d{4}$",
        r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$",
        r"^\d{4} ?[A-Za-z]{2}$",
        r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$",
        r"^\d{2}-\d{3}$",
        r"^\d{3} \d{2}$",
        r"^[A-Za-z]{1,2}-\d{4,5}$",
        r"^[A-Za-z]\d{2} ?[A-Za-z\d]{4}$",
        # Brazil's CEP ("01310-100"), Portugal's ("1000-205"), Japan's ("100-0001")
        r"^\d{5}-\d{3}$",
        r"^\d{4}-\d{3}$",
        r"^\d{3}-\d{4}$",
    )
)

#: the value kinds worth naming in a reason, with their plural label
KIND_LABELS = {
    "email": "e-mail addresses",
    "date": "dates",
    "phone": "phone numbers",
    "amount": "amounts",
    "integer": "whole numbers",
    "currency": "currency codes",
    "country": "countries",
    "postal": "postal codes",
    "text": "text",
    "yes_no": "yes/no values",
    "status": "document statuses",
}

_PY_EMAIL = re.compile(_EMAIL)
_PY_DATE = re.compile(_DATE)
_PY_AMOUNT = re.compile(_AMOUNT)


@dataclass(frozen=True)
class ValueProfile:
    """Shares (0..1) of the sampled values matching each kind; ``count`` sampled values."""

    count: int
    shares: dict[str, float] = field(default_factory=dict)

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)

    @property
    def informative(self) -> bool:
        return self.count >= MIN_SAMPLE

    def dominant_kind(self) -> tuple[str, float]:
        """The most frequent nameable kind: ("amount", 0.96)."""
        order = ("email", "date", "phone", "amount", "currency", "yes_no", "country", "postal", "integer", "text")
        kind = max(order, key=lambda k: self.share(k))
        return kind, self.share(kind)


def closed_statuses(values: pl.Series, mappings_dir: Path | str, kind: str = "closed") -> pl.Series:
    """Whether each value is a status saying the invoice is not owed (paid, cancelled, a draft);
    with ``kind`` "cancelled", "draft" or "partial", one saying it was cancelled, is a draft, or was
    paid in part."""
    data = _data(mappings_dir)
    words = {"closed": data.closed_status_words, "cancelled": data.cancelled_status_words,
             "draft": data.draft_status_words, "partial": data.partial_status_words}[kind]
    keys = _status_keys(values)
    if kind == "closed" and keys.is_in(data.invoice_open_words).any():
        # beside invoices still owed ("Open", "Overdue"), "Closed" is an invoice paid (Zoho Books)
        words = [*words, *data.closed_beside_open_words]
    return keys.is_in(words).fill_null(False)


def speaks_of_payment(values: pl.Series, mappings_dir: Path | str) -> bool:
    """Whether a status column says of some invoice that it is paid, still owed or paid in part
    ("Paid", "Overdue", "Partially Paid"); "approved", "posted", "sent to the tax authority" alone
    say nothing of it, nor a document's states beside them ("Draft", "Cancelled": Odoo's "Posted"
    invoices may be paid or not)."""
    data = _data(mappings_dir)
    distinct = values.cast(pl.String).drop_nulls().unique().head(1000)
    keys = pl.DataFrame({"v": distinct}).select(_status_key(folded(pl.col("v").str.strip_chars())).alias("k")).to_series()
    states = {*data.cancelled_status_words, *data.draft_status_words}
    words = [*(w for w in data.closed_status_words if w not in states), *data.invoice_open_words, *data.partial_status_words]
    return bool(keys.is_in(words).any())


def cancelled_stages(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value of a workflow's stages says the job was cancelled, alone or beside
    another word of it ("Cancelled", "Cancelled/Postponed", "Annulée - reportée")."""
    data = _data(mappings_dir)
    parts = _status_key(folded(pl.col("v").cast(pl.String)).str.replace_all(r"\s*[/|,;+&]\s*|\s+-\s+", "/")).str.split("/")
    return pl.DataFrame({"v": values}).select(
        parts.list.eval(pl.element().str.strip_chars().is_in(data.cancelled_status_words)).list.any().fill_null(False)
    ).to_series()


def journal_columns(headers: list[str], mappings_dir: Path | str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The columns of an accounting journal among ``headers`` (part → header: "account", "debit",
    "credit", "lettering", "label", "sense" (the side of a single amount column), each the first
    header named so) and the prefixes of its customer accounts."""
    data = _data(mappings_dir)
    found: dict[str, str] = {}
    for header in headers:
        norm = normalize_header(header)
        part = next((p for p, names in data.journal.items() if norm in names), None)
        if part is not None:
            found.setdefault(part, header)
    return found, data.journal_customer_prefixes


def balance_sides(values: pl.Series, mappings_dir: Path | str, header: str = "") -> pl.Series | None:
    """For a column whose every written value is a balance's side ("Dr"/"Cr", "नाम"/"जमा"), each
    row's: True for a debit (owed), False for a credit, null when blank; None for another column,
    and for one whose ``header`` names how an invoice is paid ("Payment Method": "Credit" is a sale
    on credit, still owed)."""
    data = _data(mappings_dir)
    if normalize_header(header) in data.payment_method_headers | data.payment_entry_headers:
        return None
    key = folded(pl.col("v").cast(pl.String).str.strip_chars())
    # (the words folded as the values are: a Devanagari vowel sign, "ा", is a mark polars drops)
    debit, credit = (pl.DataFrame({"v": sorted(words)}).select(key).to_series().to_list()
                     for words in (data.balance_debit_sides, data.balance_credit_sides))
    # (each distinct value read once, the first rows' first: most columns say no side there, or nothing)
    if not values.head(_STATUS_SAMPLE).drop_nulls().len():
        return None
    for rows in (values.head(_STATUS_SAMPLE), values):
        distinct = rows.drop_nulls().unique()
        read = pl.DataFrame({"v": distinct.cast(pl.String)}).select(key.alias("k"))["k"]
        if (read.str.contains(r"\S") & ~read.is_in([*debit, *credit])).fill_null(False).any():
            return None
    debits = distinct.filter(read.is_in(debit)).cast(pl.String)
    credits = distinct.filter(read.is_in(credit)).cast(pl.String)
    if not debits.len() and not credits.len():
        return None
    text = pl.col("v")
    return pl.DataFrame({"v": values.cast(pl.String)}).select(
        pl.when(text.is_in(debits.implode())).then(pl.lit(True)).when(text.is_in(credits.implode())).then(pl.lit(False))
        .otherwise(pl.lit(None, pl.Boolean)).alias("side")
    )["side"]


def journal_debit_senses(mappings_dir: Path | str) -> tuple[str, ...]:
    """What a journal's side column ("Sens") writes for a debit."""
    return _data(mappings_dir).journal_debit_senses


def collective_labels(values: pl.Series, mappings_dir: Path | str) -> bool:
    """Whether most of a column's distinct values are a collective account's label ("Clients",
    "CLIENTS Divers Prof"), which names no customer."""
    data = _data(mappings_dir)
    labels = values.cast(pl.String).drop_nulls().unique()
    if not labels.len():
        return False
    words = pl.DataFrame({"v": labels}).select(
        folded(pl.col("v")).str.extract_all(r"[a-z]+").list.eval(pl.element().is_in(list(data.collective_account_words)))
        .list.any()
    ).to_series()
    return bool(words.sum() * 2 > labels.len())


def taxes_country(headers: list[str], mappings_dir: Path | str) -> tuple[str, str] | None:
    """The one country whose own tax the headers name ("CGST": IN), and the header that does;
    None when none does, or the headers name the taxes of two countries."""
    taxes = _data(mappings_dir).country_taxes
    found: dict[str, str] = {}
    for header in headers:
        for word in normalize_header(header).split():
            if word in taxes:
                found.setdefault(taxes[word], header)
    return (found[region], region) if len(found) == 1 and (region := next(iter(found))) else None


#: the rows read for the payment schemes a file's cells name
_SCHEME_ROWS = 2_000


def payment_scheme_country(frame: pl.DataFrame, headers: Sequence[str], mappings_dir: Path | str) -> tuple[str, str, str] | None:
    """The one country whose own payment scheme the cells of ``headers`` name, written whole ("PIX":
    BR; "SPEI": MX), with the header and the value that do; None when none does, or they name the
    schemes of two countries."""
    schemes = _data(mappings_dir).payment_schemes
    if not schemes or not frame.height:
        return None
    found: dict[str, tuple[str, str]] = {}
    listed = list(schemes)
    for header in headers:
        if header not in frame.columns:
            continue
        cells = frame.get_column(header).head(_SCHEME_ROWS).cast(pl.String).drop_nulls()
        named = cells.filter(pl.DataFrame({"v": cells}).select(folded(pl.col("v").str.strip_chars()).is_in(listed)).to_series())
        for value in named.unique(maintain_order=True).head(3).to_list():
            found.setdefault(schemes[_fold(value.strip())], (header, value.strip()))
    if len(found) != 1:
        return None
    region, (header, value) = next(iter(found.items()))
    return header, value, region


def month_share(values: pl.Series, mappings_dir: Path | str) -> float:
    """The share of ``values`` that name a month ("June 2025 Fee", "Janvier"), in a word of their own."""
    months = "|".join(sorted(_data(mappings_dir).month_words, key=len, reverse=True))
    if not values.len() or not months:
        return 0.0
    named = pl.DataFrame({"v": values.cast(pl.String)}).select(
        folded(pl.col("v")).str.contains(rf"\b(?:{months})\b").fill_null(False).mean()
    ).item()
    return float(named or 0.0)


def titles_no_debts(title: str, mappings_dir: Path | str) -> str:
    """What a title line names when it is the name of a list of no debts alone: "payments" received,
    quotes or credit notes ("Payments", "QUOTES"), an "accounts" report (a trial balance, a general
    ledger), a "sales" report ("Sales by Product/Service Detail", "Sales Register"), a journal of all
    "vouchers" ("Day Book"), a report of "payables" ("A/P Aging Detail", "Purchase Register"), a
    report of "stock" ("Inventory Valuation Summary"); "" otherwise."""
    data = _data(mappings_dir)
    text = _name_words(title).strip()
    first, _, rest = text.partition(" ")
    if rest and first in data.provisional_title_words:
        # a report printed before the period closed ("Preliminär Huvudbok", "Preliminary Trial Balance")
        text = rest
    if text in data.account_report_titles:
        return "accounts"
    if text in data.payables_report_titles or any(text.startswith(f"{w} ") for w in data.payables_title_openings):
        return "payables"
    if text in data.sales_report_titles:
        return "sales"
    if text in data.voucher_journal_titles:
        return "vouchers"
    if text in data.stock_report_titles:
        return "stock"
    return "payments" if text in data.payment_title_words or text in data.document_sheet_words else ""


def customer_name_headers(mappings_dir: Path | str) -> frozenset[str]:
    """The headers of the name a sale is billed to ("Billing Name"), normalized."""
    return _data(mappings_dir).customer_name_headers


def party_words(mappings_dir: Path | str) -> frozenset[str]:
    """The words naming the party a list is about, its customer ("Client", "Kunde", "Debtor")."""
    return _data(mappings_dir).party_words


def names_line_price(header: str, mappings_dir: Path | str) -> bool:
    """Whether a price's header names the line's whole price, its quantity counted in
    ("price_subtotal", "Total Price"), not one unit's."""
    return header_says(header, "line_total_words", mappings_dir) and not header_says(header, "unit_words", mappings_dir)


def company_currency_words(mappings_dir: Path | str) -> frozenset[str]:
    """The words saying an amount is written again in the company's own currency ("BC", "LCY")."""
    return _data(mappings_dir).company_currency_words


def addressee_prefixes(mappings_dir: Path | str) -> frozenset[str]:
    """The first words of the headers of the address an invoice is sent to ("Billing City")."""
    return _data(mappings_dir).addressee_prefix_words


def currency_labels(mappings_dir: Path | str) -> tuple[str, ...]:
    """The words that say, in a title line, what currency the amounts are in (``currency_labels``)."""
    return _data(mappings_dir).currency_labels


def debtor_title_labels(mappings_dir: Path | str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words that say, in a title line, who the file's one debtor is (``debtor_title_labels``,
    longest first), and those that say a report is of all its customers (``all_debtors_words``)."""
    data = _data(mappings_dir)
    return data.debtor_title_labels, data.all_debtors_words


def ledger_account_titles(mappings_dir: Path | str) -> frozenset[str]:
    """The titles of a ledger of one party's account, written under the party's name ("Ledger Account")."""
    return _data(mappings_dir).ledger_account_titles


def entry_sides(mappings_dir: Path | str) -> frozenset[str]:
    """The words a ledger writes before each entry's account for its side ("To", "By", "Dr", "Cr")."""
    return _data(mappings_dir).entry_side_words


def entry_kinds(mappings_dir: Path | str) -> frozenset[str]:
    """The kinds of entry a ledger's description writes on every row ("Sales", "Receipt", "Opening
    Balance"), folded."""
    return _data(mappings_dir).entry_kind_words


def names_an_invoice(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names an invoice, by a stem written alone or joined to other words
    ("NRFACTURA", "Rechnungsnr", "Invoice No")."""
    folded = _fold(header)
    return any(stem in folded for stem in _data(mappings_dir).invoice_stems)


def statement_title_labels(mappings_dir: Path | str) -> tuple[str, ...]:
    """The words a statement of account's title writes before its one debtor's name, with no colon
    ("ESTADO DE CUENTA FARMIRAL"), longest first."""
    return _data(mappings_dir).statement_title_labels


def says_phrase(header: str, phrases: Iterable[str]) -> bool:
    """Whether a header holds one of ``phrases`` (normalised headers), whole words in a row ("dunning
    block" in "Dunning Block Reason")."""
    norm = f" {normalize_header(header)} "
    return any(f" {p} " in norm for p in phrases)


def supplier_columns(headers: list[str], mappings_dir: Path | str, *, strict: bool = False) -> list[str]:
    """The headers that name a supplier ("Vendor", "Supplier Name", "Fournisseur"); with ``strict``,
    not by a word that may name the file's own company alone ("Emisor": ``issuer_words``). A header
    naming the customer as well ("Cliente/Fornecedor": a finance platform's one column for either
    party, by the row's kind) names no supplier alone."""
    data = _data(mappings_dir)
    words = data.supplier_words - data.issuer_words if strict else data.supplier_words
    return [h for h in headers if (said := _compounds_split(normalize_header(h), words)) & words
            and not said & data.party_words
            and not says_phrase(h, data.creditor_of_the_debts_headers)]


#: what a Nordic, Dutch or German compound writes after a party's word ("Leverandørnr", "Leverantörsnamn",
#: "Kreditorennummer"), with the letters that may join them ("s", "en")
_COMPOUND_TAIL = re.compile(r"^(?:s|en|n)?(nr|nummer|number|num|no|id|kode|code|navn|namn|name|nimi|naam)$")
#: ... each read as the word the normaliser writes alone ("Nr." → "numero")
_TAIL_WORDS = {"nr": "numero", "nummer": "numero", "no": "numero", "kode": "code", "navn": "name", "namn": "name",
               "nimi": "name", "naam": "name"}


#: a word of Chinese, Japanese or Korean, written without spaces between words
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+$")


def _compounds_split(norm: str, words: frozenset[str]) -> set[str]:
    """The words of a normalised header, each compound of one of ``words`` and a number's or a name's
    word read as both ("leverandornr": "leverandor" and "nr")."""
    said = set(norm.split())
    for token in list(said):
        for word in words:
            if token.startswith(word) and len(token) > len(word) and _CJK.match(word):
                # a word of a script written without spaces opens the header ("供应商名称": the supplier's name)
                said.add(word)
            elif token.startswith(word) and len(token) > len(word) and (tail := _COMPOUND_TAIL.match(token[len(word):])):
                said |= {word, _TAIL_WORDS.get(tail.group(1), tail.group(1))}
    return said


def supplier_identified(header: str, mappings_dir: Path | str) -> bool:
    """Whether a supplier's header (``supplier_columns``) names its identifier ("RUT Proveedor",
    "Supplier Tax ID", "Leverandørnr"), which identifies the party of each document."""
    data = _data(mappings_dir)
    return bool(_compounds_split(normalize_header(header), data.supplier_words) & data.party_id_words)


def receipt_register_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers that are those of a register of payments received ("PaymentMethodRefFullName",
    "DepositToAccountRefFullName", "UnusedPayment"), one per kind."""
    data = _data(mappings_dir)
    found: dict[str, str] = {}
    for header in headers:
        norm = normalize_header(header)
        kind = next((k for k in data.receipt_register_headers if norm == k or norm.startswith(k + " ")), None)
        if kind is not None:
            found.setdefault(kind, header)
    return list(found.values())


#: the names Odoo gives its exports of payments ("Pagos (account.payment).xlsx") and bank statements' lines
_PAYMENT_MODELS = re.compile(r"\((?:account\.payment|account\.bank\.statement(?:\.line)?)\)", re.IGNORECASE)


#: the kinds of a receipts register's columns from which a file is one (``receipt_register_columns``)
RECEIPT_REGISTER_KINDS = 3
#: the last words of a header naming a record's id, no amount
_ID_WORDS = frozenset({"id", "ids", "code", "numero", "key"})


def payment_register_columns(name: str, headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a register of payments received, not a list of debts: Odoo's
    account.payment ("Journal" and "Payment Method", no column of a balance), ERPNext's Payment
    Entry ("payment_type", "paid_from"), QuickBooks' ReceivePayment (three kinds of
    ``receipt_register_headers``); every header of a file Odoo names a payments export
    ("Pagos (account.payment).xlsx"). [] for another file."""
    data = _data(mappings_dir)
    if _PAYMENT_MODELS.search(name):
        return list(headers)
    norms = {h: normalize_header(h) for h in headers}
    entry = [h for h, n in norms.items() if n in data.payment_entry_headers]
    if len({norms[h] for h in entry}) == len(data.payment_entry_headers):
        return entry
    # QuickBooks' ReceivePayment: how each payment came, the account it went to, what is left unapplied;
    # a card processor's settlements, a practice's cheques. Beside a balance, a list of invoices that
    # says how each was paid ("Check Number", "Check Amount" before "Balance Due")
    # (an account's id, "receivable_account_id", and a credit applied to the payment,
    # "applied_credit_balance_amount": Fivetran's QuickBooks and Zuora payments, name no balance)
    balance = any(set(words := n.split()) & data.balance_header_words and words[-1] not in _ID_WORDS
                  and not set(words) & {"applied", "unapplied"} for n in norms.values())
    received = receipt_register_columns(list(headers), mappings_dir)
    if len(received) >= RECEIPT_REGISTER_KINDS and not balance:
        return received
    journal = [h for h, n in norms.items() if n in data.payment_journal_headers]
    method = [h for h, n in norms.items() if n in data.payment_method_headers]
    if journal and method and not balance:
        return [journal[0], method[0]]
    return []


def _text_samples(frame: pl.DataFrame) -> Iterator[tuple[str, pl.Series]]:
    """Each text column and its first ``SAMPLE_SIZE`` values written, trimmed."""
    for column in frame.columns:
        if frame.schema[column] == pl.String:
            yield column, frame.get_column(column).head(SAMPLE_SIZE).str.strip_chars().replace("", None).drop_nulls()


#: the share of a column's rows written with accounts' classes, and the classes it names at least, for
#: its rows to be a ledger's accounts
ACCOUNT_CLASSES_SHARE = 0.8
ACCOUNT_CLASSES = 3


def account_classes_column(frame: pl.DataFrame, mappings_dir: Path | str) -> tuple[str, list[str]] | None:
    """The column whose values are the classes of a ledger's accounts ("Asset", "Liability",
    "Expense": a trial balance's or a chart of accounts' "Type"), and the classes it names, when one
    is: ``ACCOUNT_CLASSES`` of them or more, a balance sheet's among them, on nearly every row."""
    data = _data(mappings_dir)
    classes = data.balance_sheet_classes | data.income_statement_classes
    for column, written in _text_samples(frame):
        if written.len() < ACCOUNT_CLASSES:
            continue
        keys = pl.select(folded(pl.lit(written)).str.replace_all(r"[\s_\-/&']+", " ").str.strip_chars()).to_series()
        named = keys.filter(keys.is_in(list(classes)))
        found = named.unique(maintain_order=True).to_list()
        if (named.len() >= ACCOUNT_CLASSES_SHARE * written.len() and len(found) >= ACCOUNT_CLASSES
                and any(k in data.balance_sheet_classes for k in found)):
            shown = written.filter(keys.is_in(list(classes))).unique(maintain_order=True).head(3).to_list()
            return column, shown
    return None


#: the share of a column's values that must be credit notes' statuses for the file to list credit notes
CREDIT_NOTE_STATUS_SHARE = 0.9


def credit_note_status_column(frame: pl.DataFrame, mappings_dir: Path | str) -> tuple[str, list[str]] | None:
    """The column whose values say how much of each credit note was used against invoices ("Used",
    "Partially Used", "Unused"), and the statuses it names, when one does on nearly every row: two
    of those statuses at least."""
    words = list(_data(mappings_dir).credit_note_status_words)
    for column, written in _text_samples(frame):
        if written.len() < 2:
            continue
        named = _status_keys(written).is_in(words)
        found = written.filter(named).unique(maintain_order=True)
        if named.sum() >= CREDIT_NOTE_STATUS_SHARE * written.len() and _status_keys(found).n_unique() >= 2:
            return column, found.head(3).to_list()
    return None


def _status_keys(values: pl.Series) -> pl.Series:
    """Each value as the status lists write it, folded ("Partially_Paid" → "partially paid")."""
    return pl.DataFrame({"v": values}).select(
        _status_key(folded(pl.col("v").cast(pl.String).str.strip_chars())).alias("k")).to_series()


def delinquent_statuses(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value says the account is in arrears, its holder late to pay ("MOROSO", "Delinquent")."""
    return _status_keys(values).is_in(list(_data(mappings_dir).delinquent_status_words)).fill_null(False)


def unshipped_orders(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value says an order is not shipped yet ("unfulfilled", "Not shipped")."""
    return _status_keys(values).is_in(list(_data(mappings_dir).unshipped_words)).fill_null(False)


def payment_on_delivery(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value says an order is paid on delivery ("Cash on Delivery (COD)", "Contra reembolso")."""
    data = _data(mappings_dir)
    key = folded(pl.col("v").cast(pl.String)).str.replace_all(r"[^\w]+", " ").str.strip_chars()
    words = "|".join(re.escape(w) for w in sorted(data.pay_on_delivery_words))
    return pl.DataFrame({"v": values}).select(key.str.contains(rf"(?:^| )(?:{words})(?: |$)").fill_null(False)).to_series()


def payment_pending(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value says an order's payment is still awaited ("pending", "unpaid")."""
    return _status_keys(values).is_in(list(_data(mappings_dir).pending_payment_words)).fill_null(False)


def reversal_references(values: pl.Series, mappings_dir: Path | str) -> bool:
    """Whether most written cells of a reference column name the invoice a credit note reverses
    ("Reversión de: INV/2025/00148", ``reversal_phrases``)."""
    data = _data(mappings_dir)
    written = pl.DataFrame({"v": values.head(_STATUS_SAMPLE)}).select(folded(pl.col("v").cast(pl.String).str.strip_chars())
                                                                       .alias("t")).to_series().replace("", None).drop_nulls()
    if not written.len():
        return False
    pattern = r"^(?:" + "|".join(re.escape(p) for p in data.reversal_phrases) + r")\b"
    return bool(written.str.contains(pattern).mean() >= 0.5)  # type: ignore[operator]


def credit_note_number_column(headers: list[str], mappings_dir: Path | str) -> str | None:
    """The header of a credit note's number ("CreditNoteID", "N° avoir") by which a file lists
    credit notes, None for another file."""
    data = _data(mappings_dir)
    return next((h for h in headers if normalize_header(h) in data.credit_note_number_headers), None)


def payroll_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a payroll: one of what is paid to each employee ("Gesamtbrutto",
    "Salary", "Základ") and two of its columns in all with the employee's own ("Pers.-Nr.", "Job
    title", "Bonus"); [] for another file."""
    data = _data(mappings_dir)
    pay = [h for h in headers if normalize_header(h) in data.payroll_pay_headers]
    staff = _staff_headers(headers, data)
    return [*pay, *staff] if pay and len(pay) + len(staff) >= 2 else []


def shop_order_status_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """A shop's order's payment status header ("Financial Status": Shopify's), when a file has it; []
    otherwise."""
    data = _data(mappings_dir)
    found = [h for h in headers if normalize_header(h) in data.shop_order_status_headers]
    return found if len({normalize_header(h) for h in found}) == len(data.shop_order_status_headers) else []


def staff_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file lists a company's staff: two or more of an employee's own ("社員ID",
    "入社日", "退職日"; "Employee ID", "Hire date"); [] for another file."""
    staff = _staff_headers(headers, _data(mappings_dir))
    return staff if len(staff) >= 2 else []


def _staff_headers(headers: list[str], data: _ValueData) -> list[str]:
    """The headers of an employee's own ("Pers.-Nr.", "入社日"), normalised, among ``headers``."""
    return [h for h in headers if normalize_header(h) in data.payroll_staff_headers]


#: the headers of purchase orders, of fixed assets and of subscriptions that make a file a list of them
PURCHASE_ORDER_HEADERS = FIXED_ASSET_HEADERS = 2
SUBSCRIPTION_HEADERS = EQUIPMENT_HEADERS = 3
#: the headers of a product's attributes that make a file a list of products
PRODUCT_ATTRIBUTES = 4
#: the headers of a churn dataset a file must have to be one
CHURN_HEADERS = 2
#: the headers of a marketplace's settlement that make a file one
SETTLEMENT_HEADERS = 2
#: the headers of payouts or of their settlement that make a file a provider's payouts
PAYOUT_HEADERS = 3
#: the share of a column's values that must say which way each movement went, or how far each order is invoiced
KIND_VALUES_SHARE = 0.95


def other_kind_columns(frame: pl.DataFrame, headers: list[str], mappings_dir: Path | str) -> tuple[str, list[str]] | None:
    """What a file is when it is another kind of list than one of debts, told by its headers or the
    values of a column, and the columns that tell it: "purchase orders", "expenses", "fixed assets",
    "schedule" (a loan's repayments), "subscriptions", "recurring invoices", "churn", "units" (a rent
    roll's), "forecast" (cash expected), "products", "loans" (loans paid out, no arrears),
    "projects" (their budgets and contract values), "movements" (a cash book's IN and OUT), "orders" (sale orders by their invoicing state), "payouts"
    (a payment provider's), "paid orders" (a shop's, paid at checkout), "refunds", "account activity"
    (a marketplace's statement: each sale, fee, tax, deposit), "vendor items" (SAP's posting keys of a
    vendor's, 21 to 39, on every row); None for another file."""
    data = _data(mappings_dir)
    norms = {h: normalize_header(h) for h in headers}
    words = {h: set(n.split()) for h, n in norms.items()}
    # a header naming an invoice, a customer or a balance owed makes the file a list of debts whatever
    # else it holds (a date "due" is a delivery's: "Due Date")
    owed = any(w & data.purchase_order_other_words
               or (w & data.balance_header_words and not w & _DATE_WORDS and norms[h].split()[-1] not in _ID_WORDS)
               for h, w in words.items())
    # a spreadsheet's pivot table ("Row Labels", "Étiquettes de lignes") of no balance owed ("Revenue"): totals
    # by label, of another list (one of balances, "Sum of Balance" by customer, lists what they owe)
    if headers and norms[headers[0]] in data.pivot_row_label_headers and not owed:
        return "pivot", [headers[0]]
    ordered = [h for h, n in norms.items() if n in data.purchase_order_headers]
    # ("PO Number" alone may be the customer's order on a list of invoices)
    if len(ordered) >= PURCHASE_ORDER_HEADERS and any(not norms[h].startswith("po ") for h in ordered) and not owed:
        return "purchase orders", ordered[:3]
    spent = _one_header_of_each(headers, data.expense_reimbursable_headers,
                                data.card_merchant_headers | data.expense_category_headers)
    if not spent and (staff := _one_header_of_each(headers, data.expense_employee_headers)):
        # the employee who spent each expense, beside a header naming the expense
        spent = [*staff, *(h for h in headers if set(norms[h].split()) & data.expense_words)][:2]
        spent = spent if len(spent) == 2 else []
    if spent and not owed:
        return "expenses", spent
    assets = [h for h, n in norms.items() if n in data.fixed_asset_headers]
    if len(assets) >= FIXED_ASSET_HEADERS and any(words[h] & data.fixed_asset_life_words for h in assets) and not owed:
        return "fixed assets", assets[:3]
    equipment = [h for h, n in norms.items() if n in data.equipment_headers]
    if len(equipment) >= EQUIPMENT_HEADERS and not owed:
        return "fixed assets", equipment[:3]
    # a project's or a contract's value, budget or estimate beside the project's own headers: a register of
    # projects ("project_name", "contract_value", "project_budget", "eac": a builder's jobs), no money owed
    valued = _one_header_of_each(headers, data.project_headers, data.project_value_headers)
    # (its client named beside it, no invoice nor balance)
    if valued and not any(w & (data.balance_header_words | data.project_billed_words) for w in words.values()):
        return "projects", valued
    payouts = _one_header_of_each(headers, data.payout_headers, data.payout_fee_headers, data.payout_net_headers) or (
        _one_header_of_each(headers, data.payout_arrival_headers, data.payout_bank_headers))
    settled = [h for h, n in norms.items() if n in data.settlement_headers]
    # (the payouts themselves, each its id, its day, its amount: a provider's payouts to the merchant)
    paid_out = [h for h, n in norms.items() if n in data.payout_headers | data.settlement_headers]
    payouts = payouts or (paid_out[:3] if len(paid_out) >= PAYOUT_HEADERS else [])
    if (payouts or len(settled) >= SETTLEMENT_HEADERS) and not owed:
        return "payouts", payouts or settled[:3]
    checkout = _one_header_of_each(headers, data.checkout_fee_headers, data.payout_net_headers)
    if checkout and not owed:
        return "paid orders", checkout
    principal = [h for h, w in words.items() if w & data.schedule_principal_words]
    interest = [h for h, w in words.items() if w & data.schedule_interest_words]
    counter = [h for h, n in norms.items() if n in data.schedule_counter_headers]
    # (an instalment's state, "PAID", "LATE", or what was paid of it, says which are overdue: a list of them)
    if principal and interest and counter and not any(
            w & (data.schedule_borrower_words | _INSTALMENT_STATE_WORDS) for w in words.values()):
        return "schedule", [counter[0], principal[0], interest[0]]
    plans = [h for h, n in norms.items() if n in data.subscription_headers]
    if len(plans) >= SUBSCRIPTION_HEADERS and not any(w & data.subscription_other_words for w in words.values()):
        return "subscriptions", plans[:3]
    # what a customer is and spends beside whether it left (a telecom's "tenure", "Churn"): a dataset for
    # predicting churn, whatever its charges are called
    churned = [h for h, n in norms.items() if n in data.churn_headers]
    if len(churned) >= CHURN_HEADERS:
        return "churn", churned[:3]
    # how often an invoice is issued beside how many times more, or its next sending ("Frequency",
    # "Remaining Cycles": Invoice Ninja's recurring invoices), and no balance owed (a profile has its
    # invoice's number and due date)
    recurring = _one_header_of_each(headers, data.recurring_frequency_headers, data.recurring_cycle_headers)
    if recurring and any(h in frame.columns and frame.get_column(h).cast(pl.String).str.strip_chars().replace("", None)
                         .is_null().all() for h in recurring):
        # (a frequency written on no row: bills that do not recur, beside those that do, of one export)
        recurring = []
    if recurring and not any(w & (data.subscription_other_words - {"invoice", "invoices", "due"}) for w in words.values()):
        return "recurring invoices", recurring
    products = _one_header_of_each(headers, data.product_code_headers, data.product_stock_headers, data.product_price_headers)
    if products and not owed:
        return "products", products
    # a product's attributes (its category, weight, unit, brand, model, code), and no customer's header
    described = [h for h, n in norms.items() if n in data.product_attribute_headers]
    if len(described) >= PRODUCT_ATTRIBUTES and not owed and not any(w & data.party_words for w in words.values()):
        return "products", described[:4]
    # an item's selling price beside its cost ("price", "selfcost"), no customer's header: products and their margins
    margins = _one_header_of_each(headers, data.product_price_headers, data.product_cost_headers)
    if margins and not owed and not any(w & data.party_words for w in words.values()):
        return "products", margins
    disbursed = [h for h, w in words.items() if w & data.disbursed_words]
    if disbursed and not any(w & (data.balance_header_words | data.arrears_header_words) for w in words.values()):
        return "loans", disbursed[:2]
    if counted := _parties_counted(frame, norms, data):
        return "statistics", counted
    # a construction contract's change orders ("PCO", "Revision", "Executed": Procore's), amendments to what
    # the contract is worth, billed later on a pay application
    changed = [h for h, n in norms.items() if n in data.change_order_headers]
    # (one of them a change order's own name: "Executed" and "Revision" are many records')
    if len(changed) >= CHANGE_ORDER_HEADERS and any(norms[h] not in data.change_order_companion_headers for h in changed):
        return "change orders", changed[:3]
    # a sales order's own headers (SAP's "Schedule Line Number", "Order Quantity", "Delivery block", "Billing
    # block"): orders, to be delivered and billed, no invoice owed
    ordered_headers = [h for h, n in norms.items() if n in data.sales_order_headers]
    # (five of them whatever else the file names: "Cust. expected price", "Open orders quantity" are an order's)
    if len(ordered_headers) >= SALES_ORDER_HEADERS and (not owed or len(ordered_headers) >= SALES_ORDER_HEADERS_ALONE):
        return "sales orders", ordered_headers[:3]
    # a stay's days in and out, its nights, its room ("check_in_date", "nights", "nightly_rate"): bookings, whatever
    # they cost, nothing saying what is still owed on them
    shipped = [h for h, n in norms.items() if n in data.delivery_headers]
    if len(shipped) >= DELIVERY_HEADERS and not owed:
        return "deliveries", shipped[:3]
    booked = [h for h, n in norms.items() if n in data.booking_headers]
    if len(booked) >= BOOKING_HEADERS and not owed:
        return "bookings", booked[:3]
    # a sender's and a receiver's name or account on each row (a mobile money log's "sender_name",
    # "receiver_name"): money sent from one party to another, whatever else the rows name
    transferred = _one_header_of_each(headers, data.transfer_sender_headers, data.transfer_receiver_headers)
    # (a sender's and a receiver's addresses are a parcel's: a courier's bookings, not money sent)
    if transferred and not owed and not any(w & data.shipment_words for w in words.values()):
        return "transfers", transferred
    # a card payment's processing (Stripe's "Captured", "Decline Reason", "Seller Message"; Adyen's "Psp
    # Reference", "Scheme Fees (NC)", "Interchange (NC)"), whatever else its rows name (the customer charged)
    processed = [h for h in headers if _header_forms(h) & data.processor_headers]
    # (charges that all failed, a failure's reason on nearly every row, may still be owed: said so elsewhere)
    if len(processed) >= PROCESSOR_HEADERS and failure_column(frame, headers, mappings_dir) is None:
        return "processed", processed[:3]
    if disputed := _disputes_columns(frame, norms, data, owed=owed):
        return "disputes", disputed
    # (each amount's likelihood, "probability", beside a column of directions makes a cash forecast)
    likely = next((h for h, n in norms.items() if n in data.forecast_likelihood_headers), None)
    for header in headers:
        if header not in frame.columns or not frame.height:
            continue
        values = frame.get_column(header).head(EMAIL_SAMPLE_ROWS).cast(pl.String).str.strip_chars().str.to_lowercase()
        written = values.filter(values.is_not_null() & (values != ""))
        if norms[header] in data.posting_key_headers and written.len() and bool(
                written.str.contains(r"^(?:2[1-9]|3\d)$").all()):
            # SAP's posting keys of a vendor's items (21 to 39: a vendor's invoice, 31; its credit memo, 21)
            return "vendor items", [header]
        if written.len() < 2 or written.n_unique() > max(len(data.order_invoicing_states), len(data.account_activity_kinds)):
            continue
        seen = {_fold(str(v)) for v in written.unique().to_list()}
        if norms[header] in data.transaction_kind_headers and seen <= data.journal_entry_kinds:
            # every row a general journal's entry (Reckon's and QuickBooks' "Type": General Journal)
            return "journal entries", [header]
        if norms[header] in data.transaction_kind_headers and seen <= data.payment_received_kinds:
            # every row a payment received (Qoyod's payments: "kind" received on each)
            return "receipts", [header]
        if seen <= data.account_activity_kinds and {"sale", "fee"} <= seen:
            return "account activity", [header]
        if any(set(pair) == seen for pair in data.movement_direction_pairs):
            return "movements", [header]
        # (an order's states, one at least other than "invoiced", a word invoices write too)
        if seen <= data.order_invoicing_states and seen - {"invoiced"}:
            return "orders", [header]
        if seen <= data.refund_reasons:
            return "refunds", [header]
        if likely is not None and seen <= data.cash_directions:
            # money expected in (and out), each with its likelihood: a cash forecast
            return "forecast", [likely, header]
        if not owed and seen <= data.occupancy_statuses and {"occupied", "vacant"} <= seen:
            # units occupied and vacant, each one's rate beside it, no balance: a rent roll of the units
            return "units", [header]
    return None


#: the headers of a change order's own that make a file a list of change orders
CHANGE_ORDER_HEADERS = 2
#: the headers of a sales order's own that make a file a list of sales orders, beside no header naming
#: a customer, an invoice or a balance, and whatever the others name
SALES_ORDER_HEADERS, SALES_ORDER_HEADERS_ALONE = 3, 5
#: the headers of a stay that make a file a list of bookings
BOOKING_HEADERS = 3
#: the headers of a delivery that make a file a register of deliveries
DELIVERY_HEADERS = 2
#: the headers of a payment processor's own that make a file its report of payments processed
PROCESSOR_HEADERS = 3


def _disputes_columns(frame: pl.DataFrame, norms: dict[str, str], data: _ValueData, *, owed: bool) -> list[str]:
    """The columns by which a file lists card payments' disputes or chargebacks: each row numbered as
    a dispute ("dispute_id", "chargeback_id") and no header naming an invoice or a balance owed; or a
    status of disputes, won or lost ("won", "lost", "under_review"), beside their reason; [] for
    another file."""
    reason = next((h for h, n in norms.items() if n in data.dispute_reason_headers), None)
    numbered = next((h for h, n in norms.items() if n in data.dispute_id_headers), None)
    if numbered is not None and not owed:
        return [numbered, *([reason] if reason else [])]
    if reason is None or not frame.height:
        return []
    for header in norms:
        if header not in frame.columns:
            continue
        values = frame.get_column(header).head(EMAIL_SAMPLE_ROWS).cast(pl.String).str.strip_chars()
        written = values.filter(values.is_not_null() & (values != ""))
        if not written.len() or written.n_unique() > len(data.dispute_statuses):
            continue
        seen = set(_status_keys(written.unique()).to_list())
        if seen <= data.dispute_statuses and seen & {"won", "lost"}:
            return [header, reason]
    return []


def _parties_counted(frame: pl.DataFrame, norms: dict[str, str], data: _ValueData) -> list[str]:
    """The header counting the customers or debtors of each row ("Número de clientes en mora",
    "customer_count"), its values whole numbers: each row sums the debts of many, a portfolio's
    statistics (a regulator's figures per bank); [] for another file."""
    for header, norm in norms.items():
        said = norm.split()
        # (the count's word just before the parties; or "count" just after a party, written one or many:
        # "customer_count"; a number after them is one's own: "Clientes Nro")
        before = next((i for i, w in enumerate(said) if w in data.counted_party_words and i
                       and said[i - 1] in data.count_words), None)
        after = next((i for i, w in enumerate(said[:-1]) if {w, f"{w}s"} & data.counted_party_words
                      and said[i + 1] == "count"), None)
        if before is None and after is None:
            continue
        if header not in frame.columns or not frame.height:
            continue
        written = frame.get_column(header).head(EMAIL_SAMPLE_ROWS).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        if written.len() >= 2 and bool(written.str.contains(r"^\d{1,9}$").all()):
            return [header]
    return []


#: the words of a header saying an instalment's state or what was paid of it
_INSTALMENT_STATE_WORDS = frozenset({"status", "state", "estado", "statut", "stato", "paid", "pagado", "paye", "bezahlt",
                                     "pago", "pagamento", "late", "overdue", "arrears"})
#: the words of a date's header
_DATE_WORDS = frozenset({"date", "datum", "fecha", "data", "day", "on"})
#: the rows of a column read for the values that tell a file's kind
EMAIL_SAMPLE_ROWS = 20_000


#: the headers naming a donor or a gift that make a file a record of donations
DONATION_HEADERS = 2


def donation_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a record of donations: ``DONATION_HEADERS`` of them with a
    word of a donor or a gift ("Donor Name", "Donation Date", "Total Donated"), when none promises a
    gift to come ("Pledge Amount": a pledge is owed); [] for another file."""
    data = _data(mappings_dir)
    words = {h: set(normalize_header(h).split()) for h in headers}
    if any(w & data.pledge_words for w in words.values()):
        return []
    found = [h for h, w in words.items() if w & data.donation_words]
    if len(found) >= DONATION_HEADERS:
        return found
    # (a tax receipt sent for each gift: "RECU FISCAL ELECTRONIQUE O / N")
    return [h for h in headers if says_phrase(h, data.gift_receipt_headers)][:1]


#: the headers of a register of grants that tell one: one naming a grant, the others what a funder does
GRANT_HEADERS = 3


def grant_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a register of grants awarded: ``GRANT_HEADERS`` of them naming
    a grant or what a funder does ("Amount Awarded", "Funding Org:Name"), one naming a grant ("Grant
    Programme:Title"); [] for another file (a court's "Amount Awarded" alone is a judgment owed)."""
    data = _data(mappings_dir)
    words = {h: set(normalize_header(h).split()) for h in headers}
    granted = [h for h, w in words.items() if w & data.grant_words]
    funded = [h for h, w in words.items() if w & data.grant_other_words]
    # (ERPNext's invoices write "Grant Commission" beside a "Loyalty Program": no funder's words)
    return [*funded, *(h for h in granted if h not in funded)] if granted and len(funded) >= GRANT_HEADERS - 1 else []


#: the share of the rows whose description names a bank's movement, for a file to be a bank's statement
BANK_MOVEMENTS_SHARE = 0.5


def bank_movements_column(frame: pl.DataFrame, columns: list[str], mappings_dir: Path | str) -> str | None:
    """The first of ``columns`` whose text names a bank's movement ("DEPOSITO SPEI", "Lastschrift",
    "Virement reçu") on most rows, None when none does."""
    data = _data(mappings_dir)
    pattern = r"\b(?:" + "|".join(sorted(data.bank_movement_words, key=len, reverse=True)) + r")\b"
    text = folded(pl.col("v").cast(pl.String))
    for column in columns:
        written = pl.DataFrame({"v": frame.get_column(column).head(_STATUS_SAMPLE)}).select(text.alias("t")).to_series()
        written = written.filter(written.is_not_null() & (written.str.strip_chars() != ""))
        if written.len() >= 3 and written.str.contains(pattern).mean() >= BANK_MOVEMENTS_SHARE:  # type: ignore[operator]
            return column
    return None


#: the share of a column's written values that must be kinds of identity documents
IDENTITY_KINDS_SHARE = 0.9


def identity_kinds_column(frame: pl.DataFrame, columns: list[str], mappings_dir: Path | str) -> str | None:
    """The first of ``columns`` whose values are nearly all kinds of identity documents ("CC", "NIT",
    "DNI"), None when none is."""
    data = _data(mappings_dir)
    for column in columns:
        written = frame.get_column(column).head(_STATUS_SAMPLE).cast(pl.String).str.strip_chars().str.to_lowercase()
        written = written.filter(written.is_not_null() & (written != ""))
        if written.len() and written.is_in(list(data.identity_kind_values)).mean() >= IDENTITY_KINDS_SHARE:  # type: ignore[operator]
            return column
    return None


def written_share(series: pl.Series) -> float:
    """The share of a column's cells written, not blank."""
    if not series.len():
        return 0.0
    return int(series.cast(pl.String).str.strip_chars().replace("", None).is_not_null().sum()) / series.len()


#: the share of a processor's rows a failure's reason is written on for all its charges to have failed
FAILED_ON_EVERY_ROW = 0.95


def failure_column(frame: pl.DataFrame, headers: list[str], mappings_dir: Path | str) -> str | None:
    """The column saying why each payment failed ("failure_code", "Decline Reason":
    ``failed_payment_headers``) written on (nearly) every row: a processor's charges that all failed,
    which may still be owed; None for another file."""
    return next((h for h in headers if h in frame.columns and frame.height and header_says(h, "failed_payment_headers", mappings_dir)
                 and written_share(frame.get_column(h)) >= FAILED_ON_EVERY_ROW), None)


def _header_forms(header: str) -> set[str]:
    """A header normalised, with and without its note in brackets ("Duration (h)", "Scheme Fees (NC)":
    a unit, a currency, which say no other kind)."""
    return {normalize_header(header), normalize_header(re.sub(r"\s*\([^)]*\)", "", header))}


def _one_header_of_each(headers: list[str], *kinds: frozenset[str]) -> list[str]:
    """The first header of each kind (a set of normalised headers), when every kind has one; []
    otherwise: the columns by which a file is of a kind its headers tell together."""
    norms = {h: _header_forms(h) for h in headers}
    found = [next((h for h, n in norms.items() if n & kind), None) for kind in kinds]
    return [h for h in found if h is not None] if all(found) else []


def provider_log_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a payment provider's activity log (PayPal's): each transaction's
    gross, its fee, its net and its id, one of each; [] for another file."""
    data = _data(mappings_dir)
    return _one_header_of_each(headers, data.provider_log_gross_headers, data.provider_log_fee_headers,
                              data.provider_log_net_headers, data.provider_log_id_headers)


def time_entry_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a record of time and expenses (Clio's activities, Harvest's
    time report): whether each entry is billable or billed, the time or quantity spent, its rate,
    one of each; or the time spent beside the clock times it started and ended and either of the
    others (Toggl's "Start time", "End time", "Duration", "Billable"; Kimai's "From", "To",
    "Duration", "Rate"); [] for another file."""
    data = _data(mappings_dir)
    found = _one_header_of_each(headers, data.time_entry_flag_headers, data.time_entry_effort_headers,
                                data.time_entry_rate_headers)
    if found:
        return found
    # (a quantity between two dates is a utility's or a rent's period billed, not time spent)
    clocked = _one_header_of_each(headers, data.time_entry_effort_headers - data.time_entry_quantity_headers,
                                  data.time_entry_start_headers, data.time_entry_end_headers)
    told = (_one_header_of_each(headers, data.time_entry_flag_headers)
            or _one_header_of_each(headers, data.time_entry_rate_headers))
    return clocked + told if clocked and told else []


#: the pipeline's headers that make a file a sales pipeline
PIPELINE_HEADERS = 2


def pipeline_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a sales pipeline's deals or opportunities ("StageName",
    "Probability", "CloseDate": ``pipeline_headers``), two of them at least; [] for another file."""
    data = _data(mappings_dir)
    found = [h for h in headers if normalize_header(h) in data.pipeline_headers]
    return found if len(found) >= PIPELINE_HEADERS else []


def direct_debit_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a direct-debit batch (a mandate's reference or date beside the
    run's sequence type or debit day: "Mandaat Id", "Soort Incasso"), when no header says debits came
    back ("Storno", "Rücklastschrift"); [] for another file."""
    data = _data(mappings_dir)
    norms = {h: normalize_header(h) for h in headers}
    if any(set(n.split()) & data.direct_debit_return_words for n in norms.values()):
        return []
    mandate = [h for h, n in norms.items() if n in data.direct_debit_mandate_headers]
    batch = [h for h, n in norms.items() if n in data.direct_debit_batch_headers]
    return [mandate[0], batch[0]] if mandate and batch else []


def receipt_log_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file may be a log of payments received: a payment's or a receipt's
    date ("PaymentDate", "receipt_date") beside the receipt's own number ("receipt_id"), an amount
    named as money received ("Collection", "Amount Received") or how it was paid ("Payment Mode");
    [] for another file. (Whether the
    dates are written on every row, and no invoice's date beside them, the caller reads.)"""
    data = _data(mappings_dir)
    norms = {h: normalize_header(h) for h in headers}
    dates = [h for h, n in norms.items() if n in data.receipt_date_headers or n in data.payment_date_headers]
    # (how each payment came, "Payment Mode": NEFT, UPI, beside its date: a payment's record)
    received = [h for h, n in norms.items() if n in data.receipt_id_headers or n in data.received_amount_headers
                or n in data.payment_method_headers]
    return [dates[0], *received] if dates and received else []


def payment_method_written(headers: list[str], mappings_dir: Path | str) -> bool:
    """Whether one of ``headers`` names how each payment was made ("Payment Mode", "Medio de pago")."""
    data = _data(mappings_dir)
    return any(normalize_header(h) in data.payment_method_headers for h in headers)


def payments_beside_invoices(found: list[str], headers: list[str], mappings_dir: Path | str) -> bool:
    """Whether one of ``found`` names how each payment was made ("Payment Mode", "Medio de pago") and
    no header of the file names a balance still owed ("Balance Due"): a log of payments that names
    the invoices they paid, their dates with them."""
    data = _data(mappings_dir)
    return payment_method_written(found, mappings_dir) and not any(
        set(normalize_header(h).split()) & data.balance_header_words for h in headers)


def bank_statement_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a bank account's statement: the other party's account of each
    movement ("Číslo účtu protiúčtu", "Tegenrekening") beside the day the bank booked it or the
    balance after it ("Datum zaúčtování", "Buchungstag", "Saldo na trn"), read as words of the header;
    [] for another file."""
    data = _data(mappings_dir)

    def named(kind: frozenset[str]) -> str | None:
        return next((h for h in headers if says_phrase(h, kind)), None)

    found = [named(data.bank_counterparty_headers), named(data.bank_booking_headers)]
    if all(found):
        return [h for h in found if h is not None]
    # ... or beside the code of the other party's bank ("Beneficiary's account", "BIC/SWIFT": SEB's)
    if found[0] is not None and (code := _one_header_of_each(headers, data.bank_code_headers)):
        return [found[0], *code]
    # money out and money in, each a column, beside a balance ("Withdrawn", "Paid In", "Balance")
    # (as written: the normaliser drops the "in" of "Paid In")
    # (with and without its note in brackets: "Montant débité (CHF)")
    written = {h: {_name_words(h).strip(), _name_words(re.sub(r"\s*\([^)]*\)", "", h)).strip()} for h in headers}
    moved = [next((h for h, w in written.items() if w & kind), None)
             for kind in (data.statement_money_out_headers, data.statement_money_in_headers)]
    balance = next((h for h in headers if set(normalize_header(h).split()) & data.balance_header_words), None)
    if all(moved) and balance is not None:
        return [h for h in (*moved, balance) if h is not None]
    # money in and money out beside the day each movement was made ("DEPÓSITOS", "RETIROS", "FECHA DE
    # OPERACIÓN": Banorte's movements, without a balance; "Data", "Entrate", "Uscite": Fineco's)
    if all(moved) and (day := _one_header_of_each(headers, data.bank_entry_date_headers | data.bank_direction_day_headers)):
        return [h for h in (*moved, *day) if h is not None]
    # an e-money account's: the day each movement started and the day it completed, beside the balance
    # after it (Revolut's "Started Date", "Completed Date", "Balance")
    if balance is not None and (wallet := _one_header_of_each(headers, data.wallet_started_headers,
                                                               data.wallet_completed_headers)):
        return [*wallet, balance]
    # the day the bank booked each movement and the day it took value ("Buchungsdatum" and
    # "Valutadatum"), each a header of its own: no invoice list writes both
    if dated := _one_header_of_each(headers, data.bank_entry_date_headers, data.bank_value_date_headers):
        return dated
    # the account's own IBAN beside the day each movement was made ("IBAN du compte", "Date de
    # l'opération": a business account's export of its transactions)
    booked = data.bank_entry_date_headers | data.bank_booking_headers
    if own := _one_header_of_each(headers, data.bank_own_account_headers, booked):
        return own
    # the payer's words for what a transfer pays ("Verwendungszweck") beside the day the bank booked it
    if purpose := _one_header_of_each(headers, data.bank_purpose_headers, booked):
        return purpose
    # the bank's amount and day of each movement ("bank_amount", "bank_date")
    if side := _one_header_of_each(headers, data.bank_side_amount_headers, data.bank_side_day_headers):
        return side
    # whether each movement went in or out ("入出金区分") beside the day it was made
    if direction := _one_header_of_each(headers, data.bank_direction_headers, booked | data.bank_direction_day_headers):
        return direction
    # whether each movement is a debit or a credit ("debit_credit") beside the day it was made and the
    # balance after it, and no column naming a party: an account's own movements (a bank's export laid
    # out for Xero or Sage); a customer's ledger names its customers
    if (balance is not None and not any(set(normalize_header(h).split()) & data.party_words for h in headers)
            and (sided := _one_header_of_each(headers, data.bank_debit_credit_headers, data.bank_entry_date_headers))):
        return [*sided, balance]
    # who sent each movement and who received it ("Avsändare" and "Mottagare", Nordea's), beside the
    # day it was booked: money moved between two parties, which no list of invoices names both of
    return _one_header_of_each(headers, data.bank_sender_headers, data.bank_receiver_headers,
                              data.bank_entry_date_headers | data.bank_booking_headers | data.bank_booked_day_headers)


#: the share of a column's values that must be dates for it to be a day of each movement
MOVEMENT_DAYS_SHARE = 0.9


def value_dated_columns(frame: pl.DataFrame, headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a bank account's statement: the day each movement was made
    ("Data") beside the day it took value written as a word lists of invoices write for their
    currency ("Valuta": Banca Popolare di Sondrio's), both columns of dates; [] for another file."""
    data = _data(mappings_dir)
    found = _one_header_of_each(headers, data.bank_direction_day_headers, data.bank_value_date_headers)
    if not found or not frame.height or any(h not in frame.columns for h in found):
        return []
    dated = all(profile_values(sample_column(frame.get_column(h)), mappings_dir).share("date") >= MOVEMENT_DAYS_SHARE
                for h in found)
    return found if dated else []


def card_statement_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers by which a file is a card's statement: the card each purchase was paid with and
    the merchant it was paid to ("Numero di carta", "Commerciante"); [] for another file."""
    data = _data(mappings_dir)
    return _one_header_of_each(headers, data.card_number_headers, data.card_merchant_headers)


def ledger_of_accounts_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """An account's, a debit's and a credit's headers ("Account", "Debit", "Credit": a general
    ledger, a journal), when a file has one of each; [] otherwise."""
    data = _data(mappings_dir)
    return _one_header_of_each(headers, data.journal["account"] | data.ledger_account_headers, data.journal["debit"],
                              data.journal["credit"])


def trial_balance_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """A debit balance's and a credit balance's headers ("Borç Bakiyesi", "Alacak Bakiyesi"; "Saldo
    deudor", "Saldo acreedor"): each account's balance written on its side, a trial balance's, when a
    file has both; [] otherwise."""
    data = _data(mappings_dir)
    debit = data.journal["debit"] | data.balance_debit_sides
    credit = data.journal["credit"] | data.balance_credit_sides
    words = {h: set(normalize_header(h).split()) for h in headers}
    balances = {h: w for h, w in words.items() if w & data.balance_header_words}
    sides = [next((h for h, w in balances.items() if w & side), None) for side in (debit, credit)]
    return [h for h in sides if h is not None] if all(sides) and sides[0] != sides[1] else []


#: a ledger account written with its name ("6000 - Mietaufwand", "1100: Debitoren")
_ACCOUNT_WITH_NAME = r"^\d{3,8}\s*[-–:]\s*\S"


def account_sides_columns(frame: pl.DataFrame, headers: list[str], mappings_dir: Path | str) -> list[str]:
    """A debit's and a credit's headers ("Soll", "Haben": bexio's journal) whose cells are ledger
    accounts with their names ("6000 - Mietaufwand") on most rows: each entry booked from one account
    to another, a journal; [] otherwise."""
    data = _data(mappings_dir)
    found = _one_header_of_each(headers, data.journal["debit"], data.journal["credit"])
    for header in found:
        if header not in frame.columns:
            return []
        written = frame.get_column(header).head(_STATUS_SAMPLE).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        if not written.len() or written.str.contains(_ACCOUNT_WITH_NAME).mean() < 0.8:  # type: ignore[operator]
            return []
    return found


def cost_centre_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """A ledger account's header and a cost centre's ("gl_account" and "cost_center": each row a
    posting on the company's own accounts), when a file has both; [] otherwise."""
    data = _data(mappings_dir)
    return _one_header_of_each(headers, data.journal["account"] | data.ledger_account_headers, data.cost_centre_headers)


def contra_account_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """An account's header and its contra account's ("Konto" and "Gegenkonto", "Kto" and "GKto":
    each entry booked on one account against another), when a file has both: a journal's, whatever
    its amounts are called; [] otherwise."""
    data = _data(mappings_dir)
    return _one_header_of_each(headers, data.journal["account"] | data.ledger_account_headers | data.short_account_headers,
                              data.contra_account_headers) or (
        # ... or the account each entry debits and the one it credits ("AccountDebit", "AccountCredit")
        _one_header_of_each(headers, data.debit_account_headers, data.credit_account_headers))


def payment_export_columns(headers: list[str], mappings_dir: Path | str) -> list[str]:
    """The headers that are those of a payments or orders export ("Fee", "Card Brand", "Payout")."""
    data = _data(mappings_dir)
    return [h for h in headers if normalize_header(h) in data.payment_export_headers]


#: the rank ``names_series`` gives an instalment's column
INSTALMENT = 3


def names_series(header: str, mappings_dir: Path | str) -> int | None:
    """Whether a header names the series an invoice is numbered in ("Serie", "Pto. Vta.", "Souche":
    0), the document's type ("Tipo de comprobante": 1, second best) or the group's company that
    numbered it ("Company Code", "Buchungskreis": 2, SAP numbers documents per company), the
    instalment of an invoice paid in several ("Parcela", "Cuota": ``INSTALMENT``, written after the
    number); None otherwise."""
    data = _data(mappings_dir)
    key = normalize_header(header)
    ranks = (data.series_headers, data.document_type_headers, data.entity_headers, data.instalment_headers)
    return next((rank for rank, headers in enumerate(ranks) if key in headers), None)


def item_headers(mappings_dir: Path | str) -> frozenset[str]:
    """The headers of a line item's product or quantity ("Item Code", "Qty"), normalised."""
    return _data(mappings_dir).item_headers


def lists_items(headers: list[str], mappings_dir: Path | str) -> bool:
    """Whether a file's headers name a line item's product or quantity ("Item Number", "Qty"): a
    row per line of each invoice, not per open item."""
    data = _data(mappings_dir)
    return any(normalize_header(h) in data.item_headers for h in headers)


def sheet_holds(name: str, mappings_dir: Path | str, *, documents: bool = True, not_due: bool = True) -> int:
    """What a sheet's name says it holds: 1 debts overdue or outstanding ("CXC VENCIDAS",
    "SOSPESI"), -1 no debt to collect (payments received, payables: "ASSEGNI E CONTANTI"; with
    ``not_due`` invoices not yet due too: "CXC VIGENTES"), with ``documents`` -2 documents that are
    no debts (credit notes, quotes: "NOTAS CREDITO"), 0 neither."""
    data = _data(mappings_dir)
    words = " " + " ".join(re.sub(r"[^\w]+", " ", _fold(name)).split()) + " "
    if documents and any(f" {w} " in words for w in data.document_sheet_words | data.reference_sheet_words):
        return -2
    if any(f" {w} " in words for w in data.other_sheet_words | (data.not_due_sheet_words if not_due else frozenset())):
        return -1
    return int(any(f" {w} " in words for w in data.debt_sheet_words))


def names_generic_sheet(name: str, mappings_dir: Path | str) -> bool:
    """Whether a sheet's name is one a spreadsheet program or an export gives ("Sheet1", "Feuil 2",
    "Export"), naming nothing of its content."""
    found = re.fullmatch(r"([^\W\d_]+)[\s_-]*\d*", _fold(name.strip()))
    return found is not None and found.group(1) in _data(mappings_dir).generic_sheet_names


def product_code_headers(mappings_dir: Path | str) -> frozenset[str]:
    """The headers of a product's code ("SKU", "Item Code", "Artikelnummer"), normalized."""
    return _data(mappings_dir).product_code_headers


def cash_account_headers(mappings_dir: Path | str) -> frozenset[str]:
    """The headers of the bank account a cash book's movement went through ("Conta bancária")."""
    return _data(mappings_dir).cash_account_headers


def names_receipts(name: str, mappings_dir: Path | str) -> str | None:
    """The words of a file's name that say it lists payments received ("incoming_payments",
    "encaissements"), None when none do."""
    return _name_word(name, _data(mappings_dir).receipts_file_words)


def names_payables(name: str, mappings_dir: Path | str) -> str | None:
    """The word of a file's name that says it lists payables, purchases or expenses ("wydatki",
    "AP aging", "Einkauf"), None when none does."""
    return _name_word(name, _data(mappings_dir).payables_file_words)


def names_quotes(name: str, mappings_dir: Path | str) -> str | None:
    """The word of a file's name that says it lists quotes or orders, not yet billed ("preventivi",
    "devis", "conferme ordine"), None when none does."""
    return _name_word(name, _data(mappings_dir).quotes_file_words)


def _name_word(name: str, words: frozenset[str]) -> str | None:
    """The first of ``words`` (in their order) a file's or a sheet's name writes, None when it writes none."""
    written = _name_words(name)
    return next((w for w in sorted(words) if f" {w} " in written), None)


def _name_words(name: str) -> str:
    """A file's or a sheet's name as folded words between spaces ("AR_Aging" → " ar aging ")."""
    words = " " + " ".join(re.sub(r"[\W_]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", name)).split()).lower() + " "
    return " " + " ".join(_fold(words).split()) + " "


def names_open_items(name: str, mappings_dir: Path | str) -> bool:
    """Whether a file's or a sheet's name says it lists open items ("Open invoices", "AR Aging",
    "impayés", "Offene Posten")."""
    data = _data(mappings_dir)
    words = _name_words(name)
    return any(f" {w} " in words for w in data.open_items_words | data.debt_sheet_words)


def in_minor_units(header: str, mappings_dir: Path | str, headers: Sequence[str] = (), platform: bool = False) -> bool:
    """Whether a header says its amounts are written in the currency's minor unit
    ("total_amount_cents", "Amount (pence)"), or is one of the headers of a platform that writes
    them all so (``minor_unit_headers``: Stripe's "amount_due", "amount_paid", "amount_remaining"),
    all of them among ``headers`` or the file the platform's (``platform``: ``platform_ids``),
    or one of that platform's other amounts ("total", "tax")."""
    from getbill_import.validate.currencies import currency_in_header

    data = _data(mappings_dir)
    words = normalize_header(header).split()
    named = any(w in data.minor_unit_words for w in words) or " ".join(words[-2:]) in data.minor_unit_words
    if named or currency_in_header(header) is not None:
        # (a header naming a currency counts its amounts in it, "amount_usd": dollars, whatever the platform)
        return named
    return bool(data.minor_unit_headers) and " ".join(words) in data.minor_unit_headers | data.minor_unit_companions \
        and (platform or data.minor_unit_headers <= {normalize_header(h) for h in headers})


def amount_scale(header: str, mappings_dir: Path | str) -> tuple[int, str] | None:
    """The scale a header says its amounts are written at ("in thousands USD": 1,000, "in Lakhs":
    100,000; "amount_lakh", "amountInThousands": its words joined), and the word that says it; None
    for amounts in the currency's unit."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header).replace("_", " ").lower()
    for factor, words in _data(mappings_dir).amount_scales:
        for word in words:
            if re.search(rf"(?<![\w']){re.escape(word)}(?![\w])", text):
                return factor, word
    return None


def platform_ids(frame: pl.DataFrame, mappings_dir: Path | str) -> bool:
    """Whether a column of ``frame`` holds the object ids of a platform that writes its amounts in
    cents (``minor_unit_id_prefixes``: Stripe's "in_1a980ee64fb1c3"), on every one of its first rows."""
    prefixes = _data(mappings_dir).minor_unit_id_prefixes
    if not prefixes:
        return False
    pattern = "^(?:" + "|".join(re.escape(p) for p in prefixes) + ")[A-Za-z0-9]{8,}$"
    head = frame.head(_STATUS_SAMPLE)
    for column in head.columns:
        values = head.get_column(column)
        if values.dtype != pl.String or not values.drop_nulls().len():
            continue
        if values.drop_nulls().str.contains(pattern).all():
            return True
    return False


def minor_unit_exponents(currencies: pl.Expr) -> pl.Expr:
    """How many decimals each currency's minor unit is (2 unless the currency says otherwise: 0 for
    the yen, 3 for the Kuwaiti dinar)."""
    code = currencies.cast(pl.String).str.strip_chars().str.to_uppercase()
    return (
        pl.when(code.is_in(sorted(ZERO_DECIMAL_CURRENCIES))).then(0)
        .when(code.is_in(sorted(THREE_DECIMAL_CURRENCIES))).then(3)
        .otherwise(2)
    )


def receivable_accounts(frame: pl.DataFrame, columns: list[str], mappings_dir: Path | str) -> tuple[str, pl.Series] | None:
    """Among ``columns``, the first whose header names a ledger account ("G/L Account: Long
    Text") and whose values name customer receivable accounts on some rows ("Trade Receivable -
    Energy Solar") and other accounts on others ("Investment in FD-TRA"): the column, and whether
    each row is on a receivable account (None when no column does)."""
    data = _data(mappings_dir)
    for column in columns:
        # (or a journal's bare "Account": QuickBooks Online's transaction report, "2457 Accounts Receivable (A/R)")
        if normalize_header(column) not in data.ledger_account_headers | data.journal["account"]:
            continue
        name = folded(pl.col(column).cast(pl.String).str.strip_chars().replace("", None))
        receivable = (
            name.str.contains_any(list(data.receivable_account_words))
            & ~name.str.contains_any(list(data.receivable_account_exceptions))
        ).fill_null(False)
        on = frame.select(receivable.alias("on"), name.is_not_null().alias("named"))
        named, on_receivable = int(on["named"].sum()), int(on["on"].sum())
        # an account's type is one of a few words ("Accounts Receivable", "Bank"): one row says it
        share = 0.0 if "type" in normalize_header(column).split() or "kontotyp" in normalize_header(column) \
            else RECEIVABLE_ACCOUNTS_SHARE
        if named and max(1, share * named) <= on_receivable < named:
            return column, on["on"]
    return None


#: the share of a ledger-account column's named rows on receivable accounts from which the others
#: are not debts (below it, the words matched by chance)
RECEIVABLE_ACCOUNTS_SHARE = 0.1


def not_owed_codes(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """For a coded column whose code says a row is no debt (``not_owed_codes``: SAP's document
    status "S", a noted item), whether each row says so; None for any other header."""
    codes = _data(mappings_dir).not_owed_codes.get(normalize_header(header))
    if codes is None:
        return None
    return column.cast(pl.String).str.strip_chars().str.to_uppercase().is_in(list(codes)).fill_null(False)


def says_paid(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header says what was paid by a word for paid ("Amount Paid", "Total Pagado",
    "Оплачено") or for a deposit ("Acompte 1"), not by a word for a payment ("Payment Amount": in
    SAP, the amount to pay)."""
    data = _data(mappings_dir)
    words = normalize_header(header).split()
    negated = sum(w in data.flag_negation_words for w in words) % 2 == 1
    return not negated and any(w in data.paid_flag_words or w in data.deposit_words for w in words)


def flag_polarity(header: str, mappings_dir: Path | str, *, dated: bool = False) -> bool | None:
    """Whether a header names a paid flag ("Payée", "Paid?", "Facture réglée": True), its opposite
    ("Impayée", "Open", "Non payée": False), or neither (None). With ``dated``, whether it names
    the date an invoice was paid ("Payée le", "Date paid"), over a column of dates."""
    data = _data(mappings_dir)
    if normalize_header(header) in data.paid_date_headers:
        return True
    words = normalize_header(header).split()
    negated = sum(w in data.flag_negation_words for w in words) % 2 == 1
    words = [w for w in words if w not in data.flag_negation_words and w not in data.flag_filler_words]
    paid = data.paid_flag_words if dated else data.paid_flag_words | data.payment_state_words
    if len(words) != 1 or words[0] not in paid | data.open_flag_words:
        return None
    return (words[0] in paid) != negated


def state_flag(header: str, mappings_dir: Path | str) -> str | None:
    """"draft" for a header of a yes or no saying the document was posted ("Submitted"), whose no is a
    draft; "cancelled" for one saying it was cancelled ("Cancelled"), whose yes is; None otherwise."""
    norm = normalize_header(header)
    data = _data(mappings_dir)
    return "draft" if norm in data.posted_flag_headers else "cancelled" if norm in data.cancelled_flag_headers else None


def names_creation_date(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names the day a record was created ("Created At", "created_at", "Date de création")."""
    return normalize_header(header) in _data(mappings_dir).creation_date_headers


#: the share of a column's values that must be kinds of notes for the file to list notes
NOTE_KINDS_SHARE = 0.9


def notes_issued_by_one(frame: pl.DataFrame, headers: list[str], mappings_dir: Path | str) -> tuple[str, str, str] | None:
    """A register of promissory notes or cheques all issued by one party (WinMentor's "Emitent": the
    company itself on every row, its "Tip": BOP): that party's debts to the others named. The issuer's
    column, its one value and the column of the notes' kinds; None for another file."""
    data = _data(mappings_dir)
    issuer = next((h for h in headers if normalize_header(h) in data.note_issuer_headers and h in frame.columns), None)
    if issuer is None or frame.height < 3:
        return None
    issued = frame.get_column(issuer).cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    if issued.len() < 3 or issued.n_unique() != 1:
        return None
    for header in headers:
        if header == issuer or header not in frame.columns:
            continue
        kinds = _status_keys(frame.get_column(header).head(_STATUS_SAMPLE)).drop_nulls()
        if kinds.len() and int(kinds.is_in(list(data.note_kinds)).sum()) >= NOTE_KINDS_SHARE * kinds.len():
            return issuer, str(issued[0]), header
    return None


def cancelled_date_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names the date an invoice or an order was cancelled ("Cancelled at")."""
    return normalize_header(header) in _data(mappings_dir).cancelled_date_headers


def placeholder_references(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each reference names no invoice ("Opening", "On Account": a balance brought forward,
    a payment on account; "18%": the interest an Indian distributor charges a party at that rate)."""
    # punctuation read as a space: "CHQ.BOUNCE" is "chq bounce"
    words = sorted({" ".join(re.sub(r"[^\w]+", " ", w).split()) for w in _data(mappings_dir).placeholder_references})
    text = pl.col("v").cast(pl.String)
    # an invoice number holds a digit: only the words without one are read further
    key = folded(text).str.replace_all(r"[^\w]+", " ").str.strip_chars()
    wordy = ~text.str.contains(r"\d") & text.str.contains(r"\w")
    rate = text.str.contains(r"^\s*\d{1,2}(?:[.,]\d{1,2})?\s*%\s*$")
    return pl.DataFrame({"v": values}).select(
        (pl.when(wordy).then(key.is_in(words)).otherwise(pl.lit(False)) | rate).fill_null(False)
    ).to_series()


#: a header that is a date ("2024-01-07", "07/01/2024", "01.2024") or a year and a month ("2025-01")
_DATE_HEADER = re.compile(
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.](?:0?[1-9]|1[0-2])(?:[-/.]\d{1,2})?|(?:0?[1-9]|1[0-2])[-/.]\d{4})"
    r"(?: 00:00(?::00)?)?"
)


def period_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a period alone, a month ("Janeiro", "Jan 2014", "Mayo-25") or a date
    ("2024-01-07"): a column of a wide layout that puts a month or a week in each column."""
    text = header.strip()
    if _DATE_HEADER.fullmatch(text):
        return True
    words = re.sub(r"[^\w]+", " ", _fold(text)).split()
    months = _data(mappings_dir).month_words
    return bool(words) and any(w in months for w in words) and all(w in months or w.isdigit() for w in words)


def snapshot_date_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names the date a list of open items was taken at ("Closing Date",
    "Fecha de corte", "Stichtag")."""
    return normalize_header(header) in _data(mappings_dir).snapshot_date_headers


def credit_period_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names an invoice's credit period in days ("Days Limit", "Credit Days",
    "Zahlungsziel (Tage)", "Días de crédito")."""
    return normalize_header(header) in _data(mappings_dir).credit_period_headers


def scheduled_payment_date_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names the date a payment is expected or scheduled ("Data Prevista para
    pagamento", "Expected Payment Date")."""
    return normalize_header(header) in _data(mappings_dir).scheduled_payment_date_headers


def payment_date_header(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a payment's date without saying it was paid ("Payment date", "Date
    de règlement"): the date it was paid, or the date it is due."""
    return normalize_header(header) in _data(mappings_dir).payment_date_headers


def disputed_rows(values: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a column says are disputed: a yes under a dispute's header ("Dispute_Flag": Yes,
    "En litige": Oui), an amount above zero under it ("disputed_usd": 6000, "Montant en litige"),
    or a dispute's status ("Disputed", "En litige"); None for another column."""
    said = _rows_said(values, header, mappings_dir, "dispute_words", "disputed_status_words", statuses_only=True)
    if said is not None or not header_says(header, "dispute_words", mappings_dir):
        return said
    numbers = written_numbers(values)
    disputed = (numbers > 0).fill_null(False) if numbers is not None else None
    return disputed if disputed is not None and disputed.any() else None


def names_retainage(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names each invoice's retainage ("retainage_amount", "Retention Held"), not
    the amount less it, what was released of it or its rate (``retainage_words``)."""
    data = _data(mappings_dir)
    return says_phrase(header, data.retainage_words) and not set(normalize_header(header).split()) & data.retainage_other_words


def valuation_columns(headers: Iterable[str], mappings_dir: Path | str) -> list[str]:
    """The headers that name a property's value or a relief off the tax on it ("Rateable value",
    "Relief total": ``valuation_words``)."""
    words = _data(mappings_dir).valuation_words
    return [h for h in headers if says_phrase(h, words)]


#: a day written as a date ("31.12.2026", "2026-12-31"): a block until that day, no code
_WRITTEN_DAY = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"


def dunning_blocked_rows(values: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a dunning block's column ("Mahnsperre": X, "Dunning Block": A) says the creditor's
    own system must not dun: any code or yes written under such a header (``dunning_block_words``),
    not a no ("0", "Nein"); None for another column, one blocking no row, or one of days ("Mahnsperre
    bis": a block until a day, which may be past)."""
    data = _data(mappings_dir)
    if not says_phrase(header, data.dunning_block_words):
        return None
    key = folded(pl.col("v").cast(pl.String).str.strip_chars())
    said = pl.DataFrame({"v": values}).select(
        (key.str.contains(r"\S") & ~key.is_in(data.no_words) & ~key.is_in(["0", "-", "00"])).fill_null(False).alias("b"),
        key.str.contains(_WRITTEN_DAY).fill_null(False).alias("day"),
    )
    if said["day"].any() or not said["b"].any():
        return None
    return said["b"]


#: the share of a column's written cells that must be numbers for it to be a column of numbers
NUMBERS_SHARE = 0.9


def written_numbers(values: pl.Series) -> pl.Series | None:
    """A column's cells as numbers (``plain_number``: "6000", "1 250,50"; null where blank), when
    nearly all its written cells are numbers (``NUMBERS_SHARE``); None for a column of words or an
    empty one ("Current", "31-60 días": an arrears bucket, no count of days)."""
    from getbill_import.mapping.columns import plain_number

    written = values.cast(pl.String).str.strip_chars().replace("", None)
    numbers = pl.DataFrame({"v": written}).select(plain_number(pl.col("v"))).to_series()
    filled = written.drop_nulls().len()
    return numbers if filled and numbers.drop_nulls().len() >= NUMBERS_SHARE * filled else None


def insolvent_rows(values: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a column says are of a debtor under an insolvency procedure or dead: a yes under
    such a header ("Bankrupt": Y), or a whole value saying it ("Active Bankruptcy", "Deceased",
    "Liquidation judiciaire") in any column; None when no row says it."""
    return _rows_said(values, header, mappings_dir, "insolvency_words", "insolvent_status_words")


def in_court_rows(values: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a column says are of a debt already before a court: a yes under such a header
    ("INDICADOR_AJUIZADO": SIM), or a whole value saying it ("Suit Filed", "AJUIZADA"); None when
    no row says it."""
    return _rows_said(values, header, mappings_dir, "litigation_words", "litigation_status_words")


#: the first rows read to tell a column of statuses from one of identifiers or free text, and the
#: longest status
_STATUS_SAMPLE, _STATUS_LENGTH = 1000, 40


def _rows_said(
    values: pl.Series, header: str, mappings_dir: Path | str, header_words: str, whole_values: str,
    *, statuses_only: bool = False,
) -> pl.Series | None:
    """The rows a column says something of: a yes under a header holding one of the words
    ``header_words``, or a whole value of the list ``whole_values`` in any column (with
    ``statuses_only``, in a column whose header names a status); None when none."""
    if header_says(header, header_words, mappings_dir):
        flags = paid_flags(values, True, mappings_dir)
        if flags is not None:
            return flags if flags.any() else None
    if values.dtype != pl.String or (statuses_only and not names_a_status(header, mappings_dir)):
        return None
    # a column of identifiers or free text, a value of its own on most of its first rows, holds no status
    head = values.head(_STATUS_SAMPLE).drop_nulls()
    if head.len() >= _STATUS_SAMPLE // 2 and head.n_unique() * 2 > head.len():
        return None
    # (each distinct value read once, the short ones: a status is a few words)
    key = _status_key(folded(pl.col("v").str.strip_chars()))
    distinct = values.drop_nulls().unique()
    distinct = distinct.filter(distinct.str.len_chars() <= _STATUS_LENGTH)
    words = list(getattr(_data(mappings_dir), whole_values))
    said = distinct.filter(pl.DataFrame({"v": distinct}).select(key.is_in(words)).to_series())
    return values.is_in(said.implode()).fill_null(False) if said.len() else None


#: a flag's cell that says it does not apply to the row
_NOT_APPLICABLE = ["na", "n/a", "n.a.", "n a", "not applicable",
                   # not known, not said ("Non précisé": a yes-or-no left unanswered), as a blank cell
                   "unknown", "not specified", "unspecified", "non precise", "non precisee", "inconnu", "no especificado",
                   "desconocido", "nicht angegeben", "unbekannt", "non specificato", "sconosciuto", "nao especificado",
                   "desconhecido", "?"]


def paid_flags(values: pl.Series, paid: bool, mappings_dir: Path | str) -> pl.Series | None:
    """For a column of yes or no under a paid flag's header (``flag_polarity``), whether each row
    says the invoice is paid: a yes under "Payée", a no under "Impayée". None when the column's
    values are not all yes or no (dates, amounts: "Paid" holding what was paid) or all blank."""
    data = _data(mappings_dir)
    key = folded(pl.col("v").cast(pl.String).str.strip_chars())
    yes, no = key.is_in(data.yes_words), key.is_in(data.no_words)
    # "NA", "n/a": nothing to say of the row (a gift, never paid for), as a blank cell
    unsaid = key.is_in(_NOT_APPLICABLE)
    said = pl.DataFrame({"v": values}).select(
        pl.when(yes).then(pl.lit(True)).when(no).then(pl.lit(False)).alias("said"),
        (key.str.contains(r"\S") & ~yes & ~no & ~unsaid).fill_null(False).alias("other"),
    )
    if said["other"].any() or said["said"].null_count() == said.height:
        return None
    return (said["said"] == paid).fill_null(False)


def _status_key(folded: pl.Expr) -> pl.Expr:
    """A folded status as the status lists write it ("Partially_Paid" → "partially paid")."""
    return folded.str.replace_all(r"[\s_\-]+", " ")


def header_says(header: str, words: str, mappings_dir: Path | str) -> bool:
    """Whether a header holds one of the words of the list ``words`` of ``values.toml`` ("owner_words":
    "OWNER1", "Taxpayer"), a word or the whole header."""
    listed: frozenset[str] = getattr(_data(mappings_dir), words)
    norm = normalize_header(header)
    return bool(set(norm.split()) & listed) or norm in listed


#: the share of a document kind's column written with kinds the vocabulary knows
KNOWN_KINDS_SHARE = 0.8


def credit_documents(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a column of document kinds ("Transaction type": Invoice, Payment, Credit Memo)
    says are no debts (a credit note, a payment, an advance, a refund), when the column names
    invoices too and nearly every value is a kind the vocabulary knows; None for another column."""
    return _rows_of_kind(column, header, mappings_dir, "credit_document_kinds",
                         ("invoice_document_kinds", "other_invoice_kinds", "non_invoice_kinds"))


def _voucher_kinds(column: pl.Series, header: str, data: _ValueData) -> pl.Series | None:
    """The kinds a voucher type column writes ("Vch Type": Sales, Receipt), folded, its blanks and the
    amounts a bill-wise report writes in it left out; None when its header names no document's kind."""
    if normalize_header(header) not in data.document_kind_headers:
        return None
    key = folded(pl.col("v").cast(pl.String).str.replace_all(r"[\s._/-]+", " ").str.strip_chars())
    kinds = pl.DataFrame({"v": column}).select(key.alias("k")).to_series().drop_nulls()
    return kinds.filter((kinds != "") & ~kinds.str.contains(r"^[\d ,]+$"))


def customer_ledger_kinds(column: pl.Series, header: str, mappings_dir: Path | str) -> bool:
    """Whether a voucher type column ("Vch Type": Sales, Receipt, Journal, Credit Note) makes a
    ledger a customer's account: sales beside receipts, notes or journals, and nearly every voucher
    one of those, no purchase (``supplier_ledger_kinds`` tells a supplier's)."""
    data = _data(mappings_dir)
    kinds = _voucher_kinds(column, header, data)
    if kinds is None:
        return False
    sold = kinds.is_in(list(data.sales_voucher_kinds))
    paid = kinds.is_in(list(data.credit_document_kinds))
    beside = kinds.is_in(list(data.supplier_ledger_other_kinds))
    # (the customer's payments may be booked as journals: "By CHAKRA SYNERGY PVT LTD", Journal, a credit)
    return (bool(sold.any()) and bool((paid | beside).any()) and not kinds.is_in(list(data.payable_kinds)).any()
            and int((sold | paid | beside).sum()) >= KNOWN_KINDS_SHARE * kinds.len())


def payment_rows(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a column of document kinds says are payments or credits ("Type": Cheque, Deposit),
    as ``credit_documents`` does, or when every row is one; None for another column."""
    return _rows_of_kind(column, header, mappings_dir, "credit_document_kinds",
                         ("invoice_document_kinds", "other_invoice_kinds", "non_invoice_kinds"), alone=True)


def payable_rows(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a type column says are payables ("Transaction_Type": AP beside AR), when it names
    both what customers owe and what suppliers are owed, and nearly every value is one of the two,
    or when every row is one ("Tipo": Despesa, a finance tool's bills to pay); None for another column."""
    return _rows_of_kind(column, header, mappings_dir, "payable_kinds", "receivable_kinds", alone=True)


#: the share of a supplier's ledger's vouchers that are its purchases, at least
SUPPLIER_LEDGER_PURCHASES = 0.3


def supplier_ledger_kinds(column: pl.Series, header: str, mappings_dir: Path | str) -> list[str]:
    """The kinds of a voucher type column ("Vch Type": Purchase, Payment, Debit Note, Journal) that
    make a ledger an account of a supplier's in its customer's books: purchases, and beside them
    only payments, notes and journals, no sale nor invoice; [] for another column. Amounts written
    in the column (a bill-wise report's sub-rows) are no kinds."""
    data = _data(mappings_dir)
    kinds = _voucher_kinds(column, header, data)
    if kinds is None or not kinds.len():
        return []
    bought = kinds.is_in(list(data.payable_kinds))
    beside = kinds.is_in(list(data.supplier_ledger_other_kinds))
    sold = kinds.is_in([*data.receivable_kinds, *data.invoice_document_kinds])
    # (every row a purchase is a list of bills: ``payable_rows`` tells it)
    if sold.any() or bought.all() or int(bought.sum()) < SUPPLIER_LEDGER_PURCHASES * kinds.len() \
            or int((bought | beside).sum()) < KNOWN_KINDS_SHARE * kinds.len():
        return []
    written = column.cast(pl.String).str.strip_chars()
    return written.filter(written.str.contains(r"[^\d\s.,]")).unique(maintain_order=True).head(4).to_list()


def cash_sale_rows(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a type column says are cash sales, paid at the counter ("Bill Type": Cash beside
    Credit), when nearly every value is one of the two, or every row when each is a cash sale (a
    shop's summary of its sales: "فاتورة بيع نقدي"); None for another column."""
    return _rows_of_kind(column, header, mappings_dir, "cash_sale_kinds", "credit_sale_kinds", alone=True)


def non_invoice_rows(column: pl.Series, header: str, mappings_dir: Path | str) -> pl.Series | None:
    """The rows a document kind column ("Document_Type__c") says are quotes, orders, deliveries or
    purchases beside invoices and credit notes, when nearly every value is one of those; None for
    another column."""
    return _rows_of_kind(column, header, mappings_dir, "non_invoice_kinds",
                         ("invoice_document_kinds", "other_invoice_kinds", "credit_document_kinds"))


def _rows_of_kind(
    column: pl.Series, header: str, mappings_dir: Path | str, kind: str, other: str | tuple[str, ...],
    *, alone: bool = False,
) -> pl.Series | None:
    """The rows of a document kind column ("Type", "Bill Type") whose value is one of the words
    ``kind`` names in ``values.toml``, when the others' are of ``other`` and nearly every value is of
    the two (``alone``: or when every value is of ``kind``); None for another column."""
    data = _data(mappings_dir)
    if normalize_header(header) not in data.document_kind_headers:
        return None
    key = folded(pl.col("v").cast(pl.String).str.replace_all(r"[\s._/-]+", " ").str.strip_chars())
    kinds = pl.DataFrame({"v": column}).select(pl.when(key != "").then(key).alias("k")).to_series()
    written = kinds.drop_nulls()
    if not written.len():
        return None
    these = kinds.is_in(list(getattr(data, kind))).fill_null(False)
    others = [w for name in ((other,) if isinstance(other, str) else other) for w in getattr(data, name)]
    those = kinds.is_in(others).fill_null(False)
    if alone and int(these.sum()) == written.len():
        return these
    if not these.any() or not those.any() or int((these | those).sum()) < KNOWN_KINDS_SHARE * written.len():
        return None
    return these


def ledger_posting_kinds(text: pl.Expr, mappings_dir: Path | str) -> pl.Expr:
    """Columnar: what a ledger's row without a reference is by its words: "payment" (a receipt, a
    refund, a return: ``ledger_payment_words``), "opening" (the balance brought forward:
    ``opening_balance_words``), or null."""
    data = _data(mappings_dir)
    words = folded(text)

    def any_of(listed: frozenset[str]) -> pl.Expr:
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in sorted(listed, key=len, reverse=True)) + r")\b"
        return words.str.contains(pattern) if listed else pl.lit(False)

    return (pl.when(any_of(data.opening_balance_words)).then(pl.lit("opening"))
            .when(any_of(data.ledger_payment_words)).then(pl.lit("payment")).otherwise(pl.lit(None, pl.String)))


def names_unit_amount(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a unit's price ("Unit Price", "*UnitAmount", "Rate" alone)."""
    return header_says(header, "unit_amount_words", mappings_dir) or \
        normalize_header(header) in _data(mappings_dir).unit_rate_headers


def names_an_item_price(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names the price of each item of a line sold: a unit's price ("Unit Price",
    "Rate"), or a sales register's ("Sale Rate", "MRP")."""
    return names_unit_amount(header, mappings_dir) or normalize_header(header) in _data(mappings_dir).item_price_headers


def names_a_line_total(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a line's total ("Line Total", "Montant ligne"), tax included."""
    return normalize_header(header) in _data(mappings_dir).line_total_headers


def names_an_order(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names an order's own number ("# Orden", "Order Number"), not the customer's
    purchase order nor another thing of the order."""
    return header_says(header, "order_number_words", mappings_dir) and not header_says(
        header, "order_number_exclusions", mappings_dir)


def names_a_status(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a document's status ("Status", "Payment Status", "Estado")."""
    # "Statut juridique" (a legal form), "Marital Status", "Tax Status": no document's status
    return bool(set(normalize_header(header).split()) & _data(mappings_dir).status_header_words) \
        and not names_another_standing(header, mappings_dir)


def names_another_standing(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names a standing that is no document's ("condicion_frente_iva": Exento,
    "Tax Status", "Statut juridique"): its values say nothing of payment."""
    return bool(set(normalize_header(header).split()) & _data(mappings_dir).not_document_status_words)


#: the words from which a value is a remark ("Not yet loaded; future assessor enrichment needed."), no status
REMARK_WORDS = 6


def unknown_statuses(values: pl.Series, mappings_dir: Path | str) -> pl.Series:
    """Whether each value, written, with no digit and shorter than a remark, is no status the
    vocabulary knows."""
    data = _data(mappings_dir)
    v = pl.col("v").cast(pl.String).str.strip_chars()
    return pl.DataFrame({"v": values}).select(
        ((v != "") & ~v.str.contains(r"\d") & (v.str.count_matches(r"\S+") < REMARK_WORDS)
         & ~_status_key(folded(v)).is_in(data.status_words)).fill_null(False)
    ).to_series()


def names_status_or_region(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header holds a word that names a status as well as a region ("State", "Estado")."""
    words = set(normalize_header(header).split())
    return bool(words & _data(mappings_dir).status_or_region_words)


#: a hexadecimal digest or key, or a UUID
_HASHED = r"^(?:[0-9a-fA-F]{24,}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$"


#: a phone number as the columns' profile reads one: "+49 89 1234567", "(11) 98591-8635", "315-555-8888"
_PY_PHONE = re.compile(_PHONE)
#: a number below one written with its decimals ("0.0859269283": a share, a rate)
_FRACTION = r"^0[.,]\d+$"


def looks_like_value(text: str) -> bool:
    """A header-row candidate cell that is a value (number, date, e-mail, phone number), not a header."""
    text = text.strip()
    return bool(
        _PY_EMAIL.match(text) or _PY_DATE.match(text) or _PY_AMOUNT.match(text)
        or (_PY_PHONE.match(text) and 8 <= sum(c.isdigit() for c in text) <= 15)
    )


def sample_column(series: pl.Series, size: int = SAMPLE_SIZE) -> pl.Series:
    """Up to ``size`` non-blank values, stripped: from the head of the column and, for long
    columns, from rows spread evenly over the rest (a column blank at the top still speaks)."""
    parts = [series.head(_HEAD_ROWS)]
    if series.len() > _HEAD_ROWS:
        step = max(1, (series.len() - _HEAD_ROWS) // _SPREAD_ROWS)
        parts.append(series.gather(pl.int_range(_HEAD_ROWS, series.len(), step, eager=True)))
    # (without the direction marks a right-to-left export writes after each number: "٣١‏/١‏/٢٠٢٦")
    values = pl.concat(parts).cast(pl.String).str.replace_all(DIRECTION_MARKS, "").str.strip_chars()
    # a spreadsheet told to keep a value as text writes an apostrophe before it ("'+584147248772"),
    # which the validation drops too
    values = values.str.replace(r"^'([=+\-@0-9])", "$1")
    # a dash alone is the nothing of a printed report ("-" for zero in a ledger's debit and credit,
    # for none in a contact's fax): a blank cell, no text
    return values.filter(values.is_not_null() & (values != "") & ~values.str.contains(r"^[-–—]+$")).head(size)


def companies_share(series: pl.Series, mappings_dir: Path | str) -> float:
    """The share of a column's written values that are companies' names with their legal form
    ("ADEPLAST SRL", "EASYDOOR EOOD"): a party's column, whatever its header."""
    return profile_values(sample_column(series), mappings_dir).share("company")


def _company_form(lowered: pl.Expr, data: _ValueData) -> pl.Expr:
    """Columnar: whether a folded value is a word or more followed by a company's legal form ("2.0 llc")."""
    forms = "|".join(re.escape(w).replace(r"\ ", r"\.?\s*") for w in sorted(data.company_form_words, key=len, reverse=True))
    return lowered.str.contains(rf"[a-z].*\s(?:{forms})\.?$") if forms else pl.lit(False)


def profile_values(sample: pl.Series, mappings_dir: Path | str) -> ValueProfile:
    """Classify a sample (see ``sample_column``) into kind shares."""
    if sample.len() == 0:
        return ValueProfile(0)
    data = _data(mappings_dir)
    v = pl.col("v")
    lowered = folded(v)
    upper = v.str.to_uppercase()
    digits = v.str.count_matches(r"\d")
    email = v.str.contains(_EMAIL)
    date = v.str.contains(_DATE)
    # a number written after its label ("Tel.: 2721047826", "Wpp.: 27998823576/Cel.: 2798…")
    labelled = v.str.contains(PHONE_LABEL + r"[+(0-9]") & (digits >= 8)
    # "01092007" is a date written ddmmyyyy, "0.0859269283" a share below one: no phone numbers
    phone = (~date & ~v.str.contains(_COMPACT_DATE) & ~v.str.contains(_FRACTION) & v.str.contains(_PHONE)
             & digits.is_between(8, 15) | labelled)
    # a document's number written by a program that writes every number as a float ("1200401780.0")
    integer = v.str.contains(_INTEGER) | v.str.contains(r"^\d{8,15}\.0$")
    amount_like = ~date & v.str.contains(_AMOUNT)
    amount = amount_like & ~integer & ~phone
    long_integer = integer & digits.is_between(7, 15)
    # a code, a symbol, or a code beside its name ("United States Dollar - USD", "Euro (EUR)")
    currency = (
        upper.is_in(data.currency_codes) | lowered.is_in(data.currency_symbols)
        | labelled_code(v).is_in(data.currency_codes).fill_null(False)
    )
    # a code is written in capitals or in small letters: "Kg" is a unit, not Kyrgyzstan
    cased = (v == upper) | (v == v.str.to_lowercase())
    country = (
        lowered.is_in(data.country_names)
        | (v.str.len_chars() == 2) & upper.is_in(data.country_alpha2) & cased
        | (v.str.len_chars() == 3) & upper.is_in(data.country_alpha3) & cased
    )
    postal = v.str.contains(_POSTAL)
    compact_date = v.str.contains(_COMPACT_DATE)
    status = _status_key(lowered).is_in(data.status_words)
    no_digit = digits == 0
    # a yes/no value ("true", "false", "Oui", "N"): a flag, never a name, a place or a reference
    yes_no = lowered.is_in(data.yes_no_words)
    frame = pl.DataFrame({"v": sample}).select(
        email=email.mean(),
        date=date.mean(),
        date_like=(date | v.str.contains(_EXCEL_SERIAL) | compact_date).mean(),
        # a date written as one number, yyyymmdd or ddmmyyyy ("20200229": a bank's first day overdrawn)
        compact_date=compact_date.mean(),
        phone=phone.mean(),
        # a number of a phone number's length written bare, as a file without a header row writes a mobile
        # ("1170591889"; an identity document's number is shorter, "39800105")
        phone_length=(integer & digits.is_between(10, 13)).mean(),
        # (and numbers written in groups of digits with no trunk prefix, as Estonia, the Nordic countries
        # and others write theirs, "5123 4567", "20 12 34 56", "912 34 567": no thousands' groups)
        phone_like=(phone | long_integer | v.str.contains(r"^\d{2,4}(?:[\s.\-]\d{2,4}){1,4}$") & digits.is_between(8, 12)
                    & ~v.str.contains(r"^\d{1,3}(?:[\s.]\d{3})+$") & ~date).mean(),
        amount=amount.mean(),
        amount_like=amount_like.mean(),
        integer=integer.mean(),
        currency=currency.mean(),
        country=country.mean(),
        # a country's two-letter code ("CZ", "AM"), which initials and other codes may be as well
        country_code=((v.str.len_chars() == 2) & upper.is_in(data.country_alpha2) & cased).mean(),
        # and its three-letter one ("NOR"), which a voucher's or a ledger's type may be as well
        country_code3=((v.str.len_chars() == 3) & upper.is_in(data.country_alpha3) & cased).mean(),
        country_like=(country | no_digit & ~email).mean(),
        postal=postal.mean(),
        # and the six digits of India's, China's, Russia's, Singapore's ("400001", "110 011"), under a
        # header naming a postal code (alone, six digits are as often a number)
        postal_wide=(postal | v.str.contains(r"^\d{3} ?\d{3}$")).mean(),
        status=status.mean(),
        # a market segment or a sales territory ("Domestic", "International", "South 2", "East - Infra")
        segment=(lowered.str.strip_chars().is_in(data.segment_words) | lowered.str.contains(_TERRITORY)).mean(),
        # a point of the compass alone ("North", "West"): a territory beside those, a region of some countries
        compass=lowered.str.contains(_COMPASS).mean(),
        text=(no_digit & ~email & ~yes_no).mean(),
        yes_no=yes_no.mean(),
        # a record or a list written whole in the cell ("{'id': 95, 'billing_city': …}", "[…]"):
        # what an API flattened, never one field's value
        serialized=v.str.contains(r"^\s*(?:\{.*:.*\}|\[.*\])\s*$").mean(),
        # words: a letter at least ("%", "-" and "*" are marks, no city nor address)
        free_text=(~(email | date | amount_like | phone) & v.str.contains(r"[^\W\d_]")).mean(),
        ref_like=(~(email | date | amount | yes_no)).mean(),
        # a company's name ends with its legal form, digits and all ("1755 N MADISON LLC")
        name_like=((no_digit & v.str.contains(_NAME) | _company_form(lowered, data)) & ~yes_no).mean(),
        # a company's name with its legal form ("ADEPLAST SRL"): a party, never a place
        company=_company_form(lowered, data).mean(),
        # words, not one code: no digit ("Ferretería López SL"), or a word beside a number
        # ("Client 12", "3M España"); "C001", "10023" and "CL-0042" are codes, and a date left
        # blank ("  /  /    ") no word
        wordy=(
            ~(email | date | amount_like | phone | yes_no) & v.str.contains(r"[^\W\d_]")
            & (no_digit | v.str.contains(r"\s") & v.str.contains(r"[^\W\d_]{2,}"))
        ).mean(),
        # a flag or a small code ("1", "0", "3"), or a code written with its zeros ("01", "007"):
        # never an amount owed
        flag=v.str.contains(r"^-?[0-9]$|^0[0-9]+$").mean(),
        # a one alone: with the zeros of a column of flags, its yes
        one=(v == "1").mean(),
        # nothing: a zero ("0", "0.0", "0,00")
        zero=v.str.contains(r"^[-+]?0+(?:[.,]0+)?$").mean(),
        # an invoice number holds a digit ("F2024-0001"); a name or a label does not
        # (a number below zero is a sum, no document's number; five words and more are an address or a
        # remark, "Galvano Sanayi Sitesi F Blok No:34 Başakşehir")
        numbered=(~(email | date | amount | compact_date | v.str.contains(r"^-\d")) & (digits > 0)
                  & (v.str.count_matches(r"\S+") < REMARK_WORDS - 1)).mean(),
        distinct=pl.lit(sample.n_unique() / sample.len()),
        # a digest or a random key ("d81234567891234567891234567890c", a UUID): a record's token, never a
        # name nor a word
        hashed=(v.str.contains(_HASHED) & (digits > 0) & v.str.contains(r"[a-fA-F]")).mean(),
        # a round sum ("1600000", "800000": a term's fees), which no numbering gives row after row
        round=v.str.contains(r"^[1-9][0-9]*000$").mean(),
        # a whole number a data frame wrote as a float because its column has blanks ("2960623488.0")
        whole_float=v.str.contains(WHOLE_FLOAT).mean(),
        # one letter ("K", "B."): a row of seats, a grade, an initial; never a name nor a place
        letter=v.str.contains(r"^[^\W\d_]\.?$").mean(),
        # a file's name ("DGFC2505685604.pdf", "scan_0012.jpg": a document's attachment), never its number
        file_name=v.str.contains(r"(?i)\.(?:pdf|xml|jpe?g|png|tiff?|gif|docx?|xlsx?|csv|txt|zip|html?|eml|msg)$").mean(),
        # a year ("2017": a student's class, a debt's year, a model's): never an amount by its values alone
        year=v.str.contains(r"^(?:19|20)\d\d(?:\.0+)?$").mean(),
    )
    shares = {k: float(v or 0.0) for k, v in frame.row(0, named=True).items()}
    ascending = _ascending_numbers(sample)
    shares["ascending"] = float(ascending is not None)
    shares["counter"] = float(_counts_rows(ascending) or _counts_each_group(sample))
    return ValueProfile(sample.len(), shares)


#: the share of a column of counts that may be its groups' labels, written between them
_GROUP_LABELS = 0.1


def _counts_each_group(sample: pl.Series) -> bool:
    """Whether the values count rows 1, 2, 3… again under each group's label written between them
    ("1"…"11", "02-02", "1"…"9": a zone's companies numbered under its code): a row count, never an
    amount. Only when the count starts again at least twice."""
    if sample.len() < MIN_SAMPLE:
        return False
    numbers = sample.str.strip_chars().cast(pl.Int64, strict=False)
    if numbers[0] != 1 or numbers.null_count() > _GROUP_LABELS * numbers.len():
        return False
    return bool(counter_starts(numbers.drop_nulls(), share=1.0, least=3))


def counter_starts(numbers: pl.Series, *, share: float, least: int) -> int:
    """How many times whole numbers (blanks left out) start at 1, when they count rows 1, 2, 3… again
    and again: ``share`` of them at least are 1 or one more than the number above (the first, with
    none above, counts only when it is 1), and they start ``least`` times at least; 0 otherwise. One
    number on every row counts nothing ("000001" on each line of one order is its number)."""
    if numbers.len() < 2 or numbers.n_unique() == 1:
        return 0
    counts = pl.DataFrame({"n": numbers}).select(
        ((pl.col("n") == 1) | (pl.col("n") == pl.col("n").shift(1) + 1)).mean().alias("follows"),
        (pl.col("n") == 1).sum().alias("starts"),
    ).row(0, named=True)
    return counts["starts"] if counts["follows"] >= share and counts["starts"] >= least else 0


def _ascending_numbers(sample: pl.Series) -> pl.Series | None:
    """The values as whole numbers when they only go up, row after row (4982, 4983, 4990…):
    document numbers in the order they were given, not amounts; None otherwise."""
    if sample.len() < MIN_SAMPLE:
        return None
    numbers = sample.str.strip_chars().cast(pl.Int64, strict=False)
    if numbers.null_count() == 1 and numbers[0] is None and sample.len() > MIN_SAMPLE:
        # a title read as the first row (a file read from its line 0): the numbers are below it
        numbers = numbers.slice(1)
    if numbers.null_count() or not bool((numbers.diff().drop_nulls() > 0).all()):
        return None
    return numbers


#: the first rows that must count 1, 2, 3… for a column to be a row count
_COUNTED_ROWS = 100


def counts_rows(series: pl.Series) -> bool:
    """Whether a column counts its rows, 1, 2, 3… or 0, 1, 2… (a data frame's index written first),
    read on its sample as the profile reads it."""
    # the count starts at 0 or 1 on one of the first two values written (the first may be a title):
    # most columns are told by their head alone, without sampling the whole column
    first = sample_column(series.head(_COUNTED_ROWS)).head(2)
    if first.len() == 2 and not first.cast(pl.Int64, strict=False).is_in([0, 1]).any():
        return False
    return _counts_rows(_ascending_numbers(sample_column(series)))


def _counts_rows(numbers: pl.Series | None) -> bool:
    """Ascending numbers (``_ascending_numbers``) that are 1, 2, 3… in the file's order: a row count
    ("Nro", "#", or the unnamed 0, 1, 2… a data frame writes first), not a number each row carries of
    its own (the sample keeps the order of the column: its head, then rows spread over the rest; a
    row left out leaves a gap further on)."""
    if numbers is None:
        return False
    head = numbers.head(_COUNTED_ROWS)
    first = head[0]
    return first in (0, 1) and head.equals(
        pl.int_range(first, first + head.len(), eager=True).alias(numbers.name), check_dtypes=False
    )


#: field kind (fields.Field.kind) → the share that agrees with it
COMPATIBLE_SHARE = {
    "email": "email",
    "phone": "phone_like",
    "date": "date_like",
    "amount": "amount_like",
    "currency": "currency",
    "country": "country_like",
    "postal_code": "postal_wide",
    # a name is words ("Ferretería López SL", "Client 12"), a customer's code is not ("C001", "10023")
    "name": "wordy",
    "text": "free_text",
    "scenario": "free_text",
    "reference": "ref_like",
}

#: kinds precise enough that agreement raises a header match's confidence
SPECIFIC_KINDS = frozenset({"email", "phone", "date", "amount", "currency", "country", "postal_code"})


@dataclass(frozen=True)
class _ValueData:
    currency_codes: list[str]
    currency_symbols: list[str]
    country_names: list[str]
    country_alpha2: list[str]
    country_alpha3: list[str]
    status_words: list[str] = field(default_factory=list)
    status_header_words: frozenset[str] = frozenset()
    segment_words: frozenset[str] = frozenset()
    company_form_words: frozenset[str] = frozenset()
    non_invoice_kinds: frozenset[str] = frozenset()
    supplier_ledger_other_kinds: frozenset[str] = frozenset()
    other_invoice_kinds: frozenset[str] = frozenset()
    not_document_status_words: frozenset[str] = frozenset()
    closed_status_words: list[str] = field(default_factory=list)
    cancelled_status_words: list[str] = field(default_factory=list)
    draft_status_words: list[str] = field(default_factory=list)
    partial_status_words: list[str] = field(default_factory=list)
    closed_beside_open_words: list[str] = field(default_factory=list)
    invoice_open_words: list[str] = field(default_factory=list)
    status_or_region_words: frozenset[str] = frozenset()
    paid_flag_words: frozenset[str] = frozenset()
    deposit_words: frozenset[str] = frozenset()
    open_flag_words: frozenset[str] = frozenset()
    payment_state_words: frozenset[str] = frozenset()
    flag_negation_words: frozenset[str] = frozenset()
    flag_filler_words: frozenset[str] = frozenset()
    yes_words: list[str] = field(default_factory=list)
    no_words: list[str] = field(default_factory=list)
    #: the yes and no words a column of flags writes, spelt out ("true", "Non", "Y"): not the digits,
    #: marks or single letters that also write other things ("1", "-", "x", "o", "s")
    yes_no_words: list[str] = field(default_factory=list)
    #: normalised headers of an accounting journal's columns (``journal_columns``)
    journal: dict[str, frozenset[str]] = field(default_factory=dict)
    journal_customer_prefixes: tuple[str, ...] = ()
    #: headers naming the date an invoice was paid
    paid_date_headers: frozenset[str] = frozenset()
    #: headers naming the date an invoice or an order was cancelled
    cancelled_date_headers: frozenset[str] = frozenset()
    posted_flag_headers: frozenset[str] = frozenset()
    cancelled_flag_headers: frozenset[str] = frozenset()
    #: headers of an invoice's credit period in days (``credit_period_header``)
    credit_period_headers: frozenset[str] = frozenset()
    #: the months' names (``period_header``)
    month_words: frozenset[str] = frozenset()
    #: headers of the date a list of open items was taken at (``snapshot_date_header``)
    snapshot_date_headers: frozenset[str] = frozenset()
    #: references that name no invoice ("Opening", "On Account"), folded
    placeholder_references: frozenset[str] = frozenset()
    #: headers naming a payment's date, paid or due (``payment_date_header``)
    payment_date_headers: frozenset[str] = frozenset()
    scheduled_payment_date_headers: frozenset[str] = frozenset()
    #: headers of a receipt's own number, a receipt's date and money received (``receipt_log_columns``)
    receipt_id_headers: frozenset[str] = frozenset()
    receipt_date_headers: frozenset[str] = frozenset()
    received_amount_headers: frozenset[str] = frozenset()
    #: headers of a column numbering invoices in series beside their number (``series_columns``)
    series_headers: frozenset[str] = frozenset()
    document_type_headers: frozenset[str] = frozenset()
    entity_headers: frozenset[str] = frozenset()
    instalment_headers: frozenset[str] = frozenset()
    #: headers of a line item's product or quantity (``lists_items``)
    item_headers: frozenset[str] = frozenset()
    #: words of a sheet's name saying it holds debts, or something else (``sheet_holds``)
    debt_sheet_words: frozenset[str] = frozenset()
    #: the words of an order's number, those that make it another order's, of an owner, a unit amount
    #: and a quantity (``header_says``)
    order_number_words: frozenset[str] = frozenset()
    order_number_exclusions: frozenset[str] = frozenset()
    owner_words: frozenset[str] = frozenset()
    staff_owner_words: frozenset[str] = frozenset()
    creditor_of_the_debts_headers: frozenset[str] = frozenset()
    party_words: frozenset[str] = frozenset()
    #: the headers of the customer's name an order or an invoice is billed to ("Billing Name")
    customer_name_headers: frozenset[str] = frozenset()
    addressee_prefix_words: frozenset[str] = frozenset()
    #: the words of a status header that is no invoice's ("Card CVC Status")
    not_invoice_status_words: frozenset[str] = frozenset()
    #: the words of a dispute's flag ("Dispute_Flag") and a disputed invoice's statuses
    dispute_words: frozenset[str] = frozenset()
    dunning_block_words: tuple[str, ...] = ()
    statement_money_out_headers: frozenset[str] = frozenset()
    statement_money_in_headers: frozenset[str] = frozenset()
    reversal_phrases: tuple[str, ...] = ()
    retainage_words: tuple[str, ...] = ()
    valuation_words: tuple[str, ...] = ()
    provisional_title_words: frozenset[str] = frozenset()
    retainage_other_words: frozenset[str] = frozenset()
    disputed_status_words: frozenset[str] = frozenset()
    #: a payments register's headers (``payment_register_columns``), and a balance's words that say it is none
    #: headers of the day a record was created ("Created At"): an invoice's date when no column gives one
    creation_date_headers: frozenset[str] = frozenset()
    document_date_headers: frozenset[str] = frozenset()
    account_number_headers: frozenset[str] = frozenset()
    credited_invoice_headers: frozenset[str] = frozenset()
    note_issuer_headers: frozenset[str] = frozenset()
    note_kinds: frozenset[str] = frozenset()
    payment_journal_headers: frozenset[str] = frozenset()
    payment_method_headers: frozenset[str] = frozenset()
    payment_entry_headers: frozenset[str] = frozenset()
    #: a bank statement's headers (``bank_statement_columns``)
    bank_counterparty_headers: frozenset[str] = frozenset()
    cash_account_headers: frozenset[str] = frozenset()
    item_price_headers: frozenset[str] = frozenset()
    project_headers: frozenset[str] = frozenset()
    project_value_headers: frozenset[str] = frozenset()
    bank_booking_headers: frozenset[str] = frozenset()
    bank_entry_date_headers: frozenset[str] = frozenset()
    tax_number_words: frozenset[str] = frozenset()
    total_debt_words: frozenset[str] = frozenset()
    claim_charge_words: frozenset[str] = frozenset()
    sales_margin_words: frozenset[str] = frozenset()
    project_billed_words: frozenset[str] = frozenset()
    organisation_unit_words: frozenset[str] = frozenset()
    generic_sheet_names: frozenset[str] = frozenset()
    sending_headers: frozenset[str] = frozenset()
    fee_relief_words: frozenset[str] = frozenset()
    sales_cost_words: frozenset[str] = frozenset()
    payables_title_openings: frozenset[str] = frozenset()
    expense_employee_headers: frozenset[str] = frozenset()
    expense_words: frozenset[str] = frozenset()
    wallet_started_headers: frozenset[str] = frozenset()
    cost_centre_headers: frozenset[str] = frozenset()
    pivot_row_label_headers: frozenset[str] = frozenset()
    wallet_completed_headers: frozenset[str] = frozenset()
    e_invoice_words: frozenset[str] = frozenset()
    contra_account_headers: frozenset[str] = frozenset()
    short_account_headers: frozenset[str] = frozenset()
    bank_value_date_headers: frozenset[str] = frozenset()
    bank_sender_headers: frozenset[str] = frozenset()
    bank_booked_day_headers: frozenset[str] = frozenset()
    bank_side_amount_headers: frozenset[str] = frozenset()
    gift_receipt_headers: frozenset[str] = frozenset()
    delinquent_status_words: frozenset[str] = frozenset()
    bank_side_day_headers: frozenset[str] = frozenset()
    bank_own_account_headers: frozenset[str] = frozenset()
    bank_purpose_headers: frozenset[str] = frozenset()
    bank_direction_headers: frozenset[str] = frozenset()
    #: a ledger's words for a row that pays or credits, and for the balance brought forward (``ledger_posting_kinds``)
    ledger_payment_words: frozenset[str] = frozenset()
    opening_balance_words: frozenset[str] = frozenset()
    bank_direction_day_headers: frozenset[str] = frozenset()
    #: a card's statement's headers (``card_statement_columns``), and a journal's accounts debited and credited
    card_number_headers: frozenset[str] = frozenset()
    card_merchant_headers: frozenset[str] = frozenset()
    debit_account_headers: frozenset[str] = frozenset()
    credit_account_headers: frozenset[str] = frozenset()
    bank_code_headers: frozenset[str] = frozenset()
    bank_receiver_headers: frozenset[str] = frozenset()
    balance_header_words: frozenset[str] = frozenset()
    #: a balance's sides written in a column of their own (``balance_sides``)
    balance_debit_sides: frozenset[str] = frozenset()
    balance_credit_sides: frozenset[str] = frozenset()
    #: the words of a party's identifier in a header ("RUT Proveedor")
    party_id_words: frozenset[str] = frozenset()
    loan_book_words: frozenset[str] = frozenset()
    placement_words: frozenset[str] = frozenset()
    year_words: frozenset[str] = frozenset()
    dunning_words: frozenset[str] = frozenset()
    arrears_days_words: frozenset[str] = frozenset()
    #: the words of a header flagging an insolvent or dead debtor ("Bankrupt") and the whole values saying it
    insolvency_words: frozenset[str] = frozenset()
    insolvent_status_words: frozenset[str] = frozenset()
    #: the words of a header flagging a debt before a court ("INDICADOR_AJUIZADO") and the whole values saying it
    litigation_words: frozenset[str] = frozenset()
    litigation_status_words: frozenset[str] = frozenset()
    document_kind_headers: frozenset[str] = frozenset()
    line_total_headers: frozenset[str] = frozenset()
    unit_rate_headers: frozenset[str] = frozenset()
    document_id_words: frozenset[str] = frozenset()
    receivable_kinds: frozenset[str] = frozenset()
    payable_kinds: frozenset[str] = frozenset()
    cash_sale_kinds: frozenset[str] = frozenset()
    sales_voucher_kinds: frozenset[str] = frozenset()
    credit_sale_kinds: frozenset[str] = frozenset()
    lent_amount_words: frozenset[str] = frozenset()
    invoice_document_kinds: frozenset[str] = frozenset()
    credit_document_kinds: frozenset[str] = frozenset()
    unit_amount_words: frozenset[str] = frozenset()
    fee_words: frozenset[str] = frozenset()
    debit_balance_words: frozenset[str] = frozenset()
    credit_amount_words: frozenset[str] = frozenset()
    fee_balance_words: frozenset[str] = frozenset()
    quantity_words: frozenset[str] = frozenset()
    discount_words: frozenset[str] = frozenset()
    tax_rate_words: frozenset[str] = frozenset()
    company_currency_words: frozenset[str] = frozenset()
    line_total_words: frozenset[str] = frozenset()
    unit_words: frozenset[str] = frozenset()
    other_sheet_words: frozenset[str] = frozenset()
    not_due_sheet_words: frozenset[str] = frozenset()
    document_sheet_words: frozenset[str] = frozenset()
    payment_title_words: frozenset[str] = frozenset()
    account_report_titles: frozenset[str] = frozenset()
    sales_report_titles: frozenset[str] = frozenset()
    voucher_journal_titles: frozenset[str] = frozenset()
    stock_report_titles: frozenset[str] = frozenset()
    #: titles of reports of payables ("A/P Aging Detail"), as ``_name_words`` writes them
    payables_report_titles: frozenset[str] = frozenset()
    #: an order not shipped, paid on delivery, and the headers of a shipment's status (``unshipped_orders``)
    unshipped_words: frozenset[str] = frozenset()
    credit_note_status_words: frozenset[str] = frozenset()
    pay_on_delivery_words: frozenset[str] = frozenset()
    financial_status_words: frozenset[str] = frozenset()
    pending_payment_words: frozenset[str] = frozenset()
    shipping_status_words: frozenset[str] = frozenset()
    #: the headers of a credit note's number (``credit_note_number_column``)
    credit_note_number_headers: frozenset[str] = frozenset()
    #: a bank's movements (``bank_movements_column``), the kinds of identity documents and the words of
    #: their numbers' headers (``identity_kinds_column``)
    bank_movement_words: frozenset[str] = frozenset()
    identity_kind_values: frozenset[str] = frozenset()
    identity_document_words: frozenset[str] = frozenset()
    #: a payment provider's log's headers (``provider_log_columns``), a time record's (``time_entry_columns``)
    provider_log_gross_headers: frozenset[str] = frozenset()
    provider_log_fee_headers: frozenset[str] = frozenset()
    provider_log_net_headers: frozenset[str] = frozenset()
    provider_log_id_headers: frozenset[str] = frozenset()
    time_entry_flag_headers: frozenset[str] = frozenset()
    time_entry_effort_headers: frozenset[str] = frozenset()
    time_entry_rate_headers: frozenset[str] = frozenset()
    time_entry_start_headers: frozenset[str] = frozenset()
    #: the words of a header counting parties (``_parties_counted``): "numero", "count"; and the parties, plural
    count_words: frozenset[str] = frozenset()
    #: the words of a header naming a penalty or late interest charged on a debt, or a debt
    penalty_header_words: frozenset[str] = frozenset()
    debt_header_words: frozenset[str] = frozenset()
    #: the words of a balance as such ("Prior Balance"), and of a parcel's shipment ("Sender Address")
    balance_words: frozenset[str] = frozenset()
    shipment_words: frozenset[str] = frozenset()
    #: the header saying whether a movement is a debit or a credit (``bank_statement_columns``)
    bank_debit_credit_headers: frozenset[str] = frozenset()
    #: a general journal's entry as a transaction's kind names it (``other_kind_columns``)
    journal_entry_kinds: frozenset[str] = frozenset()
    #: a payment received as a transaction's kind names it (``other_kind_columns``)
    payment_received_kinds: frozenset[str] = frozenset()
    #: a construction contract's change order's headers, and those among them that are another record's too
    #: (``other_kind_columns``)
    change_order_headers: frozenset[str] = frozenset()
    change_order_companion_headers: frozenset[str] = frozenset()
    #: the headers of a transaction's kind (``other_kind_columns``)
    transaction_kind_headers: frozenset[str] = frozenset()
    #: the efforts of a time entry that are quantities, not times (``time_entry_columns``)
    time_entry_quantity_headers: frozenset[str] = frozenset()
    #: the words of a header saying money was paid, and those saying its column holds something else
    #: (the pipeline's ``_paid_amounts_only``)
    paid_amount_words: frozenset[str] = frozenset()
    not_paid_amount_words: frozenset[str] = frozenset()
    #: a sales order's headers (``other_kind_columns``)
    sales_order_headers: frozenset[str] = frozenset()
    #: a money transfer's sender's and receiver's headers (``other_kind_columns``)
    transfer_sender_headers: frozenset[str] = frozenset()
    transfer_receiver_headers: frozenset[str] = frozenset()
    #: a payment processor's report's headers, a dispute's (``other_kind_columns``)
    processor_headers: frozenset[str] = frozenset()
    dispute_id_headers: frozenset[str] = frozenset()
    dispute_reason_headers: frozenset[str] = frozenset()
    dispute_statuses: frozenset[str] = frozenset()
    counted_party_words: frozenset[str] = frozenset()
    time_entry_end_headers: frozenset[str] = frozenset()
    #: a payroll's headers (``payroll_columns``)
    payroll_pay_headers: frozenset[str] = frozenset()
    #: other kinds of files than lists of debts (``other_kind_columns``)
    purchase_order_headers: frozenset[str] = frozenset()
    purchase_order_other_words: frozenset[str] = frozenset()
    expense_reimbursable_headers: frozenset[str] = frozenset()
    expense_category_headers: frozenset[str] = frozenset()
    fixed_asset_headers: frozenset[str] = frozenset()
    fixed_asset_life_words: frozenset[str] = frozenset()
    equipment_headers: frozenset[str] = frozenset()
    movement_direction_pairs: tuple[tuple[str, str], ...] = ()
    order_invoicing_states: frozenset[str] = frozenset()
    disbursed_words: frozenset[str] = frozenset()
    payout_headers: frozenset[str] = frozenset()
    payout_fee_headers: frozenset[str] = frozenset()
    payout_net_headers: frozenset[str] = frozenset()
    payout_arrival_headers: frozenset[str] = frozenset()
    settlement_headers: frozenset[str] = frozenset()
    payout_bank_headers: frozenset[str] = frozenset()
    checkout_fee_headers: frozenset[str] = frozenset()
    refund_reasons: frozenset[str] = frozenset()
    posting_key_headers: frozenset[str] = frozenset()
    account_activity_kinds: frozenset[str] = frozenset()
    schedule_principal_words: frozenset[str] = frozenset()
    schedule_interest_words: frozenset[str] = frozenset()
    schedule_counter_headers: frozenset[str] = frozenset()
    schedule_borrower_words: frozenset[str] = frozenset()
    subscription_headers: frozenset[str] = frozenset()
    subscription_other_words: frozenset[str] = frozenset()
    #: why a charge failed ("failure_code", "decline_code"): a column of failed payments
    failed_payment_headers: frozenset[str] = frozenset()
    #: a cash forecast's: the likelihood of each amount expected, and its direction ("inflow", "outflow")
    forecast_likelihood_headers: frozenset[str] = frozenset()
    cash_directions: frozenset[str] = frozenset()
    #: a unit's occupancy ("Occupied", "Vacant"): a rent roll's
    occupancy_statuses: frozenset[str] = frozenset()
    #: a churn dataset's headers ("Churn", "tenure", "Churn Score")
    churn_headers: frozenset[str] = frozenset()
    #: a row's exchange rate ("Exchange Rate", "Taux de change")
    exchange_rate_headers: frozenset[str] = frozenset()
    #: a recurring invoice's headers: how often it is issued, and how many times more or when next
    recurring_frequency_headers: frozenset[str] = frozenset()
    recurring_cycle_headers: frozenset[str] = frozenset()
    product_code_headers: frozenset[str] = frozenset()
    product_attribute_headers: frozenset[str] = frozenset()
    product_cost_headers: frozenset[str] = frozenset()
    booking_headers: frozenset[str] = frozenset()
    product_words: frozenset[str] = frozenset()
    amount_party_words: frozenset[str] = frozenset()
    shop_order_status_headers: frozenset[str] = frozenset()
    delivery_headers: frozenset[str] = frozenset()
    product_stock_headers: frozenset[str] = frozenset()
    product_price_headers: frozenset[str] = frozenset()
    arrears_header_words: frozenset[str] = frozenset()
    #: a record of donations' words (``donation_columns``), and those of a gift promised
    donation_words: frozenset[str] = frozenset()
    grant_words: frozenset[str] = frozenset()
    grant_other_words: frozenset[str] = frozenset()
    pledge_words: frozenset[str] = frozenset()
    payroll_staff_headers: frozenset[str] = frozenset()
    #: a sales pipeline's headers (``pipeline_columns``)
    pipeline_headers: frozenset[str] = frozenset()
    #: a direct-debit batch's headers (``direct_debit_columns``)
    direct_debit_mandate_headers: frozenset[str] = frozenset()
    direct_debit_batch_headers: frozenset[str] = frozenset()
    direct_debit_return_words: frozenset[str] = frozenset()
    #: the classes of a ledger's accounts (``account_classes_column``), folded
    balance_sheet_classes: frozenset[str] = frozenset()
    income_statement_classes: frozenset[str] = frozenset()
    supplier_words: frozenset[str] = frozenset()
    issuer_words: frozenset[str] = frozenset()
    open_items_words: frozenset[str] = frozenset()
    payables_file_words: frozenset[str] = frozenset()
    quotes_file_words: frozenset[str] = frozenset()
    reference_sheet_words: frozenset[str] = frozenset()
    receipts_file_words: frozenset[str] = frozenset()
    credit_limit_words: frozenset[str] = frozenset()
    overdue_words: frozenset[str] = frozenset()
    currency_labels: tuple[str, ...] = ()
    #: what a title line says before the file's one debtor ("Customer:"), and a report's "all of them"
    debtor_title_labels: tuple[str, ...] = ()
    #: what a title line says before the one debtor whose statement the file is ("Estado de cuenta")
    statement_title_labels: tuple[str, ...] = ()
    ledger_account_titles: frozenset[str] = frozenset()
    entry_side_words: frozenset[str] = frozenset()
    #: the kinds of entry a ledger's description writes (Sales, Receipt, Opening Balance), folded
    entry_kind_words: frozenset[str] = frozenset()
    invoice_stems: tuple[str, ...] = ()
    all_debtors_words: frozenset[str] = frozenset()
    minor_unit_words: frozenset[str] = frozenset()
    minor_unit_headers: frozenset[str] = frozenset()
    minor_unit_companions: frozenset[str] = frozenset()
    minor_unit_id_prefixes: tuple[str, ...] = ()
    amount_scales: tuple[tuple[int, tuple[str, ...]], ...] = ()
    ledger_account_headers: frozenset[str] = frozenset()
    receivable_account_words: tuple[str, ...] = ()
    receivable_account_exceptions: tuple[str, ...] = ()
    #: headers of a payments or orders export (``payment_export_columns``)
    payment_export_headers: frozenset[str] = frozenset()
    #: the starts of the headers of a register of payments received (``receipt_register_columns``)
    receipt_register_headers: tuple[str, ...] = ()
    #: what a journal's side column says of a debit
    journal_debit_senses: tuple[str, ...] = ()
    collective_account_words: frozenset[str] = frozenset()
    #: normalised header → the codes under it that say the row is no debt (SAP's noted items)
    not_owed_codes: dict[str, frozenset[str]] = field(default_factory=dict)
    country_taxes: dict[str, str] = field(default_factory=dict)
    payment_schemes: dict[str, str] = field(default_factory=dict)


def _data(mappings_dir: Path | str) -> _ValueData:
    """The value vocabulary of a mappings folder (read once per folder)."""
    return _value_data(resolved_dir(mappings_dir))


@lru_cache(maxsize=4)
def _value_data(directory: str) -> _ValueData:
    sources = [Path(directory) / "values.toml", Path(directory) / "countries.toml"]
    return built("values", sources, lambda: _build_value_data(directory))


#: the territories no one lives in (their ISO codes)
_UNINHABITED = frozenset({"AQ", "BV", "GS", "HM", "TF", "UM", "IO"})


def _build_value_data(directory: str) -> _ValueData:
    values = _toml(Path(directory) / "values.toml")
    countries = _toml(Path(directory) / "countries.toml").get("names", {})
    names = {_fold(n) for n in values.get("country_names", [])}
    for spellings in countries.values():
        names.update(_fold(n) for n in spellings)
    return _ValueData(
        currency_codes=sorted({str(c).upper() for c in values.get("currency_codes", [])}),
        currency_symbols=sorted({_fold(str(c)) for c in values.get("currency_symbols", [])}),
        country_names=sorted(names),
        # (a territory no one lives in, "GS", "AQ", is no debtor's country: a code like it is another thing's,
        # BMD's document symbol "GS", a credit note, beside "AR", an invoice)
        country_alpha2=sorted(str(c).upper() for c in countries if str(c).upper() not in _UNINHABITED),
        country_alpha3=sorted({str(c).upper() for c in values.get("country_codes_alpha3", [])}),
        # (an open invoice's status, an insolvent debtor's, is a status the tool knows)
        status_words=sorted({_fold(str(w)) for w in [*values.get("status_words", []), *values.get("insolvent_status_words", []),
                                                     *values.get("invoice_open_words", []),
                                                     *values.get("partial_status_words", []),
                                                     *values.get("litigation_status_words", [])]}),
        status_header_words=frozenset(_fold(str(w)) for w in values.get("status_header_words", [])),
        not_document_status_words=frozenset(_fold(str(w)) for w in values.get("not_document_status_words", [])),
        supplier_words=frozenset(_fold(str(w)) for w in values.get("supplier_words", [])),
        currency_labels=tuple(_fold(str(w)) for w in values.get("currency_labels", [])),
        # the longest first: "customer name" before "customer"
        debtor_title_labels=tuple(sorted({_fold(str(w)) for w in values.get("debtor_title_labels", [])}, key=len, reverse=True)),
        statement_title_labels=tuple(sorted({_fold(str(w)) for w in values.get("statement_title_labels", [])}, key=len, reverse=True)),
        ledger_account_titles=frozenset(_fold(str(w)) for w in values.get("ledger_account_titles", [])),
        entry_side_words=frozenset(str(w).casefold() for w in values.get("entry_side_words", [])),
        entry_kind_words=frozenset(_fold(str(w)) for w in values.get("entry_kind_words", [])),
        invoice_stems=tuple(_fold(str(w)) for w in values.get("invoice_stems", [])),
        all_debtors_words=frozenset(_fold(str(w)) for w in values.get("all_debtors_words", [])),
        closed_status_words=sorted({_fold(str(w)) for w in values.get("closed_status_words", [])}),
        cancelled_status_words=sorted({_fold(str(w)) for w in values.get("cancelled_status_words", [])}),
        draft_status_words=sorted({_fold(str(w)) for w in values.get("draft_status_words", [])}),
        partial_status_words=sorted({_fold(str(w)) for w in values.get("partial_status_words", [])}),
        closed_beside_open_words=sorted({_fold(str(w)) for w in values.get("closed_beside_open_words", [])}),
        invoice_open_words=sorted({_fold(str(w)) for w in values.get("invoice_open_words", [])}),
        status_or_region_words=frozenset(_fold(str(w)) for w in values.get("status_or_region_words", [])),
        dunning_block_words=tuple(normalize_header(str(w)) for w in values.get("dunning_block_words", [])),
        statement_money_out_headers=frozenset(_name_words(str(w)).strip() for w in values.get("statement_money_out_headers", [])),
        statement_money_in_headers=frozenset(_name_words(str(w)).strip() for w in values.get("statement_money_in_headers", [])),
        reversal_phrases=tuple(_fold(str(w)) for w in values.get("reversal_phrases", [])),
        retainage_words=tuple(normalize_header(str(w)) for w in values.get("retainage_words", [])),
        valuation_words=tuple(normalize_header(str(w)) for w in values.get("valuation_words", [])),
        provisional_title_words=frozenset(_name_words(str(w)).strip() for w in values.get("provisional_title_words", [])),
        retainage_other_words=frozenset(normalize_header(str(w)) for w in values.get("retainage_other_words", [])),
        donation_words=frozenset(normalize_header(str(w)) for w in values.get("donation_words", [])),
        grant_words=frozenset(normalize_header(str(w)) for w in values.get("grant_words", [])),
        grant_other_words=frozenset(normalize_header(str(w)) for w in values.get("grant_other_words", [])),
        **{name: frozenset(normalize_header(str(w)) for w in values.get(name, []))
           for name in ("purchase_order_headers", "purchase_order_other_words", "expense_reimbursable_headers",
                        "expense_category_headers", "expense_employee_headers", "expense_words",
                        "fixed_asset_headers", "fixed_asset_life_words", "disbursed_words",
                        "arrears_header_words", "schedule_principal_words", "schedule_interest_words",
                        "schedule_counter_headers", "schedule_borrower_words", "subscription_headers",
                        "recurring_frequency_headers", "recurring_cycle_headers", "exchange_rate_headers", "churn_headers",
                        "forecast_likelihood_headers", "failed_payment_headers",
                        "subscription_other_words", "product_code_headers", "product_attribute_headers", "product_cost_headers", "booking_headers", "product_words", "amount_party_words", "shop_order_status_headers", "delivery_headers", "product_stock_headers",
                        "product_price_headers", "equipment_headers", "payout_headers", "payout_fee_headers", "payout_net_headers",
                        "payout_arrival_headers", "payout_bank_headers", "checkout_fee_headers", "settlement_headers")},
        refund_reasons=frozenset(_fold(str(w)) for w in values.get("refund_reasons", [])),
        occupancy_statuses=frozenset(_fold(str(w)) for w in values.get("occupancy_statuses", [])),
        cash_directions=frozenset(_fold(str(w)) for w in values.get("cash_directions", [])),
        posting_key_headers=frozenset(normalize_header(str(w)) for w in values.get("posting_key_headers", [])),
        account_activity_kinds=frozenset(_fold(str(w)) for w in values.get("account_activity_kinds", [])),
        order_invoicing_states=frozenset(_fold(str(w)) for w in values.get("order_invoicing_states", [])),
        movement_direction_pairs=tuple((_fold(str(a)), _fold(str(b))) for a, b in values.get("movement_direction_pairs", [])),
        pledge_words=frozenset(normalize_header(str(w)) for w in values.get("pledge_words", [])),
        **{name: frozenset(_fold(str(w)) for w in values.get(name, []))
           for name in ("unshipped_words", "dispute_statuses", "journal_entry_kinds", "payment_received_kinds", "credit_note_status_words", "pay_on_delivery_words", "financial_status_words", "pending_payment_words", "shipping_status_words", "paid_flag_words", "deposit_words", "open_flag_words", "flag_negation_words", "flag_filler_words",
                        "payment_state_words", "delinquent_status_words", "note_kinds")},
        placeholder_references=frozenset(_fold(str(w)) for w in values.get("placeholder_references", [])),
        ledger_payment_words=frozenset(_fold(str(w)) for w in values.get("ledger_payment_words", [])),
        opening_balance_words=frozenset(_fold(str(w)) for w in values.get("opening_balance_words", [])),
        **{name: frozenset(normalize_header(str(h)) for h in values.get(name, []))
           for name in ("paid_date_headers", "cancelled_date_headers", "posted_flag_headers", "cancelled_flag_headers", "snapshot_date_headers", "credit_period_headers", "payment_date_headers", "scheduled_payment_date_headers", "credit_note_number_headers", "payroll_pay_headers", "payroll_staff_headers", "time_entry_flag_headers", "time_entry_effort_headers", "time_entry_rate_headers", "time_entry_start_headers", "time_entry_end_headers", "count_words", "counted_party_words", "transfer_sender_headers", "transfer_receiver_headers", "sales_order_headers", "change_order_headers", "change_order_companion_headers", "transaction_kind_headers", "time_entry_quantity_headers", "paid_amount_words", "not_paid_amount_words", "penalty_header_words", "debt_header_words", "balance_words", "shipment_words", "bank_debit_credit_headers", "processor_headers", "dispute_id_headers", "dispute_reason_headers", "provider_log_gross_headers", "provider_log_fee_headers", "provider_log_net_headers", "provider_log_id_headers", "identity_kind_values", "identity_document_words", "bank_movement_words", "pipeline_headers", "direct_debit_mandate_headers",
                        "direct_debit_batch_headers", "direct_debit_return_words", "receipt_id_headers", "receipt_date_headers", "received_amount_headers", "series_headers", "document_type_headers", "entity_headers", "payment_export_headers",
                        "ledger_account_headers", "instalment_headers", "item_headers", "creation_date_headers", "document_date_headers", "account_number_headers", "credited_invoice_headers", "note_issuer_headers",
                        "customer_name_headers")},
        **{name: frozenset(_fold(str(w)) for w in values.get(name, []))
           for name in ("debt_sheet_words", "other_sheet_words", "not_due_sheet_words", "document_sheet_words", "reference_sheet_words", "payment_title_words", "account_report_titles", "sales_report_titles", "voucher_journal_titles", "stock_report_titles", "payables_report_titles", "payables_title_openings",
                        "balance_sheet_classes", "income_statement_classes", "month_words", "order_number_words",
                        "order_number_exclusions", "owner_words", "staff_owner_words", "creditor_of_the_debts_headers", "party_words", "addressee_prefix_words", "not_invoice_status_words",
                        "dispute_words", "disputed_status_words", "insolvency_words", "insolvent_status_words",
                        "litigation_words", "litigation_status_words",
                        "unit_amount_words", "fee_words", "fee_balance_words", "quantity_words", "discount_words", "tax_rate_words", "company_currency_words", "line_total_words", "unit_words",
                        "debit_balance_words", "credit_amount_words",
                        "document_kind_headers", "invoice_document_kinds", "credit_document_kinds", "line_total_headers", "unit_rate_headers",
                        "document_id_words", "lent_amount_words", "receivable_kinds", "payable_kinds",
                        "cash_sale_kinds", "credit_sale_kinds", "sales_voucher_kinds", "issuer_words", "open_items_words", "payables_file_words", "quotes_file_words", "receipts_file_words", "credit_limit_words", "overdue_words",
                        "segment_words", "non_invoice_kinds", "supplier_ledger_other_kinds", "other_invoice_kinds", "company_form_words",
                        "balance_header_words", "balance_debit_sides", "balance_credit_sides", "party_id_words",
                        "loan_book_words", "placement_words", "year_words", "arrears_days_words", "dunning_words", "tax_number_words",
                        "total_debt_words", "claim_charge_words", "sales_margin_words", "project_billed_words",
                        "organisation_unit_words", "generic_sheet_names", "sending_headers", "fee_relief_words",
                        "e_invoice_words", "sales_cost_words")},
        **{name: frozenset(normalize_header(str(h)) for h in values.get(name, []))
           for name in ("payment_journal_headers", "payment_method_headers", "payment_entry_headers",
                        "bank_counterparty_headers", "bank_booking_headers", "bank_entry_date_headers",
                        "bank_value_date_headers", "bank_sender_headers", "bank_receiver_headers", "bank_booked_day_headers", "bank_side_amount_headers", "bank_side_day_headers", "gift_receipt_headers", "contra_account_headers", "short_account_headers",
                        "wallet_started_headers", "wallet_completed_headers", "cost_centre_headers",
                        "pivot_row_label_headers",
                        "bank_own_account_headers", "bank_purpose_headers", "bank_direction_headers",
                        "bank_direction_day_headers", "bank_code_headers", "card_number_headers", "card_merchant_headers",
                        "debit_account_headers", "credit_account_headers", "cash_account_headers", "project_headers", "item_price_headers",
                        "project_value_headers")},
        minor_unit_words=frozenset(normalize_header(str(w)) for w in values.get("minor_unit_words", [])),
        minor_unit_headers=frozenset(normalize_header(str(w)) for w in values.get("minor_unit_headers", [])),
        minor_unit_companions=frozenset(normalize_header(str(w)) for w in values.get("minor_unit_companions", [])),
        minor_unit_id_prefixes=tuple(str(w) for w in values.get("minor_unit_id_prefixes", [])),
        amount_scales=tuple((factor, tuple(str(w).lower() for w in values.get(f"amount_scale_{name}", [])))
                            for name, factor in (("thousands", 1_000), ("lakhs", 100_000), ("millions", 1_000_000),
                                                 ("crores", 10_000_000))),
        receipt_register_headers=tuple(normalize_header(str(w)) for w in values.get("receipt_register_headers", [])),
        receivable_account_words=tuple(_fold(str(w)) for w in values.get("receivable_account_words", [])),
        receivable_account_exceptions=tuple(_fold(str(w)) for w in values.get("receivable_account_exceptions", [])),
        yes_words=sorted({_fold(str(w)) for w in values.get("yes_words", [])}),
        no_words=sorted({_fold(str(w)) for w in values.get("no_words", [])}),
        yes_no_words=sorted(
            {_fold(str(w)) for w in [*values.get("yes_words", []), *values.get("no_words", [])]
             if str(w).isalpha() and (len(str(w)) > 1 or str(w) in "yn")}
        ),
        journal={part: frozenset(normalize_header(h) for h in values.get(f"journal_{part}_headers", []))
                 for part in ("account", "debit", "credit", "lettering", "label", "sense")},
        journal_debit_senses=tuple(str(w) for w in values.get("journal_debit_senses", [])),
        journal_customer_prefixes=tuple(str(p) for p in values.get("journal_customer_prefixes", [])),
        collective_account_words=frozenset(_fold(str(w)) for w in values.get("collective_account_words", [])),
        not_owed_codes={normalize_header(str(h)): frozenset(str(c).upper() for c in codes)
                        for h, codes in values.get("not_owed_codes", {}).items()},
        country_taxes={_fold(str(w)): str(region).upper()
                       for region, words in values.get("country_taxes", {}).items() for w in words},
        payment_schemes={_fold(str(w)): str(region).upper()
                         for region, words in values.get("payment_schemes", {}).items() for w in words},
    )


def _toml(path: Path) -> dict[str, Any]:
    """A value list file; a missing or broken one only weakens detection by values."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _fold(text: str) -> str:
    return fold(text.strip())
