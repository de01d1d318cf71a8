"""The embedded API: sandbox accounts, OAuth2 clients, API keys and tokens, idempotency keys,
durable jobs, the access log, stored files (uploads and reports), erased-case tombstones;
imports record their kind (file, upload, batch) and a batch has no content hash; a country the
validation could not recognise is kept as written (up to 100 characters).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.types import BigId, JSONDoc, UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("accounts", sa.Column("sandbox", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("accounts", sa.Column("live_account", sa.String(64)))
    op.add_column("accounts", sa.Column("reset_at", UTCDateTime()))
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="file"))
        batch.add_column(sa.Column("report_file_id", sa.String(40)))
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=True)
    if dialect == "postgresql":  # SQLite does not enforce lengths
        op.alter_column("cases", "address_country", existing_type=sa.String(2), type_=sa.String(100))

    op.create_table(
        "api_clients",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime()),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(64), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(200), nullable=False),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime()),
    )
    op.create_table(
        "oauth_tokens",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(40), sa.ForeignKey("api_clients.id"), nullable=False),
        sa.Column("family", sa.String(40), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime()),
        sa.Column("revoked_at", UTCDateTime()),
    )
    op.create_index("ix_oauth_tokens_family", "oauth_tokens", ["family"])
    op.create_index("ix_oauth_tokens_client", "oauth_tokens", ["client_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer()),
        sa.Column("response", sa.LargeBinary()),
        sa.Column("headers", JSONDoc),
        sa.Column("subject", sa.String(64)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_idempotency_keys_created", "idempotency_keys", ["created_at"])
    op.create_table(
        "jobs",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64)),
        sa.Column("params", JSONDoc),
        sa.Column("data", sa.LargeBinary()),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("max_attempts", sa.Integer(), nullable=False, server_default="5"),
        sa.Column("run_at", UTCDateTime(), nullable=False),
        sa.Column("locked_by", sa.String(100)),
        sa.Column("locked_until", UTCDateTime()),
        sa.Column("last_error", sa.Text()),
        sa.Column("result", JSONDoc),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
    )
    op.create_index(
        "ix_jobs_ready", "jobs", ["run_at", "id"],
        sqlite_where=sa.text("status IN ('queued', 'running')"),
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )
    op.create_index("ix_jobs_subject", "jobs", ["kind", "subject"])
    op.create_table(
        "access_logs",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("credential", sa.String(40)),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_access_logs_account_at", "access_logs", ["account", "at"])
    op.create_table(
        "files",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("content_type", sa.String(100)),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "file_chunks",
        sa.Column("file_id", sa.String(40), sa.ForeignKey("files.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "case_tombstones",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in (
        "case_tombstones", "file_chunks", "files", "access_logs", "jobs", "idempotency_keys",
        "oauth_tokens", "api_keys", "api_clients",
    ):
        op.drop_table(table)
    if dialect == "postgresql":
        op.alter_column(
            "cases", "address_country", existing_type=sa.String(100), type_=sa.String(2),
            postgresql_using="left(address_country, 2)",
        )
    op.execute("DELETE FROM imports WHERE sha256 IS NULL")
    with op.batch_alter_table("imports") as batch:
        batch.alter_column("sha256", existing_type=sa.String(64), nullable=False)
        batch.drop_column("report_file_id")
        batch.drop_column("kind")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("reset_at")
        batch.drop_column("live_account")
        batch.drop_column("sandbox")
