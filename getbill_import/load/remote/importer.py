"""``getbill-import import FILE --to URL``: the file read, mapped and validated as for a local
import, its valid rows sent to a remote batch API, exactly once per target, account and file
content, with the local store's ledger recording each accepted chunk so that a re-run resumes
where the last one stopped."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import polars as pl

from getbill_import import __version__
from getbill_import.config import Settings
from getbill_import.fields import LINE
from getbill_import.load.remote.client import RetryPolicy
from getbill_import.load.remote.debts import encode_debts, problems_frame
from getbill_import.load.remote.loader import RemoteLoader, RemoteLoadResult
from getbill_import.load.remote.payments import (
    RemotePayments,
    keep_remote_invoice_amounts,
    send_ledger_payments,
    send_settlements,
)
from getbill_import.load.remote.target import RemoteTarget
from getbill_import.pipeline import (
    ImportOptions,
    PreparedFile,
    Progress,
    debtors_key,
    file_digest,
    prepare_file,
    summary_json,
    write_reports,
)
from getbill_import.problems import concat_problems
from getbill_import.store.remote_ledger import (
    ChunkRecord,
    RemoteImportRecord,
    begin_remote_import,
    fail_remote_import,
    find_remote_import,
    finish_remote_import,
    list_chunks,
    record_chunks,
)
from getbill_import.validate import VALID, ValidationResult

if TYPE_CHECKING:
    from getbill_import.collection.settlements import Settled
    from getbill_import.store import Store

USER_AGENT = f"getbill-import/{__version__}"


def _noop(stage: str, fraction: float | None = None) -> None:
    return None


@dataclass
class RemoteImportResult:
    """What an import into a remote API did. ``status`` is "completed" or "already_imported"
    (this content was sent whole to this target and account before: nothing was read or sent)."""

    path: Path
    target: RemoteTarget
    sha256: str
    size: int
    status: str
    prepared: PreparedFile | None = None
    load: RemoteLoadResult | None = None
    record: RemoteImportRecord | None = None
    #: "new", "resumed" (an interrupted import was finished) or "forced"
    start: str | None = None
    #: values changed by --apply-suggestions on the rows sent
    corrections: int = 0
    #: a ledger's payments of invoices sent before, recorded on the remote cases
    payments: RemotePayments | None = None
    #: what this list says of the invoices sent before (paid, owed less, cancelled), recorded on
    #: the remote cases
    settled: Settled | None = None

    @property
    def account(self) -> str:
        return self.target.account

    @property
    def validation(self) -> ValidationResult | None:
        return self.prepared.validation if self.prepared else None

    @property
    def rejected(self) -> int:
        """Rows rejected (by the file's validation or by the server): in this run, or in the run
        that sent the file before."""
        if self.status == "already_imported":
            return self.record.invalid_rows if self.record is not None else 0
        return self.prepared.validation.invalid if self.prepared is not None else 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = summary_json(self.prepared) if self.prepared else {}
        data.update({
            "status": self.status,
            "target": {"url": self.target.url, "name": self.target.name, "account": self.target.account},
            "file": {"path": str(self.path), "size": self.size, "sha256": self.sha256},
            "start": self.start,
            "load": self.load.to_json() if self.load else None,
            "corrections": self.corrections,
            "import": self.record.to_json() if self.record else None,
            "payments": self.payments.to_json() if self.payments else None,
        })
        if self.settled is not None:
            data["earlier_cases"] = self.settled.to_json()
        return data


class StoreLedger:
    """The chunks of one run of a remote import, in the local store's ledger."""

    def __init__(self, store: Store, import_id: str, run: int) -> None:
        self.store, self.import_id, self.run = store, import_id, run

    def known(self) -> dict[int, ChunkRecord]:
        return list_chunks(self.store, import_id=self.import_id, run=self.run)

    def record(self, chunks: list[ChunkRecord]) -> None:
        record_chunks(self.store, import_id=self.import_id, run=self.run, chunks=chunks)


def http_client(target: RemoteTarget) -> httpx.Client:
    """The ``httpx.Client`` the command line uses: keep-alive connections for the senders and the
    follower, the target's timeout, no redirects followed (a redirect would not carry the body
    and could carry the credentials elsewhere)."""
    connections = target.concurrency + 2
    return httpx.Client(
        timeout=httpx.Timeout(target.timeout_s),
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=False,
    )


def run_remote_import(
    path: Path | str, settings: Settings, target: RemoteTarget, options: ImportOptions | None = None, *,
    http: httpx.Client | None = None, store: Store | None = None, progress: Progress = _noop,
) -> RemoteImportResult:
    """Send the valid rows of the file at ``path`` to ``target``. ``http`` is the client to send
    with (one with the target's timeout is made when None); ``store`` the local store holding the
    ledger (the one at ``settings.database_url`` when None). Raises GetbillError when the file,
    the store or the remote API cannot be used; what the server accepted by then stays recorded."""
    from getbill_import.read._sniff import check_path, detect_format
    from getbill_import.store import open_store
    from getbill_import.store.locks import import_lock

    options = options or ImportOptions()
    if options.dry_run:
        raise ValueError("a dry run sends nothing: use pipeline.run_import")
    path = check_path(path, settings.read_limits)
    sha256, size = file_digest(path)
    result = RemoteImportResult(path=path, target=target, sha256=sha256, size=size, status="running")
    owned = store is None
    if store is None:
        store = open_store(settings.database_url)
    try:
        store.check_writable()
        with import_lock(store, account=f"{target.account} at {target.url}", sha256=sha256, name=path.name):
            # delimited text has no sheet: whether it was sent is known before reading it
            joined = debtors_key(options, settings)
            if detect_format(path) == "csv" and _already_sent(store, result, options, joined):
                return result
            prepared = result.prepared = prepare_file(path, settings, options, progress=progress)
            # each sheet of a workbook is an import of its own, and so is a file joined with a
            # debtors file
            sheet_key = (prepared.read.source.sheet or "") + joined
            if _already_sent(store, result, options, sheet_key):
                return result
            return _send(store, result, settings, target, options, http, progress, sheet_key)
    finally:
        if owned:
            store.close()


def _already_sent(store: Store, result: RemoteImportResult, options: ImportOptions, sheet_key: str) -> bool:
    target = result.target
    earlier = find_remote_import(store, target=target.url, account=target.account, sha256=result.sha256,
                                 sheet_key=sheet_key)
    if earlier is not None and earlier.status == "completed" and not options.force:
        result.status, result.record = "already_imported", earlier
        return True
    return False


def _send(
    store: Store, result: RemoteImportResult, settings: Settings, target: RemoteTarget, options: ImportOptions,
    http: httpx.Client | None, progress: Progress, sheet_key: str,
) -> RemoteImportResult:
    prepared = result.prepared
    assert prepared is not None
    if options.report is not None:
        progress("report", None)
        write_reports(prepared, report=options.report)
    debts = encode_debts(prepared.cases)
    counts = prepared.counts()
    chunks = len(debts.chunks(target.chunk_size))
    start = begin_remote_import(
        store, target=target.url, account=target.account, sha256=result.sha256, sheet_key=sheet_key,
        source_name=result.path.name, source_size=result.size, chunk_size=target.chunk_size,
        on_existing=options.on_existing, rows=counts["rows"], valid_rows=counts["valid"],
        invalid_rows=counts["invalid"], chunks=chunks, force=options.force,
    )
    if start.kind == "already_completed":
        result.status, result.record = "already_imported", start.record
        return result
    record, result.start = start.record, start.kind
    progress("send", 0.0)
    client = http if http is not None else http_client(target)
    loader = RemoteLoader(
        client, target.url, target.credentials, chunk_size=target.chunk_size, concurrency=target.concurrency,
        policy=RetryPolicy(retries=target.retries),
    )
    try:
        if options.on_existing == "update" and prepared.owed is not None and keep_remote_invoice_amounts(
            loader.api, prepared,
        ):
            # a balance updates no invoice's amount: what it lowers is paid (send_settlements, below)
            debts = encode_debts(prepared.cases)
        load = loader.load(
            debts, sha256=result.sha256, run=record.run, on_existing=options.on_existing,
            ledger=StoreLedger(store, record.id, record.run),
            progress=lambda done, total: progress("send", done / total if total else 1.0),
        )
        if prepared.ledger_payments is not None:
            # before the import is marked complete: a run stopped in between sends them again, and
            # the server records each posting once (its fingerprint is the payment's external_id)
            progress("payments", None)
            result.payments = send_ledger_payments(loader.api, prepared.ledger_payments, path=result.path)
        if prepared.left_out is not None or prepared.owed is not None:
            progress("payments", None)
            result.settled = send_settlements(
                loader.api, prepared, path=result.path, existing=load.existing + load.updated > 0,
            )
    except BaseException as exc:
        with contextlib.suppress(Exception):
            fail_remote_import(store, import_id=record.id, error=loader.api.redact(str(exc) or type(exc).__name__))
        raise
    finally:
        if http is None:
            client.close()
    result.load = load
    _merge_server_problems(prepared, load)
    if options.report is not None and load.problems:
        write_reports(prepared, report=options.report)
    if prepared.changes is not None:
        sent = set(debts.lines.to_list()) - load.rejected_lines
        result.corrections = prepared.changes.filter(pl.col("line").is_in(list(sent))).height
    result.record = finish_remote_import(
        store, import_id=record.id, created=load.created, updated=load.updated, existing=load.existing,
        errors=load.errors, invalid_rows=prepared.validation.invalid, report_path=prepared.reports.get("report"),
    )
    result.status = "completed"
    return result


def _merge_server_problems(prepared: PreparedFile, load: RemoteLoadResult) -> None:
    """The server's problems join the file's on their lines (those the local validation already
    found are not repeated), and the rows it rejected count as invalid."""
    if not load.problems:
        return
    found = problems_frame(
        load.problems, columns=prepared.mapping.field_columns(), source=prepared.read.frame,
        sheet=prepared.read.source.sheet, known=prepared.problems,
    )
    validation = prepared.validation
    cases = validation.cases
    if load.rejected_lines:
        rejected = pl.Series(list(load.rejected_lines), dtype=pl.Int64)
        cases = cases.with_columns((pl.col(VALID) & ~pl.col(LINE).is_in(rejected.implode())).alias(VALID))
    prepared.validation = ValidationResult(
        cases=cases, problems=concat_problems([validation.problems, found]), notices=validation.notices,
    )
    prepared.problems = concat_problems([prepared.problems, found])
