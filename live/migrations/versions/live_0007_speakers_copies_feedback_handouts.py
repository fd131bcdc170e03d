"""workshop copies and series, anonymous feedback, handouts, follow-up claims, speaker profiles

Revision ID: live_0007
Revises: live_0006
Create Date: 2026-12-06 18:00:00

Workshops already held when this runs count as followed up (their claims set), so that nobody receives
the after-workshop e-mails for the whole past programme at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "live_0007"
down_revision = "live_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_copies",
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "source_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("series", sa.String(32), nullable=True),
        sa.Column("waitlist_told_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_workshop_copies_source_id", "workshop_copies", ["source_id"])
    op.create_index("ix_workshop_copies_series", "workshop_copies", ["series"])
    op.create_table(
        "workshop_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("useful", sa.String(8), nullable=False),
        sa.Column("deeper", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint("useful IN ('tres', 'assez', 'peu')", name="useful_known"),
    )
    op.create_index("ix_workshop_feedback_workshop_id", "workshop_feedback", ["workshop_id"])
    op.create_table(
        "workshop_feedback_receipts",
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_workshop_feedback_receipts_member_id", "workshop_feedback_receipts", ["member_id"])
    op.create_table(
        "workshop_follow_ups",
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("participants_told_at", sa.DateTime(), nullable=True),
        sa.Column("speakers_thanked_at", sa.DateTime(), nullable=True),
    )
    # Workshops already held count as followed up: nobody gets e-mails about the whole past at once.
    op.execute(
        "INSERT INTO workshop_follow_ups (workshop_id, participants_told_at, speakers_thanked_at) "
        "SELECT id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM workshops WHERE starts_at < CURRENT_TIMESTAMP"
    )
    op.create_table(
        "workshop_handouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "workshop_id", sa.Integer(), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("title", sa.String(160), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mimetype", sa.String(120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(64), nullable=False),
        sa.Column(
            "added_by_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_workshop_handouts_workshop_id", "workshop_handouts", ["workshop_id"])
    op.create_table(
        "speaker_profiles",
        sa.Column(
            "member_id", sa.Integer(), sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("themes", sa.String(400), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "speaker_profiles",
        "workshop_handouts",
        "workshop_follow_ups",
        "workshop_feedback_receipts",
        "workshop_feedback",
        "workshop_copies",
    ):
        op.drop_table(table)
