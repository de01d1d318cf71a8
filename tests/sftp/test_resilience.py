"""What can go wrong between the watcher and its servers: host keys it does not know or that
changed, refused logins, servers that stop, restart or drop the connection, a step interrupted
between the import and the archive, a file that never finishes importing. In every case the
store ends with exactly the valid rows, once, and nothing dropped is lost."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from sftp_helpers import (
    SshServer,
    expected_references,
    keygen,
    make_source,
    names,
    references,
    write_export,
)

from getbill_import.pipeline import ImportOptions, run_import
from getbill_import.sftp import RemoteFS, SourceConfig, Watcher, paramiko_connector
from getbill_import.sftp.remote import RemoteUnavailable
from getbill_import.store import Store
from getbill_import.store import sftp_ledger as ledger
from getbill_import.store.imports import list_imports

pytestmark = pytest.mark.slow


def _fingerprint(public_key: Path) -> str:
    out = subprocess.run(["ssh-keygen", "-lf", str(public_key)], check=True, capture_output=True, text=True)
    return out.stdout.split()[1]


def test_an_unknown_host_key_is_refused_and_nothing_is_touched(
    watcher: Watcher, sshd: SshServer, drop: Path, tmp_path: Path, data_dir: Path, store: Store
) -> None:
    empty = tmp_path / "empty_known_hosts"
    empty.write_text("")
    source = make_source(sshd, drop, empty, data_dir)
    write_export(drop / "a.csv", "A", valid=3)
    [result] = watcher.run_cycle([source])
    assert result.status == "error"
    assert "is not in" in (result.error or "") and "sftp trust-host acme" in (result.error or "")
    assert _fingerprint(sshd.host_key.with_suffix(".pub")) in (result.error or "")
    assert names(drop) == ["a.csv"] and references(store) == []
    assert ledger.list_files(store, account="acme") == []


def test_a_changed_host_key_is_refused_as_a_possible_attack(
    watcher: Watcher, sshd: SshServer, drop: Path, tmp_path: Path, data_dir: Path, store: Store
) -> None:
    impostor = tmp_path / "impostor"
    keygen(impostor)
    known = tmp_path / "known_hosts"
    known.write_text(sshd.known_hosts_line(impostor))  # another key recorded for this server
    source = make_source(sshd, drop, known, data_dir)
    write_export(drop / "a.csv", "A", valid=3)
    [result] = watcher.run_cycle([source])
    assert result.status == "error" and "HOST KEY HAS CHANGED" in (result.error or "")
    assert names(drop) == ["a.csv"] and references(store) == []


def test_a_missing_known_hosts_file_says_how_to_record_the_key(
    watcher: Watcher, sshd: SshServer, drop: Path, tmp_path: Path, data_dir: Path
) -> None:
    source = make_source(sshd, drop, tmp_path / "nowhere" / "known_hosts", data_dir)
    [result] = watcher.run_cycle([source])
    assert result.status == "error" and "does not exist" in (result.error or "")
    assert "trust-host" in (result.error or "")


def test_a_refused_key_is_an_error_not_retried(
    settings, store: Store, sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path, data_dir: Path
) -> None:
    stranger = tmp_path / "stranger"
    keygen(stranger)
    source = make_source(sshd, drop, known_hosts, data_dir, key_file=str(stranger))
    waits: list[float] = []
    [result] = Watcher(settings, store, sleep=waits.append).run_cycle([source])
    assert result.status == "error" and "refused" in (result.error or "")
    assert waits == []


def test_one_unreachable_source_does_not_stop_the_others(
    watcher: Watcher, sshd: SshServer, drop: Path, tmp_path: Path, known_hosts: Path, data_dir: Path, store: Store
) -> None:
    closed = make_source(sshd, drop, known_hosts, data_dir, name="closed", retries=1)
    closed = SourceConfig(**{**closed.__dict__, "port": _unused_port()})
    other = tmp_path / "other"
    other.mkdir()
    write_export(other / "b.csv", "B", valid=2)
    first, second = watcher.run_cycle([closed, make_source(sshd, other, known_hosts, data_dir, name="open")])
    assert first.status == "unreachable" and "refused" in (first.error or "")
    assert second.status == "ok" and references(store) == expected_references("B", 2)


def _unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_server_stopped_and_restarted_between_cycles(
    own_server, settings, store: Store, drop: Path
) -> None:
    server, source = own_server(retries=2)
    waits: list[float] = []
    watcher = Watcher(settings, store, sleep=waits.append)

    write_export(drop / "before.csv", "A", valid=4, invalid=1)
    [first] = watcher.run_cycle([source])
    server.stop()
    write_export(drop / "during.csv", "B", valid=3)
    [down] = watcher.run_cycle([source])
    server.start()
    [back] = watcher.run_cycle([source])

    assert [f.outcome for f in first.files] == ["imported"]
    assert down.status == "unreachable" and "refused" in (down.error or "") and down.files == []
    assert waits == [0.01, 0.02]  # two retries, the pause doubling
    assert [f.outcome for f in back.files] == ["imported"]
    assert references(store) == expected_references("A", 4) + expected_references("B", 3)
    assert [c.status for c in reversed(ledger.list_cycles(store, account="acme"))] == ["ok", "unreachable", "ok"]


def test_a_server_back_during_the_backoff_is_used_in_the_same_cycle(
    own_server, settings, store: Store, drop: Path
) -> None:
    server, source = own_server(retries=3)
    server.stop()
    write_export(drop / "a.csv", "A", valid=3)
    waits: list[float] = []

    def restart_while_waiting(seconds: float) -> None:
        waits.append(seconds)
        if server.proc is None:
            server.start()

    [result] = Watcher(settings, store, sleep=restart_while_waiting).run_cycle([source])
    assert result.status == "ok" and [f.outcome for f in result.files] == ["imported"]
    assert waits == [0.01]
    assert references(store) == expected_references("A", 3)


class _DropOnce:
    """A connector whose first connection is dropped by the server when ``when`` is called."""

    def __init__(self, server: SshServer, when: str) -> None:
        self.server = server
        self.when = when
        self.dropped = False
        self.connections = 0

    def __call__(self, source: SourceConfig) -> RemoteFS:
        self.connections += 1
        remote = paramiko_connector(source)
        original = getattr(remote, self.when)

        def dropping(*args: object) -> object:
            if not self.dropped:
                self.dropped = True
                self.server.kill_sessions()
            return original(*args)

        setattr(remote, self.when, dropping)
        return remote


@pytest.mark.parametrize("when", ["download", "rename"])
def test_a_connection_dropped_mid_file_is_reopened_and_the_file_imported_once(
    own_server, settings, store: Store, drop: Path, when: str
) -> None:
    server, source = own_server()
    write_export(drop / "a.csv", "A", valid=5, invalid=1)
    connector = _DropOnce(server, when)
    [result] = Watcher(settings, store, connect=connector, sleep=lambda s: None).run_cycle([source])
    assert connector.dropped and connector.connections == 2  # dropped, then opened again
    assert result.status == "ok" and [f.outcome for f in result.files] == ["imported"]
    assert references(store) == expected_references("A", 5)
    assert len(list_imports(store, account="acme")) == 1
    assert len(names(drop / "processed")) == 1 and len(names(drop / "reports")) == 1


class _StopAtArchive:
    """The server goes away just when the imported file is to be moved (a crash between steps)."""

    def __init__(self, server: SshServer) -> None:
        self.server = server

    def __call__(self, source: SourceConfig) -> RemoteFS:
        remote = paramiko_connector(source)
        original = remote.makedirs

        def stopping(path: str) -> None:
            if self.server.proc is not None:
                self.server.stop()
            original(path)

        remote.makedirs = stopping  # type: ignore[method-assign]
        return remote


def test_a_file_imported_but_not_yet_archived_is_archived_next_cycle_without_a_second_import(
    own_server, settings, store: Store, drop: Path
) -> None:
    server, source = own_server(retries=0)
    write_export(drop / "a.csv", "A", valid=5, invalid=2)
    [cut] = Watcher(settings, store, connect=_StopAtArchive(server), sleep=lambda s: None).run_cycle([source])
    assert cut.status == "unreachable"
    assert names(drop) == ["a.csv"]  # still there
    [row] = ledger.list_files(store, account="acme")
    assert row.outcome == "imported" and row.archived_at is None and row.report_to

    server.start()
    [result] = Watcher(settings, store, sleep=lambda s: None).run_cycle([source])
    assert [f.outcome for f in result.files] == ["imported"]
    [row] = ledger.list_files(store, account="acme")
    assert row.archived_at is not None and row.attempts == 1
    assert names(drop / "processed") == [Path(row.archived_to or "").name]
    assert names(drop / "reports") == [Path(row.report_to or "").name]
    assert references(store) == expected_references("A", 5)
    assert len(list_imports(store, account="acme")) == 1


def test_a_file_whose_import_never_finishes_is_given_up_as_failed(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store
) -> None:
    path = write_export(drop / "poison.csv", "P", valid=3, age=120)
    info = path.stat()
    # what three processes killed while importing it leave in the ledger
    row = ledger.record_found(store, account="acme", source="acme", path=str(path), size=info.st_size, mtime=int(info.st_mtime))
    for _ in range(source.max_attempts):
        ledger.begin_attempt(store, account="acme", entry_id=row.id, sha256="0" * 64)
    [result] = watcher.run_cycle([source])
    [outcome] = result.files
    assert outcome.outcome == "failed" and "never finished" in (outcome.error or "")
    assert len(names(drop / "failed")) == 1 and len(names(drop / "reports")) == 1
    assert references(store) == []


def test_unreachable_error_names_the_source_and_server(sshd: SshServer, drop: Path, known_hosts: Path, data_dir: Path) -> None:
    source = make_source(sshd, drop, known_hosts, data_dir)
    source = SourceConfig(**{**source.__dict__, "port": _unused_port()})
    with pytest.raises(RemoteUnavailable, match=r"Source 'acme' \(.*@127\.0\.0\.1:\d+\).*refused"):
        paramiko_connector(source)


def test_a_file_whose_import_finished_just_before_a_crash_counts_as_imported_not_duplicate(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store, settings
) -> None:
    path = write_export(drop / "a.csv", "A", valid=4, invalid=1, age=120)
    info = path.stat()
    # what a process killed right after its import completed leaves: the ledger row pending,
    # one attempt counted, the import itself completed
    row = ledger.record_found(store, account="acme", source="acme", path=str(path), size=info.st_size, mtime=int(info.st_mtime))
    ledger.begin_attempt(store, account="acme", entry_id=row.id, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    first = run_import(path, settings.with_options(account="acme"), ImportOptions())
    assert first.status == "completed"

    [result] = watcher.run_cycle([source])
    [outcome] = result.files
    assert (outcome.outcome, outcome.import_id, outcome.created, outcome.invalid) == ("imported", first.record.id, 4, 1)
    assert len(names(drop / "reports")) == 1 and len(names(drop / "processed")) == 1
    assert references(store) == expected_references("A", 4)
    # the same content dropped again afterwards is a duplicate
    path.write_text(path.parent.joinpath("processed", names(drop / "processed")[0]).read_text(encoding="utf-8"), encoding="utf-8")
    [again] = watcher.run_cycle([source])
    assert [f.outcome for f in again.files] == ["duplicate"]


def test_content_first_imported_by_the_import_command_is_a_duplicate(
    watcher: Watcher, source: SourceConfig, drop: Path, store: Store, settings, tmp_path: Path
) -> None:
    local = write_export(tmp_path / "by_hand.csv", "H", valid=3)
    run_import(local, settings.with_options(account="acme"), ImportOptions())
    (drop / "same.csv").write_bytes(local.read_bytes())
    [result] = watcher.run_cycle([source])
    assert [f.outcome for f in result.files] == ["duplicate"]
    assert names(drop / "reports") == [] and len(names(drop / "processed")) == 1
