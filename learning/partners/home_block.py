"""Her home page (slot "home"): « Mon écosystème : N structures près de chez vous »."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.models import Member
from learning.packages import PageBlock

from . import finding


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    origin = await finding.origin_of_member(session, member.id)
    local, national = await finding.structures(session, origin)
    if not local and not national:
        return None
    return {"origin": origin, "local": len(local), "national": len(national)}


block = PageBlock(slot="home", template="partners/_home_block.html", context=context)
