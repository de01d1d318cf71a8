"""SFTP watcher benchmark: one cycle over 100 dropped files of 10,000 rows each, against a real
OpenSSH server on loopback, beside its floor measured in the same run.

    python benchmarks/bench_sftp.py                       # 100 files × 10,000 rows, 3 runs in turns
    python benchmarks/bench_sftp.py --files 20 --repeat 1 --report-format csv

The subject is ``Watcher.run_cycle`` as ``getbill-import sftp run-once`` runs it: list, check
each file is complete, ledger, download, hash, import (the same ``run_import`` as
``getbill-import import``, error report included), upload the report, archive. Its time is split
into transfer (downloads, report uploads, archive moves), import, and the rest (listing, ledger,
connection).

The floor is what the cycle cannot avoid: the same files fetched with paramiko's ``get`` over one
connection, then imported one by one with ``run_import`` from local disk into a fresh store
(each import writes its report too). The target: the cycle within 1.25× the floor.

Needs ``sshd`` and ``ssh-keygen`` (Debian: openssh-server) and runs as root or with ``UsePAM``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "sftp"))

from generate import generate, write  # noqa: E402
from sftp_helpers import SshServer, keygen, make_source  # noqa: E402

from getbill_import.config import Settings  # noqa: E402
from getbill_import.pipeline import ImportOptions, run_import  # noqa: E402
from getbill_import.sftp import Watcher, paramiko_connector  # noqa: E402
from getbill_import.store import open_store  # noqa: E402

TARGET_RATIO = 1.25


def make_files(folder: Path, files: int, rows: int) -> int:
    """``files`` exports of ``rows`` rows (consecutive slices of one generated export)."""
    frame = generate(files * rows)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        write(frame.slice(n * rows, rows), folder / f"relances_{n:03d}.csv")
    return sum(p.stat().st_size for p in folder.iterdir())


def drop(source_files: Path, folder: Path) -> None:
    """Drop the files into the remote folder, old enough to be taken at once."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source_files, folder)
    old = time.time() - 3600
    for path in folder.iterdir():
        os.utime(path, (old, old))


def floor(server: SshServer, known_hosts: Path, folder: Path, work: Path, report_format: str) -> tuple[float, float]:
    """(transfer seconds, import seconds) of the least a cycle has to do."""
    source = make_source(server, folder, known_hosts, work / "data")
    local = work / "fetched"
    local.mkdir()
    start = time.perf_counter()
    remote = paramiko_connector(source)
    try:
        for entry in remote.list(str(folder)):
            if entry.is_file:
                remote.download(entry.path, local / entry.name)
    finally:
        remote.close()
    transfer = time.perf_counter() - start
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(work / "data"),
                                  "GETBILL_DATABASE_URL": f"sqlite:///{work / 'floor.db'}"})
    start = time.perf_counter()
    for path in sorted(local.iterdir()):
        run_import(path, settings, ImportOptions(report=work / f"{path.stem}.{report_format}"))
    return transfer, time.perf_counter() - start


def cycle(server: SshServer, known_hosts: Path, folder: Path, work: Path, report_format: str) -> dict[str, float]:
    source = make_source(server, folder, known_hosts, work / "data", report_format=report_format)
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(work / "data"),
                                  "GETBILL_DATABASE_URL": f"sqlite:///{work / 'cycle.db'}"})
    with open_store(settings.database_url) as store:
        start = time.perf_counter()
        [result] = Watcher(settings, store, sleep=lambda s: None).run_cycle([source])
        total = time.perf_counter() - start
    if result.status != "ok" or len(result.files) == 0:
        raise SystemExit(f"the cycle failed: {result.status} {result.error}")
    outcomes = {f.outcome for f in result.files}
    rows = sum(f.rows for f in result.files)
    return {
        "total": total, "transfer": result.transfer_seconds, "import": result.import_seconds,
        "files": len(result.files), "rows": rows, "created": result.created, "invalid": result.invalid,
        "bytes": result.bytes, "imported": result.count("imported"), "outcomes": len(outcomes),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rows", type=int, default=10_000, help="rows per file")
    parser.add_argument("--repeat", type=int, default=3, help="floor and cycle runs, in turns")
    parser.add_argument("--report-format", choices=("xlsx", "csv", "json"), default="xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="getbill-bench-sftp-") as tmp:
        base = Path(tmp)
        files = base / "files"
        size = make_files(files, args.files, args.rows)
        print(f"{args.files} files × {args.rows:,} rows, {size / 2**20:,.1f} MiB in all; "
              f"reports as {args.report_format}")
        key = base / "id_ed25519"
        keygen(key)
        (base / "sshd").mkdir()
        server = SshServer(base / "sshd", key)
        server.start()
        known_hosts = base / "known_hosts"
        known_hosts.write_text(server.known_hosts_line())
        pairs = []
        try:
            for run in range(1, args.repeat + 1):
                work = base / f"floor{run}"
                work.mkdir()
                drop(files, base / "drop")
                transfer, imported = floor(server, known_hosts, base / "drop", work, args.report_format)
                print(f"run {run} floor: get {transfer:6.2f} s ({size / 2**20 / transfer:,.0f} MiB/s) + "
                      f"import {imported:6.2f} s = {transfer + imported:6.2f} s")
                work = base / f"cycle{run}"
                work.mkdir()
                drop(files, base / "drop")
                got = cycle(server, known_hosts, base / "drop", work, args.report_format)
                rest = got["total"] - got["transfer"] - got["import"]
                print(f"run {run} cycle: {got['total']:6.2f} s for {got['files']:.0f} files "
                      f"({got['imported']:.0f} imported), {got['rows']:,.0f} rows "
                      f"({got['rows'] / got['total']:,.0f} rows/s, {got['bytes'] / 2**20 / got['total']:,.1f} MiB/s), "
                      f"{got['created']:,.0f} cases, {got['invalid']:,.0f} rejected — transfer "
                      f"{got['transfer']:.2f} s ({got['transfer'] / got['total']:.0%}), import "
                      f"{got['import']:.2f} s ({got['import'] / got['total']:.0%}), rest {rest:.2f} s "
                      f"({rest / got['total']:.0%}); {got['total'] / (transfer + imported):.2f}× the floor")
                pairs.append((transfer + imported, got))
        finally:
            server.stop()
        floor_s = statistics.median(p[0] for p in pairs)
        total = statistics.median(p[1]["total"] for p in pairs)
        share_t = statistics.median(p[1]["transfer"] / p[1]["total"] for p in pairs)
        share_i = statistics.median(p[1]["import"] / p[1]["total"] for p in pairs)
        rows = pairs[0][1]["rows"]
        ratio = total / floor_s
        print(f"median of {len(pairs)}: cycle {total:.2f} s ({rows / total:,.0f} rows/s, "
              f"{args.files / total:.1f} files/s), transfer {share_t:.0%}, import {share_i:.0%}; "
              f"floor {floor_s:.2f} s; {ratio:.2f}× the floor (target < {TARGET_RATIO}×: "
              f"{'met' if ratio < TARGET_RATIO else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
