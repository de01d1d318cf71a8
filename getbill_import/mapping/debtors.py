"""The debtors' details from a second file: many open-item exports name each debtor by a customer
number alone (SAP's FBL5N, DATEV, a Sage "Code tiers"), and the names, e-mails, phones and
addresses are in the customer master export beside them.

``join_debtors`` finds the column the two files share by their values (the customer numbers, or
the names), and gives the invoices the debtor fields their own file lacks, row by row. No I/O: the
caller reads and maps both files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from getbill_import.errors import MappingError
from getbill_import.fields import ADDRESS_FIELDS, LINE, LINE1_PARTS, MAPPING_TARGETS
from getbill_import.mapping import ColumnMapping, MappingResult
from getbill_import.mapping.layout import NAME_FIELDS

#: the fields a debtors file gives the invoices
DEBTOR_FIELDS = tuple(f for f in MAPPING_TARGETS if f.startswith("debtor."))
#: what a debtors file gives the invoices that lack it: the debtor's fields, and the currency the
#: customer's account is kept in (Unleashed's, Sage's customer records)
JOINED_FIELDS = (*DEBTOR_FIELDS, "currency")
#: invoice fields whose columns are never the key (amounts, dates, codes of the invoice itself,
#: places several debtors share)
_NOT_KEYS = frozenset({
    "amount", "currency", "due_date", "issue_date", "reference", "scenario", *ADDRESS_FIELDS, *LINE1_PARTS,
})
#: a key's values are written longer than one character on average: "0" and "1" are flags, not
#: debtors; unless there are many of them (customers numbered 1 to 46), or the invoices' header
#: names a party ("client_id")
MIN_KEY_LENGTH = 2
MANY_SHORT_KEYS = 10
#: a debtors file's key holds one row per debtor: at least this share of its values are distinct
KEY_UNIQUE_SHARE = 0.95
#: the key is the pair of columns whose values match for at least this share of the invoices
MIN_MATCH_SHARE = 0.5
#: or, under a header naming a party ("KUNNR", "Customer"), match at least this many debtors (a
#: debtors file that covers some of the customers only: the others are said)
PARTIAL_MATCH_DEBTORS = 10
#: invoice values sampled to find the key
KEY_SAMPLE = 20_000


@dataclass
class DebtorJoin:
    #: the invoices' column and the debtors file's column whose values are the same debtor
    key: str
    debtors_key: str
    #: the debtor fields taken from the debtors file, as columns aligned with the invoice rows
    columns: pl.DataFrame
    #: their mapping entries (the column names of ``columns``)
    mappings: list[ColumnMapping] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: the invoice rows that found their debtor
    matched: int = 0


def _normal(column: pl.Expr) -> pl.Expr:
    """A key value as compared: trimmed, case folded, an all-digit number without its leading
    zeros (SAP writes "0000100023" where another export writes "100023"), a whole number written as
    a decimal one without its zero decimals (a dataframe writes "29114.0" for 29114)."""
    text = column.cast(pl.String).str.strip_chars().str.to_lowercase().str.replace(r"^(\d+)\.0+$", "${1}")
    digits = text.str.contains(r"^\d+$").fill_null(False)
    stripped = text.str.strip_chars_start("0")
    text = pl.when(digits).then(pl.when(stripped == "").then(pl.lit("0")).otherwise(stripped)).otherwise(text)
    return pl.when(text == "").then(None).otherwise(text)


def join_debtors(
    frame: pl.DataFrame, mapping: MappingResult, debtors: pl.DataFrame, debtors_mapping: MappingResult, name: str,
    *, party: Callable[[str], bool] = lambda header: False,
) -> DebtorJoin:
    """The debtor fields of ``debtors`` (read and mapped; ``name`` is its file name, for the
    messages) for each row of ``frame``, joined on the column pair whose values match best;
    ``party`` tells a header that names a party ("Customer", "Kunde"), likelier the key.
    ``mapping`` is updated in place: a key offered "to confirm" as a debtor field is unmapped, and
    its notices about the fields now taken are dropped. Raises MappingError when the debtors file
    maps no debtor field or shares no column's values."""
    # a column blank throughout gives nothing
    offered = {
        f: c for f, c in debtors_mapping.field_columns().items()
        if f in JOINED_FIELDS and c in debtors.columns
        and bool(debtors.get_column(c).cast(pl.String).str.strip_chars().replace("", None).is_not_null().any())
    }
    if not set(offered) & set(DEBTOR_FIELDS):
        raise MappingError(
            f"The debtors file {name} has no column recognised as a debtor's name, e-mail, phone or address: "
            "it cannot give the invoices their debtors.",
            code="debtors-file-unmapped",
        )
    key, debtors_key = _find_key(frame, mapping, debtors, party)
    if not key:
        # a list of balances per debtor numbers each debt by its debtor's number (a college's fees by
        # "roll_no", the students' key in their own file): the reference is the key, when nothing else is
        key, debtors_key = _find_key(frame, mapping, debtors, party, reference=True)
    if not key:
        raise MappingError(
            f"No column of the invoices shares its values with a column of {name}: the debtors file must hold "
            "the customer numbers (or names) the invoices give, one row per debtor.",
            code="debtors-not-joined",
        )
    own = mapping.field_columns()
    # the invoices keep their own columns, except a key only offered "to confirm" as a debtor
    # field (customer numbers under "Customer"): the debtors file says what it stands for
    doubtful = next((c for c in mapping.columns if c.column == key and c.field and c.status == "to_confirm"), None)
    has = {f for f, c in own.items() if doubtful is None or c != key}
    names_given = bool(has & NAME_FIELDS)
    wanted = {
        f: c for f, c in offered.items() if f not in has and not (f in NAME_FIELDS and names_given)
    }
    if not wanted:
        raise MappingError(
            f"The debtors file {name} gives no debtor field the invoices lack (they already have "
            f"{', '.join(sorted(f for f in offered if f in has))}).",
            code="debtors-file-unneeded",
        )
    table = debtors.select(
        _normal(pl.col(debtors_key)).alias("__key__"), *(pl.col(c).cast(pl.String).alias(c) for c in wanted.values())
    ).filter(pl.col("__key__").is_not_null())
    repeated = table.height - table["__key__"].n_unique()
    table = table.unique("__key__", keep="first", maintain_order=True)
    keys = frame.select(pl.col(LINE), _normal(pl.col(key)).alias("__key__"))
    joined = keys.join(table.with_columns(pl.lit(True).alias("__found__")), on="__key__", how="left", maintain_order="left")
    found = joined["__found__"].fill_null(False)
    matched = int(found.sum())
    written = {c: f"{c} ({name})" for c in wanted.values()}
    columns = joined.select(pl.col(c).alias(written[c]) for c in wanted.values())
    by_column = {c.column: c for c in debtors_mapping.columns}
    result = DebtorJoin(key, debtors_key, columns, matched=matched)
    for target, column in wanted.items():
        source = by_column[column]
        result.mappings.append(ColumnMapping(
            written[column], target, source.confidence, source.status,
            f"from {name}: '{column}' of the debtor whose '{debtors_key}' is this row's '{key}' ({source.reason})",
        ))
    if doubtful is not None:
        doubtful.field, doubtful.status = None, "unmapped"
        doubtful.reason = f"the key of the debtors in {name} (their '{debtors_key}')"
    # what the mapping of the invoices alone said of the fields now taken is moot
    mapping.notices[:] = [n for n in mapping.notices if not any(n.startswith(f"{f}: no column") for f in wanted)]
    taken = ", ".join(wanted)
    result.notices.append(
        f"Debtors from {name}: the invoices' '{key}' is its '{debtors_key}'; {matched:,} of {frame.height:,} rows "
        f"found their debtor there, who gives them {taken}."
    )
    missing = frame.select(LINE, pl.col(key).cast(pl.String)).filter(~found)
    if missing.height:
        first_line, first_key = missing.row(0)
        result.notices.append(
            f"{missing.height:,} row(s) have a '{key}' that is not in {name} (first: line {first_line}, "
            f"{first_key!r}): they keep only their own debtor fields."
        )
    if repeated:
        result.notices.append(
            f"{repeated:,} debtor(s) of {name} appear on several rows with one '{debtors_key}': the first row is used."
        )
    return result


def _find_key(
    frame: pl.DataFrame, mapping: MappingResult, debtors: pl.DataFrame, party: Callable[[str], bool],
    *, reference: bool = False,
) -> tuple[str, str]:
    """The invoice column and the debtors column whose values are the same debtors (the debtors
    column holding one row per debtor); empty names when none are: a pair must match half the
    invoice rows (a sample), or, under a header naming a party, many debtors.

    A pair weighs the share of rows it matches, times the logarithm of the distinct debtors it
    matches, twice when the invoices' header names a party, twice again when the two headers are
    the same: a column of payment terms ("30") may
    match a debtors file's row numbers on every row, but with one value and no party in its header,
    where the customer numbers match many debtors under "Customer"."""
    own = {c: f for f, c in mapping.field_columns().items()}
    # a list of balances per debtor numbers its debts by the debtor's own number, set by hand
    # (--set 'tenant id=reference'): that number is the debtor's key too
    invoice_columns = [c for c in frame.columns if c != LINE and (own.get(c) not in _NOT_KEYS or (
        own.get(c) == "reference" and (reference or c in mapping.set_by_hand)))]
    sample = frame.head(KEY_SAMPLE).select(_normal(pl.col(c)).alias(c) for c in invoice_columns)
    best: tuple[float, bool, float] = (0.0, False, 0.0)
    pair = ("", "")
    for debtors_column in debtors.columns:
        if debtors_column == LINE:
            continue
        values = debtors.select(_normal(pl.col(debtors_column)).alias("v")).to_series().drop_nulls()
        if not values.len() or values.n_unique() < KEY_UNIQUE_SHARE * values.len():
            continue
        # the length as written: customers "000001" to "000057" are keys, though read as 1 to 57
        written = debtors[debtors_column].cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
        # (short keys under a header naming a party are its customers all the same: "client_id" 2 to 10)
        short = written.str.len_chars().sum() < MIN_KEY_LENGTH * written.len() and values.n_unique() < MANY_SHORT_KEYS
        known = values.unique().implode()
        for column in invoice_columns:
            cells = sample[column].drop_nulls()
            if not cells.len() or (short and not party(column)):
                continue
            hits = cells.filter(cells.is_in(known))
            share = hits.len() / max(1, sample.height)
            if share < MIN_MATCH_SHARE and not (party(column) and hits.n_unique() >= PARTIAL_MATCH_DEBTORS):
                continue
            same_header = column.strip().lower() == debtors_column.strip().lower()
            # (the debtors' key written under its own header in the invoices, "patient_id" in both, is
            # the join whatever other column counts as many: a plan's number 1 to 400 beside it)
            weight = share * math.log2(1 + hits.n_unique()) * (2 if party(column) else 1) * (2 if same_header else 1)
            if (weight, same_header, share) > best:
                best, pair = (weight, same_header, share), (column, debtors_column)
    return pair
