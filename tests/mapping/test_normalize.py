"""Header normalisation: the spellings one header takes across exports compare equal."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from getbill_import.fields import MAPPING_TARGETS
from getbill_import.mapping import header_field, header_score, normalize_header

SAME = [
    ("N° de pièce", "No. Piece", "numero_piece", "Nº pièce", "# Pièce", "Num. pièce"),
    ("Date d'échéance", "DATE ECHEANCE", "date_echeance", "DateEcheance", "Date  Échéance "),
    ("Montant TTC (€)", "Montant TTC", "Montant T.T.C.", "MONTANT TTC EUR", "montant_ttc"),
    ("Due Date (UTC)", "DueDate", "due_date", "Due date"),
    ("E-mail", "Email", "e-mail", "eMail", "E mail"),
    ("Réf. facture", "Ref facture", "Référence facture", "REF. FACTURE"),
    ("Invoice Number", "InvoiceNumber", "Invoice No.", "Invoice #", "invoice_number", "*InvoiceNumber"),
    ("Straße", "Strasse", "STRASSE"),
    ("Termin płatności", "Termin platnosci", "TERMIN PŁATNOŚCI"),  # letters with no decomposition
    ("Montant (2)", "Montant"),
    ("01 - Client", "Client", "C12 Client", "A) Client"),
    ("À payer", "A payer", "To pay", "ToPay", "Zu zahlen", "A cobrar", "Da pagare"),
    # Spanish "por pagar", "por cobrar": still to pay, pending
    ("Por cobrar", "Por pagar", "POR_COBRAR", "Pendiente"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_of_one_header_normalise_alike(spellings):
    assert len({normalize_header(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("POAddressLine1", "po address line 1"),
        ("Billing Street2", "billing street 2"),
        ("Nom du client", "nom client"),
        ("Reste à payer", "reste topay"),
        ("Amount to be paid", "amount topay"),
        ("P. O. #", "po numero"),
        ("A/C", "ac"),
        ("MwSt.", "mw st"),
        ("Città", "citta"),
        ("", ""),
        (None, ""),
    ],
)
def test_normal_forms(header, expected):
    assert normalize_header(header) == expected


def test_owed_survives_while_the_linking_word_du_goes():
    # "dû" (owed) is meaning; "du" (of the) is not
    assert normalize_header("Montant dû TTC") == "montant du ttc"
    assert normalize_header("Reste dû") == "reste du"
    assert normalize_header("Montant du") == "montant du"  # unaccented, at the end: still "owed"
    assert normalize_header("Nom du client") == "nom client"
    assert normalize_header("Montant dû TTC") != normalize_header("Montant TTC")


@pytest.mark.parametrize(
    ("header", "expected"),
    # a letter lost to a wrong decoding ("\ufffd", "?") is put back where it makes a header's word; a
    # database's column name that lost it ("_n_mero_") reads as "numero" alone
    [("N\ufffdmero de orden", "numero orden"), ("Tel\ufffdfono", "telefono"), ("C\ufffddigo postal", "codigo postal"),
     ("Direcci?n", "direccion"), ("_16_n_mero_de_clientes_mora", "16 numero clientes mora"),
     ("What?Now", "what now"), ("Invoice ?", "invoice")],
)
def test_a_letter_lost_to_a_wrong_decoding_is_put_back(header, expected):
    assert normalize_header(header) == expected


def test_address_line_numbers_are_kept():
    assert normalize_header("Adresse 1") != normalize_header("Adresse 2")
    assert normalize_header("Adresse 2") == "adresse 2"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_header_text_normalises_to_plain_words_and_scores_within_bounds(text):
    normal = normalize_header(text)
    assert normal == normal.strip() and "  " not in normal
    assert all(word.isalnum() for word in normal.split())
    field, score, reason = header_field(text)
    assert field is None or field in MAPPING_TARGETS
    assert 0.0 <= score <= 1.0 and reason
    assert 0.0 <= header_score([text, text[:5], ""]) <= 1.0
