"""dates as written: a claim's publication and event dates with their precision

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "claim", sa.Column("published_as", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    )
    op.add_column("claim", sa.Column("event_as", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_column("event_as")
        batch_op.drop_column("published_as")
