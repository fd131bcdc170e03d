"""A coordination's next meetings and workshops, on its page (a `PageBlock` of the « coordination » slot:
the page sets `request.state.coordination` before asking)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.db import utcnow
from learning.models import Member
from live.models import Workshop
from live.views_list import places_label

SHOWN = 8
LONGEST = timedelta(minutes=480)  # a workshop lasts at most this (CHECK in live.models)


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    coordination = getattr(request.state, "coordination", None)
    if coordination is None:
        return None
    now = utcnow()
    upcoming = [
        workshop
        for workshop in await session.scalars(
            select(Workshop)
            .where(
                Workshop.coordination_id == coordination.id,
                Workshop.status == "published",
                Workshop.starts_at >= now - LONGEST,
            )
            .order_by(Workshop.starts_at, Workshop.id)
            .limit(SHOWN * 2)
        )
        if not workshop.is_over(now)
    ][:SHOWN]
    return {"workshops": upcoming, "coordination": coordination, "places_label": places_label}
