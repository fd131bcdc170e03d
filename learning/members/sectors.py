"""The fixed list of sectors a member picks from (« Secteur d'activité »), by stored value."""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "artisanat": "Artisanat et métiers d'art",
    "commerce": "Commerce et distribution",
    "restauration": "Restauration et alimentation",
    "services-entreprises": "Services aux entreprises",
    "services-personnes": "Services à la personne",
    "sante-bien-etre": "Santé et bien-être",
    "numerique": "Numérique et tech",
    "communication": "Communication, médias et création",
    "formation": "Éducation et formation",
    "tourisme": "Tourisme, loisirs et culture",
    "agriculture": "Agriculture et environnement",
    "batiment": "Bâtiment et immobilier",
    "mode": "Mode, textile et beauté",
    "ess": "Économie sociale et solidaire",
    "industrie": "Industrie et production",
    "autre": "Autre",
}
