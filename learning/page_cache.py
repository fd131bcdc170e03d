"""A short-lived in-process cache of whole pages rendered for a signed-in member, for the routes that opt in
with `@cached_page` (the MOOC's lesson page): her second view of a page within a few seconds costs no
database read and no rendering.

It is never staler than the session cache (learning.session_cache), whose rules it follows:
- in this process, an entry is served only while no commit has been made since it was rendered (the same
  generation counter, read BEFORE the page is made: a commit during the rendering voids it, and a request
  that committed, such as her first visit of a lesson, is never kept);
- written by other processes, a change shows within `ttl_s` (ENTRAIDE_PAGE_CACHE_S, 3 s by default; 0 turns
  the cache off): an entry is never served past that age;
- her own writes show at once whichever worker answers them: every unsafe request of a signed-in member
  gets a new write stamp cookie (`stamp_writes`), which is part of the key, so that the page she is sent
  back to after a quiz answer is made again even by a worker that had kept it.

The key is her session (the token's hash), the path with its query string, her CSRF cookie (the page
embeds her form token) and her write stamp: another member, another browser of hers, another address never
share an entry. Only 200 responses without Set-Cookie are kept, bounded in number and bytes.

Each response has its own CSP nonce (learning.headers), which templates embed: the body is kept split
where the nonce was, and a page served from the cache carries the nonce of the request it answers.
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Scope, Send

from learning.csrf import COOKIE as CSRF_COOKIE
from learning.session_cache import current_generation
from learning.state import app_state
from learning.tokens import token_hash

Endpoint = Callable[[Request], Awaitable[Response]]

# The write stamp: renewed by every unsafe request of a signed-in member (see the module's docstring).
WRITE_COOKIE = "entraide_write"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_ENTRIES = 2_000
MAX_BYTES = 64 * 1024 * 1024
MAX_PAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class _Entry:
    until: float  # time.monotonic()
    parts: tuple[bytes, ...]  # the body, split where its CSP nonce was
    headers: tuple[tuple[bytes, bytes], ...]  # without content-length
    size: int


class PageCache:
    """Every entry was made under one generation (`_generation`): when a commit moves it, they all go."""

    def __init__(self, ttl_s: float, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: dict[str, _Entry] = {}
        self._generation = current_generation()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def _drop_all_if_stale(self) -> None:
        if self._generation != current_generation():
            self._entries.clear()
            self.bytes = 0
            self._generation = current_generation()

    def get(self, key: str, nonce: str) -> Response | None:
        """The page kept under `key`, carrying `nonce`, or None when it must be made."""
        self._drop_all_if_stale()
        entry = self._entries.get(key)
        if entry is None or entry.until < time.monotonic():
            if entry is not None:
                self._forget(key)
            self.misses += 1
            return None
        self.hits += 1
        body = nonce.encode().join(entry.parts)
        response = Response(body)
        response.raw_headers = [*entry.headers, (b"content-length", str(len(body)).encode())]
        return response

    def put(self, key: str, generation: int, response: Response, nonce: str) -> None:
        """Keeps a page made under `generation` (read BEFORE making it) if it may be served again."""
        if self.ttl_s <= 0 or generation != current_generation() or not nonce:
            return
        body = getattr(response, "body", None)  # a streamed or file response has none in hand
        if response.status_code != 200 or not isinstance(body, bytes) or len(body) > MAX_PAGE_BYTES:
            return
        if response.background is not None or any(name == b"set-cookie" for name, _ in response.raw_headers):
            return
        self._drop_all_if_stale()
        self._forget(key)
        while self._entries and (
            len(self._entries) >= self.max_entries or self.bytes + len(body) > self.max_bytes
        ):
            self._forget(next(iter(self._entries)))  # the oldest
        self._entries[key] = _Entry(
            until=time.monotonic() + self.ttl_s,
            parts=tuple(body.split(nonce.encode())),
            headers=tuple((n, v) for n, v in response.raw_headers if n != b"content-length"),
            size=len(body),
        )
        self.bytes += len(body)

    def _forget(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.bytes -= entry.size

    def __len__(self) -> int:
        return len(self._entries)


def page_key(request: Request) -> str | None:
    """The entry's key for this request, or None when its page is not to be cached: not a GET, nobody
    signed in, no CSRF cookie yet (the page would set one), or a reload (the browser asks for a fresh
    copy: `Cache-Control: max-age=0` or `no-cache`)."""
    state = request.scope.get("state", {})
    token = state.get("session_token")
    if not token or request.method != "GET":
        return None
    cookies = request.cookies
    csrf = cookies.get(CSRF_COOKIE)
    if not csrf:
        return None
    asked = request.headers.get("cache-control", "")
    if "no-cache" in asked or "max-age=0" in asked:
        return None
    query = request.scope.get("query_string", b"").decode("latin-1")
    return "\n".join((token_hash(token), request.url.path, query, csrf, cookies.get(WRITE_COOKIE, "")))


def cached_page(endpoint: Endpoint) -> Endpoint:
    """Serves the endpoint's page from this process's page cache when it may (see the module's docstring).
    Put it under `login_required`: only signed-in members' pages are kept."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        cache = app_state(request).page_cache
        key = page_key(request) if cache.ttl_s > 0 else None
        if key is None:
            return await endpoint(request)
        nonce = request.scope["state"].get("csp_nonce", "")
        found = cache.get(key, nonce)
        if found is not None:
            return found
        generation = current_generation()  # before making the page: see PageCache.put
        response = await endpoint(request)
        if not request.scope["state"].get("csrf_cookie_new"):
            cache.put(key, generation, response, nonce)
        return response

    return wrapper


def stamp_writes(scope: Scope, send: Send, *, secure: bool) -> Send:
    """`send`, adding a new write stamp cookie to the response (for an unsafe request of a signed-in
    member): her next page is then looked up under a new key on every worker."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            value = f"{WRITE_COOKIE}={secrets.token_urlsafe(8)}; Path=/; HttpOnly; SameSite=Lax"
            if secure:
                value += "; Secure"
            message.setdefault("headers", []).append((b"set-cookie", value.encode()))
        await send(message)

    return wrapped
