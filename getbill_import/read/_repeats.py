"""The header written again below it: a report's pages repeat the columns' names, and a hand-kept
list starts a second table under names in another order or with one more column ("Advance"
between "Client" and "Bill amount"). A repeat leaves the data; the rows under a changed header
are read by their names, not by their places."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from getbill_import.read._grid import grid_column
from getbill_import.read._header import cell_text

#: the share of a row's filled cells that may be other than names of the header (one at least) for
#: the row to be the header again
OTHER_SHARE = 0.2
#: ...and the share of the header's names it must hold
REPEAT_COVER = 0.5
#: the repeated headers looked at (a report of many pages repeats it once a page)
MAX_REPEATS = 10_000


@dataclass
class Layout:
    """A header written again with other places: the rows read under it, where each of the first
    header's columns is now (its place in the first header → its place here, None if gone), and the
    names the first header lacks, with their places."""

    line: int
    rows: list[int] = field(default_factory=list)
    places: dict[int, int | None] = field(default_factory=dict)
    extra: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Repeats:
    #: grid rows that are the header again (left out as "subheader")
    rows: list[int]
    #: the stretches of rows read under a header written with other places
    layouts: list[Layout]


#: a cell of digits and the marks numbers and dates are written with
_NUMBERS = re.compile(r"[\d\s.,/:+\-]+")


def _key(value: str | None) -> str:
    return cell_text(value).strip().casefold()


def find_repeats(rows: pl.DataFrame, row_index: str, header_cells: Sequence[str | None], grid_width: int) -> Repeats | None:
    """The repeated headers among ``rows`` (grid columns ``c0``… and ``row_index``), None when none."""
    names = [_key(c) for c in header_cells]
    # a number or a date in the header ("64001", "20231106": a first row of data taken for it) names no
    # column: rows that share it are data, no header written again
    keys = sorted({k for k in names if k and not _NUMBERS.fullmatch(k)})
    if len(keys) < 2 or not rows.height:
        return None
    cells = [grid_column(i) for i in range(grid_width) if grid_column(i) in rows.columns]
    # the names as the header writes them, looked up whole (no string work on every cell of a large
    # file); the rows that hold two of them are then read closely
    written = sorted({w for c in header_cells if (w := cell_text(c)) and w.strip().casefold() in keys}
                     | {w.strip() for c in header_cells if (w := cell_text(c)) and w.strip().casefold() in keys})
    exact = pl.sum_horizontal([pl.col(c).is_in(written).fill_null(False) for c in cells])
    near = rows.filter(exact >= 2)
    if not near.height:
        return None
    text = [pl.col(c).cast(pl.String).str.strip_chars().str.to_lowercase() for c in cells]
    hits = pl.sum_horizontal([t.is_in(keys).fill_null(False) for t in text])
    filled = pl.sum_horizontal([(t.fill_null("") != "") for t in text])
    others = pl.max_horizontal(pl.lit(1.0), OTHER_SHARE * filled)
    found = near.filter((hits >= 2) & (filled - hits <= others) & (hits >= REPEAT_COVER * len(keys))).head(MAX_REPEATS)
    if not found.height:
        return None
    repeats = Repeats(found[row_index].to_list(), [])
    layout_of: dict[int, Layout] = {}
    for row in found.select(row_index, *cells).iter_rows():
        here = [_key(v) for v in row[1:]]
        width = max(len(here), len(names))
        if [*here, *[""] * (width - len(here))] == [*names, *[""] * (width - len(names))]:
            continue
        layout = Layout(int(row[0]) + 1)
        taken: set[int] = set()
        for i, name in enumerate(names):
            place = next((p for p, k in enumerate(here) if k == name and name and p not in taken), None)
            if place is not None:
                taken.add(place)
            layout.places[i] = place
        layout.extra = [(cell_text(row[1 + p]).strip(), p) for p, k in enumerate(here) if k and p not in taken]
        layout_of[int(row[0])] = layout
    if layout_of:
        # every row below a changed header, up to the next header, is read under it
        bounds = sorted(repeats.rows)
        all_rows = rows[row_index]
        for start in sorted(layout_of):
            later = [b for b in bounds if b > start]
            end = later[0] if later else None
            under = all_rows.filter((all_rows > start) & (all_rows < end) if end is not None else (all_rows > start))
            layout_of[start].rows = under.to_list()
            repeats.layouts.append(layout_of[start])
    return repeats


def read_under(data: pl.DataFrame, row_index: str, layout: Layout, places: Sequence[int], names: Sequence[str],
               extra_names: Sequence[str], line: str) -> pl.DataFrame:
    """The rows of ``layout`` as the frame's columns (``names``, at ``places`` in the first header)
    and the columns only the changed header names (``extra_names``)."""
    rows = data.filter(pl.col(row_index).is_in(layout.rows))
    moved = [layout.places.get(p) for p in places]
    return rows.select(
        (pl.col(row_index) + 1).cast(pl.Int64).alias(line),
        *((pl.col(grid_column(m)) if m is not None else pl.lit(None, pl.String)).alias(n)
          for m, n in zip(moved, names, strict=True)),
        *(pl.col(grid_column(p)).alias(n) for (_, p), n in zip(layout.extra, extra_names, strict=True)),
    )
