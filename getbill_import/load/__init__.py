"""Loaders: validated cases into the local store (``local``) or a remote batch API.

Public surface:

    load_cases(store, cases, *, account, import_id=None, on_existing="skip", batch_size=20_000,
               progress=None) -> LoadResult(created, updated, unchanged, skipped_existing, skipped_resolved)
"""

from __future__ import annotations

from getbill_import.load.local import LoadResult, OnExisting, Progress, load_cases

__all__ = ["LoadResult", "OnExisting", "Progress", "load_cases"]
