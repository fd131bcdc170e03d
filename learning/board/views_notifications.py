"""The board's preference (the e-mail digest) and the notifications page. Profiles and skills are
learning.members'; the board shows a member's posts on her profile through a page block (profile_block)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from learning.auth import login_required, signed_in
from learning.state import app_state
from learning.templating import render

from . import notifications
from .preferences import set_digest


@login_required
async def preferences(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    async with app_state(request).db.session() as session:
        await set_digest(session, member.id, form.get("digest") == "1")
        await session.commit()
    return RedirectResponse("/compte/coup-de-pouce?coup-de-pouce=enregistre", status_code=303)


@login_required
async def notifications_page(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        rows = await notifications.recent(session, member.id)
    return render(request, "board/notifications.html", {"rows": rows, "labels": notifications.LABELS})


@login_required
async def mark_all_read(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        await notifications.mark_read(session, member.id)
        await session.commit()
    return RedirectResponse("/coup-de-pouce/notifications", status_code=303)


routes = [
    Route("/coup-de-pouce/preferences", preferences, methods=["POST"], name="board_preferences"),
    Route("/coup-de-pouce/notifications", notifications_page, name="board_notifications"),
    Route(
        "/coup-de-pouce/notifications/lues", mark_all_read, methods=["POST"], name="board_notifications_read"
    ),
]
