"""e-mail kinds and preferences, one-click unsubscribe, the themes a member follows

Revision ID: learning_0005
Revises: learning_0004
Create Date: 2026-12-06 15:00:00

The board's own « récapitulatif » switch (board_preferences.digest) becomes her preference for the kind
board_digest: a member who had turned it off keeps it off. board_preferences stays, no longer read.
Board notifications get the kind « theme » (a new post on a theme she follows).
"""

import sqlalchemy as sa
from alembic import op

revision = "learning_0005"
down_revision = "learning_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("unsubscribe_url", sa.String(length=500), nullable=True))

    op.create_table(
        "member_themes",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_themes_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "theme", name=op.f("pk_member_themes")),
    )
    with op.batch_alter_table("member_themes", schema=None) as batch_op:
        batch_op.create_index("ix_member_themes_theme", ["theme", "member_id"], unique=False)

    op.create_table(
        "email_preferences",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("frequency", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_email_preferences_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "kind", name=op.f("pk_email_preferences")),
    )
    op.execute(
        "INSERT INTO email_preferences (member_id, kind, enabled, updated_at) "
        "SELECT member_id, 'board_digest', digest, CURRENT_TIMESTAMP FROM board_preferences"
    )

    # learning_0002 named it twice over (the naming convention added its prefix to a full name).
    with op.batch_alter_table("board_notifications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_board_notifications_ck_board_notifications_kind"), type_="check"
        )
        batch_op.create_check_constraint("kind", "kind IN ('answer', 'solved', 'theme')")


def downgrade() -> None:
    op.execute("DELETE FROM board_notifications WHERE kind = 'theme'")
    with op.batch_alter_table("board_notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_board_notifications_kind"), type_="check")
        batch_op.create_check_constraint("kind", "kind IN ('answer', 'solved')")
    op.drop_table("email_preferences")
    with op.batch_alter_table("member_themes", schema=None) as batch_op:
        batch_op.drop_index("ix_member_themes_theme")
    op.drop_table("member_themes")
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_column("unsubscribe_url")
        batch_op.drop_column("kind")
