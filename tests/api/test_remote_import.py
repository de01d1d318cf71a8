"""``import FILE --to URL`` against the real embedded API on a loopback port: every valid row of
the file becomes exactly one case there, a re-run creates nothing, OAuth2 tokens are renewed with
rotating refresh tokens, the server's own rejections land in the error report on the right
lines, and a refused credential is said without showing any secret."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.load.remote import (
    ClientCredentials,
    CredentialOptions,
    RemoteLoader,
    encode_debts,
    resolve_target,
    run_remote_import,
)
from getbill_import.pipeline import ImportOptions, prepare_file
from getbill_import.store import open_store
from getbill_import.store.credentials import sandbox_account
from getbill_import.store.remote_ledger import find_remote_import
from tests.api.conftest import ApiServer, new_account
from tests.api.remote_helpers import (
    HEADER,
    assert_server_has_exactly,
    client_settings,
    server_state,
    write_export,
)

pytestmark = pytest.mark.slow

ROWS = 700
CHUNK = 50


def _chunks(expected: dict[str, int], size: int = CHUNK) -> int:
    return -(-len(expected) // size)


def test_a_file_is_sent_once_and_a_rerun_sends_nothing(api: ApiServer, tmp_path: Path) -> None:
    export = tmp_path / "relances.csv"
    expected = write_export(export, ROWS)
    account = new_account()
    key = api.key(account, sandbox=False)
    settings = client_settings(tmp_path / "client")
    target = resolve_target(api.url, settings.remote, CredentialOptions(api_key=key, chunk_size=CHUNK))

    first = run_remote_import(export, settings, target, ImportOptions())
    assert first.status == "completed" and first.start == "new"
    assert first.load is not None
    assert (first.load.created, first.load.existing, first.load.errors) == (len(expected), 0, 0)
    assert first.load.chunks == first.load.sent == _chunks(expected)
    assert first.validation is not None
    assert first.validation.invalid == ROWS - len(expected)
    assert_server_has_exactly(api.database_url, account, expected, chunks=_chunks(expected))

    again = run_remote_import(export, settings, target, ImportOptions())
    assert again.status == "already_imported" and again.load is None
    assert again.record is not None and again.record.created == len(expected)
    assert_server_has_exactly(api.database_url, account, expected, chunks=_chunks(expected))

    # forced: every chunk goes again under new keys; the server finds every reference there
    forced = run_remote_import(export, settings, target, ImportOptions(force=True))
    assert forced.start == "forced" and forced.load is not None
    assert (forced.load.created, forced.load.existing) == (0, len(expected))
    state = server_state(api.database_url, account)
    assert len(state.cases) == len(expected) and state.events == len(expected)
    assert state.batches == 2 * _chunks(expected)


def test_the_command_sends_the_file_and_reports_like_a_local_import(api: ApiServer, tmp_path: Path) -> None:
    export = tmp_path / "relances.csv"
    expected = write_export(export, 300)
    account = new_account()
    key = api.key(account, sandbox=True)
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": key}
    report = tmp_path / "errors.json"
    runner = CliRunner()
    done = runner.invoke(cli, ["import", str(export), "--to", api.url, "--chunk-size", "40", "--report", str(report),
                               "--format", "json"], env=env)
    assert done.exit_code == 1, done.output  # some rows are invalid
    out = json.loads(done.output)
    assert out["status"] == "completed"
    assert out["load"]["created"] == len(expected) and out["load"]["errors"] == 0
    assert out["counts"] == {"rows": 300, "valid": len(expected), "invalid": 300 - len(expected),
                             "warnings": out["counts"]["warnings"]}
    assert out["target"]["url"] == api.url and key not in done.output
    problems = json.loads(report.read_text())["problems"]
    assert {p["code"] for p in problems if p["severity"] == "error"} == {"invalid-date", "missing-amount"}
    # a sandbox key acts on the account's sandbox
    assert_server_has_exactly(api.database_url, sandbox_account(account), expected, chunks=_chunks(expected, 40))

    table = runner.invoke(cli, ["import", str(export), "--to", api.url], env=env)
    assert table.exit_code == 1, table.output  # as the import that sent it: rows were rejected
    assert "was already sent to" in table.output and "Nothing to do" in table.output


def test_remote_options_need_to(tmp_path: Path) -> None:
    export = tmp_path / "f.csv"
    write_export(export, 3)
    done = CliRunner().invoke(cli, ["import", str(export), "--api-key", "gbk_test_x.y"],
                              env={"GETBILL_DATA_DIR": str(tmp_path)})
    assert done.exit_code == 2
    assert "--api-key only apply with --to" in done.output


def test_oauth_tokens_are_renewed_with_rotating_refresh_tokens(api: ApiServer, tmp_path: Path) -> None:
    export = tmp_path / "relances.csv"
    expected = write_export(export, 400)
    account = new_account()
    client_id, secret = api.client(account)
    # each request moves this clock 1,000 s on: the 1-hour token is renewed every few requests
    ticks = itertools.count(step=1000.0)
    credentials = ClientCredentials(client_id, secret, clock=lambda: next(ticks))
    settings = client_settings(tmp_path / "client")
    prepared = prepare_file(export, settings)
    with httpx.Client(timeout=30) as http:
        loader = RemoteLoader(http, api.url, credentials, chunk_size=CHUNK)
        result = loader.load(encode_debts(prepared.cases), sha256="0" * 64)
    assert result.created == len(expected)
    assert credentials.grants["refresh_token"] >= 3
    # never a refresh token presented twice (the server would have revoked the grant)
    assert credentials.grants["client_credentials"] == 1
    assert_server_has_exactly(api.database_url, account, expected, chunks=_chunks(expected))


def test_the_servers_rejections_land_in_the_report_on_their_lines(api: ApiServer, tmp_path: Path) -> None:
    """The importer knows a scenario the server does not: those rows pass the local validation,
    the server rejects them, and the report shows them on the file's lines and column."""
    export = tmp_path / "relances.csv"
    lines = [HEADER + ";Scénario"]
    for i in range(120):
        scenario = "vip_5_waves" if i % 10 == 3 else "standard_3_waves"
        lines.append(f"S-{i:04d};Client {i};c{i}@example.fr;0612345678;{100 + i},00;EUR;15/01/2026;{scenario}")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    vip = {i + 2 for i in range(120) if i % 10 == 3}  # the header is line 1
    account = new_account()
    # a scenario of the importer's own, which the server has never heard of
    (tmp_path / "client" / "scenarios").mkdir(parents=True)
    (tmp_path / "client" / "scenarios" / "vip_5_waves.toml").write_text(
        'description = "Calls first."\n[[waves]]\nday = 1\nchannel = "ai_call"\ntemplate = "call_standard"\n'
        "[escalation]\nday = 30\n", encoding="utf-8")
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": api.key(account, sandbox=False),
           "GETBILL_SCENARIOS": "standard_3_waves,vip_5_waves"}
    report = tmp_path / "errors.json"
    done = CliRunner().invoke(cli, ["import", str(export), "--to", api.url, "--chunk-size", "25", "--report",
                                    str(report), "--format", "json"], env=env)
    assert done.exit_code == 1, done.output
    out = json.loads(done.output)
    assert out["load"]["errors"] == len(vip) and out["load"]["created"] == 120 - len(vip)
    assert out["counts"]["invalid"] == len(vip) and out["counts"]["valid"] == 120 - len(vip)
    problems = [p for p in json.loads(report.read_text())["problems"] if p["severity"] == "error"]
    assert {p["line"] for p in problems} == vip
    assert {(p["code"], p["column"], p["field"], p["value"]) for p in problems} == {
        ("unknown-scenario", "Scénario", "scenario", "vip_5_waves")}
    state = server_state(api.database_url, account)
    assert set(state.cases) == {f"S-{i:04d}" for i in range(120) if i % 10 != 3}


def test_a_refused_credential_is_said_without_any_secret(api: ApiServer, tmp_path: Path) -> None:
    export = tmp_path / "relances.csv"
    write_export(export, 20)
    account = new_account()
    client_id, secret = api.client(account)
    read_only = api.key(account, sandbox=False, scopes="read")
    wrong_key = api.key(account, sandbox=False)[:-6] + "AAAAAA"
    base = {"GETBILL_DATA_DIR": str(tmp_path / "client")}
    cases = [
        ({"GETBILL_REMOTE_API_KEY": wrong_key}, "unknown, revoked or expired", wrong_key),
        ({"GETBILL_REMOTE_API_KEY": read_only}, "lack a scope", read_only),
        ({"GETBILL_REMOTE_CLIENT_ID": client_id, "GETBILL_REMOTE_CLIENT_SECRET": secret + "x"},
         f"refused the client credentials of client {client_id}", secret),
    ]
    for env, said, hidden in cases:
        done = CliRunner().invoke(cli, ["import", str(export), "--to", api.url], env={**base, **env})
        assert done.exit_code == 2, done.output
        assert said in done.output
        assert hidden not in done.output and "Traceback" not in done.output
    with open_store(f"sqlite:///{tmp_path / 'client' / 'getbill.db'}") as store:
        record = find_remote_import(store, target=api.url, account=f"client:{client_id}",
                                    sha256=hashlib.sha256(export.read_bytes()).hexdigest())
    assert record is not None and record.status == "failed" and secret not in (record.error or "")
    assert server_state(api.database_url, account).cases == {}


def test_secrets_stay_out_of_every_output_of_a_real_run(api: ApiServer, tmp_path: Path) -> None:
    """The real command, with OAuth2 credentials from the environment and debug logging: neither
    the client secret nor any token it obtained shows in its output, its report or its ledger."""
    export = tmp_path / "relances.csv"
    expected = write_export(export, 150)
    account = new_account()
    client_id, secret = api.client(account)
    data = tmp_path / "client"
    env = {**os.environ, "GETBILL_DATA_DIR": str(data), "GETBILL_REMOTE_CLIENT_ID": client_id,
           "GETBILL_REMOTE_CLIENT_SECRET": secret, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    report = tmp_path / "errors.xlsx"
    code = ("import logging, sys; logging.basicConfig(level=logging.DEBUG); sys.argv = ['getbill-import', *sys.argv[1:]]; "
            "from getbill_import.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code, "import", str(export), "--to", api.url, "--chunk-size", "30",
                           "--report", str(report)], env=env, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr.decode()
    assert b"HTTP Request: POST" in done.stderr  # the debug log was on
    everything = done.stdout + done.stderr + report.read_bytes() + (data / "getbill.db").read_bytes()
    for wal in data.glob("getbill.db-*"):
        everything += wal.read_bytes()
    assert secret.encode() not in everything
    assert b"gbat_" not in everything and b"gbrt_" not in everything
    assert_server_has_exactly(api.database_url, account, expected, chunks=_chunks(expected, 30))


def test_a_chunk_larger_than_the_server_takes_stops_the_run_and_a_smaller_one_finishes_it(
    make_server, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    server: ApiServer = make_server(GETBILL_API_MAX_BATCH_ITEMS="20")
    export = tmp_path / "relances.csv"
    expected = write_export(export, 100)
    account = new_account()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": server.key(account, sandbox=False)}
    done = CliRunner().invoke(cli, ["import", str(export), "--to", server.url, "--chunk-size", "50"], env=env)
    assert done.exit_code == 2, done.output
    assert "smaller chunk size (--chunk-size)" in done.output
    again = CliRunner().invoke(cli, ["import", str(export), "--to", server.url, "--chunk-size", "20",
                                     "--format", "json"], env=env)
    assert again.exit_code == 1, again.output
    out = json.loads(again.output)
    assert out["start"] == "resumed" and out["load"]["created"] == len(expected)
    assert_server_has_exactly(server.database_url, account, expected, chunks=_chunks(expected, 20))


def test_each_sheet_of_a_workbook_is_sent_once(api: ApiServer, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    second = workbook.create_sheet("Février")
    for sheet, prefix in ((first, "JAN"), (second, "FEB")):
        sheet.append(["N° facture", "Client", "Email", "Montant TTC"])
        for i in range(30):
            sheet.append([f"{prefix}-{i:03d}", f"Client {i}", f"c{i}@example.fr", f"{100 + i},00"])
    export = tmp_path / "relances.xlsx"
    workbook.save(export)
    account = new_account()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": api.key(account, sandbox=False)}
    runner = CliRunner()
    runs = [runner.invoke(cli, ["import", str(export), "--to", api.url, "--sheet", sheet, "--format", "json"], env=env)
            for sheet in ("0", "1", "0")]
    assert [r.exit_code for r in runs] == [0, 0, 0], [r.output for r in runs]
    statuses = [json.loads(r.output)["status"] for r in runs]
    assert statuses == ["completed", "completed", "already_imported"]
    state = server_state(api.database_url, account)
    assert set(state.cases) == {f"{p}-{i:03d}" for p in ("JAN", "FEB") for i in range(30)}


def test_open_items_are_sent_with_the_debtors_of_their_customer_file_once(api: ApiServer, tmp_path: Path) -> None:
    """``--debtors`` with ``--to``: the cases reach the server with their debtors' names, and the
    same pair of files sent again sends nothing."""
    import sqlalchemy as sa

    from getbill_import.store.schema import cases

    items, customers = tmp_path / "fbl5n.csv", tmp_path / "kunden.csv"
    items.write_text(
        "Customer;Reference;Document Date;Net due date;Amount in local currency\n"
        + "".join(f"{100000 + i % 7:010d};9{i:07d};03.09.2026;03.10.2026;{100 + i},00\n" for i in range(60)),
        encoding="utf-8",
    )
    customers.write_text(
        "Kunde;Name 1;E-Mail-Adresse\n" + "".join(f"{100000 + n};Firma {n} GmbH;f{n}@example.de\n" for n in range(7)),
        encoding="utf-8",
    )
    account = new_account()
    settings = client_settings(tmp_path / "client")
    target = resolve_target(api.url, settings.remote, CredentialOptions(api_key=api.key(account, sandbox=False), chunk_size=25))
    options = ImportOptions(debtors=customers)
    sent = run_remote_import(items, settings, target, options)
    assert sent.status == "completed" and sent.load is not None and sent.load.created == 60
    again = run_remote_import(items, settings, target, options)
    assert again.status == "already_imported" and again.load is None
    engine = sa.create_engine(api.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(cases.c.reference, cases.c.debtor_name, cases.c.debtor_email).where(cases.c.account == account)
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == 60
    assert {(r.debtor_name, r.debtor_email) for r in rows if r.reference == "90000008"} == {("Firma 1 GmbH", "f1@example.de")}
