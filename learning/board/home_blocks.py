"""Coup de pouce on her home page (slot « home »): the needs of her coordination nobody answered yet, and
the answers to her own posts, unread ones first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_id
from learning.coordinations.models import Coordination
from learning.models import Member
from learning.packages import PageBlock

from .models import Answer, Notification, Post

SHOWN = 5


async def unanswered_needs(
    request: Request, session: AsyncSession, member: Member | None
) -> dict[str, Any] | None:
    if member is None:
        return None
    coordination_id = await confirmed_coordination_id(session, member.id)
    if coordination_id is None:
        return {"coordination": None, "needs": []}
    needs = list(
        await session.scalars(
            select(Post)
            .where(
                Post.coordination_id == coordination_id,
                Post.kind == "besoin",
                Post.answer_count == 0,
                Post.solved_answer_id.is_(None),
                Post.hidden == false(),
                Post.locked == false(),
                Post.author_id != member.id,
            )
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(SHOWN)
        )
    )
    return {"coordination": await session.get(Coordination, coordination_id), "needs": needs}


async def answers_to_her(
    request: Request, session: AsyncSession, member: Member | None
) -> dict[str, Any] | None:
    if member is None:
        return None
    unread = (
        select(Notification.id)
        .where(
            Notification.member_id == member.id,
            Notification.answer_id == Answer.id,
            Notification.read_at.is_(None),
        )
        .exists()
    )
    rows = (
        await session.execute(
            select(Answer, Post.title, Member.name, unread.label("unread"))
            .join(Post, and_(Post.id == Answer.post_id, Post.author_id == member.id, Post.hidden == false()))
            .outerjoin(Member, Member.id == Answer.author_id)
            .where(Answer.hidden == false(), (Answer.author_id != member.id) | Answer.author_id.is_(None))
            .order_by(unread.desc(), Answer.created_at.desc(), Answer.id.desc())
            .limit(SHOWN)
        )
    ).all()
    answers = [
        {"answer": answer, "title": title, "author": author, "unread": bool(is_unread)}
        for answer, title, author, is_unread in rows
    ]
    return {"answers": answers}


blocks = (
    PageBlock("home", "board/_home_needs.html", unanswered_needs, order=30),
    PageBlock("home", "board/_home_answers.html", answers_to_her, order=40),
)
