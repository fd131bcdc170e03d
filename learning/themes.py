"""The one list of themes a member can follow: workshops, Coup de pouce posts and the MOOC's modules.

The board and live each had their own list; their keys now come from here. Live's older keys were mapped
by the migration live_0004 (OLD_KEYS), so that a stored key always names a theme of this list.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.models import FollowedTheme

THEMES = {
    "financement": "Financement",
    "juridique": "Juridique et statuts",
    "comptabilite": "Comptabilité et gestion",
    "commercial": "Vente et clients",
    "communication": "Communication et réseaux sociaux",
    "numerique": "Outils numériques",
    "reseau": "Réseau et partenariats",
    "locaux": "Locaux et matériel",
    "equilibre": "Équilibre de vie et développement personnel",
    "autre": "Autre",
}

# Keys live used before this list existed → the theme they became (live_0004 rewrote the stored ones).
OLD_KEYS = {
    "reseaux-sociaux": "communication",
    "developpement-personnel": "equilibre",
    "gestion": "comptabilite",
}

# The MOOC's lessons carry no theme: each module of « Financer et créer son entreprise » maps to one here,
# by the folder name's number (content/financer-creer-entreprise/NN-…).
MOOC_MODULE_THEMES = {
    "00": "autre",
    "01": "commercial",
    "02": "juridique",
    "03": "financement",
    "04": "comptabilite",
    "05": "financement",
    "06": "financement",
    "07": "comptabilite",
    "08": "financement",
}


def label(key: str) -> str:
    return THEMES.get(key, key)


def module_theme(module_key: str) -> str:
    """The theme of a MOOC module from its key (« 03-aides-creation » → « financement »)."""
    return MOOC_MODULE_THEMES.get(module_key[:2], "autre")


async def followed(session: AsyncSession, member_id: int) -> list[str]:
    """The keys of the themes she follows, in the list's order."""
    keys = set(await session.scalars(select(FollowedTheme.theme).where(FollowedTheme.member_id == member_id)))
    return [key for key in THEMES if key in keys]


async def set_followed(session: AsyncSession, member_id: int, keys: Iterable[str]) -> list[str]:
    """Replaces what she follows with `keys` (unknown ones ignored); the caller commits."""
    wanted = [key for key in THEMES if key in set(keys)]
    await session.execute(delete(FollowedTheme).where(FollowedTheme.member_id == member_id))
    now = utcnow()
    session.add_all(FollowedTheme(member_id=member_id, theme=key, created_at=now) for key in wanted)
    return wanted


def followers_of(*themes: str) -> Select[int]:
    """A SELECT of the ids of the members following any of `themes` (for an IN or an INSERT … SELECT)."""
    return select(FollowedTheme.member_id).where(FollowedTheme.theme.in_(themes)).distinct()
