"""« Tester ma salle »: a private rehearsal room for a workshop's hosts, before the workshop.

It is a room of the same media node, joined through the same page and code as the real one, under a
room id of its own, `<workshop>-repetition-<key>`: a ticket for it never opens the real room, and a
ticket for the real room never opens it. Only the workshop's hosts (its intervenante, co-host, invited
guests) get rehearsal tickets; one shares her rehearsal by giving its link (which carries the key) to a
co-host. The node's reports about a rehearsal room are acknowledged and dropped: nothing of it is kept.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from live.models import Workshop

_ROOM = re.compile(r"^[0-9]{1,10}-repetition-([0-9a-f]{12})$")
_KEY = re.compile(r"^[0-9a-f]{12}$")


def new_key() -> str:
    return secrets.token_hex(6)


def valid_key(key: object) -> bool:
    return isinstance(key, str) and _KEY.match(key) is not None


def room_id(workshop: Workshop, key: str) -> str:
    return f"{workshop.id}-repetition-{key}"


def is_rehearsal_room(room: str) -> bool:
    return _ROOM.match(room) is not None


def refusal(workshop: Workshop, now: datetime) -> str | None:
    """Why no rehearsal can be opened now (French), None when it can: any time before the end."""
    if workshop.status == "cancelled":
        return "Cet atelier est annulé."
    if workshop.in_person:
        return "Cet atelier a lieu en présentiel : il n'y a pas de salle en ligne à tester."
    if workshop.is_over(now):
        return "Cet atelier est terminé."
    return None
