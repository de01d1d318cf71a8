"""Delimited text: encodings, delimiters, quoting, line ends, ragged rows, values kept as typed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from getbill_import.errors import InputFileError
from getbill_import.fields import LINE
from getbill_import.problems import PROBLEM_SCHEMA
from getbill_import.read import read_table

CASES = Path(__file__).resolve().parents[1] / "cases" / "read"

HEADER = ["Client", "Société", "Téléphone", "Montant TTC", "N° facture", "Échéance"]
ROWS = [
    (2, "Zoë Müller", "Müller & Fils", "0612345678", "1 234,50", "F-001", "15/01/2024"),
    (3, "Lefèvre", None, "+33612345678", "99,90", "F-002", "31/01/2024"),
    (4, "Noël Dupont", "Café €uro", "007", "20 €", "F-003", "29/02/2024"),
]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("utf8.csv", "utf-8", ";"),
        ("utf8_bom.csv", "utf-8-sig", ","),
        ("utf16le_bom.csv", "utf-16-le", "\t"),
        ("utf16be_bom.csv", "utf-16-be", ";"),
        ("cp1252.csv", "cp1252", ";"),
        ("pipe.csv", "utf-8", "|"),
        ("tilde.txt", "utf-8", "~"),  # the metadata files of Mexico's SAT
        ("tabs.tsv", "utf-8", "\t"),
        ("crlf.csv", "utf-8", ","),
        ("lone_cr.csv", "utf-8", ";"),
        ("notes.txt", "utf-8", ";"),
        ("text_export.xls", "cp1252", "\t"),  # "Excel" export that is really tab-separated cp1252 text
    ],
)
def test_same_table_whatever_the_encoding_delimiter_and_line_ends(name: str, encoding: str, delimiter: str) -> None:
    result = read_table(CASES / name)

    assert result.frame.columns == [LINE, *HEADER]
    assert result.frame.schema[LINE] == pl.Int64
    assert all(dtype == pl.String for col, dtype in result.frame.schema.items() if col != LINE)
    assert result.frame.rows() == ROWS
    assert result.source.format == "csv"
    assert result.source.encoding == encoding
    assert result.source.delimiter == delimiter
    assert result.source.header_line == 1
    assert result.source.rows == 3
    assert result.source.excluded_lines == []
    assert result.problems.height == 0
    assert result.problems.schema == PROBLEM_SCHEMA


def test_non_utf8_file_says_which_encoding_was_used() -> None:
    result = read_table(CASES / "cp1252.csv")
    assert result.source.notices == ["The file is not UTF-8; decoded as cp1252."]


def test_explicit_encoding_is_used_when_the_file_is_not_utf8() -> None:
    result = read_table(CASES / "cp1252.csv", encoding="cp1252")
    assert result.source.encoding == "cp1252"
    assert result.source.notices == []
    assert result.frame.rows() == ROWS


def test_valid_utf8_wins_over_a_wrong_explicit_encoding() -> None:
    result = read_table(CASES / "utf8.csv", encoding="cp1252")
    assert result.source.encoding == "utf-8"
    assert result.frame.rows() == ROWS  # not "ZoÃ« MÃ¼ller"


def test_explicit_encoding_that_cannot_decode_the_file_is_an_error() -> None:
    with pytest.raises(InputFileError, match=r"not valid ascii text: byte 0xe9 on line 1"):
        read_table(CASES / "cp1252.csv", encoding="ascii")


def test_unknown_encoding_name_is_an_error() -> None:
    with pytest.raises(InputFileError, match="Unknown text encoding 'klingon'"):
        read_table(CASES / "cp1252.csv", encoding="klingon")


def test_delimiter_argument_overrides_sniffing() -> None:
    result = read_table(CASES / "pipe.csv", delimiter=";")
    assert result.source.delimiter == ";"
    assert result.headers == ["|".join(HEADER)]


def test_a_hash_delimited_dump_is_sniffed_and_any_delimiter_forced_reads_every_column(tmp_path) -> None:
    # a legacy dump separating its fields by "#", its amounts grouped by commas
    rows = [f"J0130{n}#Office {n}#2000403974{n}#Customer {n}#03/2562,04/2562#1,602,69{n}.58#897,300#0/1/2000 00:00:00"
            for n in range(6)]
    path = tmp_path / "debtor.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.source.delimiter == "#"
    assert len(result.headers) == 8
    # a delimiter none sniffs, forced: every column is read, none cut off
    path.write_text("\n".join(r.replace("#", "^") for r in rows) + "\n", encoding="utf-8")
    forced = read_table(path, delimiter="^")
    assert len(forced.headers) == 8 and forced.frame.row(0)[-2] == "897,300"


def test_a_dollar_delimited_extract_is_sniffed_beside_dollar_amounts(tmp_path) -> None:
    """An Indian electricity board's arrears extract separates its fields by "$", a comma inside an
    address; a comma-separated file writing its amounts with "$" stays comma-separated."""
    rows = [f"022$02200002955{n}$NAIMUDDIN {n}$HABLAKHA,$2$51$51$$130$20170830$20170705$205$1263" for n in range(6)]
    path = tmp_path / "arrears.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.source.delimiter == "$"
    # (thirteen fields, the one empty on every row left out)
    assert len(result.headers) == 12 and result.headers[3] == "HABLAKHA,"
    dollars = tmp_path / "invoices.csv"
    dollars.write_text("Invoice,Customer,Amount,Balance\n" + "".join(
        f"INV-{n},Customer {n},$120{n}.00,$30{n}.00\n" for n in range(6)), encoding="utf-8")
    assert read_table(dollars).source.delimiter == ","


@pytest.mark.parametrize("alias", ["tab", "\\t", "\t"])
def test_tab_delimiter_can_be_named(alias: str) -> None:
    result = read_table(CASES / "tabs.tsv", delimiter=alias)
    assert result.source.delimiter == "\t"
    assert result.frame.rows() == ROWS


def test_multi_character_delimiter_is_refused() -> None:
    with pytest.raises(InputFileError, match="single character"):
        read_table(CASES / "utf8.csv", delimiter=";;")


def test_a_comma_file_padded_with_semicolons_by_a_spreadsheet_is_read_by_its_commas(tmp_path) -> None:
    # saved again by a spreadsheet set to semicolons: each row in one cell, padded to the widest
    rows = ["member_id,full_name,email,team_name;;;", "1,John Doe,john@example.com,Lions",
            "2,Jane Smith,jane@example.com,Tigers;;;", "3,Ali Ben,ali@example.com,Lions;;;"]
    path = tmp_path / "members.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.source.delimiter == ","
    assert result.headers[:3] == ["member_id", "full_name", "email"]
    # a semicolon file whose rows end with empty cells is read by its semicolons still
    path.write_text("Client;Facture;Montant;Note\nDupont;F1;10,00;\nDurand;F2;5,50;\n", encoding="utf-8")
    assert read_table(path).source.delimiter == ";"


def test_rows_a_spreadsheet_wrote_whole_into_one_quoted_cell_are_read_as_their_values(tmp_path) -> None:
    # a comma file opened by a spreadsheet set to semicolons and saved again: each row one cell,
    # quoted where it held quotes, its own quotes doubled
    path = tmp_path / "orders.csv"
    path.write_text('Invoice,Customer,Amount,Due date;\n"F-1,""Dupont, SARL"",120.50,2026-01-31";\n'
                    '"F-2,Martin GmbH,80.00,2026-02-15";\n"F-3,Rossi SpA,45.10,2026-03-01";\n', encoding="utf-8")
    result = read_table(path)
    assert result.headers == ["Invoice", "Customer", "Amount", "Due date"]
    assert result.frame.drop(LINE).rows() == [("F-1", "Dupont, SARL", "120.50", "2026-01-31"),
                                             ("F-2", "Martin GmbH", "80.00", "2026-02-15"),
                                             ("F-3", "Rossi SpA", "45.10", "2026-03-01")]
    assert any(n.startswith("Each row of orders.csv is written whole into one cell") for n in result.source.notices)
    # a comma file quoting its values, and a one-column list of quoted names, are read as they are
    path.write_text('"Invoice","Customer","Amount"\n"F-1","Dupont, SARL","120.50"\n"F-2","Martin","80.00"\n', encoding="utf-8")
    assert read_table(path).frame.drop(LINE).rows() == [("F-1", "Dupont, SARL", "120.50"), ("F-2", "Martin", "80.00")]
    path.write_text('Name\n"Dupont, Jean"\n"Martin, Anne"\n', encoding="utf-8")
    assert read_table(path).frame.drop(LINE).rows() == [("Dupont, Jean",), ("Martin, Anne",)]


def test_quoted_values_after_a_space_are_read_as_quoted(tmp_path) -> None:
    """RecApp's documented upload writes a space after each comma, then quotes a name holding a
    comma: the name had been split in two and the row reported ragged."""
    path = tmp_path / "documents.csv"
    path.write_text("Customer ID,Customer Name,Customer Email,Amount,Balance\n"
                    '1111, "Company, Inc.", email@domain.com, 1000, 1000\n'
                    '1112, "Dupont, Fils", ventes@dupont.fr, 250, 120\n', encoding="utf-8")
    result = read_table(path)
    assert [tuple(v.strip() for v in r) for r in result.frame.drop(LINE).rows()] == [
        ("1111", "Company, Inc.", "email@domain.com", "1000", "1000"), ("1112", "Dupont, Fils", "ventes@dupont.fr", "250", "120")]
    assert any("follow a space after the delimiter" in n for n in result.source.notices)
    # a value that holds a quote after a space, its rows as wide as the header, is read as written
    path.write_text('Name,Note\nDupont, "urgent" he said\nMartin,none\n', encoding="utf-8")
    result = read_table(path)
    assert not any("follow a space" in n for n in result.source.notices)


def test_decimal_commas_inside_quotes_do_not_fool_the_sniffer() -> None:
    result = read_table(CASES / "comma_amounts.csv")
    assert result.source.delimiter == ","
    assert result.frame.rows() == [(2, "Dupont", "1234,50", "F1"), (3, "Durand", "99,90", "F2"), (4, "Martin", "5,00", "F3")]


def test_quoted_fields_keep_delimiters_doubled_quotes_and_newlines() -> None:
    result = read_table(CASES / "quoted.csv")
    assert result.headers == ["Client", "Adresse", "Montant", "Ref"]
    # Line numbers count records (spreadsheet rows), not physical lines.
    assert result.frame.rows() == [
        (2, "Dupont; Fils", "12 rue A\r\nBât. B", "1 234,50", "F1"),
        (3, 'Le "Bon" Coin', "3 av. C\nEtage 2", "10", "F2"),
        (4, "Martin", None, "5", "F3"),
    ]
    assert result.problems.height == 0


def test_values_are_never_converted() -> None:
    result = read_table(CASES / "phones.csv")
    assert result.frame.rows() == [(2, "F1", "0612345678", "007"), (3, "F2", "+33612345678", "0042")]


def test_ragged_rows_are_kept_and_reported() -> None:
    result = read_table(CASES / "ragged.csv")

    assert result.frame.rows() == [
        (2, "Dupont", "10", "F1"),
        (3, "Durand", "20", None),
        (4, "Martin", "30", "F3"),
        (5, 'O"Brian', "40", "F4"),  # a stray quote inside a field is kept as typed
        (6, "Petit", "50", "F5"),  # trailing empty fields lose nothing: not a problem
    ]
    problems = result.problems.select("line", "sheet", "column", "value", "code", "severity").rows()
    assert problems == [
        (3, None, None, "Durand;20", "ragged-row", "error"),
        (4, None, None, "Martin;30;F3;surplus", "ragged-row", "error"),
    ]
    messages = result.problems.get_column("message").to_list()
    assert messages[0].startswith("This row has 2 field(s) but the header has 3: fewer fields")
    assert messages[1].startswith("This row has 4 field(s) but the header has 3: more fields")


def test_ragged_row_inside_a_quoted_file(tmp_path: Path) -> None:
    path = tmp_path / "quoted_ragged.csv"
    path.write_bytes(b'"Client";"Montant";"Ref"\n"A; B";"1";"F1"\n"C";"2"\n"D";"3";"F3";"x; y"\n')
    result = read_table(path)
    assert result.frame.rows() == [(2, "A; B", "1", "F1"), (3, "C", "2", None), (4, "D", "3", "F3")]
    assert result.problems.select("line", "value").rows() == [(3, '"C";"2"'), (4, '"D";"3";"F3";"x; y"')]
    assert result.problems.get_column("message")[1].startswith("This row has 4 field(s)")


def test_a_header_longer_than_every_row_is_said(tmp_path: Path) -> None:
    path = tmp_path / "shifted.csv"
    path.write_bytes(b"id,number,name,phone,total,status,date\nA1,Ann,0341,10,new,2026-03-11\nA2,Bob,0342,20,new,2026-03-12\n")
    result = read_table(path)
    said = [n for n in result.source.notices if n.startswith("The header names 7 columns but every row has 6 fields")]
    assert said and "('date' is blank on every row)" in said[0]
    # rows missing one field of a header that is not longer than all of them: each its own problem, no notice
    path.write_bytes(b"id,number,name\nA1,1,Ann\nA2,2\n")
    assert not any(n.startswith("The header names") for n in read_table(path).source.notices)


def test_rows_numbered_before_a_header_that_leaves_their_numbers_out(tmp_path: Path) -> None:
    # R's write.table: each row's number first, the header naming only the values after it
    path = tmp_path / "r_export.csv"
    path.write_bytes(
        b'"invoice","customer","due","amount"\n'
        b'"1","INV-1","Acme SA","2026-01-10",120.5\n"2","INV-2","Beta SARL","2026-02-11",99\n'
        b'"3","INV-3","Gamma",,10\n'
    )
    result = read_table(path)
    assert result.frame.columns == [LINE, "Column 1", "invoice", "customer", "due", "amount"]
    assert result.frame.row(2) == (4, "3", "INV-3", "Gamma", None, "10")
    assert result.problems.height == 0
    assert any("one field more than the header" in n for n in result.source.notices)


@pytest.mark.parametrize(
    "text",
    [
        # the header names the rows' numbers: the unnamed field is the last one
        b"No;Client;Montant\n1;Acme;100;EUR\n2;Beta;20;USD\n",
        # the first fields count nothing: invoice numbers before an unnamed trailing field
        b"Ref;Client;Montant\nF10;Acme;100;EUR\nF7;Beta;20;USD\n",
    ],
)
def test_a_trailing_unnamed_field_is_not_read_as_row_numbers(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "trailing.csv"
    path.write_bytes(text)
    result = read_table(path)
    assert result.frame.columns[1] != "Column 1"
    assert result.frame.row(0)[1:3] == tuple(text.split(b"\n")[1].decode().split(";")[:2])


def test_unclosed_quote_swallowing_the_rest_of_the_file_is_read_as_spreadsheets_do(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.csv"
    path.write_bytes(b'Client;Montant;Ref\nDupont;10;F1\n"Durand;20;F2\nMartin;30;F3\n')
    result = read_table(path)
    assert result.frame.rows() == [(2, "Dupont", "10", "F1"), (3, "Durand;20;F2\nMartin;30;F3\n", None, None)]
    assert result.problems.select("line", "code").rows() == [(3, "ragged-row")]


def test_a_utf8_file_with_a_cp1252_line_is_decoded_line_by_line_and_says_so() -> None:
    result = read_table(CASES / "mostly_utf8.csv")

    assert result.source.encoding == "utf-8"
    assert result.frame.rows() == [
        (2, "Zoë Müller", "Besançon"),
        (3, "Lefèvre", "Nîmes"),
        (4, "Café du Port", "Brest"),
        (5, "Noël", "Orléans"),
    ]
    assert result.problems.height == 0
    assert result.source.notices == [
        "The file mixes text encodings: it is UTF-8 except for line 4, decoded as cp1252. "
        "Each line was decoded in its own encoding; check those lines."
    ]


def test_mostly_cp1252_with_utf8_lines_never_stores_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    names = ["Hélène Dupré", "Zoë Müller", "Lefèvre Frères", "Noël Gaëlle", "Jérôme Bérénice"]
    lines = [b"Client;Montant"] + [f"{n};{i}".encode("utf-8" if i == 2 else "cp1252") for i, n in enumerate(names)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = read_table(path)
    assert [r[1] for r in result.frame.rows()] == names
    assert "lines 2, 3, 5, 6, decoded as cp1252" in result.source.notices[0]


def test_undecodable_bytes_become_row_problems_naming_the_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    # 0x81 is no character in cp1252; a cut UTF-8 sequence next to a whole one is broken UTF-8
    path.write_bytes("Client;Ville\nZoë Müller;Besançon\n".encode() + b"Caf\x81 du Port;Brest\nNo\xc3\xabl\xc3;Orl\n")
    result = read_table(path)

    assert result.source.encoding == "utf-8"
    assert result.frame.rows() == [(2, "Zoë Müller", "Besançon"), (3, "Caf\ufffd du Port", "Brest"), (4, "Noël\ufffd", "Orl")]
    assert result.problems.select("line", "column", "value", "code", "severity").rows() == [
        (3, "Client", "Caf\ufffd du Port", "undecodable-text", "error"),
        (4, "Client", "Noël\ufffd", "undecodable-text", "error"),
    ]
    assert result.source.notices[0].startswith("Lines 3, 4 of the file hold bytes that are text in no encoding tried")


def test_replacement_characters_already_in_the_file_are_reported() -> None:
    result = read_table(CASES / "replacement_char.csv")
    assert result.problems.select("line", "column", "code").rows() == [(3, "Client", "undecodable-text")]


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("Client;Montant\nLefèvre;10\n".encode("utf-16-le"))
    result = read_table(path)
    assert result.source.encoding == "utf-16-le"
    assert result.frame.rows() == [(2, "Lefèvre", "10")]


def test_cyrillic_cp1251_is_not_forced_into_cp1252(tmp_path: Path) -> None:
    text = "Клиент;Сумма;Город\nИванов Иван;1200;Москва\nПетров Пётр;300;Санкт-Петербург\n"
    path = tmp_path / "ru.csv"
    path.write_bytes(text.encode("cp1251"))
    result = read_table(path)
    assert result.source.encoding == "cp1251"
    assert result.frame.rows() == [(2, "Иванов Иван", "1200", "Москва"), (3, "Петров Пётр", "300", "Санкт-Петербург")]


CZECH = [
    ("Dvořák Jiří", "1200", "Plzeň"),
    ("Řezníček Tomáš", "300", "České Budějovice"),
    ("Příhoda Věra", "45", "Hradec Králové"),
    ("Šťastná Žaneta", "80", "Ústí nad Labem"),
]
POLISH = [("Wałęsa Łukasz", "1200", "Łódź"), ("Żółć Gęślą", "300", "Kraków")]
DANISH = [("Søren Ærø", "12,50", "Århus"), ("Bjørn Sørensen", "3,00", "Køge")]
ITALIAN = [("Niccolò Rossi", "12,50", "Forlì"), ("Perché Sì", "3,00", "Cantù")]
# a French invoicing export's only letter the two code pages read apart: "û" (Hungarian "ű")
FRENCH = [("Société Août", "12,00", "Reste dû")]
# Portuguese's ã, õ and ordinals (cp1250 reads them ă, ő, ş): a Brazilian carrier's receivables
PORTUGUESE = [("IMPPAR (São Jose dos Pinhais)", "35.571,35", "Nº 120222/1"), ("Zantec Usinagem e Manutenção", "80,00", "2ª Região"),
              ("Contribuições Sociais", "10,00", "Não se Aplica")]
ROMANIAN = [("Tranzacţii Braşov", "1200", "Târgu Mureş"), ("Societatea Română", "300", "Piaţa Unirii")]
# a Czech bank's statement, whose letters cp1252 reads as plausibly ("Èíslo úètu", "Zùstatek", "Mìna")
CZECH_STATEMENT = [("Číslo účtu", "Měna", "Zůstatek"), ("123456789", "CZK", "9844,00"), ("Částka", "Období", "Místo")]
# a Hungarian invoice's customers: ő and ű (cp1252 reads them õ, û) beside é, á, ö, ü
HUNGARIAN = [("Győri Fűtéstechnika Kft.", "337 566", "Győr"), ("Kőműves Bt.", "12 000", "Sopron"),
             ("Szűcs és Társa", "4 500", "Pécs")]
# a Croatian statement: ć and č (cp1252 reads them æ, è) beside š and ž, which both write alike
CROATIAN = [("Plaćeno", "Račun", "Šibenik"), ("Kovačić d.o.o.", "1.250,00", "Požega"), ("Dospijeće", "Iznos", "Zagreb")]
# Catalan, whose graves and acutes are Western both
CATALAN = [("Població", "Telèfon", "Pàgina"), ("Límit", "Només", "Informàtica"), ("Sòlid", "Música", "Ciència")]
# an Argentine issuer's capitals, a letter it lost written "¿" (cp1250 reads it ż): one Ñ left
SPANISH = [("MU¿OZ ANALIA", "290329,83", "CORDOBA"), ("PE¿A JORGE", "1200,00", "SAN JUAN"),
           ("IBA¿EZ LUIS", "45,10", "SALTA"), ("NUÑEZ ROSA", "80,00", "N º 3")]
# a Turkish bank's POS statement in cp1254: ş, ğ, ı and İ (cp1250 reads them ţ, đ, ý, Ý)
TURKISH = [("PEŞİN SATIŞ", "17290,85", "İşlem Tutarı"), ("Açıklama", "9632,22", "Ağrı"), ("Gökçe Öztürk", "13,75", "Muğla")]
# a Lithuanian bank's statement in cp1257: š, ž, ė, ų (cp1250 reads them đ, ţ, ë, ř)
LITHUANIAN = [("Vardenė Pavardenis", "9,00", "Įmokų surinkimas"), ("Žemaitė Šarūnė", "283,50", "Marijampolė"),
              ("Mokėjimas už paslaugas", "12,00", "Šiauliai")]


@pytest.mark.parametrize(
    ("rows", "encoding"),
    [(CZECH, "cp1250"), (POLISH, "cp1250"), (DANISH, "cp1252"), (ITALIAN, "cp1252"), (FRENCH, "cp1252"),
     (PORTUGUESE, "cp1252"), (ROMANIAN, "cp1250"), (SPANISH, "cp1252"), (CZECH_STATEMENT, "cp1250"),
     (CATALAN, "cp1252"), (HUNGARIAN, "cp1250"), (CROATIAN, "cp1250"), (TURKISH, "cp1254"),
     (LITHUANIAN, "cp1257")],
)
def test_the_code_pages_of_latin_scripts_are_told_apart(tmp_path: Path, rows: list[tuple[str, ...]], encoding: str) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(("Klient;Kwota;Miasto\n" + "".join(";".join(r) + "\n" for r in rows)).encode(encoding))
    result = read_table(path)
    assert result.source.encoding == encoding
    assert result.frame.drop(LINE).rows() == rows


def test_non_utf8_byte_far_into_a_file_is_still_decoded_right(tmp_path: Path) -> None:
    # The first megabyte is plain ASCII; the only accented letters come after it.
    head = "Client;Montant\n" + "".join(f"Client {i};{i}\n" for i in range(80_000))
    path = tmp_path / "late_accent.csv"
    path.write_bytes(head.encode("ascii") + "Lefèvre;10\n".encode("cp1252"))
    result = read_table(path)
    assert result.source.encoding == "cp1252"
    assert result.frame.height == 80_001
    assert result.frame.row(-1) == (80_002, "Lefèvre", "10")


def test_a_file_whose_only_other_byte_is_a_no_break_space_is_western_text(tmp_path: Path) -> None:
    # a French export in cp1252 with no accented letter, whose amounts put a no-break space (0xA0)
    # between thousands: a Baltic or Cyrillic code page would read it as a letter
    rows = "".join(f"CMD{i:04d};CLI{i:03d};{i}\xa0234,50;31/07/1998\n" for i in range(1, 40))
    path = tmp_path / "ventes.csv"
    path.write_bytes(("stcncde;stccdcli;stcmtlig;stcdateliv\n" + rows).encode("cp1252"))
    result = read_table(path)
    assert result.source.encoding == "cp1252"
    assert result.frame.row(0)[3] == "1\xa0234,50"


def test_rows_that_formulas_leave_below_a_table_are_excluded(tmp_path):
    rows = ["factura_id,fecha,nombre,cliente_id,condicion_pago,fecha_vencimiento,total_factura",
            "1,11/10/2025,NINAVIBES S.L.,422777310396,21,1/11/2025,\"430,57\"",
            ",,,,,,",
            "2,12/10/2025,Las Tablas del Rey,423549031616,21,2/11/2025,\"215,33\""]
    rows += [",,,#N/A,21,21,0"] * 40 + [",,,,20,20,0"] * 200 + [",,,,20,20,"]
    path = tmp_path / "facturas.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.frame["factura_id"].to_list() == ["1", "2"]
    assert "Rows 5–245 excluded: 241 rows at the end of the table that repeat a few values, with no first column and " \
           "no text of their own (what a spreadsheet's formulas leave below its rows)." in result.source.notices
    # formulas whose results are words ("Nuevo", "No hay"), one row dragged down 300 times
    words = rows[:4] + [",,,,Nuevo,No hay,0"] * 300
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.frame["factura_id"].to_list() == ["1", "2"]
    assert any(n.startswith("Rows 5–304 excluded: 300 rows at the end") for n in result.source.notices)
    # rows with words that differ, with no first column: data, kept
    differ = rows[:4] + [f",,,,Cliente {n},No hay,{n}" for n in range(3, 40)]
    path.write_text("\n".join(differ) + "\n", encoding="utf-8")
    assert read_table(path).frame.height == 39
    # rows of numbers alone that differ, at the end of a file of numbers: data, kept
    numbers = ["Compte,Montant", "411001,10", "411002,20"] + [f",{n}" for n in range(3, 40)]
    path.write_text("\n".join(numbers) + "\n", encoding="utf-8")
    assert read_table(path).frame.height == 39


def test_text_decoded_twice_by_the_system_that_wrote_it_is_read_as_written_first(tmp_path: Path) -> None:
    # a Chilean collection agency's list: UTF-8 names read as Latin-1 by its system, then saved again
    path = tmp_path / "cartera.csv"
    path.write_text(
        "num_doc;nombre;direccion\n51407;MARTÃ\x8dNEZ PINTO JAIME;CAMINO A LOS QUEÃ‘ES KM 12\n"
        "51408;SÃO PAULO LTDA;Itâ€™s here\n51409;OLIVARES YAÃ‘EZ;Av. Matta 123\n",
        encoding="utf-8",
    )
    result = read_table(path)
    assert [row[2] for row in result.frame.rows()] == ["MARTÍNEZ PINTO JAIME", "SÃO PAULO LTDA", "OLIVARES YAÑEZ"]
    assert [row[3] for row in result.frame.rows()][:2] == ["CAMINO A LOS QUEÑES KM 12", "It’s here"]
    assert ("Column 'nombre': 2 cell(s) held text decoded twice by the system that wrote the file "
            "('MARTÃ\\x8dNEZ PINTO JAIME'): read as 'MARTÍNEZ PINTO JAIME'.") in result.source.notices


def test_a_header_of_the_sheets_own_column_letters_names_no_column(tmp_path: Path):
    """A hand-kept sheet whose first row writes the column letters ("A", "B", "C", "D") over a date,
    an amount, a name and an e-mail: its columns are unnamed, read by their values; letters out of
    their places are names ("B" over the first column)."""
    path = tmp_path / "overdue.csv"
    path.write_text("A,B,C,D\n2024-07-17,188.89,John Smith,john@example.com\n2023-05-19,3999,Trisha Day,trisha@example.com\n",
                    encoding="utf-8")
    assert read_table(path).headers == ["Column 1", "Column 2", "Column 3", "Column 4"]
    path.write_text("B,A,Name\n2024-07-17,188.89,John Smith\n2023-05-19,3999,Trisha Day\n", encoding="utf-8")
    assert read_table(path).headers == ["B", "A", "Name"]


def test_a_vietnamese_total_to_pay_below_the_grand_total_is_a_totals_row(tmp_path: Path):
    """A freight forwarder's statement: under its 'Grand Total', the VAT line and 'Tổng Giá trị thanh
    toán' (the total to pay) had been read as a row, the statement's sum imported twice over."""
    path = tmp_path / "statement.csv"
    path.write_text(
        "NO,DATE,B/L NO,TOTAL AMOUNT (VND)\n1,2026-06-20,2002521938,5870540\n2,2026-06-20,2002521947,3310500\n"
        "Grand Total,,,9181040\nThuế GTGT 0%,,,\nTổng Giá trị thanh toán,,,9181040\n", encoding="utf-8")
    read = read_table(path)
    assert "Tổng Giá trị thanh toán" not in read.frame["NO"].to_list()
    assert [e.reason for e in read.source.excluded_lines if e.line in (4, 6)] == ["totals", "totals"]
