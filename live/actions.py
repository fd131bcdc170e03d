"""Member-facing operations, each one transaction: seat change + its e-mails, committed together.

Endpoints, background jobs and tests call these; `live.seats` holds the concurrency rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from learning.db import Database, rowcount
from learning.models import Member
from learning.settings import Settings
from live import notify, seats
from live.models import Registration, RoomRemoval, Workshop


@dataclass
class Result:
    outcome: seats.Outcome
    workshop: Workshop | None


async def register(
    db: Database, settings: Settings, workshop_id: int, member_id: int, now: datetime
) -> Result:
    async with db.session() as session:
        workshop = await session.get(Workshop, workshop_id)
        member = await session.get(Member, member_id)
        if workshop is None or member is None:
            return Result(seats.Outcome("closed"), workshop)
        try:
            outcome = await seats.register(session, workshop, member_id, now)
            if outcome.status in ("confirmed", "waitlisted"):
                await session.refresh(workshop)
                await notify.registration_outcome(
                    session, settings, workshop, member, outcome.status, outcome.position
                )
            await session.commit()
        except IntegrityError:
            # The same member clicked twice at once: the UNIQUE constraint kept one registration.
            await session.rollback()
            return Result(seats.Outcome("already"), workshop)
    return Result(outcome, workshop)


async def cancel(db: Database, settings: Settings, workshop_id: int, member_id: int, now: datetime) -> Result:
    async with db.session() as session:
        workshop = await session.get(Workshop, workshop_id)
        if workshop is None or workshop.status != "published" or workshop.is_over(now):
            # Nothing to free once it is over or cancelled: no one must be « promoted » into it.
            return Result(seats.Outcome("closed"), workshop)
        outcome = await seats.cancel(session, workshop_id, member_id, now)
        if outcome.status == "cancelled" and workshop is not None:
            await session.refresh(workshop)
            member = await session.get(Member, member_id)
            if member is not None:
                await notify.cancellation_by_member(session, settings, workshop, member, outcome.was or "")
            await notify.promoted(
                session, settings, workshop, outcome.promoted, room_open=workshop.room_is_open(now)
            )
        await session.commit()
    return Result(outcome, workshop)


async def release_no_shows(db: Database, settings: Settings, now: datetime) -> list[seats.Release]:
    """The no-show job: one transaction per workshop, so one slow room does not hold the others."""
    async with db.session() as session:
        due = [w.id for w in await seats.workshops_with_no_shows_due(session, now)]
    results = []
    for workshop_id in due:
        async with db.session() as session:
            workshop = await session.get(Workshop, workshop_id)
            if workshop is None:
                continue
            release = await seats.release_no_shows(session, workshop, now)
            await notify.released(session, settings, workshop, release.released)
            await notify.promoted(session, settings, workshop, release.promoted, room_open=True)
            await session.commit()
            results.append(release)
    return results


async def record_attendance(db: Database, workshop_id: int, member_id: int, now: datetime) -> bool:
    """The media node saw this member join: yes/no attendance, nothing else. Idempotent."""
    async with db.session() as session:
        workshop = await session.get(Workshop, workshop_id)
        if workshop is None:
            return False
        role = workshop.host_role(member_id)
        if role is not None:
            column = Workshop.host_attended_at if role == "host" else Workshop.cohost_attended_at
            await session.execute(
                update(Workshop)
                .where(Workshop.id == workshop_id, column.is_(None))
                .values({column: now})
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            return True
        registration = await session.scalar(
            select(Registration).where(
                Registration.workshop_id == workshop_id, Registration.member_id == member_id
            )
        )
        if registration is None or registration.status != "confirmed":
            return False
        await session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.attended_at.is_(None))
            .values(attended_at=now)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        return True


async def record_removal(db: Database, workshop_id: int, member_id: int, now: datetime) -> bool:
    """A host removed this member from the live room: no ticket for her until the end. Idempotent."""
    async with db.session() as session:
        workshop = await session.get(Workshop, workshop_id)
        # The node never lets anyone remove the intervenante herself; neither does the site.
        if workshop is None or member_id == workshop.host_id or await session.get(Member, member_id) is None:
            return False
        if await session.get(RoomRemoval, (workshop_id, member_id)) is not None:
            return True
        session.add(RoomRemoval(workshop_id=workshop_id, member_id=member_id, removed_at=now))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()  # the same report twice at once: the primary key kept one
        return True


ROOM_FLAGS = {"lock": Workshop.room_locked, "doors": Workshop.room_doors_open}


async def record_room_flag(db: Database, workshop_id: int, flag: str, value: bool) -> bool:
    """The room was locked or unlocked, or its doors opened: kept for the next tickets (live.tickets_web)."""
    async with db.session() as session:
        result = await session.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id)
            .values({ROOM_FLAGS[flag]: value})
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        return rowcount(result) == 1
