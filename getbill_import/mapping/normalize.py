"""Header normalisation: the many spellings of one header reduced to one comparable string.

``normalize_header("N° de pièce")``, ``normalize_header("No. Piece")`` and
``normalize_header("numero_piece")`` all give ``"numero piece"``. The same function is applied
to the vocabulary terms and to the user's headers, so the two always compare like with like.

Steps, in order:
1. the number signs ``N°``, ``Nº``, ``#`` become the word ``numero``; a trailing duplicate
   counter ``(2)`` is dropped;
2. a leading column code (``01 -``, ``C12``, ``A)``) is dropped when words follow it;
3. camelCase and letter/digit boundaries are split (``POAddressLine1`` → ``po address line 1``);
4. accents are removed, case is folded (``ß`` → ``ss``), ``e-mail`` and ``e-post`` become ``email``, dotted
   acronyms are joined (``T.T.C.`` → ``ttc``, ``A/C`` → ``ac``), ``Bill To`` becomes ``billto``,
   ``À payer`` / ``to be paid`` / ``zu zahlen`` become ``topay``;
5. punctuation (and currency symbols) become spaces;
6. abbreviations are expanded (``réf`` → ``reference``, ``no``/``nr``/``number`` → ``numero``,
   ``tel`` → ``telephone``, ``amt`` → ``amount``…);
7. currency and time-zone suffixes (``EUR``, ``(€)``, ``UTC``) and small linking words
   (``de``, ``du``, ``of``, ``the``, ``der``…) are dropped when other words remain.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from getbill_import.validate._common import UNDECOMPOSED

_NUMBER_SIGN = re.compile(r"(?i)(?<![a-z])n\s*[°º]|#")
_DUPLICATE_COUNTER = re.compile(r"\s*\(\d{1,3}\)\s*$")
#: a platform's suffix to a field's name: Salesforce's custom field ("Document_Type__c"), person
#: account's field ("__pc") and relationship ("__r"), an export's copy counter ("Representative__1")
_FIELD_SUFFIX = re.compile(r"(?<=[A-Za-z0-9])__(?:c|pc|r|\d{1,3})\s*$")
_LEADING_CODE = re.compile(r"^\s*(?:\d{1,4}|[A-Za-z]{1,2}\d{1,4}|[A-Za-z0-9]\))\s*[-–—:.)|_]*\s+(?=\S)")
_CAMEL_LOWER_UPPER = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")
_CAMEL_ACRONYM = re.compile(r"(?<=[A-ZÀ-Ý])(?=[A-ZÀ-Ý][a-zà-ÿ]{2})")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
#: "e-mail", "E-Mail", "email"; the Nordic "e-post", "epostadresse"
_EMAIL_WORD = re.compile(r"(?<![a-z])e[\s\-_.]?(?:mail|post(?![a-z])|post(?=adr))")
_DOTTED_ACRONYM = re.compile(r"(?<![a-z0-9])(?:[a-z]\.\s?){2,}(?:[a-z](?![a-z0-9]))?")
_SLASHED_PAIR = re.compile(r"(?<![a-z0-9])([a-z])/([a-z])(?![a-z0-9])")
_NON_WORD = re.compile(r"[\W_]+")
#: "Bill To", "Sold-to", "ship_to": the party a document goes to, one word (the linking word "to"
#: would otherwise be dropped, leaving "bill")
_PARTY_TO = re.compile(r"(?<![a-z])(bill|sold|ship|invoice|remit)[\s\-_]*to(?![a-z])")
#: "FName", "L_NAME", "M Name": a first, last or middle name written with its initial, one word as
#: "fname" is (the "l" would otherwise be dropped as the French article, the "f" set aside); not
#: after a dot, where "f.name" is a table's alias and its column
_INITIAL_NAME = re.compile(r"(?<![a-z0-9])([flm])[\s\-_]*name(?![a-z])")
#: "inTaxTotal", "Total in tax": tax included ("exTaxTotal": excluded), not the tax itself; "in" would
#: otherwise be dropped as a linking word, leaving "tax total"
_IN_TAX = re.compile(r"(?<![a-z])in[\s\-_]*tax(?![a-z])")
#: "À payer", "to be paid", "zu bezahlen", "por cobrar": what is still to be paid, one word (the
#: linking word would otherwise be dropped, leaving "payer", the party who pays, or "paid")
_TO_PAY = re.compile(
    r"(?<![a-z])(?:to(?:\s+be)?|a|zu|da|por|te|still|yet)[\s\-_]*"
    r"(?:pay|paid|payer|regler|recevoir|encaisser|recouvrer|zahlen|bezahlen|pagar|pagare|cobrar|incassare|"
    r"riscuotere|betalen|collect|collected|receive|received|receber)(?![a-z])"
)
TO_PAY = "topay"
#: Spanish "por pagar", "por cobrar": what is still to be paid, pending ("Total por pagar", "Saldo por
#: cobrar"), where "a pagar" is what the document asks to be paid ("Total a pagar": its total)
_STILL_TO_PAY = re.compile(r"(?<![a-z])por[\s\-_]*(?:pagar|cobrar)(?![a-z])")
#: "dû" (owed) must survive the removal of the linking word "du"
_OWED = re.compile(r"(?i)(?<![^\W\d_])d[ûÛ](?![^\W\d_])")
_OWED_MARK = "duowed"
#: Vietnamese "nợ", a debt ("Còn nợ", "Dư nợ", "Công nợ"), which folding would make the "No." of a number
_VIETNAMESE_DEBT = re.compile(r"(?i)(?<![^\W\d_])nợ(?![^\W\d_])")

#: abbreviations and spelling variants, after accents and case are folded
_EXPANSIONS: dict[str, str] = {
    "n": "numero", "no": "numero", "nr": "numero", "nro": "numero", "num": "numero",
    "number": "numero", "nummer": "numero", "numero": "numero", "nbr": "nombre",
    "ref": "reference", "refe": "reference", "rif": "reference", "referenz": "reference",
    "tel": "telephone", "tlf": "telephone", "telf": "telephone", "tfno": "telephone",
    "amt": "amount", "curr": "currency", "cur": "currency", "crcy": "currency", "ccy": "currency",
    "doc": "document", "loc": "local", "inv": "invoice", "addr": "address", "adr": "adresse",
    "cust": "customer", "cpt": "compte", "cpte": "compte", "mnt": "montant", "mt": "montant",
    "mtt": "montant", "desc": "description", "dt": "date", "dte": "date", "fact": "facture",
    "ech": "echeance", "qty": "quantity", "qte": "quantite", "pmt": "payment", "pymt": "payment",
}

#: a letter lost to a wrong decoding, written "\ufffd" or "?" inside a word ("N\ufffdmero", "Tel?fono")
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])[\ufffd?]+(?=[^\W\d_])")
#: the words of headers a lost accented letter is read back into, the letter put back as its plain one
_LOST_LETTER_WORDS = frozenset({
    "numero", "codigo", "telefono", "direccion", "pais", "razon", "emision", "descripcion", "credito", "debito",
    "periodo", "ultimo", "metodo", "envio", "cedula", "situacao", "endereco", "municipio", "poblacion", "echeance",
    "montant", "reglement", "societe", "cliente", "fecha", "vencimiento", "importe", "telefone", "informacion", "identificacion", "ubicacion", "razao", "emissao", "descricao", "anulacion", "facturacion",
    "tramite", "debitos", "creditos", "cedulas", "credit", "debit", "prenom", "adresse", "cree", "regle",
})


def _restored(found: re.Match[str]) -> str:
    """The letter lost at ``found`` put back, as its plain letter, when one makes a header word of
    ``_LOST_LETTER_WORDS`` of the word around it ("Tel?fono" → "Telefono"); the mark left otherwise."""
    text, start, end = found.string, found.start(), found.end()
    left = re.search(r"[^\W\d_]*$", text[:start])
    right = re.match(r"[^\W\d_]*", text[end:])
    before, after = (left.group(0) if left else ""), (right.group(0) if right else "")
    for letter in "aeiouncAEIOUNC":
        if (before + letter + after).casefold() in _LOST_LETTER_WORDS:
            return letter
    return found.group(0)


#: currency and time-zone markers dropped from a header when other words remain
_UNIT_WORDS = frozenset(
    {
        "eur", "euro", "euros", "usd", "gbp", "chf", "cad", "utc", "gmt",
        "sek", "nok", "dkk", "isk", "pln", "czk", "huf", "ron", "bgn", "jpy", "cny", "hkd", "sgd", "aud",
        "nzd", "brl", "mxn", "ars", "clp", "cop", "inr", "zar",
    }
)

#: linking words (fr, en, de, es, it) dropped when other words remain
_STOPWORDS = frozenset(
    {
        # fr
        "de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "aux", "en", "par", "pour", "et",
        # en
        "the", "of", "in", "to", "for", "and", "on", "at", "by",
        # de
        "der", "die", "das", "dem", "den", "im", "zu", "zur", "zum", "und", "von", "vom",
        # es
        "del", "el", "los", "las", "y", "por", "para",
        # it
        "di", "della", "dei", "delle", "il", "lo", "e", "per", "da", "dal", "dalla",
    }
)


#: a date's format written in its header ("Fecha de Deuda dd/mm/aaaa", "Date (MM/DD/YYYY)", "Datum
#: TT.MM.JJJJ"): no word of the field, and the order of the column's dates
_DAY_FIRST = r"(?:dd|jj|tt|gg)[./\- ]?mm[./\- ]?(?:yyyy|yy|aaaa|aa|jjjj|jj|tttt)"
_MONTH_FIRST = r"mm[./\- ]?(?:dd|jj|tt|gg)[./\- ]?(?:yyyy|yy|aaaa|aa|jjjj|jj)"
_YEAR_FIRST = r"(?:yyyy|aaaa|jjjj)[./\- ]?mm[./\- ]?(?:dd|jj|tt|gg)"
_DATE_FORMAT = re.compile(rf"[(\[]?\b(?:{_DAY_FIRST}|{_MONTH_FIRST}|{_YEAR_FIRST})\b[)\]]?", re.IGNORECASE)


def header_date_order(header: str) -> str | None:
    """The order of the dates a header's written format says ("dd/mm/aaaa": "day", "MM/DD/YYYY":
    "month"), None when it says none (or the year first, which no date leaves in doubt)."""
    found = _DATE_FORMAT.search(header)
    if found is None:
        return None
    text = found.group(0).lower().strip("()[]")
    return "day" if re.fullmatch(_DAY_FIRST, text) else "month" if re.fullmatch(_MONTH_FIRST, text) else None


@lru_cache(maxsize=65536)
def normalize_header(header: object) -> str:
    """The comparable form of a header (or of a vocabulary term): lower-case ASCII words
    separated by single spaces; "" for a blank header."""
    text = "" if header is None else str(header)
    text = _DUPLICATE_COUNTER.sub("", text)
    if "\ufffd" in text or "?" in text:
        text = _LOST_LETTER.sub(_restored, text)
    text = _DATE_FORMAT.sub(" ", text)
    text = _FIELD_SUFFIX.sub("", text)
    text = _NUMBER_SIGN.sub(" numero ", text)
    text = _LEADING_CODE.sub("", text, count=1)
    text = unicodedata.normalize("NFKC", text)
    text = _OWED.sub(f" {_OWED_MARK} ", text)
    text = _VIETNAMESE_DEBT.sub(" debt ", text)
    text = _CAMEL_LOWER_UPPER.sub(" ", text)
    text = _CAMEL_ACRONYM.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = fold(text)
    text = _EMAIL_WORD.sub("email", text)
    text = _DOTTED_ACRONYM.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)) + " ", text)
    text = _SLASHED_PAIR.sub(r"\1\2", text)
    text = _PARTY_TO.sub(r"\1to", text)
    text = _INITIAL_NAME.sub(r"\1name", text)
    text = _IN_TAX.sub(" incl tax ", text)
    text = _STILL_TO_PAY.sub(" pendiente ", text)
    text = _TO_PAY.sub(f" {TO_PAY} ", text)
    words = [_EXPANSIONS.get(w, w) for w in _NON_WORD.sub(" ", text).split()]
    # ("N_mero", a "número" whose "ú" a database's column name lost, read "numero" and "mero")
    words = [w for i, w in enumerate(words) if not (w == "mero" and i and words[i - 1] == "numero")]
    words = _drop(words, _UNIT_WORDS)
    words = _drop(words, _STOPWORDS, keep_last={"du"})
    return " ".join("du" if w == _OWED_MARK else w for w in words)


_UNDECOMPOSED = str.maketrans(UNDECOMPOSED)


def resolved_dir(directory: Path | str) -> str:
    """A vocabulary folder as an absolute path without links: the key of its cached contents,
    resolved once per spelling (a mapping asks for it at every header and every column)."""
    return _resolved(str(directory))


@lru_cache(maxsize=32)
def _resolved(directory: str) -> str:
    return str(Path(directory).resolve())


def fold(text: str) -> str:
    """Accents removed, case folded: "Échéance" → "echeance", "Straße" → "strasse", "Płatność" →
    "platnosc"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _drop(words: list[str], drop: frozenset[str], keep_last: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """``words`` without the ``drop`` words, unless nothing would remain. A final word in
    ``keep_last`` stays: a trailing "du" is "dû" (owed), as in "Reste dû", "Montant du"."""
    last = len(words) - 1
    kept = [w for i, w in enumerate(words) if w not in drop or (i == last and w in keep_last)]
    return kept if kept else words
