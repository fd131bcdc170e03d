"""The board's own preference, as a member edits it: the daily digest of her unread notifications."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Preference


async def digest_enabled(session: AsyncSession, member_id: int) -> bool:
    value = await session.scalar(select(Preference.digest).where(Preference.member_id == member_id))
    return True if value is None else bool(value)


async def set_digest(session: AsyncSession, member_id: int, enabled: bool) -> None:
    preference = await session.get(Preference, member_id)
    if preference is None:
        session.add(Preference(member_id=member_id, digest=enabled))
    else:
        preference.digest = enabled
