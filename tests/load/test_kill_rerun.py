"""Crash safety: a real ``getbill-import import`` killed with SIGKILL at several moments, then run
again, ends with exactly the file's cases and one ``debt.created`` event each, and the import
counts them as created by it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from getbill_import.store import Store, open_store

pytestmark = pytest.mark.slow

ROWS = 24_000
BATCH_SIZE = 150


def _write_export(path: Path, rows: int) -> None:
    lines = ["N° facture;Client;Email;Téléphone;Montant TTC;Devise;Échéance"]
    for i in range(rows):
        lines.append(
            f"F-{i:06d};Client {i};client{i}@example.fr;06 {i // 10000 % 100:02d} {i // 100 % 100:02d} "
            f"{i % 100:02d} 11;{(i % 9000) + 10},{i % 100:02d};EUR;{1 + i % 28:02d}/01/2026"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "relances.csv"
    _write_export(path, ROWS)
    return path


def _command(export: Path, url: str, data_dir: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "GETBILL_BATCH_SIZE": str(BATCH_SIZE), "GETBILL_DATA_DIR": str(data_dir)}
    args = [sys.executable, "-m", "getbill_import", "import", str(export), "--database-url", url, "--format", "json"]
    return args, env


def _scalar(store: Store, sql: str) -> int:
    with store.read() as conn:
        return int(conn.exec_driver_sql(sql).scalar_one())


def _cases(store: Store) -> int:
    return _scalar(store, "SELECT count(*) FROM cases")


def _running_import(store: Store) -> int:
    return _scalar(store, "SELECT count(*) FROM imports WHERE status = 'running'")


# moments to kill at: a condition on the store, polled while the import runs
MOMENTS: dict[str, Callable[[Store], bool]] = {
    "import record written": lambda store: _running_import(store) > 0,
    "first cases committed": lambda store: _cases(store) > 0,
    "midway": lambda store: _cases(store) >= ROWS // 2,
}


def _kill_when(export: Path, url: str, data_dir: Path, store: Store, moment: str) -> None:
    args, env = _command(export, url, data_dir)
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if moment == "just started":
            time.sleep(0.3)
        else:
            reached = MOMENTS[moment]
            while proc.poll() is None and not reached(store):
                time.sleep(0.003)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, f"the import ended before '{moment}': {proc.stderr.read()!r}"  # type: ignore[union-attr]


def _run_to_the_end(export: Path, url: str, data_dir: Path) -> dict:  # type: ignore[type-arg]
    args, env = _command(export, url, data_dir)
    done = subprocess.run(args, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def _assert_loaded_exactly_once(store: Store, result: dict) -> None:  # type: ignore[type-arg]
    assert result["status"] == "completed"
    assert result["load"]["created"] == ROWS
    assert result["load"]["skipped_existing"] == 0
    assert _cases(store) == ROWS
    assert _scalar(store, "SELECT count(DISTINCT reference) FROM cases") == ROWS
    assert _scalar(store, "SELECT count(*) FROM events") == ROWS
    assert _scalar(store, "SELECT count(DISTINCT case_id) FROM events") == ROWS
    assert _scalar(store, "SELECT count(*) FROM cases c WHERE NOT EXISTS "
                          "(SELECT 1 FROM events e WHERE e.case_id = c.id)") == 0
    assert _scalar(store, "SELECT count(*) FROM imports") == 1
    assert _scalar(store, f"SELECT count(*) FROM imports WHERE status = 'completed' AND created = {ROWS}") == 1
    assert _scalar(store, "SELECT count(*) FROM cases WHERE import_id IS NULL OR import_run <> 1") == 0


@pytest.mark.parametrize("moment", ["just started", *MOMENTS])
def test_killed_import_run_again_loads_every_case_exactly_once(
    export: Path, store_url: str, tmp_path: Path, moment: str
) -> None:
    with open_store(store_url) as store:
        _kill_when(export, store_url, tmp_path, store, moment)
        if moment == "midway":
            assert 0 < _cases(store) < ROWS
        result = _run_to_the_end(export, store_url, tmp_path)
        _assert_loaded_exactly_once(store, result)
        if moment != "just started":
            assert result["start"] == "resumed"


def test_killed_twice_then_finished(export: Path, store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        _kill_when(export, store_url, tmp_path, store, "first cases committed")
        first = _cases(store)
        _kill_when(export, store_url, tmp_path, store, "midway")
        assert first <= _cases(store) < ROWS
        result = _run_to_the_end(export, store_url, tmp_path)
        _assert_loaded_exactly_once(store, result)
        again = _run_to_the_end(export, store_url, tmp_path)
        assert again["status"] == "already_imported"
        assert _cases(store) == ROWS


def _start(export: Path, url: str, data_dir: Path) -> subprocess.Popen[bytes]:
    args, env = _command(export, url, data_dir)
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_simultaneous_imports_of_one_file_load_it_once(export: Path, store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        first = _start(export, store_url, tmp_path)
        while first.poll() is None and _running_import(store) == 0:
            time.sleep(0.003)
        second = _start(export, store_url, tmp_path)
        out2, err2 = second.communicate(timeout=300)
        out1, err1 = first.communicate(timeout=300)
        assert first.returncode == 0, err1.decode()
        result = json.loads(out1)
        _assert_loaded_exactly_once(store, result)
        # the second never counts the first one's cases as its own: refused while the first runs,
        # or (started too late to meet it) told the file was imported
        if second.returncode == 2:
            # the refusal is the JSON document --format json asks for, with its stable code
            error = json.loads(out2)["error"]
            message = error["message"]
            assert error["code"] == "import-in-progress"
            assert "Another import of relances.csv (the same content) is running" in message
            assert f"process {first.pid}" in message
            assert "Traceback" not in err2.decode()
        else:
            assert second.returncode == 0, err2.decode()
            assert json.loads(out2)["status"] == "already_imported"
        assert _cases(store) == ROWS


def test_an_import_of_a_file_being_imported_is_refused_naming_the_first(
    export: Path, store_url: str, tmp_path: Path
) -> None:
    from getbill_import.pipeline import file_digest
    from getbill_import.store.locks import import_lock

    sha256, _ = file_digest(export)
    with open_store(store_url) as store:
        with import_lock(store, account="default", sha256=sha256, name="relances.csv"):
            args, env = _command(export, store_url, tmp_path)
            refused = subprocess.run(args, env=env, capture_output=True, timeout=120)
            assert refused.returncode == 2
            error = json.loads(refused.stdout)["error"]
            message = error["message"]
            assert error["code"] == "import-in-progress" and "Traceback" not in refused.stderr.decode()
            assert message.startswith("Another import of relances.csv (the same content) is running for "
                                      "account 'default'")
            assert f"process {os.getpid()}" in message
            assert "Wait for it to finish, then run the command again" in message
            assert _cases(store) == 0
        result = _run_to_the_end(export, store_url, tmp_path)  # the lock gone, the import runs
        _assert_loaded_exactly_once(store, result)


def test_the_holder_killed_the_next_import_resumes_at_once(export: Path, store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        _kill_when(export, store_url, tmp_path, store, "first cases committed")
        # the killed holder's lock went with it: no wait, no refusal
        result = _run_to_the_end(export, store_url, tmp_path)
        _assert_loaded_exactly_once(store, result)
        assert result["start"] == "resumed"
