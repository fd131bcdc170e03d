"""The « Coup de pouce » panel on « Mon compte »: shared skills and the e-mail digest switch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .skills import digest_enabled, skills_of

section = "board/_account_section.html"


async def context(session: AsyncSession, member: Member) -> dict:
    return {
        "board_skills": await skills_of(session, member.id),
        "board_digest": await digest_enabled(session, member.id),
    }
