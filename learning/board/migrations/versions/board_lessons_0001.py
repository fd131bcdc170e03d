"""board posts asked under a MOOC lesson (« Questions sur cette leçon »)

Revision ID: board_lessons_0001
Revises: learning_0009
Create Date: 2026-12-06 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "board_lessons_0001"
down_revision = "learning_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lesson", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_board_posts_lesson", ["lesson", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("board_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_board_posts_lesson")
        batch_op.drop_column("lesson")
