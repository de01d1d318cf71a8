"""``map_columns``: fields, confidences, statuses and reasons for whole tables."""

import polars as pl
import pytest

from getbill_import.fields import LINE
from getbill_import.mapping import MappingResult, map_columns


def table(columns: dict[str, list[str | None]]) -> pl.DataFrame:
    height = len(next(iter(columns.values())))
    data = {LINE: list(range(2, height + 2)), **columns}
    return pl.DataFrame(data, schema={LINE: pl.Int64, **{c: pl.String for c in columns}})


def by_column(result: MappingResult) -> dict[str, tuple[str | None, str]]:
    return {c.column: (c.field, c.status) for c in result.columns}


def column(result: MappingResult, name: str):
    return next(c for c in result.columns if c.column == name)


AMOUNTS = ["1 200,00", "350,50", "89,90"]


def test_the_open_balance_wins_the_amount_over_the_total_and_never_the_amount_before_tax():
    result = map_columns(table({"Montant HT": AMOUNTS, "Montant TTC": AMOUNTS, "Solde": AMOUNTS, "N° facture": ["F1", "F2", "F3"]}))
    assert result.field_columns()["amount"] == "Solde"
    assert column(result, "Montant TTC").reason == "lost to 'Solde' (open balance wins)"
    assert column(result, "Montant HT").field is None
    assert "amount before tax" in column(result, "Montant HT").reason
    assert any("'Solde' (open balance) chosen over 'Montant TTC'" in n for n in result.notices)


def test_without_an_open_balance_the_total_tax_included_is_the_amount():
    result = map_columns(table({"Total HT": AMOUNTS, "Total TTC": AMOUNTS, "Montant": AMOUNTS}))
    assert result.field_columns()["amount"] == "Total TTC"
    result = map_columns(table({"Net amount": AMOUNTS, "VAT": AMOUNTS}))
    assert "amount" not in result.field_columns()


def test_a_total_that_says_tax_included_wins_over_the_same_total_without_it_and_over_a_price():
    """An invoice-line export (MYOB's item sales): "Total" may be before tax, "Inc-Tax Total" is
    what the debtor owes; a price is the price of one unit."""
    amounts = ["2.252.252,25", "1.742.702,70", "90,00"]
    result = map_columns(table({"Price": amounts, "Inc-Tax Price": amounts, "Total": amounts, "Inc-Tax Total": amounts}))
    assert result.field_columns()["amount"] == "Inc-Tax Total"
    assert column(result, "Total").reason == "lost to 'Inc-Tax Total' (its header says tax included)"
    assert column(result, "Inc-Tax Price").reason == "lost to 'Inc-Tax Total' (total tax included wins)"
    assert "amount: 'Inc-Tax Total' (tax included) chosen over 'Total'." in result.notices
    # a total of other words keeps its place: the earlier column of equal rank and confidence
    result = map_columns(table({"Montant total": amounts, "Valor com IVA": amounts}))
    assert result.field_columns()["amount"] == "Montant total"
    # a price alone is still the amount when nothing better is there
    assert map_columns(table({"Price incl. VAT": amounts})).field_columns()["amount"] == "Price incl. VAT"
    # the grand total, shipping included, over the total of the goods before it ("Total Livro", "Frete")
    result = map_columns(table({"Total Livro": amounts, "Frete": amounts, "Total Geral": amounts}))
    assert result.field_columns()["amount"] == "Total Geral"
    assert map_columns(table({"Total": amounts, "Grand Total": amounts})).field_columns()["amount"] == "Grand Total"


def test_a_loans_current_balance_beats_its_original_balance_written_first():
    result = map_columns(table({"loan_id": ["L1", "L2", "L3"], "original_balance": ["25000000.00", "18000000.00", "9500000.00"],
                                "current_balance": ["24100000.50", "17250000.00", "9500000.00"]}))
    assert result.field_columns()["amount"] == "current_balance"


def test_what_remains_after_payments_beats_the_amount_due():
    result = map_columns(table({"amount_due": ["560.00"] * 3, "amount_paid": ["60.00"] * 3, "amount_remaining": ["500.00"] * 3}))
    assert result.field_columns()["amount"] == "amount_remaining"


def test_a_reference_that_loses_to_the_invoice_number_is_no_phone_by_its_values():
    # SAP FBL5N: "Reference" holds the customer's references, 10 digits with a leading 0
    refs = ["0466000008", "0466000011", "0466000012", "0466000015", "0466000019", "0466000023"]
    result = map_columns(table({
        "Document Number": [f"230000267{i}" for i in range(6)], "Reference": refs,
        "Amount in Doc. Curr.": ["2555.00", "72.20", "107.71", "3072.63", "52.55", "77.70"],
    }))
    assert by_column(result)["Reference"] == (None, "unmapped")
    assert column(result, "Reference").reason == "lost to 'Document Number' (invoice number wins)"
    # without a header of its own, such a column is the phone
    assert by_column(map_columns(table({"Contact": refs})))["Contact"][0] == "debtor.phone"


def test_a_business_segment_of_two_letters_is_no_country():
    result = map_columns(table({"Customer_Name": ["Acme", "Beta", "Gamma", "Delta"], "Segment": ["MS", "MS", "MA", "ME"]}))
    assert by_column(result)["Segment"] == (None, "unmapped")


def test_due_date_and_issue_date_are_never_confused():
    dates = ["15/01/2026", "16/01/2026", "17/01/2026"]
    for due, issue in [("Échéance", "Date facture"), ("Due Date", "Invoice Date"), ("Fälligkeit", "Belegdatum"), ("Date d'échéance", "Date"),
                       # SAP's net due date in Italian: a date, no amount net of tax
                       ("Scadenza al netto", "Data documento")]:
        fields = map_columns(table({issue: dates, due: dates})).field_columns()
        assert (fields["due_date"], fields["issue_date"]) == (due, issue)


def test_the_invoice_number_wins_the_reference_over_a_free_reference():
    result = map_columns(table({"Reference": ["PO 1", "PO 2", "PO 3"], "InvoiceNumber": ["INV-1", "INV-2", "INV-3"]}))
    assert result.field_columns()["reference"] == "InvoiceNumber"
    assert column(result, "Reference").status == "unmapped"


# (a Brazilian receivable's id, "recebivel_id", and its invoice's, "fatura_id", as well)
@pytest.mark.parametrize("id_header", ["invoice_id", "InvoiceId", "Invoice ID", "Customer Invoice ID", "recebivel_id", "fatura_id"])
def test_the_invoice_number_wins_over_the_invoice_id_and_the_id_alone_is_still_the_reference(id_header):
    keys = ["in_1NXqz7K2eZvKYlo2C8m3p1a2", "in_1NXqz7K2eZvKYlo2C8m3p1b3", "in_1NXqz7K2eZvKYlo2C8m3p1c4"]
    both = map_columns(table({id_header: keys, "invoice_number": ["INV-0001", "INV-0002", "INV-0003"]}))
    assert both.field_columns()["reference"] == "invoice_number"
    assert column(both, id_header).field is None
    alone = map_columns(table({id_header: ["INV-0001", "INV-0002", "INV-0003"], "Customer": ["A", "B", "C"]}))
    assert alone.field_columns()["reference"] == id_header


def test_a_column_full_of_emails_is_the_email_whatever_its_header():
    result = map_columns(table({"Contact": ["anne@exemple.fr", "paul@exemple.com", "lea@exemple.org"], "Nom": ["Anne", "Paul", "Léa"]}))
    contact = column(result, "Contact")
    assert (contact.field, contact.status) == ("debtor.email", "mapped")
    assert contact.reason == "values: 100% e-mail addresses"
    assert result.field_columns()["debtor.name"] == "Nom"


def test_values_that_disagree_lower_the_header_match():
    result = map_columns(table({"Date": AMOUNTS, "Référence": ["A", "B", "C"]}))
    date = column(result, "Date")
    assert date.status == "unmapped" and date.confidence < 0.6
    assert "but values: 100% amounts" in date.reason


def test_values_that_agree_raise_a_fuzzy_match_and_say_so():
    result = map_columns(table({"Date échénace": ["15/01/2026", "16/01/2026", "17/01/2026"]}))
    due = column(result, "Date échénace")
    assert due.field == "due_date" and due.status == "mapped"
    assert "fuzzy" in due.reason and "values agree (100%)" in due.reason


def test_identifier_columns_are_never_the_debtor():
    ids = ["C001", "C002", "C003"]
    result = map_columns(table({"Code client": ids, "Customer ID": ids, "N° client": ids, "Client": ["A SA", "B SARL", "C"]}))
    assert result.field_columns()["debtor.name"] == "Client"
    assert all(column(result, c).field is None for c in ("Code client", "Customer ID", "N° client"))


def test_first_and_last_name_compose_the_debtor_name():
    result = map_columns(table({"Prénom": ["Anne", "Paul", "Léa"], "Nom": ["Martin", "Durand", "Petit"]}))
    assert by_column(result) == {"Prénom": ("debtor.first_name", "mapped"), "Nom": ("debtor.last_name", "mapped")}
    assert "the last name (a first name column is present)" in column(result, "Nom").reason
    assert result.missing_required() == ["amount", "reference"]


def test_spanish_nombre_beside_apellidos_is_the_first_name():
    result = map_columns(table({"Nombre": ["Ana", "Luis", "Eva"], "Apellidos": ["García", "Pérez", "Ruiz"]}))
    assert result.field_columns() == {"debtor.first_name": "Nombre", "debtor.last_name": "Apellidos"}


def test_alone_nom_is_the_full_name():
    assert map_columns(table({"Nom": ["Anne Martin", "Paul Durand", "Léa Petit"]})).field_columns() == {"debtor.name": "Nom"}


def test_a_full_name_column_wins_and_the_parts_are_kept_as_metadata():
    result = map_columns(table({"Client": ["Menuiserie Blanc", "B", "C"], "Prénom": ["Thierry", "x", "y"], "Nom": ["Blanc", "x", "y"]}))
    assert result.field_columns() == {"debtor.name": "Client"}
    assert column(result, "Prénom").reason == "kept as metadata: 'Client' is the debtor name"
    assert column(result, "Nom").status == "unmapped"


def test_a_name_beside_both_a_first_and_a_last_name_is_the_whole_name():
    """Invoice Ninja's clients: 'Name' is the client, 'First Name' and 'Last Name' its contact
    person; 'Name' had been read as a last name and glued to the contact's first name."""
    result = map_columns(table({"Name": ["Bradly Jaskolski Sr.", "Mr. Dustin Stehr I", "Acme Inc"],
                                "First Name": ["Pink", "Shemar", "Jo"], "Last Name": ["Balistreri", "Kuhn", "Roe"]}))
    assert result.field_columns() == {"debtor.name": "Name"}
    assert column(result, "Last Name").reason == "kept as metadata: 'Name' is the debtor name"


def test_without_a_person_name_the_company_is_the_debtor_name():
    result = map_columns(table({"Raison sociale": ["Dupont SARL", "Lefèvre SAS", "Müller GmbH"], "Ville": ["Paris", "Lyon", "Metz"]}))
    assert result.field_columns()["debtor.name"] == "Raison sociale"
    assert "no person-name column" in column(result, "Raison sociale").reason
    both = map_columns(table({"Société": ["Dupont SARL", "B", "C"], "Contact name": ["Jean Dupont", "x", "y"]}))
    assert both.field_columns() == {"debtor.company": "Société", "debtor.name": "Contact name"}


def test_addresses_map_to_their_parts():
    result = map_columns(
        table({"Adresse 1": ["12 rue A"] * 3, "Adresse 2": ["Bât. B"] * 3, "CP": ["75005"] * 3, "Ville": ["Paris"] * 3,
               "Région": ["IDF"] * 3, "Pays": ["France"] * 3})
    )
    assert result.field_columns() == {
        "debtor.address.line1": "Adresse 1", "debtor.address.line2": "Adresse 2",
        "debtor.address.postal_code": "CP", "debtor.address.city": "Ville",
        "debtor.address.region": "Région", "debtor.address.country": "Pays",
    }


def test_statuses_follow_the_thresholds():
    data = table({"Facture": ["F1", "F2", "F3"], "Montant à relancer": AMOUNTS, "Zorglub": ["x", "y", "z"]})
    result = map_columns(data)
    assert column(result, "Facture").status == "mapped"
    remise = column(result, "Montant à relancer")
    assert (remise.field, remise.status) == ("amount", "to_confirm") and 0.6 <= remise.confidence < 0.8
    assert by_column(result)["Zorglub"] == (None, "unmapped")
    strict = map_columns(data, mapped_threshold=0.95, confirm_threshold=0.9)
    # below the confirm level, but the best candidate for the required amount: offered to confirm
    offered = column(strict, "Montant à relancer")
    assert (offered.field, offered.status) == ("amount", "to_confirm")
    assert offered.reason.startswith("best candidate for amount, no column reached the confirm level: ")
    assert "values: 100% amounts" in offered.reason
    assert any(n.startswith("amount: no column is confidently the amount") for n in strict.notices)


def test_each_field_is_taken_by_one_column_at_most():
    result = map_columns(table({"Email": ["a@b.fr"] * 3, "E-mail": ["c@d.fr"] * 3, "Mail": ["e@f.fr"] * 3}))
    emails = [c for c in result.columns if c.field == "debtor.email"]
    assert [c.column for c in emails] == ["Email"]
    assert {column(result, c).reason for c in ("E-mail", "Mail")} == {"lost to 'Email' (earlier column)"}


def test_every_column_gets_a_mapping_in_order_with_a_reason_and_the_fingerprint():
    data = table({"N° pièce": ["1", "2", "3"], "Solde": AMOUNTS, "Lettrage": ["A", None, "B"], "Column 4": [None, None, None]})
    result = map_columns(data)
    assert [c.column for c in result.columns] == ["N° pièce", "Solde", "Lettrage", "Column 4"]
    assert all(c.reason for c in result.columns)
    assert all(0.0 <= c.confidence <= 1.0 for c in result.columns)
    assert len(result.fingerprint) == 64
    assert result.to_json()["columns"][1] == {
        "column": "Solde", "field": "amount", "confidence": 1.0, "status": "mapped", "reason": "synonym 'solde' (fr)",
    }


def test_an_empty_table_is_mapped_from_its_headers():
    result = map_columns(table({"Référence": [], "Montant TTC": [], "Client": []}))
    assert result.missing_required() == []


@pytest.mark.parametrize("rows", [1_000_000])
def test_a_million_rows_are_mapped_from_a_sample(rows):
    values = pl.Series(["anne@exemple.fr", "paul@exemple.com"] * (rows // 2))
    data = pl.DataFrame({LINE: pl.int_range(2, rows + 2, eager=True), "Contact": values, "N° facture": values})
    assert map_columns(data).field_columns()["debtor.email"] == "Contact"


def test_values_that_disagree_say_what_they_are_or_what_was_expected():
    words = column(map_columns(table({"Mobile": ["voir fiche", "n/c", "à demander"]})), "Mobile")
    assert words.status == "unmapped"
    assert words.reason == "synonym 'mobile' (en, fr), but values: 100% text"
    codes = column(map_columns(table({"Mobile": ["A12", "n/c 3", "x-7"]})), "Mobile")
    assert codes.status == "unmapped"
    assert codes.reason.endswith("but values: only 0% look like phone numbers")


def test_a_customer_column_of_codes_leaves_the_name_to_the_column_of_names():
    names = ["Ferretería López SL", "Talleres Martín SA", "3M España", "Bodegas Ruiz"]
    result = map_columns(table({"Cliente": ["C001", "C002", "C003", "C004"], "Nombre": names,
                                "Factura": ["F1", "F2", "F3", "F4"], "Saldo": [*AMOUNTS, "12,00"]}))
    assert result.field_columns()["debtor.name"] == "Nombre"
    assert column(result, "Cliente").reason == "synonym 'cliente' (es, it), but values: 100% codes with digits"
    # a column of names keeps the name though a few names hold a digit
    alone = map_columns(table({"Cliente": names, "Factura": ["F1", "F2", "F3", "F4"], "Saldo": [*AMOUNTS, "12,00"]}))
    assert alone.field_columns()["debtor.name"] == "Cliente"
    numbered = ["Client 1", "Client 2", "Client 3", "Client 4"]
    placeholders = map_columns(table({"Client": numbered, "Facture": ["F1", "F2", "F3", "F4"], "Solde": [*AMOUNTS, "12,00"]}))
    assert placeholders.field_columns()["debtor.name"] == "Client"


def test_a_flag_or_a_bank_code_is_never_offered_as_the_missing_amount():
    result = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Kennz. Korrespondenzadresse": ["1", "1", "0", "1"],
                                "Bankleitzahl 1": ["37040044", "50010517", "10020030", "76026000"]}))
    assert "amount" not in result.field_columns()
    assert result.missing_required() == ["amount"]
    # nor a document code written with its zeros (a Peruvian ERP's "coddoc": "01" the invoice, "07" a
    # credit note): an amount is never written "01"
    coded = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                               "coddoc": ["01", "01", "07", "01"]}))
    assert coded.missing_required() == ["amount"]
    # nor is a column of amounts whose header says it is a fee, though the header reads as nothing whole
    fee = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                             "Mahngebühr 1": ["5,00", "5,00", "7,50", "5,00"]}))
    assert fee.missing_required() == ["amount"]
    # nor a column of years: a student association's register had been imported owing each member's
    # class year ('Promo': 2017), 4,590,607 in all
    years = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                               "Promo": ["2017", "2018", "2015", "2019"]}))
    assert years.missing_required() == ["amount"]


def test_a_column_of_yes_and_no_under_an_amount_s_header_is_no_amount_of_zero():
    # a professional association's register: 'dues_paying' says Yes or No; it had been read as an
    # amount of zero on every row, every member rejected for it
    result = map_columns(table({"full_name": ["Abdul Mubarak", "Abena Archer", "Kofi Mensah", "Ama Boateng", "Yaw Asante", "Efua Sam"],
                                "dues_paying": ["Yes", "No", "Yes", "Yes", "No", "Yes"]}))
    assert column(result, "dues_paying").field is None
    assert "'dues_paying' reads as amount by its header, but its values are 100% yes/no values: kept as metadata." in result.notices
    # zeros written as such stay an amount of nothing
    zeros = map_columns(table({"full_name": ["A SA", "B SA", "C SA", "D SA", "E SA", "F SA"], "Invoice": ["F1", "F2", "F3", "F4", "F5", "F6"],
                               "Amount": ["0.00", "0", "-", "0,00", "EUR 0", ""]}))
    assert column(zeros, "Amount").reason.endswith(", but the column is zero on every row")


def test_a_currency_column_of_internal_numbers_is_kept_as_metadata_with_a_notice():
    result = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Montant": [*AMOUNTS, "12,00"], "Devise": ["1", "1", "2", "1"]}))
    devise = column(result, "Devise")
    assert (devise.field, devise.status) == (None, "unmapped")
    assert "'Devise' reads as currency by its header, but its values are 100% whole numbers: kept as metadata." in result.notices


def test_a_missing_amount_is_offered_from_a_column_whose_values_are_amounts_never_from_an_amount_before_tax():
    result = map_columns(table({"N° facture": ["F1", "F2", "F3"], "Client": ["A", "B", "C"],
                                "Montant HT": AMOUNTS, "Zorglub": AMOUNTS}))
    offered = column(result, "Zorglub")
    assert (offered.field, offered.status) == ("amount", "to_confirm")
    assert offered.reason == "best candidate for amount, no column reached the confirm level: values: 100% amounts"
    assert column(result, "Montant HT").field is None
    assert result.missing_required() == []
    assert "amount: no column is confidently the amount to collect (open balance, tax included); 'Zorglub' is offered to confirm (values: 100% amounts)." in result.notices
    # with only the amount before tax, nothing is offered: the file lacks its amount
    alone = map_columns(table({"N° facture": ["F1", "F2", "F3"], "Client": ["A", "B", "C"], "Montant HT": AMOUNTS}))
    assert alone.missing_required() == ["amount"]


def _opaque_export() -> pl.DataFrame:
    """An export whose column names say nothing the vocabulary knows (terse codes of an unknown
    ERP): three customers with two invoices each."""
    return table({
        "XKCUNO": ["C1001", "C1001", "C1002", "C1002", "C1003", "C1003"],
        "XKCUNM": ["Dupont SARL", "Dupont SARL", "Martin GmbH", "Martin GmbH", "Jean Rossi", "Jean Rossi"],
        "XKTX40": ["Abonnement", "Maintenance", "Abonnement", "Licence", "Conseil", "Abonnement"],
        "XKINNO": ["F2024-001", "F2024-002", "F2024-003", "F2024-004", "F2024-005", "F2024-006"],
        "XKDUDT": ["20240204", "20240304", "20240209", "20240311", "20240214", "20240315"],
        "XKOPAM": ["1250.00", "830.50", "2400.00", "99.90", "410.00", "75.25"],
    })


def test_an_export_of_unknown_codes_is_offered_to_confirm_by_its_values_instead_of_refused():
    result = map_columns(_opaque_export())
    assert result.missing_required() == []
    offered = {c.column: c.field for c in result.columns if c.status == "to_confirm"}
    # the invoice numbers (unique to their rows), not the customer numbers that repeat
    assert offered == {"XKINNO": "reference", "XKCUNM": "debtor.name", "XKOPAM": "amount"}
    name = column(result, "XKCUNM")
    assert name.reason == "best candidate for debtor.name, no column reached the confirm level: values: 100% names"
    # dates written yyyymmdd are whole numbers, never the amount; a one-word label is no name
    assert column(result, "XKDUDT").field is None
    assert column(result, "XKTX40").field is None


def test_document_numbers_written_as_floats_are_the_reference_not_amounts():
    """pandas writes SAP's document numbers as floats ("1200401780.0"): they number the documents,
    and had been set aside as amounts, the frame's index offered as the reference instead."""
    result = map_columns(table({
        "": ["0", "1", "4", "5", "7"],
        "Belegnummer": ["1200401780.0", "1200401781.0", "1200401193.0", "1200401306.0", "1200401307.0"],
        "Betrag in Hauswährung": ["51671.15", "3919.22", "-115.65", "-216.41", "-710.99"],
        "Kunde": ["Alpha GmbH", "Alpha GmbH", "Beta AG", "Beta AG", "Beta AG"],
    }))
    assert column(result, "Belegnummer").field == "reference"
    assert column(result, "Betrag in Hauswährung").field == "amount"


@pytest.mark.parametrize(
    ("columns", "winner", "field", "loser", "why"),
    [
        # an insurer's statement of rejected claims: 'Exceed Price' (0 on nearly every line) and 'Rejected
        # Amount' read alike by their headers; the first had won by its place alone, and 1,333 of 1,650
        # claims were refused for an amount of zero
        ({
            "Invoice Number": ["INV-1", "INV-2", "INV-3", "INV-4", "INV-5", "INV-6"],
            "Member Name": ["Ali Saleh", "Omar Faris", "Sara Nasser", "Huda Karim", "Faisal Aziz", "Noura Said"],
            "Exceed Price": ["0", "0", "0", "12.50", "0", "0"],
            "Rejected Amount": ["860.00", "120.50", "0", "45.00", "310.25", "99.00"],
        }, "Rejected Amount", "amount", "Exceed Price", "this column is zero on more rows"),
        # Saudi health-insurance claims: 'Policy Number' (a number of something the vocabulary does not
        # know, the employer's group policy, written for many claims) had won the reference by its rank
        # over 'Transaction Identifier', each claim's own: 9,357 claims rejected as written twice
        ({
            "Transaction Identifier": ["7237573", "7345621", "7345622", "7345630", "7345631", "7345640"],
            "Policy Number": ["18065953", "18065953", "18065953", "20011470", "20011470", "18065953"],
            "Receiver Name": ["Tawuniya", "Tawuniya", "Bupa Arabia", "Bupa Arabia", "Tawuniya", "Tawuniya"],
            "Approved Amount": ["120.50", "300.00", "45.25", "80.00", "99.90", "410.00"],
        }, "Transaction Identifier", "reference", "Policy Number", "its values are each row's own, these repeat"),
    ],
)
def test_of_two_columns_alike_by_their_headers_the_values_decide(columns, winner, field, loser, why):
    result = map_columns(table(columns))
    assert column(result, winner).field == field
    assert column(result, loser).reason == f"lost to '{winner}' ({why})"


def test_a_column_of_one_or_two_digit_codes_is_never_offered_as_the_debtors_name():
    """SAP's division ("SPART": 1, 2) reads near "party" by its header: offered as the debtor's name,
    every invoice would be owed by "1" or "2"."""
    result = map_columns(table({
        "VBELN": ["900000001", "900000002", "900000003", "900000004", "900000005"],
        "SPART": ["1", "1", "2", "2", "1"],
        "WRBTR": ["12000.00", "15000.00", "18000.00", "9000.00", "38000.00"],
    }))
    assert column(result, "SPART").field is None
    assert result.missing_required() == ["debtor.name"]


def test_a_currency_column_of_codes_beside_their_names_is_the_currency():
    """Harvest writes "United States Dollar - USD": the values back the header, they do not
    contradict it (the column kept as metadata, every case would have taken the default currency)."""
    result = map_columns(table({
        "Invoice No": ["F1", "F2", "F3", "F4"], "Client": ["Acme Ltd", "Beta GmbH", "Gamma SA", "Delta AG"],
        "Total": ["100.00", "200.00", "300.00", "400.00"],
        "Currency": ["United States Dollar - USD", "Euro (EUR)", "GBP – Pound Sterling", "United States Dollar - USD"],
    }))
    assert (column(result, "Currency").field, column(result, "Currency").status) == ("currency", "mapped")
    labels = map_columns(table({"Invoice No": ["F1", "F2", "F3"], "Client": ["A SA", "B SA", "C SA"],
                                "Total": ["1.00", "2.00", "3.00"], "Currency": ["Order 12", "Order 13", "Order 14"]}))
    assert column(labels, "Currency").field is None  # words that name no currency still say so


@pytest.mark.parametrize("rows", [1, 2])
def test_a_file_of_one_or_two_rows_offers_its_invoice_numbers_by_all_of_its_values(rows):
    # an export of the one or two invoices overdue today, under a header the vocabulary does not know
    columns = {
        "Date": ["Jan 28 2021", "Feb 2 2021"][:rows], "Details": ["INV-1", "INV-2"][:rows],
        "Client": ["Bruce Wayne", "Clark Kent"][:rows], "Total": ["1,020.00", "20.00"][:rows],
    }
    result = map_columns(table(columns))
    assert result.missing_required() == []
    assert (column(result, "Details").field, column(result, "Details").status) == ("reference", "to_confirm")
    # one value that is no invoice number is enough to keep the column from being offered
    mixed = map_columns(table({**columns, "Details": ["INV-1", "Consulting"][:rows]}))
    assert mixed.missing_required() == (["reference"] if rows == 2 else [])
    # a sparse column of a longer file is not offered by its two values alone
    sparse = map_columns(table({
        "Client": ["Dupont SARL", "Martin GmbH", "Jean Rossi", "Anna Berg"], "Total": ["10,00", "20,00", "30,00", "40,00"],
        "Details": ["INV-1", "", "INV-3", ""],
    }))
    assert sparse.missing_required() == ["reference"]


@pytest.mark.parametrize("header", ["سنة المديونية", "Year", "Ejercicio", "Fiscal Year"])
def test_a_column_of_years_is_never_offered_as_the_debt_s_number(header):
    # a Saudi telecom's arrears: the debt's year (2021, 2022) had been offered for the reference
    columns = {"Customer": ["Ahmed Ali", "Sara Omar", "Khalid Saad"], "Amount": ["2500", "1800", "900"],
               header: ["2021", "2022", "2023"]}
    result = map_columns(table(columns))
    assert column(result, header).field is None
    assert result.missing_required() == ["reference"]
    # the same numbers under a header that names nothing are offered
    offered = map_columns(table({**{k: v for k, v in columns.items() if k != header}, "Details": ["2021", "2022", "2023"]}))
    assert (column(offered, "Details").field, column(offered, "Details").status) == ("reference", "to_confirm")


def test_a_statement_s_debit_of_amounts_and_zeros_names_no_debtor():
    # a Persian bank statement: 'بدهکار' (debit, and the word for a debtor) holds 0 and 12000000; its
    # four movements had been imported as debts owed by "0" and "12000000"
    result = map_columns(table({"تاریخ": ["1403/04/15", "1403/04/16", "1403/04/18", "1403/04/20"],
                                "شماره پیگیری": ["987654321", "987654322", "987654323", "987654324"],
                                "بدهکار": ["0", "12000000", "0", "3500000"], "مانده": ["150000000", "138000000", "163000000", "159500000"]}))
    assert "debtor.name" in result.missing_required()
    # a name alone ('نام') names the debtor
    named = map_columns(table({"نام": ["علی رضایی", "مریم احمدی", "حسین کریمی"], "مانده": ["120000", "80000", "45000"],
                               "شماره فاکتور": ["F-1", "F-2", "F-3"]}))
    assert named.field_columns()["debtor.name"] == "نام"


def test_a_name_is_not_offered_from_labels_cities_or_numbers():
    result = map_columns(table({
        "XKINNO": ["F1", "F2", "F3", "F4"], "XKOPAM": [*AMOUNTS, "10,00"],
        "XKTOWN": ["Lyon", "Nice", "Metz", "Caen"], "XKTX40": ["Frais de port", "Remise exceptionnelle", "Acompte", "Solde"],
        "XKLAND": ["United Kingdom", "New Zealand", "South Africa", "United States"],
        "XKSTAT": ["Partially Paid", "Partially Paid", "Paid", "Partially Paid"],
    }))
    assert result.missing_required() == ["debtor.name"]


def test_the_whole_balance_of_a_loan_wins_over_its_principal_still_owed():
    loans = {"Cód. grupo": ["000089", "000090", "000091"], "Grupo": ["Las Rosas", "Arcoiris", "Brillantes"]}
    both = map_columns(table({**loans, "Saldo\ncapital": AMOUNTS, "Saldo\ntotal": AMOUNTS}))
    assert both.field_columns()["amount"] == "Saldo\ntotal"
    alone = map_columns(table({**loans, "Saldo capital": AMOUNTS, "Monto prestado": AMOUNTS}))
    assert alone.field_columns()["amount"] == "Saldo capital"


def test_a_ticketing_exports_seat_columns_are_no_debtor_nor_reference():
    """A ticketing export's seat: its row ("row_name": K, B, D), its section ("section_name": 518), the
    event ("event_name"), how many seats ("num_seats"). None is the debtor or the invoice."""
    result = map_columns(table({
        "acct_id": ["100311", "100761", "101963", "102329", "102400", "102401", "102402", "102403"],
        "event_name": ["RENEWALS"] * 8, "section_name": ["503", "530", "533", "505", "506", "506", "507", "507"],
        "row_name": ["D", "B", "D", "K", "B", "D", "K", "D"], "num_seats": ["2", "5", "3", "5", "1", "2", "2", "4"],
        "report_owed_amount": ["1200.00", "350.50", "89.90", "12.00", "15.00", "16.50", "17.00", "18.25"],
        "order_num": ["494922", "498204", "549567", "497900", "497901", "497902", "497903", "497904"],
    }))
    for name in ("event_name", "section_name", "row_name", "num_seats"):
        assert column(result, name).field is None, name
    assert "single letters" in column(result, "row_name").reason
    # the order's number is the only key of each debt: offered for the reference, to confirm
    assert (column(result, "order_num").field, column(result, "order_num").status) == ("reference", "to_confirm")
    assert result.missing_required() == ["debtor.name"]


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("State", ["paid", "open", "Draft", "open"]),
        ("Invoice State", ["Paid", "Partially paid", "Overdue", "Paid"]),
        ("Estado", ["Pagada", "Pendiente", "Vencida", "Pendiente"]),
        ("État", ["Payée", "En retard", "Brouillon", "payée"]),
        ("Stato", ["Pagata", "Scaduta", "Da pagare", "Pagata"]),
        # a buy-now-pay-later order's instalments
        ("Estado cuota 1", ["DONE", "SCHEDULED", "DELAYED", "DONE"]),
    ],
)
def test_a_state_column_of_document_statuses_is_a_status_not_the_region(header, values):
    result = map_columns(table({"Invoice No": ["F1", "F2", "F3", "F4"], header: values, "City": ["Lyon", "Nice", "Metz", "Caen"]}))
    state = column(result, header)
    assert (state.field, state.status) == (None, "unmapped")
    assert "status" in state.reason
    assert "region" not in result.field_columns() and "debtor.address.region" not in result.field_columns()


@pytest.mark.parametrize("header", ["Estado", "Etat", "Stato"])
def test_a_state_column_of_places_is_offered_as_the_region_to_confirm(header):
    places = ["Madrid", "Cataluña", "Andalucía", "Madrid"]
    result = map_columns(table({"Invoice No": ["F1", "F2", "F3", "F4"], header: places}))
    state = column(result, header)
    assert (state.field, state.status) == ("debtor.address.region", "to_confirm")
    assert "places" in state.reason


@pytest.mark.parametrize(
    ("header", "values"),
    [("Estado de entrega", ["DELIVERED", "TO DELIVER", "TO DELIVER", "DELIVERED"]),
     ("Estado civil", ["Soltero", "Casado", "Soltera", "Divorciado"])],
)
def test_a_state_the_header_names_as_something_else_is_no_region(header, values):
    # a delivery's state, a person's marital status: neither a region nor a city, whatever the values
    result = map_columns(table({"Invoice No": ["F1", "F2", "F3", "F4"], header: values}))
    assert by_column(result)[header] == (None, "unmapped")


def test_a_state_column_of_places_is_still_the_region_and_a_status_column_is_still_ignored():
    result = map_columns(
        table({"State": ["CA", "NY", "TX", "OR"], "Status": ["Madrid", "Lyon", "Roma", "Berlin"], "Invoice No": ["F1", "F2", "F3", "F4"]})
    )
    assert by_column(result)["State"] == ("debtor.address.region", "mapped")
    assert by_column(result)["Status"] == (None, "unmapped")


#: an open-items export in each language whose core words the vocabulary holds beside the five
#: main ones: header → the field it must map to (None: kept as metadata)
EXPORTS_BY_LANGUAGE = {
    "nl": {
        "Factuurnummer": "reference", "Klantnaam": "debtor.name", "Factuurdatum": "issue_date",
        "Vervaldatum": "due_date", "Openstaand bedrag": "amount", "Totaal incl. btw": None, "BTW": None,
        "Valuta": "currency", "Plaats": "debtor.address.city", "Debiteurnummer": None,
    },
    "pl": {
        "Numer faktury": "reference", "Nazwa kontrahenta": "debtor.name", "Data wystawienia": "issue_date",
        "Termin płatności": "due_date", "Pozostało do zapłaty": "amount", "Kwota brutto": None,
        "Kwota netto": None, "Waluta": "currency", "Miejscowość": "debtor.address.city",
        "Kod pocztowy": "debtor.address.postal_code", "NIP": None,
    },
    "cs": {
        "Číslo faktury": "reference", "Odběratel": "debtor.name", "Datum vystavení": "issue_date",
        "Datum splatnosti": "due_date", "Zbývá uhradit": "amount", "Celkem s DPH": None, "Bez DPH": None,
        "Měna": "currency", "Město": "debtor.address.city", "PSČ": "debtor.address.postal_code", "IČO": None,
    },
    "hu": {
        "Számlaszám": "reference", "Vevő neve": "debtor.name", "Kelt": "issue_date",
        "Fizetési határidő": "due_date", "Kintlévőség": "amount", "Bruttó végösszeg": None, "Nettó": None,
        "Pénznem": "currency", "Település": "debtor.address.city", "Irányítószám": "debtor.address.postal_code",
        "Adószám": None,
    },
    "sv": {
        "Fakturanummer": "reference", "Kundnamn": "debtor.name", "Fakturadatum": "issue_date",
        "Förfallodatum": "due_date", "Restbelopp": "amount", "Totalt inkl. moms": None, "Moms": None,
        "Valuta": "currency", "Postort": "debtor.address.city", "Postnummer": "debtor.address.postal_code",
        "Organisationsnummer": None,
    },
    "da": {
        "Fakturanr.": "reference", "Debitornavn": "debtor.name", "Fakturadato": "issue_date",
        "Forfaldsdato": "due_date", "Restbeløb": "amount", "Beløb inkl. moms": None, "Momsbeløb": None,
        "Valutakode": "currency", "Postby": "debtor.address.city", "Postnr.": "debtor.address.postal_code",
        "CVR-nummer": None,
    },
    "no": {
        "Fakturanummer": "reference", "Kundenavn": "debtor.name", "Fakturadato": "issue_date",
        "Forfallsdato": "due_date", "Utestående beløp": "amount", "Sum inkl. mva": None, "MVA": None,
        "Valuta": "currency", "Poststed": "debtor.address.city", "Postnummer": "debtor.address.postal_code",
        "Organisasjonsnummer": None,
    },
    "fi": {
        "Laskun numero": "reference", "Asiakkaan nimi": "debtor.name", "Laskupäivä": "issue_date",
        "Eräpäivä": "due_date", "Avoin summa": "amount", "Yhteensä sis. alv": None, "ALV": None,
        "Valuutta": "currency", "Postitoimipaikka": "debtor.address.city", "Postinumero": "debtor.address.postal_code",
        "Y-tunnus": None,
    },
    "pt": {
        "Número da fatura": "reference", "Nome do cliente": "debtor.name", "Data de emissão": "issue_date",
        "Data de vencimento": "due_date", "Valor em aberto": "amount", "Valor total": None, "Valor IVA": None,
        "Moeda": "currency", "Cidade": "debtor.address.city", "Código postal": "debtor.address.postal_code",
        "NIF": None,
    },
}
_SAMPLE = {
    "reference": ["F-2026-001", "F-2026-002", "F-2026-003"], "debtor.name": ["Jan Kowalski", "Anna Nowak", "Petr Novák"],
    "issue_date": ["01.03.2026", "02.03.2026", "03.03.2026"], "due_date": ["31.03.2026", "01.04.2026", "02.04.2026"],
    "amount": ["1 200,00", "350,50", "89,90"], "currency": ["EUR", "PLN", "SEK"],
    "debtor.address.city": ["Kraków", "Brno", "Szeged"], "debtor.address.postal_code": ["30-001", "60200", "6720"],
}


@pytest.mark.parametrize("language", sorted(EXPORTS_BY_LANGUAGE))
def test_exports_in_the_other_languages_map_their_core_fields(language):
    headers = EXPORTS_BY_LANGUAGE[language]
    # the totals, net and tax amounts beside the open balance hold amounts too
    columns = {h: _SAMPLE.get(f or "", AMOUNTS) for h, f in headers.items()}
    result = map_columns(table(columns))
    assert {c.column: c.field for c in result.columns} == headers
    assert not result.missing_required()


def test_a_polish_status_column_is_read_whatever_its_letters():
    result = map_columns(table({"Numer faktury": ["F1", "F2", "F3"], "State": ["Zapłacona", "Przeterminowana", "zapłacona"]}))
    assert by_column(result)["State"] == (None, "unmapped")


def test_a_column_counting_the_rows_gives_way_to_the_invoice_numbers():
    # a hand-made sheet: "N°" counts the rows, the invoices' own numbers are in "Facture"
    rows = {"N°": ["1", "2", "3", "4"], "Facture": ["F-001", "F-007", "F-012", "F-013"],
            "Client": ["Dupont SARL", "Martin SA", "Durand", "Petit"], "Montant": [*AMOUNTS, "10,00"]}
    result = map_columns(table(rows))
    assert result.field_columns()["reference"] == "Facture"
    assert column(result, "N°").field is None
    assert any("'Facture' (invoice) chosen over 'N°' (1, 2, 3…)" in n for n in result.notices)
    # the same numbers out of order, or not from 1, are invoice numbers
    for numbers in (["1", "3", "2", "4"], ["101", "102", "103", "104"]):
        result = map_columns(table({**rows, "N°": numbers}))
        assert result.field_columns()["reference"] == "N°"
        assert not any("count of the rows" in n for n in result.notices)


def test_a_row_count_alone_is_still_the_reference_but_the_notice_says_to_check_it():
    result = map_columns(table({"N°": ["1", "2", "", "3"], "Client": ["Dupont SARL", "Martin SA", "", "Durand"],
                                "Montant": ["100,00", "200,00", "", "300,00"]}))
    assert column(result, "N°").field == "reference"
    assert column(result, "N°").status == "mapped"
    assert "a count of the rows" in column(result, "N°").reason
    assert any(n.startswith("reference: 'N°' holds 1, 2, 3… in order") and "counting from 1 again" in n
               for n in result.notices)


_REGISTER = {
    "Identyfikator użytkownika": ["RE202112101203", "FP2025/06/001200", "FP2025/07/001220", "RE062992"],
    "Podstawa zobowiązania": ["RE202112101203", "FP2025/06/001200", "FP2025/07/001220", "RE62992"],
    "Nazwa dłużnika": ["Adam Beczak", "Jan Kowalski", "Anna Nowak", "Ewa Zając"],
    "Identyfikator dłużnika": ["PESEL 77030607394", "PESEL 03302101693", "PESEL 89032105657", "PESEL 65042806072"],
    "Kwota zadłużenia": ["1 640,00 EUR", "565,00 EUR", "115,00 EUR", "627,58 EUR"],
}


@pytest.mark.parametrize("header", ["Lp.", "L.p.", "Lp"])
def test_a_polish_row_number_gives_way_to_the_creditors_number_of_the_debt(header):
    # a Polish debt register (KRD): "Lp." numbers the rows of an earlier sorting; the invoice's number is
    # "Identyfikator użytkownika" (the register's user is the creditor), "Podstawa zobowiązania" repeats it
    result = map_columns(table({header: ["817", "513", "552", "732"], **_REGISTER}))
    assert result.field_columns() == {
        "reference": "Identyfikator użytkownika", "debtor.name": "Nazwa dłużnika", "amount": "Kwota zadłużenia",
    }
    assert f"reference: 'Identyfikator użytkownika' (creditor's number of the debt) chosen over '{header}' (row number)." \
        in result.notices
    # the PESEL of the debtor is the debtor's identifier, not the debt's
    assert "debtor's identifier" in column(result, "Identyfikator dłużnika").reason
    # the register's case: its key is the case's identifier, the rows still counted by "Lp."
    cases = map_columns(table({header: ["1", "2", "3", "4"], "Identyfikator sprawy": _REGISTER["Identyfikator użytkownika"],
                               "Nazwa dłużnika": _REGISTER["Nazwa dłużnika"], "Kwota zadłużenia": _REGISTER["Kwota zadłużenia"]}))
    assert cases.field_columns()["reference"] == "Identyfikator sprawy"


@pytest.mark.parametrize("header", ["Lp.", "STT", "Số TT", "م", "مسلسل", "Sıra No", "ردیف"])
def test_a_row_number_alone_is_offered_to_confirm_and_said(header):
    # Polish "Lp.", Vietnamese "STT" (số thứ tự), Arabic "م" (مسلسل), Turkish "Sıra No", Persian "ردیف":
    # the rows' own numbers, never a sure invoice number
    result = map_columns(table({header: ["817", "513", "552", "732"], "Nazwa dłużnika": _REGISTER["Nazwa dłużnika"],
                                "Kwota zadłużenia": _REGISTER["Kwota zadłużenia"]}))
    assert (column(result, header).field, column(result, header).status) == ("reference", "to_confirm")
    assert any(n.startswith(f"reference: '{header}' names the rows' own numbers (row number)") for n in result.notices)


def test_a_persian_shops_tab_total_is_what_each_customer_owes_and_its_code_no_amount():
    # a shop's customer balances (Iran): "کد" the customer's code of 3–4 digits, "جمع حساب" the account's
    # total owed on the tab
    result = map_columns(table({"کد": ["1001", "1002", "1003", "1004"],
                                "نام": ["محمد حسین رحمتی", "علیرضا رحمتی", "مهدی کریمی", "سارا احمدی"],
                                "جمع حساب": ["5379000", "6450000", "1200000", "845000"]}))
    assert result.field_columns()["amount"] == "جمع حساب"
    assert column(result, "کد").field is None


@pytest.mark.parametrize("header", [
    "Numer_domu", "Nr domu", "Nr_domu", "Numer lokalu", "Nr lokalu", "Nr mieszkania", "Hausnummer", "Hausnr.",
    "Huisnummer", "Huisnr", "Huisnummer toevoeging", "Hausnummerzusatz", "House number",
])
def test_a_house_or_flat_number_is_never_the_reference(header):
    # a debt register with the debtors' addresses: the house numbers are the only numbered column beside the
    # case's key, and the only one when the key is left out
    rows = {"Identyfikator sprawy": ["RE202112101203", "FP2025/06/001200", "RE23457", "FP2025/07/001225"],
            "Nazwa dłużnika": ["Adam Beczak", "Jan Kowalski", "Ewa Zając", "Anna Nowak"],
            "Kwota zadłużenia": ["3 607,05 PLN", "1 004,84 PLN", "2 888,37 PLN", "1 743,36 PLN"],
            "Ulica": ["Bodzów", "Brzeźniak", "Kościuszki", "Leleszki"], header: ["2/1", "13", "13b/1", "21"]}
    result = map_columns(table(rows))
    assert result.field_columns()["reference"] == "Identyfikator sprawy"
    assert column(result, header).field != "reference"
    alone = map_columns(table({k: v for k, v in rows.items() if k != "Identyfikator sprawy"}))
    assert column(alone, header).field != "reference"
    assert alone.missing_required() == ["reference"]


def test_a_document_type_and_the_number_of_the_document_referred_to_are_not_the_invoice_number():
    # Chile's sales register (SII RCV): "Nro" counts the rows, "Folio" is the invoice's number
    result = map_columns(table({
        "Nro": ["1", "2", "3"], "Tipo Doc": ["33", "33", "61"], "Razon Social": ["Polar S.A.", "Polar S.A.", "Acme SpA"],
        "Folio": ["14395", "14396", "14397"], "Monto total": ["1959157", "1959157", "-20000"],
        "Tipo Docto. Referencia": ["", "", "33"], "Folio Docto. Referencia": ["", "", "14395"],
    }))
    assert result.field_columns()["reference"] == "Folio"
    assert column(result, "Tipo Docto. Referencia").field is None
    assert column(result, "Folio Docto. Referencia").field is None


def test_a_bare_id_unique_to_each_row_is_offered_as_the_reference_when_no_column_names_one():
    rows = {"ID": ["INV-1001", "INV-1002", "INV-1003"], "Client": ["Dupont SARL", "Martin SA", "Durand"],
            "Balance": AMOUNTS}
    result = map_columns(table(rows))
    assert (column(result, "ID").field, column(result, "ID").status) == ("reference", "to_confirm")
    assert "each row has its own id" in column(result, "ID").reason
    # Harvest's export of one invoice: its number is in "ID"
    one = map_columns(table({"ID": ["EXAMPLE-INV-001"], "Client": ["Example Arts Foundation"], "Balance": ["240"]}))
    assert one.missing_required() == []
    # an id shared by rows, a row count, or a column named for the invoice: no offer
    for ids in (["C-1", "C-1", "C-2"], ["1", "2", "3"]):
        assert column(map_columns(table({**rows, "ID": ids})), "ID").field is None
    named = map_columns(table({**rows, "Invoice No": ["F1", "F2", "F3"]}))
    assert named.field_columns()["reference"] == "Invoice No" and column(named, "ID").field is None


def test_a_column_blank_on_every_row_gives_way_to_one_with_values_and_is_said_when_it_is_all_there_is():
    # "Customer Name" blank throughout beside a "Client" column of names: the names win
    result = map_columns(table({
        "Invoice No": ["F1", "F2", "F3"], "Customer Name": [None, "", " "], "Client": ["Acme", "Globex", "Initech"],
        "Balance": AMOUNTS,
    }))
    assert result.field_columns()["debtor.name"] == "Client"
    assert column(result, "Customer Name").reason == "lost to 'Client' (the column is blank on every row)"
    # the only reference column is blank: at best to confirm, and a notice says every row will be rejected
    result = map_columns(table({"Invoice ID": [None, None, None], "Customer": ["Acme", "Globex", "Initech"], "Amount": AMOUNTS}))
    assert (column(result, "Invoice ID").field, column(result, "Invoice ID").status) == ("reference", "to_confirm")
    assert any(n.startswith("reference: 'Invoice ID' is blank on every row") for n in result.notices)
    # a column with values keeps its field at full confidence
    result = map_columns(table({"Invoice ID": ["A1", "A2", "A3"], "Customer": ["Acme", "Globex", "Initech"], "Amount": AMOUNTS}))
    assert column(result, "Invoice ID").status == "mapped" and not any("blank" in n for n in result.notices)


def test_an_amount_of_zero_on_every_row_gives_way_to_the_amount():
    # "Débitos" (charges added to the invoice), zero throughout, beside the invoice's "Importe"
    result = map_columns(table({"Num": ["A1", "A2", "A3"], "Cliente": ["Acme", "Globex", "Initech"],
                                "Importe": ["100,00", "250,00", "80,00"], "Debitos": ["0,00", "0", "0.00"]}))
    assert result.field_columns()["amount"] == "Importe"
    assert column(result, "Debitos").reason == "lost to 'Importe' (the column is zero on every row)"
    # an amount due of zero on every row is what is owed: nothing (Workiz's jobs, all paid)
    result = map_columns(table({"Client": ["Acme", "Globex", "Initech"], "JobTotalPrice": ["100.00", "250.00", "80.00"],
                                "JobAmountDue": ["0", "0", "0"]}))
    assert result.field_columns()["amount"] == "JobAmountDue"


def test_the_policyholder_is_the_debtor_not_the_insurer():
    # a broker's premiums: the insurer ("Compañía") beside the insured, who owes the premium
    result = map_columns(table({"Poliza": ["P-1", "P-2", "P-3"], "Compañía": ["Sura", "Sura", "Allianz"],
                                "Asegurado": ["Ana Ruiz", "Luis Gil", "Eva Sanz"], "Total Pendiente": AMOUNTS}))
    assert result.field_columns()["debtor.name"] == "Asegurado"


def test_a_column_counting_the_rows_is_never_offered_as_the_amount():
    # a header of one space over 1, 2, 3… (an Iranian sales list), the rows' own amounts unnamed;
    # a row left out further down leaves a gap in the count
    count = [str(i) for i in range(1, 151)] + ["153", "154"]
    names = [f"Client {i}" for i in range(len(count))]
    result = map_columns(table({" ": count, "Client": names, "Zorglub": [f"{i},50" for i in range(len(count))]}))
    assert column(result, " ").field != "amount"
    assert (column(result, "Zorglub").field, column(result, "Zorglub").status) == ("amount", "to_confirm")


def test_a_column_of_records_written_whole_is_no_field():
    # an API flattened into a spreadsheet: the address is the whole record, braces and all
    records = [f"{{'id': {i}, 'billing_address': 'Rue {i}', 'billing_city': 'Jeddah'}}" for i in range(4)]
    result = map_columns(table({"reference": ["F1", "F2", "F3", "F4"], "name": ["A", "B", "C", "D"],
                                "total": [*AMOUNTS, "12,00"], "billing_address": records}))
    address = column(result, "billing_address")
    assert (address.field, address.status) == (None, "unmapped")
    assert ("'billing_address' reads as debtor.address.line1 by its header, but its values are 100% records written "
            "whole ({…}, […]): kept as metadata.") in result.notices


def test_a_company_column_of_codes_is_not_the_debtors_name():
    # an SAP line item export: "Company" is the company code of the ledger, not a firm
    codes = ["XT0150", "UN0150", "UN0100", "XT0150", "UN0150", "XT0150"] * 5
    result = map_columns(table({"Company": codes, "Document": [f"D{i}" for i in range(30)], "Amount": ["1.00"] * 30}))
    assert (column(result, "Company").field, column(result, "Company").status) == (None, "unmapped")
    assert result.missing_required() == ["debtor.name"]
    assert ("debtor.name: no person-name column, and the company column 'Company' holds codes (100% codes with "
            "digits), not names: it is kept as metadata, not taken for the debtor's name.") in result.notices
    # firms' names are the debtor's name, as before
    firms = ["Acme SA", "Globex SRL", "Initech", "3M France", "Umbrella Corp", "Wayne Ent."] * 5
    named = map_columns(table({"Company": firms, "Document": [f"D{i}" for i in range(30)], "Amount": ["1.00"] * 30}))
    assert column(named, "Company").field == "debtor.name"


def test_the_customer_is_the_debtor_not_the_contact_person_nor_the_issuing_company():
    # a Brazilian group's receivables: "Empresa" is which of its companies billed, "Contato" whom to ask for
    n = 60
    result = map_columns(table({
        "Empresa": [["VIGON", "SINGULAR", "HISEG"][i % 3] for i in range(n)],
        "Documento": [str(1500 + i) for i in range(n)],
        "Em aberto": [f"{100 + i},50" for i in range(n)],
        "Contato": [["ROBERTO", "", "Adm. Aldo"][i % 3] for i in range(n)],
        "Numero contato": [f"Tel.: 85860{i:05d}" for i in range(n)],
        "Nome cliente": [f"EDIFICIO {i} RESIDENCE" for i in range(n)],
    }))
    assert result.field_columns()["debtor.name"] == "Nome cliente"
    assert "debtor.company" not in result.field_columns()
    assert column(result, "Contato").field is None
    assert result.field_columns()["debtor.phone"] == "Numero contato"
    assert ("debtor.company: 'Empresa' holds 3 companies for 60 different debtors' names in 'Nome cliente': the "
            "companies that issued the invoices, not the debtors'. It is kept as metadata.") in result.notices
    # alone, the contact person is the debtor's name
    alone = map_columns(table({"Documento": ["1", "2", "3", "4"], "Valor": [*AMOUNTS, "1,00"], "Contato": ["A", "B", "C", "D"]}))
    assert alone.field_columns()["debtor.name"] == "Contato"


def test_a_company_per_debtor_is_the_debtors_company():
    n = 60
    result = map_columns(table({
        "Invoice": [f"F{i}" for i in range(n)], "Amount": ["10.00"] * n,
        "Contact Name": [f"Person {i}" for i in range(n)], "Company": [f"Firm {i // 2}" for i in range(n)],
    }))
    assert result.field_columns()["debtor.company"] == "Company"


def test_a_column_of_yes_and_no_is_never_the_debtor_nor_the_reference():
    # Axelor's partners: "factorizedCustomer" (true or blank) beside the partner's "name"; the name
    # column must not give way to it, and no case is ever named "true"
    result = map_columns(table({
        "N° facture": ["F1", "F2", "F3", "F4", "F5"], "Montant": [*AMOUNTS, "12,00", "8,00"],
        "name": ["APOLLO", "MICHEL", "SASAKI Components", "Durand", "Bati SA"], "firstName": ["", "Loic", "", "", ""],
        "factorizedCustomer": ["true", "", "true", "true", ""],
    }))
    assert column(result, "factorizedCustomer").field is None
    assert "100% yes/no values" in column(result, "factorizedCustomer").reason
    assert result.field_columns()["debtor.last_name"] == "name"
    # GnuCash's line export: a column of "no" (taxable?) is no invoice number, though "No" names one
    flags = map_columns(table({"No": ["no", "no", "no", "no"], "Client": ["A", "B", "C", "D"], "Montant": [*AMOUNTS, "12,00"]}))
    assert flags.field_columns().get("reference") != "No"
    # a country column of Norway ("NO") is still the country
    norway = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Montant": [*AMOUNTS, "12,00"], "Pays": ["NO", "NO", "NO", "SE"]}))
    assert norway.field_columns()["debtor.address.country"] == "Pays"


def test_dates_written_ddmmyyyy_are_dates_not_phone_numbers():
    # EBP's and DATEV's exports write "01092007": eight digits opening with 0, like a phone number
    result = map_columns(table({"Piece": ["AAF0969", "AAF0970", "BVT0001", "BVT0002"],
                                "Date": ["01092007", "15092007", "30092007", "01102007"],
                                "Client": ["A", "B", "C", "D"], "Montant": [*AMOUNTS, "12,00"]}))
    assert column(result, "Date").field == "issue_date"
    assert "debtor.phone" not in result.field_columns()


def test_shares_below_one_written_with_their_decimals_are_no_phone_numbers():
    # a portfolio's monthly statistics: "pctg_cuentas_carterav" (0.0859269283), a share of accounts
    # in arrears, had been taken for the debtors' phones by its zero and its ten digits
    result = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Montant": [*AMOUNTS, "12,00"],
                                "pctg_cuentas_carterav": ["0.0859269283", "0.0762788592", "0.0751091703", "0.0658833403"]}))
    assert "debtor.phone" not in result.field_columns()


def test_a_contact_of_bare_numbers_of_a_phones_length_is_the_phone():
    # a clinic's pending bills: "contact" holds the patients' mobiles ("9810098765"); it had been read
    # as a contact person's name, then set aside for its whole numbers, and no debtor could be reached
    result = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Montant": [*AMOUNTS, "12,00"],
                                "contact": ["9810098765", "7000005555", "9876501234", "9123456780"]}))
    assert column(result, "contact").field == "debtor.phone"
    named = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Montant": [*AMOUNTS, "12,00"],
                               "contact": ["Riya Sharma", "Alex Johnson", "Ravi Kumar", "Meena Iyer"]}))
    assert column(named, "contact").field == "debtor.name"


def test_a_column_of_marks_is_no_city():
    # Vinifera's "stctycom" (a commission type: "%" or blank) read as a city by its letters "cty"
    result = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                                "Montant": [*AMOUNTS, "12,00"], "Ville": ["%", "%", "%", "-"]}))
    assert column(result, "Ville").field is None
    named = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4"], "Client": ["A", "B", "C", "D"],
                               "Montant": [*AMOUNTS, "12,00"], "Ville": ["Paris", "Lyon", "Évry", "Sète"]}))
    assert column(named, "Ville").field == "debtor.address.city"


def test_the_amount_offered_by_its_values_has_cents_and_is_not_one_number_on_every_row():
    # a headerless tax book: the fiscal year on every row, the invoice's number, then its total
    result = map_columns(table({"Column 1": ["2020", "2020", "2020"], "Column 6": ["4982", "4983", "4990"],
                                "Column 9": ["121,00", "63,10", "0,04"], "Column 8": ["Party", "Acme SA", "Borg"]}))
    assert result.field_columns().get("amount") == "Column 9"
    # a Peruvian ERP's open items: the exchange rate (3.8 on every row) and the documents' numbers are
    # no amounts; the document's amount is offered
    peru = map_columns(table({"numsun": ["101", "102", "201", "202"], "mondoc": ["100", "200", "100", "350"],
                              "tipcam": ["3.8", "3.8", "3.8", "3.8"], "nomcli": ["A SAC", "A SAC", "B SRL", "C SA"]}))
    assert peru.field_columns().get("amount") == "mondoc"


def test_the_amount_of_a_file_without_headers_is_the_column_totalling_the_others():
    nets = ["100.00", "250.00", "80.00", "42.50", "310.00"]
    taxes = ["20.00", "50.00", "16.00", "8.50", "62.00"]
    totals = ["121.00", "301.00", "97.00", "52.50", "373.00"]
    service = ["1.00", "1.00", "1.00", "1.50", "1.00"]
    result = map_columns(table({"Column 1": ["F1", "F2", "F3", "F4", "F5"], "Column 2": nets, "Column 3": taxes,
                                "Column 4": service, "Column 5": totals}))
    assert result.field_columns()["amount"] == "Column 5"
    assert "the sum of 'Column 2', 'Column 3', 'Column 4' on each row: a total" in column(result, "Column 5").reason
    # a total beside what was paid on it and its balance, nothing paid on most: not a sum of parts,
    # the first candidate stays
    paid = ["0.00", "0.00", "50.00", "0.00", "0.00"]
    balances = ["120.00", "300.00", "46.00", "51.00", "372.00"]
    totals = ["120.00", "300.00", "96.00", "51.00", "372.00"]
    plain = map_columns(table({"Column 1": ["F1", "F2", "F3", "F4", "F5"], "Column 2": balances, "Column 3": paid,
                               "Column 4": totals}))
    assert plain.field_columns()["amount"] == "Column 2"


def test_the_dates_of_a_file_without_headers_are_the_issue_date_then_the_due_date():
    result = map_columns(table({
        "Column 1": ["F1", "F2", "F3", "F4", "F5"],
        "Column 2": ["2024-04-30", "2024-05-02", "2024-05-03", "2024-05-10", "2024-05-11"],
        "Column 3": ["2024-03-31", "2024-04-02", "2024-04-03", "2024-04-10", "2024-04-11"],
    }))
    assert (column(result, "Column 3").field, column(result, "Column 2").field) == ("issue_date", "due_date")
    assert column(result, "Column 2").status == "to_confirm"
    assert any(n.startswith("Dates by their values alone (no header row): 'Column 3' → issue_date") for n in result.notices)
    # named columns are never mapped by their dates alone
    named = map_columns(table({"N° facture": ["F1", "F2", "F3", "F4", "F5"],
                               "Zorglub": ["2024-03-31", "2024-04-02", "2024-04-03", "2024-04-10", "2024-04-11"]}))
    assert "issue_date" not in named.field_columns()
    # one date on every row is the day the list was drawn, or a placeholder ("0/1/2000 00:00:00"): no
    # invoice's date, where every row was rejected for it
    constant = map_columns(table({"Column 1": ["F1", "F2", "F3", "F4", "F5"], "Column 2": ["0/1/2000 00:00:00"] * 5}))
    assert "issue_date" not in constant.field_columns()


def test_a_column_of_hashes_names_no_debtor_and_an_index_is_no_reference():
    hashes = ["d81234567891234567891234567890c", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "1f3870be274f6c49b3e31a0c6728957f", "c4ca4238a0b923820dcc509a6f75849b", "123e4567-e89b-12d3-a456-426614174000"]
    result = map_columns(table({
        "": ["0", "1", "2", "3", "4"], "doc_id": ["2960623488.0", "1930659387.0", "1930610806.0", "2960626879.0", "1930788296.0"],
        "customer_hash": hashes, "Amount": [*AMOUNTS, "10,00", "20,00"],
    }))
    assert "debtor.name" not in result.field_columns()
    assert "values: hashes or keys, not words" in column(result, "customer_hash").reason
    assert result.field_columns()["reference"] == "doc_id"


def test_a_practices_file_number_and_its_payment_ticks_are_neither_reference_nor_company():
    # a Québec practice's unpaid invoices: "Numéro de dossier" is the client's file, "Comptant" a tick
    result = map_columns(table({
        "Facture": ["INV-20220314-74", "INV-20220314-73", "INV-20220314-75", "INV-20220314-76", "INV-20220315-01"],
        "Numéro de dossier": ["160", "160", "160", "111", "111"], "Client 1": ["A", "B", "C", "D", "E"],
        "Montant dû": ["110,00 $"] * 5, "Comptant": [None, "x", None, None, "x"],
    }))
    assert result.field_columns() == {"reference": "Facture", "debtor.name": "Client 1", "amount": "Montant dû"}


def test_a_mexican_erps_customer_name_is_read_and_blank_dates_name_no_one():
    result = map_columns(table({
        "No_fac": ["24309", "24310", "24311", "24312", "24313"], "Nom_cte": ["ASPEN LABS"] * 5,
        "Saldo_fac": ["226703.35", "223453.12", "10.00", "20.00", "30.00"],
        "Contrarec": ["  /  /    ", "  /  /    ", "  /  /    ", "12/03/2025", "  /  /    "],
    }))
    assert result.field_columns()["debtor.name"] == "Nom_cte"
    assert "values" in column(result, "Contrarec").reason and column(result, "Contrarec").field is None


def test_russian_headers_of_an_invoice_list_are_read():
    # a Kazakh firm's invoices, in Russian: "Счёт" an invoice, "Расчётный счёт" a bank account
    result = map_columns(table({
        "№ счёта": ["60", "61", "62", "63", "64"], "Дата счёта": ["11.12.2023"] * 5,
        "Контрагенты": ["Компания B&A.kz, ТОО", "Кселл, АО", "Альфа, ТОО", "Бета, ТОО", "Гамма, ТОО"],
        "Валюта": ["KZT"] * 5, "Задолженность": ["382500", "1000", "2000", "3000", "4000"],
        "Расчетный счет": ["KZ3596502F0008690708"] * 5, "Оплачено": ["1000000", "0", "0", "0", "0"],
    }))
    assert result.field_columns() == {
        "reference": "№ счёта", "issue_date": "Дата счёта", "debtor.name": "Контрагенты", "currency": "Валюта",
        "amount": "Задолженность",
    }


def test_a_settlement_reports_closing_balance_is_owed_not_its_turnover():
    """1C's settlements with counterparties (Ukrainian and Russian alike): an opening balance, the
    period's sales and receipts, a closing balance. The closing balance is owed; the sales had been
    offered as the amount."""
    for opening, sales, receipts, closing in (("Поч. залишок", "Надходження", "Видаток", "Кін. залишок"),
                                              ("Начальный остаток", "Приход", "Расход", "Конечный остаток")):
        result = map_columns(table({
            "№ документа": ["101", "102", "103", "104", "105"], "Контрагент": ["Альфа", "Бета", "Гамма", "Дельта", "Омега"],
            opening: ["0", "100", "0", "50", "0"], sales: ["1200", "300", "80", "0", "40"],
            receipts: ["200", "400", "0", "50", "0"], closing: ["1000", "0", "80", "0", "40"],
        }))
        assert result.field_columns()["amount"] == closing
        assert all(column(result, c).field is None for c in (opening, sales, receipts))


def test_an_invoice_lines_quantity_and_a_documents_kind_are_no_amount_and_no_name():
    """Fortnox's invoice rows ("Antal": how many, "À-pris": at what price) and a Polish utility's
    "NAZWA DOKUMENTU" ("Faktura korygująca"): the quantity had been offered as the amount, the
    document's kind taken for the debtor's name."""
    lines = map_columns(table({
        "Kundnummer": ["1001", "1002", "1003", "1004", "1005"], "Fakturadatum": ["2026-09-01"] * 5,
        "Antal": ["2", "1", "5", "3", "1"], "À-pris": ["450,00", "1200,00", "80,00", "99,00", "15,00"],
    }))
    assert column(lines, "Antal").field is None and column(lines, "À-pris").field is None
    kinds = map_columns(table({
        "NAZWA DOKUMENTU": ["Faktura", "Faktura korygująca", "Faktura", "Faktura", "Faktura"],
        "Numer dokumentu": ["F/1", "F/2", "F/3", "F/4", "F/5"], "Kwota": ["120,00", "-20,00", "80,00", "45,00", "10,00"],
    }))
    assert column(kinds, "NAZWA DOKUMENTU").field is None


def test_a_users_initials_are_no_country_by_their_values():
    """POHODA writes the initials of the user who created and edited each record ("AM"): no
    Armenia. Values alone make a country only under a header that names no one else, and one
    two-letter code on every row only under a header that names nothing at all."""
    base = {"Číslo": ["F1", "F2", "F3", "F4"], "Firma": ["Alfa s.r.o.", "Beta a.s.", "Gama", "Delta"],
            "Celkem": ["2420", "7865", "2360", "18067"]}
    for header, values in [("Editoval", ["AM"] * 4), ("Edited by", ["AM", "DE", "FR", "AM"]),
                           ("Erfasser", ["AM", "DE", "FR", "AM"]), ("Xyz", ["AM"] * 4)]:
        result = map_columns(table({**base, header: values}))
        assert column(result, header).field is None, header
        assert "debtor.address.country" not in result.field_columns()
    # several countries under a header that says nothing, and one under a file's placeholder name
    for header, values in [("Xyz", ["FR", "DE", "IT", "FR"]), ("Xyz", ["France"] * 4), ("Column 9", ["FR"] * 4)]:
        result = map_columns(table({**base, header: values}))
        assert result.field_columns()["debtor.address.country"] == header
        assert column(result, header).reason == "values: 100% countries"


def test_a_column_that_loses_to_a_later_one_never_says_earlier_column():
    """"Datum" (a bare date, rank 0) gives way to an issue date's header whatever the scores: the
    reason says so, not "earlier column" of a column that comes after it."""
    dates = ["12.01.2026", "28.01.2026", "30.01.2026", "02.02.2026"]
    result = map_columns(table({"Číslo": ["F1", "F2", "F3", "F4"], "Datum": dates, "Rechnungsdatm": dates}))
    assert result.field_columns()["issue_date"] == "Rechnungsdatm"
    assert column(result, "Datum").reason == "lost to 'Rechnungsdatm' (its header names the field more precisely)"


def test_pohodas_columns_read_the_balance_the_document_date_and_leave_the_records_own_fields():
    """POHODA's issued invoices: "K likvidaci" (left to settle) over "Celkem" (the total with VAT),
    "Datum" (the document's date) not "Vytvořeno" (the record's creation), "Likv" (the settlement's
    date), the users' initials and the cash-register (EET) state are no fields."""
    result = map_columns(table({
        "Číslo": ["21260001", "21260002", "25260004", "21260009"],
        "Datum": ["2026-01-12", "2026-01-12", "2026-03-27", "2026-04-10"],
        "Splatno": ["2026-01-26", "2026-01-26", "2026-04-03", "2026-04-24"],
        "Likv": ["", "2026-01-26", "2026-05-04", ""],
        "Celkem": ["2420", "7865", "73762", "7865"],
        "K likvidaci": ["2420", "0", "4356", "7865"],
        "Firma": ["Soul of Sport s.r.o.", "NZ Reality a. s.", "LASVIT s.r.o.", "NZ Reality a. s."],
        "Vytvořeno": ["2026-01-12 20:18:08", "2026-01-12 20:20:09", "2026-03-29 19:49:16", "2026-04-11 19:20:41"],
        "Editoval": ["AM"] * 4, "Vytvořil": ["AM"] * 4, "Stav EET": ["Nevstupuje"] * 4,
    }))
    assert result.field_columns() == {
        "reference": "Číslo", "issue_date": "Datum", "due_date": "Splatno", "amount": "K likvidaci",
        "debtor.name": "Firma",
    }
    assert column(result, "K likvidaci").role == "remaining balance"
    assert column(result, "Celkem").reason == "lost to 'K likvidaci' (remaining balance wins)"
    for name in ("Likv", "Vytvořeno", "Editoval", "Vytvořil", "Stav EET"):
        assert column(result, name).reason.startswith("ignored: synonym"), name
    for other in ("Zbývá uhradit", "Zbývá k úhradě", "Neuhrazeno", "Zůstatek"):
        renamed = map_columns(table({"Číslo": ["F1", "F2", "F3"], "Celkem": AMOUNTS, other: AMOUNTS}))
        assert renamed.field_columns()["amount"] == other


def test_a_column_of_amounts_is_never_offered_as_the_name_and_a_lien_is_the_amount_owed():
    # a city's tax sale list: "Lien" is the sum owed on each property; no column names the owner
    sums = ["7850.63", "1203.10", "455.00", "98.45", "12034.77"]
    result = map_columns(table({"HSE-NO": ["12", "14", "3", "27", "9"], "Address": ["12 N Ave", "14 N Ave", "3 Elm St", "27 Oak Rd", "9 Bay St"],
                                "Lien": sums}))
    assert column(result, "Lien").field == "amount"
    # "HSE-NO" is the house number of the property's address, no reference
    assert result.missing_required() == ["debtor.name", "reference"]
    # whatever word names the column, amounts name no debtor
    other = map_columns(table({"Parcel": ["A1", "A2", "A3", "A4", "A5"], "Client": sums, "Total": sums}))
    assert column(other, "Client").field is None
    assert "debtor.name" in other.missing_required()
    # "Lien Amount" is no line's amount
    assert column(map_columns(table({"Lien Amount": sums, "Owner Name": ["Ann", "Bo", "Cy", "Di", "Ed"]})), "Lien Amount").field == "amount"


@pytest.mark.parametrize(("due", "issue"), [
    # the due date first, as an SAP open-items list without its header writes them
    (["18.01.2014", "20.02.2014", "15.03.2014", "30.04.2014", "31.05.2014", "30.06.2014"],
     ["06.01.2014", "07.02.2014", "01.03.2014", "15.04.2014", "02.05.2014", "01.06.2014"]),
    (["01/18/2014", "02/20/2014", "03/15/2014", "04/30/2014", "05/31/2014", "06/30/2014"],
     ["01/06/2014", "02/07/2014", "03/01/2014", "04/15/2014", "05/02/2014", "06/01/2014"]),
])
def test_two_columns_of_dates_without_a_header_are_told_apart_by_which_comes_first(due, issue):
    result = map_columns(table({"Column 1": ["F1", "F2", "F3", "F4", "F5", "F6"], "Column 2": due,
                                "Column 3": ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"], "Column 4": issue,
                                "Column 5": ["10.00", "20.00", "30.00", "40.00", "50.00", "60.00"]}))
    assert (column(result, "Column 4").field, column(result, "Column 2").field) == ("issue_date", "due_date")
    assert column(result, "Column 4").reason == "values: dates, the earlier of the two"


def test_a_lines_total_is_offered_as_the_amount_before_its_unit_price():
    # a statement without a header row: quantity, unit price, line total (10 kg × 27,000 = 270,000)
    result = map_columns(table({
        "Column 1": [str(n) for n in range(1, 12)],
        "Column 2": ["Chanh dây", "Táo xanh", "Đu đủ chín", "Quýt đường", "Đu đủ chín", "Củ đậu", "Táo xanh",
                     "Nhãn xuồng", "ổi", "Quýt đường", "Táo xanh"],
        "Column 3": ["10", "3", "3", "3", "3", "3", "3", "5", "6", "3", "3"],
        "Column 4": ["27000", "25000", "15000", "35000", "15000", "15000", "25000", "35000", "15000", "35000", "25000"],
        "Column 5": ["270000", "75000", "45000", "105000", "45000", "45000", "75000", "175000", "90000", "105000", "75000"],
    }))
    amount = column(result, "Column 5")
    assert (amount.field, amount.status) == ("amount", "to_confirm")
    assert amount.reason.endswith("'Column 4' times 'Column 3' on each row: a line's total")
    assert column(result, "Column 4").field is None


def test_a_date_that_adds_up_with_the_days_overdue_to_the_reports_day_is_the_due_date():
    """An SAP ageing report's due date under a header the vocabulary does not know ('pduedate'),
    beside 'Overdue days': each row's date and its days overdue add up to the day the report was
    drawn (not yet due: negative days), so the date is the due date, said. Dates that do not add up
    so are left alone."""
    from datetime import date, timedelta

    drawn = date(2026, 2, 25)
    overdue = [190, 45, 3, -20, -98, 12]
    due = [(drawn - timedelta(days=n)).isoformat() for n in overdue]
    base = {"Document_Ref": [f"IN {2324059 + n}" for n in range(6)], "Customer_Name": [f"Client {n}" for n in range(6)],
            "Outstanding value": ["2120.60", "42776.51", "10.00", "99.90", "1500.00", "75.25"]}
    result = map_columns(table({**base, "pduedate": due, "Overdue days": [str(n) for n in overdue]}))
    assert result.field_columns()["due_date"] == "pduedate"
    assert ("due_date: 'pduedate' is the due date: each row's date and its days overdue in 'Overdue days' add up to "
            "2026-02-25, the day the report was drawn.") in result.notices
    shuffled = map_columns(table({**base, "pduedate": due, "Overdue days": [str(n) for n in reversed(overdue)]}))
    assert "due_date" not in shuffled.field_columns()
    # SAP's key date ("STIDA"), one day on every row, beside an aged bucket of amounts mostly 0: the
    # report's own day, which dates no row
    keyed = map_columns(table({**base, "STIDA": ["2024-06-30"] * 6, "1-30 days": ["0.0"] * 5 + ["88105.38"]}))
    assert "due_date" not in keyed.field_columns()


def test_an_indonesian_lists_date_alone_is_the_issue_date():
    # a receivables list ("piutang") dates each invoice under "Tanggal" (date) beside its due date
    result = map_columns(table({
        "Tanggal": ["2024-01-03", "2024-01-05", "2024-01-09"], "No. Faktur": ["F-001", "F-002", "F-003"],
        "Nama Pelanggan": ["PT Alpha", "PT Beta", "CV Gamma"], "Jumlah Piutang": ["5000000", "7500000", "1250000"],
        "Tanggal Jatuh Tempo": ["2024-02-02", "2024-02-04", "2024-02-08"],
    }))
    assert (result.field_columns()["issue_date"], result.field_columns()["due_date"]) == ("Tanggal", "Tanggal Jatuh Tempo")


@pytest.mark.parametrize("re_presented", [2, 6])
def test_a_portuguese_erps_party_and_document_state_are_read_for_what_they_are(re_presented):
    """A Portuguese ERP's open items: 'Entidade' holds the customers' names, repeated on their
    documents' rows, and is offered for the debtor's name; 'Estado' holds the documents' state
    (PEN, RPR), which reads as a currency code (the sol) and is neither the currency nor a region,
    however many of them are RPR (no currency)."""
    names = ["Costa & Silva, Lda.", "Talho Central", "Mercado do Norte, S.A.", "Joaquim Ferreira"] * 6
    result = map_columns(table({
        "Entidade": names, "N.º Doc.": [f"FA 2025A/{13682 + n}" for n in range(24)],
        "Estado": ["PEN"] * (24 - re_presented) + ["RPR"] * re_presented,
        "Valor Pendente": [f"{120 + n},50" for n in range(24)],
    }))
    fields = result.field_columns()
    assert fields["debtor.name"] == "Entidade" and column(result, "Entidade").status == "to_confirm"
    assert "currency" not in fields and "debtor.address.region" not in fields


def test_a_collection_agencys_state_to_be_checked_is_no_region():
    """A collection agency's list: 'Etat' says whether each file is to be checked ("A verifié"),
    no place of the debtor."""
    result = map_columns(table({
        "IDClient": [f"{4100 + n}" for n in range(24)], "NomClient": [f"CLIENT {n}" for n in range(24)],
        "Etat": ["A verifié"] * 20 + ["Vérifié"] * 4, "Montant": [f"{120 + n}.500" for n in range(24)],
    }))
    assert "debtor.address.region" not in result.field_columns()


def test_a_reference_column_holding_one_value_on_every_row_is_set_aside_for_each_rows_file_number():
    """A law firm's register: 'ODBLoanCode' holds 0 on every row, no invoice's number (every row was
    rejected as a duplicate of '0'); 'OfficeFileNo', each case's own file number, is offered."""
    rows = 30
    result = map_columns(table({
        "OfficeFileNo": [f"S{1385 + n}" for n in range(rows)], "Defendant": [f"Salim Al Harthy {n}" for n in range(rows)],
        "ODBLoanCode": ["0"] * rows, "ClaimAmount": [f"{39296 + n}.507" for n in range(rows)],
    }))
    fields = result.field_columns()
    assert fields["reference"] == "OfficeFileNo" and fields["debtor.name"] == "Defendant"
    assert "'0' on every row" in column(result, "ODBLoanCode").reason


def test_the_creditors_branch_and_office_name_no_debtor():
    """A Brazilian carrier's receivables lead with its own branch ('Filial', one value on every row,
    near the Spanish 'familia'); the tax debt agency's lists name the office in charge
    ('UNIDADE_RESPONSAVEL', near a pupil's guardian 'Responsável'): the customer's and the debtor's
    columns name the debtor. Several invoicing addresses in one cell are e-mails all the same."""
    rows = 6
    carrier = map_columns(table({
        "Filial": ["MTZ - RODOGARCIA TRANSPORTES RODOVIARIOS LTDA"] * rows, "Nº Documento": [f"12022{n}/1" for n in range(rows)],
        "Cliente": ["BIOFRAGANE", "TILIFORM INDUSTRIA GRAFICA LTDA", "ARAUCO - JAGUARIAÍVA", "Zantec", "IMPPAR", "FRIGELAR"],
        "Valor Título": [f"{35571 + n},35" for n in range(rows)],
        "Email para fatura": ["patricia@sollonet.com.br;administracao@sollonet.com.br"] * 3 + ["nfe@tiliform.com.br"] * 3,
    }))
    assert carrier.field_columns()["debtor.name"] == "Cliente"
    assert carrier.field_columns()["debtor.email"] == "Email para fatura"
    agency = map_columns(table({
        "NUMERO_INSCRICAO": [f"FGSP20150{n}" for n in range(rows)], "NOME_DEVEDOR": [f"RIO BRANCO FOOTBALL CLUB {n}" for n in range(rows)],
        "UNIDADE_RESPONSAVEL": ["2ª REGIÃO"] * 3 + ["MINAS GERAIS"] * 3, "VALOR_CONSOLIDADO": [f"{1000 + n},00" for n in range(rows)],
    }))
    assert agency.field_columns()["debtor.name"] == "NOME_DEVEDOR"


def test_a_row_count_gives_way_to_a_claims_number_and_numbers_name_no_debtor():
    """A dealer's warranty claims: 'S NO' counts the rows (1, 2, 3…) under a header that reads as a
    number, 'Claim No' numbers each claim under a weaker one: the claims' numbers are the reference.
    'part' (near 'party') holds part amounts, 0 and 8.96: no debtor's name, not even to confirm."""
    rows = 12
    result = map_columns(table({
        "S NO": [str(n + 1) for n in range(rows)], "Claim No": [f"W00250{4645 - n}" for n in range(rows)],
        "Total Amt": [f"{820 + n}.15" for n in range(rows)], "part": ["0", "8.96", "1060.15", "0"] * 3,
    }))
    assert result.field_columns()["reference"] == "Claim No"
    assert "debtor.name" not in result.field_columns()


def test_a_unit_beside_a_quantity_is_the_items_unit_not_the_flat_of_an_address():
    lines = {"Invoice Number": ["200001", "200001", "200002"], "Customer Name": ["As Oy Vaasankulma"] * 2 + ["Kiinteistö Oy"],
             "Customer Address": ["Työkatu 8", "Työkatu 8", "Naytekatu 5"], "Quantity": ["10", "1", "20"],
             "Unit": ["Tunti", "Kpl", "Tunti"], "Unit Price": ["4.583333333", "33.333333333", "5"],
             "Line Amount": ["45.833333333", "33.333333333", "100"]}
    result = map_columns(table(lines))
    assert column(result, "Unit").field is None
    assert "counted in" in column(result, "Unit").reason
    # a spreadsheet's computed line amounts (33.333333333) are amounts: each line's total is offered
    assert (column(result, "Line Amount").field, column(result, "Line Amount").status) == ("amount", "to_confirm")
    # without a quantity, "Unit" is the flat of the address
    flat = map_columns(table({"Customer": ["Acme"], "Address": ["12 Main St"], "Unit": ["Apt 4B"], "Balance": ["10.00"]}))
    assert column(flat, "Unit").field == "debtor.address.line2"


def test_of_two_reference_columns_the_one_whose_values_are_each_rows_own_numbers_the_debts():
    """An SAP deductions export: "ref_doc" points to the promotion of each item (PROMO001 on two
    rows) and "ar_doc_no" is each item's own document: the latter numbers the debts, said."""
    result = map_columns(table({
        "ar_doc_no": ["AR001", "AR002", "AR003", "AR004"], "ref_doc": ["PROMO001", "INV-88", "PROMO002", "PROMO001"],
        "customer": ["Acme Ltd", "Bolt SA", "Cora GmbH", "Dune BV"], "amount": ["100.00", "250.00", "80.00", "60.00"],
    }))
    assert result.field_columns()["reference"] == "ar_doc_no"
    assert column(result, "ref_doc").reason == "lost to 'ar_doc_no' (its values are each row's own, these repeat)"
    # alike, both each row's own: the header that names it best, as before
    own = map_columns(table({
        "ar_doc_no": ["AR001", "AR002", "AR003", "AR004"], "ref_doc": ["R1", "R2", "R3", "R4"],
        "customer": ["Acme Ltd", "Bolt SA", "Cora GmbH", "Dune BV"], "amount": ["100.00", "250.00", "80.00", "60.00"],
    }))
    assert own.field_columns()["reference"] == "ref_doc"


def test_records_an_api_flattened_number_no_order_and_a_scrape_date_is_no_issue_date():
    """An Unleashed sales-order dump: "SalesOrderLines" holds each order's lines as written by
    Python ("[{'LineNumber': 1, …}]"), "OrderNumber" each order's number; "scrape_date" is the
    day the list was copied."""
    lines = [f"[{{'LineNumber': 1, 'Product': {{'ProductCode': 'P{i}'}}, 'LineTotal': 12.5}}]" for i in range(4)]
    result = map_columns(table({
        "SalesOrderLines": lines, "OrderNumber": ["SO-00000121", "SO-00000122", "SO-00000123", "SO-00000124"],
        "Customer": ["Garden Co", "Siren Ltd", "Benny Emporium", "Kiwi Gifts"], "Total": ["10.00", "20.00", "30.00", "40.00"],
        "scrape_date": ["2026-03-21"] * 4,
    }))
    assert result.field_columns()["reference"] == "OrderNumber"
    assert "issue_date" not in result.field_columns()


def test_a_count_of_the_rows_under_a_title_read_as_data_is_no_amount():
    """A hand-made arrears grid read from its line 0 (no header row), as the tool advises: its title
    is the first value of the column counting the rows, 1 to 45, which had been offered as the
    amount ('values: 98% amounts')."""
    count = ["CORTADOS MESES ANTERIORES / DEUDORES ENERO - JUNIO 2025", *map(str, range(1, 46))]
    names = ["", *(f"Cliente Numero {n} Garcia" for n in range(1, 46))]
    result = map_columns(table({"Column 1": count, "Column 2": names}))
    assert result.field_columns().get("amount") != "Column 1"


def test_one_code_on_every_row_is_no_country_and_one_series_of_numbers_no_phones():
    """The same ledger's voucher type, 'NOR' on every written row, had been the debtors' country
    (Norway), and its vouchers' numbers ('001002-00064144': the establishment's and the point of
    sale's codes first) their phones. Phones written without a header saying so still are."""
    vouchers = [f"001002-000{64144 + 7 * i}" for i in range(8)]
    result = map_columns(table({
        "nomcli": [f"Cliente {i}" for i in range(8)], "numtra": [f"F-{i}" for i in range(8)],
        "valcob": ["100.00"] * 8, "tipcco": ["NOR"] * 8, "numcco": vouchers,
        "contacto": [f"+593 9{8 - i}{i} 123 45{i}" for i in range(8)],
    }))
    fields = result.field_columns()
    assert "debtor.address.country" not in fields
    assert fields.get("debtor.phone") == "contacto"
    assert column(result, "numcco").field is None


def test_the_day_a_record_was_created_is_the_invoices_date_when_no_column_gives_one():
    """A vet clinic app's unpaid invoices: 'Created At' beside the amount due, no other date. The
    date had been left out, each case undated; it is the invoice's date, offered to confirm and said.
    Beside an invoice's date, or one day on every row (the list's), it stays aside."""
    base = {"Invoice ID": ["6", "7", "8", "9"], "Patient": ["Prince", "Luna", "Max", "Bella"],
            "Amount Due": ["20.0", "35.5", "12.0", "60.4"]}
    created = ["2025-06-16 07:11:16", "2025-06-18 10:02:45", "2025-06-21 16:40:00", "2025-07-01 09:15:30"]
    result = map_columns(table({**base, "Created At": created}))
    assert by_column(result)["Created At"] == ("issue_date", "to_confirm")
    assert any(n.startswith("issue_date: no column gives the invoice's date nor its due date; 'Created At'")
               for n in result.notices)
    dated = map_columns(table({**base, "Invoice Date": ["2025-06-16", "2025-06-18", "2025-06-21", "2025-07-01"],
                               "Created At": created}))
    assert dated.field_columns()["issue_date"] == "Invoice Date"
    assert by_column(dated)["Created At"][0] is None
    drawn = map_columns(table({**base, "Created At": [created[0]] * 4}))
    assert "issue_date" not in drawn.field_columns()


def test_the_customers_own_name_wins_over_the_name_of_its_contact():
    """Sage 50's customer file: 'Nom' (the customer account's name) beside 'Nom du contact' (the person
    to write to there, as 'Contact Name' is); the contact had been taken for the debtor ('ANTOINE
    GIALLO' for 'SAS SOFOVAR'). Alone, the contact's name still names the debtor."""
    both = map_columns(table({"Code": ["003", "004", "005"], "Nom": ["SAS SOFOVAR", "SARL BATI", "EURL MARTIN"],
                              "Nom du contact": ["ANTOINE GIALLO", "PAUL RIVE", "LEA MARTIN"], "Encours": ["10.00", "20.00", "30.00"]}))
    assert both.field_columns()["debtor.name"] == "Nom"
    alone = map_columns(table({"Facture": ["F1", "F2", "F3"], "Nom du contact": ["ANTOINE GIALLO", "PAUL RIVE", "LEA MARTIN"],
                               "Montant": ["10.00", "20.00", "30.00"]}))
    assert alone.field_columns()["debtor.name"] == "Nom du contact"


def test_codes_of_territories_no_one_lives_in_make_no_country_column():
    """BMD's open items write each document's symbol ('AR' an invoice, 'GS' a credit note): read as
    countries (Argentina, South Georgia), they had made the debtors Argentine and their currency the
    peso. No debtor lives in South Georgia; a column of real country codes is still a country."""
    symbols = map_columns(table({"Rng-Nr": ["20-0412", "20-0455", "20-0470", "GS-0031"], "Name": ["A", "B", "C", "C"],
                                 "BS": ["AR", "AR", "AR", "GS"], "OP-Betrag": ["1440.00", "364.00", "312.60", "-52.10"]}))
    assert "debtor.address.country" not in symbols.field_columns()
    countries = map_columns(table({"Rng-Nr": ["1", "2", "3", "4"], "Name": ["A", "B", "C", "D"], "Land": ["AT", "DE", "AT", "CH"],
                                   "OP-Betrag": ["1.00", "2.00", "3.00", "4.00"]}))
    assert countries.field_columns()["debtor.address.country"] == "Land"


def test_a_japanese_clients_name_names_the_debtor():
    # a Japanese laboratory's sales: 'クライアント名' (the client's name) had been known to no vocabulary
    result = map_columns(table({"案件No.": ["2026-0012", "2026-0015", "2026-0018"],
                                "クライアント名": ["株式会社アルファ製薬", "ベータ化学株式会社", "ガンマ食品株式会社"],
                                "売上計": ["1320000", "880000", "495000"]}))
    assert result.field_columns()["debtor.name"] == "クライアント名"


def test_a_swedish_rent_ledger_names_its_notices_and_their_due_dates():
    """A Swedish landlord's ledger of rent notices: 'Avinr' (the notice's number, an invoice of its own)
    had been read as a French credit note ('avoir'), and 'Ffd' (förfallodag, the due date) not read."""
    result = map_columns(table({"Avinr": ["100231", "100232", "100233"], "Hyresgäst": ["Anna Berg", "Erik Lind", "Sara Holm"],
                                "Ffd": ["2025-02-28", "2025-02-28", "2025-03-31"], "Restbelopp": ["8450.00", "3120.00", "6120.00"]}))
    assert (result.field_columns()["reference"], result.field_columns()["due_date"]) == ("Avinr", "Ffd")


def test_a_finnish_status_is_no_accounting_code():
    # 'Tila' (status: Maksettu, Avoin) had been set aside as a near-match to 'Tili' (an account)
    result = map_columns(table({"Laskunro": ["1001", "1002", "1003"], "Asiakas": ["Oy Alfa Ab", "Beta Oy", "Gamma Oy"],
                                "Yhteensä (€)": ["1200.00", "300.00", "450.80"], "Tila": ["Avoin", "Maksettu", "Avoin"]}))
    tila = next(c for c in result.columns if c.column == "Tila")
    assert "status" in tila.reason


def test_a_students_arrears_are_the_amount_not_the_credit_units_before_them():
    # BINUS's arrears list: the semester's credit units ("Jumlah SKS": 15) before the arrears in rupiah
    result = map_columns(table({
        "Mahasiswa": ["Budi Santoso", "Siti Rahma"], "Jumlah SKS": ["15", "18"],
        "Total Tunggakan": ["12900000", "15700000"], "Jatem": ["2026-10-01", "2026-10-15"],
    }))
    assert result.field_columns()["amount"] == "Total Tunggakan"
    assert result.field_columns()["due_date"] == "Jatem"


def test_the_day_a_debt_went_to_pre_legal_collection_is_no_invoice_date():
    result = map_columns(table({
        "NRODOC": ["88888888", "77777777"], "NOMBRECOMPLETO": ["Ana Pérez", "Luis Gómez"],
        "DEUDA_ACTUALIZADA": ["290329,83", "1200,50"], "INICIOMORA": ["10/11/2022", "03/01/2023"],
        "PRELEGAL_ACCION": ["LLAMADA", "CARTA"], "PRELEGAL_FECHA": ["22/03/2023", "25/03/2023"],
    }))
    assert "issue_date" not in result.field_columns()
    assert result.field_columns()["debtor.name"] == "NOMBRECOMPLETO"


def test_a_microloans_solidarity_group_owes_and_its_personal_references_are_no_debtor_nor_debt():
    # a Mexican microlender's arrears report: the solidarity group owes the loan; a borrower's references
    # (a relative vouching for it, "Nombre referencia 1", "Teléfono referencia 1") are neither the debt's
    # number nor the debtor's phone
    result = map_columns(table({
        "ID de grupo": ["G-101", "G-102", "G-103"],
        "Grupo solidario": ["Mujeres de Tlaxcala", "Las Flores", "Unidas de Puebla"],
        "Nombre referencia 1": ["María López", "Ana Ruiz", "Rosa Díaz"],
        "Teléfono referencia 1": ["2221234567", "2229876543", "2225554433"],
        "Saldo vencido": ["12500.00", "8300.50", "4100.00"],
    }))
    fields = result.field_columns()
    assert fields["debtor.name"] == "Grupo solidario" and fields["amount"] == "Saldo vencido"
    assert "debtor.phone" not in fields and fields.get("reference") != "Nombre referencia 1"


def test_a_flag_on_every_row_numbers_no_debt_however_few_the_rows():
    """NetSuite's customer records: 'duplicate' and 'faxtransactions' write 'F' on every row. The one had
    been read as the Portuguese 'duplicata' (a bill), the other as a transaction's number, each then
    the debts' reference; a flag numbers nothing, on six rows as on sixty."""
    result = map_columns(table({
        "companyname": ["Alpha Ltd", "Beta Inc", "Gamma SA", "Delta AG", "Epsilon BV", "Zeta Oy"],
        "balance": ["10.00", "20.00", "30.00", "40.00", "50.00", "60.00"],
        "duplicate": ["F"] * 6, "faxtransactions": ["F"] * 6,
    }))
    assert "reference" not in result.field_columns()
    assert column(result, "duplicate").field is None and column(result, "faxtransactions").field is None
