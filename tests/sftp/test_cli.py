"""``getbill-import sftp run-once|status|trust-host`` through click's CliRunner, against the real
sshd: what an operator sees, and what ends up recorded."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sftp_helpers import SshServer, expected_references, keygen, names, references, write_export

from getbill_import.cli import cli
from getbill_import.store import open_store
from getbill_import.store.cases import list_cases

pytestmark = pytest.mark.slow


def _config(path: Path, server: SshServer, drop: Path, known_hosts: Path, **extra: object) -> Path:
    lines = [
        "[defaults]",
        f'known_hosts = "{known_hosts}"',
        "min_age = 0",
        "settle = 0",
        "retry_delay = 0.01",
        "retries = 1",
        "",
        "[sources.acme]",
        'host = "127.0.0.1"',
        f"port = {server.port}",
        f'user = "{server.user}"',
        f'key_file = "{server.client_key}"',
        f'remote_dir = "{drop}"',
        'account = "acme"',
        *(f"{k} = {json.dumps(v)}" for k, v in extra.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "GETBILL_DATA_DIR": str(tmp_path / "data"),
        "GETBILL_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "GETBILL_SFTP_CONFIG": "",
    }


def run(env: dict[str, str], *args: str, input: str | None = None) -> Result:
    return CliRunner(env={**env, "COLUMNS": "200"}).invoke(cli, ["sftp", *args], input=input, catch_exceptions=False)


def _fingerprint(server: SshServer) -> str:
    out = subprocess.run(["ssh-keygen", "-lf", str(server.host_key.with_suffix(".pub"))],
                         check=True, capture_output=True, text=True)
    return out.stdout.split()[1]


def test_run_once_imports_reports_and_exits_by_what_happened(
    sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    config = _config(tmp_path / "sftp.toml", sshd, drop, known_hosts)
    write_export(drop / "clean.csv", "C", valid=4)
    result = run(env, "run-once", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "acme" in result.stdout and "imported" not in result.stderr.lower().split("sftp cycle")[0]
    assert "sftp cycle source=acme" in result.stderr and "imported=1" in result.stderr

    write_export(drop / "some_bad.csv", "S", valid=2, invalid=1)
    result = run(env, "run-once", "--config", str(config), "--format", "json")
    assert result.exit_code == 1  # rows were rejected: see the report
    [data] = json.loads(result.stdout)
    assert data["status"] == "ok" and data["files"][0]["invalid"] == 1
    assert data["files"][0]["report_to"].startswith(f"{drop}/reports/")

    with open_store(env["GETBILL_DATABASE_URL"]) as store:
        assert references(store) == expected_references("C", 4) + expected_references("S", 2)


def test_run_once_exits_2_when_a_source_cannot_be_reached(
    sshd: SshServer, drop: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    empty = tmp_path / "known_hosts_empty"
    empty.write_text("")
    config = _config(tmp_path / "sftp.toml", sshd, drop, empty)
    result = run(env, "run-once", "--config", str(config))
    assert result.exit_code == 2
    assert "not in" in result.stdout and "trust-host" in result.stdout
    assert "Traceback" not in result.output


def test_one_source_from_options(sshd: SshServer, drop: Path, known_hosts: Path, env: dict[str, str]) -> None:
    write_export(drop / "a.csv", "O", valid=3, age=120)
    result = run(
        env, "run-once", "--host", "127.0.0.1", "--port", str(sshd.port), "--user", sshd.user,
        "--key-file", str(sshd.client_key), "--remote-dir", str(drop), "--known-hosts", str(known_hosts),
        "--account", "acme", "--pattern", "*.csv",
    )
    assert result.exit_code == 0, result.output
    with open_store(env["GETBILL_DATABASE_URL"]) as store:
        assert references(store) == expected_references("O", 3)



def test_one_source_from_options_joins_the_customer_file_dropped_beside_the_open_items(
    sshd: SshServer, drop: Path, known_hosts: Path, env: dict[str, str]
) -> None:
    (drop / "Debitoren.csv").write_text(
        "Konto;Name 1;E-Mail\n" + "".join(f"{10000 + n};Kunde {n} GmbH;k{n}@example.de\n" for n in range(4)),
        encoding="utf-8",
    )
    (drop / "OP-Liste.csv").write_text(
        "Konto;Belegnummer;Belegdatum;Fällig am;Betrag\n"
        + "".join(f"{10000 + i % 4};RE{i:05d};02.11.2026;02.12.2026;{50 + i},00\n" for i in range(8)),
        encoding="utf-8",
    )
    for path in drop.iterdir():
        os.utime(path, (time.time() - 120, time.time() - 120))
    result = run(
        env, "run-once", "--host", "127.0.0.1", "--port", str(sshd.port), "--user", sshd.user,
        "--key-file", str(sshd.client_key), "--remote-dir", str(drop), "--known-hosts", str(known_hosts),
        "--account", "acme", "--debtors-pattern", "Debitoren*", "--format", "json",
    )
    assert result.exit_code == 0, result.output
    [source] = json.loads(result.stdout)
    assert [(Path(f["path"]).name, f["outcome"], f["created"], f["debtors"]) for f in source["files"]] == [
        ("OP-Liste.csv", "imported", 8, f"{drop}/Debitoren.csv"),
    ]
    with open_store(env["GETBILL_DATABASE_URL"]) as store:
        named = {c["reference"]: c["debtor"]["name"] for c in list_cases(store, account="acme")}
    assert named["RE00005"] == "Kunde 1 GmbH" and len(named) == 8


def test_status_shows_cycles_files_and_failures(
    sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    config = _config(tmp_path / "sftp.toml", sshd, drop, known_hosts)
    write_export(drop / "good.csv", "G", valid=3)
    (drop / "broken.xlsx").write_bytes(b"not a workbook at all")
    run(env, "run-once", "--config", str(config))

    result = run(env, "status", "--config", str(config))
    assert result.exit_code == 0, result.output
    for text in ("Last cycles", "good.csv", "broken.xlsx", "imported", "failed", "Failures"):
        assert text in result.stdout, text
    data = json.loads(run(env, "status", "--config", str(config), "--format", "json").stdout)
    assert [c["status"] for c in data["cycles"]] == ["ok"]
    assert {Path(f["path"]).name: f["outcome"] for f in data["files"]} == {"good.csv": "imported", "broken.xlsx": "failed"}
    assert [Path(f["path"]).name for f in data["failures"]] == ["broken.xlsx"]


def test_status_before_any_cycle(sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path, env: dict[str, str]) -> None:
    config = _config(tmp_path / "sftp.toml", sshd, drop, known_hosts)
    result = run(env, "status", "--config", str(config))
    assert result.exit_code == 0 and "No SFTP cycle has run yet" in result.stdout


def test_trust_host_shows_the_fingerprint_and_records_the_key_only_when_confirmed(
    sshd: SshServer, drop: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    known = tmp_path / "keys" / "known_hosts"
    config = _config(tmp_path / "sftp.toml", sshd, drop, known)
    shown = _fingerprint(sshd)

    declined = run(env, "trust-host", "acme", "--config", str(config), input="n\n")
    assert declined.exit_code == 1 and shown in declined.stdout and "Nothing was recorded" in declined.stdout
    assert not known.exists()

    wrong = run(env, "trust-host", "acme", "--config", str(config), "--fingerprint", "SHA256:" + "A" * 43)
    assert wrong.exit_code == 2 and "not the expected" in wrong.stderr
    assert not known.exists()

    accepted = run(env, "trust-host", "acme", "--config", str(config), "--fingerprint", shown)
    assert accepted.exit_code == 0, accepted.output
    assert known.read_text().split()[0] == f"[127.0.0.1]:{sshd.port}"

    again = run(env, "trust-host", "acme", "--config", str(config), "--yes")
    assert again.exit_code == 0 and "already recorded" in again.stdout
    assert len(known.read_text().splitlines()) == 1

    write_export(drop / "a.csv", "H", valid=2, age=120)
    assert run(env, "run-once", "--config", str(config)).exit_code == 0


def test_trust_host_refuses_to_replace_a_different_key_unless_told(
    sshd: SshServer, drop: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    impostor = tmp_path / "impostor"
    keygen(impostor)
    known = tmp_path / "known_hosts"
    known.write_text("# kept\nother.example ssh-ed25519 " + impostor.with_suffix(".pub").read_text().split()[1]
                     + "\n" + sshd.known_hosts_line(impostor))
    config = _config(tmp_path / "sftp.toml", sshd, drop, known)

    refused = run(env, "trust-host", "acme", "--config", str(config), "--yes")
    assert refused.exit_code == 2 and "already records another key" in refused.stderr
    replaced = run(env, "trust-host", "acme", "--config", str(config), "--yes", "--replace")
    assert replaced.exit_code == 0, replaced.output
    lines = known.read_text().splitlines()
    assert lines[:2] == ["# kept", lines[1]] and lines[1].startswith("other.example ")
    assert lines[2] == sshd.known_hosts_line().strip()


def test_a_remote_api_target_is_refused_as_not_supported_yet(
    sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    config = _config(tmp_path / "sftp.toml", sshd, drop, known_hosts, to="https://api.example.com/v1")
    write_export(drop / "a.csv", "R", valid=2)
    result = run(env, "run-once", "--config", str(config))
    assert result.exit_code == 2
    assert "not supported yet" in result.stderr and "Traceback" not in result.output
    assert names(drop) == ["a.csv"]


def test_without_any_source_the_message_says_how_to_name_one(env: dict[str, str]) -> None:
    result = run(env, "run-once")
    assert result.exit_code == 2 and "--config" in result.stderr and "--host" in result.stderr
