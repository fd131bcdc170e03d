"""Reads for private messages: her inbox, a conversation, the unread counter, the moderation queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from learning.models import Member

from .models_messages import Block, ConversationSide, MessageReport, PrivateMessage

INBOX_SIZE = 100
CONVERSATION_SIZE = 300
PREVIEW = 120


@dataclass(frozen=True)
class InboxRow:
    conversation_id: int
    other_id: int | None  # None: she deleted her account
    other_name: str | None
    last_message_at: datetime
    unread: int
    preview: str
    last_from_me: bool


def _not_blocked(member_id: int):
    return ~exists().where(Block.member_id == member_id, Block.blocked_id == ConversationSide.other_id)


def _preview(body: str | None, hidden: bool) -> str:
    if body is None:
        return ""
    if hidden:
        return "Message masqué par la modération"
    text = " ".join(body.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1].rstrip() + "…"


async def inbox(session: AsyncSession, member_id: int, *, limit: int = INBOX_SIZE) -> list[InboxRow]:
    """Her conversations, newest first, without those with members she blocked.

    Plain columns rather than ORM objects, and only the start of each last message: a busy member's inbox
    is a hundred rows on every visit (bench/inbox.py)."""
    last_id = (
        select(func.max(PrivateMessage.id))
        .where(PrivateMessage.conversation_id == ConversationSide.conversation_id)
        .correlate(ConversationSide)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            select(
                ConversationSide.conversation_id,
                ConversationSide.other_id,
                ConversationSide.last_message_at,
                ConversationSide.unread,
                Member.name,
                last_id.label("last_id"),
            )
            .outerjoin(Member, Member.id == ConversationSide.other_id)
            .where(ConversationSide.member_id == member_id, _not_blocked(member_id))
            .order_by(ConversationSide.last_message_at.desc(), ConversationSide.conversation_id.desc())
            .limit(limit)
        )
    ).all()
    ids = [row.last_id for row in rows if row.last_id is not None]
    last = {
        message_id: (author_id, body, hidden)
        for message_id, author_id, body, hidden in (
            await session.execute(
                select(
                    PrivateMessage.id,
                    PrivateMessage.author_id,
                    func.substr(PrivateMessage.body, 1, 4 * PREVIEW),
                    PrivateMessage.hidden,
                ).where(PrivateMessage.id.in_(ids))
            )
        ).all()
    }
    found = []
    for row in rows:
        author_id, body, hidden = last.get(row.last_id, (None, None, False))
        found.append(
            InboxRow(
                conversation_id=row.conversation_id,
                other_id=row.other_id,
                other_name=row.name,
                last_message_at=row.last_message_at,
                unread=row.unread,
                preview=_preview(body, hidden),
                last_from_me=author_id == member_id,
            )
        )
    return found


async def unread_conversations(session: AsyncSession, member_id: int, *, limit: int = 20) -> list:
    """(conversation id, the other member's name, last message time, unread count) of the conversations
    with unread messages, newest first: what her home page lists, without the inbox's previews."""
    rows = await session.execute(
        select(
            ConversationSide.conversation_id,
            Member.name,
            ConversationSide.last_message_at,
            ConversationSide.unread,
        )
        .join(Member, Member.id == ConversationSide.other_id)
        .where(ConversationSide.member_id == member_id, ConversationSide.unread > 0, _not_blocked(member_id))
        .order_by(ConversationSide.last_message_at.desc(), ConversationSide.conversation_id.desc())
        .limit(limit)
    )
    return list(rows.all())


async def unread_total(session: AsyncSession, member_id: int) -> int:
    """Unread messages across her conversations (those with members she blocked do not count)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(ConversationSide.unread), 0)).where(
            ConversationSide.member_id == member_id, ConversationSide.unread > 0, _not_blocked(member_id)
        )
    )
    return int(total or 0)


async def side_of(session: AsyncSession, conversation_id: int, member_id: int) -> ConversationSide | None:
    return await session.get(ConversationSide, (conversation_id, member_id))


async def messages_of(
    session: AsyncSession, conversation_id: int, *, limit: int = CONVERSATION_SIZE
) -> list[PrivateMessage]:
    """The last `limit` messages, oldest first."""
    newest = (
        await session.scalars(
            select(PrivateMessage)
            .where(PrivateMessage.conversation_id == conversation_id)
            .order_by(PrivateMessage.id.desc())
            .limit(limit)
        )
    ).all()
    return list(reversed(newest))


async def names_in(session: AsyncSession, conversation_id: int) -> dict[int, str]:
    """The names of the two members of a conversation (those still here)."""
    rows = await session.execute(
        select(Member.id, Member.name)
        .join(ConversationSide, ConversationSide.member_id == Member.id)
        .where(ConversationSide.conversation_id == conversation_id)
    )
    return {member_id: name for member_id, name in rows.all()}


async def blocked_by(session: AsyncSession, member_id: int) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Member.id, Member.name)
        .join(Block, Block.blocked_id == Member.id)
        .where(Block.member_id == member_id)
        .order_by(Member.name)
    )
    return [(i, n) for i, n in rows.all()]


async def open_reports(session: AsyncSession) -> list[tuple[MessageReport, str | None, str | None]]:
    """Open reports, oldest first, with the reporter's and the reported author's names."""
    reporter = aliased(Member)
    author = aliased(Member)
    rows = await session.execute(
        select(MessageReport, reporter.name, author.name)
        .join(PrivateMessage, PrivateMessage.id == MessageReport.message_id)
        .outerjoin(reporter, reporter.id == MessageReport.reporter_id)
        .outerjoin(author, author.id == PrivateMessage.author_id)
        .where(MessageReport.resolved_at.is_(None))
        .order_by(MessageReport.id)
        .limit(200)
    )
    return [(r, a, b) for r, a, b in rows.all()]


async def open_report_count(session: AsyncSession) -> int:
    return int(
        await session.scalar(select(func.count(MessageReport.id)).where(MessageReport.resolved_at.is_(None)))
        or 0
    )
