"""Workshops, members and logged-in browsers for the workshop tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from functools import lru_cache

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from learning.auth import open_session
from learning.coordinations.models import Coordination, CoordinationLead
from learning.db import Database, utcnow
from learning.models import Member, OutboxEmail
from learning.passwords import hash_password
from live.models import Registration, Workshop
from tests.helpers import PASSWORD

_ports = itertools.count(51000)


@lru_cache(maxsize=1)
def password_hash() -> str:
    # argon2 is slow on purpose: hash once for the many members of the concurrency tests.
    return hash_password(PASSWORD)


async def add_members(
    db: Database, count: int, prefix: str = "membre", roles: set[str] | None = None
) -> list[Member]:
    async with db.session() as session:
        members = []
        for i in range(count):
            member = Member(
                email=f"{prefix}{i:02d}@exemple.fr",
                name=f"{prefix.capitalize()} {i:02d}",
                password_hash=password_hash(),
                project="",
            )
            member.set_roles(roles or set())
            session.add(member)
            members.append(member)
        await session.commit()
        return members


async def add_workshop(
    db: Database,
    host: Member | None = None,
    *,
    starts_in: timedelta = timedelta(days=3),
    capacity: int = 20,
    status: str = "published",
    title: str = "Bien démarrer sur Instagram",
    theme: str = "communication",
    duration_min: int = 90,
    cohost: Member | None = None,
    starts_at: datetime | None = None,
    in_person_at: tuple[str, str] | None = None,
    coordination: Coordination | None = None,
) -> Workshop:
    """`in_person_at`: (address, room) makes it an in-person workshop."""
    async with db.session() as session:
        workshop = Workshop(
            title=title,
            theme=theme,
            description="Pour débuter.",
            capacity=capacity,
            starts_at=starts_at or (utcnow() + starts_in).replace(microsecond=0),
            duration_min=duration_min,
            status=status,
            host_id=host.id if host else None,
            cohost_id=cohost.id if cohost else None,
            format="in_person" if in_person_at else "online",
            address=in_person_at[0] if in_person_at else "",
            room=in_person_at[1] if in_person_at else "",
            coordination_id=coordination.id if coordination else None,
        )
        session.add(workshop)
        await session.commit()
        return workshop


async def add_coordination(
    db: Database, slug: str, name: str, *, leads: tuple[Member, ...] = (), meeting_place: str = ""
) -> Coordination:
    """A coordination without geography (its seat's coordinates given), run by `leads`."""
    async with db.session() as session:
        coordination = Coordination(
            slug=slug,
            name=name,
            seat_insee="46102",
            lat=44.608,
            lon=2.031,
            departement="46",
            description=f"Les entrepreneuses de {name} se retrouvent chaque mois.",
            contact_email=f"{slug}@exemple.fr",
            meeting_place=meeting_place or "Salle des associations, mairie",
        )
        session.add(coordination)
        await session.flush()
        session.add_all(CoordinationLead(coordination_id=coordination.id, member_id=m.id) for m in leads)
        await session.commit()
        return coordination


async def browser_for(app: Starlette, db: Database, member: Member) -> httpx.AsyncClient:
    """A client already logged in as `member` (session opened directly: the login form is tested elsewhere)."""
    async with db.session() as session:
        token = await open_session(session, member, 1)
        await session.commit()
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", next(_ports)))
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    client.cookies.set("entraide_session", token)
    return client


async def registrations(db: Database, workshop_id: int) -> list[Registration]:
    async with db.session() as session:
        return list(
            (
                await session.execute(
                    select(Registration)
                    .where(Registration.workshop_id == workshop_id)
                    .order_by(Registration.id)
                )
            )
            .scalars()
            .all()
        )


async def seats_taken(db: Database, workshop_id: int) -> int:
    async with db.session() as session:
        workshop = await session.get(Workshop, workshop_id)
        assert workshop is not None, workshop_id
        return workshop.taken


async def emails_to(db: Database, address: str) -> list[OutboxEmail]:
    async with db.session() as session:
        return list(
            (
                await session.execute(
                    select(OutboxEmail).where(OutboxEmail.to_address == address).order_by(OutboxEmail.id)
                )
            )
            .scalars()
            .all()
        )
