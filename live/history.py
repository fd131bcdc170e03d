"""A workshop's history: who invited, revoked or removed whom, and when, for its hosts and coordinatrices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.models import Member
from live.models_guests import WorkshopHistory


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str
    actor: str  # her name, « membre supprimée », or "" for what the room reported


def record(
    session: AsyncSession,
    workshop_id: int,
    kind: str,
    text: str,
    *,
    actor_id: int | None = None,
    guest_id: int | None = None,
) -> None:
    """Adds a line to the caller's transaction. The actor is kept as an id, so that her name leaves the
    history when her account is deleted."""
    session.add(
        WorkshopHistory(workshop_id=workshop_id, kind=kind, text=text, actor_id=actor_id, guest_id=guest_id)
    )


async def lines(session: AsyncSession, workshop_id: int) -> list[HistoryLine]:
    rows = await session.execute(
        select(WorkshopHistory, Member.name)
        .outerjoin(Member, Member.id == WorkshopHistory.actor_id)
        .where(WorkshopHistory.workshop_id == workshop_id)
        .order_by(WorkshopHistory.at.desc(), WorkshopHistory.id.desc())
    )
    return [
        HistoryLine(
            entry.at,
            entry.text,
            name or ("membre supprimée" if entry.kind != "guest_removed" else ""),
        )
        for entry, name in rows
    ]
