"""The command group: every command is listed and runs, and a command loads only what it uses."""

import subprocess
import sys

import click
from click.testing import CliRunner

from getbill_import.cli import cli


def test_help_lists_every_command_and_each_one_resolves():
    listed = CliRunner().invoke(cli, ["--help"])
    assert listed.exit_code == 0
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"map", "validate", "import", "cases", "serve", "worker", "sftp", "webhooks", "collection", "payments"} <= set(names)
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name, name
        assert f"  {name} " in listed.output, name
    assert cli.get_command(ctx, "no-such-command") is None


def test_validate_starts_without_loading_the_store_or_the_api_server():
    code = (
        "import sys\n"
        "from getbill_import.cli import cli\n"
        "try:\n"
        "    cli(['validate', '--help'], prog_name='getbill-import')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'paramiko', 'getbill_import.store') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Check every row of FILE" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"
