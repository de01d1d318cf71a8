"""``getbill-import clients|keys create|list|revoke``: who may call the API. A secret is shown
once, at creation; the store keeps only its hash."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from getbill_import.cli._common import console, echo_json, opened_store, store_options, user_errors
from getbill_import.store.credentials import (
    SCOPES,
    create_client,
    create_key,
    list_credentials,
    revoke_client,
    revoke_key,
)
from getbill_import.store.schema import api_clients, api_keys
from getbill_import.store.types import utc_now

_SCOPES_HELP = f"Space-separated scopes among: {' '.join(SCOPES)} (default: all)."


@click.group()
def clients() -> None:
    """OAuth2 clients (client credentials grant) for production access to the API."""


@clients.command("create")
@click.option("--name", required=True, help="What the client is for (e.g. 'ERP nightly sync').")
@click.option("--scopes", help=_SCOPES_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def clients_create(name, scopes, fmt, account, database_url):
    """Create a client; its secret is shown once."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        made = create_client(store, account=account_id, name=name, scopes=scopes, now=utc_now())
    if fmt == "json":
        echo_json({"client_id": made.id, "client_secret": made.secret, "account": made.account, "scopes": made.scopes})
        return
    out = console()
    out.print(f"Client [bold]{made.id}[/] for account '{made.account}' (scopes: {made.scopes}).")
    out.print(f"client_id:     {made.id}")
    out.print(f"client_secret: {made.secret}")
    out.print("Keep the secret now: it is not stored and cannot be shown again.")


@clients.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def clients_list(fmt, account, database_url):
    """List the account's clients (never their secrets)."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        rows = list_credentials(store, api_clients, account=account_id)
    _render(rows, fmt, "clients", account_id)


@clients.command("revoke")
@click.argument("client_id")
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL).")
def clients_revoke(client_id, database_url):
    """Revoke a client and every token it was issued, at once."""
    with user_errors(), opened_store(None, database_url) as (store, _):
        done = revoke_client(store, client_id=client_id, now=utc_now())
    _revoked(done, "client", client_id)


@click.group()
def keys() -> None:
    """Static API keys, used directly as Bearer tokens: sandbox keys by default."""


@keys.command("create")
@click.option("--name", required=True, help="What the key is for.")
@click.option("--live", is_flag=True, help="A key on the live account rather than its sandbox.")
@click.option("--scopes", help=_SCOPES_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def keys_create(name, live, scopes, fmt, account, database_url):
    """Create an API key; it is shown once."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        made = create_key(store, account=account_id, name=name, scopes=scopes, sandbox=not live, now=utc_now())
    if fmt == "json":
        echo_json({"id": made.id, "key": made.secret, "account": made.account, "scopes": made.scopes,
                   "sandbox": made.sandbox})
        return
    out = console()
    where = f"the sandbox of '{account_id}'" if made.sandbox else f"the live account '{account_id}'"
    out.print(f"API key [bold]{made.id}[/] on {where} (scopes: {made.scopes}):")
    out.print(made.secret)
    out.print("Keep it now: it is not stored and cannot be shown again.")


@keys.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_options
def keys_list(fmt, account, database_url):
    """List the account's keys, live and sandbox (never the keys themselves)."""
    with user_errors(), opened_store(account, database_url) as (store, account_id):
        rows = list_credentials(store, api_keys, account=account_id)
    _render(rows, fmt, "keys", account_id)


@keys.command("revoke")
@click.argument("key_id")
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL).")
def keys_revoke(key_id, database_url):
    """Revoke an API key, at once."""
    with user_errors(), opened_store(None, database_url) as (store, _):
        done = revoke_key(store, key_id=key_id, now=utc_now())
    _revoked(done, "key", key_id)


def _render(rows: list[dict[str, Any]], fmt: str, what: str, account: str) -> None:
    if fmt == "json":
        echo_json(rows)
        return
    out = console()
    if not rows:
        out.print(f"No {what} for account '{account}'.")
        return
    table = Table()
    for column in ("id", "account", "name", "scopes", "created", "revoked"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["account"], row["name"], row["scopes"], f"{row['created_at']:%Y-%m-%d %H:%M}",
                      f"{row['revoked_at']:%Y-%m-%d %H:%M}" if row["revoked_at"] else "")
    out.print(table)


def _revoked(done: bool, what: str, ident: str) -> None:
    if not done:
        console(stderr=True).print(f"[bold red]Error:[/] no active {what} {ident}.")
        sys.exit(1)
    console().print(f"Revoked {what} {ident}.")


COMMANDS = [clients, keys]
