"""The command line: parses options, calls the library, renders results. No logic lives here."""

from __future__ import annotations

import click

from getbill_import import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="getbill-import")
def cli() -> None:
    """Get overdue invoices out of any ERP export (CSV/XLSX) and into collection cases."""


def _register() -> None:
    import importlib

    for module in (
        "map_cmd", "validate_cmd", "import_cmd", "cases_cmd", "serve_cmd", "credentials_cmd", "webhooks_cmd",
        "sftp_cmd", "collection_cmd",
    ):
        try:
            mod = importlib.import_module(f"getbill_import.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"getbill_import.cli.{module}":
                raise
            continue
        for command in mod.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="getbill-import")
