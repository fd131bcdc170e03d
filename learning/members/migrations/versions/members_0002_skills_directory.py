"""shared skills, the directory's search text, and the board's free-text skills moved here

Revision ID: members_0002
Revises: members_0001
Create Date: 2026-12-06 15:00:00

- `skills` (the shared list and members' free additions) and `member_skills` (what she offers);
- member_profiles.search_text, indexed per database like the board's posts: an external-content FTS5 table
  kept in step by triggers on SQLite, a generated tsvector (« simple » configuration: the text is already
  folded, and prefixes stand in for stemming) with a GIN index on PostgreSQL;
- every row of board_skills becomes a free addition (one per folded label) offered by the same members,
  then board_skills goes. At start-up the app adds the shared list, which adopts the free additions it
  names (learning.members.skills.ensure_skill_list): nothing a member wrote is lost.
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "members_0002"
down_revision = "members_0001"
branch_labels = None
depends_on = "learning_0004"

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE member_profiles_fts USING fts5(
        search_text, content='member_profiles', content_rowid='member_id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER member_profiles_fts_ai AFTER INSERT ON member_profiles BEGIN
        INSERT INTO member_profiles_fts(rowid, search_text) VALUES (new.member_id, new.search_text);
    END""",
    """CREATE TRIGGER member_profiles_fts_ad AFTER DELETE ON member_profiles BEGIN
        INSERT INTO member_profiles_fts(member_profiles_fts, rowid, search_text)
        VALUES ('delete', old.member_id, old.search_text);
    END""",
    """CREATE TRIGGER member_profiles_fts_au AFTER UPDATE OF search_text ON member_profiles BEGIN
        INSERT INTO member_profiles_fts(member_profiles_fts, rowid, search_text)
        VALUES ('delete', old.member_id, old.search_text);
        INSERT INTO member_profiles_fts(rowid, search_text) VALUES (new.member_id, new.search_text);
    END""",
    "INSERT INTO member_profiles_fts(member_profiles_fts) VALUES ('rebuild')",
]
PG_FTS = [
    """ALTER TABLE member_profiles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(search_text, ''))) STORED""",
    "CREATE INDEX ix_member_profiles_search ON member_profiles USING gin (search_vector)",
]


def _key(label: str) -> str:
    # learning.members.text_keys.key_of as of this revision (a migration does not import the app).
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", label.casefold()) if not unicodedata.combining(c)
    )
    return " ".join(re.findall(r"\w+", plain))[:80]


def upgrade() -> None:
    op.add_column("member_profiles", sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False, server_default=""),
        sa.Column("canonical", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skills"),
        sa.UniqueConstraint("key", name="uq_skills_key"),
    )
    op.create_table(
        "member_skills",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_member_skills_member_id_members", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name="fk_member_skills_skill_id_skills", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "skill_id", name="pk_member_skills"),
    )
    op.create_index("ix_member_skills_skill_id", "member_skills", ["skill_id"])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else PG_FTS if dialect == "postgresql" else []:
        op.execute(statement)
    _move_board_skills()
    op.drop_table("board_skills")


def _move_board_skills() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT member_id, label FROM board_skills ORDER BY member_id, label")).all()
    skills = sa.table(
        "skills",
        sa.column("id", sa.Integer),
        sa.column("label", sa.String),
        sa.column("key", sa.String),
        sa.column("aliases", sa.Text),
        sa.column("canonical", sa.Boolean),
        sa.column("created_at", sa.DateTime),
    )
    ids: dict[str, int] = {}
    pairs: set[tuple[int, int]] = set()
    for member_id, label in rows:
        key = _key(label)
        if not key:
            continue
        if key not in ids:
            ids[key] = bind.execute(
                sa.insert(skills)
                .values(label=label, key=key, aliases="", canonical=False, created_at=sa.func.now())
                .returning(skills.c.id)
            ).scalar_one()
        pairs.add((member_id, ids[key]))
    if pairs:
        op.bulk_insert(
            sa.table("member_skills", sa.column("member_id", sa.Integer), sa.column("skill_id", sa.Integer)),
            [{"member_id": m, "skill_id": s} for m, s in sorted(pairs)],
        )


def downgrade() -> None:
    op.create_table(
        "board_skills",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name="fk_board_skills_member_id_members", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "label", name="pk_board_skills"),
    )
    op.execute(
        "INSERT INTO board_skills (member_id, label) SELECT DISTINCT ms.member_id, s.label "
        "FROM member_skills ms JOIN skills s ON s.id = ms.skill_id"
    )
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("member_profiles_fts_ai", "member_profiles_fts_ad", "member_profiles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS member_profiles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_member_profiles_search")
        op.execute("ALTER TABLE member_profiles DROP COLUMN IF EXISTS search_vector")
    op.drop_table("member_skills")
    op.drop_table("skills")
    op.drop_column("member_profiles", "search_text")
