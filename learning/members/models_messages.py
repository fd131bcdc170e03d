"""Private messages between members: conversations, each member's copy of one, messages, blocks, reports.

A conversation belongs to one pair of members (`member_low_id` < `member_high_id`, unique), so that
writing to somebody always continues the same thread. Each member has her own `ConversationSide`: her
inbox row (when it last moved, how many messages she has not read), so that the inbox and the
navigation counter read one index instead of the messages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learning.db import Base, utcnow

NOTIFY_CHOICES = {
    "immediat": "Tout de suite, à chaque nouvelle conversation non lue",
    "quotidien": "Une fois par jour, un récapitulatif",
    "jamais": "Jamais : je regarde mes messages sur le site",
}
DEFAULT_NOTIFY = "immediat"


class Conversation(Base):
    __tablename__ = "member_conversations"
    __table_args__ = (
        UniqueConstraint("member_low_id", "member_high_id", name="uq_member_conversations_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once that member deleted her account: the other keeps her copy, signed « membre supprimée ».
    member_low_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    member_high_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationSide(Base):
    """One member's copy of a conversation: her inbox row."""

    __tablename__ = "member_conversation_sides"
    __table_args__ = (
        CheckConstraint("unread >= 0", name="unread"),
        Index("ix_member_conversation_sides_inbox", "member_id", "last_message_at"),
        # The digest looks for unread streaks not yet e-mailed.
        Index("ix_member_conversation_sides_pending", "unread_since", "emailed_at"),
    )

    conversation_id: Mapped[int] = mapped_column(
        # Named here: the conventional name would pass PostgreSQL's 63 characters.
        ForeignKey(
            "member_conversations.id", ondelete="CASCADE", name="fk_member_conversation_sides_conversation"
        ),
        primary_key=True,
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    # The person she talks to; NULL once that person deleted her account.
    other_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    unread: Mapped[int] = mapped_column(Integer, default=0)
    # When the oldest message she has not read arrived (NULL: all read); `emailed_at`: an e-mail told her
    # about this streak already. Reading the conversation clears both.
    unread_since: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]


class PrivateMessage(Base):
    __tablename__ = "member_messages"
    __table_args__ = (Index("ix_member_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("member_conversations.id", ondelete="CASCADE"))
    # Her messages are deleted with her account; the column is nullable only so that the foreign key can be.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    # Plain text, shown with its line breaks: no markup to sanitise, nothing to render.
    body: Mapped[str] = mapped_column(Text)
    # Where she started writing from (« /coup-de-pouce/12 »), shown above the message.
    started_from: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    moderated_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None]


class Block(Base):
    """`member_id` blocked `blocked_id`: the latter can no longer write to her, and her inbox hides the thread."""

    __tablename__ = "member_blocks"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageReport(Base):
    """A member reports a message she received: while it is open, moderators may read that conversation."""

    __tablename__ = "member_message_reports"
    __table_args__ = (
        UniqueConstraint("reporter_id", "message_id", name="uq_member_message_reports_once"),
        CheckConstraint("outcome IN ('classe', 'masque', 'averti')", name="outcome"),
        Index("ix_member_message_reports_open", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("member_messages.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("member_conversations.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(16))


class MessagePreference(Base):
    """When to e-mail her about new messages; no row means the default (`DEFAULT_NOTIFY`)."""

    __tablename__ = "member_message_preferences"
    __table_args__ = (CheckConstraint("notify IN ('immediat', 'quotidien', 'jamais')", name="notify"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    notify: Mapped[str] = mapped_column(String(16), default=DEFAULT_NOTIFY)
    # The daily digest's claim: set by the process that sends it, in the same transaction.
    last_digest_at: Mapped[datetime | None]
