"""``--format json`` always prints one JSON document, whatever the exit code: when the file cannot
be processed, the document holds an ``error`` object (the error's stable ``code``, its ``message``
and its plain facts, as the API gives them) beside whatever was known by then (the source as
read, the columns as mapped: the error's ``document`` fact)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from getbill_import.cli._common import EXIT_CANNOT_PROCESS, echo_json, user_errors
from getbill_import.errors import ConfigError, GetbillError

IO_ERROR = "io-error"


class JsonErrorsCommand(click.Command):
    """A command whose option errors (an unknown option, a bad choice) are a JSON document too
    when ``--format json`` was asked for."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        wants_json = _wants_json(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if not wants_json:
                raise
            echo_json({"error": error_object(ConfigError.code, exc.format_message())})
            ctx.exit(EXIT_CANNOT_PROCESS)
            raise  # unreachable: ctx.exit raises


def _wants_json(args: list[str]) -> bool:
    pairs = zip(args, [*args[1:], ""], strict=True)
    return any(a == "--format=json" or (a == "--format" and b == "json") for a, b in pairs)


def error_object(code: str, message: str, **facts: Any) -> dict[str, Any]:
    plain = {k: v for k, v in facts.items() if isinstance(v, str | int | float | bool | list | type(None))}
    return {"code": code, "message": message, **plain}


@contextmanager
def command_errors(fmt: str) -> Iterator[None]:
    """``user_errors`` for the table format; for JSON, the error as a JSON document on stdout
    (and the same exit code)."""
    if fmt != "json":
        with user_errors():
            yield
        return
    try:
        yield
    except GetbillError as exc:
        document = exc.facts.get("document")
        known = dict(document) if isinstance(document, dict) else {}
        echo_json({**known, "error": error_object(exc.code, str(exc), **exc.facts)})
        sys.exit(exc.exit_code)
    except OSError as exc:
        where = getattr(exc, "filename", "") or "I/O"
        echo_json({"error": error_object(IO_ERROR, f"{exc.strerror or exc} ({where}).")})
        sys.exit(EXIT_CANNOT_PROCESS)
