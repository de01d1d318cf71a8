"""Values signals: what a column's contents are, from a sample."""

import polars as pl
import pytest

from getbill_import.config import bundled_mappings_dir
from getbill_import.mapping.values import profile_values, sample_column

MAPPINGS = bundled_mappings_dir()


def kinds(values):
    return profile_values(sample_column(pl.Series(values, dtype=pl.String)), MAPPINGS)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["anne@exemple.fr", "p.durand@mail.co.uk", "x_y+z@sub.example.org"], "email"),
        (["06 12 34 56 78", "+33 1 42 56 78 90", "0145678901", "(555) 123-4567"], "phone"),
        # kept as text by a spreadsheet, an apostrophe before them
        (["'+584147248772", "'+584121234567", "'04141234567"], "phone"),
        (["15/01/2026", "2026-01-15", "2026-01-15 00:00:00", "02 Sep 2026", "15.01.26", "3 janv. 2026"], "date"),
        (["/Date(1645829571576)/", "/Date(1648421571576+0100)/"], "date"),
        # JavaScript dates written as text (a Node script's CSV)
        (["Tue Dec 31 2024 00:00:00 GMT+0300 (Arabian Standard Time)", "Thu Feb 19 2026 00:00:00 GMT-0500"], "date"),
        (["2017-05-18 00:00:00 UTC", "2017-06-01 10:20:00 UTC", "2017-06-03 00:00:00 GMT"], "date"),
        # a time of the day in 12 hours, as .NET, SQL Server and field-service software write it
        (["2026-01-09 12:00 AM", "1/9/2026 12:00:00 PM", "23/03/2023 12:57:43 P.M.", "2026/01/09 10:00"], "date"),
        (["1 234,56", "1,440.00", "89.90", "€ 12,50", "-45,00", "1.234,56 EUR"], "amount"),
        # the currencies and groupings the validation reads: the mapper takes them for amounts too
        (["Rp2.500.000,00", "2 500,00 kr", "₹1,20,000.00", "RM 1,200.00", "1.200,00 zł", "Rs. 45,000"], "amount"),
        # whole amounts with a dash for their cents
        (["60,-", "1.234,--", "45.– CHF", "€ 12,-"], "amount"),
        (["EUR", "usd", "GBP", "€", "CHF"], "currency"),
        # Latin American ERPs' currency names: "PESOS" is the peso of the country the file points to
        (["PESOS", "DOLARES", "Pesos", "SOLES", "Reais"], "currency"),
        (["France", "Deutschland", "United Kingdom", "FR", "España", "Belgique"], "country"),
        (["75005", "PL1 3EF", "T12 X2Y3", "1012 AB", "10115", "H2X 1Y4"], "postal"),
    ],
)
def test_each_kind_is_recognised(values, kind):
    assert kinds(values).share(kind) == 1.0


def test_a_numbered_document_is_no_phone_number():
    assert kinds(["0001-00002414", "0003-00000017", "0001-00002415"]).share("phone") == 0


def test_kinds_do_not_bleed_into_each_other():
    amounts = kinds(["1 234,56", "89.90", "12,50"])
    assert amounts.share("date") == 0 and amounts.share("phone") == 0 and amounts.share("email") == 0
    dates = kinds(["15/01/2026", "16/01/2026", "2026-02-01"])
    assert dates.share("amount") == 0 and dates.share("phone") == 0
    names = kinds(["Dupont SARL", "Boulangerie Lefèvre", "Garage Müller & Fils"])
    assert names.share("free_text") == 1.0 and names.share("email") == 0


def test_blank_cells_are_not_sampled_and_a_blank_column_says_nothing():
    profile = kinds([None, "", "  ", "a@b.fr", None, "c@d.com", "e@f.org"])
    assert profile.count == 3 and profile.share("email") == 1.0
    assert not kinds([None, "", None]).informative


def test_a_dash_alone_is_a_blank_cell_not_text():
    # a ledger's debit column writes "-" for zero on every credit row: still a column of amounts
    sample = sample_column(pl.Series(["-", "674000.00", "-", "162000.00", "—", "-"]))
    assert sample.to_list() == ["674000.00", "162000.00"]
    profile = profile_values(sample, bundled_mappings_dir())
    assert profile.shares["amount"] == 1.0 and profile.shares["text"] == 0.0


def test_the_sample_is_bounded_and_reaches_past_the_head_of_long_columns():
    column = pl.Series([None] * 10_000 + ["late@example.com"] * 100_000, dtype=pl.String)
    sample = sample_column(column)
    assert 0 < sample.len() <= 500
    assert (sample == "late@example.com").all()


@pytest.mark.parametrize(
    ("values", "counts"),
    [
        (["1", "2", "3", "4"], True),
        (["1", None, "2", "", "3"], True),  # a blank continuation row is skipped
        ([str(n) for n in range(1, 200_001)], True),  # the head of a long column is read in order
        (["1", "2"], False),  # too few to say
        (["1", "3", "2"], False),
        (["0", "1", "2", "3"], True),  # the index a data frame writes first, unnamed
        (["0", "2", "3", "4"], False),
        (["101", "102", "103"], False),
        (["1", "2", "3a"], False),
    ],
)
def test_a_column_counting_its_rows_is_recognised(values, counts):
    assert kinds(values).share("counter") == float(counts)


def test_a_unit_written_like_a_country_code_is_no_country():
    # a unit of measure ("Kg", "Pcs") written in its own case is no country code; codes are written
    # in capitals or in small letters
    assert kinds(["Kg", "Kg", "Kg", "Kg"]).share("country") == 0.0
    assert kinds(["KG", "FR", "de", "esp"]).share("country") == 1.0


def test_a_companys_name_ending_with_its_legal_form_is_a_name_digits_and_all():
    """County owners' names ("1755 N MADISON LLC", "2016 RICHARD D MILLER TRUST") hold digits, but
    end with a company's legal form: names. A street ("1722 N HOOD AVE") or a code does not."""
    assert kinds(["1755 N MADISON LLC", "4R INVESTMENTS LLC", "Costa & Filhos Ltda.", "Acme S.A.",
                  "2016 RICHARD D MILLER TRUST"]).share("name_like") == 1.0
    assert kinds(["1722 N HOOD AVE", "C-0042", "LLC", "12 RUE DE LA PAIX"]).share("name_like") == 0.0


def test_the_original_creditor_of_a_debt_sale_names_no_supplier():
    """A debt buyer's placement names the lender that charged the loans off ("Original Creditor",
    "Creditor Recalled?"): no supplier, no list of payables. A creditor alone still is one."""
    from getbill_import.mapping.values import supplier_columns

    assert supplier_columns(["Original Creditor", "Creditor Recalled?", "Face Value ($)"], MAPPINGS) == []
    assert supplier_columns(["Creditor", "Supplier Name"], MAPPINGS) == ["Creditor", "Supplier Name"]


def test_an_address_or_a_remark_holding_a_number_numbers_no_debt():
    """A document's number holds a digit ("F2024-0001", "FAC 2024 001"); an address does too ("Galvano
    Sanayi Sitesi F Blok No:34 Başakşehir / İstanbul"), but in five words or more: it had been
    offered as the invoices' reference."""
    addresses = ["ORG. SAN. BÖL. GALVANO TEKNİK SAN. SİTESİ F BLOK NO 32 BAŞAKŞEHİR / İSTANBUL",
                 "Galvanoteknik San.Sit. F Blok No:16 İkitelli/İstanbul",
                 "İkitelli OSB Mah. Galvanoteknik San. Sit. Altın Sk. No 42 Başakşehir / İstanbul"]
    assert kinds(addresses).share("numbered") == 0.0
    assert kinds(["F2024-0001", "FAC 2024 002", "INV 7 B"]).share("numbered") == 1.0


def test_numbers_written_in_groups_with_no_trunk_prefix_read_as_phones_and_thousands_do_not():
    """Estonia's, Denmark's, Norway's numbers have no leading 0 ("5123 4567", "20 12 34 56", "912 34
    567"): under a 'Telefon' header they had been kept as metadata, their values not read as phones.
    An amount's groups of thousands ("12 345 678") are no phone."""
    assert kinds(["5123 4567", "20 12 34 56", "912 34 567"]).share("phone_like") == 1.0
    assert kinds(["12 345 678", "1 000 000", "3.050.000"]).share("phone_like") == 0.0


def test_dates_written_with_spanish_or_portuguese_month_names_read_as_dates():
    """A Chilean contractor's register writes "25 de Octubre del 2016": its column had read as no
    dates (0%), and a Mexican bank's "01/ENERO/2020" too."""
    assert kinds(["25 de Octubre del 2016", "5 de março de 2024", "01/ENERO/2020", "3 de enero de 2024"]).share("date") == 1.0
