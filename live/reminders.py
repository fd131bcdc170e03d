"""Reminders the day before and one hour before a workshop, each sent once.

Several server processes may run this job at the same moment. Each reminder is claimed by a conditional
UPDATE (`… SET reminded_day_at = now WHERE id = ? AND reminded_day_at IS NULL`) in the same transaction
that queues its e-mail: only the process whose UPDATE changed the row sends, and if that transaction
fails, neither the claim nor the e-mail remain. On PostgreSQL the second UPDATE waits for the first
one's row lock, then re-checks `IS NULL` and changes nothing; SQLite serialises the transactions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from learning.db import Database, rowcount
from learning.models import Member
from learning.settings import Settings
from live import notify
from live.models import Registration, Workshop

# kind → (column, window start before the workshop, window end before the workshop)
KINDS = {
    "day": (Registration.reminded_day_at, timedelta(hours=24), timedelta(hours=1)),
    "hour": (Registration.reminded_hour_at, timedelta(hours=1), timedelta(0)),
}


async def due(db: Database, kind: str, now: datetime) -> list[int]:
    column, opens, closes = KINDS[kind]
    async with db.session() as session:
        return list(
            (
                await session.execute(
                    select(Registration.id)
                    .join(Workshop, Workshop.id == Registration.workshop_id)
                    .where(
                        Registration.status == "confirmed",
                        column.is_(None),
                        Workshop.status == "published",
                        Workshop.starts_at <= now + opens,
                        Workshop.starts_at > now + closes,
                    )
                    .order_by(Registration.id)
                )
            )
            .scalars()
            .all()
        )


async def send_one(db: Database, settings: Settings, registration_id: int, kind: str, now: datetime) -> bool:
    column = KINDS[kind][0]
    async with db.session() as session:
        claimed = await session.execute(
            update(Registration)
            .where(Registration.id == registration_id, Registration.status == "confirmed", column.is_(None))
            .values({column: now})
            .execution_options(synchronize_session=False)
        )
        if rowcount(claimed) != 1:
            await session.rollback()
            return False
        registration = await session.get(Registration, registration_id)
        assert registration is not None
        workshop = await session.get(Workshop, registration.workshop_id)
        member = await session.get(Member, registration.member_id)
        if workshop is None or member is None:
            await session.rollback()
            return False
        await notify.reminder(session, settings, workshop, member, kind)
        await session.commit()
        return True


async def send_due_reminders(db: Database, settings: Settings, now: datetime) -> int:
    sent = 0
    for kind in KINDS:
        for registration_id in await due(db, kind, now):
            sent += await send_one(db, settings, registration_id, kind, now)
    return sent
