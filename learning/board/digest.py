"""The e-mail digest of unread board notifications (answers, new posts on the themes she follows), at most
about once a day per member, or once a week if she chose so in « Mes e-mails ».

Each notification goes into at most one e-mail, even with several server processes running the
job: a process claims notifications with one conditional UPDATE (… WHERE emailed_at IS NULL
RETURNING id) and writes the e-mail in the same transaction. On PostgreSQL a concurrent claimer
blocks on the row locks, then re-checks `emailed_at IS NULL` and gets nothing; on SQLite every
transaction is BEGIN IMMEDIATE, so claims run one after the other.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.db import Database, utcnow
from learning.metrics import job_run
from learning.models import EmailPreference, Member
from learning.outbox import queue_email
from learning.settings import Settings

from .models import Notification, Post
from .notifications import EMAILED_KINDS, LABELS

log = logging.getLogger("entraide.board")

# A notice read within this delay needs no e-mail; a member gets at most one digest per MIN_INTERVAL.
GRACE = timedelta(hours=1)
MIN_INTERVAL = timedelta(hours=20)
WEEKLY_INTERVAL = timedelta(days=6, hours=20)
CHECK_EVERY_S = 15 * 60


async def _due_members(session: AsyncSession, now: datetime) -> list[int]:
    last_digest = (
        select(func.max(Notification.emailed_at)).where(Notification.member_id == Member.id).scalar_subquery()
    )
    pending = exists().where(
        Notification.member_id == Member.id,
        Notification.emailed_at.is_(None),
        Notification.read_at.is_(None),
        Notification.kind.in_(EMAILED_KINDS),
        Notification.created_at <= now - GRACE,
    )
    stmt = select(Member.id, last_digest).where(
        pending,
        Member.id.not_in(email_kinds.turned_off(email_kinds.BOARD_DIGEST)),
        (last_digest.is_(None)) | (last_digest <= now - MIN_INTERVAL),
    )
    found = (await session.execute(stmt)).all()
    weekly = set(
        await session.scalars(
            select(EmailPreference.member_id).where(
                EmailPreference.kind == email_kinds.BOARD_DIGEST,
                EmailPreference.frequency == email_kinds.WEEKLY,
                EmailPreference.member_id.in_([member_id for member_id, _ in found]),
            )
        )
    )
    # « Au plus une fois par semaine » in « Mes e-mails »: the week counts from her last digest.
    return [
        member_id
        for member_id, last in found
        if member_id not in weekly or last is None or last <= now - WEEKLY_INTERVAL
    ]


async def _claim(session: AsyncSession, member_id: int, now: datetime) -> list[int]:
    claimed = await session.execute(
        update(Notification)
        .where(
            Notification.member_id == member_id,
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.kind.in_(EMAILED_KINDS),
            Notification.created_at <= now - GRACE,
        )
        .values(emailed_at=now)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    return list(claimed.scalars())


def _body(member: Member, lines: list[tuple[str, str, int]], base: str) -> str:
    by_post: dict[tuple[int, str], list[str]] = defaultdict(list)
    for kind, title, post_id in lines:
        by_post[(post_id, title)].append(LABELS[kind].lower())
    parts = [f"Bonjour {member.name},", "", "Du nouveau sur Coup de pouce depuis votre dernière visite :", ""]
    for (post_id, title), kinds in by_post.items():
        counted = ", ".join(f"{kinds.count(k)} × {k}" for k in dict.fromkeys(kinds))
        parts.append(f"• {title} ({counted})\n  {base}/coup-de-pouce/{post_id}")
    parts += [
        "",
        f"Toutes vos notifications : {base}/coup-de-pouce/notifications",
        "",
    ]
    return "\n".join(parts)


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
            if not ids or member is None:
                await session.rollback()
                continue
            lines = (
                await session.execute(
                    select(Notification.kind, Post.title, Post.id)
                    .join(Post, Post.id == Notification.post_id)
                    .where(Notification.id.in_(ids))
                    .order_by(Notification.id)
                )
            ).all()
            queue_email(
                session,
                kind=email_kinds.BOARD_DIGEST,
                to=member.email,
                member_id=member.id,
                subject=f"Coup de pouce : {len(ids)} nouveauté{'s' if len(ids) > 1 else ''}",
                body=_body(
                    member, [(kind, title, post_id) for kind, title, post_id in lines], settings.base_origin
                ),
            )
            await session.commit()
            sent += 1
    return sent


async def digest_loop(db: Database, settings: Settings) -> None:
    while True:
        try:
            async with job_run("board-digest"):
                count = await send_digests(db, settings)
            if count:
                log.info("board digest: %d e-mails queued", count)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("board digest failed")
        await asyncio.sleep(CHECK_EVERY_S)
