"""Distinct values found and joined back through a hash: exact even when the hash collides."""

import polars as pl

from getbill_import.validate._distinct import Distinct, scatter_where


def lengths(values: pl.DataFrame) -> pl.DataFrame:
    return values.with_columns(pl.col("v").str.len_chars().alias("n"), (pl.col("v") + "!").alias("loud"))


def test_results_come_back_to_every_row_in_order():
    rows = pl.DataFrame({"v": ["bb", "a", None, "bb", "ccc", "a"]})
    distinct = Distinct(rows, ["v"])
    assert sorted(distinct.values["v"].to_list()) == ["a", "bb", "ccc"]
    back = distinct.back(lengths(distinct.values), recompute=lengths)
    assert back.to_dict(as_series=False) == {
        "n": [2, 1, None, 2, 3, 1], "loud": ["bb!", "a!", None, "bb!", "ccc!", "a!"]
    }


def test_a_hash_collision_falls_back_to_exact_distinct_values():
    rows = pl.DataFrame({"v": ["ab", "cd", "ab", "xyz", "cd"]})
    # a deliberately poor hash: every value of the same length collides
    distinct = Distinct(rows, ["v"], key_hash=lambda keys: pl.col("v").str.len_bytes().cast(pl.UInt64))
    assert distinct.values.height == 2
    recomputed = []

    def recompute(values: pl.DataFrame) -> pl.DataFrame:
        recomputed.append(sorted(values["v"].to_list()))
        return lengths(values)

    back = distinct.back(lengths(distinct.values), recompute)
    assert back["loud"].to_list() == ["ab!", "cd!", "ab!", "xyz!", "cd!"]
    assert recomputed == [["ab", "cd", "xyz"]]


def test_several_key_columns():
    rows = pl.DataFrame({"v": ["0612345678", "0612345678", "0612345678"], "region": ["FR", "BE", "FR"]})
    distinct = Distinct(rows, ["v", "region"])
    assert distinct.values.height == 2
    results = distinct.values.with_columns((pl.col("region") + ":" + pl.col("v")).alias("key"))
    back = distinct.back(results, recompute=lambda values: values)
    assert back["key"].to_list() == ["FR:0612345678", "BE:0612345678", "FR:0612345678"]


def test_scatter_where_transforms_only_the_chosen_values():
    values = pl.Series(["a  b", "c", None, "d   e"])
    mask = values.str.contains("  ")
    out = scatter_where(values, mask, lambda s: s.str.replace_all(r"\s+", " "))
    assert out.to_list() == ["a b", "c", None, "d e"]
    assert values.to_list() == ["a  b", "c", None, "d   e"]
