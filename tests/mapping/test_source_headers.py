"""Header accuracy on an independent table of real headers from many export sources.

``tests/cases/headers_sources.csv`` lists headers of real exports, report layouts, import templates
and table or API fields of ERPs and accounting tools, gathered from their public documentation,
each with the field a person would choose (or "ignore"), its system, its language and where it
comes from. It is independent of ``headers.csv`` (which the vocabulary was first written from).

The table is split by system with a fixed rule: a system whose name's SHA-256, read as a number,
is a multiple of 3 belongs to the *evaluation* part; the others to the *development* part. The
vocabulary and the composition rules (``mappings/``) are written from the development part
only; the evaluation part measures how matching generalises to systems it was not written for.

A header counts as right when its expected field comes back at the "mapped" level (score ≥ 0.80),
or, for "ignore", when no field comes back at that level. *Must-map* headers are those whose
expected target is a field.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from getbill_import.config import DEFAULT_MAPPED_THRESHOLD
from getbill_import.fields import MAPPING_TARGETS
from getbill_import.mapping import header_field

TABLE = Path(__file__).resolve().parent.parent / "cases" / "headers_sources.csv"


def is_evaluation(system: str) -> bool:
    return int(hashlib.sha256(system.encode("utf-8")).hexdigest(), 16) % 3 == 0


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _misses(rows: list[dict[str, str]]) -> list[str]:
    out = []
    for row in rows:
        field, score, reason = header_field(row["header"])
        expected = row["expected"]
        if expected == "ignore":
            right = field is None or score < DEFAULT_MAPPED_THRESHOLD
        else:
            right = field == expected and score >= DEFAULT_MAPPED_THRESHOLD
        if not right:
            out.append(f"{row['header']!r} ({row['system']}): expected {expected}, got {field} {score} — {reason}")
    return out


def _report(label: str, rows: list[dict[str, str]]) -> float:
    misses = _misses(rows)
    accuracy = 1 - len(misses) / len(rows)
    print(f"\n{label}: {accuracy:.1%} of {len(rows)} headers ({len(misses)} misses)")
    for miss in misses:
        print("  miss:", miss)
    return accuracy


def test_every_row_names_a_known_target_a_system_a_language_and_where_it_comes_from():
    rows = _rows()
    assert {r["expected"] for r in rows} <= {*MAPPING_TARGETS, "ignore"}
    assert all(r["header"].strip() and r["system"] and r["language"] and r["source"] for r in rows)
    keys = [(r["system"], r["header"]) for r in rows]
    assert len(keys) == len(set(keys)), "a header is listed twice for one system"
    assert {r["language"] for r in rows} >= {"fr", "en", "de", "es", "it", "technical"}


def test_the_development_part_maps_at_least_98_percent_right():
    rows = [r for r in _rows() if not is_evaluation(r["system"])]
    assert _report("development part", rows) >= 0.98


def test_the_table_holds_at_least_800_headers_from_at_least_60_systems_a_third_of_them_held_out():
    rows = _rows()
    systems = {r["system"] for r in rows}
    held_out = {s for s in systems if is_evaluation(s)}
    assert len(rows) >= 800
    assert len(systems) >= 60
    assert 0.25 <= len(held_out) / len(systems) <= 0.40


def test_the_evaluation_part_generalises():
    """Held-out systems: every header, and the must-map ones alone. The floors are the figures
    measured after the round that learned from ``headers_dev2.csv`` and the later tables (first
    477 of 522 and 293 of 328 must-map; at the end of the round 478 and 294, the "iv" of
    ``headers_fresh5.csv`` reading Infor M3's ``ESIVDT``; the round before: 475 and 293; the
    round that added the Nordic and Portuguese words and five more held-out tables: 481 and 297,
    Cegid's ``E_DEBITDEV`` read as an amount in the currency, Fatture in Cloud's "Da saldare" as
    an open balance, Twinfield's ``fin.trs.line.dim2name`` as the name of the line's account),
    rounded down: below the 95% goal for must-map headers, mostly on
    opaque technical abbreviations (Infor M3, Sage X3) and Twinfield's qualified names."""
    rows = [r for r in _rows() if is_evaluation(r["system"])]
    must_map = [r for r in rows if r["expected"] != "ignore"]
    assert _report("evaluation part", rows) >= 0.921
    assert _report("evaluation part, must-map headers", must_map) >= 0.905


def test_the_whole_table_maps_at_least_96_percent_right():
    # measured 1315 of 1356 (97.0%), below the 98% goal
    assert _report("whole table", _rows()) >= 0.969


#: later held-out tables, each gathered and measured once after the vocabulary and the rules of its
#: time were frozen; the floors are at least the figures of that single measurement (all headers,
#: must-map headers). ``headers_fresh.csv`` (17 systems) was measured before the reading of
#: abbreviated technical names was added; ``headers_fresh2.csv`` (10 systems) after. Once measured,
#: a table is development material for the rounds that follow (its misses may be looked at; its
#: floor stays a regression floor, raised to what is measured): ``headers_fresh.csv`` and
#: ``headers_fresh2.csv`` are, since the round that read opaque table prefixes and abbreviations in
#: five languages. ``headers_fresh3.csv`` (10 systems, 216 headers from API and schema documentation)
#: was gathered and measured once after that round's rules were frozen: 90.3% of all headers,
#: 97.8% of the must-map ones; it was development material for the round that followed (raised to
#: 96.3%). ``headers_fresh4.csv`` (11 systems, 237 headers: API and table fields, and exports in
#: French, German and Italian) was gathered while that round's rules were written, without being
#: looked at, and measured once after they were frozen: 90.7% of all headers (215), 91.0% of the
#: must-map ones (131 of 144); its "ragione_sociale" was then labelled ``debtor.company`` like every
#: other company name, and it became development material for the rounds that follow.
#: ``headers_fresh5.csv`` (8 systems, 195 headers, 76 of them must-map: Spanish import templates,
#: German table columns, API and database fields) was gathered the same way while the next rules
#: were written from ``headers_dev2.csv`` and ``headers_fresh4.csv``, and measured once after they
#: were frozen: 87.2% of all headers (170), 85.5% of the must-map ones (65 of 76). Part of its
#: labels follow what a column holds in its system rather than what its header says ("CUSTNAME",
#: a code; "Adresse", an address number), which no reading of the header alone can find.
#: ``headers_fresh6.csv`` (7 systems, 189 headers, 55 must-map: GnuCash, Axelor, ChargeOver, Moqui
#: and Abacus schemas and APIs, Sage 50 Canada's customer format, Fineract's loan reports) was
#: gathered the same way while the rules were written from ``headers_fresh5.csv`` and more
#: development systems, and measured once after they were frozen: 85.2% of all headers (161),
#: 85.5% of the must-map ones (47 of 55). ``headers_fresh7.csv`` (7 systems, 206 headers, 69 must-map:
#: the Chorus Pro and ZUGFeRD e-invoice fields, Hiveage, SugarCRM, and the Medusa, Vendure and Spree
#: order models) was gathered the same way while the rules were written from ``headers_fresh6.csv``
#: and the e-invoice formats of ``headers_dev2.csv``, and measured once after they were frozen: 93.2%
#: of all headers (192), 92.8% of the must-map ones (64 of 69). ``headers_fresh8.csv`` (8 systems,
#: 184 headers, 64 must-map: Monkey Office, Uniconta and Banana exports, an Arca Evolution query, the
#: NAV Online Számla, SAF-T (PT) and SII invoice records, hledger's CSV reports) was gathered the same
#: way while the rules were written from sixteen more development systems, and measured once after
#: they were frozen: 90.2% of all headers (166), 85.9% of the must-map ones (55 of 64).
#: ``headers_fresh9.csv`` (7 systems, 209 headers, 86 must-map: Proffix's and Housecall Pro's APIs,
#: Visma Business's import fields, Plentymarkets' and Linnworks' models, Exchequer's toolkit, the
#: Made2Manage invoice table) was gathered the same way while the rules were written from the
#: eighth table and seven systems' database columns, and measured once after they were frozen at
#: 2f3b058: 84.2% of all headers (176), 76.7% of the must-map ones (66 of 86).
#: ``headers_fresh10.csv`` (7 systems, 200 headers, 85 must-map: Subiekt GT's and Comarch Optima's
#: Polish columns, ABRA Flexi's and iDoklad's Czech ones, Számlázz.hu's Hungarian ones, Keap and
#: Insightly) was gathered the same way and measured once with the rules frozen at d8ff59f: 70.5%
#: of all headers (141), 37.6% of the must-map ones (32 of 85): the vocabulary held none of those
#: three languages. The core accounts-receivable words of Polish, Czech and Slovak, Hungarian and
#: Dutch were written after that measurement (``mappings/synonyms/{pl,cs,hu,nl}.toml``).
#: ``headers_fresh11.csv`` (7 systems, 186 headers, 83 must-map: the APIs of Karbon, Octopus, Wix,
#: Copper, Salesflare, Billtrust and HoneyBook; three of them hold contact data only) was gathered
#: the same way and measured once with the rules frozen at 071e699: 96.8% of all headers (180),
#: 98.8% of the must-map ones (82 of 83). ``headers_fresh12.csv`` (7 systems, 172 headers, 69
#: must-map: the APIs of Symfonia, Tradify, Norman, Kontist, GetMyInvoices and Factorial, Invoicely's
#: exports) was gathered the same way and measured once with the rules frozen at 5c43b70: 93.6% of
#: all headers (161), 91.3% of the must-map ones (63 of 69). ``headers_fresh13.csv`` (7 systems,
#: 219 headers, 118 must-map: the TOTVS Protheus receivables and customer dictionary, the Omie,
#: Xubio and SalesKing APIs, OpenConcerto's and Invoicex's columns, CGM MAXX's invoice list) was
#: gathered the same way and measured once with the rules frozen at f1cc243: 89.0% of all headers
#: (195), 84.7% of the must-map ones (100 of 118); at 7258872, before the Swedish, Danish,
#: Norwegian, Finnish and Portuguese words were written, it would have read 85.4% and 77.1%.
#: ``headers_fresh14.csv`` (7 systems, 216 headers, 108 must-map: the receivables tables of Kingdee,
#: Sankhya Om, Tango Gestión and Exact Globe Next, NOALYSS's exports, Clio's API, hitobito's invoice
#: list) was gathered the same way and measured once with the rules frozen at 57e0452: 79.6% of all
#: headers (172), 70.4% of the must-map ones (76 of 108); four of its systems name their columns
#: by terse database codes ("DTVENC", "FNOTWRITTENOFFAMOUNT", "IMPORTE_VT", "bkstnr").
#: ``headers_fresh15.csv`` (7 systems, 214 headers, 108 must-map: FOSSBilling's invoice table, the
#: CASHCTRL, Bling and Facturapi APIs, Novasoft's receivables views, Mamut One's open-invoice export,
#: Maestro's customer form) was gathered the same way and measured once with the rules frozen at
#: 332814e: 82.7% of all headers (177), 81.5% of the must-map ones (88 of 108); Novasoft's abbreviated
#: Spanish columns ("fch_doc", "sal_doc", "di1_cli") read 5 of 20. ``headers_fresh16.csv`` (7
#: systems, 233 headers, 80 must-map: Blesta's aging report, RZL's reporting fields, HELIUM V's
#: partner import, the Facturama, Jortt, Paraşüt and Contífico APIs) was gathered the same way and
#: measured once with the rules frozen at 6808a8f: 91.8% of all headers (214), 93.8% of the
#: must-map ones (75 of 80). ``headers_fresh17.csv`` (7 systems, 196 headers, 101 must-map: the Logo
#: Tiger and Primavera ERP data dictionaries, Stoq's and Ekylibre's schemas, Simple Invoices' aging
#: reports, Vindicia's aging report, OpenPay's import template) was gathered the same way and
#: measured once with the rules frozen at 803d6ac: 84.7% of all headers (166), 81.2% of the
#: must-map ones (82 of 101); its Primavera ERP was also in the development table a round before
#: (31 headers of the same tables, left out of it since; no rule was written from their misses;
#: without that system: 84.8% and 81.4%). At 7258872 it would have read 166 and 81.
#: ``headers_fresh18.csv`` (6 systems, 197 headers, 81 must-map: the WeFact, Asaas, Conta Azul,
#: SmartBill and Green Invoice APIs, Gestimum's receivables table) was gathered the same way and
#: measured once with the rules frozen at 2108035: 83.2% of all headers (164), 85.2% of the must-map
#: ones (69 of 81); Gestimum's abbreviated French columns ("ECH_ARECEV", "PCF_RS") read 6 of 13.
#: ``headers_fresh19.csv`` (3 systems, 107 headers, 42 must-map: YetiForce CRM's invoice tables,
#: o-Negocios' receivables and customer tables, X2CRM's invoice and account fields; its gathering
#: ran out of searches) was measured once with the rules frozen at ebcd5aa: 83.2% of all headers
#: (89), 71.4% of the must-map ones (30 of 42); YetiForce names its address by position
#: ("addresslevel5a": the city).
#: ``headers_fresh20.csv`` (3 systems, 95 headers, 30 must-map: OpenEMR's collections report, the
#: LEDES 1998B legal e-billing fields, Helios Orange's customer and invoice views) holds the systems
#: of the evaluation part from two gatherings of fourteen systems (the eleven others went to the
#: development table, below). Each gathering was measured once with the rules frozen: OpenEMR and
#: LEDES at ab15093 (24 of 25, 31 of 35), Helios Orange at 913d651 (28 of 35, 9 of 14 must-map):
#: 87.4% of all headers (83), 83.3% of the must-map ones (25 of 30).
#: ``headers_fresh21.csv`` (7 systems, 243 headers, 94 must-map: Oblio's invoice API, the
#: ebInterface, Chilean DTE and Brazilian NF-e e-invoice schemas, the FlowAccount, Minimax and Kledo
#: APIs) was gathered the same way and measured once with the rules frozen at db3feab: 83.5% of all
#: headers (203), 81.9% of the must-map ones (77 of 94); NF-e's one-letter type prefixes ("vNF",
#: "xLgr": a value, a text) read 10 of 17.
#: ``headers_fresh22.csv`` (7 systems, 208 headers, 67 must-map: Open Dental's patient table,
#: Tendenci's invoice export, the Cliniko and Instamojo APIs, MoneyWorks' transaction fields, the
#: RecoveryPro and Latitude collection import layouts) was gathered the same way and measured once
#: with the rules frozen at b8bd5f1: 92.8% of all headers (193), 89.6% of the must-map ones (60 of
#: 67); Open Dental's age buckets ("Bal_31_60") were read as balances.
#: ``headers_fresh23.csv`` (7 systems, 145 headers, 48 must-map: report and export columns of Klarna's
#: settlements, MultiSafepay's financial reports, SimplePractice's and Denim's aging reports,
#: Gotransverse's invoice reports, Bp Allied's outstanding invoices and Respaid's collection upload
#: template) was gathered the same way and measured once with the rules frozen at 609fd25: 88.3%
#: of all headers (128), 89.6% of the must-map ones (43 of 48).
#: ``headers_fresh24.csv`` (7 systems, 223 headers, 91 must-map: the tables of PhreeBooks, FacturaPlus,
#: Intelisis, Consinco, WAPRO Mag, PCA商魂 and Gestool) was gathered the same way and measured once
#: with the rules frozen at 317875a: 81.2% of all headers (181), 65.9% of the must-map ones (60 of
#: 91). The xBase fields of FacturaPlus and Gestool carry a type letter ("nImporte", "cNomCli": a
#: number, a character field) read as a word, and PCA's are romanised Japanese ("Jyusyo1").
#: ``headers_fresh25.csv`` (7 systems, 187 headers, 70 must-map: the export columns of Easy Digital
#: Downloads, Paheko, NexoPOS and Tiendanube, HotelDruid's guest table, the easyVerein and Lemon
#: Squeezy APIs) was gathered the same way and measured once with the rules frozen at 0bdbfaa: 88.2%
#: of all headers (165), 85.7% of the must-map ones (60 of 70).
#: ``headers_fresh26.csv`` (6 systems, 206 headers, 88 must-map: Oxid eShop's order table, SIGLA's
#: invoice table, Lino Cosi's sales models, Tine Groupware's invoice documents, the Factuursturen and
#: Gripp APIs; its gathering also took Paheko, left out as the twenty-fifth table holds it) was
#: measured once with the rules frozen at 85efcd6: 89.8% of all headers (185), 92.0% of the
#: must-map ones (81 of 88).
#: ``headers_fresh27.csv`` (7 systems, 245 headers, 87 must-map: the receivables tables of Kuali KFS,
#: Microinvest, Rivile and LAN Management System, the iDURAR, Koha and Aimeos schemas) and
#: ``headers_fresh28.csv`` (7 systems, 207 headers, 62 must-map: Nexus ERP's invoice grid, SoftPro's
#: import layouts, SimpleAccounts' import files, the Rebilly, Semble and VTEX APIs, OroCommerce's
#: order grid) were gathered the same way and measured once with the rules frozen at 3fe0369: 85.3%
#: (209) and 78.2% (68 of 87); 88.9% (184) and 79.0% (49 of 62). The start-of-round commit ba01281
#: read 208 and 68, 185 and 49: the round's rules made no difference on systems never seen.
#: The floors below are the figures at the end of that round (each table's single measurement is
#: in the text above).
LATER_TABLES = [
    ("headers_fresh.csv", 0.975, 0.979),
    ("headers_fresh2.csv", 0.987, 0.98),
    ("headers_fresh3.csv", 0.972, 0.988),
    ("headers_fresh4.csv", 0.974, 0.979),
    ("headers_fresh5.csv", 0.928, 0.921),
    ("headers_fresh6.csv", 0.931, 0.872),
    # Vendure's "addresses" (a customer's list of addresses) is read as the address since a known
    # word's plural is that word ("FACTURES", "clientes"), no longer a word cut short and an abbreviation
    ("headers_fresh7.csv", 0.975, 0.956),
    ("headers_fresh8.csv", 0.951, 0.921),
    ("headers_fresh9.csv", 0.889, 0.825),
    # ABRA Flexi's "stat" (Czech for country) is read as the status it abbreviates everywhere else
    ("headers_fresh10.csv", 0.9, 0.894),
    ("headers_fresh11.csv", 0.983, 0.987),
    ("headers_fresh12.csv", 0.976, 0.971),
    ("headers_fresh13.csv", 0.89, 0.847),
    ("headers_fresh14.csv", 0.796, 0.703),
    ("headers_fresh15.csv", 0.827, 0.814),
    ("headers_fresh16.csv", 0.918, 0.937),
    ("headers_fresh17.csv", 0.846, 0.811),
    ("headers_fresh18.csv", 0.832, 0.851),
    ("headers_fresh19.csv", 0.831, 0.714),
    ("headers_fresh20.csv", 0.926, 0.866),
    ("headers_fresh21.csv", 0.843, 0.829),
    ("headers_fresh22.csv", 0.95, 0.895),
    ("headers_fresh23.csv", 0.91, 0.895),
    ("headers_fresh24.csv", 0.86, 0.78),
    ("headers_fresh25.csv", 0.89, 0.857),
    ("headers_fresh26.csv", 0.92, 0.92),
    ("headers_fresh27.csv", 0.865, 0.78),
    ("headers_fresh28.csv", 0.915, 0.838),
]


@pytest.mark.parametrize(("name", "floor", "must_map_floor"), LATER_TABLES)
def test_later_held_out_tables(name, floor, must_map_floor):
    with (TABLE.parent / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(is_evaluation(r["system"]) for r in rows)
    assert not {r["system"] for r in rows} & {r["system"] for r in _rows()}
    must_map = [r for r in rows if r["expected"] != "ignore"]
    assert _report(f"{name}", rows) >= floor
    assert _report(f"{name}, must-map headers", must_map) >= must_map_floor


def test_the_later_tables_name_systems_of_their_own():
    systems = {n: {r["system"] for r in csv.DictReader((TABLE.parent / n).open(encoding="utf-8"))} for n, _, _ in LATER_TABLES}
    names = list(systems)
    for i, name in enumerate(names):
        for other in names[i + 1 :]:
            assert not systems[name] & systems[other]
    # the nineteenth table has three systems (its gathering ran out of searches), the twentieth the
    # three of the evaluation part among fourteen; the others six or more
    small = {"headers_fresh19.csv": 3, "headers_fresh20.csv": 3}
    assert all(len(systems[n]) >= small.get(n, 6) for n in names[2:])


#: technical field names of systems of the development part (by ``is_evaluation``), gathered as
#: development material for the reading of opaque names: table prefixes (JD Edwards F03B11 "RP"),
#: SAP SD billing fields, Dynamics AX and Acumatica field names
DEV_TECHNICAL = TABLE.parent / "headers_technical_dev.csv"


def test_development_technical_names():
    with DEV_TECHNICAL.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and not any(is_evaluation(r["system"]) for r in rows)
    must_map = [r for r in rows if r["expected"] != "ignore"]
    assert _report("technical development names", rows) >= 0.97
    assert _report("technical development names, must-map headers", must_map) >= 0.92


#: development material gathered after ``headers_fresh3.csv`` was measured: 1,295 headers of 52
#: systems of the development part (open-source ERP schemas such as Kivitendo, Tryton, Akaunting,
#: LedgerSMB, FrontAccounting, xTuple; the e-invoice formats FatturaPA, Facturae and CFDI; the SQL
#: tables of Contpaqi, Infor LN, Sage 200, Sage Evolution, Unit4 ERP, Deltek; the APIs of billing,
#: payment and accounting services; import templates and report grids in four languages), each
#: labelled by the field a person would
#: choose before the rules were written from it. Company-name headers ("Razón social",
#: "Denominazione") follow the main table: ``debtor.company``. Most of what it still misses are
#: labels that other tables give the other way ("contact", "company", "state", "Invoice ID").
#: Sixteen more systems were added later, eight at a time: Xentral's document import, MyUnisoft,
#: TicketBAI, SnelStart, Chaser, Factusol, Infor Visual and e-Boekhouden (208 headers; read before
#: any rule was written from them, 81.3% mapped right, 83.1% of the must-map ones), then Apache
#: OFBiz, Dynamics SL, Microtech büro+, Papierkram, Smallinvoice, SolidInvoice, Teamleader and
#: Siwapp (236 headers, read once the rules of the first eight were written: 92.8%, 92.2%), then
#: the database columns of Macola, Sage 500, Spectrum Construction, Dynamics C5, Hashavshevet, Visma
#: Global and Rivhit's API (206 headers, read after the eighth held-out table: 86.9%, 83.3%), then
#: Collect!'s debtor import layout, Pohoda, Superfaktura, Billingo, wFirma, inFakt, Razorpay, and the
#: CiviCRM and OpenCart schemas (258 headers, read after the ninth: 91.5%, 87.8%), then the
#: Verifactu records, Isacompta's import file, WinBooks, Tiime, Mago4's receivables tables,
#: Scopevisio, Karlia and Billbee (214 headers, read after the eleventh: 92.5%, 91.8%), then the APIs
#: of Buchhaltungsbutler, Cuentica, Qonto, Afterbuy, Henrri, Kyriba and Agicap (197 headers: 89.3%,
#: 93.7%), then the Nordic columns of OLFIX (Swedish), SALDI (Danish), 24SevenOffice (Norwegian) and
#: Pupesoft (Finnish) and the abbreviated ones of Pegasus Opera, Tartan and BlueSeer (196 headers,
#: read after the thirteenth held-out table: 82.7%, 75.2%), then the tables of webERP, iScala (whose
#: columns are numbered: "SL03002"), Infor SX.e, Traverse, NTS Business Cube, Profit Plus, Syslog
#: ERP and Laurux (243 headers, read at 7667dea: 83.5%, 74.3%), then the data dictionaries of SoftM
#: Suite, Saint Enterprise, Senior Sistemas, Ad Hoc Revolution, Microsip, FacturaScripts, BOB 50
#: and PHC CS (254 headers, read at 81e298c: 80.7%, 71.1%), then the report and list columns of
#: NEVARIS, OpenSTAManager, Bizyness, Docfav, ToughCommerce, eTASK, SAIT and AccountView (257
#: headers, read at cfabe8c: 89.1%, 86.4%), then the tables of Random ERP, Linx Microvix,
#: CrowSoft-Cairo, DiskCover System, OasisCom, CONCAR and Softland ERP (225 Spanish and Portuguese
#: headers; with Primavera's, since left out as the seventeenth held-out table holds that product,
#: read at 733ccab: 77.7%, 67.9%) and of GAzie, Run my Accounts, Mercator, Sme.UP ERP,
#: Metodo Evolus, REFLEX, Bdg, mention Finance and Gestan (255 headers, read at 733ccab: 86.7%,
#: 78.4%), then the API and schema fields of freee, WHMCS, AddonSoftware, Money Forward, GNUKhata,
#: BambooInvoice, Open Source Billing and Giddh (248 headers, read at 9953868: 89.9%, 92.4%), then
#: WinBiz's export, the French LCR remittance fields, Thelia's exports, Billit's API and SQL-Ledger's
#: tables (192 headers, read at 6263ddf: 89.1%, 83.6%), then the development-part systems of the
#: gatherings of the twentieth held-out table: Freeside's billing schema, the X12 810 invoice's
#: elements, the ServiceM8 and Buildium APIs and India's GST e-invoice schema (175 headers, read at
#: ab15093: 78.9%, 68.7%), and the Merit Aktiva, Bsale, Bitrix24 and Briox APIs, Yonyou U8's sales
#: invoice and customer tables and Abisco's invoice XML (201 headers, read at 913d651: 89.1%, 82.1%).
DEV_SECOND = TABLE.parent / "headers_dev2.csv"


def test_second_development_table():
    with DEV_SECOND.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 4800 and not any(is_evaluation(r["system"]) for r in rows)
    later = {r["system"] for n, _, _ in LATER_TABLES for r in csv.DictReader((TABLE.parent / n).open(encoding="utf-8"))}
    assert not {r["system"] for r in rows} & ({r["system"] for r in _rows()} | later)
    must_map = [r for r in rows if r["expected"] != "ignore"]
    # iScala's numbered columns ("SL03002": its invoice number) cannot be read from the header,
    # nor most of the terse codes of the last systems added ("OPOPBT", "VCTORI", "edeb")
    assert _report("second development table", rows) >= 0.915
    assert _report("second development table, must-map headers", must_map) >= 0.889
