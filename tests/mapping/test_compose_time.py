"""A header whose note says it counts time is no amount."""

import pytest

from getbill_import.config import bundled_mappings_dir
from getbill_import.mapping.headers import match_header


@pytest.mark.parametrize("header", ["Remaining (h)", "Outstanding (days)", "Balance (hrs)"])
def test_a_header_counting_hours_or_days_is_no_amount(header):
    """Clockify's 'Remaining (h)', hours left on a project's estimate, had been read as a remaining
    balance; the same words noted in a currency are one."""
    assert match_header(header, bundled_mappings_dir()).field != "amount"


@pytest.mark.parametrize("header", ["Remaining (USD)", "Outstanding (EUR)", "Balance"])
def test_the_same_words_noted_in_a_currency_are_an_amount(header):
    assert match_header(header, bundled_mappings_dir()).field == "amount"
