"""Shared fixtures: a case store on SQLite and on PostgreSQL, and validated case frames.

``store_url`` runs a test once on a fresh SQLite file and once on PostgreSQL, in a schema of its
own on the server named by GETBILL_TEST_POSTGRES_URL (``.ci/run`` starts one). Without that
variable the PostgreSQL run is skipped locally, and fails under CI.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from getbill_import.fields import CASE_FIELDS, LINE
from getbill_import.store import Store, open_store
from getbill_import.validate import VALID

POSTGRES_ENV = "GETBILL_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the PostgreSQL variant of the store tests.")
    pytest.skip(f"{POSTGRES_ENV} is not set (the PostgreSQL variant runs under CI).")
    return None


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL of the test PostgreSQL server whose search_path is a new, empty schema."""
    base = postgres_base_url()
    assert base is not None
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'getbill.db'}"
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


def case_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A frame as ``validate_frame`` returns it (``ValidationResult.cases``): LINE, VALID and every
    canonical field typed. Each row needs at least ``reference``; the rest has defaults."""
    defaults: dict[str, Any] = {
        "debtor.name": "Jean Dupont", "amount": "100.00", "currency": "EUR",
        "scenario": "standard_3_waves", "metadata": "{}", VALID: True,
    }
    records = []
    for i, row in enumerate(rows):
        record = {**defaults, LINE: i + 2, **row}
        record["amount"] = Decimal(str(record["amount"]))
        records.append(record)
    schema: dict[str, pl.DataType] = {LINE: pl.Int64(), VALID: pl.Boolean()}
    for name in CASE_FIELDS:
        schema[name] = (
            pl.Decimal(18, 2) if name == "amount" else pl.Date() if name in ("due_date", "issue_date") else pl.String()
        )
    schema["metadata"] = pl.String()
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in records], schema=schema)


@pytest.fixture
def make_cases() -> Callable[..., pl.DataFrame]:
    """``make_cases(n, prefix="F-", start=0, **overrides)``: n valid cases F-000000, F-000001…"""

    def make(n: int, prefix: str = "F-", start: int = 0, **overrides: Any) -> pl.DataFrame:
        return case_frame([
            {
                "reference": f"{prefix}{i:06d}",
                "debtor.name": f"Client {i}",
                "debtor.email": f"client{i}@example.fr",
                "debtor.phone": f"+336{i:08d}",
                "amount": f"{(i % 997) + 1}.{i % 100:02d}",
                "due_date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
                "debtor.address.country": "FR",
                **overrides,
            }
            for i in range(start, start + n)
        ])

    return make
