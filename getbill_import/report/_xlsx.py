"""The annotated XLSX report: the user's own rows with every bad cell highlighted and commented,
a summary sheet and a sheet listing every problem. Every value is written as text or number, never
as a live formula (``_xlsxwriter``: streamed, built column-wise)."""

from __future__ import annotations

from typing import IO

import polars as pl

from getbill_import.fields import LINE
from getbill_import.report._context import ReportContext
from getbill_import.report._xlsxwriter import (
    BOLD,
    ERROR_FILL,
    PLAIN,
    TITLE,
    WARNING_FILL,
    Sheet,
    WriteStats,
    XlsxWriter,
)

#: above this many rows, the "Rows" sheet keeps only the rows that have a problem
MAX_ANNOTATED_ROWS = 100_000
_PROBLEM_HEADERS = ("Line", "Sheet", "Column", "Field", "Value", "Code", "Severity", "Message", "Suggestion")
_PROBLEM_COLUMNS = ("line", "sheet", "column", "field", "value", "code", "severity", "message", "suggestion")


def write_xlsx_report(out: IO[bytes], problems: pl.DataFrame, context: ReportContext) -> WriteStats:
    sheets = [_summary_sheet(problems, context)]
    if context.frame is not None:
        sheets.append(_rows_sheet(problems, context.frame))
    sheets.append(Sheet(
        "Problems", problems.select(_PROBLEM_COLUMNS), header=list(_PROBLEM_HEADERS), numbers=("line",),
    ))
    return XlsxWriter(out, what="report").write(sheets)


def _summary_sheet(problems: pl.DataFrame, context: ReportContext) -> Sheet:
    rows: list[tuple[str | None, str | None, str | None, int]] = [
        ("getbill-import validation report", None, None, TITLE), (None, None, None, PLAIN),
    ]
    for key in ("path", "format", "encoding", "delimiter", "sheet", "header_line"):
        if context.source.get(key) not in (None, ""):
            rows.append((key.replace("_", " ").capitalize(), str(context.source[key]), None, BOLD))
    rows.append((None, None, None, PLAIN))
    for key, value in context.counts.items():
        rows.append((key.capitalize(), str(value), None, BOLD))
    rows.append((None, None, None, PLAIN))
    if problems.height:
        rows.append(("Code", "Severity", "Count", -1))
        by_code = problems.group_by("code", "severity").len().sort(["len", "code"], descending=[True, False])
        rows.extend((code, severity, str(count), PLAIN) for code, severity, count in by_code.iter_rows())
    else:
        rows.append(("No problem found.", None, None, PLAIN))
    frame = pl.DataFrame(
        {"a": [r[0] for r in rows], "b": [r[1] for r in rows], "c": [r[2] for r in rows]},
        schema={"a": pl.String, "b": pl.String, "c": pl.String},
    )
    first = [TITLE if r[3] == TITLE else BOLD if r[3] in (BOLD, -1) else PLAIN for r in rows]
    styles = pl.DataFrame({
        "a": first,
        "b": [BOLD if r[3] == -1 else PLAIN for r in rows],
        "c": [BOLD if r[3] == -1 else PLAIN for r in rows],
    }, schema={"a": pl.UInt8, "b": pl.UInt8, "c": pl.UInt8})
    return Sheet("Summary", frame, styles=styles, whole_numbers=("b", "c"), widths={0: 22, 1: 60})


def _rows_sheet(problems: pl.DataFrame, frame: pl.DataFrame) -> Sheet:
    columns = [c for c in frame.columns if c != LINE]
    notes = (
        problems.select(
            pl.col("line"),
            pl.when(pl.col("column").is_in(columns)).then(pl.col("column")).otherwise(pl.lit(LINE)).alias("column"),
            (pl.col("severity") == "error").alias("error"),
            pl.when(pl.col("suggestion").is_null()).then(pl.col("message"))
            .otherwise(pl.col("message") + pl.lit("\nSuggestion: ") + pl.col("suggestion")).alias("text"),
        )
        .group_by("line", "column", maintain_order=True)
        .agg(pl.col("error").any(), pl.col("text").str.join("\n"))
    )
    if frame.height > MAX_ANNOTATED_ROWS:
        frame = frame.filter(pl.col(LINE).is_in(notes.get_column("line").unique().implode()))
    body = frame.select(LINE, *columns)
    positions = {name: i for i, name in enumerate(body.columns)}
    index = body.select(pl.col(LINE).alias("line"), pl.int_range(body.height, dtype=pl.Int64).alias("row"))
    placed = notes.join(index, on="line", how="inner").with_columns(
        pl.col("column").replace_strict(positions, return_dtype=pl.Int64).alias("col"),
        pl.when(pl.col("error")).then(pl.lit(ERROR_FILL)).otherwise(pl.lit(WARNING_FILL)).cast(pl.UInt8).alias("style"),
    )
    styles = pl.DataFrame({f"s{i}": pl.zeros(body.height, pl.UInt8, eager=True) for i in range(body.width)})
    for col, group in placed.group_by("col"):
        i = int(col[0])
        styles = styles.with_columns(
            styles.get_column(f"s{i}").scatter(group.get_column("row"), group.get_column("style"))
        )
    return Sheet(
        "Rows", body, header=["Line", *columns], styles=styles, numbers=(LINE,),
        comments=placed.select("row", "col", "text").sort("row", "col"),
    )
