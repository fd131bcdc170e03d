"""board notifications: mentions and « Merci », with who mentioned or thanked

Revision ID: board_mentions_0001
Revises: learning_0004
Create Date: 2026-12-06 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "board_mentions_0001"
down_revision = "learning_0004"
branch_labels = None
depends_on = None


# The name goes through the metadata's naming convention, as in learning_0002 (so the constraint in the
# database is ck_board_notifications_ck_board_notifications_kind): the same spelling finds it.


def upgrade() -> None:
    with op.batch_alter_table("board_notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_board_notifications_actor_id_members"),
            "members",
            ["actor_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint("ck_board_notifications_kind", type_="check")
        batch_op.create_check_constraint(
            "ck_board_notifications_kind", "kind IN ('answer', 'solved', 'mention', 'thanks')"
        )


def downgrade() -> None:
    op.execute("DELETE FROM board_notifications WHERE kind IN ('mention', 'thanks')")
    with op.batch_alter_table("board_notifications", schema=None) as batch_op:
        batch_op.drop_constraint("ck_board_notifications_kind", type_="check")
        batch_op.create_check_constraint("ck_board_notifications_kind", "kind IN ('answer', 'solved')")
        batch_op.drop_constraint(batch_op.f("fk_board_notifications_actor_id_members"), type_="foreignkey")
        batch_op.drop_column("actor_id")
