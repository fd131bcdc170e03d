"""« Qui peut m'aider ? » (/membres): the directory of the members who chose to be listed.

A GET form, so that it works without JavaScript and a search can be shared as a link. Input is read
leniently: an unknown skill, sector, coordination or distance is dropped with a French notice, a bad page
number is page 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.coordinations.directory import all_names, by_slug
from learning.coordinations.membership import place_of
from learning.coordinations.travel import Point
from learning.state import app_state
from learning.templating import render

from . import directory
from .sectors import SECTORS
from .skills import canonical_skills

MAX_QUERY = 200
MAX_PAGE = 10_000


@dataclass
class Asked:
    """What the form asked, as it goes back into the form and the pager's links."""

    q: str = ""
    competence: str = ""
    secteur: str = ""
    coordination: str = ""
    distance: str = ""
    problems: list[str] = field(default_factory=list)

    def url(self, page: int) -> str:
        params = {k: v for k, v in vars(self).items() if k != "problems" and v}
        if page > 1:
            params["page"] = str(page)
        return "/membres" + ("?" + urlencode(params) if params else "")


def _digits(value: str, *, limit: int) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if 0 < number <= limit else None


@login_required
async def directory_page(request: Request) -> Response:
    member = signed_in(request)
    params = request.query_params
    asked = Asked(q=" ".join("".join(c for c in params.get("q", "") if c.isprintable()).split())[:MAX_QUERY])
    page = _digits(params.get("page", ""), limit=MAX_PAGE) or 1
    skill_id = sector = coordination_id = within_km = origin = None
    async with app_state(request).db.read_session() as session:
        skills = await canonical_skills(session)
        coordinations = await all_names(session)

        raw_skill = params.get("competence", "").strip()
        if raw_skill:
            skill_id = _digits(raw_skill, limit=2**31 - 1)
            if skill_id is None or skill_id not in {s.id for s in skills}:
                skill_id = None
                asked.problems.append(
                    "Cette compétence ne fait pas partie de la liste : le filtre est ignoré."
                )
            else:
                asked.competence = str(skill_id)

        raw_sector = params.get("secteur", "").strip()
        if raw_sector:
            if raw_sector in SECTORS:
                sector = asked.secteur = raw_sector
            else:
                asked.problems.append("Ce secteur n'existe pas dans la liste : le filtre est ignoré.")

        raw_coordination = params.get("coordination", "").strip()[:80]
        if raw_coordination:
            found = await by_slug(session, raw_coordination)
            if found is None:
                asked.problems.append("Cette coordination n'existe pas : le filtre est ignoré.")
            else:
                coordination_id, asked.coordination = found.id, found.slug

        raw_distance = params.get("distance", "").strip()
        if raw_distance:
            km = _digits(raw_distance, limit=1000)
            if km not in directory.DISTANCES_KM:
                asked.problems.append(
                    "Distance inconnue : choisissez 30, 50 ou 100 km. Le filtre est ignoré."
                )
            else:
                place = await place_of(session, member.id)
                if place is None:
                    asked.problems.append(
                        "Pour chercher près de chez vous, indiquez d'abord votre commune dans « Mon compte »."
                    )
                else:
                    within_km, origin, asked.distance = km, Point(place.lat, place.lon), str(km)

        filters = directory.Filters(
            query=asked.q,
            skill_id=skill_id,
            sector=sector or "",
            coordination_id=coordination_id,
            within_km=within_km,
            origin=origin,
        )
        result = await directory.search(session, filters, page=page)
        anyone_listed = result.total > 0 or await directory.anyone_listed(session)
    return render(
        request,
        "members/directory.html",
        {
            "asked": asked,
            "filters": filters,
            "result": result,
            "anyone_listed": anyone_listed,
            "skills": skills,
            "sectors": SECTORS,
            "coordinations": coordinations,
            "distances": directory.DISTANCES_KM,
        },
    )


routes = [Route("/membres", directory_page, name="members_directory")]
