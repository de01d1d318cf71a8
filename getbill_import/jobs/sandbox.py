"""The scheduled sandbox reset: reset, then schedule the next one."""

from __future__ import annotations

from typing import Any

from getbill_import.jobs.runner import JobContext
from getbill_import.sandbox import reset_sandbox, schedule_reset


def run_sandbox_reset(ctx: JobContext) -> dict[str, Any]:
    now = ctx.clock()
    loaded = reset_sandbox(ctx.store, ctx.settings, account=ctx.job.account, now=now)
    schedule_reset(ctx.store, ctx.settings, account=ctx.job.account, now=now)
    return {"cases": loaded}
