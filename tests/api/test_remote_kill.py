"""The importer killed with SIGKILL in the middle of a remote import (a real process), then run
again: the second run resumes from the ledger, and the server ends with exactly one case per
valid row and one batch per chunk, even when the kill came after the server accepted a chunk
but before the importer heard of it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from getbill_import.store.remote_ledger import ACCEPTED, COMPLETED
from getbill_import.store.schema import remote_chunks
from tests.api.conftest import PREFIX, ApiServer, new_account
from tests.api.faulty_proxy import FaultyProxy
from tests.api.remote_helpers import assert_server_has_exactly, server_state, write_export

pytestmark = pytest.mark.slow

ROWS = 2_000
CHUNK = 20


def _ledger(data_dir: Path) -> dict[str, int]:
    """Chunks recorded by the importer, by status (nothing while its store does not exist yet)."""
    path = data_dir / "getbill.db"
    if not path.exists():
        return {}
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("remote_chunks"):
                return {}
            rows = conn.execute(sa.select(remote_chunks.c.status, sa.func.count()).group_by(remote_chunks.c.status)).all()
    except sa.exc.OperationalError:  # created meanwhile
        return {}
    finally:
        engine.dispose()
    return {status: int(n) for status, n in rows}


def _command(export: Path, url: str, data_dir: Path, key: str) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "GETBILL_DATA_DIR": str(data_dir), "GETBILL_REMOTE_API_KEY": key,
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env = {k: v for k, v in env.items() if not k.startswith("GETBILL_") or k in (
        "GETBILL_DATA_DIR", "GETBILL_REMOTE_API_KEY", "GETBILL_TEST_POSTGRES_URL")}
    return [sys.executable, "-m", "getbill_import", "import", str(export), "--to", url, "--chunk-size", str(CHUNK),
            "--format", "json"], env


def _kill_when(args: list[str], env: dict[str, str], reached: Callable[[], bool]) -> None:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and not reached() and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, f"the import ended before the moment: {proc.stderr.read()!r}"  # type: ignore[union-attr]


def _run_to_the_end(args: list[str], env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """The command's JSON document; it exits 1 (the file has invalid rows)."""
    done = subprocess.run(args, env=env, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr.decode()
    return json.loads(done.stdout)


@pytest.mark.parametrize("moment", ["first chunk accepted", "midway"])
def test_a_killed_import_resumes_and_sends_nothing_twice(make_server, tmp_path: Path, moment: str) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server()
    export = tmp_path / "relances.csv"
    expected = write_export(export, ROWS)
    chunks = -(-len(expected) // CHUNK)
    account = new_account()
    data = tmp_path / "client"
    args, env = _command(export, server.url, data, server.key(account, sandbox=False))
    wanted = 1 if moment == "first chunk accepted" else chunks // 2
    _kill_when(args, env, lambda: sum(_ledger(data).values()) >= wanted)
    recorded = _ledger(data)
    assert wanted <= sum(recorded.values()) < chunks
    result = _run_to_the_end(args, env)
    assert result["status"] == "completed" and result["start"] == "resumed"
    assert result["load"]["resumed"] >= sum(recorded.values())
    assert result["load"]["resumed"] + result["load"]["sent"] == chunks
    assert result["load"]["created"] == len(expected) and result["load"]["existing"] == 0
    assert_server_has_exactly(server.database_url, account, expected, chunks=chunks)
    assert _ledger(data) == {COMPLETED: chunks}
    # and once more: nothing is sent; the exit code stays that of the import (rows were rejected)
    assert _run_to_the_end(args, env)["status"] == "already_imported"


def test_killed_after_the_server_accepted_a_chunk_the_importer_never_heard_of(make_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A proxy holds the answers to batch requests: the server has made batches the importer
    has not recorded when it is killed. The next run sends those chunks again under the same
    Idempotency-Keys and gets the first answers back: no chunk makes a second batch."""
    server: ApiServer = make_server()
    hold = threading.Event()
    hold.set()

    def plan(method: str, path: str, n: int) -> str:
        return "slow" if hold.is_set() and method == "POST" and path == f"{PREFIX}/debts/batch" else "pass"

    proxy = FaultyProxy(server.base, plan, slow_s=30).start()
    try:
        export = tmp_path / "relances.csv"
        expected = write_export(export, 300)
        chunks = -(-len(expected) // CHUNK)
        account = new_account()
        data = tmp_path / "client"
        args, env = _command(export, proxy.url(PREFIX), data, server.key(account, sandbox=False))
        _kill_when(args, env, lambda: server_state(server.database_url, account).batches >= 2)
        assert ACCEPTED not in _ledger(data) and COMPLETED not in _ledger(data)
        made = server_state(server.database_url, account).batches
        assert made >= 2
        hold.clear()
        result = _run_to_the_end(args, env)
        assert result["load"]["sent"] == chunks and result["load"]["created"] == len(expected)
        assert_server_has_exactly(server.database_url, account, expected, chunks=chunks)
    finally:
        proxy.stop()
