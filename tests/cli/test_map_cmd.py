"""``getbill-import map``: what a user sees for real files, and what scripts get as JSON."""

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from getbill_import.cli import cli

CASES = Path(__file__).resolve().parent.parent / "cases" / "mapping"
SAGE = CASES / "sage100_relances.csv"


@pytest.fixture
def run(tmp_path):
    data_dir = tmp_path / "data"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["map", *map(str, args)], env={"GETBILL_DATA_DIR": str(data_dir), "COLUMNS": "200"})

    invoke.data_dir = data_dir
    return invoke


def as_json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_describes_the_source_and_every_column(run):
    doc = as_json(run(SAGE, "--format", "json"))
    assert set(doc) >= {"source", "profile", "fingerprint", "columns", "missing_required"}
    source = doc["source"]
    assert (source["format"], source["encoding"], source["delimiter"], source["header_line"]) == ("csv", "cp1252", ";", 4)
    assert [e["line"] for e in source["excluded_lines"]] == [1, 2, 3]
    assert doc["profile"] == "sage-100-relances"
    assert len(doc["fingerprint"]) == 64
    assert doc["missing_required"] == []
    columns = {c["column"]: c for c in doc["columns"]}
    assert list(columns)[:3] == ["N° compte tiers", "Intitulé tiers", "N° pièce"]
    assert columns["Solde"] == {
        "column": "Solde", "field": "amount", "confidence": 1.0, "status": "mapped", "reason": "profile sage-100-relances",
    }
    assert columns["Débit"]["field"] is None and columns["Débit"]["status"] == "unmapped"
    assert set(columns["Intitulé tiers"]) == {"column", "field", "confidence", "status", "reason"}


def test_the_table_shows_detection_mapping_unmapped_columns_and_notices(run):
    result = run(CASES / "contact_emails.csv")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "CSV" in out and "delimiter ';'" in out and "header on line 1" in out
    assert "Column mapping" in out
    for text in ("Contact", "debtor.email", "values: 100% e-mail addresses", "Facture", "reference"):
        assert text in out


def test_unmapped_to_confirm_and_missing_required_are_spelled_out(run, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Montant à relancer;Zorglub;Ville\n12,00;x;Paris\n7,50;y;Lyon\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 2, result.output  # it says the file cannot be imported: no success
    assert "Kept as metadata (unmapped): 'Zorglub'" in result.stdout
    assert "To confirm: 'Montant à relancer' → amount" in result.stdout
    assert "Missing required field(s): debtor.name" in result.stdout and "reference" in result.stdout
    as_doc = run(path, "--format", "json")
    assert as_doc.exit_code == 2
    doc = json.loads(as_doc.stdout)
    assert doc["missing_required"] == ["debtor.name", "reference"]
    assert doc["profile"] is None


def test_map_gives_the_same_advice_as_import_on_a_list_of_payables(run, tmp_path):
    # a vendor portal's outstanding bills: map said to join a customer file or to name the suppliers'
    # account numbers as the debtor, where import says it is a list of payables
    path = tmp_path / "outstanding.csv"
    path.write_text("Vendor,Invoice_Date,Invoice_no,invoice_amt,Account_Number\nAirtel,2024-04-01,INV-778,1180.00,CGPL001\n"
                    "Tata Power,2024-04-06,TP-1,3200.00,CGPL002\nBharti,2024-04-07,BH-9,120.00,CGPL003\n", encoding="utf-8")
    said = "Its column 'Vendor' names suppliers: a list of what is owed to suppliers (payables) holds no debt to collect."
    result = run(path)
    assert result.exit_code == 2 and said in " ".join(result.stdout.split())
    doc = json.loads(run(path, "--format", "json").stdout)
    assert said in doc["error"]["message"]


def test_map_accepts_the_date_order_as_documented(run, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Facture;Client;Montant;Echeance\nF1;A;12,00;03/04/2026\n", encoding="utf-8")
    result = run(path, "--date-order", "month")
    assert result.exit_code == 0, result.output
    assert run(path, "--date-order", "week").exit_code == 2  # not an order


def test_save_remembers_the_mapping_for_the_next_file_with_the_same_headers(run, tmp_path):
    first = tmp_path / "octobre.csv"
    first.write_text("Pièce;Tiers;Montant à relancer;Zorglub\nF1;Dupont;12,00;x\n", encoding="utf-8")
    result = run(first, "--save", "acme")
    assert result.exit_code == 0, result.output
    saved = run.data_dir / "learned" / "acme.toml"
    assert saved.is_file()
    assert "Mapping saved to" in result.stdout and "acme.toml" in result.stdout

    second = tmp_path / "novembre.csv"
    second.write_text("Pièce;Tiers;Montant à relancer;Zorglub\nF9;Martin;99,00;y\nF10;Petit;5,00;z\n", encoding="utf-8")
    doc = as_json(run(second, "--format", "json"))
    assert doc["profile"] == "acme"
    columns = {c["column"]: c for c in doc["columns"]}
    assert columns["Montant à relancer"]["status"] == "mapped"
    assert columns["Montant à relancer"]["confidence"] == 1.0
    assert columns["Tiers"]["reason"] == f"learned mapping of {date.today().isoformat()} ('acme')"
    assert columns["Zorglub"]["field"] is None

    forced = as_json(run(SAGE, "--profile", "acme", "--format", "json"))
    assert forced["profile"] == "acme"


def test_an_unknown_profile_is_an_error_listing_the_known_ones(run):
    result = run(SAGE, "--profile", "nope")
    assert result.exit_code == 2
    assert "Unknown mapping profile 'nope'" in result.stderr
    assert "quickbooks-open-invoices" in result.stderr and "sage-100-relances" in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_an_error(run, tmp_path):
    result = run(tmp_path / "absent.csv")
    assert result.exit_code == 2
    assert "Error" in result.stderr


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Synthèse"
    summary.append(["Agence", "Nombre de dossiers", "Encours"])
    summary.append(["Lyon", 4, 9120.5])
    detail = book.create_sheet("Impayés")
    detail.append(["Factures échues au 31/10/2026"])
    detail.append([])
    detail.append(["Référence", "Client", "Courriel", "Reste à payer", "Montant HT"])
    detail.append(["FC-1", "Menuiserie Blanc", "t.blanc@example.fr", 1830, 1525])
    detail.append(["FC-2", "Boucherie Perrin", "s.perrin@example.fr", 642.35, 535.29])
    book.save(path)
    return path


def test_a_workbook_sheet_is_found_by_its_header_or_chosen_by_name_or_index(run, tmp_path):
    path = _workbook(tmp_path / "impayes.xlsx")
    found = as_json(run(path, "--format", "json"))
    assert (found["source"]["sheet"], found["source"]["header_line"]) == ("Impayés", 3)
    assert {c["column"]: c["field"] for c in found["columns"]}["Reste à payer"] == "amount"
    synthese = run(path, "--sheet", "Synthèse", "--format", "json")
    assert synthese.exit_code == 2  # that sheet cannot be imported
    by_name = json.loads(synthese.stdout)
    assert by_name["source"]["sheet"] == "Synthèse"
    assert "reference" in by_name["missing_required"]
    by_index = as_json(run(path, "--sheet", "1", "--format", "json"))
    assert by_index["source"]["sheet"] == "Impayés"


def test_delimiter_and_encoding_can_be_forced(run, tmp_path):
    path = tmp_path / "pipes.txt"
    path.write_bytes("N° facture|Société|Solde dû\nF-1|Lefèvre & Fils|1 200,00\n".encode("cp1252"))
    doc = as_json(run(path, "--delimiter", "|", "--encoding", "cp1252", "--format", "json"))
    assert (doc["source"]["delimiter"], doc["source"]["encoding"]) == ("|", "cp1252")
    assert {c["column"]: c["field"] for c in doc["columns"]} == {
        "N° facture": "reference", "Société": "debtor.name", "Solde dû": "amount",
    }


def test_json_of_an_unmappable_file_carries_an_error_object(run, tmp_path):
    path = tmp_path / "no_reference.csv"
    path.write_text("Client;Commentaire\nDupont;rien\nMartin;rien\n", encoding="utf-8")
    result = run(path, "--format", "json")
    assert result.exit_code == 2  # the file cannot be imported as mapped
    data = json.loads(result.stdout)
    assert data["error"]["code"] == "required-column-missing"
    assert set(data["missing_required"]) == {"amount", "reference"}


def test_json_of_an_unknown_profile_is_a_document_with_a_stable_code(run):
    result = run(Path(__file__).resolve().parents[2] / "samples" / "xero_invoices_en.csv", "--profile", "nope", "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["error"]["code"] == "unknown-profile"
    assert "Known profiles" in data["error"]["message"]


def test_a_column_is_mapped_by_hand_with_set_and_the_mapping_saved_for_the_next_file(run, tmp_path):
    # a ticket list: no column names the invoice number, and the ticket's id is kept out
    orders = tmp_path / "EtsySoldOrders.csv"
    orders.write_text(
        "Sale Date,Ticket ID,Full Name,Number of Items,Order Total,Currency\n"
        "01/03/2026,2943166503,Ann Lee,2,24.90,USD\n01/04/2026,2943174327,Bob Ray,1,12.00,USD\n", encoding="utf-8",
    )
    refused = run(orders, "--format", "json")
    assert refused.exit_code == 2 and json.loads(refused.stdout)["error"]["code"] == "required-column-missing"
    doc = as_json(run(orders, "--set", "Ticket ID=reference", "--set", "number of items=ignore", "--save", "etsy",
                      "--format", "json"))
    columns = {c["column"]: c for c in doc["columns"]}
    assert (columns["Ticket ID"]["field"], columns["Ticket ID"]["status"], columns["Ticket ID"]["reason"]) == (
        "reference", "mapped", "set by hand (--set)")
    assert columns["Number of Items"]["field"] is None and not doc["missing_required"]
    # the next month's list is mapped by the saved mapping, without --set
    later = tmp_path / "EtsySoldOrders-04.csv"
    later.write_text(orders.read_text(encoding="utf-8").replace("2943", "3001"), encoding="utf-8")
    again = as_json(run(later, "--format", "json"))
    assert again["profile"] == "etsy" and {c["column"]: c["field"] for c in again["columns"]}["Ticket ID"] == "reference"


def test_set_taking_a_field_from_another_column_and_its_mistakes(run, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Invoice No,Customer,Amount,Balance\nA1,Acme,100.00,40.00\nA2,Globex,80.00,80.00\n", encoding="utf-8")
    doc = as_json(run(path, "--set", "Amount=amount", "--format", "json"))
    columns = {c["column"]: c for c in doc["columns"]}
    assert columns["Amount"]["field"] == "amount"
    assert (columns["Balance"]["field"], columns["Balance"]["reason"]) == (None, "amount is already 'Amount', set by hand (--set)")
    # a column left out by hand gives its field back to the column it had beaten
    doc = as_json(run(path, "--set", "Balance=ignore", "--format", "json"))
    assert {c["column"]: c["field"] for c in doc["columns"]}["Amount"] == "amount"
    unknown = run(path, "--set", "Total=amount", "--format", "json")
    assert unknown.exit_code == 2
    assert json.loads(unknown.stdout)["error"]["code"] == "unknown-column"
    wrong = run(path, "--set", "Customer=debtor.nom", "--format", "json")
    assert wrong.exit_code == 2 and json.loads(wrong.stdout)["error"]["code"] == "unknown-field"
    malformed = run(path, "--set", "Customer")
    assert malformed.exit_code == 2 and "is not COLUMN=FIELD" in malformed.output


def test_header_line_zero_reads_a_file_without_a_header_and_set_names_its_columns(run, tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text("F-2026-001;Dupont SARL;1200,50\nF-2026-002;Martin SA;350,00\nF-2026-003;Durand;89,90\n", encoding="utf-8")
    doc = as_json(run(path, "--header-line", "0", "--set", "Column 1=reference", "--set", "Column 2=debtor.name",
                      "--set", "Column 3=amount", "--format", "json"))
    assert doc["source"]["header_line"] == 0
    assert doc["source"]["rows"] == 3
    assert {c["column"]: c["field"] for c in doc["columns"]} == {
        "Column 1": "reference", "Column 2": "debtor.name", "Column 3": "amount",
    }
    assert doc["missing_required"] == []
    table = run(path, "--header-line", "0")
    assert "no header row" in table.output
    # a header line past the end of the file is refused, with a JSON document
    refused = run(path, "--header-line", "7", "--format", "json")
    assert refused.exit_code == 2
    assert "its header cannot be on line 7" in json.loads(refused.stdout)["error"]["message"]


def test_a_mapping_saved_for_a_file_without_a_header_reads_the_next_one_the_same_way(run, tmp_path):
    first = tmp_path / "march.csv"
    first.write_text("F-2026-001;Dupont SARL;1200,50\nF-2026-002;Martin SA;350,00\n", encoding="utf-8")
    saved = as_json(run(first, "--header-line", "0", "--set", "Column 1=reference", "--set", "Column 2=debtor.name",
                        "--set", "Column 3=amount", "--save", "lines", "--format", "json"))
    assert saved["saved_profile"]
    # April's file, named by the profile alone: its first line is an invoice, not the columns' names
    april = tmp_path / "april.csv"
    april.write_text("F-2026-101;Petit SAS;99,00\nF-2026-102;Grand SA;10,00\n", encoding="utf-8")
    doc = as_json(run(april, "--profile", "lines", "--format", "json"))
    assert (doc["source"]["header_line"], doc["source"]["rows"]) == (0, 2)
    assert {c["column"]: c["field"] for c in doc["columns"]} == {
        "Column 1": "reference", "Column 2": "debtor.name", "Column 3": "amount",
    }
    result = CliRunner().invoke(
        cli, ["validate", str(april), "--profile", "lines", "--format", "json"],
        env={"GETBILL_DATA_DIR": str(run.data_dir)},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["valid"] == 2
    # the header line given on the command line wins over the profile's
    told = run(april, "--profile", "lines", "--header-line", "1", "--format", "json")
    assert json.loads(told.stdout)["source"]["rows"] == 1


def test_two_columns_set_to_one_field_are_refused(run, tmp_path):
    path = tmp_path / "aging.csv"
    path.write_text("Invoice;Customer;0 - 30 days;31 - 60 days\nF-1;Acme;100.00;\nF-2;Borg;;50.00\n", encoding="utf-8")
    result = run(path, "--set", "0 - 30 days=amount", "--set", "31 - 60 days=amount")
    assert result.exit_code == 2
    assert "'0 - 30 days' and '31 - 60 days' are both set to amount: a field takes one column" in result.output
    # two columns set to the reference are told how to join them
    joined = run(path, "--set", "Invoice=reference", "--set", "Customer=reference")
    assert joined.exit_code == 2
    assert "join them: --set 'Invoice+Customer=reference'" in " ".join(joined.output.split())
    assert "Payer Name+Charge Date=reference" in " ".join(run(path, "--help").output.split())
