"""``/webhooks``: endpoints that receive the account's events, their secrets and rotations,
their deliveries (retry one, replay a period); ``/sandbox/events`` to simulate any event."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_async, authorize_sandbox, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.debts import json_response
from getbill_import.api.idempotency import idempotent
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import json_answer, json_body
from getbill_import.store.credentials import Principal
from getbill_import.store.service import find_case, record_event
from getbill_import.store.shape import iso_utc
from getbill_import.store.webhooks import (
    ALL,
    EVENT_TYPES,
    create_endpoint,
    delete_endpoint,
    endpoint_json,
    get_endpoint,
    list_deliveries,
    list_endpoints,
    replay,
    retry_delivery,
    rotate_secret,
    update_endpoint,
)
from getbill_import.webhooks.payloads import message_id, simulated
from getbill_import.webhooks.signing import new_secret
from getbill_import.webhooks.targets import TargetRefused, check_url

router = APIRouter(tags=["webhooks"], dependencies=secured())
SCOPE = "webhooks"

_TEXT = {"type": ["string", "null"]}
ENDPOINT_IN = {
    "type": "object", "required": ["url"],
    "properties": {
        "url": {"type": "string", "example": "https://erp.example.com/getbill/webhooks"},
        "events": {"type": "array", "items": {"type": "string", "enum": [*EVENT_TYPES, ALL]}, "default": [ALL]},
        "description": _TEXT,
        "enabled": {"type": "boolean"},
    },
    "additionalProperties": False,
}
ENDPOINT_OUT = {
    "type": "object", "required": ["id", "url", "events", "enabled"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"}, "events": {"type": "array", "items": {"type": "string"}},
        "description": _TEXT, "enabled": {"type": "boolean"}, "disabled_reason": _TEXT,
        "secret": {"type": "string", "description": "Shown on creation and rotation only"},
        "previous_secret_expires_at": _TEXT, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
    },
}
DELIVERIES_OUT = {
    "type": "object", "required": ["data", "has_more", "next_cursor"],
    "properties": {
        "data": {"type": "array", "items": {"type": "object"}}, "has_more": {"type": "boolean"},
        "next_cursor": _TEXT,
    },
}


def _endpoint_or_404(request: Request, principal: Principal, endpoint_id: str) -> dict[str, Any]:
    found = get_endpoint(context(request).store, account=principal.account, endpoint_id=endpoint_id)
    if found is None:
        raise Problem(404, "not-found", f"There is no webhook endpoint {endpoint_id} in your account.")
    return found


def _checked(request: Request, principal: Principal, doc: Any, *, partial: bool) -> dict[str, Any]:
    """The endpoint fields of a request body, checked (a refused URL says why)."""
    if not isinstance(doc, dict):
        raise Problem(422, "invalid-webhook", "The body must be a JSON object.")
    unknown = sorted(set(doc) - {"url", "events", "description", "enabled"})
    if unknown:
        raise Problem(422, "invalid-webhook", f"Unknown field(s): {', '.join(unknown)}.")
    values: dict[str, Any] = {}
    errors = []
    if "url" in doc or not partial:
        url = doc.get("url")
        options = context(request).settings.webhooks
        private = options.allow_private or (options.sandbox_allow_private and principal.sandbox)
        try:
            if not isinstance(url, str):
                raise TargetRefused("url is the https:// address that receives the events.")
            check_url(url, allow_private=private, allow_http=options.allow_http or private)
            values["url"] = url
        except TargetRefused as exc:
            errors.append({"field": "url", "code": exc.code, "severity": "error", "message": str(exc), "suggestion": None})
    if "events" in doc or not partial:
        wanted = doc.get("events", [ALL])
        if not isinstance(wanted, list) or not wanted or not all(isinstance(e, str) for e in wanted):
            errors.append({"field": "events", "code": "invalid-events", "severity": "error", "suggestion": None,
                           "message": f"events is a list of event types ({', '.join(EVENT_TYPES)}) or [\"*\"]."})
        else:
            unknown_types = sorted(set(wanted) - {*EVENT_TYPES, ALL})
            if unknown_types:
                errors.append({"field": "events", "code": "unknown-event-type", "severity": "error", "suggestion": None,
                               "message": f"Unknown event type(s) {', '.join(unknown_types)}; known: {', '.join(EVENT_TYPES)}."})
            else:
                values["events"] = [ALL] if ALL in wanted else sorted(set(wanted), key=EVENT_TYPES.index)
    if "description" in doc:
        description = doc["description"]
        if description is not None and (not isinstance(description, str) or len(description) > 500):
            errors.append({"field": "description", "code": "invalid-description", "severity": "error",
                           "suggestion": None, "message": "description is text of at most 500 characters."})
        else:
            values["description"] = description
    if "enabled" in doc:
        if not isinstance(doc["enabled"], bool):
            errors.append({"field": "enabled", "code": "invalid-type", "severity": "error", "suggestion": None,
                           "message": "enabled is true or false."})
        else:
            values["enabled"] = doc["enabled"]
    if errors:
        raise Problem(422, "invalid-webhook", "The webhook endpoint is not valid.", errors=errors)
    return values


@router.post(
    "/webhooks", status_code=201, summary="Add an endpoint that receives events (its secret is shown once)",
    openapi_extra=json_body(ENDPOINT_IN),
    responses={201: json_answer(ENDPOINT_OUT, "The endpoint, with its signing secret"), **error_responses(413, 415, 422)},
)
async def add_webhook(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await authorize_async(request, SCOPE)
    ctx = context(request)

    def act_sync() -> Response:
        values = _checked(request, principal, parse_json(body, request.headers.get("content-type")), partial=False)
        secret = new_secret()
        row = create_endpoint(
            ctx.store, account=principal.account, url=values["url"], events=values["events"],
            description=values.get("description"), secret_enc=ctx.box.seal(secret), now=ctx.clock(),
        )
        return json_response({**endpoint_json(row), "secret": secret}, 201, {"Location": f"/external-api/v1/webhooks/{row['id']}"})

    async def act() -> Response:
        return await run_in_threadpool(act_sync)

    return await idempotent(request, principal, body, act)


@router.get("/webhooks", summary="Your webhook endpoints (never their secrets)",
            responses={200: json_answer({"type": "object", "properties": {"data": {"type": "array", "items": ENDPOINT_OUT}}},
                                        "The endpoints"), **error_responses()})
def webhooks(request: Request) -> Response:
    principal = authorize(request, SCOPE)
    rows = list_endpoints(context(request).store, account=principal.account)
    return json_response({"data": [endpoint_json(r) for r in rows]})


@router.get("/webhooks/{endpoint_id}", summary="One endpoint",
            responses={200: json_answer(ENDPOINT_OUT, "The endpoint"), **error_responses(404)})
def webhook(request: Request, endpoint_id: str) -> Response:
    principal = authorize(request, SCOPE)
    return json_response(endpoint_json(_endpoint_or_404(request, principal, endpoint_id)))


@router.put(
    "/webhooks/{endpoint_id}", summary="Change an endpoint's url, events, description, or enable it again",
    openapi_extra=json_body({**ENDPOINT_IN, "required": []}),
    responses={200: json_answer(ENDPOINT_OUT, "The endpoint"), **error_responses(404, 413, 415, 422)},
)
def change_webhook(request: Request, endpoint_id: str, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = authorize(request, SCOPE)
    ctx = context(request)
    _endpoint_or_404(request, principal, endpoint_id)
    values = _checked(request, principal, parse_json(body, request.headers.get("content-type")), partial=True)
    row = update_endpoint(ctx.store, account=principal.account, endpoint_id=endpoint_id, changes=values, now=ctx.clock())
    if row is None:
        raise Problem(404, "not-found", f"There is no webhook endpoint {endpoint_id} in your account.")
    return json_response(endpoint_json(row))


@router.delete("/webhooks/{endpoint_id}", status_code=204, summary="Delete an endpoint (its waiting deliveries are dropped)",
               responses={204: {"description": "Deleted"}, **error_responses(404)})
def remove_webhook(request: Request, endpoint_id: str) -> Response:
    principal = authorize(request, SCOPE)
    ctx = context(request)
    if not delete_endpoint(ctx.store, account=principal.account, endpoint_id=endpoint_id, now=ctx.clock()):
        raise Problem(404, "not-found", f"There is no webhook endpoint {endpoint_id} in your account.")
    return Response(status_code=204)


@router.post(
    "/webhooks/{endpoint_id}/rotate-secret",
    summary="A new signing secret; the previous one keeps signing beside it for the overlap (24 h by default)",
    responses={200: json_answer(ENDPOINT_OUT, "The endpoint, with its new secret"), **error_responses(404)},
)
def rotate(request: Request, endpoint_id: str) -> Response:
    principal = authorize(request, SCOPE)
    ctx = context(request)
    secret = new_secret()
    now = ctx.clock()
    until = now + dt.timedelta(hours=ctx.settings.webhooks.secret_overlap_hours)
    row = rotate_secret(ctx.store, account=principal.account, endpoint_id=endpoint_id,
                        secret_enc=ctx.box.seal(secret), until=until, now=now)
    if row is None:
        raise Problem(404, "not-found", f"There is no webhook endpoint {endpoint_id} in your account.")
    return json_response({**endpoint_json(row), "secret": secret})


def _delivery_json(row: dict[str, Any]) -> dict[str, Any]:
    status = {"queued": "pending", "running": "pending", "done": "succeeded", "failed": "failed"}[row["status"]]
    return {
        "id": row["id"], "event_id": row["event_id"], "webhook_id": message_id(row["event_id"]), "event": row["type"],
        "status": status, "attempts": [
            {"at": iso_utc(a["at"]), "status_code": a["status_code"],
             "latency_ms": round(a["latency_ms"], 1) if a["latency_ms"] is not None else None, "error": a["error"]}
            for a in row["attempt_log"]
        ],
        "next_attempt_at": iso_utc(row["run_at"]) if status == "pending" else None,
        "last_error": row["last_error"], "created_at": iso_utc(row["created_at"]),
    }


@router.get(
    "/webhooks/{endpoint_id}/deliveries", summary="Deliveries to an endpoint, newest first, with their attempts",
    responses={200: json_answer(DELIVERIES_OUT, "A page of deliveries"), **error_responses(404, 422)},
)
def deliveries(
    request: Request, endpoint_id: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}$")] = None,
    status: Annotated[Literal["pending", "succeeded", "failed"] | None, Query()] = None,
) -> Response:
    principal = authorize(request, SCOPE)
    _endpoint_or_404(request, principal, endpoint_id)
    rows = list_deliveries(context(request).store, account=principal.account, endpoint_id=endpoint_id,
                           limit=limit + 1, before_id=int(cursor) if cursor else None, status=status)
    more = len(rows) > limit
    rows = rows[:limit]
    return json_response({"data": [_delivery_json(r) for r in rows], "has_more": more,
                          "next_cursor": str(rows[-1]["id"]) if more else None})


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/retry", status_code=202, summary="Send a delivery again",
    responses={202: json_answer({"type": "object"}, "Queued"), **error_responses(404)},
)
def retry(request: Request, endpoint_id: str, delivery_id: Annotated[int, Path(ge=1, le=2**62)]) -> Response:
    principal = authorize(request, SCOPE)
    ctx = context(request)
    if not retry_delivery(ctx.store, account=principal.account, endpoint_id=endpoint_id, delivery_id=delivery_id,
                          now=ctx.clock()):
        raise Problem(404, "not-found", f"There is no delivery {delivery_id} to retry on endpoint {endpoint_id}.")
    _wake(ctx)
    return json_response({"id": delivery_id, "status": "pending"}, 202)


@router.post(
    "/webhooks/{endpoint_id}/replay", status_code=202,
    summary="Send again every event of a period (after an outage of your receiver)",
    responses={202: json_answer({"type": "object", "properties": {"queued": {"type": "integer"}}}, "Queued"),
               **error_responses(404, 422)},
)
def replay_events(
    request: Request, endpoint_id: str,
    since: Annotated[dt.datetime, Query(description="Events created at or after this moment")],
    until: Annotated[dt.datetime | None, Query(description="…and before this one")] = None,
) -> Response:
    principal = authorize(request, SCOPE)
    ctx = context(request)
    queued = replay(ctx.store, account=principal.account, endpoint_id=endpoint_id, since=_utc(since),
                    until=_utc(until) if until else None, max_attempts=1 + len(ctx.settings.webhooks.retry_schedule),
                    now=ctx.clock())
    if queued is None:
        raise Problem(404, "not-found", f"There is no webhook endpoint {endpoint_id} in your account.")
    _wake(ctx)
    return json_response({"queued": queued}, 202)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _wake(ctx: Any) -> None:
    ctx.wake_webhooks()


SANDBOX_EVENT_IN = {
    "type": "object", "required": ["type", "debt_id"],
    "properties": {
        "type": {"type": "string", "enum": list(EVENT_TYPES)},
        "debt_id": {"type": "string"},
        "details": {"type": "object", "description": "channel, outcome, amount, method, reason… of the simulated event"},
    },
    "additionalProperties": False,
}


@router.post(
    "/sandbox/events", status_code=202, tags=["sandbox"],
    summary="Simulate any event for a sandbox case: the same payload as a real one, through the same delivery",
    openapi_extra=json_body(SANDBOX_EVENT_IN),
    responses={202: json_answer({"type": "object"}, "The event, queued for delivery"), **error_responses(404, 413, 415, 422)},
)
def sandbox_event(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = authorize_sandbox(request, "write", "simulates events")
    ctx = context(request)
    doc = parse_json(body, request.headers.get("content-type"))
    if not isinstance(doc, dict) or doc.get("type") not in EVENT_TYPES or not isinstance(doc.get("debt_id"), str):
        raise Problem(422, "invalid-event", f"Give type (one of {', '.join(EVENT_TYPES)}) and debt_id.")
    details = doc.get("details") or {}
    if not isinstance(details, dict):
        raise Problem(422, "invalid-event", "details is a JSON object.")
    now = ctx.clock()
    with ctx.store.write() as conn:
        row = find_case(conn, principal.account, doc["debt_id"], id_only=True)
        if row is None:
            raise Problem(404, "not-found", f"There is no case {doc['debt_id']} in your sandbox.")
        try:
            data = simulated(doc["type"], row, now, details)
        except (TypeError, ValueError) as exc:
            raise Problem(422, "invalid-event", f"details: {exc}") from None
        event_id = record_event(conn, account=principal.account, case_id=row["id"], type=doc["type"], payload=data, now=now)
    _wake(ctx)
    return json_response({"event_id": event_id, "webhook_id": message_id(event_id), "type": doc["type"], "data": data}, 202)
