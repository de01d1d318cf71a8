"""Amounts: every shape an export writes, the per-column decimal separator, and each amount code."""

from decimal import Decimal

import pytest

from getbill_import.validate import ValidationOptions


@pytest.mark.parametrize(
    ("cell", "amount", "currency"),
    [
        ("2340.00", "2340.00", "EUR"),
        ("2 340,00", "2340.00", "EUR"),
        ("2\u00a0340,00 €", "2340.00", "EUR"),  # non-breaking space
        ("2\u202f340,00", "2340.00", "EUR"),  # narrow non-breaking space
        ("2,340.00", "2340.00", "EUR"),
        ("2.340,00", "2340.00", "EUR"),
        ("€2340", "2340.00", "EUR"),
        ("EUR 2340", "2340.00", "EUR"),
        ("2340 EUR", "2340.00", "EUR"),
        ("2340 eur", "2340.00", "EUR"),
        ("$12.50", "12.50", "USD"),
        ("£ 1,200.00", "1200.00", "GBP"),
        ("CHF 99.90", "99.90", "CHF"),
        ("99,90 CHF", "99.90", "CHF"),
        ("12,5", "12.50", "EUR"),
        ("1'234.50", "1234.50", "EUR"),
        ("1 234 567,89", "1234567.89", "EUR"),
        ("0012.30", "12.30", "EUR"),
        # Persian and Arabic-Indic digits, the Arabic decimal mark
        ("۲۵۰۰", "2500.00", "EUR"),
        ("٢٥٠٠٫٥٠", "2500.50", "EUR"),
        (".5", "0.50", "EUR"),
        ("  42  ", "42.00", "EUR"),
        ("12.500", "12500.00", "EUR"),  # alone, a point before three digits groups thousands (with a warning)
        ("9999999999999999.99", "9999999999999999.99", "EUR"),
        # grouped the Indian way: thousands, then lakhs and crores
        ("1,20,000.00", "120000.00", "EUR"),
        ("₹12,34,567.50", "1234567.50", "INR"),
        ("Rp2.500.000,00", "2500000.00", "IDR"),
        # a whole amount with a dash for its cents, as German, French and Swiss prices write it
        ("60,-", "60.00", "EUR"),
        ("1.234,--", "1234.00", "EUR"),
        ("45.– CHF", "45.00", "CHF"),
        ("€ 60,-", "60.00", "EUR"),
        # tax included, as an amount owed is
        ("1 234,56 € TTC", "1234.56", "EUR"),
    ],
)
def test_amount_shapes(check, cell, amount, currency):
    result = check([{"amount": cell}])
    assert check.column(result, "amount") == [Decimal(amount)]
    assert check.column(result, "currency") == [currency]
    assert [code for _, code in check.codes(result)] == (["ambiguous-amount"] if cell == "12.500" else [])


def test_a_dash_alone_is_zero_as_an_accounting_format_writes_it(check):
    # Excel's accounting format writes zero as a dash: nothing to collect, not an unreadable cell
    result = check([{"amount": "  -   "}, {"amount": " $ -   "}, {"amount": "  27.605.761,51 "}])
    assert check.column(result, "amount") == [Decimal("0.00"), Decimal("0.00"), Decimal("27605761.51")]
    assert [code for _, code in check.codes(result)] == ["zero-amount", "zero-amount"]


def test_decimal_separator_is_decided_by_the_column(check):
    # "1,234" says nothing by itself; the other values of the column use a decimal comma
    result = check([{"amount": "1,234"}, {"amount": "15,50"}, {"amount": "2 000,00"}])
    assert check.column(result, "amount") == [None, Decimal("15.50"), Decimal("2000.00")]
    assert check.one(result) | {"message": None} == {
        "line": 2, "sheet": None, "column": "Montant TTC", "field": "amount", "value": "1,234",
        "code": "too-many-decimals", "severity": "error", "message": None, "suggestion": "1,23",
    }
    # the same cell in a column of decimal points is one thousand two hundred and thirty-four
    result = check([{"amount": "1,234"}, {"amount": "15.50"}, {"amount": "2,000.00"}])
    assert check.column(result, "amount") == [Decimal("1234.00"), Decimal("15.50"), Decimal("2000.00")]
    assert check.codes(result) == []


def test_a_value_that_proves_its_separator_is_read_as_written_whatever_its_column(check):
    # 12.50 and 656.35 can only be read one way: no error, the column's mix is said once
    result = check([{"amount": "10,50"}, {"amount": "20,00"}, {"amount": "1 234,56"}, {"amount": "12.50"}, {"amount": "656.35"}])
    assert check.column(result, "amount") == [
        Decimal("10.50"), Decimal("20.00"), Decimal("1234.56"), Decimal("12.50"), Decimal("656.35")
    ]
    assert check.codes(result) == []
    assert result.valid == 5
    assert result.notices == [
        "Amounts of column 'Montant TTC' mix decimal separators: 3 use a comma, 2 use a point; each was read as written."
    ]


def test_in_a_mixed_column_only_values_ambiguous_by_themselves_follow_the_majority(check):
    # "2,340.00" and "1.234,56" prove themselves; "1,234" follows the column (decimal point: 1234)
    result = check([{"amount": "2,340.00"}, {"amount": "15.50"}, {"amount": "1.234,56"}, {"amount": "1,234"}])
    assert check.column(result, "amount") == [Decimal("2340.00"), Decimal("15.50"), Decimal("1234.56"), Decimal("1234.00")]
    assert check.codes(result) == []


def test_a_value_unreadable_under_its_own_evidence_is_still_invalid_with_a_suggestion(check):
    result = check([{"amount": "10,50"}, {"amount": "1.234.56"}])
    problem = check.one(result)
    assert (problem["line"], problem["code"], problem["value"], problem["suggestion"]) == (3, "invalid-amount", "1.234.56", "1234,56")
    assert problem["message"] == "'1.234.56' is not an amount."


def test_ambiguous_column_is_read_as_thousands_with_one_warning(check):
    result = check([{"amount": "500"}, {"amount": "1,234"}, {"amount": "2,500"}])
    assert check.column(result, "amount") == [Decimal("500.00"), Decimal("1234.00"), Decimal("2500.00")]
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["value"], problem["code"], problem["severity"]) == (
        3, "Montant TTC", "1,234", "ambiguous-amount", "warning"
    )
    assert problem["message"] == (
        "Amounts of column 'Montant TTC' such as '1,234' have one separator before three digits and no other "
        "amount of the column tells whether it separates thousands or decimals; they were read as thousands "
        "(this one as 1234.00)."
    )
    assert result.valid == 3


def test_missing_amount(check):
    result = check([{"amount": ""}, {"amount": None}, {"amount": "   "}])
    assert check.codes(result) == [(2, "missing-amount"), (3, "missing-amount"), (4, "missing-amount")]
    assert result.valid == 0


@pytest.mark.parametrize(
    ("column", "cell", "suggestion"),
    [
        (["5.00"], "abc", None),
        (["5.00"], "12O.50", "120.50"),  # letter O for zero
        (["5,00"], "1O0,00", "100,00"),
        (["5.00"], "1.234.56", "1234.56"),  # the last separator is the decimal one
        (["5,00"], "12,345,67", "12345,67"),
        (["5.00"], "=HYPERLINK(\"http://x\")", None),
        (["5.00"], "(12", None),  # unbalanced parenthesis
        (["5.00"], "EUR 5 USD", None),  # two currencies
        (["5.00"], "99999999999999999.00", None),  # beyond Decimal(18, 2)
    ],
)
def test_invalid_amount(check, column, cell, suggestion):
    result = check([{"amount": v} for v in column] + [{"amount": cell}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["value"], problem["code"], problem["severity"]) == (
        3, "Montant TTC", cell, "invalid-amount", "error"
    )
    assert problem["suggestion"] == suggestion
    assert check.column(result, "__valid__") == [True, False]


def test_zero_amount(check):
    result = check([{"amount": "0,00"}, {"amount": "0"}])
    assert check.codes(result) == [(2, "zero-amount"), (3, "zero-amount")]
    assert result.valid == 0


@pytest.mark.parametrize("cell", ["-120.00", "(120.00)", "120.00-", "- 120,00 €", "€-120", "(€120.00)"])
def test_negative_amount_is_a_credit_note(check, cell):
    result = check([{"amount": cell}])
    problem = check.one(result)
    assert (problem["code"], problem["value"], problem["severity"]) == ("negative-amount", cell, "error")
    assert check.column(result, "amount") == [Decimal("-120.00")]


def test_a_ledgers_side_after_the_amount_gives_its_sign(check):
    # Tally's and MYOB's balances: "Dr" owed by the customer, "Cr" in its favour
    result = check([{"amount": "1,234.00 Dr"}, {"amount": "200.00 Cr"}, {"amount": "350.50CR"}, {"amount": "75 dr."},
                    {"amount": "Dr"}])
    assert check.column(result, "amount") == [Decimal("1234.00"), Decimal("-200.00"), Decimal("-350.50"), Decimal("75.00"), None]
    assert check.codes(result) == [(3, "negative-amount"), (4, "negative-amount"), (6, "invalid-amount")]


def test_a_few_cents_below_zero_are_said_to_be_what_rounding_left(check):
    result = check([{"amount": "-0.01"}, {"amount": "-0.05"}, {"amount": "-0.06"}])
    messages = [p["message"] for p in check.problems(result, "negative-amount")]
    assert messages == [
        "'-0.01' is a few cents below zero, what rounding left of a paid invoice: nothing to collect.",
        "'-0.05' is a few cents below zero, what rounding left of a paid invoice: nothing to collect.",
        "'-0.06' is negative (a credit note?): only amounts owed can be collected.",
    ]
    assert result.valid == 0


@pytest.mark.parametrize(
    ("column", "cell", "suggestion"),
    [(["5.00"], "1999.999", "2000.00"), (["5,00"], "10,125", "10,13"), (["5.00"], "0.004", "0.00")],
)
def test_too_many_decimals_suggests_the_amount_rounded_to_cents(check, column, cell, suggestion):
    result = check([{"amount": v} for v in column] + [{"amount": cell}])
    problem = check.one(result)
    assert (problem["line"], problem["code"], problem["suggestion"]) == (3, "too-many-decimals", suggestion)
    assert check.column(result, "amount")[1] is None


def test_trailing_zero_decimals_are_not_too_many(check):
    result = check([{"amount": "12.500"}, {"amount": "3.5"}])
    assert check.column(result, "amount") == [Decimal("12.50"), Decimal("3.50")]
    assert check.codes(result) == []


def test_a_full_stop_typed_after_an_amounts_cents_is_no_part_of_it(check):
    """A state's list of delinquent taxpayers, converted from a PDF: " 7547.63. " beside "1,619.00"."""
    result = check([{"amount": " 7547.63. "}, {"amount": "1,619.00"}, {"amount": "$ 12.50."}])
    assert check.column(result, "amount") == [Decimal("7547.63"), Decimal("1619.00"), Decimal("12.50")]
    assert check.codes(result) == []


def test_currency_in_amount_cell_fills_an_absent_currency_column_cell(check):
    result = check([{"amount": "$ 40.00", "currency": ""}, {"amount": "40.00", "currency": ""}])
    assert check.column(result, "currency") == ["USD", "EUR"]


def test_default_currency_comes_from_options(check):
    result = check([{"amount": "40.00"}], options=ValidationOptions(default_currency="CHF"))
    assert check.column(result, "currency") == ["CHF"]


def test_a_value_a_spreadsheet_computed_is_read_to_the_cent_and_three_decimals_stay_a_problem():
    from decimal import Decimal

    from getbill_import.validate import validate_frame
    from tests.validate.test_frame import mapped

    def run(cells):
        rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": v, "debtor.email": "a@b.fr"} for i, v in enumerate(cells)]
        return validate_frame(mapped(rows), columns={})

    # among amounts of two decimals, three are a typo or thousands: a problem
    result = run(["120.50", "80.00", "1.234", "1.2340000", "9027.578659917"])
    assert result.cases["amount"].to_list() == [Decimal("120.50"), Decimal("80.00"), None, None, Decimal("9027.58")]
    assert result.problems.select("line", "code").rows() == [
        (7, "too-many-decimals"), (8, "too-many-decimals"), (9, "amount-rounded"),
    ]
    assert result.problems["message"][2] == (
        "'9027.578659917' has more than two decimals (a computed value): it is read to the cent, 9027.58."
    )
    # in a column of computed values, a value of three decimals is one whose fourth is 0
    result = run(["9027.578659917", "27.890002296", "0.999999", "1.2345000", "1.234", "1.2340000"])
    assert result.cases["amount"].to_list() == [
        Decimal("9027.58"), Decimal("27.89"), Decimal("1.00"), Decimal("1.23"), Decimal("1.23"), Decimal("1.23"),
    ]
    assert set(result.problems["code"]) == {"amount-rounded"}
    assert result.valid == 6
    # three decimals after four digits or more are no thousands group: a column of them is a loan
    # book's computed arrears (134501.565), read to the cent with its values of three decimals
    result = run(["134501.565", "2157.70", "98.40", "1317.275", "5560.005", "120.125"])
    assert result.cases["amount"].to_list() == [
        Decimal("134501.57"), Decimal("2157.70"), Decimal("98.40"), Decimal("1317.28"), Decimal("5560.01"), Decimal("120.13"),
    ]
    assert set(result.problems["code"]) == {"amount-rounded"}
    # one alone among amounts of two decimals may be a typo (1999.99 typed with a 9 more)
    result = run(["134501.565", "2157.70", "98.40", "1317.275"])
    assert result.problems.select("line", "code").rows() == [(5, "too-many-decimals"), (8, "too-many-decimals")]


def test_amounts_in_a_currency_of_three_decimals_are_read_to_the_cent_and_said_once():
    from getbill_import.validate import validate_frame
    from tests.validate.test_frame import mapped

    def run(cells, currencies=None, **options):
        rows = [
            {"reference": f"A{i}", "debtor.name": "N", "amount": v, "debtor.email": "a@b.tn",
             **({"currency": currencies[i]} if currencies else {})}
            for i, v in enumerate(cells)
        ]
        return validate_frame(mapped(rows), columns={"amount": "Montant"}, options=ValidationOptions(**options))

    # a dinar's fils: three decimals are the currency's own, not a typo; one notice, no row problem
    result = run(["1234,567", "10,500", "0,005", "2,000"], ["TND", "TND", "TND", "TND"])
    assert result.cases["amount"].to_list() == [Decimal("1234.57"), Decimal("10.50"), Decimal("0.01"), Decimal("2.00")]
    assert result.valid == 4 and "too-many-decimals" not in set(result.problems["code"])
    assert result.notices[0] == (
        "2 amount(s) of column 'Montant' have three decimals, as amounts in TND do; cases keep two, "
        "so they were rounded half up to the hundredth (each by 0.005 at most)."
    )
    # a column that proves no separator: in dinars, a lone one before three digits is the fils'
    result = run(["1.500", "12.750", "250.000", "2.125"], default_currency="KWD", currency_given=True)
    assert result.cases["amount"].to_list() == [Decimal("1.50"), Decimal("12.75"), Decimal("250.00"), Decimal("2.13")]
    assert "ambiguous-amount" not in set(result.problems["code"])
    # the currency written in the cell counts, and the same values in euros stay a problem
    result = run(["1234.567 KWD", "99.50", "1234.567"])
    assert result.cases["amount"].to_list() == [Decimal("1234.57"), Decimal("99.50"), None]
    assert result.problems.select("line", "code").rows() == [(7, "too-many-decimals")]
    result = run(["1.500", "12.750", "250.000"])
    assert result.cases["amount"].to_list() == [Decimal("1500.00"), Decimal("12750.00"), Decimal("250000.00")]

