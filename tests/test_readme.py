"""The README is the user's first contact: its commands and codes must match the tool."""

from pathlib import Path

from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.validate import CODES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block[0].startswith("pip install . && getbill-import import samples/")
    assert block[1] == "pip install -e '.[test]' && pytest"
    sample = block[0].split("getbill-import import ", 1)[1].strip()
    assert (Path(__file__).resolve().parent.parent / sample).is_file()


def test_every_problem_code_is_documented():
    for code in [*CODES, "ragged-row", "undecodable-text"]:
        assert f"| `{code}` |" in README, code


def test_every_command_in_the_readme_exists():
    result = CliRunner().invoke(cli, ["--help"])
    for command in ("map", "validate", "import", "cases", "sftp"):
        assert f"getbill-import {command}" in README
        assert f"  {command} " in result.output, command
