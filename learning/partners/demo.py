"""Demo structures for `entraide demo`: the national networks with their public national websites, and a
few local entries for the demo coordinations' départements (Toulouse, Rennes, Montreuil, Langres).

Local entries name real chambers and platforms or say plainly that they are examples; no phone number,
street address or e-mail is made up. Idempotent: a structure whose name exists already is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations.geography import name_key
from learning.coordinations.models import Commune
from learning.db import Database
from learning.settings import Settings

from .models import Structure, StructureDepartement


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    offers: str
    description: str
    website: str = ""
    departements: tuple[str, ...] = ()  # none: a national entry
    commune: tuple[str, str] | None = None  # (name, département)


NATIONAL = [
    Entry(
        "BGE, réseau national d'appui aux entrepreneurs",
        "bge",
        "accompagnement,formation,hebergement",
        "Accompagnement de l'idée à la création puis au développement, formations à la gestion, couveuses "
        "pour tester son activité.",
        "https://www.bge.asso.fr/",
    ),
    Entry(
        "Initiative France",
        "initiative",
        "financement,accompagnement,reseau",
        "Prêts d'honneur à taux zéro, sans garantie personnelle, accordés par les plateformes locales, avec "
        "un parrainage par une cheffe ou un chef d'entreprise.",
        "https://www.initiative-france.fr/",
    ),
    Entry(
        "France Active",
        "france_active",
        "financement,accompagnement",
        "Garanties d'emprunt bancaire, prêts et primes pour les entrepreneuses engagées, dont la garantie "
        "Égalité Femmes.",
        "https://www.franceactive.org/",
    ),
    Entry(
        "Adie",
        "adie",
        "financement,accompagnement",
        "Microcrédit pour celles qui n'ont pas accès au crédit bancaire, et accompagnement gratuit.",
        "https://www.adie.org/",
    ),
    Entry(
        "CCI France",
        "cci",
        "accompagnement,formation,reseau",
        "Les chambres de commerce et d'industrie : formalités, formations à la création, conseil et mise en "
        "relation avec les entreprises du territoire.",
        "https://www.cci.fr/",
    ),
    Entry(
        "Chambres de métiers et de l'artisanat (CMA France)",
        "cma",
        "accompagnement,formation",
        "Pour les artisanes : immatriculation, stages et formations, conseil à la création et à la reprise.",
        "https://www.artisanat.fr/",
    ),
    Entry(
        "Réseau Entreprendre",
        "reseau_entreprendre",
        "financement,accompagnement,reseau",
        "Prêts d'honneur et accompagnement par des cheffes et chefs d'entreprise bénévoles, pour des projets "
        "qui créent des emplois.",
        "https://www.reseau-entreprendre.org/",
    ),
    Entry(
        "France Travail",
        "france_travail",
        "financement,accompagnement,formation",
        "Pour les demandeuses d'emploi qui créent : maintien des allocations ou ARCE, ateliers et "
        "prestations d'accompagnement à la création.",
        "https://www.francetravail.fr/",
    ),
]
LOCAL = [
    Entry(
        "CCI Toulouse Haute-Garonne",
        "cci",
        "accompagnement,formation,reseau",
        "La chambre de commerce et d'industrie du département : formalités et formations à la création.",
        departements=("31",),
        commune=("Toulouse", "31"),
    ),
    Entry(
        "Chambre de métiers et de l'artisanat de la Haute-Garonne",
        "cma",
        "accompagnement,formation",
        "Pour les artisanes du département : immatriculation, stages et conseil.",
        departements=("31",),
        commune=("Toulouse", "31"),
    ),
    Entry(
        "Pépinière d'entreprises (exemple de démonstration)",
        "pepiniere",
        "hebergement,accompagnement",
        "Une fiche d'exemple : des bureaux à loyer modéré pendant les premières années, et un suivi.",
        departements=("31",),
        commune=("Muret", "31"),
    ),
    Entry(
        "CCI Ille-et-Vilaine",
        "cci",
        "accompagnement,formation,reseau",
        "La chambre de commerce et d'industrie du département : formalités et formations à la création.",
        departements=("35",),
        commune=("Rennes", "35"),
    ),
    Entry(
        "Couveuse d'activités (exemple de démonstration)",
        "couveuse",
        "accompagnement,formation",
        "Une fiche d'exemple : tester son activité en grandeur réelle, sans créer tout de suite son "
        "entreprise.",
        departements=("35", "22"),
    ),
    Entry(
        "CCI Paris Île-de-France",
        "cci",
        "accompagnement,formation,reseau",
        "La chambre de commerce et d'industrie de la région : formations à la création, formalités.",
        departements=("75", "77", "78", "91", "92", "93", "94", "95"),
        commune=("Paris", "75"),
    ),
    Entry(
        "Chambre de métiers et de l'artisanat de la Haute-Marne",
        "cma",
        "accompagnement,formation",
        "Pour les artisanes du département : immatriculation, stages et conseil.",
        departements=("52",),
        commune=("Chaumont", "52"),
    ),
]


async def _commune(session: AsyncSession, name: str, departement: str) -> Commune | None:
    return await session.scalar(
        select(Commune)
        .where(
            Commune.name_key == name_key(name),
            Commune.departement == departement,
            Commune.lat.is_not(None),
        )
        .order_by(Commune.population.desc())
        .limit(1)
    )


async def load(db: Database, settings: Settings) -> None:
    async with db.session() as session:
        present = set(await session.scalars(select(Structure.name)))
        for entry in [*NATIONAL, *LOCAL]:
            if entry.name in present:
                continue
            commune = await _commune(session, *entry.commune) if entry.commune else None
            structure = Structure(
                name=entry.name,
                kind=entry.kind,
                offers_csv=entry.offers,
                national=not entry.departements,
                description=entry.description,
                website=entry.website,
                insee=commune.insee if commune else None,
                commune_name=commune.name if commune else "",
                lat=commune.lat if commune else None,
                lon=commune.lon if commune else None,
            )
            session.add(structure)
            await session.flush()
            session.add_all(
                StructureDepartement(structure_id=structure.id, departement=code)
                for code in entry.departements
            )
        await session.commit()
