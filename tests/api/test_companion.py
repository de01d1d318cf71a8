"""``serve`` runs its background jobs in a process of its own, beside the one answering requests:
it starts it, starts it again when it dies, and the process never outlives ``serve``."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.schema import jobs
from tests.api.conftest import ApiServer, debt, new_account, wait_for


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_companion(pid: int) -> bool:
    """Whether ``pid`` runs the background process (False once it has ended: a child may end
    between the listing of /proc and this look)."""
    try:
        return b"getbill_import.jobs.companion" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _companion(server: ApiServer) -> int:
    assert server.process is not None
    found = [pid for pid in _children(server.process.pid) if _is_companion(pid)]
    assert len(found) == 1, found
    return found[0]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _running_job_owner(url: str, account: str) -> str | None:
    with open_store(url, migrate_schema=False) as store, store.read() as conn:
        return conn.execute(sa.select(jobs.c.locked_by).where(
            jobs.c.account == account, jobs.c.kind == "batch", jobs.c.status == "running")).scalar()


def _complete(http, path: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return wait_for(lambda: (s := http.get(path).json())["status"] != "processing" and s, timeout=120)


def test_batches_are_loaded_by_the_background_process_not_the_server(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(GETBILL_BATCH_SIZE="250")
    companion = _companion(server)
    assert server.process is not None and companion != server.process.pid
    account = new_account()
    with server.http(server.key(account)) as http:
        answer = http.post("/debts/batch", json={"debts": [debt(f"BG-{i:06d}") for i in range(20_000)]}).json()
        owner = wait_for(lambda: _running_job_owner(server.database_url, account), timeout=60, interval=0.01)
        assert owner.rsplit(":", 1)[1] == str(companion)
        assert _complete(http, f"/debts/batch/{answer['batch_id']}")["created"] == 20_000


def test_a_killed_background_process_is_started_again_and_batches_still_load(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server()
    first = _companion(server)
    os.kill(first, signal.SIGKILL)
    second = wait_for(lambda: (pid := _companion_or_none(server)) not in (None, first) and pid, timeout=30)
    assert _alive(second)
    assert "background worker process stopped" in server.log()
    account = new_account()
    with server.http(server.key(account)) as http:
        answer = http.post("/debts/batch", json={"debts": [debt(f"RS-{i:04d}") for i in range(50)]}).json()
        assert _complete(http, f"/debts/batch/{answer['batch_id']}")["created"] == 50


def _companion_or_none(server: ApiServer) -> int | None:
    try:
        return _companion(server)
    except AssertionError:
        return None


def test_the_background_process_ends_when_serve_is_killed(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server()
    companion = _companion(server)
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGKILL)  # serve alone, not its process group
    server.process.wait(10)
    wait_for(lambda: not _alive(companion), timeout=30)


def test_serve_stopped_with_sigterm_stops_its_background_process_cleanly(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server()
    companion = _companion(server)
    assert server.process is not None
    server.process.send_signal(signal.SIGTERM)  # serve alone: it stops the background process itself
    assert server.process.wait(60) in (0, -signal.SIGTERM)  # uvicorn ends by the signal it was stopped with
    assert not _alive(companion), "serve ended before its background process"
    assert "Traceback" not in server.log() and "Fatal" not in server.log()


def test_jobs_in_process_runs_no_second_process(make_server) -> None:  # type: ignore[no-untyped-def]
    server: ApiServer = make_server(args=["--jobs-in-process"])
    assert server.process is not None
    assert not [pid for pid in _children(server.process.pid) if _is_companion(pid)]
    account = new_account()
    with server.http(server.key(account)) as http:
        answer = http.post("/debts/batch", json={"debts": [debt(f"IP-{i:04d}") for i in range(20)]}).json()
        assert _complete(http, f"/debts/batch/{answer['batch_id']}")["created"] == 20


def test_several_server_processes_share_one_background_process(make_server) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:  # several processes share a socket bound before they start: a port of its own
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server: ApiServer = make_server(args=["--workers", "2", "--port", str(port)])
    assert server.process is not None and server.port == port
    wait_for(lambda: server.log().count("Application startup complete") >= 2, timeout=60)  # both processes
    companion = _companion(server)  # exactly one, beside the two server processes
    account = new_account()
    with server.http(server.key(account)) as http:
        batches = [http.post("/debts/batch", json={"debts": [debt(f"MW-{b}-{i:03d}") for i in range(100)]}).json()
                   for b in range(4)]
        assert [_complete(http, f"/debts/batch/{b['batch_id']}")["created"] for b in batches] == [100] * 4
    assert _alive(companion)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(60) in (0, -signal.SIGTERM)
    assert not _alive(companion), "serve ended before its background process"


def test_a_background_process_killed_mid_batch_is_replaced_and_the_batch_finished_once(make_server) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the background process alone, in the middle of loading a batch: serve starts
    another, which takes the batch again when its lease runs out; every case is created once."""
    from tests.api.test_durability import SLOW_LOAD, _counts

    server: ApiServer = make_server(**SLOW_LOAD)
    first = _companion(server)
    account = new_account()
    total = 40_000
    with server.http(server.key(account)) as http:
        answer = http.post("/debts/batch", json={"debts": [debt(f"KC-{i:06d}") for i in range(total)]}).json()
        wait_for(lambda: _counts(server.database_url, account)[0] > 0, timeout=120, interval=0.01)
        os.kill(first, signal.SIGKILL)
        partial = _counts(server.database_url, account)[0]
        assert 0 < partial < total, "the kill came too late to test anything"
        state = wait_for(lambda: (s := http.get(f"/debts/batch/{answer['batch_id']}").json())["status"] != "processing"
                         and s, timeout=180)
    assert state["status"] == "completed" and state["created"] == total
    assert _counts(server.database_url, account) == (total, total, total)
    assert _companion(server) != first
