"""Payments: recorded for a case (``/debts/{id}/payments``), simulated in the sandbox
(``/sandbox/payments``), and reconciled from a bank statement or a payments export
(``/payments/import``)."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_async, authorize_sandbox, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.collection import case_for, principal_now
from getbill_import.api.context import ApiContext
from getbill_import.api.debts import PREFIX, json_response
from getbill_import.api.idempotency import idempotent
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import DEBT_OUT, json_answer, json_body
from getbill_import.collection.payments import CaseNotFound, PaymentRefused, Recorded, pay
from getbill_import.collection.reconcile import ROLES, ReconcileOptions, reconcile
from getbill_import.errors import GetbillError, api_field
from getbill_import.store.credentials import Principal
from getbill_import.store.payments import list_payments

router = APIRouter(dependencies=secured())
_TEXT = {"type": ["string", "null"]}
_METHOD = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
#: the largest amount a payment may have
MAX_CENTS = 10**15

PAYMENT_IN: dict[str, Any] = {
    "type": "object", "required": ["amount"],
    "properties": {
        "amount": {"type": ["number", "string"], "example": 2340.00, "description": "More than 0, at most 2 decimals"},
        "currency": {"type": ["string", "null"], "example": "EUR", "description": "The case's currency (the default)"},
        "method": {"type": ["string", "null"], "example": "card",
                   "description": "card, transfer, direct_debit, check, cash… (default transfer)"},
        "external_id": {"type": ["string", "null"], "maxLength": 200, "example": "pi_3Ox…",
                        "description": "The payment's id at its processor (a Stripe payment id…): recorded once"},
        "stripe_payment_id": {"type": ["string", "null"], "maxLength": 200,
                              "description": "Same as external_id, in the webhook's words"},
        "paid_at": {"type": ["string", "null"], "description": "When the debtor paid (default: now)"},
    },
    "additionalProperties": False,
}
PAYMENT_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "debt_id", "amount", "currency", "method", "applied", "overpaid", "overpayment"],
    "properties": {
        "id": {"type": "string"}, "debt_id": {"type": "string"}, "amount": {"type": "number"},
        "currency": {"type": "string"}, "method": {"type": "string"}, "external_id": _TEXT,
        "stripe_payment_id": _TEXT, "applied": {"type": "number"}, "overpaid": {"type": "number"},
        "overpayment": {"type": "boolean"}, "paid_at": {"type": "string"}, "recorded_at": {"type": "string"},
        "source": {"type": "string"}, "details": {"type": ["object", "null"]}, "debt": DEBT_OUT,
        "replayed": {"type": "boolean"},
    },
}
PAYMENT_LIST: dict[str, Any] = {
    "type": "object", "required": ["data"], "properties": {"data": {"type": "array", "items": PAYMENT_OUT}},
}
SANDBOX_PAYMENT_IN: dict[str, Any] = {
    "type": "object", "required": ["debt_id"],
    "properties": {
        "debt_id": {"type": "string"},
        "amount": {"type": ["number", "string", "null"], "description": "Default: the whole balance"},
        "method": {"type": ["string", "null"], "description": "Default: card"},
    },
    "additionalProperties": False,
}
RECONCILE_OUT: dict[str, Any] = {
    "type": "object", "required": ["counts", "matched", "ambiguous", "unmatched"],
    "properties": {
        "source": {"type": "object"}, "columns": {"type": "array"}, "dry_run": {"type": "boolean"},
        "counts": {"type": "object"}, "matched": {"type": "array"}, "already_recorded": {"type": "array"},
        "ambiguous": {"type": "array"}, "unmatched": {"type": "array"}, "skipped": {"type": "array"},
    },
}


def _cents(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, str | int | float) or (isinstance(value, str) and len(value) > 40):
        raise Problem(422, "invalid-payment", "amount is a number: more than 0, with at most 2 decimals.",
                      errors=[_error("amount", "invalid-amount", "amount is a number.")])
    try:
        amount = Decimal(str(value).strip())
        usable = amount.is_finite() and 0 < amount < MAX_CENTS / 100 and amount == amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        usable = False
    if not usable:
        raise Problem(422, "invalid-payment", f"amount is more than 0, with at most 2 decimals, not {value}.",
                      errors=[_error("amount", "invalid-amount", "amount is more than 0, with at most 2 decimals.")])
    return int(amount * 100)


def _error(field: str, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": code, "severity": "error", "message": message, "suggestion": None}


def _text(doc: dict[str, Any], key: str, limit: int) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
        raise Problem(422, "invalid-payment", f"{key} is text of 1 to {limit} characters.",
                      errors=[_error(key, "invalid-text", f"{key} is text of 1 to {limit} characters.")])
    return value.strip()


def _moment(text: str | None, now: dt.datetime) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if "T" in text or " " in text else None
        if moment is None:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    except ValueError:
        raise Problem(422, "invalid-payment", "paid_at is a date (2024-03-15) or a moment (2024-03-15T14:32:07Z).",
                      errors=[_error("paid_at", "invalid-date", "paid_at is an ISO 8601 date or moment.")]) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if moment.year < 1970 or moment > now + dt.timedelta(days=1):
        raise Problem(422, "invalid-payment", "paid_at is in the past.",
                      errors=[_error("paid_at", "invalid-date", "paid_at is in the past.")])
    return moment


def _answer(recorded: Recorded) -> Response:
    body = {**recorded.payment, "debt": recorded.case, "replayed": not recorded.created}
    return json_response(body, 201 if recorded.created else 200,
                         {"Location": f"{PREFIX}/debts/{recorded.case['id']}/payments"})


def _pay(ctx: ApiContext, principal: Principal, request: Request, debt_id: str, **kwargs: Any) -> Response:
    try:
        recorded = pay(ctx.store, account=principal.account, case_id=debt_id, now=principal_now(ctx, principal),
                       **kwargs)
    except CaseNotFound:
        case_for(ctx, principal, request, debt_id)  # 404 or 410
        raise Problem(404, "not-found", f"There is no case {debt_id} in your account.") from None
    except PaymentRefused as exc:
        status = 409 if exc.code == "external-id-reused" else 422
        raise Problem(status, exc.code, str(exc), errors=[_error(exc.facts.get("field") or "amount", exc.code, str(exc))]) from None
    ctx.wake_webhooks()
    return _answer(recorded)


@router.post(
    "/debts/{debt_id}/payments", status_code=201, tags=["payments"],
    summary="Record a payment: the balance goes down, the last one resolves the case (idempotent on external_id)",
    openapi_extra=json_body(PAYMENT_IN),
    responses={201: json_answer(PAYMENT_OUT, "The payment, and the case after it"),
               200: json_answer(PAYMENT_OUT, "This external_id was recorded before: that payment"),
               **error_responses(404, 409, 410, 413, 415, 422)},
)
async def add_payment(request: Request, debt_id: str, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await authorize_async(request, "write")
    ctx = context(request)

    def act_sync() -> Response:
        doc = parse_json(body, request.headers.get("content-type"))
        if not isinstance(doc, dict):
            raise Problem(422, "invalid-payment", "The body is a JSON object: amount, currency, method, external_id.")
        unknown = sorted(set(doc) - set(PAYMENT_IN["properties"]))
        if unknown:
            raise Problem(422, "invalid-payment", f"Unknown field(s): {', '.join(unknown)}.",
                          errors=[_error(k, "unknown-field", f"{k} is not a field of a payment.") for k in unknown])
        if "amount" not in doc:
            raise Problem(422, "invalid-payment", "amount is required.", errors=[_error("amount", "missing-amount", "amount is required.")])
        cents = _cents(doc["amount"])
        method = (_text(doc, "method", 32) or "transfer").lower()
        if not _METHOD.match(method):
            raise Problem(422, "invalid-payment", "method is a word: card, transfer, direct_debit, check, cash…",
                          errors=[_error("method", "invalid-method", "method is a word of letters, digits and _.")])
        external = _text(doc, "external_id", 200)
        stripe = _text(doc, "stripe_payment_id", 200)
        if external and stripe and external != stripe:
            raise Problem(422, "invalid-payment", "external_id and stripe_payment_id name the same id: give one.")
        currency = _text(doc, "currency", 3)
        now = principal_now(ctx, principal)
        case_for(ctx, principal, request, debt_id)
        return _pay(ctx, principal, request, debt_id, amount_cents=cents, currency=currency, method=method,
                    external_id=external or stripe, paid_at=_moment(_text(doc, "paid_at", 40), now), source="api")

    async def act() -> Response:
        return await run_in_threadpool(act_sync)

    return await idempotent(request, principal, body, act)


@router.get(
    "/debts/{debt_id}/payments", tags=["payments"], summary="A case's payments, oldest first",
    responses={200: json_answer(PAYMENT_LIST, "The payments"), **error_responses(404, 410)},
)
def payments_of(request: Request, debt_id: str) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    case_for(ctx, principal, request, debt_id)
    return json_response({"data": list_payments(ctx.store, account=principal.account, case_id=debt_id)})


@router.post(
    "/sandbox/payments", status_code=201, tags=["sandbox"],
    summary="Simulate a debtor paying a sandbox case by card (the whole balance by default): a real payment "
            "of the sandbox, with its events",
    openapi_extra=json_body(SANDBOX_PAYMENT_IN),
    responses={201: json_answer(PAYMENT_OUT, "The payment, and the case after it"),
               **error_responses(404, 410, 413, 415, 422)},
)
def sandbox_payment(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = authorize_sandbox(request, "write", "simulates payments")
    ctx = context(request)
    doc = parse_json(body, request.headers.get("content-type"))
    if not isinstance(doc, dict) or not isinstance(doc.get("debt_id"), str) or set(doc) - {"debt_id", "amount", "method"}:
        raise Problem(422, "invalid-payment", "Give debt_id, and optionally amount and method.")
    row = case_for(ctx, principal, request, doc["debt_id"])
    cents = _cents(doc["amount"]) if doc.get("amount") is not None else int(row["balance_cents"])
    if cents <= 0:
        raise Problem(422, "invalid-payment", "The case has nothing left to pay; give an amount to overpay it.")
    method = (_text(doc, "method", 32) or "card").lower()
    if not _METHOD.match(method):
        raise Problem(422, "invalid-payment", "method is a word of letters, digits and _.")
    from getbill_import.store.ids import new_id

    return _pay(ctx, principal, request, row["id"], amount_cents=cents, currency=None, method=method,
                external_id="pi_sandbox_" + new_id("x")[2:], paid_at=None, source="sandbox")


@router.post(
    "/payments/import", tags=["payments"],
    summary="Reconcile a bank statement or a payments export: lines matched to cases by reference, amount and "
            "debtor, recorded once; the answer lists the unmatched and ambiguous lines",
    responses={200: json_answer(RECONCILE_OUT, "What became of each line"), **error_responses(413, 422)},
)
async def import_payments(
    request: Request,
    file: Annotated[UploadFile, File(description="The payments file: CSV, XLSX, XLS or ODS")],
    sheet: Annotated[str | None, Form(max_length=200, description="Sheet name, or its 0-based index")] = None,
    encoding: Annotated[str | None, Form(max_length=40)] = None,
    delimiter: Annotated[Literal[",", ";", "|", "~", "tab"] | None, Form()] = None,
    date_order: Annotated[Literal["day", "month"] | None, Form()] = None,
    columns: Annotated[str | None, Form(max_length=2000, description="ROLE=COLUMN pairs separated by "
                                        "semicolons, e.g. \"amount=Crédit;text=Libellé\" (roles: "
                                        + ", ".join(ROLES) + ")")] = None,
    dry_run: Annotated[bool, Form(description="Match and report, record nothing")] = False,
) -> Response:
    principal = await authorize_async(request, "write")
    return await run_in_threadpool(_reconcile, request, principal, file, {
        "sheet": int(sheet) if sheet and sheet.isdigit() else sheet, "encoding": encoding,
        "delimiter": "\t" if delimiter == "tab" else delimiter, "date_order": date_order,
        "columns": _roles(columns), "dry_run": dry_run,
    })


def _roles(text: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        role, sep, column = part.partition("=")
        if not sep or role.strip() not in ROLES or not column.strip():
            raise Problem(422, "invalid-columns", f"columns are ROLE=COLUMN pairs (roles: {', '.join(ROLES)}), not {part!r}.")
        found[role.strip()] = column.strip()
    return found


def _reconcile(request: Request, principal: Principal, file: UploadFile, options: dict[str, Any]) -> Response:
    ctx = context(request)
    name = (file.filename or "payments").replace("/", "_").replace("\\", "_")[-200:] or "payments"
    suffix = Path(name).suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", Path(name).suffix) else ".csv"
    with tempfile.TemporaryDirectory(prefix="getbill-payments-") as folder:
        path = Path(folder) / f"payments{suffix}"
        size = 0
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                out.write(chunk)
                size += len(chunk)
        if size == 0:
            raise Problem(422, "empty-file", "The uploaded file is empty.")
        try:
            result = reconcile(ctx.store, ctx.settings, path, account=principal.account,
                               now=principal_now(ctx, principal), options=ReconcileOptions(**options), source="import")
        except GetbillError as exc:
            if exc.code in ("store-unavailable",) or exc.transient:
                raise
            raise Problem(422, exc.code, exc.render(api_field)) from None
    ctx.wake_webhooks()
    data = result.to_json()
    data["source"] = {**data["source"], "path": name}
    return json_response(data)
