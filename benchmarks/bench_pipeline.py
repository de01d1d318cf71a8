"""End-to-end benchmark of reading, mapping and validating (the ``validate`` command's work).

    python benchmarks/bench_pipeline.py                       # 1M-row CSV + 100k-row XLSX
    python benchmarks/bench_pipeline.py --csv FILE --skip-xlsx

Prints seconds, rows/s and peak resident memory per stage. Targets on a 2-core machine:
read + map of the 1M-row CSV well under 2 s; validate end to end with CSV + JSON reports under 10 s
and 2 GiB; a 100k-row XLSX under 3 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import Stopwatch, peak_rss_bytes  # noqa: E402
from generate import generate, write  # noqa: E402

from getbill_import.config import Settings  # noqa: E402
from getbill_import.mapping import (  # noqa: E402
    apply_mapping,
    header_score,
    map_columns,
    mapping_columns_for_reports,
)
from getbill_import.pipeline import prepare_file, validation_options, write_reports  # noqa: E402
from getbill_import.read import read_table  # noqa: E402
from getbill_import.validate import validate_frame  # noqa: E402


def ensure(path: Path, rows: int) -> Path:
    if not path.exists():
        print(f"generating {path} ({rows:,} rows)…", file=sys.stderr)
        write(generate(rows), path)
    return path


def stages(path: Path, settings: Settings, label: str) -> None:
    watch = Stopwatch()
    with watch.stage("read") as s:
        read = read_table(path, limits=settings.read_limits, header_score=header_score)
        s.rows = read.frame.height
    rows = read.frame.height
    with watch.stage("map + apply mapping", rows):
        mapping = map_columns(
            read.frame, mappings_dir=settings.mappings_dir, profiles_dirs=settings.profiles_dirs,
            learned_dir=settings.learned_dir,
        )
        mapped = apply_mapping(read.frame, mapping)
    with watch.stage("validate", rows):
        result = validate_frame(mapped, columns=mapping_columns_for_reports(mapping),
                                options=validation_options(settings), sheet=read.source.sheet)
    watch.print(f"{label}: {rows:,} rows, {result.valid:,} valid, {result.problems.height:,} problems")


def end_to_end(path: Path, settings: Settings, label: str, reports: tuple[str, ...]) -> float:
    watch = Stopwatch()
    with tempfile.TemporaryDirectory() as tmp, watch.stage("validate end to end") as s:
        prepared = prepare_file(path, settings)
        for suffix in reports:
            write_reports(prepared, report=Path(tmp) / f"report.{suffix}")
        s.rows = prepared.validation.rows
    watch.print(f"{label} end to end with {'+'.join(reports) or 'no'} reports")
    return watch.stages[0].seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=HERE / "data" / "messy_1m.csv")
    parser.add_argument("--xlsx", type=Path, default=HERE / "data" / "messy_100k.xlsx")
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings.from_env({"GETBILL_DATA_DIR": data_dir})
        csv_path = ensure(args.csv, 1_000_000)
        stages(csv_path, settings, csv_path.name)
        end_to_end(csv_path, settings, csv_path.name, ("csv", "json"))
        if not args.skip_xlsx:
            xlsx_path = ensure(args.xlsx, 100_000)
            end_to_end(xlsx_path, settings, xlsx_path.name, ())
    print(f"\nprocess peak RSS: {peak_rss_bytes() / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
