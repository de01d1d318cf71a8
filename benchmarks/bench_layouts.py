"""What the layouts that join rows cost, each beside its floor in the same run: open items
joined with a customer master file (``--debtors``) against the same open items with the debtors'
columns written in, an export written line by line (the lines added up) against the same rows
each with a reference of its own, and a DATEV booking batch read as a ledger (its postings netted
invoice by invoice, joined with its customers) against as many open items joined with theirs.

    python benchmarks/bench_layouts.py                     # 1,000,000 open items, 50,000 debtors
    python benchmarks/bench_layouts.py --rows 200000 --debtors 10000

Targets on a 2-core machine: the debtors join within 15% of its floor; adding up the lines within
60% of its floor (a third of the rows are lines: each is compared with the row above it, its amount
added to its invoice's, and the amounts are read before the other checks, not beside them); the
ledger within 60% of its floor (its dates are completed and its accounts read before the mapping's
checks, and six rows in ten are postings netted with their invoice or no case at all).
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


DATEV_HEADER = (
    "EXTF;700;21;Buchungsstapel;12;20260401120000000;;RE;;;29098;55003;20260101;4;20260101;20261231;Buchungsstapel\n"
    "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;Gegenkonto (ohne BU-Schlüssel);Belegdatum;"
    "Belegfeld 1;Buchungstext\n"
)


def write_booking_batch(path: Path, rows: int, debtors: int, rng: random.Random) -> int:
    """A DATEV booking batch of about ``rows`` postings: each invoice on its customer's account,
    its VAT on 1776, and a full payment (one in two) or a part of it (one in four). Returns the
    invoices still owed."""
    owed = written = i = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(DATEV_HEADER)
        while written < rows:
            customer, cents = 10000 + rng.randrange(debtors), rng.randint(1000, 999_999)
            amount, day = f"{cents // 100},{cents % 100:02d}", f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
            fh.write(f"{amount};S;EUR;{customer};8400;{day};RE-{i};Rechnung\n")
            fh.write(f"{cents * 19 // 119 // 100},00;H;EUR;1776;8400;{day};RE-{i};Umsatzsteuer\n")
            written += 2
            paid = rng.random()
            if paid < 0.75:
                part = cents if paid < 0.5 else cents // 2
                fh.write(f"{part // 100},{part % 100:02d};S;EUR;1200;{customer};{day};RE-{i};Zahlung\n")
                written += 1
            owed += paid >= 0.5
            i += 1
    return owed


def write_datev_debtors(path: Path, debtors: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Konto;Name (Adressattyp Unternehmen);Ort;Postleitzahl;Straße;E-Mail\n")
        for n in range(debtors):
            fh.write(f"{10000 + n};{_debtor(n)}\n")


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

        batch, datev_debtors = folder / "EXTF_Buchungsstapel.csv", folder / "EXTF_Debitoren.csv"
        owed = write_booking_batch(batch, args.rows, min(args.debtors, 59_999), random.Random(13))
        write_datev_debtors(datev_debtors, min(args.debtors, 59_999))

        watch = Stopwatch()
        with watch.stage("debtors in the file (floor)", args.rows):
            prepare_file(written, settings)
        with watch.stage("joined with the debtors", args.rows):
            joined = prepare_file(items, settings, PrepareOptions(debtors=debtors))
        with watch.stage("a reference per row (floor)", line_rows):
            prepare_file(by_row, settings)
        with watch.stage("a row per line, added up", line_rows):
            added = prepare_file(by_line, settings)
        with watch.stage("a ledger, netted and joined", args.rows):
            netted = prepare_file(batch, settings, PrepareOptions(debtors=datev_debtors))
        watch.print(f"{args.rows:,} open items and {args.debtors:,} debtors; {invoices:,} invoices on {line_rows:,} rows")
        floor_join, join, floor_lines, lines, ledger = (s.seconds for s in watch.stages)
        print(f"debtors join: {join / floor_join - 1:+.1%} over its floor; "
              f"{joined.validation.valid:,} of {joined.validation.rows:,} rows valid")
        print(f"lines added up: {lines / floor_lines - 1:+.1%} over its floor; "
              f"{added.validation.rows:,} cases from {line_rows:,} rows")
        print(f"ledger: {ledger / join - 1:+.1%} over the debtors join (its floor); "
              f"{netted.validation.valid:,} valid cases of {owed:,} invoices owed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
