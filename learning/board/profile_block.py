"""The board on a member's profile (slot "profile": the page sets `request.state.shown`, the Member shown):
her posts the viewer may read, and her useful answers — those thanked by someone or accepted as the
solution of a need."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_id
from learning.models import Member
from learning.packages import PageBlock

from . import queries
from .models import KINDS, Answer, Post, Thanks
from .permissions import visible_posts

USEFUL_SHOWN = 10


async def useful_answers(
    session: AsyncSession, viewer: Member, author_id: int
) -> list[tuple[Answer, Post, bool]]:
    """(answer, its post, accepted) for her visible answers that helped, newest first."""
    local = await confirmed_coordination_id(session, viewer.id)
    thanked = exists().where(Thanks.answer_id == Answer.id)
    accepted = Post.solved_answer_id == Answer.id
    rows = await session.execute(
        select(Answer, Post)
        .join(Post, Post.id == Answer.post_id)
        .where(
            Answer.author_id == author_id,
            Answer.hidden == false(),
            or_(thanked, accepted),
            visible_posts(viewer, local),
        )
        .order_by(Answer.created_at.desc(), Answer.id.desc())
        .limit(USEFUL_SHOWN)
    )
    return [(answer, post, post.solved_answer_id == answer.id) for answer, post in rows]


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    shown = getattr(request.state, "shown", None)
    if shown is None or member is None:
        return None
    return {
        "posts": await queries.posts_by(session, member, shown.id),
        "useful": await useful_answers(session, member, shown.id),
        "kinds": KINDS,
        "is_me": shown.id == member.id,
    }


block = PageBlock(slot="profile", template="board/_profile_block.html", context=context)
