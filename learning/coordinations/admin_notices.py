"""What admins are told about volunteering: a counter on « Administration » and a notification while
applications wait for a decision (learning.packages ProvideBadges / NotificationSource).

The package has one hook of each: `learning.packages.with_badges` / `with_notifications` join these to other modules' (the
coordinatrices' desk) in package.py."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import packages
from learning.models import Member

from .models import VolunteerApplication
from .volunteers import pending_count


async def badges(session: AsyncSession, member: Member) -> dict[str, int]:
    if not member.is_admin:
        return {}
    count = await pending_count(session)
    return {"/admin": count} if count else {}


async def notifications(session: AsyncSession, member: Member) -> list[packages.Notification]:
    if not member.is_admin:
        return []
    count, newest = (
        await session.execute(
            select(func.count(), func.max(VolunteerApplication.created_at)).where(
                VolunteerApplication.status == "pending"
            )
        )
    ).one()
    if not count or newest is None:
        return []
    text = (
        "Une proposition de bénévolat attend votre réponse"
        if count == 1
        else f"{count} propositions de bénévolat attendent votre réponse"
    )
    return [packages.Notification(text=text, url="/admin/benevoles", at=newest)]
