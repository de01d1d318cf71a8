"""The worker loop: claim a ready job, renew its lease while its handler runs, record the
outcome; retry with exponential backoff and jitter what failed, until the job's attempts run out."""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from getbill_import.config import Settings
from getbill_import.store.engine import Store
from getbill_import.store.jobs import Job, claim, complete, extend, fail, job_data
from getbill_import.store.types import utc_now

log = logging.getLogger("getbill_import.jobs")

Clock = Callable[[], dt.datetime]
#: what a handler returns is stored as the job's result
Handler = Callable[["JobContext"], dict[str, Any] | None]
#: the longest wait before a failed job runs again
MAX_BACKOFF_S = 300.0


@dataclass
class JobContext:
    job: Job
    store: Store
    settings: Settings
    clock: Clock
    #: the worker that runs the job (to enqueue follow-up work and wake itself)
    worker: Worker | None = None
    _data: bytes | None = field(default=None, repr=False)

    def data(self) -> bytes | None:
        """The job's large payload (read on first use)."""
        if self._data is None:
            self._data = job_data(self.store, self.job.id)
        return self._data


def default_handlers() -> dict[str, Handler]:
    from getbill_import.collection.jobs import TICK_JOB, run_tick
    from getbill_import.jobs.imports import run_batch, run_upload
    from getbill_import.jobs.sandbox import run_sandbox_reset

    return {"batch": run_batch, "upload": run_upload, "sandbox-reset": run_sandbox_reset, TICK_JOB: run_tick}


def backoff(attempts: int) -> float:
    """Seconds before attempt ``attempts + 1``: 2, 4, 8… capped, with ±25% jitter."""
    base = min(MAX_BACKOFF_S, 2.0 ** attempts)
    return base * random.uniform(0.75, 1.25)


class Worker:
    def __init__(
        self, store: Store, settings: Settings, handlers: Mapping[str, Handler] | None = None, *,
        clock: Clock = utc_now, name: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.handlers = dict(handlers if handlers is not None else default_handlers())
        self.clock = clock
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.lease = dt.timedelta(seconds=settings.api.job_lease_seconds)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # --- running ------------------------------------------------------------------------------

    def run_one(self) -> bool:
        """Claim and run one ready job; False when there was none."""
        job = claim(self.store, worker=self.name, kinds=list(self.handlers), lease=self.lease, now=self.clock())
        if job is None:
            return False
        self._run(job)
        return True

    def run_pending(self, limit: int | None = None) -> int:
        """Run ready jobs until none is left (or ``limit`` ran); returns how many ran."""
        done = 0
        while (limit is None or done < limit) and not self._stop.is_set() and self.run_one():
            done += 1
        return done

    def _run(self, job: Job) -> None:
        handler = self.handlers[job.kind]
        context = JobContext(job, self.store, self.settings, self.clock, self)
        renewing = threading.Event()
        keeper = threading.Thread(target=self._keep_lease, args=(job, renewing), daemon=True,
                                  name=f"getbill-lease-{job.id}")
        keeper.start()
        try:
            result = handler(context)
        except Exception as exc:
            renewing.set()
            keeper.join()
            message = str(exc) or type(exc).__name__
            retry_at = self.clock() + dt.timedelta(seconds=backoff(job.attempts))
            log.warning("job %s (%s) failed on attempt %s/%s: %s", job.id, job.kind, job.attempts,
                        job.max_attempts, message)
            fail(self.store, job, error=message, now=self.clock(), retry_at=retry_at)
            return
        renewing.set()
        keeper.join()
        if result is not _DONE_BY_HANDLER:
            complete(self.store, job, now=self.clock(), result=result)

    def _keep_lease(self, job: Job, done: threading.Event) -> None:
        interval = self.lease.total_seconds() / 3
        while not done.wait(interval):
            try:
                if not extend(self.store, job, lease=self.lease, now=self.clock()):
                    log.warning("job %s: lease lost to another worker", job.id)
                    return
            except Exception as exc:  # the store is down: the next renewal may work
                log.warning("job %s: lease not renewed (%s)", job.id, exc)

    # --- in the background ----------------------------------------------------------------------

    def start(self, threads: int | None = None) -> None:
        for i in range(threads or self.settings.api.worker_threads):
            thread = threading.Thread(target=self._loop, daemon=True, name=f"getbill-worker-{i}")
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        """Look for work now (a job was just enqueued) instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the jobs running now (their leases let another worker finish them if the
        process dies first)."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def _loop(self) -> None:
        poll = self.settings.api.job_poll_seconds
        while not self._stop.is_set():
            try:
                self.run_pending()
            except Exception as exc:  # the store is unreachable: try again at the next poll
                log.warning("worker %s: %s", self.name, exc)
            self._wake.wait(poll)
            self._wake.clear()


#: returned by a handler that completed its job itself (in the transaction of its work)
_DONE_BY_HANDLER: dict[str, Any] = {"__done__": True}


def done_by_handler() -> dict[str, Any]:
    return _DONE_BY_HANDLER
