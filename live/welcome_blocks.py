"""The visitors' home page (slots « welcome » and « figures »): the next national workshops, open to every
member, and how many workshops the network holds this month."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.db import utcnow
from learning.i18n import to_paris
from learning.models import Member
from learning.packages import PageBlock
from live.calendar_month import month_bounds_utc
from live.models import Workshop
from live.views_list import places_label

SHOWN = 4
LONGEST = timedelta(minutes=480)  # a workshop lasts at most this (CHECK in live.models)


async def next_workshops(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any]:
    # National ones only: a coordination's monthly meeting means nothing to a visitor from elsewhere.
    now = utcnow()
    upcoming = [
        workshop
        for workshop in await session.scalars(
            select(Workshop)
            .where(
                Workshop.status == "published",
                Workshop.coordination_id.is_(None),
                Workshop.starts_at >= now - LONGEST,
            )
            .order_by(Workshop.starts_at, Workshop.id)
            .limit(SHOWN * 2)
        )
        if not workshop.is_over(now)
    ][:SHOWN]
    return {"workshops": upcoming, "places_label": places_label}


async def this_month(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any]:
    """Published workshops and meetings of the current month in Paris, held or to come."""
    today = to_paris(utcnow()).date()
    first = today.replace(day=1)
    start, end = month_bounds_utc(first)
    starts = await session.scalars(
        select(Workshop.starts_at).where(
            Workshop.status == "published", Workshop.starts_at >= start, Workshop.starts_at < end
        )
    )
    count = sum(
        1 for moment in starts if (to_paris(moment).year, to_paris(moment).month) == (first.year, first.month)
    )
    return {"workshops_this_month": count}


blocks = (
    PageBlock("welcome", "live/_welcome_next_workshops.html", next_workshops, order=10),
    PageBlock("figures", "live/_figure.html", this_month, order=20),
)
