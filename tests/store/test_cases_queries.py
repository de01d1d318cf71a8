"""Case queries: every one scoped to an account; the public JSON shape; erasure."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from getbill_import.load import load_cases
from getbill_import.store.cases import (
    CaseFilter,
    count_cases,
    get_case,
    list_cases,
)
from getbill_import.store.events import count_events, list_events
from getbill_import.store.imports import begin_import, list_corrections, replace_corrections
from getbill_import.store.schema import cases
from getbill_import.store.service import delete_case


def _set_status(store, reference: str, status: str) -> None:  # type: ignore[no-untyped-def]
    with store.write() as conn:
        conn.execute(sa.update(cases).where(cases.c.reference == reference).values(status=status))


def test_case_json_is_the_public_shape(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    frame = make_cases(1, **{
        "debtor.company": "Dupont SARL", "debtor.address.line1": "12 rue de la Paix",
        "debtor.address.postal_code": "75002", "debtor.address.city": "Paris",
        "amount": "2340.00", "issue_date": dt.date(2025, 12, 15), "metadata": '{"Commercial": "A. Morel"}',
    })
    load_cases(store, frame, account="acme")
    case = get_case(store, account="acme", key="F-000000")
    assert case is not None
    assert case["id"].startswith("debt_")
    assert case["debtor"] == {
        "name": "Client 0", "company": "Dupont SARL", "email": "client0@example.fr",
        "phone": "+33600000000",
        "address": {"line1": "12 rue de la Paix", "line2": None, "postal_code": "75002",
                    "city": "Paris", "region": None, "country": "FR"},
    }
    assert (case["amount"], case["balance"], case["currency"]) == (2340.0, 2340.0, "EUR")
    assert (case["due_date"], case["issue_date"]) == ("2026-01-01", "2025-12-15")
    assert case["status"] == "open"
    assert case["metadata"] == {"Commercial": "A. Morel"}
    assert case["created_at"].endswith("Z")


def test_created_event_payload_is_the_case_json_with_debt_id(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    tricky = make_cases(3, prefix="Q-", **{
        "debtor.name": 'Zoë "La Patronne" O\'Brien \\ Müller', "debtor.address.line2": "Bât. B\nEsc. 3",
        "amount": "0.01", "metadata": '{"Agence": "Lyon", "Note": "relancé 2× \\"urgent\\""}',
    })
    frame = pl.concat([make_cases(300), tricky])
    load_cases(store, frame, account="acme")
    given = {row["reference"]: row for row in frame.iter_rows(named=True)}
    for case in list_cases(store, account="acme"):
        (event,) = list_events(store, account="acme", case_id=case["id"])
        assert event["type"] == "debt.created"
        assert event["delivered_at"] is None
        expected = {("debt_id" if k == "id" else k): v for k, v in case.items()}
        assert event["payload"] == expected
        # and both say what was loaded (a renderer broken for cases and events alike fails here)
        _assert_says_what_was_loaded(event["payload"], given[event["payload"]["reference"]])


def _assert_says_what_was_loaded(payload: dict, row: dict) -> None:  # type: ignore[type-arg]
    import json
    from decimal import Decimal

    assert payload["debt_id"].startswith("debt_")
    assert payload["amount"] == payload["balance"] == float(Decimal(row["amount"]))
    assert payload["currency"] == row["currency"]
    assert payload["debtor"]["name"] == row["debtor.name"]
    assert payload["debtor"]["email"] == row["debtor.email"]
    assert payload["debtor"]["phone"] == row["debtor.phone"]
    assert payload["debtor"]["address"]["line2"] == row["debtor.address.line2"]
    assert payload["due_date"] == (row["due_date"].isoformat() if row["due_date"] else None)
    assert payload["metadata"] == json.loads(row["metadata"])
    assert payload["status"] == "open"


def test_created_event_payload_of_an_import_names_it_and_its_moment(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    start = begin_import(store, account="acme", sha256="1" * 64, source_name="f.csv", source_size=1)
    frame = make_cases(5)
    load_cases(store, frame, account="acme", import_id=start.record.id, batch_size=2)
    given = {row["reference"]: row for row in frame.iter_rows(named=True)}
    for case in list_cases(store, account="acme"):
        (event,) = list_events(store, account="acme", case_id=case["id"])
        assert event["payload"] == {("debt_id" if k == "id" else k): v for k, v in case.items()}
        _assert_says_what_was_loaded(event["payload"], given[case["reference"]])
        assert event["payload"]["import_id"] == start.record.id
        assert event["payload"]["status"] == "open"
        # the moment in whole seconds, as the case's JSON gives it
        assert dt.datetime.strptime(event["payload"]["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        assert event["payload"]["updated_at"] == event["payload"]["created_at"]


def test_created_event_keeps_the_case_as_created_after_the_case_changes(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    tricky = make_cases(1, prefix="Q-", **{
        "debtor.name": 'Zoë "La Patronne" O\'Brien', "amount": "1234.50",
        "metadata": '{"Agence": "Lyon", "Note": "relancé 2×"}',
    })
    load_cases(store, pl.concat([make_cases(3), tricky]), account="acme")
    created = {c["reference"]: c for c in list_cases(store, account="acme")}
    # an import updating two cases, then a status change made by any other code path
    changed = make_cases(2, **{"debtor.name": "Jean Dupont-Martin", "amount": "999.00"})
    load_cases(store, changed, account="acme", on_existing="update")
    _set_status(store, "Q-000000", "contacted")
    _set_status(store, "F-000000", "resolved")
    for reference, before in created.items():
        now = get_case(store, account="acme", key=reference)
        assert now is not None
        (event,) = list_events(store, account="acme", case_id=before["id"])
        assert event["payload"] == {("debt_id" if k == "id" else k): v for k, v in before.items()}
        if reference != "F-000002":
            assert now != before  # the case did change; its debt.created did not
    assert created["F-000000"]["amount"] != 999.0


def test_every_query_is_scoped_to_its_account(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(3), account="acme")
    load_cases(store, make_cases(2, **{"debtor.name": "Other"}), account="globex")
    assert count_cases(store, account="acme") == 3
    assert count_cases(store, account="globex") == 2
    assert {c["debtor"]["name"] for c in list_cases(store, account="globex")} == {"Other"}
    acme_case = get_case(store, account="acme", key="F-000000")
    assert acme_case is not None
    assert get_case(store, account="globex", key=acme_case["id"]) is None
    assert delete_case(store, account="globex", key=acme_case["id"]) is None
    assert get_case(store, account="acme", key=acme_case["id"]) == acme_case
    assert list_cases(store, account="nobody") == []


def test_filters_by_status_reference_and_creation_day(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, pl.concat([make_cases(3, prefix="F-2024-"), make_cases(2, prefix="AV-")]), account="acme")
    _set_status(store, "F-2024-000001", "resolved")

    def refs(**kwargs) -> list[str]:  # type: ignore[no-untyped-def]
        return [c["reference"] for c in list_cases(store, account="acme", filters=CaseFilter(**kwargs))]

    assert refs(status="resolved") == ["F-2024-000001"]
    assert refs(reference="AV-000001") == ["AV-000001"]
    assert refs(reference="F-2024-*") == ["F-2024-000000", "F-2024-000001", "F-2024-000002"]
    assert refs(reference="F-2024_*") == []  # "_" is a plain character, not a wildcard
    today = dt.datetime.now(dt.UTC).date()
    assert len(refs(since=today, until=today)) == 5
    assert refs(until=today - dt.timedelta(days=1)) == []
    assert refs(since=today + dt.timedelta(days=1)) == []
    assert count_cases(store, account="acme", filters=CaseFilter(status="open")) == 4


def test_listing_pages_in_creation_order(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(3, prefix="A-"), account="acme")
    load_cases(store, make_cases(3, prefix="B-"), account="acme")
    everything = [c["reference"] for c in list_cases(store, account="acme")]
    assert everything == ["A-000000", "A-000001", "A-000002", "B-000000", "B-000001", "B-000002"]
    page = [c["reference"] for c in list_cases(store, account="acme", limit=2, offset=3)]
    assert page == ["B-000000", "B-000001"]


def test_a_case_is_found_by_id_or_reference(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(1), account="acme")
    by_reference = get_case(store, account="acme", key="F-000000")
    assert by_reference is not None
    assert get_case(store, account="acme", key=by_reference["id"]) == by_reference
    assert get_case(store, account="acme", key="F-404") is None


def test_erasure_removes_the_case_its_events_and_its_corrections_only(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(2), account="acme")
    start = begin_import(store, account="acme", sha256="0" * 64, source_name="f.csv", source_size=1)
    replace_corrections(store, account="acme", import_id=start.record.id, run=1, frame=pl.DataFrame({
        "line": [2, 3], "reference": ["F-000000", "F-000001"], "field": ["debtor.email"] * 2,
        "column": ["Email"] * 2, "code": [None, None], "original": ["a@gmial.com", "b@gmial.com"],
        "corrected": ["a@gmail.com", "b@gmail.com"],
    }, schema_overrides={"code": pl.String}))
    deleted = delete_case(store, account="acme", key="F-000000")
    assert deleted is not None
    assert (deleted.reference, deleted.events, deleted.corrections) == ("F-000000", 1, 1)
    assert get_case(store, account="acme", key="F-000000") is None
    assert list_events(store, account="acme", case_id=deleted.id) == []
    assert list_corrections(store, account="acme", reference="F-000000") == []
    assert count_events(store, account="acme") == 1
    assert [c["original"] for c in list_corrections(store, account="acme", reference="F-000001")] == ["b@gmial.com"]
    assert delete_case(store, account="acme", key="F-000000") is None
