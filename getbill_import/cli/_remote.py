"""``import FILE --to URL``: the options that name a remote API and its credentials, and the
rendering of what the remote import did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from getbill_import.cli._render import (
    render_ledger_payments,
    render_notices,
    render_problems,
    render_settled,
    render_source,
)

if TYPE_CHECKING:
    from getbill_import.config import Settings
    from getbill_import.load.remote import RemoteTarget
    from getbill_import.load.remote.importer import RemoteImportResult

#: the options that only mean something with --to
CREDENTIAL_OPTIONS = ("api_key", "client_id", "client_secret", "scope", "chunk_size", "remote_config")


def remote_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.option(
            "--to", "to", metavar="URL|TARGET",
            help="Send the valid rows to a remote collection API instead of the local store: its base URL "
            "(https://host/external-api/v1) or the name of a target in the config file.",
        ),
        click.option("--api-key", help="API key for --to (safer: GETBILL_REMOTE_API_KEY, which stays out of the process list)."),
        click.option("--client-id", help="OAuth2 client id for --to (or GETBILL_REMOTE_CLIENT_ID)."),
        click.option("--client-secret", help="OAuth2 client secret for --to (safer: GETBILL_REMOTE_CLIENT_SECRET)."),
        click.option("--scope", help="OAuth2 scopes to ask for (default: the client's own)."),
        click.option("--chunk-size", type=click.IntRange(1, 100_000),
                     help="Debts per batch request with --to (default 1,000, or GETBILL_REMOTE_CHUNK_SIZE)."),
        click.option("--remote-config", type=click.Path(path_type=Path, dir_okay=False),
                     help="The file of named targets (default: GETBILL_REMOTE_CONFIG, else remote.toml in the data folder)."),
    ]):
        func = option(func)
    return func


def check_remote_options(to: str | None, given: dict[str, Any]) -> None:
    used = [name for name in CREDENTIAL_OPTIONS if given.get(name) is not None]
    if to is None and used:
        names = ", ".join("--" + name.replace("_", "-") for name in used)
        raise click.UsageError(f"{names} only apply with --to (a remote API).")


def target_for(to: str, settings: Settings, given: dict[str, Any]) -> RemoteTarget:
    from getbill_import.load.remote import CredentialOptions, resolve_target

    options = CredentialOptions(
        api_key=given.get("api_key"), client_id=given.get("client_id"), client_secret=given.get("client_secret"),
        scope=given.get("scope"), chunk_size=given.get("chunk_size"), config_path=given.get("remote_config"),
    )
    return resolve_target(to, settings.remote, options)


def render_remote(out: Console, result: RemoteImportResult) -> None:
    target = result.target
    where = f"{target.url}" + (f" (target '{target.name}')" if target.name else "")
    if result.status == "already_imported":
        record = result.record
        assert record is not None
        when = record.first_completed_at or record.finished_at
        out.print(
            f"[bold]{result.path}[/] was already sent to {where} as {target.account} on {when:%Y-%m-%d %H:%M} UTC "
            f"({record.created:,} created, {record.updated:,} updated, {record.existing:,} already there, "
            f"{record.errors:,} rejected by the server). Nothing to do; use --force to send it again "
            "(cases are never duplicated)."
        )
        return
    prepared = result.prepared
    assert prepared is not None and result.load is not None
    render_source(out, prepared.read.source)
    render_notices(out, prepared.read.source.notices + prepared.mapping.notices + prepared.validation.notices)
    load = result.load
    if result.start == "resumed":
        out.print(f"[cyan]Note:[/] an interrupted import of this file was resumed: {load.resumed:,} of "
                  f"{load.chunks:,} chunks had already been accepted and were not sent again.")
    table = Table(title=f"Import into {target.url}")
    table.add_column("Rows")
    table.add_column("Count", justify="right")
    rows: list[tuple[str, int]] = [
        ("Created", load.created), ("Updated", load.updated),
        ("Already there (skipped or up to date)", load.existing),
        ("Rejected by the server", load.errors),
    ]
    if load.duplicates:
        rows.append(("Skipped: reference repeated in the file", load.duplicates))
    local_invalid = prepared.validation.invalid - len(load.rejected_lines)
    rows += [("Rejected (invalid rows)", local_invalid), ("Accepted with warnings", prepared.validation.warnings)]
    for label, count in rows:
        table.add_row(label, f"{count:,}")
    out.print(table)
    stats = load.stats
    out.print(
        f"{load.chunks:,} chunks ({load.sent:,} sent now), {stats.requests:,} requests, {stats.retries:,} retried, "
        f"{stats.rate_limited:,} rate-limited" + (f", {stats.paced_s:.0f} s waited for the rate limit" if stats.paced_s >= 1 else "")
        + "."
    )
    if prepared.validation.invalid or prepared.problems.height:
        render_problems(out, prepared.problems)
    if "report" in prepared.reports:
        out.print(f"Error report written to [bold]{prepared.reports['report']}[/]")
    if result.corrections:
        out.print(f"{result.corrections:,} values were corrected from suggestions before sending.")
    if result.payments is not None:
        if result.payments.unsupported:
            out.print(f"[yellow]Warning:[/] {result.payments.unsupported}")
        else:
            render_ledger_payments(out, result.payments.result)
    if result.settled is not None:
        render_settled(out, result.settled)
    out.print(f"Import completed into {where} as {target.account}.")
