"""``getbill-import map``: show how a file is read and how its columns map onto case fields;
optionally remember the mapping for the next file with the same headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from getbill_import.cli._common import (
    EXIT_CANNOT_PROCESS,
    EXIT_OK,
    console,
    echo_json,
    load_settings,
    sheet_option,
)
from getbill_import.cli._json import JsonErrorsCommand, command_errors, error_object
from getbill_import.cli._render import render_mapping, render_notices, render_source
from getbill_import.cli.validate_cmd import (
    DEBTORS_OPTION,
    HEADER_LINE_OPTION,
    SET_OPTION,
    assignments,
)
from getbill_import.config import bundled_mappings_dir
from getbill_import.fields import BY_NAME
from getbill_import.mapping import MappingResult, save_profile
from getbill_import.pipeline import (
    NO_DEBTS_LISTED,
    NO_HEADER_ROW,
    REQUIRED_COLUMN_MISSING,
    PrepareOptions,
    headerless_refusal,
    mapping_json,
    missing_advice,
    no_header_row,
    read_and_map,
    titled_refusal,
)
from getbill_import.read import ReadResult


@click.command("map", cls=JsonErrorsCommand)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sheet", help="Sheet name or 0-based index (XLSX/ODS); default: the sheet whose columns map best.")
@click.option("--profile", help="Use this saved mapping profile (bundled, yours, or one saved with --save).")
@click.option("--save", "save_as", metavar="NAME", help="Remember this mapping as NAME: the next file with the same headers reuses it.")
@click.option("--encoding", help="Force the text encoding of a CSV (e.g. cp1252); default: detected.")
@click.option("--delimiter", help="Force the CSV delimiter (, ; | ~ # or 'tab', or any one character); default: sniffed.")
@click.option(
    "--date-order",
    type=click.Choice(["day", "month"]),
    help="How to read dates like 03/04/2026 when a column does not tell: day first or month first.",
)
@HEADER_LINE_OPTION
@DEBTORS_OPTION
@SET_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def map_command(
    file: Path,
    sheet: str | None,
    profile: str | None,
    save_as: str | None,
    encoding: str | None,
    delimiter: str | None,
    date_order: str | None,
    header_line: int | None,
    debtors: Path | None,
    assign: tuple[str, ...],
    fmt: str,
) -> None:
    """Show what was detected in FILE (format, encoding, delimiter, sheet, header line, excluded
    rows) and which case field each column maps to, with a confidence and the reason.

    Columns "to confirm" are used but deserve a look; "unmapped" ones are kept as case metadata.
    With --set 'COLUMN=FIELD' you map a column yourself. With --save NAME the mapping (to-confirm
    columns and yours included) is stored in your data folder and reused, at full confidence, for
    every later file whose headers are the same.

    Exit code: 0 when the file can be imported as mapped, 2 when it cannot (a required field has
    no column, or the file cannot be read).
    """
    if save_as and debtors:
        raise click.UsageError("--save remembers the mapping of FILE alone: run it without --debtors.")
    with command_errors(fmt):
        settings = load_settings()
        options = PrepareOptions(
            sheet=sheet_option(sheet), profile=profile, encoding=encoding, delimiter=delimiter, date_order=date_order,
            debtors=debtors, assign=assignments(assign), header_line=header_line,
        )
        read, mapping = read_and_map(file, settings, options)
        saved = (
            save_profile(save_as, mapping, read.headers, settings.learned_dir, header_line=options.header_line)
            if save_as else None
        )
    if fmt == "json":
        echo_json(map_json(read, mapping, saved, joined=debtors is not None, options=options,
                           mappings_dir=settings.mappings_dir))
    else:
        _render(read, mapping, saved, joined=debtors is not None, mappings_dir=settings.mappings_dir)
        if not mapping.missing_required() and (headerless := headerless_refusal(read, mapping, options)):
            console().print(f"[bold red]Cannot be imported as read:[/] {headerless}")
        if not mapping.missing_required() and (titled := titled_refusal(read, settings.mappings_dir, options)):
            console().print(f"[bold red]Cannot be imported as read:[/] {titled.replace('{header_line}', '--header-line')}")
    # a file said not to be importable as mapped is no success
    refused = (mapping.missing_required() or headerless_refusal(read, mapping, options)
               or titled_refusal(read, settings.mappings_dir, options))
    raise SystemExit(EXIT_CANNOT_PROCESS if refused else EXIT_OK)


def map_json(
    read: ReadResult, mapping: MappingResult, saved: Path | None = None, *, joined: bool = False,
    options: PrepareOptions | None = None, mappings_dir: Path | None = None,
) -> dict[str, Any]:
    """The stable ``map --format json`` document; a mapping that lacks a required field carries an
    ``error`` object (code ``required-column-missing``)."""
    data = mapping_json(read, mapping)
    data["saved_profile"] = str(saved) if saved else None
    missing = mapping.missing_required()
    if not missing and (headerless := headerless_refusal(read, mapping, options or PrepareOptions())):
        data["error"] = error_object(NO_HEADER_ROW, headerless, columns=list(read.headers))
    if not missing and (titled := titled_refusal(read, mappings_dir or bundled_mappings_dir(), options or PrepareOptions())):
        data["error"] = error_object(NO_DEBTS_LISTED, titled.replace("{header_line}", "--header-line"), columns=list(read.headers))
    if missing:
        wanted = ", ".join(f"{f} ({BY_NAME[f].description.lower()})" for f in missing)
        data["error"] = error_object(
            REQUIRED_COLUMN_MISSING,
            f"No column was recognised as {wanted}: this file cannot be imported as mapped."
            + (" " + headerless if (headerless := no_header_row(read, mapping=mapping)) else "")
            + missing_advice(read, mapping, mappings_dir or bundled_mappings_dir(), joined=joined).replace("{debtors}", "--debtors FILE"),
            missing=missing, columns=list(read.headers),
        )
    return data


def _render(
    read: ReadResult, mapping: MappingResult, saved: Path | None, *, joined: bool = False, mappings_dir: Path | None = None
) -> None:
    out = console()
    render_source(out, read.source)
    render_mapping(out, mapping)
    unmapped = [c.column for c in mapping.columns if c.status == "unmapped"]
    if unmapped:
        out.print("Kept as metadata (unmapped): " + ", ".join(f"'{c}'" for c in unmapped))
    to_confirm = [c for c in mapping.columns if c.status == "to_confirm"]
    if to_confirm:
        out.print(
            "[yellow]To confirm:[/] "
            + ", ".join(f"'{c.column}' → {c.field}" for c in to_confirm)
            + " (used as shown; pass --save NAME to confirm them, or --profile NAME to override)."
        )
    missing = mapping.missing_required()
    if missing:
        wanted = ", ".join(f"{f} ({BY_NAME[f].description.lower()})" for f in missing)
        advice = missing_advice(read, mapping, mappings_dir or bundled_mappings_dir(), joined=joined).replace("{debtors}", "--debtors FILE")
        out.print(f"[bold red]Missing required field(s):[/] {wanted}. This file cannot be imported as mapped.{advice}")
    render_notices(out, read.source.notices + mapping.notices)
    if saved is not None:
        out.print(f"Mapping saved to [bold]{saved}[/]: files with these headers will use it.")


COMMANDS = [map_command]
