"""Delimited text → RawGrid: a fast polars path proven faithful, and an exact Python fallback.

The fast path reads the UTF-8 bytes twice with polars: once as CSV (every column as text), once
as physical lines. Each row's field count is then known exactly without a Python loop:
``delimiters on its lines − delimiters inside its quoted values + 1``. If polars refuses the file
(stray quotes), if line ends are mixed (lone CR next to LF), or if the records do not add up to
the physical lines, the file is read by Python's ``csv`` module instead (exact, slower).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable

import polars as pl

from getbill_import.errors import InputFileError
from getbill_import.read._grid import RawGrid, grid_column

#: the usual delimiters, the tilde of Mexico's SAT metadata files, the hash of legacy dumps and the dollar of
#: an Indian utility's billing extracts (last: the least common)
DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|", "~", "#", "$")
#: records looked at to sniff the delimiter and size the grid
SNIFF_RECORDS = 60
#: columns read beyond the widest sampled row, so that longer rows are seen, not truncated
EXTRA_COLUMNS = 4
_LINE = "l"


def sniff_delimiter(sample: str, delimiter: str | None = None) -> tuple[str, int]:
    """(delimiter, widest field count in the sample).

    Counts every candidate per record outside quotes over the first records; keeps the
    candidates seen consistently (on at least half as many records as the best one) and picks
    the one splitting records into the most fields.
    """
    counts = _count_outside_quotes(sample, delimiter)
    if delimiter is not None:
        widest = max((c.get(delimiter, 0) for c in counts), default=0) + 1
        return delimiter, widest
    stats: dict[str, tuple[int, int]] = {}
    for cand in DELIMITERS:
        per_record = [c.get(cand, 0) for c in counts if c.get(cand, 0)]
        if not per_record:
            continue
        freq = Counter(per_record)
        mode, support = max(freq.items(), key=lambda kv: (kv[1], kv[0]))
        stats[cand] = (mode, support)
    if not stats:
        return ",", 1
    # a delimiter that only ever ends the records, with nothing after it, separates no values: a
    # comma-separated file saved again by a spreadsheet set to semicolons writes each row in one cell
    # and pads it ("1,John Doe,Lions;;;;;;;")
    padding = {d for d in stats if not any(_inner_count(line, d) for line in _records(sample))}
    if stats.keys() - padding:
        stats = {d: s for d, s in stats.items() if d not in padding}
    best_support = max(s for _, s in stats.values())
    eligible = [d for d in DELIMITERS if d in stats and stats[d][1] * 2 >= best_support]
    chosen = max(eligible, key=lambda d: (stats[d][0], -DELIMITERS.index(d)))
    widest = max((c.get(chosen, 0) for c in counts), default=0) + 1
    return chosen, widest


def _records(sample: str) -> list[str]:
    """The sample's first lines (``SNIFF_RECORDS``), as written."""
    return sample.splitlines()[:SNIFF_RECORDS]


def _inner_count(line: str, delimiter: str) -> int:
    """The ``delimiter``s of a line that have a value after them (outside quotes or not)."""
    return line.rstrip(delimiter + " \t").count(delimiter)


def _count_outside_quotes(sample: str, delimiter: str | None = None) -> list[Counter[str]]:
    """Each record's count of each candidate delimiter (and of ``delimiter``, a forced one)."""
    counted = "".join(DELIMITERS) + (delimiter or "")
    records: list[Counter[str]] = []
    current: Counter[str] = Counter()
    in_quotes = False
    prev = ""
    for ch in sample:
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes:
            if ch in "\r\n":
                if not (ch == "\n" and prev == "\r"):
                    records.append(current)
                    current = Counter()
                    if len(records) >= SNIFF_RECORDS:
                        return records
            elif ch in counted:
                current[ch] += 1
        prev = ch
    if current:
        records.append(current)
    return records


#: the share of a sample's records that must be one cell of values for the file's rows to be unwrapped
WRAPPED_SHARE = 0.9
#: the values a wrapped row holds, at the least
WRAPPED_VALUES = 3


def unwrap_rows(data: bytes, sample: str) -> bytes | None:
    """The rows of a file saved again by a spreadsheet set to another delimiter, when each row of
    values was written whole into one cell (``"#B4959,cuky@lalauna.com,paid,…";``): each cell read
    as the row it holds, quotes undone; None for another file. Read on the sample first, then on
    the whole text only when nearly every sampled record is one such cell."""
    lines = _records(sample)
    # (a wrapped row opens with its quote: most files' rows do not, and are not read further)
    if sum(1 for line in lines if line.startswith('"')) < WRAPPED_SHARE * (len(lines) - 1) / 2:
        return None
    # the rows' commas are all inside their quotes (a file of comma-separated rows has them outside)
    counts = [c for c in _count_outside_quotes(sample) if sum(c.values())]
    if len(counts) < 2 or sum(1 for c in counts if not c.get(",")) < WRAPPED_SHARE * (len(counts) - 1):
        return None
    delimiter = next((d for d in (";", "\t") if sum(1 for c in counts if c.get(d)) >= WRAPPED_SHARE * len(counts)), "")
    if not delimiter:
        return None
    records = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)][:-1]
    cells = [r[0] for r in records if not any(c.strip() for c in r[1:])]
    if len(records) < 2 or len(cells) < WRAPPED_SHARE * len(records):
        return None
    widths = Counter(len(next(csv.reader([c]))) for c in cells)
    width, support = widths.most_common(1)[0]
    if width < WRAPPED_VALUES or support < WRAPPED_SHARE * len(records):
        return None
    rows = (r[0] if r else "" for r in csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))
    return "\n".join(rows).encode("utf-8") + b"\n"


def spaced_quotes(data: bytes, sample: str, delimiter: str) -> bytes | None:
    """The text of a file whose quoted values follow a space after the delimiter (``1111, "Company,
    Inc.", email@domain.com``), the spaces before those quotes taken out so that the quotes are
    read as quotes and the delimiters inside them as part of the value; None for another file. Done
    only when the sample's records are of one width so read, and of several widths otherwise."""
    spaced = rf"(^|{re.escape(delimiter)})[ \t]+(?=\")"
    if not re.search(spaced, sample, flags=re.MULTILINE):
        return None
    records = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
    spaced_records = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter, skipinitialspace=True)
                      if any(c.strip() for c in r)]
    if len(data) > len(sample.encode("utf-8")):
        # (the sample's last record may be cut)
        records, spaced_records = records[:-1], spaced_records[:-1]
    if len(spaced_records) < 2 or len({len(r) for r in spaced_records}) != 1 or len({len(r) for r in records}) == 1:
        return None
    return re.sub(spaced.encode(), rb"\1", data, flags=re.MULTILINE)


def parse_csv(data: bytes, delimiter: str, sample_width: int, *, max_cell_chars: int) -> RawGrid:
    width = max(sample_width, 1) + EXTRA_COLUMNS
    grid = _fast(data, delimiter, width)
    if grid is None:
        grid = _exact(data.decode("utf-8"), delimiter, width, max_cell_chars)
    return grid


def _fast(data: bytes, delimiter: str, width: int) -> RawGrid | None:
    if b"\x00" in data:
        return None
    if b"\r" in data:
        crlf = data.count(b"\r\n")
        if crlf == 0 and b"\n" not in data:
            data = data.replace(b"\r", b"\n")  # classic Mac line ends
        elif data.count(b"\r") != crlf:
            return None  # lone CR next to LF: let the csv module decide, as spreadsheets do
    names = [grid_column(i) for i in range(width)]
    try:
        frame = pl.read_csv(
            data, has_header=False, infer_schema=False, schema=dict.fromkeys(names, pl.String),
            separator=delimiter, missing_columns="insert", extra_columns="ignore",
            truncate_ragged_lines=True, raise_if_empty=False,
        )
        lines = pl.read_csv(
            data, has_header=False, infer_schema=False, schema={_LINE: pl.String}, separator="\x00",
            quote_char=None, missing_columns="insert", extra_columns="ignore",
            truncate_ragged_lines=True, raise_if_empty=False,
        ).get_column(_LINE)
    except pl.exceptions.PolarsError:
        return None
    line_delims = lines.str.count_matches(delimiter, literal=True).fill_null(0).cast(pl.Int64)

    if b'"' not in data:
        if frame.height != lines.len():
            return None
        counts = (line_delims + 1).alias("n")
        return RawGrid(frame, list(range(1, width + 1)), counts, _line_text(lines), _has_replacement(lines))

    line_quotes = lines.str.count_matches('"', literal=True).fill_null(0)
    if frame.height == lines.len() and bool((line_quotes % 2 == 0).all()):
        # No line ends inside quotes, so records are lines, and only lines holding quotes can
        # hide delimiters inside values.
        quoted = line_quotes > 0
        inside = pl.zeros(frame.height, pl.Int64, eager=True)
        if bool(quoted.any()):
            rows = quoted.arg_true()
            inside = inside.scatter(rows, _count_in_values(frame.filter(quoted), names, delimiter))
        counts = (line_delims - inside + 1).alias("n")
        raw_text = _line_text(lines)
    else:
        inside = _count_in_values(frame, names, delimiter)
        breaks = _count_in_values(frame, names, "\n")
        lines_per_record = breaks + 1
        if int(lines_per_record.sum()) != lines.len():
            return None
        record_id = pl.int_range(frame.height, eager=True).repeat_by(lines_per_record).explode()
        record_delims = (
            pl.DataFrame({"r": record_id, "d": line_delims})
            .group_by("r", maintain_order=True)
            .agg(pl.col("d").sum())
            .get_column("d")
        )
        counts = (record_delims - inside + 1).alias("n")
        raw_text = _multiline_text(lines, lines_per_record)
    if b'""' in data:
        # Quoted empty fields ("") arrive as empty strings: the same to users as an empty field.
        holding = frame.select((pl.col(n) == "").any() for n in names).row(0)
        frame = frame.with_columns(
            pl.when(pl.col(n) != "").then(pl.col(n)).alias(n) for n, hit in zip(names, holding, strict=True) if hit
        )
    # A row cut at the grid width may have had quoted delimiters in the dropped fields: recount.
    long_rows = (counts >= width).arg_true().to_list()
    if long_rows:
        values = counts.to_list()
        for i in long_rows:
            records = list(csv.reader(io.StringIO(raw_text(i), newline=""), delimiter=delimiter))
            values[i] = len(records[0]) if records else 0
        counts = pl.Series("n", values, dtype=pl.Int64)
    return RawGrid(frame, list(range(1, width + 1)), counts, raw_text, _has_replacement(lines))


def _has_replacement(lines: pl.Series) -> bool:
    return bool(lines.str.contains("\ufffd", literal=True).any())


def _count_in_values(frame: pl.DataFrame, names: list[str], needle: str) -> pl.Series:
    """Occurrences of ``needle`` inside the values of each row (from quoted fields)."""
    return frame.select(
        pl.sum_horizontal(pl.col(n).str.count_matches(needle, literal=True).fill_null(0) for n in names)
    ).to_series().cast(pl.Int64)


def _line_text(lines: pl.Series) -> Callable[[int], str]:
    def text(i: int) -> str:
        return lines[i] or ""

    return text


def _multiline_text(lines: pl.Series, lines_per_record: pl.Series) -> Callable[[int], str]:
    starts = (lines_per_record.cum_sum() - lines_per_record).to_list()
    spans = lines_per_record.to_list()

    def text(i: int) -> str:
        return "\n".join(v or "" for v in lines.slice(starts[i], spans[i]).to_list())

    return text


def _exact(text: str, delimiter: str, width: int, max_cell_chars: int) -> RawGrid:
    # The csv module's field limit is process-wide: it is only ever raised (never lowered and
    # restored, which would race between threads); the exact cell limit is checked afterwards.
    if csv.field_size_limit() < max_cell_chars:
        csv.field_size_limit(max_cell_chars)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False):
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputFileError(
                f"A cell on line {len(rows) + 1} holds more than {csv.field_size_limit():,} characters. "
                "Check the file: an unclosed quote merges the following lines into one cell."
            ) from None
        raise InputFileError(f"The file cannot be read as delimited text (line {len(rows) + 1}: {exc}).") from None
    columns = {
        grid_column(i): [(r[i] or None) if i < len(r) else None for r in rows] for i in range(width)
    }
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    counts = pl.Series("n", [len(r) for r in rows], dtype=pl.Int64)

    def raw_text(i: int) -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(rows[i])
        return out.getvalue()

    return RawGrid(frame, list(range(1, width + 1)), counts, raw_text, "\ufffd" in text)
