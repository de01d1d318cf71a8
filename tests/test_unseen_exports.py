"""Real exports of systems the mapper was not written for (``tests/cases/unseen_exports``): what a
careful reader of each file expects of it, checked end to end (read, map, validate)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from getbill_import.config import Settings
from getbill_import.errors import MappingError
from getbill_import.pipeline import PrepareOptions, prepare_file

FILES = Path(__file__).resolve().parent / "cases" / "unseen_exports"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def _amount(text: str) -> Decimal:
    return Decimal(text.strip().removeprefix("Rp").replace(".", "").replace(",", ".") or "0")


def test_a_french_sales_journal_gives_each_invoice_its_customers_debit(settings):
    prepared = prepare_file(FILES / "panierlocal_ventes.csv", settings)
    with (FILES / "panierlocal_ventes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    # the reader's answer: each debit on a customer account (411…) is an invoice of that amount
    debits = [(r["Pi?ce"], _amount(r["Montant"])) for r in rows if r["Compte"].startswith("411") and r["Sens"] == "D"]
    assert prepared.cases.select("reference", "amount").rows() == debits
    assert prepared.validation.invalid == 0
    # the cancellations are credits on customer accounts, said in a notice
    assert any("4 credit(s) on customer accounts" in n for n in prepared.read.source.notices)


def test_item_sales_judge_the_amount_paid_on_each_invoices_total(settings):
    path = FILES / "myob_accountright_itemsale_idr_head.txt"
    prepared = prepare_file(path, settings)
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["Invoice #"]]
    # the reader's answer: an invoice's lines summed, less what its (repeated) "Amount Paid" says
    totals: dict[str, Decimal] = {}
    paid: dict[str, Decimal] = {}
    for r in rows:
        totals[r["Invoice #"]] = totals.get(r["Invoice #"], Decimal(0)) + _amount(r["Inc-Tax Total"])
        paid[r["Invoice #"]] = _amount(r["Amount Paid"])
    owed = {ref: total - paid[ref] for ref, total in totals.items() if total - paid[ref] > 0}
    assert dict(prepared.cases.select("reference", "amount").rows()) == owed
    assert set(prepared.cases["currency"]) == {"IDR"}
    assert 0 < len(owed) < len(totals)  # some paid in full, left out


def test_invoices_take_their_currency_from_the_customer_file(settings):
    prepared = prepare_file(FILES / "unleashed_invoices_api.csv", settings,
                            PrepareOptions(debtors=FILES / "unleashed_customers_api.csv"))
    with (FILES / "unleashed_customers_api.csv").open(encoding="utf-8") as f:
        currency = {r["CustomerCode"]: r["Currency.CurrencyCode"] for r in csv.DictReader(f)}
    with (FILES / "unleashed_invoices_api.csv").open(encoding="utf-8") as f:
        expected = [(r["InvoiceNumber"], currency[r["Customer.CustomerCode"]]) for r in csv.DictReader(f)]
    assert prepared.cases.select("reference", "currency").rows() == expected
    assert len({c for _, c in expected}) > 1 and prepared.validation.invalid == 0


@pytest.mark.parametrize(("name", "missing", "said"), [
    # an accounting batch names its contacts by number alone: no ledger account is taken for the debtor
    ("civicrm_financial_transactions.csv", ["debtor.name"], ""),
    # a payments export: its "Invoice ID" is blank on every row, its names are in a description
    ("stripe_unified_payments.csv", ["debtor.name"], "reference: 'Invoice ID' is blank on every row"),
    # a ledger exported without its header row
    ("istea_grand_livre_head.txt", ["reference"], "The file seems to have no header row"),
])
def test_files_that_cannot_be_imported_are_refused_saying_why(settings, name, missing, said):
    with pytest.raises(MappingError) as raised:
        prepare_file(FILES / name, settings)
    assert raised.value.facts["missing"] == missing
    document = raised.value.facts["document"]
    assert said in str(raised.value) + " ".join(document["notices"])
