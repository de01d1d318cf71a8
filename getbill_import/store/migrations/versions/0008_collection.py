"""The collection lifecycle: each case's progress through its scenario (steps done, the last
step's time and channel) and the moments it was first contacted, resolved and escalated; the
follow-ups executed; the payments received; the sandboxes' clocks.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.types import BigId, JSONDoc, UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: the cases a scenario still works on (the scheduler's index covers only those)
ACTIVE = "status IN ('open', 'contacted')"
#: a new case's next step: "to be planned" (a day long past, so the scheduler looks at it at once)
NOT_PLANNED = "1970-01-01"


def upgrade() -> None:
    # plain ALTER TABLE (never a copy of the table, which would drop its trigger on SQLite)
    op.add_column("cases", sa.Column("steps_done", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("cases", sa.Column("next_step_on", sa.Date(), server_default=NOT_PLANNED))
    op.add_column("cases", sa.Column("last_step_at", UTCDateTime()))
    op.add_column("cases", sa.Column("last_channel", sa.String(16)))
    op.add_column("cases", sa.Column("contacted_at", UTCDateTime()))
    op.add_column("cases", sa.Column("resolved_at", UTCDateTime()))
    op.add_column("cases", sa.Column("escalated_at", UTCDateTime()))
    op.create_index(
        "ix_cases_collection_next", "cases", ["account", "next_step_on"],
        sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE),
    )
    op.create_table(
        "followups",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("scenario", sa.String(64), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("template", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32)),
        sa.Column("details", JSONDoc),
        sa.Column("scheduled_for", sa.Date(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime()),
        sa.Column("locked_until", UTCDateTime()),
        sa.UniqueConstraint("case_id", "wave", name="uq_followups_case_wave"),
    )
    op.create_index("ix_followups_account_id", "followups", ["account", "id"])
    op.create_index("ix_followups_report", "followups", ["account", "channel", "outcome", "started_at"])
    op.create_index(
        "ix_followups_unfinished", "followups", ["locked_until"],
        sqlite_where=sa.text("status = 'sending'"), postgresql_where=sa.text("status = 'sending'"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("case_id", sa.String(40), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("applied_cents", sa.BigInteger(), nullable=False),
        sa.Column("overpaid_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(200)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("details", JSONDoc),
        sa.Column("paid_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("account", "external_id", name="uq_payments_account_external_id"),
    )
    op.create_index("ix_payments_account_case", "payments", ["account", "case_id"])
    op.create_table(
        "sandbox_clocks",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("offset_seconds", sa.Float(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sandbox_clocks")
    op.drop_index("ix_payments_account_case", table_name="payments")
    op.drop_table("payments")
    op.drop_index("ix_followups_unfinished", table_name="followups")
    op.drop_index("ix_followups_report", table_name="followups")
    op.drop_index("ix_followups_account_id", table_name="followups")
    op.drop_table("followups")
    op.drop_index("ix_cases_collection_next", table_name="cases")
    for column in ("escalated_at", "resolved_at", "contacted_at", "last_channel", "last_step_at", "next_step_on", "steps_done"):
        op.drop_column("cases", column)
