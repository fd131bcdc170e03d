"""Rate limits on login, reset, sign-up, posting (and anything else that asks), via `limits`.

In memory for one process; Redis (ENTRAIDE_REDIS_URL) when several workers must share counts.

There is deliberately no "is it over?" question without counting: a check followed later by a count
lets a burst of simultaneous requests all pass the check before any of them is counted. `hit` counts
and answers in one step (under a lock in memory, in one Lua script on Redis), so call it BEFORE the
work it guards.
"""

from __future__ import annotations

from limits import parse, storage
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.requests import HTTPConnection


class RateLimits:
    def __init__(self, redis_url: str | None = None) -> None:
        # limits speaks to Redis through coredis unless told otherwise; we use redis-py (the `redis` package).
        backend = (
            storage.storage_from_string(f"async+{redis_url}", implementation="redispy")
            if redis_url
            else MemoryStorage()
        )
        self._backend = backend
        self._limiter = MovingWindowRateLimiter(backend)

    async def close(self) -> None:
        """Closes the Redis connections, if any (limits offers no method for it: its bridge holds the client)."""
        client = getattr(getattr(self._backend, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()

    async def hit(self, limit: str, *keys: str) -> bool:
        """Counts one event on every key; False when one of them is over its limit (atomic per key)."""
        item = parse(limit)
        allowed = True
        for key in keys:
            allowed = await self._limiter.hit(item, key) and allowed
        return allowed

    async def clear(self, limit: str, *keys: str) -> None:
        item = parse(limit)
        for key in keys:
            await self._limiter.clear(item, key)


def client_ip(request: HTTPConnection) -> str:
    return request.client.host if request.client else "unknown"
