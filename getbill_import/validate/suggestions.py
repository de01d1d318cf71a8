"""Applying the suggested corrections to a mapped frame (``--apply-suggestions``, ``--fix``)."""

from __future__ import annotations

import polars as pl

from getbill_import.fields import LINE

CHANGES_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(), "field": pl.String(), "old": pl.String(), "new": pl.String(),
}


def apply_suggestions(mapped: pl.DataFrame, problems: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``mapped`` with, for each problem that has a suggestion, the value of that field's column on
    that line replaced by the suggestion (the first one when a cell has several). Returns the fixed
    frame and the changes made (line, field, old, new), to validate again and show the user."""
    edits = (
        problems.filter(
            pl.col("suggestion").is_not_null() & pl.col("field").is_in([c for c in mapped.columns if c != LINE])
        )
        .unique(["line", "field"], keep="first", maintain_order=True)
        .select("line", "field", pl.col("value").alias("old"), pl.col("suggestion").alias("new"))
    )
    fixed = mapped
    for (field,), patch in edits.group_by("field", maintain_order=True):
        name = str(field)
        values = patch.select(pl.col("line").cast(mapped.schema[LINE]).alias(LINE), pl.col("new").alias("__new__"))
        fixed = (
            fixed.join(values, on=LINE, how="left", maintain_order="left")
            .with_columns(pl.coalesce("__new__", pl.col(name)).cast(mapped.schema[name]).alias(name))
            .drop("__new__")
        )
    changes = edits.sort("line", "field").cast(CHANGES_SCHEMA)  # type: ignore[arg-type]
    return fixed, changes
