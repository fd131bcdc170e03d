"""Coordinations built in a test: a seat commune from the loaded geography, a coordinatrice, members."""

from __future__ import annotations

from sqlalchemy import select

from learning.coordinations.directory import place_seat, seat_commune, slugify
from learning.coordinations.models import Commune, Coordination, CoordinationLead, MemberPlace, Membership
from learning.db import Database, utcnow
from learning.models import Member
from learning.passwords import hash_password
from tests.helpers import PASSWORD


async def add_coordination(db: Database, name: str, insee: str, *, lead: str | None = None) -> Coordination:
    async with db.session() as session:
        seat = await seat_commune(session, insee)
        assert seat is not None, insee
        coordination = Coordination(slug=slugify(name), name=f"Coordination de {name}")
        place_seat(coordination, seat)
        session.add(coordination)
        await session.flush()
        if lead is not None:
            member = await session.scalar(select(Member).where(Member.email == lead))
            assert member is not None, lead
            session.add(CoordinationLead(coordination_id=coordination.id, member_id=member.id))
        await session.commit()
        return coordination


async def add_member(
    db: Database,
    email: str,
    *,
    insee: str | None = None,
    coordination: Coordination | None = None,
    confirmed_at: object = "now",
    roles: set[str] | None = None,
) -> Member:
    """A member living in `insee` (when given), confirmed in `coordination` (when given)."""
    async with db.session() as session:
        member = Member(email=email, name=email.split("@")[0].title(), password_hash=hash_password(PASSWORD))
        member.set_roles(roles or set())
        session.add(member)
        await session.flush()
        if insee is not None:
            commune = await session.scalar(select(Commune).where(Commune.insee == insee).limit(1))
            assert commune is not None and commune.lat is not None and commune.lon is not None
            session.add(
                MemberPlace(
                    member_id=member.id,
                    insee=insee,
                    postal_code=commune.postal_code,
                    lat=commune.lat,
                    lon=commune.lon,
                )
            )
        if coordination is not None:
            session.add(
                Membership(
                    member_id=member.id,
                    coordination_id=coordination.id,
                    status="confirmed",
                    confirmed_at=utcnow() if confirmed_at == "now" else confirmed_at,
                )
            )
        await session.commit()
        return member
