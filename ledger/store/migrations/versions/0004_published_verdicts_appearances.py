"""verdicts as published (wording, explanation, organisation, review URL and date); appearances

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("verdict", sa.Column("textual_rating", sa.Text(), nullable=True))
    op.add_column("verdict", sa.Column("explanation", sa.Text(), nullable=True))
    op.add_column(
        "verdict", sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    )
    op.add_column(
        "verdict", sa.Column("review_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    )
    op.add_column("verdict", sa.Column("review_date", sa.Date(), nullable=True))
    op.create_table(
        "claim_appearance",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.PrimaryKeyConstraint("claim_id", "position"),
    )
    op.create_index(op.f("ix_claim_appearance_url"), "claim_appearance", ["url"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_appearance_url"), table_name="claim_appearance")
    op.drop_table("claim_appearance")
    with op.batch_alter_table("verdict", schema=None) as batch_op:
        for name in ("review_date", "review_url", "organisation", "explanation", "textual_rating"):
            batch_op.drop_column(name)
