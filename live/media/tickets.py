"""Join tickets (web app → media node) and reports (media node → web app).

A ticket is the only thing the node trusts: the web app signs one for a member with a confirmed
seat, or for a host, valid at most 60 seconds (docs/design.md, "Processes"). It carries a random
id (``jti``) so that the node can refuse a second use, and the room state the site keeps (locked,
doors open) so that a room recreated on any node starts as it was left.

Reports go the other way, on the attendance channel: a member attended, a host removed a member,
locked or unlocked the room, opened the doors. Both kinds of token are itsdangerous signatures under
the shared secret, salted ``entraide.media`` and carrying an audience (``aud``) so that one kind can
never be replayed as the other.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadData, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from .text import clean_name

SALT = "entraide.media"
MAX_TTL = 60
ROLES = ("host", "cohost", "participant")
# What the node reports to the site: attendance (a member was in the room), and the host actions that
# must outlive the room's memory (a removed member, the lock, the doors).
REPORT_KINDS = ("attendance", "removed", "lock", "doors")
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
    jti: str = ""  # random id: the node accepts each ticket once
    locked: bool = False  # room state kept by the site, restored when the node creates the room
    doors_open: bool = False
    node: str = ""  # the public URL of the node the site placed the room on ("" with a single node)


@dataclass(frozen=True)
class Report:
    room: str
    kind: str  # one of REPORT_KINDS
    member: str | None = None  # attendance, removed
    value: bool | None = None  # lock, doors


def sign_ticket(
    secret: str,
    *,
    room: str,
    member: str,
    name: str,
    role: str,
    ttl: int = 60,
    locked: bool = False,
    doors_open: bool = False,
    node: str = "",
) -> str:
    if ttl > MAX_TTL or ttl <= 0:
        raise ValueError(f"ticket ttl must be between 1 and {MAX_TTL} seconds")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    payload = {
        "aud": "media",
        "jti": secrets.token_urlsafe(16),
        "room": str(room),
        "member": str(member),
        "name": str(name),
        "role": role,
        "exp": time.time() + ttl,
        "locked": bool(locked),
        "doors": bool(doors_open),
    }
    if node:
        payload["node"] = node
    return URLSafeSerializer(str(secret), salt=SALT).dumps(payload)


def verify_ticket(secret: str, token: object, *, now: float | None = None) -> Ticket:
    """The ticket a client sent; `token` is untrusted input, of any type: TicketError unless it is sound."""
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
            # Whatever the web app let through, no control character reaches the room's pages.
            name=clean_name(_text(data["name"])),
            role=_text(data["role"]),
            expires_at=float(data["exp"]),
            jti=_text(data["jti"]),
            locked=data.get("locked", False) is True,
            doors_open=data.get("doors", False) is True,
            node=_text(data["node"]) if "node" in data else "",
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


def sign_report(
    secret: str, room: str, kind: str, *, member: str | None = None, value: bool | None = None
) -> str:
    """A report on the attendance channel; ``member`` for attendance and removed, ``value`` otherwise."""
    if kind not in REPORT_KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    payload: dict[str, object] = {"aud": "attendance", "room": str(room)}
    if kind != "attendance":  # an attendance report stays what it was before reports had kinds
        payload["kind"] = kind
    if kind in ("attendance", "removed"):
        payload["member"] = str(member)
    else:
        payload["value"] = bool(value)
    return URLSafeTimedSerializer(str(secret), salt=SALT).dumps(payload)


def verify_report(secret: str, token: object, max_age: int = 300) -> Report:
    """The report in a token the web app received (any JSON value): TicketError unless it is sound."""
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
    kind = data.get("kind", "attendance")
    if kind not in REPORT_KINDS:
        raise TicketError("report kind unknown")
    try:
        if kind in ("attendance", "removed"):
            return Report(_text(data["room"]), kind, member=_text(data["member"]))
        if not isinstance(data["value"], bool):
            raise TypeError("value is not a boolean")
        return Report(_text(data["room"]), kind, value=data["value"])
    except (KeyError, TypeError) as exc:
        raise TicketError("attendance payload incomplete") from exc


def sign_attendance(secret: str, room: str, member: str) -> str:
    return sign_report(secret, room, "attendance", member=member)


def verify_attendance(secret: str, token: str, max_age: int = 300) -> tuple[str, str]:
    report = verify_report(secret, token, max_age)
    if report.kind != "attendance" or report.member is None:
        raise TicketError("report is not an attendance")
    return report.room, report.member


def _text(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise TypeError("expected a short non-empty string")
    return value
