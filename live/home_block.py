"""Her next workshops, on her home page (a `PageBlock` of the shell's « home » slot)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.db import utcnow
from learning.models import Member
from live.models import Registration, Workshop

SHOWN = 3
LONGEST = timedelta(minutes=480)  # a workshop lasts at most this (CHECK in live.models)


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    now = utcnow()
    upcoming = [
        workshop
        for workshop in await session.scalars(
            select(Workshop)
            .join(Registration, Registration.workshop_id == Workshop.id)
            .where(
                Registration.member_id == member.id,
                Registration.status == "confirmed",
                Workshop.status == "published",
                Workshop.starts_at >= now - LONGEST,
            )
            .order_by(Workshop.starts_at)
        )
        if not workshop.is_over(now)
    ][:SHOWN]
    # Shown even when empty: the block then points to the programme.
    return {"next_workshops": upcoming, "now": now}
