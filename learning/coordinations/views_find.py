"""« Trouver ma coordination » (public): the search page with its map, and the same search as JSON for the
pages that enhance a commune field with it."""

from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from learning.i18n import _
from learning.state import app_state
from learning.templating import render

from . import directory, finding, map_svg
from .geography import name_key as locale_key
from .models import Coordination, Departement, Region


def _dots(coordinations: list[Coordination]) -> list[map_svg.Dot]:
    return [
        map_svg.Dot(c.name, f"/coordinations/{c.slug}", c.lat, c.lon, c.departement) for c in coordinations
    ]


def _map(coordinations: list[Coordination], search: finding.Search) -> Markup:
    place = search.place
    highlight = (
        map_svg.Dot(
            _("Votre commune : %(name)s") % {"name": place.name}, "", place.lat, place.lon, place.departement
        )
        if place
        else None
    )
    label = _("Carte des %(count)s coordinations du réseau, en métropole et outre-mer") % {
        "count": len(coordinations)
    }
    if place:
        label += _(", et votre commune : %(name)s") % {"name": place.name}
    return map_svg.render(_dots(coordinations), label=label, highlight=highlight)


async def _by_region(
    session: AsyncSession, coordinations: list[Coordination]
) -> list[tuple[str, list[Coordination]]]:
    """The text list beside the map, by région (then by name): headings to jump between for a screen
    reader, and a way to scan 400 names for everyone."""
    regions = dict(
        list(
            await session.execute(
                select(Departement.code, Region.name).join(Region, Region.code == Departement.region)
            )
        )
    )
    groups: dict[str, list[Coordination]] = {}
    for coordination in coordinations:
        groups.setdefault(regions.get(coordination.departement, _("Autres territoires")), []).append(
            coordination
        )
    return sorted(groups.items(), key=lambda group: locale_key(group[0]))


async def find(request: Request) -> Response:
    model = finding.travel_for(request)
    async with app_state(request).db.session() as session:
        search = await finding.search(
            session, model, request.query_params.get("q", ""), request.query_params.get("insee", "")
        )
        coordinations = await directory.all_coordinations(session)
        by_region = await _by_region(session, coordinations)
    return render(
        request,
        "coordinations/find.html",
        {
            "search": search,
            "coordinations": coordinations,
            "by_region": by_region,
            "map": _map(coordinations, search),
            "model_description": model.description,
            "minutes_label": finding.minutes_label,
        },
    )


async def find_json(request: Request) -> Response:
    model = finding.travel_for(request)
    async with app_state(request).db.session() as session:
        search = await finding.search(
            session, model, request.query_params.get("q", ""), request.query_params.get("insee", "")
        )
    return JSONResponse({**search.as_json(), "model": model.description})


routes = [
    Route("/coordinations", find, name="coordinations_find"),
    Route("/coordinations/proches.json", find_json, name="coordinations_find_json"),
]
