"""Coup de pouce: posts, answers, thanks, follows, notifications, reports, skills, full-text search

Revision ID: learning_0002
Revises: learning_0001
Create Date: 2026-11-28 10:40:00

Full-text search differs per database, so this migration branches on the dialect:
- SQLite: an external-content FTS5 table over board_posts(title, body), kept in sync by triggers
  (so every writer, the app, the bench seeder or a hand-run SQL, keeps the index right);
  unicode61 with remove_diacritics, so that « creche » finds « crèche ».
- PostgreSQL: a stored generated tsvector (French configuration, title weighted above body) with a GIN index.
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0002"
down_revision = "learning_0001"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE board_posts_fts USING fts5(
        title, body, content='board_posts', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER board_posts_fts_ai AFTER INSERT ON board_posts BEGIN
        INSERT INTO board_posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER board_posts_fts_ad AFTER DELETE ON board_posts BEGIN
        INSERT INTO board_posts_fts(board_posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    # Only when the indexed text changes: answer counts and activity times update posts often.
    """CREATE TRIGGER board_posts_fts_au AFTER UPDATE OF title, body ON board_posts BEGIN
        INSERT INTO board_posts_fts(board_posts_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO board_posts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]

PG_FTS = [
    """ALTER TABLE board_posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('french', coalesce(body, '')), 'B')) STORED""",
    "CREATE INDEX ix_board_posts_search ON board_posts USING gin (search_vector)",
]


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "board_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("territory", sa.String(length=80), nullable=True),
        sa.Column("themes", sa.String(length=200), nullable=False),
        sa.Column("answer_count", sa.Integer(), nullable=False),
        sa.Column("solved_answer_id", sa.Integer(), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("moderated_by", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('besoin', 'question', 'offre')", name="ck_board_posts_kind"),
        sa.CheckConstraint("scope IN ('reseau', 'locale')", name="ck_board_posts_scope"),
        sa.CheckConstraint("answer_count >= 0", name="ck_board_posts_answer_count"),
        _fk("board_posts", "author_id", "members", "SET NULL"),
        _fk("board_posts", "moderated_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_board_posts"),
    )
    op.create_index("ix_board_posts_author_id", "board_posts", ["author_id"])
    op.create_index("ix_board_posts_listing", "board_posts", ["hidden", "last_activity_at"])
    op.create_index("ix_board_posts_territory", "board_posts", ["territory", "last_activity_at"])
    op.create_index("ix_board_posts_activity", "board_posts", ["last_activity_at"])
    op.create_index("ix_board_posts_solved", "board_posts", ["solved_answer_id"])

    op.create_table(
        "board_post_themes",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        _fk("board_post_themes", "post_id", "board_posts", "CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "theme", name="pk_board_post_themes"),
    )
    op.create_index("ix_board_post_themes_theme", "board_post_themes", ["theme", "post_id"])

    op.create_table(
        "board_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("moderated_by", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        _fk("board_answers", "post_id", "board_posts", "CASCADE"),
        _fk("board_answers", "author_id", "members", "SET NULL"),
        _fk("board_answers", "moderated_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_board_answers"),
    )
    op.create_index("ix_board_answers_post", "board_answers", ["post_id", "created_at"])
    op.create_index("ix_board_answers_author_id", "board_answers", ["author_id"])

    op.create_table(
        "board_thanks",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("board_thanks", "answer_id", "board_answers", "CASCADE"),
        _fk("board_thanks", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("answer_id", "member_id", name="pk_board_thanks"),
    )
    op.create_index("ix_board_thanks_member_id", "board_thanks", ["member_id"])

    op.create_table(
        "board_follows",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("board_follows", "post_id", "board_posts", "CASCADE"),
        _fk("board_follows", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "member_id", name="pk_board_follows"),
    )
    op.create_index("ix_board_follows_member_id", "board_follows", ["member_id"])

    op.create_table(
        "board_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('answer', 'solved')", name="ck_board_notifications_kind"),
        _fk("board_notifications", "member_id", "members", "CASCADE"),
        _fk("board_notifications", "post_id", "board_posts", "CASCADE"),
        _fk("board_notifications", "answer_id", "board_answers", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_board_notifications"),
    )
    op.create_index("ix_board_notifications_unread", "board_notifications", ["member_id", "read_at"])
    op.create_index("ix_board_notifications_digest", "board_notifications", ["emailed_at", "read_at"])
    op.create_index("ix_board_notifications_post_id", "board_notifications", ["post_id"])
    op.create_index("ix_board_notifications_answer_id", "board_notifications", ["answer_id"])

    op.create_table(
        "board_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        _fk("board_reports", "post_id", "board_posts", "CASCADE"),
        _fk("board_reports", "reporter_id", "members", "CASCADE"),
        _fk("board_reports", "resolved_by", "members", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_board_reports"),
        sa.UniqueConstraint("reporter_id", "post_id", "answer_id", name="uq_board_reports_once"),
    )
    op.create_index("ix_board_reports_open", "board_reports", ["resolved_at"])
    op.create_index("ix_board_reports_post_id", "board_reports", ["post_id"])
    op.create_index("ix_board_reports_reporter_id", "board_reports", ["reporter_id"])

    op.create_table(
        "board_skills",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        _fk("board_skills", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "label", name="pk_board_skills"),
    )
    op.create_table(
        "board_preferences",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        _fk("board_preferences", "member_id", "members", "CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name="pk_board_preferences"),
    )

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("board_posts_fts_ai", "board_posts_fts_ad", "board_posts_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS board_posts_fts")
    for table in (
        "board_preferences",
        "board_skills",
        "board_reports",
        "board_notifications",
        "board_follows",
        "board_thanks",
        "board_answers",
        "board_post_themes",
        "board_posts",
    ):
        op.drop_table(table)
