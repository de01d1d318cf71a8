"""debt.created events may be written without a payload: rendered from the case until its first
update, when a trigger writes the case as it was into them (see ``store/events.py``). Imports
count the rows whose case already held every value (``unchanged``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from getbill_import.store.events import (
    DEBT_CREATED,
    case_payload_sql,
    drop_freeze_trigger_ddl,
    freeze_trigger_ddl,
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("events") as batch:
        batch.alter_column("payload", existing_type=sa.JSON(), nullable=True)
    for statement in freeze_trigger_ddl(dialect):
        op.execute(statement)
    op.add_column("imports", sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("unchanged")
    for statement in drop_freeze_trigger_ddl(dialect):
        op.execute(statement)
    payload = case_payload_sql(dialect, "c")
    op.execute(
        f"UPDATE events SET payload = (SELECT {payload} FROM cases AS c "
        "WHERE c.id = events.case_id AND c.account = events.account) "
        f"WHERE payload IS NULL AND type = '{DEBT_CREATED}'"
    )
    op.execute("DELETE FROM events WHERE payload IS NULL")
    with op.batch_alter_table("events") as batch:
        batch.alter_column("payload", existing_type=sa.JSON(), nullable=False)
