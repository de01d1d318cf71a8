"""What a later list says of the invoices an earlier one made cases of, recorded on those cases.

A list of invoices is sent again every month. An invoice imported in January is a case; February's
list may say that it was paid (a status, a paid flag, a payment date, a paid amount equal to its
total, a balance of zero), that it is owed less (its balance, or its total less what was paid), or
that it was cancelled. The import leaves such a row out, or skips it as "already a case"; this
module brings the case up to date:

- paid, or owed less than the case's balance: a payment of the difference, matched by the
  invoice's reference alone, recorded as `collection reconcile` records one (``debt.payment_received``,
  and ``debt.resolved`` when nothing is left);
- cancelled: the case is cancelled (if the status machine allows it).

Only the open cases of earlier imports are touched: a case this import created already holds what
the list says. Each payment's external id is the fingerprint of what the list says (the reference,
the amount still owed, the currency), so importing the list again, or a later list that says the
same, records nothing twice, while a list saying less is owed records the difference.

Also here: a list of every open invoice (``import --complete``) pays the open cases of earlier file
imports it leaves out (``absent_cases``); with ``--on-existing update``, a balance list keeps the
invoices' amounts (``keep_invoice_amounts``). A bank statement's line for the money a list said was
paid confirms the list's payment (``reconcile.confirm_list_payment``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlalchemy as sa

from getbill_import.collection.payments import NewPayment, record_payments
from getbill_import.collection.reconcile import PaymentLine, ReconcileResult
from getbill_import.errors import GetbillError
from getbill_import.fields import LINE
from getbill_import.store.engine import Store, WriteConflict
from getbill_import.store.payments import known_external_ids
from getbill_import.store.schema import FINAL_STATUSES, cases, imports
from getbill_import.store.service import CaseConflict, set_status
from getbill_import.validate import VALID

if TYPE_CHECKING:
    from getbill_import.pipeline import PreparedFile

#: how a list's payment is matched: by the case whose reference is the row's
BY_LIST = "reference (the list says it is paid or owed less)"
#: references looked up in one query
_CHUNK = 5_000
#: a case as the plan reads it
CASE_SCHEMA = {"id": pl.String, "reference": pl.String, "debtor_name": pl.String, "debtor_email": pl.String,
                "amount_cents": pl.Int64, "balance_cents": pl.Int64, "currency": pl.String, "status": pl.String}
#: what a settlement row holds
SETTLEMENT = {LINE: pl.Int64, "reference": pl.String, "currency": pl.String, "owed_cents": pl.Int64,
              "why": pl.String, "said": pl.String, "paid_on": pl.Date}


@dataclass
class Settled:
    """What became of the invoices a list says were paid, are owed less or were cancelled, on the
    cases of earlier imports: the payments as `collection reconcile` reports them, and the cases
    cancelled (or left as they were, with why)."""

    payments: ReconcileResult
    cancelled: list[dict[str, Any]] = field(default_factory=list)
    #: rows saying more is owed than the case's balance: left as they are
    more_owed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Any]:
        counts = self.payments.counts
        return {"payments": counts["payments"], "amount_recorded": counts["amount_recorded"],
                "resolved": counts["resolved"], "already_recorded": counts["already_recorded"],
                "refused": counts["unmatched"], "cancelled": sum(1 for c in self.cancelled if c.get("cancelled")),
                "more_owed": len(self.more_owed),
                "absent": sum(1 for m in self.payments.matched if m.get("why") == "absent")}

    @property
    def anything(self) -> bool:
        return any(self.counts[k] for k in ("payments", "already_recorded", "refused", "cancelled", "more_owed"))

    def to_json(self) -> dict[str, Any]:
        payments = self.payments.to_json()
        return {"counts": self.counts, "payments": payments["matched"], "already_recorded": payments["already_recorded"],
                "refused": payments["unmatched"], "cancelled": self.cancelled, "more_owed": self.more_owed}


def settlement_rows(prepared: PreparedFile, *, existing: bool) -> pl.DataFrame:
    """What ``prepared`` says of invoices that may be cases of earlier imports (``SETTLEMENT``):
    the rows left out as paid or cancelled (unless another row shows the invoice open), and, when
    some of its case rows were cases already (``existing``), what those rows say is still owed. One
    row per reference, the first."""
    parts = []
    if prepared.settlements is not None and prepared.settlements.height:
        # an invoice the list also shows open (an instalment paid, another due) is not paid
        still_open = prepared.cases["reference"].drop_nulls().implode() if prepared.cases.height else pl.lit([])
        parts.append(prepared.settlements.filter(
            (pl.col("why") != "draft") & ~pl.col("reference").is_in(still_open)
        ).select(
            LINE, "reference", "currency", (pl.col("owed") * 100).round(0).cast(pl.Int64).alias("owed_cents"),
            "why", "said", "paid_on",
        ))
    owed = prepared.owed
    if existing and owed is not None and owed.said_owed is not None:
        parts.append(owed.said_owed)
    elif existing and owed is not None and prepared.cases.height:
        rows = prepared.cases.filter(pl.col(VALID))
        if owed.lines is not None:
            rows = rows.filter(pl.col(LINE).is_in(owed.lines.implode()))
        parts.append(rows.select(
            LINE, "reference", "currency", (pl.col("amount") * 100).round(0).cast(pl.Int64).alias("owed_cents"),
            pl.lit("owed").alias("why"), pl.lit(owed.said).alias("said"), pl.lit(None, pl.Date).alias("paid_on"),
        ).filter(pl.col("reference").is_not_null() & pl.col("owed_cents").is_not_null()))
    if not parts:
        return pl.DataFrame(schema=SETTLEMENT)
    return pl.concat(parts).unique("reference", keep="first", maintain_order=True)


def keep_invoice_amounts(store: Store, prepared: PreparedFile, *, account: str, import_id: str | None) -> int:
    """Before an update (``--on-existing update``) with a list whose amounts are what is still owed
    (a balance, or a total less what was paid): each row naming an open case of an earlier import
    takes the case's amount, plus what the list says is owed beyond the case's balance (a fee,
    interest: the balance then rises to it). The update so leaves each case the invoice's amount
    and its other details from the list, and the balance comes down by the payments
    ``record_settlements`` records, as without --on-existing update. Returns the rows changed."""
    owed = owed_rows(prepared)
    if not owed.height:
        return 0
    found = earlier_cases(store, account=account, references=owed["reference"].to_list(), import_id=import_id)
    return replace_amounts(prepared, owed, found)


def owed_rows(prepared: PreparedFile) -> pl.DataFrame:
    """The case rows of ``prepared`` that say what is still owed (``SETTLEMENT``, why "owed")."""
    return settlement_rows(prepared, existing=True).filter(pl.col("why") == "owed")


def replace_amounts(prepared: PreparedFile, owed: pl.DataFrame, found: pl.DataFrame) -> int:
    """``keep_invoice_amounts`` for the cases ``found`` (``CASE_SCHEMA``), wherever they are."""
    same = owed.join(found.select("reference", "amount_cents", "balance_cents", pl.col("currency").alias("cur")),
                     on="reference", how="inner").filter(pl.col("currency").is_null() | (pl.col("currency") == pl.col("cur")))
    if not same.height:
        return 0
    cents = pl.col("amount_cents") + pl.max_horizontal(pl.col("owed_cents") - pl.col("balance_cents"), pl.lit(0))
    amounts = same.select(LINE, cents.alias("c")).select(
        LINE, pl.format("{}.{}", pl.col("c") // 100, (pl.col("c") % 100).cast(pl.String).str.zfill(2))
        .cast(pl.Decimal(18, 2)).alias("amount"),
    )
    validation = prepared.validation
    assert prepared.owed is not None
    prepared.owed = dataclasses.replace(prepared.owed, said_owed=owed)
    prepared.validation = dataclasses.replace(validation, cases=validation.cases.update(amounts, on=LINE))
    return amounts.height


def external_id(reference: str, owed_cents: int, currency: str) -> str:
    """The payment a list's row says was made on an invoice: the same for every list saying the
    invoice is owed ``owed_cents`` (0: paid)."""
    digest = hashlib.sha256(f"{reference.strip().lower()}|{owed_cents}|{currency}".encode()).hexdigest()[:32]
    return f"list:{digest}"


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def earlier_cases(store: Store, *, account: str, references: list[str], import_id: str | None) -> pl.DataFrame:
    """The open cases of ``account`` whose reference is among ``references``, made by another
    import than ``import_id`` (or by the API): ``CASE_SCHEMA``."""
    rows: list[Any] = []
    columns = [cases.c[name] for name in CASE_SCHEMA]
    with store.read() as conn:
        for chunk in _chunks(references):
            query = sa.select(*columns).where(
                cases.c.account == account, cases.c.reference.in_(chunk), cases.c.status.not_in(FINAL_STATUSES),
            )
            if import_id is not None:
                query = query.where(sa.or_(cases.c.import_id.is_(None), cases.c.import_id != import_id))
            rows.extend(conn.execute(query).all())
    return pl.DataFrame(rows, orient="row", schema=CASE_SCHEMA)


def plan(settlements: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """Each settlement row beside its case (``found``, by reference) and the payment it makes
    (``pay_cents``: the case's balance less what is owed; null when cancelled)."""
    return settlements.join(
        found.rename({"currency": "case_currency"}), on="reference", how="inner", maintain_order="left",
    ).with_columns((pl.col("balance_cents") - pl.col("owed_cents")).alias("pay_cents"))


def _line(row: dict[str, Any]) -> PaymentLine:
    currency = row["case_currency"]
    return PaymentLine(
        line=row[LINE], amount_cents=row["pay_cents"], currency=currency, paid_on=row["paid_on"],
        text=f"{row['reference']}: {row['said']}", payer=None, email=None, invoice=row["reference"],
        external_id=external_id(row["reference"], row["owed_cents"], currency), method="other",
    )


def split(planned: pl.DataFrame, settled: Settled) -> tuple[list[tuple[PaymentLine, dict[str, Any]]], list[dict[str, Any]]]:
    """The payments to record (line, case) and the cases to cancel; the rows that say more is owed
    than the case's balance, or in another currency, are listed in ``settled`` and left out."""
    payments, cancel = [], []
    # most rows of a later list say what the case already holds: nothing to do for them
    other_currency = pl.col("currency").is_not_null() & (pl.col("currency") != pl.col("case_currency"))
    acted = planned.filter((pl.col("why") == "cancelled") | other_currency | (pl.col("pay_cents") != 0))
    for row in acted.iter_rows(named=True):
        base = {"line": row[LINE], "reference": row["reference"], "debt_id": row["id"], "said": row["said"]}
        if row["why"] == "cancelled":
            cancel.append({**base, "status": row["status"]})
            continue
        if row["currency"] and row["currency"] != row["case_currency"]:
            settled.payments.unmatched.append({
                **base, "amount": None, "currency": row["currency"], "text": row["said"], "candidates": [],
                "reason": f"the list says {row['currency']}, the case is in {row['case_currency']}",
            })
            continue
        if row["pay_cents"] < 0:
            settled.more_owed.append({**base, "owed": row["owed_cents"] / 100, "balance": row["balance_cents"] / 100,
                                      "currency": row["case_currency"]})
            continue
        if row["pay_cents"] > 0:
            payments.append((_line(row), row))
    return payments, cancel


def record_settlements(
    store: Store, prepared: PreparedFile, *, account: str, import_id: str | None, now: dt.datetime, path: Path,
    existing: bool, source: str = "import", absent: pl.DataFrame | None = None, dry_run: bool = False,
) -> Settled | None:
    """Bring the cases of earlier imports up to date with what ``prepared`` says of their invoices
    (see the module's docstring), in one transaction. ``existing``: some of its case rows were cases
    already (the loader skipped them); ``absent``: the cases a complete list leaves out
    (``absent_cases``), paid. With ``dry_run``, nothing is written: the payments and cancellations
    are those the import would make. None when the list says nothing of any such case."""
    settlements = settlement_rows(prepared, existing=existing)
    if absent is not None and absent.height:
        settlements = pl.concat([settlements, absent_rows(absent, path)])
    if not settlements.height:
        return None
    # another process recording the same payments at the same moment (PostgreSQL): once it is done,
    # they are known, and the plan made again records the rest
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _settle(store, settlements, account=account, import_id=import_id, now=now, path=path,
                           source=source, dry_run=dry_run)
        except WriteConflict:
            if attempt == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")


#: how often the settlements are planned and written when another writer got there first
_ATTEMPTS = 3


def _settle(
    store: Store, settlements: pl.DataFrame, *, account: str, import_id: str | None, now: dt.datetime, path: Path,
    source: str, dry_run: bool,
) -> Settled:
    found = earlier_cases(store, account=account, references=settlements["reference"].to_list(), import_id=import_id)
    settled = Settled(ReconcileResult({"path": path.name, "format": "list"}, [], dry_run=dry_run))
    if not found.height:
        return settled
    planned = plan(settlements, found)
    payments, cancel = split(planned, settled)
    settled.payments.lines = len(payments)
    with store.read() as conn:
        recorded = known_external_ids(conn, account=account, external_ids=[line.external_id for line, _ in payments])
    todo, whys = [], []
    for line, row in payments:
        if line.external_id in recorded:
            settled.payments.already.append({**line.entry(), "external_id": line.external_id, "reference": line.invoice,
                                             "why": row["why"]})
        else:
            todo.append(line)
            whys.append(row["why"])
    if dry_run:
        _would(settled, todo, whys, cancel, found)
        return settled
    ids = dict(zip(found["reference"].to_list(), found["id"].to_list(), strict=True))
    items = [NewPayment(
        case_id=ids[line.invoice or ""], amount_cents=line.amount_cents, currency=line.currency, method=line.method,
        external_id=line.external_id,
        paid_at=dt.datetime.combine(line.paid_on, dt.time(), tzinfo=dt.UTC) if line.paid_on else None,
        details={"file": path.name, "line": line.line, "text": line.text[:500], "matched_by": BY_LIST},
    ) for line in todo]
    with store.write() as conn:
        outcomes = record_payments(conn, account=account, items=items, now=now, source=source)
        for line, item, outcome, why in zip(todo, items, outcomes, whys, strict=True):
            entry = {**line.entry(), "debt_id": item.case_id, "reference": line.invoice, "how": BY_LIST,
                     "external_id": line.external_id, "why": why}
            if outcome.payment is None:
                settled.payments.unmatched.append({**entry, "reason": outcome.refused, "candidates": []})
            else:
                settled.payments.matched.append({
                    **entry, "payment_id": outcome.payment["id"], "overpaid": outcome.payment["overpaid"] or None,
                    "resolved": outcome.resolved,
                })
        for cancelled in cancel:
            try:
                set_status(conn, account=account, case_id=cancelled["debt_id"], status="cancelled", now=now)
            except CaseConflict as exc:
                settled.cancelled.append({**cancelled, "cancelled": False, "reason": str(exc)})
            else:
                settled.cancelled.append({**cancelled, "cancelled": True})
    return settled


def _would(settled: Settled, todo: list[PaymentLine], whys: list[str], cancel: list[dict[str, Any]],
            found: pl.DataFrame) -> None:
    """What an import would record (``record_settlements``' dry run)."""
    cases_by_ref = {row["reference"]: row for row in found.iter_rows(named=True)}
    for line, why in zip(todo, whys, strict=True):
        case = cases_by_ref[line.invoice]
        settled.payments.matched.append({
            **line.entry(), "debt_id": case["id"], "reference": line.invoice, "how": BY_LIST,
            "external_id": line.external_id, "why": why, "payment_id": None, "overpaid": None,
            "resolved": line.amount_cents >= case["balance_cents"],
        })
    settled.cancelled.extend({**entry, "cancelled": True} for entry in cancel)


class IncompleteList(GetbillError):
    """A list imported as complete that leaves out too many open cases to be one."""

    code = "complete-list-refused"


#: a complete list leaving out this many open cases or fewer is never refused
MIN_REFUSED = 20


def absent_cases(
    store: Store, prepared: PreparedFile, *, account: str, import_id: str | None, max_share: float,
) -> pl.DataFrame:
    """The open cases of earlier file imports (not batches sent to the API, nor cases made one by
    one) whose reference ``prepared`` does not hold, for a list that holds every open invoice
    (``import --complete``): their invoices were paid. Raises IncompleteList when some of its rows
    have no reference (it cannot say which invoices it leaves out), or when it leaves out more than
    ``max_share`` of those cases (and more than MIN_REFUSED): a list cut to a customer or a period,
    or another file, more likely than a month of payments."""
    unnamed = int(prepared.cases["reference"].null_count()) if prepared.cases.height else 0
    if unnamed:
        raise IncompleteList(
            f"{unnamed:,} row(s) of this list have no reference it can read, so it cannot say which invoices it "
            "leaves out: nothing was imported. Correct them (see the report), or import the list without {complete}.",
            options=("complete",),
        )
    mentioned = set(prepared.cases["reference"].to_list()) if prepared.cases.height else set()
    if prepared.settlements is not None:
        mentioned.update(prepared.settlements["reference"].to_list())
    query = sa.select(*(cases.c[name] for name in CASE_SCHEMA)).select_from(cases.join(imports, imports.c.id == cases.c.import_id)).where(
        cases.c.account == account, cases.c.status.not_in(FINAL_STATUSES), imports.c.kind != "batch",
    )
    if import_id is not None:
        query = query.where(cases.c.import_id != import_id)
    with store.read() as conn:
        rows = conn.execute(query).all()
    open_cases = pl.DataFrame(rows, orient="row", schema=CASE_SCHEMA)
    absent = open_cases.filter(~pl.col("reference").is_in(list(mentioned)))
    if absent.height > MIN_REFUSED and absent.height > max_share * open_cases.height:
        raise IncompleteList(
            f"This list leaves out {absent.height:,} of the {open_cases.height:,} open cases of earlier imports "
            f"({absent.height / open_cases.height:.0%}): imported as complete, it would record them all as paid. "
            "Nothing was imported. A list cut to some customers or a period is not complete: import it without "
            "{complete}. If it is complete, allow it with {complete_max_share} 1.",
            options=("complete", "complete_max_share"), absent=absent.height, open=open_cases.height,
        )
    return absent


def absent_rows(absent: pl.DataFrame, path: Path) -> pl.DataFrame:
    """The cases a complete list leaves out, as settlement rows (``SETTLEMENT``): paid."""
    return absent.select(
        pl.lit(None, pl.Int64).alias(LINE), "reference", "currency", pl.lit(0, pl.Int64).alias("owed_cents"),
        pl.lit("absent").alias("why"), pl.lit(f"not in the complete list '{path.name}'").alias("said"),
        pl.lit(None, pl.Date).alias("paid_on"),
    )
