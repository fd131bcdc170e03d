"""Her place and her coordination: writes that take an open session and let the caller commit.

She asks to join (pending) a coordination near her commune; a coordinatrice of it confirms and welcomes
her, or refuses with a message. Joining another coordination makes her pending there: a confirmation is
given by one coordination, not carried to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import Member
from learning.settings import Settings

from . import directory
from .geography import Place, find_places
from .models import Commune, Coordination, MemberPlace, Membership
from .travel import Point, travel_model

NEARBY_CHOICES = 5
PLACE_MAX = 120
NOT_FOUND = (
    "Nous ne trouvons pas cette commune : indiquez un code postal à 5 chiffres ou le début du nom de votre "
    "commune."
)


@dataclass
class PlaceAnswer:
    """What she typed, read: the commune found (or the communes to choose among), the coordinations near it."""

    text: str = ""
    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)  # several communes match: she picks one
    nearby: list[directory.Nearby] = field(default_factory=list)
    error: str = ""


async def read_place(session: AsyncSession, text: str, insee: str = "") -> PlaceAnswer:
    """Her commune from a postal code or a name; `insee` is the one she picked among several, if any."""
    answer = PlaceAnswer(text=text)
    if not text:
        return answer
    places = await find_places(session, text, limit=10)
    if not places:
        answer.error = NOT_FOUND
        return answer
    distinct = list({p.insee: p for p in reversed(places)}.values())[::-1]  # first row of each commune
    chosen = next((p for p in distinct if p.insee == insee), None)
    if chosen is None and len(distinct) == 1:
        chosen = distinct[0]
    if chosen is None:
        answer.candidates = distinct
        return answer
    answer.place = chosen
    answer.nearby = await directory.nearest(
        session, Point(chosen.lat, chosen.lon), travel_model(), limit=NEARBY_CHOICES
    )
    return answer


async def place_of(session: AsyncSession, member_id: int) -> MemberPlace | None:
    return await session.get(MemberPlace, member_id)


async def commune_name(session: AsyncSession, place: MemberPlace) -> str:
    name = await session.scalar(
        select(Commune.name).where(Commune.insee == place.insee, Commune.postal_code == place.postal_code)
    )
    return name or place.insee


async def nearby_of(session: AsyncSession, place: MemberPlace | None) -> list[directory.Nearby]:
    if place is None:
        return []
    return await directory.nearest(session, Point(place.lat, place.lon), travel_model(), limit=NEARBY_CHOICES)


async def set_place(session: AsyncSession, member_id: int, place: Place) -> None:
    row = await session.get(MemberPlace, member_id)
    if row is None:
        row = MemberPlace(member_id=member_id)
        session.add(row)
    row.insee, row.postal_code, row.lat, row.lon = place.insee, place.postal_code, place.lat, place.lon
    row.updated_at = utcnow()


async def ask_to_join(session: AsyncSession, member_id: int, coordination_id: int) -> bool:
    """Her (pending) request to join; False when she already belongs there (nothing changes then)."""
    row = await session.get(Membership, member_id)
    if row is None:
        try:
            # A savepoint: the same request sent twice at once (a double click) finds the other's row.
            async with session.begin_nested():
                session.add(Membership(member_id=member_id, coordination_id=coordination_id, listed=False))
            return True
        except IntegrityError:
            row = await session.get(Membership, member_id, populate_existing=True)
            if row is None:
                raise
    if row.coordination_id == coordination_id:
        return False
    row.coordination_id = coordination_id
    row.status = "pending"
    row.requested_at = utcnow()
    row.confirmed_at = None
    row.confirmed_by_id = None
    return True


async def leave(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(Membership).where(Membership.member_id == member_id))


def _still_pending(member_id: int, coordination_id: int) -> list[ColumnElement[bool]]:
    return [
        Membership.member_id == member_id,
        Membership.coordination_id == coordination_id,
        Membership.status == "pending",
    ]


async def confirm(session: AsyncSession, member_id: int, coordination_id: int, by: Member) -> bool:
    """Confirms her request if it still waits there; False when another coordinatrice answered first (or she
    moved or left meanwhile): a conditional update, so that two clicks never send two welcomes."""
    done = await session.execute(
        update(Membership)
        .where(*_still_pending(member_id, coordination_id))
        .values(status="confirmed", confirmed_at=utcnow(), confirmed_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


async def refuse(session: AsyncSession, member_id: int, coordination_id: int) -> bool:
    """Removes her request if it still waits there; False otherwise (see `confirm`)."""
    done = await session.execute(
        delete(Membership)
        .where(*_still_pending(member_id, coordination_id))
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


async def coordination_of(session: AsyncSession, membership: Membership | None) -> Coordination | None:
    return None if membership is None else await session.get(Coordination, membership.coordination_id)


def welcome_email(
    settings: Settings, member: Member, coordination: Coordination, by: Member
) -> tuple[str, str]:
    """Subject and body of the welcome a coordinatrice sends by confirming her."""
    lines = [
        f"Bonjour {member.name},",
        "",
        f"{by.name} vient de confirmer votre adhésion à la {coordination.name} : bienvenue !",
        "",
        "Vous verrez désormais les messages « locale » de votre coordination dans Coup de pouce, et ses "
        "rencontres et ateliers sur sa page :",
        f"{settings.base_origin}/coordinations/{coordination.slug}",
    ]
    if coordination.meeting_place:
        lines += ["", f"Nous nous retrouvons d'habitude : {coordination.meeting_place}"]
    if coordination.contact_email:
        lines += ["", f"Pour nous écrire : {coordination.contact_email}"]
    lines += ["", "À très bientôt,", by.name, ""]
    return f"Bienvenue dans la {coordination.name}", "\n".join(lines)


def refusal_email(member: Member, coordination: Coordination, message: str) -> tuple[str, str]:
    body = (
        f"Bonjour {member.name},\n\n"
        f"Votre demande pour rejoindre la {coordination.name} n'a pas été acceptée."
        + (f"\n\nLe mot de la coordinatrice :\n{message}" if message else "")
        + "\n\nVous pouvez choisir une autre coordination depuis « Mon compte », ou en trouver une près de "
        "chez vous depuis « Trouver ma coordination ».\n"
    )
    return f"Votre demande pour la {coordination.name}", body
