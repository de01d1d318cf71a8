"""Cases for the collection tests, created the way the API creates them (validation, then the case
service), in an account of the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from getbill_import.config import Settings
from getbill_import.records import prepare_records
from getbill_import.store import Store
from getbill_import.store.imports import ensure_account
from getbill_import.store.schema import cases
from getbill_import.store.service import create_cases

#: a Monday morning, UTC
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path / "data")})


def debt(i: int, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "debtor": {"name": f"Client {i}", "email": f"client{i}@example.fr", "phone": f"+3361{i:07d}",
                   "address": {"line1": f"{i} rue du Moulin", "postal_code": "69003", "city": "Lyon", "country": "FR"}},
        "amount": f"{100 + i}.{i % 100:02d}", "currency": "EUR", "reference": f"F-{i:05d}",
        "due_date": START.date().isoformat(), "scenario": "standard_3_waves",
    }
    body.update(changes)
    return body


@pytest.fixture
def add_cases(settings: Settings) -> Callable[..., list[str]]:
    """``add_cases(store, debts, account="acme", now=START)``: the ids of the cases created."""

    def add(store: Store, debts: list[dict[str, Any]], account: str = "acme", now: dt.datetime = START) -> list[str]:
        with store.write() as conn:
            ensure_account(conn, account)
        prepared = prepare_records(debts, settings)
        assert prepared.counts()["valid"] == len(debts), prepared.problems
        made = create_cases(store, prepared.cases, account=account, now=now)
        return [c.id for c in made]

    return add


def case_rows(store: Store, account: str = "acme") -> dict[str, dict[str, Any]]:
    with store.read() as conn:
        return {r["id"]: dict(r) for r in conn.execute(sa.select(cases).where(cases.c.account == account)).mappings()}


DayTicks = Callable[..., list[Any]]
