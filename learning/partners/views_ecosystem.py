"""« Mon écosystème » (`/ecosysteme`): the support structures near her — her commune's département and the
national networks — or near a commune or département she types; a visitor picks one."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.auth import current_member
from learning.coordinations import geography
from learning.coordinations.travel import Point
from learning.i18n import _
from learning.state import app_state
from learning.templating import render

from . import finding
from .models import KINDS, OFFERS
from .permissions import keeper

DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")


async def ecosystem(request: Request) -> Response:
    member = current_member(request)
    params = request.query_params
    kind = params.get("type", "") if params.get("type", "") in KINDS else ""
    offer = params.get("offre", "") if params.get("offre", "") in OFFERS else ""
    commune = params.get("commune", "").strip()[:100]
    code = params.get("departement", "").strip().upper()[:3]
    problem = ""
    origin: finding.Origin | None = None
    async with app_state(request).db.read_session() as session:
        if commune:
            places = await geography.find_places(session, commune, limit=1)
            if places:
                place = places[0]
                name = await finding.departement_name(session, place.departement) or place.departement
                origin = finding.Origin(place.departement, name, Point(place.lat, place.lon), place.name)
            else:
                problem = _("Aucune commune ne correspond à « %(text)s » : essayez son code postal.") % {
                    "text": commune[:60]
                }
        elif code:
            found = await finding.departement_name(session, code) if DEPARTEMENT.match(code) else None
            if found:
                origin = finding.Origin(code, found)
            else:
                problem = _("Ce département n'existe pas : choisissez-le dans la liste.")
        elif member is not None:
            origin = await finding.origin_of_member(session, member.id)
        local, national = await finding.structures(session, origin, kind=kind, offer=offer)
        who = await keeper(session, member)
        editable = {f.structure.id for f in (*local, *national) if who.may_edit(f.structure, f.departements)}
        departements = await finding.all_departements(session)
    return render(
        request,
        "partners/ecosystem.html",
        {
            "origin": origin,
            "local": local,
            "national": national,
            "kinds": KINDS,
            "offers": OFFERS,
            "filters": {"type": kind, "offre": offer, "commune": commune, "departement": code},
            "problem": problem,
            "departements": departements,
            "keeps_any": who.keeps_any,
            "editable": editable,
        },
    )


routes = [Route("/ecosysteme", ecosystem, name="partners_ecosystem")]
