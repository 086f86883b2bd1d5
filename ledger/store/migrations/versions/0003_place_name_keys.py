"""place names carry a transliteration key; places a population

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from ledger.geo.keys import index_key

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("place", sa.Column("population", sa.Integer(), nullable=True))
    op.add_column("place_name", sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index(op.f("ix_place_name_key"), "place_name", ["key"], unique=False)
    names = sa.table(
        "place_name",
        sa.column("place_id", sa.Integer),
        sa.column("norm", sa.String),
        sa.column("name", sa.String),
        sa.column("key", sa.String),
    )
    bind = op.get_bind()
    place = sa.table("place", sa.column("id", sa.Integer), sa.column("kind", sa.String))
    rows = bind.execute(
        sa.select(names.c.place_id, names.c.norm, names.c.name, place.c.kind).join(
            place, place.c.id == names.c.place_id
        )
    ).all()
    keyed = [
        {"p": p, "n": norm, "k": None if kind == "country" else index_key(name)}
        for p, norm, name, kind in rows
    ]
    if keyed:
        bind.execute(
            names.update()
            .where(names.c.place_id == sa.bindparam("p"), names.c.norm == sa.bindparam("n"))
            .values(key=sa.bindparam("k")),
            keyed,
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_place_name_key"), table_name="place_name")
    with op.batch_alter_table("place_name", schema=None) as batch_op:
        batch_op.drop_column("key")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_column("population")
