"""Signaling: one task per websocket connection (galene's ``rtpconn/webclient.go`` shape).

A versioned ``join`` handshake with a timeout, then a reader that validates every frame and
dispatches it through a dict of handlers, and a writer behind a bounded queue. One function,
``_refuse``, maps typed errors to error replies or close codes. Chat and reactions pass through
the room and are never logged; log lines here carry codes and counts, never content.

A session sees the node only through :class:`NodeServices`, and other sessions only through their
public methods: what one member's action does to another's connection has a name here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed

from . import adapt, protocol
from .attendance import AttendanceReporter
from .forwarder import VIDEO_SLOTS
from .guards import PendingSlot, UsedTickets
from .peers import PublisherPeer, SubscriberPeer
from .protocol import Message, ProtocolError
from .room import SOURCES, RoomError
from .rooms import RoomContext, Rooms
from .settings import IceServer
from .speakers import AUDIO_SLOTS
from .tickets import TicketError, verify_ticket

logger = logging.getLogger(__name__)

# Browsers send `join` as soon as the socket opens; a connection that has not joined counts against the
# node's pending limits (guards.py), so it is not held long.
JOIN_TIMEOUT = 5.0
OUTBOX = 512
RATE = 20.0  # messages per second, sustained
BURST = 60.0
MAX_REFUSED = 100  # refused (rate-limited) messages before the socket is closed


class SessionSettings(Protocol):
    """The node's settings a session reads: the key that signs tickets, the node's own public URL (a ticket
    naming another node is refused), the ICE servers to hand out."""

    @property
    def secret_key(self) -> str: ...

    @property
    def public_url(self) -> str: ...

    def ice_servers_for(self, member: str) -> list[IceServer]: ...


class NodeServices(Protocol):
    """What a session needs from the node that accepted it, and nothing else."""

    @property
    def settings(self) -> SessionSettings: ...

    @property
    def rooms(self) -> Rooms: ...

    @property
    def used_tickets(self) -> UsedTickets: ...

    @property
    def attendance(self) -> AttendanceReporter: ...

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None: ...

    def forget(self, session: Session) -> None: ...


class Session:
    def __init__(
        self, node: NodeServices, websocket: Any, room_id: str, pending: PendingSlot | None = None
    ) -> None:
        self.node = node
        self.ws = websocket
        self.room_id = room_id
        self._pending = pending  # released when the join handshake is over, whatever its outcome
        self.ctx: RoomContext | None = None
        self.member: str | None = None
        self._ice_servers: list[dict[str, Any]] = []
        self.publisher: PublisherPeer | None = None
        self.subscriber: SubscriberPeer | None = None
        # Peer connections taken over from her previous socket (hand_over), for a `restart` to rebuild;
        # a page that starts afresh (publish, subscribe) has nothing to do with them.
        self._inherited = False
        self._outbox: asyncio.Queue[str | tuple[int, str]] = asyncio.Queue(OUTBOX)
        self._closing = False
        self._left = False
        self._tokens = BURST
        self._stamp = time.monotonic()
        self._refused = 0
        self._handlers: dict[str, Callable[[Message], Awaitable[None]]] = {
            "publish": self._publish,
            "unpublish": self._unpublish,
            "subscribe": self._subscribe,
            "subscribe_answer": self._subscribe_answer,
            "restart": self._restart,
            "mute": self._mute,
            "raise_hand": self._raise_hand,
            "lower_hand": self._lower_hand,
            "chat": self._chat,
            "reaction": self._reaction,
            "open_doors": self._open_doors,
            "mute_member": self._mute_member,
            "mute_all": self._mute_all,
            "remove": self._remove,
            "lock": self._lock,
            "promote": self._promote,
            "end": self._end,
            "give_floor": self._give_floor,
            "round_start": self._round_start,
            "round_next": self._round_next,
            "round_stop": self._round_stop,
            "leave": self._leave,
            "ping": self._ping,
            "view": self._view,
            "join": self._join_again,
        }

    # -- Client protocol (room.py): enqueue only ----------------------------------------------------

    def enqueue(self, message: dict[str, Any]) -> None:
        if self._closing:
            return
        try:
            self._outbox.put_nowait(json.dumps(message, ensure_ascii=False))
        except asyncio.QueueFull:
            self.close_soon(protocol.CLOSE_TRY_AGAIN, "slow consumer")

    def close_soon(self, code: int, reason: str = "") -> None:
        """Send what is queued, then close. Safe to call from anywhere, any number of times."""
        if self._closing:
            return
        self._closing = True
        try:
            self._outbox.put_nowait((code, reason))
        except asyncio.QueueFull:
            self.node.spawn(self.ws.close(code, reason))

    # -- what another member's join or action does to this connection -------------------------------

    def supersede(self) -> None:
        """The same member joined again from another window: tell this one why, then close it."""
        self.enqueue(protocol.error("replaced"))
        self.close_soon(protocol.CLOSE_REPLACED, "replaced")

    def hand_over(
        self, notify: Callable[[dict[str, Any]], None]
    ) -> tuple[PublisherPeer | None, SubscriberPeer | None]:
        """Her new connection to the room takes this one's peer connections (a network change: the page
        rejoins on a new socket, then asks for a ``restart``), so that her closing here does not take
        her videos and subscriptions away from the room."""
        publisher, subscriber = self.publisher, self.subscriber
        self.publisher = self.subscriber = None
        if subscriber is not None:
            subscriber.redirect(notify)
        return publisher, subscriber

    def dismiss(self, code: int, reason: str) -> None:
        """Close a connection whose seat the room has already let go (she left, was removed, or the
        room ended): there is no seat to hold for her, so its cleanup does not tell the room she
        disconnected."""
        self._left = True
        self.close_soon(code, reason)

    # -- lifecycle -----------------------------------------------------------------------------------

    async def run(self) -> None:
        writer = asyncio.get_running_loop().create_task(self._writer())
        try:
            if await self._handshake():
                async for raw in self.ws:
                    if self._closing:
                        # Keep reading (and dropping) until the close handshake completes: a
                        # reader that stops leaves the peer's close frame unread behind a flood.
                        continue
                    await self._receive(raw)
        except ConnectionClosed:
            pass
        finally:
            await self._cleanup()
            if not self._closing:
                self.close_soon(protocol.CLOSE_NORMAL)
            try:
                await asyncio.wait_for(writer, timeout=5)
            except (TimeoutError, ConnectionClosed):
                writer.cancel()

    async def _writer(self) -> None:
        while True:
            item = await self._outbox.get()
            if isinstance(item, tuple):
                await self.ws.close(*item)
                return
            try:
                await self.ws.send(item)
            except ConnectionClosed:
                return

    async def _handshake(self) -> bool:
        try:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=JOIN_TIMEOUT)
        except TimeoutError:
            self._refuse(ProtocolError("timeout", close=True))
            return False
        finally:
            if self._pending is not None:
                self._pending.release()
        try:
            message = protocol.parse(raw)
            if message.type != "join":
                raise ProtocolError("join_first", close=True)
            await self._join(message)
        except (ProtocolError, RoomError) as exc:
            self._refuse(exc, close=True)
            return False
        return True

    async def _join(self, message: Message) -> None:
        if message.fields["v"] != protocol.VERSION:
            raise ProtocolError("bad_version", close=True)
        node = self.node
        try:
            ticket = verify_ticket(node.settings.secret_key, message.fields["ticket"])
        except TicketError as exc:
            logger.info("join refused: %s", exc)
            raise ProtocolError("bad_ticket", close=True) from exc
        if ticket.room != self.room_id:
            raise ProtocolError("wrong_room", close=True)
        if ticket.node and node.settings.public_url and ticket.node != node.settings.public_url:
            # The site placed this room on another node: a fresh ticket names the right one.
            logger.info("join refused: ticket for another node")
            raise ProtocolError("bad_ticket", close=True)
        if not node.used_tickets.use(ticket.jti, ticket.expires_at):
            # A copied ticket must not take over the member's seat (a second join replaces the first).
            logger.info("join refused: ticket already used")
            raise ProtocolError("bad_ticket", close=True)
        ctx = node.rooms.get(self.room_id, locked=ticket.locked, doors_open=ticket.doors_open)
        # Check and admit in one synchronous call: no await between them (room.py).
        result = ctx.room.join(member=ticket.member, name=ticket.name, role=ticket.role, client=self)
        self.ctx = ctx
        self.member = ticket.member
        # The same list for her browser and for the node's side of her connections.
        self._ice_servers = [s.as_json() for s in node.settings.ice_servers_for(ticket.member)]
        if isinstance(result.replaced, Session):
            if not result.seat.in_lobby:
                self.publisher, self.subscriber = result.replaced.hand_over(self.enqueue)
                self._inherited = True
            result.replaced.supersede()
        if result.first_admission:
            node.attendance.report(self.room_id, ticket.member)
        self.enqueue(
            {
                "type": "welcome",
                "v": protocol.VERSION,
                "you": {
                    "id": ticket.member,
                    "name": ticket.name,
                    "role": result.seat.role,
                    "in_lobby": result.seat.in_lobby,
                },
                "room": ctx.room.snapshot(),
                "ice_servers": self._ice_servers,
                "slots": [],
                "limits": {"video_slots": VIDEO_SLOTS, "audio_slots": AUDIO_SLOTS},
            }
        )

    async def _receive(self, raw: str | bytes) -> None:
        if not self._take_token():
            self._refused += 1
            if self._refused == 1 or self._refused % 50 == 0:
                self.enqueue(protocol.error("rate_limited"))
            if self._refused > MAX_REFUSED:
                self._refuse(ProtocolError("rate_limited", close=True))
            return
        message: Message | None = None
        try:
            message = protocol.parse(raw)
            await self._handlers[message.type](message)
        except (ProtocolError, RoomError) as exc:
            self._refuse(exc, in_reply_to=message.id if message else None)
        except Exception as exc:  # a bug: answer server_error, keep serving, log no content
            logger.error("handler %s failed: %s", message.type if message else "?", type(exc).__name__)
            self._refuse(ProtocolError("server_error"), in_reply_to=message.id if message else None)

    def _take_token(self) -> bool:
        now = time.monotonic()
        self._tokens = min(BURST, self._tokens + (now - self._stamp) * RATE)
        self._stamp = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def _refuse(
        self, exc: ProtocolError | RoomError, *, close: bool = False, in_reply_to: Any = None
    ) -> None:
        """The one place where typed errors become error replies and close codes."""
        code = exc.code
        self.enqueue(protocol.error(code, in_reply_to))
        if close or getattr(exc, "close", False) or code in ("removed", "room_ended"):
            self.close_soon(protocol.CLOSE_CODES.get(code, protocol.CLOSE_POLICY), code)

    async def _cleanup(self) -> None:
        ctx, member = self.ctx, self.member
        for peer in (self.publisher, self.subscriber):
            if peer is not None:
                try:
                    await peer.close()
                except Exception as exc:  # never let a closing peer keep the seat or the task
                    logger.warning("peer close failed: %s", type(exc).__name__)
        self.publisher = self.subscriber = None
        if ctx is not None and member is not None and not self._left:
            ctx.room.disconnect(member, self)
        self.node.forget(self)

    # -- handlers ------------------------------------------------------------------------------------

    def _in_room(self) -> tuple[RoomContext, str]:
        ctx, member = self.ctx, self.member
        assert ctx is not None and member is not None
        seat = ctx.room.seats.get(member)
        if seat is None or seat.client is not self:
            raise ProtocolError("not_joined")
        if seat.in_lobby:
            raise RoomError("in_lobby")
        return ctx, member

    async def _join_again(self, message: Message) -> None:
        raise ProtocolError("already_joined")

    async def _drop_inherited(self) -> None:
        """A fresh page (another window, a reload) publishes and subscribes anew: the connections of her
        previous socket go, as they did before restarts existed."""
        self._inherited = False
        publisher, self.publisher = self.publisher, None
        if publisher is not None:
            await publisher.close()

    async def _publish(self, message: Message) -> None:
        ctx, member = self._in_room()
        if self._inherited:
            await self._drop_inherited()
        if self.publisher is None:
            self.publisher = PublisherPeer(ctx.hub, member, ctx.room.seats[member].role, self._ice_servers)
        self.publisher.role = ctx.room.seats[member].role  # a co-host promoted since
        muted = ctx.room.seats[member].muted
        sdp = await self.publisher.negotiate(message.fields["sdp"], message.fields["sources"], muted)
        self.enqueue({"type": "publish_answer", "sdp": sdp})

    async def _unpublish(self, message: Message) -> None:
        self._in_room()
        if message.fields["source"] not in SOURCES:
            raise ProtocolError("bad_source")
        if self.publisher is not None:
            self.publisher.unpublish(message.fields["source"])

    async def _subscribe(self, message: Message) -> None:
        ctx, member = self._in_room()
        if self._inherited:
            await self._drop_inherited()  # her receiving connection is replaced just below
        if self.subscriber is None:
            self.subscriber = SubscriberPeer(ctx.hub, member, self._ice_servers, self.enqueue)
        sdp, slots = await self.subscriber.offer()
        self.enqueue({"type": "subscribe_offer", "sdp": sdp, "slots": slots})

    async def _subscribe_answer(self, message: Message) -> None:
        self._in_room()
        if self.subscriber is None:
            raise ProtocolError("bad_sdp")
        await self.subscriber.answer(message.fields["sdp"])

    async def _restart(self, message: Message) -> None:
        """The node's ICE restart: new connections for the same seat (docs/media-protocol.md)."""
        ctx, member = self._in_room()
        self._inherited = False
        sdp, names = message.fields.get("sdp"), message.fields.get("sources")
        if (sdp is None) != (names is None):
            raise ProtocolError("bad_message")
        seat = ctx.room.seats[member]
        if sdp is not None and names is not None:
            if self.publisher is None:
                self.publisher = PublisherPeer(ctx.hub, member, seat.role, self._ice_servers)
            self.publisher.role = seat.role
            answer = await self.publisher.restart(sdp, names, seat.muted)
            self.enqueue({"type": "publish_answer", "sdp": answer})
        elif self.publisher is not None:  # she publishes nothing any more
            publisher, self.publisher = self.publisher, None
            await publisher.close()
        if self.subscriber is None:
            self.subscriber = SubscriberPeer(ctx.hub, member, self._ice_servers, self.enqueue)
        offer, slots = await self.subscriber.offer(keep=True)
        self.enqueue({"type": "subscribe_offer", "sdp": offer, "slots": slots})
        for described in self.subscriber.bound():
            self.enqueue(described)

    async def _view(self, message: Message) -> None:
        ctx, member = self._in_room()
        view = adapt.parse_view(message.fields)
        if self.subscriber is None:
            self.subscriber = SubscriberPeer(ctx.hub, member, self._ice_servers, self.enqueue)
        self.subscriber.set_view(view)

    async def _mute(self, message: Message) -> None:
        ctx, member = self._in_room()
        source, muted = message.fields["source"], message.fields["muted"]
        ctx.room.set_muted(member, source, muted)
        ctx.hub.set_muted(member, source, muted)

    async def _raise_hand(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.raise_hand(member)

    async def _lower_hand(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.lower_hand(member, message.fields.get("member"))

    async def _chat(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.chat(member, message.fields["text"], to=message.fields.get("to"))

    async def _reaction(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.react(member, message.fields["emoji"])

    async def _open_doors(self, message: Message) -> None:
        ctx, member = self._in_room()
        was_open = ctx.room.doors_open
        for seat in ctx.room.open_doors(member):
            if ctx.room.mark_admitted(seat.member):
                self.node.attendance.report(self.room_id, seat.member)
        if not was_open:
            self.node.attendance.doors_opened(self.room_id)

    async def _mute_member(self, message: Message) -> None:
        ctx, member = self._in_room()
        target, source = message.fields["member"], message.fields.get("source", "microphone")
        if target not in ctx.room.seats:
            raise RoomError("unknown_member")
        ctx.room.mute_member(member, target, source)
        ctx.hub.set_muted(target, source, True)

    async def _mute_all(self, message: Message) -> None:
        ctx, member = self._in_room()
        for target in ctx.room.mute_all(member):
            ctx.hub.set_muted(target, "microphone", True)

    async def _remove(self, message: Message) -> None:
        ctx, member = self._in_room()
        target = message.fields["member"]
        client = ctx.room.remove(member, target)
        # The room forgets her once it is empty; the site refuses her tickets from now on.
        self.node.attendance.removed(self.room_id, target)
        if isinstance(client, Session):
            client.dismiss(protocol.CLOSE_FORBIDDEN, "removed")

    async def _lock(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.lock(member, message.fields["locked"])
        self.node.attendance.locked(self.room_id, ctx.room.locked)

    async def _promote(self, message: Message) -> None:
        ctx, member = self._in_room()
        target = message.fields["member"]
        ctx.room.promote(member, target)
        ctx.hub.set_role(target, "cohost")

    async def _end(self, message: Message) -> None:
        ctx, member = self._in_room()
        for client in ctx.room.end(member):
            if isinstance(client, Session):
                client.dismiss(protocol.CLOSE_ENDED, "room_ended")
        self.node.rooms.end(self.room_id)

    async def _give_floor(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.give_floor(member, message.fields.get("member"))

    async def _round_start(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.start_round(member, message.fields["minutes"])

    async def _round_next(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.next_turn(member)

    async def _round_stop(self, message: Message) -> None:
        ctx, member = self._in_room()
        ctx.room.stop_round(member)

    async def _leave(self, message: Message) -> None:
        ctx, member = self._in_room_or_lobby()
        ctx.room.leave(member, self)
        self.dismiss(protocol.CLOSE_NORMAL, "left")

    def _in_room_or_lobby(self) -> tuple[RoomContext, str]:
        ctx, member = self.ctx, self.member
        assert ctx is not None and member is not None
        return ctx, member

    async def _ping(self, message: Message) -> None:
        self.enqueue({"type": "pong"})
