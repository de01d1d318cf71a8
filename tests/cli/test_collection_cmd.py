"""The collection commands through click's CliRunner: the scheduler for cron, the follow-up
history, payments by hand and from a bank statement, status changes and the report's files."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import functools
import io
import json
import operator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from getbill_import.cli import cli
from getbill_import.config import Settings
from getbill_import.records import prepare_records
from getbill_import.store import open_store
from getbill_import.store.imports import ensure_account
from getbill_import.store.service import create_cases
from getbill_import.store.types import utc_now


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'store.db'}"
    data = tmp_path / "data"
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(data)})
    store = open_store(url)
    with store.write() as conn:
        ensure_account(conn, "default")
    debts = [{"debtor": {"name": f"Client {i}", "email": f"c{i}@example.fr"}, "amount": 100 + i,
              "reference": f"CLI-{i}", "due_date": "2026-03-02", "scenario": "standard_3_waves"} for i in range(3)]
    create_cases(store, prepare_records(debts, settings).cases, account="default", now=utc_now())
    store.close()
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, [*args], env={"GETBILL_DATA_DIR": str(data), "GETBILL_DATABASE_URL": url})

    return invoke


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_tick_for_cron_then_the_follow_up_history(run) -> None:  # type: ignore[no-untyped-def]
    when = (utc_now().date() + dt.timedelta(days=1)).isoformat() + "T09:00:00"  # the cases were opened today
    first = json.loads(_ok(run("collection", "tick", "--now", when, "--format", "json")))
    assert first["followups"] == 3 and first["by_channel"] == {"email": 3}
    assert "0 follow-ups" in _ok(run("collection", "tick", "--now", when))
    listed = json.loads(_ok(run("followups", "list", "--format", "json")))
    assert [(f["reference"], f["channel"]) for f in listed] == [("CLI-0", "email"), ("CLI-1", "email"), ("CLI-2", "email")]
    # the simulated e-mail's outcome is drawn per case (new ids each run): the tick's counts are the history's
    outcomes = [f["outcome"] for f in listed]
    assert set(outcomes) <= {"delivered", "bounced"}
    assert first["by_outcome"] == dict(collections.Counter(outcomes))
    assert first["contacted"] == outcomes.count("delivered")
    one = json.loads(_ok(run("followups", "list", "--case", "CLI-1", "--format", "json")))
    assert [f["reference"] for f in one] == ["CLI-1"]
    rows = list(csv.DictReader(io.StringIO(_ok(run("followups", "list", "--format", "csv", "--channel", "email")))))
    assert len(rows) == 3 and json.loads(rows[0]["details"])["to"] == "c0@example.fr"
    assert "CLI-2" in _ok(run("followups", "list"))
    missing = run("followups", "list", "--case", "NOPE")
    assert missing.exit_code == 2 and "There is no case 'NOPE'" in missing.output


def test_payments_by_hand_and_status_changes(run) -> None:  # type: ignore[no-untyped-def]
    out = _ok(run("payments", "add", "CLI-0", "40", "--external-id", "vir-1"))
    assert "Recorded 40.00 EUR for CLI-0: balance 60.00, status open." in out
    assert "nothing paid again" in _ok(run("payments", "add", "CLI-0", "40", "--external-id", "vir-1"))
    out = _ok(run("payments", "add", "CLI-0", "70,50", "--method", "check"))
    assert "status resolved" in out and "Overpayment: 10.50 EUR" in out
    listed = json.loads(_ok(run("payments", "list", "CLI-0", "--format", "json")))
    assert [(p["amount"], p["method"], p["overpaid"]) for p in listed] == [(40.0, "transfer", 0.0), (70.5, "check", 10.5)]
    bad = run("payments", "add", "CLI-1", "12.345")
    assert bad.exit_code == 2 and "at most 2 decimals" in bad.output
    assert "is payment_plan" in _ok(run("collection", "status", "CLI-1", "payment_plan"))
    assert "is escalated" in _ok(run("collection", "escalate", "CLI-1", "--reason", "disputed"))
    refused = run("collection", "status", "CLI-0", "cancelled")
    assert refused.exit_code == 2 and "A resolved case cannot become cancelled" in refused.output
    scenarios = json.loads(_ok(run("collection", "scenarios", "--format", "json")))
    assert scenarios[0]["name"] == "standard_3_waves" and scenarios[0]["default"] is True
    assert "firm_4_waves" in _ok(run("collection", "scenarios"))


def test_a_bank_statement_from_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    statement = tmp_path / "releve.csv"
    statement.write_bytes("Date;Libellé;Montant\n03/03/2026;VIR CLI-0 MERCI;100,00\n"
                          "04/03/2026;VIR INCONNU;55,00\n".encode("cp1252"))
    report = tmp_path / "lines.csv"
    dry = run("payments", "import", str(statement), "--dry-run")
    assert dry.exit_code == 1 and "1 payments would be recorded" in dry.output
    result = run("payments", "import", str(statement), "--report", str(report))
    assert result.exit_code == 1, result.output  # a line is unmatched
    assert "1 matched" in result.output and "Unmatched" in result.output and "VIR INCONNU" in result.output
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["line"], r["outcome"], r["reference"]) for r in rows] == [("2", "matched", "CLI-0"), ("3", "unmatched", "")]
    again = json.loads(run("payments", "import", str(statement), "--format", "json").output)
    assert again["counts"]["already_recorded"] == 1 and again["counts"]["payments"] == 0
    missing = run("payments", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "Error" in missing.output
    wrong = run("payments", "import", str(statement), "--column", "amount")
    assert wrong.exit_code == 2 and "ROLE=COLUMN" in wrong.output
    # a file of one word and no line below it (the fuzzer's "below") holds no payment: said, no crash
    empty = tmp_path / "file"
    empty.write_text("below", encoding="utf-8")
    none = run("payments", "import", str(empty), "--dry-run")
    assert none.exit_code == 0 and "0 lines" in none.output


def test_the_report_as_a_table_json_csv_and_a_chart(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _ok(run("payments", "add", "CLI-2", "102"))
    table = _ok(run("report"))
    assert "Collection report" in table and "33.3%" in table
    figures = json.loads(_ok(run("report", "--format", "json", "--period", "day")))
    assert figures["totals"]["cases"] == 3 and figures["totals"]["resolved"] == 1
    assert figures["totals"]["amounts"]["EUR"] == {"total": 303.0, "recovered": 102.0, "outstanding": 201.0,
                                                   "recovery_rate": 0.3366}
    assert _ok(run("report", "--format", "csv")).startswith("breakdown,key,cases")
    outputs = [tmp_path / "r.json", tmp_path / "r.csv", tmp_path / "r.png"]
    out = _ok(run("report", *functools.reduce(operator.iadd, (["--output", str(p)] for p in outputs), [])))
    assert all(p.exists() and f"Written: {p}" in out for p in outputs)
    assert outputs[2].read_bytes()[:4] == b"\x89PNG"
    bad = run("report", "--output", str(tmp_path / "r.pdf"))
    assert bad.exit_code == 2 and ".json, .csv or .png" in bad.output
    later = json.loads(_ok(run("report", "--format", "json", "--since", "2099-01-01")))
    assert later["totals"]["cases"] == 0
