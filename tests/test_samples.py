"""Every deliberately bad value of the shipped samples is reported on its line, and nothing else."""

import csv
from pathlib import Path

import pytest

from getbill_import.config import Settings
from getbill_import.pipeline import prepare_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".csv", ".xlsx"))


def expected_problems(sample: Path) -> set[tuple[int, str, str]]:
    manifest = SAMPLES / "expected" / f"{sample.name.rsplit('.', 1)[0]}.problems.csv"
    with manifest.open(encoding="utf-8") as fh:
        return {(int(r["line"]), r["column"], r["code"]) for r in csv.DictReader(fh)}


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)})


def test_there_are_at_least_four_samples_with_manifests_naming_real_codes_and_columns():
    from getbill_import.validate import CODES

    assert len(SAMPLE_FILES) >= 4
    known = {*CODES, "ragged-row", "undecodable-text", "control-characters"}
    listed = 0
    for sample in SAMPLE_FILES:
        manifest = SAMPLES / "expected" / f"{sample.name.rsplit('.', 1)[0]}.problems.csv"
        assert manifest.is_file(), f"{sample.name} has no manifest"
        for line, column, code in expected_problems(sample):
            assert code in known, (sample.name, code)
            assert line >= 2, (sample.name, line)  # a data row, below a header
            assert column or code in ("no-contact-channel", "ragged-row"), (sample.name, line, code)
            listed += 1
    # the samples exist to show problems: most of the codes a user can meet are in them
    assert listed >= 20


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_problems_are_exactly_the_deliberate_ones(sample, settings):
    prepared = prepare_file(sample, settings)
    found = {
        (row["line"], row["column"] or "", row["code"])
        for row in prepared.problems.iter_rows(named=True)
    }
    expected = expected_problems(sample)
    assert found - expected == set(), "reported on good values"
    assert expected - found == set(), "deliberate problems not reported"


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_maps_the_required_fields(sample, settings):
    prepared = prepare_file(sample, settings)
    fields = prepared.mapping.field_columns()
    assert "reference" in fields and "amount" in fields
    assert "debtor.name" in fields or "debtor.last_name" in fields


def test_sage_sample_detection(settings):
    prepared = prepare_file(SAMPLES / "relances_sage_fr.csv", settings)
    source = prepared.read.source
    assert (source.encoding, source.delimiter, source.header_line) == ("cp1252", ";", 5)
    assert [e.line for e in source.excluded_lines if e.reason == "totals"] == [18]
    fields = prepared.mapping.field_columns()
    assert fields["amount"] == "Solde dû"
    assert fields["due_date"] == "Date échéance"
    assert fields["issue_date"] == "Date pièce"
    assert fields["reference"] == "N° pièce"
    cases = prepared.cases
    assert cases.height == 12 and prepared.validation.invalid == 0
    first = cases.row(0, named=True)
    assert first["debtor.name"] == "Boulangerie Lefèvre"
    assert str(first["amount"]) == "2340.00"
    assert first["debtor.phone"] == "+33142567890"
    assert str(first["due_date"]) == "2026-10-03"


def test_xlsx_sample_picks_the_invoice_sheet_and_skips_title_and_totals(settings):
    prepared = prepare_file(SAMPLES / "impayes_acme_2_feuilles.xlsx", settings)
    source = prepared.read.source
    assert source.sheet == "Impayés" and source.sheets == ["Synthèse", "Impayés"]
    assert source.header_line == 4
    assert prepared.cases.height == 7
    assert prepared.mapping.field_columns()["amount"] == "Reste à payer"
    assert prepared.cases["debtor.phone"].to_list()[2] == "+33678901234"


def test_xero_sample_reads_quoted_newlines_and_uk_money(settings):
    prepared = prepare_file(SAMPLES / "xero_invoices_en.csv", settings)
    fields = prepared.mapping.field_columns()
    assert fields["reference"] == "*InvoiceNumber"
    assert fields["amount"] == "InvoiceAmountDue"
    cases = prepared.cases
    assert cases.height == 8 and prepared.validation.invalid == 0
    row = cases.filter(cases["reference"] == "INV-00886").row(0, named=True)
    assert str(row["amount"]) == "8000.00" and row["currency"] == "GBP"
    assert str(row["due_date"]) == "2026-10-15"
