"""Choosing the table: the header row among the candidate rows of a sheet, and the sheet among a
workbook's sheets, by how completely each candidate maps (the injected ``LayoutScore``).

A row is a header candidate when the injected ``header_score`` rates it at least
``CANDIDATE_SCORE``. A file with one clear header (rated ``CLEAR_HEADER`` or more, and no other
row above the reader's own threshold) keeps it without being rated further: the common case costs
nothing. Otherwise each candidate (at most ``MAX_CANDIDATES``) is mapped on a sample of the rows
below it and the best mapping wins; ties go to the row the header score prefers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.fields import LINE
from getbill_import.read import HeaderScore, LayoutRating, LayoutScore
from getbill_import.read._excel import Workbook, read_workbook
from getbill_import.read._grid import RawGrid, grid_column
from getbill_import.read._header import (
    HEADER_SCAN_ROWS,
    HEADER_SCORE_THRESHOLD,
    cell_text,
    column_names,
    find_header,
)

#: rows below a candidate header that are mapped to rate it
SAMPLE_ROWS = 200
MAX_CANDIDATES = 3
CANDIDATE_SCORE = 0.3
CLEAR_HEADER = 0.9


@dataclass(frozen=True)
class HeaderChoice:
    #: grid row index of the header (None: every scanned row is blank)
    header: int | None
    rating: LayoutRating | None = None
    #: the best other candidate row and its rating
    runner_up: tuple[int, LayoutRating] | None = None


def choose_header(
    grid: RawGrid,
    header_score: HeaderScore | None,
    layout_score: LayoutScore | None,
    *,
    need_rating: bool = False,
) -> HeaderChoice:
    """The header row of ``grid`` (see the module docstring). With ``need_rating`` the chosen
    row is rated even when it is clear (to compare sheets)."""
    sample = grid.frame.head(HEADER_SCAN_ROWS).rows()
    first = find_header(sample, header_score)
    if first is None or header_score is None or layout_score is None:
        return HeaderChoice(first)
    scored = sorted(
        ((header_score([cell_text(v) for v in row]), -i) for i, row in enumerate(sample) if _filled(row) >= 2),
        reverse=True,
    )
    candidates = [-neg for score, neg in scored if score >= CANDIDATE_SCORE][:MAX_CANDIDATES]
    if first not in candidates:
        candidates.insert(0, first)
    others = [s for s, neg in scored if -neg != first]
    clear = scored and scored[0][0] >= CLEAR_HEADER and -scored[0][1] == first and (not others or others[0] < HEADER_SCORE_THRESHOLD)
    if clear or len(candidates) == 1:
        return HeaderChoice(first, rate(grid, first, layout_score) if need_rating else None)
    rated = [(i, rate(grid, i, layout_score)) for i in candidates]
    order = {i: k for k, i in enumerate(candidates)}
    rated.sort(key=lambda ir: (-ir[1].score, order[ir[0]]))
    best, rating = rated[0]
    return HeaderChoice(best, rating, rated[1] if len(rated) > 1 else None)


def rate(grid: RawGrid, header: int, layout_score: LayoutScore) -> LayoutRating:
    """Map the rows below ``header`` (a sample) under the names that row gives the columns."""
    cells = list(grid.frame.row(header))
    width = max((i + 1 for i, v in enumerate(cells) if cell_text(v)), default=0)
    names = column_names(cells[:width], grid.column_numbers[:width])
    body = grid.frame.slice(header + 1, SAMPLE_ROWS)
    frame = body.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + header + 2).alias(LINE),
        *(pl.col(grid_column(i)).alias(n) for i, n in enumerate(names)),
    )
    score, summary = layout_score(frame)
    return LayoutRating(score, summary)


def header_notice(choice: HeaderChoice, first: int | None) -> list[str]:
    """Said when the rating moved the header away from the row the header score preferred."""
    if choice.rating is None or choice.header is None or choice.header == first:
        return []
    notice = f"The header was taken on line {choice.header + 1}: its columns map best ({choice.rating.summary})"
    if choice.runner_up is not None:
        line, rating = choice.runner_up
        notice += f"; runner-up: line {line + 1} ({rating.summary})"
    return [notice + "."]


def choose_sheet(
    path: Path,
    fmt: str,
    book: Workbook,
    header_score: HeaderScore | None,
    layout_score: LayoutScore,
    limits: ReadLimits,
) -> tuple[Workbook, HeaderChoice]:
    """The sheet whose best header maps best, among every non-empty sheet of ``book``."""
    rated: list[tuple[int, RawGrid, HeaderChoice]] = []
    for index, name in enumerate(book.sheets):
        if name == book.sheet:
            grid = book.grid
        else:
            try:
                grid = read_workbook(path, fmt, sheet=index, header_score=None, limits=limits).grid
            except InputFileError:  # an empty sheet, or one that cannot be read: not a candidate
                continue
        choice = choose_header(grid, header_score, layout_score, need_rating=True)
        if choice.header is not None and choice.rating is not None:
            rated.append((index, grid, choice))
    if len(rated) < 2:
        chosen = next((c for _, g, c in rated if g is book.grid), None)
        return book, chosen or choose_header(book.grid, header_score, layout_score)
    rated.sort(key=lambda r: (-_score(r[2]), r[0]))
    index, grid, choice = rated[0]
    _, _, second = rated[1]
    name, other = book.sheets[index], book.sheets[rated[1][0]]
    notices = [
        f"Sheet {name!r} was chosen: {_summary(choice)}; runner-up: sheet {other!r} ({_summary(second)})."
    ]
    return Workbook(grid, name, book.sheets, notices), choice


def _score(choice: HeaderChoice) -> float:
    return choice.rating.score if choice.rating else 0.0


def _summary(choice: HeaderChoice) -> str:
    return choice.rating.summary if choice.rating else "not rated"


def _filled(row: Sequence[str | None]) -> int:
    return sum(1 for v in row if cell_text(v))
