"""Authentication: the OAuth2 token and revocation endpoints (RFC 6749 client credentials and
refresh token grants, RFC 7009 revocation), and the bearer check every other route makes
(RFC 6750), with the per-credential rate limit."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import time
from typing import Annotated, Any
from urllib.parse import unquote

import orjson
from fastapi import APIRouter, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from getbill_import.api.context import ApiContext
from getbill_import.api.problems import Problem
from getbill_import.store.credentials import (
    SCOPES,
    GrantError,
    Principal,
    authenticate_client,
    authenticate_until,
    client_credentials_grant,
    refresh_token_grant,
    revoke_token,
)

REALM = 'Bearer realm="getbill-import"'
router = APIRouter(tags=["authentication"])


def context(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.ctx
    return ctx


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise Problem(401, "unauthorized", "Send an access token or an API key: 'Authorization: Bearer <token>'.",
                      headers={"WWW-Authenticate": REALM})
    return token.strip()


class CredentialCache:
    """Credentials this process verified in the last ``ttl_s`` seconds, so that a burst of requests
    does not ask the store for the same token each time. Entries are keyed by the token's SHA-256
    (no secret is kept), never outlive the token's own expiry, and are all dropped when this process
    issues or revokes a token; a revocation made elsewhere (another process, the command line)
    takes effect within ``ttl_s``."""

    MAX_ENTRIES = 10_000

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[bytes, tuple[Principal, float, dt.datetime | None]] = {}

    def principal(self, ctx: ApiContext, token: str) -> Principal | None:
        now = ctx.clock()
        if self.ttl_s <= 0:
            return authenticate_until(ctx.store, token, now=now)[0]
        key = hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
        known = self._fresh(key, now)
        if known is not None:
            return known
        self._entries.pop(key, None)
        principal, expires_at = authenticate_until(ctx.store, token, now=now)
        if principal is not None:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (principal, time.monotonic() + self.ttl_s, expires_at)
        return principal

    def cached(self, ctx: ApiContext, token: str) -> Principal | None:
        """The caller of ``token`` when it was verified moments ago, else None: never asks the store."""
        if self.ttl_s <= 0:
            return None
        return self._fresh(hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest(), ctx.clock())

    def _fresh(self, key: bytes, now: dt.datetime) -> Principal | None:
        found = self._entries.get(key)
        if found is None:
            return None
        known, fresh_until, known_until = found
        return known if time.monotonic() < fresh_until and (known_until is None or now < known_until) else None

    def clear(self) -> None:
        self._entries.clear()


def _cache(ctx: ApiContext) -> CredentialCache:
    if ctx.credentials is None:
        ctx.credentials = CredentialCache(ctx.settings.api.auth_cache_seconds)
    cache: CredentialCache = ctx.credentials
    return cache


def authenticated(request: Request, cached: Principal | None = None) -> Principal:
    """The caller of ``request``; counts the request against the caller's rate limit. Raises a
    401 or 429 problem. ``cached``: the caller already found in the credential cache."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    ctx = context(request)
    principal = cached or _cache(ctx).principal(ctx, _bearer(request))
    if principal is None:
        raise Problem(
            401, "invalid_token", "The access token or API key is unknown, revoked or expired.",
            headers={"WWW-Authenticate": f'{REALM}, error="invalid_token", '
                     'error_description="The token is unknown, revoked or expired"'},
        )
    request.state.principal = principal
    api = ctx.settings.api
    per_minute = api.sandbox_rate_limit if principal.sandbox else api.rate_limit
    allowed, remaining, reset = ctx.limiter.hit(principal.credential, per_minute)
    request.state.rate = (per_minute, remaining, reset)
    if not allowed:
        wait = max(1, reset - int(ctx.clock().timestamp()))
        raise Problem(429, "rate-limited", f"More than {per_minute} requests in a minute. Try again in {wait} s.",
                      headers={"Retry-After": str(wait)})
    return principal


def authorize(request: Request, scope: str, cached: Principal | None = None) -> Principal:
    """The caller, who must hold ``scope`` (a 403 problem otherwise)."""
    principal = authenticated(request, cached)
    if scope not in principal.scopes:
        raise Problem(
            403, "insufficient_scope", f"This token lacks the '{scope}' scope.",
            headers={"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{scope}"'},
        )
    return principal


async def authorize_async(request: Request, scope: str) -> Principal:
    """:func:`authorize` for an async route: on the event loop when it needs neither the store
    nor the network (the credential verified moments ago, the rate limit counted in memory),
    else on a worker thread."""
    ctx = context(request)
    if ctx.limiter.in_memory:
        cached = _cache(ctx).cached(ctx, _bearer(request))
        if cached is not None:
            return authorize(request, scope, cached)
    return await run_in_threadpool(authorize, request, scope)


def authorize_sandbox(request: Request, scope: str, what: str) -> Principal:
    """:func:`authorize`, for a route that acts on the caller's sandbox only: ``what`` it does
    ("moves a clock"…) is refused (403 ``sandbox-only``) to a live credential."""
    principal = authorize(request, scope)
    if not principal.sandbox:
        raise Problem(403, "sandbox-only", f"Only a sandbox key {what}, and only in its own sandbox.")
    return principal


def secured() -> list[Any]:
    """Dependencies of a router whose routes need a bearer token: none at run time. The app
    refuses a request without a token before routing (``app.BearerRequired``, so a 401 comes
    before any parameter is checked) and marks these routes in OpenAPI; each route checks the
    token itself with :func:`authorize`, on its own thread."""
    return []


# --- OAuth2 endpoints ---------------------------------------------------------------------------

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _oauth_error(error: GrantError) -> Response:
    headers = dict(_NO_STORE)
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="getbill-import"'
    return Response(orjson.dumps({"error": error.error, "error_description": error.description}),
                     status_code=error.status, media_type="application/json", headers=headers)


def _client_auth(request: Request, client_id: str | None, client_secret: str | None) -> tuple[str | None, str | None]:
    """Client credentials from HTTP Basic (RFC 6749 §2.3.1) or the form body; not both."""
    header = request.headers.get("authorization", "")
    if header[:6].lower() == "basic ":
        if client_id is not None and client_secret is not None:
            raise GrantError("invalid_request", "Authenticate the client one way only (Basic or the form).")
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise GrantError("invalid_client", "The Basic credentials are not valid base64.", status=401) from None
        user, sep, password = decoded.partition(":")
        if not sep:
            raise GrantError("invalid_client", "The Basic credentials need client_id:client_secret.", status=401)
        return unquote(user), unquote(password)
    return client_id, client_secret


_TOKEN_RESPONSE = {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in"],
    "properties": {
        "access_token": {"type": "string"}, "token_type": {"type": "string", "enum": ["Bearer"]},
        "expires_in": {"type": "integer"}, "scope": {"type": "string"}, "refresh_token": {"type": "string"},
    },
}
_OAUTH_ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
}


@router.post(
    "/oauth/token",
    summary="Get an access token (client credentials) or renew one (refresh token)",
    responses={
        200: {"content": {"application/json": {"schema": _TOKEN_RESPONSE}}, "description": "Tokens"},
        400: {"content": {"application/json": {"schema": _OAUTH_ERROR}}, "description": "OAuth2 error"},
        401: {"content": {"application/json": {"schema": _OAUTH_ERROR}}, "description": "Client authentication failed"},
    },
)
def token(
    request: Request,
    grant_type: Annotated[str, Form(description="client_credentials or refresh_token")],
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    scope: Annotated[str | None, Form(description=f"space-separated: {' '.join(SCOPES)}")] = None,
    refresh_token: Annotated[str | None, Form()] = None,
) -> Response:
    ctx = context(request)
    try:
        cid, secret = _client_auth(request, client_id, client_secret)
        if grant_type == "client_credentials":
            if not cid or secret is None:
                raise GrantError("invalid_client", "Give client_id and client_secret.", status=401)
            issued = client_credentials_grant(ctx.store, client_id=cid, client_secret=secret, scope=scope, now=ctx.clock())
        elif grant_type == "refresh_token":
            if not refresh_token:
                raise GrantError("invalid_request", "Give the refresh_token.")
            try:
                issued = refresh_token_grant(
                    ctx.store, refresh_token=refresh_token, client_id=cid, client_secret=secret, scope=scope,
                    now=ctx.clock(),
                )
            finally:  # a refresh token used twice has just revoked its grant's access tokens
                _cache(ctx).clear()
        else:
            raise GrantError("unsupported_grant_type", "Use client_credentials or refresh_token.")
    except GrantError as exc:
        return _oauth_error(exc)
    body = {
        "access_token": issued.access_token, "token_type": "Bearer", "expires_in": issued.expires_in,
        "scope": issued.scope, "refresh_token": issued.refresh_token,
    }
    return Response(orjson.dumps(body), media_type="application/json", headers=_NO_STORE)


@router.post(
    "/oauth/revoke",
    summary="Revoke an access or refresh token (RFC 7009)",
    responses={
        200: {"description": "Revoked, or unknown (RFC 7009 answers the same)"},
        400: {"content": {"application/json": {"schema": _OAUTH_ERROR}}, "description": "OAuth2 error"},
        401: {"content": {"application/json": {"schema": _OAUTH_ERROR}}, "description": "Client authentication failed"},
    },
)
def revoke(
    request: Request,
    token: Annotated[str, Form()],
    token_type_hint: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> Response:
    ctx = context(request)
    try:
        cid, secret = _client_auth(request, client_id, client_secret)
        if not cid or secret is None:
            raise GrantError("invalid_client", "Give client_id and client_secret.", status=401)
        client = authenticate_client(ctx.store, cid, secret)
    except GrantError as exc:
        return _oauth_error(exc)
    revoke_token(ctx.store, token=token, client_id=client["id"], now=ctx.clock())
    _cache(ctx).clear()
    return Response(b"", status_code=200, headers=_NO_STORE)
