"""Phone numbers: national and international shapes to E.164, the row's country as region,
numbers that lost their leading zero, invalid numbers with the reason."""

import pytest

from getbill_import.validate import ValidationOptions


@pytest.mark.parametrize(
    ("cell", "e164"),
    [
        ("0612345678", "+33612345678"),
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("06\u00a012\u00a034\u00a056\u00a078", "+33612345678"),
        ("06\u202f12\u202f34\u202f56\u202f78", "+33612345678"),
        ("(01) 42 56 78 90", "+33142567890"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33(0)142567890", "+33142567890"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+49 40 3070 1234", "+494030701234"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("06 12 34 56 78 ext. 12", "+33612345678"),
    ],
)
def test_numbers_to_e164_in_the_default_region(check, cell, e164):
    result = check([{"debtor.phone": cell}])
    assert check.column(result, "debtor.phone") == [e164]
    assert check.codes(result) == []


def test_the_rows_country_is_the_region_of_national_numbers(check):
    result = check([
        {"debtor.phone": "01752 960123", "debtor.address.country": "United Kingdom"},
        {"debtor.phone": "040 30701234", "debtor.address.country": "Allemagne"},
        {"debtor.phone": "0470 12 34 56", "debtor.address.country": "BE"},
        {"debtor.phone": "0590 27 12 34", "debtor.address.country": "Guadeloupe"},
        {"debtor.phone": "01 42 56 78 90", "debtor.address.country": "Atlantis"},
    ])
    assert check.column(result, "debtor.phone") == [
        "+441752960123", "+494030701234", "+32470123456", "+590590271234", "+33142567890"
    ]
    assert check.codes(result) == [(6, "invalid-country")]


def test_a_number_written_with_its_country_code_but_no_plus_is_read_as_international(check):
    # a French mobile of a client in the United Kingdom, its "+" dropped; a German one in a French
    # file; digits counted up are a placeholder, whatever country they would dial
    result = check([
        {"debtor.phone": "33618376107", "debtor.address.country": "United Kingdom"},
        {"debtor.phone": "49 151 12345678"},
        {"debtor.phone": "12345678901", "debtor.email": "jean@free.fr"},
    ])
    assert check.column(result, "debtor.phone") == ["+33618376107", "+4915112345678", None]
    assert [code for _, code in check.codes(result)] == ["invalid-phone"]


def test_default_region_comes_from_options(check):
    result = check([{"debtor.phone": "0470 12 34 56"}], options=ValidationOptions(default_region="BE"))
    assert check.column(result, "debtor.phone") == ["+32470123456"]


@pytest.mark.parametrize("cell", ["612345678", "6 12 34 56 78", "142567890", "612345678.0"])
def test_french_number_that_lost_its_leading_zero(check, cell):
    result = check([{"debtor.phone": cell}])
    problem = check.one(result)
    expected = "+33" + cell.replace(" ", "").removesuffix(".0")
    assert (problem["line"], problem["column"], problem["field"], problem["value"]) == (2, "Téléphone", "debtor.phone", cell)
    assert (problem["code"], problem["severity"], problem["suggestion"]) == ("phone-missing-leading-zero", "warning", expected)
    assert problem["message"] == f"'{cell}' lost its leading 0 (a spreadsheet stored it as a number); read as {expected}."
    assert check.column(result, "debtor.phone") == [expected]
    assert result.valid == 1


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("12345", "too short for FR"),
        ("06 12 34", "too short for FR"),
        ("+33 1 23", "too short for FR"),
        ("06 12 34 56 78 90", "too long for FR"),
        ("0711223344", "invalid prefix: no such number range for FR"),
        # numbers typed to fill a required cell, valid in some country or not
        ("0000000000", "a placeholder typed to fill the cell, not a number"),
        ("1234567890", "a placeholder typed to fill the cell, not a number"),
        ("99 99 99 99 99", "a placeholder typed to fill the cell, not a number"),
        ("+999 123 456 789", "invalid or missing country code"),
        ("abc", "not a phone number"),
    ],
)
def test_invalid_numbers_give_the_reason(check, cell, reason):
    result = check([{"debtor.phone": cell, "debtor.email": "jean@free.fr"}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["value"], problem["code"], problem["severity"]) == (
        2, "Téléphone", cell, "invalid-phone", "warning"
    )
    assert problem["message"] == f"'{cell}' is not a valid phone number: {reason}; the debt is imported without it."
    # the debt stays, without the number
    assert check.column(result, "debtor.phone") == [None]
    assert result.valid == 1


def test_a_debt_left_with_no_valid_channel_is_said_to_be_unreachable(check):
    result = check([{"debtor.phone": "12345", "debtor.email": None}])
    assert sorted(code for _, code in check.codes(result)) == ["invalid-phone", "no-contact-channel"]
    assert result.valid == 1


def test_empty_phone_is_not_a_problem(check):
    result = check([{"debtor.phone": ""}, {"debtor.phone": "  "}, {"debtor.phone": None}])
    assert check.column(result, "debtor.phone") == [None, None, None]
    assert check.codes(result) == []


def test_several_numbers_in_a_cell_use_the_first_with_a_warning(check):
    # (a Temenos T24 export writes its value mark between them: "ý")
    cells = ["06 12 34 56 78 / 01 23 45 67 89", "0612345678; 0123456789", "06 12 34 56 78 ou 01 23 45 67 89",
             "0612345678ý0123456789"]
    result = check([{"debtor.phone": c} for c in cells])
    assert check.column(result, "debtor.phone") == ["+33612345678"] * 4
    found = check.problems(result)
    assert [(p["line"], p["code"], p["severity"], p["value"]) for p in found] == [
        (i + 2, "multiple-phones", "warning", c) for i, c in enumerate(cells)
    ]
    assert found[0]["message"] == "The cell holds several phone numbers; the first one, +33612345678, is used."
    assert result.valid == 4


def test_a_word_in_brackets_after_the_number_is_left_aside_and_slashes_inside_one_number_stay(check):
    cells = ["+33 6 12 34 56 78 (portable)", "01 42 56 78 90 (standard)", "06/12/34/56/78"]
    result = check([{"debtor.phone": c} for c in cells])
    assert check.column(result, "debtor.phone") == ["+33612345678", "+33142567890", "+33612345678"]
    assert check.codes(result) == []


def test_a_number_written_after_its_label_is_read():
    from getbill_import.validate import validate_frame
    from tests.validate.test_frame import mapped

    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "1", "debtor.phone": phone}
            for i, phone in enumerate(["Tel.: 06 12 34 56 78", "Wpp.: 06 12 34 56 78/Cel.: 07 12 34 56 78", "Mobile 0612345678"])]
    result = validate_frame(mapped(rows), columns={})
    assert result.cases["debtor.phone"].to_list() == ["+33612345678"] * 3
    assert result.problems["code"].to_list() == ["multiple-phones"]


def test_a_brazilian_number_written_without_a_zero_lost_nothing(check):
    result = check([{"debtor.phone": "85 98591-8635", "debtor.address.country": "BR"}])
    assert check.column(result, "debtor.phone") == ["+5585985918635"]
    assert check.codes(result) == []
