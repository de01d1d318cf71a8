"""``/debts/batch``: thousands of debts in one request. The batch is validated at once (the
answer says how many items are in error) and stored with its valid cases as a durable job; a
worker loads them in the background, exactly once, as an import of kind "batch"."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
import polars as pl
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import authorize, authorize_async, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.context import ApiContext
from getbill_import.api.debts import PREFIX, dumps, json_response
from getbill_import.api.grouping import GroupQueue
from getbill_import.api.idempotency import RequestKey, answer_of, request_key
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import BATCH_IN, BATCH_OUT, json_answer, json_body
from getbill_import.fields import LINE
from getbill_import.jobs.imports import encode_cases
from getbill_import.problems import ERROR
from getbill_import.records import PreparedRecords, flatten, validate_flattened
from getbill_import.store.files import iter_file, put_file
from getbill_import.store.idempotency import Claim, claim_in, save_answer_in
from getbill_import.store.ids import new_id
from getbill_import.store.imports import ensure_account
from getbill_import.store.jobs import enqueue, get_job
from getbill_import.store.schema import imports
from getbill_import.store.shape import iso_utc
from getbill_import.validate import VALID, ValidationResult

log = logging.getLogger("getbill_import.api")
router = APIRouter(tags=["batches"], dependencies=secured())
_STATUS = {"running": "processing", "completed": "completed", "failed": "failed"}
DEFAULT_PROBLEMS_SHOWN = 1_000
#: debts of the requests validated together at most (one request alone may hold more)
MAX_GROUP_ITEMS = 20_000


@router.post(
    "/debts/batch", status_code=202, summary="Import thousands of cases in one request",
    openapi_extra=json_body(BATCH_IN, "Each debt as for POST /debts; invalid ones are reported, the others created."),
    responses={202: json_answer(BATCH_OUT, "Accepted: validated, loading in the background"),
               **error_responses(413, 415, 422)},
)
async def create_batch(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    """With an Idempotency-Key, the key is claimed and the answer kept in the very transaction
    that stores the batch (no request holds a key before its batch exists; a request whose body
    cannot be read keeps nothing, and a retry of it is read again)."""
    principal = await authorize_async(request, "write")
    ctx = context(request)
    api = ctx.settings.api
    asked = request_key(request, body)
    acceptor = _acceptor(request)
    # from here until its batch is submitted (or the request fails) the next group waits for it,
    # within the linger
    acceptor.announce()
    announced = True
    try:
        parsed = await run_in_threadpool(_parse, body, request.headers.get("content-type"), api.max_batch_items)
        announced = False
        answer = await acceptor.accept(principal.account, parsed, len(body), asked)
    finally:
        if announced:
            acceptor.withdraw()
    if isinstance(answer, Claim):
        return answer_of(answer)
    ctx.wake_jobs()
    return Response(answer.body, status_code=202, media_type="application/json", headers={"Location": answer.location})


def _location(batch_id: str) -> str:
    return f"{PREFIX}/debts/batch/{batch_id}"


@dataclass
class _Parsed:
    """A batch request's debts, flattened (``records.flatten``)."""

    frame: pl.DataFrame
    structural: list[dict[str, Any]]
    on_existing: str
    rows: int


def _parse(body: bytes, content_type: str | None, max_items: int) -> _Parsed:
    doc = parse_json(body, content_type)
    if not isinstance(doc, dict) or not isinstance(doc.get("debts"), list):
        raise Problem(422, "invalid-batch", 'The body must be {"debts": [ ... ]}.')
    unknown = sorted(set(doc) - {"debts", "on_existing"})
    if unknown:
        raise Problem(422, "invalid-batch", f"Unknown field(s) {', '.join(unknown)}: a batch has debts and on_existing.")
    on_existing = doc.get("on_existing", "skip")
    if on_existing not in ("skip", "update"):
        raise Problem(422, "invalid-batch", "on_existing is 'skip' or 'update'.")
    items = doc["debts"]
    if len(items) > max_items:
        raise Problem(413, "too-many-items", f"A batch holds at most {max_items:,} debts; send several.",
                      limit=max_items)
    frame, structural = flatten(items)
    return _Parsed(frame, structural, on_existing, len(items))


def _acceptor(request: Request) -> BatchAcceptor:
    state = request.app.state
    acceptor: BatchAcceptor | None = getattr(state, "batch_acceptor", None)
    if acceptor is None:
        acceptor = state.batch_acceptor = BatchAcceptor(context(request))
    return acceptor


@dataclass(frozen=True)
class Accepted:
    """A batch request's answer: its JSON and the batch's address."""

    body: bytes
    location: str


@dataclass
class _Pending:
    account: str
    parsed: _Parsed
    size: int
    asked: RequestKey | None = None


def _take(queued: list[_Pending]) -> int:
    """The first request, and those after it while the group stays under MAX_GROUP_ITEMS."""
    taken, items = 1, queued[0].parsed.rows
    while taken < len(queued) and items + queued[taken].parsed.rows <= MAX_GROUP_ITEMS:
        items += queued[taken].parsed.rows
        taken += 1
    return taken


class BatchAcceptor:
    """Batch requests that arrive while others are being accepted are validated together (one
    run of the rules per account: validation has a fixed cost per call, tens of milliseconds,
    that a group shares) and stored in one transaction (group commit). Each request still gets
    its own batch, counts and problems, exactly as if validated alone: a reference repeated
    across requests is not a "duplicate-reference", and a request that repeats a reference
    within itself is validated alone, for its messages to name its own items."""

    def __init__(self, ctx: ApiContext) -> None:
        self.ctx = ctx
        self._groups: GroupQueue[_Pending, Accepted | Claim] = GroupQueue(
            self._process, _take, ctx.settings.api.batch_linger_ms / 1000
        )

    def announce(self) -> None:
        """A request is parsing its body: the next group waits for it (within the linger)."""
        self._groups.announce()

    def withdraw(self) -> None:
        self._groups.withdraw()

    async def accept(self, account: str, parsed: _Parsed, size: int, asked: RequestKey | None = None) -> Accepted | Claim:
        """Validates and stores an announced request's batch with the others of its group: the
        answer's JSON, or the claim of an Idempotency-Key used before (nothing stored)."""
        return await self._groups.submit(_Pending(account, parsed, size, asked), announced=True)

    def _process(self, group: list[_Pending]) -> list[Accepted | Claim]:
        log.debug("accepting %s batch request(s), %s debts, together", len(group), sum(p.parsed.rows for p in group))
        prepared: list[PreparedRecords | None] = [None] * len(group)
        for account in dict.fromkeys(p.account for p in group):
            members = [i for i, p in enumerate(group) if p.account == account]
            for i, done in zip(members, self._validate([group[i].parsed for i in members]), strict=True):
                prepared[i] = done
        ctx = self.ctx
        now = ctx.clock()
        ttl = dt.timedelta(hours=ctx.settings.api.idempotency_hours)
        answers: list[Accepted | Claim] = []
        with ctx.store.write() as conn:
            for pending, records in zip(group, prepared, strict=True):
                assert records is not None
                asked = pending.asked
                if asked is not None:
                    claim = claim_in(conn, ctx.store.dialect, account=pending.account, key=asked.key,
                                     request_hash=asked.digest, now=now, ttl=ttl)
                    if claim.state != "new":
                        answers.append(claim)
                        continue
                accepted = _store(conn, pending, records, now)
                answer = Accepted(dumps(accepted), _location(accepted["batch_id"]))
                if asked is not None:
                    save_answer_in(conn, account=pending.account, key=asked.key, status_code=202, response=answer.body,
                                   headers={"location": answer.location, "content-type": "application/json"})
                answers.append(answer)
        return answers

    def _validate(self, parsed: list[_Parsed]) -> list[PreparedRecords]:
        settings = self.ctx.settings
        if len(parsed) == 1:
            return [validate_flattened(parsed[0].frame, parsed[0].structural, settings)]
        offsets = list(itertools.accumulate((p.rows for p in parsed), initial=0))
        frame = pl.concat(
            [p.frame.with_columns(pl.col(LINE) + offset) for p, offset in zip(parsed, offsets, strict=False)],
            how="diagonal",
        )
        structural = [{**problem, "line": problem["line"] + offset}
                      for p, offset in zip(parsed, offsets, strict=False) for problem in p.structural]
        together = validate_flattened(frame, structural, settings)
        out = []
        for p, start in zip(parsed, offsets, strict=False):
            stop = start + p.rows
            cases = together.cases.filter(pl.col(LINE).is_between(start, stop - 1)).with_columns(pl.col(LINE) - start)
            if cases["reference"].drop_nulls().is_duplicated().any():
                out.append(validate_flattened(p.frame, p.structural, settings))
                continue
            problems = together.problems.filter(
                pl.col("line").is_between(start, stop - 1) & (pl.col("code") != "duplicate-reference")
            ).with_columns(pl.col("line") - start)
            errors = problems.filter(pl.col("severity") == ERROR)["line"].unique()
            cases = cases.with_columns((~pl.col(LINE).is_in(errors.implode())).alias(VALID))
            out.append(PreparedRecords(ValidationResult(cases, problems, list(together.validation.notices)), problems))
        return out


def _store(conn: sa.Connection, pending: _Pending, prepared: PreparedRecords, now: Any) -> dict[str, Any]:
    """The batch's import record, its problems and its job, in the group's transaction."""
    account, on_existing = pending.account, pending.parsed.on_existing
    counts = prepared.counts()
    valid = prepared.cases.filter(pl.col(VALID))
    batch_id = new_id("batch")
    ensure_account(conn, account)
    report_id = None
    if prepared.problems.height:
        report_id = put_file(
            conn, account=account, kind="report", name=f"{batch_id}-problems.json",
            source=io.BytesIO(_problems_document(prepared.problems, prepared.cases)), now=now,
            content_type="application/json",
        ).id
    conn.execute(sa.insert(imports).values(
        id=batch_id, account=account, kind="batch", source_name="batch", source_size=pending.size,
        sha256=None, format="json", on_existing=on_existing, rows=counts["rows"], valid_rows=counts["valid"],
        invalid_rows=counts["invalid"], status="running", run=1, started_at=now, report_file_id=report_id,
    ))
    enqueue(conn, account=account, kind="batch", subject=batch_id, now=now,
            params={"batch_id": batch_id, "on_existing": on_existing}, data=encode_cases(valid))
    return {"batch_id": batch_id, "status": "processing", "total": counts["rows"], "valid": counts["valid"],
            "created": 0, "errors": counts["invalid"], "warnings": counts["warnings"]}


def _problems_document(problems: pl.DataFrame, cases: pl.DataFrame) -> bytes:
    """What ``GET /debts/batch/{id}`` lists: ``{"warnings": items with warnings only, "problems":
    [...]}``, kept as JSON so that following a batch reads it without a table library."""
    references = cases.select(pl.col(LINE).alias("line"), "reference")
    table = problems.join(references, on="line", how="left").select(
        pl.col("line").alias("index"), "reference", pl.col("column").alias("field"), "code", "severity", "message",
        "suggestion",
    )
    return orjson.dumps({"warnings": _warned_items(table), "problems": table.to_dicts()})


def _warned_items(table: pl.DataFrame) -> int:
    """Items with warnings and no error."""
    errored = table.filter(pl.col("severity") == ERROR)["index"].unique()
    return table.filter(~pl.col("index").is_in(errored.implode()))["index"].n_unique()


def _listed_problems(data: bytes) -> tuple[list[dict[str, Any]], int]:
    """A batch's stored problems and its count of items with warnings only. Batches accepted by
    earlier versions kept them as a Parquet table."""
    if data[:4] == b"PAR1":
        table = pl.read_parquet(io.BytesIO(data))
        return table.to_dicts(), _warned_items(table)
    document = orjson.loads(data)
    return document["problems"], document["warnings"]


@router.get(
    "/debts/batch/{batch_id}", summary="Follow a batch: status, counts and per-item problems",
    responses={200: json_answer(BATCH_OUT, "The batch"), **error_responses(404, 422)},
)
def get_batch(
    request: Request, batch_id: str,
    problems_limit: Annotated[int, Query(ge=0, le=100_000, description="Problems listed at most")] = DEFAULT_PROBLEMS_SHOWN,
) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    with ctx.store.read() as conn:
        row = conn.execute(sa.select(imports).where(
            imports.c.account == principal.account, imports.c.id == batch_id, imports.c.kind == "batch"
        )).mappings().first()
    if row is None:
        raise Problem(404, "not-found", f"There is no batch {batch_id} in your account.")
    status = _STATUS[row["status"]]
    error = None
    if status == "processing":
        job = get_job(ctx.store, kind="batch", subject=batch_id)
        if job is not None and job["status"] == "failed":
            status, error = "failed", job["last_error"]
    listed: list[dict[str, Any]] = []
    truncated = False
    warnings = 0
    if row["report_file_id"]:
        data = b"".join(iter_file(ctx.store, account=principal.account, file_id=row["report_file_id"]))
        problems, warnings = _listed_problems(data)
        truncated = len(problems) > problems_limit
        listed = problems[:problems_limit]
    body: dict[str, Any] = {
        "batch_id": batch_id, "status": status, "total": row["rows"], "valid": row["valid_rows"],
        "created": row["created"], "updated": row["updated"],
        "existing": row["skipped_existing"] + row["skipped_resolved"] + row["unchanged"],
        "errors": row["invalid_rows"],
        "warnings": warnings,
        "problems": listed, "problems_truncated": truncated,
        "created_at": iso_utc(row["started_at"]),
        "completed_at": iso_utc(row["finished_at"]) if row["finished_at"] and status == "completed" else None,
    }
    if error:
        body["error"] = error
    return json_response(body)
