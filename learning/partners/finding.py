"""« Mon écosystème »: the structures of a département and the national ones, for a place she lives in or
typed, filtered by type and offer, the nearest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.coordinations.models import Commune, Departement, MemberPlace
from learning.coordinations.travel import Point, crow_flies_km

from .models import Structure, StructureDepartement


@dataclass(frozen=True)
class Origin:
    """Where the list is measured from: a département, and a point when a commune is known."""

    departement: str
    departement_name: str
    point: Point | None = None
    commune_name: str = ""


@dataclass(frozen=True)
class Found:
    structure: Structure
    departements: tuple[str, ...]
    km: float | None  # from her commune, when both places are known

    @property
    def km_label(self) -> str:
        if self.km is None:
            return ""
        return "moins de 1 km" if self.km < 1 else f"{round(self.km)} km"


async def departement_name(session: AsyncSession, code: str) -> str | None:
    department = await session.get(Departement, code)
    return department.name if department else None


async def all_departements(session: AsyncSession) -> list[Departement]:
    return list(await session.scalars(select(Departement).order_by(Departement.code)))


async def origin_of_member(session: AsyncSession, member_id: int) -> Origin | None:
    """Her commune (MemberPlace) and its département, or None when she has not said where she lives."""
    place = await session.get(MemberPlace, member_id)
    if place is None:
        return None
    commune = await session.scalar(
        select(Commune).where(Commune.insee == place.insee).order_by(Commune.population.desc()).limit(1)
    )
    if commune is None:
        return None
    name = await departement_name(session, commune.departement) or commune.departement
    return Origin(commune.departement, name, Point(place.lat, place.lon), commune.name)


def origin_of_commune(commune: Commune, departement: str) -> Origin:
    point = Point(commune.lat, commune.lon) if commune.lat is not None and commune.lon is not None else None
    return Origin(commune.departement, departement, point, commune.name)


async def _departements_by_structure(session: AsyncSession, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    if ids:
        rows = await session.execute(
            select(StructureDepartement.structure_id, StructureDepartement.departement)
            .where(StructureDepartement.structure_id.in_(ids))
            .order_by(StructureDepartement.departement)
        )
        for structure_id, code in rows:
            found.setdefault(structure_id, []).append(code)
    return {k: tuple(v) for k, v in found.items()}


async def structures(
    session: AsyncSession,
    origin: Origin | None,
    *,
    kind: str = "",
    offer: str = "",
) -> tuple[list[Found], list[Found]]:
    """(the département's structures, nearest first then by name; the national ones, by name). Without an
    origin, only the national ones. Archived structures are never listed."""
    covers = select(StructureDepartement.structure_id).where(
        StructureDepartement.departement == (origin.departement if origin else "")
    )
    stmt = select(Structure).where(
        Structure.archived_at.is_(None), or_(Structure.national, Structure.id.in_(covers))
    )
    if kind:
        stmt = stmt.where(Structure.kind == kind)
    rows = [s for s in await session.scalars(stmt.order_by(Structure.name)) if not offer or offer in s.offers]
    departements = await _departements_by_structure(session, [s.id for s in rows])
    point = origin.point if origin else None

    def found(s: Structure) -> Found:
        km = None
        if point is not None and s.lat is not None and s.lon is not None:
            km = crow_flies_km(point, Point(s.lat, s.lon))
        return Found(s, departements.get(s.id, ()), km)

    local = [found(s) for s in rows if not s.national]
    local.sort(key=lambda f: (f.km is None, f.km or 0.0, f.structure.name.casefold()))
    national = [found(s) for s in rows if s.national]
    return local, national
