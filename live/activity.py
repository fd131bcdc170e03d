"""live's part of the package contract for the desk and the reports (`learning.packages.ActivitySource`):
the published workshops and meetings held in a period, with how many had a seat and how many came.

« Registered » counts the seats held: confirmed registrations and, online, those released after a no-show
(they had a seat and did not come); the waitlist is not counted. « Attended » counts `attended_at`: the
media node's report online, the roll call in person (live.views_attendance).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.packages import Activity
from live.models import Registration, Workshop


async def activity(
    session: AsyncSession,
    *,
    start: datetime,
    end: datetime,
    coordination_ids: Sequence[int] | None = None,
) -> list[Activity]:
    query = (
        select(Workshop)
        .where(Workshop.status == "published", Workshop.starts_at >= start, Workshop.starts_at < end)
        .order_by(Workshop.starts_at, Workshop.id)
    )
    if coordination_ids is not None:
        query = query.where(Workshop.coordination_id.in_(list(coordination_ids) or [0]))
    workshops = list(await session.scalars(query))
    counts: dict[int, tuple[int, int]] = {}
    if workshops:
        rows = await session.execute(
            select(
                Registration.workshop_id,
                func.sum(case((Registration.status.in_(("confirmed", "released")), 1), else_=0)),
                func.sum(case((Registration.attended_at.is_not(None), 1), else_=0)),
            )
            .where(Registration.workshop_id.in_([w.id for w in workshops]))
            .group_by(Registration.workshop_id)
        )
        counts = {workshop_id: (int(seated or 0), int(came or 0)) for workshop_id, seated, came in rows.all()}
    return [
        Activity(
            at=w.starts_at,
            title=w.title,
            format=w.format,
            coordination_id=w.coordination_id,
            registered=counts.get(w.id, (0, 0))[0],
            attended=counts.get(w.id, (0, 0))[1],
            url=f"/ateliers/{w.id}",
        )
        for w in workshops
    ]
