"""Demo local life for `entraide demo`: every demo coordination's monthly meeting (« Rencontre mensuelle »,
at its usual place) this month and next month, a handful of in-person workshops, and one past meeting with
its roll call done (for the desk and the reports).

Idempotent: once a « Rencontre mensuelle » exists, a second run adds nothing. Runs after the coordinations'
demo (packages load their demo by name). Everything goes in one transaction: `make run` stays fast on a
fresh machine (about 90 workshops and 300 registrations).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations.models import Commune, Coordination, CoordinationLead, Membership
from learning.db import Database, utcnow
from learning.i18n import to_paris
from learning.models import Member
from live import seats
from live.models import Registration, Workshop
from live.workshop_form import paris_to_utc

MEETING = "Rencontre mensuelle"
MEETING_CAPACITY = 40
# (seat slug, days from today, Paris hh:mm, title, theme, capacity, registered demo personas, description)
WORKSHOPS: list[tuple[str, int, str, str, str, int, tuple[str, ...], str]] = [
    (
        "montreuil",
        5,
        "18:30",
        "Atelier photo : mettre en valeur ses produits",
        "numerique",
        15,
        ("amina", "intervenante2"),
        "Apportez votre téléphone et deux ou trois produits : lumière, cadrage, fond.",
    ),
    (
        "toulouse",
        8,
        "12:30",
        "Déjeuner réseau : présenter son activité en une minute",
        "commercial",
        25,
        ("sophie",),
        "Un déjeuner tiré du sac pour se présenter et repartir avec trois contacts.",
    ),
    (
        "rennes",
        11,
        "18:00",
        "Comptabilité : la permanence des questions",
        "comptabilite",
        20,
        ("claire",),
        "Une experte-comptable bénévole répond à vos questions, cas par cas.",
    ),
    (
        "figeac",
        13,
        "14:00",
        "Vendre sur les marchés de producteurs",
        "commercial",
        30,
        (),
        "Emplacements, étal, caisse : retours d'expérience.",
    ),
    (
        "paimpol",
        16,
        "18:30",
        "Financer son projet : les prêts d'honneur en Bretagne",
        "financement",
        20,
        (),
        "Les plateformes locales présentent leurs prêts, puis répondent à vos questions.",
    ),
    (
        "langres",
        19,
        "09:30",
        "Créer sa page professionnelle",
        "numerique",
        12,
        ("julie",),
        "Sur ordinateur portable si vous en avez un.",
    ),
]


@dataclass
class Local:
    coordination: Coordination
    lead_id: int | None
    town: str
    postal_code: str
    member_ids: list[int]


def _place(coordination: Coordination, town: str, postal_code: str) -> tuple[str, str]:
    """(address, room) from the usual meeting place: « Salle des associations, mairie de Figeac »."""
    room, _, rest = coordination.meeting_place.partition(",")
    rest = rest.strip() or f"mairie {town}"
    return f"{rest[:1].upper()}{rest[1:]}\n{postal_code} {town}", room.strip() or "Salle de réunion"


def _at(day: date, hh_mm: str) -> datetime:
    hour, minute = (int(x) for x in hh_mm.split(":"))
    moment = paris_to_utc(day, time(hour, minute))
    assert moment is not None  # demo times are never in the spring-forward hour
    return moment


async def _locals(session: AsyncSession) -> list[Local]:
    coordinations = list(await session.scalars(select(Coordination).order_by(Coordination.id)))
    leads: dict[int, int] = {}
    for coordination_id, member_id in await session.execute(
        select(CoordinationLead.coordination_id, CoordinationLead.member_id).order_by(CoordinationLead.since)
    ):
        leads.setdefault(coordination_id, member_id)
    members: dict[int, list[int]] = {}
    for coordination_id, member_id in await session.execute(
        select(Membership.coordination_id, Membership.member_id)
        .where(Membership.status == "confirmed")
        .order_by(Membership.member_id)
    ):
        members.setdefault(coordination_id, []).append(member_id)
    seats_by_insee = {
        c.insee: c
        for c in await session.scalars(
            select(Commune).where(Commune.insee.in_([c.seat_insee for c in coordinations] or [""]))
        )
    }
    found = []
    for coordination in coordinations:
        seat = seats_by_insee.get(coordination.seat_insee)
        found.append(
            Local(
                coordination,
                leads.get(coordination.id),
                seat.name if seat else coordination.name,
                seat.postal_code if seat else "",
                members.get(coordination.id, []),
            )
        )
    return found


def _meeting(local: Local, starts_at: datetime, now: datetime) -> Workshop:
    address, room = _place(local.coordination, local.town, local.postal_code)
    return Workshop(
        title=f"{MEETING} — {local.coordination.name}",
        theme="rencontre",
        description=(
            "La rencontre du mois : chacune présente où en est son projet, on partage contacts, bons plans et "
            "questions. Nouvelles venues bienvenues."
        ),
        starts_at=starts_at,
        duration_min=120,
        capacity=MEETING_CAPACITY,
        host_id=local.lead_id,
        status="published",
        format="in_person",
        address=address,
        room=room,
        coordination_id=local.coordination.id,
        created_at=now,
        updated_at=now,
    )


async def load(db: Database) -> None:
    now = utcnow()
    today = to_paris(now).date()
    async with db.session() as session:
        if await session.scalar(select(Workshop.id).where(Workshop.title.like(f"{MEETING} %")).limit(1)):
            return
        locals_ = await _locals(session)
        if not locals_:
            return
        people = {
            email.split("@")[0]: member_id
            for member_id, email in await session.execute(
                select(Member.id, Member.email).where(Member.email.like("%@entraide.test"))
            )
        }
        registrations: list[tuple[Workshop, list[int], datetime]] = []
        this_month = today.replace(day=1)
        next_month = (this_month + timedelta(days=32)).replace(day=1)
        for index, local in enumerate(locals_):
            day = 5 + (index * 7) % 22  # spread over the month: 5th to 26th
            first = this_month.replace(day=day)
            if first <= today:
                # This month's has passed already: hold it in the coming days instead.
                first = today + timedelta(days=1 + index % 4)
            for starts_on in (first, next_month.replace(day=day)):
                meeting = _meeting(local, _at(starts_on, "18:30"), now)
                session.add(meeting)
                guests = [m for m in local.member_ids if m != local.lead_id]
                registrations.append((meeting, guests[: 2 + index % 3], now))
        by_slug = {local.coordination.slug: local for local in locals_}
        for slug, days, at, title, theme, capacity, personas, description in WORKSHOPS:
            organiser = by_slug.get(slug)
            if organiser is None:
                continue
            address, room = _place(organiser.coordination, organiser.town, organiser.postal_code)
            workshop = Workshop(
                title=title,
                theme=theme,
                description=description,
                starts_at=_at(today + timedelta(days=days), at),
                duration_min=90,
                capacity=capacity,
                host_id=organiser.lead_id,
                status="published",
                format="in_person",
                address=address,
                room=room,
                coordination_id=organiser.coordination.id,
                created_at=now,
                updated_at=now,
            )
            session.add(workshop)
            guests = [people[p] for p in personas if p in people] + organiser.member_ids[1:3]
            registrations.append((workshop, list(dict.fromkeys(guests)), now))
        # Last month's meeting in Toulouse (Nadia's), its roll call done: the desk and the reports have a
        # held meeting with its attendance.
        toulouse = by_slug.get("toulouse", locals_[0])
        past_start = _at(this_month - timedelta(days=10), "18:30")
        past = _meeting(toulouse, past_start, now)
        session.add(past)
        past_guests = [m for m in toulouse.member_ids if m != toulouse.lead_id]
        registrations.append((past, past_guests, past_start - timedelta(days=3)))
        await session.flush()
        for workshop, member_ids, registered_at in registrations:
            for member_id in member_ids:
                await seats.register(session, workshop, member_id, registered_at)
        came = list(
            await session.scalars(
                select(Registration.id)
                .where(Registration.workshop_id == past.id, Registration.status == "confirmed")
                .order_by(Registration.id)
            )
        )
        await session.execute(
            update(Registration)
            .where(Registration.id.in_(came[: max(len(came) - 1, 1)]))
            .values(attended_at=past_start + timedelta(minutes=20))
        )
        await session.commit()
    print(
        f"Vie locale de démonstration : {2 * len(locals_)} rencontres mensuelles, "
        f"{len(WORKSHOPS)} ateliers en présentiel."
    )
