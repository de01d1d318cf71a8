"""The exactly-once key of an import names the sheet too: after ``--sheet Janvier``,
``--sheet Fevrier`` of the same workbook is another import. ``sheet_key`` is the sheet's name
('' for delimited text, which has no sheet).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("sheet_key", sa.String(200), nullable=False, server_default=""))
        batch.drop_constraint("uq_imports_account_sha256", type_="unique")
        batch.create_unique_constraint("uq_imports_account_sha256_sheet", ["account", "sha256", "sheet_key"])
    op.execute("UPDATE imports SET sheet_key = sheet WHERE sheet IS NOT NULL")


def downgrade() -> None:
    # of several imports of one content (one per sheet), the first started is kept
    op.execute(
        "DELETE FROM imports WHERE sha256 IS NOT NULL AND id NOT IN "
        "(SELECT MIN(id) FROM imports WHERE sha256 IS NOT NULL GROUP BY account, sha256)"
    )
    with op.batch_alter_table("imports") as batch:
        batch.drop_constraint("uq_imports_account_sha256_sheet", type_="unique")
        batch.create_unique_constraint("uq_imports_account_sha256", ["account", "sha256"])
        batch.drop_column("sheet_key")
