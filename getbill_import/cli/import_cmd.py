"""``getbill-import import``: load a file's valid rows as cases, exactly once per file content."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from getbill_import.cli._common import (
    EXIT_INVALID_ROWS,
    EXIT_OK,
    console,
    echo_json,
    load_settings,
    plural,
    safe,
)
from getbill_import.cli._json import JsonErrorsCommand, command_errors
from getbill_import.cli._remote import (
    check_remote_options,
    remote_options,
    render_remote,
    target_for,
)
from getbill_import.cli._render import (
    render_ledger_payments,
    render_notices,
    render_problems,
    render_settled,
    render_source,
)
from getbill_import.cli.validate_cmd import file_options, prepare_options
from getbill_import.pipeline import JOINED_MARK, ImportOptions, ImportResult, run_import


@click.command("import", cls=JsonErrorsCommand)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@file_options
@click.option("--account", help="Account the cases belong to (default: GETBILL_ACCOUNT, else 'default').")
@click.option("--dry-run", is_flag=True, help="Read, map, validate and report, but store nothing.")
@click.option(
    "--apply-suggestions",
    is_flag=True,
    help="Also import the rows whose every error has a suggested correction, with the suggestions "
    "applied; the changed values are recorded.",
)
@click.option(
    "--on-existing",
    type=click.Choice(["skip", "update"]),
    default="skip",
    show_default=True,
    help="What to do with a row whose reference is already a case: leave the case as it is, or "
    "update it with the file's values (a resolved case is never changed).",
)
@click.option(
    "--complete",
    is_flag=True,
    help="The file lists every open invoice: an open case of an earlier file import that it leaves out was "
    "paid, and gets a payment of its balance.",
)
@click.option(
    "--complete-max-share",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="With --complete, refuse a list that leaves out more than this share of the open cases.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Run a file whose exact content was already imported again (cases are still never duplicated).",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the per-row error report here (.csv, .json or .xlsx).",
)
@click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL, else a SQLite file in the data folder).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@remote_options
def import_(
    file, sheet, profile, encoding, delimiter, date_order, header_line, debtors, assign, account, dry_run, apply_suggestions,
    on_existing, complete, complete_max_share, force, report, database_url, fmt, to, **remote,
):
    """Import the valid rows of FILE as collection cases.

    Each reference becomes one case per account: a reference already there is skipped (or
    updated with --on-existing update). The same file content is imported once; running the
    command again does nothing, and an interrupted import is finished where it stopped.

    With --to, the cases go to a remote collection API (POST /debts/batch) instead, in chunks,
    each accepted chunk recorded in the local store so that a run interrupted anywhere resumes
    without sending anything twice. Credentials: --api-key, or --client-id and --client-secret
    (OAuth2), else GETBILL_REMOTE_API_KEY, GETBILL_REMOTE_CLIENT_ID and
    GETBILL_REMOTE_CLIENT_SECRET, else those of the named target in the config file.

    Exit code: 0 when every row was valid, 1 when some rows were rejected, 2 when the file, the
    store or the remote API cannot be used.
    """
    check_remote_options(to, remote)
    if complete and to is not None:
        raise click.UsageError(
            "--complete applies to the local store, whose cases this tool knows; at a remote API, record the "
            "payments of the invoices a list leaves out there."
        )
    with command_errors(fmt):
        settings = load_settings(account=account, database_url=database_url)
        base = prepare_options(
            sheet, profile, encoding, delimiter, date_order, apply_suggestions, debtors, assign, header_line,
        )
        options = ImportOptions(
            **{k: getattr(base, k) for k in base.__dataclass_fields__},
            dry_run=dry_run, on_existing=on_existing, force=force, report=report, report_again=True,
            complete=complete, complete_max_share=complete_max_share,
        )
        target = target_for(to, settings, remote) if to is not None else None
        with _progress(console(stderr=True)) as progress:
            if target is not None and not dry_run:
                from getbill_import.load.remote import run_remote_import

                result: Any = run_remote_import(file, settings, target, options, progress=progress)
            else:
                result = run_import(file, settings, options, progress=progress, pause_collector=True)
    if fmt == "json":
        echo_json(result.to_json())
    elif target is not None and not dry_run:
        render_remote(console(), result)
    else:
        _render(console(), result)
    # a file imported before keeps the exit status of its import: 1 if it had rows rejected
    raise SystemExit(EXIT_OK if result.rejected == 0 else EXIT_INVALID_ROWS)


#: what each stage is called while it runs
_STAGES = {
    "read": "Reading the file",
    "map": "Mapping the columns",
    "validate": "Validating the rows",
    "report": "Writing the report",
    "load": "Loading the cases",
    "send": "Sending the cases",
    "payments": "Sending the payments of earlier invoices",
}


def _quiet(stage: str, fraction: float | None = None) -> None:
    return None


@contextmanager
def _progress(err: Console) -> Iterator[Callable[[str, float | None], None]]:
    """On a terminal, a bar that fills while the cases load (a spinner for the other stages);
    elsewhere nothing, so logs and pipes stay clean."""
    if not err.is_terminal:
        yield _quiet
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Starting", total=None)

        def update(stage: str, fraction: float | None = None) -> None:
            bar.update(task, description=_STAGES.get(stage, stage),
                       total=100 if fraction is not None else None,
                       completed=100 * fraction if fraction is not None else 0)

        yield update


def _render(out: Console, result: ImportResult) -> None:
    if result.status == "already_imported":
        record = result.record
        assert record is not None
        when = record.first_completed_at or record.finished_at
        sheet = f" (sheet '{safe(record.sheet)}')" if record.sheet else ""
        if JOINED_MARK in record.sheet_key:
            sheet += " with the same debtors file"
        out.print(
            f"[bold]{safe(result.path)}[/]{sheet} was already imported for account '{safe(result.account)}' on "
            f"{when:%Y-%m-%d %H:%M} UTC into {safe(result.store)} (import {record.id}: "
            f"{record.created:,} created, {record.updated:,} updated, "
            f"{record.skipped_existing:,} skipped as existing). "
            "Nothing to do; use --force to run it again (cases are never duplicated)."
        )
        if record.invalid_rows:
            out.print(
                f"[yellow]That import rejected {plural(record.invalid_rows, 'invalid row')}[/] of "
                f"{record.rows:,}; they are not cases. "
                + ("Add --report PATH to get the report again."
                   if "report" not in (result.prepared.reports if result.prepared else {}) else "")
            )
        if result.prepared is not None and "report" in result.prepared.reports:
            out.print(f"Error report written to [bold]{safe(result.prepared.reports['report'])}[/]")
        return
    prepared = result.prepared
    assert prepared is not None
    render_source(out, prepared.read.source)
    render_notices(out, prepared.notices)
    if result.start == "resumed":
        out.print("[cyan]Note:[/] an interrupted import of this file was resumed and finished.")
    out.print(_summary(result))
    if prepared.validation.invalid or prepared.problems.height:
        render_problems(out, prepared.problems)
    if "report" in prepared.reports:
        out.print(f"Error report written to [bold]{safe(prepared.reports['report'])}[/]")
    if result.corrections:
        out.print(f"{plural(result.corrections, 'value was', 'values were')} corrected from suggestions and recorded.")
    if result.payments is not None:
        render_ledger_payments(out, result.payments)
    if result.settled is not None:
        render_settled(out, result.settled)
    if result.status == "dry_run":
        out.print(f"Dry run: nothing was stored; {plural(prepared.validation.valid, 'row')} can be imported.")
    elif result.record is not None:
        out.print(
            f"Import {result.record.id} completed for account '{safe(result.account)}' into {safe(result.store)}."
        )


def _summary(result: ImportResult) -> Table:
    validation = result.validation
    assert validation is not None
    rows: list[tuple[str, Any]] = []
    if result.load is not None:
        rows += [
            ("Created", result.load.created),
            ("Updated", result.load.updated),
            ("Unchanged (already up to date)", result.load.unchanged),
            ("Skipped: reference already a case", result.load.skipped_existing),
            ("Skipped: case resolved", result.load.skipped_resolved),
        ]
        if result.load.duplicates:
            rows.append(("Skipped: reference repeated in the file", result.load.duplicates))
    else:
        rows.append(("Valid", validation.valid))
    rows += [("Rejected (invalid rows)", validation.invalid), ("Accepted with warnings", validation.warnings)]
    table = Table(title="Import" if result.load is not None else "Dry run")
    table.add_column("Rows")
    table.add_column("Count", justify="right")
    for label, count in rows:
        table.add_row(label, f"{count:,}")
    return table


COMMANDS = [import_]
