"""What can stop an import into a remote API, and how secrets are kept out of every message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from getbill_import.errors import GetbillError, TransientError

#: shown instead of a secret
REDACTED = "[redacted]"


class RemoteError(GetbillError):
    """The remote API refused the import as a whole (a refused credential, a missing scope, a
    request the server will never accept)."""

    code = "remote-refused"


class RemoteAuthError(RemoteError):
    """The credentials were refused, or lack a scope the import needs."""

    code = "remote-auth-failed"


class RemoteUnavailable(TransientError):
    """The remote API could not be reached, or kept failing, after every retry."""

    code = "remote-unavailable"


class RemoteRejected(GetbillError):
    """A request answered with a 4xx the server will answer again (not worth retrying).
    ``problem`` is the answer's JSON document when it has one."""

    code = "remote-rejected"

    def __init__(self, message: str, *, status: int, problem: dict[str, Any] | None = None) -> None:
        super().__init__(message, status=status)
        self.status = status
        self.problem = problem or {}


class Redactor:
    """Replaces every known secret in a text by ``[redacted]``."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4 and secret not in self._secrets:
            self._secrets.append(secret)
            self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text
