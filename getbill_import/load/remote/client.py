"""Requests to a remote API over an ``httpx.Client`` (the I/O seam): credentials added, the
rate limit respected, passing failures retried.

- 429 waits for ``Retry-After`` (else the ``X-RateLimit-Reset`` moment) and tries again;
  between requests the client paces itself from ``X-RateLimit-Remaining``/``-Reset``: when the
  budget left would be used up by the requests it may have in flight, it waits for the reset.
- 5xx answers, timeouts and dropped or refused connections are retried with exponential backoff
  and jitter (honouring a ``Retry-After``), a bounded number of times; then
  :class:`RemoteUnavailable` says what happened.
- A 401 with an OAuth2 token gets one new token and one more try.
- Any other answer is returned (2xx), or raised as :class:`RemoteRejected` (4xx): the caller
  decides what a refusal means. Nothing a server says is retried forever.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from getbill_import.errors import GetbillError
from getbill_import.load.remote.auth import Credentials
from getbill_import.load.remote.errors import (
    Redactor,
    RemoteAuthError,
    RemoteRejected,
    RemoteUnavailable,
)

Sleep = Callable[[float], None]
#: a 409 with this code means "the first request with this Idempotency-Key is still running"
IN_PROGRESS = "idempotency-key-in-progress"
#: a Retry-After asking for longer than this is not waited for (the run stops and can resume)
MAX_RETRY_AFTER_S = 900.0
#: a reset moment further than this is taken as a clock difference with the server
MAX_PACING_S = 65.0
#: with the budget spent and the reset moment passed, how long the other requests wait for the
#: answer of the one sent to learn the new budget
PROBE_WAIT_S = 1.0


@dataclass(frozen=True)
class RetryPolicy:
    #: tries after the first for a request that failed for a passing reason
    retries: int = 6
    #: the first backoff, doubled each time up to ``max_backoff_s``; each wait is drawn
    #: between half of it and all of it (jitter, so that many clients do not retry in step)
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0
    #: 429 answers waited out for one request before giving up
    rate_limited: int = 50

    def delay(self, failures: int, draw: float) -> float:
        ceiling = min(self.max_backoff_s, self.backoff_s * 2 ** (failures - 1))
        return ceiling / 2 + draw * ceiling / 2


@dataclass
class RequestStats:
    requests: int = 0
    #: requests sent again after a 5xx, a timeout or a dropped connection
    retries: int = 0
    #: 429 answers received
    rate_limited: int = 0
    #: seconds spent waiting for the rate limit (pacing and 429s)
    paced_s: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: float) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def to_json(self) -> dict[str, Any]:
        return {"requests": self.requests, "retries": self.retries, "rate_limited": self.rate_limited,
                "paced_s": round(self.paced_s, 2)}


class RatePacer:
    """Spends the server's rate budget no faster than it refills.

    Each answer's ``X-RateLimit-Remaining`` (the requests left once that one was counted), less
    the requests still in flight, is what may be sent before the next answer. When nothing is
    left, the pacer waits for ``X-RateLimit-Reset``, then lets a single request through, whose
    answer tells the new budget, while the others wait for it. Answers can come back out of order:
    one to an earlier request, counted earlier by the server, tells an older (larger) budget and is
    not taken over a later one's. A server that sends no such headers is not paced."""

    def __init__(self, *, wall: Callable[[], float], sleep: Sleep, stats: RequestStats) -> None:
        self._wall, self._sleep, self._stats = wall, sleep, stats
        self._lock = threading.Lock()
        #: requests that may start now (None: no limit known)
        self._budget: float | None = None
        self._reset_at = 0.0
        self._in_flight = 0
        #: requests let through so far, and the latest of them whose answer set the budget
        self._sent = 0
        self._heard = 0

    def acquire(self) -> int:
        """Wait for the right to send one request; returns its ticket (for :meth:`release`)."""
        while True:
            with self._lock:
                if self._budget is None or self._budget >= 1:
                    if self._budget is not None:
                        self._budget -= 1
                    return self._let_through()
                delay = self._reset_at - self._wall()
                if delay <= 0:
                    # the reset moment passed: one request goes to learn the new budget; the
                    # others wait for its answer (or for this long, if it brings none)
                    self._reset_at = self._wall() + PROBE_WAIT_S
                    return self._let_through()
            delay = min(delay, MAX_PACING_S)
            self._stats.add(paced_s=delay)
            self._sleep(delay)

    def _let_through(self) -> int:
        self._in_flight += 1
        self._sent += 1
        return self._sent

    def release(self, response: httpx.Response | None, ticket: int) -> None:
        """A request ended: with ``response`` (its rate headers read), or without an answer.
        ``ticket``: what :meth:`acquire` returned for it."""
        with self._lock:
            self._in_flight -= 1
            if response is None:
                return
            if response.status_code != 429:
                if ticket < self._heard:
                    return  # a later request's answer already told a newer budget
                self._heard = ticket
            remaining = _number(response.headers.get("x-ratelimit-remaining"))
            if remaining is None and response.status_code != 429:
                return
            if response.status_code == 429:
                remaining = 0
            assert remaining is not None
            self._budget = max(0.0, remaining - self._in_flight)
            reset = self.reset_moment(response)
            wait = _retry_after(response, self._wall())
            if wait is not None:
                reset = self._wall() + wait if reset is None else max(reset, self._wall() + wait)
            if reset is not None:
                self._reset_at = min(reset + 0.05, self._wall() + MAX_PACING_S)
            elif self._budget < 1:
                self._reset_at = self._wall() + PROBE_WAIT_S

    def reset_moment(self, response: httpx.Response) -> float | None:
        """``X-RateLimit-Reset`` as a Unix time (a small number is read as seconds from now)."""
        reset = _number(response.headers.get("x-ratelimit-reset"))
        if reset is None:
            return None
        return reset if reset > 1e9 else self._wall() + reset


class ApiClient:
    """A remote API at ``base_url`` (e.g. ``https://getbill.io/external-api/v1``) reached through
    ``http``, with ``credentials``. Thread-safe: several threads may send at once."""

    def __init__(
        self, http: httpx.Client, base_url: str, credentials: Credentials, *, policy: RetryPolicy | None = None,
        sleep: Sleep = time.sleep, wall: Callable[[], float] = time.time,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.policy = policy or RetryPolicy()
        self.stats = RequestStats()
        self.redact = Redactor(credentials.secrets())
        self.pacer = RatePacer(wall=wall, sleep=sleep, stats=self.stats)
        self._sleep, self._wall, self._draw = sleep, wall, draw

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def send(
        self, method: str, path: str, *, content: bytes | None = None, data: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None, auth: bool = True,
        what: str | None = None,
    ) -> httpx.Response:
        """Send one request until it gets an answer worth returning (see the module's notes)."""
        url = self.url(path)
        what = what or f"{method} {url}"
        failures = limited = 0
        renewed = False
        started = time.monotonic()
        while True:
            sent = dict(headers or {})
            if auth:
                sent["Authorization"] = self.credentials.authorization(self)
            wait: float | None = None
            ticket = self.pacer.acquire()
            self.stats.add(requests=1)
            response: httpx.Response | None = None
            try:
                response = self.http.request(method, url, content=content, data=data, params=params, headers=sent)
            except httpx.TimeoutException:
                failure = f"no answer within {self._timeout()} s"
            except httpx.TransportError as exc:
                failure = _transport_failure(exc)
            finally:
                self.pacer.release(response, ticket)
            if response is not None:
                status = response.status_code
                if status == 429:
                    # the pacer now holds every request until the moment the server gave
                    limited += 1
                    self.stats.add(rate_limited=1)
                    wait = self._rate_limit_wait(response)
                    if limited > self.policy.rate_limited or wait > MAX_RETRY_AFTER_S:
                        raise RemoteUnavailable(
                            f"{self.base_url} kept refusing {what} for its rate limit (429, asked to wait "
                            f"{wait:.0f} s). Run the same command again later: what was accepted is recorded."
                        )
                    continue
                if status == 401 and auth and self.credentials.renewable and not renewed:
                    renewed = True
                    self.credentials.invalidate(sent["Authorization"])
                    continue
                if status < 400:
                    return response
                problem = json_object(response)
                if status >= 500 or status == 408 or (status == 409 and problem.get("code") == IN_PROGRESS):
                    failure = f"HTTP {status}" + (f" ({problem['detail']})" if problem.get("detail") else "")
                    wait = _retry_after(response, self._wall())
                else:
                    raise self._refusal(response, problem, what, auth)
            failures += 1
            if failures > self.policy.retries:
                took = time.monotonic() - started
                raise RemoteUnavailable(self.redact(
                    f"{what} failed {failures} times over {took:.0f} s; the last time: {failure}. "
                    f"Check that {self.base_url} is up and reachable, then run the same command again: "
                    "what was accepted is recorded and will not be sent twice."
                ), failures=failures)
            self.stats.add(retries=1)
            delay = self.policy.delay(failures, self._draw())
            if wait is not None and wait <= MAX_RETRY_AFTER_S:
                delay = max(delay, wait)
            self._sleep(delay)

    def _timeout(self) -> str:
        timeout = self.http.timeout
        seconds = timeout.read if timeout.read is not None else timeout.connect
        return f"{seconds:g}" if seconds is not None else "the time allowed"

    def _rate_limit_wait(self, response: httpx.Response) -> float:
        wait = _retry_after(response, self._wall())
        if wait is None:
            reset = self.pacer.reset_moment(response)
            wait = reset - self._wall() if reset is not None else self.policy.delay(1, self._draw())
        return max(0.05, wait)

    def _refusal(self, response: httpx.Response, problem: dict[str, Any], what: str, auth: bool) -> GetbillError:
        status = response.status_code
        said = problem.get("detail") or problem.get("error_description") or problem.get("title") or problem.get("error")
        text = self.redact(f"{self.base_url} refused {what} (HTTP {status}" + (f": {said}" if said else "") + ").")
        if auth and status == 401:
            return RemoteAuthError(text + " The credentials are unknown, revoked or expired: check the API key or "
                                   "the client id and secret.")
        if auth and status == 403:
            return RemoteAuthError(text + " The credentials lack a scope the import needs (write to send "
                                   "debts, read to follow batches).")
        return RemoteRejected(text, status=status, problem=problem)


def json_object(response: httpx.Response) -> dict[str, Any]:
    """The answer's body when it is a JSON object, else an empty one."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _retry_after(response: httpx.Response, now: float) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date."""
    text = response.headers.get("retry-after")
    if not text:
        return None
    seconds = _number(text)
    if seconds is not None:
        return max(0.0, seconds)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _transport_failure(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({_reason(exc)})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the server closed the connection without answering"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return f"the connection was dropped ({_reason(exc)})"
    return f"{type(exc).__name__} ({_reason(exc)})"


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text
