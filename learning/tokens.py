"""Random tokens handed to people, stored only as hashes; the e-mailed single-use ones (OneTimeToken)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import rowcount, utcnow
from learning.models import OneTimeToken

# OneTimeToken.purpose values: what a link sent by e-mail lets its holder do, once.
RESET = "reset"  # choose a new password
LOGIN = "login"  # log in without the password (when password guesses are throttled, or forgotten)
CONFIRM = "confirm"  # confirm the address given at sign-up


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_digest(secret: str, purpose: str, value: str) -> str:
    return hmac.new(f"{purpose}:{secret}".encode(), value.encode(), hashlib.sha256).hexdigest()


def issue_one_time_token(session: AsyncSession, member_id: int, purpose: str, ttl_s: int) -> str:
    """Adds a token to the caller's transaction and returns the only copy of it in clear, for the e-mail."""
    token = new_token()
    session.add(
        OneTimeToken(
            token_hash=token_hash(token),
            purpose=purpose,
            member_id=member_id,
            expires_at=utcnow() + timedelta(seconds=ttl_s),
        )
    )
    return token


async def valid_one_time_token(session: AsyncSession, token: str, purpose: str) -> OneTimeToken | None:
    """The unused, unexpired token (for showing a page); using it is `use_one_time_token`."""
    if len(token) > 100:
        return None
    return await session.scalar(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == token_hash(token),
            OneTimeToken.purpose == purpose,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > utcnow(),
        )
    )


async def use_one_time_token(session: AsyncSession, token: str, purpose: str) -> int | None:
    """Marks the token used and returns its member's id, or None when it is unknown, expired or used.

    A conditional UPDATE (checked by its row count) rather than read-then-write: two tabs or two
    clicks submitting the same link cannot both use it, on SQLite or PostgreSQL.
    """
    row = await valid_one_time_token(session, token, purpose)
    if row is None:
        return None
    used = await session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return row.member_id if rowcount(used) == 1 else None


async def revoke_one_time_tokens(session: AsyncSession, member_id: int, *purposes: str) -> None:
    """Uses up the member's pending tokens (all purposes when none is given), in the caller's transaction.

    A new password must not leave older reset or login links working in a mailbox someone else reads.
    """
    query = update(OneTimeToken).where(OneTimeToken.member_id == member_id, OneTimeToken.used_at.is_(None))
    if purposes:
        query = query.where(OneTimeToken.purpose.in_(purposes))
    await session.execute(query.values(used_at=utcnow()))
