"""The pipeline's own steps between the stages."""

import polars as pl

from getbill_import.config import Settings
from getbill_import.pipeline import PrepareOptions, _unescape_formula_guards, prepare_file
from getbill_import.validate import VALID


def _prepared(tmp_path, name: str, text: str):
    """``text`` written to ``name`` (UTF-8), read, mapped and validated."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return prepare_file(path, Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)}))


def _owed(prepared) -> list[tuple[str, str]]:
    """Each valid case's reference and amount, in the file's order."""
    return prepared.cases.filter(pl.col(VALID)).select("reference", pl.col("amount").cast(pl.String)).rows()


def test_values_guarded_by_our_reports_come_back_as_typed():
    frame = pl.DataFrame({"debtor.phone": ["'+33 6 12 34 56 78", "0612345678", None],
                          "debtor.name": ["'plain apostrophe", "x", "y"], "metadata": ["'=x", None, None]})
    out = _unescape_formula_guards(frame)
    assert out["debtor.phone"].to_list() == ["+33 6 12 34 56 78", "0612345678", None]
    assert out["debtor.name"].to_list() == ["'plain apostrophe", "x", "y"]
    assert out["metadata"].to_list() == ["'=x", None, None]


def test_a_corrected_copy_with_guarded_phones_imports_cleanly(tmp_path):
    prepared = _prepared(tmp_path, "fixed.csv", (
        "Référence;Client;Téléphone;Montant\n"
        "F-1;Jean Dupont;'+33 6 12 34 56 78;120,00\n"
    ))
    assert prepared.cases["debtor.phone"].to_list() == ["+33612345678"]
    assert prepared.validation.invalid == 0


def test_values_a_spreadsheet_kept_as_text_lose_their_apostrophe(tmp_path):
    # Excel's text marker keeps leading zeros: '00123 is the reference 00123, '01000 the postal code
    prepared = _prepared(tmp_path, "relances.csv", (
        "Client;Facture;Montant;Téléphone;Code postal;Ville\n"
        "Dupont SA;'00123;120,00;'0612345678;'01000;Bourg-en-Bresse\n"
        "'t Hoen BV;'00124;80,00;'+33612345679;'75001;Paris\n"
    ))
    assert prepared.cases.select("reference", "debtor.name", "debtor.address.postal_code").rows() == [
        ("00123", "Dupont SA", "01000"), ("00124", "'t Hoen BV", "75001"),
    ]
    assert prepared.cases["debtor.phone"].to_list() == ["+33612345678", "+33612345679"]


def test_a_ragged_row_is_never_valid_even_when_its_values_are(tmp_path):
    prepared = _prepared(tmp_path, "ragged.csv", (
        "Référence;Client;Email;Montant\n"
        "F-1;Jean Dupont;jean@orange.fr;120,00\n"
        "F-2;Zoë Müller;zoe@free.fr;80,00;extra value\n"
    ))
    assert prepared.cases.select("__line__", VALID).rows() == [(2, True), (3, False)]
    ragged = prepared.problems.filter(pl.col("code") == "ragged-row")
    assert ragged["line"].to_list() == [3]


def test_a_row_short_of_trailing_columns_none_mapped_is_valid_and_warned(tmp_path):
    """An ERP's CSV (D365's customer transactions) drops its trailing empty fields: the missing
    columns are metadata, nothing a case needs; a row short of a mapped column stays refused."""
    prepared = _prepared(tmp_path, "custtrans.csv", (
        "Référence;Client;Montant;Lettrage;Code journal\n"
        "F-1;Jean Dupont;120,00;AB;P-9\n"
        "F-2;Zoë Müller;80,00\n"
        "F-3;Luc Martin\n"
    ))
    assert prepared.cases.select("__line__", VALID).rows() == [(2, True), (3, True), (4, False)]
    ragged = prepared.problems.filter(pl.col("code") == "ragged-row").sort("line")
    assert ragged.select("line", "severity").rows() == [(3, "warning"), (4, "error")]
    assert ragged["message"][0] == ("This row has 3 field(s) but the header has 5: its last column(s) 'Lettrage', "
                                    "'Code journal', none of them mapped, are read as empty.")


def test_a_column_named_paid_is_taken_off_the_invoices_total(tmp_path):
    # a list of issued invoices whose column of what was paid is headed "paid" itself
    prepared = _prepared(tmp_path, "invoices_issued.csv", (
        "number,date,counterparty,amount,term_days,status,paid\n"
        "SB-00001,2026-01-29,OOO TorgServis,190547.54,45,paid,190547.54\n"
        "SB-00007,2026-02-03,OOO Romashka,494132.96,30,overdue,200000.00\n"
        "SB-00009,2026-02-11,OOO SeverTorg,1000.00,60,pending,0\n"
    ))
    assert _owed(prepared) == [("SB-00007", "294132.96"), ("SB-00009", "1000.00")]


def test_balances_written_with_their_side_are_owed_and_credited(tmp_path):
    # a bills-receivable list writes each balance with its side: "Dr" owed, "Cr" in the customer's favour
    prepared = _prepared(tmp_path, "bills.csv", (
        "Bill No,Party's Name,Pending Amount,Due on\n"
        "A1,Acme Traders,\"1,234.00 Dr\",2026-10-01\n"
        "A2,Acme Traders,\"200.00 Cr\",2026-10-02\n"
        "A3,Beta Stores,\"300.00 Dr\",2026-10-03\n"
    ))
    assert [(c.column, c.field, c.status) for c in prepared.mapping.columns if c.field == "amount"] == [
        ("Pending Amount", "amount", "mapped")]
    assert _owed(prepared) == [("A1", "1034.00"), ("A3", "300.00")]


def test_a_namesakes_credit_is_not_taken_off_another_persons_debt(tmp_path):
    # a water utility's defaulters: one account per row, and two KHALID MEHMOOD at two addresses
    prepared = _prepared(tmp_path, "defaulters.csv", (
        "A/C NO.,NAME,ADDRESS,Current Dues\n"
        "27278695,KHALID MEHMOOD,H.NO.19/4 ST.NO.16/D WASSAN PURA,21091\n"
        "1093742,KHALID MEHMOOD,48A SHAHEEN PARK,-307\n"
        "1093743,ASIF ALI,12 MALL ROAD,5000\n"
        "1093744,ASIF ALI,12 MALL ROAD,-1000\n"
        "1093745,NADIA KHAN,3 CANAL VIEW,700\n"
    ))
    assert _owed(prepared) == [("27278695", "21091.00"), ("1093743", "4000.00"), ("1093745", "700.00")]
    assert prepared.problems.filter(pl.col("code") == "negative-amount")["line"].to_list() == [3]


def test_an_ageings_current_and_a_collectors_not_collected_are_owed_without_a_word(tmp_path):
    prepared = _prepared(tmp_path, "ageing.csv", (
        "Invoice,Customer,Balance,Status,Collection_Status\n"
        "A1,Acme,100.00,Current,Not Collected\n"
        "A2,Beta,200.00,Overdue,Partially Collected\n"
        "A3,Gamma,300.00,Normal,Not Collected\n"
    ))
    assert prepared.validation.valid == 3
    assert not [n for n in prepared.notices if "no status the tool knows" in n]


def test_a_payment_processors_checks_of_the_card_are_no_invoice_status_nor_the_debtors_country(tmp_path):
    prepared = _prepared(tmp_path, "unified_payments.csv", (
        "id,Created date (UTC),Amount,Currency,Status,Customer Email,Card Name,Card Issue Country,Card CVC Status,"
        "Invoice Number\n"
        "ch_1,2026-03-01 10:00,19.99,usd,Failed,ann@example.com,Ann Lee,GB,pass,INV-1\n"
        "ch_2,2026-03-02 10:00,29.99,usd,Failed,bob@example.com,Bob Ray,US,pass,INV-2\n"
        "ch_3,2026-03-03 10:00,9.99,usd,Failed,cy@example.com,Cy Dorn,US,unavailable,INV-3\n"
    ))
    assert [c.field for c in prepared.mapping.columns if c.column == "Card Issue Country"] == [None]
    assert not [n for n in prepared.read.source.notices if "Card CVC Status" in n]


def test_the_advice_to_keep_rows_closed_by_two_status_columns_names_both(tmp_path):
    prepared = _prepared(tmp_path, "i2g_invoices.csv", (
        "DocumentNumber,ClientName,BalanceDueAmount,DocumentStatus,OutputStatus\n"
        "0001,Ann Lee,120.00,unsent,unsent\n0002,Bob Ray,80.00,unsent,unsent\n"
    ))
    assert prepared.validation.valid == 0
    assert any(n.endswith("set those columns aside (--set 'DocumentStatus=ignore' --set 'OutputStatus=ignore').")
               for n in prepared.read.source.notices)


def test_a_count_of_invoices_beside_balances_is_no_total_they_exceed(tmp_path):
    prepared = _prepared(tmp_path, "aging_summary.csv", (
        "Customer Number,Customer Name,Overdue,Total Invoices\n"
        "C001,Acme Ltd,12500.75,3\nC002,Beta GmbH,830.10,5\nC003,Gamma SA,45.99,1\n"
    ))
    assert prepared.validation.valid == 3
    assert not [n for n in prepared.read.source.notices if "is read as an amount before interest" in n]
    assert not prepared.problems.filter(pl.col("code") == "balance-above-total").height


def test_an_invoice_marked_disputed_is_imported_with_a_warning(tmp_path):
    prepared = _prepared(tmp_path, "ar_aging.csv", (
        "Invoice,Customer,Balance,Status,Dispute_Flag\n"
        "A1,Acme,100.00,Open,No\nA2,Beta,200.00,Disputed,No\nA3,Gamma,300.00,Open,Yes\nA4,Delta,50.00,Open,\n"
    ))
    assert prepared.validation.valid == 4
    disputed = prepared.problems.filter(pl.col("code") == "disputed-invoice")
    assert disputed.select("line", "column", "value", "severity").rows() == [
        (3, "Status", "Disputed", "warning"), (4, "Dispute_Flag", "Yes", "warning"),
    ]
    assert disputed["message"][1] == ("The invoice is marked disputed ('Dispute_Flag': Yes): it is imported as owed, but "
                                      "a disputed debt is usually settled before it is collected.")


def test_an_invoice_whose_dunning_is_blocked_is_imported_with_a_warning(tmp_path):
    # SAP's and DATEV's "Mahnsperre": a code (X, R) blocks the dunning, a blank or a no does not; a
    # master file's "Mahnsperre bis" (a block until a day) says nothing of today
    prepared = _prepared(tmp_path, "offene_posten.csv", (
        "Kunde;Rechnungsnr;Fällig am;Offener Betrag;Mahnsperre;Mahnsperre bis\n"
        "Müller GmbH;R-1001;01.09.2026;1.200,00;;01.01.2026\nSchmidt AG;R-1002;05.09.2026;850,00;X;\n"
        "Weber KG;R-1003;10.09.2026;300,00;Nein;\nBauer OHG;R-1004;12.09.2026;95,50;R;\n"
    ))
    assert prepared.validation.valid == 4
    blocked = prepared.problems.filter(pl.col("code") == "dunning-blocked")
    assert blocked.select("line", "column", "value", "severity").rows() == [
        (3, "Mahnsperre", "X", "warning"), (5, "Mahnsperre", "R", "warning"),
    ]
    assert blocked["message"][0] == (
        "The invoice's dunning is blocked ('Mahnsperre': X): it is imported as owed, but your accounting system was told "
        "not to dun it; check why (a dispute, an agreement) before it is collected."
    )


def test_an_amount_in_dispute_marks_its_invoice_disputed(tmp_path):
    # an open-items list writes the part of each balance in dispute ('disputed_usd'): it had been set
    # aside without a word
    prepared = _prepared(tmp_path, "receivables.csv", (
        "invoice_id,customer,open_balance_usd,due_date,disputed_usd\n"
        "AR01,Acme Corp,84000,2026-07-15,0\nAR02,Beta LLC,18000,2026-09-15,6000\nAR03,Gamma Inc,9000,2026-09-20,\n"
    ))
    assert prepared.validation.valid == 3
    disputed = prepared.problems.filter(pl.col("code") == "disputed-invoice")
    assert disputed.select("line", "column", "value").rows() == [(3, "disputed_usd", "6000")]


def test_a_bankrupt_or_dead_debtors_row_is_refused_and_a_column_left_out_by_hand_says_nothing(tmp_path):
    content = (
        "Invoice,Customer,Balance,Status,Deceased\n"
        "A1,Acme Ltd,100.00,Open,No\nA2,Beta SARL,200.00,Liquidation judiciaire,No\nA3,John Smith,300.00,Open,Yes\n"
        "A4,Delta Inc,50.00,Active_Bankruptcy,Yes\nA5,Echo Inc,75.00,Open,\n"
    )
    prepared = _prepared(tmp_path, "ar_aging.csv", content)
    assert _owed(prepared) == [("A1", "100.00"), ("A5", "75.00")]
    refused = prepared.problems.filter(pl.col("code") == "insolvent-debtor")
    assert refused.select("line", "column", "value", "severity").rows() == [
        (3, "Status", "Liquidation judiciaire", "error"), (4, "Deceased", "Yes", "error"), (5, "Status", "Active_Bankruptcy", "error"),
    ]
    assert "--set 'Deceased=ignore'" in refused["message"][1]
    # a known status: no notice says it unknown
    assert not [n for n in prepared.notices if "no status the tool knows" in n]
    ended = prepare_file(tmp_path / "ar_aging.csv", Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)}),
                         PrepareOptions(assign=(("Status", "ignore"), ("Deceased", "ignore"))))
    assert ended.validation.valid == 5


def test_debts_already_before_a_court_are_imported_and_said(tmp_path):
    prepared = _prepared(tmp_path, "delinquent.csv", (
        "bill_number,owner_name,amount_due,status,INDICADOR_AJUIZADO\n"
        "101,Acme Ltd,143.16,Delinquent,NAO\n102,Beta LLC,80.00,Suit Filed,NAO\n103,Gamma Inc,35.50,Delinquent,SIM\n"
    ))
    assert _owed(prepared) == [("101", "143.16"), ("102", "80.00"), ("103", "35.50")]
    assert ("2 of the debts imported are already before a court ('status': 'Suit Filed'; 'INDICADOR_AJUIZADO': 'SIM'; "
            "rows 3, 4): they are imported as owed, but a lawyer or a court may already be collecting them: check before "
            "contacting those debtors.") in prepared.notices
    assert not any("no status the tool knows" in n for n in prepared.notices)


def test_a_balance_written_with_its_currency_sign_beside_counts_of_months_paid_is_read(tmp_path):
    prepared = _prepared(tmp_path, "loan_book.csv", (
        "Borrower,Loan Number,Outstanding Balance,Months already paid\n"
        'Jane Smith,L1,"£191,666.20",84\nJohn Brown,L2,"£229,999.44",84\nAnn Green,L3,"£12,000.00",12\n'
    ))
    assert _owed(prepared) == [("L1", "191666.20"), ("L2", "229999.44"), ("L3", "12000.00")]


def test_a_schools_fees_are_no_reference_and_each_pupils_balance_is_named_by_the_pupil(tmp_path):
    prepared = _prepared(tmp_path, "student_fees.csv", (
        "Student Name,Class,Term Fees,Amount Paid,Balance\n"
        "Jane Smith,Senior 2,1600000,1200000,400000\nPeter Mwesigwa,Senior 3,1700000,850000,850000\n"
        "Amina Nakato,Senior 4,1800000,0,1800000\nDavid Okello,Primary 7,800000,600000,200000\n"
    ))
    assert [c.field for c in prepared.mapping.columns if c.column == "Term Fees"] == [None]
    assert _owed(prepared) == [("Jane Smith", "400000.00"), ("Peter Mwesigwa", "850000.00"),
                               ("Amina Nakato", "1800000.00"), ("David Okello", "200000.00")]
