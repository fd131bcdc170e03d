"""« Nouveaux ateliers sur mes thèmes »: once a workshop is published, the members following its theme
(learning.themes) hear of it, in the site (live.notifications) and by e-mail (kind « subscriptions »).

Several server processes may run this job at once. A workshop is claimed by a conditional UPDATE
(`… SET announced_at = now WHERE id = ? AND announced_at IS NULL`) in the transaction that queues its
e-mails, as live.reminders claims a reminder: only the process whose UPDATE changed the row sends.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from learning import email_kinds, themes
from learning.db import Database, rowcount
from learning.i18n import datetime_fr
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings
from live.models import Registration, Workshop

SIGNATURE = "\n\nÀ bientôt,\nL'équipe Entraide\n"


async def due(db: Database, now: datetime) -> list[int]:
    async with db.session() as session:
        return list(
            await session.scalars(
                select(Workshop.id)
                .where(
                    Workshop.status == "published", Workshop.announced_at.is_(None), Workshop.starts_at > now
                )
                .order_by(Workshop.id)
            )
        )


def _body(member: Member, workshop: Workshop, settings: Settings) -> str:
    where = f"en présentiel : {workshop.place_text}" if workshop.in_person else "en ligne"
    return (
        f"Bonjour {member.name},\n\nUn nouvel atelier sur un thème que vous suivez (« {workshop.theme_label} ») "
        f"vient d'être publié :\n\n« {workshop.title} »\n{datetime_fr(workshop.starts_at)}, heure de Paris, "
        f"{where}.\n\nS'inscrire : {settings.base_origin}/ateliers/{workshop.id}\n"
        f"Vos thèmes : {settings.base_origin}/compte/e-mails/themes" + SIGNATURE
    )


async def announce_one(db: Database, settings: Settings, workshop_id: int, now: datetime) -> int:
    """Claims the workshop and queues one e-mail per follower; returns how many (0 if another process
    had claimed it)."""
    async with db.session() as session:
        claimed = await session.execute(
            update(Workshop)
            .where(
                Workshop.id == workshop_id, Workshop.announced_at.is_(None), Workshop.status == "published"
            )
            .values(announced_at=now)
            .execution_options(synchronize_session=False)
        )
        if rowcount(claimed) != 1:
            await session.rollback()
            return 0
        workshop = await session.get(Workshop, workshop_id)
        assert workshop is not None
        registered = select(Registration.member_id).where(Registration.workshop_id == workshop.id)
        hosts = [member_id for member_id in (workshop.host_id, workshop.cohost_id) if member_id is not None]
        recipients = await session.scalars(
            select(Member).where(
                Member.id.in_(themes.followers_of(workshop.theme)),
                Member.id.not_in(email_kinds.turned_off(email_kinds.SUBSCRIPTIONS)),
                Member.id.not_in(registered),
                Member.id.not_in(hosts),
                Member.email_confirmed_at.is_not(None),
            )
        )
        count = 0
        for member in recipients:
            queue_email(
                session,
                kind=email_kinds.SUBSCRIPTIONS,
                to=member.email,
                member_id=member.id,
                subject=f"Nouvel atelier : {workshop.title}",
                body=_body(member, workshop, settings),
            )
            count += 1
        await session.commit()
        return count


async def announce_new_workshops(db: Database, settings: Settings, now: datetime) -> int:
    return sum([await announce_one(db, settings, workshop_id, now) for workshop_id in await due(db, now)])
