"""Statements stacked one per party, each opened by a card of labelled values above the header
written again: a bulk customer statement ("Toplu Cari Ekstre": 'Cari Kodu' MD0003, 'Cari Adı'
UĞUR ELEKTRONİK…, 'Telefon', 'Adres', then the account's movements and a line of their sums).

A *card* is the run of non-blank rows right above each header (the first one above the file's
header, read as titles; the later ones above each repeat of it). A card cell is a *label* when the
same text sits in the same column of nearly every card; the value of a label is the next filled
cell to its right, before the next label. Each label becomes a column of the block's rows, named
by its text; the card rows, and a line of sums closing a block (numbers alone), are no rows of the
list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from getbill_import.read._header import cell_text, is_numeric_like

#: the cards needed to read a file as stacked statements (the first above the header included)
MIN_CARDS = 3
#: the share of the cards that must write a label in the same place for it to be one
LABEL_SHARE = 0.8
#: the rows a card may span
MAX_CARD_ROWS = 8


@dataclass(frozen=True)
class Cards:
    #: grid rows of the cards below the header (left out as "card")
    rows: list[int]
    #: grid rows closing a block with its sums (left out as "totals")
    sums: list[int]
    #: each label's name → the grid row each block starts at (its header) → the label's value there
    values: dict[str, dict[int, str | None]]
    #: the statements stacked (their blocks)
    blocks: int

    def columns_for(self, rows: pl.Series) -> pl.DataFrame:
        """Each label's values for the rows ``rows`` (grid row indices, ascending), a column each: the
        value of the block each row is in."""
        starts = sorted({s for by_start in self.values.values() for s in by_start})
        blocks = pl.DataFrame(
            {"start": starts, **{name: [by_start.get(s) for s in starts] for name, by_start in self.values.items()}},
            schema={"start": rows.dtype, **dict.fromkeys(self.values, pl.String)},
        )
        return pl.DataFrame({"row": rows}).join_asof(blocks, left_on="row", right_on="start", strategy="backward") \
            .select(list(self.values))


_AMOUNT = re.compile(r"-?\d+(?:[.,]\d+)?")


def _sums(values: Iterable[str | None]) -> bool:
    """Whether a label's values are amounts: plain numbers, one of them at least with decimals
    (a phone number's digits are grouped by spaces, a code has letters)."""
    written = [v for v in values if v]
    return bool(written) and all(_AMOUNT.fullmatch(v) for v in written) and any(not v.lstrip("-").isdigit() for v in written)


def find_cards(
    grid: pl.DataFrame, header: int, repeated: Sequence[int], header_names: Sequence[str],
    data_rows: pl.Series,
) -> Cards | None:
    """The cards of stacked statements: ``grid`` the grid (its rows), ``header`` the header's row,
    ``repeated`` the rows writing it again, ``header_names`` the columns' names (a label named as a
    column is left to the column), ``data_rows`` the rows read as data so far. None for another file."""
    starts = [header, *sorted(r for r in repeated if r > header)]
    if header < 1 or len(starts) < MIN_CARDS:
        return None

    def texts(row: int) -> list[str]:
        return [cell_text(v).strip() for v in grid.row(row)]

    cards: dict[int, list[int]] = {}
    lower = -1
    for start in starts:
        rows: list[int] = []
        row = start - 1
        while row > lower and len(rows) < MAX_CARD_ROWS and any(texts(row)):
            rows.append(row)
            row -= 1
        cards[start] = sorted(rows)
        lower = start
    if sum(1 for rows in cards.values() if rows) < LABEL_SHARE * len(starts):
        return None
    # a label: the same text in the same place of nearly every card (its line above the header, its
    # column), and no other text there in any card ("Alıcı" of most accounts beside "Satıcı" is a value)
    seen: dict[tuple[int, int], dict[str, int]] = {}
    for start, rows in cards.items():
        for r in rows:
            for c, v in enumerate(texts(r)):
                if v:
                    seen.setdefault((start - r, c), {}).setdefault(v, 0)
                    seen[(start - r, c)][v] += 1
    labels = {(c, v) for (_, c), written in seen.items() if len(written) == 1
              for v, n in written.items() if n >= LABEL_SHARE * len(starts) and not is_numeric_like(v)}
    taken = {name.strip().casefold() for name in header_names}
    values: dict[str, dict[int, str | None]] = {}
    for start, rows in cards.items():
        for r in rows:
            cells = texts(r)
            places = [c for c, v in enumerate(cells) if (c, v) in labels]
            for i, c in enumerate(places):
                end = places[i + 1] if i + 1 < len(places) else len(cells)
                value = next((v for v in cells[c + 1:end] if v), None)
                if cells[c].casefold() in taken:
                    continue
                values.setdefault(cells[c], {})[start] = value
    # a label that never holds a value says nothing; one of sums ('Borç': 146187.94, the block's debits)
    # sums the rows, which say more
    values = {name: by_start for name, by_start in values.items()
              if any(v is not None for v in by_start.values()) and not _sums(by_start.values())}
    if not values:
        return None
    card_rows = sorted(r for start, rows in cards.items() if start != header for r in rows)
    # a block's last row before the next card (and the table's last): its sums when it writes numbers alone
    data = data_rows.filter(~data_rows.is_in(card_rows)).sort()
    sums = []
    for bound in [*(min(cards[start]) if cards[start] else start for start in starts[1:]), None]:
        at = data.len() - 1 if bound is None else int(data.search_sorted(bound, side="left")) - 1
        if at < 0 or (bound is None and int(data[at]) < starts[-1]):
            continue
        last = int(data[at])
        cells = texts(last)
        if any(cells) and all(is_numeric_like(v) for v in cells if v):
            sums.append(last)
    return Cards(card_rows, sums, values, len(starts))
