"""``getbill-import validate``: check every row of a file and write the error report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from getbill_import.cli._common import (
    EXIT_INVALID_ROWS,
    EXIT_OK,
    console,
    echo_json,
    load_settings,
    sheet_option,
)
from getbill_import.cli._json import JsonErrorsCommand, command_errors
from getbill_import.cli._render import (
    render_counts,
    render_mapping,
    render_notices,
    render_problems,
    render_source,
    stage_progress,
)
from getbill_import.pipeline import PrepareOptions, prepare_file, summary_json, write_reports

DEBTORS_OPTION = click.option(
    "--debtors",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A customer master file (CSV/XLSX) with the debtors' names, e-mails, phones or addresses, for "
    "invoices that give only a customer number: joined on the column the two files share.",
)


SET_OPTION = click.option(
    "--set", "assign", multiple=True, metavar="'COLUMN=FIELD'",
    help="Map a column by hand (repeat): --set 'Order ID=reference', --set 'Price=ignore'. The fields are "
    "those 'map' shows (reference, amount, debtor.name, due_date…); 'ignore' leaves the column out. A reference "
    "may join columns that tell the rows apart: --set 'Payer Name+Charge Date=reference'.",
)


HEADER_LINE_OPTION = click.option(
    "--header-line", type=click.IntRange(min=0), metavar="N",
    help="The line of the columns' names (1 the first), or 0 when the file has no header row (its columns are "
    "then 'Column 1', 'Column 2'…: map them with --set); default: found.",
)


def assignments(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``--set`` values as (column, field) pairs."""
    pairs = []
    for value in values:
        column, equals, target = value.rpartition("=")
        if not equals or not column.strip() or not target.strip():
            raise click.BadParameter(f"{value!r} is not COLUMN=FIELD (e.g. 'Order ID=reference').", param_hint="--set")
        pairs.append((column.strip(), target.strip()))
    fields: dict[str, str] = {}
    for column, target in pairs:
        if target != "ignore" and fields.setdefault(target, column) != column:
            raise click.BadParameter(
                f"'{fields[target]}' and '{column}' are both set to {target}: a field takes one column. Set one of "
                "them, or give a file whose column holds the whole value"
                + (f" (or join them: --set '{fields[target]}+{column}=reference')." if target == "reference" else "."),
                param_hint="--set",
            )
    return tuple(pairs)


def file_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads a user's file."""
    for option in reversed(
        [
            click.option("--sheet", help="Sheet name or 0-based index (XLSX/ODS); default: the sheet whose columns map best."),
            click.option("--profile", help="Use this saved mapping profile instead of detecting the columns."),
            click.option("--encoding", help="Force the text encoding of a CSV (e.g. cp1252); default: detected."),
            click.option("--delimiter", help="Force the CSV delimiter (, ; | ~ # or 'tab', or any one character); default: sniffed."),
            click.option(
                "--date-order",
                type=click.Choice(["day", "month"]),
                help="How to read dates like 03/04/2026 when a column does not tell: day first or month first.",
            ),
            HEADER_LINE_OPTION,
            DEBTORS_OPTION,
            SET_OPTION,
        ]
    ):
        func = option(func)
    return func


def prepare_options(
    sheet: str | None,
    profile: str | None,
    encoding: str | None,
    delimiter: str | None,
    date_order: str | None,
    apply_suggestions: bool = False,
    debtors: Path | None = None,
    assign: tuple[str, ...] = (),
    header_line: int | None = None,
) -> PrepareOptions:
    if delimiter == "tab":
        delimiter = "\t"
    return PrepareOptions(
        sheet=sheet_option(sheet),
        profile=profile,
        encoding=encoding,
        delimiter=delimiter,
        date_order=date_order,
        apply_suggestions=apply_suggestions,
        debtors=debtors,
        assign=assignments(assign),
        header_line=header_line,
    )


@click.command(cls=JsonErrorsCommand)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@file_options
@click.option(
    "--report",
    "report",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the per-row error report here (.csv, .json or .xlsx annotated copy of your rows).",
)
@click.option(
    "--fix",
    "fix",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a corrected copy of the file (.csv or .xlsx) with every suggestion applied.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def validate(
    file: Path,
    sheet: str | None,
    profile: str | None,
    encoding: str | None,
    delimiter: str | None,
    date_order: str | None,
    header_line: int | None,
    debtors: Path | None,
    assign: tuple[str, ...],
    report: Path | None,
    fix: Path | None,
    fmt: str,
) -> None:
    """Check every row of FILE and report each problem with its line and a suggested correction.

    Exit code: 0 when every row is valid, 1 when some rows are invalid, 2 when the file cannot be
    processed at all.
    """
    out = console()
    with command_errors(fmt):
        settings = load_settings()
        options = prepare_options(
            sheet, profile, encoding, delimiter, date_order, debtors=debtors, assign=assign, header_line=header_line,
        )
        with stage_progress(console(stderr=True)) as progress:
            prepared = prepare_file(file, settings, options, progress=progress)
            if report or fix:
                progress("report", None)
            fixed = write_reports(prepared, report=report, fix=fix)
    if fmt == "json":
        echo_json(summary_json(prepared))
    else:
        render_source(out, prepared.read.source)
        render_mapping(out, prepared.mapping)
        render_notices(out, prepared.notices)
        render_counts(out, prepared.counts())
        render_problems(out, prepared.problems)
        if report:
            out.print(f"Error report written to [bold]{prepared.reports['report']}[/]")
        if fixed is not None:
            out.print(
                f"Corrected copy written to [bold]{fixed.path}[/]: {fixed.changed_cells:,} cells changed "
                f"on {fixed.changed_rows:,} rows — review it, then import it."
            )
    raise SystemExit(EXIT_OK if prepared.validation.invalid == 0 else EXIT_INVALID_ROWS)


COMMANDS = [validate]
