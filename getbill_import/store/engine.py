"""Opening a store: the engine, SQLite's durability settings, write transactions, migrations,
and the translation of driver failures into ``StoreError`` messages a user can act on."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

from getbill_import.errors import GetbillError, StoreError, TransientError
from getbill_import.store import migrate

#: how long a SQLite writer waits for another writer before giving up
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: SQLite page cache per connection (negative: KiB); large bulk loads touch many index pages
SQLITE_CACHE_KIB = 131_072
PG_CONNECT_TIMEOUT_S = 10
#: SQLite connections kept open per store (a server's worker threads share them)
SQLITE_POOL_SIZE = 32
#: bytes per page of a new SQLite database: bulk loads write far fewer, larger pages
SQLITE_PAGE_SIZE = 32_768


class WriteTurns:
    """SQLite writers of one database take turns without SQLite's busy handler, which sleeps
    between tries (up to 100 ms each) and so lets a writer wait long after the lock is free
    while other writers keep taking it (the server's requests and its background process load
    batches on one file). The threads of a process queue on a lock; the one holding it takes
    an exclusive ``flock`` on a file beside the database (looked at every few milliseconds),
    which the other processes' writers take in turn. After ``timeout`` the transaction is begun
    anyway, and SQLite's own wait then decides, as without turns."""

    POLL_S = 0.002

    def __init__(self, lock_path: Path | None, timeout: float) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        self._lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid = os.getpid()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        deadline = time.monotonic() + self.timeout
        locked = self._lock.acquire(timeout=self.timeout)
        try:
            self._depth += locked
            held = locked and self._depth == 1 and self._take_file(deadline)
            try:
                yield
            finally:
                if held:
                    self._release_file()
        finally:
            if locked:
                self._depth -= 1
                self._lock.release()

    def _take_file(self, deadline: float) -> bool:
        fd = self._file()
        if fd is None:
            return False
        import fcntl

        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(self.POLL_S)
            except OSError:
                return False

    def _release_file(self) -> None:
        import fcntl

        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _file(self) -> int | None:
        if self.lock_path is None:
            return None
        if self._fd is None or self._pid != os.getpid():
            try:
                import fcntl  # noqa: F401  (absent on Windows: threads still take turns)

                self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
                self._pid = os.getpid()
            except (ImportError, OSError):  # a read-only folder: SQLite's wait alone
                self.lock_path = None
                return None
        return self._fd

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


class WriteConflict(StoreError):
    """A write broke a uniqueness rule, or deadlocked, because another writer got there at the
    same time (PostgreSQL lets concurrent transactions race; SQLite's write lock rules it out).
    Retrying the transaction is safe."""


@dataclass
class Store:
    """An open case store. ``read()`` and ``write()`` hand out connections inside a transaction;
    ``write()`` takes the write lock up front (SQLite ``BEGIN IMMEDIATE``)."""

    engine: sa.Engine
    #: the URL with any password hidden, for messages
    display_url: str
    #: SQLite: writers take turns (``WriteTurns``); PostgreSQL's writers do not wait for each other
    turns: WriteTurns | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection for reading. On SQLite each statement is its own snapshot (no explicit
        transaction: a read never waits for, or holds up, a writer)."""
        with _translated(self.display_url), self._reader.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A connection in a write transaction, committed when the block ends normally."""
        with _translated(self.display_url), self._turn(), self._writer.begin() as conn:
            yield conn

    @contextmanager
    def writer(self) -> Iterator[sa.Connection]:
        """One connection for a series of write transactions (``transaction(conn)`` each)."""
        with _translated(self.display_url), self._writer.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self, conn: sa.Connection) -> Iterator[sa.Connection]:
        """A write transaction on a connection from ``writer()``, committed when the block ends
        normally (and taking SQLite's write lock up front)."""
        with _translated(self.display_url), self._turn(), conn.begin():
            yield conn

    def _turn(self) -> contextlib.AbstractContextManager[None]:
        return self.turns() if self.turns is not None else contextlib.nullcontext()

    @property
    def _reader(self) -> sa.Engine:
        return self.engine.execution_options(sqlite_begin=None)

    @property
    def _writer(self) -> sa.Engine:
        return self.engine.execution_options(sqlite_begin="IMMEDIATE")

    def check_writable(self) -> None:
        """Raise StoreError now rather than after a long validation if nothing can be written."""
        with self.write() as conn:
            if self.dialect == "postgresql":
                readonly = conn.exec_driver_sql("SHOW transaction_read_only").scalar()
                if readonly == "on":
                    raise StoreError(
                        f"The database at {self.display_url} is read-only (a standby or a read-only "
                        "role). Point --database-url at the primary server."
                    )
            else:
                # a no-op write: fails on a read-only file or folder
                conn.exec_driver_sql("UPDATE accounts SET id = id WHERE 0")
                conn.exec_driver_sql("PRAGMA user_version = 0")

    def close(self) -> None:
        self.engine.dispose()
        if self.turns is not None:
            self.turns.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str, *, migrate_schema: bool = True) -> Store:
    """Open (and create or upgrade) the store at ``url``: ``sqlite:///path/to/file.db`` or
    ``postgresql+psycopg://user:password@host:port/dbname``."""
    parsed = _parse(url)
    display = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed, display)
    elif parsed.get_backend_name() == "postgresql":
        engine = _postgres_engine(parsed)
    else:
        raise StoreError(
            f"Unsupported database {display}: use sqlite:///path/to/file.db or "
            "postgresql+psycopg://user:password@host:port/dbname."
        )
    store = Store(engine=engine, display_url=display, turns=_sqlite_turns(parsed) if engine.dialect.name == "sqlite" else None)
    try:
        if migrate_schema:
            with _translated(display):
                migrate.upgrade(engine)
        else:
            with store.read() as conn:
                conn.exec_driver_sql("SELECT 1")
    except BaseException:
        engine.dispose()
        raise
    return store


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise StoreError(
            f"The database URL {url!r} is not valid ({exc}). Use sqlite:///path/to/file.db or "
            "postgresql+psycopg://user:password@host:port/dbname."
        ) from None
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _in_memory(database: str) -> bool:
    return database in ("", ":memory:") or "mode=memory" in database


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database or a ``file:`` URI."""
    database = url.database or ""
    if _in_memory(database) or url.query.get("uri") or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _sqlite_engine(url: URL, display: str) -> sa.Engine:
    database = url.database or ""
    in_memory = _in_memory(database)
    file = _sqlite_file(url)
    if file is not None:
        folder = file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {folder} for the database {display}: "
                f"{exc.strerror or exc}. Set GETBILL_DATA_DIR or --database-url to a writable place."
            ) from None
        if Path(database).expanduser().is_dir():
            raise StoreError(f"{database} is a folder, not a database file. Name a file, e.g. {database}/getbill.db.")
    # a server's threads each hold a connection at once: they are kept, not reopened per request
    kwargs: dict[str, Any] = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE}
    if in_memory:
        kwargs = {"poolclass": sa.pool.StaticPool, "connect_args": {"check_same_thread": False}}
    engine = sa.create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_turns(url: URL) -> WriteTurns:
    file = _sqlite_file(url)
    return WriteTurns(file.with_name(file.name + "-writers") if file is not None else None, SQLITE_BUSY_TIMEOUT_MS / 1000)


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # transactions are opened explicitly in _sqlite_on_begin, not by the driver
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    # only takes effect on a new, empty database (before WAL is switched on)
    cur.execute(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
    with contextlib.suppress(sqlite3.OperationalError):
        # a read-only database keeps its journal mode; writes then say why they fail
        cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    # foreign keys are declared for PostgreSQL and documentation; SQLite leaves them unchecked
    # (its default), which saves a parent look-up per bulk-loaded row
    cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    cur.close()


def _sqlite_on_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode is not None:
        conn.exec_driver_sql(f"BEGIN {mode}")


def _postgres_engine(url: URL) -> sa.Engine:
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
    )


@contextmanager
def _translated(display: str) -> Iterator[None]:
    try:
        yield
    except GetbillError:
        raise
    except sa.exc.DBAPIError as exc:
        conflict = isinstance(exc, sa.exc.IntegrityError) or _is_conflict(exc.orig)
        raise _store_error(exc.orig, display, conflict) from None
    except Exception as exc:
        # statements run on the driver's own cursor (COPY) raise the driver's errors
        if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg"):
            raise _store_error(exc, display, _is_conflict(exc)) from None
        raise


#: PostgreSQL's "deadlock detected" and "could not serialize": the transaction may simply be retried
_RETRYABLE_SQLSTATES = ("40P01", "40001")


def _is_conflict(exc: BaseException | None) -> bool:
    """A uniqueness violation, deadlock or serialisation failure caused by a concurrent writer."""
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    if exc is None or not type(exc).__module__.startswith("psycopg"):
        return False
    import psycopg

    return isinstance(exc, psycopg.IntegrityError) or getattr(exc, "sqlstate", None) in _RETRYABLE_SQLSTATES


def _store_error(orig: BaseException | None, display: str, conflict: bool) -> GetbillError:
    detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0] if orig is not None else "unknown error"
    lowered = detail.lower()
    if conflict:
        return WriteConflict(f"The database {display} refused a write ({detail}).")
    if "locked" in lowered or "busy" in lowered:
        return TransientError(
            f"The database {display} stayed locked by another process ({detail}). "
            "Try again when the other import has finished."
        )
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StoreError(
            f"The database {display} cannot be written ({detail}). "
            "Check the file's and folder's permissions, or choose another --database-url."
        )
    if "unable to open" in lowered or "disk i/o" in lowered:
        return StoreError(
            f"The database {display} cannot be opened ({detail}). "
            "Check that the path exists and is writable, or choose another --database-url."
        )
    if "connect" in lowered or "connection" in lowered:
        return StoreError(
            f"Cannot reach the database {display} ({detail}). Check that the server is running "
            "and the host, port, user and password are right."
        )
    return StoreError(f"The database {display} failed ({detail}).")
