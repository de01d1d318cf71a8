"""One import of a given content per account at a time.

Two processes importing the same file at once would both resume the one import record and both
count every case as theirs. So an import holds a lock for its content while it runs, and a
second one is refused at once with a message naming the first. The lock dies with its holder
(a killed import never leaves it behind): a PostgreSQL session advisory lock, and on SQLite a
byte-range lock (``fcntl``) in a file beside the database, plus a registry for the threads of
one process (byte-range locks do not exclude each other within a process).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from getbill_import.errors import TransientError
from getbill_import.store.engine import Store
from getbill_import.store.imports import find_imports

_HELD: set[tuple[str, str, str]] = set()
_HELD_GUARD = threading.Lock()
#: one descriptor per lock file for the life of the process: closing any descriptor of a file
#: would release every byte-range lock the process holds on it
_FILES: dict[str, int] = {}
#: struct flock (Linux): l_type, l_whence, l_start, l_len, l_pid
_FLOCK = struct.Struct("@hhqqi4x")


class ImportInProgress(TransientError):
    """Another import of the same content for the same account is running."""

    code = "import-in-progress"


def _key(account: str, sha256: str, scope: str = "") -> int:
    digest = hashlib.sha256(f"getbill-import\0{scope}\0{account}\0{sha256}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & 0x3FFF_FFFF_FFFF_FFFF


@contextlib.contextmanager
def import_lock(store: Store, *, account: str, sha256: str, name: str) -> Iterator[None]:
    """Hold the lock on (account, content) for the block; raise ImportInProgress if taken."""
    registry_key = (store.display_url, account, sha256)
    with _HELD_GUARD:
        if registry_key in _HELD:
            raise _busy(store, account, sha256, name, holder=f"this process ({os.getpid()})")
        _HELD.add(registry_key)
    try:
        if store.dialect == "postgresql":
            with _pg_lock(store, account, sha256, name):
                yield
        else:
            with _file_lock(store, account, sha256, name):
                yield
    finally:
        with _HELD_GUARD:
            _HELD.discard(registry_key)


@contextlib.contextmanager
def _pg_lock(store: Store, account: str, sha256: str, name: str) -> Iterator[None]:
    with store.engine.connect() as conn:
        # advisory locks are database-wide: the schema holding the store is part of the key
        key = _key(account, sha256, str(conn.execute(sa.text("SELECT current_schema()")).scalar()))
        conn.execute(sa.text("SELECT set_config('application_name', :n, false)"),
                     {"n": f"getbill-import import (process {os.getpid()} on {socket.gethostname()})"[:63]})
        taken = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        conn.commit()
        if not taken:
            holder = conn.execute(sa.text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :hi AND l.objid = :lo"
            ), {"hi": key >> 32, "lo": key & 0xFFFF_FFFF}).scalar()
            conn.rollback()
            raise _busy(store, account, sha256, name, holder=_pg_holder(holder))
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()


def _pg_holder(application_name: str | None) -> str:
    if application_name and application_name.startswith("getbill-import import ("):
        return application_name[len("getbill-import import ("):].rstrip(")")
    return "another process"


@contextlib.contextmanager
def _file_lock(store: Store, account: str, sha256: str, name: str) -> Iterator[None]:
    database = store.engine.url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database or database.startswith("file:"):
        yield  # a store no other process can open: the registry is enough
        return
    path = str(Path(database).expanduser().resolve()) + ".imports.lock"
    fd = _FILES.get(path)
    if fd is None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        _FILES[path] = fd
    offset = _key(account, sha256)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
    except OSError:
        pid = _lock_holder(fd, offset)
        holder = f"process {pid} on {socket.gethostname()}" if pid else "another process"
        raise _busy(store, account, sha256, name, holder=holder) from None
    try:
        yield
    finally:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, offset)


def _lock_holder(fd: int, offset: int) -> int | None:
    try:
        probe = _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0)
        l_type, _, _, _, pid = _FLOCK.unpack(fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    except (OSError, struct.error):
        return None
    return pid if l_type != fcntl.F_UNLCK and pid > 0 else None


def _busy(store: Store, account: str, sha256: str, name: str, *, holder: str) -> ImportInProgress:
    running = [r for r in find_imports(store, account=account, sha256=sha256) if r.status == "running"]
    which = ""
    if running:
        record = running[-1]
        which = f", import {record.id} started {record.started_at:%Y-%m-%d %H:%M:%S} UTC"
    return ImportInProgress(
        f"Another import of {name} (the same content) is running for account '{account}' ({holder}{which}). "
        "Wait for it to finish, then run the command again: it will report what that import did."
    )
