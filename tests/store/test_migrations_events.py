"""Migration 0002 (debt.created payloads rendered from the case until it changes) keeps every
event's payload through an upgrade and a downgrade."""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import command

from getbill_import.load import load_cases
from getbill_import.store import migrate, open_store
from getbill_import.store.cases import list_cases
from getbill_import.store.events import list_events


def _raw_payloads(store) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        rows = conn.execute(sa.text("SELECT case_id, payload FROM events")).all()
    return {case_id: payload for case_id, payload in rows}


def _alembic(store, target: str, up: bool) -> None:  # type: ignore[no-untyped-def]
    with store.engine.begin() as conn:
        config = migrate.alembic_config()
        config.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(config, target)


def test_downgrade_writes_every_pending_payload_and_upgrade_keeps_them(store_url: str, make_cases) -> None:  # type: ignore[no-untyped-def]
    store = open_store(store_url)
    try:
        load_cases(store, make_cases(25), account="acme")
        expected = {
            c["id"]: {("debt_id" if k == "id" else k): v for k, v in c.items()}
            for c in list_cases(store, account="acme")
        }
        assert set(_raw_payloads(store).values()) == {None}  # rendered from the cases for now
        _alembic(store, "0001", up=False)
        written = {k: v if isinstance(v, dict) else json.loads(v) for k, v in _raw_payloads(store).items()}
        assert written == expected
        _alembic(store, "head", up=True)
        events = list_events(store, account="acme")
        assert {e["case_id"]: e["payload"] for e in events} == expected
    finally:
        store.close()
