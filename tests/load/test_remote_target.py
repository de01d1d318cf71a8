"""Where ``import --to`` sends and with which credentials: options, then environment variables,
then a named target of the config file; secrets never shown, never read from a file others can
read, never sent over plain HTTP to another machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from getbill_import.cli import cli
from getbill_import.config import RemoteSettings, Settings
from getbill_import.errors import ConfigError
from getbill_import.load.remote import ApiKey, ClientCredentials, CredentialOptions, resolve_target

URL = "https://getbill.example/external-api/v1"


def _config(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / "remote.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_an_api_key_option_wins_and_never_shows(tmp_path: Path) -> None:
    settings = RemoteSettings(client_id="cli_env", client_secret="env-secret")
    target = resolve_target(URL + "/", settings, CredentialOptions(api_key="gbk_live_abc.s3cret-value"))
    assert target.url == URL
    assert isinstance(target.credentials, ApiKey)
    assert target.account.startswith("key:") and "s3cret" not in target.account
    assert "s3cret" not in repr(target) and "s3cret" not in repr(target.credentials)


def test_environment_credentials_and_settings(tmp_path: Path) -> None:
    settings = Settings.from_env({
        "GETBILL_DATA_DIR": str(tmp_path), "GETBILL_REMOTE_CLIENT_ID": "cli_1", "GETBILL_REMOTE_CLIENT_SECRET": "gbcs_xyz",
        "GETBILL_REMOTE_CHUNK_SIZE": "250", "GETBILL_REMOTE_RETRIES": "0", "GETBILL_REMOTE_TIMEOUT_SECONDS": "5",
    })
    assert "gbcs_xyz" not in repr(settings)
    target = resolve_target(URL, settings.remote)
    assert isinstance(target.credentials, ClientCredentials)
    assert target.account == "client:cli_1"
    assert (target.chunk_size, target.retries, target.timeout_s) == (250, 0, 5.0)
    # an id given as an option takes its secret from the environment
    target = resolve_target(URL, settings.remote, CredentialOptions(client_id="cli_2"))
    assert target.account == "client:cli_2"


def test_a_named_target_of_the_config_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("gbcs_from_file\n")
    path = _config(tmp_path, f'''
[targets.production]
url = "{URL}"
client_id = "cli_prod"
client_secret_env = "PROD_SECRET"
scope = "read write"
chunk_size = 500
concurrency = 3

[targets.other]
url = "https://other.example/external-api/v1"
client_id = "cli_other"
client_secret_file = "{secret_file}"
''', mode=0o644)
    settings = RemoteSettings(config_path=path)
    target = resolve_target("production", settings, env={"PROD_SECRET": "gbcs_prod"})
    assert target.name == "production" and target.url == URL
    assert isinstance(target.credentials, ClientCredentials)
    assert target.credentials.scope == "read write" and target.credentials.secrets() == ("gbcs_prod",)
    assert (target.chunk_size, target.concurrency) == (500, 3)
    # an option wins over the target
    assert resolve_target("production", settings, CredentialOptions(chunk_size=20), env={"PROD_SECRET": "x"}).chunk_size == 20
    # the URL of a target finds it
    by_url = resolve_target("https://other.example/external-api/v1/", settings, env={})
    assert by_url.name == "other" and by_url.credentials.secrets() == ("gbcs_from_file",)
    with pytest.raises(ConfigError, match="PROD_SECRET, which is not set"):
        resolve_target("production", settings, env={})
    with pytest.raises(ConfigError, match=r"no target 'staging' .*targets: other, production"):
        resolve_target("staging", settings, env={})


def test_a_secret_in_the_file_needs_a_private_file(tmp_path: Path) -> None:
    path = _config(tmp_path, f'[targets.t]\nurl = "{URL}"\napi_key = "gbk_live_a.b"\n', mode=0o644)
    with pytest.raises(ConfigError, match=f"chmod 600 {path}") as refused:
        resolve_target("t", RemoteSettings(config_path=path), env={})
    assert "gbk_live_a.b" not in str(refused.value)
    path.chmod(0o600)
    assert resolve_target("t", RemoteSettings(config_path=path), env={}).credentials.secrets() == ("gbk_live_a.b",)


@pytest.mark.parametrize(("url", "allowed"), [
    ("http://127.0.0.1:8000/external-api/v1", True),
    ("http://localhost:8000/external-api/v1", True),
    ("http://[::1]:8000/external-api/v1", True),
    ("http://getbill.example/external-api/v1", False),
    ("http://10.0.0.5/external-api/v1", False),
])
def test_plain_http_only_to_this_machine(url: str, allowed: bool) -> None:
    options = CredentialOptions(api_key="k-123456")
    if allowed:
        assert resolve_target(url, RemoteSettings(), options).url == url
    else:
        with pytest.raises(ConfigError, match="plain HTTP"):
            resolve_target(url, RemoteSettings(), options)


def test_plain_http_allowed_by_the_target(tmp_path: Path) -> None:
    path = _config(tmp_path, '[targets.lan]\nurl = "http://10.0.0.5/external-api/v1"\nallow_http = true\n'
                             'api_key_env = "K"\n')
    assert resolve_target("lan", RemoteSettings(config_path=path), env={"K": "key-1"}).url == "http://10.0.0.5/external-api/v1"


@pytest.mark.parametrize(("to", "options", "message"), [
    ("https://user:pw@getbill.example/v1", CredentialOptions(api_key="k-123456"), "must not carry a user name"),
    ("https://getbill.example/v1?x=1", CredentialOptions(api_key="k-123456"), "without '\\?' or '#'"),
    ("ftp://getbill.example/v1", CredentialOptions(api_key="k-123456"), "not an http"),
    (URL, CredentialOptions(), "No credentials for"),
    (URL, CredentialOptions(api_key="k-123456", client_id="cli"), "not both"),
    (URL, CredentialOptions(client_id="cli"), "client secret .* is missing"),
])
def test_unusable_targets_are_said(to: str, options: CredentialOptions, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_target(to, RemoteSettings(), options, env={})


def test_an_unknown_key_in_a_target_is_refused(tmp_path: Path) -> None:
    path = _config(tmp_path, f'[targets.t]\nurl = "{URL}"\napi_kye = "x"\n')
    with pytest.raises(ConfigError, match=r"unknown key.*api_kye"):
        resolve_target("t", RemoteSettings(config_path=path), CredentialOptions(api_key="k-123456"), env={})


def test_the_command_says_what_is_wrong_with_the_target(tmp_path: Path) -> None:
    export = tmp_path / "f.csv"
    export.write_text("Facture;Client;Montant\nF1;A;10\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["import", str(export), "--to", "http://getbill.example/external-api/v1",
                                    "--api-key", "gbk_live_s3cret"], env={"GETBILL_DATA_DIR": str(tmp_path)})
    assert done.exit_code == 2
    assert "plain HTTP" in done.output and "s3cret" not in done.output
