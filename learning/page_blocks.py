"""What packages add to pages they do not own: blocks by slot (learning.packages.PageBlock) and
notifications (learning.packages.NotificationSource)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from learning.auth import current_member
from learning.models import Member
from learning.packages import Notification
from learning.state import app_state


@dataclass(frozen=True)
class FilledBlock:
    template: str
    context: dict[str, Any]


async def blocks_for(request: Request, slot: str) -> list[FilledBlock]:
    """The blocks of every package for `slot` that have something to show to this member, in package order.
    A template shows them with `{% for block in blocks %}{% include block.template %}{% endfor %}`."""
    state = app_state(request)
    wanted = sorted(
        (block for package in state.packages for block in package.page_blocks if block.slot == slot),
        key=lambda block: block.order,
    )
    if not wanted:
        return []
    filled = []
    member = current_member(request)
    async with state.db.read_session() as session:
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
