"""``apply_mapping``: canonical String columns, the composed name, metadata as JSON."""

import json

import polars as pl

from getbill_import.fields import LINE, METADATA
from getbill_import.mapping import (
    ColumnMapping,
    MappingResult,
    apply_mapping,
    map_columns,
    mapping_columns_for_reports,
)


def source() -> pl.DataFrame:
    return pl.DataFrame(
        {
            LINE: [5, 6, 7],
            "N° facture": ["F-1", "F-2", "F-3"],
            "Prénom": ["Anne", " Paul ", None],
            "Nom": ["Martin", "Durand", "Petit"],
            "Téléphone": ["0612345678", "06 12 34 56 79", None],
            "Solde": ["1 200,00", "0,50", "89,90"],
            "Montant HT": ["1 000,00", "0,42", "74,92"],
            "Lettrage": ["AA", None, "AB"],
        },
        schema_overrides={LINE: pl.Int64},
    )


def test_mapped_fields_become_string_columns_named_by_the_field_values_untouched():
    frame = source()
    out = apply_mapping(frame, map_columns(frame))
    assert out.columns == [LINE, "debtor.name", "debtor.phone", "amount", "reference", METADATA]
    assert all(out.schema[c] == pl.String for c in out.columns if c != LINE)
    assert out[LINE].to_list() == [5, 6, 7]
    assert out["debtor.phone"].to_list() == ["0612345678", "06 12 34 56 79", None]
    assert out["amount"].to_list() == ["1 200,00", "0,50", "89,90"]


def test_first_and_last_names_compose_the_debtor_name_trimmed():
    frame = source()
    out = apply_mapping(frame, map_columns(frame))
    assert out["debtor.name"].to_list() == ["Anne Martin", "Paul Durand", "Petit"]
    blank = pl.DataFrame({"Prénom": ["", None], "Nom": ["  ", None]})
    mapping = MappingResult(
        [ColumnMapping("Prénom", "debtor.first_name", 1.0, "mapped", "x"), ColumnMapping("Nom", "debtor.last_name", 1.0, "mapped", "x")]
    )
    assert apply_mapping(blank, mapping)["debtor.name"].to_list() == [None, None]


def test_unmapped_columns_travel_as_a_json_object_per_row_with_nulls_kept():
    frame = source()
    out = apply_mapping(frame, map_columns(frame))
    rows = [json.loads(text) for text in out[METADATA]]
    assert rows[0] == {"Montant HT": "1 000,00", "Lettrage": "AA"}
    assert rows[1] == {"Montant HT": "0,42", "Lettrage": None}


def test_to_confirm_columns_are_applied_and_unmapped_ones_are_not():
    frame = pl.DataFrame({"Ref": ["A"], "Montant à relancer": ["12,00"], "Zorglub": ["z"]})
    mapping = map_columns(frame)
    assert {c.column: c.status for c in mapping.columns}["Montant à relancer"] == "to_confirm"
    out = apply_mapping(frame, mapping)
    assert out["amount"].to_list() == ["12,00"]
    assert json.loads(out[METADATA][0]) == {"Zorglub": "z"}


def test_no_unmapped_column_gives_an_empty_object_and_a_missing_line_is_numbered_from_2():
    frame = pl.DataFrame({"Référence": ["A", "B"], "Solde": ["1", "2"]})
    out = apply_mapping(frame, map_columns(frame))
    assert out[METADATA].to_list() == ["{}", "{}"]
    assert out[LINE].to_list() == [2, 3]


def test_a_blank_name_is_taken_from_the_name_parts_then_from_the_company():
    """Master data that fills a firm's name or a person's first and last names (DATEV's
    Debitoren): each row's debtor is whichever it gives."""
    frame = pl.DataFrame({
        "Client": ["Dupont SA", None, " ", None], "Prénom": [None, "Jean", None, None], "Nom": [None, "Martin", None, None],
        "Société": [None, None, "Roux SARL", None],
    })
    mapping = MappingResult(columns=[
        ColumnMapping("Client", "debtor.name", 1.0, "mapped", "profile"),
        ColumnMapping("Prénom", "debtor.first_name", 1.0, "mapped", "profile"),
        ColumnMapping("Nom", "debtor.last_name", 1.0, "mapped", "profile"),
        ColumnMapping("Société", "debtor.company", 1.0, "mapped", "profile"),
    ])
    out = apply_mapping(frame, mapping)
    assert out["debtor.name"].to_list() == ["Dupont SA", "Jean Martin", "Roux SARL", None]
    assert out["debtor.company"].to_list() == [None, None, "Roux SARL", None]
    # a company alone beside no name column stays the company (the name is missing)
    alone = apply_mapping(frame.select("Société"), MappingResult(columns=[ColumnMapping("Société", "debtor.company", 1.0, "mapped", "x")]))
    assert "debtor.name" not in alone.columns


def test_report_columns_name_the_composed_name_after_its_parts():
    frame = source()
    assert mapping_columns_for_reports(map_columns(frame)) == {
        "debtor.name": "Prénom + Nom",
        "debtor.phone": "Téléphone",
        "amount": "Solde",
        "reference": "N° facture",
    }
    with_name = pl.DataFrame({"Client": ["X"], "Prénom": ["a"], "Nom": ["b"]})
    assert mapping_columns_for_reports(map_columns(with_name)) == {"debtor.name": "Client"}


def test_a_million_rows_are_applied_columnar():
    rows = 1_000_000
    frame = pl.DataFrame(
        {
            LINE: pl.int_range(2, rows + 2, eager=True),
            "Prénom": pl.Series(["Anne", "Paul"] * (rows // 2)),
            "Nom": pl.Series(["Martin", "Durand"] * (rows // 2)),
            "Solde": pl.Series(["12,00", "7,50"] * (rows // 2)),
            "Lettrage": pl.Series(["AA", None] * (rows // 2)),
        }
    )
    out = apply_mapping(frame, map_columns(frame))
    assert out.height == rows
    assert out["debtor.name"][rows - 1] == "Paul Durand"
    assert json.loads(out[METADATA][rows - 1]) == {"Lettrage": None}


def _addresses(columns: dict[str, list[str | None]]) -> pl.DataFrame:
    frame = pl.DataFrame({LINE: list(range(2, 2 + len(next(iter(columns.values()))))), **columns},
                         schema_overrides={LINE: pl.Int64})
    return frame.with_columns(pl.col(c).cast(pl.String) for c in columns)


def test_a_street_is_written_with_its_house_number_and_flat_from_columns_of_their_own():
    base = {"Factuur": ["F1", "F2", "F3", "F4"], "Klant": ["Jansen BV", "De Vries", "Bakker", "Visser"],
            "Openstaand": ["100,00", "200,00", "300,00", "400,00"]}
    dutch = _addresses({**base, "Straat": ["Kerkstraat", "Dorpsweg", "Markt", None],
                        "Huisnummer": ["12", "5", None, "7"], "Toevoeging": ["A", None, None, "2"]})
    result = map_columns(dutch)
    assert result.field_columns()["debtor.address.house_number"] == "Huisnummer"
    assert result.field_columns()["debtor.address.unit"] == "Toevoeging"
    assert "debtor.address.line2" not in result.field_columns()
    out = apply_mapping(dutch, result)
    assert out["debtor.address.line1"].to_list() == ["Kerkstraat 12 A", "Dorpsweg 5", "Markt", "7/2"]
    assert "Huisnummer" not in json.loads(out[METADATA][0])
    assert ("debtor.address.line1: the street of 'Straat' is written with the house number of 'Huisnummer' and the "
            "flat of 'Toevoeging' (line 2: 'Kerkstraat 12 A').") in result.notices
    # the number before the street on the rows of a country that writes it so, after it elsewhere
    mixed = _addresses({**base, "Straße": ["Hauptstraße", "rue de la Paix", "Baker Street", "ul. Kościuszki"],
                        "Hausnr.": ["12", "3", "221B", "13b/1"], "Land": ["DE", "France", "GB", "PL"]})
    assert apply_mapping(mixed, map_columns(mixed))["debtor.address.line1"].to_list() == [
        "Hauptstraße 12", "3 rue de la Paix", "221B Baker Street", "ul. Kościuszki 13b/1",
    ]
    # a street that holds its numbers already is left as it is
    frame = _addresses({"Rechnung": ["R1", "R2", "R3"], "Kunde": ["Müller GmbH", "Schmidt KG", "Weber"],
                        "Offen": ["10,00", "20,00", "30,00"], "Straße": ["Hauptstraße 12", "Ringweg 3", "Am Markt 1"],
                        "Hausnummer": ["12", "3", "1"]})
    result = map_columns(frame)
    assert "debtor.address.house_number" not in result.field_columns()
    assert apply_mapping(frame, result)["debtor.address.line1"].to_list() == ["Hauptstraße 12", "Ringweg 3", "Am Markt 1"]


def test_a_column_of_whole_addresses_is_not_lost_to_a_street_without_its_numbers():
    rows = {"Identyfikator sprawy": ["RE1", "RE2", "RE3"], "Nazwa dłużnika": ["Jan Kowalski", "Anna Nowak", "Ewa Zając"],
            "Kwota zadłużenia": ["100,00 PLN", "200,00 PLN", "300,00 PLN"],
            "Adres_korespondencyjny_raw": ["Kościuszki 13b/1, 67-100 Nowa Sól", "Leleszki 21, 12-130 Pasym",
                                           "Bodzów 2/1, 67-115 Bytom Odrzański"],
            "Ulica": ["Kościuszki", "Leleszki", "Bodzów"]}
    result = map_columns(_addresses(rows))
    assert result.field_columns()["debtor.address.line1"] == "Adres_korespondencyjny_raw"
    assert any(n.startswith("debtor.address.line1: 'Ulica' holds streets without their house numbers") for n in result.notices)
    # filled on fewer rows than the street: the street stays, and the notice names the addresses
    few = map_columns(_addresses({**rows, "Adres_korespondencyjny_raw": ["Kościuszki 13b/1, 67-100 Nowa Sól", None, None]}))
    assert few.field_columns()["debtor.address.line1"] == "Ulica"
    assert any("'Adres_korespondencyjny_raw' holds addresses with them on 1 row(s)" in n for n in few.notices)
