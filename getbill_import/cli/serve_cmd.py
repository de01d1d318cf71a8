"""``getbill-import serve`` (the REST API), ``worker`` (background jobs alone), ``access-log``
and ``sandbox reset``."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading

import click
from rich.table import Table

from getbill_import.cli._common import (
    console,
    echo_json,
    load_settings,
    opened_store,
    store_options,
    user_errors,
)
from getbill_import.store.types import utc_now


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (answering requests; the background jobs run in one process beside them).")
@click.option("--sandbox", is_flag=True, help="Load mock cases into the account's sandbox and print a sandbox key.")
@click.option("--no-jobs", is_flag=True, help="Serve requests only; run background jobs with 'getbill-import worker'.")
@click.option("--jobs-in-process", is_flag=True,
              help="Run background jobs and webhook deliveries in threads of each server process instead of a "
                   "process of their own (one process in all, slower under load).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--log-requests", is_flag=True,
              help="Also print a line per request (the access log in the store records them anyway).")
@store_options
def serve(host, port, workers, sandbox, no_jobs, jobs_in_process, log_level, log_requests, account, database_url):
    """Run the REST API (under /external-api/v1; OpenAPI at /openapi.json, docs at /docs).

    Background jobs (batch loads, uploads, follow-ups) and webhook deliveries run in a second
    process that this command starts, supervises and stops with it."""
    import uvicorn

    from getbill_import.store import open_store

    with user_errors():
        settings = load_settings(account=account, database_url=database_url)
        store = open_store(settings.database_url)  # created and migrated once, before the workers start
        try:
            if sandbox:
                from getbill_import.api.server import prepare_sandbox

                key = prepare_sandbox(store, settings, now=utc_now())
                out = console()
                out.print(f"Sandbox of account '{settings.account}' ready with mock cases. Sandbox key:")
                out.print(key.secret)
                out.print(f"Try: curl -H 'Authorization: Bearer {key.secret}' http://{host}:{port}/external-api/v1/debts")
        finally:
            store.close()
    if sandbox:  # a developer's receiver on their own machine may get the sandbox's webhooks
        os.environ["GETBILL_WEBHOOK_SANDBOX_ALLOW_PRIVATE"] = "1"
        settings = load_settings(account=account, database_url=database_url)
    os.environ["GETBILL_DATABASE_URL"] = settings.database_url
    os.environ["GETBILL_ACCOUNT"] = settings.account
    companion = None
    if not no_jobs and not jobs_in_process:
        from getbill_import.jobs.companion import Companion

        companion = Companion(log_level=log_level)
        companion.start()
    if companion is not None or no_jobs:
        os.environ["GETBILL_SERVE_JOBS"] = "0"
    try:
        if workers == 1:
            from getbill_import.api import create_app

            app = create_app(settings, run_worker=companion is None and not no_jobs,
                             on_stop=companion.stop if companion is not None else None)
            uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, access_log=log_requests)
        else:
            uvicorn.run("getbill_import.api.server:app_from_env", factory=True, host=host, port=port,
                        workers=workers, log_level=log_level, proxy_headers=False, access_log=log_requests)
    finally:
        if companion is not None:
            companion.stop()


@click.command()
@click.option("--once", is_flag=True, help="Run the jobs that are ready, then exit.")
@click.option("--threads", type=click.IntRange(1, 64), help="Jobs run at a time (default: GETBILL_WORKER_THREADS, 1).")
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL).")
def worker(once, threads, database_url):
    """Run background jobs (batches, uploads, sandbox resets) without serving requests. Several
    workers may share one PostgreSQL database. Stops cleanly on SIGTERM or Ctrl-C, after the
    jobs in hand."""
    from getbill_import.jobs import Worker
    from getbill_import.store import open_store

    with user_errors():
        settings = load_settings(database_url=database_url)
        store = open_store(settings.database_url)
        runner = Worker(store, settings)
        try:
            if once:
                done = runner.run_pending()
                console().print(f"{done} job{'s' if done != 1 else ''} run.")
                return
            stop = threading.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            runner.start(threads)
            console(stderr=True).print(f"Worker {runner.name} running; Ctrl-C or SIGTERM to stop.")
            stop.wait()
            runner.stop()
        finally:
            store.close()


@click.command("access-log")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--days", type=click.IntRange(1, 366), help="Only the last N days.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def access_log(limit, days, fmt, account, database_url):
    """The account's API requests, newest first (kept 90 days; no personal data)."""
    from getbill_import.store.access_log import list_entries
    from getbill_import.store.shape import iso_utc

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        since = utc_now() - dt.timedelta(days=days) if days else None
        rows = list_entries(store, account=account_id, limit=limit, since=since)
    entries = [{**r, "at": iso_utc(r["at"])} for r in rows]
    if fmt == "json":
        echo_json(entries)
        return
    table = Table()
    for column in ("at", "credential", "method", "path", "status", "ms"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(e["at"], e["credential"] or "", e["method"], e["path"], str(e["status"]), f"{e['latency_ms']:.1f}")
    console().print(table if entries else f"No request logged for account '{account_id}'.")


@click.group()
def sandbox() -> None:
    """The account's sandbox: test data the sandbox keys work on."""


@sandbox.command("reset")
@store_options
def sandbox_reset(account, database_url):
    """Erase the sandbox's data and load the mock cases again."""
    from getbill_import.sandbox import reset_sandbox
    from getbill_import.store.credentials import ensure_sandbox

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        with store.write() as conn:
            sandbox_id = ensure_sandbox(conn, account_id)
        loaded = reset_sandbox(store, load_settings(account=account_id), account=sandbox_id, now=utc_now())
    console().print(f"Sandbox '{sandbox_id}' reset: {loaded} mock cases.")


COMMANDS = [serve, worker, access_log, sandbox]
