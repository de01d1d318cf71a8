"""The SFTP watcher's ledger (one row per dropped file: where it was, what it held, what became
of it) and its cycles (one row per source and run), so that files are processed exactly once
across restarts and ``sftp status`` can tell what happened.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.types import BigId, UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sftp_files",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("path", sa.String(1000), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64)),
        sa.Column("outcome", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("import_id", sa.String(40)),
        sa.Column("rows", sa.Integer()),
        sa.Column("valid_rows", sa.Integer()),
        sa.Column("invalid_rows", sa.Integer()),
        sa.Column("created", sa.Integer()),
        sa.Column("error", sa.Text()),
        sa.Column("archived_to", sa.String(1000)),
        sa.Column("report_to", sa.String(1000)),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("archived_at", UTCDateTime()),
    )
    op.create_index("ix_sftp_files_source_path", "sftp_files", ["account", "source", "path"])
    op.create_index("ix_sftp_files_source_id", "sftp_files", ["account", "source", "id"])
    op.create_table(
        "sftp_cycles",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("listed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("taken", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("imported", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("duplicates", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("waiting", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("retry", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("invalid_rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("bytes", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("transfer_seconds", sa.Float(), nullable=False, server_default="0"),
        sa.Column("import_seconds", sa.Float(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text()),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_sftp_cycles_source_id", "sftp_cycles", ["account", "source", "id"])


def downgrade() -> None:
    op.drop_index("ix_sftp_cycles_source_id", table_name="sftp_cycles")
    op.drop_table("sftp_cycles")
    op.drop_index("ix_sftp_files_source_id", table_name="sftp_files")
    op.drop_index("ix_sftp_files_source_path", table_name="sftp_files")
    op.drop_table("sftp_files")
