"""``--fix``: a corrected copy of the user's file, every suggestion applied, with a column that says
what was changed, for the user to review and import again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl

from getbill_import.errors import GetbillError
from getbill_import.fields import LINE
from getbill_import.report._context import ReportContext
from getbill_import.report._escape import write_safe_csv
from getbill_import.report._writers import atomic_output, control_notice
from getbill_import.report._xlsxwriter import WriteStats

CHANGES_COLUMN = "getbill-import corrections"


@dataclass
class FixResult:
    path: Path
    rows: int
    changed_cells: int
    changed_rows: int
    notices: list[str] = field(default_factory=list)


def fixed_frame(frame: pl.DataFrame, problems: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """``frame`` (LINE + the user's columns) with each suggestion put in its cell, plus the
    corrections column. Returns the frame and the number of changed cells."""
    columns = [c for c in frame.columns if c != LINE]
    edits = (
        problems.filter(pl.col("suggestion").is_not_null() & pl.col("column").is_in(columns))
        .unique(["line", "column"], keep="first", maintain_order=True)
        .select(pl.col("line").alias(LINE), "column", "value", "suggestion")
    )
    out = frame
    for column, group in edits.group_by("column", maintain_order=True):
        name = str(column[0])
        patch = group.select(LINE, pl.col("suggestion").alias("__new__"))
        out = (
            out.join(patch, on=LINE, how="left", maintain_order="left")
            .with_columns(pl.coalesce("__new__", pl.col(name)).alias(name))
            .drop("__new__")
        )
    notes = (
        edits.with_columns(
            (pl.col("column") + ": " + pl.col("value").fill_null("(empty)") + " → " + pl.col("suggestion")).alias("note")
        )
        .group_by(LINE, maintain_order=True)
        .agg(pl.col("note").str.join("; ").alias(CHANGES_COLUMN))
    )
    out = out.join(notes, on=LINE, how="left", maintain_order="left")
    return out, edits.height


def write_fixed_copy(
    path: Path | str, frame: pl.DataFrame, problems: pl.DataFrame, *, context: ReportContext | None = None
) -> FixResult:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise GetbillError(f"Cannot write the corrected copy to {path.name}: the name must end in .csv or .xlsx.")
    fixed, changed = fixed_frame(frame, problems)
    changed_rows = int(fixed[CHANGES_COLUMN].is_not_null().sum())
    body = fixed.drop(LINE)
    notices: list[str] = []
    with atomic_output(path, what="corrected copy") as out:
        if suffix == ".csv":
            delimiter = (context.source.get("delimiter") if context else None) or ","
            write_safe_csv(out, body, separator=delimiter)
        else:
            notices.extend(control_notice(_write_xlsx(out, body).control_cells, path))
    return FixResult(path=path, rows=fixed.height, changed_cells=changed, changed_rows=changed_rows, notices=notices)


def _write_xlsx(out: IO[bytes], body: pl.DataFrame) -> WriteStats:
    from getbill_import.report._xlsxwriter import CHANGED_FILL, PLAIN, Sheet, XlsxWriter

    styles = pl.DataFrame({f"s{i}": pl.zeros(body.height, pl.UInt8, eager=True) for i in range(body.width - 1)})
    styles = styles.with_columns(body.select(
        pl.when(pl.col(CHANGES_COLUMN).is_not_null()).then(pl.lit(CHANGED_FILL)).otherwise(pl.lit(PLAIN))
        .cast(pl.UInt8).alias(f"s{body.width - 1}")
    ))
    sheet = Sheet("Corrected", body, header=list(body.columns), styles=styles)
    return XlsxWriter(out, what="corrected copy").write([sheet])
