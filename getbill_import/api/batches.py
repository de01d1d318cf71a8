"""``/debts/batch``: thousands of debts in one request. The batch is validated at once (the
answer says how many items are in error) and stored with its valid cases as a durable job; a
worker loads them in the background, exactly once, as an import of kind "batch"."""

from __future__ import annotations

import io
from typing import Annotated, Any

import polars as pl
import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.auth import authorize, context, secured
from getbill_import.api.body import parse_json, raw_body
from getbill_import.api.debts import PREFIX, json_response
from getbill_import.api.idempotency import idempotent
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import BATCH_IN, BATCH_OUT, json_answer, json_body
from getbill_import.fields import LINE
from getbill_import.jobs.imports import encode_cases
from getbill_import.problems import ERROR
from getbill_import.records import prepare_records
from getbill_import.store.files import iter_file, put_file
from getbill_import.store.ids import new_id
from getbill_import.store.imports import ensure_account
from getbill_import.store.jobs import enqueue, get_job
from getbill_import.store.schema import imports
from getbill_import.store.shape import iso_utc
from getbill_import.validate import VALID

router = APIRouter(tags=["batches"], dependencies=secured())
_STATUS = {"running": "processing", "completed": "completed", "failed": "failed"}
DEFAULT_PROBLEMS_SHOWN = 1_000


@router.post(
    "/debts/batch", status_code=202, summary="Import thousands of cases in one request",
    openapi_extra=json_body(BATCH_IN, "Each debt as for POST /debts; invalid ones are reported, the others created."),
    responses={202: json_answer(BATCH_OUT, "Accepted: validated, loading in the background"),
               **error_responses(413, 415, 422)},
)
async def create_batch(request: Request, body: Annotated[bytes, Depends(raw_body)]) -> Response:
    principal = await run_in_threadpool(authorize, request, "write")
    ctx = context(request)
    api = ctx.settings.api

    async def act() -> Response:
        return await run_in_threadpool(accept)

    def accept() -> Response:
        doc = parse_json(body, request.headers.get("content-type"))
        if not isinstance(doc, dict) or not isinstance(doc.get("debts"), list):
            raise Problem(422, "invalid-batch", 'The body must be {"debts": [ ... ]}.')
        unknown = sorted(set(doc) - {"debts", "on_existing"})
        if unknown:
            raise Problem(422, "invalid-batch", f"Unknown field(s) {', '.join(unknown)}: a batch has debts and on_existing.")
        on_existing = doc.get("on_existing", "skip")
        if on_existing not in ("skip", "update"):
            raise Problem(422, "invalid-batch", "on_existing is 'skip' or 'update'.")
        items = doc["debts"]
        if len(items) > api.max_batch_items:
            raise Problem(413, "too-many-items", f"A batch holds at most {api.max_batch_items:,} debts; send several.",
                          limit=api.max_batch_items)
        prepared = prepare_records(items, ctx.settings)
        counts = prepared.counts()
        valid = prepared.cases.filter(pl.col(VALID))
        batch_id = new_id("batch")
        now = ctx.clock()
        with ctx.store.write() as conn:
            ensure_account(conn, principal.account)
            report_id = None
            if prepared.problems.height:
                report_id = put_file(
                    conn, account=principal.account, kind="report", name=f"{batch_id}-problems.parquet",
                    source=io.BytesIO(_problems_parquet(prepared.problems, prepared.cases)), now=now,
                    content_type="application/vnd.apache.parquet",
                ).id
            conn.execute(sa.insert(imports).values(
                id=batch_id, account=principal.account, kind="batch", source_name="batch", source_size=len(body),
                sha256=None, format="json", on_existing=on_existing, rows=counts["rows"], valid_rows=counts["valid"],
                invalid_rows=counts["invalid"], status="running", run=1, started_at=now, report_file_id=report_id,
            ))
            enqueue(conn, account=principal.account, kind="batch", subject=batch_id, now=now,
                    params={"batch_id": batch_id, "on_existing": on_existing}, data=encode_cases(valid))
        if ctx.worker is not None:
            ctx.worker.wake()
        return json_response(
            {"batch_id": batch_id, "status": "processing", "total": counts["rows"], "valid": counts["valid"],
             "created": 0, "errors": counts["invalid"], "warnings": counts["warnings"]},
            202, {"Location": f"{PREFIX}/debts/batch/{batch_id}"},
        )

    return await idempotent(request, principal, body, act)


def _problems_parquet(problems: pl.DataFrame, cases: pl.DataFrame) -> bytes:
    references = cases.select(pl.col(LINE).alias("line"), "reference")
    table = problems.join(references, on="line", how="left").select(
        pl.col("line").alias("index"), "reference", pl.col("column").alias("field"), "code", "severity", "message",
        "suggestion",
    )
    out = io.BytesIO()
    table.write_parquet(out)
    return out.getvalue()


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
        table = pl.read_parquet(io.BytesIO(data))
        truncated = table.height > problems_limit
        listed = table.head(problems_limit).to_dicts()
        errored = table.filter(pl.col("severity") == ERROR)["index"].unique()
        warnings = table.filter(~pl.col("index").is_in(errored.implode()))["index"].n_unique()
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
