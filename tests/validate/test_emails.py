"""E-mail addresses: normalised form, invalid syntax with reason and repair, misspelt provider
domains, cells holding several addresses."""

import pytest

from getbill_import.validate.email_domains import find_typos, load_providers


@pytest.mark.parametrize(
    ("cell", "normalized"),
    [
        ("jean.dupont@orange.fr", "jean.dupont@orange.fr"),
        ("  Jean.Dupont@ORANGE.FR ", "Jean.Dupont@orange.fr"),  # the domain is case-insensitive, the local part is kept
        ("Info@Boulangerie-Lefevre.fr", "info@boulangerie-lefevre.fr"),  # RFC 2142 role names are lower-cased
        ("compta+relances@cabinet.co.uk", "compta+relances@cabinet.co.uk"),
        ("hello@nordicdesign.studio", "hello@nordicdesign.studio"),
        ("zoé@exemple.fr", "zoé@exemple.fr"),
        ("contact@xn--caf-dma.fr", "contact@café.fr"),
    ],
)
def test_valid_addresses_are_normalised(check, cell, normalized):
    result = check([{"debtor.email": cell}])
    assert check.column(result, "debtor.email") == [normalized]
    assert check.codes(result) == []


@pytest.mark.parametrize(
    ("cell", "reason", "suggestion"),
    [
        ("paul.martin@@orange.fr", "The part after the @-sign contains invalid characters: '@'.", "paul.martin@orange.fr"),
        ("jean dupont@gmail.com", "The email address contains invalid characters before the @-sign: SPACE.", "jeandupont@gmail.com"),
        ("jean.dupont@gmail,com", "The part after the @-sign contains invalid characters: ','.", "jean.dupont@gmail.com"),
        ("jean.dupont(at)free.fr", "An email address must have an @-sign.", "jean.dupont@free.fr"),
        ("jean.dupont at free.fr", "An email address must have an @-sign.", "jean.dupont@free.fr"),
        ("jean.dupont@free.fr.", "An email address cannot end with a period.", "jean.dupont@free.fr"),
        ("jean.dupont@gmailcom", "The part after the @-sign is not valid. It should have a period.", "jean.dupont@gmail.com"),
        ("jean.dupont@gmial,com", "The part after the @-sign contains invalid characters: ','.", "jean.dupont@gmail.com"),
        ("pas d'email", "An email address must have an @-sign.", None),
        ("@orange.fr", "There must be something before the @-sign.", None),
        ("jean@localhost", "The part after the @-sign is not valid. It should have a period.", None),
    ],
)
def test_invalid_addresses_give_the_reason_and_a_repair_where_possible(check, cell, reason, suggestion):
    result = check([{"debtor.email": cell, "debtor.phone": "0612345678"}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["field"], problem["value"]) == (2, "E-mail", "debtor.email", cell)
    assert (problem["code"], problem["severity"], problem["suggestion"]) == ("invalid-email", "warning", suggestion)
    assert problem["message"] == f"'{cell}' is not a valid e-mail address: {reason[:-1]}; the debt is imported without it."
    # the debt stays, without the address
    assert check.column(result, "debtor.email") == [None]
    assert result.valid == 1


@pytest.mark.parametrize(
    ("cell", "suggestion"),
    [
        ("marie.curie@gmial.com", "marie.curie@gmail.com"),
        ("m.curie@hotmial.fr", "m.curie@hotmail.fr"),
        ("m.curie@orange.fe", "m.curie@orange.fr"),
        ("m.curie@yahoo.ocm", "m.curie@yahoo.com"),
        ("m.curie@gmail.con", "m.curie@gmail.com"),
        ("m.curie@wanado.fr", "m.curie@wanadoo.fr"),
        ("m.curie@wannadoo.fr", "m.curie@wanadoo.fr"),
        ("m.curie@wanadoo.rf", "m.curie@wanadoo.fr"),
        ("M.Curie@GMIAL.COM", "M.Curie@gmail.com"),
    ],
)
def test_misspelt_provider_domain_is_a_warning_with_the_corrected_address(check, cell, suggestion):
    result = check([{"debtor.email": cell}])
    problem = check.one(result)
    assert (problem["line"], problem["column"], problem["code"], problem["severity"], problem["value"]) == (
        2, "E-mail", "email-domain-typo", "warning", cell
    )
    assert problem["suggestion"] == suggestion
    assert problem["message"].endswith(f"looks misspelt; did you mean '{suggestion}'?")
    assert result.valid == 1


@pytest.mark.parametrize(
    "domain",
    ["grange.fr", "tree.fr", "free.com", "mail.com", "laposte.fr", "orange.com", "batiplus.com",
     "acme-industrie.fr", "cabinet-benoit.fr", "gmx.de", "email.fr", "sfr.com", "live.be"],
)
def test_real_company_and_provider_domains_are_not_flagged(domain):
    assert find_typos([domain]) == {}


def test_provider_list_is_data_with_common_french_and_international_providers():
    providers = load_providers()
    assert {"orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "gmail.com", "hotmail.fr", "yahoo.fr", "web.de"} <= set(providers)


def _each_used_with_a_warning(check, cells: list[str], used: list[str], code: str, message: str) -> None:
    """Every cell is valid: the address used, and a warning of ``code`` on its line."""
    result = check([{"debtor.email": c} for c in cells])
    assert check.column(result, "debtor.email") == used
    found = check.problems(result)
    assert [(p["line"], p["code"], p["severity"], p["value"]) for p in found] == [
        (i + 2, code, "warning", c) for i, c in enumerate(cells)
    ]
    assert found[0]["message"] == message
    assert result.valid == len(cells)


def test_several_addresses_use_the_first_with_a_warning(check):
    _each_used_with_a_warning(
        check, ["ines.morel@orange.fr;i.morel@gmail.com", "a@free.fr, b@free.fr", "a@free.fr / b@free.fr", "a@free.fr b@free.fr"],
        ["ines.morel@orange.fr", "a@free.fr", "a@free.fr", "a@free.fr"], "multiple-emails",
        "The cell holds several e-mail addresses; the first one, 'ines.morel@orange.fr', is used.",
    )


def test_an_address_written_with_a_name_is_the_address_with_a_warning(check):
    _each_used_with_a_warning(
        check, ["Jean Dupont <jean@free.fr>", '"Dupont, Jean" <Jean@Free.fr>', "<compta@dupont.fr>", "Compta <mailto:compta@dupont.fr>"],
        ["jean@free.fr", "Jean@free.fr", "compta@dupont.fr", "compta@dupont.fr"], "email-with-name",
        "The cell holds a name beside the e-mail address; the address, 'jean@free.fr', is used.",
    )
    # a broken address inside the brackets is still an error
    broken = check([{"debtor.email": "Jean <jean@@free.fr>", "debtor.phone": "0612345678"}])
    assert check.one(broken)["code"] == "invalid-email"


def test_an_address_beside_a_name_after_a_bar_or_in_parentheses_is_the_address_with_a_warning(check):
    # a spreadsheet's contact cells: "Name | address", "Name (address)", "address (Name)"
    _each_used_with_a_warning(
        check, ["Melina Hebert | melina@free.fr", "Kate Caliri-Spiegel|kate@grove.org", "Compta (compta@dupont.fr)",
                "jean@free.fr (Jean Dupont)"],
        ["melina@free.fr", "kate@grove.org", "compta@dupont.fr", "jean@free.fr"], "email-with-name",
        "The cell holds a name beside the e-mail address; the address, 'melina@free.fr', is used.",
    )
    # a space inside an address is no name beside it
    spaced = check([{"debtor.email": "jean dupont@free.fr", "debtor.phone": "0612345678"}])
    assert check.one(spaced)["code"] == "invalid-email"


def test_an_address_followed_by_a_lists_separator_alone_is_the_address(check):
    # a contact cell a list of addresses left with its separator: nothing is said of it
    result = check([{"debtor.email": c} for c in ("liacy@etevaldonogueira.com.br,", "ana@globex.com;", "jo@free.fr , ")])
    assert check.column(result, "debtor.email") == ["liacy@etevaldonogueira.com.br", "ana@globex.com", "jo@free.fr"]
    assert not check.problems(result, "invalid-email")


def test_first_of_several_addresses_is_checked(check):
    result = check([{"debtor.email": "a@gmial.com; b@free.fr"}])
    assert sorted(p["code"] for p in check.problems(result)) == ["email-domain-typo", "multiple-emails"]
    assert check.problems(result, "email-domain-typo")[0]["suggestion"] == "a@gmail.com"


def test_same_address_on_many_lines_is_checked_once_and_reported_on_each(check):
    result = check([{"debtor.email": "x@gmial.com"}] * 3)
    assert check.codes(result) == [(2, "email-domain-typo"), (3, "email-domain-typo"), (4, "email-domain-typo")]


def test_a_providers_domain_under_a_countrys_suffix_is_no_typo():
    from getbill_import.validate.email_domains import find_typos

    # Chilean, Argentine and Mexican addresses of providers that have a domain in most countries
    assert find_typos(["live.cl", "hotmail.com.ar", "yahoo.com.mx", "outlook.cl"]) == {}
    # a misspelt suffix that is no country, or one more often ".com" mistyped, still is
    assert find_typos(["yahoo.fe", "hotmail.co", "live.cm"]) == {
        "yahoo.fe": "yahoo.fr", "hotmail.co": "hotmail.com", "live.cm": "live.com",
    }
