"""outside speakers invited to a workshop, and the workshop's history

Revision ID: live_0006
Revises: live_0005
Create Date: 2026-12-06 18:00:00

A guest speaker has no account: her invitation keeps her name, address, role and the hash of her
personal link, until the retention job erases it with the history lines that name her.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0006"
down_revision = "live_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_guests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("attended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('host', 'cohost')", name=op.f("ck_workshop_guests_role_known")),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["members.id"],
            name=op.f("fk_workshop_guests_invited_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_guests_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_guests")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_workshop_guests_token_hash")),
    )
    with op.batch_alter_table("workshop_guests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_guests_workshop_id"), ["workshop_id"], unique=False)
    op.create_table(
        "workshop_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["members.id"],
            name=op.f("fk_workshop_history_actor_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["workshop_guests.id"],
            name=op.f("fk_workshop_history_guest_id_workshop_guests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_history_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_history")),
    )
    with op.batch_alter_table("workshop_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_history_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_workshop_history_guest_id"), ["guest_id"], unique=False)
        batch_op.create_index("ix_workshop_history_workshop_at", ["workshop_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workshop_history", schema=None) as batch_op:
        batch_op.drop_index("ix_workshop_history_workshop_at")
        batch_op.drop_index(batch_op.f("ix_workshop_history_guest_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_history_actor_id"))
    op.drop_table("workshop_history")
    with op.batch_alter_table("workshop_guests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_guests_workshop_id"))
    op.drop_table("workshop_guests")
