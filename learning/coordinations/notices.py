"""What a coordinatrice is told: new members waiting for her welcome (a notification and a navigation badge)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import Notification

from .desk import waiting_by_coordination


async def notifications(session: AsyncSession, member: Member) -> list[Notification]:
    found = []
    for coordination, count, newest in await waiting_by_coordination(session, member.id):
        text = (
            f"Une nouvelle membre à accueillir dans la {coordination.name}"
            if count == 1
            else f"{count} nouvelles membres à accueillir dans la {coordination.name}"
        )
        found.append(Notification(text=text, url=f"/coordinations/{coordination.slug}/espace", at=newest))
    return found


async def badges(session: AsyncSession, member: Member) -> dict[str, int]:
    waiting = sum(count for _, count, _ in await waiting_by_coordination(session, member.id))
    return {"/coordinations": waiting} if waiting else {}
