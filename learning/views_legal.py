"""The legal pages: « Conditions générales d'utilisation », « Politique de confidentialité », « Mentions
légales ». Their facts come from settings (ENTRAIDE_PUBLISHER_*, ENTRAIDE_HOST_*): what the association has
not filled in yet shows as « à compléter », never as an invented value."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from learning.templating import render


async def terms(request: Request) -> Response:
    return render(request, "legal/cgu.html", {})


async def privacy(request: Request) -> Response:
    return render(request, "legal/confidentialite.html", {})


async def legal_notice(request: Request) -> Response:
    return render(request, "legal/mentions_legales.html", {})


routes = [
    Route("/cgu", terms, name="terms"),
    Route("/confidentialite", privacy, name="privacy"),
    Route("/mentions-legales", legal_notice, name="legal_notice"),
]
