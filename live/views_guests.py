"""Invited speakers: the page where a coordinatrice or the workshop's intervenante invites and revokes
them (with the workshop's history), and the guest's own pages behind her personal link (live.guests)."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning.auth import login_required, signed_in
from learning.db import utcnow
from learning.forms import display_name, email_problem, normalise_email, text
from learning.models import Member
from learning.state import app_state
from learning.templating import render
from live import guests, history
from live.calendar_ics import workshop_ics
from live.models import Workshop
from live.models_guests import GUEST_ROLES, GuestInvitation
from live.permissions import can_manage, is_host, workshop_from_path
from live.room_page import RoomSeat, refused, room_response, ticket_response


def can_invite(workshop: Workshop, member: Member | None) -> bool:
    return can_manage(member) or is_host(workshop, member)


async def _manage_context(request: Request, workshop: Workshop) -> dict:
    async with app_state(request).db.session() as session:
        invitations = list(
            await session.scalars(
                select(GuestInvitation)
                .where(GuestInvitation.workshop_id == workshop.id)
                .order_by(GuestInvitation.id)
            )
        )
        lines = await history.lines(session, workshop.id)
    return {"workshop": workshop, "invitations": invitations, "history": lines, "roles": GUEST_ROLES}


def _closed(workshop: Workshop) -> str | None:
    if workshop.status == "cancelled":
        return "Cet atelier est annulé : on ne peut plus y inviter personne."
    if workshop.in_person:
        return "Cet atelier a lieu en présentiel : pas de salle en ligne où inviter une intervenante."
    if workshop.is_over(utcnow()):
        return "Cet atelier est terminé."
    return None


@login_required
async def manage(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
    if not can_invite(workshop, member):
        raise HTTPException(
            403, "Seules l'intervenante de l'atelier et les coordinatrices invitent des intervenantes."
        )
    values = {"name": "", "email": "", "role": "cohost"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        values = {
            "name": display_name(form),
            "email": normalise_email(text(form, "email", max_length=254)),
            "role": text(form, "role", max_length=16),
        }
        if not values["name"]:
            errors["name"] = "Indiquez le nom de la personne invitée."
        if problem := email_problem(values["email"]):
            errors["email"] = problem
        if values["role"] not in GUEST_ROLES:
            errors["role"] = "Choisissez son rôle : co-animatrice ou intervenante principale."
        if closed := _closed(workshop):
            errors["_"] = closed
        if not errors:
            async with app_state(request).db.session() as session:
                fresh = await session.get(Workshop, workshop.id)
                assert fresh is not None
                await guests.invite(
                    session,
                    app_state(request).settings,
                    fresh,
                    member,
                    name=values["name"],
                    email=values["email"],
                    role=values["role"],
                )
                await session.commit()
            return RedirectResponse(
                f"/ateliers/{workshop.id}/intervenantes-invitees?envoye=1", status_code=303
            )
    context = await _manage_context(request, workshop)
    context.update(
        values=values,
        errors=errors,
        sent=request.query_params.get("envoye") == "1",
        revoked=request.query_params.get("annulee") == "1",
        closed=_closed(workshop),
        now=utcnow(),
    )
    return render(request, "live/guests.html", context, status_code=400 if errors else 200)


@login_required
async def revoke(request: Request) -> Response:
    member = signed_in(request)
    guest_id = request.path_params["guest_id"]
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not can_invite(workshop, member):
            raise HTTPException(
                403, "Seules l'intervenante de l'atelier et les coordinatrices gèrent les invitations."
            )
        invitation = await session.get(GuestInvitation, guest_id) if 0 < guest_id < 2**31 else None
        if invitation is None or invitation.workshop_id != workshop.id:
            raise HTTPException(404, "Cette invitation n'existe pas, ou plus.")
        if invitation.revoked_at is None:
            guests.revoke(session, invitation, member, utcnow())
            await session.commit()
    return RedirectResponse(f"/ateliers/{workshop.id}/intervenantes-invitees?annulee=1", status_code=303)


# --- The guest's side: everything hangs on the token in the path, nothing on an account. ---


async def _invitation(request: Request) -> tuple[GuestInvitation | None, Workshop | None]:
    async with app_state(request).db.session() as session:
        return await guests.by_token(session, request.path_params["token"])


def _seat(token: str, invitation: GuestInvitation, workshop: Workshop) -> RoomSeat:
    base = f"/ateliers/invitation/{token}"
    return RoomSeat(
        workshop=workshop,
        room=str(workshop.id),
        member=invitation.media_id,
        name=invitation.name,
        role=invitation.role,
        ticket_url=f"{base}/ticket",
        back_url=base,
        rejoin_url=f"{base}/rejoindre",
    )


async def guest_page(request: Request) -> Response:
    token = request.path_params["token"]
    invitation, workshop = await _invitation(request)
    now = utcnow()
    if invitation is None or workshop is None or invitation.revoked_at is not None:
        status = 404 if invitation is None else 403
        return refused(request, guests.refusal(invitation, workshop, now) or "", json=False, status=status)
    response = render(
        request,
        "live/guest.html",
        {
            "workshop": workshop,
            "invitation": invitation,
            "token": token,
            "problem": guests.refusal(invitation, workshop, now),
            "room_open": workshop.room_is_open(now),
            "valid_from": guests.valid_from(workshop),
        },
        headers={"Cache-Control": "no-store"},
    )
    # Her browser keeps the link for this workshop's pages only, so that a rehearsal link a co-host
    # shares with her (/ateliers/<id>/repetition?salle=…) knows who she is (live.views_rehearsal).
    response.set_cookie(
        guests.COOKIE,
        token,
        max_age=max(int((workshop.ends_at - now).total_seconds()), 0),
        path=f"/ateliers/{workshop.id}/",
        httponly=True,
        samesite="lax",
        secure=app_state(request).settings.secure_cookies,
    )
    return response


def _room_refusal(invitation: GuestInvitation | None, workshop: Workshop | None) -> str | None:
    now = utcnow()
    if problem := guests.refusal(invitation, workshop, now):
        return problem
    assert workshop is not None
    if workshop.status != "published":
        return "Cet atelier n'est pas encore publié : sa salle n'ouvre pas. Vous pouvez déjà tester la vôtre."
    if not workshop.room_is_open(now):
        return "La salle ouvre 15 minutes avant le début de l'atelier. D'ici là, « Tester ma salle »."
    return None


async def guest_join(request: Request) -> Response:
    invitation, workshop = await _invitation(request)
    if problem := _room_refusal(invitation, workshop):
        return refused(request, problem, json=False, status=404 if invitation is None else 403)
    assert invitation is not None and workshop is not None
    return await room_response(request, _seat(request.path_params["token"], invitation, workshop))


async def guest_ticket(request: Request) -> Response:
    invitation, workshop = await _invitation(request)
    if problem := _room_refusal(invitation, workshop):
        return refused(request, problem, json=True, status=404 if invitation is None else 403)
    assert invitation is not None and workshop is not None
    return await ticket_response(request, _seat(request.path_params["token"], invitation, workshop))


async def guest_calendar(request: Request) -> Response:
    invitation, workshop = await _invitation(request)
    if invitation is None or workshop is None or invitation.revoked_at is not None:
        return refused(request, guests.refusal(invitation, workshop, utcnow()) or "", json=False, status=404)
    return Response(
        workshop_ics(workshop, app_state(request).settings.base_origin),
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="atelier-{workshop.id}.ics"'},
    )
