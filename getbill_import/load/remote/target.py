"""Where an import goes and with which credentials: a URL or a named target of the config file
(TOML), with credentials from command options, else environment variables, else the target.

    [targets.production]
    url = "https://getbill.io/external-api/v1"
    client_id = "cli_…"
    client_secret_env = "GETBILL_PROD_SECRET"   # or client_secret_file = "/etc/…", or client_secret = "…"
    scope = "read write"
    chunk_size = 1000

    [targets.sandbox]
    url = "https://sandbox.getbill.io/external-api/v1"
    api_key_env = "GETBILL_SANDBOX_KEY"         # or api_key_file, or api_key

A secret written in the file itself (``client_secret``, ``api_key``) is refused unless only its
owner can read the file. Plain ``http://`` is refused but to this machine (loopback) or with
``allow_http = true``.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from getbill_import.config import DEFAULT_REMOTE_CONCURRENCY, RemoteSettings
from getbill_import.errors import ConfigError
from getbill_import.load.remote.auth import ApiKey, ClientCredentials, Credentials

_KEYS = {
    "url", "api_key", "api_key_env", "api_key_file", "client_id", "client_secret", "client_secret_env",
    "client_secret_file", "scope", "chunk_size", "timeout", "retries", "concurrency", "allow_http",
}
_SECRETS = ("api_key", "client_secret")


@dataclass(frozen=True)
class RemoteTarget:
    """A remote API: its base URL, the credentials, and how debts are sent to it."""

    url: str
    credentials: Credentials = field(repr=False)
    name: str | None = None
    chunk_size: int = 1_000
    timeout_s: float = 60.0
    retries: int = 6
    concurrency: int = DEFAULT_REMOTE_CONCURRENCY

    @property
    def account(self) -> str:
        return self.credentials.identity


@dataclass(frozen=True)
class CredentialOptions:
    """Credentials and settings given as command options (they win over everything else)."""

    api_key: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    scope: str | None = None
    chunk_size: int | None = None
    timeout_s: float | None = None
    retries: int | None = None
    concurrency: int | None = None
    config_path: Path | None = None


def resolve_target(
    to: str, settings: RemoteSettings, options: CredentialOptions | None = None,
    env: Mapping[str, str] | None = None,
) -> RemoteTarget:
    """The target ``to`` names: a URL (a target of the config file with the same URL lends its
    credentials and settings), or the name of a target of the config file."""
    options = options or CredentialOptions()
    env = os.environ if env is None else env
    config_path = options.config_path or settings.config_path
    targets = _read_targets(config_path, explicit=options.config_path is not None)
    name: str | None = None
    if "://" in to:
        url = normalise_url(to)
        entry: dict[str, Any] = {}
        for target_name, values in targets.items():
            if "url" in values and normalise_url(str(values["url"]), check=False) == url:
                name, entry = target_name, values
                break
    else:
        if to not in targets:
            known = ", ".join(sorted(targets)) or "none"
            raise ConfigError(
                f"--to {to}: there is no target '{to}' in {config_path or 'the config file'} (targets: {known}). Give the API's URL "
                "(https://host/external-api/v1) or add the target to the file."
            )
        name, entry = to, targets[to]
        if "url" not in entry:
            raise ConfigError(f"The target '{to}' in {config_path} has no url.")
        url = normalise_url(str(entry["url"]))
    where = f"target '{name}' in {config_path}" if name else None
    _check_scheme(url, allow_http=bool(entry.get("allow_http", False)))
    credentials = _credentials(options, settings, entry, env, config_path, where, url)
    return RemoteTarget(
        url=url, credentials=credentials, name=name,
        chunk_size=_pick(options.chunk_size, entry, "chunk_size", settings.chunk_size, where, int),
        timeout_s=float(_pick(options.timeout_s, entry, "timeout", settings.timeout_s, where, float)),
        retries=_pick(options.retries, entry, "retries", settings.retries, where, int, minimum=0),
        concurrency=_pick(options.concurrency, entry, "concurrency", settings.concurrency, where, int),
    )


def normalise_url(url: str, *, check: bool = True) -> str:
    """The API's base URL without a trailing slash; refused with user info, a query or a fragment."""
    url = url.strip()
    parts = urlsplit(url)
    if check:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"--to {url!r} is not an http(s) URL: give the API's base URL, e.g. "
                              "https://getbill.io/external-api/v1.")
        if parts.username or parts.password:
            raise ConfigError("--to must not carry a user name or password: give the credentials with "
                              "--api-key, or --client-id and --client-secret (or their environment variables).")
        if parts.query or parts.fragment:
            raise ConfigError("--to is the API's base URL, without '?' or '#' (e.g. https://getbill.io/external-api/v1).")
    return url.rstrip("/")


def _check_scheme(url: str, *, allow_http: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https" or allow_http or _loopback(parts.hostname or ""):
        return
    raise ConfigError(
        f"{url} is plain HTTP: the credentials and the debtors' data would cross the network unencrypted. "
        "Use https://, or set allow_http = true on the target in the config file for a closed network."
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _credentials(
    options: CredentialOptions, settings: RemoteSettings, entry: dict[str, Any], env: Mapping[str, str],
    config_path: Path | None, where: str | None, url: str,
) -> Credentials:
    scope = options.scope or entry.get("scope")
    # options first, then environment variables, then the target's own
    for source in ("options", "env", "target"):
        if source == "options":
            api_key, client_id, secret = options.api_key, options.client_id, options.client_secret
        elif source == "env":
            api_key, client_id, secret = settings.api_key, settings.client_id, settings.client_secret
        else:
            api_key = _secret(entry, "api_key", env, config_path, where)
            client_id = entry.get("client_id")
            secret = _secret(entry, "client_secret", env, config_path, where) if client_id else None
        if client_id and not secret and source == "options":
            secret = settings.client_secret or _secret(entry, "client_secret", env, config_path, where)
        if api_key and (client_id or secret):
            raise ConfigError("Give either an API key or an OAuth2 client (id and secret), not both.")
        if api_key:
            return ApiKey(str(api_key))
        if client_id or secret:
            if not (client_id and secret):
                missing = "client secret (--client-secret or GETBILL_REMOTE_CLIENT_SECRET)" if client_id else \
                    "client id (--client-id or GETBILL_REMOTE_CLIENT_ID)"
                raise ConfigError(f"The OAuth2 {missing} is missing.")
            return ClientCredentials(str(client_id), str(secret), scope=str(scope) if scope else None)
    raise ConfigError(
        f"No credentials for {url}: give --api-key, or --client-id and --client-secret, or set "
        "GETBILL_REMOTE_API_KEY, or GETBILL_REMOTE_CLIENT_ID and GETBILL_REMOTE_CLIENT_SECRET, or name a "
        "target of the config file that holds them (see 'getbill-import import --help')."
    )


def _secret(
    entry: dict[str, Any], name: str, env: Mapping[str, str], config_path: Path | None, where: str | None,
) -> str | None:
    if entry.get(f"{name}_env"):
        variable = str(entry[f"{name}_env"])
        value = env.get(variable)
        if not value:
            raise ConfigError(f"{where}: {name}_env names {variable}, which is not set.")
        return value
    if entry.get(f"{name}_file"):
        path = Path(str(entry[f"{name}_file"])).expanduser()
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{where}: {name}_file {path} cannot be read ({exc.strerror or exc}).") from None
        if not value:
            raise ConfigError(f"{where}: {name}_file {path} is empty.")
        return value
    if entry.get(name):
        assert config_path is not None
        mode = config_path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                f"{where} holds a {name.replace('_', ' ')}, but {config_path} can be read by other users. "
                f"Run 'chmod 600 {config_path}', or keep the secret in a variable ({name}_env) or a file ({name}_file)."
            )
        return str(entry[name])
    return None


def _pick(
    option: Any, entry: dict[str, Any], key: str, default: Any, where: str | None, kind: type,
    minimum: int = 1,
) -> Any:
    if option is not None:
        return option
    if key not in entry:
        return default
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"{where}: {key} must be a number of at least {minimum}, not {value!r}.")
    return kind(value)


def _read_targets(path: Path | None, *, explicit: bool) -> dict[str, dict[str, Any]]:
    if path is None or not path.exists():
        if explicit:
            raise ConfigError(f"The config file {path} does not exist.")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The config file {path} cannot be read ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from None
    targets = data.get("targets", {})
    if not isinstance(targets, dict) or not all(isinstance(v, dict) for v in targets.values()):
        raise ConfigError(f"{path}: targets are tables, e.g. [targets.production] with url = \"https://…\".")
    for name, values in targets.items():
        unknown = sorted(set(values) - _KEYS)
        if unknown:
            raise ConfigError(f"{path}: target '{name}' has unknown key(s) {', '.join(unknown)}; known: "
                              f"{', '.join(sorted(_KEYS))}.")
    return targets
