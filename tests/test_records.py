"""JSON debts read as the canonical frame: numbers keep their exact text, metadata is JSON text."""

from __future__ import annotations

import json

from getbill_import.fields import METADATA
from getbill_import.records import flatten, loads


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
