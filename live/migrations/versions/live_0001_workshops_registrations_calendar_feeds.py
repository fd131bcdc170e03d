"""workshops, registrations, calendar feeds

Revision ID: live_0001
Revises:
Create Date: 2026-11-28 10:28:03.610871
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0001"
down_revision = None
branch_labels = ("live",)
depends_on = "learning_0001"


def upgrade() -> None:
    op.create_table(
        "workshop_calendar_feeds",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_workshop_calendar_feeds_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_workshop_calendar_feeds")),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("cohost_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("host_attended_at", sa.DateTime(), nullable=True),
        sa.Column("cohost_attended_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposed', 'published', 'cancelled')", name=op.f("ck_workshops_status_known")
        ),
        sa.CheckConstraint("capacity BETWEEN 1 AND 20", name=op.f("ck_workshops_capacity_range")),
        sa.CheckConstraint("duration_min BETWEEN 15 AND 480", name=op.f("ck_workshops_duration_range")),
        sa.CheckConstraint("taken BETWEEN 0 AND capacity", name=op.f("ck_workshops_taken_range")),
        sa.ForeignKeyConstraint(
            ["cohost_id"], ["members.id"], name=op.f("fk_workshops_cohost_id_members"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["members.id"], name=op.f("fk_workshops_host_id_members"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshops_cohost_id"), ["cohost_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_workshops_host_id"), ["host_id"], unique=False)
        batch_op.create_index("ix_workshops_status_starts_at", ["status", "starts_at"], unique=False)

    op.create_table(
        "workshop_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("attended_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_day_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_hour_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('confirmed', 'waitlisted', 'released')",
            name=op.f("ck_workshop_registrations_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_workshop_registrations_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_workshop_registrations_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_registrations")),
        sa.UniqueConstraint("workshop_id", "member_id", name=op.f("uq_workshop_registrations_workshop_id")),
    )
    with op.batch_alter_table("workshop_registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_registrations_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            "ix_workshop_registrations_queue", ["workshop_id", "status", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop_registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_workshop_registrations_queue")
        batch_op.drop_index(batch_op.f("ix_workshop_registrations_member_id"))

    op.drop_table("workshop_registrations")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index("ix_workshops_status_starts_at")
        batch_op.drop_index(batch_op.f("ix_workshops_host_id"))
        batch_op.drop_index(batch_op.f("ix_workshops_cohost_id"))

    op.drop_table("workshops")
    op.drop_table("workshop_calendar_feeds")
