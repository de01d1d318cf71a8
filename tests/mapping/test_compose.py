"""Headers read through their parts and words: qualifiers, prefixes, notes, part numbers, and a head
with modifiers that select or exclude a field, in five languages."""

from __future__ import annotations

import pytest

from getbill_import.config import DEFAULT_MAPPED_THRESHOLD, bundled_mappings_dir
from getbill_import.mapping import header_field
from getbill_import.mapping.compose import load_lexicon, split_header


def mapped(header: str) -> str | None:
    field, score, _ = header_field(header)
    return field if field is not None and score >= DEFAULT_MAPPED_THRESHOLD else None


@pytest.mark.parametrize(
    ("header", "main", "owner", "note", "part"),
    [
        ("Customer.Name", ("name",), ("customer",), (), None),
        ("partner_id/email", ("email",), ("partner", "id"), (), None),
        ("CT_Intitule", ("intitule",), (), (), None),
        ("Addr 1 - City", ("city",), ("address",), (), None),
        ("Adresse ligne 2", ("adresse", "ligne"), (), (), 2),
        ("Street 3", ("street",), (), (), 3),
        ("Umsatz (ohne Soll/Haben-Kz)", ("umsatz",), (), (), None),
        ("Amount (Gross)", ("amount",), (), ("gross",), None),
        ("CUSTOMERNAME", ("customer", "name"), (), (), None),
        ("Sollbetrag", ("soll", "betrag"), (), (), None),
    ],
)
def test_a_header_is_cut_into_its_parts(header, main, owner, note, part):
    parts = split_header(header, load_lexicon(bundled_mappings_dir()))
    assert (parts.main, parts.owner, parts.note, parts.part) == (main, owner, note, part)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # a physical unit is a quantity consumed, never money, whatever word of a sum is beside it
        ("Suma ilość KWh", None),
        ("Total kWh", None),
        ("Total MWh", None),
        # qualifiers and prefixes: the prefix tells the owner, the rest the field
        ("InvoiceAddress.Town", "debtor.address.city"),
        ("Invoice Address Town", "debtor.address.city"),
        ("InvAddrZip", "debtor.address.postal_code"),
        ("Billing Address Country", "debtor.address.country"),
        ("Customer: Email", "debtor.email"),
        ("partner_id/street2", "debtor.address.line2"),
        ("Street 3", None),  # a third line is kept aside, as most exports' own layouts do
        ("Adresse ligne 2", "debtor.address.line2"),
        ("Bill-To Customer", "debtor.name"),
        # a collection agency's placement: the balance charged off is the debt, what was recovered
        # on it is paid; a loan's origination, a marital status and a record's update are no date
        # of the debt nor a place
        ("CHARGE_OFF_PRINCIPAL", "amount"),
        ("Charge Off Amount ($)", "amount"),
        ("TOTAL_RECOVERY_AMOUNT", None),
        ("No Origination Date", None),
        ("Loan Origination Date", None),
        ("EstadoCivil_Deudor", None),
        ("FECHA_ACTUALIZACION", None),
        ("Date de mise à jour", None),
        ("scrape_date", None),
        # Vietnamese: what is still owed, a contract's number, its maturity; a payment's beneficiary
        # ("thụ hưởng") is no amount collected ("thu")
        ("Số tiền còn nợ", "amount"),
        ("Số hợp đồng", "reference"),
        ("Ngày đáo hạn", "due_date"),
        ("Người thụ hưởng", None),
        # "nợ" is a debt, never the "No." of a number its folding would make it
        ("Còn nợ CN 2025 tồn 15/4/2026", "amount"),
        ("Dư Nợ cuối kỳ", "amount"),
        ("Cong no", "amount"),
        # what a pupil still owes of the fees (East Africa), and a pupil's grade, no address
        ("Fee Balance", "amount"),
        ("Fees Arrears", "amount"),
        ("grade", None),
        # Sienge's instalments: their present value (discounted early payoff), the index correcting them
        ("Valor presente", None),
        ("Indexador", None),
        # a Peppol e-invoice's network address of the buyer (acme@peppol.ae) is no mailbox
        ("buyer_electronic_address", None),
        # an open balance written with a word never paired with "amount" in the vocabulary
        ("Outstanding Invoice Value", "amount"),
        ("Betrag ausstehend", "amount"),
        ("Importe pendiente de cobro", "amount"),
        ("Importo residuo fattura", "amount"),
        ("Montant restant facture", "amount"),
        ("Unpaid Balance (EUR)", "amount"),
        ("remainderInBaseCurrency", "amount"),
        ("Amount in transaction currency", "amount"),
        ("Montant TVA incl.", "amount"),
        ("Due Value", "amount"),
        # an amount word before the currency: the amount in that currency, unless a code word
        # says the column holds the currency's code
        ("Wartość waluta", "amount"),
        ("Betrag Währung", "amount"),
        ("Amount Currency Code", "currency"),
        ("Montant code devise", "currency"),
        # address lines of terse data dictionaries, a table alias with a digit
        ("drm_add1", "debtor.address.line1"),
        ("E1_VENCTO", "due_date"),
        ("lev_addr1", None),
        # the party a document goes to is the debtor; the address payments go to is the creditor's
        ("Bill To", "debtor.name"),
        ("Sold-to", "debtor.name"),
        # a first, last or middle name written with its initial; a table alias before a name
        ("FName", "debtor.first_name"),
        ("L_NAME", "debtor.last_name"),
        ("LName", "debtor.last_name"),
        ("MName", None),
        ("l.name", "debtor.name"),
        # an ordinary word is not three abbreviations ("pro" + "gr" + "am"); the company's own
        # currency; the date a document was cancelled or refunded
        ("Loyalty Program", None),
        ("Company Currency", None),
        ("Rounding Adjustment (Company Currency)", None),
        ("Cancelled at", None),
        ("Refunded date (UTC)", None),
        ("Stornodatum", None),
        # a term held inside a header that has no head of its own loses to a word beside it that
        # excludes its field: days, not a gross amount; a bank connection's validity, not a due date
        ("Kreditoren-Ziel 3 Brutto Tg.", None),
        ("Bankverb 6 Gültig bis", None),
        ("Blg", "reference"),
        ("Buchungswährung", "currency"),
        ("Nummer Fremdsystem", None),
        # "in tax": tax included (Axelor's "inTaxTotal"), not the tax; "ex tax" stays excluded
        ("inTaxTotal", "amount"),
        ("inTaxTotalRemaining", "amount"),
        ("amountInTax", "amount"),
        ("exTaxTotal", None),
        ("Remit To Address", None),
        # a column name cut at ten characters (dBase, IBM i) is the start of a term
        ("RAZON_SOCI", "debtor.company"),
        ("Importe pend", "amount"),
        ("Fecha venc", "due_date"),
        # an invoice's expiry is its due date (beside a card's or a tax exemption's, which are none)
        ("Invoice Expiration Date", "due_date"),
        # what is still owing on an invoice (onCourse's, Australian and New Zealand exports)
        ("Invoice Owing", "amount"),
        ("Owing", "amount"),
        ("expiration_date", "due_date"),
        # a term beside words that say nothing; a Brazilian invoice (nota) number
        ("Vencimiento real", "due_date"),
        ("NUMNOTA", "reference"),
        ("C_POSTAL", "debtor.address.postal_code"),
        # German, Portuguese and Italian data dictionaries
        ("OPRGNR", "reference"),
        ("KDLKZ", "debtor.address.country"),
        ("NUMTIT", "reference"),
        ("PTCODVAL", "currency"),
        # a three-letter abbreviation beside other words; alone it is left unread
        ("fch_doc", "issue_date"),
        ("sal_doc", "amount"),
        ("Val", None),
        ("Sal", None),
        # the name of a place is the place; a phone's country code and a copy recipient are parts
        ("country.name", "debtor.address.country"),
        ("pais.nome", "debtor.address.country"),
        # the name of an invoice's line, of a product, of a user is none of the debtor's (Odoo's import
        # columns); the partner's is
        ("invoice_line_ids/name", None),
        ("order_line/name", None),
        ("partner_id/name", "debtor.name"),
        # a hotel's bill number and a reservation's (order's) number: both references
        ("账单号", "reference"),
        ("订单号", "reference"),
        # a condominium's co-owner, a club's member owe its dues
        ("condomino_nome", "debtor.name"),
        ("nom_adherent", "debtor.name"),
        ("buyer_phone_cc", None),
        ("cc_email", None),
        ("CCON1TEL", "debtor.phone"),
        # the short words of other languages' vocabularies ("Sit", a status; Estonian "üle", over) are no
        # pieces of a longer name: "module" is no currency's "mod" and "üle", "transit" no "sit"
        ("payment_module", None),
        ("sldacl", "amount"),
        # where a shipment is loaded and where it goes are the goods' places, not the debtor's
        ("PaisCarga", None),
        ("CidadeDestino", None),
        ("fv_totalorigen", "amount"),
        # short words of their own after a prefix or before their owner
        ("uf_cliente", "debtor.address.region"),
        ("cel_cliente", "debtor.phone"),
        ("RAGSOC", "debtor.company"),
        ("C_ID_DEV", "currency"),
        ("Nombre Tercero", "debtor.name"),
        # a word that names the due date by itself; a "V" after a date word (vencimiento)
        ("VCTORI", "due_date"),
        ("Vencimiento original", "due_date"),
        ("Tipo scadenza", None),
        ("FechaV", "due_date"),
        # an address's extension is its second line, a phone's a part of it; a previous balance
        ("AddressExtension", "debtor.address.line2"),
        ("Phone Extension", None),
        ("SaldoAnterior", None),
        ("NoticeDate", None),
        # a numbered line of the recipient is a line of its address; "mail" beside a place is
        # the postal address
        ("Rechnungsempfänger Zeile 1", "debtor.address.line1"),
        ("Customer Line 2", "debtor.address.line2"),
        ("mail_country", "debtor.address.country"),
        ("mail_city", "debtor.address.city"),
        ("Mail", "debtor.email"),
        # what is still to be paid, whatever the verb: an open amount (and the payer is a party)
        ("À payer", "amount"),
        ("ToPay", "amount"),
        ("Amount to be paid", "amount"),
        ("Zu bezahlen", "amount"),
        ("Left to pay", "amount"),
        ("Date à payer", "due_date"),
        ("Payer", "debtor.name"),
        # an EDI element's segment and number before its name
        ("N102_Name", "debtor.name"),
        ("BIG02_InvoiceNumber", "reference"),
        # a known word is no typo of another term; a date word that says which date it is
        ("Dated On", "issue_date"),
        ("DATE_PAY_BEFORE", "due_date"),
        ("SumaKc", "amount"),
        # a type prefix of Hungarian notation says nothing of the field ("str" is no street)
        ("strCustomerName", "debtor.name"),
        ("strCity", "debtor.address.city"),
        # a phone-and-fax number is a phone, a "phone fax" the fax
        ("telephoneAndFaxNumber", "debtor.phone"),
        ("PHONE_FAX", None),
        # the type letter of an xBase or Hungarian-notation field, and its abbreviated words
        ("nImporte", "amount"),
        ("cNomCli", "debtor.name"),
        ("cDirCli", "debtor.address.line1"),
        ("cPobCli", "debtor.address.city"),
        ("dFecFac", "issue_date"),
        ("div_name", None),
        ("eMail", "debtor.email"),
        # the issue alone; a time of day is no date, beside a date word it is the date's time; an order's status
        ("Émission", "issue_date"),
        ("hora_emision", None),
        ("Fecha y hora de emisión", "issue_date"),
        ("Estado de la orden", None),
        # the principal of a debt is an amount owed; the principal address an address
        ("Principal", "amount"),
        ("Principal Overdue", "amount"),
        ("Principal Address", "debtor.address.line1"),
        ("Principal Paid", None),
        # a loan's instalment, written short: its amount is open, what was paid or waived of it is not
        ("inst_amt", "amount"),
        ("inst_paid_amt", None),
        ("Installment Paid Amount", None),
        ("inst_waived_amt", None),
        # the type letters of the Brazilian NF-e: a value, a text, a date and time
        ("vNF", "amount"),
        ("vICMS", None),
        ("xLgr", "debtor.address.line1"),
        ("dhEmi", "issue_date"),
        # an e-mail address, a postal address's city; a date of a ledger movement
        ("MailAddress", "debtor.email"),
        ("dtamovimento", None),
        ("dtavencimento", "due_date"),
        ("POWIAT", "debtor.address.region"),
        # Romanian
        ("Neplatit", "amount"),
        ("Data scadenta", "due_date"),
        ("Judet", "debtor.address.region"),
        ("Platit in valuta", None),
        # a reminder's number and time, a count of items
        ("dueReminderNumber", None),
        ("revision", None),
        ("issuedTime", "issue_date"),
        ("totalItems", None),
        # the whole name, family name first
        ("LastFirst", "debtor.name"),
        # "first" and "last" alone are the parts of a person's name
        ("First", "debtor.first_name"),
        ("Last", "debtor.last_name"),
        ("Last Payment", None),
        # a table prefix of one letter when the rest is whole words, of two letters otherwise
        ("DFECDOC", "issue_date"),
        # dates: due is never the issue date
        ("Document Due Date", "due_date"),
        ("Fecha vencimiento factura", "due_date"),
        ("Data emissione documento", "issue_date"),
        # "report" is a word, not "rep" (a salesperson) + "ort": the amount a report says is owed;
        # the date the report was run is not the invoice's
        ("report_owed_amount", "amount"),
        ("Report Date", None),
    ],
)
def test_unseen_combinations_land_on_their_field(header, field):
    assert mapped(header) == field


@pytest.mark.parametrize(
    "header",
    [
        "Invoice Amount excl. VAT", "Montant HT facture", "Nettobetrag Rechnung", "Importe neto factura",
        "Amount (Net)", "Line Total", "Unit Price", "Credit Limit Amount", "Discount Amount", "Shipping Amount",
        "Amount Paid to date", "Paid Value", "Betrag bezahlt", "Importe cobrado",
        "Delivery Address City", "Adresse livraison 1", "Ship To Name", "Lieferadresse Ort",
        "Salesperson Email", "SalesRep.Name", "Payment Date", "Posting Date Invoice", "Not yet due",
        "Customer Number", "Customer Reference", "Order Number", "Fax Number",
        # a previous balance, an item of the invoice, the creditor's own company in a template
        "Prev. Total balance", "Invoice Item Amount", "Company issuing the invoice", "Your Company's Address",
        "reversal_reference",
        # a balance before, a pro forma's number, a street address's box; the delivery of a name written together
        "balance_before", "document_proforma_number", "street_box", "OXDELCITY", "OXDELCOMPANY",
        # the part of a balance in one age bucket
        "Bal_31_60", "BalOver90", "Montant 0-30 jours", "Amount 90+",
        # a running total of the ledger is not one invoice's amount, nor is the statement's previous balance
        "Running Balance", "Solde progressif", "Laufender Saldo", "Saldo acumulado", "previous_balance",
        "amount_due_cumsum",
        # the biller's own address, the date of one line
        "LAW_FIRM_CITY", "Service Provider", "LINE_ITEM_DATE",
        # words of a language that only look like technical names cut into pieces ("de" + "cline":
        # cliente; "en" + "via" + "da"; "va" + "li" + "da" + "cion"; a change log's "Grund", the reason:
        # "gr" (gross) + "und"), and a count
        "Decline Reason", "Enviada", "Validacion", "Grund", "Number of Items",
        # the day a tax exemption or a card runs out (Zuora's accounts, a payment method's card): no due date
        "tax_exempt_expiration_date", "card_expiration_date",
        # the ledger account an invoice's line is booked to (onCourse's), no customer's account
        "Invoice line Account name",
        # a ledger account's name (CiviCRM's batch export), not the customer's
        "Credit Account Name", "Debit Account Name",
        # DATEV's currency key of the amount in the company's currency, not an amount; a forwarder's
        # customs charge, not the customer
        "WKZ Basis-Umsatz", "CUSTOMS", "Customs Duty",
        # an addition to the money, no second line of the address (ERPNext's sales invoice)
        "Additional Discount Amount", "Additional Discount Percentage",
        # what a school takes off its fees; what a subscriber or a student takes, not who: a college's
        # fees had been read from 'scholarship_amount', a telecom's subscribers named by 'plan_name'
        "scholarship_amount", "Concession Amount", "plan_name", "course_name", "scholarship_name", "package_name",
    ],
)
def test_excluding_words_keep_a_column_out(header):
    assert mapped(header) is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # what the customer withholds (India's tax deducted at source) is no debt: an equipment hirer's
        # ageing sheet had been imported at its 10% 'Deduction' column
        ("Deduction", None), ("Total Deductions", None), ("TDS Amount", None), ("Deduction Amount", None),
        # what is left once a deduction, a credit or a payment is taken off is what is owed
        ("Balance after TDS", "amount"), ("Saldo después de abonos", "amount"), ("Balance after payments", "amount"),
        # a total after discount is before tax, and an amount after tax the gross
        ("Total after discount", None), ("Amount After Tax", "amount"),
    ],
)
def test_a_deduction_is_no_debt_and_what_is_left_after_it_is(header, field):
    assert mapped(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # how many invoices a customer has (a late-payment model's feature, a summary's count) is no
        # invoice's number: 'num_past_invoices' had been offered for the reference, 'number of invoices' mapped
        ("num_past_invoices", None), ("number of invoices", None), ("num_invoices", None), ("nb_factures_impayees", None),
        # one invoice's number stays one
        ("Num Factura", "reference"), ("num_facture", "reference"), ("Numero facture", "reference"), ("Number", "reference"),
    ],
)
def test_a_count_of_invoices_is_no_invoice_number(header, field):
    assert mapped(header) == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # the day of a flight, a journey or an event billed: a travel agency's 'FlightDate' had read as
        # "fl" (fällig) + "ht", a due date, and 'Travel Date' as "tr" + "verval"
        ("FlightDate", None), ("Flight Date", None), ("Travel Date", None), ("Departure Date", None),
        ("Event Date", None), ("Fecha de viaje", None),
        # the dates of a payment stay theirs
        ("Due Date", "due_date"), ("Invoice Date", "issue_date"),
        # a language's code ("he", "en") is no country
        ("lang", None), ("Lang", None),
        # a person's identity document is no debt's number: a Saudi telecom's list had offered 'رقم الهوية'
        # (the national ID) for the reference
        ("Identity Number", None), ("Passport Number", None), ("National ID", None), ("رقم الهوية", None),
        # who owes an estate's charges: 'Resident Name' had read as "res" + "ident" (an identifier)
        ("Resident Name", "debtor.name"), ("Occupant Name", "debtor.name"), ("Resident Country", "debtor.address.country"),
        # goods returned ("Resi"), an Indian customer master's residence phone ('resi'): no remainder owed,
        # where it had read as "residuo" and its phone numbers been imported as amounts
        ("resi", None), ("Resi", None),
        # the cash a courier collects on delivery for a merchant, no debt of the file's owner (a bulk booking's)
        ("COD Amount", None), ("Cash on Delivery Amount", None),
    ],
)
def test_a_journey_s_or_an_event_s_date_is_no_due_date(header, field):
    assert mapped(header) == field


def test_a_season_is_kept_out_as_a_season_not_as_a_date_of_pieces_of_words():
    # an input-credit order's crop season ("2025B"), which had read as "se" + "as on" (a date)
    field, _, reason = header_field("season")
    assert field is None and "'season'" in reason and "date" not in reason


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # what is due, open or remaining "net" of credits and payments is owed; a net amount alone is
        # before tax, and a due date's word beside "net" says nothing owed ("BERECHNET")
        ("Net Amount Due", "amount"), ("Net Balance", "amount"), ("Saldo neto", "amount"),
        ("Montant net à payer", "amount"), ("Net Amount", None), ("Montant HT restant dû", None), ("BERECHNET", None),
    ],
)
def test_an_amount_owed_net_of_credits_is_no_amount_before_tax(header, field):
    assert mapped(header) == field


def test_the_open_balance_still_wins_over_the_total_and_a_bare_amount():
    from getbill_import.mapping.headers import match_header

    ranks = {h: match_header(h).rank for h in ("Remaining Invoice Amount", "Outstanding Invoice Value", "Invoice Value", "Value xyz")}
    assert ranks["Remaining Invoice Amount"] > ranks["Outstanding Invoice Value"] > ranks["Invoice Value"] > ranks["Value xyz"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # an opaque two-letter table prefix set aside when the rest reads with confidence
        ("RPDIVJ", "issue_date"),
        ("RPAAP", "amount"),
        ("RPCRCD", "currency"),
        # an abbreviation piece: the word it opens with most letters, words of one meaning alike
        ("CuryID", "currency"),
        ("RefNbr", "reference"),
        # technical names abbreviating French, German, Spanish, Italian words
        ("FECFAC", "issue_date"),
        ("RECHDAT", "issue_date"),
        ("FAELLDAT", "due_date"),
        ("OFFBETRAG", "amount"),
        ("IMPPEN", "amount"),
        ("IMPRESIDUO", "amount"),
        ("LIBCLI", "debtor.name"),
    ],
)
def test_opaque_technical_names_are_read_through_prefixes_and_abbreviations(header, field):
    assert mapped(header) == field


@pytest.mark.parametrize(
    "header",
    [
        # a generic word after an unknown prefix says too little ("created on"? "posted on"?)
        "ERDAT", "XXNO",
        # an amount in a currency with a modifier that excludes it
        "SettleAmountCur", "PaidAmountCur",
        # a prefix never turns a short rest into a field
        "RPCO", "NUMAC",
    ],
)
def test_an_opaque_prefix_or_a_currency_suffix_does_not_make_a_field(header):
    assert mapped(header) is None


def test_a_currency_identifier_is_still_the_currency():
    assert mapped("CURNCYID") == mapped("currency_id") == mapped("CuryID") == "currency"


#: headers of development systems read through the rules they taught: what each one must map to
#: (None: nothing at the mapped level)
READINGS = [
    ("Discount Due Date", None),  # a discount's date
    ("Skonto Fälligkeit", None),
    ("Date d'échéance escompte", None),
    ("Currency Rate", None),  # an exchange rate
    ("Exchange Rate Currency", None),
    ("Taux devise", None),
    ("Credit Balance", None),  # credits
    ("Open Credit Amount", None),
    ("Balance Adjustment Amount", None),
    ("Solde avoir", None),
    ("BillToContactId", None),  # ids of other records
    ("Bill Run Id", None),
    ("Invoice Batch Contact Id", None),
    ("AmountMST", "amount"),  # a bare head and a word that says nothing
    ("Amount (local)", "amount"),
    ("IDINVC", "reference"),  # an identifier beside the invoice word, before or after it
    ("InvoiceId", "reference"),
    ("Bill ID", "reference"),
    ("BusinessRelationName", "debtor.name"),
    ("Currency", "currency"),
    ("Due Date", "due_date"),
    ("created_at", None),  # a record's timestamp, not the invoice date
    ("createdAt", None),
    ("Invoice Created", "issue_date"),
    ("billed_at", "issue_date"),
    ("due_at", "due_date"),
    ("charge_date", None),  # when a payment is collected
    ("fx_amount", None),
    ("address_id", None),
    ("streetAndNumber", "debtor.address.line1"),  # the house number belongs to the street
    ("streetAdditional", "debtor.address.line2"),
    ("partner_id/street", "debtor.address.line1"),  # an owner's id says nothing of the street
    ("CFECHAVENCIMIENTO", "due_date"),  # one letter of a table before whole words
    ("CCODIGOPOSTAL", "debtor.address.postal_code"),
    ("CPRCSTNM", None),  # ...but not before abbreviations
    ("ParticipantNumber", None),  # some record's number
    ("Rechnung Nr", "reference"),
    ("_customer_ip_address", None),
    ("current_state", None),  # a status, not a region
    ("Billing State", "debtor.address.region"),
    ("t_docd", "issue_date"),  # four-letter names: a word and a letter for date, number, code
    ("t_dued", "due_date"),
    ("t_ninv", "reference"),
    ("t_ccur", "currency"),
    ("CTOTAL", "amount"),  # a longer name keeps its reading
    ("SecondReference", None),  # another reference than the invoice's
    ("cReference2", None),
    ("ext_inv_ref", None),
    ("Invoice Reference", "reference"),
    ("rest_curr", "amount"),  # what remains, in the document's currency
    ("cityCode", None),
    ("commercialName", "debtor.company"),
    ("apar_name", "debtor.name"),
    ("Contact Person", "debtor.name"),
    ("total_inc_tax", "amount"),
    ("InvoicingCustomerPostnumber", "debtor.address.postal_code"),
    ("invttl", "amount"),  # letters dropped: invoice total, client name, city name
    ("clnnme", "debtor.name"),
    ("ctynme", "debtor.address.city"),
    ("imp_scadenza", "amount"),  # the amount of an instalment
    ("dt_sca_pg", "due_date"),
    ("DUN_DT", None),  # the dunning date
    ("dt_registr_doc", None),  # when the document was registered
    ("recnum", None),  # a record number
    ("place", "debtor.address.city"),
    ("BUSINESS_UNIT", None),
    ("isCustomer", None),  # a yes/no field
    ("hasEmail", None),
    ("send_invoices_to_email", "debtor.email"),
    ("TransactionId", None),  # the id of a record of the billing, not the invoice number
    ("VoucherId", None),
    ("Invoice ID", "reference"),
    ("ExternalImportReference", None),
    ("additionalInformation", None),
    ("Débit en tenue de compte", "amount"),
    ("Banco: BIC/SWIFT", None),  # the bank's section, not a balance
    ("email_messages_count", None),  # a count, a prefix: parts of the thing, not the thing
    ("psu_phone_prefix", None),
    ("Name2", None),  # a second line of the name
    ("Name 1", "debtor.name"),
    ("display_number", "reference"),
    ("IVNUM", "reference"),  # "iv": the invoice
    ("IVDATE", "issue_date"),
    ("CCON1TEL", "debtor.phone"),
    ("billingAddressState", "debtor.address.region"),  # an address's state is its region
    ("amount_bc", "amount"),  # in the base currency
    ("opening_balance_at", None),  # when the balance was opened
    ("Totale Parziale", None),  # a part of the total
    ("sub_total_including_taxes_amount_cents", "amount"),
    ("Città (sped.)", None),  # the shipping city
    ("locale", None),
    ("custom_2", None),  # a custom field, not a customer
    ("Customer", "debtor.name"),
    ("Interest Outstanding", None),  # what is open of something else than the invoice
    ("Penalties Outstanding", None),
    ("Outstanding", "amount"),
    ("AddressAddition", "debtor.address.line2"),
    ("TotalGrossAmountBeforeTaxes", None),  # before tax in so many words, whatever "gross" says
    ("Gross Amount", "amount"),
    ("TaxCurrencyCode", None),  # the currency of the tax
    ("InstallmentAmount", "amount"),
    ("DataLimitePagamentoAnticipato", None),  # the early-payment (discount) date
    ("NumeroCivico", None),  # the house number alone
    ("Laenderkuerzel", "debtor.address.country"),
    ("Confirmacion", None),
    ("Date d'enregistrement", None),
    ("montantAPayer", "amount"),  # what is to be paid, not what was paid
    ("Montant payé", None),
    ("PayeeTradeParty/Name", None),  # the creditor's side
    ("prenomValideur2", None),  # the person who approves
    ("currency_symbol", None),  # "€", not a currency code
    ("promo_total", None),
    ("region_id", None),
    ("BuyerTradeParty/PostalTradeAddress/LineTwo", "debtor.address.line2"),
    ("line_two", "debtor.address.line2"),  # a numbered line alone is a line of the address
    ("Text2", None),
    ("CorporateCurrency", None),  # the currency of the company's own books
    ("baseCurrencyUomId", None),
    ("store_default_currency_code", None),
    ("Invoice Currency", "currency"),
    ("WebAddress", None),  # an address that is not a place
    ("last_ip_address", None),
    ("country_area", "debtor.address.region"),  # Saleor's and Google's name for a state
    ("address_admin_area_level_2", "debtor.address.region"),
    ("city_area", None),  # a part of the city
    ("address_sublocality", None),
    ("postalCodeExt", None),  # the extension of a ZIP code, not the code
    ("beleg_versandart", None),  # the document word qualifies the rest
    ("beleg_ansprechpartner", "debtor.name"),  # the customer's contact person
    ("contactPersonName", "debtor.name"),
    ("beleg_internebezeichnung", None),  # an internal name
    ("Vervaldatum", "due_date"),
    ("stateProvinceGeoId", "debtor.address.region"),  # a geo id holds the region's code
    ("countryGeoId", "debtor.address.country"),
    ("record_state", None),  # the state of the record
    ("sent_via", None),  # how the invoice was sent
    ("attnName", "debtor.name"),  # the person the invoice is addressed to
    ("isr_reference_number", None),  # the reference of a payment slip
    ("Payment Reference", None),
    ("NumSerieFacturaEmisor", "reference"),  # the issuer's numbering of the invoice
    ("FechaExpedicionFacturaEmisor", "issue_date"),
    ("InvoiceRoundingTotal", None),  # the rounding, not the total
    ("rounded_total", "amount"),
    ("InvoiceAmountType", None),
    ("ItemTotal", None),  # the lines' sum before anything is added
    ("date2", None),  # a second date beside the date
    ("OverdueCur", "amount"),  # what is overdue, in the document's currency
    ("aropen_curr_id", "currency"),
    ("cus_name", "debtor.name"),
    ("bal_meth", None),  # a balance method, not a balance
    ("curr_doc_type", None),  # a kind of currency, an index of one
    ("CurrencyNo", None),
    ("Invoice Currency Code", "currency"),
    ("InvcKey", None),  # a table's key
    ("CostCode", None),  # not a post code
    ("PostOffice", "debtor.address.city"),
    ("PostOfficeBoxText", None),
    ("Verfalldatum", "due_date"),
    ("home_number", "debtor.phone"),  # a person's numbers
    ("work_number", "debtor.phone"),
    ("numberWithPrefix", "reference"),  # the whole number, prefix included
    ("address3", None),
    ("thCompanyRate", None),  # the rate to the company's own currency
    ("BetragSW", "amount"),  # in the system's currency
    ("lead_source", None),
    ("Street number", None),  # the house number alone
    ("RA_StrasseNr", None),
    ("Street and Number", "debtor.address.line1"),  # both in one field
    ("Address OK", None),  # a yes/no flag
    ("email_verified", None),
    ("country_exchange_rate", None),
    ("recipient_signature", None),
    ("invoice_date_kind", None),
    ("middle", None),  # a word whole, not a table prefix before "DDLE"
    ("hidden", None),  # nor "hi" before "DDEN"
    ("STAT", None),  # a status, not a country (Czech) nor a city ("Stadt")
    ("TotalWithVat", "amount"),
    ("last_email_date", None),  # the date of an e-mail, not the e-mail
    ("NombreRazonEmisor", None),  # the issuer's name
    ("NumSerieFacturaEmisor", "reference"),  # the issuer's numbering of the invoice
    ("RefExterna", None),
    ("CURRAMOUNT", "amount"),
    ("InstallmentDate", "due_date"),
    ("customerNameExtra", None),
    ("Address Extra", "debtor.address.line2"),
    ("address_list", None),
    ("province_code", "debtor.address.region"),  # a region's code is the region ("CA", "BY")
    ("cityCode", None),  # a city's code is not its name
    ("surname_2", None),  # a second surname
    ("validationEmail", None),  # the approver's
    ("limitCurrency.code", None),
    ("priceAfterTax", "amount"),
    ("total_retention", None),  # a withholding
    ("transactionMaxNumber", None),
    ("PhysicalAddressStreet", "debtor.address.line1"),  # the customer's street address
    ("company_uid", None),
    ("recorded_at", None),  # when the record was written
    # a lender's placement: the holder's full name glued, an additional holder's and a guarantor's
    # names, the day the debt fell into arrears
    ("NOMBRECOMPLETO", "debtor.name"),
    ("ADICIONAL_NOMBRE", None),
    ("Additional Name", None),
    ("GARANTE_NOMBRE", None),
    ("Guarantor Name", None),
    ("Adicional", "debtor.address.line2"),
    ("INICIOMORA", "due_date"),
    ("Fecha de mora", "due_date"),
    ("Estado civil", None),  # a marital status
    # WinThor's bill number and the value paid on it; a payment on account
    ("DUPLIC", "reference"),
    ("VPAGO", None),
    ("Abono", None),
    # whole words, not cut into abbreviations of others: a property's address, a problem met
    ("property_address", "debtor.address.line1"),
    ("Any problem encountered", None),
    # an electricity bill's amount with its sales tax, an Australian total with its GST; a lease's end;
    # a lender's principal as often spelt; a meter's load factor (no address cut into abbreviations)
    ("bill_amount_with_sales_tax", "amount"),
    ("Total Inc GST", "amount"),
    ("Termination Date", None),
    ("Principle Outstanding", "amount"),
    ("load_factor", None),
    # a trade's job sheet: the job's name is no debtor, its additional costs no address line
    ("job_name", None),
    ("Additional Costs", None),
    # an auditor's confirmation: what the customer answered is no debtor
    ("confirm_response", None),
    ("Customer Response", None),
    # a Spanish portfolio's abbreviated due date ("fecha de vencimiento")
    ("fec_ven", "due_date"),
    # an Italian condominium's unpaid instalments (rate), no rate of exchange
    ("Rate scoperte", "amount"),
    # India's GST parts are taxes; the final amount is the invoice's total; the place of supply no city
    ("igst_amount", None),
    ("cgst_amount", None),
    ("final_amount", "amount"),
    ("place_of_supply", None),
    # a loan's overdue interest written short, the other items of its debt, a lender's provision, a
    # bond's expiry: none is the amount owed nor its due date
    ("INT. VENCIDO", None),
    ("OTROS RUBROS DEUDA", None),
    ("TOTAL PROVISION", None),
    ("FECHA VENC. FIANZA", None),
    ("Moneda de pago", None),
    # a rent guarantee's arrears list: what remains owed, the tenant; the guarantor is no debtor
    ("残債", "amount"),
    ("契約者氏名", "debtor.name"),
    ("保証人１氏名", None),
    # a cooperative's member number is its customer's, not the receipt's
    ("Member No.", None),
    # a known word's plural is that word, not the word cut short and an abbreviation ("factu" + "res":
    # residuo): the invoices' total paid is what was paid, their total the amount
    ("FACTURES_TOTAL_PAID", None),
    ("FACTURES_TOTAL", "amount"),
    # who owes a city's taxes, a school's fees; a person's name in Chinese and Korean
    ("Nome Contribuinte", "debtor.name"),
    ("Nombre alumno", "debtor.name"),
    ("姓名", "debtor.name"),
    ("이름", "debtor.name"),
    # a Chinese fee list's total beside its parts
    ("合计", "amount"),
    # a tax roll's property value beside the tax owed
    ("total_assessed_value", None),
]


@pytest.mark.parametrize(("header", "field"), READINGS, ids=[h for h, _ in READINGS])
def test_unseen_names_land_on_their_field_or_on_none(header, field):
    assert mapped(header) == field


def test_a_range_of_years_is_no_age_bucket():
    # a candidate amount to confirm, not a column kept out
    assert header_field("Amount 2023-2024")[0] == "amount"
    assert header_field("Amount 31-60")[0] is None


def test_a_known_word_is_no_typo_of_another_term():
    # a price is a candidate amount to confirm, not a typo of "pièce" (the invoice number)
    assert header_field("PRICE")[0] == "amount"
    assert header_field("revision")[0] is None
    assert header_field("FZIP")[0] == "debtor.address.postal_code"


@pytest.mark.parametrize(("header", "customer_number"), [
    ("CUSTOMER_NUMBER", True), ("acct_id", True), ("Kunden-Nr.", True), ("Numéro client", True), ("Account", True),
    ("GL Account", False), ("Order No", False), ("Invoice No", False), ("Customer", False),
    ("Bezeichnung SoBil-Sachverhalt", False),
])
def test_a_customers_number_is_read_from_the_words_of_its_header(header, customer_number):
    from getbill_import.mapping.headers import names_customer_number

    assert names_customer_number(header, str(bundled_mappings_dir())) is customer_number


def test_a_pivot_tables_sum_is_read_as_its_field_and_a_count_is_no_field():
    import polars as pl

    from getbill_import.fields import LINE
    from getbill_import.mapping import map_columns
    from getbill_import.mapping.headers import match_header

    assert mapped("Sum of Balance") == mapped("Somme de Solde") == mapped("Summe von Offener Betrag") == "amount"
    # the current bucket of an aged trial balance is no balance, with the pivot's sum or without
    assert mapped("Sum of atb_current") is None and mapped("atb_current") is None
    assert match_header("Count of Invoice").field == "ignore"
    assert match_header("Average of Days Overdue").field == "ignore"
    # a hospital's A/R by payer, from a pivot table: the balance, not the first bucket
    frame = pl.DataFrame({LINE: [2, 3], "Current Payor": ["Medicare", "Aetna"], "Sum of atb_current": ["100.00", "5.00"],
                          "Sum of atb_30": ["20.00", "0.00"], "Sum of atb_balance": ["120.00", "5.00"]})
    result = map_columns(frame)
    assert result.field_columns()["amount"] == "Sum of atb_balance"


def test_a_propertys_value_is_no_amount_even_to_confirm():
    """A tax roll's 'Market Value', 'Assessed Value' beside the tax owed: no amount, not even one
    offered to confirm (its words once read as a weak amount)."""
    assert header_field("Market Value")[0] is None
    assert header_field("Assessed Value")[0] is None


def test_a_card_statements_descriptor_is_set_aside():
    """Stripe's 'Statement Descriptor' is the merchant's own name on the card statement: set aside,
    never offered as the debtor's name by its values."""
    assert header_field("Statement Descriptor")[2] == "ignored: synonym 'statement descriptor' (en), other"


@pytest.mark.parametrize("header", ["payment_link", "Payment URL", "hosted_invoice_url", "invoiceUrl", "Lien de paiement", "Zahlungslink",
                                    "Enlace de pago", "Link do boleto"])
def test_a_web_link_is_said_to_be_one_not_an_amount_already_paid(header):
    """A reminder list's 'payment_link' (https://pay…) was set aside as 'amount already paid' by its
    word 'payment', which tells the user the file holds payments; and Stripe's 'hosted_invoice_url'
    was read as a weak reference. A link is set aside as what it is."""
    field, _, reason = header_field(header)
    assert field is None
    assert reason.startswith("ignored: synonym") and reason.endswith("a web link")
