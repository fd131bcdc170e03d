"""workshops get a format (online or in person, with an address and a room) and a coordination

Revision ID: live_0003
Revises: live_0002
Create Date: 2026-12-06 12:00:00

An in-person workshop has no media room, and its capacity is the room's (up to 200); an online one stays
at 20, the size of a live room.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0003"
down_revision = "live_0002"
branch_labels = None
depends_on = "coordinations_0002"


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("format", sa.String(length=16), server_default="online", nullable=False)
        )
        batch_op.add_column(sa.Column("address", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("room", sa.String(length=160), server_default="", nullable=False))
        batch_op.add_column(sa.Column("coordination_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_workshops_coordination_id_coordinations"),
            "coordinations",
            ["coordination_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_workshops_coordination_id"), ["coordination_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_workshops_capacity_range"), type_="check")
        batch_op.create_check_constraint("capacity_range", "capacity BETWEEN 1 AND 200")
        batch_op.create_check_constraint("online_capacity", "format = 'in_person' OR capacity <= 20")
        batch_op.create_check_constraint("format_known", "format IN ('online', 'in_person')")


def downgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_workshops_format_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_workshops_online_capacity"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_workshops_capacity_range"), type_="check")
        batch_op.create_check_constraint("capacity_range", "capacity BETWEEN 1 AND 20")
        batch_op.drop_index(batch_op.f("ix_workshops_coordination_id"))
        batch_op.drop_constraint(batch_op.f("fk_workshops_coordination_id_coordinations"), type_="foreignkey")
        batch_op.drop_column("coordination_id")
        batch_op.drop_column("room")
        batch_op.drop_column("address")
        batch_op.drop_column("format")
