"""What packages add to pages they do not own: blocks by slot (learning.packages.PageBlock) and
notifications (learning.packages.NotificationSource)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.auth import current_member
from learning.models import Member
from learning.packages import Notification, PageBlock
from learning.state import app_state


@dataclass(frozen=True)
class FilledBlock:
    template: str
    context: dict[str, Any]


async def blocks_for(request: Request, slot: str, session: AsyncSession | None = None) -> list[FilledBlock]:
    """The blocks of every package for `slot` that have something to show to this member, in package order.
    A template shows them with `{% for block in blocks %}{% include block.template %}{% endfor %}`.
    A page that has a read session open passes it: a session of their own costs the blocks a round trip
    to the database or two (bench/lessons.py)."""
    state = app_state(request)
    wanted = sorted(
        (block for package in state.packages for block in package.page_blocks if block.slot == slot),
        key=lambda block: block.order,
    )
    if not wanted:
        return []
    if session is None:
        async with state.db.read_session() as own:
            return await _fill(request, own, wanted)
    return await _fill(request, session, wanted)


async def _fill(request: Request, session: AsyncSession, wanted: list[PageBlock]) -> list[FilledBlock]:
    member = current_member(request)
    filled = []
    for block in wanted:
        context = await block.context(request, session, member)
        if context is not None:
            filled.append(FilledBlock(block.template, context))
    return filled


async def notifications_for(request: Request, member: Member) -> list[Notification]:
    """What is new for her across the packages, newest first."""
    state = app_state(request)
    found: list[Notification] = []
    async with state.db.read_session() as session:
        for package in state.packages:
            if package.notifications is not None:
                found.extend(await package.notifications(session, member))
    return sorted(found, key=lambda n: n.at, reverse=True)
