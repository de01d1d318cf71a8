"""What the running API holds once: the store, settings, clock, rate limiter, access log buffer
and the background worker. Built by ``create_app``, reached by routes as ``request.app.state.ctx``."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from getbill_import.config import Settings
from getbill_import.jobs import Clock, Worker
from getbill_import.store.engine import Store

log = logging.getLogger("getbill_import.api")

#: how often buffered access-log entries are written, and old ones purged
ACCESS_LOG_FLUSH_S = 1.0
PURGE_EVERY_S = 3600.0


class RateLimiter:
    """Requests per minute per credential (never per IP), counted by the ``limits`` library in
    memory or in a shared storage (Redis) so that several processes share one budget."""

    def __init__(self, storage_url: str) -> None:
        from limits.storage import storage_from_string
        from limits.strategies import SlidingWindowCounterRateLimiter

        self.storage_url = storage_url
        #: counts kept in this process (no network on a hit)
        self.in_memory = storage_url.startswith("memory://")
        self._limiter = SlidingWindowCounterRateLimiter(storage_from_string(storage_url))
        self._items: dict[int, Any] = {}

    def hit(self, key: str, per_minute: int) -> tuple[bool, int, int]:
        """Count one request: (allowed, remaining, reset as Unix seconds). When the storage
        cannot be reached the request is let through (and the failure logged)."""
        from limits import RateLimitItemPerMinute

        item = self._items.get(per_minute)
        if item is None:
            item = self._items[per_minute] = RateLimitItemPerMinute(per_minute)
        try:
            allowed = self._limiter.hit(item, key)
            stats = self._limiter.get_window_stats(item, key)
        except Exception as exc:
            log.warning("rate limit storage %s unavailable: %s", self.storage_url, exc)
            return True, per_minute, int(time.time()) + 60
        return allowed, max(0, stats.remaining), int(stats.reset_time + 0.999)


@dataclass
class AccessLog:
    """Entries buffered in memory and written in batches (a request never waits for its log)."""

    store: Store
    keep: dt.timedelta
    clock: Clock
    #: how long idempotency keys are kept (purged with the old log entries)
    keep_keys: dt.timedelta = dt.timedelta(hours=24)
    _pending: deque[dict[str, Any]] = field(default_factory=deque)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _purged_at: float = 0.0

    def append(self, entry: dict[str, Any]) -> None:
        self._pending.append(entry)

    def flush(self) -> None:
        from getbill_import.store import idempotency
        from getbill_import.store.access_log import purge, write_entries

        batch = []
        while self._pending:
            batch.append(self._pending.popleft())
        try:
            write_entries(self.store, batch)
            if time.monotonic() - self._purged_at > PURGE_EVERY_S:
                purge(self.store, older_than=self.clock() - self.keep)
                idempotency.purge(self.store, older_than=self.clock() - self.keep_keys)
                self._purged_at = time.monotonic()
        except Exception as exc:  # the store is down: these entries are lost, requests are not
            log.warning("access log not written (%s entries): %s", len(batch), exc)

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(ACCESS_LOG_FLUSH_S):
                self.flush()

        self._thread = threading.Thread(target=loop, daemon=True, name="getbill-access-log")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.flush()


@dataclass
class ApiContext:
    store: Store
    settings: Settings
    clock: Clock
    limiter: RateLimiter
    access_log: AccessLog
    worker: Worker | None = None
    creator: Any = None
    #: encrypts webhook secrets at rest
    box: Any = None
    dispatcher: Any = None
    #: credentials verified lately (``api.auth.CredentialCache``)
    credentials: Any = None
    #: the background process of ``serve`` (``jobs.companion.Waker``), when jobs run there
    waker: Any = None

    def wake_jobs(self) -> None:
        """A job was just enqueued: whoever runs jobs looks now rather than at its next poll."""
        if self.worker is not None:
            self.worker.wake()
        elif self.waker is not None:
            self.waker.jobs()

    def wake_webhooks(self) -> None:
        """An event or a delivery was just queued: the dispatcher looks now."""
        if self.dispatcher is not None:
            self.dispatcher.wake()
        elif self.waker is not None:
            self.waker.webhooks()
