"""Fixtures of the SFTP tests: the session's real OpenSSH server (``sshd``, started once per test
session and xdist worker), servers of a test's own to stop and restart (``make_sshd``), a drop
folder, a source, a store and a watcher."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sftp_helpers import SshServer, keygen, make_source

from getbill_import.config import Settings
from getbill_import.sftp import SourceConfig, Watcher
from getbill_import.store import Store, open_store


@pytest.fixture(scope="session")
def client_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    key = tmp_path_factory.mktemp("client") / "id_ed25519"
    keygen(key)
    return key


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory, client_key: Path) -> Iterator[SshServer]:
    """The session's SFTP server (per xdist worker)."""
    server = SshServer(tmp_path_factory.mktemp("sshd"), client_key)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_sshd(tmp_path: Path, client_key: Path) -> Iterator[Callable[[], SshServer]]:
    """Servers of the test's own (to stop and restart), stopped at its end."""
    servers: list[SshServer] = []

    def make() -> SshServer:
        home = tmp_path / f"sshd{len(servers)}"
        home.mkdir()
        server = SshServer(home, client_key)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def own_server(
    make_sshd: Callable[[], SshServer], tmp_path: Path, drop: Path, data_dir: Path
) -> Callable[..., tuple[SshServer, SourceConfig]]:
    """``own_server(**source_values)``: a server of the test's own, its key recorded, and a
    source on it watching ``drop``."""

    def make(**values: object) -> tuple[SshServer, SourceConfig]:
        server = make_sshd()
        known = tmp_path / f"known_hosts_{server.port}"
        known.write_text(server.known_hosts_line())
        return server, make_source(server, drop, known, data_dir, **values)

    return make


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    """The remote drop folder (served by sshd from this machine's file system)."""
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite; a test parametrised indirectly with "postgresql" runs on the test server too
    (see ``BOTH_STORES``)."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'getbill.db'}"
    return str(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def settings(data_dir: Path, store_url: str) -> Settings:
    return Settings.from_env({"GETBILL_DATA_DIR": str(data_dir), "GETBILL_DATABASE_URL": store_url})


@pytest.fixture
def known_hosts(tmp_path: Path, sshd: SshServer) -> Path:
    path = tmp_path / "known_hosts"
    path.write_text(sshd.known_hosts_line())
    return path


@pytest.fixture
def source(sshd: SshServer, drop: Path, known_hosts: Path, data_dir: Path) -> SourceConfig:
    return make_source(sshd, drop, known_hosts, data_dir)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings.database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def watcher(settings: Settings, store: Store) -> Watcher:
    """A watcher whose waits do not wait (the tests move time by the clock they pass)."""
    return Watcher(settings, store, sleep=lambda seconds: None)


