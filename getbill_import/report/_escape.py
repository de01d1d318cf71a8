"""Spreadsheet formula-injection escaping (OWASP, CWE-1236).

A value a user's spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab,
carriage return or NUL) is written with a leading apostrophe, so Excel/LibreOffice show it as text.
"""

from __future__ import annotations

import polars as pl

_DANGEROUS_START = r"^[=+\-@\t\r\x00]"
_DANGEROUS_CHARS = frozenset("=+-@\t\r\x00")


def escape_expr(expr: pl.Expr) -> pl.Expr:
    """Escape a String expression, value by value."""
    return pl.when(expr.str.contains(_DANGEROUS_START)).then(pl.lit("'") + expr).otherwise(expr)


def escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Escape every String column of a frame."""
    return frame.with_columns(
        escape_expr(pl.col(name)).alias(name) for name, dtype in frame.schema.items() if dtype == pl.String
    )


def escape_value(value: object) -> object:
    """Escape one cell value (strings only; numbers and dates are written as such)."""
    if isinstance(value, str) and value and value[0] in _DANGEROUS_CHARS:
        return "'" + value
    return value
