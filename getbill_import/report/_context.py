from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl


@dataclass
class ReportContext:
    """What a report says besides the problems: where the rows came from and the counts."""

    source: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    columns: list[dict[str, Any]] = field(default_factory=list)
    #: the user's rows as read (LINE + the user's columns), for the annotated XLSX
    frame: pl.DataFrame | None = None
    sheet: str | None = None
