"""Server-side sessions, the current member, and per-route access rules."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from learning.db import utcnow
from learning.models import AuthSession, Member
from learning.page_cache import SAFE_METHODS, stamp_writes
from learning.session_cache import current_generation
from learning.state import app_state
from learning.tokens import new_token, token_hash

Endpoint = Callable[[Request], Awaitable[Response]]


async def open_session(session: AsyncSession, member: Member, ttl_days: int) -> str:
    token = new_token()
    session.add(
        AuthSession(
            token_hash=token_hash(token), member_id=member.id, expires_at=utcnow() + timedelta(days=ttl_days)
        )
    )
    return token


async def close_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))


async def close_all_sessions(session: AsyncSession, member_id: int) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.member_id == member_id))


async def member_for_token(session: AsyncSession, hashed: str) -> tuple[Member, datetime] | None:
    """The member a session belongs to and when the session expires, by the token's hash."""
    row = (
        await session.execute(
            select(Member, AuthSession.expires_at)
            .join(AuthSession, AuthSession.member_id == Member.id)
            .where(AuthSession.token_hash == hashed, AuthSession.expires_at > utcnow())
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def _nav_badges(scope: Scope, session: AsyncSession, member: Member) -> dict[str, int]:
    """Counters in the navigation (e.g. unread notifications), from any package."""
    found: dict[str, int] = {}
    for package in app_state(scope["app"]).packages:
        if package.badges is not None:
            found.update(await package.badges(session, member))
    return found


class AuthMiddleware:
    """Puts `member` (or None) and `session_token` into request.state for every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["member"] = None
        state["session_token"] = None
        path = scope.get("path", "")
        if not path.startswith(("/static/", "/healthz")):
            request = Request(scope)
            settings = app_state(scope["app"]).settings
            token = request.cookies.get(settings.session_cookie)
            if token and len(token) < 100:
                state["nav_badges"] = {}
                hashed = token_hash(token)
                cache = app_state(scope["app"]).session_cache
                cached = cache.get(hashed)
                if cached is not None:
                    state["member"], state["nav_badges"] = cached
                    state["session_token"] = token
                else:
                    generation = current_generation()  # before reading: see SessionCache.put
                    async with app_state(scope["app"]).db.read_session() as session:
                        found = await member_for_token(session, hashed)
                        if found is not None:
                            member, expires_at = found
                            state["member"] = member
                            state["session_token"] = token
                            state["nav_badges"] = await _nav_badges(scope, session, member)
                            cache.put(hashed, generation, member, expires_at, state["nav_badges"])
            if (
                state["member"] is not None
                and scope["method"] not in SAFE_METHODS
                and app_state(scope["app"]).page_cache.ttl_s > 0
            ):
                # Her write shows on her next page whichever worker answers it (learning.page_cache).
                send = stamp_writes(scope, send, secure=settings.secure_cookies)
        await self.app(scope, receive, send)


def current_member(request: Request) -> Member | None:
    """The signed-in member, or None: for pages that anyone may see."""
    return getattr(request.state, "member", None)


def signed_in(request: Request) -> Member:
    """The signed-in member, in an endpoint behind `login_required` (or `roles_required`)."""
    found = current_member(request)
    if found is None:  # a route that forgot login_required: refuse rather than fail
        raise HTTPException(401, "Connectez-vous pour continuer.")
    return found


def login_required(endpoint: Endpoint) -> Endpoint:
    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        if current_member(request) is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/connexion?suite={quote(target)}", status_code=303)
        return await endpoint(request)

    return wrapper


def roles_required(*roles: str) -> Callable[[Endpoint], Endpoint]:
    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            member = current_member(request)
            if member is None:
                return await login_required(endpoint)(request)
            if not member.has_role(*roles):
                raise HTTPException(403, "Vous n'avez pas accès à cette page.")
            return await endpoint(request)

        return wrapper

    return decorate
