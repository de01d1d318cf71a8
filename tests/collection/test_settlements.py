"""A later list of invoices brings the cases of earlier imports up to date (``import``, on SQLite
and PostgreSQL): an invoice it says is paid, or owed less, gets a payment of the difference; one it
says is cancelled is cancelled; and importing it again records nothing twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from getbill_import.cli import cli
from getbill_import.store import open_store
from getbill_import.store.cases import get_case
from getbill_import.store.events import count_events
from getbill_import.store.payments import list_payments


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def run(tmp_path: Path, store_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["import", *args, "--database-url", store_url],
                             env={"GETBILL_DATA_DIR": str(tmp_path / "data")})

    return invoke


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _json(result: Result) -> dict[str, Any]:
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.output)
    return doc


def _state(store, reference: str) -> tuple[float, str, int]:  # type: ignore[no-untyped-def]
    """(balance, status, payments recorded) of the case ``reference``."""
    case = get_case(store, account="default", key=reference)
    assert case is not None
    return case["balance"], case["status"], len(list_payments(store, account="default", case_id=case["id"]))


TOTALS = "Facture;Client;Montant TTC;Déjà réglé;Statut;Échéance"


def test_a_later_list_pays_cancels_and_lowers_the_cases_of_an_earlier_one_once(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    january = _write(tmp_path / "janvier.csv", TOTALS, [
        "F-1;Dupont SARL;120,00;20,00;En retard;15/01/2026",
        "F-2;Martin;50,00;;En retard;20/01/2026",
        "F-3;Durand;80,00;;En retard;20/01/2026",
        "F-4;Petit;30,00;;En retard;20/01/2026",
        "F-5;Leroy;60,00;;En retard;20/01/2026",
    ])
    first = _json(run(str(january), "--format", "json"))
    assert first["load"]["created"] == 5
    assert "earlier_cases" not in first  # nothing of any earlier case
    assert _state(store, "F-1") == (100.0, "open", 0)

    february = _write(tmp_path / "fevrier.csv", TOTALS, [
        "F-1;Dupont SARL;120,00;50,00;En retard;15/01/2026",  # 30.00 more paid
        "F-2;Martin;50,00;50,00;En retard;20/01/2026",  # paid in full by the paid column
        "F-3;Durand;80,00;;Annulée;20/01/2026",
        "F-4;Petit;30,00;;Payée;20/01/2026",
        "F-5;Leroy;60,00;;En retard;20/01/2026",  # nothing new
        "F-6;Roux;40,00;;Payée;20/02/2026",  # paid before it was ever a case
        "F-7;Blanc;45,00;;En retard;20/02/2026",
    ])
    second = _json(run(str(february), "--format", "json"))
    assert second["load"]["created"] == 1 and second["load"]["skipped_existing"] == 2
    earlier = second["earlier_cases"]
    assert {k: earlier["counts"][k] for k in ("payments", "amount_recorded", "resolved", "cancelled", "refused")} == {
        "payments": 3, "amount_recorded": 110.0, "resolved": 2, "cancelled": 1, "refused": 0,
    }
    paid = {p["reference"]: p for p in earlier["payments"]}
    assert {ref: p["amount"] for ref, p in paid.items()} == {"F-1": 30.0, "F-2": 50.0, "F-4": 30.0}
    assert paid["F-4"]["text"] == "F-4: 'Statut': 'Payée'"
    assert [(c["reference"], c["cancelled"]) for c in earlier["cancelled"]] == [("F-3", True)]
    assert _state(store, "F-1") == (70.0, "open", 1)
    assert _state(store, "F-2") == (0.0, "resolved", 1)
    assert _state(store, "F-3") == (80.0, "cancelled", 0)
    assert _state(store, "F-4") == (0.0, "resolved", 1)
    assert _state(store, "F-5") == (60.0, "open", 0)
    assert get_case(store, account="default", key="F-6") is None
    assert count_events(store, account="default", type="debt.payment_received") == 3
    assert count_events(store, account="default", type="debt.resolved") == 2

    # the same list again (forced), and a later one saying the same of F-1: nothing twice
    again = _json(run(str(february), "--format", "json", "--force"))
    assert "earlier_cases" not in again or not again["earlier_cases"]["counts"]["payments"]
    march = _write(tmp_path / "mars.csv", TOTALS, ["F-1;Dupont SARL;120,00;50,00;En retard;15/01/2026"])
    same = _json(run(str(march), "--format", "json"))
    assert same["earlier_cases"]["counts"]["payments"] == 0
    assert _state(store, "F-1") == (70.0, "open", 1)
    assert count_events(store, account="default", type="debt.payment_received") == 3


BALANCES = "N° pièce;Tiers;Solde;Devise;Échéance"


def test_an_open_items_list_says_what_is_still_owed(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run(str(_write(tmp_path / "01.csv", BALANCES, [
        "FA-10;Holzbau Meier;1 000,00;EUR;15/01/2026", "FA-11;Roux KG;500,00;EUR;15/01/2026",
        "FA-12;Blanc;300,00;EUR;15/01/2026",
    ])))
    result = run(str(_write(tmp_path / "02.csv", BALANCES, [
        "FA-10;Holzbau Meier;600,00;EUR;15/01/2026",  # 400 paid
        "FA-11;Roux KG;0,00;EUR;15/01/2026",  # paid: a balance of zero
        "FA-12;Blanc;350,00;EUR;15/01/2026",  # more than the case's balance: left alone
    ])))
    assert result.exit_code == 0, result.output
    assert "Earlier cases: 2 payment(s) recorded" in result.output
    assert "1 left as they are: the file says more is owed than their balance" in result.output
    assert _state(store, "FA-10") == (600.0, "open", 1)
    assert _state(store, "FA-11") == (0.0, "resolved", 1)
    assert _state(store, "FA-12") == (300.0, "open", 0)
    # the case list shows each case's balance beside its amount
    listed = CliRunner().invoke(cli, ["cases", "list", "--database-url", store.engine.url.render_as_string(hide_password=False)])
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "FA-10" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")][2:4] == ["1,000.00 EUR", "600.00"]
    # the next month's list, written before the payment reached the books, changes nothing
    result = run(str(_write(tmp_path / "03.csv", BALANCES, ["FA-10;Holzbau Meier;1 000,00;EUR;15/01/2026"])))
    assert _state(store, "FA-10") == (600.0, "open", 1)


def test_with_update_a_balance_pays_and_the_details_change(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--on-existing update with a balance list: the list's other details reach the cases, a lower
    balance is paid as without the option (the invoice's amount stays), and a higher one (a fee)
    raises the amount and the balance by the difference."""
    run(str(_write(tmp_path / "01.csv", BALANCES, ["FA-10;Holzbau Meier;1 000,00;EUR;15/01/2026",
                                                   "FA-11;Roux KG;500,00;EUR;15/01/2026"])))
    result = _json(run(str(_write(tmp_path / "02.csv", BALANCES, [
        "FA-10;Holzbau Meier AG;600,00;EUR;15/01/2026", "FA-11;Roux KG;500,00;EUR;15/01/2026",
    ])), "--on-existing", "update", "--format", "json"))
    assert result["load"]["updated"] == 1 and result["load"]["unchanged"] == 1
    assert result["earlier_cases"]["counts"]["payments"] == 1
    case = get_case(store, account="default", key="FA-10")
    assert case is not None and (case["amount"], case["debtor"]["name"]) == (1000.0, "Holzbau Meier AG")
    assert _state(store, "FA-10") == (600.0, "open", 1)
    # a fee: 50.00 more owed than the balance of 600.00
    run(str(_write(tmp_path / "03.csv", BALANCES, ["FA-10;Holzbau Meier AG;650,00;EUR;15/01/2026"])),
        "--on-existing", "update")
    case = get_case(store, account="default", key="FA-10")
    assert case is not None and (case["amount"], case["balance"]) == (1050.0, 650.0)
    assert _state(store, "FA-10")[2] == 1
    # and the same list again (in a file of its own: another content) changes nothing
    again = _json(run(str(_write(tmp_path / "04.csv", BALANCES, ["FA-10;Holzbau Meier AG;650,00;EUR;15/01/2026", ""])),
                      "--on-existing", "update", "--format", "json"))
    assert again["load"]["unchanged"] == 1 and again["earlier_cases"]["counts"]["payments"] == 0
    assert _state(store, "FA-10") == (650.0, "open", 1)


def test_a_list_in_another_currency_records_nothing(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run(str(_write(tmp_path / "01.csv", BALANCES, ["FA-10;Holzbau Meier;1 000,00;EUR;15/01/2026"])))
    doc = _json(run(str(_write(tmp_path / "02.csv", BALANCES, ["FA-10;Holzbau Meier;600,00;CHF;15/01/2026"])),
                    "--format", "json"))
    refused = doc["earlier_cases"]["refused"]
    assert [(r["reference"], r["reason"]) for r in refused] == [("FA-10", "the list says CHF, the case is in EUR")]
    assert _state(store, "FA-10") == (1000.0, "open", 0)


def test_a_case_resolved_meanwhile_is_left_alone(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run(str(_write(tmp_path / "01.csv", TOTALS, ["F-1;Dupont SARL;120,00;;En retard;15/01/2026"])))
    run(str(_write(tmp_path / "02.csv", TOTALS, ["F-1;Dupont SARL;120,00;;Payée;15/01/2026"])))
    assert _state(store, "F-1") == (0.0, "resolved", 1)
    # a later list still saying it is cancelled, or paid, changes nothing more
    run(str(_write(tmp_path / "03.csv", TOTALS, ["F-1;Dupont SARL;120,00;;Annulée;15/01/2026"])))
    assert _state(store, "F-1") == (0.0, "resolved", 1)
    assert count_events(store, account="default", type="debt.payment_received") == 1


def test_a_payment_date_in_the_list_is_the_payments(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = "Facture;Client;Montant TTC;Payée le;Échéance"
    run(str(_write(tmp_path / "01.csv", header, ["F-1;Dupont SARL;120,00;;15/01/2026", "F-2;Martin;50,00;;20/01/2026"])))
    doc = _json(run(str(_write(tmp_path / "02.csv", header, [
        "F-1;Dupont SARL;120,00;03/02/2026;15/01/2026", "F-2;Martin;50,00;;20/01/2026",
    ])), "--format", "json"))
    [paid] = doc["earlier_cases"]["payments"]
    assert (paid["reference"], paid["paid_on"], paid["text"]) == ("F-1", "2026-02-03", "F-1: 'Payée le': '03/02/2026'")
    case = get_case(store, account="default", key="F-1")
    assert case is not None and case["status"] == "resolved"
    [payment] = list_payments(store, account="default", case_id=case["id"])
    assert payment["paid_at"] == "2026-02-03T00:00:00Z" and payment["method"] == "other"
    assert payment["details"]["file"] == "02.csv" and payment["details"]["line"] == 2
    assert _state(store, "F-2") == (50.0, "open", 0)


PLAIN = "Facture;Client;Montant TTC;Échéance"


def test_a_complete_list_pays_the_open_cases_it_leaves_out(run, store, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.records import prepare_records
    from getbill_import.store.service import create_cases

    run(str(_write(tmp_path / "01.csv", PLAIN, [
        "C-1;Dupont SARL;120,00;15/01/2026", "C-2;Martin;50,00;20/01/2026", "C-3;Durand;80,00;20/01/2026",
    ])))
    # a case sent one by one through the API is no list's to close
    made = prepare_records([{"reference": "API-1", "amount": "10.00", "currency": "EUR",
                             "debtor": {"name": "Api SA", "email": "api@example.fr"}}], settings)
    create_cases(store, made.cases, account="default", now=made_at())
    # without --complete, an invoice left out of a later list is left alone
    run(str(_write(tmp_path / "02.csv", PLAIN, ["C-1;Dupont SARL;120,00;15/01/2026"])))
    assert _state(store, "C-2") == (50.0, "open", 0)

    result = run(str(_write(tmp_path / "03.csv", PLAIN, [
        "C-1;Dupont SARL;120,00;15/01/2026", "C-3;;80,00;20/01/2026",  # C-3 is rejected, but named
        "C-4;Roux;40,00;20/02/2026",
    ])), "--complete")
    assert result.exit_code == 1, result.output
    assert "1 of them on cases the complete list leaves out" in result.output
    assert _state(store, "C-2") == (0.0, "resolved", 1)
    assert [_state(store, ref)[1] for ref in ("C-1", "C-3", "C-4", "API-1")] == ["open"] * 4
    [payment] = list_payments(store, account="default", case_id=get_case(store, account="default", key="C-2")["id"])
    assert payment["details"]["text"] == "C-2: not in the complete list '03.csv'" and payment["details"]["line"] is None

    # a list that cannot name all its invoices, and one leaving out most open cases, are refused whole
    unnamed = run(str(_write(tmp_path / "04.csv", PLAIN, ["C-1;Dupont SARL;120,00;15/01/2026", ";Blanc;45,00;20/02/2026",
                                                          "C-5;Petit;30,00;20/02/2026"])), "--complete")
    assert unnamed.exit_code == 2 and "have no reference it can read" in unnamed.output
    assert get_case(store, account="default", key="C-5") is None
    run(str(_write(tmp_path / "05.csv", PLAIN, [f"M-{i};Client {i};10,00;20/02/2026" for i in range(30)])))
    partial = run(str(_write(tmp_path / "06.csv", PLAIN, ["M-0;Client 0;10,00;20/02/2026", "C-6;Leroy;60,00;20/02/2026"])),
                  "--complete")
    assert partial.exit_code == 2, partial.output
    assert "leaves out 32 of the 33 open cases" in partial.output and "--complete-max-share 1" in partial.output
    assert get_case(store, account="default", key="C-6") is None
    allowed = run(str(_write(tmp_path / "06.csv", PLAIN, ["M-0;Client 0;10,00;20/02/2026", "C-6;Leroy;60,00;20/02/2026"])),
                  "--complete", "--complete-max-share", "1")
    assert allowed.exit_code == 0, allowed.output
    assert [_state(store, ref)[1] for ref in ("M-1", "C-1", "C-6", "API-1")] == ["resolved", "resolved", "open", "open"]


def made_at():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2026, 1, 10, tzinfo=dt.UTC)


def test_complete_is_refused_with_a_remote_api(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(_write(tmp_path / "01.csv", PLAIN, ["C-1;Dupont;1,00;15/01/2026"])),
                                 "--complete", "--to", "https://collect.example"])
    assert result.exit_code == 2 and "--complete applies to the local store" in result.output


def test_a_dry_run_says_what_a_later_list_would_record_and_records_nothing(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run(str(_write(tmp_path / "01.csv", TOTALS, [
        "F-1;Dupont SARL;120,00;;En retard;15/01/2026", "F-2;Martin;50,00;;En retard;20/01/2026",
        "F-3;Durand;80,00;;En retard;20/01/2026",
    ])))
    february = _write(tmp_path / "02.csv", TOTALS, [
        "F-1;Dupont SARL;120,00;20,00;En retard;15/01/2026", "F-2;Martin;50,00;;Annulée;20/01/2026",
    ])
    shown = run(str(february), "--dry-run", "--complete")
    assert shown.exit_code == 0, shown.output
    assert "Earlier cases (dry run: nothing recorded): 2 payment(s) to record" in shown.output
    assert "1 case(s) to cancel" in shown.output
    doc = _json(run(str(february), "--dry-run", "--complete", "--format", "json"))
    assert {p["reference"]: (p["amount"], p["why"], p["resolved"]) for p in doc["earlier_cases"]["payments"]} == {
        "F-1": (20.0, "owed", False), "F-3": (80.0, "absent", True),
    }
    assert [(_state(store, ref)) for ref in ("F-1", "F-2", "F-3")] == [(120.0, "open", 0), (50.0, "open", 0), (80.0, "open", 0)]
    # the real import then does what the dry run said
    done = _json(run(str(february), "--complete", "--format", "json"))
    assert {p["reference"]: p["amount"] for p in done["earlier_cases"]["payments"]} == {"F-1": 20.0, "F-3": 80.0}
    assert [(_state(store, ref)[1]) for ref in ("F-1", "F-2", "F-3")] == ["open", "cancelled", "resolved"]


def test_a_dry_run_without_a_store_creates_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'none.db'}"
    result = CliRunner().invoke(cli, ["import", str(_write(tmp_path / "01.csv", TOTALS, ["F-1;Dupont;12,00;;Payée;15/01/2026"])),
                                      "--dry-run", "--database-url", url], env={"GETBILL_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "none.db").exists() and "Earlier cases" not in result.output


def test_a_bank_statement_after_the_list_confirms_its_payment_and_pays_nothing_twice(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The list said FA-2026-002 was paid (a payment of 50.00 recorded from it); the bank
    statement's transfer of 50.00 for it is that money, not more. FA-2026-003's transfer is a payment
    of its own, and a second transfer for FA-2026-002 is an overpayment."""
    run(str(_write(tmp_path / "01.csv", TOTALS, [
        "FA-2026-001;Dupont SARL;120,00;;En retard;15/01/2026", "FA-2026-002;Martin;50,00;;En retard;20/01/2026",
        "FA-2026-003;Durand;80,00;;En retard;20/01/2026",
    ])))
    run(str(_write(tmp_path / "02.csv", TOTALS, ["FA-2026-001;Dupont SARL;120,00;;En retard;15/01/2026",
                                                "FA-2026-002;Martin;50,00;;Payée;20/01/2026"])))
    assert _state(store, "FA-2026-002") == (0.0, "resolved", 1)
    header = "Date opération;Libellé;Débit;Crédit"
    statement = _write(tmp_path / "releve.csv", header, ["03/02/2026;VIR MARTIN REF FA-2026-002;;50,00",
                                                          "04/02/2026;VIR DURAND REF FA-2026-003;;80,00"])
    runner = CliRunner()

    def reconcile(path: Path) -> dict[str, Any]:
        result = runner.invoke(cli, ["payments", "import", str(path), "--database-url",
                                     store.engine.url.render_as_string(hide_password=False), "--format", "json"])
        assert result.exit_code == 0, result.output
        doc: dict[str, Any] = json.loads(result.output)
        return doc

    first = reconcile(statement)
    assert [(m["reference"], m["amount"]) for m in first["matched"]] == [("FA-2026-003", 80.0)]
    [confirmed] = first["already_recorded"]
    assert confirmed["reference"] == "FA-2026-002" and "02.csv" in confirmed["reason"]
    assert _state(store, "FA-2026-002") == (0.0, "resolved", 1) and _state(store, "FA-2026-003") == (0.0, "resolved", 1)
    # the statement again: nothing more
    again = reconcile(statement)
    assert not again["matched"] and len(again["already_recorded"]) == 2
    # another transfer for FA-2026-002: money beyond what the list said, kept as an overpayment
    more = reconcile(_write(tmp_path / "releve2.csv", header, ["10/02/2026;VIR MARTIN REF FA-2026-002 BIS;;50,00"]))
    assert [(m["reference"], m["overpaid"]) for m in more["matched"]] == [("FA-2026-002", 50.0)]
    assert _state(store, "FA-2026-002") == (0.0, "resolved", 2)


def test_transfers_in_parts_after_the_list_are_the_payment_it_recorded(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The list said FA-2026-002 (50.00) was paid; the bank shows it paid in two transfers, 20.00
    and 30.00, on two statements. Both are parts of the list's payment, not overpayments; a third
    transfer is money beyond it."""
    run(str(_write(tmp_path / "01.csv", TOTALS, ["FA-2026-002;Martin;50,00;;En retard;20/01/2026"])))
    run(str(_write(tmp_path / "02.csv", TOTALS, ["FA-2026-002;Martin;50,00;;Payée;20/01/2026"])))
    header = "Date opération;Libellé;Débit;Crédit"
    runner = CliRunner()

    def reconcile(name: str, lines: list[str]) -> dict[str, Any]:
        result = runner.invoke(cli, ["payments", "import", str(_write(tmp_path / name, header, lines)), "--database-url",
                                     store.engine.url.render_as_string(hide_password=False), "--format", "json"])
        assert result.exit_code == 0, result.output
        doc: dict[str, Any] = json.loads(result.output)
        return doc

    first = reconcile("releve1.csv", ["03/02/2026;VIR MARTIN REF FA-2026-002 ACOMPTE;;20,00"])
    assert not first["matched"] and [a["amount"] for a in first["already_recorded"]] == [20.0]
    assert "part of the payment" in first["already_recorded"][0]["reason"]
    second = reconcile("releve2.csv", ["10/02/2026;VIR MARTIN REF FA-2026-002 SOLDE;;30,00"])
    assert not second["matched"] and [a["amount"] for a in second["already_recorded"]] == [30.0]
    assert _state(store, "FA-2026-002") == (0.0, "resolved", 1)
    # the first statement again confirms what it confirmed, nothing more
    again = reconcile("releve1.csv", ["03/02/2026;VIR MARTIN REF FA-2026-002 ACOMPTE;;20,00"])
    assert not again["matched"] and len(again["already_recorded"]) == 1
    # the list's 50.00 is all confirmed: a third transfer is an overpayment
    more = reconcile("releve3.csv", ["17/02/2026;VIR MARTIN REF FA-2026-002;;20,00"])
    assert [(m["reference"], m["overpaid"]) for m in more["matched"]] == [("FA-2026-002", 20.0)]
    assert _state(store, "FA-2026-002") == (0.0, "resolved", 2)


def test_two_processes_importing_the_same_news_at_once_record_it_once(store, store_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two copies of February's list (two files, two imports) run at the same moment in processes
    of their own: both finish, and each payment is recorded once (on PostgreSQL the second writer
    meets the first's payments and plans again)."""
    import os
    import subprocess
    import sys

    rows = 1_500
    january = _write(tmp_path / "01.csv", BALANCES, [f"FA-{i:05d};Client {i};{100 + i},00;EUR;15/01/2026" for i in range(rows)])
    env = {**os.environ, "GETBILL_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "getbill_import", "import"]
    subprocess.run([*command, str(january), "--database-url", store_url], env=env, check=True, capture_output=True)
    february = [f"FA-{i:05d};Client {i};{0 if i % 2 else 50},00;EUR;15/01/2026" for i in range(rows)]
    copies = [_write(tmp_path / name, BALANCES, february + [""] * n) for n, name in enumerate(("02a.csv", "02b.csv"))]
    running = [subprocess.Popen([*command, str(path), "--database-url", store_url, "--format", "json"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for path in copies]
    outputs = [p.communicate(timeout=300) for p in running]
    assert [p.returncode for p in running] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
    counts = [json.loads(out)["earlier_cases"]["counts"] for out, _ in outputs]
    assert sum(c["payments"] for c in counts) == rows
    assert count_events(store, account="default", type="debt.payment_received") == rows
    assert count_events(store, account="default", type="debt.resolved") == rows // 2
    assert _state(store, "FA-00002") == (50.0, "open", 1) and _state(store, "FA-00003") == (0.0, "resolved", 1)


def test_an_invoice_the_list_shows_both_paid_and_open_is_not_paid(run, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A schedule of instalments: one of F-9's rows is paid, the other still due. The list does not
    say F-9 is paid, and its case stays as it is."""
    run(str(_write(tmp_path / "01.csv", TOTALS, ["F-9;Dupont SARL;100,00;;En retard;15/01/2026"])))
    doc = _json(run(str(_write(tmp_path / "02.csv", TOTALS, [
        "F-9;Dupont SARL;50,00;;Payée;15/01/2026", "F-9;Dupont SARL;50,00;;En retard;15/02/2026",
    ])), "--format", "json"))
    assert "earlier_cases" not in doc or not doc["earlier_cases"]["counts"]["payments"]
    assert _state(store, "F-9") == (100.0, "open", 0)


def test_the_shipped_samples_of_two_months(run, store) -> None:  # type: ignore[no-untyped-def]
    """``samples/relances_sage_fr.csv`` then the same export a month later, imported as complete:
    what ``samples/README.md`` says of it."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    november = _json(run(str(samples / "relances_sage_fr.csv"), "--format", "json"))
    assert november["load"]["created"] == 12
    december = _json(run(str(samples / "relances_sage_fr_decembre.csv"), "--complete", "--format", "json"))
    assert december["load"]["created"] == 1 and december["counts"]["invalid"] == 0
    paid = {p["reference"]: (p["amount"], p["why"], p["resolved"]) for p in december["earlier_cases"]["payments"]}
    assert paid == {
        "FA2026-00412": (2340.0, "paid", True), "FA2026-00463": (1200.0, "paid", True),
        "FA2026-00418": (300.0, "owed", False), "FA2026-00452": (6000.0, "owed", False),
        "FA2026-00437": (250.0, "absent", True),
    }
    assert _state(store, "FA2026-00418") == (164.6, "open", 1)
    assert _state(store, "FA2026-00502") == (1200.0, "open", 0)
