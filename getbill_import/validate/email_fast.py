"""The vectorised fast path for the common clean e-mail shape.

An address is settled here when it is plain ASCII ``local@label.label.tld`` with a local part made
of letters, digits, ``_ + -`` and single dots, host labels of letters, digits and inner hyphens
(never two hyphens in a row, so no Punycode and no reserved ``ab--`` labels) and a top-level domain
from :data:`KNOWN_TLDS` (which leaves out every special-use name). For those, email-validator's
verdict depends only on lengths, and its normalised form is the local part as written (lower-cased
for the RFC 2142 role names such as ``Info``) ``@`` the domain in lower case. Everything else goes
to email-validator itself. ``tests/validate/test_fast_paths.py`` proves the equivalence.
"""

from __future__ import annotations

import polars as pl
from email_validator.rfc_constants import (
    CASE_INSENSITIVE_MAILBOX_NAMES,
    DNS_LABEL_LENGTH_LIMIT,
    DOMAIN_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
)

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
SHAPE = rf"^(?P<local>{LOCAL})@(?P<domain>(?:{LABEL}\.)+(?P<tld>[A-Za-z]{{2,24}}))$"


def fast_emails(values: pl.Series) -> pl.DataFrame:
    """For each value: ``settled`` (the fast path decided) and ``normalized`` (the address as
    email-validator would return it, when valid). Values not settled need the library."""
    frame = pl.DataFrame({"v": values})
    parts = frame.select(pl.col("v").str.extract_groups(SHAPE).alias("p")).unnest("p")
    local, domain, tld = pl.col("local"), pl.col("domain").str.to_lowercase(), pl.col("tld").str.to_lowercase()
    in_shape = (
        local.is_not_null()
        & tld.is_in(list(KNOWN_TLDS))
        & ~domain.str.contains("--", literal=True)
    )
    valid = (
        (pl.col("v").str.len_bytes() <= EMAIL_MAX_LENGTH)
        & (domain.str.len_bytes() <= DOMAIN_MAX_LENGTH)
        & ~domain.str.contains(rf"[^.]{{{DNS_LABEL_LENGTH_LIMIT + 1}}}")
    )
    normal_local = (
        pl.when(local.str.to_lowercase().is_in(CASE_INSENSITIVE_MAILBOX_NAMES))
        .then(local.str.to_lowercase())
        .otherwise(local)
    )
    return pl.concat([frame, parts], how="horizontal").select(
        "v",
        in_shape.fill_null(False).alias("settled"),
        pl.when(in_shape & valid).then(normal_local + "@" + domain).alias("normalized"),
    )
