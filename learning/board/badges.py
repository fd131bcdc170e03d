"""Navigation counter: unread board notifications next to « Coup de pouce »."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .notifications import unread_count


async def provide(session: AsyncSession, member: Member) -> dict[str, int]:
    return {"/coup-de-pouce": await unread_count(session, member.id)}
