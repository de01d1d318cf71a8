"""The raw grid every format is turned into before header detection and clean-up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl


def grid_column(i: int) -> str:
    return f"c{i}"


@dataclass
class RawGrid:
    """Every row of the file or sheet, in order, as text.

    Row ``i`` of ``frame`` is line ``i + 1`` (the record or sheet row number the user sees).
    Columns are ``c0``, ``c1``… (pl.String, null for an empty cell).
    """

    frame: pl.DataFrame
    #: 1-based spreadsheet column number of each grid column (for "Column N" names)
    column_numbers: list[int]
    #: number of fields of each row (delimited text only; None for workbooks)
    field_counts: pl.Series | None = None
    #: the raw text of row ``i`` (used as the value of a ``ragged-row`` problem)
    raw_text: Callable[[int], str] | None = None
    #: whether any cell may hold U+FFFD (None: unknown, every column is searched)
    has_replacement: bool | None = None

    @property
    def width(self) -> int:
        return self.frame.width
