"""« Trouver ma coordination »: from what she typed (a postal code, an INSEE code or a commune's name) to her
commune, then to the coordinations nearest to it. Shared by the page and its JSON twin."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from learning.i18n import _

from . import directory, geography
from .geography import Place
from .models import Commune
from .travel import Point, TravelModel, travel_model

RESULTS = 5
SPACED_POSTAL_CODE = re.compile(r"^\d{2} \d{3}$")
CHOICES = 30


def travel_for(request: Request) -> TravelModel:
    """The travel model, built once per app (it reads the environment, and an OSRM client is reused)."""
    state = request.app.state
    model: TravelModel | None = getattr(state, "coordinations_travel", None)
    if model is None:
        model = travel_model()
        state.coordinations_travel = model
    return model


@dataclass
class Search:
    query: str
    communes: list[Place] = field(default_factory=list)  # several: she picks hers
    place: Place | None = None  # the commune she is in, once known
    found: list[directory.Nearby] = field(default_factory=list)
    # Why nothing is shown, in French; None when there is something to show (or nothing was asked).
    problem: str | None = None

    @property
    def any_near(self) -> bool:
        return any(n.near for n in self.found)

    @property
    def shown(self) -> list[directory.Nearby]:
        """The nearest five; when none is within 30 minutes, only the nearest one (and an invitation to
        start one)."""
        return self.found if self.any_near else self.found[:1]

    def as_json(self) -> dict[str, object]:
        communes = [self.place] if self.place else self.communes
        return {
            "communes": [
                {
                    "insee": p.insee,
                    "name": p.name,
                    "postal_code": p.postal_code,
                    "departement": p.departement,
                }
                for p in communes
            ],
            "coordinations": [
                {
                    "slug": n.coordination.slug,
                    "name": n.coordination.name,
                    "minutes": round(n.minutes) if math.isfinite(n.minutes) else None,
                    "near": n.near,
                }
                for n in self.shown
            ],
            "problem": self.problem,
        }


def minutes_label(minutes: float) -> str:
    """« 12 min », « 1 h 05 »; « — » when no road leads there (an island, under a routing engine)."""
    if not math.isfinite(minutes):
        return "—"
    whole = max(1, round(minutes))
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d}"


async def _exact_name(session: AsyncSession, query: str) -> list[Place]:
    """Communes whose whole name is what she typed (« Die » is not « Dieppe »)."""
    key = geography.name_key(query)
    if not key:
        return []
    rows = await session.scalars(
        select(Commune)
        .where(Commune.name_key == key, Commune.lat.is_not(None), Commune.lon.is_not(None))
        .order_by(Commune.population.desc())
        .limit(CHOICES)
    )
    return [geography._place(c) for c in rows]


def _distinct(places: list[Place]) -> list[Place]:
    """One line per commune (a name search lists a commune once per postal code), first seen kept."""
    seen: dict[str, Place] = {}
    for place in places:
        seen.setdefault(place.insee, place)
    return list(seen.values())


async def _by_insee(session: AsyncSession, insee: str) -> Place | None:
    if not geography.POSTAL_OR_INSEE.match(insee):
        return None
    commune = await directory.seat_commune(session, insee.upper())
    return geography._place(commune) if commune is not None else None


async def search(session: AsyncSession, model: TravelModel, query: str, insee: str = "") -> Search:
    query, insee = query.strip()[:100], insee.strip()[:5]
    result = Search(query=query)
    if insee:
        result.place = await _by_insee(session, insee)
        if result.place is None:
            result.problem = _(
                "Cette commune est introuvable. Indiquez votre code postal ou le nom de votre commune."
            )
            return result
    elif query:
        if SPACED_POSTAL_CODE.match(query):  # « 31 000 », as printed on envelopes
            query = result.query = query.replace(" ", "")
        if query.isdigit() and len(query) != 5:
            # « 750 », « 310000 »: a code mistyped, not the start of a commune's name.
            result.problem = _(
                "« %(code)s » n'est pas un code postal : un code postal a cinq chiffres, par exemple 31000."
            ) % {"code": query}
            return result
        places = _distinct(await geography.find_places(session, query, limit=CHOICES))
        if not geography.POSTAL_OR_INSEE.match(query):
            # Communes named exactly so come first (« Die » before « Dieppe »); one of them is hers.
            exact = _distinct(await _exact_name(session, query))
            places = exact if len(exact) == 1 else _distinct(exact + places)[:CHOICES]
        if not places:
            if geography.POSTAL_OR_INSEE.match(query):
                result.problem = _(
                    "Aucune commune ne porte le code postal %(code)s. Vérifiez-le, ou indiquez le nom "
                    "de votre commune."
                ) % {"code": query}
            else:
                result.problem = _(
                    "Aucune commune ne correspond à « %(name)s ». Vérifiez l'orthographe, ou indiquez "
                    "votre code postal."
                ) % {"name": query}
            return result
        if len(places) > 1:
            result.communes = places
            return result
        result.place = places[0]
    else:
        return result
    place = result.place
    assert place is not None
    result.found = await directory.nearest(session, Point(place.lat, place.lon), model, limit=RESULTS)
    return result
