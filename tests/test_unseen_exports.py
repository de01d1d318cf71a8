"""Real exports of systems the mapper was not written for (``tests/cases/unseen_exports``): what a
careful reader of each file expects of it, checked end to end (read, map, validate)."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from getbill_import.config import Settings
from getbill_import.errors import MappingError
from getbill_import.pipeline import PrepareOptions, prepare_file
from getbill_import.validate import VALID

FILES = Path(__file__).resolve().parent / "cases" / "unseen_exports"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def _amount(text: str) -> Decimal:
    return Decimal(text.strip().removeprefix("Rp").replace(".", "").replace(",", ".") or "0")


def test_a_french_sales_journal_gives_each_invoice_its_customers_debit(settings):
    prepared = prepare_file(FILES / "panierlocal_ventes.csv", settings)
    with (FILES / "panierlocal_ventes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    # the reader's answer: each debit on a customer account (411…) is an invoice of that amount
    debits = [(r["Pi?ce"], _amount(r["Montant"])) for r in rows if r["Compte"].startswith("411") and r["Sens"] == "D"]
    assert prepared.cases.select("reference", "amount").rows() == debits
    assert prepared.validation.invalid == 0
    # the cancellations are credits on customer accounts, said in a notice
    assert any("4 credit(s) on customer accounts" in n for n in prepared.read.source.notices)


def test_item_sales_judge_the_amount_paid_on_each_invoices_total(settings):
    path = FILES / "myob_accountright_itemsale_idr_head.txt"
    prepared = prepare_file(path, settings)
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["Invoice #"]]
    # the reader's answer: an invoice's lines summed, less what its (repeated) "Amount Paid" says
    totals: dict[str, Decimal] = {}
    paid: dict[str, Decimal] = {}
    for r in rows:
        totals[r["Invoice #"]] = totals.get(r["Invoice #"], Decimal(0)) + _amount(r["Inc-Tax Total"])
        paid[r["Invoice #"]] = _amount(r["Amount Paid"])
    owed = {ref: total - paid[ref] for ref, total in totals.items() if total - paid[ref] > 0}
    assert dict(prepared.cases.select("reference", "amount").rows()) == owed
    assert set(prepared.cases["currency"]) == {"IDR"}
    assert 0 < len(owed) < len(totals)  # some paid in full, left out


def test_invoices_take_their_currency_from_the_customer_file(settings):
    prepared = prepare_file(FILES / "unleashed_invoices_api.csv", settings,
                            PrepareOptions(debtors=FILES / "unleashed_customers_api.csv"))
    with (FILES / "unleashed_customers_api.csv").open(encoding="utf-8") as f:
        currency = {r["CustomerCode"]: r["Currency.CurrencyCode"] for r in csv.DictReader(f)}
    with (FILES / "unleashed_invoices_api.csv").open(encoding="utf-8") as f:
        expected = [(r["InvoiceNumber"], currency[r["Customer.CustomerCode"]]) for r in csv.DictReader(f)]
    assert prepared.cases.select("reference", "currency").rows() == expected
    assert len({c for _, c in expected}) > 1 and prepared.validation.invalid == 0


def test_a_saudi_file_reads_its_phones_and_its_amounts_in_saudi_arabia(settings):
    import polars as pl

    invoices = FILES / "qoyod_invoices_api_cut.xlsx"
    prepared = prepare_file(invoices, settings, PrepareOptions(debtors=FILES / "qoyod_contacts_api.xlsx"))
    raw = pl.read_excel(invoices, infer_schema_length=0)
    # the reader's answer: the approved and part-paid invoices, each owing its due_amount
    owed = raw.filter(pl.col("status").is_in(["Approved", "Partially Paid"]))
    assert sorted(prepared.cases["reference"].to_list()) == sorted(owed["reference"].to_list())
    due = dict(owed.select("reference", "due_amount").rows())
    assert all(amount == Decimal(due[ref]).quantize(Decimal("0.01"))
               for ref, amount in prepared.cases.select("reference", "amount").rows())
    # the contacts' "05…" mobiles are Saudi (a few are written 00966…): read as such, not as French numbers
    phones = prepared.cases["debtor.phone"].drop_nulls()
    assert phones.len() > 100 and phones.str.starts_with("+966").all()
    notices = prepared.validation.notices
    assert any(n.startswith("Phone numbers without a country were read as numbers of SA, not of FR") for n in notices)
    # a file that names no currency, of a creditor whose debtors' phones are Saudi, is in riyals
    assert set(prepared.cases["currency"].to_list()) == {"SAR"}
    assert any(n.startswith("No column gives the currency: the amounts are read in SAR, the currency of SA, where the "
                            "phone numbers are, not in EUR (the default currency).") for n in notices)
    # the address is a whole record of the API: no street of any case
    assert prepared.cases["debtor.address.line1"].null_count() == prepared.cases.height


def test_a_quickbooks_report_of_sales_by_item_is_refused_though_its_lines_are_read(settings):
    """QuickBooks Desktop's 'Sales by Item Detail': each item a group of the lines sold, its customer,
    quantity and price, a running 'Balance' of the item's sales. It lists what was sold, not what is
    owed: refused, its columns read all the same ('Balance' adds up each item's lines, so a line's
    amount is its 'Amount'), which the refusal's document gives."""
    path = FILES / "quickbooks_desktop_sales_by_item_detail.csv"
    with pytest.raises(MappingError, match=r"it is a report of sales grouped under labels \(by item or by customer\) "
                                           r"\(its columns 'Qty', 'Sales Price'\)") as raised:
        prepare_file(path, settings)
    assert raised.value.code == "no-debts-listed"
    mapped = {c["column"]: c["field"] for c in raised.value.facts["document"]["columns"]}
    assert (mapped["Amount"], mapped["Num"], mapped["Name"], mapped["Balance"]) == ("amount", "reference", "debtor.name", None)


def test_reckons_transaction_reports_of_cash_sales_and_cheques_import_no_debt(settings):
    """Reckon Accounts' (Australia) transaction detail, each line with its 'Account Type': its sales
    receipts (sales paid when made) post to an income account numbered '411000', which a French chart
    reads as a customer's: it is the accounts' transactions, refused as such. Its cheques post one line
    on the receivable account, a payment to the company's accountants: no invoice, where it had been
    imported as a debt of 290."""
    with pytest.raises(MappingError, match=r"it is an accounting report of the transactions on its accounts \(a "
                                           r"transaction detail, a general ledger\): 'Account Type' names") as raised:
        prepare_file(FILES / "reckon_au_sales_receipts_head.csv", settings)
    assert raised.value.code == "no-debts-listed"
    cheques = prepare_file(FILES / "reckon_au_cheques.csv", settings)
    assert cheques.validation.valid == 0
    assert "1 row(s) on receivable accounts left out: 'Type' says they are payments or credits ('Cheque'), no invoices." \
        in cheques.notices


def test_a_groups_sap_listing_keeps_its_trade_receivables_numbered_per_company(settings):
    import collections

    import openpyxl
    import polars as pl

    from getbill_import.validate import VALID

    path = FILES / "sap_s4_trade_receivables_listing.xlsx"
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    header = rows[1]
    data = [dict(zip(header, r, strict=True)) for r in rows[2:] if any(v not in (None, "") for v in r)]
    # the reader's answer: the lines on trade receivable accounts (not bank clearing, fixed deposits,
    # unbilled revenue, advances), each document known by its company and number, the positive ones
    kept = [r for r in data if "trade receivable" in (r["G/L Account: Long Text"] or "").lower()]
    # each customer (its name over 'Name 1' and 'Name 2') owes each company of the group its invoices
    # less its credits with that company (TDS bookings, excess payments received): a credit with one
    # company pays nothing owed to another
    def name(r: dict) -> str:
        one, two = (str(r["Customer Account: Name 1"] or "").strip(), str(r["Customer Account: Name 2"] or "").strip())
        return f"{one} {two}" if two and two != one else one

    net: dict[tuple[str, str], Decimal] = collections.defaultdict(Decimal)
    invoiced = set()
    for r in kept:
        value = round(Decimal(str(r["Company Code Currency Value"])), 2)
        key = (str(r["Company Code"]), name(r).lower())
        net[key] += value
        if value > 0:
            invoiced.add(key)
    owed: dict[str, Decimal] = collections.defaultdict(Decimal)
    for (company, n), v in net.items():
        if (company, n) in invoiced and v > 0:
            owed[n] += v
    prepared = prepare_file(path, settings)
    valid = prepared.cases.filter(pl.col(VALID))
    found = dict(valid.group_by(pl.col("debtor.name").str.to_lowercase()).agg(pl.col("amount").sum()).rows())
    assert found == owed
    assert valid.height > 290 and len(owed) > 40
    # the document number SAP gave again the next year is two debts
    assert "3007-100000109 (CLEAN MAX ASTRIA PRIVATE LIMITED)" in valid["reference"].to_list()
    assert not any("Bank" in (n or "") for n in valid["debtor.name"].to_list())


def test_a_billing_platforms_amounts_in_cents_are_read_in_dollars(settings):
    path = FILES / "lago_invoices_export.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # the reader's answer: the invoices not drafts, each owing its total in cents / 100
    owed = {r["invoice.number"]: Decimal(r["invoice.total_amount_cents"]) / 100 for r in rows if r["invoice.status"] != "draft"}
    prepared = prepare_file(path, settings, PrepareOptions(assign=(("invoice.customer.external_id", "debtor.name"),)))
    assert dict(prepared.cases.select("reference", "amount").rows()) == owed
    assert set(prepared.cases["currency"]) == {"USD"}


def test_a_vat_book_without_its_header_is_refused_then_read_by_its_places(settings):
    path = FILES / "tryton_account_es_vat_book.csv"
    with pytest.raises(MappingError) as raised:
        prepare_file(path, settings)
    assert raised.value.code == "no-header-row"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    # the columns are named by their places in the line: the number is the 11th field, the party the
    # 15th, the total the 17th
    options = PrepareOptions(header_line=0, assign=(("Column 11", "reference"), ("Column 15", "debtor.name"),
                                                     ("Column 17", "amount")))
    prepared = prepare_file(path, settings, options)
    assert prepared.cases.select("reference", "debtor.name", "amount").rows() == [
        (r[10], r[14], Decimal(r[16].replace(",", "."))) for r in rows
    ]


def test_axelors_partners_are_named_by_their_name_and_reached_by_their_fixed_phone(settings):
    from getbill_import.pipeline import read_and_map

    read, mapping = read_and_map(FILES / "axelor_base_partner_head.csv", settings)
    fields = mapping.field_columns()
    assert fields["debtor.last_name"] == "name"
    assert "factorizedCustomer" not in fields.values()
    assert any(n.startswith("debtor.phone: where 'mobilePhone' is blank, too short to be a whole number or a placeholder (00000000), 'fixedPhone' gives it") for n in read.source.notices)
    # its one invoice is a draft with nothing remaining: nothing is owed
    prepared = prepare_file(FILES / "axelor_account_invoice.csv", settings,
                            PrepareOptions(debtors=FILES / "axelor_base_partner_head.csv"))
    assert prepared.cases.height == 0


def test_a_wave_transaction_export_owes_its_receivable_lines_once(settings):
    # Wave's transactions: each invoice is its income lines ("Sales", "Services") and one line on
    # "Accounts Receivable"; a payment is a receivable credit and a "Cash on Hand" debit
    path = Path(__file__).resolve().parent / "cases" / "sample_files" / "wave_transactions.csv"
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["Account Name"] == "Accounts Receivable"]
    import polars as pl

    from getbill_import.validate import VALID

    prepared = prepare_file(path, settings)
    valid = dict(prepared.cases.filter(pl.col(VALID)).select("debtor.name", "amount").rows())
    # the reader's answer: per customer, the sum of its receivable lines, the paid ones (zero) aside
    expected: dict[str, Decimal] = {}
    for r in rows:
        expected[r["Customer"]] = expected.get(r["Customer"], Decimal(0)) + Decimal(r["Amount (One column)"])
    assert valid == {name: amount for name, amount in expected.items() if amount > 0}
    # the paid invoice (its receivable line and the payment's) is left out, not an amount of zero to correct
    assert prepared.validation.invalid == 0
    assert any(n.startswith("1 invoice(s) written on several rows whose amounts net to zero") for n in prepared.read.source.notices)
    assert any("'Account Name' puts them on ledger accounts that are not customer receivables" in n
               for n in prepared.read.source.notices)


def test_an_open_items_extract_written_by_a_data_frame_keeps_its_document_numbers_and_dollars(settings, tmp_path):
    # HighRadius' SAP open items, written by pandas: an unnamed index first (0, 1, 2…), document
    # numbers as floats ("2960623488.0"), amounts converted to dollars ("converted_usd"). Its items
    # each have a clearing date ("clear_date"): cleared, none is owed; the same items before they
    # were cleared are.
    path = FILES / "highradius_open_items_head.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cleared = prepare_file(path, settings)
    assert not cleared.cases.filter(pl.col(VALID)).height
    assert any(n.startswith(f"{len(rows)} row(s) left out") and "'clear_date'" in n for n in cleared.notices)
    path = tmp_path / path.name
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, "clear_date": ""} for r in rows)
    prepared = prepare_file(path, settings)
    fields = {c.column: c.field for c in prepared.mapping.columns if c.status != "unmapped"}
    assert fields["doc_id"] == "reference" and "Column 1" not in fields
    assert prepared.cases["reference"].to_list() == [r["doc_id"].removesuffix(".0") for r in rows]
    assert prepared.cases["amount"].to_list() == [Decimal(r["converted_usd"]).quantize(Decimal("0.01")) for r in rows]
    assert set(prepared.cases["currency"]) == {"USD"}
    assert "amount: 'converted_usd' names its currency: the amounts are read in USD." in prepared.read.source.notices


def test_a_clearing_date_before_the_document_existed_is_a_forecast_and_leaves_the_items_owed(settings, tmp_path):
    # the same open items, each given the clearing date a model predicts for it: on 47 of the 120 that
    # date falls before the item was posted, which no payment does; the items are all still open
    path = FILES / "highradius_predicted_clear_head.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    early = sum(r["clear_date"][:10] < r["posting_date"][:10] for r in rows)
    assert early == 47
    prepared = prepare_file(path, settings)
    assert prepared.cases.filter(pl.col(VALID)).height == len(rows) == 120
    assert sum(prepared.cases["amount"]) == sum(Decimal(r["converted_usd"]).quantize(Decimal("0.01")) for r in rows)
    assert (f"'clear_date' is not read as the date each invoice was paid: its date falls before 'posting_date' on {early} "
            f"of {len(rows)} rows") in " ".join(prepared.read.source.notices)
    assert not any("left out" in n for n in prepared.read.source.notices)
    # a shop's orders paid before they were fulfilled, the day offered (to confirm) for the invoice's: paid
    shop = tmp_path / "orders.csv"
    shop.write_text(
        "wc_order_id,status,currency,date_created,date_paid,date_fulfilled,payment_method,order_total,billing_name\n"
        "1,pending,PKR,2026-01-08 23:28:53 +0500,,2026-01-09 16:29:23 +0500,cod,3084.0,Mahnoor Sohail\n"
        "2,completed,PKR,2026-01-09 10:00:00 +0500,2026-01-09 10:05:00 +0500,2026-01-12 11:00:00 +0500,card,1500.0,Ali Raza\n"
        "3,completed,PKR,2026-01-10 10:00:00 +0500,2026-01-10 10:05:00 +0500,2026-01-11 11:00:00 +0500,card,2500.0,Sara Khan\n"
        "4,pending,PKR,2026-01-11 09:00:00 +0500,,,cod,990.0,Omar Shah\n"
        "5,completed,PKR,2026-01-12 10:00:00 +0500,2026-01-12 10:05:00 +0500,2026-01-15 11:00:00 +0500,card,700.0,Hina Ali\n",
        encoding="utf-8",
    )
    orders = prepare_file(shop, settings)
    assert orders.mapping.field_columns().get("issue_date") == "date_fulfilled"
    assert sorted(orders.cases.filter(pl.col(VALID))["debtor.name"].to_list()) == ["Mahnoor Sohail", "Omar Shah"]


def test_a_total_called_net_beside_a_gross_amount_and_its_tax_is_what_is_owed(settings, tmp_path):
    # a cash-management app's register of its client invoices: "gross_amount" before tax, "tax_amount",
    # and "net_amount", their sum (net of nothing); an invoice collected is paid
    path = tmp_path / "client_invoices.csv"
    path.write_text(
        "invoice_id,client_id,client_name,invoice_number,invoice_date,due_date,service_type,gross_amount,tax_amount,"
        "net_amount,collection_status\n"
        "824110a9,C001,Alpha Corp,C001-INV-39256,2025-01-13,2025-02-27,IT Consulting,114196,20555.28,134751.28,Collected\n"
        "c7431fb1,C001,Alpha Corp,C001-INV-65302,2025-12-13,2026-01-12,IT Consulting,204794,36862.92,241656.91999999998,Overdue\n"
        "5e50d902,C002,Beta Ltd,C002-INV-76237,2025-02-17,2025-03-19,Audit,110990,19978.2,130968.2,Overdue\n"
        "f0497866,C003,Gamma LLP,C003-INV-95181,2025-10-15,2025-11-14,Payroll,237700,42786.0,280486.0,Pending\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    valid = prepared.cases.filter(pl.col(VALID))
    assert valid["reference"].to_list() == ["C001-INV-65302", "C002-INV-76237", "C003-INV-95181"]
    assert valid["amount"].to_list() == [Decimal("241656.92"), Decimal("130968.20"), Decimal("280486.00")]
    assert ("amount: 'net_amount' is 'gross_amount' and its tax 'tax_amount' together on nearly every row: the invoice's "
            "total with its tax, owed, is read from it.") in " ".join(prepared.read.source.notices)
    assert any("('collection_status': 'Collected')" in n for n in prepared.read.source.notices)


def test_a_billing_platforms_accounts_are_named_by_their_account_numbers_not_their_record_ids(settings, tmp_path):
    # Zuora's accounts synced to a warehouse: each account's record id (a hash), its number, its
    # balance; the number names each balance, where the hash had
    path = tmp_path / "zuora_account.csv"
    path.write_text(
        "id,_fivetran_deleted,account_number,balance,currency,name,payment_term,status\n"
        "2c92c0f967640caa0167836a3e396a3b,FALSE,A00000021,1634835.21,USD,Test Name 1,Due Upon Receipt,Active\n"
        "8ad088718262bc1701826340a8720972,FALSE,A00000025,0,USD,Test Name 2,Due Upon Receipt,Active\n"
        "8ad09be48db5aef5018dbb3bfa1a6b03,FALSE,A00000031,106953453,JPY,Test Name 3,Net 30,Active\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings)
    assert prepared.mapping.field_columns()["reference"] == "account_number"
    assert sorted(prepared.cases.filter(pl.col(VALID))["reference"].to_list()) == ["A00000021", "A00000031"]
    # a payment gateway's failed payments: each transaction's own id names the debt, not its customer's
    # number (a customer failing again next month owes another debt)
    failed = tmp_path / "failed_payments.csv"
    failed.write_text(
        "transaction_id,customer_id,name,phone,amount,status\n"
        "pay_Nx81aa9f0c2b11,cust_0001,Anil Kumar,9810012345,1499.00,failed\n"
        "pay_Nx81aa9f0c2b12,cust_0002,Meera Iyer,9899001122,2999.00,failed\n"
        "pay_Nx81aa9f0c2b13,cust_0003,Ravi Shah,9822044455,499.00,failed\n",
        encoding="utf-8",
    )
    assert prepare_file(failed, settings).mapping.field_columns()["reference"] == "transaction_id"


def test_subscription_charges_not_yet_attempted_are_not_owed_and_a_hash_names_no_one(settings):
    # Recharge's charges, as its connector syncs them: "QUEUED" is a charge to come
    path = FILES / "recharge_charges.csv"
    prepared = prepare_file(path, settings)
    assert prepared.cases.height == 0
    assert any("('status': 'QUEUED')" in n for n in prepared.read.source.notices)
    # nothing owed, nothing asked; but the user learns that a file with charges owed would be refused
    assert any(n.endswith("No column gives debtor.name either: a file of this kind with invoices owed would be refused "
                          "for it.") for n in prepared.read.source.notices)
    # the same charges failed ("ERROR") are owed, but nothing names their customer: a digest is no name
    failed = path.read_text(encoding="utf-8").replace("QUEUED", "ERROR")
    (settings.data_dir / "failed.csv").parent.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "failed.csv").write_text(failed, encoding="utf-8")
    with pytest.raises(MappingError, match=r"debtor\.name"):
        prepare_file(settings.data_dir / "failed.csv", settings)


def test_a_workbook_with_the_export_and_a_copy_without_due_dates_is_read_from_the_export(settings):
    # an auditor's workbook: the client's open-items export, then a summary of the same invoices
    # whose columns are better named but which has no due date
    prepared = prepare_file(FILES / "nl_debiteurenlijst_per_heden.xlsx", settings)
    assert prepared.read.source.sheet == "PBC-Debiteurenlijst per heden"
    assert prepared.cases.select("reference", "amount", "due_date").rows() == [
        ("12300139", Decimal("25717.69"), date(2024, 2, 6)),
        ("21004743", Decimal("73092.18"), date(2024, 2, 7)),
        ("21004762", Decimal("36.54"), date(2024, 2, 7)),
        ("21004841", Decimal("4965.80"), date(2024, 2, 22)),
    ]


def test_a_file_without_a_header_owes_its_totals_not_their_parts(settings):
    # a Colombian receivables list without a header row: consumption, service, tax, then their total
    path = FILES / "co_cuentas_por_cobrar_headerless.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    prepared = prepare_file(path, settings, PrepareOptions(header_line=0))
    fields = {c.column: c.field for c in prepared.mapping.columns if c.status != "unmapped"}
    assert fields == {"Column 1": "reference", "Column 2": "issue_date", "Column 6": "amount", "Column 7": "debtor.name"}
    assert prepared.cases.select("reference", "amount", "issue_date").rows() == [
        (r[0], Decimal(r[5]), date.fromisoformat(r[1])) for r in rows
    ]
    assert sum(Decimal(r[5]) for r in rows) == Decimal("578900")


def test_a_long_outstanding_list_whose_balance_tops_its_bill_on_some_rows_is_validated(settings):
    # an Indian wholesaler's bill-wise outstanding: on a few rows the balance is more than the bill
    # (a customer's total written on a bill), which is warned of on each of them
    path = FILES / "ishwarpharma_outstanding_head.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    above = {i + 2 for i, r in enumerate(rows) if 0 < Decimal(r["BILLAMT"]) < Decimal(r["BALANCE"])}
    import polars as pl

    prepared = prepare_file(path, settings)
    warned = prepared.problems.filter(pl.col("code") == "balance-above-total")["line"].to_list()
    assert above and set(warned) == above


def test_an_aging_reports_current_bucket_holds_receivables_in_us_dollars(settings):
    """A QuickBooks Online aging report groups its invoices by age: "CURRENT" (not yet due) is a bucket
    of receivables like "91 or more days past due", not payables. It names no currency, but its headers
    are English and its dates month first: US dollars. The open balance is owed, not the amount."""
    import polars as pl

    from getbill_import.validate import VALID

    prepared = prepare_file(FILES / "qbo_ar_aging_detail_fixture.csv", settings)
    valid = prepared.cases.filter(pl.col(VALID))
    assert sorted(valid.select("reference", "amount").rows()) == [
        ("SI-1", Decimal("800.00")), ("SI-2", Decimal("500.00")), ("SI-3", Decimal("200.00"))]
    assert set(valid["currency"]) == {"USD"}
    assert valid.filter(valid["reference"] == "SI-2")["due_date"].to_list() == [date(2026, 9, 1)]
    assert not [n for n in prepared.read.source.notices if "payables" in n]


def test_a_countys_delinquent_taxes_are_owed_by_the_owners_of_the_parcels(settings):
    """A county's list of delinquent real-estate taxes names no debtor but the parcels' owners, many
    of them companies whose names hold digits ("1755 N MADISON LLC") and own several parcels: the
    owner owes, each parcel's tax bill is one debt."""
    path = FILES / "sedgwick_delinquent_real_estate_sample.csv"
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    prepared = prepare_file(path, settings)
    fields = prepared.mapping.field_columns()
    assert (fields["debtor.name"], fields["reference"], fields["amount"]) == ("Owner", "Parcel ID", "2024 Amount Published")
    assert prepared.validation.invalid == 0
    assert sorted(prepared.cases.select("reference", "debtor.name", "amount").rows()) == sorted(
        (r["Parcel ID"], r["Owner"], Decimal(r["2024 Amount Published"])) for r in rows)


def test_amounts_without_a_sign_are_in_the_currency_the_files_other_amounts_are_written_in(settings):
    """A tax sale's liens are written without a sign ("875.62") beside assessed values written in
    dollars ("$31,700"): the liens are dollars, said, not euros taken by default."""
    prepared = prepare_file(FILES / "baltimore_tax_sale_2024_head.csv", settings,
                            PrepareOptions(assign=(("block_lot", "reference"),)))
    assert set(prepared.cases["currency"]) == {"USD"}
    assert prepared.cases["amount"].to_list()[:2] == [Decimal("875.62"), Decimal("318.59")]
    assert any(n.startswith("No column gives the currency, and the amounts of 'lien' are written without a sign, but "
                            "'assessed_value' writes its amounts in USD ('$31,700')") for n in prepared.notices)


def test_an_open_items_balance_zero_once_settled_is_no_running_balance(settings):
    # A Brazilian ERP's títulos a receber: 'VLR_SALDO' equals 'VLR_DOCUMENTO' while open and falls to 0
    # once settled. From one row to the next it moves by an amount of the row above or of its own (a
    # title settled beside one still open), which had made it a running balance: every settled title
    # was then imported at its whole value.
    path = FILES / "br_titulos_receber_head.csv"
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    prepared = prepare_file(path, settings)
    fields = {c.column: c.field for c in prepared.mapping.columns if c.status != "unmapped"}
    assert fields["VLR_SALDO"] == "amount"
    owed = sorted(Decimal(r["VLR_SALDO"]) for r in rows if Decimal(r["VLR_SALDO"]) > 0 and r["STATUS"] == "aberto")
    assert sorted(prepared.cases.filter(pl.col(VALID))["amount"].to_list()) == owed
