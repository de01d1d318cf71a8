from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import polars as pl

from getbill_import.errors import GetbillError
from getbill_import.problems import PROBLEM_COLUMNS
from getbill_import.report._context import ReportContext
from getbill_import.report._escape import write_safe_csv

REPORT_FORMATS = ("csv", "json", "xlsx")


def report_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise GetbillError(
            f"Cannot write a report to {path.name}: the name must end in .csv, .json or .xlsx."
        )
    return fmt


def write_report(
    path: Path | str, problems: pl.DataFrame, *, context: ReportContext | None = None,
    notices: list[str] | None = None,
) -> Path:
    """Write the problem table to ``path``; the format follows the suffix. The file appears whole or
    not at all (written to a temporary file, then renamed). What the reader should know about the
    output (control characters shown escaped) is appended to ``notices``."""
    path = Path(path)
    context = context or ReportContext()
    fmt = report_format(path)
    problems = problems.select(PROBLEM_COLUMNS)
    writer: Callable[[IO[bytes]], None]
    if fmt == "csv":
        delimiter = ";" if context.source.get("delimiter") == ";" else ","

        def writer(out: IO[bytes]) -> None:
            write_safe_csv(out, problems, separator=delimiter)

    elif fmt == "json":

        def writer(out: IO[bytes]) -> None:
            _write_json(out, problems, context)

    else:

        def writer(out: IO[bytes]) -> None:
            from getbill_import.report._xlsx import write_xlsx_report  # openpyxl only when needed

            stats = write_xlsx_report(out, problems, context)
            if notices is not None:
                notices.extend(control_notice(stats.control_cells, path))

    with atomic_output(path, what="report") as out:
        writer(out)
    return path


def control_notice(cells: int, path: Path) -> list[str]:
    if not cells:
        return []
    return [
        f"{cells:,} cell{'s' if cells > 1 else ''} of {path.name} hold control characters (ESC, NUL…), "
        "which a spreadsheet cannot show: they are written escaped, as \\x1b."
    ]


def problems_by_code(problems: pl.DataFrame) -> dict[str, int]:
    if not problems.height:
        return {}
    counted = problems.group_by("code").len().sort(["len", "code"], descending=[True, False])
    return {row["code"]: row["len"] for row in counted.iter_rows(named=True)}


def _write_json(out: IO[bytes], problems: pl.DataFrame, context: ReportContext) -> None:
    head: dict[str, Any] = {
        "source": context.source,
        "counts": context.counts,
        "problems_by_code": problems_by_code(problems),
    }
    encoded = json.dumps(head, ensure_ascii=False, default=str)
    out.write(encoded[:-1].encode("utf-8"))
    out.write(b', "problems": ')
    if problems.height:
        out.write(problems.write_json().encode("utf-8"))
    else:
        out.write(b"[]")
    out.write(b"}\n")


@contextmanager
def atomic_output(path: Path, what: str = "output") -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``path`` and rename it into place when done. An output
    that cannot be written is a ``GetbillError`` (exit 2) saying why, never a traceback."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise GetbillError(f"Cannot write the {what} to {path}: {exc.strerror or exc}. Choose another place.") from None
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(tmp, path)
    except GetbillError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GetbillError(
            f"Cannot write the {what} to {path}: {exc.strerror or exc}. Free some space or choose another place."
        ) from None
    except Exception as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GetbillError(f"Cannot write the {what} to {path} ({type(exc).__name__}: {exc}).") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
