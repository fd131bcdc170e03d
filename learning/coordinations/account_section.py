"""« Ma coordination » on « Mon compte »: her commune, her coordination and its status, the others near her."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import AccountSection

from . import membership
from .travel import travel_model

# After POST /compte/coordination, the account page says what was done (`?coordination=<key>`).
FLASHES = {
    "commune": "Votre commune est enregistrée.",
    "demande": "Votre demande est envoyée : une coordinatrice va vous confirmer et vous souhaiter la bienvenue.",
    "deja": "Vous faites déjà partie de cette coordination.",
    "liste": "Votre choix est enregistré.",
    "quitte": "Vous avez quitté votre coordination.",
}


async def context(session: AsyncSession, member: Member) -> dict[str, Any]:
    place = await membership.place_of(session, member.id)
    joined = await membership.directory.membership_of(session, member.id)
    return {
        "my_coordination": {
            "place": place,
            "commune": await membership.commune_name(session, place) if place else "",
            "membership": joined,
            "coordination": await membership.coordination_of(session, joined),
            "nearby": await membership.nearby_of(session, place),
            "travel": travel_model().description,
            "flashes": FLASHES,
        }
    }


section = AccountSection(
    template="coordinations/_account_section.html",
    context=context,
    title="Ma coordination",
    anchor="coordination-titre",
    slug="coordination",
    summary="Ma commune, ma coordination, celles près de chez moi.",
    old_anchors=("ma-coordination",),
)
