"""« Mon compte »: the private calendar feed (create, change, revoke)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from live import feeds

section = "live/account_section.html"


async def context(session: AsyncSession, member: Member) -> dict:
    # The hook gets no settings; the template has them, and builds the URL with `live_feed_path`.
    return {"live_feed": await feeds.feed_of(session, member.id), "live_feed_path": feeds.feed_path}
