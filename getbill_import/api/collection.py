"""``/followups`` (the follow-up history), ``/scenarios``, a case's requested status changes
(``/debts/{id}/status``, ``/debts/{id}/escalate``) and the sandbox's clock
(``/sandbox/clock``), which plays a scenario in seconds."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_async, authorize_sandbox, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.context import ApiContext
from getbill_import.api.debts import json_response
from getbill_import.api.idempotency import idempotent
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import DEBT_OUT, json_answer, json_body
from getbill_import.collection.channels import OUTCOMES
from getbill_import.collection.payments import (
    REQUESTABLE_STATUSES,
    CaseNotFound,
    PaymentRefused,
    change_status,
)
from getbill_import.collection.scenarios import CHANNELS, load_catalog
from getbill_import.records import JSONNumber
from getbill_import.store.clocks import account_now, advance
from getbill_import.store.clocks import offset as clock_offset
from getbill_import.store.credentials import Principal
from getbill_import.store.followups import FollowupFilter, followup_json, page_followups
from getbill_import.store.service import CaseConflict, find_case
from getbill_import.store.shape import iso_utc

router = APIRouter(dependencies=secured())
#: the longest jump of a sandbox clock in one request
MAX_ADVANCE_DAYS = 366

_TEXT = {"type": ["string", "null"]}
FOLLOWUP_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "debt_id", "scenario", "wave", "channel", "status", "started_at"],
    "properties": {
        "id": {"type": "integer"}, "debt_id": {"type": "string"}, "reference": _TEXT,
        "scenario": {"type": "string"}, "wave": {"type": "integer"},
        "channel": {"type": "string", "enum": list(CHANNELS)}, "template": _TEXT,
        "status": {"type": "string", "enum": ["sending", "done"]},
        "outcome": {"type": ["string", "null"], "enum": [*OUTCOMES, None]},
        "details": {"type": ["object", "null"]}, "scheduled_for": {"type": "string"},
        "started_at": {"type": "string"}, "completed_at": _TEXT,
    },
}
FOLLOWUP_LIST: dict[str, Any] = {
    "type": "object", "required": ["data", "has_more", "next_cursor"],
    "properties": {"data": {"type": "array", "items": FOLLOWUP_OUT}, "has_more": {"type": "boolean"},
                   "next_cursor": _TEXT},
}
SCENARIO_LIST: dict[str, Any] = {
    "type": "object", "required": ["data"],
    "properties": {"data": {"type": "array", "items": {"type": "object", "properties": {
        "name": {"type": "string"}, "description": {"type": "string"}, "waves": {"type": "array"},
        "escalation": {"type": ["object", "null"]}, "default": {"type": "boolean"},
    }}}},
}
STATUS_IN: dict[str, Any] = {
    "type": "object", "required": ["status"],
    "properties": {"status": {"type": "string", "enum": list(REQUESTABLE_STATUSES)},
                   "reason": {"type": ["string", "null"], "maxLength": 500}},
    "additionalProperties": False,
}
ESCALATE_IN: dict[str, Any] = {
    "type": "object", "properties": {"reason": {"type": ["string", "null"], "maxLength": 500}},
    "additionalProperties": False,
}
CLOCK_IN: dict[str, Any] = {
    "type": "object",
    "description": "How far to move the sandbox's clock ahead: days and/or hours (at most 366 days).",
    "properties": {"days": {"type": "integer", "minimum": 0, "maximum": MAX_ADVANCE_DAYS},
                   "hours": {"type": "integer", "minimum": 0, "maximum": 24 * MAX_ADVANCE_DAYS}},
    "additionalProperties": False,
}
CLOCK_OUT: dict[str, Any] = {
    "type": "object", "required": ["now", "offset_seconds"],
    "properties": {"now": {"type": "string"}, "offset_seconds": {"type": "number"},
                   "ticks": {"type": "array", "items": {"type": "object"}}},
}


def principal_now(ctx: ApiContext, principal: Principal) -> dt.datetime:
    """The time on the caller's clock: a sandbox's may be ahead (``POST /sandbox/clock``)."""
    real = ctx.clock()
    return account_now(ctx.store, principal.account, real) if principal.sandbox else real


def _encode(last: int | None) -> str | None:
    if last is None:
        return None
    return base64.urlsafe_b64encode(orjson.dumps(["f", last])).decode().rstrip("=")


def _decode(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        kind, last = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if kind == "f" and isinstance(last, int) and not isinstance(last, bool) and 0 < last < 2**62:
            return int(last)
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        pass
    raise Problem(400, "invalid-cursor", "The cursor is not one this list gave.")


@router.get(
    "/followups", tags=["followups"], summary="Follow-up history: e-mails, SMS, AI calls, letters",
    responses={200: json_answer(FOLLOWUP_LIST, "A page of follow-ups"), **error_responses(422)},
)
def list_followups(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, description="Follow-ups per page (default 50, at most 500)")] = None,
    cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")] = None,
    sort: Annotated[Literal["started_at", "-started_at"], Query(description="Oldest or newest first")] = "started_at",
    debt_id: Annotated[str | None, Query(max_length=40, description="One case's follow-ups")] = None,
    channel: Annotated[Literal["email", "sms", "ai_call", "letter"] | None, Query()] = None,
    outcome: Annotated[Literal["delivered", "reached", "no_answer", "bounced", "promise_to_pay", "failed"] | None,
                       Query()] = None,
    scenario: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[dt.date | dt.datetime | None, Query(description="Started at or after (date or moment, UTC)")] = None,
    until: Annotated[dt.date | dt.datetime | None, Query(description="Started before this moment, or on or before this day")] = None,
) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    assert channel is None or channel in CHANNELS
    assert outcome is None or outcome in OUTCOMES
    size = min(limit or ctx.settings.api.page_size, ctx.settings.api.max_page_size)
    filters = FollowupFilter(case_id=debt_id, channel=channel, outcome=outcome, scenario=scenario, since=since,
                             until=until)
    page = page_followups(ctx.store, account=principal.account, filters=filters, after=_decode(cursor), limit=size,
                          descending=sort.startswith("-"))
    following = _encode(page.after)
    return json_response({"data": [followup_json(r) for r in page.rows], "has_more": following is not None,
                          "next_cursor": following})


@router.get(
    "/scenarios", tags=["followups"], summary="The follow-up scenarios a case may name, with their waves",
    responses={200: json_answer(SCENARIO_LIST, "The scenarios"), **error_responses()},
)
def scenarios(request: Request) -> Response:
    authorize(request, "read")
    settings = context(request).settings
    catalog = load_catalog(settings.collection.scenarios_dir)
    data = [{**s.to_json(), "default": s.name == settings.default_scenario}
            for s in catalog.scenarios.values() if s.name in settings.scenarios]
    return json_response({"data": data})


def _status_change(request: Request, principal: Principal, debt_id: str, status: str, reason: Any) -> Response:
    ctx = context(request)
    if reason is not None and (not isinstance(reason, str) or len(reason) > 500 or "\x00" in reason):
        raise Problem(422, "invalid-reason", "reason is text of at most 500 characters.")
    try:
        case = change_status(ctx.store, account=principal.account, case_id=debt_id, status=status,
                             now=principal_now(ctx, principal), reason=reason)
    except CaseNotFound:
        raise _missing(request, principal, debt_id) from None
    except CaseConflict as exc:
        raise Problem(409, exc.code, str(exc), errors=[{"field": "status", "code": exc.code, "severity": "error",
                                                         "message": str(exc), "suggestion": None}]) from None
    except PaymentRefused as exc:
        raise Problem(422, exc.code, str(exc)) from None
    _wake(ctx)
    return json_response(case)


def _missing(request: Request, principal: Principal, debt_id: str) -> Problem:
    from getbill_import.api.debts import _gone_or_missing

    return _gone_or_missing(request, principal.account, debt_id)


def _wake(ctx: ApiContext) -> None:
    ctx.wake_webhooks()


@router.post(
    "/debts/{debt_id}/status", tags=["debts"],
    summary="Move a case along the status machine: payment_plan, contacted, escalated (legal), cancelled",
    openapi_extra=json_body(STATUS_IN, "The new status (a case is resolved by its payments)"),
    responses={200: json_answer(DEBT_OUT, "The case as it is now"), **error_responses(404, 409, 410, 413, 415, 422)},
)
async def set_debt_status(request: Request, debt_id: str, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await authorize_async(request, "write")

    def act_sync() -> Response:
        doc = parse_json(body, request.headers.get("content-type"))
        if not isinstance(doc, dict) or set(doc) - {"status", "reason"} or doc.get("status") not in REQUESTABLE_STATUSES:
            raise Problem(422, "invalid-status",
                          f"Give status, one of {', '.join(REQUESTABLE_STATUSES)}, and an optional reason.")
        return _status_change(request, principal, debt_id, doc["status"], doc.get("reason"))

    async def act() -> Response:
        return await run_in_threadpool(act_sync)

    return await idempotent(request, principal, body, act)


@router.post(
    "/debts/{debt_id}/escalate", tags=["debts"], summary="Hand a case over to legal collection (debt.escalated)",
    openapi_extra={"requestBody": {"required": False, "content": {"application/json": {"schema": ESCALATE_IN}}}},
    responses={200: json_answer(DEBT_OUT, "The case, escalated"), **error_responses(404, 409, 410, 413, 415, 422)},
)
async def escalate_debt(request: Request, debt_id: str, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await authorize_async(request, "write")

    def act_sync() -> Response:
        doc = parse_json(body, request.headers.get("content-type")) if body.strip() else {}
        if not isinstance(doc, dict) or set(doc) - {"reason"}:
            raise Problem(422, "invalid-request", "The body is optional: {\"reason\": \"…\"}.")
        return _status_change(request, principal, debt_id, "escalated", doc.get("reason"))

    async def act() -> Response:
        return await run_in_threadpool(act_sync)

    return await idempotent(request, principal, body, act)


@router.get(
    "/sandbox/clock", tags=["sandbox"], summary="The sandbox's clock",
    responses={200: json_answer(CLOCK_OUT, "The time in the sandbox"), **error_responses()},
)
def sandbox_clock(request: Request) -> Response:
    principal = authorize_sandbox(request, "read", "has a clock")
    return json_response(_clock_json(context(request), principal))


def _clock_json(ctx: ApiContext, principal: Principal) -> dict[str, Any]:
    real = ctx.clock()
    with ctx.store.read() as conn:
        ahead = clock_offset(conn, principal.account)
    return {"now": iso_utc(real + ahead), "offset_seconds": ahead.total_seconds()}


@router.post(
    "/sandbox/clock", tags=["sandbox"],
    summary="Move the sandbox's clock ahead, running the scheduler at each day on the way: "
            "a whole scenario plays in seconds",
    openapi_extra=json_body(CLOCK_IN),
    responses={200: json_answer(CLOCK_OUT, "The new time, and what each day's scheduler run did"),
               **error_responses(413, 415, 422)},
)
async def advance_clock(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await run_in_threadpool(authorize_sandbox, request, "write", "moves a clock")
    ctx = context(request)
    doc = parse_json(body, request.headers.get("content-type"))
    amounts = [_whole(doc.get(k, JSONNumber("0"))) for k in ("days", "hours")] if isinstance(doc, dict) else [None]
    days, hours = (amounts[0] or 0, amounts[1] or 0) if len(amounts) == 2 else (0, 0)
    valid = isinstance(doc, dict) and not set(doc) - {"days", "hours"} and None not in amounts
    if not valid or not 0 < days * 24 + hours <= MAX_ADVANCE_DAYS * 24:
        raise Problem(422, "invalid-advance", "Give days and/or hours (whole numbers) to move the clock ahead by: "
                      f"more than 0, at most {MAX_ADVANCE_DAYS} days in all.")
    return await run_in_threadpool(_advance, ctx, principal, dt.timedelta(days=days, hours=hours))


def _whole(value: Any) -> int | None:
    """A JSON whole number (kept as text by the parser) that is not negative, else None."""
    if isinstance(value, JSONNumber) and re.fullmatch(r"[0-9]{1,7}", value):
        return int(value)
    return None


def _advance(ctx: ApiContext, principal: Principal, by: dt.timedelta) -> Response:
    """Move the clock a day at a time (the last step what is left), running the scheduler for
    the sandbox after each: every step falls on its own day, as it would in real time."""
    from getbill_import.collection.scheduler import tick

    ticks = []
    left = by
    while left > dt.timedelta(0):
        step = min(left, dt.timedelta(days=1))
        advance(ctx.store, principal.account, step, real_now=ctx.clock())
        left -= step
        result = tick(ctx.store, ctx.settings, now=ctx.clock(), account=principal.account)
        now = principal_now(ctx, principal)
        if result.cases or result.interrupted or result.deferred:
            ticks.append({"at": iso_utc(now), **result.to_json()})
    _wake(ctx)
    return json_response({**_clock_json(ctx, principal), "ticks": ticks})


def case_for(ctx: ApiContext, principal: Principal, request: Request, debt_id: str) -> Any:
    with ctx.store.read() as conn:
        row = find_case(conn, principal.account, debt_id, id_only=True)
    if row is None:
        raise _missing(request, principal, debt_id)
    return row
