"""The account's own access log, and the sandbox's reset."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_sandbox, context, secured
from getbill_import.api.debts import json_response
from getbill_import.api.problems import error_responses
from getbill_import.api.schemas import ACCESS_LOG_OUT, json_answer
from getbill_import.sandbox import reset_sandbox, schedule_reset
from getbill_import.store.access_log import list_entries
from getbill_import.store.shape import iso_utc

router = APIRouter(dependencies=secured())


@router.get(
    "/access-logs", tags=["access log"], summary="Your requests of the last 90 days, newest first",
    responses={200: json_answer(ACCESS_LOG_OUT, "A page of requests"), **error_responses(422)},
)
def access_logs(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(pattern=r"^[0-9]{1,18}$")] = None,
    since: Annotated[dt.datetime | None, Query()] = None,
    until: Annotated[dt.datetime | None, Query()] = None,
) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    ctx.access_log.flush()
    rows = list_entries(ctx.store, account=principal.account, limit=limit + 1,
                        before_id=int(cursor) if cursor else None, since=since, until=until)
    more = len(rows) > limit
    rows = rows[:limit]
    data = [{"id": r["id"], "at": iso_utc(r["at"]), "credential": r["credential"], "method": r["method"],
             "path": r["path"], "status": r["status"], "latency_ms": round(r["latency_ms"], 2)} for r in rows]
    return json_response({"data": data, "has_more": more, "next_cursor": str(rows[-1]["id"]) if more else None})


@router.post(
    "/sandbox/reset", tags=["sandbox"], summary="Reset the sandbox: erase its data and load the mock cases again",
    responses={200: json_answer({"type": "object", "properties": {"cases": {"type": "integer"}}}, "Reset"),
               **error_responses()},
)
def sandbox_reset(request: Request) -> Response:
    principal = authorize_sandbox(request, "write", "resets data")
    ctx = context(request)
    now = ctx.clock()
    loaded = reset_sandbox(ctx.store, ctx.settings, account=principal.account, now=now)
    schedule_reset(ctx.store, ctx.settings, account=principal.account, now=now)
    return json_response({"cases": loaded})
