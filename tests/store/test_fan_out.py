"""The webhook outbox: events become deliveries for the endpoints that want them, exactly once;
with no endpoint at all they are marked dispatched without being read."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from getbill_import.load import load_cases
from getbill_import.store.schema import events, jobs
from getbill_import.store.webhooks import KIND, create_endpoint, fan_out

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _undelivered(store) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(events).where(events.c.delivered_at.is_(None))).scalar_one())


def _deliveries(store) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(sa.select(jobs.c.subject, jobs.c.event_id).where(jobs.c.kind == KIND))]


def test_without_endpoints_events_are_marked_dispatched_in_batches(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(250), account="acme")
    assert _undelivered(store) == 250
    assert fan_out(store, max_attempts=5, now=NOW, limit=100) == 100
    assert _undelivered(store) == 150
    assert fan_out(store, max_attempts=5, now=NOW, limit=100) == 100
    assert fan_out(store, max_attempts=5, now=NOW, limit=100) == 50
    assert fan_out(store, max_attempts=5, now=NOW, limit=100) == 0
    assert _undelivered(store) == 0 and _deliveries(store) == []


def test_with_an_endpoint_each_event_of_its_account_becomes_one_delivery(store, make_cases) -> None:  # type: ignore[no-untyped-def]
    load_cases(store, make_cases(30), account="acme")
    load_cases(store, make_cases(20, prefix="O-"), account="other")
    endpoint = create_endpoint(store, account="acme", url="https://hooks.example/acme", events=["debt.created"],
                               description=None, secret_enc="x", now=NOW)
    while fan_out(store, max_attempts=5, now=NOW, limit=7):
        pass
    assert _undelivered(store) == 0
    found = _deliveries(store)
    with store.read() as conn:
        acme_events = {r.id for r in conn.execute(sa.select(events.c.id).where(events.c.account == "acme"))}
    assert sorted(found) == sorted((endpoint["id"], event_id) for event_id in acme_events)
    assert fan_out(store, max_attempts=5, now=NOW) == 0
