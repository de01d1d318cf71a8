"""``getbill-import cases list|show|delete`` through click's CliRunner, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from getbill_import.cli import cli
from getbill_import.load import load_cases
from getbill_import.store import open_store
from getbill_import.store.cases import get_case
from getbill_import.store.events import count_events
from getbill_import.store.schema import cases


@pytest.fixture
def store(store_url: str, make_cases):  # type: ignore[no-untyped-def]
    opened = open_store(store_url)
    load_cases(opened, make_cases(4, prefix="F-2026-"), account="default")
    load_cases(opened, make_cases(2, prefix="AV-", **{"debtor.phone": "+33123456789"}), account="default")
    load_cases(opened, make_cases(1, prefix="X-", **{"debtor.name": "Ailleurs"}), account="globex")
    with opened.write() as conn:
        conn.execute(sa.update(cases).where(cases.c.reference == "F-2026-000002").values(status="resolved"))
    yield opened
    opened.close()


@pytest.fixture
def run(tmp_path: Path, store_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(
            cli, ["cases", *args, "--database-url", store_url],
            env={"GETBILL_DATA_DIR": str(tmp_path / "data")}, input=input,
        )

    return invoke


def _json(result: Result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_list_shows_the_account_cases_oldest_first(run, store) -> None:  # type: ignore[no-untyped-def]
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "6 cases." in result.output
    assert "F-2026-000000" in result.output
    assert "X-000000" not in result.output
    listed = _json(run("list", "--format", "json"))
    assert [c["reference"] for c in listed] == [
        "F-2026-000000", "F-2026-000001", "F-2026-000002", "F-2026-000003", "AV-000000", "AV-000001",
    ]
    assert listed[0] == get_case(store, account="default", key="F-2026-000000")


def test_list_filters(run, store) -> None:  # type: ignore[no-untyped-def]
    def refs(*args: str) -> list[str]:
        return [c["reference"] for c in _json(run("list", "--format", "json", *args))]

    assert refs("--status", "resolved") == ["F-2026-000002"]
    assert refs("--reference", "AV-*") == ["AV-000000", "AV-000001"]
    assert refs("--reference", "AV-000001") == ["AV-000001"]
    assert refs("--since", "2000-01-01", "--until", "2999-12-31", "--limit", "2") == ["F-2026-000000", "F-2026-000001"]
    assert refs("--until", "2000-01-01") == []
    assert refs("--account", "globex") == ["X-000000"]
    assert run("list", "--status", "lost").exit_code == 2  # not a status


def test_list_says_when_it_shows_only_part(run, store) -> None:  # type: ignore[no-untyped-def]
    result = run("list", "--limit", "2")
    assert "2 of 6 cases shown; use --limit 0 for all." in result.output
    assert run("list", "--reference", "AV-000001").output.splitlines()[-1] == "1 case."


def test_list_as_csv_flattens_and_guards_against_formulas(run, store) -> None:  # type: ignore[no-untyped-def]
    result = run("list", "--format", "csv", "--reference", "AV-*")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["reference"] for r in rows] == ["AV-000000", "AV-000001"]
    assert rows[0]["debtor.name"] == "Client 0"
    assert rows[0]["amount"] == "1.00"
    assert rows[0]["debtor.phone"] == "+33123456789"  # a phone number is no formula: no apostrophe
    assert json.loads(rows[0]["metadata"]) == {}


def test_list_as_csv_quotes_separators_and_escapes_formulas(run, store_url, make_cases) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_url) as opened:
        load_cases(opened, make_cases(1, prefix="Z-", **{"debtor.name": "Eve;=1+1;", "debtor.company": "=HYPERLINK(1)"}),
                   account="default")
    result = run("list", "--format", "csv", "--reference", "Z-*")
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[1]
    assert ',"Eve;=1+1;",\'=HYPERLINK(1),' in line  # quoted: a ';' spreadsheet keeps it one cell
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert (row["debtor.name"], row["debtor.company"]) == ("Eve;=1+1;", "'=HYPERLINK(1)")


def test_show_prints_metadata_by_column_and_never_raw_control_characters(run, store_url, make_cases) -> None:  # type: ignore[no-untyped-def]
    with open_store(store_url) as opened:
        load_cases(opened, make_cases(1, prefix="ESC-", **{
            "debtor.name": "Eve\x1b[2J\x1b[31m[bold]Red[/]",
            "metadata": '{"Commercial": "A. Morel", "Note": "bip\\u0007"}',
        }), account="default")
    result = run("show", "ESC-000000")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Eve\\x1b[2J\\x1b[31m[bold]Red[/]" in result.output
    assert "metadata: Commercial" in result.output and "A. Morel" in result.output
    assert "{'Commercial'" not in result.output
    assert "bip\\x07" in result.output


def test_show_by_reference_or_id_with_events(run, store) -> None:  # type: ignore[no-untyped-def]
    shown = _json(run("show", "F-2026-000001", "--format", "json"))
    assert shown["reference"] == "F-2026-000001"
    assert [e["type"] for e in shown["events"]] == ["debt.created"]
    assert shown["corrections"] == []
    by_id = _json(run("show", shown["id"], "--format", "json"))
    assert by_id == shown
    table = run("show", "F-2026-000001")
    assert "Client 1" in table.output
    assert "debt.created" in table.output


def test_show_unknown_case_exits_1(run, store) -> None:  # type: ignore[no-untyped-def]
    result = run("show", "NOPE")
    assert result.exit_code == 1
    assert "no case with reference or id 'NOPE'" in result.output
    assert run("show", "X-000000").exit_code == 1  # another account's case


def test_delete_asks_first_and_keeps_the_case_when_refused(run, store) -> None:  # type: ignore[no-untyped-def]
    result = run("delete", "F-2026-000001", input="n\n")
    assert result.exit_code == 1
    assert "Erase case F-2026-000001" in result.output
    assert get_case(store, account="default", key="F-2026-000001") is not None


def test_delete_erases_the_case_and_its_events(run, store) -> None:  # type: ignore[no-untyped-def]
    before = count_events(store, account="default")
    result = run("delete", "F-2026-000001", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Erased case F-2026-000001" in result.output
    assert get_case(store, account="default", key="F-2026-000001") is None
    assert count_events(store, account="default") == before - 1
    case = get_case(store, account="default", key="AV-000000")
    assert case is not None
    assert run("delete", case["id"], "--yes").exit_code == 0
    assert get_case(store, account="default", key="AV-000000") is None
    assert run("delete", "AV-000000", "--yes").exit_code == 1
    assert get_case(store, account="globex", key="X-000000") is not None
