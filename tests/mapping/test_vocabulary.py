"""The vocabulary files: loadable, consistent, covering every field in the main languages."""

from pathlib import Path

import pytest

from getbill_import.config import bundled_mappings_dir
from getbill_import.errors import MappingError
from getbill_import.fields import LINE1_PARTS, MAPPING_TARGETS
from getbill_import.mapping.vocabulary import IGNORE, load_vocabulary


def test_bundled_vocabulary_loads_its_languages_and_technical_names():
    vocab = load_vocabulary(bundled_mappings_dir())
    assert set(vocab.languages) == {"fr", "en", "de", "es", "it", "nl", "pl", "cs", "hu", "sv", "da", "no", "fi", "pt", "ro", "fa", "ar", "ru", "sl", "zh", "ja", "ko", "id", "vi", "tr", "uz", "he", "bg", "et", "uk", "technical"}
    assert len(vocab) > 1000


def test_every_field_has_french_and_english_terms_and_ignore_terms_exist():
    vocab = load_vocabulary(bundled_mappings_dir())
    # a house number or a flat is a field only beside its street, never by its header alone
    targets = set(MAPPING_TARGETS) - set(LINE1_PARTS)
    for language in ("fr", "en"):
        covered = {t.field for t in vocab.terms.values() if language in t.language.split(", ")}
        assert targets <= covered, (language, targets - covered)
        assert not covered & set(LINE1_PARTS)
        assert IGNORE in covered


@pytest.mark.parametrize(
    ("term", "role"),
    [("montant ht", "amount before tax"), ("net amount", "amount before tax"), ("subtotal", "amount before tax"),
     ("tva", "tax"), ("vat", "tax"), ("paid", "amount already paid"), ("deja regle", "amount already paid"),
     ("status", "status"), ("compte", "accounting code"), ("journal", "accounting code"),
     ("libelle", "description"), ("date paiement", "payment date"),
     # Stripe's proration flag (TRUE, FALSE): no province
     ("proration", "other"),
     # SAP's net value and tax amount of a billing document: added up when no total is written
     ("netwr", "amount before tax"), ("mwsbp", "tax"), ("cgst", "tax")],
)
def test_ignore_terms_the_brief_names_are_explicit(term, role):
    entry = load_vocabulary(bundled_mappings_dir()).terms[term]
    assert (entry.field, entry.role) == (IGNORE, role)


@pytest.mark.parametrize(
    ("header", "field"),
    [("ФИО", "debtor.name"), ("Наименование организации", "debtor.name"), ("Должник", "debtor.name"),
     ("Корхона номи", "debtor.name"), ("Korxona nomi", "debtor.name"), ("Қарздорлик", "amount"),
     ("Тўлов муддати", "due_date"),
     # a Latin American lender's loan numbers
     ("id_credito", "reference"), ("Id Préstamo", "reference"),
     # what a card portfolio can claim now, and the day it can
     ("Exigible", "amount"), ("Saldo exigible", "amount"), ("Fecha exigible", "due_date"),
     # the last day to pay, as a debtor's list writes it
     ("fecha_max_pago", "due_date"), ("Fecha máxima de pago", "due_date"), ("Fecha tope de pago", "due_date")],
)
def test_names_of_the_debtor_and_the_debt_in_russian_uzbek_and_spanish(header, field):
    from getbill_import.mapping.headers import match_header

    assert match_header(header).field == field


def _write(folder: Path, text: str) -> Path:
    (folder / "synonyms").mkdir(parents=True)
    (folder / "synonyms" / "xx.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_term_given_two_fields_is_refused(tmp_path):
    folder = _write(
        tmp_path,
        'language = "xx"\n[[group]]\nfield = "amount"\nterms = ["Montant"]\n'
        '[[group]]\nfield = "ignore"\nterms = ["MONTANT"]\n',
    )
    with pytest.raises(MappingError, match="reads the same"):
        load_vocabulary(folder)


def test_an_unknown_field_is_refused(tmp_path):
    folder = _write(tmp_path, 'language = "xx"\n[[group]]\nfield = "debtor.shoe_size"\nterms = ["Pointure"]\n')
    with pytest.raises(MappingError, match=r"unknown field 'debtor\.shoe_size'"):
        load_vocabulary(folder)


def test_a_broken_file_is_a_mapping_error_naming_it(tmp_path):
    folder = _write(tmp_path, "language = \n")
    with pytest.raises(MappingError, match=r"xx\.toml"):
        load_vocabulary(folder)


def test_an_empty_folder_is_a_mapping_error(tmp_path):
    with pytest.raises(MappingError, match="No header vocabulary"):
        load_vocabulary(tmp_path)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # a student's arrears in Indonesian, and the due date's short form (jatuh tempo)
        ("Total Tunggakan", "amount"), ("Sisa Tunggakan", "amount"), ("Jatem", "due_date"), ("Tgl Jatem", "due_date"),
        # a patent agency's debit notes; a construction contract's owner, the client it bills
        ("Debit Number", "reference"), ("Debit Note No", "reference"), ("Owner/Client", "debtor.name"),
        # the steps of a collection already under way: no invoice date, no name
        ("PRELEGAL_FECHA", None), ("FECHA_PRELEGAL", None), ("PRELEGAL_ACCION", None), ("Acción", None),
        # the creditor's own professionals
        ("TIMEKEEPER_NAME", None), ("Attorney Name", None), ("Doctor Name", None),
    ],
)
def test_headers_of_arrears_debit_notes_contracts_and_collection_steps(header, field):
    from getbill_import.config import DEFAULT_MAPPED_THRESHOLD
    from getbill_import.mapping import header_field

    found, score, _ = header_field(header)
    if field is None:
        assert found is None or score < DEFAULT_MAPPED_THRESHOLD
    else:
        assert (found, score >= DEFAULT_MAPPED_THRESHOLD) == (field, True)


@pytest.mark.parametrize(
    ("header", "field"),
    # what a claim or a care is for ("disease_name": an insurer's claims, ten diseases over 366 rows), and who
    # sent a transfer ("sender_name", once read "sen" + "der", a sequence): never the debtor; the patient is
    [("disease_name", "ignore"), ("Treatment Name", "ignore"), ("sender_name", "ignore"),
     ("Patient Name", "debtor.name"), ("receiver_name", "debtor.name")],
)
def test_what_a_claim_is_for_and_who_sent_money_name_no_debtor(header, field):
    from getbill_import.mapping.headers import match_header

    assert match_header(header).field == field
