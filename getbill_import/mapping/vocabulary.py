"""The header vocabulary: ``mappings/synonyms/*.toml`` loaded into one lookup table.

Each file holds ``[[group]]`` tables (see ``mappings/synonyms/README.md``); every term is
normalised with :func:`normalize_header`, so lookups compare normalised strings only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from getbill_import.errors import MappingError
from getbill_import.fields import BY_NAME
from getbill_import.mapping._cache import built
from getbill_import.mapping.normalize import normalize_header, resolved_dir

IGNORE = "ignore"
#: what a column whose header matches no term of the vocabulary says
NO_SYNONYM = "no synonym close to this header"
SYNONYMS_DIR = "synonyms"
#: the characters of the scripts written without spaces between words: Korean (its syllables as the
#: normalisation decomposes them, and whole), Japanese kana, Chinese
UNSPACED = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Term:
    """One vocabulary entry, keyed by its normalised text."""

    text: str  # normalised
    original: str  # as written in the vocabulary file
    field: str  # canonical field or IGNORE
    language: str
    role: str = ""
    rank: float = 1
    weak: bool = False
    dominant: bool = False
    as_part: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, Term]
    #: terms grouped by their first word, for containment search
    by_first_word: dict[str, tuple[Term, ...]]
    languages: tuple[str, ...]
    #: every normalised term, for fuzzy search
    keys: tuple[str, ...] = ()
    #: each of ``keys`` with its words in order (a word-order-blind comparison compares these)
    sorted_keys: tuple[str, ...] = ()
    #: every term as written in the files, case-folded
    originals: frozenset[str] = frozenset()
    #: the terms of two characters or more written in a script without spaces between its words
    #: (Korean, Japanese, Chinese), looked for inside a header of that script
    unspaced: tuple[Term, ...] = ()

    def __len__(self) -> int:
        return len(self.terms)


def load_vocabulary(mappings_dir: Path | str) -> Vocabulary:
    """The vocabulary of ``mappings_dir/synonyms`` (cached per directory). Raises MappingError
    for a malformed file or a term given two different fields."""
    return _load(resolved_dir(mappings_dir))


@lru_cache(maxsize=8)
def _load(directory: str) -> Vocabulary:
    folder = Path(directory) / SYNONYMS_DIR
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise MappingError(f"No header vocabulary found in {folder} (expected *.toml files).")
    return built("vocabulary", files, lambda: _build(files))


def _build(files: list[Path]) -> Vocabulary:
    terms: dict[str, Term] = {}
    languages: list[str] = []
    originals: set[str] = set()
    for path in files:
        language, entries = _read_file(path)
        languages.append(language)
        for term in entries:
            _add(terms, term, path)
            originals.add(term.original.casefold())
    by_first: dict[str, list[Term]] = {}
    for term in terms.values():
        by_first.setdefault(term.words[0], []).append(term)
    return Vocabulary(
        terms=terms,
        by_first_word={k: tuple(v) for k, v in by_first.items()},
        languages=tuple(languages),
        keys=tuple(terms),
        sorted_keys=tuple(" ".join(sorted(key.split())) for key in terms),
        originals=frozenset(originals),
        unspaced=tuple(t for t in terms.values() if UNSPACED.search(t.text) and len(t.text) >= 2),
    )


def _read_file(path: Path) -> tuple[str, list[Term]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Cannot read the header vocabulary {path}: {exc}") from None
    language = str(data.get("language") or path.stem)
    groups = data.get("group", [])
    if not isinstance(groups, list):
        raise MappingError(f"{path}: 'group' must be an array of tables ([[group]]).")
    entries: list[Term] = []
    for number, group in enumerate(groups, start=1):
        field = group.get("field")
        if field != IGNORE and field not in BY_NAME:
            raise MappingError(f"{path}: group {number} names an unknown field {field!r}.")
        as_part = group.get("as_part")
        if as_part is not None and as_part not in ("debtor.first_name", "debtor.last_name"):
            raise MappingError(f"{path}: group {number}: as_part must be a name part, not {as_part!r}.")
        words = group.get("terms")
        if not isinstance(words, list) or not words:
            raise MappingError(f"{path}: group {number} has no terms.")
        for original in words:
            text = normalize_header(original)
            if not text:
                continue
            entries.append(
                Term(
                    text=text,
                    original=str(original),
                    field=field,
                    language=language,
                    role=str(group.get("role", "")),
                    rank=float(group.get("rank", 1)),
                    weak=bool(group.get("weak", False)),
                    dominant=bool(group.get("dominant", False)),
                    as_part=as_part,
                )
            )
    return language, entries


def _add(terms: dict[str, Term], term: Term, path: Path) -> None:
    known = terms.get(term.text)
    if known is None:
        terms[term.text] = term
        return
    if known.field != term.field or known.rank != term.rank:
        raise MappingError(
            f"{path}: the header {term.original!r} ({term.language}) maps to {term.field} (rank "
            f"{term.rank}), but {known.original!r} ({known.language}) reads the same ({term.text!r}) "
            f"and maps to {known.field} (rank {known.rank})."
        )
    languages = ", ".join(sorted({*known.language.split(", "), term.language}))
    terms[term.text] = replace(known, language=languages)
