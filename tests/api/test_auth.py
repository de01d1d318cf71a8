"""OAuth2 (RFC 6749 client credentials and refresh tokens, RFC 7009 revocation), API keys and
bearer errors (RFC 6750)."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.api.conftest import ApiServer, debt


def _token(api: ApiServer, **form: str) -> httpx.Response:
    return httpx.post(f"{api.url}/oauth/token", data=form)


def test_client_authenticates_with_basic_or_the_form(api: ApiServer) -> None:
    client_id, secret = api.client()
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    by_basic = httpx.post(f"{api.url}/oauth/token", data={"grant_type": "client_credentials"},
                          headers={"Authorization": f"Basic {basic}"})
    by_form = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret)
    assert by_basic.status_code == by_form.status_code == 200
    assert by_basic.json()["access_token"] != by_form.json()["access_token"]


@pytest.mark.parametrize("wrong", ["secret", "client"])
def test_a_wrong_client_is_invalid_client_401(api: ApiServer, wrong: str) -> None:
    client_id, secret = api.client()
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    form["client_secret" if wrong == "secret" else "client_id"] += "x"
    answer = _token(api, **form)
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert answer.headers["www-authenticate"].startswith("Basic")
    assert answer.headers["cache-control"] == "no-store"


def test_oauth_errors_speak_oauth(api: ApiServer) -> None:
    client_id, secret = api.client(scopes="read")
    assert _token(api, grant_type="password", client_id=client_id, client_secret=secret).json()["error"] == "unsupported_grant_type"
    wider = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret, scope="read write")
    assert (wider.status_code, wider.json()["error"]) == (400, "invalid_scope")
    unknown = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret, scope="admin")
    assert unknown.json()["error"] == "invalid_scope"
    assert _token(api, grant_type="refresh_token", refresh_token="gbrt_nope").json()["error"] == "invalid_grant"
    missing = httpx.post(f"{api.url}/oauth/token", data={})
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")


def test_refresh_rotates_and_a_used_refresh_token_revokes_its_grant(api: ApiServer) -> None:
    client_id, secret = api.client()
    first = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret).json()
    second = _token(api, grant_type="refresh_token", refresh_token=first["refresh_token"],
                    client_id=client_id, client_secret=secret).json()
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    with httpx.Client(base_url=api.url, headers={"Authorization": f"Bearer {second['access_token']}"}) as http:
        assert http.get("/debts").status_code == 200
        replayed = _token(api, grant_type="refresh_token", refresh_token=first["refresh_token"])
        assert (replayed.status_code, replayed.json()["error"]) == (400, "invalid_grant")
        # the replay revoked the whole grant: the newest tokens too
        assert http.get("/debts").status_code == 401
    third = _token(api, grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert third.json()["error"] == "invalid_grant"


def test_a_refresh_token_may_narrow_its_scope_not_widen_it(api: ApiServer) -> None:
    client_id, secret = api.client(scopes="read write")
    first = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret, scope="read").json()
    assert first["scope"] == "read"
    widened = _token(api, grant_type="refresh_token", refresh_token=first["refresh_token"], scope="read write")
    assert widened.json()["error"] == "invalid_scope"


def test_revocation_takes_effect_at_once(api: ApiServer) -> None:
    client_id, secret = api.client()
    tokens = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret).json()
    with httpx.Client(base_url=api.url, headers={"Authorization": f"Bearer {tokens['access_token']}"}) as http:
        assert http.get("/debts").status_code == 200
        revoked = httpx.post(f"{api.url}/oauth/revoke", data={"token": tokens["access_token"],
                             "client_id": client_id, "client_secret": secret})
        assert revoked.status_code == 200
        assert http.get("/debts").status_code == 401
    # the refresh token still works (only the access token was revoked); revoking it ends the grant
    renewed = _token(api, grant_type="refresh_token", refresh_token=tokens["refresh_token"]).json()
    httpx.post(f"{api.url}/oauth/revoke", data={"token": renewed["refresh_token"], "client_id": client_id,
                                                "client_secret": secret})
    assert httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {renewed['access_token']}"}).status_code == 401
    # another client cannot revoke this client's tokens (RFC 7009 still answers 200)
    other_id, other_secret = api.client()
    fresh = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret).json()
    httpx.post(f"{api.url}/oauth/revoke", data={"token": fresh["access_token"], "client_id": other_id,
                                                "client_secret": other_secret})
    assert httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {fresh['access_token']}"}).status_code == 200


def test_bearer_errors(api: ApiServer) -> None:
    none = httpx.get(f"{api.url}/debts")
    assert none.status_code == 401
    assert none.headers["www-authenticate"].startswith("Bearer")
    assert none.headers["content-type"] == "application/problem+json"
    bad = httpx.get(f"{api.url}/debts", headers={"Authorization": "Bearer gbat_nothing.here"})
    assert bad.status_code == 401 and 'error="invalid_token"' in bad.headers["www-authenticate"]
    assert bad.json()["code"] == "invalid_token"
    forged = api.key()[:-4] + "AAAA"
    assert httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    reader = api.key(scopes="read")
    denied = httpx.post(f"{api.url}/debts", json=debt("R-1"), headers={"Authorization": f"Bearer {reader}"})
    assert denied.status_code == 403
    assert 'error="insufficient_scope"' in denied.headers["www-authenticate"]
    assert denied.json()["code"] == "insufficient_scope"


def test_revoked_keys_and_clients_stop_working(api: ApiServer) -> None:
    from getbill_import.store import open_store
    from getbill_import.store.credentials import revoke_client, revoke_key
    from getbill_import.store.types import utc_now

    key = api.key()
    client_id, secret = api.client()
    token = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret).json()["access_token"]
    key_id = "key_" + key.removeprefix("gbk_live_").partition(".")[0]
    with open_store(api.database_url) as store:
        revoke_key(store, key_id=key_id, now=utc_now())
        revoke_client(store, client_id=client_id, now=utc_now())
    assert httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert httpx.get(f"{api.url}/debts", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    again = _token(api, grant_type="client_credentials", client_id=client_id, client_secret=secret)
    assert again.json()["error"] == "invalid_client"


@pytest.mark.parametrize("cache_seconds", ["0", "1"])
def test_a_key_revoked_by_another_process_stops_working_within_the_cache_time(make_server, cache_seconds: str) -> None:  # type: ignore[no-untyped-def]
    """A server trusts a credential it verified for GETBILL_API_AUTH_CACHE_SECONDS at most: a key
    revoked from the command line (another process) is refused once that time has passed, and at
    once when the cache is off."""
    import time

    from getbill_import.store import open_store
    from getbill_import.store.credentials import revoke_key
    from getbill_import.store.types import utc_now

    server: ApiServer = make_server(GETBILL_API_AUTH_CACHE_SECONDS=cache_seconds)
    key = server.key()
    key_id = "key_" + key.removeprefix("gbk_live_").partition(".")[0]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}) as http:
        assert http.get("/debts").status_code == 200
        # POST routes check a cached credential on the event loop: the same rules apply
        assert http.post("/debts", json=debt("AUTH-CACHE-1")).status_code == 201
        with open_store(server.database_url) as store:
            revoke_key(store, key_id=key_id, now=utc_now())
        time.sleep(float(cache_seconds) + 0.2)
        refused = http.get("/debts")
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
        refused = http.post("/debts", json=debt("AUTH-CACHE-2"))
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
