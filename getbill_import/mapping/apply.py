"""``apply_mapping``: the read table in canonical columns, columnar (no row loop).

Output columns, in this order:
- ``LINE`` (taken from the input; numbered from 2 when the input has none);
- one pl.String column per mapped or to-confirm case field, named by the field, in the order
  of ``fields.CASE_FIELDS``; values are passed through unchanged (validation normalises them);
- ``debtor.name`` composed as first + " " + last (blank parts skipped, trimmed, null when both
  are blank) when only the name parts are mapped; the parts themselves are not output. Row by
  row, a blank name is taken from the name parts when they are mapped beside it, then from the
  company (master data that fills the company for a firm and the names for a person);
- ``METADATA``: per row, a JSON object of the columns that map to no field, keyed by the user's
  header. Blank cells are kept as ``null``, so every row has the same keys; a file with no
  unmapped column gives ``{}``.
"""

from __future__ import annotations

import os

import polars as pl

from getbill_import.fields import CASE_FIELDS, LINE, METADATA
from getbill_import.mapping import MappingResult

FIRST, LAST, NAME, COMPANY = "debtor.first_name", "debtor.last_name", "debtor.name", "debtor.company"
#: from this many rows per core on, the frame is built in parallel row slices
PARALLEL_ROWS = 200_000


def apply_mapping(
    frame: pl.DataFrame, mapping: MappingResult, *, group_labels: pl.Series | None = None,
    joined: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The canonical frame: LINE, the mapped fields as String columns, METADATA (JSON text).

    ``group_labels`` (the reader's, for a grouped report) feed a field mapped to the group
    label pseudo-column; ``joined`` (a debtors file's fields, row by row) the fields mapped to
    its columns."""
    from getbill_import.mapping.layout import GROUP_COLUMN

    if group_labels is not None and GROUP_COLUMN in mapping.field_columns().values():
        frame = frame.with_columns(group_labels.alias(GROUP_COLUMN))
    if joined is not None:
        frame = frame.with_columns(joined.get_columns())
    fields = {f: c for f, c in mapping.field_columns().items() if c in frame.columns}
    line = pl.col(LINE) if LINE in frame.columns else (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(LINE)
    exprs: list[pl.Expr] = [line]
    for name in CASE_FIELDS:
        if name == NAME:
            exprs.extend(_name(fields))
        elif name in fields:
            exprs.append(pl.col(fields[name]).cast(pl.String).alias(name))
    used = set(fields.values())
    extra = [c for c in frame.columns if c != LINE and c not in used and c != GROUP_COLUMN]
    if extra:
        meta = pl.struct([pl.col(c).cast(pl.String) for c in extra]).struct.json_encode()
    else:
        meta = pl.lit("{}", dtype=pl.String)
    exprs.append(meta.alias(METADATA))
    chunks = min(os.cpu_count() or 1, frame.height // PARALLEL_ROWS)
    if chunks < 2:
        return frame.select(exprs)
    # JSON encoding runs on one core: row slices let every core encode its part
    size = -(-frame.height // chunks)
    lazy = frame.lazy()
    parts = [lazy.slice(start, size).select(exprs) for start in range(0, frame.height, size)]
    return pl.concat(parts, parallel=True).collect()


def mapping_columns_for_reports(mapping: MappingResult) -> dict[str, str]:
    """Case field → the column name the user sees, for reports: the composed name reads
    "Prénom + Nom" (the user's headers joined by " + ")."""
    fields = mapping.field_columns()
    out = {f: c for f, c in fields.items() if f in CASE_FIELDS}
    if NAME not in out:
        parts = [fields[p] for p in (FIRST, LAST) if p in fields]
        if parts:
            out[NAME] = " + ".join(parts)
    return out


def _name(fields: dict[str, str]) -> list[pl.Expr]:
    """The debtor's name: the name column, else the name parts composed, else the company, row by
    row (empty when none of them is mapped)."""
    sources: list[pl.Expr] = []
    if NAME in fields:
        sources.append(pl.col(fields[NAME]).cast(pl.String))
    if FIRST in fields or LAST in fields:
        sources.append(_composed_name(fields.get(FIRST), fields.get(LAST)))
    if not sources:
        return []
    if COMPANY in fields:
        sources.append(pl.col(fields[COMPANY]).cast(pl.String))
    if len(sources) == 1:
        return [sources[0].alias(NAME)]
    given = [pl.when(s.str.contains(r"\S")).then(s) for s in sources]
    return [pl.coalesce(given).alias(NAME)]


def _composed_name(first: str | None, last: str | None) -> pl.Expr:
    parts = [pl.col(c).cast(pl.String).str.strip_chars() for c in (first, last) if c]
    joined = pl.concat_str(parts, separator=" ", ignore_nulls=True).str.strip_chars()
    joined = joined.str.replace_all(r"\s{2,}", " ")
    return pl.when(joined == "").then(None).otherwise(joined).alias(NAME)
