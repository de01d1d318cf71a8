"""The case store's tables (SQLAlchemy Core). The migrations in ``migrations/versions`` create
them; this module describes them for queries. Keep both in step (a test compares them).

Every table that holds a creditor's data carries ``account`` and every query filters on it.
"""

from __future__ import annotations

import sqlalchemy as sa

from getbill_import.store.types import BigId, JSONDoc, UTCDateTime

metadata = sa.MetaData()

#: a case in one of these statuses is never changed by an import
FINAL_STATUSES: tuple[str, ...] = ("resolved", "cancelled")
CASE_STATUSES: tuple[str, ...] = ("open", "contacted", "payment_plan", "escalated", "resolved", "cancelled")
IMPORT_STATUSES: tuple[str, ...] = ("running", "completed", "failed")

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200)),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("source_name", sa.String(500), nullable=False),
    sa.Column("source_size", sa.BigInteger(), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("format", sa.String(16)),
    sa.Column("sheet", sa.String(200)),
    sa.Column("profile", sa.String(200)),
    sa.Column("mapping", JSONDoc),
    sa.Column("on_existing", sa.String(16), nullable=False, server_default="skip"),
    sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("valid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("skipped_existing", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("skipped_resolved", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("report_path", sa.String(1000)),
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("error", sa.Text()),
    #: 1 for the first run of this content, +1 for each forced re-run
    sa.Column("run", sa.Integer(), nullable=False, server_default="1"),
    sa.Column("started_at", UTCDateTime(), nullable=False),
    sa.Column("finished_at", UTCDateTime()),
    sa.Column("first_completed_at", UTCDateTime()),
    sa.UniqueConstraint("account", "sha256", name="uq_imports_account_sha256"),
)

#: no foreign keys on ``cases``: checked row by row they halve bulk-load speed on PostgreSQL;
#: the loader creates the account and the import record before any case that names them
cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("reference", sa.String(200), nullable=False),
    sa.Column("debtor_name", sa.String(500), nullable=False),
    sa.Column("debtor_company", sa.String(500)),
    sa.Column("debtor_email", sa.String(320)),
    sa.Column("debtor_phone", sa.String(32)),
    sa.Column("address_line1", sa.String(500)),
    sa.Column("address_line2", sa.String(500)),
    sa.Column("address_postal_code", sa.String(32)),
    sa.Column("address_city", sa.String(200)),
    sa.Column("address_region", sa.String(200)),
    sa.Column("address_country", sa.String(2)),
    #: money as integer cents: exact, and fast to compare and sum
    sa.Column("amount_cents", sa.BigInteger(), nullable=False),
    sa.Column("balance_cents", sa.BigInteger(), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("due_date", sa.Date()),
    sa.Column("issue_date", sa.Date()),
    sa.Column("scenario", sa.String(64)),
    sa.Column("status", sa.String(32), nullable=False, server_default="open"),
    sa.Column("metadata", JSONDoc),
    sa.Column("import_id", sa.String(40)),
    #: the run of ``import_id`` that created the case (an import may be forced again)
    sa.Column("import_run", sa.Integer()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("account", "reference", name="uq_cases_account_reference"),
)

#: the outbox: one row per event to deliver (webhooks), written in the transaction that caused it;
#: the payload is plain JSON (kept as written, key order included), not JSONB: it is written once
#: and read once by the delivery worker (a debt.created written by a bulk load has none until its
#: case first changes: see store/events.py)
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("case_id", sa.String(40)),
    sa.Column("type", sa.String(64), nullable=False),
    #: NULL for a debt.created event whose case has not changed since: rendered from the case
    sa.Column("payload", sa.JSON()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("delivered_at", UTCDateTime()),
    sa.Index("ix_events_case_id", "case_id"),
    sa.Index(
        "ix_events_pending",
        "id",
        sqlite_where=sa.text("delivered_at IS NULL"),
        postgresql_where=sa.text("delivered_at IS NULL"),
    ),
)

#: values changed by applying validation suggestions during an import (audit trail)
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("import_id", sa.String(40), sa.ForeignKey("imports.id"), nullable=False),
    sa.Column("run", sa.Integer(), nullable=False),
    sa.Column("line", sa.Integer(), nullable=False),
    sa.Column("reference", sa.String(200)),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("column", sa.String(500)),
    sa.Column("code", sa.String(64)),
    sa.Column("original", sa.Text()),
    sa.Column("corrected", sa.Text()),
    sa.Index("ix_corrections_import", "import_id", "run"),
    sa.Index("ix_corrections_account_reference", "account", "reference"),
)
