"""Phone numbers to E.164 with phonenumbers (through the vectorised fast path for the common
shapes), read in the row's country when the file has one, else in the default region. Every distinct
(number, region) pair is checked once and the verdicts joined back to the rows."""

from __future__ import annotations

import phonenumbers
import polars as pl

from getbill_import.fields import LINE
from getbill_import.validate._common import Context, problem_frame, quoted
from getbill_import.validate._library import Verdict, check_phones
from getbill_import.validate._pool import CheckPool, Pending
from getbill_import.validate.phone_fast import SEPARATORS, fast_phones

FIELD = "debtor.phone"


def prepare_phone(expr: pl.Expr) -> pl.Expr:
    """Any whitespace as one plain space, trimmed, empty as null, and the ``.0`` a spreadsheet adds
    to a number stored as a number removed (``612345678.0``)."""
    spaced = expr.str.replace_all(r"\s+", " ").str.strip_chars()
    unfloated = spaced.str.replace(r"^(\+?[0-9]+)\.0+$", "$1")
    return pl.when(unfloated == "").then(None).otherwise(unfloated)


def phone_regions(countries: pl.Series, default_region: str) -> pl.Series:
    """The region to read each row's number in: its country when phonenumbers knows it."""
    supported = sorted(phonenumbers.SUPPORTED_REGIONS)
    return (
        pl.DataFrame({"c": countries})
        .select(pl.when(pl.col("c").is_in(supported)).then(pl.col("c")).otherwise(pl.lit(default_region.upper())).alias("region"))
        .to_series()
    )


class PhoneCheck:
    """Started with the frame (fast path run, library batch submitted); :meth:`finish` collects."""

    def __init__(self, frame: pl.DataFrame, regions: pl.Series, ctx: Context, pool: CheckPool):
        self.ctx = ctx
        self.rows = frame.select(LINE, FIELD).with_columns(prepare_phone(pl.col(FIELD)).alias("v"), regions.alias("region"))
        pairs = self.rows.filter(pl.col("v").is_not_null()).select("v", "region").unique()
        self.verdicts = fast_phones(pairs)
        remainder = self.verdicts.filter(pl.col("e164").is_null()).select("v", "region")
        self.remainder = remainder
        self.pending: Pending[Verdict] = pool.submit(check_phones, list(remainder.iter_rows()))

    def finish(self) -> tuple[pl.Series, list[pl.DataFrame]]:
        results = self.pending.result()
        slow = self.remainder.with_columns(
            pl.Series("lib_e164", [r[0] for r in results], dtype=pl.String),
            pl.Series("reason", [r[1] for r in results], dtype=pl.String),
        )
        verdicts = self.verdicts.join(slow, on=["v", "region"], how="left").with_columns(
            pl.coalesce("e164", "lib_e164").alias("e164")
        ).drop("lib_e164")
        rows = self.rows.join(verdicts, on=["v", "region"], how="left", maintain_order="left")
        rows = rows.with_columns(self._lost_zero().alias("lost_zero"))
        return rows["e164"].alias(FIELD), self._problems(rows)

    def _lost_zero(self) -> pl.Expr:
        """A national number written without the region's national prefix "0" and read as valid."""
        regions = self.rows["region"].unique().to_list()
        codes = {r: str(phonenumbers.country_code_for_region(r)) for r in regions}
        zero_prefixed = [
            r for r in regions
            if (m := phonenumbers.PhoneMetadata.metadata_for_region(r, None)) is not None and m.national_prefix == "0"
        ]
        bare = pl.col("v").str.replace_all(SEPARATORS, "")
        return (
            pl.col("region").is_in(zero_prefixed)
            & bare.str.contains(r"^[1-9][0-9]*$")
            & (pl.col("e164") == "+" + pl.col("region").replace_strict(codes, default="", return_dtype=pl.String) + bare)
        ).fill_null(False)

    def _problems(self, rows: pl.DataFrame) -> list[pl.DataFrame]:
        ctx = self.ctx
        return [
            problem_frame(
                rows.filter(pl.col("v").is_not_null() & pl.col("e164").is_null()), ctx, field=FIELD, code="invalid-phone",
                message=quoted(pl.col(FIELD)) + pl.lit(" is not a valid phone number: ") + pl.col("reason").fill_null("invalid")
                + pl.lit("."),
            ),
            problem_frame(
                rows.filter("lost_zero"), ctx, field=FIELD, code="phone-missing-leading-zero",
                message=quoted(pl.col(FIELD)) + pl.lit(" lost its leading 0 (a spreadsheet stored it as a number); read as ")
                + pl.col("e164") + pl.lit("."),
                suggestion=pl.col("e164"),
            ),
        ]
