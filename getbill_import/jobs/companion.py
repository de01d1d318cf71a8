"""The background process of ``getbill-import serve``: its jobs (batch loads, uploads, follow-ups,
sandbox resets) and its webhook deliveries run in a second process, so that loading cases never
takes the interpreter from the requests being answered.

- ``Companion`` (in ``serve``) starts the process, starts it again if it stops unexpectedly, and
  stops it when the server stops.
- The process watches its standard input, a pipe from ``serve``: when ``serve`` ends, even
  killed with SIGKILL, the pipe closes and the process finishes the jobs in hand and exits.
- The API processes tell it that work is waiting (a batch accepted, an event queued) with a
  one-byte datagram on a socket of its own (``GETBILL_JOBS_WAKE``), so that a batch starts
  at once rather than at the next poll; without the socket it still finds the work at the
  next poll.

Several of these processes may share one PostgreSQL (jobs are claimed with ``FOR UPDATE SKIP
LOCKED``); on SQLite it is the one process that does the background work.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from getbill_import.jobs.runner import Worker
    from getbill_import.webhooks.dispatcher import Dispatcher

log = logging.getLogger("getbill_import.jobs")

#: the wake socket's path, for the API processes and the background process
WAKE_ENV = "GETBILL_JOBS_WAKE"
JOBS, WEBHOOKS = b"j", b"w"
#: seconds before a stopped background process is started again, doubling up to the last
RESTART_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)
#: a process that ran this long before stopping starts again after the first delay
STEADY_S = 60.0


class Waker:
    """The API side: tells the background process that work is waiting. Never blocks and never
    fails a request (a datagram that cannot be sent is dropped; the poll finds the work)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.setblocking(False)

    @classmethod
    def from_env(cls) -> Waker | None:
        path = os.environ.get(WAKE_ENV)
        if not path or not hasattr(socket, "AF_UNIX"):
            return None
        return cls(path)

    def jobs(self) -> None:
        self._send(JOBS)

    def webhooks(self) -> None:
        self._send(WEBHOOKS)

    def _send(self, what: bytes) -> None:
        with contextlib.suppress(OSError):
            self._socket.sendto(what, self.path)

    def close(self) -> None:
        self._socket.close()


class Companion:
    """``serve``'s background process, supervised from a thread of ``serve``."""

    def __init__(self, *, log_level: str = "info") -> None:
        self._folder = tempfile.mkdtemp(prefix="getbill-serve-")
        self.wake_path = str(Path(self._folder) / "wake")
        self.log_level = log_level
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        """Starts the process; the API processes started after this find its socket in the
        environment."""
        os.environ[WAKE_ENV] = self.wake_path
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="getbill-companion")
        self._watcher.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self.process = subprocess.Popen(
                [sys.executable, "-m", "getbill_import.jobs.companion", self.log_level],
                stdin=subprocess.PIPE, env=os.environ.copy(),
            )

    def _watch(self) -> None:
        restarts = 0
        while not self._stopping.is_set():
            process = self.process
            assert process is not None
            began = time.monotonic()
            code = process.wait()
            if time.monotonic() - began > STEADY_S:
                restarts = 0
            delay = RESTART_DELAYS[min(restarts, len(RESTART_DELAYS) - 1)]
            restarts += 1
            # waiting first: a signal to the whole process group (Ctrl-C) stops it just before serve
            if self._stopping.wait(delay):
                return
            if code:
                log.error("the background worker process stopped (exit status %s) and was started again. "
                          "Batches and uploads it held are taken up again; nothing accepted is lost.", code)
            else:
                log.warning("the background worker process was stopped; started again")
            try:
                self._spawn()
            except OSError as exc:
                log.error("the background worker process could not be started: %s", exc)
                return

    def stop(self, timeout: float = 60.0) -> None:
        """Closes the process's pipe (it finishes the jobs in hand) and waits for it."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                assert process.stdin is not None
                process.stdin.close()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.error("the background worker process did not stop within %.0f s; killed", timeout)
                process.kill()
                process.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.wake_path)
        with contextlib.suppress(OSError):
            os.rmdir(self._folder)
        os.environ.pop(WAKE_ENV, None)


def run(log_level: str = "info") -> None:
    """The background process: a job worker and a webhook dispatcher on the store of
    ``GETBILL_DATABASE_URL``, until standard input closes or SIGTERM/SIGINT."""
    from getbill_import.config import Settings
    from getbill_import.jobs.runner import Worker
    from getbill_import.store import open_store
    from getbill_import.webhooks.dispatcher import Dispatcher

    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.INFO),
                        format="%(levelname)s:     [background] %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    settings = Settings.from_env()
    store = open_store(settings.database_url, migrate_schema=False)
    worker = Worker(store, settings)
    dispatcher = Dispatcher(store, settings)
    listener = _listen(os.environ.get(WAKE_ENV))
    try:
        worker.start()
        dispatcher.start()
        threading.Thread(target=_until_eof, args=(stop,), daemon=True, name="getbill-parent").start()
        if listener is not None:
            threading.Thread(target=_wakes, args=(listener, worker, dispatcher, stop), daemon=True,
                             name="getbill-wake").start()
        log.info("background worker %s running", worker.name)
        stop.wait()
    finally:
        worker.stop()
        dispatcher.stop()
        if listener is not None:
            listener.close()
        store.close()


def _listen(path: str | None) -> socket.socket | None:
    if not path or not hasattr(socket, "AF_UNIX"):
        return None
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a process that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    listener.settimeout(1.0)
    return listener


def _wakes(listener: socket.socket, worker: Worker, dispatcher: Dispatcher, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            what = listener.recv(64)
        except TimeoutError:
            continue
        except OSError:
            return
        if JOBS in what:
            worker.wake()
        if WEBHOOKS in what:
            dispatcher.wake()


def _until_eof(stop: threading.Event) -> None:
    """``serve`` holds the other end of standard input: it closes when ``serve`` ends."""
    fd = sys.stdin.fileno()  # read unbuffered: a buffered reader's lock would hold up the exit
    with contextlib.suppress(OSError):
        while os.read(fd, 4096):
            pass
    stop.set()


if __name__ == "__main__":
    run(*sys.argv[1:2])
