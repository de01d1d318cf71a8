"""Compositional reading of a header: its meaning built from its parts and words, for headers
the synonym files do not hold whole ("Billing Address City", "partner_id/email", "CT_Intitule",
"Sollbetrag", "Amount in transaction currency", "paymentsPending", "Adresse livraison 2").

1. ``split_header``: the raw header is cut into a *main* part, *owner* qualifiers (a table or
   record name before ``.`` or ``/``, a section before " - " or ": ", a short SQL prefix
   ``XX_``), *notes* in parentheses (a note with a negation, "(ohne Soll/Haben-Kz)", says
   nothing) and, for addresses, a part number ("Street 3"). A type prefix of Hungarian notation or
   xBase is set aside ("strCustomerName", "nImporte"), or read as the word it stands for when it
   says what the field holds ("vNF": a value, "dhEmi": a date); the days of an age bucket
   ("Bal_31_60", "Over 90") are noted.
2. Each part is normalised like the vocabulary (``normalize_header``), its abbreviations expanded
   and its compound words split into known words ("CUSTOMERNAME" → "customer name"); a technical
   name with dropped letters is read through the words it abbreviates ("DATEINVC" → "date
   invoice", "CODECURN" → "code currency", "FECVTO" → "fecha vto", "IMPPEN" → "importe
   pendiente"), a piece standing for one meaning of ``abbreviation_words`` only (the words it
   opens with most letters first: "cury" is currency, not country); a piece that is a known word
   without a meaning of its own is read as the word it abbreviates ("off" of "OFFBETRAG").
3. ``read_words``: words and phrases get their tags from ``mappings/compose.toml``; one *head*
   (email, phone, postal code, city, date, amount, address, number, name…) decides the family,
   the other words select the field (remaining → open balance; due → due date) or exclude it
   (net, tax, paid, delivery, salesperson…).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from getbill_import.errors import MappingError
from getbill_import.mapping._cache import built
from getbill_import.mapping.normalize import (
    _CAMEL_ACRONYM,
    _CAMEL_LOWER_UPPER,
    _EXPANSIONS,
    normalize_header,
    resolved_dir,
)

COMPOSE_FILE = "compose.toml"
IGNORE = "ignore"

#: score of a reading whose words are all understood (0.80 + span × coverage)
BASE = 0.80
SPAN = 0.15
#: a reading on a generic head alone ("Date xyz", "Amount xyz") is only a candidate to confirm
WEAK_BASE = 0.60
EXCLUDE_BASE = 0.85
#: compound words shorter than this are never split
MIN_COMPOUND = 5
#: a word as a language writes it: a capital, then small letters
_TITLED = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+")
_SHORT_PIECES = frozenset({"id", "no", "nr", "cp", "ht", "po", "op", "co", "du", "tax", "vat", "zip", "doc", "due", "net"})

_QUALIFIED = re.compile(r"^[A-Za-z][\w$]*(?:[./][A-Za-z][\w$]*)+$")
#: "CT_", "dr_", a table alias with a digit ("E1_", "A1_": TOTVS Protheus' SE1 and SA1), and the
#: segment and element number of an EDI message before the element's name ("N102_Name", "BGM02_…")
_SQL_PREFIX = re.compile(r"^([A-Z][A-Z0-9]{0,2}|[a-z][a-z0-9]{0,2}|[A-Z]{1,4}\d{2,3}(?=_[A-Z][a-z]))_(?=[A-Za-z]{2})")
#: a type prefix of Hungarian notation before a capitalised name ("strCustomerName", "szName",
#: "decAmount", and the one letter of xBase fields: "cNomCli", "nImporte", "dFecFac"): the type of a
#: variable, not a word of the field
_TYPE_PREFIX = re.compile(r"^(?:str|sz|dbl|int|lng|dec|obj|[cnlsibfmx])(?=[A-Z][a-z])")
#: a type letter that says what the field holds: a value ("vNF", "vOrig": Brazilian NF-e), a date or
#: a date and time ("dFecFac", "dhEmi")
_TYPE_WORD = re.compile(r"^(?:(v)(?=[A-Z])|(dh?)(?=[A-Z][a-z]))")
#: a number word before a plural ("num_seats", "nb_factures", "Number Items"): how many, a count,
#: not an identifier
_COUNT_OF = re.compile(r"(?i)^\s*(?:num|nb|nbr|number|n[uú]mero|num[ée]ro)[\s_.-]+(?=[^\W\d_]{2,}[^\W\d_siu]s\s*$)")
#: a header naming how many of a thing there are, whole ("num_past_invoices", "Number of invoices",
#: "nb_factures_impayees"): a count, however like an invoice's number its words read
_COUNT_WHOLE = re.compile(
    r"(?i)^\s*(?:num|nb|nbr|nbre|number|n[uú]mero|num[ée]ro)[\s_.-]+(?:(?:of|de|des|d)[\s_.'-]+)?"
    r"(?:[^\W\d_]+[\s_.-]+)?[^\W\d_]{2,}[^\W\d_siu]s\s*$")


def names_a_count(header: str) -> bool:
    """Whether a header names how many of a thing there are ("num_past_invoices", "Number of invoices")."""
    return bool(_COUNT_WHOLE.match(header))


_NOTE = re.compile(r"[(\[]([^)\]]*)[)\]]")
_SECTION = re.compile(r"\s+[-–—|>]\s+|:\s+")
_IN = re.compile(r"(?i)\s+(?:in|en|im|in der|en la|nella|in der)\s+(?=\S)(?!tax\b)")
_DIGITS = re.compile(r"^0?[1-9]$")
#: the days of an age bucket of an aged balance ("Bal_0_30", "31-60", "BalOver90", "90+")
_AGE_BUCKET = re.compile(
    r"(?i)(?<!\d)\d{1,3}\s*[-–_/]\s*\d{2,3}(?!\d)|(?<!\d)\d{1,3}\s+(?:a|to|à|bis|al)\s+\d{2,3}(?!\d)|(?:over|plus|more\s*than|above|>|uber|über|mas\s*de|más\s*de|oltre)[\s_]*\d{2,3}(?!\d)|(?<!\d)\d{2,3}\s*\+"
    # a short bucket said in days ("0 - 3 days", "4 - 10 jours")
    r"|(?<!\d)\d{1,3}\s*[-–]\s*\d{1,4}\s*(?:days?|jours?|tage|dias|días|giorni|gg)\b"
    # the first bucket said by its end ("Overdue up to 30 days", "bis 30 Tage", "Hasta 30 días")
    r"|(?:up\s*to|under|less\s*than|<|bis|hasta|jusqu'?\s*[aà]|fino\s*a|até)[\s_]*\d{1,3}\s*(?:days?|jours?|tage|dias|días|giorni|gg)\b"
)


def names_age_bucket(header: str) -> bool:
    """Whether a header names the days of an age bucket of an aged balance ("31-60", "202+ days",
    "Bal_0_30", "Over 90", "De 1 a 30 dias")."""
    return bool(_AGE_BUCKET.search(header))
_JOINED = re.compile(r"(?i)(?:^|[\s_\-./])(?:and|und|et|y|e)(?=$|[\s_\-./])|[&+]")


@dataclass(frozen=True)
class Lexicon:
    tags: dict[tuple[str, ...], frozenset[str]]
    longest: int
    abbreviations: dict[str, tuple[str, ...]]
    known: frozenset[str]
    #: whole words replaced before normalisation
    spellings: tuple[tuple[re.Pattern[str], str], ...] = ()
    #: words technical names write with letters dropped
    abbreviation_words: tuple[str, ...] = ()
    #: the meaning of each of ``abbreviation_words`` (words of one meaning do not compete)
    meanings: tuple[str, ...] = ()
    #: words with tags of their own, or abbreviations of such words
    tagged: frozenset[str] = frozenset()
    #: abbreviations read only beside other words ("val_doc", but not "Val" alone)
    context_only: frozenset[str] = frozenset()
    #: pieces of a name written together read as another word ("DELCITY": del → delivery)
    compound_pieces: dict[str, str] = field(default_factory=dict)
    #: a pivot table's value named by its aggregate: the sum is the field ("Sum of Balance"); a
    #: count, an average or an extreme of it is none ("Count of Invoice")
    pivot_sums: tuple[str, ...] = ()
    pivot_others: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parts:
    main: tuple[str, ...]
    owner: tuple[str, ...] = ()
    note: tuple[str, ...] = ()
    part: int | None = None
    #: something was taken off the header (a qualifier, a prefix, a note)
    stripped: bool = False
    #: an opaque SQL prefix ("EC_", "CT_") was taken off: the table it names is unknown
    prefixed: bool = False
    #: the words are joined by "and" ("streetAndNumber", "Rue et numéro"): one field holds both
    joined: bool = False
    #: the header names the days of an age bucket ("Bal_31_60", "Over 90")
    bucket: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.main)


@dataclass(frozen=True)
class Reading:
    field: str  # canonical field or IGNORE
    score: float
    reason: str
    rank: float = 1
    role: str = ""
    weak: bool = False
    #: an ignore decided by an excluding word (net, paid, delivery…), not by the lack of a head
    exclusion: bool = False
    #: the words of the head, and whether every other word says nothing ("AmountMST": "amount")
    head: str = ""
    bare: bool = False


#: the role of an amount whose words say it is what remains to pay ("BalanceRemaining", "Reste à payer")
REMAINING_ROLE = "remaining balance"


def load_lexicon(mappings_dir: Path | str, extra_words: Iterable[str] = ()) -> Lexicon:
    return _load(resolved_dir(mappings_dir), frozenset(extra_words))


@lru_cache(maxsize=8)
def _load(directory: str, extra_words: frozenset[str]) -> Lexicon:
    path = Path(directory) / COMPOSE_FILE
    return built("lexicon", [path], lambda: _build(path, extra_words), *sorted(extra_words))


def _build(path: Path, extra_words: frozenset[str]) -> Lexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Lexicon({}, 0, {}, frozenset(_EXPANSIONS))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Cannot read the header composition rules {path}: {exc}") from None
    tags: dict[tuple[str, ...], set[str]] = {}
    for tag, words in (data.get("words") or {}).items():
        if not isinstance(words, list):
            raise MappingError(f"{path}: words.{tag} must be a list of words.")
        for word in words:
            key = tuple(normalize_header(word).split())
            if key:
                tags.setdefault(key, set()).add(tag)
    abbreviations = {
        str(k).casefold(): tuple(normalize_header(v).split())
        for k, v in (data.get("abbreviations") or {}).items()
    }
    in_context = {
        str(k).casefold(): tuple(normalize_header(v).split())
        for k, v in (data.get("context_abbreviations") or {}).items()
    }
    abbreviations.update(in_context)
    # a synonym's short words ("te", "do" of "Te betalen", "Do zapłaty") would cut compounds apart
    known = {w for key in tags for w in key} | set(abbreviations) | {w for w in extra_words if len(w) > 2 or w in _SHORT_PIECES} | set(_EXPANSIONS)
    # words read only when written apart, never cut out of a longer one ("CCON1TEL" is no "cc")
    known -= {normalize_header(w) for w in data.get("whole_words_only") or ()}
    spellings = tuple(
        pair
        for k, v in (data.get("spellings") or {}).items()
        for pair in (
            (re.compile(rf"(?i)(?<![^\W_]){re.escape(str(k))}(?![^\W_])"), str(v)),
            # capitalised after a lower-case letter: the last word of a camelCase name ("RefNbr")
            (re.compile(rf"(?<=[a-z]){re.escape(str(k)[:1].upper() + str(k)[1:])}(?![a-z])"), f" {v}"),
        )
    )
    frozen = {k: frozenset(v) for k, v in tags.items()}
    full_words = tuple(normalize_header(w) for w in data.get("abbreviation_words") or ())
    return Lexicon(
        tags=frozen,
        longest=max((len(k) for k in tags), default=0),
        abbreviations=abbreviations,
        known=frozenset(w for w in known if len(w) > 1),
        spellings=spellings,
        abbreviation_words=full_words,
        meanings=tuple(_meaning(w, frozen, abbreviations) for w in full_words),
        tagged=frozenset(key[0] for key in frozen if len(key) == 1) | frozenset(abbreviations) | frozenset(_EXPANSIONS),
        context_only=frozenset(in_context),
        compound_pieces={str(k).casefold(): normalize_header(v) for k, v in (data.get("compound_pieces") or {}).items()},
        pivot_sums=tuple(normalize_header(w) + " " for w in data.get("pivot_sums") or ()),
        pivot_others=tuple(normalize_header(w) + " " for w in data.get("pivot_others") or ()),
    )


def _meaning(word: str, tags: dict[tuple[str, ...], frozenset[str]], abbreviations: dict[str, tuple[str, ...]]) -> str:
    """What a full word of ``abbreviation_words`` stands for: its tags (two words with the same
    tags, "date" and "datum", are one meaning to an abbreviation), else the word itself."""
    key = abbreviations.get(word, (word,))
    found = tags.get(key)
    return ",".join(sorted(found)) if found else word


# --- 1. parts ---------------------------------------------------------------------------------


def split_header(header: str, lexicon: Lexicon) -> Parts:
    """The parts of a header, each as normalised words (see the module docstring)."""
    text = _TYPE_PREFIX.sub("", " ".join(str(header).split()))
    text = _TYPE_WORD.sub(lambda m: "Valor " if m.group(1) else "Date ", text)
    text = _COUNT_OF.sub("count ", text)
    for pattern, replacement in lexicon.spellings:
        text = pattern.sub(replacement, text)
    notes: list[str] = []
    negated = False

    def keep_note(match: re.Match[str]) -> str:
        nonlocal negated
        words = _words(match.group(1), lexicon)
        if any("negation" in lexicon.tags.get((w,), ()) for w in words):
            negated = True
        else:
            notes.extend(words)
        return " "

    body = _NOTE.sub(keep_note, text).strip() or text
    owners: list[str] = []
    stripped = negated or bool(notes)
    if _QUALIFIED.match(body):
        pieces = re.split(r"[./]", body)
        owners.extend(pieces[:-1])
        body = pieces[-1]
        stripped = True
    else:
        sections = _SECTION.split(body)
        if len(sections) > 1 and all(s.strip() for s in sections):
            owners.extend(sections[:-1])
            body = sections[-1]
            stripped = True
        inner = _IN.split(_CAMEL_ACRONYM.sub(" ", _CAMEL_LOWER_UPPER.sub(" ", body)), maxsplit=1)
        if len(inner) == 2 and inner[0].strip():
            body = inner[0]
            unit = _words(inner[1], lexicon)
            # "in transaction currency", "in company code currency": the unit, not a modifier
            if not any("currency" in tags for _, tags in tag_words(unit, lexicon)):
                notes.extend(unit)
            stripped = True
    prefix = _SQL_PREFIX.match(body)
    prefixed = False
    if prefix and not _a_word(prefix.group(1).casefold(), lexicon):
        body = body[prefix.end():]
        stripped = prefixed = True
    joined = bool(_JOINED.search(_CAMEL_ACRONYM.sub(" ", _CAMEL_LOWER_UPPER.sub(" ", body))))
    main = _words(body, lexicon)
    part = None
    numbers = [w for w in main if _DIGITS.match(w)]
    if numbers and len(main) > len(numbers):
        part = int(numbers[0])
        main = [w for w in main if not _DIGITS.match(w)]
    owner_words = [w for o in owners for w in _words(o, lexicon) if not _DIGITS.match(w)]
    bucket = bool(_AGE_BUCKET.search(str(header)))
    return Parts(tuple(main), tuple(owner_words), tuple(notes), part, stripped, prefixed, joined, bucket)


def _a_word(piece: str, lexicon: Lexicon) -> bool:
    """Whether a header's first piece is a word rather than a table's prefix: a known word, or the
    abbreviation of one that says something ("TOT_TTC": total)."""
    return piece in lexicon.known or piece in lexicon.tagged or (
        piece in lexicon.abbreviations and all(w in lexicon.tagged for w in lexicon.abbreviations[piece]))


def informative_note(parts: Parts, lexicon: Lexicon) -> bool:
    """Whether the parenthesised or "in …" notes say more than a currency ("(EUR)", "in
    transaction currency")."""
    return any(not tags or not tags <= {"filler", "currency"} for _, tags in tag_words(parts.note, lexicon))


def _words(text: str, lexicon: Lexicon) -> list[str]:
    pieces: list[str] = []
    # words written as words of a language ("Decline", "Enviada"), not as technical names
    titled = {normalize_header(w) for w in text.split() if _TITLED.fullmatch(w)}
    for word in normalize_header(text).split():
        # a word with a language's ending ("COORDINACION", "ABONNEMENT") is written as a word too,
        # in capitals: no technical name of dropped letters ("co" + "ordi" + "na" + "cion")
        worded = word in titled or (len(word) >= _WORDED_LENGTH and word.endswith(_WORD_ENDINGS))
        found = _split_compound(word, lexicon, titled=worded)
        if len(found) > 1 and word in titled and any(
                lexicon.tags.get((found[i],), frozenset({"?"})) <= {"filler"} for i in (0, -1)):
            # a word that opens or ends with a word saying nothing is a word of its own: "Decline" is
            # not "de" + "cliente", nor "Enviada" "en" + "via" + "da", nor "Grund" "gr" (gross) + "und"
            found = [word]
        if len(found) > 1:
            found = [w for p in found for w in (normalize_header(p).split() or [p])]
        pieces.extend(found)
    if len(pieces) == 1 and pieces[0] in lexicon.context_only:
        # "Val", "Sal" alone: a value? a currency (valuta)? a salutation? Too short to tell
        return pieces
    return [w for piece in pieces for w in lexicon.abbreviations.get(piece, (piece,))]


#: the endings of words of a language, and the length from which a word ending so is read as one
_WORD_ENDINGS = ("cion", "sion", "tion", "ment", "miento", "mento", "ness", "idad", "ung")
_WORDED_LENGTH = 9


def _split_compound(word: str, lexicon: Lexicon, *, titled: bool = False) -> list[str]:
    """``customername`` → [customer, name] when every piece is a known word; ``dateinvc`` →
    [date, invoice] when the pieces that are not known words are abbreviations of one word each
    (see ``abbreviation_words``); else [word]. A word written as a language writes it
    (``titled``: "Validacion") is read with one abbreviation at most: technical names drop letters,
    labels seldom do."""
    if len(word) < 4 or word in lexicon.known or not word.isalpha():
        return [word]
    found = _segment(word, lexicon.known) if len(word) >= MIN_COMPOUND else None
    if found is not None and lexicon.abbreviation_words:
        # a piece with no meaning of its own may abbreviate a word that has one ("OFFBETRAG"); a
        # long word of the vocabulary is written whole ("NOMBRECOMPLETO": "completo", not "complemento")
        found = tuple(
            p if p in lexicon.tagged or (len(p) >= MIN_WHOLE_WORD and p in lexicon.known)
            else _expansion(p, lexicon.abbreviation_words, lexicon.meanings) or p
            for p in found
        )
    if found is None and lexicon.abbreviation_words:
        found = _abbreviated(word, lexicon.known, lexicon.abbreviation_words, lexicon.meanings, lexicon.tagged,
                             1 if titled else MAX_ABBREVIATIONS)
    if found and len(found) > 1 and len(word) >= MIN_PLURAL and word.endswith("s") and word[:-1] in lexicon.known:
        # a known word's plural ("FACTURES"), not that word cut short and an abbreviation ("factu" + "res")
        return [word[:-1]]
    return [lexicon.compound_pieces.get(p, p) for p in found] if found else [word]

#: a known word's plural of this length or longer is that word
MIN_PLURAL = 6
#: a known word of this length or longer, cut out of a compound, is no abbreviation of another
MIN_WHOLE_WORD = 6
#: a piece of a technical name is read as an abbreviation from this length on
MIN_ABBREVIATION = 2
#: the most abbreviations read in one technical name
MAX_ABBREVIATIONS = 4
#: a whole name read as one abbreviated word must be at least this long ("PHON", "INVC")
MIN_SINGLE_ABBREVIATION = 4


#: single letters that short technical names put before or after a word ("DOCD", "DUED": the
#: document's and the due date; "NINV": the invoice number; "CCUR": the currency code), keyed by
#: (letter, at the start, at the end), in names of at most ``MAX_EDGE_WORD`` letters
_EDGE_LETTERS = {("d", False, True): "date", ("n", True, False): "numero", ("c", True, False): "code"}
MAX_EDGE_WORD = 4


@lru_cache(maxsize=16384)
def _abbreviated(
    word: str,
    known: frozenset[str],
    full_words: tuple[str, ...],
    meanings: tuple[str, ...] = (),
    tagged: frozenset[str] = frozenset(),
    most: int = MAX_ABBREVIATIONS,
) -> tuple[str, ...] | None:
    """The words of a technical name whose pieces are known words (short ones included) or
    unambiguous abbreviations (fewest pieces first, then fewest abbreviations), ``most`` of them; a
    name read as one piece must be an abbreviation at least ``MIN_SINGLE_ABBREVIATION`` long. A known piece that
    carries no meaning of its own (``tagged``) is read as the word it abbreviates when there is
    one ("imp" of "IMPPEN": importe; "off" of "OFFBETRAG": offen)."""
    n = len(word)
    # (pieces, abbreviations, abbreviations with letters dropped inside, words)
    best: list[tuple[int, int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 14), end):
            prev = best[start]
            if prev is None:
                continue
            piece = word[start:end]
            edge = _EDGE_LETTERS.get((piece, start == 0, end == n)) if n <= MAX_EDGE_WORD else None
            gapped = 0
            if edge is not None:
                words, abbreviated = (edge,), 1
            elif piece in known:
                full = None if piece in tagged else _expansion(piece, full_words, meanings)
                words, abbreviated = (full or piece,), 0
            else:
                full = _expansion(piece, full_words, meanings)
                if full is None:
                    continue
                words, abbreviated, gapped = (full,), 1, int(not full.startswith(piece))
            candidate = (prev[0] + 1, prev[1] + abbreviated, prev[2] + gapped, (*prev[3], *words))
            current = best[end]
            # on a tie, the edge letter wins ("DOCD": the document's date, not "do" + "cd"), then
            # the reading whose abbreviations are the starts of their words ("VENCORI": "venc" +
            # "ori", original, not "ven" + "cori")
            if current is None or candidate[:3] < current[:3] or (candidate[:2] == current[:2] and edge is not None):
                best[end] = candidate
    found = best[n]
    if found is None or found[0] > 4 or found[1] > most or (found[0] == 1 and (found[1] == 0 or n < MIN_SINGLE_ABBREVIATION)):
        return None
    return found[3]


def _expansion(piece: str, full_words: tuple[str, ...], meanings: tuple[str, ...] = ()) -> str | None:
    """The word of ``full_words`` that ``piece`` abbreviates (its first letter, then some of its
    other letters in order), or None when none does or several of different meanings do. Among
    several, the words ``piece`` opens with most letters come first ("cury": currency, not
    country); words of one meaning ("dat": date, datum) do not compete."""
    if len(piece) < MIN_ABBREVIATION:
        return None
    # a short piece must open the word ("am" amount, "or" original), a longer one its first letter
    head = 2 if len(piece) < 4 else 1
    matches = [
        i for i, w in enumerate(full_words)
        if len(piece) < len(w) and w[:head] == piece[:head] and _in_order(piece[head:], w[head:])
    ]
    if len(matches) > 1:
        opening = {i: _opening(piece, full_words[i]) for i in matches}
        longest = max(opening.values())
        matches = [i for i in matches if opening[i] == longest]
    if not matches:
        return None
    if len(matches) > 1 and len({meanings[i] if i < len(meanings) else full_words[i] for i in matches}) > 1:
        return None
    return full_words[matches[0]]


def _opening(piece: str, word: str) -> int:
    """How many letters ``piece`` and ``word`` share at their start."""
    n = 0
    for a, b in zip(piece, word, strict=False):
        if a != b:
            break
        n += 1
    return n


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


@lru_cache(maxsize=16384)
def _segment_cached(word: str, known: frozenset[str]) -> tuple[str, ...] | None:
    n = len(word)
    # best[i]: (pieces, -sum of squared lengths) of the best split of word[:i]
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 24), end):
            prev = best[start]
            piece = word[start:end]
            if prev is None or piece not in known:
                continue
            if len(piece) < 3 and piece not in _SHORT_PIECES:
                continue
            candidate = (prev[0] + 1, prev[1] - len(piece) ** 2, (*prev[2], piece))
            current = best[end]
            if current is None or candidate[:2] < current[:2]:
                best[end] = candidate
    found = best[n]
    if found is None or found[0] < 2 or found[0] > 4:
        return None
    return found[2]


def _segment(word: str, known: frozenset[str]) -> tuple[str, ...] | None:
    return _segment_cached(word, known)


def known_words(text: str, lexicon: Lexicon) -> bool:
    """Whether normalised ``text`` is one word with a meaning of its own or whole known words
    written together ("razonsocial"), with no abbreviation read into it."""
    return text in lexicon.tagged or _segment(text, lexicon.known) is not None


# --- 2. reading -------------------------------------------------------------------------------


def tag_words(words: Iterable[str], lexicon: Lexicon) -> list[tuple[tuple[str, ...], frozenset[str]]]:
    """Words grouped into the longest known phrases, each with its tags (unknown: no tag)."""
    seq = list(words)
    out: list[tuple[tuple[str, ...], frozenset[str]]] = []
    i = 0
    while i < len(seq):
        for size in range(min(lexicon.longest, len(seq) - i), 0, -1):
            key = tuple(seq[i : i + size])
            if key in lexicon.tags:
                out.append((key, lexicon.tags[key]))
                i += size
                break
        else:
            out.append(((seq[i],), frozenset()))
            i += 1
    return out


_HEAD_ORDER = (
    "email", "fax", "phone", "postal", "city", "country", "region", "first_name", "last_name",
    "date", "house_number", "unit", "street", "complement", "currency", "amount", "name", "company", "address",
    "number", "reference", "party",
)
#: the roles of a house number's column and of a flat's or an addition's beside it (``address_number``)
HOUSE_NUMBER_ROLE = "a house number"
UNIT_ROLE = "a flat or unit number"
#: the role of a part of a field, a count of something or a symbol ("phone_prefix", "currency_symbol")
PART_ROLE = "a part, a count or a symbol of it"
_FIELD = {
    "email": "debtor.email", "phone": "debtor.phone", "postal": "debtor.address.postal_code",
    "city": "debtor.address.city", "region": "debtor.address.region",
    "country": "debtor.address.country", "first_name": "debtor.first_name",
    "last_name": "debtor.last_name", "currency": "currency", "company": "debtor.company",
}
#: the words of a postal address ("mail_country" is the country of the postal address)
_POSTAL_HEADS = frozenset({"line", "street", "city", "country", "postal", "region"})
#: the heads that name a place, with their field ("country" of "country.name")
PLACE_FIELDS = {head: _FIELD[head] for head in ("country", "city", "region")}


#: the notes of a header that say it counts time ("Remaining (h)", "Tracked (hrs)", "Dauer (Std)")
_TIME_UNITS = frozenset({"h", "hr", "hrs", "hour", "hours", "heure", "heures", "std", "stunden", "horas", "hora", "ore",
                         "uur", "uren", "timmar", "tim", "min", "mins", "minutes", "day", "days", "dias", "jours",
                         "tage", "giorni", "dagen"})


def read_words(parts: Parts, lexicon: Lexicon) -> Reading | None:
    """The field a header's parts point to, or None when no head word is found."""
    main = tag_words(parts.main, lexicon)
    note = tag_words(parts.note, lexicon)
    owner = tag_words(parts.owner, lexicon)
    # "Not yet due", "Nicht fällig": what the column is not (a negation a phrase did not take);
    # "isCustomer", "hasAttachment": yes or no, not the thing it names
    if any("negation" in t for _, t in main):
        whole = ("negation", "a negation")
    elif len(main) > 1 and (
        "flag" in main[0][1] or "flag_last" in main[-1][1] or ("flag_pair" in main[0][1] and len(main) == 2)
    ):
        whole = ("flag", "a yes/no flag")
    else:
        whole = None
    if whole is not None:
        role, what = whole
        score = round(EXCLUDE_BASE + 0.1, 3)
        return Reading(IGNORE, score, f"ignored: {what} ('{' '.join(parts.main)}')", 0, role, exclusion=True)
    head_index, head = _head([t for _, t in main])
    if head in ("email", "phone", "fax") and len(main) > 1 and "date" in main[-1][1] and head_index != len(main) - 1:
        # "last_email_date": the date of an e-mail, the last word is the head
        head_index, head = len(main) - 1, "date"
    if head == "email" and main[head_index][0] == ("mail",) and any(
        t & _POSTAL_HEADS for i, (_, t) in enumerate(main) if i != head_index
    ):
        # "mail_line_1", "mail_country": the postal mail address, not the e-mail
        main = [(k, t - {"email"} | {"billing"}) if i == head_index else (k, t) for i, (k, t) in enumerate(main)]
        head_index, head = _head([t for _, t in main])
    if head in ("email", "phone", "fax") and len(main) > 1 and any(
            "reference" in t and "phone" not in t for i, (_, t) in enumerate(main) if i != head_index):
        # "Teléfono referencia 1", "Reference Phone": a borrower's personal reference's (a relative
        # vouching for a loan), not the debtor's
        score = round(EXCLUDE_BASE + 0.1, 3)
        return Reading(IGNORE, score, f"ignored: a personal reference's contact ('{' '.join(parts.main)}')", 0,
                       "a personal reference", exclusion=True)
    if head == "fax" and parts.joined and any("phone" in t for _, t in main):
        # "telephoneAndFaxNumber": a phone number that may also take faxes ("PHONE_FAX" is the fax)
        head_index, head = next((i, "phone") for i, (_, t) in enumerate(main) if "phone" in t)
    if head is None and owner:
        # "Addr 1 - Line 2": the section names the head, the rest the part
        main, owner = owner + main, []
        head_index, head = _head([t for _, t in main])
    if head is None:
        other = next((t & {"not_debtor", "not_whole"} for k, t in main if len(k) > 1 and t & {"not_debtor", "not_whole"}), None)
        if other:
            # "WebAddress", "last_ip_address", "city_area": a phrase naming something else than a
            # field of the debtor
            what = "not the debtor" if "not_debtor" in other else "a part of a field"
            score = round(EXCLUDE_BASE + 0.1, 3)
            return Reading(IGNORE, score, f"ignored: {what} ('{' '.join(parts.main)}')", 0, what, exclusion=True)
        if parts.part and any("line" in t for _, t in main) and all(t & {"line", "filler", "billing"} for _, t in main):
            # "line_two", "Line 2": a numbered line is a line of the address (a third one is kept
            # aside, like "address3")
            return _address_line(parts.part, main)
        return None
    understood = sum(len(k) for k, t in main if t) / max(1, sum(len(k) for k, _ in main))
    head_words = " ".join(main[head_index][0])
    head_tags = main[head_index][1]
    groups = [t for i, (_, t) in enumerate(main) if i != head_index] + [t for _, t in note]
    owner_groups = [t for _, t in owner]
    if head in ("number", "reference"):
        # "NumSerieFacturaEmisor": the issuer's own numbering of the invoice is the invoice's
        # number; a word of the issuer that is also a word of the invoice qualifies it
        groups = [t - {"not_debtor"} if "issue" in t else t for t in groups]
        owner_groups = [t - {"not_debtor"} if "issue" in t else t for t in owner_groups]
    if any("not_amount_paid" in t for t in groups):
        # "Installment Paid Amount", "inst_paid_amt": what was paid of an instalment, nothing open or due
        groups = [t - {"open", "due"} if "installment" in t else t for t in groups]
    context = frozenset().union(*groups, *owner_groups)
    bare = not owner_groups and all(t and t <= {"filler", "own_currency"} for t in groups)

    def result(field: str, *, rank: float = 1, role: str = "", weak: bool = False) -> Reading:
        base = WEAK_BASE if weak else BASE
        what = f"'{head_words}'" + (f", {role}" if role else "")
        score = round(base + SPAN * understood, 3)
        return Reading(field, score, f"composed: {what}", rank, role, weak, head=head_words, bare=bare)

    def exclude(role: str) -> Reading:
        score = round(EXCLUDE_BASE + 0.1 * understood, 3)
        return Reading(IGNORE, score, f"ignored: {role} ('{' '.join(parts.main)}')", 0, role, exclusion=True)

    if "delivery" in context | head_tags:
        return exclude("delivery or shipping")
    if head in ("amount", "implied_amount") and set(parts.note) & _TIME_UNITS:
        # "Remaining (h)", "Billable (hrs)": hours (or days) left or spent, no money
        return exclude("a time, not money")
    if parts.bucket and head in ("amount", "implied_amount"):
        # "Bal_31_60", "Amount over 90": the part of a balance in one age bucket
        return exclude("an age bucket")
    if "negation" in context and head in ("amount", "implied_amount"):
        return exclude("not owed yet")
    if "not_debtor" in context and head not in ("amount", "implied_amount", "date", "currency"):
        return exclude("not the debtor")
    if head in ("house_number", "unit"):
        if parts.joined and context & {"street", "address"}:
            # "streetAndHouseNumber": the street with its number, in one column
            return result("debtor.address.line1")
        words = {w for k, _ in main for w in k}
        if head == "unit" or context & {"unit", "complement", "address_extension"} or "ext" in words:
            # "Nr lokalu", "Huisnummer toevoeging", "houseNumberExt": written after the house number
            return exclude(UNIT_ROLE)
        # "Numer_domu", "Hausnummer", "Empfänger Hausnummer": the number alone, never a document's
        return exclude(HOUSE_NUMBER_ROLE)
    # "AddressExtension" is the second line of the address, not a phone's extension
    extension = head in ("street", "address") and "address_extension" in context
    if "not_whole" in context and head not in ("amount", "implied_amount", "date") and not extension:
        return exclude(PART_ROLE)
    if (
        head == "region" and "status" in head_tags
        and context & {"invoice", "issue", "open", "not_amount_paid", "not_amount_credit", "not_date", "status", "due"}
        and not context & {"address", "street", "billing", "postal"}
    ):
        return exclude("a status")
    if head in ("first_name", "last_name") and (parts.part or 1) >= 2 and not context:
        # "surname_2": a second surname beside the first
        return exclude("a second name")
    if head in ("first_name", "last_name") and context & {"name", "first_name", "last_name"}:
        # "Nom et prénom", "First and last name": the whole name
        return result("debtor.name", rank=2, role="full name")
    if head in ("city", "region", "country", "postal") and "rate" in context:
        # "country_exchange_rate": a rate, not a place
        return exclude("a rate")
    # "province_code": a region's code is a fine region ("CA", "BY")
    region_code = head == "region" and all(k[-1] in _CODE_WORDS for k, t in main if "id" in t)
    if head in ("city", "region") and any("id" in t for t in groups) and not region_code:
        # "cityCode", "region_id": a record of a list of cities or regions
        return exclude("an identifier")
    if head in _FIELD and head not in ("currency", "company"):
        return result(_FIELD[head])
    if head == "fax":
        return exclude("fax")
    if head == "due_date":
        # "VCTORI" (vencimiento original), "Fälligkeit Rechnung": a word that is the due date by itself
        return _date(context | {"due"}, result, exclude)
    if head == "date":
        if "time_of_day" in head_tags and not any("date" in t for t in groups):
            return exclude("a time of day")
        if (parts.part or 1) >= 2 and bare:
            # "date2", "Datum 2": a second date beside the date itself
            return exclude("a second date")
        # "Dated": a date word that says which date it is
        return _date(context | (head_tags - {"date"}), result, exclude)
    if head in ("currency", "amount"):
        # "Currency Amount" is an amount; "Currency" after an amount word is the currency the amount
        # is given in
        last = next((h for _, t in reversed(main) for h in ("amount", "currency") if h in t), head)
        amount_word = any("amount" in t for _, t in main)
        if main and set(main[0][0]) & _CURRENCY_KEYS:
            # "WKZ Basis-Umsatz" (DATEV): the currency key of the amount it names
            last = "currency"
        if last == "currency" and not amount_word and context & {"remaining", "open"} and "id" not in context:
            # "rest_curr", "Restbetrag Währung", "OverdueCur": what remains, in the document's currency
            return _amount(context | (head_tags - {"currency"}), result, exclude, implied=True)
        coded = any(w in _CODE_WORDS or "id" in t for k, t in main for w in k)
        if last == "currency" and amount_word and not coded:
            # "amountCurrency", "Wartość waluta", "E_DEBITDEV": an amount in the document's
            # currency, unless a code word says the column holds the code ("Amount Currency Code")
            return _amount(context | (head_tags - {"amount"}), result, exclude, implied=False)
        if last == "currency" and (not amount_word or coded):
            if "rate" in context:
                return exclude("an exchange rate")
            if "not_amount_tax" in context:
                return exclude("the currency of the tax")
            if "own_currency" in context and not context & {"invoice", "issue", "party"}:
                return exclude("the currency of the company's own books")
            if any("number" in t or ("not_amount_other" in t and "id" not in t) for t in groups):
                # "CurrencyNo", "curr_doc_type": an index or a kind, not the code
                return exclude("a number or a kind of currency")
            return result("currency")
        return _amount(context | (head_tags - {"amount"}), result, exclude, implied=False)
    if head == "implied_amount":
        return _amount(context | head_tags, result, exclude, implied=True)
    if head in ("street", "address", "complement"):
        own = frozenset().union(*groups)
        if own & {"number", "id"} and not (head == "street" and "id" not in own):
            # "Address Number", "address_id": the record
            return exclude("an identifier")
        if head == "street" and "number" in own and not parts.joined:
            # "street_number", "StrasseNr": the house number alone ("Street and Number": both)
            return exclude(HOUSE_NUMBER_ROLE)
        if (parts.part or 1) >= 3:
            # "address3", "Street 4": a third line is kept aside, as most exports' own layouts do
            return exclude("a third address line or more")
        if head == "complement" and own & {"amount", "discount", "not_amount_other"} and not own & {"street", "address"}:
            # "Additional Discount Amount", "Adicional importe": an addition to the money, no line of the address
            return exclude("an additional amount, discount or charge")
        if head == "complement" and own & {"name", "company", "first_name", "last_name"} and not own & {"street", "address"}:
            # "Additional Name", "ADICIONAL_NOMBRE": another holder's name, not a line of the address
            return exclude("another party's name, or an addition to the name")
        if head == "complement" or own & {"complement", "address_extension"} or (parts.part or 1) >= 2:
            return result("debtor.address.line2", rank=10 - min(parts.part or 2, 9))
        return result("debtor.address.line1")
    if head in ("number", "reference"):
        invoice = bool(context & {"invoice", "issue"})
        identifying = any(
            ("identifier" in t and not t & {"number", "reference", "invoice", "issue", "id"})
            or t & ({"address", "company", "phone", "not_debtor"} | (set() if invoice else {"party", "id"}))
            for t in [*groups, *owner_groups]
        )
        if identifying:
            return exclude("an identifier")
        if "not_amount_paid" in context:
            # "PaymentReference", "isr_reference_number": what the payment quotes
            return exclude("a payment reference")
        if "other_reference" in context or (head == "reference" and (parts.part or 1) >= 2):
            # "SecondReference", "Reference 2", "ext_inv_ref": another reference than the invoice's
            return exclude("another reference")
        if context & {"invoice", "issue"}:
            if "id" in head_tags:
                # "Customer Invoice ID", "BillId": the invoice's key, behind its number when both are there
                return result("reference", rank=1, role="invoice identifier")
            return result("reference", rank=2, role="invoice number")
        return result("reference", rank=2 if head == "number" else 1, role="reference", weak=True)
    if head == "name":
        if (parts.part or 1) >= 2 and context <= {"filler", "party"}:
            # "Name2", "Nom 2", "KDNAM2": a second line of the name, beside the name itself
            return exclude("a second name line")
        if "company" in context:
            return result("debtor.company")
        if "other_reference" in context:
            # "interne Bezeichnung", "Alternative Name": another name than the customer's
            return exclude("another name")
        if "first" in context:
            return result("debtor.first_name")
        if "last" in context:
            return result("debtor.last_name")
        parties = context & {"party", "billing", "invoice", "address", "name"}
        if parties:
            if parties == {"party"} and _only_account(main):
                # "Account Name": a customer's in a CRM, a ledger account's in a books export; it
                # does not take the name from a plain "Customer" column
                return result("debtor.name", rank=1, role="account name")
            named = [" ".join(w) for w, t in main if "party" in t]
            if parties == {"party"} and named and set(named) <= _CONTACT_WORDS:
                # "Nom du contact", "Kontaktname": the person to write to at the customer, as "Contact
                # Name" is; the customer's own name ("Nom") wins over it
                return result("debtor.name", rank=0, role="contact person")
            # "contactPersonName": a person's name word beside the name word
            return result("debtor.name", rank=2, role="customer name")
        if "identifier" in frozenset().union(*groups):
            return exclude("an identifier")
        if any("identifier" in t for t in owner_groups):
            # "Konto.Name", "Account.Name": the name of the account the record belongs to
            return result("debtor.name", rank=2, role="customer name")
        return result("debtor.name", role="name", weak=True)
    if head == "company":
        if context & {"rate", "currency"}:
            # "thCompanyRate", "Company Currency": the creditor's books, not the debtor's company
            return exclude("the company's own currency")
        if context & {"address", "street"}:
            return result("debtor.address.line1")
        if context & {"identifier", "number"}:
            return exclude("an identifier")
        return result("debtor.company")
    if head == "party":
        if parts.part and any("line" in t for _, t in main) and all(t & {"line", "filler", "party", "billing"} for _, t in main):
            # "Rechnungsempfänger Zeile 2", "Customer Line 1": a line of the customer's address
            return _address_line(parts.part, main)
        if context & {"identifier", "number", "reference"}:
            return exclude("an identifier")
        if context & {"billing", "name"} or any("party" in t for t in groups):
            # "Billing Contact", "Customer Contact": the person named at the customer
            return result("debtor.name", rank=2, role="customer name")
        return result("debtor.name", role="customer", weak=True)
    return None


def _only_account(main: list[tuple[tuple[str, ...], frozenset[str]]]) -> bool:
    """Whether the only party word of a header is "account", which names a ledger's account too."""
    return [k for k, t in main if "party" in t] == [("account",)]


def _address_line(number: int, main: list[tuple[tuple[str, ...], frozenset[str]]]) -> Reading:
    """A numbered line of the address ("Line 2", "Rechnungsempfänger Zeile 1"); a third one is kept
    aside, like "address3"."""
    words = " ".join(w for k, _ in main for w in k)
    if number >= 3:
        what = "a third address line or more"
        return Reading(IGNORE, round(EXCLUDE_BASE + 0.1, 3), f"ignored: {what} ('{words}')", 0, what, exclusion=True)
    line = "debtor.address.line1" if number == 1 else "debtor.address.line2"
    return Reading(line, round(BASE + SPAN, 3), f"composed: address line {number}", 10 - min(number, 9))


def _head(tags: list[frozenset[str]]) -> tuple[int, str | None]:
    for head in _HEAD_ORDER:
        if head == "party":
            # "Customer Invoice ID": the identifier of the invoice
            ident = _invoice_id(tags)
            if ident is not None:
                return ident, "number"
        for i, t in enumerate(tags):
            if head in t:
                return i, head
    ident = _invoice_id(tags)
    if ident is not None:
        return ident, "number"
    for i, t in enumerate(tags):
        if "due_date" in t and all(u and u <= _DUE_COMPANY for j, u in enumerate(tags) if j != i):
            # "VCTORI" (vencimiento original): the due date named by one word
            return i, "due_date"
    for i, t in enumerate(tags):
        if "remaining" in t or "principal" in t or ("open" in t and not t & {"due", "date"}):
            rest = [u for j, u in enumerate(tags) if j != i]
            if all(u and u <= _IMPLIED_COMPANY for u in rest):
                return i, "implied_amount"
    return -1, None


def _invoice_id(tags: list[frozenset[str]]) -> int | None:
    """The position of an identifier word next to an invoice word ("Invoice ID", "BillId",
    "IDINVC"), or None: an identifier next to another word names that record ("BillRunId",
    "BillToContactId")."""
    return next(
        (
            i for i, t in enumerate(tags)
            if "id" in t and any("invoice_itself" in tags[j] for j in (i - 1, i + 1) if 0 <= j < len(tags))
        ),
        None,
    )


#: the party words that name the person to write to at the customer ("contact")
_CONTACT_WORDS = frozenset({"contact", "kontakt", "contacto", "contatto"})

#: identifier words that name a code rather than a record's key
_CODE_WORDS = frozenset({"code", "cod", "codigo", "codice", "cd", "wkz", "waehrungskennzeichen"})
#: a currency's key written before the amount it is the currency of ("WKZ Umsatz")
_CURRENCY_KEYS = frozenset({"wkz", "waehrungskennzeichen"})

#: words that make "<amount> <currency>" an amount in that currency ("SettleAmountCur", "Open
#: Amount Currency"), not the currency of an amount
_AMOUNT_MODIFIERS = frozenset(
    {
        "remaining", "open", "gross", "total", "not_amount_net", "not_amount_pretax", "not_amount_tax", "not_amount_paid",
        "not_amount_credit", "not_amount_other", "discount",
    }
)

#: the words that exclude an amount no more once written after "after" (what is left once they are
#: taken off)
_TAKEN_OFF = frozenset({"deduction", "not_amount_credit", "not_amount_paid"})

#: the words a word naming the due date may stand beside and still be the due date
_DUE_COMPANY = frozenset({"filler", "total", "other_reference", "invoice", "issue", "party", "open", "due", "due_date"})

#: the words an open or remaining word may stand beside and still mean an amount
_IMPLIED_COMPANY = frozenset(
    {
        "filler", "not_amount_paid", "not_amount_credit", "not_amount_other", "not_amount_tax", "remaining",
        "open", "due", "negation", "total", "currency", "principal",
    }
)


def _date(context: frozenset[str], result: Callable[..., Reading], exclude: Callable[[str], Reading]) -> Reading:
    if "discount" in context:
        return exclude("a discount date")
    if "guarantee" in context:
        return exclude("a guarantee's date")
    if "created" in context and not context & {"invoice", "due"}:
        return exclude("when the record was created")
    if "expiring" in context and not context & {"invoice", "to_pay"}:
        return exclude("the day a card, an exemption or a certificate runs out")
    if context & {"due", "to_pay"}:
        return result("due_date", role="due date")
    if "not_date" in context:
        return exclude("another date (payment, posting, delivery…)")
    if context & {"issue", "invoice"}:
        return result("issue_date", rank=1, role="issue date")
    return result("issue_date", rank=0, role="date", weak=True)


def _amount(
    context: frozenset[str], result: Callable[..., Reading], exclude: Callable[[str], Reading], *, implied: bool
) -> Reading:
    if "after" in context:
        # "Balance after TDS": what is left once a deduction is taken off (a discount or a tax written
        # so is no such thing: "totalAfterDiscount" is before tax, "Amount After Tax" the gross)
        context = context - _TAKEN_OFF
    selects = context & {"remaining", "open", "due"}
    if "not_amount_other" in context or "discount" in context:
        return exclude("not an amount owed (line, unit, limit, discount, fee, days…)")
    if "deduction" in context:
        return exclude("what the customer withholds or deducts")
    if "not_amount_credit" in context:
        return exclude("a credit or an adjustment")
    # what is due, open or remaining "net" is owed net of credits and payments ("Net Amount Due", "Saldo
    # neto"); a due date's word is no such word ("BERECHNET" read as "betrag échéance net")
    owed_net = bool(selects) and "due_date" not in context
    if "not_amount_pretax" in context or ("not_amount_net" in context and "gross" not in context and not owed_net):
        return exclude("amount before tax")
    if "not_amount_tax" in context and "gross" not in context:
        return exclude("tax")
    if "not_amount_paid" in context and not selects:
        return exclude("amount already paid")
    if "principal" in context:
        # "Principal", "Capital": what is owed before interest and fees; "Saldo capital", "Capital
        # restant dû", the principal still owed, is below the whole balance ("Saldo total",
        # "Créance"): a loan called in owes no principal any more, its claim is the whole of it
        return result("amount", rank=2, role="principal balance" if selects else "principal")
    if selects and "books" in context:
        # "Solde comptable": the books' balance, below the claim ("Créance") beside it
        return result("amount", rank=2, role="book balance")
    if "remaining" in context:
        return result("amount", rank=4, role=REMAINING_ROLE)
    if selects:
        return result("amount", rank=3, role="open balance")
    if implied:
        return result("amount", rank=3, role="open balance", weak=True)
    if "unit_price" in context and "total" not in context:
        # "Inc-Tax Price", "Price incl. VAT": the price of one unit, below any total
        return result("amount", rank=1, role="price", weak="gross" not in context)
    if "unit_price" in context and not context & {"gross", "invoice", "currency"}:
        # "TOTALPRICE", "Total Price": the goods' whole price, below the invoice's total ("TOTALFAC")
        # that adds its tax and takes off its discount
        return result("amount", rank=1, role="total price")
    if context & {"gross", "invoice", "total", "currency"}:
        # "CURRAMOUNT": the amount in the document's currency
        return result("amount", rank=2, role="total tax included")
    return result("amount", rank=1, role="amount", weak=True)
