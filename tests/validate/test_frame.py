"""validate_frame as a whole: the shape of its result, the case contract, suggestions applied,
the same verdicts whether library checks run in worker processes or not."""

from datetime import date
from decimal import Decimal

import pandera.errors
import polars as pl
import pytest

from getbill_import.fields import CASE_FIELDS, LINE, METADATA
from getbill_import.problems import PROBLEM_SCHEMA
from getbill_import.validate import (
    CASE_SCHEMA,
    CODES,
    SEVERITIES,
    VALID,
    CaseContractError,
    ValidationOptions,
    apply_suggestions,
    validate_frame,
)
from getbill_import.validate.schema import check_cases

MESSY = [
    {"reference": "F-1", "debtor.name": "Jean Dupont", "amount": "1 250,00", "debtor.email": "jean@gmial.com",
     "debtor.phone": "06 12 34 56 78", "due_date": "15/01/2026", "issue_date": "15/12/2025", "currency": "EUR"},
    {"reference": "F-2", "debtor.name": "Marie Curie", "amount": "abc", "debtor.email": "marie at free.fr",
     "debtor.phone": "612345678", "due_date": "31/02/2026", "currency": "euro"},
    {"reference": "F-2", "debtor.name": "", "amount": "12O,50", "debtor.email": "x@free.fr",
     "debtor.phone": "12345", "due_date": "20/01/2026", "scenario": "standrad_3_waves"},
    {"reference": "F-4", "debtor.name": "SARL Côté Jardin", "amount": "99,999", "currency": "XYZ"},
]


def mapped(rows):
    fields = [f for f in CASE_FIELDS if any(f in r for r in rows)]
    return pl.DataFrame(
        {LINE: list(range(5, 5 + len(rows))), **{f: [r.get(f) for r in rows] for f in fields},
         METADATA: [f'{{"Code tiers": "C{i}"}}' for i in range(len(rows))]},
        schema={LINE: pl.Int64, **{f: pl.String for f in fields}, METADATA: pl.String},
    )


COLUMNS = {"reference": "N° pièce", "debtor.name": "Raison sociale", "amount": "Solde dû", "debtor.email": "Mail",
           "debtor.phone": "Tél", "due_date": "Échéance", "issue_date": "Date", "currency": "Devise", "scenario": "Relance"}


def test_cases_hold_every_canonical_field_typed_and_metadata_kept():
    result = validate_frame(mapped(MESSY), columns=COLUMNS, options=ValidationOptions(), sheet="Impayés")
    cases = result.cases
    assert cases.columns == [LINE, VALID, *CASE_FIELDS, METADATA]
    assert cases.schema["amount"] == pl.Decimal(18, 2)
    assert cases.schema["due_date"] == pl.Date and cases.schema["issue_date"] == pl.Date
    assert cases.schema[VALID] == pl.Boolean
    assert all(cases.schema[f] == pl.String for f in CASE_FIELDS if f not in ("amount", "due_date", "issue_date"))
    assert cases[LINE].to_list() == [5, 6, 7, 8]
    assert cases[METADATA].to_list() == [f'{{"Code tiers": "C{i}"}}' for i in range(4)]
    first = cases.row(0, named=True)
    assert (first["amount"], first["currency"], first["debtor.phone"], first["due_date"], first["scenario"]) == (
        Decimal("1250.00"), "EUR", "+33612345678", date(2026, 1, 15), "standard_3_waves"
    )
    assert first["debtor.address.city"] is None and first["debtor.company"] is None
    assert cases[VALID].to_list() == [True, False, False, False]
    assert (result.rows, result.valid, result.invalid, result.warnings) == (4, 1, 3, 1)


def test_problems_follow_the_shared_schema_with_sheet_and_user_columns():
    result = validate_frame(mapped(MESSY), columns=COLUMNS, sheet="Impayés")
    problems = result.problems
    assert problems.schema == pl.Schema(PROBLEM_SCHEMA)
    assert problems["sheet"].unique().to_list() == ["Impayés"]
    assert problems["line"].to_list() == sorted(problems["line"].to_list())
    found = {(p["line"], p["column"], p["code"]) for p in problems.to_dicts()}
    assert found == {
        (5, "Mail", "email-domain-typo"),
        (6, "Solde dû", "invalid-amount"), (6, "Mail", "invalid-email"), (6, "Tél", "phone-missing-leading-zero"),
        (6, "Échéance", "invalid-date"), (6, "N° pièce", "duplicate-reference"),
        (7, "Solde dû", "invalid-amount"), (7, "Raison sociale", "missing-name"), (7, "Tél", "invalid-phone"),
        (7, "N° pièce", "duplicate-reference"), (7, "Relance", "unknown-scenario"),
        (8, "Solde dû", "too-many-decimals"), (8, "Devise", "invalid-currency"), (8, None, "no-contact-channel"),
    }
    assert set(problems["code"]) <= set(CODES)
    assert all(p["severity"] == SEVERITIES[p["code"]] for p in problems.to_dicts())


def test_codes_are_documented_once_each_with_a_severity():
    assert set(CODES) == set(SEVERITIES)
    assert set(SEVERITIES.values()) == {"error", "warning"}
    assert all(code == code.lower() and " " not in code and "\n" not in text for code, text in CODES.items())
    assert {"missing-amount", "invalid-amount", "zero-amount", "negative-amount", "too-many-decimals", "invalid-currency",
            "currency-mismatch", "invalid-date", "ambiguous-date-format", "due-before-issue", "invalid-email",
            "email-domain-typo", "multiple-emails", "invalid-phone", "phone-missing-leading-zero", "missing-reference",
            "duplicate-reference", "missing-name", "suspicious-name", "unknown-scenario", "invalid-country",
            "no-contact-channel"} <= set(CODES)


def test_apply_suggestions_fixes_the_cells_and_lists_the_changes():
    frame = mapped(MESSY)
    result = validate_frame(frame, columns=COLUMNS)
    fixed, changes = apply_suggestions(frame, result.problems)
    assert changes.to_dicts() == [
        {"line": 5, "field": "debtor.email", "old": "jean@gmial.com", "new": "jean@gmail.com"},
        {"line": 6, "field": "debtor.email", "old": "marie at free.fr", "new": "marie@free.fr"},
        {"line": 6, "field": "debtor.phone", "old": "612345678", "new": "+33612345678"},
        {"line": 7, "field": "amount", "old": "12O,50", "new": "120,50"},
        {"line": 7, "field": "scenario", "old": "standrad_3_waves", "new": "standard_3_waves"},
        {"line": 8, "field": "amount", "old": "99,999", "new": "100,00"},
    ]
    assert fixed.columns == frame.columns and fixed.schema == frame.schema
    assert fixed["debtor.name"].to_list() == frame["debtor.name"].to_list()
    again = validate_frame(fixed, columns=COLUMNS)
    assert {(p["line"], p["code"]) for p in again.problems.to_dicts()} == {
        (6, "invalid-amount"), (6, "invalid-date"), (6, "duplicate-reference"), (7, "missing-name"),
        (7, "invalid-phone"), (7, "duplicate-reference"), (8, "invalid-currency"), (8, "no-contact-channel"),
    }


def test_first_and_last_names_compose_the_debtor_name():
    frame = pl.DataFrame(
        {LINE: [2, 3], "reference": ["F", "G"], "amount": ["10", "20"], "debtor.first_name": ["Zoë", None],
         "debtor.last_name": ["Müller", " "], "debtor.phone": ["0612345678", "0612345679"]},
        schema_overrides={LINE: pl.Int64},
    )
    result = validate_frame(frame, columns={"debtor.first_name": "Prénom", "debtor.last_name": "Nom"})
    assert result.cases["debtor.name"].to_list() == ["Zoë Müller", None]
    assert result.cases[METADATA].to_list() == [None, None]
    assert [(p["line"], p["column"], p["code"]) for p in result.problems.to_dicts()] == [(3, "Nom", "missing-name")]
    assert result.valid == 1


def test_notices_tell_how_undecidable_columns_were_read():
    rows = [{"reference": "A", "debtor.name": "N", "amount": "1,500", "due_date": "03/04/2026", "debtor.phone": "0612345678"}]
    result = validate_frame(mapped(rows), columns=COLUMNS)
    assert [code for code in result.problems["code"]] == ["ambiguous-amount", "ambiguous-date-format"]
    assert result.notices == result.problems["message"].to_list()


def test_empty_frame():
    frame = pl.DataFrame(schema={LINE: pl.Int64, "reference": pl.String, "debtor.name": pl.String, "amount": pl.String})
    result = validate_frame(frame, columns={})
    assert (result.rows, result.valid, result.problems.height) == (0, 0, 0)
    assert result.cases.columns == [LINE, VALID, *CASE_FIELDS, METADATA]


def test_library_checks_in_worker_processes_give_the_same_result():
    rows = [
        {"reference": f"R{i}", "debtor.name": "N", "amount": "10",
         "debtor.email": f"user{i}@{'gmail.con' if i % 3 else 'exemple.studio'}" if i % 4 else f"user {i} at free.fr",
         "debtor.phone": f"+44 20 7946 {i:04d}" if i % 2 else f"06 12 34 {i % 100:02d} {i % 97:02d}"}
        for i in range(120)
    ]
    frame = mapped(rows)
    inline = validate_frame(frame, columns=COLUMNS, options=ValidationOptions(parallel_threshold=10**9))
    pooled = validate_frame(frame, columns=COLUMNS, options=ValidationOptions(parallel_threshold=10))
    assert pooled.cases.equals(inline.cases)
    assert pooled.problems.equals(inline.problems)
    assert inline.problems.filter(pl.col("code") == "invalid-email").height == 30


def test_valid_output_satisfies_the_case_schema():
    result = validate_frame(mapped(MESSY), columns=COLUMNS)
    CASE_SCHEMA.validate(result.cases.filter(pl.col(VALID)))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("amount", Decimal("0.00")),
        ("currency", "eur"),
        ("debtor.phone", "0612345678"),
        ("debtor.name", None),
        ("reference", "F-1"),  # duplicated by the second row
        (VALID, False),
    ],
)
def test_case_schema_rejects_a_frame_that_breaks_the_contract(column, value):
    good = validate_frame(
        mapped([{"reference": "F-1", "debtor.name": "A", "amount": "10", "debtor.phone": "0612345678"},
                {"reference": "F-2", "debtor.name": "B", "amount": "20", "debtor.phone": "0612345679"}]),
        columns={},
    ).cases
    CASE_SCHEMA.validate(good)
    dtype = good.schema[column]
    bad = good.with_columns(
        pl.when(pl.col(LINE) == good[LINE].max()).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column)).alias(column)
    )
    with pytest.raises(pandera.errors.SchemaError):
        CASE_SCHEMA.validate(bad)
    with pytest.raises(CaseContractError, match="break the case contract"):
        check_cases(bad)


def test_check_pool_runs_large_batches_in_workers_and_small_ones_here():
    from getbill_import.validate._library import check_phones
    from getbill_import.validate._pool import CheckPool

    items = [(f"06 12 34 {i:02d} {i:02d}", "FR") for i in range(40)] + [("12345", "FR")]
    with CheckPool(threshold=20) as pool:
        large = pool.submit(check_phones, items)
        small = pool.submit(check_phones, items[:5])
        assert large.result() == check_phones(items)
        assert small.result() == check_phones(items[:5])
    assert large.ran_in_workers and not small.ran_in_workers
    assert large.result()[-1] == (None, "too short for FR")


@pytest.mark.parametrize(
    "breaking",
    [
        lambda f: f.with_columns(pl.col("amount").cast(pl.Float64)),
        lambda f: f.drop("currency"),
        lambda f: f.select(reversed(f.columns)),
        lambda f: f.with_columns(pl.lit("x").alias("extra")),
    ],
    ids=["wrong-type", "missing-column", "wrong-order", "extra-column"],
)
def test_case_contract_checks_the_structure_too(breaking):
    good = validate_frame(mapped([{"reference": "F-1", "debtor.name": "A", "amount": "10"}]), columns={}).cases
    check_cases(good)
    check_cases(good.head(0))
    with pytest.raises(CaseContractError, match="break the case contract"):
        check_cases(breaking(good))


def test_the_few_amounts_without_a_sign_take_the_one_nearly_every_other_amount_is_written_in():
    # a tax office's list writes "$" on every amount but a few typed again by hand
    amounts = [f"$ {n},000.00" for n in range(1, 20)] + ["27, 721.44"]
    rows = [{"reference": f"W{i}", "debtor.name": "N", "amount": a} for i, a in enumerate(amounts)]
    result = validate_frame(mapped(rows), columns={"reference": "Warrant", "debtor.name": "Name", "amount": "Amount"})
    assert set(result.cases["currency"].to_list()) == {"USD"}
    said = "1 amount(s) of 'Amount' carry no currency sign among 19 written in USD, and no column gives the currency: "
    assert said + "they are read in USD too." in result.notices


def test_rows_left_in_the_default_currency_are_said_when_the_file_names_others():
    # two amounts say their currency, one says none: it is read in EUR, and the notice says so
    rows = [{"reference": r, "debtor.name": "N", "amount": a} for r, a in (("A", "$120.00"), ("B", "USD 80.00"), ("C", "45.00"))]
    columns = {"reference": "Invoice", "debtor.name": "Customer", "amount": "Total"}
    result = validate_frame(mapped(rows), columns=columns)
    assert result.cases["currency"].to_list() == ["USD", "USD", "EUR"]
    assert [n for n in result.notices if "default currency" in n] == [
        "No column gives the currency, and 1 amount(s) carry no currency sign: they are read in EUR, the default "
        "currency (GETBILL_DEFAULT_CURRENCY sets it). 2 other amount(s) are written in USD: check that those are not "
        "in USD too."
    ]
    # a currency column blank on one row of three
    rows = [{"reference": r, "debtor.name": "N", "amount": "10.00", "currency": c} for r, c in (("A", "GBP"), ("B", "GBP"), ("C", ""))]
    result = validate_frame(mapped(rows), columns={**columns, "currency": "Devise"})
    assert any(n.startswith("'Devise' is blank on 1 row(s) whose amounts carry no currency sign: they are read in EUR")
               for n in result.notices)
    # a row without an amount is in no currency: a currency column blank there says nothing
    rows = [{"reference": r, "debtor.name": "N", "amount": a, "currency": c}
            for r, a, c in (("A", "10.00", "GBP"), ("B", "12.00", "GBP"), ("C", "", ""))]
    result = validate_frame(mapped(rows), columns={**columns, "currency": "Devise"})
    assert not [n for n in result.notices if "default currency" in n]
    # nothing in the file names a currency: the default is the file's, said nowhere
    rows = [{"reference": "A", "debtor.name": "N", "amount": "10.00"}]
    assert not [n for n in validate_frame(mapped(rows), columns=columns).notices if "currency" in n]


def test_phones_invalid_in_the_default_region_are_said_with_the_region_to_set():
    # a Colombian list: seven-digit landlines, no country column, read as French numbers
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"33{i}6327"} for i in range(5)]
    result = validate_frame(mapped(rows), columns={"debtor.phone": "Telefono"})
    assert [n for n in result.notices if "default region" in n] == [
        "5 of 5 phone numbers without a country are not valid numbers of FR, the default region: if the debtors are "
        "in another country, set GETBILL_DEFAULT_REGION to its code (e.g. CO, US, SA) and run again, or add a "
        "country column."
    ]
    # French numbers say nothing of it
    rows = [{"reference": f"A{i}", "debtor.name": "N", "amount": "10.00", "debtor.phone": f"06123456{i}0"} for i in range(5)]
    assert not [n for n in validate_frame(mapped(rows), columns={}).notices if "default region" in n]


def test_marks_of_right_to_left_exports_around_numbers_dates_and_phones_are_not_read():
    # an Arabic or Persian export writes U+200F (and its kin) around the numbers it shows
    rows = [
        {"reference": "A1", "debtor.name": "N", "amount": "\u200f1,234.50", "due_date": "\u200f15/01/2026",
         "debtor.phone": "\u200e06 12 34 56 78"},
        {"reference": "A2", "debtor.name": "N", "amount": "\u202a99.00\u202c", "due_date": "\ufeff2026-03-01\u200f"},
        # a unit separator left before the number by the export
        {"reference": "A3", "debtor.name": "N", "amount": "\u200f\x1f3,507.10", "due_date": "\x1f2026-03-02"},
    ]
    result = validate_frame(mapped(rows), columns={})
    assert result.cases.select("amount", "due_date", "debtor.phone").rows() == [
        (Decimal("1234.50"), date(2026, 1, 15), "+33612345678"), (Decimal("99.00"), date(2026, 3, 1), None),
        (Decimal("3507.10"), date(2026, 3, 2), None),
    ]
    assert result.valid == 3


def test_a_credit_note_whose_lines_make_it_a_debt_is_no_second_debt_of_its_number():
    """A credit note of an invoice's number (below zero: no copy of it by its sign) whose lines add
    up to a debt: two valid debts of one number had broken the case contract (a traceback); both are
    refused as written twice."""
    from tests.validate.conftest import mapped_frame

    frame = mapped_frame([
        {"reference": "189G-68705", "debtor.name": "Instituto Tecnico", "amount": "1226126", "debtor.email": "a@b.co"},
        {"reference": "189G-68706", "debtor.name": "Ferreteria Sol", "amount": "5000", "debtor.email": "c@d.co"},
        {"reference": "189G-68705", "debtor.name": "Instituto Tecnico", "amount": "-1226126", "debtor.email": "a@b.co"},
        {"reference": "189G-68705", "debtor.name": "Instituto Tecnico", "amount": "1256212", "debtor.email": "a@b.co"},
    ])
    result = validate_frame(frame, columns={}, lines=pl.DataFrame({LINE: [5], "invoice": [4]}))
    assert result.cases.filter(pl.col(VALID))["reference"].to_list() == ["189G-68706"]
    twice = result.problems.filter(pl.col("code") == "duplicate-reference")
    assert sorted(twice["line"].to_list()) == [2, 4]
    assert twice["message"][0] == ("Reference '189G-68705' is written on several rows that are each a debt once their lines "
                                   "are added up (lines 2, 4): one number names one invoice.")


def test_lines_of_three_decimals_whose_sum_has_fewer_are_added_to_the_cent():
    """An invoice's lines computed to three decimals (a grower's price by weight: -8.862, -126.6,
    -35.448) add up to a sum of two decimals or fewer (-170.91, 759.6): that sum is the invoice's
    amount, not 'not an amount'."""
    from tests.validate.conftest import mapped_frame

    amounts = ["-8.862", "-126.6", "-35.448", "425.376", "334.224", "1122.7837", "419.679", "12.34567", "59.15385"]
    refs = ["A1", "A1", "A1", "B2", "B2", "C3", "D4", "E5", "F6"]
    frame = mapped_frame([{"reference": r, "debtor.name": "Primeurs SA", "amount": a} for r, a in zip(refs, amounts, strict=True)])
    result = validate_frame(frame, columns={}, lines=pl.DataFrame({LINE: [3, 4, 6], "invoice": [2, 2, 5]}))
    assert result.cases.select("reference", "amount").rows() == [
        ("A1", Decimal("-170.91")), ("B2", Decimal("759.60")), ("C3", Decimal("1122.78")), ("D4", Decimal("419.68")),
        ("E5", Decimal("12.35")), ("F6", Decimal("59.15")),
    ]
    assert result.problems.filter(pl.col("code") == "invalid-amount").height == 0
