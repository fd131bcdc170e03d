"""Inviting an outside speaker to one workshop: the invitation, its personal link, when it lets her in,
revoking it, and erasing it after the retention period stated in the privacy notice.

The link is `/ateliers/invitation/<token>`; only the token's hash is stored. It lets its holder into
that workshop's pre-join and room as a host or co-host (live.views_guests), from midnight (Paris) the
day before the workshop until its end, unless it was revoked or a host removed her from the room.
Everything else on the platform stays as closed to her as to any visitor.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.db import Database, rowcount
from learning.i18n import date_fr, datetime_fr
from learning.models import Member, OutboxEmail
from learning.outbox import queue_email
from learning.settings import Settings
from learning.tokens import new_token, token_hash
from live.calendar_ics import ics_attachment
from live.history import record
from live.models import Workshop
from live.models_guests import GuestInvitation, WorkshopHistory
from live.workshop_form import paris_to_utc

# Stated in the privacy notice (learning/templates/legal/confidentialite.html): keep them in step.
RETENTION = timedelta(days=183)  # six months after the workshop's end
COOKIE = "entraide_invitation"  # her link, kept by her browser for this workshop's rehearsal links


def invitation_link(settings: Settings, token: str) -> str:
    return f"{settings.base_origin}/ateliers/invitation/{token}"


def invitation_subject(title: str) -> str:
    return f"Invitation : atelier « {title} »"[:250]


def valid_from(workshop: Workshop) -> datetime:
    """Midnight in Paris, the day before the workshop (naive UTC)."""
    day_before = workshop.starts_at.date() - timedelta(days=1)
    # Midnight always exists in Paris (the clocks change at 2h or 3h): never None.
    return paris_to_utc(day_before, time(0, 0)) or datetime.combine(day_before, time(0, 0))


def refusal(invitation: GuestInvitation | None, workshop: Workshop | None, now: datetime) -> str | None:
    """Why this link does not open the workshop now (French), or None when it does."""
    if invitation is None or workshop is None:
        return "Ce lien d'invitation n'existe pas. Vérifiez qu'il a été copié en entier depuis l'e-mail."
    if invitation.revoked_at is not None:
        return "Cette invitation a été annulée par l'équipe de l'atelier."
    if workshop.status == "cancelled":
        return "Cet atelier est annulé."
    if workshop.in_person:
        return "Cet atelier a lieu en présentiel : il n'y a pas de salle en ligne."
    if workshop.is_over(now):
        return "Cet atelier est terminé : ce lien n'est plus valable. Merci pour votre intervention !"
    if now < valid_from(workshop):
        return (
            f"Ce lien sera valable à partir du {date_fr(valid_from(workshop))}, la veille de l'atelier "
            f"({datetime_fr(workshop.starts_at)})."
        )
    if invitation.removed_at is not None:
        return "L'intervenante vous a retirée de cet atelier."
    return None


async def by_token(session: AsyncSession, token: str) -> tuple[GuestInvitation | None, Workshop | None]:
    if not token or len(token) > 100:
        return None, None
    invitation = await session.scalar(
        select(GuestInvitation).where(GuestInvitation.token_hash == token_hash(token))
    )
    if invitation is None:
        return None, None
    return invitation, await session.get(Workshop, invitation.workshop_id)


async def invite(
    session: AsyncSession,
    settings: Settings,
    workshop: Workshop,
    actor: Member,
    *,
    name: str,
    email: str,
    role: str,
) -> GuestInvitation:
    """Adds the invitation, its history line and its e-mail (with the .ics) to the caller's transaction."""
    token = new_token()
    invitation = GuestInvitation(
        workshop_id=workshop.id,
        name=name,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by_id=actor.id,
    )
    session.add(invitation)
    await session.flush()
    record(
        session,
        workshop.id,
        "guest_invited",
        f"{name} invitée comme {invitation.role_label.lower()}.",
        actor_id=actor.id,
        guest_id=invitation.id,
    )
    queue_email(
        session,
        kind=email_kinds.WORKSHOP_REGISTRATION,
        to=email,
        subject=invitation_subject(workshop.title),
        body=(
            f"Bonjour {name},\n\n{actor.name} vous invite à animer l'atelier « {workshop.title} » du réseau "
            f"Entraide, comme {invitation.role_label.lower()}, le {datetime_fr(workshop.starts_at)} "
            f"(heure de Paris), durée {workshop.duration_min} minutes.\n\n"
            f"Votre lien personnel, sans compte à créer :\n{invitation_link(settings, token)}\n\n"
            f"Il ouvre la salle de cet atelier, et seulement elle, à partir du {date_fr(valid_from(workshop))} "
            "et jusqu'à la fin de l'atelier. Vous pourrez y tester votre caméra, votre micro et le partage "
            "d'écran dans une salle de répétition où personne d'autre n'entre (« Tester ma salle »).\n"
            "Ne transférez pas ce lien : il vous donne la place d'une animatrice.\n\n"
            "L'atelier n'est jamais enregistré. Le fichier joint ajoute l'atelier à votre agenda.\n\n"
            "Merci de partager votre savoir avec le réseau,\nL'équipe Entraide\n"
        ),
        attachments=[ics_attachment(workshop, settings.base_origin)],
    )
    return invitation


def revoke(session: AsyncSession, invitation: GuestInvitation, actor: Member, now: datetime) -> None:
    invitation.revoked_at = now
    record(
        session,
        invitation.workshop_id,
        "guest_revoked",
        f"Invitation de {invitation.name} annulée.",
        actor_id=actor.id,
        guest_id=invitation.id,
    )


async def record_removal(db: Database, workshop_id: int, invitation_id: int, now: datetime) -> bool:
    """The media node reports that a host removed this guest from the room: no more tickets for her."""
    async with db.session() as session:
        invitation = await session.get(GuestInvitation, invitation_id)
        if invitation is None or invitation.workshop_id != workshop_id:
            return False
        if invitation.removed_at is None:
            invitation.removed_at = now
            record(
                session,
                workshop_id,
                "guest_removed",
                f"{invitation.name} retirée de la salle par une animatrice.",
                guest_id=invitation.id,
            )
        await session.commit()
    return True


async def record_attendance(db: Database, workshop_id: int, invitation_id: int, now: datetime) -> bool:
    async with db.session() as session:
        invitation = await session.get(GuestInvitation, invitation_id)
        if invitation is None or invitation.workshop_id != workshop_id:
            return False
        if invitation.attended_at is None:
            invitation.attended_at = now
            await session.commit()
    return True


def parse_media_id(text: str) -> int | None:
    """The invitation id in a guest's room id (« guest-12 »), None for anything else."""
    prefix, _, number = text.partition("-")
    if prefix != "guest" or not number.isdigit() or len(number) > 9:
        return None
    return int(number) or None


async def erase_expired(db: Database, now: datetime) -> int:
    """Erases the invitations (and the history lines naming their guests) of the workshops that ended
    more than RETENTION ago. Safe to run from several processes: a DELETE erases what is there."""
    async with db.session() as session:
        rows = await session.execute(
            select(
                GuestInvitation.id,
                GuestInvitation.email,
                Workshop.title,
                Workshop.starts_at,
                Workshop.duration_min,
            )
            .join(Workshop, Workshop.id == GuestInvitation.workshop_id)
            .where(Workshop.starts_at <= now - RETENTION)
        )
        # The end is computed in Python: the two databases do not add minutes to a date the same way.
        expired = [
            (guest_id, email, title)
            for guest_id, email, title, starts_at, duration in rows
            if starts_at + timedelta(minutes=duration) + RETENTION <= now
        ]
        if not expired:
            return 0
        ids = [guest_id for guest_id, _, _ in expired]
        for _, email, title in expired:
            # The copy of her invitation e-mail (she has no account it would belong to).
            await session.execute(
                delete(OutboxEmail).where(
                    OutboxEmail.member_id.is_(None),
                    OutboxEmail.to_address == email,
                    OutboxEmail.subject == invitation_subject(title),
                )
            )
        await session.execute(delete(WorkshopHistory).where(WorkshopHistory.guest_id.in_(ids)))
        result = await session.execute(delete(GuestInvitation).where(GuestInvitation.id.in_(ids)))
        await session.commit()
        return rowcount(result)
