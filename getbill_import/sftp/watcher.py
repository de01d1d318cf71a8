"""The watcher: one cycle over a source, and the daemon loop.

A cycle connects (retrying with backoff), lists the drop folders, lets incomplete files wait
(see ``select``), and takes the rest one by one:

1. ledger row "pending" for (source, path, size, mtime), written before anything else;
2. download into a spool folder, size checked against the listing, the remote file looked at
   again (it must not have changed), SHA-256;
3. the import, through ``pipeline.run_import`` like ``getbill-import import``: the same content
   is imported once per account, an interrupted import is resumed;
4. the outcome in the ledger with the names the file and its report will get;
5. the report uploaded to ``reports/``, the file (and its marker) moved to ``processed/`` or
   ``failed/`` under a name no other file has (UTC time and hash), never overwriting; the ledger
   row is closed.

A process stopped anywhere finds the ledger row next time and goes on from the step it reached.
Connection failures are retried with backoff; a file that cannot be processed is moved to
``failed/`` with a report; nothing stops the other files and sources. Each source's cycle ends
with one summary log line and a row in ``sftp_cycles``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from getbill_import.config import Settings
from getbill_import.errors import ConfigError, GetbillError, StoreError, TransientError
from getbill_import.pipeline import (
    ImportOptions,
    ImportResult,
    file_digest,
    run_import,
    run_validate,
)
from getbill_import.sftp import select
from getbill_import.sftp.config import FolderConfig, SourceConfig
from getbill_import.sftp.remote import (
    Connector,
    RemoteEntry,
    RemoteFileError,
    RemoteFS,
    RemoteUnavailable,
    join,
    paramiko_connector,
)
from getbill_import.store import Store
from getbill_import.store import sftp_ledger as ledger
from getbill_import.store.sftp_ledger import (
    DUPLICATE,
    FAILED,
    IMPORTED,
    SETTLED,
    CycleRecord,
    LedgerEntry,
)

log = logging.getLogger("getbill_import.sftp")

PROCESSED_DIR = "processed"
FAILED_DIR = "failed"
REPORTS_DIR = "reports"
#: a source that could not be reached, or files left to retry, are looked at again this soon
RETRY_LATER_S = 300.0
#: the daemon wakes at least this often to look at its clock (and notice a stop at once anyway)
MAX_SLEEP_S = 60.0
#: the problem code of a report for a file that could not be processed at all
FILE_REJECTED = "file-rejected"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")

T = TypeVar("T")


@dataclass
class FileResult:
    path: str
    #: "imported", "duplicate", "failed", or "retry" (left in place for the next cycle)
    outcome: str
    import_id: str | None = None
    rows: int = 0
    created: int = 0
    invalid: int = 0
    error: str | None = None
    archived_to: str | None = None
    report_to: str | None = None
    bytes: int = 0
    transfer_seconds: float = 0.0
    import_seconds: float = 0.0
    #: the debtors file the file was joined with (a remote path for ``debtors_patterns``)
    debtors: str | None = None
    #: what the file recorded on the cases of earlier imports (``Settled.counts``), when anything
    earlier_cases: dict[str, Any] | None = None


@dataclass
class SourceResult:
    source: str
    account: str
    #: "ok", "unreachable", "error" (refused or misconfigured), "busy" (another process has it)
    #: or "stopped" (the process was asked to stop)
    status: str = "ok"
    error: str | None = None
    listed: int = 0
    waiting: int = 0
    files: list[FileResult] = field(default_factory=list)
    started_at: float = 0.0
    finished_at: float = 0.0
    #: seconds after which a waiting or retried file could be taken (None: nothing to come back for)
    recheck_in: float | None = None
    transfer_seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def created(self) -> int:
        return sum(f.created for f in self.files)

    @property
    def invalid(self) -> int:
        return sum(f.invalid for f in self.files)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def import_seconds(self) -> float:
        return sum(f.import_seconds for f in self.files)

    def summary(self) -> str:
        """The one log line of this source's cycle (logfmt)."""
        parts = [
            f"source={self.source}", f"account={self.account}", f"status={self.status}",
            f"listed={self.listed}", f"taken={len(self.files)}", f"imported={self.count(IMPORTED)}",
            f"duplicates={self.count(DUPLICATE)}", f"failed={self.count(FAILED)}",
            f"waiting={self.waiting}", f"retry={self.count('retry')}", f"created={self.created}",
            f"invalid_rows={self.invalid}", f"bytes={self.bytes}",
            f"transfer_s={self.transfer_seconds:.2f}", f"import_s={self.import_seconds:.2f}",
            f"took_s={self.finished_at - self.started_at:.2f}",
        ]
        if self.error:
            parts.append('error="' + self.error.replace("\\", "\\\\").replace('"', '\\"') + '"')
        return "sftp cycle " + " ".join(parts)

    def record(self) -> CycleRecord:
        return CycleRecord(
            account=self.account, source=self.source, status=self.status,
            started_at=_utc(self.started_at), finished_at=_utc(self.finished_at),
            listed=self.listed, taken=len(self.files), imported=self.count(IMPORTED),
            duplicates=self.count(DUPLICATE), failed=self.count(FAILED), waiting=self.waiting,
            retry=self.count("retry"), created=self.created, invalid_rows=self.invalid,
            bytes=self.bytes, transfer_seconds=self.transfer_seconds,
            import_seconds=self.import_seconds, error=self.error,
        )


class Watcher:
    """Runs cycles over sources. ``connect`` opens a source's ``RemoteFS``; ``clock`` gives
    epoch seconds; ``sleep`` waits (and returns early once ``stop`` is set)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        connect: Connector = paramiko_connector,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], object] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.connect = connect
        self.clock = clock
        self.stop = stop or threading.Event()
        self.sleep = sleep or self.stop.wait
        self.state_dir = settings.data_dir / "sftp"
        #: debtors files downloaded in this cycle, by (remote path, size, mtime)
        self._debtors_cache: dict[tuple[str, int, int], Path] = {}

    # --- the daemon --------------------------------------------------------------------------

    def watch(self, sources: tuple[SourceConfig, ...] | list[SourceConfig]) -> None:
        """Run each source now, then on its schedule, until ``stop`` is set."""
        due = {s.name: self.clock() for s in sources}
        while not self.stop.is_set():
            for source in sources:
                if self.stop.is_set():
                    break
                started = self.clock()
                if due[source.name] > started:
                    continue
                result = self.run_source(source)
                following = source.schedule.next_after(started)
                if result.recheck_in is not None:
                    following = min(following, self.clock() + result.recheck_in)
                due[source.name] = following
            pause = min(due.values()) - self.clock()
            if pause > 0 and not self.stop.is_set():
                self.sleep(min(pause, MAX_SLEEP_S))

    def run_cycle(self, sources: tuple[SourceConfig, ...] | list[SourceConfig]) -> list[SourceResult]:
        """One cycle over every source, one after the other."""
        results = []
        for source in sources:
            if self.stop.is_set():
                break
            results.append(self.run_source(source))
        return results

    # --- one source --------------------------------------------------------------------------

    def run_source(self, source: SourceConfig) -> SourceResult:
        """One cycle over ``source``. Never raises for a remote, file or store failure: they end
        in the result's status and error."""
        result = SourceResult(source.name, source.account, started_at=self.clock())
        try:
            with self._lock(source) as held:
                if not held:
                    result.status = "busy"
                    result.error = "another process is working on this source; skipped"
                else:
                    self._run(source, result)
        except RemoteUnavailable as exc:
            result.status = "stopped" if self.stop.is_set() else "unreachable"
            result.error = str(exc)
            result.recheck_in = RETRY_LATER_S
        except GetbillError as exc:
            result.status, result.error = "error", str(exc)
        except Exception as exc:  # a bug must not stop the daemon: say it and go on
            log.exception("sftp source=%s: unexpected failure", source.name)
            result.status, result.error = "error", f"unexpected failure: {type(exc).__name__}: {exc}"
        if self.stop.is_set() and result.status == "ok":
            result.status = "stopped"
        result.finished_at = self.clock()
        try:
            ledger.record_cycle(self.store, result.record())
        except GetbillError as exc:
            log.warning("sftp source=%s: the cycle could not be recorded: %s", source.name, exc)
        (log.info if result.status in ("ok", "stopped") else log.warning)(result.summary())
        return result

    def _run(self, source: SourceConfig, result: SourceResult) -> None:
        self._check_profiles(source)
        session = _Session(self, source)
        self._debtors_cache.clear()
        try:
            first, debtor_files, missing = session.call(lambda fs: self._look(fs, source))
            if missing:
                result.status, result.error = "error", "; ".join(missing)
            open_rows = {(r.path, r.size, r.mtime): r for r in ledger.open_entries(
                self.store, account=source.account, source=source.name)}
            self._reconcile(session, source, first, open_rows)
            taken, waiting = self._complete_files(session, source, first, debtor_files, open_rows)
            result.listed = sum(len(c) for c in first.values())
            result.waiting = len(waiting)
            soonest = [w for w in waiting if w is not None]
            if soonest:
                result.recheck_in = min(soonest)
            for folder, candidate, debtors in taken:
                if self.stop.is_set():
                    break
                started = time.perf_counter()
                outcome = self._take(session, source, folder, candidate, debtors)
                result.files.append(outcome)
                result.transfer_seconds += outcome.transfer_seconds
                if outcome.outcome == "retry":
                    result.recheck_in = min(result.recheck_in or RETRY_LATER_S, RETRY_LATER_S)
                log.debug("sftp source=%s file=%s outcome=%s took_s=%.2f", source.name,
                          candidate.entry.path, outcome.outcome, time.perf_counter() - started)
        finally:
            session.close()
            for cached in self._debtors_cache.values():
                cached.unlink(missing_ok=True)
            self._debtors_cache.clear()

    def _check_profiles(self, source: SourceConfig) -> None:
        """A mapping profile named in the configuration must exist (else every file would fail)."""
        named = {f.profile for f in source.folders if f.profile}
        if not named:
            return
        from getbill_import.mapping.profiles import find_by_name, load_profiles

        profiles = load_profiles([self.settings.learned_dir, *self.settings.profiles_dirs])
        for name in sorted(named):
            try:
                find_by_name(name, profiles)
            except GetbillError as exc:
                raise ConfigError(f"Source '{source.name}': {exc}") from None

    def _look(self, fs: RemoteFS, source: SourceConfig) -> tuple[
        dict[str, list[select.Candidate]], dict[str, list[select.Candidate]], list[str]
    ]:
        """Every folder's candidates and debtors files (by folder path), and the folders that do
        not exist."""
        found: dict[str, list[select.Candidate]] = {}
        debtor_files: dict[str, list[select.Candidate]] = {}
        missing = []
        for folder in source.folders:
            try:
                entries = fs.list(folder.path)
            except RemoteFileError as exc:
                if not exc.missing:
                    raise
                missing.append(f"the remote folder {folder.path} does not exist")
                continue
            found[folder.path] = select.candidates(entries, folder.patterns, exclude=folder.debtors_patterns)
            if folder.debtors_patterns:
                debtor_files[folder.path] = select.candidates(entries, folder.debtors_patterns)
        return found, debtor_files, missing

    def _complete_files(
        self, session: _Session, source: SourceConfig, first: dict[str, list[select.Candidate]],
        debtor_files: dict[str, list[select.Candidate]], open_rows: dict[tuple[str, int, int], LedgerEntry],
    ) -> tuple[list[tuple[FolderConfig, select.Candidate, RemoteEntry | None]], list[float | None]]:
        """The candidates that may be taken now, each with its folder's debtors file, and for each
        one that may not, how long it may still need (seconds; None when it waits for its marker
        or for a debtors file)."""
        folders = {f.path: f for f in source.folders}
        known = [
            (folders[path], c) for path, cands in first.items() for c in cands
            if (c.entry.path, c.entry.size, c.entry.mtime) in open_rows
        ]
        fresh = [(folders[path], c) for path, cands in first.items() for c in cands
                 if (c.entry.path, c.entry.size, c.entry.mtime) not in open_rows]
        newest_debtors = {path: select.newest(cands) for path, cands in debtor_files.items()}
        second: dict[str, RemoteEntry] = {}
        recheck = [f for f, c in fresh if select.needs_second_look(c, source.completion)] + [
            folders[path] for path, c in newest_debtors.items()
            if c is not None and select.needs_second_look(c, source.completion)
        ]
        if recheck:
            if source.settle > 0:
                self.sleep(source.settle)
            if self.stop.is_set():
                return [], []
            for folder in {f.path: f for f in recheck}.values():
                try:
                    entries = session.call(functools.partial(_list, folder=folder.path))
                except RemoteFileError:
                    continue
                second.update({e.path: e for e in entries})
        now = self.clock()

        def wait(candidate: select.Candidate) -> tuple[bool, float | None]:
            """Whether the file may be taken, else how long it may still need."""
            verdict = select.decide(
                candidate, second.get(candidate.entry.path), completion=source.completion,
                now=now, min_age=source.min_age,
            )
            if verdict == select.WAIT_STABLE:
                return False, max(source.settle, source.min_age - (now - candidate.entry.mtime), 1.0)
            return verdict is None, None

        debtors: dict[str, RemoteEntry | None] = {}
        debtors_wait: dict[str, float | None] = {}
        for path, newest in newest_debtors.items():
            ready, later = (False, None) if newest is None else wait(newest)
            if ready:
                assert newest is not None
                debtors[path] = newest.entry
            else:
                debtors_wait[path] = later
                if newest is None and any(f.path == path for f, _ in fresh):
                    log.warning(
                        "sftp source=%s folder=%s: the files wait for a debtors file (%s) in the folder",
                        source.name, path, ", ".join(folders[path].debtors_patterns),
                    )
        taken = [(folder, c, debtors.get(folder.path)) for folder, c in known]
        waiting: list[float | None] = []
        for folder, candidate in fresh:
            ready, later = wait(candidate)
            if ready and folder.path in debtors_wait:
                ready, later = False, debtors_wait[folder.path]
            if ready:
                taken.append((folder, candidate, debtors.get(folder.path)))
            else:
                waiting.append(later)
        return taken, waiting

    def _reconcile(
        self, session: _Session, source: SourceConfig, listed: dict[str, list[select.Candidate]],
        open_rows: dict[tuple[str, int, int], LedgerEntry],
    ) -> None:
        """Close the ledger rows whose file is no longer where it was found: moved to its archive
        before the process stopped, or taken away by someone else."""
        present = {(c.entry.path, c.entry.size, c.entry.mtime) for cands in listed.values() for c in cands}
        for key, row in list(open_rows.items()):
            if key in present:
                continue
            archived = row.outcome in SETTLED and row.archived_to is not None and (
                session.call(functools.partial(_stat, path=row.archived_to)) is not None
            )
            if archived:
                ledger.record_archived(self.store, account=source.account, entry_id=row.id)
            else:
                ledger.record_gone(
                    self.store, account=source.account, entry_id=row.id,
                    error="the file changed or left the folder before it was processed",
                )
            self._clear_spool(source, row.id)
            del open_rows[key]

    # --- one file ----------------------------------------------------------------------------

    def _take(self, session: _Session, source: SourceConfig, folder: FolderConfig,
              candidate: select.Candidate, debtors: RemoteEntry | None) -> FileResult:
        entry = candidate.entry
        try:
            return session.call(lambda fs: self._process(fs, source, folder, candidate, debtors))
        except (StoreError, ConfigError, RemoteUnavailable):
            raise
        except GetbillError as exc:  # this file only (a remote path refused, a full local disk…)
            row = ledger.find_open(
                self.store, account=source.account, source=source.name, path=entry.path,
                size=entry.size, mtime=entry.mtime,
            )
            if row is not None:
                ledger.record_retry(self.store, account=source.account, entry_id=row.id, error=str(exc))
            return FileResult(entry.path, "retry", error=str(exc))

    def _process(self, fs: RemoteFS, source: SourceConfig, folder: FolderConfig,
                 candidate: select.Candidate, debtors_entry: RemoteEntry | None) -> FileResult:
        entry = candidate.entry
        account = source.account
        row = ledger.find_open(
            self.store, account=account, source=source.name, path=entry.path, size=entry.size, mtime=entry.mtime
        ) or ledger.record_found(
            self.store, account=account, source=source.name, path=entry.path, size=entry.size, mtime=entry.mtime
        )
        done = FileResult(entry.path, row.outcome)
        if row.outcome in SETTLED:  # processed before the process stopped: only the moves are left
            return self._archive(fs, source, folder, row, candidate, done)
        spool = self._spool(source, row.id)
        local = spool / (_UNSAFE_NAME.sub("_", entry.name).lstrip(".") or "file")
        report = spool / f"report.{folder.report_format}"
        if row.attempts >= source.max_attempts:
            message = (
                f"The import of this file was started {row.attempts} times and never finished: the "
                "process stopped during each one. Check the file (size, format) and the logs."
            )
            row = self._settle_failed(source, folder, row, report, entry.name, message)
            done.outcome, done.error = FAILED, message
            return self._archive(fs, source, folder, row, candidate, done)

        started = time.perf_counter()
        partial = spool / ".download"
        done.bytes = fs.download(entry.path, partial)
        after = fs.stat(entry.path)
        done.transfer_seconds = time.perf_counter() - started
        if done.bytes != entry.size or after is None or (after.size, after.mtime) != (entry.size, entry.mtime):
            message = (
                f"the file changed while it was downloaded ({entry.size:,} bytes listed, "
                f"{done.bytes:,} received); it will be taken once it stops changing"
            )
            ledger.record_retry(self.store, account=account, entry_id=row.id, error=message)
            partial.unlink(missing_ok=True)
            done.outcome, done.error = "retry", message
            return done
        partial.replace(local)
        debtors, waits_for = self._debtors_copy(fs, folder, spool, debtors_entry)
        if debtors is None and waits_for is not None:
            ledger.record_retry(self.store, account=account, entry_id=row.id, error=waits_for)
            done.outcome, done.error = "retry", waits_for
            return done
        if debtors is not None:
            done.debtors = join(folder.path, debtors.name) if folder.debtors_patterns else str(debtors)
        sha256, _ = file_digest(local)
        row = ledger.begin_attempt(self.store, account=account, entry_id=row.id, sha256=sha256)

        started = time.perf_counter()
        try:
            imported = run_import(
                local, self.settings.with_options(account=account), self._options(source, folder, report, debtors),
                store=self.store, source_name=entry.name,
            )
        except (StoreError, ConfigError):
            raise
        except TransientError as exc:
            ledger.record_retry(self.store, account=account, entry_id=row.id, error=str(exc))
            done.outcome, done.error = "retry", str(exc)
            return done
        except GetbillError as exc:
            done.import_seconds = time.perf_counter() - started
            message = exc.render(_config_key)
            row = self._settle_failed(source, folder, row, report, entry.name, message, exc.code)
            done.outcome, done.error = FAILED, message
            return self._archive(fs, source, folder, row, candidate, done)
        except Exception as exc:  # left in place; after max_attempts it is given up
            message = f"unexpected failure: {type(exc).__name__}: {exc}"
            log.exception("sftp source=%s file=%s: unexpected failure", source.name, entry.path)
            ledger.record_retry(self.store, account=account, entry_id=row.id, error=message)
            done.outcome, done.error = "retry", message
            return done
        if imported.status == "already_imported" and self._imported_by_earlier_attempt(source, row, imported):
            # this file's own import finished just before the process stopped: its report again
            imported.prepared = run_validate(
                local, self.settings.with_options(account=account), self._options(source, folder, report, debtors),
                report=report,
            )
            imported.status = "completed"
        done.import_seconds = time.perf_counter() - started
        row = self._settle_imported(source, folder, row, report, imported, done)
        if row.outcome == IMPORTED:
            self._learn_mapping(source, imported)
        return self._archive(fs, source, folder, row, candidate, done)

    def _imported_by_earlier_attempt(self, source: SourceConfig, row: LedgerEntry, imported: ImportResult) -> bool:
        """Content already imported is a duplicate, unless this very file's earlier attempt (the
        process stopped after the import, before the ledger said so) imported it."""
        record = imported.record
        return record is not None and row.attempts > 1 and not ledger.import_claimed(
            self.store, account=source.account, import_id=record.id, other_than=row.id
        )

    def _debtors_copy(
        self, fs: RemoteFS, folder: FolderConfig, spool: Path, entry: RemoteEntry | None
    ) -> tuple[Path | None, str | None]:
        """The debtors file to join the folder's file with, and else why the file must wait.
        A folder's dropped debtors file is copied into each file's spool: an import resumed after
        a stop is joined with the same debtors as the attempt before it. It is downloaded once
        per cycle."""
        if not folder.debtors_patterns:
            return folder.debtors, None
        kept = spool / ".debtors"  # never a downloaded file's name (they lose a leading dot)
        earlier = sorted(kept.glob("*")) if kept.is_dir() else []
        if earlier:
            return earlier[0], None
        if entry is None:
            return None, (
                f"no complete debtors file ({', '.join(folder.debtors_patterns)}) in {folder.path}: "
                "the file will be taken once one is there"
            )
        target = kept / (_UNSAFE_NAME.sub("_", entry.name).lstrip(".") or "debtors")
        cached = self._debtors_cache.get((entry.path, entry.size, entry.mtime))
        if cached is not None and cached.is_file():
            kept.mkdir(exist_ok=True)
            shutil.copyfile(cached, target)
            return target, None
        partial = spool / ".debtors-download"
        received = fs.download(entry.path, partial)
        after = fs.stat(entry.path)
        if received != entry.size or after is None or (after.size, after.mtime) != (entry.size, entry.mtime):
            partial.unlink(missing_ok=True)
            return None, (
                f"the debtors file {entry.path} changed while it was downloaded; the file will be "
                "taken once it stops changing"
            )
        kept.mkdir(exist_ok=True)
        partial.replace(target)
        cache = spool.parent / "debtors-cache"
        cache.mkdir(parents=True, exist_ok=True)
        cached = cache / f"{len(self._debtors_cache)}-{target.name}"
        shutil.copyfile(target, cached)
        self._debtors_cache[(entry.path, entry.size, entry.mtime)] = cached
        return target, None

    def _options(self, source: SourceConfig, folder: FolderConfig, report: Path, debtors: Path | None) -> ImportOptions:
        return ImportOptions(
            sheet=folder.sheet, profile=folder.profile, encoding=folder.encoding,
            delimiter=folder.delimiter, date_order=folder.date_order, header_line=folder.header_line, debtors=debtors,
            apply_suggestions=source.apply_suggestions, on_existing=source.on_existing, report=report,
            complete=folder.complete,
        )

    def _settle_imported(
        self, source: SourceConfig, folder: FolderConfig, row: LedgerEntry, report: Path,
        imported: ImportResult, done: FileResult,
    ) -> LedgerEntry:
        assert row.sha256 is not None
        prepared = imported.prepared
        record = imported.record
        if imported.status == "already_imported" or prepared is None:
            outcome, rows, valid, invalid, created = DUPLICATE, None, None, None, 0
        else:
            counts = prepared.counts()
            rows, valid, invalid = counts["rows"], counts["valid"], counts["invalid"]
            created = imported.load.created if imported.load else record.created if record else 0
            outcome = FAILED if rows and not valid else IMPORTED
        has_report = prepared is not None and prepared.problems.height > 0 and report.is_file()
        if not has_report:
            report.unlink(missing_ok=True)
        archived_to, report_to = self._names(folder, row, outcome, has_report)
        done.outcome = outcome
        done.import_id = record.id if record else None
        done.rows, done.created, done.invalid = rows or 0, created, invalid or 0
        if imported.settled is not None and imported.settled.anything:
            done.earlier_cases = imported.settled.counts
        if outcome == FAILED:
            done.error = f"none of the {rows:,} rows is valid (see the report)"
        return ledger.record_outcome(
            self.store, account=source.account, entry_id=row.id, outcome=outcome,
            archived_to=archived_to, report_to=report_to, import_id=done.import_id,
            rows=rows, valid_rows=valid, invalid_rows=invalid, created=created, error=done.error,
        )

    def _settle_failed(self, source: SourceConfig, folder: FolderConfig, row: LedgerEntry,
                       report: Path, name: str, message: str, code: str = FILE_REJECTED) -> LedgerEntry:
        write_failure_report(report, name, message, code)
        archived_to, report_to = self._names(folder, row, FAILED, True)
        return ledger.record_outcome(
            self.store, account=source.account, entry_id=row.id, outcome=FAILED,
            archived_to=archived_to, report_to=report_to, error=message,
        )

    def _names(self, folder: FolderConfig, row: LedgerEntry, outcome: str, has_report: bool) -> tuple[str, str | None]:
        """Where the file and its report go: ``<UTC time>-<hash>-<name>``, unique in practice
        (``_archive`` still never overwrites)."""
        base = PurePosixPath(row.path)
        stamp = dt.datetime.fromtimestamp(self.clock(), dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        prefix = f"{stamp}-{(row.sha256 or 'nohash')[:12]}"
        target = PROCESSED_DIR if outcome in (IMPORTED, DUPLICATE) else FAILED_DIR
        archived_to = join(join(folder.path, target), f"{prefix}-{base.name}")
        report_to = None
        if has_report:
            report_to = join(join(folder.path, REPORTS_DIR), f"{prefix}-{base.stem}-errors.{folder.report_format}")
        return archived_to, report_to

    def _archive(self, fs: RemoteFS, source: SourceConfig, folder: FolderConfig, row: LedgerEntry,
                 candidate: select.Candidate, done: FileResult) -> FileResult:
        """Upload the report, move the file and its markers; close the ledger row."""
        planned = target = row.archived_to
        assert planned is not None and target is not None
        started = time.perf_counter()
        report = self._spool(source, row.id) / f"report.{folder.report_format}"
        if row.report_to and report.is_file() and fs.stat(row.report_to) is None:
            row = self._put_unique(fs, source, row, report)
        fs.makedirs(str(PurePosixPath(planned).parent))
        for attempt in range(1, 100):
            try:
                fs.rename(row.path, target)
                break
            except RemoteFileError as exc:
                if exc.missing and fs.stat(target) is not None:
                    break  # moved before the process stopped
                if not exc.exists:
                    raise
                target = _numbered(planned, attempt)
                row = ledger.retarget_archive(
                    self.store, account=source.account, entry_id=row.id, archived_to=target,
                    report_to=row.report_to,
                )
        else:
            raise RemoteFileError(f"no free name to archive {row.path} under")
        for marker in candidate.markers:
            suffix = marker[len(candidate.entry.name):]
            with contextlib.suppress(RemoteFileError):
                fs.rename(join(folder.path, marker), target + suffix)
        row = ledger.record_archived(self.store, account=source.account, entry_id=row.id)
        self._clear_spool(source, row.id)
        done.transfer_seconds += time.perf_counter() - started
        done.archived_to, done.report_to = row.archived_to, row.report_to
        done.import_id = done.import_id or row.import_id
        return done

    def _put_unique(self, fs: RemoteFS, source: SourceConfig, row: LedgerEntry, report: Path) -> LedgerEntry:
        assert row.report_to is not None
        folder = str(PurePosixPath(row.report_to).parent)
        fs.makedirs(folder)
        partial = join(folder, f".{PurePosixPath(row.report_to).name}.part")
        fs.upload(report, partial)
        planned = row.report_to
        for attempt in range(1, 100):
            try:
                fs.rename(partial, row.report_to)
                return row
            except RemoteFileError as exc:
                if not exc.exists:
                    raise
                row = ledger.retarget_archive(
                    self.store, account=source.account, entry_id=row.id,
                    archived_to=row.archived_to or "", report_to=_numbered(planned, attempt),
                )
        raise RemoteFileError(f"no free name to upload the report {row.report_to} under")

    def _learn_mapping(self, source: SourceConfig, imported: ImportResult) -> None:
        """A sender's mapping, found with confidence for every column, is remembered for the
        next files with the same headers (as ``map --save`` would)."""
        prepared = imported.prepared
        if not source.learn_mapping or prepared is None:
            return
        mapping = prepared.mapping
        if mapping.profile is not None or mapping.missing_required():
            return
        if any(c.status == "to_confirm" for c in mapping.columns):
            return
        from getbill_import.mapping import save_profile

        name = f"sftp-{source.name}-{mapping.fingerprint[:12]}"
        try:
            save_profile(name, mapping, prepared.read.headers, self.settings.learned_dir)
        except (GetbillError, OSError) as exc:
            log.warning("sftp source=%s: the mapping could not be remembered: %s", source.name, exc)

    # --- local state -------------------------------------------------------------------------

    def _spool(self, source: SourceConfig, entry_id: int) -> Path:
        path = self.state_dir / "spool" / _UNSAFE_NAME.sub("_", source.name) / str(entry_id)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _clear_spool(self, source: SourceConfig, entry_id: int) -> None:
        shutil.rmtree(self.state_dir / "spool" / _UNSAFE_NAME.sub("_", source.name) / str(entry_id), ignore_errors=True)

    @contextlib.contextmanager
    def _lock(self, source: SourceConfig) -> Iterator[bool]:
        """An exclusive lock on the source for this process (a cron run overlapping a slow
        one skips the source instead of racing it)."""
        folder = self.state_dir / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_UNSAFE_NAME.sub('_', source.account)}.{_UNSAFE_NAME.sub('_', source.name)}.lock"
        with path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class _Session:
    """A source's connection, opened on first use and opened again, after a pause that doubles
    each time, when it fails."""

    def __init__(self, watcher: Watcher, source: SourceConfig) -> None:
        self.watcher = watcher
        self.source = source
        self.fs: RemoteFS | None = None

    def call(self, action: Callable[[RemoteFS], T]) -> T:
        delays = self.source.retry_delays()
        attempt = 0
        while True:
            try:
                if self.fs is None:
                    self.fs = self.watcher.connect(self.source)
                return action(self.fs)
            except RemoteUnavailable as exc:
                self.close()
                if attempt >= len(delays) or self.watcher.stop.is_set():
                    raise
                log.info("sftp source=%s: %s; retrying in %.0f s", self.source.name, exc, delays[attempt])
                self.watcher.sleep(delays[attempt])
                attempt += 1
                if self.watcher.stop.is_set():
                    raise

    def close(self) -> None:
        if self.fs is not None:
            with contextlib.suppress(Exception):
                self.fs.close()
            self.fs = None


def write_failure_report(path: Path, name: str, message: str, code: str = FILE_REJECTED) -> Path:
    """The report of a file that could not be processed at all: one problem saying why."""
    from getbill_import.problems import problems_from_records
    from getbill_import.report import ReportContext, write_report

    problems = problems_from_records([{"code": code, "severity": "error", "message": message}])
    context = ReportContext(source={"path": name}, counts={"rows": 0, "valid": 0, "invalid": 0, "warnings": 0})
    return write_report(path, problems, context=context)


def _stat(fs: RemoteFS, path: str) -> RemoteEntry | None:
    return fs.stat(path)


def _list(fs: RemoteFS, folder: str) -> list[RemoteEntry]:
    return fs.list(folder)


def _config_key(name: str) -> str:
    """How an error's advice names a setting here: a key of the source's configuration."""
    return f"{name} = … in the source's configuration"


def _numbered(path: str, n: int) -> str:
    """``a/b/name.csv`` → ``a/b/name-1.csv``."""
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}-{n}{pure.suffix}"))


def _utc(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)
