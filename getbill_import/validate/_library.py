"""The reference checks, one value at a time, with email-validator and phonenumbers.

Used for the values the vectorised fast paths do not settle, possibly in worker processes; the
module itself needs nothing but the two libraries.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

#: (normalised value or None, reason it is invalid or None)
Verdict = tuple[str | None, str | None]

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "invalid or missing country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}
#: why a parsed number is not valid, by phonenumbers' length verdict
LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
    ValidationResult.INVALID_COUNTRY_CODE: "invalid country code",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "local number without its area code",
    ValidationResult.IS_POSSIBLE: "invalid prefix: no such number range",
}


def check_email(value: str, deliverability: bool = False) -> Verdict:
    try:
        result = validate_email(value, check_deliverability=deliverability)
    except EmailNotValidError as exc:
        return None, str(exc)
    return result.normalized, None


def check_emails(values: list[str], deliverability: bool = False) -> list[Verdict]:
    return [check_email(v, deliverability) for v in values]


def check_phone(value: str, region: str) -> Verdict:
    """E.164 form, or the reason the number is invalid (for ``region`` when it has no + prefix)."""
    try:
        number = phonenumbers.parse(value, region)
    except NumberParseException as exc:
        return None, _PARSE_REASONS.get(exc.error_type, str(exc))
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), None
    where = phonenumbers.region_code_for_country_code(number.country_code or 0)
    reason = LENGTH_REASONS.get(phonenumbers.is_possible_number_with_reason(number), "not a valid number")
    return None, f"{reason} for {where}" if where and where != "ZZ" else reason


def check_phones(items: list[tuple[str, str]]) -> list[Verdict]:
    return [check_phone(value, region) for value, region in items]
