"""Writes for private messages: send, mark read, block, report, moderate, e-mail preference.

Each function takes an open session and lets the caller commit. Counters move with conditional SQL
UPDATEs (`unread = unread + 1`, `… WHERE unread_since IS NULL`), never read-then-write in Python, so
that two messages arriving at once both count and only one of them starts an e-mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import Member
from learning.settings import Settings

from . import message_emails
from .models_messages import (
    DEFAULT_NOTIFY,
    NOTIFY_CHOICES,
    Block,
    Conversation,
    ConversationSide,
    MessagePreference,
    MessageReport,
    PrivateMessage,
)

BODY_MAX = 5_000
REASON_MAX = 1_000
# Where a message may say it started: a board post (its answers link to the post too) or a profile.
STARTED_FROM = re.compile(r"^/(coup-de-pouce|membres)/\d{1,10}$")
OUTCOMES = ("classe", "masque", "averti")


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def clean_started_from(value: str | None) -> str | None:
    return value if value and STARTED_FROM.match(value) else None


async def conversation_between(session: AsyncSession, a: int, b: int) -> Conversation | None:
    low, high = pair(a, b)
    return await session.scalar(
        select(Conversation).where(Conversation.member_low_id == low, Conversation.member_high_id == high)
    )


async def has_blocked(session: AsyncSession, member_id: int, other_id: int) -> bool:
    return (
        await session.scalar(
            select(Block.member_id).where(Block.member_id == member_id, Block.blocked_id == other_id)
        )
    ) is not None


async def notify_mode(session: AsyncSession, member_id: int) -> str:
    found = await session.scalar(
        select(MessagePreference.notify).where(MessagePreference.member_id == member_id)
    )
    return found or DEFAULT_NOTIFY


async def _conversation_for(session: AsyncSession, a: int, b: int, now: datetime) -> Conversation:
    found = await conversation_between(session, a, b)
    if found is not None:
        return found
    low, high = pair(a, b)
    try:
        # Two first messages at once (PostgreSQL): the unique pair lets one insert win, the other reads it.
        async with session.begin_nested():
            created = Conversation(
                member_low_id=low, member_high_id=high, created_at=now, last_message_at=now
            )
            session.add(created)
            await session.flush()
            session.add_all(
                [
                    ConversationSide(
                        conversation_id=created.id, member_id=a, other_id=b, last_message_at=now, unread=0
                    ),
                    ConversationSide(
                        conversation_id=created.id, member_id=b, other_id=a, last_message_at=now, unread=0
                    ),
                ]
            )
            await session.flush()
    except IntegrityError:
        found = await conversation_between(session, a, b)
        if found is None:
            raise
        return found
    return created


@dataclass(frozen=True)
class Sent:
    conversation_id: int
    message_id: int
    emailed: bool


async def send(
    session: AsyncSession,
    sender: Member,
    recipient: Member,
    body: str,
    *,
    started_from: str | None,
    settings: Settings,
) -> Sent:
    """Adds the message (checks of who may write to whom are the caller's: see `refusal`)."""
    now = utcnow()
    conversation = await _conversation_for(session, sender.id, recipient.id, now)
    message = PrivateMessage(
        conversation_id=conversation.id,
        author_id=sender.id,
        body=body,
        started_from=clean_started_from(started_from),
        created_at=now,
    )
    session.add(message)
    await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id)
        .values(last_message_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(ConversationSide)
        .where(ConversationSide.conversation_id == conversation.id, ConversationSide.member_id == sender.id)
        .values(last_message_at=now)
        .execution_options(synchronize_session=False)
    )
    theirs = and_(
        ConversationSide.conversation_id == conversation.id, ConversationSide.member_id == recipient.id
    )
    # The first unread message of a streak is the one an e-mail may announce; later ones wait for her visit.
    streak = await session.execute(
        update(ConversationSide)
        .where(theirs, ConversationSide.unread_since.is_(None))
        .values(unread_since=now)
        .returning(ConversationSide.member_id)
        .execution_options(synchronize_session=False)
    )
    new_streak = streak.first() is not None
    await session.execute(
        update(ConversationSide)
        .where(theirs)
        .values(unread=ConversationSide.unread + 1, last_message_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    emailed = False
    # An address never confirmed may not be hers: nothing is sent there (she sees the message when she logs in).
    if new_streak and recipient.email_confirmed and await notify_mode(session, recipient.id) == "immediat":
        message_emails.queue_new_message(session, recipient, sender, conversation.id, settings)
        await session.execute(
            update(ConversationSide)
            .where(theirs)
            .values(emailed_at=now)
            .execution_options(synchronize_session=False)
        )
        emailed = True
    return Sent(conversation.id, message.id, emailed)


async def mark_read(session: AsyncSession, conversation_id: int, member_id: int) -> bool:
    """True when something was unread."""
    done = await session.execute(
        update(ConversationSide)
        .where(
            ConversationSide.conversation_id == conversation_id,
            ConversationSide.member_id == member_id,
            ConversationSide.unread_since.is_not(None) | (ConversationSide.unread > 0),
        )
        .values(unread=0, unread_since=None, emailed_at=None)
        .returning(ConversationSide.member_id)
        .execution_options(synchronize_session=False)
    )
    return done.first() is not None


async def block(session: AsyncSession, member_id: int, blocked_id: int) -> None:
    if member_id == blocked_id or await has_blocked(session, member_id, blocked_id):
        return
    session.add(Block(member_id=member_id, blocked_id=blocked_id))
    # What she had not read from her stays unread no more: no badge, no e-mail for a blocked person.
    await session.execute(
        update(ConversationSide)
        .where(ConversationSide.member_id == member_id, ConversationSide.other_id == blocked_id)
        .values(unread=0, unread_since=None, emailed_at=None)
        .execution_options(synchronize_session=False)
    )


async def unblock(session: AsyncSession, member_id: int, blocked_id: int) -> None:
    await session.execute(delete(Block).where(Block.member_id == member_id, Block.blocked_id == blocked_id))


async def report(
    session: AsyncSession, reporter: Member, message: PrivateMessage, reason: str
) -> MessageReport:
    """Her report on a message she received; reporting the same message twice keeps the first report."""
    found = await session.scalar(
        select(MessageReport).where(
            MessageReport.reporter_id == reporter.id, MessageReport.message_id == message.id
        )
    )
    if found is not None:
        if found.resolved_at is not None:  # reported again after a decision: back in the queue
            found.resolved_at = found.resolved_by = found.outcome = None
            found.reason = reason
        return found
    created = MessageReport(
        message_id=message.id, conversation_id=message.conversation_id, reporter_id=reporter.id, reason=reason
    )
    session.add(created)
    await session.flush()
    return created


async def resolve(
    session: AsyncSession, moderator: Member, found: MessageReport, outcome: str, settings: Settings
) -> None:
    """`classe`: nothing wrong; `masque`: the message is hidden from its reader; `averti`: hidden, and its
    author gets an e-mail reminding her of the charter. Every open report on that message closes."""
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    now = utcnow()
    message = await session.get(PrivateMessage, found.message_id)
    targets = [found.id]
    if outcome != "classe" and message is not None:
        message.hidden, message.moderated_by, message.moderated_at = True, moderator.id, now
        targets = list(
            (
                await session.scalars(
                    select(MessageReport.id).where(
                        MessageReport.message_id == message.id, MessageReport.resolved_at.is_(None)
                    )
                )
            ).all()
        ) or [found.id]
        if outcome == "averti" and message.author_id is not None:
            author = await session.get(Member, message.author_id)
            if author is not None:
                message_emails.queue_warning(session, author, settings)
    await session.execute(
        update(MessageReport)
        .where(MessageReport.id.in_(targets))
        .values(resolved_at=now, resolved_by=moderator.id, outcome=outcome)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    await session.refresh(found)


async def set_notify(session: AsyncSession, member_id: int, mode: str) -> None:
    if mode not in NOTIFY_CHOICES:
        raise ValueError(mode)
    found = await session.get(MessagePreference, member_id)
    if found is None:
        session.add(MessagePreference(member_id=member_id, notify=mode))
    else:
        found.notify = mode


# Neutral on purpose: it does not say that she was blocked, only that this message will not go through.
NOT_DELIVERABLE = "Votre message ne peut pas être transmis à cette membre. Vous pouvez continuer à échanger sur Coup de pouce."
YOU_BLOCKED = "Vous avez bloqué cette membre : débloquez-la depuis votre messagerie pour lui écrire."
NOT_YOURSELF = "Vous ne pouvez pas vous écrire à vous-même."


async def refusal(session: AsyncSession, sender: Member, recipient: Member) -> str | None:
    """Why `sender` may not write to `recipient` (French, for the form), or None."""
    if sender.id == recipient.id:
        return NOT_YOURSELF
    if await has_blocked(session, sender.id, recipient.id):
        return YOU_BLOCKED
    if await has_blocked(session, recipient.id, sender.id):
        return NOT_DELIVERABLE
    return None
