"""Scenarios as data: the bundled catalog, a user's folder that adds or replaces scenarios and
templates, clear errors for a broken file, and validation accepting exactly the catalog's names."""

from __future__ import annotations

from pathlib import Path

import pytest

from getbill_import.collection.scenarios import CHANNELS, bundled_names, load_catalog
from getbill_import.config import Settings
from getbill_import.errors import ConfigError
from getbill_import.fields import DEFAULT_SCENARIOS
from getbill_import.records import prepare_records
from getbill_import.validate import ValidationOptions


def test_the_bundled_catalog_holds_the_standard_gentle_and_firm_scenarios() -> None:
    catalog = load_catalog()
    assert catalog.names == ("standard_3_waves", "gentle_2_waves", "firm_4_waves", "b2b_escalation")
    standard = catalog.scenarios["standard_3_waves"]
    assert [(w.day, w.channel) for w in standard.waves] == [(1, "email"), (7, "sms"), (15, "ai_call")]
    assert standard.escalation_day == 30 and standard.steps == 4
    gentle, firm = catalog.scenarios["gentle_2_waves"], catalog.scenarios["firm_4_waves"]
    assert gentle.escalation_day > standard.escalation_day > firm.escalation_day
    assert {w.channel for w in firm.waves} == set(CHANNELS)
    for scenario in catalog.scenarios.values():
        for wave in scenario.waves:
            assert catalog.templates[wave.template].channel == wave.channel


def test_validation_knows_exactly_the_catalogs_scenarios() -> None:
    assert DEFAULT_SCENARIOS == bundled_names() == ValidationOptions().scenarios
    assert Settings.from_env({"GETBILL_DATA_DIR": "/nonexistent"}).scenarios == bundled_names()


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_folder_adds_scenarios_and_templates_and_validation_accepts_them(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    _write(folder / "templates", "relance_courtoise.toml",
           'channel = "email"\nsubject = "Facture $reference"\nbody = "Bonjour $debtor_name, reste $balance $currency."\n')
    _write(folder, "relance_douce.toml",
           '[[waves]]\nday = 2\nchannel = "email"\ntemplate = "relance_courtoise"\n\n'
           '[[waves]]\nday = 9\nchannel = "sms"\ntemplate = "sms_reminder"\n')
    settings = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path), "GETBILL_SCENARIOS_DIR": str(folder)})
    assert settings.scenarios[-1] == "relance_douce" and "standard_3_waves" in settings.scenarios
    scenario = load_catalog(folder).scenarios["relance_douce"]
    assert scenario.escalation_day is None and [w.template for w in scenario.waves] == ["relance_courtoise", "sms_reminder"]
    prepared = prepare_records([
        {"debtor": {"name": "A"}, "amount": 10, "reference": "R-1", "scenario": "relance_douce"},
        {"debtor": {"name": "A"}, "amount": 10, "reference": "R-2", "scenario": "relance-douce"},
        {"debtor": {"name": "A"}, "amount": 10, "reference": "R-3", "scenario": "relance_duoce"},
    ], settings)
    assert prepared.cases["scenario"].to_list() == ["relance_douce", "relance_douce", None]
    problem = prepared.problems.filter(prepared.problems["code"] == "unknown-scenario").to_dicts()
    assert [(p["line"], p["suggestion"]) for p in problem] == [(2, "relance_douce")]


def test_a_users_scenario_replaces_a_bundled_one_of_the_same_name(tmp_path: Path) -> None:
    _write(tmp_path, "standard_3_waves.toml",
           'order = 1\n[[waves]]\nday = 5\nchannel = "letter"\ntemplate = "letter_formal_notice"\n[escalation]\nday = 40\n')
    scenario = load_catalog(tmp_path).scenarios["standard_3_waves"]
    assert [(w.day, w.channel) for w in scenario.waves] == [(5, "letter")] and scenario.escalation_day == 40
    assert load_catalog().scenarios["standard_3_waves"].waves[0].channel == "email"  # the bundled one is intact


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.toml", "[[waves]\n", "not valid TOML"),
    ("bad.toml", '[[waves]]\nday = 1\nchannel = "fax"\ntemplate = "sms_reminder"\n', "channel must be one of email, sms"),
    ("bad.toml", '[[waves]]\nday = 1\nchannel = "email"\ntemplate = "nope"\n', "there is no template 'nope'"),
    ("bad.toml", '[[waves]]\nday = 1\nchannel = "sms"\ntemplate = "email_firm_reminder"\n', "is for email, not sms"),
    ("bad.toml", '[[waves]]\nday = 8\nchannel = "sms"\ntemplate = "sms_firm"\n[[waves]]\nday = 2\nchannel = "sms"\n'
     'template = "sms_firm"\n', "day 2 comes before the previous wave's day 8"),
    ("bad.toml", '[[waves]]\nday = -1\nchannel = "sms"\ntemplate = "sms_firm"\n', "day is a whole number"),
    ("bad.toml", 'description = "x"\n', "at least one wave"),
    ("bad.toml", '[[waves]]\nday = 3\nchannel = "sms"\ntemplate = "sms_firm"\n[escalation]\nday = 1\n',
     "comes before the last wave"),
    ("bad.toml", 'waves = []\nlevel = 2\n', "unknown key(s) level"),
    ("Bad Name.toml", '[[waves]]\nday = 1\nchannel = "sms"\ntemplate = "sms_firm"\n', "rename Bad Name.toml"),
])
def test_a_broken_scenario_file_is_a_clear_error_naming_it(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(ConfigError) as caught:
        load_catalog(tmp_path)
    assert message in str(caught.value) and str(path.parent) in str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ('channel = "email"\nbody = "Hello"\n', "needs a subject"),
    ('channel = "sms"\nbody = "Pay $ammount now"\n', "unknown placeholder(s) $ammount"),
    ('channel = "sms"\nbody = "Costs 5$ only"\n', "write '$$' for a dollar sign"),
    ('channel = "pigeon"\nbody = "x"\n', "channel must be one of"),
])
def test_a_broken_template_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path / "templates", "mine.toml", text)
    with pytest.raises(ConfigError, match=message.replace("$", r"\$").replace("(", r"\(").replace(")", r"\)")):
        load_catalog(tmp_path)


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = _write(tmp_path, "quick.toml", '[[waves]]\nday = 1\nchannel = "sms"\ntemplate = "sms_firm"\n')
    assert load_catalog(tmp_path).scenarios["quick"].waves[0].day == 1
    path.write_text('[[waves]]\nday = 4\nchannel = "sms"\ntemplate = "sms_firm"\n', encoding="utf-8")
    import os

    os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))
    assert load_catalog(tmp_path).scenarios["quick"].waves[0].day == 4


def test_templates_render_every_placeholder() -> None:
    catalog = load_catalog()
    values = {"debtor_name": "Jean Dupont", "reference": "F-2024-0847", "amount": "2340.00", "balance": "1200.00",
              "currency": "EUR", "due_date": "2024-01-15", "creditor": "ACME"}
    for template in catalog.templates.values():
        subject, body = template.render(values)
        assert "$" not in body and (subject is None or "$" not in subject)
    subject, body = catalog.templates["email_friendly_reminder"].render(values)
    assert subject == "Invoice F-2024-0847: 1200.00 EUR still to pay" and "Jean Dupont" in body
