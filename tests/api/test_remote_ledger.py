"""``import LEDGER --to URL``: a booking batch's payments of invoices sent by an earlier batch are
recorded on the remote API's cases (found by their reference), once however often the batch is
sent; a server without the payment endpoint is said, and the cases are sent all the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.load.remote import CredentialOptions, resolve_target, run_remote_import
from getbill_import.pipeline import ImportOptions
from getbill_import.store.schema import cases, payments
from tests.api.conftest import PREFIX, ApiServer, new_account
from tests.api.faulty_proxy import FaultyProxy
from tests.api.remote_helpers import client_settings

pytestmark = pytest.mark.slow

COLUMNS = ("Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;Gegenkonto (ohne BU-Schlüssel);"
           "Belegdatum;Belegfeld 1;Buchungstext;Fälligkeit")
HEADER = "EXTF;700;21;Buchungsstapel;12;20260301120000000;;RE;;;29098;55003;20260101;4;{0};{1};Buchungsstapel"


def _batch(path: Path, period: tuple[str, str], rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER.format(*period), COLUMNS, *rows]) + "\n", encoding="utf-8")
    return path


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    debtors = tmp_path / "Debitoren.csv"
    debtors.write_text("Konto;Name (Adressattyp Unternehmen);E-Mail\n10100;Holzbau Meier GmbH;info@meier.example.de\n"
                       "10101;Roux KG;info@roux.example.de\n", encoding="utf-8")
    january = _batch(tmp_path / "EXTF_2026_01.csv", ("20260101", "20260131"), [
        "1000,00;S;EUR;10100;8400;1501;RE-1;Rechnung;", "500,00;S;EUR;10101;8400;2001;RE-2;Rechnung;",
    ])
    february = _batch(tmp_path / "EXTF_2026_02.csv", ("20260201", "20260228"), [
        "1000,00;S;EUR;1200;10100;0302;RE-1;Zahlung;",
        "200,00;H;EUR;10101;1200;0502;RE-2;Teilzahlung;",
        "70,00;S;EUR;1200;10101;0602;RE-9;Zahlung ohne Rechnung;",
        "300,00;S;EUR;10101;8400;1002;RE-3;Rechnung;",
    ])
    return debtors, january, february


def _server_cases(database_url: str, account: str) -> dict[str, tuple[int, int, str, int]]:
    """reference -> (amount, balance in cents, status, payments recorded)"""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            paid = dict(conn.execute(
                sa.select(payments.c.case_id, sa.func.count()).where(payments.c.account == account).group_by(payments.c.case_id)
            ).all())
            rows = conn.execute(sa.select(cases.c.id, cases.c.reference, cases.c.amount_cents, cases.c.balance_cents,
                                          cases.c.status).where(cases.c.account == account)).all()
    finally:
        engine.dispose()
    return {r.reference: (r.amount_cents, r.balance_cents, r.status, paid.get(r.id, 0)) for r in rows}


def test_a_later_batchs_payments_are_recorded_on_the_remote_cases_once(api: ApiServer, tmp_path: Path) -> None:
    debtors, january, february = _files(tmp_path)
    account = new_account()
    settings = client_settings(tmp_path / "client")
    target = resolve_target(api.url, settings.remote, CredentialOptions(api_key=api.key(account, sandbox=False)))
    options = ImportOptions(debtors=debtors)

    first = run_remote_import(january, settings, target, options)
    assert first.status == "completed" and first.load is not None and first.load.created == 2
    assert first.payments is None

    second = run_remote_import(february, settings, target, options)
    assert second.status == "completed" and second.load is not None and second.load.created == 1
    assert second.payments is not None and second.payments.unsupported is None
    counts = second.payments.result.counts
    assert {k: counts[k] for k in ("payments", "resolved", "unmatched", "already_recorded", "amount_recorded")} == {
        "payments": 2, "resolved": 1, "unmatched": 1, "already_recorded": 0, "amount_recorded": 1200.0,
    }
    assert [u["reason"] for u in second.payments.result.unmatched] == ["no case at the remote API has this reference"]
    state = _server_cases(api.database_url, account)
    assert state["RE-1"] == (100000, 0, "resolved", 1)
    assert state["RE-2"][:2] == (50000, 30000) and state["RE-2"][2] != "resolved" and state["RE-2"][3] == 1
    assert state["RE-3"] == (30000, 30000, "open", 0)

    # sent again, even forced: the server knows each posting by its fingerprint
    again = run_remote_import(february, settings, target, ImportOptions(debtors=debtors, force=True))
    assert again.payments is not None
    assert again.payments.result.counts["already_recorded"] == 2 and again.payments.result.counts["payments"] == 0
    assert _server_cases(api.database_url, account) == state

    # a batch of payments alone sends no case and needs no debtors file
    march = _batch(tmp_path / "EXTF_2026_03.csv", ("20260301", "20260331"), ["300,00;S;EUR;1200;10101;0503;RE-3;Zahlung;"])
    paid = run_remote_import(march, settings, target, ImportOptions())
    assert paid.status == "completed" and paid.load is not None and paid.load.created == 0
    assert paid.payments is not None and paid.payments.result.counts["resolved"] == 1
    state = _server_cases(api.database_url, account)
    assert state["RE-3"] == (30000, 0, "resolved", 1)

    # the command line says it, and its JSON document carries the payments
    runner = CliRunner()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": api.key(account, sandbox=False)}
    shown = runner.invoke(cli, ["import", str(february), "--debtors", str(debtors), "--to", api.url, "--force"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "Payments of earlier invoices in this ledger: 0 recorded on their cases" in shown.output
    assert "2 recorded before, 1 matching no case" in shown.output
    doc = runner.invoke(cli, ["import", str(february), "--debtors", str(debtors), "--to", api.url, "--force",
                              "--format", "json"], env=env)
    assert json.loads(doc.stdout)["payments"]["counts"]["already_recorded"] == 2


def test_a_server_without_the_payment_endpoint_gets_the_cases_and_the_user_is_told(api: ApiServer, tmp_path: Path) -> None:
    debtors, january, february = _files(tmp_path)

    def plan(method: str, path: str, n: int) -> str:
        return "404" if method == "POST" and path.endswith("/payments") else "pass"

    proxy = FaultyProxy(api.base, plan).start()
    try:
        account = new_account()
        settings = client_settings(tmp_path / "client")
        target = resolve_target(proxy.url(PREFIX), settings.remote,
                                CredentialOptions(api_key=api.key(account, sandbox=False)))
        run_remote_import(january, settings, target, ImportOptions(debtors=debtors))
        sent = run_remote_import(february, settings, target, ImportOptions(debtors=debtors))
    finally:
        proxy.stop()
    assert sent.status == "completed" and sent.load is not None and sent.load.created == 1
    assert sent.payments is not None and sent.payments.unsupported is not None
    assert "records no payment" in sent.payments.unsupported and "3 payment(s)" in sent.payments.unsupported
    assert sent.payments.result.counts["payments"] == 0
    # one payment endpoint refused: the second payment was not tried
    assert proxy.actions["404"] == 1
    state = _server_cases(api.database_url, account)
    assert state["RE-1"][1:] == (100000, "open", 0) and "RE-3" in state
