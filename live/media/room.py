"""Room state of one live workshop: seats, roles, lobby, raised hands, host actions.

Pure and I/O-free (galene's ``group/``): no websocket, no aiortc, no ``await``. Every method checks
and mutates in one synchronous step, so "check the seat count, then admit" can never interleave with
another join. Members are told what happened through :class:`Client.enqueue`, which only queues.
Chat and reactions pass through :meth:`Room.chat` and :meth:`Room.react` and are never kept.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .text import strip_bidi

CAPACITY = 20  # participants; hosts and co-hosts do not take a seat
GRACE_SECONDS = 60.0  # a seat survives a disconnection this long, keyed on the member
MAX_CHAT = 2000
REACTIONS = ("👍", "👏", "❤️", "😂", "😮", "🎉", "🙏", "✋")
SOURCES = ("camera", "microphone", "screen")
HOST_ROLES = ("host", "cohost")
CHAT_TO = ("everyone", "hosts")  # "hosts": a private line to the hosts and co-hosts
MAX_TURN_MINUTES = 30.0  # « Tour de table »: minutes per person


class Client(Protocol):
    """A member's live connection, as the room sees it."""

    def enqueue(self, message: dict[str, Any]) -> None: ...


class RoomError(Exception):
    """A refused request; ``code`` is part of the wire protocol (docs/media-protocol.md)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Seat:
    member: str
    name: str
    role: str
    counted: bool  # takes one of the CAPACITY participant seats
    order: int
    client: Client | None = None
    held_until: float | None = None
    in_lobby: bool = False
    muted: set[str] = field(default_factory=set)

    @property
    def present(self) -> bool:
        return self.client is not None

    @property
    def is_host(self) -> bool:
        return self.role in HOST_ROLES

    def public(self, hands: list[str]) -> dict[str, Any]:
        return {
            "id": self.member,
            "name": self.name,
            "role": self.role,
            "in_lobby": self.in_lobby,
            "hand": self.member in hands,
            "muted": sorted(self.muted),
        }


@dataclass
class TableRound:
    """« Tour de table »: everyone present gets the floor in turn; the node holds the clock."""

    order: list[str]
    turn_seconds: float
    index: int = 0
    deadline: float = 0.0  # monotonic; pages get the seconds remaining, not a wall-clock time

    @property
    def current(self) -> str:
        return self.order[self.index]


@dataclass(frozen=True)
class JoinResult:
    seat: Seat
    replaced: Client | None  # an older connection of the same member, to be closed
    resumed: bool  # seat was held after a disconnection
    first_admission: bool  # entered the room (not the lobby) for the first time


class Room:
    def __init__(self, room_id: str, *, capacity: int = CAPACITY, grace: float = GRACE_SECONDS) -> None:
        self.id = room_id
        self.capacity = capacity
        self.grace = grace
        self.doors_open = False
        self.locked = False
        self.ended = False
        self.seats: dict[str, Seat] = {}
        self.hands: list[str] = []
        self._removed: set[str] = set()
        self._admitted_once: set[str] = set()
        self._order = 0
        self.floor: str | None = None  # who was given the floor (« Donner la parole »)
        self.round: TableRound | None = None

    # -- queries ---------------------------------------------------------------------------

    @property
    def taken(self) -> int:
        return sum(1 for seat in self.seats.values() if seat.counted)

    def in_room(self, member: str) -> bool:
        seat = self.seats.get(member)
        return seat is not None and seat.present and not seat.in_lobby

    def is_empty(self) -> bool:
        return not self.seats

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doors_open": self.doors_open,
            "locked": self.locked,
            "capacity": self.capacity,
            "taken": self.taken,
            "participants": [
                s.public(self.hands) for s in sorted(self.seats.values(), key=lambda s: s.order) if s.present
            ],
            "hands": list(self.hands),
            "floor": self.floor,
            "round": self._round_state(time.monotonic()),
        }

    # -- arrivals and departures -----------------------------------------------------------

    def join(
        self, *, member: str, name: str, role: str, client: Client, now: float | None = None
    ) -> JoinResult:
        """Admit a ticket holder: resume a held seat, or take a new one if the room allows."""
        now = time.monotonic() if now is None else now
        if self.ended:
            raise RoomError("room_ended")
        if member in self._removed:
            raise RoomError("removed")
        seat = self.seats.get(member)
        replaced = None
        resumed = False
        if seat is not None:
            replaced = seat.client
            resumed = seat.client is None
            seat.client = client
            seat.held_until = None
            seat.name = name
        else:
            host = role in HOST_ROLES
            if self.locked and not host:
                raise RoomError("room_locked")
            if not host and self.taken >= self.capacity:
                raise RoomError("room_full")
            self._order += 1
            seat = Seat(
                member=member, name=name, role=role, counted=not host, order=self._order, client=client
            )
            seat.in_lobby = not host and not self.doors_open
            self.seats[member] = seat
        first = False
        if not seat.in_lobby and member not in self._admitted_once:
            self._admitted_once.add(member)
            first = True
        if not seat.in_lobby and replaced is None:
            self._broadcast({"type": "joined", "member": seat.public(self.hands)}, exclude=member)
        if seat.in_lobby:
            self._tell_hosts_lobby()
        return JoinResult(seat=seat, replaced=replaced, resumed=resumed, first_admission=first)

    def disconnect(self, member: str, client: Client, now: float | None = None) -> bool:
        """The connection dropped: keep the seat for ``grace`` seconds. False if it was not current."""
        now = time.monotonic() if now is None else now
        seat = self.seats.get(member)
        if seat is None or seat.client is not client:
            return False
        seat.client = None
        seat.held_until = now + self.grace
        self._lower(member)
        if seat.in_lobby:
            self._tell_hosts_lobby()
        else:
            self._broadcast({"type": "left", "member": member, "reason": "disconnected"})
        return True

    def leave(self, member: str, client: Client) -> bool:
        """An explicit leave frees the seat at once."""
        seat = self.seats.get(member)
        if seat is None or seat.client is not client:
            return False
        del self.seats[member]
        self._lower(member)
        if seat.in_lobby:
            self._tell_hosts_lobby()
        else:
            self._broadcast({"type": "left", "member": member, "reason": "left"})
        self._drop_floor(member)
        return True

    def expire(self, now: float | None = None) -> list[str]:
        """Free seats whose grace period is over; returns the members dropped."""
        now = time.monotonic() if now is None else now
        gone = [m for m, s in self.seats.items() if s.held_until is not None and s.held_until <= now]
        for member in gone:
            del self.seats[member]
            self._drop_floor(member)
        # The node's ticker calls this every second: it is also the clock of the « Tour de table ».
        self.tick_round(now)
        return gone

    # -- members' own actions --------------------------------------------------------------

    def set_muted(self, member: str, source: str, muted: bool, *, by: str | None = None) -> None:
        seat = self._seat_in_room(member)
        if source not in SOURCES:
            raise RoomError("bad_source")
        if muted:
            seat.muted.add(source)
        else:
            seat.muted.discard(source)
        message: dict[str, Any] = {"type": "muted", "member": member, "source": source, "muted": muted}
        if by is not None:
            message["by"] = by
        self._broadcast(message)

    def raise_hand(self, member: str) -> None:
        self._seat_in_room(member)
        if member not in self.hands:
            self.hands.append(member)
            self._broadcast({"type": "hand_raised", "member": member, "hands": list(self.hands)})

    def lower_hand(self, actor: str, member: str | None = None) -> None:
        target = member or actor
        if target != actor:
            self._require_host(actor)
        self._seat_in_room(actor)
        self._lower(target)

    def chat(self, member: str, text: str, now: float | None = None, *, to: str | None = None) -> None:
        """Relay a chat line to everyone in the room, or privately to the hosts (``to="hosts"``).

        Nothing is kept, nothing is logged."""
        seat = self._seat_in_room(member)
        # A right-to-left override would make the line display other words than it holds.
        text = strip_bidi(text).strip() if isinstance(text, str) else ""
        if not text or len(text) > MAX_CHAT or (to is not None and to not in CHAT_TO):
            raise RoomError("bad_chat")
        at = int(time.time() if now is None else now)
        # The role comes from the ticket, never from the name: only a host's line says she is one.
        message = {
            "type": "chat",
            "from": member,
            "name": seat.name,
            "role": seat.role,
            "text": text,
            "at": at,
        }
        if to == "hosts":
            message["to"] = "hosts"
            # The sender sees her own line too, so that her page shows what was sent and to whom.
            self._send_to(
                (
                    s
                    for s in self.seats.values()
                    if s.present and not s.in_lobby and (s.is_host or s.member == member)
                ),
                message,
            )
            return
        self._broadcast(message)

    def react(self, member: str, emoji: str) -> None:
        self._seat_in_room(member)
        if emoji not in REACTIONS:
            raise RoomError("bad_reaction")
        self._broadcast({"type": "reaction", "from": member, "emoji": emoji})

    # -- host actions ----------------------------------------------------------------------

    def open_doors(self, actor: str) -> list[Seat]:
        """Let the lobby in; returns the seats that entered the room."""
        self._require_host(actor)
        if self.doors_open:
            return []
        self.doors_open = True
        entered = [s for s in self.seats.values() if s.in_lobby]
        for seat in entered:
            seat.in_lobby = False
        self._broadcast({"type": "doors_opened"})
        for seat in entered:
            if seat.present:
                self._broadcast({"type": "joined", "member": seat.public(self.hands)}, exclude=seat.member)
        self._tell_hosts_lobby()
        return entered

    def mark_admitted(self, member: str) -> bool:
        """True the first time a member is in the room proper (for the attendance report)."""
        seat = self.seats.get(member)
        if seat is None or seat.in_lobby or member in self._admitted_once:
            return False
        self._admitted_once.add(member)
        return True

    def mute_member(self, actor: str, member: str, source: str = "microphone") -> None:
        self._require_host(actor)
        self.set_muted(member, source, True, by=actor)

    def mute_all(self, actor: str) -> list[str]:
        self._require_host(actor)
        muted = []
        for seat in list(self.seats.values()):
            if seat.member != actor and not seat.is_host and seat.present and not seat.in_lobby:
                if "microphone" not in seat.muted:
                    self.set_muted(seat.member, "microphone", True, by=actor)
                    muted.append(seat.member)
        return muted

    def remove(self, actor: str, member: str) -> Client | None:
        """Remove a member for the rest of the session; returns her connection, to be closed."""
        self._require_host(actor)
        seat = self.seats.get(member)
        if seat is None or member == actor:
            raise RoomError("unknown_member")
        if seat.role == "host":
            raise RoomError("forbidden")
        self._removed.add(member)
        del self.seats[member]
        self._lower(member)
        self._drop_floor(member)
        client = seat.client
        if client is not None:
            client.enqueue({"type": "removed"})
        self._broadcast({"type": "left", "member": member, "reason": "removed"})
        return client

    def lock(self, actor: str, locked: bool) -> None:
        self._require_host(actor)
        self.locked = bool(locked)
        self._broadcast({"type": "locked", "locked": self.locked})

    def promote(self, actor: str, member: str) -> None:
        seat = self._seat(actor)
        if seat.role != "host":
            raise RoomError("forbidden")
        target = self.seats.get(member)
        if target is None or target.role != "participant":
            raise RoomError("unknown_member")
        target.role = "cohost"
        if target.in_lobby:
            target.in_lobby = False
        self._broadcast({"type": "role_changed", "member": member, "role": "cohost"})

    def end(self, actor: str) -> list[Client]:
        """End the workshop for everyone; returns the connections to close."""
        seat = self._seat(actor)
        if seat.role != "host":
            raise RoomError("forbidden")
        self.ended = True
        self._broadcast({"type": "room_ended"})
        clients = [s.client for s in self.seats.values() if s.client is not None]
        self.seats.clear()
        self.hands.clear()
        self.floor = None
        self.round = None
        return clients

    # -- the floor and the « Tour de table » -------------------------------------------------

    def give_floor(self, actor: str, member: str | None) -> None:
        """« Donner la parole »: lower her hand and tell everyone who has the floor (None: nobody)."""
        self._require_host(actor)
        if member is not None and not self.in_room(member):
            raise RoomError("unknown_member")
        if member is not None:
            self._lower(member)
        self._set_floor(member)

    def start_round(self, actor: str, minutes: float, now: float | None = None) -> None:
        """Every participant present, in order of arrival, gets the floor for ``minutes``."""
        self._require_host(actor)
        now = time.monotonic() if now is None else now
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
            raise RoomError("bad_round")
        if not 0 < minutes <= MAX_TURN_MINUTES:
            raise RoomError("bad_round")
        order = [
            s.member
            for s in sorted(self.seats.values(), key=lambda s: s.order)
            if s.role == "participant" and s.present and not s.in_lobby
        ]
        if not order:
            raise RoomError("bad_round")
        self.round = TableRound(order=order, turn_seconds=float(minutes) * 60, deadline=now + minutes * 60)
        self._lower(order[0])
        self._set_floor(order[0])
        self._broadcast_round(now)

    def next_turn(self, actor: str, now: float | None = None) -> None:
        """The host skips to the next person."""
        self._require_host(actor)
        if self.round is None:
            raise RoomError("bad_round")
        self._advance(time.monotonic() if now is None else now)

    def stop_round(self, actor: str, now: float | None = None) -> None:
        self._require_host(actor)
        if self.round is None:
            raise RoomError("bad_round")
        self._finish_round(time.monotonic() if now is None else now)

    def tick_round(self, now: float | None = None) -> None:
        """Advance when the current turn is over; the round ends by itself after the last one."""
        now = time.monotonic() if now is None else now
        if self.round is not None and now >= self.round.deadline:
            self._advance(now)

    def _advance(self, now: float) -> None:
        assert self.round is not None
        turn = self.round
        turn.index += 1
        # Someone who left (or is disconnected) is skipped rather than given a silent turn.
        while turn.index < len(turn.order) and not self.in_room(turn.order[turn.index]):
            turn.index += 1
        if turn.index >= len(turn.order):
            self._finish_round(now)
            return
        turn.deadline = now + turn.turn_seconds
        self._lower(turn.current)
        self._set_floor(turn.current)
        self._broadcast_round(now)

    def _finish_round(self, now: float) -> None:
        self.round = None
        self._set_floor(None)
        self._broadcast_round(now)

    def _round_state(self, now: float) -> dict[str, Any] | None:
        turn = self.round
        if turn is None:
            return None
        return {
            "order": list(turn.order),
            "index": turn.index,
            "current": turn.current,
            "turn_seconds": turn.turn_seconds,
            "remaining": max(0.0, round(turn.deadline - now, 1)),
        }

    def _broadcast_round(self, now: float) -> None:
        self._broadcast({"type": "round", "round": self._round_state(now)})

    def _set_floor(self, member: str | None) -> None:
        self.floor = member
        seat = self.seats.get(member) if member is not None else None
        self._broadcast(
            {
                "type": "floor",
                "member": member,
                "name": seat.name if seat else None,
                "role": seat.role if seat else None,
            }
        )

    def _drop_floor(self, member: str) -> None:
        if self.floor == member:
            self._set_floor(None)

    # -- helpers -----------------------------------------------------------------------------

    def _seat(self, member: str) -> Seat:
        seat = self.seats.get(member)
        if seat is None or not seat.present:
            raise RoomError("not_joined")
        return seat

    def _seat_in_room(self, member: str) -> Seat:
        seat = self._seat(member)
        if seat.in_lobby:
            raise RoomError("in_lobby")
        return seat

    def _require_host(self, actor: str) -> Seat:
        seat = self._seat(actor)
        if not seat.is_host:
            raise RoomError("forbidden")
        return seat

    def _lower(self, member: str) -> None:
        if member in self.hands:
            self.hands.remove(member)
            self._broadcast({"type": "hand_lowered", "member": member, "hands": list(self.hands)})

    def _tell_hosts_lobby(self) -> None:
        waiting = [
            {"id": s.member, "name": s.name, "role": s.role}
            for s in sorted(self.seats.values(), key=lambda s: s.order)
            if s.in_lobby and s.present
        ]
        self._send_to(
            (s for s in self.seats.values() if s.is_host and s.present), {"type": "lobby", "waiting": waiting}
        )

    def _broadcast(self, message: dict[str, Any], *, exclude: str | None = None) -> None:
        self._send_to(
            (s for s in self.seats.values() if s.present and not s.in_lobby and s.member != exclude), message
        )

    @staticmethod
    def _send_to(seats: Iterable[Seat], message: dict[str, Any]) -> None:
        for seat in seats:
            assert seat.client is not None
            seat.client.enqueue(message)
