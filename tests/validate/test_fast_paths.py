"""The vectorised fast paths give the libraries' own verdicts.

For generated values in the fast-path shapes (and noisy values around them), every value the fast
path settles gets exactly what email-validator / phonenumbers give: the same verdict, the same
normalised address or E.164 number, the same reason when invalid. The clean shapes are settled."""

import polars as pl
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from getbill_import.validate._library import check_email, check_phone
from getbill_import.validate.email_fast import KNOWN_TLDS, fast_emails
from getbill_import.validate.phone_fast import fast_phones
from getbill_import.validate.phones import normalise_phones

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- e-mails --------------------------------------------------------------------------------

ATOM = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-", min_size=1, max_size=12)
LABEL_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@st.composite
def labels(draw, max_size=12):
    """A host label: letters and digits at both ends, hyphens allowed inside."""
    first = draw(st.sampled_from(LABEL_CHARS))
    if draw(st.booleans()):
        return first
    return first + draw(st.text(LABEL_CHARS + "-", max_size=max_size)) + draw(st.sampled_from(LABEL_CHARS))


@st.composite
def clean_addresses(draw):
    local = ".".join(draw(st.lists(ATOM, min_size=1, max_size=4)))
    if draw(st.booleans()):
        local = draw(st.sampled_from(["info", "Sales", "SUPPORT", "webmaster", "contact"]))
    host = draw(st.lists(labels(), min_size=1, max_size=3))
    tld = draw(st.sampled_from(sorted(KNOWN_TLDS)))
    tld = draw(st.sampled_from([tld, tld.upper(), tld.capitalize()]))
    return f"{local}@{'.'.join(host)}.{tld}"


@st.composite
def long_addresses(draw):
    """Clean shapes at the length limits: 63/64-character labels, 250-260-character addresses."""
    label = "a" * draw(st.integers(60, 66))
    local = "b" * draw(st.integers(1, 200))
    return f"{local}@{label}.{'c' * draw(st.integers(1, 50))}.fr"


NOISY = st.text("ab.-_+@ A<>,;()0é\u00a0", max_size=25) | st.builds(
    lambda a, b: a + b, clean_addresses(), st.sampled_from(["", ".", "-", " ", "..x", "@", ",fr", "é"])
)


def same_as_library(values: list[str]) -> int:
    """Assert every settled value matches email-validator; return how many were settled."""
    fast = fast_emails(pl.Series(values, dtype=pl.String))
    settled = 0
    for value, is_settled, normalized, reason in fast.iter_rows():
        if not is_settled:
            continue
        settled += 1
        lib_normalized, lib_reason = check_email(value)
        assert normalized == lib_normalized, value
        if reason is not None:
            assert reason == lib_reason, value
        if normalized is None:
            assert lib_reason is not None, value
    return settled


@SETTINGS
@given(st.lists(clean_addresses(), min_size=1, max_size=40))
def test_clean_addresses_are_settled_as_email_validator_does(values):
    in_shape = [v for v in values if "--" not in v]
    assert same_as_library(in_shape) == len(in_shape)


@SETTINGS
@given(st.lists(long_addresses(), min_size=1, max_size=10))
def test_length_limits_are_email_validators(values):
    assert same_as_library(values) == len(values)


@SETTINGS
@given(st.lists(NOISY, min_size=1, max_size=40))
def test_noisy_values_are_settled_only_as_email_validator_does(values):
    same_as_library(values)


@SETTINGS
@given(st.lists(st.text(st.characters(exclude_characters="@<＠﹫", exclude_categories=["Cs"]), max_size=30), min_size=1, max_size=30))
def test_values_without_at_sign_are_settled_with_email_validators_reason(values):
    assert same_as_library(values) == len(values)


# --- phones ---------------------------------------------------------------------------------

REGIONS = ["FR", "BE", "DE", "CH", "AT", "NL", "ES", "IT", "GB", "US", "LU", "IE", "DK", "PT", "PL", "MA", "RE"]
CODES = ["33", "32", "49", "41", "43", "31", "34", "39", "44", "1", "352", "353", "45", "351", "48", "212", "262", "999", "7"]
SEPARATORS = ["", "", "", " ", ".", "-", "/", "\u00a0"]


@st.composite
def spaced(draw, digits: str):
    """Digits with separators between them and, sometimes, a group in parentheses."""
    out = []
    for ch in digits:
        out.append(ch)
        out.append(draw(st.sampled_from(SEPARATORS)))
    text = "".join(out).strip(" ./-\u00a0")
    if len(digits) > 4 and draw(st.booleans()):
        cut = draw(st.integers(1, 3))
        text = f"({text[:cut]}) {text[cut:]}"
    return text


@st.composite
def phone_shapes(draw):
    region = draw(st.sampled_from(REGIONS))
    digits = draw(st.text("0123456789", min_size=1, max_size=14))
    body = draw(spaced(digits))
    form = draw(st.sampled_from(["national", "bare", "plus", "plus0", "idd"]))
    code = draw(st.sampled_from(CODES))
    value = {
        "national": "0" + body,
        "bare": body,
        "plus": f"+{code} {body}",
        "plus0": f"+{code} (0){body}",
        "idd": f"00{code} {body}",
    }[form]
    return value, region


@st.composite
def french_numbers(draw):
    first = draw(st.sampled_from("123456789"))
    rest = draw(st.text("0123456789", min_size=8, max_size=8))
    form = draw(st.sampled_from(["0{}", "+33 {}", "+33 (0){}", "0033 {}", "{}"]))
    # a bare number that starts with 33 may be +33 without its "+": phonenumbers decides that one
    assume(form != "{}" or not (first + rest).startswith("33"))
    return form.format(draw(spaced(first + rest))), "FR"


def phones_as_library(items: list[tuple[str, str]]) -> list[bool]:
    """Assert every settled value matches phonenumbers; return which were settled. Values are first
    normalised as validation does (any whitespace as one plain space), for both sides."""
    frame = pl.DataFrame(items, schema={"v": pl.String, "region": pl.String}, orient="row")
    frame = frame.with_columns(normalise_phones(frame["v"]).alias("v"))
    fast = fast_phones(frame)
    settled = []
    for value, region, e164, reason in fast.iter_rows():
        done = e164 is not None or reason is not None
        settled.append(done)
        if done:
            assert (e164, reason) == check_phone(value, region), (value, region)
    return settled


@SETTINGS
@given(st.lists(phone_shapes(), min_size=1, max_size=40))
def test_settled_phone_numbers_are_phonenumbers_verdicts(items):
    phones_as_library(items)


@SETTINGS
@given(st.lists(french_numbers(), min_size=1, max_size=40))
def test_french_numbers_in_the_usual_shapes_are_all_settled(items):
    assert all(phones_as_library(items))


@SETTINGS
@given(st.lists(st.text("0123456789 +-.()/x#", max_size=20), min_size=1, max_size=30), st.sampled_from(REGIONS))
def test_noisy_phone_values_are_settled_only_as_phonenumbers_does(values, region):
    phones_as_library([(v, region) for v in values])
