"""The coordinations as other code asks about them: by slug, nearest to a place, hers, those she leads.

Every page and package that needs a coordination goes through here (the board for « ma coordination
locale », live for a workshop's coordination), so that « confirmed member » and « coordinatrice » mean one
thing everywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Commune, Coordination, CoordinationLead, Membership
from .travel import Point, TravelModel

NEAR_MINUTES = 30
# The first box searched around a place for its nearest coordinations (km from its centre to the edges).
NEAREST_BOX_KM = 120


@dataclass(frozen=True)
class Nearby:
    coordination: Coordination
    minutes: float

    @property
    def near(self) -> bool:
        """« À moins de 30 min »: the network's promise."""
        return self.minutes <= NEAR_MINUTES


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80] or "coordination"


async def by_slug(session: AsyncSession, slug: str) -> Coordination | None:
    return await session.scalar(select(Coordination).where(Coordination.slug == slug))


async def all_coordinations(session: AsyncSession) -> list[Coordination]:
    return list(await session.scalars(select(Coordination).order_by(Coordination.name)))


class CoordinationName(NamedTuple):
    id: int
    slug: str
    name: str


async def all_names(session: AsyncSession) -> list[CoordinationName]:
    """Every coordination's id, slug and name, for a filter or a label: three columns rather than whole
    rows (loading 40 full coordinations was a tenth of the workshop list's time, and there will be 400)."""
    rows = await session.execute(
        select(Coordination.id, Coordination.slug, Coordination.name).order_by(Coordination.name)
    )
    return [CoordinationName(*row) for row in rows]


async def seat_commune(session: AsyncSession, insee: str) -> Commune | None:
    """The commune a seat names (its most populous postal code row, with coordinates)."""
    return await session.scalar(
        select(Commune)
        .where(Commune.insee == insee, Commune.lat.is_not(None))
        .order_by(Commune.population.desc())
        .limit(1)
    )


def place_seat(coordination: Coordination, commune: Commune) -> None:
    """Sets the seat and the copies of its coordinates that nearest-searches and the map read."""
    assert commune.lat is not None and commune.lon is not None
    coordination.seat_insee = commune.insee
    coordination.lat, coordination.lon = commune.lat, commune.lon
    coordination.departement = commune.departement


async def nearest(
    session: AsyncSession, origin: Point, model: TravelModel, *, limit: int = 5
) -> list[Nearby]:
    """The coordinations closest to `origin` by travel time, nearest first. The crow-flies distance picks
    candidates, then the travel model times the closest few. Candidates come from a box around `origin`
    first (a few dozen rows instead of hundreds: building ORM rows is the cost), from all coordinations
    when the box cannot prove it holds the closest ones."""
    from .travel import crow_flies_km

    wanted = max(limit * 3, limit)
    half_km = NEAREST_BOX_KM
    box_lat = half_km / 111.2
    box_lon = half_km / (111.2 * max(math.cos(math.radians(origin.lat)), 0.1))
    rows = list(
        await session.scalars(
            select(Coordination).where(
                Coordination.lat.between(origin.lat - box_lat, origin.lat + box_lat),
                Coordination.lon.between(origin.lon - box_lon, origin.lon + box_lon),
            )
        )
    )
    rows.sort(key=lambda c: crow_flies_km(origin, Point(c.lat, c.lon)))
    # Anything outside the box is further than its half-width (less a margin for the flat approximation):
    # the box's closest are the closest overall only if the last one needed lies within that distance.
    if len(rows) < wanted or crow_flies_km(origin, Point(rows[wanted - 1].lat, rows[wanted - 1].lon)) > (
        0.95 * half_km
    ):
        rows = await all_coordinations(session)
        rows.sort(key=lambda c: crow_flies_km(origin, Point(c.lat, c.lon)))
    candidates = rows[:wanted]
    minutes = await model.minutes(origin, [Point(c.lat, c.lon) for c in candidates])
    found = sorted((Nearby(c, m) for c, m in zip(candidates, minutes, strict=True)), key=lambda n: n.minutes)
    return found[:limit]


async def membership_of(session: AsyncSession, member_id: int) -> Membership | None:
    return await session.get(Membership, member_id)


def confirmed_coordination_query(member_id: int) -> Select[int]:
    """The query of `confirmed_coordination_id`, to use as a subquery in a bigger one."""
    return select(Membership.coordination_id).where(
        Membership.member_id == member_id, Membership.status == "confirmed"
    )


async def confirmed_coordination_id(session: AsyncSession, member_id: int) -> int | None:
    """« Ma coordination locale »: the coordination that confirmed her, or None."""
    return await session.scalar(confirmed_coordination_query(member_id))


async def led_by(session: AsyncSession, member_id: int) -> list[Coordination]:
    """The coordinations she runs as a coordinatrice."""
    return list(
        await session.scalars(
            select(Coordination)
            .join(CoordinationLead, CoordinationLead.coordination_id == Coordination.id)
            .where(CoordinationLead.member_id == member_id)
            .order_by(Coordination.name)
        )
    )


async def leads(session: AsyncSession, coordination_id: int, member_id: int) -> bool:
    return (await session.get(CoordinationLead, (coordination_id, member_id))) is not None
