"""The signaling wire protocol, as code: message types, their fields, error codes, close codes.

The same protocol is written for humans in ``docs/media-protocol.md``; a test checks that every
message type and error code defined here is documented there. Identifiers are English; the
``message`` of an error is French, because browsers show it to members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

VERSION = 1
MAX_FRAME = 64 * 1024  # bytes; a bigger frame closes the socket with 1009
MAX_SDP = 48 * 1024

# Client → node: type -> {field: (python type(s), required)}
CLIENT_MESSAGES: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    "join": {"v": (int, True), "ticket": (str, True)},
    "publish": {"sdp": (str, True), "sources": (dict, True)},
    "unpublish": {"source": (str, True)},
    "subscribe": {},
    "subscribe_answer": {"sdp": (str, True)},
    "restart": {"sdp": (str, False), "sources": (dict, False)},
    "mute": {"source": (str, True), "muted": (bool, True)},
    "raise_hand": {},
    "lower_hand": {"member": (str, False)},
    "chat": {"text": (str, True), "to": (str, False)},
    "reaction": {"emoji": (str, True)},
    "open_doors": {},
    "mute_member": {"member": (str, True), "source": (str, False)},
    "mute_all": {},
    "remove": {"member": (str, True)},
    "lock": {"locked": (bool, True)},
    "promote": {"member": (str, True)},
    "end": {},
    "give_floor": {"member": ((str, type(None)), False)},
    "round_start": {"minutes": ((int, float), True)},
    "round_next": {},
    "round_stop": {},
    "leave": {},
    "ping": {},
    "view": {"tiles": (list, True), "save_data": (bool, False)},
}

# Node → client.
SERVER_MESSAGES = (
    "welcome",
    "error",
    "publish_answer",
    "subscribe_offer",
    "slot",
    "joined",
    "left",
    "muted",
    "hand_raised",
    "hand_lowered",
    "chat",
    "reaction",
    "lobby",
    "doors_opened",
    "locked",
    "role_changed",
    "removed",
    "room_ended",
    "floor",
    "round",
    "pong",
    "quality",
)

ERRORS = {
    "bad_json": "Message illisible.",
    "bad_message": "Message invalide.",
    "unknown_type": "Type de message inconnu.",
    "bad_version": "Version du protocole non prise en charge.",
    "join_first": "Rejoignez d'abord l'atelier.",
    "already_joined": "Vous avez déjà rejoint l'atelier.",
    "bad_ticket": "Votre accès a expiré ou n'est pas valable. Rechargez la page.",
    "wrong_room": "Cet accès ne correspond pas à cet atelier.",
    "room_full": "L'atelier est complet.",
    "room_locked": "L'atelier est verrouillé.",
    "room_ended": "L'atelier est terminé.",
    "removed": "Vous avez été retirée de l'atelier.",
    "replaced": "Vous avez rejoint l'atelier depuis une autre fenêtre.",
    "in_lobby": "Patientez : l'intervenante va ouvrir l'atelier.",
    "not_joined": "Vous n'êtes pas dans l'atelier.",
    "forbidden": "Cette action est réservée à l'intervenante.",
    "unknown_member": "Cette personne n'est pas dans l'atelier.",
    "bad_source": "Source inconnue.",
    "bad_sdp": "La négociation média a échoué.",
    "bad_chat": "Message vide ou trop long.",
    "bad_reaction": "Réaction inconnue.",
    "bad_round": "Tour de table impossible : durée invalide, aucun tour en cours ou personne à qui donner la parole.",
    "rate_limited": "Trop de messages : ralentissez.",
    "timeout": "Délai dépassé.",
    "server_error": "Erreur du serveur média.",
}

# WebSocket close codes used by the node (1000-1011 are the standard ones).
CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008
CLOSE_TRY_AGAIN = 1013  # the client reads too slowly
CLOSE_BAD_TICKET = 4401
CLOSE_FORBIDDEN = 4403  # removed, wrong room
CLOSE_REPLACED = 4409
CLOSE_ENDED = 4410
CLOSE_FULL = 4429
CLOSE_CODES = {
    "bad_ticket": CLOSE_BAD_TICKET,
    "wrong_room": CLOSE_FORBIDDEN,
    "removed": CLOSE_FORBIDDEN,
    "room_locked": CLOSE_FORBIDDEN,
    "room_full": CLOSE_FULL,
    "room_ended": CLOSE_ENDED,
    "replaced": CLOSE_REPLACED,
    "bad_version": CLOSE_POLICY,
    "timeout": CLOSE_POLICY,
    "rate_limited": CLOSE_POLICY,
}


class ProtocolError(Exception):
    """A request the node refuses; ``code`` is a key of ERRORS."""

    def __init__(self, code: str, *, close: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.close = close


@dataclass(frozen=True)
class Message:
    type: str
    fields: dict[str, Any]
    id: int | str | None = None  # echoed as ``in_reply_to`` in an error reply


def parse(raw: str | bytes) -> Message:
    """Validate one frame into a Message, or raise ProtocolError."""
    if isinstance(raw, bytes):
        raise ProtocolError("bad_message")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError("bad_json") from exc
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("bad_message")
    kind = data["type"]
    schema = CLIENT_MESSAGES.get(kind)
    if schema is None:
        raise ProtocolError("unknown_type")
    msg_id = data.get("id")
    if msg_id is not None and not (isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool)):
        raise ProtocolError("bad_message")
    fields: dict[str, Any] = {}
    for name, (types, required) in schema.items():
        if name not in data:
            if required:
                raise ProtocolError("bad_message")
            continue
        value = data[name]
        if not isinstance(value, types) or (isinstance(value, bool) and types is int):
            raise ProtocolError("bad_message")
        fields[name] = value
    return Message(kind, fields, msg_id)


def error(code: str, in_reply_to: int | str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "type": "error",
        "code": code,
        "message": ERRORS.get(code, ERRORS["server_error"]),
    }
    if in_reply_to is not None:
        message["in_reply_to"] = in_reply_to
    return message
