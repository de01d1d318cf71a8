"""Turning validated cases into rows of the ``cases`` and ``events`` tables, column by column."""

from __future__ import annotations

import datetime as dt

import polars as pl

from getbill_import.fields import CASE_FIELDS, LINE
from getbill_import.store.shape import FIELD_COLUMNS, ROW_COLUMNS
from getbill_import.store.types import SQLITE_DATETIME_FORMAT
from getbill_import.validate import VALID

DEFAULT_STATUS = "open"
DEFAULT_CURRENCY = "EUR"


def valid_cases(cases: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The valid rows (all of them when there is no VALID column) as LINE plus the ``cases``
    columns of ROW_COLUMNS but ``id``, a repeated reference kept once (first row wins).
    Returns (frame, rows dropped as repeated)."""
    frame = cases.filter(pl.col(VALID)) if VALID in cases.columns else cases
    if LINE not in frame.columns:
        frame = frame.with_row_index(LINE, offset=1).with_columns(pl.col(LINE).cast(pl.Int64))
    missing = [f for f in (*CASE_FIELDS, "metadata") if f not in frame.columns]
    frame = frame.with_columns(pl.lit(None).alias(m) for m in missing)
    before = frame.height
    frame = frame.filter(pl.col("reference").is_not_null() & pl.col("reference").is_first_distinct())
    text = {f: FIELD_COLUMNS[f] for f in CASE_FIELDS if f not in ("amount", "due_date", "issue_date")}
    frame = frame.select(
        pl.col(LINE),
        *(pl.col(f).cast(pl.String).alias(column) for f, column in text.items()),
        (pl.col("amount").cast(pl.Decimal(18, 2)) * 100).cast(pl.Int64).alias("amount_cents"),
        *(pl.col(f).cast(pl.Date).cast(pl.String).alias(f) for f in ("due_date", "issue_date")),
        pl.col("metadata").cast(pl.String),
    ).with_columns(pl.col("currency").fill_null(DEFAULT_CURRENCY))
    return frame.select(LINE, *ROW_COLUMNS[1:]), before - frame.height


def db_timestamp(now: dt.datetime, dialect: str) -> str:
    """``now`` as the text a timestamp column takes in a bulk statement."""
    naive = now.astimezone(dt.UTC).replace(tzinfo=None)
    text = naive.strftime(SQLITE_DATETIME_FORMAT)
    return text if dialect == "sqlite" else text + "+00:00"
