"""member profiles: listed in the directory, project, sector

Revision ID: members_0001
Revises:
Create Date: 2026-12-06 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "members_0001"
down_revision = None
branch_labels = ("members",)
depends_on = "learning_0004"


def upgrade() -> None:
    op.create_table(
        "member_profiles",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("project", sa.Text(), nullable=False, server_default=""),
        sa.Column("sector", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id"),
    )


def downgrade() -> None:
    op.drop_table("member_profiles")
