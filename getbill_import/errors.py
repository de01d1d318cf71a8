"""Exceptions mean "cannot continue". Row problems are data (see ``problems``), never exceptions.

An error carries its facts (``code``, ``facts``) and a message whose advice may name a setting
the user can change: ``{profile}`` in the message stands for that setting, worded by the edge
that shows the error (``--profile`` on the command line, the ``profile`` field in the API), so
the library never has to know which edge it runs under.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def cli_option(name: str) -> str:
    """How the command line names a setting: ``--date-order``."""
    return "--" + name.replace("_", "-")


def api_field(name: str) -> str:
    """How the API names a setting: the ``date_order`` field."""
    return f'the "{name}" field'


class GetbillError(Exception):
    """Root of every error that stops a stage. ``str(err)`` is the message shown to the user:
    what happened and what to do about it (worded for the command line); ``render(api_field)``
    words it for the API."""

    exit_code = 2
    transient = False
    #: a stable kebab-case code, shown by the API and JSON outputs
    code = "error"

    def __init__(
        self, message: str = "", *, code: str | None = None, options: Iterable[str] = (), **facts: Any
    ) -> None:
        super().__init__(message)
        self.template = message
        self.options = tuple(options)
        self.facts = facts
        if code is not None:
            self.code = code

    def render(self, name_option: Callable[[str], str] = cli_option) -> str:
        text = self.template
        for name in self.options:
            text = text.replace("{" + name + "}", name_option(name))
        return text

    def __str__(self) -> str:
        return self.render(cli_option)


class InputFileError(GetbillError):
    """The input file cannot be read: missing, empty, binary, corrupt, encrypted, too large."""

    code = "unreadable-file"


class MappingError(GetbillError):
    """The columns cannot be mapped: unknown profile, required field absent, bad profile file."""

    code = "unmappable-file"


class ConfigError(GetbillError):
    """A setting or option is invalid."""

    code = "invalid-setting"


class StoreError(GetbillError):
    """The case store cannot be reached or written."""

    code = "store-unavailable"


class TransientError(GetbillError):
    """A failure worth retrying: network, timeouts, HTTP 429/5xx, a locked database."""

    transient = True
    code = "temporarily-unavailable"
