"""Webhooks: every event of the store's outbox, signed (Standard Webhooks, HMAC-SHA256) and
delivered to the endpoints that want it, retried with backoff, recorded attempt by attempt.

Public surface:

    verify(body, headers, secret, tolerance=300)      # for receivers: raises WebhookVerificationError
    sign_headers(secrets, message_id, timestamp, body) / new_secret()
    Dispatcher(store, settings, clock=…, transport=…)  # .start() / .stop() / await .run_until_idle()
"""

from __future__ import annotations

from getbill_import.webhooks.signing import (
    WebhookVerificationError,
    new_secret,
    sign_headers,
    verify,
)

__all__ = ["WebhookVerificationError", "new_secret", "sign_headers", "verify"]
