"""Spreadsheet formula-injection escaping (OWASP, CWE-1236) for CSV output.

A value a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab,
carriage return or NUL) is written with a leading apostrophe, so Excel/LibreOffice show it as
text — except a plain number or phone number (``-75.00``, ``+33142567890``, ``+33 1 42 56 78 90``):
digits and number punctuation only, which no spreadsheet can turn into a function call.

Every CSV field that holds a list separator (``,`` ``;`` tab), a quote or a line break is quoted,
whatever the file's own separator: a spreadsheet whose list separator differs (French Excel
splits on ``;``) then never cuts a value into pieces, one of which could start a formula. Such a
spreadsheet reads a whole line as one cell, so the first field of a line gets the apostrophe even
when it is a plain number. Headers get the same treatment as values.

XLSX output needs none of this: its cells are written as strings, never as formulas.
"""

from __future__ import annotations

import re
from typing import IO

import polars as pl

_DANGEROUS_START = r"^[=+\-@\t\r\x00]"
_DANGEROUS_CHARS = frozenset("=+-@\t\r\x00")
#: a number or a phone number: a sign, then digits and number punctuation only
_PLAIN_NUMBER = r"^[+-]?[0-9][0-9 .,()/-]*$"
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)
#: characters that make a CSV field quoted: every common list separator, quotes, line breaks
_QUOTE_IF = r"[,;\t\"\r\n|]"
_QUOTE_IF_CHARS = frozenset(",;\t\"\r\n|")


def escape_expr(expr: pl.Expr, *, numbers: bool = True) -> pl.Expr:
    """Escape a String expression, value by value (plain numbers too unless ``numbers``)."""
    dangerous = expr.str.contains(_DANGEROUS_START)
    if numbers:
        dangerous = dangerous & ~expr.str.contains(_PLAIN_NUMBER)
    return pl.when(dangerous).then(pl.lit("'") + expr).otherwise(expr)


def escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Escape every String column of a frame."""
    return frame.with_columns(
        escape_expr(pl.col(name)).alias(name) for name, dtype in frame.schema.items() if dtype == pl.String
    )


def escape_value(value: object, *, numbers: bool = True) -> object:
    """Escape one cell value (strings only; numbers and dates are written as such)."""
    if isinstance(value, str) and value and value[0] in _DANGEROUS_CHARS and not (
        numbers and _PLAIN_NUMBER_RE.match(value)
    ):
        return "'" + value
    return value


def csv_field(value: object, *, first: bool = False) -> str:
    """One CSV field: escaped, and quoted when it holds a separator, a quote or a line break.
    ``first``: the field starts a line (a plain number there is escaped too)."""
    if value is None:
        return ""
    text = str(escape_value(value if isinstance(value, str) else str(value), numbers=not first))
    if _QUOTE_IF_CHARS.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _quoted_expr(expr: pl.Expr, *, first: bool) -> pl.Expr:
    escaped = escape_expr(expr, numbers=not first)
    return (
        pl.when(escaped.str.contains(_QUOTE_IF))
        .then(pl.lit('"') + escaped.str.replace_all('"', '""', literal=True) + pl.lit('"'))
        .otherwise(escaped)
    )


def write_safe_csv(out: IO[bytes], frame: pl.DataFrame, *, separator: str = ",", bom: bool = True) -> None:
    """Write ``frame`` as CSV: headers and values escaped, every field holding a separator quoted."""
    if bom:
        out.write(b"\xef\xbb\xbf")
    out.write((separator.join(csv_field(name, first=i == 0) for i, name in enumerate(frame.columns)) + "\n")
              .encode("utf-8"))
    if frame.height == 0:
        return
    body = frame.select(
        _quoted_expr(pl.col(name).cast(pl.String), first=i == 0).alias(f"c{i}") for i, name in enumerate(frame.columns)
    )
    body.write_csv(out, separator=separator, include_header=False, quote_style="never")
