"""Handlers of the import jobs the API enqueues: a JSON batch already validated (its valid
cases ride in the job as Arrow IPC), and an uploaded file run through ``run_import`` — the very
pipeline of ``getbill-import import``. Both are safe to run again after a crash: the loader
counts the cases an interrupted run of the same import created as created, and creates nothing
twice."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import logging
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from getbill_import.errors import GetbillError, api_field
from getbill_import.jobs.runner import JobContext, backoff, done_by_handler
from getbill_import.load import load_cases
from getbill_import.pipeline import ImportOptions, run_import, write_reports
from getbill_import.store.files import copy_to, delete_file, put_file
from getbill_import.store.imports import fail_import, finish_import
from getbill_import.store.jobs import Job, claim_many, complete, fail, job_data
from getbill_import.store.schema import imports

log = logging.getLogger("getbill_import.jobs")

REPORT_FORMATS = ("json", "csv", "xlsx")
#: other ready batches of the same account a worker takes with the one it claimed
MORE_BATCHES = 15
REPORT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def encode_cases(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_ipc(out, compression="zstd")
    return out.getvalue()


def run_batch(ctx: JobContext) -> dict[str, Any]:
    """Load a batch; then the other batches of the same account that are ready (a client
    sending chunks in turn has several waiting), each loaded on its own but their records and
    jobs completed in one transaction, rather than a claim and three commits each."""
    job = ctx.job
    done = [(job, _load_batch(ctx, job, ctx.data()))]
    worker = ctx.worker
    more = claim_many(
        ctx.store, worker=job.locked_by, kind=job.kind, account=job.account, limit=MORE_BATCHES,
        lease=worker.lease if worker is not None else dt.timedelta(seconds=ctx.settings.api.job_lease_seconds),
        now=ctx.clock(),
    )
    for other in more:
        if other.attempts > other.max_attempts:  # it kept stopping its worker: given up
            fail(ctx.store, other, error="the worker stopped while running it", now=ctx.clock())
            continue
        try:
            done.append((other, _load_batch(ctx, other, job_data(ctx.store, other.id))))
        except Exception as exc:
            message = str(exc) or type(exc).__name__
            log.warning("job %s (batch) failed on attempt %s/%s: %s", other.id, other.attempts, other.max_attempts,
                        message)
            fail(ctx.store, other, error=message, now=ctx.clock(),
                 retry_at=ctx.clock() + dt.timedelta(seconds=backoff(other.attempts)))
    now = ctx.clock()
    with ctx.store.write() as conn:
        for finished, counts in done:
            finish_import(
                ctx.store, account=finished.account, import_id=finished.params["batch_id"], conn=conn,
                created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"],
                skipped_existing=counts["skipped_existing"], skipped_resolved=counts["skipped_resolved"],
            )
            complete(ctx.store, finished, now=now, result={"load": counts}, conn=conn)
    return done_by_handler()


def _load_batch(ctx: JobContext, job: Job, data: bytes | None) -> dict[str, int]:
    frame = pl.read_ipc(io.BytesIO(data)) if data else pl.DataFrame()
    if not frame.height:
        return {"created": 0, "updated": 0, "unchanged": 0, "skipped_existing": 0, "skipped_resolved": 0}
    load = load_cases(
        ctx.store, frame, account=job.account, import_id=job.params["batch_id"],
        on_existing=job.params.get("on_existing", "skip"), batch_size=ctx.settings.batch_size,
    )
    counts: dict[str, int] = load.to_json()
    return counts


def run_upload(ctx: JobContext) -> dict[str, Any]:
    params = ctx.job.params
    account = ctx.job.account
    import_id, file_id, name = params["import_id"], params["file_id"], params["source_name"]
    settings = ctx.settings.with_options(account=account)
    options = ImportOptions(
        sheet=params.get("sheet"), profile=params.get("profile"), encoding=params.get("encoding"),
        delimiter=params.get("delimiter"), date_order=params.get("date_order"), header_line=params.get("header_line"),
        apply_suggestions=bool(params.get("apply_suggestions")), on_existing=params.get("on_existing", "skip"),
        complete=bool(params.get("complete")),
    )
    debtors_id = params.get("debtors_file_id")
    with tempfile.TemporaryDirectory(prefix="getbill-upload-") as tmp:
        path = Path(tmp) / ("upload" + Path(name).suffix[:10])
        copy_to(ctx.store, account=account, file_id=file_id, path=path)
        if debtors_id:
            # under its own name, which the notices and the joined columns show
            given = Path(params.get("debtors_name") or "").name
            debtors = Path(tmp) / "debtors" / (given if given not in ("", ".", "..") else "debtors.csv")
            debtors.parent.mkdir()
            copy_to(ctx.store, account=account, file_id=debtors_id, path=debtors)
            options = dataclasses.replace(options, debtors=debtors)
        try:
            result = run_import(path, settings, options, store=ctx.store, source_name=name, kind="upload")
        except GetbillError as exc:
            if exc.transient:
                raise
            message = exc.render(api_field)
            fail_import(ctx.store, account=account, import_id=import_id, error=message)
            _drop_upload(ctx, file_id, debtors_id)
            return {"error": {"code": exc.code, "message": message, **_plain_facts(exc.facts)}}
        reports: dict[str, str] = {}
        if result.prepared is not None:
            for fmt in REPORT_FORMATS:
                target = Path(tmp) / f"report.{fmt}"
                write_reports(result.prepared, report=target)
                with target.open("rb") as source, ctx.store.write() as conn:
                    stored = put_file(
                        conn, account=account, kind="report", name=f"{Path(name).stem}-errors.{fmt}",
                        source=source, now=ctx.clock(), content_type=REPORT_TYPES[fmt],
                    )
                reports[fmt] = stored.id
            with ctx.store.write() as conn:
                conn.execute(sa.update(imports).where(imports.c.account == account, imports.c.id == import_id)
                             .values(report_file_id=reports["json"]))
    _drop_upload(ctx, file_id, debtors_id)
    done: dict[str, Any] = {"status": result.status, "reports": reports}
    if result.settled is not None and result.settled.anything:
        done["earlier_cases"] = result.settled.counts
    return done


def _drop_upload(ctx: JobContext, *file_ids: str | None) -> None:
    """An upload (and its debtors file) is kept only until its import ran (it holds personal data)."""
    for file_id in filter(None, file_ids):
        with contextlib.suppress(GetbillError), ctx.store.write() as conn:
            delete_file(conn, account=ctx.job.account, file_id=file_id)


def _plain_facts(facts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if isinstance(v, str | int | float | bool | list | type(None))}
