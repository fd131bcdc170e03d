"""Who keeps which structures: the admins all of them, a coordinatrice those of her coordinations'
départements (their seats' and their territories'). National structures stay with the admins."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations.directory import led_by
from learning.coordinations.models import Commune, CoordinationCommune, CoordinationLead
from learning.models import Member

from .models import Structure


class Keeper:
    """What one member may keep: `everything` for an admin, else the `departements` she answers for."""

    def __init__(self, *, everything: bool = False, departements: Collection[str] = ()) -> None:
        self.everything = everything
        self.departements = frozenset(departements)

    @property
    def keeps_any(self) -> bool:
        return self.everything or bool(self.departements)

    def may_edit(self, structure: Structure, departements: Collection[str]) -> bool:
        """A coordinatrice edits a structure only when every département it covers is one of hers: one
        covering hers and a neighbour's belongs to both, so to the admins."""
        if self.everything:
            return True
        if structure.national or not departements:
            return False
        return set(departements) <= self.departements


async def keeper(session: AsyncSession, member: Member | None) -> Keeper:
    if member is None:
        return Keeper()
    if member.is_admin:
        return Keeper(everything=True)
    if not member.has_role("coordinatrice"):
        return Keeper()
    seats = {c.departement for c in await led_by(session, member.id)}
    territories = set(
        await session.scalars(
            select(Commune.departement)
            .join(CoordinationCommune, CoordinationCommune.insee == Commune.insee)
            .join(CoordinationLead, CoordinationLead.coordination_id == CoordinationCommune.coordination_id)
            .where(CoordinationLead.member_id == member.id)
            .distinct()
        )
    )
    return Keeper(departements=seats | territories)
