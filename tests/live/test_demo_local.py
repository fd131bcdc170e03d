"""`entraide demo` gives every coordination its monthly meeting, this month and next, a few in-person
workshops, and one past meeting with its roll call done (the desk and the reports have figures)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from learning.coordinations.models import Coordination, CoordinationLead
from learning.db import utcnow
from learning.demo import load_demo
from live import demo_local
from live.models import Workshop
from live.package import package as live_package


async def test_every_coordination_meets_monthly_and_one_past_meeting_has_its_attendance(app, db, settings):
    await load_demo(settings)
    now = utcnow()
    async with db.session() as session:
        coordinations = (await session.scalars(select(Coordination))).all()
        leads = dict(
            (
                await session.execute(select(CoordinationLead.coordination_id, CoordinationLead.member_id))
            ).all()
        )
        in_person = (await session.scalars(select(Workshop).where(Workshop.format == "in_person"))).all()
        meetings = [w for w in in_person if w.title.startswith(demo_local.MEETING)]
        others = [w for w in in_person if not w.title.startswith(demo_local.MEETING)]
        assert len(coordinations) == 40
        upcoming = [w for w in meetings if w.starts_at > now]
        assert len(upcoming) == 2 * len(coordinations)
        for coordination in coordinations:
            theirs = sorted(
                (w for w in upcoming if w.coordination_id == coordination.id), key=lambda w: w.starts_at
            )
            assert len(theirs) == 2, coordination.slug
            assert all(w.host_id == leads[coordination.id] and w.address and w.room for w in theirs)
            assert theirs[1].starts_at - theirs[0].starts_at >= timedelta(days=7)
        assert 5 <= len(others) <= 8 and sum(1 for w in others if w.taken > 0) >= 3
        assert all(w.capacity <= 200 and w.coordination_id is not None for w in in_person)

        [past] = [w for w in meetings if w.starts_at < now]
        assert live_package.activity is not None
        held = await live_package.activity(
            session,
            start=past.starts_at - timedelta(days=1),
            end=now,
            coordination_ids=[past.coordination_id],
        )
        assert [(a.title, a.format) for a in held] == [(past.title, "in_person")]
        assert held[0].registered >= 2 and 1 <= held[0].attended < held[0].registered

    await load_demo(settings)  # idempotent: nothing added the second time
    async with db.session() as session:
        assert await session.scalar(
            select(func.count()).select_from(Workshop).where(Workshop.format == "in_person")
        ) == len(in_person)
