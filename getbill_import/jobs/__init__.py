"""Background work on the store's durable jobs (``store.jobs``): a :class:`Worker` claims jobs
and runs the handler of their kind — batch imports, uploaded files, scheduled sandbox resets,
and follow-ups. It runs in ``serve``'s background process (``jobs.companion``) and alone as
``getbill-import worker``; several workers may share one PostgreSQL database.

Public surface:

    Worker(store, settings, handlers, clock=…, name=…).run_pending() / .start() / .stop()
    JobContext: what a handler gets (the job, the store, settings, clock, lazy payload)
    default_handlers() -> {kind: handler}
"""

from __future__ import annotations

from getbill_import.jobs.runner import Clock, Handler, JobContext, Worker, default_handlers

__all__ = ["Clock", "Handler", "JobContext", "Worker", "default_handlers"]
