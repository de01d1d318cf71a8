"""Mapping helpers for the reader's choices and for report layouts.

- ``rate_layout``: how completely a candidate table (a sheet, a header row) maps, for the reader
  to keep the best one (``read_table(layout_score=...)``);
- ``use_group_labels``: in a grouped report without a name column, each group's label row names
  the debtor of the group's invoices.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from getbill_import.fields import REQUIRED_FIELDS
from getbill_import.mapping import ColumnMapping, MappingResult

#: the column name under which the group labels of a report layout are mapped
GROUP_COLUMN = "(group label)"
NAME_FIELDS = frozenset({"debtor.name", "debtor.first_name", "debtor.last_name", "debtor.company"})


def rate_layout(
    frame: pl.DataFrame,
    *,
    mappings_dir: Path | str | None = None,
    profiles_dirs: Sequence[Path | str] | None = None,
    learned_dir: Path | str | None = None,
) -> tuple[float, str]:
    """``(score, summary)``: required fields found (a mapped one counts 1, one only to confirm ½), then the mean
    confidence of the mapped columns, then how many fields are mapped."""
    from getbill_import.mapping.columns import map_columns

    result = map_columns(frame, mappings_dir=mappings_dir, profiles_dirs=profiles_dirs, learned_dir=learned_dir)
    status: dict[str, str] = {}
    for col in result.columns:
        if col.field and col.status != "unmapped":
            field = "debtor.name" if col.field in NAME_FIELDS else col.field
            if status.get(field) != "mapped":
                status[field] = col.status
    found = sum(1.0 if status.get(f) == "mapped" else 0.5 if f in status else 0.0 for f in REQUIRED_FIELDS)
    mapped = [c for c in result.columns if c.status == "mapped" and c.field]
    confidence = sum(c.confidence for c in mapped) / len(mapped) if mapped else 0.0
    score = found + 0.1 * confidence + 0.01 * len(mapped)
    have = [f for f in REQUIRED_FIELDS if status.get(f) == "mapped"]
    summary = (
        f"{len(have)} of {len(REQUIRED_FIELDS)} required fields"
        + (f" ({', '.join(have)})" if have else "")
        + f", {len(mapped)} column(s) mapped"
    )
    return round(score, 4), summary


def use_group_labels(mapping: MappingResult) -> bool:
    """When no column names the debtor, the report's group labels do: the mapping gains the
    ``GROUP_COLUMN`` pseudo-column as ``debtor.name`` (with a notice). Returns whether it did."""
    if any(c.field in NAME_FIELDS and c.status != "unmapped" for c in mapping.columns):
        return False
    mapping.columns.append(
        ColumnMapping(
            GROUP_COLUMN, "debtor.name", 1.0, "mapped",
            "the label row above each group of invoices (report layout)",
        )
    )
    mapping.notices.append(
        "debtor.name: no column names the debtor; each invoice takes the label of the group it sits "
        "in (the row above the group, closed by its total row)."
    )
    return True
