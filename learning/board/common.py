"""Helpers shared by the board's endpoints: loading an object the member may see, rate limits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request

from learning.coordinations.directory import confirmed_coordination_id
from learning.coordinations.models import Coordination
from learning.db import utcnow
from learning.models import Member
from learning.state import app_state

from .models import Answer, Post
from .permissions import can_see_answer, can_see_post

# Like Discourse's trust levels, in one step: accounts younger than this write less often.
NEW_MEMBER_AGE = timedelta(days=7)
NEW_MEMBER_LIMIT = "5/hour"
RATE_LIMITED = (
    "Vous avez beaucoup écrit en peu de temps : patientez un peu avant d'envoyer ce message. "
    "Votre texte est conservé ci-dessous."
)
NOT_FOUND = "Ce message n'existe pas, ou plus."


def int_param(request: Request, name: str) -> int:
    try:
        value = int(request.path_params[name])
    except (KeyError, ValueError):
        raise HTTPException(404, NOT_FOUND) from None
    if not 0 < value < 2**31:
        raise HTTPException(404, NOT_FOUND)
    return value


async def local_of(session: AsyncSession, member: Member) -> int | None:
    """« Ma coordination locale »: her confirmed coordination (a pending request does not count).

    Remembered for the database session (one request): a post page asks for it to check the post is
    hers to see and again for what she may do on it; the board never changes it."""
    known: dict[int, int | None] = session.info.setdefault("board_local_of", {})
    if member.id not in known:
        known[member.id] = await confirmed_coordination_id(session, member.id)
    return known[member.id]


async def local_coordination(session: AsyncSession, member: Member) -> Coordination | None:
    local = await local_of(session, member)
    return None if local is None else await session.get(Coordination, local)


async def visible_post(session: AsyncSession, member: Member, post_id: int) -> Post:
    post = await session.get(Post, post_id)
    # Hidden or out-of-audience posts answer 404, as if absent: their existence is not the member's business.
    if post is None or not can_see_post(member, post, await local_of(session, member)):
        raise HTTPException(404, NOT_FOUND)
    return post


async def visible_answer(session: AsyncSession, member: Member, answer_id: int) -> tuple[Answer, Post]:
    answer = await session.get(Answer, answer_id)
    if answer is None or not can_see_answer(member, answer):
        raise HTTPException(404, "Cette réponse n'existe pas, ou plus.")
    post = await visible_post(session, member, answer.post_id)
    return answer, post


async def may_write(request: Request, member: Member) -> bool:
    """Counts one post or answer against the member's limit; False when she is over it."""
    settings = app_state(request).settings
    young = utcnow() - member.created_at < NEW_MEMBER_AGE
    limit = NEW_MEMBER_LIMIT if young else settings.post_limit
    return await app_state(request).rate_limits.hit(limit, f"board-write:{member.id}")
