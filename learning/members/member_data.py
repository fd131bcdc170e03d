"""« Mes données » for the members package: her profile and the skills she offers, then her charter
acceptances, membership dates and contact messages (member_data_adhesion.py); erased with her account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession

from learning.settings import Settings

from . import member_data_adhesion, messages_data
from .models import MemberProfile, MemberSkill
from .sectors import SECTORS
from .skills import skills_of


async def export(session: AsyncSession, member_id: int) -> dict[str, Any]:
    profile = await session.get(MemberProfile, member_id)
    return {
        "profil": {
            "dans_l_annuaire": bool(profile and profile.listed),
            "projet": profile.project if profile else "",
            "secteur": SECTORS.get(profile.sector, profile.sector) if profile else "",
            "competences_partagees": [s.label for s in await skills_of(session, member_id)],
        },
        **await member_data_adhesion.export(session, member_id),
        **await messages_data.export(session, member_id),
    }


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    await session.execute(sql_delete(MemberSkill).where(MemberSkill.member_id == member_id))
    await session.execute(sql_delete(MemberProfile).where(MemberProfile.member_id == member_id))
    await member_data_adhesion.delete_data(session, member_id, settings=settings, choices=choices)
    await messages_data.delete(session, member_id, settings=settings, choices=choices)
