"""The embedded REST API (``getbill-import serve``): the product page's contract under
``/external-api/v1`` — OAuth2 and API keys, cases, batches, file uploads, the access log and
the sandbox — on the same pipeline, store and case service as the command line.

Public surface:

    create_app(settings=None, *, store=None, clock=utc_now, run_worker=True) -> FastAPI
"""

from __future__ import annotations

from getbill_import.api.app import create_app

__all__ = ["create_app"]
