"""board notifications: mentions and « Merci », with who mentioned or thanked

Revision ID: board_mentions_0001
Revises: learning_0005
Create Date: 2026-12-06 15:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "board_mentions_0001"
down_revision = "learning_0005"
branch_labels = None
depends_on = None


# learning_0005 recreated the constraint as « kind », which the naming convention turns into
# ck_board_notifications_kind: batch_op.f() names it as it is in the database.


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
        batch_op.drop_constraint(batch_op.f("ck_board_notifications_kind"), type_="check")
        batch_op.create_check_constraint("kind", "kind IN ('answer', 'solved', 'theme', 'mention', 'thanks')")


def downgrade() -> None:
    op.execute("DELETE FROM board_notifications WHERE kind IN ('mention', 'thanks')")
    with op.batch_alter_table("board_notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_board_notifications_kind"), type_="check")
        batch_op.create_check_constraint("kind", "kind IN ('answer', 'solved', 'theme')")
        batch_op.drop_constraint(batch_op.f("fk_board_notifications_actor_id_members"), type_="foreignkey")
        batch_op.drop_column("actor_id")
