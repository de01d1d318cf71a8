"""``getbill-import import`` through click's CliRunner, on SQLite and PostgreSQL: what a user sees
and what ends up in the store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from getbill_import.cli import cli
from getbill_import.store import open_store
from getbill_import.store.cases import get_case, list_cases
from getbill_import.store.events import count_events
from getbill_import.store.imports import list_corrections, list_imports
from getbill_import.store.schema import cases

HEADER = "N° facture;Client;Email;Téléphone;Montant TTC;Devise;Échéance;Commercial"
ROWS = [
    "F-2026-001;Jean Dupont;jean.dupont@email.com;06 12 34 56 78;2 340,00;EUR;15/01/2026;A. Morel",
    "F-2026-002;Marie Curie;marie.curie@gmial.com;06 12 34 56 79;150,00;EUR;20/01/2026;S. Petit",
    "F-2026-003;Léa Laurent;lea.laurent@orange.fr;07 61 23 45 67;75,50;EUR;28/02/2026;A. Morel",
    # an e-mail with a suggested correction, then a row with no name (no suggestion)
    "F-2026-004;Paul Martin;paul.martin@@orange.fr;06 98 76 54 32;1 200,00;EUR;05/03/2026;S. Petit",
    "F-2026-005;;sans.nom@free.fr;06 11 22 33 44;99,99;EUR;10/03/2026;A. Morel",
]


def write_export(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "relances.csv", ROWS)


@pytest.fixture
def run(tmp_path: Path, store_url: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, url: str | None = store_url, **env: str) -> Result:
        extra = ["--database-url", url] if url else []
        return runner.invoke(cli, ["import", *args, *extra], env={"GETBILL_DATA_DIR": str(tmp_path / "data"), **env})

    return invoke


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    opened = open_store(store_url)
    yield opened
    opened.close()


def _summary(output: str) -> dict[str, int]:
    """The import table's rows as {label: count}."""
    found = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│") if c.strip()]
        if len(cells) == 2 and cells[1].replace(",", "").isdigit():
            found[cells[0]] = int(cells[1].replace(",", ""))
    return found


def test_valid_rows_become_cases_and_rejected_rows_exit_1(run, export, store) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), GETBILL_BATCH_SIZE="2")
    assert result.exit_code == 1, result.output
    summary = _summary(result.output)
    # F-2026-004's e-mail is not valid: the debt comes in without it, with a warning
    assert summary["Created"] == 4
    assert summary["Rejected (invalid rows)"] == 1
    assert summary["Accepted with warnings"] == 2
    assert "missing-name" in result.output
    assert [c["reference"] for c in list_cases(store, account="default")] == [
        "F-2026-001", "F-2026-002", "F-2026-003", "F-2026-004"]
    assert get_case(store, account="default", key="F-2026-004")["debtor"]["email"] is None
    case = get_case(store, account="default", key="F-2026-001")
    assert case is not None
    assert (case["amount"], case["currency"], case["due_date"]) == (2340.0, "EUR", "2026-01-15")
    assert case["debtor"] == {**case["debtor"], "name": "Jean Dupont", "phone": "+33612345678"}
    assert case["metadata"] == {"Commercial": "A. Morel"}
    assert count_events(store, account="default", type="debt.created") == 4


def test_a_file_with_only_valid_rows_exits_0(run, tmp_path, store) -> None:  # type: ignore[no-untyped-def]
    result = run(str(write_export(tmp_path / "clean.csv", [ROWS[0], ROWS[2]])))
    assert result.exit_code == 0, result.output
    assert _summary(result.output)["Created"] == 2
    # not a terminal: no progress bar or escape codes in logs and pipes
    assert "Loading the cases" not in result.output
    assert "\x1b[" not in result.output


def test_the_same_file_again_changes_nothing_and_says_what_the_first_run_rejected(run, export, store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = run(str(export))
    assert first.exit_code == 1
    again = run(str(export))
    assert again.exit_code == 1, again.output  # the exit status of the import it refers to
    assert "already imported" in again.output
    assert "--force" in again.output
    assert "That import rejected 1 invalid row of 5" in again.output
    assert len(list_cases(store, account="default")) == 4
    assert count_events(store, account="default") == 4
    assert len(list_imports(store, account="default")) == 1
    report = tmp_path / "again.csv"
    with_report = run(str(export), "--report", str(report))
    assert with_report.exit_code == 1
    assert f"Error report written to {report}" in with_report.output.replace("\n", "")
    assert {r["code"] for r in csv.DictReader(report.open(encoding="utf-8-sig"), delimiter=";")} >= {"missing-name"}
    assert len(list_cases(store, account="default")) == 4


def test_a_clean_file_again_exits_0_and_says_where_the_store_is(run, tmp_path, store_url) -> None:  # type: ignore[no-untyped-def]
    clean = write_export(tmp_path / "clean.csv", [ROWS[0]])
    first = run(str(clean))
    assert first.exit_code == 0, first.output
    assert "into " in first.output and ("getbill.db" in first.output or "postgresql" in first.output)
    again = run(str(clean), "--format", "json")
    assert again.exit_code == 0
    doc = json.loads(again.output)
    assert doc["status"] == "already_imported" and doc["store"]


def _workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for month, prefix in (("Janvier", "J"), ("Fevrier", "F")):
        ws = wb.create_sheet(month)
        ws.append(["N° facture", "Client", "Montant TTC"])
        for i in range(3):
            ws.append([f"{prefix}-{i}", f"Client {i}", f"{i + 1}0,00"])
    wb.save(path)
    return path


def test_each_sheet_of_a_workbook_is_imported_once(run, tmp_path, store) -> None:  # type: ignore[no-untyped-def]
    book = _workbook(tmp_path / "book.xlsx")
    january = run(str(book), "--sheet", "Janvier")
    assert january.exit_code == 0, january.output
    february = run(str(book), "--sheet", "Fevrier")
    assert february.exit_code == 0, february.output
    assert "already imported" not in february.output
    assert sorted(c["reference"] for c in list_cases(store, account="default")) == [
        "F-0", "F-1", "F-2", "J-0", "J-1", "J-2",
    ]
    again = run(str(book), "--sheet", "Fevrier")
    assert "already imported" in again.output and "sheet 'Fevrier'" in again.output
    missing = run(str(book), "--sheet", "99")
    assert missing.exit_code == 2
    assert "no sheet number 99" in missing.output and "already imported" not in missing.output
    assert len(list_imports(store, account="default")) == 2


def test_force_runs_it_again_without_duplicating_cases(run, export, store) -> None:  # type: ignore[no-untyped-def]
    run(str(export))
    forced = run(str(export), "--force")
    assert forced.exit_code == 1, forced.output
    summary = _summary(forced.output)
    assert (summary["Created"], summary["Skipped: reference already a case"]) == (0, 4)
    assert len(list_cases(store, account="default")) == 4
    assert count_events(store, account="default") == 4


def test_update_changes_open_cases_and_leaves_resolved_ones(run, export, tmp_path, store) -> None:  # type: ignore[no-untyped-def]
    run(str(export))
    with store.write() as conn:
        conn.execute(sa.update(cases).where(cases.c.reference == "F-2026-003").values(status="resolved"))
    resolved_before = get_case(store, account="default", key="F-2026-003")
    changed = [row.replace("2 340,00", "2 500,00").replace("150,00", "175,00").replace("75,50", "80,00") for row in ROWS[:3]]
    result = run(str(write_export(tmp_path / "relances-v2.csv", changed)), "--on-existing", "update")
    assert result.exit_code == 0, result.output
    summary = _summary(result.output)
    assert (summary["Updated"], summary["Skipped: case resolved"], summary["Created"]) == (2, 1, 0)
    assert get_case(store, account="default", key="F-2026-001")["amount"] == 2500.0  # type: ignore[index]
    assert get_case(store, account="default", key="F-2026-003") == resolved_before


def test_update_of_the_same_export_reports_every_case_unchanged(run, export, store) -> None:  # type: ignore[no-untyped-def]
    run(str(export))
    before = list_cases(store, account="default")
    result = run(str(export), "--force", "--on-existing", "update")
    summary = _summary(result.output)
    assert (summary["Updated"], summary["Unchanged (already up to date)"], summary["Created"]) == (0, 4, 0)
    assert list_cases(store, account="default") == before


def test_skip_is_the_default_for_existing_references(run, export, tmp_path, store) -> None:  # type: ignore[no-untyped-def]
    run(str(export))
    changed = [ROWS[0].replace("2 340,00", "9 999,00")]
    result = run(str(write_export(tmp_path / "v2.csv", changed)))
    assert _summary(result.output)["Skipped: reference already a case"] == 1
    assert get_case(store, account="default", key="F-2026-001")["amount"] == 2340.0  # type: ignore[index]


def test_dry_run_stores_nothing(run, export, store_url) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), "--dry-run")
    assert result.exit_code == 1, result.output
    assert "Dry run: nothing was stored; 4 rows can be imported." in result.output
    with open_store(store_url) as store:
        assert list_cases(store, account="default") == []
        assert list_imports(store, account="default") == []


def test_apply_suggestions_imports_fixable_rows_and_records_the_change(run, export, store) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), "--apply-suggestions")
    assert result.exit_code == 1, result.output  # the row without a name is still rejected
    assert _summary(result.output)["Created"] == 4
    assert get_case(store, account="default", key="F-2026-004")["debtor"]["email"] == "paul.martin@orange.fr"  # type: ignore[index]
    recorded = {(c["field"], c["original"], c["corrected"]) for c in list_corrections(store, account="default", reference="F-2026-004")}
    assert ("debtor.email", "paul.martin@@orange.fr", "paul.martin@orange.fr") in recorded
    assert list_corrections(store, account="default", reference="F-2026-001") == []


def test_report_lists_rejected_rows(run, export, tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "errors.csv"
    result = run(str(export), "--report", str(report))
    assert f"Error report written to {report}" in result.output.replace("\n", "")
    with report.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))  # the report keeps the file's delimiter
    assert {(r["line"], r["code"]) for r in rows} >= {("5", "invalid-email"), ("6", "missing-name")}


def test_account_scopes_the_cases_and_the_once_only_rule(run, export, store) -> None:  # type: ignore[no-untyped-def]
    run(str(export), "--account", "acme")
    assert len(list_cases(store, account="acme")) == 4
    assert list_cases(store, account="default") == []
    other = run(str(export), "--account", "globex")
    assert _summary(other.output)["Created"] == 4
    assert len(list_cases(store, account="globex")) == 4


def test_json_output_for_scripts(run, export) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), "--format", "json")
    data = json.loads(result.output)
    assert data["status"] == "completed"
    assert data["load"] == {
        "created": 4, "updated": 0, "unchanged": 0, "skipped_existing": 0, "skipped_resolved": 0, "duplicates": 0,
    }
    assert data["counts"] == {"rows": 5, "valid": 4, "invalid": 1, "warnings": 2}
    assert data["import"]["status"] == "completed"
    assert data["import"]["id"].startswith("imp_")
    assert len(data["file"]["sha256"]) == 64
    again = json.loads(run(str(export), "--format", "json").output)
    assert again["status"] == "already_imported"
    assert again["import"]["first_completed_at"] == data["import"]["first_completed_at"]


def test_unreachable_database_is_exit_2_with_a_message(run, export) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), url="postgresql+psycopg://getbill:s3cret@127.0.0.1:1/getbill")
    assert result.exit_code == 2
    assert "Cannot reach the database" in result.output
    assert "s3cret" not in result.output
    assert "Traceback" not in result.output


def test_missing_file_is_exit_2(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(str(tmp_path / "nowhere.csv"))
    assert result.exit_code == 2
    assert "File not found" in result.output


def test_default_store_is_created_in_the_data_folder(run, export, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run(str(export), url=None)
    assert result.exit_code == 1, result.output
    assert (tmp_path / "data" / "getbill.db").is_file()


def test_a_column_set_by_hand_is_imported_by_the_installed_command(tmp_path: Path) -> None:
    """``import --set`` in a process of its own, as a user runs it: the ticket list refused for its
    reference is imported once its 'Ticket ID' is named, and a bad --set is a clear error."""
    import os
    import subprocess
    import sys

    orders = tmp_path / "EtsySoldOrders.csv"
    orders.write_text("Ticket ID,Full Name,Order Total\n2943166503,Ann Lee,24.90\n2943174327,Bob Ray,12.00\n",
                      encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = {**os.environ, "GETBILL_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "getbill_import", "import", str(orders), "--database-url", url,
                               "--format", "json", *args], env=env, capture_output=True, text=True, check=False)

    refused = run()
    assert refused.returncode == 2 and json.loads(refused.stdout)["error"]["code"] == "required-column-missing"
    wrong = run("--set", "Order Number=reference")
    assert wrong.returncode == 2 and json.loads(wrong.stdout)["error"]["code"] == "unknown-column"
    assert "Traceback" not in wrong.stderr
    done = run("--set", "Ticket ID=reference")
    assert done.returncode == 0, done.stderr
    store = open_store(url)
    try:
        assert sorted(c["reference"] for c in list_cases(store, account="default")) == ["2943166503", "2943174327"]
    finally:
        store.engine.dispose()
