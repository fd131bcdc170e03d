"""The national view for admins (`/admin/reseau`): the network against its goals, its reach within 30
minutes, the largest uncovered areas and where to open the next coordinations."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.auth import roles_required
from learning.state import app_state
from learning.templating import render

from . import network
from .views_common import estimate_model, routing_configured


@roles_required("admin")
async def national_view(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        figures = await network.figures(session, estimate_model())
    return render(
        request,
        "coordinations/reseau.html",
        {
            "figures": figures,
            "goal_coordinations": network.GOAL_COORDINATIONS,
            "goal_volunteers": network.GOAL_VOLUNTEERS,
            "routing": routing_configured(),
        },
    )


routes = [Route("/admin/reseau", national_view, name="network_view")]
