"""Checking each distinct value once and joining the verdicts back to the rows, cheaply.

Distinct values are found and joined back through a 64-bit hash of the key columns (an order of
magnitude faster than hashing strings in a join); the key values are compared after the join, and
in the (astronomically unlikely) event of a hash collision the exact, slower path is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

_HASH = "__hash__"
#: inputs of at most this many rows are checked row by row
SMALL = 64


def scatter_where(series: pl.Series, mask: pl.Series, transform: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``series`` with ``transform`` applied only to the values where ``mask`` is true: for
    expensive fixes that few values need (polars' when/then would compute them for every row)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return series
    indices = mask.arg_true()
    return series.clone().scatter(indices, transform(series.gather(indices)))


def written_twice(values: pl.Series, hash_of: Callable[[pl.Series], pl.Series] = pl.Series.hash) -> pl.Series:
    """Whether each row's value (null: never) is written on another row too. The 64-bit hashes
    (``hash_of``) are sorted to find the few repeated ones, and the values of those rows alone
    compared exactly: a fraction of the cost of counting a million strings by value."""
    hashes = hash_of(values)
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    maybe = (hashes.is_in(repeated.implode()) & values.is_not_null()).fill_null(False)
    rows = maybe.arg_true()
    if not rows.len():
        return maybe
    return maybe.scatter(rows.filter(~values.gather(rows).is_duplicated()), False)


class Distinct:
    """The distinct combinations of ``keys`` in ``rows``: :attr:`values` to check once each, and
    :meth:`resolve` to find each row's combination among them."""

    def __init__(
        self, rows: pl.DataFrame, keys: Sequence[str], key_hash: Callable[[list[str]], pl.Expr] | None = None,
        *, small: int = SMALL,
    ):
        """Inputs of at most ``small`` rows are not deduplicated: :attr:`values` is then every row
        whose keys are all present."""
        self.keys = list(keys)
        self._small = rows.height <= small
        if self._small:
            # few rows: checking each one costs less than finding the distinct ones (each step of
            # the hashing and joining has a fixed cost); a repeated value is then checked twice
            whole = pl.all_horizontal(pl.col(k).is_not_null() for k in self.keys)
            numbered = rows.select(
                *self.keys, pl.when(whole).then(whole.cum_sum() - 1).cast(pl.UInt32).alias("__pos")
            )
            self.values = numbered.filter(pl.col("__pos").is_not_null()).select(self.keys)
            self._positions = numbered["__pos"]
            return
        hashed = key_hash(self.keys) if key_hash else pl.struct(self.keys).hash()
        self.rows = rows.select(self.keys).with_columns(hashed.alias(_HASH))
        present = self.rows.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in self.keys))
        self._hashed = present.unique(_HASH, keep="any")
        #: one row per distinct combination (without nulls); text copied into fresh buffers, as
        #: the picked values otherwise stay scattered over the rows' memory (slow to scan)
        self.values = self._hashed.select(
            (pl.col(k) + "").alias(k) if self.rows.schema[k] == pl.String else pl.col(k) for k in self.keys
        )

    def resolve(self) -> tuple[pl.Series, pl.DataFrame | None]:
        """Each row's position among the distinct values (null where a key is null), and None —
        or, after a hash collision, the exact distinct values the positions refer to instead of
        :attr:`values` (their results must then be computed for those)."""
        if self._small:
            return self._positions, None
        right = self._hashed.select(
            _HASH, *(pl.col(k).alias(f"__key_{k}") for k in self.keys),
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("__pos"),
        )
        joined = self.rows.join(right, on=_HASH, how="left", maintain_order="left")
        matched = joined["__pos"].is_not_null()
        if all(((joined[k] == joined[f"__key_{k}"]).fill_null(False) | ~matched).all() for k in self.keys):
            return joined["__pos"], None
        exact = self.rows.select(self.keys).unique(maintain_order=True).drop_nulls()
        numbered = exact.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("__pos"))
        positions = self.rows.select(self.keys).join(numbered, on=self.keys, how="left", maintain_order="left")
        return positions["__pos"], exact


def expand(results: pl.DataFrame, positions: pl.Series, columns: Sequence[str]) -> pl.DataFrame:
    """``columns`` of the per-value ``results`` brought to the rows given by ``positions``."""
    return pl.DataFrame([results[c].gather(positions) for c in columns])


def rows_with_details(
    verdicts: pl.DataFrame, positions: pl.Series, rows: pl.DataFrame, flag: pl.Expr, value: str,
    details: Sequence[str],
) -> tuple[pl.Series, pl.DataFrame]:
    """Per-distinct-value ``verdicts`` brought back to the rows: every row gets its ``value``
    column, and only the rows whose verdict is ``flag``-ged get the ``details`` (the rows that
    will carry a problem), next to their own ``rows`` columns."""
    flagged = verdicts.select(flag.alias("f"))["f"].gather(positions).fill_null(False)
    detail = expand(verdicts, positions.filter(flagged), details)
    return verdicts[value].gather(positions), pl.concat([rows.filter(flagged), detail], how="horizontal")
