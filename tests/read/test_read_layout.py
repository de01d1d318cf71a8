"""Where the table starts and ends: header detection, title, blank and totals rows, column names,
and which sheet of a workbook is read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from getbill_import.errors import InputFileError
from getbill_import.fields import LINE
from getbill_import.read import ExcludedLine, read_table

CASES = Path(__file__).resolve().parents[1] / "cases" / "read"

_INVOICE_WORDS = {"client", "montant", "ref", "n° facture", "échéance", "téléphone", "code"}


def invoice_header_score(cells: Sequence[str]) -> float:
    """A small injected scorer: the share of non-empty cells that are invoice column names."""
    texts = [c.strip().lower() for c in cells if c.strip()]
    if not texts:
        return 0.0
    return sum(1 for t in texts if t in _INVOICE_WORDS) / len(texts)


def test_titles_blank_lines_and_totals_are_excluded_without_shifting_line_numbers() -> None:
    result = read_table(CASES / "titles.csv")

    assert result.source.header_line == 5
    assert result.headers == ["Client", "Montant", "Ref", "Échéance"]
    assert result.frame.rows() == [
        (6, "Dupont", "10,00", "F1", "01/02/2024"),
        (7, "Total Energies", "20,00", "F2", "02/02/2024"),  # a company, not a totals row
        (9, "Durand", "30,00", "F3", "03/02/2024"),
        (11, "Martin", "40,00", "F4", "04/02/2024"),
    ]
    assert result.source.rows == 4
    assert result.source.excluded_lines == [
        ExcludedLine(1, "title", "Relevé des factures impayées"),
        ExcludedLine(2, "title", "Export du 12/03/2024"),
        ExcludedLine(3, "title", "Société: ACME;Paris"),
        ExcludedLine(4, "blank", ""),
        ExcludedLine(8, "blank", ""),
        ExcludedLine(10, "totals", "Sous-total;60,00"),
        ExcludedLine(12, "totals", ";TOTAL TTC;100,00"),
        ExcludedLine(13, "totals", "Total général;100,00"),
        ExcludedLine(14, "totals", "Total:;100,00"),
    ]
    assert result.source.notices == [
        "Rows 1–3 excluded: title rows above the header.",
        "Row 4 excluded: blank row.",
        "Row 8 excluded: blank row.",
        "Row 10 excluded: totals row ('Sous-total;60,00').",
        "Rows 12–14 excluded: totals rows.",
        "Rows 15–16 excluded: 2 blank rows at the end.",
    ]
    assert result.problems.height == 0


def test_a_totals_row_is_said_as_the_file_writes_it_its_amounts_quoted(tmp_path: Path) -> None:
    # QuickBooks' aging summary: amounts with a thousands comma, quoted in a row of commas
    path = tmp_path / "aging.csv"
    path.write_text(',,Current,,1 - 30,,TOTAL\n,A.O. Smith WPC,0.00,,"8,250.00",,"8,250.00"\n'
                    ',Alpha Fire,"1,000.00",,"92,306.89",,"93,306.89"\nTOTAL,,"1,000.00",,"100,556.89",,"101,556.89"\n',
                    encoding="utf-8")
    result = read_table(path)
    assert ExcludedLine(4, "totals", 'TOTAL,,"1,000.00",,"100,556.89",,"101,556.89"') in result.source.excluded_lines


def test_totals_labels_in_their_usual_spellings() -> None:
    result = read_table(CASES / "totals_words.csv")
    assert result.frame.rows() == [(2, "Dupont", "10", "F1")]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [
        (3, "totals"), (4, "totals"), (5, "totals"), (6, "totals"),
    ]


def test_a_row_of_sums_with_no_label_closes_the_group_above_it_and_a_row_of_text_does_not(tmp_path: Path) -> None:
    # AppFolio's aged receivable detail: each payer's charges under a "->" label, closed by their sums
    path = tmp_path / "aged.csv"
    head = "Payer Name,Charge Date,GL Account,Total Amount,Amount Receivable\n"
    path.write_text(head + '"-> 101 - Jane Smith",,,,\nJane Smith,09/01/2026,4000,"1,250.00","1,250.00"\n'
                    ',,,"1,250.00","1,250.00"\n"-> 102 - Bob Lee",,,,\nBob Lee,06/15/2026,4100,25.00,25.00\n'
                    ',,,25.00,25.00\nTotal,,,"1,275.00","1,275.00"\n', encoding="utf-8")
    result = read_table(path)
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [
        (2, "group"), (4, "totals"), (5, "group"), (7, "totals"), (8, "totals")]
    # a row of a block's other labels ("Kart Grup Adı", "Grup Adı") is no sum: it closes nothing
    path.write_text(head + '"-> 101 - Jane Smith",,,,\nJane Smith,09/01/2026,4000,"1,250.00","1,250.00"\n'
                    ",,,Kart Grup Adı,Grup Adı\n\"-> 102 - Bob Lee\",,,,\nBob Lee,06/15/2026,4100,25.00,25.00\n"
                    'Total,,,"1,275.00","1,275.00"\n', encoding="utf-8")
    result = read_table(path)
    assert (4, "totals") not in [(e.line, e.reason) for e in result.source.excluded_lines]


def test_each_columns_share_of_the_total_under_it_is_no_row_of_the_list(tmp_path: Path) -> None:
    # Xero's aged receivables summary: "Percentage of total" under its "Total" row
    path = tmp_path / "aging.csv"
    path.write_text("Contact,1 - 30 Days,31 - 60 Days,Total\nBasket Case,0.00,914.55,914.55\nBayside Club,234.00,0.00,234.00\n"
                    "Marine Systems,396.00,0.00,396.00\nTotal,630.00,914.55,1544.55\n,,,\n"
                    "Percentage of total,40.79%,59.21%,100.00%\n", encoding="utf-8")
    result = read_table(path)
    assert [r[1] for r in result.frame.rows()] == ["Basket Case", "Bayside Club", "Marine Systems"]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(5, "totals"), (6, "blank"), (7, "totals")]


def test_a_total_labelled_in_the_rows_first_written_cell_is_a_totals_row(tmp_path: Path) -> None:
    """SwilERP's outstanding bills: "Total" under the party's name, the fourth column, its sums
    written with their side ("3702556.00 Dr"). It had been read as a bill without a number. A
    party named "Total Pharma" beside its bill stays one."""
    path = tmp_path / "outstanding.csv"
    path.write_text(
        "No.;V.No.;Date;Name of Party;Due On;Due Amount\n1;SzA-00112;14/01/2025;M.A. ASSOCIATES;14/01/2025;2307.00 Cr\n"
        "2;DJ000115;23/06/2025;Total Pharma;23/06/2025;5844.00 Dr\n;;;Total   ;;3537.00 Dr\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert [row[2] for row in result.frame.rows()] == ["SzA-00112", "DJ000115"]
    assert result.source.excluded_lines == [ExcludedLine(4, "totals", ";;;Total;;3537.00 Dr")]


def test_a_german_sum_row_is_a_totals_row(tmp_path: Path) -> None:
    """A DATEV-style list of open items closes each debtor's invoices with "Summe Debitor 10001"
    in the customer's column, no invoice number: a totals row, not an invoice without a
    reference. A customer named "Summerfield" stays one."""
    path = tmp_path / "opos.csv"
    path.write_text(
        "Rechnungsnummer;Kunde;Offener Betrag\nRE-1;Mustermann GmbH;119.000,00\nRE-2;Summerfield Ltd;238,00\n"
        ";Summe Debitor 10001;119.238,00\n;Gesamtsumme;119.238,00\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert [row[1] for row in result.frame.rows()] == ["RE-1", "RE-2"]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(4, "totals"), (5, "totals")]


def test_a_totals_row_of_amounts_written_with_their_sign_first_is_a_totals_row(tmp_path: Path) -> None:
    """An Australian ageing report's last line, "TOTALS" and its buckets written "$5,000.00": the
    amounts, their sign first, had counted as texts beside the label, and the line was read as an
    invoice without a reference."""
    path = tmp_path / "ageing.csv"
    path.write_text(
        'Customer,Invoice,Date,Current,30 Days,60 Days,90+ Days,Total\n'
        'ABC Company,INV-001,15/06/2024,"$5,000.00",-,-,-,"$5,000.00"\n'
        'XYZ Trading,INV-002,20/05/2024,-,"$3,000.00",-,-,"$3,000.00"\n'
        'DEF Industries,INV-003,10/04/2024,-,-,"-£2,000.00",-,"€ 2,000.00"\n'
        'TOTALS,,,"$5,000.00","$3,000.00","$2,000.00","$1,500.00","$11,500.00"\n',
        encoding="utf-8",
    )
    result = read_table(path)
    assert [row[1] for row in result.frame.rows()] == ["ABC Company", "XYZ Trading", "DEF Industries"]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(5, "totals")]


def test_a_groups_total_named_after_the_group_is_a_totals_row(tmp_path: Path) -> None:
    """A Romanian ERP's query export grouped by customer: "Total  ABRUD SRL" below ABRUD SRL's
    invoices; "Total Energies", a customer of no group of that name, stays an invoice."""
    path = tmp_path / "neincasate.csv"
    path.write_text(
        "Valuta;Client;NumarDoc;Sold\n"
        "LEI;ABRUD SRL;250500021;100,00\nLEI;ABRUD SRL;250500022;50,00\nLEI;Total  ABRUD SRL;;150,00\n"
        "LEI;Total Energies;250500023;20,00\nLEI;Total  TOTAL ENERGIES;;20,00\nLEI;Total  Martin;;5,00\n"
        "Total  LEI;;;170,00\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert result.frame.get_column("NumarDoc").to_list() == ["250500021", "250500022", "250500023", None]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(4, "totals"), (6, "totals"), (8, "totals")]


def test_a_groups_total_with_the_word_after_its_name_is_a_totals_row(tmp_path: Path) -> None:
    """A spreadsheet's subtotals write "Acme Ltd Total" below Acme Ltd's invoices (and a
    forwarder's statement "수출 TOTAL" below its exports); "Net Total" of no group stays a row."""
    path = tmp_path / "subtotals.csv"
    path.write_text(
        "Customer;Invoice;Balance\n"
        "Acme Ltd;A-1;100.00\nAcme Ltd;A-2;50.00\nAcme Ltd Total;;150.00\n"
        "수출;E-1;70.00\n수출 TOTAL;;70.00\nNet Total;N-1;5.00\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert result.frame.get_column("Invoice").to_list() == ["A-1", "A-2", "E-1", "N-1"]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(4, "totals"), (6, "totals")]


def test_source_info_serialises_to_json() -> None:
    info = read_table(CASES / "titles.csv").source.to_json()
    data = json.loads(json.dumps(info))
    assert data["header_line"] == 5
    assert data["excluded_lines"][0] == {"line": 1, "reason": "title", "text": "Relevé des factures impayées"}
    assert data["format"] == "csv" and data["delimiter"] == ";" and data["encoding"] == "utf-8"


def test_header_names_are_stripped_numbered_and_deduplicated() -> None:
    result = read_table(CASES / "headers.csv")
    assert result.headers == ["Montant", "Client", "Column 3", "Montant (2)", "Column 3 (2)", "Montant (3)"]
    assert result.frame.rows() == [(2, "1", "A", "x", "2", "y", "3")]


def test_empty_columns_without_header_are_dropped() -> None:
    result = read_table(CASES / "trailing_delims.csv")
    assert result.headers == ["Client", "Montant", "Ref"]
    assert result.frame.rows() == [(2, "Dupont", "10", "F1"), (3, "Durand", "20", "F2")]
    assert result.problems.height == 0
    assert result.source.notices == ["1 empty column(s) without a header were ignored."]


def test_a_header_without_rows_gives_an_empty_frame() -> None:
    result = read_table(CASES / "header_only.csv")
    assert result.frame.columns == [LINE, "Client", "Montant", "Ref"]
    assert result.frame.height == 0
    assert result.source.rows == 0


def test_injected_header_score_finds_the_header_below_a_title_as_wide_as_it() -> None:
    without = read_table(CASES / "wide_title.csv")
    assert without.source.header_line == 1  # the heuristic alone cannot tell

    result = read_table(CASES / "wide_title.csv", header_score=invoice_header_score)
    assert result.source.header_line == 2
    assert result.headers == ["Client", "Montant", "Ref", "Échéance"]
    assert result.frame.rows() == [(3, "Dupont", "10", "F1", "01/02/2024")]
    assert result.source.excluded_lines == [ExcludedLine(1, "title", "Période;Janvier;Février;Mars")]


def test_a_title_blocks_label_and_value_rows_are_no_header(tmp_path: Path) -> None:
    # a bank's list of movements: the account's details as "label:;value" rows above the table, one
    # of them with a word a scorer reads as a column's name ("Intestatario conto" beside "Client")
    path = tmp_path / "movimenti.csv"
    path.write_text(
        ";;;;;;\n;;Client:;XXX;;;\n;;Numero conto:;XXX;;;\n;;Saldo contabile finale al:;30.11.2025;1111;;\n"
        ";;Importo Fido:;;-;;\n;;;;;;\nData contabile;Data valuta;Descrizione;Accrediti;Addebiti;Descrizione estesa;\n"
        "03/11/25;01/11/25;COMMISSIONI TRANSATO POS;;-8,12;test;\n03/11/25;01/11/25;ACCREDITO POS;120,00;;test;\n",
        encoding="utf-8",
    )
    for scorer in (None, invoice_header_score):
        result = read_table(path, header_score=scorer)
        assert result.source.header_line == 7
        assert result.headers[:3] == ["Data contabile", "Data valuta", "Descrizione"]


def test_a_hash_opening_every_header_is_no_number_sign(tmp_path: Path) -> None:
    # mBank's list of operations marks its header row with a "#" before each name; a header that
    # means a number ("# Invoice") beside others keeps it
    path = tmp_path / "lista_operacji.csv"
    path.write_text("#Data operacji;#Opis operacji;#Kwota;\n2025-11-20;BLIK ZAKUP;-136,00;\n", encoding="utf-8")
    assert read_table(path).headers == ["Data operacji", "Opis operacji", "Kwota"]
    numbered = tmp_path / "invoices.csv"
    numbered.write_text("# Invoice;Client;Amount\nF1;Dupont;10,00\n", encoding="utf-8")
    assert read_table(numbered).headers == ["# Invoice", "Client", "Amount"]


def test_first_non_empty_sheet_is_read_by_default() -> None:
    result = read_table(CASES / "multi_sheet.xlsx")
    assert result.source.sheet == "Lisez-moi"
    assert result.source.sheets == ["Lisez-moi", "Vide", "Factures"]


def test_with_a_header_score_the_first_sheet_with_a_recognised_header_is_read() -> None:
    result = read_table(CASES / "multi_sheet.xlsx", header_score=invoice_header_score)
    assert result.source.sheet == "Factures"
    assert result.source.sheets == ["Lisez-moi", "Vide", "Factures"]
    assert result.frame.rows() == [(2, "Dupont", "10", "F1"), (3, "Durand", "20", "F2")]
    assert result.source.notices == ["Sheet 'Factures' was chosen: its header was recognised."]


@pytest.mark.parametrize("sheet", ["Factures", "factures", 2, "2"])
def test_sheet_by_name_or_index(sheet: str | int) -> None:
    result = read_table(CASES / "multi_sheet.xlsx", sheet=sheet)
    assert result.source.sheet == "Factures"
    assert result.headers == ["Client", "Montant", "N° facture"]


def test_unknown_sheet_name_lists_the_sheets() -> None:
    with pytest.raises(InputFileError, match=r"no sheet named 'Clients'. Its sheets are: 'Lisez-moi', 'Vide', 'Factures'"):
        read_table(CASES / "multi_sheet.xlsx", sheet="Clients")


def test_sheet_index_out_of_range_lists_the_sheets() -> None:
    with pytest.raises(InputFileError, match=r"no sheet number 7 .*'Lisez-moi', 'Vide', 'Factures'"):
        read_table(CASES / "multi_sheet.xlsx", sheet=7)


def test_choosing_an_empty_sheet_is_an_error() -> None:
    with pytest.raises(InputFileError, match=r"Sheet 'Vide' of multi_sheet\.xlsx is empty"):
        read_table(CASES / "multi_sheet.xlsx", sheet="Vide")


def test_empty_sheets_before_the_data_are_skipped() -> None:
    result = read_table(CASES / "empty_first_sheet.xlsx")
    assert result.source.sheet == "Données"
    assert result.frame.rows() == [(2, "Dupont", "10")]
    assert result.source.notices == ["Sheet 'Données' was chosen: the sheets before it are empty."]


def test_workbook_with_only_empty_sheets_is_an_error() -> None:
    with pytest.raises(InputFileError, match=r"Every sheet of all_empty\.xlsx is empty"):
        read_table(CASES / "all_empty.xlsx")


def test_many_blank_rows_are_summarised_not_listed_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_bytes(b"Client;Montant\nA;1\n" + b"\n" * 1500 + b"B;2\n" + b";\n" * 3000)
    result = read_table(path)
    assert result.frame.rows() == [(2, "A", "1"), (1503, "B", "2")]
    assert len(result.source.excluded_lines) == 1000
    assert result.source.excluded_lines[0] == ExcludedLine(3, "blank", "")
    assert "500 more blank rows were excluded (not listed one by one)." in result.source.notices
    assert "Rows 1504–4503 excluded: 3,000 blank rows at the end." in result.source.notices


def test_sheet_option_on_a_csv_file_is_ignored_with_a_notice() -> None:
    result = read_table(CASES / "utf8.csv", sheet="Factures")
    assert result.source.sheet is None
    assert result.source.notices == ["The sheet option ('Factures') was ignored: utf8.csv is delimited text, not a workbook."]


def test_the_header_line_given_by_the_user_is_read_and_zero_reads_a_file_without_one(tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_text("Export du 02/12/2026\nFacture;Client;Montant\nF-1;Dupont;12,00\nF-2;Martin;8,00\n", encoding="utf-8")
    given = read_table(path, header_line=2)
    assert (given.source.header_line, given.headers) == (2, ["Facture", "Client", "Montant"])
    assert given.frame[LINE].to_list() == [3, 4]
    assert [e.line for e in given.source.excluded_lines] == [1]

    # a file of data alone: every line is a row, its columns named by their place
    bare = tmp_path / "bare.csv"
    bare.write_text("MEC-0072;000013;4.39;no\nMEC-0072;000013;0.06;no\nMEC-0073;000014;0.50;no\n", encoding="utf-8")
    none = read_table(bare, header_line=0)
    assert none.source.header_line == 0
    assert none.headers == ["Column 1", "Column 2", "Column 3", "Column 4"]
    assert none.frame.rows()[0] == (1, "MEC-0072", "000013", "4.39", "no")
    assert none.source.rows == 3
    assert any("without a header row (--header-line 0)" in n for n in none.source.notices)

    # a line past the end, or a blank one, is said
    with pytest.raises(InputFileError, match="has 3 lines: its header cannot be on line 9"):
        read_table(bare, header_line=9)
    gap = tmp_path / "gap.csv"
    gap.write_text("Facture;Montant\n\nF-1;12,00\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"Line 2 of gap\.csv is blank"):
        read_table(gap, header_line=2)


def test_the_last_line_of_a_file_is_never_its_header(tmp_path: Path) -> None:
    # every line of an export of invoice lines without a header looks alike: the header found must
    # leave rows below it
    path = tmp_path / "lines.csv"
    lines = [f"MEC-0072,000013,Item {i},ea,1,{i}.39,no\n" for i in range(7)]
    path.write_text("".join(lines) + "MEC-0072,000013,VAT,tax,1,4.35,no\n", encoding="utf-8")

    def score(cells: Sequence[str]) -> float:
        # the VAT line's words ("tax") read a little more like a header than the others
        return 0.6 if "tax" in cells else 0.5

    def layout(frame) -> tuple[float, str]:
        # a table with fewer rows rates better, as one whose values do not contradict its header would
        return 10.0 - frame.height, f"{frame.height} rows"

    result = read_table(path, header_score=score, layout_score=layout)
    assert result.source.header_line < 8
    assert result.source.rows >= 1


def test_the_header_written_again_below_is_left_out_or_read_by_its_names(tmp_path: Path) -> None:
    # a report's page repeats the header: the repeat leaves the data
    pages = tmp_path / "pages.csv"
    pages.write_text("Facture;Client;Montant\nF-1;Dupont;12,00\nFacture;Client;Montant\nF-2;Martin;8,00\n", encoding="utf-8")
    read = read_table(pages)
    assert read.frame.rows() == [(2, "F-1", "Dupont", "12,00"), (4, "F-2", "Martin", "8,00")]
    assert ExcludedLine(3, "subheader", "Facture;Client;Montant") in read.source.excluded_lines

    # a hand-kept list starts a second table with one more column: its rows are read by the names
    # (before, 'Montant' read the advance and 'Acompte' was lost)
    second = tmp_path / "second.csv"
    second.write_text(
        "Facture;Client;Montant\nF-1;Dupont;12,00\n\nFacture;Client;Acompte;Montant\nF-2;Martin;5,00;8,00\n"
        "F-3;Durand;;9,00\n",
        encoding="utf-8",
    )
    read = read_table(second)
    assert read.headers == ["Facture", "Client", "Montant", "Acompte"]
    assert read.frame.rows() == [
        (2, "F-1", "Dupont", "12,00", None), (5, "F-2", "Martin", "8,00", "5,00"), (6, "F-3", "Durand", "9,00", None),
    ]
    assert read.problems.height == 0
    assert ("Line 4 names the columns again in another order, with 'Acompte': the 2 row(s) below it are read by "
            "those names.") in read.source.notices

    # a row of data that holds one of the header's words is data
    words = tmp_path / "words.csv"
    words.write_text("Facture;Client;Montant;Statut\nF-1;Client;12,00;Facture\nF-2;Martin;8,00;Payée\n", encoding="utf-8")
    assert read_table(words).source.rows == 2

    # a file without a header, its first row of data read as one: rows sharing its numbers and dates
    # (a sales export's day, its flags, its amount) are data, not the header again
    headerless = tmp_path / "uriage.csv"
    headerless.write_text("".join(f'0,"20231106",{64001 + n},"010223","53",0,"件",20000,20000\n' for n in range(5)),
                          encoding="utf-8")
    read = read_table(headerless)
    assert read.source.rows == 4
    assert not [e for e in read.source.excluded_lines if e.reason == "subheader"]


def test_stacked_statements_label_the_first_block_with_the_name_above_the_header(tmp_path: Path) -> None:
    """Tally's outstanding receivables, one customer after another: each name on a row of its own,
    the header again and a total; the first name sits above the file's header, read as a title, and
    labels the first customer's invoices too (they had been left without a debtor)."""
    path = tmp_path / "outstanding.csv"
    path.write_text(
        ",,CUSTOMER A\nDate,Ref. No.,Pending Amount,Due Date\n05 OCT 24,OCS/24-25/80,\"35,760\",05 OCT 24\n"
        "06 OCT 24,OCS/24-25/82,\"1,200\",06 OCT 24\n,Total:,36960.0\n,,CUSTOMER B\n"
        "Date,Ref. No.,Pending Amount,Due Date\n05 OCT 24,OCS/24-25/81,\"35,760\",05 OCT 24\n,Total:,35760.0\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert result.frame.get_column("Ref. No.").to_list() == ["OCS/24-25/80", "OCS/24-25/82", "OCS/24-25/81"]
    assert result.group_labels is not None
    assert result.group_labels.to_list() == ["CUSTOMER A", "CUSTOMER A", "CUSTOMER B"]
    assert [(e.line, e.reason) for e in result.source.excluded_lines] == [
        (1, "title"), (5, "totals"), (6, "group"), (7, "subheader"), (9, "totals")]


def test_a_japanese_chinese_or_korean_total_is_a_totals_row(tmp_path: Path) -> None:
    """A cram school's month-end billing list closes with "合計" under its numbers, its sums beside: it
    had been read as a bill without a name. Chinese and Korean write theirs so too."""
    for label in ("合計", "总计", "합계"):
        path = tmp_path / "billing.csv"
        path.write_text(f"No,生徒名,請求額(税込)\n1,佐藤花子,87700\n2,鈴木一郎,48600\n{label},,136300\n", encoding="utf-8")
        result = read_table(path)
        assert [row[2] for row in result.frame.rows()] == ["佐藤花子", "鈴木一郎"]
        assert [(e.line, e.reason) for e in result.source.excluded_lines] == [(4, "totals")]
