"""Remote import benchmark: the 1,000,000-row messy export sent to the embedded API on loopback
(``getbill-import import FILE --to http://127.0.0.1:PORT/external-api/v1``), end to end, beside
the local import of the same file (``getbill-import import FILE``) in the same run.

    python benchmarks/bench_remote.py                        # chunks of 1,000 (the default)
    python benchmarks/bench_remote.py --chunk-size 1000 --chunk-size 10000 --repeat 3
    python benchmarks/bench_remote.py --rows 200000
    python benchmarks/bench_remote.py --server-workers 2     # serve --workers 2
    python benchmarks/bench_remote.py --separate-worker      # serve --no-jobs + getbill-import worker

Each run, in turns: the local import into a new SQLite store; then a new ``getbill-import
serve`` (its own new SQLite store, its default settings and background process, a live API
key, the per-minute limit raised so that it is not what is measured: at the default 1,000
requests a minute the ~750 chunks and their follow-ups alone would take over a minute) and the
remote import into it, timed from outside until the command exits, i.e. until the server has
loaded every batch. The server's CPU time and peak memory (its background process included)
are read from /proc.

Target on this 2-core machine: the remote import within 3× the local one (medians).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_import import ensure, run_child  # noqa: E402

TARGET_RATIO = 3.0
_RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")
_TICKS = os.sysconf("SC_CLK_TCK")


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GETBILL_")}
    env.update({"GETBILL_DATA_DIR": str(data), "PYTHONPATH": str(ROOT), **extra})
    return env


class Server:
    """A ``getbill-import serve`` of its own, on a new SQLite store."""

    def __init__(self, folder: Path, workers: int = 1, separate_worker: bool = False) -> None:
        folder.mkdir(parents=True)
        self.folder = folder
        self.url = f"sqlite:///{folder / 'server.db'}"
        self.log = folder / "server.log"
        env = _env(folder, GETBILL_API_RATE_LIMIT="1000000")
        jobs = ["--no-jobs"] if separate_worker else []
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "getbill_import", "serve", "--port", "0", "--database-url", self.url,
                 "--log-level", "info", "--workers", str(workers), *jobs], stdout=log, stderr=subprocess.STDOUT,
                env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while not (found := _RUNNING.search(self.log.read_text(errors="replace"))):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)
        self.api = f"http://127.0.0.1:{found.group(1)}/external-api/v1"
        # the background jobs in a process of their own (``getbill-import worker``, in a session
        # of its own like the server's), its CPU and memory counted with the server's
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "getbill_import", "worker", "--database-url", self.url], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True,
        ) if separate_worker else None

    def key(self) -> str:
        code = ("import sys; from getbill_import.store import open_store; "
                "from getbill_import.store.credentials import create_key; from getbill_import.store.types import utc_now; "
                "store = open_store(sys.argv[1]); "
                "print(create_key(store, account='bench', name='bench', sandbox=False, now=utc_now()).secret)")
        return subprocess.run([sys.executable, "-c", code, self.url], capture_output=True, text=True, check=True,
                              env=_env(self.folder)).stdout.strip()

    def _group(self) -> list[Path]:
        """/proc entries of the server's processes (its process group and the separate worker's)."""
        groups = {self.process.pid} | ({self.worker.pid} if self.worker is not None else set())
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) in groups:
                    found.append(entry)
        return found

    def cpu_seconds(self) -> float:
        """User + system CPU of the server's processes so far."""
        total = 0
        for entry in self._group():
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / _TICKS

    def peak_rss(self) -> int:
        """The server's processes' peak resident memory, summed."""
        total = 0
        for entry in self._group():
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) * 1024
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(60)
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            self.worker.wait(60)


def local(path: Path, workdir: Path) -> float:
    seconds, rss, out = run_child(
        ["getbill-import", "import", str(path), "--database-url", f"sqlite:///{workdir / 'local.db'}", "--format", "json"],
        _env(workdir / "local"))
    result = json.loads(out)
    print(f"  local import:  {seconds:7.2f} s, peak RSS {rss / 2**20:,.0f} MiB — {result['load']['created']:,} cases")
    return seconds


def remote(path: Path, workdir: Path, chunk_size: int, concurrency: int | None, workers: int,
           separate_worker: bool) -> float:
    server = Server(workdir / "server", workers, separate_worker)
    try:
        key = server.key()
        extra = {"GETBILL_REMOTE_API_KEY": key}
        if concurrency:
            extra["GETBILL_REMOTE_CONCURRENCY"] = str(concurrency)
        before = server.cpu_seconds()
        seconds, rss, out = run_child(
            ["getbill-import", "import", str(path), "--to", server.api, "--chunk-size", str(chunk_size), "--format",
             "json"], _env(workdir / "client", **extra))
        server_cpu = server.cpu_seconds() - before
        load = json.loads(out)["load"]
        requests = load["requests"]
        print(f"  remote import: {seconds:7.2f} s, peak RSS {rss / 2**20:,.0f} MiB (server {server.peak_rss() / 2**20:,.0f} MiB, "
              f"{server_cpu:.1f} s CPU) — {load['created']:,} cases created, {load['chunks']:,} chunks of {chunk_size:,}, "
              f"{requests['requests']:,} requests, {requests['retries']} retried")
        if load["created"] + load["existing"] + load["errors"] == 0:
            raise SystemExit("the remote import created nothing")
        return seconds
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", type=Path, help="the file to import (default: generated, --rows rows)")
    parser.add_argument("--chunk-size", type=int, action="append", help="debts per batch request (repeatable)")
    parser.add_argument("--concurrency", type=int, help="batch requests in flight (default: the command's)")
    parser.add_argument("--repeat", type=int, default=1, help="local and remote runs, in turns (medians compared)")
    parser.add_argument("--server-workers", type=int, default=1, help="serve --workers N (processes)")
    parser.add_argument("--separate-worker", action="store_true",
                        help="serve --no-jobs beside a 'getbill-import worker' process (the loading on its own core)")
    args = parser.parse_args()
    default = HERE / "data" / ("messy_1m.csv" if args.rows == 1_000_000 else f"messy_{args.rows}.csv")
    path = ensure(args.csv or default, args.rows)
    sizes = args.chunk_size or [1_000]
    with tempfile.TemporaryDirectory(prefix="getbill-bench-remote-") as tmp:
        times: dict[str, list[float]] = {"local": [], **{str(size): [] for size in sizes}}
        for run in range(1, args.repeat + 1):
            print(f"run {run}:")
            times["local"].append(local(path, Path(tmp) / f"l{run}"))
            for size in sizes:
                seconds = remote(path, Path(tmp) / f"r{run}-{size}", size, args.concurrency, args.server_workers,
                                 args.separate_worker)
                times[str(size)].append(seconds)
                print(f"    remote / local = {seconds / times['local'][-1]:.2f}×")
        base = statistics.median(times["local"])
        print(f"medians of {args.repeat}: local {base:.2f} s")
        for size in sizes:
            seconds = statistics.median(times[str(size)])
            ratio = seconds / base
            print(f"  chunks of {size:,}: remote {seconds:.2f} s, {ratio:.2f}× the local import "
                  f"(target < {TARGET_RATIO:.0f}×: {'met' if ratio < TARGET_RATIO else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
