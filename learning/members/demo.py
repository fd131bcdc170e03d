"""Demo data for `entraide demo`: some twenty members listed in « Qui peut m'aider ? », around Paris (for the
distance filter from Amina's Montreuil), in Brittany, the Loire and Normandy, with skills, sectors and
projects, plus free additions waiting for an admin at /admin/competences.

Idempotent: a member who already has a profile is left as she is. Runs the coordinations' demo first (the
members and their communes come from it; it is idempotent too)."""

from __future__ import annotations

from sqlalchemy import select

from learning.coordinations import demo as coordinations_demo
from learning.db import Database
from learning.models import Member
from learning.settings import Settings

from . import demo_adhesion, demo_messages, services, skills
from .models import MemberProfile

# (e-mail, listed, sector, project, skills of the list, free additions); an empty project shows the one she
# wrote at sign-up (learning/demo.py's, for the shell's demo members).
PROFILES: list[tuple[str, bool, str, str, list[str], list[str]]] = [
    (
        "amina@entraide.test",
        False,
        "formation",
        "",
        ["Prise de parole", "Confiance en soi"],
        ["Pitch devant un jury"],
    ),
    (
        "claire@entraide.test",
        True,
        "commerce",
        "",
        ["Boutique en ligne", "Photographie", "Référencement"],
        ["Fiches produits"],
    ),
    (
        "julie@entraide.test",
        True,
        "communication",
        "",
        ["Graphisme", "Site web", "Communication"],
        ["Mise en page"],
    ),
    (
        "intervenante@entraide.test",
        True,
        "services-entreprises",
        "",
        ["Recherche de financement", "Prêt d'honneur", "Business plan"],
        [],
    ),
    (
        "intervenante2@entraide.test",
        True,
        "numerique",
        "",
        ["Réseaux sociaux", "Marketing", "Vidéo"],
        ["Community management"],
    ),
    (
        "sophie@entraide.test",
        True,
        "restauration",
        "",
        ["Restauration et alimentation", "Développement durable", "Équilibre vie pro et perso"],
        [],
    ),
    (
        "membre1.montreuil@entraide.test",
        True,
        "services-entreprises",
        "Expert-comptable pour indépendantes.",
        ["Comptabilité", "Fiscalité", "Micro-entreprise"],
        [],
    ),
    (
        "membre2.montreuil@entraide.test",
        True,
        "artisanat",
        "Céramiste : vaisselle faite main et ateliers.",
        ["Artisanat", "Fixer ses prix", "Vente"],
        [],
    ),
    (
        "membre3.montreuil@entraide.test",
        True,
        "services-entreprises",
        "Juriste : statuts, contrats, marques.",
        ["Juridique et statuts", "Contrats et CGV", "Propriété intellectuelle"],
        [],
    ),
    (
        "membre1.milly-la-foret@entraide.test",
        True,
        "agriculture",
        "Maraîchage bio et paniers en circuit court.",
        ["Développement durable", "Vente", "Financement participatif"],
        [],
    ),
    (
        "membre2.milly-la-foret@entraide.test",
        True,
        "formation",
        "Formatrice en bureautique et outils en ligne.",
        ["Outils numériques", "Intelligence artificielle", "Organisation et productivité"],
        [],
    ),
    (
        "membre3.milly-la-foret@entraide.test",
        True,
        "tourisme",
        "Des gîtes et des balades en forêt de Fontainebleau.",
        ["Réseautage", "Site web"],
        ["Accueil touristique"],
    ),
    (
        "membre1.la-ferte-sous-jouarre@entraide.test",
        True,
        "commerce",
        "Épicerie vrac de village.",
        ["Commerce de proximité", "Gestion et trésorerie", "Négociation"],
        [],
    ),
    (
        "membre2.la-ferte-sous-jouarre@entraide.test",
        True,
        "services-personnes",
        "Garde d'enfants à domicile.",
        ["Ressources humaines", "Aides publiques"],
        [],
    ),
    (
        "membre1.loches@entraide.test",
        True,
        "mode",
        "Retouches et créations couture sur mesure.",
        ["Artisanat", "Réseaux sociaux", "Microcrédit"],
        [],
    ),
    (
        "membre2.loches@entraide.test",
        True,
        "industrie",
        "Cosmétiques solides fabriqués en Touraine.",
        ["Export et international", "Négociation", "Propriété intellectuelle"],
        [],
    ),
    (
        "membre1.honfleur@entraide.test",
        True,
        "communication",
        "Photographe de mariage et d'entreprise.",
        ["Photographie", "Vidéo", "Relations presse"],
        [],
    ),
    (
        "membre2.honfleur@entraide.test",
        True,
        "ess",
        "Une recyclerie associative en Normandie.",
        ["Économie sociale et solidaire", "Recherche de financement", "Management"],
        [],
    ),
    (
        "membre1.rennes@entraide.test",
        True,
        "numerique",
        "Développeuse web freelance.",
        ["Site web", "Référencement", "Boutique en ligne"],
        ["Accessibilité numérique"],
    ),
    (
        "membre3.rennes@entraide.test",
        True,
        "sante-bien-etre",
        "Sophrologue : gestion du stress pour entrepreneuses.",
        ["Confiance en soi", "Équilibre vie pro et perso"],
        [],
    ),
    (
        "membre2.rennes@entraide.test",
        True,
        "batiment",
        "Architecte d'intérieur pour petits commerces.",
        ["Locaux et immobilier", "Graphisme"],
        [],
    ),
]


async def load(db: Database, settings: Settings) -> None:
    await coordinations_demo.load(db, settings)
    async with db.session() as session:
        await skills.ensure_skill_list(session)
        by_label = {s.label: s.id for s in await skills.canonical_skills(session)}
        for email, listed, sector, project, chosen, free in PROFILES:
            member = await session.scalar(select(Member).where(Member.email == email))
            if member is None or await session.get(MemberProfile, member.id) is not None:
                continue
            await services.save_profile(
                session,
                member.id,
                services.ProfileInput(
                    listed=listed,
                    project=project,
                    sector=sector,
                    skill_ids=[by_label[label] for label in chosen],
                    free="\n".join(free),
                ),
            )
        await session.commit()
    await demo_adhesion.load(db, settings)
    await demo_messages.load(db, settings)
