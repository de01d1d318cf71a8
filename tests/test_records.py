"""JSON debts read as the canonical frame: numbers keep their exact text, metadata is JSON text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from getbill_import.fields import METADATA
from getbill_import.records import flatten, loads, metadata_text


def test_amounts_written_as_json_numbers_keep_their_exact_decimal_value():
    items = loads('[{"amount": 1.234}, {"amount": 2340.10}, {"amount": 1e3}, {"amount": 12}, {"amount": "1.234"},'
                  ' {"amount": 0.1000000000000000055511151231257827}]')
    frame, problems = flatten(items)
    assert problems == []
    # a number is never read as thousands; a string is left to the amount rules
    assert frame["amount"].to_list() == ["1.2340", "2340.10", "1000", "12", "1.234", "0.1000000000000000055511151231257827"]


def test_metadata_is_stored_as_json_text_with_its_numbers_and_letters_as_given():
    items = loads('[{"metadata": {"Agence": "Lyon-Été", "Lot": 7, "Taux": 0.5, "Tags": ["a", 2]}}, {}]')
    frame, problems = flatten(items)
    assert problems == []
    first, second = frame[METADATA].to_list()
    assert first == json.dumps({"Agence": "Lyon-Été", "Lot": 7, "Taux": 0.5, "Tags": ["a", 2]}, ensure_ascii=False)
    assert second == "{}"


def test_a_wrongly_typed_amount_is_a_problem_of_its_item():
    frame, problems = flatten(loads('[{"amount": true}, {"amount": {"value": 1}}, {"amount": 5}]'))
    assert [(p["line"], p["code"]) for p in problems] == [(0, "invalid-type"), (1, "invalid-type")]
    assert frame["amount"].to_list() == [None, None, "5"]


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.text(max_size=20) | st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False),
                       max_size=6))
def test_metadata_text_is_the_json_encoders_text(value):
    """Objects of plain text take a direct path; its text is the encoder's, byte for byte, for any
    keys and values (quotes, backslashes, control characters, NUL, emoji)."""
    item = loads(json.dumps({"metadata": value}, ensure_ascii=False))
    expected = json.JSONEncoder(ensure_ascii=False).encode(json.loads(json.dumps(value)))
    assert metadata_text(item["metadata"]) == expected
    frame, problems = flatten([item])
    if "\\u0000" not in expected:
        assert frame[METADATA][0] == expected and not problems
