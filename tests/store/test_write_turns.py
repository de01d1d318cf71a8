"""SQLite writers take turns (``store.engine.WriteTurns``): the threads of a process queue on a
lock and processes on a file lock beside the database, so that a writer starts as soon as the
one before it commits instead of sleeping in SQLite's busy handler."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

from getbill_import.store import open_store
from getbill_import.store.engine import WriteTurns

_WRITER = """
import sys
from getbill_import.store import open_store
with open_store(sys.argv[1], migrate_schema=False) as store:
    for i in range(int(sys.argv[3])):
        with store.write() as conn:
            conn.exec_driver_sql("INSERT INTO turn_test (who, n) VALUES (?, ?)", (sys.argv[2], i))
"""

_HOLDER = """
import sys, time
from getbill_import.store import open_store
with open_store(sys.argv[1], migrate_schema=False) as store, store.write() as conn:
    conn.exec_driver_sql("INSERT INTO turn_test (who, n) VALUES ('holder', 0)")
    print("holding", flush=True)
    sys.stdin.readline()
"""


def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'turns.db'}")
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE turn_test (who TEXT, n INTEGER)")
    return store


def test_threads_and_processes_writing_at_once_all_get_their_turn(tmp_path: Path) -> None:
    store = _store(tmp_path)
    url = f"sqlite:///{tmp_path / 'turns.db'}"
    others = [subprocess.Popen([sys.executable, "-c", _WRITER, url, f"process{p}", "150"], stderr=subprocess.PIPE)
              for p in range(2)]

    def write(thread: int) -> None:
        for i in range(60):
            with store.write() as conn:
                conn.exec_driver_sql("INSERT INTO turn_test (who, n) VALUES (?, ?)", (f"thread{thread}", i))

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, range(6)))
    for other in others:
        _, err = other.communicate(timeout=120)
        assert other.returncode == 0, err.decode()
    with store.read() as conn:
        counts = dict(conn.exec_driver_sql("SELECT who, COUNT(DISTINCT n) FROM turn_test GROUP BY who").all())
    assert counts == {**{f"thread{t}": 60 for t in range(6)}, "process0": 150, "process1": 150}
    store.close()


def test_a_writer_of_another_process_holds_the_turn_until_it_commits(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.turns is not None and store.turns.lock_path == tmp_path / "turns.db-writers"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, f"sqlite:///{tmp_path / 'turns.db'}"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        assert not store.turns._take_file(time.monotonic() + 0.2), "two processes held the turn at once"
        assert holder.stdin is not None
        holder.stdin.write(b"go\n")
        holder.stdin.flush()
        assert holder.wait(30) == 0
        with store.write() as conn:  # the turn is free again, and the holder's row committed
            assert conn.execute(sa.text("SELECT COUNT(*) FROM turn_test WHERE who = 'holder'")).scalar() == 1
    finally:
        if holder.poll() is None:
            holder.kill()
        store.close()


def test_a_folder_where_no_lock_file_can_be_made_leaves_the_wait_to_sqlite(tmp_path: Path) -> None:
    turns = WriteTurns(tmp_path / "missing-folder" / "db-writers", timeout=1.0)
    with turns():  # threads still take turns; the file lock is skipped
        pass
    assert turns.lock_path is None


def test_an_in_memory_database_has_no_lock_file() -> None:
    store = open_store("sqlite://")
    assert store.turns is not None and store.turns.lock_path is None
    with store.write() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    store.close()
