"""Benchmark of the reading stage alone: seconds and rows/s of ``read_table``.

    python benchmarks/bench_read.py                      # generates a 1,000,000-row, 12-column CSV
    python benchmarks/bench_read.py --rows 200000 --quoted
    python benchmarks/bench_read.py path/to/export.csv --repeat 5

With no path, a ';'-delimited UTF-8 CSV of French invoice data (accents, leading-zero phones,
decimal commas) is generated once under benchmarks/data/ and reused. ``--quoted`` quotes every
field (as many ERPs do), which exercises the quote-aware field counting of the fast path.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import polars as pl

from getbill_import.read import read_table

DATA = Path(__file__).resolve().parent / "data"
HEADER = ["Nom du client", "Société", "Email", "Téléphone", "Adresse", "Code postal", "Ville", "Pays",
          "Montant TTC", "Devise", "N° facture", "Échéance"]
FIRST = ["Zoë", "Jean", "Marie", "Pierre", "Anaïs", "Noël", "François", "Hélène", "Luc", "Gaëlle"]
LAST = ["Müller", "Dupont", "Martin", "Bernard", "Durand", "Lefèvre", "Moreau", "Girard", "Roux", "Guérin"]
CITIES = ["Paris", "Lyon", "Marseille", "Saint-Étienne", "Besançon", "Nîmes", "Orléans", "Brest"]


def generate(rows: int, path: Path, *, quoted: bool, seed: int = 42) -> None:
    rng = np.random.default_rng(seed)

    def pick(options: list[str]) -> pl.Series:
        return pl.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)], dtype=pl.String)

    def digits(low: int, high: int, width: int) -> pl.Series:
        return pl.Series(rng.integers(low, high, rows)).cast(pl.String).str.pad_start(width, "0")

    first, last = pick(FIRST), pick(LAST)
    n = pl.Series(np.arange(rows)).cast(pl.String)
    frame = pl.DataFrame({
        HEADER[0]: first + " " + last,
        HEADER[1]: "SARL " + last + " & Fils",
        HEADER[2]: first.str.to_lowercase() + "." + n + "@example.fr",
        HEADER[3]: "06" + digits(0, 100_000_000, 8),
        HEADER[4]: pl.Series(rng.integers(1, 200, rows)).cast(pl.String) + " rue de la Paix",
        HEADER[5]: digits(1000, 96000, 5),
        HEADER[6]: pick(CITIES),
        HEADER[7]: pl.Series(["FR"] * rows),
        HEADER[8]: pl.Series(rng.integers(10, 99_999, rows)).cast(pl.String) + "," + digits(0, 100, 2),
        HEADER[9]: pl.Series(["EUR"] * rows),
        HEADER[10]: "FAC-2024-" + n.str.pad_start(7, "0"),
        HEADER[11]: digits(1, 29, 2) + "/" + digits(1, 13, 2) + "/2024",
    })
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path, separator=";", quote_style="always" if quoted else "necessary")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, help="a CSV or workbook to read (default: generated)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated CSV")
    parser.add_argument("--quoted", action="store_true", help="quote every field of the generated CSV")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (after one warm-up run)")
    args = parser.parse_args(argv)

    path = args.path
    if path is None:
        path = DATA / f"read_{args.rows}{'_quoted' if args.quoted else ''}.csv"
        if not path.exists():
            started = time.perf_counter()
            generate(args.rows, path, quoted=args.quoted)
            print(f"generated {path} in {time.perf_counter() - started:.1f} s")
    size_mb = path.stat().st_size / 1e6

    result = read_table(path)  # warm-up: page cache, lazy imports
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = read_table(path)
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    rows = result.source.rows
    print(f"file      {path} ({size_mb:,.1f} MB, {result.source.format}, {result.source.encoding or '-'}, "
          f"delimiter {result.source.delimiter!r})")
    print(f"rows      {rows:,} × {len(result.headers)} columns, {result.problems.height} problems")
    print(f"seconds   best {best:.3f}  median {median:.3f}  (runs: {', '.join(f'{t:.3f}' for t in times)})")
    print(f"rows/s    best {rows / best:,.0f}  median {rows / median:,.0f}")
    print(f"MB/s      best {size_mb / best:,.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
