"""The daemon as an operator runs it: real ``getbill-import sftp watch`` / ``run-once`` processes,
killed with SIGKILL in the middle of a file and started again, or asked to stop with SIGTERM.
The store ends with exactly the valid rows of every file, once; each file is archived once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sftp_helpers import SshServer, export_text, names

from getbill_import.store import Store, open_store

pytestmark = pytest.mark.slow

ROWS = 24_000
INVALID = 7
BATCH_SIZE = 400


def _config(path: Path, server: SshServer, drop: Path, known_hosts: Path) -> Path:
    path.write_text(
        f"""
[defaults]
known_hosts = "{known_hosts}"
min_age = 0
settle = 0
retry_delay = 0.1

[sources.acme]
host = "127.0.0.1"
port = {server.port}
user = "{server.user}"
key_file = "{server.client_key}"
remote_dir = "{drop}"
account = "acme"
""",
        encoding="utf-8",
    )
    return path


def _env(data_dir: Path, url: str) -> dict[str, str]:
    return {
        **os.environ, "GETBILL_DATA_DIR": str(data_dir), "GETBILL_DATABASE_URL": url,
        "GETBILL_BATCH_SIZE": str(BATCH_SIZE), "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


def _command(command: str, config: Path) -> list[str]:
    return [sys.executable, "-m", "getbill_import", "sftp", command, "--config", str(config)]


def _scalar(store: Store, sql: str) -> int:
    with store.read() as conn:
        return int(conn.exec_driver_sql(sql).scalar_one())


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"the process ended before {what}: {proc.stderr.read().decode()[-3000:]}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.005)


def _tables_exist(store: Store) -> bool:
    return _scalar(store, "SELECT count(*) FROM sqlite_master WHERE name = 'sftp_files'") > 0


MOMENTS: dict[str, Callable[[Store], bool]] = {
    "file found": lambda s: _tables_exist(s) and _scalar(s, "SELECT count(*) FROM sftp_files") > 0,
    "import started": lambda s: _tables_exist(s) and _scalar(s, "SELECT count(*) FROM sftp_files WHERE attempts > 0") > 0,
    "cases half loaded": lambda s: _tables_exist(s) and _scalar(s, "SELECT count(*) FROM cases") >= ROWS // 2,
}


@pytest.fixture
def setup(sshd: SshServer, drop: Path, known_hosts: Path, tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    data_dir = tmp_path / "data"
    url = f"sqlite:///{tmp_path / 'store.db'}"
    return _config(tmp_path / "sftp.toml", sshd, drop, known_hosts), _env(data_dir, url), tmp_path / "store.db"


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_the_daemon_killed_mid_file_and_restarted_imports_the_file_once(
    setup: tuple[Path, dict[str, str], Path], drop: Path, moment: str
) -> None:
    config, env, db = setup
    (drop / "big.csv").write_text(export_text("K", valid=ROWS, invalid=INVALID), encoding="utf-8")
    content = (drop / "big.csv").read_bytes()
    with open_store(f"sqlite:///{db}") as store:
        proc = subprocess.Popen(_command("watch", config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(lambda: MOMENTS[moment](store), proc, moment)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == -signal.SIGKILL
        assert names(drop) == ["big.csv"]  # not archived: the file was not finished
        assert _scalar(store, "SELECT count(*) FROM cases") < ROWS

        # started again, it finishes the file and keeps watching until SIGTERM
        proc = subprocess.Popen(_command("watch", config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(lambda: _scalar(store, "SELECT count(*) FROM sftp_cycles") >= 1, proc, "a cycle")
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err.decode()
        assert "sftp watcher stopped" in err.decode()

        assert _scalar(store, "SELECT count(*) FROM cases") == ROWS
        assert _scalar(store, "SELECT count(DISTINCT reference) FROM cases") == ROWS
        assert _scalar(store, "SELECT count(*) FROM events") == ROWS
        assert _scalar(store, f"SELECT count(*) FROM imports WHERE status = 'completed' AND valid_rows = {ROWS}") == 1
        assert _scalar(store, "SELECT count(*) FROM imports") == 1
        assert _scalar(store, "SELECT count(*) FROM sftp_files WHERE outcome = 'imported' AND archived_at IS NOT NULL") == 1
        assert _scalar(store, "SELECT count(*) FROM sftp_files") == 1
        attempts = _scalar(store, "SELECT attempts FROM sftp_files")
        assert attempts == 2 if moment != "file found" else attempts in (1, 2)
    [archived] = names(drop / "processed")
    assert (drop / "processed" / archived).read_bytes() == content
    assert len(names(drop / "reports")) == 1
    assert names(drop) == ["processed", "reports"]


def test_sigterm_finishes_the_file_in_progress_and_exits_cleanly(
    setup: tuple[Path, dict[str, str], Path], drop: Path
) -> None:
    config, env, db = setup
    files = {f"part{n}.csv": export_text(f"T{n}", valid=ROWS // 2) for n in range(3)}
    for name, text in files.items():
        (drop / name).write_text(text, encoding="utf-8")
    with open_store(f"sqlite:///{db}") as store:
        proc = subprocess.Popen(_command("watch", config), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(lambda: MOMENTS["import started"](store), proc, "the first import")
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        log = err.decode()
        assert proc.returncode == 0, log
        assert "SIGTERM received" in log and "sftp watcher stopped" in log
        assert log.count("sftp cycle ") == 1 and "status=stopped" in log
        # the file in progress was finished and archived; the others were left for later
        done = _scalar(store, "SELECT count(*) FROM sftp_files WHERE archived_at IS NOT NULL")
        assert done == 1
        assert _scalar(store, "SELECT count(*) FROM sftp_files WHERE archived_at IS NULL") == 0
        assert _scalar(store, "SELECT count(*) FROM cases") == ROWS // 2
        assert len([n for n in names(drop) if n.endswith(".csv")]) == 2

        finished = subprocess.run(_command("run-once", config), env=env, capture_output=True, timeout=300)
        assert finished.returncode == 0, finished.stderr.decode()
        assert _scalar(store, "SELECT count(*) FROM cases") == 3 * (ROWS // 2)
        assert _scalar(store, "SELECT count(*) FROM imports") == 3
    assert len(names(drop / "processed")) == 3
