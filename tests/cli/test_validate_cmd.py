import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from getbill_import.cli import cli

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), env={"GETBILL_DATA_DIR": str(tmp_path / "data")}, catch_exceptions=False)

    return invoke


def test_clean_file_exits_zero(run):
    result = run("validate", str(SAMPLES / "xero_invoices_en.csv"))
    assert result.exit_code == 0, result.output
    assert "No problem found" in result.output


def test_invalid_rows_exit_one_and_report_lists_them(run, tmp_path):
    report = tmp_path / "errors.csv"
    result = run("validate", str(SAMPLES / "export_erp_maison_erreurs.csv"), "--report", str(report))
    assert result.exit_code == 1, result.output
    assert "invalid-amount" in result.output
    with report.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    bad_amount = next(r for r in rows if r["code"] == "invalid-amount" and r["line"] == "6")
    assert (bad_amount["column"], bad_amount["value"], bad_amount["severity"]) == ("Montant du", "abc", "error")
    formula = next(r for r in rows if r["line"] == "20" and r["code"] == "invalid-amount")
    assert formula["value"].startswith("'=")


def test_json_output_is_stable(run):
    result = run("validate", str(SAMPLES / "export_erp_maison_erreurs.csv"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) >= {"source", "profile", "columns", "counts", "problems_by_code", "reports"}
    # line 7 owes nothing: it is left out as paid; line 8 is a credit of a customer owing nothing else
    assert data["counts"]["rows"] == 19
    assert data["counts"]["valid"] + data["counts"]["invalid"] == 19
    assert {"line": 7, "reason": "closed", "text": ""} in data["source"]["excluded_lines"]
    assert {"line": 8, "reason": "credit", "text": ""} in data["source"]["excluded_lines"]
    assert data["problems_by_code"]["duplicate-reference"] == 2
    assert data["source"]["delimiter"] == ","


def test_fix_writes_a_corrected_copy_that_validates_better(run, tmp_path):
    fixed = tmp_path / "fixed.csv"
    first = run("validate", str(SAMPLES / "export_erp_maison_erreurs.csv"), "--fix", str(fixed), "--format", "json")
    before = json.loads(first.output)["problems_by_code"]
    text = fixed.read_text(encoding="utf-8-sig")
    assert "marie.curie@gmail.com" in text
    second = run("validate", str(fixed), "--format", "json")
    after = json.loads(second.output)["problems_by_code"]
    assert "email-domain-typo" in before and "email-domain-typo" not in after
    assert "phone-missing-leading-zero" not in after


def test_xlsx_report(run, tmp_path):
    from openpyxl import load_workbook

    report = tmp_path / "errors.xlsx"
    result = run("validate", str(SAMPLES / "relances_sage_fr.csv"), "--report", str(report))
    assert result.exit_code == 0, result.output
    wb = load_workbook(report)
    assert wb.sheetnames == ["Summary", "Rows", "Problems"]
    assert wb["Problems"].max_row == 3  # header + two warnings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
    ],
)
def test_unreadable_file_exits_two_without_traceback(run, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert message in result.output.lower()
    assert "Traceback" not in result.output


def test_missing_file_exits_two(run, tmp_path):
    result = run("validate", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "nope.csv" in result.output and "Traceback" not in result.output


def test_file_without_reference_column_says_what_to_do(run, tmp_path):
    path = tmp_path / "noref.csv"
    path.write_text("Client;Email\nJean Dupont;jean@orange.fr\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "--profile" in result.output and "Traceback" not in result.output


def test_json_is_a_document_with_an_error_object_when_required_fields_are_missing(run, tmp_path):
    path = tmp_path / "no_amount.csv"
    path.write_text("Référence;Client;Commentaire\nF-1;Dupont;rien\nF-2;Martin;rien\n", encoding="utf-8")
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["error"]["code"] == "required-column-missing"
    assert "amount" in data["error"]["message"]
    assert data["missing_required"] == ["amount"]
    assert [c["column"] for c in data["columns"]] == ["Référence", "Client", "Commentaire"]
    assert data["source"]["delimiter"] == ";"


def test_json_is_a_document_with_an_error_object_when_the_file_cannot_be_read(run, tmp_path):
    result = run("validate", str(tmp_path / "absent.csv"), "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["error"]["code"] == "unreadable-file"
    assert "absent.csv" in data["error"]["message"]


def test_json_is_a_document_with_an_error_object_when_an_option_is_wrong(run):
    result = run("validate", str(SAMPLES / "xero_invoices_en.csv"), "--format", "json", "--date-order", "sideways")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["error"]["code"] == "invalid-setting"
    assert "--date-order" in data["error"]["message"]
    # without --format json, click's usual message on stderr
    plain = run("validate", str(SAMPLES / "xero_invoices_en.csv"), "--date-order", "sideways")
    assert plain.exit_code == 2 and plain.stdout == ""


def test_tables_at_80_columns_never_cut_field_names_or_codes_and_say_what_they_leave_out(run, tmp_path):
    path = tmp_path / "wide.csv"
    header = "N° facture;Client;Montant TTC;Email;Téléphone;Code postal;Ville;Pays;Devise;Échéance;Date facture"
    rows = [
        "F-1;A;abc;a@gmial.com;06;75;Paris;Zz;EURO;31/02/2026;01/01/2026",
        "F-1;;0;bad@;+33 6 12 34 56 78;75;Paris;FR;EUR;15/03/2026;20/03/2026",
        ";Bob;5;b@free.fr;612345678;75;Paris;FR;EUR;10/01/2026;01/01/2026",
        "F-4;Eve;1,234;c@x.fr,d@x.fr;;;;FR;EUR;10/01/2026;;",
        "F-5;1234;12,345;;;;;;EUR;10/01/2026;",
        "F-6;Zed\x1b[31m;10,00;z@free.fr;;;;;XXX;;",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = run("validate", str(path))  # not a terminal: 80 columns
    out = result.output
    assert "debtor.address.postal_code" in out and "debtor.address.country" in out
    for code in ("duplicate-reference", "phone-missing-leading-zero", "control-characters"):
        assert code in out, code
    assert "\x1b" not in out  # the escape sequence in a name is shown, never played
    tables = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= 80


def test_most_frequent_problems_says_which_codes_it_leaves_out(tmp_path):
    from rich.console import Console

    from getbill_import.cli._render import render_problems
    from getbill_import.problems import problems_from_records

    problems = problems_from_records([
        {"line": 2 + i, "column": "X", "value": "v", "code": f"code-{i:02d}", "severity": "error",
         "message": "m", "suggestion": None}
        for i in range(18)
    ])
    console = Console(width=80, record=True)
    render_problems(console, problems, limit=15)
    text = console.export_text()
    assert "and 3 more codes (3 problems): code-15, code-16, code-17" in text


def test_a_list_of_paid_and_partly_paid_invoices_through_the_command(tmp_path):
    """The installed command, in a process of its own: what was already paid is taken off, an
    invoice paid in full or flagged paid is left out, and the JSON document says which rows."""
    import subprocess
    import sys

    path = tmp_path / "relances.csv"
    path.write_text(
        "Client;Facture;Montant TTC;Déjà réglé;Payée ?;Email\n"
        "Dupont SA;F-1;120,00;20,00;Non;compta@dupont.fr\n"
        "Martin SARL;F-2;80,00;80,00;Non;compta@martin.fr\n"
        "Durand;F-3;50,00;;Oui;durand@free.fr\n"
        "Petit;F-4;60,00;;Non;petit@free.fr\n",
        encoding="utf-8",
    )
    env = {"GETBILL_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "getbill_import", "validate", str(path), "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["counts"] == {"rows": 2, "valid": 2, "invalid": 0, "warnings": 0}
    assert [(e["line"], e["reason"]) for e in data["source"]["excluded_lines"]] == [(3, "closed"), (4, "closed")]
    assert "1 invoice(s) paid in part are owed the rest: their total less 'Déjà réglé' (row 2)." in data["source"]["notices"]


def test_set_maps_a_column_for_one_run(run, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("Ticket ID,Full Name,Order Total\n2943166503,Ann Lee,24.90\n2943174327,Bob Ray,12.00\n", encoding="utf-8")
    refused = run("validate", str(path))
    assert refused.exit_code == 2 and "--set 'COLUMN=reference'" in refused.output
    result = run("validate", str(path), "--set", "Ticket ID=reference", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["valid"] == 2


def test_phones_are_read_in_the_region_the_file_points_to_unless_the_user_set_one(tmp_path):
    path = tmp_path / "cartera.csv"
    lines = ["Factura;Cliente;Saldo;Moneda;Celular"]
    lines += [f"FV-{i};Cliente {i};{i}50000;COP;31{i} 45{i} 207{i}" for i in range(1, 7)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "data")}
    inferred = json.loads(runner.invoke(cli, ["validate", str(path), "--format", "json"], env=env).output)
    assert inferred["counts"]["valid"] == 6
    assert any(n.startswith("Phone numbers without a country were read as numbers of CO") for n in inferred["notices"])
    chosen = runner.invoke(cli, ["validate", str(path), "--format", "json"], env={**env, "GETBILL_DEFAULT_REGION": "FR"})
    assert json.loads(chosen.output)["problems_by_code"] == {"invalid-phone": 6, "no-contact-channel": 6}
