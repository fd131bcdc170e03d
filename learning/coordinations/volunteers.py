"""« Devenir bénévole »: what an application says, how an admin decides on it, and who counts as a volunteer.

Writes take an open session and leave the commit to the caller (the e-mail is queued in the same
transaction, so that it goes out only if the decision is saved).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning import email_kinds
from learning.db import utcnow
from learning.models import Member
from learning.outbox import queue_email

from .geography import Place, find_places, name_key
from .models import VOLUNTEER_OFFERS, Coordination, CoordinationLead, VolunteerApplication

MAX_TEXT = 2000
# What each offer gives her once accepted (« coup_de_pouce » needs no role: every member may answer).
OFFER_ROLES = {"coordination": "coordinatrice", "atelier": "intervenante"}


@dataclass
class ApplicationInput:
    commune: str  # as she typed it
    insee: str  # chosen among several communes, or ""
    availability: str
    offers: list[str]
    coordination_id: int | None
    message: str


@dataclass
class Checked:
    """The application as saved, or what is wrong with it (field → French message) and, when her commune
    could mean several, the communes to choose from."""

    place: Place | None
    errors: dict[str, str]
    choices: list[Place]


async def resolve_commune(
    session: AsyncSession, typed: str, insee: str = ""
) -> tuple[Place | None, list[Place]]:
    """Her commune from a postal code or a name: (the place, []) when it is clear, (None, candidates) when
    she must choose, (None, []) when nothing matches. A name that is exactly a commune's wins over the
    longer names it starts (« Rennes », not « Rennes-le-Château »)."""
    found = await find_places(session, typed, limit=20)
    if insee:
        chosen = [p for p in found if p.insee == insee]
        if chosen:
            return chosen[0], []
    exact = [p for p in found if name_key(p.name) == name_key(typed)]
    candidates = exact or found
    by_insee: dict[str, Place] = {}
    for place in candidates:
        by_insee.setdefault(place.insee, place)
    if len(by_insee) == 1:
        return next(iter(by_insee.values())), []
    return None, list(by_insee.values())[:10]


async def check(session: AsyncSession, data: ApplicationInput) -> Checked:
    errors: dict[str, str] = {}
    place: Place | None = None
    choices: list[Place] = []
    if not data.commune:
        errors["commune"] = "Indiquez votre commune ou son code postal."
    else:
        place, choices = await resolve_commune(session, data.commune, data.insee)
        if place is None and choices:
            errors["commune"] = "Plusieurs communes correspondent : choisissez la vôtre dans la liste."
        elif place is None:
            errors["commune"] = "Nous ne trouvons pas cette commune : vérifiez le code postal ou le nom."
    if not data.availability:
        errors["availability"] = "Dites-nous quand vous êtes disponible (par exemple : un soir par mois)."
    if not data.offers:
        errors["offers"] = "Cochez au moins une façon de donner un coup de main."
    elif any(o not in VOLUNTEER_OFFERS for o in data.offers):
        errors["offers"] = "Choisissez parmi les propositions de la liste."
    if data.coordination_id is not None and await session.get(Coordination, data.coordination_id) is None:
        errors["coordination_id"] = "Cette coordination n'existe pas : choisissez-en une dans la liste."
    return Checked(place, errors, choices)


def create(
    session: AsyncSession, member: Member, data: ApplicationInput, place: Place
) -> VolunteerApplication:
    application = VolunteerApplication(
        member_id=member.id,
        insee=place.insee,
        availability=data.availability,
        offers_csv=",".join(o for o in VOLUNTEER_OFFERS if o in data.offers),
        message=data.message,
        coordination_id=data.coordination_id,
        status="pending",
    )
    session.add(application)
    return application


async def accept(
    session: AsyncSession, application: VolunteerApplication, admin: Member, *, base_url: str
) -> Member:
    """Gives the roles her offers call for, makes her a coordinatrice of the coordination she named (when she
    offered to run one), and tells her by e-mail."""
    volunteer = await session.get(Member, application.member_id)
    assert volunteer is not None  # the application goes with its member (ON DELETE CASCADE)
    roles = set(volunteer.roles) | {OFFER_ROLES[o] for o in application.offers if o in OFFER_ROLES}
    volunteer.set_roles(roles - {"membre"})
    coordination = None
    if application.coordination_id is not None:
        coordination = await session.get(Coordination, application.coordination_id)
    if coordination is not None and "coordination" in application.offers:
        if await session.get(CoordinationLead, (coordination.id, volunteer.id)) is None:
            session.add(CoordinationLead(coordination_id=coordination.id, member_id=volunteer.id))
    _decide(application, admin, "accepted", "")
    lines = [
        f"Bonjour {volunteer.name},",
        "",
        "Merci pour votre proposition de bénévolat : elle est acceptée, bienvenue parmi les bénévoles d'Entraide !",
        "",
        "Vous avez proposé de :",
        *(f"- {VOLUNTEER_OFFERS[o].lower()}" for o in application.offers),
        "",
    ]
    if "coordination" in application.offers:
        if coordination is not None:
            lines.append(
                f"Vous êtes désormais coordinatrice de « {coordination.name} ». Votre espace : "
                f"{base_url}/coordinations/{coordination.slug}/espace"
            )
        else:
            lines.append(
                "Vous avez désormais le rôle de coordinatrice : nous reprenons contact avec vous pour lancer "
                "votre coordination."
            )
    if "atelier" in application.offers:
        lines.append(f"Vous pouvez proposer un atelier : {base_url}/ateliers/proposer")
    if "coup_de_pouce" in application.offers:
        lines.append(
            f"Les questions des membres vous attendent dans Coup de pouce : {base_url}/coup-de-pouce"
        )
    lines += ["", "À très bientôt,", "L'équipe Entraide"]
    queue_email(
        session,
        kind=email_kinds.VOLUNTEERING,
        to=volunteer.email,
        subject="Votre proposition de bénévolat est acceptée",
        body="\n".join(lines),
        member_id=volunteer.id,
    )
    return volunteer


async def decline(
    session: AsyncSession, application: VolunteerApplication, admin: Member, message: str
) -> None:
    volunteer = await session.get(Member, application.member_id)
    assert volunteer is not None
    _decide(application, admin, "declined", message)
    queue_email(
        session,
        kind=email_kinds.VOLUNTEERING,
        to=volunteer.email,
        subject="Votre proposition de bénévolat",
        body="\n".join(
            [
                f"Bonjour {volunteer.name},",
                "",
                "Merci pour votre proposition de bénévolat. Nous ne pouvons pas la retenir pour le moment :",
                "",
                message,
                "",
                "Vous restez bien sûr membre d'Entraide, et vous pourrez proposer votre aide à nouveau.",
                "",
                "L'équipe Entraide",
            ]
        ),
        member_id=volunteer.id,
    )


def _decide(application: VolunteerApplication, admin: Member, status: str, message: str) -> None:
    application.status = status
    application.decided_at = utcnow()
    application.decided_by_id = admin.id
    application.decision_message = message


async def pending_count(session: AsyncSession) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(VolunteerApplication)
            .where(VolunteerApplication.status == "pending")
        )
        or 0
    )


async def volunteer_ids(session: AsyncSession) -> set[int]:
    """The network's volunteers, as the national view counts them: every member who is a coordinatrice of a
    coordination, whose volunteer application was accepted, or who has the « intervenante » role."""
    leads = set(await session.scalars(select(CoordinationLead.member_id)))
    accepted = set(
        await session.scalars(
            select(VolunteerApplication.member_id).where(VolunteerApplication.status == "accepted")
        )
    )
    speakers = {
        member_id
        for member_id, roles in (await session.execute(select(Member.id, Member.roles_csv))).all()
        if "intervenante" in (roles or "").split(",")
    }
    return leads | accepted | speakers
