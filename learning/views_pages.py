"""Home page, health checks and error pages."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from learning import testimonials
from learning.auth import current_member
from learning.page_blocks import blocks_for, notifications_for
from learning.state import app_state
from learning.templating import STATIC_DIR, render

ERROR_TITLES = {
    400: "Requête incorrecte",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action impossible",
    413: "Envoi trop volumineux",
    429: "Trop de requêtes",
    500: "Erreur du serveur",
}
DEFAULT_MESSAGES = {
    403: "Vous n'avez pas accès à cette page.",
    404: "Cette page n'existe pas, ou plus.",
    405: "Cette action n'est pas possible sur cette page.",
    500: "Quelque chose s'est mal passé de notre côté. Réessayez dans un instant.",
}


NEWS_SHOWN = 6


async def home(request: Request) -> Response:
    member = current_member(request)
    if member is None:
        # The visitors' page: the packages hand in their part (next workshops, coordinations near her postal
        # code, the MOOC) and their figures; the shell adds what members say.
        async with app_state(request).db.read_session() as session:
            quotes = await testimonials.latest(session)
        return render(
            request,
            "home.html",
            {
                "blocks": await blocks_for(request, "welcome"),
                "figures": await blocks_for(request, "figures"),
                "testimonials": quotes,
            },
        )
    # Her home: her workshops, her MOOC, her coordination's needs, answers, new members… from the packages,
    # without the shell importing them; what is new for her across them on top.
    news = (await notifications_for(request, member))[:NEWS_SHOWN]
    return render(request, "home_member.html", {"blocks": await blocks_for(request, "home"), "news": news})


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico on every page whatever the layout says (the live room has none of it).
    return FileResponse(
        STATIC_DIR / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    if await app_state(request).db.ping():
        return PlainTextResponse("ok")
    return PlainTextResponse("base de données injoignable", status_code=503)


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    # Starlette fills detail with the English reason phrase when none is given.
    message = detail if detail and not detail.isascii() else DEFAULT_MESSAGES.get(status, detail)
    if request.scope["type"] != "http":
        return PlainTextResponse(message, status_code=status)
    return render(
        request,
        "error.html",
        {"title": ERROR_TITLES.get(status, "Erreur"), "message": message},
        status_code=status,
    )


async def server_error(request: Request, exc: Exception) -> Response:
    return render(
        request, "error.html", {"title": ERROR_TITLES[500], "message": DEFAULT_MESSAGES[500]}, status_code=500
    )


routes = [
    Route("/", home, name="home"),
    Route("/favicon.ico", favicon, name="favicon"),
    Route("/healthz", healthz, name="healthz"),
    Route("/readyz", readyz, name="readyz"),
]
