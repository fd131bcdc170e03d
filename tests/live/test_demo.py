"""`entraide demo` makes the calendar alive: a month of workshops, full ones with a waitlist, one soon."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from learning.db import utcnow
from learning.demo import DEMO_MEMBERS
from learning.models import Member
from live import demo
from live.models import Registration, Workshop
from tests.helpers import text_of
from tests.live.helpers import browser_for, password_hash


async def test_demo_month_is_varied_alive_and_loaded_once(app, db):
    async with db.session() as session:
        for email, name, roles, project in DEMO_MEMBERS:
            member = Member(email=email, name=name, password_hash=password_hash(), project=project)
            member.set_roles(roles)
            session.add(member)
        await session.commit()
    await demo.load(db, app.state.settings)
    await demo.load(db, app.state.settings)  # idempotent

    now = utcnow()
    async with db.session() as session:
        workshops = (await session.execute(select(Workshop))).scalars().all()
        waitlisted = await session.scalar(
            select(func.count()).select_from(Registration).where(Registration.status == "waitlisted")
        )
        amina = await session.scalar(select(Member).where(Member.email == "amina@entraide.test"))
    assert len(workshops) == len(demo.PLAN) + 4
    published = [w for w in workshops if w.status == "published" and not w.is_over(now)]
    assert len({w.theme for w in published}) >= 6
    assert max(w.starts_at for w in published) - now >= timedelta(days=28)
    assert sum(1 for w in published if w.places_left == 0) >= 2 and waitlisted >= 7
    [soon] = [w for w in published if w.room_is_open(now)]
    assert (soon.starts_at - now).total_seconds() < 3600

    async with await browser_for(app, db, amina) as browser:
        listing = text_of(await browser.get("/ateliers"))
        assert "Complet — liste d'attente" in listing and "places restantes" in listing
        assert "Mes prochains ateliers" in listing
        assert (await browser.get(f"/ateliers/{soon.id}/rejoindre")).status_code == 200
        assert (await browser.get("/ateliers?vue=calendrier")).status_code == 200
