"""Mapping helpers for the reader's choices and for report layouts.

- ``rate_layout``: how completely a candidate table (a sheet, a header row) maps, for the reader
  to keep the best one (``read_table(layout_score=...)``);
- ``use_group_labels``: in a grouped report without a name column, each group's label row names
  the debtor of the group's invoices;
- ``item_lines``: in an export with a row per line item, the rows that only continue the invoice
  above them, and the lines whose amounts add up to the invoice's;
- ``rows_kept``: the rows a profile's row rules keep (a journal's open customer debits);
- ``journal_rules``: the row rules of an accounting journal exported without a profile;
- ``ledger_rows``: a journal read as a ledger, its postings on each invoice netted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from getbill_import.fields import LINE, REQUIRED_FIELDS
from getbill_import.mapping import ColumnMapping, MappingResult
from getbill_import.mapping.profiles import RowRule
from getbill_import.validate import INVOICE, SIGN, no_lines
from getbill_import.validate._distinct import written_twice
from getbill_import.validate.amounts import DASH_ZERO
from getbill_import.validate.rules import ROUNDED_NUMBER

#: the column name under which the group labels of a report layout are mapped
GROUP_COLUMN = "(group label)"
#: and the one under which a title line's debtor is ("Customer: ACME Ltd" above the header)
TITLE_COLUMN = "(title)"
NAME_FIELDS = frozenset({"debtor.name", "debtor.first_name", "debtor.last_name", "debtor.second_last_name", "debtor.company"})


#: what a mapped due date adds to a layout's rating: less than a required field, more than the
#: confidence of the columns' names
DUE_DATE_WEIGHT = 0.2
#: the role of a reference term naming the rows' own numbers ("Lp.", "Sr. No", "Zeile")
ROW_NUMBER_ROLE = "row number"
#: what an amount that is a balance adds: less than the due date, more than the confidence of the names
BALANCE_WEIGHT = 0.1


def rate_layout(
    frame: pl.DataFrame,
    *,
    mappings_dir: Path | str | None = None,
    profiles_dirs: Sequence[Path | str] | None = None,
    learned_dir: Path | str | None = None,
) -> tuple[float, str]:
    """``(score, summary)``: required fields found (a mapped one counts 1, one only to confirm ½), then the due
    date, then the mean confidence of the mapped columns, then how many fields are mapped. The summary
    names the required fields found and the columns mapped, those only to confirm included and said."""
    from getbill_import.mapping.columns import map_columns

    result = map_columns(frame, mappings_dir=mappings_dir, profiles_dirs=profiles_dirs, learned_dir=learned_dir)
    status: dict[str, str] = {}
    amounts = any(c.field == "amount" and c.status != "unmapped" for c in result.columns)
    for col in result.columns:
        if col.field == "reference" and col.status == "to_confirm" and col.role == ROW_NUMBER_ROLE and not amounts:
            # the rows' own numbers ("Lp.", "Zeile"), which any list has, find no invoice's number where
            # nothing is owed: a change log numbered by its source rows is no better a table than the
            # customer list beside it
            continue
        if col.field and col.status != "unmapped":
            field = "debtor.name" if col.field in NAME_FIELDS else col.field
            if status.get(field) != "mapped":
                status[field] = col.status
    found = sum(1.0 if status.get(f) == "mapped" else 0.5 if f in status else 0.0 for f in REQUIRED_FIELDS)
    mapped = [c for c in result.columns if c.status == "mapped" and c.field]
    confidence = sum(c.confidence for c in mapped) / len(mapped) if mapped else 0.0
    # the due date, which follow-ups count from, over a better-named copy of the same invoices without it
    dated = status.get("due_date") == "mapped"
    # what is left to pay over the invoice's total: of a workbook's invoices and their lines, the sheet
    # whose amount is the balance ("Montant restant (TTC)" beside "Total TTC")
    left = any(c.field == "amount" and c.status != "unmapped" and c.role in BALANCE_ROLES for c in result.columns)
    score = found + DUE_DATE_WEIGHT * dated + BALANCE_WEIGHT * left + 0.1 * confidence + 0.01 * len(mapped)
    # what the table maps, as the mapping shows it: a field only to confirm is found, and said so
    have = [f + ("" if status[f] == "mapped" else " to confirm") for f in REQUIRED_FIELDS if f in status]
    confirm = sum(1 for c in result.columns if c.status == "to_confirm" and c.field)
    summary = (
        f"{len(have)} of {len(REQUIRED_FIELDS)} required fields"
        + (f" ({', '.join(have)})" if have else "")
        + (", the due date" if dated else "")
        + (", the balance left to pay" if left else "")
        + f", {len(mapped) + confirm} column(s) mapped"
        + (f" ({confirm} to confirm)" if confirm else "")
    )
    return round(score, 4), summary


#: the reason of a column offered for a field by its values alone, no header naming it
_OFFERED_BY_VALUES = "no column reached the confirm level: values: "


#: a document's number: an invoice's, a credit note's, a bill's prefix and its running number ("INV-0006",
#: "CN-0025", "FAC/2026/12"; a customer's code, "C00123", "3000", is none)
_DOCUMENT_NUMBER = r"(?i)^(?:inv|invoice|cn|crn|dn|si|bill|fac|fact|fa|re|rg|nc|nd|fv|ft)[-/. ]?(?:\d{2,4}[-/.])?\d+$"
#: the share of a report's distinct group labels written as documents' numbers ("INV-0006", "CN-0025")
#: for them to name no debtor
NUMBERED_LABELS_SHARE = 0.9


def use_group_labels(mapping: MappingResult, labels: pl.Series | None = None) -> bool:
    """When no column names the debtor, the report's group labels do: the mapping gains the
    ``GROUP_COLUMN`` pseudo-column as ``debtor.name`` (with a notice), and a column offered for the
    name by its values alone (QuickBooks' "Term": "Upon Receipt") is left as metadata. Labels written
    as documents' numbers ("INV-0006", "CN-0025": Xero's invoice detail, grouped by invoice) name
    no debtor. Returns whether it did."""
    if any(c.field in NAME_FIELDS and c.status != "unmapped" and _OFFERED_BY_VALUES not in c.reason
           for c in mapping.columns):
        return False
    if labels is not None and (written := labels.drop_nulls().cast(pl.String).str.strip_chars().unique()).len():
        numbered = written.str.contains(_DOCUMENT_NUMBER).sum()
        if numbered >= NUMBERED_LABELS_SHARE * written.len():
            mapping.notices.append(
                "debtor.name: the label above each group of rows is a document's number "
                f"({', '.join(repr(v) for v in written.sort().head(2).to_list())}), not a debtor's name."
            )
            return False
    withdraw_name_offers(mapping, "not the debtor: each group's label row names the debtor of its invoices")
    mapping.columns.append(
        ColumnMapping(
            GROUP_COLUMN, "debtor.name", 1.0, "mapped",
            "the label row above each group of invoices (report layout)",
        )
    )
    mapping.notices.append(
        "debtor.name: no column names the debtor; each invoice takes the label of the group it sits "
        "in (the row above the group, closed by its total row)."
    )
    return True


def names_the_debtor(mapping: MappingResult) -> bool:
    """Whether a column is confidently the debtor's name (mapped, not only offered to confirm)."""
    return any(c.field in NAME_FIELDS and c.status == "mapped" for c in mapping.columns)


def withdraw_name_offers(mapping: MappingResult, reason: str) -> None:
    """The columns only offered "to confirm" as the debtor's name are left as metadata (``reason``
    says why), and the mapper's notice offering them is withdrawn."""
    offered = {c.field for c in mapping.columns if c.field in NAME_FIELDS}
    mapping.notices[:] = [n for n in mapping.notices if not any(n.startswith(f"{f}: no column") for f in offered)]
    for i, col in enumerate(mapping.columns):
        if col.field in NAME_FIELDS:
            mapping.columns[i] = ColumnMapping(col.column, None, col.confidence, "unmapped", reason)


def use_title_debtor(mapping: MappingResult, line: int, text: str, name: str) -> bool:
    """When no column confidently names the debtor, the title line that does ("Customer: ACME Ltd")
    names every row's: the mapping gains the ``TITLE_COLUMN`` pseudo-column as ``debtor.name``, a
    column only offered for the name is left as metadata, and a notice says so. Returns whether it did."""
    if names_the_debtor(mapping):
        return False
    withdraw_name_offers(mapping, f"not the debtor: line {line} names the file's one debtor")
    mapping.columns.append(ColumnMapping(TITLE_COLUMN, "debtor.name", 1.0, "mapped", f"title line {line}: '{text[:80]}'"))
    mapping.notices.append(
        f"debtor.name: no column names the debtor; line {line} above the header names the file's one debtor "
        f"('{text.strip()[:80]}'): every row is {name}'s."
    )
    return True


def use_sheet_debtor(mapping: MappingResult, sheet: str, kinds: str) -> None:
    """A workbook of one account's ledger, no column naming its debtor, whose sheet is named for the
    account (Tally's ledger of "JBM ELECTRIC VEHICLES PVT LTD": its vouchers' contra accounts under
    "Particulars"): the mapping gains the ``TITLE_COLUMN`` pseudo-column as ``debtor.name`` (any
    group label's or offered column's name withdrawn), said."""
    withdraw_name_offers(mapping, f"not the debtor: the sheet's name, '{sheet}', names the ledger's one account")
    mapping.columns[:] = [c for c in mapping.columns if c.column != GROUP_COLUMN]
    mapping.columns.append(ColumnMapping(TITLE_COLUMN, "debtor.name", 1.0, "mapped", f"the sheet's name: '{sheet[:80]}'"))
    mapping.notices.append(
        f"debtor.name: no column names the debtor; the file is one account's ledger (its vouchers' kinds in '{kinds}'), "
        f"and its sheet is named for the account: every row is {sheet}'s."
    )


#: a title line's value that is a date or a number, or a customer's code alone ("C00123"), names no debtor
_NOT_A_NAME = re.compile(r"^[\W\d_]*$|^[A-Za-z]{0,3}[\d\-/.]+$")


#: the words a statement's title writes between its label and its debtor ("Estado de cuenta de")
_STATEMENT_JOINS = r"(?:[-–:|]\s*)?(?:(?:of|for|de|del|du|des|di|do|da|von|fur|van|client|cliente|customer)\s+)*"


def _statement_debtor(cell: str, folded: str, statements: Sequence[str]) -> str:
    """The debtor a statement's title names after its label, without a colon ("ESTADO DE CUENTA
    FARMIRAL": FARMIRAL); "" when the rest of the cell is no name (a date, a period)."""
    label = next((w for w in statements if folded.startswith(w + " ")), None)
    if label is None:
        return ""
    words = len(label.split())
    rest = " ".join(cell.split()[words:])
    name = re.sub(rf"^{_STATEMENT_JOINS}", "", rest, flags=re.IGNORECASE).strip(" -–:|")
    # (a date or a period: "as at …", "al cierre"; a name may start with "Al", "Al Futtaim Motors")
    return "" if re.search(r"\d", name) or re.match(_NOT_A_STATEMENTS_DEBTOR, name) else name


_NOT_A_STATEMENTS_DEBTOR = re.compile(
    r"(?i)(?:as|per|from|period|periodo|periode)\b|(?:al|au|du)\s+(?:cierre|corte|dia|día|fecha|mes|jour|mois)\b")


def title_debtor(
    lines: Sequence[tuple[int, str]], separator: str, labels: Sequence[str], everyone: frozenset[str],
    statements: Sequence[str] = (), ledgers: frozenset[str] = frozenset(),
) -> tuple[int, str, str] | None:
    """The debtor a title line above the header names ("Customer: ACME Ltd", "Client ; Dupont SARL";
    ``labels`` folded, longest first), as ``(line, text, name)``; None when no line does, when lines
    name several, or when the line names all the customers ("Customer: All"). A label is followed by
    a colon, or fills its cell on a line of two cells; the name is the rest of its cell, else the
    next cell. A statement's title names its debtor after its label with no colon (``statements``:
    "ESTADO DE CUENTA FARMIRAL"); a ledger of one party's account, on the line above its title
    (``ledgers``: "Pratha Constructions" above "Ledger Account", Tally's)."""
    from getbill_import.mapping.normalize import fold

    found: dict[str, tuple[int, str, str]] = {}
    above: tuple[int, str, str] | None = None
    for number, text in lines:
        cells = [c.strip() for c in text.split(separator)]
        filled = [c for c in cells if c]
        if len(filled) == 1 and fold(filled[0]).strip(" .:") in ledgers and above is not None \
                and above[0] == number - 1:
            # Tally's "Ledger Account" under the name of the account's party, its one debtor
            found.setdefault(fold(above[2]), above)
            break
        above = (number, text, filled[0]) if len(filled) == 1 and len(re.findall(r"[^\W\d_]", filled[0])) >= 3 \
            and not _NOT_A_NAME.match(filled[0]) else None
        for i, cell in enumerate(cells):
            folded = fold(cell)
            if (name := _statement_debtor(cell, folded, statements)) and len(re.findall(r"[^\W\d_]", name)) >= 3 \
                    and fold(name).strip(" .") not in everyone:
                found.setdefault(fold(name), (number, text, name))
                break
            label = next((w for w in labels if folded.startswith(w)), None)
            if label is None:
                continue
            rest = folded[len(label):].lstrip()
            colon = rest[:1] in (":", "：")
            if not colon and (rest or len(filled) != 2):
                continue
            name = cell.split(":", 1)[1] if ":" in cell else cell.split("：", 1)[1] if "：" in cell else ""
            name = re.split(r"\s{3,}|\t", name.strip())[0].strip()
            if not name:
                name = next((c for c in cells[i + 1:] if c), "")
            if (len(re.findall(r"[^\W\d_]", name)) < 3 or _NOT_A_NAME.match(name)
                    or fold(name).strip(" .") in everyone):
                continue
            found.setdefault(fold(name), (number, text, name))
            break
    return next(iter(found.values())) if len(found) == 1 else None


_NO_LINES = pl.Series(LINE, [], dtype=pl.Int64)

#: share of a column's sampled values that are statuses for the column to be a status column
STATUS_COLUMN_SHARE = 0.5


#: share of a paid header's sampled values that are dates for each date to say "paid on"
PAID_DATES_SHARE = 0.9


@dataclass(frozen=True)
class ClosedRows:
    """The rows whose status says the invoice is not owed (``closed``), why for each ("paid",
    "cancelled", "draft"; null on the others) and, for each column saying so, its values that
    close an invoice (a few, for the notice)."""

    closed: pl.Series
    why: pl.Series
    said: dict[str, list[str]]
    #: what closes each row: "'Statut': 'Payée'" (the first column saying so); null on the others
    cells: pl.Series
    #: the date each row was paid, as written under a paid header over dates ("Payée le"); null
    #: on the others
    paid_on: pl.Series
    #: the rows a status says paid whose balance still leaves part of their total to pay (kept)
    part_paid: pl.Series
    #: the columns under a paid date's header not read as dates of payment, as their dates fall
    #: before the document's own on many rows (``paid_before_the_document``): that date's column,
    #: the rows before it and the rows both give
    unread: dict[str, tuple[str, int, int]]


_NUMBERED = re.compile(r"^(.*\D)\s*\d{1,2}$")
#: the name the reader gives a column with no header
_UNNAMED = re.compile(r"Column \d+")


def numbered_series(headers: list[str]) -> frozenset[str]:
    """The headers of columns that repeat one header with a number each ("Estado cuota 1",
    "Estado cuota 2"…): a row's instalments or items, side by side."""
    bases: dict[str, list[str]] = {}
    for header in headers:
        if _UNNAMED.fullmatch(header):
            # the reader's name of a column with no header ("Column 7"): no series
            continue
        if (found := _NUMBERED.match(header.strip())) is not None:
            bases.setdefault(found.group(1).strip().casefold(), []).append(header)
    return frozenset(h for group in bases.values() if len(group) >= 2 for h in group)


#: the share of a column's written cells that are amounts for its words to be one fee's state
_FEE_AMOUNTS_SHARE = 0.2


def _fee_or_its_state(column: pl.Series) -> bool:
    """Whether a column writes amounts on some rows and words on others (a school's "0_Matrícula":
    20, 10, "pagado", "no corresponde"): a fee's amount while it is owed, its state once it is not."""
    written = column.str.strip_chars().replace("", None).drop_nulls()
    if not written.len():
        return False
    amounts = int(written.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False).is_not_null().sum())
    return _FEE_AMOUNTS_SHARE * written.len() <= amounts < written.len()


def closed_status_rows(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> ClosedRows:
    """The rows whose status says the invoice is not owed (paid, settled, cancelled, a draft), by
    the columns left unmapped whose values are mostly statuses ("Statut": Payée, Impayée, En
    retard) or that are a paid flag ("Payée": Oui/Non, ``paid_flags``) or a paid header over
    dates ("Payée le"). A flag or a date says paid; a status says cancelled or draft by its words
    (``cancelled_status_words``, ``draft_status_words``), else paid."""
    from getbill_import.mapping.values import (
        cancelled_date_header,
        cancelled_stages,
        closed_statuses,
        flag_polarity,
        header_says,
        names_a_status,
        names_another_standing,
        not_owed_codes,
        paid_flags,
        profile_values,
        sample_column,
        state_flag,
    )
    from getbill_import.validate.dates import read_dates

    closed = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("")
    cancelled = draft = closed
    said: dict[str, list[str]] = {}
    unread: dict[str, tuple[str, int, int]] = {}
    if mapping.ledger is not None or not frame.height:
        nothing = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias("")
        return ClosedRows(closed, nothing, said, nothing, nothing, closed, unread)
    from getbill_import.mapping.columns import PERIOD_IGNORED

    cells: list[pl.Series] = []
    paid_on = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias("")
    series = numbered_series(frame.columns)
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in frame.columns or col.reason.startswith(PERIOD_IGNORED):
            # a month's column of dues ("Jan 2014": paid) says nothing of the rest of the row
            continue
        if col.column in mapping.set_by_hand:
            # the user set it aside (--set 'COLUMN=ignore'): it says nothing of the rows
            continue
        if col.column in series:
            # the status of one instalment of several ("Estado cuota 3": scheduled) is not the order's
            continue
        if header_says(col.column, "sending_headers", mappings_dir) and any(
                c is not col and c.status == "unmapped" and c.column in frame.columns and names_a_status(c.column, mappings_dir)
                for c in mapping.columns):
            # whether the invoice was sent by e-mail ("Sent": Unsent, Xero's), beside its status
            # ("Status": Awaiting Payment): the status tells whether it is owed
            continue
        column = frame.get_column(col.column).cast(pl.String)
        if _fee_or_its_state(column) and not names_a_status(col.column, mappings_dir):
            # one fee's column of several ("0_Matrícula": 20, or "pagado"): its amount while owed, its state once
            # paid, which says nothing of the row's other fees
            continue
        coded = not_owed_codes(column, col.column, mappings_dir)
        if coded is not None and not coded.any():
            # SAP's codes under a header any export may use ("Document Status": unsent, sent…)
            coded = None
        polarity = None if coded is not None else flag_polarity(col.column, mappings_dir)
        here = coded if coded is not None else None if polarity is None else paid_flags(column, polarity, mappings_dir)
        if coded is not None:
            # SAP's noted items, down-payment requests: requested, not billed
            draft = draft | coded
        if here is None and ((polarity and flag_polarity(col.column, mappings_dir, dated=True))
                             or paid_by_payment_date(column, col.column, mapping, mappings_dir, frame)):
            # "Payée le": the date each invoice was paid
            dated = profile_values(sample_column(frame.get_column(col.column)), mappings_dir)
            reads = bool(dated.count and dated.share("date") >= PAID_DATES_SHARE) or _compact_dates(column)
            if reads and (early := paid_before_the_document(column, col.column, frame, mapping, mappings_dir)) is not None:
                # a "clearing date" before the document's own date on many rows: a forecast, no payment
                unread[col.column] = early
            elif reads:
                # a date that reads: "no date" written as one ("9999-09-09", "00/00/0000") is none
                here = read_dates(column)[0].is_not_null() & ~_balance_left(frame, mapping, mappings_dir) \
                    & ~_paid_short(frame, mapping, mappings_dir) & ~_balance_nothing_paid(frame, mapping, mappings_dir) \
                    & ~frame.get_column(LINE).is_in(partly_paid_rows(frame, mapping, mappings_dir)[0].implode())
                paid_on = pl.DataFrame({"a": paid_on, "b": column.str.strip_chars(), "h": here}).select(
                    pl.coalesce("a", pl.when("h").then("b"))
                ).to_series()
        if here is None and (state := state_flag(col.column, mappings_dir)) is not None:
            # "Submitted": 0, a draft; "Cancelled": 1 (a column of anything but yes or no is read on)
            here = paid_flags(column, state == "cancelled", mappings_dir)
            if here is not None and state == "draft":
                draft = draft | here
            elif here is not None:
                cancelled = cancelled | here
        if here is None and cancelled_date_header(col.column, mappings_dir):
            # "Cancelled at": a row with a date is cancelled
            # (read as the validation reads dates: "2023-04-11 13:09:29 -0700" too)
            written = column.str.strip_chars().replace("", None).is_not_null()
            here = read_dates(column)[0].is_not_null()
            if not written.any() or int(here.sum()) < PAID_DATES_SHARE * int(written.sum()):
                continue
            cancelled = cancelled | here
        if here is None and names_another_standing(col.column, mappings_dir):
            # "condicion_frente_iva": Exento, the customer's standing before the VAT, no invoice's
            continue
        if here is None and not holds_statuses(frame.get_column(col.column), mappings_dir):
            # a workflow's stages ("Waiting for materials", "Permit"), one of which cancels the job
            # ("Cancelled/Postponed"): that one only says the invoice is not owed
            if not names_a_status(col.column, mappings_dir):
                continue
            stages = cancelled_stages(column, mappings_dir)
            # (a status column mostly of words the tool does not know, a sales CRM's "PACKED", "COD":
            # those it knows, "PAID", say the row's state all the same)
            known = closed_statuses(column, mappings_dir)
            here = stages | known
            cancelled = cancelled | stages | (known & closed_statuses(column, mappings_dir, "cancelled"))
            draft = draft | (known & closed_statuses(column, mappings_dir, "draft"))
        elif here is None:
            here = closed_statuses(column, mappings_dir)
            cancelled = cancelled | (here & closed_statuses(column, mappings_dir, "cancelled"))
            draft = draft | (here & closed_statuses(column, mappings_dir, "draft"))
        if here.any():
            closed = closed | here
            said[col.column] = column.filter(here).str.strip_chars().unique(maintain_order=True).head(4).to_list()
            cells.append(pl.DataFrame({"v": column, "h": here}).select(
                pl.when("h").then(pl.format("'{}': '{}'", pl.lit(col.column), pl.col("v").str.strip_chars()))
                .alias(f"c{len(cells)}")
            ).to_series())
    # an online order not yet shipped whose payment is due on delivery (cash on delivery) owes nothing yet
    undelivered = _unshipped_to_pay_on_delivery(frame, mapping, mappings_dir)
    if undelivered is not None:
        rows, told, shown = undelivered
        fresh = rows & ~closed
        closed, draft = closed | fresh, draft | fresh
        said.update({c: [v] for c, v in told.items()})
        cells.append(pl.select(pl.when(pl.lit(fresh)).then(pl.lit(shown))).to_series())
    # a status says paid, but the balance beside the invoice's total still leaves part of it to pay
    # (a Shopify order "paid" with its "Outstanding Balance"), where the balances of most rows said
    # paid are nothing: the balance follows the payments, and is owed
    paid = closed & ~cancelled & ~draft
    part_paid = paid & _balance_left(frame, mapping, mappings_dir) if paid.any() else paid
    if int(part_paid.sum()) * 2 > int(paid.sum()):
        # most rows said paid keep a balance: it is not kept up (a lender's loans "is_cleared")
        part_paid = paid & False
    closed = closed & ~part_paid
    why = pl.DataFrame({"closed": closed, "cancelled": cancelled, "draft": draft}).select(
        pl.when("cancelled").then(pl.lit("cancelled")).when("draft").then(pl.lit("draft"))
        .when("closed").then(pl.lit("paid")).otherwise(None).alias("why")
    ).to_series()
    cell = pl.DataFrame(cells).select(pl.coalesce(pl.all())).to_series() if cells else why.clear(frame.height)
    return ClosedRows(closed, why, said, cell, paid_on, part_paid, unread)


def _unshipped_to_pay_on_delivery(
    frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str,
) -> tuple[pl.Series, dict[str, str], str] | None:
    """The orders a shop has not shipped ("Fulfillment Status": unfulfilled) that are paid on
    delivery ("Payment Method": Cash on Delivery (COD)) or not paid at all ("Financial Status":
    pending): nothing is owed before the goods are sent. Returns the rows, the columns and values
    that say so, and how a row's cell says it; None when no column says it."""
    from getbill_import.mapping.values import (
        header_says,
        payment_on_delivery,
        payment_pending,
        unshipped_orders,
    )

    unmapped = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in frame.columns
                and c.column not in mapping.set_by_hand]

    def first(says: Callable[[pl.Series, Path | str], pl.Series], words: str | None = None,
              but: tuple[str, ...] = ()) -> tuple[str, pl.Series] | None:
        """The first column (of those whose header holds one of ``words``) some of whose values ``says``."""
        for column in unmapped:
            if (column not in but and (words is None or header_says(column, words, mappings_dir))
                    and (rows := says(frame.get_column(column), mappings_dir)).any()):
                return column, rows
        return None

    shipping = first(unshipped_orders, "shipping_status_words")
    if shipping is None:
        return None
    on_delivery = first(payment_on_delivery, but=(shipping[0],))
    pending = first(payment_pending, "financial_status_words", but=(shipping[0],))
    payment = [found for found in (on_delivery, pending) if found is not None]
    if not payment:
        return None
    rows = shipping[1] & pl.select(pl.any_horizontal(pl.lit(p[1]) for p in payment)).to_series()
    if (due := mapping.field_columns().get("due_date")) in frame.columns:
        # an invoice given a day to pay it by ("Fälligkeitsdatum" beside a shop's "pending", "unfulfilled")
        # is billed, whether or not its goods are sent
        rows = rows & frame.get_column(str(due)).cast(pl.String).str.strip_chars().replace("", None).is_null()
    if not rows.any():
        return None
    kept = frame.filter(rows)
    told = {c: str(kept[c][0]).strip() for c, _ in (shipping, payment[0])}
    return rows, told, ", ".join(f"'{c}': '{v}'" for c, v in told.items())


def _paid_short(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> pl.Series:
    """The rows whose amount paid (a column of what was paid, beside the invoice's total) is less
    than the total: paid in part, so that a date of payment written on them is a part payment's
    (a disputed invoice, 10,032 paid of 17,713), not the invoice's settling. All false otherwise."""
    from getbill_import.mapping.columns import plain_number

    amount = mapping.field_columns().get("amount")
    paid = paid_columns(frame, mapping, mappings_dir)
    if amount not in frame.columns or not paid:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("")
    from getbill_import.mapping.values import header_says

    # a discount granted when paying settles the rest ("Desconto": 800 of 20,026.30)
    granted = [c for c in frame.columns if c not in paid and c != amount and c in {m.column for m in mapping.columns}
               and header_says(c, "discount_words", mappings_dir)]
    total = plain_number(pl.col(amount))
    given = pl.sum_horizontal(plain_number(pl.col(c)).fill_null(0) for c in [*paid, *granted])
    return frame.select(((given < total) & (total > 0)).fill_null(False)).to_series()


def total_beside_balance(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> str | None:
    """When the amount is a balance, the column of the invoice's total it won the amount over
    ("Bill amount" behind "Outstanding"): the one that names a total first ("total_amount" before a
    loan's "amount", its principal); None otherwise."""
    amount = mapping.field_columns().get("amount")
    if amount not in frame.columns or not is_balance(amount, mapping, mappings_dir):
        return None
    assert amount is not None
    from getbill_import.mapping.columns import total_before_payments

    # (or one its header calls a balance that its values show is the balance and the payments together:
    # "Total Due" beside "Balance" and "Total Paid")
    # (a part of the bill, a patient's share, is no total)
    totals = [(c, m) for c, m in mapping.runners_up(amount, "amount", mappings_dir)
              if c in frame.columns and m.role not in SHARE_ROLES
              and (m.role not in BALANCE_ROLES or total_before_payments(mapping.notices, c, amount))]
    return max(totals, key=lambda cm: cm[1].rank)[0] if totals else None


def _balance_left(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> pl.Series:
    """The rows whose amount, a balance, leaves something to pay and is less than the invoice's
    total beside it (the column the balance won the amount over): paid in part, so that a date of
    payment written on them is a part payment's (TOTVS's "DT_BAIXA", the last payment's date), not
    the invoice's settling. All false when the amount is no balance or no total is beside it."""
    from getbill_import.mapping.columns import plain_number

    amount = mapping.field_columns().get("amount")
    total = total_beside_balance(frame, mapping, mappings_dir)
    if amount is None or total is None:
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("")
    left, billed = plain_number(pl.col(amount)), plain_number(pl.col(total))
    # what a column of payments says was paid of it (Stripe's "Amount Due" paid in full by "Amount Paid",
    # a customer's credit having lowered it below the total), or the whole total paid, leaves nothing; a
    # payment more than the balance but less than the total (a claim paid 60% by its payer) leaves it
    paid = _amounts_paid(frame, mapping, mappings_dir)
    given = pl.sum_horizontal(plain_number(pl.col(c)).fill_null(0) for c in paid) if paid else pl.lit(0)
    settled = ((given - left).abs() <= 0.005) | (given >= billed - 0.005)
    return frame.select(((left > 0) & (left < billed) & ~settled).fill_null(False)).to_series()


def _balance_nothing_paid(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> pl.Series:
    """The rows whose amount, a balance, leaves something to pay while the columns of what was paid
    say nothing was (0 on the row): a date of payment written on them settles nothing (a Nigerian
    invoice upload's "DatePaid" beside "AmountPaid" 0 and "Outstanding" 217,949.95). All false when
    the amount is no balance or no column says what was paid."""
    from getbill_import.mapping.columns import plain_number

    amount = mapping.field_columns().get("amount")
    paid = _amounts_paid(frame, mapping, mappings_dir)
    if amount not in frame.columns or not paid or not is_balance(amount, mapping, mappings_dir):
        return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("")
    nothing = pl.all_horizontal(plain_number(pl.col(c)) == 0 for c in paid)
    return frame.select(((plain_number(pl.col(amount)) > 0) & nothing).fill_null(False)).to_series()


#: the share of the rows giving both dates on which a date of payment may fall before the document's
#: own (a payment on account booked before its invoice): past it, the dates are a forecast
PAID_BEFORE_SHARE = 0.1


def paid_before_the_document(
    column: pl.Series, header: str, frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str,
) -> tuple[str, int, int] | None:
    """When the dates under a paid header ("clear_date") fall before the document's own date (the
    invoice's date, "posting_date", "baseline_create_date") on many of the rows giving both
    (``PAID_BEFORE_SHARE``), a day before, they are no dates of payment: a document is not cleared
    before it exists (a model's predicted clearing date, a planned one). That date's column, the rows
    before it and the rows both give; None otherwise."""
    from getbill_import.mapping.values import header_says
    from getbill_import.validate.dates import read_dates

    # (an issue date only offered to confirm may be another day: a shop's order fulfilled, paid before)
    issued = next((c.column for c in mapping.columns if c.field == "issue_date" and c.status == "mapped"), None)
    documents = [issued] if issued in frame.columns else []
    documents += [c.column for c in mapping.columns if c.status == "unmapped" and c.column != header
                  and c.column in frame.columns and (header_says(c.column, "document_date_headers", mappings_dir)
                                                     or header_says(c.column, "creation_date_headers", mappings_dir))]
    for document in documents:
        paid_on, issued_on = read_dates(column, frame.get_column(str(document)))
        judged = pl.DataFrame({"p": paid_on, "d": issued_on}).drop_nulls()
        before = int((judged["p"] < judged["d"]).sum()) if judged.height else 0
        if before >= 3 and before >= PAID_BEFORE_SHARE * judged.height:
            return str(document), before, judged.height
    return None


def paid_by_payment_date(
    column: pl.Series, header: str, mapping: MappingResult, mappings_dir: Path | str, frame: pl.DataFrame | None = None,
) -> bool:
    """Whether a column under a payment date's header ("Payment date", "Date de règlement") gives
    the date each invoice was paid: beside a due date of its own, when the amount is the invoice's
    (a balance already tells what is left after a part payment), and written on some rows only, or
    on every row when it falls after the due date on some rows and on or before it on others
    (``LATE_PAID_SHARE`` each: paid late and paid in time, a history). Alone, or dated on every row
    alike, it may give the date payment is due."""
    from getbill_import.mapping.values import payment_date_header
    from getbill_import.validate.dates import read_dates

    if not payment_date_header(header, mappings_dir):
        return False
    if frame is not None and _marked_paid(column, mapping, mappings_dir, frame):
        return True
    fields = mapping.field_columns()
    if "due_date" not in fields or "amount" not in fields or is_balance(fields["amount"], mapping, mappings_dir):
        return False
    dated = column.str.contains(r"\d").fill_null(False)
    if not dated.all():
        return bool(dated.any())
    if frame is None or fields["due_date"] not in frame.columns:
        return False
    # (an invoice history's "FechaPago" beside "FechaVencimiento": some paid after their due date, some
    # before it; a date set a few days after each due date on every row is when payment is planned)
    paid_on, due = read_dates(column, frame.get_column(fields["due_date"]))
    judged = pl.DataFrame({"p": paid_on, "d": due}).drop_nulls()
    if not judged.height:
        return False
    late, early = judged.select((pl.col("p") > pl.col("d")).mean().alias("late"),
                                (pl.col("p") <= pl.col("d")).mean().alias("early")).row(0)
    return bool(late >= LATE_PAID_SHARE and early >= LATE_PAID_SHARE)


def _marked_paid(column: pl.Series, mapping: MappingResult, mappings_dir: Path | str, frame: pl.DataFrame) -> bool:
    """Whether a payment date written on some rows only is written on the very rows a column of how
    each was paid marks ("Date paiement" beside "Comptant": x, "Interac": x, a practice's invoices):
    the date each was paid, whatever the amount's column is called."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import payment_method_written

    dated = column.str.contains(r"\d").fill_null(False)
    if dated.all() or not dated.any():
        return False
    marks = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in frame.columns and (
        payment_method_written([c.column], mappings_dir)
        or ((term := match_header(c.column, mappings_dir).term) is not None and term.role == "payment method"))]
    if not marks:
        return False
    marked = frame.select(pl.any_horizontal(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None).is_not_null() for c in marks)).to_series()
    # (every row dated is marked; a row or a few marked are not dated yet: a transfer on its way)
    return bool(not (dated & ~marked).any()
                and int((marked & ~dated).sum()) <= max(1, MARKED_UNDATED_SHARE * int(dated.sum())))


#: the share of a payment date's rows that may be marked paid by how, without the date written
MARKED_UNDATED_SHARE = 0.05


#: the share of the rows a payment date dated on every row falls after the due date on, and on or
#: before it, for it to be the date each invoice was paid
LATE_PAID_SHARE = 0.1


def holds_statuses(column: pl.Series, mappings_dir: Path | str) -> bool:
    """Whether a column's values are mostly document statuses ("Payée", "Open", "Partially Paid")."""
    from getbill_import.mapping.values import profile_values, sample_column

    values = profile_values(sample_column(column), mappings_dir)
    return bool(values.count) and values.share("status") >= STATUS_COLUMN_SHARE


def partly_paid_rows(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> tuple[pl.Series, str]:
    """The rows whose status column (left unmapped, as ``closed_status_rows`` reads it) says the
    invoice was paid in part ("Partially Paid"), and what it says ("'Payment Status': 'Partially
    Paid'"); an empty series when none does."""
    from getbill_import.mapping.values import closed_statuses

    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in frame.columns:
            continue
        if not holds_statuses(frame.get_column(col.column), mappings_dir):
            continue
        column = frame.get_column(col.column).cast(pl.String)
        partial = closed_statuses(column, mappings_dir, "partial")
        if partial.any():
            said = ", ".join(repr(v) for v in column.filter(partial).str.strip_chars().unique(maintain_order=True).head(3))
            return frame.get_column(LINE).filter(partial), f"'{col.column}': {said}"
    return pl.Series(LINE, [], dtype=pl.Int64), ""


#: the role of a header naming what was paid (or credited, or written off) on the invoice
PAID_ROLE = "amount already paid"


def names_paid(header: str, mappings_dir: Path | str) -> bool:
    """Whether a header names what was already paid ("Paid", "Déjà réglé"), by a term of the
    vocabulary, not a fuzzy likeness."""
    from getbill_import.mapping.headers import match_header

    match = match_header(header, mappings_dir)
    return match.role == PAID_ROLE and match.how != "fuzzy"


def paid_columns(
    frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str, whole: pl.DataFrame | None = None,
) -> list[str]:
    """The columns left unmapped that hold what was already paid on each invoice ("Déjà réglé",
    "Amount Paid", "Acompte", "Credits Applied"), when the amount mapped is the invoice's total,
    not its balance ("Montant TTC" beside them, not "Solde"): what is owed is the difference. None
    in a journal or a ledger, whose credits are rows of their own. Whether a balance is a total is
    judged on the ``whole`` file when given (its invoices paid in full, left out by their status,
    say it best)."""
    amount = mapping.field_columns().get("amount")
    if amount not in frame.columns or mapping.ledger is not None or mapping.row_rules:
        return []
    if is_balance(amount, mapping, mappings_dir):
        paid = _amounts_paid(frame, mapping, mappings_dir)
        # a balance as large as what was paid on most rows paying something is no balance kept up
        # ("amount_due" 310.00 beside "amount_paid" 310.00): the invoice's total, what is owed the rest
        judged = whole if whole is not None else frame
        return paid if paid and _balance_is_total(judged, amount, paid, total_beside_balance(judged, mapping, mappings_dir)) else []
    return _amounts_paid(frame, mapping, mappings_dir)


#: the share of the rows of a balance other than zero it must be what was paid less the total on, and
#: the rows, at least
PAID_LESS_TOTAL_SHARE, PAID_LESS_TOTAL_ROWS = 0.9, 3


def balance_paid_less_total(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> tuple[str, str] | None:
    """The invoice's total and what was paid of it, when the balance is written as what was paid
    less the total (an Indonesian ledger's "Ending Balance": -18,645,076 beside an invoice of
    18,645,076 and a receipt of 0), below zero on most of its rows other than zero: the balance seen
    from the payer's side, what is owed written below zero. None otherwise."""
    from getbill_import.mapping.columns import plain_number

    amount = mapping.field_columns().get("amount")
    if amount not in frame.columns or amount in mapping.set_by_hand or not frame.height:
        return None
    total = total_beside_balance(frame, mapping, mappings_dir)
    # (what was paid, whole numbers too: a receipt's amount in rupiahs)
    paid = next((c.column for c in mapping.columns if c.status == "unmapped" and c.column in frame.columns
                 and c.column not in mapping.set_by_hand and c.column != amount and names_paid(c.column, mappings_dir)),
                None) if total is not None else None
    if total is None or paid is None:
        return None
    values = frame.select(plain_number(pl.col(amount)).alias("b"), plain_number(pl.col(total)).alias("t"),
                          plain_number(pl.col(paid)).fill_null(0).alias("p"))
    written = values.filter(pl.col("b").is_not_null() & (pl.col("b") != 0) & pl.col("t").is_not_null())
    if written.height < PAID_LESS_TOTAL_ROWS:
        return None
    agree = written.select(((pl.col("b") - (pl.col("p") - pl.col("t"))).abs() < 0.01).mean()).item()
    below = written.select((pl.col("b") < 0).mean()).item()
    return (total, paid) if agree >= PAID_LESS_TOTAL_SHARE and below > 0.5 else None


#: the share of the rows paying something whose "balance" is what they paid, for it to be a total
TOTAL_AS_BALANCE_SHARE = 0.5
#: and the rows paying something it is read on, at least
TOTAL_AS_BALANCE_ROWS = 2


def _balance_is_total(frame: pl.DataFrame, amount: str, paid: list[str], total: str | None) -> bool:
    """Whether the amount a header calls a balance is as large as what was paid on most of the rows
    that paid something: the invoice's total, which the payments beside it do not bring down. A row
    whose balance is its total (``total``, the column beside it) less what was paid keeps the
    balance up, whatever it equals: half paid, what is left is what was paid."""
    from getbill_import.mapping.columns import plain_number

    given = pl.sum_horizontal(plain_number(pl.col(c)).fill_null(0) for c in paid)
    billed = plain_number(pl.col(total)) if total is not None else pl.lit(None, pl.Float64)
    # (an amount written with its sign, "£191,666.20", is no plain number: its rows tell nothing)
    rows = frame.select(plain_number(pl.col(amount)).alias("a"), given.alias("p"), billed.alias("t")).filter(
        (pl.col("p") > 0) & pl.col("a").is_not_null())
    if rows.height < TOTAL_AS_BALANCE_ROWS:
        return False
    kept = ((pl.col("t") - pl.col("p") - pl.col("a")).abs() < 0.005).fill_null(False)
    return bool(rows.select((((pl.col("a") - pl.col("p")).abs() < 0.005) & ~kept).mean()).item() >= TOTAL_AS_BALANCE_SHARE)


def _amounts_paid(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> list[str]:
    """The columns left unmapped, other than the amount's, that hold what was paid on each row."""
    from getbill_import.mapping.values import header_says, profile_values, sample_column, says_paid

    amount = mapping.field_columns().get("amount")
    found = []
    for col in mapping.columns:
        if col.status != "unmapped" or col.column not in frame.columns or col.column == amount:
            continue
        if col.column in mapping.set_by_hand:
            continue
        if not names_paid(col.column, mappings_dir):
            continue
        values = profile_values(sample_column(frame.get_column(col.column)), mappings_dir)
        if not values.count:
            continue
        # whole numbers only under a word for paid, or for fees covered otherwise (a scholarship): SAP's
        # "Payment Amount" is what is to be paid
        whole = values.share("integer") if (says_paid(col.column, mappings_dir)
                                            or header_says(col.column, "fee_relief_words", mappings_dir)) else 0.0
        if values.share("amount") + whole >= PAID_AMOUNT_SHARE:
            found.append(col.column)
    return _each_payment_once(frame, found, mappings_dir)


def _each_payment_once(frame: pl.DataFrame, paid: list[str], mappings_dir: Path | str) -> list[str]:
    """Of the columns of what was paid, those that write one payment once: not the same again in
    the company's own currency ("Paid Amount (Company Currency)" beside "Paid Amount", as ERPNext
    writes it), nor a column equal to another on every row paying something (a payment table's
    "Amount" beside the invoice's "Paid Amount")."""
    from getbill_import.mapping.columns import plain_number
    from getbill_import.mapping.compose import load_lexicon, tag_words
    from getbill_import.mapping.normalize import normalize_header

    if len(paid) < 2:
        return paid
    lexicon = load_lexicon(mappings_dir)

    def own_currency(header: str) -> bool:
        return any("own_currency" in tags for _, tags in tag_words(normalize_header(header).split(), lexicon))

    kept = [c for c in paid if not own_currency(c)] or paid[:1]
    once: list[str] = []
    for column in kept:
        value = plain_number(pl.col(column)).fill_null(0)
        if not any(frame.select(((value != 0) | (plain_number(pl.col(o)).fill_null(0) != 0)).alias("w"),
                                (value == plain_number(pl.col(o)).fill_null(0)).alias("same"))
                   .filter("w").select(pl.col("same").all() & (pl.len() > 0)).item() for o in once):
            once.append(column)
    return once


@dataclass
class SeriesReferences:
    #: the columns that number the invoices in series, to write before the reference (in the
    #: file's order)
    columns: list[str]
    #: rows whose reference repeats, before and after the series are added
    before: int
    after: int


#: how many series columns may be put together with the number
MAX_SERIES_COLUMNS = 2


def repeated_references(frame: pl.DataFrame, reference: str) -> pl.Series:
    """Whether each row's reference (trimmed) is written on another row too."""
    refs = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    return written_twice(frame.select(refs).to_series()).alias("repeated")


def series_references(
    frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str, repeated: pl.Series | None = None,
) -> SeriesReferences | None:
    """When the references repeat and an unmapped column names a series ("Serie", "Pto. Vta.",
    "Souche") or the document's type, whose values tell the repeated numbers apart: the invoice is
    the series and its number ("FE" + "1024"), not the number alone. The columns (a series before a
    type, one before two) that leave the fewest references repeated, or None. ``repeated``: the rows
    whose reference repeats (``repeated_references``), when the caller has them."""
    from itertools import combinations

    from getbill_import.mapping.values import INSTALMENT, names_series

    reference = mapping.field_columns().get("reference")
    if reference not in frame.columns or mapping.ledger is not None or mapping.row_rules:
        return None
    refs = pl.col(reference).cast(pl.String).str.strip_chars().replace("", None)
    before = int((repeated if repeated is not None else repeated_references(frame, reference)).sum())
    if not before:
        return None
    ranked = sorted(
        ((rank, i, c.column) for i, c in enumerate(mapping.columns)
         if c.status == "unmapped" and c.column in frame.columns and c.column != reference
         and c.column not in mapping.set_by_hand and (rank := names_series(c.column, mappings_dir)) is not None
         and (rank != INSTALMENT or _instalments(frame.get_column(c.column)))),
    )
    candidates = [column for _, _, column in ranked]
    if not candidates:
        return None
    written = frame.filter(refs.is_not_null())
    best: SeriesReferences | None = None
    for size in range(1, MAX_SERIES_COLUMNS + 1):
        for columns in combinations(candidates, size):
            key = pl.struct(*(pl.col(c).cast(pl.String).str.strip_chars() for c in columns), refs)
            after = int(written.select(key.is_duplicated().sum()).item())
            if after < before and (best is None or after < best.after):
                best = SeriesReferences([c for c in frame.columns if c in columns], before, after)
    return best


#: an instalment's number or letter ("1", "A", "02", "3/12"), not an amount ("Cuota $": 33737)
_INSTALMENT = r"^(?:[0-9A-Za-z]{1,3}|[0-9]{1,2}\s*/\s*[0-9]{1,2})$"


def _instalments(values: pl.Series) -> bool:
    """Whether a column's written values are instalments' numbers or letters, nine in ten at least."""
    text = values.cast(pl.String).str.strip_chars().replace("", None).drop_nulls()
    return bool(text.len()) and int(text.str.contains(_INSTALMENT).sum()) >= 0.9 * text.len()


def is_balance(amount: str, mapping: MappingResult, mappings_dir: Path | str) -> bool:
    """Whether the amount column is a balance (what is left to pay), by the role the mapper gave
    it, or by its header's words when a profile mapped it or the user did ("Fee Balance")."""
    from getbill_import.mapping.headers import match_header
    from getbill_import.mapping.values import header_says

    role = next((c.role for c in mapping.columns if c.column == amount), "")
    if amount in mapping.set_by_hand and header_says(amount, "fee_balance_words", mappings_dir):
        # a balance the user named ("--set 'Fee Balance=amount'") that the vocabulary sets aside
        return True
    return (role or match_header(amount, mappings_dir).role) in BALANCE_ROLES


#: share of a paid column's sampled values that are amounts
PAID_AMOUNT_SHARE = 0.9

#: an amount written as zero ("0,00", "0.00 €", "EUR 0"; a dash alone in a spreadsheet's
#: accounting format: "  -   ", "$ -")
_ZERO = r"^[^0-9]*0+(?:[.,]0+)?[^0-9]*$|" + DASH_ZERO


#: a balance of a few cents (0.01 to 0.05, or as much below zero): what rounding left of an invoice paid
_CENTS = r"^[^0-9]*0*[.,]0[1-5][^0-9]*$"


def cents_balance_rows(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> pl.Series | None:
    """The rows whose amount is a balance of a few cents ("0.01", "-0,02"): what rounding left of an
    invoice paid, nothing to collect. None when the amount is not a balance, or in a ledger."""
    amount = mapping.field_columns().get("amount")
    if amount not in frame.columns or mapping.ledger is not None or not is_balance(amount, mapping, mappings_dir):
        return None
    return frame.select(pl.col(amount).cast(pl.String).str.strip_chars().str.contains(_CENTS).fill_null(False)).to_series()


#: the role of the vocabulary's age buckets written in words ("Not due", "Current", "Sin vencer")
AGE_BUCKET_ROLE = "an age bucket"


def age_buckets(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> list[str]:
    """The columns of an aged balance's age buckets ("0 - 30", "Over 90", "De 1 a 30 dias") that no
    field took, not set by hand (a week's column of a wide layout, "2022-05-13", is none), with the
    bucket not yet due ("Current", "Not due") beside two of them or more."""
    from getbill_import.mapping.columns import PERIOD_IGNORED
    from getbill_import.mapping.compose import names_age_bucket
    from getbill_import.mapping.headers import match_header

    fields = set(mapping.field_columns().values())
    free = [c for c in mapping.columns
            if c.column in frame.columns and c.column not in fields and c.column not in mapping.set_by_hand]
    aged = [c.column for c in free if names_age_bucket(c.column) and not c.reason.startswith(PERIOD_IGNORED)]
    if len(aged) < 2:
        return aged
    return [c.column for c in free
            if c.column in aged or match_header(c.column, mappings_dir).role == AGE_BUCKET_ROLE]


def zero_balance_rows(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str) -> pl.Series | None:
    """The rows whose amount is a balance ("Solde", "Open Amount", "Reste à payer"), or the amount
    of an aged balance (beside its age buckets: "Consolidado", "Total"), written as zero: invoices
    paid, debtors owing nothing, which an open-items export or an ageing lists beside the others.
    None when the amount is not a balance (a total of zero is a mistake to report) or in a ledger."""
    amount = mapping.field_columns().get("amount")
    if amount not in frame.columns or mapping.ledger is not None or not (
            is_balance(amount, mapping, mappings_dir) or len(age_buckets(frame, mapping, mappings_dir)) >= 2):
        return None
    from getbill_import.mapping.resolve import lost_to

    balance = pl.col(amount).cast(pl.String).str.strip_chars()
    zero = frame.select(balance.str.contains(_ZERO).fill_null(False)).to_series()
    blank = balance.replace("", None).is_null()
    # a balance left blank beside a total of zero, the amount that lost to it ("Balance Due" empty,
    # "Total Violation Amount" 0.00: a summons dismissed): nothing was ever owed
    totals = [c.column for c in mapping.columns if c.field is None and c.reason.startswith(lost_to(amount))
              and c.column in frame.columns]
    if totals:
        nothing = pl.all_horizontal(pl.col(c).cast(pl.String).str.strip_chars().str.contains(_ZERO).fill_null(False)
                                    for c in totals)
        zero = zero | frame.select(blank & nothing).to_series()
    paid = _amounts_paid(frame, mapping, mappings_dir)
    if not paid:
        return zero
    # a balance left blank beside an amount paid ("Balance" empty, "Paid" 2500): nothing remains
    some = pl.any_horizontal(pl.col(c).cast(pl.String).str.contains("[1-9]").fill_null(False) for c in paid)
    return zero | frame.select(blank & some).to_series()


def debtors_written_once(frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str | None = None
                         ) -> tuple[pl.DataFrame, pl.Series]:
    """A hand-built list that writes each customer once, beside the first of its invoices (a cell
    merged down over them, or left blank below as a person reads "the same"): the rows whose
    debtor columns are all blank, that hold an invoice of their own (a reference and an amount),
    directly under a row with a debtor or another such row, take that debtor. Returns the frame
    and the lines filled.

    Taken for such a list only when two rows or more are so, and no two rows one above the other
    name the same debtor: an export that repeats its customer on every row, and leaves one blank,
    has a name missing, which is an error, not "the same as above"; nor is a row whose customer's
    number, left unmapped (Banana's "CustomerNumber"), is another than the row's above."""
    from getbill_import.mapping.headers import names_customer_number

    fields = {f: c for f, c in mapping.field_columns().items() if c in frame.columns}
    debtors = [c for f, c in fields.items() if f.startswith("debtor.")]
    names = [c for f, c in fields.items() if f in NAME_FIELDS]
    if not names or "reference" not in fields or "amount" not in fields or mapping.ledger is not None or frame.height < 3:
        return frame, _NO_LINES

    def blank(column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String)
        return text.is_null() | ~text.str.contains(r"\S")

    named = ~pl.all_horizontal([blank(c) for c in names])
    no_debtor = pl.all_horizontal([blank(c) for c in debtors])
    own = ~blank(fields["reference"]) & ~blank(fields["amount"])
    # the common case on the rows without a name alone: none of them is an invoice without a debtor
    nameless = frame.filter(~named)
    if nameless.height < 2 or nameless.select((no_debtor & own).sum()).item() < 2:
        return frame, _NO_LINES
    key = pl.concat_str([pl.col(c).cast(pl.String).str.strip_chars().str.to_lowercase() for c in names], separator="\x1f",
                        ignore_nulls=True)
    flags = frame.select(
        (no_debtor & own).alias("ditto"),
        named.alias("named"),
        # (two invoices in a row: a summary's rows below the list, without a reference, say nothing)
        (named & own & (named & own).shift(1) & (key == key.shift(1))).fill_null(False).alias("repeated"),
    ).with_columns(
        # the row each run of such rows sits under, and whether it names a debtor
        pl.when(~pl.col("ditto")).then(pl.int_range(pl.len(), dtype=pl.Int64)).forward_fill().alias("under"),
        pl.when(~pl.col("ditto")).then(pl.col("named")).forward_fill().fill_null(False).alias("under_named"),
    )
    filled = flags.select(pl.col("ditto") & pl.col("under_named")).to_series()
    under = flags["under"]
    numbers = [c.column for c in mapping.columns if c.status == "unmapped" and c.column in frame.columns
               and mappings_dir is not None and names_customer_number(c.column, str(mappings_dir))]
    for number in numbers[:1]:
        # (a customer's number written on the blank row, another than the one above: another customer)
        written = frame.get_column(number).cast(pl.String).str.strip_chars().replace("", None)
        above = written.gather(under)
        filled = filled & ~(written.is_not_null() & above.is_not_null() & (written != above)).fill_null(False)
    if int(filled.sum()) < 2 or flags["repeated"].any():
        return frame, _NO_LINES
    out = frame.with_columns(
        pl.when(filled).then(pl.col(c).gather(under)).otherwise(pl.col(c)).alias(c) for c in debtors
    )
    return out, frame.filter(filled)[LINE]


@dataclass(frozen=True)
class ItemRows:
    """What an export with a row per line item holds besides its invoices: the rows that only
    continue an invoice (excluded: ``(line, "item" or "repeat")``), and the rows that are lines of
    an invoice with an amount of their own (``lines``: LINE and the invoice's first line,
    ``INVOICE``), whose amounts the validation adds to the invoice's."""

    excluded: list[tuple[int, str]]
    lines: pl.DataFrame


#: the roles of an amount that is a part of a bill, not its total
SHARE_ROLES = frozenset({"patient's share"})
#: what an amount column is when each of its values is the whole invoice's (never a line's)
BALANCE_ROLES = frozenset({"open balance", "remaining balance", "principal balance", "amount in arrears", "book balance", "claim"})


def item_lines(frame: pl.DataFrame, mapping: MappingResult, quantity: str | None = None, kind: str | None = None,
               credit: str | None = None) -> ItemRows:
    """The rows that continue the invoice above them. Exports with a row per line item write the
    invoice's amount, name and number on its first row only, or repeat the number alone (Shopify's
    orders, ERPNext's invoices with their items): a row without amount or name whose reference is
    empty or the invoice's own is excluded ("item"). Others repeat the invoice on each of its rows:
    a run of rows with one reference, alike in every mapped column but the amount, is one invoice.
    When the run's amounts are all the same, they are the invoice's total written again (Frappe
    Books): the rows after the first are excluded ("repeat"). When they differ, each row gives the
    amount of one line (MYOB's item sales): the rows after the first are ``lines`` of the invoice,
    unless the amount is an open balance, which is the whole invoice's, or no date is mapped (the
    rows stay, in conflict).

    Columnar, and the comparisons run on the few rows concerned: those without amount or name, and
    those whose reference is the one above them. A column of document kinds (``kind``: Koinor's "FC"
    and its payment "AB") is compared too: a payment of the invoice's amount is no copy of it; so is
    the credit column beside a debit amount (``credit``: two cheques of one slip, each its credit)."""
    fields = {f: c for f, c in mapping.field_columns().items() if c in frame.columns}
    if "amount" not in fields or "reference" not in fields or LINE not in frame.columns or not frame.height:
        return ItemRows([], no_lines())
    if kind in frame.columns:
        fields[_DOCUMENT_KIND] = str(kind)
    if credit in frame.columns:
        fields[_CREDIT] = str(credit)
    if quantity in frame.columns:
        # a unit price beside a quantity: two lines of one price and different quantities are two
        # lines, not the invoice written again
        frame = frame.with_columns(pl.format("{} × {}", pl.col(fields["amount"]), pl.col(quantity)).alias(_UNIT_LINE))
        fields["amount"] = _UNIT_LINE
    head = _head(fields)
    flags = frame.select(
        pl.col(LINE),
        head.alias("head"),
        # the position of the invoice row each row sits under
        pl.when(head).then(pl.int_range(pl.len(), dtype=pl.Int64)).forward_fill().alias("under"),
    )
    kinds: dict[int, str] = {}
    others = flags.with_row_index("i").filter(~pl.col("head") & pl.col("under").is_not_null())
    if others.height:
        # a row without amount or name, under an invoice row: its reference is empty or the invoice's
        refs = frame.get_column(fields["reference"]).cast(pl.String)
        own, invoice = refs[others["i"]].str.strip_chars(), refs[others["under"]].str.strip_chars()
        continues = (own.is_null() | (own == "") | (own == invoice)).fill_null(False)
        kinds.update((line, "item") for line in others.filter(continues)[LINE])
    kinds.update((line, "item") for line in _named_again_without_amount(frame, fields))
    balance = next((c.role in BALANCE_ROLES for c in mapping.columns if c.column == fields["amount"]), False)
    # a column whose header says it numbers invoices ("Invoice Number"): its rows alike are one invoice's
    numbered = next((c.role == "invoice number" for c in mapping.columns if c.column == fields["reference"]), False)
    runs: dict[int, str] = {}
    lines = _line_runs(frame, fields, balance, runs, numbered)
    if lines.height:
        # an export sorted by another key than the invoice (the order, the item) writes an
        # invoice's lines apart: gathered by reference, in the order they come, they are read the
        # same way, when the file shows at least as many invoices written line by line in one place
        gathered = frame.with_row_index("__first__").with_columns(pl.col("__first__").min().over(fields["reference"])) \
            .sort("__first__", maintain_order=True).drop("__first__")
        regrouped: dict[int, str] = {}
        found = _line_runs(gathered, fields, balance, regrouped, numbered)
        apart = found.filter(~pl.col(LINE).is_in(lines[LINE].implode()))[INVOICE].n_unique()
        if 0 < apart <= lines[INVOICE].n_unique():
            lines, runs = found, regrouped
    return ItemRows(sorted({**kinds, **runs}.items()), lines)


#: the key of a column of document kinds among the columns compared
_DOCUMENT_KIND = "__document_kind__"
#: the key of the credit column beside a debit amount among the columns compared
_CREDIT = "__credit__"
#: the column of a unit price and its quantity written together, as the lines are compared
_UNIT_LINE = "__unit_line__"


def unit_price_quantity(
    frame: pl.DataFrame, mapping: MappingResult, headers: list[str], mappings_dir: Path | str
) -> str | None:
    """The column of quantities beside an amount column that is a unit price ("price_unit" beside
    "quantity", "Item Price" beside "Quantity"), left unmapped; None when the amount is no unit
    price or no such column is there."""
    from getbill_import.mapping.values import header_says, names_line_price, names_unit_amount

    fields = mapping.field_columns()
    amount = fields.get("amount")
    if amount not in frame.columns or not names_unit_amount(amount, mappings_dir):
        return None
    if names_line_price(amount, mappings_dir):
        # "price_subtotal", "Total Price": the line's price, its quantity counted in already
        return None
    used = set(fields.values())
    return next((c for c in frame.columns if c in headers and c not in used
                 and header_says(c, "quantity_words", mappings_dir)), None)


def _line_runs(
    frame: pl.DataFrame, fields: dict[str, str], balance: bool, kinds: dict[int, str], numbered: bool = False,
) -> pl.DataFrame:
    """Of ``frame``'s rows, those whose reference is the one above them and that are alike to it in
    every mapped column but the amount (``fields``): their runs (``_runs``), when a date is mapped
    or the reference's header says it numbers invoices (``numbered``); under an open balance
    (``balance``) only the rows another column tells apart."""
    refs = frame.get_column(fields["reference"]).cast(pl.String)
    rows = refs.eq(refs.shift(1)).fill_null(False).arg_true()
    if not rows.len():
        return no_lines()
    # of those, the rows of an invoice of their own with a reference written, read on them alone
    mapped_columns = list(dict.fromkeys(fields.values()))
    # (a number rounded into scientific notation names no invoice: rows sharing one are no lines of one)
    own_ref = pl.col(fields["reference"]).cast(pl.String).str.strip_chars()
    rows = rows.filter(frame.select(mapped_columns)[rows].select(
        (own_ref.str.contains(r"\S") & ~own_ref.str.contains(ROUNDED_NUMBER) & _head(fields)).fill_null(False)
    ).to_series())
    # the row and the one above it, in every mapped column but the amount: a column at a time, on
    # the rows still alike (most differ in the first)
    for column in [c for f, c in fields.items() if f != "amount"]:
        if not rows.len():
            return no_lines()
        values = frame.get_column(column).cast(pl.String)
        rows = rows.filter(values.gather(rows).eq_missing(values.gather(rows - 1)))
    mapped = set(fields.values())
    # a month of its own ("2026-02" after "2026-01" in a column left unmapped): each month's dues are a
    # debt of their own, neither the row above again nor a line of it
    following = _other_month(frame, rows, mapped)
    if not following.len():
        return no_lines()
    dated = bool({"issue_date", "due_date"} & set(fields))
    if not dated and numbered:
        # without a date, rows of one invoice's number are its lines when a column left unmapped
        # tells them apart (a carrier's shipment, an item), not the invoice written twice
        following = _told_apart(frame, following, mapped)
        if not following.len():
            return no_lines()
    lines = _runs(frame, fields["amount"], following, kinds, mapped)
    if not dated and not numbered:
        # without a date, rows alike in the name and the number alone may be two invoices under
        # one customer's number
        return no_lines()
    if balance and lines.height:
        # an open balance is the whole invoice's: two of them for one invoice are a conflict
        # for the user to settle, unless another column tells the rows apart (the product
        # account, the ledger line of an open-item list split by line): each is an open item
        # of the invoice, and they add up
        told = _told_apart(frame, following, mapped)
        return _runs(frame, fields["amount"], told, kinds, mapped) if told.len() else no_lines()
    return lines


def _named_again_without_amount(frame: pl.DataFrame, fields: dict[str, str]) -> pl.Series:
    """The rows (LINE) without an amount that write the reference and the debtor of the row above
    them again, an invoice's: the rest of it on a row of its own (Chile's sales register writes an
    invoice's other taxes on a second row, "Otros Impuestos", its folio and customer repeated)."""
    names = [c for f, c in fields.items() if f in NAME_FIELDS]
    # (a credit beside a debit amount is an amount of its own: a payment's)
    texts = [frame.get_column(fields[f]).cast(pl.String) for f in ("amount", _CREDIT) if f in fields]
    # (read on the rows without an amount alone, beside the row above each)
    at = pl.DataFrame([(t.is_null() | ~t.str.contains(r"\S")).fill_null(False) for t in texts]) \
        .select(pl.all_horizontal(pl.all())).to_series().arg_true()
    at = at.filter(at > 0)
    if not names or not at.len():
        return frame.get_column(LINE).clear()
    columns = list(dict.fromkeys((fields["reference"], *names)))
    here, above = (frame.select(columns)[rows].select(pl.col(c).cast(pl.String).str.strip_chars() for c in columns)
                   for rows in (at, at - 1))
    same = pl.DataFrame([here[c].eq_missing(above[c]) for c in columns]).select(pl.all_horizontal(pl.all()))
    written = here[fields["reference"]].str.contains(r"\S").fill_null(False)
    return frame.get_column(LINE).gather(at.filter(same.to_series() & written))


def _head(fields: dict[str, str]) -> pl.Expr:
    """Whether a row is an invoice's own: it has its amount or its debtor's name."""
    def blank(column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String)
        return text.is_null() | ~text.str.contains(r"\S")

    names = [c for f, c in fields.items() if f in NAME_FIELDS]
    return ~blank(fields["amount"]) | ~pl.all_horizontal([blank(c) for c in names] or [pl.lit(True)])


def _compact_dates(column: pl.Series) -> bool:
    """Whether a column's written values are dates written as eight digits, the year first
    ("20231030": SAP's AUGDT), as the validation reads them."""
    from getbill_import.validate.dates import read_dates

    written = column.str.strip_chars().replace("", None).drop_nulls().head(1000)
    if not written.len() or not written.str.contains(r"^(?:19|20)\d{6}$").all():
        return False
    return int(read_dates(written)[0].is_not_null().sum()) >= PAID_DATES_SHARE * written.len()


#: a month written by its number beside its year, either first ("2026-02", "02/2026")
MONTH_OF_A_YEAR = r"^(?:(?:19|20)\d{2}\s*[-/.]\s*(?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])\s*[-/.]\s*(?:19|20)\d{2})$"
#: the share of a column's written values that must be months of a year for it to be a column of months
MONTHS_SHARE = 0.9


def _other_month(frame: pl.DataFrame, rows: pl.Series, mapped: set[str]) -> pl.Series:
    """Of ``rows`` (positions), those not written in another month than the row above them, in a
    column left unmapped whose values are months of a year ("2026-01": a society's dues, month by month)."""
    if not rows.len():
        return rows
    for column in (c for c in frame.columns if c != LINE and c not in mapped):
        text = frame.get_column(column).cast(pl.String).str.strip_chars()
        written = text.head(1_000).drop_nulls()
        if not written.len() or int(written.str.contains(MONTH_OF_A_YEAR).sum()) < MONTHS_SHARE * written.len():
            continue
        rows = rows.filter(text.gather(rows).eq_missing(text.gather(rows - 1)))
    return rows


def _told_apart(frame: pl.DataFrame, rows: pl.Series, mapped: set[str]) -> pl.Series:
    """Of ``rows`` (positions), those that differ from the row above them in a column left unmapped."""
    unmapped = [c for c in frame.columns if c != LINE and c not in mapped]
    if not unmapped or not rows.len():
        return rows.clear()
    here, above = frame.select(unmapped)[rows], frame.select(unmapped)[rows - 1]
    differ = pl.DataFrame(
        [~here[c].cast(pl.String).eq_missing(above[c].cast(pl.String)).alias(c) for c in unmapped]
    ).select(pl.any_horizontal(pl.all())).to_series()
    return rows.filter(differ)


def _runs(
    frame: pl.DataFrame, amount: str, following: pl.Series, kinds: dict[int, str], mapped: set[str]
) -> pl.DataFrame:
    """The runs of one invoice (a first row, and the ``following`` rows alike to the row above
    them): a run of one amount repeats the invoice (its following rows go to ``kinds`` as
    "repeat"); the following rows of a run of several amounts are returned as its lines. When
    more runs' amounts differ than runs of one amount have rows that a column left unmapped tells
    apart (the line's number, the seat, the product), the column gives each line's amount: those
    rows are lines too, of the same price; a row alike in every column is a copy still."""
    involved = pl.concat([following, following - 1]).unique().sort()
    runs = frame.select(pl.col(LINE), pl.col(amount).cast(pl.String).str.strip_chars().alias("amount"))[involved].with_columns(
        involved.is_in(following.implode()).alias("follows"), involved.alias("i"),
    ).with_columns((~pl.col("follows")).cum_sum().alias("run")).with_columns(
        pl.col(LINE).first().over("run").alias(INVOICE),
        (pl.col("amount").n_unique().over("run") == 1).alias("repeats"),
    ).filter("follows")
    several = runs.filter(~pl.col("repeats"))["run"].n_unique()
    if several:
        told = runs.filter(pl.col("i").is_in(_told_apart(frame, runs.filter("repeats")["i"], mapped).implode()))
        if told["run"].n_unique() < several:
            runs = runs.with_columns(pl.col("repeats") & ~pl.col("i").is_in(told["i"].implode()))
    kinds.update((line, "repeat") for line in runs.filter("repeats")[LINE])
    return runs.filter(~pl.col("repeats")).select(LINE, INVOICE)


def rows_kept(frame: pl.DataFrame, mapping: MappingResult) -> tuple[pl.Series | None, str]:
    """The rows the applied profile's ``[rows]`` rules keep (a boolean mask, None without rules or
    when the file has none of their columns) and what they ask, for the notice."""
    from getbill_import.mapping.normalize import normalize_header

    if not mapping.row_rules:
        return None, ""
    by_norm = {normalize_header(c): c for c in frame.columns if c != LINE}
    conditions: list[pl.Expr] = []
    said: list[str] = []
    for rule in mapping.row_rules:
        column = by_norm.get(rule.column)
        if column is None:
            continue
        cell = pl.col(column).cast(pl.String).str.strip_chars().fill_null("")
        if rule.kind == "filled" and mapping.fallbacks and frame.select((cell == "").all()).item():
            # a column the software leaves blank throughout (a FEC without auxiliary accounts)
            said.append(f"{column} empty throughout, not asked")
            continue
        conditions.append(rule.condition(cell))
        said.append(rule.describe(column))
    if not conditions:
        return None, ""
    return frame.select(pl.all_horizontal(conditions)).to_series(), ", ".join(said)


#: first digits of a journal's accounts (the classes of a chart of accounts) for its account column
#: to be one: balance sheet, third parties, cash, expenses, income…
MIN_ACCOUNT_CLASSES = 3
#: the class of income accounts (sales) of the French and OHADA charts, whose customer accounts
#: ``journal_customer_prefixes`` names
INCOME_CLASS = "7"


def journal_rules(
    frame: pl.DataFrame, mapping: MappingResult, mappings_dir: Path | str
) -> tuple[tuple[RowRule, ...], dict[str, tuple[str, ...]]]:
    """An accounting journal exported as a table ("Journal; Pièce; Date; Compte; Libellé; Débit;
    Crédit"), its amount the debit: its rows are postings on every account, and its cases are the
    debits of customer accounts not yet lettered, as the FEC's profile keeps them. The rules that
    keep them, and the fallbacks of its name (the entry's label, for a name written as a code);
    neither for another file, a file with a profile, or accounts that are not a chart of accounts'
    numbers (several classes with customer accounts among them, or customer accounts alone: a
    customer ledger)."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import journal_columns

    amount = mapping.field_columns().get("amount")
    if mapping.row_rules or mapping.ledger is not None or amount is None or not frame.height:
        return (), {}
    found, prefixes = journal_columns([c for c in frame.columns if c != LINE], mappings_dir)
    sided = "sense" in found and "debit" not in found and "credit" not in found
    if not sided and (found.get("debit") != amount or "credit" not in found):
        return (), {}
    if any(_names_account_types(c) for c in frame.columns):
        # each account's type written beside it ("Account Type": Income, Bank, Accounts Receivable):
        # the file says which accounts are its customers', no chart's numbering does ("411000 · Sand
        # Sales", an Australian income account)
        return (), {}
    if "account" not in found or not prefixes:
        return (), {}
    accounts = frame.get_column(found["account"]).cast(pl.String).str.strip_chars().drop_nulls().unique()
    accounts = accounts.filter(accounts != "")
    numbered = accounts.str.contains(r"^[1-9]")
    classes = accounts.filter(numbered).str.slice(0, 1).n_unique()
    customers = accounts.str.contains("^(?:" + "|".join(re.escape(p) for p in prefixes) + ")")
    # a whole journal, a sales journal (customers, tax and income accounts), or a customer ledger
    # (every account a customer's)
    sales = bool(customers.any()) and bool(accounts.str.starts_with(INCOME_CLASS).any())
    chart = classes >= MIN_ACCOUNT_CLASSES or sales or bool(customers.all())
    if not accounts.len() or numbered.sum() < 0.9 * accounts.len() or not chart or not customers.any():
        return (), {}
    rules = [
        RowRule(normalize_header(found["account"]), "starts_with", prefixes),
        RowRule(normalize_header(amount), "nonzero"),
    ]
    if sided:
        # one amount column and its side ("Montant; Sens"): the debits are the rows said so
        rules.append(_debit_side(found["sense"], mappings_dir))
    if "lettering" in found:
        rules.append(RowRule(normalize_header(found["lettering"]), "blank"))
    name = next((c for f, c in mapping.field_columns().items() if f in NAME_FIELDS), None)
    # a third party written as a code gives way to the entry's label (``_fall_back_columns``)
    fallbacks: dict[str, tuple[str, ...]] = {}
    if name and "label" in found:
        fallbacks[normalize_header(name)] = (normalize_header(found["label"]),)
    return tuple(rules), fallbacks


def _names_account_types(header: str) -> bool:
    """Whether a header names the type of each row's ledger account ("Account Type", "Kontotyp")."""
    from getbill_import.mapping.normalize import normalize_header

    words = normalize_header(header).split()
    return ("type" in words and "account" in words) or "kontotyp" in words or ("tipo" in words and "cuenta" in words)


def _debit_side(column: str, mappings_dir: Path | str) -> RowRule:
    """The rule that keeps a journal's debits by its side column ("Sens": D)."""
    from getbill_import.mapping.normalize import normalize_header
    from getbill_import.mapping.values import journal_debit_senses

    return RowRule(normalize_header(column), "one_of", journal_debit_senses(mappings_dir))


def unlettered_credits(frame: pl.DataFrame, mappings_dir: Path | str) -> tuple[int, bool]:
    """In a journal whose cases are its customer debits not yet lettered (a FEC, or a journal read
    by ``journal_rules``): how many credits on customer accounts (payments, credit notes) it holds
    when it has no lettering to tell which invoices they settle, and whether a lettering column is
    there, blank throughout. (0, False) when the journal is lettered, or is no such journal."""
    from getbill_import.mapping.values import journal_columns

    found, prefixes = journal_columns([c for c in frame.columns if c != LINE], mappings_dir)
    sided = "sense" in found and "credit" not in found
    if "account" not in found or not ("credit" in found or sided) or not prefixes:
        return 0, False
    lettering = found.get("lettering")
    blank = False
    if lettering is not None:
        if frame.get_column(lettering).cast(pl.String).str.strip_chars().replace("", None).drop_nulls().len():
            return 0, False
        blank = True
    customer = frame.get_column(found["account"]).cast(pl.String).str.strip_chars().str.contains(
        "^(?:" + "|".join(re.escape(p) for p in prefixes) + ")"
    ).fill_null(False)
    if sided:
        # one amount column and its side: the rows whose side is not a debit's (``_debit_side``)
        side = pl.col(found["sense"]).cast(pl.String).str.strip_chars().fill_null("")
        credit = frame.select((side != "") & ~_debit_side(found["sense"], mappings_dir).condition(side)).to_series()
    else:
        credit = frame.get_column(found["credit"]).cast(pl.String).str.contains("[1-9]").fill_null(False)
    return int((customer & credit).sum()), blank


#: the pseudo-column of a ledger's customer account (Konto or Gegenkonto, whichever is the customer's)
ACCOUNT_COLUMN = "(customer account)"


@dataclass(frozen=True)
class LedgerRows:
    """What a journal read as a ledger holds: the rows that are postings on a customer account
    for an invoice with a debit in the file (``keep``), the customer account of each of them
    (``accounts``, aligned with the kept rows), the postings other than each invoice's first debit
    (``lines``: LINE, INVOICE, SIGN), and what the rest was, for the notice."""

    keep: pl.Series
    accounts: pl.Series
    lines: pl.DataFrame
    #: postings between other accounts (sales, tax, bank, suppliers)
    others: int
    said: str
    #: over the file's rows: the postings on a customer account for an invoice without a debit in
    #: the file (credits all: payments and credit notes of earlier invoices), and the customer
    #: account of every row (null off customer accounts)
    earlier: pl.Series
    all_accounts: pl.Series


def ledger_rows(frame: pl.DataFrame, mapping: MappingResult, ledger_digits: int | None = None) -> LedgerRows | None:
    """The applied profile's ``[ledger]`` read on ``frame`` (None without one, or when the file
    lacks its columns or a reference). With ``longest``, customer accounts have one digit more than
    the general ledger's ``ledger_digits`` when the file says them (DATEV's header line), else the
    most digits of its accounts. Each posting on a customer account counts for the customer
    (the account, or the counter account when the account is not a customer's); the postings of one
    customer and one reference are the invoice's: its first debit is the invoice's row, the others
    add to it or take off (payments, credits), and an invoice whose postings are all credits is no
    case. Columnar."""
    from getbill_import.mapping.normalize import normalize_header

    rule = mapping.ledger
    reference = mapping.field_columns().get("reference")
    if rule is None or reference not in frame.columns:
        return None
    by_norm = {normalize_header(c): c for c in frame.columns if c != LINE}
    side, account, counter = (by_norm.get(c) for c in (rule.side, rule.account, rule.counter_account))
    if side is None or account is None or counter is None:
        return None

    def text(column: str) -> pl.Expr:
        return pl.col(column).cast(pl.String).str.strip_chars().fill_null("")

    numbers = frame.select(
        text(account).str.replace(r"^0+", "").alias("account"), text(counter).str.replace(r"^0+", "").alias("counter"),
    )
    digits: int | None = None
    if rule.longest and ledger_digits is not None:
        digits = ledger_digits + 1
    elif rule.longest:
        both = pl.concat([numbers["account"], numbers["counter"]])
        longest = both.filter(both.str.contains(r"^[0-9]+$")).str.len_chars().max()
        digits = int(longest) if isinstance(longest, int) and longest else None

    def customer(e: pl.Expr) -> pl.Expr:
        found = e.str.contains(r"^[0-9]+$") & pl.any_horizontal([e.str.starts_with(p) for p in rule.customer_prefixes])
        return found & (e.str.len_chars() == digits) if digits else found

    debit = text(side).str.to_lowercase().is_in(list(rule.debit))
    on_account, on_counter = customer(pl.col("account")), customer(pl.col("counter"))
    ref = text(reference)
    work = pl.concat([frame.select(pl.col(LINE), ref.alias("ref"), debit.alias("debit")), numbers], how="horizontal").with_columns(
        pl.when(on_account).then(pl.col("account")).when(on_counter).then(pl.col("counter")).alias("customer"),
        pl.when(on_account).then(pl.when("debit").then(1).otherwise(-1))
        .when(on_counter).then(pl.when("debit").then(-1).otherwise(1)).cast(pl.Int8).alias(SIGN),
    ).with_columns(
        # a posting without a reference is an invoice of its own
        pl.when(pl.col("ref") != "").then(pl.col("ref")).otherwise(pl.lit("\0") + pl.col(LINE).cast(pl.String)).alias("key"),
    ).with_columns(
        pl.col(LINE).filter(pl.col(SIGN) > 0).first().over("customer", "key").alias(INVOICE),
    )
    posted = work["customer"].is_not_null()
    keep = posted & work[INVOICE].is_not_null()
    kept = work.filter(keep)
    lines = kept.filter(pl.col(LINE) != pl.col(INVOICE)).select(LINE, INVOICE, SIGN)
    return LedgerRows(
        keep=keep, accounts=kept["customer"].alias(ACCOUNT_COLUMN), lines=lines,
        others=int((~posted).sum()), said=rule.describe(account, counter, digits),
        # a posting on a customer account whose invoice has no debit is a credit
        earlier=posted & ~keep, all_accounts=work["customer"].alias(ACCOUNT_COLUMN),
    )
