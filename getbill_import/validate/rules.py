"""The row rules that need no parsing: references (required, unique in the file), debtor names,
scenarios and whether the debtor can be contacted at all."""

from __future__ import annotations

import re

import polars as pl
from rapidfuzz import fuzz, process

from getbill_import.fields import ADDRESS_FIELDS, BY_NAME, LINE
from getbill_import.validate._common import (
    WHOLE_FLOAT,
    Context,
    clean_columns,
    folded,
    problem_frame,
    quoted,
)
from getbill_import.validate._distinct import written_twice

#: an amount written negative ("-500", "(500)", "500-")
_WRITTEN_NEGATIVE = r"^[-(\u2212]|-$"
#: lines named in a duplicate-reference message before "and N more"
SHOWN_LINES = 5


def validate_reference(frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, list[pl.DataFrame]]:
    field = "reference"
    work = frame.select(LINE, field).with_columns(clean_columns(frame, [field])[field].alias("ref"))
    if _whole_floats(work["ref"]):
        # document numbers a data frame wrote as floats, its column having blanks: "2960623488.0"
        work = work.with_columns(pl.col("ref").str.strip_suffix(".0"))
    problems = [problem_frame(work.filter(pl.col("ref").is_null()), ctx, field=field, code="missing-reference",
                              message="The invoice reference is empty.")]
    rounded = work.select(pl.col("ref").str.contains(ROUNDED_NUMBER).fill_null(False)).to_series()
    if rounded.any():
        problems.append(problem_frame(
            work.filter(rounded), ctx, field=field, code="rounded-reference",
            message=pl.lit("Reference ") + quoted(pl.col("ref")) + pl.lit(
                " is a number the spreadsheet rounded into scientific notation: its last digits are lost, and other "
                "invoices may now share it. Format the column as text (or widen it) in the spreadsheet and export the "
                "file again."
            ),
        ))
    # rounded references have their problem: they are no duplicates of one another
    refs = work["ref"].scatter(rounded.arg_true(), None) if rounded.any() else work["ref"]
    twice = written_twice(refs)
    if "amount" in frame.columns and twice.any():
        # a credit note numbered in a series of its own ("1", beside invoice 1) is no copy of the
        # invoice: a reference repeats only among rows of one sign (read on the repeated rows alone)
        at = twice.arg_true()
        credit = frame.get_column("amount").gather(at).cast(pl.String).str.strip_chars() \
            .str.contains(_WRITTEN_NEGATIVE).fill_null(False)
        if credit.any():
            keyed = pl.DataFrame({"r": refs.gather(at), "c": credit}).select(
                pl.when(pl.col("c")).then(pl.col("r") + pl.lit("\x00credit")).otherwise(pl.col("r"))
            ).to_series()
            twice = twice.scatter(at, written_twice(keyed))
    repeated = work.filter(twice)
    if repeated.height:
        # (the debtors the rows name: rows of several debtors are no lines of one invoice)
        names = (frame.get_column("debtor.name").filter(twice).cast(pl.String).str.strip_chars().str.to_lowercase()
                 if "debtor.name" in frame.columns else pl.repeat(None, repeated.height, dtype=pl.String, eager=True))
        repeated = repeated.with_columns(names.alias("__debtor__"))
        groups = repeated.group_by("ref").agg(
            pl.col(LINE).sort().head(SHOWN_LINES + 1).alias("lines"), pl.len().alias("n"),
            pl.col("__debtor__").drop_nulls().n_unique().alias("debtors"),
        )
        repeated = repeated.join(groups, on="ref", how="left", maintain_order="left").with_columns(
            pl.col("lines").list.set_difference(pl.concat_list(pl.col(LINE))).list.sort().list.head(SHOWN_LINES).alias("others")
        ).with_columns((pl.col("n") - 1 - pl.col("others").list.len()).alias("more"))
        listed = pl.col("others").cast(pl.List(pl.String)).list.join(", ")
        message = (
            pl.lit("Reference ") + quoted(pl.col("ref"))
            + pl.when(pl.col("n") > 2).then(pl.lit(" also appears on lines ")).otherwise(pl.lit(" also appears on line "))
            + listed
            + pl.when(pl.col("more") > 0).then(pl.lit(" and ") + pl.col("more").cast(pl.String) + pl.lit(" more")).otherwise(pl.lit(""))
            + pl.lit(".")
            # of several debtors: a number mistyped, or numbered again for each debtor; on the next or the
            # previous line of one debtor: the lines of one invoice, each with its own amount
            + pl.when(pl.col("debtors") > 1)
            .then(pl.lit(" The rows name different debtors: a number mistyped, or numbered again for each debtor; "
                         "correct it in the file."))
            .when(pl.col("others").list.contains(pl.col(LINE) + 1) | pl.col("others").list.contains(pl.col(LINE) - 1))
            .then(pl.lit(" If these rows are the lines of one invoice, export one row per invoice, with its total."))
            .otherwise(pl.lit(""))
        )
        problems.append(problem_frame(repeated, ctx, field=field, code="duplicate-reference", message=message))
    return work["ref"].alias(field), problems


#: a number a spreadsheet wrote in scientific notation, its digits rounded ("5.10005E+11", "1,23457E+15")
ROUNDED_NUMBER = r"^[0-9](?:[.,][0-9]+)?[eE]\+[0-9]{1,3}$"


def _whole_floats(refs: pl.Series) -> bool:
    """Every reference is digits followed by ".0" (and there is one)."""
    given = refs.drop_nulls()
    # the first ones tell most files apart at once
    return (
        bool(given.len()) and bool(given.head(100).str.contains(WHOLE_FLOAT).all())
        and bool(given.str.contains(WHOLE_FLOAT).all())
    )


_EMAIL_LIKE = r"^\S+@\S+\.\S+$"
_NUMBER_LIKE = r"^[0-9\s.,+\-/()]*[0-9][0-9\s.,+\-/()]*$"
#: a record's key written for its name: a GUID ("1a2d2582-8fe3-4a19-9cdf-86ca44e1ee30"), a hash or an
#: object id (24 hexadecimal digits or more)
_KEY_LIKE = r"^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$|^[0-9a-f]{24,}$|^[0-9A-F]{24,}$"


#: a name written between quotes whole, as some exports quote a name with a comma once more
#: ('"Visscher, Klaas"' in the cell)
_QUOTED_WHOLE = r'^["“„]([^"“”„]*)["”]$'


#: the names a point of sale or an ERP gives the customer it does not know (a walk-in buyer, the
#: "final consumer" of Latin American e-invoicing, a pooled account for occasional customers), folded
#: (lower case, no accents, punctuation as spaces): nobody to collect from
ANONYMOUS_CUSTOMERS = frozenset({
    # es
    "consumidor final", "cliente final", "publico en general", "publico general", "venta al publico",
    "cliente mostrador", "cliente de mostrador", "venta mostrador", "cliente contado", "cliente de contado",
    "clientes varios", "cliente varios", "cliente generico", "cliente ocasional", "clientes ocasionales",
    "cliente eventual", "cliente anonimo", "cliente sin identificar", "cliente no identificado",
    # pt
    "consumidor", "consumidor nao identificado", "cliente nao identificado", "cliente balcao",
    "cliente de balcao", "venda balcao", "venda de balcao", "cliente avulso", "clientes diversos",
    "cliente diverso", "cliente consumidor final",
    # fr
    "client comptoir", "clients comptoir", "vente comptoir", "client divers", "clients divers", "divers",
    "client de passage", "client passage", "clients de passage", "client occasionnel", "clients occasionnels",
    "client anonyme",
    # de
    "laufkunde", "laufkunden", "laufkundschaft", "barverkauf", "barverkaufe", "barkunde", "barkunden",
    "diverse kunden", "div kunden", "sonstige kunden", "diverse debitoren", "cpd kunde", "cpd",
    # it
    "cliente occasionale", "clienti occasionali", "clienti diversi", "cliente al banco", "vendita al banco",
    "cliente privato generico",
    # nl, nordic
    "kassaklant", "kassa klant", "diverse klanten", "diverse debiteuren", "passant", "kontantkunde",
    "kontantkund", "kontantsalg", "kontantforsaljning", "kateisasiakas", "kateismyynti",
    # en
    "cash customer", "cash customers", "cash sale", "cash sales", "cash client", "walk in", "walk in customer",
    "walk in customers", "walkin", "walkin customer", "walk in client", "counter sale", "counter sales",
    "counter customer", "sundry customer", "sundry customers", "sundry debtors", "miscellaneous customer",
    "miscellaneous customers", "misc customer", "misc customers", "one time customer", "one time customers",
    "onetime customer", "anonymous", "anonymous customer", "unknown customer", "retail customer",
    "general customer", "pos customer", "default customer",
})


def _anonymous(distinct: pl.Series) -> pl.Series:
    """Whether each name is a till's anonymous customer (``ANONYMOUS_CUSTOMERS``)."""
    words = pl.select(folded(pl.lit(distinct)).str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()).to_series()
    return words.is_in(sorted(ANONYMOUS_CUSTOMERS))


def validate_name(frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, list[pl.DataFrame]]:
    field = "debtor.name"
    name = clean_columns(frame, [field])[field]
    if name.str.contains('["“„]').any():
        name = name.str.replace(_QUOTED_WHOLE, "$1").str.strip_chars().replace("", None)
    work = frame.select(LINE, field).with_columns(name.alias("name"))
    # each distinct name is read once (a ledger writes its debtors' names again and again)
    distinct = name.drop_nulls().unique()

    def named(breaks: pl.Series) -> pl.DataFrame:
        """The rows whose name is one of the distinct names that ``breaks`` a rule."""
        return work.filter(pl.col("name").is_in(distinct.filter(breaks.fill_null(False)).implode()))

    problems = [
        problem_frame(work.filter(pl.col("name").is_null()), ctx, field=field, code="missing-name",
                      message="The debtor's name is empty."),
        problem_frame(
            named(_anonymous(distinct)), ctx, field=field, code="anonymous-name",
            message=quoted(pl.col("name")) + pl.lit(" is the anonymous customer of a till or a pooled account, no one to "
                                                    "collect from: name the debtor."),
        ),
        problem_frame(
            named(distinct.str.contains(_EMAIL_LIKE)), ctx, field=field, code="suspicious-name",
            message=quoted(pl.col("name")) + pl.lit(" looks like an e-mail address, not a name."),
        ),
        problem_frame(
            named(distinct.str.contains(_NUMBER_LIKE)), ctx, field=field, code="suspicious-name",
            message=quoted(pl.col("name")) + pl.lit(" is a number, not a name."),
        ),
        problem_frame(
            named((distinct.str.len_bytes() >= 24) & distinct.str.contains(_KEY_LIKE)), ctx, field=field, code="suspicious-name",
            message=quoted(pl.col("name")) + pl.lit(" is a record's key (a GUID or a hash), not a name: give the "
                                                    "customers' names (--debtors FILE joins a customer list by its key)."),
        ),
    ]
    return work["name"].alias(field), problems


#: C0 controls but tab and line breaks, DEL and the C1 controls (terminal escape sequences among them)
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def drop_control_characters(texts: pl.DataFrame) -> pl.DataFrame:
    """The text fields of the cases without their control characters (``check_control_characters``
    warns of each)."""
    present = [c for c in texts.columns if texts.schema[c] == pl.String]
    hits = texts.select(pl.col(c).str.contains(_CONTROL).any() for c in present).row(0) if present else ()
    marked = [c for c, hit in zip(present, hits, strict=True) if hit]
    if not marked:
        return texts
    return texts.with_columns(
        pl.when(pl.col(c).str.contains(_CONTROL))
        .then(pl.col(c).str.replace_all(_CONTROL, "").str.replace_all(r"\s+", " ").str.strip_chars().replace("", None))
        .otherwise(pl.col(c))
        for c in marked
    )


def check_control_characters(
    frame: pl.DataFrame, ctx: Context, fields: tuple[str, ...], *, dropped: bool = False
) -> list[pl.DataFrame]:
    """A problem for each text value holding control characters: an error whose suggestion drops
    them, or (``dropped``: the address, the company) a warning that they were dropped."""
    present = [f for f in fields if f in frame.columns]
    hits = frame.select(pl.col(f).str.contains(_CONTROL).any() for f in present).row(0) if present else ()
    problems = []
    for field, hit in zip(present, hits, strict=True):
        if not hit:
            continue
        rows = frame.select(LINE, field).filter(pl.col(field).str.contains(_CONTROL))
        cleaned = pl.col(field).str.replace_all(_CONTROL, "").str.replace_all(r"\s+", " ").str.strip_chars()
        if dropped:
            problems.append(problem_frame(
                rows, ctx, field=field, code="control-characters-dropped",
                message="This value held control characters (shown as \\x8d, \\x1b…), which would garble what "
                        "shows it: the value is imported without them.",
            ))
            continue
        problems.append(problem_frame(
            rows, ctx, field=field, code="control-characters",
            message="This value holds control characters (shown as \\x1b, \\x07…), which would garble "
                    "what shows it; the suggestion drops them.",
            suggestion=pl.when(cleaned != "").then(cleaned),
        ))
    return problems


def _scenario_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def known_scenarios(values: list[str], scenarios: tuple[str, ...] | list[str]) -> dict[str, str | None]:
    """Each value's scenario of the catalog, written as the catalog does or with other spaces,
    dashes and case ("Firm 4 waves"); None when it is none."""
    by_key = {_scenario_key(s): s for s in scenarios}
    return {v: v if v in scenarios else by_key.get(_scenario_key(v)) for v in values}


def scenario_hints(values: list[str], scenarios: tuple[str, ...] | list[str]) -> dict[str, str | None]:
    """Each value's closest scenario of the catalog, when one is close ("standrad_3_waves"); else None."""
    by_key = {_scenario_key(s): s for s in scenarios}
    hints: dict[str, str | None] = {}
    for value in values:
        best = process.extractOne(_scenario_key(value), list(by_key), scorer=fuzz.ratio, score_cutoff=75)
        hints[value] = by_key[best[0]] if best else None
    return hints


def validate_scenario(frame: pl.DataFrame, ctx: Context) -> tuple[pl.Series, list[pl.DataFrame]]:
    field = "scenario"
    scenarios = list(ctx.options.scenarios)
    work = frame.select(LINE, field).with_columns(clean_columns(frame, [field])[field].alias("given"))
    known = known_scenarios(work["given"].drop_nulls().unique().to_list(), scenarios)
    work = work.with_columns(pl.col("given").replace_strict(known, default=None, return_dtype=pl.String).alias("known"))
    unknown = work.filter(pl.col("given").is_not_null() & pl.col("known").is_null())
    problems = []
    if unknown.height:
        hints = scenario_hints(unknown["given"].unique().to_list(), scenarios)
        problems.append(problem_frame(
            unknown, ctx, field=field, code="unknown-scenario",
            message=pl.lit("Unknown scenario ") + quoted(pl.col("given")) + pl.lit(". Known scenarios: " + ", ".join(scenarios) + "."),
            suggestion=pl.col("given").replace_strict(hints, default=None, return_dtype=pl.String),
        ))
    typed = work.select(
        pl.when(pl.col("given").is_null()).then(pl.lit(ctx.options.default_scenario)).otherwise(pl.col("known")).alias(field)
    ).to_series()
    return typed, problems


#: fields any of which makes a debtor reachable
CONTACT_FIELDS = ("debtor.email", "debtor.phone", *(
    f for f in ADDRESS_FIELDS if f not in ("debtor.address.country", "debtor.address.region")
))


def check_contact(cleaned: pl.DataFrame, ctx: Context) -> list[pl.DataFrame]:
    """A warning for rows with no e-mail, no phone and no postal address. ``cleaned`` holds LINE
    and the :data:`CONTACT_FIELDS` trimmed (empty as null)."""
    lonely = cleaned.filter(~pl.any_horizontal(pl.col(f).is_not_null() for f in CONTACT_FIELDS))
    return [problem_frame(
        lonely, ctx, field=None, code="no-contact-channel",
        message="No e-mail, phone or postal address: the debtor cannot be contacted.",
    )]


def check_lengths(typed: pl.DataFrame, ctx: Context) -> list[pl.DataFrame]:
    """An error for every value longer than its field's ``max_length``. ``typed`` holds LINE and
    the normalised values (what would be stored)."""
    limits = {f: BY_NAME[f].max_length for f in typed.columns if f in BY_NAME and BY_NAME[f].max_length is not None}
    if not limits:
        return []
    # bytes first (free on Arrow strings): only a value of more bytes can have more characters
    over = typed.select((pl.col(f).str.len_bytes() > limit).any() for f, limit in limits.items()).row(0)
    found = []
    for (field, limit), some in zip(limits.items(), over, strict=True):
        if not some:
            continue
        long = typed.filter(pl.col(field).str.len_bytes() > limit)
        long = long.filter(pl.col(field).str.len_chars() > limit)
        if long.height:
            found.append(problem_frame(
                long, ctx, field=field, code="value-too-long",
                value=pl.col(field).str.slice(0, 60) + pl.lit("…"),
                message=pl.lit("The value has ") + pl.col(field).str.len_chars().cast(pl.String)
                + pl.lit(f" characters; at most {limit} are kept for this field."),
            ))
    return found
