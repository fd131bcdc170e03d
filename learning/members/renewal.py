"""The e-mail « Votre adhésion arrive à échéance », RENEW_WINDOW before the renewal date, once per period.

Each reminder is claimed with one conditional UPDATE (… SET reminded_for = renews_on WHERE reminded_for is
not already that date) and queued in the same transaction, so that several server processes running the
job never send it twice: on PostgreSQL a second claimer waits for the row lock, then re-reads the condition
and updates nothing; on SQLite every transaction is BEGIN IMMEDIATE, so claims run one after the other.
A NON-essential e-mail (a reminder). The same job deletes contact messages older than CONTACT_RETENTION.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select, update

from learning import email_kinds
from learning.db import Database, rowcount, utcnow
from learning.i18n import date_fr
from learning.metrics import job_run
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings

from .adhesion import RENEW_WINDOW, today
from .models import Adhesion, ContactMessage

log = logging.getLogger("entraide.members")

CHECK_EVERY_S = 3600
CONTACT_RETENTION = timedelta(days=365)


def _not_reminded_yet() -> ColumnElement[bool]:
    return or_(Adhesion.reminded_for.is_(None), Adhesion.reminded_for != Adhesion.renews_on)


def _due(on: date) -> ColumnElement[bool]:
    return and_(Adhesion.renews_on >= on, Adhesion.renews_on <= on + RENEW_WINDOW, _not_reminded_yet())


def _body(member: Member, renews_on: date, settings: Settings) -> str:
    base = settings.base_origin
    how = (
        f"Pour renouveler votre adhésion, rendez-vous sur la page de paiement de l'association :\n"
        f"{settings.membership_url}\n"
        if settings.membership_url
        else f"Pour la renouveler, écrivez à l'équipe nationale : {base}/contact\n"
    )
    return (
        f"Bonjour {member.name},\n\n"
        f"Votre adhésion à l'association Entraide arrive à échéance le {date_fr(renews_on)}.\n"
        f"{how}\n"
        f"Votre adhésion en un coup d'œil : {base}/compte/adhesion\n\n"
        "Si vous avez déjà renouvelé, merci ! Ce message s'est croisé avec votre paiement : "
        "l'équipe l'enregistre dans les prochains jours.\n"
    )


async def send_renewal_reminders(db: Database, settings: Settings, on: date | None = None) -> int:
    """Queues the reminders due on `on` (default today); returns how many this process sent."""
    on = on or today()
    async with db.read_session() as session:
        candidates = list(await session.scalars(select(Adhesion.member_id).where(_due(on))))
    sent = 0
    for member_id in candidates:
        async with db.session() as session:
            claimed = await session.execute(
                update(Adhesion)
                .where(Adhesion.member_id == member_id, _due(on))
                .values(reminded_for=Adhesion.renews_on)
                .execution_options(synchronize_session=False)
            )
            if rowcount(claimed) != 1:
                continue  # another process sent it, or a payment moved the date meanwhile
            member = await session.get(Member, member_id)
            row = await session.get(Adhesion, member_id)
            if member is None or row is None or row.renews_on is None:
                await session.rollback()
                continue
            queue_email(
                session,
                to=member.email,
                subject="Votre adhésion arrive à échéance",
                body=_body(member, row.renews_on, settings),
                member_id=member.id,
                kind=email_kinds.MEMBERSHIP,
            )
            await session.commit()
            sent += 1
    return sent


async def forget_old_contact_messages(db: Database) -> int:
    async with db.session() as session:
        gone = await session.execute(
            delete(ContactMessage).where(ContactMessage.created_at < utcnow() - CONTACT_RETENTION)
        )
        await session.commit()
    return rowcount(gone)


async def renewal_loop(db: Database, settings: Settings) -> None:
    while True:
        try:
            async with job_run("members-renewal"):
                if count := await send_renewal_reminders(db, settings):
                    log.info("membership renewal: %d reminders queued", count)
                await forget_old_contact_messages(db)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("membership renewal reminders failed")
        await asyncio.sleep(CHECK_EVERY_S)
