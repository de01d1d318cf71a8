"""The watcher's configuration: a TOML file with one or more sources, or one source from
command options. Built once at the edge, then passed down.

::

    [defaults]                      # any source key, for every source
    known_hosts = "/etc/getbill-import/known_hosts"
    report_format = "xlsx"

    [sources.acme]
    host = "sftp.acme.example"
    port = 22
    user = "getbill"
    key_file = "/etc/getbill-import/acme_ed25519"
    password_env = "ACME_SFTP_PASSWORD"     # a password, read from this variable, if the key fails
    remote_dir = "/exports"
    patterns = ["*.csv", "*.xlsx"]
    schedule = "hourly"                     # or "every 15m", or cron: "0 6 * * 1-5"
    account = "acme"                        # the target: the local store, this account
    profile = "sage-100-relances"
    debtors = "/srv/exports/acme_customers.csv"   # the debtors' details, for numbers-only open items
    # or: debtors_patterns = ["customers*.csv"]   # ... dropped in the folder with the open items

    [sources.acme.subdirs.xero]             # remote_dir/xero, with its own mapping profile
    profile = "xero-sales-invoices"
    report_format = "csv"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from getbill_import.errors import ConfigError
from getbill_import.sftp.schedule import HOURLY, Schedule, parse_schedule

REPORT_FORMATS = ("xlsx", "csv", "json")
#: "auto": a file with a .ready/.done marker is taken at once, any other once it is stable;
#: "marker": only files with a marker; "stable": markers are not looked at
COMPLETION_MODES = ("auto", "marker", "stable")
DEFAULT_PATTERNS = ("*.csv", "*.tsv", "*.xlsx", "*.xls", "*.ods")
DEFAULT_PORT = 22
DEFAULT_MIN_AGE_S = 60.0
DEFAULT_SETTLE_S = 5.0
DEFAULT_CONNECT_TIMEOUT_S = 15.0
DEFAULT_IO_TIMEOUT_S = 60.0
DEFAULT_RETRIES = 3
DEFAULT_RETRY_DELAY_S = 2.0
MAX_RETRY_DELAY_S = 60.0
#: imports started for one file before it is given up as failed (each one stopped the process)
DEFAULT_MAX_ATTEMPTS = 3
#: environment variable holding the password of a source built from command options
PASSWORD_ENV = "GETBILL_SFTP_PASSWORD"
CONFIG_ENV = "GETBILL_SFTP_CONFIG"

#: keys a sub-directory may set for itself (the rest is the source's)
FOLDER_KEYS = (
    "profile", "report_format", "sheet", "encoding", "delimiter", "date_order", "header_line", "patterns", "debtors",
    "debtors_patterns", "complete",
)
SOURCE_KEYS = (
    "host", "port", "user", "key_file", "passphrase_env", "password_env", "known_hosts",
    "remote_dir", "schedule", "timezone", "account", "to", "completion", "min_age", "settle",
    "on_existing", "apply_suggestions", "learn_mapping", "connect_timeout", "io_timeout",
    "retries", "retry_delay", "max_attempts", "subdirs", *FOLDER_KEYS,
)


@dataclass(frozen=True)
class Target:
    """Where a source's rows go. Only the local store is supported: ``account`` names the
    account the cases belong to. (``to = "https://…"``, a remote batch API, is reserved.)"""

    account: str


@dataclass(frozen=True)
class FolderConfig:
    """A remote folder files are dropped in, and how its files are read."""

    path: str
    patterns: tuple[str, ...] = DEFAULT_PATTERNS
    profile: str | None = None
    report_format: str = "xlsx"
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_order: str | None = None
    #: the line of the columns' names, 0 for files exported without one (``import --header-line``)
    header_line: int | None = None
    #: a customer master file on this machine whose debtors the folder's files are joined with
    #: (``import --debtors``)
    debtors: Path | None = None
    #: or: the names of the folder's own files that are its customer master data; the newest
    #: complete one is joined with each file taken, and none of them is imported as invoices
    debtors_patterns: tuple[str, ...] = ()
    #: each file lists every open invoice (``import --complete``): the open cases of earlier
    #: imports it leaves out were paid
    complete: bool = False


@dataclass(frozen=True)
class SourceConfig:
    name: str
    host: str
    user: str
    target: Target
    folders: tuple[FolderConfig, ...]
    known_hosts: Path
    port: int = DEFAULT_PORT
    key_file: Path | None = None
    passphrase: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    schedule: Schedule = field(default_factory=lambda: parse_schedule(HOURLY))
    completion: str = "auto"
    min_age: float = DEFAULT_MIN_AGE_S
    settle: float = DEFAULT_SETTLE_S
    on_existing: str = "skip"
    apply_suggestions: bool = False
    learn_mapping: bool = True
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT_S
    io_timeout: float = DEFAULT_IO_TIMEOUT_S
    retries: int = DEFAULT_RETRIES
    retry_delay: float = DEFAULT_RETRY_DELAY_S
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def account(self) -> str:
        return self.target.account

    @property
    def address(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"

    def retry_delays(self) -> list[float]:
        """Waits before each retry: doubling from ``retry_delay``, at most a minute."""
        return [min(self.retry_delay * 2**i, MAX_RETRY_DELAY_S) for i in range(self.retries)]


@dataclass(frozen=True)
class WatchConfig:
    sources: tuple[SourceConfig, ...]
    path: Path | None = None

    def select(self, names: tuple[str, ...] | list[str]) -> WatchConfig:
        """Only the named sources (all of them when ``names`` is empty)."""
        if not names:
            return self
        known = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ConfigError(
                f"Unknown source {', '.join(map(repr, unknown))}. Sources: {', '.join(known) or 'none'}."
            )
        return WatchConfig(tuple(known[n] for n in names), self.path)


def default_known_hosts(data_dir: Path) -> Path:
    return data_dir / "known_hosts"


def load_config(
    path: Path, *, data_dir: Path, default_account: str, env: Mapping[str, str] | None = None
) -> WatchConfig:
    """Read and check a watcher configuration file."""
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The SFTP configuration {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the SFTP configuration {path}: {exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The SFTP configuration {path} is not valid TOML: {exc}.") from None
    _only(data, ("defaults", "sources"), f"{path}")
    defaults = _table(data.get("defaults", {}), f"{path}: [defaults]")
    _only(defaults, tuple(k for k in SOURCE_KEYS if k != "subdirs"), f"{path}: [defaults]")
    sources = _table(data.get("sources"), f"{path}: [sources]")
    if not sources:
        raise ConfigError(f"{path} names no source: add a [sources.NAME] table with host, user and remote_dir.")
    built = []
    for name, raw in sources.items():
        table = _table(raw, f"{path}: [sources.{name}]")
        merged = {**defaults, **table}
        built.append(
            build_source(
                name, merged, data_dir=data_dir, default_account=default_account, env=env,
                base_dir=path.parent, where=f"{path}: [sources.{name}]",
            )
        )
    return WatchConfig(tuple(built), path)


def build_source(
    name: str, values: Mapping[str, Any], *, data_dir: Path, default_account: str,
    env: Mapping[str, str] | None = None, base_dir: Path | None = None, where: str | None = None,
) -> SourceConfig:
    """A source from a table of keys (a config file's, or one built from command options)."""
    env = os.environ if env is None else env
    where = where or f"source {name!r}"
    if not name or any(c in name for c in "/\\\0") or name.startswith("."):
        raise ConfigError(f"{where}: {name!r} cannot name a source (no slashes, not starting with '.').")
    _only(values, SOURCE_KEYS, where)
    if "to" in values:
        raise ConfigError(
            f"{where}: to = {values['to']!r}: importing into a remote API is not supported yet. "
            "Remove 'to' to import into the local store, with 'account' naming the account."
        )
    get = _Getter(values, where)
    host = get.required("host")
    user = get.required("user")
    port = get.integer("port", DEFAULT_PORT, low=1, high=65535)
    key_file = get.path("key_file", base_dir)
    passphrase = get.secret("passphrase_env", env)
    password = get.secret("password_env", env)
    if key_file is None and password is None:
        raise ConfigError(f"{where}: give a key_file (or password_env naming a variable that holds the password).")
    if key_file is not None and not key_file.is_file():
        raise ConfigError(f"{where}: the key file {key_file} does not exist.")
    known_hosts = get.path("known_hosts", base_dir) or default_known_hosts(data_dir)
    remote_dir = get.text("remote_dir") or "."
    root = FolderConfig(
        path=remote_dir,
        patterns=get.patterns("patterns", DEFAULT_PATTERNS),
        profile=get.text("profile"),
        report_format=get.choice("report_format", REPORT_FORMATS, "xlsx"),
        sheet=get.sheet("sheet"),
        encoding=get.text("encoding"),
        delimiter=get.delimiter("delimiter"),
        date_order=get.choice("date_order", ("day", "month"), None),
        header_line=get.line("header_line", None),
        complete=get.flag("complete", False),
        **_debtors(get, base_dir, where, None),
    )
    folders = [root]
    for sub, raw in _table(values.get("subdirs", {}), f"{where}.subdirs").items():
        sub_where = f"{where}.subdirs.{sub}"
        parts = PurePosixPath(sub).parts
        if not parts or PurePosixPath(sub).is_absolute() or ".." in parts:
            raise ConfigError(f"{sub_where}: a sub-directory is a relative path below remote_dir, not {sub!r}.")
        table = _table(raw, sub_where)
        _only(table, FOLDER_KEYS, sub_where)
        sget = _Getter(table, sub_where)
        folders.append(FolderConfig(
            path=str(PurePosixPath(remote_dir) / sub),
            patterns=sget.patterns("patterns", root.patterns),
            profile=sget.text("profile") or root.profile,
            report_format=sget.choice("report_format", REPORT_FORMATS, root.report_format),
            sheet=sget.sheet("sheet") if "sheet" in table else root.sheet,
            encoding=sget.text("encoding") or root.encoding,
            delimiter=sget.delimiter("delimiter") or root.delimiter,
            date_order=sget.choice("date_order", ("day", "month"), root.date_order),
            header_line=sget.line("header_line", root.header_line),
            complete=sget.flag("complete", root.complete),
            **_debtors(sget, base_dir, sub_where, root),
        ))
    timezone = get.text("timezone")
    schedule = parse_schedule(get.text("schedule") or HOURLY, timezone=timezone, where=f"{where}: schedule")
    return SourceConfig(
        name=name,
        host=host,
        user=user,
        port=port,
        key_file=key_file,
        passphrase=passphrase,
        password=password,
        known_hosts=known_hosts,
        target=Target(account=get.text("account") or default_account),
        folders=tuple(folders),
        schedule=schedule,
        completion=get.choice("completion", COMPLETION_MODES, "auto"),
        min_age=get.number("min_age", DEFAULT_MIN_AGE_S),
        settle=get.number("settle", DEFAULT_SETTLE_S),
        on_existing=get.choice("on_existing", ("skip", "update"), "skip"),
        apply_suggestions=get.flag("apply_suggestions", False),
        learn_mapping=get.flag("learn_mapping", True),
        connect_timeout=get.number("connect_timeout", DEFAULT_CONNECT_TIMEOUT_S, positive=True),
        io_timeout=get.number("io_timeout", DEFAULT_IO_TIMEOUT_S, positive=True),
        retries=get.integer("retries", DEFAULT_RETRIES, low=0, high=20),
        retry_delay=get.number("retry_delay", DEFAULT_RETRY_DELAY_S),
        max_attempts=get.integer("max_attempts", DEFAULT_MAX_ATTEMPTS, low=1, high=100),
    )


def _only(values: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}. "
            f"Allowed: {', '.join(allowed)}."
        )


def _debtors(get: _Getter, base_dir: Path | None, where: str, parent: FolderConfig | None) -> dict[str, Any]:
    """A folder's debtors: a ``debtors`` file on this machine, which must be there when the
    watcher starts, or ``debtors_patterns`` naming files dropped in the folder (one or the
    other; a sub-directory that sets neither has its source's)."""
    has_file, has_patterns = "debtors" in get.values, "debtors_patterns" in get.values
    if has_file and has_patterns:
        raise ConfigError(
            f"{where}: give debtors (a file on this machine) or debtors_patterns (files dropped in the "
            "folder), not both."
        )
    if not has_file and not has_patterns and parent is not None:
        return {"debtors": parent.debtors, "debtors_patterns": parent.debtors_patterns}
    path = get.path("debtors", base_dir)
    if path is not None and not path.is_file():
        raise ConfigError(f"{where}: the debtors file {path} does not exist.")
    return {"debtors": path, "debtors_patterns": get.patterns("debtors_patterns", ())}


def _table(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table.")
    return value


class _Getter:
    """Typed reads of one table's keys, with messages naming the table and the key."""

    def __init__(self, values: Mapping[str, Any], where: str) -> None:
        self.values = values
        self.where = where

    def _fail(self, key: str, wanted: str) -> ConfigError:
        return ConfigError(f"{self.where}: {key} must be {wanted}, not {self.values[key]!r}.")

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self._fail(key, "a string")
        return value

    def required(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise ConfigError(f"{self.where}: {key} is required.")
        return value

    def integer(self, key: str, default: int, *, low: int, high: int) -> int:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self._fail(key, f"a whole number from {low} to {high}")
        return value

    def line(self, key: str, default: int | None) -> int | None:
        """A line of a file: 1 the first, 0 none."""
        if key not in self.values:
            return default
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._fail(key, "a line number (1 the first), or 0 for files without a header row")
        return value

    def number(self, key: str, default: float, *, positive: bool = False) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (positive and value == 0):
            raise self._fail(key, "a positive number of seconds" if positive else "a number of seconds (0 or more)")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None) -> Any:
        value = self.values.get(key, default)
        if value is not None and value not in choices:
            raise self._fail(key, " or ".join(repr(c) for c in choices))
        return value

    def patterns(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(p, str) and p for p in value):
            raise self._fail(key, 'a list of file name patterns such as ["*.csv", "*.xlsx"]')
        return tuple(value)

    def path(self, key: str, base_dir: Path | None) -> Path | None:
        value = self.text(key)
        if value is None:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return path

    def secret(self, key: str, env: Mapping[str, str]) -> str | None:
        variable = self.text(key)
        if variable is None:
            return None
        value = env.get(variable)
        if not value:
            raise ConfigError(f"{self.where}: {key} names the variable {variable}, which is not set.")
        return value

    def sheet(self, key: str) -> str | int | None:
        value = self.values.get(key)
        if value is None or (isinstance(value, str) and not value):
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self._fail(key, "a sheet name or a 0-based index")
        return value

    def delimiter(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if value == "tab":
            return "\t"
        if value not in (",", ";", "|", "~", "\t"):
            raise self._fail(key, "',', ';', '|', '~' or 'tab'")
        return value


def resolve_config(
    *, data_dir: Path, default_account: str, config_path: Path | None = None,
    one_source: Mapping[str, Any] | None = None, source_name: str = "default",
    env: Mapping[str, str] | None = None,
) -> WatchConfig:
    """The sources to watch: one built from ``one_source`` (command options) when it names a
    host, else the file ``config_path``, else ``$GETBILL_SFTP_CONFIG``, else
    ``<data dir>/sftp.toml``."""
    env = os.environ if env is None else env
    values = {k: v for k, v in (one_source or {}).items() if v not in (None, (), [])}
    if values.get("host"):
        if env.get(PASSWORD_ENV) and "password_env" not in values:
            values["password_env"] = PASSWORD_ENV
        source = build_source(
            source_name, values, data_dir=data_dir, default_account=default_account, env=env,
            base_dir=Path.cwd(), where=f"source {source_name!r} (command options)",
        )
        return WatchConfig((source,))
    if values:
        raise ConfigError(
            f"{', '.join('--' + k.replace('_', '-') for k in values)} describe a source only with --host "
            "(or put the source in the configuration file)."
        )
    path = config_path or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if path is None and (data_dir / "sftp.toml").is_file():
        path = data_dir / "sftp.toml"
    if path is None:
        raise ConfigError(
            f"No SFTP source is configured: pass --config FILE (or set {CONFIG_ENV}), or describe one "
            "source with --host, --user, --key-file and --remote-dir."
        )
    return load_config(path, data_dir=data_dir, default_account=default_account, env=env)
