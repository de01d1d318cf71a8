"""``/reports``: collection statistics (resolution rate, amounts recovered and outstanding, delay
to resolution) in all, by period, by scenario and by channel."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from getbill_import.api.auth import authorize, context, secured
from getbill_import.api.collection import principal_now
from getbill_import.api.debts import json_response
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import json_answer
from getbill_import.collection.report import build_report

router = APIRouter(tags=["reports"], dependencies=secured())

_NUMBER = {"type": ["number", "null"]}
FIGURES: dict[str, Any] = {
    "type": "object",
    "required": ["cases", "resolved", "resolution_rate", "amounts", "delay_days"],
    "properties": {
        "cases": {"type": "integer"}, "resolved": {"type": "integer"}, "escalated": {"type": "integer"},
        "active": {"type": "integer"}, "cancelled": {"type": "integer"}, "resolution_rate": _NUMBER,
        "amounts": {"type": "object", "description": "Per currency: total, recovered, outstanding, recovery_rate",
                    "additionalProperties": {"type": "object", "properties": {
                        "total": {"type": "number"}, "recovered": {"type": "number"},
                        "outstanding": {"type": "number"}, "recovery_rate": _NUMBER}}},
        "delay_days": {"type": "object", "properties": {"average": _NUMBER, "median": _NUMBER}},
        "followups": {"type": "integer"}, "reached": {"type": "integer"}, "contact_rate": _NUMBER,
    },
}
REPORT_OUT: dict[str, Any] = {
    "type": "object",
    "required": ["period", "totals", "by_period", "by_scenario", "by_channel"],
    "properties": {
        "account": {"type": "string"}, "period": {"type": "string", "enum": ["day", "week", "month"]},
        "since": {"type": ["string", "null"]}, "until": {"type": ["string", "null"]},
        "generated_at": {"type": "string"}, "totals": FIGURES,
        "by_period": {"type": "array", "items": FIGURES}, "by_scenario": {"type": "array", "items": FIGURES},
        "by_channel": {"type": "array", "items": FIGURES},
    },
}


def _moment(value: dt.datetime | dt.date | None, *, end: bool) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@router.get(
    "/reports", summary="Collection statistics: resolution rate, amounts recovered and outstanding, delay to "
                        "resolution; in all, by period, scenario and channel",
    responses={200: {**json_answer(REPORT_OUT, "The figures (format=csv: one row per breakdown, key and currency)"),
                     "content": {"application/json": {"schema": REPORT_OUT}, "text/csv": {}}},
               **error_responses(422)},
)
def report(
    request: Request,
    period: Annotated[Literal["day", "week", "month"], Query(description="How cases are grouped by creation")] = "month",
    since: Annotated[dt.date | dt.datetime | None, Query(description="Cases created at or after (date or moment)")] = None,
    until: Annotated[dt.date | dt.datetime | None, Query(description="Cases created before this moment, or on or before this day")] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    principal = authorize(request, "analytics")
    ctx = context(request)
    start, end = _moment(since, end=False), _moment(until, end=True)
    if start is not None and end is not None and start >= end:
        raise Problem(422, "invalid-period", "since comes after until.")
    built = build_report(ctx.store, account=principal.account, period=period, since=start, until=end,
                         now=principal_now(ctx, principal))
    if format == "csv":
        return Response(built.csv_text(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="report.csv"'})
    return json_response(built.to_json())
