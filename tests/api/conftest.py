"""A real API server for the tests: ``getbill-import serve`` in its own process, on a loopback
port, talked to over HTTP with httpx. One server per database kind and test session (tests use
accounts of their own); tests that need special settings or kill the server start their own."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from getbill_import.store import open_store
from getbill_import.store.credentials import create_client, create_key
from getbill_import.store.types import utc_now
from tests.conftest import postgres_base_url

PREFIX = "/external-api/v1"
STARTUP_TIMEOUT_S = 60
_RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@dataclass
class ApiServer:
    database_url: str
    data_dir: Path
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    extra_args: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.base + PREFIX

    def start(self) -> ApiServer:
        self.log_path.write_bytes(b"")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "getbill_import", "serve", "--port", "0", "--log-level", "info",
                 "--database-url", self.database_url, *self.extra_args],
                stdout=log, stderr=subprocess.STDOUT, env=self.env, start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            found = _RUNNING.search(self.log_path.read_text(errors="replace"))
            if found:
                self.port = int(found.group(1))
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log_path.read_text(errors='replace')}")
            time.sleep(0.05)
        raise RuntimeError(f"the server did not start: {self.log_path.read_text(errors='replace')}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)
        self.process = None

    def kill(self) -> None:
        """kill -9: no shutdown, no flushing, no cleanup."""
        self.stop(signal.SIGKILL)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    # --- credentials, made in the store as `getbill-import keys create` does ------------------

    def key(self, account: str | None = None, *, sandbox: bool = False, scopes: str | None = None) -> str:
        with open_store(self.database_url) as store:
            return create_key(store, account=account or new_account(), name="test", scopes=scopes,
                              sandbox=sandbox, now=utc_now()).secret

    def client(self, account: str | None = None, *, scopes: str | None = None) -> tuple[str, str]:
        with open_store(self.database_url) as store:
            made = create_client(store, account=account or new_account(), name="test", scopes=scopes, now=utc_now())
        return made.id, made.secret

    def http(self, token: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)


def new_account() -> str:
    return f"acct_{uuid.uuid4().hex[:12]}"


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if (not k.startswith("GETBILL_") or k == "GETBILL_TEST_POSTGRES_URL") and k != "PYTEST_CURRENT_TEST"}
    env.update({
        "GETBILL_DATA_DIR": str(data_dir), "GETBILL_JOB_POLL_SECONDS": "0.1",
        "GETBILL_API_RATE_LIMIT": "100000", "GETBILL_API_SANDBOX_RATE_LIMIT": "100000",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    })
    env.update(extra)
    return env


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'getbill.db'}"


@pytest.fixture(scope="session")
def pg_schema_factory() -> Iterator[Any]:
    """Makes PostgreSQL schemas that live as long as the test session."""
    made: list[str] = []
    base = None

    def make() -> str:
        nonlocal base
        base = postgres_base_url()
        assert base is not None
        schema = f"api_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        admin.dispose()
        made.append(schema)
        return make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)

    yield make
    if base is not None and made:
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for schema in made:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """The shared server (SQLite, and PostgreSQL)."""
    folder = tmp_path_factory.mktemp(f"api-{request.param}")
    url = sqlite_url(folder) if request.param == "sqlite" else request.getfixturevalue("pg_schema_factory")()
    server = ApiServer(url, folder, server_env(folder), folder / "server.log").start()
    yield server
    server.stop()


@pytest.fixture
def make_server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``make_server(database="sqlite"|"postgresql", **env)``: a server of the test's own."""
    servers: list[ApiServer] = []

    def make(database: str = "sqlite", args: list[str] | None = None, url: str | None = None, **env: str) -> ApiServer:
        folder = tmp_path / f"server{len(servers)}"
        folder.mkdir()
        if url is None:
            url = sqlite_url(tmp_path) if database == "sqlite" else request.getfixturevalue("pg_schema_factory")()
        server = ApiServer(url, folder, server_env(folder, **env), folder / "server.log", extra_args=args or [])
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop(signal.SIGKILL)


@pytest.fixture(scope="module")
def make_server_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Like ``make_server``, for a server shared by a module's tests (SQLite)."""
    servers: list[ApiServer] = []

    def make(args: list[str] | None = None, **env: str) -> ApiServer:
        folder = tmp_path_factory.mktemp("module-server")
        server = ApiServer(sqlite_url(folder), folder, server_env(folder, **env), folder / "server.log",
                           extra_args=args or [])
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop(signal.SIGKILL)


@pytest.fixture
def receiver() -> Iterator[Any]:
    """A real webhook receiver on a loopback port (tests/api/receiver.py)."""
    from tests.api.receiver import Receiver

    made = Receiver().start()
    yield made
    made.stop()


#: a server whose webhooks go to loopback receivers fast: short retries, a short timeout
FAST_WEBHOOKS = {
    "GETBILL_WEBHOOK_ALLOW_PRIVATE": "1", "GETBILL_WEBHOOK_RETRY_SCHEDULE": "0.3,0.3,0.3,0.3,0.3",
    "GETBILL_WEBHOOK_TIMEOUT_SECONDS": "1", "GETBILL_JOB_POLL_SECONDS": "0.05",
}


def wait_for(predicate: Any, timeout: float = 30.0, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(interval)


def debt(reference: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "debtor": {"name": "Jean Dupont", "email": "jean.dupont@email.com", "phone": "+33612345678"},
        "amount": 2340.00, "currency": "EUR", "reference": reference, "due_date": "2024-01-15",
        "scenario": "standard_3_waves",
    }
    body.update(changes)
    return body
