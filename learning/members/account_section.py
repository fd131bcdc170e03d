"""« Mon profil d'entraide » on « Mon compte »: listed or not, her skills, and the links to edit and see it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from learning.packages import AccountSection

from .models import MemberProfile
from .skills import skills_of


async def context(session: AsyncSession, member: Member) -> dict[str, Any]:
    profile = await session.get(MemberProfile, member.id)
    return {
        "members_listed": bool(profile and profile.listed),
        "members_skills": [s.label for s in await skills_of(session, member.id)],
    }


section = AccountSection("members/_account_section.html", context)
