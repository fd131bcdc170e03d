"""Every members route, for `learning/app.py` to mount."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from . import views_adhesions, views_charter, views_contact

routes: list[BaseRoute] = [
    Route("/charte", views_charter.charter_page, name="charter"),
    Route("/charte/accepter", views_charter.accept_charter, methods=["POST"], name="charter_accept"),
    *views_adhesions.routes,
    *views_contact.routes,
]
