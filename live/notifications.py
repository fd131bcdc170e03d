"""Live as a notification source (learning.packages.NotificationSource): new workshops on her themes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import packages, themes
from learning.db import utcnow
from learning.models import Member
from live.models import Registration, Workshop

# A workshop stays « new » this long after it was announced, unless she registers or it starts.
FRESH = timedelta(days=14)
SHOWN = 10


async def new_on_her_themes(session: AsyncSession, member: Member) -> list[packages.Notification]:
    followed = await themes.followed(session, member.id)
    if not followed:
        return []
    now = utcnow()
    registered = select(Registration.member_id).where(
        Registration.workshop_id == Workshop.id, Registration.member_id == member.id
    )
    rows = await session.scalars(
        select(Workshop)
        .where(
            Workshop.status == "published",
            Workshop.theme.in_(followed),
            Workshop.announced_at >= now - FRESH,
            Workshop.starts_at > now,
            ~registered.exists(),
        )
        .order_by(Workshop.announced_at.desc())
        .limit(SHOWN)
    )
    return [
        packages.Notification(
            text=f"Nouvel atelier sur vos thèmes : « {workshop.title} »",
            url=f"/ateliers/{workshop.id}",
            at=workshop.announced_at or now,
        )
        for workshop in rows
    ]
