"""Demo data (`entraide demo`) and the first admin (`entraide create-admin`)."""

from __future__ import annotations

import sys

from sqlalchemy import select

from learning import testimonials, themes
from learning.db import Database, utcnow
from learning.forms import clean_display_name
from learning.models import Member
from learning.packages import installed_packages
from learning.passwords import hash_password
from learning.settings import Settings

DEMO_PASSWORD = "entraide-demo-2026"

DEMO_MEMBERS = [
    # email, name, roles, project (their coordinations: learning/coordinations/demo.py PERSONAS)
    ("admin@entraide.test", "Hélène Admin", {"admin"}, "Je fais tourner la plateforme."),
    (
        "coordinatrice@entraide.test",
        "Nadia Coordinatrice",
        {"coordinatrice"},
        "Je coordonne la coordination de Toulouse.",
    ),
    (
        "intervenante@entraide.test",
        "Louise Intervenante",
        {"intervenante"},
        "Consultante en financement, j'anime les ateliers du jeudi.",
    ),
    (
        "intervenante2@entraide.test",
        "Fatou Intervenante",
        {"intervenante"},
        "Community manager, j'anime les ateliers réseaux sociaux.",
    ),
    (
        "amina@entraide.test",
        "Amina Benali",
        set(),
        "Coaching et formation en prise de parole.",
    ),
    (
        "claire@entraide.test",
        "Claire Martin",
        set(),
        "Une boutique de créateurs, en ligne et à Rennes.",
    ),
    (
        "sophie@entraide.test",
        "Sophie Durand",
        set(),
        "Une start-up de repas anti-gaspi, avec deux associées.",
    ),
    ("julie@entraide.test", "Julie Morel", set(), "Une activité de graphiste indépendante."),
]


async def _upsert_member(
    db: Database, email: str, name: str, roles: set[str], project: str, password: str
) -> bool:
    async with db.session() as session:
        member = await session.scalar(select(Member).where(Member.email == email))
        created = member is None
        if member is None:
            member = Member(
                email=email,
                name=name,
                password_hash=hash_password(password),
                project=project,
            )
            session.add(member)
        elif member.email_confirmed_at is None:
            # Opened through the sign-up form and never confirmed, so possibly by anyone: the operator's
            # password replaces the unknown one before the address she typed herself counts as confirmed.
            member.password_hash = hash_password(password)
            member.email_confirmed_at = utcnow()
        member.set_roles(set(member.roles) | roles)
        await session.commit()
        return created


# « Mes thèmes » of the demo personas (learning.themes): set once, then hers to change.
DEMO_THEMES = {
    "amina@entraide.test": ["financement", "communication", "equilibre"],
    "claire@entraide.test": ["commercial", "numerique", "communication"],
    "sophie@entraide.test": ["financement", "juridique"],
    "julie@entraide.test": ["communication", "numerique"],
}


async def _follow_demo_themes(db: Database) -> None:
    async with db.session() as session:
        for email, keys in DEMO_THEMES.items():
            member = await session.scalar(select(Member).where(Member.email == email))
            if member is not None and not await themes.followed(session, member.id):
                await themes.set_followed(session, member.id, keys)
        await session.commit()


async def load_demo(settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        for email, name, roles, project in DEMO_MEMBERS:
            await _upsert_member(db, email, name, roles, project, DEMO_PASSWORD)
        await _follow_demo_themes(db)
        async with db.session() as session:
            await testimonials.load_demo(session)
            await session.commit()
        for package in installed_packages():
            if package.demo is not None:
                await package.demo(db, settings)
    finally:
        await db.dispose()
    print("Données de démonstration chargées.")
    return print_logins()


def print_logins() -> int:
    """The demo accounts, printed by `make run` every time: the first run's output has long scrolled away."""
    print(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD}) :")
    for email, name, roles, _p in DEMO_MEMBERS:
        print(f"  {email:32} {name} ({', '.join(sorted(roles)) or 'membre'})")
    return 0


async def create_admin(settings: Settings, *, email: str, name: str, password: str) -> int:
    name = clean_display_name(name)
    if not name:
        print("Le nom ne peut pas être vide (ni fait seulement de caractères invisibles).", file=sys.stderr)
        return 2
    db = Database(settings.database_url)
    try:
        created = await _upsert_member(db, email.strip().lower(), name, {"admin"}, "", password)
    finally:
        await db.dispose()
    print("Administratrice créée." if created else "Ce compte existait : il a maintenant le rôle admin.")
    return 0
