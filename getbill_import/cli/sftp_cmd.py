"""``getbill-import sftp watch|run-once|status|trust-host``: import the files dropped in SFTP
folders, exactly once."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from getbill_import.cli._common import (
    EXIT_CANNOT_PROCESS,
    EXIT_INVALID_ROWS,
    EXIT_OK,
    console,
    echo_json,
    load_settings,
    user_errors,
)
from getbill_import.config import Settings
from getbill_import.errors import ConfigError

if TYPE_CHECKING:  # the SFTP modules (paramiko) load when a command runs
    from getbill_import.sftp import SourceResult, WatchConfig


def _source_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How to name the sources: a configuration file, or one source by options."""
    options = [
        click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                     help="The TOML file of sources (default: GETBILL_SFTP_CONFIG, else sftp.toml in the data folder)."),
        click.option("--source", "only", multiple=True, metavar="NAME",
                     help="Only this source of the configuration (repeat for several)."),
        click.option("--host", help="One source without a file: the SFTP server's host name."),
        click.option("--port", type=click.IntRange(1, 65535), help="Its SSH port (default 22)."),
        click.option("--user", help="The user to log in as."),
        click.option("--key-file", help="The private key to log in with (the password, if any, comes from GETBILL_SFTP_PASSWORD)."),
        click.option("--remote-dir", help="The folder files are dropped in."),
        click.option("--pattern", "patterns", multiple=True, help="File name pattern to take (repeat; default: *.csv *.tsv *.xlsx *.xls *.ods)."),
        click.option("--debtors-pattern", "debtors_patterns", multiple=True, help="Files of the folder that are its customer master data (repeat): the newest complete one is joined with each file taken, as import --debtors does, and none is imported as invoices."),
        click.option("--known-hosts", help="The known_hosts file the server's key is checked against (default: known_hosts in the data folder)."),
        click.option("--account", help="The account the cases belong to (default: GETBILL_ACCOUNT, else 'default')."),
        click.option("--profile", help="The mapping profile for the files of this source."),
        click.option("--schedule", help="When to look: 'hourly' (default), 'every 15m', or a cron expression."),
        click.option("--database-url", help="The case store (default: GETBILL_DATABASE_URL, else a SQLite file in the data folder)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _configure(config_path: Path | None, only: tuple[str, ...], database_url: str | None,
               **one_source: Any) -> tuple[Settings, WatchConfig]:
    from getbill_import.sftp.config import resolve_config

    settings = load_settings(database_url=database_url)
    values = {**one_source}
    values["patterns"] = list(values.get("patterns") or ())
    values["debtors_patterns"] = list(values.get("debtors_patterns") or ())
    config = resolve_config(
        data_dir=settings.data_dir, default_account=settings.account, config_path=config_path,
        one_source=values,
    )
    return settings, config.select(list(only))


@contextmanager
def _logging(verbose: bool) -> Iterator[None]:
    """The watcher's log lines on stderr (journald or cron mail collect them)."""
    logger = logging.getLogger("getbill_import.sftp")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    previous = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


@click.group()
def sftp() -> None:
    """Import the files dropped in SFTP folders: a daemon (watch), a single run for cron or a
    systemd timer (run-once), what happened (status), and the servers' host keys (trust-host)."""


@sftp.command()
@_source_options
@click.option("-v", "--verbose", is_flag=True, help="Also log each file.")
def watch(config_path, only, database_url, verbose, **one_source):
    """Run until stopped: each source now, then on its schedule (hourly by default).

    SIGTERM or Ctrl-C finishes the file in progress and exits. Each cycle logs one line per
    source on stderr.
    """
    from getbill_import.sftp import Watcher
    from getbill_import.store import open_store

    with user_errors(), _logging(verbose):
        settings, config = _configure(config_path, only, database_url, **one_source)
        store = open_store(settings.database_url)
        stop = threading.Event()
        log = logging.getLogger("getbill_import.sftp")
        with _stop_on_signals(stop, log):
            names = ", ".join(f"{s.name} ({s.schedule.text})" for s in config.sources)
            log.info("sftp watcher started: %s", names)
            try:
                Watcher(settings, store, stop=stop).watch(config.sources)
            finally:
                store.close()
            log.info("sftp watcher stopped")
    raise SystemExit(EXIT_OK)


@contextmanager
def _stop_on_signals(stop: threading.Event, log: logging.Logger) -> Iterator[None]:
    def handler(signum: int, _frame: Any) -> None:
        if not stop.is_set():
            log.info("sftp watcher: %s received, stopping after the current file", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@sftp.command("run-once")
@_source_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Also log each file.")
def run_once(config_path, only, database_url, fmt, verbose, **one_source):
    """One cycle over every source now, whatever their schedule (for cron or a systemd timer).

    Exit code: 0 when every source was reached and every file taken was imported whole (or
    already had been), 1 when files failed or rows were rejected (see the reports), 2 when a
    source could not be processed (unreachable, refused, misconfigured) or the store is down.
    """
    from getbill_import.sftp import Watcher
    from getbill_import.store import open_store

    with user_errors(), _logging(verbose):
        settings, config = _configure(config_path, only, database_url, **one_source)
        store = open_store(settings.database_url)
        stop = threading.Event()
        with _stop_on_signals(stop, logging.getLogger("getbill_import.sftp")):
            try:
                results = Watcher(settings, store, stop=stop).run_cycle(config.sources)
            finally:
                store.close()
    if fmt == "json":
        echo_json([_result_json(r) for r in results])
    else:
        _render_results(results)
    if any(r.status in ("unreachable", "error") for r in results):
        raise SystemExit(EXIT_CANNOT_PROCESS)
    if any(f.outcome == "failed" or f.invalid for r in results for f in r.files):
        raise SystemExit(EXIT_INVALID_ROWS)
    raise SystemExit(EXIT_OK)


def _result_json(result: SourceResult) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(result)
    data.pop("recheck_in")
    data["summary"] = result.summary()
    return data


def _render_results(results: list[SourceResult]) -> None:
    table = Table(title="SFTP cycle")
    for name in ("Source", "Status", "Taken", "Imported", "Duplicates", "Failed", "Waiting", "Retry", "Cases created", "Rows rejected"):
        table.add_column(name, justify="left" if name in ("Source", "Status") else "right")
    for r in results:
        table.add_row(r.source, r.status, str(len(r.files)), str(r.count("imported")), str(r.count("duplicate")),
                      str(r.count("failed")), str(r.waiting), str(r.count("retry")), f"{r.created:,}", f"{r.invalid:,}")
    out = console()
    out.print(table)
    for r in results:
        if r.error:
            out.print(f"[bold red]{r.source}:[/] {r.error}")
        for f in r.files:
            if f.error:
                out.print(f"[yellow]{r.source}: {f.path}:[/] {f.error}")
            if f.earlier_cases:
                done = f.earlier_cases
                out.print(f"{r.source}: {f.path}: on the cases of earlier imports, {done['payments']:,} payment(s) "
                          f"recorded ({done['resolved']:,} case(s) paid in full), {done['cancelled']:,} cancelled.")


@sftp.command()
@_source_options
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Cycles and files to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(config_path, only, database_url, limit, fmt, **one_source):
    """The last cycles of each source, the files in the ledger, and the failures."""
    from getbill_import.store import open_store
    from getbill_import.store.sftp_ledger import FAILED, GONE, PENDING, list_cycles, list_files

    with user_errors():
        settings, config = _configure(config_path, only, database_url, **one_source)
        by_account: dict[str, list[str]] = {}
        for source in config.sources:
            by_account.setdefault(source.account, []).append(source.name)
        with open_store(settings.database_url) as store:
            cycles, files, attention = [], [], []
            for account, names in by_account.items():
                cycles += list_cycles(store, account=account, sources=names, limit=limit)
                files += list_files(store, account=account, sources=names, limit=limit)
                attention += [
                    f for f in list_files(store, account=account, sources=names, limit=limit,
                                          outcomes=(FAILED, PENDING, GONE))
                    if f.outcome != PENDING or f.error
                ]
    cycles.sort(key=lambda c: c.started_at, reverse=True)
    files.sort(key=lambda f: f.updated_at, reverse=True)
    attention.sort(key=lambda f: f.updated_at, reverse=True)
    if fmt == "json":
        echo_json({
            "cycles": [c.to_json() for c in cycles[:limit]],
            "files": [f.to_json() for f in files[:limit]],
            "failures": [f.to_json() for f in attention[:limit]],
        })
    else:
        _render_status(cycles[:limit], files[:limit], attention[:limit])
    raise SystemExit(EXIT_OK)


def _render_status(cycles: list[Any], files: list[Any], attention: list[Any]) -> None:
    out = console()
    if not cycles and not files:
        out.print("No SFTP cycle has run yet for these sources.")
        return
    table = Table(title="Last cycles")
    for name in ("Source", "Started (UTC)", "Status", "Taken", "Imported", "Dupl.", "Failed", "Waiting", "Created", "Took", "Error"):
        table.add_column(name, overflow="fold")
    for c in cycles:
        took = (c.finished_at - c.started_at).total_seconds()
        table.add_row(c.source, f"{c.started_at:%Y-%m-%d %H:%M:%S}", c.status, str(c.taken), str(c.imported),
                      str(c.duplicates), str(c.failed), str(c.waiting), f"{c.created:,}", f"{took:.1f} s", c.error or "")
    out.print(table)
    table = Table(title="Files")
    for name in ("Source", "File", "Outcome", "Import", "Created", "Rejected", "When (UTC)", "Now at"):
        table.add_column(name, overflow="fold")
    for f in files:
        table.add_row(f.source, _short_path(f.path), f.outcome, f.import_id or "", _count(f.created),
                      _count(f.invalid_rows), f"{f.updated_at:%Y-%m-%d %H:%M:%S}",
                      _short_path(f.archived_to, 2) if f.archived_at and f.archived_to else "")
    out.print(table)
    if attention:
        table = Table(title="Failures")
        for name in ("Source", "File", "Outcome", "Tries", "When (UTC)", "Error"):
            table.add_column(name, overflow="fold")
        for f in attention:
            table.add_row(f.source, _short_path(f.path), f.outcome, str(f.attempts),
                          f"{f.updated_at:%Y-%m-%d %H:%M:%S}", f.error or "")
        out.print(table)


def _short_path(path: str, parts: int = 1) -> str:
    """The last ``parts`` components of a remote path (the table's width is for the names)."""
    return "/".join(path.split("/")[-parts:])


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


@sftp.command("trust-host")
@click.argument("source_name", metavar="[SOURCE]", required=False)
@_source_options
@click.option("--fingerprint", "expected", metavar="SHA256:…", help="Record the key only if its fingerprint is this one (as the server's administrator gave it).")
@click.option("--yes", is_flag=True, help="Record the key without asking.")
@click.option("--replace", is_flag=True, help="Replace a different key already recorded for this server (after a genuine key change).")
def trust_host(source_name, config_path, only, database_url, expected, yes, replace, **one_source):
    """Show the host key of SOURCE's server and record it in its known_hosts file.

    Compare the fingerprint with the one the server's administrator gives you (on the server:
    ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before you accept it.
    """
    from getbill_import.sftp.remote import (
        fetch_host_key,
        fingerprint,
        record_host_key,
        recorded_keys,
    )

    with user_errors():
        _, config = _configure(config_path, (source_name,) if source_name else only, database_url, **one_source)
        if len(config.sources) != 1:
            raise ConfigError(
                "Name the source whose server to trust: "
                + ", ".join(s.name for s in config.sources) + "."
            )
        source = config.sources[0]
        key = fetch_host_key(source.host, source.port, source.connect_timeout)
        shown = fingerprint(key)
        out = console()
        out.print(f"{source.host}:{source.port} presents the {key.get_name()} key [bold]{shown}[/]")
        recorded = recorded_keys(source.known_hosts, source.host, source.port)
        same = recorded.get(key.get_name())
        if same is not None and fingerprint(same) == shown:
            out.print(f"This key is already recorded in {source.known_hosts}.")
            raise SystemExit(EXIT_OK)
        if recorded and not replace:
            others = ", ".join(f"{t} {fingerprint(k)}" for t, k in recorded.items())
            raise ConfigError(
                f"{source.known_hosts} already records another key for this server ({others}). If the "
                "server's key really changed, confirm the new fingerprint with its administrator and "
                "run again with --replace."
            )
        if expected is not None and expected.strip() != shown:
            raise ConfigError(
                f"The server's key fingerprint {shown} is not the expected {expected.strip()}: "
                "nothing was recorded. Someone may be intercepting the connection."
            )
        if expected is None and not yes and not click.confirm(
            "Is this the fingerprint the server's administrator gave you? Record it", default=False
        ):
            out.print("Nothing was recorded.")
            raise SystemExit(EXIT_INVALID_ROWS)
        record_host_key(source.known_hosts, source.host, source.port, key, replace=replace)
        out.print(f"Recorded in {source.known_hosts}: the watcher now accepts this server.")
    raise SystemExit(EXIT_OK)


COMMANDS = [sftp]
