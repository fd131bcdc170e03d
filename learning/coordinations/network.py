"""The network seen from above: how far the coordinations reach (people and members within 30 minutes),
the largest uncovered areas and where the next coordinations would reach the most people.

Shared by the national view (`/admin/reseau`) and `entraide coordinations couverture`. The coverage of
every commune is built once per process and radius (about 0.4 s of numpy; the geography is national open
data that does not change while the site runs) and kept; building and planning run in a worker thread so
that the site keeps answering meanwhile.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .coverage import EARTH_RADIUS_KM, PEOPLE_KINDS, Coverage, Gain
from .models import Commune, Coordination, Departement, MemberPlace, Region
from .travel import Estimate
from .volunteers import volunteer_ids

GOAL_COORDINATIONS = 400
GOAL_VOLUNTEERS = 600
MINUTES = 30

_lock = threading.Lock()
_cache: dict[tuple[float, int], tuple[Coverage, list[str]]] = {}
# The next sites for a set of existing ones (about 0.4 s to plan): the page is reloaded more often than a
# coordination opens. Keyed by the coverage object, which lives as long as the process keeps it.
_plans: dict[tuple[int, tuple[str, ...], int], list[Gain]] = {}


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    population: int
    uncovered: int

    @property
    def uncovered_pct(self) -> float:
        return 100 * self.uncovered / self.population if self.population else 0.0


@dataclass(frozen=True)
class NextSite:
    insee: str
    name: str
    departement: str
    gain: int
    gain_pct: float  # points of France's population


@dataclass
class NetworkFigures:
    coordinations: int
    volunteers: int
    population: int
    covered_people: int
    members_placed: int
    members_covered: int
    radius_km: float
    model_description: str
    uncovered_areas: list[Area] = field(default_factory=list)
    next_sites: list[NextSite] = field(default_factory=list)

    @property
    def population_pct(self) -> float:
        return 100 * self.covered_people / self.population if self.population else 0.0

    @property
    def members_pct(self) -> float:
        return 100 * self.members_covered / self.members_placed if self.members_placed else 0.0


async def coverage_for(session: AsyncSession, radius_km: float) -> tuple[Coverage, list[str]]:
    """The coverage of every commune at `radius_km` and each commune's département (by index), cached.
    Keyed by the number of geography rows too, so that a database loaded after the first call is seen."""
    count = await session.scalar(select(func.count()).select_from(Commune)) or 0
    key = (round(radius_km, 6), count)
    if key in _cache:
        return _cache[key]
    rows = [
        dict(r._mapping)
        for r in await session.execute(
            select(
                Commune.insee,
                Commune.name,
                Commune.kind,
                Commune.lat,
                Commune.lon,
                Commune.population,
                Commune.departement,
            ).order_by(Commune.id)
        )
    ]

    def build() -> tuple[Coverage, list[str]]:
        with _lock:
            if key in _cache:
                return _cache[key]
            coverage = Coverage.from_rows(rows, radius_km)
            departement: dict[str, str] = {}
            for (
                r
            ) in rows:  # as the coverage counts them: a former commune (COMD) may share its new one's code
                if r["kind"] in PEOPLE_KINDS:
                    departement.setdefault(str(r["insee"]), str(r["departement"]))
            built = (coverage, [departement[code] for code in coverage.insee])
            if count:
                _cache.clear()  # one geography at a time: an older one is never asked for again
                _plans.clear()  # keyed by the coverage's id, which a new coverage may reuse
                _cache[key] = built
            return built

    return await asyncio.to_thread(build)


def site_of(coverage: Coverage, coordination: Coordination) -> str:
    """The commune standing for a coordination's seat in the coverage: the seat itself, or, for a seat the
    coverage does not count (Paris, Lyon and Marseille count by arrondissement), the nearest commune."""
    if coordination.seat_insee in coverage.index:
        return coordination.seat_insee
    lat, lon = np.radians(coordination.lat), np.radians(coordination.lon)
    h = (
        np.sin((coverage.lat - lat) / 2) ** 2
        + np.cos(lat) * np.cos(coverage.lat) * np.sin((coverage.lon - lon) / 2) ** 2
    )
    return coverage.insee[int(np.argmin(h))]


def members_within(
    places: list[tuple[float, float]], seats: list[tuple[float, float]], radius_km: float
) -> int:
    """How many of the members' places (lat, lon) lie within `radius_km` of a seat (same distance as the
    coverage: great circle between commune centres)."""
    if not places or not seats:
        return 0
    p = np.radians(np.array(places, dtype=np.float64))
    s = np.radians(np.array(seats, dtype=np.float64))
    within = np.zeros(len(p), dtype=bool)
    for start in range(0, len(p), 2000):  # a block of members at a time: memory stays small
        a = p[start : start + 2000]
        dlat = s[None, :, 0] - a[:, None, 0]
        dlon = s[None, :, 1] - a[:, None, 1]
        h = np.sin(dlat / 2) ** 2 + np.cos(a[:, None, 0]) * np.cos(s[None, :, 0]) * np.sin(dlon / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        within[start : start + 2000] = (km <= radius_km).any(axis=1)
    return int(within.sum())


async def figures(
    session: AsyncSession, model: Estimate, *, next_count: int = 10, areas: int = 10
) -> NetworkFigures:
    radius_km = model.radius_km(MINUTES)
    coverage, departement_of = await coverage_for(session, radius_km)
    coordinations = list(await session.scalars(select(Coordination).order_by(Coordination.id)))
    sites = [site_of(coverage, c) for c in coordinations] if coverage.insee else []
    places = [
        (lat, lon) for lat, lon in (await session.execute(select(MemberPlace.lat, MemberPlace.lon))).all()
    ]
    seats = [(c.lat, c.lon) for c in coordinations]

    plan_key = (id(coverage), tuple(sorted(sites)), next_count)

    def compute() -> tuple[np.ndarray, list[Gain]]:
        plan = _plans.get(plan_key)
        if plan is None:
            plan = coverage.plan(next_count, existing=sites)
            if len(_plans) > 32:
                _plans.clear()
            _plans[plan_key] = plan
        return coverage.covered(sites), plan

    covered, plan = await asyncio.to_thread(compute)
    names = {
        code: name for code, name in (await session.execute(select(Departement.code, Departement.name))).all()
    }
    figures = NetworkFigures(
        coordinations=len(coordinations),
        volunteers=len(await volunteer_ids(session)),
        population=coverage.total,
        covered_people=int(coverage.population[covered].sum()),
        members_placed=len(places),
        members_covered=members_within(places, seats, radius_km),
        radius_km=radius_km,
        model_description=model.description,
    )
    people: dict[str, int] = defaultdict(int)
    uncovered: dict[str, int] = defaultdict(int)
    for i, code in enumerate(departement_of):
        people[code] += int(coverage.population[i])
        if not covered[i]:
            uncovered[code] += int(coverage.population[i])
    figures.uncovered_areas = sorted(
        (
            Area(code, names.get(code, code), people[code], uncovered[code])
            for code in people
            if uncovered[code]
        ),
        key=lambda a: (-a.uncovered, a.code),
    )[:areas]
    figures.next_sites = [
        NextSite(
            step.insee,
            step.name,
            departement_of[coverage.index[step.insee]],
            step.gain,
            100 * step.gain / coverage.total if coverage.total else 0.0,
        )
        for step in plan
    ]
    return figures


async def region_names(session: AsyncSession) -> dict[str, str]:
    return {code: name for code, name in (await session.execute(select(Region.code, Region.name))).all()}
