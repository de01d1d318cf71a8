"""A later list benchmark: next month's open-items list imported over last month's cases, beside
the same list with nothing new, measured in turns in the same run.

    python benchmarks/bench_later_list.py                  # 200,000 invoices, 10% of them changed
    python benchmarks/bench_later_list.py --rows 1000000 --repeat 3

January's list (reference, customer, e-mail, balance "Solde", currency, due date) is imported
into a SQLite store, which is copied before each measured run. Then, each in its own process
(``getbill-import import``, start-up included):

- **unchanged**: January's rows again in a file of their own (another content): every row is a
  case already, and each is looked up to compare its balance — the floor of a later list;
- **changed**: February's list, where 5% of the invoices show a balance of zero (paid: left out,
  their cases paid and resolved) and 5% half their balance (paid in part).

Target on this 2-core machine: each changed invoice costs under 0.5 ms beyond the unchanged list
(its payment, balance, status and events written), checked on medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_import import run_child  # noqa: E402

TARGET_MS_PER_CHANGE = 0.5
HEADER = "N° pièce;Tiers;Email;Solde;Devise;Échéance\n"


def write_lists(rows: int, workdir: Path) -> tuple[Path, Path, Path, int]:
    """January's list, the same rows again, and February's; and how many of its invoices changed."""
    rng = random.Random(7)
    january, again, february = workdir / "janvier.csv", workdir / "janvier_bis.csv", workdir / "fevrier.csv"
    changed = 0
    with january.open("w", encoding="utf-8") as a, again.open("w", encoding="utf-8") as b, \
            february.open("w", encoding="utf-8") as c:
        for out in (a, b, c):
            out.write(HEADER)
        for i in range(rows):
            cents = rng.randint(1_000, 500_000)
            customer = i % 5_000
            line = f"FA-{i:07d};Client {customer};client{customer}@example.fr;{{}};EUR;15/01/2026\n"
            a.write(line.format(f"{cents // 100},{cents % 100:02d}"))
            b.write(line.format(f"{cents // 100},{cents % 100:02d}"))
            if i % 10 == 0:
                cents = 0 if i % 20 == 0 else cents // 2
                changed += 1
            c.write(line.format(f"{cents // 100},{cents % 100:02d}"))
        b.write("\n")  # another content: not "already imported"
    return january, again, february, changed


def _import(path: Path, db: Path, workdir: Path) -> tuple[float, int, dict]:  # type: ignore[type-arg]
    env = {**os.environ, "GETBILL_DATA_DIR": str(workdir / "data")}
    seconds, rss, out = run_child(
        ["getbill-import", "import", str(path), "--database-url", f"sqlite:///{db}", "--format", "json"], env,
    )
    return seconds, rss, json.loads(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="getbill-later-") as tmp:
        workdir = Path(tmp)
        january, again, february, changed = write_lists(args.rows, workdir)
        template = workdir / "january.db"
        seconds, _, first = _import(january, template, workdir)
        print(f"January: {args.rows:,} invoices imported in {seconds:.2f} s ({first['load']['created']:,} cases)")
        timings: dict[str, list[float]] = {"unchanged": [], "changed": []}
        for turn in range(args.repeat):
            for label, path in (("unchanged", again), ("changed", february)):
                db = workdir / f"{label}-{turn}.db"
                for suffix in ("", "-wal", "-shm"):
                    source = template.with_name(template.name + suffix)
                    if source.exists():
                        shutil.copy(source, db.with_name(db.name + suffix))
                seconds, rss, result = _import(path, db, workdir)
                timings[label].append(seconds)
                counts = (result.get("earlier_cases") or {}).get("counts", {})
                print(f"{label:>9}: {seconds:6.2f} s, peak RSS {rss / 2**20:,.0f} MiB — "
                      f"{counts.get('payments', 0):,} payments ({counts.get('resolved', 0):,} resolved), "
                      f"{result['load']['skipped_existing']:,} rows already cases")
        floor, measured = statistics.median(timings["unchanged"]), statistics.median(timings["changed"])
        per_change = (measured - floor) / changed * 1000
        print(f"medians: unchanged {floor:.2f} s, changed {measured:.2f} s ({changed:,} invoices changed, "
              f"{measured / floor:.2f}×): {per_change:.2f} ms per changed invoice (target under "
              f"{TARGET_MS_PER_CHANGE} ms)")
        return 0 if per_change < TARGET_MS_PER_CHANGE else 1


if __name__ == "__main__":
    raise SystemExit(main())
