"""Payments on SQLite and PostgreSQL: partial ones lower the balance, the last one resolves the
case, an overpayment is kept and flagged, an external id pays once; the status machine refuses
what it does not allow, for payments and requested changes alike."""

from __future__ import annotations

import datetime as dt

import pytest

from getbill_import.collection.payments import PaymentRefused, change_status, pay
from getbill_import.store import Store
from getbill_import.store.events import list_events
from getbill_import.store.payments import list_payments
from getbill_import.store.service import CaseConflict, delete_case
from tests.collection.conftest import START, case_rows, debt

LATER = START + dt.timedelta(days=3)


def _pay(store: Store, case_id: str, cents: int, external: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
    values = {"account": "acme", "case_id": case_id, "amount_cents": cents, "currency": None, "method": "transfer",
              "external_id": external, "paid_at": None, "now": LATER, "source": "api", **kwargs}
    return pay(store, **values)


def test_partial_payments_then_the_last_one_resolves_and_an_overpayment_is_flagged(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    [case_id] = add_cases(store, [debt(1, amount="300.00")])
    first = _pay(store, case_id, 10_000, "pi_a")
    assert first.created and not first.resolved and first.case["balance"] == 200.0 and first.case["status"] == "open"
    second = _pay(store, case_id, 25_050, "pi_b", method="card")
    assert second.resolved and second.case["balance"] == 0.0 and second.case["status"] == "resolved"
    assert (second.payment["applied"], second.payment["overpaid"], second.payment["overpayment"]) == (200.0, 50.5, True)
    late = _pay(store, case_id, 1_000, "pi_c")  # after resolution: all of it is an overpayment
    assert late.payment["overpaid"] == 10.0 and late.case["status"] == "resolved" and not late.resolved
    assert [p["amount"] for p in list_payments(store, account="acme", case_id=case_id)] == [100.0, 250.5, 10.0]
    row = case_rows(store)[case_id]
    assert row["resolved_at"] == LATER and row["balance_cents"] == 0
    events = [e for e in list_events(store, account="acme", case_id=case_id) if e["type"] != "debt.created"]
    assert [e["type"] for e in events] == ["debt.payment_received"] * 2 + ["debt.resolved", "debt.payment_received"]
    received = events[1]["payload"]
    assert received["payment"] == {**second.payment}
    assert received["status"] == "resolved" and received["resolved_at"] == "2026-03-05T09:00:00Z"
    assert received["debtor"] == {"name": "Client 1", "email": "client1@example.fr", "phone": "+33610000001"}
    assert events[2]["payload"]["resolved_at"] == "2026-03-05T09:00:00Z"


def test_an_external_id_pays_once(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    one, two = add_cases(store, [debt(1, amount="300.00"), debt(2)])
    first = _pay(store, one, 5_000, "pi_same")
    again = _pay(store, one, 5_000, "pi_same")
    assert not again.created and again.payment["id"] == first.payment["id"] and again.case["balance"] == 250.0
    with pytest.raises(PaymentRefused, match="already recorded"):
        _pay(store, one, 6_000, "pi_same")
    with pytest.raises(PaymentRefused, match="already recorded"):
        _pay(store, two, 5_000, "pi_same")
    assert len(list_payments(store, account="acme", case_id=one)) == 1
    assert sum(1 for e in list_events(store, account="acme") if e["type"] == "debt.payment_received") == 1


def test_a_payment_in_another_currency_or_of_nothing_is_refused(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    [case_id] = add_cases(store, [debt(1)])
    with pytest.raises(PaymentRefused, match="The case is in EUR, the payment in USD"):
        _pay(store, case_id, 100, currency="usd")
    with pytest.raises(PaymentRefused, match="more than zero"):
        _pay(store, case_id, 0)
    assert list_payments(store, account="acme", case_id=case_id) == []


def test_a_cancelled_case_keeps_its_status_when_money_still_comes(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    [case_id] = add_cases(store, [debt(1, amount="50.00")])
    change_status(store, account="acme", case_id=case_id, status="cancelled", now=LATER)
    paid = _pay(store, case_id, 5_000)
    assert paid.case["status"] == "cancelled" and not paid.resolved and paid.case["balance"] == 0.0


def test_the_status_machine_decides_requested_changes(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    one, two = add_cases(store, [debt(1), debt(2)])
    assert change_status(store, account="acme", case_id=one, status="payment_plan", now=LATER)["status"] == "payment_plan"
    assert change_status(store, account="acme", case_id=one, status="contacted", now=LATER)["status"] == "contacted"
    escalated = change_status(store, account="acme", case_id=one, status="escalated", now=LATER, reason="disputed")
    assert escalated["status"] == "escalated"
    with pytest.raises(CaseConflict, match="An escalated case cannot become payment_plan"):
        change_status(store, account="acme", case_id=one, status="payment_plan", now=LATER)
    with pytest.raises(PaymentRefused, match="resolved by recording its payments"):
        change_status(store, account="acme", case_id=two, status="resolved", now=LATER)
    _pay(store, two, 10_202)
    with pytest.raises(CaseConflict, match="A resolved case cannot become cancelled"):
        change_status(store, account="acme", case_id=two, status="cancelled", now=LATER)
    kinds = [(e["type"], (e["payload"] or {}).get("reason")) for e in list_events(store, account="acme", case_id=one)]
    assert kinds == [("debt.created", None), ("debt.contacted", None), ("debt.escalated", "disputed")]
    row = case_rows(store)[one]
    assert row["escalated_at"] == LATER and row["contacted_at"] == LATER and row["next_step_on"] is None


def test_erasing_a_case_erases_its_payments_and_follow_ups(store: Store, settings, add_cases) -> None:  # type: ignore[no-untyped-def]
    from getbill_import.collection.scheduler import tick
    from getbill_import.store.followups import iter_followups

    [case_id] = add_cases(store, [debt(1)])
    tick(store, settings, now=START + dt.timedelta(days=1))
    _pay(store, case_id, 1_000, "pi_gdpr")
    assert delete_case(store, account="acme", key=case_id) is not None
    assert list(iter_followups(store, account="acme")) == [] and list_payments(store, account="acme", case_id=case_id) == []
    with store.read() as conn:
        from getbill_import.store.payments import by_external_id

        assert by_external_id(conn, account="acme", external_id="pi_gdpr") is None


def test_payments_recorded_together_leave_what_one_by_one_leaves(store: Store, add_cases) -> None:  # type: ignore[no-untyped-def]
    """``record_payments`` (a later list's many payments) writes the balances, statuses, payments
    and events ``record_payment`` writes one at a time, and refuses what it refuses."""
    from getbill_import.collection.payments import NewPayment, record_payments

    alone_part, alone_full, part, full, other = add_cases(store, [
        debt(1, amount="300.00"), debt(2, amount="80.00"), debt(3, amount="300.00"), debt(4, amount="80.00"),
        debt(5, amount="10.00", currency="USD"),
    ])
    _pay(store, alone_part, 10_000, "x-1")
    _pay(store, alone_full, 9_000, "x-2")
    items = [NewPayment(part, 10_000, "EUR", "transfer", "y-1", None), NewPayment(full, 9_000, "EUR", "transfer", "y-2", None),
             NewPayment(other, 500, "EUR", "transfer", "y-3", None)]
    with store.write() as conn:
        outcomes = record_payments(conn, account="acme", items=items, now=LATER, source="api")
    assert [(o.resolved, o.refused) for o in outcomes] == [(False, None), (True, None), (False, "The case is in USD, the payment in EUR: record it in USD.")]
    rows = case_rows(store)

    def same(row: dict) -> tuple:  # type: ignore[type-arg]
        return row["balance_cents"], row["status"], row["resolved_at"], row["updated_at"]

    assert same(rows[part]) == same(rows[alone_part]) == (20_000, "open", None, LATER)
    assert same(rows[full]) == same(rows[alone_full]) == (0, "resolved", LATER, LATER)
    assert rows[other]["balance_cents"] == 1_000 and not list_payments(store, account="acme", case_id=other)

    def written(case_id: str) -> list[tuple]:  # type: ignore[type-arg]
        events = [e for e in list_events(store, account="acme", case_id=case_id) if e["type"] != "debt.created"]
        drop = {"debt_id", "reference", "debtor", "amount", "balance"}
        return [(e["type"], {k: v for k, v in e["payload"].items() if k not in drop and k != "payment"},
                 {k: v for k, v in e["payload"].get("payment", {}).items() if k not in ("id", "debt_id", "external_id")})
                for e in events]

    assert written(part) == written(alone_part) and written(full) == written(alone_full)
    assert [t for t, _, _ in written(full)] == ["debt.payment_received", "debt.resolved"]
    [paid] = list_payments(store, account="acme", case_id=full)
    assert (paid["amount"], paid["applied"], paid["external_id"]) == (90.0, 80.0, "y-2")
