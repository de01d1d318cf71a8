"""Currencies: codes, symbols and names to ISO 4217; unknown ones; conflicts with the amount cell."""

import pytest

from getbill_import.validate import ValidationOptions
from getbill_import.validate.currencies import ISO_4217, resolve_currency


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("EUR", "EUR"), ("eur", "EUR"), (" usd ", "USD"), ("€", "EUR"), ("$", "USD"), ("£", "GBP"),
        ("CHF", "CHF"), ("euro", "EUR"), ("Euros", "EUR"), ("EURO", "EUR"), ("dollar US", "USD"),
        ("dollars US", "USD"), ("US Dollar", "USD"), ("livre sterling", "GBP"), ("Livres Sterling", "GBP"),
        ("pound sterling", "GBP"), ("franc suisse", "CHF"), ("Swiss franc", "CHF"), ("dollar canadien", "CAD"),
        ("yen", "JPY"), ("couronne suédoise", "SEK"), ("Dirham marocain", "MAD"), ("zł", "PLN"),
        # the marks of Central and Eastern Europe in capitals, as currency columns write them
        ("LEI", "RON"), ("Lei", "RON"), ("KČ", "CZK"), ("FT", "HUF"), ("ZŁ", "PLN"), ("leva", "BGN"), ("TL", "TRY"),
        ("руб.", "RUB"), ("грн", "UAH"),
    ],
)
def test_currency_column_values(check, cell, code):
    result = check([{"currency": cell}])
    assert check.column(result, "currency") == [code]
    assert check.codes(result) == []


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("United States Dollar - USD", "USD"), ("EUR – Euro", "EUR"), ("Euro (EUR)", "EUR"), ("USD ($)", "USD"),
        ("Schweizer Franken - CHF", "CHF"), ("GBP: Pound Sterling", "GBP"),
        # a name or symbol of another currency beside the code, two codes, an unknown code: no currency
        ("Euro - USD", None), ("USD (€)", None), ("CHF - EUR", None), ("Zorkmid - ZZZ", None), ("Total - EUR", "EUR"),
        # a product's code ("SVC-022": a service, no Salvadoran colón)
        ("SVC-022", None), ("CHF-1", None),
    ],
)
def test_a_code_written_beside_its_name_is_the_code(cell, code):
    assert resolve_currency(cell) == code


def test_iso_list_is_data_with_current_codes_only():
    assert {"EUR", "USD", "GBP", "CHF", "JPY", "XOF", "XPF"} <= ISO_4217
    assert not {"XXX", "XTS", "XAU", "FRF", "DEM"} & ISO_4217
    assert resolve_currency("FRF") is None


@pytest.mark.parametrize(("cell", "suggestion"), [("XYZ", None), ("EUT", "EUR"), ("eurso", "EUR"), ("dolalr", "USD")])
def test_invalid_currency_with_nearest_code(check, cell, suggestion):
    result = check([{"currency": cell}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["field"], problem["value"]) == (2, "Devise", "currency", cell)
    assert (problem["code"], problem["severity"], problem["suggestion"]) == ("invalid-currency", "error", suggestion)
    assert problem["message"] == f"Unknown currency '{cell}': use an ISO 4217 code such as EUR, USD or GBP."
    assert check.column(result, "__valid__") == [False]


def test_currency_in_the_amount_cell_must_agree_with_the_currency_column(check):
    result = check([{"amount": "$40.00", "currency": "EUR"}, {"amount": "40.00 €", "currency": "EUR"}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["value"], problem["code"]) == (2, "Devise", "EUR", "currency-mismatch")
    assert problem["message"] == "The amount is written in dollars ($) but the currency column says EUR."
    assert check.column(result, "__valid__") == [False, True]


def test_a_dollar_sign_is_the_default_currencys_dollar_else_the_us_one(check):
    from getbill_import.validate import ValidationOptions

    rows = [{"amount": "110,00 $"}, {"amount": "$40.00"}, {"amount": "US$ 5.00"}]
    result = check(rows)
    assert check.column(result, "currency") == ["USD", "USD", "USD"]
    # said: "$" alone may be a peso ("US$" may not)
    assert [n for n in result.notices if "'$'" in n] == [
        "2 amount(s) written with '$' and no currency column are read in US dollars (USD): '$' is also the sign of the "
        "peso (Argentina, Mexico, Chile, Colombia, Uruguay) and of the other dollars: if the amounts are in one of them, "
        "set GETBILL_DEFAULT_CURRENCY (ARS, MXN, CLP, COP, CAD, AUD…)."
    ]
    canadian = check(rows, options=ValidationOptions(default_currency="CAD", currency_given=True))
    assert check.column(canadian, "currency") == ["CAD", "CAD", "USD"]
    assert not [n for n in canadian.notices if "'$'" in n]
    argentine = check(rows[:1], options=ValidationOptions(default_currency="ARS", currency_given=True))
    assert check.column(argentine, "currency") == ["ARS"]
    # beside a currency column saying CAD, "$" agrees with it
    assert not check([{"amount": "$40.00", "currency": "CAD"}]).problems.height


def test_empty_currency_cell_takes_the_default(check):
    result = check([{"currency": ""}, {"currency": None}, {"currency": "GBP"}])
    assert check.column(result, "currency") == ["EUR", "EUR", "GBP"]


def test_an_empty_currency_cell_among_several_currencies_is_an_error(check):
    """A currency column naming EUR, USD and GBP, none on most rows, blank on one row: its currency
    is no more the default than any of them; the row is refused, said on it. An amount naming its own
    is read. Among rows nearly all in one currency, a blank cell is the default's."""
    result = check([{"currency": "EUR"}, {"currency": "USD"}, {"currency": ""}, {"currency": "GBP"},
                    {"currency": None, "amount": "$40.00"}])
    assert check.codes(result) == [(4, "missing-currency")]
    problem = check.one(result)
    assert (problem["column"], problem["severity"]) == ("Devise", "error")
    assert problem["message"] == ("The currency is blank, and the file's other rows are in several currencies (EUR, GBP, "
                                  "USD): write this row's currency.")
    assert check.column(result, "__valid__") == [True, True, False, True, True]
    assert not any("the default currency" in n for n in result.notices)
    mostly = check([*({"currency": "EUR"} for _ in range(8)), {"currency": "USD"}, {"currency": ""}])
    assert check.codes(mostly) == [] and check.column(mostly, "currency")[-1] == "EUR"


@pytest.mark.parametrize(
    ("cell", "value", "code"),
    [("Rp2.500.000,00", "2500000.00", "IDR"), ("RM 1,200.00", "1200.00", "MYR"), ("S/ 120.00", "120.00", "PEN"),
     ("1 200,00 лв", "1200.00", "BGN"),
     # a Russian ISP's "р." (the rouble abbreviated), before the number, a minus before it; "руб." after it
     ("р.234,00", "234.00", "RUB"), ("1 200,50 руб.", "1200.50", "RUB"),
     # the South African rand, before the number only ("R5000", "R 1 875.50")
     ("R5000", "5000.00", "ZAR"), ("R 1 875.50", "1875.50", "ZAR"), ("R5,000.00", "5000.00", "ZAR")],
)
def test_the_symbols_of_more_currencies_are_read_in_the_amount(check, cell, value, code):
    result = check([{"amount": cell}, {"amount": cell}])
    assert [str(v) for v in check.column(result, "amount")] == [value, value]
    assert check.column(result, "currency") == [code, code]
    assert check.codes(result) == []


def test_a_rand_after_the_number_or_a_letter_in_a_reference_is_no_currency(check):
    """'R' is the rand before an amount's number only: "5000 R" is no amount, and a document number
    "R07765" in the reference column stays the reference."""
    result = check([{"amount": "5000 R", "reference": "R07765"}, {"amount": "120.00", "reference": "R07766"}])
    assert check.codes(result) == [(2, "invalid-amount")]
    assert check.column(result, "reference") == ["R07765", "R07766"]


def test_kr_is_one_of_four_crowns_the_currency_column_or_the_default_says_which(check):
    rows = [{"amount": "2 500,00 kr"}, {"amount": "1 200,50 kr"}]
    undecided = check(rows)
    assert check.codes(undecided) == [(2, "ambiguous-currency"), (3, "ambiguous-currency")]
    problem = check.problems(undecided)[0]
    assert (problem["line"], problem["column"], problem["value"], problem["code"]) == (2, "Montant TTC", "2 500,00 kr", "ambiguous-currency")
    assert problem["message"] == (
        "The amount is written in SEK, NOK, DKK or ISK and no currency column says which: add one, or set the "
        "default currency (GETBILL_DEFAULT_CURRENCY) to the right one."
    )
    by_default = check(rows, options=ValidationOptions(default_currency="SEK"))
    assert check.codes(by_default) == [] and check.column(by_default, "currency") == ["SEK", "SEK"]
    by_column = check([{**rows[0], "currency": "NOK"}, {**rows[1], "currency": "EUR"}])
    assert check.column(by_column, "__valid__") == [True, False]
    clash = check.one(by_column)
    assert clash["code"] == "currency-mismatch"
    assert clash["message"] == "The amount is written in SEK, NOK, DKK or ISK but the currency column says EUR."



def test_codes_and_names_of_latin_american_exports_are_read():
    from getbill_import.validate.currencies import resolve_currency

    # Argentina's e-invoicing writes its peso PES and the dollar DOL
    assert [resolve_currency(v) for v in ("PES", "DOL", "Pesos argentinos", "Real", "Saudi Riyal", "peso")] == [
        "ARS", "USD", "ARS", "BRL", "SAR", None,
    ]
    # a peso of no one country is suggested as none of them
    from getbill_import.validate.currencies import suggest_currency

    assert [suggest_currency(v) for v in ("PESOS", "Francs", "dolalr")] == [None, None, "USD"]
    # Peru's sol and the dollar, by their Spanish names, as an ERP's currency column writes them
    assert [resolve_currency(v) for v in ("SOL", "Soles", "Nuevos Soles", "DOLARES", "Dólares americanos")] == [
        "PEN", "PEN", "PEN", "USD", "USD",
    ]


@pytest.mark.parametrize(
    ("header", "code"),
    [("Open Advance (ILS)", "ILS"), ("Total EUR", "EUR"), ("Montant €", "EUR"), ("Balance (in USD)", "USD"),
     ("Montant [eur]", "EUR"), ("Amount", None), ("Due Amount", None), ("Total TTC", None), ("Solde (EUR/USD)", None),
     # a field name writing a common code among its words
     ("converted_usd", "USD"), ("amount_eur", "EUR"), ("gbp total", "GBP"), ("mad_amount", None), ("usd_eur_rate", None),
     ("balance_krw", "KRW"), ("amount_sgd", "SGD"), ("pen_total", None), ("all_amounts", None),
     # a symbol with the letters that open it: the Brazilian real is no US dollar
     ("Valor (R$)", "BRL"), ("Valor em R$", "BRL"), ("Saldo (NZ$)", "NZD"), ("Total$", "USD")],
)
def test_the_currency_a_header_names(header, code):
    from getbill_import.validate.currencies import currency_in_header

    assert currency_in_header(header) == code


@pytest.mark.parametrize(("cell", "code"), [
    ("Honduran Lempira", "HNL"), ("Polish Zloty", "PLN"), ("Thai Baht", "THB"), ("South African Rand", "ZAR"),
    ("Peruvian Sol", "PEN"),
])
def test_a_currency_named_with_its_countrys_adjective_is_read(cell, code):
    # QuickBooks names currencies so ("CurrencyRefFullName"); a word several currencies share says none
    assert resolve_currency(cell) == code
    assert resolve_currency("Fake Dollar") is None and resolve_currency("Nice Pesos") is None


def test_currencies_named_in_arabic_and_hebrew_are_read():
    """An Iraqi distributor's statement names each invoice's currency in words ('دينار عراقي', 'دولار'):
    the column had been set aside as text, and dinars and dollars added up as one currency. A dinar
    of no country named is none."""
    assert [resolve_currency(v) for v in ("دينار عراقي", "دولار", "ريال سعودي", "درهم إماراتي", "جنيه مصري", "ש\"ח",
                                          "دينار")] == ["IQD", "USD", "SAR", "AED", "EGP", "ILS", None]
