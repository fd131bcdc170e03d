"""Demo coordinations for `entraide demo`: 40 of them in every région, overseas included, seated mostly in
towns under 10,000 inhabitants, each with a coordinatrice, members (one waiting to be welcomed) and a
territory of the communes around its seat.

Idempotent: once the first demo coordination exists, a second run adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import Database, utcnow
from learning.demo import DEMO_PASSWORD
from learning.models import Member
from learning.passwords import hash_password
from learning.settings import Settings

from . import demo_volunteers
from .directory import place_seat, seat_commune, slugify
from .geography import load_geography
from .models import Commune, Coordination, CoordinationCommune, CoordinationLead, MemberPlace, Membership
from .travel import Point, crow_flies_km

# (seat commune, département): INSEE codes are looked up, so that the list reads as a map.
SEATS = [
    ("Montreuil", "93"),
    ("Milly-la-Forêt", "91"),
    ("La Ferté-sous-Jouarre", "77"),
    ("Loches", "37"),
    ("Aubigny-sur-Nère", "18"),
    ("Cluny", "71"),
    ("Ornans", "25"),
    ("Honfleur", "14"),
    ("Mortagne-au-Perche", "61"),
    ("Saint-Pol-sur-Ternoise", "62"),
    ("Guise", "02"),
    ("Le Quesnoy", "59"),
    ("Ribeauvillé", "68"),
    ("Langres", "52"),
    ("Saint-Mihiel", "55"),
    ("Clisson", "44"),
    ("Luçon", "85"),
    ("Rennes", "35"),
    ("Paimpol", "22"),
    ("Ploërmel", "56"),
    ("Sarlat-la-Canéda", "24"),
    ("Oloron-Sainte-Marie", "64"),
    ("Melle", "79"),
    ("Ussel", "19"),
    ("Figeac", "46"),
    ("Lodève", "34"),
    ("Saint-Girons", "09"),
    ("Toulouse", "31"),
    ("Die", "26"),
    ("Ambert", "63"),
    ("Saint-Flour", "15"),
    ("Bourg-Saint-Maurice", "73"),
    ("Forcalquier", "04"),
    ("Embrun", "05"),
    ("Corte", "2B"),
    ("Capesterre-Belle-Eau", "971"),
    ("Le Lorrain", "972"),
    ("Kourou", "973"),
    ("Cilaos", "974"),
    ("Sada", "976"),
]
TERRITORY_KM = 15  # the town and its economic area, roughly
# Demo personas of learning.demo: (e-mail, seat, confirmed, listed). Nadia runs Toulouse's, where Sophie
# posts « locale » needs on the board; each coordination's last demo member waits to be welcomed.
PERSONAS = [
    ("amina@entraide.test", "Montreuil", True, True),
    ("intervenante2@entraide.test", "Montreuil", True, True),
    ("claire@entraide.test", "Rennes", True, True),
    ("intervenante@entraide.test", "Paimpol", True, False),
    ("sophie@entraide.test", "Toulouse", True, False),
    ("julie@entraide.test", "Langres", True, True),
]
LEADS = {"Toulouse": "coordinatrice@entraide.test"}
FIRST_NAMES = ["Agnès", "Béatrice", "Carole", "Delphine", "Estelle", "Fanny", "Gaëlle", "Hélène", "Isabelle"]
LAST_NAMES = [
    "Robert",
    "Petit",
    "Richard",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Michel",
    "Garcia",
]
PROJECTS = [
    "Une épicerie de produits locaux en vrac.",
    "Un atelier de couture et de retouches.",
    "Une activité de traductrice indépendante.",
    "Un salon de thé et librairie.",
    "Des cours de yoga à domicile.",
]


def of(name: str) -> str:
    """« de Figeac », « d'Ambert », « du Quesnoy », « de La Ferté-sous-Jouarre »."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name[0] in "AEIOUÉÈÂÎY":
        return "d'" + name
    return "de " + name


async def _seat(session: AsyncSession, name: str, departement: str) -> Commune:
    found = await session.scalar(
        select(Commune)
        .where(Commune.name == name, Commune.departement == departement, Commune.kind == "COM")
        .order_by(Commune.population.desc())
        .limit(1)
    )
    if found is None:
        raise LookupError(f"demo seat {name} ({departement}) is not in the geography")
    commune = await seat_commune(session, found.insee)
    assert commune is not None
    return commune


async def _around(session: AsyncSession, seat: Commune) -> list[Commune]:
    """Communes (one row per INSEE code) within TERRITORY_KM of the seat, nearest first."""
    assert seat.lat is not None and seat.lon is not None
    box = TERRITORY_KM / 80  # degrees, generous at every latitude of France
    rows = await session.scalars(
        select(Commune).where(
            Commune.kind == "COM",
            Commune.lat.between(seat.lat - box, seat.lat + box),
            Commune.lon.between(seat.lon - 2 * box, seat.lon + 2 * box),
        )
    )
    origin = Point(seat.lat, seat.lon)
    unique: dict[str, tuple[float, Commune]] = {}
    for row in rows:
        if row.lat is None or row.lon is None:
            continue
        km = crow_flies_km(origin, Point(row.lat, row.lon))
        if km <= TERRITORY_KM and row.insee not in unique:
            unique[row.insee] = (km, row)
    return [c for _, c in sorted(unique.values(), key=lambda pair: pair[0])]


def _place(member_id: int, commune: Commune) -> MemberPlace:
    assert commune.lat is not None and commune.lon is not None
    return MemberPlace(
        member_id=member_id,
        insee=commune.insee,
        postal_code=commune.postal_code,
        lat=commune.lat,
        lon=commune.lon,
    )


async def load(db: Database, settings: Settings) -> None:
    await load_geography(db)
    async with db.session() as session:
        if await session.scalar(select(Coordination.id).limit(1)) is not None:
            return
        password_hash = hash_password(DEMO_PASSWORD)
        now = utcnow()
        by_seat: dict[str, tuple[Coordination, list[Commune]]] = {}
        for index, (name, departement) in enumerate(SEATS):
            seat = await _seat(session, name, departement)
            coordination = Coordination(
                slug=slugify(name),
                name=f"Coordination {of(name)}",
                description=(
                    f"Les entrepreneuses {of(name)} et des environs se retrouvent chaque mois pour "
                    "partager leurs projets, leurs contacts et leurs questions."
                ),
                contact_email=f"{slugify(name)}@coordinations.entraide.test",
                meeting_place=f"Salle des associations, mairie {of(name)}",
            )
            place_seat(coordination, seat)
            session.add(coordination)
            await session.flush()
            territory = await _around(session, seat)
            session.add_all(
                CoordinationCommune(coordination_id=coordination.id, insee=c.insee) for c in territory
            )
            by_seat[name] = (coordination, territory)

            lead_email = LEADS.get(name)
            lead = None
            if lead_email is not None:
                lead = await session.scalar(select(Member).where(Member.email == lead_email))
            if lead is None:
                first = FIRST_NAMES[index % len(FIRST_NAMES)]
                lead = Member(
                    email=f"coord.{coordination.slug}@entraide.test",
                    name=f"{first} {LAST_NAMES[index % len(LAST_NAMES)]}",
                    password_hash=password_hash,
                    project=PROJECTS[index % len(PROJECTS)],
                )
                lead.set_roles({"coordinatrice"})
                session.add(lead)
                await session.flush()
            session.add(CoordinationLead(coordination_id=coordination.id, member_id=lead.id))
            session.add(
                Membership(
                    member_id=lead.id,
                    coordination_id=coordination.id,
                    status="confirmed",
                    listed=True,
                    confirmed_at=now,
                )
            )
            session.add(_place(lead.id, seat))
            # Members of the coordination, living around the seat; the last one waits to be welcomed.
            for k in range(4):
                home = territory[min(k * 3, len(territory) - 1)]
                member = Member(
                    email=f"membre{k + 1}.{coordination.slug}@entraide.test",
                    name=f"{FIRST_NAMES[(index + k + 1) % len(FIRST_NAMES)]} {LAST_NAMES[(index + 2 * k) % len(LAST_NAMES)]}",
                    password_hash=password_hash,
                    project=PROJECTS[(index + k) % len(PROJECTS)],
                )
                session.add(member)
                await session.flush()
                confirmed = k < 3
                session.add(
                    Membership(
                        member_id=member.id,
                        coordination_id=coordination.id,
                        status="confirmed" if confirmed else "pending",
                        listed=k % 2 == 0,
                        confirmed_at=now if confirmed else None,
                        confirmed_by_id=lead.id if confirmed else None,
                    )
                )
                session.add(_place(member.id, home))

        for email, seat_name, confirmed, listed in PERSONAS:
            persona = await session.scalar(select(Member).where(Member.email == email))
            if persona is None:
                continue
            coordination, territory = by_seat[seat_name]
            session.add(
                Membership(
                    member_id=persona.id,
                    coordination_id=coordination.id,
                    status="confirmed" if confirmed else "pending",
                    listed=listed,
                    confirmed_at=now if confirmed else None,
                )
            )
            session.add(_place(persona.id, territory[0]))
        await session.flush()
        await demo_volunteers.add(session)
        await session.commit()
