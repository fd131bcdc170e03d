"""« Mes données » for the members package: charter acceptances, her membership dates, her contact messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.settings import Settings

from .models import Adhesion, CharterAcceptance, ContactMessage


async def export(session: AsyncSession, member_id: int) -> dict[str, Any]:
    accepted = await session.scalars(
        select(CharterAcceptance).where(CharterAcceptance.member_id == member_id)
    )
    adhesion = await session.get(Adhesion, member_id)
    messages = await session.scalars(
        select(ContactMessage).where(ContactMessage.member_id == member_id).order_by(ContactMessage.id)
    )
    return {
        "charte": [{"version": a.version, "acceptee_le": a.accepted_at.isoformat()} for a in accepted],
        "adhesion_association": {
            "dernier_paiement": adhesion.last_paid_on.isoformat() if adhesion.last_paid_on else None,
            "renouvellement": adhesion.renews_on.isoformat() if adhesion.renews_on else None,
        }
        if adhesion
        else None,
        "messages_a_l_equipe": [
            {"objet": m.subject, "texte": m.body, "envoye_le": m.created_at.isoformat()} for m in messages
        ],
    }


async def delete_data(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    for model in (CharterAcceptance, Adhesion, ContactMessage):
        await session.execute(delete(model).where(model.member_id == member_id))
