"""Row problems as data: one polars frame with a fixed schema, shared by every stage.

A problem names the source line (as the user's spreadsheet shows it), the column as the user
named it, the canonical field, the value, a stable kebab-case code, a severity ("error": the
row is rejected; "warning": the row is accepted), a human message and, where one can be
derived, a suggested correction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

ERROR = "error"
WARNING = "warning"

PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "sheet": pl.String(),
    "column": pl.String(),
    "field": pl.String(),
    "value": pl.String(),
    "code": pl.String(),
    "severity": pl.String(),
    "message": pl.String(),
    "suggestion": pl.String(),
}

PROBLEM_COLUMNS: tuple[str, ...] = tuple(PROBLEM_SCHEMA)


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def problems_from_records(records: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Build a problem frame from a few dicts (missing keys become null)."""
    rows = [{k: r.get(k) for k in PROBLEM_COLUMNS} for r in records]
    if not rows:
        return empty_problems()
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


def concat_problems(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    parts = [f.select(PROBLEM_COLUMNS).cast(PROBLEM_SCHEMA) for f in frames if f.height]  # type: ignore[arg-type]
    if not parts:
        return empty_problems()
    return pl.concat(parts, how="vertical").sort("line", "column", nulls_last=True, maintain_order=True)
