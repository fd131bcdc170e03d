"""Coordinations seated in real communes of the test geography, for the membership and desk tests."""

from __future__ import annotations

from learning.coordinations.directory import place_seat, seat_commune
from learning.coordinations.models import Coordination, CoordinationLead
from learning.db import Database


async def seat(
    db: Database, slug: str, name: str, insee: str, *, leads: tuple[int, ...] = ()
) -> Coordination:
    """A coordination seated in the commune `insee`, run by the members `leads`."""
    async with db.session() as session:
        commune = await seat_commune(session, insee)
        assert commune is not None, insee
        coordination = Coordination(slug=slug, name=name)
        place_seat(coordination, commune)
        session.add(coordination)
        await session.flush()
        session.add_all(CoordinationLead(coordination_id=coordination.id, member_id=m) for m in leads)
        await session.commit()
        return coordination


async def brittany(db: Database, *, leads: tuple[int, ...] = ()) -> dict[str, Coordination]:
    """Rennes and Vitré (about 35 km apart), and Toulouse, far from both."""
    return {
        "rennes": await seat(db, "rennes", "Coordination de Rennes", "35238", leads=leads),
        "vitre": await seat(db, "vitre", "Coordination de Vitré", "35360"),
        "toulouse": await seat(db, "toulouse", "Coordination de Toulouse", "31555"),
    }
