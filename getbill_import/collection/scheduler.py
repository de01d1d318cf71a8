"""The scheduler: ``tick`` executes every due step of every active case, exactly once.

A case's steps are its scenario's waves, then its escalation. Step *k* falls due on the case's
*anchor* — its due date, or the day it was opened if it was overdue by then — plus the step's
day; a case takes at most one step a day (a scheduler that was stopped for a while catches up
one step at a time, never in a burst). Each case keeps the day its next step is due
(``next_step_on``; a new case's is "to be planned"), so finding the due ones is one index range
per account however many cases wait.

A batch of due cases is claimed, executed and recorded in one transaction: on PostgreSQL the
claim is ``FOR UPDATE SKIP LOCKED``, so two schedulers (two ``serve`` processes, ``serve`` and a
cron ``collection tick``) share the work and never execute a step twice; each recorded step
moves its case's ``next_step_on`` past today, which is what makes the next look skip it. The
unique (case, wave) of ``followups`` backs that up. Channels with effects outside the store
(real e-mail) are claimed first, sent outside any transaction, then recorded: a crash between
the two leaves the follow-up ``failed`` ("interrupted") rather than sending it twice, and a mail
server that cannot be reached has the follow-up tried again later.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from getbill_import.collection.channels import (
    CONTACT_OUTCOMES,
    Channel,
    Result,
    Task,
    TransientChannelError,
    channels_for,
)
from getbill_import.collection.scenarios import Catalog, Scenario, load_catalog
from getbill_import.config import Settings
from getbill_import.store.clocks import AccountClock, account_clocks
from getbill_import.store.engine import Store
from getbill_import.store.followups import followup_json
from getbill_import.store.service import TRANSITIONS
from getbill_import.store.steps import (
    CaseChange,
    change_cases,
    claim_due,
    finish_followups,
    insert_events,
    insert_followups,
    lease_followups,
    lock_cases,
    reserve_followup_ids,
    retry_followups,
    stale_followups,
)
from getbill_import.webhooks import payloads

log = logging.getLogger("getbill_import.collection")

#: how long a real channel may take over a batch before its follow-ups count as interrupted
SENDING_LEASE = dt.timedelta(minutes=10)
#: when a channel that could not be reached is tried again
RETRY_AFTER = dt.timedelta(minutes=5)
ONE_DAY = dt.timedelta(days=1)

ChannelsFor = Callable[[AccountClock], Mapping[str, Channel]]


@dataclass
class TickResult:
    accounts: int = 0
    #: follow-ups recorded (with an outcome)
    followups: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    #: cases reached for the first time, and handed to legal collection
    contacted: int = 0
    escalated: int = 0
    #: cases looked at whose next step turned out not due yet (their day set)
    planned: int = 0
    #: cases whose scenario is not in the catalog (looked at again tomorrow), by scenario
    unknown_scenarios: Counter[str] = field(default_factory=Counter)
    #: follow-ups whose channel could not be reached (tried again later)
    deferred: int = 0
    #: follow-ups found unfinished after a crash (recorded as failed, not sent again)
    interrupted: int = 0
    #: the tick stopped at its limit with due cases left
    more: bool = False
    seconds: float = 0.0

    @property
    def cases(self) -> int:
        """Cases that took a step (a follow-up or an escalation)."""
        return sum(self.by_channel.values()) + self.escalated

    def to_json(self) -> dict[str, Any]:
        return {
            "accounts": self.accounts, "followups": self.followups, "by_channel": dict(self.by_channel),
            "by_outcome": dict(self.by_outcome), "contacted": self.contacted, "escalated": self.escalated,
            "planned": self.planned, "unknown_scenarios": dict(self.unknown_scenarios), "deferred": self.deferred,
            "interrupted": self.interrupted, "more": self.more, "seconds": round(self.seconds, 3),
        }


def tick(
    store: Store, settings: Settings, *, now: dt.datetime, account: str | None = None, limit: int | None = None,
    catalog: Catalog | None = None, channels: ChannelsFor | None = None,
) -> TickResult:
    """Execute the due steps of every account's cases (or ``account``'s) as of ``now`` (real
    time; a sandbox adds its clock's offset). ``limit`` bounds the cases handled (the result's
    ``more`` says whether due ones were left)."""
    started = time.perf_counter()
    catalog = catalog or load_catalog(settings.collection.scenarios_dir)
    options = settings.collection

    def default_channels(clock: AccountClock) -> Mapping[str, Channel]:
        return channels_for(sandbox=clock.sandbox, seed=options.seed, email=options.email, smtp=options.smtp,
                            catalog=catalog)

    pick = channels or default_channels
    result = TickResult()
    budget = limit
    for clock in account_clocks(store, account):
        result.accounts += 1
        runner = _AccountRun(store, settings, catalog, clock, clock.now(now), pick(clock), result)
        budget = runner.run(budget)
        if budget is not None and budget <= 0:
            break
    result.seconds = time.perf_counter() - started
    return result


class _AccountRun:
    def __init__(
        self, store: Store, settings: Settings, catalog: Catalog, clock: AccountClock, now: dt.datetime,
        channels: Mapping[str, Channel], result: TickResult,
    ) -> None:
        self.store, self.settings, self.catalog, self.clock = store, settings, catalog, clock
        self.now, self.today = now, now.date()
        self.channels, self.result = channels, result
        self.creditor = settings.collection.creditor_name or clock.account.removesuffix(".sandbox")
        self.batch = settings.collection.batch_size

    def run(self, budget: int | None) -> int | None:
        budget = self._resume(budget)
        while budget is None or budget > 0:
            size = self.batch if budget is None else min(self.batch, budget)
            real: list[tuple[Task, int]] = []
            with self.store.write() as conn:
                rows = claim_due(conn, account=self.clock.account, today=self.today, limit=size)
                if not rows:
                    return budget
                real = self._step(conn, rows)
            if budget is not None:
                budget -= len(rows)
                if budget <= 0:
                    self.result.more = True
            if real:
                self._send(real)
        return budget

    # --- one batch ------------------------------------------------------------------------------

    def _step(self, conn: Any, rows: Sequence[dict[str, Any]]) -> list[tuple[Task, int]]:
        """Execute (or plan) the steps of ``rows``, in the claiming transaction. Returns the
        follow-ups claimed for real channels, to send once it has committed."""
        changes: list[CaseChange] = []
        simulated: dict[str, list[tuple[Task, dict[str, Any], Scenario]]] = {}
        real: list[tuple[Task, dict[str, Any], Scenario]] = []
        escalations: list[tuple[dict[str, Any], Scenario]] = []
        for row in rows:
            scenario = self.catalog.get(row["scenario"])
            if scenario is None:
                self.result.unknown_scenarios[str(row["scenario"])] += 1
                changes.append(CaseChange(row["id"], row["steps_done"], self.today + ONE_DAY, status=row["status"]))
                continue
            step = row["steps_done"] + 1
            if step > scenario.steps:  # its scenario changed for a shorter one: nothing left to do
                changes.append(CaseChange(row["id"], row["steps_done"], None, status=row["status"]))
                continue
            due_on = anchor(row) + dt.timedelta(days=step_day(scenario, step))
            if due_on > self.today:
                self.result.planned += 1
                changes.append(CaseChange(row["id"], row["steps_done"], due_on, status=row["status"]))
                continue
            if step > len(scenario.waves):
                escalations.append((row, scenario))
                continue
            wave = scenario.waves[step - 1]
            task = Task(row, scenario.name, wave, self.now, self.creditor)
            channel = self.channels[wave.channel]
            (real if channel.real else simulated.setdefault(wave.channel, [])).append((task, row, scenario))
        followup_rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        ids = iter(reserve_followup_ids(conn, sum(len(v) for v in simulated.values()) + len(real)))
        for name, items in simulated.items():
            outcomes = self.channels[name].execute([task for task, _, _ in items])
            for (task, row, scenario), outcome in zip(items, outcomes, strict=True):
                followup = self._followup_row(next(ids), task, outcome)
                followup_rows.append(followup)
                changes.append(self._after_wave(row, scenario, task, outcome, followup, events))
        claimed: list[tuple[Task, int]] = []
        for task, row, scenario in real:
            followup = self._followup_row(next(ids), task, None)
            followup_rows.append(followup)
            claimed.append((task, followup["id"]))
            changes.append(CaseChange(
                row["id"], task.wave.number, self._next_on(row, scenario, task.wave.number),
                last_step_at=self.now, last_channel=task.wave.channel, status=row["status"],
            ))
        for row, scenario in escalations:
            changes.append(self._escalate(row, scenario, events))
        insert_followups(conn, followup_rows)
        change_cases(conn, account=self.clock.account, changes=changes, now=self.now)
        insert_events(conn, events)
        return claimed

    def _followup_row(self, followup_id: int, task: Task, outcome: Result | None) -> dict[str, Any]:
        scheduled = anchor(task.case) + dt.timedelta(days=task.wave.day)
        return {
            "id": followup_id, "account": self.clock.account, "case_id": task.case["id"], "scenario": task.scenario,
            "wave": task.wave.number, "channel": task.wave.channel, "template": task.wave.template,
            "status": "done" if outcome is not None else "sending",
            "outcome": outcome.outcome if outcome is not None else None,
            "details": outcome.details if outcome is not None else {"state": "claimed"},
            "scheduled_for": scheduled,
            "started_at": (outcome.started_at if outcome is not None else None) or self.now,
            "completed_at": (outcome.completed_at or self.now) if outcome is not None else None,
            "locked_until": None if outcome is not None else self.now + SENDING_LEASE,
        }

    def _next_on(self, row: Mapping[str, Any], scenario: Scenario, done: int) -> dt.date | None:
        """The day the step after step ``done`` falls due: never today (one step a day)."""
        if done >= scenario.steps:
            return None
        return max(anchor(row) + dt.timedelta(days=step_day(scenario, done + 1)), self.today + ONE_DAY)

    def _after_wave(
        self, row: dict[str, Any], scenario: Scenario, task: Task, outcome: Result, followup: dict[str, Any],
        events: list[dict[str, Any]],
    ) -> CaseChange:
        """The case after a wave with this outcome, and its events (``followup.completed``, and
        ``debt.contacted`` at the first contact)."""
        wave = task.wave
        self.result.followups += 1
        self.result.by_channel[wave.channel] += 1
        self.result.by_outcome[outcome.outcome] += 1
        reached = outcome.outcome in CONTACT_OUTCOMES
        after = dict(row)
        first_contact = reached and row["contacted_at"] is None
        if reached and "contacted" in TRANSITIONS.get(row["status"], ()):
            after["status"] = "contacted"
        change = CaseChange(
            row["id"], wave.number, self._next_on(row, scenario, wave.number), last_step_at=self.now,
            last_channel=wave.channel, status=after["status"],
            contacted_at=self.now if first_contact else None,
        )
        account = self.clock.account
        events.append(_event(account, row["id"], "followup.completed",
                             payloads.followup_completed(after, followup_json(followup)), self.now))
        if first_contact:
            self.result.contacted += 1
            events.append(_event(account, row["id"], "debt.contacted",
                                 payloads.contacted(after, channel=wave.channel, at=self.now), self.now))
        return change

    def _escalate(self, row: dict[str, Any], scenario: Scenario, events: list[dict[str, Any]]) -> CaseChange:
        self.result.escalated += 1
        after = {**row, "status": "escalated"}
        reason = f"end of scenario {scenario.name}"
        events.append(_event(self.clock.account, row["id"], "debt.escalated",
                             payloads.escalated(after, at=self.now, reason=reason), self.now))
        return CaseChange(row["id"], scenario.steps, None, last_step_at=self.now, status="escalated",
                          escalated_at=self.now)

    # --- real channels: sent between their claim and their record ------------------------------

    def _send(self, claimed: Sequence[tuple[Task, int]]) -> None:
        by_channel: dict[str, list[tuple[Task, int]]] = {}
        for task, followup_id in claimed:
            by_channel.setdefault(task.wave.channel, []).append((task, followup_id))
        for name, items in by_channel.items():
            try:
                outcomes = self.channels[name].execute([task for task, _ in items])
            except TransientChannelError as exc:
                log.warning("collection: %s channel unavailable for %s follow-ups of %s: %s", name, len(items),
                            self.clock.account, exc)
                with self.store.write() as conn:
                    retry_followups(conn, [i for _, i in items], at=self.now + RETRY_AFTER, error=str(exc))
                self.result.deferred += len(items)
                continue
            self._record(list(zip(items, outcomes, strict=True)))

    def _record(self, done: Sequence[tuple[tuple[Task, int], Result]]) -> None:
        """Record the outcomes of follow-ups that were sent, with the status changes and events
        they bring (from the cases as they are now: one may have been paid meanwhile)."""
        with self.store.write() as conn:
            rows = lock_cases(conn, account=self.clock.account, ids=[task.case["id"] for (task, _), _ in done])
            events: list[dict[str, Any]] = []
            finished = []
            contacts: list[CaseChange] = []
            for (task, followup_id), outcome in done:
                completed = outcome.completed_at or self.now
                finished.append({"id": followup_id, "outcome": outcome.outcome, "details": outcome.details,
                                 "completed_at": completed})
                row = rows.get(task.case["id"])
                if row is None:  # erased meanwhile
                    continue
                followup = {
                    "id": followup_id, "case_id": row["id"], "scenario": task.scenario, "wave": task.wave.number,
                    "channel": task.wave.channel, "template": task.wave.template, "status": "done",
                    "outcome": outcome.outcome, "details": outcome.details,
                    "scheduled_for": anchor(task.case) + dt.timedelta(days=task.wave.day),
                    "started_at": outcome.started_at or self.now, "completed_at": completed,
                }
                scenario = self.catalog.get(task.scenario)
                change = self._after_wave(row, scenario, task, outcome, followup, events) if scenario else None
                if change is not None and (change.status != row["status"] or change.contacted_at is not None):
                    contacts.append(CaseChange(row["id"], row["steps_done"], row["next_step_on"],
                                               status=change.status, contacted_at=change.contacted_at))
            finish_followups(conn, finished)
            change_cases(conn, account=self.clock.account, changes=contacts, now=self.now)
            insert_events(conn, events)

    def _resume(self, budget: int | None) -> int | None:
        """Follow-ups left being sent: those whose channel asked for a retry are sent again;
        those whose scheduler stopped mid-way are recorded as failed (they may have been sent:
        never twice)."""
        while budget is None or budget > 0:
            with self.store.write() as conn:
                stale = stale_followups(conn, account=self.clock.account, now=self.now, limit=self.batch)
                if not stale:
                    return budget
                retry = [f for f in stale if (f["details"] or {}).get("state") == "retry"]
                lost = [f for f in stale if f not in retry]
                finish_followups(conn, [
                    {"id": f["id"], "outcome": "failed", "completed_at": self.now,
                     "details": {"error": "interrupted while sending (the scheduler stopped); not sent again "
                                          "to avoid a duplicate"}}
                    for f in lost
                ])
                self.result.interrupted += len(lost)
                self.result.followups += len(lost)
                for f in lost:
                    self.result.by_channel[f["channel"]] += 1
                    self.result.by_outcome["failed"] += 1
                lease_followups(conn, [f["id"] for f in retry], until=self.now + SENDING_LEASE)
                rows = lock_cases(conn, account=self.clock.account, ids=[f["case_id"] for f in retry])
            tasks = []
            for f in retry:
                row = rows.get(f["case_id"])
                scenario = self.catalog.get(f["scenario"])
                wave = scenario.waves[f["wave"] - 1] if scenario and f["wave"] <= len(scenario.waves) else None
                if row is None or wave is None:
                    continue
                tasks.append((Task(row, f["scenario"], wave, self.now, self.creditor), f["id"]))
            if tasks:
                self._send(tasks)
            if budget is not None:
                budget -= len(stale)
        return budget


def anchor(case: Mapping[str, Any]) -> dt.date:
    """The day a case's scenario counts from: its due date, or the day it was opened if later."""
    opened = case["created_at"].date()
    due = case["due_date"]
    return max(due, opened) if due is not None else opened


def step_day(scenario: Scenario, step: int) -> int:
    if step <= len(scenario.waves):
        return scenario.waves[step - 1].day
    assert scenario.escalation_day is not None
    return scenario.escalation_day


def _event(account: str, case_id: str, kind: str, payload: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    return {"account": account, "case_id": case_id, "type": kind, "payload": payload, "created_at": now}
