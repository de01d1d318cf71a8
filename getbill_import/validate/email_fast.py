"""The vectorised fast path for the common clean e-mail shape.

An address is settled here when it is plain ASCII ``local@label.label.tld``: a local part of
letters, digits, ``_ + -`` and single dots, host labels of letters, digits and inner hyphens, no two
hyphens in a row anywhere (so no Punycode and no reserved ``ab--`` labels), and a top-level domain
from :data:`KNOWN_TLDS` (which leaves out every special-use name). For those, email-validator's
verdict depends only on lengths (the whole address at most 254 characters, which also bounds the
domain, and host labels at most 63), and its normalised form is the local part as written
(lower-cased for the RFC 2142 role names such as ``Info``) ``@`` the domain in lower case. A value
with no @-sign at all is settled too: email-validator's only verdict for it is "must have an
@-sign". Everything else goes to email-validator itself. ``tests/validate/test_fast_paths.py``
proves the equivalence on generated addresses.
"""

from __future__ import annotations

import polars as pl
from email_validator.rfc_constants import (
    CASE_INSENSITIVE_MAILBOX_NAMES,
    DNS_LABEL_LENGTH_LIMIT,
    EMAIL_MAX_LENGTH,
)

from getbill_import.validate._distinct import scatter_where

KNOWN_TLDS: frozenset[str] = frozenset((
    "com", "net", "org", "info", "biz", "edu", "gov", "int", "mil", "eu", "fr", "be", "ch", "lu",
    "mc", "de", "at", "nl", "it", "es", "pt", "ie", "uk", "gb", "pl", "cz", "sk", "hu", "ro",
    "bg", "gr", "hr", "si", "rs", "ba", "me", "mk", "al", "lt", "lv", "ee", "fi", "se", "no",
    "dk", "is", "li", "ad", "sm", "va", "mt", "cy", "tr", "ua", "ru", "by", "md", "ge", "am",
    "az", "kz", "us", "ca", "mx", "br", "ar", "cl", "co", "pe", "ve", "uy", "py", "bo", "ec",
    "au", "nz", "jp", "cn", "hk", "tw", "kr", "sg", "my", "th", "vn", "ph", "id", "in", "pk",
    "bd", "lk", "ae", "sa", "qa", "kw", "bh", "om", "il", "jo", "lb", "eg", "ma", "dz", "tn",
    "ly", "sn", "ci", "cm", "ga", "cg", "cd", "ml", "bf", "ne", "tg", "bj", "mg", "mu", "re",
    "gp", "mq", "gf", "yt", "pm", "nc", "pf", "wf", "za", "ng", "ke", "gh", "et", "io", "ai",
    "app", "dev", "pro", "name", "mobi", "tel", "asia", "travel", "jobs", "cat", "eus", "bzh",
    "paris", "alsace", "corsica", "bio", "immo",
))

LOCAL = r"[A-Za-z0-9_+\-]+(?:\.[A-Za-z0-9_+\-]+)*"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
SHAPE = rf"^{LOCAL}@(?:{LABEL}\.)+(?i:{'|'.join(sorted(KNOWN_TLDS))})$"
#: a host label longer than DNS allows (a run of label characters with no "@" after it)
LONG_LABEL = rf"[A-Za-z0-9\-]{{{DNS_LABEL_LENGTH_LIMIT + 1}}}[^@]*$"
#: no @-sign at all (nor the characters email-validator looks at before saying so)
NO_AT_SIGN = r"^[^@<＠﹫]*$"
NO_AT_SIGN_REASON = "An email address must have an @-sign."
#: values whose normalised form differs from what was written: upper case, or an RFC 2142 role name
_FOLD = rf"[A-Z]|(?i:^(?:{'|'.join(CASE_INSENSITIVE_MAILBOX_NAMES)})@)"


def fast_emails(values: pl.Series) -> pl.DataFrame:
    """For each value: ``settled`` (the fast path decided), ``normalized`` (the address as
    email-validator would return it, when valid) and ``reason`` (email-validator's message, for
    values with no @-sign). Values with neither need the library."""
    frame = pl.DataFrame({"v": values})
    flags = frame.select(
        (pl.col("v").str.contains(SHAPE) & ~pl.col("v").str.contains("--", literal=True)).fill_null(False).alias("settled"),
        ((pl.col("v").str.len_bytes() <= EMAIL_MAX_LENGTH) & ~pl.col("v").str.contains(LONG_LABEL)).alias("short"),
        pl.col("v").str.contains(_FOLD).fill_null(False).alias("fold"),
        pl.col("v").str.contains(NO_AT_SIGN).fill_null(False).alias("no_at"),
    )
    normalized = scatter_where(frame["v"], flags["fold"] & flags["settled"], _fold)
    return pl.DataFrame({
        "v": frame["v"],
        "settled": flags["settled"] | flags["no_at"],
        "normalized": normalized.zip_with(flags["settled"] & flags["short"].fill_null(False), pl.Series([None], dtype=pl.String)),
        "reason": pl.Series([NO_AT_SIGN_REASON], dtype=pl.String).zip_with(flags["no_at"], pl.Series([None], dtype=pl.String)),
    })


def _fold(values: pl.Series) -> pl.Series:
    """``local@domain`` with the domain in lower case, and the role-name local parts too."""
    parts = pl.DataFrame({"v": values}).select(pl.col("v").str.split_exact("@", 1).alias("p")).unnest("p")
    local = pl.col("field_0")
    local = pl.when(local.str.to_lowercase().is_in(CASE_INSENSITIVE_MAILBOX_NAMES)).then(local.str.to_lowercase()).otherwise(local)
    return parts.select((local + "@" + pl.col("field_1").str.to_lowercase()).alias("v")).to_series()
