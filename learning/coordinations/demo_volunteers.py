"""Demo volunteer applications waiting for an admin (`entraide demo`): Julie offers to run the coordination of
Langres, Claire to speak at workshops and answer in Coup de pouce."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .models import Coordination, MemberPlace, VolunteerApplication

APPLICATIONS = [
    (
        "julie@entraide.test",
        "langres",
        "coordination,atelier",
        "Deux soirs par mois, et le samedi matin.",
        "Je connais beaucoup de créatrices autour de Langres : j'aimerais les réunir chaque mois.",
    ),
    (
        "claire@entraide.test",
        None,
        "atelier,coup_de_pouce",
        "En semaine, entre midi et deux.",
        "Je peux animer un atelier sur la comptabilité de la micro-entreprise.",
    ),
]


async def add(session: AsyncSession) -> None:
    """Adds the applications of the personas that exist (the shell's demo made them); call before commit."""
    for email, slug, offers, availability, message in APPLICATIONS:
        member = await session.scalar(select(Member).where(Member.email == email))
        if member is None:
            continue
        place = await session.get(MemberPlace, member.id)
        coordination_id = None
        if slug is not None:
            coordination_id = await session.scalar(select(Coordination.id).where(Coordination.slug == slug))
        session.add(
            VolunteerApplication(
                member_id=member.id,
                insee=place.insee if place else None,
                availability=availability,
                offers_csv=offers,
                message=message,
                coordination_id=coordination_id,
            )
        )
