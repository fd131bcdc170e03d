"""« Nouvelles membres près de chez moi » on her home page (slot « home »): members who joined in the
last 60 days, agreed to be listed, and live within about 30 km of her commune or belong to her coordination."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_id
from learning.coordinations.models import Commune, MemberPlace, Membership
from learning.coordinations.travel import Point, crow_flies_km
from learning.db import utcnow
from learning.models import Member
from learning.packages import PageBlock

from .models import MemberProfile
from .sectors import SECTORS

NEAR_KM = 30.0
RECENT = timedelta(days=60)
SHOWN = 6
KM_PER_DEGREE_LAT = 111.0


@dataclass(frozen=True)
class NewMember:
    member: Member
    profile: MemberProfile
    commune: str
    km: float | None  # None: in her coordination, but one of them has no commune


async def new_members_near(
    request: Request, session: AsyncSession, member: Member | None
) -> dict[str, Any] | None:
    if member is None:
        return None
    place = await session.get(MemberPlace, member.id)
    coordination_id = await confirmed_coordination_id(session, member.id)
    if place is None and coordination_id is None:
        return {"located": False, "people": []}
    near = []
    if place is not None:
        # A box first (an index walk on the places), the true distance after.
        dlat = NEAR_KM / KM_PER_DEGREE_LAT
        dlon = dlat / max(math.cos(math.radians(place.lat)), 0.1)
        near.append(
            Member.id.in_(
                select(MemberPlace.member_id).where(
                    MemberPlace.lat.between(place.lat - dlat, place.lat + dlat),
                    MemberPlace.lon.between(place.lon - dlon, place.lon + dlon),
                )
            )
        )
    if coordination_id is not None:
        near.append(
            Member.id.in_(
                select(Membership.member_id).where(
                    Membership.coordination_id == coordination_id, Membership.status == "confirmed"
                )
            )
        )
    rows = (
        await session.execute(
            select(Member, MemberProfile, MemberPlace)
            .join(MemberProfile, MemberProfile.member_id == Member.id)
            .outerjoin(MemberPlace, MemberPlace.member_id == Member.id)
            .where(
                MemberProfile.listed == true(),
                Member.id != member.id,
                Member.created_at >= utcnow() - RECENT,
                near[0] if len(near) == 1 else near[0] | near[1],
            )
            .order_by(Member.created_at.desc(), Member.id.desc())
            .limit(SHOWN * 4)
        )
    ).all()
    mine = (
        {
            member_id
            for member_id in await session.scalars(
                select(Membership.member_id).where(
                    Membership.coordination_id == coordination_id, Membership.status == "confirmed"
                )
            )
        }
        if coordination_id is not None
        else set()
    )
    kept: list[tuple[Member, MemberProfile, MemberPlace | None, float | None]] = []
    for person, profile, person_place in rows:
        distance = (
            crow_flies_km(Point(place.lat, place.lon), Point(person_place.lat, person_place.lon))
            if place is not None and person_place is not None
            else None
        )
        if person.id not in mine and (distance is None or distance > NEAR_KM):
            continue
        kept.append((person, profile, person_place, distance))
        if len(kept) == SHOWN:
            break
    communes = await _commune_names(session, [p.insee for _, _, p, _ in kept if p is not None])
    people = [
        NewMember(person, profile, communes.get(p.insee, "") if p is not None else "", km)
        for person, profile, p, km in kept
    ]
    return {"located": True, "people": people, "sectors": SECTORS}


async def _commune_names(session: AsyncSession, insee_codes: list[str]) -> dict[str, str]:
    if not insee_codes:
        return {}
    rows = await session.execute(select(Commune.insee, Commune.name).where(Commune.insee.in_(insee_codes)))
    return {insee: name for insee, name in rows}


block = PageBlock("home", "members/_home_new_members.html", new_members_near, order=50)
