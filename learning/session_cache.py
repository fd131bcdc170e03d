"""A short-lived in-process cache of session lookups: who a session cookie belongs to, and her navigation
counters, so that a signed-in request does not cost five queries before any page work.

Revocation still takes effect:
- in this process at once: every commit made by this process (any engine, any session: a logout, a
  password change, an admin's change of roles, a notification read) moves a generation counter, and an
  entry made under an older generation is never served;
- in other processes (several workers, several machines) within `ttl_s` (ENTRAIDE_SESSION_CACHE_S,
  3 s by default): an entry is served for that long at most, and never past the session's expiry.

An entry holds plain column values, never an ORM object: each request gets its own detached `Member`, as
the uncached lookup gave, so that no request can change another's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, make_transient_to_detached

from learning.db import utcnow
from learning.models import Member

MAX_ENTRIES = 20_000
_COLUMNS = tuple(attr.key for attr in Member.__mapper__.column_attrs)


class _Generation:
    value = 0


def current_generation() -> int:
    return _Generation.value


def _bump(*_args: Any) -> None:
    _Generation.value += 1


# Before the COMMIT is sent (a lookup that reads meanwhile is not stored under the new generation by
# mistake: see `put`) and after it has completed (a lookup that read the old rows just before the commit
# landed is refused too).
event.listen(Engine, "commit", _bump)
event.listen(Session, "after_commit", _bump)


@dataclass(frozen=True)
class _Entry:
    generation: int
    until: float  # time.monotonic()
    session_expires_at: datetime
    member: dict[str, Any]
    badges: dict[str, int]


class SessionCache:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, _Entry] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> tuple[Member, dict[str, int]] | None:
        """The member and a copy of her counters, or None when the lookup must go to the database."""
        entry = self._entries.get(key)
        if (
            entry is None
            or entry.generation != _Generation.value
            or entry.until < time.monotonic()
            or entry.session_expires_at <= utcnow()
        ):
            if entry is not None:
                del self._entries[key]
            self.misses += 1
            return None
        self.hits += 1
        member = Member(**entry.member)
        make_transient_to_detached(member)
        return member, dict(entry.badges)

    def put(
        self,
        key: str,
        generation: int,
        member: Member,
        session_expires_at: datetime,
        badges: dict[str, int],
    ) -> None:
        """Keeps a lookup made under `generation` (read BEFORE the query): if anything was committed since,
        the entry is already stale and is not kept."""
        if self.ttl_s <= 0 or generation != _Generation.value:
            return
        if len(self._entries) >= MAX_ENTRIES:
            del self._entries[next(iter(self._entries))]  # the oldest
        self._entries[key] = _Entry(
            generation=generation,
            until=time.monotonic() + self.ttl_s,
            session_expires_at=session_expires_at,
            member={name: getattr(member, name) for name in _COLUMNS},
            badges=dict(badges),
        )

    def __len__(self) -> int:
        return len(self._entries)
