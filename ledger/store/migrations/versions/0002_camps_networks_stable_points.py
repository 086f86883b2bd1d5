"""camps, source networks and reliability, stable disputed points

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite takes a REFERENCES inline in ADD COLUMN, where a batch would rebuild (drop and
    # copy) the source table that every claim refers to.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE source ADD COLUMN network_id INTEGER REFERENCES source (id)")
    else:
        op.add_column("source", sa.Column("network_id", sa.Integer(), nullable=True))
        op.create_foreign_key("source_network_id_fkey", "source", "source", ["network_id"], ["id"])
    op.add_column(
        "source",
        sa.Column("reliability", sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    )
    op.create_index(op.f("ix_source_network_id"), "source", ["network_id"], unique=False)
    op.add_column(
        "dispute",
        sa.Column("resolved_structure", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    )
    op.create_table(
        "dispute_claim",
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"]),
        sa.ForeignKeyConstraint(["dispute_id"], ["dispute.id"]),
        sa.PrimaryKeyConstraint("dispute_id", "claim_id"),
    )
    with op.batch_alter_table("dispute_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispute_claim_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispute_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_claim_claim_id"))
    op.drop_table("dispute_claim")
    op.drop_column("dispute", "resolved_structure")
    op.drop_index(op.f("ix_source_network_id"), table_name="source")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("reliability")
        batch_op.drop_column("network_id")
