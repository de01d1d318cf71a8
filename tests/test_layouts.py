"""Export layouts a new user brings: a workbook whose first sheet is a per-customer summary, a
grouped report with total rows, qualified headers, technical field names. Each file is read,
mapped and validated end to end; the expected mapping and row verdicts are checked."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.config import Settings
from getbill_import.errors import InputFileError, MappingError
from getbill_import.fields import LINE
from getbill_import.pipeline import PrepareOptions, prepare_file
from getbill_import.validate import VALID

CASES = Path(__file__).resolve().parent / "cases" / "layouts"


@pytest.fixture
def settings(tmp_path):
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def _mapping(prepared) -> dict[str, str | None]:
    return {c.column: c.field for c in prepared.mapping.columns if c.status != "unmapped"}


def _verdicts(prepared) -> dict[int, list[str]]:
    """line → sorted problem codes (errors and warnings); valid lines without problems → []."""
    out: dict[int, list[str]] = {line: [] for line in prepared.cases[LINE].to_list()}
    for line, code in prepared.problems.select("line", "code").iter_rows():
        out.setdefault(line, []).append(code)
    return {line: sorted(codes) for line, codes in out.items()}


def _prepared(settings, path: Path, text: str):
    """``text`` written to ``path`` (UTF-8), read, mapped and validated."""
    path.write_text(text, encoding="utf-8")
    return prepare_file(path, settings)


def _owed(prepared) -> dict[str, Decimal]:
    """Each valid case's reference and the amount it owes."""
    return dict(prepared.cases.filter(pl.col(VALID)).select("reference", "amount").rows())


def _owed_under_known_statuses(settings, path: Path, text: str) -> dict[str, Decimal]:
    """The debts of ``text`` written to ``path``, whose statuses the tool all knows (no notice of
    a status it does not)."""
    prepared = _prepared(settings, path, text)
    assert not any("no status the tool knows" in n for n in prepared.notices)
    return _owed(prepared)


def _owed_by_column(settings, path: Path, text: str, amount: str) -> dict[str, Decimal]:
    """The debts of ``text`` written to ``path``, their amounts read from the column ``amount``."""
    prepared = _prepared(settings, path, text)
    assert prepared.mapping.field_columns()["amount"] == amount
    return _owed(prepared)


def _refused(settings, path, text: str, match: str, code: str = "no-debts-listed") -> MappingError:
    """The refusal of ``text`` written to ``path``: its message matches ``match``, its code is ``code``."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=match) as refused:
        prepare_file(path, settings)
    assert refused.value.code == code
    return refused.value


def _refused_without_a_name(settings, path, text: str) -> MappingError:
    """The refusal of ``text`` written to ``path`` for want of the debtor's name, whose advice the
    caller reads."""
    return _refused(settings, path, text, match=r"debtor's full name", code="required-column-missing")


def _refusal_message(settings, path: Path, text: str) -> str:
    """What the refusal of ``text`` written to ``path`` says (whatever its code)."""
    with pytest.raises(MappingError) as refused:
        _prepared(settings, path, text)
    return str(refused.value)


def _invalid(prepared) -> list[int]:
    return prepared.cases.filter(~pl.col(VALID))[LINE].to_list()


def test_a_workbook_whose_first_sheet_is_a_summary_is_read_from_its_invoice_sheet(settings):
    prepared = prepare_file(CASES / "summary_then_invoices.xlsx", settings)
    source = prepared.read.source
    assert (source.sheet, source.header_line, source.rows) == ("Factures", 3, 3)
    assert source.notices[0] == (
        "Sheet 'Factures' was chosen: 3 of 3 required fields (debtor.name, amount, reference), the due date, the balance "
        "left to pay, 6 column(s) mapped; "
        "runner-up: sheet 'Synthèse' (2 of 3 required fields (debtor.name, amount), the balance left to pay, 2 column(s) "
        "mapped)."
    )
    assert _mapping(prepared) == {
        "N° facture": "reference", "Client": "debtor.name", "Date facture": "issue_date", "Échéance": "due_date",
        "Reste dû": "amount", "Email": "debtor.email",
    }
    assert _verdicts(prepared) == {4: [], 5: [], 6: ["invalid-email", "no-contact-channel"]}
    assert prepared.cases["amount"].to_list() == [Decimal("2340.00"), Decimal("656.35"), Decimal("480.00")]


def test_the_sheet_option_still_wins_over_the_choice(settings):
    from getbill_import.pipeline import PrepareOptions, read_and_map

    read, mapping = read_and_map(CASES / "summary_then_invoices.xlsx", settings, PrepareOptions(sheet="Synthèse"))
    assert read.source.sheet == "Synthèse"
    assert mapping.missing_required() == ["reference"]


def test_the_header_row_is_the_candidate_that_maps_best(settings, tmp_path):
    # two recognised header rows: the first (a contact block) lacks the invoice number
    path = tmp_path / "two_blocks.csv"
    path.write_text(
        "Client;Téléphone;Email;Montant;Date\nBoulangerie Lefèvre;0612345678;contact@lefevre.fr;2 996,35;30/11/2026\n\n"
        "N° facture;Client;Échéance;Reste dû;Email\nFA-1;Boulangerie Lefèvre;03/10/2026;2 340,00;contact@lefevre.fr\n"
        "FA-2;Boulangerie Lefèvre;17/10/2026;656,35;contact@lefevre.fr\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert prepared.read.source.header_line == 4
    assert prepared.read.source.notices[0].startswith(
        "The header was taken on line 4: its columns map best (3 of 3 required fields (debtor.name, amount, reference)"
    )
    assert "runner-up: line 1 (2 of 3 required fields" in prepared.read.source.notices[0]
    assert _verdicts(prepared) == {5: [], 6: []}


def test_a_record_whose_words_name_columns_is_no_header(settings, tmp_path):
    """A cash schedule's row ('2026-04-13,client,Partie 3,400') maps three required fields by its words
    ('client' names the debtor, '400' offered as a reference), more than the real header on line 1
    whose reference is composed: a row holding a whole date beside a number is a record, never the
    header, where every row above it was lost as a title."""
    path = tmp_path / "tresorerie.csv"
    path.write_text("date,type,partie,montant,statut\n" + "".join(
        f"2026-04-{n + 10},{'client' if n % 2 else 'fournisseur'},Partie {n},{100 * (n + 1)},en_retard\n"
        for n in range(6)), encoding="utf-8")
    prepared = prepare_file(path, settings)
    assert prepared.read.source.header_line == 1
    assert _mapping(prepared)["montant"] == "amount"
    # a wide layout's dates, an ageing's periods, name columns
    from getbill_import.read._layout import holds_a_record

    assert holds_a_record(["2026-04-13", "client", "Partie 3", "400"])
    assert holds_a_record(["13/04/2026 10:00", "FA-1", "1 250,00"])
    assert not holds_a_record(["Client", "2026-01-31", "2026-02-28", "Total"])
    assert not holds_a_record(["Customer", "Current", "0-30", "31-60", "61-90"])


def test_a_grouped_report_gives_each_invoice_its_group_label_as_debtor_name(settings):
    prepared = prepare_file(CASES / "grouped_report.csv", settings)
    source = prepared.read.source
    assert source.header_line == 3
    assert [(e.line, e.reason) for e in source.excluded_lines] == [
        (1, "title"), (2, "title"), (4, "group"), (7, "totals"), (8, "group"), (10, "closed"), (11, "totals"),
        (12, "totals"),
    ]
    assert _mapping(prepared) == {
        "Date": "issue_date", "Num": "reference", "Due Date": "due_date", "Open Balance": "amount",
        "Email": "debtor.email", "(group label)": "debtor.name",
    }
    assert any(n.startswith("debtor.name: no column names the debtor; each invoice takes the label") for n in prepared.mapping.notices)
    assert prepared.cases["debtor.name"].to_list() == ["Boulangerie Lefèvre", "Boulangerie Lefèvre", "Garage Martin"]
    # an open balance of zero is an invoice paid: left out, not an amount to correct
    assert _verdicts(prepared) == {5: [], 6: [], 9: []}
    assert "1 row(s) left out because their balance 'Open Balance' is zero: the invoice is paid (row 10)." in source.notices
    assert prepared.cases["due_date"].to_list() == [date(2026, 10, 3), date(2026, 10, 17), date(2026, 10, 31)]
    # the label feeds the name only: it is not kept as metadata
    assert "(group label)" not in json.loads(prepared.cases["metadata"][0])


def test_a_group_label_that_is_a_number_is_a_label_when_its_total_row_names_it(settings, tmp_path):
    """QuickBooks Desktop's open invoices grouped by customers named by their numbers: '3000' above
    the customer's invoices, 'Total 3000' below them. The number is the group's label, as a name would
    be, where the file was refused for want of a debtor; a number alone that no total names stays a row."""
    prepared = _prepared(settings, tmp_path / "open_invoices.csv", (
        ",Type,Date,Num,Due Date,Open Balance\n3000,,,,,\n,Invoice,2024-03-10,INV-B,2024-04-10,200.00\n"
        "Total 3000,,,,,200.00\n2000,,,,,\n,Invoice,2024-01-10,INV-A,2024-02-10,100.00\n"
        ",Invoice,2024-01-12,INV-D,2024-02-12,40.00\nTotal for 2000,,,,,140.00\n"
    ))
    assert prepared.cases.select("reference", "debtor.name").rows() == [("INV-B", "3000"), ("INV-A", "2000"), ("INV-D", "2000")]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [
        (2, "group"), (4, "totals"), (5, "group"), (8, "totals")]


def test_a_grouped_reports_label_wins_over_a_column_offered_as_the_name_by_its_values(settings, tmp_path):
    """QuickBooks Online's Open Invoices: each customer on a label row above its invoices, closed by
    "Total for …". Its "Term" ("Upon Receipt", "Net 30") had been offered as the debtor's name by its
    values, and every invoice imported as owed by "Upon Receipt"."""
    prepared = _prepared(settings, tmp_path / "open_invoices.csv", (
        ",Date,Transaction type,Num,Term,Due date,Open balance\n"
        "Acme Corp,,,,,,\n"
        ",04/01/2026,Invoice,5004,Upon Receipt,04/30/2026,\"1,000.00\"\n"
        ",04/03/2026,Invoice,5006,Net 30,05/03/2026,250.00\n"
        "Total for Acme Corp,,,,,,\"$1,250.00\"\n"
        "Globex Inc,,,,,,\n"
        ",04/02/2026,Invoice,5005,Net 15,04/17/2026,400.00\n"
        "Total for Globex Inc,,,,,,$400.00\n"
        "TOTAL,,,,,,\"$1,650.00\"\n"
    ))
    assert _mapping(prepared)["(group label)"] == "debtor.name" and "Term" not in _mapping(prepared)
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == ["Acme Corp", "Acme Corp", "Globex Inc"]


def test_a_grouped_reports_labels_written_as_invoice_numbers_name_no_debtor(settings, tmp_path):
    """Xero's Receivable Invoice Detail: each invoice's lines under its number ("INV-0027") and closed
    by its total, no customer column. The invoice numbers had become the debtors of five cases; the
    file names no debtor, and is refused for it, said."""
    path = tmp_path / "detail.csv"
    path.write_text(
        "Receivable Invoice Detail,,,,\nDemo Company (US),,,,\n,,,,\n"
        "Invoice Date,Reference,Description,Gross,Status\n"
        "INV-0027,,,,\n15 Jul 2025,Yr Ref W08-143,Consulting,850.00,Awaiting Payment\nTotal INV-0027,,,850.00,\n"
        "INV-0028,,,,\n16 Jul 2025,Book,Book,19.95,Awaiting Payment\nTotal INV-0028,,,19.95,\n"
        "CN-0025,,,,\n17 Jul 2025,Refund,Returned,-20.00,Awaiting Payment\nTotal CN-0025,,,-20.00,\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"debtor\.name") as refused:
        prepare_file(path, settings)
    assert "debtor.name: the label above each group of rows is a document's number ('CN-0025', 'INV-0027'), not a " \
           "debtor's name." in refused.value.facts["document"]["notices"]


def test_a_customer_balance_detail_without_its_total_rows_is_grouped_by_its_labels(settings, tmp_path):
    """QuickBooks' Customer Balance Detail exported without its "Total for …" rows: each customer's
    name alone on a row above its invoices, the first column empty on every other row. Each label
    names the invoices up to the next label, where the file had been refused for want of a debtor;
    a first column that also holds values on invoice rows is no column of labels."""
    prepared = _prepared(settings, tmp_path / "Customer Balance Detail.csv", (
        "Customer Balance Detail\n\n"
        ",Date,Transaction Type,Num,Due Date,Amount,Open Balance,Balance\n"
        "Mike Sanderson,,,,,,,\n"
        ",03/02/2026,Invoice,2004,04/01/2026,\"3,000.00\",\"1,000.00\",\"1,000.00\"\n"
        ",04/02/2026,Invoice,2005,05/02/2026,500.00,500.00,\"1,500.00\"\n"
        "Globex Inc,,,,,,,\n"
        ",04/03/2026,Invoice,2006,05/03/2026,250.00,250.00,250.00\n"
    ))
    assert prepared.cases.filter(pl.col(VALID)).select("reference", "amount", "debtor.name").rows() == [
        ("2004", Decimal("1000.00"), "Mike Sanderson"), ("2005", Decimal("500.00"), "Mike Sanderson"),
        ("2006", Decimal("250.00"), "Globex Inc")]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines if e.reason == "group"] == [(4, "group"), (7, "group")]
    assert any("up to the next label (no total row closes them)" in n for n in prepared.read.source.notices)
    with pytest.raises(MappingError, match=r"debtor\.name"):
        _prepared(settings, tmp_path / "numbered.csv", (
            "Num,Date,Due Date,Open Balance\nMike Sanderson,,,\n2004,03/02/2026,04/01/2026,\"1,000.00\"\n"
            "2005,04/02/2026,05/02/2026,500.00\n"))


def test_a_line_of_a_querys_parameters_is_a_title_and_an_assigned_invoices_other_parties_are_not_the_debtor(settings, tmp_path):
    """Chile's registry of assigned invoices (SII RPETC): a first line of the query's parameters
    ("RUT=75320502-0;TIPO_CONSULTA=DEUDOR") above the header had been read as labels of groups of
    columns; its document's name ('NOMBRE_DOC': Factura Electronica) taken for the debtor's name and
    the assignor's e-mail ('MAIL_CEDENTE') for the debtor's. A record (a date beside numbers) is
    never the lower line of a header either."""
    prepared = _prepared(settings, tmp_path / "rpetc.csv", (
        "DATOS_CONSULTA; RUT=75320502-0;TIPO_CONSULTA=DEUDOR;DESDE_DDMMAAAA=01032019;HASTA_DDMMAAAA=31032019\n"
        "VENDEDOR;ESTADO_CESION;DEUDOR;MAIL_DEUDOR;TIPO_DOC;NOMBRE_DOC;FOLIO_DOC;FCH_EMIS_DTE;MNT_TOTAL;CEDENTE;"
        "RZ_CEDENTE;MAIL_CEDENTE;CESIONARIO;RZ_CESIONARIO;MAIL_CESIONARIO;FCH_CESION;MNT_CESION;FCH_VENCIMIENTO\n"
        "51532520-4;Cesion Vigente;75320502-0;null;33;Factura Electronica;3608534;2019-02-15;96628;51532520-4;"
        "MI CAMPITO SA;mi@campito.cl;96667560-8;POBRES SERVICIOS FINANCIEROS S.A.;ejecutivo@pobres.cl;super.ejecutivo@pobres.cl;"
        "muy@pobres.cl;2019-03-07 13:31;96628;2019-04-16\n"
        "51532520-4;Cesion Vigente;75320502-0;null;33;Factura Electronica;3608460;2019-02-11;256357;51532520-4;"
        "MI CAMPITO SA;mi@campito.cl;96667560-8;POBRES SERVICIOS FINANCIEROS S.A.;un-poco@pobres.cl;2019-03-07 13:32;256357;2019-04-12\n"
        "83564146-5;Cesion Vigente;75320502-0;null;33;Factura Electronica;1113465;2019-03-07;703771;83564146-5;"
        "MOYA S A;paga@moya.xyz;96932010-K;Ricky S.A.;whatever@ricky.cl;2019-03-26 09:27;703771;2019-07-05\n"
    ))
    assert prepared.read.source.header_line == 2
    mapping = _mapping(prepared)
    assert mapping["FOLIO_DOC"] == "reference" and mapping["MNT_TOTAL"] == "amount"
    assert "NOMBRE_DOC" not in mapping and "MAIL_CEDENTE" not in mapping and "MAIL_CESIONARIO" not in mapping
    assert "Factura Electronica" not in prepared.cases["debtor.name"].to_list()


def test_a_couriers_cash_on_delivery_list_in_arabic_collects_its_amount_to_collect(settings, tmp_path):
    """An Egyptian courier's cash-on-delivery upload: the amount to collect ('قيمة التحصيل') is owed,
    the shipment's insured value ('مبلغ ضمان السعر') is none, the waybill number is the reference, and
    'هاتف', 'مدينة', 'منطقة' (phone, city, region, written without the article) are the debtor's. The
    insured value had been imported as the debt and the amount to collect offered as the reference."""
    prepared = _prepared(settings, tmp_path / "cod.csv", (
        "رقم بوليصة العميل,نوع البضاعة,قيمة التحصيل,مبلغ ضمان السعر,الاسم,هاتف,مدينة,منطقة,عنوان المرسل إليه\n"
        "W-1001,Normal,1250,9000,أحمد علي,01012345678,القاهرة,مدينة نصر,شارع عباس العقاد 12\n"
        "W-1002,Normal,13413,12312,منى حسن,01123456789,الجيزة,الدقي,شارع التحرير 5\n"
    ))
    mapping = _mapping(prepared)
    assert mapping["قيمة التحصيل"] == "amount" and mapping["رقم بوليصة العميل"] == "reference"
    assert "مبلغ ضمان السعر" not in mapping
    assert (mapping["هاتف"], mapping["مدينة"], mapping["منطقة"]) == ("debtor.phone", "debtor.address.city", "debtor.address.region")
    assert _owed(prepared) == {"W-1001": Decimal("1250"), "W-1002": Decimal("13413")}


def test_an_orders_payment_authorised_and_lapsed_is_a_known_status_and_still_owed(settings, tmp_path):
    """Shopify's financial status 'expired' (a payment authorised, never taken before it lapsed) had
    been told an unknown status: the order is still owed, as a pending one is; paid ones are not."""
    owed = _owed_under_known_statuses(settings, tmp_path / "orders_export.csv", (
        "Name,Email,Financial Status,Total,Created at,Billing Name\n"
        "#1001,ana@example.com,paid,120.00,2026-03-01,Ana Lima\n"
        "#1002,bo@example.com,expired,80.50,2026-03-02,Bo Berg\n"
        "#1003,cy@example.com,pending,45.00,2026-03-03,Cy Young\n"
    ))
    assert owed == {"#1002": Decimal("80.50"), "#1003": Decimal("45.00")}


def test_a_status_partly_paid_written_masculine_is_known_and_still_owed(settings, tmp_path):
    """A French balance per client: 'Partiellement Payé' (a document written masculine) had been
    told a status the tool does not know."""
    owed = _owed_under_known_statuses(settings, tmp_path / "soldes.csv", (
        "Facture,client_nom,total_facture,total_paye,solde_restant,statut\n"
        "F-1,Entreprise Alpha,1500,1200,300,Partiellement Payé\nF-2,Entreprise Beta,2000,1500,500,Réglé partiellement\n"
        "F-3,Entreprise Gamma,1500,1500,0,Payé\n"
    ))
    assert owed == {"F-1": Decimal("300"), "F-2": Decimal("500")}


def test_a_clear_date_written_in_snake_case_marks_the_invoices_cleared(settings, tmp_path):
    """An open-items extract of SAP kept in data projects ('clear_date' beside 'due_in_date'): a row
    whose clearing date is written was cleared by a payment, as under 'Clearing Date'; the header
    in snake case had been read as any other date and every cleared invoice imported."""
    owed = _owed(_prepared(settings, tmp_path / "invoices.csv", (
        "business_code,cust_number,name_customer,clear_date,doc_id,posting_date,due_in_date,converted_usd\n"
        "CA02,0140105686,SYSC llc,2020-04-15 12:25:01,2960623488,2020-03-30,2020-04-10,2309.79\n"
        "U001,0200744019,TARG us,,1930659387,2020-03-19,2020-04-03,11173.02\n"
        "U001,0200418007,AM,,1930610806,2020-02-27,2020-03-13,3484.32\n"
    )))
    assert owed == {"1930659387": Decimal("11173.02"), "1930610806": Decimal("3484.32")}


def test_a_polish_bank_statement_whose_rows_outspread_its_header_is_refused_by_its_header(settings, tmp_path):
    """PKO BP's history of an account: its header ('Data operacji', 'Data waluty', 'Saldo po
    transakcji') narrower than its rows, which spread the description over cells of their own. The
    first record (a date beside an amount) had been taken for the header, the real one for a title,
    and the file refused for want of a debtor; it is a statement, by its booking and value days."""
    _refused(settings, tmp_path / "historia.csv", (
        "Data operacji,Data waluty,Typ transakcji,Kwota,Waluta,Saldo po transakcji,Opis transakcji,,,,\n"
        "2/1/2023,1/30/2023,Platnosc karta,-1.95,PLN,106726.72,Tytul: 010061097,Lokalizacja: Kraj: POLSKA Miasto: WARSZAWA,"
        "Data i czas operacji: 2023-01-30,\"Oryginalna kwota operacji: 1,95 PLN\",Numer karty: 425125******0521\n"
        "2/1/2023,1/30/2023,Platnosc karta,-75,PLN,106728.67,Tytul: 743788330300846142501,Lokalizacja: Kraj: POLSKA Miasto: Kobylka,"
        "Data i czas operacji: 2023-01-30,\"Oryginalna kwota operacji: 75,00 PLN\",Numer karty: 425125******0521\n"
        "1/31/2023,1/29/2023,Platnosc karta,-151.99,PLN,106803.67,Tytul: 010085822,Lokalizacja: Kraj: HOLANDIA Miasto: Amsterdam,"
        "Data i czas operacji: 2023-01-29,\"Oryginalna kwota operacji: 151,99 PLN\",Numer karty: 425125******0521\n"
    ), match=r"a bank account's statement \(its columns 'Data operacji', 'Data waluty'\)")


def test_a_balance_in_chinese_zero_on_every_row_says_every_item_is_cleared(settings, tmp_path):
    """A hotel system's receivables account: each item's amount ('金额'), what was cleared of it
    ('已核销') and its balance ('余额'), zero on every row. The balance had lost to the amount as
    an empty column, and every settled item was imported at its amount."""
    prepared = _prepared(settings, tmp_path / "pms_ar.csv", (
        "账单号,类型,日期,金额,已核销,余额,姓名/描述\n"
        "1098829,借方,2025-03-01,134,134,0,王伟\n"
        "1098830,借方,2025-03-02,588,588,0,李娜\n"
        "1098831,借方,2025-03-04,876,876,0,张敏\n"
    ))
    assert _mapping(prepared)["余额"] == "amount" and "已核销" not in _mapping(prepared)
    assert not prepared.cases.filter(pl.col(VALID)).height
    assert any("left out because their balance '余额' is zero" in n for n in prepared.notices)


def test_a_customers_account_blocked_for_its_arrears_is_a_known_status_and_owed(settings, tmp_path):
    """A balance list per customer whose 'Status' says 'Blocked' (the account stopped for its
    arrears): those balances are owed, the strongest to collect, where the tool had called the
    status unknown and advised leaving them out of the file."""
    owed = _owed_under_known_statuses(settings, tmp_path / "aging.csv", (
        "Customer Number,Customer Name,Status,Overdue\n"
        "C-100,Acme Ltd,Blocked,1200.00\n"
        "C-101,Globex Inc,Active,300.00\n"
        "C-102,Initech,On Stop,75.50\n"
    ))
    assert owed == {"C-100": Decimal("1200.00"), "C-101": Decimal("300.00"), "C-102": Decimal("75.50")}


def test_arrears_of_a_few_flats_written_with_pence_are_money_owed(settings, tmp_path):
    """A block of flats' service-charge demands: 'arrears' 0 on most flats, 45.55 and 200.3 on a few,
    beside the next period's 'Service Charge'. The arrears are money owed, as their pence say; they
    had been set aside as days overdue (too few rows with pence), and every flat imported at its
    charge to come."""
    prepared = _prepared(settings, tmp_path / "demands.csv", (
        "flat Number,Name,arrears,Service Charge,email\n"
        "1,Mr Pink,0,1064.11,pink@example.com\n2,Mrs Blue,45.55,1466.31,blue@example.com\n"
        "3,Mr Brown,0,1230.73,brown@example.com\n4,Mr Orange,0,1100.00,orange@example.com\n"
        "5,Ms Red,0,540.95,red@example.com\n6,Dr White,200.3,788.67,white@example.com\n"
        "7,Sir Purple,0,657.91,purple@example.com\n8,Mrs Yellow,103,1403.00,yellow@example.com\n"
        "9,Ms Teal,0,1403.00,teal@example.com\n10,Mr Grey,0,1403.00,grey@example.com\n"
        "11,Ms Gold,0,1403.00,gold@example.com\n12,Mr Green,0,980.00,green@example.com\n"
    ))
    assert _mapping(prepared)["arrears"] == "amount"
    assert sorted(_owed(prepared).values()) == [Decimal("45.55"), Decimal("103"), Decimal("200.3")]


def test_one_or_two_accounts_placed_are_named_by_their_account_numbers(settings, tmp_path):
    """A collection agency's placement of two accounts ('Account Number', 'Outstanding Balance', one
    row each): each debt is named by its account's number, as a longer list's are, where a file of
    fewer than three rows had been refused for want of a reference. Two rows that name no account
    are still refused: their names alone say nothing of a list per debtor."""
    prepared = _prepared(settings, tmp_path / "placement.csv", (
        "Account Number,Original Creditor,Outstanding Balance,Debt Type,Name,Email\n"
        "ACC-10001,ABC Bank,12500.00,Credit Card,John Smith,john.smith@example.com\n"
        "ACC-10002,XYZ Finance,8750.50,Personal Loan,Jane Doe,jane.doe@example.com\n"
    ))
    assert _owed(prepared) == {"ACC-10001": Decimal("12500.00"), "ACC-10002": Decimal("8750.50")}
    _refused(settings, tmp_path / "two.csv", "Name,Outstanding Balance\nJohn Smith,12500.00\nJane Doe,8750.50\n",
             match="invoice number", code="required-column-missing")
    # nor does a tax number name the debts of one or two rows (a debtor may owe several)
    _refused(settings, tmp_path / "one.csv", (
        "CPFCNPJ CLIENTE;NOME / RAZAO SOCIAL;PARCELA;VENCIMENTO;VALOR\n"
        "202.745.347-46;Alex Lopes Pinheiro Junior;33808-17742;22/11/2022;94,12\n"), match="invoice number",
        code="required-column-missing")


def test_a_titles_date_is_no_label_of_a_group_and_a_term_of_payment_written_as_a_date_is_due(settings, tmp_path):
    """A club's open invoices (SEWOBE): a title line 'Offene Rechnungen;Stand 30.09.2026' above the
    header had been read as labels of groups over the columns ('Stand 30.09.2026 aktuell offen'), and
    the file refused; its 'Zahlungsziel' written as a date is the due date, where no other column
    gives one. Written in days ('14 Tage'), it stays aside."""
    prepared = _prepared(settings, tmp_path / "offene_rechnungen.csv", (
        "Offene Rechnungen;Stand 30.09.2026;\n"
        "Kd-Nr.;Mitgliedsnummer;Rechnungsnummer;Rechnungsdatum;Zahlungsziel;Zahlweise;Mahnstufe;Bezeichnung;aktuell offen;\n"
        "4711;1203;20260077;15.01.2026;15.02.2026;Überweisung;2;Müller, Jörg;120,00 EUR;\n"
        "4712;1188;20260081;15.01.2026;15.02.2026;Lastschrift;1;Weiß, Anna;60,00 EUR;\n"
        "4713;1190;20260090;01.03.2026;31.03.2026;Überweisung;0;Becker, Tom;1045,50 EUR;\n"
    ))
    assert prepared.read.source.header_line == 2
    assert _owed(prepared) == {"20260077": Decimal("120.00"), "20260081": Decimal("60.00"), "20260090": Decimal("1045.50")}
    assert prepared.cases["due_date"].to_list() == [date(2026, 2, 15), date(2026, 2, 15), date(2026, 3, 31)]
    days = _prepared(settings, tmp_path / "tage.csv", (
        "Rechnungsnummer;Kunde;Betrag;Zahlungsziel\nR1;Acme GmbH;100,00;14 Tage\nR2;Beta AG;200,00;30 Tage\n"))
    assert "Zahlungsziel" not in _mapping(days)


def test_a_mobile_wallets_statement_newest_first_is_refused_by_its_running_balance(settings, tmp_path):
    """An M-Pesa statement, the newest movement first: each 'BALANCE' is the one below it plus or
    minus the row's money in or out. It had been imported as debts (the wallet's balance owed by
    each recipient paid); its balance runs from row to row, the row above's amount apart, and its
    details name a wallet's movements."""
    _refused(settings, tmp_path / "mpesa.csv", (
        ",CODE,TIME,DETAILS,STATUS,MONEY IN,MONEY OUT,BALANCE,RECIPIENT\n"
        "0,QH81,2019-08-05 10:00:00,Pay Bill to 888880 - KPLC PREPAID,Completed,0.0,500.0,1200.00,KPLC PREPAID\n"
        "1,QH72,2019-08-04 09:00:00,Funds received from 0722000000 - JOHN KAMAU,Completed,1000.0,0.0,1700.00,JOHN KAMAU\n"
        "2,QH63,2019-08-03 18:00:00,Merchant Payment to 12345 - DUKA LA MAMA,Completed,0.0,300.0,700.00,DUKA LA MAMA\n"
        "3,QH54,2019-08-03 12:00:00,Customer Transfer to 0711000000 - MARY WANJIKU,Completed,0.0,250.0,1000.00,MARY WANJIKU\n"
        "4,QH45,2019-08-02 15:00:00,Buy Goods from 5555 - NAIVAS,Completed,0.0,150.0,1250.00,NAIVAS\n"
        "5,QH36,2019-08-02 08:00:00,Airtime Purchase,Completed,0.0,50.0,1400.00,\n"
        "6,QH27,2019-08-01 20:00:00,Funds received from 0733000000 - PETER OTIENO,Completed,200.0,0.0,1450.00,PETER OTIENO\n"
        "7,QH18,2019-08-01 07:00:00,Pay Bill to 222222 - NHIF,Completed,0.0,100.0,1250.00,NHIF\n"
    ), match=r"a bank account's statement \(its columns 'BALANCE', 'DETAILS'\)")


def test_a_portfolios_date_settled_marks_its_items_paid(settings, tmp_path):
    """A Colombian ERP's portfolio ('Fecha Saldado', the day each item was settled): an item with
    that date is paid, where the column had been read as the invoice's date and every item imported."""
    owed = _owed(_prepared(settings, tmp_path / "cartera.csv", (
        "Número,Cliente,Fecha Vencimiento,Valor,Fecha Saldado\n"
        "FV-4650,Ferretería El Tornillo SAS,2025-04-30,1250000,2025-05-06 10:04:57\n"
        "FV-4651,Construcciones Andinas SAS,2025-05-15,830000,\n"
        "FV-4652,Pinturas del Valle Ltda,2025-05-20,415000,\n"
    )))
    assert owed == {"FV-4651": Decimal("830000"), "FV-4652": Decimal("415000")}


def test_a_paid_column_with_a_bare_zero_on_the_rows_paying_nothing_is_taken_off(settings, tmp_path):
    """A Turkish invoice list's 'Ödenen' (paid): '3.000,00', '1.000,00', then '0' on an invoice paid
    nothing. The bare 0 had made the column no column of amounts, every invoice imported at its total
    and the file said to tell nothing of what is paid."""
    prepared = _prepared(settings, tmp_path / "faturalar.csv", (
        "Cari;Fatura No;Tarih;Tutar;Ödenen\n"
        "Yıldız Müşavirlik Ltd;ESKI-2026-001;15.07.2026;3.000,00;3.000,00\n"
        "Yıldız Müşavirlik Ltd;ESKI-2026-002;15.08.2026;2.500,00;1.000,00\n"
        "Yıldız Müşavirlik Ltd;ESKI-2026-003;05.09.2026;1.800,00;0\n"
    ))
    assert _owed(prepared) == {"ESKI-2026-002": Decimal("1500.00"), "ESKI-2026-003": Decimal("1800.00")}


def test_japanese_short_due_date_and_statuses_of_part_payment_and_delay_are_known(settings, tmp_path):
    """A Japanese invoicing app's export: '期限' (the due date, written short) had been left unread,
    and '一部入金' (paid in part), '遅延' (late) called unknown statuses."""
    prepared = _prepared(settings, tmp_path / "seikyu.csv", (
        "請求番号,顧客名,発行日,期限,残額,ステータス\n"
        "INV-001,株式会社山田商事,2026-08-01,2026-08-31,120000,一部入金\n"
        "INV-002,有限会社佐藤工業,2026-08-05,2026-09-04,85000,遅延\n"
        "INV-003,合同会社鈴木,2026-08-10,2026-09-09,0,入金済\n"
    ))
    assert not any("no status the tool knows" in n for n in prepared.notices)
    assert _owed(prepared) == {"INV-001": Decimal("120000"), "INV-002": Decimal("85000")}
    assert prepared.cases.filter(pl.col(VALID))["due_date"].to_list() == [date(2026, 8, 31), date(2026, 9, 4)]


def test_a_korean_credit_reports_credit_left_is_no_debt_and_its_receivable_now_is(settings, tmp_path):
    """A Korean ERP's receivables per customer: '여신잔액' (the credit left to draw) had been taken for
    the amount by its '잔액' (balance), a customer owing nothing imported at its unused credit; the
    receivable now ('현미수액') is what each owes. An advertiser ('광고주') is the customer."""
    prepared = _prepared(settings, tmp_path / "misu.csv", (
        "거래처코드,광고주,여신한도,여신잔액,현미수액\n"
        "C001,주식회사 한빛,100000000,40000000,60000000\n"
        "C002,대성상사,50000000,50000000,0\n"
        "C003,미래테크,80000000,55700000,24300000\n"
    ))
    mapping = _mapping(prepared)
    assert mapping["현미수액"] == "amount" and mapping["광고주"] == "debtor.name" and "여신잔액" not in mapping
    assert sorted(prepared.cases.filter(pl.col(VALID))["amount"].to_list()) == [Decimal("24300000"), Decimal("60000000")]


def test_a_receipts_number_of_a_letter_and_many_digits_says_no_currency(settings, tmp_path):
    """A Taiwanese firm's unpaid receipts: receipt numbers 'R1120503001' had been read as amounts in
    South African rand, and every amount of the file imported in ZAR."""
    prepared = _prepared(settings, tmp_path / "uncollected.csv", (
        "申請人,本所案號,收據日期,收據號碼,收據金額,未收金額\n"
        "台灣精密股份有限公司,P112-0345,2023/05/03,R1120503001,\"45,000\",\"45,000\"\n"
        "宏達科技股份有限公司,T112-0788,2023/05/10,R1120510004,\"12,600\",\"6,300\"\n"
        "新光材料股份有限公司,P112-0401,2023/05/17,R1120517002,\"120,050\",\"120,050\"\n"
        "大同電子股份有限公司,P112-0422,2023/05/24,R1120524001,\"40,000\",\"40,000\"\n"
    ))
    assert "ZAR" not in set(prepared.cases["currency"].to_list())
    assert not any("ZAR" in n for n in prepared.notices)


def test_a_turkish_invoice_lists_status_says_which_are_owed(settings, tmp_path):
    """A Turkish invoice list's 'Durum' (status): 'Açık' (open) and 'Kısmi Ödendi' (paid in part) are
    owed, 'Ödendi' (paid) and 'İptal' (cancelled) are not. The column had been read as nothing, and
    the paid and cancelled invoices imported."""
    owed = _owed_under_known_statuses(settings, tmp_path / "faturalar.csv", (
        "Fatura No;Firma;Fatura Tarihi;Vade Tarihi;Genel Toplam;Tahsil Edilen;Durum\n"
        "SF2026000101;Özkan Yapı Malz. Ltd. Şti.;03.08.2026;02.09.2026;12.000,00;0,00;Açık\n"
        "SF2026000102;Güneş Tekstil A.Ş.;10.08.2026;09.09.2026;30.500,00;10.000,00;Kısmi Ödendi\n"
        "SF2026000103;Deniz Market;12.08.2026;12.08.2026;1.000,00;1.000,00;Ödendi\n"
        "SF2026000104;Akın Otomotiv San. Tic.;20.08.2026;19.09.2026;9.000,00;0,00;İptal\n"
    ))
    assert owed == {"SF2026000101": Decimal("12000.00"), "SF2026000102": Decimal("20500.00")}


def test_a_name_set_by_hand_beside_a_suppliers_number_stands_and_is_said(settings, tmp_path):
    """A vendor invoice list: its refusal told the user to name the debtor's column by hand, and the
    same refusal came back when they did ('vendor_name' withdrawn beside 'vendor_id'). The user's
    choice stands, said to be a supplier's name perhaps."""
    text = (
        "invoice_id,vendor_id,vendor_name,invoice_number,invoice_date,due_date,total_amount,payment_status\n"
        "869b,V001,AWS India Pvt Ltd,V001-39256,2025-01-13,2025-02-12,41415.64,Pending\n"
        "e4f0,V002,Tata Consultancy Services,V002-14165,2025-12-13,2025-12-28,68796.36,Pending\n"
    )
    _refused(settings, tmp_path / "vendor_invoices.csv", text, match="name suppliers", code="required-column-missing")
    prepared = prepare_file(tmp_path / "vendor_invoices.csv", settings,
                            PrepareOptions(assign=(("vendor_name", "debtor.name"),)))
    assert prepared.cases["debtor.name"].to_list() == ["AWS India Pvt Ltd", "Tata Consultancy Services"]
    assert any(n.startswith("debtor.name: 'vendor_name', set by hand,") and "names suppliers" in n for n in prepared.notices)


def test_a_list_of_quotes_is_refused_as_a_sales_pipeline(settings, tmp_path):
    """A deal desk's quotes ('quote_id', 'opportunity_id', a paragraph of justification): no debts.
    The file had been read as one, its justification offered as the debtor's name."""
    _refused(settings, tmp_path / "quotes.csv", (
        "quote_id,opportunity_id,annual_commit,term_months,total_contract_value,business_justification,quote_age_hours\n"
        "Q0011,O0011,200000,36,600000,\"Customer is not requesting cross-service discounting, but the quote still requires review.\",12\n"
        "Q0012,O0012,150000,24,300000,\"A deal investment is requested to support adoption and expansion activities.\",30\n"
    ), match=r"a sales pipeline of deals or quotes \(its columns 'quote_id', 'opportunity_id'")


def test_mobiles_that_lost_their_leading_zero_read_in_two_english_speaking_countries_choose_neither(settings, tmp_path):
    """Nigerian mobiles stored as numbers ('8090668968.0'): India reads them as written, Nigeria once
    the lost 0 is put back, and the headers' English is spoken in both. Every debtor had been given
    an Indian number (+91) and the amounts read in rupees; neither country is chosen."""
    rows = "".join(f"INV-{i:03d},Customer {chr(65 + i)} Ltd,{n}.0,{100000 + 1000 * i}\n" for i, n in enumerate(
        ["8090668968", "8034567812", "8123456789", "9012345678", "7031234567", "8167890123", "9098765432", "8056781234"]))
    prepared = _prepared(settings, tmp_path / "invoices.csv", "Invoice No,Customer Name,Phone,Amount\n" + rows)
    assert not any(str(p).startswith("+91") for p in prepared.cases["debtor.phone"].to_list() if p)
    assert "INR" not in set(prepared.cases["currency"].to_list())


def test_a_ukrainian_housing_associations_debtors_are_read_in_hryvnias(settings, tmp_path):
    """An ОСББ's (a Ukrainian housing association's) debtors: 'Власник' (the owner) owes 'Сума боргу'
    (the debt); the owner had been no column the tool knew, the file refused, and its amounts read in
    euros. A debt of 0 is nothing owed."""
    prepared = _prepared(settings, tmp_path / "borzhnyky.csv", (
        "Квартира;Особовий рахунок;Власник;Площа;Сума боргу;Термін боргу\n"
        "1;100001;Коваленко Іван Петрович;54,3;2 345,67;3 міс.\n"
        "7;100007;Шевченко Олена Василівна;72,1;10 120,00;12 міс.\n"
        "12;100012;Бондар Андрій;41,0;0;—\n"
        "15;100015;Мельник Ольга;63,8;845,30;1 міс.\n"
    ))
    assert _mapping(prepared)["Власник"] == "debtor.name"
    assert sorted(prepared.cases.filter(pl.col(VALID))["amount"].to_list()) == [
        Decimal("845.30"), Decimal("2345.67"), Decimal("10120.00")]
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"UAH"}


def test_a_grouped_report_with_a_name_column_keeps_its_column(settings, tmp_path):
    path = tmp_path / "grouped_with_names.csv"
    path.write_text(
        "Client;Num;Open Balance;Email\nBoulangerie;;;\nLefèvre SARL;F-1;10,00;a@b.fr\nTotal Boulangerie;;10,00;\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert prepared.cases["debtor.name"].to_list() == ["Lefèvre SARL"]
    assert "(group label)" not in _mapping(prepared)


def test_the_line_items_below_an_invoice_are_not_cases(settings, tmp_path):
    """A row per line item: the invoice's number, name and amount on its first row; below it rows
    that repeat the number or leave it empty, with no amount and no name of their own."""
    prepared = _prepared(
        settings, tmp_path / "orders.csv",
        "Invoice No,Customer,Email,Total,Item,Qty\n"
        "#1001,Anne Martin,anne@example.org,120.00,Snowboard,1\n"
        "#1001,,,,Wax,2\n"
        ",,,,Gloves,1\n"
        "#1002,Paul Durand,paul@example.org,35.50,Wax,1\n"
        "#1003,Marc Petit,marc@example.org,,Boots,1\n"
        "#1003,,,,Socks,3\n",
    )
    source = prepared.read.source
    assert [(e.line, e.reason) for e in source.excluded_lines] == [(3, "item"), (4, "item"), (7, "item")]
    assert "Rows 3–4 excluded: line items of the invoice above them (no amount of their own)." in source.notices
    assert "Row 7 excluded: a line item of the invoice above it (no amount of its own)." in source.notices
    # an invoice without its amount is still an invoice, with its problem
    assert _verdicts(prepared) == {2: [], 5: [], 6: ["missing-amount"]}
    assert prepared.counts()["rows"] == 3


def test_an_orders_number_written_on_each_of_its_item_rows_is_offered_and_its_items_left_out(settings, tmp_path):
    """WooCommerce's orders, one row per item: the order's number and its buyer on every row, its
    total on the first, a company column blank on all. The number is the only key: offered to
    confirm; once confirmed, each order is one case and its other items are left out."""
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_number,paid_date,status,order_total,billing_first_name,billing_last_name,billing_company,billing_email,product_name,item_total\n"
        "10001,2026-04-26 22:53:57,completed,855.25,Ryan,Moore,,ryan@example.com,Cat Food,432.32\n"
        "10001,2026-04-26 22:53:57,completed,,Ryan,Moore,,ryan@example.com,Painting Set,422.93\n"
        "10002,,pending,473.16,Ana,Lopez,,ana@example.com,Smart Lamp,169.22\n"
        "10002,,pending,,Ana,Lopez,,ana@example.com,Desk,303.94\n"
        "10003,,pending,441.39,Lee,Park,,lee@example.com,Chair,441.39\n"
        "10004,,pending,1077.02,Sam,Roy,,sam@example.com,Shelf,230.31\n"
        "10004,,pending,,Sam,Roy,,sam@example.com,Table,432.32\n"
        "10004,,pending,,Sam,Roy,,sam@example.com,Rug,414.39\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert any("'order_number' is offered to confirm (the order's number" in n and "its lines) follow each other" in n
               for n in prepared.notices)
    confirmed = prepare_file(path, settings, PrepareOptions(assign=(("order_number", "reference"),)))
    assert [(e.line, e.reason) for e in confirmed.read.source.excluded_lines] == [
        (2, "closed"), (3, "item"), (5, "item"), (8, "item"), (9, "item")]
    assert _owed(confirmed) == {"10002": Decimal("473.16"), "10003": Decimal("441.39"), "10004": Decimal("1077.02")}
    assert not confirmed.problems.height


def test_a_header_one_name_longer_than_its_rows_is_said_in_the_refusal(settings, tmp_path):
    """An orders export whose header names 6 columns over rows of 5 fields: each value from the
    second on sits under the name of the column after its own ('Customer Name' holds phones, the
    names are under 'Order Number'). The refusal says so, not only that no name column was found."""
    refused = _refused_without_a_name(
        settings, tmp_path / "orders_export.csv",
        "Order ID,Order Number,Customer Name,Phone,Grand Total,Date\n"
        '"WA-74233","M Imran Saleem","03432316602",599,"2026-03-11"\n'
        '"WA-59840","Amjad Qureshi","03132283676",2099,"2026-03-11"\n'
        '"WA-96684","Shazia Jamshed","03134678891",2099,"2026-03-12"\n',
    )
    assert "The header names 6 columns but every row has 5 fields" in str(refused)
    assert "('Date' is blank on every row)" in str(refused)


def test_a_boleto_list_is_named_by_the_creditors_number_and_its_boletos_paid_on_the_day_are_left_out(settings, tmp_path):
    """A Brazilian list of boletos: the creditor's own number ("numero_seu") names each, the bank's
    ("numero_nosso") does not, nor the month they bill ("mes_referencia", the same for all); one
    "PAGO NO DIA" (paid on its due day) is no debt."""
    prepared = _prepared(
        settings, tmp_path / "boletos.csv",
        "banco,mes_referencia,nome_pagador,status,numero_seu,numero_nosso,data_vencimento,valor\n"
        "BANCO1,2025-10,MELQUESEDEQUE CAXEADO,VENCIDO,12345,67890,2025-10-15,1161.41\n"
        "BANCO2,2025-10,JOAO SILVA,PAGO NO DIA,23456,78901,2025-10-16,500.00\n"
        "BANCO1,2025-10,MARIA SANTOS,EM ABERTO,34567,89012,2025-10-17,750.50\n",
    )
    assert prepared.mapping.field_columns()["reference"] == "numero_seu"
    assert _owed(prepared) == {"12345": Decimal("1161.41"), "34567": Decimal("750.50")}
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(3, "closed")]


def test_sap_items_cleared_on_a_day_written_in_eight_digits_are_left_out_as_paid(settings, tmp_path):
    """SAP's customer items (BSAD, BSID) extracted as they are stored: the clearing date 'AUGDT' as
    eight digits ("20231030") on an item cleared, zeros or nothing on one still open."""
    prepared = _prepared(
        settings, tmp_path / "bsad.csv",
        "BUKRS,KUNNR,NAME1,AUGDT,AUGBL,BELNR,BLDAT,WRBTR,WAERS\n"
        "1000,C001,Acme GmbH,20231030,1400000001,1800000001,20231001,1500.50,EUR\n"
        "1000,C002,Beta AG,,,1800000002,20231002,200.75,EUR\n"
        "1000,C003,Gamma KG,20231101,1400000003,1800000003,20231003,99.00,EUR\n"
        "1000,C004,Delta SE,,,1800000004,20231004,12.00,EUR\n",
    )
    assert _owed(prepared) == {"1800000002": Decimal("200.75"), "1800000004": Decimal("12.00")}
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (4, "closed")]
    # open items write zeros where no clearing date is: nothing is paid
    open_items = _prepared(
        settings, tmp_path / "bsid.csv",
        "BUKRS,KUNNR,NAME1,AUGDT,BELNR,BLDAT,WRBTR,WAERS\n"
        "1000,C001,Acme GmbH,00000000,1800000001,20231001,1500.50,EUR\n"
        "1000,C002,Beta AG,00000000,1800000002,20231002,200.75,EUR\n",
    )
    assert len(_owed(open_items)) == 2


def test_the_amount_in_the_currency_the_file_gives_wins_over_its_conversion(settings, tmp_path):
    """An overdue report writing each amount in roubles and converted to euros (zero here), its
    currency column giving 'RUR', the rouble's code before 1998: the roubles are the debts."""
    prepared = _prepared(
        settings, tmp_path / "snapshot.csv",
        "client_name,invoice_date,due_date,currency_code,invoice_amount,overdue_amount_rub,overdue_amount_eur,print_invoice_number\n"
        "NordAuto,2026-04-01,2026-04-10,RUR,1930.0,1930.0,0.0,INV0000001\n"
        "Prime Service,2026-04-02,2026-04-11,RUR,8400.0,5400.0,0.0,INV0000002\n"
        "Vector Trans,2026-04-03,2026-04-12,RUR,620.5,620.5,0.0,INV0000003\n",
    )
    assert prepared.mapping.field_columns()["amount"] == "overdue_amount_rub"
    assert _owed(prepared) == {"INV0000001": Decimal("1930.00"), "INV0000002": Decimal("5400.00"),
                               "INV0000003": Decimal("620.50")}
    assert set(prepared.cases["currency"].to_list()) == {"RUB"}


def test_the_total_in_the_currency_of_the_debtors_country_wins_over_a_foreign_one(settings, tmp_path):
    """A forwarder's statement of freight charges to Vietnamese companies: each shipment's total in
    Korean won and in dong; the debtors' names are written in Vietnamese: the dong are owed. Names in
    Latin letters alone tell no country: the first total stays."""
    text = ("NO,DATE,Customer,TOTAL AMOUNT (KRW),TOTAL AMOUNT (VND)\n"
            "1,2026-03-02,CÔNG TY TNHH COVA TEC VIỆT NAM,\"1,250,000\",\"23,125,000\"\n"
            "2,2026-03-05,CÔNG TY CỔ PHẦN THƯƠNG MẠI HÀ NỘI,\"480,000\",\"8,880,000\"\n"
            "3,2026-03-09,CÔNG TY TNHH ĐIỆN TỬ SÀI GÒN,\"2,100,000\",\"38,850,000\"\n")
    prepared = _prepared(settings, tmp_path / "bang_ke.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "TOTAL AMOUNT (VND)"
    assert _owed(prepared) == {"1": Decimal("23125000"), "2": Decimal("8880000"), "3": Decimal("38850000")}
    assert set(prepared.cases["currency"].to_list()) == {"VND"}
    latin = _prepared(settings, tmp_path / "statement.csv", text.replace("CÔNG TY TNHH COVA TEC VIỆT NAM", "Cova Tec Ltd")
                      .replace("CÔNG TY CỔ PHẦN THƯƠNG MẠI HÀ NỘI", "Hanoi Trading JSC")
                      .replace("CÔNG TY TNHH ĐIỆN TỬ SÀI GÒN", "Saigon Electronics Co"))
    assert latin.mapping.field_columns()["amount"] == "TOTAL AMOUNT (KRW)"
    assert set(latin.cases["currency"].to_list()) == {"KRW"}


def test_a_row_of_values_a_mapping_reads_as_names_is_no_header(tmp_path):
    """A customer list: its header of four short names, then rows whose bank and town repeat
    ("BANCOMER" reads as a balance, "CLN" as a client): the header is line 1, not a row of values."""
    path = tmp_path / "catalogo.csv"
    banks = ["BANORTE", "BANCOMER", "BANORTE", "BANCOMER", "SANTANDER", "BANCOMER", "BANORTE", "BANCOMER"]
    towns = ["CLN", "CLN", "", "HLLO", "LM", "CLN", "HLLO", "CLN"]
    path.write_text("CUENTA,CLIENTE,BANCO,PLAZA\n" + "".join(
        f"{21879611 + 7919 * n},CLIENTE {chr(65 + n)} SA DE CV,{bank},{town}\n"
        for n, (bank, town) in enumerate(zip(banks, towns, strict=True))), encoding="utf-8")
    result = CliRunner().invoke(cli, ["map", str(path), "--format", "json"], env={"GETBILL_DATA_DIR": str(tmp_path / "d")})
    document = json.loads(result.output)
    assert document["source"]["header_line"] == 1
    assert {c["column"] for c in document["columns"]} == {"CUENTA", "CLIENTE", "BANCO", "PLAZA"}


def test_a_banks_overdrawn_accounts_are_named_by_their_id_when_the_number_column_is_blank(settings, tmp_path):
    """A Tunisian bank's overdrawn accounts handed for collection: 'Numero' blank on every row, each
    account's own 'ID'; debit balances below zero in dinars of three decimals, the phones Tunisian."""
    mobiles = ["23046520", "21906363", "20148892", "98765432", "55123456", "29312021", "52058756", "97752581"]
    prepared = _prepared(
        settings, tmp_path / "lot5.csv",
        "Agence;ID;Nom Client;Compte Debiteur;Tel Portable;Numero\n" + "".join(
            f"AGENCE {n};{57014 + 13 * n};CLIENT {chr(65 + n)};-{630 + n}.{449 + n};{mobile};\n"
            for n, mobile in enumerate(mobiles)),
    )
    assert any("'ID' is offered to confirm" in n for n in prepared.notices)
    owed = _owed(prepared)
    assert len(owed) == 8 and owed["57014"] == Decimal("630.45") and owed["57027"] == Decimal("631.45")
    assert set(prepared.cases["currency"].to_list()) == {"TND"}


def test_a_rent_roll_names_each_debt_by_its_unit_when_a_tenant_rents_several(settings, tmp_path):
    """A property manager's rent roll (RealPage OneSite's "Rent Roll Detail"): each unit's balance on
    a row of its own, a company housing its staff renting several units, no number of a debt; the
    units ("6301-005") are no postal codes. The title written again below the rows, in a column of
    its own, names none."""
    prepared = _prepared(
        settings, tmp_path / "rent_roll.csv",
        "Isola Bella Apartments,,,,,,,\n"
        "RENT ROLL DETAIL,,,,,,,\n"
        "Unit,Floor Plan,Unit/Lease Status,Name,Move-In,Market Rent,Balance,\n"
        "6301-001,A1-Corp,Occupied,\"Housing, Corporate\",01/10/2017,700.00,0.00,\n"
        "6301-005,A1-Corp,Occupied,\"FAA, *\",12/20/2016,700.00,800.00,\n"
        "6301-006,A1-Corp,Occupied,\"FAA, *\",01/01/2017,700.00,900.00,\n"
        "6307-032,A2,Occupied,\"Crossland, *\",11/02/2016,790.00,2080.00,\n"
        "6313-052,A2,Occupied,\"White, Mercedes\",02/02/2016,790.00,655.10,\n"
        "6315-057,A1,Occupied,\"FAA, *\",01/18/2017,700.00,931.20,\n"
        "TOTAL,,,,,4380.00,5366.30,\n"
        ",,,,,,,Isola Bella Apartments\n"
        ",,,,,,,RENT ROLL DETAIL\n",
    )
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [
        ("6301-005", "FAA, *", Decimal("800.00")), ("6301-006", "FAA, *", Decimal("900.00")),
        ("6307-032", "Crossland, *", Decimal("2080.00")), ("6313-052", "White, Mercedes", Decimal("655.10")),
        ("6315-057", "FAA, *", Decimal("931.20"))]
    assert any(n.startswith("reference: no column numbers the debts, and a debtor may rent several units") and
               "'Unit'" in n for n in prepared.read.source.notices)


def test_a_russian_register_of_debtors_writes_the_street_house_and_flat_and_counts_its_rows(settings, tmp_path):
    """A housing company's register of debtors: its rows counted ('№ п/п'), each one's personal
    account ('№ лицевого счета'), the street, the house and the flat in columns of their own."""
    prepared = _prepared(
        settings, tmp_path / "reestr.csv",
        "№ п/п;№ лицевого счета;Населенный пункт;Улица;№ Дома;№ квартиры;Наименование должника (ФИО);Сумма долга\n"
        "1;110230011;Нерехта;ул. Ленина;12;5;Иванов Иван Иванович;12 500,40\n"
        "2;110230012;Нерехта;ул. Ленина;12;7;Петрова Анна Сергеевна;3 200,00\n"
        "3;110230045;Нерехта;ул. Мира;3;1;Сидоров Павел Олегович;980,15\n",
    )
    assert prepared.cases.select("reference", "debtor.address.line1").rows() == [
        ("110230011", "ул. Ленина 12/5"), ("110230012", "ул. Ленина 12/7"), ("110230045", "ул. Мира 3/1")]


def test_a_reports_parameter_of_a_label_and_a_date_is_no_header(settings, tmp_path):
    """A 1C report of debts by delivery note: its parameters as labels beside their values
    ("Задолженность на дату" | 20.04.2029) above its header of two lines; the currency 'RUR'."""
    from getbill_import.pipeline import read_and_map

    prepared = _prepared(
        settings, tmp_path / "zadolzhennost.txt",
        'ООО "АРС"\tЗадолженность по накладным на дату\t20.04.2026\t14:46:58\tСтраница 1\n'
        "Тип клиента\tКлиент\n"
        "Задолженность на дату\t20.04.2029\n"
        "Просрочено дней не менее\t0\n"
        "\n"
        "\t\tДата\tПеч. номер\tСумма\t\t\n"
        "Клиент\tНаименование клиента\tнакладной\tнакладной\tнакладной\tВалюта\tОплатить до\n"
        "1503\tПокупатель КАЗАНЬ\t20.04.2026\t2600017555\t486,00\tRUR\t23.04.2026\n"
        "1503\tПокупатель КАЗАНЬ\t20.04.2026\t2600017559\t1 070,00\tRUR\t23.04.2026\n"
        "1520\tВектор ООО\t19.04.2026\t2600017560\t300,00\tRUR\t22.04.2026\n"
        "1521\tТехСнаб ООО\t19.04.2026\t2600017561\t250,00\tRUR\t22.04.2026\n"
        "1522\tАльфаАвто ООО\t19.04.2026\t2600017562\t1 200,00\tRUR\t22.04.2026\n"
        # the next page: its title, its header's two lines again
        'ООО "АРС"\tЗадолженность по накладным на дату\t20.04.2026\t14:46:58\tСтраница 2\n'
        "\t\tДата\tПеч. номер\tСумма\t\t\n"
        "Клиент\tНаименование клиента\tнакладной\tнакладной\tнакладной\tВалюта\tОплатить до\n"
        "1611\tАвтодом ООО\t18.04.2026\t2600017401\t4 900,00\tRUR\t21.04.2026\n"
        "ИТОГО:\t8 206,00\n",
    )
    assert prepared.read.source.header_line == 7
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines if e.line > 7] == [
        (13, "subheader"), (14, "subheader"), (15, "subheader"), (17, "totals")]
    assert not prepared.problems.filter(pl.col("severity") == "error").height
    assert _owed(prepared) == {"2600017555": Decimal("486.00"), "2600017559": Decimal("1070.00"),
                               "2600017560": Decimal("300.00"), "2600017561": Decimal("250.00"),
                               "2600017562": Decimal("1200.00"), "2600017401": Decimal("4900.00")}
    assert set(prepared.cases["currency"].to_list()) == {"RUB"}
    # a list of two columns whose balance is named by its day ("Client | 31/12/2025") keeps that header
    balances = tmp_path / "balances.csv"
    balances.write_text("Client;31/12/2025\nAcme SA;1 200,00\nBeta SARL;80,50\nGamma SAS;310,00\n", encoding="utf-8")
    _, mapping = read_and_map(balances, settings, PrepareOptions())
    assert mapping.field_columns().get("debtor.name") == "Client"


def test_a_rate_beside_a_quantity_is_a_unit_price(settings, tmp_path):
    """Bigcapital's invoices to import: each line's 'Rate' beside its 'Quantity', its 'Exchange Rate'
    another thing; no total: each invoice owes its quantity times its rate."""
    prepared = _prepared(
        settings, tmp_path / "sale_invoices.csv",
        "Invoice No.,Invoice Date,Due Date,Customer,Exchange Rate,Item,Quantity,Rate\n"
        "B-101,2024-04-15,2024-04-17,Harley Veum,1,Amoxicillin,100,100\n"
        "B-102,2024-04-16,2024-04-18,Ana Lopez,1,Ibuprofen,3,12.50\n"
        "B-103,2024-04-16,2024-04-18,Lee Park,1,Bandages,7,4\n",
    )
    assert _owed(prepared) == {"B-101": Decimal("10000.00"), "B-102": Decimal("37.50"), "B-103": Decimal("28.00")}


def test_a_file_whose_every_row_is_a_vendor_bill_is_refused_as_payables(settings, tmp_path):
    """NetSuite's transactions as a pipeline copies them, every one a vendor bill ('VendBill'): what
    the company owes its suppliers, refused as such rather than for a debtor's column."""
    refused = _refused(
        settings, tmp_path / "transactions.csv",
        "id,transactionnumber,type,trandate,duedate,currency,entity,foreigntotal\n"
        "5914,BILL-1,VendBill,2017-05-07,2017-06-05,1,1570,1200.00\n"
        "5915,BILL-2,VendBill,2017-05-08,2017-06-06,1,1571,88.50\n"
        "5916,BILL-3,VendBill,2017-05-09,2017-06-07,1,1570,410.00\n",
        match="every row of it \\(3\\) is a supplier's bill or another payable",
    )
    assert "('type' says 'VendBill')" in str(refused)


def test_what_is_overdue_of_each_delivery_note_is_what_is_owed(settings, tmp_path):
    """A 1C report of debts by delivery note: each note's sum, then what is overdue of it in roubles
    (the report's total adds those up) and the days it is overdue."""
    prepared = _prepared(
        settings, tmp_path / "zadolzhennost.csv",
        "Наименование клиента;Печ. номер накладной;Сумма накладной;Валюта;Оплатить до;Просрочено дней;Просрочено, рубли\n"
        "Покупатель КАЗАНЬ;2600017555;486,00;RUR;23.04.2026;1093;486,00\n"
        "Автодом ООО;2600017401;4 900,00;RUR;21.04.2026;1095;1 250,00\n"
        "Вектор ООО;2600017402;820,00;RUR;21.04.2026;1095;820,00\n",
    )
    assert prepared.mapping.field_columns()["amount"] == "Просрочено, рубли"
    assert _owed(prepared) == {"2600017555": Decimal("486.00"), "2600017401": Decimal("1250.00"),
                               "2600017402": Decimal("820.00")}


def test_an_invoice_repeated_on_each_of_its_item_rows_is_one_case(settings, tmp_path):
    """Frappe Books' export: the labels, then the fields' names, then a row per line item that
    repeats the invoice's every column; a copy of an invoice's row is the same invoice again."""
    prepared = _prepared(
        settings, tmp_path / "sales_invoices.csv",
        "Invoice No,Date,Party,Outstanding Amount,Item,Quantity\n"
        "SalesInvoice.name,SalesInvoice.date,SalesInvoice.party,SalesInvoice.outstandingAmount,SalesInvoiceItem.item,SalesInvoiceItem.quantity\n"
        "1019,2023-01-30,Randoe,259.60,Test One,1\n"
        "1019,2023-01-30,Randoe,259.60,Test Two,2\n"
        "1014,2023-01-28,Lordham,679.80,Holy Icon,1\n"
        "1014,2023-01-28,Lordham,679.80,Holy Icon,1\n"
        "1011,2023-01-20,Lyn,100.00,Candle,4\n"
        "1011,2023-01-20,Lyn,80.00,Candle,4\n",
    )
    source = prepared.read.source
    assert [(e.line, e.reason) for e in source.excluded_lines] == [(2, "subheader"), (4, "repeat"), (6, "repeat")]
    assert "Row 2 excluded: second header line (the columns' names again) ('SalesInvoice.name,SalesInvoice.date,SalesInvoice.party,Sales')." in source.notices
    assert "Row 4 excluded: the invoice above it again (a line item or a copy: the same values in every mapped column)." in source.notices
    # the same number with another open balance is no copy and no line: both rows keep their problem
    assert _verdicts(prepared) == {
        3: ["no-contact-channel"], 5: ["no-contact-channel"],
        7: ["duplicate-reference", "no-contact-channel"], 8: ["duplicate-reference", "no-contact-channel"],
    }


def test_a_deduction_withheld_and_the_days_active_are_never_the_amount_nor_part_of_it(settings, tmp_path):
    """An equipment hirer's ageing: each rental's revenue before tax, the 10% the customer deducts at
    source, the days it was active. Neither the deduction (a tenth of the debt) nor the days had to be
    offered as the amount, nor the deduction added to the revenue as its tax: the file is refused,
    pointing at the revenue."""
    text = "Customer,TX Number,Monthly Rate,Active,Net Revenue,Deduction,Status\n" + "".join(
        f"Customer {i},TIN{i},60000,{19 + i},{60000 * (19 + i) / 30:.2f},{6000 * (19 + i) / 30:.2f},Unpaid\n"
        for i in range(8))
    refused = _refused(settings, tmp_path / "ageing.csv", text, "'Net Revenue' holds the amounts before tax",
                       code="required-column-missing")
    assert "Deduction" not in str(refused).split("Columns found")[0]


def test_a_statement_of_one_order_written_line_by_line_is_one_debt_of_its_number(settings, tmp_path):
    """A Vietnamese produce distributor's reconciliation of one customer's order: the order's number
    "000001" on each line, the goods' codes beside it, and a "TỔNG CỘNG" row closing the table. The
    order is one debt of its lines' sum, named by its number (the goods' codes had named 24 debts,
    and a number written on every row had been read as a count of tables of one row)."""
    head = "NGÀY,MÃ KHÁCH HÀNG,TÊN KHÁCH HÀNG,MÃ ĐƠN HÀNG,MÃ HÀNG,TÊN HÀNG,ĐVT,SỐ LƯỢNG,ĐƠN GIÁ,THÀNH TIỀN\n"
    lines = [("I100003", "Bắp cải trắng", 3.5, 11000), ("I100004", "Bắp chuối bào", 0.9, 32000),
             ("I100034", "Cà chua", 3, 18000), ("I100039", "Cà rốt", 3, 14000), ("I100051", "Cải thảo", 11, 13000)]
    rows = "".join(f"14/06/2025,C100926,ROLL STORY (Thủ Đức),000001,{code},{name},Kg,{qty},{price},{qty * price:.0f}\n"
                   for code, name, qty, price in lines)
    prepared = _prepared(settings, tmp_path / "doi_chieu_cong_no.csv", head + rows + "TỔNG CỘNG,,,,,,,,,306300\n")
    assert prepared.mapping.field_columns()["reference"] == "MÃ ĐƠN HÀNG"
    assert _owed(prepared) == {"000001": Decimal("306300")}
    assert [e.line for e in prepared.read.source.excluded_lines if e.reason == "totals"] == [7]


def test_a_loan_line_s_code_repeated_down_a_portfolio_is_no_reference(settings, tmp_path):
    """A Mexican lender's portfolio writes each loan's credit line, "001" on most rows and "002" after
    some: a count that starts again on nearly every row, no loan's number (it had been taken for
    one, 205 of 206 loans rejected as written twice), where a statement's one order number on every
    line names it."""
    lines = ["001", "001", "002", "001", "001", "001", "002", "001", "001", "001", "001", "001"]
    text = "Nombre del grupo,Código L. Crédito,Periodo,Saldo\n" + "".join(
        f"Grupo {n},{line},2025-11,{1000 + 25 * n}.00\n" for n, line in enumerate(lines))
    prepared = _prepared(settings, tmp_path / "situacion_de_cartera.csv", text)
    assert prepared.mapping.field_columns().get("reference") != "Código L. Crédito"
    assert len(_owed(prepared)) == len(lines) and _invalid(prepared) == []


def test_a_draft_not_submitted_and_an_invoice_cancelled_are_not_owed(settings, tmp_path):
    """Frappe Books writes whether each invoice was submitted and whether it was cancelled, 0 or 1: a
    draft (Submitted 0) and a cancelled invoice leave the data, said, where they had been imported."""
    prepared = _prepared(
        settings, tmp_path / "sales_invoices.csv",
        "Invoice No,Date,Party,Outstanding Amount,Submitted,Cancelled\n"
        "1020,2023-01-31,Lordham,500.00,0,0\n1019,2023-01-30,Randoe,259.60,1,0\n"
        "1018,2023-01-29,Saipan,300.00,1,1\n1017,2023-01-28,Lyn,80.00,1,0\n",
    )
    assert _owed(prepared) == {"1019": Decimal("259.60"), "1017": Decimal("80.00")}
    assert any(n.startswith("2 row(s) left out because their status says the invoice is not owed ('Submitted': '0'; "
                            "'Cancelled': '1')") for n in prepared.notices)
    # a data pipeline's copy keeps the records deleted in its source, flagged
    copied = _prepared(settings, tmp_path / "ar_invoice.csv", (
        "Invoice No,customername,totaldue,_fivetran_deleted\n1001,Acme Ltd,120.00,FALSE\n1002,Old Mill,80.00,TRUE\n"
        "1003,Bright & Son,45.50,FALSE\n"))
    assert _owed(copied) == {"1001": Decimal("120.00"), "1003": Decimal("45.50")}


def test_lines_of_one_price_are_added_when_the_column_gives_each_lines_amount(settings, tmp_path):
    """A ticketing export, a row per seat of each order: most orders' seats cost different amounts,
    so two seats of one price are two lines (their seat tells them apart), not a copy."""
    prepared = _prepared(
        settings, tmp_path / "upfront.csv",
        "Customer,Invoice No,Date,Seat,Amount\n"
        "Byrne,527802,2020-01-10,529-C-14,100810\nByrne,527802,2020-01-10,533-K-14,100810\n"
        "Walsh,534698,2020-01-11,12-A-1,36940\nWalsh,534698,2020-01-11,12-A-2,1200\n"
        "Kelly,540415,2020-01-12,7-B-3,500\nKelly,540415,2020-01-12,7-B-4,250\n"
        "Ryan,548405,2020-01-13,8-D-1,80\nRyan,548405,2020-01-13,8-D-1,80\n",
    )
    owed = dict(prepared.cases.select("reference", "amount").rows())
    assert owed == {"527802": Decimal("201620"), "534698": Decimal("38140"), "540415": Decimal("750"),
                    "548405": Decimal("80")}
    # a row alike in every column is a copy still
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines if e.reason == "repeat"] == [(9, "repeat")]


def test_the_lines_of_an_invoice_written_apart_are_gathered_in_a_file_of_lines(settings, tmp_path):
    """An invoice register sorted by order line (Infor M3): an invoice's lines may sit apart, another
    invoice's between them. In a file that writes invoices line by line they are gathered; in a
    file of one row per invoice, the same number twice stays a conflict."""
    lines = _prepared(
        settings, tmp_path / "register.csv",
        "Invoice No,Customer,Invoice Date,Amount,Item No\n"
        "4158596,A764,12/23/2004,660,68011\n4158596,A764,12/23/2004,280,73632\n"
        "4158601,B120,12/23/2004,100,11111\n"
        "4158596,A764,12/23/2004,60,74067\n"
        "4158610,C330,12/24/2004,50,22222\n4158610,C330,12/24/2004,25,22223\n"
        "4158620,D440,12/24/2004,40,33333\n4158620,D440,12/24/2004,10,33334\n",
    )
    assert dict(lines.cases.select("reference", "amount").rows()) == {
        "4158596": Decimal("1000"), "4158601": Decimal("100"), "4158610": Decimal("75"), "4158620": Decimal("50"),
    }
    single = _prepared(
        settings, tmp_path / "invoices.csv",
        "Invoice No,Customer,Invoice Date,Amount\n"
        "F-1,Acme,2024-12-23,660\nF-2,Beta,2024-12-23,100\nF-1,Acme,2024-12-23,60\nF-3,Gamma,2024-12-24,50\n",
    )
    assert _verdicts(single)[2] == _verdicts(single)[4] == ["duplicate-reference", "no-contact-channel"]


def test_an_invoice_written_line_by_line_is_one_case_of_its_lines_total(settings, tmp_path):
    """MYOB's item sales: a row per line of each invoice, every column of the invoice repeated and
    each line's own amount, a blank row between invoices. The case's amount is the sum of its
    lines (a discount line takes off); an invoice whose rows differ in another column (a second
    due date) or whose line cannot be read stays as it is, each row with its problem."""
    prepared = _prepared(
        settings, tmp_path / "ITEMSALE.TXT",
        "Co./Last Name\tInvoice #\tDate\tDue Date\tItem Number\tQuantity\tTotal\tInc-Tax Total\tEmail\n"
        "Boulangerie Lefèvre\t00004993\t19/06/2026\t19/07/2026\tATAP-311\t12\t1.742,70\t1.934,40\tcompta@lefevre.fr\n"
        "Boulangerie Lefèvre\t00004993\t19/06/2026\t19/07/2026\tBRD-242\t25\t1.227,48\t1.362,50\tcompta@lefevre.fr\n"
        "Boulangerie Lefèvre\t00004993\t19/06/2026\t19/07/2026\tREMISE\t1\t-90,09\t-100,00\tcompta@lefevre.fr\n"
        "\n"
        "Garage Martin\t00004996\t20/06/2026\t20/07/2026\tATAP-311\t3\t435,68\t483,60\tgm@example.org\n"
        "\n"
        "Fromagerie Roux\t00005002\t21/06/2026\t21/07/2026\tBRD-242\t2\t98,20\t109,00\troux@example.org\n"
        "Fromagerie Roux\t00005002\t21/06/2026\t21/08/2026\tBRD-242\t2\t98,20\t109,00\troux@example.org\n"
        "\n"
        "Café Dubois\t00005010\t22/06/2026\t22/07/2026\tATAP-311\t1\t145,23\t161,20\tdubois@example.org\n"
        "Café Dubois\t00005010\t22/06/2026\t22/07/2026\tBRD-242\t1\tdeux\tdeux\tdubois@example.org\n",
    )
    assert _mapping(prepared)["Inc-Tax Total"] == "amount"
    cases = prepared.cases.select(LINE, "reference", "amount").rows()
    assert cases == [
        (2, "00004993", Decimal("3196.90")), (6, "00004996", Decimal("483.60")),
        (8, "00005002", Decimal("109.00")), (9, "00005002", Decimal("109.00")),
        (11, "00005010", Decimal("161.20")), (12, "00005010", None),
    ]
    source = prepared.read.source
    assert [(e.line, e.reason) for e in source.excluded_lines if e.reason == "line"] == [(3, "line"), (4, "line")]
    assert (
        "1 invoice(s) written on several rows, one per line (rows 2–4): each case's amount is the sum of its lines' "
        "amounts, and the 2 row(s) after each invoice's first are not cases."
    ) in source.notices
    verdicts = _verdicts(prepared)
    assert verdicts[2] == [] and verdicts[6] == []
    assert verdicts[8] == verdicts[9] == ["duplicate-reference"]
    assert verdicts[12] == ["duplicate-reference", "invalid-amount"]
    assert prepared.counts()["rows"] == source.rows == 6
    # the lines stay in the rows read: a corrected copy of the file keeps them
    fixed = tmp_path / "fixed.csv"
    CliRunner().invoke(cli, ["validate", str(tmp_path / "ITEMSALE.TXT"), "--fix", str(fixed)], env={"GETBILL_DATA_DIR": str(tmp_path)})
    assert fixed.read_text(encoding="utf-8-sig").count("00004993") == 3
    # without a date, rows alike in the name and the number alone are not taken for lines
    undated = _prepared(
        settings, tmp_path / "undated.csv",
        "Customer,Invoice #,Inc-Tax Total,Email\nGarage Martin,C-0042,100.00,gm@example.org\nGarage Martin,C-0042,50.00,gm@example.org\n",
    )
    assert undated.read.invoice_lines is None
    assert _verdicts(undated) == {2: ["duplicate-reference"], 3: ["duplicate-reference"]}


FEC_HEADER = (
    "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|"
    "EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise"
)


def test_a_fec_journal_gives_its_open_customer_debits_alone(settings, tmp_path):
    """The French FEC is the whole journal: sales, tax and bank lines, and customer lines already
    lettered with their payment. Its cases are the customer debits not lettered yet."""
    def line(journal, number, date, account, aux, name, piece, label, debit, credit, letter=""):
        return "|".join([journal, journal, number, date, account, "", aux, name, piece, date, label, debit, credit,
                         letter, "20260201" if letter else "", "", "", ""])

    lines = [
        # an invoice: revenue and tax credited, the customer debited, not paid yet
        line("VE", "1", "20260105", "70600000", "", "", "F-101", "Facture F-101", "0,00", "1000,00"),
        line("VE", "1", "20260105", "44571000", "", "", "F-101", "Facture F-101", "0,00", "200,00"),
        line("VE", "1", "20260105", "41100000", "C0042", "Boulangerie Lefèvre", "F-101", "Facture F-101", "1200,00", "0,00"),
        # another, already paid: lettered AA with its payment
        line("VE", "2", "20260107", "41100000", "C0007", "Garage Martin", "F-102", "Facture F-102", "480,00", "0,00", "AA"),
        line("BQ", "3", "20260201", "41100000", "C0007", "Garage Martin", "VIR-9", "Règlement F-102", "0,00", "480,00", "AA"),
        line("BQ", "3", "20260201", "51200000", "", "", "VIR-9", "Règlement F-102", "480,00", "0,00"),
        # a supplier's invoice is not a customer's
        line("HA", "4", "20260110", "40100000", "F0001", "Papeterie Dubois", "A-55", "Achat", "0,00", "90,00"),
    ]
    prepared = _prepared(settings, tmp_path / "FEC20261231.txt", "\n".join([FEC_HEADER, *lines]) + "\n")
    assert prepared.mapping.profile == "fec-ecritures"
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [("F-101", "Boulangerie Lefèvre", Decimal("1200.00"))]
    assert prepared.counts() == {"rows": 1, "valid": 1, "invalid": 0, "warnings": 1}
    assert (
        "Profile 'fec-ecritures' keeps the rows its row rules take for cases (CompteNum starting with 411 or 416, "
        "CompAuxNum filled, Debit not zero, EcritureLet empty): 1 of 7 rows; the 6 others are not cases."
    ) in prepared.read.source.notices


def _fec_line(number, account, label, piece, entry, debit, credit="0,00", letter=""):
    """A FEC line without auxiliary account (CompAuxNum, CompAuxLib blank)."""
    return "|".join(["VE", "VENTES", number, "20260105", account, label, "", "", piece, "20260105", entry, debit,
                     credit, letter, "", "", "", ""])


@pytest.mark.parametrize(("lines", "cases", "taken"), [
    # a customer account of its own, named by its label
    ([_fec_line("1", "411DUPONT", "Boulangerie Dupont", "F-1", "Facture F-1", "120,00"),
      _fec_line("1", "70600000", "Ventes", "F-1", "Facture F-1", "0,00", "120,00"),
      _fec_line("2", "411MARTIN", "Garage Martin", "F-2", "Facture F-2", "80,00"),
      _fec_line("3", "41800000", "Clients factures à établir", "FAE-1", "Livraison non facturée", "50,00")],
     [("F-1", "Boulangerie Dupont"), ("F-2", "Garage Martin")], "CompteLib"),
    # a collective account: the entry's label names the customer
    ([_fec_line("1", "41110000", "CLIENTS Divers Prof", "82054", "Fournil O", "469,64"),
      _fec_line("2", "41110000", "CLIENTS Divers Prof", "82057", "Pain de Cisse", "398,80"),
      _fec_line("3", "41600000", "Clients douteux", "82001", "Epicerie Roux", "60,00"),
      _fec_line("4", "41110000", "CLIENTS Divers Prof", "82058", "Fournil O", "20,00", "0,00", "AA")],
     [("82054", "Fournil O"), ("82057", "Pain de Cisse"), ("82001", "Epicerie Roux")], "EcritureLib"),
])
def test_a_fec_without_auxiliary_accounts_names_its_customers_by_their_accounts(settings, tmp_path, lines, cases, taken):
    """Auxiliary accounts are optional in a FEC (Odicom and Agrigest keep none): the customer is
    then its account 411… or 416…, named by its label or, for a collective account, by the entry's.
    An account 418… (an invoice still to be issued) holds no case."""
    prepared = _prepared(settings, tmp_path / "FEC20261231.txt", "\n".join([FEC_HEADER, *lines]) + "\n")
    assert prepared.cases.select("reference", "debtor.name").rows() == cases
    assert f"debtor.name: 'CompAuxLib' is blank on every row kept; '{taken}' takes its place ('fec-ecritures' names it so)." in (
        prepared.read.source.notices
    )
    assert "CompAuxNum empty throughout, not asked" in " ".join(prepared.read.source.notices)


def test_a_fec_written_with_montant_and_sens_gives_its_open_customer_debits_alone(settings, tmp_path):
    """A FEC may give each line's amount in Montant and its side in Sens (D or C, +1 or -1)
    instead of Debit and Credit: the cases are still the customer debits not lettered yet."""
    header = FEC_HEADER.replace("Debit|Credit", "Montant|Sens")

    def line(journal, number, account, aux, name, piece, amount, side, letter=""):
        return "|".join([journal, journal, number, "20260105", account, "", aux, name, piece, "20260105", "", amount,
                         side, letter, "", "", "", ""])

    lines = [
        line("VE", "1", "70600000", "", "", "F-101", "1000,00", "C"),
        line("VE", "1", "41100000", "C0042", "Boulangerie Lefèvre", "F-101", "1200,00", "D"),
        line("VE", "2", "41100000", "C0043", "Fromagerie Roux", "F-103", "90,00", "+1"),
        # a credit note credits the customer; a lettered invoice is paid
        line("VE", "3", "41100000", "C0042", "Boulangerie Lefèvre", "AV-7", "50,00", "-1"),
        line("VE", "4", "41100000", "C0007", "Garage Martin", "F-102", "480,00", "d", "AA"),
    ]
    prepared = _prepared(settings, tmp_path / "FEC20261231.txt", "\n".join([header, *lines]) + "\n")
    assert prepared.mapping.profile == "fec-ecritures-montant-sens"
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [
        ("F-101", "Boulangerie Lefèvre", Decimal("1200.00")), ("F-103", "Fromagerie Roux", Decimal("90.00")),
    ]
    assert (
        "Profile 'fec-ecritures-montant-sens' keeps the rows its row rules take for cases (CompteNum starting with 411 or 416, "
        "CompAuxNum filled, Sens D or +1 or 1, Montant not zero, EcritureLet empty): 2 of 5 rows; the 3 others are not cases."
    ) in prepared.read.source.notices


SAMPLES = Path(__file__).resolve().parent / "cases" / "sample_files"
DATEV_COLUMNS = "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;Gegenkonto (ohne BU-Schlüssel);Belegdatum;Belegfeld 1;Buchungstext;Fälligkeit"


def _debitoren(path: Path, accounts: dict[str, str]) -> Path:
    path.write_text(
        "Konto;Name (Adressattyp Unternehmen);E-Mail\n" + "".join(f"{a};{n};info@{a}.example.de\n" for a, n in accounts.items()),
        encoding="utf-8",
    )
    return path


def test_a_datev_booking_batch_gives_each_customers_open_invoices_netted_with_their_payments(settings, tmp_path):
    """A DATEV booking batch holds the whole books. Its cases are what each customer still owes on
    each invoice: the postings on the customer's account (as Konto or as Gegenkonto) netted by
    Belegfeld 1; revenue splits, suppliers and invoices paid in full are no cases. The names come
    from the customer master data; the TTMM dates take the year of the batch's period."""
    from getbill_import.pipeline import PrepareOptions

    debtors = _debitoren(tmp_path / "Debitoren.csv", {
        "10001": "Falsch GmbH", "10100": "Holzbau Meier GmbH", "20200": "Schweizer Test AG", "20203": "Exempel Uhrmacher AG",
    })
    prepared = prepare_file(SAMPLES / "datev_extf_buchungsstapel.csv", settings, PrepareOptions(debtors=debtors))
    assert prepared.mapping.profile == "datev-buchungsstapel"
    assert prepared.cases.select("reference", "debtor.name", "amount", "issue_date", VALID).rows() == [
        ("AR1234", "Holzbau Meier GmbH", Decimal("1190.00"), date(2021, 3, 14), True),
        ("AR2345", "Holzbau Meier GmbH", Decimal("1190.00"), date(2021, 3, 14), True),
        # 119,00 invoiced, 116,62 paid (2 % discount taken, not booked in this batch)
        ("AR-456/13", "Holzbau Meier GmbH", Decimal("2.38"), date(2021, 3, 1), True),
        # posted to the wrong customer, reversed there, posted again to the right one
        ("AR-2013", "Holzbau Meier GmbH", Decimal("35.00"), date(2021, 3, 1), True),
        ("20JJ03069", "Schweizer Test AG", Decimal("2685.69"), date(2021, 3, 13), True),
        ("20JJ03070", "Exempel Uhrmacher AG", Decimal("2847.33"), date(2021, 3, 14), True),
    ]
    excluded = {e.line: e.reason for e in prepared.read.source.excluded_lines}
    # AR-78/13 paid (lines 9-10), AR-2013 on the wrong account and its reversal (13-14), the
    # payment of AR-456/13 (12)
    assert {line: reason for line, reason in excluded.items() if reason in ("paid", "posting")} == {
        9: "paid", 10: "paid", 12: "posting", 13: "paid", 14: "paid",
    }
    notices = prepared.read.source.notices
    assert "2 invoice(s) are paid in full by the postings of this file (first rows 9, 13): they are not cases." in notices
    assert (
        "Profile 'datev-buchungsstapel' reads the file as a ledger: the postings where Konto or Gegenkonto (ohne "
        "BU-Schlüssel) is a customer account (5 digits, starting with 1, 2, 3, 4, 5 or 6) are netted invoice by "
        "invoice, each case's amount being what the customer still owes on it; 11 of 20 rows are such postings "
        "(not cases: 9 between other accounts (sales, tax, bank, suppliers))."
    ) in notices
    assert any("'Belegdatum' writes DATEV's dates" in n and "01.01.2021–31.08.2021" in n for n in notices)
    # each case keeps its customer account
    assert {json.loads(m)["(customer account)"] for m in prepared.cases["metadata"]} == {"10100", "20200", "20203"}


def test_a_booking_batch_over_the_years_end_with_longer_accounts(settings, tmp_path):
    """A batch from October to March, whose general ledger accounts have five digits (customers
    six): a payment written before its invoice, a partial payment, an invoice paid more than in
    full, a credit note for an invoice of an earlier batch."""
    from getbill_import.pipeline import PrepareOptions

    rows = [
        # the payment of RE-1 comes first in the file
        "1000,00;S;EUR;12000;100023;0501;RE-1;Zahlung;",
        "1000,00;S;EUR;100023;84000;1511;RE-1;Rechnung;",
        "500,00;S;EUR;100023;84000;0212;RE-2;Rechnung;01012026",
        "200,00;H;EUR;100023;12000;1001;RE-2;Teilzahlung;",
        "80,00;H;EUR;84000;100024;2003;RE-3;Rechnung;",
        "90,00;S;EUR;12000;100024;2103;RE-3;Zahlung;",
        "40,00;H;EUR;100024;84000;0201;RE-0;Gutschrift zu einer Rechnung von 2020;",
        "300,00;S;EUR;34000;12000;0201;;Umbuchung;",
    ]
    header = "EXTF;700;21;Buchungsstapel;12;20260401120000000;;RE;;;29098;55003;20251001;5;20251001;20260331;Buchungsstapel;WD;1;0;0;EUR"
    path = tmp_path / "EXTF_Buchungsstapel.csv"
    path.write_text("\n".join([header, DATEV_COLUMNS, *rows]) + "\n", encoding="utf-8")
    debtors = _debitoren(tmp_path / "Debitoren.csv", {"100023": "Lefèvre GmbH", "100024": "Roux KG"})
    prepared = prepare_file(path, settings, PrepareOptions(debtors=debtors))
    assert prepared.cases.select("reference", "debtor.name", "amount", "issue_date", "due_date").rows() == [
        ("RE-2", "Lefèvre GmbH", Decimal("300.00"), date(2025, 12, 2), date(2026, 1, 1)),
    ]
    excluded = {e.line: e.reason for e in prepared.read.source.excluded_lines}
    assert {line: reason for line, reason in excluded.items() if reason in ("paid", "posting")} == {
        3: "paid", 4: "paid", 6: "posting", 7: "paid", 8: "paid",
    }
    assert any(
        "8 rows are such postings (not cases: 1 between other accounts (sales, tax, bank, suppliers), "
        "1 credits to an invoice that has no debit in this file (an import records the payments among them on the "
        "cases of earlier imports))" in n for n in prepared.read.source.notices
    )


def test_a_booking_batch_without_a_customer_account_lists_no_debts(settings, tmp_path):
    # a batch of bank, rent and wages bookings: its header says four-digit general ledger accounts, so
    # the customers' are of five, and none of its four-digit accounts is one (though the longest here)
    header = "EXTF;300;21;Buchungsstapel;2;20221216104054000;;;;;8888888;99999;20220101;4;20220101;20221231;;;1;;;EUR"
    rows = [
        "18382,86;S;EUR;1200;8200;0201;b01;Warenverkauf;",
        "10,00;S;EUR;4970;1200;0201;b01;Überziehungszinsen;",
        "1200,00;S;EUR;1200;2700;0301;b02;Versicherungsentschädigung;",
        "950,00;S;EUR;4210;1200;0301;b03;Miete;",
    ]
    path = tmp_path / "EXTF_Buchungsstapel.csv"
    path.write_text("\n".join([header, DATEV_COLUMNS, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(MappingError, match="none of its 4 postings is on a customer account") as refused:
        prepare_file(path, settings)
    assert refused.value.code == "no-debts-listed"
    assert "(5 digits, starting with" in str(refused.value)


def test_a_real_booking_batch_and_the_master_data_of_its_client(settings):
    """A pair written by one DATEV exporter for one client (the `datev` gem's examples, Berater
    1001, Mandant 456, February 2018; DATEV's earlier column names "Adressatentyp"): the seminar
    invoice to debtor 10000 is the one case, its debtor the master data's person; the purchase of a
    book (bank against expenses) is no case."""
    from getbill_import.pipeline import PrepareOptions

    prepared = prepare_file(
        CASES / "datev_ledermann_EXTF_Buchungsstapel.csv", settings,
        PrepareOptions(debtors=CASES / "datev_ledermann_EXTF_Stammdaten.csv"),
    )
    assert prepared.cases.select(
        "reference", "amount", "issue_date", "debtor.name", "debtor.email", "debtor.phone", "debtor.address.city",
        "debtor.address.country", VALID,
    ).rows() == [
        ("RE201802-135", Decimal("5950.00"), date(2018, 2, 22), "Sabine Mustermann", "sabine@mustermann.de",
         "+492211234567", "Köln", "DE", True),
    ]
    # the batch's other columns are metadata, never a debtor field the master data would then not give
    assert {c.column for c in prepared.mapping.columns if c.status != "unmapped" and not c.column.endswith(".csv)")} == {
        "Umsatz (ohne Soll/Haben-Kz)", "WKZ Umsatz", "Belegdatum", "Belegfeld 1", "Fälligkeit",
    }


def test_datevs_own_sample_batch_gives_the_invoices_still_owed(settings, tmp_path):
    """DATEV's sample booking batch of its format description (format 13, 54 postings, in EUR, CHF
    and GBP, over 18 personal accounts): 25 postings on customer accounts, of which 2 credits to
    invoices of earlier batches; 2 invoices paid in full, 1 in part; 20 cases. Three debits on
    personal accounts have no Belegfeld 1 (two of them depreciation the sample books on 48220 and
    48400, personal account numbers when the general ledger has four digits): refused for the
    missing invoice number."""
    from getbill_import.pipeline import PrepareOptions

    accounts = ["10001", "10100", "10200", "10300", "10400", "10500", "20050", "20200", "20202", "20203", "30100",
                "30200", "31100", "40000", "40100", "48220", "48400", "60391"]
    debtors = _debitoren(tmp_path / "Debitoren.csv", {a: f"Kunde {a} GmbH" for a in accounts})
    prepared = prepare_file(CASES / "datev_sample_EXTF_Buchungsstapel.csv", settings, PrepareOptions(debtors=debtors))
    notices = prepared.read.source.notices
    assert any("25 of 54 rows are such postings (not cases: 27 between other accounts (sales, tax, bank, suppliers), "
               "2 credits to an invoice that has no debit in this file" in n for n in notices)
    assert "2 invoice(s) are paid in full by the postings of this file (first rows 31, 35): they are not cases." in notices
    assert prepared.validation.rows == 20
    assert _invalid(prepared) == sorted(
        line for line, codes in _verdicts(prepared).items() if "missing-reference" in codes
    ) and len(_invalid(prepared)) == 3
    owed = {r: a for r, a in prepared.cases.select("reference", "amount").rows() if r}
    assert owed["AR-456/13"] == Decimal("2.38") and "AR-78/13" not in owed
    assert prepared.ledger_payments is not None and prepared.ledger_payments.height == 2


def test_a_later_batchs_payments_of_earlier_invoices_are_recorded_on_their_cases(settings, tmp_path):
    """Successive booking batches: January invoices, February pays them (in full, in part) and
    invoices again. The February payments are recorded on the January cases, once, however often
    the batch is imported."""
    from getbill_import.pipeline import ImportOptions, run_import
    from getbill_import.store import open_store
    from getbill_import.store.cases import list_cases

    debtors = _debitoren(tmp_path / "Debitoren.csv", {"10100": "Holzbau Meier GmbH", "10101": "Roux KG"})
    header = "EXTF;700;21;Buchungsstapel;12;20260301120000000;;RE;;;29098;55003;20260101;4;{0};{1};Buchungsstapel"

    def batch(name: str, period: tuple[str, str], rows: list[str]) -> Path:
        path = tmp_path / name
        path.write_text("\n".join([header.format(*period), DATEV_COLUMNS, *rows]) + "\n", encoding="utf-8")
        return path

    january = batch("EXTF_2026_01.csv", ("20260101", "20260131"), [
        "1000,00;S;EUR;10100;8400;1501;RE-1;Rechnung;", "500,00;S;EUR;10101;8400;2001;RE-2;Rechnung;",
    ])
    february = batch("EXTF_2026_02.csv", ("20260201", "20260228"), [
        "1000,00;S;EUR;1200;10100;0302;RE-1;Zahlung;",
        "200,00;H;EUR;10101;1200;0502;RE-2;Teilzahlung;",
        "70,00;S;EUR;1200;10101;0602;RE-9;Zahlung ohne Rechnung;",
        "300,00;S;EUR;10101;8400;1002;RE-3;Rechnung;",
    ])
    url = f"sqlite:///{tmp_path / 'store.db'}"
    settings = settings.with_options(database_url=url, account="acme")
    first = run_import(january, settings, ImportOptions(debtors=debtors))
    assert first.load is not None and first.load.created == 2 and first.payments is None
    second = run_import(february, settings, ImportOptions(debtors=debtors))
    assert second.load is not None and second.load.created == 1
    assert second.payments is not None
    assert {k: second.payments.counts[k] for k in ("payments", "resolved", "unmatched", "amount_recorded")} == {
        "payments": 2, "resolved": 1, "unmatched": 1, "amount_recorded": 1200.0,
    }
    assert any("credits to an invoice that has no debit in this file" in n for n in second.prepared.read.source.notices)
    with open_store(url) as store:
        found = {c["reference"]: (c["amount"], c["balance"], c["status"]) for c in list_cases(store, account="acme")}
    assert found["RE-1"] == (1000.0, 0.0, "resolved")
    assert found["RE-2"][:2] == (500.0, 300.0) and found["RE-2"][2] != "resolved"
    assert found["RE-3"][:2] == (300.0, 300.0)
    # the same batch again, even forced: no payment twice
    again = run_import(february, settings, ImportOptions(debtors=debtors, force=True))
    assert again.payments is not None and again.payments.counts["already_recorded"] == 2
    assert again.payments.counts["payments"] == 0
    with open_store(url) as store:
        assert {c["reference"]: c["balance"] for c in list_cases(store, account="acme")}["RE-2"] == 300.0


def test_a_booking_batch_without_its_customer_file_says_where_the_names_are(settings, tmp_path):
    from getbill_import.errors import MappingError, api_field

    with pytest.raises(MappingError) as refused:
        prepare_file(SAMPLES / "datev_extf_buchungsstapel.csv", settings)
    assert refused.value.code == "required-column-missing"
    message = str(refused.value)
    assert message.endswith("give it with --debtors.") and "DATEV's Debitoren/Kreditoren" in message
    # another export's refusal names its own customer list, not DATEV's files
    with pytest.raises(MappingError) as other:
        _prepared(settings, tmp_path / "fatture.csv",
                  "Numero fattura;Codice cliente;Importo\nF-1;C001;120,00\nF-2;C002;80,00\nF-3;C003;45,00\n")
    assert "DATEV" not in str(other.value) and "your customer list" in str(other.value)
    # 124 columns: the first 40 are named, the JSON document lists them all
    assert "'EU-Land u. UStID (Bestimmung)' and 84 more." in message and "'Land'" not in message
    assert len(refused.value.facts["columns"]) == 124
    assert refused.value.render(api_field).endswith('give it with the "debtors" field.')


def test_a_file_naming_its_debtors_by_number_says_how_to_use_the_number(settings, tmp_path):
    from getbill_import.errors import MappingError

    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "ar.csv", (
            "INVOICE_NO,INVOICE_DATE,CUSTOMER_NUMBER,INVOICE_TOTAL,DUE_DATE\n"
            "566301,09/14/2021,1042,1200.00,10/14/2021\n566302,09/15/2021,1043,350.50,10/15/2021\n"
            "566303,09/16/2021,1044,89.90,10/16/2021\n"
        ))
    assert str(refused.value).endswith(
        "give it with --debtors; to name each debtor by what 'CUSTOMER_NUMBER' holds instead, run with "
        "--set 'CUSTOMER_NUMBER=debtor.name'."
    )
    # an ERP's invoice lines (Infor M3) write the customer's order number before the customer's
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "lines.csv", (
            "Invoice No,Customer Order No,Customer No,Invoice Amount,Due Date\n"
            "4158162,4960332,CSC419,200.00,12/10/2004\n4158163,4960340,CSC420,240.00,12/11/2004\n"
            "4158164,4960351,CSC419,89.90,12/12/2004\n"
        ))
    assert str(refused.value).endswith("run with --set 'Customer No=debtor.name'.")
    # a list of balances per customer (an ageing by customer) names no invoice: its customer's
    # number names each debt; where a customer has several rows, the refusal says how
    ageing = "Customer No;Customer;Current;1-30;31-60;Total\nC001;Acme SA;100;0;0;100\nC002;Beta;0;50;0;50\n" \
             "C003;Gamma;10;0;30;40\n"
    prepared = _prepared(settings, tmp_path / "ageing.csv", ageing)
    assert prepared.cases.select("reference", "debtor.name", "amount").rows()[0] == ("C001", "Acme SA", Decimal("100.00"))
    assert ("reference: no column numbers the debts, and each debtor is on a row of its own (a list of balances per "
            "debtor): each debt is named by its customer's number, 'Customer No'.") in prepared.read.source.notices
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "ageing2.csv", ageing + "C003;Gamma;5;0;0;5\n")
    assert str(refused.value).endswith(
        "A list of balances per customer names no invoice: to name each debt by what 'Customer No' holds, run with "
        "--set 'Customer No=reference'."
    )
    # a tax collector's citations: no invoice number, but a record key of its own on each row, which the
    # refusal offers (a key that repeats names no debt)
    citations = '"Name"\t"Key"\t"Amount"\n"1216 LLC "\t"C00846589"\t"658.18"\n"1216 LLC "\t"C00896472"\t"592.88"\n'
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "citations.csv", citations)
    assert str(refused.value).endswith(
        "Its column 'Key' holds a value of its own on each row: to name each debt by it, run with --set 'Key=reference'.")
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "citations2.csv", citations + '"Acme"\t"C00896472"\t"12.00"\n')
    assert "--set 'Key=reference'" not in str(refused.value)
    # a count of the rows (a summary's "ID", 1 to 422) is offered with what it risks, not as a value of its own
    counted = "ID;Entidade;Data Venc.;Valor Pendente\n" + "".join(
        f"{n};{('Talho Silva', 'Carnes Lima Lda', 'Mercado Sol')[n % 3]};2025-0{1 + n % 9}-15;{n * 10},00\n"
        for n in range(1, 12))
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "resumo.csv", counted)
    assert "'ID' holds a value of its own" not in str(refused.value)
    assert "Its column 'ID' counts the rows ('1' to '11')" in str(refused.value)


def test_a_booking_batch_takes_firms_and_persons_from_datevs_master_data(settings, tmp_path):
    """DATEV's Debitoren file names a firm in one column and a person in two others: each case's
    debtor is whichever its customer's row gives."""
    from getbill_import.pipeline import PrepareOptions

    rows = [f"{n}00,00;S;EUR;{n}0000;8400;0{n}03;RE-{n};Rechnung;" for n in range(1, 5)]
    header = "EXTF;700;21;Buchungsstapel;12;20210401120000000;;RE;;;29098;55003;20210101;4;20210101;20211231;Buchungsstapel"
    path = tmp_path / "EXTF_Buchungsstapel.csv"
    path.write_text("\n".join([header, DATEV_COLUMNS, *rows]) + "\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(debtors=SAMPLES / "datev_extf_debitoren_kreditoren.csv"))
    assert prepared.cases.select("reference", "debtor.name", "debtor.company", "debtor.address.city", VALID).rows() == [
        ("RE-1", "Möbel Testgruber", "Möbel Testgruber", "Nürnberg", True),
        ("RE-2", "Einrichtungshaus Muster", "Einrichtungshaus Muster", "Nürnberg", True),
        ("RE-3", "Hans Mustermeier", None, "Nürnberg", True),
        ("RE-4", "Susanne Testhuber", None, "Nürnberg", True),
    ]


def test_a_ledger_without_its_extf_header_says_its_dates_cannot_be_read(settings, tmp_path):
    rows = ["1190,00;S;EUR;10100;8400;1403;AR-1;Rechnung;", "90,00;S;EUR;10101;8400;1503;AR-2;Rechnung;"]
    debtors = _debitoren(tmp_path / "Debitoren.csv", {"10100": "Holzbau Meier GmbH", "10101": "Roux KG"})
    from getbill_import.pipeline import PrepareOptions

    path = tmp_path / "buchungen.csv"
    path.write_text("\n".join([DATEV_COLUMNS, *rows]) + "\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(debtors=debtors))
    assert any("no EXTF header line with its period" in n for n in prepared.read.source.notices)
    assert _verdicts(prepared) == {2: ["invalid-date"], 3: ["invalid-date"]}


def test_a_number_written_on_every_row_gives_way_to_each_invoices_own(settings, tmp_path):
    """A Mexican point of sale's receivables write the same sale number ("No. Venta": '54447 (R)')
    on every row, beside each invoice's "Folio": the folio names the invoices. The sale number had
    won by its header, and every row was rejected as a duplicate."""
    rows = [("MATUS FELIX RODNEY", "4414", "532.94"), ("PALMA REYES ARELI", "4367", "1,225.72"),
            ("MAY REYES INGRID", "3767", "1,675.78"), ("DENIS GARCIA NERI", "4412", "4,590.26"),
            ("MATUS FELIX RODNEY", "4413", "729.14")]
    prepared = _prepared(settings, tmp_path / "cxc.csv", "Cliente,Folio,No. Venta,Fecha Vencimiento,Saldo Pendiente\n" + "".join(
        f'"{name}","{folio}","54447 (R)","2026-07-15","${amount}"\n' for name, folio, amount in rows))
    assert prepared.mapping.field_columns()["reference"] == "Folio"
    assert sorted(_owed(prepared)) == ["3767", "4367", "4412", "4413", "4414"]
    assert "reference: 'Folio' (invoice number) chosen over 'No. Venta' (invoice number, '54447 (R)' on every row)." \
        in prepared.notices


def test_an_sap_open_items_table_reads_the_amount_in_the_currency_it_gives(settings, tmp_path):
    """SAP's BSID writes each item's amount in the company's currency (DMBTR) before the amount in
    the document's currency (WRBTR), whose currency (WAERS) is the one the table gives: a euro
    company's invoice of 10,600.00 USD had been imported as 11,578.41 USD."""
    prepared = _prepared(settings, tmp_path / "bsid.csv", (
        "BUKRS,KUNNR,NAME1,BELNR,BLDAT,DMBTR,WRBTR,WAERS\n"
        "1000,C00014,Acme Inc,6000000012,2024-05-09,11578.41,10600.00,USD\n"
        "1000,C00003,Globex Corp,6000000004,2024-03-12,2500.00,2500.00,EUR\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "WRBTR"
    assert _owed(prepared) == {"6000000012": Decimal("10600.00"), "6000000004": Decimal("2500.00")}
    assert "amount: 'WRBTR' (total tax included) chosen over 'DMBTR' (total in the company's currency)." in prepared.notices


def test_qualified_and_prefixed_headers_map_through_their_parts(settings):
    prepared = prepare_file(CASES / "qualified_headers.csv", settings)
    assert _mapping(prepared) == {
        "Invoice.Number": "reference", "Invoice.Date": "issue_date", "Invoice.DueDate": "due_date",
        "Customer.Name": "debtor.name", "Customer.Email": "debtor.email",
        "InvoiceAddress.Street1": "debtor.address.line1", "InvoiceAddress.Street2": "debtor.address.line2",
        "InvAddrZip": "debtor.address.postal_code", "InvoiceAddress.Town": "debtor.address.city",
        "Invoice.AmountOutstanding": "amount",
    }
    unmapped = {c.column: c.reason for c in prepared.mapping.columns if c.status == "unmapped"}
    assert unmapped["DeliveryAddress.Town"].startswith("ignored: delivery or shipping")
    assert unmapped["Invoice.AmountNet"].startswith("ignored: amount before tax")
    assert unmapped["SalesRep.Name"].startswith("ignored: not the debtor")
    assert _verdicts(prepared) == {2: [], 3: [], 4: ["missing-amount", "no-contact-channel"]}
    assert _invalid(prepared) == [4]


def test_technical_field_names_map_through_the_technical_vocabulary(settings):
    prepared = prepare_file(CASES / "technical_names.csv", settings)
    assert _mapping(prepared) == {
        "BELNR": "reference", "BLDAT": "issue_date", "NAME1": "debtor.name", "SMTP_ADDR": "debtor.email",
        "TELF1": "debtor.phone", "STRAS": "debtor.address.line1", "PSTLZ": "debtor.address.postal_code",
        "ORT01": "debtor.address.city", "LAND1": "debtor.address.country", "WRBTR": "amount", "WAERS": "currency",
    }
    assert prepared.cases["issue_date"].to_list()[:2] == [date(2026, 9, 3), date(2026, 9, 17)]
    assert prepared.cases["amount"].to_list()[:2] == [Decimal("2340.00"), Decimal("656.35")]
    # Garage Martin's credit note, and no invoice of its own: owed to it, left out rather than rejected
    assert _verdicts(prepared) == {2: [], 3: []}
    assert {e.line: e.reason for e in prepared.read.source.excluded_lines}[4] == "credit"


def test_map_json_of_a_grouped_report_shows_the_label_column(tmp_path):
    result = CliRunner().invoke(
        cli, ["map", str(CASES / "grouped_report.csv"), "--format", "json"], env={"GETBILL_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["missing_required"] == []
    assert {"column": "(group label)", "field": "debtor.name", "confidence": 1.0, "status": "mapped",
            "reason": "the label row above each group of invoices (report layout)"} in data["columns"]


def test_a_label_row_that_no_total_row_closes_is_not_a_group(settings, tmp_path):
    path = tmp_path / "no_total.csv"
    path.write_text(
        "Date;Num;Due Date;Open Balance;Email;Client\nBoulangerie;;;;;\n03/09/2026;FA-1;03/10/2026;10,00;a@b.fr;Lefèvre\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert prepared.read.group_labels is None
    assert [e.reason for e in prepared.read.source.excluded_lines] == []
    # the lone label stays a row of the file: an invalid one, reported as such
    assert _invalid(prepared) == [2]
    assert "missing-reference" in _verdicts(prepared)[2]


def test_a_mapping_the_user_saved_counts_in_the_sheet_choice(settings, tmp_path):
    import openpyxl

    from getbill_import.mapping import ColumnMapping, MappingResult, save_profile

    path = tmp_path / "custom.xlsx"
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Synthèse"
    summary.append(["Client", "Total dû"])
    summary.append(["Boulangerie Lefèvre", 2996.35])
    summary.append(["Garage Martin", 480.00])
    custom = book.create_sheet("Export")
    custom.append(["Zorg A", "Zorg B", "Zorg C"])
    custom.append(["FA-1", "Boulangerie Lefèvre", 2340.00])
    custom.append(["FA-2", "Garage Martin", 480.00])
    book.save(path)
    assert prepare_file_or_none(path, settings) is None  # nothing says what Zorg A, B, C are
    taught = MappingResult([
        ColumnMapping("Zorg A", "reference", 1.0, "mapped", "taught"),
        ColumnMapping("Zorg B", "debtor.name", 1.0, "mapped", "taught"),
        ColumnMapping("Zorg C", "amount", 1.0, "mapped", "taught"),
    ])
    save_profile("zorg", taught, ["Zorg A", "Zorg B", "Zorg C"], settings.learned_dir)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "Export"
    assert prepared.mapping.profile == "zorg"
    assert prepared.validation.valid == 2


def prepare_file_or_none(path, settings):
    from getbill_import.errors import MappingError

    try:
        return prepare_file(path, settings)
    except MappingError:
        return None


def _two_row_workbook(path: Path) -> Path:
    """A hand-built workbook whose header spans two rows: group labels merged over their columns
    ("Facture" over "N°" and "Date"), and "Échéance" merged down over both rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Client", None, "Facture", None, "Montant", None, "Échéance", "Relance"])
    sheet.append(["Nom", "E-mail", "N°", "Date", "HT", "TTC", None, "Date"])
    for cells in ("A1:B1", "C1:D1", "E1:F1", "G1:G2"):
        sheet.merge_cells(cells)
    sheet.append(["Dupont SARL", "compta@dupont.fr", "F-001", "15/01/2026", 100, 120, "15/02/2026", "28/02/2026"])
    sheet.append(["Martin SA", "c@martin.fr", "F-002", "20/01/2026", 200, 240, "20/02/2026", None])
    sheet.append(["Durand", "pas-une-adresse", "F-003", "25/01/2026", 50, 60, "25/02/2026", None])
    book.save(path)
    return path


def test_a_sheet_with_its_header_alone_is_not_chosen_over_one_with_rows(settings, tmp_path):
    """A practice's own workbook: its clients' fees and deposits on the first sheet, and a template
    tab holding a header alone whose names map as well: the tab with rows is read, and the
    deposits ("Acompte 1", "Acompte 2") are taken off each fee."""
    from openpyxl import Workbook

    book = Workbook()
    clients = book.active
    clients.title = "Clients"
    clients.append(["Facture", "Nom", "Montant honoraires (US $)", "Acompte 1", "Acompte 2"])
    clients.append(["12904", "LUCAS WARTIN", 4300, 1781.84, 2500])
    clients.append(["12908", "ANITA RIVELLA", 1990, 1990, None])
    clients.append(["12961", "CHRISTOPHE MEYER", 3500, 1742, None])
    template = book.create_sheet("Escrow")
    template.append(["Facture", "Nom", "Montant TTC", "Echéance", "Acompte 1"])
    book.save(tmp_path / "clients.xlsx")
    prepared = prepare_file(tmp_path / "clients.xlsx", settings)
    assert prepared.read.source.sheet == "Clients"
    assert dict(prepared.cases.select("reference", "amount").rows()) == {
        "12904": Decimal("18.16"), "12961": Decimal("1758"),
    }
    assert prepared.cases["currency"].unique().to_list() == ["USD"]
    assert any("because 'Acompte 1' and 'Acompte 2' say the invoice is paid in full (row 3)" in n
               for n in prepared.read.source.notices)


def test_an_odoo_list_in_spanish_leaves_reversed_invoices_and_reads_credit_notes_as_credits(settings, tmp_path):
    """Odoo's invoice list exported in Spanish: "Revertido" is reversed by a credit note, and "Importe
    adeudado" is written without its sign, which "Total con signo en moneda" carries: the credit
    note is taken off its debtor's invoice."""
    prepared = _prepared(settings, tmp_path / "cobros.csv", (
        "Número;Nombre de la empresa a mostrar en la factura;Fecha de factura;Fecha de Vencimiento;Importe adeudado;"
        "Estado de pago;Total con signo en moneda\n"
        "INV/2026/000303;Boutique Lina;2026-03-01;2026-04-01;1228,70;Pagado parcialmente;5750,00\n"
        "INV/2026/000304;Maison Azur;2026-03-02;2026-04-02;980,00;No pagado;980,00\n"
        "INV/2026/000290;Kiev Mode;2026-02-02;2026-03-02;;Revertido;1200,00\n"
        "RINV/2026/0030;Maison Azur;2026-03-05;2026-03-05;210,00;No pagado;-210,00\n"
        "INV/2026/000280;Roma Stile;2026-01-10;2026-02-10;;Pagada;430,00\n"
    ))
    verdicts = _verdicts(prepared)
    assert [line for line, codes in verdicts.items() if not [c for c in codes if c != "no-contact-channel"]] == [2, 3]
    # the credit note is netted with its debtor's invoice: Maison Azur owes 980 less 210
    assert _owed(prepared)["INV/2026/000304"] == Decimal("770.00")
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(4, "closed"), (5, "credited"), (6, "closed")]
    assert any("'Total con signo en moneda' is negative are credit notes" in n and "(row 5)" in n
               for n in prepared.read.source.notices)
    # the same list of the company's vendor bills: every signed total below zero, none owed to it
    _refused(settings, tmp_path / "facturas_proveedor.csv", (
        "Número;Nombre de la empresa a mostrar en la factura;Fecha de Vencimiento;Importe adeudado;Estado de pago;"
        "Modo de pago;Total con signo en moneda\n"
        "FACTURA/2026/0918;Globale Spain, SL;2026-04-28;11132,41;No pagado;Recibo domiciliado proveedor;-11132,41\n"
        "FACTURA/2026/0917;Factor Energia España SA;2026-04-23;;Pagada;Recibo domiciliado proveedor;-102,64\n"
        "FACTURA/2026/0916;Aguas Del Torrente SA;2026-04-16;163,09;No pagado;Recibo domiciliado proveedor;-163,09\n"
    ), r"its 'Total con signo en moneda' is below zero on 3 of 3 rows, as an export that signs its totals writes the "
       r"bills of your suppliers \(payables\)")


def test_a_row_naming_the_invoice_it_credits_is_a_credit_note_whatever_its_sign(settings, tmp_path):
    """A commissions app's invoice template: credit notes ('ABN-…') are written positive, the invoice
    each credits under 'FacturasAbonadas'. They are taken off those invoices, where they had been
    imported as debts of their own."""
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        "Número;Cliente;Vencimiento;Moneda;Importe;FacturasAbonadas\n"
        "FAC-2025-001;Boutique Rossi;2025-03-10;EUR;5000;\nFAC-2025-004;Casa Bianchi;2025-04-30;EUR;6200;\n"
        "FAC-2025-007;Bergdorf Select;2025-05-15;USD;12000;\nFAC-2025-009;Maison Dupont;2025-06-01;EUR;800;\n"
        "ABN-2025-001;Boutique Rossi;2025-03-15;EUR;2000;FAC-2025-001\n"
        "ABN-2025-002;Casa Bianchi;2025-04-01;EUR;6200;FAC-2025-004\n"
        "ABN-2025-003;Bergdorf Select;2025-04-15;USD;3500;FAC-2025-007\n"
    ))
    assert _owed(prepared) == {"FAC-2025-001": Decimal("3000.00"), "FAC-2025-007": Decimal("8500.00"),
                               "FAC-2025-009": Decimal("800.00")}
    assert any(n.startswith("3 row(s) name under 'FacturasAbonadas' an invoice of the file they credit (ABN-2025-001: "
                            "FAC-2025-001)") for n in prepared.read.source.notices)


def test_a_balance_brought_forward_of_several_debtors_is_each_debtors_own(settings, tmp_path):
    """A bill-wise outstanding list writes "opening" as the bill of each customer's balance brought
    forward: not one invoice written three times, three debts."""
    prepared = _prepared(settings, tmp_path / "Receivables.csv", (
        "BillNo,name,BillDate,duedate,Amount\n"
        "INV-101,Comfort Systems,2020-11-02,2020-12-02,1200.50\n"
        "opening,Nitro AC,2020-01-01,2020-01-31,84459.53\n"
        "Opening,Regional Mechanical Services,2020-01-01,2020-01-31,3810.00\n"
        "INV-102,Nitro AC,2020-11-05,2020-12-05,99.00\n"
        "opening,ADMP Commercial,2020-01-01,2020-01-31,4035.10\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == [
        "INV-101", "opening (Nitro AC)", "Opening (Regional Mechanical Services)", "INV-102", "opening (ADMP Commercial)",
    ]
    assert any(n.startswith("reference: 3 row(s) of 3 debtors write no invoice number but 'opening'")
               for n in prepared.read.source.notices)
    # one debtor's own "Opening" alone is left as written
    alone = _prepared(settings, tmp_path / "one.csv", (
        "BillNo,name,BillDate,duedate,Amount\nopening,Nitro AC,2020-01-01,2020-01-31,84459.53\n"
        "INV-102,Nitro AC,2020-11-05,2020-12-05,99.00\n"
    ))
    assert alone.cases["reference"].to_list() == ["opening", "INV-102"]


def test_a_loan_aging_reports_staff_cycle_and_counts_are_no_debtor_nor_reference(settings, tmp_path):
    """A group-microcredit lender's aging report: the branch manager, the loan officer, the loan's
    cycle (1, 2) and its number of members are none of the case's fields; its headers wrap inside
    their cells ("Cód. grupo\nsolidario"), and --set finds them as they read, with a space."""
    from openpyxl import Workbook


    book = Workbook()
    sheet = book.active
    sheet.append(["Cód. grupo\nsolidario", "Grupo solidario", "Ciclo", "Número\nintegrantes", "Nombre de gerente",
                  "Nombre\npromotor", "Nom. producto\ncrédito", "Fecha\ninicio", "Saldo\ntotal"])
    for i in range(6):
        sheet.append([f"0000{80 + i}", f"LAS ROSAS {i}", 1 + i % 2, 10 + i, "Lopez Ruiz Ana", "Garcia Nahum Antonio",
                      "Grupal semanal", f"0{i + 1}/10/2025", 1000.5 + i])
    book.save(tmp_path / "cartera.xlsx")
    # the solidarity group owes its loan, numbered by the group's code
    prepared = prepare_file(tmp_path / "cartera.xlsx", settings)
    mapped = {c.column: c.field for c in prepared.mapping.columns if c.status != "unmapped"}
    for header in ("Ciclo", "Número\nintegrantes", "Nombre de gerente", "Nombre\npromotor", "Nom. producto\ncrédito"):
        assert mapped.get(header) is None, header
    assert prepared.cases.select("reference", "debtor.name").rows()[0] == ("000080", "LAS ROSAS 0")
    by_hand = prepare_file(tmp_path / "cartera.xlsx", settings, PrepareOptions(assign=(
        ("Cód. grupo solidario", "reference"), ("grupo solidario", "debtor.name"),
    )))
    assert by_hand.cases.select("reference", "debtor.name").rows()[0] == ("000080", "LAS ROSAS 0")
    assert by_hand.cases["amount"].sum() == Decimal("6018.00")


def test_french_statuses_of_a_late_or_part_paid_invoice_are_known_and_owed(settings, tmp_path):
    """A French invoice list's 'statut_paiement': 'Partielle' (part paid, owed what was not
    collected), 'Retard' (late), 'A relancer' (to remind) are owed, and known; 'Payée' is paid. So is
    FreshBooks' 'viewed', and an invoice whose payment was reconciled ('Conciliado') is paid."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "numero_facture;client;date_echeance;montant_ttc;statut_paiement;montant_encaisse\n"
        "FAC-1;Dupont SA;27/01/2026;4284,00;Payée;4284,00\nFAC-2;Martin SARL;05/07/2025;6384,00;Partielle;4249,15\n"
        "FAC-3;Durand;12/02/2026;1200,00;Retard;0\nFAC-4;Petit SAS;20/02/2026;90,00;A relancer;0\n"
    ))
    assert _owed(prepared) == {"FAC-2": Decimal("2134.85"), "FAC-3": Decimal("1200.00"), "FAC-4": Decimal("90.00")}
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices + prepared.notices)
    # FreshBooks' invoice sent and opened by the client
    viewed = _prepared(settings, tmp_path / "freshbooks.csv", (
        "Invoice #,Client Name,Invoice Status,Amount\nINV-1,Acme Ltd,viewed,300.00\nINV-2,Beta Ltd,paid,60.00\n"
        "INV-3,Gamma Ltd,sent,100.00\n"
    ))
    assert set(_owed(viewed)) == {"INV-1", "INV-3"}
    assert not any("no status the tool knows" in n for n in viewed.read.source.notices + viewed.notices)
    # a Brazilian carrier's invoices whose payment was reconciled with the bank ('Conciliado'), or not yet
    carrier = _prepared(settings, tmp_path / "fretes.csv", (
        "N° Fatura;Pagador;Valor;Status Fatura\nFT-1;Alfa Ltda;100,00;Conciliado\nFT-2;Beta Ltda;80,00;Não Conciliado\n"
    ))
    assert set(_owed(carrier)) == {"FT-2"}
    assert not any("no status the tool knows" in n for n in carrier.read.source.notices + carrier.notices)
    # Zoho Books India's invoices: the e-way bill the goods travel under was 'Generated', which says
    # nothing of payment ('Overdue' and 'Closed' do)
    zoho = _prepared(settings, tmp_path / "zoho_invoices.csv", (
        "Invoice Number,Customer Name,Invoice Status,E-WayBill Status,Total,Balance\n"
        "INV-001,Shree Traders,Overdue,Generated,11800.00,11800.00\nINV-002,Om Agencies,Closed,,5900.00,0.00\n"
        "INV-003,Jai Hind Stores,Overdue,,2360.00,2360.00\n"
    ))
    assert set(_owed(zoho)) == {"INV-001", "INV-003"}
    assert not any("no status the tool knows" in n for n in zoho.read.source.notices + zoho.notices)


def test_known_statuses_say_a_row_is_paid_among_statuses_the_tool_does_not_know(settings, tmp_path):
    """A Thai sales CRM's 'status': mostly its own words ('PACKED', 'COD'), some the tool knows:
    'PAID' is paid and 'RETURNED' sent back, left out; the paid orders had been imported because most
    of the column was unknown."""
    prepared = _prepared(settings, tmp_path / "orders.csv", (
        "id,customerName,totalPrice,status\nord-1,Somchai Jaidee,1200,PACKED\nord-2,Malee Srisuk,800,COD\n"
        "ord-3,Anan Boonmee,450,PAID\nord-4,Wipa Thongdee,300,PENDING\nord-5,Kanya Rak,990,PACKED\n"
        "ord-6,Preecha Dee,150,COD\nord-7,Suda Kaew,120,RETURNED\n"
    ))
    assert sorted(_owed(prepared)) == ["ord-1", "ord-2", "ord-4", "ord-5", "ord-6"]
    assert any("'PACKED' (2 row(s)), 'COD' (2 row(s))" in n and "no status the tool knows" in n
               for n in prepared.read.source.notices)


def test_whether_an_invoice_was_e_mailed_says_nothing_beside_its_status(settings, tmp_path):
    """Xero's sales invoices: 'Sent' (Unsent: not e-mailed from Xero) beside 'Status' (Awaiting
    Payment): the status tells what is owed; every unsent invoice had been left out as a draft. Alone,
    'Unsent' still marks a draft."""
    text = ("ContactName,InvoiceNumber,DueDate,InvoiceAmountDue,Currency,Sent,Status\n"
            "Jellyfish (Pty) Ltd,INV-3440,11/06/2026,1580.94,ZAR,Unsent,Awaiting Payment\n"
            "Karoo Foods (Pty) Ltd,INV-3441,12/06/2026,250.00,ZAR,Sent,Awaiting Payment\n"
            "Cape Deli (Pty) Ltd,INV-3442,13/06/2026,99.00,ZAR,Unsent,Draft\n")
    prepared = _prepared(settings, tmp_path / "Sales Invoices.csv", text)
    assert sorted(_owed(prepared)) == ["INV-3440", "INV-3441"]
    alone = _prepared(settings, tmp_path / "sent.csv", text.replace(",Status", "").replace(",Awaiting Payment", "")
                      .replace(",Draft", ""))
    assert sorted(_owed(alone)) == ["INV-3441"]


def test_a_sage_document_list_takes_the_customers_advance_off_its_total(settings, tmp_path):
    """Sage 100's document list without its "Solde dû": the customer's advance ("Avance client") is
    what was paid, and "A comptabiliser" a posting state that says nothing of a payment."""
    prepared = _prepared(settings, tmp_path / "documents.csv", (
        "Type,Statut,Référence,Date,Intitulé client,Date livraison,Total TTC,Avance client\n"
        "Facture,A comptabiliser,F18-0925,2026-03-23,SANSI BAH,2026-03-25,35950000,6000000\n"
        "Facture,A comptabiliser,AL3-33,2025-12-07,MAMADOU OURY TAOYAH,2025-12-08,8100000,8070000\n"
        "Facture,A comptabiliser,F24-0101,2026-01-10,KADIATOU DIALLO,2026-01-11,4800000,4800000\n"
    ))
    assert dict(prepared.cases.select("reference", "amount").rows()) == {
        "F18-0925": Decimal("29950000"), "AL3-33": Decimal("30000"),
    }
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices)
    assert "payment date" not in next(c.reason for c in prepared.mapping.columns if c.column == "Date livraison")


def test_a_slovenian_open_items_list_gives_its_due_date_as_the_value_date(settings, tmp_path):
    """A Slovenian list of open items (Power BI over Pantheon): "datum_valute" is the due date, the days
    late ("stevilo_dni_zamude") no field, "pp_ime" the partner's name."""
    prepared = _prepared(settings, tmp_path / "terjatve.csv", (
        "pp_ime;oznaka;saldo;stevilo_dni_zamude;datum_valute;zamuda;datum_fakture\n"
        "SPAR SLOVENIJA D.O.O.;2025-14356;1250,40;-30;21.11.2025;nezapadlo;22.10.2025\n"
        "MERCATOR D.D.;2025-14357;980,00;12;10.10.2025;zapadlo;10.09.2025\n"
        "TUŠ D.O.O.;2025-14358;15,20;3;19.10.2025;zapadlo;19.09.2025\n"
    ))
    assert _mapping(prepared) == {"pp_ime": "debtor.name", "oznaka": "reference", "saldo": "amount",
                                  "datum_valute": "due_date", "datum_fakture": "issue_date"}
    assert prepared.cases.select("reference", "due_date").rows()[0] == ("2025-14356", date(2025, 11, 21))


def test_the_default_currency_taken_for_want_of_another_is_said(settings, tmp_path):
    text = "Invoice No,Customer,Due Date,Amount\nINV-1,Acme Inc,2026-01-15,120.00\nINV-2,Beta LLC,2026-01-20,80.00\n"
    prepared = _prepared(settings, tmp_path / "open.csv", text)
    assert prepared.cases["currency"].unique().to_list() == ["EUR"]
    assert ("No column gives the currency: the amounts written without a currency sign are read in EUR, the default "
            "currency (GETBILL_DEFAULT_CURRENCY sets it).") in prepared.validation.notices
    # the user's own choice, or a currency column, says nothing
    chosen = _prepared(dataclasses.replace(settings, currency_given=True), tmp_path / "open.csv", text)
    assert not [n for n in chosen.notices if "currency" in n]
    named = _prepared(settings, tmp_path / "named.csv", text.replace("Amount\n", "Amount,Currency\n")
                      .replace(".00\n", ".00,USD\n"))
    assert named.cases["currency"].unique().to_list() == ["USD"]
    assert not [n for n in named.notices if "currency" in n]
    # a currency column blank on every row (an import template's, left empty) gives none either
    blank = _prepared(settings, tmp_path / "blank.csv", text.replace("Amount\n", "Amount,Currency\n").replace(".00\n", ".00,\n"))
    assert ("No column gives the currency (its column, 'Currency', is blank on every row): the amounts written without a "
            "currency sign are read in EUR, the default currency (GETBILL_DEFAULT_CURRENCY sets it).") in blank.validation.notices
    # every amount imported carries its sign: a row with no amount at all is in no currency
    signed = _prepared(settings, tmp_path / "signed.csv", text.replace("120.00", "$120.00").replace(",80.00", ","))
    assert not [n for n in signed.notices if "the default currency" in n]
    # headers in Spanish: the pesos are named beside the euro taken (a Mexican ERP's "Saldo_fac")
    spanish = _prepared(settings, tmp_path / "cobranza.csv", "No_fac,Nom_cte,Fech_venci,Saldo_fac\n"
                        "24309,ASPEN LABS,01/04/2025,226703.35\n24310,FARMACIAS DEL AHORRO,01/04/2025,10.50\n")
    assert any(n.startswith("No column gives the currency: the amounts written without a currency sign are read in EUR")
               and n.endswith("The headers are in Spanish: if the amounts are in a peso (MXN, COP, ARS, CLP…), soles (PEN) "
                              "or dollars (USD), set it to that currency and run again.") for n in spanish.notices)
    # headers Spanish and Portuguese share ("cliente", "valor"): the names' letters say Portuguese ("João")
    portuguese = _prepared(settings, tmp_path / "contas.csv", "cliente,valor\nMaria Rua,200\nJoão da Nelza,150\nAna Simões,300\n")
    assert any(n.endswith("The headers are in Portuguese: if the amounts are in reais (BRL) or kwanzas (AOA), set it to "
                          "that currency and run again.") for n in portuguese.notices)


def test_a_status_of_outstanding_invoices_beside_paid_ones_leaves_the_paid_ones_out(settings, tmp_path):
    """A treasury's receivables list writes 'outstanding' or 'paid' in its status column: the
    paid invoices are no cases, the outstanding ones are, and no status is said unknown. A French
    list's 'Lieu' (the département of the job: 19, 75, 93) is a place, not the amount."""
    rows = [("INV-001", "Tanaka KK", "1200000", "outstanding"), ("INV-002", "Müller GmbH", "25000", "paid"),
            ("INV-003", "Acme Inc", "35000", "outstanding"), ("INV-004", "Wang Ltd", "350000", "paid"),
            ("INV-005", "Dupont SA", "7000", "Outstanding")]
    prepared = _prepared(settings, tmp_path / "receivables.csv", "invoice_id,customer,amount,status\n" + "".join(
        ",".join(row) + "\n" for row in rows))
    assert sorted(_owed(prepared)) == ["INV-001", "INV-003", "INV-005"]
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices + prepared.notices)
    french = _prepared(settings, tmp_path / "dossiers.csv", "N° dossier;Débiteur;Lieu;Montant TTC\n" + "".join(
        f"D{n};Garage {n};{(19, 75, 93)[n % 3]};{1000 + n},50\n" for n in range(6)))
    assert _mapping(french)["Montant TTC"] == "amount" and "Lieu" not in _mapping(french)


def test_a_total_due_beside_what_was_paid_and_what_is_outstanding_is_not_the_amount(settings, tmp_path):
    """A school's dues export: 'Total due', 'Paid' and 'Outstanding', the first the other two
    together on each row. The headers rank 'Total due' and 'Outstanding' alike (and the earlier
    column won): what is left to pay is the amount, said, so that a pupil who paid part of the fees
    is not claimed the whole."""
    rows = [("SR1", "Arjun Gupta", "17500", "5500", "12000"), ("SR2", "Meera Shah", "22000", "0", "22000"),
            ("SR3", "Kabir Rao", "10000", "2625", "7375"), ("SR4", "Isha Nair", "500", "0", "500"),
            ("SR5", "Dev Iyer", "16500", "0", "16500"), ("SR6", "Anya Bose", "31500", "9000", "22500")]
    prepared = _prepared(settings, tmp_path / "dues.csv", "SR no,Student,Total due,Paid,Outstanding\n" + "".join(
        ",".join(row) + "\n" for row in rows))
    assert _mapping(prepared)["Outstanding"] == "amount"
    assert _owed(prepared) == {ref: Decimal(left) for ref, _, _, _, left in rows}
    assert ("amount: 'Total due' is 'Outstanding' and 'Paid' together on each row: the total before what was paid. "
            "'Outstanding', what is left to pay, is the amount.") in prepared.mapping.notices
    # a Ugandan school's five pupils: what was paid and a credit given together, one pupil billed
    # nothing, one whose fees are cleared
    fees = _prepared(settings, tmp_path / "p5.csv", (
        "No.,Name,Credit (UGX),Total Due (UGX),Total Paid (UGX),Balance (UGX),Status\n"
        "1,Nakato Sarah,0,500000,300000,200000,Not Cleared\n2,Wafula Brian,0,175000,175000,0,Cleared\n"
        "3,Namubiru Faith,0,0,0,0,Sponsored\n4,Okello Denis,50000,350000,200000,100000,Not Cleared\n"
        "5,Apio Grace,0,770000,0,770000,Not Cleared\n"
    ))
    assert _owed(fees) == {"1": Decimal("200000"), "4": Decimal("100000"), "5": Decimal("770000")}
    assert ("amount: 'Total Due (UGX)' is 'Balance (UGX)' and 'Credit (UGX)' and 'Total Paid (UGX)' together on each "
            "row: the total before what was paid. 'Balance (UGX)', what is left to pay, is the amount.") in fees.mapping.notices
    assert not any("'Not Cleared'" in n for n in fees.read.source.notices + fees.notices)


def test_a_total_of_the_unpaid_fees_and_another_debt_is_the_amount_not_the_fees_alone(settings, tmp_path):
    """A condominium's debts: 'Saldo pendiente' (unpaid fees), 'Semilla' (a contribution each owner
    owes) and 'Total Deuda', their sum on every row. The balance's header outranks the total's, but
    the total is what is owed: an owner owing the contribution alone is no paid unit. Beside what was
    paid, the same sum leaves the balance the amount."""
    rows = [("8A", "Ana Ruiz", "120.50", "0", "120.50"), ("8B", "Luis Paz", "0", "700", "700"),
            ("9A", "Eva Sol", "80", "700", "780"), ("9B", "Juan Rey", "0", "350", "350"),
            ("10A", "Rosa Gil", "45.25", "0", "45.25"), ("10B", "Omar Diaz", "0", "0", "0")]
    condo = _prepared(settings, tmp_path / "deuda.csv", "Unidad,Propietario,Saldo pendiente,Semilla,Total Deuda\n" + "".join(
        ",".join(row) + "\n" for row in rows))
    assert _mapping(condo)["Total Deuda"] == "amount"
    assert _owed(condo) == {"8A": Decimal("120.50"), "8B": Decimal("700"), "9A": Decimal("780"), "9B": Decimal("350"),
                            "10A": Decimal("45.25")}
    assert ("amount: 'Total Deuda' is 'Saldo pendiente' and 'Semilla' together on each row: both owed ('Semilla' is no "
            "payment), not 'Saldo pendiente' alone, one of its parts: a row owing only 'Semilla' is owed. If 'Semilla' is "
            "paid, set 'Saldo pendiente' (--set 'Saldo pendiente=amount').") in condo.mapping.notices
    paid = _prepared(settings, tmp_path / "pagos.csv", "Unidad,Propietario,Saldo pendiente,Pagado,Total Deuda\n" + "".join(
        ",".join(row) + "\n" for row in rows))
    assert _mapping(paid)["Saldo pendiente"] == "amount"


def test_a_bare_total_of_the_claim_and_its_charges_is_what_is_owed(settings, tmp_path):
    """A collection firm's files: 'Créance' (the claim) outranks 'Total' by its header, but 'Total' is
    the claim, its late interest and its costs on every row: what the debtor owes. Beside charges
    that do not add up to it (a 'Total' of something else), the claim stays the amount."""
    rows = [("D-101", "Khalid Edaoudi", "7500", "200", "100", "7800"), ("D-102", "Ayoub Naciri", "9500", "0", "0", "9500"),
            ("D-103", "Sara Bennani", "4000", "30000", "100", "34100"), ("D-104", "Omar Tazi", "12000", "450", "0", "12450"),
            ("D-105", "Nadia Alaoui", "3300", "0", "250", "3550")]
    header = "N°Dossier,Débiteur,Créance,IntRetard,Autres frais,Total\n"
    claims = _prepared(settings, tmp_path / "dossiers.csv", header + "".join(",".join(row) + "\n" for row in rows))
    assert _mapping(claims)["Total"] == "amount"
    assert _owed(claims) == {"D-101": Decimal("7800"), "D-102": Decimal("9500"), "D-103": Decimal("34100"),
                             "D-104": Decimal("12450"), "D-105": Decimal("3550")}
    assert ("amount: 'Total' is 'Créance' and 'IntRetard', 'Autres frais' together on each row: all owed ('IntRetard', "
            "'Autres frais' are no payments), not 'Créance' alone, one of its parts: a row owing only 'IntRetard', "
            "'Autres frais' is owed. If 'IntRetard', 'Autres frais' are paid, set 'Créance' (--set 'Créance=amount')."
            ) in claims.mapping.notices
    # the same columns where 'Total' is no sum of them: the claim is the amount
    other = [(*row[:5], str(int(row[5]) * 2)) for row in rows]
    apart = _prepared(settings, tmp_path / "autres.csv", header + "".join(",".join(row) + "\n" for row in other))
    assert _mapping(apart)["Créance"] == "amount"
    # nor is a total of the claim and a column that names no charge ('Divers': what, no one can tell)
    named = _prepared(settings, tmp_path / "divers.csv", "N°Dossier,Débiteur,Créance,Divers,Total\n" + "".join(
        ",".join((*row[:3], row[3], str(int(row[2]) + int(row[3])))) + "\n" for row in rows))
    assert _mapping(named)["Créance"] == "amount"


def test_the_taxpayer_owes_a_tax_offices_arrears_not_its_station(settings, tmp_path):
    """A revenue authority's arrears: 'tax_payer_name' had been set aside as no debtor's ('tax'), and
    the office collecting it ('station_name') taken for the debtor."""
    prepared = _prepared(settings, tmp_path / "tax_arrears.csv", (
        "ID,pin,tax_payer_name,phone_no,station_name,obligation_name,Grand Total\n"
        "1,A001,ADAN SARBO MASKO,725746339,NANYUKI,VAT - Withholding,\"21,947\"\n"
        "2,A002,MOHAMED NUROW IBRAHIM,722710189,MURANGA,Capital Gain Tax (CGT),\"8,103\"\n"
        "3,A003,JANE WANJIKU KAMAU,733120456,NANYUKI,Income Tax - PAYE,\"150,420\"\n"))
    assert _mapping(prepared)["tax_payer_name"] == "debtor.name"
    assert prepared.cases["debtor.name"].to_list() == ["ADAN SARBO MASKO", "MOHAMED NUROW IBRAHIM", "JANE WANJIKU KAMAU"]


def test_a_report_of_the_lines_sold_with_their_margins_is_refused(settings, tmp_path):
    """WinMentor's sales detail: each item sold to a customer, its quantity, unit price, margin and
    cost, and nothing saying what is owed; it had been imported as 2,038 debts. Named by hand, its
    amount is imported."""
    text = ("Denumire,Cantitate,Pret,Valoare,Adaos,Cost,Client,Numar,Data\n"
            "3XCREION ZUGRAV 18CM,2,5.04,10.08,2.92,7.16,NASKY SRL,250700529,2025-07-15\n"
            "REZERVE LAME 150MM,1,10.08,10.08,2.45,7.63,ROTARU CONSTRUCT SRL,250700530,2025-07-15\n"
            "ADEZIV GRESIE 25KG,10,31.50,315.00,61.20,253.80,ALFA DESIGN SRL,250700531,2025-07-16\n")
    message = _refusal_message(settings, tmp_path / "vanzari.csv", text)
    assert ("it is a report of the lines sold (its columns 'Cantitate', 'Pret', 'Adaos'), each item sold, its quantity, "
            "price and margin or cost, not what is still owed") in message
    (tmp_path / "chosen.csv").write_text(text, encoding="utf-8")
    chosen = prepare_file(tmp_path / "chosen.csv", settings, PrepareOptions(assign=(("Valoare", "amount"),)))
    assert chosen.validation.valid == 3
    # each product sold to a customer (its SKU, quantity and price) and no invoice's number: a sales history,
    # 1,471 lines of which had been imported as debts named by their customer and day
    history = ("account number,name,sku,quantity,unit price,ext price,date\n"
               "740150,Barton LLC,B1-20000,39,86.69,3380.91,2014-01-01 07:21:51\n"
               "714466,Trantow-Barrows,S2-77896,-1,63.16,-63.16,2014-01-01 10:00:47\n"
               "218895,Kulas Inc,B1-69924,23,90.70,2086.10,2014-01-01 13:24:58\n"
               "740150,Barton LLC,S1-65481,12,50.00,600.00,2014-01-02 09:10:00\n"
               "218895,Kulas Inc,S2-10342,5,20.00,100.00,2014-01-02 11:00:00\n")
    assert ("it is a report of the lines sold (its columns 'sku', 'quantity', 'unit price'), each item sold, its quantity "
            "and price, and no invoice's number") in _refusal_message(settings, tmp_path / "sales.csv", history)
    # each customer's sales of a day, their markup and cost, no quantity nor price (WinMentor's daily sales)
    daily = ("Data,Client,Pret Contabil,Valoare,Adaos,Cost\n2025-07-01,BELONA UNIVERSAL ARG SRL,80,2567.38,422.88,34\n"
             "2025-07-01,NASKY SRL,1.68,2992.96,367.43,1.23\n2025-07-02,ALFA DESIGN SRL,0.21,11689.12,2277.02,3.85\n"
             "2025-07-02,BELONA UNIVERSAL ARG SRL,80,1200.00,210.50,20\n2025-07-02,NASKY SRL,1.70,850.10,101.20,1.10\n"
             "2025-07-03,BELONA UNIVERSAL ARG SRL,79,990.00,170.00,18\n")
    assert ("it is a report of sales and their margins (its columns 'Valoare', 'Adaos', 'Cost'), what was sold and what it "
            "earned") in _refusal_message(settings, tmp_path / "vanzari_zilnice.csv", daily)


def test_an_e_invoices_pending_state_says_nothing_of_a_payment(settings, tmp_path):
    """Bling's sales orders: each product sold, its quantity, unit and cost price; 'Situação da NFe'
    writes the tax invoice's state at the authority ('Pendente': not yet authorised), which had been
    read as an invoice still owed, and 172 orders imported as debts."""
    text = ("N° do Pedido;Data;Nome do contato;Situação;Descrição;Quantidade;Valor unitário;Preço de Custo;Preço Total;"
            "Nº da NFe;Situação da NFe\n"
            "35;07/05/2025;Ana Souza;Atendido;Paneleiro Torre;1,00;719,00;400,00;719,00;101;Pendente\n"
            "36;08/05/2025;Bruno Lima;Atendido;Armário Aéreo;2,00;281,00;150,00;562,00;102;Emitida\n"
            "37;09/05/2025;Carla Dias;Atendido;Roupeiro;1,00;700,00;380,00;700,00;103;Pendente\n"
            "38;10/05/2025;Davi Rocha;Cancelado;Cômoda;1,00;450,00;200,00;450,00;104;Cancelada\n")
    message = _refusal_message(settings, tmp_path / "vendas.csv", text)
    assert ("it is a report of the lines sold (its columns 'Quantidade', 'Valor unitário', 'Preço de Custo')"
            in message)


#: a bulk customer statement: one account after another, each under a card of labelled values
_STACKED_STATEMENTS = (
    "TOPLU CARİ EKSTRE,,,,,,,\n"
    ",Cari Kodu,MD0003,Telefon,0212 544 32 79,Borç,146187.94,\n"
    ",Cari Adı,UĞUR ELEKTRONİK LTD.ŞTİ.,Alacak,115000.00,,,\n"
    ",Cari Hesap Türü,Alıcı,,,,,\n"
    "#,Belge Türü,Tarih,Evrak No,Vade Tarihi,Borç Tutar,Alacak Tutar,Borç Bakiye\n"
    "1,Satış Faturası,07/01/2025,EKS/018,07/02/2025,32714.96,,32714.96\n"
    "2,Tahsilat,07/03/2025,A/2039544,,,30000.00,2714.96\n"
    "3,Satış Faturası,25/04/2025,EKS/297,25/05/2025,25314.43,,28029.39\n"
    ",,,,,58029.39,30000.00,\n"
    ",,,,,,,\n"
    ",Cari Kodu,MD0007,Telefon,0212 256 00 72,Borç,55694.39,\n"
    ",Cari Adı,İLKE OTOMASYON LTD.ŞTİ.,Alacak,0.00,,,\n"
    ",Cari Hesap Türü,Alıcı/Satıcı,,,,,\n"
    "#,Belge Türü,Tarih,Evrak No,Vade Tarihi,Borç Tutar,Alacak Tutar,Borç Bakiye\n"
    "1,Satış Faturası,18/03/2025,EKS/220,18/04/2025,32631.61,,32631.61\n"
    "2,Çek Giriş Bordrosu,16/05/2025,A/2039652,,,20000.00,12631.61\n"
    "3,Çek Giriş Bordrosu,16/05/2025,A/2039652,,,10000.00,2631.61\n"
    ",,,,,32631.61,30000.00,\n"
    ",,,,,,,\n"
    ",Cari Kodu,SC0001,Telefon,0216 000 00 00,Borç,1000.00,\n"
    ",Cari Adı,CEMROM TEDARİK A.Ş.,Alacak,5000.00,,,\n"
    ",Cari Hesap Türü,Satıcı,,,,,\n"
    "#,Belge Türü,Tarih,Evrak No,Vade Tarihi,Borç Tutar,Alacak Tutar,Borç Bakiye\n"
    "1,Alış Faturası,02/02/2025,AF/001,02/03/2025,,5000.00,\n"
    "2,Ödeme,02/03/2025,OD/001,,1000.00,,\n"
    ",,,,,1000.00,5000.00,\n"
)


def test_statements_stacked_under_cards_are_read_by_their_cards(settings, tmp_path):
    """A Turkish ERP's bulk customer statement ('Toplu Cari Ekstre'): each account's code, name,
    phone and kind on a card of labelled values above its movements, the header written again for
    each. It had been refused for want of a debtor's name; each account's card names the debtor of
    its rows, its payments are netted with its invoices (two cheques of one slip, each its own
    credit), and a supplier's account is left out."""
    prepared = _prepared(settings, tmp_path / "toplu_cari_ekstre.csv", _STACKED_STATEMENTS)
    assert _mapping(prepared)["Cari Adı"] == "debtor.name"
    cases = prepared.cases
    owed = {r: (name, str(amount)) for r, name, amount in cases.select("reference", "debtor.name", "amount").iter_rows()}
    assert owed == {"EKS/018": ("UĞUR ELEKTRONİK LTD.ŞTİ.", "2714.96"), "EKS/297": ("UĞUR ELEKTRONİK LTD.ŞTİ.", "25314.43"),
                    "EKS/220": ("İLKE OTOMASYON LTD.ŞTİ.", "2631.61")}
    assert cases["debtor.phone"].to_list() == ["+902125443279", "+902125443279", "+902122560072"]
    notices = " ".join(prepared.read.source.notices)
    assert "3 statements stacked one after another, each under a card of its own" in notices
    assert "'Cari Hesap Türü' says they are payables ('Satıcı')" in notices


def test_an_orders_number_names_its_debt_though_some_rows_are_written_twice(settings, tmp_path):
    """An Odoo receivables workbook of sales orders: no column numbers invoices, each order's
    'Referencia de la orden' is its own but for the rows the export wrote twice, whole. It had been
    refused for want of a reference; the copies are left out, each order imported once."""
    rows = "".join(f"S{n:05d},Cliente {n},2025-03-{n % 28 + 1:02d},2025-04-{n % 28 + 1:02d},{n * 10}.50\n" for n in range(1, 21))
    text = "Referencia de la orden,Cliente,Fecha,Vencimiento,Saldo Orden\n" + rows + rows.splitlines(keepends=True)[18] \
        + rows.splitlines(keepends=True)[19]
    prepared = _prepared(settings, tmp_path / "cuentas_x_cobrar.csv", text)
    assert _mapping(prepared)["Referencia de la orden"] == "reference"
    assert prepared.validation.valid == 20
    assert sorted(prepared.cases["reference"].to_list()) == [f"S{n:05d}" for n in range(1, 21)]


#: QuickBooks' Customer Balance Detail: each customer's movements after its balance brought forward
_BALANCE_DETAIL = (
    ",,,,Type,,Date,,Num,,Account,,Amount,,Balance\n"
    ",A.O. Smith WPC,,,,,,,,,,,,,\"8,250.00\"\n"
    ",,,,Invoice,,05/06/2026,,24486,,11000 · Accounts Receivable,,\"5,500.00\",,\"13,750.00\"\n"
    ",,,,Payment,,05/22/2026,,2000012735,,11000 · Accounts Receivable,,\"-8,250.00\",,\"5,500.00\"\n"
    ",,,,Invoice,,05/27/2026,,24541,,11000 · Accounts Receivable,,\"2,750.00\",,\"8,250.00\"\n"
    ",Total A.O. Smith WPC,,,,,,,,,,,0.00,,\"8,250.00\"\n"
    ",Alpha Fire,,,,,,,,,,,,,\"28,024.86\"\n"
    ",,,,Payment,,05/14/2026,,1020,,11000 · Accounts Receivable,,\"-10,000.00\",,\"18,024.86\"\n"
    ",,,,Invoice,,05/15/2026,,24592,,11000 · Accounts Receivable,,524.24,,\"18,549.10\"\n"
    ",,,,Invoice,,05/29/2026,,24605,,11000 · Accounts Receivable,,\"91,424.33\",,\"109,973.43\"\n"
    ",,,,Invoice,,05/29/2026,,24628,,11000 · Accounts Receivable,,358.32,,\"110,331.75\"\n"
    ",,,,Payment,,05/30/2026,,1031,,11000 · Accounts Receivable,,\"-20,000.00\",,\"90,331.75\"\n"
    ",,,,Invoice,,05/30/2026,,24630,,11000 · Accounts Receivable,,\"1,000.00\",,\"91,331.75\"\n"
    ",,,,Invoice,,05/31/2026,,24631,,11000 · Accounts Receivable,,500.00,,\"91,831.75\"\n"
    ",Total Alpha Fire,,,,,,,,,,,\"63,806.89\",,\"91,831.75\"\n"
    ",Chicago Fire Protection,,,,,,,,,,,,,\"1,000.00\"\n"
    ",,,,Invoice,,05/11/2026,,24577,,11000 · Accounts Receivable,,\"1,268.78\",,\"2,268.78\"\n"
    ",,,,Payment,,05/12/2026,,10673,,11000 · Accounts Receivable,,-268.78,,\"2,000.00\"\n"
    ",Total Chicago Fire Protection,,,,,,,,,,,\"1,000.00\",,\"2,000.00\"\n"
    "TOTAL,,,,,,,,,,,,\"82,948.57\",,\"120,223.43\"\n"
)


def test_movements_after_a_balance_brought_forward_are_refused(settings, tmp_path):
    """QuickBooks' Customer Balance Detail: each customer's name beside its balance brought forward,
    its invoices and payments of the month below with a running balance, closed by its total. The
    names had not been read as labels (a number beside them), and the file refused for want of a
    debtor, offering the receivable account, the same on every row, as the debtors' names; read as
    invoices, the balances brought forward would be lost. It is refused for what it is."""
    message = _refusal_message(settings, tmp_path / "customer_balance_detail.csv", _BALANCE_DETAIL)
    assert ("it is a report of each customer's movements over a period, each opening with a balance brought forward "
            "('A.O. Smith WPC') (its columns 'Amount', 'Balance'), invoices and payments since that balance") in message
    # what it does say, each customer's balance, and where to have it as one debt
    assert "each customer's balance at the period's end, the last in 'Balance', is all it owes in one sum" in message
    assert "or the A/R Aging Summary, to collect each customer's balance as one debt" in message
    assert "--set 'Account=debtor.name'" not in message
    # the same report of a general ledger, its groups the ledger's accounts
    ledger = (_BALANCE_DETAIL.replace("A.O. Smith WPC", "10000 · Operating Account").replace("Alpha Fire", "11000 · Accounts Receivable")
              .replace("Chicago Fire Protection", "12000 · Undeposited Funds"))
    message = _refusal_message(settings, tmp_path / "general_ledger.csv", ledger)
    assert "it is a general ledger, its groups the ledger's accounts ('10000 · Operating Account')" in message


def test_a_profiles_reference_holding_names_is_read_by_its_values(settings, tmp_path):
    """A German shop's invoices laid out in Shopify's columns, 'Name' the customer's and the invoice's
    number in 'Bestellnummer': the Shopify profile had made the names the references, and set the
    number aside; an invoice's kind ('Rechnungstyp') and the invoice a credit note cancels
    ('Original_Rechnung') are no invoice's number either."""
    rows = [("RE-2024-001", "Max Mustermann", "paid", "119.00", "Rechnung", "Bezahlt", ""),
            ("RE-2024-002", "Anna Schmidt", "authorized", "89.50", "Rechnung", "Offen", ""),
            ("RE-2024-003", "Peter Müller", "authorized", "234.75", "Rechnung", "Offen", ""),
            ("RE-2024-004", "Anna Schmidt", "refunded", "-89.50", "Gutschrift", "Storniert", "RE-2024-002")]
    text = "Bestellnummer,Name,Financial Status,Total,Created at,Lineitem name,Billing Name,Rechnungstyp,Status_Deutsch,Original_Rechnung\n" + "".join(
        f"{n},{name},{status},{total},2024-01-15 10:30:00,T-Shirt,{name},{kind},{de},{original}\n"
        for n, name, status, total, kind, de, original in rows)
    prepared = _prepared(settings, tmp_path / "rechnungen.csv", text)
    mapping = _mapping(prepared)
    assert mapping["Bestellnummer"] == "reference"
    assert not {"Name", "Rechnungstyp", "Original_Rechnung"} & set(mapping)
    assert any("names 'Name' the reference, but its values are words with no number on most rows" in n
               for n in prepared.notices)
    assert prepared.cases["reference"].to_list() == ["RE-2024-003"]


def test_a_regime_is_no_region(settings, tmp_path):
    """A Colombian clinic's billing list: 'Regimen' (the patient's health regime: EPS, ARL,
    Particular) had been read as the debtor's region."""
    prepared = _prepared(settings, tmp_path / "facturacion.csv", (
        "Factura,Paciente,Regimen,Municipio,Total,Fecha\n"
        "4501,ANA PEREZ,EPS,CALI,150000,2025-12-01\n4502,JUAN GOMEZ,ARL,PALMIRA,80000,2025-12-02\n"
        "4503,LUZ DIAZ,Particular,CALI,45000,2025-12-03\n"))
    assert "Regimen" not in _mapping(prepared)
    assert _mapping(prepared)["Municipio"] == "debtor.address.city"


def test_a_quantity_measured_numbers_no_debt(settings, tmp_path):
    """A Danish owners' association's billing sheet: each member's floor area ('M2': 77, 185) had
    been taken for the invoices' numbers; each member's number names its debt instead."""
    prepared = _prepared(settings, tmp_path / "fakturering.csv", (
        "Debitor nr.,Navn,Adresse,M2,Vand m3,Total\n7,Tommy Werge,Månen 05,77,29,5089.77\n"
        "9,Lisbeth Berg,Solen 04,185,69,7982.97\n11,Ole Hansen,Stjernen 2,102,41,6120.50\n"))
    assert _mapping(prepared)["Debitor nr."] == "reference"
    assert "M2" not in _mapping(prepared)


def test_a_law_offices_debtors_are_named_by_their_counterparty(settings, tmp_path):
    """A Turkish law office's list of debtors placed with it: 'Muhatap Tanımı' (the party addressed)
    names each debtor and 'Güncel Borç' is the current debt; it had been refused for want of a name."""
    prepared = _prepared(settings, tmp_path / "borclular.csv", (
        "Durum tanıtıcısı,Güncel Borç,Telefon,Adres Bilgileri,Avukat Atama Tarihi,Muhatap Tanımı,İl\n"
        "D-001,1500.50,05551234567,Bağdat Cad. 1,2024-01-15,Ayşe Yılmaz,İstanbul\n"
        "D-002,2750.75,05559876543,Atatürk Blv. 2,2024-02-20,Mehmet Kaya,Ankara\n"
        "D-003,3200.00,05325555555,Kordon 3,2024-03-10,Deniz Ticaret Ltd. Şti.,İzmir\n"))
    # (by their headers: the names alone would be offered to confirm)
    reasons = {c.column: (c.field, c.status, c.reason) for c in prepared.mapping.columns}
    assert reasons["Muhatap Tanımı"][:2] == ("debtor.name", "mapped") and reasons["Muhatap Tanımı"][2].startswith("synonym")
    assert reasons["Güncel Borç"][:2] == ("amount", "mapped") and reasons["Güncel Borç"][2].startswith("synonym")
    assert prepared.validation.valid == 3
    # ... unless a column gives each debtor's name ('İsim', which had been read as a yes/no flag, "is im"),
    # and the case's id ('Durum tanıtıcısı') numbers each debt, where the notes had
    named = _prepared(settings, tmp_path / "borclular_isim.csv", (
        "Durum tanıtıcısı,İsim,Güncel Borç,Telefon,Adres,Notlar,Muhatap Tanımı\n"
        "D-001,Ayşe Yılmaz,1500.50,05551234567,Bağdat Cad. 1,Aranacak,Muhatap 1\n"
        "D-002,Mehmet Kaya,2750.75,05559876543,Atatürk Blv. 2,Ödeme sözü,Muhatap 2\n"
        "D-003,Deniz Ticaret Ltd. Şti.,3200.00,05325555555,Kordon 3,İhtarname,Muhatap 3\n"))
    assert _mapping(named)["İsim"] == "debtor.name" and _mapping(named)["Durum tanıtıcısı"] == "reference"
    assert set(_owed(named)) == {"D-001", "D-002", "D-003"}


def test_a_status_column_without_a_header_still_says_which_bills_are_paid(settings, tmp_path):
    """A hospital's bills read without a header row: 'Column 7' (Paid, Partial, Unpaid) had been
    taken for one of a numbered series of columns ('Column 1'…'Column 7'), and its paid bills
    imported as owed."""
    path = tmp_path / "bills.csv"
    path.write_text('"BL001","P001","2026-09-20","Consultation","500","500","Paid"\n'
                    '"BL002","P001","2026-09-20","Laboratory","400","200","Partial"\n'
                    '"BL003","P002","2026-09-21","Consultation","500","0","Unpaid"\n'
                    '"BL004","P003","2026-09-22","Pharmacy","120","120","Paid"\n', encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(header_line=0, assign=(
        ("Column 1", "reference"), ("Column 2", "debtor.name"), ("Column 5", "amount"))))
    assert sorted(prepared.cases.filter(pl.col(VALID))["reference"].to_list()) == ["BL002", "BL003"]


def test_a_workbook_whose_other_sheets_name_one_currency_is_read_in_it(settings, tmp_path):
    """A Venezuelan distributor's statement of balances per customer: no column names the currency,
    its summary sheet says 'Saldo pendiente total (USD)'. The balances had been read in EUR, the
    default; a workbook whose sheets name two currencies says nothing."""
    def book(name: str, summary: list[tuple[str, object]]) -> Path:
        workbook = openpyxl.Workbook()
        workbook.active.title = "Resumen"
        for row in summary:
            workbook.active.append(row)
        clients = workbook.create_sheet("Estado de Cuenta x Cliente")
        for row in [("Cliente", "Factura", "Vencimiento", "Saldo Pendiente"), ("SJMG 2012 C.A", "F-101", "2026-07-01", 29650.00),
                    ("Autoasesorio Maxi Motor", "F-102", "2026-07-05", 310.50), ("Proyecto Maquiveiro 21 C.A.", "F-103", "2026-07-09", 100.00)]:
            clients.append(row)
        workbook.save(tmp_path / name)
        return tmp_path / name

    prepared = prepare_file(book("cobranza.xlsx", [("Indicador", "Valor"), ("Total facturado (USD)", 391479.12),
                                                   ("Saldo pendiente total (USD)", 30060.50)]), settings)
    assert prepared.read.source.sheet == "Estado de Cuenta x Cliente"
    assert prepared.cases["currency"].unique().to_list() == ["USD"]
    assert any(n.startswith("No column gives the currency, but the workbook's sheet 'Resumen' names its amounts in USD "
                            "('Total facturado (USD)')") for n in prepared.read.source.notices)
    both = prepare_file(book("dos.xlsx", [("Moneda", "Tasa"), ("Total (USD)", 1), ("Total (VES)", 431.2)]), settings)
    assert both.cases["currency"].unique().to_list() == ["EUR"]
    # a sign alone ("$620.70") is the sign of several currencies, no code of one
    sign = prepare_file(book("signo.xlsx", [("Cliente", "Total"), ("MAGIC TRANSPORT 1952831 $620.70", 620.70)]), settings)
    assert sign.cases["currency"].unique().to_list() == ["EUR"]


def test_a_customer_master_with_postal_codes_and_credit_terms_is_refused_as_a_customer_list(settings, tmp_path):
    """An Indian distributor's customer master: each party's postal PIN ('pin': 400053), its credit days
    and amount ('crdays', 'cramount': its credit limit), its residence phone ('resi'). Its phone numbers,
    then its credit limits, had been imported as debts; its postal codes offered as the amount."""
    rows = "".join(f"C{n:04d},D,SUNDRY DEBTORS,Mumbai,SUNDRY DEBTORS (MUMBAI),Party {n} Medicals,Shop {n} Main Road,"
                   f"{400001 + (n * 7919) % 99991 if n % 5 else ''},p{n}@example.in,022{n:07d},98{n:08d},22{n:08d},30,"
                   f"{(0, 100000, 500000)[n % 3]},N\n" for n in range(60))
    message = _refusal_message(settings, tmp_path / "party_master.csv",
                               "code,type,ledger,city,group,name,address1,pin,email,phone1,mobile,resi,crdays,cramount,freez\n"
                               + rows)
    assert "a customer list holds no debt" in message
    assert "--set 'pin=amount'" not in message and "'cramount'" not in message.split("Columns found")[0]


def test_a_bare_due_of_money_beside_a_total_is_what_is_still_owed(settings, tmp_path):
    """FieldEdge's invoice list: 'Due Date', 'Total' and 'Due' ($0.00 on a paid invoice): 'Due' is
    what is still owed, the amount, and the paid invoice is left out; it had been read as a date's
    header and lost, the totals imported."""
    prepared = _prepared(settings, tmp_path / "InvoiceList.csv", (
        "Invoice #,Customer,Due Date,Total,Due\nINV-5521,\"Whitfield, Dana\",4/13/2024,$344.24,$0.00\n"
        "INV-5490,Brazos Property Group,2/8/2024,\"$1,234.56\",$185.10\nINV-5491,Gamma LLC,2/9/2024,$10.00,$10.00\n"
        "INV-5492,Delta Inc,2/10/2024,$20.00,$5.00\n"
    ))
    assert _mapping(prepared)["Due"] == "amount"
    assert _owed(prepared) == {"INV-5490": Decimal("185.10"), "INV-5491": Decimal("10.00"), "INV-5492": Decimal("5.00")}


def test_a_banks_abbreviated_principal_is_its_amount_and_a_tax_number_no_balance(settings, tmp_path):
    """A Tanzanian bank's placement writes 'PRINC BAL' (principal balance), read as a province; a
    Brazilian customer list's 'CPF' ("000.000.000.00") is a tax number, no balance."""
    placement = _prepared(settings, tmp_path / "placement.csv", (
        "CUST NAME,ACCOUNT NUMBER,PRINC BAL,STATUS\nASHA HAMISI MOLLEL,20710012345,\"1,250,000.00\",ACTIVE\n"
        "JOHN PETER MWITA,20710054321,\"830,500.00\",ACTIVE\nNEEMA JOSEPH,20710099887,\"8,550,000.00\",ACTIVE\n"
    ))
    assert _mapping(placement)["PRINC BAL"] == "amount"
    assert sorted(_owed(placement).values()) == [Decimal("830500.00"), Decimal("1250000.00"), Decimal("8550000.00")]
    # an account paid in full ('PIF') is left out; one promised ('PTP') or allocated is owed
    statuses = _prepared(settings, tmp_path / "statuses.csv", (
        "CUST NAME,ACCOUNT NUMBER,PRINC BAL,STATUS\nASHA HAMISI MOLLEL,20710012345,\"1,250,000.00\",PTP\n"
        "JOHN PETER MWITA,20710054321,\"830,500.00\",PIF\nNEEMA JOSEPH,20710099887,\"8,550,000.00\",Allocated\n"
    ))
    assert sorted(_owed(statuses)) == ["20710012345", "20710099887"]
    assert not any("no status the tool knows" in n for n in statuses.read.source.notices)
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "clientes.csv", (
            "Nome do Cliente;CPF;Cidade;Email\nAna Souza;123.456.789.01;Recife;ana@example.com\n"
            "João Lima;987.654.321.00;Natal;joao@example.com\nRita Melo;111.222.333.44;Olinda;rita@example.com\n"
        ))
    assert "amount" in refused.value.facts["missing"]


def test_a_carriers_freight_payer_is_the_debtor_not_the_consignee(settings, tmp_path):
    """A Brazilian carrier's shipments: the freight's payer ('Pagador do Frete - Nome'), its sender
    ('Remetente') and its consignee ('Destinatário'): the payer owes the freight; the consignee had
    been taken for the debtor."""
    prepared = _prepared(settings, tmp_path / "fretes.csv", (
        "Número;Pagador do Frete - Nome;Remetente;Destinatário;Valor do Frete;Status Fatura\n"
        "1001;Alfa Ltda;Alfa Ltda;Mercado Beta;120,00;Em aberto\n1002;Gama SA;Delta ME;Loja Épsilon;80,50;Em aberto\n"
        "1003;Alfa Ltda;Alfa Ltda;Zeta Comércio;99,90;Conciliado\n"
    ))
    assert _mapping(prepared)["Pagador do Frete - Nome"] == "debtor.name"
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == ["Alfa Ltda", "Gama SA"]


def test_a_contractors_invoices_beside_its_bills_are_named_by_client_and_due_date(settings, tmp_path):
    """A contractor's ERP lists its progress bills to clients beside its subcontractors' bills
    ('invoice_type': receivable, payable; the bills name a vendor, no client), with no invoice
    number: each client's debt is named by its name and due date, judged on the rows naming a
    client; the file had been refused for its reference."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_type,amount,due_date,status,vendor_name,client_name\n"
        "receivable,485000,2026-02-15,pending,,Riverside Development Group\n"
        "receivable,312000,2026-02-15,pending,,Metro Commercial Properties\n"
        "receivable,125000,2026-02-28,approved,,Riverside Development Group\n"
        "payable,185000,2026-02-05,approved,Ramirez Concrete Inc,\npayable,92000,2026-02-05,pending,Lone Star Steel,\n"
        "receivable,40000,2026-03-15,pending,,Texas DOT\n"
    ))
    assert sorted(_owed(prepared).values()) == [Decimal(40000), Decimal(125000), Decimal(312000), Decimal(485000)]
    assert "Riverside Development Group 2026-02-28" in _owed(prepared)


def test_an_agencys_list_of_debtors_with_their_pin_codes_names_each_debt_by_its_debtor(settings, tmp_path):
    """A collection agency's upload from India: a debtor a row, no invoice number, the six-digit PIN
    codes under 'PostalCode': those are postal codes (they had been set aside as whole numbers), and
    no number of the debts the tool missed, so each debt is named by its debtor (the file had been
    refused for its reference)."""
    prepared = _prepared(settings, tmp_path / "upload.csv", (
        "Name,Email,Phone,Amount,City,PostalCode\nRajesh Kumar,rajesh@example.com,+91-9876543210,150000,Mumbai,400001\n"
        "Priya Sharma,priya@example.com,+91-9876543211,85000,Kolkata,700016\n"
        "Anil Mehta,anil@example.com,+91-9876543212,120000,Bengaluru,560001\n"
    ))
    assert _mapping(prepared)["PostalCode"] == "debtor.address.postal_code"
    assert _owed(prepared) == {"Rajesh Kumar": Decimal(150000), "Priya Sharma": Decimal(85000), "Anil Mehta": Decimal(120000)}
    assert prepared.cases["debtor.address.postal_code"].to_list() == ["400001", "700016", "560001"]


def test_a_scholarship_beside_what_was_paid_is_taken_off_the_fees(settings, tmp_path):
    """A college's fees: the total, what was paid and a scholarship, whole rupees: each student owes
    the total less both (the scholarship had been claimed as owed)."""
    prepared = _prepared(settings, tmp_path / "fees.csv", (
        "Student Name,Roll No,total_fees,paid,scholarship_amount\nAsha Rao,231FA04258,120000,50000,15000\n"
        "Vikram Das,231FA05112,110000,60000,10000\nMeena Iyer,231FA06075,100000,75000,0\n"
    ))
    assert sorted(_owed(prepared).values()) == [Decimal(25000), Decimal(40000), Decimal(55000)]


def test_a_payment_date_on_every_row_some_after_the_due_date_says_each_invoice_was_paid(settings, tmp_path):
    """An invoice history ('FechaPago' beside 'FechaVencimiento' on every row, some paid late): each
    invoice was paid, nothing is owed (2,466 paid invoices had been imported). Payment dates never
    past the due date may be when each payment is planned: the invoices are owed."""
    rows = [("0000611365", "Cliente A", "1/2/2013", "2/1/2013", "55.94", "1/15/2013"),
            ("0007900770", "Cliente B", "1/26/2013", "2/25/2013", "61.74", "3/3/2013"),
            ("0009231909", "Cliente C", "7/3/2013", "8/2/2013", "65.88", "7/8/2013"),
            ("0004138311", "Cliente D", "2/10/2013", "3/12/2013", "105.92", "3/17/2013")]
    text = "NumeroFactura,Cliente,FechaFactura,FechaVencimiento,MontoFactura,FechaPago\n" + "".join(
        ",".join(r) + "\n" for r in rows)
    history = _prepared(settings, tmp_path / "historial.csv", text)
    assert _owed(history) == {}
    assert any(n.startswith("Every invoice of the file (4) is left out as paid") for n in history.read.source.notices)
    planned = _prepared(settings, tmp_path / "plan.csv", "NumeroFactura,Cliente,FechaFactura,FechaVencimiento,"
                        "MontoFactura,FechaPago\n" + "".join(",".join((*r[:5], r[3])) + "\n" for r in rows))
    assert len(_owed(planned)) == 4
    # a list of the suppliers' bills, all paid, says so too
    vendors = _prepared(settings, tmp_path / "ap.csv", text.replace("NumeroFactura,Cliente", "Invoice Number,Vendor"))
    assert _owed(vendors) == {}
    assert any("'Vendor' names suppliers" in n for n in vendors.read.source.notices)


def test_a_currency_type_of_codes_is_the_currency_and_a_customers_code_no_rand(settings, tmp_path):
    """A Singapore CRM's receivables: 'currency_type' holds SGD on every row (its header reads as a
    kind of currency), 'customer_code' holds 'R001' (no rand before 001): the amounts are in SGD."""
    prepared = _prepared(settings, tmp_path / "ar.csv", (
        "doc_ref_no,customer_name,customer_code,doc_date,currency_type,total_amt\n"
        "INV.999049,Tradpac Pte Ltd,R001,2017-09-29,SGD,500.00\nINV.999047,Tradpac Pte Ltd,R001,2017-09-28,SGD,1070.00\n"
        "INV.999050,Lim Trading Pte Ltd,R002,2017-09-30,SGD,321.00\n"
    ))
    assert _mapping(prepared)["currency_type"] == "currency"
    assert set(prepared.cases["currency"].to_list()) == {"SGD"}


def test_a_bare_number_right_after_the_street_is_the_house_number_not_the_reference(settings, tmp_path):
    """A card issuer's placement writes 'CALLE', then 'NUMERO' (558, 12, 1100: house numbers, written
    again and again): the street's number, written with it in line1, not the invoice number its
    header alone reads as; the debtor's document number is offered for the reference instead. A
    'Numero' of each row's own number, after the street, stays the reference."""
    numbers = [12, 558, 1100, 0, 226, 12, 45]
    rows = [f"DU;{20000000 + i * 7919};PEREZ JUAN {i};{['SAN MARTIN', 'BELGRANO', 'MITRE'][i % 3]};{numbers[i % 7]};"
            f"CORDOBA;{1000 + i * 13}.55\n" for i in range(20)]
    prepared = _prepared(settings, tmp_path / "placement.csv",
                         "TIPODOC;NRODOC;NOMBRECOMPLETO;CALLE;NUMERO;LOCALIDAD;DEUDA_ACTUALIZADA\n" + "".join(rows))
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.address.house_number"], fields["reference"]) == ("NUMERO", "NRODOC")
    assert prepared.cases["debtor.address.line1"].to_list()[:2] == ["SAN MARTIN 12", "BELGRANO 558"]
    assert len(_owed(prepared)) == 20
    invoices = _prepared(settings, tmp_path / "facturas.csv", "Cliente;Calle;Numero;Importe\n" + "".join(
        f"Cliente {i};SAN MARTIN;{4000 + i};{100 + i}.00\n" for i in range(20)))
    assert invoices.mapping.field_columns()["reference"] == "Numero"
    # a German list writes the invoice's number ('Rechnung') and, after the street, its number ('Nr'),
    # each row's own: the bare 'Nr' had won the reference, the invoice numbers were lost
    german = _prepared(settings, tmp_path / "rechnungen.csv", "Rechnung;Kunde;Straße;Nr;PLZ;Ort;Betrag\n" + "".join(
        f"R-{100 + i};Kunde {i};{['Hauptstraße', 'Ringweg', 'Am Markt'][i % 3]};{3 + 7 * i};10115;Berlin;{50 + i},00\n"
        for i in range(12)))
    fields = german.mapping.field_columns()
    assert (fields["reference"], fields["debtor.address.house_number"]) == ("Rechnung", "Nr")
    assert german.cases["debtor.address.line1"].to_list()[:2] == ["Hauptstraße 3", "Ringweg 10"]
    assert not any(n.startswith("reference: 'Nr'") for n in german.notices)
    # a shop's sales (Tiendanube's): each buyer's street and its number, each row's own, beside the orders'
    # own numbers: the bare 'Número' is the street's, and the order's number names each debt
    shop = _prepared(settings, tmp_path / "ventas.csv", "Número de orden;Nombre del comprador;Total;Dirección;Número;Localidad\n"
                     + "".join(f"{6070 + i};Comprador {chr(65 + i)};{100 + i}.50;{['Perú', 'Mitre', 'Sarmiento'][i % 3]};"
                               f"{345 + 11 * i};CABA\n" for i in range(12)))
    fields = shop.mapping.field_columns()
    assert (fields["reference"], fields["debtor.address.house_number"]) == ("Número de orden", "Número")
    assert shop.cases["debtor.address.line1"].to_list()[:2] == ["Perú 345", "Mitre 356"]
    # house numbers typed by hand: "nº 44", "S/N" (no number), "924.0" (a spreadsheet's decimal)
    brazil = _prepared(settings, tmp_path / "clientes.csv", "Nota Fiscal;Nome;Rua;Número;Cidade;Valor\n" + "".join(
        f"NF-{500 + i};Cliente {i};Rua {['das Flores', 'Sete', 'Brasil'][i % 3]};{['12', 'nº 44', 'S/N', '924.0', '7'][i % 5]};"
        f"Curitiba;{90 + i},00\n" for i in range(15)))
    assert brazil.mapping.field_columns()["debtor.address.house_number"] == "Número"


def test_a_french_invoice_list_names_its_customer_beside_an_invoice_title(settings, tmp_path):
    """A chauffeur company's invoices: "intitulé" is each invoice's title beside "nom du client";
    "Facturée" (invoiced) and "Encaissée" (collected) are statuses the tool knows; "Unité" is a
    unit of measure, no flat."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "date de facture;intitulé;numéro de facture;nom du client;Unité;montant TTC;statut de la facture\n"
        "02/01/2025;Transfert aéroport;121;Hôtel Lutetia;h;540,00;Facturée\n"
        "03/01/2025;Mise à disposition;122;Maison Dior;h;1200,00;Encaissée\n"
        "04/01/2025;Transfert gare;123;Hôtel Lutetia;forfait;90,00;Facturée\n"
    ))
    assert _mapping(prepared)["nom du client"] == "debtor.name"
    assert "Unité" not in _mapping(prepared)
    assert prepared.cases.select("reference", "debtor.name").rows() == [("121", "Hôtel Lutetia"), ("123", "Hôtel Lutetia")]
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_excluded_lines_beyond_the_listing_are_counted(settings, tmp_path):
    rows = "".join(f"Client {i};F-{i};10,00;15/01/2026;{'Oui' if i > 2 else 'Non'}\n" for i in range(1, 1_104))
    prepared = _prepared(settings, tmp_path / "suivi.csv", "Client;Facture;Montant TTC;Echéance;Payée ?\n" + rows)
    source = prepared.read.source
    assert prepared.cases["reference"].to_list() == ["F-1", "F-2"]
    assert len(source.excluded_lines) == 1_000 and source.unlisted == 101
    assert source.to_json()["unlisted"] == 101
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "suivi.csv")], env={"COLUMNS": "300"})
    assert "11 (closed) and 1093 more" in result.output


@pytest.mark.parametrize("order", [None, "month"])
def test_dates_are_read_in_the_order_their_whole_column_proves(settings, tmp_path, order):
    """Zoho's invoices, day first: the one invoice still owed (05-02-2026) cannot tell day from month,
    the paid and void ones (25-02-2026) can; --date-order asks only for what nothing proves."""
    path = tmp_path / "Invoice.csv"
    path.write_text(
        "Invoice Date,Due Date,Invoice Number,Invoice Status,Customer Name,Total\n"
        "13-01-2026,28-01-2026,INV-000098,Closed,Gem House,1200.00\n"
        "25-02-2026,12-03-2026,INV-000099,Void,Stone Co,300.00\n"
        "31-03-2026,15-04-2026,INV-000100,Closed,Gem House,80.00\n"
        "05-02-2026,06-03-2026,INV-000101,Overdue,Ruby Traders,2750.00\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings, PrepareOptions(date_order=order))
    assert prepared.cases.select("reference", "issue_date", "due_date").rows() == [
        ("INV-000101", date(2026, 2, 5), date(2026, 3, 6)),
    ]
    assert any(n.startswith("Dates of column 'Due Date' could be day/month or month/day on the rows kept")
               for n in prepared.read.source.notices + prepared.validation.notices)


def test_a_header_of_two_rows_names_each_column_by_its_group_and_its_own_name(settings, tmp_path):
    prepared = prepare_file(_two_row_workbook(tmp_path / "relances.xlsx"), settings)
    assert _mapping(prepared) == {
        "Client Nom": "debtor.name", "Client E-mail": "debtor.email", "Facture N°": "reference",
        "Facture Date": "issue_date", "Montant TTC": "amount", "Échéance": "due_date",
    }
    # "Relance Date" (a reminder's date) is not taken for a date of the invoice
    assert "Relance Date" in [c.column for c in prepared.mapping.columns if c.status == "unmapped"]
    assert prepared.cases.select("reference", "amount", "issue_date", "due_date").rows()[0] == (
        "F-001", Decimal("120"), date(2026, 1, 15), date(2026, 2, 15),
    )
    assert _verdicts(prepared) == {3: [], 4: [], 5: ["invalid-email", "no-contact-channel"]}
    notices = prepared.read.source.notices
    assert any(n.startswith("The header spans lines 1 and 2") and "runner-up: line 1 alone" in n for n in notices)
    assert "Row 1 excluded: the header's upper line (labels of groups of columns, read into their names) " \
           "('Client | Facture | Montant | Échéance | Relance')." in notices


def test_a_two_row_header_in_a_csv_tells_the_two_dates_apart(settings, tmp_path):
    # read alone, the second row names two columns "Date": the due date would be lost
    prepared = _prepared(settings, tmp_path / "relances.csv", (
        "Relance clients au 31/03/2026;;;;;;\n;;;;;;\n"
        "Client;;Facture;;;Echéance;\n"
        "Nom;Ville;N°;Date;Montant;Date;Jours de retard\n"
        "Dupont SARL;Paris;F-001;01/02/2026;120,00;01/03/2026;30\n"
        "Martin SA;Lyon;F-002;03/02/2026;240,00;03/03/2026;28\n"
    ))
    assert _mapping(prepared) == {
        "Client Nom": "debtor.name", "Client Ville": "debtor.address.city", "Facture N°": "reference",
        "Facture Date": "issue_date", "Facture Montant": "amount", "Echéance Date": "due_date",
    }
    assert prepared.read.source.header_line == 4
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines[:3]] == [(1, "title"), (2, "blank"), (3, "header")]
    assert prepared.validation.invalid == 0


def test_a_title_or_a_row_of_labels_without_groups_stays_out_of_the_header(settings, tmp_path):
    # one title cell, then a row of labels each over one column: the header is the row below
    for above in ("Relance clients;;;\n", "Code;Libellé;Pièce;Solde\n"):
        prepared = _prepared(settings, tmp_path / "one.csv", above + "Client;Ville;Facture;Montant\n"
                             "Dupont SARL;Paris;F-001;120,00\nMartin SA;Lyon;F-002;240,00\n")
        assert set(_mapping(prepared)) <= {"Client", "Ville", "Facture", "Montant"}
        assert not any("spans lines" in n for n in prepared.read.source.notices)


def _written_once_workbook(path: Path) -> Path:
    """A hand-built list that writes each customer once, in a cell merged down over its invoices."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Client", "E-mail", "Facture", "Montant TTC", "Échéance"])
    for row in (
        ["Dupont SARL", "compta@dupont.fr", "F-001", 120, "15/02/2026"],
        [None, None, "F-004", 80, "18/02/2026"],
        [None, None, "F-007", 30, "21/02/2026"],
        ["Martin SA", "c@martin.fr", "F-002", 240, "16/02/2026"],
        [None, None, "F-005", 50, "19/02/2026"],
        ["Durand", "d@durand.fr", "F-003", 60, "17/02/2026"],
        [None, None, None, None, None],
        ["Total", None, None, 580, None],
    ):
        sheet.append(row)
    for cells in ("A2:A4", "B2:B4", "A5:A6", "B5:B6"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


def test_a_customer_written_once_for_its_invoices_is_the_debtor_of_each(settings, tmp_path):
    prepared = prepare_file(_written_once_workbook(tmp_path / "relances.xlsx"), settings)
    assert prepared.cases.filter(pl.col(VALID)).select("reference", "debtor.name", "debtor.email").rows() == [
        ("F-001", "Dupont SARL", "compta@dupont.fr"), ("F-004", "Dupont SARL", "compta@dupont.fr"),
        ("F-007", "Dupont SARL", "compta@dupont.fr"), ("F-002", "Martin SA", "c@martin.fr"),
        ("F-005", "Martin SA", "c@martin.fr"), ("F-003", "Durand", "d@durand.fr"),
    ]
    assert prepared.validation.invalid == 0
    assert ("3 row(s) take the debtor of the row above them (rows 3, 4, 6): their debtor's columns are blank and "
            "each holds an invoice of its own, as when a customer is written once for its invoices (a merged cell)."
            ) in prepared.read.source.notices


def test_a_blank_name_beside_another_customers_number_is_missing_not_the_same_as_above(settings, tmp_path):
    """Banana's invoices import: a customer's name left blank beside its number ('CustomerNumber' 1
    under customer 2's row) had been filled from the row above, its invoice given to Peter Ridge.
    Where the number is the one above, the name is still taken."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "InvoiceNumber,InvoiceTotalToPay,CustomerNumber,CustomerName\n8,2.60,2,Peter Ridge\n1,27.40,1, \n"
        "3,27.10,3,Luis Smith\n6,21.45,4, \n9,15.00,3,Luis Smith\n10,12.00,3, \n11,13.00,3, \n"
    ))
    assert _invalid(prepared) == [3, 5]
    assert all("missing-name" in _verdicts(prepared)[line] for line in (3, 5))
    names = dict(prepared.cases.filter(pl.col(VALID)).select("reference", "debtor.name").rows())
    assert names == {"8": "Peter Ridge", "3": "Luis Smith", "9": "Luis Smith", "10": "Luis Smith", "11": "Luis Smith"}


def test_a_name_missing_from_a_list_that_repeats_its_customers_stays_an_error(settings, tmp_path):
    # the export writes its customer on every row: a blank one is missing, not "the same as above"
    prepared = _prepared(settings, tmp_path / "export.csv", (
        "Client;Facture;Montant\n"
        "Dupont SARL;F-001;120,00\nDupont SARL;F-004;80,00\n;F-007;30,00\n"
        "Martin SA;F-002;240,00\n;F-005;50,00\nDurand;F-003;60,00\n"
    ))
    assert _invalid(prepared) == [4, 6]
    assert all("missing-name" in _verdicts(prepared)[line] for line in (4, 6))
    assert not any("take the debtor of the row above" in n for n in prepared.read.source.notices)
    # one row alone without its customer: missing too
    prepared = _prepared(settings, tmp_path / "one.csv", (
        "Client;Facture;Montant\nDupont SARL;F-001;120,00\n;F-004;80,00\nMartin SA;F-002;240,00\n"
    ))
    assert _invalid(prepared) == [3]


def test_invoices_whose_status_says_they_are_not_owed_are_left_out(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "suivi.csv", (
        "Client;Facture;Montant;Echéance;Statut\n"
        "Dupont SARL;F-1;120,00;15/01/2026;Payée\n"
        "Martin SA;F-2;240,00;16/01/2026;Impayée\n"
        "Durand;F-3;60,00;17/01/2026;En retard\n"
        "Petit;F-4;80,00;18/01/2026;Réglée\n"
        "Roux;F-5;90,00;19/01/2026;Partiellement payée\n"
        "Blanc;F-6;30,00;20/01/2026;Annulée\n"
    ))
    # the paid, settled and cancelled invoices are no cases; an unpaid, late or partly paid one is
    assert prepared.cases.select("reference").to_series().to_list() == ["F-2", "F-3", "F-5"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (5, "closed"), (7, "closed")]
    assert ("3 row(s) left out because their status says the invoice is not owed ('Statut': 'Payée', 'Réglée', "
            "'Annulée'): paid (a date of payment, a paid flag), settled, cancelled, a draft or not yet billed (rows 2, 5, "
            "7). To import them all the same, set that column aside (--set 'Statut=ignore').") in prepared.read.source.notices
    # the advice followed: every invoice is imported
    aside = prepare_file(tmp_path / "suivi.csv", settings, PrepareOptions(assign=(("Statut", "ignore"),)))
    assert aside.cases.filter(pl.col(VALID))["reference"].to_list() == ["F-1", "F-2", "F-3", "F-4", "F-5", "F-6"]


def test_estimates_beside_the_invoices_of_a_work_order_list_are_no_debts(settings, tmp_path):
    # a repair shop's work orders: the quotes given are never owed
    prepared = _prepared(settings, tmp_path / "work_orders.csv", (
        "Customer,Order,Total,Status\nAcme Inc,1001,120.00,Invoice\nGlobex,1002,240.00,Estimate\n"
        "Initech,1003,60.00,Invoice\nHooli,1004,80.00,Quote\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == ["1001", "1003"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(3, "closed"), (5, "closed")]


def test_sale_orders_confirmed_or_quoted_are_not_yet_billed(settings, tmp_path):
    """Odoo's list of sale orders: "Sales Order" is an order confirmed, not yet invoiced, and
    "Quotation Sent" a quote; they had been imported as 140 debts. Its invoices are owed."""
    prepared = _prepared(settings, tmp_path / "sale_orders.csv", (
        "Order Reference,Creation Date,Customer,Salesperson,Total,Status\n"
        "S00140,2024-05-02 10:12:00,Công ty An Phát,Mitchell Admin,12500000,Sales Order\n"
        "S00139,2024-05-01 09:40:00,Công ty Bình Minh,Mitchell Admin,8400000,Quotation Sent\n"
        "S00138,2024-04-30 16:05:00,Công ty Cửu Long,Mitchell Admin,5300000,Sales Order\n"
    ))
    assert prepared.cases.height == 0
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (3, "closed"), (4, "closed")]
    invoices = _prepared(settings, tmp_path / "invoices.csv", (
        "Number,Invoice Date,Customer,Total,Status\nINV/2024/0001,2024-05-02,Acme,120.00,Sales Order\n"
        "INV/2024/0002,2024-05-03,Globex,240.00,Posted\n"))
    assert invoices.cases["reference"].to_list() == ["INV/2024/0002"]


def test_an_invoice_reminded_of_is_owed_without_a_word_of_doubt(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "Client;Facture;Montant TTC;Statut\nDupont SARL;F-1;120,00;Relancée\nMartin SA;F-2;240,00;Payée\n"
        "Durand;F-3;60,00;Émise\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == ["F-1", "F-3"]
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices)


def test_a_column_that_is_not_a_status_leaves_every_row(settings, tmp_path):
    # "State" holding places, and a comment that happens to say "paid" once
    prepared = _prepared(settings, tmp_path / "open.csv", (
        "Customer;Invoice No;Amount Due;State;Comment\n"
        "Acme Inc;INV-1;120.00;Texas;paid\nGlobex;INV-2;240.00;Ohio;called twice, no answer\n"
        "Initech;INV-3;60.00;Utah;promised for Friday\n"
    ))
    assert prepared.cases.height == 3 and not prepared.read.source.excluded_lines
    # nor are places said to be statuses the tool does not know
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices)


def test_a_status_the_tool_does_not_know_is_said_and_its_invoices_imported(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "charges.csv", (
        "Customer;Invoice No;Amount Due;Status\n"
        "Acme Inc;INV-1;120.00;Open\nGlobex;INV-2;240.00;On hold\nInitech;INV-3;60.00;On hold\n"
        "Umbrella;INV-4;60.00;Queued\n"
    ))
    assert prepared.cases["reference"].to_list() == ["INV-1", "INV-2", "INV-3"]
    jobber = _prepared(settings, tmp_path / "jobber.csv", "Client name;Invoice #;Balance ($);Status\n"
                       "Acme Inc;101;120.00;Past Due\nGlobex;102;240.00;Awaiting Payment\nInitech;103;60.00;Paid\n")
    assert jobber.cases["reference"].to_list() == ["101", "102"]
    assert not any("no status the tool knows" in n for n in jobber.read.source.notices)
    # a county's delinquent tax bills, some sued for; a loan tape's loans in arrears or watched: all owed
    county = _prepared(settings, tmp_path / "delinquent.csv", "Customer;bill_number;amount_due;status\n"
                       "Acme Inc;101;120.00;Delinquent\nGlobex;102;240.00;Suit Filed\nInitech;103;60.00;Watchlist\n")
    assert county.cases["reference"].to_list() == ["101", "102", "103"]
    assert not any("no status the tool knows" in n for n in county.read.source.notices)
    # French: an invoice outstanding ("En cours") beside one paid ("Payé")
    encours = _prepared(settings, tmp_path / "flux.csv", "Client;Facture;Montant;Statut\n"
                        "Acme SA;F-101;120.00;En cours\nGlobex;F-102;240.00;Payé\nInitech;F-103;60.00;En cours\n")
    assert encours.cases["reference"].to_list() == ["F-101", "F-103"]
    assert not any("no status the tool knows" in n for n in encours.read.source.notices)
    assert ("'Status' says 'On hold' (2 row(s)), which is no status the tool knows: it cannot tell whether those "
            "invoices are owed, and imports them as owed. If they are not (a charge not yet attempted, an invoice on "
            "hold), leave them out of the file.") in prepared.read.source.notices
    # an unknown status on rows left out for their zero balance says nothing of what is imported
    zero = _prepared(settings, tmp_path / "balances.csv", (
        "Customer;Invoice No;Total;Balance;Status\n"
        "Acme Inc;INV-1;120.00;120.00;OVERDUE\nGlobex;INV-2;240.00;0.00;NON-BILLABLE\n"
        "Initech;INV-3;60.00;0.00;NON-BILLABLE\n"
    ))
    assert zero.cases["reference"].to_list() == ["INV-1"]
    assert not any("no status the tool knows" in n for n in zero.read.source.notices)
    # a remark written under a header ending in "status" is no status
    remark = _prepared(settings, tmp_path / "watch.csv", "Customer;Invoice No;Amount Due;bed_bath_status\n"
                       "Acme Inc;INV-1;120.00;Not yet loaded; future assessor enrichment needed.\n"
                       "Globex;INV-2;240.00;Not yet loaded; future assessor enrichment needed.\n".replace("; future", ", future"))
    assert len(_owed(remark)) == 2
    assert not any("no status the tool knows" in n for n in remark.read.source.notices)


def test_a_quantity_is_never_offered_as_the_invoice_number(settings, tmp_path):
    """A Polish invoice's lines ('Produkt', 'Ilość', 'Brutto'): the quantity is set aside as one, not
    offered as the reference to confirm."""
    path = tmp_path / "pozycje.csv"
    path.write_text("Produkt,Ilość,Brutto\nJava Piekło,2,210.00\nSamsung Galaxy A55,1,1100.00\nEtui,3,45.00\n",
                    encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "'Ilość' is offered" not in str(refused.value)
    from getbill_import.pipeline import read_and_map

    _, mapping = read_and_map(path, settings, PrepareOptions())
    assert [c.reason for c in mapping.columns if c.column == "Ilość"] == ["ignored: synonym 'ilosc' (pl), other"]


def test_polish_and_spanish_payment_statuses_are_known(settings, tmp_path):
    """A Polish invoicing tool's statuses: 'Oczekująca' (awaiting payment) and 'Przeterminowana'
    (overdue) are owed, said of no one, 'Opłacona' paid; Tiendanube's 'Recibido' (the payment
    received) is paid."""
    polish = _prepared(settings, tmp_path / "faktury.csv", "Numer faktury;Kontrahent;Kwota;Status\n"
                       "FV/1;AutoParts Sp. z o.o.;61600,52;Oczekująca\nFV/2;Mebel Sp. z o.o.;120,00;Przeterminowana\n"
                       "FV/3;Drukarnia S.A.;80,00;Opłacona\n")
    assert sorted(_owed(polish)) == ["FV/1", "FV/2"]
    assert not any("no status the tool knows" in n for n in polish.read.source.notices)
    orders = _prepared(settings, tmp_path / "ventas.csv", "Número de orden;Nombre del comprador;Total;Estado del pago\n"
                       "1001;Ana Pérez;1200,50;Recibido\n1002;Luis Gómez;800,00;Pendiente\n")
    assert sorted(_owed(orders)) == ["1002"]


def test_an_order_not_shipped_and_paid_on_delivery_owes_nothing_yet(settings, tmp_path):
    """A Turkish Shopify store's orders: 'pending', 'unfulfilled', paid 'Cash on Delivery (COD)': the
    courier has not brought them, nothing is owed yet, and they leave, where they were imported as
    debts; so does one awaiting a bank transfer before it is sent. An order shipped and paid on delivery
    is owed; so is one not shipped but paid in part by card."""
    head = "Name,Billing Name,Financial Status,Fulfillment Status,Payment Method,Outstanding Balance,Currency\n"
    rows = ("#1507,Ayşe Kaya,pending,unfulfilled,Cash on Delivery (COD),840.00,TRY\n"
            "#2081,Mehmet Demir,pending,unfulfilled,Cash on Delivery (COD),2479.00,TRY\n"
            "#2090,Elif Şahin,pending,fulfilled,Cash on Delivery (COD),1200.00,TRY\n"
            "#1205,Can Yılmaz,partially_paid,unfulfilled,Stripe Card Payments,2617.50,TRY\n"
            "#2101,Zeynep Arslan,pending,unfulfilled,Bank Deposit,990.00,TRY\n")
    prepared = _prepared(settings, tmp_path / "orders_export.csv", head + rows)
    assert sorted(_owed(prepared)) == ["#1205", "#2090"]
    assert any("'Fulfillment Status': 'unfulfilled'" in n and "'Payment Method': 'Cash on Delivery (COD)'" in n
               for n in prepared.read.source.notices)
    # a shop's invoices, each given a day to pay it by: one not shipped and pending is billed all the same
    invoiced = _prepared(settings, tmp_path / "rechnungen.csv", (
        "Rechnungsnummer,Kundenname,Rechnungsbetrag,Status,Fälligkeitsdatum,Financial Status,Fulfillment Status\n"
        "RE-2024-001,Max Mustermann,119.00,Bezahlt,2024-02-14,paid,fulfilled\n"
        "RE-2024-003,Peter Müller,234.75,Offen,2024-02-16,pending,unfulfilled\n"
        "RE-2024-011,Laura Weber,67.80,Offen,2024-03-01,pending,unfulfilled\n"
    ))
    assert _owed(invoiced) == {"RE-2024-003": Decimal("234.75"), "RE-2024-011": Decimal("67.80")}


def test_a_paid_flag_column_leaves_out_the_invoices_it_says_are_paid(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "relances.csv", (
        "Client;Facture;Montant;Echéance;Payée ?\n"
        "Dupont SARL;F-1;120,00;15/01/2026;Oui\n"
        "Martin SA;F-2;240,00;16/01/2026;Non\n"
        "Durand;F-3;60,00;17/01/2026;\n"
        "Petit;F-4;80,00;18/01/2026;OUI\n"
        "Roux;F-5;90,00;19/01/2026;non\n"
    ))
    # a yes leaves the row out; a no, or a blank that says nothing, leaves it in
    assert prepared.cases["reference"].to_list() == ["F-2", "F-3", "F-5"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (5, "closed")]
    assert any("'Payée ?': 'Oui', 'OUI'" in n and "(rows 2, 5)" in n for n in prepared.read.source.notices)


def test_a_paid_header_over_dates_says_when_each_invoice_was_paid(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "suivi.csv", (
        "Client;Facture;Montant;Echéance;Payée le\n"
        "Dupont SA;F-1;120,00;15/01/2026;20/01/2026\nMartin SARL;F-2;80,00;16/01/2026;\n"
        "Durand;F-3;50,00;17/01/2026;\nPetit;F-4;10,00;17/01/2026;03/02/2026\n"
    ))
    assert prepared.cases["reference"].to_list() == ["F-2", "F-3"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (5, "closed")]
    # an audit case's "not paid" written as a date of the year 9999: no payment
    prepared = _prepared(settings, tmp_path / "ar.csv", (
        "InvoiceID,CustName,TotalDue,PaidDate\n101,Acme,120.00,2018-01-29 00:00:00\n102,Globex,80.00,9999-09-09 00:00:00\n"
        "103,Initech,50.00,9999-09-09 00:00:00\n104,Hooli,10.00,2018-01-04 00:00:00\n"
    ))
    assert prepared.cases["reference"].to_list() == ["102", "103"]


@pytest.mark.parametrize(("amount", "header", "dates", "kept"), [
    # beside a due date, a payment date written on some rows only: those are paid
    ("Montant TTC", "Date de règlement", ["20/01/2026", "", "", "03/02/2026"], ["F-2", "F-3"]),
    ("Total", "Payment Date", ["", "", "2026-02-01", ""], ["F-1", "F-2", "F-4"]),
    # on every row it may be the date payment is due
    ("Montant TTC", "Date de règlement", ["20/01/2026", "21/01/2026", "22/01/2026", "23/01/2026"],
     ["F-1", "F-2", "F-3", "F-4"]),
    # a balance already says what is left once a part payment is in
    ("Reste à payer", "Date de règlement", ["20/01/2026", "", "", ""], ["F-1", "F-2", "F-3", "F-4"]),
])
def test_a_payment_date_beside_a_due_date_says_which_invoices_were_paid(settings, tmp_path, amount, header, dates, kept):
    rows = "".join(f"Client {i};F-{i};{i}0,00;1{i}/01/2026;{d}\n" for i, d in enumerate(dates, start=1))
    prepared = _prepared(settings, tmp_path / "suivi.csv", f"Client;Facture;{amount};Echéance;{header}\n{rows}")
    assert prepared.cases["reference"].to_list() == kept
    if len(kept) < 4:
        assert any(f"'{header}':" in n and "not owed" in n for n in prepared.read.source.notices)


def test_a_payment_date_on_an_invoice_its_status_says_paid_in_part_is_a_part_payments(settings, tmp_path):
    """Zoho Books' invoices write when a payment came under 'paid_at' and whether it settled the
    invoice under 'status': a row 'Partially Paid' is owed still, not left out as paid by its date."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", "invoice_id,customer,amount,paid_at,status\n"
                         "Invoice2,Gilberto Lang,19962,16 May 2025,Partially Paid\nInvoice3,Gilberto Lang,171879,16 May 2025,Paid\n"
                         "Invoice9,Norris,929217,16 May 2025,Partially Paid\nInvoice10,Norris,1200,,Overdue\n")
    assert sorted(_owed(prepared)) == ["Invoice10", "Invoice2", "Invoice9"]


def test_a_payment_date_without_a_due_date_may_be_the_date_payment_is_due(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "suivi.csv", (
        "Client;Facture;Montant TTC;Date de paiement\n"
        "Dupont SA;F-1;120,00;20/01/2026\nMartin SARL;F-2;80,00;\nDurand;F-3;50,00;05/02/2026\n"
    ))
    assert prepared.cases["reference"].to_list() == ["F-1", "F-2", "F-3"]


@pytest.mark.parametrize(("header", "values", "kept"), [
    # the opposite header: a "no" is paid
    ("Open", ["Yes", "No", "TRUE", "false"], ["I-1", "I-3"]),
    ("Non payée", ["X", "", "x", ""], ["I-1", "I-2", "I-3", "I-4"]),
    ("Impayé", ["Oui", "Non", "Oui", "Oui"], ["I-1", "I-3", "I-4"]),
    ("Bezahlt (J/N)", ["J", "N", "N", "J"], ["I-2", "I-3"]),
    ("Paid (Y/N)", ["N", "Y", "N", "N"], ["I-1", "I-3", "I-4"]),
    ("Is Paid", ["1", "0", "0", "1"], ["I-2", "I-3"]),
    ("Statut règlement", ["0", "1", "0", "0"], ["I-1", "I-3", "I-4"]),
    ("Payment", ["No", "No", "Yes", "No"], ["I-1", "I-2", "I-4"]),
    ("Paiement", ["Virement", "Chèque", "", "Virement"], ["I-1", "I-2", "I-3", "I-4"]),
    ("Règlement", ["15/03/2026", "", "", ""], ["I-1", "I-2", "I-3", "I-4"]),
    # not a flag: what was paid, when, or a remark
    ("Paid", ["50.00", "0", "12.5", "0"], ["I-1", "I-2", "I-3", "I-4"]),
    ("Paid", ["yes", "no", "promised", "no"], ["I-1", "I-2", "I-3", "I-4"]),
    ("Last payment date", ["2026-01-03", "", "", ""], ["I-1", "I-2", "I-3", "I-4"]),
    ("Payment date", ["2026-01-03", "", "", ""], ["I-1", "I-2", "I-3", "I-4"]),
    # the date it was paid, in so many words: a date is paid
    ("Date paid", ["2026-01-03", "", "", ""], ["I-2", "I-3", "I-4"]),
    ("SettledDate", ["", "", "3/2/2026", ""], ["I-1", "I-2", "I-4"]),
    ("Received Date", ["2026-02-06", "", "2026-02-07", ""], ["I-2", "I-4"]),
    ("DTBAIXA", ["02/01/2025", "", "", "03/01/2025"], ["I-2", "I-3"]),
    ("Overdue", ["No", "Yes", "No", "Yes"], ["I-1", "I-2", "I-3", "I-4"]),
    ("Amount paid", ["1", "0", "0", "1"], ["I-1", "I-2", "I-3", "I-4"]),
])
def test_a_flag_is_read_by_its_header_and_its_yes_or_no(settings, tmp_path, header, values, kept):
    rows = "".join(f"Acme {i};I-{i};{i}0.00;2026-01-1{i};{v}\n" for i, v in enumerate(values, start=1))
    prepared = _prepared(settings, tmp_path / "list.csv", f"Customer;Invoice No;Amount Due;Due Date;{header}\n{rows}")
    assert prepared.cases["reference"].to_list() == kept


def test_a_payment_date_on_an_invoice_paid_in_part_is_the_last_payments_not_the_settling(settings, tmp_path):
    """TOTVS's receivables write the date of the last payment ('DT_BAIXA') on a title paid in part
    too: a balance left below the title's original value keeps it owed; a title whose balance is
    its whole value, or nothing, with a date of payment, is paid."""
    prepared = _prepared(settings, tmp_path / "titulos.csv", (
        "NUMERO;NOME_CLIENTE;VENCIMENTO;VALOR_ORIGINAL;SALDO;DT_BAIXA\n"
        "430;Agro Sul;10/03/2025;67924,00;25114,00;24/04/2025\n"
        "431;Agro Sul;10/03/2025;1200,00;1200,00;\n"
        "432;Fazenda Boa Vista;15/03/2025;5300,00;0,00;28/04/2025\n"
        "433;Cerealista Norte;20/03/2025;980,00;980,00;29/04/2025\n"
    ))
    assert _owed(prepared) == {"430": Decimal("25114.00"), "431": Decimal("1200.00")}


def test_payments_by_their_kind_are_taken_off_even_when_they_outnumber_the_invoices(settings, tmp_path):
    """An Ecuadorian receivables ledger writes each invoice ('FC') and its payments ('AB'), all
    positive: a debtor's payments are taken off its invoices, however many there are; a payment of
    a debtor without invoices here is left out."""
    prepared = _prepared(settings, tmp_path / "por_cobrar.csv", (
        "tipdoc;numtra;nomcli;fecven;valcob\n"
        "FC;001-100;ACME S.A.;10/01/2026;100,00\nAB;AB-7;ACME S.A.;15/01/2026;30,00\n"
        "AB;AB-8;ACME S.A.;20/01/2026;20,00\nFC;001-101;BETA CIA;12/01/2026;80,00\n"
        "AB;AB-9;BETA CIA;13/01/2026;80,00\nAB;AB-10;GAMMA;14/01/2026;10,00\n"
    ))
    assert _owed(prepared) == {"001-100": Decimal("50.00")}
    assert _invalid(prepared) == []


def test_rows_whose_kind_is_a_credit_or_a_payment_are_no_debts_though_written_positive(settings, tmp_path):
    """TOTVS's receivables list advances received ('RA') and credit notes ('NCC') beside invoices
    ('NF'), their balances positive; QuickBooks' aging lists a refund paid out ('Check') beside
    invoices. Those rows are no debts but credits: taken off their debtor's invoices (an advance
    above its debtor's invoice leaves nothing owed), left out when their debtor has none here, said.
    A payment written negative is netted with its debtor's invoice (here paying it in full); a 'Type'
    of other things (Service, Product) leaves nothing out."""
    prepared = _prepared(settings, tmp_path / "titulos.csv", (
        "TIPO;NUMERO;NOME_CLIENTE;VENCIMENTO;SALDO\n"
        "NF ;430;Agro Sul;10/03/2025;25114,00\nRA ;11225;Agro Sul;10/03/2025;46649,28\n"
        "NF ;431;Fazenda Boa Vista;15/03/2025;1200,00\nNCC;77;Cerealista Norte;20/03/2025;980,00\n"
        "NF ;432;Cerealista Norte;20/03/2025;5300,00\n"
    ))
    assert _owed(prepared) == {"431": Decimal("1200.00"), "432": Decimal("4320.00")}
    said = ("2 row(s) are credits by their kind in 'TIPO' ('RA', 'NCC': a credit note, a payment, an advance or a "
            "refund, not an invoice), though their amounts are written as owed: they are taken off their debtor's invoices.")
    assert said in prepared.read.source.notices
    quickbooks = _prepared(settings, tmp_path / "aging.csv", (
        "Date,Transaction type,Num,Customer full name,Open balance\n"
        "01/05/2026,Invoice,45144,Terriann Muller,135.00\n02/05/2026,Check,,Robyn,55.00\n"
        "03/05/2026,Payment,,Whatwatt,-99.00\n04/05/2026,Invoice,44257,Whatwatt,99.00\n"
    ))
    assert sorted(_owed(quickbooks)) == ["45144"]
    assert _invalid(quickbooks) == []
    services = _prepared(settings, tmp_path / "services.csv", "Type,Invoice,Customer,Balance\n"
                         "Service,I-1,Acme,10.00\nProduct,I-2,Globex,20.00\n")
    assert sorted(_owed(services)) == ["I-1", "I-2"]


JOURNAL = (
    "Journal;Référence;Date;Compte;Tiers;Libellé;Débit;Crédit;Let.\n"
    "AC;AC0400098;01/09/2025;401ROU;Rouges Pépinière;Plants;0.00;1.10;\n"
    "AC;AC0400098;01/09/2025;6027;;Plants;1.04;0.00;\n"
    "AC;AC0400098;01/09/2025;44566;;Plants;0.06;0.00;\n"
    "VT;VT0400012;30/09/2025;411CAVE;Cave Dupont;Vente vin;80.59;0.00;\n"
    "VT;VT0400012;30/09/2025;7031;;Vente vin;0.00;79.31;\n"
    "VT;VT0400012;30/09/2025;445713;;Vente vin;0.00;1.28;\n"
    "VT;VT0400013;02/10/2025;411MART;Martin SARL;Vente vin;120.00;0.00;AA\n"
    "VT;VT0400013;02/10/2025;7031;;Vente vin;0.00;120.00;\n"
    "BQ;BQ0400001;15/10/2025;411MART;Martin SARL;Règlement;0.00;120.00;AA\n"
    "BQ;BQ0400001;15/10/2025;5121;;Règlement;120.00;0.00;\n"
)


def test_an_accounting_journal_gives_its_customers_open_debits_alone(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "ecritures.csv", JOURNAL)
    # the supplier, expense, tax, sales and bank postings are no cases, nor a lettered invoice
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [("VT0400012", "Cave Dupont", Decimal("80.59"))]
    assert ("This file is an accounting journal (an account, a debit and a credit column): its rows are postings on "
            "every account, and its cases are the debits of customer accounts not yet lettered (Compte starting with "
            "411 or 416, Débit not zero, Let. empty): 1 of 10 rows; the 9 others are not cases. Give a profile (--profile) to "
            "read it otherwise.") in prepared.read.source.notices


def test_a_journal_whose_third_party_is_a_code_takes_the_name_from_the_entrys_label(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "ecritures.csv", JOURNAL.replace("411CAVE;Cave Dupont", "411CAVE;CAVE")
                         .replace(";Vente vin;80.59", ";Cave Dupont;80.59"))
    assert prepared.cases.select("reference", "debtor.name").rows() == [("VT0400012", "Cave Dupont")]
    assert ("debtor.name: 'Tiers' is the customer's account written short on every row kept; 'Libellé' takes its "
            "place.") in prepared.read.source.notices


def test_a_customer_ledger_keeps_its_open_invoices_and_a_list_of_customer_codes_every_row(settings, tmp_path):
    ledger = _prepared(settings, tmp_path / "grand_livre_clients.csv", (
        "Compte;Tiers;Date;Pièce;Débit;Crédit;Lettrage\n"
        "411DUP;Dupont SA;05/01/2026;F-1;100,00;0,00;A\n"
        "411DUP;Dupont SA;20/01/2026;R-1;0,00;100,00;A\n"
        "411DUP;Dupont SA;21/01/2026;F-3;60,00;0,00;\n"
        "411MAR;Martin;06/01/2026;F-2;250,00;0,00;\n"
    ))
    assert ledger.cases["reference"].to_list() == ["F-3", "F-2"]
    # customer codes are no chart of accounts: every row is an invoice
    codes = _prepared(settings, tmp_path / "factures.csv", (
        "Compte;Client;Facture;Débit;Crédit;Echéance\n"
        "C0001;Dupont SA;F-1;100,00;0,00;15/01/2026\n"
        "C0002;Martin;F-2;250,00;20,00;16/01/2026\n"
    ))
    assert codes.cases["reference"].to_list() == ["F-1", "F-2"]


def test_the_rest_of_an_invoice_paid_in_part_keeps_its_dollar_sign(settings, tmp_path):
    """Invoice Ninja writes every amount with '$' and what was paid beside it: an invoice paid in
    part is owed the rest in the currency its total was written in, US dollars like the others,
    not the default currency."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Client,Invoice Number,Amount,Paid,Due Date\nAcme,I-1,$13.50,$3.50,2026-01-10\n"
        "Globex,I-2,$26.67,$0.00,2026-01-11\nInitech,I-3,$40.00,$0.00,2026-01-12\n"
    ))
    assert prepared.cases.select("reference", "amount", "currency").rows() == [
        ("I-1", Decimal("10.00"), "USD"), ("I-2", Decimal("26.67"), "USD"), ("I-3", Decimal("40.00"), "USD"),
    ]


def test_what_was_already_paid_is_taken_off_the_invoices_total(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "relances.csv", (
        "Client;Facture;Montant TTC;Déjà réglé;Echéance\n"
        "Dupont SA;F-1;120,00;20,00;15/01/2026\n"
        "Martin SARL;F-2;80,00;80,00;16/01/2026\n"
        "Durand;F-3;50,00;;17/01/2026\n"
        "Petit;F-4;1 200,50;0,00;18/01/2026\n"
    ))
    # paid in full: no case; paid in part: the rest; nothing paid: the total
    assert prepared.cases.select("reference", "amount").rows() == [
        ("F-1", Decimal("100.00")), ("F-3", Decimal("50.00")), ("F-4", Decimal("1200.50")),
    ]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(3, "closed")]
    notices = prepared.read.source.notices
    assert ("1 row(s) left out because 'Déjà réglé' says the invoice is paid in full (row 3). To import them all "
            "the same, set that column aside (--set 'Déjà réglé=ignore').") in notices
    assert "1 invoice(s) paid in part are owed the rest: their total less 'Déjà réglé' (row 2)." in notices


@pytest.mark.parametrize(("header", "rows", "owed"), [
    # the balance is what is owed already: nothing is taken off it
    ("Invoice;Customer;Total;Amount Paid;Balance\n", ["I-1;Acme;120.00;20.00;100.00"], [("I-1", "100.00", "EUR")]),
    # the currency written in the cell stays with the rest
    ("Invoice;Customer;Amount;Paid\n", ["I-1;Acme;USD 120.00;20.00"], [("I-1", "100.00", "USD")]),
    # several columns of what was settled (payments, credits applied) add up
    ("Invoice;Customer;Total;Payments;Credits Applied\n", ["I-1;Acme;120.00;20.00;30.00"], [("I-1", "70.00", "EUR")]),
    # a paid flag is no amount paid
    ("Invoice;Customer;Amount;Paid\n", ["I-1;Acme;120.00;No", "I-2;Beta;80.00;No"],
     [("I-1", "120.00", "EUR"), ("I-2", "80.00", "EUR")]),
    # whole numbers under a word for paid, in a currency without cents
    ("№ счёта;Контрагент;Сумма по счету;Оплачено;Валюта\n", ["60;ТОО Альфа;1382500;1000000;KZT", "61;ТОО Бета;2000;0;KZT"],
     [("60", "382500.00", "KZT"), ("61", "2000.00", "KZT")]),
    # SAP's "Payment Amount" is what is to be paid, not what was: nothing is taken off
    ("Document Number;Customer Name;Amount;Payment Amount\n", ["100001;Acme;1905;1905", "100002;Beta;2476073;0"],
     [("100001", "1905.00", "EUR"), ("100002", "2476073.00", "EUR")]),
])
def test_what_is_owed_is_read_beside_the_total_and_what_was_paid(settings, tmp_path, header, rows, owed):
    prepared = _prepared(settings, tmp_path / "invoices.csv", header + "\n".join(rows) + "\n")
    got = prepared.cases.select("reference", pl.col("amount").cast(pl.String), "currency").rows()
    assert got == owed


def test_a_total_of_zero_stays_a_mistake_to_correct(settings, tmp_path):
    # a balance of zero is an invoice paid; a total of zero is not an invoice at all
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "Client;Facture;Montant TTC;Echéance\nDupont SA;F-1;0,00;15/01/2026\nMartin;F-2;80,00;16/01/2026\n"
    ))
    assert _verdicts(prepared)[2] == ["no-contact-channel", "zero-amount"]
    assert not prepared.read.source.excluded_lines


def test_a_journal_without_lettering_says_its_customer_credits_settle_no_invoice(settings, tmp_path):
    """Without lettering, a customer's payment cannot be told to settle one invoice: the journal
    still gives its customer debits, and says how many credits it could not use. A lettered
    journal says nothing of the kind."""
    rows = [";".join(line.split(";")[:8]) for line in JOURNAL.splitlines()]
    prepared = _prepared(settings, tmp_path / "ecritures.csv", "\n".join(rows) + "\n")
    assert sorted(prepared.cases["reference"].to_list()) == ["VT0400012", "VT0400013"]
    assert any("This journal's entries are not lettered: 1 credit(s) on customer accounts" in n
               for n in prepared.read.source.notices)
    lettered = _prepared(settings, tmp_path / "lettre.csv", JOURNAL)
    assert not any("not lettered" in n for n in lettered.read.source.notices)


def test_what_was_paid_on_an_invoice_of_several_lines_is_judged_on_its_total(settings, tmp_path):
    # MYOB's item sales: one row per line, the invoice's "Amount Paid" repeated on each of its lines
    prepared = _prepared(settings, tmp_path / "ITEMSALE.TXT", (
        "Invoice #;Date;Co./Last Name;Description;Inc-Tax Total;Amount Paid\n"
        "F-1;02/01/2026;Dupont;Chaises;100,00;0,00\nF-1;02/01/2026;Dupont;Tables;50,00;0,00\n"
        "F-2;03/01/2026;Martin;Vis;30,00;80,00\nF-2;03/01/2026;Martin;Clous;50,00;80,00\n"
        "F-3;04/01/2026;Durand;Planches;200,00;120,00\nF-3;04/01/2026;Durand;Colle;100,00;120,00\n"
        "F-4;05/01/2026;Petit;Peinture;40,00;10,00\n"
    ))
    # F-2 (80.00 of 80.00 paid) leaves with both its lines; F-3 is owed 300.00 less 120.00
    assert prepared.cases.select("reference", "amount").rows() == [
        ("F-1", Decimal("150.00")), ("F-3", Decimal("180.00")), ("F-4", Decimal("30.00")),
    ]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(3, "line"), (4, "closed"), (5, "closed"), (7, "line")]
    assert "2 invoice(s) paid in part are owed the rest: their total less 'Amount Paid' (rows 6, 8)." in prepared.read.source.notices


def test_what_rounding_left_of_an_invoice_paid_is_not_owed(settings, tmp_path):
    """An Egyptian shop's ERPNext invoices, paid to the pound: 28,303.20 less 28,303.00 paid leaves
    0.20, what rounding left, no debt (it had been imported); 0.20 left of an invoice of 150.00, or
    1.50 of one of 28,303.20, is owed."""
    prepared = _prepared(settings, tmp_path / "sales_invoice.csv", (
        "Invoice,Customer,Grand Total,Paid Amount\n"
        "ACC-SINV-50,Walk-in Ahmed,28303.20,28303.00\nACC-SINV-51,Mona Saleh,150.00,149.80\n"
        "ACC-SINV-52,Omar Farouk,28303.20,28301.70\nACC-SINV-53,Hala Nabil,900.00,900.00\n"
    ))
    assert _owed(prepared) == {"ACC-SINV-51": Decimal("0.20"), "ACC-SINV-52": Decimal("1.50")}
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (5, "closed")]


def test_a_sales_journal_with_one_amount_and_its_side_gives_its_customers_debits(settings, tmp_path):
    # Panier Local's sales journal: "Montant; Sens", accented letters of the headers lost as "?"
    prepared = _prepared(settings, tmp_path / "ventes.csv", (
        '"Ligne";"Date";"Compte";"Nom Tiers";"Pi?ce";"Intitul?";"Montant";"Sens"\n'
        '"1";"09/04/2019";"41101ABEPEL";"AB EPLUCHES";"00706";"Facture 1 - mars 2019";"2681,64";"D"\n'
        '"2";"09/04/2019";"445714000";"AB EPLUCHES";"00706";"Facture 1 - mars 2019";"446,94";"C"\n'
        '"3";"09/04/2019";"70714000";"AB EPLUCHES";"00706";"Facture 1 - mars 2019";"2234,70";"C"\n'
        '"4";"09/04/2019";"41101AGRI";"AGRICOURT";"00707";"Facture 1 - mars 2019";"164,99";"D"\n'
        '"5";"09/04/2019";"70714000";"AGRICOURT";"00707";"Facture 1 - mars 2019";"164,99";"C"\n'
        '"6";"09/04/2019";"41101AGRI";"AGRICOURT";"00709";"Annulation facture 707";"164,99";"C"\n'
        '"7";"09/04/2019";"70714000";"AGRICOURT";"00709";"Annulation facture 707";"164,99";"D"\n'
    ))
    # the customers' debits alone: not the tax and sales lines summed into them, nor a credit note
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [
        ("00706", "AB EPLUCHES", Decimal("2681.64")), ("00707", "AGRICOURT", Decimal("164.99")),
    ]
    assert next(c for c in prepared.mapping.columns if c.column == "Pi?ce").field == "reference"
    notices = prepared.read.source.notices
    assert any(n.startswith("This file is an accounting journal (an account, an amount and its side, debit or credit)") for n in notices)
    assert any("1 credit(s) on customer accounts" in n for n in notices)


def test_a_file_without_its_header_row_is_said_so(settings, tmp_path):
    from getbill_import.errors import MappingError

    path = tmp_path / "grand_livre.txt"
    path.write_text(
        '41100000;2;8;"2013-01-01";"VT";"FACTURE 12";"DUPONT SA";"120.00";"0.00";;\n'
        '70600000;2;8;"2013-01-01";"VT";"FACTURE 12";"VENTES";"0.00";"120.00";;\n'
        '41100000;2;8;"2013-01-05";"VT";"FACTURE 13";"MARTIN";"80.00";"0.00";;\n', encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert ("The file seems to have no header row: its first row ('41100000', '2', '8', '2013-01-01'…) holds values, "
            "not the columns' names.") in str(raised.value)
    # a file with its header says nothing of it
    prepared = _prepared(settings, tmp_path / "ok.csv", "Facture;Client;Montant\nF-1;Dupont;12,00\nF-2;Martin;8,00\n")
    assert not any("no header row" in n for n in prepared.read.source.notices)
    # a marina's boats, mostly words: the amount with its cents is no column's name
    path = tmp_path / "BoatData.csv"
    path.write_text("Osita,40,land,C,1000.07\nRun About,18,storage,13,200.50\nBig Brother,20,slip,27,1200.00\n",
                    encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert "The file seems to have no header row: its first row ('Osita', '40', 'land', 'C'…) holds values" in str(raised.value)
    assert "--header-line 0" in str(raised.value)
    prepared = prepare_file(path, settings, PrepareOptions(
        header_line=0, assign=(("Column 1", "debtor.name"), ("Column 5", "amount"), ("Column 4", "reference"))))
    assert prepared.cases.select("debtor.name", "amount").rows() == [
        ("Osita", Decimal("1000.07")), ("Run About", Decimal("200.50")), ("Big Brother", Decimal("1200.00"))]
    # a debt book: each debtor's first debt and date, then each payment and its date, the same date
    # written again in the first row, which the reader names apart ('28/12/2020 (2)')
    book = tmp_path / "devedores.csv"
    book.write_text("10.0,Aline,28/12/2020,200,28/12/2020,-40.0,28/12/2020\n200.0,Gui,28/12/2020,,,,\n"
                    "10.0,Hugo,28/12/2020,10.0,28/12/2020,,\n50,Mariana,28/12/2020,,,,\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        prepare_file(book, settings)
    assert "The file seems to have no header row: its first row ('10.0', 'Aline', '28/12/2020', '200'…)" in str(raised.value)


def test_months_written_as_day_numbers_in_the_header_are_names(settings, tmp_path):
    """A Tashkent agency's register: Uzbek headers, then a column per month whose header is the
    month's day number in the spreadsheet (45412, 45443…). The row is the header, not values; the
    debts are in the sum, the currency of the language's country."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Корхона номи", "шарт. №", "Қолдиқ", 45412, 45443, 45473, 45504])
    sheet.append(["OOO BUILDING CONNECTION", "APT-1/24", 2981476800, 0, 368000000, 0, 0])
    sheet.append(["Insoft Invest MCHJ", "APT-3/24", 125000000, 0, 0, 100000000, 0])
    sheet.append(["Miradilov Mirjalil", "APT-4/24", 56000000, 0, 0, 0, 0])
    path = tmp_path / "apz.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert not any("no header row" in n for n in prepared.read.source.notices)
    assert prepared.cases.select("debtor.name", "amount", "currency").rows() == [
        ("OOO BUILDING CONNECTION", Decimal("2981476800"), "UZS"), ("Insoft Invest MCHJ", Decimal("125000000"), "UZS"),
        ("Miradilov Mirjalil", Decimal("56000000"), "UZS"),
    ]


def test_a_file_of_lines_without_its_header_is_said_so_and_read_with_header_line_zero(settings, tmp_path):
    from getbill_import.pipeline import PrepareOptions, read_and_map

    # GnuCash's invoice-line export: no header, and its first line's cells are mostly text
    # ("ea", "Expenses:…"); they are written again on the lines below
    path = tmp_path / "invoice.csv"
    path.write_text(
        "MEC-0072,Acme Ltd,34-0655 > BREADBOARD,ea,Income:Sales,1,4.39,no\n"
        "MEC-0073,Acme Ltd,18-0105 > BATTERY CLIP,ea,Income:Sales,10,0.06,no\n"
        "MEC-0074,Borg SA,62-0370 > RESISTOR PK 100,ea,Income:Sales,1,0.50,no\n",
        encoding="utf-8",
    )
    read, _ = read_and_map(path, settings)
    said = next(n for n in read.source.notices if "no header row" in n)
    assert said.startswith("The file seems to have no header row: its first row ('MEC-0072', 'Acme Ltd'")
    assert "--header-line 0" in said
    # read without a header, every line is a row and the user names the columns
    options = PrepareOptions(header_line=0, assign=(("Column 1", "reference"), ("Column 2", "debtor.name"),
                                                     ("Column 7", "amount")))
    prepared = prepare_file(path, settings, options)
    assert prepared.read.source.header_line == 0
    assert sorted(prepared.cases.filter(pl.col(VALID))["reference"].to_list()) == ["MEC-0072", "MEC-0073", "MEC-0074"]
    assert next(c for c in prepared.mapping.columns if c.column == "Column 8").field is None
    # a report whose header is repeated on each page is no file without a header
    pages = _prepared(settings, tmp_path / "pages.csv",
                      "Facture;Client;Montant\nF-1;Dupont;12,00\nFacture;Client;Montant\nF-2;Martin;8,00\n")
    assert not any("no header row" in n for n in pages.read.source.notices)


def test_reversed_and_in_payment_invoices_leave_and_part_paid_ones_are_said(settings, tmp_path):
    # Odoo's customer invoices, exported as shown: a payment status, the total alone
    prepared = _prepared(settings, tmp_path / "Customer Invoices.csv", (
        "Number;Invoice Partner Display Name;Due Date;Total Signed;Payment Status\n"
        "INV/2025/0001;Acme;2025-10-01;100.00;Not Paid\nINV/2025/0002;Globex;2025-10-02;200.00;Reversed\n"
        "INV/2025/0003;Initech;2025-10-03;300.00;In Payment\nINV/2025/0004;Umbrella;2025-10-04;400.00;Partially Paid\n"
    ))
    assert prepared.cases["reference"].to_list() == ["INV/2025/0001", "INV/2025/0004"]
    # the one paid in part is not claimed at its total: what remains is not in the file
    assert list(_owed(prepared)) == ["INV/2025/0001"]
    assert prepared.problems.filter(pl.col("code") == "amount-owed-unknown").select("line", "severity").rows() == [(5, "error")]
    assert ("1 invoice(s) are paid in part by their status ('Payment Status': 'Partially Paid'; row 5), and the file "
            "gives their total ('Total Signed'), not what remains: they are not imported") in " ".join(
        prepared.read.source.notices)
    # under a bare "Amount", which may be what remains, it is imported, said
    bare = _prepared(settings, tmp_path / "invoices.csv", (
        "Number;Customer;Due Date;Amount;Payment Status\nINV-1;Acme;2025-10-01;100.00;Not Paid\n"
        "INV-4;Umbrella;2025-10-04;400.00;Partially Paid\n"))
    assert list(_owed(bare)) == ["INV-1", "INV-4"]
    assert any("which may be their total: they are imported at it" in n for n in bare.read.source.notices)
    # a list of credit notes paid in part imports none at its total: nothing is said of them
    credits = _prepared(settings, tmp_path / "Credit Notes.csv", (
        "Number;Invoice Partner Display Name;Due Date;Total Signed;Payment Status\n"
        "RINV/2025/0001;Acme;2025-10-01;-100.00;Partially Paid\nRINV/2025/0002;Globex;2025-10-02;-50.00;Paid\n"
    ))
    assert not any("paid in part by their status" in n for n in credits.read.source.notices)
    # the reversed invoice is a cancellation, the one in payment a payment
    assert prepared.left_out is not None
    assert dict(prepared.left_out.left.select("__line__", "why").rows()) == {3: "cancelled", 4: "paid"}


def test_the_group_rows_of_a_list_exported_grouped_leave_the_data(settings, tmp_path):
    # Odoo's invoices grouped by salesperson: "Administrator (2)" and its sum above its invoices
    prepared = _prepared(settings, tmp_path / "Customer Invoices.csv", (
        "Number;Invoice Partner Display Name;Invoice/Bill Date;Due Date;Total Signed\n"
        "Administrator (2);;;;300.00\n"
        "INV/2025/0001;Acme;2025-09-01;2025-10-01;100.00\nINV/2025/0002;Globex;2025-09-02;2025-10-02;200.00\n"
        "Hamada (1);;;;50.00\nINV/2025/0003;Initech;2025-09-03;2025-10-03;50.00\n"
    ))
    assert prepared.cases["reference"].to_list() == ["INV/2025/0001", "INV/2025/0002", "INV/2025/0003"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "group"), (5, "group")]
    assert prepared.validation.invalid == 0


def test_a_last_row_holding_the_sum_of_the_amounts_and_no_label_is_a_totals_row(settings, tmp_path):
    # a Colombian receivables list: its last row is the sum of the balances, with nothing else
    text = (
        "Factura;Cliente;Fecha;Saldo\nFV-1;Ana Gómez;01/02/2025;1.250.000\nFV-2;Luis Pérez;03/02/2025;2.000.500\n"
        "FV-3;Marta Ruiz;05/02/2025;750.000\n;;;4.000.500\n"
    )
    prepared = _prepared(settings, tmp_path / "cartera.csv", text)
    assert prepared.cases["reference"].to_list() == ["FV-1", "FV-2", "FV-3"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(5, "totals")]
    assert "Row 5 excluded: totals row ('4.000.500')." in prepared.read.source.notices
    assert prepared.validation.invalid == 0
    # a last row that is not the sum stays a row, rejected for what it lacks
    prepared = _prepared(settings, tmp_path / "cartera.csv", text.replace(";;;4.000.500", ";;;3.000.000"))
    assert _invalid(prepared) == [5]
    assert {"missing-name", "missing-reference"} <= set(_verdicts(prepared)[5])


def test_invoices_numbered_in_series_are_the_series_and_the_number(settings, tmp_path):
    # a Colombian list: electronic invoices (FE) and POS tickets (FC) each numbered from 1
    text = (
        "Serie;Número;Cliente;Fecha;Saldo\nFE;1024;Ana Gómez;01/02/2025;1.250.000\nFC;1024;Luis Pérez;03/02/2025;2.000.500\n"
        "FE;1025;Marta Ruiz;05/02/2025;750.000\nFC;1025;Juan Díaz;06/02/2025;80.000\n"
    )
    prepared = _prepared(settings, tmp_path / "cartera.csv", text)
    assert prepared.cases["reference"].to_list() == ["FE-1024", "FC-1024", "FE-1025", "FC-1025"]
    assert prepared.validation.invalid == 0
    assert (
        "reference: 'Número' repeats on 4 rows, which 'Serie' tells apart: the reference is 'Serie' and 'Número' "
        "together ('FE-1024'). To keep the number alone, run with --set 'Serie=ignore'."
    ) in prepared.read.source.notices
    # the series is kept beside the reference, as the other columns no field takes, and the mapping
    # table says it is part of the reference
    assert json.loads(prepared.cases["metadata"][0])["Serie"] == "FE"
    serie = next(c for c in prepared.mapping.columns if c.column == "Serie")
    assert serie.reason == "part of the reference, written before 'Número' ('FE-1024'); kept as metadata too"


def test_the_instalments_of_an_invoice_are_debts_of_their_own(settings, tmp_path):
    # a Brazilian ERP's receivables: each duplicata in instalments A, B, C, each due on its own day
    text = (
        "NUM_DOCUMENTO;PAR_DOCUMENTO;DAT_VENCIMENTO;VLR_SALDO;FANTASIA;NOME_GUERRA\n"
        "002707;A;2025-03-10;1000.00;VIDEOSCOPIA DO CEARA LTDA;JORGE TOTE\n"
        "002707;B;2025-04-10;1000.00;VIDEOSCOPIA DO CEARA LTDA;JORGE TOTE\n"
        "002708;A;2025-03-12;500.00;CLINICA SAO LUCAS LTDA;JORGE TOTE\n"
    )
    prepared = _prepared(settings, tmp_path / "contas_receber.csv", text)
    assert prepared.cases["reference"].to_list() == ["002707-A", "002707-B", "002708-A"]
    # the customer is its trade name; the "nome de guerra" is another's (the salesperson's)
    assert prepared.cases["debtor.name"].to_list() == ["VIDEOSCOPIA DO CEARA LTDA"] * 2 + ["CLINICA SAO LUCAS LTDA"]
    assert prepared.validation.invalid == 0
    assert any(n.startswith("reference: 'NUM_DOCUMENTO' repeats on 2 rows, which 'PAR_DOCUMENTO' tells apart: the "
                            "reference is 'NUM_DOCUMENTO' and 'PAR_DOCUMENTO' together ('002707-A')")
               for n in prepared.read.source.notices)


def test_a_series_is_taken_only_when_it_tells_repeated_numbers_apart(settings, tmp_path):
    # an Argentine list: the point of sale and the voucher's type; invoice and credit note 7 share a number
    text = (
        "Tipo;Pto. Vta.;Número;Cliente;Importe\nFactura A;1;7;Acme SA;100,00\nNota de Crédito A;1;7;Acme SA;-20,00\n"
        "Factura A;2;7;Globex SRL;300,00\nFactura A;1;8;Initech SA;50,00\n"
    )
    prepared = _prepared(settings, tmp_path / "ventas.csv", text)
    # the point of sale alone leaves invoice 1-7 twice; the type with it tells them all apart (the
    # credit note then taken off Acme's invoice)
    assert prepared.cases["reference"].to_list() == ["Factura A-1-7", "Factura A-2-7", "Factura A-1-8"]
    assert _owed(prepared)["Factura A-1-7"] == Decimal("80.00")
    # unique numbers are kept as they are, whatever series column stands beside them
    prepared = _prepared(settings, tmp_path / "ventas.csv", text.replace(";1;7;Acme SA;-20", ";1;9;Acme SA;-20").replace(
        ";2;7;Globex", ";2;10;Globex"))
    assert prepared.cases["reference"].to_list() == ["7", "10", "8"]
    assert not [n for n in prepared.read.source.notices if "repeats" in n]


def test_a_series_the_user_left_out_is_not_taken(settings, tmp_path):
    from getbill_import.pipeline import PrepareOptions

    path = tmp_path / "cartera.csv"
    path.write_text("Serie;Número;Cliente;Saldo\nFE;1;Ana;10\nFC;1;Luis;20\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("Serie", "ignore"),)))
    assert prepared.cases["reference"].to_list() == ["1", "1"]
    assert set(prepared.problems["code"]) >= {"duplicate-reference"}


def test_a_name_column_set_as_the_reference_names_the_debtor_too(settings, tmp_path):
    from getbill_import.errors import MappingError
    from getbill_import.pipeline import PrepareOptions

    # two debtors are too few to be read as a list of balances per debtor: refused for the reference
    path = tmp_path / "arrears.csv"
    path.write_text("Name,Balance,Due Date\nJohn Smith,120.50,2026-10-01\nMary Jones,80.00,2026-10-15\n", encoding="utf-8")
    with pytest.raises(MappingError):
        prepare_file(path, settings)
    # the advice followed: the names number the debts and still name the debtors
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("Name", "reference"),)))
    assert prepared.cases["reference"].to_list() == ["John Smith", "Mary Jones"]
    assert prepared.cases["debtor.name"].to_list() == ["John Smith", "Mary Jones"]
    assert prepared.validation.valid == 2
    assert any("set as the reference, names the debtors too" in n for n in prepared.read.source.notices)
    # a column of another kind set as the reference leaves the name where it was
    other = tmp_path / "orders.csv"
    other.write_text("Order,Client,Total\nA-1,Ann Lee,24.90\nA-2,Bob Ray,12.00\n", encoding="utf-8")
    prepared = prepare_file(other, settings, PrepareOptions(assign=(("Order", "reference"),)))
    assert prepared.cases["debtor.name"].to_list() == ["Ann Lee", "Bob Ray"]
    assert not any("names the debtors too" in n for n in prepared.read.source.notices)


def test_rows_sharing_a_reference_rounded_by_a_spreadsheet_are_no_lines_of_one_invoice(settings, tmp_path):
    # two interest charges whose document numbers Excel rounded to the same '5.35E+11'
    path = tmp_path / "items.csv"
    path.write_text("Document,Customer,Date,Amount\n5.35E+11,755221,07/12/2013,5.01\n5.35E+11,755221,07/12/2013,0.24\n"
                    "71334263,755221,29/11/2013,100.00\n", encoding="utf-8")
    prepared = prepare_file(path, settings)
    assert prepared.read.invoice_lines is None or not prepared.read.invoice_lines.height
    assert _invalid(prepared) == [2, 3]
    assert "rounded-reference" in _verdicts(prepared)[2] and "duplicate-reference" not in _verdicts(prepared)[2]


TALLY_BILLS = (
    "Bill No,Party,Date,Due Date,Amount\n1,Acme Ltd,01/10/2026,31/10/2026,100.00\n1,Globex,02/10/2026,01/11/2026,200.00\n"
    "2,Acme Ltd,03/10/2026,02/11/2026,300.00\n2,Initech,04/10/2026,03/11/2026,50.00\n3,Globex,05/10/2026,04/11/2026,75.00\n"
    "3,Initech,06/10/2026,05/11/2026,80.00\n4,Umbrella,07/10/2026,06/11/2026,10.00\n7,Umbrella,07/10/2026,06/11/2026,10.00\n"
    "7,Umbrella,08/10/2026,06/11/2026,20.00\n"
)


def test_bills_numbered_again_each_year_are_named_by_their_debtor_though_fewer_than_a_tenth_of_the_rows(
    settings, tmp_path
):
    """A distributor's bill-wise outstanding list numbers its bills again each financial year: 6 of
    its 75 rows share a number with another party's bill (fewer than a tenth of the rows), beside a
    cheque-bounce charge written twice for one party. Most of the rows whose number repeats are of
    several debtors: each of those is named by its number and its party; the charge made on two
    days is two debts, each named by its day."""
    rows = [f"BHI/{1000 + n},Party {n},01-05-2026,{100 + n}.00\n" for n in range(70)]
    rows += [f"BHI/{1000 + n},Old Party {n},01-05-2025,{50 + n}.00\n" for n in range(3)]
    rows += ["CHQ.BOUNCE,Party 7,03-06-2026,500.00\n", "CHQ.BOUNCE,Party 7,09-07-2026,500.00\n"]
    prepared = _prepared(settings, tmp_path / "outstanding.csv", "BILLNO,PARTYNAME,BILLDATE,BALANCE\n" + "".join(rows))
    owed = _owed(prepared)
    assert {"BHI/1000 (Party 0)", "BHI/1000 (Old Party 0)", "BHI/1002 (Old Party 2)", "BHI/1003"} <= set(owed)
    assert len(owed) == 75 and "CHQ.BOUNCE" not in owed
    assert owed["CHQ.BOUNCE (03-06-2026)"] == owed["CHQ.BOUNCE (09-07-2026)"] == Decimal("500.00")


def test_a_document_number_sap_gave_again_the_next_year_is_two_debts(settings, tmp_path):
    """SAP numbers documents per company code and fiscal year: an open-items list spanning a year end
    writes 100000109 for one customer's invoice of 2024 and another's of 2025. Each is a debt, named
    by its number and debtor, where both were rejected as one number written twice. The same number
    for two debtors within one year stays a duplicate to settle."""
    rows = [f"{100000001 + n},Customer {n} Ltd,{10 + n % 18:02d}.11.2025,{1000 + n}.00\n" for n in range(40)]
    rows += ["100000109,CLEAN MAX ASTRIA,17.12.2024,159862.78\n", "100000109,CLEAN MAX RUDRA,09.09.2025,164673.80\n",
             "100000110,Alpha Ltd,02.10.2025,10.00\n", "100000110,Beta Ltd,03.10.2025,20.00\n"]
    prepared = _prepared(settings, tmp_path / "open_items.csv", "Document Number,Customer Name,Document Date,Amount\n"
                         + "".join(rows))
    owed = _owed(prepared)
    assert owed["100000109 (CLEAN MAX ASTRIA)"] == Decimal("159862.78")
    assert owed["100000109 (CLEAN MAX RUDRA)"] == Decimal("164673.80")
    assert any("1 reference(s) are written for several debtors, once for each (rows 42, 43): the numbering starts "
               "again each year" in n for n in prepared.read.source.notices)
    assert _invalid(prepared) == [44, 45]


def test_a_number_naming_its_year_written_in_another_year_stays_a_duplicate(settings, tmp_path):
    """A number that names its year ("F-2023-0000011") is numbered within that year: written again
    beside another debtor's invoice of 2025, it is one number written twice, both rows rejected,
    not a numbering started again each year."""
    rows = [f"F-2025-{n:07d};Client {n};{10 + n % 18:02d}/03/2025;{100 + n},00\n" for n in range(40)]
    rows += ["F-2023-0000011;Zoë Robert;12/06/2023;150,00\n", "F-2023-0000011;Léa Martin;02/04/2025;90,00\n"]
    prepared = _prepared(settings, tmp_path / "factures.csv", "N° facture;Client;Date facture;Montant TTC\n" + "".join(rows))
    assert _invalid(prepared) == [42, 43]
    assert not any("again each year" in n for n in prepared.read.source.notices)


def test_a_credit_netting_does_not_take_stays_rejected_and_is_said(settings, tmp_path):
    """A debtor's credit in another currency than its invoices: netting (of one currency) does not
    take it, and its debtor's invoices are imported; it stays rejected, said, as those invoices may be
    paid already. A credit of a debtor owing nothing leaves beside it."""
    prepared = _prepared(settings, tmp_path / "ageing.csv", (
        "Document;Customer;Due date;Amount;Currency\n"
        "IN-1;Adani Ports;10/01/2026;1.000,00;EUR\nIN-2;Adani Ports;10/02/2026;500,00;EUR\n"
        "CR-1;Adani Ports;15/01/2026;-200,00;USD\nIN-3;Tata Motors;01/02/2026;300,00;EUR\n"
        "CR-2;Orphan Traders;01/03/2026;-25,00;EUR\nIN-4;Infosys;01/03/2026;60,00;EUR\n"
    ))
    assert _owed(prepared) == {"IN-1": Decimal("1000.00"), "IN-2": Decimal("500.00"), "IN-3": Decimal("300.00"),
                               "IN-4": Decimal("60.00")}
    assert _invalid(prepared) == [4]
    assert {(e.line, e.reason) for e in prepared.read.source.excluded_lines} >= {(6, "credit")}
    assert any(n.startswith("1 credit line(s) (negative amounts: payments, credit notes) of 1 debtor(s) whose invoices are "
                            "imported are not netted with them (rows 4)") for n in prepared.validation.notices)


def test_a_debtors_credits_are_taken_off_its_invoices_the_oldest_due_first(settings, tmp_path):
    """An ageing lists a customer's unapplied cash and credit notes (negative) beside its invoices: as
    its reader nets them, the credits take off that customer's invoices of the same currency, one of
    exactly its amount first (its credit note), then the oldest due. An invoice covered leaves as paid, one covered in part owes the rest (written
    with the column's decimal comma), the credits leave; a customer whose credits exceed its invoices
    owes nothing. A credit of a customer without invoices is owed to it: left out, said. Every
    negative amount of a file whose rows are mostly negative stays, rejected."""
    text = (
        "Document;Customer;Due date;Amount\n"
        "IN-1;Adani Ports;10/01/2026;1.000,00\nIN-2;Adani Ports;10/02/2026;500,00\nIN-3;Adani Ports;10/03/2026;700,00\n"
        "UC-1;Adani Ports;15/01/2026;-1.200,50\n"
        "IN-4;Tata Motors;01/02/2026;300,00\nCR-1;Tata Motors;05/02/2026;-450,00\n"
        "IN-5;Larsen Ltd;01/03/2026;80,00\nCR-2;Orphan Traders;01/03/2026;-25,00\n"
        "IN-6;Infosys;01/03/2026;60,00\n"
    )
    prepared = _prepared(settings, tmp_path / "ageing.csv", text)
    assert _owed(prepared) == {
        "IN-2": Decimal("299.50"), "IN-3": Decimal("700.00"), "IN-5": Decimal("80.00"), "IN-6": Decimal("60.00"),
    }
    excluded = {(e.line, e.reason) for e in prepared.read.source.excluded_lines}
    assert {(2, "credited"), (5, "credited"), (6, "credited"), (7, "credited"), (9, "credit")} <= excluded
    assert not _invalid(prepared)
    assert ("1 credit line(s) (negative amounts: credit notes, payments on account, unapplied cash) of 1 debtor(s) owing "
            "nothing in this file are left out: the money is owed to the debtor, there is nothing to collect (row 9).") \
        in prepared.read.source.notices
    assert ("2 credit line(s) (negative amounts: payments, credit notes, unapplied cash) of 2 debtor(s) are netted with "
            "the same debtor's invoices, one of its own amount first, then the oldest due (rows 5, 7): 2 invoice(s) are "
            "covered in full and left out, "
            "1 owe less than written (row 3: 299.50); 1 debtor(s) are owed nothing, their credits exceeding their "
            "invoices.") in prepared.read.source.notices
    # a credit note of exactly an invoice's amount cancels that invoice, not the oldest
    exact = _prepared(settings, tmp_path / "aged.csv", "Document;Customer;Due date;Amount\n"
                      "SSI/23842;SSI Schafer;01/01/2026;500,00\nSSI/23858;SSI Schafer;01/02/2026;1.591,65\n"
                      "SSI/23951;SSI Schafer;15/02/2026;-1.591,65\nSSI/23960;SSI Schafer;01/03/2026;80,00\n"
                      "A-1;Acme;01/03/2026;10,00\nA-2;Acme;01/03/2026;20,00\nA-3;Acme;01/03/2026;30,00\n")
    assert _owed(exact) == {"SSI/23842": Decimal("500.00"), "SSI/23960": Decimal("80.00"), "A-1": Decimal("10.00"),
                            "A-2": Decimal("20.00"), "A-3": Decimal("30.00")}
    # debit balances written negative on most rows: a sign convention, nothing netted
    signed = _prepared(settings, tmp_path / "signed.csv", "Document;Customer;Amount\n"
                       "IN-1;Adani Ports;-100,00\nIN-2;Adani Ports;-200,00\nIN-3;Adani Ports;50,00\n")
    assert not any("netted" in n for n in signed.read.source.notices)


def test_payables_and_cash_sales_beside_what_is_owed_are_left_out_by_their_type(settings, tmp_path):
    """A finance table mixes what customers owe ('AR') with what the company owes its suppliers
    ('AP') under 'Transaction_Type': the payables leave, said, where they were imported as debts. A
    type column of other things leaves nothing out."""
    rows = [f"T{n},{'AR' if n % 2 else 'AP'},Client {n} Pvt Ltd,{1000 + n}.00\n" for n in range(10)]
    prepared = _prepared(settings, tmp_path / "finance.csv",
                         "Invoice No,Transaction_Type,Customer Name,Outstanding_Amount\n" + "".join(rows))
    assert sorted(_owed(prepared)) == ["T1", "T3", "T5", "T7", "T9"]
    assert any(n.startswith("5 row(s) left out because 'Transaction_Type' says they are payables ('AP')")
               for n in prepared.read.source.notices)
    assert {e.reason for e in prepared.read.source.excluded_lines} == {"payable"}
    # set aside by hand, as the notice says, the type leaves nothing out
    from getbill_import.pipeline import PrepareOptions

    kept = prepare_file(tmp_path / "finance.csv", settings, PrepareOptions(assign=(("Transaction_Type", "ignore"),)))
    assert len(_owed(kept)) == 10
    other = _prepared(settings, tmp_path / "services.csv", "Invoice No,Type,Customer Name,Amount\n"
                      "T1,Service,Acme,10.00\nT2,Product,Globex,20.00\n")
    assert sorted(_owed(other)) == ["T1", "T2"]
    # a workshop's bills: the cash ones were paid at the counter, those on credit are owed
    bills = _prepared(settings, tmp_path / "ro_billing.csv", "Bill No,Bill Type,Customer Name,Total Amt\n" + "".join(
        f"B20250942{n},{'Cash' if n < 3 else 'Credit'},Customer {n},{4130 + n}.00\n" for n in range(8)))
    assert sorted(_owed(bills)) == [f"B20250942{n}" for n in range(3, 8)]
    assert any(n.startswith("3 row(s) left out because 'Bill Type' says they are cash sales ('Cash'): paid at the counter")
               for n in bills.read.source.notices)
    # a Saudi shop's summary of its sales, every one a cash sale ('فاتورة بيع نقدي', paid at checkout): nothing owed
    shop = _prepared(settings, tmp_path / "sales_summary.csv", "النوع,الرقم,التاريخ,اجمالي الفاتورة,الخصــم,اسم العميل\n" + "".join(
        f"فاتورة بيع نقدي,{n},14-04-2026,{500 + n},0,مبيعات المتجر فاتورة رقم {227331990 + n}\n" for n in range(1, 7)))
    assert _owed(shop) == {}
    assert any(n.startswith("6 row(s) left out because 'النوع' says they are cash sales ('فاتورة بيع نقدي')")
               for n in shop.read.source.notices)
    assert [c.reason for c in shop.mapping.columns if c.column == "الخصــم"] == ["ignored: synonym 'الخصم' (ar), discount"]
    on_credit = _prepared(settings, tmp_path / "sales_mixed.csv", "النوع,الرقم,التاريخ,اجمالي الفاتورة,اسم العميل\n" + "".join(
        f"{'فاتورة بيع نقدي' if n < 3 else 'فاتورة بيع آجل'},{n},14-04-2026,{500 + n},عميل {n}\n" for n in range(6)))
    assert sorted(_owed(on_credit)) == ["3", "4", "5"]


def test_a_schedule_of_money_in_and_out_keeps_what_customers_owe(settings, tmp_path):
    """A Moroccan company's cash schedule lists what it is to collect ('a_encaisser') beside what it
    is to pay ('a_payer': wages, rent, the tax office) under 'type'; a Dutch invoice list says
    'Verkoop' or 'Inkoop' under 'Richting' (direction): the bills to pay leave, said, where wages and
    rent were imported as debts. 'a_encaisser' as a status is an invoice still to collect; 'Partie'
    names the other party."""
    rows = [f"2025-04-{n + 1:02d},{'a_encaisser' if n % 2 else 'a_payer'},Tiers {n},{1000 * (n + 1)},en_retard\n"
            for n in range(8)]
    schedule = _prepared(settings, tmp_path / "echeances.csv", "date_echeance,type,tiers,montant,statut\n" + "".join(rows))
    assert sorted(_owed(schedule).values()) == [Decimal(2000), Decimal(4000), Decimal(6000), Decimal(8000)]
    assert any(n.startswith("4 row(s) left out because 'type' says they are payables ('a_payer')")
               for n in schedule.read.source.notices)
    dutch = _prepared(settings, tmp_path / "facturen.csv", "Relatie;Bedrag;Vervaldatum;Factuurnummer;Richting\n"
                      "Coolblue B.V.;1210,00;01-09-2026;F-100;Inkoop\nKlant BV;2500,00;20-08-2026;V-200;Verkoop\n")
    assert _owed(dutch) == {"V-200": Decimal("2500.00")}
    # a Spanish ERP's portfolio of collections and payments ('sentido': cobro, pago)
    cartera = _prepared(settings, tmp_path / "cartera.csv", (
        "id;sentido;tercero;documento;vencimiento;importe\nDC1;cobro;Talleres Ruiz;F-120;2027-01-15;1000.00\n"
        "DC2;cobro;Talleres Ruiz;F-121;2027-02-01;500.00\nDP1;pago;Aceros Norte;LIQ-44;2027-01-20;800.00\n"
    ))
    assert sorted(_owed(cartera).values()) == [Decimal("500.00"), Decimal("1000.00")]
    assert any("'sentido' says they are payables ('pago')" in n for n in cartera.read.source.notices)
    # an open-items list's party under 'Soort': a customer ('klant') or a supplier ('leverancier')
    parties_nl = _prepared(settings, tmp_path / "openposten.csv", "Naam;Soort;Factuurnummer;Vervaldatum;Bedrag\n"
                           "Bakker Bouw;klant;2025-042;29-12-2025;1210,00\nGamma;leverancier;F-7781;03-01-2026;363,00\n"
                           "Jansen BV;klant;2025-043;05-01-2026;80,00\n")
    assert _owed(parties_nl) == {"2025-042": Decimal("1210.00"), "2025-043": Decimal("80.00")}
    parties = _prepared(settings, tmp_path / "tresorerie.csv", "date,type,partie,montant,statut\n" + "".join(
        f"2026-04-{n + 10},{'client' if n % 2 else 'fournisseur'},Partie {n},{100 * (n + 1)},"
        f"{'a_encaisser' if n % 2 else 'a_payer'}\n" for n in range(6)))
    assert _mapping(parties)["partie"] == "debtor.name"
    assert sorted(_owed(parties).values()) == [Decimal(200), Decimal(400), Decimal(600)]
    assert not any("no status the tool knows" in n for n in parties.read.source.notices)


def test_a_draft_of_a_japanese_invoicing_tool_is_not_owed(settings, tmp_path):
    """Money Forward's invoice list says each invoice's state under 'ステータス': 'ロック中' (issued and
    locked) is owed, '下書き' (a draft, never sent) is not, and leaves, said. Yen have no decimals:
    '110,000' is a hundred and ten thousand yen beyond doubt, asked of no one."""
    prepared = _prepared(settings, tmp_path / "seikyusho.csv", "請求書番号,取引先名,請求日,お支払期限,合計金額,ステータス\n"
                         '"B-1","株式会社高山","2026/09/30","2026/10/31","110,000","ロック中"\n'
                         '"B-2","㈱高山","2026/10/31","2026/11/30","220000","下書き"\n'
                         '"B-3","株式会社青木","2026/10/31","2026/11/30","55,000","未入金"\n')
    assert _owed(prepared) == {"B-1": Decimal("110000.00"), "B-3": Decimal("55000.00")}
    assert any("'ステータス': '下書き'" in n for n in prepared.read.source.notices)
    assert not any("one separator before three digits" in n for n in prepared.notices)
    assert "ambiguous-amount" not in prepared.problems["code"].to_list()
    # in euros, the same amounts are still asked about
    euros = prepare_file(tmp_path / "seikyusho.csv", dataclasses.replace(settings, default_currency="EUR",
                                                                         currency_given=True))
    assert "ambiguous-amount" in euros.problems["code"].to_list()


def test_a_name_written_over_two_columns_is_one_name(settings, tmp_path):
    """SAP's open items give a long customer name in 'Name 1' and its rest in 'Name 2' ("SteriScience
    Specialities" and "Private Limited"): the debtor is named by both, said, where the second was
    lost. A 'Name 2' blank or written as the first again adds nothing."""
    rows = [f"{100000001 + n},Customer {n} Specialities,{'Private Limited' if n % 3 == 0 else ''},{1000 + n}.00\n"
            for n in range(12)]
    rows += ["100000099,Grasim Industries Limited,Grasim Industries Limited,50.00\n"]
    prepared = _prepared(settings, tmp_path / "listing.csv",
                         "Document Number,Customer Account: Name 1,Customer Account: Name 2,Amount\n" + "".join(rows))
    names = prepared.cases["debtor.name"].to_list()
    assert names[:2] == ["Customer 0 Specialities Private Limited", "Customer 1 Specialities"]
    assert names[-1] == "Grasim Industries Limited"
    assert ("'Customer Account: Name 2' continues the debtor's name of 'Customer Account: Name 1' on 4 row(s) (rows 2, 5, "
            "8, 11): it is added to it ('Customer 0 Specialities Private Limited').") in prepared.read.source.notices


def test_references_numbered_again_for_each_debtor_are_named_by_their_debtor(settings, tmp_path):
    # bills of several series: "1" is Acme's and Globex's, once each
    path = tmp_path / "bills.csv"
    path.write_text(TALLY_BILLS, encoding="utf-8")
    prepared = prepare_file(path, settings)
    refs = dict(zip(prepared.cases[LINE].to_list(), prepared.cases["reference"].to_list(), strict=True))
    assert [refs[line] for line in (2, 3, 4, 5, 6, 7, 8)] == [
        "1 (Acme Ltd)", "1 (Globex)", "2 (Acme Ltd)", "2 (Initech)", "3 (Globex)", "3 (Initech)", "4"
    ]
    assert any("3 reference(s) are written for several debtors, once for each" in n for n in prepared.read.source.notices)
    # a reference written twice for one debtor (and one due date) stays a duplicate to settle
    assert _invalid(prepared) == [9, 10]
    assert "duplicate-reference" in _verdicts(prepared)[9]
    # a few references shared by chance are duplicates still
    few = tmp_path / "few.csv"
    few.write_text("Bill No,Party,Due Date,Amount\n" + "".join(f"{n},Party {n},31/10/2026,10.00\n" for n in range(1, 30))
                   + "1,Globex,31/10/2026,20.00\n", encoding="utf-8")
    prepared = prepare_file(few, settings)
    assert _invalid(prepared) == [2, 31]
    assert not any("written for several debtors" in n for n in prepared.read.source.notices)
    # an aging report's opening balances: one placeholder reference written once for each of many
    # debtors, beside the numbered bills
    opening = tmp_path / "aging.csv"
    opening.write_text("bill_no,customer,balance\n" + "".join(f"SB/{n:05d},Party {n},{100 + n}.00\n" for n in range(40))
                       + "".join(f"CO->CO-0000001,Party {n},{50 + n}.00\n" for n in range(12)), encoding="utf-8")
    prepared = prepare_file(opening, settings)
    assert _invalid(prepared) == []
    assert "CO->CO-0000001 (Party 3)" in prepared.cases["reference"].to_list()
    assert any("1 reference(s) are written for several debtors, once for each (rows 42, 43, 44" in n and
               "one reference written for many debtors, as for their opening balances" in n
               for n in prepared.read.source.notices)


SHOPIFY_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,"
    "Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,"
    "Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
    "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,"
    "Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,"
    "Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,"
    "Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,"
    "Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,"
    "Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,"
    "Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References"
)


def _shopify_order(number: int, status: str, balance: str, items: int, cancelled: str = "") -> str:
    columns = SHOPIFY_HEADER.split(",")

    def row(**values: str) -> str:
        return ",".join(values.get(c.replace(" ", "_"), "") for c in columns) + "\n"

    first = row(Name=f"#{number}", Email=f"c{number}@example.com", Financial_Status=status, Currency="USD",
                Total="159.94", Created_at="2023-04-09 18:37:34 -0700", Lineitem_name="Jeans", Billing_Name=f"Client {number}",
                Billing_City="Austin", Billing_Country="US", Outstanding_Balance=balance,
                Next_Payment_Due_At="2023-05-09 18:37:34 -0700", Cancelled_at=cancelled)
    more = "".join(row(Name=f"#{number}", Email=f"c{number}@example.com", Created_at="2023-04-09 18:37:34 -0700",
                       Lineitem_name="Shirt") for _ in range(items - 1))
    return first + more


def test_an_orders_line_items_without_a_name_are_no_debtors_of_their_own_and_a_refund_is_no_debt(settings, tmp_path):
    # Shopify: an order's second line item repeats its number with no billing name; many orders have two
    orders = [_shopify_order(n, "partially_paid", "50.00", 2) for n in range(1001, 1011)]
    orders += [_shopify_order(1011, "refunded", "20.00", 2), _shopify_order(1012, "partially_refunded", "0.03", 1),
               _shopify_order(1013, "partially_paid", "75.00", 3), _shopify_order(1014, "authorized", "30.00", 1),
               _shopify_order(1015, "authorized", "30.00", 1, cancelled="2023-04-11 13:09:29 -0700")]
    path = tmp_path / "orders_export.csv"
    path.write_text(SHOPIFY_HEADER + "\n" + "".join(orders), encoding="utf-8")
    prepared = prepare_file(path, settings)
    assert prepared.mapping.profile == "shopify-orders"
    assert not any("written for several debtors" in n for n in prepared.read.source.notices)
    valid = prepared.cases.filter(pl.col(VALID))
    # an order cancelled ("Cancelled at") is no debt, whatever its payment's status
    assert sorted(valid["reference"].to_list()) == [f"#{n}" for n in [*range(1001, 1011), 1013, 1014]]
    assert prepared.validation.rows == prepared.validation.valid
    assert any("'refunded'" in n and "not owed" in n for n in prepared.read.source.notices)


def test_an_order_paid_in_part_is_owed_its_balance_whatever_its_status_says(settings, tmp_path):
    """Shopify's draft orders on payment terms say 'paid' while their 'Outstanding Balance' still
    leaves part of the total to pay (54,000 ordered, 24,000 left), where the other paid orders owe
    nothing: the balance is owed, said, where the status left them out. Paid in full (no balance) or
    cancelled, they stay out. (Where most rows said paid keep a balance, it is not kept up: a lender's
    loan 'is_cleared' stays out.)"""
    orders = [_shopify_order(n, "paid", "40.00", 1) for n in range(1001, 1004)]
    orders += [_shopify_order(1004, "paid", "0.00", 1), _shopify_order(1005, "paid", "159.94", 1),
               _shopify_order(1006, "paid", "40.00", 1, cancelled="2023-04-11 13:09:29 -0700"),
               _shopify_order(1007, "pending", "159.94", 1)]
    orders += [_shopify_order(n, "paid", "0.00", 1) for n in range(1008, 1013)]
    prepared = _prepared(settings, tmp_path / "orders_export.csv", SHOPIFY_HEADER + "\n" + "".join(orders))
    assert prepared.mapping.profile == "shopify-orders"
    assert _owed(prepared) == {"#1001": Decimal("40.00"), "#1002": Decimal("40.00"), "#1003": Decimal("40.00"),
                               "#1007": Decimal("159.94")}
    assert ("3 row(s) whose status says paid still leave part of their total to pay in 'Outstanding Balance' (rows 2, 3, 4): "
            "paid in part, they are imported for what is left.") in prepared.read.source.notices
    # Stripe's invoices paid with a customer's credit: 'Amount Due' below the total, paid in full by
    # 'Amount Paid': left out, and no notice says them imported for what is left
    stripe = _prepared(settings, tmp_path / "invoices.csv", "id,Customer,Amount Due,Amount Paid,Total,Starting Balance,Status\n"
                       "in_1,cus_A1,159.67,159.67,183.53,-23.86,paid\nin_2,cus_B2,80.00,0.00,80.00,0.00,open\n"
                       + "".join(f"in_{n},cus_C{n},{50 + n}.00,{50 + n}.00,{50 + n}.00,0.00,paid\n" for n in range(3, 12)))
    assert sorted(_owed(stripe)) == ["in_2"]
    assert not any("still leave part of their total" in n for n in stripe.notices)


QUICKBOOKS_BALANCE_DETAIL = (
    ",Type,Date,Num,Memo,Amount,Balance\nAcme Corp,,,,,,\n,Invoice,01/15/2025,1001,,500.00,500.00\n"
    ",Invoice,02/01/2025,1002,,250.00,750.00\n,Invoice,02/20/2025,1005,,100.00,850.00\n"
    "Total Acme Corp,,,,,850.00,850.00\nGlobex,,,,,,\n,Invoice,01/22/2025,1003,,300.00,300.00\n"
    ",Invoice,02/03/2025,1004,,120.00,420.00\nTotal Globex,,,,,420.00,420.00\nTOTAL,,,,,1270.00,1270.00\n"
)


def test_a_running_balance_is_no_balance_of_the_rows_invoice(settings, tmp_path):
    # QuickBooks' Customer Balance Detail: each row's Amount, and the customer's Balance so far
    prepared = _prepared(settings, tmp_path / "Customer Balance Detail.csv", QUICKBOOKS_BALANCE_DETAIL)
    assert _mapping(prepared)["Amount"] == "amount"
    assert "Balance" not in _mapping(prepared)
    assert prepared.cases["amount"].to_list() == [Decimal("500.00"), Decimal("250.00"), Decimal("100.00"),
                                                  Decimal("300.00"), Decimal("120.00")]
    assert prepared.cases["debtor.name"].to_list() == ["Acme Corp"] * 3 + ["Globex"] * 2
    assert (
        "amount: 'Balance' adds up 'Amount' row after row (a running total: on 3 rows of the first 5 it is the row's "
        "'Amount' added to the 'Balance' above it), so each row's amount is 'Amount'; 'Balance' is kept as metadata."
    ) in prepared.read.source.notices
    assert not [n for n in prepared.mapping.notices if n.startswith("amount: 'Balance'")]


def test_a_balance_that_is_what_remains_of_each_invoice_stays_the_amount(settings, tmp_path):
    text = (
        "Num,Customer,Amount,Balance\n1001,Acme,500.00,200.00\n1002,Acme,250.00,250.00\n1003,Globex,300.00,50.00\n"
        "1004,Globex,120.00,120.00\n1005,Initech,80.00,80.00\n"
    )
    prepared = _prepared(settings, tmp_path / "open.csv", text)
    assert _mapping(prepared)["Balance"] == "amount"
    assert prepared.cases["amount"].to_list()[:3] == [Decimal("200.00"), Decimal("250.00"), Decimal("50.00")]


def test_a_note_below_the_data_is_its_footer(settings, tmp_path):
    text = (
        "Invoice No.;Customer;Date;Amount Due\nINV-1;Acme;01/02/2025;100.00\nINV-2;Globex;03/02/2025;250.00\n"
        "INV-3;Initech;05/02/2025;75.50\nINV-4;Umbrella;06/02/2025;20.00\nINV-5;Wayne;07/02/2025;10.00\n"
        "INV-6;Stark;08/02/2025;5.00\n;;;460.50\nReceivables Account: 1200;;;\n"
    )
    prepared = _prepared(settings, tmp_path / "aged.csv", text)
    assert prepared.cases["reference"].to_list() == [f"INV-{i}" for i in range(1, 7)]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(8, "totals"), (9, "footer")]
    assert ("Row 9 excluded: footer row below the data (one cell of text) ('Receivables Account: 1200')."
            in prepared.read.source.notices)
    assert prepared.validation.invalid == 0
    # an invoice that lacks its amount and date at the end is still an invoice, rejected for them
    prepared = _prepared(settings, tmp_path / "aged.csv", text.replace("Receivables Account: 1200;;;", "INV-7;Oscorp;;"))
    assert _invalid(prepared) == [9]


def test_a_note_between_the_header_and_the_data_is_a_sub_title(settings, tmp_path):
    """SwilERP's bill-wise outstanding of its sundry debtors: the period ("Upto 27/03/27") and the
    ledger's group ("SUNDRY DEBTORS (CUSTOMERS)") on rows of their own below the header, one cell of
    text each, had been rejected as invoices without amount nor reference."""
    text = (
        "No.,V.No.,Date,Name of Party,Due On,Due Amount\n,,,Upto 27/03/27,,\n,,,SUNDRY DEBTORS (CUSTOMERS),,\n"
        "1,SzA- 00112,2025-01-14,\"M.A. ASSOCIATES,BARIPADA\",2025-01-14,2307.00\n"
        "2,DJ000115,2025-06-23,\"DEB ENTERPRISE,BASIRHAT\",2025-06-23,5844.00\n"
        "3,DJ000227,2025-08-21,\"R. K. SALES,RANCHI\",2025-08-21,2089.00\n4,DJ000301,2025-09-02,GUPTA MEDICOS,2025-09-02,310.00\n"
        "5,DJ000322,2025-09-15,SEN PHARMA,2025-09-15,125.00\n6,DJ000340,2025-10-01,ROY & SONS,2025-10-01,980.00\n"
    )
    prepared = _prepared(settings, tmp_path / "outstanding.csv", text)
    assert prepared.validation.invalid == 0 and prepared.cases.height == 6
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "subtitle"), (3, "subtitle")]
    # an invoice that lacks its amount at the top is still an invoice, rejected for it
    prepared = _prepared(settings, tmp_path / "outstanding.csv", text.replace(",,,Upto 27/03/27,,\n,,,SUNDRY DEBTORS (CUSTOMERS),,\n",
                                                                          "0,DJ000100,,ACME,,\n"))
    assert _invalid(prepared) == [2]


def test_a_file_whose_every_invoice_is_paid_asks_for_no_column(settings, tmp_path):
    # IBM's receivables sample: customers by code alone, every invoice settled
    text = (
        "customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,SettledDate\n"
        "0379-NEVHP,611365,1/2/2013,2/1/2013,55.94,1/15/2013\n7065-RKNLZ,7900770,1/26/2013,2/25/2013,61.74,3/3/2013\n"
    )
    prepared = _prepared(settings, tmp_path / "ar.csv", text)
    assert prepared.validation.rows == 0
    assert ("Every invoice of the file (2) is left out as paid, cancelled or a draft: nothing is owed, and nothing is "
            "imported. No column gives debtor.name either: a file of this kind with invoices owed would be refused for "
            "it.") in prepared.read.source.notices
    # one invoice still owed, and the missing name refuses the file as before
    with pytest.raises(MappingError, match=r"debtor\.name"):
        _prepared(settings, tmp_path / "ar.csv", text.replace(",3/3/2013", ","))


def test_a_groups_open_items_keep_the_receivable_accounts_and_number_invoices_per_company(settings, tmp_path):
    # SAP's customer line items of a group: each company numbers its documents from 400000000, and
    # the listing mixes bank clearing, fixed deposits and customers' advances with the receivables
    rows = [
        ("1000", "400000000", "Acme Industries", "1200.00", "Trade Receivable - Energy Solar"),
        ("2000", "400000000", "Borg Textiles", "800.00", "Trade Receivable Group - O&M Wind"),
        ("2000", "400000001", "Borg Textiles", "150.00", "Trade Receivable Group - O&M Wind"),
        ("1000", "1400000007", "Yes Bank Ltd", "5000.00", "TRM Customer Clearing"),
        ("1000", "1400000008", "HDFC Bank", "2500.00", "Investment in FD-DSRA"),
        ("3000", "400000000", "Cyan Mills", "-300.00", "Advance from customers"),
        ("3000", "400000002", "Cyan Mills", "640.00", "Trade Receivable - Energy Wind"),
    ]
    text = "Company Code;Document Number;Customer Account: Name 1;Company Code Currency Value;G/L Account: Long Text\n"
    text += "".join(";".join(r) + "\n" for r in rows)
    prepared = _prepared(settings, tmp_path / "listing.csv", text)
    valid = prepared.cases.filter(pl.col(VALID))
    assert sorted(zip(valid["reference"].to_list(), valid["amount"].to_list(), strict=True)) == [
        ("1000-400000000", Decimal("1200.00")), ("2000-400000000", Decimal("800.00")),
        ("2000-400000001", Decimal("150.00")), ("3000-400000002", Decimal("640.00")),
    ]
    assert prepared.cases.height == 4
    notices = prepared.read.source.notices
    assert any(n.startswith("3 row(s) left out: 'G/L Account: Long Text' puts them on ledger accounts that are not "
                            "customer receivables ('Advance from customers' (1), 'Investment in FD-DSRA' (1)") for n in notices)
    assert any("which 'Company Code' tells apart" in n for n in notices)
    # the user keeps every line
    from getbill_import.pipeline import PrepareOptions

    every = prepare_file(tmp_path / "listing.csv", settings, PrepareOptions(assign=(("G/L Account: Long Text", "ignore"),)))
    # (the customer's advance then taken off its invoice)
    assert every.cases.height == 6 and _owed(every)["3000-400000002"] == Decimal("340.00")
    # a list whose every line is on a receivable account loses none
    same = _prepared(settings, tmp_path / "ar.csv", text.split("\n")[0] + "\n" + "".join(
        ";".join(r) + "\n" for r in rows if "Trade" in r[4]))
    assert same.cases.height == 4 and not any("left out" in n for n in same.read.source.notices)


def test_a_second_phone_column_gives_the_phone_where_the_first_is_blank(settings, tmp_path):
    # a company has a fixed line only, a person a mobile only: each keeps the number it has
    prepared = _prepared(settings, tmp_path / "partners.csv",
                         "Facture;Client;Montant;mobilePhone;fixedPhone\n"
                         "F-1;Apollo SARL;12,00;;04 35 79 88 99\n"
                         "F-2;Loic Michel;8,00;06 41 66 37 99;04 31 45 39 99\n")
    phones = dict(zip(prepared.cases["reference"].to_list(), prepared.cases["debtor.phone"].to_list(), strict=True))
    assert phones == {"F-1": "+33435798899", "F-2": "+33641663799"}
    assert ("debtor.phone: where 'mobilePhone' is blank, too short to be a whole number or a placeholder (00000000), 'fixedPhone' gives it (1 row(s))."
            in prepared.read.source.notices)
    # a landline of 7 digits, without its area code, gives way to the mobile beside it
    short = _prepared(settings, tmp_path / "cartera.csv",
                      "Numero;Cliente;Importe;TELEFONO1;TELEFONO2\n"
                      "155U--1114;Ferreteria Uno;10,00;3408883;06 41 66 37 99\n"
                      "155U--1115;Ferreteria Dos;12,00;04 35 79 88 99;06 41 66 37 98\n")
    assert short.cases["debtor.phone"].to_list() == ["+33641663799", "+33435798899"]
    # a private number typed as zeros to fill the cell gives way to the professional one (an
    # Ivorian utility's unpaid bills)
    filled = _prepared(settings, tmp_path / "impayes.csv",
                       "Ref contrat;Nom et prénom abonné;Solde;Téléphone privé;Téléphone professionnel\n"
                       "207001;KOUASSI AMA;12500;00000000;+225 07 89 14 58 12\n"
                       "207002;TRAORE ISSA;8000;+225 05 44 12 33 21;+225 07 11 22 33 44\n")
    assert filled.cases["debtor.phone"].to_list() == ["+2250789145812", "+2250544123321"]


def test_a_balance_above_the_invoices_own_total_is_warned(settings, tmp_path):
    # a hand-kept register writes a customer's total (4 invoices) on its last invoice
    prepared = _prepared(settings, tmp_path / "register.csv",
                         "Invoice Number;Client;Bill amount;Outstanding\n"
                         "b23-24MQ405;Putzmeister;62606.08;\n"
                         "b23-24MQ408;Putzmeister;168741;247798.64\n"
                         "b23-24MQ401;Pinge;8052.80;8052.80\n"
                         "b23-24MQ402;El Shaddai;223588;100000\n")
    warned = prepared.problems.filter(pl.col("code") == "balance-above-total")
    assert warned["line"].to_list() == [3]
    assert warned["severity"].to_list() == ["warning"]
    assert "more than the invoice's total in 'Bill amount' (168741.00)" in warned["message"][0]
    # the row is still imported: the warning asks to check it
    assert 3 in prepared.cases.filter(pl.col(VALID))[LINE].to_list()
    # a loan's principal ("Montant Nominal") is no invoice's total: the claim comes above it with its interest
    loans = _prepared(settings, tmp_path / "contentieux.csv", "Code contrat;Nom Prenom;Montant Nominal;Creance\n"
                      "C-1;SAID ALAMI;737204;2416943.80\nC-2;AMAL IDRISSI;120000;80000\nC-3;ALI BENNANI;50000;61000\n")
    assert not loans.problems.filter(pl.col("code") == "balance-above-total").height
    # a balance above the other column on most rows: that column is an amount before penalties, said once
    bills = _prepared(settings, tmp_path / "impayes.csv", "Ref contrat;Nom;Total impayés échus;Solde Total factures échues\n"
                      + "".join(f"20700{n};Abonne {n};{7975 + n};{8775 + n}\n" for n in range(6)) + "207099;Abonne X;500;500\n")
    assert not bills.problems.filter(pl.col("code") == "balance-above-total").height
    assert ("The amount owed in 'Solde Total factures échues' is more than 'Total impayés échus' on 6 of 7 rows: 'Total "
            "impayés échus' is read as an amount before interest, fees or penalties, not as each invoice's total."
            ) in bills.read.source.notices
    # a microloan's principal first, its total with interest next: the balance is checked against the total
    micro = _prepared(settings, tmp_path / "active_loans.csv", "id,borrower,amount,total_amount,remaining_amount\n"
                      "L1,Wanjiru,7000,8400,8400\nL2,Otieno,5000,6000,2000\nL3,Achieng,1000,1200,1300\n")
    assert micro.problems.filter(pl.col("code") == "balance-above-total")["line"].to_list() == [4]


@pytest.mark.parametrize("went_through", ["succeeded", "success"])
def test_a_payment_status_that_says_succeeded_is_paid(settings, tmp_path, went_through):
    # Lago's payment_status: pending, succeeded, failed (a mobile-money gateway's "success")
    prepared = _prepared(settings, tmp_path / "lago.csv", (
        "invoice.number,invoice.customer.name,invoice.total,invoice.payment_status\n"
        f"TWI-001,Hooli Inc,10.00,{went_through}\nTWI-002,Hooli Inc,20.00,failed\nTWI-003,Pied Piper,5.00,pending\n"
    ))
    assert prepared.cases["reference"].to_list() == ["TWI-002", "TWI-003"]


def test_a_pro_forma_invoice_is_no_debt(settings, tmp_path):
    # a pro forma asks for payment before the invoice exists: like a draft, it is not owed
    prepared = _prepared(settings, tmp_path / "register.csv", (
        "Client;Invoice;Amount;Status\n"
        "Sodiem Village Panchayat;b22-23MQ307;177000;Proforma Invoice\n"
        "El Shaddai;b23-24MQ402;223588;Open\n"
        "Pinge;b23-24MQ401;8052.80;Pro-forma\n"
    ))
    assert prepared.cases["reference"].to_list() == ["b23-24MQ402"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(2, "closed"), (4, "closed")]


def test_credits_of_debtors_whose_invoices_are_imported_are_said(settings, tmp_path):
    # a line-item export: a payment of Acme sits beside its invoices, rejected as a negative amount
    prepared = _prepared(settings, tmp_path / "items.csv", (
        "Document Number;Customer Name;Amount\n"
        "400000001;Acme Industries;1200.00\n"
        "1400000007;Acme Industries;-1200.00\n"
        "400000002;Borg Textiles;800.00\n"
        "1600000001;Cyan Mills;-50.00\n"
    ))
    notices = prepared.validation.notices
    assert any(n.startswith("1 credit line(s) (negative amounts: payments, credit notes) of 1 debtor(s) whose invoices "
                            "are imported are not netted with them (rows 3)") for n in notices)
    # a credit of a debtor with no invoice here is no such warning
    alone = _prepared(settings, tmp_path / "alone.csv",
                      "Document Number;Customer Name;Amount\n400000002;Borg Textiles;800.00\n1600000001;Cyan Mills;-50.00\n")
    assert not any("credit line(s)" in n for n in alone.validation.notices)


def test_amounts_written_in_cents_are_read_in_the_currencys_unit(settings, tmp_path):
    # a billing platform's export (Lago): "total_amount_cents" 1000 is 10.00 USD, and a yen has no cents
    prepared = _prepared(settings, tmp_path / "export.csv", (
        "invoice.number,invoice.customer.name,invoice.total_amount_cents,invoice.currency\n"
        "TWI-001,Hooli Inc,1000,USD\n"
        "TWI-002,Hooli Inc,123456,EUR\n"
        "TWI-003,Sato KK,1500,JPY\n"
        "TWI-004,Wayne Ent,5,USD\n"
    ))
    amounts = dict(zip(prepared.cases["reference"].to_list(), prepared.cases["amount"].to_list(), strict=True))
    assert amounts == {"TWI-001": Decimal("10.00"), "TWI-002": Decimal("1234.56"), "TWI-003": Decimal("1500"),
                       "TWI-004": Decimal("0.05")}
    assert any(n.startswith("'invoice.total_amount_cents' is written in cents (the currency's minor unit)")
               for n in prepared.read.source.notices)
    # a header that says cents over amounts already written with decimals is left as it is
    decimals = _prepared(settings, tmp_path / "decimals.csv",
                         "Invoice,Customer,Amount (cents),Currency\nA-1,Hooli Inc,10.50,USD\nA-2,Hooli Inc,7.25,USD\n")
    assert decimals.cases["amount"].to_list() == [Decimal("10.50"), Decimal("7.25")]


def test_a_file_whose_first_row_is_an_invoice_is_refused_until_its_header_line_is_given(settings, tmp_path):
    # Tryton's Spanish VAT book: no header; read as it was, "2020" (the year) was every case's amount
    # and the first invoice was lost as the header
    path = tmp_path / "vat_book.csv"
    path.write_text(
        "2020;1T;E;F1;01/01/2020;1;00000000T;Party;121,00;100,00\n"
        "2020;1T;E;F1;01/01/2020;2;00000000T;Surcharge Party;63,10;50,00\n"
        "2020;1T;E;F1;02/01/2020;3;00000000T;Surcharge Party;0,04;0,03\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert raised.value.code == "no-header-row"
    assert str(raised.value).startswith("vat_book.csv cannot be imported as read: its first row would be taken for the "
                                        "columns' names, and that row's invoice lost.")
    from getbill_import.pipeline import PrepareOptions

    options = PrepareOptions(header_line=0, assign=(("Column 6", "reference"), ("Column 8", "debtor.name"),
                                                     ("Column 9", "amount")))
    prepared = prepare_file(path, settings, options)
    assert prepared.cases.select("reference", "amount").rows() == [
        ("1", Decimal("121.00")), ("2", Decimal("63.10")), ("3", Decimal("0.04")),
    ]
    # map says so too, with a JSON error, and exits 2
    result = CliRunner().invoke(cli, ["map", str(path), "--format", "json"], env={"GETBILL_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "no-header-row"


def test_the_currency_is_the_one_beside_the_amount_of_the_same_name(settings, tmp_path):
    # SAP writes each amount in the company's, the group's and the document's currency, each beside its key
    prepared = _prepared(settings, tmp_path / "items.csv", (
        "Document Number;Customer Name;Company Code Currency Value;Group Currency Value;Group Currency Key;"
        "Company Code Currency Key\n"
        "400000001;Acme Industries;120000.00;1320.00;EUR;INR\n"
        "400000002;Borg Textiles;80000.00;880.00;EUR;INR\n"
    ))
    assert prepared.cases.select("amount", "currency").rows() == [(Decimal("120000.00"), "INR"), (Decimal("80000.00"), "INR")]
    assert ("currency: 'Company Code Currency Key' is the currency of the amount 'Company Code Currency Value', chosen "
            "over 'Group Currency Key'.") in prepared.mapping.notices


def test_a_file_without_due_dates_says_when_follow_ups_start(settings, tmp_path):
    # LedgerSMB's receivables upload gives the transaction date alone
    prepared = _prepared(settings, tmp_path / "ar.csv", "invnumber,customer,amount,transdate\nAP001,Acme SA,10,2021-12-31\n")
    assert ("No column gives the due date: each case's follow-ups count from the day it is imported. Map the due date "
            "(--set 'COLUMN=due_date') if the file has one.") in prepared.validation.notices
    dated = _prepared(settings, tmp_path / "dated.csv", "Facture;Client;Montant;Echéance\nF-1;Dupont;12,00;15/01/2026\n")
    assert not any("No column gives the due date" in n for n in dated.validation.notices)


def test_a_persian_total_row_is_a_totals_row(settings, tmp_path):
    """An Iranian factory's cheques receivable end with their sum, labelled 'جمع' (total) under the
    date: a totals row, where it had been rejected as a row without name, reference or date."""
    prepared = _prepared(settings, tmp_path / "receivable.csv", (
        "ردیف,تاریخ,بدهکار,تاریخ سررسید,نام شرکت\n"
        "1,1404/10/15,44221865625,1404/10/01,شرکت کرمان خودرو\n2,1404/10/15,22110932813,1404/12/02,شرکت کرمان خودرو\n"
        "3,1404/10/15,22110932812,1405/02/01,شرکت کرمان خودرو\n,جمع,88443731250,,\n"
    ))
    assert len(_owed(prepared)) == 3 and _invalid(prepared) == []
    assert [e.line for e in prepared.read.source.excluded_lines if e.reason == "totals"] == [5]


def test_a_debit_column_named_by_the_word_for_debtor_is_the_amount_owed(settings, tmp_path):
    """Persian's 'بدهکار' and French's 'Débiteur' name both the debtor and the debit side of an
    account: holding amounts, beside the credit side, it is what each debtor owes, where the file was
    refused for want of an amount. A discount ('تخفیف') is set aside as a discount, not as a payment."""
    cheques = _prepared(settings, tmp_path / "receivable.csv", (
        "نام شرکت,شماره فاکتور,تاریخ سررسید,بدهکار,بستانکار,تخفیف\n"
        "شرکت آلفا,101,1404/10/01,44221865625,0,0\nشرکت بتا,102,1404/11/01,22110932813,0,0\n"
        "شرکت گاما,103,1404/12/01,22110932812,0,0\n"
    ))
    assert cheques.mapping.field_columns()["amount"] == "بدهکار"
    assert sorted(_owed(cheques)) == ["101", "102", "103"]
    assert [c.reason for c in cheques.mapping.columns if c.column == "تخفیف"] == ["ignored: synonym 'تخفیف' (fa), discount"]
    ledger = _prepared(settings, tmp_path / "comptes.csv", "Client,Facture,Débiteur,Créditeur\nAcme,F1,120.50,0\n"
                                                            "Beta,F2,300.00,0\nGamma,F3,45.10,0\n")
    assert ledger.mapping.field_columns()["amount"] == "Débiteur"
    # a column holding names under the word stays the debtor
    names = _prepared(settings, tmp_path / "debiteurs.csv", "Débiteur,Facture,Montant\nAcme,F1,120.50\nBeta,F2,300.00\n")
    assert names.mapping.field_columns()["debtor.name"] == "Débiteur"


def test_exports_in_persian_and_in_chinese_are_read(settings, tmp_path):
    # Persian headers, dates of the Solar Hijri calendar in Persian digits, amounts in rials
    prepared = _prepared(settings, tmp_path / "iran.csv", (
        "ردیف,شماره فاکتور,نام مشتری,تاریخ سررسید,مانده,تلفن همراه\n"
        "۱,۱۰۲۳,شرکت آلفا,۱۴۰۲/۰۵/۱۲,۲۵۰۰۰۰۰,۰۹۱۲۳۴۵۶۷۸۹\n"
        "۲,۱۰۲۴,شرکت بتا,1403/12/30,1200000,09351234567\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["debtor.name"], fields["due_date"], fields["amount"]) == (
        "شماره فاکتور", "نام مشتری", "تاریخ سررسید", "مانده")
    assert prepared.cases.select("reference", "due_date", "amount").rows() == [
        ("۱۰۲۳", date(2023, 8, 3), Decimal("2500000.00")), ("۱۰۲۴", date(2025, 3, 20), Decimal("1200000.00")),
    ]
    assert prepared.validation.invalid == 0
    # a Chinese exporter's orders (订单号, 客户名称, 总金额, 已收金额, 未收金额, 订单状态): the uncollected
    # balance is what is owed, an order '已收清' (collected in full) is not owed, a cancelled one ('作废')
    # neither; the currency's Chinese name is read
    orders = [
        "订单号,业务员,客户名称,总金额,已收金额,未收金额,订单状态,订单日期,币种",
        "CL20260105-NY,CAROL,NOYON,215211.50,215211.50,0,已收清,2026-01-05,美金",
        "CL20260108-NY,CAROL,Sanilux,51756.60,15526.98,36229.62,部分收款,2026-01-08,美金",
        "CL20260127-NY,CAROL,Alino,78278.83,0,78278.83,未收款,2026-01-27,美金",
        "CL20260130,VITA,balneo,1200.00,0,1200.00,作废,2026-01-30,人民币",
        "CL20260202,VITA,DRAMINA LLC,9000.00,0,9000.00,未收款,2026-02-02,人民币",
    ]
    chinese = _prepared(settings, tmp_path / "orders.csv", "\n".join(orders) + "\n")
    assert {f: chinese.mapping.field_columns()[f] for f in ("reference", "debtor.name", "amount", "currency")} == {
        "reference": "订单号", "debtor.name": "客户名称", "amount": "未收金额", "currency": "币种"}
    owed = {r: (a, c) for r, a, c in chinese.cases.filter(pl.col(VALID)).select("reference", "amount", "currency").rows()}
    assert owed == {"CL20260108-NY": (Decimal("36229.62"), "USD"), "CL20260127-NY": (Decimal("78278.83"), "USD"),
                    "CL20260202": (Decimal("9000.00"), "CNY")}


@pytest.mark.parametrize(("text", "amount", "owed", "said"), [
    # an Ecuadorian invoice list: the goods' total price, the discount, and the invoice's total with its
    # 12% IVA ("TOTALFAC"); the total price had won by coming first
    ("ID,DATE,NUMBER,FULLNAME,TOTALPRICE,TOTALDISCOUNT,TOTALFAC\n"
     "2,2014-11-27,868,FREIRE PINEDA LUIS ANDRES,130,0,145.6\n5,2015-01-05,913,FESPROTEC Cía. Ltda.,320,40,313.6\n"
     "9,2015-01-05,917,COOPERATIVA HUASIPUNGO,132,20,125.44\n",
     "TOTALFAC", {"868": "145.60", "913": "313.60", "917": "125.44"},
     "amount: 'TOTALFAC' (total tax included) chosen over 'TOTALPRICE' (total price)."),
    # a builder's progress claims: the sum claimed, the retention withheld, the total with GST, what was
    # paid and what is outstanding; the sum claimed had won by its header
    ("claim_number,customer,claim_date,claim_amount,retention_withheld,total_incl_gst,paid_amount,outstanding\n"
     "PC-001,Collins Arch Pty Ltd,2026-02-28,7531543.0,376577.0,7870462.6,7870462.6,0.0\n"
     "PC-002,Collins Arch Pty Ltd,2026-04-15,6794193.0,339710.0,7099931.3,0.0,7099931.3\n"
     "PC-003,Docklands Tower Pty Ltd,2026-04-30,1200000.0,60000.0,1254000.0,254000.0,1000000.0\n",
     "outstanding", {"PC-002": "7099931.30", "PC-003": "1000000.00"},
     "amount: 'outstanding' (open balance) chosen over 'claim_amount' (sum claimed)."),
])
def test_what_is_owed_wins_over_a_total_price_or_a_sum_claimed(settings, tmp_path, text, amount, owed, said):
    prepared = _prepared(settings, tmp_path / "list.csv", text)
    assert prepared.mapping.field_columns()["amount"] == amount
    assert _owed(prepared) == {ref: Decimal(value) for ref, value in owed.items()}
    assert said in prepared.notices


def test_an_aged_balance_per_customer_leaves_out_those_owing_nothing(settings, tmp_path):
    """A Mexican ageing per customer: "Consolidado" beside its buckets ("Por vencer", "De 1 a 30
    dias" … "Mas de 120 dias"). A customer whose total is zero owes nothing: left out, said, not a
    zero amount to correct; and the buckets say the totals are owed, so no notice says nothing does."""
    text = ("Cliente,Consolidado,Por vencer,De 1 a 30 dias,De 31 a 60 dias,Mas de 120 dias\n"
            "5001 Cliente Sin Credito,1500.00,0,1500.00,0,0\n5002 Cliente Con Credito,2500.00,0,0,2500.00,0\n"
            "7001 Cliente Alerta,1200.00,200.00,0,0,1000.00\n8001 Cliente Pago Auto,0,0,0,0,0\n")
    prepared = _prepared(settings, tmp_path / "antiguedad.csv", text)
    assert sorted(prepared.cases.filter(pl.col(VALID))["amount"].to_list()) == [
        Decimal("1200.00"), Decimal("1500.00"), Decimal("2500.00")]
    assert not _invalid(prepared)
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(5, "closed")]
    assert not any(n.startswith("Nothing in the file says which invoices are still owed") for n in prepared.read.source.notices)


def test_an_aged_balance_without_a_total_owes_the_sum_of_its_age_buckets(settings, tmp_path):
    # Sage 300's aged receivables, written by a script: each invoice's open amount in its bucket,
    # no total, dates yyyymmdd as floats
    prepared = _prepared(settings, tmp_path / "aging.csv", (
        "Invoice Number,Invoice Date,Customer Name,0 - 3 days,4 - 10 days,202+ days\n"
        "SKINV-1,20200704.0,Ma Pharmacy,1250.50,,\n"
        "SKINV-2,20200705.0,Rahman Drug House,,300.00,\n"
        "SKINV-3,20200706.0,Ma Pharmacy,,,0.00\n"
        "SKINV-4,20200707.0,Sufia Medical,,10.00,5.00\n"
    ))
    assert prepared.cases.select("reference", "amount", "issue_date").rows() == [
        ("SKINV-1", Decimal("1250.50"), date(2020, 7, 4)), ("SKINV-2", Decimal("300.00"), date(2020, 7, 5)),
        ("SKINV-4", Decimal("15.00"), date(2020, 7, 7)),
    ]
    assert ("amount: no column gives it whole; each row's amount owed is the sum of its age buckets ('0 - 3 days', "
            "'4 - 10 days', '202+ days').") in prepared.read.source.notices
    # a total beside the buckets is the amount, and the buckets stay metadata
    total = _prepared(settings, tmp_path / "total.csv",
                      "Invoice,Customer,Current,1 - 30,31 - 60,Total\nF-1,Acme,,80.00,20.00,100.00\n")
    assert total.cases["amount"].to_list() == [Decimal("100.00")]


def test_the_bucket_not_yet_due_and_the_first_one_said_by_its_end_are_parts_of_the_sum(settings, tmp_path):
    """An aged debtors list without a total (onCourse): "Not due" and "Overdue up to 30 days" are
    buckets as "Overdue 31-60 days" is, so the balance owed is the sum of all five; "Not due" is
    no due date. "Current" is the same bucket in another report."""
    prepared = _prepared(settings, tmp_path / "aged_debtors.csv", (
        "Debtor,Not due,Overdue up to 30 days,Overdue 31-60 days,Overdue 61-90 days,Overdue over 90 days\n"
        "Student Test,50.00,20.00,0.00,0.00,220.00\nTutor Test,0.00,0.00,0.00,0.00,110.00\n"
        "Anna Smith,15.00,0.00,0.00,0.00,0.00\nBob Jones,0.00,0.00,0.00,0.00,0.00\n"
    ))
    assert prepared.cases.select("debtor.name", "amount", "due_date").rows() == [
        ("Student Test", Decimal("290.00"), None), ("Tutor Test", Decimal("110.00"), None), ("Anna Smith", Decimal("15.00"), None),
    ]
    current = _prepared(settings, tmp_path / "aging.csv", (
        "Invoice Number,Customer Name,Current,1 - 30 days,31 - 60 days\nF-1,Acme,40.00,,\nF-2,Acme,,80.00,20.00\n"
    ))
    assert current.cases.select("reference", "amount").rows() == [("F-1", Decimal("40.00")), ("F-2", Decimal("100.00"))]


def test_an_export_of_net_and_tax_amounts_owes_their_sum(settings, tmp_path):
    """An export that writes each invoice's amount before tax and its tax, and no total, owes their
    sum, said; a tax rate beside them is no part of it (named so, or its values no share of the net),
    and a total of the taxes is not added again beside its parts."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice No,Customer,Due Date,Net Amount,Tax Rate,VAT,Tax Amount\n"
        "INV-1,Acme GmbH,2026-10-01,1000.00,20,20,200.00\n"
        "INV-2,Beta SARL,2026-10-03,250.50,20,20,50.10\n"
        "INV-3,Gamma SpA,2026-10-05,80.00,20,20,16.00\n"
        "INV-4,Delta BV,2026-10-05,15.00,20,20,3.00\n"
        "INV-5,Epsilon AB,2026-10-05,400.00,5,5,20.00\n"
    ))
    assert prepared.cases.select("reference", "amount").rows() == [
        ("INV-1", Decimal("1200.00")), ("INV-2", Decimal("300.60")), ("INV-3", Decimal("96.00")),
        ("INV-4", Decimal("18.00")), ("INV-5", Decimal("420.00")),
    ]
    assert ("amount: no column gives the amount with tax; each row's amount owed is 'Net Amount' + 'Tax Amount'. If "
            "the file holds the invoices' totals under another header, set it (--set 'COLUMN=amount')."
            ) in prepared.read.source.notices
    # SAP's billing documents: the net value and the tax amount, decimal commas
    sap = _prepared(settings, tmp_path / "vbrk.csv", (
        "VBELN;NAME1;FKDAT;NETWR;MWSBP;WAERK\n90001001;Acme GmbH;20260901;1.000,00;190,00;EUR\n"
        "90001002;Beta SARL;20260903;250,50;50,10;EUR\n"
    ))
    assert sap.cases["amount"].to_list() == [Decimal("1190.00"), Decimal("300.60")]
    # an Indian register: the taxable value, its CGST, SGST and IGST, and their total
    gst = _prepared(settings, tmp_path / "gst.csv", (
        "Invoice No,Party,Taxable Value,CGST,SGST,IGST,Total Tax\n"
        "A1,Ramesh Traders,1000.00,90.00,90.00,0.00,180.00\nA2,Suresh & Co,500.00,0.00,0.00,90.00,90.00\n"
        "A3,Mahesh Stores,200.00,18.00,18.00,0.00,36.00\n"
    ))
    assert gst.cases["amount"].to_list() == [Decimal("1180.00"), Decimal("590.00"), Decimal("236.00")]
    # without their total, the two halves of one rate (equal on every row) are each a part
    halves = _prepared(settings, tmp_path / "halves.csv", (
        "Invoice No,Party,Taxable Value,CGST,SGST\nA1,Ramesh Traders,1000.00,90.00,90.00\n"
        "A3,Mahesh Stores,200.00,18.00,18.00\n"
    ))
    assert halves.cases["amount"].to_list() == [Decimal("1180.00"), Decimal("236.00")]
    # an adviser's commission statement: the policy's base value (written on two rows of five) and the
    # GST of the adviser's share are no net amount and its tax
    with pytest.raises(MappingError):
        _prepared(settings, tmp_path / "commissions.csv", (
            "Policy/Invoice No.,Client,Base Value,Adviser Share (GST)\nCF017,Perpetual,1000.00,50.00\n"
            "CF018,Perpetual,200.00,50.00\nCF019,Asset Ltd,0.00,13.37\nCF020,Asset Ltd,,83.53\nCF021,Noble,,450.00\n"
        ))
    # the net amount alone is refused, and the refusal names it
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "net.csv", "VBELN,NAME1,NETWR\n90001001,Acme GmbH,1000.00\n90001002,Beta SARL,250.50\n")
    assert ("'NETWR' holds the amounts before tax, and no column their tax or their total: if that is what is owed (no "
            "tax is charged), set it (--set 'NETWR=amount').") in str(refused.value)
    # a column whose name reads so but whose values are no amounts (a customer record's "ISONETIMECUSTOMER":
    # Yes, No) is offered as no amount
    with pytest.raises(MappingError) as flags:
        _prepared(settings, tmp_path / "flags.csv", "VBELN,NAME1,ISONETIMECUSTOMER\n90001001,Acme GmbH,No\n"
                  "90001002,Beta SARL,Yes\n90001003,Gamma AG,No\n")
    assert "holds the amounts before tax" not in str(flags.value)
    # ...and one of amounts written with their currency's sign is offered still
    with pytest.raises(MappingError) as signed:
        _prepared(settings, tmp_path / "signed.csv", "VBELN,NAME1,NETWR\n90001001,Acme GmbH,$ 1000.00\n"
                  "90001002,Beta SARL,$ 250.50\n")
    assert "'NETWR' holds the amounts before tax" in str(signed.value)


def test_an_export_of_net_amounts_and_tax_rates_owes_the_net_and_its_tax(settings, tmp_path):
    """An export that writes each invoice's amount before tax and its tax rate, and neither the tax nor
    the total, owes the net amount and its tax at that rate (each row's tax rounded to the cent), said;
    the rate may be a percent with or without its sign, or a share."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "N° facture;Client;Échéance;Montant HT;Taux TVA\nF1;Acme SA;10/01/2026;100,00;20%\n"
        "F2;Beta SARL;11/02/2026;50,05;5,5 %\nF3;Gamma SAS;01/03/2026;10,00;0%\n"
    ))
    assert prepared.cases.select("reference", "amount").rows() == [
        ("F1", Decimal("120.00")), ("F2", Decimal("52.80")), ("F3", Decimal("10.00")),
    ]
    assert ("amount: no column gives the amount with tax nor the tax; each row's amount owed is 'Montant HT' and its "
            "tax at the rate of 'Taux TVA' (line 2: 100.00 at 20% = 120.00). If the file holds the invoices' totals "
            "under another header, set it (--set 'COLUMN=amount'); if no tax is owed, --set 'Montant HT=amount'."
            ) in prepared.read.source.notices
    czech = _prepared(settings, tmp_path / "faktury.csv", (
        "cislo;odberatel;splatnost;castka_bez_dph;sazba_dph\n2026001;Alfa s.r.o.;15.1.2026;1000,00;21\n"
        "2026002;Beta a.s.;20.1.2026;500,00;12\n"
    ))
    assert czech.cases["amount"].to_list() == [Decimal("1210.00"), Decimal("560.00")]
    shares = _prepared(settings, tmp_path / "shares.csv",
                       "Invoice No,Customer,Net Amount,Tax Rate\nINV-1,Acme Ltd,200.00,0.2\nINV-2,Beta Ltd,99.99,0.05\n")
    assert shares.cases["amount"].to_list() == [Decimal("240.00"), Decimal("104.99")]
    # a tax's code is no rate: the net amount alone is refused, and the refusal names it
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "codes.csv",
                  "Invoice No,Customer,Net Amount,Tax Code\nINV-1,Acme Ltd,200.00,20\nINV-2,Beta Ltd,99.99,5\n")
    assert "'Net Amount' holds the amounts before tax" in str(refused.value)


def test_slovak_headers_are_not_read_as_czech_for_the_currency(settings, tmp_path):
    """Slovak headers read as Czech in the vocabulary; a Slovak export naming no currency is in the
    euro, a Czech one in the koruna."""
    slovak = _prepared(dataclasses.replace(settings, default_currency="USD"), tmp_path / "sk.csv", (
        "Číslo faktúry;Odberateľ;Dátum splatnosti;Celkom s DPH\nFA2025001;Gama spol. s r.o.;18.03.2025;123,00\n"
        "FA2025002;Beta a.s.;19.03.2025;307,50\n"
    ))
    assert set(slovak.cases["currency"].to_list()) == {"EUR"}
    czech = _prepared(dataclasses.replace(settings, default_currency="USD"), tmp_path / "cz.csv", (
        "Číslo faktury;Odběratel;Datum splatnosti;Celkem s DPH\nFA2025001;Gama spol. s r.o.;18.03.2025;123,00\n"
        "FA2025002;Beta a.s.;19.03.2025;307,50\n"
    ))
    assert set(czech.cases["currency"].to_list()) == {"CZK"}


def test_the_currency_the_amounts_header_names_is_the_files(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "aging.csv",
                         "Invoice,Customer,Open Advance (ILS)\nINV-1,Tnuva Ltd,1200.00\nINV-2,Elbit,350.50\n")
    assert set(prepared.cases["currency"]) == {"ILS"}
    assert "amount: 'Open Advance (ILS)' names its currency: the amounts are read in ILS." in prepared.read.source.notices
    # beside a currency column of other currencies, the amount is converted into the one it names: the
    # column is another amount's currency (a document's, beside its amount in the company's)
    column = _prepared(settings, tmp_path / "cur.csv",
                       "Invoice,Customer,Total EUR,Currency\nINV-1,Tnuva Ltd,1200.00,USD\n")
    assert column.cases["currency"].to_list() == ["EUR"]
    assert "currency" not in column.mapping.field_columns()
    # one that agrees with it stays the currency column
    agreed = _prepared(settings, tmp_path / "agreed.csv",
                       "Invoice,Customer,Total EUR,Currency\nINV-1,Tnuva Ltd,1200.00,EUR\n")
    assert agreed.mapping.field_columns()["currency"] == "Currency"


def test_a_currency_a_title_line_names_is_the_files(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "aged.csv", (
        "Aged receivables at 30/11/2026\nDevise : USD\n\nCustomer;Invoice No;Balance\nAcme Inc;INV-1;120.00\nGlobex;INV-2;240.00\n"
    ))
    assert set(prepared.cases["currency"]) == {"USD"}
    assert "Line 2 says the amounts' currency ('Devise : USD'): they are read in USD." in prepared.read.source.notices
    # a currency column wins over the title
    prepared = _prepared(settings, tmp_path / "aged.csv", (
        "Devise : USD\nCustomer;Invoice No;Balance;Currency\nAcme Inc;INV-1;120.00;GBP\nGlobex;INV-2;240.00;GBP\n"
    ))
    assert set(prepared.cases["currency"]) == {"GBP"}


def test_a_list_of_what_is_owed_to_suppliers_is_refused_as_payables(settings, tmp_path):
    files = {
        "Vendor": "Vendor,Invoice_Date,Invoice_no,invoice_amt\nAirtel,2024-04-01,INV-778,1180.00\n"
                  "Microsoft India,2024-04-03,MS-2231,25000.00\nVodafone Idea,2024-04-05,VI-88,499.00\n"
                  "Tata Power,2024-04-06,TP-1,3200.00\nBharti,2024-04-07,BH-9,120.00\n",
        # a Brazilian ERP's "Contas a pagar": the supplier is 'Fornecedor', the payee ('Favorecido -
        # Nome', mostly blank) too; a blank company column names no debtor
        "Fornecedor": "Nº Documento;Identificação da Empresa;Fornecedor;Centro de Custo;Valor Total;Dt. Vencimento;"
                      "Favorecido - Nome\n57;;POSTO CENTRAL LTDA;Frota;1900;08/06/2026;\n"
                      "58;;ERNANI GOMES DE SOUZA;Frota;2100;05/06/2026;ERNANI GOMES DE SOUZA\n"
                      "59;;TRANSPORTES RIO;Administração;3500;12/06/2026;\n60;;AUTO PEÇAS SUL;Frota;820;10/06/2026;\n",
        # Argentina's AFIP list of the invoices received: their issuer is the supplier
        "Denominación Emisor": "Fecha de Emisión,Número Desde,Denominación Emisor,Imp. Total\n"
                               "01/02/2026,1201,LA ESTRELLA SA,\"12500,00\"\n02/02/2026,88,TELECOM ARGENTINA SA,\"8300,50\"\n"
                               "03/02/2026,4410,EDENOR SA,\"21000,00\"\n",
        # an open-items list of supplier invoices whose only column offered as a name is the invoice's
        # title (Sitetracker's 'Invoice_Name'): no debtor is offered beside a supplier
        # a Norwegian list of the balances owed to suppliers, each named by its number ('Leverandørnr')
        "Leverandørnr": "Leverandørnr\tNavn\tBilagsnr\tDato\tSaldo\nL-9\tGrossisten AS\tI-77\t2026-02-01\t4500.50\n"
                        "L-10\tVarehus AS\tI-78\t2026-02-03\t1200.00\n",
        "Vendor__Name": "Invoice_Id,Invoice_Name,Vendor__Name,Invoice_Date__c,Total_Amount__c\n"
                        "INV000001,SYNTHETIC-INV-000001,V-100,2026-01-05,1200.00\n"
                        "INV000002,SYNTHETIC-INV-000002,V-101,2026-01-07,830.50\n"
                        "INV000003,SYNTHETIC-INV-000003,V-100,2026-01-09,99.90\n",
        # a public body's expenses paid: each to its payee ('FAVORECIDO')
        "FAVORECIDO": "DATA;FASE;UG;DOCUMENTO;ELEMENTO DA DESPESA;FAVORECIDO;VALOR\n"
                      "03/01/2017;LIQUIDAÇÃO;02000100001;2017NS000005;MATERIAL DE CONSUMO;WANDERLEY RABELO DA SILVA;4.000,00\n"
                      "04/01/2017;LIQUIDAÇÃO;02000100001;2017NS000007;SERVICOS DE TERCEIROS PJ;TELEMAR NORTE LESTE S/A;812,33\n",
        # SAP's supplier invoices (table RBKP, posted with MIRO): the vendor's number ('LIFNR')
        "LIFNR": "MANDT,BELNR,GJAHR,BLDAT,XBLNR,BUKRS,LIFNR,WAERS,RMWWR,ZTERM\n"
                 "100,5100000000,2024,2024-05-21,INV-4500000000-00010,1000,V0001,USD,23748.65,N030\n"
                 "100,5100000001,2024,2024-05-22,INV-4500000001-00011,1000,V0002,USD,1210.00,N030\n",
    }
    for supplier, text in files.items():
        with pytest.raises(MappingError, match=rf"Its columns? '{re.escape(supplier)}'(, '[^']+')* names? suppliers: a list of "
                                               r"what is owed to suppliers \(payables\) holds no debt to collect"):
            _prepared(settings, tmp_path / "outstanding.csv", text)
    # SAP's line items of customers (BSEG, 'KOART' D): 'LIFNR' blank on every line names no supplier; the
    # customer's number 'KUNNR' is offered as the name instead
    with pytest.raises(MappingError) as customers:
        _prepared(settings, tmp_path / "bseg.csv", (
            "MANDT,BUKRS,BELNR,GJAHR,BUZEI,KOART,KUNNR,LIFNR,SHKZG,DMBTR,WAERS,ZFBDT\n"
            "100,1000,6000000002,2024,0001,D,C00008,,S,403526.69,USD,2024-03-15\n"
            "100,1000,6000000003,2024,0001,D,C00011,,S,1210.00,USD,2024-03-18\n"))
    assert "names suppliers" not in str(customers.value) and "--set 'KUNNR=debtor.name'" in str(customers.value)


def test_a_ledgers_running_balance_is_not_what_each_invoice_owes(settings, tmp_path):
    """A receivables ledger (ACCURATE's "Account Receivable"): each row moves the running balance by
    its invoice's amount or its receipt. The balance of the ledger is no invoice's amount."""
    rows = [
        "31/05/2025;;;Balance at date 31 May 2025;;;615597896",
        "03/06/2025;;Agatha Mitra;Receipt Invoice No Agatha-2025-05;0;17666431;597931465",
        "30/06/2025;Agatha-2025-07;Agatha Mitra;Sales Invoice;18225208;0;616156673",
        "01/07/2025;;Agatha Mitra;Receipt Invoice No Agatha-2025-06;0;18645076;597511597",
        "30/06/2025;Atomy-2025-07;Atomy Indonesia;Sales Invoice;6501037;0;604012634",
        "30/06/2025;Upperwest-2025-07C;Bumi Megah;Faktur Penjualan;59841;0;604072475",
        "10/07/2025;Gracia/MM-2025-07;Gracia Naomi;Purchased through website;499500;0;604571975",
        "10/07/2025;Jidoka-2025-06;Jidoka System;Faktur Penjualan;3270000;0;607841975",
        "12/07/2025;Rohul-2025-07C;Rohul Mineral;Faktur Penjualan;18051;0;607860026",
        "13/07/2025;Online Pajak-2025-06;Achilles;Sales Invoice;22380059;0;630240085",
        "13/07/2025;Online Pajak-2025-06_02;Achilles;Sales Invoice;22380059;0;652620144",
        # receipts of invoices of the file: one in full, one in part, one of two invoices at once
        # that pays less than their sum, one of two that pays their sum
        "14/07/2025;;Atomy Indonesia;Receipt Invoice No Atomy-2025-07;6501037;6501037;646119107",
        "15/07/2025;;Gracia Naomi;Receipt Invoice No Gracia/MM-2025-07;99500;99500;646019607",
        "16/07/2025;;Jidoka System;Receipt Invoice No Jidoka-2025-06, Upperwest-2025-07C;100000;100000;645919607",
        "17/07/2025;;Achilles;Receipt Invoice No Online Pajak-2025-06, Online Pajak-2025-06_02;44760118;44760118;"
        "601159489",
    ]
    prepared = _prepared(settings, tmp_path / "ar.csv", (
        "Date;Invoice No;Customer;Description;Amount;Payment Amount;Ending Balance\n" + "\n".join(rows) + "\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Amount"
    owed = _owed(prepared)
    assert owed["Rohul-2025-07C"] == Decimal("18051") and owed["Agatha-2025-07"] == Decimal("18225208")
    assert any("'Ending Balance' is a running balance" in n for n in prepared.mapping.notices)
    # a receipt that names one invoice is taken off it; one that names two pays both when it pays
    # their sum, and is taken off neither otherwise
    assert "Atomy-2025-07" not in owed and owed["Gracia/MM-2025-07"] == Decimal("400000")
    assert owed["Jidoka-2025-06"] == Decimal("3270000") and owed["Upperwest-2025-07C"] == Decimal("59841")
    assert "Online Pajak-2025-06" not in owed and "Online Pajak-2025-06_02" not in owed
    assert any(n.startswith("2 row(s) without a reference name an invoice of this ledger")
               and "1 row(s) without a reference name several invoices of this ledger and pay their sum (row 16 pays "
                   "the invoices of rows 11–12): those 2 invoices are paid in full; 1 name several" in n
               for n in prepared.read.source.notices)
    assert {(e.line, e.reason) for e in prepared.read.source.excluded_lines} >= {(11, "paid"), (12, "paid"), (16, "posting")}
    assert prepared.left_out is not None
    assert {11, 12} <= set(prepared.left_out.left.filter(pl.col("why") == "paid")[LINE].to_list())
    # the receipts of invoices of an earlier period and the balance brought forward are no debts with a
    # missing reference: left out, said
    assert {(e.line, e.reason) for e in prepared.read.source.excluded_lines} >= {(2, "posting"), (3, "posting"), (5, "posting")}
    # (the receipt of two invoices of the file taken off neither stays a row to look at)
    assert prepared.problems.filter(pl.col("code") == "missing-reference")["line"].to_list() == [15]
    assert any(n.startswith("2 row(s) without a reference are payments or credits by their words, of no invoice of this "
                            "file (row 3: 'Receipt Invoice No Agatha-2025-05')")
               and "row 2 is the balance brought forward ('Balance at date 31 May 2025')" in n
               for n in prepared.read.source.notices)

    # a balance per invoice, beside its total, stays what is owed
    listed = _prepared(settings, tmp_path / "open.csv", (
        "Invoice No;Customer;Amount;Balance\n"
        "F-1;Acme;100.00;40.00\nF-2;Beta;250.00;250.00\nF-3;Gamma;80.00;30.00\nF-4;Delta;60.00;60.00\n"
        "F-5;Epsilon;90.00;10.00\nF-6;Zeta;75.00;75.00\nF-7;Eta;20.00;5.00\n"
    ))
    assert listed.mapping.field_columns()["amount"] == "Balance"
    # nor is an open-item list whose balance is written again in the local currency, beside a number
    # column blank on most rows (SAP's clearing document): a few rows moving by chance prove nothing
    rows = [f"F-{i};Cust {i};{b:.2f};{b:.2f};{'1400000123' if i == 3 else ''}"
            for i, b in enumerate([512.0, 256.0, 128.0, 64.0, 32.0, 16.0, 8.0, 4.0, 2.0])]
    sap = _prepared(settings, tmp_path / "fbl5n.csv", (
        "Document Number;Customer Name;Balance;Balance in Local Currency;Clearing Document\n" + "\n".join(rows) + "\n"
    ))
    assert sap.mapping.field_columns()["amount"] == "Balance"
    assert not any("running balance" in n for n in sap.mapping.notices)


def test_sap_noted_items_and_cleared_items_are_not_owed(settings, tmp_path):
    """SAP FBL5N: noted items (document status "S", down-payment requests "F") are statistical
    postings, and an item with a clearing date is settled: neither is a debt."""
    prepared = _prepared(settings, tmp_path / "fbl5n.csv", (
        "Document Status;Account;Customer Name;Document Number;Special G/L Ind.;Net Due Date;Amount in Doc. Curr.;"
        "Document Currency;Clearing Date\n"
        ";300123;Siam Sugar;2300002670;;12/11/2024;2555.00;THB;\n"
        "S;300123;Siam Sugar;2800000009;F;12/11/2019;258783.00;THB;\n"
        ";300456;Chao Trading;2300002671;;15/11/2024;1200.00;THB;06/10/2024\n"
        ";300456;Chao Trading;2300002672;;16/11/2024;980.50;THB;\n"
    ))
    assert prepared.cases["reference"].to_list() == ["2300002670", "2300002672"]
    notice = next(n for n in prepared.read.source.notices if "status says the invoice is not owed" in n)
    assert "'Document Status': 'S'" in notice and "'Clearing Date': '06/10/2024'" in notice


def test_a_column_blank_on_every_row_is_not_offered_as_the_debtor(settings, tmp_path):
    # SAP FBL5N: the customer known by its number alone, "Trading partner" blank on every row
    rows = [f";3001{i:02d};;23000026{i:02d};{1000 + i * 7.5:.2f};THB" for i in range(30)]
    path = tmp_path / "fbl5n.csv"
    path.write_text(
        "Document Status;Account;Trading partner;Document Number;Amount in Doc. Curr.;Document Currency\n"
        + "\n".join(rows) + "\n", encoding="utf-8",
    )
    from getbill_import.errors import MappingError

    with pytest.raises(MappingError, match=r"debtor.name.*give it with --debtors"):
        prepare_file(path, settings)


def test_a_balance_in_the_companys_currency_gives_way_to_the_balance_in_each_rows_currency(settings, tmp_path):
    """Dynamics' customer aging: "Balance RON" is each balance converted into lei; the invoices of
    EUR and GBP customers are owed in their currency, "Balance in transaction currency"."""
    header = "Invoice;Name;Due date;Amount in transaction currency;Currency;Balance RON;Balance in transaction currency\n"
    rows = (
        "SSI/22805;Alfa SRL;15/06/2022;252.00;EUR;1245.64;252.00\n"
        "SSI/FF/21074;Beta SA;20/06/2022;69759.92;RON;5862.21;5862.21\n"
        "SSI/22811;Gamma Ltd;25/06/2022;1000.00;GBP;5900.00;1000.00\n"
    )
    prepared = _prepared(settings, tmp_path / "aging.csv", header + rows)
    assert prepared.cases.select("reference", pl.col("amount").cast(pl.String), "currency").rows() == [
        ("SSI/22805", "252.00", "EUR"), ("SSI/FF/21074", "5862.21", "RON"), ("SSI/22811", "1000.00", "GBP"),
    ]
    assert ("amount: 'Balance in transaction currency' chosen over 'Balance RON': 'Balance RON' is in RON by its "
            "header, while 'Currency' says EUR, GBP on 2 row(s).") in prepared.mapping.notices
    # without the balance in each row's currency, the user is told
    alone = _prepared(settings, tmp_path / "alone.csv", (
        "Invoice;Name;Currency;Balance RON\nSSI/22805;Alfa SRL;EUR;1245.64\nSSI/FF/21074;Beta SA;RON;5862.21\n"
    ))
    assert any(n.startswith("amount: 'Balance RON' is in RON by its header, while 'Currency' says EUR on 1 row(s)")
               for n in alone.read.source.notices)


def test_open_items_of_one_invoice_split_by_product_account_add_up(settings, tmp_path):
    """An AR aging that writes an invoice on a row per product account, each with its open balance:
    the invoice owes their sum. Two balances for one invoice that nothing tells apart stay a conflict."""
    header = "Customer_Name;Document_Ref;Document_Date;ProductAccount;Outstanding value;pduedate\n"
    prepared = _prepared(settings, tmp_path / "aging.csv", header + (
        "Acme Mining;IN ES329199;12/01/2026;L511200;19590204.90;12/03/2026\n"
        "Acme Mining;IN ES329199;12/01/2026;;9795.10;12/03/2026\n"
        "Beta Quarries;IN 2324059;15/01/2026;L511300;1200.00;15/03/2026\n"
    ))
    assert prepared.cases.filter(pl.col(VALID)).select("reference", pl.col("amount").cast(pl.String)).rows() == [
        ("IN ES329199", "19600000.00"), ("IN 2324059", "1200.00"),
    ]
    # the date column whose header means nothing is named as the due date it may be
    assert any("'pduedate' holds dates under a header the tool does not know: --set 'pduedate=due_date'" in n
               for n in prepared.validation.notices)
    conflict = _prepared(settings, tmp_path / "twice.csv", header + (
        "Acme Mining;IN ES329199;25/01/2026;L511200;19590204.90;25/03/2026\n"
        "Acme Mining;IN ES329199;25/01/2026;L511200;9795.10;25/03/2026\n"
    ))
    assert _verdicts(conflict)[2] == ["duplicate-reference", "no-contact-channel"]


def test_a_file_naming_no_currency_is_read_in_the_currency_of_its_phones(settings, tmp_path):
    """A Colombian distributor's receivables: no currency anywhere, mobiles written nationally."""
    rows = [f"FV-{i};Ferreteria {i};compras{i}@ferreteria{i}.com.co;3{(i * 7919) % 50 + 10}{(i * 104729) % 9000000 + 1000000};"
            f"{125000 + i * 1000}" for i in range(30)]
    text = "Numero;NOMBRECLIENTE;E-Mail;TELEFONO;IMPORTE\n" + "\n".join(rows) + "\n"
    prepared = _prepared(settings, tmp_path / "cartera.csv", text)
    assert set(prepared.cases["currency"].to_list()) == {"COP"}
    assert any(n.startswith("No column gives the currency: the amounts are read in COP, the currency of CO")
               for n in prepared.validation.notices)
    # the currency the user chose stays
    given = prepare_file(tmp_path / "cartera.csv", dataclasses.replace(settings, default_currency="USD", currency_given=True))
    assert set(given.cases["currency"].to_list()) == {"USD"}


def test_a_stray_control_character_in_an_address_is_dropped_not_the_invoice(settings, tmp_path):
    """Koinor (Ecuador): an address ending in U+008D, a stray byte of an old encoding."""
    prepared = _prepared(settings, tmp_path / "cxc.csv", (
        "numdoc;nomcli;dircli;saldo\n"
        "001002-00123872;Primax Comercial;JORGE AÑAZCO Y MANABÍ\x8d;177.93\n"
        "001002-00123873;Bell\x07 SA;Av. Amazonas 1200;50.00\n"
    ))
    assert _verdicts(prepared)[2] == ["control-characters-dropped"]
    case = prepared.cases.filter(pl.col("reference") == "001002-00123872").row(0, named=True)
    assert case[VALID] and case["debtor.address.line1"] == "JORGE AÑAZCO Y MANABÍ"
    # in the debtor's name they still stop the row, with the suggestion that drops them
    assert "control-characters" in _verdicts(prepared)[3]


def test_a_brazilian_receivables_export_by_its_nota_fiscal_and_its_statuses(settings, tmp_path):
    """ERPFlex "Contas a Receber": the title number repeats for two customers, the nota fiscal does
    not; "Recebido" is paid, "A Receber" and "Atrasado" are owed."""
    prepared = _prepared(settings, tmp_path / "contas.csv", (
        "Status;Vencimento;Emissão;Cliente;Docto.;NF-e/RPS;Valor;Saldo\n"
        "Recebido;10/01/2026;10/12/2025;Banco Sul;1030/25;3009;5000,00;0,00\n"
        "A Receber;15/02/2026;15/01/2026;MRS 083;1033/25;3033;12179,16;12179,16\n"
        "Atrasado;20/01/2026;20/12/2025;MRS 041;1033/25;3036;10419,10;10419,10\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == ["3033", "3036"]
    assert not any("no status the tool knows" in n for n in prepared.read.source.notices)


def _debt_register(path: Path) -> Path:
    """A Polish debt register (KRD-style), as a home-care agency kept it: "Lp." numbers the rows of an
    earlier sorting, "Identyfikator użytkownika" is the creditor's invoice number, "Kwota zobowiązania"
    the obligation's amount and "Kwota zadłużenia" what is still owed of it, "Całkowity dług" the debtor's
    total on each of the debtor's rows."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "stare"
    sheet.append(["Lp.", "Identyfikator użytkownika", "Typ", "Podstawa zobowiązania", "Termin wymagalności",
                  "Kwota zobowiązania", "Kwota zadłużenia", "Nazwa dłużnika", "Identyfikator dłużnika", "Całkowity dług"])
    for row in (
        [817, "RE202112101203", "Rachunek", "RE202112101203", datetime(2023, 4, 18), "1 640,00 EUR", "1 640,00 EUR",
         "Adam Beczak", "PESEL 77030607394", "1 640,00 EUR"],
        [513, "FP2025/06/001200", "Rachunek", "FP2025/06/001200", datetime(2025, 7, 2), "565,00 EUR", "565,00 EUR",
         "Jan Kowalski", "PESEL 03302101693", "680,00 EUR"],
        [552, "FP2025/07/001220", "Rachunek", "FP2025/07/001220", datetime(2025, 7, 22), "115,00 EUR", "115,00 EUR",
         "Jan Kowalski", "PESEL 03302101693", "680,00 EUR"],
        [732, "RE052200", "Rachunek", "RE52200", datetime(2024, 2, 7), "1 255,16 EUR", "627,58 EUR",
         "Ewa Zając", "PESEL 65042806072", "627,58 EUR"],
        [1, "FV/2024/02/0042", "Faktura VAT", 45336, datetime(2024, 3, 15), "300,00 EUR", "300,00 EUR",
         "Anna Nowak", "PESEL 89032105657", "300,00 EUR"],
    ):
        sheet.append(row)
    book.save(path)
    return path


def test_a_polish_debt_register_keeps_its_invoice_numbers_due_dates_and_what_is_still_owed(settings, tmp_path):
    prepared = prepare_file(_debt_register(tmp_path / "Dłużnicy.xlsx"), settings)
    assert _mapping(prepared) == {
        "Identyfikator użytkownika": "reference", "Termin wymagalności": "due_date", "Kwota zadłużenia": "amount",
        "Nazwa dłużnika": "debtor.name",
    }
    assert prepared.cases.select("reference", "due_date", "amount", "currency").rows() == [
        ("RE202112101203", date(2023, 4, 18), Decimal("1640.00"), "EUR"),
        ("FP2025/06/001200", date(2025, 7, 2), Decimal("565.00"), "EUR"),
        ("FP2025/07/001220", date(2025, 7, 22), Decimal("115.00"), "EUR"),
        ("RE052200", date(2024, 2, 7), Decimal("627.58"), "EUR"),
        ("FV/2024/02/0042", date(2024, 3, 15), Decimal("300.00"), "EUR"),
    ]
    # what is still owed wins over the obligation's amount by what it is, not by its place
    assert "amount: 'Kwota zadłużenia' (open balance) chosen over 'Kwota zobowiązania' (original amount)." \
        in prepared.mapping.notices
    assert "debtor's total debt" in next(c.reason for c in prepared.mapping.columns if c.column == "Całkowity dług")
    assert prepared.validation.invalid == 0


def test_the_day_a_debt_was_added_to_a_polish_register_is_not_its_issue_date(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "nowe.csv", (
        "Lp.;Identyfikator sprawy;Data dodania;Nazwa dłużnika;Z;Kwota zadłużenia\n"
        "1;RE202112101203;2024-08-29;Adam Beczak;1;3 607,05 PLN\n"
        "2;FP2025/06/001200;2025-08-01;Jan Kowalski;2;1 004,84 PLN\n"
        "3;RE23457;2025-09-05;Ewa Zając;1;2 888,37 PLN\n"
    ))
    assert _mapping(prepared) == {"Identyfikator sprawy": "reference", "Nazwa dłużnika": "debtor.name",
                                  "Kwota zadłużenia": "amount"}
    assert prepared.cases["issue_date"].to_list() == [None, None, None]
    assert prepared.cases["amount"].to_list() == [Decimal("3607.05"), Decimal("1004.84"), Decimal("2888.37")]


def test_a_polish_register_with_addresses_keeps_its_cases_and_writes_the_street_with_its_house_number(settings, tmp_path):
    # the register's script added each debtor's address where it found one: the street and the house
    # number in columns of their own ("Numer_domu" is no document's number), and the whole address raw
    prepared = _prepared(settings, tmp_path / "Dłużnicy_z_adresami.csv", (
        "Lp.;Identyfikator sprawy;Data dodania;Nazwa dłużnika;Identyfikator dłużnika;Z;Kwota zadłużenia;Znaleziono;"
        "Client_ID;Adres_korespondencyjny_raw;Ulica;Numer_domu;Kod_pocztowy;Miasto;Kraj\n"
        "1;RE202112101203;2024-08-29;Adam Beczak;PESEL 77030607394;1;3 607,05 PLN;NIE;;;;;;;\n"
        "2;FP2025/06/001200;2025-08-01;Jan Kowalski;PESEL 03302101693;1;1 004,84 PLN;TAK;101;"
        "Bodzów 2/ 1, 67-115 Bytom Odrzański;Bodzów;2/1;67-115;Bytom Odrzański;PL\n"
        "3;RE23457;2025-09-05;Ewa Zając;PESEL 89032105657;2;2 888,37 PLN;NIE;;;;;;;\n"
        "4;FP2025/07/001225;2025-10-07;Anna Nowak;PESEL 91102301896;1;1 743,36 PLN;TAK;102;"
        "Kościuszki 13b/1, 67-100 Nowa Sól;Kościuszki;13b/1;67-100;Nowa Sól;PL\n"
    ))
    assert _mapping(prepared) == {
        "Identyfikator sprawy": "reference", "Nazwa dłużnika": "debtor.name", "Kwota zadłużenia": "amount",
        "Ulica": "debtor.address.line1", "Numer_domu": "debtor.address.house_number",
        "Kod_pocztowy": "debtor.address.postal_code", "Miasto": "debtor.address.city", "Kraj": "debtor.address.country",
    }
    assert prepared.validation.invalid == 0
    assert prepared.cases.select("reference", "debtor.address.line1", "debtor.address.postal_code").rows() == [
        ("RE202112101203", None, None), ("FP2025/06/001200", "Bodzów 2/1", "67-115"),
        ("RE23457", None, None), ("FP2025/07/001225", "Kościuszki 13b/1", "67-100"),
    ]
    assert ("debtor.address.line1: the street of 'Ulica' is written with the house number of 'Numer_domu' "
            "(line 3: 'Bodzów 2/1').") in prepared.mapping.notices
    raw = next(c for c in prepared.mapping.columns if c.column == "Adres_korespondencyjny_raw")
    assert raw.reason == "lost to 'Ulica' (higher confidence); the street is written with the house number of 'Numer_domu'"


def test_the_sheet_choice_says_what_each_sheet_maps_fields_to_confirm_included(settings, tmp_path):
    # two sheets of one register whose columns all map only to confirm: the notice said "0 of 3 required
    # fields, 0 column(s) mapped" for both, right above a mapping of all three
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "stare"
    old.append(["Lp.", "Nazwa odbiorcy", "Kwota do windykacji", "Termin płatności"])
    new = book.create_sheet("nowe")
    new.append(["Lp.", "Nazwa odbiorcy", "Kwota sprawy"])
    for n, (name, amount) in enumerate((("Adam Beczak", "1 640,00"), ("Jan Kowalski", "565,00"), ("Ewa Zając", "627,58")), 1):
        old.append([n, name, amount, datetime(2025, 7, n)])
        new.append([n, name, amount])
    path = tmp_path / "Dłużnicy.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "stare"
    assert {c.column: (c.field, c.status) for c in prepared.mapping.columns} == {
        "Lp.": ("reference", "to_confirm"), "Nazwa odbiorcy": ("debtor.name", "to_confirm"),
        "Kwota do windykacji": ("amount", "to_confirm"), "Termin płatności": ("due_date", "mapped"),
    }
    found = "3 of 3 required fields (debtor.name to confirm, amount to confirm, reference to confirm)"
    assert prepared.read.source.notices[0] == (
        f"Sheet 'stare' was chosen: {found}, the due date, 4 column(s) mapped (3 to confirm); "
        f"runner-up: sheet 'nowe' ({found}, 3 column(s) mapped (3 to confirm))."
    )


def test_closed_beside_open_invoices_is_paid_and_mt_is_the_metical(settings, tmp_path):
    """Zoho Books writes "Closed" for an invoice paid, beside "Open" and "Overdue"; Mozambique's
    invoices write their metical "MT"."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice Number;Customer Name;Invoice Status;Total;Currency Code\n"
        "INV-001;Acme;Closed;100.00;MT\nINV-002;Beta;Overdue;250.00;MT\nINV-003;Gamma;Open;80.00;MT\n"
    ))
    assert prepared.cases.select("reference", "currency").rows() == [("INV-002", "MZN"), ("INV-003", "MZN")]
    # a Romanian ERP's "Valuta" column writes the leu "LEI"
    lei = _prepared(settings, tmp_path / "neincasate.csv", (
        "Valuta;Client;NumarDoc;Data;DataScadenta;Total;Achitat;Sold\n"
        "LEI;ABRUD SRL;250700086;02.07.2025;01.08.2025;6947.92;0;6947.92\n"
        "LEI;ALFA CONSTRUCT SRL;250700087;03.07.2025;02.08.2025;1200.00;200.00;1000.00\n"
    ))
    assert lei.mapping.field_columns()["currency"] == "Valuta"
    assert lei.cases.select("reference", "currency").rows() == [("250700086", "RON"), ("250700087", "RON")]
    # alone, "Closed" may close a customer's account: its invoices are still owed
    account = _prepared(settings, tmp_path / "accounts.csv", (
        "Invoice Number;Customer Name;Account Status;Total\nINV-001;Acme;Closed;100.00\nINV-002;Beta;Active;250.00\n"
    ))
    assert account.cases["reference"].to_list() == ["INV-001", "INV-002"]


def _pohoda_invoices(path: Path) -> Path:
    """Issued invoices as POHODA exports its agenda's table: the amounts of each document, what is
    left to settle ("K likvidaci", zero once settled, with the date "Likv"), the record's own
    creation time and its users' initials, the EET state."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "FA"
    sheet.append(["Číslo", "Typ", "Datum", "Splatno", "Likv", "Celkem", "K likvidaci", "Likvhradí", "Cizí měna",
                  "Firma", "Jméno", "Ulice", "PSČ", "Obec", "Země", "E-mail", "Vytvořeno", "Editoval", "Vytvořil",
                  "Stav EET"])
    rows = [
        ("21260001", "2026-01-12", "2026-01-26", None, 2420, 2420, "Soul of Sport s.r.o.", "2026-01-12 20:18:08"),
        ("21260002", "2026-01-12", "2026-01-26", "2026-01-26", 7865, 0, "NZ Reality a. s.", "2026-01-12 20:20:09"),
        ("21260003", "2026-01-30", "2026-02-13", "2026-02-13", 104060, 0, "GrapeNet s.r.o.", "2026-02-02 21:41:01"),
        ("25260004", "2026-03-27", "2026-04-03", "2026-05-04", 73762, 4356, "LASVIT s.r.o.", "2026-03-29 19:49:16"),
        ("21260009", "2026-04-10", "2026-04-24", None, 7865, 7865, "NZ Reality a. s.", "2026-04-11 19:20:41"),
    ]
    for number, issued, due, settled, total, left, firm, created in rows:
        sheet.append([
            number, "Faktura", datetime.fromisoformat(issued), datetime.fromisoformat(due),
            datetime.fromisoformat(settled) if settled else None, total, left, total - left, None, firm, None,
            "Komunardů 894/32", "170 00", "Praha", None, f"ucetni@{firm.split()[0].lower()}.cz",
            datetime.fromisoformat(created), "AM", "AM", "Nevstupuje",
        ])
    book.save(path)
    return path


def test_a_pohoda_export_owes_what_is_left_to_settle_and_leaves_the_settled_invoices_out(settings, tmp_path):
    prepared = prepare_file(_pohoda_invoices(tmp_path / "FA.xlsx"), settings)
    fields = prepared.mapping.field_columns()
    assert (fields["amount"], fields["issue_date"], fields["due_date"]) == ("K likvidaci", "Datum", "Splatno")
    # the country is "Země", blank: to confirm, and no debtor's country is read from the initials
    assert fields.get("debtor.address.country") == "Země"
    assert prepared.cases["debtor.address.country"].null_count() == prepared.cases.height
    # the settled invoices are paid, not amounts of zero to correct; the one paid in part owes the rest
    assert prepared.cases.select("reference", "amount", "issue_date").rows() == [
        ("21260001", Decimal("2420"), date(2026, 1, 12)),
        ("25260004", Decimal("4356"), date(2026, 3, 27)),
        ("21260009", Decimal("7865"), date(2026, 4, 10)),
    ]
    assert prepared.validation.invalid == 0
    notices = prepared.read.source.notices + prepared.mapping.notices
    assert "2 row(s) left out because their balance 'K likvidaci' is zero: the invoice is paid (rows 3, 4)." in notices
    # no status from the EET state, no Armenia from the initials, no rejection for the blank "Jméno"
    assert not [n for n in notices if "Stav EET" in n or "AMD" in n or "'Jméno' is blank" in n]
    # mapped by hand, the balance is still a balance
    from getbill_import.pipeline import PrepareOptions

    by_hand = prepare_file(tmp_path / "FA.xlsx", settings, PrepareOptions(assign=(("K likvidaci", "amount"),)))
    assert by_hand.cases["reference"].to_list() == ["21260001", "25260004", "21260009"]
    assert by_hand.validation.invalid == 0


def test_a_credit_note_naming_its_invoice_is_taken_off_it(settings, tmp_path):
    """An invoice list with its credit notes (a chauffeur company's Pennylane-like export): a
    credit note whose words name an invoice of its debtor, or that the invoice's words name,
    cancels it in full or takes part of it off; a credit note naming another debtor's invoice is not
    taken off it (its debtor, owing nothing, is owed it: left out), and one larger than the invoice it names is netted with its debtor's
    invoices, leaving the debtor owed nothing."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "N° facture;Client;Intitulé;Montant TTC\n"
        "F-111;Pilgrims Ltd;Mission Cannes (facture annulée par l'avoir n°F-115);10500,00\n"
        "F-112;Pilgrims Ltd;Mission Cannes 18/06;4500,00\n"
        "F-113;Acme;Transfert aéroport;300,00\n"
        "F-114;Pilgrims Ltd;Avoir annulant la facture n°F-112;-4500,00\n"
        "F-115;Pilgrims Ltd;Mission Cannes 12/06/2025;-10500,00\n"
        "F-116;Beta SA;Remise accordée sur F-117;-100,00\n"
        "F-117;Beta SA;Location van;700,00\n"
        "F-118;Gamma;Avoir sur la facture F-113;-50,00\n"
        "F-119;Delta;Avoir sur F-120;-900,00\n"
        "F-120;Delta;Location (voir F-117);800,00\n"
    ))
    assert _mapping(prepared)["Client"] == "debtor.name"
    owed = _owed(prepared)
    assert owed == {"F-113": Decimal("300.00"), "F-117": Decimal("600.00")}
    excluded = {e.line: e.reason for e in prepared.read.source.excluded_lines}
    assert {line: excluded.get(line) for line in (2, 3, 5, 6, 7)} == {
        2: "credited", 3: "credited", 5: "credited", 6: "credited", 7: "posting",
    }
    # Gamma's credit note names another debtor's invoice: not taken off it; Gamma owes nothing, and its
    # credit is left out
    assert not _invalid(prepared) and excluded[9] == "credit"
    assert any(n.startswith("2 credit note(s) cancel an invoice of the file in full (row 6 credits the invoice of row 2, naming "
                            "it or named by it): both are left out")
               and "1 credit note(s) take part of an invoice of the file off (row 7 credits the invoice of row 8)" in n
               for n in prepared.read.source.notices)


def test_a_brazilian_receivables_list_says_which_invoices_are_settled(settings, tmp_path):
    """A Brazilian haulier's ERP "Contas a receber": 'Baixado' Sim/Não says an invoice is settled;
    beside it, without the flag, 'Dt. Pagamento' written on the paid rows only and 'Valor Pago'
    (whole numbers) each say so too. A discount, interest and a fine are no payment."""
    header = "Nº Documento;Cliente;Valor Total;Dt. Vencimento;Baixado;Dt. Pagamento;Valor Pago;Desconto;Juros\n"
    rows = [
        "338;LOJAS EDMIL S/A;20390;21/07/2026;Sim;22/07/2026;20390;0;0\n",
        "346;VILLA CAFE;20026,30;25/07/2026;Sim;25/07/2026;19226,30;800;0\n",
        "350;MINERVA S A;6209,74;14/08/2026;Não;;0;0;0\n",
        "351;MINERVA S A;300;04/09/2026;Não;;0;0;12,50\n",
        "352;TRANSLOG LTDA;4500;10/09/2026;Não;;1500;0;0\n",
    ]
    flagged = _prepared(settings, tmp_path / "receber.csv", header + "".join(rows))
    owed = _owed(flagged)
    assert owed == {"350": Decimal("6209.74"), "351": Decimal("300.00"), "352": Decimal("3000.00")}
    # without the flag: the payment date and the amount paid say the same
    unflagged = _prepared(settings, tmp_path / "receber2.csv", "".join(
        ";".join(c for i, c in enumerate(line.rstrip("\n").split(";")) if i != 4) + "\n" for line in [header, *rows]
    ))
    owed = _owed(unflagged)
    assert owed == {"350": Decimal("6209.74"), "351": Decimal("300.00"), "352": Decimal("3000.00")}


def test_an_argentine_instalment_list_is_read_by_its_invoice_not_its_instalment(settings, tmp_path):
    """A cooperative's credit sales: 'CUOTA N°' is this month's instalment (3 of 12), never the
    invoice; 'FACT.' is; 'REMITO' is a delivery note's number, no phone. A lender's list: the
    loan's code ('Cod.Credito') is the debt, not the borrower's identity document ('Nº Documento'),
    nor is the instalment's amount ('Cuota $') a part of it; '$' is said to be a peso, too."""
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        "APELLIDO Y NOMBRES;FCHA OPER.;FACT.;MONTO TOTAL;REMITO;CTA. COMPU.;CUOTA N°\n"
        "SANCHEZ EMILIANO;10/05/2024;23068;157000;0032-29759;12;6\nPEREZ ANA;12/06/2024;23071;98000;0032-29761;10;5\n"
        "GOMEZ LUIS;15/07/2024;23080;45000;0032-29770;6;4\nDIAZ MARTA;20/08/2024;23102;60000;0032-29790;12;3\n"
        "LOPEZ JUAN;02/09/2024;23110;33000;0032-29801;6;3\n"
    ))
    fields = prepared.mapping.field_columns()
    assert fields["reference"] == "FACT." and "debtor.phone" not in fields
    assert len(_invalid(prepared)) == 0 and prepared.cases.height == 5
    lender = _prepared(settings, tmp_path / "morosos.csv", (
        "Nº Documento;Apellido y Nombre;Cuota $;Saldo $;Cod.Credito\n"
        "35897958;MONGE CARLOS;33737;851462,84;22022250\n35897958;MONGE CARLOS;12500;120000,00;22022251\n"
        "27194313;RODRIGUEZ ANA;94620;410300,50;22022252\n27260913;CABRERA GLADYS;18000;96000,00;22022253\n"
    ))
    assert lender.mapping.field_columns()["reference"] == "Cod.Credito"
    assert sorted(lender.cases["reference"].to_list()) == ["22022250", "22022251", "22022252", "22022253"]
    assert any("'$' is also the sign of the peso" in n for n in lender.notices)
    # an insurer's instalments with no money column: how many instalments ('Total_Cuotas') is no amount
    with pytest.raises(MappingError, match=r"recognised as the amount"):
        _prepared(settings, tmp_path / "cobros.csv", (
            "Poliza;Cliente;Total_Cuotas;Cuota_Actual;Estado\nP-100;Ana Ruiz;12;3;Pendiente\nP-101;Luis Mora;6;2;Pendiente\n"
            "P-102;Eva Sanz;4;4;Cobrado\nP-103;Raul Gil;2;1;Pendiente\n"
        ))


def test_a_workflow_stage_that_cancels_the_job_leaves_it_out(settings, tmp_path):
    """A kitchen fitter's open jobs: 'Status' holds the job's stages, which are no invoice
    statuses ("Permit", "In install"); the stage that cancels the job ("Cancelled/Postponed") says
    its invoice is not owed, and no other stage says anything."""
    stages = ["Permit", "In install", "Cancelled/Postponed", "Waiting for materials", "Done", "Ready to dispatch"]
    prepared = _prepared(settings, tmp_path / "jobs.csv", "Invoice #,Customer,Balance,Status\n" + "".join(
        f"18457{n},Customer {n},{1000 + n}.00,{stage}\n" for n, stage in enumerate(stages)
    ))
    assert sorted(prepared.cases["reference"].to_list()) == ["184570", "184571", "184573", "184574", "184575"]
    assert {e.line: e.reason for e in prepared.read.source.excluded_lines}.get(4) == "closed"


def test_a_lenders_arrears_list_is_read_by_its_loan_number(settings, tmp_path):
    """A Kenyan microfinance arrears list: 'loan_id' is the debt, not the record's 'id'; a loan
    'is_cleared' is not owed; the remaining balance beats the original amount."""
    prepared = _prepared(settings, tmp_path / "arrears.csv", (
        "id,loan_id,customer_name,original_amount,remaining_amount,is_cleared\n"
        "789,901,JUDITH ODHIAMBO,12000.0,4600.0,False\n788,837,SARAH AWUOR OLELE,4800.0,1660.0,True\n"
        "787,836,PETER OTIENO,3000.0,3000.0,False\n786,835,MARY WANJIKU,9000.0,250.0,False\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["amount"]) == ("loan_id", "remaining_amount")
    owed = _owed(prepared)
    assert owed == {"901": Decimal("4600.00"), "836": Decimal("3000.00"), "835": Decimal("250.00")}


def test_a_loan_books_arrears_are_owed_not_its_whole_balance(settings, tmp_path):
    """A Zambian lender's daily loan book: 'LoanRefId' is the loan, not the phone numbers of
    'Numbers' (read near the Polish 'numer'); what an arrears list chases is 'ArrearAmount', not the
    whole balance still to run ('PendingCollectableAmount', future instalments included), a loan of
    no arrears is not owed, and arrears computed to three decimals are read to the cent."""
    prepared = _prepared(settings, tmp_path / "loanbook.csv", (
        "LoanRefId,CustomerName,LoanAmount,Numbers,ArrearAmount,PendingCollectableAmount\n"
        "XF1001,MWILA BANDA,80888.08,260977358686,134501.565,159190.80\n"
        "XF1002,CHOMBA PHIRI,12000.00,260966123456,1317.275,2157.70\n"
        "XF1003,NATASHA ZULU,9000.00,260955987654,0,4100.00\n"
        "XF1004,JOSEPH MULENGA,15000.00,260977358686,2210.335,6600.50\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["amount"]) == ("LoanRefId", "ArrearAmount")
    owed = _owed(prepared)
    assert owed == {"XF1001": Decimal("134501.57"), "XF1002": Decimal("1317.28"), "XF1004": Decimal("2210.34")}


def test_a_banks_loans_in_litigation_are_owed_their_claim(settings, tmp_path):
    """A Moroccan bank's loans in litigation: 'Code contrat' is the debt, not 'NBRE_IMPAYES' (the
    count of instalments missed); the claim at the day ('Creance 03 06') is owed, not the books'
    balance (nil once the loan is written off) nor the principal left (nil once it is called in);
    a date written '-' is no date."""
    prepared = _prepared(settings, tmp_path / "contentieux.csv", (
        "Code contrat;Nom Prenom;Solde comptable 03 06;NBRE_IMPAYES 03 06;Capital_restant_du 03 06;Creance 03 06;Date AM\n"
        "0012211012400;EL AMRANI SAID;2416943,80;10;0;2416943,80;12/03/2024\n"
        "0012211011100;BENNANI FATIMA;0;4;0;141584,60;-\n"
        "0012211013700;TAZI KARIM;7317,97;0;7317,97;7522,45;-\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["amount"]) == ("Code contrat", "Creance 03 06")
    owed = _owed(prepared)
    assert owed == {
        "0012211012400": Decimal("2416943.80"), "0012211011100": Decimal("141584.60"), "0012211013700": Decimal("7522.45"),
    }


def test_open_items_of_invoices_split_in_instalments_are_each_a_debt(settings, tmp_path):
    """A Brazilian group's SAP open items: an invoice split in instalments writes its reference on
    a row per instalment, each with its due date (a debt each, not a repeat); a debt agreement's
    instalments write 'TERMO DE ACORDO' for each debtor; each division numbers its own documents."""
    header = "Tipo de documento;Data do documento;Vencimento líquido;Montante em moeda interna;Referência;Divisão;Conta;Nome 1\n"
    rows = [
        "DP;05/08/2014;01/09/2014;4954,83;001471-U;A014;C001354026;CONSTRUTORA ALFA LTDA",
        "DP;05/08/2014;01/10/2014;4954,83;001471-U;A014;C001354026;CONSTRUTORA ALFA LTDA",
        "DS;10/01/2020;10/02/2020;1000,00;TERMO DE ACORDO;A111;C049949999;OBRAS BETA ME",
        "DS;10/01/2020;10/03/2020;1000,00;TERMO DE ACORDO;A111;C049949999;OBRAS BETA ME",
        "DS;15/01/2020;15/02/2020;750,00;TERMO DE ACORDO;A111;C045398999;GAMA ENGENHARIA",
        "DP;11/03/2005;10/04/2005;2300,00;009397;A062;C049949999;OBRAS BETA ME",
        "DP;02/05/2012;01/06/2012;5100,00;009397;A103;C045398999;GAMA ENGENHARIA",
        "DP;02/05/2012;01/06/2012;800,00;009400;A103;C045398999;GAMA ENGENHARIA",
        "DP;02/05/2012;01/06/2012;800,00;009400;A103;C045398999;GAMA ENGENHARIA",
    ]
    prepared = _prepared(settings, tmp_path / "fbl5n.csv", header + "\n".join(rows) + "\n")
    owed = _owed(prepared)
    assert owed == {
        "A014-001471-U (01/09/2014)": Decimal("4954.83"), "A014-001471-U (01/10/2014)": Decimal("4954.83"),
        "A111-TERMO DE ACORDO (OBRAS BETA ME) (10/02/2020)": Decimal("1000.00"),
        "A111-TERMO DE ACORDO (OBRAS BETA ME) (10/03/2020)": Decimal("1000.00"),
        "A111-TERMO DE ACORDO (GAMA ENGENHARIA)": Decimal("750.00"),
        "A062-009397": Decimal("2300.00"), "A103-009397": Decimal("5100.00"), "A103-009400": Decimal("800.00"),
    }
    # an item written twice is a copy, not two debts
    assert prepared.validation.valid == 8


def test_a_number_charged_again_on_other_days_is_a_debt_each_day(settings, tmp_path):
    """An Indian distributor's bill-wise outstandings without due dates: a cheque returned unpaid is
    charged each time it bounces, under the cheque's number, dated the day of the charge. Each row is
    a debt of its own, named by the number and its date; the same row written twice is a copy."""
    prepared = _prepared(settings, tmp_path / "outstanding.csv", (
        "PARTYNAME,BILLNO,BILLDATE,BILLAMT,BALANCE\n"
        "A K PHARMACY,Ch.Dish.018987,31-Mar-26,500,500\n"
        "A K PHARMACY,BHI/07855,04-Apr-26,9100,9100\n"
        "A K PHARMACY,Ch.Dish.018987,11-May-26,500,500\n"
        "A K PHARMACY,Ch.Dish.018987,03-Jun-26,500,500\n"
        "SAI MEDICAL,BHI/07901,05-Apr-26,1200,1200\n"
        "SAI MEDICAL,PUN/00012,06-Apr-26,300,300\n"
        "SAI MEDICAL,PUN/00012,06-Apr-26,300,300\n"
    ))
    assert _owed(prepared) == {
        "Ch.Dish.018987 (31-Mar-26)": Decimal("500"), "Ch.Dish.018987 (11-May-26)": Decimal("500"),
        "Ch.Dish.018987 (03-Jun-26)": Decimal("500"), "BHI/07855": Decimal("9100"), "BHI/07901": Decimal("1200"),
        "PUN/00012": Decimal("300"),
    }
    # the row written twice the same day is a copy, left out
    assert prepared.cases.height == 6
    assert any(n.startswith("reference: 1 number(s) are written on several rows for the same debtor, each row dated a "
                            "day of its own in 'BILLDATE' (rows 2, 4, 5)") for n in prepared.read.source.notices)
    # the number charged once to another debtor too (a cheque of the same number): each debtor's rows
    # are read on their own, where all of them had been rejected as one reference written twice
    shared = _prepared(settings, tmp_path / "shared.csv", (
        "PARTYNAME,BILLNO,BILLDATE,BILLAMT,BALANCE\n"
        "A K PHARMACY,Ch.Dish.000035,31-Mar-26,500,500\nA K PHARMACY,BHI/07855,04-Apr-26,9100,9100\n"
        "A K PHARMACY,Ch.Dish.000035,11-May-26,500,500\nCHAVAN PHARMA,Ch.Dish.000035,02-Feb-26,500,500\n"
        "CHAVAN PHARMA,BHI/07901,05-Apr-26,1200,1200\n"
    ))
    assert _owed(shared) == {
        "Ch.Dish.000035 (31-Mar-26)": Decimal("500"), "BHI/07855": Decimal("9100"), "Ch.Dish.000035 (11-May-26)": Decimal("500"),
        "Ch.Dish.000035": Decimal("500"), "BHI/07901": Decimal("1200"),
    }


def test_a_guardian_of_several_students_owes_a_debt_for_each(settings, tmp_path):
    """A Colombian school's arrears: a row per student, owed by the student's guardian ('acudiente'),
    who may have several children at the school; no column numbers the debts. Each debt is named by
    the guardian and the student; the file had been refused for a missing reference."""
    prepared = _prepared(settings, tmp_path / "morosos.csv", (
        "Nombre estudiante,acudiente,grado,deuda total\n"
        "Agudelo Luciana,Agudelo Juliet Cristina,SEGUNDO,3633529\n"
        "Aguirre Naranjo Sara,Aguirre Naranjo Bryan Stiven,PRIMERO,454872\n"
        "Aguirre Naranjo Tomas,Aguirre Naranjo Bryan Stiven,OCTAVO,380029\n"
        "Alvarez Ortiz Camila,Alvarez Ortiz Gladyss Patricia,ONCE,421301\n"
    ))
    assert _owed(prepared) == {
        "Agudelo Juliet Cristina (Agudelo Luciana)": Decimal("3633529"),
        "Aguirre Naranjo Bryan Stiven (Aguirre Naranjo Sara)": Decimal("454872"),
        "Aguirre Naranjo Bryan Stiven (Aguirre Naranjo Tomas)": Decimal("380029"),
        "Alvarez Ortiz Gladyss Patricia (Alvarez Ortiz Camila)": Decimal("421301"),
    }
    assert set(prepared.cases["debtor.name"].to_list()) == {
        "Agudelo Juliet Cristina", "Aguirre Naranjo Bryan Stiven", "Alvarez Ortiz Gladyss Patricia"}


def test_a_payment_written_again_in_the_company_s_currency_is_taken_off_once(settings, tmp_path):
    """ERPNext's Sales Invoice export writes what was paid in the invoice's currency, in the company's
    and in its payment table: an invoice of 1000 paid 400 owes 600 (it had been owed 200, the payment
    taken off twice), and a return refunded in full (-7740 paid back) is settled, no negative debt."""
    prepared = _prepared(settings, tmp_path / "Sales Invoice.csv", (
        '"ID","Customer Name","Grand Total","Paid Amount","Paid Amount (Company Currency)","Amount (Sales Invoice Payment)"\n'
        '"SINV-1","Hamada Elshazly",1000.0,400.0,400.0,400.0\n"SINV-2","Omar Said",500.0,0.0,0.0,\n'
        '"SINV-3","Ali Hassan",300.0,300.0,300.0,300.0\n"SINV-4","Hamada Elshazly",-7740.0,-7740.0,-7740.0,-7740.0\n'
    ))
    assert _owed(prepared) == {"SINV-1": Decimal("600.00"), "SINV-2": Decimal("500.00")}
    assert prepared.cases.height == 2


def test_amounts_in_currencies_no_column_names_are_said(settings, tmp_path):
    """Unleashed writes each invoice's total in its own currency ("Total") and in the company's
    ("BCTotal"), and the customer's currency as an index ("Customer.CurrencyId": 110, 8). Where they
    differ, the invoice is in a currency nothing names: what it owes is its own total, read in the
    default currency all the same, and a notice names the rows and how to import them rightly."""
    header = "InvoiceNumber,Customer.CustomerName,Customer.CurrencyId,DueDate,Total,BCTotal\n"
    prepared = _prepared(settings, tmp_path / "invoices.csv", header + (
        "SI-00000121,Acme Ltd,110,2022-03-27,100.00,100.00\nSI-00000122,Kiwi Traders,8,2022-03-28,200.00,125.40\n"
        "SI-00000123,Acme Ltd,110,2022-03-29,50.00,50.00\n"
    ))
    assert _owed(prepared)["SI-00000122"] == Decimal("200.00")
    assert ("amount: 'Total' differs from 'BCTotal', the amount in the company's currency, on 1 row(s) (row 3): those "
            "invoices are in other currencies, which no column names, and are read in the default currency all the same. "
            "Add a column of each invoice's currency code, or import the company's amounts instead (--set "
            "'BCTotal=amount').") in prepared.read.source.notices
    alike = _prepared(settings, tmp_path / "alike.csv", header + (
        "SI-1,Acme Ltd,110,2022-03-27,100.00,100.00\nSI-2,Kiwi Traders,110,2022-03-28,200.00,200.00\n"
    ))
    assert not any("company's currency" in n for n in alike.read.source.notices)


def test_claims_the_payer_rejected_are_disputed_and_arrears_statuses_are_known(settings, tmp_path):
    """A hospital's insurance claims: a claim the insurer rejected is owed but contested (a warning,
    like a disputed invoice), one held for review ('Pended') is owed; a lender's loans in early or
    late arrears, or deemed uncollectible, are owed. None is said to be a status the tool does not know."""
    claims = _prepared(settings, tmp_path / "claims.csv", (
        "Claim No,Payer,Net Amount Due,Status\nC1,Tawuniya,100.00,Rejected\nC2,Bupa,200.00,Approved\n"
        "C3,Tawuniya,300.00,Pended\n"
    ))
    assert _owed(claims) == {"C1": Decimal("100.00"), "C2": Decimal("200.00"), "C3": Decimal("300.00")}
    assert "disputed-invoice" in _verdicts(claims)[2] and "disputed-invoice" not in _verdicts(claims)[4]
    loans = _prepared(settings, tmp_path / "cartera.csv", (
        "id_credito,cliente,saldo_total,estado_credito\nCR-00001,Lucía Fernández,60765.47,Mora Temprana\n"
        "CR-00002,Juan Pérez,1200.00,Mora Avanzada\nCR-00003,Ana Gómez,800.00,Incobrable\n"
    ))
    assert set(_owed(loans)) == {"CR-00001", "CR-00002", "CR-00003"}
    for prepared in (claims, loans):
        assert not any("no status the tool knows" in n for n in prepared.read.source.notices)


def test_a_refusal_names_a_description_that_holds_a_name_on_each_row(settings, tmp_path):
    """An Indian distributor's party-wise ledger summary writes each party under 'Description': the
    file is refused for the debtor's name (a description may be anything), but the refusal says which
    column to set; a description of items, written again on several rows, is not named."""
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "ledgersummary.csv", (
            "Description,Total,Aug-26,Jul-26\nA K PHARMACY - GOVANDI,1321.00,1254.00,67.00\n"
            ".ALKEM (SAMPLE),16992.00,1635.00,495.00\nSAI MEDICAL STORES,800.00,800.00,0.00\n"
        ))
    assert ("'Description' holds a different name on each row ('A K PHARMACY - GOVANDI'): if those are the debtors, "
            "set it (--set 'Description=debtor.name').") in str(refused.value)
    items = _refusal_message(settings, tmp_path / "items.csv", (
        "Description,Total\nConsulting,100.00\nConsulting,200.00\nHosting,50.00\nConsulting,75.00\n"
    ))
    assert "holds a different name on each row" not in items
    # notes written on a few rows ("Partial payment received") name no debtor
    notes = _refusal_message(settings, tmp_path / "notes.csv", (
        "invoice_id,customer_id,total_amount,notes\nINV-1,CUST-1001,900.00,\nINV-2,CUST-1002,450.00,Partial payment received\n"
        "INV-3,CUST-1003,120.00,\nINV-4,CUST-1004,75.00,Sent twice\nINV-5,CUST-1005,60.00,Customer disputes the fee\n"
        "INV-6,CUST-1006,30.00,\n"
    ))
    assert "holds a different name on each row" not in notes


def test_a_line_s_subtotal_price_beside_its_quantity_is_not_multiplied_again(settings, tmp_path):
    """Odoo's sales-order lines: 'price_subtotal_ref' is the line's price with its quantity counted in
    (4 × 85.45 = 341.80), read as a unit price it had been multiplied again (1,367.20)."""
    path = tmp_path / "ventas.csv"
    path.write_text(
        "Order,partner_id,product_uom_qty,price_unit_usd,price_subtotal_ref\n"
        "S00001,GARAJE FRIDELBA C.A,1,61.00,61.00\nS00002,TALLER EL SOL C.A,4,85.45,341.80\n"
        "S00003,REPUESTOS LARA C.A,2,10.00,20.00\nS00004,AUTO CENTRO C.A,3,5.50,16.50\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("partner_id", "debtor.name"),)))
    assert _owed(prepared) == {"S00001": Decimal("61.00"), "S00002": Decimal("341.80"), "S00003": Decimal("20.00"),
                               "S00004": Decimal("16.50")}
    assert not any("is a unit price beside" in n for n in prepared.read.source.notices)


def test_a_log_of_payments_received_is_refused_as_one(settings, tmp_path):
    """A Colombian lender's collections of the month ('recaudo'): every row dated in
    'FECHA_RECAUDO', its amount in an aged bucket spelled in words ('MAS_NOVENTA', no invoice
    number). Refused for the amount, saying the file is a log of payments, not inviting to name an
    amount that would import payments as debts."""
    path = tmp_path / "recaudo-2025-10.csv"
    path.write_text(
        "FUENTE;FECHA_VENCIMIENTO;FECHA_RECAUDO;CLIENTE;NOMBRE;FACTURA;POR_VENCER;TREINTA_DIAS;MAS_NOVENTA\n"
        "IC;05/09/2025;02/10/2025;8001;ANA PEREZ;FV-1201;0;250000;0\n"
        "IC;10/05/2025;03/10/2025;8002;LUIS GOMEZ;FV-0890;0;0;410000\n"
        "IC;28/10/2025;06/10/2025;8003;RAUL DIAZ;FV-1322;180000;0;0\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert raised.value.facts["missing"] == ["amount"]
    assert "Every row has a date of payment in 'FECHA_RECAUDO': the file is a log of payments received" in str(raised.value)
    mapped = {c["column"]: c["field"] for c in raised.value.facts["document"]["columns"]}
    assert (mapped["FACTURA"], mapped["MAS_NOVENTA"]) == ("reference", None)
    # a payee's name on every row is no date of payment: a broker's unpaid fees are not said to be one
    path.write_text(
        "INV_CODE,Invoice_Date,Payee,Firm_Code,Rate,Status\nQ-101,2024-03-01,Quincy,ABC,500,Unpaid\n"
        "Q-102,2024-03-01,Quincy,XYZ,750,Unpaid\nQ-103,2024-04-01,Quincy,ABC,500,Unpaid\n",
        encoding="utf-8",
    )
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert "log of payments" not in str(raised.value)
    # amounts paid under 'paid' (50000, 60000: a spreadsheet's day numbers as well) are no dates of payment
    path.write_text("reg_number,total_fees,paid,scholarship_amount\n231FA04258,120000,50000,15000\n"
                    "231FA05112,110000,60000,10000\n231FA06075,100000,75000,0\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert "log of payments" not in str(raised.value)


def test_a_cooperatives_overdue_loans_are_read_by_their_operation(settings, tmp_path):
    """An Ecuadorian credit cooperative's overdue loans: 'CEDULA' (the identity card's number) is no
    amount (it was read as the French 'dû' once 'CE' was set aside: 1.79e13 owed), 'OPERACION' is
    the loan's number, not a phone; the balances by ledger account ('SALDO 14,0X', 'SALDO 14,1X')
    are parts of one balance, not the amount; 'ESTADO MORA' is no region."""
    prepared = _prepared(settings, tmp_path / "asignacion.csv", (
        "FECHA DEL PROCESO;NOMBRE;CEDULA;OPERACION;SALDO CAP PREST;SALDO 14,0X;SALDO 14,1X;SALDO 14,2X;ESTADO MORA\n"
        "30/06/2026;ANA MORA;1712345678;2023050112;4500,00;4000,00;500,00;0,00;FIN_DE_MES\n"
        "30/06/2026;LUIS CHAVEZ;0912345670;2022110045;12000,50;0,00;0,00;12000,50;FIN_DE_MES\n"
        "30/06/2026;ROSA QUISPE;1101234567;2024020301;800,00;800,00;0,00;0,00;FIN_DE_MES\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["amount"]) == ("OPERACION", "SALDO CAP PREST")
    assert "debtor.address.region" not in fields and "debtor.phone" not in fields
    owed = _owed(prepared)
    assert owed == {"2023050112": Decimal("4500.00"), "2022110045": Decimal("12000.50"), "2024020301": Decimal("800.00")}


def test_a_comment_whose_bytes_cannot_be_decoded_does_not_reject_its_debt(settings, tmp_path):
    """A Brazilian receivables list whose comment column ('Observação', kept as metadata) holds a
    character an earlier program could not decode: the debt is imported, with a warning; the same
    character in the debtor's name still rejects its row."""
    path = tmp_path / "receber.csv"
    path.write_text(
        "Documento;Nome cliente;Em aberto;Vencimento;Observação\n1271;Residencial Jardins;1500,00;10/05/2025;ok\n"
        "1274;São João;10,00;16/05/2025;ação\n"
        # the replacement character an earlier program wrote for what it could not decode
        "1272;Condominio Montpellier;820,50;12/05/2025;acordo \ufffd feito\n1273;Edif\ufffdcio Sul;99,90;15/05/2025;\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == ["1271", "1274", "1272"]
    undecodable = prepared.problems.filter(pl.col("code") == "undecodable-text").select("line", "column", "severity").rows()
    assert undecodable == [(4, "Observação", "warning"), (5, "Nome cliente", "error")]


def test_debts_without_a_document_number_beside_numbered_ones_are_named_by_debtor_and_due_date(settings, tmp_path):
    """A facilities group's open receivables: a month's service charge is billed without a document
    number beside numbered invoices; each such debt is its debtor's of its due date (stable from one
    export to the next), not a row rejected for its reference. A list whose reference is blank on
    most rows is left as it is, and so is a number forgotten on one row or two (the samples', a
    complete list's)."""
    header = "Documento;Nome cliente;Vencimento;Em aberto\n"
    rows = ("1525;Residencial Jardins;15/08/2022;1500,00\n;Condominio Sul;25/05/2024;675,62\n"
            "1563;Edificio Montpellier;15/09/2022;820,50\n;Condominio Sul;25/06/2024;675,62\n"
            "2071;Residencial Jardins;30/11/2023;99,90\n;Edificio Montpellier;25/06/2024;410,00\n"
            "2072;Edificio Montpellier;30/11/2023;99,90\n")
    prepared = _prepared(settings, tmp_path / "receber.csv", header + rows)
    assert prepared.cases.filter(pl.col(VALID))["reference"].to_list() == [
        "1525", "Condominio Sul (25/05/2024)", "1563", "Condominio Sul (25/06/2024)", "2071",
        "Edificio Montpellier (25/06/2024)", "2072",
    ]
    mostly_blank = _prepared(settings, tmp_path / "blank.csv", header + (
        "1525;Residencial Jardins;15/08/2022;1500,00\n;Condominio Sul;25/05/2024;675,62\n;Edificio Montpellier;15/09/2022;820,50\n"
    ))
    assert mostly_blank.cases.filter(pl.col(VALID))["reference"].to_list() == ["1525"]
    # ...unless its header names the invoice's number: most debts billed without a tax invoice (a Brazilian
    # firm's fees beside its "Numero da Nota Fiscal")
    fiscal = _prepared(settings, tmp_path / "fiscal.csv", header.replace("Documento", "Numero da Nota Fiscal") + (
        "1525;Residencial Jardins;15/08/2022;1500,00\n;Condominio Sul;25/05/2024;675,62\n;Edificio Montpellier;15/09/2022;820,50\n"
        ";Residencial Jardins;15/10/2022;300,00\n"
    ))
    assert fiscal.cases.filter(pl.col(VALID))["reference"].to_list() == [
        "1525", "Condominio Sul (25/05/2024)", "Edificio Montpellier (15/09/2022)", "Residencial Jardins (15/10/2022)"]
    # two of one debtor due the same day, issued on different days (two units' charges): told apart
    # by their issue date, where both were rejected as one reference written twice
    issued = _prepared(settings, tmp_path / "emitidos.csv", "Documento;Nome cliente;Emissão;Vencimento;Em aberto\n" + (
        "1525;Residencial Jardins;01/08/2022;15/08/2022;1500,00\n;Condominio Sul;11/09/2024;30/09/2024;1987,23\n"
        "1563;Edificio Montpellier;01/09/2022;15/09/2022;820,50\n;Condominio Sul;19/09/2024;30/09/2024;200,00\n"
        "2071;Residencial Jardins;01/11/2023;30/11/2023;99,90\n;Edificio Montpellier;01/06/2024;25/06/2024;410,00\n"
        "2072;Edificio Montpellier;01/11/2023;30/11/2023;99,90\n"))
    assert _owed(issued) == {
        "1525": Decimal("1500.00"), "Condominio Sul (30/09/2024, issued 11/09/2024)": Decimal("1987.23"),
        "1563": Decimal("820.50"), "Condominio Sul (30/09/2024, issued 19/09/2024)": Decimal("200.00"),
        "2071": Decimal("99.90"), "Edificio Montpellier (25/06/2024)": Decimal("410.00"), "2072": Decimal("99.90"),
    }
    assert any("2 of them, of one debtor due the same day, are told apart by their issue date ('Emissão')" in n
               for n in issued.read.source.notices)
    # two fees of one client due the same day, neither with an issue date: told apart by their amounts as
    # billed (not by a balance left, which a part payment changes)
    billed = header.replace("Documento", "Numero da Nota Fiscal").replace("Em aberto", "Valor (R$)")
    fees = _prepared(settings, tmp_path / "honorarios.csv", billed + (
        "1525;Residencial Jardins;15/08/2022;1500,00\n;Condominio Sul;05/03/2023;490,00\n;Condominio Sul;05/03/2023;120,00\n"
        ";Edificio Montpellier;15/09/2022;820,50\n"
    ))
    assert _owed(fees) == {"1525": Decimal("1500.00"), "Condominio Sul (05/03/2023, 490,00)": Decimal("490.00"),
                           "Condominio Sul (05/03/2023, 120,00)": Decimal("120.00"),
                           "Edificio Montpellier (15/09/2022)": Decimal("820.50")}


def test_a_line_total_is_offered_for_the_amount_of_a_line_item_export_and_the_lines_added(settings, tmp_path):
    """FreshBooks' invoice details: one row per item, 'Line Subtotal' and 'Line Total' and no column
    of the invoice's amount. Each line's total (tax included) is offered for the amount, and an
    invoice's lines are added up, where the file was refused for its amount."""
    prepared = _prepared(settings, tmp_path / "details.csv", (
        "Client Name,Invoice #,Date Issued,Invoice Status,Item Name,Line Subtotal,Tax 1 Amount,Line Total,Currency\n"
        "X-Men,0000001,2021-01-05,sent,Design,600.00,50.00,650.00,USD\n"
        "X-Men,0000001,2021-01-05,sent,Hosting,450.00,40.00,490.00,USD\n"
        "X-Men,0000001,2021-01-05,sent,Build,6250.00,500.00,6750.00,USD\n"
        "Avengers,0000002,2021-01-06,sent,Design,100.00,10.00,110.00,USD\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Line Total"
    assert _owed(prepared) == {"0000001": Decimal("7890.00"), "0000002": Decimal("110.00")}


def test_a_claims_id_is_offered_for_the_reference_and_a_patients_is_not(settings, tmp_path):
    """A billing service's open claims, keyed by 'VisitID' (each row's own: 66956M994309), the payer
    owing each: the visit's id is offered for the reference, where the file was refused for it. A
    patient's id names a debtor, not a debt: it is not offered."""
    rows = [f"{66956 + n}M99430{n},{['Medicare', 'Humana', 'Aetna'][n % 3]},{500 + n}.25,{100 + n}\n" for n in range(10)]
    prepared = _prepared(settings, tmp_path / "claims.csv", "VisitID,Insurance_Name,Balance_Amount,Aging_Days\n" + "".join(rows))
    assert prepared.mapping.field_columns()["reference"] == "VisitID"
    assert len(_owed(prepared)) == 10
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "patients.csv", "patient_id,Insurance_Name,Balance_Amount\n" + "".join(
            f"P{n:03d},{['Medicare', 'Humana'][n % 2]},{500 + n}.25\n" for n in range(10)))
    assert refused.value.facts["missing"] == ["reference"]


def test_a_card_s_id_is_offered_for_the_reference_of_its_balance(settings, tmp_path):
    """A lender's credit cards, one balance each, keyed by 'card_id' (C-201): the card's id is
    offered for the reference, where the file was refused for it."""
    rows = "".join(f"C-{201 + n},Client {chr(65 + n)},{1200 + 100 * n}.00,{5 * n + 1}\n" for n in range(6))
    prepared = _prepared(settings, tmp_path / "cards.csv", "card_id,customer,balance,days_past_due\n" + rows)
    assert prepared.mapping.field_columns()["reference"] == "card_id"
    assert len(_owed(prepared)) == 6


def test_of_a_workbook_s_invoices_and_their_lines_the_sheet_of_balances_is_read(settings, tmp_path):
    """Pennylane's workbook: 'Factures' (each invoice, its total, what remains of it and its status)
    beside 'Lignes de facture' (each line's amount), mapping alike: the invoices' sheet, whose amount
    is the balance left to pay, is read, where the lines' sheet imported paid invoices at their totals."""
    book = openpyxl.Workbook()
    invoices = book.active
    invoices.title = "Factures"
    invoices.append(["Numéro de facture", "Tiers", "Échéance", "Total TTC", "Montant restant (TTC)", "Statut"])
    lines = book.create_sheet("Lignes de facture")
    lines.append(["Numéro de facture", "Tiers", "Échéance", "Libellé", "Montant TTC", "Devise"])
    for n in range(6):
        invoices.append([f"F-{n}", f"Client {n}", f"2026-0{n + 1}-15", 120.0 * (n + 1), 0 if n % 2 else 120.0 * (n + 1),
                         "Encaissée" if n % 2 else "À venir"])
        lines.append([f"F-{n}", f"Client {n}", f"2026-0{n + 1}-15", "Prestation", 120.0 * (n + 1), "EUR"])
    path = tmp_path / "factures.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "Factures"
    assert sorted(_owed(prepared)) == ["F-0", "F-2", "F-4"]


def test_a_tenant_s_or_a_risk_status_is_not_said_an_unknown_invoice_status(settings, tmp_path):
    """A property manager's ageing per tenant writes the lease's state ('tenant_status': Month-to-Month)
    and a risk grade ('ar_risk_status': High AR risk): neither says whether a balance is owed, and
    neither is said an unknown status inviting the user to delete real debts. An invoice's own
    status column of unknown words still is."""
    rows = "".join(f"T-{100 + n},Tenant {n},{['Month-to-Month', 'Renewal Risk', 'Active'][n % 3]},"
                   f"{['High AR risk', 'Critical AR risk'][n % 2]},{250 + n}.00\n" for n in range(6))
    prepared = _prepared(settings, tmp_path / "ar_aging.csv",
                         "tenant_id,tenant_name,tenant_status,ar_risk_status,total_outstanding_balance\n" + rows)
    assert len(_owed(prepared)) == 6
    assert not any("no status the tool knows" in n for n in prepared.notices)
    held = _prepared(settings, tmp_path / "invoices.csv", "Invoice,Customer,Status,Amount Due\n"
                     "I-1,Acme,On hold,10.00\nI-2,Globex,On hold,20.00\n")
    assert any("'Status' says 'On hold' (2 row(s)), which is no status the tool knows" in n for n in held.notices)


def test_a_loan_tape_and_a_placement_are_keyed_by_their_contract_and_file_numbers(settings, tmp_path):
    """A debt buyer's loan tape keys each loan by 'contract_number', an agency's placement each case by
    'N°Dossier': each row's own number is offered for the reference, where the loan tape was refused
    for it and the placement took the guarantor's identity card number. The guarantor's and the
    employer's columns name third parties, not the debtor or its company."""
    rows = [f"{n},7907{6673 + 31 * n},Deudor {chr(65 + n)} Salas,Karla {chr(65 + n)} Torres,{9157 + n}.63,SEMANAL\n" for n in range(10)]
    prepared = _prepared(settings, tmp_path / "credits.csv",
                         "debtor_id,contract_number,debtor_name,beneficiary_name,current_balance,payment_frequency\n" + "".join(rows))
    assert prepared.mapping.field_columns()["reference"] == "contract_number"
    assert len(_owed(prepared)) == 10
    rows = [
        f"D-{2024100 + n},Client {chr(65 + n)} Alaoui,Rue {n} Casablanca,06{61151153 + n},{12000 + n}.50,"
        f"Societe {n} SARL,BK{600 + n}321,Garant {chr(70 + n)} Bennani\n"
        for n in range(10)
    ]
    prepared = _prepared(settings, tmp_path / "placement.csv",
                         "N°Dossier,Débiteur,Débiteur Adresse,Débiteur N°Tél 1,Créance,Employeur,Cautionneur N°CIN,Cautionneur\n"
                         + "".join(rows))
    columns = prepared.mapping.field_columns()
    assert columns["reference"] == "N°Dossier" and columns["debtor.name"] == "Débiteur"
    assert "debtor.company" not in columns
    assert len(_owed(prepared)) == 10


def test_a_row_written_again_further_down_is_imported_once(settings, tmp_path):
    """A hospital's billing list holds ten rows written again at its end, the same in every column:
    each debt is imported once, said, where both copies were rejected for a reference written
    twice. Two rows of one reference that differ stay a duplicate to report."""
    rows = [f"V{n:03d},Patient {n},{1000 + n}.75,Pending\n" for n in range(12)]
    text = "Invoice No,name,billed_amount,payment_status\n" + "".join(rows) + "".join(rows[2:5])
    prepared = _prepared(settings, tmp_path / "visits.csv", text)
    assert len(_owed(prepared)) == 12 and _invalid(prepared) == []
    assert ("3 row(s) left out as copies of a row above them, the same in every column (rows 14, 15, 16): each debt is "
            "imported once.") in prepared.read.source.notices
    differ = _prepared(settings, tmp_path / "differ.csv", text + "V000,Patient 0,99.00,Pending\n")
    assert _invalid(differ) == [2, 17]
    # a store's sales summary numbers its rows, the copies too: the counter is said set aside
    numbered = "N,Invoice No,name,billed_amount,payment_status\n" + "".join(
        f"{n + 1},{row}" for n, row in enumerate(rows + rows[2:5]))
    counted = _prepared(settings, tmp_path / "numbered.csv", numbered)
    assert len(_owed(counted)) == 12
    assert ("3 row(s) left out as copies of a row above them, the same in every column but 'N', which counts the rows "
            "(rows 14, 15, 16): each debt is imported once.") in counted.read.source.notices


def test_a_block_of_an_invoice_s_lines_written_again_further_down_is_left_out_once(settings, tmp_path):
    """An insurer's statement of rejected claims, a row per service of each invoice, with blocks of
    its rows pasted again further down: each such row, alike in every column to a row written apart
    from it, is a copy, left out (the invoices had been imported at twice their rejected amounts).
    Two rows alike among the rows of one invoice written together are no copy of a row apart: they
    stay, each reported as written twice."""
    head = "Invoice Number,Member Name,Service ID,Service,Rejected Amount\n"
    block = ("2176982,Ali Hassan,N1-2,Consultation,26.40\n2176982,Ali Hassan,N1-5,X-ray,21.12\n"
             "2175806,Sara Omar,N2-2,Consultation,54.10\n")
    others = "".join(f"21900{n:02d},Patient {n},N3-{n},Dressing,{10 + n}.00\n" for n in range(4))
    # the same service twice on one invoice, its lines written together
    twice = "2190100,Omar Ali,N4-1,Dressing,5.00\n2190100,Omar Ali,N4-1,Dressing,5.00\n"
    prepared = _prepared(settings, tmp_path / "statement.csv", head + block + twice + others + block)
    owed = _owed(prepared)
    assert owed["2176982"] == Decimal("47.52") and owed["2175806"] == Decimal("54.10")
    assert len(owed) == 6 and _invalid(prepared) == [5, 6]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines if e.reason == "copy"] == [
        (11, "copy"), (12, "copy"), (13, "copy")]


def test_an_amount_before_its_tax_is_owed_with_it_where_the_invoices_paid_both(settings, tmp_path):
    """MYOB's sales export writes each line's amount before tax under 'Amount', its GST beside it,
    and what was paid on the invoice, written again on each of its lines: the invoices paid in full
    paid both together, so the amount owed is their sum, said, in the dollars the amounts are
    written in (the open invoices had been imported without their tax). Where what was paid is the
    amount alone, the amount is its total."""
    head = "Co./Last Name,Invoice No.,Date,Amount,Tax Code,Tax Amount,Amount Paid\n"
    paid = "".join(f"Baiada Poultry Pty Ltd,{5200 + i},25/02/2026,${100 * (i + 1)}.00,GST,${10 * (i + 1)}.00,"
                   f"${110 * (i + 1)}.00\n" for i in range(4))
    # an invoice of two lines, paid in full once
    lines = ("Coles Pty Ltd,5300,26/02/2026,$200.00,GST,$20.00,$330.00\n"
             "Coles Pty Ltd,5300,26/02/2026,$100.00,GST,$10.00,$330.00\n")
    open_ = ("Inghams Pty Ltd,5400,27/02/2026,$425.00,GST,$42.50,$0.00\n"
             "Protective Fabrications Pty Ltd,5401,27/02/2026,\"$1,000.00\",GST,$100.00,$500.00\n"
             "Elders Pty Ltd,5402,28/02/2026,$50.00,GST,$5.00,$0.00\n")
    prepared = _prepared(settings, tmp_path / "servsale.csv", head + paid + lines + open_)
    assert _owed(prepared) == {"5400": Decimal("467.50"), "5401": Decimal("600.00"), "5402": Decimal("55.00")}
    assert prepared.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["AUD"]
    assert any(n.startswith("amount: 'Amount' is before its tax: 5 of the 6 invoices paying something beside a tax "
                            "paid 'Amount' and 'Tax Amount' together under 'Amount Paid'") for n in prepared.notices)
    # the amounts with their tax already: what was paid in full is the amount alone
    inclusive = (head + paid + open_).replace(",GST,$10.00,$110.00", ",GST,$10.00,$100.00").replace(
        ",GST,$20.00,$220.00", ",GST,$20.00,$200.00").replace(",GST,$30.00,$330.00", ",GST,$30.00,$300.00").replace(
        ",GST,$40.00,$440.00", ",GST,$40.00,$400.00")
    kept = _prepared(settings, tmp_path / "inclusive.csv", inclusive)
    assert _owed(kept) == {"5400": Decimal("425.00"), "5401": Decimal("500.00"), "5402": Decimal("50.00")}
    # an amount the user names is read as named
    named = prepare_file(tmp_path / "servsale.csv", settings, PrepareOptions(assign=(("Amount", "amount"),)))
    assert _owed(named) == {"5400": Decimal("425.00"), "5401": Decimal("500.00"), "5402": Decimal("50.00")}
    # what was paid in two columns (a payment and a credit applied) is read as one sum
    credited = (head.replace("Amount Paid\n", "Amount Paid,Credits Applied\n")
                + "".join(f"Baiada Poultry Pty Ltd,{5200 + i},25/02/2026,${100 * (i + 1)}.00,GST,${10 * (i + 1)}.00,"
                          f"${100 * (i + 1)}.00,${10 * (i + 1)}.00\n" for i in range(4))
                + "".join(row.replace("\n", ",$0.00\n") for row in open_.splitlines(keepends=True)))
    both = _prepared(settings, tmp_path / "credited.csv", credited)
    assert _owed(both) == {"5400": Decimal("467.50"), "5401": Decimal("600.00"), "5402": Decimal("55.00")}


def test_rows_without_an_invoice_number_are_named_by_their_work_order(settings, tmp_path):
    """A field-service export numbers its invoices under 'Invoice #', blank on a job not yet
    invoiced, and every job under 'WO #', each row's own: those rows are named by their work order
    ('WO # 1188'), where they were rejected for a missing reference. A second number that repeats
    (a customer's) names nothing."""
    text = "Customer,WO #,Invoice #,Due Date,Balance\n" + "".join(
        f"Customer {n},{1180 + n},{'' if n in (3, 8) else f'I{4350 + n}'},2026-01-{10 + n},{100 + n}.00\n" for n in range(10))
    prepared = _prepared(settings, tmp_path / "invoices.csv", text)
    owed = _owed(prepared)
    assert len(owed) == 10 and {"WO # 1183", "WO # 1188", "I4350"} <= set(owed)
    assert any("'Invoice #' is blank on 2 row(s) (rows 5, 10): each of those debts is named by its number in 'WO #'" in n
               for n in prepared.read.source.notices)
    shared = text.replace(",1183,", ",1180,").replace(",1188,", ",1180,")
    assert _invalid(_prepared(settings, tmp_path / "shared.csv", shared)) == [5, 10]


def test_a_counter_of_each_stacked_table_is_no_reference(settings, tmp_path):
    """A university's fee registers, one class after another on a sheet, each numbering its
    students 1, 2, 3… again ('N°'): the counter numbers no debt (most rows were rejected as repeats);
    each student owing is named by their name, one row each."""
    rows = [("1", "ADJOVI Marc", "150000", "100000", "50000"), ("2", "BIO Awa", "150000", "150000", "0"),
            ("3", "DOSSOU Jean", "150000", "50000", "100000"), ("4", "GBAGUIDI Eli", "150000", "0", "150000"),
            ("1", "HOUNSOU Paul", "175000", "175000", "0"), ("2", "KPADE Rita", "175000", "75000", "100000"),
            ("3", "LOKO Yves", "175000", "25000", "150000"), ("1", "MENSAH Ida", "200000", "100000", "100000"),
            ("2", "NOUDO Eric", "200000", "200000", "0"), ("3", "SOGLO Anne", "200000", "150000", "50000"),
            ("4", "TOSSOU Luc", "200000", "0", "200000")]
    prepared = _prepared(settings, tmp_path / "feuille.csv", "N°;NOM ET PRENOMS;MONT.TOTAL;MONT.PAYE;MONT.DÛ\n" + "".join(
        ";".join(r) + "\n" for r in rows
    ))
    owed = _owed(prepared)
    assert owed == {name: Decimal(due) for _, name, _, _, due in rows if due != "0"}
    assert any("'N°' counts the rows of each of 3 tables" in n for n in prepared.notices)


def test_indonesian_and_slovak_receivables_are_read_with_their_statuses(settings, tmp_path):
    """An Indonesian receivables list ('piutang', headers joined: 'NilaiInvoice',
    'TanggalJatuhTempo') was refused for the amount, 'Lunas' (paid) unknown; a Slovak invoice list
    ('ID faktúry', 'Stav': 'Uhradená') took a product code for the reference and imported its paid
    invoices."""
    piutang = _prepared(settings, tmp_path / "piutang.csv", (
        "Id,NamaKlien,NilaiInvoice,TanggalTagihan,TanggalJatuhTempo,StatusPembayaran\n"
        "INV-001,PT Maju Jaya,125000000,2024-01-05,2024-02-04,Belum Lunas\n"
        "INV-002,CV Sinar Terang,82500000,2024-01-09,2024-02-08,Lunas\n"
        "INV-003,PT Karya Abadi,64000000,2024-01-12,2024-02-11,Belum Lunas\n"
    ))
    fields = piutang.mapping.field_columns()
    assert (fields["amount"], fields["due_date"], fields["debtor.name"]) == ("NilaiInvoice", "TanggalJatuhTempo", "NamaKlien")
    assert piutang.cases.filter(pl.col(VALID))["amount"].to_list() == [Decimal("125000000.00"), Decimal("64000000.00")]
    faktury = _prepared(settings, tmp_path / "faktury.csv", (
        "ID faktúry;Dátum faktúry;Zákazník;Kód produktu;Suma s DPH;Dátum splatnosti;Stav\n"
        "FA-2026-004;02.02.2026;Alfa s.r.o.;P001;549,81;16.02.2026;Po splatnosti\n"
        "FA-2026-005;03.02.2026;Beta a.s.;P002;120,00;17.02.2026;Uhradená\n"
        "FA-2026-007;05.02.2026;Gama s.r.o.;P001;1618,68;19.02.2026;Otvorená\n"
    ))
    assert faktury.mapping.field_columns()["reference"] == "ID faktúry"
    assert faktury.cases.filter(pl.col(VALID))["reference"].to_list() == ["FA-2026-004", "FA-2026-007"]


def test_an_address_written_whole_as_a_record_is_read_in_its_parts(settings, tmp_path):
    """Zoho Books' API dump writes the billing address as a record in one cell; its parts are the
    address (the debtor of a row with no e-mail was said to be out of reach); the delivery address
    written so is not read. A currency written so is read by its code."""
    billing = [
        "{'address': '33 Cedar Street', 'street2': '', 'city': 'Kapuskasing', 'state': 'Ontario', 'zipcode': 'P5N 2A9', 'country': 'Canada'}",
        "{'address': '1301 Wicomico St # 3', 'street2': '', 'city': 'Baltimore', 'state': 'MD', 'zipcode': '21230', 'country': 'U.S.A'}",
        '{"address": "5 Main Rd", "city": "Mississauga", "state": "Ontario", "zipcode": "L5B 1M2", "country": "Canada"}',
    ]
    shipping = "{'address': '9 Dock Lane', 'city': 'Toronto', 'zipcode': 'M5V 1A1'}"
    path = tmp_path / "zoho.csv"
    pl.DataFrame({
        "invoice_number": ["INV-1", "INV-2", "INV-3"], "customer_name": ["Poppacorn", "DS Pipe", "Gamma"],
        "balance": ["120.00", "80.50", "42.00"], "billing_address": billing, "shipping_address": [shipping] * 3,
    }).write_csv(path)
    prepared = prepare_file(path, settings)
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid.select("debtor.address.line1", "debtor.address.city", "debtor.address.postal_code").rows() == [
        ("33 Cedar Street", "Kapuskasing", "P5N 2A9"), ("1301 Wicomico St # 3", "Baltimore", "21230"),
        ("5 Main Rd", "Mississauga", "L5B 1M2"),
    ]
    assert not prepared.problems.filter(pl.col("code") == "no-contact-channel").height
    # Unleashed's sales orders write each order's currency as a record: its code is the currency
    currency = {"NZD": "New Zealand, Dollars", "AUD": "Australia, Dollars", "GBP": "United Kingdom, Pounds"}
    orders = tmp_path / "orders.csv"
    pl.DataFrame({
        "OrderNumber": ["SO-00000121", "SO-00000122", "SO-00000123"], "Customer": ["Garden Co", "Siren Ltd", "Kiwi Gifts"],
        "Total": ["120.00", "80.50", "42.00"],
        "Currency": [f"{{'Guid': 'g{n}', 'CurrencyCode': '{code}', 'Description': '{name}'}}"
                     for n, (code, name) in enumerate(currency.items())],
    }).write_csv(orders)
    prepared = prepare_file(orders, settings, PrepareOptions(assign=(("OrderNumber", "reference"),)))
    assert prepared.cases["currency"].to_list() == ["NZD", "AUD", "GBP"]
    assert "'Currency' writes each currency whole, as a record: its parts are read, 'CurrencyCode' (currency)." in (
        prepared.read.source.notices)


def test_a_sheet_named_for_overdue_debts_is_chosen_over_one_alike_named_otherwise(settings, tmp_path):
    """A Mexican distributor's workbook: receivables not yet due ('CXC VG', vigentes) first, the
    overdue ones ('CXC VCD', vencidas) second, with the same columns: the overdue sheet is read; so is
    a sheet of debts before a sheet of payments received that maps as well."""
    import openpyxl

    header = ["fecha", "factura", "cliente", "saldo_adeudado"]
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "CXC VG"
    first.append(header)
    for n in range(1, 6):
        first.append([f"2025-11-0{n}", f"SP{n:05d}", f"Cliente {n}", 1000 + n])
    second = wb.create_sheet("CXC VCD")
    second.append(header)
    for n in range(6, 9):
        second.append([f"2025-08-0{n}", f"SP{n:05d}", f"Cliente {n}", 500 + n])
    path = tmp_path / "facturas.xlsx"
    wb.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "CXC VCD"
    assert sorted(prepared.cases["reference"].to_list()) == ["SP00006", "SP00007", "SP00008"]
    # the first sheet named for payments received, the second for nothing in particular
    wb["CXC VG"].title, wb["CXC VCD"].title = "Cobros", "Hoja2"
    wb.save(path)
    assert prepare_file(path, settings).read.source.sheet == "Hoja2"


def test_the_sheet_words_of_ones_own_mappings_folder_weigh_in_the_choice(settings, tmp_path):
    """A mappings folder of one's own (GETBILL_MAPPINGS_DIR) that adds a word of the creditor's own
    ("Inkassoliste") to the words of a sheet holding debts: that sheet is chosen over the first one
    alike; with the bundled words, the first sheet is."""
    import shutil

    import openpyxl

    from getbill_import.config import bundled_mappings_dir

    wb = openpyxl.Workbook()
    for n, sheet in enumerate([wb.active, wb.create_sheet("Inkassoliste")]):
        if n == 0:
            sheet.title = "Blatt1"
        sheet.append(["Rechnungsnr", "Kunde", "Betrag", "Fällig am"])
        for k in range(3):
            sheet.append([f"R{n}{k:04d}", f"Kunde {n}{k}", 100 + k, "2025-06-30"])
    path = tmp_path / "liste.xlsx"
    wb.save(path)
    assert prepare_file(path, settings).read.source.sheet == "Blatt1"
    own = tmp_path / "mappings"
    shutil.copytree(bundled_mappings_dir(), own)
    values = own / "values.toml"
    values.write_text(values.read_text(encoding="utf-8").replace(
        "debt_sheet_words = [", 'debt_sheet_words = [\n  "inkassoliste",', 1), encoding="utf-8")
    mine = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data2"), "GETBILL_MAPPINGS_DIR": str(own)})
    prepared = prepare_file(path, mine)
    assert prepared.read.source.sheet == "Inkassoliste"
    assert sorted(prepared.cases["reference"].to_list()) == ["R10000", "R10001", "R10002"]


def test_a_vietnamese_debt_list_is_read_by_its_unaccented_field_names(settings, tmp_path):
    """An air-ticket agency's debts ('công nợ'), its fields unaccented and joined: 'phaithu' (to be
    collected) is the amount, not the agency's discount 'ckdl' read first from the left."""
    prepared = _prepared(settings, tmp_path / "congno.csv", (
        "ctv,khachhang,mave,giave,ckdl,phaithu,tinhtrangno\n"
        "Me Huyen,Me Huyen,MS1,1200000,5000,1175000,\nMe Huyen,Cha Long,MS88,1300000,5000,1275000,\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["amount"], fields["debtor.name"]) == ("phaithu", "khachhang")
    assert prepared.cases["amount"].to_list() == [Decimal("1175000.00"), Decimal("1275000.00")]


def test_a_list_of_balances_per_debtor_names_each_debt_by_its_debtor(settings, tmp_path):
    """A school's families in arrears (family, debt, e-mail): no invoice number, one row per
    family. Each debt is its family's, named by the family; a list whose rows repeat a debtor is
    still refused for the reference, and a column of codes of its own on every row is offered as
    the reference instead."""
    rows = "ALONSO;$ 1.308.075,00;romina@example.com\nARTAZA CAPODANO;$ 240.625,00;estefania@example.com\n" \
           "BARREIRO FRANCISCO;$ 87.000,00;paratore@example.com\n"
    prepared = _prepared(settings, tmp_path / "deudores.csv", "familia;deuda;email\n" + rows)
    assert prepared.cases.select("reference", "debtor.name", "debtor.email").rows()[0] == (
        "ALONSO", "ALONSO", "romina@example.com")
    assert prepared.validation.valid == 3
    assert any(n.startswith("reference: no column numbers the debts, and each debtor is on a row of its own")
               for n in prepared.read.source.notices)
    with pytest.raises(MappingError, match="recognised as the invoice number") as refused:
        _prepared(settings, tmp_path / "twice.csv", "familia;deuda;email\n" + rows + "ALONSO;$ 10,00;romina@example.com\n")
    assert str(refused.value).endswith(
        "Each debtor is on a row of its own but 1 written twice or more ('ALONSO', rows 2, 5): a list of balances per "
        "debtor is named by its debtors only when each is on one row. Add a column numbering the debts, or give each "
        "of those rows a name of its own.")
    # among many families, one written twice: its two rows are refused as one debt written twice,
    # the others imported
    many = "".join(f"FAMILIA {n};$ {100 + n},00;f{n}@example.com\n" for n in range(40))
    listed = _prepared(settings, tmp_path / "many.csv", "familia;deuda;email\n" + many + "FAMILIA 7;$ 10,00;f7@example.com\n")
    assert listed.validation.valid == 39
    assert sorted(listed.cases.filter(~pl.col(VALID))[LINE].to_list()) == [9, 42]
    assert any(n.startswith("reference: 1 debtor(s) of the list are written on two rows or more ('FAMILIA 7', rows 9, 42)")
               for n in listed.notices)
    coded = _prepared(settings, tmp_path / "coded.csv", "familia;deuda;email;legajo\n" + "".join(
        f"{line};L-{n}\n" for n, line in enumerate(rows.splitlines())))
    assert coded.mapping.field_columns()["reference"] == "legajo"


def test_a_column_of_amounts_is_offered_as_no_reference(settings, tmp_path):
    """A Venezuelan statement per customer: 'Facturado' (invoiced, 333.86) is like 'factura' by its
    header but holds amounts; offered as the reference, 13 debts were refused as written twice. Each
    debt is named by its customer, a list of balances per debtor."""
    rows = "".join(f"Cliente {n} C.A;{300 + n % 5}.86;{100 + n % 5}.00;{200 + n}.86\n" for n in range(15))
    prepared = _prepared(settings, tmp_path / "estado.csv", "Cliente;Facturado;Cobrado;Saldo\n" + rows)
    assert prepared.mapping.field_columns()["reference"] == "Reference (debtor's name)"
    assert prepared.validation.invalid == 0 and prepared.validation.valid == 15


def test_a_ledger_of_monthly_fees_names_each_debt_by_its_debtor_and_its_month(settings, tmp_path):
    """A tuition centre's fee ledger (pupil, fee of the month, amount, status): no invoice number, a
    pupil on several rows. Each fee is named by its pupil and its month, said, and the paid ones are
    left out; a ledger whose rows nothing tells apart is still refused for the reference."""
    header = "Student Name,Fee Name,Fee Amount,Status\n"
    rows = ("Vamsi Rao,November 2025 Fee,800,paid\nVamsi Rao,December 2025 Fee,800,overdue\n"
            "Anika Das,November 2025 Fee,650,paid\nAnika Das,December 2025 Fee,650,overdue\n"
            "Ravi Nair,December 2025 Fee,700,overdue\n")
    prepared = _prepared(settings, tmp_path / "fees.csv", header + rows)
    assert sorted(prepared.cases.select("reference", "amount").rows()) == [
        ("Anika Das December 2025 Fee", Decimal("650")), ("Ravi Nair December 2025 Fee", Decimal("700")),
        ("Vamsi Rao December 2025 Fee", Decimal("800"))]
    assert any(n.startswith("reference: no column numbers the debts, and each debtor owes on several rows, told apart by "
                            "'Fee Name': each debt is named by its debtor's name and its 'Fee Name' ('Vamsi Rao November "
                            "2025 Fee')") for n in prepared.read.source.notices)
    with pytest.raises(MappingError, match="recognised as the invoice number"):
        _prepared(settings, tmp_path / "same.csv", header + rows.replace("November", "December"))


def test_a_balance_below_zero_in_a_list_of_balances_per_debtor_is_a_debtor_in_credit(settings, tmp_path):
    """A housing society's flats (owner, flat, balance): a flat whose balance is below zero paid
    ahead; it is no debt, and no other row of its owner takes it off: left out, said (and settling
    what an earlier list imported), not rejected as a credit note. In a list of invoices (a due date
    mapped) a row below zero is a credit note, left out as one, settling nothing. A balance left
    blank is nothing owed."""
    owners = ["ASHA", "BHARAT", "CHETAN", "DEEPA", "ESHA", "FARAH", "GITA", "HARISH", "ISHAN", "JAYA", "KIRAN", "LATA"]
    rows = "".join(f"{o} SHAH;{1000 + n};{'-8715' if n in (3, 9) else '' if n == 5 else 2400 + n}\n"
                   for n, o in enumerate(owners))
    prepared = _prepared(settings, tmp_path / "society.csv", "ownerName;flatNo;balance\n" + rows)
    assert prepared.validation.invalid == 0
    assert sorted(prepared.cases["reference"].to_list()) == sorted(str(1000 + n) for n in range(12) if n not in (3, 5, 9))
    # a flat whose balance is blank owes nothing
    assert any(n.startswith("1 row(s) left out because their balance 'balance' is blank: each debtor is on a row of its "
                            "own, and a debtor without a balance owes nothing (row 7)") for n in prepared.read.source.notices)
    assert any(n.startswith("2 row(s) left out because their balance 'balance' is below zero ('-8715'): each debtor is "
                            "on a row of its own, and such a balance is owed to the debtor (paid ahead, in credit)")
               for n in prepared.read.source.notices)
    assert sorted(prepared.left_out.settlements()["reference"].to_list()) == ["1003", "1009"]
    dated = "".join(f"{o} SHAH;{1000 + n};{'-8715' if n in (3, 9) else 2400 + n};15/01/2026\n" for n, o in enumerate(owners))
    invoices = _prepared(settings, tmp_path / "invoices.csv", "ownerName;flatNo;balance;due date\n" + dated)
    assert invoices.validation.invalid == 0
    assert {e.line for e in invoices.read.source.excluded_lines if e.reason == "credit"} == {5, 11}
    assert invoices.left_out is None or not invoices.left_out.settlements().height


def test_a_customer_lists_balances_are_dated_by_no_record_s_creation(settings, tmp_path):
    """A Saudi distributor's customers with their balances (Repzo's clients export): 'Created At' is
    the day each customer's record was entered (most on the night the data was loaded), no invoice's
    date; a blank balance owes nothing, left out as in any list of balances per debtor."""
    rows = "".join(f"C-{100 + n},Client {n},05{n:08d},2025-04-20 23:{n:02d}:00,{'' if n == 4 else 1500 + n}\n"
                   for n in range(8))
    prepared = _prepared(settings, tmp_path / "clients.csv", "Client Code,Name,Phone,Created At,Integrated Client Balance\n"
                         + rows)
    assert "issue_date" not in prepared.mapping.field_columns()
    assert prepared.validation.invalid == 0
    assert sorted(prepared.cases["reference"].to_list()) == [f"C-{100 + n}" for n in range(8) if n != 4]
    assert any("is blank: each debtor is on a row of its own" in n for n in prepared.read.source.notices)
    # an app's invoices keyed by their numbers: the day each was created is their date
    invoices = _prepared(settings, tmp_path / "invoices.csv", "Invoice No,Name,Created At,Amount\n" + "".join(
        f"INV-{n},Client {n},2025-04-{10 + n} 10:00:00,{100 + n}\n" for n in range(4)))
    assert invoices.mapping.field_columns()["issue_date"] == "Created At"


def test_a_list_split_over_sheets_says_the_sheets_it_does_not_read(settings, tmp_path):
    """A Dutch association's dues, one sheet per run, the same columns on each. Only one sheet is
    read, and the others' rows are said."""
    import openpyxl

    header = ["Naam", "Factuur", "Bedrag", "Vervaldatum"]
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "123141.1"
    first.append(header)
    for name, invoice, amount in [("D.G. Boer", "C-1", "4,50"), ("J. Hietbrink", "C-2", "150,00"), ("A. de Vries", "C-3", "12,00")]:
        first.append([name, invoice, amount, "29-9-2018"])
    for n in (2, 3):
        sheet = wb.create_sheet(f"123141.{n}")
        sheet.append(header)
        sheet.append(["J. Hietbrink", f"C-{n + 2}", "19,00", "1-10-2018"])
    path = tmp_path / "Contributie123141.xlsx"
    wb.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "123141.1"
    assert set(prepared.cases["due_date"].to_list()) == {date(2018, 9, 29)}
    assert ("Sheet(s) '123141.2', '123141.3' have the same columns as '123141.1' and 2 row(s) of their own: only "
            "'123141.1' is read. Import each with --sheet NAME, or put their rows on one sheet.") in prepared.read.source.notices


def test_a_tenants_invoices_giving_their_rent_alone_are_owed_the_rent(settings, tmp_path):
    """A student residence's invoices: each its number and due date, and the monthly rent, no other
    amount. The rent, set aside as a recurring charge, had left the file refused for want of an
    amount; it is each invoice's, offered to confirm. A rent roll (no invoice) still names none."""
    ledger = _prepared(settings, tmp_path / "rent.csv", "InvoiceID,TenantName,Room,MonthlyRent,DueDate\n"
                       "INV-001,Sandile Sibisi,Room 4,3600.00,2025-10-20\nINV-002,Thando Dlamini,Room 2,3700.00,2025-10-22\n")
    assert _owed(ledger) == {"INV-001": Decimal("3600.00"), "INV-002": Decimal("3700.00")}
    assert any(n.startswith("amount: no column gives each invoice's amount; 'MonthlyRent' (a recurring charge) is "
                            "offered as each invoice's") for n in ledger.notices)
    _refused(settings, tmp_path / "roll.csv", "Unit,Tenant,Lease Start,Monthly Rent\n"
             "A-1,Sandile Sibisi,2025-01-01,3600.00\nA-2,Thando Dlamini,2025-02-01,3700.00\n", r"\(amount\)",
             code="required-column-missing")


def test_mobiles_written_with_their_country_code_under_a_number_header_are_the_phones(settings, tmp_path):
    """A Zambian lender's arrears: the borrowers' mobiles under 'Numbers', written with their country
    code and no '+' ('260977358686'). They had been set aside (or taken for the reference), every
    case 'cannot be contacted' and the kwacha read as euros; they are the phones, and say Zambia."""
    text = "LoanRefId,CustomerName,Numbers,ArrearAmount\n" + "".join(
        f"L-{n},Borrower {n},2609773586{n:02d},{1500 + n}.00\n" for n in range(8))
    prepared = _prepared(settings, tmp_path / "loanbook.csv", text)
    assert _mapping(prepared)["Numbers"] == "debtor.phone"
    owed = prepared.cases.filter(pl.col(VALID))
    assert owed["debtor.phone"][0] == "+260977358600"
    assert set(owed["currency"]) == {"ZMW"}
    # invoice numbers of as many digits are no phones
    numbers = _prepared(settings, tmp_path / "invoices.csv", "Number,Customer,Amount Due\n" + "".join(
        f"2025010001{n:02d},Customer {n},{100 + n}.00\n" for n in range(8)))
    assert _mapping(numbers)["Number"] == "reference"


def test_a_fixed_width_text_file_is_refused_as_one(settings, tmp_path):
    """A water utility's bills sent for enforcement, as a fixed-width text file: its first line had
    been offered as a header of three columns, split at a comma in an address, with advice to name
    them. It is refused as what it is, and told to be exported as CSV."""
    records = [
        f"{'0000000420092140087030' + str(n):<30}{'ODALYS SL':<50}{'CL DOCTOR LAYNA SERRANO, 30':<40}{'Guadalajara':<30}{'ESP':<12}"
        for n in range(4)
    ] + [f"{'03010000000006540700000000004' + str(n):<162}" for n in range(4)]
    path = tmp_path / "apremio.txt"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"apremio\.txt is a fixed-width text file: each line is a record of 162 "
                                              r"characters"):
        prepare_file(path, settings)


def test_of_sheets_of_the_same_columns_the_one_with_many_times_the_rows_is_read(settings, tmp_path):
    """An SAP document ageing workbook, a sheet per account, the same columns on each: a sheet of two
    items, whose few values read best (its 'Company' a name, the other's a code), had been read over
    one of 30. The larger is read, said."""
    import openpyxl

    header = ["Company", "Document", "Document_Date", "Amount_in_local_currency", "Doc_Ageing"]
    wb = openpyxl.Workbook()
    small = wb.active
    small.title = "63010061"
    small.append(header)
    small.append(["Alfa Ltd", "D-1", "2025-08-01", 1200.0, 34])
    large = wb.create_sheet("63010001")
    large.append(header)
    for n in range(30):
        large.append(["1000", f"E-{n}", "2025-07-01", 100.0 + n, 65])
    path = tmp_path / "ageing.xlsx"
    wb.save(path)
    with pytest.raises(MappingError, match=r"debtor\.name") as refused:
        prepare_file(path, settings)
    # (its accounts' items name no debtor: refused, from the sheet of 30)
    assert any(n.startswith("Sheet '63010001' was chosen") and "it holds 30 rows against 1" in n
               for n in refused.value.facts["document"]["notices"])


def test_a_french_claims_statement_says_which_claims_are_settled(settings, tmp_path):
    """A French collection agency's statement: 'Soldé' (settled, masculine) and 'Dossier annulé' are
    not owed, a file 'CLOTURE': oui is closed, 'Recouvré' beside the invoice's total is what was
    already collected."""
    status = _prepared(settings, tmp_path / "etat.csv", (
        "N/REF;DEBITEUR;Montant TTC;ETAT;CLOTURE;Recouvré\n"
        "A1;Dupont;100;Soldé;;0\nA2;Durand;200;Gestion en cours;;0\nA3;Martin;300;Dossier annulé;;0\n"
        "A4;Petit;400;Gestion en cours;oui;0\nA5;Leroy;500;Gestion en cours;;150\n"
    ))
    owed = _owed(status)
    assert owed == {"A2": Decimal("200.00"), "A5": Decimal("350.00")}


def test_a_claims_principal_is_its_total_and_what_was_collected_is_taken_off(settings, tmp_path):
    """The agency's own headers: 'CREANCE PRINCIPALE' is the claim as handed over, not what is left,
    so 'RECOUVRE' beside it is taken off (the claims statement of a Phenix client read as 48,683.54
    owed where 33,206.67 was)."""
    status = _prepared(settings, tmp_path / "etat.csv", (
        "V/REF;DEBITEUR;CREANCE PRINCIPALE;RECOUVRE;ETAT\n"
        "102955;Boucherie Frih;13059,75;5850;Gestion en cours\n102960;Garage Morel;800;0;Gestion en cours\n"
        "102961;SARL Vinet;450;450;Gestion en cours\n"
    ))
    assert status.mapping.field_columns()["amount"] == "CREANCE PRINCIPALE"
    owed = _owed(status)
    assert owed == {"102955": Decimal("7209.75"), "102960": Decimal("800.00")}


def test_an_advance_beside_the_bill_is_taken_off_it(settings, tmp_path):
    # an Indian engineering firm's register: what the customer paid ahead ("Advance") is no debt
    status = _prepared(settings, tmp_path / "sale.csv", (
        "Invoice Number,Client,Bill amount,Advance\nb22-23MQ101,Vishwanath,82004.10,50000\n"
        "b22-23MQ102,Pinge,8052.80,0\nb22-23MQ103,Marcfremiot,5000,5000\n"
    ))
    owed = _owed(status)
    assert owed == {"b22-23MQ101": Decimal("32004.10"), "b22-23MQ102": Decimal("8052.80")}


def test_a_second_tables_header_with_a_column_more_does_not_take_the_first_ones_place(settings, tmp_path):
    """An engineering firm's register: a second table below the first names the same columns and an
    'Advance' more; both map alike, and the first heads the file (the second header was taken, its
    three rows read and the first table's rows left out as titles)."""
    first = "".join(f"{n},2022-05-0{n},b22-23MQ10{n},Client {n},{n}000.00,{n}000.00\n" for n in range(1, 8))
    second = "".join(f"{n},2022-06-0{n},b22-23MQ20{n},Other {n},100,{n}500.00,{n}400.00\n" for n in range(1, 4))
    prepared = _prepared(settings, tmp_path / "sale.csv", (
        "Sr. No,Date,Invoice Number,Client,Bill amount,Outstanding\n" + first + ",,,,,\n"
        "Sr. No,Date,Invoice Number,Client,Advance,Bill amount,Outstanding\n" + second
    ))
    assert prepared.read.source.header_line == 1
    assert len(prepared.cases.filter(pl.col(VALID))) == 10


def test_a_practices_unpaid_invoices_name_the_patient_who_owes(settings, tmp_path):
    # a vet clinic's "Unpaid Invoices" report: the patient is the debtor ('Patient' read near the
    # French 'paiement' left the file without a name)
    prepared = _prepared(settings, tmp_path / "unpaid_invoices.csv", (
        "Invoice ID,Appointment ID,Patient,Amount Due,Created At\n12,40,Rex Dupont,45.00,2026-02-03\n"
        "13,41,Mina Karlsson,1.0899999999999999,2026-02-04\n14,44,Bella Ortiz,81.84,2026-02-05\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "Patient"
    assert prepared.validation.valid == 3



def test_a_utilitys_disconnection_list_is_read_by_its_indonesian_field_names(settings, tmp_path):
    """An Indonesian electricity utility's daily disconnection list: 'TARIF' (the tariff class R1,
    B2…) is no reference behind a table prefix 'TA', 'NAMA' is the name, 'RPTAG' (the bill in
    rupiah) the amount, and 'LNS' says which bills were paid ('lunas') or not ('blm lunas'). The
    customer number 'idpel' is the reference by its values."""
    rows = [("521040123456", "SUTRISNO", "R1", "JL. MERDEKA 1", "457338", "blm lunas"),
            ("521040123457", "MARIA YAWAN", "R1M", "JL. SOLO 12", "1224330", "lunas"),
            ("521040123458", "TOKO SINAR", "B2", "JL. BARU 3", "602188", "blm lunas"),
            ("521040123459", "YOHANIS", "R1", "KP. AMBON", "98550", "blm lunas")]
    text = "idpel,NAMA,TARIF,ALAMAT,RPTAG,LNS\n" + "".join(",".join(r) + "\n" for r in rows)
    prepared = _prepared(settings, tmp_path / "tusbung.csv", text)
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["debtor.name"], fields["amount"]) == ("idpel", "NAMA", "RPTAG")
    assert "TARIF" not in fields.values()
    assert _owed(prepared) == {"521040123456": Decimal("457338.00"), "521040123458": Decimal("602188.00"),
                               "521040123459": Decimal("98550.00")}


def test_a_column_of_references_holding_one_value_gives_way_to_one_that_names_each_debt(settings, tmp_path):
    """An Ivorian utility's unpaid bills: 'Numéro GF' (a group number, 2 on every row) ranks above
    'Ref contrat' by its header, but names no bill: the contracts' references are the cases'."""
    rows = [(f"2{n:05d}", f"ABONNE {n}", str(1000 + n)) for n in range(25)]
    prepared = _prepared(settings, tmp_path / "impayes.csv", "Numéro GF;Ref contrat;Nom et prénom abonné;Solde\n" + "".join(
        f"2;{ref};{name};{amount}\n" for ref, name, amount in rows))
    column = {c.column: c for c in prepared.mapping.columns}
    assert prepared.mapping.field_columns()["reference"] == "Ref contrat"
    assert column["Numéro GF"].reason == "composed: 'numero', reference, but values: '2' on every row, no invoice's number"
    assert prepared.validation.valid == 25


def test_a_colleges_fee_due_list_reads_its_due_columns_as_the_amount_due(settings, tmp_path):
    """An Indian college's fee-due list: 'IV yr I Sem Due' holds rupees, not dates: it is the
    amount due (a header naming an amount would win over it); 'Roll No' is the student's number,
    'Student Name' the debtor."""
    prepared = _prepared(settings, tmp_path / "fee_due.csv", (
        "Si.No,Roll No,Student Name,Phone,IV yr I Sem Due\n"
        "1,22B41A0401,KOLLI ANUSHA,7842355288,35000\n2,22B41A0402,BODDU RAVI,9100473561,12500\n"
        "3,22B41A0403,P SAI KIRAN,7702949350,47500\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["debtor.name"], fields["amount"]) == ("Roll No", "Student Name", "IV yr I Sem Due")
    assert "due_date" not in fields
    assert _owed(prepared) == {"22B41A0401": Decimal("35000.00"), "22B41A0402": Decimal("12500.00"),
                               "22B41A0403": Decimal("47500.00")}
    # beside a column whose header names the amount, the due column is not it
    named = _prepared(settings, tmp_path / "fees.csv", (
        "Roll No,Student Name,Fees Due,Balance Amount\n22B41A0401,KOLLI ANUSHA,35000,20000\n"
        "22B41A0402,BODDU RAVI,12500,12500\n22B41A0403,P SAI KIRAN,47500,7500\n"
    ))
    assert named.mapping.field_columns()["amount"] == "Balance Amount"


def test_snapshots_of_the_open_items_stacked_in_one_file_are_read_at_the_latest(settings, tmp_path):
    """An aging export at three month-ends, one below the other ('Closing Date'): the invoices
    still open at the last one are what is owed, at their last balance; an invoice paid since
    January is not imported, nor is any row twice."""
    rows = [("2021-01-31", "172820", "SOCIEDAD 3", "4766783", "2021-02-15"),
            ("2021-01-31", "172821", "SOCIEDAD 4", "1000000", "2021-01-20"),
            ("2021-01-31", "172822", "SOCIEDAD 5", "250000", "2021-01-25"),
            ("2021-02-28", "172820", "SOCIEDAD 3", "4766783", "2021-02-15"),
            ("2021-02-28", "172822", "SOCIEDAD 5", "150000", "2021-01-25"),
            ("2021-02-28", "172900", "SOCIEDAD 6", "80000", "2021-03-30"),
            ("2021-03-31", "172820", "SOCIEDAD 3", "2000000", "2021-02-15"),
            ("2021-03-31", "172900", "SOCIEDAD 6", "80000", "2021-03-30"),
            ("2021-03-31", "173001", "SOCIEDAD 7", "64000", "2021-04-30"),
            ("2021-03-31", "173002", "SOCIEDAD 8", "12000", "2021-04-30"),
            ("2021-03-31", "173003", "SOCIEDAD 9", "5000", "2021-04-30")]
    text = "Closing Date,Invoice_Number,Customer_Name,Balance,Due_Date\n" + "".join(",".join(r) + "\n" for r in rows)
    prepared = _prepared(settings, tmp_path / "aging.csv", text)
    assert _owed(prepared) == {"172820": Decimal("2000000.00"), "172900": Decimal("80000.00"),
                               "173001": Decimal("64000.00"), "173002": Decimal("12000.00"),
                               "173003": Decimal("5000.00")}
    assert not prepared.problems.filter(pl.col("code") == "duplicate-reference").height
    assert ("The file stacks 3 snapshots of the open items, told apart by 'Closing Date' (2021-01-31, 2021-02-28, "
            "2021-03-31): only the latest, 2021-03-31 (5 row(s)), is what is owed and is read; the 6 row(s) of the "
            "earlier ones are left out. To import an earlier one, keep its rows alone in the file."
            in prepared.read.source.notices)
    assert {e.reason for e in prepared.read.source.excluded_lines} == {"snapshot"}
    # a report date that tells no snapshot apart (no invoice of the last date is in an earlier one)
    # leaves every row in
    other = [(d, f"9{n}", name, amount, due) for n, (d, _, name, amount, due) in enumerate(rows)]
    text = "Closing Date,Invoice_Number,Customer_Name,Balance,Due_Date\n" + "".join(",".join(r) + "\n" for r in other)
    every = _prepared(settings, tmp_path / "listed.csv", text)
    assert prepared.validation.valid == 5 and every.validation.valid == 11


def test_a_company_written_on_every_row_beside_several_debtors_is_none_of_theirs(settings, tmp_path):
    """A factor's portfolio: 'Empresa' holds its own code on every row beside the cheques'
    signers: it is no debtor's company (kept as metadata, said); the amount header naming the
    default currency ('montant_eur') leaves nothing to say of the currency."""
    text = "Nro,Firmante,Empresa,Importe\n" + "".join(f"CH{n:04d},FIRMANTE {n % 7},MERIDI,{100 + n}.00\n" for n in range(24))
    prepared = _prepared(settings, tmp_path / "cartera.csv", text)
    fields = prepared.mapping.field_columns()
    assert fields["debtor.name"] == "Firmante" and "debtor.company" not in fields
    assert ("'Empresa' holds 'MERIDI' on every row, beside 7 debtors named in 'Firmante': no debtor's company (the "
            "creditor's own, or another party's): kept as metadata.") in prepared.mapping.notices
    assert prepared.cases["debtor.company"].is_null().all()
    # a broker's seven premiums, each of its insurer: too few rows for a code, enough for a company
    broker = _prepared(settings, tmp_path / "cartera.csv", "Poliza,Asegurado,Compañía,Total Pendiente\n" + "".join(
        f"P-{n},Asegurado {n},suramericana,{1000 + n}\n" for n in range(7)))
    assert "debtor.company" not in broker.mapping.field_columns()
    # a statement of one customer's invoices keeps its company
    one = _prepared(settings, tmp_path / "statement.csv", "Nro,Firmante,Empresa,Importe\n" + "".join(
        f"CH{n:04d},ANA RUIZ,ACME SA,{100 + n}.00\n" for n in range(24)))
    assert one.mapping.field_columns()["debtor.company"] == "Empresa"
    euros = _prepared(settings, tmp_path / "tracker.csv", "client,facture,montant_eur\nAcme SAS,F-2026-014,1200\n")
    notices = euros.read.source.notices + euros.validation.notices
    assert not any(n.startswith("No column gives the currency") for n in notices)
    assert euros.cases["currency"].to_list() == ["EUR"]


def test_a_wide_layout_of_a_period_in_each_column_is_refused_with_what_to_export(settings, tmp_path):
    """A club's dues grid (a month in each column, 'Pagado'/'Debe' in the cells) and a register of
    the fees paid each month: no column gives what a row owes. The header is the months' row (not
    the first member's 'Pagado', 'Debe', 'Debe'…), no month is an amount or a street to confirm,
    no month's 'paid' leaves a member out, and the refusal says what to export."""
    from getbill_import.errors import MappingError

    months = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio"]
    rows = [["Alberty Quintana", "", "Pagado", "Debe", "Debe", "Debe", "Debe", "Debe"],
            ["Alex Garcia", "alex.g@example.cl", "Debe", "Debe", "Debe", "Debe", "Debe", "Debe"],
            ["Amaru Casanueva", "amaru@example.cl", "Pagado", "Pagado", "Pagado", "Pagado", "Debe", "Debe"]]
    path = tmp_path / "cuotas.csv"
    path.write_text("Nombre,Correo," + ",".join(months) + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    message = str(refused.value)
    assert "Columns found: 'Nombre', 'Correo', 'Enero'," in message
    assert message.endswith(
        "The file puts a period in each of 6 columns ('Enero', 'Febrero', 'Marzo'…): no one of them gives what a row "
        "owes. Export the balance owed on each row (or add a column that sums what is owed), and map it "
        "(--set 'COLUMN=amount').")
    from getbill_import.pipeline import read_and_map

    _, mapping = read_and_map(path, settings)
    assert {c.column: c.field for c in mapping.columns if c.column in months} == dict.fromkeys(months)
    # amounts paid each month, and weeks written as dates: the same
    paid = tmp_path / "mensalidades.csv"
    paid.write_text("Nome;Janeiro;Fevereiro;Março\nAna;50;50;50\nBruno;50;0;50\nCarla;0;0;0\n", encoding="utf-8")
    with pytest.raises(MappingError, match="The file puts a period in each of 3 columns"):
        prepare_file(paid, settings)
    weeks = tmp_path / "debits.csv"
    weeks.write_text("Name,1-Oct-21,8-Oct-21,15-Oct-21\nScancom,500,0,250\nKofi Mensah,0,120,0\n", encoding="utf-8")
    with pytest.raises(MappingError) as weekly:
        prepare_file(weeks, settings)
    assert "The file puts a period in each of 3 columns" in str(weekly.value)
    assert "no header row" not in str(weekly.value)
    # a Polish club's dues, months written short ("sty 2014"), 'paid' or blank: its months had been read
    # as statuses, every member left out as paid, and nothing said to be owed
    polish = tmp_path / "skladki.csv"
    polish.write_text("Osoba,Adres e-mail,sty 2014,lut 2014,mar 2014\nAlicja,alicja@example.pl,paid,paid,\n"
                      "Bob,bob@example.pl,paid,,\nCezary,cezary@example.pl,paid,paid,paid\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"The file puts a period in each of 3 columns \('sty 2014'"):
        prepare_file(polish, settings)


def test_a_utilitys_defaulters_are_named_by_their_account_numbers_when_two_bear_one_name(settings, tmp_path):
    """A water utility's defaulters: one row per consumer account ('A/C NO.'), 'Current Dues' what
    is owed; two consumers bear one name: each account is a debt of its own."""
    prepared = _prepared(settings, tmp_path / "defaulters.csv", (
        "A/C NO.,NAME,Ward,ADDRESS,Demand,Current Dues\n"
        "1093742,KHALID MEHMOOD,142,H# 12 SHADBAGH,900,15400\n"
        "1093750,KHALID MEHMOOD,142,H# 40 SHADBAGH,900,8200\n"
        "1093801,NASREEN BIBI,142,H# 7 SHADBAGH,700,3100\n"
    ))
    assert prepared.mapping.field_columns()["reference"] == "A/C NO."
    assert _owed(prepared) == {"1093742": Decimal("15400.00"), "1093750": Decimal("8200.00"), "1093801": Decimal("3100.00")}
    assert ("reference: no column numbers the debts, and each debtor is on a row of its own (a list of balances per "
            "debtor): each debt is named by its customer's number, 'A/C NO.'.") in prepared.read.source.notices
    # an Argentine shop's list of defaulters: each one's account number ('nro_cuenta'), not its name
    morosos = _prepared(settings, tmp_path / "morosos.csv", (
        "nombre;nro_cuenta;importe;dias_mora\nSANTANDER, LILIANA;10000000;$1.092.000;5\n"
        "AYALA, CLAUDIA;10123463;$210.400;12\nJARA, MARIA HIPOLITA;10246926;$462.942;18\n"
    ))
    assert morosos.mapping.field_columns()["reference"] == "nro_cuenta"
    assert set(_owed(morosos)) == {"10000000", "10123463", "10246926"}


def test_a_court_case_number_written_on_a_few_tenants_numbers_no_debt(settings, tmp_path):
    """A property manager's delinquency and eviction tracker: 'Case #' is written once an eviction is
    filed, on 2 tenants of 5; each tenant's balance is a debt named by the tenant, where the 3 others
    had been rejected for their missing reference."""
    prepared = _prepared(settings, tmp_path / "evictions.csv", (
        "Delinquency & Eviction Status Report\nAs Of: 03/23/2026\n\n"
        "Property,Unit,Tenant Name,Days Delinquent,Current Balance,Eviction Filed,Court Date,Case #\n"
        "412 Maple Ave,1A,James Holloway,47,2340.00,No,,\n412 Maple Ave,2B,Tanya Morrison,91,3510.00,Yes,04/14/2026,GD-2026-00412\n"
        "412 Maple Ave,3A,Robert Kim,15,585.00,No,,\n1847 Beechwood Blvd,1C,Angela Torres,62,2340.00,No,,\n"
        "1847 Beechwood Blvd,2A,Devon Clarke,120,4290.00,Yes,03/31/2026,GD-2026-00287\n"
    ))
    assert _owed(prepared) == {"James Holloway": Decimal("2340.00"), "Tanya Morrison": Decimal("3510.00"),
                               "Robert Kim": Decimal("585.00"), "Angela Torres": Decimal("2340.00"),
                               "Devon Clarke": Decimal("4290.00")}


def test_an_invoices_due_date_is_its_issue_date_plus_its_credit_period(settings, tmp_path):
    """A distributor's overdue invoices give each invoice's date and its credit period in days
    ('Days Limit'), no due date: each falls due that many days after its issue, said."""
    prepared = _prepared(settings, tmp_path / "aging.csv", (
        "Cust Name,Inv Number,Inv Date,Days Limit,Days Passed,Outstanding\n"
        "Mollah Pharmacy,INV-7001,15/05/2025,30,190,1250.50\n"
        "Rahman Medicine Corner,INV-7002,20/05/2025,15,185,880.00\n"
        "Nabil Drugs,INV-7003,02/06/2025,,170,90.00\n"
    ))
    due = dict(prepared.cases.select("reference", "due_date").rows())
    assert due == {"INV-7001": date(2025, 6, 14), "INV-7002": date(2025, 6, 4), "INV-7003": None}
    notices = prepared.validation.notices
    assert ("due_date: no column gives it; each invoice falls due its credit period ('Days Limit', in days) after its "
            "issue date ('Inv Date'): 2 due date(s) found so.") in notices
    assert not any(n.startswith("No column gives the due date") for n in notices)


def test_a_balance_left_blank_beside_an_amount_paid_is_a_paid_row(settings, tmp_path):
    """A language school's students: 'Balance' blank where 'Paid' holds the whole fee: nothing
    remains, the row is left out as paid like a balance of zero, not reported without an amount."""
    prepared = _prepared(settings, tmp_path / "students.csv", (
        "StudentCode,Name,Paid,Balance\nA1-001,Ama Owusu,2500,\nA1-002,Kofi Boateng,1000,1500\n"
        "A1-003,Esi Mensah,0,2500\nA1-004,Yaw Darko,2500,0\n"
    ))
    assert _owed(prepared) == {"A1-002": Decimal("1500.00"), "A1-003": Decimal("2500.00")}
    assert not prepared.problems.filter(pl.col("code") == "missing-amount").height
    assert ("2 row(s) left out because their balance 'Balance' is zero (1 of them blank beside an amount paid or a "
            "total of zero): the invoice is paid (rows 2, 5).") in prepared.read.source.notices
    # a summons dismissed: its balance blank beside a total of zero, the amount that lost to the balance
    summons = _prepared(settings, tmp_path / "hearings.csv", (
        "Ticket Number,Respondent Name,Total Violation Amount,Balance Due\n040439816M,342 58 Street LLC,250.00,300.00\n"
        "040439817N,Acme Corp,0.00,\n040439818P,Beta LLC,0.00,\n040439819Q,Gamma Inc,120.00,120.00\n"
    ))
    assert _owed(summons) == {"040439816M": Decimal("300.00"), "040439819Q": Decimal("120.00")}
    assert not summons.problems.filter(pl.col("code") == "missing-amount").height


def test_a_name_written_on_two_lines_with_a_phone_below_gives_the_name_and_the_phone(settings, tmp_path):
    """A grocer's store-credit list exported from a web page: 'Alexandre e Simone</br>(22)
    99908-8850': the name is the first line, the number below it the debtor's phone."""
    prepared = _prepared(settings, tmp_path / "fiado.csv", (
        "Cliente;Saldo Atual\n"
        "Alexandre e Simone</br>(22) 99908-8850;120,50\n\"Alberto Beto\n(22) 99812-3456\";80,00\nMarta Silva;45,10\n"
        "Joana</br>(21) 98765-4321;10,00\nSeu Zé<br>(22) 2645-1234;12,00\nPaulo<br/>(11) 91234-5678;3,00\n"
    ))
    cases = prepared.cases.filter(pl.col(VALID))
    assert cases["debtor.name"].to_list() == ["Alexandre e Simone", "Alberto Beto", "Marta Silva", "Joana", "Seu Zé", "Paulo"]
    assert cases["debtor.phone"].to_list()[:3] == ["+5522999088850", "+5522998123456", None]
    assert ("'Cliente': 5 name(s) are written on several lines: the name is the first one, and a phone number on a "
            "line of its own ('(22) 99908-8850') is the debtor's phone (5 row(s)).") in prepared.read.source.notices
    # names whose first lines are alike ("Entreprise" / "Alpha"): their lines joined, else three companies
    # would be one debtor
    companies = _prepared(settings, tmp_path / "factures.csv", (
        'client_nom;N° facture;Montant\n"Entreprise \nAlpha";F001;1000\n"Entreprise \nBeta";F002;500\n'
        '"Entreprise \nGamma\n06 12 34 56 78";F003;250\n'
    ))
    assert companies.cases["debtor.name"].to_list() == ["Entreprise Alpha", "Entreprise Beta", "Entreprise Gamma"]
    assert companies.cases["debtor.phone"].to_list() == [None, None, "+33612345678"]
    assert ("'client_nom': 3 name(s) are written on several lines: the name is their lines joined (their first lines "
            "alone would make one debtor of several), and a phone number on a line of its own ('06 12 34 56 78') is the "
            "debtor's phone (1 row(s)).") in companies.read.source.notices


def test_a_spanish_collection_list_reads_its_mobiles_in_colombia_and_its_amounts_in_pesos(settings, tmp_path):
    """A Colombian WhatsApp collection list: Spanish headers, ten-digit mobiles (read as Italian
    ones too): read in Colombia, and the amounts in pesos."""
    phones = ["3103400011", "3105000022", "3108800033", "3202900044", "3203300055", "3203500066"]
    prepared = _prepared(settings, tmp_path / "cobros.csv", "Nombre;Saldo;TELEFONO\n" + "".join(
        f"CLIENTE {n};{290000 + n}.00;{p}\n" for n, p in enumerate(phones)))
    assert prepared.cases["debtor.phone"].to_list()[0] == "+573103400011"
    assert prepared.cases["currency"].unique().to_list() == ["COP"]


def test_unsent_invoices_opening_balances_and_a_flag_named_like_a_city(settings, tmp_path):
    """An invoice the client was never sent ('unsent') is a draft, left out; a payment gateway's
    flag 'Forte' (false on every row) is no city by a typo of 'Ort'; Tally's opening balance of
    each party ('OB') names no invoice: those rows are no duplicates of each other."""
    prepared = _prepared(settings, tmp_path / "i2g.csv", (
        "DocumentNumber,Name,DocumentStatus,BalanceDueAmount,Forte\n"
        "0001,Acme Ltd,unsent,70.20,false\n0002,Borg Inc,sent,367.20,false\n0003,Cyan Co,sent,72.90,false\n"
    ))
    assert sorted(_owed(prepared)) == ["0002", "0003"]
    assert "Forte" not in prepared.mapping.field_columns().values()
    tally = _prepared(settings, tmp_path / "debtors.csv", (
        "Date,Ref. No.,Party's Name,Amount\n1-Apr-2024,OB,Edupal Pvt Ltd,8136.00\n1-Apr-2024,OB,National Life,33900.00\n"
        "12-May-2024,692,Edupal Pvt Ltd,1250.50\n"
    ))
    assert not tally.problems.filter(pl.col("code") == "duplicate-reference").height
    assert tally.validation.valid == 3


def test_days_overdue_beside_amounts_with_cents_are_no_amount(settings, tmp_path):
    """Tally's debtor list: 'Overdue' holds the days each bill is overdue (287, 0), beside the
    bills' 'Amount' with paise: the amount is 'Amount', and a bill due today (0 days) is owed."""
    prepared = _prepared(settings, tmp_path / "debtors.csv", (
        "Date,Ref. No.,Party's Name,Amount,Due on,Overdue\n"
        "20-Jul-2023,SI-101,Edupal Pvt Ltd,8136.50,20-Jul-2023,287\n"
        "15-Mar-2024,SI-188,National Life,33900.00,28-Apr-2024,0\n"
        "02-Feb-2024,SI-150,Prisma Technologies,1250.75,02-Feb-2024,86\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Amount"
    assert _owed(prepared) == {"SI-101": Decimal("8136.50"), "SI-188": Decimal("33900.00"), "SI-150": Decimal("1250.75")}


def test_a_pupils_guardian_is_the_debtor_and_a_column_written_on_few_rows_is_offered_for_nothing(settings, tmp_path):
    """A school's students in arrears: the guardian who answers for the fees ('Codeudor /
    Familiar') is the debtor; each student's cell (name and civil registry number) names the debt;
    a column written on one row in six is not offered as the reference."""
    rows = [(f"Alumno {n}\nR.C.N 10182732{n:02d}", f"Acudiente {n}", "159520337" if n == 0 else "", str(596922 + n))
            for n in range(6)]
    text = "Estudiante,Codeudor / Familiar,Notas,Total Saldo\n" + "".join(
        ",".join(f'"{v}"' for v in row) + "\n" for row in rows)
    prepared = _prepared(settings, tmp_path / "morosos.csv", text)
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.name"], fields["reference"]) == ("Codeudor / Familiar", "Estudiante")
    assert prepared.validation.valid == 6


def test_an_institutes_ledger_reads_what_is_due_today_and_the_pupil_where_no_guardian_is_named(settings, tmp_path):
    """An Indian coaching institute's student ledger: 'Total Due as on Date' is what is owed (not a
    date, not the instalment plan); 'Guardians Name' is the debtor, and where it is blank the
    student's own name is."""
    prepared = _prepared(settings, tmp_path / "students.csv", (
        "Enroll No,Student Name,Installment Amount,Total Amount Paid Till Date,Total Due as on Date,Guardians Name\n"
        "E2426-001,RIYA DAS,60000,20000,40000,TAPAN DAS\nE2426-002,ARKO SEN,45000,45000,0,\n"
        "E2426-003,MOU ROY,52000,12000,40000.50,\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Total Due as on Date"
    cases = prepared.cases.filter(pl.col(VALID))
    assert dict(cases.select("reference", "debtor.name").rows()) == {"E2426-001": "TAPAN DAS", "E2426-003": "MOU ROY"}
    assert _owed(prepared) == {"E2426-001": Decimal("40000.00"), "E2426-003": Decimal("40000.50")}


def test_a_scenario_column_of_another_system_is_kept_as_metadata(settings, tmp_path):
    """A bank's placement names its own collection stages in 'Escenario': none is a scenario of the
    tool's, so the column is kept as metadata (said) and the cases follow the default scenario,
    instead of every row failing as an unknown scenario. Values close to the tool's scenarios keep
    the column: each mistake is named."""
    text = "Operacion,Apellido y nombre,Deuda vencida,Escenario\n" + "".join(
        f"OP{n:04d},DEUDOR {n},{100 + n}.00,{['MORA TEMPRANA', 'PRELEGAL', 'JUDICIAL'][n % 3]}\n" for n in range(12))
    prepared = _prepared(settings, tmp_path / "asignacion.csv", text)
    assert "scenario" not in prepared.mapping.field_columns()
    assert any(n.startswith("'Escenario' reads as the scenario by its header, but none of its 3 value(s) ('")
               and "kept as metadata, and the cases follow the default scenario, standard_3_waves." in n
               for n in prepared.mapping.notices)
    assert prepared.validation.valid == 12
    assert set(prepared.cases["scenario"].to_list()) == {"standard_3_waves"}
    assert prepared.cases["metadata"].str.contains("PRELEGAL").any()
    typed = _prepared(settings, tmp_path / "typed.csv", "Operacion,Apellido y nombre,Deuda vencida,Escenario\n"
                      "OP1,ANA RUIZ,100.00,standrad_3_waves\nOP2,LUIS PAZ,200.00,gentle_2_waves\n")
    assert typed.mapping.field_columns()["scenario"] == "Escenario"
    assert "unknown-scenario" in _verdicts(typed)[2] and "unknown-scenario" not in _verdicts(typed)[3]


def test_a_customer_list_with_its_lifetime_revenue_is_no_list_of_debts(settings, tmp_path):
    """A field-service customer list: 'Customers Lifetime Revenue' is what each customer spent over
    the years, not what it owes. It is not offered as the amount on its values, and the file is
    refused for the amount instead of being imported as debts."""
    text = "Customer ID,Customer Name,Phone Number,Customers Lifetime Revenue,Lifetime Jobs Completed\n" + "".join(
        f"{1000 + n},Customer {n},(512) 555-{1000 + n},{n * 137}.50,{n % 5}\n" for n in range(30))
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "customers.csv", text)
    assert refused.value.facts["missing"] == ["amount", "reference"]


def test_a_block_below_the_list_past_a_blank_row_with_no_reference_is_left_out(settings, tmp_path):
    """A loan register kept by hand goes on below its list, past blank rows, with sums by year and
    the funds' totals: rows with no loan number, left out and said, instead of being rejected for a
    missing reference, name and amount. A second loan of a school, its name left blank under the
    first, takes the school: the sums below, which repeat a figure on two rows, change nothing."""
    rows = [f"{n},School {n},{1000 * n}.00,2025-06-{n:02d}" for n in range(1, 9)]
    rows.insert(3, "9,,500.00,2025-06-20")
    rows.insert(7, "10,,700.00,2025-06-21")
    below = ["", "", ",500000,,", ",500000,,", ",Funds,66.7%,", ",Total PRI,1420000,"]
    prepared = _prepared(settings, tmp_path / "loans.csv", "Loan #,Borrower,Amount Outstanding,Issue Date\n"
                         + "\n".join(rows + below) + "\n")
    assert sorted(_owed(prepared), key=int) == [str(n) for n in range(1, 11)]
    assert _invalid(prepared) == []
    assert ("4 row(s) below the list, past a blank row, hold no reference (rows 14, 15, 16, 17): a block of its own "
            "under the invoices (sums, notes), left out.") in prepared.read.source.notices
    assert prepared.cases.filter(pl.col("reference") == "9")["debtor.name"].to_list() == ["School 3"]
    # without a blank row between them, a row without a reference is the list's own, and an error
    close = _prepared(settings, tmp_path / "close.csv", "Loan #,Borrower,Amount Outstanding,Issue Date\n"
                      + "\n".join([*rows, ",School 10,300.00,2025-06-30"]) + "\n")
    assert _invalid(close) == [12]


def test_a_company_written_alike_beside_many_debtors_is_not_their_name(settings, tmp_path):
    """A card issuer's placement: 'Empresa' holds the issuer on every row, beside each cardholder's
    own street and e-mail, and no column names the cardholders. The issuer is no debtor's name:
    kept as metadata, said, and the file is refused for the name. One customer's statement, its
    company alike on every row and its street too, is that customer's."""
    text = "Producto,Empresa,Calle,Email,Deuda\n" + "".join(
        f"DU{n:08d},TARJETA NARANJA S.A.,Calle {n},titular{n}@mail.com,{100 + n}.00\n" for n in range(24))
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "placement.csv", text)
    assert refused.value.facts["missing"] == ["debtor.name"]
    statement = _prepared(settings, tmp_path / "statement.csv", "Producto,Empresa,Calle,Email,Deuda\n" + "".join(
        f"F-{n},ACME SA,Calle Mayor 1,compta@acme.es,{100 + n}.00\n" for n in range(24)))
    assert statement.mapping.field_columns()["debtor.name"] == "Empresa"


def test_an_order_paid_by_instalments_is_judged_by_its_own_status_not_by_an_instalments(settings, tmp_path):
    """A buy-now-pay-later export: each order's status ('CLOSED' beside 'IN PROGRESS': paid), then
    the status of each of its instalments side by side ('SCHEDULED': not yet due). An instalment's
    status says nothing of the order: an order in progress with instalments to come is owed."""
    rows = [("O-1", "Ana", "IN PROGRESS", "DONE", "SCHEDULED"), ("O-2", "Luis", "CLOSED", "DONE", "DONE"),
            ("O-3", "Eva", "IN PROGRESS", "DONE", "DELAYED"), ("O-4", "Juan", "CANCELLED", "CANCELLED", "CANCELLED"),
            ("O-5", "Rosa", "IN PROGRESS", "SCHEDULED", "SCHEDULED")]
    text = "# Orden,Nombre del comprador,Venta total,Estado orden,Estado cuota 1,Estado cuota 2\n" + "".join(
        f"{o},{n},100.00,{s},{c1},{c2}\n" for o, n, s, c1, c2 in rows)
    prepared = _prepared(settings, tmp_path / "ordenes.csv", text)
    assert sorted(_owed(prepared)) == ["O-1", "O-3", "O-5"]  # the order number, offered for the reference
    assert not any("Estado cuota" in n for n in prepared.read.source.notices)


def test_balances_of_a_few_cents_are_what_rounding_left_of_invoices_paid(settings, tmp_path):
    """An ageing's balances of 0.01 and -0.01: what rounding left of invoices paid, left out and
    said, neither debts of a cent nor negative amounts to correct. Six cents is a balance."""
    text = "Customer;Invoice No;Balance\nAcme;I-1;120.00\nGlobex;I-2;0.01\nInitech;I-3;-0,01\nUmbrella;I-4;0.05\nHooli;I-5;0.06\n"
    prepared = _prepared(settings, tmp_path / "ageing.csv", text)
    assert sorted(_owed(prepared)) == ["I-1", "I-5"]
    assert _invalid(prepared) == []
    assert ("3 row(s) left out because their balance 'Balance' is a few cents (0.01 to 0.05, or as much below zero): "
            "what rounding left of an invoice paid, nothing to collect (rows 3, 4, 5).") in prepared.read.source.notices


def test_a_tax_sale_list_names_each_lien_by_its_owner(settings, tmp_path):
    """A city's tax sale list: the liens on properties, their owners in 'OWNER1', the properties'
    block and lot, their house number ('HSE-NO'). No column names a debtor, but the owner owes the
    lien: 'OWNER1' is offered for the name, not the house number for the reference."""
    owners = [f"{first} {last}" for first in ("JOHN", "MARY", "ROSE", "PAUL", "ANNA", "LUKE")
              for last in ("SMITH", "JONES", "BROWN", "MILLER", "DAVIS")]
    text = "BlockLot,OWNER1,HSE-NO,Address,Lien\n" + "".join(
        f"{1000 + n:04d} {n:03d},{owner},{2000 + n % 3},{2000 + n % 3} E MAIN ST,{1500 + n}.25\n"
        for n, owner in enumerate(owners))
    prepared = _prepared(settings, tmp_path / "tax_sale.csv", text)
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.name"], fields["reference"]) == ("OWNER1", "BlockLot")
    assert prepared.validation.valid == 30
    # a county's list beside who bought each lien's certificate ("Cert Buyer", an investor): the owner
    # still owes it; the buyer had been taken for the debtor
    certified = _prepared(settings, tmp_path / "delinquent.csv", text.replace("OWNER1", "Owner Name").replace(
        ",Lien\n", ",Lien,Cert Buyer\n").replace(".25\n", ".25,KEYS FUNDING LLC - 1650\n"))
    assert certified.mapping.field_columns()["debtor.name"] == "Owner Name"
    assert set(certified.cases.filter(pl.col(VALID))["debtor.name"]) == set(owners)
    # an account's owner repeats a few names: it is no debtor
    text = "Invoice No,Owner,Amount Due\n" + "".join(f"I-{n},{['Ann Lee', 'Bob Ray'][n % 2]},{100 + n}.00\n" for n in range(30))
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "owned.csv", text)
    assert refused.value.facts["missing"] == ["debtor.name"]


def test_an_accounts_column_of_amounts_with_decimals_is_offered_for_the_amount(settings, tmp_path):
    """A bank's lot for its collection agency: 'Compte Debiteur' (the overdrawn account) holds each
    account's balance, 9715.535, where the header alone reads as an account's number. No column
    names the amount: that column of amounts with decimals is offered for it, not refused. Whole
    numbers under the same header stay an account's number."""
    text = "Compte;Nom Client;Compte Debiteur;Tel Portable\n" + "".join(
        f"0{4010000 + n};Client {n};{9000 + n * 37}.{535 + n};2{n}826868\n" for n in range(12))
    prepared = _prepared(settings, tmp_path / "lot.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "Compte Debiteur"
    assert len(_owed(prepared)) == 12
    numbers = "Compte;Nom Client;Compte Debiteur\n" + "".join(f"0{4010000 + n};Client {n};{70000 + n}\n" for n in range(12))
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "comptes.csv", numbers)
    assert "amount" in refused.value.facts["missing"]


def test_the_issuer_of_notes_is_not_the_debtor_and_notes_the_company_issued_are_refused(settings, tmp_path):
    """A Romanian company's list naming its issuer ('Emitent': the company itself, on every row) and the
    third party ('Tert'): the issuer is no debtor; the third party is named by its column. Without it,
    the file is refused for the name, not imported against the company itself. Its register of
    promissory notes ('Tip': BOP), all issued by the company, lists what it owes its suppliers: refused
    as such, where the notes had been imported as the suppliers' debts."""
    text = "Numar;Emitent;Tert;Suma;DataScadenta\n" + "".join(
        f"{100 + n};BRENADO FOR HOUSE SRL;CLIENT {n} SRL;{1000 + n}.50;2025-08-{10 + n}\n" for n in range(12))
    prepared = _prepared(settings, tmp_path / "emise.csv", text)
    assert prepared.mapping.field_columns()["debtor.name"] == "Tert"
    alone = "\n".join(";".join(c for i, c in enumerate(line.split(";")) if i != 2) for line in text.splitlines()) + "\n"
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "emise_fara_tert.csv", alone)
    assert refused.value.facts["missing"] == ["debtor.name"]
    notes = "Numar;Tip;Emitent;Tert;Suma;DataScadenta\n" + "".join(
        f"25010008{n};BOP;BRENADO FOR HOUSE SRL;FURNIZOR {n} SRL;{1000 + n}.50;2025-08-{10 + n}\n" for n in range(12))
    _refused(settings, tmp_path / "efecte.csv", notes,
             r"it is a register of promissory notes or cheques all issued by 'BRENADO FOR HOUSE SRL', your company "
             r"\(its columns 'Emitent', 'Tip'\)")
    # notes received, each issued by the customer who owes it, are no such register
    from getbill_import.mapping.values import notes_issued_by_one

    received = pl.DataFrame({"Tip": ["BOP"] * 4, "Emitent": [f"CLIENT {n} SRL" for n in range(4)], "Suma": ["10"] * 4})
    assert notes_issued_by_one(received, received.columns, settings.mappings_dir) is None
    assert notes_issued_by_one(received.with_columns(pl.lit("BRENADO FOR HOUSE SRL").alias("Emitent")),
                               received.columns, settings.mappings_dir) == ("Emitent", "BRENADO FOR HOUSE SRL", "Tip")


def test_formulas_a_program_wrote_without_their_results_are_computed_or_said(settings, tmp_path):
    """A debtors list written by a script (openpyxl): 'Amount Remaining' is '=C2-D2' on each row,
    never calculated, so its cells read blank. Each row's arithmetic is done, as a spreadsheet would,
    and said; a formula that is no arithmetic of its row (a look-up) is said, with what to do,
    beside the rows rejected for an empty amount."""
    from openpyxl import Workbook

    def written(formula: Callable[[int], str]) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(["Invoice", "Customer", "Purchase Price", "Payments Made", "Amount Remaining"])
        for n in range(2, 8):
            sheet.append([f"I-{n}", f"Customer {n}", 1000 + n, 100 if n != 7 else 1007, formula(n)])
        path = tmp_path / "debtors.xlsx"
        book.save(path)
        return path

    prepared = prepare_file(written(lambda n: f"=C{n}-D{n}"), settings)
    valid = prepared.cases.filter(pl.col(VALID))
    # (the last customer paid all: nothing left)
    assert valid["reference"].to_list() == [f"I-{n}" for n in range(2, 7)]
    assert valid["amount"].to_list() == [Decimal(900 + n) for n in range(2, 7)]
    assert ("'Amount Remaining' holds formulas ('=C2-D2') whose results were never saved (the workbook was written by a "
            "program, not saved by a spreadsheet): each row's arithmetic is done here (6 row(s)).") in " ".join(
        prepared.read.source.notices)
    # (the column is blank no more: nothing says its rows will be rejected)
    assert not any("is blank on every row" in n for n in prepared.notices + prepared.read.source.notices)
    prepared = prepare_file(written(lambda n: f"=SUM(C{n}:D{n})*1.1-D{n}*2.1"), settings)
    assert prepared.cases.filter(pl.col(VALID))["amount"].to_list()[:2] == [Decimal("1002.20"), Decimal("1003.30")]
    # a tax rounded to the yen, as a spreadsheet rounds: half away from zero
    prepared = prepare_file(written(lambda n: f"=C{n}-D{n}+ROUND((C{n}-D{n})*0.1,0)"), settings)
    assert prepared.cases.filter(pl.col(VALID))["amount"].to_list()[:2] == [Decimal("992.00"), Decimal("993.00")]
    # a cell of another row is no arithmetic of this one's: nothing is computed
    prepared = prepare_file(written(lambda n: f"=C{n}-D2"), settings)
    assert prepared.validation.valid == 0
    assert any(n.startswith("'Amount Remaining' holds formulas ('=C2-D2') whose results were never saved: the workbook")
               for n in prepared.read.source.notices)
    prepared = prepare_file(written(lambda n: f"=VLOOKUP(A{n},Payments!A:B,2,FALSE)"), settings)
    assert ("'Amount Remaining' holds formulas ('=VLOOKUP(A2,Payments!A:B,2,FALSE)') whose results were never saved: the "
            "workbook was written by a program, not saved by a spreadsheet. Open it in Excel or LibreOffice, save it, and "
            "import it again.") in prepared.read.source.notices
    assert prepared.validation.valid == 0


def test_formulas_never_calculated_in_cells_formatted_in_a_currency_are_in_that_currency(settings, tmp_path):
    """The same list, its remaining amounts formatted '$#,##0.00': their formulas hold no saved value,
    and the cells had not been read for their format, the amounts taken in euros by default."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Invoice", "Customer", "Purchase Price", "Payments Made", "Amount Remaining"])
    for n in range(2, 6):
        sheet.append([f"I-{n}", f"Customer {n}", 1000 + n, 100, f"=C{n}-D{n}"])
        sheet.cell(row=n, column=5).number_format = '"$"#,##0.00'
    book.save(written := tmp_path / "written.xlsx")
    # (as a program writing its formulas alone leaves them: no value element, not even an empty one)
    path = tmp_path / "debtors.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data.replace(b"<v />", b"") if item.filename.startswith("xl/worksheets/") else data)
    prepared = prepare_file(path, settings)
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"USD"}


def test_korean_and_japanese_headers_are_read(settings, tmp_path):
    """A Korean wholesaler's receivables ('거래처', '기초미수금') and a Japanese school's billing list
    ('請求書番号', '生徒名', '請求額(税込)', '支払期日') are read by their headers, and their amounts
    in the won and the yen, not in the euro taken by default."""
    korean = _prepared(settings, tmp_path / "receivables.csv", "거래처,기초미수금,기준일자\n" + "".join(
        f"(주)거래처{n},{100000 * (n + 1)},2025-03-31\n" for n in range(6)))
    assert (_mapping(korean)["거래처"], _mapping(korean)["기초미수금"]) == ("debtor.name", "amount")
    assert set(korean.cases["currency"].to_list()) == {"KRW"}
    assert any("read in KRW, the currency of KR, as the headers are in its language (ko)" in n for n in korean.validation.notices)
    japanese = _prepared(settings, tmp_path / "seikyu.csv", "請求書番号,生徒名,請求額(税込),支払期日\n" + "".join(
        f"S-{n:03d},生徒{n},{12000 + n * 500},2025-04-27\n" for n in range(6)))
    assert _mapping(japanese) == {"請求書番号": "reference", "生徒名": "debtor.name", "請求額(税込)": "amount",
                                  "支払期日": "due_date"}
    assert len(_owed(japanese)) == 6
    assert set(japanese.cases["currency"].to_list()) == {"JPY"}
    # a Turkish shop's debts on sales ('musteri_adi', 'borc'): Turkish lira
    turkish = _prepared(settings, tmp_path / "borclar.csv", "fatura_no,musteri_adi,borc\n" + "".join(
        f"F-{n},Müşteri {n},{2000 + n}\n" for n in range(6)))
    assert set(turkish.cases["currency"].to_list()) == {"TRY"}


def test_a_debtor_column_of_names_is_the_debtors_name_though_a_ledger_numbers_its_debtors_under_that_word(
    settings, tmp_path
):
    """e-conomic's list of open invoices: 'Debitor' holds each customer's name, where a German
    ledger's 'Debitor' is the customer's account number (set aside). No column names the debtor
    otherwise: the column of names is offered for it, not refused. Numbers under the same header
    stay set aside."""
    names = ["Hansen Byggeri", "Jensen Service", "Nord Bygg", "Larsen VVS", "Dahl Maling", "Berg Transport",
             "Holm Tømrer", "Lund El", "Vang Smed", "Krog Kloak"]
    text = "Fakturanummer;Debitor;Nettobeloeb;Momsbeloeb;Bruttobeloeb;Forfaldsdato\n" + "".join(
        f"{10001 + n};{name};{800 * (n + 1)},00;{200 * (n + 1)},00;{1000 * (n + 1)},00;15-04-2026\n"
        for n, name in enumerate(names))
    prepared = _prepared(settings, tmp_path / "fakturaer.csv", text)
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.name"], fields["reference"], fields["amount"]) == ("Debitor", "Fakturanummer", "Bruttobeloeb")
    assert sorted(_owed(prepared)) == [str(10001 + n) for n in range(10)]
    # no currency is written, and the headers are Danish: the amounts are in kroner, not in the default euro
    assert ("No column gives the currency: the amounts are read in DKK, the currency of DK, as the headers are in its "
            "language (da), not in EUR (the default currency). If they are in another currency, set "
            "GETBILL_DEFAULT_CURRENCY to it and run again.") in prepared.validation.notices
    assert set(prepared.cases["currency"].to_list()) == {"DKK"}
    numbers = text.replace(";Hansen Byggeri;", ";10400;")
    for n, name in enumerate(names):
        numbers = numbers.replace(f";{name};", f";{10400 + n};")
    with pytest.raises(MappingError) as refused:
        _prepared(settings, tmp_path / "konti.csv", numbers)
    assert refused.value.facts["missing"] == ["debtor.name"]


def test_a_myob_report_names_each_invoice_by_the_first_line_of_its_customers_label(settings, tmp_path):
    """MYOB's receivables reconciliation: each customer's block of label lines (its name, its card
    id, its contact, a phone number) above its invoices, a 'Total:' row below them, the invoice
    number under 'ID No.'. Each invoice takes the customer's name (the block's first line); the
    block's lines, the phone's and a card id's too, are label rows, not invoices without an amount."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([None, "Independent Testing Services"])
    sheet.append([None, "Receivables Reconciliation [Detail]"])
    sheet.append([])
    sheet.append([None, "ID No.", "Date", "Orig. Curr.", "Total Due", "0 - 30", "31 - 60", "61 - 90", "90+"])
    customers = [("3M Australia Pty Limited", "*None", "Joe Miller", None, ["00065858", "00065896"]),
                 ("Adelaide Airport Limited", "*None", "Phil Hogan", "08 8308 9211 Kerry", ["00066153"]),
                 ("Assetlink (SA)", "803-2", "Bec Hoffman-Davis", None, ["00066135", "00066136"])]
    total = 0.0
    for name, card, contact, phone, invoices in customers:
        for line in (name, card, contact, phone):
            if line is not None:
                sheet.append([None, line])
        for n, invoice in enumerate(invoices):
            sheet.append([None, invoice, f"0{n + 1}/05/2021", "AUD", 577.5, 577.5, 0, 0, 0])
        sheet.append([None, None, "Total:", None, 577.5 * len(invoices), 577.5 * len(invoices), 0, 0, 0])
        total += 577.5 * len(invoices)
    sheet.append([])
    sheet.append([None, None, "Grand Total:", None, total])
    path = tmp_path / "Open AR.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert _invalid(prepared) == []
    valid = prepared.cases.filter(pl.col(VALID))
    assert dict(valid.select("reference", "debtor.name").rows()) == {
        "00065858": "3M Australia Pty Limited", "00065896": "3M Australia Pty Limited",
        "00066153": "Adelaide Airport Limited", "00066135": "Assetlink (SA)", "00066136": "Assetlink (SA)"}
    assert valid["currency"].unique().to_list() == ["AUD"]


def test_a_unit_amount_beside_a_quantity_of_one_on_every_row_is_offered_for_the_amount(settings, tmp_path):
    # Xero's sales invoice import layout, filled with open invoices: one line each, quantity 1
    text = "*InvoiceNumber,*CustomerName,*DueDate,*Quantity,*UnitAmount\n" + "".join(
        f"INV-{n},Customer {n},2026-0{n % 9 + 1}-15,1,\"{n},200.00\"\n" for n in range(1, 7))
    prepared = _prepared(settings, tmp_path / "xero.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "*UnitAmount"
    assert _owed(prepared)["INV-3"] == Decimal("3200.00")
    # a quantity of several: each invoice owes its quantity times its unit amount, offered to confirm
    several = _prepared(settings, tmp_path / "xero2.csv", text.replace(",1,\"", ",2,\""))
    assert [c.status for c in several.mapping.columns if c.column == "*UnitAmount"] == ["to_confirm"]
    assert _owed(several)["INV-3"] == Decimal("6400.00")
    # the template's 'Total', left blank for Xero to compute, gives way to the unit amount (every row
    # had been rejected for a missing amount)
    blank_total = _prepared(settings, tmp_path / "xero3.csv", text.replace("*UnitAmount\n", "*UnitAmount,Total\n")
                            .replace("\n", ",\n").replace("*UnitAmount,Total,\n", "*UnitAmount,Total\n").replace(",1,\"", ",2,\""))
    assert blank_total.mapping.field_columns()["amount"] == "*UnitAmount"
    assert _owed(blank_total)["INV-3"] == Decimal("6400.00")
    assert not any("blank on every row" in n for n in blank_total.notices)


def test_a_years_billing_beside_what_was_paid_on_account_is_owed_the_difference(settings, tmp_path):
    """A Chilean firm's yearly billing per customer: a month in each column, the year's 'Total', what
    was paid on account ('Abono') and the difference. Each customer owes the total less what was
    paid; those who paid it all are left out; the months' notice asks nothing once 'Total' is the
    amount."""
    months = ["Enero", "Febrero", "Marzo"]
    rows = [("Afp Plan Vital", 300000, 100000), ("Aguas Andinas", 450000, 450000), ("Banco Estado", 120000, 0)] + [
        (f"Cliente {chr(65 + n)}", 90000, 90000) for n in range(10)]
    text = "Nombre Cliente," + ",".join(months) + ",Total,Abono,Diferencia\n" + "".join(
        f"{name},{total // 3},{total // 3},{total // 3},{total},{paid},{paid - total}\n" for name, total, paid in rows)
    prepared = _prepared(settings, tmp_path / "reporte.csv", text)
    assert _owed(prepared) == {"Afp Plan Vital": Decimal("200000.00"), "Banco Estado": Decimal("120000.00")}
    assert ("The file puts a period in each of 3 columns ('Enero', 'Febrero', 'Marzo'…): none of them is the amount; "
            "'Total' is.") in prepared.mapping.notices


def test_an_odoo_aged_receivable_reads_its_partners_under_a_blank_header_and_leaves_its_total_on_top(settings, tmp_path):
    """Odoo's Aged Receivable: the partners in a first column whose header is blank, the report's
    grand total first, labelled with the report's title, right under the header. Each partner with
    a balance is a debt named by the partner; the total on top is no debtor."""
    partners = [("Abeya Services Ltd", 125000.50), ("Coral Garden Ltd", 98000.00), ("Nautilus Hopper Ltd", 45210.35),
                ("One Love Co Ltd", 8000.00), ("Zil De L'Est", 12500.00)] + [
                    (f"Partner {chr(65 + n)} Ltd", 1000.00 + n) for n in range(8)] + [
                    ("long shot", 500.00), ("spot water activities", 700.00), ("test", 300.00)]
    total = sum(a for _, a in partners)
    text = ",Invoice Date,1-30,31-60,Older,Total\n" + f"Aged Receivable,,,,{total:.2f},{total:.2f}\n" + "".join(
        f"{name},,0.00,0.00,{amount:.2f},{amount:.2f}\n" for name, amount in partners)
    prepared = _prepared(settings, tmp_path / "aged_receivable.csv", text)
    assert sorted(_owed(prepared)) == sorted(name for name, _ in partners)
    assert "Row 2 excluded: totals row" in " ".join(prepared.read.source.notices)
    # the example of a debt named by its debtor is a partner's, not the report's title
    said = [n for n in prepared.read.source.notices if "a list of balances per debtor" in n]
    assert said and "named by its debtor's name ('Abeya Services Ltd')" in said[0]


def test_an_order_paid_in_full_above_others_paid_in_full_is_no_total_on_top(settings, tmp_path):
    # a shop's orders, each with a balance of nothing: 0.00 is the sum of the zeros below, and no total
    text = "Name,Email,Outstanding Balance\n" + "".join(f"#{1060 - n},b{n}@shop.uk,0.00\n" for n in range(6))
    prepared = _prepared(settings, tmp_path / "orders_export.csv", text)
    assert not any(e.reason == "totals" for e in prepared.read.source.excluded_lines)
    assert not any("totals row" in n for n in prepared.read.source.notices)


def test_what_remains_to_pay_of_nothing_on_every_row_is_no_debt(settings, tmp_path):
    # a payments register: each payment's invoice, with what remains of it once paid
    text = "Customer,RefNumber,TotalAmount,AppliedToTxnBalanceRemaining\n" + "".join(
        f"Client {n},{100 + n},{50 + n}.00,0.00\n" for n in range(5))
    prepared = _prepared(settings, tmp_path / "receive_payments.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "AppliedToTxnBalanceRemaining"
    assert not prepared.cases.filter(pl.col(VALID)).height


def test_a_register_of_payments_received_is_refused_as_one(settings, tmp_path):
    """QuickBooks' ReceivePayment table: each row a payment received (its method, the account it went
    to, what is left unapplied), which reads like a list of invoices: refused as money received. A
    list of open invoices with a payment method is imported."""
    text = ("CustomerRefFullName,RefNumber,TxnDate,TotalAmount,PaymentMethodRefFullName,DepositToAccountRefFullName,"
            "UnusedPayment,UnusedCredits\n") + "".join(
        f"Junta de Agua {n},{1400 + n},2024-0{n % 9 + 1}-10,{1500 + n}.00,Cash,Banco Atlantida,0.00,0.00\n" for n in range(6))
    path = tmp_path / "ReceivePayment.xlsx.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is a register of payments received \(its columns 'PaymentMethodRefFullName', "
                                           r"'DepositToAccountRefFullName', 'UnusedPayment' …\)"):
        prepare_file(path, settings)
    # QuickBooks Online's Payment table as a data pipeline copies it
    synced = tmp_path / "payment_data.csv"
    synced.write_text("id,customer_id,deposit_to_account_id,payment_method_id,reference_number,total_amount,unapplied_amount\n"
                      + "".join(f"{n},{1040 + n},35,2,R-{n},{100 + n}.00,0\n" for n in range(5)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"register of payments received \(its columns 'deposit_to_account_id', "
                                           r"'payment_method_id', 'unapplied_amount'\)"):
        prepare_file(synced, settings, PrepareOptions(assign=(("customer_id", "debtor.name"),)))
    invoices = _prepared(settings, tmp_path / "open.csv", "Customer,Invoice No,Amount Due,Payment Method\n"
                         "Acme,I-1,120.00,Card\nGlobex,I-2,80.00,Transfer\n")
    assert sorted(_owed(invoices)) == ["I-1", "I-2"]


def test_receipts_and_collections_logs_are_refused_as_payments_received(settings, tmp_path):
    """A reconciliation's receipts ('receipt_id', 'receipt_date' on every row, bank remarks as the
    reference) and a collections log ('PaymentDate' on every row, 'Collection' the money received)
    read like lists of invoices: refused as money received, where they were imported as debts. A
    list of invoices paid in part, their invoice date beside the payment's, is imported."""
    receipts = tmp_path / "receipts.csv"
    receipts.write_text("receipt_id,customer,receipt_date,amount,reference\n" + "".join(
        f"RCPT-{9001 + n},Market {n},2026-03-{n + 10},{1280 + n}.00,Payment for INV-{1001 + n}\n" for n in range(6)),
        encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is a register of payments received \(its columns 'receipt_date', "
                                           r"'receipt_id'\)"):
        prepare_file(receipts, settings)
    log = tmp_path / "collections.csv"
    log.write_text("Customer,InvoiceId,PaymentDate,Collection\n" + "".join(
        f"Customer {n},INV{n:04d},2024-11-{n + 10},{348539 + n}\n" for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"register of payments received \(its columns 'PaymentDate', 'Collection'\)"):
        prepare_file(log, settings)
    # each payment's date and how it came (NEFT, UPI), its invoice named: a register of payments
    modes = tmp_path / "payment_register.csv"
    modes.write_text("Invoice ID,Customer,Payment Date,Payment Mode,Amount,Payment Reference\n" + "".join(
        f"INV-00{n},Aster Hotels Ltd,2025-04-0{n + 1},NEFT,{11800 + n},UTR00{n}\n" for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"register of payments received \(its columns 'Payment Date', 'Payment Mode'\)"):
        prepare_file(modes, settings)
    # a sample database's payments (classicmodels): each cheque's number and the day it came; a
    # distributor's cash receipts (each one's number and day, the collector): its day reads as a date
    for name, text, said in (
        ("payments.csv", '"customerNumber";"checkNumber";"paymentDate";"amount"\n' + "".join(
            f'{103 + n};HQ33633{n};"2004-10-1{n}";{6066 + n}.78\n' for n in range(6)), "'paymentDate', 'checkNumber'"),
        ("customer_receipts.csv", "cashno,cashdate,ccode,cname,amount,remarks,collector_id\n" + "".join(
            f"{n + 1},2025-11-0{n + 1},56,RAHIM BHAI MOTORS {n},{40000 + n},,1\n" for n in range(6)), "'cashdate', 'cashno'"),
    ):
        _refused(settings, tmp_path / name, text, rf"register of payments received \(its columns {said}\)")
    paying = _prepared(settings, tmp_path / "paying.csv", "Customer,Invoice No,Invoice Date,Payment Date,Amount Received,"
                       "Balance Due\n" + "".join(f"Customer {n},INV{n:04d},2024-10-{n + 10},2024-11-{n + 10},100.00,"
                                                  f"{348 + n}.00\n" for n in range(6)))
    assert len(_owed(paying)) == 6
    # a Colombian distributor's collections: each invoice's date beside the day it was collected and
    # how ('Medio de pago', the bank): 4,003 payments had been imported as debts
    _refused(settings, tmp_path / "cobros.csv", "Serie;Número;Fecha;Cliente;Medio de pago;Banco;Fecha Cobro;IMPORTE\n" + "".join(
        f"156W;{18131 + n};2025-05-{10 + n};CLIENTE {n};CONSIGNACION;5700000000;2025-05-{12 + n};{141957 + n}\n"
        for n in range(6)), r"register of payments received \(its columns 'Fecha Cobro', 'Medio de pago'\)")
    # a psychologist's invoices: the day each was paid beside how ('Comptant', 'Interac': x) on the
    # same rows; those two had been imported as owed
    practice = _prepared(settings, tmp_path / "factures.csv",
                         '"Facture","Date","Client 1","Montant dû","Date paiement","Comptant","Interac"\n'
                         '"INV-74","2022-03-08","Salut Toi","110,00 $",,,\n"INV-58","2022-03-14","Salut Toi","110,00 $",2022-03-17,"x",\n'
                         '"INV-57","2022-03-14","Salut Toi","110,00 $",2022-03-17,,"x"\n"INV-60","2022-03-15","Ami Un","90,00 $",,,\n')
    assert sorted(_owed(practice)) == ["INV-60", "INV-74"]
    # an Indian firm's sales book: the day each was paid beside how (NEFT, Gpay) on the same rows, and a
    # transfer on its way (NEFT, no date yet) on one more: the dated rows are paid, the others owed
    book = _prepared(settings, tmp_path / "sundry_debtors.csv", "DATE,INVOICE NO,CLIENT,AMOUNT,MODE OF PAYMENT,DATE OF PAYMENT\n"
                     + "".join(f"2022-10-{n + 10},b22-23MQ{300 + n},Client {n},{1000 + n},NEFT,2022-11-{n + 10}\n" for n in range(8))
                     + "2022-10-25,b22-23MQ320,Sodiem,2689515,,\n2023-10-12,b23-24MQ301,Nerul,55023.6,NEFT,\n")
    assert sorted(_owed(book)) == ["b22-23MQ320", "b23-24MQ301"]
    # how each invoice is to be paid, beside its balance, is a list of invoices still
    terms = _prepared(settings, tmp_path / "terms.csv", "Invoice No;Customer;Invoice Date;Payment Date;Payment Method;"
                      "Balance Due\n" + "".join(f"INV{n:04d};Customer {n};2024-10-{n + 10};2024-11-{n + 10};Transfer;"
                                                 f"{348 + n}.00\n" for n in range(6)))
    assert len(_owed(terms)) == 6


def test_a_card_processors_settlements_and_a_practices_cheques_are_refused_as_payments_received(settings, tmp_path):
    """A counselling practice's card processor export: each payment's settlement date and fees, the
    payer's name 'None None'. Its 503 card payments had been imported as debts owed by no one. Its
    insurers' cheques ('Check Number', 'Check Amount', 'Cash Applied') were refused for a missing
    name, with advice to name one by hand: that would have imported 920 receipts as debts."""
    cards = tmp_path / "copay_cc.csv"
    cards.write_text("Trans. #,Trans. Date,Settle Date,Gross Amt,Disc. Fee,Per Trans. Fee,Net Amt,Acct Type,Trans. Type,"
                     "Payer Name,Client Name\n" + "".join(
                         f"{9690 + n},01-0{n + 1}-2025,01-0{n + 1}-2025,{50 + n},-1.5,-0.3,{48 + n}.20,Visa,CC,None None,"
                         f"Client {n}\n" for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"register of payments received \(its columns 'Settle Date', 'Disc\. Fee', "
                                           r"'Per Trans\. Fee'\)"):
        prepare_file(cards, settings)
    cheques = tmp_path / "insurance_payments.csv"
    cheques.write_text("RowId,Check Date,Date Posted,Check Number,Payment From,Reference,Check Amount,Cash Applied\n"
                       "4393,6/10/25,6/10/25,825156000193521,Aetna,ERA_825156000193521,138.61,\n"
                       "4394,,,,Aetna,Sess:05-22-2025(Michael Dages),,138.61\n"
                       "4395,6/12/25,6/12/25,1Z8802,Cigna,ERA_1Z8802,92.40,\n", encoding="utf-8")
    with pytest.raises(MappingError, match=r"register of payments received \(its columns 'Check Date', 'Check Number', "
                                           r"'Payment From' …\)"):
        prepare_file(cheques, settings)
    # a list of open invoices that says how each was paid in part, its balance beside: imported
    paying = _prepared(settings, tmp_path / "open_invoices.csv", (
        "Invoice No,Customer,Invoice Date,Due Date,Invoice Amount,Check Number,Check Date,Check Amount,Balance Due\n"
        "I-1,Acme,2026-01-01,2026-02-01,100.00,1234,2026-01-15,40.00,60.00\n"
        "I-2,Beta,2026-01-03,2026-02-03,200.00,,,,200.00\n"
    ))
    assert _owed(paying) == {"I-1": Decimal("60.00"), "I-2": Decimal("200.00")}


def test_a_name_written_none_none_is_an_empty_name(settings, tmp_path):
    """A script's str(None) for a first and a last name ('None None') is no debtor's name."""
    prepared = _prepared(settings, tmp_path / "bills.csv", "Invoice,Payer Name,Amount,Due Date\n"
                         "A-1,None None,55.00,2025-01-04\nA-2,Isabel Rehak,50.00,2025-01-05\n")
    assert _owed(prepared) == {"A-2": Decimal("50.00")}
    assert "missing-name" in _verdicts(prepared)[2]


def test_a_bill_s_total_named_by_hand_beside_what_was_paid_is_no_log_of_payments(settings, tmp_path):
    """A clinic's bills: 'PaymentDate' and 'AmountPaid' on every row read as a log of payments, but
    the user names 'TotalCost' the amount: each bill owes its total less what was paid, where the
    file was refused whatever the user said."""
    bills = tmp_path / "billing.csv"
    bills.write_text("BillingID,Patient,PaymentDate,TotalCost,AmountPaid\n" + "".join(
        f"{3001 + n},Patient {chr(65 + n)},2025-05-{n + 10},{1000 + n}.00,{600 if n % 2 else 1000 + n}.00\n"
        for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match="register of payments received"):
        prepare_file(bills, settings)
    prepared = prepare_file(bills, settings, PrepareOptions(assign=(("TotalCost", "amount"), ("BillingID", "reference"))))
    assert _owed(prepared) == {"3002": Decimal("401.00"), "3004": Decimal("403.00"), "3006": Decimal("405.00")}
    # bills some of which nothing was paid of are no log of payments (a log records no payment of 0):
    # the file asks for its amount
    unpaid = tmp_path / "oakcrest_billing.csv"
    unpaid.write_text("BillingID,Patient,PaymentDate,TotalCost,AmountPaid\n" + "".join(
        f"{3001 + n},Patient {chr(65 + n)},2025-05-{n + 10},{1000 + n}.00,{0 if n % 3 == 0 else 600}.00\n"
        for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError) as asked:
        prepare_file(unpaid, settings)
    assert "register of payments received" not in str(asked.value) and "(amount)" in str(asked.value)
    # a paid amount left blank on a row or two says nothing: still a log of payments
    blank = tmp_path / "billing_blank.csv"
    blank.write_text("BillingID,Patient,PaymentDate,TotalCost,AmountPaid\n" + "".join(
        f"{3001 + n},Patient {chr(65 + n)},2025-05-{n + 10},{1000 + n}.00,{'' if n % 3 == 0 else 600}\n"
        for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match="register of payments received"):
        prepare_file(blank, settings)


def test_a_sales_pipeline_s_deals_are_refused_as_no_debts(settings, tmp_path):
    """A CRM's opportunities (Salesforce's 'StageName', 'Probability', 'CloseDate') and deals
    (HubSpot's 'Deal Stage'): deals won or hoped for, which had been imported as debts at their
    values, 'Closed Lost' ones too. An invoice export of the same CRM, with its due dates, is read."""
    deals = tmp_path / "opportunities.csv"
    deals.write_text("Id,Name,StageName,Amount,CloseDate,Probability\n" + "".join(
        f"OPP-{n},Acme Deal {n},{'Closed Won' if n % 2 else 'Prospecting'},{1000 * (n + 1)},2024-07-{n + 10},{50 + n}\n"
        for n in range(6)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is a sales pipeline of deals or quotes \(its columns 'StageName', 'CloseDate', 'Probability'\)"):
        prepare_file(deals, settings)
    invoices = _prepared(settings, tmp_path / "invoices.csv", "Invoice Number,Deal Name,Deal Stage,Amount Due,Due Date\n" + "".join(
        f"INV-{n},Acme Deal {n},Closed Won,{1000 * (n + 1)}.00,2024-08-{n + 10}\n" for n in range(6)))
    assert len(_owed(invoices)) == 6


def test_a_statement_whose_title_names_its_customer_gives_each_invoice_that_debtor(settings, tmp_path):
    """A customer's statement: the title block above the header names the one debtor
    ("Customer: Dupont SARL"), no column does. Every invoice is that customer's, said."""
    prepared = _prepared(settings, tmp_path / "statement.csv", (
        "Statement of account;;;\n"
        "Customer:;Dupont SARL;;\n"
        "Period:;01/01/2026 - 31/03/2026;;\n"
        ";;;\n"
        "Invoice No;Invoice date;Due date;Balance\n"
        "F-1001;05/01/2026;04/02/2026;1 200,00\n"
        "F-1007;12/02/2026;14/03/2026;350,50\n"
    ))
    assert _mapping(prepared)["(title)"] == "debtor.name"
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == ["Dupont SARL", "Dupont SARL"]
    assert _owed(prepared) == {"F-1001": Decimal("1200.00"), "F-1007": Decimal("350.50")}
    assert any("line 2 above the header names the file's one debtor" in n for n in prepared.notices)
    assert "(title)" not in json.loads(prepared.cases["metadata"][0])


def test_a_file_whose_amount_and_reference_are_only_offered_is_refused_until_confirmed(settings, tmp_path):
    """An Italian register of companies: its share capital is only offered as the amount and its
    register number as the reference, no due date, nothing says a row is owed: it may list no debts,
    and is refused until the user confirms the columns; confirmed, it is imported. An amount alone
    offered so is as doubtful."""
    text = ("RAGIONE SOCIALE;PARTITA IVA;ATECO;REA;CCIAA;CAPITALE SOCIALE;COMUNE\n"
            "ALFA S.P.A.;00743110157;62.01.00;1305487;MI;2.500.000,00;MILANO\n"
            "BETA S.R.L.;01234560789;47.11.10;1622331;RM;120.000,00;ROMA\n"
            "GAMMA S.R.L.;09876540321;41.20.00;998877;TO;10.000,00;TORINO\n")
    refused = _refused(settings, tmp_path / "registro.csv", text,
                       r"registro.csv may list no debts: no column is surely the amount owed "
                       r"\('CAPITALE SOCIALE' is only offered as the amount, 'REA' as the reference\), no column gives a "
                       r"due date, and nothing says which rows are owed. If it does list debts, confirm the columns "
                       r"\(--set 'CAPITALE SOCIALE=amount' --set 'REA=reference'\), or name others.",
                       code="required-column-missing")
    assert refused.facts["columns"][:2] == ["RAGIONE SOCIALE", "PARTITA IVA"]
    assert refused.facts["missing"] == ["amount", "reference"]
    confirmed = prepare_file(tmp_path / "registro.csv", settings, PrepareOptions(assign=(
        ("CAPITALE SOCIALE", "amount"), ("REA", "reference"))))
    assert confirmed.cases.filter(pl.col(VALID)).height == 3
    # an insurer's clients and their annual premiums: the reference is sure, the amount is not
    _refused(settings, tmp_path / "portafoglio.csv",
             "Codice cliente;Cliente;Polizza;Premio annuo\nC001;Rossi Mario;Auto;1.250,00\nC002;Bianchi SRL;Casa;980,00\n"
             "C003;Verdi Anna;Vita;2.400,00\n",
             r"portafoglio.csv may list no debts: no column is surely the amount owed \('Premio annuo' is only offered "
             r"as the amount\)", code="required-column-missing")


def test_a_bank_statement_is_refused_as_no_list_of_debts(settings, tmp_path):
    """A Czech bank's statement (the other party's account, the day booked, the balance after each
    movement): its running balance had been read as an amount owed and the employer paying a salary
    in as a debtor. It is refused, said. An invoice list with a booking date alone is no statement."""
    statement = ("Číslo účtu;Datum zaúčtování;Částka;Měna;Zůstatek;Číslo účtu protiúčtu;Název účtu protiúčtu\n"
                 "123456789;03.09.2026;-156,00;CZK;9844,00;;\n"
                 "123456789;15.09.2026;37755,00;CZK;47599,00;987654321/0100;ZAMESTNAVATEL A.S.\n")
    path = tmp_path / "vypis.csv"
    path.write_bytes(statement.encode("cp1250"))
    with pytest.raises(MappingError, match=r"it is a bank account's statement \(its columns 'Číslo účtu protiúčtu', "
                                           r"'Datum zaúčtování'\)") as refused:
        prepare_file(path, settings)
    assert refused.value.code == "no-debts-listed"
    invoices = _prepared(settings, tmp_path / "faktury.csv", "Číslo faktury;Odběratel;Datum zaúčtování;Částka\n"
                         "FV-1;Alfa s.r.o.;03.09.2026;1200,00\nFV-2;Beta a.s.;05.09.2026;300,00\n")
    assert sorted(_owed(invoices)) == ["FV-1", "FV-2"]
    # KBC's statement (Belgium): the company's own account on every row, its running balance, the
    # other party's account; its balance had been imported as owed by the account's holder
    _refused(settings, tmp_path / "kbc.csv",
             "Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;Saldo;credit;debet;"
             "rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;gestructureerde mededeling\n"
             "BE00000000000000; ;TEST TEST;EUR; 00000000;08/08/2019;OVERSCHRIJVING;10/08/2019;32,00;100,00;32,00;;"
             "BE00 0000 0000 0000;KREDBEBB;DJANGO;***190/5063/21290***\n",
             r"it is a bank account's statement \(its columns 'rekeningnummer tegenpartij', 'Afschriftnummer'\)")
    # ING Germany's and a Swiss cantonal bank's statements: no other party's account, but the day each
    # movement was booked and the day it took value, each a header of its own; a running 'Saldo' had been
    # taken for the amount owed
    _refused(settings, tmp_path / "ing.csv",
             "Buchung;Wertstellungsdatum;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung\n"
             "06.10.2026;06.10.2026;ARAL Tankstelle;Lastschrift;Tanken;1.188,89;EUR;-61,25;EUR\n"
             "05.10.2026;05.10.2026;Max Muster;Gutschrift;Miete;1.250,14;EUR;950,00;EUR\n",
             r"it is a bank account's statement \(its columns 'Buchung', 'Wertstellungsdatum'\)")
    _refused(settings, tmp_path / "bkb.csv",
             "Buchungsdatum;Valutadatum;Auftragsart;Text;Belastungsbetrag (CHF);Gutschriftsbetrag (CHF);Saldo (CHF)\n"
             "11.03.2024;11.03.2024;Zahlung;Muster AG;6138.1;;35872.24\n07.03.2024;07.03.2024;Gutschrift;Beta GmbH;;22600;82619.07\n",
             r"it is a bank account's statement \(its columns 'Buchungsdatum', 'Valutadatum'\)")
    # an Indian bank's statement: its 'Account Description' beside 'Debit' and 'Credit' had it refused
    # as an accounting journal; its 'Post Date' and 'Value Date' say it is a statement
    _refused(settings, tmp_path / "cbi.csv",
             "Post Date,Value Date,Branch Code,Cheque Number,Account Description,Debit,Credit,Balance\n"
             "01/01/2020,01/01/2020,3360,,BY CLG/SBI/Mehta Traders,,25000.00,125000.00Cr\n"
             "03/01/2020,03/01/2020,3360,104512,TO CHQ/Rao Steel,40000.00,,85000.00Cr\n"
             "07/01/2020,07/01/2020,3360,,TO NEFT/Anand Transport,12000.00,,73000.00Cr\n",
             r"it is a bank account's statement \(its columns 'Post Date', 'Value Date'\)")
    # the bank's side of a reconciliation: its day and amount of each movement, named by the invoice it
    # pays or is paid by ("AP-Payment", "AR-Receipt")
    _refused(settings, tmp_path / "bank_side.csv",
             "bank_date\treference\tbank_amount\tdescription\tbank_ref\n"
             "2026/3/2\tINV-2026-1001\t8937.37\tAP-Payment Metro Food Supply Co.\tBK872246\n"
             "2026/3/2\tINV-2026-1002\t8168.89\tAR-Receipt Pacific Packaging Inc.\tBK542417\n"
             "2026/3/3\tINV-2026-1004\t6800.75\tAR-Receipt Metro Food Supply Co.\tBK571029\n",
             r"it is a bank account's statement \(its columns 'bank_amount', 'bank_date'\)")
    # UBS's statement in French, below the account's IBAN and balances
    _refused(settings, tmp_path / "ubs.csv",
             "Numéro de compte:;0123 00123456.01;\nIBAN:;CH82 0012 0123 1234 4321 U;\n\n"
             "Date de transaction;Date de comptabilisation;Date de valeur;Monnaie;Débit;Crédit;Solde;N° de transaction;"
             "Description1\n"
             "2024-12-05;2024-12-05;2024-12-05;CHF;;176.34;;9999340ZC2552123;Muster AG, Bahnhofstrasse 6\n"
             "2024-12-04;2024-12-04;2024-12-04;CHF;886.46;;;ZD81340AE5033343;Beta GmbH\n",
             r"it is a bank account's statement \(its columns 'Date de comptabilisation', 'Date de valeur'\)")
    # a Hungarian bank's: the day booked, the value day ('Könyvelés dátuma', 'Értéknap')
    _refused(settings, tmp_path / "kivonat.csv",
             "Könyvelés dátuma;Értéknap;Számlaszám;Partner neve;Összeg;Közlemény\n"
             "2026-11-03;2026-11-03;HU42117730161111101800000000;Kovács Eszter;245000;LK-2026-0101\n"
             "2026-11-04;2026-11-04;HU42117730161111101800000000;MVM Next Zrt.;18450;Áramszámla\n",
             r"it is a bank account's statement \(its columns 'Könyvelés dátuma', 'Értéknap'\)")
    # Italian banks': the day booked and the value day, written short ('Data Op.', 'Data Val.': Crédit
    # Agricole's) or whole ('Data Registrazione', 'Data valuta': UniCredit's)
    _refused(settings, tmp_path / "movimenti.csv",
             "Data Op.;Data Val.;Causale;Descrizione;Importo;Div.\n"
             "03/11/2025;03/11/2025;PAGAMENTO;FATTURA A VOSTRO CARICO ENEL;-84,20;EUR\n"
             "04/11/2025;04/11/2025;BONIFICO;DA ROSSI SRL;1.250,00;EUR\n",
             r"it is a bank account's statement \(its columns 'Data Op\.', 'Data Val\.'\)")
    _refused(settings, tmp_path / "unicredit.csv",
             "Data Registrazione;Data valuta;Descrizione;Importo (EUR)\n03/11/2025;03/11/2025;ADDEBITO SDD TIM;-29,90\n"
             "05/11/2025;05/11/2025;BONIFICO DA BIANCHI SPA;3.400,00\n",
             r"it is a bank account's statement \(its columns 'Data Registrazione', 'Data valuta'\)")
    # Postbank's: the payee or payer in one column ('Begünstigter / Auftraggeber') beside the day booked; its
    # debits had been imported, named by a column blank but for a few rows
    _refused(settings, tmp_path / "postbank.csv",
             "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN / Kontonummer;Betrag;"
             "Abweichender Empfänger;Soll;Haben;Währung\n"
             "2.1.2026;2.1.2026;SEPA Lastschrift;Mecklenburgische Versicherung;Beitrag 01/26;DE50250500000101412112;-74,8;;"
             "-74,8;;EUR\n30.12.2025;30.12.2025;Gutschrift;Stadt Oldenburg;Erstattung;DE11280501000001234567;394;;;394;EUR\n",
             r"it is a bank account's statement \(its columns 'Begünstigter / Auftraggeber', 'Buchungstag'\)")
    # Komerční banka's: the other party's account, the day settled ('Datum zuctovani', written without accents)
    _refused(settings, tmp_path / "kb.csv",
             "Datum splatnosti;Datum zuctovani;Protiucet/Kod banky;Nazev protiuctu;Castka;VS;KS;SS;Identifikace transakce\n"
             "01.06.2026;02.06.2026;123/0100;Firma Alfa;1 210,00;2601101477;0308;;TX-UNIQUE-1\n"
             "03.06.2026;03.06.2026;456/0300;Beta s.r.o.;-500,00;2601101478;0308;;TX-UNIQUE-2\n",
             r"it is a bank account's statement \(its columns 'Protiucet/Kod banky', 'Datum zuctovani'\)")
    # Nordea's (Sweden, Denmark): who sent each movement and who received it, beside the day booked; its
    # running 'Saldo' had been offered as owed by the payee of an electricity bill. 'Valuta' is the currency
    _refused(settings, tmp_path / "nordea.csv",
             "Bokföringsdag;Belopp;Avsändare;Mottagare;Namn;Rubrik;Saldo;Valuta\n"
             "2026-03-25;-1200,00;Robin;Vattenfall;Vattenfall;Elräkning;15000,00;SEK\n"
             "2026-03-28;30000,00;Arbetsgivare AB;Robin;Lön mars;Lön;45000,00;SEK\n",
             r"it is a bank account's statement \(its columns 'Avsändare', 'Mottagare', 'Bokföringsdag'\)")
    # a Swedish invoice list writes the day each invoice was booked and its currency: no statement
    booked = _prepared(settings, tmp_path / "fakturor.csv", "Fakturanummer;Kund;Bokföringsdag;Förfallodatum;Belopp;Valuta\n"
                       "F-1;Alfa AB;2026-03-01;2026-03-31;1200,00;SEK\nF-2;Beta AB;2026-03-02;2026-04-01;300,00;SEK\n")
    assert sorted(_owed(booked)) == ["F-1", "F-2"]
    # Banca Popolare di Sondrio's: the day of each movement and the value day, 'Valuta' (a currency's
    # header in other lists) of dates; Fineco's: money in and out ('Entrate', 'Uscite') beside the day
    _refused(settings, tmp_path / "bps.csv",
             '"Data";"Valuta";"Causale";"Descrizione";"Importo";"Divisa"\n'
             '"04/06/2025";"04/06/2025";"ORDINE E CONTO";"BONIFICO ROSSI";"+2250.00";"EUR"\n'
             '"05/06/2025";"06/06/2025";"PAGAMENTO";"UTENZE";"-80.00";"EUR"\n',
             r"it is a bank account's statement \(its columns 'Data', 'Valuta'\)")
    _refused(settings, tmp_path / "fineco.csv",
             "Data;Entrate;Uscite;Descrizione;Descrizione Completa;Stato\n"
             "30/11/2021;;-59;Pagamento MAV-RAV;Addebito MAV nr. 05387;Contabilizzato\n"
             "29/11/2021;1200;;Bonifico;Bonifico da Bianchi;Contabilizzato\n",
             r"it is a bank account's statement \(its columns 'Uscite', 'Entrate', 'Data'\)")
    # an Italian invoice list's 'Valuta' is its currency: no statement
    valuta = _prepared(settings, tmp_path / "fatture.csv", "Numero;Cliente;Data;Valuta;Importo\n"
                       "F-1;Alfa SRL;01/03/2026;EUR;1200,00\nF-2;Beta SPA;02/03/2026;EUR;300,00\n")
    assert sorted(_owed(valuta)) == ["F-1", "F-2"]


def test_a_card_statement_is_refused_as_no_list_of_debts(settings, tmp_path):
    """Swisscard's transactions (Italian): the card each purchase was paid with beside the merchant.
    It had been refused for a missing debtor, with advice to name one; the card's number had been read
    as the reference."""
    _refused(settings, tmp_path / "transazioni.csv",
             "Data transazione,Descrizione,Commerciante,Numero di carta,Valuta,Importo,Debito/Credito,Stato\n"
             "12.09.2024,LUGANO,Nexum,11111111111111,CHF,20.85,Addebito,In sospeso\n"
             "10.09.2024,LUGANO,Coop,11111111111111,CHF,15.00,Addebito,Contabilizzata\n",
             r"it is a card's statement \(its columns 'Numero di carta', 'Commerciante'\), purchases paid with the card")
    # Viseca's (German): the cardholder had been read as the debtor, the file refused for a reference alone
    _refused(settings, tmp_path / "viseca.csv",
             "TRANSAKTIONSDATUM,VORNAME,NACHNAME,KARTENNUMMER,HÄNDLERNAME,BRUTTOBETRAG RECHNUNG,TRANS.-STATUS\n"
             "12.09.2024,Anna,Muster,XXXX XXXX XXXX 1234,SBB CFF FFS,84.00,Verbucht\n"
             "13.09.2024,Anna,Muster,XXXX XXXX XXXX 1234,Hotel Schweizerhof,212.50,Verbucht\n",
             r"it is a card's statement \(its columns 'KARTENNUMMER', 'HÄNDLERNAME'\)")


@pytest.mark.parametrize(("title", "debtor"), [
    ("ESTADO DE CUENTA FARMIRAL", "FARMIRAL"),
    ("Statement of account - ACME Ltd", "ACME Ltd"),
    ("Relevé de compte client DUPONT SARL", "DUPONT SARL"),
    ("Kontoauszug für Müller GmbH", "Müller GmbH"),
    ("Statement of Account - Al Futtaim Motors", "Al Futtaim Motors"),
    # a date or a period after the label names no debtor
    ("Statement of account as at 31/03/2026", None),
    ("Estado de cuenta al 31/12/2025", None),
    ("Relevé de compte du 01/01/2026 au 31/03/2026", None),
    ("Estado de cuenta al cierre", None),
])
def test_a_statements_title_names_its_debtor_without_a_colon(settings, tmp_path, title, debtor):
    """A Mexican supplier's statement of one customer: its title "ESTADO DE CUENTA FARMIRAL" above
    the overdue invoices, and no column naming the debtor. The file had been refused for it."""
    text = f"{title};;\n;;\nFACTURAS VENCIDAS;FECHA;SALDO PENDIENTE\nA-1001;05/01/2026;1 200,00\nA-1007;12/02/2026;350,50\n"
    path = tmp_path / "estado.csv"
    path.write_text(text, encoding="utf-8")
    if debtor is None:
        with pytest.raises(MappingError, match=r"debtor\.name"):
            prepare_file(path, settings)
        return
    prepared = prepare_file(path, settings)
    assert set(prepared.cases.filter(pl.col(VALID))["debtor.name"]) == {debtor}
    assert any("line 1 above the header names the file's one debtor" in n for n in prepared.notices)


def test_a_title_naming_the_customer_in_its_own_cell_replaces_a_column_only_offered_as_the_name(settings, tmp_path):
    """A workbook's title block ("Đơn vị mua hàng:" | the buyer) names the debtor; the column the
    mapper would only have offered "to confirm" as the name (the shipper) stays metadata."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["CÔNG TY TNHH MEI VINA"], ["BẢNG KÊ CHI TIẾT CƯỚC"], [],
        ["Đơn vị mua hàng: ", "CÔNG TY TNHH COVA TEC VIỆT NAM"], ["Địa chỉ : ", "Số 11, Bắc Ninh"], [],
        ["Invoice", "Date", "Shipper", "Amount"],
        ["MV-1", date(2026, 6, 2), "DISHANG", 270000], ["MV-2", date(2026, 6, 9), "LED VINA", 150000],
    ):
        sheet.append(row)
    path = tmp_path / "bangke.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert _mapping(prepared).get("Shipper") is None
    assert set(prepared.cases.filter(pl.col(VALID))["debtor.name"]) == {"CÔNG TY TNHH COVA TEC VIỆT NAM"}
    assert not any(n.startswith("debtor.name: no column is confidently") for n in prepared.notices)


@pytest.mark.parametrize("title", [
    "Customer Statement;;;",         # the label is a word of the title, not followed by a name
    "Customer:;All;;",               # a report run for every customer
    "Customer:;C00123;;",            # a customer's code, no name
    "Customer:;Dupont SARL;;\nClient:;Martin SA;;",  # two debtors: the title names no one
])
def test_a_title_that_names_no_one_debtor_leaves_the_file_without_a_name(settings, tmp_path, title):
    with pytest.raises(MappingError, match=r"debtor\.name"):
        _prepared(settings, tmp_path / "statement.csv", (
            f"{title}\n;;;\nInvoice No;Invoice date;Due date;Balance\n"
            "F-1001;05/01/2026;04/02/2026;1 200,00\nF-1007;12/02/2026;14/03/2026;350,50\n"
        ))


def test_a_name_column_wins_over_a_title_naming_a_customer(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "report.csv", (
        "Customer:;Dupont SARL;;\n;;;\nInvoice No;Customer name;Due date;Balance\n"
        "F-1001;Martin SA;04/02/2026;1 200,00\nF-1007;Durand EURL;14/03/2026;350,50\n"
    ))
    assert "(title)" not in _mapping(prepared)
    assert prepared.cases["debtor.name"].to_list() == ["Martin SA", "Durand EURL"]


def test_nordic_statuses_leave_the_paid_invoices_and_credit_notes_out(settings, tmp_path):
    """A Swedish builder's progress invoices ('Betald': paid, 'Obetald': unpaid) were all imported
    as owed, 'Betald' unknown; a Finnish list says 'Maksettu' (paid) and 'Avoin' (open)."""
    prepared = _prepared(settings, tmp_path / "delfakturor.csv", (
        "invoice_id,customer,invoice_date,due_date,amount,status,invoice_type\n"
        "F50001,Bygg AB,2025-02-26,2025-03-28,914600.0,Betald,Delfaktura\n"
        "F50040,Bygg AB,2025-09-10,2025-10-10,210600.0,Obetald,Delfaktura\n"
        "F50043,Bygg AB,2025-09-20,2025-10-20,-257200.0,Betald,Kreditfaktura\n"
        "F50045,Hus och Hem AB,2025-10-01,2025-10-31,165000.0,Obetald,Delfaktura\n"
    ))
    assert _owed(prepared) == {"F50040": Decimal("210600.00"), "F50045": Decimal("165000.00")}
    laskut = _prepared(settings, tmp_path / "laskut.csv", (
        "Laskunumero;Asiakas;Summa;Eräpäivä;Tila\n"
        "1001;Oy Alfa Ab;120,00;15.03.2026;Maksettu\n1002;Beta Oy;80,50;20.03.2026;Avoin\n"
    ))
    assert _owed(laskut) == {"1002": Decimal("80.50")}


def test_a_name_column_of_keys_offered_to_confirm_is_not_also_said_kept_as_metadata(settings, tmp_path):
    """An API dump names its customers by their GUID: the column is offered "to confirm" as the name
    (and each row warned of), not also said to be kept as metadata."""
    keys = ["1a2d2582-8fe3-4a19-9cdf-86ca44e1ee30", "1e6c005c-54e8-4af5-bbb1-63d2a7617552", "7f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"]
    prepared = _prepared(settings, tmp_path / "invoices.csv", "InvoiceNumber,Customer,Total\n" + "".join(
        f"SI-0000000{i},{key},{100 + i}.50\n" for i, key in enumerate(keys, 1)
    ))
    assert [c.status for c in prepared.mapping.columns if c.column == "Customer"] == ["to_confirm"]
    assert not any(n.startswith("'Customer' reads as") for n in prepared.notices)
    assert prepared.problems.filter(pl.col("code") == "suspicious-name").height == 3


def test_dates_written_with_the_writers_utc_offset_are_dates(settings, tmp_path):
    """A field-service export (Jobber) writes '2026-04-13 15:50:08 -0400': its due date column was
    kept as metadata, its values "not dates"."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice #,Client,Amount due,Due\n"
        "I-1,Bob Smith,$10.00,2026-04-13 15:50:08 -0400\nI-2,Ann Lee,$20.00,2026-04-14 10:00:00 -0500\n"
        "I-3,Jo Ray,$30.00,2026-04-15T09:12:55+02:00\n"
    ))
    assert prepared.mapping.field_columns()["due_date"] == "Due"
    assert prepared.cases["due_date"].to_list() == [date(2026, 4, 13), date(2026, 4, 14), date(2026, 4, 15)]


def test_a_customer_masters_contact_and_representative_are_not_the_debtor(settings, tmp_path):
    """A van-sales platform's customer list (Repzo): 'Name' is the customer, 'Contact Name' the
    person to speak to there (blank on some rows), 'Representative Name' the seller's own rep. The
    contact's first name was taken for every debtor: customers merged, rows with no contact refused."""
    prepared = _prepared(settings, tmp_path / "customers.csv", (
        "Client Code,Name,Representative Name,Contact Name,Country,Integrated Client Balance\n"
        "4408,مؤسسة وادي السد للمقاولات,Ahmed Saleh,محمد,السعودية,1250.50\n"
        "4410,شركة النور للتجارة,Ahmed Saleh,,السعودية,300.00\n"
        "4412,مؤسسة الأمل,Zaghloul Hamada,محمد,السعودية,75.25\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "Name"
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == [
        "مؤسسة وادي السد للمقاولات", "شركة النور للتجارة", "مؤسسة الأمل"]
    assert prepared.cases["debtor.address.country"].to_list() == ["SA", "SA", "SA"]


def test_a_companys_legal_form_is_no_status_of_its_invoices(settings, tmp_path):
    """'Statut juridique' (SARL, GIE, SA) was said to hold statuses the tool does not know, whose
    invoices it imports as owed; the invoices' own 'Statut' still leaves the paid one out."""
    prepared = _prepared(settings, tmp_path / "arrieres.csv", (
        "Facture;Entreprise;Statut Juridique;Montant;Statut\n"
        "F1;Alpha;SARL;100,00;Impayée\nF2;Beta;GIE;50,00;Impayée\nF3;Gamma;SA;20,00;Payée\nF4;Delta;SARL;30,00;Impayée\n"
    ))
    assert not any("'Statut Juridique' says" in n for n in prepared.notices)
    assert _owed(prepared) == {"F1": Decimal("100.00"), "F2": Decimal("50.00"), "F4": Decimal("30.00")}


def test_a_register_of_invoices_issued_says_nothing_tells_which_are_owed(settings, tmp_path):
    """A freelancer's register of the invoices issued ('fatture emesse'), or an e-invoicing register
    whose only status is the tax authority's ('approved'): every invoice is imported at its total,
    said. A list named for its open items, or whose status says which are paid, is not questioned."""
    said = "Nothing in the file says which invoices are still owed"
    rows = "F-1,Rossi SRL,1200.00\nF-2,Bianchi SPA,350.50\nF-3,Verdi SNC,80.00\n"
    register = _prepared(settings, tmp_path / "fatture_emesse.csv", "Numero,Cliente,Totale\n" + rows)
    assert any(n.startswith(said) and "('Totale')" in n for n in register.notices)
    approved = _prepared(settings, tmp_path / "etims.csv", "Numero,Cliente,Totale,status\n" + rows.replace("\n", ",approved\n"))
    assert any(n.startswith(said) for n in approved.notices)
    named = _prepared(settings, tmp_path / "fatture_aperte.csv", "Numero,Cliente,Totale\n" + rows)
    assert not any(n.startswith(said) for n in named.notices)
    roll = _prepared(settings, tmp_path / "DelinquentParcels.csv", "Numero,Cliente,Totale\n" + rows)
    assert not any(n.startswith(said) for n in roll.notices)
    # a dunning level or a count of reminders sent: invoices being chased
    for header in ("Mahnstufe", "follow_up_count", "Niveau de relance"):
        chased = _prepared(settings, tmp_path / "liste.csv", f"Numero,Cliente,Totale,{header}\n" + rows.replace("\n", ",1\n"))
        assert not any(n.startswith(said) for n in chased.notices), header
    # an amount paid column, nothing paid on these rows: it speaks of payment all the same
    paid = _prepared(settings, tmp_path / "custtrans.csv", "Numero,Cliente,Totale,Montant réglé\n"
                     + rows.replace("\n", ",0.00\n"))
    assert not any(n.startswith(said) for n in paid.notices)
    statuses = _prepared(settings, tmp_path / "fatture.csv", "Numero,Cliente,Totale,Stato\n"
                         "F-1,Rossi SRL,1200.00,Scaduta\nF-2,Bianchi SPA,350.50,Aperta\nF-3,Verdi SNC,80.00,Aperta\n")
    assert not any(n.startswith(said) for n in statuses.notices)


def test_a_lines_amount_is_its_quantity_times_its_unit_price(settings, tmp_path):
    """An invoice's lines written with their quantity and unit price alone (Odoo's import columns):
    the unit price was summed as the invoice's amount, 1,267.00 for 3,770.00. Each line's amount is
    its quantity times its unit price, the lines of one invoice added up, said."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_number,partner_name,invoice_date,product_code,quantity,price_unit\n"
        "INV-2026-001,Acme Solutions BV,2026-01-15,FURN-001,4,289.00\n"
        "INV-2026-001,Acme Solutions BV,2026-01-15,FURN-002,2,649.00\n"
        "INV-2026-001,Acme Solutions BV,2026-01-15,FURN-003,4,329.00\n"
        "INV-2026-002,Beta GmbH,2026-01-16,SERV-010,1,75.00\n"
        "INV-2026-003,Gamma SARL,2026-01-17,CABL-004,2.5,18.16\n"
    ))
    assert _owed(prepared) == {"INV-2026-001": Decimal("3770.00"), "INV-2026-002": Decimal("75.00"),
                               "INV-2026-003": Decimal("45.40")}
    assert any(n.startswith("amount: 'price_unit' is a unit price beside 'quantity': each line's amount is its quantity "
                            "times its unit price (4 row(s) whose quantity is not 1; line 2: 4 × 289.00 = 1156.00)")
               for n in prepared.notices)
    # a discount beside them is named, not taken off; the currency each cell writes is kept
    discounted = _prepared(settings, tmp_path / "template.csv", (
        "INVOICE ID,PARTNER,PRODUCT,QUANTITY,PRICE,DISCOUNT,DATE\n"
        "invoice7,Agrolait,Server,3,$100000,12,2017-02-06\ninvoice8,Axeloer,Basic Computer,1,$10000,13,2017-02-07\n"
    ))
    assert discounted.cases.select("reference", "amount", "currency").rows() == [
        ("invoice7", Decimal("300000.00"), "USD"), ("invoice8", Decimal("10000.00"), "USD")]
    assert any("'DISCOUNT' is not taken off" in n for n in discounted.notices)


def test_a_lines_amount_adds_its_tax_at_the_rate_beside_its_net_unit_price(settings, tmp_path):
    """Lines written with a net unit price and a VAT rate (a Slovak invoice list's "Sadzba DPH" 0,23;
    Ekylibre's sales "Prix unitaire HT" beside "Taux TVA" 5,5): the amounts had been read 23% short,
    and a price of the litre (0,294317) multiplied at the cent. Each line is its quantity times its
    price as written, and its tax at its rate."""
    slovak = _prepared(settings, tmp_path / "faktury.csv", (
        "ID faktúry;Zákazník;Množstvo;Jednotková cena EUR;Sadzba DPH;Dátum splatnosti\n"
        "FA-2026-004;LogiTrans a.s.;3;149,00;0,23;2026-03-01\nFA-2026-007;GreenOffice s.r.o.;4;329,00;0,23;2026-04-01\n"
        "FA-2026-009;NetWorks s.r.o.;1;1095,00;0,23;2026-05-01\n"
    ))
    assert _owed(slovak) == {"FA-2026-004": Decimal("549.81"), "FA-2026-007": Decimal("1618.68"),
                             "FA-2026-009": Decimal("1346.85")}
    assert any("times its unit price and its tax at the rate of 'Sadzba DPH' (3 row(s); line 2: 3 × 149,00 + 23 % = "
               "549,81)" in n for n in slovak.notices)
    milk = _prepared(settings, tmp_path / "sales.csv", (
        "Date,Tiers,Reference,quantité,Prix unitaire HT,Taux TVA,Description\n"
        '2019-01-31,TERRILACTI,2019015026600,5537,"0,294317","5,5",Lait Janvier 2019\n'
        '2019-01-31,TERRILACTI,2019015026600,"5,537","-1,113",20,Cotisation AOP\n'
        '2019-02-28,TERRILACTI,2019025026600,5264,"0,298641","5,5",Lait Février 2019\n'
    ))
    # 5537 × 0.294317 × 1.055 = 1719.26; 5.537 × -1.113 × 1.2 = -7.40; 5264 × 0.298641 × 1.055 = 1658.51
    assert _owed(milk) == {"2019015026600": Decimal("1711.86"), "2019025026600": Decimal("1658.51")}
    assert not any("mix decimal separators" in n for n in milk.notices)
    # a unit price that says it holds the tax is multiplied alone
    path = tmp_path / "ttc.csv"
    path.write_text("Facture,Client,Quantité,Prix unitaire TTC,Taux TVA\nF-1,Dupont SARL,2,60.00,20\nF-2,Martin SA,3,12.00,20\n",
                    encoding="utf-8")
    gross = prepare_file(path, settings, PrepareOptions(assign=(("Prix unitaire TTC", "amount"),)))
    assert _owed(gross) == {"F-1": Decimal("120.00"), "F-2": Decimal("36.00")}


def test_a_total_that_is_the_amount_plus_the_tax_wins_over_the_amount_named_as_well(settings, tmp_path):
    """An Argentine ERP's pending invoices: 'Importe Bruto' and 'Total' both read as the total, the
    first taken by its place, 247,061.20 of tax short. 'Total' is 'Importe Bruto' plus 'Impuestos' on
    each row (exempt invoices add nothing): it is the total owed."""
    rows = [("FV-1", "ARAYA ABEL", "17553.72", "3686.28", "21240"), ("FV-2", "MENDOZA CLAUDIA", "34623.97", "7271.03", "41895"),
            ("FV-3", "GONZALES WALTER", "16735.54", "3514.46", "20250"), ("FV-4", "ESPINA NESTOR", "1000", "0", "1000"),
            ("FV-5", "MANCEL ALICIA", "8600", "1806", "10406")]
    prepared = _prepared(settings, tmp_path / "pendientes.csv", "Comprobante;Cliente;Importe Bruto;Impuestos;Total\n" + "".join(
        ";".join(r) + "\n" for r in rows))
    assert prepared.mapping.field_columns()["amount"] == "Total"
    assert _owed(prepared) == {r[0]: Decimal(r[4]).quantize(Decimal("0.01")) for r in rows}
    assert ("amount: 'Total' is 'Importe Bruto' plus 'Impuestos' on each row: the total owed, not 'Importe Bruto', one "
            "of its parts.") in prepared.notices


def test_a_total_that_is_the_amount_less_its_discount_plus_the_tax_wins_over_the_amount(settings, tmp_path):
    """A UAE sales sheet: 'Invoice Amount' first, then 'Discount', 'VAT' (5%) and 'Total Amount', the
    amount less the discount plus the tax on every row: the total is owed, where the amount before
    tax had been taken by its place. The debtors' 'UAE' is their country."""
    rows = [("INV001", "City Market", "40000", "0", "2000", "42000"), ("INV002", "Emirates Supplies", "15000", "500", "725", "15225"),
            ("INV003", "Gulf Traders", "70000", "0", "3500", "73500"), ("INV004", "Desert Rose LLC", "30000", "1000", "1450", "30450"),
            ("INV005", "Palm Foods", "75000", "2000", "3650", "76650")]
    prepared = _prepared(settings, tmp_path / "sales.csv", "Invoice No,Customer Name,Invoice Amount,Discount,VAT,Total Amount,Country\n"
                         + "".join(",".join(r) + ",UAE\n" for r in rows))
    assert prepared.mapping.field_columns()["amount"] == "Total Amount"
    assert _owed(prepared) == {r[0]: Decimal(r[5]).quantize(Decimal("0.01")) for r in rows}
    assert ("amount: 'Total Amount' is 'Invoice Amount' plus 'VAT' less 'Discount' on each row: the total owed, not "
            "'Invoice Amount', one of its parts.") in prepared.notices
    assert prepared.cases["debtor.address.country"].unique().to_list() == ["AE"]


def test_a_transaction_report_keeps_its_receivable_lines_and_nets_their_credits(settings, tmp_path):
    """QuickBooks' or Reckon's transaction detail: every ledger line, each with its 'Account Type';
    on the receivable account, the invoices' debits and the payments' credits. The other lines
    (bills, bank, journals) are no debts; the payments take off the oldest invoices: 25,000 owed of
    165,000 invoiced, where every row was refused."""
    rows = [
        "7,General Journal,07/03/2024,6,Claire Buckingham,,,,\"25,000.00\",,Other Current Asset",
        "7,General Journal,07/03/2024,6,Claire Buckingham,,,,,\"25,000.00\",Long Term Liability",
        "9,Bill,08/03/2024,B-1,Perth Builders,,,,,\"4,000.00\",Accounts Payable",
    ] + [
        f"{20 + n},Tax Invoice,{n + 1:02d}/04/2024,{n},Vehicle Heroes Pty Ltd,,,{n + 1:02d}/05/2024,\"15,000.00\",,Accounts Receivable"
        for n in range(1, 12)
    ] + [
        f"{40 + n},Payment,{n + 1:02d}/06/2024,,Vehicle Heroes Pty Ltd,,,,,\"{amount}\",Accounts Receivable"
        for n, amount in enumerate(["15,000.00"] * 9 + ["5,000.00"], 1)
    ]
    prepared = _prepared(settings, tmp_path / "transactions.csv", (
        "Trans #,Type,Date,Num,Name,Memo,Terms,Due Date,Debit,Credit,Account Type\n" + "\n".join(rows) + "\n"))
    assert _owed(prepared) == {"10": Decimal("10000.00"), "11": Decimal("15000.00")}
    assert any(n.startswith("3 row(s) left out: 'Account Type' puts them on ledger accounts that are not customer "
                            "receivables") for n in prepared.notices)
    assert any(n.startswith("amount: 'Debit' is the debit beside 'Credit': the 10 row(s) with a credit") for n in prepared.notices)


def test_a_transaction_report_of_payments_alone_imports_no_debt(settings, tmp_path):
    """Reckon's cheques report: every line a cheque, one of them posted on the receivable account (a
    payment to the accountants): no invoice, no debt, where it had been imported as one."""
    header = "Trans #,Type,Date,Num,Name,Account,Debit,Credit,Account Type\n"
    cheques = header + (
        "10179,Cheque,15/08/2023,EFT,Australian Taxation Office,1001 · CBA - Cheque Account,,\"233,791.00\",Bank\n"
        "10179,Cheque,15/08/2023,EFT,Australian Taxation Office,25500 · Tax Payable,\"71,695.00\",,Other Current Liability\n"
        "10206,Cheque,01/09/2023,EFT,CBA,1001 · CBA - Cheque Account,,6.00,Bank\n"
        "10206,Cheque,01/09/2023,EFT,CBA,6040 · Bank Charges,6.00,,Expense\n"
        "10250,Cheque,30/01/2024,EFT,Dillon & Elbourn,1001 · CBA - Cheque Account,,290.00,Bank\n"
        "10250,Cheque,30/01/2024,EFT,Dillon & Elbourn,1200 · Trade Debtors,290.00,,Accounts Receivable\n")
    prepared = _prepared(settings, tmp_path / "cheques.csv", cheques)
    assert prepared.validation.valid == 0
    assert "1 row(s) on receivable accounts left out: 'Type' says they are payments or credits ('Cheque'), no invoices." \
        in prepared.notices


def test_adjustment_notes_on_the_receivable_account_import_no_debt(settings, tmp_path):
    """QuickBooks Online's transaction report of Australian 'Adjustment Note's (credit notes under
    GST: bad debts written off), each on the receivable account and on another under a bare
    'Account' header: the running 'Balance' had been imported as 6 debts."""
    text = "Date,Transaction Type,No.,Name,Split,Amount,Balance,Account,Due Date\n" + "".join(
        f"30/09/2024,Adjustment Note,{n},Client {n},2496 Bad Debt,-{n}.50,{n * 3}.25,2457 Accounts Receivable (A/R),30/09/2024\n"
        f"30/09/2024,Adjustment Note,{n},Client {n},2457 Accounts Receivable (A/R),{n}.50,{n * 7}.75,2496 Bad Debt,\n"
        for n in range(7691, 7697))
    prepared = _prepared(settings, tmp_path / "adjustment_notes.csv", text)
    assert prepared.validation.valid == 0
    assert ("6 row(s) on receivable accounts left out: 'Transaction Type' says they are payments or credits "
            "('Adjustment Note'), no invoices.") in prepared.notices


def test_a_rent_rolls_receivable_id_names_each_months_debt(settings, tmp_path):
    """A rent roll: a row per tenant per month, 'ar_id' its own record, 'tenant_id' the tenant set
    as the name by hand. The refusal offered the tenant's column, already the name, as the reference;
    the receivable's id names each debt."""
    text = "ar_id,property_id,tenant_id,month,billed_rent,amount_paid,outstanding_balance\n" + "".join(
        f"AR-{n:07d},PROP-0001,TEN-{n % 4:05d},2025-{n % 12 + 1:02d}-01,1200.00,{'1200.00' if n % 3 else '200.00'},"
        f"{'0.0' if n % 3 else '1000.00'}\n" for n in range(1, 13))
    options = PrepareOptions(assign=(("tenant_id", "debtor.name"),))
    path = tmp_path / "accounts_receivable.csv"
    path.write_text(text, encoding="utf-8")
    prepared = prepare_file(path, settings, options)
    assert prepared.mapping.field_columns()["reference"] == "ar_id"
    assert _owed(prepared) == {f"AR-{n:07d}": Decimal("1000.00") for n in (3, 6, 9, 12)}


@pytest.mark.parametrize(("regions", "mapped"), [
    (["Domestic", "International", "Domestic", "Domestic", "International", "Domestic"], False),
    (["South 1", "North", "East - Mining", "West", "South 2", "East - Infra"], False),
    # a country's own regions, points of the compass among them (Cameroon's), are places
    (["Centre", "Littoral", "North", "West", "Centre", "East"], True),
])
def test_a_region_of_market_segments_or_sales_territories_is_no_address(settings, tmp_path, regions, mapped):
    """'Region' holding the seller's segments (Domestic, International) or territories (South 2,
    East - Infra) was every debtor's address region."""
    prepared = _prepared(settings, tmp_path / "ar.csv", "invoice_no,customer,region,total_inc_gst\n" + "".join(
        f"INV-{n},Customer {n},{region},{100 + n}.00\n" for n, region in enumerate(regions)))
    assert ("debtor.address.region" in prepared.mapping.field_columns()) is mapped


def test_an_online_shops_orders_paid_and_awaiting_payment_are_told_apart(settings, tmp_path):
    """WooCommerce's orders: 'processing' is paid and awaiting its shipment (it was imported as
    owed), 'pending' and 'on-hold' await their payment; Stripe's 'requires_payment_method' is a
    failed payment, owed."""
    prepared = _prepared(settings, tmp_path / "orders.csv", (
        "Order Number,Order Status,Billing First Name,Billing Last Name,Order Total\n"
        "1001,processing,Anne,Martin,120.00\n1002,pending,Paul,Durand,35.50\n1003,completed,Zoe,Roux,80.00\n"
        "1004,on-hold,Luc,Petit,64.00\n1005,requires_payment_method,Ines,Blanc,19.90\n1006,Pending payment,Eva,Roy,9.90\n"
    ))
    owed = _owed(prepared)
    assert "1001" not in owed and {"1002", "1004", "1005", "1006"} <= set(owed)
    assert not any("'requires_payment_method'" in n or "'Pending payment'" in n for n in prepared.notices)


def test_a_hotels_bills_of_one_group_reservation_are_each_a_debt(settings, tmp_path):
    """A hotel's city ledger: one group reservation ('订单号') covers several rooms, each with its own
    bill ('账单号') of the same price. The reservation was taken for the reference, and the rooms'
    bills after the first were dropped as copies of it."""
    prepared = _prepared(settings, tmp_path / "city_ledger.csv", (
        "账单号,订单号,房号,客人,客户名称,余额\n"
        "1095902,48816,2413,张洁婷,广州长颈鹿旅行社,1441\n1095903,48816,2416,蔡福昌,广州长颈鹿旅行社,1441\n"
        "1096960,48901,2304,李明,广州长颈鹿旅行社,1888\n1096964,48901,2305,王芳,广州长颈鹿旅行社,1888\n"
    ))
    assert prepared.mapping.field_columns()["reference"] == "账单号"
    assert sorted(_owed(prepared)) == ["1095902", "1095903", "1096960", "1096964"]


def test_quotes_orders_and_deliveries_beside_invoices_are_no_debts(settings, tmp_path):
    """A Salesforce ERP object's documents of every kind ('Document_Type__c'): quotes, a sales order,
    a delivery challan, a purchase order, a vendor bill were imported as debts, four times what is
    owed, and the credit note as a debt of its own. The invoices are the debts, less the credit note."""
    prepared = _prepared(settings, tmp_path / "ERP_Document__c.csv", (
        "Document_Number__c,Customer_Name__c,Document_Type__c,Total__c,Status__c\n"
        "QT-00001,Acme Traders,Quote,45000.0,Sent\nSO-00001,Acme Traders,Sales Order,53100.0,Sent\n"
        "TI-00001,Acme Traders,Invoice,53100.0,Sent\nCN-00001,Acme Traders,Credit Note,1416.0,Sent\n"
        "DC-00001,Acme Traders,Delivery Challan,45000.0,Sent\nRI-00001,Harbor Goods Pvt Ltd,Recurring Invoice,9440.0,Sent\n"
        "PO-00001,Steel Supply Co,Purchase Order,7080.0,Sent\nBILL-00001,Steel Supply Co,Vendor Bill,7080.0,Sent\n"
    ))
    assert _owed(prepared) == {"TI-00001": Decimal("51684.00"), "RI-00001": Decimal("9440.00")}
    assert any(n.startswith("5 row(s) left out because 'Document_Type__c' says they are documents that are no invoices")
               for n in prepared.notices)


def test_a_paid_date_column_with_null_for_the_open_invoices_leaves_the_paid_out(settings, tmp_path):
    """A billing database's export: 'Paid' holds the date each invoice was settled, and the SQL
    word NULL on the open ones. The NULL cells made the column no column of dates, and it was set
    aside as an amount paid: every paid invoice was imported, 3.4 times what is owed. The
    customer's name in 'CustomerFirst' and 'CustomerLast' had been cut to its first name."""
    prepared = _prepared(settings, tmp_path / "invoices_export.csv", (
        '"Number","CustomerFirst","CustomerLast","Amount","Date","Paid"\n'
        '"111","Chet","Atkins","1330.0","2020-10-01","2020-10-20"\n'
        '"106","Janis","Joplin","170.0","2020-09-12","2021-01-07"\n'
        '"122","Jerry","Reed","875.0","2020-11-02","NULL"\n'
        '"116","Janis","Ian","560.0","2020-11-05","NULL"\n'
    ))
    assert _owed(prepared) == {"122": Decimal("875.00"), "116": Decimal("560.00")}
    names = prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list()
    assert names == ["Jerry Reed", "Janis Ian"]
    assert any(n.startswith("2 cell(s) written 'NULL', 'None' or 'NaN'") and "'Paid' (2)" in n for n in prepared.notices)


def test_a_paid_flag_with_none_for_a_bill_not_yet_issued_leaves_the_paid_bills_out(settings, tmp_path):
    """A water utility's billing export: 'Paid' says Yes or No, and Python's None where the bill is
    not settled either way. The 'none' cells made the column no flag, and it was set aside as an
    amount paid: the bill paid was imported with the one owed."""
    prepared = _prepared(settings, tmp_path / "billing.csv", (
        "BillingNumber,meterNumber,AccountName,BillingMonth,Year,AmountDue,Paid\n"
        "1001,10001,Juan Dela Cruz,November,2018,130,Yes\n"
        "1002,10002,Maria Santos,November,2018,180,No\n"
        "1003,10003,Jose Rizal,December,2018,95,none\n"
    ))
    assert _owed(prepared) == {"1002": Decimal("180.00"), "1003": Decimal("95.00")}


def test_a_dutch_name_s_infix_is_written_between_its_first_and_last_name(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "leden.csv", (
        "Voornaam;Tussenvoegsel;Achternaam;Factuurnummer;Bedrag\nBob;van;Bennet;F-1;17,00\n"
        "Alice;;Adams;F-2;34,00\nJan;van der;Berg;F-3;51,00\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name_infix"] == "Tussenvoegsel"
    assert prepared.cases["debtor.name"].to_list() == ["Bob van Bennet", "Alice Adams", "Jan van der Berg"]


def test_a_spanish_name_s_two_last_names_are_both_written_after_the_given_name(settings, tmp_path):
    """A Mexican portfolio writes each debtor's given name and both last names (the father's, the
    mother's) in columns of their own: the name is all three, where the mother's was lost. In a
    debtors file, the debtor's "Nombre" beside them is the given name, and a gender column no name."""
    prepared = _prepared(settings, tmp_path / "cartera.csv", (
        "Folio,Nombre,Apellido paterno,Apellido materno,Saldo\nF-1,José de Jesús,Gutiérrez,Hernández,1200.50\n"
        "F-2,Martha Antonia,Pérez,,800.00\nF-3,Vianey,López,Ruiz,300.00\n"
    ))
    assert prepared.mapping.field_columns()["debtor.second_last_name"] == "Apellido materno"
    assert prepared.cases["debtor.name"].to_list() == [
        "José de Jesús Gutiérrez Hernández", "Martha Antonia Pérez", "Vianey López Ruiz"]
    debtors = tmp_path / "deudores.csv"
    debtors.write_text(
        "ID_Deudor,Nombre_Deudor,Apellido1_Deudor,Apellido2_Deudor,Genero_Deudor\n"
        "10001,José Juan,Pérez,Sánchez,Masculino\n10002,Karla Verónica,Salas,Torres,Femenino\n", encoding="utf-8")
    credits = tmp_path / "creditos.csv"
    credits.write_text("contract_number,debtor_id,current_balance\n79076673,10001,9157.63\n79076674,10002,512.00\n", encoding="utf-8")
    joined = prepare_file(credits, settings, PrepareOptions(debtors=debtors))
    assert joined.cases["debtor.name"].to_list() == ["José Juan Pérez Sánchez", "Karla Verónica Salas Torres"]


def test_a_patient_owes_his_share_of_a_bill_not_what_the_insurer_covers(settings, tmp_path):
    """A dental clinic's bills split each total between the insurer and the patient, and say in
    Persian which are paid (پرداخت‌شده), paid in part (بخشی) or overdue (معوق): the patient's share is
    owed on the bills not paid, where every bill had been imported at its total. Beside a patient's
    balance, the insurer's balance is not the amount, and the insurer, named beside the patient, not
    the debtor (alone, it is: a billing service's claims are owed by their payers)."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_id,patient,issue_date,total_amount,insurance_covered,patient_share,status\n"
        "INV-1,Sara Ahmadi,2026-07-07,2040000,510000,1530000,پرداخت‌شده\n"
        "INV-2,Reza Karimi,2026-07-12,5040000,0,5040000,معوق\n"
        "INV-3,Mina Rahimi,2026-07-13,900000,300000,600000,بخشی\n"
    ))
    assert _owed(prepared) == {"INV-2": Decimal("5040000.00"), "INV-3": Decimal("600000.00")}
    claims = _prepared(settings, tmp_path / "claims.csv", (
        "Claim,Insurer,Patient Name,Insurance Balance,Patient Balance\n"
        "C-1,Blue Cross,John Smith,1200.00,80.00\nC-2,Aetna,Mary Jones,0.00,45.50\n"
    ))
    assert claims.mapping.field_columns()["amount"] == "Patient Balance"
    assert claims.cases.select("debtor.name", "amount").rows() == [("John Smith", Decimal("80.00")),
                                                                     ("Mary Jones", Decimal("45.50"))]


def test_a_code_column_is_never_offered_for_the_amount(settings, tmp_path):
    """A school's list of debtors holds each student's code and name, no money: the codes (2372) had
    been offered for the amount, and the 79 students imported owing them."""
    rows = "".join(f"{2372 + (n * 7919) % 613},APELLIDO {n}, Nombre {n}\n" for n in range(40))
    refused = _refused(settings, tmp_path / "deudores.csv", "codigo,nombres\n" + rows.replace(", Nombre", " Nombre"),
                       r"was recognised as the amount", code="required-column-missing")
    assert refused.facts["missing"] == ["amount"]
    # under a header that says money, the same numbers are the amount
    owed = _owed(_prepared(settings, tmp_path / "saldos.csv", "saldo,nombres\n" + rows.replace(", Nombre", " Nombre")))
    assert len(owed) == 40


def test_what_each_debt_is_for_written_in_words_does_not_keep_a_list_of_debtors_from_naming_its_debts(settings, tmp_path):
    """A list of debtors, one row each, says in words what each owes for ("Egress AWS", "Crédits
    Lovable"), unique on every row: words number no debt, and each debt is named by its debtor, where
    the file was refused for its missing reference. A column of codes with digits, unique on every
    row, is the number: offered for the reference."""
    rows = [("Jérémy Derdaele", "Egress AWS", "2000000"), ("Marie Curie", "Crédits Lovable", "150000"),
            ("Paul Martin", "Licence Figma", "99000"), ("Anne Roy", "Hébergement OVH", "45000"),
            ("Luc Blanc", "Conseil juridique", "300000")]
    text = "name,email,debtSubject,debtAmount\n" + "".join(
        f"{n},{n.split()[0].lower()}@aistos.fr,{s},{a}\n" for n, s, a in rows)
    owed = _owed(_prepared(settings, tmp_path / "debtors.csv", text))
    assert owed["Jérémy Derdaele"] == Decimal("2000000")
    coded = text.replace("Egress AWS", "X-101").replace("Crédits Lovable", "X-102").replace("Licence Figma", "X-103") \
        .replace("Hébergement OVH", "X-104").replace("Conseil juridique", "X-105")
    numbered = _prepared(settings, tmp_path / "coded.csv", coded)
    assert numbered.mapping.field_columns()["reference"] == "debtSubject"
    assert sorted(_owed(numbered)) == ["X-101", "X-102", "X-103", "X-104", "X-105"]


def test_the_date_a_payment_is_expected_is_the_due_date_when_no_column_gives_one(settings, tmp_path):
    """A Brazilian collections sheet's only date is when each payment is expected ("Data Prevista
    para pagamento"): it is the due date, said, where the follow-ups counted from the import. Beside
    a due date it is a forecast, kept as metadata."""
    text = ("NF,Cliente,Valor em aberto,Data Prevista para pagamento\nNF-101,Ana Souza,1200,15/03/2026\n"
            "NF-102,João Lima,800,20/03/2026\nNF-103,Rita Melo,450,02/04/2026\n")
    prepared = _prepared(settings, tmp_path / "cobrancas.csv", text)
    assert prepared.mapping.field_columns()["due_date"] == "Data Prevista para pagamento"
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-03-15", "2026-03-20", "2026-04-02"]
    assert any(n.startswith("due date: no column gives it; 'Data Prevista para pagamento'") for n in prepared.notices)
    both = _prepared(settings, tmp_path / "both.csv", text.replace("pagamento\n", "pagamento,Vencimento\n")
                     .replace("/2026\n", "/2026,01/03/2026\n"))
    assert both.mapping.field_columns()["due_date"] == "Vencimento"
    # the expected date alone ("Data_Prevista"), read as the invoice's by its date word, is the due date too
    short = _prepared(settings, tmp_path / "devedores.csv", text.replace("Data Prevista para pagamento", "Data_Prevista"))
    assert short.mapping.field_columns()["due_date"] == "Data_Prevista"
    assert "issue_date" not in short.mapping.field_columns()


def test_hungarian_dates_written_year_first_with_dots_are_the_due_dates(settings, tmp_path):
    """A Hungarian landlord's invoices write their dates '2026.11.10.': read as dates, the due date is
    mapped (the follow-ups had counted from the import); the tenant ('Bérlő') is the debtor, the day
    issued ('Kiállítva') the invoice's date."""
    prepared = _prepared(settings, tmp_path / "szamlak.csv", (
        "Számlaszám;Bérlő;Kiállítva;Fizetési határidő;Összeg (Ft)\n"
        "SZ-2026-001;Alfa Kft.;2026.10.10.;2026.11.10.;250 000\nSZ-2026-002;Béta Zrt.;2026.10.12.;2026.11.12.;181 500\n"
        "SZ-2026-003;Gamma Bt.;2026.10.15.;2026.11.15.;500 000\n"
    ))
    assert prepared.mapping.field_columns()["due_date"] == "Fizetési határidő"
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-11-10", "2026-11-12", "2026-11-15"]
    assert [str(d) for d in prepared.cases["issue_date"].to_list()] == ["2026-10-10", "2026-10-12", "2026-10-15"]


def test_a_myob_card_name_beside_a_first_name_is_the_last_name_it_completes(settings, tmp_path):
    # MYOB's sales export: a company's name, or a person's last name beside the first one
    text = ("Co./Last Name,First Name,Invoice No.,Date,Amount\nStornebrink,Ben,1683,22/12/2024,$100.00\n"
            "Hooked Up Magazine,,1608,22/12/2024,$828.34\nAquilina,Bradley,1724,23/12/2024,$50.00\n")
    prepared = _prepared(settings, tmp_path / "MYOB INVOICE.csv", text)
    assert prepared.cases["debtor.name"].to_list() == ["Ben Stornebrink", "Hooked Up Magazine", "Bradley Aquilina"]
    # alone, the card name is the debtor's name
    alone = _prepared(settings, tmp_path / "cards.csv", text.replace("First Name,", "").replace(",Ben,", ",")
                      .replace(",,1608", ",1608").replace(",Bradley,", ","))
    assert alone.cases["debtor.name"].to_list() == ["Stornebrink", "Hooked Up Magazine", "Aquilina"]


def test_a_gross_amount_beside_a_total_amount_is_the_amount_owed(settings, tmp_path):
    # a PDF extraction's two totals: the one that says it includes the tax is owed
    prepared = _prepared(settings, tmp_path / "extracted.csv", (
        "invoice_no;customer_name;total_amount;gross_amount\n123100401;erkunde AG;381,12;453,53\n"
        "123100402;Foo GmbH;100,00;119,00\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "gross_amount"
    assert [str(a) for a in prepared.cases["amount"].to_list()] == ["453.53", "119.00"]


def test_a_bank_s_debit_balances_written_below_zero_are_owed(settings, tmp_path):
    """A Tunisian bank's overdrawn accounts handed to a collection agency: the balances owed are
    written below zero, beside the first day each account went overdrawn written as a number. The
    day was read as the amount (20200229 dinars), the balances as credit notes."""
    text = "Nom Client;Numero;DATE.PREMIER.DEBIT;Compte Debiteur;DEVISE\n" + "".join(
        f"Client {n};{100 + n};2020{n + 1:02d}15;-{1000 + n * 37}.428;TND\n" for n in range(6))
    prepared = _prepared(settings, tmp_path / "Lot 21.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "Compte Debiteur"
    assert [str(a) for a in prepared.cases.filter(pl.col(VALID))["amount"].to_list()][:2] == ["1000.43", "1037.43"]
    assert any("Every amount of 'Compte Debiteur' is written below zero (6 of 6)" in n for n in prepared.read.source.notices)
    # a column without a header repeating the debit balances is read as they are
    copied = "Nom Client;Numero;Compte Debiteur;\n" + "".join(
        f"Client {n};{100 + n};-{1000 + n * 37}.42;-{1000 + n * 37}.42\n" for n in range(6))
    (tmp_path / "lot6.csv").write_text(copied, encoding="utf-8")
    twin = prepare_file(tmp_path / "lot6.csv", settings, PrepareOptions(assign=(("Column 4", "amount"),)))
    assert [str(a) for a in twin.cases.filter(pl.col(VALID))["amount"].to_list()][:2] == ["1000.42", "1037.42"]
    # a list of invoices with a few credit notes keeps their sign
    mixed = _prepared(settings, tmp_path / "soldes.csv", (
        "Client;Facture;Solde debiteur\nA;F-1;100,00\nB;F-2;-20,00\nC;F-3;50,00\n"
    ))
    assert mixed.cases.filter(pl.col(VALID))["reference"].to_list() == ["F-1", "F-3"]
    assert [(e.line, e.reason) for e in mixed.read.source.excluded_lines] == [(3, "credit")]


def test_balances_below_zero_on_the_accounts_a_status_says_in_arrears_are_owed(settings, tmp_path):
    """An Argentine club's members: 'Saldo' is below zero on each member 'MOROSO' (in arrears) and on
    one suspended, at or above zero on the members in good standing: the club writes a debt below
    zero. The four debts are owed without their sign; the credits of the others are left out, where
    they had been imported as debts and the debts left out as credits."""
    rows = [("M-00001", "Pérez, Juan", "ACTIVO", "0"), ("M-00002", "Morales, Emma", "MOROSO", "-3428.16"),
            ("M-00003", "López, Roberto", "ACTIVO", "39.07"), ("M-00004", "González, Carlos", "ACTIVO", "309.38"),
            ("M-00005", "Flores, Valentina", "ACTIVO", "6888.77"), ("M-00006", "Sánchez, Ana", "ACTIVO", "10909.24"),
            ("M-00008", "Martínez, Sofia", "SUSPENDIDO", "-1959.04"), ("M-00009", "Rodríguez, Valentina", "ACTIVO", "462.10"),
            ("M-00010", "Chávez, Andrés", "ACTIVO", "178.04"), ("M-00011", "Pérez, Juan", "MOROSO", "-2934.14"),
            ("M-00012", "Ortiz, Diego", "ACTIVO", "5078.65"), ("M-00013", "Rodríguez, Diego", "ACTIVO", "475.34"),
            ("M-00017", "Díaz, Laura", "MOROSO", "-2722.14"), ("M-00018", "Ruiz, Isabella", "ACTIVO", "916.57")]
    text = "N° Socio;Nombre Completo;Estado;Saldo\n" + "".join(";".join(r) + "\n" for r in rows)
    prepared = _prepared(settings, tmp_path / "socios.csv", text)
    assert _owed(prepared) == {"M-00002": Decimal("3428.16"), "M-00008": Decimal("1959.04"),
                               "M-00011": Decimal("2934.14"), "M-00017": Decimal("2722.14")}
    assert any(n.startswith("'Estado' says the accounts in arrears ('MOROSO': 3 row(s)), and 'Saldo' is below zero on each")
               for n in prepared.read.source.notices)
    # a list of invoices whose overdue ones are owed above zero keeps its signs: its credit notes are credits
    invoices = _prepared(settings, tmp_path / "facturas.csv", (
        "Factura;Cliente;Estado;Importe\nF-1;Alfa SA;VENCIDO;100.00\nF-2;Beta SA;VENCIDO;250.00\n"
        "F-3;Gamma SA;AL DIA;80.00\nNC-1;Alfa SA;AL DIA;-20.00\n"
    ))
    assert set(_owed(invoices)) == {"F-1", "F-2", "F-3"}


def test_a_flag_under_an_amount_s_word_is_no_amount(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "clients_impayes.csv", "ID_client,Nom,Montant_mensuel,Risque_impaye\n" + "".join(
        f"C{n},Client {n},{20 + n}.50,{n % 2}\n" for n in range(8)))
    assert prepared.mapping.field_columns()["amount"] == "Montant_mensuel"
    # an amount due of nothing on most rows is a balance of jobs paid, no flag
    jobs = _prepared(settings, tmp_path / "jobs.csv", "Job,Client,JobTotalPrice,JobAmountDue\n" + "".join(
        f"J{n},Client {n},{200 + n}.00,{100 if n == 3 else 0}\n" for n in range(8)))
    assert jobs.mapping.field_columns()["amount"] == "JobAmountDue"
    assert jobs.cases.filter(pl.col(VALID))["reference"].to_list() == ["J3"]


def test_a_copy_of_a_row_further_down_beside_a_data_frame_s_index_is_left_out(settings, tmp_path):
    # a data frame written with its index first: the copy differs from its row by its row number alone
    rows = [(n, f"c0000{n % 4}", f"i00{700 + n}", 1000 + n) for n in range(8)]
    rows.append((8, "c00002", "i00702", 1002))
    text = ",customer_no,invoice_no,amount\n" + "".join(f"{i},{c},{r},{a}\n" for i, c, r, a in rows)
    (tmp_path / "ar_ledger.csv").write_text(text, encoding="utf-8")
    prepared = prepare_file(tmp_path / "ar_ledger.csv", settings, PrepareOptions(assign=(("customer_no", "debtor.name"),)))
    assert prepared.validation.valid == 8
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(10, "copy")]


def test_an_amount_whose_header_names_its_currency_is_in_it_whatever_another_currency_column_says(settings, tmp_path):
    """A Korean group's receivables of its foreign subsidiaries: the balance converted to won
    ('잔액_KRW') beside the currency of each invoice ('통화'). The won amounts were labelled dollars,
    euros and yuan, a thousand times the debt; the June-end balance ('6월말잔액') was no amount."""
    text = "채권ID,고객명,통화,6월말잔액,잔액_KRW,채권발생일\n" + "".join(
        f"AR{n:04d},미국고객{n:03d},{cur},{amount:.2f},{amount * rate:.0f},2025-0{n % 5 + 1}-10\n"
        for n, (cur, amount, rate) in enumerate([("USD", 32632.49, 1380), ("EUR", 1200.00, 1500), ("CNY", 8800.00, 190)] * 2))
    prepared = _prepared(settings, tmp_path / "채권잔액.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "잔액_KRW"
    assert "currency" not in prepared.mapping.field_columns()
    assert set(prepared.cases["currency"].to_list()) == {"KRW"}
    assert prepared.mapping.field_columns()["issue_date"] == "채권발생일"
    # the June-end balance is read by the word it holds, written without spaces
    from getbill_import.mapping.headers import match_header

    assert match_header("6월말잔액").field == "amount"


def test_a_short_list_of_balances_per_debtor_with_one_written_twice_names_the_others(settings, tmp_path):
    """An Argentinian school's families and what each owes, for a mail merge: one family is written
    twice, which refused the whole list; the pesos written '$ 1.429.233,10' were read as dollars."""
    families = [f"FAMILIA {chr(65 + n)}{chr(70 + n)}" for n in range(21)]
    text = "familia;deuda;email\n" + "".join(
        f"{name};$ {100 + n}.233,10;{'fam' + str(n)}@{'colegio.com.ar' if n % 3 == 0 else 'gmail.com'}\n"
        for n, name in enumerate(families)) + f"{families[2]};$ 1.111,00;test@gmail.com\n"
    prepared = _prepared(settings, tmp_path / "deudores.csv", text)
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid.height == 20 and families[2] not in valid["debtor.name"].to_list()
    assert set(valid["currency"].to_list()) == {"ARS"}


def test_an_amount_due_as_large_as_what_was_paid_on_most_rows_is_the_total(settings, tmp_path):
    """An HVAC firm's invoices: 'amount_due' is each invoice's total, as 'amount_paid' shows on the
    invoices paid in full. Every paid invoice had been imported at its full amount."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_id,customer,amount_due,amount_paid,payment_method\n9001,Acme,310.00,310.00,Card\n"
        "9007,Beta,310.00,0,Unpaid\n9012,Gamma,1620.00,0,Unpaid\n9013,Delta,500.00,500.00,Cash\n"
        "9014,Eps,700.00,700.00,Cash\n9027,Zeta,1500.00,201.25,Card\n"
    ))
    assert {r: str(a) for r, a in prepared.cases.filter(pl.col(VALID)).select("reference", "amount").rows()} == {
        "9007": "310.00", "9012": "1620.00", "9027": "1298.75"}
    # a balance kept up beside what was paid is owed as it is
    kept = _prepared(settings, tmp_path / "kept.csv", (
        "invoice_id,customer,amount_due,amount_paid\n9001,Acme,0.00,310.00\n9007,Beta,310.00,0\n"
        "9027,Zeta,1298.75,201.25\n9028,Eta,100.00,400.00\n"
    ))
    assert {r: str(a) for r, a in kept.cases.filter(pl.col(VALID)).select("reference", "amount").rows()} == {
        "9007": "310.00", "9027": "1298.75", "9028": "100.00"}


def test_an_invoice_paid_by_half_keeps_its_balance_as_owed(settings, tmp_path):
    """An ageing writes each invoice's total, what was paid and the balance: an invoice paid by half
    has a balance equal to what was paid (28,000 less 14,000 paid leaves 14,000). The balance is
    the total less the payment, kept up: owed as it is, where two of the file's three part-paid
    invoices were left out as paid in full."""
    prepared = _prepared(settings, tmp_path / "accounts_receivable.csv", (
        "invoice_id,client_name,due_date,invoice_amount,paid_amount,balance_due\n"
        "AR-1,Zenith Software,2026-05-08,55000.00,0.00,55000.00\nAR-2,Valley Medical,2026-05-10,28500.00,0.00,28500.00\n"
        "AR-11,Liberty Insurance,2026-03-20,28000.00,14000.00,14000.00\n"
        "AR-13,Union Foods,2026-02-07,6800.00,4000.00,2800.00\nAR-14,KLM Restaurants,2026-01-14,4800.00,0.00,4800.00\n"
    ))
    assert _owed(prepared) == {"AR-1": Decimal("55000.00"), "AR-2": Decimal("28500.00"), "AR-11": Decimal("14000.00"),
                               "AR-13": Decimal("2800.00"), "AR-14": Decimal("4800.00")}
    assert not any("paid in full" in n for n in prepared.read.source.notices)


def test_a_treasury_s_payables_beside_its_receivables_are_left_out_by_their_item_type(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "trade_items.csv", (
        "item_id,item_type,counterparty,currency,amount,due_date\nAR-2024-0051,AR,EU Customer 3,EUR,12000.00,2024-09-30\n"
        "AP-2024-0007,AP,US Supplier 1,USD,5000.00,2024-09-15\nAR-2024-0052,AR,JP Customer 1,JPY,800000,2024-10-31\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == ["EU Customer 3", "JP Customer 1"]
    assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines] == [(3, "payable")]


def test_null_words_are_empty_cells_not_values(settings, tmp_path):
    """SQL's NULL, MySQL's \\N and a dataframe's NaN in an e-mail or a due date are no values to
    reject: the cells are empty."""
    prepared = _prepared(settings, tmp_path / "dump.csv", (
        "invoice_no,customer,email,due_date,amount\n"
        "A1,Ana Ruiz,NULL,2026-01-10,100.00\nA2,Luis Mora,\\N,NaN,200.00\nA3,Eva Sanz,eva@example.com,null,300.00\n"
    ))
    assert len(_owed(prepared)) == 3
    assert prepared.cases["debtor.email"].to_list() == [None, None, "eva@example.com"]
    assert not prepared.problems.filter(pl.col("severity") == "error").height
    # a dataframe's missing amount formatted as money is an empty amount, not an unreadable one
    prepared = _prepared(settings, tmp_path / "rechnungen.csv", (
        "Kunde,Rechnungsnummer,Brutto\nAna Ruiz,2023-004,€595.00\nLuis Mora,2023-005,€NaN\n"
    ))
    assert prepared.problems.filter((pl.col("line") == 3) & (pl.col("severity") == "error"))["code"].to_list() == ["missing-amount"]


def test_a_school_fee_is_offered_as_the_amount_when_no_column_gives_one(settings, tmp_path):
    """A tutoring centre's fee ledger: 'Fee Amount' is the only money column. A fee beside an
    invoice's amount is set aside, so the file was refused for a missing amount; with none beside
    it, the fee is what the student owes, offered to confirm."""
    prepared = _prepared(settings, tmp_path / "feeData.csv", (
        "Student Name,Fee Name,Fee Amount,Invoice,Status\nVamsi,June 2025 Fee,800,F-1,paid\n"
        "Vamsi,July 2025 Fee,800,F-2,overdue\nRithvik,July 2025 Fee,800,F-3,pending\n"
    ))
    fee = next(c for c in prepared.mapping.columns if c.column == "Fee Amount")
    assert (fee.field, fee.status) == ("amount", "to_confirm")
    assert _owed(prepared) == {"F-2": Decimal("800.00"), "F-3": Decimal("800.00")}


def test_the_issuers_columns_beside_the_clients_are_not_the_debtors(settings, tmp_path):
    """An invoice generator writes the issuer ('Organization Name/Address/City/Phone') beside the
    customer ('Client Name/Company Name/Address/City/Phone'): the issuer's company, address and
    phone had become every debtor's. The currency's symbol in its own column ('$') is the currency."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice No,Organization Name,Organization Address,Organization City,Organization Phone,"
        "Client Name,Client Company Name,Client Address,Client City,Client Phone,Total,Currency Symbol\n"
        "202511001,Onetech LLP,LIG 11 Mehdipatnam,Hyderabad,+91 94419 40441,Sayon C,Stolle Machinery,"
        "6949 South Potomac Street,Centennial,+1 608 320 0212,8000,$\n"
        "202512001,Onetech LLP,LIG 11 Mehdipatnam,Hyderabad,+91 94419 40441,Andy Roe,Stolle Machinery LLC,"
        "6949 South Potomac Street,Centennial,+1 608 320 0212,6400,$\n"
    ))
    fields = prepared.mapping.field_columns()
    assert fields["debtor.company"] == "Client Company Name"
    assert fields["debtor.address.city"] == "Client City"
    assert fields["debtor.phone"] == "Client Phone"
    assert fields["currency"] == "Currency Symbol"
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["debtor.company"].to_list() == ["Stolle Machinery", "Stolle Machinery LLC"]
    assert set(valid["currency"].to_list()) == {"USD"}
    assert any("give another party of the invoices than the customer" in n for n in prepared.notices)


def test_a_carrier_s_invoice_detail_is_billed_to_its_billing_address_and_adds_its_lines_before_rounding(settings, tmp_path):
    """A carrier's invoice detail (DHL's) writes a row per shipment with the billing account's
    address beside the sender's and the recipient's. The sender's second address line, taken for
    the debtor's while the billing one was blank, differed between two shipments of one invoice,
    whose rows were then refused as written twice. Its charges have four decimals: an invoice's
    total is its lines added, then read to the cent (57.31, not 16.77 + 40.53 = 57.30)."""
    header = ("Invoice Number,Invoice Date,Due Date,Billing Account Name,Billing Address 1,Billing Address 2,"
              "Billing City,Billing Postcode,Senders Name,Senders Address 1,Senders Address 2,Senders City,"
              "Senders Postcode,Receivers Name,Receivers Address 1,Receivers Address 2,Receivers City,Currency,Grand Total\n")
    prepared = _prepared(settings, tmp_path / "shipments.csv", header + (
        "AUS534117,2021-06-23,2021-07-23,ONE LIVE MEDIA,4401 E Baseline Rd,,Phoenix,85042,Gigi Pip,360 N. 700 W.,,"
        "North Salt Lake,84054,Shijazhuang Trading,150 S. Jianshe St,Boading City,Shijiazhuang,USD,21.79\n"
        "AUS534117,2021-06-23,2021-07-23,ONE LIVE MEDIA,4401 E Baseline Rd,,Phoenix,85042,Gigi Pip,360 N. 700 West,Suite A,"
        "North Salt Lake,84054,Mainstreet Clothing,221 Victoria St,,Kamloops,USD,65.25\n"
        "AUS534079,2021-06-23,2021-07-23,ONE LIVE MEDIA,4401 E Baseline Rd,,Phoenix,85042,Woodies,201 Ferris Ave,"
        "Depth Returns,White Plains,10601,Michel Weber,Rua Franklin Lamas 65,Bl.E,Cascais,USD,16.7725\n"
        "AUS534079,2021-06-23,2021-07-23,ONE LIVE MEDIA,4401 E Baseline Rd,,Phoenix,85042,Woodies,201 Ferris Ave,"
        "Depth Returns,White Plains,10601,Stefan Tu,Fratrelstr. 6,,Mannheim,USD,40.5325\n"
    ))
    fields = prepared.mapping.field_columns()
    assert fields["debtor.name"] == "Billing Account Name"
    assert fields.get("debtor.address.line2") in (None, "Billing Address 2")
    assert not {"Senders Address 2", "Receivers Address 2", "Senders City", "Receivers City"} & set(fields.values())
    assert _owed(prepared) == {"AUS534117": Decimal("87.04"), "AUS534079": Decimal("57.31")}
    assert any("give another party of the invoices than the customer" in n for n in prepared.notices)
    rounded = prepared.problems.filter(pl.col("code") == "amount-rounded")
    assert rounded.select("line", "message").rows() == [
        (4, "'57.305' has more than two decimals (a computed value): it is read to the cent, 57.31.")]


def test_a_carrier_s_shipment_report_is_read_from_its_shipments_and_adds_an_invoice_s_lines(settings, tmp_path):
    """A carrier's re-billing workbook: "Export Destination Charges" (a few duty charges, their
    "XC1 Name" a charge's label) maps a little better than "Export Data" (the shipments), which it
    had beaten; the shipments, dated nowhere, had then been refused as one invoice's number written
    415 times, though each row is a shipment of its own."""
    import openpyxl

    book = openpyxl.Workbook()
    charges = book.active
    charges.title = "Export Destination Charges"
    charges.append(["Invoice Number", "Account Name", "XC1 Code", "XC1 Name", "XC1 Charge", "Total Charge"])
    charges.append(["AUSI342111", "Nominal", "XB", "IMPORT EXPORT TAXES", 4.41, 4.41])
    charges.append(["AUSI342112", "Nominal", "XB", "IMPORT EXPORT TAXES", 7.20, 7.20])
    data = book.create_sheet("Export Data")
    data.append(["Invoice Number", "Shipment Number", "Account Name", "Weight", "Total Charge"])
    data.append(["AUSI342512", "5048165603", "Nominal", 0.5, 21.16])
    for n in range(12):
        data.append(["AUS534114", f"70521612{n:02d}", "Nominal", 4, 16.40 + n])
    path = tmp_path / "shipment_report.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "Export Data"
    assert prepared.mapping.field_columns()["debtor.name"] == "Account Name"
    assert _owed(prepared) == {"AUSI342512": Decimal("21.16"), "AUS534114": Decimal(sum(1640 + 100 * n for n in range(12))) / 100}


def test_a_loan_book_s_repaid_loans_are_not_owed_and_a_credit_status_is_a_known_one(settings, tmp_path):
    """A lender's book writes "repaid" beside "defaulted" and "active": a loan paid back is no
    debt (2,673 of a Nigerian micro-lender's 3,202 loans had been imported as owed). An open-item
    list's "Credit" status is a credit line, netted, not an unknown status imported as owed."""
    prepared = _prepared(settings, tmp_path / "loans.csv", (
        "loan_id,borrower,loan_amount_ngn,status,due_date\n"
        "LN1,Ada Obi,38645,repaid,2024-07-25\nLN2,Chidi Eze,7812,defaulted,2024-09-30\n"
        "LN3,Ngozi Okafor,12000,written_off,2024-08-01\nLN4,Emeka Nwosu,9000,repaid,2024-10-01\n"
    ))
    assert _owed(prepared) == {"LN2": Decimal("7812.00"), "LN3": Decimal("12000.00")}
    assert any("2 row(s) left out because their status says the invoice is not owed ('status': 'repaid')" in n
               for n in prepared.notices)
    assert _owed_under_known_statuses(settings, tmp_path / "aging.csv", (
        "Customer_Name,Invoice_Number,Due_Date,Original_Amount,Open_Balance,Status\n"
        "Hooli LLC,INV-1,2026-03-31,9000.00,9000.00,Open\nHooli LLC,INV-2,2026-05-31,80012.84,-1875.00,Credit\n"
        "Genco LLC,INV-3,2026-06-01,500.00,500.00,Open\n"
    )) == {"INV-1": Decimal("7125.00"), "INV-3": Decimal("500.00")}
    # Odoo's invoices in Spanish: "Sin pagar" is owed, a known status
    assert _owed_under_known_statuses(settings, tmp_path / "facturas.csv", (
        "Número,Cliente,Fecha de vencimiento,Total,Estado de pago\nFAC/2025/0001,Lubricantes SA,2025-03-31,1200.00,Sin pagar\n"
        "FAC/2025/0002,Taller Pérez,2025-04-30,300.00,Pagado\nFAC/2025/0003,Taller Pérez,2025-05-31,450.00,Sin pagar\n"
    )) == {"FAC/2025/0001": Decimal("1200.00"), "FAC/2025/0003": Decimal("450.00")}


def test_hours_billed_are_no_amount_and_a_carrier_s_total_charge_is(settings, tmp_path):
    """A law firm's bills write "Total Hours" (2.5) before "Total Used" (625): the hours had been
    the amount, 2.5 owed for 625 billed. A carrier's invoice detail gives its amount as "Total
    Charge", which had been set aside as a fee, the file refused for want of an amount."""
    assert _owed_by_column(settings, tmp_path / "invoices.csv", (
        "Month,Client Email,Client Name,Total Hours,Total Used,Invoice ID,Invoice Date,Status\n"
        "2024-03,client1@example.com,John Doe,2.5,625,INV001,2024-03-20,SENT\n"
        "2024-03,client2@example.com,Jane Smith,1.5,450,INV002,2024-03-20,SENT\n"
    ), "Total Used") == {"INV001": Decimal("625.00"), "INV002": Decimal("450.00")}
    assert _owed_by_column(settings, tmp_path / "shipments.csv", (
        "Invoice Number,Invoice Date,Account Name,Shipment Number,Weight,Total Charge\n"
        "AUSI342512,2021-06-23,Nominal,5048165603,0.5,21.16\nAUSI342513,2021-06-23,Nominal,2181702386,1,62.10\n"
    ), "Total Charge") == {"AUSI342512": Decimal("21.16"), "AUSI342513": Decimal("62.10")}


def test_a_turkish_current_accounts_balance_report_is_read(settings, tmp_path):
    """A Turkish ERP's balances of current accounts ("Cari bakiye durum raporu"): the debit balance
    ("TL Borç Bakiye") is owed, not the debits ("TL Borç"); "Orj. döviz" gives TL, Turkish lira;
    "RAPOR TOPLAMI" totals the list. A 10.4 million lira list had been imported as 105 million euros,
    its report total a debtor. An overdue report's "Valör" (days) had been the amount over
    "Vadesi geçen bakiye"; a sales report by month ("Ciro", "Ocak - 2025") lists no debts."""
    prepared = _prepared(settings, tmp_path / "cari_bakiye.csv", (
        "Cari hesap adı;TL Borç;TL Alacak;TL Borç Bakiye;Orj. döviz\n"
        "FKT KOLTUK LTD. ŞTİ.;24.428.127,13;19.602.724,12;4.825.403,01;TL\n"
        "ALİŞ MAKİNA SAN. VE TİC. LTD. ŞTİ.;1.250.000,00;1.249.783,04;216,96;TL\n"
        "TECASAN A.Ş.;500.000,00;467.026,00;32.974,00;TL\n"
        "DEMİR ÇELİK LTD. ŞTİ.;80.000,00;70.000,00;10.000,00;TL\n"
        "RAPOR TOPLAMI;26.258.127,13;21.389.533,16;4.868.593,97;TL\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["amount"], fields["currency"]) == ("TL Borç Bakiye", "Orj. döviz")
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid.select("debtor.name", "amount", "currency").rows() == [
        ("FKT KOLTUK LTD. ŞTİ.", Decimal("4825403.01"), "TRY"), ("ALİŞ MAKİNA SAN. VE TİC. LTD. ŞTİ.", Decimal("216.96"), "TRY"),
        ("TECASAN A.Ş.", Decimal("32974.00"), "TRY"), ("DEMİR ÇELİK LTD. ŞTİ.", Decimal("10000.00"), "TRY")]
    prepared = _prepared(settings, tmp_path / "vade_durum.csv", (
        "Cari hesap kodu;Cari hesap adı;Döviz;Vadesi geçen bakiye;Valör\n"
        "120.01.001;ALİŞ MAKİNA;TL;216,96;182\n120.01.002;TECASAN;TL;32.974,00;734\n"
        "120.01.003;DEMİR ÇELİK;TL;10.000,00;182\n120.01.004;FKT KOLTUK;TL;4.825.403,01;734\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Vadesi geçen bakiye"
    assert sorted(prepared.cases.filter(pl.col(VALID))["amount"].to_list()) == [
        Decimal("216.96"), Decimal("10000.00"), Decimal("32974.00"), Decimal("4825403.01")]
    with pytest.raises(MappingError):
        _prepared(settings, tmp_path / "aylik_satis.csv", (
            "Cari hesap kodu;Cari hesap adı;Döviz;Ciro;Ocak - 2025;Şubat - 2025;Mart - 2025\n"
            "120.01.001;ALİŞ MAKİNA;TL;3.000,00;1.000,00;1.000,00;1.000,00\n"
            "120.01.002;TECASAN;TL;1.500,00;500,00;500,00;500,00\n"
        ))


def test_a_country_s_own_tax_in_the_headers_gives_the_currency(settings, tmp_path):
    """An Indian hotel's sales register names no currency, but its CGST and SGST columns are
    India's GST alone: its amounts are rupees, not euros. (A register of the invoices issued, it is
    imported when the user names its amount: every bill of it is unpaid.)"""
    register = tmp_path / "sales_register.csv"
    register.write_text("Bill No,Bill Date,Customer,Net Sales,CGST,SGST,Gross Amount\n"
                        "B-101,2026-01-05,Acme Travels,10000,900,900,11800\nB-102,2026-01-06,Sun Tours,5000,450,450,5900\n",
                        encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is a register of the invoices issued \(its columns 'Net Sales', 'CGST', "
                       r"'Gross Amount'\).*--set 'Gross Amount=amount'"):
        prepare_file(register, settings)
    prepared = prepare_file(register, settings, PrepareOptions(assign=(("Gross Amount", "amount"),)))
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"INR"}
    assert any("'CGST' names a tax, a tax number or a bank slip of IN alone" in n for n in prepared.notices)
    # a Brazilian tutorial's list of open amounts, its debtors named by their CPF (a tax number of Brazil's)
    brazil = _prepared(settings, tmp_path / "contas_a_receber.csv", (
        "CPF;Cliente;Valor em aberto;NF\n442.048.244-13;Ana Souza;1195,00;197\n273.338.429-34;Bruno Lima;1670,00;177\n"
    ))
    assert set(brazil.cases.filter(pl.col(VALID))["currency"].to_list()) == {"BRL"}
    # Chile's sales register (its customers' RUT), Mexico's e-invoices (the receiver's RFC): pesos, each its own
    chile = _prepared(settings, tmp_path / "rcv_venta.csv", "Folio;Rut cliente;Razon Social;Monto total\n"
                      "506;76.354.771-K;Fake Company S.A.;2082715\n508;76.100.200-1;Otra SpA;2629420\n")
    assert set(chile.cases.filter(pl.col(VALID))["currency"].to_list()) == {"CLP"}
    mexico = _prepared(settings, tmp_path / "metadata.csv", "Uuid;RfcReceptor;NombreReceptor;Monto\n"
                       "E7215E3B-2DC5-4A40-AB10-C902FF9258DF;XAXX010101000;Cliente Uno;1304.64\n"
                       "129C4D12-1415-4ACE-BE12-34E71C4EAF4B;XEXX010101000;Cliente Dos;1304.64\n")
    assert set(mexico.cases.filter(pl.col(VALID))["currency"].to_list()) == {"MXN"}
    other = _prepared(settings, tmp_path / "ventes.csv", (
        "Facture,Client,Montant TTC,TVA\nF-1,Dupont SARL,120.00,20.00\n"
    ))
    assert set(other.cases["currency"].to_list()) == {"EUR"}


def test_a_file_named_for_its_expenses_is_said_to_list_payables(settings, tmp_path):
    """A Polish expense register ('wydatki'): its counterparties are suppliers. Nothing in its
    columns says so; its name does."""
    text = "Data;Numer dokumentu;Kontrahent;Brutto\n2026-01-05;FV/1/2026;OVH Sp. z o.o.;123,00\n"
    prepared = _prepared(settings, tmp_path / "wfirma_wydatki_20260122.csv", text)
    assert any("says it lists payables, purchases or expenses ('wydatki')" in n for n in prepared.notices)
    sales = _prepared(settings, tmp_path / "wfirma_sprzedaz_20260122.csv", text)
    assert not any("says it lists payables" in n for n in sales.notices)
    # a Mexican ERP's open supplier invoices, "por pagar" written as one word
    payables = _prepared(settings, tmp_path / "porpagar.csv", text)
    assert any("says it lists payables, purchases or expenses ('porpagar')" in n for n in payables.notices)
    # the bills a company received (its utilities', its telecoms')
    received = _prepared(settings, tmp_path / "facturas_recibidas_2025.csv", text)
    assert any("says it lists payables, purchases or expenses ('facturas recibidas')" in n for n in received.notices)


def test_a_file_named_for_its_quotes_or_orders_is_said_to_list_nothing_billed(settings, tmp_path):
    """A Swiss billing tool's quotes and order confirmations ('preventivi', 'conferme_ordine'),
    exported with the invoices' columns (a number, a client, a due date, a total): nothing in them
    says they are not invoices; their names do. Italy's members' dues ('quote sociali') are no quotes."""
    text = ("number,client_name,date,due,total,currency\nP-1,Rossi SA,2026-01-05,2026-02-04,450.00,CHF\n"
            "P-2,Bianchi Sagl,2026-01-07,2026-02-06,120.50,CHF\n")
    for name, word in (("preventivi.csv", "preventivi"), ("conferme_ordine_2026.csv", "conferme ordine"),
                       ("Devis clients.csv", "devis")):
        quotes = _prepared(settings, tmp_path / name, text)
        assert any(f"says it lists quotes or orders ('{word}')" in n for n in quotes.notices), name
    for name in ("fatture.csv", "quote_sociali_2026.csv"):
        invoices = _prepared(settings, tmp_path / name, text)
        assert not any("says it lists quotes or orders" in n for n in invoices.notices), name


def test_a_gst_register_s_purchase_block_is_left_out_and_its_header_is_no_value(settings, tmp_path):
    """An Indian firm's hand-kept GST register: each month a 'Sales' block, then a 'Purchase' block
    under a header of its own, not quite the first ('Invoice', 'GST NO'). That second header's
    cells, equal to the first header's, had been read as values under it, and the file refused as
    having no header row; read, the suppliers' bills under 'Purchase' are no debts. A register of the
    invoices issued (their taxable value, tax and total, nothing saying which are owed), it is refused
    unless the user names its amount."""
    text = (
        "APRIL,,,,,,,\nSales,,,,,,,\nDATE,PARTY,Invoice No,Taxable,CGST,SGST,TOTAL INVOICE AMOUNT,\n"
        "2023-04-04,Putzmeister Concrete Machines Pvt Ltd,b23-24MQ101,91479,8233.11,8233.11,107945.22,\n"
        "2023-04-05,Shamsher Traders,b23-24MQ102,1000,90,90,1180,\n"
        "2023-04-09,Nerul Village Panchayat,b23-24MQ103,2000,180,180,2360,\n"
        "TOTAL,,,94479,8503.11,8503.11,111485.22,\nPurchase,,,,,,,\n"
        "DATE,PARTY,Invoice,Taxable,CGST,SGST,TOTAL INVOICE AMOUNT,GST NO\n"
        "2023-04-01,MULRAJ DEVCHAND THAKKAR,MD/23/24/00007,1525.41,137.29,137.29,1800,30ABDPT7716Q1Z6\n"
        "2023-04-01,GOA HARDWARE STORES,8/23-24,627.12,56.44,56.44,740,30AKZPK4243N1ZO\n"
        "2023-04-03,Shree Laxmi Lighting Hub,SLH/12,105,9.45,9.45,123.9,30AEAFS6324R1ZT\n"
        "TOTAL,,,2257.53,203.18,203.18,2663.9,\n"
    )
    _refused(settings, tmp_path / "GST.csv", text, r"it is a register of the invoices issued \(its columns 'Taxable', 'CGST'")
    prepared = prepare_file(tmp_path / "GST.csv", settings, PrepareOptions(assign=(("TOTAL INVOICE AMOUNT", "amount"),)))
    assert sorted(_owed(prepared)) == ["b23-24MQ101", "b23-24MQ102", "b23-24MQ103"]
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"INR"}
    assert any("label ('Purchase') names purchases or payables" in n for n in prepared.notices)


def test_a_warehouse_aging_table_of_monthly_snapshots_is_read_at_its_latest_month(settings, tmp_path):
    """A property manager's aging table prepared for a dashboard: each tenant's balance on the first
    day of every month, one below the other, the tenants' names in a master file whose ids the
    table writes as decimals ('29114.0'). The tool's own advice, naming the debts by the tenant's
    id, had broken the join with the master; every month's balance would have been a debt."""
    (tmp_path / "tenants.csv").write_text(
        "tenant id,customer id,dba name,lessee name\n302,29114,,Southern Champion Tray L.P.\n"
        "303,29115,,Acme Storage LLC\n304,29116,,Delta Freight Inc\n", encoding="utf-8")
    rows = "".join(
        f"919,{tenant},{customer}.0,{owed},{month},1\n"
        for month, balances in (("2025-06-01", (100.0, 50.0, 20.0)), ("2025-07-01", (150.0, 0.0, 25.0)),
                                ("2025-08-01", (175.5, 60.0, -5.0)))
        for tenant, customer, owed in zip((302, 303, 304), (29114, 29115, 29116), balances, strict=True)
    )
    path = tmp_path / "fact_accountsreceivable.csv"
    path.write_text("property id,tenant id,customer id,total owed,first day of month,database id\n" + rows, encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(debtors=tmp_path / "tenants.csv", assign=(("tenant id", "reference"),)))
    valid = prepared.cases.filter(pl.col(VALID))
    assert dict(valid.select("reference", "amount").rows()) == {"302": Decimal("175.50"), "303": Decimal("60.00")}
    assert valid["debtor.name"].to_list() == ["Southern Champion Tray L.P.", "Acme Storage LLC"]
    assert any(n.startswith("The file stacks 3 snapshots of the open items, told apart by 'first day of month'")
               for n in prepared.notices)
    # the months left are no debt's: the snapshot's date is no issue date
    assert "issue_date" not in prepared.mapping.field_columns()


def test_a_remaining_term_in_months_is_no_amount(settings, tmp_path):
    """A rent roll's 'remaining_term_months' (6.6, 1.7) had been taken for the amount by its word
    'remaining' alone, at 93%."""
    from getbill_import.mapping.headers import match_header

    for header in ("remaining_term_months", "Months Remaining", "remaining_years"):
        assert match_header(header, settings.mappings_dir).field != "amount", header
    assert match_header("Remaining Balance", settings.mappings_dir).field == "amount"
    assert match_header("lessee name", settings.mappings_dir).field == "debtor.name"


def test_an_overdue_balance_of_zero_says_nothing_is_overdue_not_paid(settings, tmp_path):
    """A microlender's ageing: its amount is the part overdue ('Saldo vencido'). The loans with
    nothing overdue still run; they had been said to be paid."""
    prepared = _prepared(settings, tmp_path / "cartera.csv", (
        "Número de crédito,Cliente,Saldo vencido\nC-1,LUNA,0\nC-2,COACALCO,1250.50\nC-3,REYNAS,0\n"
    ))
    assert _owed(prepared) == {"C-2": Decimal("1250.50")}
    assert any("'Saldo vencido' is zero: nothing is overdue on it" in n for n in prepared.notices)
    assert not any("the invoice is paid" in n for n in prepared.notices)


def test_a_headerless_file_s_first_amount_is_no_period_and_days_past_due_no_amount(settings, tmp_path):
    """A billing export written without its header row: its first row's amount ('1330.0') had been
    read as a month of the year 1330, and with its two dates the file said to put a period in each
    of three columns; a lender's 'Dpd' (days past due) was offered as an amount."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import period_header

    assert not period_header("1330.0", settings.mappings_dir)
    assert period_header("2024.01", settings.mappings_dir) and period_header("01.2024", settings.mappings_dir)
    path = tmp_path / "invoices_excel.csv"
    path.write_text("111,Chet,Atkins,1330.0,2020-10-01,2020-10-20\n106,Janis,Joplin,170.0,2020-09-12,\n"
                    "107,Glen,Campbell,800.0,2020-09-15,\n", encoding="utf-8")
    from getbill_import.pipeline import read_and_map

    read, mapping = read_and_map(path, settings, PrepareOptions())
    notices = read.source.notices + mapping.notices
    assert not any("puts a period in each of" in n for n in notices)
    assert any(n.startswith("The file seems to have no header row") for n in notices)
    assert match_header("Dpd", settings.mappings_dir).field == "ignore"


def test_a_two_row_header_whose_upper_words_begin_their_own_columns_is_not_spread(settings, tmp_path):
    """A Mexican microlender's portfolio report: its header's upper row holds the first word of
    many columns' names ('CÓDIGO' over 'OFIC. CRED.', 'NOMBRE' over 'COORDINACIÓN'), and a few
    labels over two columns ('CARTERA VENCIDA' over 'IMPORTE' and '%'). Each upper word had been
    spread over the columns after it: the borrower's column became 'NOMBRE ACREDITADO/CLIENTE', the
    balance 'INTERÉS SALDO', and the branch ('NOMBRE COORDINACIÓN', read as abbreviations: 'co' +
    'ordi' + 'na' + 'cion') was taken for the debtor."""
    import openpyxl

    from getbill_import.pipeline import read_and_map

    upper = ["CÓDIGO", "NOMBRE", "CÓDIGO", "NOMBRE", "CÓDIGO", "NOMBRE", "CÓDIGO", "NOMBRE", None, None, None, None,
             "CÓDIGO", None, None, None, None, "CARTERA", "CAPITAL", "INT SEGÚN TABLA", "INTERÉS", "CAPITAL", "INTERÉS",
             None, "CARTERA VENCIDA", None, "CARTERA VIGENTE", None, None, None, None, None, None]
    lower = ["OFIC. CRED.", "OFICIAL DE CRÉDITO", "PROMOTOR CRED.", "PROMOTOR CRED.", "COORD.", "COORDINACIÓN",
             "GER. REGI.", "GERENCIA REGIONAL", "CÓDIGO", "ACREDITADO/CLIENTE", "CICLO", "TIPO CRÉDITO", "L. CRÉDITO",
             "NOMBRE LÍNEA CRÉDITO", "NOMBRE ORG. FONDEADORA", "NOMBRE DEL TIPO DE EMPRESA", "NOMBRE DEL EMPRESA",
             "COLOCADA", None, "DE AMORTIZACIÓN", "DEVENGADO", None, None, "SALDO", "IMPORTE", "%", "IMPORTE", "%",
             "INTERÉS POR DEVENGAR", "PARCIALIDAD", "PERIODOS VENCIDOS", "FECHA DE INICIO DEL CICLO", "FECHA DE FIN DE CICLO"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SITUACIÓN DE CARTERA"])
    sheet.append(["Moneda: PESO"])
    sheet.append(upper)
    sheet.append(lower)
    branches, groups = ["Ixtapaluca", "Puebla", "Tultitlán", "Los Reyes"], ["TUTTY FRATELLI", "NUEVO COMIENZO",
                                                                          "LAS DIVINAS", "COMETAS", "REYNAS", "ALIADAS"]
    for n in range(12):
        balance = 40000 + 1250.5 * n
        sheet.append([f"0000{60 + n % 3}", f"Oficial {n % 3}", f"0000{60 + n % 3}", f"Oficial {n % 3}", f"00{n % 4}",
                      branches[n % 4], "001", "Región Estado México", f"{100 + n:06d}", f"{groups[n % 6]} {n}", "01",
                      "Grupal", "002", "Línea propia", "Recursos propios", None, None, 154000, 125125, 27028.3, 33265.64,
                      balance - 100, 33265.64, balance, 0 if n % 3 else 1.53, 0, balance, 100, 6237.3, 9625, 0,
                      datetime(2025, 8, 11), datetime(2025, 12, 1)])
    path = tmp_path / "situacion_de_cartera.xlsx"
    book.save(path)
    read, mapping = read_and_map(path, settings, PrepareOptions())
    fields = mapping.field_columns()
    assert fields["debtor.name"] == "ACREDITADO/CLIENTE"
    assert fields["amount"] == "SALDO"
    assert "CARTERA VENCIDA IMPORTE" in read.frame.columns and "NOMBRE COORDINACIÓN" in read.frame.columns


def test_a_workbook_s_credit_notes_sheet_is_not_the_one_read(settings, tmp_path):
    """A Colombian clinic's billing workbook: its 'NOTAS CREDITO' sheet maps as well as its invoices'
    sheet, and was chosen: 47 credit notes had been imported as debts."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "NOTAS CREDITO"
    notes.append(["Nota", "Factura", "Cliente", "Valor", "Motivo"])
    for n in range(6):
        notes.append([f"NC-{n}", f"FE-{n}", f"Cliente {n}", 1000 + n, "Anulación de factura electrónica"])
    invoices = book.create_sheet("facturacion general")
    invoices.append(["Factura", "Entidad", "Paciente", "Total", "Fecha"])
    for n in range(8):
        invoices.append([f"FE-{100 + n}", "EPS Sura", f"Paciente {n}", 25000 + n, "2025-12-01"])
    path = tmp_path / "FACTURACION.xlsx"
    book.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.read.source.sheet == "facturacion general"
    assert any("runner-up: sheet 'NOTAS CREDITO'" in n and "credit notes or quotes" in n for n in prepared.notices)


def test_codes_in_a_column_s_head_alone_make_no_currency_nor_country(settings, tmp_path):
    """A health scheme's code 'ARS' on the first thousand rows, then 'EPS', 'SOAT'…: the column had
    been read as the currency by its sample (3,401 cases in Argentine pesos); ID document kinds
    'CC', 'TI', 'RC' as countries (the Cocos Islands)."""
    rows = "".join(f"FE-{n},Paciente {n},{'ARS' if n < 1100 else ('EPS', 'SOAT', 'OTROS')[n % 3]},"
                   f"{'CC' if n < 1100 else ('TI', 'RC')[n % 2]},{1000 + n}\n" for n in range(1600))
    prepared = _prepared(settings, tmp_path / "facturas.csv", "Factura,Paciente,Regimen,Tipcodigo,Total\n" + rows)
    fields = prepared.mapping.field_columns()
    assert fields.get("currency") != "Regimen" and fields.get("debtor.address.country") != "Tipcodigo"
    assert set(prepared.cases["currency"].to_list()) == {"EUR"}
    # a column of currency codes throughout is the currency
    coded = _prepared(settings, tmp_path / "coded.csv", "Factura,Cliente,Moneda X,Total\n" + "".join(
        f"F-{n},Cliente {n},{('USD', 'EUR', 'COP')[n % 3]},{100 + n}\n" for n in range(30)))
    assert coded.mapping.field_columns().get("currency") == "Moneda X"


def test_a_percentage_coordinates_and_a_member_s_savings_are_no_amount_nor_address(settings, tmp_path):
    """A commission statement's 'Adviser Split(%)' had been offered as the amount; a shop's
    'billing_address_latitude' taken for the street; a cooperative's 'SALDO CERTIFICADOS' (the
    member's savings) chosen over its arrears 'TOTAL ATRASADO'."""
    from getbill_import.mapping.headers import match_header

    assert match_header("billing_address_latitude", settings.mappings_dir).field == "ignore"
    assert match_header("SALDO CERTIFICADOS", settings.mappings_dir).field == "ignore"
    prepared = _prepared(settings, tmp_path / "morosidad.csv", (
        "OPERACION,SOCIO,SALDO CERTIFICADOS,SALDO CAPITAL PREST.,TOTAL ATRASADO\n"
        "P-1,Ana Ruiz,50.00,8000.00,1200.50\nP-2,Luis Mora,75.30,5000.00,310.00\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "TOTAL ATRASADO"
    with pytest.raises(MappingError, match="recognised as the amount"):
        _prepared(settings, tmp_path / "recon.csv", "Policy,Client,Adviser Split(%)\nP-1,Ana Ruiz,0.5\nP-2,Luis Mora,0.1203\n")


def test_a_utilitys_supply_address_and_units_are_no_sums(settings, tmp_path):
    # a Spanish water company's debts: "Dirección Suministro" is the address supplied ("suministro" had
    # been split into "sum"…, an amount); a billing summary's "Unid." counts units, no "unpaid" sum
    prepared = _prepared(settings, tmp_path / "lisdeuda.csv", (
        "Contrato;Nombre Cliente;Direccion Suministro;Factura;T.Pendiente\n"
        "267361;Ana Ruiz;C/ Mayor 3, Biar;F-2024-001;31,20\n267362;Luis Gil;C/ Sol 7, Biar;F-2024-002;45,10\n"
        "267363;Eva Sanz;Pl. Iglesia 1, Biar;F-2024-003;12,00\n"
    ))
    assert prepared.mapping.field_columns()["debtor.address.line1"] == "Direccion Suministro"
    from getbill_import.pipeline import read_and_map

    path = tmp_path / "conceptos.csv"
    path.write_text("Tarifa;Cuotas;Unid.;Imp. Cuotas\nDomestica;120;340;1530,00\nIndustrial;12;40;980,00\n"
                    "Riego;5;9;120,00\n", encoding="utf-8")
    _, mapping = read_and_map(path, settings)
    assert mapping.field_columns().get("amount") != "Unid."


def test_a_header_below_a_banner_and_a_block_of_labels_is_found(settings, tmp_path):
    # an Indonesian POS's sales detail: the report's and the company's names a page apart, then its
    # parameters and totals as labels beside their values (no colon), then the columns' names
    banner = ["Detail Penjualan", *[""] * 9, "Forka Coffe & Space"]
    labels = [["Periode", "13 Juni 2026 00:00:00 - 13 Juni 2026 23:59:59", *[""] * 7, "Total Penjualan", "233000"],
              ["Zona Waktu", "Asia/Jakarta (GMT +7)", *[""] * 7, "Penerimaan Pembayaran", "93000"],
              ["Status Bayar", "Semua", *[""] * 7, "Penjualan Belum Dibayar", "140000"]]
    header = ["No Transaksi", "Waktu Order", "Waktu Bayar", "Outlet", "Pelanggan", "Jenis Order", "Sisa Tagihan (Rp.)",
              "Total Penjualan (Rp)", "Metode Pembayaran", "Bayar", "Order"]
    rows = [["CS/01/260613/0001", "13-06-2026 09:41:01", "13-06-2026 09:42:14", "Forka", "Budi Santoso", "Lainnya",
             "0", "58000", "Cash", "Kasir 2", "Kasir 2"],
            ["CS/01/260613/0002", "13-06-2026 10:07:20", "", "Forka", "Sari Dewi", "Lainnya", "140000", "140000",
             "Tempo", "", "Kasir 2"],
            ["CS/01/260613/0003", "13-06-2026 10:18:25", "13-06-2026 10:22:23", "Forka", "Andi Wijaya", "Lainnya",
             "0", "35000", "Cash", "Kasir 1", "Kasir 1"]]
    text = "\n".join(";".join(r) for r in [banner, [""] * 11, *labels, [""] * 11, header, *rows]) + "\n"
    prepared = _prepared(settings, tmp_path / "penjualan.csv", text)
    assert prepared.read.source.header_line == 7
    assert _owed(prepared) == {"CS/01/260613/0002": Decimal("140000.00")}


def test_a_condominiums_fees_owed_today_and_its_tax_number(settings, tmp_path):
    # a Brazilian condominium software's collection import: what is owed today, its fines added
    # ('valor_atualizado'), beside the fee as billed; the condominium's CNPJ is no street of the debtor's
    prepared = _prepared(settings, tmp_path / "cobrancas.csv", (
        "condominio_cnpj;unidade;responsavel_nome;email;vencimento;valor_original;valor_atualizado\n"
        "12345678000190;101;Maria Exemplo;maria@email.com;10/04/2026;850,00;912,35\n"
        "12345678000190;102;Joao Exemplo;joao@email.com;10/04/2026;850,00;905,10\n"
        "12345678000190;201;Ana Exemplo;ana@email.com;10/03/2026;850,00;930,40\n"
    ))
    columns = prepared.mapping.field_columns()
    assert columns["amount"] == "valor_atualizado"
    assert "condominio_cnpj" not in columns.values()


def test_tallys_particulars_name_the_party(settings, tmp_path):
    # Tally's bills receivable: 'Particulars' is each party's ledger, never a name's particle ("de")
    prepared = _prepared(settings, tmp_path / "bills_receivable.csv", (
        "Date,Ref. No.,Particulars,Pending Amount,Due on\n"
        "4-Dec-23,114,Yalagureshwar Agency,422581.77,19-Dec-23\n7-Dec-23,116,Rajendra Ginning Factory,207486.77,22-Dec-23\n"
        "9-Dec-23,118,Talur Enterprises,581181.25,24-Dec-23\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "Particulars"
    assert len(_owed(prepared)) == 3


def test_an_export_titled_payments_or_quotes_is_refused_as_no_debts(settings, tmp_path):
    """An invoicing tool's other exports, in the layout of its invoices': a title line 'Payments'
    (381 payments received had been imported as debts) or 'QUOTES' (101 offers); an accounting
    report titled 'Trial Balance'."""
    text = ('"Invoice Ninja v4.5.17 - December 19, 2020 11:28 pm",,,\n,,,\nPayments,,,\nClient,Invoice Number,Amount,Date\n'
            "Ludwig Krajcik DVM,1,$13.50 ,10/20/2019\nMs. Ada Runte,2,$9.99 ,10/21/2019\n")
    path = tmp_path / "export_2020.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=r"its title \(line 3: 'Payments'\) says it lists payments received") as refused:
        prepare_file(path, settings)
    assert refused.value.code == "no-debts-listed"
    result = CliRunner().invoke(cli, ["map", str(path), "--format", "json"], env={"GETBILL_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "no-debts-listed"
    # read from its header line, as the message says, the rows are read as invoices
    assert len(prepare_file(path, settings, PrepareOptions(header_line=4)).cases) == 2
    invoices = tmp_path / "invoices.csv"
    invoices.write_text(text.replace("Payments,,,", "INVOICES,,,"), encoding="utf-8")
    assert len(prepare_file(invoices, settings).cases) == 2
    # a QuickBooks trial balance: its 92 accounts, a bank account and the tax office among them,
    # had been imported as debts of 10.3 million
    _refused(settings, tmp_path / "opening_balance.csv",
             "PRESTIGE GLASS SOLUTIONS PTY LTD,,\nTrial Balance,,\n\"As of December 31, 2023\",,\n,Debit,Credit\n"
             "Cash at bank - Macquarie,18334.81,\nTrade receivables,1049505.79,\nATO,28226.00,\n"
             "Entertainment,1976.70,\nTrade payables,,64210.00\nTOTAL,1098043.30,64210.00\n",
             r"its title \(line 2: 'Trial Balance'\) is an accounting report of accounts")
    # Sage 50's nominal ledger history (Ireland): each account's transactions under its block; it had
    # been refused for a missing debtor alone, its modules 'AR', 'GL' read as countries
    _refused(settings, tmp_path / "nominal.csv",
             ",Nibe Marketing Ltd,,,,,,\n,,,,,,,\nNominal Ledger Transaction History,,,,,,,\n,,,,,,,\n"
             ",Account: 1100 - Debtors Control,,,,,,\n,Pr.,Mod.,Reference,Details,Doc Date,Debit,Credit,Balance\n"
             ",1,AR,INV-1,Sale,05/01/2018,1200.00,,1200.00\n,2,GL,JNL-1,Receipt,09/01/2018,,500.00,700.00\n",
             r"its title \(line 3: 'Nominal Ledger Transaction History'\) is an accounting report of accounts")
    # a trial balance without its title: its 'Type' names the accounts' classes (the credit balances
    # left out first had left 12 accounts, the bank and the rent among them, imported as debts)
    tb = ("Account,Debit,Credit,Account Name,Type,Net Balance\n1000,382450.0,0.0,Cash - Operating,Asset,382450.0\n"
          "1100,246800.0,0.0,Accounts Receivable,Asset,246800.0\n2000,0.0,64210.0,Accounts Payable,Liability,-64210.0\n"
          "3000,0.0,500000.0,Owner Equity,Equity,-500000.0\n4000,0.0,91200.0,Sales,Revenue,-91200.0\n"
          "6100,26160.0,0.0,Rent,Expense,26160.0\n6200,1200.0,0.0,Depreciation and amortisation,Expense,1200.0\n")
    _refused(settings, tmp_path / "tb.csv", tb, r"it is an accounting report of accounts \(a trial balance, a chart of "
             r"accounts\): 'Type' names the classes of its rows \('Asset', 'Liability', 'Equity'\)")
    # DATEV's payroll summary: its employees' gross pay had been imported as debts under their numbers
    _refused(settings, tmp_path / "lohn.csv",
             "Pers.-Nr.;Nachname;Vorname;Gesamtbrutto;Nettobezüge/Nettoabzüge;SV-AG-Anteil\n"
             "02014;Scheller;Birgit;3.019,00;;566,59\n02015;Wagner;Jonas;2.870,00;;538,12\n",
             r"it is a payroll \(its columns 'Gesamtbrutto', 'Nettobezüge/Nettoabzüge', 'SV-AG-Anteil', 'Pers.-Nr.'\)")
    # CiviCRM's contributions and Benevity's donations: gifts received, which had been imported as
    # debts of their donors (or refused for a missing reference, with advice to name one)
    _refused(settings, tmp_path / "contributions.csv", '"Donor Name","First Name","Donor Email","Financial Type","Amount"\n'
             '"Dimitrov, Iris","Iris",,"Member Dues","$ 25.00"\n"Dimitrov, Kenny","Kenny",,"Donation","$ 50.00"\n',
             r"it is a record of donations \(its columns 'Donor Name', 'Donor Email'\), gifts given or to be charged")
    _refused(settings, tmp_path / "benevity.csv",
             "Company,Donation Date,Donor First Name,Donor Last Name,Email,Transaction ID,Currency,Total Donation to be "
             "Acknowledged,Match Amount,Net total\nDonald Duck Inc,2015-11-01,Hewey,Duck,hewey@duck.org,trxn-1,CAD,1200,0,1189\n",
             r"it is a record of donations \(its columns 'Donation Date', 'Donor First Name', 'Donor Last Name'\)")
    # a French association's tax receipts for its donors' gifts ("Reçu fiscal"): imported as their debts
    _refused(settings, tmp_path / "recus.csv",
             "Civilité;NOM;PRENOM ADH;N° ORDRE;Somme;Somme en lettres;VILLE;E-mail;RECU FISCAL ELECTRONIQUE O / N ;DATE\n"
             "Mme;D'AVRAY;Françoise;001;50;cinquante euros;MONTIEL;f.davray@example.fr;O;06/01/2023\n"
             "M.;ANDREATI;François;004;66;soixante six euros;COUVRAY;f.andreati@example.fr;O;06/01/2023\n",
             r"it is a record of donations \(its column 'RECU FISCAL ELECTRONIQUE O / N'\)")
    # a funder's grants (360Giving): the tool's own advice, a debtor's column, had imported 475 grants
    _refused(settings, tmp_path / "grants.csv",
             "Identifier,Title,Currency,Amount Applied For,Amount Awarded,Award Date,Recipient Org:Name,Grant Programme:Title,"
             "Funding Org:Name\n360G-ALWF-1,Community garden,GBP,5000,4500,2021-03-01,Green Spaces CIO,Small Grants,ALWF\n"
             "360G-ALWF-2,Youth club,GBP,12000,12000,2021-04-12,Youth Works Ltd,Main Grants,ALWF\n",
             r"it is a register of grants awarded \(its columns 'Amount Awarded', 'Award Date', 'Funding Org:Name'\)")
    # ERPNext's invoices: a 'Grant Commission' flag beside a 'Loyalty Program' is no funder's register
    sales = _prepared(settings, tmp_path / "sales_invoice.csv", "ID,Customer Name,Outstanding Amount,Grant Commission,Loyalty Program,"
                      "Rule Applied\nACC-SINV-1,Iris Dimitrov,400.00,1,,\nACC-SINV-2,Kenny Dimitrov,250.00,1,Gold,\n")
    assert sorted(_owed(sales)) == ["ACC-SINV-1", "ACC-SINV-2"]
    # a court's judgments: an amount awarded beside no grant is owed by the defendant
    judgments = _prepared(settings, tmp_path / "judgments.csv", "Case No,Defendant,Amount Awarded,Judgment Date\n"
                          "CV-1,Iris Dimitrov,4000.00,2025-01-31\nCV-2,Kenny Dimitrov,2500.00,2025-02-28\n")
    assert sorted(_owed(judgments)) == ["CV-1", "CV-2"]
    # pledges are gifts promised, still owed: no such record
    pledges = _prepared(settings, tmp_path / "pledges.csv", "Pledge ID,Donor Name,Donor Email,Pledge Amount,Paid,Due Date\n"
                        "P-1,Iris Dimitrov,iris@example.org,400.00,0.00,2026-01-31\nP-2,Kenny Dimitrov,kenny@example.org,"
                        "250.00,50.00,2026-02-28\n")
    assert sorted(_owed(pledges)) == ["P-1", "P-2"]
    # a list of credit notes, numbered as such: its credits had been offered as amounts "sold on credit"
    _refused(settings, tmp_path / "credits.csv", "CreditNoteID,Client,DateIssued,CreditAmount,Reason\n"
             "4001,Acme,2023-02-01,3158,Return\n4002,Globex,2023-02-16,1555,Service Failure\n",
             r"it is a list of credit notes \(each row numbered under 'CreditNoteID'\), money owed to customers")
    # Qoyod's credit notes, numbered under 'reference': their status says how much of each was used
    # against invoices (the unused ones had been imported as debts)
    _refused(settings, tmp_path / "credit_notes.csv", "reference,contact,status,issue_date,total_amount,remaining_amount\n"
             "CRN1,Acme,Used,2024-05-01,100.00,0\nCRN2,Globex,Partially Used,2024-05-02,3289.00,3260.03\n"
             "CRN3,Initech,Unused,2024-05-03,50.00,50.00\n",
             r"it is a list of credit notes \('status' says how much of each was used against invoices: 'Used', "
             r"'Partially Used', 'Unused'\)")
    # a list of invoices typed by what was sold is no such report
    sold = _prepared(settings, tmp_path / "sold.csv", "Invoice,Customer,Type,Amount Due\n"
                     "I-1,Acme,Service,10.00\nI-2,Globex,Asset,20.00\nI-3,Initech,Expense,30.00\n")
    assert len(_owed(sold)) == 3
    # QuickBooks' sales by product: every invoice, paid or not, and a running balance of the sales
    _refused(settings, tmp_path / "sales.csv",
             "\"Example Co, LLC\",,,,,\nSales by Product/Service Detail,,,,,\nAll Dates,,,,,\n\n"
             ",Transaction date,Num,Customer full name,Amount,Balance\nWeb,,,,,\n"
             ",01/10/2025,5001,Acme Corp,\"1,000.00\",\"1,000.00\"\n,03/01/2025,5003,Beta LLC,900.00,\"1,900.00\"\n"
             "Total for Web,,,,\"$1,900.00\",\n",
             r"its title \(line 2: 'Sales by Product/Service Detail'\) is a report of sales: its invoices are listed "
             r"whether they are paid or not")
    # QuickBooks' ageing of what the company owes its suppliers, named 'export.csv': its bills had been
    # imported as debts
    _refused(settings, tmp_path / "export.csv",
             "Add Ventures Inc,,,,,,,\nA/P Aging Detail,,,,,,,\n\"As of September 7, 2026\",,,,,,,\n\n"
             "Type,Date,Num,Name,Terms,Due Date,Class,Open Balance\n"
             "Bill,08/12/2026,07RM0003114872,New Castle Building Products,Net 30,09/11/2026,260000,\"8,411.00\"\n"
             "Bill,07/30/2026,2014030903,ABC Supply Co. Inc.,Net 30,08/29/2026,250148,\"9,624.22\"\n"
             "TOTAL,,,,,,,\"18,035.22\"\n",
             r"its title \(line 2: 'A/P Aging Detail'\) is a report of what your company owes its suppliers \(payables\)")
    # Tally's registers and day book, titled under the company's name and address: every sale of a
    # month (cash and credit), every purchase, every voucher
    tally = "Hotel Sky 5,,,,\nDisha Arcade,,,,\n{title},,,,\n1-Jun-26 to 30-Jun-26,,,,\n" \
            "Date,Particulars,Vch Type,Vch No.,Gross Total\n1-Jun-26,Treebo Hospitality Ventures,Sales,180962826,1559.99\n" \
            "1-Jun-26,Guest 001,Sales,POS-16025,391.00\n2-Jun-26,Guest 002,Sales,POS-16026,120.00\n"
    _refused(settings, tmp_path / "register.csv", tally.format(title="Sales Register"),
             r"its title \(line 3: 'Sales Register'\) is a report of sales")
    _refused(settings, tmp_path / "purchases.csv", tally.format(title="Purchase Register"),
             r"its title \(line 3: 'Purchase Register'\) is a report of what your company owes its suppliers")
    # a title opening with a purchases report's words, more after them (a Costa Rican invoicing tool's report
    # of the documents received, called a register of the invoices issued)
    _refused(settings, tmp_path / "compras.csv", tally.format(title="Reporte de compras general (doc. recibidos) (CRC)"),
             r"its title \(line 3: 'Reporte de compras general \(doc. recibidos\) \(CRC\)'\) is a report of what your "
             r"company owes its suppliers")
    _refused(settings, tmp_path / "DayBook.csv", tally.format(title="Day Book"),
             r"its title \(line 3: 'Day Book'\) is a journal of every voucher of a period")
    # an invoicing tool's export of its suppliers and their balances, named 'export.csv' (Invoice Ninja's
    # "Vendors"): its balances had been imported as debts, each supplier's name the reference
    _refused(settings, tmp_path / "export.csv",
             '"Invoice Ninja v4.5.17 - December 19, 2020 11:28 pm",,,\n,,,\nVendors,,,\n'
             "Name,Balance,Paid to Date,Billing City\nBradly Jaskolski Sr.,310.81,0.00,Lake Elva\n"
             "Ludwig Krajcik DVM,190.00,25.00,Port Ada\nKeara Ondricka,84.70,0.00,New Alec\n",
             r"its title \(line 3: 'Vendors'\) is a report of what your company owes its suppliers \(payables\)")
    # ...and of its expenses (whose advice had been to compose a reference of 'Client+Date+Project')
    _refused(settings, tmp_path / "export.csv",
             '"Invoice Ninja v4.5.23 - December 17, 2020 7:01 am",,,,\n,,,,\nExpenses,,,,\n'
             "Client,Project,Notes,Amount,Date\nLudwig Krajcik DVM,,Hotel,$310.81,2020-11-02\n"
             "Ms. Ada Runte,Website,Hosting,$19.99,2020-11-05\nLudwig Krajcik DVM,,Taxi,$40.00,2020-11-07\n",
             r"its title \(line 3: 'Expenses'\) is a report of what your company owes its suppliers \(payables\)")


APPFOLIO = (
    "Payer Name,Charge Date,Posting Date,GL Account Number,GL Account Name,Total Amount,Amount Receivable,0-30,31-60,61-90,91+\n"
    "\n\"-> 101 - Jane Smith\",,,,,,,,,,\n"
    'Jane Smith,09/01/2026,09/01/2026,4000,Assessment Income,"1,250.00","1,250.00",0.00,"1,250.00",0.00,0.00\n'
    'Jane Smith,10/01/2026,10/01/2026,4000,Assessment Income,"1,250.00",250.00,250.00,0.00,0.00,0.00\n'
    ',,,,,"2,500.00","1,500.00",250.00,"1,250.00",0.00,0.00\n'
    "\n\"-> 102 - Bob Lee\",,,,,,,,,,\n"
    "Bob Lee,06/15/2026,06/15/2026,4100,Late Fee Income,25.00,25.00,0.00,0.00,0.00,25.00\n"
    "Bob Lee,06/15/2026,06/15/2026,4200,Utility Income,40.00,40.00,0.00,0.00,0.00,40.00\n"
    "Bob Lee,07/01/2026,07/01/2026,4100,Late Fee Income,25.00,0.00,0.00,0.00,0.00,0.00\n"
    ",,,,,90.00,65.00,0.00,0.00,0.00,65.00\n"
    '\nTotal,,,,,"2,590.00","1,565.00",250.00,"1,250.00",0.00,65.00\n'
)


def test_charges_numbered_by_no_invoice_are_named_by_the_columns_that_tell_them_apart(settings, tmp_path):
    """AppFolio's aged receivable detail: each unit's payer above its charges, no invoice number,
    each group closed by a row of sums with no label. It was refused for the reference with no way
    out. The refusal names the columns that tell the charges apart, and --set composes the
    reference of them; the unlabelled sums close their groups."""
    refused = _refused(settings, tmp_path / "aged_receivable.csv", APPFOLIO, r"reference", code="required-column-missing")
    advice = "--set 'Payer Name+Charge Date+GL Account Name=reference'"
    assert advice in str(refused)
    path = tmp_path / "aged_receivable.csv"
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("payer name + Charge Date+GL Account Number", "reference"),)))
    assert prepared.cases.filter(pl.col(VALID)).select("reference", "amount", "debtor.name").rows() == [
        ("Jane Smith / 09/01/2026 / 4000", Decimal("1250.00"), "Jane Smith"),
        ("Jane Smith / 10/01/2026 / 4000", Decimal("250.00"), "Jane Smith"),
        ("Bob Lee / 06/15/2026 / 4100", Decimal("25.00"), "Bob Lee"),
        ("Bob Lee / 06/15/2026 / 4200", Decimal("40.00"), "Bob Lee")]
    assert not prepared.cases.filter(~pl.col(VALID)).height
    excluded = {e.line: e.reason for e in prepared.read.source.excluded_lines}
    assert (excluded[3], excluded[6], excluded[8], excluded[12], excluded[14]) == ("group", "totals", "group", "totals", "totals")
    # the mapping saved (map --set … --save) reads next month's export of the same columns alike
    runner = CliRunner()
    saved = runner.invoke(cli, ["map", "--set", "Payer Name+Charge Date+GL Account Number=reference", "--save", "appfolio",
                                str(path)], env={"GETBILL_DATA_DIR": str(settings.data_dir), "GETBILL_CACHE_DIR": "off"})
    assert saved.exit_code == 0, saved.output
    again = prepare_file(path, settings)
    assert again.mapping.profile == "appfolio"
    assert again.cases.filter(pl.col(VALID))["reference"].to_list() == prepared.cases.filter(pl.col(VALID))["reference"].to_list()
    # a column the file does not have is said
    with pytest.raises(MappingError, match=r"composes the reference of 'Payer Name\+Invoice', but the file has no column 'Invoice'"):
        prepare_file(path, settings, PrepareOptions(assign=(("Payer Name+Invoice", "reference"),)))


def test_an_accounts_activity_is_never_offered_a_composed_reference(settings, tmp_path):
    """PayPal's activity: a balance running from row to row, each purchase and its card deposit. The
    refusal had offered to compose a reference of 'Name+Date+Type', which imported two purchases at
    McDonalds as debts."""
    text = (
            '"Date","Time","TimeZone","Name","Type","Status","Currency","Amount","Receipt ID","Balance"\n'
            '"01/01/2024","11:24:54","EST","Dillard\'s Inc.","Express Checkout Payment","Completed","USD","-353.97","","-353.97"\n'
            '"01/01/2024","11:24:54","EST","","General Card Deposit","Completed","USD","353.97","","0.00"\n'
            '"01/01/2024","12:45:15","EST","McDonalds 22454","Website Payment","Completed","USD","-2.64","","-2.64"\n'
            '"01/01/2024","12:45:15","EST","McDonalds 22454","General Card Deposit","Completed","USD","2.64","","0.00"\n'
            '"01/04/2024","08:37:26","EST","Uber Technologies, Inc","PreApproved Payment Bill User Payment","Completed","USD","-9.90","","-9.90"\n'
            '"01/04/2024","08:37:26","EST","","General Card Deposit","Completed","USD","9.90","","0.00"\n'
            '"01/05/2024","12:44:10","EST","McDonalds 22454","Website Payment","Completed","USD","-4.67","","-4.67"\n'
            '"01/05/2024","12:44:10","EST","McDonalds 22454","General Card Deposit","Completed","USD","4.67","","0.00"\n'
            '"01/06/2024","07:34:28","EST","Namecheap, Inc","Express Checkout Payment","Completed","USD","-10.46","","-10.46"\n'
    )
    path = tmp_path / "Download.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "reference" in str(refused.value) and not re.search(r"--set '[^']*\+[^']*=reference'", str(refused.value))


def test_a_vendor_beside_the_name_billed_is_the_products_brand(settings, tmp_path):
    """Shopify's orders, all paid: its 'Vendor' is each product's brand. The notice had said the file
    may list what is owed to suppliers."""
    text = ("Name,Email,Financial Status,Total,Billing Name,Vendor\n"
            "#1060,a@example.com,paid,42.11,Bella Barrett,Dropshipman\n#1061,b@example.com,refunded,12.00,Jo Smith,MAISON MARIA\n"
            "#1062,c@example.com,paid,30.00,Al Green,Dropshipman\n")
    prepared = _prepared(settings, tmp_path / "orders_export.csv", text)
    assert not prepared.cases.height
    assert any("Every invoice of the file (3) is left out as paid" in n for n in prepared.read.source.notices)
    assert not any("names suppliers" in n for n in prepared.read.source.notices)


def test_a_lease_or_a_parcel_numbers_the_debts_of_an_arrears_list(settings, tmp_path):
    """A rent arrears workbook's 'lease_id' had been set aside for its 'id' and each debt named by
    its tenant's name; Baltimore's tax-sale liens ('block_lot') had been refused for a reference."""
    rent = _prepared(settings, tmp_path / "arrears.csv", "lease_id,tenant_name,balance\nT001,Tshepo Mabuza,100\n"
                     "T002,Lerato Dlamini,250\nT003,Tshepo Mabuza,80\n")
    assert _owed(rent) == {"T001": Decimal("100"), "T002": Decimal("250"), "T003": Decimal("80")}
    liens = _prepared(settings, tmp_path / "tax_sale.csv", "Count,Address,block_lot,Owner_Name,lien\n"
                      "1,1 N Calhoun St,0001-001,SMITH JOHN,\"$1,204.10\"\n2,3 N Calhoun St,0001-002,DOE JANE,\"$310.00\"\n"
                      "3,5 N Calhoun St,6587A-6A,ROE RICHARD,\"$95.55\"\n")
    assert liens.mapping.field_columns()["reference"] == "block_lot"
    assert sorted(_owed(liens)) == ["0001-001", "0001-002", "6587A-6A"]


def test_an_agencys_case_id_numbers_its_debts_not_the_rows_count_in_its_batch(settings, tmp_path):
    """A collection agency's portfolio: '#' counts each import batch's rows again (97 twice), 'Case ID'
    numbers the cases. '#' had been the reference, and cases sharing a number refused as duplicates."""
    text = ("#,Case ID,Name,Case Value,Import date\n97,DEMO-Import_05-00097,Casey Riley,1200.50,2026-05-01\n"
            "98,DEMO-Import_05-00098,Ann Lee,300.00,2026-05-01\n97,DEMO-Import_06-00097,Casey Riley,845.10,2026-06-01\n"
            "1,DEMO-Import_06-00001,Bo Chan,99.99,2026-06-01\n")
    prepared = _prepared(settings, tmp_path / "portfolio.csv", text)
    assert prepared.mapping.field_columns()["reference"] == "Case ID"
    assert len(_owed(prepared)) == 4


def test_namesakes_of_a_list_of_balances_are_told_apart_by_their_phones(settings, tmp_path):
    """A Zambian lender's arrears list names each borrower once, with no loan number: five names are
    borne by two borrowers each, of two phones and two balances. They had been refused as one debt
    written twice."""
    rows = "".join(f"26097{4100000 + n},BORROWER {n},{1000 + n}\n" for n in range(40))
    text = ("NUMBER,CUSTOMER NAME,ArrearAmount\n" + rows + "260974160471,AGNESS CHAMA,1729\n260973324345,AGNESS CHAMA,86\n")
    prepared = _prepared(settings, tmp_path / "SMS_GRZ.csv", text)
    owed = _owed(prepared)
    assert len(owed) == 42
    assert owed["AGNESS CHAMA (260974160471)"] == Decimal("1729") and owed["AGNESS CHAMA (260973324345)"] == Decimal("86")
    assert owed["BORROWER 0"] == Decimal("1000")
    # without a phone of its own on each, they are still one debt written twice
    same = _prepared(settings, tmp_path / "same.csv", text.replace("260973324345", "260974160471"))
    assert "AGNESS CHAMA" not in _owed(same) and len(_owed(same)) == 40


def test_a_customers_column_beside_a_suppliers_says_no_payables(settings, tmp_path):
    """Sage Intacct's invoice lines, their names hashed: 'customername' beside a 'vendorname' of
    nothing. The refusal for the name had called the file payables."""
    text = "recordno,customerid,customername,vendorname,amount,totalpaid\n" + "".join(
        f"{1807990 + n},C-000{432 + n},x/sa+CO+vXwL{n}pWMgPddipQ==,1B2M2Y8AsgTpgAmY7PhCfg==,{350000 + n},0\n" for n in range(4))
    path = tmp_path / "arinvoiceitem.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "(debtor.name)" in str(refused.value) and "names suppliers" not in str(refused.value)


def test_a_solicitors_matters_name_the_debtor_not_the_client_firm(settings, tmp_path):
    """An Irish solicitor's collection matters: 'client_firm' is the creditor who instructed it, the
    debtor's first and last names are beside it, 'matter_ref' numbers the debts and 'instruction_date'
    is the day the matter was opened. The firm had been taken for the debtor, the names kept as
    metadata, and the file refused for its reference."""
    prepared = _prepared(settings, tmp_path / "matters.csv", (
        "matter_ref,client_firm,debtor_first_name,debtor_last_name,email,amount_owed,currency,instruction_date\n"
        "CP-2026-0001,Harbour Property Management,Aoife,Quinn,aoife.quinn1@example.com,1322.65,EUR,11/06/2026\n"
        "CP-2026-0002,Harbour Property Management,Seán,Murphy,sean.murphy@example.com,410.00,EUR,12/06/2026\n"
        "CP-2026-0003,Lee Dental,Niamh,Byrne,niamh.b@example.com,60.39,GBP,14/06/2026\n"
    ))
    fields = prepared.mapping.field_columns()
    assert fields["reference"] == "matter_ref" and "due_date" not in fields
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == ["Aoife Quinn", "Seán Murphy", "Niamh Byrne"]


def test_a_rent_roll_refused_for_its_amount_asks_for_the_amount_alone(settings, tmp_path):
    """A rent roll: each tenant on a row of its own, a status saying who is late, the rent a recurring
    charge. The refusal had asked for a reference too, which the tenants' names give once the amount
    is named."""
    text = "Tenant_Name,Monthly_Rent,Payment_Status\n" + "".join(
        f"Tenant {n},{1200 + 100 * n},{'Late' if n in (3, 6) else 'Paid'}\n" for n in range(10))
    path = tmp_path / "rent_roll.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert refused.value.facts["missing"] == ["amount"]
    assert "once the amount is named, each debt is named by its debtor's name" in str(refused.value)
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("Monthly_Rent", "amount"),)))
    assert _owed(prepared) == {"Tenant 3": Decimal("1500"), "Tenant 6": Decimal("1800")}


def test_a_journal_of_vendor_lines_by_their_account_type_is_refused_as_payables(settings, tmp_path):
    """Business Central's general journal of open payables: 'Account Type' Vendor on every line, a
    debit and a credit amount. It is refused for what it is, what the company owes."""
    text = ("Journal Template Name,Line No.,Account Type,Account No.,Posting Date,Document Type,Document No.,Description,"
            "Amount,Debit Amount,Credit Amount,Due Date\n") + "".join(
        f"GENERAL,{10000 * (n + 1)},Vendor,V0015{n},2026-01-{n + 10},Invoice,SL00010{n},,-{100 + n},0,{100 + n},2026-02-{n + 10}\n"
        for n in range(5))
    _refused(settings, tmp_path / "genjournal.csv", text, r"is a supplier's bill or another payable \('Account Type' says 'Vendor'\)")


def test_a_list_saying_nothing_of_payment_whose_rows_are_all_invalid_says_what_would_be_imported(settings, tmp_path):
    """Tally's bill allocations: nothing says which bills are owed, and no row is valid ('NA', 0). The
    notice had said every invoice was imported at its total, when none was."""
    text = "Vch No,Ref No,Debtor,Amount\n" + "".join(f"{397 + n},SSI1920{n},Ajit Cycle Stores {n},NA\n" for n in range(4))
    prepared = _prepared(settings, tmp_path / "allocations.csv", text)
    said = [n for n in prepared.read.source.notices if n.startswith("Nothing in the file says which invoices are still owed")]
    assert prepared.validation.valid == 0 and len(said) == 1
    assert "every invoice would be imported at its total ('Amount')" in said[0]
    owed = _prepared(settings, tmp_path / "allocations.csv", text.replace(",NA", ",55.0"))
    assert any("every invoice is imported at its total ('Amount')" in n for n in owed.read.source.notices)


def test_a_licence_plate_is_no_patients_name(settings, tmp_path):
    """A Chilean transport firm's invoices: 'Patente' is each truck's licence plate. It had been read
    as the debtor's name by its likeness to 'Patient'."""
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        "Folio;Patente;Razon Social;Monto total\n506;GHJK-21;Transportes Andes SpA;2082715\n"
        "508;BCDF-34;Comercial Sur Ltda;2629420\n511;GHJK-21;Transportes Andes SpA;318000\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "Razon Social"
    assert "Patente" not in prepared.mapping.field_columns().values()


def test_a_sales_territorys_codes_are_no_region_nor_amounts_in_a_currency(settings, tmp_path):
    """A Bangladeshi distributor's overdue invoices: 'Territory' holds KC35, KC53… Its codes had
    been written into each debtor's address as the region, and read as amounts in Czech korunas
    ('KC 35'), the file's amounts then read in CZK."""
    prepared = _prepared(settings, tmp_path / "aging.csv", "Cust Name,Address,Territory,Inv Number,Inv Date,Credit Amount\n" + "".join(
        f"Pharmacy {name},Hospital Road Kushtia,KC{code},SKINV430-5025{n:02d},05 Aug 2020,{1000 + 37 * n}.50\n"
        for n, (name, code) in enumerate([("Niramoy", 35), ("Shapla", 53), ("Rahman", 53), ("Nupur", 82), ("Sheba", 11)])))
    assert "debtor.address.region" not in prepared.mapping.field_columns()
    assert set(prepared.cases["currency"].to_list()) == {"EUR"}
    assert not any("CZK" in n for n in prepared.read.source.notices)


def test_a_collection_agencys_portfolio_is_every_debt_placed_with_it(settings, tmp_path):
    """A Kenyan agency's active portfolio, placed by banks: 'ARREARS' and 'DPD' left at 0 on most
    loans, the amount placed still owed ('BALANCE'). Four in five loans had been left out as not in
    arrears, the collector's 'NEXT ACTION DATE' taken for the issue date, the contract's number
    (written on a few loans) offered as the reference, and the mobiles under 'CONTACT(s)' set aside."""
    rows = [("CF-1001", "JANE WANJIRU", "254722264038,254720926588", "", "0", "0", "467378"),
            ("CF-1002", "PETER OTIENO", "254720898488", "KCB/2291", "1200", "35", "155874"),
            ("CF-1003", "MARY AKINYI", "254790257999", "", "0", "0", "179732"),
            ("CF-1004", "JOHN KAMAU", "254724204027", "", "0", "0", "150000"),
            ("CF-1005", "GRACE MUTHONI", "254706071300", "", "0", "0", "90000")]
    prepared = _prepared(settings, tmp_path / "portfolio.csv", (
        "CFID,DEBTOR NAMES,CONTACT(s),CONTRACT NO.,CURRENCY,PRINCIPAL AMOUNT,OUTSOURCED AMOUNT,ARREARS,DPD,BALANCE,"
        "LOAN DUE DATE,OUTSOURCE DATE,NEXT ACTION DATE\n"
        + "".join(f"{cf},{name},\"{phones}\",{contract},KES,{bal},{bal},{arrears},{dpd},{bal},2024-03-31,2025-01-15,2026-12-20\n"
                  for cf, name, phones, contract, arrears, dpd, bal in rows)))
    assert _owed(prepared) == {cf: Decimal(bal).quantize(Decimal("0.01")) for cf, *_, bal in rows}
    mapped = _mapping(prepared)
    assert mapped["CONTACT(s)"] == "debtor.phone" and "NEXT ACTION DATE" not in mapped
    assert prepared.cases["debtor.phone"].to_list()[0] == "+254722264038"


def test_a_boletos_bank_number_names_titulos_numbered_by_nothing_else(settings, tmp_path):
    """A condominium's overdue títulos, each numbered by its boleto's 'Nosso Número' alone: the
    column, set aside as the bank's code beside an invoice's own number, is offered to confirm."""
    prepared = _prepared(settings, tmp_path / "titulos.csv", (
        "Vencimento,Nosso Número,Sacado,Dias,Valor Original,Valor Devido\n"
        "05/09/2019,4588,ANDRE MORGADO ESTEVES,6,532.91,543.57\n05/09/2019,4672,ANDRE MORGADO ESTEVES,6,5.62,5.73\n"
        "05/01/2019,2812,ZENILDO FERREIRA DA SILVA,249,466.83,513.52\n05/02/2019,2980,ZENILDO FERREIRA DA SILVA,218,469.36,511.61\n"
    ))
    column = next(c for c in prepared.mapping.columns if c.column == "Nosso Número")
    assert (column.field, column.status) == ("reference", "to_confirm")
    assert _owed(prepared) == {"4588": Decimal("543.57"), "4672": Decimal("5.73"), "2812": Decimal("513.52"),
                               "2980": Decimal("511.61")}


def test_a_receivables_movements_take_each_payment_off_the_invoice_it_names(settings, tmp_path):
    """Koinor's receivable movements: each invoice (FC) and each of its payments (AB) on a row of its
    own under the invoice's 'numtra'; 'numdoc', a payment's receipt number, is blank on the invoices.
    'numdoc' had been the reference, the payments taken off the debtors' oldest invoices (a payment
    of an invoice outside the file too). Each payment is taken off its own invoice; one naming no
    invoice of the file pays one outside it."""
    rows = [
        ("C1", "ANDRADE LUIS", "", "FC", "001-100", "2026-01-05", "120.00"),
        ("C1", "ANDRADE LUIS", "R-501", "AB", "001-100", "2026-01-05", "120.00"),
        ("C1", "ANDRADE LUIS", "", "FC", "001-101", "2026-01-20", "80.00"),
        ("C1", "ANDRADE LUIS", "R-502", "AB", "001-101", "2026-01-20", "30.00"),
        ("C1", "ANDRADE LUIS", "R-503", "AB", "001-090", "2025-12-10", "50.00"),
        ("C2", "BRAVO CIA LTDA", "", "FC", "001-102", "2026-01-22", "200.00"),
        ("C2", "BRAVO CIA LTDA", "", "FC", "001-103", "2026-01-25", "45.50"),
        ("C2", "BRAVO CIA LTDA", "R-504", "NC", "001-103", "2026-01-25", "45.50"),
    ]
    prepared = _prepared(settings, tmp_path / "porcobrar.csv", "codcli,nomcli,numdoc,tipdoc,numtra,fecven,valcob\n"
                         + "".join(",".join(r) + "\n" for r in rows))
    assert prepared.mapping.field_columns()["reference"] == "numtra"
    assert _owed(prepared) == {"001-101": Decimal("50.00"), "001-102": Decimal("200.00")}
    assert any("3 credit line(s) (payments, credit notes) name an invoice of their debtor by its reference" in n
               for n in prepared.notices)
    # a water roll's bill number, blank on the contracts with no bill, keeps the reference from the consumption
    # billed (cubic metres, written again on many rows)
    roll = _prepared(settings, tmp_path / "padron.csv", "Contrato;Titular;No Factura Oficial;Consumo factura (cns);Total factura (euros)\n"
                     + "".join(f"{n};TITULAR {n};{240145150 + n if n % 2 else ''};{(n % 3) * 10};{(n % 3) * 12},50\n"
                               for n in range(1, 13)))
    assert roll.mapping.field_columns()["reference"] == "No Factura Oficial"


def test_a_collectors_call_log_offers_no_call_length_as_an_amount(settings, tmp_path):
    """An agency's log of calls and letters: 'duration_minutes' had been the one amount offered,
    and the refusal called the log a list of balances per customer."""
    refused = _refused(settings, tmp_path / "communications.csv", (
        "comm_id,account_id,comm_date,channel,duration_minutes,outcome,agent\n"
        "COM000001,DC100002,2026-02-28,Email,,Left Voicemail,Francis S.\n"
        "COM000002,DC100002,2026-03-30,outbound call,8.6,Left Voicemail,Dorothy D.\n"
        "COM000003,DC100007,2026-03-31,outbound call,3.2,Promise to Pay,Dorothy D.\n"
        "COM000004,DC100009,2026-04-02,Letter,,Sent,Francis S.\n"
    ), r"amount", code="required-column-missing")
    assert "duration_minutes=amount" not in str(refused) and "balances per customer" not in str(refused)


def test_postcodes_written_in_one_countrys_way_say_its_currency(settings, tmp_path):
    """A UK agency's accounts: no currency, no phone, postcodes 'KA7 4HW', 'LS1 4DY'. The pounds had
    been read as euros without a word; the notice names the United Kingdom by its postcodes."""
    prepared = _prepared(settings, tmp_path / "accounts.csv", "account_id,customer_name,postcode,current_balance\n" + "".join(
        f"DC10{n},{name},{code},{100 + n}.50\n" for n, (name, code) in enumerate([
            ("Rhys O'Neill", "CF10 1EP"), ("Laura Hamilton", "KA7 4HW"), ("Amir Khan", "LS1 4DY"),
            ("Chloe Evans", "SW1A 1AA"), ("Owen Price", "M1 1AE"), ("Isla Reid", "EH1 1YZ")])))
    assert set(prepared.cases["currency"].to_list()) == {"EUR"}
    assert any("the debtors' postcodes are written as GB's are" in n and "GETBILL_DEFAULT_CURRENCY=GBP" in n
               for n in prepared.notices)


def test_a_mexican_state_is_the_region_and_a_lenders_regional_office_is_none(settings, tmp_path):
    """A Mexican microlender's collection report: the debtor's business address (street, colonia,
    postal code, municipio, 'Entidad Federativa'), the lender's 'Nombre gerencia regional'. The
    office had been taken for the region, and the state of the debtor's home for the country."""
    prepared = _prepared(settings, tmp_path / "cobranza.csv", (
        "Nombre gerencia regional,Nombre cliente/grupo,Calle y número del negocio,Colonia del negocio,"
        "Código postal del negocio,Municipio del negocio,Entidad Federativa del negocio,Entidad Federativa de casa,"
        "Crédito,Saldo vencido\n"
        "GERENCIA CENTRO,MAGIA,AV JUAREZ 12,CENTRO,72000,PUEBLA,PUEBLA,PUEBLA,C-1001,9035.79\n"
        "GERENCIA CENTRO,HACHI,CALLE 5 DE MAYO 40,SAN JOSE,72010,PUEBLA,PUEBLA,TLAXCALA,C-1002,33581.90\n"
        "GERENCIA SUR,SAN RAFAEL,REFORMA 8,CENTRO,50000,TOLUCA,MÉXICO,MÉXICO,C-1003,5980.00\n"
    ))
    mapped = _mapping(prepared)
    assert mapped["Entidad Federativa del negocio"] == "debtor.address.region"
    assert "Nombre gerencia regional" not in mapped and "Entidad Federativa de casa" not in mapped
    assert prepared.cases["debtor.address.region"].to_list()[:2] == ["PUEBLA", "PUEBLA"]


def test_quantities_under_a_customers_header_name_no_debtor(settings, tmp_path):
    """A custodian's coverage summary: 'Customer Liabilities' (1, 50, 121000, 5000 coins) had been
    offered as the debtors' names, and each asset's price imported as a debt of '1', '50'… Its
    'Customer Count' makes each row the sum of many customers'."""
    refused = _refused(settings, tmp_path / "recon.csv", (
        "Asset,Customer Liabilities,Customer Count,On-Chain Reserves,Coverage Ratio,USD Price,Status\n"
        "BTC,1,40,57.19935982,57.19935982,67500,OK\nETH,50,50,5.676840104077441,0.1135368020815488,3100,BREACH\n"
        "USDC,121000,60,0.11674,0.0000009647933884,1,BREACH\nUSDT,5000,30,290.246219,0.0580492438,1,BREACH\n"
    ), r"it is a portfolio's statistics \(its column 'Customer Count'\)")
    assert "Customer Liabilities' is offered" not in str(refused)


def test_a_quickbooks_iif_file_is_read_by_its_transactions(settings, tmp_path):
    """QuickBooks' IIF: the transactions' header (!TRNS), the splits' (!SPL), then each transaction's
    row (TRNS) and its splits (SPL) up to ENDTRNS. The splits had been read as four negative
    invoices and the due date judged on them; a bill had been refused for want of a header."""
    head = ("!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tDUEDATE\tTERMS\n"
            "!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tQNTY\tPRICE\n!ENDTRNS\n")
    invoice = head + (
        "TRNS\t6\tINVOICE\t7/16/98\tAccounts Receivable\tKershaw Computer Services\t873.44\t3\t\t8/15/98\tNet 30\n"
        "SPL\t7\tINVOICE\t7/16/98\tConstruction:Materials\t\t-62.5\t\tCabinet Pulls\t-25\t2.5\n"
        "SPL\t8\tINVOICE\t7/16/98\tConstruction:Materials\t\t-750\t\tCabinets\t-5\t150\n"
        "SPL\t9\tINVOICE\t7/16/98\tSales Tax Payable\tState Board of Equalization\t-60.94\t3\t\t\t7.50%\n"
        "ENDTRNS\n"
        "TRNS\t10\tINVOICE\t7/20/98\tAccounts Receivable\tLarsen's Pet Shop\t120.00\t4\t\t8/19/98\tNet 30\n"
        "SPL\t11\tINVOICE\t7/20/98\tServices\t\t-120.00\t\tRepairs\t-1\t120\nENDTRNS\n")
    prepared = _prepared(settings, tmp_path / "invoices.iif", invoice)
    assert prepared.cases.select("reference", "amount", "debtor.name", "due_date").rows() == [
        ("3", Decimal("873.44"), "Kershaw Computer Services", date(1998, 8, 15)),
        ("4", Decimal("120.00"), "Larsen's Pet Shop", date(1998, 8, 19))]
    assert [e.line for e in prepared.read.source.excluded_lines if e.reason == "split"] == [2, 3, 5, 6, 7, 8, 10, 11]
    bill = head + ("TRNS\t\tBILL\t7/16/98\tAccounts Payable\tBayshore Water\t-59.25\t\t\t8/15/98\tNet 30\n"
                   "SPL\t\tBILL\t7/16/98\tUtilities:Water\t\t59.25\t\t\t\t\nENDTRNS\n")
    _refused(settings, tmp_path / "bill.iif", bill, r"every row of it \(1\) is a supplier's bill or another payable "
             r"\('ACCNT' says 'Accounts Payable'\)")


def test_a_tally_ledger_account_is_its_partys_and_a_suppliers_is_refused(settings, tmp_path):
    """Tally's "Ledger Account" of one party, under the party's name: each entry's "Particulars"
    opens with its side ("To", "By") and names its account in the next cell. A supplier's account
    in its customer's books (Purchase, Payment, Debit Note) had been imported as debts of "To": the
    company's own payments to the supplier. A customer's account is the customer's debts."""
    title = "{company},,,,,,\nThane,,,,,,\n{party},,,,,,\nLedger Account,,,,,,\n1-Apr-24 to 31-Mar-25,,,,,,\n" \
            "Date,Particulars,,Vch Type,Vch No.,Debit,Credit\n"
    supplier = title.format(company="Pratha Constructions", party="RDC Concrete (India) Pvt Ltd") + (
        "17-Nov-24,By,(as per details),Purchase,Pur/Nov/24-25/08,,30798\n"
        "20-Nov-24,By,(as per details),Purchase,Pur/Nov/24-25/09,,27376\n"
        "5-Mar-25,To,Bank of Baroda,Payment,723,58174,\n6-Mar-25,To,TDS on contract,Journal,164,144,\n"
        "7-Mar-25,To,Rate difference,Debit Note,DN/Mar/24-25/10,1396,\n")
    refused = _refused(settings, tmp_path / "RDC Concrete.csv", supplier,
                       r"a supplier's account in your books.*'Vch Type': 'Purchase', 'Payment', 'Journal', 'Debit Note'")
    assert "what your company owes" in str(refused)
    customer = title.format(company="RDC Concrete (India) Pvt Ltd", party="Pratha Constructions") + (
        "17-Nov-24,To,Sales - RMC,Sales,11MU24BP1-4854,30798,\n20-Nov-24,To,Sales - RMC,Sales,11MU24BP1-4914,27376,\n"
        "5-Mar-25,By,HDFC Bank,Receipt,R-723,,30798\n")
    prepared = _prepared(settings, tmp_path / "Pratha.csv", customer)
    assert prepared.cases.filter(pl.col(VALID)).select("reference", "amount", "debtor.name").rows() == [
        ("11MU24BP1-4914", Decimal("27376"), "Pratha Constructions")]
    assert any("line 3 above the header names the file's one debtor" in n for n in prepared.read.source.notices
               + prepared.mapping.notices)
    said = {c.column: c for c in prepared.mapping.columns}
    assert said["Particulars"].field is None and "'To', 'By', each entry's side" in said["Particulars"].reason


def test_a_customers_ledger_with_a_running_balance_owes_its_last_balance(settings, tmp_path):
    """A customer's ledger: its title names the customer, "Particulars" the kind of each entry
    (Opening Balance, Sales, Receipt: no one's name), a running balance, a closing balance under it.
    The receipts pay the balance brought forward first, then the oldest invoices: the two last
    invoices, 7,500.00, the closing balance, are owed (had been 12,500.00 of a debtor "Sales", the
    receipts apart and the closing balance a credit)."""
    body = ("Date,Particulars,Voucher No,Debit,Credit,Balance\n"
            "01/04/2026,Opening Balance,,,,12000.00\n05/04/2026,Sales,INV-101,5000.00,,17000.00\n"
            "12/04/2026,Receipt,RC-55,,12000.00,5000.00\n20/04/2026,Sales,INV-115,3000.00,,8000.00\n"
            "02/05/2026,Sales,INV-130,4500.00,,12500.00\n15/05/2026,Receipt,RC-61,,5000.00,7500.00\n"
            ",Closing Balance,,12500.00,17000.00,7500.00\n")
    for title in ("Customer Ledger - Sharma Traders", "Ledger: Sharma Traders"):
        prepared = _prepared(settings, tmp_path / "ledger.csv", f"{title}\n{body}")
        assert prepared.cases.filter(pl.col(VALID)).select("reference", "amount", "debtor.name").rows() == [
            ("INV-115", Decimal("3000.00"), "Sharma Traders"), ("INV-130", Decimal("4500.00"), "Sharma Traders")]
        said = {c.column: c for c in prepared.mapping.columns}
        assert said["Particulars"].field is None and "each entry's side (debit, credit) or kind" in said["Particulars"].reason
        assert [(e.line, e.reason) for e in prepared.read.source.excluded_lines if e.reason == "totals"] == [(9, "totals")]
        assert any("they pay the balance brought forward (12,000.00) before the file's invoices" in n
                   for n in prepared.read.source.notices)


def test_a_sum_written_alone_in_the_name_column_is_a_totals_row(settings, tmp_path):
    """e-conomic's sheet closes with "Sum" in its name column, the columns' sums beside it: it had
    been imported as a debt of "Sum" owing the total of the others. A debtor named "Summa Consulting"
    is a debtor."""
    text = ("Kundenr;Navn;Adresse;Total\n220;Michael Arnoldus;Stjernerne 09;8.398,90\n"
            "165;Summa Consulting;Stjernerne 10;10.358,97\n216;Jeppe Liisberg;Stjernerne 11;5.712,03\n"
            ";;;\n;Sum;;24.469,90\n")
    prepared = _prepared(settings, tmp_path / "G1.csv", text)
    assert prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list() == [
        "Michael Arnoldus", "Summa Consulting", "Jeppe Liisberg"]
    assert [e.line for e in prepared.read.source.excluded_lines if e.reason == "totals"] == [6]


def test_a_journal_of_accounts_in_nordic_words_is_refused_as_a_journal(settings, tmp_path):
    """Fortnox's voucher list ("Konto; Debet; Kredit") and a Finnish journal ("Tili; Debet; Kredit";
    "Selite" each entry's text) had been refused for want of a debtor's name, the Finnish one
    offering its entries' texts as the names."""
    fortnox = ("Vernr;Bokföringsdatum;Konto;Benämning;Verifikationstext;Debet;Kredit\n"
               "A1;2017-07-04;1920;Bankkonto;Insättning;7000,00;\nA1;2017-07-04;2081;Aktiekapital;Insättning;;7000,00\n"
               "A2;2017-07-10;5410;Förbrukningsinventarier;Dator;1200,00;\nA2;2017-07-10;1920;Bankkonto;Dator;;1200,00\n")
    _refused(settings, tmp_path / "Report_20180411.csv", fortnox,
             r"it is an accounting journal \(its columns 'Konto', 'Debet', 'Kredit'\)")
    finnish = ("Päivämäärä,Tositenumero,Tili,Tili_nimi,Selite,Debet,Kredit,Valuutta\n"
               "2025-07-01,TOS-0001,3000,Myyntitulot,Tuotemyynti,0,1234.00,EUR\n"
               "2025-07-01,TOS-0001,1910,Rahatilit,Pankkitalletus,1234.00,0,EUR\n"
               "2025-07-02,TOS-0002,4000,Ostot,Ostolasku,2345.00,0,EUR\n"
               "2025-07-02,TOS-0002,1910,Rahatilit,Maksu,0,2345.00,EUR\n")
    _refused(settings, tmp_path / "paivakirja.csv", finnish, r"it is an accounting journal \(its columns 'Tili', 'Debet', 'Kredit'\)")


def test_a_cash_book_of_a_bank_accounts_movements_is_refused(settings, tmp_path):
    """Conta Azul's financial statement: each movement in or out of a bank account ('Conta bancária'),
    its running balance ('Saldo conta'), receivables and payables together, open or settled; it had
    been imported as 454 cases, the payments made read as negative debts."""
    rows = [("01/07/2025", "Maria Souza", "Crédito", "Banco do Brasil", "1200,00", "11200,00", "Quitado"),
            ("02/07/2025", "Papelaria Central", "Débito", "Banco do Brasil", "-350,00", "10850,00", "Quitado"),
            ("03/07/2025", "João Lima", "Crédito", "Banco do Brasil", "800,00", "11650,00", "Em aberto"),
            ("04/07/2025", "Energia SA", "Débito", "Banco do Brasil", "-420,50", "11229,50", "Atrasado"),
            ("05/07/2025", "Ana Prado", "Crédito", "Banco do Brasil", "150,00", "11379,50", "Quitado"),
            ("06/07/2025", "Aluguel Imóveis", "Débito", "Banco do Brasil", "-2000,00", "9379,50", "Em aberto"),
            ("07/07/2025", "Carlos Dias", "Crédito", "Banco do Brasil", "640,00", "10019,50", "Atrasado")]
    text = ("Data movimento;Nome do fornecedor/cliente;Tipo da operação;Conta bancária;Valor (R$);Saldo conta (R$);Situação\n"
            + "".join(";".join(r) + "\n" for r in rows))
    assert ("it is a cash book of an account's movements (its columns 'Saldo conta (R$)', 'Conta bancária'), money moved "
            "in and out of the account") in _refusal_message(settings, tmp_path / "extrato.csv", text)


def test_of_two_headers_one_above_the_other_the_one_over_the_rows_is_taken(settings, tmp_path):
    """An e-conomic balance list pasted under a billing template: the template's header ('Nr.', 'Navn',
    'Adresse', 'Antal') right above the list's own ('Nr.', 'Navn', 'Saldo'). Naming two columns alike,
    each had been read as a row of values, and a template row taken for the header."""
    text = ("#Text;;;Varelinje tekst;;Grundejerforening (2024);;;Medlemskontingent (2024)\n"
            "#UnitPrice;;;Varepris pr. enhed;;6,00;;;1.440,00\n"
            ";;;;;;;;\n"
            ";Nr.;;Navn;Adresse;M2;Grundejer;;Antal;Kontingent\n"
            ";Nr.;;Navn;Gruppe;Attention;Saldo;Forfalden;Bedøm i\n"
            "#invoice;67; ;Carsten Møller;2;;-1.440,00;0,00;1\n"
            ";114; ;Julie Mathiesen;2;;8.706,14;8.706,14;1\n"
            "#invoice;116; ;Kit Feilberg & Christian Holten;2;;2.880,00;2.880,00;1\n"
            "#invoice;181; ;Mia-Maria Gravgaard;2;;0,00;0,00;1\n"
            "#invoice;277; ;Maja Nielsen;2;;1.480,00;1.480,00;1\n")
    prepared = _prepared(settings, tmp_path / "saldoliste.csv", text)
    assert prepared.read.source.header_line == 5
    assert _owed(prepared) == {"114": Decimal("8706.14"), "116": Decimal("2880.00"), "277": Decimal("1480.00")}


def test_a_council_paying_its_suppliers_is_no_debtor_of_its_own_file(settings, tmp_path):
    """A council's payments over £500: 'Client' is the council itself ('OCC') on every row, each
    payment made to a supplier on a day paid. The council had been read as the debtor of every row, and
    setting the days paid aside had imported its 1,220 payments as its debts."""
    suppliers = ["HMRC", "GENERAL EXPENSES", "BIFFA WASTE", "THAMES WATER", "OXFORD BUS CO", "SSE ENERGY"]
    text = "Client,Service Area,Paid Date,Trans No,Amount,Supplier ID,Supplier Name\n" + "".join(
        f"OCC,General Fund,{n + 9:02d}/01/2018,4629{6351 + n} - 1,{1000 + 37 * n}.00,{20000000 + n},{supplier}\n"
        for n, supplier in enumerate(suppliers))
    prepared = _prepared(settings, tmp_path / "expenditure.csv", text)
    assert "Client" not in {c for c, f in _mapping(prepared).items() if f == "debtor.name"}
    assert prepared.validation.valid == 0
    (tmp_path / "forced.csv").write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(tmp_path / "forced.csv", settings, PrepareOptions(assign=(("Paid Date", "ignore"),)))
    assert "the file is a log of payments made to suppliers, no debt to collect" in str(refused.value)


def test_one_customers_ledger_named_by_its_sheet_owes_its_uncovered_invoices(settings, tmp_path):
    """Tally's ledger of one customer, exported as a workbook whose sheet is the account's name: each
    voucher's contra account under 'Particulars' (no debtor), its narration on the row below, sales
    beside receipts and TDS journals, and the closing balance. Every row is the sheet's account's;
    the receipts net the oldest invoices, the balance brought forward first: what is left is the
    closing balance. Every row had been rejected for a missing name. A sheet of the same rows named
    'Sheet1' names no one."""
    day = datetime
    rows = [
        ("Date", "Particulars", None, "Vch Type", "Vch No.", "Debit", "Credit"),
        (day(2024, 4, 1), "To", "Opening Balance", None, None, 50000, None),
        (day(2024, 6, 15), "To", "SUPPORT SERVICE", "Sales", "CPK004/24-25", 104400, None),
        (None, None, "Being Invoice raised for Management fees for May 24", None, None, None, None),
        (day(2024, 7, 4), "To", "SUPPORT SERVICE", "Sales", "CPK009/24-25", 102398, None),
        (None, None, "Being Invoice raised for Management fees for June 24", None, None, None, None),
        (day(2024, 7, 22), "By", "AXIS BANK", "Receipt", "14", None, 150000),
        (None, None, "Recd from JBM", None, None, None, None),
        (day(2024, 7, 22), "By", "TDS Receivable FY 24-25", "Journal", "313", None, 2088),
        (day(2024, 8, 3), "To", "SUPPORT SERVICE", "Sales", "CPK011/24-25", 102398, None),
        (None, None, "Being Invoice raised for Management fees for July 24", None, None, None, None),
        (day(2024, 9, 2), "To", "SUPPORT SERVICE", "Sales", "CPK014/24-25", 98750, None),
        (day(2024, 9, 30), "By", "AXIS BANK", "Receipt", "19", None, 104400),
        (None, None, None, None, None, 457946, 256488),
        (None, "By", "Closing Balance", None, None, None, 201458),
        (None, None, None, None, None, 457946, 457946),
    ]

    def ledger(name: str, sheet: str) -> Path:
        book = openpyxl.Workbook()
        book.active.title = sheet
        for row in rows:
            book.active.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    prepared = prepare_file(ledger("ledger.xlsx", "JBM ELECTRIC VEHICLES PVT LTD"), settings)
    owed = prepared.cases.filter(pl.col(VALID))
    assert owed["debtor.name"].unique().to_list() == ["JBM ELECTRIC VEHICLES PVT LTD"]
    # 50,000 brought forward and 104,400 + 102,398 billed, 256,488 paid: the oldest are covered
    assert _owed(prepared) == {"CPK009/24-25": Decimal("310.00"), "CPK011/24-25": Decimal("102398.00"),
                               "CPK014/24-25": Decimal("98750.00")}
    assert sum(_owed(prepared).values()) == Decimal("201458")
    assert any(n.startswith("debtor.name: no column names the debtor; the file is one account's ledger") for n in prepared.notices)
    unnamed = prepare_file(ledger("sheet.xlsx", "Sheet1"), settings)
    assert unnamed.validation.valid == 0
    # the customer's payments booked as journals, no receipt among them (an Indian bus operator's
    # ledger, whose every row had been rejected for a missing name): the same balance
    rows[:] = [tuple("Journal" if v == "Receipt" else v for v in row) for row in rows]
    rows.insert(len(rows) - 3, (None, None, "RTGS Cr-ICIC0000011-JBM ELECTRIC", None, None, None, None))
    journals = prepare_file(ledger("journals.xlsx", "JBM ELECTRIC VEHICLES PVT LTD"), settings)
    assert sum(_owed(journals).values()) == Decimal("201458")


def test_an_amount_column_empty_on_every_row_refuses_the_file_said(settings, tmp_path):
    """A collection firm's accounts to check: 'Montant' is blank on all of them. The file had been
    imported as 85 rows each rejected for a missing amount."""
    text = "IDClient,NomClient,Montant,Observation\n" + "".join(
        f"{4500 + n},Client {n} SARL,,à vérifier\n" for n in range(6))
    message = _refusal_message(settings, tmp_path / "a_verifier.csv", text)
    assert message.startswith("'Montant', read as the amount to collect")
    assert "is empty on every row (6): the file gives no case its amount" in message


def test_a_column_of_file_names_is_offered_as_no_reference(settings, tmp_path):
    """A household's log of the bills it received, each by its PDF's name: the file names had been
    offered as the invoices' numbers and the bills imported as debts."""
    text = "archivo,empresa,fecha,importe\n" + "".join(
        f"DGFC25056856{n:02d}.pdf,{company},2{n}/03/2025,{27 + n},06\n".replace(",06", ".06")
        for n, company in enumerate(["DIGI", "Iberdrola", "DIGI", "Aigües de Terrassa", "DIGI"]))
    prepared = _prepared(settings, tmp_path / "facturas.csv", text)
    assert _mapping(prepared).get("archivo") is None
    # the same names' numbers alone are references
    numbers = _prepared(settings, tmp_path / "numeros.csv", text.replace(".pdf", ""))
    assert _mapping(numbers)["archivo"] == "reference"


def test_a_law_firms_suits_name_the_defendant_and_the_capital_owed(settings, tmp_path):
    """A Colombian law firm's suits for a bank: the defendant's identification number had been read
    as the amount, the co-debtor's as the debtor's name, and the capital owed left unmapped."""
    rows = [("35", "71580123", "LUIS CARLOS GUTIERREZ VELANDIA", "46674085", "ANA MARIA RUIZ", "26464177.00", "MEDELLIN"),
            ("36", "1037588123", "MARIA JOSE PELAEZ", "N/A", "", "24849682.04", "ENVIGADO"),
            ("37", "98663819", "JUAN EDILBERTO RENDON", "", "", "41372567.65", "MEDELLIN"),
            ("38", "8103572", "MARIO ANTONIO SABALZA", "70600784", "RIGOBERTO AGUDELO", "8947781.00", "BELLO")]
    text = ("No. CARPETA,IDENTIFICACION DEL DEUDOR,DEMANDADO PRINCIPAL,IDENTIFICACIÓN CODEUDOR,NOMBRE DEL CODEUDOR,"
            "CAPITAL ADEUDADO,CIUDAD DEL JUZGADO\n" + "".join(",".join(r) + "\n" for r in rows))
    prepared = _prepared(settings, tmp_path / "procesos.csv", text)
    mapped = _mapping(prepared)
    assert (mapped["No. CARPETA"], mapped["DEMANDADO PRINCIPAL"], mapped["CAPITAL ADEUDADO"]) == ("reference", "debtor.name", "amount")
    assert not {"IDENTIFICACION DEL DEUDOR", "IDENTIFICACIÓN CODEUDOR", "NOMBRE DEL CODEUDOR", "CIUDAD DEL JUZGADO"} & set(mapped)
    assert _owed(prepared) == {r[0]: Decimal(r[5]).quantize(Decimal("0.01")) for r in rows}


def test_a_chart_of_accounts_is_said_to_be_one_not_a_customer_list(settings, tmp_path):
    """An Austrian chart of accounts (its number, its label, two class columns): it had been called a
    customer list, and passing it as the debtors of another export advised."""
    text = ("Konto-Nr;Bezeichnung;Ka;Kl\n10;Aufwendungen für das Ingangsetzen eines Betriebes;1;0\n"
            "200;Grundstücke;1;0\n2000;Lieferforderungen Inland;2;2\n3300;Lieferverbindlichkeiten;3;3\n")
    message = _refusal_message(settings, tmp_path / "kontenrahmen.csv", text)
    assert "Its rows are a ledger's accounts, each its number ('Konto-Nr') and its label: a chart of accounts holds no debt." in message
    assert "customer list" not in message


def test_a_reference_column_of_a_few_words_repeated_numbers_no_debt(settings, tmp_path):
    """A bank's lot placed with a collection agency, a column shifted under its neighbour's title:
    'Numero' holds the identity's kind ('CIN', 'RC') on every row. It had been the reference, and 640
    of 908 debts rejected as duplicates; each row's own 'ID' numbers them."""
    rows = "".join(f"{1000 + n},{53000 + n},Client {n},{'CIN' if n % 5 else 'RC'},-{150 + n}.250\n" for n in range(30))
    prepared = _prepared(settings, tmp_path / "lot10.csv", "ID,Compte,Nom Client,Numero,Compte Debiteur\n" + rows)
    assert _mapping(prepared).get("Numero") is None
    assert prepared.validation.valid == 30


def test_a_banks_movements_each_a_debit_or_a_credit_beside_the_balance_are_a_statement(settings, tmp_path):
    """A bank's export laid out for Xero or Sage: each movement's date, description, amount, whether
    a debit or a credit, the balance after it. Refused for want of a debtor, its user had been told
    to give a customer list. A customer's ledger with the same columns names its customers."""
    _refused(settings, tmp_path / "bank.csv", (
        "transaction_date,description,amount,debit_credit,balance,currency,unique_id,memo\n"
        "01/04/2025,Opening balance,0.00,credit,13220.80,GBP,B-000,Starting balance\n"
        "02/04/2025,Payroll deposit,4850.00,credit,18070.80,GBP,B-001,Payroll ACH\n"
        "03/04/2025,Card purchase,120.00,debit,17950.80,GBP,B-002,Office supplies\n"
    ), r"it is a bank account's statement \(its columns 'debit_credit', 'transaction_date', 'balance'\)")
    prepared = _prepared(settings, tmp_path / "ledger.csv", (
        "transaction_date,Invoice,Customer,amount,debit_credit,balance\n01/04/2025,F-1,Alpha SA,300.00,debit,300.00\n"
        "02/04/2025,F-2,Beta SL,200.00,debit,500.00\n03/04/2025,F-3,Gamma SA,100.00,debit,600.00\n"
    ))
    assert set(_owed(prepared)) == {"F-1", "F-2", "F-3"}


def test_a_banks_movements_without_their_balance_are_refused_as_a_statement(settings, tmp_path):
    """UniCredit's movements (its date, amount, 'Causale' naming a transfer on each row, its reference and
    payee), no running balance: they had been refused for want of a debtor's name, and naming one had
    imported the transfers received as invoices. Invoices whose descriptions name a transfer beside
    their due date stay invoices."""
    text = ("Data;Importo;Causale;Riferimento;Beneficiario\n"
            '2025-01-15;"1.220,00";"BONIFICO SEPA DA ACME CORPORATION - FATTURA 2025/001";"TRX20250115001";"ACME CORPORATION"\n'
            '2025-01-20;"500,50";"BONIFICO DA TEST SRL - PAGAMENTO SERVIZI";"TRX20250120001";"TEST SRL"\n'
            '2025-01-22;"-89,90";"ADDEBITO SDD TIM";"TRX20250122001";"TIM SPA"\n'
            '2025-01-28;"2.300,00";"BONIFICO SEPA DA BETA SRL";"TRX20250128001";"BETA SRL"\n')
    message = _refusal_message(settings, tmp_path / "movimenti.csv", text)
    assert "it is a bank account's statement (its column 'Causale')" in message
    invoices = _prepared(settings, tmp_path / "fatture.csv", (
        "Numero;Cliente;Scadenza;Importo;Causale\n"
        'FT-1;ACME SRL;2025-02-15;"1.220,00";"Pagamento con bonifico bancario"\n'
        'FT-2;BETA SRL;2025-02-20;"500,50";"Pagamento con bonifico bancario"\n'
        'FT-3;GAMMA SPA;2025-02-28;"2.300,00";"Pagamento con bonifico bancario"\n'))
    assert sorted(_owed(invoices)) == ["FT-1", "FT-2", "FT-3"]


def test_an_ageing_summary_by_branch_is_said_to_name_no_debtor(settings, tmp_path):
    """A distributor's outstanding per branch, aged by bucket: the refusal had asked for a debtor's column,
    and naming 'Branch' imported the 31 branches' totals as debts."""
    text = ("Branch,0 - 3 days,4 - 10 days,11 - 15 days,16 - 30 days,31 - 90 days,202+ days\n"
            "BOG,269041.37,386439.65,108332.41,118058.61,89228,0.12\nBSL,256952.82,959196.23,601118.78,415870.51,374422.53,14735.64\n"
            "COM,234934.5,670653.14,262856.81,343913.45,126947.54,0.25\n")
    message = _refusal_message(settings, tmp_path / "branchwise.csv", text)
    assert "Its rows are totals per 'Branch', each aged by bucket ('0 - 3 days', '4 - 10 days' …): an ageing summary names no debtor." in message
    assert "--set 'COLUMN=debtor.name'" not in message


def test_a_register_of_the_lines_sold_without_an_amount_is_said_to_be_one(settings, tmp_path):
    """An SAP sales register's lines (each item, its quantity, its price): refused for want of an amount,
    the advice had called its rows invoices without their amounts and offered the taxable value."""
    text = ("Invoice No,Date,Customer Name,Item Code,Quantity,MRP,Sale Rate,Taxable Value\n"
            "PI-1001,2025-04-02,Shree Traders,SH-001,12,499,380.5,4566\nPI-1001,2025-04-02,Shree Traders,SH-007,4,899,702,2808\n"
            "PI-1002,2025-04-03,Kumar Footwear,SH-003,20,349,260,5200\n")
    message = _refusal_message(settings, tmp_path / "sales_rows.csv", text)
    assert "Its rows are the lines sold (its columns 'Item Code', 'Quantity', 'MRP'): each item's quantity and price" in message


def test_a_balance_of_zero_in_a_list_of_balances_per_debtor_says_the_debtor_owes_nothing(settings, tmp_path):
    """A customer ageing summary, each customer on a row of its own: a balance of zero is no invoice paid
    but a customer owing nothing; an invoice's balance of zero is still an invoice paid."""
    per_debtor = _prepared(settings, tmp_path / "summary.csv",
                           "Customer,Balance\nAcme Ltd,120.00\nBeta GmbH,0\nGamma SA,55.10\nDelta Inc,300\n")
    assert "1 row(s) left out because their balance 'Balance' is zero: the debtor owes nothing (row 3)." in per_debtor.notices
    invoices = _prepared(settings, tmp_path / "invoices.csv",
                         "Invoice,Customer,Balance\nF-1,Acme Ltd,120.00\nF-2,Beta GmbH,0\nF-3,Gamma SA,55.10\nF-4,Delta Inc,300\n")
    assert "1 row(s) left out because their balance 'Balance' is zero: the invoice is paid (row 3)." in invoices.notices


def test_a_customers_standing_active_or_not_is_a_status_the_tool_knows(settings, tmp_path):
    """A Brazilian ERP's open receivables: 'Status cliente' says whether each customer is active
    ('ATIVO', 'INATIVO'), nothing of payment; it had been said to be no status the tool knows."""
    prepared = _prepared(settings, tmp_path / "contas_receber.csv", (
        "Documento;Nome cliente;Vencimento;Em aberto;Status cliente\n"
        "NF-1001;VIGOR SOLUCOES LTDA;05/11/2018;1.525,00;ATIVO\nNF-1002;MERUOCA EMPREENDIMENTOS;10/11/2018;820,40;INATIVO\n"
        "NF-1003;UNICA SERVICOS LTDA;15/11/2018;99,90;ATIVO\n"))
    assert sorted(_owed(prepared)) == ["NF-1001", "NF-1002", "NF-1003"]
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_general_ledger_whose_account_names_read_as_debtors_is_refused_as_a_journal(settings, tmp_path):
    """Twinfield's ledger entries: one amount and its side ('D/C') on accounts of a whole chart
    ('0130 Machines', '1300 Debiteuren', '8020 Omzet hoog'), each account's name ('Grootboekrek.naam')
    taken for a debtor's, its year ('Jaar': 2018, a near miss of a balance's word) for the amount.
    A customer ledger of the same columns, its accounts the customers' own, is read."""
    header = "Jaar,Dagboek,Boekingsnummer,Boekdatum,Grootboekrek.,Grootboekrek.naam,Basisbedrag,D/C\n"
    ledger = header + (
        "2018,VRK,201800101,20180105,1300,Debiteuren,1210.00,debit\n2018,VRK,201800101,20180105,8020,Omzet hoog,1000.00,credit\n"
        "2018,VRK,201800101,20180105,1600,Te betalen OB hoog,210.00,credit\n2018,INK,201800102,20180107,4000,Kantoorartikelen,150.00,debit\n"
        "2018,INK,201800102,20180107,1600,Te betalen OB hoog,31.50,debit\n2018,MEMO,201800103,20180131,0130,Machines,4000.00,debit\n")
    _refused(settings, tmp_path / "export.csv", ledger,
             r"it is an accounting journal \(its columns 'Grootboekrek\.', 'Grootboekrek\.naam', 'D/C'\), entries on the ledger's accounts")
    customers = header + (
        "2018,VRK,201800101,20180105,13001,Bakkerij Jansen,1210.00,debit\n2018,VRK,201800102,20180106,13002,Garage de Vries,800.00,debit\n"
        "2018,VRK,201800103,20180107,13003,Bloemen Bakker,450.00,debit\n2018,VRK,201800105,20180121,13004,Slagerij Smit,99.95,debit\n")
    prepared = _prepared(settings, tmp_path / "debiteuren.csv", customers)
    assert _mapping(prepared)["Basisbedrag"] == "amount"
    assert _owed(prepared) == {"201800101": Decimal("1210.00"), "201800102": Decimal("800.00"), "201800103": Decimal("450.00"),
                               "201800105": Decimal("99.95")}


def test_a_groups_companies_net_their_own_credits_alone(settings, tmp_path):
    """An SAP open-items list of a group's 24 companies ("Company Code"): a customer in credit with
    company 3005 had that credit taken off what it owes company 4026, another creditor."""
    text = ("Company Code,Document Number,Customer Name,Amount,Net Due Date\n"
            "3005,100001,Clean Max Enviro,-2000.00,2026-01-10\n3005,100002,Clean Max Enviro,1500.00,2026-01-20\n"
            "4026,100001,Clean Max Enviro,3000.00,2026-02-01\n4026,100003,Wipro,700.00,2026-02-03\n")
    prepared = _prepared(settings, tmp_path / "receivables.csv", text)
    assert sorted(_owed(prepared).values()) == [Decimal("700.00"), Decimal("3000.00")]
    assert any("1 debtor(s) are owed nothing, their credits exceeding their invoices" in n for n in prepared.read.source.notices)


def test_a_list_whose_every_amount_is_negative_is_refused_as_credit_notes(settings, tmp_path):
    """Odoo's credit notes ("RINV/…", "Total Signed" below zero), most paid: 254 had been left out as
    paid and 5 reported as invalid negative amounts, with advice to set the status aside."""
    text = ("Number;Invoice Partner Display Name;Due Date;Total Signed;Payment Status\n"
            "RINV/2025/0001;Acme;2025-10-01;-100.00;Partially Paid\nRINV/2025/0002;Globex;2025-10-02;-50.00;Paid\n"
            "RINV/2025/0003;Initech;2025-10-03;-7,176.00;Paid\nRINV/2025/0004;Umbrella;2025-10-04;-496.80;Not Paid\n")
    _refused(settings, tmp_path / "Credit Notes (account.move).csv", text,
             r"every amount of it \('Total Signed', 4 rows\) is negative, as credit notes and refunds are written")
    # a list of invoices with credit notes among them is no such list
    mixed = _prepared(settings, tmp_path / "moves.csv", text.replace("-496.80", "496.80"))
    assert _owed(mixed) == {"RINV/2025/0004": Decimal("496.80")}
    # a Swiss bank's statement, every movement going out: each booked on a day beside its value date
    # ('Valeur'), refused as a statement, where it had been called credit notes owed to customers
    _refused(settings, tmp_path / "releve.csv", (
        '"Relevé de compte de:";"2025-01-01"\n;\n"Date";"Libellé";"Numéro de référence";"Montant";"Valeur"\n'
        '"03.01.2025";"Sentuunt Factuum, 6213 Trumna";;"-15,50";"31.12.2024"\n'
        '"03.01.2025";"Lecute Sent, 6213 Trumna";"85 67875";"-918,85";"03.01.2025"\n'
        '"03.01.2025";"Plavire Amide, 6213 Trumna";"85 28307";"-2225,00";"03.01.2025"\n'
        '"04.01.2025";"Obtia Actodo, 6213 Trumna";"85 28308";"-1313,60";"04.01.2025"\n'),
        r"it is a bank account's statement \(its columns 'Date', 'Valeur'\)")
    # a vendor ledger, its bills written below zero and its payments above, no customer named: refused as
    # payables, not as credit notes owed to customers
    vendors = ("Entry No.,Vendor No.,Posting Date,Document Type,Document No.,Vendor Name,Amount\n"
               "14,VT0121,2018-12-31,Invoice,VT000000,Square,-615\n16,VT0121,2018-12-31,Payment,VT000001,Square,615\n"
               "18,VT0122,2018-12-31,Invoice,VT000002,Alphabet,-610\n20,VT0122,2018-12-31,Payment,VT000003,Alphabet,610\n"
               "22,VT0123,2018-12-31,Invoice,VT000004,Initech,-90\n")
    _refused(settings, tmp_path / "vendor_ledger.csv", vendors, r"Its columns 'Vendor No.', 'Vendor Name' name suppliers",
             code="required-column-missing")


def test_a_file_named_for_payments_received_how_each_was_paid_on_every_row_is_refused(settings, tmp_path):
    """Ekylibre's incoming payments (its name, "mode paiement" SEPA on every row, the invoice each
    paid) had been imported as nine debts. The same columns in a file named for invoices are a list
    of invoices with how each is to be paid."""
    text = ("Date,Tiers,Reference,mode paiement,Prix TTC,Date si différente\n"
            '2019-01-31,TERRILACTI,2019015026600,SEPA,"1719,26",\n2019-02-28,TERRILACTI,2019025026600,SEPA,"1679,92",\n'
            '2019-03-31,TERRILACTI,2019035026600,SEPA,"2537,16",2019-04-02\n')
    refused = _refused(settings, tmp_path / "incoming_payments.csv", text,
                       r"it is a register of payments received \(its columns 'mode paiement'\)")
    assert "getbill-import payments import incoming_payments.csv" in str(refused)
    assert len(_owed(_prepared(settings, tmp_path / "factures.csv", text))) == 3
    # a hotel's payment report (ibelsa's "Zahlungsbericht"): each invoice and how it was paid, at the desk or
    # through a booking site: it had been imported as 398 debts
    hotel = ("Rechnungsdatum,Zahlungsart,Rechnungsnummer,Rechnungsempfänger,Gesamt\n"
             '01.11.2025,Booking.com,Folio #18657-1,"Caroline Noz, Künzelsau","91,00"\n'
             '01.11.2025,EC-Karte,Folio #18786-1,"Florian Schierenbeck, Twistringen","88,00"\n'
             '02.11.2025,Bar,Folio #18823-1,"Francesca Zazzaro, Mainz","108,00"\n')
    _refused(settings, tmp_path / "Zahlungsbericht_für_den_2025-11-01_2025-11-30.csv", hotel,
             r"it is a register of payments received \(its columns 'Zahlungsart'\)")


def test_a_register_of_payments_received_is_refused_as_no_debts(settings, tmp_path):
    """Odoo's payments (account.payment: a journal, a payment method, the amount signed) had been
    imported as 625 debts; ERPNext's Payment Entry, its receipts left out as paid, was imported as
    soon as its 'paid_amount' was set aside as the tool's notice offered. An invoices export with a
    journal and a payment method beside its amount due is no register."""
    pagos = _refused(settings, tmp_path / "pagos_lubrikca.csv",
                     "Cliente/proveedor,Diario,Estado,Fecha,Importe firmado,Método de pago,Número\n"
                     "Inversiones Tovar,Banco Bancamiga,En proceso,2026-01-05,40.00,Pago manual,PUSD1/2026/00417\n"
                     "Comercial Lara,Efectivo USD,En proceso,2026-01-06,125.50,Pago manual,PUSD1/2026/00418\n",
                     r"it is a register of payments received \(its columns 'Diario', 'Método de pago'\)")
    assert "getbill-import payments import pagos_lubrikca.csv" in str(pagos)
    entry = tmp_path / "payments.csv"
    entry.write_text("name,party,payment_type,paid_from,paid_to,paid_amount,factura\n"
                     "ACC-PAY-1,Jo Jorge,Receive,1210 Debtors,1110 Cash,3000,ACC-SINV-176\n"
                     "ACC-PAY-2,Gentil,Receive,4191 Adiantamentos,1110 Cash,15000,ACC-SINV-011\n", encoding="utf-8")
    for options in (PrepareOptions(), PrepareOptions(assign=(("paid_amount", "ignore"),))):
        with pytest.raises(MappingError, match=r"register of payments received \(its columns 'payment_type', 'paid_from'\)"):
            prepare_file(entry, settings, options)
    # Odoo names the file of any model it exports: its payments' are refused whatever their columns
    named = tmp_path / "Pagos (account.payment).csv"
    named.write_text("Cliente,Referencia,Importe\nInversiones Tovar,PUSD1/2026/00417,40.00\n", encoding="utf-8")
    with pytest.raises(MappingError, match="register of payments received"):
        prepare_file(named, settings)
    invoices = _prepared(settings, tmp_path / "facturas.csv", (
        "Cliente,Diario,Número,Método de pago,Importe adeudado\n"
        "Inversiones Tovar,Facturas de cliente,INV/2026/0001,Transferencia,40.00\n"
        "Comercial Lara,Facturas de cliente,INV/2026/0002,Transferencia,125.50\n"
    ))
    assert sorted(_owed(invoices)) == ["INV/2026/0001", "INV/2026/0002"]
    # the payments tables of QuickBooks and Zuora as a data pipeline copies them: the account each payment
    # went to by its id ('receivable_account_id'), the credit balance applied to it: no balance owed
    for table, text in {
        "quickbooks_payment.csv": "id,customer_id,deposit_to_account_id,payment_method_id,receivable_account_id,"
                                  "total_amount,transaction_date,unapplied_amount\n20997,2150,40,5,84,403.25,2019-12-30,0\n"
                                  "13866,1041,40,5,84,2500,2019-08-06,0\n",
        "zuora_payment.csv": "id,account_id,amount,applied_amount,applied_credit_balance_amount,effective_date,gateway,"
                             "gateway_state,payment_method_id,payment_number,status,unapplied_amount\n"
                             "dff38ac0d23a,dff38ac0df6e,467500,467500,0,2015-01-17,Manual,NotSubmitted,dff38ac030ec,"
                             "P-00000085,Processed,0\ndff38ac08b23,dff38ac0df6e,9808.26,9808.26,0,2015-12-17,Manual,"
                             "NotSubmitted,dff38ac030ec,P-00000095,Processed,0\n",
    }.items():
        _refused(settings, tmp_path / table, text, r"it is a register of payments received \(its columns '[a-z_]+', "
                                                   r"'payment_method_id', 'unapplied_amount'\)")


def test_a_client_list_with_its_contact_persons_names_each_balance_by_the_client(settings, tmp_path):
    """Invoice Ninja's clients export: each client's balance, its contact person's first and last
    names beside it (one of their own on every row), names each debt by the client."""
    rows = [("Bradly Jaskolski Sr.", "$310.81", "Pink", "Balistreri"), ("Mr. Dustin Stehr I", "$285.70", "Shemar", "Kuhn"),
            ("Acme Inc", "$241.53", "Jo", "Roe"), ("Globex LLC", "$317.94", "Lolita", "Hane")]
    prepared = _prepared(settings, tmp_path / "clients.csv", "Name,Balance,First Name,Last Name\n"
                         + "".join(",".join(r) + "\n" for r in rows))
    assert sorted(_owed(prepared)) == sorted(r[0] for r in rows)
    assert prepared.cases["debtor.name"].to_list() == [r[0] for r in rows]


def test_erpnext_s_record_name_of_document_codes_is_the_reference(settings, tmp_path):
    """ERPNext's Sales Invoice export keys each invoice by 'name' (ACC-SINV-2025-00003): a name's
    header, disowned by its codes, is offered as the reference, where each debt had been named by
    its customer, the creditor's company and a due date."""
    rows = [("ACC-SINV-2025-00001", "Fenwick Genomics", "2025-10-31", "8500", "0", "Paid"),
            ("ACC-SINV-2025-00002", "Fenwick Genomics", "2025-11-30", "8500", "0", "Paid"),
            ("ACC-SINV-2025-00003", "Fenwick Genomics", "2025-12-31", "8500", "8500", "Unpaid"),
            ("ACC-SINV-2025-00005", "Harbor Labs", "2025-12-31", "1200", "1200", "Overdue")]
    prepared = _prepared(settings, tmp_path / "Sales Invoice.csv", "name,customer,due_date,grand_total,outstanding_amount,status\n"
                         + "".join(",".join(r) + "\n" for r in rows))
    assert prepared.mapping.field_columns()["reference"] == "name"
    assert sorted(_owed(prepared)) == ["ACC-SINV-2025-00003", "ACC-SINV-2025-00005"]


def test_a_general_ledger_refused_for_its_debtor_never_offers_its_accounts_as_debtors(settings, tmp_path):
    """A MYOB general ledger: the advice had been to name each debtor by its 'Account', which made
    2,493 debts of purchases, GST and drawings."""
    ledger = tmp_path / "general_ledger.csv"
    ledger.write_text("Account,Date,Ref,Description,Debit,Credit,Balance\n"
                      "1-1110 BNZ Cheque Account,01/04/2017,CR001,Debtor Payment 1064,460.00,,460.00\n"
                      "1-1200 Trade Debtors,01/04/2017,INV-02470,Sale,760.87,,760.87\n"
                      "2-1330 GST Paid,02/04/2017,PO-118,Purchase,99.24,,99.24\n"
                      "5-1000 Purchases,02/04/2017,PO-118,Purchase,661.63,,661.63\n", encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(ledger, settings)
    assert ("it is an accounting journal (its columns 'Account', 'Debit', 'Credit'), entries on the ledger's accounts, "
            "not invoices owed") in str(refused.value)
    assert "--set 'Account=debtor.name'" not in str(refused.value)
    # SAP's postings: each on a G/L account, charged to a cost centre, under the group company's own name
    # (72 expenses had been imported as debts owed by the group's companies)
    postings = tmp_path / "gl_postings.csv"
    postings.write_text("document_number,posting_date,company_code,company_name,cost_center,gl_account,gl_account_desc,amount\n"
                        "5000001,2026-06-08,1000,Acme US Inc.,CC-1000-SALES,605000,Utilities,1249.08\n"
                        "5000002,2026-06-24,1000,Acme US Inc.,CC-1000-SALES,600000,Travel & Entertainment,3342.29\n"
                        "5000003,2026-06-25,2000,Acme India Pvt Ltd,CC-2000-OPS,610000,Rent,48298.17\n", encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        prepare_file(postings, settings)
    assert "it is an accounting journal (its columns 'gl_account', 'cost_center')" in str(refused.value)
    # an invoice's export naming its customer beside its payment's account and cost centre (ERPNext's sales
    # invoices) is a list of invoices still
    invoices = _prepared(settings, tmp_path / "sales_invoice.csv", (
        "ID,Customer Name,Date,Payment Due Date,Outstanding Amount,Account (Sales Invoice Payment),Cost Center\n"
        "ACC-SINV-2026-00001,Acme Ltd,2026-01-05,2026-02-04,1200.00,Cash - AC,Main - AC\n"
        "ACC-SINV-2026-00002,Globex,2026-01-06,2026-02-05,300.50,Cash - AC,Main - AC\n"))
    assert invoices.validation.valid == 2


def test_a_column_of_each_balances_side_says_what_is_owed_whatever_the_sign(settings, tmp_path):
    """An Indian jeweller's khata writes each customer's balance and its side: 'नाम' (debit) on
    -170000, owed, 'जमा' (credit) on 4630, held for the customer. The credits had been imported and
    the one debt left out as a credit balance. A Tally-like list writes 'Dr'/'Cr' the same way."""
    khata = _prepared(settings, tmp_path / "ledger.csv", (
        "Name,Mobile Number,Balance Remaning,Balance Status\n"
        "Nakshatra Sharma,9876543210,4630,जमा\nHimansh,9876500000,980,जमा\nAnshu Sharma,6398033585,-170000,नाम\n"
        "Ravi Kumar,9811111111,-2500,नाम\n"
    ))
    assert _owed(khata) == {"Anshu Sharma": Decimal("170000.00"), "Ravi Kumar": Decimal("2500.00")}
    assert ("2 row(s) left out because 'Balance Status' says their balance is a credit, owed to the customer: no debt "
            "to collect (rows 2, 3).") in khata.notices
    assert not any("no status the tool knows" in n or "'Balance Status' reads as" in n for n in khata.notices)
    tally = _prepared(settings, tmp_path / "outstanding.csv", "Party,Closing Balance,Dr/Cr\nSharma Traders,12500.00,Dr\n"
                      "Gupta & Sons,3200.00,Cr\nVerma Steel,123456.00,Dr\n")
    assert sorted(_owed(tally)) == ["Sharma Traders", "Verma Steel"]
    # how each sale was paid ('Payment Method': "Credit", a sale on credit) writes no balance's side: the
    # invoices had all been left out as credits owed to the customers
    sold = _prepared(settings, tmp_path / "billing.csv", (
        "Invoice Number,Date,Customer Name,Payment Method,Grand Total\nLS-2,2026-05-12,Gautaum,Credit,4510.00\n"
        "LS-3,2026-05-12,Raju Stores,Credit,4270.00\nLS-4,2026-05-13,Maa Traders,Credit,3100.00\n"
    ))
    assert sorted(_owed(sold)) == ["LS-2", "LS-3", "LS-4"]


def test_a_second_row_writing_an_invoice_s_other_taxes_is_part_of_it(settings, tmp_path):
    """Chile's sales register (SII's RCV) writes an invoice's other taxes on a row of their own, its
    folio and customer repeated, its amounts blank: a part of the invoice above, where the invoice
    had been refused as written twice."""
    prepared = _prepared(settings, tmp_path / "rcv_venta.csv", (
        "Nro;Tipo Doc;Rut cliente;Razon Social;Folio;Monto total;Codigo Otro Imp.;Valor Otro Imp.\n"
        "1;33;12345678-5;Fake Company S.A.;506;2082715;;\n2;33;77697060-3;DIRECT LTDA;14239;658284;;\n"
        "3;33;54213736-3;THE COMPANY SPA;3210;30471437;24;6049210\n;33;54213736-3;THE COMPANY SPA;3210;;271;701395\n"
    ))
    assert _owed(prepared) == {"506": Decimal("2082715.00"), "14239": Decimal("658284.00"), "3210": Decimal("30471437.00")}
    assert _invalid(prepared) == []


def test_a_purchase_register_naming_its_suppliers_by_number_is_refused_as_payables(settings, tmp_path):
    """Chile's purchase register (RCV compras): 'RUT Proveedor' identifies the supplier of each bill,
    and 'Razon Social', naming no party, is the supplier's name: the bills had been imported as
    debts owed by the suppliers. A product's 'Vendor' beside the customers' names is no supplier."""
    compras = tmp_path / "rcv_compra.csv"
    compras.write_text("Nro;Tipo Doc;Tipo Compra;RUT Proveedor;Razon Social;Folio;Monto Total\n"
                       "1;33;Del Giro;76.354.771-K;Fake Company S.A.;23084;118355\n"
                       "7;33;Del Giro;76.100.200-1;Otra SpA;31000097;200000\n", encoding="utf-8")
    with pytest.raises(MappingError, match="Its column 'RUT Proveedor' names suppliers: a list of what is owed to suppliers"):
        prepare_file(compras, settings)
    shop = _prepared(settings, tmp_path / "invoices.csv", "Invoice Number,Name,Total,Vendor\nI-1001,Ana Ruiz,40.00,Acme Tees\n"
                     "I-1002,Luis Gil,25.00,Acme Tees\n")
    assert sorted(_owed(shop)) == ["I-1001", "I-1002"]
    # purchase lines (WinMentor's): the supplier a company on every row, before the product's name
    # ("Denumire"), the one read as a name
    lines = tmp_path / "achizitii.csv"
    lines.write_text("Valuta,Furnizor,Data,Numar,Denumire,Cantitate,Valoare\n"
                     "LEI,ADEPLAST SRL,2025-07-02,250700047,SAPA AUTONIVELANTA RAPIDA 25KG,40,1208\n"
                     "EUR,EASYDOOR EOOD,2025-07-02,250700054,FACADE TILE GREY SMOOTH,252,19189.8\n"
                     "LEI,BAUMIT ROMANIA COM SRL,2025-07-03,250700061,ADEZIV GRESIE 25KG,60,1510.5\n", encoding="utf-8")
    with pytest.raises(MappingError, match="Its column 'Furnizor' names suppliers: a list of what is owed to suppliers"):
        prepare_file(lines, settings)


def test_a_distributors_credit_sales_above_zero_are_what_its_customers_owe(settings, tmp_path):
    """A pharma distributor's matured invoices: 'Credit Amount' is what each pharmacy bought on
    credit and owes, above zero on every row, no debit beside it; the file had been refused for
    want of an amount. Beside a debit, a credit is a payment."""
    rows = "".join(f"{n},C{n},Pharmacy {n},SKINV430-5025{n:02d},05 Aug 2020,30,{1000 + n * 37}.50\n" for n in range(6))
    prepared = _prepared(settings, tmp_path / "aging.csv", ",Cust ID,Cust Name,Inv Number,Inv Date,Days Limit,Credit Amount\n" + rows)
    assert prepared.mapping.field_columns()["amount"] == "Credit Amount"
    assert len(_owed(prepared)) == 6
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("Cust Name,Inv Number,Debit,Credit Amount\n" + "".join(
        f"Pharmacy {n},I-{n},{100 + n}.00,{n}.00\n" for n in range(6)), encoding="utf-8")
    assert prepare_file(ledger, settings).mapping.field_columns()["amount"] == "Debit"


def test_an_export_of_its_header_alone_says_it_holds_no_row(settings, tmp_path):
    """A customer-debts export run with a filter that selected nothing: its header alone. It had
    been refused for a column it does have ('no column recognised as the invoice number')."""
    prepared = _prepared(settings, tmp_path / "cong_no.csv", "MÃ KH,TÊN KHÁCH HÀNG,SỐ TIỀN\n\n")
    assert prepared.cases.height == 0
    assert any(n.startswith("The file holds no row under its header (line 1): nothing to import") for n in prepared.notices)
    # a template's blank rows and its total of nothing hold no row either (a hotel's ageing template)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["账号", "账户名称", "1-30天", "31-60天", "合计金额"])
    for _ in range(5):
        sheet.append([None] * 5)
    sheet.append(["Total", None, 0, 0, 0])
    book.save(tmp_path / "template.xlsx")
    template = prepare_file(tmp_path / "template.xlsx", settings)
    assert template.cases.height == 0
    assert any(n.startswith("The file holds no row under its header (line 1): nothing to import") for n in template.notices)
    # an input template's title merged over its header, and no row yet (a club's direct-debit sheet):
    # the header is the last row, and still the header, not the title
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Incasso voor IncassoTool"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Naam", "Bedrag", "Omschrijving", "Datum van activiteit", "Factuurnummer"])
    book.save(tmp_path / "input.xlsx")
    empty = prepare_file(tmp_path / "input.xlsx", settings)
    assert empty.cases.height == 0
    assert empty.mapping.field_columns()["reference"] == "Factuurnummer"
    assert any(n.startswith("The file holds no row under its header (line 2): nothing to import") for n in empty.notices)


def test_stripe_s_invoices_are_in_cents_and_a_flag_names_no_debtor(settings, tmp_path):
    """Stripe's invoices as a data pipeline copies them: 'amount_due', 'amount_paid' and
    'amount_remaining' (and its totals) are in cents, with no word saying so (1000 is 10.00); its
    'livemode' flag (TRUE, FALSE) had been read as the debtors' names by a fuzzy 'libellé'."""
    from getbill_import.pipeline import read_and_map

    header = "id,customer_id,number,livemode,currency,amount_due,amount_paid,amount_remaining,total,status\n"
    rows = [f"in_{n},cus_{n},INV-{n},{'TRUE' if n % 2 else 'FALSE'},usd,{1000 + n},0,{1000 + n},{1000 + n},open"
            for n in range(6)]
    path = tmp_path / "invoice_data.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    _, mapping = read_and_map(path, settings, PrepareOptions())
    assert "livemode" not in mapping.field_columns().values()
    # nor on two rows (dbt's seed of Stripe's invoices)
    path.write_text(header + "\n".join(rows[:2]) + "\n", encoding="utf-8")
    _, mapping = read_and_map(path, settings, PrepareOptions())
    assert "livemode" not in mapping.field_columns().values()
    named = _prepared(settings, tmp_path / "named.csv", "customer_name," + header + "".join(
        f"Client {n},{line}\n" for n, line in enumerate(rows)))
    assert _owed(named)["INV-0"] == Decimal("10.00") and _owed(named)["INV-5"] == Decimal("10.05")
    assert any("'amount_due', 'amount_paid', 'amount_remaining', 'total' are written in cents" in n for n in named.notices)
    # a copy of its invoices without 'amount_remaining': Stripe's ids ("in_…", "cus_…") say the file is its
    stripe = _prepared(settings, tmp_path / "stripe_invoices.csv", (
        "invoice_id,customer_name,customer_id,amount_due,amount_paid,currency,status\n"
        "in_1a980ee64fb1c3,Acme,cus_6c937303c2ffd7,29900,0,Eur,open\nin_cd2e7d14f35b99,Birch,cus_8c5425711875b4,4900,0,gbp,open\n"
    ))
    assert _owed(stripe) == {"in_1a980ee64fb1c3": Decimal("299.00"), "in_cd2e7d14f35b99": Decimal("49.00")}
    # without them, whole amounts under those headers are the currency's units
    other = _prepared(settings, tmp_path / "fees.csv", (
        "invoice_id,customer_name,amount_due,amount_paid,currency\nF-1,Acme,29900,0,KES\nF-2,Birch,4900,0,KES\n"))
    assert _owed(other) == {"F-1": Decimal("29900.00"), "F-2": Decimal("4900.00")}


def test_amounts_written_in_thousands_or_lakhs_are_read_at_their_scale(settings, tmp_path):
    """A BI extract's "InvoiceAmount (in thousands USD)": 55.94 is 55,940 dollars, not 55.94; an
    Indian outstanding list "in Lakhs": 2.5 is 250,000 rupees."""
    prepared = _prepared(settings, tmp_path / "ar.csv", (
        "Customer,Invoice,Due,InvoiceAmount (in thousands USD)\nAcme,F-1,2026-01-31,55.94\nBirch,F-2,2026-02-28,1.5\n"))
    assert _owed(prepared) == {"F-1": Decimal("55940.00"), "F-2": Decimal("1500.00")}
    assert set(prepared.cases["currency"].to_list()) == {"USD"}
    assert ("amount: 'InvoiceAmount (in thousands USD)' says its amounts are written in thousands (1,000 each): they "
            "are read so: '55.94' is 55,940.00.") in prepared.notices
    prepared = _prepared(settings, tmp_path / "outstanding.csv", (
        "Party Name,Bill No,Outstanding (Rs. in Lakhs)\nSharma Traders,B-1,2.5\nGupta & Sons,B-2,0.75\n"))
    assert _owed(prepared) == {"B-1": Decimal("250000.00"), "B-2": Decimal("75000.00")}
    # counted in lakhs, as India counts: its rupees (the header "Rs." says so too)
    assert set(prepared.cases["currency"].to_list()) == {"INR"}
    # a data science extract's "amount_lakh" (the scale written after an underscore): rupees too
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_id,customer,due_date,amount_lakh\nINV000001,Sharma Traders,2024-03-16,4.55\n"
        "INV000002,Gupta & Sons,2024-03-25,5.23\n"))
    assert _owed(prepared) == {"INV000001": Decimal("455000.00"), "INV000002": Decimal("523000.00")}
    assert set(prepared.cases["currency"].to_list()) == {"INR"}
    assert any("as 'amount_lakh' counts the amounts in lakhs or crores" in n for n in prepared.notices)
    # a header that says no scale is read as written
    prepared = _prepared(settings, tmp_path / "plain.csv", "Customer,Invoice,Amount\nAcme,F-1,55.94\nBirch,F-2,1.5\n")
    assert _owed(prepared) == {"F-1": Decimal("55.94"), "F-2": Decimal("1.50")}


def test_a_lender_s_arrears_in_money_are_owed_and_sap_s_arrears_in_days_are_not(settings, tmp_path):
    """A Kenyan lender's loans: "Arrears" holds money (1,664.67; 10,000.00), the instalment beside
    it; "Arrears" had been set aside as days past due, every loan imported at its instalment (763
    cases for 79 in arrears). SAP's "Arrears" (whole days) stays days."""
    assert _owed_by_column(settings, tmp_path / "loans.csv", (
        "Loan_No,Client_Name,Installment_Amount,Total_Charged,Arrears\n"
        "A00012,Elizabeth Mbila,1167.3333333333333,7004,0.0\nA00019,Josephine Nzioka,1167.3333333333333,7004,1664.666666666667\n"
        "A00020,Mary Kasuki,1375.0,11000,10000.0\nA00021,Sarah Kyalo,1167.3333333333333,7004,0.0\n"
    ), "Arrears") == {"A00019": Decimal("1664.67"), "A00020": Decimal("10000.00")}
    assert _owed_by_column(settings, tmp_path / "fbl5n.csv", (
        "Customer,Name,Reference,Amount in LC,Arrears\n100001,Acme GmbH,9000001,1200.00,45\n"
        "100002,Birch AG,9000002,800.50,12\n100003,Cedar KG,9000003,99.90,0\n"
    ), "Amount in LC") == {"9000001": Decimal("1200.00"), "9000002": Decimal("800.50"), "9000003": Decimal("99.90")}


def test_a_distributor_s_bills_numbered_again_each_year_beside_an_opening_placeholder_are_debts(settings, tmp_path):
    """A pharma distributor's bill-wise outstanding (India): one placeholder number written for many
    parties took the rule for references of several debtors, and the bills numbered again each
    April ("BHI/08035" of 2025 and of 2026, two parties) were refused as written twice; its interest
    charged at 18% ("18%") is each party's own charge, as "CHQ.BOUNCE" is."""
    rows = [f"Party {n},CO-0000001,01-Apr-25,{100 + n},{100 + n}" for n in range(10)]
    rows += ["CHD PHARMACEUTICAL,BHI/08035,31-Jul-25,11310,11310", "JAY CASH,BHI/08035,06-Aug-26,225384,225384",
             "JAY CASH,BHI/09001,07-Aug-26,5000,5000", "Party 1,18%,31-Mar-26,250,250", "Party 2,18%,31-Mar-26,75,75",
             "Party 1,18%,30-Apr-26,260,260",
             # the interest typed again by hand, posted to two parties, one of them twice
             "Party 3,INTREST,31-Mar-26,90,90", "Party 3,INTREST,30-Apr-26,95,95", "Party 4,INTREST,31-Mar-26,45,45"]
    prepared = _prepared(settings, tmp_path / "outstanding.csv", "PARTYNAME,BILLNO,BILLDATE,BILLAMT,BALANCE\n"
                         + "\n".join(rows) + "\n")
    assert "duplicate-reference" not in set(prepared.problems["code"])
    owed = _owed(prepared)
    assert len(owed) == len(rows)
    assert owed["BHI/08035 (CHD PHARMACEUTICAL)"] == Decimal("11310.00")
    assert owed["BHI/08035 (JAY CASH)"] == Decimal("225384.00")
    assert owed["INTREST (Party 3, 30-Apr-26)"] == Decimal("95.00")
    assert any(n.startswith("reference: 6 row(s) of 4 debtors write no invoice number but '18%' or 'INTREST'")
               for n in prepared.notices)


def test_a_count_that_starts_again_under_each_group_is_a_row_count():
    """A Tashkent agency's list of companies by zone: the first column counts each zone's companies
    (1…11, then "02-02", 1…9…) under a header that is the first zone's code. It had been offered as
    the amount, 59 companies imported as owing 1, 2, 3…: such a column counts rows."""
    from getbill_import.config import bundled_mappings_dir
    from getbill_import.mapping.values import profile_values

    counts = [str(i) for i in range(1, 12)] + ["02-02"] + [str(i) for i in range(1, 10)] + ["02-03"] + [
        str(i) for i in range(1, 18)]
    assert profile_values(pl.Series("02-01", counts), bundled_mappings_dir()).share("counter") == 1.0
    # amounts that happen to begin 1, 2 count nothing
    sums = ["1", "2", "3", "150", "1", "2", "75", "1", "20", "300", "4", "1"]
    assert profile_values(pl.Series("Amount", sums), bundled_mappings_dir()).share("counter") == 0.0


def test_a_school_s_fee_balance_is_what_is_owed_not_the_fee_paid(settings, tmp_path):
    """A Kenyan school's list: 'Fee Paid' beside 'Fee Balance'. The fee's balance was set aside as
    a fee and what each family had paid offered as the debt; named by hand, the payment was taken
    off the balance a second time."""
    text = "Learner Name,Fee Paid,Fee Balance\n" + "".join(
        f"Learner {n},{paid},{balance}\n" for n, (paid, balance) in enumerate(
            [(5000, 0), (0, 5000), (3000, 2000), (4000, 1000), (0, 5000), (5000, 0), (1000, 4000)]))
    prepared = _prepared(settings, tmp_path / "fees.csv", text)
    assert prepared.mapping.field_columns()["amount"] == "Fee Balance"
    assert sorted(_owed(prepared).values()) == [Decimal(v) for v in ("1000.00", "2000.00", "4000.00", "5000.00", "5000.00")]
    by_hand = prepare_file(tmp_path / "fees.csv", settings, PrepareOptions(assign=(("Fee Balance", "amount"),)))
    assert sum(_owed(by_hand).values()) == Decimal("17000.00")


def test_arabic_payment_statuses_and_a_riyal_in_the_header_are_read(settings, tmp_path):
    """A Qatari invoice list: 'حالة الدفع' (payment status) says paid (مدفوعة), unpaid (غير مدفوعة)
    or late (متأخرة), and the amount's header names the riyal '(ر.ق)'. The paid invoices had been
    imported, in dollars read from the phones."""
    prepared = _prepared(settings, tmp_path / "Invoice.csv", (
        "رقم الفاتورة,اسم الشركة,المبلغ الإجمالي (ر.ق),حالة الدفع\n"
        "INV-1,شركة الأمل,1200.50,مدفوعة\nINV-2,شركة النور,800.00,غير مدفوعة\nINV-3,شركة الفجر,450.25,متأخرة\n"
    ))
    assert _owed(prepared) == {"INV-2": Decimal("800.00"), "INV-3": Decimal("450.25")}
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"QAR"}


def test_a_collection_platform_s_paid_in_full_accounts_are_left_out(settings, tmp_path):
    """An agency's placement file: 'status' in a platform's enums, PAID_IN_FULL beside
    IN_COLLECTION. The paid accounts had been imported as owed (15.7 M of 30)."""
    assert _owed_under_known_statuses(settings, tmp_path / "consumers_balances.csv", (
        "account,name,balance,status\nA-1,Ana Ruiz,120.00,IN_COLLECTION\nA-2,Luis Mora,80.00,PAID_IN_FULL\n"
        "A-3,Eva Sanz,45.10,IN_COLLECTION\n"
    )) == {"A-1": Decimal("120.00"), "A-3": Decimal("45.10")}


def test_a_credit_note_numbered_in_its_own_series_is_no_copy_of_an_invoice(settings, tmp_path):
    """An Italian freelancer's register: credit note 1 (-1698.00, cancelling invoice 9) beside
    invoice 1. Invoice 1 had been refused as a duplicate of the credit note, which was netted away."""
    prepared = _prepared(settings, tmp_path / "Fatture.csv", (
        "Numero;Destinatario;Totale;Data emissione\n1;STI srl;2800,00;31/01/2022\n2;STI srl;2800,00;28/02/2022\n"
        "9;STI srl;1698,00;27/09/2022\n1;STI srl;-1698,00;27/09/2022\n10;Tosolini;400,00;30/09/2022\n"
    ))
    assert _owed(prepared) == {"1": Decimal("2800.00"), "2": Decimal("2800.00"), "10": Decimal("400.00")}
    assert prepared.problems.filter(pl.col("code") == "duplicate-reference").height == 0


def test_lines_of_one_unit_price_and_different_quantities_are_lines_not_copies(settings, tmp_path):
    """A Zoho Books export of invoice lines whose prices were blanked to one value (123): the lines
    after the first, alike but for their quantity, had been dropped as the invoice written again,
    and each invoice imported at its first line (21,648 for 58,179)."""
    prepared = _prepared(settings, tmp_path / "Invoice.csv", (
        "Invoice Date,Invoice Number,Customer Name,Item Name,Quantity,Item Price,Invoice Status\n"
        "11/1/2022,INV-203438,Hanson Ltd,GPS,1,123,Open\n11/1/2022,INV-203438,Hanson Ltd,,24,123,Open\n"
        "11/1/2022,INV-203438,Hanson Ltd,,5,123,Open\n11/1/2022,INV-203438,Hanson Ltd,,3,123,Open\n"
        "11/2/2022,INV-203439,Brightman & Son,GPS,2,123,Overdue\n11/2/2022,INV-203440,Old Mill,GPS,1,123,Closed\n"
    ))
    assert _owed(prepared) == {"INV-203438": Decimal("4059.00"), "INV-203439": Decimal("246.00")}


def test_xero_s_bills_beside_its_invoices_are_payables_and_authorised_is_owed(settings, tmp_path):
    """Xero's invoices as its API writes them: 'type' ACCREC (a sales invoice) or ACCPAY (a bill
    from a supplier), 'status' AUTHORISED (approved, awaiting payment). Three bills had been
    imported as debts, and AUTHORISED said to be no status the tool knows."""
    prepared = _prepared(settings, tmp_path / "xero_invoice.csv", (
        "invoice_number,contact_name,type,status,amount_due,total,currency_code\n"
        "INV-1,Acme Ltd,ACCREC,AUTHORISED,120.00,120.00,GBP\nINV-2,Old Mill,ACCREC,PAID,0.00,80.00,GBP\n"
        "511716,Paper Co,ACCPAY,AUTHORISED,15.00,15.00,CAD\nINV-3,Bright & Son,ACCREC,AUTHORISED,45.50,60.00,USD\n"
    ))
    assert _owed(prepared) == {"INV-1": Decimal("120.00"), "INV-3": Decimal("45.50")}
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_payment_date_on_an_invoice_paid_in_part_leaves_it_owed(settings, tmp_path):
    """An order-to-cash dataset: disputed invoices paid in part carry the date of that part
    payment ('paid_date') beside 'paid_amount' below the total. They had been left out as paid,
    3.61 M of 14.68 M owed."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "invoice_id,customer,invoice_amount,paid_amount,paid_date,invoice_status\n"
        "INV00001,Acme Ltd,5000,5000,2024-05-28,Paid\nINV00004,Old Mill,17713,10032,2024-06-02,Disputed\n"
        "INV00007,Bright & Son,900,0,,Overdue\n"
    ))
    assert _owed(prepared) == {"INV00004": Decimal("7681.00"), "INV00007": Decimal("900.00")}


def test_italian_exposure_is_the_open_balance_and_sent_is_owed(settings, tmp_path):
    """An Italian scoring of customers' exposure ('esposizione': what each owes) had offered it only
    to confirm, at 47%; a SmartBusiness status 'Inviato' (sent) was said to be no status known."""
    prepared = _prepared(settings, tmp_path / "bi_clienti.csv", (
        "fattura;cliente;esposizione;stato\nF-1;Rossi Srl;14438,49;Inviato\nF-2;Bianchi Spa;8128,02;Pagata\n"
    ))
    amount = next(c for c in prepared.mapping.columns if c.column == "esposizione")
    assert (amount.field, amount.status) == ("amount", "mapped")
    assert _owed(prepared) == {"F-1": Decimal("14438.49")}
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_lender_s_loans_not_in_arrears_are_left_out_by_their_days_past_due(settings, tmp_path):
    """A lender's loan book: 'dpd' at 0 on the loans repaid as agreed. They had been imported with
    the loans in arrears, their whole outstanding balance to collect (392 of an NBFC's 500 loans)."""
    prepared = _prepared(settings, tmp_path / "loan_portfolio.csv", (
        "loan_id,borrower_name,disbursement_date,loan_amount,outstanding_amount,tenure_months,dpd\n"
        "LN-10000,Reddy Steel,2023-04-25,300000,141033.0,36,0\n"
        "LN-10001,Desai Construction,2023-01-26,1500000,690804.0,36,47\n"
        "LN-10002,Iyer Textiles,2023-02-11,800000,401200.0,24,0\n"
        "LN-10003,Khan Traders,2022-11-03,250000,98000.0,36,120\n"
    ))
    assert _owed(prepared) == {"LN-10001": Decimal("690804.00"), "LN-10003": Decimal("98000.00")}
    assert any(n.startswith("2 loan(s) left out because 'dpd' says they are not in arrears") and "--set 'dpd=ignore'" in n
               for n in prepared.notices)


def test_a_balance_left_blank_on_a_loan_in_arrears_is_no_loan_repaid(settings, tmp_path):
    """A Zambian microlender's loan book: 'ArrearAmount' blank (a '#N/A' the lookup left) on loans 122
    days in arrears. They had been left out as paid; they are rows to mend. A blank balance beside a
    total paid, on a loan not in arrears, is no debt either way."""
    prepared = _prepared(settings, tmp_path / "loanbook.csv", (
        "LoanRefId,CustomerName,AmountPaid,DaysInArrear,ArrearAmount\n"
        "L-1,Agness Chama,1200,31,1729.00\nL-2,Nyawa Tembo,800,122,\nL-3,Francis Mumba,900,45,4408.00\n"
        "L-4,Sarah Banda,0,60,2131.00\nL-5,Douglas Musonda,1500,0,\n"
    ))
    assert _owed(prepared) == {"L-1": Decimal("1729.00"), "L-3": Decimal("4408.00"), "L-4": Decimal("2131.00")}
    assert "missing-amount" in _verdicts(prepared)[3]
    assert 6 not in _verdicts(prepared)


def test_a_date_paid_beside_nothing_paid_of_a_balance_settles_nothing(settings, tmp_path):
    """A Nigerian invoice upload: 'DatePaid' written on every row, 'AmountPaid' 0 and 'Outstanding'
    the whole invoice. All four had been left out as paid."""
    prepared = _prepared(settings, tmp_path / "upload.csv", (
        "ClientName,InvoiceNumber,TotalInvoice,AmountPaid,Outstanding,DueDate,DatePaid\n"
        "Mobil,1-41-181,217949.95,0,217949.95,2017-06-10,2017-05-10\n"
        "Mobil,1-41-182,217949.95,0,217949.95,2017-07-10,2017-05-10\n"
        "Total,1-41-183,100000.00,100000.00,0,2017-07-10,2017-05-10\n"
        "Oando,1-41-184,50000.00,20000.00,30000.00,2017-07-10,2017-05-10\n"
    ))
    assert _owed(prepared) == {"1-41-181": Decimal("217949.95"), "1-41-182": Decimal("217949.95"),
                               "1-41-184": Decimal("30000.00")}


def test_dynamics_sl_document_types_tell_credit_memos_and_payments_from_invoices(settings, tmp_path):
    """Dynamics SL's receivables documents: 'DocType' IN (invoice), DM (debit memo), CM (credit memo),
    PA (payment), PP (prepayment), every balance written positive. The memos and payments had been
    imported as debts."""
    prepared = _prepared(settings, tmp_path / "ARDoc.csv", (
        "CustName,DocType,RefNbr,DocBal,DueDate\nAcme,IN,100101,500.00,2026-01-10\nAcme,IN,100102,300.00,2026-02-10\n"
        "Beta,DM,100103,40.00,2026-01-15\nGamma,IN,100104,900.00,2026-01-20\nAcme,CM,100105,100.00,2026-01-12\n"
        "Delta,PA,100106,75.00,2026-01-05\nGamma,PP,100107,200.00,2026-01-02\nBeta,IN,100108,60.00,2026-03-01\n"
    ))
    owed = {ref.split("-")[-1]: amount for ref, amount in _owed(prepared).items()}
    assert owed == {"100101": Decimal("400.00"), "100102": Decimal("300.00"), "100103": Decimal("40.00"),
                    "100104": Decimal("700.00"), "100108": Decimal("60.00")}


def test_an_invoice_not_yet_due_stays_owed_whatever_its_days_past_due(settings, tmp_path):
    """An ageing's 'Days Past Due' at 0 is an invoice not yet due: still owed, not a loan repaid."""
    prepared = _prepared(settings, tmp_path / "ar_aging.csv", (
        "Invoice,Customer,Due Date,Balance,Days Past Due\n"
        "INV-1,Acme Corp,2026-12-31,1200.00,0\n"
        "INV-2,Beta LLC,2026-10-01,800.00,60\n"
    ))
    assert _owed(prepared) == {"INV-1": Decimal("1200.00"), "INV-2": Decimal("800.00")}


def test_what_is_still_to_pay_por_pagar_is_a_balance_and_its_zero_rows_are_paid(settings, tmp_path):
    """A Venezuelan receivables list: 'TotalPorPagar' is what is still to pay ("por pagar", where
    "Total a pagar" is the document's total). Its 117 invoices paid, at 0.0, had each been reported
    as an amount of zero to correct."""
    prepared = _prepared(settings, tmp_path / "cxc.csv", (
        "Codigo,Cliente,Factura,FechaFactura,Vencimiento,Base,IVA,TotalPorPagar\n"
        "000436,\"Farmatodo, C.A\",981612,17/01/2025,19/01/2025,100.00,16.00,116.00\n"
        "000436,\"Farmatodo, C.A\",981652,25/03/2025,27/03/2025,50.00,8.00,0.0\n"
        "000512,Locatel C.A,981700,02/04/2025,02/05/2025,200.00,32.00,0.0\n"
    ))
    assert _owed(prepared) == {"981612": Decimal("116.00")}
    assert not prepared.problems.filter(pl.col("code") == "zero-amount").height
    assert any(n.startswith("2 row(s) left out because their balance 'TotalPorPagar' is zero") for n in prepared.notices)
    # the document's total to pay stays a total: a zero there is a mistake to report
    total = _prepared(settings, tmp_path / "facturas.csv", (
        "Factura,Cliente,Vencimiento,Total a pagar\nF-1,Farmatodo C.A,19/01/2025,116.00\nF-2,Locatel C.A,02/05/2025,0.00\n"
    ))
    assert total.problems.filter(pl.col("code") == "zero-amount")["line"].to_list() == [3]


def test_a_hotel_s_city_ledger_is_owed_by_the_company_billed_not_the_guest(settings, tmp_path):
    """A hotel's accounts receivable: the agency billed on account ('协议单位') owes the folios its
    guests ('姓名') left. The guests had been taken for the debtors, or the file refused."""
    prepared = _prepared(settings, tmp_path / "ar.csv", (
        "账单号,日期,姓名,协议单位,余额\n"
        "1093771,2025-03-02,张三,广州旅行社有限公司,1200.00\n"
        "1093772,2025-03-03,李四,广州旅行社有限公司,800.00\n"
        "1093780,2025-03-05,王五,深圳商务会展有限公司,2300.00\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "协议单位"
    assert set(prepared.cases["debtor.name"]) == {"广州旅行社有限公司", "深圳商务会展有限公司"}


def test_a_vietnamese_payment_status_leaves_the_paid_bills_out(settings, tmp_path):
    """An apartment building's fee bills: 'Tình trạng thanh toán' says whether each bill was paid
    ("Đã thanh toán") or not yet ("Chưa thanh toán"). It had been set aside as an amount paid, and
    the paid bill imported; the household's head ('Tên chủ hộ') owes the fees."""
    prepared = _prepared(settings, tmp_path / "hoa_don.csv", (
        "Mã hóa đơn,Thời gian,Tên chủ hộ,Tổng tiền,Tình trạng thanh toán\n"
        "3.2-2-2020,2/2020,Nguyễn Văn A,786000,Chưa thanh toán\n"
        "5.5-6-2020,6/2020,Nguyễn Văn X,166000,Đã thanh toán\n"
        "4.1-6-2020,6/2020,Trần Thị B,254000,Chưa thanh toán\n"
    ))
    assert _owed(prepared) == {"3.2-2-2020": Decimal("786000"), "4.1-6-2020": Decimal("254000")}
    assert prepared.mapping.field_columns()["debtor.name"] == "Tên chủ hộ"


def test_money_received_on_an_invoice_says_it_is_paid(settings, tmp_path):
    """A Brazilian list of notas fiscais: 'Recebido' (1 once the money came) and 'Data de
    Recebimento' say which were paid; every one had been imported, with a notice that nothing said
    which were owed."""
    prepared = _prepared(settings, tmp_path / "notas.csv", (
        "Número NF;Cliente;Valor;Recebido;Data de Recebimento\n"
        "463;Eng. Pedreira;R$ 4.812,38;1;05/02/2024\n"
        "464;Construtora Lima;R$ 1.200,00;0;\n"
        "465;Hotel Sol;R$ 980,50;1;28/02/2024\n"
    ))
    assert _owed(prepared) == {"464": Decimal("1200.00")}
    dated = _prepared(settings, tmp_path / "recebimentos.csv", (
        "Número NF;Cliente;Valor;Vencimento;Data de Recebimento\n"
        "463;Eng. Pedreira;R$ 4.812,38;31/01/2024;05/02/2024\n"
        "464;Construtora Lima;R$ 1.200,00;15/02/2024;\n"
    ))
    assert _owed(dated) == {"464": Decimal("1200.00")}


def test_a_chilean_folio_is_the_invoice_s_number_over_a_row_s_number(settings, tmp_path):
    """Chile's register of sales (RCV): 'Nro' numbers the rows, 'Folio' the invoices. With rows
    filtered out (1, 23), 'Nro' no longer counted 1, 2, 3 and had been taken for the reference."""
    prepared = _prepared(settings, tmp_path / "rcv_venta.csv", (
        "Nro;Tipo Doc;Rut cliente;Razon Social;Folio;Fecha Docto;Monto total\n"
        "1;33;12345678-5;Fake Company S.A.;506;04/06/2019;2082715\n"
        "23;33;12345678-5;Fake Company S.A.;508;28/06/2019;2629420\n"
    ))
    assert prepared.mapping.field_columns()["reference"] == "Folio"
    assert sorted(_owed(prepared)) == ["506", "508"]


OTHER_KIND_FILES = [
    ("purchase_orders.csv",
     "PURCHASEORDERID,Purchase Order Owner,PO Number,PO Date,Status,Due Date,Gross Total,Subject\n"
     '17000939,Harold Pawlan,PO-63899,20/07/2021,Delivered,20/07/2021,"$6,644",ZR-1630623-Barcelona Chair\n'
     '17001433,Augustine Paul,PO-51273,20/07/2021,Approved,20/07/2021,"$24,557",ZR-1540098-Eames Chair\n',
     r"it is a list of purchase orders \(its columns 'PURCHASEORDERID', 'Purchase Order Owner', 'PO Number'\)"),
    ("expenses.csv",
     "Zeitstempel,Händler,Betrag,Kategorie,Beschreibung,Erstattungsfähig,Original Währung,Teilnehmer\n"
     '"2024-07-01 12:00:00",Hotel Adler,82.17,Reise,Übernachtung,yes,CZK,Jana Novak\n'
     '"2024-07-02 12:00:00",Taxi Huber,14.50,Reise,Fahrt,yes,EUR,Jana Novak\n',
     r"it is an expense report \(its columns 'Erstattungsfähig', 'Händler'\), what staff spent"),
    ("assets.csv",
     "Asset_ID,Asset_Type,Acquisition_Date,Acquisition_Cost,Depreciation_Method,Book_Value,Useful_Life\n"
     "A001,Vehicle,2013-11-28,157822,Declining Balance,72100.87,29\nA002,Building,2010-02-19,66069,Straight-Line,49987.99,15\n",
     r"it is a register of fixed assets \(its columns 'Asset_ID', 'Asset_Type', 'Acquisition_Cost'\)"),
    ("kas.csv",
     "DATE;KETERANGAN;TIPE;JUMLAH;DESKRIPSI;PROJECT/PJ\n01/10/2025;MASUK ATM;IN;Rp1,000,000;ISI KAS;AZIZ\n"
     "01/10/2025;PEMBELIAN CASH;OUT;Rp38,000;SARUNG TANGAN;UPE\n02/10/2025;PEMBELIAN CASH;OUT;Rp12,000;LAKBAN;UPE\n",
     r"it is a book of movements in and out \(its column 'TIPE'\)"),
    ("sale_order.csv",
     "id,order_line/order_id/name,order_line/order_partner_id/display_name,order_line/price_subtotal,"
     "order_line/order_id/state,order_line/order_id/invoice_status\n"
     "__export__.sale_order_898,SO21-000829,\"FAJAR BENUA INDOPACK, PT\",12500000,Sale Order,To Invoice\n"
     "__export__.sale_order_899,SO21-000830,\"TRIAS SENTOSA Tbk, PT\",8000000,Sale Order,Fully Invoiced\n",
     r"it is a list of sales orders, by how far each is invoiced \(its column 'order_line/order_id/invoice_status'\)"),
    # a Power BI sample's pivot table: revenue by opportunity, totals by label (its own advice had been
    # to name a debtor's column, importing 486 opportunities)
    ("opportunities.csv", "Row Labels,Revenue\nOpportunity 1,125000\nOpportunity 2,98000.50\nGrand Total,223000.50\n",
     r"it is a pivot table's summary \(its column 'Row Labels'\), totals by label"),
    # staff's expense claims: each expense's employee and what it was for (Wave's sample)
    ("data_example.csv",
     "date,category,employee name,employee address,expense description,pre-tax amount,tax name,tax amount\n"
     '12/1/2013,Travel,Don Draper,"783 Park Ave, New York, NY 10021",Taxi ride, 350.00 ,NY Sales tax, 31.06 \n'
     '12/15/2013,Meals and Entertainment,Steve Jobs,"1 Infinite Loop, Cupertino, CA 95014",Team lunch, 235.00 ,CA Sales tax, 17.63 \n',
     r"it is an expense report \(its columns 'employee name', 'expense description'\), what staff spent"),
    # Revolut's statement: each card payment's and top-up's start and completion, the balance after it
    ("revolut.csv",
     "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
     "CARD_PAYMENT,Current,2024-01-08 20:18:58,2024-01-09 20:18:58,Shop,-13.27,0.00,EUR,COMPLETED,19.79\n"
     "TOPUP,Current,2024-01-09 20:02:00,2024-01-10 02:50:21,Top-Up by *1234,50.00,0.00,EUR,COMPLETED,69.79\n"
     "CARD_PAYMENT,Current,2024-01-23 05:03:39,2024-01-23 14:30:20,Discord,-9.99,0.00,EUR,COMPLETED,59.80\n",
     r"it is a bank account's statement \(its columns 'Started Date', 'Completed Date', 'Balance'\)"),
    # Odoo's sales orders in Spanish ('Estado de la factura' had been read as the debtor's region)
    ("pedidos.csv",
     "Referencia de la orden,Fecha de la orden,Cliente,Vendedor,Estado de la factura,Total\n"
     "S00601,2025-03-01,ZIP MARKET,Ana,Facturado por completo,35.33\nS00602,2025-03-02,LUBRIMAX,Ana,Por facturar,120.00\n"
     "S00603,2025-03-03,TALLER SOL,Luis,Nada que facturar,0.00\n",
     r"it is a list of sales orders, by how far each is invoiced \(its column 'Estado de la factura'\)"),
    ("disbursements.csv",
     "Region,Branch,Credit Officer,Loan Number,Product Name,Original Loan Amount Disbursed,Disbursement Date\n"
     '4 - Central Region,1000 - Head Office,Joan Kansiime,L-1,Staff Loan,"18,850,000",8-Jun-23\n'
     '4 - Central Region,1000 - Head Office,Joan Kansiime,L-2,Staff Loan,"3,000,000",10-May-23\n',
     r"it is a register of loans paid out \(its columns 'Original Loan Amount Disbursed', 'Disbursement Date'\)"
     r".*or the loans' arrears"),
    ("quotes.csv",
     "QUOTEID,Subject,Quote Owner,Quote Stage,Valid Till,Sales Status,Grand Total\n"
     '19000435,ZR-48659-Barcelona Chair,Lazar Mathew,Confirmed,20/04/2021,Won,"$2,372.00"\n'
     '19002131,ZR-48721-Barcelona Chair,Harold Pawlan,Draft,20/04/2021,Lost,"$16,250.00"\n',
     r"it is a sales pipeline of deals or quotes \(its columns 'QUOTEID', 'Quote Owner', 'Quote Stage'"),
    # a loan's amortisation schedule ('Month' had been read as the amount, 'monto'), Recurly's
    # subscriptions ('remaining_billing_cycles' had been the amount), WooCommerce's products and
    # a loan officer's commissions
    ("amortization.csv",
     "Month,Date,Total Monthly Payment,Interest Payment,Principal Payment,Remaining Balance\n"
     "1,2023-06-01,1730.0,1089.05,420.95,45035.05\n2,2023-07-01,1730.0,1078.96,431.04,44604.01\n",
     r"it is a loan's repayment schedule \(its columns 'Month', 'Principal Payment', 'Interest Payment'\)"),
    ("subscriptions.csv",
     "id,account_id,plan_id,state,current_period_started_at,current_period_ends_at,remaining_billing_cycles,"
     "auto_renew,currency,unit_amount\n99b1bc40,44587626,1c85c5b7,active,2019-03-26,2019-04-26,3,true,USD,99.0\n"
     "99b1bc41,44587627,1c85c5b7,expired,2019-03-26,2019-04-26,,true,USD,49.0\n",
     r"it is a list of subscriptions \(its columns 'plan_id', 'current_period_started_at', 'current_period_ends_at'\)"),
    ("products.csv", "SKU,Name,Stock,Regular Price\n100,Chair MARTIN,99,79.95\n"
     "101,Chair LEIFARNE,135,69.95\n", r"it is a list of products \(its columns 'SKU', 'Stock', 'Regular Price'\)"),
    ("commissions.csv", "commission_id,employee_id,loan_id,commission_amount,commission_date\n"
     "1,1,7000,1268.3,2026-05-14\n2,1,7001,429.34,2026-05-14\n",
     r"it is a payroll \(its columns 'commission_amount', 'employee_id'\)"),
    # Shopify Payments' transactions and Stripe's payouts; Etsy's sold orders, each paid at checkout;
    # Stripe's refunds
    ("shopify.csv",
     "Transaction Date,Type,Order,Card Brand,Payout Status,Payout Date,Amount,Fee,Net,Currency\n"
     "2025-06-30 23:32:39 -0400,charge,#43033,visa,paid,2025-07-03,64.00,1.84,62.16,USD\n"
     "2025-06-30 22:53:38 -0400,charge,#43032,visa,paid,2025-07-02,47.00,1.43,45.57,USD\n",
     r"it is a payment provider's or a marketplace's payouts \(its columns 'Payout Status', 'Fee', 'Net'\)"),
    ("payouts.csv",
     "id,amount,arrival_date,created,currency,description,destination_bank_account_id,method,status\n"
     "po_0IB8cX,3029432,2021-01-20,2021-01-19,usd,STRIPE PAYOUT,ba_1S2vcD,standard,paid\n"
     "po_0IBrZL,326282,2021-01-22,2021-01-21,usd,STRIPE PAYOUT,ba_1S2vcD,standard,paid\n",
     r"it is a payment provider's or a marketplace's payouts \(its columns 'arrival_date', 'destination_bank_account_id'\)"),
    ("settlement.txt",
     "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\ttransaction-type\t"
     "order-id\tamount-type\tamount\n24288684721\t2025-08-14\t2025-08-28\t2025-08-30\t1016.08\tCAD\t\t\t\t\n"
     "24288684721\t\t\t\t\t\tOrder\t702-1\tItemPrice\t45.99\n24288684721\t\t\t\t\t\tOrder\t702-1\tItemFees\t-6.90\n",
     r"it is a payment provider's or a marketplace's payouts \(its columns 'settlement-id', 'settlement-start-date', "
     r"'settlement-end-date'\)"),
    # Snipe-IT's software licences ('seats' had been the amount owed); Clockify's projects ('Remaining (h)',
    # hours left, had been a remaining balance)
    ("licenses.csv",
     "Full Name,Item name,serial number,manufacturer,purchase date,purchase cost,expiration date,seats,supplier\n"
     "Bevon Ibarra,Office Suite,4c2713a1-5b73,Mayer-Bergnaum,11/24/2008,$12.58,02/26/2016,56,Treutel Inc\n"
     "Ann Lee,Antivirus,9d2713a1-5b74,Gislason,11/25/2008,$40.00,02/27/2016,10,Treutel Inc\n",
     r"it is a register of fixed assets \(its columns 'serial number', 'manufacturer', 'purchase date'\)"),
    ("projects.csv",
     '"Project","Client","Billability","Tracked (h)","Estimated (h)","Remaining (h)","Billable Rate (USD)","Amount (USD)"\n'
     '"Project for Big Company","Big Company","Yes","10.00","1001.11","991.11","100.01","1000.10"\n'
     '"Website","Small Company","Yes","2.00","","","50.00","100.00"\n',
     r"it is a record of time and expenses \(its columns 'Billability', 'Tracked \(h\)', 'Billable Rate \(USD\)'\)"),
    ("sold_orders.csv",
     "Sale Date,Order ID,Full Name,Payment Method,Currency,Order Total,Card Processing Fees,Order Net,Payment Type\n"
     "12/31/2023,3159107009,Levi Williamson,Credit Card,USD,16.88,0.76,16.12,online_cc\n"
     "12/30/2023,3158906619,Xuan Hunt,Credit Card,USD,17.31,0.77,15.73,online_cc\n",
     r"it is a shop's orders paid at checkout \(its columns 'Card Processing Fees', 'Order Net'\)"),
    ("refunds.csv",
     "id,amount,charge_id,created,currency,reason,receipt_number,status\n"
     "re_0IMJuL,675000,ch_0IBft2,2021-02-18,usd,duplicate,5555-555,succeeded\n"
     "re_0INhCi,13650,ch_0IMD9s,2021-02-22,usd,requested_by_customer,5555-556,succeeded\n",
     r"it is a list of refunds \(its column 'reason'\)"),
    ("stoc.csv",
     "DenumireGest,Denumire,Cod,UM,Furnizor,NumarDoc,TipDoc,Data,Pret,Stoc final,ValoareStocFinal,PretVanzare\n"
     "Craiova Dunarii,Surub autofiletant lemn 3.5x55,ft-3555,cutie,BRENADO FOR HOUSE S.R.L.,250300054,NIRT,2025-03-03,"
     "19.62,2,39.24,29.41\n"
     "Craiova Toamnei,3XCREION ZUGRAV 18CM,98200310,buc,COLOR EXPERT RO S.R.L.,250400103,NIR,2025-04-09,3.58,10,35.8,5.04\n",
     r"it is a list of products \(its columns 'Cod', 'Stoc final', 'Pret'\)"),
    # a treasury app's schedule of receipts: each amount expected with its likelihood, in or out
    ("payment_schedule.csv",
     "schedule_id,invoice_id,client_name,date,amount,probability,notes,type\n"
     "SCH-001,F-2026-005,MedTech Diagnostics,2026-02-07,395000,0.95,Client fiable,inflow\n"
     "SCH-002,F-2026-006,Conseil Stratégie,2026-02-14,125000,0.90,PME stable,inflow\n"
     "SCH-003,F-2025-061,Groupe Pharmaceutique Nord,2026-02-11,525000,0.85,Grand compte,inflow\n",
     r"it is a cash forecast \(its columns 'probability', 'type'\)"),
    # an assisted-living community's rent roll: each bed occupied or vacant, its rates, no balance
    ("rent_roll.csv",
     "Unit #,Resident Name,Status,Apt Type,Market Rate,Actual Rate,Care Level $,Total LOC $\n"
     "1,,Vacant,Studio,6400,0,0,0\n2,Mary Smith,Occupied,Studio,6400,880,4920,5800\n"
     "3,John Brown,Occupied,Studio,6400,880,5270,6150\n5-A,,Vacant,1BR - Shared,4000,0,0,0\n",
     r"it is a rent roll of units, occupied and vacant \(its column 'Status'\)"),
    # Frappe Books' items: a barcode and India's goods code, the unit, the rate
    ("Item.csv",
     "Item Name,Description,Unit Type,Type,For,Sales Acc.,Purchase Acc.,Tax,Rate,HSN/SAC,Barcode,Track Item\n"
     "Final Item,A final item made from raw items,Unit,Product,Both,Sales,Stock Received But Not Billed,,500,,,1\n"
     "Raw Item,A raw item,Unit,Product,Purchases,Sales,Cost of Goods Sold,GST-18,100,8471,890123,1\n",
     r"it is a list of products \(its columns 'HSN/SAC', 'Unit Type', 'Rate'\)"),
    # Odoo's product template for import: each product's category, weight, volume, unit, brand and cost
    ("product.template.xls.csv",
     "name,categ_id,weight,volume,alt_standard_price,Unidad de medida,modelo,marca,default_code\n"
     "Taladro percutor 750W,Herramientas / Eléctricas,2.1,0.004,58.90,Unidades,TP-750,Bosch,TAL-0001\n"
     "Llave inglesa 10in,Herramientas / Manuales,0.4,0.001,7.35,Unidades,LL-10,Stanley,LLA-0010\n",
     r"it is a list of products \(its columns 'categ_id', 'weight', 'volume', 'Unidad de medida'\)"),
    # a builder's projects: each one's client, budget, contract value and estimate at completion, no invoice
    # (six contracts had been imported as AUD 685 million owed)
    ("projects.csv",
     "project_id,project_name,client,start_date,project_budget,contract_value,eac,retention_rate\n"
     "1,Collins Arch Fit-Out,Lendlease Construction (Pty) Ltd,2026-01-05,80000000,85000000,79000000,0.05\n"
     "2,Heart Hospital Ext.,Lendlease Construction (Pty) Ltd,2026-02-03,114000000,120000000,112000000,0.05\n",
     r"it is a register of projects \(its columns 'project_id', 'project_budget'\)"),
    # Bling's products, in Portuguese, beside each one's supplier: no payables
    ("produtos.csv",
     '"ID";"Código";"Descrição";"Unidade";"Preço";"Estoque";"Preço de custo";"Fornecedor";"GTIN/EAN"\n'
     '"101";"CAM-01";"Camiseta básica";"UN";"39,90";"120";"18,00";"Malhas Sul Ltda";"7891234567895"\n'
     '"102";"CAL-02";"Calça jeans";"UN";"129,90";"35";"61,00";"Jeans Brasil SA";"7891234567901"\n',
     r"it is a list of products \(its columns 'GTIN/EAN', 'Estoque', 'Preço'\)"),
    # a payment provider's payouts to its merchants, each its own id, day, amount and status
    ("payouts.csv",
     "payout_id,settlement_id,merchant_id,payout_date,payout_amount,payout_status,bank_reference\n"
     "POUT80001,SET50001,M001,2026-04-03,33438.54,Paid,UTR328256675229\n"
     "POUT80002,SET50002,M001,2026-04-04,87309.25,Paid,UTR860132556081\n"
     "POUT80003,SET50003,M002,2026-04-04,1250.00,Pending,\n",
     r"it is a payment provider's or a marketplace's payouts \(its columns 'payout_id', 'settlement_id', 'payout_date'\)"),
    # Digiwin's shipments beside the receivables booked from them: each shipment's number, line and quantity,
    # its customer named ('交易对象名称'), nothing saying what is still owed
    ("shipments.csv",
     "交易对象名称,出货编号,出货项次,出货数量,单价,出货含税原币金额,币种\n"
     "深圳市甲公司,LE41-001,1,100,12.5,1250.00,CNY\nVirtual Battery Co,LE41-002,1,40,30,1200.00,CNY\n"
     "深圳市乙公司,LE41-003,1,10,99,990.00,CNY\n",
     r"it is a register of deliveries \(its columns '出货编号', '出货项次', '出货数量'\)"),
    # an Italian wholesaler's sale orders from Odoo: each order's number, day and delivery, its totals, its salesman
    ("ordini.csv",
     "Ordine,Data Ordine,Data Consegna,Stato,Imponibile CHF,IVA CHF,Totale CHF,Venditore\n"
     "S23886,2025-01-24,2025-01-24,sale,171.60,4.46,176.06,Mihai Nita\n"
     "S23901,2025-01-24,2025-01-25,sale,106.97,2.78,109.75,Mihai Nita\n"
     "S23910,2025-01-25,2025-01-27,sale,240.00,6.24,246.24,Anna Ricci\n",
     r"it is a list of sales orders \(its columns 'Ordine', 'Data Ordine', 'Data Consegna'\)"),
    # a SaaS's Stripe subscriptions: each plan, its price, how often it is billed, the day it started
    ("subscriptions.csv",
     "subscription_id,stripe_customer_id,user_id,plan,status,amount_usd,billing_interval,started_at,canceled_at\n"
     "sub_8311c4e6642343,cus_fcc17489b1b240,usr_00003,pro,active,29,annual,2024-01-01,\n"
     "sub_8311c4e6642344,cus_fcc17489b1b241,usr_00004,business,active,79,monthly,2024-02-01,\n"
     "sub_8311c4e6642345,cus_fcc17489b1b242,usr_00005,pro,canceled,29,monthly,2024-03-01,2024-07-30\n",
     r"it is a list of subscriptions \(its columns 'subscription_id', 'plan', 'billing_interval'\)"),
    # Shopify's abandoned checkouts, in its orders' columns: the payment's status written on no row
    ("checkouts.csv",
     "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Total,Created at,Billing Name\n"
     "#36211,ann@example.com,,,unfulfilled,USD,250.00,2024-03-01,Ann Lee\n"
     "#36212,bob@example.com,,,unfulfilled,USD,99.90,2024-03-02,Bob Ray\n"
     "#36213,cy@example.com,,,unfulfilled,USD,410.00,2024-03-02,Cy Moss\n",
     r"it is a shop's abandoned checkouts \(its column 'Financial Status'\)"),
    # a guest house's bookings: each stay's days in and out, its nights and its rate, its guest named (the
    # reference composed of the guest's name and a day, the tool's own header, said nothing of the kind)
    ("bookings.csv",
     "id,room_id,check_in_date,check_out_date,nights,nightly_rate,total_amount,status,guest_name,created_at\n"
     "1,3,2024-04-05,2024-04-07,2,7000,14000,completed,Rose Adhiambo,2024-04-05T12:00:00\n"
     "2,2,2024-04-13,2024-04-15,2,7000,14000,completed,Rose Adhiambo,2024-04-13T13:00:00\n"
     "3,1,2024-05-13,2024-05-15,2,8000,16000,completed,Peter Omondi,2024-05-13T09:00:00\n",
     r"it is a list of bookings \(its columns 'room_id', 'check_in_date', 'check_out_date'\)"),
    # a Swiss billing tool's products: each one's selling price beside its cost, no customer
    ("produkte.csv",
     '"number";"name";"description";"price";"unit";"vat";"category";"including_vat";"default_amount";"notes";"selfcost"\n'
     '"100";"Schrauben 8x30mm";"";"0.18";"Pezzi";"7.70";"";"N";"3.00";"";"0,05"\n'
     '"102";"Schrauben 10x50mm";"";"0.25";"Pezzi";"7.70";"";"N";"3.00";"";"0.10"\n'
     '"105";"Dübel 8mm";"";"0.12";"Pezzi";"7.70";"";"N";"5.00";"";"0.04"\n',
     r"it is a list of products \(its columns 'price', 'selfcost'\)"),
    ("fbl1n.csv",
     "Attribuzione;Numero documento;Riferimento;Tipo di documento;Chiave contabile;Data documento;Scadenza al netto;"
     "Divisa documento;Importo in divisa docum.;Testo\n"
     "2023J5PRIVITERA SR;5100003472;PRIVITERA SRL;J5;31;01.02.2023;31.01.2026;EUR;57,00;1/00010-14 219/23 PRIVITERA SRL\n"
     "2023J£MOLIRI SRL;5100015650;MOLIRI SRL;J£;31;18.05.2023;31.01.2026;EUR;538,72;ETSER VARI2 18.05.23 MOLIRI SRL\n"
     "2024J£HOPERA SRL;5100003579;HOPERA SRL;J£;21;29.10.2024;31.01.2026;EUR;-93,10;ETSER 1298/24 HOPERA SRL\n",
     r"it is a list of vendors' line items \(its column 'Chiave contabile'\)"),
    ("statement.csv",
     'Date,Type,Title,Info,Currency,Amount,"Fees & Taxes",Net,"Tax Details"\n'
     '"October 31, 2025",Fee,"Processing fee","Order #3844871551",USD,--,-$2.33,-$2.33,--\n'
     '"October 31, 2025",Sale,"Payment for Order #3844871551",,USD,$69.20,--,$69.20,--\n'
     '"October 31, 2025",Tax,"Sales tax paid by buyer","Order #3844871551",USD,--,-$4.53,-$4.53,--\n'
     '"October 30, 2025",Deposit,"$412.08 sent to your bank account",,USD,--,--,--,--\n',
     r"it is a marketplace's or a payment provider's statement of your account \(its column 'Type'\)"),
]


@pytest.mark.parametrize(("name", "text", "said"), OTHER_KIND_FILES, ids=[f[0] for f in OTHER_KIND_FILES])
def test_other_kinds_of_lists_are_refused_as_no_debts(settings, tmp_path, name, text, said):
    """Files a finance team keeps beside its receivables, each refused for a missing column alone
    (with advice that would import it) or imported: Zoho CRM's purchase orders and quotes, an expense
    report, a register of fixed assets, a petty cash book (IN and OUT), Odoo's sale order lines by
    their invoicing state, a lender's register of loans paid out, a loan's schedule, subscriptions,
    products, commissions, payouts, orders paid at checkout, refunds, a marketplace's statement."""
    _refused(settings, tmp_path / name, text, said)


def test_lists_of_debts_naming_orders_loans_or_trade_are_imported(settings, tmp_path):
    """Invoices naming the customer's purchase order, a loan book's arrears beside what was disbursed, a
    lender's instalments overdue, invoices typed by their direction of trade: lists of debts, imported."""
    owed = _prepared(settings, tmp_path / "invoices.csv", "Invoice Number,Customer,PO Number,PO Date,Amount Due\n"
                     "F-1,Alfa Ltd,PO-1,01/03/2026,1200.00\nF-2,Beta Ltd,PO-2,02/03/2026,300.00\n")
    # a distributor's open invoices naming what each sold: its brand, model, category and weight beside
    # the customer are no list of products
    sold = _prepared(settings, tmp_path / "sold.csv", "Documento,Entidad,Marca,Modelo,Categoria,Peso,Importe\n"
                     "F-1,Alfa SL,Bosch,TP-750,Herramientas,2.1,1200.00\nF-2,Beta SL,Stanley,LL-10,Herramientas,0.4,300.00\n")
    assert set(_owed(sold)) == {"F-1", "F-2"}
    assert sorted(_owed(owed)) == ["F-1", "F-2"]
    shipped = _prepared(settings, tmp_path / "shipped.csv", "Bill To,PO Number,PO Date,Doc No,Amount\n"
                        "Alfa Ltd,PO-1,01/03/2026,F-1,1200.00\nBeta Ltd,PO-2,02/03/2026,F-2,300.00\n")
    assert sorted(_owed(shipped)) == ["F-1", "F-2"]
    # a shop's unpaid orders, each line's stock and price beside the amount still due
    unpaid = _prepared(settings, tmp_path / "unpaid.csv", "Order,Buyer,SKU,Stock,Price,Amount Due\n"
                       "O-1,Alfa Ltd,100,99,79.95,79.95\nO-2,Beta Ltd,101,135,69.95,69.95\n")
    assert sorted(_owed(unpaid)) == ["O-1", "O-2"]
    arrears = _prepared(settings, tmp_path / "arrears.csv", "Loan Number,Client Name,Amount Disbursed,Arrears Amount\n"
                        "L-1,Joan Kansiime,1000000,250000\nL-2,Peter Okello,500000,50000\n")
    assert sorted(_owed(arrears)) == ["L-1", "L-2"]
    # a lender's instalments overdue, each borrower named, are debts
    overdue = _prepared(settings, tmp_path / "overdue.csv", "Loan ID,Borrower Name,Installment No,Due Date,Principal,"
                        "Interest,Amount Due\nL-1,Joan Kansiime,3,2026-03-01,1324.18,567.51,1891.69\n"
                        "L-2,Peter Okello,5,2026-03-09,800.00,120.00,920.00\n")
    assert sorted(_owed(overdue)) == ["L-1", "L-2"]
    # a lender's instalments with their state ('LATE', 'PAID'): the overdue ones are owed, no schedule
    states = _prepared(settings, tmp_path / "installments.csv", "installment_id,borrower_name,installment_number,due_date,"
                       "principal_due,interest_due,total_due,status\n1,Ana Ruiz,1,2025-02-15,1000,120,1120,PAID\n"
                       "2,Ana Ruiz,2,2025-03-15,1000,110,1110,LATE\n3,Luis Gil,1,2025-03-15,800,90,890,DUE\n")
    assert sorted(_owed(states).values()) == [Decimal("890.00"), Decimal("1110.00")]
    # without the borrowers' names (they are in another file), refused for that, not as instalments to come
    _refused(settings, tmp_path / "fintrust.csv", "installment_id,loan_id,installment_number,due_date,principal_due,"
             "interest_due,installment_status\n1,7000,1,2025-02-15,1000,120,PAID\n2,7000,2,2025-03-15,1000,110,LATE\n",
             r"\(debtor\.name\)", code="required-column-missing")
    trade = _prepared(settings, tmp_path / "freight.csv", "Invoice,Customer,Direction,Amount Due\n"
                      "F-1,Alfa Ltd,Import,1200.00\nF-2,Beta Ltd,Export,300.00\n")
    assert sorted(_owed(trade)) == ["F-1", "F-2"]
    # a rent roll whose units are occupied or vacant, each tenant's balance beside: what is owed
    roll = _prepared(settings, tmp_path / "onesite.csv", (
        "Unit,Resident,Status,Market Rent,Balance\n101,Mary Smith,Occupied,1200,350.00\n102,,Vacant,1200,0\n"
        "103,John Brown,Occupied,1150,1150.00\n"
    ))
    assert sorted(roll.cases.filter(pl.col(VALID))["debtor.name"].to_list()) == ["John Brown", "Mary Smith"]


def test_an_accounting_journal_of_the_ledger_s_accounts_is_refused_as_no_debts(settings, tmp_path):
    """A Colombian accounting journal (Siigo's 'Comprobantes'): each voucher's entries on the ledger's
    accounts, a debit beside a credit. Its balanced vouchers had been netted away as paid invoices,
    and a bank's line of a severance payment imported as a debt owed by the bank."""
    journal = tmp_path / "comprobantes.csv"
    journal.write_text("Comprobante,Fecha elaboración,Código contable,Cuenta contable,Nombre tercero,Débito,Crédito,Movimiento\n" + "".join(
        f"A-{376 + n},07/02/2026,{14350101 + n},Mercancías no fabricadas,PROVEEDORA {n} SAS,0.0,{1997 + n}.25,{1997 + n}.25\n"
        f"A-{376 + n},07/02/2026,61350520,Ajuste de Inventario,PROVEEDORA {n} SAS,{1997 + n}.25,0.0,-{1997 + n}.25\n"
        for n in range(4)), encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is an accounting journal \(its columns 'Cuenta contable', 'Débito', 'Crédito'\)"):
        prepare_file(journal, settings)
    # a Swiss journal: each entry's account and its contra account ('Kto', 'GKto');
    # bexio's account sheet, its running 'Saldo' beside 'Soll' and 'Haben' and the contra account 'GK'
    _refused(settings, tmp_path / "journal.csv",
             "Blg,Datum,Kto,S/H,GKto,Netto,Steuer,Tx1\n1127,14.1.2025,1100,S,div,417.65,0.00,Test\n"
             "1127,14.1.2025,3202,H,1100,238.00,19.28,Test\n1128,15.1.2025,1100,S,3202,120.00,9.24,Muster AG\n",
             r"it is an accounting journal \(its columns 'Kto', 'GKto'\)")
    _refused(settings, tmp_path / "kontoblatt.csv",
             "Kontonummer;Datum;Referenz;Beschreibung;GK;GK Beschreibung;Soll;Haben;Saldo\n"
             "1010;01.01.2022;MB 123;Description;6210;Betriebsstoffe;;36.91;-36.91\n"
             "1010;02.01.2022;MB 124;Description;1100;Debitoren;500.00;;463.09\n"
             "1010;03.01.2022;MB 125;Description;3400;Erlöse;;20.00;443.09\n",
             r"it is an accounting journal \(its columns 'Kontonummer', 'Soll', 'Haben'\)")
    # Banana's journal: the account each entry debits and the one it credits, bare numbers
    _refused(settings, tmp_path / "registrazioni.txt",
             "Date\tDoc\tDescription\tAccountDebit\tAccountCredit\tAmount\tVatCode\n"
             "2017-01-01\t1\tFattura cliente A\t1100\t3000\t100.00\tV21\n2017-01-02\t2\tFattura cliente B\t1100\t3000\t250.00\tV21\n",
             r"it is an accounting journal \(its columns 'AccountDebit', 'AccountCredit'\)")
    # Yayoi's journal (Japan): each entry's debit account and credit account, a customer's name as a sub-account
    _refused(settings, tmp_path / "shiwake.csv",
             "伝票No,取引日付,借方勘定科目,借方補助科目,借方金額,貸方勘定科目,貸方補助科目,貸方金額,摘要\n"
             "1,2025/04/01,売掛金,株式会社サンプル,110000,売上高,,110000,4月分売上\n"
             "2,2025/04/05,普通預金,,55000,売掛金,株式会社テスト,55000,入金\n3,2025/04/10,消耗品費,,3300,現金,,3300,文具\n",
             r"it is an accounting journal \(its columns '借方勘定科目', '貸方勘定科目'\)")


def test_a_brazilian_bank_slip_s_payment_line_says_the_amounts_are_in_reais(settings, tmp_path):
    """A condominium's bank slips (boletos): 'linha_digitavel', the slip's payment line, is Brazil's
    alone; the dues had been read in euros."""
    prepared = _prepared(settings, tmp_path / "boletos.csv", (
        "nome;unidade;documento;valor;linha_digitavel\n"
        "JOSE DA SILVA;17;B-101;182.54;23793381286000000001234567890123456789012345678\n"
        "MARIA SOUZA;21;B-102;153.10;23793381286000000001234567890123456789012345679\n"
    ))
    assert set(prepared.cases["currency"]) == {"BRL"}
    assert any("'linha_digitavel' names a tax, a tax number or a bank slip of BR alone" in n for n in prepared.notices)


def test_a_debt_of_zero_is_settled_and_vietnamese_names_say_dong(settings, tmp_path):
    """A school's student debts: 'debt' is what each owes (it had read as a ledger's 'debit'), so a
    debt of zero is settled, left out, not an error; the names, in letters Vietnamese alone writes
    ("Bùi Trường Giang"), say the amounts are in dong."""
    prepared = _prepared(settings, tmp_path / "student_debts.csv", (
        "debtID,studentName,debt\n"
        "D000,Bùi Trường Giang,2940000\n"
        "D001,Nguyễn Thị Hạnh,0\n"
        "D002,Trần Văn Đức,1500000\n"
    ))
    assert _owed(prepared) == {"D000": Decimal("2940000"), "D002": Decimal("1500000")}
    assert not prepared.problems.filter(pl.col("code") == "zero-amount").height
    assert set(prepared.cases.filter(pl.col(VALID))["currency"]) == {"VND"}


def test_a_direct_debit_batch_is_refused_and_its_returned_debits_are_not(settings, tmp_path):
    """A club's SEPA collection run ('Mandaat Id', 'Incassodatum', 'Soort Incasso'): amounts about to
    be debited under the members' mandates, which had been imported as overdue debts. A list of the
    debits that came back ('Storno') is what a creditor collects."""
    header = "Naam Tegenrekening;IBAN Tegenrekening;Mandaat Id;Bedrag;Incassodatum;Soort Incasso;Omschrijving"
    rows = "".join(f"Lid {n};NL75INGB000905071{n};242352{n};1{n},00;29-9-2018;Terugkerend;Contributie {n}\n" for n in range(4))
    batch = tmp_path / "incasso.csv"
    batch.write_text(header + "\n" + rows, encoding="utf-8")
    with pytest.raises(MappingError, match=r"it is a direct-debit batch \(its columns 'Mandaat Id', 'Incassodatum'\)"):
        prepare_file(batch, settings)
    returned = _prepared(settings, tmp_path / "storno.csv", header + ";Storno reden\n" + rows.replace("\n", ";AM04\n"))
    assert len(_owed(returned)) == 4


def test_a_brazilian_receivables_list_keyed_by_its_titulos_with_its_phones_read_in_brazil(settings, tmp_path):
    """An ERP's contas a receber: each título (an invoice's instalment) its own row, the NF repeated
    by the instalments of one invoice, a CNPJ and phones written without their country. The título is
    the reference (the NF had made three instalments one case), and the CNPJ that says reais says
    Brazil of the phones too: '(11) 98888-1111' had been no number of France, the default region."""
    prepared = _prepared(settings, tmp_path / "receber.csv", (
        "Titulo;NF;Cliente;CNPJ;Emissao;Vencimento;Valor;Saldo;Situacao;Telefone\n"
        "7001;3001;Construtora Alfa;11222333000181;01/09/2026;20/09/2026;15.000,00;5.000,00;Aberto;(11) 98888-1111\n"
        "7002;3001;Construtora Alfa;11222333000181;01/09/2026;20/10/2026;15.000,00;5.000,00;Aberto;(11) 98888-1111\n"
        "7003;3003;Obra Gama;77888999000155;05/09/2026;25/09/2026;22.000,00;22.000,00;Aberto;(11) 96666-3333\n"
    ))
    assert _owed(prepared) == {"7001": Decimal("5000.00"), "7002": Decimal("5000.00"), "7003": Decimal("22000.00")}
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["currency"].unique().to_list() == ["BRL"]
    assert valid["debtor.phone"].to_list() == ["+5511988881111", "+5511988881111", "+5511966663333"]
    assert any("the amounts are read in BRL, and the phone numbers without a country in BR" in n
               for n in prepared.notices)


@pytest.mark.parametrize("state", ["Cancelada", "Denegada", "Inutilizada"])
def test_an_nfe_register_leaves_out_the_notes_cancelled_or_denied(settings, tmp_path, state):
    """An NF-e register's 'Situacao': Autorizada (issued) or Cancelada, Denegada, Inutilizada (no
    invoice). Its header was read as no status, and the cancelled note was imported as owed."""
    prepared = _prepared(settings, tmp_path / "nfs.csv", (
        "NF;Serie;Emissao;Cliente;CNPJ;Valor Total;Situacao\n"
        "3001;1;01/09/2026;Construtora Alfa;11222333000181;15.000,00;Autorizada\n"
        "3002;1;02/09/2026;Deposito Beta;44555666000199;8.400,00;Autorizada\n"
        f"3005;1;09/09/2026;Deposito Beta;44555666000199;1.200,00;{state}\n"
    ))
    assert _owed(prepared) == {"3001": Decimal("15000.00"), "3002": Decimal("8400.00")}
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_czech_list_of_invoices_issued_and_received_leaves_out_the_paid_and_the_payables(settings, tmp_path):
    """'smer' (direction): vydaná, an invoice issued, or přijatá, one received (a payable); 'zaplaceno'
    (paid) the day each was paid. The paid invoice and the supplier's bill had been imported as owed."""
    prepared = _prepared(settings, tmp_path / "faktury.csv", (
        "cislo;smer;klient;ico;vystaveno;splatnost;zaplaceno;popis;castka;mena\n"
        "2025-0001;vydana;Acme s.r.o.;12345678;15.01.2025;29.01.2025;28.01.2025;Vyvoj webu;25000;CZK\n"
        "2025-0002;vydana;Beta a.s.;22345678;16.01.2025;30.01.2025;;Hosting;1200;CZK\n"
        "FP-889;prijata;Dodavatel a.s.;87654321;20.01.2025;03.02.2025;;Licence;4500;CZK\n"
    ))
    assert _owed(prepared) == {"2025-0002": Decimal("1200.00")}
    assert any("'smer' says they are payables ('prijata')" in n for n in prepared.notices)
    assert any("('zaplaceno': '28.01.2025')" in n for n in prepared.notices)


def test_a_list_of_bills_to_suppliers_refused_for_its_number_says_it_is_payables(settings, tmp_path):
    """A household's bills: 'Název' (what: Internet), 'Dodavatel' (the supplier). Refused for a
    missing number, its advice was to name one, which imported the bills as owed by 'Internet'."""
    error = _refused(settings, tmp_path / "platby.csv", (
        "Název;Dodavatel;Částka;Měna;Periodicita;Splatnost\n"
        "Internet;ISP;799;CZK;měsíčně;25.09.2026\nNájem;Pronajímatel;15000;CZK;měsíčně;01.10.2026\n"
    ), r"Its column 'Dodavatel' names suppliers: a list of what is owed to suppliers \(payables\)",
        code="required-column-missing")
    assert error.facts["missing"] == ["reference"]


def test_slovak_invoice_lines_are_read_in_euros_at_their_quantity_times_their_price(settings, tmp_path):
    """A Slovak e-invoice's lines: 'cena' (unit price) beside 'mnozstvo' (quantity), the customer's
    'icdph' (Slovakia's VAT number). The headers read as Czech had made the lines koruny, each at
    its unit price; the amount computed was written '40.00' among '20,00', said to mix separators."""
    prepared = _prepared(settings, tmp_path / "faktury_sk.csv", (
        "cislo;vystavena;splatnost;odberatel;ico_odb;icdph_odb;mnozstvo;cena\n"
        "FA-1;01.07.2026;15.07.2026;Alfa s.r.o.;11111111;SK2020111116;1;10,00\n"
        "FA-2;01.07.2026;15.07.2026;Beta s.r.o.;22222222;SK2020222226;2;20,00\n"
    ))
    assert _owed(prepared) == {"FA-1": Decimal("10.00"), "FA-2": Decimal("40.00")}
    assert prepared.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["EUR"]
    assert any("line 3: 2 × 20,00 = 40,00" in n for n in prepared.notices)
    assert not any("mix decimal separators" in n for n in prepared.notices)


def test_a_products_code_of_letters_and_a_number_writes_no_currency(settings, tmp_path):
    """A French BI export's 'code_produit' ('SVC-022', a service's code) had been read as amounts
    written in Salvadoran colones, and every invoice with them: SVC 17,158 where the file is in euros."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "numero_facture,client,code_produit,date_echeance,montant_ttc\n"
        "FAC-1,Durand SA,SVC-022,2026-01-27,4284.0\nFAC-2,Leroy SARL,SVC-020,2026-02-05,6384.0\n"
        "FAC-3,Petit SAS,SVC-004,2026-03-08,11520.0\nFAC-4,Moreau EURL,SVC-117,2026-03-10,980.0\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["EUR"]
    assert not any("writes its amounts in" in n for n in prepared.notices)


def test_a_number_with_a_letter_between_its_digits_writes_no_currency(settings, tmp_path):
    """Philadelphia's property tax balances: each lien's number ('1511R10517342') had been read as an
    amount written in rands, and every balance with it: ZAR where the file names no currency."""
    prepared = _prepared(settings, tmp_path / "balances.csv", (
        "bill_number,owner,tax_period,total,lien_number\n"
        "B-2010-1,Smith John,2010,578.10,1511R10517342\nB-2015-2,Jones Mary,2015,52.64,1411R10417350\n"
        "B-2016-3,Brown Lee,2016,1052.60,1611R10617359\nB-2017-4,Davis Ann,2017,301.00,1711R10717361\n"
    ))
    assert prepared.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["EUR"]
    assert not any("writes its amounts in" in n for n in prepared.notices)


def test_dollars_named_by_the_header_are_the_dollars_of_the_debtors_provinces(settings, tmp_path):
    """A Vancouver contractor's Jobber export: 'Balance ($)', its clients in British Columbia ('Bc')
    and Alberta ('AB'), their phones written without a country. The dollars had been US dollars and the phones no
    numbers of France; they are Canada's, said. Under a header of US dollars, the provinces change
    nothing."""
    text = (
        "Invoice #,Client name,Client phone,Service city,Service province,Due date,Balance ($)\n"
        "9001,Alice Example,(604) 555-0101,Vancouver,British Columbia,\"Dec 04, 2025\",210.0\n"
        "9002,Bob Newcomer,(778) 555-0102,Burnaby,Bc,\"Feb 24, 2026\",52.5\n"
        "9003,Carol Card,(403) 555-0103,Calgary,AB,\"Mar 15, 2026\",100.8\n"
        "9004,Dan Late,(604) 555-0104,Vancouver,-,\"Dec 15, 2025\",420.0\n"
    )
    prepared = _prepared(settings, tmp_path / "jobber.csv", text)
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["currency"].unique().to_list() == ["CAD"]
    assert valid["debtor.phone"].to_list() == ["+16045550101", "+17785550102", "+14035550103", "+16045550104"]
    assert any(n.startswith("amount: 'Balance ($)' names dollars, and the debtors' provinces or states in 'Service province' "
                            "are CA's: the amounts are read in CAD, and the phone numbers without a country in CA")
               for n in prepared.notices)
    us = _prepared(settings, tmp_path / "jobber_usd.csv", text.replace("Balance ($)", "Balance (US$)"))
    assert us.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["USD"]


def test_indias_return_of_purchases_is_refused_as_payables(settings, tmp_path):
    """A GSTR-2A download: the invoices the company's suppliers issued it ('Taxable inward supplies
    received'), each supplier's GSTIN and name in an upper header line, the invoice's parts under a
    label over them ('Invoice details'). 5,482 of them had been imported as debts owed to it."""
    _refused(settings, tmp_path / "gstr2a.csv", (
        "Goods and Services Tax  - GSTR 2A,,,,\n,,,,\nTaxable inward supplies received from registered persons,,,,\n"
        "GSTIN of supplier,Trade/Legal name of the Supplier,Invoice details,,\n,,Invoice number,Invoice Date,Invoice Value\n"
        "19AAECS1679J1ZV,S.V. ELECTRONICS PRIVATE LIMITED,LBAAAD2270203721,06-06-2026,36.0\n"
        "29AABCT1332L1ZD,TATA STEEL LIMITED,TS-2026-0042,07-06-2026,1250.0\n"
    ), r"its title \(line 1: 'Goods and Services Tax  - GSTR 2A'\) is a report of what your company owes its suppliers "
       r"\(payables\)")


def test_a_units_dues_month_by_month_are_debts_of_their_own(settings, tmp_path):
    """A housing society's dues: a row per unit per month ('2026-01'), paid or not. The unpaid
    months had been left out as the paid month above them again, and the file said nothing was
    owed. Named by its unit, each month is a debt, keyed by the unit and the month."""
    text = ("UnitNo,Month,Amount,Status,ReceiptNo,PaymentDate\n"
            "Shop-01,2026-01,300,Paid,REC-2026-0001,2026-09-07\nShop-01,2026-02,300,Unpaid,,\nShop-01,2026-03,300,Unpaid,,\n"
            "Flat-101,2026-01,500,Paid,REC-2026-0002,2026-09-07\nFlat-101,2026-02,500,Unpaid,,\n")
    path = tmp_path / "dues.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError, match=r"recognised as the debtor's full name"):
        prepare_file(path, settings)
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("UnitNo", "debtor.name"),)))
    assert _owed(prepared) == {"Shop-01 2026-02": Decimal("300.00"), "Shop-01 2026-03": Decimal("300.00"),
                               "Flat-101 2026-02": Decimal("500.00")}


def test_the_cfa_franc_written_fcfa_is_read_as_west_africas(settings, tmp_path):
    """An Ivorian school's arrears, 'Reste à payer (FCFA)', and a trader's amounts written '125 000
    FCFA': the franc had been no currency the tool knew, read as euros by default (655 times too
    much) or each amount refused. West Africa's franc, which Central Africa's is worth to the unit."""
    header = _prepared(settings, tmp_path / "retards.csv", (
        "Matricule;Eleve;Total dû (FCFA);Reste à payer (FCFA)\nE-1;Kone Awa;150000;100000\nE-2;Traore Ali;150000;150000\n"))
    assert _owed(header) == {"E-1": Decimal("100000"), "E-2": Decimal("150000")}
    assert header.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["XOF"]
    cells = _prepared(settings, tmp_path / "factures.csv", (
        "Facture;Client;Montant;Echeance\nF-1;Kone SARL;125 000 FCFA;2026-01-10\nF-2;Traore;45 500 F CFA;2026-01-12\n"))
    assert _owed(cells) == {"F-1": Decimal("125000"), "F-2": Decimal("45500")}
    assert cells.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["XOF"]


def test_a_balance_shown_to_follow_the_payments_is_not_brought_down_by_them_again(settings, tmp_path):
    """A Ghanaian school's fees: 'Total Due' is 'Balance' and 'Total Paid' together on each row, so
    the balance is what is owed. A pupil who paid half ('Total Paid' 750.25, 'Balance' 750.25) had
    made the balance read as a total, each payment taken off it again: 50.00 owed of 950.00, and the
    half-paid pupil left out as paid in full."""
    prepared = _prepared(settings, tmp_path / "fees.csv", (
        "Student Name,Student No.,Class,Total Due (GHS),Total Paid (GHS),Balance (GHS),Status\n"
        "Kwame Asante,STU-0012,JHS 2,1850.00,1850.00,0.00,paid\nAbena Owusu,STU-0031,JHS 2,1850.00,900.00,950.00,partial\n"
        "Yaw Boateng,STU-0107,JHS 3,2100.00,0.00,2100.00,unpaid\nEfua Mensah,STU-0004,Basic 6,1500.50,750.25,750.25,partial\n"))
    assert _owed(prepared) == {"STU-0031": Decimal("950.00"), "STU-0107": Decimal("2100.00"), "STU-0004": Decimal("750.25")}


def test_an_arabic_apps_receivables_read_their_names_statuses_and_marked_dates(settings, tmp_path):
    """An Egyptian lawyer's and a tutor's apps: the client ('اسم الموكل'), the student ('اسم الطالب'),
    statuses 'مفتوح' (open), 'دفع جزئي' (paid in part), 'تم الدفع' (paid), and due dates as a browser writes
    them in Arabic, each number followed by a right-to-left mark ('٣١‏/١‏/٢٠٢٦'). The files had been refused
    for a name, the dates read as no dates, the statuses as unknown."""
    rlm = "\u200f"
    prepared = _prepared(settings, tmp_path / "cases.csv", (
        "رقم القضية,اسم الموكل,المادة,المبلغ المتبقي,تاريخ الاستحقاق,الحالة\n"
        f"1542,سامي رشدي,مدني,10000,٣١{rlm}/١{rlm}/٢٠٢٦,مفتوح\n"
        f"3310,منى عبد الله,أسرة,2500,١٥{rlm}/٢{rlm}/٢٠٢٦,دفع جزئي\n"
        f"4471,طارق حسن,تجاري,800,٢٨{rlm}/٢{rlm}/٢٠٢٦,تم الدفع\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.name"], fields["due_date"]) == ("اسم الموكل", "تاريخ الاستحقاق")
    assert "المادة" not in fields.values()
    assert _owed(prepared) == {"1542": Decimal("10000.00"), "3310": Decimal("2500.00")}
    assert prepared.cases.filter(pl.col(VALID))["due_date"].cast(pl.String).to_list() == ["2026-01-31", "2026-02-15"]
    assert not any("no status the tool knows" in n for n in prepared.notices)
    student = _prepared(settings, tmp_path / "students.csv", "م,اسم الطالب,المبلغ المتبقي\n1,يوسف أحمد,400\n2,مريم خالد,150\n")
    assert student.mapping.field_columns()["debtor.name"] == "اسم الطالب"


def test_a_turkish_creditors_receivables_still_to_collect_are_the_amount(settings, tmp_path):
    """A Turkish tradesman's app: 'Toplam Alacak (TL)' (the receivable), 'Tahsil Edilen (TL)' (collected),
    'Kalan Alacak (TL)' (still to collect), phones written without their country. 'Alacak' had been read as
    a ledger's credit, what was paid: the file was refused, and the receivables named by hand were left
    out as paid. The lira named by the header places the phones in Turkey too."""
    prepared = _prepared(settings, tmp_path / "alacaklar.csv", (
        "\ufeffKişi veya Firma;Telefon;Fatura No;Toplam Alacak (TL);Tahsil Edilen (TL);Kalan Alacak (TL);Vade Tarihi\n"
        "Mehmet Yılmaz;0532 456 78 90;IS-1;4500,00;2000,00;2500,00;15.03.2026\n"
        "Aksoy Yapı Ltd. Şti.;0212 345 67 89;IS-2;15800,00;0,00;15800,00;30.04.2026\n"
        "Ayşe Demir;05551234567;IS-3;3000,00;3000,00;0,00;-\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Kalan Alacak (TL)"
    assert _owed(prepared) == {"IS-1": Decimal("2500.00"), "IS-2": Decimal("15800.00")}
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["currency"].unique().to_list() == ["TRY"]
    assert valid["debtor.phone"].to_list() == ["+905324567890", "+902123456789"]


def test_an_israeli_agencys_invoices_read_in_hebrew(settings, tmp_path):
    """Green Invoice's list, in Hebrew: the invoice's number, the customer, when it falls due, the
    total in shekels, the status ('שולם': paid, 'ממתין לתשלום': awaiting payment). No header was known:
    the file was refused, and once mapped by hand the paid invoice was imported."""
    prepared = _prepared(settings, tmp_path / "invoices_he.csv", (
        "מספר חשבונית,לקוח,תאריך הפקה,תאריך פירעון,סכום כולל,סטטוס\n"
        "10045,סטודיו כרמל,01/02/2026,03/03/2026,11700.00,שולם\n"
        "10046,מאפיית לוי,05/02/2026,07/03/2026,4680.00,ממתין לתשלום\n"
        "10047,עמותת אור לציון,12/02/2026,14/03/2026,2340.00,באיחור\n"
    ))
    fields = prepared.mapping.field_columns()
    assert (fields["reference"], fields["debtor.name"], fields["due_date"], fields["amount"]) == (
        "מספר חשבונית", "לקוח", "תאריך פירעון", "סכום כולל")
    assert _owed(prepared) == {"10046": Decimal("4680.00"), "10047": Decimal("2340.00")}
    assert prepared.cases.filter(pl.col(VALID))["currency"].unique().to_list() == ["ILS"]
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_arabic_outstanding_receivables_and_a_bare_name_header(settings, tmp_path):
    """A law office's report: the total, what was collected ('المحصل الفعلي') and the receivables still
    outstanding ('الذمم المعلقة'); an internet provider's subscribers under 'الاسم' (the name) beside their
    monthly fee. The total had been imported (53,000 where 33,000 is owed), the subscribers refused for a
    name, and their monthly fee offered as the reference."""
    law = _prepared(settings, tmp_path / "law.csv", (
        "الموكل,رقم القضية,المبلغ الإجمالي (ج.م),المحصل الفعلي (ج.م),الذمم المعلقة (ج.م)\n"
        "شركة الدلتا للمقاولات,CASE-2026-014,45000,20000,25000\nسامي رشدي,CASE-2026-021,8000,0,8000\n"))
    assert law.mapping.field_columns()["amount"] == "الذمم المعلقة (ج.م)"
    assert _owed(law) == {"CASE-2026-014": Decimal("25000.00"), "CASE-2026-021": Decimal("8000.00")}
    isp = _prepared(settings, tmp_path / "isp.csv", (
        "الاسم,العنوان,الرسوم الشهرية,المبلغ المستحق\nمحمد أحمد علي,أسيوط,350,350\nسارة محمود حسن,المنيا,250,500\n"
        "خالد عبد الرحمن,المنيا,500,1000\nمنى فؤاد,أسيوط,250,250\nعمر سمير,سوهاج,350,700\n"))
    fields = isp.mapping.field_columns()
    assert fields["debtor.name"] == "الاسم" and fields["amount"] == "المبلغ المستحق"
    assert fields["reference"] != "الرسوم الشهرية"


def test_an_arabic_payment_date_marks_the_instalment_paid_and_dates_no_invoice(settings, tmp_path):
    """An instalments app's 'تاريخ الدفع' (the day it was paid) had been read as each invoice's date;
    'معلق' (pending) was no status the tool knew."""
    prepared = _prepared(settings, tmp_path / "installments.csv", (
        "رقم الفاتورة,اسم العميل,المبلغ,تاريخ الاستحقاق,الحالة,تاريخ الدفع\n"
        "INV-101,أحمد محمود,1500.00,2026-01-05,مدفوع,2026-01-04\nINV-102,أحمد محمود,1500.00,2026-02-05,معلق,\n"
        "INV-112,منى إبراهيم,2250.50,2026-01-15,معلق,\n"))
    assert "issue_date" not in prepared.mapping.field_columns()
    assert _owed(prepared) == {"INV-102": Decimal("1500.00"), "INV-112": Decimal("2250.50")}
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_bulgarian_export_is_read_in_bulgarian_and_its_phones_in_bulgaria(settings, tmp_path):
    """Microinvest's receivables in cp1251: Bulgarian's own words ('Падеж' the due date, 'Остатък' what
    remains, 'Платено' paid, 'ЕИК' a registry number) are read, and the numbers written without a
    country are Bulgaria's (they had been read as France's, the default, or left invalid)."""
    path = tmp_path / "vzemania.csv"
    path.write_bytes((
        "Фактура №;Дата;Падеж;Клиент;ЕИК;Телефон;Сума;Платено;Остатък\n"
        "0000004512;04.10.2026;03.11.2026;Строй Инвест ЕООД;204512377;0888 123 456;2 340,00;0,00;2 340,00\n"
        "0000004519;06.10.2026;05.11.2026;Пловдив Агро АД;115632890;032 601 200;11 880,00;5 000,00;6 880,00\n"
        "0000004522;09.10.2026;08.11.2026;Варна Трейд ООД;103004455;052 600 700;4 750,80;0,00;4 750,80\n"
    ).encode("cp1251"))
    prepared = prepare_file(path, settings)
    columns = prepared.mapping.field_columns()
    assert (columns["reference"], columns["amount"], columns["due_date"]) == ("Фактура №", "Остатък", "Падеж")
    assert [str(a) for a in prepared.cases["amount"].to_list()] == ["2340.00", "6880.00", "4750.80"]
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-11-03", "2026-11-05", "2026-11-08"]
    assert prepared.cases["debtor.phone"].to_list() == ["+359888123456", "+35932601200", "+35952600700"]
    # Bulgaria's currency is the euro: no notice of roubles
    assert not any("RUB" in n for n in prepared.notices)


def test_dates_neither_column_can_tell_are_read_in_the_order_keeping_each_due_date_after_its_invoice(settings, tmp_path):
    """A US practice's bills ('Issued' 03/12/2026, 'Due' 04/11/2026): day first, each bill would fall
    due a month before it was issued; month first, thirty days after. Read month first, said. A
    file both orders read sensibly keeps the default order, and a day-first file stays so."""
    prepared = _prepared(settings, tmp_path / "bills.csv", (
        "Bill #,Client,Issued,Due,Total,Balance\n7002,Pemberton Freight LLC,03/12/2026,04/11/2026,500.00,400.00\n"
        "7003,Quist Law,03/10/2026,04/09/2026,300.00,300.00\n"
    ))
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-04-11", "2026-04-09"]
    assert [str(d) for d in prepared.cases["issue_date"].to_list()] == ["2026-03-12", "2026-03-10"]
    assert any("the only order in which no due date comes before its invoice's date" in n for n in prepared.notices)
    assert "due-before-issue" not in set(prepared.problems["code"].to_list())
    # issued the 5th of March, due the 4th of April: day first (month first, due before issued)
    day_first = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice,Client,Date,Due Date,Balance\nA-1,Acme Ltd,05/03/2026,04/04/2026,120.00\n"
        "A-2,Globex Ltd,06/03/2026,05/04/2026,80.00\n"
    ))
    assert [str(d) for d in day_first.cases["due_date"].to_list()] == ["2026-04-04", "2026-04-05"]
    # both orders keep every due date after its invoice's: the default order, the doubt said
    either = _prepared(settings, tmp_path / "either.csv", (
        "Invoice,Client,Date,Due Date,Balance\nA-1,Acme Ltd,01/02/2026,01/03/2026,120.00\n"
        "A-2,Globex Ltd,02/02/2026,02/03/2026,80.00\n"
    ))
    assert [str(d) for d in either.cases["due_date"].to_list()] == ["2026-03-01", "2026-03-02"]
    assert not any("the only order" in n for n in either.notices)


def test_a_turkish_invoice_lists_toplam_is_the_total_owed_not_its_net_tutar(settings, tmp_path):
    """A Turkish monthly list of invoices: 'TUTAR' the net, 'KDV' the VAT, 'TOPLAM' their sum, owed;
    'TOPLAM' had not been known, and the net imported."""
    prepared = _prepared(settings, tmp_path / "faturalar.csv", (
        "Fatura No;FİRMA ADI;TUTAR;KDV;TOPLAM\nGIB2023000000101;F32 KARACA;1800;324;2124\n"
        "GIB2023000000102;BAKTAM;2200;396;2596\nGIB2023000000103;A69;2960;532,8;3492,8\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "TOPLAM"
    assert [str(a) for a in prepared.cases["amount"].to_list()] == ["2124.00", "2596.00", "3492.80"]


def test_a_hebrew_invoicing_export_imports_its_open_invoices_alone(settings, tmp_path):
    """Green Invoice's documents export (Israel): receipts, invoice-receipts, quotes and orders are
    no debts by their kind ('סוג המסמך'), closed documents are paid by their status ('סטטוס'); the
    one open tax invoice is owed. They had all been imported."""
    prepared = _prepared(settings, tmp_path / "documents.csv", (
        '"מספר המסמך","תאריך ערך","סוג המסמך",לקוח,סכום,מטבע,סטטוס\n'
        '50003,01/11/2026,"חשבונית מס","CWS Israel",11700,ILS,"מסמך פתוח"\n'
        '50002,29/10/2026,"חשבונית מס","CWS Israel",158.79,ILS,"מסמך סגור"\n'
        '80003,29/10/2026,קבלה,"CWS Israel",158.79,ILS,"מסמך סגור"\n'
        '60015,07/09/2026,"חשבונית מס / קבלה","רומן פרדמן",160.2,ILS,"מסמך סגור"\n'
        '10002,15/08/2026,הזמנה,"שחר חן",4986.54,ILS,"מסמך פתוח"\n'
        '301,15/08/2026,"הצעת מחיר","שחר חן",4986.54,ILS,"מסמך סגור"\n'
    ))
    assert _owed(prepared) == {"50003": Decimal("11700.00")}


def test_an_estonian_sales_list_is_owed_what_is_left_unpaid(settings, tmp_path):
    """An Estonian list of sales invoices: 'Tasumata' (left unpaid) is owed, over 'Summa' (the net) and
    'Kokku' (the total); 'Maksetähtaeg' is the due date, and the phones are Estonia's. The net had
    been imported, the paid invoice with it."""
    prepared = _prepared(settings, tmp_path / "muugiarved.csv", (
        "Arve nr;Kuupäev;Maksetähtaeg;Klient;Telefon;Registrikood;Summa;KM;Kokku;Tasumata\n"
        "2026-118;02.10.2026;16.10.2026;Tartu Puit OÜ;5123 4567;12345678;1 000,00;220,00;1 220,00;1 220,00\n"
        "2026-121;09.10.2026;23.10.2026;Pärnu Kalatööstus AS;5234 5678;10987654;2 500,00;550,00;3 050,00;1 050,00\n"
        "2026-130;20.10.2026;03.11.2026;Mari Tamm;5345 6789;;80,00;17,60;97,60;0,00\n"
    ))
    assert _owed(prepared) == {"2026-118": Decimal("1220.00"), "2026-121": Decimal("1050.00")}
    assert [str(d) for d in prepared.cases.filter(pl.col(VALID))["due_date"].to_list()] == ["2026-10-16", "2026-10-23"]
    assert prepared.cases.filter(pl.col(VALID))["debtor.phone"].to_list() == ["+37251234567", "+37252345678"]


def test_an_amount_due_that_its_paid_invoices_paid_whole_is_their_total_though_their_status_leaves_them_out(settings, tmp_path):
    """Stripe's invoices: 'amount_due' is what the invoice asked, paid in full on the paid ones
    (299.00 beside 'amount_paid' 299.00), which their status leaves out. An open invoice paid 100.00
    of 299.00 owes 199.00; it had been imported at 299.00, the paid rows judged after they had left."""
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "number,customer_name,amount_due,amount_paid,status,due_date\nIN-1,Alpha,299.00,299.00,paid,2026-10-01\n"
        "IN-2,Beta,299.00,100.00,open,2026-10-05\nIN-3,Gamma,150.00,0.00,open,2026-10-07\n"
        "IN-4,Delta,80.00,80.00,paid,2026-10-09\nIN-5,Epsilon,120.00,0.00,open,2026-10-11\n"
    ))
    assert _owed(prepared) == {"IN-2": Decimal("199.00"), "IN-3": Decimal("150.00"), "IN-5": Decimal("120.00")}


def test_a_record_of_time_and_expenses_is_refused_as_no_list_of_debts(settings, tmp_path):
    """Clio's activities (a law firm's time and expense entries): billable or billed, the hours, the
    rate. Work to be billed, or billed on invoices listed elsewhere: the entries had been imported
    as debts, one of them already on a bill. Harvest's time report is the same."""
    _refused(settings, tmp_path / "activities.csv", (
        "ID,Type,Date,User,Matter,Client,Description,Quantity,Rate,Total,Billable,Billed\n"
        "a301,TimeEntry,03/02/2026,Demo Owner,00201-Quist,Yolanda Quist,Draft trust,1.50,300.00,450.00,Yes,No\n"
        "a302,ExpenseEntry,03/03/2026,Demo Owner,00201-Quist,Yolanda Quist,County filing,1,85.00,85.00,Yes,No\n"
        "a303,TimeEntry,02/01/2026,Demo Owner,PF-7,Pemberton Freight LLC,Review lease,0.5,300.00,150.00,Yes,Yes\n"
    ), r"it is a record of time and expenses \(its columns 'Billable', 'Quantity', 'Rate'\)")
    _refused(settings, tmp_path / "harvest_time.csv", (
        "Date,Client,Project,Task,Notes,Hours,Billable?,Invoiced?,First Name,Last Name,Billable Rate,Billable Amount\n"
        "2026-11-02,Acme Corp,Website,Design,Mockups,3.5,Yes,No,Ana,Lee,120.00,420.00\n"
        "2026-11-03,Globex,App,Development,API,6,Yes,Yes,Ana,Lee,120.00,720.00\n"
    ), r"it is a record of time and expenses")
    # Clockify's detailed report: its headers carry their unit and currency in brackets
    _refused(settings, tmp_path / "clockify.csv", (
        '"Project","Client","Description","User","Email","Billable","Invoiced","Invoice ID","Start Date",'
        '"Duration (h)","Duration (decimal)","Billable Rate (EUR)","Billable Amount (EUR)"\n'
        '"Website","Real World Client","A giant task","Peter Tester","peter@email.test","Yes","Yes","Invoice100",'
        '"10/15/2024","00:30:00","0.50","1000.00","500.00"\n'
    ), r"it is a record of time and expenses \(its columns 'Billable', 'Duration \(h\)', 'Billable Rate \(EUR\)'\)")


def test_a_refusal_for_want_of_a_name_says_which_company_column_was_set_aside_for_its_codes(settings, tmp_path):
    """An agency's placement whose 'Razon social' holds codes ("Fake_Name_0": the portfolio written
    without its names): the column is set aside, and the refusal had offered every column but it,
    the reason said only in a note. It names the column, what it holds and how to take it."""
    refused = _refused_without_a_name(settings, tmp_path / "cartera.csv", (
        "Nro de Asignacion;Razon social;Domicilio;Importe Asignado\n"
        + "".join(f"8888888{n};Fake_Name_{n};Calle {n} 558;{1000 + n}.50\n" for n in range(6))
    ))
    assert ("'Razon social' reads as the company's name, but it holds codes ('Fake_Name_0', 'Fake_Name_1'): if those "
            "are the debtors' names, run with --set 'Razon social=debtor.name'.") in str(refused)
    # SAP's company codes, a few over many rows, are the ledger's companies: not offered
    ledger = _refused_without_a_name(settings, tmp_path / "items.csv", (
        "Document,Company,Amount\n" + "".join(f"D{n},{('UN0100', 'XT0150')[n % 2]},{100 + n}.00\n" for n in range(8))
    ))
    assert "reads as the company's name, but it holds codes" not in str(ledger)


def test_a_portfolios_statistics_counting_its_customers_are_refused(settings, tmp_path):
    """A regulator's figures per bank ("nombreentidad", "saldo de la cartera", "número de clientes en
    mora", the "ú" lost by the export): each row sums the loans of thousands of customers. It had been
    imported as 990 debts, the banks the debtors, a risk rating their references. A customer's own
    number, "Número de cliente" or "Clientes Nro", counts no one."""
    _refused(settings, tmp_path / "cartera_por_entidad.csv", (
        "nombreentidad,fecha_corte,_1_saldo_de_la_cartera_a,_16_n_mero_de_clientes_mora,_17_calificaci_n_de_riesgo\n"
        "Banco Gnb Sudameris,2015-01-31,37651351298,469,6176\nCitibank,2015-01-31,826852228376.59,5830,125128\n"
        "Itau,2015-01-31,476766070943.32,2476,43553\n"
    ), r"it is a portfolio's statistics \(its column '_16_n_mero_de_clientes_mora'\), each row the sums of many customers' debts")
    _refused(settings, tmp_path / "branches.csv", (
        "Branch,Outstanding Balance,customer_count\nNorth,125000.00,311\nSouth,98000.50,240\nEast,45000.00,97\n"
    ), r"it is a portfolio's statistics \(its column 'customer_count'\)")
    for number in ("Número de cliente", "Clientes Nro"):
        prepared = _prepared(settings, tmp_path / "saldos.csv", (
            f"Factura,{number},Nombre,Saldo\nF-1,1001,Alfa SA,300.00\nF-2,1002,Beta SL,200.00\nF-3,1003,Gamma SA,100.00\n"
        ))
        assert _owed(prepared) == {"F-1": Decimal("300.00"), "F-2": Decimal("200.00"), "F-3": Decimal("100.00")}


def test_a_payment_providers_disputes_and_processed_payments_are_refused_as_such(settings, tmp_path):
    """Stripe's disputes (won, lost, under review, beside their reason) had been imported as debts, one
    cardholder's name filled down on the others; a chargebacks list, Stripe's payments export and
    Adyen's settlement details had been refused for want of a debtor, their user told to name one. An
    aged receivables report noting each invoice's dispute is still read."""
    _refused(settings, tmp_path / "disputes.csv", (
        "id,amount,charge_id,currency,evidence_customer_name,evidence_details_due_by,reason,status\n"
        "du_0MmT,1234,ch_2MZd,usd,,2023-04-26,product_unacceptable,won\n"
        "du_0MmU,22124,ch_2MZe,usd,Aldous Huxley,2023-04-27,general,lost\n"
        "du_0MmV,4500,ch_2MZf,usd,,2023-04-28,subscription_canceled,warning_needs_response\n"
    ), r"it is a list of card payments' disputes or chargebacks \(its columns 'status', 'reason'\)")
    _refused(settings, tmp_path / "chargebacks.csv", (
        "chargeback_id,order_id,chargeback_amount,chargeback_status,reason_code\n"
        "CBK30001,ORD10040,4022.39,Under Review,Authorization issue\nCBK30002,ORD10041,120.00,Accepted,Fraud reported\n"
        "CBK30003,ORD10042,75.50,Accepted,Customer dispute\n"
    ), r"it is a list of card payments' disputes or chargebacks \(its columns 'chargeback_id', 'reason_code'\)")
    _refused(settings, tmp_path / "unified_payments.csv", (
        "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Decline Reason,Fee,Status,Seller Message,"
        "Customer ID,Customer Email,Invoice ID\n"
        "py_3SVJ,2025-11-19 22:17,9.99,0.00,gbp,true,,0.52,Paid,Payment complete.,cus_TSE8,one@icloud.com,in_1SVJ\n"
        "py_3SVK,2025-11-20 10:02,9.99,0.00,gbp,false,,0.00,requires_payment_method,,cus_TSE9,two@icloud.com,in_1SVK\n"
        "py_3SVL,2025-11-21 11:40,9.99,0.00,gbp,true,,0.52,Paid,Payment complete.,cus_TSF0,three@icloud.com,in_1SVL\n"
    ), r"it is a payment provider's report of the payments it processed \(its columns 'Amount Refunded', 'Captured', "
       r"'Decline Reason'\)")
    _refused(settings, tmp_path / "settlement_detail.csv", (
        "Merchant Account,Psp Reference,Merchant Reference,Type,Gross Currency,Gross Debit (GC),Gross Credit (GC),"
        "Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Batch Number\n"
        "SHOP,1829098024817852,CM1000028854,Settled,USD,,31.45,,0.16,0.05,0.09,380\n"
        "SHOP,1829098024817853,CM1000028855,Refunded,USD,12.00,,,0.02,0.01,0.03,380\n"
        "SHOP,1829098024817854,CM1000028856,Settled,USD,,8.20,,0.04,0.01,0.02,380\n"
    ), r"it is a payment provider's report of the payments it processed \(its columns 'Psp Reference', 'Markup \(NC\)'")
    # a wallet's settlement (TWINT's): each payment taken, its fee, the terminal that took it, the payer named
    _refused(settings, tmp_path / "abrechnung.csv", (
        '"Datum";"Typ";"Betrag Transaktion (CHF)";"Transaktionskosten (CHF)";"TWINT Terminal ID";"TWINT Order ID";'
        '"Händlertransaktionsreferenz";"Vorname";"Nachname";"E-Mail-Adresse";"Zahlungszweck"\n'
        '"2023.11.01";"Zahlung";"49.35";"0.65";"T-1";"O-1";"R-1";"Anna";"Muster";"anna@example.ch";"Spende"\n'
        '"2023.11.02";"Zahlung";"99.00";"1.30";"T-1";"O-2";"R-2";"Beat";"Keller";"beat@example.ch";"Spende"\n'
        '"2023.11.03";"Zahlung";"20.00";"0.26";"T-1";"O-3";"R-3";"Carla";"Rossi";"carla@example.ch";"Spende"\n'
    ), r"it is a payment provider's report of the payments it processed \(its columns 'Transaktionskosten \(CHF\)', "
       r"'TWINT Terminal ID', 'TWINT Order ID'\)")
    prepared = _prepared(settings, tmp_path / "aged.csv", (
        "Invoice,Customer,Balance,Dispute ID,Reason,Status\nF-1,Alpha SA,300.00,D-9,Price,open\n"
        "F-2,Beta SL,200.00,,,open\nF-3,Gamma SA,100.00,,,open\n"
    ))
    assert _owed(prepared) == {"F-1": Decimal("300.00"), "F-2": Decimal("200.00"), "F-3": Decimal("100.00")}


def test_a_sale_on_credit_and_its_instalment_are_owed_not_paid(settings, tmp_path):
    """Peru's UBL invoices flattened: their payment terms, "FormaPago" Crédito, write the amount on
    credit ('payment_Credito_amount') and its one instalment ('payment_Cuota001_amount', due on
    'payment_Cuota001_due_date'). Read as amounts already paid, equal to the total, they had left
    every invoice out as paid in full."""
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        "invoice_id,issue_date,currency_code,customer_name,payment_Credito_means_id,payment_Credito_amount,"
        "payment_Cuota001_amount,payment_Cuota001_due_date,prepaid_amount,payable_amount\n"
        "F001-1,2024-09-16,PEN,Agro Norte SAC,Credito,8295.40,8295.40,2024-10-16,0.00,8295.40\n"
        "F001-2,2024-09-17,PEN,Minera Sur SA,Credito,1200.00,1200.00,2024-10-17,0.00,1200.00\n"
        "F001-3,2024-09-18,PEN,Textil Lima EIRL,Credito,530.10,530.10,2024-10-18,0.00,530.10\n"
    ))
    assert _owed(prepared) == {"F001-1": Decimal("8295.40"), "F001-2": Decimal("1200.00"), "F001-3": Decimal("530.10")}


def test_a_file_whose_only_amounts_are_amounts_paid_is_said_to_log_payments(settings, tmp_path):
    """A school's fee payments ('AmountPaid' beside each student and the day) and a training
    college's payments import ('payment.amount'): refused for want of an amount owed, their user had
    been told to name one. Their only amounts are paid: the refusal says they log payments received,
    and how to use them. An invoice list that writes an amount paid beside its total is still read."""
    refused = _refused(settings, tmp_path / "fee_payments.csv", (
        "SRN,Name,AmountPaid,Date\n1,Mayank Sharma,10000,2025-09-11 15:07:09\n1,Mayank Sharma,1000,2025-09-11 15:10:02\n"
        "2,Pooja Sharma,1000,2025-09-11 15:44:54\n"
    ), r"amount to collect", code="required-column-missing")
    assert ("Its only amounts, in 'AmountPaid', are amounts paid, written on every row: the file is a log of payments "
            "received, not a list of unpaid invoices") in str(refused)
    assert "getbill-import payments import fee_payments.csv" in str(refused)
    # a hospital's bills, each its total cost beside what was paid of it; a contact list's payment terms
    for text in ("BillingID,PatientID,PaymentDate,TotalCost,AmountPaid\n3001,19484,2023-06-27,115320.93,86673.99\n"
                 "3002,6464,2025-05-18,109268.84,72629.03\n3003,6465,2025-05-19,1200.50,0.00\n",
                 "Display Name,Phone,Payment Terms\nAlpha SA,0102030405,30\nBeta SL,0102030406,45\nGamma,0102030407,30\n",
                 "Cliente,Teléfono,Código de condiciones de pago\nAlpha SA,0102030405,1\nBeta SL,0102030406,2\nGamma,0102030407,1\n"):
        other = _refused(settings, tmp_path / "other.csv", text, r"amount to collect", code="required-column-missing")
        assert "are amounts paid" not in str(other)
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice,Customer,Total,AmountPaid\nF-1,Alpha SA,300.00,100.00\nF-2,Beta SL,200.00,0.00\n"
        "F-3,Gamma SA,100.00,0.00\n"
    ))
    assert _owed(prepared) == {"F-1": Decimal("200.00"), "F-2": Decimal("200.00"), "F-3": Decimal("100.00")}


def test_a_pay_applications_payment_due_is_its_amount_not_the_contract_or_what_is_left_to_bill(settings, tmp_path):
    """Procore's pay applications (AIA G702's columns): the contract's sums, the work completed to
    date, the 'Payment Due' of each application and the 'Balance To Finish', work not yet billed. The
    balance to finish had been taken for the open balance; then the contract's sum."""
    prepared = _prepared(settings, tmp_path / "pay_applications.csv", (
        "#,Owner,Period,Original Contract Sum,Net Change By Change Orders,Revised Contract Sum,"
        "Total Completed And Stored To Date,Total Retainage,Total Earned Less Retainage,Payment Due,Balance To Finish\n"
        "3,Acme Dev LLC,01/01/25 - 01/31/25,157706.0,1422679.41,1580385.41,790410.69,0.0,790410.69,349843.55,789974.72\n"
        "2,Acme Dev LLC,12/01/24 - 12/31/24,157706.0,1422679.41,1580385.41,440567.14,0.0,440567.14,329984.27,1139818.27\n"
        "1,Acme Dev LLC,09/01/24 - 09/30/24,157706.0,31843.45,189549.45,110582.87,0.0,110582.87,110582.87,78966.58\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Payment Due"
    assert sorted(_owed(prepared).values()) == [Decimal("110582.87"), Decimal("329984.27"), Decimal("349843.55")]


def test_points_are_no_amount_and_a_column_naming_a_currency_is_offered_for_it(settings, tmp_path):
    """A shipowner's freight invoices: 'worldscale_points' (a freight rate's index) had been offered as
    the amount to collect, 'gross_freight_usd', the money invoiced, given 0%. Points are no money;
    refused for want of an amount, the file's column naming a currency is offered for it."""
    refused = _refused(settings, tmp_path / "freight.csv", (
        "invoice_id,charterer,worldscale_points,flat_rate_usd_per_mt,cargo_qty_mt,gross_freight_usd,currency,payment_status\n"
        "FI-1,Vitol SA,112.5,18.40,80000,1656000.00,USD,Outstanding\nFI-2,Trafigura Pte,97.0,21.10,75000,1535025.00,USD,Outstanding\n"
        "FI-3,Glencore AG,105.25,16.90,90000,1600856.25,USD,Outstanding\n"
    ), r"amount to collect", code="required-column-missing")
    assert "--set 'gross_freight_usd=amount'" in str(refused)
    assert "'gross_freight_usd' names a currency (USD) and holds amounts" in str(refused)
    # a condominium's arrears as of a month: the balance of an earlier day, set aside, is offered
    condo = _refused(settings, tmp_path / "condo.csv", (
        "Unit,Owner,Prior Balance (June 2025)\n201,Jose Peirats,578.45\n202,Joane Aristilde,0.00\n204,Lorraine Epelbaum,5489.62\n"
    ), r"amount to collect", code="required-column-missing")
    assert ("'Prior Balance (June 2025)' names a balance and holds amounts: if it is what each row owes, run with "
            "--set 'Prior Balance (June 2025)=amount'.") in str(condo)
    # days overdue are no balance
    days = _refused(settings, tmp_path / "past_due.csv", (
        "Account_ID,Customer,Days_Overdue\nA1,Alpha SA,30\nA2,Beta SL,45\nA3,Gamma SA,90\n"
    ), r"amount to collect", code="required-column-missing")
    assert "names a balance" not in str(days)


def test_a_trial_balance_without_its_header_row_is_told_by_its_account_numbers(settings, tmp_path):
    """Sage's trial balance exported bare: each row an account of the chart by its number (218200,
    401100, 606300, 704000), its label, debits, credits and balance. Told to read it with
    --header-line 0, its user would have imported 'Banque Populaire' and 'Salaires' as debtors. A
    headerless list of invoices numbered by customer is still only told it lacks its header."""
    refused = _refused(settings, tmp_path / "balance.csv", (
        '"0USER","USER1","218200","Transporté","5100"," ","5100"\n"0USER","USER1","401100","Fournisseurs","2609.4","1759.01","850.39"\n'
        '"0USER","USER1","411200","Client","87638.02","68096.52","19541.5"\n"0USER","USER1","512120","Banque Populaire","1200","800","400"\n'
        '"0USER","USER1","606300","Fournitures","300"," ","300"\n"0USER","USER1","641100","Salaires","5000"," ","5000"\n'
        '"0USER","USER1","704000","Travaux"," ","9000","-9000"\n'
    ), r"debtor's full name", code="required-column-missing")
    assert ("The file has no header row, and its rows are a ledger's accounts by their numbers ('218200', '401100', "
            "'512120', '606300', '704000'…, of the chart's classes 2, 4, 5, 6, 7): a trial balance or a general ledger"
            ) in str(refused)
    assert "--header-line 0" not in str(refused)
    # Crésus' journal, Switzerland's chart of four digits, a split posting's other side written "..."
    journal = _refused(settings, tmp_path / "journal.csv", (
        "01.01.02\t1000\t9100\t\tSolde à nouveau Caisse\t1'000.00\t\t\t10\n"
        "01.01.02\t1010\t9100\t\tSolde à nouveau CCP\t8'000.00\t\t\t10\n"
        "01.01.02\t9100\t2800\t\tSolde à nouveau Capital\t20'000.00\t\t\t10\n"
        "05.01.02\t6642\t1010\t\tFrais\t120.00\t\t\t11\n05.01.02\t2200\t...\t\tTVA\t9.00\t\t\t12\n"
    ), r"debtor's full name", code="required-column-missing")
    assert "its rows are a ledger's accounts by their numbers ('1000', '2200', '6642', '9100'…" in str(journal)
    invoices = _refused(settings, tmp_path / "invoices.csv", (
        "F-1,400234,Alpha SA,300.00\nF-2,600456,Beta SL,200.00\nF-3,700789,Gamma SA,100.00\nF-4,400234,Alpha SA,50.00\n"
    ), r"no header row", code="no-header-row")
    assert "ledger's accounts" not in str(invoices)


def test_a_log_of_money_transfers_is_refused_and_its_sender_is_no_sequence(settings, tmp_path):
    """A mobile money log: each transfer's sender and receiver, named and with their phones. Its
    1,030 transfers had been imported as debts, the receiver's name beside the sender's phone
    ('sender' read as "sen" + "der", a sequence). An e-invoice register naming its sender and its
    receiver beside each invoice's number is still read."""
    _refused(settings, tmp_path / "mpesa.csv", (
        "timestamp,sender_name,sender_phone,receiver_name,receiver_phone,amount_kes,transaction_id,location\n"
        "2026-01-21 12:48:45,Akinyi Macharia,0700803751,Ochieng Mutua,0791774102,5000,TXN8479251,Nakuru Town\n"
        "2026-03-22 15:19:47,Kariuki Kamau,0721506389,Wambui Kimani,0790513774,20000,TXN8979373,Malindi\n"
        "2026-03-23 09:02:11,Wanjiru Njeri,0722111222,Otieno Odhiambo,0733444555,1500,TXN8979374,Kisumu\n"
    ), r"it is a log of money transfers \(its columns 'sender_name', 'receiver_name'\)")
    # a courier's bookings, each parcel's sender and receiver with their addresses: no money sent
    courier = _refused(settings, tmp_path / "bookings.csv", (
        "Sender Name,Sender Phone,Sender Address,Receiver Name,Receiver Phone,Receiver Address,COD Amount,Weight(kg)\n"
        "Ali Traders,0300111222,Shop 1 Lahore,Sara Khan,0300333444,House 5 Karachi,2500,1.2\n"
        "Ali Traders,0300111222,Shop 1 Lahore,Omar Raza,0300555666,Flat 9 Multan,1800,0.8\n"
        "Ali Traders,0300111222,Shop 1 Lahore,Hina Ali,0300777888,Street 3 Quetta,900,0.5\n"
    ), r"amount to collect", code="required-column-missing")
    assert "log of money transfers" not in str(courier)
    prepared = _prepared(settings, tmp_path / "einvoices.csv", (
        "Invoice Number,Sender Name,Receiver Name,Amount Due\nINV-1,Our Company BV,Alpha BV,300.00\n"
        "INV-2,Our Company BV,Beta NV,200.00\nINV-3,Our Company BV,Gamma BV,100.00\n"
    ))
    assert _owed(prepared) == {"INV-1": Decimal("300.00"), "INV-2": Decimal("200.00"), "INV-3": Decimal("100.00")}
    assert dict(prepared.cases.select("reference", "debtor.name").rows())["INV-2"] == "Beta NV"


def test_instalments_paid_and_pending_are_no_log_of_payments_received(settings, tmp_path):
    """A health insurer's premium instalments: each one's payment id and date, 'Paid' or 'Pending'.
    Refused as a register of payments received, its pending instalments, owed, could not be
    imported at all; the paid ones are left out by their status."""
    prepared = _prepared(settings, tmp_path / "premiums.csv", (
        "payment_id,subscriber,payment_date,premium_amount,payment_status\n"
        "PMS000101,Ana Lima,2026-01-05,183.33,Paid\nPMS000102,Ana Lima,2026-02-05,183.33,Pending\n"
        "PMS000103,Bo Berg,2026-01-05,150.00,Paid\nPMS000104,Bo Berg,2026-02-05,150.00,Pending\n"
        "PMS000105,Cy Young,2026-01-05,99.00,Paid\n"
    ))
    owed = prepared.cases.filter(pl.col(VALID)).select("debtor.name", "amount").rows()
    assert sorted(owed) == [("Ana Lima", Decimal("183.33")), ("Bo Berg", Decimal("150.00"))]


def test_naming_a_customers_number_as_the_debtor_is_offered_with_a_caveat_where_nothing_says_debts(settings, tmp_path):
    """A life insurer's policies (each one's premium, its customer by number, 'Active' or 'Matured')
    had been refused with the advice to name 'customer_id' the debtor, which imports every policy at
    its premium: the advice now says nothing in the file shows debts still owed. A list of balances
    owed by number gets the advice alone."""
    refused = _refused(settings, tmp_path / "policies.csv", (
        "policy_id,customer_id,policy_type,premium_amount,start_date,status\n"
        "POL000001,CUST002732,Endowment,13525.63,2024-04-10,Matured\nPOL000002,CUST002733,Term,1200.00,2024-05-10,Active\n"
        "POL000003,CUST002734,Term,900.00,2024-06-10,Active\n"
    ), r"debtor's full name", code="required-column-missing")
    assert "--set 'customer_id=debtor.name'" in str(refused)
    assert ("Nothing in the file says its rows are debts still owed (no invoice, due date, balance or status of payment): "
            "check that they are before naming a column.") in str(refused)
    owed = _refused(settings, tmp_path / "balances.csv", (
        "invoice_no,customer_id,balance_due\nF-1,CUST002732,300.00\nF-2,CUST002733,200.00\nF-3,CUST002734,100.00\n"
    ), r"debtor's full name", code="required-column-missing")
    assert "--set 'customer_id=debtor.name'" in str(owed)
    assert "Nothing in the file says its rows are debts" not in str(owed)
    # a debt named as such, a tax's penalties, a file named for open items: debts
    for name, text in (
        ("export.csv", "customer_id,region,total_debt\nC1,North,500\nC2,South,300\nC3,East,200\n"),
        ("taxes.csv", "customer_id,tax_period,principal,interest,penalty,total\n871548540,2010,340.61,160.93,23.84,578.10\n"
                      "361015000,2015,47.64,1.07,0.95,52.64\n361015001,2016,12.00,1.00,0.50,13.50\n"),
        ("open_items.csv", "customer_id,BELNR,DMBTR\nC1,1001,500.00\nC2,1002,300.00\nC3,1003,200.00\n"),
        # a telecom's bills with a paid flag; invoices, by the file's name
        ("export2.csv", "line,customer_id,total_amount,paid\nB1,C1,500.00,0\nB2,C2,300.00,1\nB3,C3,200.00,0\n"),
        ("fatture.csv", "numero,cliente_id,totale\n1,C1,500.00\n2,C2,300.00\n3,C3,200.00\n"),
    ):
        refused = _refused(settings, tmp_path / name, text, r"debtor's full name", code="required-column-missing")
        assert "Nothing in the file says its rows are debts" not in str(refused), name
    # a journal's credit column is no payment: its lines get the caution
    journal = _refused(settings, tmp_path / "opening.csv", (
        "journal_id,date,ref,customer_id,line_ids/debit,line_ids/credit\nMISC,2024-01-01,OB,C1,500.00,\n"
        "MISC,2024-01-01,OB,C2,300.00,\nMISC,2024-01-01,OB,C3,,800.00\n"
    ), r"debtor's full name", code="required-column-missing")
    assert "Nothing in the file says its rows are debts" in str(journal)


def test_a_list_of_sales_orders_is_refused_and_an_invoices_quantities_are_still_read(settings, tmp_path):
    """SAP's sales orders by schedule line (order and confirmed quantities, delivery and billing
    blocks, the customer's expected price): imported as 1,186 debts. An invoice list naming the
    quantities ordered, shipped and backordered beside its balance is still read."""
    _refused(settings, tmp_path / "orders.csv", (
        "SD Document,Item (SD),Schedule Line Number,Sales Document Type,Document Date,Confirmed Quantity,Billing block,"
        "Sold-To Party,Order Quantity,Delivery block,Name 1,Cust. expected price,Net price,Document Currency\n"
        "6023036529,10,0,ZOCR,2026-01-04,1,,382289,1,,HIGHWAY PETROLEUM AGENCY,0,12877.0,INR\n"
        "6023036528,10,0,ZOCR,2026-01-04,1,,381101,1,,VENGELAM FUELS,0,19241.0,INR\n"
        "6023036527,10,0,ZOCR,2026-01-04,1,,381096,1,,JYOTHI AUTO FUELS,0,16500.0,INR\n"
    ), r"it is a list of sales orders \(its columns 'SD Document', 'Item \(SD\)', 'Schedule Line Number'\)")
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice No,Customer,Qty Ordered,Qty Shipped,Backorder Quantity,Balance Due\nF-1,Alpha SA,10,10,0,300.00\n"
        "F-2,Beta SL,5,4,1,200.00\nF-3,Gamma SA,2,2,0,100.00\n"
    ))
    assert _owed(prepared) == {"F-1": Decimal("300.00"), "F-2": Decimal("200.00"), "F-3": Decimal("100.00")}


def test_a_general_journals_entries_are_refused_and_a_transaction_list_with_invoices_is_read(settings, tmp_path):
    """Reckon's transaction detail of its general journal ('Type': General Journal on every row): one
    adjustment to the receivable account had been imported as a debt. A transaction list of invoices
    and a journal entry is still read by its kinds."""
    _refused(settings, tmp_path / "journal.csv", (
        "Trans #,Type,Date,Num,Name,Source Name,Description,Due Date,Item,Account,Class,Tax Code,Qty,Sales Price,Debit,"
        "Credit,AMT,Amount,Account Type,Tax Amount\n"
        '"54,221",General Journal,01/07/2019,bank charge,,,,,,111000 · Westpac,,,,,,20,-20,-20,Bank,\n'
        '"54,221",General Journal,01/07/2019,bank charge,,,,,GSF,617001 · Bank Charges,,GSF,,,20,,20,20,Expense,0\n'
        '"59,016",General Journal,04/12/2019,surcharge,RAILCORP GRANVILLE,RAILCORP GRANVILLE,cc surcharge,,FRE,'
        '810001 · Other Income,,FRE,,,,6.6,-6.6,-6.6,Other Income,0\n'
        '"59,016",General Journal,04/12/2019,surcharge,RAILCORP GRANVILLE,RAILCORP GRANVILLE,cc surcharge,,,111000 · Westpac,'
        ',,,,6.6,,6.6,6.6,Bank,\n'
    ), r"it is a general journal's entries \(its column 'Type'\)")
    # Qoyod's payments, each of "kind" received: no invoice
    _refused(settings, tmp_path / "payments.csv", (
        "id,reference,date,amount,kind,contact_id\n10,PYT9,2023-07-11,11287.25,received,25\n"
        "11,PYT10,2023-07-15,2500.0,received,17\n12,PYT11,2023-07-18,3063.0,received,21\n"
    ), r"it is a register of payments received \(its column 'kind'\)")
    prepared = _prepared(settings, tmp_path / "transactions.csv", (
        "Type,Date,Num,Name,Amount\nInvoice,01/07/2019,F-1,Alpha Pty Ltd,300.00\nInvoice,02/07/2019,F-2,Beta Pty Ltd,200.00\n"
        "General Journal,03/07/2019,J-1,Gamma Pty Ltd,100.00\n"
    ))
    assert {"F-1", "F-2"} <= set(_owed(prepared))


def test_a_balance_written_as_what_was_paid_less_the_total_is_read_with_its_sign_turned(settings, tmp_path):
    """An Indonesian ledger of invoices against their receipts: 'Ending Balance' is the receipt less
    the invoice, -18,645,076 for an invoice unpaid. Its 220 unpaid invoices had been rejected as
    negative amounts and its overpayments imported as debts. A balance written as the total less what
    was paid is read as it is."""
    text = (
        "Sales Invoice Date,Sales Invoice No,Customer,Currency,Sales Invoice Amount,Sales Receipt Amount,Ending Balance\n"
        "2025-01-31,Agatha-2025-02,AGATHA MITRA WISATA,IDR,18054907,18054907,0\n"
        "2025-05-31,Agatha-2025-06,AGATHA MITRA WISATA,IDR,18645076,0,-18645076\n"
        "2025-06-30,Agatha-2025-07,AGATHA MITRA WISATA,IDR,18225208,0,-18225208\n"
        "2025-02-01,Astra-2025-02,ASTRA JUOKU INDONESIA,IDR,4578000,1000000,-3578000\n"
        "2025-02-01,Atomy-2025-02,ATOMY INDONESIA GROUP,IDR,8286588,0,-8286588\n"
    )
    prepared = _prepared(settings, tmp_path / "receipts.csv", text)
    assert _owed(prepared) == {"Agatha-2025-06": Decimal("18645076"), "Agatha-2025-07": Decimal("18225208"),
                               "Astra-2025-02": Decimal("3578000"), "Atomy-2025-02": Decimal("8286588")}
    assert any("is what was paid ('Sales Receipt Amount') less the invoice's total" in n
               for n in prepared.read.source.notices)
    # the same balances written as the total less what was paid: as they are
    owed = _owed(_prepared(settings, tmp_path / "owed.csv", text.replace(",-", ",")))
    assert owed["Astra-2025-02"] == Decimal("3578000")


def test_fractions_of_many_decimals_are_not_offered_for_the_reference(settings, tmp_path):
    """A Korean summary of customers at risk: each one's amounts past 60 and 90 days and its risk ratio
    (0.9405940594059405). The ratios had been offered as the invoices' numbers, and nine customers
    imported under them; a customer's name written twice names no debt, and nothing else does."""
    refused = _refused(settings, tmp_path / "risk.csv", (
        "customer_name,customer_grade,total_amount,over_61_90_amount,over_91_plus_amount,risk_ratio\n"
        "Shin,Basic,1010,250,700,0.9405940594059405\nLee,VIP,5180,1400,3000,0.8494208494208494\n"
        "Shin,VIP,2200,500,1000,0.6818181818181818\nPark,Basic,900,100,600,0.7777777777777778\n"
    ), r"invoice number", code="required-column-missing")
    assert "'risk_ratio' →" not in str(refused)


def test_a_contracts_change_orders_are_refused_as_such(settings, tmp_path):
    """Procore's change orders (their number, revision, status, whether executed, amount, the potential
    change orders they gather): refused for want of a debtor, their user had been told to name one,
    which imported them as debts. A list of records merely revised and executed is no such list."""
    _refused(settings, tmp_path / "change_orders.csv", (
        '"Number","Revision","Title","Status","Executed","Amount","Date Initiated","PCO"\n'
        '"005","0","PCO #008, #009","Approved","No","4004.1","5/13/2025","PCO #008, PCO #009"\n'
        '"004","1","PCO #007","Approved","Yes","1250.0","4/02/2025","PCO #007"\n'
        '"003","0","PCO #005","Pending","No","980.5","3/11/2025","PCO #005"\n'
    ), r"it is a construction contract's change orders \(its columns 'Revision', 'Executed', 'PCO'\)")
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice,Customer,Revision,Executed,Balance Due\nF-1,Alpha SA,0,Yes,300.00\nF-2,Beta SL,1,Yes,200.00\n"
        "F-3,Gamma SA,0,No,100.00\n"
    ))
    assert set(_owed(prepared)) == {"F-1", "F-2", "F-3"}


def test_a_timesheet_is_told_by_the_clock_times_its_entries_started_and_ended(settings, tmp_path):
    """Toggl's detailed report (no rate: billable, start and end, duration) and Kimai's timesheet (no
    billable flag: from, to, duration, rate): hours worked, not invoices. Toggl's had been refused for
    its 'Amount ()' left blank, as if an amount were all it lacked; Kimai's for want of an amount, its
    user told to name one. A utility's meter readings, a quantity between two dates, are still read."""
    _refused(settings, tmp_path / "toggl.csv", (
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()\n"
        "Jimmy,user@example.com,,Fixup My Code,,Short and sweet,No,2023-10-23,10:01:07,2023-10-23,12:15:02,02:13:55,,\n"
        "Jimmy,user@example.com,,Fixup My Code,,,No,2023-10-23,13:07:17,2023-10-23,14:11:17,01:04:00,,\n"
    ), r"it is a record of time and expenses \(its columns 'Duration', 'Start time', 'End time', 'Billable'\)")
    _refused(settings, tmp_path / "kimai.csv", (
        "Date;From;To;Duration;Rate;User;Email;Customer;Project;Activity;Description;Exported\n"
        "2022-07-27;07:10;09:11;7260;231.92;Example User;user@example.com;Acme company;Import;Work;some work;0\n"
        "2022-07-27;10:23;19:00;7260;231.92;Susan Maier;user2@example.com;Acme company;Import 2;Work;more work;1\n"
    ), r"it is a record of time and expenses \(its columns 'Duration', 'From', 'To', 'Rate'\)")
    prepared = _prepared(settings, tmp_path / "meters.csv", (
        "Invoice,Customer,From,To,Quantity,Rate,Balance\nW-1,Alpha Water,2026-01-01,2026-03-31,120,2.50,300.00\n"
        "W-2,Beta Farms,2026-01-01,2026-03-31,80,2.50,200.00\nW-3,Gamma Inn,2026-01-01,2026-03-31,40,2.50,100.00\n"
    ))
    assert _owed(prepared) == {"W-1": Decimal("300.00"), "W-2": Decimal("200.00"), "W-3": Decimal("100.00")}


def test_a_report_of_sales_grouped_by_item_is_refused_as_no_list_of_debts(settings, tmp_path):
    """QuickBooks Desktop's 'Item Sales Detail': each item a group, each line sold under it with its
    customer, quantity and price, a running balance, nothing saying what is owed. Its lines had been
    imported as invoices owed (one invoice written under three items refused as duplicates). A list
    of invoice lines with no groups is still read."""
    _refused(settings, tmp_path / "sales.csv", (
        '"Type","Date","Num","Memo","Name","Qty","Sales Price","Amount","Balance"\n"Parts",,,,,,,,""\n'
        '"A00602 (Premium White Vinegar 4/1 gal.)",,,,,,,,""\n'
        '"Invoice","10/06/2025","INV25-10785","Premium White Vinegar","Mays Ochoa Chemical Company",100,13.65,1365.00,1365.00\n'
        '"Invoice","10/06/2025","INV25-10786","Premium White Vinegar","Mays Ochoa Chemical Company",66,13.65,900.90,2265.90\n'
        '"Invoice","10/08/2025","INV25-10801","Premium White Vinegar","Mendez & Company",10,13.65,136.50,2402.40\n'
        '"Total A00602 (Premium White Vinegar 4/1 gal.)",,,,,176,,2402.40,2402.40\n'
        '"A00604 (Imitation Vinegar 4/1 gal.)",,,,,,,,""\n'
        '"Invoice","10/07/2025","INV25-10798","Imitation Vinegar","Mendez & Company",20,13.48,269.60,269.60\n'
        '"Invoice","10/07/2025","INV25-10785","Imitation Vinegar","Mays Ochoa Chemical Company",10,13.48,134.80,404.40\n'
        '"Total A00604 (Imitation Vinegar 4/1 gal.)",,,,,30,,404.40,404.40\n"Total Parts",,,,,206,,2806.80,2806.80\n'
    ), r"it is a report of sales grouped under labels \(by item or by customer\) \(its columns 'Qty', 'Sales Price'\)")
    lines = _prepared(settings, tmp_path / "lines.csv", (
        "Invoice,Date,Customer,Item,Qty,Unit Price,Amount\nF-1,2026-10-01,Acme,Chairs,2,50.00,100.00\n"
        "F-2,2026-10-02,Globex,Tables,1,80.00,80.00\n"
    ))
    assert sorted(_owed(lines)) == ["F-1", "F-2"]


def test_a_storno_flag_says_an_invoice_was_cancelled(settings, tmp_path):
    """POHODA's issued invoices: 'Storno' ano (yes) on a cancelled invoice, blank on the others; the
    cancelled one had been imported as owed."""
    path = tmp_path / "fa_vyd.csv"
    path.write_bytes((
        "Číslo;Datum;Splatno;Firma;Celkem;K likvidaci;Storno\n"
        "250100002;10.02.2025;24.02.2025;Pekárna U Mlýna s.r.o.;24 200,00;14 200,00;\n"
        "250100004;14.02.2025;28.02.2025;Stavby Novák s.r.o.;6 050,00;6 050,00;ano\n"
        "250100006;20.02.2025;06.03.2025;Elektro Vrba s.r.o.;3 630,00;3 630,00;\n"
    ).encode("cp1250"))
    prepared = prepare_file(path, settings)
    assert sorted(_owed(prepared)) == ["250100002", "250100006"]


def test_a_charges_code_written_for_several_debtors_names_a_debt_of_each(settings, tmp_path):
    """An Indian distributor's outstanding bills: a charge's code ('8X500', '5001') written for each of
    three debtors charged, one of them twice on two days. Each is a debt of its own, named by the code
    and its debtor (and its day); they had been refused as duplicates, beside references written for
    ten debtors or more."""
    rows = [f"Party {i:02d},BHI/{8000 + i},04-Aug-26,{100 + i},{100 + i}" for i in range(40)]
    rows += ["AJAY MEDICAL,8X500,01-Feb-23,4000,4000", "BIOTECH PHARMA,8X500,01-Feb-23,4000,4000",
             "CITY CHEMIST,8X500,01-Feb-23,4000,4000", "AJAY MEDICAL,5001,03-Mar-23,500,500",
             "CITY CHEMIST,5001,03-Mar-23,500,500", "DEEP MEDICOS,5001,03-Mar-23,500,500",
             "DEEP MEDICOS,5001,09-Apr-23,500,500"]
    prepared = _prepared(settings, tmp_path / "outstanding.csv", "PARTYNAME,BILLNO,BILLDATE,BILLAMT,BALANCE\n" + "\n".join(rows) + "\n")
    assert _invalid(prepared) == []
    owed = _owed(prepared)
    assert len(owed) == 47
    assert {"8X500 (AJAY MEDICAL)", "8X500 (CITY CHEMIST)", "5001 (AJAY MEDICAL)"} <= set(owed)
    assert sum(1 for r in owed if r.startswith("5001 (DEEP MEDICOS)")) == 2


def test_a_list_of_balances_per_debtor_is_named_by_debtor_beside_descriptions_and_record_dates(settings, tmp_path):
    """A Turkish small business's receivables ('Alacaklarım'): what each customer still owes, the work
    billed in words ('Boya badana (1x 4500,00 TL)') and the day each record was made. Neither numbers
    the debts: each is named by its debtor (the description had been the reference, and once it was
    known for no number, the file was refused)."""
    prepared = _prepared(settings, tmp_path / "alacaklar.csv", (
        "Kişi veya Firma;Telefon;İşler ve Hizmetler;Toplam Alacak (TL);Tahsil Edilen (TL);Kalan Alacak (TL);Vade Tarihi;"
        "Kayıt Tarihi\nMehmet Yılmaz;0532 456 78 90;Boya badana (1x 4500,00 TL);4500,00;2000,00;2500,00;15.03.2026;"
        "01.03.2026 14:22\nAksoy Yapı Ltd. Şti.;0212 345 67 89;Parke döşeme (40x 350,00 TL), Süpürgelik (40x 45,00 TL);"
        "15800,00;0,00;15800,00;30.04.2026;10.03.2026 09:05\nAyşe Demir;05551234567;Tadilat (1x 3000,00 TL);3000,00;3000,00;"
        "0,00;-;02.02.2026 11:40\n"
    ))
    assert _owed(prepared) == {"Mehmet Yılmaz": Decimal("2500.00"), "Aksoy Yapı Ltd. Şti.": Decimal("15800.00")}


def test_a_label_over_several_columns_named_below_makes_a_header_of_two_rows(settings, tmp_path):
    """1C's settlements report (Ukrainian): 'Сума взаєморозрахунків' written once over the opening
    balance, what came in, what went out and the closing balance, named on the row below. Read as a
    header of two rows, the amount is the closing balance; the upper row alone (its label now a word
    the vocabulary knows, 'Сума') had offered the opening balance as the amount."""
    prepared = _prepared(settings, tmp_path / "vidomist.csv", (
        "Відомість по взаєморозрахунках з контрагентами;;;;\nПеріод: 02.02.2026 - 31.03.2026;;;;\n;;;;\n"
        "Контрагент;Сума взаєморозрахунків;;;\nТоргова точка;Поч. залишок;Надходження;Видаток;Кін. залишок\n"
        "Августінов Ю. О. ФОП;1573,73;5777,02;5553,73;1797,02\nБондар О. В. ФОП;200,00;1000,00;400,00;800,00\n"
        "Гончаренко ТОВ;0,00;2500,00;0,00;2500,00\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Сума взаєморозрахунків Кін. залишок"


def test_odoos_cancel_state_says_an_invoice_was_cancelled(settings, tmp_path):
    """Odoo's invoice lines export its states as its database holds them ('posted', 'cancel'): the
    cancelled invoices had been imported as owed, 'cancel' a status the tool did not know."""
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        "Número,Cliente,Fecha de factura,Total,Estado\nINV/2024/0001,Bicis SA,2024-01-05,1160.00,posted\n"
        "INV/2024/0002,Ruedas SA,2024-01-06,580.00,cancel\nINV/2024/0003,Cadenas SA,2024-01-07,232.00,posted\n"
        "INV/2024/0004,Frenos SA,2024-01-08,116.00,posted\nINV/2024/0005,Pedales SA,2024-01-09,348.00,cancel\n"
    ))
    assert sorted(_owed(prepared)) == ["INV/2024/0001", "INV/2024/0003", "INV/2024/0004"]


def test_an_overpaid_invoice_is_no_debt(settings, tmp_path):
    """A Czech list of invoices matched with the bank's payments: 'overpaid' is a status of an
    invoice paid more than it asked, no debt (it had been said unknown, to be imported as owed);
    'Chybí / přeplatek' (what is missing, or overpaid) is what remains."""
    path = tmp_path / "stav.csv"
    path.write_bytes((
        "Číslo faktury;Odběratel;Datum splatnosti;Částka;Stav;Zaplaceno;Chybí / přeplatek\n"
        "2026001;Alfa Stavby s.r.o.;15.07.2026;12 100,00;unpaid;0,00;12 100,00\n"
        "2026002;Alfa Stavby s.r.o.;31.07.2026;10 000,00;partly_paid;4 000,00;6 000,00\n"
        "2026003;Beta a.s.;05.08.2026;8 000,00;overpaid;8 500,00;500,00\n"
        "2026004;Gama s.r.o.;10.08.2026;5 000,00;unpaid;0,00;5 000,00\n"
    ).encode("cp1250"))
    prepared = prepare_file(path, settings)
    assert _owed(prepared) == {"2026001": Decimal("12100.00"), "2026002": Decimal("6000.00"), "2026004": Decimal("5000.00")}
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_ranked_list_of_what_clients_owe_is_named_by_its_clients_not_its_ranks(settings, tmp_path):
    """A Korean law firm's receivables, the largest first: '순위' (rank) 1, 2, 3 numbers no debt (it
    had been offered as the reference), each client's balance ('미수금') is named by the client, and
    '가장 이른 지급기한' (the earliest payment deadline) is the due date."""
    prepared = _prepared(settings, tmp_path / "misugeum.csv", (
        "순위,고객,약정 수임료,반영 입금,미수금,가장 이른 지급기한\n1,한빛건설,20000000,11000000,9000000,2026-07-10\n"
        "2,대성물산,8000000,3000000,5000000,2026-08-01\n3,미래상사,4000000,1000000,3000000,2026-08-15\n"
    ))
    assert _owed(prepared) == {"한빛건설": Decimal("9000000.00"), "대성물산": Decimal("5000000.00"), "미래상사": Decimal("3000000.00")}
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-07-10", "2026-08-01", "2026-08-15"]


def test_chinese_and_japanese_payments_beside_the_amounts_say_what_is_still_owed(settings, tmp_path):
    """What was received ('实收金额', in whole yuan) is taken off what was receivable ('应收金额'); a
    yes under '是否已付款' (paid?) and a date under '入金日' (the day the money came in) say an invoice
    was paid. Each had been imported at its whole amount."""
    received = _prepared(settings, tmp_path / "yingshou.csv", (
        "客户名称,应收金额,实收金额\n华东建材,50000,30000\n南方电气,12000,12000\n城西物业,8000,0\n北辰物流,15000,16000\n"
    ))
    assert _owed(received) == {"华东建材": Decimal("20000.00"), "城西物业": Decimal("8000.00")}
    flagged = _prepared(settings, tmp_path / "qiankuan.csv", (
        "单据编号,客户,应收日期,应收金额,是否已付款\nYS-12,深圳市鹏程电子有限公司,2026-06-05,125000,否\n"
        "YS-31,东莞市利丰五金制品有限公司,2026-06-11,86000,否\nYS-66,广州市天河进出口有限公司,2026-05-20,43200,是\n"
    ))
    assert sorted(_owed(flagged)) == ["YS-12", "YS-31"]
    dated = _prepared(settings, tmp_path / "juchu.csv", (
        "受注番号,得意先名,合計(税込),請求日,入金予定日,入金日\nD-0001,カナカン酒類石川,19800,2026-05-31,2026-06-30,\n"
        "D-0002,酒のやまや金沢店,22550,2026-05-31,2026-06-30,2026-06-25\nD-0003,松本商店,55440,2026-05-31,2026-06-30,\n"
    ))
    assert sorted(_owed(dated)) == ["D-0001", "D-0003"]


def test_the_yen_sign_beside_chinese_names_is_the_yuan(settings, tmp_path):
    """China writes its yuan '¥' as Japan writes the yen: a Chinese bill export ('¥12,800.00', its
    customers' names in simplified Chinese) had been read in yen. With nothing else to say which, '¥'
    is still the yen."""
    chinese = _prepared(settings, tmp_path / "zhangdan.csv", (
        "账单号,客户名称,应收金额,待付金额\nBILL-001,上海明远贸易有限公司,\"¥12,800.00\",\"¥7,800.00\"\n"
        "BILL-002,北京恒信科技有限公司,\"¥3,500.00\",\"¥1,500.00\"\nBILL-003,广州市天河进出口有限公司,¥900.00,¥900.00\n"
    ))
    assert set(chinese.cases["currency"]) == {"CNY"}
    assert any("'¥' is the sign of the yuan too" in n for n in chinese.notices)
    plain = _prepared(settings, tmp_path / "bills.csv", "Bill,Customer,Amount\nB-1,Acme,¥12800\nB-2,Globex,¥3500\n")
    assert set(plain.cases["currency"]) == {"JPY"}


def test_a_fee_waived_or_a_member_exempt_is_no_debt(settings, tmp_path):
    """A club's dues: a member's fee 'waived' (or 'exempt') is owed no more; such rows had been
    said unknown, and imported as owed."""
    prepared = _prepared(settings, tmp_path / "dues.csv", (
        "Member,Invoice,Amount,Status\nAnna Berg,D-101,120.00,unpaid\nBen Ode,D-102,120.00,waived\n"
        "Cleo Marx,D-103,120.00,unpaid\nDan Ruiz,D-104,120.00,exempt\nEva Lind,D-105,120.00,overdue\n"
    ))
    assert sorted(_owed(prepared)) == ["D-101", "D-103", "D-105"]


def test_an_invoice_a_venir_is_owed_not_yet_due(settings, tmp_path):
    """Pennylane's statuses: 'À venir' (not yet due) is owed, as 'En retard' is; 'Payée' is not. 'À
    venir' had been said a status the tool does not know."""
    prepared = _owed_under_known_statuses(settings, tmp_path / "factures.csv", (
        "Numéro;Client;Montant TTC;Statut\nF-2026-001;Dupont SARL;1 200,00;À venir\nF-2026-002;Martin SA;800,00;En retard\n"
        "F-2026-003;Durand;300,00;Payée\n"
    ))
    assert sorted(prepared) == ["F-2026-001", "F-2026-002"]


def test_a_chinese_bill_export_leaves_its_cancelled_bills_out_and_reads_their_due_dates(settings, tmp_path):
    """A Chinese bill export: '账单状态' writes 待支付 (to pay), 部分支付 (paid in part), 已逾期
    (overdue), 已支付 (paid), 已取消 (cancelled); its bills are due on '到期时间'. The cancelled bill had
    been imported, the statuses unknown, and no due date read."""
    prepared = _prepared(settings, tmp_path / "bills.csv", (
        "账单号,客户名称,待付金额,账单状态,到期时间\nBILL-001,张女士,100.00,待支付,2026-06-01 00:00:00\n"
        "BILL-002,上海明远贸易有限公司,7800.00,部分支付,2026-06-03 00:00:00\n"
        "BILL-003,北京恒信科技有限公司,3500.00,已支付,2026-06-05 00:00:00\n"
        "BILL-004,杭州云帆网络有限公司,860.50,已逾期,2026-05-20 00:00:00\nBILL-005,李先生,200.00,已取消,2026-06-10 00:00:00\n"
    ))
    assert sorted(_owed(prepared)) == ["BILL-001", "BILL-002", "BILL-004"]
    assert [str(d) for d in prepared.cases["due_date"].to_list()] == ["2026-06-01", "2026-06-03", "2026-05-20"]
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_pohodas_foreign_currency_is_not_the_currency_of_its_home_amounts(settings, tmp_path):
    """POHODA's issued invoices: 'K likvidaci' (what remains) is in korunas on every row; 'Cizí měna'
    names the currency of the foreign amount beside it ('CM celkem'), blank on an invoice in korunas.
    The blanks had been read in euros, the default, and the export to Austria's 25 000 Kč in euros."""
    path = tmp_path / "fa_vyd.csv"
    path.write_bytes((
        "Číslo;Datum;Splatno;Firma;Celkem;Cizí měna;CM celkem;K likvidaci\n"
        "250100002;10.02.2025;24.02.2025;Pekárna U Mlýna s.r.o.;24 200,00;;;14 200,00\n"
        "250100003;12.02.2025;26.02.2025;Kaufland Österreich GmbH;25 000,00;EUR;1 000,00;25 000,00\n"
        "250100006;20.02.2025;06.03.2025;Elektro Vrba s.r.o.;3 630,00;;;3 630,00\n"
    ).encode("cp1250"))
    prepared = prepare_file(path, settings)
    assert _owed(prepared) == {"250100002": Decimal("14200.00"), "250100003": Decimal("25000.00"), "250100006": Decimal("3630.00")}
    assert set(prepared.cases["currency"]) == {"CZK"}


def test_a_customers_number_names_its_balance_over_a_count_of_the_rows(settings, tmp_path):
    """An Indonesian course's fees: 'No' counts the rows (1, 2, 3…) and 'ID Siswa' is each student's
    own number. The count had been the reference (a later list numbered again would name the same
    debts); each student's balance is named by the student's number."""
    prepared = _prepared(settings, tmp_path / "tagihan.csv", (
        "No,ID Siswa,Nama,Sisa Tagihan\n1,S-0231,Budi Santoso,1200000\n2,S-0187,Siti Aminah,900000\n"
        "3,S-0342,Agus Salim,1500000\n"
    ))
    assert _owed(prepared) == {"S-0231": Decimal("1200000.00"), "S-0187": Decimal("900000.00"), "S-0342": Decimal("1500000.00")}
    assert not any("a count of the rows" in n for n in prepared.notices)


def test_a_payment_providers_activity_log_is_refused_as_no_list_of_debts(settings, tmp_path):
    """PayPal's activity report: each transaction's gross, fee, net and id. Its payments sent ('Soll')
    had been imported as debts owed by the shops paid."""
    _refused(settings, tmp_path / "paypal.csv", (
        '"Datum","Uhrzeit","Name","Typ","Status","Währung","Brutto","Gebühr","Netto","Transaktionscode","Rechnungsnummer",'
        '"Guthaben","Auswirkung auf Guthaben"\n'
        '"18.06.2025","07:47:30","PayPal Inc.","Überweisung","Abgeschlossen","EUR","100,00","0,00","100,00","8L0000000S000000N",'
        '"","138,53","Haben"\n'
        '"21.06.2025","12:29:40","Deutsche Post AG","PayPal Express-Zahlung","Abgeschlossen","EUR","-6,19","0,00","-6,19",'
        '"3PH00000FD000000S","RE123456","132,34","Soll"\n'
    ), r"it is a payment provider's activity log \(its columns 'Brutto', 'Gebühr', 'Netto', 'Transaktionscode'\)")
    # Stripe's balance change report: each movement of the balance by its id
    _refused(settings, tmp_path / "balance_change.csv", (
        '"balance_transaction_id","created","available_on","currency","gross","fee","net","reporting_category","description"\n'
        '"txn_1Noh05Kh5QAlWt1C76QBqatA","2023-09-10 08:20:04","2023-10-13 02:00:00","eur","0.65","0.00","0.65",'
        '"risk_reserved_funds","Reserved Funds"\n'
        '"txn_1Noh05Kh5QAlWt1C76QBqatB","2023-09-11 09:10:00","2023-10-14 02:00:00","eur","120.00","-3.78","116.22",'
        '"charge","Invoice 1043"\n'
    ), r"it is a payment provider's activity log \(its columns 'gross', 'fee', 'net', 'balance_transaction_id'\)")
    # PayPal's French labels, and SumUp's German card sales and payouts
    _refused(settings, tmp_path / "Download.csv", (
        '"Date","Heure","Fuseau horaire","Nom","Type","État","Devise","Avant commission","Commission","Net",'
        '"Numéro de transaction","Solde"\n'
        '"04.06.2020","22:53:00","CEST","Rob / Music","Paiement sur site marchand","Terminé","EUR","-125.00","0.00",'
        '"-125.00","3690352920285794U","244.56"\n'
        '"05.06.2020","10:01:00","CEST","Ice Rink","Paiement sur site marchand","Terminé","EUR","-40.00","0.00",'
        '"-40.00","3690352920285795U","204.56"\n'
    ), r"it is a payment provider's activity log \(its columns 'Avant commission', 'Commission', 'Net', 'Numéro de "
       r"transaction'\)")
    _refused(settings, tmp_path / "transaktionen.csv", (
        "E-Mail,Datum,Transaktions-ID,Transaktionsart,Status,Beschreibung,Betrag inkl. MwSt.,Netto,Steuerbetrag,Gebühr,"
        "Auszahlung\ninfo@mail.ch,2025-10-12 17:04:11,TAAAX2Y2Q2G,Umsatz,Erfolgreich,2 x Kaffee,2.0,1.85,0.15,0.02,1.98\n"
        "info@mail.ch,2025-10-13 09:15:40,TAAAX2Y2Q2H,Umsatz,Erfolgreich,1 x Kuchen,4.5,4.16,0.34,0.04,4.46\n"
    ), r"it is a payment provider's activity log \(its columns 'Betrag inkl. MwSt.', 'Gebühr', 'Netto', 'Transaktions-ID'\)")


def test_a_bai2_bank_file_and_a_stock_report_are_refused_as_no_list_of_debts(settings, tmp_path):
    """A bank's BAI2 report of an account's movements (returned cheques, transfers), read with its file
    header "01,…" for a header: refused as a bank file, where it was asked for a header row. A stock
    report's title ('Reporte saldos inventario': Contífico's) says its rows are products: its stock at
    cost had been imported as 2,988 debts, each product a debtor."""
    _refused(settings, tmp_path / "bai2.txt", (
        "01,0004,12345,060321,0829,001,80,1,2/\n02,12345,0004,1,060317,,CAD,/\n"
        "03,10200123456,CAD,040,+000000000000,,,045,+000000000000,,/\n"
        "16,409,000000000002500,V,060316,,,,RETURNED CHEQUE     /\n16,108,000000000203500,V,060316,,,,TFR 1020 0345678    /\n"
        "49,+00000000000834000,14/\n98,+00000000000834000,1,16/\n99,+00000000000834000,1,18/\n"
    ), r"it is a BAI2 bank file")
    _refused(settings, tmp_path / "saldos.csv", (
        "DISTRIBUCIONES LORTIZ S.A.;;;;;;\nReporte saldos inventario;;;;;;\nFecha de Corte: 2026-05-08;;;;;;\n;;;;;;\n"
        "Categoría;Código;Nombre;Unidad;Costo Prom;Stock;Total\n"
        "CORBATA;#0050/23-7.5;H. CORBATA P/CABALLERO CASSINI NAVY;Unidad;0,88;2,00;1,76\n"
        "SHORT;003-ZOLEY-SH/M;SHORT ZOLEY LINO VERDE;Unidad;23,15;1,00;23,15\n"
        "CAMISA;C-1120;CAMISA OXFORD BLANCA;Unidad;12,40;3,00;37,20\n"
    ), r"its title \(line 2: 'Reporte saldos inventario'\) is a report of stock \(inventory\)")


def test_a_title_ending_with_a_colon_above_the_header_is_no_label_of_its_columns(settings, tmp_path):
    """Ctrip's prepaid orders: '预付订单明细：' (prepaid order details:) and a note of a sentence above the
    header leave columns unnamed, but name no group of them: the header is the row below alone. A
    label over several columns named below still makes a header of two rows."""
    from getbill_import.pipeline import read_and_map

    path = tmp_path / "ctrip.csv"
    path.write_text(
        "预付订单明细：,,,结算价=订单折前底价+底价折扣金额+底价补款金额+闪住杂费，携程服务费您可在现付账单模块支付,,\n"
        "订单号,酒店名称,客人姓名,结算价,币种,入住日期\n1128149136944097,上海大酒店,张三,5424,CNY,2026-05-01\n"
        "1128149136944098,上海大酒店,李四,3120,CNY,2026-05-02\n", encoding="utf-8")
    read, _ = read_and_map(path, settings)
    assert read.source.header_line == 2
    assert "订单号" in read.headers


def test_a_word_written_for_several_debtors_numbers_none_of_their_debts(settings, tmp_path):
    """A CRM's customers, each 'referred' by a source ('Google' for three of them): a word with no digit
    written for several debtors is no number of a debt per debtor, as a charge's code is; those rows
    stay refused for their reference."""
    rows = [f"Cliente {i:02d},REF-{i:03d},{100 + i}.00" for i in range(40)]
    rows += ["Alfa SA,Google,500.00", "Beta SA,Google,600.00", "Gama SA,Google,700.00"]
    prepared = _prepared(settings, tmp_path / "cartera.csv", "Cliente,Referencia,Monto\n" + "\n".join(rows) + "\n")
    assert len(_invalid(prepared)) == 3


def test_a_document_number_beside_the_kind_of_identity_document_is_the_debtors_identity(settings, tmp_path):
    """A Colombian co-operative's overdue obligations: 'NUM_DOCUMENTO' beside 'TIPO_ID' (CC, NIT, CE)
    is each debtor's cédula or NIT, no debt's number; the obligation's own number ('NUM_OBLIGACION')
    names the debts. The identity number had been the reference."""
    prepared = _prepared(settings, tmp_path / "obligaciones.csv", (
        "TIPO_ID,NUM_DOCUMENTO,NOMBRE_COMPLETO,NUM_OBLIGACION,SALDO_TOTAL,FECHA_VENC\n"
        "CC,1234567890,Juan Carlos Pérez González,OBL-2024-001,5250000.00,20241231\n"
        "CC,9876543210,María Elena Rodríguez López,OBL-2024-002,12800000.50,20241215\n"
        "NIT,900123456,Comercial Andina SAS,OBL-2024-003,3400000.00,20241130\n"
        "CE,456789123,Pedro Gómez Ruiz,OBL-2024-004,780000.00,20250115\n"
    ))
    assert sorted(_owed(prepared)) == ["OBL-2024-001", "OBL-2024-002", "OBL-2024-003", "OBL-2024-004"]


def test_a_brazilian_status_headed_sit_leaves_the_paid_invoices_out(settings, tmp_path):
    """A Brazilian customer spreadsheet heads its status 'SIT' (situação): PENDENTE is owed, PAGO is
    not. The column had been unknown, the paid invoice imported and the file said to tell nothing of
    what is owed."""
    prepared = _owed_under_known_statuses(settings, tmp_path / "faturas.csv", (
        "CLIENTE,DATA FATURA,N° FATURA,DATA VECTO,SIT,VALOR TOTAL\n"
        "CARLOS ALBERTO DA SILVA,25/02/2026,F-101,27/02/2026,PENDENTE,148.02\n"
        "DIOGO ALVES DE OLIVEIRA,25/02/2026,F-102,04/03/2026,PENDENTE,469.61\n"
        "ANA FRANCYELA GOMES VALADARES,25/02/2026,F-103,02/03/2026,PAGO,2569.62\n"
    ))
    assert prepared == {"F-101": Decimal("148.02"), "F-102": Decimal("469.61")}


def test_a_schools_monthly_fees_are_named_by_their_own_id_and_a_receber_is_owed(settings, tmp_path):
    """A Brazilian school's monthly fees, their students in another file: 'id_mensalidade' (the fee's
    own id) names each debt, and 'A Receber' (to be received) says it is owed. The file had been
    refused for its reference, and said to tell nothing of what is owed."""
    students = tmp_path / "alunos.csv"
    students.write_text("id_aluno,nome\nA-1001,Ana Souza\nA-1002,Bruno Lima\nA-1003,Carla Dias\n", encoding="utf-8")
    path = tmp_path / "mensalidades.csv"
    path.write_text(
        "id_mensalidade,id_aluno,mes_ano,valor,vencimento,status\n1,A-1001,07/2026,385.0,10/07/2026,A Receber\n"
        "2,A-1001,08/2026,385.0,10/08/2026,A Receber\n3,A-1002,07/2026,420.0,10/07/2026,A Receber\n"
        "4,A-1002,08/2026,420.0,10/08/2026,Recebido\n5,A-1003,07/2026,390.0,10/07/2026,A Receber\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(debtors=str(students)))
    assert sorted(_owed(prepared)) == ["1", "2", "3", "5"]
    assert not any(n.startswith("Nothing in the file says which invoices are still owed") for n in prepared.notices)


def test_a_statement_whose_balance_runs_and_whose_rows_are_bank_movements_is_refused(settings, tmp_path):
    """A Mexican bank's statement: its balance runs from row to row, each row a deposit (SPEI), a
    transfer, a withdrawal or a fee. Its movements had been imported as debts once its dates
    ('06/ENERO/2020') could be read. A customer's ledger, its balance running too, is still read."""
    rows = [("06/ENERO/2020", "DEPOSITO SPEI UNICA EMPACADORA", "", "12000.00", "13125.50", "UNICA EMPACADORA SA"),
            ("07/ENERO/2020", "TRASPASO A CUENTA DE TERCEROS", "5000.00", "", "8125.50", "PROVEEDORA DEL NORTE"),
            ("08/ENERO/2020", "COMISION POR MANEJO DE CUENTA", "125.00", "", "8000.50", "BANCO"),
            ("10/ENERO/2020", "DEPOSITO SPEI FERRETERIA LOPEZ", "", "3000.00", "11000.50", "FERRETERIA LOPEZ"),
            ("12/ENERO/2020", "RETIRO EN CAJERO ATM", "1000.00", "", "10000.50", "CAJERO"),
            ("15/ENERO/2020", "DEPOSITO SPEI COMERCIAL SUR", "", "2500.00", "12500.50", "COMERCIAL SUR")]
    text = "date,reference,details,debit,credit,balance,company\n" + "".join(
        f"{d},{1605903427 + i},{t},{db},{cr},{bal},{c}\n" for i, (d, t, db, cr, bal, c) in enumerate(rows))
    _refused(settings, tmp_path / "estado_cuenta.csv", text,
             r"it is a bank account's statement \(its columns 'balance', 'details'\)")
    ledger = _prepared(settings, tmp_path / "mayor.csv", (
        "Fecha,Factura,Cliente,Concepto,Debe,Haber,Saldo\n01/02/2026,F-101,Alfa SA,Factura F-101,1000.00,,1000.00\n"
        "03/02/2026,F-102,Beta SA,Factura F-102,500.00,,1500.00\n05/02/2026,F-103,Gama SA,Factura F-103,300.00,,1800.00\n"
        "07/02/2026,F-101,Alfa SA,Cobro por transferencia,,1000.00,800.00\n09/02/2026,F-104,Delta SA,Factura F-104,200.00,,1000.00\n"
    ))
    assert sorted(_owed(ledger)) == ["F-102", "F-103", "F-104"]


def test_a_serial_number_heading_a_register_gives_way_to_the_invoice_number(settings, tmp_path):
    """An Indian register's first column, 'Sr. No' (1, 2, 3…), had won the reference over its invoice
    numbers ('Invoice': MD/22/23/020061): a row's own number names no debt beside them. (A register of
    the invoices issued, it is read when the user names its amount.)"""
    (tmp_path / "register.csv").write_text(
        "Sr. No,DATE,PARTY,Invoice,Taxable,CGST,SGST,TOTAL INVOICE  AMOUNT\n"
        "1,2022-12-30,Mulraj Devchand Thakkar,MD/22/23/020061,1652.55,148.73,148.73,1950.00\n"
        "2,2023-01-04,Mulraj Devchand Thakkar,MD/22/23/020142,847.46,76.27,76.27,1000.00\n"
        "3,2023-01-09,Mulraj Devchand Thakkar,MD/22/23/020233,2118.64,190.68,190.68,2500.00\n"
        "TOTAL FROM GST PORTAL,,,,,,,5450.00\n", encoding="utf-8")
    prepared = prepare_file(tmp_path / "register.csv", settings, PrepareOptions(assign=(("TOTAL INVOICE  AMOUNT", "amount"),)))
    assert prepared.mapping.field_columns()["reference"] == "Invoice"
    assert sorted(_owed(prepared)) == ["MD/22/23/020061", "MD/22/23/020142", "MD/22/23/020233"]


def test_amounts_written_with_their_own_currency_are_no_dollar_signs_in_the_notice(settings, tmp_path):
    """Amounts written in roubles ('р.234,00', '1 200,50 руб.', '5 000,00 ₽') in a file of Russian names:
    read in roubles, and the notice says nothing of '$' (it had said the roubles were written with '$')."""
    prepared = _prepared(settings, tmp_path / "dolgi.csv", (
        "Номер,Контрагент,Сумма\nД-1,ООО Альфа,\"р.234,00\"\nД-2,ООО Бета,\"1 200,50 руб.\"\nД-3,ООО Гамма,\"5 000,00 ₽\"\n"
    ))
    assert set(prepared.cases["currency"]) == {"RUB"}
    assert not any("'$'" in n for n in prepared.notices)


def test_a_file_without_a_header_row_offers_its_bare_mobiles_as_the_phone(settings, tmp_path):
    """An Argentine agency's debtors, no header row: a name, the DNI (8 digits), the mobile written bare
    (10 digits: '1170591889'), the debt. The mobiles had been left unmapped, every debtor said to have
    no contact; they are offered as the phone, to confirm."""
    names = ["Ramiro Gomez", "Arangay Luciano Rafael", "Bustos Belen Anahi", "Carla Diaz", "Diego Sosa", "Elena Ruiz",
             "Fabian Luna", "Gabriela Paz", "Hugo Vera", "Ines Rojas", "Julian Acosta", "Karina Ponce"]
    mobiles = ["1170591889", "3382570347", "2615871377", "3515550123", "3414445566", "2214567890", "1156781234",
               "3794123456", "2804561234", "3874561234", "1145678901", "2994561234"]
    rows = [f"{n};{39800105 + i * 7};{m};{10 + i},00" for i, (n, m) in enumerate(zip(names, mobiles, strict=True))]
    path = tmp_path / "deudores.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(header_line=0))
    assert prepared.mapping.field_columns()["debtor.phone"] == "Column 3"
    # (the DNI, shorter than a phone number, stays the reference offered)
    assert prepared.mapping.field_columns()["reference"] == "Column 2"


def test_a_crown_written_kr_under_swedish_headers_is_said_as_kr_not_as_a_dollar(settings, tmp_path):
    """A Swedish invoice list writes '12 500 kr': read in Swedish crowns as its headers say, and the
    notice names 'kr', the crowns' sign, where it had named '$'."""
    prepared = _prepared(settings, tmp_path / "fakturor.csv", (
        "Fakturanr;Kund;Förfallodatum;Belopp inkl. moms\nF-1001;Alfa AB;2026-03-31;12 500 kr\nF-1002;Beta AB;2026-04-15;3 750 kr\n"
    ))
    assert set(prepared.cases["currency"]) == {"SEK"}
    said = [n for n in prepared.notices if n.startswith("No column gives the currency")]
    assert said and "'kr' is the sign of several currencies (SEK, NOK, DKK, ISK)" in said[0] and "'$'" not in said[0]


def test_dollars_of_a_report_whose_title_names_an_australian_company_are_australian(settings, tmp_path):
    """An ageing report titled 'Business Name: Example Pty Ltd' writes its amounts with '$': Australian
    dollars, where they had been read as US dollars. Without such a title, '$' is still the US dollar."""
    text = ("Business Name: Example Pty Ltd\nReport: Accounts Receivable Ageing Report\nAs at: 30/06/2024\n\n"
            "Customer,Invoice,Date,Current,30 Days,60 Days,90+ Days,Total\n"
            "ABC Plumbing,INV-001,15/06/2024,\"$5,000.00\",-,-,-,\"$5,000.00\"\n"
            "DEF Electrical,INV-002,20/05/2024,-,\"$3,000.00\",-,-,\"$3,000.00\"\n"
            "GHI Pty Ltd,INV-004,01/03/2024,-,-,-,\"$1,500.00\",\"$1,500.00\"\n")
    titled = _prepared(settings, tmp_path / "ageing.csv", text)
    assert set(titled.cases["currency"]) == {"AUD"}
    untitled = _prepared(settings, tmp_path / "ageing2.csv", text.replace("Business Name: Example Pty Ltd", "Business Name: Example"))
    assert set(untitled.cases["currency"]) == {"USD"}


def test_a_trial_balance_titled_in_swedish_is_refused_by_its_title_not_for_a_missing_name(settings, tmp_path):
    # Visma's "Saldolista": the title says a trial balance, which its accounts (no debtor, no invoice number)
    # confirm; the refusal says what the file is rather than asking for the columns it lacks
    _refused(settings, tmp_path / "saldolista.csv", (
        '"""Saldolista""";;;;\nSamis Jackets AB;;;;\n;;;;\n'
        '"""Konto""";"""Beskrivning""";"""Debet""";"""Kredit""";"""Utgående saldo"""\n'
        "1220;Inventarier och verktyg;49170.68;0.00;49170.68\n1460;Lager av handelsvaror;1522537.98;539788.52;982749.46\n"
        "1510;Kundfordringar;81250.00;40000.00;41250.00\n1930;Företagskonto;250000.00;180000.00;70000.00\n"
    ), match=r"its title \(line 1: '\"Saldolista\"'\) is an accounting report of accounts")


def test_a_norwegian_bank_statement_is_refused_as_a_statement(settings, tmp_path):
    # money in and out, a running balance, and a description naming the bank's movements in Norwegian
    _refused(settings, tmp_path / "bankutskrift.csv", (
        "Dato;Forklaring;Inn;Ut;Saldo\n"
        "2026-01-16;Innbetaling fra Lunde AS / Faktura 1001;4750.00;;104750.00\n"
        "2026-01-17;Innbetaling fra Stølsvik AS / Faktura 1002;15250.00;;120000.00\n"
        "2026-01-20;Betaling Leverandor Aasen AS;;8000.00;112000.00\n"
        "2026-01-23;Varekjøp Rema 1000;;250.00;111750.00\n"
        "2026-01-31;Bankgebyr;;45.00;111705.00\n"
        "2026-02-02;Nettgiro til Vik AS;;1200.00;110505.00\n"
    ), match="it is a bank account's statement")


def test_a_law_firms_ledes_invoices_never_name_its_timekeepers_as_debtors(settings, tmp_path):
    # LEDES 1998B: one line per fee, the firm's timekeeper on each; the client is a number only
    error = _refused_without_a_name(settings, tmp_path / "ledes.txt", (
        "LEDES1998B[]\n"
        "INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|INVOICE_TOTAL|LINE_ITEM_NUMBER|LINE_ITEM_TOTAL|TIMEKEEPER_ID|"
        "TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]\n"
        "19990225|96542|00711|1684.45|1|630|22547|Arnsley, Robert|PARTNR|423-987[]\n"
        "19990225|96542|00711|1684.45|2|864|22547|Arnsley, Robert|PARTNR|423-987[]\n"
        "19990225|96542|00711|1684.45|3|190.45|44527|Pendleton, Mary|ASSOC|423-987[]\n"
        "19990315|96543|00711|1250.00|1|1250|44527|Pendleton, Mary|ASSOC|423-987[]\n"
    ))
    assert "TIMEKEEPER_NAME" not in error.facts.get("missing", [])
    document = error.facts["document"]
    assert {c["column"]: c["field"] for c in document["columns"]}["TIMEKEEPER_NAME"] is None


def test_a_days_takings_by_channel_are_refused_as_payments_received(settings, tmp_path):
    # a practice's front desk reports each day's cash, cards and insurance cheques: nobody owes them
    _refused(settings, tmp_path / "daily_payments.csv", (
        "Submission Date,Date,Location,Name,Total Insurance Payments (Checks),Total Cash,Total Credit Card Payments,"
        "Total Patient Refund,Submission ID\n"
        '2024-11-07 14:18:16,11-02-2024,Baytown,Victoria,,$186.69,"$4,161.07",,6068162961464535924\n'
        '2024-11-07 14:20:36,11-05-2024,Humble,Bridget,"$9,508.40",$0.00,"$3,303.85",,6068164361464070367\n'
        '2024-11-07 15:55:14,11-01-2024,Humble,Bridget,"$2,529.40",,,$50.00,6068221131468293434\n'
    ), match="a register of payments received")


def test_a_contractors_receivables_owe_now_their_balance_less_the_retainage(settings, tmp_path):
    # Foundation's AR summary: the balance holds the retainage the owner keeps until the work is accepted,
    # and a column gives the balance less it: that is what is due now; an invoice of retainage alone owes nothing yet
    prepared = _prepared(settings, tmp_path / "ar_invoice_summary.csv", (
        "invoice_no,customer_name,invoice_date,invoice_amount,cash_applied,total_due,retainage_amount,"
        "calculated_amount_due\n"
        "3101,Dignity Health,2026-06-30,84598.20,0,84598.20,8459.82,76138.38\n"
        "3102,Dignity Health,2026-07-31,42000.00,37800.00,4200.00,4200.00,0.00\n"
        "3103,Valley School District,2026-08-31,15250.00,0,15250.00,0.00,15250.00\n"
        "3104,Valley School District,2026-09-30,9800.00,4000.00,5800.00,980.00,4820.00\n"
    ))
    assert _owed(prepared) == {"3101": Decimal("76138.38"), "3103": Decimal("15250.00"), "3104": Decimal("4820.00")}
    assert ("amount: 'calculated_amount_due' is 'total_due' less the retainage of 'retainage_amount' (the part of an "
            "invoice the client holds until the work is accepted, not due yet): it is taken as the amount owed now; an "
            "invoice whose balance is all retainage owes nothing yet. To collect the retainage too, set --set "
            "'total_due=amount'.") in prepared.notices
    assert any("nothing is due on it now (it is paid, or all that is left is retainage) (row 3)" in n
               for n in prepared.notices)


def test_retainage_counted_in_the_balance_and_nothing_less_it_is_said(settings, tmp_path):
    prepared = _prepared(settings, tmp_path / "aged_receivables.csv", (
        "Invoice,Customer,Due Date,Balance,Retainage\n"
        "3101,Dignity Health,2026-07-30,84598.20,8459.82\n3102,Dignity Health,2026-08-30,4200.00,4200.00\n"
        "3103,Valley School District,2026-09-30,15250.00,0\n"
    ))
    assert _owed(prepared) == {"3101": Decimal("84598.20"), "3102": Decimal("4200.00"), "3103": Decimal("15250.00")}
    assert ("amount: 'Retainage' holds retainage on 2 of the first 3 rows: the part of an invoice the client holds until "
            "the work is accepted, not due yet, and likely counted in 'Balance'. The amounts are imported as written: to "
            "collect only what is due now, export the balance less the retainage.") in prepared.notices


def test_odoos_credit_notes_whose_reference_names_the_invoice_reversed_are_refused(settings, tmp_path):
    _refused(settings, tmp_path / "credit_notes.csv", (
        "Credit Note Number,Date,Due Date,Customer Name,State,Payment State,Amount Total,Amount Residual,Reference,Currency\n"
        "RINV/2025/00001,2025-02-04,2025-02-04,\"Viajes Pacífico, S.A.\",posted,not_paid,7.62,7.62,,EUR\n"
        "RINV/2025/00002,2025-04-11,2025-04-11,\"Move Experience Barcelona, S.L.\",posted,not_paid,19.89,19.89,"
        "\"Reversión de: INV/2025/00148, Baja del cliente\",EUR\n"
        "RINV/2025/00003,2025-06-03,2025-06-03,\"Sasouni, S.L.\",posted,paid,197.10,0.00,Reversión de: INV/2025/00416,EUR\n"
    ), match=r"it is a list of credit notes \(each row numbered under 'Credit Note Number'\)")


@pytest.mark.parametrize(("name", "text"), [
    # a camt.053 statement's entries converted to a table
    ("camt053.csv", "BookkeepingNumber;Status;Date;ValueDate;Name;PartyName;PartyIBAN;Description;Amount;CreditDebit;"
     "Currency;EntryReference;AccountServicer;BankTxCode\n"
     ";BOOK;31.12.2024;31.12.2024;;;;RESULTAT DE CLOTURE;65.63;CRDT;CHF;;705234020005001/390;\n"
     ";BOOK;15.12.2024;15.12.2024;;Muster AG;CH9300762011623852957;Zahlung Rechnung 1001;1250.00;CRDT;CHF;;705234020005001/391;PMNT\n"),
    # a Finnish bank's: the day booked and the day of value
    ("tapahtumat.csv", "Kirjauspäivä;Arvopäivä;Määrä EUROA;Laji;Selitys;Saaja/Maksaja;Viite;Viesti\n"
     "02.01.2019;02.01.2019;-201,10;106;TILISIIRTO;LARJO LAURI;;Mortgage\n04.01.2019;04.01.2019;502,93;510;PALKKA;ACME OY;;SEPA\n"),
])
def test_bank_statements_of_iso_20022_and_finnish_banks_are_refused(settings, tmp_path, name, text):
    _refused(settings, tmp_path / name, text, match="it is a bank account's statement")


def test_a_joined_vendor_number_and_a_journals_accounts_by_side_say_what_the_file_is(settings, tmp_path):
    payables = _refused_without_a_name(settings, tmp_path / "transactions.csv", (
        "invnumber,invoicedescription,vendornumber,transdate,duedate,apaccount,account,amount\n"
        "00003,Test description1,CB001,10-10-08,10-10-08,2100,5001,2030\n00004,Test description2,ES002,10-12-08,10-10-08,2100,5002,3213\n"
    ))
    assert "Its column 'vendornumber' names suppliers: a list of what is owed to suppliers (payables)" in str(payables)
    journal = _refused_without_a_name(settings, tmp_path / "export_part_.csv", (
        "Id;Datum;Referenz;Soll;Haben;Beschreibung;Betrag;Buchungswährung\n"
        "59881;02.11.2025;Miete 84021;6000 - Mietaufwand Geschäftslokalitäten;2000 - Verbindlichkeiten aus Lieferungen und "
        "Leistungen;Miete November;11510;CHF\n"
        "59879;02.10.2025;Miete 75825;6000 - Mietaufwand Geschäftslokalitäten;2000 - Verbindlichkeiten aus Lieferungen und "
        "Leistungen;Miete Oktober;11510;CHF\n"
        "59870;30.09.2025;Leasing 1102;6105 - Leasing Fahrzeuge;1020 - Bank;Leasing September;890;CHF\n"
    ))
    assert "Its columns 'Soll', 'Haben' are those of a ledger of accounts" in str(journal)


def test_a_customer_master_with_price_lists_is_a_customer_list(settings, tmp_path):
    # Odoo's customers: a price list's code is no amount
    refused = _refused(settings, tmp_path / "res_partner.csv", (
        "VAT,Name,Email,Phone,Street,City,Zip,Country,Price list,Payment terms,IBAN\n"
        "B64649288,AAA Endoscopia Digestiva SLP,admin@aaa-endoscopia.es,,Mare de Deu de la Salut 78,Barcelona,08024,Spain,"
        ",PAGO_INMEDIATO,ES5621000600870203577812\n"
        "B65104218,Move Experience Barcelona SL,admin@moveexperience.es,934000000,Carrer Gran 1,Barcelona,08001,Spain,"
        "LP_ACORDIA,30_DIAS,ES7921000813610123456789\n"
    ), match="debtor", code="required-column-missing")
    assert "a customer list holds no debt" in str(refused)


def test_a_booking_platforms_payout_statement_owes_nothing(settings, tmp_path):
    # Booking.com's payouts: each reservation paid online and paid out to the hotel on a day, its payout's id;
    # "Payout" is a word of its own, never "pay" and an "out"standing balance
    prepared = _prepared(settings, tmp_path / "payouts.csv", (
        'Type,"Reference number",Check-in,Checkout,"Guest name","Reservation status",Currency,"Payment status",Amount,'
        '"Payout date","Payout ID"\n'
        'Reservation,6009906075,"3 Nov 2025","5 Nov 2025","Sabine Flory",ok,EUR,"Paid Online",250.00,"6 Nov 2025",ls6LtPg2\n'
        'Reservation,5921251623,"3 Nov 2025","5 Nov 2025","Purujit Naik",ok,EUR,"Paid Online",216.00,"6 Nov 2025",ls6LtPg2\n'
        'Reservation,5921251777,"10 Nov 2025","12 Nov 2025","Max Weber",ok,EUR,"Paid Online",180.00,"13 Nov 2025",ms7KuQh3\n'
    ))
    assert _owed(prepared) == {}
    assert any(n.startswith("Every invoice of the file (3) is left out as paid") for n in prepared.notices)
    other = _prepared(settings, tmp_path / "settlements.csv", (
        "Invoice,Customer,Payout Amount,Total,Payment status\nA1,Acme,0,100.00,Unpaid\nA2,Beta,0,50.00,Paid Online\n"
    ))
    assert _mapping(other)["Total"] == "amount"
    assert _owed(other) == {"A1": Decimal("100.00")}


def test_a_dates_format_written_in_its_header_says_its_order_and_no_field(settings, tmp_path):
    # an Argentine agency's portfolio: "dd/mm/aaaa" is the dates' format, never a "dd" due date; the day the
    # account reached the agency ("Fecha de Ingreso") is no invoice date
    prepared = _prepared(settings, tmp_path / "cartera.csv", (
        "Nro;Razon social;Deuda total;Fecha de Ingreso;Fecha de Deuda dd/mm/aaaa\n"
        "A1;Juan Perez;1500,00;02/09/2026;03/04/2024\nA2;Ana Gomez;820,50;02/09/2026;05/06/2024\n"
    ))
    columns = _mapping(prepared)
    assert "Fecha de Ingreso" not in columns and columns["Fecha de Deuda dd/mm/aaaa"] != "amount"
    assert ("Dates of column 'Fecha de Deuda dd/mm/aaaa' could be day/month or month/day; they were read as "
            "day/month/year (dd/mm/yyyy), as its header writes them.") in prepared.notices
    # a format written month first reads the dates so, whatever the default order
    us = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice,Customer,Amount,Due Date (MM/DD/YYYY)\nINV-1,Acme Inc,100.00,03/04/2026\nINV-2,Beta LLC,50.00,05/06/2026\n"
    ))
    assert us.cases.select("reference", "due_date").rows() == [
        ("INV-1", date(2026, 3, 4)), ("INV-2", date(2026, 5, 6)),
    ]
    assert not us.problems.filter(pl.col("code") == "ambiguous-date-format").height


def test_a_money_in_and_out_statement_and_a_banks_activity_summary_are_refused(settings, tmp_path):
    # M-Pesa's statement ("Withdrawn", "Paid In", "Balance"); a bank's activity summary ("Trans.Date", "Value Date")
    _refused(settings, tmp_path / "statement.csv", (
        "Receipt,Date,Details,Status,Withdrawn,Paid In,Balance,Other Party Info\n"
        "Y28GK612,2024-05-02 10:00,Business Payment to Customer,Completed,5000.00,,120000.00,999040 - JULIET UNGA\n"
        "Y28GK613,2024-05-02 11:00,Pay Bill from 0720152379,Completed,,3000.00,123000.00,0720152379 - JOHN DOE\n"
        "Y28GK614,2024-05-03 09:00,Pay Bill from 0720111111,Completed,,1500.00,124500.00,0720111111 - MARY ROE\n"
    ), match=r"it is a bank account's statement \(its columns 'Withdrawn', 'Paid In', 'Balance'\)")
    _refused(settings, tmp_path / "activity.csv", (
        "Bank Audi sal,,,,,,\nActivity Summary for Account No. 27487046100200901,,,,,,\n,,,,,,\n"
        "Trans.Date,Value Date,Reference,D/C,Amount,Balance,Description\n"
        "02/01/2009,02/01/2009,8095746,C,1500,1500,PMTMAJ Client1232993852651\n"
        "05/01/2009,05/01/2009,8095746,C,2000,3500,PMTMAJ Client1233265958456\n"
    ), match=r"it is a bank account's statement \(its columns 'Trans.Date', 'Value Date'\)")


def test_a_customers_standing_before_the_vat_says_nothing_of_payment(settings, tmp_path):
    # pyafipws' invoices to submit to the AFIP: "Exento" (exempt) under the customer's VAT condition is no
    # waived debt, and no row is left out for it
    prepared = _prepared(settings, tmp_path / "facturas.csv", (
        'id,tipo_cbte,punto_vta,cbt_numero,fecha_cbte,tipo_doc,nro_doc,moneda_id,moneda_ctz,imp_neto,imp_iva,imp_trib,imp_op_ex,imp_tot_conc,imp_total,concepto,fecha_venc_pago,fecha_serv_desde,fecha_serv_hasta,cae,fecha_vto,resultado,motivo,reproceso,nombre,domicilio,localidad,telefono,categoria,email,numero_cliente,numero_orden_compra,condicion_frente_iva,numero_cotizacion,numero_remito,obs_generales,obs_comerciales,codigo1,codigo2,tributo_importe_1,precio1,precio2,cantidad1,cantidad2,iva_id1,iva_id_1,tributo_alic_1,cuit,numero_despacho1,tributo_desc_1,tributo_base_imp_1,iva_importe_1,umed1,umed2,descripcion1,descripcion2,id_impositivo,telefono_cliente,nombre_cliente,localidad_cliente,tributo_id_1,provincia_cliente,iva_base_imp_1,domicilio_cliente,importe1,importe2,forma_pago,imp_iva1,idioma\n'
        '1,6,5,765,20150609,80,30500010912,PES,1.0,889.82,186.86,8.89,0.0,0.0,1085.57,1,,,,,,,,N,,,,,,mariano@sistemasagiles.com.ar,21601192,6443,Exento,82016336,8001,,,P1675G,COD2,8.89,1076.68,0,1.0,0,0,5,1.0,20205766,110170P,Impuesto municipal matanza,889.82,186.86,7,0,PRUEBA ART,SEGUNDO ART,,,Cliente XXX,,99,,889.82,Patricia 1 - Cdad de Buenos Aires - 1405 - Capital Federal - Argentina,1076.68,0,30 Dias,0.0,1\n'
        '1,6,5,766,20150609,80,30500010912,PES,1,889.82,186.86,8.89,0,0,1085.57,1,,,,65233254604500,20150619,A,,N,,,,,,mariano@sistemasagiles.com.ar,21601192,6443,Exento,82016336,8001,,,P1675G,COD2,8.89,1076.68,0,1,0,0,5,1,20205766,110170P,Impuesto municipal matanza,889.82,186.86,7,0,PRUEBA ART,SEGUNDO ART,,,Cliente XXX,,99,,889.82,Patricia 1 - Cdad de Buenos Aires - 1405 - Capital Federal - Argentina,1076.68,0,30 Dias,0,1\n'
    ))
    assert not any("'condicion_frente_iva'" in n for n in prepared.notices)
    assert prepared.validation.valid + prepared.validation.invalid == 2


def test_open_supplier_items_named_so_and_naming_no_party_say_they_are_payables(settings, tmp_path):
    # SAP's FBL1N saved as "openstaande crediteuren": no column names the party, the file's name says payables
    refused = _refused_without_a_name(settings, tmp_path / "openstaande_crediteuren.csv", (
        "Belegnummer;Belegart;Belegdatum;Nettofälligkeit;Betrag in Hauswährung;Hauswährung;Text\n"
        "5100000123;RE;03.09.2026;03.10.2026;-1.234,56;EUR;Wareneingang\n"
        "5100000124;KR;05.09.2026;05.10.2026;-656,35;EUR;Miete September\n"
    ))
    assert ("The file's name ('openstaande_crediteuren.csv') says it lists payables, purchases or expenses "
            "('crediteuren')") in str(refused)
    assert "--debtors" not in str(refused)


def test_a_councils_business_rates_list_is_a_register_of_properties(settings, tmp_path):
    # a UK council's business rates: the properties' rateable values and the reliefs off their rates
    # (negative), no bill and no arrears; a place's latitude is no amount either
    refused = _refused(settings, tmp_path / "business_rates.csv", (
        "Property reference number,Ratepayer,Address,Postcode,Latitude,Longitude,Rateable value,VOA description,"
        "Relief types,Relief total\n"
        "N00109000010,Vistech Cooling Systems Ltd,\"Sheep Pens, Little Holtby, Northallerton\",DL7 9NY,54.33699,-1.60212,"
        "3650,Office,SBR,-2283.15\n"
        "N00109000011,Crabtree Hall Management Ltd,\"Estate Office, Little Holtby, Northallerton\",DL7 9NY,54.33699,-1.60212,"
        "1475,Office,,\n"
        "N00109000012,Dales Bakery Ltd,\"1 Market Place, Bedale\",DL8 1ED,54.28812,-1.59031,12250,Shop,SBR,-6112.50\n"
    ), match="amount", code="required-column-missing")
    assert ("Its columns 'Rateable value', 'Relief types', 'Relief total' give properties' values and the reliefs off "
            "their tax: a register of rated properties") in str(refused)
    assert "--set 'Latitude=amount'" not in str(refused)


def test_a_finance_tools_bills_to_pay_are_left_out_by_their_kind(settings, tmp_path):
    # a Brazilian finance tool's "Contas a pagar": every entry's "Tipo" says an expense (Despesa), refused
    # for it; its "Contas a receber" of the same columns says revenue (Receita) and is imported
    header = "Tipo,Parcela,Quitado,Vencimento,Valor (R$),Cliente/Fornecedor,Número do Documento\n"
    _refused(settings, tmp_path / "export.csv", header + (
        "Despesa,1,Não,17/03/2025,2385.00,INSTITUTO CONTABILIDADE CONSULTIVA LTDA,23713\n"
        "Despesa,1,Não,03/04/2025,3000.00,PAULO HENRIQUE DOS SANTOS,23714\n"
        "Despesa,1,Não,05/04/2025,89.31,SINDICATO DAS EMPRESAS DE SERVICOS CONTABEIS,23715\n"
    ), r"every row of it \(3\) is a supplier's bill or another payable \('Tipo' says 'Despesa'\)")
    owed = _prepared(settings, tmp_path / "receber.csv", header + (
        "Receita,1,Não,05/03/2025,490.00,DECIMO ANDAR IMOBILIARIA LTDA,A-1\n"
        "Receita,1,Não,05/04/2025,490.00,DECIMO ANDAR IMOBILIARIA LTDA,A-2\n"
        "Receita,1,Não,10/04/2025,1250.00,AMAZZONIA COMERCIO LTDA,A-3\n"
    ))
    assert owed.cases.filter(pl.col(VALID)).select("reference", "amount").rows() == [
        ("A-1", Decimal("490.00")), ("A-2", Decimal("490.00")), ("A-3", Decimal("1250.00"))]


def test_a_business_accounts_transactions_are_a_bank_statement(settings, tmp_path):
    # a French business account's export of its transactions: the account's own IBAN on every row
    # beside the day of each operation; its customers' transfers are payments received, not debts
    refused = _refused(settings, tmp_path / "transactions.csv", (
        "Id;IBAN du compte;Type d'opération;Date de la transaction;Date de l'opération;Intitulé de la transaction;"
        "Montant TTC;Factures\n"
        "1;FR7616958000014518546352413;Virement;2025-01-03;2025-01-03;CHABE SAS;13200,00;Facture 126 (payée)\n"
        "2;FR7616958000014518546352413;Carte;2025-01-04;2025-01-04;TOTAL ENERGIES;-84,20;\n"
        "3;FR7616958000014518546352413;Prélèvement;2025-01-05;2025-01-05;URSSAF;-1250,00;\n"
    ), match="bank account's statement")
    assert "'IBAN du compte', \"Date de l'opération\"" in str(refused)


def test_a_payments_columns_left_blank_on_every_row_make_no_payments_export(settings, tmp_path):
    # a SaaS app's copy of its Stripe invoices: the payment's and the charge's ids are never filled in
    # (no invoice open was paid), so the file is no payments export to settle cases with
    header = "invoice_number,customer_id,payment_intent_id,charge_id,status,total,amount_due,amount_paid,currency,due_date\n"
    refused = _refused_without_a_name(settings, tmp_path / "stripe_invoices.csv", header + (
        "XMOEWLFW-0001,01KF3F03F8,NULL,NULL,OPEN,20.00,20.00,0.00,USD,2026-02-16\n"
        "XMOEWLFW-0002,01KF3F03F9,NULL,NULL,OPEN,20.00,20.00,0.00,USD,2026-02-17\n"
        "XMOEWLFW-0003,01KF3F03FA,,,OPEN,40.00,40.00,0.00,USD,2026-02-18\n"
    ))
    assert "payments import" not in str(refused)
    # written on its rows, they are a payments export's
    paid = _refused_without_a_name(settings, tmp_path / "stripe_payments.csv", header + (
        "XMOEWLFW-0001,01KF3F03F8,pi_3Sq,ch_3Sq,OPEN,20.00,10.00,10.00,USD,2026-02-16\n"
        "XMOEWLFW-0002,01KF3F03F9,pi_3Sr,ch_3Sr,OPEN,20.00,5.00,15.00,USD,2026-02-17\n"
    ))
    assert "Its columns ('payment_intent_id', 'charge_id') are those of a payments or orders export" in str(paid)


def test_an_israeli_banks_movements_and_a_romanian_suppliers_invoices_are_no_debts(settings, tmp_path):
    # an Israeli bank's export: its debit ("חובה") is no debt ("חוב"), beside the credit and the balance
    # after each movement
    statement = _refused(settings, tmp_path / "movements.csv", (
        "תאריך,תיאור הפעולה,חשבון,אסמכתא,תאריך ערך,חובה,זכות,יתרה לאחר פעולה\n"
        "2020-03-20,ישראכרט,12 450 663630,6474,2020-03-20,,22.59,4481.60\n"
        "2020-03-27,ביטוח לאומי,12 450 663630,60697083,2020-03-27,,2522.00,7003.60\n"
        "2020-04-02,ישראכרט,12 450 663630,6475,2020-04-02,8952.64,,-1949.04\n"
    ), match="bank account's statement")
    assert "'חובה', 'זכות', 'יתרה לאחר פעולה'" in str(statement)
    # WinMentor's unpaid invoices of its suppliers ("Furnizor")
    payables = _refused_without_a_name(settings, tmp_path / "facturi_neachitate.csv", (
        "Valuta,Furnizor,Tip,Data,Numar,Sold,DataScadenta\n"
        "RON,ADEZIVI SRL,Factura,2025-06-02,F1001,1200.50,2025-07-02\n"
        "RON,METALCOM SA,Factura,2025-06-05,F1002,880.00,2025-07-05\n"
    ))
    assert "Its column 'Furnizor' names suppliers: a list of what is owed to suppliers (payables)" in str(payables)


def test_drafts_and_cancelled_invoices_left_out_say_nothing_of_the_others_payment(settings, tmp_path):
    # Odoo's customer invoices: "Posted" beside "Draft" and "Cancelled" is a document's state, and
    # nothing says which posted invoices are paid
    prepared = _prepared(settings, tmp_path / "account_move.csv", (
        "Number,Invoice Partner Display Name,Invoice/Bill Date,Total Signed,Status\n"
        "INV/2022/00036,MARMAR CONTRACTING EST,2022-05-01,11500.00,Posted\n"
        "INV/2022/00034,ABSAL JOHN PAUL CONTRACTING COMPANY,2022-04-20,23000.00,Posted\n"
        "INV/2022/00035,ABSAL JOHN PAUL CONTRACTING COMPANY,2022-04-22,4600.00,Draft\n"
        "INV/2022/00033,MARMAR CONTRACTING EST,2022-04-18,920.00,Cancelled\n"
    ))
    assert prepared.cases["reference"].to_list() == ["INV/2022/00036", "INV/2022/00034"]
    assert any(n.startswith("Nothing in the file says which invoices are still owed") for n in prepared.read.source.notices)


def test_a_chinese_suppliers_column_says_payables(settings, tmp_path):
    # a Chinese list of unpaid purchase invoices: the supplier's name ("供应商名称") is written with no
    # space after the word for supplier
    refused = _refused_without_a_name(settings, tmp_path / "cn_ap.csv", (
        "供应商名称,发票号码,未付金额,到期日\n上海华源机械有限公司,FP-2024-001,12000.00,2024-10-16\n"
        "北京中科电子有限公司,FP-2024-002,8500.50,2024-11-05\n"
    ))
    assert "Its column '供应商名称' names suppliers: a list of what is owed to suppliers (payables)" in str(refused)



def test_a_preliminary_ledgers_title_still_names_a_report_of_accounts(settings, tmp_path):
    # Visma's general ledger and voucher list, printed before the period closed: "Preliminär" before
    # the report's name; the accounts' headings would otherwise be taken for debtors
    for title, name in (("Preliminär Huvudbok", "huvudbok.csv"), ("Preliminär Verifikationslista", "verifikationer.csv")):
        refused = _refused(settings, tmp_path / name, (
            f'"""{title}""";;;;;\nSamis Jackets AB;;;;;\n;;;;;\n'
            "Konto;Datum;Text;Debet;Kredit;Saldo\n1220 Inventarier och verktyg;;;;;\n"
            ";2025-01-03;Ingående balans;12000,00;;12000,00\n;2025-02-10;Inköp;3500,00;;15500,00\n"
        ), match="is an accounting report of accounts")
        assert f"its title (line 1: '\"{title}\"')" in str(refused)


def test_a_paid_flag_written_na_on_some_rows_still_says_the_others_are_paid(settings, tmp_path):
    # a hand-kept sales log: "x" under "Payment Received" for the pairs paid, "NA" for gifts
    prepared = _prepared(settings, tmp_path / "fundraiser.csv", (
        "Order,Price,Sold to,Email,Payment Received\n"
        "S-1,50,Joe & Madison,joe@example.com,x\nS-2,50,Fred Miller,fred@example.com,\n"
        "S-3,45,Ann Lee,ann@example.com,NA\nS-4,40,Joe & Madison,joe@example.com,x\nS-5,50,Kim Park,kim@example.com,\n"
    ))
    assert sorted(_owed(prepared)) == ["S-2", "S-3", "S-5"]


def test_a_countys_delinquent_parcels_owe_their_tax_not_their_sale_price(settings, tmp_path):
    # a county's delinquent parcels: "taxOwed" is the debt; the price the parcel last sold for is none
    prepared = _prepared(settings, tmp_path / "delinquent_parcels.csv", (
        "Parcel Number,Owner Name One,Property Address,taxOwed,Years Delinquent,Most Recent Sale Price\n"
        "41-18-06-307-014,ROMERO JUAN,1021 GRANDVILLE AVE SW,1836.46,2,50000\n"
        "41-18-06-307-015,ARIAS MARIA,1025 GRANDVILLE AVE SW,2318.64,1,0\n"
        "41-18-06-307-016,KOWALSKI PIOTR,1031 GRANDVILLE AVE SW,0,0,272251\n"
    ))
    assert _owed(prepared) == {"41-18-06-307-014": Decimal("1836.46"), "41-18-06-307-015": Decimal("2318.64")}


def test_a_balance_written_without_its_units_zero_and_a_borough_code(settings, tmp_path):
    # New York's building violations: the balance written ".00" when nothing is due, the borough as a
    # code (1 to 5), which is no amount
    prepared = _prepared(settings, tmp_path / "ecb_violations.csv", (
        "ECB_VIOLATION_NUMBER,RESPONDENT_NAME,BORO,PENALITY_IMPOSED,AMOUNT_PAID,BALANCE_DUE\n"
        "34830294Z,THE HARMAN GROUP,4,4000.00,4000.00,.00\n38151068L,CUSHMAN AND WAKEFIELD,1,.00,.00,.00\n"
        "35093347K,ACME LLC,2,500.00,500.00,.00\n35093348M,BETA CORP,3,250.00,249.50,.50\n"
        "35093349P,GAMMA REALTY,5,800.00,800.00,.00\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "BALANCE_DUE"
    assert _owed(prepared) == {"35093348M": Decimal("0.50")}


def test_a_companys_number_written_short_is_no_invoice_number(settings, tmp_path):
    # a spreadsheet course's invoice list: "Co. No." is the customer company's number, repeated on
    # each of its invoices; "Invoice" numbers them
    prepared = _prepared(settings, tmp_path / "invoices.csv", (
        "Invoice,Date,Co. No.,Company,Amount,VAT,Total\n"
        "1001,2024-01-05,294,Smith & Co,100.00,20.00,120.00\n1002,2024-01-07,311,Jones Ltd,250.00,50.00,300.00\n"
        "1003,2024-01-09,294,Smith & Co,80.00,16.00,96.00\n"
    ))
    assert prepared.mapping.field_columns()["reference"] == "Invoice"
    assert _owed(prepared) == {"1001": Decimal("120.00"), "1002": Decimal("300.00"), "1003": Decimal("96.00")}


def test_companies_names_are_no_region(settings, tmp_path):
    # a Mexican ERP's dBase fields: "Nom_prov" (the supplier's name, "prov" read as a province) holds
    # companies, no place of the debtor's address
    prepared = _prepared(settings, tmp_path / "porpagar.csv", (
        "No_fac,Fech_fac,Saldo_fac,Cliente,Nom_prov\n"
        "FAM69,27/12/2023,1350,Farmacia Lopez,ACOTRON ELECTRONICA INDUSTRIAL SA DE CV\n"
        "27A,05/09/2024,30000.02,Farmacia Ruiz,2G NUTRITION SAS DE CV\n"
        "31B,06/09/2024,120.00,Botica Sol,ABASTECEDORA LUMEN S.A. DE C.V.\n"
    ))
    assert "debtor.address.region" not in prepared.mapping.field_columns()


def test_a_leases_rent_is_no_amount_owed(settings, tmp_path):
    # a property manager's notices and move-outs: each lease's monthly rent, no balance
    refused = _refused(settings, tmp_path / "tenant_tickler.csv", (
        "Tenant ID,Tenant,Unit,Rent,Move-out,Notice Given\n"
        "T-101,Maria Lopez,4B,1450.00,2025-03-31,2025-02-28\nT-102,John Smith,2A,1200.00,2025-04-30,2025-03-30\n"
        "T-103,Ana Silva,1C,980.00,2025-05-31,2025-04-29\n"
    ), match="amount", code="required-column-missing")
    assert "--set 'Rent=amount'" not in str(refused)


def test_a_german_banks_movements_with_their_purpose_are_a_statement(settings, tmp_path):
    # a German bank's account movements: each transfer's purpose in the payer's words
    # ("Verwendungszweck") beside the day the bank booked it
    refused = _refused(settings, tmp_path / "umsaetze.csv", (
        "Buchungstag;Wert;Verwendungszweck;Soll;Haben;Währung\n"
        "26.08.2010;26.08.2010;KARTENZAHLUNG TANKSTELLE 25.08;45,20;;EUR\n"
        "30.08.2010;30.08.2010;LASTSCHRIFT VERSICHERUNG AG BEITRAG 09/2010;112,40;;EUR\n"
        "01.09.2010;01.09.2010;GEHALT 08/2010 MUSTER GMBH;;2150,00;EUR\n"
    ), match="bank account's statement")
    assert "'Verwendungszweck', 'Buchungstag'" in str(refused)


#: bank statements told by their columns: the file's name, its text, and the columns the refusal names
STATEMENTS = [
    # mBank's list of operations: each operation's description ("Opis operacji") beside its day; no
    # balance, no counterparty column
    ("lista_operacji.csv",
     "#Data operacji;#Opis operacji;#Rachunek;#Kategoria;#Kwota;\n"
     "2025-11-20;\"BISTRO OLIWA ZAKUP PRZY UŻYCIU KARTY W KRAJU\";\"mBiznes konto 1711 ... 4415\";\"Zakupy\";-136,00 PLN;;\n"
     "2025-11-20;\"Gulali Mirzayev, CO-PROF 44/2025 PRZELEW SEPA PRZYCHODZĄCY\";\"mBiznes konto 1711 ... 4415\";\"Wpływy\";450,00 PLN;;\n"
     "2025-11-19;\"ZAKŁAD UBEZPIECZEŃ SPOŁECZNYCH PRZELEW DO ZUS\";\"mBiznes konto 1711 ... 4415\";\"Podatki\";-1 774,00 PLN;;\n",
     "'Opis operacji', 'Data operacji'"),
    # a Japanese bank's transactions: whether each went in or out ("入出金区分": 入金, 出金) beside its day
    ("bank_transactions.csv",
     "取引日,摘要,金額,入出金区分\n2025-01-15,株式会社サンプル 請求書入金,150000,入金\n"
     "2025-01-17,電気代 東京電力,35000,出金\n2025-01-18,山田太郎 給与振込,280000,出金\n",
     "'入出金区分', '取引日'"),
    # the same bank's money in and out, each a column of its own ("入金金額", "出金金額"), beside the day
    ("bank_in_out.csv",
     "取引日,摘要,入金金額,出金金額\n2025-01-15,株式会社サンプル 請求書入金,\"150,000\",\n"
     "2025-01-17,電気代 東京電力,,\"35,000\"\n2025-01-18,山田太郎 給与振込,,\"280,000\"\n",
     "'出金金額', '入金金額', '取引日'"),
    # a cash book's money in, money out and balance, each a column
    ("cash_book.csv",
     "日付,摘要,入金,出金,残高\n2025-01-15,売上 株式会社サンプル,150000,,650000\n"
     "2025-01-17,電気代,,35000,615000\n2025-01-18,交通費,,2800,612200\n",
     "'出金', '入金', '残高'"),
    # an Estonian bank's: the other party's account and its bank's code beside each movement
    ("seb.csv",
     'Account;Document No.;Date;Beneficiary\'s account;"Beneficiary\'s name";BIC/SWIFT;Type;(D/C);Amount;Currency\n'
     '"EE921010010575985012";"";"04.07.2022";"";"SEB";"";"TT";"D";2,95;"EUR"\n'
     '"EE921010010575985012";"CLR50742292";"04.07.2022";"EE381010220034567011";"RIMI";"EEUHEE2X";"MK";"D";13,56;"EUR"\n'
     '"EE921010010575985012";"CLR50742293";"05.07.2022";"EE381010220034567012";"OU Kala";"HABAEE2X";"MK";"C";120,00;"EUR"\n',
     "\"Beneficiary's account\", 'BIC/SWIFT'"),
    # a Mexican bank's movements: deposits and withdrawals, each a column, beside the day of each; no balance
    ("banorte.csv",
     '"CUENTA","FECHA DE OPERACIÓN","FECHA","DEPÓSITOS","RETIROS","MOVIMIENTO","DESCRIPCIÓN DETALLADA"\n'
     '"\'0502939411","20/06/2026","22/06/2026","$2,189,444.79","-","279219","DE LA CUENTA 0584280306, F-450-451"\n'
     '"\'0502939411","20/06/2026","22/06/2026","$432,672.40","-","279220","DE LA CUENTA 0122931103, MZT FMZ 244069"\n'
     '"\'0502939411","21/06/2026","22/06/2026","-","$12,500.00","279221","COMISION POR MANEJO DE CUENTA"\n',
     "'RETIROS', 'DEPÓSITOS', 'FECHA DE OPERACIÓN'"),
    # Russian banks' movements: money in and out beside the day of each (Alfa-Bank's), the day of each
    # beside the day the bank processed it (Sberbank's card)
    ("alfabank.csv",
     "Тип счёта;Номер счета;Валюта;Дата операции;Референс проводки;Описание операции;Приход;Расход;\n"
     "Тек. счёт;40702810000000000001;RUR;31.05.17;ABCDEF11111111111;Оплата по счёту 12 от ООО Ромашка;33123,56;0;\n"
     "Тек. счёт;40702810000000000001;RUR;03.05.17;ABCDEF22222222222;Комиссия за обслуживание;0;50;\n",
     "'Расход', 'Приход', 'Дата операции'"),
    ("sberbank.csv",
     "Тип карты;Номер карты;Дата совершения операции;Дата обработки операции;Код авторизации;Описание;Сумма в валюте счета;\n"
     "Основная;*6833;31.10.2019;31.10.2019;204840;SBOL перевод 4276****1234 И. ИВАН ИВАНОВИЧ;-4320,4;\n"
     "Основная;*6833;21.10.2019;21.10.2019;279185;ATM 762019;-3100;\n"
     "Основная;*6833;11.10.2019;11.10.2019;258668;SBOL перевод 5469****1236 З. СЕМЕН;1000;\n",
     "'Дата совершения операции', 'Дата обработки операции'"),
]


@pytest.mark.parametrize(("name", "text", "columns"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_polish_japanese_estonian_mexican_and_russian_banks_movements_are_statements(settings, tmp_path, name, text, columns):
    refused = _refused(settings, tmp_path / name, text, match="bank account's statement")
    assert columns in str(refused)
    # and 'map' says so too, where it had asked for a debtor's column
    result = CliRunner().invoke(cli, ["map", str(tmp_path / name), "--format", "json"],
                                env={"GETBILL_DATA_DIR": str(tmp_path / "d")})
    assert "bank account's statement" in json.loads(result.output)["error"]["message"]


def test_a_romanian_client_column_beats_a_name_before_it(settings, tmp_path):
    # WinMentor's report by item: "Denumire" (the item's name) comes before "Client"; the client is the debtor
    prepared = _prepared(settings, tmp_path / "vanzari.csv", (
        "Denumire,Client,NumarDoc,Data,Valoare\n"
        "3XCREION ZUGRAV 18CM,ALFA CONSTRUCT SRL,250700086,2025-06-02,120.50\n"
        "ADEZIV GRESIE 25KG,BETA AGRO SRL,250700087,2025-06-05,880.00\n"
    ))
    assert prepared.mapping.field_columns()["debtor.name"] == "Client"


def test_a_claims_table_is_owed_its_outstanding_amount_and_its_claims_paid_in_part(settings, tmp_path):
    """A billing service's claims: the patient's share of each claim ("patient_responsibility") had
    been taken for the amount owed, first of two columns of one rank, and the claims its payer paid in
    part (a paid flag set, "is_open" too, more paid than is left) had been left out as paid. What is
    owed is each open claim's "outstanding_amount"."""
    owed = _owed_by_column(settings, tmp_path / "claims.csv", (
        "claim_id,payer,claim_status,billed_amount,paid_amount,patient_responsibility,outstanding_amount,is_paid,is_open\n"
        "CLM-1,Aetna Health,Paid,2538.44,1316.03,112.55,0.0,True,False\n"
        "CLM-2,Medicare Part B,Partially Paid,1200.00,700.00,50.00,500.00,True,True\n"
        "CLM-3,Cigna Healthcare,Denied,800.00,0.00,40.00,800.00,False,True\n"
        "CLM-4,Humana Inc,Closed,658.02,474.53,27.00,0.0,True,False\n"
        "CLM-5,United Healthcare,Partially Paid,1000.00,400.00,25.00,600.00,True,True\n"
    ), "outstanding_amount")
    assert owed == {"CLM-2": Decimal("500.00"), "CLM-3": Decimal("800.00"), "CLM-5": Decimal("600.00")}


def test_a_utilitys_lists_are_read_by_their_consumers_and_their_counter_receipts_refused(settings, tmp_path):
    """An electricity utility's disconnection list: its 'Net O/S' (net outstanding) is what each
    consumer owes, no amount before tax; its consumers are numbered by 'Consumer Id', not by their
    meters (blank on some rows); 'Discon Date' is the day the supply was cut, no discount's. Its
    counter's receipts (a receipt's number, the day paid, the clerk who took it) are payments received,
    where the consumer's number had been read as the amount and the clerk as the debtor. A regulator's
    counts of customers past due are no amounts."""
    listed = _prepared(settings, tmp_path / "disconnection.csv", (
        "off_code,Consumer Id,Name,Meter,D2 Net O/S,Discon Status,Discon Date,Mobile Number\n"
        '3311,300619479,DEBEN YADAV,,598.74,Move Out Consumer,12.05.2025,9832012345\n'
        '3311,300619480,ASHA DEVI,M-55120,"2,67,580.41",Deemed Disconnection,,9832012346\n'
        '3311,300619481,RAMESH DAS,M-55121,"1,020.10",Temprory Disconnected,14.05.2025,9832012347\n'
    ))
    fields = listed.mapping.field_columns()
    assert (fields["amount"], fields["reference"]) == ("D2 Net O/S", "Consumer Id")
    assert "due_date" not in fields
    assert _owed(listed) == {"300619479": Decimal("598.74"), "300619480": Decimal("267580.41"),
                             "300619481": Decimal("1020.10")}
    _refused(settings, tmp_path / "receipts.csv", (
        "CONS NO,BILL NO,BILL DATE,DUE DATE,BILL AMT,RECEIPT NO,PAY DATE,PAID AMT,SHORT/EXCESS,EMP NAME,DESIGN\n"
        "22000004804,1711343,00:00.0,00:00.0,314,496180,01 August 2017,314,0,RAJANI TALUKDAR,Counter Clerk\n"
        "22000004805,1711344,00:00.0,00:00.0,1290,496181,01 August 2017,1000,290,RAJANI TALUKDAR,Counter Clerk\n"
        "22000004806,1711345,00:00.0,00:00.0,88,496182,02 August 2017,88,0,ARUP KR DAS,Counter Clerk\n"
    ), r"it is a register of payments received \(its columns 'PAY DATE', 'RECEIPT NO'\)")
    with pytest.raises(MappingError, match=r"recognised as the amount to collect") as refused:
        _prepared(settings, tmp_path / "past_due.csv", (
            "Name of Utility,Year,Month,# Residential Customers,# Past Due Residential Customers\n"
            "Dakota Electric Association,2020,Jan,101134,13209\nOtter Tail Power,2020,Jan,48211,5120\n"
            "Minnesota Power,2020,Jan,120553,10455\n"
        ))
    assert refused.value.code == "required-column-missing"


def test_a_students_fees_are_numbered_by_their_fee_not_by_the_student(settings, tmp_path):
    """A college's fees, a row per student and semester: 'Fee_ID' numbers each fee, where it had been
    set aside as an accounting code and the student's number taken instead, each student's later
    semesters then refused as his first written again."""
    owed = _owed(_prepared(settings, tmp_path / "fees.csv", (
        "Fee_ID,Student_ID,Student_Name,Semester,Total_Fee,Amount_Paid,Balance,Status\n"
        "FEE001,STU0001,Arunima Raval,1,95500,95500,0,Paid\n"
        "FEE002,STU0001,Arunima Raval,2,95500,40000,55500,Partial\n"
        "FEE003,STU0001,Arunima Raval,3,95500,0,95500,Unpaid\n"
        "FEE004,STU0002,Fiyaz Chahal,1,95500,0,95500,Unpaid\n"
    )))
    assert owed == {"FEE002": Decimal("55500.00"), "FEE003": Decimal("95500.00"), "FEE004": Decimal("95500.00")}


def test_recurring_invoices_are_refused_as_the_profiles_invoices_are_issued_from(settings, tmp_path):
    """Invoice Ninja's recurring invoices: how often each is issued ('Frequency'), how many times more
    ('Remaining Cycles'), whether it is charged by itself ('Auto Bill'). They had been imported as 398
    invoices owed; they are the profiles invoices are issued from. A list of unpaid invoices telling
    how often each customer is billed, beside its balance, is read."""
    _refused(settings, tmp_path / "recurring_invoices.csv", (
        "Client,Email,Auto Bill,Frequency,Remaining Cycles,Invoice Number,Amount,Paid,Status,Start Date,Due Date\n"
        "Ludwig Krajcik,brook59@example.org,always,monthly,endless,1,$13.50,$5.01,Partial,2019-11-25,2019-10-20\n"
        "Ludwig Krajcik,brook59@example.org,always,monthly,endless,2,$26.67,$6.94,Partial,2020-02-19,2020-02-29\n"
        "Maya Lind,maya@example.org,off,weekly,4,3,$16.10,$0.00,Sent,2020-03-27,2020-04-28\n"
    ), r"it is a list of recurring invoices \(its columns 'Frequency', 'Auto Bill'\)")
    # a forecasting tool's recurring bills: each one's frequency and next bill date (a company's salaries)
    _refused(settings, tmp_path / "recurrentBills.csv", (
        "Number,Party,Recurrent,Status,Recurrence Frequency,Date,Due date,Next bill date,Amount,Currency\n"
        "RB1,Salary Peter Johns,TRUE,active,months,,,15-01-2016,3200,PLN\nRB2,Salary Anna Bussen,TRUE,active,months,,,"
        "15-01-2016,1400,EUR\nRB3,Salary Tom Ham,TRUE,active,months,,,15-01-2016,3100,PLN\n"
    ), r"it is a list of recurring invoices \(its columns 'Recurrence Frequency', 'Next bill date'\)")
    # the same export's bills that do not recur, their frequency and next date written on no row, are no such list
    once = _prepared(settings, tmp_path / "normalBills.csv", (
        "Number,Party,Recurrent,Status,Recurrence Frequency,Date,Due date,Next bill date,Amount,Currency\n"
        "NB1,Acme Ltd,FALSE,unpaid,,5-6-2015,15-6-2015,,3000,PLN\nNB2,Globex,FALSE,unpaid,,5-6-2015,15-6-2015,,3100,PLN\n"))
    assert once.validation.valid == 2
    owed = _owed(_prepared(settings, tmp_path / "past_due.csv", (
        "Customer,Invoice Number,Billing Frequency,Next Invoice Date,Balance Due\n"
        "Ludwig Krajcik,INV-1,monthly,2026-12-01,13.50\nMaya Lind,INV-2,weekly,2026-12-07,16.10\n"
    )))
    assert owed == {"INV-1": Decimal("13.50"), "INV-2": Decimal("16.10")}



def test_quickbooks_estimates_are_refused_as_quotes_whatever_column_is_missing(settings, tmp_path):
    """QuickBooks' estimates: refused for want of an amount, the user had been told to name one,
    which would have imported quotes pending, accepted or rejected as debts. Their 'ExpirationDate',
    'AcceptedBy' and 'AcceptedDate' say what they are, said first; a quote's expiry is no due date."""
    _refused(settings, tmp_path / "estimates.csv", (
        "TxnID,DocNumber,TxnDate,TxnStatus,CustomerRefFullName,ExpirationDate,AcceptedBy,AcceptedDate,"
        "EstimateLineDesc,EstimateLineQuantity,EstimateLineRate,EstimateLineAmount\n"
        "1409,1007,2024-03-04,Converted,LEGENDS DISTILLERY,2024-04-04,,,Flint bottle 750mL,27216,1.29,35108.64\n"
        "1411,1008,2024-02-27,Accepted,KEITH SPEED,2024-03-27,Dinnick Salerno,2024-02-27,Barrica bottle,2700,1.21,3267\n"
        "1412,1009,2024-03-01,Pending,ACME SPIRITS,2024-04-01,,,Cork finish,500,0.40,200\n"
    ), r"it is a sales pipeline of deals or quotes \(its columns 'ExpirationDate', 'AcceptedBy', 'AcceptedDate'")
    # the same table synced to a warehouse: a due date's column beside, left blank on every row
    _refused(settings, tmp_path / "estimate_table.csv", (
        "id,accepted_by,accepted_date,customer_id,doc_number,due_date,expiration_date,total_amount,transaction_date,"
        "transaction_status\n"
        "40085,,,4953,2552,,,29690,2021-01-18,Accepted\n40087,,,5073,2553,,,77282,2021-01-18,Accepted\n"
        "40091,Ann Lee,2021-01-20,5080,2554,,2021-02-18,1200,2021-01-19,Pending\n"
    ), r"it is a sales pipeline of deals or quotes \(its columns 'accepted_by', 'accepted_date', 'expiration_date'")


def test_an_outstanding_amount_in_the_companys_currency_is_read_in_it(settings, tmp_path):
    """Frappe Books' sales invoices: each invoice's currency and its exchange rate beside it, and its
    'Outstanding Amount' in the company's own currency on every row. An invoice of 3.64 USD at 82.47
    owes 300.00 rupees, where it had been read as 300.00 US dollars. Where the outstanding amount is
    the invoice's own, the invoice's currency stays."""
    head = "Invoice No,Party,Customer Currency,Exchange Rate,Grand Total,Base Grand Total,Outstanding Amount\n"
    owed = _prepared(settings, tmp_path / "SalesInvoice.csv", head + (
        "1020,Lordham,INR,1,500,500,500\n1019,Randoe,INR,1,259.6,259.6,259.6\n"
        "1018,Saipan,USD,82.47,3.63768643142,299.99999999921,299.99999999921\n"
    ))
    assert owed.cases.select("reference", "currency").rows() == [("1020", "INR"), ("1019", "INR"), ("1018", "INR")]
    assert any("'Outstanding Amount' is in the company's own currency, INR" in n for n in owed.notices)
    own = _prepared(settings, tmp_path / "own.csv", head + (
        "1020,Lordham,INR,1,500,500,500\n1018,Saipan,USD,82.47,3.64,300.19,3.64\n"
    ))
    assert own.cases.select("reference", "currency").rows() == [("1020", "INR"), ("1018", "USD")]


def test_a_churn_dataset_is_refused_as_no_list_of_debts(settings, tmp_path):
    """IBM's telecom customers: what each is and buys, its 'tenure' and whether it left ('Churn'). It had
    been refused for want of a name, the user told to name one, which imported each customer's lifetime
    'TotalCharges' as a debt."""
    _refused(settings, tmp_path / "telco.csv", (
        "customerID,gender,tenure,Contract,PaymentMethod,MonthlyCharges,TotalCharges,Churn\n"
        "7590-VHVEG,Female,1,Month-to-month,Electronic check,29.85,29.85,No\n"
        "5575-GNVDE,Male,34,One year,Mailed check,56.95,1889.5,No\n"
        "3668-QPYBK,Male,2,Month-to-month,Mailed check,53.85,108.15,Yes\n"
    ), r"it is a dataset of customers for predicting which leave \(its columns 'tenure', 'Churn'\)")


def test_a_debtors_total_debt_less_what_he_paid_is_owed(settings, tmp_path):
    """An agency's debtors: each one's 'total_debt' beside what he paid of it, 'total_paid'. The whole
    debt had been imported, what was paid left aside; what is owed is the rest, and a debtor who paid
    it all owes nothing."""
    owed = _owed(_prepared(settings, tmp_path / "debtors.csv", (
        "debtor_id,debtor_name,total_debt,total_paid,phone\n"
        "1,Ann Lee,29101,12022,+16504567148\n2,Bo Chen,33768,33768,+11693428021\n3,Cy Ray,5000,0,+12125550100\n"
    )))
    assert owed == {"1": Decimal("17079.00"), "3": Decimal("5000.00")}


def test_a_gateways_failed_charges_are_numbered_by_their_transaction_not_their_attempt(settings, tmp_path):
    """Razorpay's failed payments: 'attempt_number' (1, 2, 3) had been taken for the reference, and 49 of
    60 charges refused as another's written again; each charge is its 'transaction_id'."""
    owed = _owed(_prepared(settings, tmp_path / "failed_payments.csv", (
        "transaction_id,customer_id,name,phone,amount,attempt_number,failure_reason,status\n"
        "TXN_202600,CUST_100,Sneha Iyer,9719835355,499,1,auth_timeout,failed\n"
        "TXN_202601,CUST_101,Amit Sharma,9615997261,999,1,network_error,failed\n"
        "TXN_202602,CUST_102,Ravi Kumar,9812345678,1499,2,insufficient_funds,failed\n"
        "TXN_202603,CUST_103,Priya Nair,9823456789,799,1,card_declined,failed\n"
    )))
    assert sorted(owed) == ["TXN_202600", "TXN_202601", "TXN_202602", "TXN_202603"]


def test_a_dollar_sign_in_the_amounts_header_is_the_peso_of_the_phones_country(settings, tmp_path):
    """A Mexican SAP Business One export: 'Total$' had been read as US dollars, where its customers'
    phones are Mexico's, whose peso is written with '$' too. Beside phones of the United States, the
    '$' stays the US dollar."""
    head = "Factura,Nombre_Cliente,Fecha_Venc,Total$,TELEFONO\n"
    mexican = _prepared(settings, tmp_path / "facturas.csv", head + (
        "242420,HOTEL ROYAL PLAZA,2026-09-11,728.09,55 9183 7739\n242421,CAFE LA PARROQUIA,2026-09-12,1250.00,55 5512 3344\n"
        "242422,FERRETERIA EL CLAVO,2026-09-13,99.50,33 3615 2200\n242423,PAPELERIA SOL,2026-09-14,410.00,81 8340 1122\n"
        "242424,TALLER ROJO,2026-09-15,75.00,55 5208 9911\n242425,HOTEL AZUL,2026-09-16,300.00,998 884 2211\n"
    ))
    assert set(mexican.cases["currency"].to_list()) == {"MXN"}
    assert not any("the amounts are read in USD" in n for n in mexican.notices)
    american = _prepared(settings, tmp_path / "invoices.csv", head + (
        "1,Acme Corp,2026-09-11,728.09,(212) 555-0143\n2,Globex LLC,2026-09-12,1250.00,(415) 555-0188\n"
        "3,Initech,2026-09-13,99.50,(512) 555-0199\n4,Umbrella Inc,2026-09-14,410.00,(305) 555-0111\n"
        "5,Hooli,2026-09-15,75.00,(650) 555-0123\n6,Vandelay,2026-09-16,300.00,(718) 555-0175\n"
    ))
    assert set(american.cases["currency"].to_list()) == {"USD"}


def test_one_name_on_every_row_gives_way_to_the_debtors_names(settings, tmp_path):
    """A Colombian law firm's collection suits: 'nombre_apoderado', the firm's attorney, one name on every
    row, had been taken for the debtor of all 27 suits over 'nombre_deudor'. One name on every row gives
    way to a column naming each row's own; alone, it is the one debtor of a statement."""
    suits = _prepared(settings, tmp_path / "procesos.csv", (
        "radicado,nombre_deudor,nombre_apoderado,valor_demanda\n"
        "2023-001,LUIS PEREZ,SANDRA MILENA DUQUE,1500000\n2023-002,ANA GOMEZ,SANDRA MILENA DUQUE,2300000\n"
        "2023-003,JORGE DIAZ,SANDRA MILENA DUQUE,800000\n2023-004,MARTA RUIZ,SANDRA MILENA DUQUE,950000\n"
        "2023-005,PEDRO LARA,SANDRA MILENA DUQUE,4100000\n"
    ))
    assert suits.mapping.field_columns()["debtor.name"] == "nombre_deudor"
    statement = _prepared(settings, tmp_path / "statement.csv", (
        "Invoice,Customer Name,Amount Due\nINV-1,Acme Ltd,100.00\nINV-2,Acme Ltd,200.00\nINV-3,Acme Ltd,50.00\n"
        "INV-4,Acme Ltd,75.00\nINV-5,Acme Ltd,20.00\n"
    ))
    assert set(statement.cases["debtor.name"].to_list()) == {"Acme Ltd"}


def test_an_accounts_balance_by_its_header_comes_before_a_column_without_one(settings, tmp_path):
    """A Tunisian bank's overdrawn accounts: 'Compte Debiteur' (the debtor account) holds each account's
    balance, beside a column without a header converting it into dinars. The unnamed column had been
    offered for the amount, and the file refused as listing no debts; the account's balance is owed."""
    prepared = _prepared(settings, tmp_path / "lot6.csv", (
        "Agence,Nom Client,Compte Debiteur,,,Tel Portable\n"
        "101,MOHAMED BEN ALI,-9715.535,TND,-9715.535,98123456\n"
        "101,SAMIA TRABELSI,-183.350,TND,-183.350,97111222\n"
        "102,KARIM JAZIRI,-284.100,USD,-812.526,22333444\n"
        "102,LEILA MANSOUR,-1200.000,TND,-1200.000,55444333\n"
    ))
    assert prepared.mapping.field_columns()["amount"] == "Compte Debiteur"
    assert sorted(prepared.cases.filter(pl.col(VALID))["debtor.name"].to_list()) == [
        "KARIM JAZIRI", "LEILA MANSOUR", "MOHAMED BEN ALI", "SAMIA TRABELSI"]


def test_a_processors_failed_charges_are_said_to_be_unpaid_not_payments_received(settings, tmp_path):
    """Stripe's charges, every one declined ('failure_code' on each): refused for want of a debtor, the
    user had been told they were payments to mark cases paid with. No money came in: they may be owed."""
    message = _refusal_message(settings, tmp_path / "charges.csv", (
        "id,amount,amount_refunded,captured,card_id,currency,customer_id,failure_code,failure_message,paid,status\n"
        "ch_1,3293232,0,FALSE,pm_1,usd,cus_A,card_declined,Your card was declined.,FALSE,failed\n"
        "ch_2,2040000,0,FALSE,pm_2,usd,cus_B,card_declined,Your card was declined.,FALSE,failed\n"
        "ch_3,150000,0,FALSE,pm_3,usd,cus_C,expired_card,Your card has expired.,FALSE,failed\n"
    ))
    assert "Every row's payment failed ('failure_code' is written on each: 'card_declined')" in message
    assert "payments import" not in message
    # a gateway's failed payments, each numbered by its own 'payment_id': the user is told to name it
    unnumbered = _refusal_message(settings, tmp_path / "failed.csv", (
        "payment_id,customer_id,amount,currency,failure_reason,payment_method,retry_count\n"
        "pay_1000,cust_8,570.16,INR,bank_timeout,upi,1\npay_1001,cust_7,10215.15,INR,network_error,card,3\n"
        "pay_1002,cust_8,99.00,INR,insufficient_funds,upi,2\n"
    ))
    assert "and each charge its number with --set 'payment_id=reference'" in unnumbered
    # Stripe's unified payments: most paid (left out by their status), a few declined: a payments record,
    # not a list of failed charges
    mixed = _refusal_message(settings, tmp_path / "unified_payments.csv", (
        "id,Amount,Amount Refunded,Currency,Captured,Decline Reason,Status,Customer ID,Invoice ID\n"
        "ch_1,8.00,0.00,usd,true,,Paid,cus_A,in_1\nch_2,8.00,0.00,usd,true,,Paid,cus_B,in_2\n"
        "ch_3,8.00,0.00,usd,false,do_not_honor,Failed,cus_C,in_3\nch_4,8.00,0.00,usd,true,,Paid,cus_D,in_4\n"
    ))
    assert "Every row's payment failed" not in mixed


def test_a_summons_violation_names_no_debtor(settings, tmp_path):
    """A city's parking summonses: 'violation' (NO PARKING-STREET CLEANING) had been offered for the
    debtor's name, and each fine imported as owed by its offence. It says what the fine is for; with no
    column naming who owes, the file is refused for the name."""
    with pytest.raises(MappingError, match=r"recognised as the debtor's full name or company name \(debtor.name\)\."):
        _prepared(settings, tmp_path / "summonses.csv", (
            "summons_number,issue_date,violation,fine_amount,penalty_amount,payment_amount,amount_due\n"
            "1000000001,2026-05-05,PHTO SCHOOL ZN SPEED VIOLATION,50,10,0,60\n"
            "1000000002,2026-05-05,NO PARKING-STREET CLEANING,65,0,20,45\n"
            "1000000003,2026-05-06,FIRE HYDRANT,115,0,0,115\n"
        ))


def test_a_number_after_its_identity_documents_kind_is_the_debtors_not_the_debts(settings, tmp_path):
    """A Tunisian bank's overdrawn accounts: 'Numero', right after 'Type' (CIN, RC: the national identity
    card, the trade register), is the customer's identity number, which two accounts of one customer
    share; it had been taken for the reference, and a customer's second account refused as written
    twice. Each account is its own row's key ('ID', or else 'Compte')."""
    prepared = _prepared(settings, tmp_path / "lot21.csv", (
        "ID,Compte,Nom Client,Compte Debiteur,Type,Numero,DEVISE\n"
        "175000,20182018,SOMMI,-40858.428,RC,B11131998,TND\n"
        "198171,286060,FERID KHADIM ALLAH,-18999.148,CIN,8413081,TND\n"
        "113985,53593,MAITRE HAYKEL MEKKI,-6404.476,CIN,3168948,TND\n"
        "113986,265205,MAITRE HAYKEL MEKKI,-677.905,CIN,3168948,TND\n"
    ))
    assert prepared.mapping.field_columns()["reference"] == "ID"
    assert sorted(_owed(prepared)) == ["113985", "113986", "175000", "198171"]
    keyless = _prepared(settings, tmp_path / "lot21b.csv", (
        "Compte,Nom Client,Compte Debiteur,Type,Numero\n20182018,SOMMI,-40858.428,RC,B11131998\n"
        "286060,FERID KHADIM ALLAH,-18999.148,CIN,8413081\n53593,MAITRE HAYKEL MEKKI,-6404.476,CIN,3168948\n"
        "265205,MAITRE HAYKEL MEKKI,-677.905,CIN,3168948\n"
    ))
    assert sorted(_owed(keyless)) == ["20182018", "265205", "286060", "53593"]


def test_a_trial_balance_in_turkish_is_refused_as_one(settings, tmp_path):
    """Luca's trial balance ('mizan'): each account's code and name, its debits and credits, and its
    balance on its debit or its credit side ('Borç Bakiyesi', 'Alacak Bakiyesi'). It had been
    refused for want of a debtor's name, with advice to name one of its columns (its accounts,
    'KASA', 'SATICILAR', would have been the debtors)."""
    _refused(settings, tmp_path / "mizan.csv", (
        "HESAP KODU;HESAP ADI;BORÇ;ALACAK;BORÇ BAKİYESİ;ALACAK BAKİYESİ\n"
        "100;KASA;71.917,64;60.000,00;11.917,64;0,00\n"
        "120;ALICILAR;3.488.472,85;1.000.000,00;2.488.472,85;0,00\n"
        "320;SATICILAR;500.000,00;900.000,00;0,00;400.000,00\n"
        "600;YURTİÇİ SATIŞLAR;0,00;2.100.390,49;0,00;2.100.390,49\n"
    ), r"it is a trial balance \(its columns 'HESAP KODU', 'BORÇ BAKİYESİ', 'ALACAK BAKİYESİ'\)")


def test_an_accounts_movements_with_the_balance_after_each_are_said_to_be_no_debts(settings, tmp_path):
    """A Turkish bank's statement of a merchant's account: each day's card sales and fees, and the
    balance after each ('Güncel Bakiye'). Refused for want of a debtor, its advice had been to name a
    column as the debtor; it now says what the rows are, and offers no column."""
    refused = _refused_without_a_name(settings, tmp_path / "ekstre.csv", (
        "Tarih;Açıklama;İşlem Tutarı;Güncel Bakiye\n"
        "01.06.2025;1801X010625TAKSİTSATIŞ;766,67;18.115,28\n"
        "01.06.2025;1801X010625ÜYE İŞYERİ ÜCRETİ - TAKSİT;-8,81;18.106,47\n"
        "01.06.2025;1801X010625PEŞİNSATIŞ;999,95;19.106,42\n"
        "02.06.2025;1801X020625ÜYE İŞYERİ ÜCRETİ - PEŞİN;-18,89;19.087,53\n"
        "02.06.2025;1801X020625PEŞİNSATIŞ;2.040,15;21.127,68\n"
        "02.06.2025;1801X020625PEŞİNSATIŞKATKIPAYI;-36,11;21.091,57\n"
        "03.06.2025;1801X030625PEŞİNSATIŞ;5.365,70;26.457,27\n"
    ))
    assert "Its rows are an account's movements, each with the balance after it ('Güncel Bakiye' runs from row to row)" \
        in str(refused)
    assert "=debtor.name'" not in str(refused).split("remembers the mapping.")[1]


@pytest.mark.parametrize(("name", "text", "said"), [
    # a Japanese payroll list: each employee's base salary, gross and net pay
    ("kyuyo.csv", "支給日,社員番号,氏名,基本給,諸手当,総支給額,控除額,差引支給額\n"
                  "2025-03-25,EMP001,田中太郎,320000,45000,365000,73000,292000\n"
                  "2025-03-25,EMP002,鈴木花子,280000,30000,310000,62000,248000\n"
                  "2025-03-25,EMP003,佐藤次郎,250000,20000,270000,54000,216000\n",
     r"it is a payroll \(its columns '基本給', '総支給額', '差引支給額', '社員番号'\)"),
    # a Romanian pharmacy's salaries: each one's amount, bonuses and deductions
    ("salarii.csv", '"IDSALARIU","CUANTUM","SPORURI","RETINERI"\n"S01",4500,300,450\n"S02",3900,0,390\n'
                    '"S03",5200,500,520\n',
     r"it is a payroll \(its columns 'IDSALARIU', 'SPORURI', 'RETINERI'\)"),
], ids=["japanese", "romanian"])
def test_payrolls_in_other_languages_are_refused_as_payrolls(settings, tmp_path, name, text, said):
    """A payroll had been refused for want of a debtor's name or as 'may list no debts', with advice
    to name its gross pay as the amount: every salary would have been imported as a debt."""
    _refused(settings, tmp_path / name, text, said)


def test_a_list_of_staff_is_said_to_owe_nothing(settings, tmp_path):
    """A Japanese employee master ('社員一覧'): each one's number, name, the day hired and the day
    left. Refused for want of an amount, it now says what the file is."""
    refused = _refused(settings, tmp_path / "shain.csv", (
        "社員ID,名前,性別,入社日,退職日\nEMP001,田中太郎,男,2018-04-01,\nEMP002,鈴木花子,女,2019-10-01,2024-03-31\n"
        "EMP003,佐藤次郎,男,2020-04-01,\n"
    ), r"amount to collect", code="required-column-missing")
    assert "Its columns '社員ID', '入社日', '退職日' are an employee's: a list of your company's staff" in str(refused)


def test_a_workbook_named_for_its_quotes_on_a_sheet_named_so_is_refused(settings, tmp_path):
    """A German shop's open quotes ('angebote_offen.xlsx', its sheet 'Angebote'): a number, a day, a
    customer, a total and a status 'Offen', as an invoice's. Its name alone had been said, and the
    quotes imported; its name and its sheet's together say what it is. The same rows on a sheet
    named for nothing in particular are imported, the name said."""
    import openpyxl

    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Angebote"
    sheet.append(["Nummer", "Datum", "Kunde", "Netto", "Brutto", "Status"])
    for n in range(1, 5):
        sheet.append([f"ANG-2026-00{n}", f"2026-01-0{n}", f"Kunde {n}", 100 * n, 119 * n, "Offen"])
    path = tmp_path / "angebote_offen.xlsx"
    wb.save(path)
    with pytest.raises(MappingError, match=r"its name \('angebote'\) and its sheet \('Angebote'\) say it lists quotes "
                                           r"or orders") as refused:
        prepare_file(path, settings)
    assert refused.value.code == "no-debts-listed"
    sheet.title = "Tabelle1"
    wb.save(path)
    prepared = prepare_file(path, settings)
    assert prepared.cases.filter(pl.col(VALID)).height == 4
    assert any("says it lists quotes or orders ('angebote')" in n for n in prepared.notices)


def test_one_fees_paid_says_nothing_of_the_rows_other_fees(settings, tmp_path):
    """An Argentine school's arrears: each pupil's balance, then one column per fee, each holding the
    fee's amount while it is owed, 'pagado' once paid, 'no corresponde' where it does not apply. A
    pupil whose enrolment is paid but whose March fee is not had been left out as paid."""
    prepared = _prepared(settings, tmp_path / "deuda.csv", (
        "Documento,Apellido,Nombres,Saldo_Moroso,0_Matrícula,31_Cuota de Admisión,34P_Matrícula Nuevos Primaria\n"
        "2222,ALEMAN,LORENZO,40,pagado,10,no corresponde\n"
        "5555,Portillo,Emmanuel,0,pagado,pagado,no corresponde\n"
        "1099,Garcia,Jorge,50,20,10,no corresponde\n"
        "3333,PEREZ,LUCIA,60,20,10,no corresponde\n"
        "1111,SANTOS,JOEL,0,pagado,pagado,no corresponde\n"
    ))
    assert _owed(prepared) == {"2222": Decimal("40.00"), "1099": Decimal("50.00"), "3333": Decimal("60.00")}
    assert not any("their status says the invoice is not owed" in n for n in prepared.notices)


def test_the_counterparty_of_chinese_accounting_software_is_the_debtor(settings, tmp_path):
    """Digiwin's receivables name each customer as the documents' counterparty ('交易对象名称'): it
    had been read as nothing, and the file refused for want of a debtor."""
    prepared = _prepared(settings, tmp_path / "应收账款.csv", (
        "单据编号,交易对象名称,单据日期,到期日,币别,应收余额\n"
        "AR-001,深圳市甲公司,2025-01-05,2025-02-04,人民币,12500.00\n"
        "AR-002,上海乙贸易有限公司,2025-01-09,2025-02-08,人民币,8800.00\n"
        "AR-003,北京丙科技有限公司,2025-01-12,2025-02-11,人民币,3000.00\n"
    ))
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["debtor.name"].to_list() == ["深圳市甲公司", "上海乙贸易有限公司", "北京丙科技有限公司"]
    assert _owed(prepared) == {"AR-001": Decimal("12500.00"), "AR-002": Decimal("8800.00"), "AR-003": Decimal("3000.00")}


def test_a_refusal_says_the_sheets_of_the_same_columns_are_not_read(settings, tmp_path):
    """An energy supplier's unpaid bills split over two sheets of the same columns ('lot 1', 'lot 2'),
    no debtor named: the refusal had said nothing of the second sheet, which the user who gives the
    names would then leave out unknowingly."""
    import openpyxl

    wb = openpyxl.Workbook()
    for title, first in (("lot 1", 1), ("lot 2", 10)):
        sheet = wb.active if first == 1 else wb.create_sheet()
        sheet.title = title
        sheet.append(["RefContrat", "total_impaye_facture", "telephone"])
        for n in range(first, first + 4):
            sheet.append([f"04500{n:04d}000", 1000 * n, f"07080337{n:02d}"])
    path = tmp_path / "clients_lots.xlsx"
    wb.save(path)
    with pytest.raises(MappingError, match=r"debtor's full name") as refused:
        prepare_file(path, settings)
    assert "Sheet(s) 'lot 2' have the same columns as 'lot 1' and 4 row(s) of their own: only 'lot 1' is read." \
        in str(refused.value)


def test_a_jobs_export_s_text_formulas_and_jobs_still_to_schedule(settings, tmp_path):
    """Housecall Pro's jobs: each job's number written as a spreadsheet's text formula ('="121"'), its
    status, what is due on it. The numbers had been kept with their formula, and the jobs that
    'Need scheduling' (not done, their price not billed) imported as owed."""
    prepared = _prepared(settings, tmp_path / "jobs.csv", (
        'Job #,Job status,Customer name,Customer mobile number,Job amount,Due amount\n'
        '"=""121""",Completed,Salvator Giso,9419779140,$708.00,$708.00\n'
        '"=""2651""",Completed,Mary Ellis,4077821700,"$1,115.00","$1,115.00"\n'
        '"=""3181""",Needs scheduling,Ann Wolfe,2395550101,"$5,500.00","$5,500.00"\n'
        '"=""3190""",Scheduled,Tom Barrie,2395550102,$600.00,$600.00\n'
    ))
    assert _owed(prepared) == {"121": Decimal("708.00"), "2651": Decimal("1115.00")}
    assert any("cell(s) written as a spreadsheet's text formula" in n and "'Job #' (4)" in n for n in prepared.notices)


def test_a_customer_list_with_each_ones_lifetime_value_is_a_customer_list(settings, tmp_path):
    """Housecall Pro's customers: names, phones, e-mails and each one's 'Lifetime value' (what it has
    spent to date). The refusal for want of an amount had not said what the file is, its advice
    leading to that value, money no one owes."""
    refused = _refused(settings, tmp_path / "customers.csv", (
        "First Name,Last Name,Mobile Number,Email,Customer created at,Lifetime value\n"
        "Suzan,Toones,9419779140,suzan@example.com,2023-05-09,$900.00\nJennifer,Bohanon,4077821700,jb@example.com,"
        "2023-05-09,$1250.00\nMark,Steel,2395550101,mark@example.com,2023-06-01,$0.00\n"
    ), r"amount to collect", code="required-column-missing")
    assert "a customer list holds no debt" in str(refused)


def test_a_paid_flag_left_unanswered_on_some_rows_still_says_which_are_paid(settings, tmp_path):
    """A French invoice list's 'Payé ?': oui, non, and 'Non précisé' (not said) on some rows. That
    answer had made the column no yes-or-no, and every paid invoice was imported as owed."""
    prepared = _prepared(settings, tmp_path / "factures.csv", (
        "Facture,Client,Montant,Payé ?\nF1,Dupont SARL,100,oui\nF2,Durand SA,200,Non\nF3,Martin SAS,300,Non précisé\n"
        "F4,Petit SARL,50,Oui\nF5,Leroy SA,75,NON\n"
    ))
    assert _owed(prepared) == {"F2": Decimal("200.00"), "F3": Decimal("300.00"), "F5": Decimal("75.00")}


def test_a_swiss_bank_statement_with_its_currency_in_the_headers_is_refused_as_one(settings, tmp_path):
    """Bank Cler's statement: the day booked, the amount debited and credited, each header naming
    its currency ('Montant débité (CHF)'), and the balance after each movement. Its balance had been
    taken for an open balance, and the file refused for want of a debtor's name."""
    _refused(settings, tmp_path / "releve.csv", (
        "Date de comptabilisation;Type d'ordre;Libellé;Montant débité (CHF);Montant crédité (CHF);Solde (CHF)\n"
        "31.12.2024;Frais de tenue de compte;Frais de tenue de compte;2.00;;14602.71\n"
        "30.12.2024;Débit groupé;Débit global du 30.12.2024;617.40;;14604.71\n"
        "30.12.2024;Ordre permanent;Loyer;244.00;;15222.11\n"
        "29.12.2024;Crédit;Virement reçu;;1000.00;15466.11\n"
    ), r"it is a bank account's statement \(its columns 'Montant débité \(CHF\)', 'Montant crédité \(CHF\)', "
       r"'Solde \(CHF\)'\)")


def test_a_payables_report_written_below_zero_is_refused_by_its_title(settings, tmp_path):
    """Omie's 'Contas a Pagar': its title says payables, its amounts to pay are all below zero. It
    had been refused as a list of credit notes, with advice to turn the signs over, which would have
    imported every supplier's bill as a debt."""
    refused = _refused(settings, tmp_path / "relatorio.csv", (
        "Contas a Pagar\nRazão Social;Documento;Vencimento;A Pagar\n"
        "Aço Forte Ltda;NF-101;10/02/2025;-1.250,00\nTransportes Sul SA;NF-102;12/02/2025;-830,50\n"
        "Energia Paulista SA;NF-103;15/02/2025;-2.400,00\nPapelaria Central ME;NF-104;18/02/2025;-95,90\n"
    ), r"its title \(line 1: 'Contas a Pagar'\) is a report of what your company owes its suppliers")
    assert "turn the signs over" not in str(refused)


def test_a_payment_scheme_of_one_country_names_the_currency(settings, tmp_path):
    """A Brazilian law firm's fee instalments: no currency anywhere, the paid ones paid by 'PIX',
    Brazil's instant payments. They had been read in euros without a word."""
    prepared = _prepared(settings, tmp_path / "parcelas.csv", (
        "CLIENTE;PARCELA;VENCIMENTO;VALOR;PAGAMENTO;FORMA DE PAGAMENTO\n"
        "Ana Souza;AS-1;2024-08-08;250,00;PAGO;PIX\nAna Souza;AS-2;2024-09-08;250,00;EM ABERTO;\n"
        "Bruno Lima;BL-1;2024-08-10;400,00;EM ABERTO;\nCarla Dias;CD-1;2024-08-12;300,00;PAGO;Boleto bancário\n"
    ))
    assert set(prepared.cases.filter(pl.col(VALID))["currency"].to_list()) == {"BRL"}
    assert any("'FORMA DE PAGAMENTO' names a payment scheme of BR alone ('PIX')" in n for n in prepared.notices)
    # a scheme of another country beside it names no one country
    mixed = _prepared(settings, tmp_path / "parcelas2.csv", (
        "CLIENTE;PARCELA;VENCIMENTO;VALOR;FORMA DE PAGAMENTO\n"
        "Ana Souza;AS-1;2024-08-08;250,00;PIX\nBruno Lima;BL-1;2024-08-10;400,00;SPEI\n"
        "Carla Dias;CD-1;2024-08-12;300,00;\n"
    ))
    assert not any("names a payment scheme" in n for n in mixed.notices)


def test_a_placement_file_numbered_by_a_count_of_its_rows_is_offered_it_with_a_caution(settings, tmp_path):
    """A collection agency's placements: each debt's 'id' a count of the rows ('01' to '05'), the
    customers owing several. The refusal for want of a reference had said nothing of that column;
    it now offers it, saying what a count of the rows risks."""
    text = ("id,customer,amount,days_overdue\n01,Aditya Kumar,359653,108\n02,Sarthak Singh,115185,152\n"
            "03,Aditya Kumar,408452,88\n04,Ananya Reddy,20500,30\n05,Sarthak Singh,7200,12\n")
    refused = _refused(settings, tmp_path / "placement.csv", text, r"invoice number", code="required-column-missing")
    assert "Its column 'id' counts the rows ('01' to '05'): if each count names its debt for good" in str(refused)
    assert "--set 'id=reference'" in str(refused)


def test_a_data_dictionary_sheet_is_not_read_before_the_data(settings, tmp_path):
    """A collections workbook whose first sheet describes the second's columns ('Dicionário de Dados':
    'Variável', 'Descrição', 'Tipo'), more rows than the debts beside it, each debtor by a tax number
    alone: the dictionary had been read, and the file refused with its cells as columns."""
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Dicionário de Dados"
    first.append([None, None, None, None])
    first.append(["Variável", "Descrição", "Tipo", "Detalhes"])
    for row in (["CPF", None, "Texto", None], ["Venc", "Vencimento original do título em aberto", "Data", None],
                ["Valor", "Valor do título", "Número", "em reais"], ["Status", "Situação da cobrança", "Texto", None],
                ["Obs", "Observações", "Texto", None]):
        first.append(row)
    second = wb.create_sheet("Dívidas Ativas")
    second.append([None, None, None, None])
    second.append(["Cobrança", None, None, None])
    second.append(["CPF", "Venc", "Valor", "Status"])
    second.append(["123.456.789-00", "2015-12-31", 2000, "Negociado"])
    second.append(["987.654.321-00", "2016-03-31", 350, "Em aberto"])
    second.append(["111.222.333-44", "2016-05-31", 125, "Em aberto"])
    path = tmp_path / "cobranca.xlsx"
    wb.save(path)
    with pytest.raises(MappingError) as refused:
        prepare_file(path, settings)
    assert "Columns found: 'CPF', 'Venc', 'Valor', 'Status'" in str(refused.value)


def test_a_list_of_debts_named_by_their_debtors_leaves_a_whole_copy_out(settings, tmp_path):
    """A Spanish list of debts with no number: one row written twice, the same in every cell, and a
    debtor owing on two rows of two days. The copy had made its debtor 'written twice', and the file
    refused; the other debtor's rows had been said to be refused, then imported each by its date."""
    prepared = _prepared(settings, tmp_path / "deudas.csv", (
        "Cliente,Fecha,Deuda,Concepto\n"
        "Juan Pérez López,15/01/2025,1250.00,Préstamo personal\n"
        "María González Ramírez,18/01/2024,3500.00,Tarjeta de crédito\n"
        "Carlos Mendoza,22/01/2025,750.50,Cuota préstamo\n"
        "Juan Pérez López,15/01/2025,1250.00,Préstamo personal\n"
        "María González Ramírez,18/01/2025,3500.00,Tarjeta de crédito vencida\n"
        "Ana Lucía Torres,25/01/2025,2300.00,Factura 14578\n"
        + "".join(f"Cliente {n},{n:02d}/02/2025,{100 * n}.00,Cuota {n}\n" for n in range(1, 20))
    ))
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid.height == 24
    assert sum(valid["amount"].to_list()) == Decimal("30300.50")
    assert any("1 row(s) left out as copies of a row above them, the same in every column (row 5)" in n
               for n in prepared.notices)
    assert not any("refused as one debt written twice" in n for n in prepared.notices)


def test_the_months_in_arrears_above_zero_on_balances_below_zero_say_debts_are_written_below_zero(settings, tmp_path):
    """An internet provider's subscribers: each one's balance, below zero when it owes ('-р.20 334,00'),
    and how many months its debt has run ('Срок задолженности'), above zero on those rows alone. Its
    prepaid credits had been imported as debts, and its debts left out as credits."""
    prepared = _prepared(settings, tmp_path / "abonenty.csv", (
        "Абонент,Сумма,Срок задолженности\n"
        'Иванов,"р.0,00",0\nПетров,"-р.20 334,00",9\nСидоров,"р.234,00",0\nКузнецов,"р.45,00",0\n'
        'Попов,"-р.1 250,50",2\nВасильев,"р.310,00",0\nСоколов,"р.12,00",0\n'
    ))
    assert {r: a for r, a in _owed(prepared).items()} == {"Петров": Decimal("20334.00"), "Попов": Decimal("1250.50")}
    assert any("'Срок задолженности' counts the time overdue above zero on the accounts in arrears (2 row(s))" in n
               for n in prepared.notices)


def test_a_lenders_instalment_value_is_the_amount_not_its_principal(settings, tmp_path):
    """A lender's schedule of instalments: each one's principal, commission and interest, and its
    value, the three together ('Valor cuota'), what the borrower owes on it."""
    prepared = _prepared(settings, tmp_path / "cuotas.csv", (
        "Prestamo,Cliente,Vencimiento,Principal,Comision,Interes,Valor cuota\n"
        "P-1/1,Carlos Mojica,2025-01-15,37.50,3.75,4.50,45.75\nP-2/1,Ana Ruiz,2025-01-31,50.00,5.00,6.00,61.00\n"
        "P-3/1,Luis Pérez,2025-02-15,25.00,2.50,3.00,30.50\n"
    ))
    assert _owed(prepared) == {"P-1/1": Decimal("45.75"), "P-2/1": Decimal("61.00"), "P-3/1": Decimal("30.50")}


def test_customer_opening_balances_and_e_mails_of_one_country_among_dot_coms(settings, tmp_path):
    """Zoho Books' aging report of a Dubai tour operator: each customer's opening balance numbered
    'Customer opening balance' (three customers, rejected as one reference written thrice), and
    its customers' e-mails, a third of them of the Emirates, the others .com: the currency is said
    to be AED's, if it is."""
    emails = [f"c{n}@firm{n}.ae" if n % 3 == 0 else f"c{n}@mail.com" for n in range(1, 10)]
    rows = "".join(f"2024-01-{n:02d},INV-{n:03d},Client {n},{100 * n}.00,{emails[n - 1]}\n" for n in range(1, 10))
    prepared = _prepared(settings, tmp_path / "aging.csv", (
        "date,transaction_number,customer_name,balance,email\n"
        "2023-12-31,Customer opening balance,Forever Delhi,506842.52,\n2023-12-31,Customer opening balance,Despegar,4510.04,\n"
        "2023-12-31,Customer opening balance,Arpit Mehra,1050.00,\n" + rows
    ))
    assert prepared.cases.filter(pl.col(VALID)).height == 12
    assert any("the e-mail addresses are of AE, whose currency is AED" in n for n in prepared.notices)


def test_the_party_the_amount_names_is_the_debtor(settings, tmp_path):
    """A behavioural health practice's line items: the patient's and the insurer's names, the claim,
    and what the patient owes ('Patient Responsibility'). The insurer ('Payer Name') had been taken
    for the debtor of what the patient owes."""
    prepared = _prepared(settings, tmp_path / "line_items.csv", (
        "Bill Date,Patient Name,Payer Name,Claim Number,Bill Charge,Patient Responsibility\n"
        "12/27/2016,\"Barr, Clay\",BCBSGA (SB601),0000000134-01,2400,2500\n"
        "02/13/2017,\"Lane, Ivy\",Aetna (AE100),0000001867-01,1850,1850\n"
        "03/01/2017,\"Moss, Al\",Cigna (CI200),0000001901-01,300,120\n"
    ))
    valid = prepared.cases.filter(pl.col(VALID))
    assert sorted(valid["debtor.name"].to_list()) == ["Barr, Clay", "Lane, Ivy", "Moss, Al"]
    assert any("debtor.name: 'Patient Name' chosen over 'Payer Name'" in n for n in prepared.notices)


def test_a_collection_firms_case_list_reads_the_open_balance_where_its_remainder_is_blank(settings, tmp_path):
    """A Dutch collection firm's case list: each invoice's open balance ('Openstaand fact saldo'), and
    a 'Nog te betalen' of its costs, blank but on the total below; the debtor's company beside its
    contact person ('Debiteur contactpersoon'). The blank remainder had won the amount and the file
    been refused; the contact person had been the debtor."""
    prepared = _prepared(settings, tmp_path / "dossier.csv", (
        "Factuurnummer,(Bedrijfs)naam,Debiteur contactpersoon,Factuurdatum,Openstaand fact saldo,Nog te betalen\n"
        "F-101,Bakkerij Jansen BV,dhr. Jansen,2017-03-01,1750.00,\nF-102,Garage de Vries,mevr. de Vries,2017-03-08,2000.00,\n"
        "F-103,Schilder Bos VOF,dhr. Bos,2017-03-15,2250.00,\nF-104,Kapsalon Smit,mevr. Smit,2017-03-22,2500.00,\n"
        ",,,,8500.00,0\n"
    ))
    valid = prepared.cases.filter(pl.col(VALID))
    assert _owed(prepared) == {"F-101": Decimal("1750.00"), "F-102": Decimal("2000.00"), "F-103": Decimal("2250.00"),
                               "F-104": Decimal("2500.00")}
    assert "Bakkerij Jansen BV" in valid["debtor.name"].to_list()
    assert any("the amount is read from 'Openstaand fact saldo', written on most" in n for n in prepared.notices)
    # a balance written on one row alone, the others blank as paid (a city's fines), is what is owed
    fines = _prepared(settings, tmp_path / "fines.csv", (
        "Ticket Number,Respondent Name,Total Violation Amount,Balance Due\n"
        "T-1,Ann Lee,250.00,\nT-2,Bob Ray,500.00,300.00\nT-3,Cy Moss,120.00,\nT-4,Di Park,80.00,\n"
    ))
    assert _owed(fines) == {"T-2": Decimal("300.00")}


def test_a_report_of_bills_naming_its_suppliers_beside_a_blank_customer_is_payables(settings, tmp_path):
    """QuickBooks' transaction report of bills: each bill's 'Name' the 'Supplier' beside it, its
    'Customer' blank on every row. The blank customer's column had counted as naming customers, and
    the suppliers' bills were imported as debts."""
    refused = _refused_without_a_name(settings, tmp_path / "bills.csv", (
        "Date,Transaction Type,No.,Name,Amount,Customer,Supplier,Due Date\n"
        "2025-06-04,Bill,250,Holy Basil,505.40,,Holy Basil,2025-07-04\n"
        "2025-04-03,Bill,549,Australian Taxation Office,9965.00,,Australian Taxation Office,2025-04-03\n"
        "2021-11-10,Bill,3829,Asset label,248.32,,Asset label,2021-12-10\n"
        "2021-11-12,Bill,3830,Telstra,89.00,,Telstra,2021-12-12\n"
    ))
    assert "Its column 'Supplier' names suppliers: a list of what is owed to suppliers (payables)" in str(refused)


def test_a_stripe_amount_named_in_dollars_is_read_in_dollars(settings, tmp_path):
    """A Stripe export whose amount's header names its currency ('amount_usd'): its Stripe ids had
    made every amount read in cents, a 29-dollar charge read as 0.29."""
    path = tmp_path / "charges.csv"
    path.write_text(
        "subscription_id,stripe_customer_id,user_id,status,amount_usd\n"
        "sub_8311c4e6642343,cus_fcc17489b1b240,usr_00003,active,29\nsub_8311c4e6642344,cus_fcc17489b1b241,usr_00004,active,79\n"
        "sub_8311c4e6642345,cus_fcc17489b1b242,usr_00005,active,129\n", encoding="utf-8")
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("stripe_customer_id", "debtor.name"),
                                                                   ("subscription_id", "reference"))))
    assert _owed(prepared) == {"sub_8311c4e6642343": Decimal("29.00"), "sub_8311c4e6642344": Decimal("79.00"),
                               "sub_8311c4e6642345": Decimal("129.00")}
    assert not any("written in cents" in n for n in prepared.notices)


def test_invoice_lines_priced_by_the_unit_with_nothing_saying_what_is_owed_are_lines_sold(settings, tmp_path):
    """Odoo's invoice lines of a bike distributor: each posted invoice's products, quantity, unit
    price and cost, its customer, over years, nothing saying which are still owed. Their unit prices
    times quantities had been imported as 1,502 debts."""
    refused = _refused(settings, tmp_path / "lineas.csv", (
        "Líneas de factura/Número,Líneas de factura/Producto/Nombre,Líneas de factura/Contacto/Nombre,"
        "Líneas de factura/Fecha de factura,Líneas de factura/Precio unitario,Líneas de factura/Cantidad,"
        "Líneas de factura/Estado,Líneas de factura/Producto/Costo\n"
        "INV/2025/01090,CASCO SCOTT ARX,MARCO TULIO ANDRADE,2025-05-16,849.83,2,posted,688.48\n"
        "INV/2025/01090,CASCO SCOTT ARGO PLUS,MARCO TULIO ANDRADE,2025-05-16,1090.34,1,posted,781.36\n"
        "INV/2019/00012,CADENA SHIMANO,BICIS DEL NORTE,2019-02-01,320.00,4,posted,250.00\n"
        "INV/2021/00450,LLANTA MAXXIS,CICLISMO MX,2021-07-09,515.50,2,posted,410.10\n"
    ), r"it is a report of the lines sold \(its columns 'Líneas de factura/Producto/Nombre', 'Líneas de factura/Cantidad', "
       r"'Líneas de factura/Precio unitario', 'Líneas de factura/Producto/Costo'\)")
    assert "--set 'Líneas de factura/Precio unitario=amount'" in str(refused)


def test_sap_customer_masters_annual_sales_are_owed_by_no_one(settings, tmp_path):
    """SAP's customer master (KNA1): each customer's number, name, address, and its annual sales
    ('umsat'), read as the amount owed: a customer's turnover would have been imported as its debt."""
    with pytest.raises(MappingError, match=r"amount to collect") as refused:
        _prepared(settings, tmp_path / "kna1.csv", (
            "kunnr,land1,name1,ort01,pstlz,stras,telf1,umsat,umjah\n"
            "0000100001,DE,Müller GmbH,Berlin,10115,Hauptstr. 1,+49301234567,125000.00,2024\n"
            "0000100002,DE,Schmidt AG,Hamburg,20095,Ring 5,+49401234567,98000.50,2024\n"
            "0000100003,AT,Huber KG,Wien,1010,Graben 3,+4312345678,45000.00,2024\n"
        ))
    assert refused.value.code == "required-column-missing"
