"""Navigation counter: unread private messages next to « Messages »."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .conversations import unread_total


async def provide(session: AsyncSession, member: Member) -> dict[str, int]:
    return {"/messages": await unread_total(session, member.id)}
