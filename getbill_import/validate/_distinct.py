"""Checking each distinct value once and joining the verdicts back to the rows, cheaply.

Distinct values are found and joined back through a 64-bit hash of the key columns (an order of
magnitude faster than hashing strings in a join); the key values are compared after the join, and
in the (astronomically unlikely) event of a hash collision the exact, slower path is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

_HASH = "__hash__"


def scatter_where(series: pl.Series, mask: pl.Series, transform: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``series`` with ``transform`` applied only to the values where ``mask`` is true: for
    expensive fixes that few values need (polars' when/then would compute them for every row)."""
    mask = mask.fill_null(False)
    if not mask.any():
        return series
    indices = mask.arg_true()
    return series.clone().scatter(indices, transform(series.gather(indices)))


class Distinct:
    """The distinct combinations of ``keys`` in ``rows``: :attr:`values` to check, :meth:`back`
    to bring per-value results back to the rows, in row order."""

    def __init__(self, rows: pl.DataFrame, keys: Sequence[str], key_hash: Callable[[list[str]], pl.Expr] | None = None):
        self.keys = list(keys)
        hashed = key_hash(self.keys) if key_hash else pl.struct(self.keys).hash()
        self.rows = rows.select(self.keys).with_columns(hashed.alias(_HASH))
        present = self.rows.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in self.keys))
        self._hashed = present.unique(_HASH, keep="any")
        #: one row per distinct combination (without nulls); text copied into fresh buffers, as
        #: the picked values otherwise stay scattered over the rows' memory (slow to scan)
        self.values = self._hashed.select(
            (pl.col(k) + "").alias(k) if self.rows.schema[k] == pl.String else pl.col(k) for k in self.keys
        )

    def back(self, results: pl.DataFrame, recompute: Callable[[pl.DataFrame], pl.DataFrame]) -> pl.DataFrame:
        """``results``: :attr:`values`' rows (same order) with result columns. Returns the result
        columns aligned with the rows (null where a key is null). ``recompute(distinct)`` is called
        only after a hash collision, with the exact distinct values, to produce such results."""
        extra = [c for c in results.columns if c not in self.keys]
        right = results.select(extra).with_columns(
            self._hashed[_HASH], *(self._hashed[k].alias(f"__key_{k}") for k in self.keys)
        )
        joined = self.rows.join(right, on=_HASH, how="left", maintain_order="left")
        matched = joined[f"__key_{self.keys[0]}"].is_not_null()
        if all(((joined[k] == joined[f"__key_{k}"]).fill_null(False) | ~matched).all() for k in self.keys):
            return joined.select(extra)
        exact_values = self.rows.select(self.keys).unique().drop_nulls()
        exact = recompute(exact_values)
        return self.rows.select(self.keys).join(exact, on=self.keys, how="left", maintain_order="left").select(extra)
