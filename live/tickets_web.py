"""« Rejoindre l'atelier »: join tickets for the media node, and what it reports back.

A ticket (live.media.tickets, audience `media`, ≤ 60 s, single use) is issued only to a confirmed
registrant or a host, only while the room is open (15 minutes before the start until the end), never to
a member a host removed from the room. The media node trusts nothing else (docs/design.md,
« Processes »). It reports attendance, removals, the lock and the doors; the last two go back into every
ticket, so that a room the node dropped once empty comes back as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadData
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from learning.auth import login_required, signed_in
from learning.db import utcnow
from learning.i18n import datetime_fr
from learning.state import app_state
from learning.templating import render
from live import actions, guests, rehearsal
from live.media.tickets import TicketError, verify_report
from live.models import Registration, RoomRemoval, Workshop
from live.permissions import workshop_from_path
from live.room_page import RoomSeat, room_response, ticket_response


@dataclass
class Admission:
    workshop: Workshop
    role: str | None  # host | cohost | participant; None when refused
    refusal: str = ""
    registration: Registration | None = None
    # Refused only because the room is not open yet: her seat (or her host's place) is waiting for her.
    early: bool = False


async def admission(request: Request) -> Admission:
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        registration = await session.scalar(
            select(Registration).where(
                Registration.workshop_id == workshop.id, Registration.member_id == member.id
            )
        )
        removed = await session.get(RoomRemoval, (workshop.id, member.id))
    entry = _decide(workshop, member.id, registration, removed is not None, now)
    entry.registration = registration
    return entry


def _decide(
    workshop: Workshop, member_id: int, registration: Registration | None, removed: bool, now: datetime
) -> Admission:
    if workshop.status == "cancelled":
        return Admission(workshop, None, "Cet atelier est annulé.")
    if workshop.status != "published":
        return Admission(workshop, None, "Cet atelier n'est pas encore publié.")
    if workshop.is_over(now):
        return Admission(workshop, None, "Cet atelier est terminé.")
    if workshop.in_person:
        # No media room at all: no ticket, whoever asks (the node would have nothing to open).
        return Admission(
            workshop,
            None,
            f"Cet atelier a lieu en présentiel ({workshop.place_text}) : il n'y a pas de salle en ligne à rejoindre.",
        )
    if not workshop.room_is_open(now):
        seated = workshop.host_role(member_id) is not None or (
            registration is not None and registration.status == "confirmed"
        )
        return Admission(
            workshop,
            None,
            f"La salle ouvre le {datetime_fr(workshop.room_opens_at)} (heure de Paris), "
            "15 minutes avant le début de l'atelier.",
            early=seated and not removed,
        )
    if removed:
        return Admission(workshop, None, "L'intervenante vous a retirée de cet atelier.")
    role = workshop.host_role(member_id)
    if role is not None:
        return Admission(workshop, role)
    if registration is not None and registration.status == "confirmed":
        return Admission(workshop, "participant")
    if registration is not None and registration.status == "waitlisted":
        return Admission(
            workshop,
            None,
            "Vous êtes sur la liste d'attente : nous vous écrivons dès qu'une place "
            "se libère, avec un lien direct vers la salle.",
        )
    if registration is not None and registration.status == "released":
        return Admission(
            workshop,
            None,
            "Vous n'aviez pas rejoint l'atelier 10 minutes après le début : "
            "votre place a été libérée pour la liste d'attente.",
        )
    return Admission(
        workshop,
        None,
        "Seules les participantes inscrites et les intervenantes peuvent rejoindre cet atelier.",
    )


def _seat(request: Request, entry: Admission) -> RoomSeat:
    member = signed_in(request)
    workshop = entry.workshop
    assert entry.role is not None
    return RoomSeat(
        workshop=workshop,
        room=str(workshop.id),
        member=str(member.id),
        name=member.name,
        role=entry.role,
        ticket_url=f"/ateliers/{workshop.id}/ticket",
        back_url=f"/ateliers/{workshop.id}",
        rejoin_url=f"/ateliers/{workshop.id}/rejoindre",
    )


@login_required
async def join(request: Request) -> Response:
    entry = await admission(request)
    if entry.role is None:
        return _refused(request, entry)
    return await room_response(request, _seat(request, entry))


def _refused(request: Request, entry: Admission) -> Response:
    """Never a dead end: the way back to the workshop, « M'inscrire » when she may still register, and while
    the room is not open yet, when it opens (day and time, a countdown) and the camera and microphone check."""
    workshop, registration = entry.workshop, entry.registration
    now = utcnow()
    may_register = (
        workshop.status == "published"
        and not workshop.is_over(now)
        and workshop.host_role(signed_in(request).id) is None
        and (registration is None or registration.status == "released")
    )
    return render(
        request,
        "live/join_refused.html",
        {
            "workshop": workshop,
            "message": entry.refusal,
            "early": entry.early,
            "may_register": may_register,
            "opens_in": int((workshop.room_opens_at - now).total_seconds()),
        },
        status_code=403,
    )


async def fresh_ticket(request: Request) -> Response:
    """JSON for reconnection: the room page asks for a new ticket when the old one has expired."""
    if request.state.member is None:
        # A script cannot follow the login redirect: say it plainly (the session may have expired).
        return JSONResponse(
            {"error": "Votre session a expiré : reconnectez-vous pour rejoindre l'atelier."}, status_code=403
        )
    entry = await admission(request)
    if entry.role is None:
        return JSONResponse({"error": entry.refusal}, status_code=403)
    return await ticket_response(request, _seat(request, entry))


async def attendance(request: Request) -> Response:
    """Called by the media node: {"token": sign_report(...)}, a member attended or was removed, the room was
    locked or unlocked, its doors opened. Idempotent: the node may send a report twice."""
    try:
        # RecursionError: json.loads gives up on a body nested 100,000 « [ » deep by raising it.
        payload = json.loads(await request.body())
        token = payload["token"] if isinstance(payload, dict) else None
        report = verify_report(app_state(request).settings.secret_key, token)
        if rehearsal.is_rehearsal_room(report.room):
            # « Tester ma salle »: acknowledged so that the node does not retry, and kept nowhere.
            return JSONResponse({"recorded": False})
        workshop_id = _id(report.room)
        guest_id = guests.parse_media_id(report.member) if report.member is not None else None
        member_id = _id(report.member) if report.member is not None and guest_id is None else 0
    # BadData too: whatever the token holds, a bad one is a 400, never a 500.
    except (ValueError, KeyError, TypeError, RecursionError, TicketError, BadData):
        return JSONResponse({"error": "jeton de présence invalide"}, status_code=400)
    db, now = app_state(request).db, utcnow()
    if guest_id is not None:  # an invited speaker: her invitation, not a member, was there or removed
        record = guests.record_attendance if report.kind == "attendance" else guests.record_removal
        return JSONResponse({"recorded": await record(db, workshop_id, guest_id, now)})
    if report.kind == "attendance":
        recorded = await actions.record_attendance(db, workshop_id, member_id, now)
    elif report.kind == "removed":
        recorded = await actions.record_removal(db, workshop_id, member_id, now)
    else:
        recorded = await actions.record_room_flag(db, workshop_id, report.kind, bool(report.value))
    return JSONResponse({"recorded": recorded})


def _id(text: str) -> int:
    value = int(text)
    if not 0 < value < 2**31:
        raise ValueError("id out of range")
    return value
