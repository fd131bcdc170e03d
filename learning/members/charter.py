"""« La charte du réseau »: its current version, and who accepted which version when (docs/membership.md).

The text lives in templates/members/charte.html; change CHARTER_VERSION with it, and every member is asked
to accept the new version on her next visit (the banner of base.html, fed by `badges`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import Member

from .models import CharterAcceptance

CHARTER_VERSION = "2026-12"
CHARTER_URL = "/charte"


async def has_accepted(session: AsyncSession, member_id: int, version: str = CHARTER_VERSION) -> bool:
    found = await session.scalar(
        select(CharterAcceptance.member_id).where(
            CharterAcceptance.member_id == member_id, CharterAcceptance.version == version
        )
    )
    return found is not None


async def accept(session: AsyncSession, member_id: int, version: str = CHARTER_VERSION) -> None:
    """Records her acceptance (once per version: a second click keeps the first date); the caller commits."""
    if not await has_accepted(session, member_id, version):
        session.add(CharterAcceptance(member_id=member_id, version=version, accepted_at=utcnow()))
        await session.flush()


async def acceptances(session: AsyncSession, member_id: int) -> list[CharterAcceptance]:
    rows = await session.scalars(
        select(CharterAcceptance)
        .where(CharterAcceptance.member_id == member_id)
        .order_by(CharterAcceptance.accepted_at)
    )
    return list(rows)


async def badges(session: AsyncSession, member: Member) -> dict[str, int]:
    """One pending thing at /charte while she has not accepted the current version: base.html shows it as
    a banner on every page (a badge is the shell's only per-request hook that needs no import)."""
    return {} if await has_accepted(session, member.id) else {CHARTER_URL: 1}
