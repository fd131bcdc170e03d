"""« Tester ma salle »: the rehearsal room of a workshop (live.rehearsal), for its hosts only — its
intervenante and co-host signed in, or an invited guest whose browser opened her personal link."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from learning.db import utcnow
from learning.state import app_state
from live import guests, rehearsal
from live.models import Workshop
from live.models_guests import GuestInvitation
from live.room_page import RoomSeat, refused, room_response, ticket_response

VIEWER = "participante"
NOT_A_HOST = (
    "Seules les animatrices de cet atelier peuvent entrer dans sa salle de répétition. "
    "Intervenante invitée ? Ouvrez d'abord le lien personnel reçu par e-mail, puis ce lien-ci. "
    "Membre du réseau ? Connectez-vous."
)


@dataclass(frozen=True)
class Host:
    member: str  # what the ticket names
    name: str
    role: str
    back_url: str


async def _host(request: Request) -> tuple[Workshop | None, Host | None, str]:
    """The workshop, who she is in it (None: not one of its hosts), and why not when known."""
    workshop_id = request.path_params["workshop_id"]
    member = request.state.member
    async with app_state(request).db.session() as session:
        workshop = await session.get(Workshop, workshop_id) if 0 < workshop_id < 2**31 else None
        if workshop is None:
            return None, None, "Cet atelier n'existe pas, ou plus."
        if member is not None and (role := workshop.host_role(member.id)) is not None:
            return workshop, Host(str(member.id), member.name, role, f"/ateliers/{workshop.id}"), ""
        token = request.cookies.get(guests.COOKIE, "")
        invitation: GuestInvitation | None
        invitation, guest_workshop = await guests.by_token(session, token)
    if invitation is None or guest_workshop is None or guest_workshop.id != workshop.id:
        return workshop, None, NOT_A_HOST
    if problem := guests.refusal(invitation, workshop, utcnow()):
        return workshop, None, problem
    back = f"/ateliers/invitation/{token}"
    return workshop, Host(invitation.media_id, invitation.name, invitation.role, back), ""


def _seat(workshop: Workshop, host: Host, key: str, viewer: bool) -> RoomSeat:
    """`viewer`: her second window, as a participant sees the room (her screen share on the stage, her
    camera as the intervenante's), under an id of its own so that it does not replace her first one."""
    here = f"/ateliers/{workshop.id}/repetition"
    query = f"salle={key}" + (f"&vue={VIEWER}" if viewer else "")
    return RoomSeat(
        workshop=workshop,
        room=rehearsal.room_id(workshop, key),
        member=f"{host.member}-vue" if viewer else host.member,
        name=f"Vue participante de {host.name}" if viewer else host.name,
        role="participant" if viewer else host.role,
        ticket_url=f"{here}/ticket?{query}",
        back_url=host.back_url,
        rejoin_url=f"{here}?{query}",
        extra={
            "share_path": f"{here}?salle={key}",
            "viewer_path": f"{here}?salle={key}&vue={VIEWER}",
            "viewer": viewer,
        },
        rehearsal=True,
    )


def _viewer(request: Request) -> bool:
    return request.query_params.get("vue") == VIEWER


async def rehearse(request: Request) -> Response:
    workshop, host, why = await _host(request)
    if workshop is None or host is None:
        return refused(request, why, json=False, status=404 if workshop is None else 403)
    if problem := rehearsal.refusal(workshop, utcnow()):
        return refused(request, problem, json=False)
    key = request.query_params.get("salle", "")
    if not rehearsal.valid_key(key):
        # A new rehearsal room, under an address she can share with a co-host.
        return RedirectResponse(
            f"/ateliers/{workshop.id}/repetition?salle={rehearsal.new_key()}", status_code=303
        )
    return await room_response(request, _seat(workshop, host, key, _viewer(request)))


async def rehearsal_ticket(request: Request) -> Response:
    workshop, host, why = await _host(request)
    if workshop is None or host is None:
        return refused(request, why, json=True, status=404 if workshop is None else 403)
    key = request.query_params.get("salle", "")
    if problem := rehearsal.refusal(workshop, utcnow()) or (
        None if rehearsal.valid_key(key) else "Ce lien de répétition est incomplet."
    ):
        return refused(request, problem, json=True)
    return await ticket_response(request, _seat(workshop, host, key, _viewer(request)))
