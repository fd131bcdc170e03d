"""Writes on her profile; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow

from . import search_text, skills
from .sectors import SECTORS

PROJECT_MAX = search_text.PROJECT_MAX


@dataclass
class ProfileInput:
    listed: bool = False
    project: str = ""
    sector: str = ""
    skill_ids: list[int] = field(default_factory=list)
    free: str = ""  # « autres compétences », as typed

    def problems(self, known_ids: set[int], bad_ids: bool) -> dict[str, str]:
        errors: dict[str, str] = {}
        if len(self.project) > PROJECT_MAX:
            errors["project"] = (
                f"Votre projet doit tenir en {PROJECT_MAX} caractères (vous en avez écrit {len(self.project)})."
            )
        if self.sector and self.sector not in SECTORS:
            errors["sector"] = "Choisissez un secteur dans la liste."
        if bad_ids or any(i not in known_ids for i in self.skill_ids):
            errors["skills"] = (
                "Une compétence choisie ne fait plus partie de la liste : vérifiez votre choix."
            )
        free = skills.parse_free(self.free)
        if len(free) > skills.MAX_FREE:
            errors["free"] = f"Ajoutez {skills.MAX_FREE} autres compétences au plus (une par ligne)."
        elif any(len(label) >= skills.MAX_LABEL for label in free):
            errors["free"] = f"Une compétence tient en {skills.MAX_LABEL - 1} caractères au plus."
        if len(set(self.skill_ids)) + len(free) > skills.MAX_SKILLS:
            errors.setdefault("skills", f"Choisissez {skills.MAX_SKILLS} compétences au plus.")
        return errors


async def save_profile(session: AsyncSession, member_id: int, data: ProfileInput) -> None:
    profile = await search_text.profile_row(session, member_id)
    profile.listed = data.listed
    profile.project = data.project
    profile.sector = data.sector
    profile.updated_at = utcnow()
    await skills.set_member_skills(session, member_id, data.skill_ids, skills.parse_free(data.free))
    await search_text.refresh(session, [member_id])
