"""In-app notifications (new answer, marked solved, a mention, a « Merci ») and the navigation counter."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from learning import packages, themes
from learning.coordinations.models import Membership
from learning.db import utcnow
from learning.models import FollowedTheme, Member

from .models import Answer, Follow, Notification, Post

LABELS = {
    "answer": "Nouvelle réponse",
    "solved": "Marqué comme résolu",
    "theme": "Nouveau message sur vos thèmes",
    "mention": "Mentionnée",
    "thanks": "Merci",
}
# Mentions and « Merci » stay in the site: the e-mail digest is about answers, solved posts and her themes.
EMAILED_KINDS = ("answer", "solved", "theme")


def notify(
    session: AsyncSession,
    recipients: Iterable[int],
    *,
    post_id: int,
    answer_id: int | None,
    kind: str,
    actor_id: int | None = None,
) -> None:
    for member_id in set(recipients):
        session.add(
            Notification(
                member_id=member_id, post_id=post_id, answer_id=answer_id, kind=kind, actor_id=actor_id
            )
        )


async def notify_theme_followers(session: AsyncSession, post: Post) -> None:
    """A new post reaches the members following one of its themes (learning.themes) who may read it: the
    whole network, or the confirmed members of its coordination for a « locale » one. One INSERT … SELECT,
    however many follow the theme."""
    if not post.themes or (post.scope == "locale" and post.coordination_id is None):
        return
    readers = themes.followers_of(*post.themes).where(FollowedTheme.member_id != post.author_id)
    if post.scope == "locale":
        readers = readers.where(
            FollowedTheme.member_id.in_(
                select(Membership.member_id).where(
                    Membership.coordination_id == post.coordination_id, Membership.status == "confirmed"
                )
            )
        )
    recipients = readers.subquery()
    await session.execute(
        insert(Notification).from_select(
            ["member_id", "post_id", "kind", "created_at"],
            select(recipients.c.member_id, literal(post.id), literal("theme"), literal(post.created_at)),
        )
    )


async def followers(session: AsyncSession, post_id: int) -> list[int]:
    return list((await session.execute(select(Follow.member_id).where(Follow.post_id == post_id))).scalars())


async def unread_count(session: AsyncSession, member_id: int) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.member_id == member_id, Notification.read_at.is_(None))
        )
        or 0
    )


async def mark_read(session: AsyncSession, member_id: int, post_id: int | None = None) -> int:
    """How many notifications this marked read."""
    stmt = update(Notification).where(Notification.member_id == member_id, Notification.read_at.is_(None))
    if post_id is not None:
        stmt = stmt.where(Notification.post_id == post_id)
    result = await session.execute(stmt.values(read_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


async def recent(
    session: AsyncSession, member_id: int, limit: int = 50, *, unread_only: bool = False
) -> list:
    """Newest first: (notification, post title, who: the one who mentioned or thanked her, else the
    answer's author)."""
    actor = aliased(Member)
    stmt = (
        select(Notification, Post.title, func.coalesce(actor.name, Member.name))
        .join(Post, Post.id == Notification.post_id)
        .outerjoin(Answer, Answer.id == Notification.answer_id)
        .outerjoin(Member, Member.id == Answer.author_id)
        .outerjoin(actor, actor.id == Notification.actor_id)
        .where(Notification.member_id == member_id)
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return list((await session.execute(stmt)).all())


async def unread_for(session: AsyncSession, member: Member) -> list[packages.Notification]:
    """The board as a notification source for the shell (learning.packages.NotificationSource)."""
    items = []
    for notice, title, author in await recent(session, member.id, limit=20, unread_only=True):
        who = author or "Une membre"
        if notice.kind == "answer":
            text = f"{who} a répondu à « {title} »"
        elif notice.kind == "theme":
            text = f"Nouveau sur vos thèmes : « {title} »"
        elif notice.kind == "mention":
            text = f"{who} vous a mentionnée dans « {title} »"
        elif notice.kind == "thanks":
            text = f"{who} vous remercie pour votre réponse à « {title} »"
        else:
            text = f"« {title} » est marqué résolu"
        anchor = f"#reponse-{notice.answer_id}" if notice.answer_id and notice.kind != "solved" else ""
        items.append(
            packages.Notification(
                text=text, url=f"/coup-de-pouce/{notice.post_id}{anchor}", at=notice.created_at
            )
        )
    return items
