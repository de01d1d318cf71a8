"""Reconciliation: a payments file — a bank statement, a card processor's payments export — matched
to cases and recorded as their payments.

The file goes through the reading and mapping engine case files go through (``read_and_map``:
encodings, delimiters, title rows, sheets; the header vocabulary), and its amounts, currencies
and dates through the case validation's parsers (``validate_frame``: ``2 340,00 €``, ``1,234.50``,
``15/03/2024``…). Each column gets a role (:data:`ROLES`): from ``payment_columns.toml`` by its
header, else from the case mapping (an amount column is the amount…), else it is free text.

Each credit line is then matched to a case:

1. by reference: the case references found in the invoice column or anywhere in the line's text
   ("VIR SEPA DUPONT REF F-2024-0847", "F 2024 0847", "FA/2024/0847" all find ``F-2024-0847``);
   a short or all-digit reference must be backed by the amount or the debtor's name. One case:
   matched. Several whose balances add up to the amount: each is paid its balance. Otherwise the
   line is ambiguous.
2. without a reference, by amount and debtor: a case whose balance is the amount and whose
   debtor's name (or e-mail) is the payer's, or appears in the text. One: matched; several:
   ambiguous.

Every line has an external id: the processor's payment id when the file has one, else a
fingerprint of its date, amount, currency and text (and its rank among identical lines), so
importing the same file again — or a statement that overlaps the last one — pays nothing twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from getbill_import.collection.payments import PaymentRefused, record_payment
from getbill_import.config import Settings
from getbill_import.errors import ConfigError, MappingError
from getbill_import.fields import LINE, METADATA
from getbill_import.store.engine import Store
from getbill_import.store.payments import STRIPE_PREFIXES, known_external_ids
from getbill_import.store.schema import FINAL_STATUSES, cases, payments

ROLES: tuple[str, ...] = (
    "id", "date", "amount", "credit", "debit", "currency", "refunded", "status", "method", "payer", "email",
    "invoice", "text", "balance",
)
#: the case mapping's fields, as payment roles
_FROM_CASE_FIELD = {
    "amount": "amount", "currency": "currency", "reference": "invoice", "debtor.name": "payer",
    "debtor.company": "payer", "debtor.email": "email", "due_date": "date", "issue_date": "date",
}
#: statuses of a processor's export that are no money received
_NOT_PAID = re.compile(
    r"^(failed|fail|refunded|canceled|cancelled|pending|requires[_ ].*|incomplete|disputed|declined|"
    r"echoue|echec|rejete|refuse|annule|rembourse|en attente|abgelehnt|storniert)$"
)
#: a reference shorter than this (letters and digits) is never looked for in text
MIN_KEY_CHARS = 4
#: how many adjacent words of a line's text a reference may be split over ("F 2024 0847")
MAX_PARTS = 4
#: how alike a debtor's name and a payer's must be (rapidfuzz token_set_ratio, 0–100)
NAME_SIMILARITY = 88
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")


@dataclass(frozen=True)
class ReconcileOptions:
    sheet: str | int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    date_order: str | None = None
    #: role -> the file's column, to override what was found
    columns: Mapping[str, str] = field(default_factory=dict)
    #: match and report without recording anything
    dry_run: bool = False
    method: str | None = None


@dataclass
class PaymentLine:
    line: int
    amount_cents: int
    currency: str
    paid_on: dt.date | None
    text: str
    payer: str | None
    email: str | None
    invoice: str | None
    external_id: str
    method: str

    def entry(self) -> dict[str, Any]:
        """What a report says of the line, whatever became of it."""
        return {"line": self.line, "amount": self.amount_cents / 100, "currency": self.currency,
                "text": self.text[:300] or None, "paid_on": self.paid_on.isoformat() if self.paid_on else None}


@dataclass
class ReconcileResult:
    source: dict[str, Any]
    columns: list[dict[str, Any]]
    lines: int = 0
    matched: list[dict[str, Any]] = field(default_factory=list)
    already: list[dict[str, Any]] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def counts(self) -> dict[str, Any]:
        paid = sum(round(m["amount"] * 100) for m in self.matched)
        return {
            "lines": self.lines, "matched": len({m["line"] for m in self.matched}), "payments": len(self.matched),
            "already_recorded": len(self.already), "ambiguous": len(self.ambiguous),
            "unmatched": len(self.unmatched), "skipped": len(self.skipped),
            "resolved": sum(1 for m in self.matched if m.get("resolved")),
            "overpayments": sum(1 for m in self.matched if m.get("overpaid")), "amount_recorded": paid / 100,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "columns": self.columns, "dry_run": self.dry_run, "counts": self.counts,
            "matched": self.matched, "already_recorded": self.already, "ambiguous": self.ambiguous,
            "unmatched": self.unmatched, "skipped": self.skipped,
        }

    def report_rows(self) -> list[dict[str, Any]]:
        """One row per line and outcome, for a CSV report."""
        rows = []
        for outcome, items in (("matched", self.matched), ("already_recorded", self.already),
                               ("ambiguous", self.ambiguous), ("unmatched", self.unmatched),
                               ("skipped", self.skipped)):
            for item in items:
                candidates = item.get("candidates") or []
                rows.append({
                    "line": item["line"], "outcome": outcome, "amount": item.get("amount"),
                    "currency": item.get("currency"), "reference": item.get("reference"),
                    "debt_id": item.get("debt_id"), "how": item.get("how"),
                    "reason": item.get("reason"), "text": item.get("text"),
                    "candidates": " ".join(c["reference"] for c in candidates),
                    "payment_id": item.get("payment_id"), "overpaid": item.get("overpaid"),
                })
        return sorted(rows, key=lambda r: (r["line"], r["outcome"]))


def _vocabulary() -> dict[str, str]:
    from getbill_import.mapping import normalize_header

    with (Path(__file__).resolve().parent / "payment_columns.toml").open("rb") as handle:
        doc = tomllib.load(handle)
    found: dict[str, str] = {}
    for role, terms in doc["roles"].items():
        for term in terms:
            found.setdefault(normalize_header(term), role)
    return found


def column_roles(headers: Sequence[str], case_fields: Mapping[str, str | None],
                 overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each column's role: overrides first, then the payment vocabulary, then the case mapping
    (``case_fields``: column -> case field), else free text. A role is given to one column."""
    from getbill_import.mapping import normalize_header

    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(ROLES))
    if unknown:
        raise ConfigError(f"Unknown payment column role(s) {', '.join(unknown)}; use {', '.join(ROLES)}.")
    missing = sorted(c for c in overrides.values() if c not in headers)
    if missing:
        raise ConfigError(f"The file has no column {', '.join(repr(m) for m in missing)}; its columns: "
                          f"{', '.join(headers)}.")
    vocabulary = _vocabulary()
    roles: dict[str, str] = {column: role for role, column in overrides.items()}
    taken = set(overrides)
    for column in headers:
        if column in roles:
            continue
        role = vocabulary.get(normalize_header(column))
        if role is None:
            role = _FROM_CASE_FIELD.get(case_fields.get(column) or "")
        if role is None or (role in taken and role not in ("text", "payer")):
            role = "text"
        roles[column] = role
        taken.add(role)
    return roles


def _key(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _strong(key: str) -> bool:
    """A reference unlikely to appear in a line's text by chance."""
    has_digit = any(c.isdigit() for c in key)
    has_letter = any(c.isalpha() for c in key)
    return (has_digit and has_letter and len(key) >= 5) or (key.isdigit() and len(key) >= 6)


def candidate_keys(text: str) -> set[str]:
    """Every reference key the text may hold: its words, alone and joined with their neighbours."""
    words = [_key(w) for w in _WORD.findall(text)]
    found = set()
    for i in range(len(words)):
        joined = ""
        for j in range(i, min(i + MAX_PARTS, len(words))):
            joined += words[j]
            if len(joined) >= MIN_KEY_CHARS:
                found.add(joined)
    return found


@dataclass
class _Cases:
    frame: pl.DataFrame
    by_key: dict[str, list[int]]
    by_amount: dict[tuple[str, int], list[int]]

    def row(self, i: int) -> dict[str, Any]:
        return self.frame.row(i, named=True)


def _load_cases(store: Store, account: str) -> _Cases:
    query = sa.select(cases.c.id, cases.c.reference, cases.c.debtor_name, cases.c.debtor_email,
                      cases.c.balance_cents, cases.c.currency, cases.c.status).where(cases.c.account == account)
    with store.read() as conn:
        rows = conn.execute(query).all()
    frame = pl.DataFrame(
        rows, orient="row",
        schema={"id": pl.String, "reference": pl.String, "debtor_name": pl.String, "debtor_email": pl.String,
                "balance_cents": pl.Int64, "currency": pl.String, "status": pl.String},
    ).with_columns(pl.col("reference").map_elements(_key, return_dtype=pl.String).alias("key"))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(frame["key"].to_list()):
        if key and len(key) >= MIN_KEY_CHARS:
            by_key[key].append(i)
    by_amount: dict[tuple[str, int], list[int]] = defaultdict(list)
    open_rows = frame.with_row_index("_i").filter(~pl.col("status").is_in(list(FINAL_STATUSES)))
    for i, currency, balance in open_rows.select("_i", "currency", "balance_cents").iter_rows():
        by_amount[(currency, balance)].append(i)
    return _Cases(frame, dict(by_key), dict(by_amount))


def read_payments(path: Path, settings: Settings, options: ReconcileOptions) -> tuple[
    list[PaymentLine], list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]
]:
    """The file's credit lines, its skipped lines (debits, refunds, failures, unreadable
    amounts), the source information and each column's role."""
    from getbill_import.pipeline import PrepareOptions, read_and_map, validation_options
    from getbill_import.validate import validate_frame

    read, mapping = read_and_map(path, settings, PrepareOptions(
        sheet=options.sheet, encoding=options.encoding, delimiter=options.delimiter, date_order=options.date_order,
    ))
    headers = read.headers
    roles = column_roles(headers, {c.column: c.field for c in mapping.columns if c.status != "unmapped"},
                         options.columns)
    by_role: dict[str, list[str]] = defaultdict(list)
    for name, role in roles.items():
        by_role[role].append(name)
    amounts = by_role.get("credit") or by_role.get("amount")
    if not amounts:
        raise MappingError(
            f"No column holds the payments' amounts (columns: {', '.join(headers)}). Name it with "
            "--column amount=COLUMN (or credit=COLUMN for a statement with credit and debit columns).",
            code="required-column-missing",
        )
    amount_column = amounts[0]
    frame = read.frame

    def column(role: str) -> pl.Expr:
        names = by_role.get(role)
        return pl.col(names[0]) if names else pl.lit(None, dtype=pl.String)

    mapped = frame.select(
        LINE,
        pl.col(amount_column).alias("amount"),
        column("currency").alias("currency"),
        column("date").alias("due_date"),
        pl.col(LINE).cast(pl.String).alias("reference"),
        pl.lit("payer").alias("debtor.name"),
        pl.lit("{}").alias(METADATA),
    )
    validated = validate_frame(
        mapped, columns={"amount": amount_column, "reference": LINE, "debtor.name": LINE},
        options=validation_options(settings, options.date_order),
    )
    parsed = validated.cases.select(LINE, "amount", "currency", "due_date")
    refunded = None
    if by_role.get("refunded"):
        refunded = validate_frame(
            frame.select(LINE, pl.col(by_role["refunded"][0]).alias("amount"), pl.lit("x").alias("reference"),
                         pl.lit("payer").alias("debtor.name"), pl.lit("{}").alias(METADATA)),
            columns={"amount": by_role["refunded"][0]}, options=validation_options(settings),
        ).cases["amount"]
    free = [c for c in headers if roles[c] in ("text", "invoice", "payer")]
    text = frame.select(pl.concat_str([pl.col(c).fill_null("") for c in free], separator=" ").alias("text")) \
        if free else frame.select(pl.repeat("", frame.height, dtype=pl.String).alias("text"))
    raw = frame.select(
        LINE,
        column("id").alias("id"), column("status").alias("status"), column("payer").alias("payer"),
        column("email").alias("email"), column("invoice").alias("invoice"), column("method").alias("method"),
        column("debit").alias("debit"), pl.col(amount_column).alias("amount_text"),
    ).with_columns(text["text"], parsed["amount"], parsed["currency"], parsed["due_date"])
    if refunded is not None:
        raw = raw.with_columns(refunded.alias("refunded"))
    lines: list[PaymentLine] = []
    skipped: list[dict[str, Any]] = []
    seen: Counter[str] = Counter()
    for row in raw.iter_rows(named=True):
        line, amount, text_value = row[LINE], row["amount"], (row["text"] or "").strip()
        base = {"line": line, "text": text_value[:300] or None}
        status = (row["status"] or "").strip().lower()
        if status and _NOT_PAID.match(_plain(status)):
            skipped.append({**base, "reason": f"status {row['status']!r}: no money received"})
            continue
        if amount is None:
            if (row["amount_text"] or "").strip() == "" and (row["debit"] or "").strip():
                skipped.append({**base, "reason": "a debit (money paid out)"})
            elif (row["amount_text"] or "").strip() == "":
                skipped.append({**base, "reason": "no amount"})
            else:
                skipped.append({**base, "reason": f"the amount {row['amount_text']!r} cannot be read"})
            continue
        cents = int(Decimal(amount) * 100)
        if refunded is not None and row.get("refunded") is not None:
            cents -= int(Decimal(row["refunded"]) * 100)
        if cents <= 0:
            skipped.append({**base, "amount": cents / 100,
                            "reason": "a debit (money paid out)" if cents < 0 else "nothing received"})
            continue
        currency = row["currency"] or settings.default_currency
        explicit = (row["id"] or "").strip() or None
        if explicit is not None:
            external = explicit[:200]
        else:
            fingerprint = "|".join([str(row["due_date"] or ""), str(cents), currency, _key(text_value),
                                    (row["payer"] or "").strip().lower()])
            seen[fingerprint] += 1
            digest = hashlib.sha256(f"{fingerprint}|{seen[fingerprint]}".encode()).hexdigest()[:32]
            external = f"line:{digest}"
        method = options.method or _method(row["method"], explicit)
        lines.append(PaymentLine(
            line, cents, currency, row["due_date"], text_value, (row["payer"] or "").strip() or None,
            (row["email"] or "").strip().lower() or None, (row["invoice"] or "").strip() or None, external, method,
        ))
    source = {**read.source.to_json(), "path": str(path)}
    columns = [{"column": c, "role": roles[c]} for c in headers]
    return lines, skipped, source, columns


def _plain(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _method(given: str | None, external: str | None) -> str:
    if given and given.strip():
        return re.sub(r"[^a-z0-9]+", "_", _plain(given.strip().lower())).strip("_")[:32] or "other"
    if external and external.startswith(STRIPE_PREFIXES):
        return "card"
    return "transfer"


def _name_matches(name: str | None, payer: str | None, text: str) -> bool:
    from rapidfuzz import fuzz

    if not name:
        return False
    if payer and fuzz.token_set_ratio(name.lower(), payer.lower()) >= NAME_SIMILARITY:
        return True
    return bool(text) and fuzz.partial_token_set_ratio(name.lower(), text.lower()) >= 100 and len(name) >= 5


def match_line(line: PaymentLine, known: _Cases) -> tuple[str, list[int], str]:
    """("matched" | "split" | "ambiguous" | "unmatched", the cases (row numbers), how or why)."""
    if line.invoice:
        exact = known.by_key.get(_key(line.invoice), [])
        if len(exact) == 1:
            return "matched", exact, "reference (invoice column)"
    found: dict[int, str] = {}
    for key in candidate_keys(" ".join(filter(None, [line.invoice, line.text]))):
        for i in known.by_key.get(key, []):
            found.setdefault(i, key)
    if found:
        backed = []
        for i, key in found.items():
            case = known.row(i)
            if _strong(key) or case["balance_cents"] == line.amount_cents or _name_matches(
                case["debtor_name"], line.payer, line.text
            ):
                backed.append(i)
        same_currency = [i for i in backed if known.row(i)["currency"] == line.currency]
        if backed and not same_currency:
            return "unmatched", backed, f"the case is in another currency than the payment ({line.currency})"
        if len(same_currency) == 1:
            return "matched", same_currency, "reference"
        if len(same_currency) > 1:
            balances = [known.row(i)["balance_cents"] for i in same_currency]
            if all(b > 0 for b in balances) and sum(balances) == line.amount_cents:
                return "split", sorted(same_currency, key=lambda i: known.row(i)["reference"]), \
                    "references (the amount pays each invoice)"
            exact_amount = [i for i in same_currency if known.row(i)["balance_cents"] == line.amount_cents]
            if len(exact_amount) == 1:
                return "matched", exact_amount, "reference and amount"
            return "ambiguous", same_currency, "the line names several cases and the amount does not settle which"
    by_amount = known.by_amount.get((line.currency, line.amount_cents), [])
    debtor = [
        i for i in by_amount
        if (line.email and (known.row(i)["debtor_email"] or "").lower() == line.email)
        or _name_matches(known.row(i)["debtor_name"], line.payer, line.text)
    ]
    if len(debtor) == 1:
        return "matched", debtor, "amount and debtor"
    if len(debtor) > 1:
        return "ambiguous", debtor, "several open cases of this debtor have this balance"
    if by_amount:
        return "unmatched", [], (
            f"no reference found, and none of the {len(by_amount)} open case(s) with this balance is this debtor's"
        )
    return "unmatched", [], "no reference found, and no open case has this balance"


def reconcile(
    store: Store, settings: Settings, path: Path | str, *, account: str, now: dt.datetime,
    options: ReconcileOptions | None = None, source: str = "import",
) -> ReconcileResult:
    """Read ``path``, match its lines to ``account``'s cases and record the matched payments (in
    one transaction; none with ``dry_run``). Raises GetbillError when the file cannot be used."""
    options = options or ReconcileOptions()
    path = Path(path)
    lines, skipped, info, columns = read_payments(path, settings, options)
    result = ReconcileResult(info, columns, lines=len(lines) + len(skipped), skipped=skipped, dry_run=options.dry_run)
    return record_lines(store, result, lines, account=account, now=now, source=source, path=path)


def record_lines(
    store: Store, result: ReconcileResult, lines: Sequence[PaymentLine], *, account: str, now: dt.datetime,
    source: str, path: Path, by_reference: bool = False,
) -> ReconcileResult:
    """Match payment lines to ``account``'s cases and record them (in one transaction; none with
    ``result.dry_run``), each once: a line whose external id was recorded before is said "already".
    With ``by_reference``, a line is matched by the case whose reference is its invoice number,
    as written (whatever the case), and by nothing else."""
    with store.read() as conn:
        recorded = known_external_ids(conn, account=account, external_ids=[
            *(line.external_id for line in lines), *(f"{line.external_id}#{n}" for line in lines for n in (1,)),
        ])
    todo = []
    for line in lines:
        if line.external_id in recorded or f"{line.external_id}#1" in recorded:
            result.already.append({"line": line.line, "amount": line.amount_cents / 100, "currency": line.currency,
                                   "external_id": line.external_id, "text": line.text[:300] or None})
        else:
            todo.append(line)
    if not todo:
        return result
    known = _load_cases(store, account)
    if by_reference:
        rows = known.frame.select(pl.col("reference").str.strip_chars().str.to_lowercase().alias("ref")).with_row_index("i")
        index = dict(rows.group_by("ref").agg("i").iter_rows())
        plans = [_by_reference(line, index) for line in todo]
    else:
        plans = [(line, *match_line(line, known)) for line in todo]
    with contextlib.suppress(_DryRun):
        _record(store, result, plans, known, account=account, now=now, source=source, path=path,
                dry_run=result.dry_run)
    return result


#: how a ledger's payment is matched: by the case whose reference is its invoice number
BY_REFERENCE = "reference (the ledger's invoice number)"


def _by_reference(line: PaymentLine, index: Mapping[str, list[int]]) -> tuple[PaymentLine, str, list[int], str]:
    found = index.get((line.invoice or "").strip().lower(), [])
    if len(found) == 1:
        return line, "matched", found, BY_REFERENCE
    return line, "unmatched", [], "no case has this reference"


def record_ledger_payments(
    store: Store, payments: pl.DataFrame, *, account: str, now: dt.datetime, path: Path, source: str = "import",
) -> ReconcileResult:
    """A ledger's payments of invoices from earlier files (``pipeline.ledger_payments``: LINE, the
    customer account, reference, amount, currency, paid_on), recorded on the cases those files
    made: matched by the invoice's reference alone, as the ledger names it. Each posting's
    external id is the fingerprint of the posting (account, reference, date, amount, currency,
    and its rank among identical ones), so a batch imported again, or an overlapping one, pays
    nothing twice."""
    lines = ledger_payment_lines(payments)
    result = ReconcileResult(ledger_source(path), [], lines=len(lines))
    return record_lines(store, result, lines, account=account, now=now, source=source, path=path, by_reference=True)


def ledger_source(path: Path) -> dict[str, Any]:
    return {"path": path.name, "format": "ledger"}


def ledger_payment_lines(payments: pl.DataFrame) -> list[PaymentLine]:
    """The payment lines of a ledger's payments of earlier invoices (``pipeline.ledger_payments``),
    each with the fingerprint of its posting as external id: the same posting in the store or at a
    remote API is the same payment."""
    account_column = payments.columns[1]
    seen: Counter[str] = Counter()
    lines = []
    for row in payments.iter_rows(named=True):
        cents = int((Decimal(row["amount"]) * 100).to_integral_value())
        base = "|".join(str(row[c] or "") for c in (account_column, "reference", "paid_on", "currency")) + f"|{cents}"
        seen[base] += 1
        digest = hashlib.sha256(f"{base}|{seen[base]}".encode()).hexdigest()[:32]
        lines.append(PaymentLine(
            line=row[LINE], amount_cents=cents, currency=row["currency"], paid_on=row["paid_on"],
            text=f"{row['reference']} ({account_column} {row[account_column]})", payer=None, email=None,
            invoice=row["reference"], external_id=f"ledger:{digest}", method="transfer",
        ))
    return lines


def _confirmations(details: dict[str, Any], amount_cents: int) -> dict[str, int]:
    """The payment lines that confirmed a list's payment, each with the cents it confirmed (a
    ``confirmed_by`` of one line's id confirmed the whole payment)."""
    confirmed = details.get("confirmed_by")
    if isinstance(confirmed, str):
        return {confirmed: amount_cents}
    return {str(k): int(v) for k, v in (confirmed or {}).items()}


def confirm_list_payment(
    conn: sa.Connection, *, account: str, case_id: str, amount_cents: int, confirmed_by: str,
) -> dict[str, Any] | None:
    """The payment a later list recorded on the case (``collection.settlements``: its external id
    starts ``list:``) that this payment line (``confirmed_by``, of ``amount_cents``) is part of,
    or that the line confirmed before; the line is added to its confirmations. A line confirms a
    list payment of which at least its amount is not confirmed yet, one of exactly that amount
    first, the oldest first: two transfers of 40.00 and 60.00 are the 100.00 a list said was paid.
    None when there is none: the line is a payment of its own. A bank statement arriving after the
    list so pays nothing twice."""
    rows = conn.execute(sa.select(payments.c.id, payments.c.amount_cents, payments.c.details).where(
        payments.c.account == account, payments.c.case_id == case_id, payments.c.amount_cents >= amount_cents,
        payments.c.external_id.like("list:%"),
    ).order_by(payments.c.recorded_at, payments.c.id)).all()
    open_parts = []
    for row in rows:
        details = dict(row.details or {})
        confirmed = _confirmations(details, row.amount_cents)
        if confirmed_by in confirmed:
            return {"id": row.id, "details": details, "part": confirmed[confirmed_by] < row.amount_cents}
        left = row.amount_cents - sum(confirmed.values())
        if left >= amount_cents:
            open_parts.append((left != amount_cents, row, details, confirmed))
    if not open_parts:
        return None
    _, row, details, confirmed = min(open_parts, key=lambda part: part[0])
    details["confirmed_by"] = {**confirmed, confirmed_by: amount_cents}
    conn.execute(sa.update(payments).where(payments.c.account == account, payments.c.id == row.id)
                 .values(details=details))
    return {"id": row.id, "details": details, "part": amount_cents < row.amount_cents}


class _DryRun(Exception):
    """Leaves the recording transaction, rolling it back."""


def _record(
    store: Store, result: ReconcileResult, plans: Sequence[tuple[PaymentLine, str, list[int], str]], known: _Cases,
    *, account: str, now: dt.datetime, source: str, path: Path, dry_run: bool,
) -> None:
    with store.write() as conn:
        for line, verdict, found, how in plans:
            base = line.entry()
            candidates = [{"debt_id": known.row(i)["id"], "reference": known.row(i)["reference"],
                           "debtor": known.row(i)["debtor_name"], "balance": known.row(i)["balance_cents"] / 100}
                          for i in found]
            if verdict == "ambiguous":
                result.ambiguous.append({**base, "reason": how, "candidates": candidates})
                continue
            if verdict == "unmatched":
                result.unmatched.append({**base, "reason": how, "candidates": candidates})
                continue
            shares = (
                [(found[0], line.amount_cents, line.external_id)] if verdict == "matched"
                else [(i, known.row(i)["balance_cents"], f"{line.external_id}#{n}") for n, i in enumerate(found, 1)]
            )
            for i, cents, external in shares:
                case = known.row(i)
                paid_at = (dt.datetime(line.paid_on.year, line.paid_on.month, line.paid_on.day, tzinfo=dt.UTC)
                           if line.paid_on else now)
                entry = {**base, "amount": cents / 100, "debt_id": case["id"], "reference": case["reference"],
                         "how": how, "external_id": external}
                listed = confirm_list_payment(conn, account=account, case_id=case["id"], amount_cents=cents,
                                              confirmed_by=external)
                if listed is not None:
                    # a later list said so first: this is the money it said was paid, not more
                    result.already.append({**entry, "payment_id": listed["id"], "reason": (
                        f"{'part of the payment' if listed['part'] else 'recorded'} from "
                        f"{listed['details'].get('file')!r}, which said the invoice was paid")})
                    continue
                try:
                    recorded_payment = record_payment(
                        conn, account=account, case_id=case["id"], amount_cents=cents, currency=line.currency,
                        method=line.method, external_id=external, paid_at=min(paid_at, now), now=now, source=source,
                        details={"file": path.name, "line": line.line, "text": line.text[:500] or None,
                                 "payer": line.payer, "matched_by": how},
                    )
                except PaymentRefused as exc:
                    result.unmatched.append({**base, "reason": str(exc), "candidates": candidates})
                    continue
                payment = recorded_payment.payment
                result.matched.append({**entry, "payment_id": payment["id"], "overpaid": payment["overpaid"] or None,
                                       "resolved": recorded_payment.resolved})
        if dry_run:
            raise _DryRun
