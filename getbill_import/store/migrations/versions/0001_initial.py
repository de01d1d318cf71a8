"""Initial store: accounts, imports, cases, the events outbox, corrections.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.types import BigId, JSONDoc, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "imports",
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
        sa.Column("skipped_existing", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("skipped_resolved", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("report_path", sa.String(1000)),
        sa.Column("status", sa.String(16), nullable=False, server_default="running"),
        sa.Column("error", sa.Text()),
        sa.Column("run", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("first_completed_at", UTCDateTime()),
        sa.UniqueConstraint("account", "sha256", name="uq_imports_account_sha256"),
    )
    op.create_table(
        "cases",
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
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("balance_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("issue_date", sa.Date()),
        sa.Column("scenario", sa.String(64)),
        sa.Column("status", sa.String(32), nullable=False, server_default="open"),
        sa.Column("metadata", JSONDoc),
        sa.Column("import_id", sa.String(40)),
        sa.Column("import_run", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("account", "reference", name="uq_cases_account_reference"),
    )
    op.create_table(
        "events",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(40)),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime()),
    )
    op.create_index("ix_events_case_id", "events", ["case_id"])
    op.create_index(
        "ix_events_pending",
        "events",
        ["id"],
        sqlite_where=sa.text("delivered_at IS NULL"),
        postgresql_where=sa.text("delivered_at IS NULL"),
    )
    op.create_table(
        "corrections",
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
    )
    op.create_index("ix_corrections_import", "corrections", ["import_id", "run"])
    op.create_index("ix_corrections_account_reference", "corrections", ["account", "reference"])


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_table("events")
    op.drop_table("cases")
    op.drop_table("imports")
    op.drop_table("accounts")
