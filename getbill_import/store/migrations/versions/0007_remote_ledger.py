"""The ledger of imports into a remote batch API: one row per (target, account, file content),
and one per chunk of debts sent, so that an interrupted import resumes where it stopped and a
finished one is not sent again.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.types import JSONDoc, UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remote_imports",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("target", sa.String(1000), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("sheet_key", sa.String(200), nullable=False, server_default=""),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source_size", sa.BigInteger(), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("on_existing", sa.String(16), nullable=False, server_default="skip"),
        sa.Column("run", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("status", sa.String(16), nullable=False, server_default="running"),
        sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("valid_rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("chunks", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("existing", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("report_path", sa.String(1000)),
        sa.Column("error", sa.Text()),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("first_completed_at", UTCDateTime()),
        sa.UniqueConstraint("target", "account", "sha256", "sheet_key", name="uq_remote_imports_content"),
    )
    op.create_table(
        "remote_chunks",
        sa.Column("import_id", sa.String(40), sa.ForeignKey("remote_imports.id"), primary_key=True),
        sa.Column("run", sa.Integer(), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(100), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("first_line", sa.Integer()),
        sa.Column("last_line", sa.Integer()),
        sa.Column("batch_id", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("existing", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("errors", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("problems", JSONDoc),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
    )


def downgrade() -> None:
    op.drop_table("remote_chunks")
    op.drop_table("remote_imports")
