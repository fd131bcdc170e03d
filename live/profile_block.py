"""The workshops a member hosted or co-hosted, on her profile (a `PageBlock` of the « profile » slot: the
page sets `request.state.shown`, the Member shown): the next ones, then the latest past ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.db import utcnow
from learning.models import Member
from live.models import Workshop

SHOWN = 5


async def context(request: Request, session: AsyncSession, member: Member | None) -> dict[str, Any] | None:
    shown = getattr(request.state, "shown", None)
    if shown is None or member is None:
        return None
    now = utcnow()
    hers = select(Workshop).where(
        or_(Workshop.host_id == shown.id, Workshop.cohost_id == shown.id), Workshop.status == "published"
    )
    upcoming = list(
        await session.scalars(
            hers.where(Workshop.starts_at >= now).order_by(Workshop.starts_at, Workshop.id).limit(SHOWN)
        )
    )
    past = list(
        await session.scalars(
            hers.where(Workshop.starts_at < now)
            .order_by(Workshop.starts_at.desc(), Workshop.id.desc())
            .limit(SHOWN)
        )
    )
    if not upcoming and not past:
        return None  # most members host none: no empty section on their profile
    return {"upcoming": upcoming, "past": past, "is_me": shown.id == member.id}
