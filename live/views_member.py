"""A member's actions: register in one click, cancel, add to her calendar, her private feed."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning.auth import login_required
from learning.db import utcnow
from learning.state import app_state
from live import actions, feeds
from live.calendar_ics import workshop_ics
from live.permissions import workshop_from_path

REGISTER_MESSAGES = {
    "confirmed": "inscrite",
    "waitlisted": "attente",
    "already": "deja",
    "closed": "ferme",
    "host": "animatrice",
}


def _back(workshop_id: int, msg: str) -> RedirectResponse:
    return RedirectResponse(f"/ateliers/{workshop_id}?msg={msg}#inscription", status_code=303)


async def _within_limit(request: Request) -> bool:
    """Counts one registration change for this member; False once she has made too many in the hour."""
    limit = app_state(request).settings.workshop_signup_limit
    return await app_state(request).rate_limits.hit(limit, f"workshop-signup:{request.state.member.id}")


@login_required
async def register(request: Request) -> Response:
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
    if not await _within_limit(request):
        return _back(workshop.id, "trop")
    result = await actions.register(
        app_state(request).db, settings, workshop.id, request.state.member.id, utcnow()
    )
    return _back(workshop.id, REGISTER_MESSAGES[result.outcome.status])


@login_required
async def cancel(request: Request) -> Response:
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
    if not await _within_limit(request):
        return _back(workshop.id, "trop")
    result = await actions.cancel(
        app_state(request).db, settings, workshop.id, request.state.member.id, utcnow()
    )
    messages = {"cancelled": "desinscrite", "closed": "termine"}
    return _back(workshop.id, messages.get(result.outcome.status, "rien"))


async def workshop_calendar_file(request: Request) -> Response:
    """« Ajouter à mon agenda »: the same UID every time, the current SEQUENCE and status."""
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
    if workshop.status in ("proposed", "declined"):
        raise HTTPException(404, "Cet atelier n'est pas encore publié.")
    member = request.state.member
    body = workshop_ics(
        workshop, app_state(request).settings.base_origin, timezone=member.timezone if member else None
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="atelier-{workshop.id}.ics"'},
    )


async def feed(request: Request) -> Response:
    settings = app_state(request).settings
    token = request.path_params["token"]
    async with app_state(request).db.session() as session:
        member_id = (
            await feeds.member_for_feed(session, settings.secret_key, token) if len(token) < 120 else None
        )
        if member_id is None:
            raise HTTPException(404, "Ce lien d'agenda n'existe pas ou a été révoqué.")
        body = await feeds.feed_ics(session, member_id, settings.base_origin)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )


@login_required
async def feed_renew(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        await feeds.create_or_renew(session, request.state.member.id)
        await session.commit()
    return RedirectResponse("/compte/agenda", status_code=303)


@login_required
async def feed_revoke(request: Request) -> Response:
    async with app_state(request).db.session() as session:
        await feeds.revoke(session, request.state.member.id)
        await session.commit()
    return RedirectResponse("/compte/agenda", status_code=303)
