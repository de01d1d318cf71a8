"""Reconciliation of real-looking payments files: a French bank statement (cp1252, ';', title
rows, debit and credit columns, references written every which way in the label) and a Stripe
payments export; matched by reference, by amount and debtor, split over invoices, or reported as
ambiguous or unmatched; a file imported again pays nothing twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from getbill_import.collection.reconcile import ReconcileOptions, candidate_keys, reconcile
from getbill_import.errors import GetbillError
from getbill_import.store import Store
from getbill_import.store.events import count_events
from tests.collection.conftest import START, case_rows, debt

NOW = START + dt.timedelta(days=10)

STATEMENT = """Relevé de compte n° 00012345678;;;;;
Période du 01/03/2026 au 10/03/2026;;;;;
Date opération;Date valeur;Libellé;Débit;Crédit;Solde
03/03/2026;03/03/2026;VIR SEPA DUPONT JEAN REF F-2024-0847;;2 340,00;12 340,00
03/03/2026;03/03/2026;PRLV SEPA EDF CLIENTS;89,00;;12 251,00
04/03/2026;04/03/2026;VIR MARTIN SARL FACT F 2024 0851;;500,00;12 751,00
04/03/2026;05/03/2026;VIR SEPA GARAGE CENTRAL REGLEMENT FA/2024/0860 ET FA/2024/0861;;500,50;13 251,50
05/03/2026;05/03/2026;VIR MME LEFEVRE CAMILLE;;120,50;13 372,00
05/03/2026;05/03/2026;VIR ROSSI F-2024-0870 F-2024-0871 ACOMPTE;;50,00;13 422,00
06/03/2026;06/03/2026;REMISE CHEQUE 4412 DURAND;;410,00;13 832,00
06/03/2026;06/03/2026;REGLT FACTURE F2024-0880 PETIT;;75,00;13 907,00
07/03/2026;07/03/2026;VIR HUGO FAURE;;90,00;13 997,00
07/03/2026;07/03/2026;VIR INCONNU SANS REFERENCE;;77,77;14 074,77
"""

STRIPE = """id,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer Email,Description,invoice_number (metadata)
ch_3Ox001,2026-03-04 10:12:00,2340.00,0.00,eur,Paid,jean.dupont@email.com,Invoice F-2024-0847,F-2024-0847
ch_3Ox002,2026-03-04 11:00:00,100.00,0.00,eur,Failed,lea.martin@example.fr,Invoice F-2024-0851,F-2024-0851
ch_3Ox003,2026-03-05 09:30:00,500.00,500.00,eur,Refunded,lea.martin@example.fr,Invoice F-2024-0851,F-2024-0851
ch_3Ox004,2026-03-05 16:45:00,300.00,100.00,eur,Paid,lea.martin@example.fr,Invoice F-2024-0851,F-2024-0851
ch_3Ox005,2026-03-06 08:00:00,60.00,0.00,eur,Paid,petit@example.fr,Order 555,
"""


def _cases(store: Store, add_cases) -> dict[str, str]:  # type: ignore[no-untyped-def]
    debts = [
        debt(1, reference="F-2024-0847", amount="2340.00", debtor={"name": "Jean Dupont", "email": "jean.dupont@email.com"}),
        debt(2, reference="F-2024-0851", amount="1500.00", debtor={"name": "Martin SARL", "email": "lea.martin@example.fr"}),
        debt(3, reference="FA-2024-0860", amount="200.00", debtor={"name": "Garage Central"}),
        debt(4, reference="FA-2024-0861", amount="300.50", debtor={"name": "Garage Central"}),
        debt(5, reference="C-0099", amount="120.50", debtor={"name": "Camille Lefèvre"}),
        debt(6, reference="F-2024-0870", amount="80.00", debtor={"name": "Paolo Rossi"}),
        debt(7, reference="F-2024-0871", amount="95.00", debtor={"name": "Paolo Rossi"}),
        debt(8, reference="4412", amount="410.00", debtor={"name": "Luc Durand"}),
        debt(9, reference="F-2024-0880", amount="60.00", debtor={"name": "Chloé Petit", "email": "petit@example.fr"}),
        debt(10, reference="H-1", amount="90.00", debtor={"name": "Hugo Faure"}),
        debt(11, reference="H-2", amount="90.00", debtor={"name": "Hugo Faure"}),
        debt(12, reference="Z-9", amount="77.77", debtor={"name": "Somebody Else"}),
    ]
    ids = add_cases(store, debts)
    return {d["reference"]: i for d, i in zip(debts, ids, strict=True)}


def _statement(tmp_path: Path, text: str = STATEMENT, name: str = "releve.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    return path


def test_a_bank_statement_is_matched_line_by_line(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    refs = _cases(store, add_cases)
    result = reconcile(store, settings, _statement(tmp_path), account="acme", now=NOW)
    matched = {(m["line"], m["reference"]): m for m in result.matched}
    assert sorted(matched) == [(4, "F-2024-0847"), (6, "F-2024-0851"), (7, "FA-2024-0860"), (7, "FA-2024-0861"),
                               (8, "C-0099"), (10, "4412"), (11, "F-2024-0880")]
    assert matched[(4, "F-2024-0847")]["how"] == "reference" and matched[(4, "F-2024-0847")]["resolved"]
    assert matched[(8, "C-0099")]["how"] == "amount and debtor"
    assert matched[(7, "FA-2024-0860")]["amount"] == 200.0 and matched[(7, "FA-2024-0861")]["amount"] == 300.5
    assert matched[(11, "F-2024-0880")]["overpaid"] == 15.0
    assert matched[(4, "F-2024-0847")]["paid_on"] == "2026-03-03"
    assert [(a["line"], sorted(c["reference"] for c in a["candidates"])) for a in result.ambiguous] == [
        (9, ["F-2024-0870", "F-2024-0871"]), (12, ["H-1", "H-2"])]
    assert [u["line"] for u in result.unmatched] == [13]
    assert "none of the 1 open case(s) with this balance is this debtor's" in result.unmatched[0]["reason"]
    assert [(s["line"], s["reason"]) for s in result.skipped] == [(5, "a debit (money paid out)")]
    rows = {r["reference"]: r for r in case_rows(store).values()}
    assert rows["F-2024-0847"]["status"] == "resolved" and rows["F-2024-0851"]["balance_cents"] == 100_000
    assert {rows[r]["status"] for r in ("FA-2024-0860", "FA-2024-0861", "C-0099", "4412", "F-2024-0880")} == {"resolved"}
    assert rows["H-1"]["balance_cents"] == rows["H-2"]["balance_cents"] == 9_000
    assert result.counts | {"amount_recorded": 0} == {
        "lines": 10, "matched": 6, "payments": 7, "already_recorded": 0, "ambiguous": 2, "unmatched": 1,
        "skipped": 1, "resolved": 6, "overpayments": 1, "amount_recorded": 0,
    }
    assert refs  # every case was created


def test_importing_again_pays_nothing_twice_and_an_overlapping_statement_only_its_new_lines(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cases(store, add_cases)
    first = reconcile(store, settings, _statement(tmp_path), account="acme", now=NOW)
    payments_before = count_events(store, account="acme", type="debt.payment_received")
    again = reconcile(store, settings, _statement(tmp_path, name="releve-copie.csv"), account="acme", now=NOW)
    assert again.matched == [] and len(again.already) == 6 == first.counts["matched"]
    assert len(again.ambiguous) == 2 and len(again.unmatched) == 1  # still to settle by hand
    assert count_events(store, account="acme", type="debt.payment_received") == payments_before
    overlapping = STATEMENT.splitlines()[:3] + STATEMENT.splitlines()[7:9] + [
        "08/03/2026;08/03/2026;VIR SEPA DUPONT JEAN REF F-2024-0847;;2 340,00;16 414,77",
    ]
    later = reconcile(store, settings, _statement(tmp_path, "\n".join(overlapping) + "\n", "releve-2.csv"),
                      account="acme", now=NOW)
    assert [(m["line"], m["reference"]) for m in later.matched] == [(6, "F-2024-0847")]  # paid twice by the debtor
    assert later.matched[0]["overpaid"] == 2340.0 and len(later.already) == 1 and len(later.ambiguous) == 1


def test_a_stripe_payments_export(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cases(store, add_cases)
    path = tmp_path / "unified_payments.csv"
    path.write_text(STRIPE, encoding="utf-8")
    result = reconcile(store, settings, path, account="acme", now=NOW)
    assert [(m["line"], m["reference"], m["amount"], m["external_id"]) for m in result.matched] == [
        (2, "F-2024-0847", 2340.0, "ch_3Ox001"), (5, "F-2024-0851", 200.0, "ch_3Ox004"),
        (6, "F-2024-0880", 60.0, "ch_3Ox005")]
    assert [m["how"] for m in result.matched] == ["reference (invoice column)", "reference (invoice column)",
                                                  "amount and debtor"]
    assert [s["reason"] for s in result.skipped] == ["status 'Failed': no money received",
                                                     "status 'Refunded': no money received"]
    from getbill_import.store.payments import list_payments

    [payment] = list_payments(store, account="acme", case_id=result.matched[0]["debt_id"])
    assert (payment["method"], payment["stripe_payment_id"], payment["paid_at"]) == ("card", "ch_3Ox001", "2026-03-04T00:00:00Z")
    assert {c["role"] for c in result.columns} >= {"id", "date", "amount", "refunded", "currency", "status", "email",
                                                  "invoice", "text"}
    assert reconcile(store, settings, path, account="acme", now=NOW).counts["already_recorded"] == 3


def test_a_dry_run_records_nothing(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cases(store, add_cases)
    result = reconcile(store, settings, _statement(tmp_path), account="acme", now=NOW,
                       options=ReconcileOptions(dry_run=True))
    assert result.dry_run and result.counts["payments"] == 7
    assert count_events(store, account="acme", type="debt.payment_received") == 0
    assert {r["status"] for r in case_rows(store).values()} == {"open"}


def test_columns_can_be_named_and_a_file_without_amounts_is_refused(store: Store, settings, add_cases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _cases(store, add_cases)
    path = tmp_path / "odd.csv"
    # a header no vocabulary knows, and values that are not all amounts (a file of one or two rows
    # whose values all are is offered by them)
    path.write_text(
        "Quand;Quoi;Combien\n2026-03-03;Facture F-2024-0847;2340.00\n2026-03-04;Frais de tenue de compte;voir relevé\n",
        encoding="utf-8",
    )
    with pytest.raises(GetbillError, match="--column amount=COLUMN"):
        reconcile(store, settings, path, account="acme", now=NOW, options=ReconcileOptions(columns={"date": "Quand"}))
    named = reconcile(store, settings, path, account="acme", now=NOW,
                      options=ReconcileOptions(columns={"amount": "Combien", "date": "Quand", "text": "Quoi"}))
    assert [m["reference"] for m in named.matched] == ["F-2024-0847"]
    with pytest.raises(GetbillError, match="The file has no column 'Montant'"):
        reconcile(store, settings, path, account="acme", now=NOW, options=ReconcileOptions(columns={"amount": "Montant"}))


def test_references_are_found_however_they_are_written() -> None:
    for text in ("VIR F-2024-0847", "f 2024 0847 merci", "REF:F20240847", "FACT.F-2024-0847/DUPONT", "F/2024/0847"):
        assert "F20240847" in candidate_keys(text), text
    assert "F20240848" not in candidate_keys("F-2024-0847")
