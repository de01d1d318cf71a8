"""Report layouts: each customer's name on a row of its own above that customer's invoices, and a
"Total …" row below them (aged receivables details, customer balance details, open-item lists
grouped by customer).

A *group* is a label row (one text cell among the first columns, every other cell empty),
followed by at least one data row, and closed by a total row (a first cell starting with
"Total", "Sous-total", "Summe"…: "Total for ACME", "Total ACME SARL"). Label rows and the total
rows closing a group are excluded; every data row of a group gets its label. A label row that no
total row closes is not a group: its row stays as it is, unless the report has no total row at all
and its labels' column is empty on every other row (a customer balance detail exported without its
totals): then each label opens a group that the next label closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from getbill_import.read._header import NUMERIC_PATTERN, TOTALS_PATTERN, cell_text, is_totals_label

#: the columns a label or a total's label may sit in
LABEL_COLUMNS = 3
#: a cell that opens a total row: "Total", "Total for ACME", "Sous-total Dupont", "Summe Kunde"
GROUP_TOTAL_PATTERN = (
    r"(?i)^\s*(?:sous[\s-]*totale?s?|sub[\s-]*totals?|totale?s?|totaux|summe|gesamtsumme|gesamt|somme)(?:\b|$)"
)
_GROUP_TOTAL = re.compile(GROUP_TOTAL_PATTERN)
#: the word before the name a total row closes ("Total for 3000", "Total pour 3000")
_CLOSED_NAME = re.compile(r"(?i)^(?:for|pour|de|du|für|fur|von|del|de la)\s+")
ROW = "__row__"


@dataclass(frozen=True)
class Groups:
    #: (label row, closing total row, label), grid row indices
    spans: list[tuple[int, int, str]]
    #: the label rows under a group's first one, before its data (the customer's card id, contact, phone)
    more_labels: tuple[int, ...] = ()
    #: whether total rows close the groups (otherwise the next label, or the end of the table)
    closed: bool = True
    #: the label rows that write their group's opening balance beside its label (a balance brought
    #: forward: the group's rows are its movements since)
    opened: tuple[int, ...] = ()

    @property
    def label_rows(self) -> list[int]:
        return sorted([start for start, _, _ in self.spans] + list(self.more_labels))

    @property
    def total_rows(self) -> list[int]:
        return [end for _, end, _ in self.spans] if self.closed else []

    def labels_for(self, rows: pl.Series) -> pl.Series:
        """The label of each row of ``rows`` (grid row indices, ascending), None outside a group."""
        spans = pl.DataFrame(
            {"start": [s for s, _, _ in self.spans], "end": [e for _, e, _ in self.spans],
             "label": [lab for _, _, lab in self.spans]},
            schema={"start": rows.dtype, "end": rows.dtype, "label": pl.String},
        ).sort("start")
        joined = pl.DataFrame({ROW: rows}).join_asof(spans, left_on=ROW, right_on="start", strategy="backward")
        return joined.select(
            pl.when(pl.col(ROW) < pl.col("end")).then(pl.col("label")).alias("group")
        ).to_series()


def find_groups(body: pl.DataFrame, columns: list[str], closers: list[int]) -> Groups | None:
    """The groups of ``body`` (non-blank rows after the header: ROW + the grid columns), or None.

    ``closers`` are the rows already known as totals rows (they may close a group too)."""
    if len(columns) <= LABEL_COLUMNS or body.height == 0:
        return None
    # (or one number, the group's opening balance, when a total row closes the group by its name:
    # QuickBooks' "A.O. Smith WPC … 8,250.00" over its invoices, "Total A.O. Smith WPC" below them)
    # (the rows of one cell at most after the label's columns first, cheaply: the few are read closely)
    filled = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int32) for c in columns[LABEL_COLUMNS:])
    few = body.filter(filled <= 1)
    rest = [pl.col(c).str.strip_chars().replace("", None) for c in columns[LABEL_COLUMNS:]]
    written = pl.sum_horizontal(c.is_not_null().cast(pl.Int32) for c in rest)
    one_number = (written == 1) & pl.all_horizontal(c.is_null() | c.str.contains("(?i)" + NUMERIC_PATTERN) for c in rest)
    opened = set(few.filter(one_number)[ROW].cast(pl.Int64).to_list())
    maybe = few.filter((filled == 0) | one_number).select(ROW, *columns[:LABEL_COLUMNS])
    if maybe.height == 0:
        return None
    # one non-blank cell among the first columns, text (not a number, a date, a total)
    text = [pl.col(c).str.strip_chars() for c in columns[:LABEL_COLUMNS]]
    filled = pl.sum_horizontal((t.is_not_null() & (t != "")).cast(pl.Int32) for t in text)
    label = pl.coalesce(pl.when(t != "").then(t) for t in text)
    maybe = maybe.select(ROW, label.alias("label"), filled.alias("filled"))
    # rows of one cell whatever it holds (a phone number under a customer's name and contact)
    lone = set(maybe.filter(pl.col("filled") == 1)[ROW].cast(pl.Int64).to_list())
    # a number alone is a label when a total row below closes it by name ("3000" … "Total 3000":
    # QuickBooks' customers named by their numbers)
    totals = _total_rows(body, columns)
    closed = {_CLOSED_NAME.sub("", _GROUP_TOTAL.sub("", text, count=1).strip(" :-")) for text in totals.values()}
    numeric = pl.col("label").str.contains("(?i)" + NUMERIC_PATTERN) & ~pl.col("label").is_in(list(closed))
    maybe = maybe.filter(
        (pl.col("filled") == 1)
        & ~numeric
        & ~pl.col("label").str.contains(GROUP_TOTAL_PATTERN)
        & ~pl.col("label").str.contains(TOTALS_PATTERN)
    )
    labels = dict(zip(maybe[ROW].cast(pl.Int64).to_list(), maybe["label"].to_list(), strict=True))
    # a label beside a number is one only when a total row names it
    named = {name.casefold() for name in closed}
    labels = {row: label for row, label in labels.items() if row not in opened or label.strip().casefold() in named}
    if not labels:
        return None
    ends = set(closers) | set(totals) | _untitled_subtotals(body, columns, set(labels) | set(closers) | set(totals))
    if not ends:
        return _open_groups(body, columns, labels)
    order = sorted({*labels, *ends})
    # a block of label rows one under the other (MYOB: the customer, its card id, its contact, its
    # phone) is one group's label: its first row names the customer
    rows = body[ROW].cast(pl.Int64).to_list()
    position = {row: i for i, row in enumerate(rows)}
    spans: list[tuple[int, int, str]] = []
    more: list[int] = []
    block: list[int] = []
    for k, row in enumerate(order):
        if row not in labels:
            block = []
            continue
        between = rows[position[block[-1]] + 1 : position[row]] if block else []
        # a label's lines may hold one cell that is no label alone (a card id "803-2", a phone)
        block = [*block, *between, row] if block and all(r in lone for r in between) else [row]
        following = order[k + 1] if k + 1 < len(order) else None
        if following is not None and following in ends and following not in labels and following > row + 1:
            spans.append((block[0], following, labels[block[0]]))
            # the label's other lines of one cell, up to the group's first invoice
            at = position[row] + 1
            while at < len(rows) and rows[at] < following and rows[at] in lone:
                block.append(rows[at])
                at += 1
            more.extend(block[1:])
            block = []
    return Groups(spans, tuple(more), opened=tuple(start for start, _, _ in spans if start in opened)) if spans else None


def _open_groups(body: pl.DataFrame, columns: list[str], labels: dict[int, str]) -> Groups | None:
    """Groups that no total row closes: the table opens with a label, every label sits in one
    column, that column is empty on every other row, and each label has rows of its own below it."""
    if body.height < 2:
        return None
    indexed = body.with_columns(pl.col(ROW).cast(pl.Int64), pl.col(ROW).is_in(list(labels)).alias("__label__"))
    if not indexed["__label__"][0]:
        return None
    first = indexed.filter("__label__").select(columns[:LABEL_COLUMNS])
    held = [c for c in columns[:LABEL_COLUMNS] if first.get_column(c).is_not_null().all()]
    if len(held) != 1:
        return None
    text = pl.col(held[0]).cast(pl.String).str.strip_chars()
    if indexed.filter(~pl.col("__label__") & text.is_not_null() & (text != "")).height:
        return None
    # each label's row, and the row that ends its group: the next label's, or past the table's last
    starts = indexed.with_row_index("at").filter("__label__").select(
        "at", pl.col(ROW).alias("start"), pl.col(ROW).shift(-1).fill_null(indexed[ROW][-1] + 1).alias("end"),
        pl.col("at").shift(-1).fill_null(indexed.height).alias("next"))
    if (starts["next"] - starts["at"] < 2).any():
        return None
    return Groups([(start, end, labels[start]) for start, end in starts.select("start", "end").iter_rows()], closed=False)


def _untitled_subtotals(body: pl.DataFrame, columns: list[str], marks: set[int]) -> set[int]:
    """The rows of sums with no label (AppFolio's subtotal of each unit's charges: every text cell
    empty, the amounts written) right above the next group's label or a total row: they close the
    group above them."""
    label_cols, rest = columns[:LABEL_COLUMNS], columns[LABEL_COLUMNS:]
    empty = pl.all_horizontal((pl.col(c).str.strip_chars().replace("", None)).is_null() for c in label_cols)
    cells = [pl.col(c).str.strip_chars().replace("", None) for c in rest]
    # (sums alone: numbers in every cell written, no text, "Kart Grup Adı", that would open a block)
    written = pl.any_horizontal(c.is_not_null() for c in cells) & pl.all_horizontal(
        c.is_null() | c.str.contains("(?i)" + NUMERIC_PATTERN) for c in cells)
    rows = body.select(ROW, (empty & written).alias("sums"), pl.col(ROW).shift(-1).alias("next"),
                       pl.col(ROW).shift(1).alias("previous"))
    found = rows.filter(pl.col("sums") & pl.col("next").is_in(list(marks)) & ~pl.col("previous").is_in(list(marks))
                        & pl.col("previous").is_not_null())
    return set(found[ROW].cast(pl.Int64).to_list())


def _total_rows(body: pl.DataFrame, columns: list[str]) -> dict[int, str]:
    """Rows whose first non-empty cell among the first columns opens a total, and that cell."""
    label_cols = columns[:LABEL_COLUMNS]
    hit = pl.any_horizontal(pl.col(c).str.contains(GROUP_TOTAL_PATTERN).fill_null(False) for c in label_cols)
    rows = body.filter(hit).select(ROW, *label_cols)
    out = {}
    for record in rows.iter_rows():
        first = next((cell_text(v) for v in record[1:] if cell_text(v)), "")
        if _is_total(first):
            out[int(record[0])] = first
    return out


def _is_total(text: str) -> bool:
    return bool(_GROUP_TOTAL.match(text)) or is_totals_label(text)
