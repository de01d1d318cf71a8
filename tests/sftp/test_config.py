"""The watcher's TOML configuration, its schedules and the choice of complete files: what a
configuration means, and the messages a mistake in it gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from getbill_import.errors import ConfigError
from getbill_import.sftp.config import DEFAULT_PATTERNS, load_config, resolve_config
from getbill_import.sftp.remote import RemoteEntry
from getbill_import.sftp.schedule import parse_schedule
from getbill_import.sftp.select import (
    WAIT_MARKER,
    WAIT_STABLE,
    Candidate,
    candidates,
    decide,
    newest,
)


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "id_ed25519"
    path.write_text("not read here")
    return path


def _load(tmp_path: Path, text: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "sftp.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, data_dir=tmp_path / "data", default_account="main", env=env or {})


def test_a_full_configuration(tmp_path: Path, key: Path) -> None:
    config = _load(tmp_path, f"""
[defaults]
known_hosts = "keys/known_hosts"
report_format = "csv"
min_age = 120

[sources.acme]
host = "sftp.acme.example"
user = "getbill"
key_file = "{key.name}"
remote_dir = "/exports"
patterns = ["*.csv"]
schedule = "15 6 * * 1-5"
timezone = "Europe/Paris"
account = "acme"
profile = "sage-100-relances"

[sources.acme.subdirs."odoo/daily"]
profile = "odoo-account-move"
report_format = "xlsx"

[sources.beta]
host = "beta.example"
port = 2222
user = "drop"
password_env = "BETA_PASSWORD"
""", env={"BETA_PASSWORD": "s3cret"})
    acme, beta = config.sources
    assert (acme.host, acme.port, acme.user, acme.account) == ("sftp.acme.example", 22, "getbill", "acme")
    assert acme.key_file == key and acme.known_hosts == tmp_path / "keys" / "known_hosts"
    assert acme.min_age == 120 and acme.schedule.cron == "15 6 * * 1-5"
    root, sub = acme.folders
    assert (root.path, root.patterns, root.profile, root.report_format) == ("/exports", ("*.csv",), "sage-100-relances", "csv")
    assert (sub.path, sub.patterns, sub.profile, sub.report_format) == ("/exports/odoo/daily", ("*.csv",), "odoo-account-move", "xlsx")
    # beta: the defaults, the default account, the password from its variable
    assert (beta.port, beta.account, beta.password, beta.key_file) == (2222, "main", "s3cret", None)
    assert beta.folders[0].path == "." and beta.folders[0].patterns == DEFAULT_PATTERNS
    assert beta.schedule.interval == 3600 and beta.completion == "auto"
    assert "s3cret" not in repr(beta)
    assert config.select(["beta"]).sources == (beta,)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nto = "https://api.example.com"\n', "not supported yet"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nhots = "x"\n', "unknown key 'hots'"),
        ('[sources.a]\nuser = "u"\npassword_env = "P"\n', "host is required"),
        ('[sources.a]\nhost = "h"\nuser = "u"\n', "give a key_file"),
        ('[sources.a]\nhost = "h"\nuser = "u"\nkey_file = "missing"\n', "does not exist"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "UNSET"\n', "UNSET, which is not set"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nschedule = "sometimes"\n', "is not a schedule"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nschedule = "61 * * * *"\n', "is not a schedule"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nport = 70000\n', "port must be a whole number"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\nreport_format = "pdf"\n', "report_format must be"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\ncompletion = "eventually"\n', "completion must be"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\n[sources.a.subdirs."../up"]\n', "relative path below"),
        ('[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\n[sources.a.subdirs.x]\nhost = "y"\n', "unknown key 'host'"),
        ("[defaults]\nmin_age = 3\n", "names no source"),
        ("[sources.a\n", "not valid TOML"),
    ],
)
def test_configuration_mistakes_are_explained(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, text, env={"P": "pw"})


def test_the_configuration_file_is_found_by_option_variable_or_data_folder(tmp_path: Path) -> None:
    text = '[sources.a]\nhost = "h"\nuser = "u"\npassword_env = "P"\n'
    data = tmp_path / "data"
    data.mkdir()
    (data / "sftp.toml").write_text(text)
    env = {"P": "pw"}
    assert resolve_config(data_dir=data, default_account="x", env=env).path == data / "sftp.toml"
    other = tmp_path / "other.toml"
    other.write_text(text.replace("[sources.a]", "[sources.b]"))
    found = resolve_config(data_dir=data, default_account="x", env={**env, "GETBILL_SFTP_CONFIG": str(other)})
    assert [s.name for s in found.sources] == ["b"]
    with pytest.raises(ConfigError, match="only with --host"):
        resolve_config(data_dir=data, default_account="x", env=env, one_source={"user": "u"})


@pytest.mark.parametrize(
    ("text", "after", "expected"),
    [
        ("hourly", "2026-03-02 10:20:00", "2026-03-02 11:20:00"),
        ("every 15m", "2026-03-02 10:20:00", "2026-03-02 10:35:00"),
        ("every 30s", "2026-03-02 10:20:00", "2026-03-02 10:20:30"),
        ("0 * * * *", "2026-03-02 10:20:00", "2026-03-02 11:00:00"),
        ("30 6 * * 1-5", "2026-03-06 07:00:00", "2026-03-09 06:30:00"),  # Friday → Monday
    ],
)
def test_schedules(text: str, after: str, expected: str) -> None:
    schedule = parse_schedule(text, timezone="UTC")
    start = dt.datetime.fromisoformat(after).replace(tzinfo=dt.UTC).timestamp()
    got = dt.datetime.fromtimestamp(schedule.next_after(start), dt.UTC)
    assert got == dt.datetime.fromisoformat(expected).replace(tzinfo=dt.UTC)


def test_a_cron_schedule_follows_its_time_zone() -> None:
    schedule = parse_schedule("0 6 * * *", timezone="Europe/Paris")
    start = dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC).timestamp()
    assert dt.datetime.fromtimestamp(schedule.next_after(start), dt.UTC).hour == 4  # 06:00 CEST


def _entry(name: str, size: int = 10, mtime: int = 1000, is_file: bool = True) -> RemoteEntry:
    return RemoteEntry(name, f"/drop/{name}", size, mtime, is_dir=not is_file, is_file=is_file)


def test_only_data_files_matching_the_patterns_are_candidates() -> None:
    entries = [
        _entry("a.csv"), _entry("A.CSV"), _entry("b.xlsx"), _entry("c.csv.part"), _entry("d.tmp"),
        _entry("e.csv.filepart"), _entry(".hidden.csv"), _entry("notes.txt"), _entry("processed", is_file=False),
        _entry("a.csv.ready"), _entry("b.xlsx.done"),
    ]
    found = candidates(entries, ["*.csv", "*.xlsx"])
    assert [(c.entry.name, c.markers) for c in found] == [
        ("A.CSV", ()), ("a.csv", ("a.csv.ready",)), ("b.xlsx", ("b.xlsx.done",)),
    ]


@pytest.mark.parametrize(
    ("completion", "markers", "second", "now", "verdict"),
    [
        ("auto", (), (10, 1000), 1100, None),  # unchanged and old enough
        ("auto", (), (12, 1001), 1100, WAIT_STABLE),  # grew between the looks
        ("auto", (), None, 1100, WAIT_STABLE),  # gone at the second look
        ("auto", (), (10, 1000), 1030, WAIT_STABLE),  # unchanged but younger than a minute
        ("auto", ("x.csv.ready",), None, 1001, None),  # a marker: complete at once
        ("marker", (), (10, 1000), 9999, WAIT_MARKER),
        ("marker", ("x.csv.done",), None, 1001, None),
        ("stable", ("x.csv.ready",), (12, 1001), 9999, WAIT_STABLE),  # markers not looked at
    ],
)
def test_which_files_are_complete(completion, markers, second, now, verdict) -> None:  # type: ignore[no-untyped-def]
    candidate = Candidate(_entry("x.csv", 10, 1000), markers)
    later = _entry("x.csv", *second) if second else None
    assert decide(candidate, later, completion=completion, now=now, min_age=60) == verdict


def _acme(key: Path, *lines: str) -> str:
    return "\n".join(['[sources.acme]', 'host = "sftp.acme.example"', 'user = "getbill"', f'key_file = "{key}"', *lines, ""])


def test_a_folder_names_its_debtors_file_or_the_debtors_files_dropped_in_it(tmp_path: Path, key: Path) -> None:
    customers = tmp_path / "customers.csv"
    customers.write_text("Kunde;Name 1\n100023;Lefèvre GmbH\n", encoding="utf-8")
    config = _load(tmp_path, _acme(
        key, 'debtors = "customers.csv"', "[sources.acme.subdirs.xero]", 'profile = "xero-sales-invoices"',
        "[sources.acme.subdirs.other]", f'debtors = "{customers}"',
        "[sources.acme.subdirs.sap]", 'debtors_patterns = "Debitoren*.csv"',
    ))
    [source] = config.sources
    # relative to the configuration file; a sub-directory inherits its source's, or names the
    # files dropped beside its invoices instead
    assert [(f.debtors, f.debtors_patterns) for f in source.folders] == [(customers, ())] * 3 + [
        (None, ("Debitoren*.csv",))
    ]
    [source] = _load(tmp_path, _acme(key, 'debtors_patterns = ["Debitoren*.csv"]', "[sources.acme.subdirs.sap]")).sources
    assert [(f.debtors, f.debtors_patterns) for f in source.folders] == [(None, ("Debitoren*.csv",))] * 2
    with pytest.raises(ConfigError, match=r"\[sources.acme\]: the debtors file .*missing.csv does not exist"):
        _load(tmp_path, _acme(key, 'debtors = "missing.csv"'))
    with pytest.raises(ConfigError, match=r"\[sources.acme\]: give debtors .* or debtors_patterns .*not both"):
        _load(tmp_path, _acme(key, 'debtors = "customers.csv"', 'debtors_patterns = ["Debitoren*.csv"]'))


def test_the_folders_debtors_files_are_not_taken_as_invoices() -> None:
    listing = [_entry(n, 10, 1000) for n in ("Debitoren_2026-12-01.csv", "OP_2026-12-01.csv", "OP_2026-12-01.csv.ready")]
    assert [c.entry.name for c in candidates(listing, ["*.csv"], exclude=["debitoren*.csv"])] == ["OP_2026-12-01.csv"]
    assert [c.entry.name for c in candidates(listing, ["debitoren*.csv"])] == ["Debitoren_2026-12-01.csv"]
    older, newer = Candidate(_entry("d1.csv", 10, 1000)), Candidate(_entry("d2.csv", 10, 2000))
    assert newest([older, newer]) == newer and newest([]) is None


def test_a_folder_of_complete_lists(tmp_path: Path, key: Path) -> None:
    """``complete = true``: each file of the folder lists every open invoice (``import --complete``);
    a sub-directory inherits it, or says otherwise."""
    [source] = _load(tmp_path, _acme(
        key, "complete = true", "[sources.acme.subdirs.extracts]", "complete = false", "[sources.acme.subdirs.all]",
    )).sources
    assert [(f.path.rsplit("/", 1)[-1], f.complete) for f in source.folders] == [(".", True), ("extracts", False), ("all", True)]
    with pytest.raises(ConfigError, match="complete"):
        _load(tmp_path, _acme(key, 'complete = "yes"'))


def test_a_folder_of_files_without_a_header_row(tmp_path: Path, key: Path) -> None:
    """``header_line = 0``: the folder's files are exported without their columns' names
    (``import --header-line 0``); a sub-directory inherits it, or says otherwise."""
    [source] = _load(tmp_path, _acme(
        key, "header_line = 0", "[sources.acme.subdirs.titled]", "header_line = 3", "[sources.acme.subdirs.bare]",
    )).sources
    assert [(f.path.rsplit("/", 1)[-1], f.header_line) for f in source.folders] == [(".", 0), ("titled", 3), ("bare", 0)]
    with pytest.raises(ConfigError, match="header_line"):
        _load(tmp_path, _acme(key, "header_line = -1"))
