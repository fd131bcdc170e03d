"""Which media node holds a workshop's room: the site's half of the registry (live/media/registry.py).

Without Redis there is one node, the one ENTRAIDE_MEDIA_URL names. With ENTRAIDE_REDIS_URL, the nodes announce
themselves there, and the first ticket of a workshop places its room on the least-loaded live node; later
tickets, from any worker of any machine, find it there (sticky for the workshop). When that node stops
announcing itself, the next ticket places the room on another node, and browsers, which ask for a fresh ticket
whenever their connection drops, follow it there.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from live.media.registry import KEY_PREFIX

log = logging.getLogger("entraide.live.placement")

ROOM_PREFIX = "entraide:room-node:"
# A placement outlives any workshop; a day later the room is gone anyway.
ROOM_TTL_S = 24 * 3600

# Replace the placement only if it is still what this worker saw (another worker may have placed it since).
_REPLACE = """
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return ARGV[2]
end
return current
"""


@dataclass(frozen=True)
class LiveNode:
    url: str
    capacity: int
    load: int

    @property
    def fill(self) -> float:
        return self.load / max(self.capacity, 1)


def parse_node(raw: bytes | str | None) -> LiveNode | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return LiveNode(str(data["url"]), int(data["capacity"]), int(data["load"]))
    except (ValueError, KeyError, TypeError):
        return None


class NodePlacement:
    """Places rooms on nodes; `fallback` is the node of a single-node site (or when none is announced)."""

    def __init__(self, fallback: str, redis_url: str | None) -> None:
        self.fallback = fallback.rstrip("/")
        self.client: Any = None
        if redis_url:
            import redis.asyncio as aioredis

            self.client = aioredis.from_url(redis_url)

    async def live_nodes(self) -> list[LiveNode]:
        keys = [key async for key in self.client.scan_iter(match=KEY_PREFIX + "*", count=100)]
        if not keys:
            return []
        return [node for node in map(parse_node, await self.client.mget(keys)) if node is not None]

    async def rooms_per_node(self) -> dict[str, int]:
        keys = [key async for key in self.client.scan_iter(match=ROOM_PREFIX + "*", count=500)]
        counts: dict[str, int] = {}
        for raw in await self.client.mget(keys) if keys else []:
            if raw is not None:
                url = raw.decode()
                counts[url] = counts.get(url, 0) + 1
        return counts

    async def node_for(self, workshop_id: int) -> str:
        """The base URL (ws:// or wss://) of the node that holds this workshop's room."""
        if self.client is None:
            return self.fallback
        key = f"{ROOM_PREFIX}{workshop_id}"
        current_raw = await self.client.get(key)
        current = current_raw.decode() if current_raw else ""
        nodes = await self.live_nodes()
        if current and any(node.url == current for node in nodes):
            return current
        if not nodes:
            # Redis without announced nodes: a site whose one node has no public URL of its own.
            return self.fallback
        placed = await self.rooms_per_node()
        # Load is what nodes last announced (every 2 s); rooms placed since count too, so that a burst of first
        # tickets spreads over the nodes instead of piling onto the one that looked idle.
        chosen = min(nodes, key=lambda node: (node.fill, placed.get(node.url, 0), node.url)).url
        result = await self.client.eval(_REPLACE, 1, key, current, chosen, ROOM_TTL_S)
        placed_url = result.decode() if isinstance(result, bytes) else str(result)
        if current and placed_url == chosen:
            log.info("room of workshop %s moved to another node (previous node gone)", workshop_id)
        return placed_url

    def ticket_claim(self, node: str) -> str:
        """What a ticket says of its node: nothing for the single node a site without registry has."""
        return "" if node == self.fallback else node

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
