"""The rooms of one node, in memory only: each made on first use, dropped once nobody needs it.

A :class:`RoomContext` pairs the pure room state with its media hub. A room disappears once it is
empty, its held seats have expired and no connection still points at it. What must outlive it (members
removed, the lock, the doors) is reported to the site (attendance.py), which writes the lock and doors
into the next tickets, so that the room comes back as it was left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .counters import Counters
from .forwarder import MediaHub
from .room import Room


@dataclass
class RoomContext:
    room: Room
    hub: MediaHub


class Rooms:
    def __init__(self, counters: Counters, *, drop_rate: float = 0.0, adapt_links: bool = True) -> None:
        self._adapt_links = adapt_links
        self._counters = counters
        self._drop_rate = drop_rate  # fault injection, for tests and benchmarks only
        self._rooms: dict[str, RoomContext] = {}
        # Kept after the room itself is dropped: a late join must not reopen an ended workshop.
        self._ended: set[str] = set()

    def __len__(self) -> int:
        return len(self._rooms)

    def __contains__(self, room_id: str) -> bool:
        return room_id in self._rooms

    def __getitem__(self, room_id: str) -> RoomContext:
        return self._rooms[room_id]

    def __iter__(self) -> Iterator[RoomContext]:
        return iter(list(self._rooms.values()))

    def get(self, room_id: str, *, locked: bool = False, doors_open: bool = False) -> RoomContext:
        """The room, created on first use with the state the site kept (it comes in the ticket): a
        room dropped once empty, or opened on another node, starts locked or open as it was left."""
        ctx = self._rooms.get(room_id)
        if ctx is None:
            room = Room(room_id)
            room.ended = room_id in self._ended
            room.locked, room.doors_open = locked, doors_open
            hub = MediaHub(self._counters, drop_rate=self._drop_rate)
            hub.adapt_links = self._adapt_links
            ctx = self._rooms[room_id] = RoomContext(room, hub)
        return ctx

    def end(self, room_id: str) -> None:
        self._ended.add(room_id)

    async def expire(self, attended: Callable[[RoomContext], bool]) -> None:
        """One tick: expire held seats, send each publisher its caps, drop the rooms nobody needs.

        ``attended`` is asked only once a room is empty, after the awaits of this tick: a connection
        may have joined the room meanwhile."""
        for room_id, ctx in list(self._rooms.items()):
            ctx.room.expire()
            await ctx.hub.send_caps()
            if ctx.room.is_empty() and not attended(ctx):
                await ctx.hub.close()
                del self._rooms[room_id]

    async def close(self) -> None:
        for ctx in self._rooms.values():
            await ctx.hub.close()
        self._rooms.clear()
