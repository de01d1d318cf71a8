"""Debts into a remote batch API, exactly once, however flaky the network.

:class:`RemoteLoader` cuts the debts into chunks and sends each as ``POST /debts/batch`` with an
``Idempotency-Key`` derived from the file's content hash, the remote account, the run and the
chunk's position (and its body): a request sent again after a timeout or a crash gets the first
answer back instead of a second batch. Each accepted batch is followed (``GET
/debts/batch/{id}``) until it is no longer "processing"; its counts and per-item problems are
gathered. A :class:`ChunkLedger` records each chunk as it is accepted and as it finishes, so
that a later run sends only what has not been accepted and follows what has not finished.

A few chunks are in flight at once (``concurrency``); the chunks are followed in order, while
the next ones are being sent.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from getbill_import.config import DEFAULT_REMOTE_CONCURRENCY
from getbill_import.load.remote.auth import Credentials
from getbill_import.load.remote.client import (
    ApiClient,
    RequestStats,
    RetryPolicy,
    Sleep,
    json_object,
)
from getbill_import.load.remote.debts import (
    Chunk,
    EncodedDebts,
    chunk_refused,
    digest,
    idempotency_key,
    item_problems,
)
from getbill_import.load.remote.errors import RemoteError, RemoteRejected, RemoteUnavailable
from getbill_import.store.remote_ledger import ACCEPTED, COMPLETED, REJECTED, ChunkRecord

BATCH_PATH = "debts/batch"
#: answers to a batch request that no chunk will ever get otherwise: the run stops
_FATAL_STATUSES = {404: "the batch endpoint is not there: is this the API's base URL (…/external-api/v1)?",
                   405: "the batch endpoint does not take POST: is this the API's base URL?",
                   413: "a chunk is larger than the server accepts: use a smaller chunk size (--chunk-size).",
                   415: "the server does not take JSON bodies here: is this the API's base URL?"}
#: problems asked for per item of a chunk at most (several per item are possible)
PROBLEMS_PER_ITEM = 8
MAX_PROBLEMS_LIMIT = 100_000
#: the ledger is written at most this often (seconds)
LEDGER_EVERY_S = 0.5
#: called with (debts done, debts to do)
Progress = Callable[[int, int], None]


class ChunkLedger(Protocol):
    """Where a run's chunks are remembered (the local store's ledger, or memory)."""

    def known(self) -> dict[int, ChunkRecord]: ...

    def record(self, chunks: list[ChunkRecord]) -> None: ...


class MemoryLedger:
    """A ledger for one process: a chunk accepted earlier by this same object is not sent again."""

    def __init__(self) -> None:
        self.chunks: dict[int, ChunkRecord] = {}
        self._lock = threading.Lock()

    def known(self) -> dict[int, ChunkRecord]:
        with self._lock:
            return dict(self.chunks)

    def record(self, chunks: list[ChunkRecord]) -> None:
        with self._lock:
            for chunk in chunks:
                self.chunks[chunk.position] = chunk


class _Buffered:
    """Chunk records on their way to the ledger, written together at most every ``every_s``
    seconds (one transaction, not two per chunk). A record lost with a killed process costs
    nothing but a request: the chunk is sent again under the same Idempotency-Key and the
    server gives its first answer back."""

    def __init__(self, ledger: ChunkLedger, every_s: float) -> None:
        self.ledger, self.every_s = ledger, every_s
        self._pending: dict[int, ChunkRecord] = {}
        self._lock = threading.Lock()
        self._written = time.monotonic()

    def add(self, record: ChunkRecord) -> None:
        with self._lock:
            self._pending[record.position] = record

    def flush(self, *, force: bool = False) -> None:
        if not force and time.monotonic() - self._written < self.every_s:
            return
        with self._lock:
            records, self._pending = list(self._pending.values()), {}
        if records:
            self.ledger.record(records)
        self._written = time.monotonic()


@dataclass
class RemoteLoadResult:
    """What the server made of the debts: ``created``, ``updated``, ``existing`` (references
    already cases there: skipped, resolved or already up to date) and ``errors`` (debts it
    rejected), summed over every chunk of the run, those finished by an earlier process included."""

    chunks: int = 0
    #: chunks sent by this process, and chunks an earlier process had already sent
    sent: int = 0
    resumed: int = 0
    created: int = 0
    updated: int = 0
    existing: int = 0
    errors: int = 0
    #: debts left out because an earlier row of the file has their reference
    duplicates: int = 0
    batches: list[str] = field(default_factory=list)
    #: the server's problems, each with the file's ``line``
    problems: list[dict[str, Any]] = field(default_factory=list)
    #: the file lines of the debts the server rejected
    rejected_lines: set[int] = field(default_factory=set)
    stats: RequestStats = field(default_factory=RequestStats)

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created, "updated": self.updated, "existing": self.existing, "errors": self.errors,
            "duplicates": self.duplicates, "chunks": self.chunks, "sent": self.sent, "resumed": self.resumed,
            "requests": self.stats.to_json(),
        }

    def add(self, record: ChunkRecord) -> None:
        self.created += record.created
        self.updated += record.updated
        self.existing += record.existing
        self.errors += record.errors
        if record.batch_id:
            self.batches.append(record.batch_id)
        self.problems.extend(record.problems)
        self.rejected_lines.update(p["line"] for p in record.problems if p.get("severity") == "error")


class RemoteLoader:
    """Sends debts to the batch API at ``base_url`` through ``http`` (an ``httpx.Client``; its
    timeout is the requests' timeout), authenticated by ``credentials``.

    ``sleep`` and ``wall`` (time.time) are the clock; ``draw`` the jitter's random source."""

    def __init__(
        self, http: httpx.Client, base_url: str, credentials: Credentials, *, chunk_size: int = 1_000,
        concurrency: int = DEFAULT_REMOTE_CONCURRENCY, policy: RetryPolicy | None = None, poll_s: float = 0.1, max_poll_s: float = 2.0,
        follow_timeout_s: float = 1800.0, sleep: Sleep = time.sleep, wall: Callable[[], float] = time.time,
        draw: Callable[[], float] = random.random,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.chunk_size = chunk_size
        self.concurrency = max(1, concurrency)
        self.api = ApiClient(http, base_url, credentials, policy=policy, sleep=sleep, wall=wall, draw=draw)
        self.poll_s, self.max_poll_s, self.follow_timeout_s = poll_s, max_poll_s, follow_timeout_s
        self._sleep = sleep
        #: when each chunk of this run was accepted, and how long batches take to finish after
        #: that (a moving average): the first look at a batch waits for most of that time, so
        #: that following costs about one request per chunk
        self._accepted_at: dict[int, float] = {}
        self._lag: float | None = None

    @property
    def account(self) -> str:
        return self.api.credentials.identity

    def load(
        self, debts: EncodedDebts, *, sha256: str, run: int = 1, on_existing: str = "skip",
        ledger: ChunkLedger | None = None, progress: Progress | None = None,
    ) -> RemoteLoadResult:
        """Send every chunk of ``debts`` not yet accepted, follow every batch not yet finished.
        ``sha256`` is the file content's hash (with the account, run and position it makes the
        idempotency keys). Raises RemoteUnavailable when the server stays unreachable, and
        RemoteError (or RemoteAuthError) when it refuses the import as a whole; the chunks
        recorded by then stay recorded."""
        if on_existing not in ("skip", "update"):
            raise ValueError("on_existing is 'skip' or 'update'")
        ledger = ledger if ledger is not None else MemoryLedger()
        plan = debts.chunks(self.chunk_size)
        known = ledger.known()
        result = RemoteLoadResult(chunks=len(plan), duplicates=debts.duplicates, stats=self.api.stats)
        total, done = len(debts), 0
        if progress:
            progress(0, total)
        window = 4 * self.concurrency
        queue: deque[tuple[Chunk, Future[tuple[ChunkRecord, bool]]]] = deque()
        work = iter(plan)
        buffer = _Buffered(ledger, LEDGER_EVERY_S)
        try:
            with ThreadPoolExecutor(self.concurrency, thread_name_prefix="getbill-remote") as pool:
                def top_up() -> None:
                    while len(queue) < window:
                        chunk = next(work, None)
                        if chunk is None:
                            return
                        queue.append((chunk, pool.submit(self._send, debts, chunk, sha256, run, on_existing,
                                                         known.get(chunk.position), buffer)))

                try:
                    top_up()
                    while queue:
                        chunk, future = queue.popleft()
                        record, sent = future.result()
                        top_up()
                        if sent:
                            result.sent += 1
                        else:
                            result.resumed += 1
                        if record.status == ACCEPTED:
                            record = self._follow(debts, chunk, record)
                            buffer.add(record)
                        buffer.flush()
                        result.add(record)
                        done += chunk.items
                        if progress:
                            progress(done, total)
                except BaseException:
                    for _, pending in queue:
                        pending.cancel()
                    raise
        finally:
            # the requests in flight have ended: what they and the others got is recorded
            buffer.flush(force=True)
        return result

    # --- one chunk --------------------------------------------------------------------------------

    def _send(
        self, debts: EncodedDebts, chunk: Chunk, sha256: str, run: int, on_existing: str,
        earlier: ChunkRecord | None, buffer: _Buffered,
    ) -> tuple[ChunkRecord, bool]:
        """(the chunk's record, whether it was sent now rather than found in the ledger)."""
        body = debts.body(chunk, on_existing)
        body_digest = digest(body)
        if earlier is not None and earlier.digest == body_digest and earlier.status != REJECTED:
            return earlier, False
        key = idempotency_key(sha256=sha256, account=self.account, run=run, position=chunk.position,
                              body_digest=body_digest)
        first, last = debts.line_range(chunk)
        record = ChunkRecord(position=chunk.position, digest=body_digest, idempotency_key=key, items=chunk.items,
                             first_line=first, last_line=last)
        what = f"chunk {chunk.position + 1} (lines {first}–{last})"
        try:
            response = self.api.send(
                "POST", BATCH_PATH, content=body, what=what,
                headers={"Content-Type": "application/json", "Idempotency-Key": key},
            )
        except RemoteRejected as exc:
            if exc.status in _FATAL_STATUSES:
                raise RemoteError(f"{exc} {_FATAL_STATUSES[exc.status]}") from None
            record.status, record.errors = REJECTED, chunk.items
            record.problems = self._refusal_problems(debts, chunk, exc)
            buffer.add(record)
            return record, True
        answer = json_object(response)
        batch_id = answer.get("batch_id") or answer.get("id")
        if not isinstance(batch_id, str) or not batch_id:
            raise RemoteError(f"{self.api.base_url} accepted {what} without a batch_id: is this the API's base URL?")
        record.batch_id = batch_id
        self._accepted_at[chunk.position] = time.monotonic()
        if answer.get("status") not in (None, "processing"):
            record = self._finished(debts, chunk, record, answer)
        buffer.add(record)
        return record, True

    def _refusal_problems(self, debts: EncodedDebts, chunk: Chunk, exc: RemoteRejected) -> list[dict[str, Any]]:
        listed = exc.problem.get("problems") or exc.problem.get("errors")
        if isinstance(listed, list) and listed and all(isinstance(p, dict) and "index" in p for p in listed):
            found = item_problems(debts, chunk, listed)
            if found:
                return found
        return chunk_refused(debts, chunk, str(exc))

    def _follow(self, debts: EncodedDebts, chunk: Chunk, record: ChunkRecord) -> ChunkRecord:
        """Poll the chunk's batch until it is no longer processing."""
        limit = min(MAX_PROBLEMS_LIMIT, max(1_000, PROBLEMS_PER_ITEM * chunk.items))
        wait = self.poll_s
        started = time.monotonic()
        what = f"the batch {record.batch_id} of chunk {chunk.position + 1}"
        accepted = self._accepted_at.pop(chunk.position, None)
        if accepted is not None and self._lag is not None:
            ahead = accepted + 0.8 * self._lag - started
            if ahead > 0:
                self._sleep(min(ahead, self.max_poll_s))
        while True:
            try:
                response = self.api.send("GET", f"{BATCH_PATH}/{record.batch_id}", params={"problems_limit": limit},
                                         what=what)
            except RemoteRejected as exc:
                raise RemoteError(
                    f"{exc} The server no longer knows {what} (lines {record.first_line}–{record.last_line}); "
                    "run the same command with --force to send the file again (references already cases "
                    "there are not duplicated)."
                ) from None
            answer = json_object(response)
            if answer.get("status") != "processing":
                if accepted is not None:
                    lag = time.monotonic() - accepted
                    self._lag = lag if self._lag is None else 0.7 * self._lag + 0.3 * lag
                return self._finished(debts, chunk, record, answer)
            if time.monotonic() - started > self.follow_timeout_s:
                raise RemoteUnavailable(
                    f"{what} was still processing after {self.follow_timeout_s:.0f} s. Run the same command "
                    "again later: it follows the batches already accepted instead of sending them again."
                )
            self._sleep(wait)
            wait = min(self.max_poll_s, wait * 1.5)

    def _finished(self, debts: EncodedDebts, chunk: Chunk, record: ChunkRecord, answer: dict[str, Any]) -> ChunkRecord:
        problems = answer.get("problems")
        found = item_problems(debts, chunk, problems) if isinstance(problems, list) else []
        if answer.get("status") == "failed":
            reason = str(answer.get("error") or "no reason given")
            record.status, record.errors = REJECTED, chunk.items
            record.problems = found + chunk_refused(
                debts, chunk, self.api.redact(f"The server could not load batch {record.batch_id}: {reason}."))
            return record
        record.status = COMPLETED
        record.created = _count(answer, "created")
        record.updated = _count(answer, "updated")
        record.existing = _count(answer, "existing")
        record.errors = _count(answer, "errors")
        if record.errors and not any(p["severity"] == "error" for p in found):
            # counted but not listed (a server that lists no problems): the chunk's lines are unknown
            found.append({"line": record.first_line, "field": None, "code": "rejected-by-server", "severity": "error",
                          "message": f"The server rejected {record.errors} debt(s) of lines "
                                     f"{record.first_line}–{record.last_line} without saying which.",
                          "suggestion": None})
        record.problems = found
        return record


def _count(answer: dict[str, Any], name: str) -> int:
    value = answer.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
