"""Standard Webhooks signing and the receivers' verify()."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from getbill_import.webhooks import WebhookVerificationError, new_secret, sign_headers, verify

BODY = b'{"event":"debt.created","data":{"debt_id":"debt_1"}}'


def test_the_signature_is_standard_webhooks_hmac_sha256() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) >= 24
    headers = sign_headers([secret], "wh_1", 1_700_000_000, BODY)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, b"wh_1.1700000000." + BODY, hashlib.sha256).digest()).decode()
    assert headers == {"webhook-id": "wh_1", "webhook-timestamp": "1700000000", "webhook-signature": f"v1,{expected}"}


def test_verify_accepts_any_matching_signature_and_refuses_the_rest() -> None:
    old, new = new_secret(), new_secret()
    headers = sign_headers([new, old], "wh_2", 1_700_000_000, BODY)
    for secret in (old, new):
        verify(BODY, headers, secret, now=1_700_000_100)
    upper = {k.upper(): v for k, v in headers.items()}
    verify(BODY.decode(), upper, new, now=1_700_000_000)
    with pytest.raises(WebhookVerificationError, match="no signature"):
        verify(BODY, headers, new_secret(), now=1_700_000_000)
    with pytest.raises(WebhookVerificationError, match="no signature"):
        verify(BODY.replace(b"debt_1", b"debt_2"), headers, new, now=1_700_000_000)
    with pytest.raises(WebhookVerificationError, match="too far"):
        verify(BODY, headers, new, now=1_700_000_301)
    with pytest.raises(WebhookVerificationError, match="missing header"):
        verify(BODY, {"webhook-id": "wh_2"}, new)
