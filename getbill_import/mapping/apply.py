"""``apply_mapping``: the read table in canonical columns, columnar (no row loop).

Output columns, in this order:
- ``LINE`` (taken from the input; numbered from 2 when the input has none);
- one pl.String column per mapped or to-confirm case field, named by the field, in the order
  of ``fields.CASE_FIELDS``; values are passed through unchanged (validation normalises them);
- ``debtor.name`` composed as first + " " + last (blank parts skipped, trimmed, null when both
  are blank) when only the name parts are mapped; the parts themselves are not output. Row by
  row, a blank name is taken from the name parts when they are mapped beside it, then from the
  company (master data that fills the company for a firm and the names for a person);
- ``debtor.address.line1`` written with the house number and the flat (``debtor.address.house_number``,
  ``debtor.address.unit``) when they are columns of their own: after the street ("Kościuszki 13b/1",
  "Hauptstraße 12"), before it on the rows of a country that writes it first ("12 rue de la Paix");
- ``METADATA``: per row, a JSON object of the columns that map to no field, keyed by the user's
  header. Blank cells are kept as ``null``, so every row has the same keys; a file with no
  unmapped column gives ``{}``.
"""

from __future__ import annotations

import os

import polars as pl

from getbill_import.fields import CASE_FIELDS, HOUSE_NUMBER, LINE, METADATA, UNIT
from getbill_import.mapping import MappingResult

FIRST, LAST, NAME, COMPANY = "debtor.first_name", "debtor.last_name", "debtor.name", "debtor.company"
#: a second last name (the mother's, in Spanish and Portuguese names), written after the last name
SECOND_LAST = "debtor.second_last_name"
#: a Dutch or a Flemish name's infix ("tussenvoegsel": van, de, van der), between the first and the last name
INFIX = "debtor.name_infix"
LINE1, HOUSE, COUNTRY = "debtor.address.line1", HOUSE_NUMBER, "debtor.address.country"
#: the countries whose addresses write the house number before the street ("12 rue de la Paix",
#: "221B Baker Street"); the others after it ("Kościuszki 13b/1", "Hauptstraße 12", "Kerkstraat 5")
NUMBER_FIRST = frozenset({"FR", "LU", "MC", "GB", "IE", "US", "CA", "AU", "NZ"})
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
    from getbill_import.mapping.layout import GROUP_COLUMN, TITLE_COLUMN

    if group_labels is not None:
        for pseudo in (GROUP_COLUMN, TITLE_COLUMN):
            if pseudo in mapping.field_columns().values():
                frame = frame.with_columns(group_labels.alias(pseudo))
    if joined is not None:
        frame = frame.with_columns(joined.get_columns())
    fields = {f: c for f, c in mapping.field_columns().items() if c in frame.columns}
    line = pl.col(LINE) if LINE in frame.columns else (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(LINE)
    exprs: list[pl.Expr] = [line]
    for name in CASE_FIELDS:
        if name == NAME:
            exprs.extend(_name(fields, frame.columns))
        elif name == LINE1 and (HOUSE in fields or UNIT in fields):
            exprs.append(line1_with_number(fields, frame).alias(LINE1))
        elif name in fields:
            exprs.append(pl.col(fields[name]).cast(pl.String).alias(name))
    used = set(fields.values())
    extra = [c for c in frame.columns if c != LINE and c not in used and c not in (GROUP_COLUMN, TITLE_COLUMN)]
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
        parts = [fields[p] for p in (FIRST, INFIX, LAST, SECOND_LAST) if p in fields]
        if parts:
            out[NAME] = " + ".join(parts)
    return out


def _name(fields: dict[str, str], order: list[str]) -> list[pl.Expr]:
    """The debtor's name: the name column, else the name parts composed, else the company, row by
    row (empty when none of them is mapped). Two last names are written in the file's ``order``."""
    sources: list[pl.Expr] = []
    if NAME in fields:
        sources.append(pl.col(fields[NAME]).cast(pl.String))
    if FIRST in fields or LAST in fields:
        lasts = sorted((fields[f] for f in (LAST, SECOND_LAST) if f in fields),
                       key=lambda c: order.index(c) if c in order else len(order))
        sources.append(_composed_name(fields.get(FIRST), fields.get(INFIX), lasts))
    if not sources:
        return []
    if COMPANY in fields:
        sources.append(pl.col(fields[COMPANY]).cast(pl.String))
    if len(sources) == 1:
        return [sources[0].alias(NAME)]
    given = [pl.when(s.str.contains(r"\S")).then(s) for s in sources]
    return [pl.coalesce(given).alias(NAME)]


def line1_with_number(fields: dict[str, str], frame: pl.DataFrame) -> pl.Expr:
    """The street written with its house number and flat, from the columns ``fields`` maps (field →
    column): the number after the street, or before it on the rows whose country writes it first; a
    street that already ends with its number is left as it is, a number without a street is the line."""

    def text(column: str) -> pl.Expr:
        value = pl.col(column).cast(pl.String).str.strip_chars()
        return pl.when(value == "").then(None).otherwise(value)

    parts = [text(fields[f]) for f in (HOUSE, UNIT) if f in fields]
    number = parts[0]
    if len(parts) == 2:
        # "13b" and "1": "13b/1"; "12" and "A": "12 A"
        house, unit = parts
        joint = pl.when(unit.str.contains(r"^\d")).then(pl.lit("/")).otherwise(pl.lit(" "))
        number = pl.when(unit.is_null()).then(house).when(house.is_null()).then(unit).otherwise(
            pl.concat_str([house, joint, unit])
        )
    if LINE1 not in fields:
        return number
    street = text(fields[LINE1])
    joined = pl.concat_str([street, number], separator=" ")
    first = _number_first(fields, frame)
    if first is not None:
        joined = pl.when(first).then(pl.concat_str([number, street], separator=" ")).otherwise(joined)
    written = street.str.ends_with(pl.concat_str([pl.lit(" "), number])) | (street == number)
    return (
        pl.when(number.is_null()).then(street)
        .when(street.is_null()).then(number)
        .when(written.fill_null(False)).then(street)
        .otherwise(joined)
    )


def _number_first(fields: dict[str, str], frame: pl.DataFrame) -> pl.Expr | None:
    """The rows whose country writes the house number before the street (``NUMBER_FIRST``), by the
    country column; None when no row's does."""
    from getbill_import.validate.countries import resolve_country

    column = fields.get(COUNTRY)
    if column is None or column not in frame.columns:
        return None
    values = frame.get_column(column).cast(pl.String).drop_nulls().unique().to_list()
    first = [v for v in values if resolve_country(v) in NUMBER_FIRST]
    return pl.col(column).cast(pl.String).is_in(first) if first else None


def _composed_name(first: str | None, infix: str | None, lasts: list[str]) -> pl.Expr:
    # the infix only beside a last name ("van" alone is no name)
    parts = [pl.col(c).cast(pl.String).str.strip_chars() for c in (first, infix if lasts else None, *lasts) if c]
    joined = pl.concat_str(parts, separator=" ", ignore_nulls=True).str.strip_chars()
    joined = joined.str.replace_all(r"\s{2,}", " ")
    return pl.when(joined == "").then(None).otherwise(joined).alias(NAME)
