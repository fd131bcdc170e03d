"""Demo data: every demo member accepted the charter; membership dates that show each status
(Amina renews within a month, Claire's membership lapsed, Julie never paid)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.db import Database
from learning.models import Member
from learning.settings import Settings

from . import charter
from .adhesion import today
from .models import Adhesion

# Days from today to the renewal date; None: no payment recorded.
RENEWS_IN = {
    "admin@entraide.test": 240,
    "coordinatrice@entraide.test": 300,
    "intervenante@entraide.test": 150,
    "intervenante2@entraide.test": 90,
    "amina@entraide.test": 20,
    "claire@entraide.test": -45,
    "sophie@entraide.test": 200,
    "julie@entraide.test": None,
}


async def load(db: Database, settings: Settings) -> None:
    on = today()
    async with db.session() as session:
        members = (await session.scalars(select(Member).where(Member.email.in_(RENEWS_IN)))).all()
        for member in members:
            await charter.accept(session, member.id)
            days = RENEWS_IN[member.email]
            if days is None or await session.get(Adhesion, member.id) is not None:
                continue
            renews_on = on + timedelta(days=days)
            paid_on = renews_on - timedelta(days=365)
            session.add(Adhesion(member_id=member.id, last_paid_on=paid_on, renews_on=renews_on))
        await session.commit()
