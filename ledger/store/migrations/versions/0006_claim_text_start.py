"""an index on the start of a claim's text, to match claims given without an id

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claim_text_start", "claim", [sa.text("substr(text, 1, 64)")])


def downgrade() -> None:
    op.drop_index("ix_claim_text_start", table_name="claim")
