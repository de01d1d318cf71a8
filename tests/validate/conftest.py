"""Building mapped frames the way the mapping stage hands them to validation, and reading results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import pytest

from getbill_import.fields import CASE_FIELDS, LINE, METADATA
from getbill_import.validate import ValidationOptions, ValidationResult, validate_frame

#: how the user's spreadsheet names each column in these tests
COLUMN_NAMES = {
    "debtor.name": "Client", "debtor.company": "Société", "debtor.email": "E-mail", "debtor.phone": "Téléphone",
    "debtor.address.line1": "Adresse", "debtor.address.line2": "Complément", "debtor.address.postal_code": "CP",
    "debtor.address.city": "Ville", "debtor.address.region": "Région", "debtor.address.country": "Pays",
    "amount": "Montant TTC", "currency": "Devise", "reference": "N° facture", "due_date": "Échéance",
    "issue_date": "Date facture", "scenario": "Scénario",
}

#: a row with every required field valid and a contact channel
BASE = {"debtor.name": "Jean Dupont", "amount": "100.00", "debtor.email": "jean.dupont@orange.fr"}

def mapped_frame(rows: list[Mapping[str, str | None]], first_line: int = 2) -> pl.DataFrame:
    """LINE, one String column per field any row mentions, METADATA. Rows without a reference get
    a unique one, so that only what a test sets can be a duplicate."""
    filled = [{"reference": f"F-{first_line + i}", **row} for i, row in enumerate(rows)]
    fields = [f for f in CASE_FIELDS if any(f in r for r in filled)]
    data: dict[str, Any] = {LINE: list(range(first_line, first_line + len(rows)))}
    for f in fields:
        data[f] = [r.get(f) for r in filled]
    data[METADATA] = ['{"Commercial": "A. Morel"}'] * len(rows)
    schema = {LINE: pl.Int64, **{f: pl.String for f in fields}, METADATA: pl.String}
    return pl.DataFrame(data, schema=schema)


class Checker:
    """``check(rows, base=True, options=None, sheet=None)`` validates rows (each merged over BASE);
    the other methods read the result."""

    def __call__(
        self,
        rows: list[Mapping[str, str | None]],
        *,
        base: bool = True,
        options: ValidationOptions | None = None,
        sheet: str | None = None,
        first_line: int = 2,
    ) -> ValidationResult:
        merged = [{**BASE, **row} if base else dict(row) for row in rows]
        frame = mapped_frame(merged, first_line)
        columns = {f: COLUMN_NAMES[f] for f in frame.columns if f in COLUMN_NAMES}
        return validate_frame(frame, columns=columns, options=options or ValidationOptions(), sheet=sheet)

    @staticmethod
    def problems(result: ValidationResult, code: str | None = None) -> list[dict[str, Any]]:
        frame = result.problems if code is None else result.problems.filter(pl.col("code") == code)
        return frame.to_dicts()

    @staticmethod
    def codes(result: ValidationResult) -> list[tuple[int, str]]:
        return [(p["line"], p["code"]) for p in result.problems.to_dicts()]

    @staticmethod
    def column(result: ValidationResult, name: str) -> list[Any]:
        return result.cases[name].to_list()

    @staticmethod
    def one(result: ValidationResult) -> dict[str, Any]:
        """The only problem of the result."""
        found = result.problems.to_dicts()
        assert len(found) == 1, found
        return found[0]


@pytest.fixture
def check() -> Checker:
    return Checker()
