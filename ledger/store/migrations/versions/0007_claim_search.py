"""claims are found by their words: FTS5 on SQLite, a GIN text index on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 17:30:00
"""

from __future__ import annotations

from alembic import op

from ledger.find import search

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.create_index(op.get_bind())


def downgrade() -> None:
    search.drop_index(op.get_bind())
