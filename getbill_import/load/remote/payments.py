"""A ledger's payments of invoices sent by earlier imports, recorded on the remote API's cases.

Each payment finds its case by the invoice's reference (``GET /debts?reference=``, the one case
whose reference is exactly the ledger's invoice number) and is recorded there with
``POST /debts/{id}/payments``, under the fingerprint of its posting as ``external_id``: the server
records a posting once, however often the ledger is sent. A server without the payment endpoint
(it answers 404 or 405 for a case it has just listed) is said once, and nothing more is tried.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from getbill_import.load.remote.client import ApiClient, json_object
from getbill_import.load.remote.errors import RemoteRejected

if TYPE_CHECKING:
    from getbill_import.collection.reconcile import PaymentLine, ReconcileResult
    from getbill_import.collection.settlements import Settled
    from getbill_import.pipeline import PreparedFile

#: answers meaning the server has no payment endpoint for a case it lists
_NO_ENDPOINT = frozenset({404, 405, 501})


@dataclass
class RemotePayments:
    """What was sent: the payments as ``collection reconcile`` reports them, and why the rest were
    not sent when the server records no payment (``unsupported``)."""

    result: ReconcileResult
    unsupported: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "unsupported": self.unsupported}


def send_ledger_payments(api: ApiClient, payments: pl.DataFrame, *, path: Path) -> RemotePayments:
    """Record ``payments`` (``pipeline.ledger_payments``) on the cases of ``api``'s account.
    Raises RemoteUnavailable (the server kept failing) or RemoteAuthError like the batch upload;
    a payment the server refuses is listed unmatched with the server's reason."""
    from getbill_import.collection.reconcile import (
        BY_REFERENCE,
        ReconcileResult,
        ledger_payment_lines,
        ledger_source,
    )

    lines = ledger_payment_lines(payments)
    sent = RemotePayments(ReconcileResult(ledger_source(path), [], lines=len(lines)))
    result = sent.result
    for n, line in enumerate(lines):
        base = line.entry()
        case = _find_case(api, line.invoice or "")
        if isinstance(case, str):
            result.unmatched.append({**base, "reason": case, "candidates": []})
            continue
        try:
            answer = _post_payment(api, case["id"], line)
        except RemoteRejected as exc:
            if exc.status in _NO_ENDPOINT:
                left = len(lines) - n
                sent.unsupported = (
                    f"{api.base_url} records no payment (POST /debts/{{id}}/payments answered HTTP {exc.status} for "
                    f"a case it lists): {left:,} payment(s) of earlier invoices in this ledger were not sent. Record "
                    "them there, or import the ledger into the local store."
                )
                for rest in lines[n:]:
                    result.unmatched.append({**rest.entry(), "reason": "not sent: the remote API records no payment",
                                             "candidates": []})
                break
            result.unmatched.append({**base, "reason": str(exc), "candidates": [_candidate(case)]})
            continue
        debt = _object(answer.get("debt"))
        entry = {**base, "debt_id": case["id"], "reference": case.get("reference"), "how": BY_REFERENCE,
                 "external_id": line.external_id, "payment_id": answer.get("id")}
        if answer.get("replayed"):
            result.already.append(entry)
        else:
            result.matched.append({**entry, "overpaid": answer.get("overpaid") or None,
                                   "resolved": debt.get("status") == "resolved"})
    return sent


def send_settlements(api: ApiClient, prepared: PreparedFile, *, path: Path, existing: bool) -> Settled | None:
    """What ``prepared`` says of the invoices of earlier imports (``collection.settlements``),
    recorded on the remote API's cases: each case found by its reference, paid the difference
    between its balance and what the list says is owed (``POST /debts/{id}/payments``, the
    fingerprint of what the list says as ``external_id``), or cancelled (``POST
    /debts/{id}/status``). None when the list says nothing of any such invoice."""
    from getbill_import.collection.reconcile import ReconcileResult
    from getbill_import.collection.settlements import Settled, plan, settlement_rows, split

    settlements = settlement_rows(prepared, existing=existing)
    if not settlements.height:
        return None
    settled = Settled(ReconcileResult({"path": path.name, "format": "list"}, []))
    found = _open_cases(api, settlements["reference"].to_list())
    if not found.height:
        return settled
    planned = plan(settlements, found)
    payments, cancel = split(planned, settled)
    result = settled.payments
    result.lines = len(payments)
    for n, (line, row) in enumerate(payments):
        base = {**line.entry(), "reference": line.invoice, "debt_id": row["id"], "external_id": line.external_id}
        try:
            answer = _post_payment(api, row["id"], line)
        except RemoteRejected as exc:
            if exc.status in _NO_ENDPOINT:
                for rest, _ in payments[n:]:
                    result.unmatched.append({**rest.entry(), "reference": rest.invoice, "candidates": [],
                                             "reason": f"not sent: the remote API records no payment (HTTP {exc.status})"})
                break
            result.unmatched.append({**base, "reason": str(exc), "candidates": []})
            continue
        if answer.get("replayed"):
            result.already.append(base)
        else:
            result.matched.append({**base, "payment_id": answer.get("id"), "overpaid": answer.get("overpaid") or None,
                                   "resolved": _object(answer.get("debt")).get("status") == "resolved"})
    for entry in cancel:
        try:
            api.send("POST", f"debts/{entry['debt_id']}/status",
                     content=json.dumps({"status": "cancelled", "reason": f"{path.name}: {entry['said']}"}).encode(),
                     headers={"Content-Type": "application/json"}, what=f"the cancellation of {entry['reference']!r}")
        except RemoteRejected as exc:
            settled.cancelled.append({**entry, "cancelled": False, "reason": str(exc)})
        else:
            settled.cancelled.append({**entry, "cancelled": True})
    return settled


#: up to this many references, each case is looked up on its own; more, and the account's cases
#: are listed page by page (a request per page instead of one per reference)
MAX_LOOKUPS = 100
#: cases asked per page when they are listed
PAGE_SIZE = 500


def _remote_cases(api: ApiClient, references: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """The remote cases whose reference is among ``references`` (as written, whatever the case),
    each with the reference as the list writes it; a reference that several cases share is left out."""
    if len(references) <= MAX_LOOKUPS:
        found = [(reference, _find_case(api, reference)) for reference in references]
        return [(reference, case) for reference, case in found if isinstance(case, dict)]
    wanted = {reference.strip().lower(): reference for reference in references}
    matches: dict[str, list[dict[str, Any]]] = {}
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": PAGE_SIZE, **({"cursor": cursor} if cursor else {})}
        answer = json_object(api.send("GET", "debts", params=params, what="the list of cases"))
        data = answer.get("data")
        for case in data if isinstance(data, list) else []:
            key = str(case.get("reference") or "").strip().lower() if isinstance(case, dict) else ""
            if key in wanted and case.get("id"):
                matches.setdefault(key, []).append(case)
        cursor = answer.get("next_cursor") if answer.get("has_more") else None
        if not isinstance(cursor, str) or not cursor:
            break
    return [(wanted[key], cases[0]) for key, cases in matches.items() if len(cases) == 1]


def keep_remote_invoice_amounts(api: ApiClient, prepared: PreparedFile) -> int:
    """``collection.settlements.keep_invoice_amounts`` against the remote API's cases: before an
    update with a balance list, each row naming an open remote case sends the case's amount (plus
    what is owed beyond its balance), and the balance comes down by ``send_settlements``'
    payments. Returns the rows changed."""
    from getbill_import.collection.settlements import owed_rows, replace_amounts

    owed = owed_rows(prepared)
    if not owed.height:
        return 0
    return replace_amounts(prepared, owed, _open_cases(api, owed["reference"].to_list()))


def _open_cases(api: ApiClient, references: list[str]) -> pl.DataFrame:
    """The open remote cases of ``references`` (``CASE_SCHEMA``, each with the reference as the
    list writes it)."""
    from getbill_import.collection.settlements import CASE_SCHEMA

    found = []
    for reference, case in _remote_cases(api, references):
        if case.get("status") not in ("resolved", "cancelled"):
            debtor = _object(case.get("debtor"))
            found.append({
                "id": str(case["id"]), "reference": reference, "debtor_name": debtor.get("name"),
                "debtor_email": debtor.get("email"), "amount_cents": _cents(case.get("amount")),
                "balance_cents": _cents(case.get("balance")),
                "currency": str(case.get("currency") or ""), "status": str(case.get("status") or ""),
            })
    return pl.DataFrame(found, schema=CASE_SCHEMA)


def _post_payment(api: ApiClient, case_id: str, line: PaymentLine) -> dict[str, Any]:
    return json_object(api.send(
        "POST", f"debts/{case_id}/payments", content=json.dumps(_body(line)).encode(),
        headers={"Content-Type": "application/json"}, what=f"the payment of {line.invoice!r}",
    ))


def _cents(value: Any) -> int:
    try:
        return int((Decimal(str(value)) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return 0


def _body(line: PaymentLine) -> dict[str, Any]:
    body: dict[str, Any] = {"amount": line.amount_cents / 100, "currency": line.currency,
                            "method": line.method, "external_id": line.external_id}
    if line.paid_on is not None:
        body["paid_at"] = dt.datetime(line.paid_on.year, line.paid_on.month, line.paid_on.day, tzinfo=dt.UTC).isoformat()
    return body


def _find_case(api: ApiClient, reference: str) -> dict[str, Any] | str:
    """The one case whose reference is ``reference`` (as written, whatever the case), or why none."""
    wanted = reference.strip().lower()
    answer = json_object(api.send("GET", "debts", params={"reference": reference.strip(), "limit": 5},
                                  what=f"the search for the case {reference!r}"))
    data = answer.get("data")
    found = [d for d in data if isinstance(d, dict) and str(d.get("reference") or "").strip().lower() == wanted
             and d.get("id")] if isinstance(data, list) else []
    if not found:
        return "no case at the remote API has this reference"
    if len(found) > 1:
        return f"{len(found)} cases at the remote API have this reference"
    return found[0]


def _candidate(case: dict[str, Any]) -> dict[str, Any]:
    debtor = _object(case.get("debtor"))
    return {"debt_id": case.get("id"), "reference": case.get("reference"), "debtor": debtor.get("name"),
            "balance": case.get("balance")}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
