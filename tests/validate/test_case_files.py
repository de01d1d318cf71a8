"""A real messy export, read as text, mapped by hand and validated: exactly the expected problems."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from getbill_import.fields import LINE, METADATA
from getbill_import.validate import VALID, validate_frame

CASES = Path(__file__).resolve().parents[1] / "cases" / "validate"
HEADERS = {
    "N° facture": "reference", "Client": "debtor.name", "E-mail": "debtor.email", "Téléphone": "debtor.phone",
    "Pays": "debtor.address.country", "Montant TTC": "amount", "Devise": "currency", "Date facture": "issue_date",
    "Échéance": "due_date", "Scénario": "scenario",
}


def read_mapped(path: Path) -> pl.DataFrame:
    raw = pl.read_csv(path, separator=";", infer_schema=False)
    unmapped = [c for c in raw.columns if c not in HEADERS]
    return raw.select(
        pl.int_range(2, raw.height + 2, dtype=pl.Int64).alias(LINE),  # line 1 is the header
        *(pl.col(header).alias(field) for header, field in HEADERS.items()),
        pl.struct(unmapped).struct.json_encode().alias(METADATA),
    )


def test_french_reminder_export():
    mapped = read_mapped(CASES / "relances_fr.csv")
    result = validate_frame(mapped, columns={f: h for h, f in HEADERS.items()}, sheet=None)
    with (CASES / "relances_fr.problems.csv").open(encoding="utf-8") as fh:
        expected = {(int(r["line"]), r["column"] or None, r["code"], r["suggestion"] or None) for r in csv.DictReader(fh)}
    found = {(p["line"], p["column"], p["code"], p["suggestion"]) for p in result.problems.to_dicts()}
    assert found - expected == set(), "reported on good values"
    assert expected - found == set(), "problems not reported"
    first = result.cases.row(0, named=True)
    assert (first["amount"], first["currency"], first["debtor.phone"], first["issue_date"], first["due_date"]) == (
        Decimal("2340.00"), "EUR", "+33142567890", date(2026, 9, 3), date(2026, 10, 3)
    )
    assert first[METADATA] == '{"Commercial":"A. Morel"}'
    belgian = result.cases.row(6, named=True)
    assert (belgian["debtor.phone"], belgian["debtor.address.country"], belgian["currency"]) == ("+32470123456", "BE", "USD")
    # the rows whose only faults are an e-mail or a phone that is not valid are imported without them
    assert result.cases[VALID].to_list() == [
        True, True, True, True, True, False, False, False, False, False, False, False, True, False
    ]
