"""Join tickets (web app → media node) and attendance reports (media node → web app).

A ticket is the only thing the node trusts: the web app signs one for a member with a confirmed
seat, or for a host, valid at most 60 seconds (shared/DESIGN.md, "Processes"). Both kinds of token
are itsdangerous signatures under the shared secret, salted ``entraide.media`` and carrying an
audience (``aud``) so that one kind can never be replayed as the other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from itsdangerous import BadData, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

SALT = "entraide.media"
MAX_TTL = 60
ROLES = ("host", "cohost", "participant")
_MAX_TOKEN = 2048


class TicketError(Exception):
    """The token is not a valid ticket for this node (message in English, for logs)."""


@dataclass(frozen=True)
class Ticket:
    room: str
    member: str
    name: str
    role: str
    expires_at: float


def sign_ticket(secret: str, *, room: str, member: str, name: str, role: str, ttl: int = 60) -> str:
    if ttl > MAX_TTL or ttl <= 0:
        raise ValueError(f"ticket ttl must be between 1 and {MAX_TTL} seconds")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    payload = {
        "aud": "media",
        "room": str(room),
        "member": str(member),
        "name": str(name),
        "role": role,
        "exp": time.time() + ttl,
    }
    return URLSafeSerializer(str(secret), salt=SALT).dumps(payload)


def verify_ticket(secret: str, token: str, *, now: float | None = None) -> Ticket:
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN:
        raise TicketError("malformed ticket")
    try:
        data = URLSafeSerializer(str(secret), salt=SALT).loads(token)
    except BadData as exc:
        raise TicketError("bad ticket signature") from exc
    if not isinstance(data, dict) or data.get("aud") != "media":
        raise TicketError("ticket audience is not media")
    try:
        ticket = Ticket(
            room=_text(data["room"]),
            member=_text(data["member"]),
            name=_text(data["name"]),
            role=_text(data["role"]),
            expires_at=float(data["exp"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TicketError("ticket payload incomplete") from exc
    if ticket.role not in ROLES:
        raise TicketError("ticket role unknown")
    current = time.time() if now is None else now
    if ticket.expires_at <= current:
        raise TicketError("ticket expired")
    if ticket.expires_at > current + MAX_TTL + 5:
        raise TicketError("ticket lifetime too long")
    return ticket


def sign_attendance(secret: str, room: str, member: str) -> str:
    return URLSafeTimedSerializer(str(secret), salt=SALT).dumps(
        {"aud": "attendance", "room": str(room), "member": str(member)}
    )


def verify_attendance(secret: str, token: str, max_age: int = 300) -> tuple[str, str]:
    if not isinstance(token, str) or not token or len(token) > _MAX_TOKEN:
        raise TicketError("malformed attendance token")
    try:
        data = URLSafeTimedSerializer(str(secret), salt=SALT).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TicketError("attendance token expired") from exc
    except BadData as exc:
        raise TicketError("bad attendance signature") from exc
    if not isinstance(data, dict) or data.get("aud") != "attendance":
        raise TicketError("token audience is not attendance")
    try:
        return _text(data["room"]), _text(data["member"])
    except (KeyError, TypeError) as exc:
        raise TicketError("attendance payload incomplete") from exc


def _text(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise TypeError("expected a short non-empty string")
    return value
