"""The « Coup de pouce » panel on « Mon compte »: the e-mail digest switch."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from .preferences import digest_enabled

section = "board/_account_section.html"


async def context(session: AsyncSession, member: Member) -> dict:
    return {
        "board_digest": await digest_enabled(session, member.id),
    }
