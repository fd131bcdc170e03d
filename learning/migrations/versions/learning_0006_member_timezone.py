"""a member's own time zone, for workshop times shown beside Paris time

Revision ID: learning_0006
Revises: board_mentions_0001
Create Date: 2026-12-06 18:15:00

Empty: Paris time only (every member before this revision, and whoever never chose).
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0006"
down_revision = "board_mentions_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("timezone")
