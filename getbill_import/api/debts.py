"""``/debts``: create, list, read, update and erase cases. A debt goes through the validation
files go through (``records.prepare_records``) and every change through the case service."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_async, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.idempotency import idempotent
from getbill_import.api.problems import Problem, dumps, error_responses, field_errors
from getbill_import.api.schemas import (
    DEBT_IN,
    DEBT_LIST,
    DEBT_OUT,
    DEBT_UPDATE,
    json_answer,
    json_body,
)
from getbill_import.problems import ERROR, WARNING
from getbill_import.records import PreparedRecords, prepare_records
from getbill_import.store.cases import SORTS, CaseFilter, page_cases
from getbill_import.store.schema import CASE_STATUSES
from getbill_import.store.service import (
    CaseConflict,
    delete_case,
    find_case,
    tombstone,
    update_case,
)
from getbill_import.store.shape import case_columns, case_json, input_json
from getbill_import.validate import VALID

router = APIRouter(tags=["debts"], dependencies=secured())
PREFIX = "/external-api/v1"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json", headers=headers)


#: warnings an update is refused for: a case's e-mail or phone is not replaced by one that is not valid
#: (a new debt is created without it, as a file's row is)
REFUSED_IN_UPDATES = frozenset({"invalid-email", "invalid-phone"})


def _validated(
    request: Request, debt: Any, refused: frozenset[str] = frozenset()
) -> tuple[PreparedRecords, list[dict[str, Any]]]:
    """The debt validated; a 422 problem listing every error (with the warnings) when it has one,
    or one of the ``refused`` warnings."""
    ctx = context(request)
    prepared = prepare_records([debt], ctx.settings)
    problems = prepared.problems.to_dicts()
    if not prepared.cases[VALID][0] or any(p["code"] in refused for p in problems):
        errors = [p for p in problems if p["severity"] == ERROR or p["code"] in refused]
        raise Problem(
            422, "invalid-debt", f"The debt has {len(errors)} error{'s' if len(errors) != 1 else ''}.",
            errors=field_errors(problems),
        )
    return prepared, field_errors([p for p in problems if p["severity"] == WARNING])


def _gone_or_missing(request: Request, account: str, debt_id: str) -> Problem:
    ctx = context(request)
    erased = tombstone(ctx.store, account=account, case_id=debt_id)
    if erased is not None:
        return Problem(410, "erased", f"The case {debt_id} was erased on {erased['deleted_at']:%Y-%m-%d}.")
    return Problem(404, "not-found", f"There is no case {debt_id} in your account.")


@router.post(
    "/debts", status_code=201, summary="Create a debt collection case",
    openapi_extra=json_body(DEBT_IN, "Only debtor.name, amount and reference are required."),
    responses={201: json_answer(DEBT_OUT, "The case, with any warnings"), **error_responses(409, 413, 415, 422)},
)
async def create_debt(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await authorize_async(request, "write")
    ctx = context(request)

    async def act() -> Response:
        debt = parse_json(body, request.headers.get("content-type"))
        if not isinstance(debt, dict):
            raise Problem(422, "invalid-debt", "The body must be a JSON object: one debt.")
        outcome = await ctx.creator.create(principal.account, debt)
        if outcome.refused:
            errors = [p for p in outcome.problems if p["severity"] == ERROR]
            raise Problem(
                422, "invalid-debt", f"The debt has {len(errors)} error{'s' if len(errors) != 1 else ''}.",
                errors=field_errors(outcome.problems),
            )
        if outcome.case is None:
            raise Problem(409, "duplicate-reference",
                          f"A case with the reference {debt.get('reference')!r} already exists: {outcome.existing_id}.",
                          existing_id=outcome.existing_id)
        warnings = field_errors([p for p in outcome.problems if p["severity"] == WARNING])
        return json_response({**outcome.case, "warnings": warnings}, 201,
                             {"Location": f"{PREFIX}/debts/{outcome.case['id']}"})

    return await idempotent(request, principal, body, act, subject=lambda r: r.headers.get("location", "").rpartition("/")[2] or None)


def _cursor(sort: str, after: tuple[Any, ...] | None) -> str | None:
    if after is None:
        return None
    return base64.urlsafe_b64encode(orjson.dumps([sort, *after])).decode().rstrip("=")


def _after(cursor: str | None, sort: str) -> tuple[Any, ...] | None:
    if cursor is None:
        return None
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        cursor_sort, *after = decoded
        valid = cursor_sort == sort and all(isinstance(v, str | None) for v in after)
        if valid and sort.endswith("due_date"):
            valid = len(after) == 2 and isinstance(after[1], str) and (after[0] is None or _is_date(after[0]))
        elif valid:
            valid = len(after) == 1 and isinstance(after[0], str)
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        valid = False
    if not valid:
        raise Problem(400, "invalid-cursor", "The cursor is not one this list gave (with the same sort).")
    return tuple(after)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


@router.get(
    "/debts", summary="List and filter your cases",
    responses={200: json_answer(DEBT_LIST, "A page of cases"), **error_responses(422)},
)
def list_debts(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, description="Cases per page (default 50, at most 500)")] = None,
    cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")] = None,
    sort: Annotated[Literal["created_at", "-created_at", "due_date", "-due_date"], Query()] = "created_at",
    status: Annotated[Literal["open", "contacted", "payment_plan", "escalated", "resolved", "cancelled"] | None, Query()] = None,
    scenario: Annotated[str | None, Query(max_length=64)] = None,
    reference: Annotated[str | None, Query(max_length=201, description="Exact, or a prefix ending in * (F-2024-*)")] = None,
    created_after: Annotated[dt.datetime | dt.date | None, Query(description="Created at or after (date or moment, UTC)")] = None,
    created_before: Annotated[dt.datetime | dt.date | None, Query(description="Created before this moment, or on or before this day")] = None,
    due_after: Annotated[dt.date | None, Query(description="Due on or after this day")] = None,
    due_before: Annotated[dt.date | None, Query(description="Due on or before this day")] = None,
    amount_min: Annotated[Decimal | None, Query(ge=0, le=Decimal("1e16"))] = None,
    amount_max: Annotated[Decimal | None, Query(ge=0, le=Decimal("1e16"))] = None,
) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    assert set(SORTS) == {"created_at", "-created_at", "due_date", "-due_date"}
    assert status is None or status in CASE_STATUSES
    size = min(limit or ctx.settings.api.page_size, ctx.settings.api.max_page_size)
    filters = CaseFilter(
        status=status, scenario=scenario, reference=reference, since=created_after, until=created_before,
        due_since=due_after, due_until=due_before, amount_min_cents=_cents(amount_min), amount_max_cents=_cents(amount_max),
    )
    page = page_cases(ctx.store, account=principal.account, filters=filters, sort=sort,
                      after=_after(cursor, sort), limit=size)
    following = _cursor(sort, page.after)
    return json_response({"data": page.cases, "has_more": following is not None, "next_cursor": following})


@router.get(
    "/debts/{debt_id}", summary="Track a case",
    responses={200: json_answer(DEBT_OUT, "The case"), **error_responses(404, 410)},
)
def get_debt(request: Request, debt_id: str) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    with ctx.store.read() as conn:
        row = find_case(conn, principal.account, debt_id, id_only=True)
    if row is None:
        raise _gone_or_missing(request, principal.account, debt_id)
    return json_response(case_json(row))


def _merged(current: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = dict(current)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key in ("debtor", "address"):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


@router.put(
    "/debts/{debt_id}", summary="Update a case's information",
    openapi_extra=json_body(DEBT_UPDATE, "The fields to change; the others keep their values."),
    responses={200: json_answer(DEBT_OUT, "The case as it is now"), **error_responses(404, 409, 410, 413, 415, 422)},
)
def update_debt(request: Request, debt_id: str, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = authorize(request, "write")
    ctx = context(request)
    change = parse_json(body, request.headers.get("content-type"))
    if not isinstance(change, dict):
        raise Problem(422, "invalid-debt", "The body must be a JSON object: the fields to change.")
    with ctx.store.read() as conn:
        row = find_case(conn, principal.account, debt_id, id_only=True)
    if row is None:
        raise _gone_or_missing(request, principal.account, debt_id)
    prepared, warnings = _validated(request, _merged(input_json(row), change), REFUSED_IN_UPDATES)
    values = case_columns(prepared.cases.drop(VALID).to_dicts()[0])
    try:
        case = update_case(ctx.store, account=principal.account, case_id=debt_id, values=values, now=ctx.clock())
    except CaseConflict as exc:
        field = exc.facts.get("field")
        raise Problem(409, exc.code, str(exc), errors=[{"field": field, "code": exc.code, "severity": "error",
                                                         "message": str(exc), "suggestion": None}]) from None
    if case is None:
        raise _gone_or_missing(request, principal.account, debt_id)
    return json_response({**case, "warnings": warnings})


@router.delete(
    "/debts/{debt_id}", status_code=204, summary="Erase a case (GDPR right to erasure)",
    responses={204: {"description": "Erased"}, **error_responses(404, 410)},
)
def delete_debt(request: Request, debt_id: str) -> Response:
    principal = authorize(request, "write")
    ctx = context(request)
    deleted = delete_case(ctx.store, account=principal.account, key=debt_id, now=ctx.clock(), id_only=True)
    if deleted is None:
        raise _gone_or_missing(request, principal.account, debt_id)
    return Response(status_code=204)

