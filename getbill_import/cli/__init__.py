"""The command line: parses options, calls the library, renders results. No logic lives here."""

from __future__ import annotations

import importlib

import click

from getbill_import import __version__

#: each command's module, imported only when the command runs (or when ``--help`` lists them all), so that
#: ``validate`` does not load the API server, the store and the SFTP client first
_COMMANDS = {
    "map": "map_cmd", "validate": "validate_cmd", "import": "import_cmd", "cases": "cases_cmd",
    "serve": "serve_cmd", "worker": "serve_cmd", "access-log": "serve_cmd", "sandbox": "serve_cmd",
    "clients": "credentials_cmd", "keys": "credentials_cmd", "webhooks": "webhooks_cmd", "sftp": "sftp_cmd",
    "collection": "collection_cmd", "followups": "collection_cmd", "payments": "collection_cmd",
    "report": "collection_cmd",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _COMMANDS.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            for command in importlib.import_module(f"getbill_import.cli.{module}").COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="getbill-import")
def cli() -> None:
    """Get overdue invoices out of any ERP export (CSV/XLSX) and into collection cases."""


def main() -> None:
    cli(prog_name="getbill-import")
