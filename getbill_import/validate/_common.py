"""Shared pieces of the validation rules: the run context, text clean-up and the builder of
problem frames."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from getbill_import.fields import LINE
from getbill_import.problems import PROBLEM_COLUMNS, PROBLEM_SCHEMA
from getbill_import.validate._distinct import scatter_where
from getbill_import.validate.codes import SEVERITIES

#: the label a phone number is written after in a cell ("Tel.: ", "Cel: ", "Wpp.: ", "Mobile ")
PHONE_LABEL = (
    r"(?i)^(?:tel|tél|tlf|telefone|telefono|teléfono|telephone|téléphone|phone|fone|cel|cell|celular|mob|mobile|"
    r"portable|gsm|handy|wpp|whatsapp|fax)\.?\s*:?\s*"
)
#: what a cell may hold around a number, date or phone that no reader sees: white space, and the
#: marks right-to-left exports (Arabic, Hebrew, Persian) put around numbers (U+200E, U+200F,
#: U+061C…), zero-width spaces, a byte order mark, and the control characters (a unit separator
#: U+001F, a NUL) some exports leave before a number
INVISIBLE_EDGES = (
    " \t\r\n\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066"
    "\u2067\u2068\u2069\u061c\ufeff"
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
    "\x1e\x1f\x7f"
)

#: the marks a right-to-left export writes around and inside what it writes left to right (after
#: each number of a date: "٣١‏/١‏/٢٠٢٦"), as a pattern
DIRECTION_MARKS = "[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"


#: the digits Arabic and Persian exports write ("۱۴۰۲/۰۵/۱۲", "٢٥٠٠"), and their decimal and
#: thousands marks, as the ASCII ones the readers know
EASTERN_DIGITS = (
    [chr(0x0660 + i) for i in range(10)] + [chr(0x06F0 + i) for i in range(10)] + ["\u066b", "\u066c"]
)
ASCII_DIGITS = [str(i) for i in range(10)] * 2 + [".", ","]


def ascii_digits(expr: pl.Expr) -> pl.Expr:
    """``expr`` with Arabic-Indic and Persian digits (and the Arabic decimal and thousands marks)
    written as ASCII ones."""
    return expr.str.replace_many(EASTERN_DIGITS, ASCII_DIGITS)


if TYPE_CHECKING:
    from getbill_import.validate import ValidationOptions


@dataclass(frozen=True)
class Context:
    """What every rule needs besides the data: how the user named the columns, the sheet, options."""

    columns: Mapping[str, str]
    sheet: str | None
    options: ValidationOptions

    def column(self, field: str | None) -> str | None:
        return self.columns.get(field) if field else None


#: what a spreadsheet's pivot table writes for a blank label, in its languages: no value
PIVOT_BLANKS = ["(blank)", "(en blanco)", "(vacías)", "(vide)", "(leer)", "(vuoto)", "(vazio)", "(em branco)", "(leeg)", "(tom)"]
#: "no value" as a program writes it in a cell: pandas ("nan", "NaT", "<NA>"), Python ("None"),
#: SQL ("NULL"), a spreadsheet's failed lookup ("#N/A"), and "N/A" typed: no value, in every field
NO_VALUE = ["nan", "NaN", "NAN", "NaT", "<NA>", "None", "NULL", "null", "#N/A", "#NULL!", "N/A", "n/a"]
#: a dash alone, in a text field: a placeholder (a postcode "-"); in an amount, a zero
DASHES = ["-", "--", "---", "–", "—"]


def clean_columns(frame: pl.DataFrame, names: list[str] | tuple[str, ...]) -> pl.DataFrame:
    """Several columns trimmed, inner whitespace (non-breaking spaces included) collapsed to one
    space, empty (or a pivot table's blank label) as null; the collapse runs only on the values that
    need it."""
    stripped = frame.select(pl.col(n).str.strip_chars() for n in names)
    crowded = stripped.select(pl.col(n).str.contains(r"\s\s|[^\S ]").fill_null(False) for n in names)
    some = crowded.select(pl.all().any()).row(0)
    if any(some):
        stripped = pl.DataFrame([
            scatter_where(stripped[n], crowded[n], lambda s: s.str.replace_all(r"\s+", " ")) if hit else stripped[n]
            for n, hit in zip(names, some, strict=True)
        ])
    return stripped.select(pl.when((pl.col(n) != "") & ~pl.col(n).is_in(PIVOT_BLANKS + DASHES)).then(pl.col(n)).alias(n) for n in names)


#: lower-case letters Unicode does not decompose into a base letter and a mark ("Płatności",
#: "Søren", "Straße"), with the letters they fold to
UNDECOMPOSED = {
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss",
    # the Arabic and Persian spellings of one letter (yeh, kaf, teh marbuta), and the zero-width
    # non-joiner Persian writes inside words ("باقی‌مانده"), and the tatweel that stretches a word's
    # letters in a title ("الخصــم")
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": "", "\u0640": "",
}


def folded(text: pl.Expr) -> pl.Expr:
    """Columnar folding: lower case, without accents ("Público" → "publico", "Straße" → "strasse")."""
    return (
        text.str.to_lowercase().str.replace_many(list(UNDECOMPOSED), list(UNDECOMPOSED.values()))
        .str.normalize("NFKD").str.replace_all(r"\p{M}", "")
    )


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation turned into single spaces: a key to look names up."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


#: a whole number a data frame wrote as a float, its column having blanks ("2960623488.0")
WHOLE_FLOAT = r"^[0-9]+\.0$"


def problem_frame(
    rows: pl.DataFrame,
    ctx: Context,
    *,
    field: str | None,
    code: str,
    message: pl.Expr | str,
    value: pl.Expr | None = None,
    suggestion: pl.Expr | None = None,
) -> pl.DataFrame:
    """One problem per row of ``rows`` (which holds LINE and whatever the expressions use)."""
    if not rows.height:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    if value is None:
        value = pl.col(field) if field else pl.lit(None, pl.String)
    if any(n > 1 for n in rows.n_chunks("all")):
        # a message formatted from string columns split differently into chunks (a filter's output)
        # panics in polars ("assertion failed: i < self.len()"): one chunk each
        rows = rows.rechunk()
    return rows.select(
        pl.col(LINE).cast(pl.Int64).alias("line"),
        pl.lit(ctx.sheet, pl.String).alias("sheet"),
        pl.lit(ctx.column(field), pl.String).alias("column"),
        pl.lit(field, pl.String).alias("field"),
        value.cast(pl.String).alias("value"),
        pl.lit(code, pl.String).alias("code"),
        pl.lit(SEVERITIES[code], pl.String).alias("severity"),
        (pl.lit(message, pl.String) if isinstance(message, str) else message.cast(pl.String)).alias("message"),
        (suggestion.cast(pl.String) if suggestion is not None else pl.lit(None, pl.String)).alias("suggestion"),
    ).select(PROBLEM_COLUMNS)


def quoted(expr: pl.Expr) -> pl.Expr:
    """``'value'`` for messages (null shows as an empty pair of quotes)."""
    return pl.lit("'") + expr.fill_null("") + pl.lit("'")
