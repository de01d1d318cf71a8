"""Choosing the table: the header row among the candidate rows of a sheet, and the sheet among a
workbook's sheets, by how completely each candidate maps (the injected ``LayoutScore``).

A row is a header candidate when the injected ``header_score`` rates it at least
``CANDIDATE_SCORE``. A file with one clear header (rated ``CLEAR_HEADER`` or more, and no other
row above the reader's own threshold) keeps it without being rated further: the common case costs
nothing. Otherwise each candidate (at most ``MAX_CANDIDATES``) is mapped on a sample of the rows
below it and the best mapping wins; ties go to the row the header score prefers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.fields import LINE
from getbill_import.read import HeaderScore, LayoutRating, LayoutScore, SheetScore
from getbill_import.read._excel import Workbook, read_workbook
from getbill_import.read._grid import RawGrid, grid_column
from getbill_import.read._header import (
    HEADER_SCAN_ROWS,
    HEADER_SCORE_THRESHOLD,
    cell_text,
    column_names,
    find_header,
    holds_a_record,
    is_numeric_like,
    label_and_value,
    written_again,
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
    #: the header's names when it spans two rows (the group labels of the row above prefixed to
    #: the names below them: "Facture" over "N°" and "Date"), else None
    names: tuple[str | None, ...] | None = None


def choose_header(
    grid: RawGrid,
    header_score: HeaderScore | None,
    layout_score: LayoutScore | None,
    *,
    need_rating: bool = False,
) -> HeaderChoice:
    """The header row of ``grid`` (see the module docstring). With ``need_rating`` the chosen
    row is rated even when it is clear (to compare sheets)."""
    choice = _choose_row(grid, header_score, layout_score, need_rating=need_rating)
    if choice.header is None or layout_score is None:
        return choice
    return _two_rows(grid, choice, layout_score)


def _choose_row(
    grid: RawGrid, header_score: HeaderScore | None, layout_score: LayoutScore | None, *, need_rating: bool,
) -> HeaderChoice:
    sample = grid.frame.head(HEADER_SCAN_ROWS).rows()
    first = find_header(sample, header_score)
    # a row with nothing below it heads no table (the last line of a file without a header row),
    # unless it names columns clearly below a title of shorter rows: an empty template's header
    last = max((i for i, row in enumerate(sample) if _filled(row)), default=0) if grid.frame.height <= len(sample) else None
    if first is not None and first == last and first > 0 and not (
            _names_columns(sample[first], header_score) and all(_filled(r) * 2 < _filled(sample[first]) for r in sample[:first])):
        first = find_header(sample[:last], header_score)
    if first is None or header_score is None or layout_score is None:
        return HeaderChoice(first)
    scored = sorted(
        ((header_score([cell_text(v) for v in row]), -i) for i, row in enumerate(sample) if _filled(row) >= 2),
        reverse=True,
    )
    # (a row near the end with one row under it, "By | Closing Balance | 201458" over the ledger's totals,
    # heads no table)
    candidates = [-neg for score, neg in scored if score >= CANDIDATE_SCORE and (last is None or -neg < last)
                  and (last is None or sum(_filled(r) >= 2 for r in sample[-neg + 1:last + 1]) >= MIN_ROWS_BELOW)
                  and not holds_a_record(sample[-neg]) and not written_again(sample, -neg)
                  and not label_and_value(sample, -neg)][:MAX_CANDIDATES]
    if first not in candidates:
        candidates.insert(0, first)
    others = [s for s, neg in scored if -neg != first]
    clear = scored and scored[0][0] >= CLEAR_HEADER and -scored[0][1] == first and (not others or others[0] < HEADER_SCORE_THRESHOLD)
    if clear or len(candidates) == 1:
        return HeaderChoice(first, rate(grid, first, layout_score) if need_rating else None)
    rated = [(i, rate(grid, i, layout_score)) for i in candidates]
    # rows that map alike: the first heads the table, a later one names its columns again (a second
    # table's header, with a column more that the rows above leave blank)
    rated.sort(key=lambda ir: (-round(ir[1].score, 2), ir[0]))
    best, rating = rated[0]
    return HeaderChoice(best, rating, rated[1] if len(rated) > 1 else None)


#: the rows of two cells or more below a header other than the first found, in a file read whole
MIN_ROWS_BELOW = 2


def _names_columns(row: Sequence[str | None], header_score: HeaderScore | None) -> bool:
    """Whether a row clearly names columns: it reads as a header and holds no record's values."""
    return (header_score is not None and not holds_a_record(row)
            and header_score([cell_text(v) for v in row]) >= HEADER_SCORE_THRESHOLD)


def _two_rows(grid: RawGrid, choice: HeaderChoice, layout_score: LayoutScore) -> HeaderChoice:
    """The chosen header with the row above it, or with the row below it, when that pair is a
    header of two rows (see ``group_names``) and maps better than the chosen row alone."""
    header = choice.header
    assert header is not None
    pairs = []
    for upper in (header - 1, header):
        lower = upper + 1
        if upper < 0 or lower >= min(grid.frame.height, HEADER_SCAN_ROWS):
            continue
        # (a record of the table, dates beside numbers, is no line of its header; nor a row the header,
        # written again below, is never written above again: a statement's card, "Cari Hesap Türü | Alıcı")
        names = None if holds_a_record(grid.frame.row(lower)) else group_names(grid.frame.row(upper), grid.frame.row(lower))
        if names is not None and _repeated_without(grid, upper, lower):
            names = None
        if names is not None:
            pairs.append((lower, names))
            if begins_names(grid.frame.row(upper), grid.frame.row(lower)):
                # or each upper label the first words of its own column's name alone ("CÓDIGO" over
                # "OFIC. CRED.", "NOMBRE" over "GERENCIA REGIONAL"), not a group over the columns after it
                pairs.append((lower, own_names(grid.frame.row(upper), grid.frame.row(lower))))
    if not pairs:
        return choice
    alone = choice.rating or rate(grid, header, layout_score)
    combined, lower, names = max(
        ((rate(grid, lower, layout_score, cells=names), lower, names) for lower, names in pairs), key=lambda r: r[0].score,
    )
    if combined.score > alone.score or (combined.score >= GROUPED_RATING_SHARE * alone.score
                                        and _names_the_unnamed(grid.frame.row(lower - 1), grid.frame.row(lower))):
        return HeaderChoice(lower, combined, (header, alone), names)
    return HeaderChoice(header, alone, choice.runner_up)


def _repeated_without(grid: RawGrid, upper: int, lower: int) -> bool:
    """Whether the row ``lower`` is written again below, among the first rows, and never under the
    row ``upper`` again: ``upper`` is no line of a header repeated with it."""
    sample = grid.frame.head(HEADER_SCAN_ROWS).rows()
    key = [cell_text(v) for v in sample[lower]]
    above = [cell_text(v) for v in sample[upper]]
    again = [i for i in range(lower + 1, len(sample)) if [cell_text(v) for v in sample[i]] == key]
    return bool(again) and all([cell_text(v) for v in sample[i - 1]] != above for i in again)


#: how well, at least, a header of two rows must map beside the upper row alone when the lower one names
#: the columns the upper leaves unnamed
GROUPED_RATING_SHARE = 0.75
#: the columns the upper row must leave unnamed, the lower naming them, for that
GROUPED_UNNAMED = 2
#: the longest label of a group of columns
GROUP_LABEL_CHARS = 40


def _names_the_unnamed(upper: Sequence[str | None], lower: Sequence[str | None]) -> bool:
    """Whether a lower row names in words, no number among them, ``GROUPED_UNNAMED`` columns or more
    the upper row leaves unnamed: the upper's labels are groups over them ("Сума взаєморозрахунків"
    over "Поч. залишок", "Надходження", "Видаток", "Кін. залишок", written once as a merged cell),
    which the upper row alone, mapping its one named column, would not say."""
    width = min(len(upper), len(lower))
    labels = [cell_text(v) for v in upper if cell_text(v)]
    # (a title ending with a colon, a note of a sentence, is no label of a group: "预付订单明细：")
    if any(len(t) > GROUP_LABEL_CHARS or t.endswith((":", "：")) for t in labels):
        return False
    named = [cell_text(lower[j]) for j in range(width) if not cell_text(upper[j]) and cell_text(lower[j])]
    return len(named) >= GROUPED_UNNAMED and not any(is_numeric_like(t) for t in named)


#: a date written in a cell of words ("Stand 30.09.2026", "As of 2026-09-30"): a report's title
_DATED = re.compile(r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\b")


def group_names(upper: Sequence[str | None], lower: Sequence[str | None]) -> tuple[str | None, ...] | None:
    """The names of a header of two rows: ``upper`` holds group labels, each over the columns up to
    the next label ("Facture" over "N°" and "Date", written once as merged cells are), and
    ``lower`` the columns' own names. A column named below takes its group's label before its name
    ("Facture N°"); a column named only above keeps that name ("Échéance", merged down). None
    when ``upper`` is no such row: it needs two labels or more, text only (no e-mail, no "KEY=value"
    of a query's parameters: "RUT=75320502-0;TIPO_CONSULTA=DEUDOR", no date of a report's title:
    "Stand 30.09.2026"), and one label at least over two named columns."""
    width = max(len(lower), len(upper))
    up = [cell_text(upper[j]) if j < len(upper) else "" for j in range(width)]
    low = [cell_text(lower[j]) if j < len(lower) else "" for j in range(width)]
    labels = [j for j, text in enumerate(up) if text]
    if len(labels) < 2 or any(is_numeric_like(up[j]) or "@" in up[j] or "=" in up[j] or _DATED.search(up[j]) for j in labels):
        return None
    spans = any(j + 1 < width and not up[j + 1] and low[j] and low[j + 1] for j in labels)
    if not spans:
        return None
    names: list[str | None] = []
    group = ""
    for j in range(width):
        group = up[j] or group
        if not low[j]:
            names.append(up[j] or None)
        else:
            names.append(f"{group} {low[j]}" if group else low[j])
    return tuple(names)


#: the labels side by side, each over a name of its own, from which an upper row may be the first
#: words of its columns' names rather than labels of groups
BEGUN_NAMES = 3


def begins_names(upper: Sequence[str | None], lower: Sequence[str | None]) -> bool:
    """Whether an upper row's labels stand side by side over named columns, ``BEGUN_NAMES`` pairs
    of them or more ("CÓDIGO | NOMBRE | CÓDIGO | NOMBRE" over "OFIC. CRED. | OFICIAL DE CRÉDITO…"):
    the first words of their own columns' names, perhaps; labels of groups stand apart."""
    up = [cell_text(v) for v in upper]
    low = [cell_text(v) for v in lower]
    width = min(len(up), len(low))
    return sum(1 for j in range(width - 1) if up[j] and up[j + 1] and low[j] and low[j + 1]) >= BEGUN_NAMES


def own_names(upper: Sequence[str | None], lower: Sequence[str | None]) -> tuple[str | None, ...]:
    """The names of a header of two rows whose upper row holds the first words of some columns'
    names, each over its own column only: "CÓDIGO" over "OFIC. CRED." is "CÓDIGO OFIC. CRED.", and
    the column after it, named below alone ("ACREDITADO/CLIENTE"), keeps its own name."""
    width = max(len(lower), len(upper))
    up = [cell_text(upper[j]) if j < len(upper) else "" for j in range(width)]
    low = [cell_text(lower[j]) if j < len(lower) else "" for j in range(width)]
    return tuple(" ".join(t for t in (up[j], low[j]) if t) or None for j in range(width))


def rate(grid: RawGrid, header: int, layout_score: LayoutScore, *, cells: Sequence[str | None] | None = None) -> LayoutRating:
    """Map the rows below ``header`` (a sample) under the names that row (or ``cells``) gives the
    columns."""
    cells = list(cells) if cells is not None else list(grid.frame.row(header))
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
    """Said when the rating moved the header away from the row the header score preferred, or
    made it of two rows."""
    if choice.names is not None and choice.header is not None and choice.rating is not None:
        grouped = [n for n in choice.names if n][:4]
        notice = (
            f"The header spans lines {choice.header} and {choice.header + 1}: the labels of line {choice.header} "
            f"name groups of the columns below them ({', '.join(repr(n) for n in grouped)}…); read so, its columns "
            f"map best ({choice.rating.summary})"
        )
        if choice.runner_up is not None:
            line, rating = choice.runner_up
            notice += f"; runner-up: line {line + 1} alone ({rating.summary})"
        return [notice + "."]
    if choice.rating is None or choice.header is None or choice.header == first:
        return []
    notice = f"The header was taken on line {choice.header + 1}: its columns map best ({choice.rating.summary})"
    if choice.runner_up is not None:
        line, rating = choice.runner_up
        notice += f"; runner-up: line {line + 1} ({rating.summary})"
    return [notice + "."]


def _rows_below(grid: RawGrid, choice: HeaderChoice) -> bool:
    """Whether a sheet has a row with a value below its header."""
    return _count_below(grid, choice) > 0


def _count_below(grid: RawGrid, choice: HeaderChoice) -> int:
    """How many rows with a value a sheet has below its header."""
    assert choice.header is not None
    below = grid.frame.slice(choice.header + (2 if choice.names is not None else 1))
    filled = pl.any_horizontal((pl.all().cast(pl.String).str.strip_chars() != "").fill_null(False))
    return int(below.select(filled).to_series().sum()) if below.height else 0


def _header_cells(grid: RawGrid, choice: HeaderChoice) -> tuple[str, ...]:
    """A sheet's header as written (its cells with a value, in order)."""
    assert choice.header is not None
    return tuple(t for v in grid.frame.row(choice.header) if (t := cell_text(v)))


def choose_sheet(
    path: Path,
    fmt: str,
    book: Workbook,
    header_score: HeaderScore | None,
    layout_score: LayoutScore,
    limits: ReadLimits,
    sheet_score: SheetScore | None = None,
) -> tuple[Workbook, HeaderChoice]:
    """The sheet whose best header maps best, among every non-empty sheet of ``book``."""
    rated: list[tuple[int, RawGrid, HeaderChoice]] = []
    texts: dict[int, list[str]] = {}
    for index, name in enumerate(book.sheets):
        if name == book.sheet:
            grid = book.grid
        else:
            try:
                grid = read_workbook(path, fmt, sheet=index, header_score=None, limits=limits).grid
            except InputFileError:  # an empty sheet, or one that cannot be read: not a candidate
                continue
        texts[index] = _short_texts(grid)
        choice = choose_header(grid, header_score, layout_score, need_rating=True)
        if choice.header is not None and choice.rating is not None:
            rated.append((index, grid, choice))
    if len(rated) < 2:
        chosen = next((c for _, g, c in rated if g is book.grid), None)
        return book, chosen or choose_header(book.grid, header_score, layout_score)
    # a sheet holding its header alone (a template's tab) has nothing to import: any sheet with rows
    # below its header comes first
    # then the sheet whose name says it holds debts overdue or outstanding, before one whose name
    # says payments, invoices not yet due or payables, unless the other maps clearly better
    said = {i: sheet_score(book.sheets[i]) if sheet_score else 0 for i, _, _ in rated}
    # a sheet of credit notes or quotes (-2) comes after every other sheet with rows
    rated.sort(key=lambda r: (not _rows_below(r[1], r[2]), said[r[0]] <= -2,
                              -(_score(r[2]) + SHEET_NAME_WEIGHT * max(said[r[0]], -1)), r[0]))
    more = _more_rows_first(rated, said)
    index, grid, choice = rated[0]
    _, _, second = rated[1]
    name, other = book.sheets[index], book.sheets[rated[1][0]]
    named = {1: ", its name says it holds debts", -1: ", its name says it holds no debt to collect",
             -2: ", its name says it holds credit notes or quotes, no debts"}
    notices = [
        f"Sheet {name!r} was chosen: {_summary(choice)}{named.get(said[index], '')}{more}; runner-up: sheet {other!r} "
        f"({_summary(second)}{named.get(said[rated[1][0]], '')})."
    ]
    # sheets of the same columns (a batch, a month per sheet) hold rows the chosen one does not
    header = _header_cells(grid, choice)
    alike = [(book.sheets[i], n) for i, g, c in rated[1:]
             if _header_cells(g, c) == header and (n := _count_below(g, c))]
    if alike:
        names = ", ".join(repr(n) for n, _ in alike[:5]) + (f" and {len(alike) - 5} more" if len(alike) > 5 else "")
        notices.append(
            f"{SAME_COLUMNS_SAID} {names} have the same columns as {name!r} and {sum(n for _, n in alike):,} row(s) of their own: "
            f"only {name!r} is read. Import each with --sheet NAME, or put their rows on one sheet."
        )
    others = [(book.sheets[i], t) for i, found in texts.items() if i != index for t in found]
    return Workbook(grid, name, book.sheets, notices, others), choice


#: how the notice of the sheets of the same columns as the one read begins
SAME_COLUMNS_SAID = "Sheet(s)"

#: the texts of a sheet's first rows kept for what they say of the workbook, and their longest
SHORT_TEXTS, SHORT_TEXT_CHARS = 200, 80


def _short_texts(grid: RawGrid) -> list[str]:
    """The texts, short, of a sheet's first rows (labels, headers, titles: "Saldo pendiente total (USD)")."""
    found: list[str] = []
    for row in grid.frame.head(HEADER_SCAN_ROWS).rows():
        for value in row:
            text = cell_text(value).strip()
            if text and len(text) <= SHORT_TEXT_CHARS and not is_numeric_like(text):
                found.append(text)
                if len(found) >= SHORT_TEXTS:
                    return found
    return found


#: what a sheet's name weighs in its choice: less than half a required field
SHEET_NAME_WEIGHT = 0.3
#: two sheets whose mappings differ by less than this (the confidence of their columns, a column
#: more or less: never a required field nor the due date) map alike ...
NEAR_TIE = 0.1
#: ... and the one with this many times the rows of the other holds the list
MORE_ROWS = 3


def _more_rows_first(rated: list[tuple[int, RawGrid, HeaderChoice]], said: dict[int, int]) -> str:
    """Of the sheets that map alike to the first (``NEAR_TIE``, or their header the same, their names
    saying alike), the one with ``MORE_ROWS`` times its rows or more comes first: a carrier's 416
    shipments, not the 13 duty charges of a sheet whose "XC1 Name" read a little better as a name;
    an account's 318 items, not another's 2, of a workbook of a sheet per account whose few rows read
    best. Returns what is said of it ("" when the first stays)."""
    first = rated[0]
    rows = _count_below(first[1], first[2])
    header = _header_cells(first[1], first[2])
    best = max(
        (r for r in rated[1:] if said[r[0]] == said[first[0]]
         and (_score(r[2]) >= _score(first[2]) - NEAR_TIE or _header_cells(r[1], r[2]) == header)),
        key=lambda r: _count_below(r[1], r[2]), default=None,
    )
    if best is None or (more := _count_below(best[1], best[2])) < MORE_ROWS * max(rows, 1):
        return ""
    rated.remove(best)
    rated.insert(0, best)
    return f", and it holds {more:,} rows against {rows:,}"


def _score(choice: HeaderChoice) -> float:
    return choice.rating.score if choice.rating else 0.0


def _summary(choice: HeaderChoice) -> str:
    return choice.rating.summary if choice.rating else "not rated"


def _filled(row: Sequence[str | None]) -> int:
    return sum(1 for v in row if cell_text(v))
