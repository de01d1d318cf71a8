"""Deterministic generator of realistic, messy invoice exports for benchmarks.

    python benchmarks/generate.py --rows 1000000 --out benchmarks/data/messy_1m.csv
    python benchmarks/generate.py --rows 100000 --out benchmarks/data/messy_100k.xlsx

The file looks like a French accounting export (";" delimiter, decimal commas, dd/mm/yyyy dates, phones
typed by hand in several shapes) and carries about ``--bad`` (default 3%) bad values of every kind that
validation checks: unparsable/zero/negative amounts, impossible dates, invalid and misspelt e-mails,
invalid phones and phones that lost their leading zero, unknown currencies, missing names and references,
duplicate references. The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import polars as pl

FIRST = ["Jean", "Marie", "Pierre", "Sophie", "Nathalie", "Isabelle", "Philippe", "Michel", "Alain", "Catherine", "Nicolas", "Christophe", "Sandrine", "Julien", "Céline", "Laurent", "Stéphane", "Valérie", "Thomas", "Camille", "Léa", "Chloé", "Hugo", "Lucas", "Emma", "Zoë", "Jérôme", "François", "Hélène", "Benoît", "Aurélie", "Gaëlle", "Loïc", "Noémie", "Maël", "Anaïs", "Cédric", "Élodie", "Mathieu", "Manon"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Müller", "Brun", "Meunier"]
DOMAINS = ("gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.fr", "wanadoo.fr", "sfr.fr",
           "laposte.net", "outlook.fr", "acme-industrie.fr", "batiplus.com", "icloud.com")
TYPO_DOMAINS = ("gmial.com", "hotmial.fr", "orange.fe", "yahoo.ocm", "gmail.con")
CITIES = (("75011", "Paris"), ("69003", "Lyon"), ("13008", "Marseille"), ("31000", "Toulouse"),
          ("33000", "Bordeaux"), ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"),
          ("06000", "Nice"), ("35000", "Rennes"), ("34000", "Montpellier"), ("21000", "Dijon"))
STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "place de l'Église",
           "chemin des Vignes", "rue du Général de Gaulle", "allée des Tilleuls", "impasse des Lilas")
HEADER = ["N° facture", "Date facture", "Échéance", "Client", "Email", "Téléphone", "Adresse",
          "Code postal", "Ville", "Pays", "Montant HT", "Montant TTC", "Devise", "Commercial"]


#: how a hand-built spreadsheet writes one amount, row by row (``--mixed-amounts``)
AMOUNT_STYLES = ("fr", "plain_point", "plain_comma", "en_grouped", "de_grouped", "euro_prefix")


def generate(rows: int, seed: int = 20261125, bad: float = 0.03, mixed_amounts: bool = False) -> pl.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(options: tuple[str, ...] | list[str], n: int = rows) -> np.ndarray:
        return np.asarray(options, dtype=object)[rng.integers(0, len(options), n)]

    def bad_mask() -> np.ndarray:
        return rng.random(rows) < bad

    # one debtor may owe several invoices: names and e-mails repeat through a person number
    person_no = rng.integers(0, max(1, int(rows * 0.55)), rows)
    first = np.asarray(FIRST, dtype=object)[person_no % len(FIRST)]
    last = np.asarray(LAST, dtype=object)[(person_no // len(FIRST)) % len(LAST)]
    names = first + " " + last
    local = pl.Series(first + "." + last).str.to_lowercase().str.normalize("NFKD").str.replace_all(
        r"[^a-z.]", "").to_numpy().astype(object)
    email = local + person_no.astype(str).astype(object) + "@" + np.asarray(DOMAINS, dtype=object)[(person_no * 7 // 3) % len(DOMAINS)]

    phone_num = rng.integers(0, max(1, int(rows * 1.55)), rows) * 97 % 100_000_000
    mobile = pick(("6", "7"))
    digits = pl.Series(phone_num).cast(pl.String).str.pad_start(8, "0").to_numpy().astype(object)
    # 07 numbers are allocated from 073 to 079 only
    digits = np.where(
        mobile == "7",
        pl.Series((phone_num % 7) + 3).cast(pl.String).to_numpy().astype(object)
        + pl.Series(digits).str.slice(1).to_numpy().astype(object),
        digits,
    )
    national = "0" + mobile + digits
    shape = phone_num % 4  # a debtor's phone is typed the same way each time
    spaced = pl.Series(national).str.replace_all(r"(\d\d)", "$1 ").str.strip_chars().to_numpy().astype(object)
    dotted = pl.Series(national).str.replace_all(r"(\d\d)", "$1.").str.strip_chars(".").to_numpy().astype(object)
    intl = "+33 " + pl.Series(national).str.slice(1).to_numpy().astype(object)
    phone = np.where(shape == 0, national, np.where(shape == 1, spaced, np.where(shape == 2, dotted, intl)))

    issue_days = rng.integers(0, 900, rows)
    issue = np.datetime64("2023-01-01") + issue_days.astype("timedelta64[D]")
    due = issue + rng.choice(np.array([30, 45, 60], dtype="timedelta64[D]"), rows)
    cents = rng.integers(1_500, 2_500_000, rows)
    ht = np.round(cents / 1.2).astype(np.int64)
    city = rng.integers(0, len(CITIES), rows)

    df = pl.DataFrame({
        "ref_no": np.arange(1, rows + 1),
        "issue": issue, "due": due, "name": names, "email": email, "phone": phone,
        "street_no": rng.integers(1, 200, rows), "street": pick(STREETS),
        "postal": np.asarray([c[0] for c in CITIES], dtype=object)[city],
        "city": np.asarray([c[1] for c in CITIES], dtype=object)[city],
        "cents": cents, "ht": ht, "rep": pick(("A. Morel", "S. Petit", "J. Roux", "")),
    })

    def money(col: str) -> pl.Expr:
        units = (pl.col(col) // 100).cast(pl.String)
        grouped = units.str.reverse().str.replace_all(r"(\d{3})", "$1\u00a0").str.reverse().str.strip_chars("\u00a0")
        return grouped + "," + (pl.col(col) % 100).cast(pl.String).str.pad_start(2, "0")

    out = df.select(
        ("F-" + (pl.col("issue").dt.year()).cast(pl.String) + "-" + pl.col("ref_no").cast(pl.String).str.pad_start(7, "0")).alias("N° facture"),
        pl.col("issue").dt.strftime("%d/%m/%Y").alias("Date facture"),
        pl.col("due").dt.strftime("%d/%m/%Y").alias("Échéance"),
        pl.col("name").alias("Client"),
        pl.col("email").alias("Email"),
        pl.col("phone").alias("Téléphone"),
        (pl.col("street_no").cast(pl.String) + " " + pl.col("street")).alias("Adresse"),
        pl.col("postal").alias("Code postal"),
        pl.col("city").alias("Ville"),
        pl.lit("France").alias("Pays"),
        money("ht").alias("Montant HT"),
        money("cents").alias("Montant TTC"),
        pl.lit("EUR").alias("Devise"),
        pl.col("rep").alias("Commercial"),
    )

    if mixed_amounts:
        styles = np.asarray(AMOUNT_STYLES, dtype=object)[np.random.default_rng(seed + 1).integers(0, len(AMOUNT_STYLES), rows)]
        out = out.with_columns(_styled_amount(df["cents"], pl.Series(styles)).alias("Montant TTC"))
    cols = {c: out[c].to_numpy().astype(object) for c in out.columns}

    def spoil(col: str, values: tuple[str, ...]) -> None:
        mask = bad_mask()
        cols[col] = np.where(mask, pick(values), cols[col])

    spoil("Montant TTC", ("abc", "0,00", "-120,50", "", "12,345,67", "1O0,00"))
    spoil("Échéance", ("31/02/2024", "2024-13-45", "", "demain", "00/00/0000"))
    spoil("Date facture", ("30/02/2023", "32/01/2024"))
    bad_local = np.where(bad_mask(), "@", "")
    cols["Email"] = np.where(
        bad_mask(),
        pl.Series(cols["Email"]).str.replace(r"@.*$", "@").to_numpy().astype(object) + pick(TYPO_DOMAINS),
        cols["Email"],
    )
    cols["Email"] = np.where(bad_local == "@", pl.Series(cols["Email"]).str.replace("@", " at ").to_numpy().astype(object), cols["Email"])
    spoil("Téléphone", ("12345", "06 12 34", "+33 1 23", "0000000000", "612345678", "abc"))
    spoil("Devise", ("EURO", "XYZ", "€", "eur"))
    spoil("Client", ("", "   "))
    spoil("N° facture", ("",))
    dup = bad_mask()
    refs = cols["N° facture"]
    shifted = np.roll(refs, 1)
    cols["N° facture"] = np.where(dup, shifted, refs)
    return pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in cols.items()})


def _styled_amount(cents: pl.Series, styles: pl.Series) -> pl.Series:
    """``cents`` written in each row's style: "2 340,00 €", "2340.00", "2340,00", "2,340.00",
    "2.340,00", "€2,340.00" (every one of them proves its decimal separator)."""
    frame = pl.DataFrame({"c": cents, "s": styles})
    units = (pl.col("c") // 100).cast(pl.String)
    dec = (pl.col("c") % 100).cast(pl.String).str.pad_start(2, "0")

    def grouped(sep: str) -> pl.Expr:
        return units.str.reverse().str.replace_all(r"(\d{3})", "$1" + sep).str.reverse().str.strip_chars(sep)

    style = pl.col("s")
    return frame.select(
        pl.when(style == "fr").then(grouped("\u00a0") + "," + dec + " €")
        .when(style == "plain_point").then(units + "." + dec)
        .when(style == "plain_comma").then(units + "," + dec)
        .when(style == "en_grouped").then(grouped(",") + "." + dec)
        .when(style == "de_grouped").then(grouped(".") + "," + dec)
        .otherwise("€" + grouped(",") + "." + dec)
    ).to_series()


def write(df: pl.DataFrame, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Factures")
        ws.append(["Relevé des factures impayées"])
        ws.append([])
        ws.append(df.columns)
        for row in df.iter_rows():
            ws.append(list(row))
        wb.save(out)
    else:
        df.write_csv(out, separator=";", quote_style="necessary")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--bad", type=float, default=0.03, help="share of bad values per kind")
    parser.add_argument(
        "--mixed-amounts", action="store_true",
        help="write each row's amount in one of several styles (2 340,00 €, 2340.00, 2,340.00, 2.340,00…)",
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data/messy_1m.csv"))
    args = parser.parse_args(argv)
    df = generate(args.rows, args.seed, args.bad, mixed_amounts=args.mixed_amounts)
    write(df, args.out)
    print(f"wrote {df.height:,} rows to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
