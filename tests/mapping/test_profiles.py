"""Profiles: shipped ones applied when their headers are all present or when named; learned
mappings saved once and reused for files with the same headers."""

from datetime import date

import polars as pl
import pytest

from getbill_import.config import bundled_mappings_dir
from getbill_import.errors import MappingError
from getbill_import.fields import LINE
from getbill_import.mapping import headers_fingerprint, load_profiles, map_columns, save_profile
from getbill_import.mapping.normalize import normalize_header

BUNDLED = bundled_mappings_dir() / "profiles"


SAMPLE_VALUES = {
    "Partner/Mobile": ["06 12 34 56 78", "+32 470 12 34 56", "07 98 76 54 32"],
    "Montant à relancer": ["1 200,00", "35,50", "89,90"],
}


def table(headers: list[str], rows: int = 3) -> pl.DataFrame:
    """A table with these headers; realistic values where a header's values matter."""
    def values(header: str) -> list[str]:
        known = SAMPLE_VALUES.get(header)
        return [known[i % len(known)] for i in range(rows)] if known else [f"{header} {i}" for i in range(rows)]

    return pl.DataFrame({LINE: list(range(2, rows + 2)), **{h: values(h) for h in headers}})


def test_at_least_four_profiles_ship_each_with_name_description_headers_and_columns():
    profiles = load_profiles([BUNDLED])
    assert len(profiles) >= 4
    assert {"sage-100-relances", "pennylane-factures-clients", "xero-sales-invoices", "quickbooks-open-invoices", "odoo-account-move"} <= set(profiles)
    for profile in profiles.values():
        assert profile.description and profile.match_headers and profile.columns
        mapped = set(profile.columns.values())
        # a format without the customers' names (DATEV's booking batch) says where they are
        assert {"amount", "reference", "debtor.name"} <= mapped or "(--debtors)" in profile.description, profile.name


ODOO = ["Number", "Partner", "Partner/Email", "Invoice/Bill Date", "Due Date", "Company", "Total", "Amount Due", "Status"]


def test_a_profile_applies_by_itself_when_all_its_headers_are_present():
    result = map_columns(table(ODOO), profiles_dirs=[BUNDLED])
    assert result.profile == "odoo-account-move"
    company = next(c for c in result.columns if c.column == "Company")
    # automatic mapping would make "Company" the debtor's company; in Odoo it is the issuer
    assert (company.field, company.reason) == (None, "profile odoo-account-move: ignored")
    assert result.field_columns()["amount"] == "Amount Due"
    assert all(c.confidence == 1.0 for c in result.columns)


def test_a_profile_with_a_header_missing_is_not_applied_and_columns_it_lacks_are_mapped_automatically():
    result = map_columns(table(ODOO[:3] + ODOO[4:]), profiles_dirs=[BUNDLED])
    assert result.profile is None
    result = map_columns(table([*ODOO, "Partner/Mobile"]), profiles_dirs=[BUNDLED])
    mobile = next(c for c in result.columns if c.column == "Partner/Mobile")
    assert mobile.field == "debtor.phone" and not mobile.reason.startswith("profile")


M3 = ["ESCINO", "ESCUNO", "OKCUNM", "OKCUA1", "OKTOWN", "ESIVDT", "ESDUDT", "ESCUAM", "ESCUCD"]


def test_an_export_of_a_profiles_system_lacking_one_anchor_column_gets_the_profile_partly():
    # a custom selection of Infor M3's customer ledger, without the customer number
    headers = [h for h in M3 if h != "ESCUNO"]
    result = map_columns(table(headers), profiles_dirs=[BUNDLED])
    assert result.profile == "infor-m3-customer-ledger"
    assert result.field_columns()["amount"] == "ESCUAM" and result.field_columns()["debtor.name"] == "OKCUNM"
    due = next(c for c in result.columns if c.column == "ESDUDT")
    assert (due.field, due.status, due.confidence) == ("due_date", "mapped", 0.9)
    assert due.reason == "profile infor-m3-customer-ledger (partly: this export lacks its column 'ESCUNO')"
    assert any(n.endswith("it fits partly: this export lacks its column 'ESCUNO'.") for n in result.notices)
    # the whole table still gets the profile at full confidence
    whole = map_columns(table(M3), profiles_dirs=[BUNDLED])
    assert all(c.confidence == 1.0 for c in whole.columns if c.reason.startswith("profile"))


def test_a_profile_is_not_applied_partly_on_common_words_or_a_few_columns():
    # QuickBooks' anchors are words any export may hold ("Customer", "Due Date")
    generic = map_columns(table(["Transaction Type", "Num", "Customer", "Due Date", "Amount"]), profiles_dirs=[BUNDLED])
    assert generic.profile is None
    # two M3 anchors lacking, or M3 naming less than half of the file's columns
    assert map_columns(table(["ESCINO", "ESDUDT", "OKCUNM", "Montant"]), profiles_dirs=[BUNDLED]).profile is None
    few = ["ESCINO", "ESDUDT", "ESCUAM", "A", "B", "C", "D"]
    assert map_columns(table(few), profiles_dirs=[BUNDLED]).profile is None


def test_a_forced_profile_applies_and_an_unknown_one_lists_the_known():
    result = map_columns(table(["Num", "Customer", "Open Balance", "Amount"]), profile="quickbooks-open-invoices", profiles_dirs=[BUNDLED])
    assert result.profile == "quickbooks-open-invoices"
    assert result.field_columns() == {"reference": "Num", "debtor.name": "Customer", "amount": "Open Balance"}
    with pytest.raises(MappingError, match=r"Unknown mapping profile 'nope'\. Known profiles: .*sage-100-relances"):
        map_columns(table(["A"]), profile="nope", profiles_dirs=[BUNDLED])


def test_a_later_profiles_directory_wins_on_a_name_clash(tmp_path):
    (tmp_path / "mine.toml").write_text(
        'name = "sage-100-relances"\ndescription = "my Sage"\nmatch_headers = ["Pièce"]\n'
        '[columns]\n"Pièce" = "reference"\n"Tiers" = "debtor.name"\n"Restant" = "amount"\n',
        encoding="utf-8",
    )
    profiles = load_profiles([BUNDLED, tmp_path])
    assert profiles["sage-100-relances"].description == "my Sage"


def test_a_profile_naming_an_unknown_field_is_refused(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\n[columns]\n"X" = "debtor.age"\n', encoding="utf-8")
    with pytest.raises(MappingError, match=r"'debtor\.age', which is neither 'ignore' nor a field"):
        load_profiles([tmp_path])


def test_a_profile_header_line_must_be_a_line_number(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\nheader_line = "first"\n[columns]\n"X" = "amount"\n', encoding="utf-8")
    with pytest.raises(MappingError, match=r"header_line must be a line number .*not 'first'"):
        load_profiles([tmp_path])
    (tmp_path / "bad.toml").write_text('name = "ok"\nheader_line = 0\n[columns]\n"Column 1" = "amount"\n', encoding="utf-8")
    assert load_profiles([tmp_path])["ok"].header_line == 0


def test_a_saved_mapping_is_reused_for_the_same_headers_at_full_confidence(tmp_path):
    headers = ["Pièce", "Zorglub", "Tiers", "Montant à relancer"]
    first = map_columns(table(headers), learned_dir=tmp_path)
    statuses = {c.column: c.status for c in first.columns}
    assert statuses["Montant à relancer"] == "to_confirm"
    path = save_profile("acme", first, headers, tmp_path, today=date(2026, 11, 20))
    assert path == tmp_path / "acme.toml"

    again = map_columns(table(headers, rows=10), learned_dir=tmp_path)
    assert again.profile == "acme"
    assert again.fingerprint == first.fingerprint == headers_fingerprint(headers)
    assert {c.column: (c.field, c.status) for c in again.columns} == {
        "Pièce": ("reference", "mapped"),
        "Zorglub": (None, "unmapped"),
        "Tiers": ("debtor.name", "mapped"),
        "Montant à relancer": ("amount", "mapped"),
    }
    assert all(c.confidence == 1.0 for c in again.columns)
    assert again.columns[0].reason == "learned mapping of 2026-11-20 ('acme')"


def test_a_learned_mapping_is_not_used_for_other_headers_but_can_be_named(tmp_path):
    headers = ["Pièce", "Tiers", "Solde"]
    save_profile("acme", map_columns(table(headers)), headers, tmp_path, today=date(2026, 11, 20))
    other = map_columns(table(["Tiers", "Pièce", "Solde"]), learned_dir=tmp_path)
    assert other.profile is None
    forced = map_columns(table(["Tiers", "Pièce", "Solde"]), profile="acme", learned_dir=tmp_path)
    assert forced.profile == "acme"


def test_duplicate_headers_keep_their_own_fields_in_a_learned_mapping(tmp_path):
    headers = ["Montant", "Montant (2)", "Référence"]
    frame = table(headers)
    first = map_columns(frame)
    save_profile("dup", first, headers, tmp_path, today=date(2026, 11, 20))
    again = map_columns(frame, learned_dir=tmp_path)
    assert [(c.column, c.field) for c in again.columns] == [(c.column, c.field) for c in first.columns]
    # and it is the learned mapping that gave them, not the automatic one again
    assert again.profile == "dup"
    assert [c.reason for c in again.columns if c.field] == ["learned mapping of 2026-11-20 ('dup')"] * len(
        [c for c in first.columns if c.field]
    )
    assert all(c.confidence == 1.0 for c in again.columns)


def test_a_profiles_row_rules_are_read_and_a_wrong_one_is_refused(tmp_path):
    fec = load_profiles([BUNDLED])["fec-ecritures"]
    assert {r.column: (r.kind, r.values) for r in fec.rows} == {
        "compte numero": ("starts_with", ("411", "416")), "comp numero": ("filled", ()), "debit": ("nonzero", ()),
        "ecriture let": ("blank", ()),
    }
    assert fec.fallbacks == {normalize_header("CompAuxLib"): ("compte lib", "ecriture lib")}
    sides = load_profiles([BUNDLED])["fec-ecritures-montant-sens"]
    assert ("sens", "one_of", ("D", "+1", "1")) in {(r.column, r.kind, r.values) for r in sides.rows}
    (tmp_path / "fallbacks.toml").write_text(
        'name = "bad"\nmatch_headers = ["A"]\n[columns]\n"A" = "amount"\n[fallbacks]\n"A" = "B"\n', encoding="utf-8"
    )
    with pytest.raises(MappingError, match=r"\[fallbacks\] must give each column a list"):
        load_profiles([tmp_path])
    (tmp_path / "fallbacks.toml").unlink()
    (tmp_path / "bad.toml").write_text(
        'name = "bad"\nmatch_headers = ["A"]\n[columns]\n"A" = "amount"\n[rows]\n"A" = "positive"\n', encoding="utf-8"
    )
    with pytest.raises(MappingError, match="the row rule of 'A' is 'positive'"):
        load_profiles([tmp_path])


@pytest.mark.parametrize(
    ("ledger", "error"),
    [
        ('side = "S/H"\ndebit = ["S"]\naccount = "Konto"\ncounter_account = "Gegenkonto"\ncustomer_accounts = []', "\\[ledger\\] must give"),
        ('side = "S/H"\ndebit = ["S"]\naccount = "Konto"\ncustomer_accounts = ["1"]', "\\[ledger\\] must give"),
        ('side = "S/H"\ndebit = ["S"]\naccount = "Konto"\ncounter_account = "G"\ncustomer_accounts = ["1"]\nlongest = true', "\\[ledger\\] must give"),
    ],
)
def test_a_profiles_ledger_is_read_and_a_wrong_one_is_refused(tmp_path, ledger, error):
    datev = load_profiles([BUNDLED])["datev-buchungsstapel"]
    assert datev.file_format == "datev-extf" and datev.ledger is not None and datev.closed
    assert (datev.ledger.side, datev.ledger.debit, datev.ledger.account, datev.ledger.customer_prefixes, datev.ledger.longest) == (
        "soll haben kennzeichen", ("s",), "konto", ("1", "2", "3", "4", "5", "6"), True,
    )
    (tmp_path / "bad.toml").write_text(
        f'name = "bad"\nmatch_headers = ["A"]\n[columns]\n"A" = "amount"\n[ledger]\n{ledger}\n', encoding="utf-8"
    )
    with pytest.raises(MappingError, match=error):
        load_profiles([tmp_path])
    (tmp_path / "bad.toml").write_text('name = "bad"\nformat = "sap-idoc"\n[columns]\n"A" = "amount"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="format must be one of datev-extf, not 'sap-idoc'"):
        load_profiles([tmp_path])
    (tmp_path / "bad.toml").write_text('name = "bad"\nclosed = "yes"\n[columns]\n"A" = "amount"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="closed must be true or false, not 'yes'"):
        load_profiles([tmp_path])


def test_a_profile_name_must_have_usable_characters(tmp_path):
    with pytest.raises(MappingError, match="cannot name a profile"):
        save_profile("///", map_columns(table(["A"])), ["A"], tmp_path)
    assert save_profile("Mon export Sage!", map_columns(table(["A"])), ["A"], tmp_path).name == "Mon-export-Sage.toml"


#: the standard open-item exports of ERPs whose technical names the header reading alone does not
#: know, each researched from the system's public documentation (sources in the profile files)
ERP_EXPORTS = [
    (
        "sage-x3-open-items",
        ["NUM_0", "BPR_0", "DUDDAT_0", "AMTCUR_0", "PAYCUR_0", "CUR_0", "BPCNAM_0", "BPAADDLIG_0", "BPAADDLIG_1", "POSCOD_0", "CTY_0"],
        {"reference": "NUM_0", "due_date": "DUDDAT_0", "amount": "AMTCUR_0", "currency": "CUR_0", "debtor.name": "BPCNAM_0",
         "debtor.address.line1": "BPAADDLIG_0", "debtor.address.line2": "BPAADDLIG_1", "debtor.address.city": "CTY_0"},
    ),
    (
        "infor-m3-customer-ledger",
        ["ESCONO", "ESDIVI", "ESCINO", "ESCUNO", "ESIVDT", "ESDUDT", "ESCUAM", "ESCUCD", "OKCUNM", "OKCUA1", "OKPONO", "OKTOWN"],
        {"reference": "ESCINO", "issue_date": "ESIVDT", "due_date": "ESDUDT", "amount": "ESCUAM", "currency": "ESCUCD",
         "debtor.name": "OKCUNM", "debtor.address.line1": "OKCUA1", "debtor.address.postal_code": "OKPONO"},
    ),
    (
        "cegid-ecritures-tiers",
        ["E_NUMEROPIECE", "E_AUXILIAIRE", "E_DATECOMPTABLE", "E_DATEECHEANCE", "E_DEBIT", "E_DEBITDEV", "E_DEVISE", "T_LIBELLE", "T_VILLE"],
        {"reference": "E_NUMEROPIECE", "due_date": "E_DATEECHEANCE", "amount": "E_DEBITDEV", "currency": "E_DEVISE",
         "debtor.name": "T_LIBELLE", "debtor.address.city": "T_VILLE"},
    ),
    (
        "twinfield-open-transactions",
        ["fin.trs.head.date", "fin.trs.line.dim2", "fin.trs.line.dim2name", "fin.trs.line.invnumber", "fin.trs.line.datedue",
         "fin.trs.line.valuesigned", "fin.trs.line.openvaluesigned", "fin.trs.head.curcode"],
        {"reference": "fin.trs.line.invnumber", "due_date": "fin.trs.line.datedue", "amount": "fin.trs.line.openvaluesigned",
         "debtor.name": "fin.trs.line.dim2name", "currency": "fin.trs.head.curcode", "issue_date": "fin.trs.head.date"},
    ),
    (
        "business-central-customer-ledger",
        ["Posting Date", "Document Type", "Document No.", "Customer No.", "Customer Name", "Due Date", "Original Amount",
         "Remaining Amount", "Currency Code", "External Document No.", "Open"],
        {"reference": "Document No.", "due_date": "Due Date", "amount": "Remaining Amount", "debtor.name": "Customer Name",
         "currency": "Currency Code"},
    ),
    (
        "tally-bills-receivable",
        ["Date", "Ref. No.", "Party's Name", "Opening Amount", "Pending Amount", "Due on", "Overdue by days"],
        {"reference": "Ref. No.", "debtor.name": "Party's Name", "amount": "Pending Amount", "due_date": "Due on", "issue_date": "Date"},
    ),
    (
        "totvs-protheus-contas-a-receber",
        ["E1_PREFIXO", "E1_NUM", "E1_PARCELA", "E1_CLIENTE", "E1_NOMCLI", "E1_EMISSAO", "E1_VENCTO", "E1_VENCREA", "E1_VALOR",
         "E1_SALDO", "E1_MOEDA", "A1_NOME", "A1_END", "A1_MUN", "A1_EST", "A1_CEP"],
        {"reference": "E1_NUM", "issue_date": "E1_EMISSAO", "due_date": "E1_VENCREA", "amount": "E1_SALDO", "debtor.name": "A1_NOME",
         "debtor.address.city": "A1_MUN", "debtor.address.region": "A1_EST", "debtor.address.postal_code": "A1_CEP", "currency": None},
    ),
    (
        "kingdee-ar-receivable",
        ["FBILLNO", "FDATE", "FENDDATE", "FCUSTOMERID", "FCURRENCYID", "FALLAMOUNTFOR", "FWRITTENOFFAMOUNTFOR",
         "FNOTWRITTENOFFAMOUNTFOR", "FNOTWRITTENOFFAMOUNT", "FName", "FADDRESS", "FCITY"],
        {"reference": "FBILLNO", "issue_date": "FDATE", "due_date": "FENDDATE", "amount": "FNOTWRITTENOFFAMOUNTFOR",
         "debtor.name": "FName", "debtor.address.line1": "FADDRESS", "currency": None},
    ),
    (
        "sankhya-financeiro",
        ["NUFIN", "NUMNOTA", "DTNEG", "DTVENC", "CODPARC", "VLRDESDOB", "RECDESP", "DHBAIXA", "NOMEPARC", "RAZAOSOCIAL", "NOMECID", "UF"],
        {"reference": "NUMNOTA", "issue_date": "DTNEG", "due_date": "DTVENC", "amount": "VLRDESDOB", "debtor.name": "NOMEPARC",
         "debtor.company": "RAZAOSOCIAL", "debtor.address.city": "NOMECID", "debtor.address.region": "UF"},
    ),
    (
        "senior-titulos-a-receber",
        ["NUMTIT", "CODCLI", "DATEMI", "VCTORI", "VLRABE", "VLRORI", "ULTPGT", "NOMCLI", "INTNET", "FONCLI", "ENDCLI", "CIDCLI",
         "SIGUFS", "CEPCLI"],
        {"reference": "NUMTIT", "issue_date": "DATEMI", "due_date": "VCTORI", "amount": "VLRABE", "debtor.name": "NOMCLI",
         "debtor.email": "INTNET", "debtor.phone": "FONCLI", "debtor.address.city": "CIDCLI", "debtor.address.postal_code": "CEPCLI"},
    ),
    (
        "softm-offene-posten",
        ["OPRGNR", "OPKTO", "OPDTBL", "OPDTFL", "OPOPBT", "OPOPWB", "OPWSL", "OPRGBT", "OPMSTU", "KDNAME", "KDSTR", "KDPLZ", "KDORT", "KDLKZ"],
        {"reference": "OPRGNR", "issue_date": "OPDTBL", "due_date": "OPDTFL", "amount": "OPOPBT", "debtor.name": "KDNAME",
         "debtor.address.line1": "KDSTR", "debtor.address.postal_code": "KDPLZ", "debtor.address.city": "KDORT",
         "debtor.address.country": None, "currency": None},
    ),
    (
        "shopify-orders",
        ["Name", "Email", "Financial Status", "Paid at", "Currency", "Subtotal", "Total", "Created at", "Lineitem name",
         "Billing Name", "Billing Street", "Billing Address1", "Billing City", "Billing Zip", "Billing Phone", "Shipping Name",
         "Cancelled at", "Outstanding Balance", "Id", "Phone"],
        {"reference": "Name", "debtor.email": "Email", "amount": "Outstanding Balance", "issue_date": "Created at",
         "debtor.name": "Billing Name", "debtor.address.line1": "Billing Address1", "debtor.phone": "Billing Phone"},
    ),
    (
        "erpnext-sales-invoice",
        ["ID", "Series", "Company", "Date", "Currency", "Grand Total", "Debit To", "Customer", "Customer Name", "Payment Due Date",
         "Rounded Total", "Outstanding Amount", "Territory", "Named Place", "Company Address Name", "Loyalty Program"],
        {"reference": "ID", "issue_date": "Date", "currency": "Currency", "debtor.name": "Customer Name",
         "due_date": "Payment Due Date", "amount": "Outstanding Amount", "debtor.company": None, "debtor.address.region": None,
         "debtor.address.city": None},
    ),
    (
        "odoo-customer-invoices-list",
        ["Number", "Invoice Partner Display Name", "Invoice/Bill Date", "Due Date", "Activities", "Company",
         "Untaxed Amount Signed", "Total Signed", "Total in Currency Signed", "Company Currency", "Payment Status", "Status"],
        {"reference": "Number", "debtor.name": "Invoice Partner Display Name", "amount": "Total Signed",
         "currency": "Company Currency", "debtor.company": None},
    ),
]


def test_of_two_columns_for_one_field_the_one_the_profile_lists_first_wins():
    """Shopify's "Outstanding Balance" is listed before "Total", though the export writes it after."""
    shopify = ["Name", "Financial Status", "Lineitem name", "Billing Name", "Created at", "Total", "Outstanding Balance"]
    result = map_columns(table(shopify), profiles_dirs=[BUNDLED])
    total = next(c for c in result.columns if c.column == "Total")
    assert result.field_columns()["amount"] == "Outstanding Balance"
    assert total.reason == "profile shopify-orders: amount is already 'Outstanding Balance'"
    # an older export without the open balance: its total
    older = map_columns(table([h for h in shopify if h != "Outstanding Balance"]), profiles_dirs=[BUNDLED])
    assert older.field_columns()["amount"] == "Total"


@pytest.mark.parametrize(("name", "headers", "expected"), ERP_EXPORTS, ids=[e[0] for e in ERP_EXPORTS])
def test_an_erp_open_items_export_is_mapped_by_its_profile(name, headers, expected):
    result = map_columns(table(headers), profiles_dirs=[BUNDLED])
    assert result.profile == name
    fields = result.field_columns()
    assert {f: fields.get(f) for f in expected} == expected
    # the columns a collection must not take: paid, posting, the customer's code, the local-currency debit
    taken = set(fields.values())
    assert not taken & {"PAYCUR_0", "ESCUNO", "E_DEBIT", "E_DATECOMPTABLE", "fin.trs.line.valuesigned", "Opening Amount",
                        "Original Amount", "External Document No.", "Open", "Posting Date", "Customer No.",
                        # a currency slot, an internal id, a paid or written-off amount, a vehicle mark
                        "E1_MOEDA", "E1_VALOR", "FCURRENCYID", "FWRITTENOFFAMOUNTFOR", "DHBAIXA", "RECDESP", "KDLKZ", "OPRGBT", "VLRORI", "ULTPGT"}
