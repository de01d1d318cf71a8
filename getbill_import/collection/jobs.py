"""The scheduler inside ``serve``: a durable job ("collection-tick") that runs a tick, then
schedules the next one (at once when due cases were left, else after
``GETBILL_COLLECTION_TICK_SECONDS``). Whatever number of processes share the store, one such
job waits at a time; ticks that do overlap (a cron ``collection tick`` beside ``serve``) share
the work without doing any of it twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from getbill_import.config import Settings
from getbill_import.jobs.runner import JobContext
from getbill_import.store.engine import Store
from getbill_import.store.jobs import schedule_once

TICK_JOB = "collection-tick"
#: the job is the whole store's, not one account's
ALL_ACCOUNTS = "*"
#: cases one run of the job takes at most (the worker's other jobs wait no longer than that)
CASES_PER_RUN = 50_000


def schedule_tick(store: Store, settings: Settings, *, now: dt.datetime, at: dt.datetime | None = None) -> None:
    """Make sure the next tick is scheduled (at ``at``, else now)."""
    with store.write() as conn:
        schedule_once(conn, account=ALL_ACCOUNTS, kind=TICK_JOB, subject=ALL_ACCOUNTS, run_at=at or now, now=now)


def run_tick(ctx: JobContext) -> dict[str, Any]:
    from getbill_import.collection.scheduler import tick

    result = tick(ctx.store, ctx.settings, now=ctx.clock(), limit=CASES_PER_RUN)
    now = ctx.clock()
    delay = 0.0 if result.more else ctx.settings.collection.tick_seconds
    schedule_tick(ctx.store, ctx.settings, now=now, at=now + dt.timedelta(seconds=delay))
    if ctx.worker is not None and result.more:
        ctx.worker.wake()
    return result.to_json()
