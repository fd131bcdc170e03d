"""The coordinatrice's desk: who may open it, and her members as it lists them (new ones first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member

from . import directory
from .models import Commune, Coordination, CoordinationLead, MemberPlace, Membership


async def may_run(session: AsyncSession, coordination: Coordination, member: Member) -> bool:
    """Her coordinatrices (CoordinationLead rows, not the global role alone) and admins."""
    return member.is_admin or await directory.leads(session, coordination.id, member.id)


@dataclass(frozen=True)
class DeskMember:
    member_id: int
    name: str
    email: str
    status: str
    requested_at: datetime
    confirmed_at: datetime | None
    commune: str


async def members_of(session: AsyncSession, coordination_id: int) -> list[DeskMember]:
    """Pending first (oldest request first: who has waited longest), then confirmed by name."""
    commune_name = (
        select(Commune.name)
        .where(Commune.insee == MemberPlace.insee, Commune.postal_code == MemberPlace.postal_code)
        .limit(1)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(
            Member.id,
            Member.name,
            Member.email,
            Membership.status,
            Membership.requested_at,
            Membership.confirmed_at,
            commune_name,
        )
        .join(Membership, Membership.member_id == Member.id)
        .outerjoin(MemberPlace, MemberPlace.member_id == Member.id)
        .where(Membership.coordination_id == coordination_id)
    )
    found = [
        DeskMember(
            member_id=row[0],
            name=row[1],
            email=row[2],
            status=row[3],
            requested_at=row[4],
            confirmed_at=row[5],
            commune=row[6] or "",
        )
        for row in rows
    ]
    pending = sorted((m for m in found if m.status == "pending"), key=lambda m: m.requested_at)
    confirmed = sorted((m for m in found if m.status == "confirmed"), key=lambda m: m.name.casefold())
    return pending + confirmed


async def waiting_by_coordination(
    session: AsyncSession, member_id: int
) -> list[tuple[Coordination, int, datetime]]:
    """For each coordination she runs with members to welcome: how many, and since when the newest waits."""
    rows = await session.execute(
        select(Coordination, func.count(Membership.member_id), func.max(Membership.requested_at))
        .join(CoordinationLead, CoordinationLead.coordination_id == Coordination.id)
        .join(Membership, Membership.coordination_id == Coordination.id)
        .where(CoordinationLead.member_id == member_id, Membership.status == "pending")
        .group_by(Coordination.id)
        .order_by(Coordination.name)
    )
    return [(c, n, at) for c, n, at in rows.all()]
