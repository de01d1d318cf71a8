"""Canonical rows given as JSON (the API's debts) through the very validation files go through.

A debt is the public JSON shape (``{"debtor": {"name", …, "address": {…}}, "amount", "currency",
"reference", "due_date", "issue_date", "scenario", "metadata"}``): its dotted field names are
the canonical fields, so flattening it gives the frame ``mapping.apply_mapping`` gives for a
file, and ``validate_frame`` does the rest. Only the JSON's own structure is checked here (an
item that is not an object, a field of the wrong type, a field that does not exist); each such
fault is a row problem like any other, on the item's index.

Parse request bodies with :func:`loads`: numbers keep their exact text (``2340.10`` is never a
binary float), and a number can never be misread as thousands (``1.234`` is one point two
three four, not 1234).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from getbill_import.config import Settings
from getbill_import.fields import CASE_FIELDS, LINE, LINE1_PARTS, MAPPING_TARGETS, METADATA
from getbill_import.problems import ERROR, concat_problems, problems_from_records
from getbill_import.validate import VALID, ValidationResult

#: JSON keys of a debt: the canonical fields (and the name parts), plus ``metadata``; a debt gives
#: its address's line1 whole, not the street apart from its number
DEBT_FIELDS: tuple[str, ...] = tuple(f for f in MAPPING_TARGETS if f not in LINE1_PARTS)
_OBJECTS = {"debtor", "debtor.address"}
#: metadata as JSON text, as ``json.dumps(value, ensure_ascii=False)`` writes it
_METADATA_JSON = json.JSONEncoder(ensure_ascii=False)
#: a string's JSON text as that encoder writes it
_TEXT = json.encoder.encode_basestring
#: a number with more digits than this is not an amount anyone means; it is kept as written
_MAX_NUMBER_CHARS = 40


class JSONNumber(str):
    """A JSON number, kept as the text it was written with."""

    __slots__ = ()


def loads(body: bytes | str) -> Any:
    """``json.loads`` keeping numbers as :class:`JSONNumber` text. Raises ValueError on bad JSON
    (RecursionError is turned into ValueError for absurdly nested documents)."""
    try:
        return json.loads(body, parse_float=JSONNumber, parse_int=JSONNumber, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("the JSON document is nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def number_text(number: str) -> str:
    """A JSON number as amount text no reader can misread: plain digits, and four decimals
    rather than three (``1.234`` → ``1.2340``: a decimal point, never a thousands separator)."""
    if len(number) > _MAX_NUMBER_CHARS:
        return number
    try:
        value = Decimal(number)
    except InvalidOperation:
        return number
    if not value.is_finite() or value.adjusted() > 20:
        return number
    text = format(value, "f")
    _, dot, fraction = text.partition(".")
    if dot and len(fraction) == 3:
        text += "0"
    return text


@dataclass
class PreparedRecords:
    """JSON debts read and validated: ``cases`` as ``ValidationResult.cases`` (LINE is the
    item's index in the list), ``problems`` with the structural faults too."""

    validation: ValidationResult
    problems: pl.DataFrame

    @property
    def cases(self) -> pl.DataFrame:
        return self.validation.cases

    def counts(self) -> dict[str, int]:
        v = self.validation
        return {"rows": v.rows, "valid": v.valid, "invalid": v.invalid, "warnings": v.warnings}


def flatten(items: Sequence[Any]) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """The mapped frame of ``items`` (LINE = index, one String column per canonical field,
    METADATA as JSON text) and the structural problems found.

    Text values of known fields, the bulk of a batch, are taken in a tight loop; anything else
    (numbers, nulls, wrong types, unknown fields, NUL characters) goes through ``_leaf``."""
    columns: dict[str, list[Any]] = {field: [None] * len(items) for field in DEBT_FIELDS}
    nested = {
        prefix: {field[len(prefix) + 1:]: columns[field] for field in DEBT_FIELDS
                 if field.startswith(prefix + ".") and "." not in field[len(prefix) + 1:]}
        for prefix in _OBJECTS
    }
    debtor, address = nested["debtor"], nested["debtor.address"]
    amounts = columns["amount"]
    metadata: list[str | None] = [None] * len(items)
    problems: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(_problem(index, None, _kind(item), "invalid-type", "A debt must be a JSON object."))
            continue
        for key, value in item.items():
            column = columns.get(key)
            if column is not None and type(value) is str and "\x00" not in value:
                column[index] = value
            elif key == "amount" and type(value) is JSONNumber:
                amounts[index] = number_text(value)
            elif key == "debtor" and isinstance(value, dict):
                for inner, text in value.items():
                    column = debtor.get(inner)
                    if column is not None and type(text) is str and "\x00" not in text:
                        column[index] = text
                    elif inner == "address" and isinstance(text, dict):
                        for part, line in text.items():
                            column = address.get(part)
                            if column is not None and type(line) is str and "\x00" not in line:
                                column[index] = line
                            else:
                                _leaf(columns, problems, index, f"debtor.address.{part}", line)
                    else:
                        _leaf(columns, problems, index, f"debtor.{inner}", text)
            elif key == METADATA:
                if value is None:
                    continue
                if isinstance(value, dict):
                    text = metadata_text(value)
                    if "\\u0000" in text:
                        problems.append(_problem(index, key, None, "invalid-text",
                                                 "metadata holds a NUL character, which cannot be kept."))
                        continue
                    metadata[index] = text
                else:
                    problems.append(_problem(index, key, _kind(value), "invalid-type", "metadata must be a JSON object."))
            else:
                _leaf(columns, problems, index, key, value)
    frame = pl.DataFrame(
        {LINE: pl.Series(LINE, range(len(items)), dtype=pl.Int64),
         **{f: pl.Series(f, v, dtype=pl.String) for f, v in columns.items() if any(x is not None for x in v)},
         METADATA: pl.Series(METADATA, [m if m is not None else "{}" for m in metadata], dtype=pl.String)},
    )
    return frame, problems


def _leaf(columns: dict[str, list[Any]], problems: list[dict[str, Any]], index: int, path: str, value: Any) -> None:
    if path in _OBJECTS:
        if value is None:
            return
        if not isinstance(value, dict):
            problems.append(_problem(index, path, _kind(value), "invalid-type", f"{path} must be a JSON object."))
            return
        for key, inner in value.items():
            _leaf(columns, problems, index, f"{path}.{key}", inner)
        return
    if path not in columns:
        known = ", ".join(_known_keys(path))
        problems.append(_problem(
            index, path, None, "unknown-field", f"{path} is not a field of a debt. Known here: {known}."
        ))
        return
    if value is None:
        return
    if isinstance(value, JSONNumber | int | float | Decimal) and not isinstance(value, bool):
        text = value if isinstance(value, JSONNumber) else str(value)
        columns[path][index] = number_text(text) if path == "amount" else str(text)
    elif isinstance(value, str):
        if "\x00" in value:
            problems.append(_problem(index, path, value.replace("\x00", "\\0")[:60], "invalid-text",
                                     f"{path} holds a NUL character, which no text field can keep."))
            return
        columns[path][index] = value
    else:
        problems.append(_problem(index, path, _kind(value), "invalid-type", f"{path} must be a string or a number."))


def metadata_text(value: dict[str, Any]) -> str:
    """The JSON text of a metadata object. An object of plain text values (what ERPs' extra
    columns give) is written directly, in the very form of the encoder's."""
    if all(type(v) is str for v in value.values()):
        return "{" + ", ".join(f"{_TEXT(k)}: {_TEXT(v)}" for k, v in value.items()) + "}"
    return _METADATA_JSON.encode(_plain(value))


def _plain(value: Any) -> Any:
    """A parsed document with its numbers as numbers again."""
    if isinstance(value, JSONNumber):
        try:
            return int(value)
        except ValueError:
            return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _known_keys(path: str) -> list[str]:
    parent = path.rpartition(".")[0]
    depth = parent.count(".") + 1 if parent else 0
    names = {f.split(".")[depth] for f in (*DEBT_FIELDS, METADATA) if f.startswith(parent + ".") or not parent}
    return sorted(names)


def _kind(value: Any) -> str:
    if isinstance(value, JSONNumber):
        return str(value)
    return json.dumps(value)[:60] if not isinstance(value, str) else value[:60]


def _problem(index: int, field: str | None, value: str | None, code: str, message: str) -> dict[str, Any]:
    from getbill_import.validate import SEVERITIES

    return {"line": index, "column": field, "field": field if field in CASE_FIELDS else None, "value": value,
            "code": code, "severity": SEVERITIES[code], "message": message, "suggestion": None}


def prepare_records(items: Sequence[Any], settings: Settings, *, date_order: str | None = None) -> PreparedRecords:
    """Validate JSON debts with the rules files are validated with."""
    frame, structural = flatten(items)
    return validate_flattened(frame, structural, settings, date_order=date_order)


def validate_flattened(
    frame: pl.DataFrame, structural: Sequence[dict[str, Any]], settings: Settings, *, date_order: str | None = None,
) -> PreparedRecords:
    """Validate debts already flattened (``flatten``'s frame and structural problems)."""
    from getbill_import.pipeline import validation_options
    from getbill_import.validate import validate_frame

    columns = {f: f for f in DEBT_FIELDS}
    validation = validate_frame(frame, columns=columns, options=validation_options(settings, date_order))
    if structural:
        found = problems_from_records(structural)
        bad = found.filter(pl.col("severity") == ERROR)["line"].unique()
        # an item that is not an object has that one problem, not one per field it lacks
        not_objects = found.filter(pl.col("column").is_null())["line"]
        kept = validation.problems.filter(~pl.col("line").is_in(not_objects.implode()))
        validation = ValidationResult(
            cases=validation.cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(bad.implode())).alias(VALID)),
            problems=concat_problems([kept, found]),
            notices=validation.notices,
        )
    return PreparedRecords(validation, validation.problems)
