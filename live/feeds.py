"""Private calendar feed URLs: `/ateliers/agenda/<member>.<version>.<hmac>.ics`.

The token is derived from the member id and a version with the site secret, so the database holds
nothing that would let someone rebuild a URL; revoking bumps the version, and every old URL dies.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import Member
from learning.tokens import keyed_digest
from live.calendar_ics import calendar_bytes, workshop_event
from live.models import CalendarFeed, Registration, Workshop


def feed_token(secret: str, member_id: int, version: int) -> str:
    digest = keyed_digest(secret, "agenda", f"{member_id}.{version}")[:32]
    return f"{member_id}.{version}.{digest}"


def feed_path(secret: str, feed: CalendarFeed) -> str:
    return f"/ateliers/agenda/{feed_token(secret, feed.member_id, feed.version)}.ics"


async def member_for_feed(session: AsyncSession, secret: str, token: str) -> int | None:
    parts = token.split(".")
    if (
        len(parts) != 3
        or not parts[0].isdigit()
        or not parts[1].isdigit()
        or len(parts[0]) > 9
        or len(parts[1]) > 9
    ):
        return None
    member_id, version = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(token, feed_token(secret, member_id, version)):
        return None
    feed = await session.get(CalendarFeed, member_id)
    if feed is None or not feed.active or feed.version != version:
        return None
    return member_id


async def feed_of(session: AsyncSession, member_id: int) -> CalendarFeed | None:
    feed = await session.get(CalendarFeed, member_id)
    return feed if feed is not None and feed.active else None


async def create_or_renew(session: AsyncSession, member_id: int) -> None:
    """Creates the feed, or gives it a new URL (the old one stops working)."""
    feed = await session.get(CalendarFeed, member_id)
    if feed is None:
        session.add(CalendarFeed(member_id=member_id, version=1, active=True))
    elif feed.active:
        feed.version += 1
    else:
        feed.version += 1
        feed.active = True


async def revoke(session: AsyncSession, member_id: int) -> None:
    await session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.member_id == member_id)
        .values(active=False, version=CalendarFeed.version + 1)
    )


async def feed_ics(session: AsyncSession, member_id: int, base_url: str) -> bytes:
    """Her confirmed workshops and the ones she hosts, from a month back (cancelled ones included,
    as CANCELLED, so that subscribed calendars drop them)."""
    since = utcnow() - timedelta(days=31)
    registered = select(Registration.workshop_id).where(
        Registration.member_id == member_id, Registration.status == "confirmed"
    )
    workshops = (
        (
            await session.execute(
                select(Workshop)
                .where(
                    Workshop.starts_at >= since,
                    Workshop.status.not_in(("proposed", "declined")),
                    or_(
                        Workshop.id.in_(registered),
                        Workshop.host_id == member_id,
                        Workshop.cohost_id == member_id,
                    ),
                )
                .order_by(Workshop.starts_at)
            )
        )
        .scalars()
        .all()
    )
    member = await session.get(Member, member_id)
    zone = member.timezone if member else None
    return calendar_bytes(
        [workshop_event(w, base_url, timezone=zone) for w in workshops], name="Mes ateliers Entraide"
    )
