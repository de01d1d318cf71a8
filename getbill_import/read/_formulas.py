"""The arithmetic of one row a workbook's formula does ("=C2-D2", "=SUM(C2:E2)", "=B5*1.2"), for
the formulas a program wrote without their results: what a spreadsheet would have saved. Only
references to cells of the formula's own row, numbers, the four operations, SUM of a range of
that row, ROUND, ABS, MIN and MAX are read; anything else (another row, another function, a
sheet, text) is no result."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import column_index_from_string

from getbill_import.read._header import column_letter

#: a cell's reference, its column and row ("C2", "$C$2")
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
#: a sum of a range of cells ("SUM(C2:E2)")
_SUM = re.compile(r"SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)")
#: what is left once the references are read: numbers, operations, brackets
_ARITHMETIC = re.compile(r"(?:[\d.\s+\-*/(),]|ROUND|ABS|MIN|MAX)*")
#: how deep a formula's references to other formulas of the row are followed
_DEPTH = 4
#: the longest formula read: a row's arithmetic is short
_LONGEST = 400

_OPERATIONS: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}


def row_formula_result(formula: str, row: int, cells: Sequence[object], depth: int = 0) -> Decimal | None:
    """The result of ``formula`` written on sheet row ``row`` whose cells are ``cells`` (the row's
    values as written, formulas as their text), None when it is not this row's arithmetic or a
    cell it reads holds no number."""
    text = formula.lstrip("=").strip().upper()
    if not text or depth > _DEPTH or len(text) > _LONGEST:
        return None

    def value(letters: str, number: str) -> str | None:
        at = column_index(letters)
        if int(number) != row or at is None or at >= len(cells):
            return None
        cell = cells[at]
        if isinstance(cell, str) and cell.startswith("="):
            found = row_formula_result(cell, row, cells, depth + 1)
        elif isinstance(cell, bool):
            found = None
        elif isinstance(cell, (int, float)):
            found = Decimal(str(cell))
        elif cell is None or (isinstance(cell, str) and not cell.strip()):
            found = Decimal(0)
        else:
            try:
                found = Decimal(str(cell).strip())
            except InvalidOperation:
                found = None
        return None if found is None else f"({found})"

    def total(match: re.Match[str]) -> str:
        start, end = column_index(match.group(1)), column_index(match.group(3))
        if start is None or end is None or match.group(2) != match.group(4) or start > end:
            return "?"
        parts = [value(column_letter(i + 1), match.group(2)) for i in range(start, end + 1)]
        return "?" if any(p is None for p in parts) else "(" + "+".join(str(p) for p in parts) + ")"

    text = _SUM.sub(total, text)
    unread = False

    def cell(match: re.Match[str]) -> str:
        nonlocal unread
        found = value(match.group(1), match.group(2))
        unread = unread or found is None
        return found or "?"

    text = _CELL.sub(cell, text)
    if unread or not _ARITHMETIC.fullmatch(text):
        return None
    try:
        return _evaluate(ast.parse(text, mode="eval").body)
    except (SyntaxError, ArithmeticError, InvalidOperation, ValueError, RecursionError):
        return None


def column_index(letters: str) -> int | None:
    """A column's index from 0 by its letters ("A": 0, "AA": 26); None past a sheet's last column."""
    try:
        return column_index_from_string(letters) - 1
    except ValueError:
        return None


def _evaluate(node: ast.expr) -> Decimal:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords and node.args:
        values = [_evaluate(a) for a in node.args]
        if node.func.id == "ROUND" and len(values) == 2 and values[1] == values[1].to_integral_value():
            # (as a spreadsheet rounds: half away from zero, to a number of decimals, or of tens below 0)
            return values[0].quantize(Decimal(1).scaleb(-int(values[1])), rounding=ROUND_HALF_UP)
        if node.func.id == "ABS" and len(values) == 1:
            return abs(values[0])
        if node.func.id in ("MIN", "MAX"):
            return min(values) if node.func.id == "MIN" else max(values)
        raise ValueError("not arithmetic")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _evaluate(node.operand)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATIONS:
        return _OPERATIONS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic")
