"""Loading validated cases into the local store, exactly once per (account, reference).

Each batch is one transaction holding the write lock: it looks up which references exist,
inserts the new cases with one ``debt.created`` event each, and (when asked) updates the
existing ones that are not resolved. A process killed at any moment leaves whole batches
behind; running the same import again skips what is there, and counts the cases its own
interrupted run created as created.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any, Literal

import polars as pl
import sqlalchemy as sa

from getbill_import.config import DEFAULT_BATCH_SIZE
from getbill_import.load import prepare
from getbill_import.load._writers import (
    EXISTING_SCHEMA,
    BatchConstants,
    NewRows,
    Writer,
    writer_for,
)
from getbill_import.store.engine import Store, WriteConflict
from getbill_import.store.ids import new_ids
from getbill_import.store.imports import ensure_account
from getbill_import.store.schema import accounts, imports
from getbill_import.store.types import utc_now

OnExisting = Literal["skip", "update"]
#: called after each committed batch with (rows done, rows to do)
Progress = Callable[[int, int], None]
#: a batch that lost a race with another writer on PostgreSQL is classified again
_MAX_ATTEMPTS = 5


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    #: rows whose open case already held every value (an update with nothing to change)
    unchanged: int = 0
    skipped_existing: int = 0
    skipped_resolved: int = 0
    #: valid rows dropped because an earlier row of the same frame has their reference
    duplicates: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped_existing + self.skipped_resolved

    def add(self, other: LoadResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped_existing += other.skipped_existing
        self.skipped_resolved += other.skipped_resolved

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_cases(
    store: Store,
    cases: pl.DataFrame,
    *,
    account: str,
    import_id: str | None = None,
    on_existing: OnExisting = "skip",
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    pause_collector: bool = False,
) -> LoadResult:
    """Load the valid rows of ``cases`` (``ValidationResult.cases``, or any frame of canonical
    case columns) for ``account``.

    A row whose reference already exists is skipped (``on_existing="skip"``) or overwrites the
    case's values (``"update"``; a case already holding them is counted unchanged and not
    touched, blanks in the file never erase a stored value, and a resolved
    or cancelled case is never touched). ``import_id`` names the import record (from
    ``store.imports.begin_import``) the created cases belong to.
    """
    if on_existing not in ("skip", "update"):
        raise ValueError(f"on_existing must be 'skip' or 'update', not {on_existing!r}")
    if batch_size <= 0:
        raise ValueError("batch_size must be positive")
    frame, duplicates = prepare.valid_cases(cases)
    run, known_account = _run_and_account(store, account, import_id)
    if not known_account:
        with store.write() as conn:
            ensure_account(conn, account)
    writer = writer_for(store.dialect)
    result = LoadResult(duplicates=duplicates)
    total = frame.height

    # the parameters of a batch are built ahead only while batches turn out new: when they are
    # cases already (the same export again), most would be built for nothing
    all_new = True

    def prepared(offset: int) -> NewRows:
        return _new_rows(
            writer, frame.slice(offset, batch_size), account, import_id, run, store.dialect, data=all_new
        )

    # the next batch is made ready (ids, parameters) while the database writes this one
    with (
        _collector_paused() if pause_collector else contextlib.nullcontext(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="getbill-load") as pool,
        store.writer() as conn,
    ):
        known = _KnownState(store.dialect)
        pending = _Ahead(pool, prepared, 0, total)
        for offset in range(0, total, batch_size):
            batch = pending.result()
            following = offset + batch_size
            pending = _Ahead(pool, prepared, following, total)
            if store.dialect != "sqlite":
                pending.start()
            done = _load_batch(
                store, conn, writer, known, batch, account, import_id, run, on_existing, pending.start
            )
            all_new = done.rows == batch.frame.height and done.created == done.rows
            result.add(done)
            pending.start()
            if progress is not None:
                progress(min(following, total), total)
    return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while batches of parameter tuples are built and dropped:
    they hold no cycles, and the collections their allocations trigger would each walk every
    object of the process (a tenth of a large load's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Ahead:
    """The batch at ``offset``, made ready on the worker thread once ``start()`` is called.

    On SQLite the loader starts it only when the current batch's cases are written: building
    parameter tuples holds the GIL, which the per-row ``executemany`` takes back after every row
    (waiting up to the interpreter's switch interval when another thread holds it), while the
    events statement and the commit that follow run without it."""

    def __init__(
        self, pool: ThreadPoolExecutor, make: Callable[[int], NewRows], offset: int, total: int
    ) -> None:
        self._pool, self._make, self._offset, self._total = pool, make, offset, total
        self._future: Future[NewRows] | None = None

    def start(self) -> None:
        if self._future is None and self._offset < self._total:
            self._future = self._pool.submit(self._make, self._offset)

    def result(self) -> NewRows:
        self.start()
        assert self._future is not None, "no batch at this offset"
        return self._future.result()


class _KnownState:
    """Whether every case of the account is known to be one this load created, so a batch (whose
    references are new to this load) needs no look-up.

    True when the account had no case when the load began and no other connection has committed
    anything since (SQLite's ``PRAGMA data_version``, read under the write lock, moves exactly
    when another connection commits). PostgreSQL, where writers do not take turns, always looks.
    """

    def __init__(self, dialect: str) -> None:
        self._tracking = dialect == "sqlite"
        self._clean: bool | None = None
        self._version: int | None = None

    def lookup_needed(self, conn: sa.Connection, account: str) -> bool:
        if not self._tracking:
            return True
        version = conn.exec_driver_sql("PRAGMA data_version").scalar_one()
        if self._clean is None:
            self._clean = not conn.exec_driver_sql(
                "SELECT EXISTS (SELECT 1 FROM cases WHERE account = ?)", (account,)
            ).scalar_one()
        elif version != self._version:
            self._clean = False
        self._version = version
        return not self._clean

    def failed(self) -> None:
        """A transaction was rolled back: what it saw proves nothing any more."""
        self._clean = False


def _new_rows(
    writer: Writer, batch: pl.DataFrame, account: str, import_id: str | None, run: int | None,
    dialect: str, *, data: bool = True,
) -> NewRows:
    """Every row of ``batch`` as a new case (the few whose reference turns out to exist are
    dropped inside the transaction)."""
    now = utc_now()
    constants = BatchConstants(
        account=account, status=prepare.DEFAULT_STATUS, import_id=import_id, import_run=run,
        moment=now, stamp=prepare.db_timestamp(now, dialect),
    )
    frame = batch.with_columns(new_ids("debt", batch.height, now_ms=int(now.timestamp() * 1000)))
    return writer.new_rows(frame, constants, data=data)


def _run_and_account(store: Store, account: str, import_id: str | None) -> tuple[int | None, bool]:
    """The import's run (None without an import) and whether the account exists already (a
    load then writes nothing else before its cases)."""
    with store.read() as conn:
        known = conn.execute(sa.select(accounts.c.id).where(accounts.c.id == account)).first() is not None
        if import_id is None:
            return None, known
        run = conn.execute(
            sa.select(imports.c.run).where(imports.c.account == account, imports.c.id == import_id)
        ).scalar_one_or_none()
    if run is None:
        raise ValueError(f"no import {import_id!r} for account {account!r}")
    return int(run), known


def _load_batch(
    store: Store, conn: sa.Connection, writer: Writer, known: _KnownState, batch: NewRows,
    account: str, import_id: str | None, run: int | None, on_existing: OnExisting,
    rows_written: Callable[[], None] | None = None,
) -> LoadResult:
    for attempt in range(1, _MAX_ATTEMPTS + 1):
        try:
            with store.transaction(conn):
                lookup = known.lookup_needed(conn, account)
                return _write_batch(
                    conn, writer, batch, account, import_id, run, on_existing, store.dialect, lookup,
                    rows_written,
                )
        except WriteConflict:
            known.failed()
            # another writer created one of these references since we looked: look again
            if attempt == _MAX_ATTEMPTS or store.dialect != "postgresql":
                raise
        except BaseException:
            known.failed()
            raise
    raise AssertionError("unreachable")


def _write_batch(
    conn: sa.Connection, writer: Writer, batch: NewRows, account: str,
    import_id: str | None, run: int | None, on_existing: OnExisting, dialect: str, lookup: bool,
    rows_written: Callable[[], None] | None = None,
) -> LoadResult:
    now = utc_now()
    if lookup:
        existing = writer.existing(conn, account, batch.frame["reference"].to_list(), import_id, run)
    else:
        existing = pl.DataFrame(schema=EXISTING_SCHEMA)
    classified = batch.frame.join(existing, on="reference", how="left", maintain_order="left")
    is_new = pl.col("_mine").is_null()
    is_mine = (pl.col("_mine") == 1).fill_null(False)
    is_final = (pl.col("_final") == 1).fill_null(False)
    counts = classified.select(
        is_new.sum().alias("new"),
        (~is_new & is_mine).sum().alias("mine"),
        (~is_new & ~is_mine & is_final).sum().alias("final"),
        (~is_new & ~is_mine & ~is_final).sum().alias("open"),
    ).row(0, named=True)
    result = LoadResult(created=counts["new"] + counts["mine"])

    if counts["new"] == batch.frame.height:
        writer.insert_new(conn, batch, rows_written)
    elif counts["new"]:
        new = classified.filter(is_new).select(batch.frame.columns)
        writer.insert_new(conn, writer.new_rows(new, batch.constants), rows_written)

    if on_existing == "update":
        result.skipped_resolved = counts["final"]
        if counts["open"]:
            to_update = classified.filter(~is_new & ~is_mine & ~is_final).with_columns(
                pl.lit(prepare.db_timestamp(now, dialect), pl.String).alias("updated_at")
            )
            result.updated, result.unchanged = writer.update_cases(conn, account, to_update)
            # a case resolved by another process since the look-up is left alone
            result.skipped_resolved += counts["open"] - result.updated - result.unchanged
    else:
        result.skipped_existing = counts["final"] + counts["open"]
    return result
