"""The body of a batch request: the public JSON shape of each valid case, exact amounts, the
metadata as an object, empty fields left out, and the same bytes for the same rows."""

from __future__ import annotations

import json
from decimal import Decimal

import polars as pl

from getbill_import.fields import CASE_FIELDS, LINE, METADATA
from getbill_import.load.remote.debts import encode_debts
from getbill_import.validate import VALID


def _cases(rows: list[dict]) -> pl.DataFrame:  # type: ignore[type-arg]
    full = [{**{f: None for f in CASE_FIELDS}, METADATA: None, VALID: True, LINE: i + 2, **row} for i, row in enumerate(rows)]
    frame = pl.DataFrame(full, schema_overrides={"amount": pl.Decimal(18, 2)}, infer_schema_length=None)
    return frame.with_columns(pl.col("due_date", "issue_date").cast(pl.String).str.to_date())


def test_each_debt_in_the_public_shape_with_exact_amounts_and_nothing_empty():
    tricky = 'Zoë "La Patronne" O\'Brien \\ Müller\n\x01 😀 </script>'
    cases = _cases([
        {"reference": "F-1", "debtor.name": tricky, "amount": Decimal("2340.10"), "currency": "EUR",
         "debtor.address.city": "Lyon", "debtor.address.country": "FR", "due_date": "2026-01-15",
         METADATA: '{"Agence": "Lyon-Été", "Lot": 7}'},
        {"reference": "F-2", "debtor.name": "B", "amount": Decimal("0.01"), METADATA: "{}"},
        {"reference": "F-3", "debtor.name": "C", "amount": Decimal("12.00"), VALID: False},
        {"reference": "F-1", "debtor.name": "D", "amount": Decimal("5.00")},
    ])
    debts = encode_debts(cases)
    assert debts.duplicates == 1 and debts.lines.to_list() == [2, 3]
    (chunk,) = debts.chunks(10)
    body = debts.body(chunk, "update")
    assert body == debts.body(chunk, "update")
    doc = json.loads(body, parse_float=str)
    assert doc == {"on_existing": "update", "debts": [
        {"amount": "2340.10", "debtor": {"name": tricky, "address": {"city": "Lyon", "country": "FR"}},
         "currency": "EUR", "reference": "F-1", "due_date": "2026-01-15", "metadata": {"Agence": "Lyon-Été", "Lot": 7}},
        {"amount": "0.01", "debtor": {"name": "B"}, "reference": "F-2"},
    ]}
    # amounts are JSON numbers (their exact text), never strings
    assert b'"amount":2340.10,' in body


def test_chunks_cover_every_debt_once_in_order():
    debts = encode_debts(_cases([{"reference": f"R-{i}", "debtor.name": "N", "amount": Decimal(i + 1)} for i in range(25)]))
    chunks = debts.chunks(10)
    assert [c.items for c in chunks] == [10, 10, 5]
    seen = [d["reference"] for c in chunks for d in json.loads(debts.body(c, "skip"))["debts"]]
    assert seen == [f"R-{i}" for i in range(25)]
