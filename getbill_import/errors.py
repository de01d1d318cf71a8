"""Exceptions mean "cannot continue". Row problems are data (see ``problems``), never exceptions."""

from __future__ import annotations


class GetbillError(Exception):
    """Root of every error that stops a stage. ``str(err)`` is the message shown to the user:
    what happened and what to do about it."""

    exit_code = 2
    transient = False


class InputFileError(GetbillError):
    """The input file cannot be read: missing, empty, binary, corrupt, encrypted, too large."""


class MappingError(GetbillError):
    """The columns cannot be mapped: unknown profile, required field absent, bad profile file."""


class ConfigError(GetbillError):
    """A setting or option is invalid."""


class StoreError(GetbillError):
    """The case store cannot be reached or written."""


class TransientError(GetbillError):
    """A failure worth retrying: network, timeouts, HTTP 429/5xx, a locked database."""

    transient = True
