"""Mapping profiles: saved column → field tables for known export formats, and the mappings a
user taught once (learned, recognised by the fingerprint of the file's headers).

A profile is a TOML file::

    name = "sage-100-relances"
    description = "Sage 100 — relevé / relances clients (balance âgée)"
    match_headers = ["N° pièce", "Date échéance", "Solde"]   # all present → applied automatically
    [columns]
    "N° pièce" = "reference"
    "Code tiers" = "ignore"

Of two columns of a file a profile maps to the same field, the one the profile lists first is
taken ("Amount Due" listed before "Total": the open amount when the export has it, else the total).

A journal's profile may read it as a ledger (``[ledger]``, see ``Ledger``): each invoice's
postings on a customer account are netted, and an invoice paid in full is no case.

Learned profiles add ``fingerprint`` (sha256 of the normalised headers, in order) and
``learned`` (the date they were saved). Headers are compared after normalisation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from getbill_import.errors import MappingError
from getbill_import.fields import MAPPING_TARGETS
from getbill_import.mapping import MappingResult
from getbill_import.mapping.normalize import normalize_header
from getbill_import.mapping.vocabulary import IGNORE

_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


#: what a ``[rows]`` rule written as a word asks of a column's cell (or ``{ starts_with = [...] }``,
#: ``{ one_of = [...] }``)
ROW_RULES = {"filled": "filled", "blank": "empty", "nonzero": "not zero"}
#: the rules written as a table, with a list of values
VALUE_RULES = ("starts_with", "one_of")


@dataclass(frozen=True)
class RowRule:
    """A condition every row kept must meet: its cell in ``column`` (a normalised header) is
    filled, blank, holds a digit other than 0 ("nonzero"), starts with one of ``values``, or is
    one of ``values`` (whatever the case: "D" takes "d")."""

    column: str
    kind: str
    values: tuple[str, ...] = ()

    def condition(self, cell: pl.Expr) -> pl.Expr:
        """Whether the cell (text, trimmed, empty for none) meets the rule."""
        if self.kind == "filled":
            return cell != ""
        if self.kind == "blank":
            return cell == ""
        if self.kind == "nonzero":
            return cell.str.contains("[1-9]")
        if self.kind == "one_of":
            return cell.str.to_lowercase().is_in([v.strip().lower() for v in self.values])
        return pl.any_horizontal([cell.str.starts_with(v) for v in self.values])

    def describe(self, written: str) -> str:
        if self.kind == "starts_with":
            return f"{written} starting with {' or '.join(self.values)}"
        if self.kind == "one_of":
            return f"{written} {' or '.join(self.values)}"
        return f"{written} {ROW_RULES[self.kind]}"


@dataclass(frozen=True)
class Ledger:
    """A journal read as a ledger (a DATEV booking batch): each row posts the mapped amount on
    ``account`` against ``counter_account``, on the debit side of ``account`` when its ``side``
    cell is one of ``debit`` (whatever the case), the counter account then on the other side.
    Customer accounts start with one of ``customer_prefixes`` and, with ``longest``, have the
    most digits of the file's accounts (DATEV's personal accounts are one digit longer than its
    general ledger accounts). Columns are normalised headers."""

    side: str
    debit: tuple[str, ...]
    account: str
    counter_account: str
    customer_prefixes: tuple[str, ...]
    longest: bool = False

    def describe(self, account: str, counter: str, digits: int | None) -> str:
        """``Konto or Gegenkonto is a customer account (5 digits, starting with 1, 2 or 3)``."""
        prefixes = self.customer_prefixes
        starting = ", ".join(prefixes[:-1]) + f" or {prefixes[-1]}" if len(prefixes) > 1 else prefixes[0]
        length = f"{digits} digits, " if digits else ""
        return f"{account} or {counter} is a customer account ({length}starting with {starting})"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    #: normalised header → canonical field or "ignore"
    columns: dict[str, str]
    #: normalised headers that must all be present for automatic use
    match_headers: tuple[str, ...] = ()
    path: Path | None = None
    fingerprint: str = ""
    learned: str | None = None
    #: header as written in the profile → field or "ignore" (tried before the normalised form)
    exact_columns: dict[str, str] = field(default_factory=dict)
    #: the rules every row of the export that is a case meets (a journal's open customer debits)
    rows: tuple[RowRule, ...] = ()
    #: a journal whose postings on each invoice are netted (``[ledger]``)
    ledger: Ledger | None = None
    #: a column the profile maps (normalised header) → the columns that take its field when it is
    #: blank on every row kept (``[fallbacks]``: a FEC without auxiliary accounts)
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the columns the profile does not name are metadata, never mapped by their headers
    closed: bool = False
    #: the file format whose header line the profile reads (``"datev-extf"``: dates written TTMM
    #: take their year from the batch's period)
    file_format: str | None = None
    #: the line of the columns' names of the files it reads (0: none, columns named by their places)
    header_line: int | None = None

    @property
    def reason(self) -> str:
        if self.learned:
            return f"learned mapping of {self.learned}" + (f" ('{self.name}')" if self.name else "")
        return f"profile {self.name}"

    def field_for(self, header: str) -> str | None:
        """The profile's field for a user's header (None: the profile does not name it). The
        header as written is tried first, so "Montant" and "Montant (2)" can map differently."""
        exact = self.exact_columns.get(header)
        return exact if exact is not None else self.columns.get(normalize_header(header))

    def preference(self, header: str) -> int:
        """Where the profile lists a header (0 first): of two columns a profile maps to one field,
        the one it lists first wins ("Amount Due" before "Total")."""
        for position, written in enumerate(self.exact_columns):
            if written == header or normalize_header(written) == normalize_header(header):
                return position
        return len(self.exact_columns)

    def matches(self, headers: Iterable[str]) -> bool:
        present = {normalize_header(h) for h in headers}
        return bool(self.match_headers) and all(h in present for h in self.match_headers)


def header_named(name: str, headers: Sequence[str]) -> str | None:
    """The header a user names (``--set``), found as written, else whatever its case and its spaces (a
    line break a cell wraps its header on, "Saldo\ntotal", is a space); None when there is none."""
    if name in headers:
        return name
    wanted = " ".join(name.casefold().split())
    return next((h for h in headers if " ".join(h.casefold().split()) == wanted), None)


def composed_of(column: str, headers: Sequence[str]) -> list[str]:
    """The headers a column name joins with "+" ("Payer Name+Charge Date": a reference composed of
    them, ``--set``), each found as ``header_named`` finds it; [] when it joins none, or names a
    column the headers lack."""
    if "+" not in column:
        return []
    others = [h for h in headers if h != column]
    parts = [header_named(p.strip(), others) for p in column.split("+")]
    return [p for p in parts if p is not None] if len(parts) > 1 and all(parts) else []


def headers_fingerprint(headers: Sequence[str]) -> str:
    """sha256 (hex) of the normalised headers, in order, one per line; a reference composed of
    other headers ("Payer Name+Charge Date") is none of them."""
    text = "\n".join(normalize_header(h) for h in headers if not composed_of(h, headers))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_profiles(directories: Iterable[Path | str]) -> dict[str, Profile]:
    """Every profile of ``directories``, by name; a later directory wins on a name clash.
    Missing directories are skipped; a malformed profile raises MappingError."""
    profiles: dict[str, Profile] = {}
    for directory in directories:
        folder = Path(directory)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            profile = read_profile(path)
            profiles[profile.name] = profile
    return profiles


def read_profile(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"Cannot read the mapping profile {path}: {exc}") from None
    name = str(data.get("name") or path.stem)
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise MappingError(f"Mapping profile {path} has no [columns] table.")
    columns: dict[str, str] = {}
    exact: dict[str, str] = {}
    for header, target in raw_columns.items():
        if target != IGNORE and target not in MAPPING_TARGETS:
            known = ", ".join(MAPPING_TARGETS)
            raise MappingError(
                f"Mapping profile {path}: column {header!r} maps to {target!r}, which is neither "
                f"'ignore' nor a field ({known})."
            )
        columns.setdefault(normalize_header(header), str(target))
        exact[str(header)] = str(target)
    match_headers = data.get("match_headers", [])
    if not isinstance(match_headers, list):
        raise MappingError(f"Mapping profile {path}: match_headers must be a list of headers.")
    rows = tuple(_row_rule(path, str(header), rule) for header, rule in (data.get("rows") or {}).items())
    return Profile(
        name=name,
        description=str(data.get("description", "")),
        columns=columns,
        match_headers=tuple(normalize_header(h) for h in match_headers if normalize_header(h)),
        path=path,
        fingerprint=str(data.get("fingerprint", "")),
        learned=str(data["learned"]) if data.get("learned") else None,
        exact_columns=exact,
        rows=rows,
        ledger=_ledger(path, data.get("ledger")),
        fallbacks=_fallbacks(path, data.get("fallbacks")),
        file_format=_file_format(path, data.get("format")),
        closed=_flag(path, data, "closed"),
        header_line=_header_line(path, data.get("header_line")),
    )


def _header_line(path: Path, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MappingError(
            f"Mapping profile {path}: header_line must be a line number (0: the files have no header row), not {value!r}."
        )
    return value


def _flag(path: Path, data: dict[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise MappingError(f"Mapping profile {path}: {key} must be true or false, not {value!r}.")
    return value


#: the file formats a profile may name (``format = "…"``)
FILE_FORMATS = ("datev-extf",)


def _file_format(path: Path, value: object) -> str | None:
    if value is None:
        return None
    if value not in FILE_FORMATS:
        raise MappingError(f"Mapping profile {path}: format must be one of {', '.join(FILE_FORMATS)}, not {value!r}.")
    return str(value)


def _ledger(path: Path, table: object) -> Ledger | None:
    """``[ledger]``: side, debit, account, counter_account, customer_accounts, longest_accounts."""
    if table is None:
        return None
    wanted = "side, debit, account, counter_account (headers), customer_accounts (account prefixes) and longest_accounts"
    if not isinstance(table, dict):
        raise MappingError(f"Mapping profile {path}: [ledger] must be a table with {wanted}.")
    texts = {k: table.get(k) for k in ("side", "account", "counter_account")}
    lists = {k: table.get(k) for k in ("debit", "customer_accounts")}
    unknown = set(table) - {*texts, *lists, "longest_accounts"}
    if (
        unknown or not all(isinstance(v, str) and v for v in texts.values())
        or not all(isinstance(v, list) and v and all(isinstance(x, str | int) for x in v) for v in lists.values())
        or not isinstance(table.get("longest_accounts", False), bool)
    ):
        raise MappingError(f"Mapping profile {path}: [ledger] must give {wanted}, not {table!r}.")
    return Ledger(
        side=normalize_header(str(texts["side"])),
        debit=tuple(str(v).strip().lower() for v in lists["debit"] or ()),
        account=normalize_header(str(texts["account"])),
        counter_account=normalize_header(str(texts["counter_account"])),
        customer_prefixes=tuple(str(v) for v in lists["customer_accounts"] or ()),
        longest=bool(table.get("longest_accounts", False)),
    )


def _fallbacks(path: Path, table: object) -> dict[str, tuple[str, ...]]:
    """``[fallbacks]``: ``"CompAuxLib" = ["CompteLib", "EcritureLib"]``."""
    if table is None:
        return {}
    if not isinstance(table, dict) or not all(
        isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in table.values()
    ):
        raise MappingError(
            f"Mapping profile {path}: [fallbacks] must give each column a list of the columns that take its "
            f"place when it is blank, not {table!r}."
        )
    return {normalize_header(k): tuple(normalize_header(x) for x in v) for k, v in table.items()}


def _row_rule(path: Path, header: str, rule: object) -> RowRule:
    """``"filled"``, ``"blank"``, ``"nonzero"``, ``{ starts_with = ["41"] }`` or ``{ one_of = ["D"] }``."""
    if isinstance(rule, dict) and len(rule) == 1:
        kind, values = next(iter(rule.items()))
        if kind in VALUE_RULES and isinstance(values, list) and values:
            return RowRule(normalize_header(header), kind, tuple(str(v) for v in values))
    if isinstance(rule, str) and rule in ROW_RULES:
        return RowRule(normalize_header(header), rule)
    raise MappingError(
        f"Mapping profile {path}: the row rule of {header!r} is {rule!r}; use \"filled\", \"blank\", "
        "\"nonzero\", { starts_with = [\"…\"] } or { one_of = [\"…\"] }."
    )


def profile_header_line(name: str, directories: Iterable[Path | str]) -> int | None:
    """The header line the profile ``name`` reads its files at (None: the reader finds it)."""
    return find_by_name(name, load_profiles(directories)).header_line


def find_by_name(name: str, profiles: dict[str, Profile]) -> Profile:
    profile = profiles.get(name)
    if profile is None:
        known = ", ".join(sorted(profiles)) or "none"
        raise MappingError(f"Unknown mapping profile {name!r}. Known profiles: {known}.", code="unknown-profile")
    return profile


def find_automatic(headers: Sequence[str], profiles: dict[str, Profile]) -> Profile | None:
    """The profile whose ``match_headers`` are all present (the most specific one wins)."""
    fitting = [p for p in profiles.values() if p.matches(headers)]
    if not fitting:
        return None
    return max(fitting, key=lambda p: (len(p.match_headers), p.name))


#: a profile fits a file partly when all but one of its anchor headers are there (it has at least
#: this many) and it names at least this share of the file's columns
MIN_PARTIAL_ANCHORS = 3
MIN_PARTIAL_SHARE = 0.5


def find_partial(
    headers: Sequence[str], profiles: dict[str, Profile], distinctive: Callable[[str], bool]
) -> tuple[Profile, tuple[str, ...]] | None:
    """A bundled profile for an export of its system that lacks one of its anchor headers (a
    custom selection of the same table), with the anchors missing: all but one anchor present,
    each of them ``distinctive`` (a technical name such as "ESCINO", not "Due Date" that any
    export may hold), and the profile naming at least half of the file's columns."""
    present = {normalize_header(h) for h in headers}
    fits: list[tuple[int, Profile, tuple[str, ...]]] = []
    for profile in profiles.values():
        anchors = profile.match_headers
        if profile.learned or len(anchors) < MIN_PARTIAL_ANCHORS:
            continue
        missing = tuple(a for a in anchors if a not in present)
        if len(missing) != 1:
            continue
        found = [h for h in headers if normalize_header(h) in set(anchors)]
        if not all(distinctive(h) for h in found):
            continue
        named = sum(1 for h in headers if profile.field_for(h) is not None)
        if named >= MIN_PARTIAL_SHARE * len(headers):
            fits.append((named, profile, missing))
    if not fits:
        return None
    _, profile, missing = max(fits, key=lambda f: (f[0], f[1].name))
    # the anchor as the profile writes it ("ESCUNO", not its normalised "escuno")
    written = tuple(next((h for h in profile.exact_columns if normalize_header(h) == a), a) for a in missing)
    return profile, written


def find_learned(fingerprint: str, learned: dict[str, Profile]) -> Profile | None:
    """The most recently saved learned profile with this fingerprint."""
    fitting = [p for p in learned.values() if p.fingerprint == fingerprint]
    if not fitting:
        return None
    return max(fitting, key=lambda p: (p.learned or "", p.name))


def save_profile(
    name: str,
    mapping: MappingResult,
    headers: Sequence[str],
    directory: Path | str,
    *,
    today: date | None = None,
    header_line: int | None = None,
) -> Path:
    """Write ``mapping`` as a learned profile ``directory/<name>.toml``: every mapped or
    to-confirm column with its field (confirmed by saving), every other column as "ignore",
    remembered by the fingerprint of ``headers``, with the ``header_line`` the user gave the
    reader (the profile then reads its files there). Overwrites a profile of the same name."""
    clean = _NAME_CHARS.sub("-", name.strip()).strip("-.")
    if not clean:
        raise MappingError(f"{name!r} cannot name a profile: use letters, digits, '-', '_' or '.'.")
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    saved_on = (today or date.today()).isoformat()
    lines = [
        f"name = {_toml_string(clean)}",
        f"description = {_toml_string(f'Learned mapping saved on {saved_on}')}",
        f"learned = {_toml_string(saved_on)}",
        f"fingerprint = {_toml_string(headers_fingerprint(headers))}",
        "match_headers = []",
        *([f"header_line = {header_line}"] if header_line is not None else []),
        "",
        "[columns]",
    ]
    written = set(headers)
    for column in mapping.columns:
        if column.column not in written:
            # a column of another source (a report's group labels, a debtors file's fields): not the file's
            continue
        target = column.field if column.field and column.status != "unmapped" else IGNORE
        lines.append(f"{_toml_string(column.column)} = {_toml_string(target)}")
    path = folder / f"{clean}.toml"
    _write_atomically(path, "\n".join(lines) + "\n")
    return path


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON string escapes are valid TOML escapes."""
    return json.dumps(text, ensure_ascii=False)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
