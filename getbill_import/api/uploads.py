"""``/imports``: a CSV or XLSX file uploaded and imported in the background by the very
pipeline of ``getbill-import import`` (the same file content is imported once per account), its
result and its error report."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from getbill_import.api.auth import authorize, authorize_async, context, secured
from getbill_import.api.debts import PREFIX, json_response
from getbill_import.api.problems import Problem, error_responses
from getbill_import.api.schemas import IMPORT_OUT, json_answer
from getbill_import.jobs.imports import REPORT_TYPES
from getbill_import.pipeline import joined_key
from getbill_import.store.credentials import Principal
from getbill_import.store.files import file_info, iter_file, put_file
from getbill_import.store.imports import ImportRecord, begin_import, find_import, get_import
from getbill_import.store.jobs import enqueue, get_job
from getbill_import.store.schema import imports

router = APIRouter(tags=["imports"], dependencies=secured())
_STATUS = {"running": "processing", "completed": "completed", "failed": "failed"}
_HASH_CHUNK = 1 << 20


def import_json(record: ImportRecord, job: dict[str, Any] | None) -> dict[str, Any]:
    result = (job or {}).get("result") or {}
    status = _STATUS[record.status]
    if job is not None and job["status"] in ("queued", "running"):
        status = "processing"  # the cases are in; the reports are being written
    error = result.get("error")
    if status == "processing" and job is not None and job["status"] == "failed":
        status, error = "failed", {"code": "import-failed", "message": job["last_error"]}
    if status == "failed" and error is None and record.error:
        error = {"code": "import-failed", "message": record.error}
    data = record.to_json()
    reports = {fmt: f"{PREFIX}/imports/{record.id}/report?format={fmt}" for fmt in result.get("reports", {})}
    return {
        "id": record.id, "status": status,
        "file": {"name": record.source_name, "size": record.source_size, "sha256": record.sha256},
        "counts": {"rows": record.rows, "valid": record.valid_rows, "invalid": record.invalid_rows},
        "load": {k: data[k] for k in ("created", "updated", "unchanged", "skipped_existing", "skipped_resolved")},
        "mapping": record.mapping, "profile": record.profile, "sheet": record.sheet,
        "error": error, "reports": reports, "earlier_cases": result.get("earlier_cases"),
        "started_at": data["started_at"], "finished_at": data["finished_at"] if status != "processing" else None,
    }


@router.post(
    "/imports", status_code=202, summary="Upload a CSV or XLSX export to import it",
    responses={202: json_answer(IMPORT_OUT, "Accepted: importing in the background"),
               200: json_answer(IMPORT_OUT, "This content was imported already: nothing was done"),
               **error_responses(413, 422)},
)
async def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="The export: CSV, XLSX, XLS or ODS")],
    profile: Annotated[str | None, Form(max_length=200)] = None,
    sheet: Annotated[str | None, Form(max_length=200, description="Sheet name, or its 0-based index")] = None,
    on_existing: Annotated[Literal["skip", "update"], Form()] = "skip",
    encoding: Annotated[str | None, Form(max_length=40)] = None,
    delimiter: Annotated[Literal[",", ";", "|", "~", "tab"] | None, Form()] = None,
    date_order: Annotated[Literal["day", "month"] | None, Form()] = None,
    header_line: Annotated[int | None, Form(ge=0, le=1_000_000, description="The line of the columns' names (1 the "
                                                                          "first), 0 for a file without one")] = None,
    apply_suggestions: Annotated[bool, Form()] = False,
    complete: Annotated[bool, Form(description="The file lists every open invoice: the open cases of earlier "
                                               "file imports it leaves out were paid (as import --complete)")] = False,
    debtors: Annotated[
        UploadFile | None,
        File(description="A customer master file with the debtors' names, e-mails, phones or addresses, for "
                         "an export that names its debtors by a customer number alone (as import --debtors)"),
    ] = None,
) -> Response:
    principal = await authorize_async(request, "write")
    params = {
        "profile": profile, "sheet": int(sheet) if sheet and sheet.isdigit() else sheet, "on_existing": on_existing,
        "encoding": encoding, "delimiter": "\t" if delimiter == "tab" else delimiter, "date_order": date_order,
        "apply_suggestions": apply_suggestions, "complete": complete, "header_line": header_line,
    }
    name = _file_name(file, "upload")
    return await run_in_threadpool(_accept, request, principal, file, name, params, debtors)


def _file_name(file: UploadFile, default: str) -> str:
    return (file.filename or default).replace("/", "_").replace("\\", "_")[-200:] or default


def _digest(source: Any, what: str) -> tuple[str, int]:
    """The sha256 and size of an uploaded file (422 when it is empty)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        raise Problem(422, "empty-file", f"The uploaded {what} is empty.")
    source.seek(0)
    return digest.hexdigest(), size


def _accept(
    request: Request, principal: Principal, file: UploadFile, name: str, params: dict[str, Any],
    debtors: UploadFile | None,
) -> Response:
    ctx = context(request)
    source = file.file
    sha256, size = _digest(source, "file")
    # a file joined with a debtors file is an import of its own (as on the command line)
    key = joined_key(_digest(debtors.file, "debtors file")[0]) if debtors is not None else ""
    earlier = find_import(ctx.store, account=principal.account, sha256=sha256, sheet_key=key)
    if earlier is not None and earlier.status == "completed":
        body = import_json(earlier, get_job(ctx.store, kind="upload", subject=earlier.id))
        return json_response({**body, "already_imported": True}, 200,
                             {"Location": f"{PREFIX}/imports/{earlier.id}"})
    if earlier is not None and earlier.status == "running":
        job = get_job(ctx.store, kind="upload", subject=earlier.id)
        if job is not None and job["status"] in ("queued", "running"):
            return json_response({**import_json(earlier, job), "already_imported": False}, 202,
                                 {"Location": f"{PREFIX}/imports/{earlier.id}"})
    now = ctx.clock()
    record = begin_import(ctx.store, account=principal.account, sha256=sha256, source_name=name, source_size=size,
                          kind="upload", on_existing=params["on_existing"], sheet_key=key).record
    with ctx.store.write() as conn:
        stored = put_file(conn, account=principal.account, kind="upload", name=name, source=source, now=now,
                          content_type=file.content_type)
        if debtors is not None:
            joined = put_file(conn, account=principal.account, kind="upload", name=_file_name(debtors, "debtors"),
                              source=debtors.file, now=now, content_type=debtors.content_type)
            params = {**params, "debtors_file_id": joined.id, "debtors_name": joined.name}
        if record.status == "failed":  # a new attempt at an import that failed
            conn.execute(sa.update(imports).where(imports.c.id == record.id).values(status="running", error=None))
        enqueue(conn, account=principal.account, kind="upload", subject=record.id, now=now, max_attempts=3,
                params={"import_id": record.id, "file_id": stored.id, "source_name": name, **params})
    ctx.wake_jobs()
    record = get_import(ctx.store, account=principal.account, import_id=record.id) or record
    return json_response({**import_json(record, None), "already_imported": False}, 202,
                         {"Location": f"{PREFIX}/imports/{record.id}"})


@router.get(
    "/imports/{import_id}", summary="The result of an uploaded file's import",
    responses={200: json_answer(IMPORT_OUT, "The import"), **error_responses(404)},
)
def get_upload(request: Request, import_id: str) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    record = get_import(ctx.store, account=principal.account, import_id=import_id)
    if record is None or record.kind == "batch":
        raise Problem(404, "not-found", f"There is no import {import_id} in your account.")
    return json_response(import_json(record, get_job(ctx.store, kind="upload", subject=import_id)))


@router.get(
    "/imports/{import_id}/report", summary="The import's error report (line, column, value, problem, suggestion)",
    responses={200: {"description": "The report", "content": {t: {} for t in REPORT_TYPES.values()}},
               **error_responses(404, 422)},
)
def get_report(
    request: Request, import_id: str,
    format: Annotated[Literal["json", "csv", "xlsx"], Query(description="json, csv or xlsx")] = "json",
) -> Response:
    principal = authorize(request, "read")
    ctx = context(request)
    record = get_import(ctx.store, account=principal.account, import_id=import_id)
    job = get_job(ctx.store, kind="upload", subject=import_id) if record is not None else None
    file_id = (((job or {}).get("result") or {}).get("reports") or {}).get(format)
    info = file_info(ctx.store, account=principal.account, file_id=file_id) if file_id else None
    if record is None or info is None:
        raise Problem(404, "not-found", f"No {format} report for import {import_id} (yet).")
    return StreamingResponse(
        iter_file(ctx.store, account=principal.account, file_id=info.id), media_type=info.content_type,
        headers={"Content-Disposition": f'attachment; filename="{info.name}"', "Content-Length": str(info.size)},
    )
