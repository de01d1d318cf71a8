"""E-mail addresses: syntax by email-validator (through the vectorised fast path for clean shapes),
its normalised form, misspelt provider domains, repairable mistakes and cells holding several
addresses. Every distinct value is checked once and the verdicts joined back to the rows."""

from __future__ import annotations

import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate._common import Context, problem_frame, quoted
from getbill_import.validate._distinct import Distinct, rows_with_details
from getbill_import.validate._library import Verdict, check_emails
from getbill_import.validate._pool import CheckPool, Pending
from getbill_import.validate.email_domains import complete_domain, find_typos
from getbill_import.validate.email_fast import fast_emails

FIELD = "debtor.email"
#: an address inside a cell that holds several (separated by ; , / or spaces)
_ADDRESS = r"[^\s;,/]+@[^\s;,/]+"
#: an address in angle brackets after a name, and nothing else
_NAMED = r"^[^<>@]*<\s*(?:mailto:)?([^<>\s@]+@[^<>\s@]+)\s*>\s*$"
#: an address after a name and a bar or a parenthesis ("Melina Hebert | melina@…", "Kate (kate@…)"),
#: or before them ("kate@… (Kate)")
_NAMED_APART = (
    r"^[^<>@|()]*[|(]\s*(?:mailto:)?([^<>\s@|()]+@[^<>\s@|()]+)\s*\)?\s*$"
    r"|^\s*(?:mailto:)?([^<>\s@|()]+@[^<>\s@|()]+)\s*[|(][^<>@|()]*\)?\s*$"
)


def repair_emails(values: pl.Series) -> pl.Series:
    """The address the user most likely meant, for the usual mistakes: spaces, ``,`` for ``.``,
    ``(at)`` / `` at `` for ``@``, ``@@``, a trailing dot, a display name, ``mailto:``, a missing dot
    before a provider's suffix (``gmailcom``). Null when no repair applies or nothing changes. The
    result still has to pass validation to be suggested."""
    text = pl.col("v").str.strip_chars()
    text = pl.coalesce(text.str.extract(r"<([^<>]+@[^<>]+)>", 1), text)
    text = (
        text.str.replace(r"(?i)^mailto:", "")
        .str.replace_all(r"(?i)\s*[(\[{]\s*(?:at|arobase)\s*[)\]}]\s*|\s+(?:at|arobase)\s+", "@")
        .str.replace_all(r"(?i)\s*[(\[{]\s*(?:dot|point)\s*[)\]}]\s*", ".")
        .str.replace_all(r"\s+", "")
        .str.replace_all(",", ".", literal=True)
        .str.replace_all(r"@{2,}", "@")
        .str.replace_all(r"\.{2,}", ".")
        .str.strip_chars(".-_'\"")
        .str.replace_all(".@", "@", literal=True)
        .str.replace_all("@.", "@", literal=True)
    )
    parts = pl.DataFrame({"v": values}).select(
        pl.col("v"), text.alias("t")
    ).with_columns(
        (pl.col("t").str.count_matches("@") == 1).alias("one"),
        pl.col("t").str.extract(r"^([^@]+)@", 1).alias("local"),
        pl.col("t").str.extract(r"@([^@]+)$", 1).str.to_lowercase().alias("domain"),
    )
    dotless = parts.filter(pl.col("one") & ~pl.col("domain").str.contains(".", literal=True))["domain"].unique().to_list()
    completed = {d: complete_domain(d) for d in dotless if d}
    domain = pl.when(pl.col("domain").str.contains(".", literal=True)).then(pl.col("domain")).otherwise(
        pl.col("domain").replace_strict(completed, default=None, return_dtype=pl.String)
    )
    fixed = pl.when(pl.col("one")).then(pl.col("local") + "@" + domain)
    return parts.select(pl.when(fixed != pl.col("v")).then(fixed).alias("repair")).to_series()


def _check(values: pl.DataFrame, deliverability: bool) -> pl.DataFrame:
    """Distinct cells (k) with the address to check (cand: the first of several), whether the cell
    holds several, and the fast path's verdict (normalized / reason; both null: not settled)."""
    several = values["k"].str.count_matches("@") >= 2
    multi = pl.repeat(False, values.height, dtype=pl.Boolean, eager=True).alias("")
    # a list's separator left after the one address ("ana@globex.com,") separates nothing
    cand = values["k"].str.strip_chars_end(" ,;/")
    if several.any():
        cells = values.filter(several)["k"]
        found = cells.str.extract_all(_ADDRESS)
        is_multi = found.list.len() >= 2
        indices = several.arg_true()
        multi = multi.scatter(indices, is_multi)
        cand = cand.clone().scatter(indices, pl.select(pl.when(is_multi).then(found.list.first()).otherwise(cells)).to_series())
    # a name beside the address, as mail software writes it ("Jean Dupont <jean@dupont.fr>") or a
    # spreadsheet's contact cell ("Jean Dupont | jean@dupont.fr"): the cells with a "<", a "|" or a
    # "(" alone are read again
    named = pl.repeat(False, values.height, dtype=pl.Boolean, eager=True).alias("")
    bracketed = (cand.str.contains(r"[<|(]").fill_null(False) & ~multi).arg_true()
    if bracketed.len():
        written = cand.gather(bracketed)
        inside = pl.select(pl.coalesce(
            written.str.extract(_NAMED, 1), written.str.extract(_NAMED_APART, 1), written.str.extract(_NAMED_APART, 2)
        )).to_series()
        named = named.scatter(bracketed, inside.is_not_null())
        cand = cand.clone().scatter(bracketed, pl.select(pl.coalesce(inside, cand.gather(bracketed))).to_series())
    checked = values.with_columns(multi.alias("multi"), named.alias("named"), cand.alias("cand"))
    if deliverability:
        return checked.with_columns(pl.lit(None, pl.String).alias("normalized"), pl.lit(None, pl.String).alias("reason"))
    fast = fast_emails(checked["cand"])
    return checked.with_columns(fast["normalized"], fast["reason"])


def _unsettled(checked: pl.DataFrame) -> pl.Series:
    return (checked["normalized"].is_null() & checked["reason"].is_null()).fill_null(False)


def _merge(checked: pl.DataFrame, results: list[Verdict]) -> pl.DataFrame:
    if not results:
        return checked
    indices = _unsettled(checked).arg_true()
    return checked.with_columns(
        checked["normalized"].scatter(indices, pl.Series([r[0] for r in results], dtype=pl.String)),
        checked["reason"].scatter(indices, pl.Series([r[1] for r in results], dtype=pl.String)),
    )


def _domain(expr: pl.Expr) -> pl.Expr:
    return expr.str.extract(r"@([^@]+)$", 1).str.to_lowercase()


def _with_typos(verdicts: pl.DataFrame) -> pl.DataFrame:
    """``typo_fix``: the address with its misspelt provider domain corrected."""
    domains = verdicts.select(_domain(pl.col("normalized")).alias("d"))["d"]
    typos = find_typos(domains.drop_nulls().unique().to_list())
    fix = pl.repeat(None, verdicts.height, dtype=pl.String, eager=True).alias("")
    misspelt = domains.is_in(list(typos)).fill_null(False)
    if misspelt.any():
        rows = verdicts.filter(misspelt)
        fixed = rows.select(
            pl.col("normalized").str.replace(r"@[^@]+$", "@") + _domain(pl.col("normalized")).replace_strict(typos)
        ).to_series()
        fix = fix.scatter(misspelt.arg_true(), fixed)
    return verdicts.with_columns(fix.alias("typo_fix"))


def _with_repairs(verdicts: pl.DataFrame, deliverability: bool) -> pl.DataFrame:
    """``repair``: for invalid addresses, a repaired one that is valid (its domain typo corrected)."""
    repair = pl.repeat(None, verdicts.height, dtype=pl.String, eager=True).alias("")
    invalid = verdicts["normalized"].is_null() & verdicts["cand"].is_not_null()
    if invalid.any():
        attempts = repair_emails(verdicts.filter(invalid)["cand"])
        checked = fast_emails(attempts)
        normal = checked["normalized"]
        left = (attempts.is_not_null() & normal.is_null() & checked["reason"].is_null()).fill_null(False)
        if left.any():
            results = check_emails(attempts.filter(left).to_list(), deliverability)
            normal = normal.scatter(left.arg_true(), pl.Series([r[0] for r in results], dtype=pl.String))
        fixed = _with_typos(pl.DataFrame({"normalized": normal}))
        repair = repair.scatter(invalid.arg_true(), fixed.select(pl.coalesce("typo_fix", "normalized")).to_series())
    return verdicts.with_columns(repair.alias("repair"))


class EmailCheck:
    """Started with the frame (fast path run, library batch submitted); :meth:`finish` collects."""

    def __init__(self, frame: pl.DataFrame, ctx: Context, pool: CheckPool):
        self.ctx = ctx
        raw = frame[FIELD].str.strip_chars()
        self.rows = frame.select(LINE, FIELD).with_columns(pl.when(raw == "").then(None).otherwise(raw).alias("k"))
        self.distinct = Distinct(self.rows, ["k"])
        deliverability = ctx.options.check_deliverability
        self.checked = _check(self.distinct.values, deliverability)
        self.pending: Pending[Verdict] = pool.submit(
            check_emails, self.checked.filter(_unsettled(self.checked))["cand"].to_list(), deliverability
        )

    def finish(self) -> tuple[pl.Series, list[pl.DataFrame]]:
        deliverability = self.ctx.options.check_deliverability

        def complete(checked: pl.DataFrame, results: list[Verdict]) -> pl.DataFrame:
            return _with_repairs(_with_typos(_merge(checked, results)), deliverability)

        def recompute(values: pl.DataFrame) -> pl.DataFrame:
            checked = _check(values, deliverability)
            return complete(checked, check_emails(checked.filter(_unsettled(checked))["cand"].to_list(), deliverability))

        verdicts = complete(self.checked, self.pending.result())
        positions, exact = self.distinct.resolve()
        if exact is not None:
            verdicts = recompute(exact)
        normalized, rows = rows_with_details(
            verdicts, positions, self.rows,
            pl.col("normalized").is_null() | pl.col("multi") | pl.col("named") | pl.col("typo_fix").is_not_null(),
            "normalized", ["multi", "named", "cand", "normalized", "reason", "typo_fix", "repair"],
        )
        return normalized.alias(FIELD), self._problems(rows)

    def _problems(self, rows: pl.DataFrame) -> list[pl.DataFrame]:
        ctx = self.ctx
        return [
            problem_frame(
                rows.filter(pl.col("multi")), ctx, field=FIELD, code="multiple-emails",
                message=pl.lit("The cell holds several e-mail addresses; the first one, ") + quoted(pl.col("cand"))
                + pl.lit(", is used."),
            ),
            problem_frame(
                rows.filter(pl.col("named") & pl.col("normalized").is_not_null()), ctx, field=FIELD, code="email-with-name",
                message=pl.lit("The cell holds a name beside the e-mail address; the address, ") + quoted(pl.col("normalized"))
                + pl.lit(", is used."),
            ),
            problem_frame(
                rows.filter(pl.col("k").is_not_null() & pl.col("normalized").is_null()), ctx, field=FIELD,
                code="invalid-email",
                message=quoted(pl.col("cand")) + pl.lit(" is not a valid e-mail address: ")
                + pl.col("reason").fill_null("invalid syntax.").str.strip_chars_end(".") + pl.lit("; the debt is imported without it."),
                suggestion=pl.col("repair"),
            ),
            problem_frame(
                rows.filter(pl.col("typo_fix").is_not_null()), ctx, field=FIELD, code="email-domain-typo",
                message=pl.lit("The domain of ") + quoted(pl.col("normalized")) + pl.lit(" looks misspelt; did you mean ")
                + quoted(pl.col("typo_fix")) + pl.lit("?"),
                suggestion=pl.col("typo_fix"),
            ),
        ]
