"""Validated cases as the public API's JSON debts, cut into chunks; and the server's per-item
problems put back on the file's lines.

A debt is ``{"amount", "debtor": {"name", "company", "email", "phone", "address": {"line1",
"line2", "postal_code", "city", "region", "country"}}, "currency", "reference", "due_date",
"issue_date", "scenario", "metadata"}``: the amount is written as a JSON number with its exact
decimal text (never a binary float), the metadata as the object it is. The JSON text of every
debt is made at once with polars; a chunk's body is its debts joined, the same bytes every time
for the same rows (so the same idempotency key always carries the same body).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import polars as pl

from getbill_import.fields import ADDRESS_FIELDS, CASE_FIELDS, LINE, METADATA
from getbill_import.problems import ERROR, PROBLEM_SCHEMA, empty_problems
from getbill_import.validate import VALID

#: the code of a problem put on every row of a chunk the server refused as a whole
REJECTED_BY_SERVER = "rejected-by-server"
_DEBTOR = ("debtor.name", "debtor.company", "debtor.email", "debtor.phone")
_TOP = ("currency", "reference", "due_date", "issue_date", "scenario")


@dataclass(frozen=True)
class Chunk:
    position: int
    start: int
    stop: int

    @property
    def items(self) -> int:
        return self.stop - self.start


@dataclass
class EncodedDebts:
    """The debts to send, in file order: their source ``lines`` and ``references``, and the
    ``rows`` their JSON text is made of, chunk by chunk (``body``: the senders make their chunks
    while others wait for answers). ``duplicates``: valid rows left out because an earlier row
    has their reference (the server would take only one of them)."""

    lines: pl.Series
    references: pl.Series
    rows: pl.DataFrame
    duplicates: int = 0

    def __len__(self) -> int:
        return self.rows.height

    def chunks(self, size: int) -> list[Chunk]:
        if size < 1:
            raise ValueError("a chunk holds at least one debt")
        total = len(self)
        return [Chunk(i, start, min(start + size, total)) for i, start in enumerate(range(0, total, size))]

    def body(self, chunk: Chunk, on_existing: str) -> bytes:
        # a dict per debt, encoded by orjson in one call: about twice as fast as composing each
        # member's JSON text with polars expressions, and the same bytes
        rows = self.rows.slice(chunk.start, chunk.items)
        columns = [rows[name].to_list() for name in _COLUMNS]
        return orjson.dumps({"debts": [_debt(values) for values in zip(*columns, strict=True)], "on_existing": on_existing})

    def line_range(self, chunk: Chunk) -> tuple[int, int]:
        return int(self.lines[chunk.start]), int(self.lines[chunk.stop - 1])


def encode_debts(cases: pl.DataFrame) -> EncodedDebts:
    """The valid rows of ``cases`` (``ValidationResult.cases``) as JSON debts. Empty fields are
    left out (the server takes an absent field as empty), which keeps the requests small."""
    frame = cases.filter(pl.col(VALID)) if VALID in cases.columns else cases
    missing = [f for f in (*CASE_FIELDS, METADATA) if f not in frame.columns]
    frame = frame.with_columns(pl.lit(None, pl.String).alias(m) for m in missing)
    before = frame.height
    frame = frame.filter(pl.col("reference").is_not_null() & pl.col("reference").is_first_distinct())
    rows = frame.select(
        pl.col(LINE).cast(pl.Int64), *(pl.col(f).cast(pl.String) for f in (*_DEBTOR, *ADDRESS_FIELDS, *_TOP)),
        pl.col("amount").cast(pl.Decimal(18, 2)).cast(pl.String), pl.col(METADATA).cast(pl.String),
    )
    return EncodedDebts(rows[LINE], rows["reference"], rows.drop(LINE), before - frame.height)


#: the columns ``encode_debts`` keeps, in the order ``_debt`` reads them
_COLUMNS = (*_DEBTOR, *ADDRESS_FIELDS, *_TOP, "amount", METADATA)
_DEBTOR_KEYS = tuple(f.split(".", 1)[1] for f in _DEBTOR)
_ADDRESS_KEYS = tuple(f.rsplit(".", 1)[1] for f in ADDRESS_FIELDS)


def _debt(values: tuple[Any, ...]) -> dict[str, Any]:
    """One debt from its ``_COLUMNS`` values: empty fields left out, the amount written as its
    exact decimal text (a JSON number) and the metadata as the JSON object it already is."""
    n_debtor, n_address = len(_DEBTOR), len(ADDRESS_FIELDS)
    debtor = {k: v for k, v in zip(_DEBTOR_KEYS, values[:n_debtor], strict=True) if v is not None}
    address = {k: v for k, v in zip(_ADDRESS_KEYS, values[n_debtor:n_debtor + n_address], strict=True) if v is not None}
    if address:
        debtor["address"] = address
    top = values[n_debtor + n_address:]
    amount, metadata = top[-2], top[-1]
    debt: dict[str, Any] = {}
    if amount is not None:
        debt["amount"] = orjson.Fragment(amount)
    if debtor:
        debt["debtor"] = debtor
    debt.update((k, v) for k, v in zip(_TOP, top[:-2], strict=True) if v is not None)
    if metadata is not None and metadata != "{}":
        debt["metadata"] = orjson.Fragment(metadata)
    return debt


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def idempotency_key(*, sha256: str, account: str, run: int, position: int, body_digest: str) -> str:
    """The ``Idempotency-Key`` of a chunk: the same file content, remote account, run and
    position (with the same body) always give the same key; anything else another."""
    seed = f"getbill-import\n{sha256}\n{account}\n{run}\n{position}\n{body_digest}".encode()
    return "gbi-" + hashlib.sha256(seed).hexdigest()[:48]


def item_problems(
    debts: EncodedDebts, chunk: Chunk, problems: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The server's problems with a chunk's items (``index`` within the chunk, ``reference``,
    ``field``, ``code``, ``severity``, ``message``, ``suggestion``) on the file's lines. An
    index that does not hold the problem's reference is looked up by the reference."""
    references = debts.references.slice(chunk.start, chunk.items).to_list()
    lines = debts.lines.slice(chunk.start, chunk.items).to_list()
    by_reference = {ref: i for i, ref in enumerate(references)}
    out = []
    for problem in problems:
        index = problem.get("index")
        reference = problem.get("reference")
        if not (isinstance(index, int) and 0 <= index < chunk.items) or (
            reference is not None and references[index] != reference
        ):
            index = by_reference.get(reference) if isinstance(reference, str) else None
        if index is None:
            continue
        out.append({
            "line": lines[index], "field": _text(problem.get("field")), "code": _text(problem.get("code")) or "error",
            "severity": "warning" if problem.get("severity") == "warning" else ERROR,
            "message": _text(problem.get("message")), "suggestion": _text(problem.get("suggestion")),
        })
    return out


def chunk_refused(debts: EncodedDebts, chunk: Chunk, message: str) -> list[dict[str, Any]]:
    """One problem per item of a chunk the server refused as a whole."""
    return [
        {"line": line, "field": None, "code": REJECTED_BY_SERVER, "severity": ERROR, "message": message,
         "suggestion": None}
        for line in debts.lines.slice(chunk.start, chunk.items).to_list()
    ]


def problems_frame(
    problems: Sequence[Mapping[str, Any]], *, columns: Mapping[str, str], source: pl.DataFrame | None,
    sheet: str | None, known: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The server's problems as a problem frame: each field named by the user's column and its
    value as the file has it; those the local validation already reported are left out."""
    if not problems:
        return empty_problems()
    frame = pl.DataFrame(
        [{"line": p["line"], "field": p.get("field"), "code": p.get("code"), "severity": p.get("severity"),
          "message": p.get("message"), "suggestion": p.get("suggestion")} for p in problems],
        schema={"line": pl.Int64, "field": pl.String, "code": pl.String, "severity": pl.String,
                "message": pl.String, "suggestion": pl.String},
    ).with_columns(
        pl.col("field").replace_strict(dict(columns), default=None, return_dtype=pl.String).alias("column"),
        pl.lit(sheet, pl.String).alias("sheet"),
    ).with_columns(pl.col("field").replace_strict(
        {f: f for f in CASE_FIELDS}, default=None, return_dtype=pl.String))
    frame = frame.with_columns(_values(frame, source))
    if known is not None and known.height:
        seen = known.select("line", "code", pl.col("field").fill_null(""))
        frame = frame.join(seen, left_on=["line", "code", pl.col("field").fill_null("")],
                           right_on=["line", "code", "field"], how="anti")
    return frame.unique(maintain_order=True).select(PROBLEM_SCHEMA.keys()).cast(PROBLEM_SCHEMA)  # type: ignore[arg-type]


def _values(frame: pl.DataFrame, source: pl.DataFrame | None) -> pl.Series:
    """The file's value of each problem's column on its line."""
    empty = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias("value")
    if source is None or LINE not in source.columns:
        return empty
    indexed = frame.with_row_index("__i")
    parts = [
        indexed.filter(pl.col("column") == column).join(
            source.select(pl.col(LINE).cast(pl.Int64).alias("line"), pl.col(column).cast(pl.String).alias("value")),
            on="line", how="left",
        ).select("__i", "value")
        for column in frame["column"].drop_nulls().unique().to_list() if column in source.columns
    ]
    if not parts:
        return empty
    found = indexed.select("__i").join(pl.concat(parts), on="__i", how="left").sort("__i")
    return found["value"]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
