"""The polars fast path must give exactly what Python's csv module gives, field counts included."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from getbill_import.config import ReadLimits
from getbill_import.errors import InputFileError
from getbill_import.read import read_table
from getbill_import.read._csv import EXTRA_COLUMNS, _exact, _fast

_TOKENS = [*'ab é€;,"\n\t |', "\r\n", "  "]
_FIELD = st.lists(st.sampled_from(_TOKENS), max_size=8).map("".join)
_ROWS = st.lists(st.lists(_FIELD, min_size=0, max_size=6), min_size=1, max_size=12)


def _write(rows: list[list[str]], delimiter: str, eol: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=eol).writerows(rows)
    return out.getvalue().encode("utf-8")


def _non_blank_counts(frame: pl.DataFrame, counts: pl.Series) -> list[int | None]:
    blank = frame.select(pl.all_horizontal(pl.all().is_null())).to_series()
    return [None if b else int(n) for b, n in zip(blank, counts, strict=True)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_ROWS, delimiter=st.sampled_from([";", ",", "\t", "|"]), eol=st.sampled_from(["\n", "\r\n"]))
def test_fast_path_equals_the_csv_module(rows: list[list[str]], delimiter: str, eol: str) -> None:
    data = _write(rows, delimiter, eol)
    width = max(len(r) for r in rows) + EXTRA_COLUMNS
    fast = _fast(data, delimiter, width)
    exact = _exact(data.decode("utf-8"), delimiter, width, 32_767)
    assert fast is not None, "files written by a CSV writer must not need the fallback"
    assert fast.frame.equals(exact.frame)
    assert fast.field_counts is not None and exact.field_counts is not None
    assert _non_blank_counts(fast.frame, fast.field_counts) == _non_blank_counts(exact.frame, exact.field_counts)


@pytest.mark.parametrize(
    "data",
    [
        b'Client;Note\nO"Brian;x\nDupont;y\n',  # quote inside an unquoted field
        b'Client;Note\n"abc"def;x\n',  # text after a closing quote
        b"Client;Note\nA;x\rB;y\nC;z\n",  # a lone CR among LF line ends
    ],
)
def test_files_polars_cannot_represent_exactly_take_the_exact_path(data: bytes) -> None:
    assert _fast(data, ";", 2 + EXTRA_COLUMNS) is None


def test_fast_and_exact_paths_agree_through_read_table(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_bytes(b'Client;Note;Ref\nOBrian;"a;b";F1\nDupont;"x\ny";F2\nDurand;z\n')
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b'Client;Note;Ref\nO"Brian;"a;b";F1\nDupont;"x\ny";F2\nDurand;z\n')
    a, b = read_table(clean), read_table(stray)
    assert a.frame.get_column("Client").to_list() == ["OBrian", "Dupont", "Durand"]
    assert b.frame.get_column("Client").to_list() == ['O"Brian', "Dupont", "Durand"]
    assert a.frame.drop("Client").equals(b.frame.drop("Client"))
    assert a.problems.drop("value").equals(b.problems.drop("value"))
    assert a.problems.select("line", "code").rows() == [(4, "ragged-row")]


def test_exact_path_stops_at_a_cell_above_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "runaway.csv"
    path.write_bytes(b'Client;Note\nA;x\nO"B;"' + b"z" * 500 + b"\n")  # stray quote, then an unclosed one
    with pytest.raises(InputFileError, match="column 'Note' on line 3 holds 501 characters, more than the 200-character"):
        read_table(path, limits=ReadLimits(max_cell_chars=200))
