"""The visitors' home page (slot « figures »): how many needs posted on Coup de pouce got an answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.models import Member
from learning.packages import PageBlock

from .models import Post


async def needs_answered(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any]:
    count = await session.scalar(
        select(func.count())
        .select_from(Post)
        .where(
            Post.kind == "besoin",
            Post.hidden == false(),
            or_(Post.answer_count > 0, Post.solved_answer_id.is_not(None)),
        )
    )
    return {"needs_answered": count or 0}


block = PageBlock("figures", "board/_figure.html", needs_answered, order=30)
