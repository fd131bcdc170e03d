"""Demo workshops for `entraide demo`: a month of varied ateliers, some full with a waitlist, one starting
within the hour (its room already open), a proposal to publish, a past one with attendance.

Idempotent: once the demo workshops exist, a second run adds nothing. Seats go through `live.seats`,
so counters and waitlists are exactly what real registrations would give (no e-mails are sent).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from learning.db import Database, utcnow
from learning.demo import DEMO_PASSWORD
from learning.models import Member
from learning.passwords import hash_password
from learning.settings import Settings
from live import demo_local, demo_speakers, seats
from live.models import Registration, Workshop
from live.workshop_form import paris_to_utc

MARKER = "Bien démarrer sur Instagram"  # the first demo title: present means the demo is loaded
EXTRA = [f"participante{i:02d}@entraide.test" for i in range(1, 25)]
FIRST_NAMES = [
    "Léa",
    "Inès",
    "Camille",
    "Manon",
    "Sarah",
    "Chloé",
    "Yasmine",
    "Emma",
    "Zoé",
    "Nora",
    "Alice",
    "Maëlle",
    "Awa",
    "Lina",
    "Rose",
    "Jeanne",
    "Salomé",
    "Anaïs",
    "Océane",
    "Lou",
    "Mila",
    "Ambre",
    "Célia",
    "Kenza",
]

# (days from today, Paris hh:mm, title, theme, minutes, capacity, host key, registrations, description)
# registrations: "full+N" fills the workshop and puts N more on the waitlist.
PLAN: list[tuple[int, str, str, str, int, int, str, int | str, str]] = [
    (
        1,
        "18:30",
        MARKER,
        "communication",
        90,
        20,
        "fatou",
        9,
        "Choisir ses formats, écrire une bio qui donne envie, publier sans y passer ses soirées.",
    ),
    (
        2,
        "12:30",
        "Le prévisionnel sans douleur",
        "financement",
        60,
        12,
        "louise",
        "full+4",
        "Construire un prévisionnel sur trois ans avec un tableur, pas à pas.",
    ),
    (
        3,
        "09:30",
        "Confiance en soi et prise de parole",
        "equilibre",
        120,
        15,
        "louise",
        12,
        "Exercices concrets pour présenter son projet à une banque ou à une cliente.",
    ),
    (
        4,
        "18:00",
        "Micro-entreprise, EI ou SASU ?",
        "juridique",
        90,
        20,
        "louise",
        "full+3",
        "Comparer les statuts sur un cas réel : cotisations, protection, fiscalité.",
    ),
    (
        6,
        "14:00",
        "Trouver ses premières clientes",
        "commercial",
        90,
        20,
        "fatou",
        17,
        "Cibler, prospecter sans se sentir intrusive, transformer un premier rendez-vous.",
    ),
    (
        7,
        "19:00",
        "Créer son site en une soirée",
        "numerique",
        120,
        10,
        "fatou",
        9,
        "Un site vitrine simple et clair, sans coder, avec des outils gratuits.",
    ),
    (
        9,
        "12:30",
        "Le prêt d'honneur expliqué",
        "financement",
        60,
        20,
        "louise",
        5,
        "Qui le propose, pour quels projets, comment préparer son passage en comité.",
    ),
    (
        10,
        "18:30",
        "LinkedIn pour les indépendantes",
        "communication",
        90,
        20,
        "fatou",
        11,
        "Un profil qui inspire confiance et une routine de publication tenable.",
    ),
    (
        12,
        "09:30",
        "Fixer ses prix sans se brader",
        "commercial",
        90,
        15,
        "louise",
        2,
        "Coût de revient, prix de marché, valeur perçue : trouver le bon tarif.",
    ),
    (
        13,
        "18:00",
        "Gérer son temps quand on est seule",
        "equilibre",
        60,
        20,
        "fatou",
        6,
        "Planifier sa semaine, protéger ses temps de production, dire non.",
    ),
    (
        15,
        "14:00",
        "Les aides à la création d'entreprise",
        "financement",
        90,
        20,
        "louise",
        14,
        "ACRE, ARCE, aides régionales : ce à quoi vous avez droit, et quand le demander.",
    ),
    (
        16,
        "18:30",
        "Protéger sa marque et ses créations",
        "juridique",
        90,
        20,
        "louise",
        3,
        "Dépôt de marque, droits d'auteur, mentions légales : l'essentiel.",
    ),
    (
        18,
        "12:30",
        "Facturation et trésorerie",
        "comptabilite",
        60,
        20,
        "louise",
        8,
        "Des factures conformes, des relances efficaces, une trésorerie qui respire.",
    ),
    (
        20,
        "18:00",
        "Vendre en ligne : les bases",
        "numerique",
        90,
        20,
        "fatou",
        10,
        "Boutique en ligne ou place de marché ? Paiement, livraison, obligations.",
    ),
    (
        22,
        "09:30",
        "Pitcher son projet en 3 minutes",
        "commercial",
        90,
        12,
        "fatou",
        11,
        "Structurer un pitch clair et le répéter devant le groupe.",
    ),
    (
        24,
        "18:30",
        "Instagram : les stories qui vendent",
        "communication",
        60,
        20,
        "fatou",
        4,
        "Scénariser ses stories, les rendre utiles, mesurer ce qui marche.",
    ),
    (
        26,
        "14:00",
        "Préparer son rendez-vous bancaire",
        "financement",
        90,
        15,
        "louise",
        7,
        "Le dossier, les questions qu'on vous posera, les réponses qui rassurent.",
    ),
    (
        28,
        "18:00",
        "Oser déléguer",
        "equilibre",
        60,
        20,
        "louise",
        0,
        "Ce qu'on peut confier à d'autres, et comment choisir ses partenaires.",
    ),
    (
        30,
        "12:30",
        "Contrats et conditions générales de vente",
        "juridique",
        90,
        20,
        "louise",
        1,
        "Rédiger des CGV protectrices et lisibles.",
    ),
]


def _round_up(moment: datetime, minutes: int) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    return moment + timedelta(minutes=(-moment.minute) % minutes)


async def _members(db: Database) -> dict[str, int]:
    async with db.session() as session:
        existing = {
            e: i
            for i, e in (
                await session.execute(select(Member.id, Member.email).where(Member.email.in_(EXTRA)))
            ).all()
        }
        missing = [e for e in EXTRA if e not in existing]
        if missing:
            password = hash_password(DEMO_PASSWORD)  # argon2 once, not 24 times
            for email in missing:
                index = int(email[len("participante") : len("participante") + 2]) - 1
                session.add(
                    Member(
                        email=email,
                        name=f"{FIRST_NAMES[index]} Participante",
                        password_hash=password,
                        project="Un projet en cours de création.",
                    )
                )
            await session.commit()
        rows = (
            await session.execute(select(Member.id, Member.email).where(Member.email.like("%@entraide.test")))
        ).all()
    return {email.split("@")[0]: member_id for member_id, email in rows}


async def _register(db: Database, workshop_id: int, member_ids: list[int], now: datetime) -> None:
    for member_id in member_ids:
        async with db.session() as session:
            workshop = await session.get(Workshop, workshop_id)
            assert workshop is not None
            await seats.register(session, workshop, member_id, now)
            await session.commit()


async def load(db: Database, settings: Settings) -> None:
    await _load_national(db)
    await demo_local.load(db)
    await demo_speakers.load(db, settings)


async def _load_national(db: Database) -> None:
    async with db.session() as session:
        if await session.scalar(select(Workshop.id).where(Workshop.title == MARKER).limit(1)) is not None:
            print("Ateliers de démonstration : déjà chargés.")
            return
    people = await _members(db)
    hosts = {"louise": people.get("intervenante"), "fatou": people.get("intervenante2")}
    # The named demo members first, so that logging in as amina or julie shows registrations.
    crowd = (
        [people[k] for k in ("amina", "claire", "sophie") if k in people]
        + [people[e.split("@")[0]] for e in EXTRA]
        + ([people["julie"]] if "julie" in people else [])
    )
    now = utcnow()
    today = (now + timedelta(hours=2)).date()
    created = 0

    async def add(
        starts_at: datetime,
        title: str,
        theme: str,
        minutes: int,
        capacity: int,
        host: str,
        description: str,
        status: str = "published",
    ) -> int:
        nonlocal created
        async with db.session() as session:
            workshop = Workshop(
                title=title,
                theme=theme,
                description=description,
                starts_at=starts_at,
                duration_min=minutes,
                capacity=capacity,
                host_id=hosts.get(host),
                status=status,
                created_at=now,
                updated_at=now,
            )
            session.add(workshop)
            await session.commit()
            created += 1
            return workshop.id

    for days, at, title, theme, minutes, capacity, host, registrations, description in PLAN:
        hour, minute = (int(x) for x in at.split(":"))
        starts_at = paris_to_utc(
            today + timedelta(days=days), datetime.min.time().replace(hour=hour, minute=minute)
        )
        assert starts_at is not None
        workshop_id = await add(starts_at, title, theme, minutes, capacity, host, description)
        count = (
            capacity + int(registrations.split("+")[1]) if isinstance(registrations, str) else registrations
        )
        await _register(db, workshop_id, crowd[:count], now)

    # Starting within the hour, its room already open: log in as amina (registered) or as the intervenante.
    soon = await add(
        _round_up(now + timedelta(minutes=10), 5),
        "Café des entrepreneuses : vos questions",
        "equilibre",
        60,
        20,
        "louise",
        "Une heure d'échanges libres entre membres, animée par Louise.",
    )
    await _register(db, soon, crowd[:7], now)
    # A proposal waiting for the coordinatrice.
    await add(
        paris_to_utc(today + timedelta(days=14), datetime.min.time().replace(hour=18)) or now,
        "TikTok pour les artisanes",
        "communication",
        60,
        20,
        "fatou",
        "Filmer son savoir-faire avec un téléphone.",
        status="proposed",
    )
    # A cancelled one, and a past one with attendance for the intervenante's dashboard.
    cancelled = await add(
        paris_to_utc(today + timedelta(days=5), datetime.min.time().replace(hour=12)) or now,
        "Comptabilité : les logiciels gratuits",
        "comptabilite",
        60,
        20,
        "louise",
        "Reporté à une date ultérieure.",
    )
    await _register(db, cancelled, crowd[:4], now)
    past_start = paris_to_utc(today - timedelta(days=6), datetime.min.time().replace(hour=18)) or now
    past = await add(
        past_start,
        "Se lancer : les premières démarches",
        "juridique",
        90,
        20,
        "louise",
        "Immatriculation, compte bancaire, assurance : la check-list.",
    )
    await _register(db, past, crowd[:10], past_start - timedelta(days=2))
    async with db.session() as session:
        await seats.cancel_workshop(session, cancelled)
        attended = (
            (
                await session.execute(
                    select(Registration.id)
                    .where(Registration.workshop_id == past)
                    .order_by(Registration.id)
                    .limit(8)
                )
            )
            .scalars()
            .all()
        )
        await session.execute(
            update(Registration)
            .where(Registration.id.in_(attended))
            .values(attended_at=past_start + timedelta(minutes=3))
        )
        await session.execute(
            update(Workshop)
            .where(Workshop.id == past)
            .values(host_attended_at=past_start - timedelta(minutes=10))
        )
        await session.commit()
    print(
        f"Ateliers de démonstration : {created} ateliers créés, dont un qui commence dans moins d'une heure."
    )
