"""live room state kept by the site: removed members, lock and doors

Revision ID: live_0002
Revises: live_0001
Create Date: 2026-12-02 12:00:00

The media node forgets a room once it is empty; what a host decided there (a member removed, the room
locked, the doors opened) is reported to the site and kept here until the workshop ends.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0002"
down_revision = "live_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("room_locked", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(
            sa.Column("room_doors_open", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "workshop_room_removals",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_workshop_room_removals_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_room_removals_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", "member_id", name=op.f("pk_workshop_room_removals")),
    )
    with op.batch_alter_table("workshop_room_removals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_room_removals_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workshop_room_removals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_room_removals_member_id"))
    op.drop_table("workshop_room_removals")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("room_doors_open")
        batch_op.drop_column("room_locked")
