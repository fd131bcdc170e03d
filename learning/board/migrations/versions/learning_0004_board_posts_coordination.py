"""board posts: the author's coordination (learning.coordinations) beside the free-text territory

Revision ID: learning_0004
Revises: learning_0003
Create Date: 2026-12-06 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0004"
down_revision = "learning_0003"
branch_labels = None
depends_on = "coordinations_0002"

# On SQLite a batch operation copies the table, and the copy loses the triggers that keep the full-text
# index of learning_0002 in step: they are made again, as they were, after every batch on board_posts.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS board_posts_fts_ai AFTER INSERT ON board_posts BEGIN
        INSERT INTO board_posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS board_posts_fts_ad AFTER DELETE ON board_posts BEGIN
        INSERT INTO board_posts_fts(board_posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS board_posts_fts_au AFTER UPDATE OF title, body ON board_posts BEGIN
        INSERT INTO board_posts_fts(board_posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO board_posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]


def _restore_sqlite_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def upgrade() -> None:
    with op.batch_alter_table("board_posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("coordination_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_board_posts_coordination_id_coordinations"),
            "coordinations",
            ["coordination_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_board_posts_coordination", ["coordination_id", "last_activity_at"])
    _restore_sqlite_triggers()


def downgrade() -> None:
    with op.batch_alter_table("board_posts", schema=None) as batch_op:
        batch_op.drop_index("ix_board_posts_coordination")
        batch_op.drop_constraint(
            batch_op.f("fk_board_posts_coordination_id_coordinations"), type_="foreignkey"
        )
        batch_op.drop_column("coordination_id")
    _restore_sqlite_triggers()
