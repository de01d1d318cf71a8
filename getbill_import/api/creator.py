"""``POST /debts`` in groups: the requests that arrive while a group is being written are
validated together and created in one transaction (group commit). Validation has a fixed cost
per call (tens of milliseconds) that a group shares; each request still gets its own answer —
its problems, or its case, or the conflict with a case that already has its reference."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from getbill_import.api.grouping import GroupQueue
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


class CaseCreator:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._groups: GroupQueue[_Pending, Outcome] = GroupQueue(
            self._process, lambda queued: min(len(queued), MAX_GROUP), ctx.settings.api.create_linger_ms / 1000
        )

    async def create(self, account: str, debt: Any) -> Outcome:
        return await self._groups.submit(_Pending(account, debt))

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
