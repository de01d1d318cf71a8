"""References, names, scenarios, countries and contact channels."""

import pytest

from getbill_import.validate import ValidationOptions


def test_missing_reference(check):
    result = check([{"reference": ""}, {"reference": None}, {"reference": "F-1"}])
    assert check.codes(result) == [(2, "missing-reference"), (3, "missing-reference")]
    problem = check.problems(result)[0]
    assert (problem["column"], problem["field"], problem["severity"], problem["message"]) == (
        "N° facture", "reference", "error", "The invoice reference is empty."
    )
    assert check.column(result, "__valid__") == [False, False, True]


def test_a_pivot_tables_blank_label_is_no_value(check):
    # a pivot table printed to a sheet writes "(en blanco)" where a label is blank: two such rows are
    # two missing references, not one reference written twice
    result = check([{"reference": "(en blanco)"}, {"reference": "(blank)"}, {"reference": "F-1"}])
    assert check.codes(result) == [(2, "missing-reference"), (3, "missing-reference")]


def test_no_value_as_a_program_writes_it_is_no_value(check):
    # pandas writes "nan" and "NaT" for empty cells, SQL "NULL", a failed lookup "#N/A": none is a
    # name, an e-mail, a date or an amount; a dash alone is a placeholder in a text field
    result = check([
        {"debtor.name": "nan", "debtor.email": "nan", "debtor.phone": "NaN", "due_date": "NaT"},
        {"amount": "NULL", "debtor.address.postal_code": "-", "debtor.address.city": "#N/A"},
        {"reference": "None", "debtor.email": "<NA>"},
    ])
    assert check.codes(result) == [
        (2, "missing-name"), (2, "no-contact-channel"), (3, "missing-amount"), (4, "missing-reference"), (4, "no-contact-channel"),
    ]
    assert check.column(result, "debtor.email") == [None, "jean.dupont@orange.fr", None]
    assert check.column(result, "due_date") == [None, None, None]
    assert check.column(result, "debtor.address.postal_code")[1] is None
    assert check.column(result, "debtor.address.city")[1] is None
    # a name that only looks like one is kept: "Nan" is a name
    assert check.column(check([{"debtor.name": "Nan"}]), "debtor.name") == ["Nan"]


def test_references_are_trimmed(check):
    result = check([{"reference": "  FA-001 "}, {"reference": "FA  002"}])
    assert check.column(result, "reference") == ["FA-001", "FA 002"]


def test_document_numbers_a_data_frame_wrote_as_floats_are_read_whole(check):
    result = check([{"reference": "2960623488.0"}, {"reference": "1930659387.0"}, {"reference": None}])
    assert check.column(result, "reference") == ["2960623488", "1930659387", None]
    # one reference of another kind: the ".0" is part of them all
    kept = check([{"reference": "12.0"}, {"reference": "F-13.0"}])
    assert check.column(kept, "reference") == ["12.0", "F-13.0"]


def test_duplicate_reference_is_an_error_on_every_line_naming_the_others(check):
    result = check([{"reference": "F-7"}, {"reference": "F-8"}, {"reference": "F-7 "}, {"reference": "F-7"}])
    found = check.problems(result, "duplicate-reference")
    assert [(p["line"], p["column"], p["value"], p["severity"]) for p in found] == [
        (2, "N° facture", "F-7", "error"), (4, "N° facture", "F-7 ", "error"), (5, "N° facture", "F-7", "error")
    ]
    # on the next or the previous line, the rows may be the lines of one invoice: the message says what to do
    lines = " If these rows are the lines of one invoice, export one row per invoice, with its total."
    assert [p["message"] for p in found] == [
        "Reference 'F-7' also appears on lines 4, 5.",
        "Reference 'F-7' also appears on lines 2, 5." + lines,
        "Reference 'F-7' also appears on lines 2, 4." + lines,
    ]
    assert check.column(result, "__valid__") == [False, True, False, False]
    # rows of different debtors are no lines of one invoice: a number mistyped, or numbered per debtor
    debtors = check([{"reference": "566310", "debtor.name": "Alfa Ltd"}, {"reference": "566310", "debtor.name": "Beta Ltd"}])
    assert [p["message"] for p in check.problems(debtors, "duplicate-reference")] == [
        "Reference '566310' also appears on line 3. The rows name different debtors: a number mistyped, or numbered "
        "again for each debtor; correct it in the file.",
        "Reference '566310' also appears on line 2. The rows name different debtors: a number mistyped, or numbered "
        "again for each debtor; correct it in the file.",
    ]


def test_a_reference_rounded_into_scientific_notation_is_an_error_of_its_own_not_a_duplicate(check):
    result = check([{"reference": "5.10005E+11"}, {"reference": "5.35E+11"}, {"reference": "5.35E+11"},
                    {"reference": "1,23457E+15"}, {"reference": "71334263"}, {"reference": "2E10"}])
    rounded = check.problems(result, "rounded-reference")
    assert [(p["line"], p["severity"]) for p in rounded] == [(2, "error"), (3, "error"), (4, "error"), (5, "error")]
    assert rounded[0]["message"] == (
        "Reference '5.10005E+11' is a number the spreadsheet rounded into scientific notation: its last digits are "
        "lost, and other invoices may now share it. Format the column as text (or widen it) in the spreadsheet and "
        "export the file again."
    )
    # one problem per row: the two '5.35E+11' are not said to be duplicates as well
    assert check.problems(result, "duplicate-reference") == []
    # a number as written, and a reference that only looks like one ("2E10": no '+'), are kept
    assert check.column(result, "__valid__") == [False, False, False, False, True, True]


def test_duplicate_reference_pair_names_the_other_line(check):
    result = check([{"reference": "A"}, {"reference": "A"}])
    lines = " If these rows are the lines of one invoice, export one row per invoice, with its total."
    assert [p["message"] for p in check.problems(result)] == [
        "Reference 'A' also appears on line 3." + lines, "Reference 'A' also appears on line 2." + lines
    ]


def test_a_reference_repeated_many_times_names_five_lines_and_counts_the_rest(check):
    result = check([{"reference": "R"}] * 9)
    first = check.problems(result)[0]
    assert first["message"] == (
        "Reference 'R' also appears on lines 3, 4, 5, 6, 7 and 3 more."
        " If these rows are the lines of one invoice, export one row per invoice, with its total."
    )
    assert len(check.problems(result)) == 9


def test_missing_name(check):
    result = check([{"debtor.name": "  "}, {"debtor.name": None}])
    assert check.codes(result) == [(2, "missing-name"), (3, "missing-name")]
    assert check.problems(result)[0]["column"] == "Client"
    assert result.valid == 0


def test_names_are_trimmed_and_whitespace_collapsed(check):
    result = check([{"debtor.name": "  Boulangerie \u00a0 Lefèvre\t"}])
    assert check.column(result, "debtor.name") == ["Boulangerie Lefèvre"]


def test_a_name_quoted_whole_loses_its_quotes(check):
    # a field-service export quotes a name holding a comma twice: the cell reads '"Visscher, Klaas"'
    result = check([{"debtor.name": '"Visscher, Klaas"'}, {"debtor.name": "“Smith & Sons”"},
                    {"debtor.name": 'Garage "Chez Paul"'}, {"debtor.name": '""'}])
    assert check.column(result, "debtor.name") == ["Visscher, Klaas", "Smith & Sons", 'Garage "Chez Paul"', None]
    assert check.codes(result) == [(5, "missing-name")]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("jean.dupont@orange.fr", "'jean.dupont@orange.fr' looks like an e-mail address, not a name."),
        ("0612345678", "'0612345678' is a number, not a name."),
        ("1 250,00", "'1 250,00' is a number, not a name."),
        # an API dump's customer written as its key (Unleashed's GUIDs, a document store's object id)
        ("1a2d2582-8fe3-4a19-9cdf-86ca44e1ee30", "'1a2d2582-8fe3-4a19-9cdf-86ca44e1ee30' is a record's key (a GUID or a "
         "hash), not a name: give the customers' names (--debtors FILE joins a customer list by its key)."),
        ("64b7f3e2a1c9d84e5f6a7b8c", "'64b7f3e2a1c9d84e5f6a7b8c' is a record's key (a GUID or a hash), not a name: give "
         "the customers' names (--debtors FILE joins a customer list by its key)."),
    ],
)
def test_suspicious_name_is_a_warning(check, name, message):
    result = check([{"debtor.name": name}])
    problem = check.one(result)
    assert (problem["code"], problem["severity"], problem["column"], problem["value"], problem["message"]) == (
        "suspicious-name", "warning", "Client", name, message
    )
    assert result.valid == 1


@pytest.mark.parametrize("name", ["SCI du 12 rue Victor Hugo", "3M France", "Garage Müller & Fils", "Deadbeef Cafe Ltd"])
def test_names_with_digits_are_not_suspicious(check, name):
    assert check.codes(check([{"debtor.name": name}])) == []


def test_a_tills_anonymous_customer_is_no_debtor(check):
    # Argentina's and Brazil's "final consumer", Mexico's "público en general", a shop's walk-in
    # buyer: invoices billed to nobody in particular, rejected one by one (a debtor is needed)
    names = ["CONSUMIDOR FINAL", "Público en General", "Walk-in Customer", "Client divers.", "Laufkunde",
             "Cash Customer"]
    result = check([{"debtor.name": n} for n in [*names, "Consumidor Final Ltda", "Divers & Fils", "Cashmere SA"]])
    assert check.codes(result) == [(line, "anonymous-name") for line in range(2, 2 + len(names))]
    problem = check.problems(result)[0]
    assert problem["severity"] == "error"
    assert problem["message"].startswith("'CONSUMIDOR FINAL' is the anonymous customer of a till")
    assert result.valid == 3


def test_scenario_defaults_and_known_names(check):
    result = check([{"scenario": ""}, {"scenario": "gentle_2_waves"}, {"scenario": "Firm 4 waves"}])
    assert check.column(result, "scenario") == ["standard_3_waves", "gentle_2_waves", "firm_4_waves"]
    assert check.codes(result) == []


def test_unknown_scenario_suggests_the_closest(check):
    result = check([{"scenario": "standrad_3_waves"}, {"scenario": "recouvrement judiciaire"}])
    found = check.problems(result)
    assert [(p["line"], p["code"], p["severity"], p["suggestion"]) for p in found] == [
        (2, "unknown-scenario", "error", "standard_3_waves"), (3, "unknown-scenario", "error", None)
    ]
    assert found[0]["message"] == (
        "Unknown scenario 'standrad_3_waves'. Known scenarios: standard_3_waves, gentle_2_waves, firm_4_waves, b2b_escalation."
    )


def test_scenarios_and_default_come_from_options(check):
    options = ValidationOptions(scenarios=("doux", "ferme"), default_scenario="doux")
    result = check([{"scenario": ""}, {"scenario": "ferme"}, {"scenario": "standard_3_waves"}], options=options)
    assert check.column(result, "scenario") == ["doux", "ferme", None]
    assert check.codes(result) == [(4, "unknown-scenario")]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("France", "FR"), ("FRANCE", "FR"), ("fr", "FR"), ("FRA", "FR"), ("Allemagne", "DE"), ("Germany", "DE"),
        ("Deutschland", "DE"), ("Royaume-Uni", "GB"), ("United Kingdom", "GB"), ("UK", "GB"), ("Angleterre", "GB"),
        ("États-Unis", "US"), ("USA", "US"), ("Belgique", "BE"), ("Suisse", "CH"), ("Pays-Bas", "NL"),
        ("les Pays-Bas", "NL"), ("Côte d'Ivoire", "CI"), ("La Réunion", "RE"), ("Espagne", "ES"), ("Italia", "IT"),
        # in the language and script of the country's own exports (a Saudi van-sales platform, 1C, Logo)
        ("السعودية", "SA"), ("مصر", "EG"), ("Россия", "RU"), ("Україна", "UA"), ("Türkiye", "TR"), ("Polska", "PL"),
        ("中国", "CN"), ("日本", "JP"), ("Ελλάδα", "GR"),
    ],
)
def test_country_names_and_codes_to_alpha2(check, cell, code):
    result = check([{"debtor.address.country": cell}])
    assert check.column(result, "debtor.address.country") == [code]
    assert check.codes(result) == []


def test_unknown_country_is_a_warning_and_keeps_the_text(check):
    result = check([{"debtor.address.country": "Frnace"}, {"debtor.address.country": "Atlantis"}])
    found = check.problems(result)
    assert [(p["line"], p["code"], p["severity"], p["column"], p["suggestion"]) for p in found] == [
        (2, "invalid-country", "warning", "Pays", "FR"), (3, "invalid-country", "warning", "Pays", None)
    ]
    assert found[1]["message"] == "'Atlantis' is not a country name or ISO 3166 code."
    assert check.column(result, "debtor.address.country") == ["Frnace", "Atlantis"]
    assert result.valid == 2


def test_no_contact_channel_is_a_warning_on_the_row(check):
    result = check(
        [
            {"debtor.name": "A", "amount": "1", "debtor.address.country": "France"},
            {"debtor.name": "B", "amount": "1", "debtor.phone": "0612345678"},
            {"debtor.name": "C", "amount": "1", "debtor.address.city": "Lyon"},
            {"debtor.name": "D", "amount": "1", "debtor.email": "  "},
        ],
        base=False,
    )
    found = check.problems(result)
    assert [(p["line"], p["code"], p["severity"], p["column"], p["field"]) for p in found] == [
        (2, "no-contact-channel", "warning", None, None), (5, "no-contact-channel", "warning", None, None)
    ]
    assert found[0]["message"] == "No e-mail, phone or postal address: the debtor cannot be contacted."
    assert result.valid == 4


def test_values_longer_than_the_store_keeps_are_errors_named_with_their_length(check):
    result = check([
        {"debtor.name": "N" * 501, "reference": "F-1"},
        {"debtor.name": "N" * 500, "reference": "R" * 201},
        {"debtor.name": "Zoë " * 125, "reference": "F-3"},  # 500 characters, more bytes
    ])
    assert check.codes(result) == [(2, "value-too-long"), (3, "value-too-long")]
    first, second = check.problems(result)
    assert (first["field"], first["message"]) == (
        "debtor.name", "The value has 501 characters; at most 500 are kept for this field."
    )
    assert len(first["value"]) == 61  # a shortened copy, not the whole value
    assert second["field"] == "reference"
    assert check.column(result, "__valid__") == [False, False, True]
