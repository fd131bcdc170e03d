"""The e-mails of the workshop life: confirmation, waitlist, promotion, change, cancellation, reminders.

Each function queues its message in the caller's transaction (learning.outbox), so a message exists
exactly when the change it announces was committed.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds, timezones
from learning.i18n import datetime_fr, time_fr
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings
from live.calendar_ics import ics_attachment
from live.models import Registration, Workshop

SIGNATURE = "\n\nÀ bientôt,\nL'équipe Entraide\n"


def _link(settings: Settings, workshop: Workshop, suffix: str = "") -> str:
    return f"{settings.base_origin}/ateliers/{workshop.id}{suffix}"


def _also(workshop: Workshop, member: Member | None) -> str:
    there = timezones.also_there(workshop.starts_at, member.timezone) if member else ""
    return f", soit {there}" if there else ""


def when_text(workshop: Workshop, member: Member | None = None) -> str:
    """« jeudi 10 décembre 2026 à 18h00, heure de Paris, soit 13h00 à l'heure de Martinique, durée 90 minutes »
    (her own time only when she chose a zone that differs): no parentheses, since the sentences around it often
    have their own."""
    when = f"{datetime_fr(workshop.starts_at)}, heure de Paris{_also(workshop, member)}, durée {workshop.duration_min} minutes"
    return f"{when}, en présentiel : {workshop.place_text}" if workshop.in_person else when


def _how_it_works(workshop: Workshop) -> str:
    """What a confirmed registrant should know: the room's rules online, the place in person."""
    if workshop.in_person:
        return (
            f"L'atelier a lieu en présentiel, à cette adresse :\n{workshop.address}\nSalle : {workshop.room}\n"
            "Si vous ne pouvez plus venir, désinscrivez-vous pour laisser votre place à une autre."
        )
    return (
        "La salle ouvre 15 minutes avant le début. Une place non occupée "
        "10 minutes après le début est donnée à la première personne de la liste d'attente."
    )


async def _member(session: AsyncSession, member_id: int) -> Member | None:
    return await session.get(Member, member_id)


async def registration_outcome(
    session: AsyncSession,
    settings: Settings,
    workshop: Workshop,
    member: Member,
    status: str,
    position: int | None,
) -> None:
    if status == "confirmed":
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Inscription confirmée : {workshop.title}",
            body=(
                f"Bonjour {member.name},\n\nVous êtes inscrite à l'atelier « {workshop.title} », "
                f"{when_text(workshop, member)}.\n\n{_how_it_works(workshop)}\n\n"
                f"L'atelier : {_link(settings, workshop)}\n"
                "Le fichier joint ajoute l'atelier à votre agenda." + SIGNATURE
            ),
            attachments=[ics_attachment(workshop, settings.base_origin, timezone=member.timezone)],
        )
    else:
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Liste d'attente : {workshop.title}",
            body=(
                f"Bonjour {member.name},\n\nL'atelier « {workshop.title} » ({when_text(workshop, member)}) est complet. "
                f"Vous êtes inscrite sur la liste d'attente, en position {position}.\n\n"
                "Dès qu'une place se libère, elle est donnée à la première de la liste, et nous vous "
                f"prévenons par e-mail.\n\n{_link(settings, workshop)}" + SIGNATURE
            ),
        )


async def cancellation_by_member(
    session: AsyncSession, settings: Settings, workshop: Workshop, member: Member, was: str
) -> None:
    attachments = []
    if was == "confirmed":
        # The calendar copy she may have imported is replaced by a cancelled one.
        attachments = [
            ics_attachment(workshop, settings.base_origin, cancelled=True, timezone=member.timezone)
        ]
    queue_email(
        session,
        kind=email_kinds.WORKSHOP_REGISTRATION,
        to=member.email,
        member_id=member.id,
        subject=f"Désinscription enregistrée : {workshop.title}",
        body=(
            f"Bonjour {member.name},\n\nVotre désinscription de l'atelier « {workshop.title} » "
            f"({when_text(workshop, member)}) est enregistrée. Merci d'avoir libéré votre place.\n\n"
            f"Vous pouvez vous réinscrire tant qu'il reste des places : {_link(settings, workshop)}"
            + SIGNATURE
        ),
        attachments=attachments,
    )


async def promoted(
    session: AsyncSession,
    settings: Settings,
    workshop: Workshop,
    registration_ids: list[int],
    *,
    room_open: bool,
) -> None:
    for registration_id in registration_ids:
        registration = await session.get(Registration, registration_id)
        member = await _member(session, registration.member_id) if registration else None
        if member is None:
            continue
        if room_open:
            body = (
                f"Bonjour {member.name},\n\nUne place vient de se libérer dans l'atelier « {workshop.title} », "
                f"qui a commencé à {time_fr(workshop.starts_at)}. Elle est à vous : rejoignez l'atelier "
                f"directement avec ce lien :\n{_link(settings, workshop, '/rejoindre')}" + SIGNATURE
            )
        else:
            body = (
                f"Bonjour {member.name},\n\nBonne nouvelle : une place s'est libérée. Vous êtes maintenant "
                f"inscrite à l'atelier « {workshop.title} », {when_text(workshop, member)}.\n\n"
                f"{_link(settings, workshop)}\nLe fichier joint ajoute l'atelier à votre agenda.\n"
                "Si vous ne pouvez plus venir, désinscrivez-vous pour laisser la place à une autre."
                + SIGNATURE
            )
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Une place pour vous : {workshop.title}",
            body=body,
            attachments=[ics_attachment(workshop, settings.base_origin, timezone=member.timezone)],
        )


async def released(
    session: AsyncSession, settings: Settings, workshop: Workshop, registration_ids: list[int]
) -> None:
    for registration_id in registration_ids:
        registration = await session.get(Registration, registration_id)
        member = await _member(session, registration.member_id) if registration else None
        if member is None:
            continue
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Votre place a été libérée : {workshop.title}",
            body=(
                f"Bonjour {member.name},\n\nL'atelier « {workshop.title} » a commencé à "
                f"{time_fr(workshop.starts_at)} et vous ne l'aviez pas rejoint 10 minutes après le début : "
                "comme prévu, votre place a été libérée pour la liste d'attente.\n"
                f"S'il reste une place, vous pouvez vous réinscrire : {_link(settings, workshop)}" + SIGNATURE
            ),
        )


async def workshop_cancelled(
    session: AsyncSession,
    settings: Settings,
    workshop: Workshop,
    registrations: list[Registration],
    *,
    message: str = "",
    author: Member | None = None,
) -> None:
    # Her own words, set apart from ours, so that a registrant knows who wrote them.
    note = f"\n\nLe mot de {author.name} :\n{message}" if message and author else ""
    for registration in registrations:
        member = await _member(session, registration.member_id)
        if member is None:
            continue
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Atelier annulé : {workshop.title}",
            body=(
                f"Bonjour {member.name},\n\nNous sommes désolées : l'atelier « {workshop.title} » prévu le "
                f"{when_text(workshop, member)} est annulé.{note}\n\nLe fichier joint le retire de votre agenda.\n\n"
                f"Les autres ateliers : {settings.base_origin}/ateliers" + SIGNATURE
            ),
            attachments=[
                ics_attachment(workshop, settings.base_origin, cancelled=True, timezone=member.timezone)
            ],
        )


async def workshop_changed(
    session: AsyncSession, settings: Settings, workshop: Workshop, registrations: list[Registration]
) -> None:
    for registration in registrations:
        member = await _member(session, registration.member_id)
        if member is None:
            continue
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_REGISTRATION,
            to=member.email,
            member_id=member.id,
            subject=f"Atelier modifié : {workshop.title}",
            body=(
                f"Bonjour {member.name},\n\nL'atelier « {workshop.title} » a changé. Il a lieu le "
                f"{when_text(workshop, member)}.\nLe fichier joint met votre agenda à jour.\n\n{_link(settings, workshop)}"
                + SIGNATURE
            ),
            attachments=[ics_attachment(workshop, settings.base_origin, timezone=member.timezone)],
        )


async def reminder(
    session: AsyncSession, settings: Settings, workshop: Workshop, member: Member, kind: str
) -> None:
    if workshop.in_person:
        await _in_person_reminder(session, settings, workshop, member, kind)
        return
    if kind == "day":
        subject = f"Demain : {workshop.title}"
        intro = f"Petit rappel : vous êtes inscrite à l'atelier « {workshop.title} », {when_text(workshop, member)}."
    else:
        subject = f"Dans une heure : {workshop.title}"
        intro = (
            f"L'atelier « {workshop.title} » commence à {time_fr(workshop.starts_at)}, heure de Paris"
            f"{_also(workshop, member)}. "
            "La salle ouvre 15 minutes avant."
        )
    queue_email(
        session,
        kind=email_kinds.WORKSHOP_REMINDERS,
        to=member.email,
        member_id=member.id,
        subject=subject,
        body=(
            f"Bonjour {member.name},\n\n{intro}\n\nRejoindre l'atelier : {_link(settings, workshop, '/rejoindre')}\n"
            "Votre place est gardée jusqu'à 10 minutes après le début. Vous ne pouvez pas venir ? "
            f"Désinscrivez-vous pour la laisser à une autre : {_link(settings, workshop)}" + SIGNATURE
        ),
    )


async def _in_person_reminder(
    session: AsyncSession, settings: Settings, workshop: Workshop, member: Member, kind: str
) -> None:
    when = "Demain" if kind == "day" else "Dans une heure"
    queue_email(
        session,
        kind=email_kinds.WORKSHOP_REMINDERS,
        to=member.email,
        member_id=member.id,
        subject=f"{when} : {workshop.title}",
        body=(
            f"Bonjour {member.name},\n\nPetit rappel : vous êtes inscrite à l'atelier « {workshop.title} », "
            f"le {when_text(workshop, member).split(', en présentiel')[0]}.\n\n"
            f"Il a lieu en présentiel, à cette adresse :\n{workshop.address}\nSalle : {workshop.room}\n\n"
            "Vous ne pouvez pas venir ? Désinscrivez-vous pour laisser votre place à une autre : "
            f"{_link(settings, workshop)}" + SIGNATURE
        ),
    )
