"""E-mail addresses: syntax by email-validator (through the vectorised fast path for clean shapes),
its normalised form, misspelt provider domains, repairable mistakes and cells holding several
addresses. Every distinct value is checked once and the verdicts joined back to the rows."""

from __future__ import annotations

import re

import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate._common import Context, problem_frame, quoted
from getbill_import.validate._library import Verdict, check_email, check_emails
from getbill_import.validate._pool import CheckPool, Pending
from getbill_import.validate.email_domains import complete_domain, find_typos
from getbill_import.validate.email_fast import fast_emails

FIELD = "debtor.email"
#: an address inside a cell that holds several (separated by ; , / or spaces)
_ADDRESS = r"[^\s;,/]+@[^\s;,/]+"


def repair_email(value: str) -> str | None:
    """The address the user most likely meant, for the usual mistakes: spaces, ``,`` for ``.``,
    ``(at)`` for ``@``, ``@@``, a trailing dot, a display name, ``mailto:``, a missing dot before
    the provider's suffix. None when nothing changes."""
    text = value.strip()
    bracketed = re.search(r"<([^<>]+@[^<>]+)>", text)
    if bracketed:
        text = bracketed[1]
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[(\[{]\s*(?:at|arobase)\s*[)\]}]\s*|\s+(?:at|arobase)\s+", "@", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[(\[{]\s*(?:dot|point)\s*[)\]}]\s*", ".", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text).replace(",", ".")
    text = re.sub(r"@{2,}", "@", text)
    text = re.sub(r"\.{2,}", ".", text).strip(".-_'\"")
    text = text.replace(".@", "@").replace("@.", "@")
    if text.count("@") != 1:
        return None
    local, domain = text.split("@")
    domain = domain.lower()
    if local and domain and "." not in domain:
        completed = complete_domain(domain)
        if completed is None:
            return None
        domain = completed
    fixed = f"{local}@{domain}"
    return fixed if fixed != value else None


class EmailCheck:
    """Started with the frame (fast path run, library batch submitted); :meth:`finish` collects."""

    def __init__(self, frame: pl.DataFrame, ctx: Context, pool: CheckPool):
        self.ctx = ctx
        deliverability = ctx.options.check_deliverability
        self.rows = frame.select(LINE, FIELD).with_columns(
            pl.col(FIELD).str.strip_chars().replace("", None).alias("k")
        )
        keys = self.rows.select(pl.col("k").drop_nulls().unique())
        several = pl.col("k").str.count_matches("@") >= 2
        parts = pl.when(several).then(pl.col("k").str.extract_all(_ADDRESS))
        self.keys = keys.with_columns(parts.alias("parts")).with_columns(
            (pl.col("parts").list.len() >= 2).fill_null(False).alias("multi")
        ).with_columns(
            pl.when("multi").then(pl.col("parts").list.first()).otherwise(pl.col("k")).alias("cand")
        ).drop("parts")
        candidates = self.keys["cand"].unique()
        if deliverability:
            self.verdicts = pl.DataFrame({"cand": candidates}).with_columns(pl.lit(None, pl.String).alias("normalized"))
        else:
            fast = fast_emails(candidates)
            self.verdicts = fast.select(pl.col("v").alias("cand"), "normalized")
        self.remainder = self.verdicts.filter(pl.col("normalized").is_null())["cand"].to_list()
        self.pending: Pending[Verdict] = pool.submit(check_emails, self.remainder, deliverability)

    def finish(self) -> tuple[pl.Series, list[pl.DataFrame]]:
        results = self.pending.result()
        slow = pl.DataFrame(
            {"cand": self.remainder, "lib_norm": [r[0] for r in results], "reason": [r[1] for r in results]},
            schema={"cand": pl.String, "lib_norm": pl.String, "reason": pl.String},
        )
        verdicts = self.verdicts.join(slow, on="cand", how="left").with_columns(
            pl.coalesce("normalized", "lib_norm").alias("normalized")
        ).drop("lib_norm")
        verdicts = verdicts.with_columns(self._typos(verdicts), self._repairs(verdicts))
        rows = self.rows.join(self.keys, on="k", how="left", maintain_order="left").join(
            verdicts, on="cand", how="left", maintain_order="left"
        )
        return rows["normalized"].alias(FIELD), self._problems(rows)

    def _typos(self, verdicts: pl.DataFrame) -> pl.Expr:
        domains = verdicts["normalized"].drop_nulls().str.extract(r"@([^@]+)$", 1).str.to_lowercase().unique()
        typos = find_typos(domains.to_list())
        fixed_domain = pl.col("normalized").str.extract(r"@([^@]+)$", 1).str.to_lowercase().replace_strict(
            typos, default=None, return_dtype=pl.String
        )
        return (pl.col("normalized").str.replace(r"@[^@]+$", "@") + fixed_domain).alias("typo_fix")

    def _repairs(self, verdicts: pl.DataFrame) -> pl.Expr:
        invalid = verdicts.filter(pl.col("normalized").is_null())["cand"].to_list()
        repaired = {v: r for v in invalid if (r := repair_email(v))}
        if not repaired:
            return pl.lit(None, pl.String).alias("repair")
        checked = fast_emails(pl.Series(list(repaired.values()), dtype=pl.String)).unique("v")
        valid = dict(zip(checked["v"].to_list(), checked["normalized"].to_list(), strict=True))
        for fixed, normal in list(valid.items()):
            if normal is None:
                valid[fixed] = check_email(fixed)[0]
        typos = find_typos({n.rsplit("@", 1)[1] for n in valid.values() if n})
        out = {}
        for original, fixed in repaired.items():
            normal = valid.get(fixed)
            if normal:
                local, domain = normal.rsplit("@", 1)
                out[original] = f"{local}@{typos.get(domain, domain)}"
        return pl.col("cand").replace_strict(out, default=None, return_dtype=pl.String).alias("repair")

    def _problems(self, rows: pl.DataFrame) -> list[pl.DataFrame]:
        ctx = self.ctx
        out = [
            problem_frame(
                rows.filter(pl.col("multi")), ctx, field=FIELD, code="multiple-emails",
                message=pl.lit("The cell holds several e-mail addresses; the first one, ") + quoted(pl.col("cand"))
                + pl.lit(", is used."),
            ),
            problem_frame(
                rows.filter(pl.col("k").is_not_null() & pl.col("normalized").is_null()), ctx, field=FIELD,
                code="invalid-email",
                message=quoted(pl.col("cand")) + pl.lit(" is not a valid e-mail address: ") + pl.col("reason").fill_null("invalid syntax."),
                suggestion=pl.col("repair"),
            ),
            problem_frame(
                rows.filter(pl.col("typo_fix").is_not_null()), ctx, field=FIELD, code="email-domain-typo",
                message=pl.lit("The domain of ") + quoted(pl.col("normalized")) + pl.lit(" looks misspelt; did you mean ")
                + quoted(pl.col("typo_fix")) + pl.lit("?"),
                suggestion=pl.col("typo_fix"),
            ),
        ]
        return out
