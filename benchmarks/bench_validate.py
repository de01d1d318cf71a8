"""Benchmark of the validation stage alone: ``validate_frame`` on a mapped frame.

    python benchmarks/bench_validate.py                 # 1,000,000 rows
    python benchmarks/bench_validate.py --rows 200000 --repeat 3

The frame comes from ``benchmarks/generate.py`` (deterministic, seeded: a French export with ~3% bad
values of every kind, ~510k distinct e-mails and ~830k distinct phones per million rows), mapped
onto the canonical fields as the mapping stage would, and is cached as Parquet under
``benchmarks/data/`` (generated in a child process, keyed by the generator's source). Prints seconds, rows/s, CPU seconds and peak resident memory of each run
(sampled every 10 ms). Target on a 2-core machine: 1M rows
in under ~5 s, peak memory well under 2 GiB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import polars as pl  # noqa: E402
from _measure import Stopwatch, rss_bytes  # noqa: E402
from generate import generate  # noqa: E402

from getbill_import.fields import LINE, METADATA  # noqa: E402
from getbill_import.validate import ValidationOptions, validate_frame  # noqa: E402

#: the generator's headers -> canonical fields (what the mapping stage finds for this export)
COLUMNS = {
    "reference": "N° facture",
    "issue_date": "Date facture",
    "due_date": "Échéance",
    "debtor.name": "Client",
    "debtor.email": "Email",
    "debtor.phone": "Téléphone",
    "debtor.address.line1": "Adresse",
    "debtor.address.postal_code": "Code postal",
    "debtor.address.city": "Ville",
    "debtor.address.country": "Pays",
    "amount": "Montant TTC",
    "currency": "Devise",
}


def cache_path(rows: int, seed: int) -> Path:
    """The mapped frame's Parquet cache, named after the generator's source so that a changed
    generator never serves stale data."""
    version = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:10]
    return HERE / "data" / f"validate_mapped_{rows}_{seed}_{version}.parquet"


def mapped_frame(rows: int, seed: int) -> pl.DataFrame:
    cache = cache_path(rows, seed)
    if not cache.exists():
        # generated in a child process, so that generating does not count in this one's memory
        print(f"generating {rows:,} rows…", file=sys.stderr)
        subprocess.run([sys.executable, __file__, "--rows", str(rows), "--seed", str(seed), "--prepare"], check=True)
    return pl.read_parquet(cache)


def prepare(rows: int, seed: int) -> None:
    cache = cache_path(rows, seed)
    raw = generate(rows, seed)
    unmapped = [c for c in raw.columns if c not in COLUMNS.values()]
    frame = raw.select(
        # the header is line 1: data starts on line 2, as the user's spreadsheet shows it
        pl.int_range(2, rows + 2, dtype=pl.Int64).alias(LINE),
        *(pl.col(column).alias(field) for field, column in COLUMNS.items()),
        pl.struct(unmapped).struct.json_encode().alias(METADATA),
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(cache)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--prepare", action="store_true", help="only generate and cache the mapped frame")
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.rows, args.seed)
        return 0

    frame = mapped_frame(args.rows, args.seed)
    distinct = frame.select(pl.col("debtor.email").n_unique(), pl.col("debtor.phone").n_unique()).row(0)
    print(f"{frame.height:,} rows, {distinct[0]:,} distinct e-mails, {distinct[1]:,} distinct phones")
    watch = Stopwatch()
    result = None
    cpu = []
    print(f"resident memory before validating (the input frame, the libraries): {rss_bytes() / 2**20:.0f} MiB")
    for run in range(1, args.repeat + 1):
        result = None  # the previous run's result is not part of this run's memory
        start = time.process_time()
        with watch.stage(f"validate_frame (run {run})", frame.height):
            result = validate_frame(frame, columns=COLUMNS, options=ValidationOptions())
        cpu.append(time.process_time() - start)
    assert result is not None
    watch.print("validation")
    print("main process CPU seconds per run (all threads): " + ", ".join(f"{c:.2f}" for c in cpu))
    print(f"load average during the runs: {os.getloadavg()[0]:.2f} (other work on the machine slows every figure)")
    print(f"rows: {result.rows:,}  valid: {result.valid:,}  invalid: {result.invalid:,}  "
          f"accepted with warnings: {result.warnings:,}  problems: {result.problems.height:,}")
    counts = result.problems.group_by("code").len().sort("len", descending=True)
    for code, n in counts.iter_rows():
        print(f"  {code:<28}{n:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
