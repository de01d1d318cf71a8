"""``getbill-import webhooks add|list|rotate|deliveries|retry|run``: the endpoints that receive
an account's events, their deliveries, and the dispatcher on its own."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
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
from getbill_import.store.shape import iso_utc
from getbill_import.store.types import utc_now
from getbill_import.store.webhooks import (
    ALL,
    EVENT_TYPES,
    create_endpoint,
    endpoint_json,
    get_endpoint,
    list_deliveries,
    list_endpoints,
    retry_delivery,
    rotate_secret,
)


@click.group()
def webhooks() -> None:
    """Endpoints that receive the account's events (signed, retried), and their deliveries."""


@webhooks.command("add")
@click.argument("url")
@click.option("--events", default=ALL, show_default=True,
              help=f"Comma-separated event types ({', '.join(EVENT_TYPES)}), or * for all.")
@click.option("--description", help="What this endpoint is.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def add(url, events, description, fmt, account, database_url):
    """Add an endpoint; its signing secret is shown once."""
    from getbill_import.webhooks.secretbox import SecretBox
    from getbill_import.webhooks.signing import new_secret
    from getbill_import.webhooks.targets import check_url

    wanted = [e.strip() for e in events.split(",") if e.strip()]
    unknown = sorted(set(wanted) - {*EVENT_TYPES, ALL})
    if unknown:
        console(stderr=True).print(f"[bold red]Error:[/] unknown event type(s) {', '.join(unknown)}; "
                                   f"known: {', '.join(EVENT_TYPES)}.")
        sys.exit(2)
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        settings = load_settings(account=account, database_url=database_url)
        options = settings.webhooks
        check_url(url, allow_private=options.allow_private, allow_http=options.allow_http or options.allow_private)
        secret = new_secret()
        box = SecretBox.load(options.secret_key, settings.data_dir)
        row = create_endpoint(store, account=account_id, url=url, events=[ALL] if ALL in wanted else wanted,
                              description=description, secret_enc=box.seal(secret), now=utc_now())
    if fmt == "json":
        echo_json({**endpoint_json(row), "secret": secret})
        return
    out = console()
    out.print(f"Endpoint [bold]{row['id']}[/] → {url} ({', '.join(row['events'])}).")
    out.print(f"Signing secret: {secret}")
    out.print("Keep it now: it is shown once. Verify deliveries with getbill_import.webhooks.verify().")


@webhooks.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def list_(fmt, account, database_url):
    """The account's endpoints (never their secrets)."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        rows = [endpoint_json(r) for r in list_endpoints(store, account=account_id)]
    if fmt == "json":
        echo_json(rows)
        return
    table = Table()
    for column in ("id", "url", "events", "enabled"):
        table.add_column(column, overflow="fold")
    for row in rows:
        state = "yes" if row["enabled"] else f"no ({row['disabled_reason']})"
        table.add_row(row["id"], row["url"], ", ".join(row["events"]), state)
    console().print(table if rows else "No webhook endpoint.")


@webhooks.command("rotate")
@click.argument("endpoint_id")
@store_options
def rotate(endpoint_id, account, database_url):
    """A new signing secret; the old one keeps signing beside it for the overlap (24 h by default)."""
    from getbill_import.webhooks.secretbox import SecretBox
    from getbill_import.webhooks.signing import new_secret

    with user_errors(), opened_store(account, database_url) as (store, account_id):
        settings = load_settings(account=account, database_url=database_url)
        box = SecretBox.load(settings.webhooks.secret_key, settings.data_dir)
        secret = new_secret()
        now = utc_now()
        until = now + dt.timedelta(hours=settings.webhooks.secret_overlap_hours)
        row = rotate_secret(store, account=account_id, endpoint_id=endpoint_id, secret_enc=box.seal(secret),
                            until=until, now=now)
    if row is None:
        console(stderr=True).print(f"[bold red]Error:[/] no webhook endpoint {endpoint_id} in account '{account_id}'.")
        sys.exit(1)
    console().print(f"New signing secret: {secret}")
    console().print(f"The previous secret keeps signing until {iso_utc(until)}.")


@webhooks.command("deliveries")
@click.argument("endpoint_id")
@click.option("--status", type=click.Choice(["pending", "succeeded", "failed"]))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def deliveries(endpoint_id, status, limit, fmt, account, database_url):
    """An endpoint's deliveries, newest first, with their attempts."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        if get_endpoint(store, account=account_id, endpoint_id=endpoint_id) is None:
            console(stderr=True).print(f"[bold red]Error:[/] no webhook endpoint {endpoint_id} in account '{account_id}'.")
            sys.exit(1)
        rows = list_deliveries(store, account=account_id, endpoint_id=endpoint_id, limit=limit, status=status)
    if fmt == "json":
        echo_json(rows)
        return
    table = Table()
    for column in ("delivery", "event", "status", "attempts", "last"):
        table.add_column(column, overflow="fold")
    for row in rows:
        last = row["attempt_log"][-1] if row["attempt_log"] else None
        last_text = (f"{last['status_code'] or ''} {last['error'] or 'ok'}".strip() if last else "")
        table.add_row(str(row["id"]), f"{row['type']} #{row['event_id']}", row["status"], str(len(row["attempt_log"])),
                      last_text)
    console().print(table if rows else "No delivery.")


@webhooks.command("retry")
@click.argument("endpoint_id")
@click.argument("delivery_id", type=int)
@store_options
def retry(endpoint_id, delivery_id, account, database_url):
    """Send a delivery again (with a fresh set of attempts)."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        done = retry_delivery(store, account=account_id, endpoint_id=endpoint_id, delivery_id=delivery_id, now=utc_now())
    if not done:
        console(stderr=True).print(f"[bold red]Error:[/] no delivery {delivery_id} on endpoint {endpoint_id}.")
        sys.exit(1)
    console().print(f"Delivery {delivery_id} queued again.")


@webhooks.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL).")
def run(once, database_url):
    """Run the webhook dispatcher alone (serve runs one too). Several may share one PostgreSQL
    database; SIGTERM or Ctrl-C stops it after the attempts in flight."""
    from getbill_import.store import open_store
    from getbill_import.webhooks.dispatcher import Dispatcher

    with user_errors():
        settings = load_settings(database_url=database_url)
        store = open_store(settings.database_url)
        try:
            dispatcher = Dispatcher(store, settings)
            if once:
                attempts = asyncio.run(dispatcher.run_until_idle())
                console().print(f"{attempts} attempt{'s' if attempts != 1 else ''} made.")
                return
            stop = threading.Event()
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            dispatcher.start()
            console(stderr=True).print(f"Webhook dispatcher {dispatcher.name} running; Ctrl-C or SIGTERM to stop.")
            stop.wait()
            dispatcher.stop()
        finally:
            store.close()


COMMANDS = [webhooks]
