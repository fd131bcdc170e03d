"""private messages: conversations, each member's copy, messages, blocks, reports, e-mail preferences

Revision ID: members_0003
Revises: members_0002
Create Date: 2026-12-06 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "members_0003"
down_revision = "members_0002"
branch_labels = None
depends_on = None


def _member_fk(column: str, table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["members.id"], name=f"fk_{table}_{column}_members", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "member_conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_low_id", sa.Integer(), nullable=True),
        sa.Column("member_high_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        _member_fk("member_low_id", "member_conversations", "SET NULL"),
        _member_fk("member_high_id", "member_conversations", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_member_conversations"),
        sa.UniqueConstraint("member_low_id", "member_high_id", name="uq_member_conversations_pair"),
    )
    op.create_index(
        "ix_member_conversations_member_high_id", "member_conversations", ["member_high_id"], unique=False
    )

    op.create_table(
        "member_conversation_sides",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=True),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        sa.Column("unread", sa.Integer(), nullable=False),
        sa.Column("unread_since", sa.DateTime(), nullable=True),
        sa.Column("emailed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("unread >= 0", name="ck_member_conversation_sides_unread"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["member_conversations.id"],
            name="fk_member_conversation_sides_conversation",
            ondelete="CASCADE",
        ),
        _member_fk("member_id", "member_conversation_sides", "CASCADE"),
        _member_fk("other_id", "member_conversation_sides", "SET NULL"),
        sa.PrimaryKeyConstraint("conversation_id", "member_id", name="pk_member_conversation_sides"),
    )
    op.create_index(
        "ix_member_conversation_sides_inbox",
        "member_conversation_sides",
        ["member_id", "last_message_at"],
        unique=False,
    )
    op.create_index(
        "ix_member_conversation_sides_pending",
        "member_conversation_sides",
        ["unread_since", "emailed_at"],
        unique=False,
    )
    op.create_index(
        "ix_member_conversation_sides_other_id", "member_conversation_sides", ["other_id"], unique=False
    )

    op.create_table(
        "member_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("started_from", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("moderated_by", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["member_conversations.id"],
            name="fk_member_messages_conversation_id_member_conversations",
            ondelete="CASCADE",
        ),
        _member_fk("author_id", "member_messages", "SET NULL"),
        _member_fk("moderated_by", "member_messages", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_member_messages"),
    )
    op.create_index(
        "ix_member_messages_conversation", "member_messages", ["conversation_id", "id"], unique=False
    )
    op.create_index("ix_member_messages_author_id", "member_messages", ["author_id"], unique=False)

    op.create_table(
        "member_blocks",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _member_fk("member_id", "member_blocks", "CASCADE"),
        _member_fk("blocked_id", "member_blocks", "CASCADE"),
        sa.PrimaryKeyConstraint("member_id", "blocked_id", name="pk_member_blocks"),
    )
    op.create_index("ix_member_blocks_blocked_id", "member_blocks", ["blocked_id"], unique=False)

    op.create_table(
        "member_message_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            "outcome IN ('classe', 'masque', 'averti')", name="ck_member_message_reports_outcome"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["member_messages.id"],
            name="fk_member_message_reports_message_id_member_messages",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["member_conversations.id"],
            name="fk_member_message_reports_conversation_id_member_conversations",
            ondelete="CASCADE",
        ),
        _member_fk("reporter_id", "member_message_reports", "CASCADE"),
        _member_fk("resolved_by", "member_message_reports", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_member_message_reports"),
        sa.UniqueConstraint("reporter_id", "message_id", name="uq_member_message_reports_once"),
    )
    for column in ("message_id", "conversation_id", "reporter_id"):
        op.create_index(
            f"ix_member_message_reports_{column}", "member_message_reports", [column], unique=False
        )
    op.create_index("ix_member_message_reports_open", "member_message_reports", ["resolved_at"], unique=False)

    op.create_table(
        "member_message_preferences",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("notify", sa.String(length=16), nullable=False),
        sa.Column("last_digest_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "notify IN ('immediat', 'quotidien', 'jamais')", name="ck_member_message_preferences_notify"
        ),
        _member_fk("member_id", "member_message_preferences", "CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name="pk_member_message_preferences"),
    )


def downgrade() -> None:
    for table in (
        "member_message_preferences",
        "member_message_reports",
        "member_blocks",
        "member_messages",
        "member_conversation_sides",
        "member_conversations",
    ):
        op.drop_table(table)
