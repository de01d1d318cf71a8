"""Running the one-value-at-a-time library checks on both cores when there are many of them.

Work is submitted early and collected late, so that worker processes check e-mails and phones while
the main process parses amounts and dates. Workers are forked from a clean "forkserver" process that
preloads the checking module only (never the program's ``__main__``, which may be a server): they
never inherit the main process's polars threads or its server state. As with any multiprocessing
code, the main script must guard its work with ``if __name__ == "__main__"``; when workers cannot
run, the batch is checked in the main process instead.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_WORKER_MODULE = "getbill_import.validate._library"


class Pending(Generic[R]):
    """Results of a batch: computed by workers, or in the main process when first asked for (and
    also when the workers could not do it: a worker killed, a script that starts work on import)."""

    def __init__(self, compute: Callable[[], list[R]], futures: list[Future[list[R]]] | None = None):
        self._compute = compute
        self._futures = futures
        self._result: list[R] | None = None
        #: whether worker processes produced the result (known once :meth:`result` returned)
        self.ran_in_workers = False

    def result(self) -> list[R]:
        if self._result is None:
            if self._futures is not None:
                try:
                    self._result = [item for future in self._futures for item in future.result()]
                    self.ran_in_workers = True
                except Exception:
                    self._result = self._compute()
            else:
                self._result = self._compute()
        return self._result


class CheckPool:
    """Lazily started process pool; use as a context manager so workers always stop."""

    def __init__(self, threshold: int, workers: int | None = None):
        """Batches of fewer than ``threshold`` values are checked in the main process (starting
        workers costs ~0.4 s)."""
        self.threshold = threshold
        self.workers = workers or min(2, os.cpu_count() or 1)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> CheckPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None

    def submit(self, fn: Callable[..., list[R]], items: Sequence[T], *args: Any) -> Pending[R]:
        """``fn(list_of_items, *args)`` over ``items``, split across workers when worth it."""
        batch = list(items)

        def compute() -> list[R]:
            return fn(batch, *args) if batch else []

        if len(batch) < self.threshold or self.workers < 2:
            return Pending(compute)
        chunks = 4 * self.workers
        size = -(-len(batch) // chunks)
        try:
            executor = self._start()
            futures = [executor.submit(fn, batch[i:i + size], *args) for i in range(0, len(batch), size)]
        except Exception:
            return Pending(compute)
        return Pending(compute, futures)

    def _start(self) -> ProcessPoolExecutor:
        with self._lock:
            return self._start_locked()

    def _start_locked(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context: BaseContext
            if "forkserver" in multiprocessing.get_all_start_methods():
                server = multiprocessing.get_context("forkserver")
                server.set_forkserver_preload([_WORKER_MODULE])
                context = server
            else:  # platforms without fork
                context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._executor
