"""The page « Mon adhésion et mes compétences » of « Mon compte » (/compte/adhesion): « Mon adhésion »
(adhesion_section.py), then « Mon profil d'entraide » (listed or not, her skills, the links to edit and see it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import AccountSection

from . import adhesion_section
from .models import MemberProfile
from .skills import skills_of


async def context(session: AsyncSession, member: Member) -> dict[str, Any]:
    profile = await session.get(MemberProfile, member.id)
    return {
        "members_listed": bool(profile and profile.listed),
        "members_skills": [s.label for s in await skills_of(session, member.id)],
        **await adhesion_section.context(session, member),
    }


section = AccountSection(
    "members/_account_sections.html",
    context,
    title="Mon adhésion et mes compétences",
    anchor="adhesion",
    slug="adhesion",
    summary="Ma cotisation à l'association, la charte, mon profil dans l'annuaire.",
    old_anchors=("entraide-profil",),
)
