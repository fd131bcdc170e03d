"""The room page and its fresh tickets, for every way in: a registrant's or an intervenante's
(`/ateliers/{id}/rejoindre`, live.tickets_web), an invited guest's (live.views_guests) and a rehearsal
(live.views_rehearsal). Same template, same client and same media node; only who the ticket names, the room
id and the page's links differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from learning.state import app_state
from learning.templating import render
from live.lifespan import node_placement
from live.media.tickets import sign_ticket
from live.models import Workshop

TICKET_TTL = 60


@dataclass(frozen=True)
class RoomSeat:
    """Who enters which room: `member` is what the ticket names (a member id, or « guest-12 »)."""

    workshop: Workshop
    room: str
    member: str
    name: str
    role: str
    ticket_url: str
    back_url: str
    rejoin_url: str
    extra: dict[str, Any] = field(default_factory=dict)  # template context (the rehearsal's share link)
    rehearsal: bool = False


async def _node(request: Request, seat: RoomSeat) -> str:
    """The node of the workshop's room (live.node_placement): a guest's room and a rehearsal go there too."""
    return await node_placement(request).node_for(seat.workshop.id)


def _ticket(request: Request, seat: RoomSeat, node: str) -> str:
    workshop = seat.workshop
    return sign_ticket(
        app_state(request).settings.secret_key,
        room=seat.room,
        member=seat.member,
        name=seat.name,
        role=seat.role,
        ttl=TICKET_TTL,
        # A rehearsal starts open and unlocked: there is no lobby to let anyone out of.
        locked=False if seat.rehearsal else workshop.room_locked,
        doors_open=True if seat.rehearsal else workshop.room_doors_open,
        node=node_placement(request).ticket_claim(node),
    )


async def room_response(request: Request, seat: RoomSeat) -> Response:
    node = await _node(request, seat)
    return render(
        request,
        "live/room.html",
        {
            "workshop": seat.workshop,
            "ticket": _ticket(request, seat, node),
            "media_url": f"{node}/rooms/{seat.room}",
            "role": seat.role,
            "expires_in": TICKET_TTL,
            "room_name": seat.name,
            "ticket_url": seat.ticket_url,
            "back_url": seat.back_url,
            "rejoin_url": seat.rejoin_url,
            "rehearsal": seat.rehearsal,
            **seat.extra,
        },
        headers={"Cache-Control": "no-store"},
    )


async def ticket_response(request: Request, seat: RoomSeat) -> Response:
    node = await _node(request, seat)
    return JSONResponse(
        {
            "ticket": _ticket(request, seat, node),
            "media_url": f"{node}/rooms/{seat.room}",
            "expires_in": TICKET_TTL,
        },
        headers={"Cache-Control": "no-store"},
    )


def refused(request: Request, message: str, *, json: bool, status: int = 403) -> Response:
    if json:
        return JSONResponse({"error": message}, status_code=status)
    return render(
        request,
        "error.html",
        {"title": "Impossible d'entrer dans la salle", "message": message},
        status_code=status,
    )
