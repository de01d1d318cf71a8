"""A hand-built spreadsheet mixing amount styles row by row (2 340,00 €, 2340.00, 2,340.00,
2.340,00, €2,340.00) is validated with no false rejection: every amount reads as its cents, and
the same rows written in one style or in mixed styles give the same verdicts."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from getbill_import.config import Settings
from getbill_import.fields import LINE
from getbill_import.pipeline import prepare_file
from getbill_import.validate import VALID

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCHMARKS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def _prepare(generate, tmp_path: Path, name: str, **kwargs):
    frame = generate.generate(3_000, **kwargs)
    path = tmp_path / name
    generate.write(frame, path)
    return frame, prepare_file(path, Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")}))


def test_every_mixed_style_amount_reads_as_its_cents(generate, tmp_path):
    frame, prepared = _prepare(generate, tmp_path, "mixed_clean.csv", bad=0.0, mixed_amounts=True)
    styles = frame["Montant TTC"]
    assert styles.str.contains("€").any() and styles.str.contains(r"^\d+\.\d\d$").any()
    assert styles.str.contains(r"^\d{1,3}(\.\d{3})+,\d\d$").any() and styles.str.contains(r"^\d{1,3}(,\d{3})+\.\d\d$").any()
    assert prepared.problems.filter(pl.col("field") == "amount").height == 0
    assert prepared.validation.invalid == 0
    expected = [
        Decimal(v.replace("€", "").replace("\u00a0", "").replace(" ", "").replace(",", "").replace(".", "")) / 100
        for v in styles.to_list()
    ]
    assert prepared.cases["amount"].to_list() == expected
    assert any("mix decimal separators" in n for n in prepared.validation.notices)


def test_mixed_styles_reject_exactly_the_rows_one_style_rejects(generate, tmp_path):
    _, plain = _prepare(generate, tmp_path, "plain.csv")
    _, mixed = _prepare(generate, tmp_path, "mixed.csv", mixed_amounts=True)
    assert plain.validation.invalid > 0
    rejected = [p.cases.filter(~pl.col(VALID))[LINE].to_list() for p in (plain, mixed)]
    assert rejected[0] == rejected[1]


def test_each_reference_copied_onto_the_next_row_is_a_duplicate(generate, tmp_path):
    """The generated file copies some references onto the next row, another debtor's invoice of
    another year ("F-2023-0000011" beside an invoice of 2025): both rows of each such pair are
    rejected as a reference written twice, none accepted as a numbering started again each year."""
    frame, prepared = _prepare(generate, tmp_path, "messy.csv")
    pairs = frame.with_row_index("i").filter(
        (pl.col("N° facture") == pl.col("N° facture").shift(1)) & (pl.col("N° facture") != "")
        & (pl.col("Client").str.strip_chars() != pl.col("Client").shift(1).str.strip_chars())
        & (pl.col("Date facture").str.slice(6) != pl.col("Date facture").shift(1).str.slice(6))
        # (a credit line of a debtor owing nothing leaves the file, its number with it)
        & ~pl.col("Montant TTC").str.starts_with("-") & ~pl.col("Montant TTC").shift(1).str.starts_with("-")
    )
    assert pairs.height >= 10
    lines = {int(i) + k for i in pairs["i"] for k in (1, 2)}
    duplicates = set(prepared.problems.filter(pl.col("code") == "duplicate-reference")["line"].to_list())
    assert lines <= duplicates
    assert not lines & set(prepared.cases.filter(pl.col(VALID))[LINE].to_list())
