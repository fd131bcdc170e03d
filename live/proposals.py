"""The proposal workflow's e-mails: to the coordination when an intervenante proposes, to her when it is
published or declined; to the coordination again when she cancels her own workshop. Queued in the caller's
transaction, like live.notify.

Who is told of a proposal: the coordinatrices of the workshop's coordination (`CoordinationLead`); for a
national workshop, the national team (the admins).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.coordinations.models import Coordination, CoordinationLead
from learning.i18n import ngettext
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings
from live.models import Workshop
from live.notify import SIGNATURE, when_text

QUEUE_PATH = "/ateliers/propositions"


async def reviewers(session: AsyncSession, workshop: Workshop) -> list[Member]:
    """Those who decide on this proposal, the intervenante who wrote it aside."""
    if workshop.coordination_id is not None:
        query = (
            select(Member)
            .join(CoordinationLead, CoordinationLead.member_id == Member.id)
            .where(CoordinationLead.coordination_id == workshop.coordination_id)
        )
        found = list(await session.scalars(query.order_by(Member.id)))
    else:
        candidates = await session.scalars(select(Member).where(Member.roles_csv.contains("admin")))
        found = [m for m in candidates if m.is_admin]
    return [m for m in found if m.id != workshop.host_id]


def _tell(session: AsyncSession, people: list[Member], subject: str, body: Callable[[Member], str]) -> None:
    for person in people:
        queue_email(
            session,
            kind=email_kinds.WORKSHOP_PROPOSALS,
            to=person.email,
            member_id=person.id,
            subject=subject,
            body=body(person),
        )


async def _tell_reviewers(
    session: AsyncSession, workshop: Workshop, subject: str, body: Callable[[Member], str]
) -> None:
    _tell(session, await reviewers(session, workshop), subject, body)


async def _tell_host(
    session: AsyncSession, workshop: Workshop, subject: str, body: Callable[[Member], str]
) -> None:
    host = await session.get(Member, workshop.host_id) if workshop.host_id else None
    _tell(session, [host] if host is not None else [], subject, body)


async def proposal_received(
    session: AsyncSession, settings: Settings, workshop: Workshop, host: Member
) -> None:
    coordination = (
        await session.get(Coordination, workshop.coordination_id) if workshop.coordination_id else None
    )
    for_whom = (
        f"pour la coordination {coordination.name}"
        if coordination
        else "pour tout le réseau (atelier national)"
    )
    await _tell_reviewers(
        session,
        workshop,
        f"Atelier proposé : {workshop.title}",
        lambda reviewer: (
            f"Bonjour {reviewer.name},\n\n{host.name} propose l'atelier « {workshop.title} » {for_whom}, "
            f"le {when_text(workshop, reviewer)}.\n\n"
            f"Le lire, le publier ou le refuser : {settings.base_origin}/ateliers/{workshop.id}\n"
            f"Toutes les propositions en attente : {settings.base_origin}{QUEUE_PATH}" + SIGNATURE
        ),
    )


async def proposal_published(session: AsyncSession, settings: Settings, workshop: Workshop) -> None:
    await _tell_host(
        session,
        workshop,
        f"Votre atelier est publié : {workshop.title}",
        lambda host: (
            f"Bonjour {host.name},\n\nBonne nouvelle : la coordination a publié votre atelier "
            f"« {workshop.title} », le {when_text(workshop, host)}. Les membres peuvent s'y inscrire dès maintenant.\n\n"
            f"Sa page : {settings.base_origin}/ateliers/{workshop.id}\n"
            f"Vos ateliers et leurs inscrites : {settings.base_origin}/ateliers/mes-ateliers" + SIGNATURE
        ),
    )


async def proposal_declined(
    session: AsyncSession, settings: Settings, workshop: Workshop, reason: str, decided_by: Member
) -> None:
    await _tell_host(
        session,
        workshop,
        f"Votre proposition n'est pas retenue : {workshop.title}",
        lambda host: (
            f"Bonjour {host.name},\n\n{decided_by.name} n'a pas retenu votre proposition d'atelier "
            f"« {workshop.title} », prévue le {when_text(workshop, host)}.\n\nSa réponse :\n{reason}\n\n"
            "Vous pouvez proposer un autre atelier, ou le même autrement : "
            f"{settings.base_origin}/ateliers/proposer" + SIGNATURE
        ),
    )


async def cancelled_by_host(
    session: AsyncSession, settings: Settings, workshop: Workshop, host: Member, *, message: str, told: int
) -> None:
    """She gave up her own workshop: those who would have published or cancelled it learn it from us, with
    her words, rather than from a registrant."""
    note = f"\n\nSon message aux inscrites :\n{message}" if message else ""
    people = ngettext(
        "%(num)s personne inscrite ou en attente a reçu l'annonce.",
        "%(num)s personnes inscrites ou en attente ont reçu l'annonce.",
        told,
    ) % {"num": told}
    await _tell_reviewers(
        session,
        workshop,
        f"Atelier annulé par son intervenante : {workshop.title}",
        lambda reviewer: (
            f"Bonjour {reviewer.name},\n\n{host.name} a annulé son atelier « {workshop.title} », prévu le "
            f"{when_text(workshop, reviewer)}. {people}{note}\n\n"
            f"Sa page : {settings.base_origin}/ateliers/{workshop.id}" + SIGNATURE
        ),
    )
