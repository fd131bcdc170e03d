"""Demo: a few members of Amina's (Montreuil) and Claire's (Rennes) coordinations agree to be listed, so
that « Nouvelles membres près de chez moi » on their home pages is alive. Never changes a profile that
exists (a member's choice stays hers); the coordinations' demo, idempotent, comes first."""

from __future__ import annotations

from sqlalchemy import select

from learning.coordinations import demo as coordinations_demo
from learning.db import Database
from learning.models import Member
from learning.settings import Settings

from .models import MemberProfile

LISTED = {
    "membre1.montreuil@entraide.test": "Artisanat",
    "membre2.montreuil@entraide.test": "Commerce de proximité",
    "intervenante2@entraide.test": "Communication",
    "membre1.rennes@entraide.test": "Alimentation",
    "membre2.rennes@entraide.test": "Services aux entreprises",
    "membre3.rennes@entraide.test": "Bien-être",
}


async def load(db: Database, settings: Settings) -> None:
    await coordinations_demo.load(db, settings)
    async with db.session() as session:
        for email, sector in LISTED.items():
            member = await session.scalar(select(Member).where(Member.email == email))
            if member is None or await session.get(MemberProfile, member.id) is not None:
                continue
            session.add(
                MemberProfile(member_id=member.id, listed=True, sector=sector, project=member.project)
            )
        await session.commit()
