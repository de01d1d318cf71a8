import pytest

from getbill_import.config import Settings
from getbill_import.errors import ConfigError


def test_defaults_put_the_store_in_the_data_dir(tmp_path):
    s = Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'getbill.db'}"
    assert s.learned_dir == tmp_path / "learned"
    assert s.profiles_dirs[-1] == tmp_path / "profiles"
    assert (s.profiles_dirs[0] / "..").resolve() == s.mappings_dir.resolve()
    assert s.default_currency == "EUR" and s.default_region == "FR"


def test_limits_and_options_from_env(tmp_path):
    s = Settings.from_env({
        "GETBILL_DATA_DIR": str(tmp_path), "GETBILL_MAX_ROWS": "10", "GETBILL_MAX_CELL_CHARS": "50",
        "GETBILL_DEFAULT_CURRENCY": "gbp", "GETBILL_SCENARIOS": "firm_4_waves, standard_3_waves", "GETBILL_DATE_ORDER": "month",
    })
    assert (s.read_limits.max_rows, s.read_limits.max_cell_chars) == (10, 50)
    assert s.default_currency == "GBP" and s.scenarios == ("firm_4_waves", "standard_3_waves") and s.date_order == "month"
    assert s.with_options(account="acme", date_order=None).account == "acme"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("GETBILL_MAX_ROWS", "many", "whole number"), ("GETBILL_BATCH_SIZE", "0", "positive"),
     ("GETBILL_DATE_ORDER", "year", "'day' or 'month'"),
     ("GETBILL_SCENARIOS", "standard_3_waves, relance_douce", "relance_douce, which no scenario file defines"),
     ("GETBILL_DEFAULT_SCENARIO", "relance_douce", "not one of the scenarios"),
     ("GETBILL_COLLECTION_EMAIL", "smtp", "set GETBILL_SMTP_HOST")],
)
def test_bad_settings_are_clear_errors(tmp_path, name, value, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({"GETBILL_DATA_DIR": str(tmp_path), name: value})
