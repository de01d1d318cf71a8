"""A sandbox key limited to 100 requests a minute: the import needs more than that, paces itself
from the server's X-RateLimit headers (waiting for the budget to refill rather than being
refused), and still sends every valid row exactly once."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from getbill_import.load.remote import ApiKey, RemoteLoader, encode_debts
from getbill_import.pipeline import prepare_file
from getbill_import.store import open_store
from getbill_import.store.credentials import sandbox_account
from getbill_import.store.schema import access_logs
from tests.api.conftest import ApiServer, new_account, wait_for
from tests.api.remote_helpers import assert_server_has_exactly, client_settings, write_export

pytestmark = pytest.mark.slow

LIMIT = 100


def _refused(server: ApiServer, account: str) -> int:
    with open_store(server.database_url, migrate_schema=False) as store, store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(access_logs).where(
            access_logs.c.account == account, access_logs.c.status == 429)).scalar_one())


def _logged(server: ApiServer, account: str) -> int:
    with open_store(server.database_url, migrate_schema=False) as store, store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(access_logs).where(
            access_logs.c.account == account)).scalar_one())


def test_a_sandbox_key_of_100_requests_a_minute_is_paced_not_refused(make_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(GETBILL_API_SANDBOX_RATE_LIMIT=str(LIMIT))
    export = tmp_path / "relances.csv"
    expected = write_export(export, 120)
    account = new_account()
    key = server.key(account, sandbox=True)
    prepared = prepare_file(export, client_settings(tmp_path / "client"))
    chunk = 2
    started = time.monotonic()
    with httpx.Client(timeout=30) as http:
        loader = RemoteLoader(http, server.url, ApiKey(key), chunk_size=chunk, concurrency=2)
        result = loader.load(encode_debts(prepared.cases), sha256="a" * 64)
    took = time.monotonic() - started
    chunks = -(-len(expected) // chunk)
    # one request to send each chunk and at least one to follow it: more than a minute's budget
    assert result.stats.requests >= 2 * chunks > LIMIT
    assert result.stats.paced_s > 0.5 and took > 1
    # it waited for the budget instead of running into the limit
    assert result.stats.rate_limited <= 2, result.stats.to_json()
    sandbox = sandbox_account(account)
    wait_for(lambda: _logged(server, sandbox) >= result.stats.requests, timeout=10)
    assert _refused(server, sandbox) == result.stats.rate_limited
    assert_server_has_exactly(server.database_url, sandbox, expected, chunks=chunks)
