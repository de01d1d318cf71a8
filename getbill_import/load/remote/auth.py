"""Credentials for a remote API: a static API key, or OAuth2 client credentials whose access
token is kept for its lifetime, renewed before it expires, with the refresh token when the
server offers one (refresh tokens rotate: each is used once, and the new one kept).

A credential object never shows its secrets: not in ``repr``, not in messages (every message
about a request goes through the client's redactor, which knows them)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from getbill_import.load.remote.errors import Redactor, RemoteAuthError, RemoteRejected

if TYPE_CHECKING:
    from getbill_import.load.remote.client import ApiClient

TOKEN_PATH = "oauth/token"
#: an access token is renewed when less than this share of its lifetime is left…
RENEW_SHARE = 0.1
#: …but never later than this many seconds before it expires, nor earlier than this
RENEW_MIN_S = 10.0
RENEW_MAX_S = 300.0


class Credentials(Protocol):
    #: who the server will know the caller as, without any secret (an OAuth2 client id, an API
    #: key's fingerprint): it names the import in the ledger and its idempotency keys
    identity: str
    #: True when a refused token can be replaced by a new one
    renewable: bool

    def secrets(self) -> tuple[str, ...]: ...

    def authorization(self, api: ApiClient) -> str:
        """The ``Authorization`` header value for the next request."""
        ...

    def invalidate(self, header: str) -> None:
        """The server refused ``header``: get a new token for the next request."""
        ...


class ApiKey:
    """A static API key, sent as a Bearer token."""

    renewable = False

    def __init__(self, key: str) -> None:
        key = key.strip()
        if not key:
            raise ValueError("an API key cannot be empty")
        self._key = key
        self.identity = "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]

    def secrets(self) -> tuple[str, ...]:
        return (self._key,)

    def authorization(self, api: ApiClient) -> str:
        return f"Bearer {self._key}"

    def invalidate(self, header: str) -> None:
        return None

    def __repr__(self) -> str:
        return f"ApiKey(identity={self.identity!r})"


class ClientCredentials:
    """OAuth2 client credentials (RFC 6749 §4.4) with refresh tokens (§6).

    The token endpoint is ``token_path`` under the API's base URL. One lock guards the tokens:
    threads sending at once wait for a single renewal, so a rotating refresh token is never
    presented twice (which a careful server takes for theft, revoking the whole grant)."""

    renewable = True

    def __init__(
        self, client_id: str, client_secret: str, *, scope: str | None = None, token_path: str = TOKEN_PATH,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not client_id.strip() or not client_secret:
            raise ValueError("a client id and a client secret are both needed")
        self.client_id = client_id.strip()
        self._secret = client_secret
        self.scope = scope
        self.token_path = token_path
        self.identity = "client:" + self.client_id
        self._clock = clock
        self._lock = threading.Lock()
        self._access: str | None = None
        self._refresh: str | None = None
        self._renew_at = 0.0
        self._expires_at = 0.0
        #: tokens obtained (by grant type), for the result and tests
        self.grants: dict[str, int] = {"client_credentials": 0, "refresh_token": 0}

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._secret, self._access, self._refresh) if s)

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, scope={self.scope!r})"

    def authorization(self, api: ApiClient) -> str:
        with self._lock:
            if self._access is None or self._clock() >= self._renew_at:
                self._renew(api)
            assert self._access is not None
            return f"Bearer {self._access}"

    def invalidate(self, header: str) -> None:
        with self._lock:
            if self._access is not None and header == f"Bearer {self._access}":
                self._access = None

    def _renew(self, api: ApiClient) -> None:
        if self._refresh is not None:
            try:
                self._take(api, self._grant(api, {"grant_type": "refresh_token", "refresh_token": self._refresh}),
                           "refresh_token")
                return
            except RemoteAuthError:
                # used, expired or revoked: a new grant replaces it
                self._refresh = None
        self._take(api, self._grant(api, {"grant_type": "client_credentials"}), "client_credentials")

    def _grant(self, api: ApiClient, form: dict[str, str]) -> dict[str, Any]:
        data = {**form, "client_id": self.client_id, "client_secret": self._secret}
        if self.scope:
            data["scope"] = self.scope
        try:
            response = api.send("POST", self.token_path, data=data, auth=False, what="the token request")
        except RemoteRejected as exc:
            error = str(exc.problem.get("error") or "")
            description = str(exc.problem.get("error_description") or exc.problem.get("detail") or "")
            said = f" ({error}: {description})" if error or description else ""
            if form["grant_type"] == "refresh_token":
                raise RemoteAuthError(api.redact(f"The refresh token was refused{said}.")) from None
            raise RemoteAuthError(api.redact(
                f"{api.base_url} refused the client credentials of client {self.client_id} "
                f"(HTTP {exc.status}){said}. Check the client id and its secret "
                "(--client-id, --client-secret or GETBILL_REMOTE_CLIENT_SECRET, or the target in the config file)."
            )) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not body.get("access_token"):
            raise RemoteAuthError(
                f"{api.base_url}/{self.token_path} answered without an access token: is this the API's base URL?"
            )
        return body

    def _take(self, api: ApiClient, body: dict[str, Any], grant: str) -> None:
        self._access = str(body["access_token"])
        api.redact.add(self._access)
        refresh = body.get("refresh_token")
        self._refresh = str(refresh) if refresh else None
        api.redact.add(self._refresh)
        try:
            lifetime = float(body.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600.0
        now = self._clock()
        self._expires_at = now + lifetime
        self._renew_at = self._expires_at - min(RENEW_MAX_S, max(RENEW_MIN_S, lifetime * RENEW_SHARE))
        self.grants[grant] += 1


def redactor_for(credentials: Credentials) -> Redactor:
    return Redactor(credentials.secrets())
