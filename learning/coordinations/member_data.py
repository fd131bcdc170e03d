"""« Mes données » for the coordinations: her commune, her membership, the coordinations she runs, her
volunteer applications; on account deletion, all of them go."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.packages import MemberData
from learning.settings import Settings

from .models import Coordination, CoordinationLead, MemberPlace, Membership, VolunteerApplication


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def export(session: AsyncSession, member_id: int) -> dict[str, Any]:
    place = await session.get(MemberPlace, member_id)
    joined = await session.get(Membership, member_id)
    joined_name = (
        await session.scalar(select(Coordination.name).where(Coordination.id == joined.coordination_id))
        if joined
        else None
    )
    led = (
        await session.execute(
            select(Coordination.name, CoordinationLead.since)
            .join(CoordinationLead, CoordinationLead.coordination_id == Coordination.id)
            .where(CoordinationLead.member_id == member_id)
        )
    ).all()
    applications = await session.scalars(
        select(VolunteerApplication)
        .where(VolunteerApplication.member_id == member_id)
        .order_by(VolunteerApplication.id)
    )
    return {
        "coordinations": {
            "commune": {
                "insee": place.insee,
                "code_postal": place.postal_code,
                "mise_a_jour_le": _iso(place.updated_at),
            }
            if place
            else None,
            "ma_coordination": {
                "coordination": joined_name,
                "statut": "membre confirmée"
                if joined.status == "confirmed"
                else "en attente de confirmation",
                "demandee_le": _iso(joined.requested_at),
                "confirmee_le": _iso(joined.confirmed_at),
                "dans_la_liste_des_membres": joined.listed,
            }
            if joined
            else None,
            "coordinations_animees": [{"coordination": name, "depuis": _iso(since)} for name, since in led],
            "candidatures_benevole": [
                {
                    "propositions": list(a.offers),
                    "disponibilites": a.availability,
                    "message": a.message,
                    "commune": a.insee,
                    "statut": a.status,
                    "deposee_le": _iso(a.created_at),
                    "decidee_le": _iso(a.decided_at),
                    "reponse": a.decision_message,
                }
                for a in applications
            ],
        }
    }


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    await session.execute(sql_delete(MemberPlace).where(MemberPlace.member_id == member_id))
    await session.execute(sql_delete(Membership).where(Membership.member_id == member_id))
    await session.execute(sql_delete(CoordinationLead).where(CoordinationLead.member_id == member_id))
    await session.execute(sql_delete(VolunteerApplication).where(VolunteerApplication.member_id == member_id))
    # What she decided as a coordinatrice or an admin stays, without her name (SQLite may run without
    # foreign keys enforced, so the SET NULL of the schema is done here).
    await session.execute(
        update(Membership).where(Membership.confirmed_by_id == member_id).values(confirmed_by_id=None)
    )
    await session.execute(
        update(VolunteerApplication)
        .where(VolunteerApplication.decided_by_id == member_id)
        .values(decided_by_id=None)
    )


member_data = MemberData(export=export, delete=delete)
