"""Misspelt provider domains (``gmial.com``, ``hotmial.fr``, ``orange.fe``, ``yahoo.ocm``,
``gmail.con``, ``wanadoo`` misspellings) found by fuzzy matching against ``mappings/email_domains.toml``.

A domain is split into a name (``hotmail``) and a suffix (``co.uk``). It is a typo of a provider when
it is not itself listed and either has the provider's name with a suffix one edit away, or the
provider's suffix with a name one edit away (two for names of eight letters or more; names under
five letters are never fuzzed, and under seven letters the first letter must match). Edits count
transpositions as one (optimal string alignment), so real company domains stay clear.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from getbill_import.config import bundled_mappings_dir

DOMAINS_FILE = "email_domains.toml"


@lru_cache(maxsize=4)
def load_providers(path: Path | None = None) -> tuple[str, ...]:
    """The provider domains, in priority order."""
    path = path or bundled_mappings_dir() / DOMAINS_FILE
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    seen: dict[str, None] = {}
    for group in data.get("providers", {}).values():
        for domain in group:
            seen.setdefault(str(domain).strip().lower(), None)
    return tuple(seen)


@lru_cache(maxsize=4)
def load_national(path: Path | None = None) -> frozenset[str]:
    """The provider names that have a domain under most countries' suffixes (``[national]``)."""
    path = path or bundled_mappings_dir() / DOMAINS_FILE
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return frozenset(str(n).strip().lower() for n in data.get("national", {}).get("names", []))


def _national(name: str, suffix: str) -> bool:
    """A national provider's name before a country's suffix ("live.cl", "hotmail.com.ar")."""
    from getbill_import.validate._country_data import COUNTRIES

    country = suffix.rsplit(".", 1)[-1]
    return (
        name in load_national() and country.upper() in COUNTRIES and suffix not in _LIKE_COM
        and (suffix == country or suffix.split(".")[0] in ("com", "co", "net"))
    )


#: countries' suffixes that are more often ".com" mistyped (Colombia, Cameroon, Oman, Niger)
_LIKE_COM = frozenset({"co", "cm", "om", "ne"})


def _split(domain: str) -> tuple[str, str]:
    name, _, suffix = domain.partition(".")
    return name, suffix


def _name_budget(name: str) -> int:
    if len(name) >= 8:
        return 2
    return 1 if len(name) >= 5 else 0


def find_typos(domains: Iterable[str], providers: tuple[str, ...] | None = None) -> dict[str, str]:
    """Lower-case domain -> the provider domain it misspells, for the domains that misspell one."""
    providers = providers or load_providers()
    known = set(providers)
    by_name: dict[str, list[str]] = {}
    by_suffix: dict[str, list[str]] = {}
    for p in providers:
        name, suffix = _split(p)
        by_name.setdefault(name, []).append(suffix)
        by_suffix.setdefault(suffix, []).append(name)
    found: dict[str, str] = {}
    candidates: dict[str, list[tuple[str, str]]] = {}
    for domain in domains:
        if not domain or domain in known or "." not in domain:
            continue
        name, suffix = _split(domain)
        if _national(name, suffix):
            continue
        if name in by_name:
            close = [s for s in by_name[name] if OSA.distance(suffix, s) <= 1]
            if close:
                found[domain] = f"{name}.{close[0]}"
                continue
        if suffix in by_suffix:
            candidates.setdefault(suffix, []).append((domain, name))
    for suffix, items in candidates.items():
        names = by_suffix[suffix]
        matrix = cdist([n for _, n in items], names, scorer=OSA.distance, score_cutoff=2, workers=1)
        for (domain, name), row in zip(items, matrix, strict=True):
            best = min(range(len(names)), key=lambda j: (row[j], j))
            target = names[best]
            budget = _name_budget(target)
            if row[best] == 0 or row[best] > budget:
                continue
            if len(target) < 7 and name[:1] != target[:1]:
                continue
            found[domain] = f"{target}.{suffix}"
    return found


def complete_domain(domain: str, providers: tuple[str, ...] | None = None) -> str | None:
    """A provider domain for a domain written without its dot (``gmailcom``) or suffix (``gmail``)."""
    providers = providers or load_providers()
    squeezed = {p.replace(".", ""): p for p in reversed(providers)}
    if domain in squeezed:
        return squeezed[domain]
    matches = [p for p in providers if _split(p)[0] == domain]
    return matches[0] if len(matches) == 1 else None
