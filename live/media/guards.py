"""Guards at the node's door, before anyone is in a room: single-use tickets, and a cap on the
connections that have not joined yet.

Both are per process and in memory. A ticket id only needs remembering until the ticket expires (it
can no longer be valid after that), so the memory of used ids is bounded by the tickets the web app
issues in a minute. A websocket that has not sent a valid ``join`` costs a task and buffers while
proving nothing: without a cap, anyone could hold thousands of them open.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from dataclasses import dataclass, field

PENDING_PER_IP = 10  # connections of one address still waiting for their join
PENDING_TOTAL = 200


class UsedTickets:
    """Ticket ids (``jti``) seen by this node, each forgotten once its ticket has expired."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._by_expiry: list[tuple[float, str]] = []  # heap: the next id to forget on top

    def __len__(self) -> int:
        return len(self._seen)

    def use(self, jti: str, expires_at: float, now: float | None = None) -> bool:
        """Record a use; False if this id was already used (a replayed ticket)."""
        self.forget_expired(time.time() if now is None else now)
        if jti in self._seen:
            return False
        self._seen.add(jti)
        heapq.heappush(self._by_expiry, (expires_at, jti))
        return True

    def forget_expired(self, now: float) -> None:
        while self._by_expiry and self._by_expiry[0][0] <= now:
            _, jti = heapq.heappop(self._by_expiry)
            self._seen.discard(jti)


@dataclass
class PendingSlot:
    """One connection counted as pending; ``release`` may be called any number of times."""

    gate: PendingGate
    address: str
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.gate._leave(self.address)


@dataclass
class PendingGate:
    """Connections open but not joined yet, per client address and in total."""

    per_address: int = PENDING_PER_IP
    total: int = PENDING_TOTAL
    _counts: Counter[str] = field(default_factory=Counter)
    _total: int = 0

    @property
    def pending(self) -> int:
        return self._total

    def full(self, address: str) -> bool:
        return self._total >= self.total or self._counts[address] >= self.per_address

    def enter(self, address: str) -> PendingSlot | None:
        """Count a new connection, or None when over a limit (the caller refuses it at once)."""
        if self.full(address):
            return None
        self._counts[address] += 1
        self._total += 1
        return PendingSlot(self, address)

    def _leave(self, address: str) -> None:
        self._total -= 1
        self._counts[address] -= 1
        if self._counts[address] <= 0:
            del self._counts[address]
