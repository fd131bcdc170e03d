"""The node's entry in the shared registry of media nodes (Redis), read by the site to place rooms.

With ENTRAIDE_REDIS_URL and ENTRAIDE_MEDIA_PUBLIC_URL set, a node writes one key every HEARTBEAT_S seconds:
its public URL, its capacity and its load, living TTL_S seconds. A node that stops deletes it; a node that
dies lets it expire, and the site then places that node's rooms elsewhere at the next ticket
(live/node_placement.py). The node reads nothing back: it still trusts only signed tickets, and it never
talks to the database. Without Redis there is no registry: the site sends every room to its one node.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("entraide.media.registry")

KEY_PREFIX = "entraide:media-node:"
HEARTBEAT_S = 2.0
TTL_S = 6


def node_key(public_url: str) -> str:
    return KEY_PREFIX + public_url.rstrip("/")


def entry(public_url: str, capacity: int, load: int, rooms: int) -> str:
    return json.dumps(
        {"url": public_url.rstrip("/"), "capacity": capacity, "load": load, "rooms": rooms, "at": time.time()}
    )


class Heartbeat:
    """Keeps this node's key alive while the node runs; `load()` is read at each beat."""

    def __init__(
        self, redis_url: str, public_url: str, capacity: int, load: Callable[[], tuple[int, int]]
    ) -> None:
        import redis.asyncio as aioredis

        self.client: Any = aioredis.from_url(redis_url)
        self.key = node_key(public_url)
        self.public_url = public_url
        self.capacity = capacity
        self.load = load

    async def beat(self) -> None:
        participants, rooms = self.load()
        await self.client.set(self.key, entry(self.public_url, self.capacity, participants, rooms), ex=TTL_S)

    async def run(self) -> None:
        while True:
            try:
                await self.beat()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis away for a moment: the next beat tries again
                log.warning("registry heartbeat failed: %s", type(exc).__name__)
            await asyncio.sleep(HEARTBEAT_S)

    async def leave(self) -> None:
        try:
            await self.client.delete(self.key)
        except Exception as exc:
            log.warning("registry leave failed: %s", type(exc).__name__)
        await self.client.aclose()
