"""What admins are told about volunteering: a counter on « Administration » and a notification while
applications wait for a decision (learning.packages ProvideBadges / NotificationSource).

The package has one hook of each: `with_badges` / `with_notifications` join these to other modules' (the
coordinatrices' desk) in package.py."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import packages
from learning.models import Member
from learning.packages import NotificationSource, ProvideBadges

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


def with_badges(*sources: ProvideBadges) -> ProvideBadges:
    """One badge provider for the package from several of its modules (the desk's and these)."""

    async def provide(session: AsyncSession, member: Member) -> dict[str, int]:
        found: dict[str, int] = {}
        for source in sources:
            found.update(await source(session, member))
        return found

    return provide


def with_notifications(*sources: NotificationSource) -> NotificationSource:
    """One notification source for the package from several of its modules, newest first."""

    async def gather(session: AsyncSession, member: Member) -> list[packages.Notification]:
        found: list[packages.Notification] = []
        for source in sources:
            found += await source(session, member)
        return sorted(found, key=lambda n: n.at, reverse=True)

    return gather
