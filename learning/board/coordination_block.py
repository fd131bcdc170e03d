"""The board's block on a coordination's page (slot "coordination"): its latest « locale » posts, for the
eyes that may read them — its confirmed members and the moderators, as everywhere on the board."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_id
from learning.models import Member
from learning.packages import PageBlock

from .models import Post
from .permissions import is_moderator

LATEST = 5


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    coordination = getattr(request.state, "coordination", None)
    if coordination is None or member is None:
        return None
    if not is_moderator(member) and await confirmed_coordination_id(session, member.id) != coordination.id:
        return None
    posts = list(
        await session.scalars(
            select(Post)
            .where(Post.coordination_id == coordination.id, Post.scope == "locale", Post.hidden == false())
            .order_by(Post.last_activity_at.desc(), Post.id.desc())
            .limit(LATEST)
        )
    )
    return {"posts": posts, "coordination": coordination}


block = PageBlock(slot="coordination", template="board/_coordination_block.html", context=context)
