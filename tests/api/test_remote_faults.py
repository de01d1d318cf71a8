"""A flaky network between the importer and the real API: a proxy in the test answers some
requests with 500, drops connections before or after the server did the work, and holds answers
past the client's timeout. Every valid row still becomes exactly one case, and no chunk makes a
second batch (a retried request gets the first answer back, by its Idempotency-Key)."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.load.remote import (
    ApiKey,
    ClientCredentials,
    RemoteLoader,
    RetryPolicy,
    encode_debts,
)
from getbill_import.pipeline import prepare_file
from tests.api.conftest import PREFIX, ApiServer, new_account
from tests.api.faulty_proxy import FaultyProxy, Plan
from tests.api.remote_helpers import assert_server_has_exactly, client_settings, write_export

pytestmark = pytest.mark.slow

BATCHES = f"{PREFIX}/debts/batch"
TOKEN = f"{PREFIX}/oauth/token"
FAST_RETRIES = RetryPolicy(retries=8, backoff_s=0.05, max_backoff_s=0.5)


@pytest.fixture
def proxy_for() -> Iterator[object]:
    made: list[FaultyProxy] = []

    def make(server: ApiServer, plan: Plan, slow_s: float = 2.0, per_header: str | None = None) -> FaultyProxy:
        proxy = FaultyProxy(server.base, plan, slow_s=slow_s, per_header=per_header).start()
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.stop()


def _flaky() -> Plan:
    """Counted per Idempotency-Key, so by attempt of each chunk whatever the chunks in flight beside
    it do: a chunk's first attempt fails (500, dropped after the server's work, held past the
    timeout, dropped before it, in turns), every third chunk's second attempt fails too, then it
    passes. A batch's status (counted per batch, as its id is in the path) fails every other poll."""
    lock = threading.Lock()
    chunks = itertools.count()
    faults = ["500", "drop-after", "slow", "drop"]

    def plan(method: str, path: str, n: int) -> str:
        with lock:
            if method == "POST" and path == BATCHES:
                if n == 1:
                    return faults[next(chunks) % len(faults)]
                return "500" if n == 2 and next(chunks) % 3 == 0 else "pass"
            if method == "GET" and path.startswith(BATCHES + "/"):
                return ("pass", "500", "pass", "drop-after")[(n - 1) % 4]
        return "pass"

    return plan


def test_every_row_lands_once_through_500s_drops_and_timeouts(api: ApiServer, proxy_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "relances.csv"
    expected = write_export(export, 600)
    account = new_account()
    key = api.key(account, sandbox=False)
    proxy: FaultyProxy = proxy_for(api, _flaky(), slow_s=2.5, per_header="Idempotency-Key")
    prepared = prepare_file(export, client_settings(tmp_path / "client"))
    debts = encode_debts(prepared.cases)
    with httpx.Client(timeout=1.5) as http:
        loader = RemoteLoader(http, proxy.url(PREFIX), ApiKey(key), chunk_size=40, policy=FAST_RETRIES)
        result = loader.load(debts, sha256="f" * 64)
    assert result.created == len(expected) and result.errors == 0
    for fault in ("500", "drop-after", "slow", "drop"):
        assert proxy.actions[fault] >= 1, proxy.actions
    failed = sum(proxy.actions[f] for f in ("500", "drop-after", "slow", "drop"))
    assert result.stats.retries >= failed
    assert_server_has_exactly(api.database_url, account, expected, chunks=-(-len(expected) // 40))


def test_a_refresh_answer_lost_on_the_way_falls_back_to_a_new_grant(api: ApiServer, proxy_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The server rotated the refresh token but its answer was lost: the retry presents a used
    refresh token, the server revokes that grant, and the importer starts a new one."""
    export = tmp_path / "relances.csv"
    expected = write_export(export, 300)
    account = new_account()
    client_id, secret = api.client(account)

    def plan(method: str, path: str, n: int) -> str:
        return "drop-after" if (method, path, n) == ("POST", TOKEN, 2) else "pass"

    proxy: FaultyProxy = proxy_for(api, plan)
    ticks = itertools.count(step=1000.0)
    credentials = ClientCredentials(client_id, secret, clock=lambda: next(ticks))
    prepared = prepare_file(export, client_settings(tmp_path / "client"))
    with httpx.Client(timeout=10) as http:
        loader = RemoteLoader(http, proxy.url(PREFIX), credentials, chunk_size=30, policy=FAST_RETRIES)
        result = loader.load(encode_debts(prepared.cases), sha256="e" * 64)
    assert proxy.actions["drop-after"] == 1
    assert credentials.grants["client_credentials"] == 2
    assert result.created == len(expected)
    assert_server_has_exactly(api.database_url, account, expected, chunks=-(-len(expected) // 30))


def test_a_server_down_past_the_retries_stops_the_run_and_the_next_one_resumes(
    api: ApiServer, proxy_for, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    export = tmp_path / "relances.csv"
    expected = write_export(export, 400)
    account = new_account()
    down = threading.Event()
    accepted = itertools.count(1)

    def plan(method: str, path: str, n: int) -> str:
        if method == "POST" and path == BATCHES and not down.is_set() and next(accepted) >= 4:
            down.set()  # the fourth batch request and everything after: connections dropped
        return "drop" if down.is_set() else "pass"

    proxy: FaultyProxy = proxy_for(api, plan)
    env = {"GETBILL_DATA_DIR": str(tmp_path / "client"), "GETBILL_REMOTE_API_KEY": api.key(account, sandbox=False),
           "GETBILL_REMOTE_RETRIES": "2", "GETBILL_REMOTE_CONCURRENCY": "1"}
    url = proxy.url(PREFIX)
    failed = CliRunner().invoke(cli, ["import", str(export), "--to", url, "--chunk-size", "25"], env=env)
    assert failed.exit_code == 2, failed.output
    assert "failed 3 times" in failed.output and "the server closed the connection without answering" in failed.output
    assert "run the same command again" in failed.output and "Traceback" not in failed.output

    down.clear()
    accepted = itertools.count(-10_000)
    done = CliRunner().invoke(cli, ["import", str(export), "--to", url, "--chunk-size", "25", "--format", "json"],
                              env=env)
    assert done.exit_code == 1, done.output
    out = json.loads(done.output)
    chunks = -(-len(expected) // 25)
    assert out["start"] == "resumed"
    assert out["load"]["resumed"] == 3 and out["load"]["sent"] == chunks - 3
    assert out["load"]["created"] == len(expected)
    assert_server_has_exactly(api.database_url, account, expected, chunks=chunks)
