"""The daily e-mail about unread private messages, for members who chose « une fois par jour ».

Each member gets at most one digest per MIN_INTERVAL, and each unread streak is announced once, even
with several server processes running the job: a process claims the member with one conditional
UPDATE of her preference row (… WHERE last_digest_at IS NULL OR last_digest_at <= now - interval),
then claims her conversations with another (… WHERE emailed_at IS NULL RETURNING), and writes the
e-mail in the same transaction. On PostgreSQL a concurrent claimer waits on the row lock, re-checks
the condition and matches nothing; on SQLite every transaction is BEGIN IMMEDIATE, so claims run one
after the other. Same pattern as the board's digest (learning/board/digest.py).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import Database, rowcount, utcnow
from learning.metrics import job_run
from learning.models import Member
from learning.settings import Settings

from . import message_emails
from .models_messages import ConversationSide, MessagePreference

log = logging.getLogger("entraide.members")

# A message read within this delay needs no e-mail.
GRACE = timedelta(hours=1)
MIN_INTERVAL = timedelta(hours=20)
CHECK_EVERY_S = 15 * 60


def _waiting(now: datetime):
    return (
        ConversationSide.unread > 0,
        ConversationSide.unread_since <= now - GRACE,
        ConversationSide.emailed_at.is_(None),
    )


async def _due_members(session: AsyncSession, now: datetime) -> list[int]:
    pending = exists().where(ConversationSide.member_id == MessagePreference.member_id, *_waiting(now))
    stmt = select(MessagePreference.member_id).where(
        MessagePreference.notify == "quotidien",
        or_(
            MessagePreference.last_digest_at.is_(None), MessagePreference.last_digest_at <= now - MIN_INTERVAL
        ),
        pending,
    )
    return list((await session.scalars(stmt)).all())


async def _claim(session: AsyncSession, member_id: int, now: datetime) -> list[int]:
    claimed_member = await session.execute(
        update(MessagePreference)
        .where(
            MessagePreference.member_id == member_id,
            MessagePreference.notify == "quotidien",
            or_(
                MessagePreference.last_digest_at.is_(None),
                MessagePreference.last_digest_at <= now - MIN_INTERVAL,
            ),
        )
        .values(last_digest_at=now)
        .execution_options(synchronize_session=False)
    )
    if rowcount(claimed_member) != 1:
        return []
    claimed = await session.execute(
        update(ConversationSide)
        .where(ConversationSide.member_id == member_id, *_waiting(now))
        .values(emailed_at=now)
        .returning(ConversationSide.conversation_id)
        .execution_options(synchronize_session=False)
    )
    return list(claimed.scalars())


async def send_digests(db: Database, settings: Settings, *, now: datetime | None = None) -> int:
    """Queues one digest e-mail per member due one; returns how many were queued."""
    now = now or utcnow()
    async with db.session() as session:
        members = await _due_members(session, now)
    sent = 0
    for member_id in members:
        # One short transaction per member: a failure for one does not hold back the others.
        async with db.session() as session:
            ids = await _claim(session, member_id, now)
            member = await session.get(Member, member_id)
            if not ids or member is None or not member.email_confirmed:
                await session.rollback()
                continue
            rows = (
                await session.execute(
                    select(ConversationSide.conversation_id, Member.name, ConversationSide.unread)
                    .outerjoin(Member, Member.id == ConversationSide.other_id)
                    .where(ConversationSide.member_id == member_id, ConversationSide.conversation_id.in_(ids))
                    .order_by(ConversationSide.last_message_at.desc())
                )
            ).all()
            lines = [(cid, name or "membre supprimée", unread) for cid, name, unread in rows]
            message_emails.queue_digest(session, member, lines, settings)
            await session.commit()
            sent += 1
    return sent


async def digest_loop(db: Database, settings: Settings) -> None:
    while True:
        try:
            async with job_run("messages-digest"):
                count = await send_digests(db, settings)
            if count:
                log.info("messages digest: %d e-mails queued", count)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("messages digest failed")
        await asyncio.sleep(CHECK_EVERY_S)
