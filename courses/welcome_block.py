"""The MOOC on the visitors' home page (slot « welcome »): what it is, for whom, how long."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.models import Member
from learning.packages import PageBlock

from .store import store


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    courses = list(store(request).library.courses.values())
    if not courses:
        return None
    return {"courses": courses}


block = PageBlock("welcome", "courses/_welcome_block.html", context, order=30)
