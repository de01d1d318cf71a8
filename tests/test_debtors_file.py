"""Open items that name each debtor by a customer number alone, with the debtors' details in a
customer master file beside them (``--debtors``): the two files are joined on the column they
share, found by its values, and the invoices take the debtor fields they lack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.config import Settings
from getbill_import.errors import MappingError
from getbill_import.fields import LINE, METADATA
from getbill_import.pipeline import PrepareOptions, prepare_file
from getbill_import.store import open_store
from getbill_import.store.cases import list_cases

#: SAP's open items (FBL5N's default layout): the customer's number, no name
OPEN_ITEMS = (
    "Customer;Reference;Document Date;Net due date;Amount in local currency;Currency;Payment terms (days)\n"
    "0000100023;90001234;03.09.2026;03.10.2026;1.234,56;EUR;30\n"
    "0000100023;90001240;17.09.2026;17.10.2026;656,35;EUR;30\n"
    "0000100057;90001251;21.09.2026;21.10.2026;2.340,00;EUR;30\n"
    "0000100099;90001260;22.09.2026;22.10.2026;80,00;EUR;30\n"
)
#: the customer master list, exported on its own: numbers without their leading zeros, a row
#: counter whose values include the payment terms' 30
CUSTOMERS = "Nr;Kunde;Name 1;Ort;Postleitzahl;Straße;E-Mail-Adresse;Telefon\n" + "".join(
    f"{n};{number};{name};{city};{zip_};{street};{email};{phone}\n"
    for n, (number, name, city, zip_, street, email, phone) in enumerate(
        [
            ("100023", "Bäckerei Lefèvre GmbH", "München", "80331", "Marienplatz 1", "buchhaltung@lefevre.de", "+49 89 1234567"),
            ("100057", "Autohaus Martin KG", "Berlin", "10115", "Invalidenstraße 5", "info@autohaus-martin.de", "030 9876543"),
            ("100061", "Café Roux", "Hamburg", "20095", "Mönckebergstraße 7", "kontakt@cafe-roux.de", ""),
        ]
        + [(str(100100 + i), f"Kunde {i} GmbH", "Köln", "50667", f"Hohe Straße {i}", f"k{i}@example.de", "") for i in range(40)],
        start=1,
    )
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    items, customers = tmp_path / "fbl5n.csv", tmp_path / "kunden.csv"
    items.write_text(OPEN_ITEMS, encoding="utf-8")
    customers.write_text(CUSTOMERS, encoding="utf-8")
    return items, customers


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def test_open_items_take_their_debtors_from_the_customer_file(files, settings):
    items, customers = files
    prepared = prepare_file(items, settings, PrepareOptions(debtors=customers))
    assert prepared.cases.select(LINE, "reference", "debtor.name", "debtor.email", "debtor.address.city").rows() == [
        (2, "90001234", "Bäckerei Lefèvre GmbH", "buchhaltung@lefevre.de", "München"),
        (3, "90001240", "Bäckerei Lefèvre GmbH", "buchhaltung@lefevre.de", "München"),
        (4, "90001251", "Autohaus Martin KG", "info@autohaus-martin.de", "Berlin"),
        (5, "90001260", None, None, None),
    ]
    assert prepared.cases["debtor.phone"].to_list()[:2] == ["+49891234567", "+49891234567"]
    notices = prepared.mapping.notices
    assert (
        "Debtors from kunden.csv: the invoices' 'Customer' is its 'Kunde'; 3 of 4 rows found their debtor there, who "
        "gives them debtor.name, debtor.address.city, debtor.address.postal_code, debtor.address.line1, debtor.email, "
        "debtor.phone."
    ) in notices
    assert (
        "1 row(s) have a 'Customer' that is not in kunden.csv (first: line 5, '0000100099'): they keep only their own "
        "debtor fields."
    ) in notices
    # the number read as a name to confirm is the key now, kept with the case as metadata
    key = next(c for c in prepared.mapping.columns if c.column == "Customer")
    assert (key.field, key.reason) == (None, "the key of the debtors in kunden.csv (their 'Kunde')")
    assert not any(n.startswith("debtor.name: no column") for n in notices)
    assert json.loads(prepared.cases[METADATA][0])["Customer"] == "0000100023"
    # a debtor not in the file is said, on its row
    problems = prepared.problems.filter(prepared.problems["line"] == 5)
    assert ("missing-name", "Name 1 (kunden.csv)") in problems.select("code", "column").rows()


def test_map_shows_the_joined_columns_and_where_they_come_from(files, tmp_path):
    items, customers = files
    result = CliRunner().invoke(
        cli, ["map", str(items), "--debtors", str(customers), "--format", "json"], env={"GETBILL_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    columns = {c["column"]: c for c in json.loads(result.stdout)["columns"]}
    assert columns["E-Mail-Adresse (kunden.csv)"]["field"] == "debtor.email"
    assert columns["E-Mail-Adresse (kunden.csv)"]["reason"].startswith(
        "from kunden.csv: 'E-Mail-Adresse' of the debtor whose 'Kunde' is this row's 'Customer'"
    )
    # the row counter of the customer file is no key, though the payment terms' 30 is one of its values
    assert columns["Payment terms (days)"]["field"] is None
    assert "Nr (kunden.csv)" not in columns


def test_invoices_with_names_take_the_e_mails_of_a_contact_list(settings, tmp_path):
    items, contacts = tmp_path / "invoices.csv", tmp_path / "contacts.csv"
    items.write_text(
        "Invoice No,Client,Total,Due Date\nINV-1,Anne Martin,120.00,2026-10-01\nINV-2,Paul Durand,35.50,2026-10-03\n",
        encoding="utf-8",
    )
    contacts.write_text(
        "Contact,Email,Mobile\nPaul Durand,paul@example.org,+33 6 12 34 56 78\nANNE MARTIN,anne@example.org,\n", encoding="utf-8"
    )
    prepared = prepare_file(items, settings, PrepareOptions(debtors=contacts))
    # the invoices keep their own names; the e-mails and phones come from the contacts, matched by name
    assert prepared.cases.select("debtor.name", "debtor.email", "debtor.phone").rows() == [
        ("Anne Martin", "anne@example.org", None), ("Paul Durand", "paul@example.org", "+33612345678"),
    ]
    assert prepared.counts()["valid"] == 2


def test_a_debtors_file_that_cannot_be_joined_is_refused_with_what_to_do(files, tmp_path):
    items, _ = files
    runner = CliRunner()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "data")}
    unrelated = tmp_path / "other.csv"
    unrelated.write_text("Code;Name;Email\nX1;Foo GmbH;a@example.de\nX2;Bar AG;b@example.de\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(items), "--debtors", str(unrelated), "--format", "json"], env=env)
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "debtors-not-joined"
    assert "must hold the customer numbers (or names) the invoices give" in error["message"]
    # the document still says what was read and mapped of the invoices
    mapped = runner.invoke(cli, ["map", str(items), "--debtors", str(unrelated), "--format", "json"], env=env)
    assert mapped.exit_code == 2
    document = json.loads(mapped.stdout)
    assert document["error"]["code"] == "debtors-not-joined" and document["source"]["rows"] == 4
    assert {c["column"] for c in document["columns"]} >= {"Customer", "Reference"}
    nothing = tmp_path / "nothing.csv"
    nothing.write_text("A;B\n1;2\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(items), "--debtors", str(nothing)], env=env)
    assert result.exit_code == 2
    assert "The debtors file nothing.csv has no column recognised as a debtor's name" in result.output
    assert "Traceback" not in result.output


def test_import_with_the_debtors_file_is_its_own_import_and_never_duplicates_a_case(files, tmp_path, store_url):
    items, customers = files
    runner = CliRunner()
    env = {"GETBILL_DATA_DIR": str(tmp_path / "data")}

    def run(*extra: str):
        return runner.invoke(cli, ["import", str(items), "--database-url", store_url, *extra], env=env)

    alone = run()  # the customer numbers are taken for names, to confirm
    assert alone.exit_code == 0, alone.output
    joined = run("--debtors", str(customers), "--on-existing", "update")
    assert joined.exit_code == 1, joined.output  # one row's customer is not in the file
    assert "already imported" not in joined.output
    again = run("--debtors", str(customers))
    assert "already imported" in again.output and "with the same debtors file" in again.output
    assert "|debtors:" not in again.output and "sheet" not in again.output
    store = open_store(store_url)
    try:
        found = {c["reference"]: c for c in list_cases(store, account="default")}
    finally:
        store.close()
    assert sorted(found) == ["90001234", "90001240", "90001251", "90001260"]
    assert found["90001251"]["debtor"]["name"] == "Autohaus Martin KG"
    assert found["90001251"]["debtor"]["email"] == "info@autohaus-martin.de"


def test_files_that_share_no_debtor_are_not_joined_on_their_flags(settings):
    """DATEV's booking batch and a master data file of other accounts (sample files of two
    different demo clients): both hold 0/1 flags, which the four rows of the master data make
    unique, but no account of one is in the other."""
    samples = Path(__file__).resolve().parent / "cases" / "sample_files"
    with pytest.raises(MappingError) as refused:
        prepare_file(
            samples / "datev_extf_buchungsstapel.csv", settings,
            PrepareOptions(debtors=samples / "datev_extf_debitoren_kreditoren.csv"),
        )
    assert refused.value.code == "debtors-not-joined"


def test_invoices_without_a_currency_take_their_customers_and_a_blank_column_gives_nothing(settings, tmp_path):
    # Unleashed: the invoices' totals in each customer's currency, the currency on the customer's record
    items, customers = tmp_path / "Invoices.csv", tmp_path / "Customers.csv"
    items.write_text(
        "InvoiceNumber,CustomerCode,DueDate,Total\n"
        "SI-00000001,ACME,2026-03-01,120.00\nSI-00000002,GLOBEX,2026-03-02,80.50\nSI-00000003,ACME,2026-03-03,45.00\n",
        encoding="utf-8",
    )
    customers.write_text(
        "CustomerCode,CustomerName,Email,Currency\n"
        "ACME,Acme Ltd,,NZD\nGLOBEX,Globex Corp,,USD\nINITECH,Initech,,AUD\n",
        encoding="utf-8",
    )
    prepared = prepare_file(items, settings, PrepareOptions(debtors=customers))
    assert prepared.cases.select("reference", "debtor.name", "currency").rows() == [
        ("SI-00000001", "Acme Ltd", "NZD"), ("SI-00000002", "Globex Corp", "USD"), ("SI-00000003", "Acme Ltd", "NZD"),
    ]
    # the e-mail column, blank throughout, is not said to give anything
    joined = next(n for n in prepared.read.source.notices + prepared.mapping.notices if n.startswith("Debtors from"))
    assert joined.endswith("who gives them debtor.name, currency.")


def test_customer_codes_padded_with_zeros_are_a_key_however_small_their_numbers(settings, tmp_path):
    # a small customer base numbered 000001 to 000012: read as 1 to 12, written six digits long
    items, customers = tmp_path / "cuentas.csv", tmp_path / "clientes.csv"
    items.write_text("codcli;Factura;Saldo\n" + "".join(f"{n:06d};F001-{100 + n};{n}0,00\n" for n in range(1, 13)),
                     encoding="utf-8")
    customers.write_text("codcli;Nombre cliente;Correo\n" + "".join(
        f"{n:06d};Cliente {n} SAC;c{n}@example.pe\n" for n in range(1, 13)), encoding="utf-8")
    prepared = prepare_file(items, settings, PrepareOptions(debtors=customers))
    assert prepared.cases["debtor.name"].to_list() == [f"Cliente {n} SAC" for n in range(1, 13)]
    assert prepared.validation.invalid == 0


def test_a_few_customers_numbered_by_one_digit_are_a_key_under_a_customers_header(settings, tmp_path):
    """A recovery app's invoices name their 8 customers by 'client_id' 2 to 10, its customers file by
    'id': the key, though too few and too short for a number of no one's; the join had been refused
    as sharing no values."""
    items, customers = tmp_path / "factures.csv", tmp_path / "clients.csv"
    ids = [2, 4, 5, 6, 7, 8, 9, 10]
    items.write_text("id,numero,client_id,montant,date_echeance\n" + "".join(
        f"{i},FAC-2024-{i:03d},{c},{1000 * i},2024-03-{i:02d}\n" for i, c in enumerate(ids, start=1)), encoding="utf-8")
    customers.write_text("id,nom,email\n" + "".join(f"{c},Client {c} SARL,compta{c}@example.fr\n" for c in ids),
                         encoding="utf-8")
    prepared = prepare_file(items, settings, PrepareOptions(debtors=customers))
    assert prepared.cases["debtor.name"].to_list() == [f"Client {c} SARL" for c in ids]
    assert prepared.validation.invalid == 0
    # the same digits under a header naming no party ('lot') join nothing
    unnamed = tmp_path / "lots.csv"
    unnamed.write_text(items.read_text(encoding="utf-8").replace("client_id", "lot"), encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(unnamed, settings, PrepareOptions(debtors=customers))
    assert refused.value.code == "debtors-not-joined"


def test_a_customer_file_exported_without_its_header_is_read_by_its_values(files, settings, tmp_path):
    items, _ = files
    # the number, the name (words: "Kunde AB GmbH"), the e-mail and the phone of each customer: a
    # first row of values
    rows = [line.split(";") for line in CUSTOMERS.splitlines()[1:]]
    letters = str.maketrans("0123456789", "ABCDEFGHIJ")
    headless = tmp_path / "kunden_ohne_kopf.csv"
    headless.write_text(
        "".join(f"{r[1]};{r[2].translate(letters)};{r[6]};{r[7] or '+49 221 555000'}\n" for r in rows), encoding="utf-8"
    )
    prepared = prepare_file(items, settings, PrepareOptions(debtors=headless))
    assert "kunden_ohne_kopf.csv has no header row: its columns are read by their places and mapped by their values." \
        in prepared.read.source.notices
    assert prepared.cases["debtor.email"].to_list()[:3] == ["buchhaltung@lefevre.de"] * 2 + ["info@autohaus-martin.de"]
    assert prepared.cases["debtor.name"].to_list()[:3] == ["Bäckerei Lefèvre GmbH"] * 2 + ["Autohaus Martin KG"]


def test_customers_numbered_one_to_n_and_a_master_covering_some_of_them_are_joined(settings, tmp_path):
    """A debt buyer's loan tape names its debtors 1 to 46 ("debtor_id"), its debtors file "ID_Deudor":
    a key of one or two digits, joined where it was refused as a flag. An SAP open-items export by
    'KUNNR' beside a master of the pilot's customers only: the rows of the 12 customers it holds
    take their names, the others are said and rejected for their missing name, where the whole
    file was refused."""
    loans, debtors = tmp_path / "credits.csv", tmp_path / "debtors.csv"
    loans.write_text("debtor_id,contract_number,current_balance\n" + "".join(
        f"{n},7907{6673 + 31 * n},{9157 + n}.63\n" for n in range(1, 47)), encoding="utf-8")
    debtors.write_text("ID_Deudor,Nombre,Telefono\n" + "".join(
        f"{n},Deudor {n} Salas,+52 461 555 {1000 + n}\n" for n in range(1, 47)), encoding="utf-8")
    prepared = prepare_file(loans, settings, PrepareOptions(debtors=debtors))
    assert prepared.cases["debtor.name"].to_list()[:2] == ["Deudor 1 Salas", "Deudor 2 Salas"]
    assert prepared.validation.invalid == 0
    items, master = tmp_path / "lineitem.csv", tmp_path / "CustomerMasterData.csv"
    items.write_text("KUNNR,BELNR,NETDT,S_DMBTR\n" + "".join(
        f"{200100 + n % 60},{7100000000 + n},2025-10-06,{1000 + n}.50\n" for n in range(300)), encoding="utf-8")
    master.write_text("Customer code,Customer Name,Customer email\n" + "".join(
        f"{200100 + n},Distributor {n} Ltd,d{n}@example.co.th\n" for n in range(12)), encoding="utf-8")
    prepared = prepare_file(items, settings, PrepareOptions(debtors=master))
    assert prepared.validation.valid == 60
    notices = prepared.read.source.notices + prepared.mapping.notices
    assert any(n.startswith("240 row(s) have a 'KUNNR' that is not in CustomerMasterData.csv") for n in notices)


def test_the_debtors_key_under_its_own_header_wins_over_a_column_that_counts_as_many(settings, tmp_path):
    """A clinic's invoices by 'patient_id', beside their treatment plan's 'plan_id' (1 to 40, one per
    invoice): both hold numbers of the patients file's 'patient_id', and the plans, more of them,
    had won. Every debt went to the wrong patient."""
    invoices, patients = tmp_path / "invoices.csv", tmp_path / "patients.csv"
    invoices.write_text("invoice_id,patient_id,plan_id,issue_date,patient_share\n" + "".join(
        f"INV-{n},{(n * 7) % 20 + 1},{n},2026-07-{n % 28 + 1:02d},{100 * n}.00\n" for n in range(1, 41)), encoding="utf-8")
    first = ["Sara", "Reza", "Nasrin", "Sina", "Maryam", "Ali", "Leila", "Hamid"]
    last = ["Ahmadi", "Tavakoli", "Karimi", "Rahimi", "Moradi"]
    patients.write_text("patient_id,first_name,last_name,phone\n" + "".join(
        f"{n},{first[n % 8]},{last[n % 5]},+98 912 555 {1000 + n}\n" for n in range(1, 41)), encoding="utf-8")
    prepared = prepare_file(invoices, settings, PrepareOptions(debtors=patients))
    owed = dict(prepared.cases.select("reference", "debtor.name").rows())
    # INV-1 is patient 8's, INV-3 patient 2's (not patients 1 and 3, the plans')
    assert (owed["INV-1"], owed["INV-3"]) == ("Sara Rahimi", "Nasrin Karimi")
    assert any("the invoices' 'patient_id' is its 'patient_id'" in n
               for n in prepared.read.source.notices + prepared.mapping.notices)


def test_a_debtors_file_that_names_no_one_says_so_and_how_to_name_the_debtors(settings, tmp_path):
    """A customer file joined by the invoices' client number, holding cities and postal codes but
    no name: the refusal said nothing of it, nor offered the number as the name."""
    items, customers = tmp_path / "factures.csv", tmp_path / "clients.csv"
    items.write_text("facture_id,client_id,date_echeance,montant_ttc_eur\n" + "".join(
        f"F-{n},CL-{n % 5:04d},2026-0{n % 9 + 1}-15,{100 + n}.00\n" for n in range(12)), encoding="utf-8")
    customers.write_text("client_id,ville,code_postal\n" + "".join(
        f"CL-{n:04d},Poitiers,8600{n}\n" for n in range(5)), encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(items, settings, PrepareOptions(debtors=customers))
    assert str(refused.value).endswith(
        "The debtors file names no debtor either (none of its columns reads as a name): name one of its columns "
        "(--set 'COLUMN=debtor.name'), or name each debtor by what 'client_id' holds: --set 'client_id=debtor.name'."
    )


def test_a_list_of_balances_numbered_by_its_debtors_numbers_is_joined_on_them(tmp_path, settings):
    """A college's fees, one row per student numbered by the roll number, the students' names in
    their own file under the same number: the roll number is the reference and the key, where the
    join had been refused ('no column of the invoices shares its values')."""
    fees, students = tmp_path / "fees.csv", tmp_path / "students.csv"
    fees.write_text("fee_id,roll_no,semester,total_fee,amount_paid,pending_amount,payment_status\n"
                    "1,CSE24001,4,75000,75000,0,Paid\n2,CSE24002,6,75000,42232,32768,Partly Paid\n"
                    "3,CSE24003,2,75000,0,75000,Pending\n", encoding="utf-8")
    students.write_text("student_name,student_email,roll_no,grade\nArunima Raval,arunima.raval@gmail.com,CSE24001,B+\n"
                        "Fiyaz Chahal,fiyaz.chahal@gmail.com,CSE24002,A+\nMeera Iyer,meera.iyer@gmail.com,CSE24003,A\n",
                        encoding="utf-8")
    prepared = prepare_file(fees, settings, PrepareOptions(debtors=students))
    valid = prepared.cases.filter(prepared.cases["__valid__"])
    assert valid.select("reference", "debtor.name", "debtor.email").rows() == [
        ("CSE24002", "Fiyaz Chahal", "fiyaz.chahal@gmail.com"), ("CSE24003", "Meera Iyer", "meera.iyer@gmail.com"),
    ]
    # a pupil's grade ("B+") is no address
    assert "debtor.address.line1" not in valid.columns or valid["debtor.address.line1"].is_null().all()
    assert not any("no status the tool knows" in n for n in prepared.notices)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


#: a hand-kept workbook: the invoices by customer code on one sheet, the customers on the next
INVOICES_SHEET = [["Code client", "N° facture", "Échéance", "Montant TTC"]] + [
    [f"C{n:03d}", f"FA-2026-{n:03d}", "2026-10-01", 100.0 * n] for n in range(1, 6)
]
CLIENTS_SHEET = [["Code client", "Raison sociale", "Email"]] + [
    [f"C{n:03d}", f"Société {n} SARL", f"compta{n}@societe{n}.fr"] for n in range(1, 6)
]


def test_a_workbook_gives_its_invoices_the_debtors_of_its_customers_sheet(settings, tmp_path):
    path = _workbook(tmp_path / "impayés.xlsx", {"Factures": INVOICES_SHEET, "Clients": CLIENTS_SHEET})
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "Factures"
    assert prepared.validation.invalid == 0
    assert prepared.cases.select("reference", "debtor.name", "debtor.email").rows()[:2] == [
        ("FA-2026-001", "Société 1 SARL", "compta1@societe1.fr"), ("FA-2026-002", "Société 2 SARL", "compta2@societe2.fr"),
    ]
    assert ("Debtors from sheet 'Clients' of impayés.xlsx: the invoices' 'Code client' is its 'Code client'; "
            "5 of 5 rows found their debtor there, who gives them debtor.name, debtor.email.") in prepared.mapping.notices
    # the same workbook given as the debtors file reads the customers' sheet, never the invoices' own
    given = prepare_file(path, settings, PrepareOptions(debtors=path))
    assert given.cases.select("debtor.name").to_series().to_list() == [f"Société {n} SARL" for n in range(1, 6)]


def test_a_debtors_workbook_is_read_on_the_sheet_its_customers_are_on(settings, tmp_path):
    invoices = _workbook(tmp_path / "factures.xlsx", {"Factures": INVOICES_SHEET})
    customers = _workbook(tmp_path / "clients.xlsx", {
        "Synthèse": [["Code client", "Nombre de factures", "Total"], ["C001", 2, 300.0], ["C002", 1, 200.0]],
        "Clients": CLIENTS_SHEET,
    })
    prepared = prepare_file(invoices, settings, PrepareOptions(debtors=customers))
    assert prepared.cases.select("debtor.name").to_series().to_list() == [f"Société {n} SARL" for n in range(1, 6)]
    assert any(n.startswith("Debtors from sheet 'Clients' of clients.xlsx") for n in prepared.mapping.notices)


def test_a_sheet_sharing_a_code_that_names_no_party_gives_no_debtor_unasked(settings, tmp_path):
    # the invoices by sales rep, beside a sheet of the reps: a sales rep is not a debtor
    dues = [["Sales rep", "Invoice", "Due date", "Amount due"]] + [
        [f"R{n % 3:02d}", f"INV-{n}", "2026-10-01", 50.0 + n] for n in range(12)
    ]
    reps = [["Sales rep", "Full name", "Email"]] + [[f"R{n:02d}", f"Rep {n}", f"rep{n}@example.org"] for n in range(3)]
    path = _workbook(tmp_path / "dues.xlsx", {"Dues": dues, "Reps": reps})
    with pytest.raises(MappingError, match=r"debtor\.name"):
        prepare_file(path, settings)


def test_a_cleaned_customer_list_is_judged_on_its_own_sheet_not_on_its_change_log(settings, tmp_path):
    # the customers on the first sheet; on the second, what was cleaned: the source row ("Zeile"), the
    # field, before, after and why ("Grund", no gross amount); numbered rows are no invoices' numbers
    customers = [["Firma", "Ansprechpartner", "Straße", "PLZ", "Ort", "Telefon", "E-Mail", "Hinweis"]] + [
        [f"Muster {n} GmbH", f"Frau Beispiel {n}", f"Hauptstraße {n}", f"1011{n}", "Berlin", f"030 1234 56{n:02d}",
         f"info@muster{n}.de", ""] for n in range(1, 9)
    ]
    log = [["Zeile (Quelle)", "Firma", "Feld", "Vorher", "Nachher", "Grund"]] + [
        [n + 1, f"Muster {n} GmbH", "Telefon", f"0301234 56{n:02d}", f"030 1234 56{n:02d}", "Telefonformat vereinheitlicht"]
        for n in range(1, 9)
    ]
    path = _workbook(tmp_path / "kundenliste_bereinigt.xlsx", {"Kunden bereinigt": customers, "Aenderungsprotokoll": log})
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "Columns found: 'Firma', 'Ansprechpartner'" in str(refused.value)
    assert "a customer list holds no debt" in str(refused.value)


def test_a_list_of_suppliers_is_told_by_its_sheet_and_not_offered_as_debtors(settings, tmp_path):
    """Business Central's RapidStart package of vendors: its sheet "Vendor", its columns a customer's
    card's (number, name, address, phone). It had been called a customer list and offered as the
    debtors of another export."""
    rows = [["No.", "Name", "Address", "City", "Phone No.", "Country/Region Code", "ZIP Code"]] + [
        [f"V900{n}", f"Supplier {n} Inc.", f"{n} South Lake Avenue", "Atlanta", f"425555019{n}", "US", "31772"]
        for n in range(1, 6)
    ]
    for sheet, said in (("Vendor", "Its sheet 'Vendor' says its rows are suppliers"),
                        ("Customer", "a customer list holds no debt")):
        path = _workbook(tmp_path / f"{sheet}.xlsx", {sheet: rows})
        with pytest.raises(MappingError) as refused:
            prepare_file(path, settings)
        assert said in str(refused.value)
        assert ("--debtors" in str(refused.value)) is (sheet == "Customer")


def test_a_ledger_whose_sheet_names_payables_is_said_to_list_them(settings, tmp_path):
    """An Indonesian ledger of 'Other Payable', its party a 'Vendor/Client': refused for want of a
    debtor, its sheet's name, the one thing saying what it lists, had not been read."""
    rows = [["Date", "Vendor/Client", "Trans No", "Description", "Currency", "Debit", "Credit"]] + [
        ["2025-06-0" + str(n), ("", "ADHI", "AMANDA")[n % 3], f"JV.2025.0{n}.00270", "Reimbursement / Transport", "IDR",
         str(1000 * n) if n % 2 else "", "" if n % 2 else str(1000 * n)] for n in range(1, 7)
    ]
    path = _workbook(tmp_path / "ledger.xlsx", {"Other Payable": rows})
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "Its sheet ('Other Payable') says it lists payables, purchases or expenses ('payable')" in str(refused.value)


def test_a_customer_list_given_as_invoices_is_refused_with_the_way_to_use_it(settings, tmp_path):
    path = tmp_path / "clienti.csv"
    path.write_text(
        '"number";"name";"email";"phone";"address_street_1";"address_city_1";"vat_id"\n'
        '"8247";"Pinco Pallino";"prova@example.ch";"07823615";"Via Alle Stalle 28";"Cadenazzo";""\n'
        '"4";"Pinco Pallino SA";"info@pinksa.ch";"076892345";"Via la Stampa 21";"Cadro";"CHE-123.456.789"\n',
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert refused.value.code == "required-column-missing"
    assert ("Its columns describe customers (names, numbers, e-mails, phones, addresses) and none holds an amount: a "
            "customer list holds no debt. To give another export's invoices their debtors' details from it, pass it "
            "with --debtors beside that export.") in str(refused.value)
    # a CRM's accounts: each one's number and name, no way to reach them
    path.write_text(
        "GFN Account Number;Account Name;Account Owner;Banding;GFN Status\n"
        "AB10000000;Alpha Transport Ltd;Emily Lewis;Platinum;Blocked\n"
        "AB10000001;Beta Transport Ltd;Alice Thompson;Bronze;Active\n"
        "AB10000002;Gamma Freight Ltd;Emily Lewis;Gold;Active\n", encoding="utf-8",
    )
    with pytest.raises(MappingError, match="a customer list holds no debt"):
        prepare_file(path, settings)
    # a contact list of Bling's: each customer's credit limit is no money owed
    path.write_text(
        '"ID";"Nome";"Endereço";"Cidade";"Celular";"E-mail";"Limite de crédito";"Cliente desde"\n'
        '"16643758051";"Padaria Pão Quente Ltda";"Rua A, 12";"Recife";"81999887766";"contato@paoquente.com.br";"0.00";"21/03/2024"\n'
        '"16643758052";"Mercado Boa Vista";"Av. B, 400";"Olinda";"81988776655";"compras@boavista.com.br";"1500.00";"02/04/2024"\n',
        encoding="utf-8",
    )
    with pytest.raises(MappingError, match="a customer list holds no debt"):
        prepare_file(path, settings)
    # a bank's client profiles: each one's annual income is no money owed either (it had been offered as
    # the amount)
    path.write_text(
        "client_id,name,age,gender,annual_income,credit_score,email,phone\n"
        "1,Ana Silva,34,F,52000.50,710,ana@example.pt,+351912345678\n"
        "2,Bruno Costa,45,M,38000.00,650,bruno@example.pt,+351913456789\n"
        "3,Carla Dias,29,F,61000.75,780,carla@example.pt,+351914567890\n", encoding="utf-8",
    )
    with pytest.raises(MappingError, match="a customer list holds no debt") as profiles:
        prepare_file(path, settings)
    assert "annual_income=amount" not in str(profiles.value)
    # invoices by their number and due date, each with the employee responsible, their amounts in another
    # export: no customer list
    path.write_text(
        "NRFACTURA,CODCOMANDA,NUMERESPONSABIL,AnFactura,LunaFactura,ZiFactura,DataScadenta\n"
        "17530,23109,Tudorache Florin,2015,12,12,2015-12-31\n17531,23108,Tuica Marin,2015,2,3,2015-03-01\n"
        "17532,23110,Popescu Ana,2015,4,7,2015-05-07\n", encoding="utf-8",
    )
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "Its rows are invoices ('NRFACTURA') without their amounts" in str(refused.value)
    assert "customer list" not in str(refused.value)
    # a list of balances whose amount's header is unknown holds money: no customer list
    path.write_text(
        "Client;E-mail;Cumul\nDupont SARL;compta@dupont.fr;1 250,00\nMartin SA;info@martin.fr;80,50\n", encoding="utf-8",
    )
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert refused.value.facts["missing"] == ["amount", "reference"]
    assert "customer list" not in str(refused.value)


def test_the_installed_command_imports_a_workbooks_invoices_with_its_customers_sheet_once(tmp_path):
    """``import`` in a process of its own: the invoices of one sheet take their debtors from the
    customers' sheet beside them, and a second run creates no case again."""
    import os
    import subprocess
    import sys

    path = _workbook(tmp_path / "impayés.xlsx", {"Factures": INVOICES_SHEET, "Clients": CLIENTS_SHEET})
    url = f"sqlite:///{tmp_path / 'store.db'}"
    env = {**os.environ, "GETBILL_DATA_DIR": str(tmp_path / "data")}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "getbill_import", "import", str(path), "--database-url", url,
                               "--format", "json"], env=env, capture_output=True, text=True, check=False)

    first = run()
    assert first.returncode == 0, first.stderr
    assert any(n.startswith("Debtors from sheet 'Clients' of impayés.xlsx") for n in json.loads(first.stdout)["notices"])
    assert run().returncode == 0
    store = open_store(url)
    try:
        cases = list_cases(store, account="default")
    finally:
        store.close()
    assert sorted((c["reference"], c["debtor"]["name"]) for c in cases) == [
        (f"FA-2026-{n:03d}", f"Société {n} SARL") for n in range(1, 6)
    ]


def test_a_list_of_balances_named_by_a_customer_master_is_numbered_by_its_customers(settings, tmp_path):
    """SAP's balances per customer ('KUNNR', one row each), their names in the customer master given with
    --debtors: each debt is named by its customer's number, as it is when that number is set as the
    name, where the file had been refused for want of a reference."""
    aging = tmp_path / "aging.csv"
    aging.write_text("KUNNR,BUKRS,TOTAL_OUTSTANDING,WAERS\nC000030,1000,194850.33,USD\nC000066,1000,232083.89,USD\n"
                     "C000071,1000,100.00,USD\nC000072,1000,88105.38,USD\n", encoding="utf-8")
    master = tmp_path / "kna1.csv"
    master.write_text("KUNNR,NAME1,ORT01\nC000030,Alpha Corp,New York\nC000066,Beta Ltd,Boston\nC000071,Gamma Inc,Chicago\n"
                      "C000072,Delta Inc,Denver\n", encoding="utf-8")
    prepared = prepare_file(aging, settings, PrepareOptions(debtors=str(master)))
    assert prepared.cases.select("reference", "debtor.name").rows() == [
        ("C000030", "Alpha Corp"), ("C000066", "Beta Ltd"), ("C000071", "Gamma Inc"), ("C000072", "Delta Inc")]
