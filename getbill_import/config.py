"""Settings: built once at the edge (CLI, API, daemon) from GETBILL_* variables and options,
then passed down. Nothing below the edge reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import platformdirs

from getbill_import.collection.scenarios import bundled_names, load_catalog
from getbill_import.errors import ConfigError
from getbill_import.fields import DEFAULT_CURRENCY, DEFAULT_SCENARIO

APP_NAME = "getbill-import"
DEFAULT_ACCOUNT = "default"
DEFAULT_REGION = "FR"
DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024  # 1 GiB
DEFAULT_MAX_ROWS = 5_000_000
DEFAULT_MAX_XLSX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024  # 2 GiB
DEFAULT_MAX_CELL_CHARS = 32_767  # Excel's own maximum
DEFAULT_MAX_COLUMNS = 16_384  # Excel's own maximum
#: the workbook parser's process may use this much address space…
DEFAULT_MAX_WORKBOOK_MEMORY = 1536 * 1024 * 1024  # 1.5 GiB
#: …and this much time (so that no file keeps a command busy for a minute)
DEFAULT_MAX_WORKBOOK_SECONDS = 45
DEFAULT_MAPPED_THRESHOLD = 0.80
DEFAULT_CONFIRM_THRESHOLD = 0.60
DEFAULT_BATCH_SIZE = 20_000


@lru_cache(maxsize=1)
def bundled_mappings_dir() -> Path:
    """The ``mappings/`` data shipped with the package (wheel) or beside it (source checkout),
    found once (every header read asks for it)."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / "mappings"
    if installed.is_dir():
        return installed
    return here.parent / "mappings"


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    max_xlsx_uncompressed_bytes: int = DEFAULT_MAX_XLSX_UNCOMPRESSED_BYTES
    max_cell_chars: int = DEFAULT_MAX_CELL_CHARS
    #: a header (or a sheet) wider than this is refused at once
    max_columns: int = DEFAULT_MAX_COLUMNS
    max_workbook_memory: int = DEFAULT_MAX_WORKBOOK_MEMORY
    max_workbook_seconds: int = DEFAULT_MAX_WORKBOOK_SECONDS


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    mappings_dir: Path
    account: str = DEFAULT_ACCOUNT
    default_currency: str = DEFAULT_CURRENCY
    default_region: str = DEFAULT_REGION
    #: GETBILL_DEFAULT_CURRENCY was set: the currency is the user's, never questioned
    currency_given: bool = False
    #: GETBILL_DEFAULT_REGION was set: the region phones are read in is the user's, never inferred
    region_given: bool = False
    default_scenario: str = DEFAULT_SCENARIO
    #: the scenarios a case may name: the catalog's (bundled, and the user's GETBILL_SCENARIOS_DIR)
    scenarios: tuple[str, ...] = field(default_factory=bundled_names)
    #: "day" or "month": used only when a date column cannot be decided from its values
    date_order: str = "day"
    check_email_deliverability: bool = False
    mapped_threshold: float = DEFAULT_MAPPED_THRESHOLD
    confirm_threshold: float = DEFAULT_CONFIRM_THRESHOLD
    batch_size: int = DEFAULT_BATCH_SIZE
    read_limits: ReadLimits = field(default_factory=ReadLimits)
    api: ApiSettings = field(default_factory=lambda: ApiSettings())
    webhooks: WebhookSettings = field(default_factory=lambda: WebhookSettings())
    collection: CollectionSettings = field(default_factory=lambda: CollectionSettings())
    remote: RemoteSettings = field(default_factory=lambda: RemoteSettings())

    @property
    def profiles_dirs(self) -> tuple[Path, ...]:
        """Saved profiles: the bundled ones, then the user's own (which win on name clashes)."""
        return (self.mappings_dir / "profiles", self.data_dir / "profiles")

    @property
    def learned_dir(self) -> Path:
        return self.data_dir / "learned"

    def with_options(self, **changes: object) -> Settings:
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("GETBILL_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))
        database_url = env.get("GETBILL_DATABASE_URL") or f"sqlite:///{data_dir / 'getbill.db'}"
        mappings_dir = Path(env.get("GETBILL_MAPPINGS_DIR") or bundled_mappings_dir())
        collection = CollectionSettings.from_env(env, data_dir)
        default_scenario = env.get("GETBILL_DEFAULT_SCENARIO", DEFAULT_SCENARIO)
        scenarios = _scenarios(env, collection, default_scenario)
        limits = ReadLimits(
            max_file_bytes=_int(env, "GETBILL_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES),
            max_rows=_int(env, "GETBILL_MAX_ROWS", DEFAULT_MAX_ROWS),
            max_xlsx_uncompressed_bytes=_int(
                env, "GETBILL_MAX_XLSX_UNCOMPRESSED_BYTES", DEFAULT_MAX_XLSX_UNCOMPRESSED_BYTES
            ),
            max_cell_chars=_int(env, "GETBILL_MAX_CELL_CHARS", DEFAULT_MAX_CELL_CHARS),
            max_columns=_int(env, "GETBILL_MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
            max_workbook_memory=_int(env, "GETBILL_MAX_WORKBOOK_MEMORY", DEFAULT_MAX_WORKBOOK_MEMORY),
            max_workbook_seconds=_int(env, "GETBILL_MAX_WORKBOOK_SECONDS", DEFAULT_MAX_WORKBOOK_SECONDS),
        )
        date_order = env.get("GETBILL_DATE_ORDER", "day")
        if date_order not in ("day", "month"):
            raise ConfigError(f"GETBILL_DATE_ORDER must be 'day' or 'month', not {date_order!r}.")
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            mappings_dir=mappings_dir,
            account=env.get("GETBILL_ACCOUNT", DEFAULT_ACCOUNT),
            default_currency=env.get("GETBILL_DEFAULT_CURRENCY", DEFAULT_CURRENCY).upper(),
            default_region=env.get("GETBILL_DEFAULT_REGION", DEFAULT_REGION).upper(),
            region_given=bool(env.get("GETBILL_DEFAULT_REGION")),
            currency_given=bool(env.get("GETBILL_DEFAULT_CURRENCY")),
            default_scenario=default_scenario,
            scenarios=scenarios,
            date_order=date_order,
            batch_size=_int(env, "GETBILL_BATCH_SIZE", DEFAULT_BATCH_SIZE),
            read_limits=limits,
            api=ApiSettings.from_env(env),
            webhooks=WebhookSettings.from_env(env),
            collection=collection,
            remote=RemoteSettings.from_env(env, data_dir),
        )


def _scenarios(env: Mapping[str, str], collection: CollectionSettings, default: str) -> tuple[str, ...]:
    """The catalog's scenario names, or those of them ``GETBILL_SCENARIOS`` keeps."""
    known = load_catalog(collection.scenarios_dir).names
    listed = tuple(s.strip() for s in env.get("GETBILL_SCENARIOS", "").split(",") if s.strip())
    undefined = [s for s in listed if s not in known]
    if undefined:
        raise ConfigError(
            f"GETBILL_SCENARIOS names {', '.join(undefined)}, which no scenario file defines (known: "
            f"{', '.join(known)}). Add NAME.toml to {collection.scenarios_dir} (GETBILL_SCENARIOS_DIR) "
            "or leave it out."
        )
    scenarios = listed or known
    if default not in scenarios:
        raise ConfigError(
            f"GETBILL_DEFAULT_SCENARIO is {default!r}, which is not one of the scenarios ({', '.join(scenarios)})."
        )
    return scenarios


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, not {value}.")
    return value


@dataclass(frozen=True)
class ApiSettings:
    """The embedded API server's and workers' settings (``GETBILL_API_*``, ``GETBILL_JOB_*``)."""

    #: requests per minute per credential
    rate_limit: int = 1_000
    sandbox_rate_limit: int = 100
    #: where request counts live: ``memory://`` (one process) or ``redis://host:port`` (shared)
    rate_limit_storage: str = "memory://"
    #: request bodies: a single debt, a batch, an uploaded file
    max_body_bytes: int = 1 << 20
    max_batch_bytes: int = 64 << 20
    max_batch_items: int = 100_000
    max_upload_bytes: int = 256 << 20
    page_size: int = 50
    max_page_size: int = 500
    access_log_days: int = 90
    idempotency_hours: int = 24
    #: how long a server process may go on trusting a credential it has verified (a revocation
    #: made elsewhere takes effect within this time; 0: every request asks the store)
    auth_cache_seconds: float = 2.0
    #: ``POST /debts`` under load: how long the next group of debts may wait for as many
    #: requests as the last group had (0: never wait)
    create_linger_ms: float = 20.0
    #: ``POST /debts/batch``: the same, also waiting for the batch requests still being parsed
    batch_linger_ms: float = 100.0
    #: how long a worker holds a job without renewing its lease; a job whose worker died is
    #: taken again after this long
    job_lease_seconds: float = 30.0
    job_poll_seconds: float = 0.5
    #: background workers run inside ``serve`` (``getbill-import worker`` runs them alone)
    worker_threads: int = 1
    sandbox_reset_days: int = 7

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ApiSettings:
        defaults = cls()
        return cls(
            rate_limit=_int(env, "GETBILL_API_RATE_LIMIT", defaults.rate_limit),
            sandbox_rate_limit=_int(env, "GETBILL_API_SANDBOX_RATE_LIMIT", defaults.sandbox_rate_limit),
            rate_limit_storage=env.get("GETBILL_API_RATE_LIMIT_STORAGE") or defaults.rate_limit_storage,
            max_body_bytes=_int(env, "GETBILL_API_MAX_BODY_BYTES", defaults.max_body_bytes),
            max_batch_bytes=_int(env, "GETBILL_API_MAX_BATCH_BYTES", defaults.max_batch_bytes),
            max_batch_items=_int(env, "GETBILL_API_MAX_BATCH_ITEMS", defaults.max_batch_items),
            max_upload_bytes=_int(env, "GETBILL_API_MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
            max_page_size=_int(env, "GETBILL_API_MAX_PAGE_SIZE", defaults.max_page_size),
            access_log_days=_int(env, "GETBILL_API_ACCESS_LOG_DAYS", defaults.access_log_days),
            idempotency_hours=_int(env, "GETBILL_API_IDEMPOTENCY_HOURS", defaults.idempotency_hours),
            auth_cache_seconds=_float(env, "GETBILL_API_AUTH_CACHE_SECONDS", defaults.auth_cache_seconds, zero=True),
            create_linger_ms=_float(env, "GETBILL_API_CREATE_LINGER_MS", defaults.create_linger_ms, zero=True),
            batch_linger_ms=_float(env, "GETBILL_API_BATCH_LINGER_MS", defaults.batch_linger_ms, zero=True),
            job_lease_seconds=_float(env, "GETBILL_JOB_LEASE_SECONDS", defaults.job_lease_seconds),
            job_poll_seconds=_float(env, "GETBILL_JOB_POLL_SECONDS", defaults.job_poll_seconds),
            worker_threads=_int(env, "GETBILL_WORKER_THREADS", defaults.worker_threads),
            sandbox_reset_days=_int(env, "GETBILL_SANDBOX_RESET_DAYS", defaults.sandbox_reset_days),
        )


def _float(env: Mapping[str, str], name: str, default: float, *, zero: bool = False) -> float:
    """A number of seconds, positive (or 0 too when ``zero``)."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not (value >= 0 if zero else value > 0) or value == float("inf"):
        raise ConfigError(f"{name} must be {'0 or more' if zero else 'positive'}, not {raw}.")
    return value


#: seconds before each retry of a failed delivery: 5 retries after the first attempt
DEFAULT_RETRY_SCHEDULE: tuple[float, ...] = (5.0, 300.0, 1800.0, 7200.0, 18000.0)


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook delivery (``GETBILL_WEBHOOK_*``)."""

    #: a 2xx within this many seconds is a success
    timeout_s: float = 15.0
    #: waits before retry 1, 2… (each ±20% jitter); a Retry-After from the receiver is honoured
    retry_schedule: tuple[float, ...] = DEFAULT_RETRY_SCHEDULE
    #: requests in flight to one endpoint at most
    concurrency: int = 10
    #: consecutive failed attempts after which an endpoint is disabled
    disable_after: int = 100
    #: hours a rotated secret keeps signing beside the new one
    secret_overlap_hours: float = 24.0
    #: private and loopback targets, and plain HTTP (the sandbox, tests, a closed network)
    allow_private: bool = False
    allow_http: bool = False
    #: the same, for sandbox accounts only (a developer's receiver on their own machine)
    sandbox_allow_private: bool = False
    #: base64 of the 32-byte key encrypting secrets at rest (else a key file in the data folder)
    secret_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WebhookSettings:
        defaults = cls()
        schedule = env.get("GETBILL_WEBHOOK_RETRY_SCHEDULE")
        retries = defaults.retry_schedule
        if schedule:
            try:
                retries = tuple(float(x) for x in schedule.split(",") if x.strip())
            except ValueError:
                raise ConfigError(
                    f"GETBILL_WEBHOOK_RETRY_SCHEDULE is seconds separated by commas (e.g. 5,300,1800), not {schedule!r}."
                ) from None
        return cls(
            timeout_s=_float(env, "GETBILL_WEBHOOK_TIMEOUT_SECONDS", defaults.timeout_s),
            retry_schedule=retries,
            concurrency=_int(env, "GETBILL_WEBHOOK_CONCURRENCY", defaults.concurrency),
            disable_after=_int(env, "GETBILL_WEBHOOK_DISABLE_AFTER", defaults.disable_after),
            secret_overlap_hours=_float(env, "GETBILL_WEBHOOK_SECRET_OVERLAP_HOURS", defaults.secret_overlap_hours),
            allow_private=_flag(env, "GETBILL_WEBHOOK_ALLOW_PRIVATE"),
            allow_http=_flag(env, "GETBILL_WEBHOOK_ALLOW_HTTP"),
            sandbox_allow_private=_flag(env, "GETBILL_WEBHOOK_SANDBOX_ALLOW_PRIVATE"),
            secret_key=env.get("GETBILL_SECRET_KEY") or None,
        )


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name} is 1 or 0, not {raw!r}.")


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server the e-mail channel sends through (``GETBILL_SMTP_*``)."""

    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    #: the From address
    sender: str = "getbill-import@localhost"
    #: "starttls", "ssl" (implicit TLS, port 465) or "none" (a relay on a trusted network)
    security: str = "starttls"
    timeout_s: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings | None:
        host = env.get("GETBILL_SMTP_HOST")
        if not host:
            return None
        security = env.get("GETBILL_SMTP_SECURITY", "starttls").strip().lower()
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError(f"GETBILL_SMTP_SECURITY is starttls, ssl or none, not {security!r}.")
        default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
        port = _int(env, "GETBILL_SMTP_PORT", default_port)
        if port > 65535:
            raise ConfigError(f"GETBILL_SMTP_PORT must be a port number (1 to 65535), not {port}.")
        return cls(
            host=host, port=port, user=env.get("GETBILL_SMTP_USER") or None,
            password=env.get("GETBILL_SMTP_PASSWORD") or None,
            sender=env.get("GETBILL_SMTP_FROM") or cls.sender, security=security,
            timeout_s=_float(env, "GETBILL_SMTP_TIMEOUT_SECONDS", cls.timeout_s),
        )


@dataclass(frozen=True)
class CollectionSettings:
    """The collection lifecycle: scenarios, the scheduler, channels (``GETBILL_COLLECTION_*``,
    ``GETBILL_SCENARIOS_DIR``, ``GETBILL_SMTP_*``)."""

    #: the user's scenarios (``*.toml``) and templates (``templates/*.toml``), beside the bundled ones
    scenarios_dir: Path | None = None
    #: simulated channels draw their outcomes from this seed: the same seed, the same outcomes
    seed: int = 0
    #: how often ``serve`` runs the scheduler (seconds)
    tick_seconds: float = 60.0
    #: run the scheduler inside ``serve`` (else only ``collection tick`` runs it)
    scheduler: bool = True
    #: cases the scheduler claims and writes per transaction
    batch_size: int = 5_000
    #: "simulated" or "smtp" (the default when GETBILL_SMTP_HOST is set); sandboxes always simulate
    email: str = "simulated"
    smtp: SmtpSettings | None = None
    #: the creditor's name in messages (default: the account)
    creditor_name: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str], data_dir: Path) -> CollectionSettings:
        defaults = cls()
        smtp = SmtpSettings.from_env(env)
        email = env.get("GETBILL_COLLECTION_EMAIL", "smtp" if smtp else "simulated").strip().lower()
        if email not in ("simulated", "smtp"):
            raise ConfigError(f"GETBILL_COLLECTION_EMAIL is simulated or smtp, not {email!r}.")
        if email == "smtp" and smtp is None:
            raise ConfigError("GETBILL_COLLECTION_EMAIL is smtp: set GETBILL_SMTP_HOST (and GETBILL_SMTP_FROM…).")
        seed = env.get("GETBILL_COLLECTION_SEED", "").strip()
        if seed and not seed.isdigit():
            raise ConfigError(f"GETBILL_COLLECTION_SEED is a whole number, not {seed!r}.")
        return cls(
            scenarios_dir=Path(env.get("GETBILL_SCENARIOS_DIR") or data_dir / "scenarios"),
            seed=int(seed) if seed else defaults.seed,
            tick_seconds=_float(env, "GETBILL_COLLECTION_TICK_SECONDS", defaults.tick_seconds),
            scheduler=not env.get("GETBILL_COLLECTION_SCHEDULER") or _flag(env, "GETBILL_COLLECTION_SCHEDULER"),
            batch_size=_int(env, "GETBILL_COLLECTION_BATCH_SIZE", defaults.batch_size),
            email=email, smtp=smtp, creditor_name=env.get("GETBILL_CREDITOR_NAME") or None,
        )
DEFAULT_CHUNK_SIZE = 1_000
DEFAULT_REMOTE_TIMEOUT_S = 60.0
DEFAULT_REMOTE_RETRIES = 6
DEFAULT_REMOTE_CONCURRENCY = 8


@dataclass(frozen=True)
class RemoteSettings:
    """Imports into a remote batch API (``GETBILL_REMOTE_*``): where targets are described, the
    credentials given by the environment, and how debts are sent. Secrets never show in a repr."""

    #: the TOML file of named targets
    config_path: Path | None = None
    api_key: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    #: debts per ``POST /debts/batch``
    chunk_size: int = DEFAULT_CHUNK_SIZE
    #: seconds a request may take (connect, send, wait for the answer)
    timeout_s: float = DEFAULT_REMOTE_TIMEOUT_S
    #: attempts after the first for a request that failed for a passing reason (5xx, timeout, drop)
    retries: int = DEFAULT_REMOTE_RETRIES
    #: batch requests in flight at once
    concurrency: int = DEFAULT_REMOTE_CONCURRENCY

    @classmethod
    def from_env(cls, env: Mapping[str, str], data_dir: Path | None = None) -> RemoteSettings:
        defaults = cls()
        config = env.get("GETBILL_REMOTE_CONFIG")
        return cls(
            config_path=Path(config) if config else (data_dir / "remote.toml" if data_dir else None),
            api_key=env.get("GETBILL_REMOTE_API_KEY") or None,
            client_id=env.get("GETBILL_REMOTE_CLIENT_ID") or None,
            client_secret=env.get("GETBILL_REMOTE_CLIENT_SECRET") or None,
            chunk_size=_int(env, "GETBILL_REMOTE_CHUNK_SIZE", defaults.chunk_size),
            timeout_s=_float(env, "GETBILL_REMOTE_TIMEOUT_SECONDS", defaults.timeout_s),
            retries=_count(env, "GETBILL_REMOTE_RETRIES", defaults.retries),
            concurrency=_int(env, "GETBILL_REMOTE_CONCURRENCY", defaults.concurrency),
        )


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number that may be 0."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.strip() == "0":
        return 0
    return _int(env, name, default)
