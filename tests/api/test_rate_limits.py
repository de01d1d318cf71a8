"""Rate limits per credential (never per IP), with the limits library: in memory, or shared by
several server processes through Redis."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import ApiServer, sqlite_url


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server (Debian's) on a socket of its own."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (Debian: apt-get install redis-server; .ci/run does it)")
    folder = tmp_path_factory.mktemp("redis")
    socket = folder / "redis.sock"
    process = subprocess.Popen([binary, "--port", "0", "--unixsocket", str(socket), "--save", "",
                                "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not socket.exists():
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("redis-server did not start")
        time.sleep(0.05)
    yield f"redis+unix://{socket}"
    process.terminate()
    process.wait(10)


def _clear_of_the_minute_boundary() -> None:
    """Counts are per minute: start well inside one, so the expected counts hold."""
    left = 60 - time.time() % 60
    if left < 10:
        time.sleep(left + 0.5)


def test_each_credential_has_its_budget_and_headers_on_every_answer(make_server) -> None:  # type: ignore[no-untyped-def]
    _clear_of_the_minute_boundary()
    server: ApiServer = make_server(GETBILL_API_RATE_LIMIT="8", GETBILL_API_SANDBOX_RATE_LIMIT="5")
    sandbox, live = server.key(sandbox=True), server.key()
    with server.http(sandbox) as s, server.http(live) as lv:
        answers = [s.get("/debts") for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429]
        assert [a.headers["x-ratelimit-remaining"] for a in answers[:5]] == ["4", "3", "2", "1", "0"]
        assert {a.headers["x-ratelimit-limit"] for a in answers} == {"5"}
        limited = answers[-1]
        assert limited.headers["content-type"] == "application/problem+json"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert int(limited.headers["x-ratelimit-reset"]) > time.time()
        # a 404 counts and carries the headers too; another credential has its own budget
        assert lv.get("/debts/debt_nope").headers["x-ratelimit-limit"] == "8"
        assert [lv.get("/debts").status_code for _ in range(8)] == [200] * 7 + [429]
        # the client's address plays no part: a forwarded-for header changes nothing
        assert s.get("/debts", headers={"X-Forwarded-For": "10.9.8.7"}).status_code == 429


def test_several_processes_share_one_budget_through_redis(make_server, redis_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _clear_of_the_minute_boundary()
    url = sqlite_url(tmp_path)
    env = {"GETBILL_API_SANDBOX_RATE_LIMIT": "10", "GETBILL_API_RATE_LIMIT_STORAGE": redis_url}
    one: ApiServer = make_server(url=url, **env)
    two: ApiServer = make_server(url=url, **env)
    key = one.key(sandbox=True)
    statuses = []
    for i in range(12):
        server = one if i % 2 == 0 else two
        statuses.append(httpx.get(f"{server.url}/debts", headers={"Authorization": f"Bearer {key}"}).status_code)
    assert statuses == [200] * 10 + [429, 429]
