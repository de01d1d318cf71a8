"""Import benchmark: the 1,000,000-row messy export into a fresh store, end to end, against the
"floor" measured in the same run.

    python benchmarks/bench_import.py                    # SQLite, plus PostgreSQL when a URL is given
    python benchmarks/bench_import.py --rows 200000 --postgres postgresql+psycopg://postgres@127.0.0.1:55432/postgres

End to end is the real command, ``getbill-import import FILE`` in its own process (start-up,
reading, mapping, validation, loading, bookkeeping), timed from outside, with that process's
peak resident memory. The floor is the least any loader could do with the same file: polars
reads it, and its rows go into a fresh SQLite file (same durability settings: WAL,
synchronous=FULL) with one ``executemany`` in one transaction.

Targets on this 2-core machine: end to end under 15 s and under 2.5× the floor, peak RSS under
2 GiB, checked on the medians of ``--repeat`` floor and import runs made in turns. A second run of the same command (nothing to do), a forced update run (every case
already up to date) and a stage breakdown are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, write  # noqa: E402

TARGET_SECONDS = 15.0
TARGET_RATIO = 2.5
TARGET_RSS = 2 * 1024**3


def ensure(path: Path, rows: int) -> Path:
    if not path.exists():
        print(f"generating {path} ({rows:,} rows)…", file=sys.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        write(generate(rows), path)
    return path


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a process; return (wall seconds, its own peak RSS in bytes, its stdout)."""
    os.sync()  # the previous run's dirty pages are not flushed on this run's time
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 1):  # 1: some rows were rejected
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.read().decode()}")
        return seconds, usage.ru_maxrss * 1024, out.read().decode()


FLOOR_CODE = r"""
import sqlite3, sys, time
import polars as pl
path, db = sys.argv[1], sys.argv[2]
start = time.perf_counter()
frame = pl.read_csv(path, separator=";", infer_schema=False)
conn = sqlite3.connect(db, isolation_level=None)
for pragma in ("page_size = 32768", "journal_mode = WAL", "synchronous = FULL"):
    conn.execute(f"PRAGMA {pragma}")
columns = [f"c{i}" for i in range(frame.width)]
conn.execute(f"CREATE TABLE rows ({', '.join(columns)})")
rows = list(zip(*(s.to_list() for s in frame.iter_columns())))
conn.execute("BEGIN IMMEDIATE")
conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' * frame.width)})", rows)
conn.execute("COMMIT")
conn.close()
print(time.perf_counter() - start, frame.height)
"""

STAGES_CODE = r"""
import json, sys, time
from getbill_import.config import Settings
from getbill_import.pipeline import ImportOptions, run_import
marks = []
def progress(stage, fraction=None):
    if not marks or marks[-1][0] != stage:
        marks.append((stage, time.perf_counter()))
start = time.perf_counter()
settings = Settings.from_env({"GETBILL_DATA_DIR": sys.argv[2], "GETBILL_DATABASE_URL": sys.argv[3]})
result = run_import(sys.argv[1], settings, ImportOptions(), progress=progress)
end = time.perf_counter()
marks.append(("end", end))
stages = {"digest + open store": marks[0][1] - start}
stages.update({name: later - at for (name, at), (_, later) in zip(marks, marks[1:])})
print(json.dumps({"stages": stages, "total": end - start, "load": result.load.to_json()}))
"""


def floor(path: Path, workdir: Path) -> tuple[float, int]:
    db = workdir / "floor.db"
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    seconds, rss, out = run_child([sys.executable, "-c", FLOOR_CODE, str(path), str(db)])
    inner, rows = out.split()
    print(f"floor (read + one executemany, one transaction): {float(inner):6.2f} s inside, "
          f"{seconds:6.2f} s with start-up, {int(rows):,} rows, peak RSS {rss / 2**20:,.0f} MiB")
    return seconds, rss


def _import_args(path: Path, url: str) -> list[str]:
    return ["getbill-import", "import", str(path), "--database-url", url, "--format", "json"]


def end_to_end(path: Path, url: str, workdir: Path, label: str) -> tuple[float, int]:
    """Import into the (new) store at ``url``; returns (seconds, peak RSS)."""
    env = {**os.environ, "GETBILL_DATA_DIR": str(workdir / "data")}
    seconds, rss, out = run_child(_import_args(path, url), env)
    result = json.loads(out)
    load = result["load"]
    print(f"{label} end to end: {seconds:6.2f} s, peak RSS {rss / 2**20:,.0f} MiB — "
          f"{result['counts']['rows']:,} rows, {load['created']:,} cases created, "
          f"{result['counts']['invalid']:,} rejected")
    return seconds, rss


def reimports(path: Path, url: str, workdir: Path, label: str) -> None:
    """The same file into the store it was just imported into: plainly, then forced as updates."""
    env = {**os.environ, "GETBILL_DATA_DIR": str(workdir / "data")}
    args = _import_args(path, url)
    again, _, out = run_child(args, env)
    print(f"{label} same file again: {again:6.2f} s ({json.loads(out)['status']})")
    update, _, out = run_child([*args, "--force", "--on-existing", "update"], env)
    load = json.loads(out)["load"]
    print(f"{label} same file again, --force --on-existing update: {update:6.2f} s "
          f"({load['updated']:,} updated, {load['unchanged']:,} unchanged)")


def stage_breakdown(path: Path, url: str, workdir: Path, label: str) -> None:
    _, _, out = run_child([sys.executable, "-c", STAGES_CODE, str(path), str(workdir / "data2"), url])
    data = json.loads(out)
    parts = ", ".join(f"{name} {secs:.2f} s" for name, secs in data["stages"].items())
    print(f"{label} stages (in process, {data['total']:.2f} s): {parts}")


def fresh_postgres_schema(base: str) -> tuple[str, str]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_postgres_schema(base: str, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", type=Path, help="the file to import (default: generated, --rows rows)")
    parser.add_argument("--postgres", default=os.environ.get("GETBILL_TEST_POSTGRES_URL"),
                        help="also import into this PostgreSQL server (in a throwaway schema)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="floor and import runs, in turns (the targets are checked on the medians)")
    parser.add_argument("--no-stages", action="store_true", help="skip the in-process stage breakdown")
    args = parser.parse_args()
    default = HERE / "data" / ("messy_1m.csv" if args.rows == 1_000_000 else f"messy_{args.rows}.csv")
    path = ensure(args.csv or default, args.rows)
    with tempfile.TemporaryDirectory(prefix="getbill-bench-") as tmp:
        workdir = Path(tmp)
        # floor and import run in turns, so that a slow spell of a shared machine weighs on both
        pairs: list[tuple[float, float, int]] = []
        for run in range(1, args.repeat + 1):
            floor_seconds, _ = floor(path, workdir)
            seconds, rss = end_to_end(path, f"sqlite:///{workdir / f'store{run}.db'}", workdir / f"r{run}", "SQLite")
            print(f"  run {run}: end to end / floor = {seconds / floor_seconds:.2f}×")
            pairs.append((floor_seconds, seconds, rss))
        floor_seconds = statistics.median(p[0] for p in pairs)
        seconds = statistics.median(p[1] for p in pairs)
        rss = max(p[2] for p in pairs)
        ratio = seconds / floor_seconds
        print(f"SQLite median of {len(pairs)}: end to end {seconds:.2f} s, floor {floor_seconds:.2f} s, "
              f"{ratio:.2f}× (target < {TARGET_RATIO}×); "
              f"targets: {'met' if seconds < TARGET_SECONDS else 'MISSED'} < {TARGET_SECONDS:.0f} s, "
              f"{'met' if ratio < TARGET_RATIO else 'MISSED'} ratio, "
              f"{'met' if rss < TARGET_RSS else 'MISSED'} RSS < 2 GiB (highest {rss / 2**20:,.0f} MiB)")
        reimports(path, f"sqlite:///{workdir / f'store{len(pairs)}.db'}", workdir / f"r{len(pairs)}", "SQLite")
        if not args.no_stages:
            stage_breakdown(path, f"sqlite:///{workdir / 'stages.db'}", workdir, "SQLite")
        if args.postgres:
            url, schema = fresh_postgres_schema(args.postgres)
            try:
                end_to_end(path, url, workdir / "pg", "PostgreSQL")
                reimports(path, url, workdir / "pg", "PostgreSQL")
            finally:
                drop_postgres_schema(args.postgres, schema)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
