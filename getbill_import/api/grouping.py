"""Group commit for requests whose work has a fixed cost per run (validation: tens of
milliseconds): the requests that arrive while a group is being processed are processed together
next, on a worker thread, and each gets its own result."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
R = TypeVar("R")


class GroupQueue(Generic[T, R]):
    """``process(items) -> results`` (one per item, in order) run over groups of queued items.

    ``take(queue)`` says how many of the queued items the next group takes (at least one). Under
    load, a group waits at most ``linger`` seconds for as many items as the last group had: the
    clients the last group answered are sending their next requests, and they then form one group
    instead of two that each pay the fixed cost and wait for each other. A lone request never
    waits (the last group had one item, and it is there).

    A request whose item takes time to make (a large body to parse) can ``announce()`` it on
    arrival; a group then also waits, within ``linger``, for the announced items still being
    made, and ``submit(item, announced=True)`` (or ``withdraw()`` when none comes) settles it.
    Concurrent large requests are then validated together rather than in turns as their
    bodies happen to be ready."""

    def __init__(self, process: Callable[[list[T]], list[R]], take: Callable[[list[T]], int], linger: float) -> None:
        self._process = process
        self._take = take
        self.linger = linger
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._running = False
        #: set when the queue holds as many items as the last group had
        self._filled: asyncio.Event | None = None
        self._last = 1
        #: items announced and not yet submitted
        self._coming = 0

    def announce(self) -> None:
        self._coming += 1

    def withdraw(self) -> None:
        """An announced item will not come (its request failed)."""
        self._coming -= 1
        self._check()

    def _complete(self) -> bool:
        return len(self._queue) >= self._last and self._coming <= 0

    def _check(self) -> None:
        if self._filled is not None and self._complete():
            self._filled.set()

    async def submit(self, item: T, *, announced: bool = False) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if announced:
            self._coming -= 1
        self._check()
        if not self._running:
            self._running = True
            asyncio.get_running_loop().create_task(self._drain())
        return await future

    async def _gather(self) -> None:
        if self._complete() or self.linger <= 0:
            return
        self._filled = asyncio.Event()
        try:
            await asyncio.wait_for(self._filled.wait(), self.linger)
        except TimeoutError:
            pass
        finally:
            self._filled = None

    async def _drain(self) -> None:
        try:
            while self._queue:
                await self._gather()
                taken = max(1, self._take([item for item, _ in self._queue]))
                group, self._queue = self._queue[:taken], self._queue[taken:]
                self._last = len(group)
                try:
                    results = await run_in_threadpool(self._process, [item for item, _ in group])
                except Exception as exc:
                    for _, future in group:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), result in zip(group, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._running = False
