"""Shared CLI plumbing: settings, error rendering, output helpers."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from getbill_import.config import Settings
from getbill_import.errors import GetbillError

EXIT_OK = 0
EXIT_INVALID_ROWS = 1
EXIT_CANNOT_PROCESS = 2


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(value: object) -> str:
    """User data made safe to print: control characters (terminal escape sequences among them)
    shown as ``\\x1b``, and rich markup shown as typed, never interpreted."""
    text = "" if value is None else str(value)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return escape(text)


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 case", "2 cases", "1,234 rows"."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def load_settings(**overrides: Any) -> Settings:
    return Settings.from_env().with_options(**overrides)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a GetbillError (or a full disk, a broken pipe) into a message and exit code 2."""
    try:
        yield
    except GetbillError as exc:
        console(stderr=True).print(f"[bold red]Error:[/] {safe(exc)}")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # the reader of our output went away (| head): nothing more to say, and nothing to flush
        _silence_stdout()
        sys.exit(EXIT_CANNOT_PROCESS)
    except OSError as exc:
        where = getattr(exc, "filename", "") or "I/O"
        console(stderr=True).print(f"[bold red]Error:[/] {safe(exc.strerror or exc)} ({safe(where)}).")
        sys.exit(EXIT_CANNOT_PROCESS)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def command_with_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with user_errors():
            return func(*args, **kwargs)

    return wrapper


def sheet_option(value: str | None) -> str | int | None:
    """``--sheet``: a 0-based index when it is a number, else a sheet name."""
    if value is None:
        return None
    return int(value) if value.isdigit() else value


def store_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--account`` and ``--database-url``."""
    func = click.option(
        "--database-url", help="The case store (default: GETBILL_DATABASE_URL, else a SQLite file in the data folder)."
    )(func)
    return click.option("--account", help="Account to use (default: GETBILL_ACCOUNT, else 'default').")(func)


@contextmanager
def opened_store(account: str | None, database_url: str | None) -> Iterator[tuple[Any, str]]:
    """The store of the settings (with these overrides) and the account, closed afterwards."""
    from getbill_import.store import open_store

    settings = load_settings(account=account, database_url=database_url)
    store = open_store(settings.database_url)
    try:
        yield store, settings.account
    finally:
        store.close()
