"""Who may call the API: OAuth2 clients, static API keys and the tokens issued to clients.

Every secret is random (256 bits) and kept only as its SHA-256, compared in constant time. A
bearer token names the row it belongs to (``gbat_<id>.<secret>``), so checking one is a look-up
by primary key and one comparison; revoking a row takes effect on the next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from getbill_import.errors import ConfigError
from getbill_import.store.engine import Store
from getbill_import.store.ids import new_id
from getbill_import.store.imports import ensure_account
from getbill_import.store.schema import accounts, api_clients, api_keys, oauth_tokens

#: what a credential may do: read cases and their history, create and change them, manage
#: webhook endpoints, read collection statistics
SCOPES: tuple[str, ...] = ("read", "write", "webhooks", "analytics")
ACCESS_TOKEN_TTL = dt.timedelta(hours=1)
REFRESH_TOKEN_TTL = dt.timedelta(days=30)

_PREFIX = {"access": "gbat_", "refresh": "gbrt_", "client_secret": "gbcs_", "live": "gbk_live_", "test": "gbk_test_"}
_ID_CHARS = 26


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    account: str
    #: the API key or OAuth2 client id
    credential: str
    scopes: frozenset[str]
    sandbox: bool
    kind: Literal["key", "token"]


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    scope: str


class GrantError(Exception):
    """An OAuth2 token request refused: ``error`` is the RFC 6749 code."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret).encode(), stored_hash.encode())


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def parse_scopes(text: str | Iterable[str] | None, *, default: Iterable[str] = SCOPES) -> frozenset[str]:
    """Scopes from a space-separated string (or a list); unknown names raise ConfigError."""
    if text is None:
        return frozenset(default)
    names = text.split() if isinstance(text, str) else list(text)
    unknown = sorted(set(names) - set(SCOPES))
    if unknown:
        raise ConfigError(f"Unknown scope(s) {', '.join(unknown)}: use {', '.join(SCOPES)}.", code="invalid-scope")
    return frozenset(names) or frozenset(default)


def scope_text(scopes: Iterable[str]) -> str:
    return " ".join(s for s in SCOPES if s in set(scopes))


# --- accounts -----------------------------------------------------------------------------------

def sandbox_account(account: str) -> str:
    """The id of ``account``'s sandbox: its own account, holding test data only."""
    return f"{account}.sandbox"


def ensure_sandbox(conn: sa.Connection, account: str) -> str:
    ensure_account(conn, account)
    sandbox = sandbox_account(account)
    ensure_account(conn, sandbox)
    conn.execute(
        sa.update(accounts).where(accounts.c.id == sandbox).values(sandbox=True, live_account=account)
    )
    return sandbox


# --- clients and keys ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NewCredential:
    id: str
    #: shown once; only its hash is kept
    secret: str
    account: str
    name: str
    scopes: str
    sandbox: bool = False


def create_client(
    store: Store, *, account: str, name: str, scopes: str | None = None, now: dt.datetime
) -> NewCredential:
    granted = scope_text(parse_scopes(scopes))
    client_id = new_id("cli")
    secret = _PREFIX["client_secret"] + _new_secret()
    with store.write() as conn:
        ensure_account(conn, account)
        conn.execute(sa.insert(api_clients).values(
            id=client_id, account=account, name=name, secret_hash=hash_secret(secret), scopes=granted,
            created_at=now,
        ))
    return NewCredential(client_id, secret, account, name, granted)


def create_key(
    store: Store, *, account: str, name: str, scopes: str | None = None, sandbox: bool = True,
    now: dt.datetime,
) -> NewCredential:
    """A static API key; a sandbox key acts on the account's sandbox, never on its live data."""
    granted = scope_text(parse_scopes(scopes))
    key_id = new_id("key")
    secret = _new_secret()
    token = _PREFIX["test" if sandbox else "live"] + key_id.removeprefix("key_") + "." + secret
    with store.write() as conn:
        owner = ensure_sandbox(conn, account) if sandbox else account
        ensure_account(conn, owner)
        conn.execute(sa.insert(api_keys).values(
            id=key_id, account=owner, name=name, secret_hash=hash_secret(secret), scopes=granted,
            sandbox=sandbox, created_at=now,
        ))
    return NewCredential(key_id, token, owner, name, granted, sandbox)


def list_credentials(store: Store, table: sa.Table, *, account: str | None = None) -> list[dict[str, Any]]:
    columns = [c for c in table.c if c.name != "secret_hash"]
    query = sa.select(*columns).order_by(table.c.created_at)
    if account is not None:
        query = query.where(table.c.account.in_([account, sandbox_account(account)]))
    with store.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def revoke_client(store: Store, *, client_id: str, now: dt.datetime) -> bool:
    """Revoke a client and every token issued to it."""
    with store.write() as conn:
        done = conn.execute(
            sa.update(api_clients).where(api_clients.c.id == client_id, api_clients.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
        conn.execute(
            sa.update(oauth_tokens).where(oauth_tokens.c.client_id == client_id, oauth_tokens.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    return bool(done)


def revoke_key(store: Store, *, key_id: str, now: dt.datetime) -> bool:
    with store.write() as conn:
        return bool(conn.execute(
            sa.update(api_keys).where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None)).values(revoked_at=now)
        ).rowcount)


# --- OAuth2 -------------------------------------------------------------------------------------

def client_credentials_grant(
    store: Store, *, client_id: str, client_secret: str, scope: str | None, now: dt.datetime
) -> IssuedTokens:
    with store.write() as conn:
        client = _client(conn, client_id, client_secret)
        allowed = frozenset(client["scopes"].split())
        try:
            wanted = parse_scopes(scope, default=allowed)
        except ConfigError:
            raise GrantError("invalid_scope", f"Known scopes: {' '.join(SCOPES)}.") from None
        if not wanted <= allowed:
            raise GrantError("invalid_scope", f"This client may ask for: {client['scopes']}.")
        return _issue(conn, client, scope_text(wanted), new_id("fam"), now)


def refresh_token_grant(
    store: Store, *, refresh_token: str, client_id: str | None, client_secret: str | None,
    scope: str | None, now: dt.datetime,
) -> IssuedTokens:
    """A new access token and a new refresh token for a refresh token, which is then used up. A
    refresh token that comes back after use revokes every token of its grant (it was stolen, or
    replayed)."""
    parsed = _parse(refresh_token, "refresh")
    replayed = False
    with store.write() as conn:
        row = None
        if parsed is not None:
            query = sa.select(oauth_tokens).where(oauth_tokens.c.id == parsed[0], oauth_tokens.c.kind == "refresh")
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            row = conn.execute(query).mappings().first()
        if row is None or parsed is None or not _matches(parsed[1], row["secret_hash"]):
            raise GrantError("invalid_grant", "The refresh token is not valid.")
        if client_id is not None:
            client = _client(conn, client_id, client_secret or "")
            if client["id"] != row["client_id"]:
                raise GrantError("invalid_grant", "The refresh token was issued to another client.")
        else:
            client = conn.execute(sa.select(api_clients).where(api_clients.c.id == row["client_id"])).mappings().one()
            if client["revoked_at"] is not None:
                raise GrantError("invalid_grant", "The client of this refresh token was revoked.")
        if row["used_at"] is not None:
            # committed before the refusal is raised
            conn.execute(
                sa.update(oauth_tokens).where(oauth_tokens.c.family == row["family"], oauth_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            replayed = True
        elif row["revoked_at"] is not None or row["expires_at"] <= now:
            raise GrantError("invalid_grant", "The refresh token has expired or was revoked.")
        if not replayed:
            granted = frozenset(row["scopes"].split())
            try:
                wanted = parse_scopes(scope, default=granted)
            except ConfigError:
                raise GrantError("invalid_scope", f"Known scopes: {' '.join(SCOPES)}.") from None
            if not wanted <= granted:
                raise GrantError("invalid_scope", f"This refresh token covers: {row['scopes']}.")
            conn.execute(sa.update(oauth_tokens).where(oauth_tokens.c.id == row["id"]).values(used_at=now))
            return _issue(conn, client, scope_text(wanted), row["family"], now)
    raise GrantError("invalid_grant", "The refresh token was already used; every token of its grant is now revoked.")


def revoke_token(store: Store, *, token: str, client_id: str, now: dt.datetime) -> None:
    """RFC 7009: revoke an access or refresh token of this client (a refresh token takes its
    grant's access tokens with it). Unknown tokens are ignored, as the RFC asks."""
    for kind in ("access", "refresh"):
        parsed = _parse(token, kind)
        if parsed is None:
            continue
        with store.write() as conn:
            row = conn.execute(sa.select(oauth_tokens).where(oauth_tokens.c.id == parsed[0])).mappings().first()
            if row is None or row["client_id"] != client_id or not _matches(parsed[1], row["secret_hash"]):
                return
            target = oauth_tokens.c.family == row["family"] if kind == "refresh" else oauth_tokens.c.id == row["id"]
            conn.execute(sa.update(oauth_tokens).where(target, oauth_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
        return


def authenticate_client(store: Store, client_id: str, client_secret: str) -> dict[str, Any]:
    with store.read() as conn:
        return dict(_client(conn, client_id, client_secret))


def _client(conn: sa.Connection, client_id: str, client_secret: str) -> sa.RowMapping:
    row = conn.execute(sa.select(api_clients).where(api_clients.c.id == client_id)).mappings().first()
    # a secret is compared even for an unknown client, so timing does not tell which ids exist
    stored = row["secret_hash"] if row is not None else hash_secret("")
    if not _matches(client_secret, stored) or row is None or row["revoked_at"] is not None:
        raise GrantError("invalid_client", "Client authentication failed.", status=401)
    return row


def _issue(conn: sa.Connection, client: sa.RowMapping, scopes: str, family: str, now: dt.datetime) -> IssuedTokens:
    issued = {}
    for kind, ttl in (("access", ACCESS_TOKEN_TTL), ("refresh", REFRESH_TOKEN_TTL)):
        token_id = new_id("tok")
        secret = _new_secret()
        conn.execute(sa.insert(oauth_tokens).values(
            id=token_id, kind=kind, account=client["account"], client_id=client["id"], family=family,
            secret_hash=hash_secret(secret), scopes=scopes, created_at=now, expires_at=now + ttl,
        ))
        issued[kind] = _PREFIX[kind] + token_id.removeprefix("tok_") + "." + secret
    return IssuedTokens(issued["access"], issued["refresh"], int(ACCESS_TOKEN_TTL.total_seconds()), scopes)


# --- bearer tokens ------------------------------------------------------------------------------

def _parse(token: str, kind: str) -> tuple[str, str] | None:
    """(row id, secret) of a token of this kind, or None when it is not one."""
    prefix = _PREFIX[kind]
    if not token.startswith(prefix):
        return None
    ident, dot, secret = token[len(prefix):].partition(".")
    if not dot or len(ident) != _ID_CHARS or not secret:
        return None
    return ("tok_" if kind in ("access", "refresh") else "key_") + ident, secret


#: the look-ups every request makes, built once
_ACCESS_TOKEN = sa.select(
    oauth_tokens.c.account, oauth_tokens.c.client_id, oauth_tokens.c.secret_hash, oauth_tokens.c.scopes,
    oauth_tokens.c.expires_at, oauth_tokens.c.revoked_at, oauth_tokens.c.kind,
).where(oauth_tokens.c.id == sa.bindparam("token_id"))
_API_KEY = sa.select(
    api_keys.c.account, api_keys.c.secret_hash, api_keys.c.scopes, api_keys.c.sandbox, api_keys.c.revoked_at,
).where(api_keys.c.id == sa.bindparam("key_id"))


def authenticate_until(store: Store, token: str, *, now: dt.datetime) -> tuple[Principal | None, dt.datetime | None]:
    """The caller a bearer token (an access token or an API key) stands for, or None when the
    token is unknown, wrong, revoked or expired; and when the token expires (None for an API key)."""
    access = _parse(token, "access")
    if access is not None:
        with store.read() as conn:
            row = conn.execute(_ACCESS_TOKEN, {"token_id": access[0]}).mappings().first()
        if (
            row is None or row["kind"] != "access" or not _matches(access[1], row["secret_hash"])
            or row["revoked_at"] is not None or row["expires_at"] <= now
        ):
            return None, None
        principal = Principal(row["account"], row["client_id"], frozenset(row["scopes"].split()), False, "token")
        return principal, row["expires_at"]
    for kind in ("test", "live"):
        key = _parse(token, kind)
        if key is None:
            continue
        with store.read() as conn:
            row = conn.execute(_API_KEY, {"key_id": key[0]}).mappings().first()
        if (
            row is None or not _matches(key[1], row["secret_hash"]) or row["revoked_at"] is not None
            or row["sandbox"] != (kind == "test")
        ):
            return None, None
        return Principal(row["account"], key[0], frozenset(row["scopes"].split()), bool(row["sandbox"]), "key"), None
    return None, None
