"""What the two layouts that join rows cost, each beside its floor in the same run: open items
joined with a customer master file (``--debtors``) against the same open items with the debtors'
columns written in, and an export written line by line (the lines added up) against the same rows
each with a reference of its own.

    python benchmarks/bench_layouts.py                     # 1,000,000 open items, 50,000 debtors
    python benchmarks/bench_layouts.py --rows 200000 --debtors 10000

Targets on a 2-core machine: the debtors join within 15% of its floor; adding up the lines within
60% of its floor (a third of the rows are lines: each is compared with the row above it, its amount
added to its invoice's, and the amounts are read before the other checks, not beside them).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import Stopwatch  # noqa: E402

from getbill_import.config import Settings  # noqa: E402
from getbill_import.pipeline import PrepareOptions, prepare_file  # noqa: E402


def write_open_items(path: Path, rows: int, debtors: int, rng: random.Random, *, with_debtors: bool) -> None:
    """SAP-like open items: a zero-padded customer number, no name (or the debtor's columns too)."""
    extra = ";Name 1;Ort;Postleitzahl;Straße;E-Mail-Adresse" if with_debtors else ""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"Customer;Reference;Document Date;Net due date;Amount in local currency;Currency{extra}\n")
        for i in range(rows):
            n = rng.randrange(debtors)
            details = f";{_debtor(n)}" if with_debtors else ""
            fh.write(
                f"{100000 + n:010d};9{i:08d};03.09.2026;03.10.2026;{rng.randint(1, 9999)},{rng.randint(0, 99):02d};EUR"
                f"{details}\n"
            )


def _debtor(n: int) -> str:
    return f"Firma {n} GmbH;Köln;50667;Hohe Straße {n};k{n}@example.de"


def write_debtors(path: Path, debtors: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Kunde;Name 1;Ort;Postleitzahl;Straße;E-Mail-Adresse\n")
        for n in range(debtors):
            fh.write(f"{100000 + n};{_debtor(n)}\n")


def write_invoices(path: Path, invoices: int, rng: random.Random, *, lines: bool) -> int:
    """Invoices of one to three lines, a row per line: one reference per invoice (``lines``), or
    one per row. Returns the rows."""
    rows = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Customer,Invoice #,Date,Due Date,Inc-Tax Total,Email\n")
        for i in range(invoices):
            for j in range(rng.randint(1, 3)):
                cents = rng.randint(100, 999_999)
                reference = f"INV-{i}" if lines else f"INV-{i}-{j}"
                fh.write(f"Client {i % 5000},{reference},15/06/2026,15/07/2026,{cents // 100}.{cents % 100:02d},"
                         f"c{i % 5000}@example.org\n")
                rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--debtors", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings.from_env({"GETBILL_DATA_DIR": str(folder / "data")})
        items, written, debtors = folder / "open_items.csv", folder / "open_items_with_debtors.csv", folder / "debtors.csv"
        write_open_items(items, args.rows, args.debtors, random.Random(7), with_debtors=False)
        write_open_items(written, args.rows, args.debtors, random.Random(7), with_debtors=True)
        write_debtors(debtors, args.debtors)
        invoices = args.rows // 2
        by_line, by_row = folder / "lines.csv", folder / "rows.csv"
        line_rows = write_invoices(by_line, invoices, random.Random(11), lines=True)
        write_invoices(by_row, invoices, random.Random(11), lines=False)

        watch = Stopwatch()
        with watch.stage("debtors in the file (floor)", args.rows):
            prepare_file(written, settings)
        with watch.stage("joined with the debtors", args.rows):
            joined = prepare_file(items, settings, PrepareOptions(debtors=debtors))
        with watch.stage("a reference per row (floor)", line_rows):
            prepare_file(by_row, settings)
        with watch.stage("a row per line, added up", line_rows):
            added = prepare_file(by_line, settings)
        watch.print(f"{args.rows:,} open items and {args.debtors:,} debtors; {invoices:,} invoices on {line_rows:,} rows")
        floor_join, join, floor_lines, lines = (s.seconds for s in watch.stages)
        print(f"debtors join: {join / floor_join - 1:+.1%} over its floor; "
              f"{joined.validation.valid:,} of {joined.validation.rows:,} rows valid")
        print(f"lines added up: {lines / floor_lines - 1:+.1%} over its floor; "
              f"{added.validation.rows:,} cases from {line_rows:,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
