"""The dispatcher: events out of the outbox, signed and delivered, retried, recorded.

One asyncio loop (in a thread of ``serve``, or alone in ``getbill-import webhooks run``) keeps
going: it fans new events out into delivery jobs, claims the ready deliveries of each endpoint up
to that endpoint's concurrency (so a slow or dead endpoint only ever holds its own slots), sends
them with httpx (no redirects followed; a 2xx within the timeout is a success), and writes the
outcomes in batches. Several dispatchers on one PostgreSQL never take the same delivery (the
jobs' ``FOR UPDATE SKIP LOCKED`` claims). Delivery is at least once: a dispatcher killed during
an attempt makes that attempt again once the job's lease has run out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import logging
import os
import random
import socket
import ssl
import threading
import time
from collections import defaultdict
from typing import Any

import httpx
from cryptography.exceptions import InvalidTag

from getbill_import import __version__
from getbill_import.config import Settings
from getbill_import.jobs.runner import Clock
from getbill_import.store.engine import Store
from getbill_import.store.events import events_by_id
from getbill_import.store.jobs import Job, claim_many, ready_subjects
from getbill_import.store.schema import accounts
from getbill_import.store.types import utc_now
from getbill_import.store.webhooks import (
    FAN_OUT_BATCH,
    KIND,
    Outcome,
    endpoints_by_id,
    fan_out,
    record_outcomes,
)
from getbill_import.webhooks.payloads import body, message_id
from getbill_import.webhooks.secretbox import SecretBox
from getbill_import.webhooks.signing import sign_headers
from getbill_import.webhooks.targets import TargetRefused, check_url

log = logging.getLogger("getbill_import.webhooks")

#: outcomes are written at least this often, and at once when this many are waiting
RECORD_EVERY_S = 0.05
RECORD_BATCH = 500
#: the longest Retry-After honoured
MAX_RETRY_AFTER_S = 86_400.0
USER_AGENT = f"getbill-import-webhooks/{__version__}"


def retry_after(response: httpx.Response, now: dt.datetime) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return min(MAX_RETRY_AFTER_S, max(0.0, float(value)))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(MAX_RETRY_AFTER_S, max(0.0, (when - now).total_seconds()))


def _reason(exc: httpx.HTTPError) -> str:
    """A failed request in a few words: refused, TLS, dropped…"""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause.reason or cause}"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc})" if str(exc) else "could not connect"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _Clients:
    """One HTTP client per endpoint, its pool as large as the endpoint's concurrency: endpoints
    never share (or wait on) each other's connections, and every pool stays small (a connection
    pool scanned on every request slows down as it grows)."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self._options = dispatcher.options
        self._transport = dispatcher.transport
        self._clients: dict[str, httpx.AsyncClient] = {}

    def __call__(self, endpoint_id: str) -> httpx.AsyncClient:
        client = self._clients.get(endpoint_id)
        if client is None:
            size = self._options.concurrency
            client = self._clients[endpoint_id] = httpx.AsyncClient(
                timeout=self._options.timeout_s, follow_redirects=False, transport=self._transport,
                limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                headers={"User-Agent": USER_AGENT},
            )
        return client

    async def __aenter__(self) -> _Clients:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


class Dispatcher:
    def __init__(
        self, store: Store, settings: Settings, *, clock: Clock = utc_now, name: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.options = settings.webhooks
        self.clock = clock
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:webhooks"
        self.box = SecretBox.load(settings.webhooks.secret_key, settings.data_dir)
        self.transport = transport
        self.max_attempts = 1 + len(self.options.retry_schedule)
        self.lease = dt.timedelta(seconds=2 * self.options.timeout_s + 10)
        self._inflight: dict[str, int] = defaultdict(int)
        self._outcomes: list[Outcome] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._sandboxes: dict[str, bool] = {}
        self._next_fan_out = 0.0

    # --- running ------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True,
                                        name="getbill-webhooks")
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop claiming, let the attempts in flight end (up to ``timeout``) and record them."""
        self._stop.set()
        self.wake()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Look at the outbox and the deliveries now (an event or a retry was just queued)."""
        self._next_fan_out = 0.0
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        poll = self.settings.api.job_poll_seconds
        async with self._client() as client:
            last_record = time.monotonic()
            while not self._stop.is_set():
                try:
                    busy = await self._step(client)
                    if time.monotonic() - last_record >= RECORD_EVERY_S or len(self._outcomes) >= RECORD_BATCH:
                        await self._record()
                        last_record = time.monotonic()
                except Exception as exc:  # the store is unreachable: try again shortly
                    log.warning("webhook dispatcher %s: %s", self.name, exc)
                    busy = False
                if not busy:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), RECORD_EVERY_S if self._tasks else poll)
                    self._wake.clear()
                else:
                    await asyncio.sleep(0)
            if self._tasks:
                await asyncio.wait(self._tasks, timeout=self.options.timeout_s + 5)
            await self._record()

    def _client(self) -> _Clients:
        return _Clients(self)

    async def run_until_idle(self, timeout: float = 120.0) -> int:
        """Dispatch everything ready now (events, due deliveries), wait for the attempts, record
        them; returns how many attempts were recorded. For ``webhooks run --once`` and tests."""
        recorded = 0
        deadline = time.monotonic() + timeout
        async with self._client() as client:
            while time.monotonic() < deadline:
                self._next_fan_out = 0.0
                busy = await self._step(client)
                if self._tasks:
                    await asyncio.wait(self._tasks, timeout=self.options.timeout_s + 5)
                recorded += await self._record()
                if not busy and not self._tasks:
                    break
        return recorded

    # --- one step -----------------------------------------------------------------------------

    async def _step(self, client: _Clients) -> bool:
        """Fan out new events and start the deliveries there is room for. True when it found work."""
        now = self.clock()
        fanned = 0
        if time.monotonic() >= self._next_fan_out:
            fanned = await asyncio.to_thread(
                fan_out, self.store, max_attempts=self.max_attempts, now=now, limit=FAN_OUT_BATCH
            )
            # the outbox is looked at again at once while a full batch came out of it (more are
            # waiting), else at the next poll: under a steady flow of events, a few large fan-outs
            # a second rather than one small write transaction after each commit of cases
            self._next_fan_out = time.monotonic() + (0 if fanned >= FAN_OUT_BATCH else self.settings.api.job_poll_seconds)
        subjects = await asyncio.to_thread(ready_subjects, self.store, kind=KIND, now=now)
        room = {s: self.options.concurrency - self._inflight[s] for s in subjects}
        room = {s: n for s, n in room.items() if n > 0}
        if not room:
            return fanned > 0
        claimed: list[Job] = []
        for subject, free in room.items():
            claimed += await asyncio.to_thread(
                claim_many, self.store, worker=self.name, kind=KIND, subject=subject, limit=free, lease=self.lease,
                now=now,
            )
        if not claimed:
            return fanned > 0
        endpoints = await asyncio.to_thread(endpoints_by_id, self.store, sorted({j.subject for j in claimed if j.subject}))
        found = await asyncio.to_thread(events_by_id, self.store, sorted({j.event_id for j in claimed if j.event_id}))
        refused = await asyncio.to_thread(self._refusals, endpoints)
        for job in claimed:
            assert job.subject is not None
            self._inflight[job.subject] += 1
            task = asyncio.get_running_loop().create_task(
                self._deliver(client, job, endpoints.get(job.subject), found.get(job.event_id or -1),
                              refused.get(job.subject))
            )
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return True

    def _refusals(self, endpoints: dict[str, dict[str, Any]]) -> dict[str, str]:
        """Why each endpoint's URL may not be called now (checked again at every step: DNS moves)."""
        refused = {}
        for endpoint_id, endpoint in endpoints.items():
            private = self.options.allow_private or (
                self.options.sandbox_allow_private and self._is_sandbox(endpoint["account"])
            )
            try:
                check_url(endpoint["url"], allow_private=private, allow_http=self.options.allow_http or private)
            except TargetRefused as exc:
                refused[endpoint_id] = str(exc)
        return refused

    def _is_sandbox(self, account: str) -> bool:
        if account not in self._sandboxes:
            import sqlalchemy as sa

            with self.store.read() as conn:
                self._sandboxes[account] = bool(
                    conn.execute(sa.select(accounts.c.sandbox).where(accounts.c.id == account)).scalar()
                )
        return self._sandboxes[account]

    async def _deliver(
        self, client: _Clients, job: Job, endpoint: dict[str, Any] | None, event: dict[str, Any] | None,
        refusal: str | None,
    ) -> None:
        assert job.subject is not None and job.event_id is not None
        now = self.clock()
        base: dict[str, Any] = {"job_id": job.id, "account": job.account, "endpoint_id": job.subject, "event_id": job.event_id,
                "attempt": job.attempts, "at": now}
        try:
            if endpoint is None or not endpoint["enabled"] or event is None or event["payload"] is None:
                why = ("the endpoint was deleted" if endpoint is None else "the endpoint is disabled"
                       if not endpoint["enabled"] else "the event's case was erased")
                self._outcomes.append(Outcome(**base, success=False, error=why, attempted=False))
                return
            if job.attempts > job.max_attempts:
                self._outcomes.append(Outcome(**base, success=False, error="no attempts left", attempted=False))
                return
            if refusal is not None:
                self._outcomes.append(self._failed(base, job, refusal, None, now))
                return
            # awaited first: ``self._outcomes`` may be a new list by the time the attempt ends
            outcome = await self._attempt(client, job, endpoint, event, base, now)
            self._outcomes.append(outcome)
        except InvalidTag:
            log.error("webhook endpoint %s: its secret cannot be decrypted here; every process must be given the "
                      "same GETBILL_SECRET_KEY", job.subject)
            outcome = self._failed(base, job, "the signing secret cannot be decrypted by this process "
                                   "(another GETBILL_SECRET_KEY)", None, now)
            outcome.attempted = False
            self._outcomes.append(outcome)
        except Exception as exc:  # never leave a claimed delivery without an outcome
            log.exception("webhook delivery %s failed unexpectedly", job.id)
            outcome = self._failed(base, job, f"internal error: {type(exc).__name__}", None, now)
            outcome.attempted = False
            self._outcomes.append(outcome)
        finally:
            self._inflight[job.subject] -= 1
            if self._wake is not None:
                self._wake.set()

    async def _attempt(
        self, client: _Clients, job: Job, endpoint: dict[str, Any], event: dict[str, Any],
        base: dict[str, Any], now: dt.datetime,
    ) -> Outcome:
        payload = body(event)
        keys = [self.box.open(endpoint["secret_enc"])]
        if endpoint["previous_secret_enc"] and endpoint["previous_until"] and endpoint["previous_until"] > now:
            keys.append(self.box.open(endpoint["previous_secret_enc"]))
        headers = {"content-type": "application/json",
                   **sign_headers(keys, message_id(event["id"]), int(now.timestamp()), payload)}
        began = time.perf_counter()
        try:
            response = await client(endpoint["id"]).post(endpoint["url"], content=payload, headers=headers)
        except httpx.TimeoutException:
            return self._failed(base, job, f"no answer within {self.options.timeout_s:g} s", None, now,
                                latency=(time.perf_counter() - began) * 1000)
        except httpx.HTTPError as exc:
            return self._failed(base, job, _reason(exc), None, now, latency=(time.perf_counter() - began) * 1000)
        latency = (time.perf_counter() - began) * 1000
        status = response.status_code
        if 200 <= status < 300:
            return Outcome(**base, success=True, status_code=status, latency_ms=latency)
        wait = retry_after(response, now) if status in (429, 503) else None
        reason = f"HTTP {status}" + (" (redirects are not followed)" if 300 <= status < 400 else "")
        outcome = self._failed(base, job, reason, status, now, latency=latency, wait=wait)
        if status == 410:
            outcome.gone, outcome.retry_at = True, None
        return outcome

    def _failed(
        self, base: dict[str, Any], job: Job, reason: str, status: int | None, now: dt.datetime, *,
        latency: float | None = None, wait: float | None = None,
    ) -> Outcome:
        schedule = self.options.retry_schedule
        retry_at = None
        if job.attempts <= len(schedule):
            delay = schedule[job.attempts - 1] * random.uniform(0.8, 1.2)
            if wait is not None:
                delay = max(delay, wait)
            # counted from the attempt's end (a Retry-After is "after this answer")
            retry_at = max(now, self.clock()) + dt.timedelta(seconds=delay)
        return Outcome(**base, success=False, status_code=status, latency_ms=latency, error=reason, retry_at=retry_at)

    async def _record(self) -> int:
        if not self._outcomes:
            return 0
        batch, self._outcomes = self._outcomes, []
        try:
            disabled = await asyncio.to_thread(
                record_outcomes, self.store, batch, disable_after=self.options.disable_after, now=self.clock(),
            )
        except Exception:
            # kept for the next try: an outcome is never lost (its job would be sent again)
            self._outcomes[:0] = batch
            log.exception("webhook dispatcher %s: %s outcomes not written yet", self.name, len(batch))
            return 0
        for endpoint_id in disabled:
            log.warning("webhook endpoint %s disabled after repeated failures (or 410 Gone)", endpoint_id)
        return len(batch)
