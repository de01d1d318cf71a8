"""Helpers of the SFTP tests and benchmark: a real OpenSSH server (``SshServer``) on a loopback
port with its own host key and one authorised client key, serving this machine's file system
(a test drops files into a local folder and the watcher fetches them over SFTP); exports to drop;
a source pointing at a folder; what the store holds."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from getbill_import.sftp import SourceConfig, build_source
from getbill_import.store import Store

#: ``@BOTH_STORES`` runs a test on SQLite and on PostgreSQL (the ``store_url`` fixture)
BOTH_STORES = pytest.mark.parametrize(
    "store_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
HEADER = "N° facture;Client;Email;Téléphone;Montant TTC;Devise;Échéance"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(path)], check=True)


class SshServer:
    """One sshd process; ``stop()`` kills it and its sessions, ``start()`` brings it back on the
    same port with the same host key."""

    def __init__(self, home: Path, client_key: Path, host_key: Path | None = None) -> None:
        self.home = home
        self.client_key = client_key
        self.host_key = host_key or home / "host_ed25519"
        if not self.host_key.exists():
            keygen(self.host_key)
        self.port = _free_port()
        self.user = getpass.getuser()
        self.proc: subprocess.Popen[bytes] | None = None
        authorized = home / "authorized_keys"
        authorized.write_text(client_key.with_suffix(".pub").read_text())
        lines = [
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.host_key}",
            f"AuthorizedKeysFile {authorized}",
            f"PidFile {home / 'sshd.pid'}",
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "Subsystem sftp internal-sftp",
            "MaxStartups 64",
            "LogLevel ERROR",
        ]
        if os.geteuid() != 0:
            lines.append("UsePAM yes")
        self.config = home / "sshd_config"
        self.config.write_text("\n".join(lines) + "\n")

    @property
    def host_entry(self) -> str:
        return f"[127.0.0.1]:{self.port}"

    def known_hosts_line(self, host_key: Path | None = None) -> str:
        public = (host_key or self.host_key).with_suffix(".pub").read_text().split()
        return f"{self.host_entry} {public[0]} {public[1]}\n"

    def start(self) -> None:
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(parents=True, exist_ok=True)
        log = (self.home / "sshd.log").open("ab")
        self.proc = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sshd exited: {(self.home / 'sshd.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    if sock.recv(64).startswith(b"SSH-"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sshd did not answer within 15 s")

    def kill_sessions(self) -> None:
        """Kill the server's session processes (the listener stays): every connection drops.
        (sshd puts each session in a session of its own: they are found by their parent.)"""
        assert self.proc is not None
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(entry.name), signal.SIGKILL)

    def stop(self) -> None:
        """Stop the server and drop its connections."""
        if self.proc is None:
            return
        self.kill_sessions()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, 15)
        self.proc.wait(timeout=10)
        self.proc = None


def make_source(
    server: SshServer, folder: Path, known_hosts: Path, data_dir: Path, name: str = "acme", **values: Any
) -> SourceConfig:
    table: dict[str, Any] = {
        "host": "127.0.0.1", "port": server.port, "user": server.user, "key_file": str(server.client_key),
        "known_hosts": str(known_hosts), "remote_dir": str(folder), "account": "acme",
        "min_age": 0, "settle": 0, "retry_delay": 0.01, "connect_timeout": 5, "io_timeout": 10,
    }
    table.update(values)
    return build_source(name, table, data_dir=data_dir, default_account="acme")


def export_text(prefix: str, valid: int, invalid: int = 0) -> str:
    """A French export: ``valid`` good rows ``<prefix>-0000``…, then ``invalid`` rows without a
    name (rejected)."""
    lines = [HEADER]
    for i in range(valid):
        lines.append(
            f"{prefix}-{i:04d};Client {i};client{i}@example.fr;06 12 34 {i // 100 % 100:02d} {i % 100:02d};"
            f"{100 + i},50;EUR;15/01/2026"
        )
    for i in range(invalid):
        lines.append(f"{prefix}-X{i:03d};;sans.nom{i}@example.fr;06 11 22 33 44;99,99;EUR;10/03/2026")
    return "\n".join(lines) + "\n"


def write_export(path: Path, prefix: str, valid: int, invalid: int = 0, *, age: float = 0) -> Path:
    path.write_text(export_text(prefix, valid, invalid), encoding="utf-8")
    if age:
        moment = time.time() - age
        os.utime(path, (moment, moment))
    return path


def references(store: Store, account: str = "acme") -> list[str]:
    with store.read() as conn:
        rows = conn.execute(
            sa.text("SELECT reference FROM cases WHERE account = :account ORDER BY reference"),
            {"account": account},
        ).all()
    return [r[0] for r in rows]


def expected_references(prefix: str, valid: int) -> list[str]:
    return [f"{prefix}-{i:04d}" for i in range(valid)]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
