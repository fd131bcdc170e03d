"""The media node: a websockets server for the rooms, ``/status`` and ``/healthz``, and its rooms.

One process, one asyncio loop (docs/design.md, "Processes"). The rooms live only in memory
(rooms.py); what must outlive one (members removed, the lock, the doors) is reported to the site
(attendance.py), which refuses removed members their tickets and writes the lock and doors into the
others, so that the room comes back as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import json
import logging
import re
import threading
import time
from collections.abc import AsyncIterator, Coroutine
from typing import Any

from websockets.asyncio.server import Server, ServerConnection
from websockets.asyncio.server import serve as ws_serve
from websockets.http11 import Request, Response

from . import aiortc_hooks, metrics, protocol
from .attendance import AttendanceReporter
from .counters import Counters
from .guards import PendingGate, UsedTickets
from .registry import Heartbeat
from .rooms import Rooms
from .settings import NodeSettings
from .signaling import Session
from .speakers import SPEAKER_TICK

logger = logging.getLogger(__name__)

# The websockets library logs frame contents at DEBUG: pin the node's connection logger so that chat lines
# never reach a log, whatever the root level (docs/design.md: no content in logs). WARNING, not INFO:
# every health check and connection would otherwise fill the console that `make run` shares.
WS_LOGGER = logging.getLogger("live.media.websocket")
WS_LOGGER.setLevel(logging.WARNING)

ROOM_PATH = re.compile(r"^/rooms/([A-Za-z0-9_-]{1,64})$")
TICK = 1.0  # seat expiry and bitrate caps
ADAPT_EVERY = 5  # speaker ticks between two fits of each receiver's videos to her link
# A client that opened TCP but sends no HTTP upgrade holds a connection too: browsers send it at once.
OPEN_TIMEOUT = 5.0


class MediaNode:
    def __init__(self, settings: NodeSettings, *, drop_rate: float = 0.0) -> None:
        self.settings = settings
        self.counters = Counters()
        self.rooms = Rooms(self.counters, drop_rate=drop_rate, adapt_links=settings.adapt_links)
        self.sessions: set[Session] = set()
        self.attendance = AttendanceReporter(settings.secret_key, settings.attendance_url)
        self.used_tickets = UsedTickets()
        self.pending = PendingGate()
        self.server: Server | None = None
        self.heartbeat: Heartbeat | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- NodeServices (signaling.py): what sessions use, besides the attributes above ----------------

    def forget(self, session: Session) -> None:
        self.sessions.discard(session)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- GET /status -------------------------------------------------------------------------------

    def peer_count(self) -> int:
        count = 0
        for session in self.sessions:
            for peer in (session.publisher, session.subscriber):
                if peer is not None and peer.pc is not None:
                    count += 1
        return count

    def status(self) -> dict[str, Any]:
        """Counters only: no room ids, no names, no content."""
        return {
            "rooms": len(self.rooms),
            "connections": len(self.sessions),
            "pending": self.pending.pending,
            "peers": self.peer_count(),
            "seats": sum(len(c.room.seats) for c in self.rooms),
            "threads": threading.active_count(),
            **self.counters.as_dict(),
        }

    # -- HTTP and websocket entry points ---------------------------------------------------------

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == "/healthz":
            return connection.respond(http.HTTPStatus.OK, "ok\n")
        if path == "/status":
            response = connection.respond(http.HTTPStatus.OK, json.dumps(self.status()) + "\n")
            del response.headers["Content-Type"]  # websockets' Headers add a value on assignment
            response.headers["Content-Type"] = "application/json"
            return response
        if path == "/metrics":
            return metrics.respond(self, connection, self._address(connection, request))
        if ROOM_PATH.match(path):
            if "upgrade" not in request.headers.get("Connection", "").lower():
                return connection.respond(http.HTTPStatus.UPGRADE_REQUIRED, "websocket only\n")
            if self.pending.full(self._address(connection, request)):
                # Cheapest refusal, before the upgrade; _handler checks again (handshakes interleave).
                return connection.respond(http.HTTPStatus.SERVICE_UNAVAILABLE, "too many connections\n")
            return None
        return connection.respond(http.HTTPStatus.NOT_FOUND, "not found\n")

    def _address(self, connection: ServerConnection, request: Request | None) -> str:
        """The client's IP address; behind a proxy of ENTRAIDE_TRUSTED_PROXIES, the one it forwarded."""
        forwarded = request.headers.get("X-Forwarded-For") if request is not None else None
        return self.settings.client_address(_peer(connection), forwarded)

    async def _handler(self, websocket: ServerConnection) -> None:
        match = ROOM_PATH.match(websocket.request.path.split("?", 1)[0]) if websocket.request else None
        if match is None:
            await websocket.close(protocol.CLOSE_POLICY)
            return
        pending = self.pending.enter(self._address(websocket, websocket.request))
        if pending is None:
            await websocket.close(protocol.CLOSE_TRY_AGAIN, "too many connections")
            return
        session = Session(self, websocket, match.group(1), pending)
        self.sessions.add(session)
        try:
            await session.run()
        finally:
            pending.release()
            self.sessions.discard(session)

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            self.used_tickets.forget_expired(time.time())  # joins forget too; a quiet node as well
            await self.rooms.expire(lambda ctx: any(s.ctx is ctx for s in self.sessions))

    async def _speakers(self) -> None:
        ticks = 0
        while True:
            await asyncio.sleep(SPEAKER_TICK)
            ticks += 1
            for ctx in self.rooms:
                ctx.hub.select_speakers(floor=ctx.room.floor)
                if ticks % ADAPT_EVERY == 0:
                    ctx.hub.adapt_tick()

    async def start(self, host: str | None = None, port: int | None = None) -> None:
        origins: list[Any] = [*self.settings.allowed_origins, None]  # None: non-browser clients
        self.server = await ws_serve(
            self._handler,
            host or self.settings.host,
            self.settings.port if port is None else port,
            process_request=self._process_request,
            origins=origins,
            max_size=protocol.MAX_FRAME,
            max_queue=32,
            ping_interval=20,
            ping_timeout=20,
            open_timeout=OPEN_TIMEOUT,
            close_timeout=5,
            server_header=None,
            logger=WS_LOGGER,
        )
        for coro in (self._ticker(), self._speakers()):
            self.spawn(coro)
        if self.settings.redis_url and self.settings.public_url:
            self.heartbeat = Heartbeat(
                self.settings.redis_url,
                self.settings.public_url,
                self.settings.capacity,
                lambda: (len(self.sessions), len(self.rooms)),
            )
            await self.heartbeat.beat()  # in the registry before the first ticket can name it
            self.spawn(self.heartbeat.run())

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close(close_connections=True)
            await self.server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.heartbeat is not None:
            await self.heartbeat.leave()
        await self.rooms.close()
        await self.attendance.close()


def _peer(connection: ServerConnection) -> str:
    peer = connection.remote_address
    return str(peer[0]) if isinstance(peer, tuple) and peer else "?"


@contextlib.asynccontextmanager
async def running_node(
    settings: NodeSettings, *, host: str = "127.0.0.1", port: int = 0, drop_rate: float = 0.0
) -> AsyncIterator[MediaNode]:
    """An in-process node for tests: started on ``port`` (0 = any free one), stopped on exit."""
    node = MediaNode(settings, drop_rate=drop_rate)
    await node.start(host, port)
    try:
        yield node
    finally:
        await node.stop()


async def serve(
    settings: NodeSettings, node: MediaNode, stop: asyncio.Event, *, host: str | None, port: int | None
) -> None:
    """Serve until ``stop`` is set."""
    aiortc_hooks.check_hooks()  # fail loudly if aiortc's internals changed
    if settings.loopback_ice:
        aiortc_hooks.enable_loopback_candidates(only=settings.loopback_only)
    await node.start(host, port)
    logger.info("media node listening on %s:%d", host or settings.host, node.port)
    try:
        await stop.wait()
    finally:
        await node.stop()


__all__ = ["MediaNode", "running_node", "serve"]
