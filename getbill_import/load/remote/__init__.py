"""Loading validated cases into a remote batch API (``POST /debts/batch``), exactly once.

Public surface:

    RemoteLoader(http: httpx.Client, base_url, credentials, *, chunk_size=1000, concurrency=8,
                 policy=RetryPolicy()).load(encode_debts(cases), sha256=…, ledger=…) -> RemoteLoadResult
    ApiKey(key), ClientCredentials(client_id, client_secret, scope=None)      # credentials
    encode_debts(cases) -> EncodedDebts                                      # valid rows as JSON debts
    resolve_target(to, settings.remote, CredentialOptions(...)) -> RemoteTarget
    run_remote_import(path, settings, target, options, *, http=None, store=None) -> RemoteImportResult

Library users give the ``httpx.Client`` (its timeout, proxies, TLS settings are theirs); the
command line makes one per run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from getbill_import.load.remote.auth import ApiKey, ClientCredentials, Credentials
from getbill_import.load.remote.client import ApiClient, RequestStats, RetryPolicy
from getbill_import.load.remote.debts import EncodedDebts, encode_debts
from getbill_import.load.remote.errors import (
    RemoteAuthError,
    RemoteError,
    RemoteRejected,
    RemoteUnavailable,
)
from getbill_import.load.remote.loader import (
    ChunkLedger,
    MemoryLedger,
    RemoteLoader,
    RemoteLoadResult,
)
from getbill_import.load.remote.target import CredentialOptions, RemoteTarget, resolve_target

if TYPE_CHECKING:
    from getbill_import.load.remote.importer import RemoteImportResult, run_remote_import

__all__ = [
    "ApiClient", "ApiKey", "ChunkLedger", "ClientCredentials", "CredentialOptions", "Credentials",
    "EncodedDebts", "MemoryLedger", "RemoteAuthError", "RemoteError", "RemoteImportResult", "RemoteLoadResult",
    "RemoteLoader", "RemoteRejected", "RemoteTarget", "RemoteUnavailable", "RequestStats", "RetryPolicy",
    "encode_debts", "resolve_target", "run_remote_import",
]


def __getattr__(name: str) -> Any:
    # the importer needs the whole file pipeline: loaded when asked for
    if name in ("RemoteImportResult", "run_remote_import"):
        from getbill_import.load.remote import importer

        return getattr(importer, name)
    raise AttributeError(name)
