"""Distinct values found and joined back through a hash: exact even when the hash collides."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from getbill_import.validate._distinct import Distinct, expand, scatter_where, written_twice


def lengths(values: pl.DataFrame) -> pl.DataFrame:
    return values.with_columns(pl.col("v").str.len_chars().alias("n"), (pl.col("v") + "!").alias("loud"))


def test_results_come_back_to_every_row_in_order():
    rows = pl.DataFrame({"v": ["bb", "a", None, "bb", "ccc", "a"]})
    distinct = Distinct(rows, ["v"], small=0)
    assert sorted(distinct.values["v"].to_list()) == ["a", "bb", "ccc"]
    positions, exact = distinct.resolve()
    assert exact is None
    back = expand(lengths(distinct.values), positions, ["n", "loud"])
    assert back.to_dict(as_series=False) == {
        "n": [2, 1, None, 2, 3, 1], "loud": ["bb!", "a!", None, "bb!", "ccc!", "a!"]
    }


def test_a_hash_collision_falls_back_to_exact_distinct_values():
    rows = pl.DataFrame({"v": ["ab", "cd", "ab", "xyz", "cd"]})
    # a deliberately poor hash: every value of the same length collides
    distinct = Distinct(rows, ["v"], key_hash=lambda keys: pl.col("v").str.len_bytes().cast(pl.UInt64), small=0)
    assert distinct.values.height == 2
    positions, exact = distinct.resolve()
    assert exact is not None and sorted(exact["v"].to_list()) == ["ab", "cd", "xyz"]
    back = expand(lengths(exact), positions, ["loud"])
    assert back["loud"].to_list() == ["ab!", "cd!", "ab!", "xyz!", "cd!"]


def test_several_key_columns():
    rows = pl.DataFrame({"v": ["0612345678", "0612345678", "0612345678"], "region": ["FR", "BE", "FR"]})
    distinct = Distinct(rows, ["v", "region"], small=0)
    assert distinct.values.height == 2
    results = distinct.values.with_columns((pl.col("region") + ":" + pl.col("v")).alias("key"))
    positions, _ = distinct.resolve()
    assert expand(results, positions, ["key"])["key"].to_list() == ["FR:0612345678", "BE:0612345678", "FR:0612345678"]


def test_few_rows_are_checked_one_by_one_and_come_back_in_order():
    rows = pl.DataFrame({"v": ["bb", "a", None, "bb", "ccc", "a"], "region": ["FR", "FR", "FR", "FR", None, "BE"]})
    distinct = Distinct(rows, ["v", "region"])
    assert distinct.values.rows() == [("bb", "FR"), ("a", "FR"), ("bb", "FR"), ("a", "BE")]
    positions, exact = distinct.resolve()
    assert exact is None
    results = distinct.values.with_columns((pl.col("region") + ":" + pl.col("v")).alias("key"))
    assert expand(results, positions, ["key"])["key"].to_list() == ["FR:bb", "FR:a", None, "FR:bb", None, "BE:a"]


def test_scatter_where_transforms_only_the_chosen_values():
    values = pl.Series(["a  b", "c", None, "d   e"])
    mask = values.str.contains("  ")
    out = scatter_where(values, mask, lambda s: s.str.replace_all(r"\s+", " "))
    assert out.to_list() == ["a b", "c", None, "d e"]
    assert values.to_list() == ["a  b", "c", None, "d   e"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab ", max_size=3)), max_size=40))
def test_written_twice_is_whether_a_value_repeats(values):
    series = pl.Series("v", values, dtype=pl.String)
    expected = [v is not None and values.count(v) > 1 for v in values]
    assert written_twice(series).to_list() == expected


def test_written_twice_is_exact_when_the_hash_collides():
    series = pl.Series("v", ["ab", "cd", "ab", "xyz", None, None])
    # a deliberately poor hash: every value of the same length collides
    found = written_twice(series, hash_of=lambda s: s.str.len_bytes().fill_null(0).cast(pl.UInt64))
    assert found.to_list() == [True, False, True, False, False, False]
