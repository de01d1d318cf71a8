"""``import LIST --to URL``: a later list's paid, partly paid and cancelled invoices are recorded on
the remote API's cases that an earlier list sent (found by their reference), once however often the
list is sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.load.remote import CredentialOptions, resolve_target, run_remote_import
from getbill_import.pipeline import ImportOptions
from tests.api.conftest import ApiServer, new_account
from tests.api.remote_helpers import client_settings
from tests.api.test_remote_ledger import _server_cases as ledger_server_cases

pytestmark = pytest.mark.slow

HEADER = "Facture;Client;Montant TTC;Déjà réglé;Statut;Échéance"


def _list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _server_cases(database_url: str, account: str) -> dict[str, tuple[int, str, int]]:
    """reference -> (balance in cents, status, payments recorded)"""
    return {ref: state[1:] for ref, state in ledger_server_cases(database_url, account).items()}


@pytest.mark.parametrize("listed", [False, True], ids=["looked-up", "listed"])
def test_a_later_list_brings_the_remote_cases_up_to_date_once(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: bool,
) -> None:
    """Each case looked up by its reference, or (for many references) the account's cases listed
    page by page: the same cases are found."""
    if listed:
        monkeypatch.setattr("getbill_import.load.remote.payments.MAX_LOOKUPS", 1)
        monkeypatch.setattr("getbill_import.load.remote.payments.PAGE_SIZE", 2)
    account = new_account()
    settings = client_settings(tmp_path / "client")
    target = resolve_target(api.url, settings.remote, CredentialOptions(api_key=api.key(account, sandbox=False)))
    january = _list(tmp_path / "janvier.csv", [
        "F-1;Dupont SARL;120,00;20,00;En retard;15/01/2026", "F-2;Martin;50,00;;En retard;20/01/2026",
        "F-3;Durand;80,00;;En retard;20/01/2026",
    ])
    first = run_remote_import(january, settings, target, ImportOptions())
    assert first.load is not None and first.load.created == 3 and first.settled is None
    assert _server_cases(api.database_url, account)["F-1"] == (10000, "open", 0)

    february = _list(tmp_path / "fevrier.csv", [
        "F-1;Dupont SARL;120,00;50,00;En retard;15/01/2026", "F-2;Martin;50,00;;Payée;20/01/2026",
        "F-3;Durand;80,00;;Annulée;20/01/2026", "F-4;Roux;40,00;;En retard;20/02/2026",
    ])
    second = run_remote_import(february, settings, target, ImportOptions())
    assert second.load is not None and second.load.created == 1
    assert second.settled is not None
    counts = second.settled.counts
    assert {k: counts[k] for k in ("payments", "amount_recorded", "resolved", "cancelled", "refused")} == {
        "payments": 2, "amount_recorded": 80.0, "resolved": 1, "cancelled": 1, "refused": 0,
    }
    state = _server_cases(api.database_url, account)
    assert state["F-1"] == (7000, "open", 1)
    assert state["F-2"] == (0, "resolved", 1)
    assert state["F-3"] == (8000, "cancelled", 0)
    assert state["F-4"] == (4000, "open", 0)

    # sent again, forced, from the command line: nothing more is recorded, and the JSON says so
    runner = CliRunner()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": api.key(account, sandbox=False)}
    doc = runner.invoke(cli, ["import", str(february), "--to", api.url, "--force", "--format", "json"], env=env)
    assert doc.exit_code == 0, doc.output
    earlier = json.loads(doc.stdout)["earlier_cases"]
    assert earlier["counts"]["payments"] == 0 and earlier["counts"]["cancelled"] == 0
    assert _server_cases(api.database_url, account) == state


def test_with_update_a_balance_list_keeps_the_remote_invoice_amounts(api: ApiServer, tmp_path: Path) -> None:
    """--to with --on-existing update and a balance list: the details reach the remote cases, a
    lower balance is paid, a higher one (a fee) raises the amount and the balance."""
    from getbill_import.store import open_store
    from getbill_import.store.cases import get_case

    account = new_account()
    settings = client_settings(tmp_path / "client")
    target = resolve_target(api.url, settings.remote, CredentialOptions(api_key=api.key(account, sandbox=False)))
    header = "N° pièce;Tiers;Solde;Devise;Échéance"
    january, february = tmp_path / "01.csv", tmp_path / "02.csv"
    january.write_text(f"{header}\nFA-10;Holzbau Meier;1 000,00;EUR;15/01/2026\nFA-11;Roux KG;500,00;EUR;15/01/2026\n",
                       encoding="utf-8")
    february.write_text(f"{header}\nFA-10;Holzbau Meier AG;600,00;EUR;15/01/2026\nFA-11;Roux KG;650,00;EUR;15/01/2026\n",
                        encoding="utf-8")
    run_remote_import(january, settings, target, ImportOptions())
    sent = run_remote_import(february, settings, target, ImportOptions(on_existing="update"))
    assert sent.settled is not None and sent.settled.counts["payments"] == 1
    state = _server_cases(api.database_url, account)
    assert state["FA-10"] == (60000, "open", 1) and state["FA-11"] == (65000, "open", 0)
    server = open_store(api.database_url)
    try:
        meier, roux = (get_case(server, account=account, key=ref) for ref in ("FA-10", "FA-11"))
    finally:
        server.close()
    assert meier is not None and (meier["amount"], meier["debtor"]["name"]) == (1000.0, "Holzbau Meier AG")
    assert roux is not None and (roux["amount"], roux["balance"]) == (650.0, 650.0)
