"""Header matching: one header against the vocabulary, scored 0..1 with a one-line reason.

Order of the attempts (the best score wins):
1. exact: the normalised header is a vocabulary term → 1.0;
2. containment: the header holds whole terms ("Téléphone client" holds "telephone"). The term
   covering most words wins, an "ignore" term wins ties, a *dominant* ignore term ("retard",
   "days", "verzug") wins outright. Score 0.80 + 0.15 × share of the header's words covered,
   or 0.60 + 0.15 × that share when only generic (*weak*) words such as "client" or "date"
   are found. A person or company word next to an identifier word ("Code client",
   "Customer ID") is an identifier, ignored;
3. fuzzy (typos): rapidfuzz ``token_sort_ratio`` against every term; ratio r ≥ 75 scores
   0.95 × r/100, provided every word on each side is close (ratio ≥ 75) to a word of the other;
4. composed (``compose``): the header cut into its parts (a qualifier such as "Customer." or
   "f.", a section prefix, a note in parentheses, a part number) and read word by word as a
   head and its modifiers. Its main part alone being a term scores 0.97; a composed reading
   that excludes the column (net, tax, paid, delivery, salesperson…) wins over a containment or
   fuzzy match; otherwise the best score wins (a composed reading on a tie). A *dominant*
   ignore term (days overdue) still wins over a composed field;
5. table prefix: an opaque technical name in one case that nothing above reads with confidence
   ("RPDIVJ", "RPAAP": JD Edwards columns carry their table's two letters) is read again without
   its first two letters; the rest must be a synonym or a composed reading of its own (a short
   rest a synonym whole, never a generic word such as "date" or "number"), scored at most 0.90.
   A single letter before a table's columns ("CFECHAVENCIMIENTO", "CRAZONSOCIAL") is set aside
   the same way, when the rest is whole known words;
6. cut short: a header that is the start of terms of one field, its last word cut ("RAZON_SOCI",
   "FECHA_EMIS": dBase and IBM i column names hold ten characters), scored 0.85: tried first when
   that last word is no known word, else when nothing above reads the header with confidence.

Within 4, the main part's name after a place ("country.name") is that place, and a term beside
words that say nothing ("Vencimiento real") is that term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from getbill_import.config import bundled_mappings_dir
from getbill_import.mapping.compose import (
    HOUSE_NUMBER_ROLE,
    PLACE_FIELDS,
    UNIT_ROLE,
    Lexicon,
    Parts,
    Reading,
    informative_note,
    known_words,
    load_lexicon,
    names_a_count,
    read_words,
    split_header,
    tag_words,
)
from getbill_import.mapping.normalize import normalize_header, resolved_dir
from getbill_import.mapping.values import looks_like_value, period_header
from getbill_import.mapping.vocabulary import (
    IGNORE,
    NO_SYNONYM,
    UNSPACED,
    Term,
    Vocabulary,
    load_vocabulary,
)

EXACT_SCORE = 1.0
CONTAINS_BASE = 0.80
WEAK_CONTAINS_BASE = 0.60
CONTAINS_SPAN = 0.15
IDENTIFIER_SCORE = 0.85
DOMINANT_SCORE = 0.90
FUZZY_CUTOFF = 75
#: in a fuzzy match, every word must be at least this close to a word of the other side
FUZZY_WORD_CUTOFF = 75
FUZZY_SCALE = 0.95
FUZZY_MIN_LENGTH = 4
#: the main part of a qualified header ("Customer.Name", "CT_Intitule") is a term
PART_EXACT_SCORE = 0.97
#: the normalised bare number word ("No", "Num", "Nr", "Number")
GENERIC_NUMBER = "numero"
#: a header naming the rows' own numbers ("Lp."): below the mapped level, above the confirm one
ROW_NUMBER_SCORE = 0.7
#: an opaque technical name read once its table prefix is set aside ("RPDIVJ", "RPAAP")
TABLE_PREFIX_SCORE = 0.90
#: a technical name in one case, with a 2-letter table prefix
_OPAQUE_NAMES = (
    re.compile(r"^([A-Z]{2})([A-Z][A-Z0-9]{1,12})$"),
    re.compile(r"^([a-z]{2})([a-z][a-z0-9]{2,12})$"),
    # one letter before the columns of a table ("CFECHAVENCIMIENTO", "CRAZONSOCIAL")
    re.compile(r"^([A-Z])([A-Z]{5,24})$"),
)
#: a rest shorter than this must be a synonym whole ("RPAG": "AG", the gross amount)
MIN_PREFIXED_REST = 3
#: a header cut short by a column-name limit ("RAZON_SOCI"), read as the term it starts
TRUNCATED_SCORE = 0.85
MIN_TRUNCATED = 3
MIN_TRUNCATED_WORD = 5
#: below this, ``header_field`` reports no field
MIN_FIELD_SCORE = 0.50
#: a cell counts as a recognised header from this score on (``header_score``)
HEADER_CELL_SCORE = 0.80
#: distinct fields a header needs to score fully
HEADER_BREADTH = 4

_PERSON_FIELDS = frozenset({"debtor.name", "debtor.company", "debtor.first_name", "debtor.last_name", "debtor.second_last_name"})
#: words that turn a person/company header into an identifier ("Code client", "Customer ID")
IDENTIFIER_WORDS = frozenset(
    {
        "code", "id", "numero", "identifiant", "identifier", "ident", "compte", "account", "codigo",
        "codice", "cod", "siret", "siren", "nif", "cif", "matricule", "kennung", "key", "uuid", "ref",
        "reference",
    }
)
_KEY_FIELDS = frozenset({"reference", "amount"})


@dataclass(frozen=True)
class HeaderMatch:
    """The best reading of one header: ``field`` is a canonical field, ``"ignore"`` (must never
    be mapped) or None (nothing close in the vocabulary)."""

    field: str | None
    score: float
    reason: str
    how: str  # "exact", "part", "contains", "identifier", "fuzzy", "composed", "truncated" or "none"
    term: Term | None = None
    #: rank and role of a composed reading (a term carries its own)
    composed_rank: float = 0
    composed_role: str = ""

    @property
    def rank(self) -> float:
        return self.term.rank if self.term else self.composed_rank

    @property
    def role(self) -> str:
        return self.term.role if self.term else self.composed_role

    @property
    def as_part(self) -> str | None:
        return self.term.as_part if self.term else None


def match_header(header: object, mappings_dir: Path | str | None = None) -> HeaderMatch:
    """Match one header against the vocabulary of ``mappings_dir`` (default: the bundled one)."""
    directory = resolved_dir(mappings_dir or bundled_mappings_dir())
    return _row_number(_match_cached(directory, "" if header is None else str(header)))


def _row_number(match: HeaderMatch) -> HeaderMatch:
    """A header that names the rows' own numbers ("Lp.": a reference term of rank 0) is the invoice
    number at most to confirm, whatever its words: a list numbered again would name other debts."""
    if match.field != "reference" or match.term is None or match.term.rank != 0 or match.score <= ROW_NUMBER_SCORE:
        return match
    return replace(match, score=ROW_NUMBER_SCORE, reason=f"{match.reason}, {match.term.role}")


def header_field(header: object, *, mappings_dir: Path | str | None = None) -> tuple[str | None, float, str]:
    """``(field, score, reason)`` for one header alone. ``field`` is None when the header must be
    ignored ("Montant HT", "Status") or nothing in the vocabulary is close enough."""
    match = match_header(header, mappings_dir)
    if match.field is None or match.field == IGNORE or match.score < MIN_FIELD_SCORE:
        return None, round(match.score, 3), match.reason
    return match.field, round(match.score, 3), match.reason


#: cells naming a period from which a row is a wide layout's header
PERIOD_CELLS = 3
#: the same text in so many cells of a row: values, not names
REPEATED_CELLS = 3


def header_score(cells: Sequence[object], *, mappings_dir: Path | str | None = None) -> float:
    """How much a row looks like the header of an invoice export, 0..1.

    ``share × (0.5 + 0.5 × breadth)``, halved when no cell is a reference or an amount, where
    *share* is the part of the non-empty cells that are recognised headers (ignored ones such as
    "Montant HT" included) and *breadth* grows with the distinct fields found (4 or more: 1).
    Values (numbers, dates, e-mail addresses) never count as headers. A title row or a small
    summary table ("Agence", "Nombre de dossiers", "Encours") stays below 0.5; a real export
    header ("Référence", "Client", "Montant", "Échéance") scores 1.0.
    """
    texts = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if not texts:
        return 0.0
    recognised = 0
    fields: set[str] = set()
    periods = [t for t in texts if period_header(t, mappings_dir if mappings_dir is not None else bundled_mappings_dir())]
    if len(periods) < PERIOD_CELLS or 2 * len(periods) < len(texts):
        # a few dates in a row are a headerless file's first invoice, not a wide layout's header
        periods = []
    for text in texts:
        if text in periods:
            # a wide layout's header: a month or a week above each column ("Enero", "1-Oct-21")
            recognised += 1
            continue
        if looks_like_value(text):
            continue
        match = match_header(text, mappings_dir)
        if match.field is not None and match.score >= HEADER_CELL_SCORE:
            recognised += 1
            if match.field != IGNORE:
                fields.add(match.field)
    breadth = min(1.0, len(fields) / HEADER_BREADTH)
    score = recognised / len(texts) * (0.5 + 0.5 * breadth)
    if not fields & _KEY_FIELDS:
        score *= 0.5
    if max(Counter(texts).values()) >= REPEATED_CELLS:
        # a word written again and again across the row ("Pagado", "Debe", "Debe"…) is a row of
        # statuses, not the columns' names
        score *= len(set(texts)) / len(texts)
    return round(score, 3)


#: a "?" in a word, where an export lost an accented letter, and the letters it may have been
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?|\?(?=[^\W\d_])")
_LOST_LETTERS = "eaiouc"


def _pivot_value(directory: str, norm: str, lexicon: Lexicon) -> HeaderMatch | None:
    """A pivot table's value ("Sum of atb_balance", "Count of Invoice"): a sum is read as the rest
    of the header, a count or an average is no field; None for another header."""
    for prefix in lexicon.pivot_sums:
        if norm.startswith(prefix) and len(norm) > len(prefix):
            inner = _match_cached(directory, norm[len(prefix):])
            if inner.field is None:
                return None
            return replace(inner, reason=f"{inner.reason}, a pivot table's sum of it")
    for prefix in lexicon.pivot_others:
        if norm.startswith(prefix) and len(norm) > len(prefix):
            return HeaderMatch(IGNORE, EXACT_SCORE, "ignored: a pivot table's count, average or extreme of a column, "
                               "no value owed", "exact")
    return None


@lru_cache(maxsize=65536)
def _match_cached(directory: str, header: str, table_prefix: bool = True) -> HeaderMatch:
    norm = normalize_header(header)
    if not norm:
        return HeaderMatch(None, 0.0, "blank header", "none")
    vocab = load_vocabulary(directory)
    term = vocab.terms.get(norm)
    if term is not None:
        return HeaderMatch(term.field, EXACT_SCORE, _reason("synonym", term), "exact", term)
    if names_a_count(header):
        # "num_past_invoices", "Number of invoices": how many, no invoice's number
        return HeaderMatch(IGNORE, PART_EXACT_SCORE, "ignored: a count of things, no value of one", "composed")
    if _LOST_LETTER.search(header):
        # "Pi?ce", "Intitul?": an export that wrote its accented letters as "?" (a lost encoding)
        for letter in _LOST_LETTERS:
            term = vocab.terms.get(normalize_header(_LOST_LETTER.sub(letter, header)))
            if term is not None:
                return HeaderMatch(term.field, EXACT_SCORE, _reason("synonym", term) + ", '?' read as an accented letter",
                                   "exact", term)
    lexicon = load_lexicon(directory, _vocabulary_words(directory))
    pivot = _pivot_value(directory, norm, lexicon)
    if pivot is not None:
        return pivot
    words = norm.split()
    # a last word the lexicon does not read may be a word cut short ("RAZON_SOCI"); one it reads
    # ("imp": importe) is not ("MntImp" is not "montant impayé")
    cut = words[-1] not in lexicon.known
    if len(words) > 1 and cut:
        # "RAZON_SOCI": the start of a term, read before the cut word is taken for abbreviations
        truncated = _truncated(vocab, norm)
        if truncated is not None:
            return truncated
    parts = split_header(header, lexicon)
    reading = read_words(parts, lexicon)
    composed = _from_reading(reading) if reading is not None else None
    if composed is not None and composed.field == IGNORE and reading is not None and reading.exclusion:
        return composed
    part_term = vocab.terms.get(parts.text) if parts.text and parts.text != norm and parts.part is None else None
    if part_term is not None and not informative_note(parts, lexicon):
        if parts.prefixed and part_term.text == GENERIC_NUMBER:
            # "EC_No", "CT_Num": the number of a record of an unknown table, below a header naming the
            # invoice's ("imo_number", a ship's, beside "invoice_id")
            what = "generic synonym after an unknown table prefix:"
            return HeaderMatch(part_term.field, WEAK_CONTAINS_BASE + CONTAINS_SPAN, _reason(what, part_term), "part",
                               replace(part_term, rank=0))
        place = _place_of(parts.owner, lexicon)
        if place is not None and part_term.field in _PERSON_FIELDS:
            # "country.name", "pais.nome": the name of the country is the country
            return HeaderMatch(place, PART_EXACT_SCORE, f"the name of a place: '{' '.join(parts.owner)}'", "part")
        if part_term.field in _PERSON_FIELDS and _owner_not_debtor(parts.owner, lexicon):
            # "invoice_line_ids/name", "product_id/name", "user_id/name": a line's, a product's, a user's name
            return HeaderMatch(IGNORE, PART_EXACT_SCORE, f"ignored: a name of the record '{' '.join(parts.owner)}', not the "
                               "debtor's", "part")
        what = "synonym" if not parts.stripped else "synonym once qualifiers are set aside:"
        return HeaderMatch(part_term.field, PART_EXACT_SCORE, _reason(what, part_term), "part", part_term)
    if part_term is None and parts.part is None and not informative_note(parts, lexicon):
        tagged = tag_words(parts.main, lexicon)
        filler = [k for k, t in tagged if t and t <= {"filler"}]
        core = " ".join(w for k, t in tagged if not (t and t <= {"filler"}) for w in k)
        plain = filler and all(len(w) > 2 for k in filler for w in k)
        core_term = vocab.terms.get(core) if plain and core and core != parts.text else None
        if core_term is not None and core_term.field != IGNORE and not core_term.weak:
            # "E1_VENCREA" (vencimiento real): a term beside words that say nothing
            what = "synonym once words that say nothing are set aside:"
            return HeaderMatch(core_term.field, PART_EXACT_SCORE, _reason(what, core_term), "part", core_term)
    if reading is not None and reading.bare and reading.field != IGNORE:
        head_term = vocab.terms.get(reading.head)
        if head_term is not None and head_term.field == reading.field:
            # "AmountMST", "Amount (EUR)": the head alone, the rest only says nothing
            what = "synonym once words that say nothing are set aside:"
            return HeaderMatch(head_term.field, PART_EXACT_SCORE, _reason(what, head_term), "part", head_term)
    candidates = [m for m in (_contained(vocab, norm) or _held_in_script(vocab, norm), _fuzzy(vocab, norm, lexicon.tagged))
                  if m is not None]
    if reading is None:
        # no head to read the words around: a term held inside still loses to a word beside it
        # that excludes its field ("Brutto Tg.": days, not an amount; "Bankverb Gültig bis")
        candidates = [m for m in candidates if not _excluded_beside(m, parts, lexicon)]
    if composed is not None and composed.field in ("issue_date", "due_date"):
        # "Fecha de deuda", "Debt date": a date's head beside an amount's word names a date, not the amount
        candidates = [m for m in candidates if not (m.how == "contains" and m.field == "amount")]
    dominant = [m for m in candidates if m.term is not None and m.term.dominant and m.how == "contains"]
    if dominant:
        return dominant[0]
    if composed is not None:
        candidates.append(composed)
    best = max(candidates, key=lambda m: (m.score, m.how == "composed")) if candidates else None
    if table_prefix and (best is None or (best.field != IGNORE and best.score < HEADER_CELL_SCORE)):
        prefixed = _after_table_prefix(directory, header)
        if prefixed is not None:
            return prefixed
    if best is None or (best.field != IGNORE and best.score < HEADER_CELL_SCORE):
        # "ecr_monnai": the rest after a table prefix may be the word cut short
        truncated = (_truncated(vocab, norm) if cut else None) or (_truncated(vocab, parts.text) if parts.prefixed else None)
        if truncated is not None:
            return truncated
    if best is None:
        return HeaderMatch(None, 0.0, NO_SYNONYM, "none")
    return best


#: tags of a word that exclude a field a contained term would give, by the field's kind
_EXCLUDING = {
    "amount": "not_amount", "issue_date": "not_date", "due_date": "not_date", "reference": "not_whole",
    # "Vendor", "Supplier": another party than the debtor, whose names the values alone would offer
    "debtor.name": "not_debtor",
}


@lru_cache(maxsize=65536)
def _header_words(header: str, mappings_dir: str) -> tuple[Lexicon, Parts, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """The lexicon, the parts of ``header`` and its main words with their tags."""
    lexicon = load_lexicon(mappings_dir, _vocabulary_words(mappings_dir))
    parts = split_header(header, lexicon)
    return lexicon, parts, tag_words(parts.main, lexicon)


def words_exclude(header: str, target: str, mappings_dir: str) -> bool:
    """Whether a word of ``header`` excludes ``target`` ("Mahngebühr": a fee, never the amount
    owed), though the header as a whole reads as nothing: such a column is not offered for the
    field by its values either."""
    lexicon, parts, _ = _header_words(header, mappings_dir)
    return _words_against(parts, lexicon, target)


def address_number(header: str, mappings_dir: str) -> str | None:
    """"house" when ``header`` names a house number of its own ("Numer_domu", "Hausnummer",
    "street_number"), "unit" when it names a flat or an addition to the number ("Nr lokalu",
    "Toevoeging"), else None: the columns a street is written with."""
    lexicon, parts, _ = _header_words(header, mappings_dir)
    reading = read_words(parts, lexicon)
    if reading is None or reading.field != IGNORE:
        return None
    return {HOUSE_NUMBER_ROLE: "house", UNIT_ROLE: "unit"}.get(reading.role)


def names_party(header: str, mappings_dir: str) -> bool:
    """Whether ``header`` names a party or its name ("Customer", "Kundennummer", "Client",
    "Name 1"): the column a debtors file is likely joined on."""
    return any(tags & {"party", "name", "company"} for _, tags in _header_words(header, mappings_dir)[2])


def names_another_party(header: str, mappings_dir: str) -> bool:
    """Whether a word of ``header`` names someone or something other than the debtor ("Created
    by", "Editoval", "Salesperson", "Supplier"): what its values say is not the debtor's."""
    return any("not_debtor" in tags for _, tags in _header_words(header, mappings_dir)[2])


#: the roles of the vocabulary's customer numbers and codes ("Customer No", "acct_id", "Client code")
CODE_ROLES = frozenset({"accounting code", "an identifier"})
#: the tags of the words a customer's number is written with
_CODE_WORDS = frozenset({"party", "identifier", "id", "number"})
#: every tag a word of a customer's number may carry ("order" is an identifier too, of an order)
_CUSTOMER_NUMBER_TAGS = _CODE_WORDS | {"not_amount_other", "reference"}


def names_customer_number(header: str, mappings_dir: str) -> bool:
    """Whether ``header`` is a customer's number or code ("CUSTOMER_NUMBER", "acct_id", "Kunden-Nr.",
    SAP's "Account"): a number or code the vocabulary sets aside, every word of it a party's or a
    number's ("GL Account", "Order No", DATEV's "Bezeichnung SoBil-Sachverhalt" are not)."""
    if match_header(header, mappings_dir).role not in CODE_ROLES:
        return False
    tags = [t for _, t in _header_words(header, mappings_dir)[2]]
    return (any("party" in t for t in tags) and all(t & _CODE_WORDS and "not_debtor" not in t for t in tags)
            # the customer's own document numbers ("Customer Order No", "Customer PO Number") are not its number
            and not any(t - _CUSTOMER_NUMBER_TAGS for t in tags))


def tax_included_words(header: str, mappings_dir: str) -> tuple[bool, frozenset[str]]:
    """Whether ``header`` says in so many words that its amount includes tax ("Inc-Tax Total",
    "Total TTC"), and its other words ("total"): beside a column named by those words alone
    ("Total", which may be before tax), it is the one a debtor owes."""
    tagged = _header_words(header, mappings_dir)[2]
    rest = frozenset(w for words, tags in tagged if "gross" not in tags for w in words)
    return any("gross" in tags for _, tags in tagged), rest


def _excluded_beside(match: HeaderMatch, parts: Parts, lexicon: Lexicon) -> bool:
    """Whether a word of the header, outside the contained term, excludes the term's field."""
    if match.how != "contains" or match.term is None or match.field is None:
        return False
    return _words_against(parts, lexicon, match.field, frozenset(match.term.words))


def _words_against(parts: Parts, lexicon: Lexicon, target: str, aside: frozenset[str] = frozenset()) -> bool:
    """Whether a word of the header (the words of ``aside`` set aside) carries a tag that excludes
    ``target`` (``_EXCLUDING``)."""
    prefix = _EXCLUDING.get(target)
    return prefix is not None and any(
        tag.startswith(prefix) for words, tags in tag_words(parts.main, lexicon) if not set(words) <= aside for tag in tags
    )


def _owner_not_debtor(owner: tuple[str, ...], lexicon: Lexicon) -> bool:
    """Whether a qualifier names a record that is not the debtor: an invoice's or an order's line,
    a product, a user ("invoice_line_ids" of "invoice_line_ids/name"), and no party beside it."""
    if not owner:
        return False
    tags = frozenset().union(*(t for _, t in tag_words(owner, lexicon)))
    return bool(tags & {"not_debtor", "line"}) and "party" not in tags


def _place_of(owner: tuple[str, ...], lexicon: Lexicon) -> str | None:
    """The address field a qualifier names when it is a place ("country" of "country.name")."""
    if not owner:
        return None
    tags = tag_words(owner, lexicon)[-1][1]
    return next((field for tag, field in PLACE_FIELDS.items() if tag in tags), None)


def _truncated(vocab: Vocabulary, norm: str) -> HeaderMatch | None:
    """A header cut short by a column-name limit (dBase and IBM i names hold ten characters:
    "RAZON_SOCI", "FECHA_EMIS"): the header is a term whose last word lost its end. Every term it
    may be the start of must name one field; its last word keeps at least ``MIN_TRUNCATED``
    letters (a single word ``MIN_TRUNCATED_WORD``)."""
    words = norm.split()
    if not words or len(words[-1]) < (MIN_TRUNCATED if len(words) > 1 else MIN_TRUNCATED_WORD):
        return None
    *head, last = words
    pool = vocab.by_first_word.get(words[0], ()) if head else vocab.terms.values()
    # (a term the header is the start of begins with its text: the others are passed at once)
    found = [
        t for t in pool
        if t.text.startswith(norm) and len(t.words) == len(words) and list(t.words[:-1]) == head
        and t.words[-1].startswith(last) and t.words[-1] != last
    ]
    if not found or len({t.field for t in found}) > 1:
        return None
    term = max(found, key=lambda t: (t.rank, len(t.words[-1])))
    reason = _reason("cut short:", term) if term.field != IGNORE else f"ignored: cut short: '{term.text}' ({term.language})"
    return HeaderMatch(term.field, TRUNCATED_SCORE, reason, "truncated", term)


def _after_table_prefix(directory: str, header: str) -> HeaderMatch | None:
    """An opaque technical name read without its table prefix: "RPDIVJ" (the invoice date of a
    ledger whose columns all start with "RP"). The rest must be read with
    confidence on its own, by a synonym or through its words, never by a typo-level match. A
    header that is a known word whole ("middle") has no prefix."""
    if _plain_words(directory, header.strip()):
        return None
    splits = [(found.group(1), found.group(2)) for p in _OPAQUE_NAMES if (found := p.match(header.strip()))]
    # a rest of whole known words first: "DFECDOC" is "D" + "FEC DOC" (fecha documento), not "DF" +
    # "EC DOC"
    splits.sort(key=lambda split: not _plain_words(directory, split[1]))
    for prefix, rest in splits:
        if (len(prefix) == 1 or rest.islower()) and not _plain_words(directory, rest):
            # one letter set aside is a guess, and so are two letters of a lower-case word
            # ("hidden" is not "hi" + "DDEN"): the rest must be plain words, not abbreviations
            continue
        match = _match_cached(directory, rest, table_prefix=False)
        how = ("exact",) if len(rest) < MIN_PREFIXED_REST else ("exact", "part", "composed", "truncated")
        if match.field in (None, IGNORE) or match.how not in how or match.score < HEADER_CELL_SCORE:
            continue
        if match.field != IGNORE and match.term is not None and (match.term.weak or match.term.text == GENERIC_NUMBER):
            # "ERDAT", "XXNO": a generic word of an unknown table (created on? posted on?)
            continue
        if match.how != "exact" and match.term is not None and len(normalize_header(match.term.text)) < MIN_PREFIXED_REST:
            # "CEDULA" is no "CE" + "DU LA" (the French "dû" beside a word that says nothing)
            continue
        score = min(match.score, TABLE_PREFIX_SCORE)
        return replace(match, score=score, reason=f"{match.reason}, once the table prefix '{prefix}' is set aside")
    return None


def _plain_words(directory: str, text: str) -> bool:
    """Whether ``text`` is a vocabulary term or whole known words written together ("RAZONSOCIAL")."""
    norm = normalize_header(text)
    if norm in load_vocabulary(directory).terms:
        return True
    return known_words(norm, load_lexicon(directory, _vocabulary_words(directory)))


@lru_cache(maxsize=8)
def _vocabulary_words(directory: str) -> frozenset[str]:
    return frozenset(w for text in load_vocabulary(directory).terms for w in text.split())


def _from_reading(reading: Reading) -> HeaderMatch:
    return HeaderMatch(
        reading.field, reading.score, reading.reason, "composed",
        composed_rank=reading.rank, composed_role=reading.role,
    )


def _contained(vocab: Vocabulary, norm: str) -> HeaderMatch | None:
    words = norm.split()
    found: list[tuple[Term, int]] = []  # term, start position
    for start, word in enumerate(words):
        for term in vocab.by_first_word.get(word, ()):
            size = len(term.words)
            if tuple(words[start : start + size]) == term.words:
                found.append((term, start))
    if not found:
        return None
    dominant = [t for t, _ in found if t.dominant]
    if dominant:
        term = max(dominant, key=lambda t: len(t.words))
        return HeaderMatch(IGNORE, DOMINANT_SCORE, _reason("contains", term), "contains", term)
    # the bare number word beside words it does not know ("Participant Number", "co_num") is
    # some record's number, not the invoice's, until the composed reading says otherwise
    strong = [(t, s) for t, s in found if not t.weak and not (t.text == GENERIC_NUMBER and len(words) > 1)]
    pool = strong or found
    term, start = max(pool, key=lambda ts: (len(ts[0].words), ts[0].field == IGNORE, ts[0].rank))
    covered = set(range(start, start + len(term.words)))
    if term.field in _PERSON_FIELDS and any(
        w in IDENTIFIER_WORDS for i, w in enumerate(words) if i not in covered
    ):
        return HeaderMatch(
            IGNORE, IDENTIFIER_SCORE, f"ignored: an identifier ('{term.text}' with a code word)", "identifier", term
        )
    base = CONTAINS_BASE if strong else WEAK_CONTAINS_BASE
    score = base + CONTAINS_SPAN * len(term.words) / len(words)
    return HeaderMatch(term.field, score, _reason("contains", term), "contains", term)


def _held_in_script(vocab: Vocabulary, norm: str) -> HeaderMatch | None:
    """A term of a script written without spaces held inside a header of that script ("6월말잔액": the
    balance at the end of June, "应收账款余额"): the one ending last, the head of a Chinese, Japanese or
    Korean noun phrase, else the longest."""
    if not UNSPACED.search(norm):
        return None
    held = [(norm.rfind(t.text) + len(t.text), len(t.text), t) for t in vocab.unspaced if t.text != norm and t.text in norm]
    if not held:
        return None
    _, size, term = max(held, key=lambda h: (h[0], h[1]))
    score = WEAK_CONTAINS_BASE + CONTAINS_SPAN * size / len(norm.replace(" ", ""))
    return HeaderMatch(term.field, score, _reason("contains", term), "contains", term)


def _fuzzy(vocab: Vocabulary, norm: str, known: frozenset[str]) -> HeaderMatch | None:
    """A typo-level match: the whole header close to a term, and every word of each close to a
    word of the other (so "Montant à relancer" is not "Montant réglé" for sharing "montant").
    One word is a typo of a term only when it is no word of its own in ``known`` ("PRICE" is not
    "piece") and keeps the term's first letter ("revision" is not "emision") unless a letter stands
    before the term ("FZIP"); a term of three letters is too short to be told from another word by
    a typo ("FIDO" is not "fio") unless the header holds it whole."""
    words = norm.split()
    if len(norm) < FUZZY_MIN_LENGTH or (len(words) == 1 and norm in known):
        return None
    # (the ratio of the words put in order: ``fuzz.token_sort_ratio``, the terms' words ordered once)
    found = process.extract(" ".join(sorted(words)), vocab.sorted_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    for _, ratio, at in found:
        text = vocab.keys[at]
        if len(words) == 1 and text[:1] != norm[:1] and text[:3] not in norm:
            continue
        if (len(text) >= FUZZY_MIN_LENGTH or text in norm) and _words_align(words, text.split()):
            term = vocab.terms[text]
            return HeaderMatch(term.field, FUZZY_SCALE * ratio / 100, _reason(f"fuzzy {ratio:.0f}% to", term), "fuzzy", term)
    return None


def _words_align(left: list[str], right: list[str]) -> bool:
    def covered(a: list[str], b: list[str]) -> bool:
        return all(max(fuzz.ratio(w, v) for v in b) >= FUZZY_WORD_CUTOFF for w in a)

    return covered(left, right) and covered(right, left)


def _reason(kind: str, term: Term) -> str:
    text = f"{kind} '{term.text}' ({term.language})"
    if term.field == IGNORE:
        return f"ignored: {text}" + (f", {term.role}" if term.role else "")
    return text
