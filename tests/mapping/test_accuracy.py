"""Header accuracy: every header of real exports, mapped alone with ``header_field``.

``tests/cases/headers.csv`` lists headers seen in Sage, Cegid, EBP, Odoo, Dolibarr, Pennylane,
Xero, QuickBooks, Zoho, SAP, DATEV, Lexoffice, sevDesk, Holded, A3, Fatture in Cloud, Stripe…
with the field a person would choose (or "ignore"). ``tests/cases/mapping/header_variants.csv``
holds decorated, reordered and misspelt variants that are *not* vocabulary terms, to check that
matching generalises beyond the vocabulary's own words.

A header counts as right when its expected field comes back at the "mapped" level (score ≥ 0.80),
or, for "ignore", when no field comes back at that level.
"""

import csv
from pathlib import Path

from getbill_import.config import DEFAULT_MAPPED_THRESHOLD, bundled_mappings_dir
from getbill_import.fields import MAPPING_TARGETS
from getbill_import.mapping import header_field, normalize_header
from getbill_import.mapping.vocabulary import load_vocabulary

CASES = Path(__file__).resolve().parent.parent / "cases"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _accuracy(rows: list[dict[str, str]]) -> tuple[float, list[str]]:
    misses = []
    for row in rows:
        field, score, reason = header_field(row["header"])
        expected = row["expected"]
        if expected == "ignore":
            right = field is None or score < DEFAULT_MAPPED_THRESHOLD
        else:
            right = field == expected and score >= DEFAULT_MAPPED_THRESHOLD
        if not right:
            misses.append(f"{row['header']!r} ({row.get('source', '')}): expected {expected}, got {field} {score} — {reason}")
    return 1 - len(misses) / len(rows), misses


def test_the_table_holds_at_least_170_distinct_real_headers_with_known_targets():
    rows = _rows(CASES / "headers.csv")
    assert len(rows) >= 170
    assert len({r["header"] for r in rows}) == len(rows)
    assert {r["expected"] for r in rows} <= {*MAPPING_TARGETS, "ignore"}
    sources = {r["source"].split(" (")[0] for r in rows}
    assert {"Sage 100", "Cegid", "EBP", "Odoo", "Dolibarr", "Pennylane", "Xero", "QuickBooks", "SAP FBL5N", "Stripe"} <= sources
    languages = {r["source"].rsplit("(", 1)[-1].rstrip(")") for r in rows}
    assert {"fr", "en", "de", "es", "it"} <= languages


def test_at_least_97_percent_of_real_export_headers_map_to_the_right_field():
    rows = _rows(CASES / "headers.csv")
    accuracy, misses = _accuracy(rows)
    print(f"\nheader accuracy: {accuracy:.1%} of {len(rows)} headers")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= 0.97, misses


def test_variants_outside_the_vocabulary_still_map_at_least_95_percent_right():
    rows = _rows(CASES / "mapping" / "header_variants.csv")
    vocabulary = load_vocabulary(bundled_mappings_dir())
    assert not [r["header"] for r in rows if r["header"].casefold() in vocabulary.originals]
    by_normalisation = sum(normalize_header(r["header"]) in vocabulary.terms for r in rows)
    print(f"\n{by_normalisation} of {len(rows)} variants reach a term by normalisation alone")
    accuracy, misses = _accuracy(rows)
    print(f"\nvariant accuracy: {accuracy:.1%} of {len(rows)} headers")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= 0.95, misses
