"""``POST /debts`` in groups: the requests that arrive while a group is being written are
validated together and created in one transaction (group commit). Validation has a fixed cost
per call (tens of milliseconds) that a group shares; each request still gets its own answer —
its problems, or its case, or the conflict with a case that already has its reference."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool

from getbill_import.fields import LINE
from getbill_import.problems import ERROR
from getbill_import.records import prepare_records
from getbill_import.store.schema import cases
from getbill_import.store.service import create_cases
from getbill_import.store.shape import case_json
from getbill_import.validate import VALID

#: debts validated and written together at most
MAX_GROUP = 500


@dataclass
class Outcome:
    """What became of one debt: its problems (errors refuse it), and the case created or the
    existing case with its reference."""

    problems: list[dict[str, Any]]
    case: dict[str, Any] | None = None
    existing_id: str | None = None

    @property
    def refused(self) -> bool:
        return any(p["severity"] == ERROR for p in self.problems)


@dataclass
class _Pending:
    account: str
    debt: Any
    future: asyncio.Future[Outcome] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class CaseCreator:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.linger = ctx.settings.api.create_linger_ms / 1000
        self._queue: list[_Pending] = []
        self._running = False
        #: set when the queue holds as many requests as the last group had
        self._filled: asyncio.Event | None = None
        self._last = 1

    async def create(self, account: str, debt: Any) -> Outcome:
        pending = _Pending(account, debt)
        self._queue.append(pending)
        if self._filled is not None and len(self._queue) >= self._last:
            self._filled.set()
        if not self._running:
            self._running = True
            asyncio.get_running_loop().create_task(self._drain())
        return await pending.future

    async def _gather(self) -> None:
        """Under load, the clients the last group answered are sending their next requests: wait
        (at most ``linger`` seconds) for as many as that group had, so that they form one group
        instead of two that each pay validation's fixed cost and wait for each other."""
        if len(self._queue) >= self._last or self.linger <= 0:
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
                group, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
                self._last = len(group)
                try:
                    outcomes = await run_in_threadpool(self._process, group)
                except Exception as exc:
                    for pending in group:
                        if not pending.future.done():
                            pending.future.set_exception(exc)
                    continue
                for pending, outcome in zip(group, outcomes, strict=True):
                    if not pending.future.done():
                        pending.future.set_result(outcome)
        finally:
            self._running = False

    def _process(self, group: list[_Pending]) -> list[Outcome]:
        prepared = prepare_records([p.debt for p in group], self.ctx.settings)
        # references repeated across requests are not the file's "duplicate-reference": the
        # first request creates the case, the others find it exists
        problems = prepared.problems.filter(pl.col("code") != "duplicate-reference")
        refused = set(problems.filter(pl.col("severity") == ERROR)["line"].to_list())
        by_line: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for problem in problems.to_dicts():
            by_line[problem["line"]].append(problem)
        outcomes = [Outcome(by_line.get(i, [])) for i in range(len(group))]
        frame = prepared.cases.with_columns(~pl.col(LINE).is_in(list(refused)).alias(VALID))
        now = self.ctx.clock()
        for account in dict.fromkeys(p.account for p in group):
            lines = [i for i, p in enumerate(group) if p.account == account and i not in refused]
            if not lines:
                continue
            made = create_cases(self.ctx.store, frame.filter(pl.col(LINE).is_in(lines)), account=account, now=now)
            first = {c.line: c for c in made}
            by_reference = {c.reference: c.id for c in made}
            new_ids = [c.id for c in made if c.created]
            rows = self._rows(account, new_ids)
            for line in lines:
                outcome = outcomes[line]
                created = first.get(line)
                if created is not None and created.created:
                    outcome.case = case_json(rows[created.id])
                else:
                    reference = frame.filter(pl.col(LINE) == line)["reference"][0]
                    outcome.existing_id = by_reference.get(reference)
        return outcomes

    def _rows(self, account: str, ids: list[str]) -> dict[str, Any]:
        if not ids:
            return {}
        with self.ctx.store.read() as conn:
            found = conn.execute(sa.select(cases).where(cases.c.account == account, cases.c.id.in_(ids))).mappings().all()
        return {row["id"]: row for row in found}
