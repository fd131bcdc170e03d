"""The shared list's (label, aliases) as the directory's search expands a query with them, kept a minute per
database: reading them costs a round trip per search, and they change only when the list does (skills.py
forgets them then, in this process; another process sees the change within the minute)."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Skill

TTL_S = 60.0
_kept: dict[str, tuple[float, list[tuple[str, str]]]] = {}


async def vocabulary(session: AsyncSession) -> list[tuple[str, str]]:
    database = str(session.get_bind().engine.url)
    now = time.monotonic()
    kept = _kept.get(database)
    if kept is None or now - kept[0] > TTL_S:
        rows = await session.execute(select(Skill.label, Skill.aliases).where(Skill.canonical))
        kept = _kept[database] = (now, [(label, aliases) for label, aliases in rows])
    return kept[1]


def forget_vocabulary() -> None:
    _kept.clear()
