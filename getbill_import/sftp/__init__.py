"""The SFTP watcher: files dropped in remote folders, imported exactly once.

Public surface:

    load_config(path, *, data_dir, default_account) -> WatchConfig   # TOML, one or more sources
    build_source(name, values, *, data_dir, default_account) -> SourceConfig
    Watcher(settings, store, *, connect=paramiko_connector, clock=time.time, sleep=None, stop=None)
        .run_cycle(sources) -> list[SourceResult]      # once (cron, systemd timer)
        .watch(sources)                                # until ``stop`` is set (the daemon)
    RemoteFS, Connector, paramiko_connector            # the SFTP seam
    fetch_host_key, fingerprint, record_host_key       # ``sftp trust-host``

The ledger and cycle log live in the store (``store/sftp_ledger.py``).
"""

from __future__ import annotations

from getbill_import.sftp.config import SourceConfig, WatchConfig, build_source, load_config
from getbill_import.sftp.remote import (
    Connector,
    HostKeyError,
    RemoteAuthError,
    RemoteEntry,
    RemoteFileError,
    RemoteFS,
    RemoteUnavailable,
    fetch_host_key,
    fingerprint,
    paramiko_connector,
    record_host_key,
)
from getbill_import.sftp.watcher import FileResult, SourceResult, Watcher

__all__ = [
    "Connector",
    "FileResult",
    "HostKeyError",
    "RemoteAuthError",
    "RemoteEntry",
    "RemoteFS",
    "RemoteFileError",
    "RemoteUnavailable",
    "SourceConfig",
    "SourceResult",
    "WatchConfig",
    "Watcher",
    "build_source",
    "fetch_host_key",
    "fingerprint",
    "load_config",
    "paramiko_connector",
    "record_host_key",
]
