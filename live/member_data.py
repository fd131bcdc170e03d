"""« Mes données »: a member's workshop registrations in her export, and their removal with her account."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete as sql_delete
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.settings import Settings
from live import notify, seats, speaker_data
from live.models import CalendarFeed, Registration, RoomRemoval, Workshop

STATUS_FR = {"confirmed": "inscrite", "waitlisted": "liste d'attente", "released": "place libérée (absente)"}


async def export(session: AsyncSession, member_id: int) -> dict:
    rows = (
        await session.execute(
            select(Registration, Workshop)
            .join(Workshop, Workshop.id == Registration.workshop_id)
            .where(Registration.member_id == member_id)
            .order_by(Workshop.starts_at)
        )
    ).all()
    hosted = (
        (
            await session.execute(
                select(Workshop)
                .where((Workshop.host_id == member_id) | (Workshop.cohost_id == member_id))
                .order_by(Workshop.starts_at)
            )
        )
        .scalars()
        .all()
    )
    feed = await session.get(CalendarFeed, member_id)
    removals = (
        await session.execute(
            select(RoomRemoval, Workshop)
            .join(Workshop, Workshop.id == RoomRemoval.workshop_id)
            .where(RoomRemoval.member_id == member_id)
            .order_by(RoomRemoval.removed_at)
        )
    ).all()
    return {
        **await speaker_data.export(session, member_id),
        "ateliers_inscriptions": [
            {
                "atelier": w.title,
                "debut_utc": w.starts_at.isoformat(),
                "statut": STATUS_FR.get(r.status, r.status),
                "inscrite_le": r.created_at.isoformat(),
                "presente": r.attended_at is not None,
            }
            for r, w in rows
        ],
        "ateliers_animes": [
            {"atelier": w.title, "debut_utc": w.starts_at.isoformat(), "statut": w.status} for w in hosted
        ],
        "agenda_prive_actif": bool(feed and feed.active),
        "ateliers_retiree_de_la_salle": [
            {"atelier": w.title, "retiree_le": r.removed_at.isoformat()} for r, w in removals
        ],
    }


async def delete_member(session: AsyncSession, member_id: int, settings: Settings) -> None:
    now = utcnow()
    active = (
        (
            await session.execute(
                select(Registration.workshop_id)
                .join(Workshop, Workshop.id == Registration.workshop_id)
                .where(
                    Registration.member_id == member_id,
                    Registration.status.in_(("confirmed", "waitlisted")),
                    Workshop.status == "published",
                )
            )
        )
        .scalars()
        .all()
    )
    # Her seats go to the waitlist exactly as if she had cancelled, with the same e-mails.
    for workshop_id in active:
        outcome = await seats.cancel(session, workshop_id, member_id, now)
        workshop = await session.get(Workshop, workshop_id)
        if workshop is not None and outcome.promoted:
            await session.refresh(workshop)
            await notify.promoted(
                session, settings, workshop, outcome.promoted, room_open=workshop.room_is_open(now)
            )
    await session.execute(sql_delete(Registration).where(Registration.member_id == member_id))
    await session.execute(sql_delete(CalendarFeed).where(CalendarFeed.member_id == member_id))
    await session.execute(sql_delete(RoomRemoval).where(RoomRemoval.member_id == member_id))
    await speaker_data.delete_member(session, member_id)
    await session.execute(
        update(Workshop)
        .where(Workshop.host_id == member_id)
        .values(host_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Workshop)
        .where(Workshop.cohost_id == member_id)
        .values(cohost_id=None)
        .execution_options(synchronize_session=False)
    )


async def delete(
    session: AsyncSession, member_id: int, *, settings: Settings, choices: Mapping[str, str]
) -> None:
    await delete_member(session, member_id, settings)
