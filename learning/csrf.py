"""CSRF protection for every unsafe request: an Origin / Sec-Fetch-Site check and a form token.

The token is an HMAC of a random per-browser cookie (double submit, signed), so that it works for
anonymous forms (sign-up, login) as well as for members. Forms put it in the field `csrf_token`;
scripts send it in the `X-CSRF-Token` header. The middleware reads the form body itself and replays
it downstream, so no endpoint can forget the check.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from learning.settings import Settings
from learning.state import app_state
from learning.tokens import keyed_digest

COOKIE = "entraide_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_BODY = 20 * 1024 * 1024
# Exempt endpoints are called by machines with small signed JSON (the media node's reports): a few KiB,
# checked before anything is read, so that nobody can make the site swallow 100 MB on an open path.
MAX_EXEMPT_BODY = 8 * 1024
TOO_BIG = "Envoi trop volumineux."


def csrf_token_for(secret: str, cookie_value: str) -> str:
    return keyed_digest(secret, "csrf", cookie_value)


def token_for_request(request: Request) -> str:
    """The token to embed in forms; sets up the cookie on the way out if the browser has none."""
    cookie = request.cookies.get(COOKIE) or request.scope.get("state", {}).get("csrf_cookie")
    if not cookie:
        cookie = secrets.token_urlsafe(24)
        request.scope.setdefault("state", {})["csrf_cookie_new"] = cookie
        request.scope["state"]["csrf_cookie"] = cookie
    return csrf_token_for(app_state(request).settings.secret_key, cookie)


def _refuse(message: str) -> Response:
    return PlainTextResponse(message, status_code=403)


class CSRFMiddleware:
    def __init__(self, app: ASGIApp, exempt_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.exempt_paths = exempt_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._cookie_setter(scope, send)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["path"] in self.exempt_paths:
            body = await _read_body(scope, receive, send, headers, MAX_EXEMPT_BODY)
            if body is not None:
                await self.app(scope, _replay(body, receive), send)
            return
        settings = app_state(scope["app"]).settings
        origin = headers.get("origin")
        if origin is not None and origin != "null" and origin.rstrip("/") != _request_origin(scope, settings):
            await _refuse("Requête refusée : elle vient d'un autre site.")(scope, receive, send)
            return
        if headers.get("sec-fetch-site") == "cross-site":
            await _refuse("Requête refusée : elle vient d'un autre site.")(scope, receive, send)
            return
        body = await _read_body(scope, receive, send, headers, MAX_BODY)
        if body is None:
            return
        cookie = Request(scope).cookies.get(COOKIE, "")
        sent = headers.get(HEADER) or _form_token(headers.get("content-type", ""), body)
        expected = csrf_token_for(settings.secret_key, cookie) if cookie else ""
        # Bytes, not str: compare_digest refuses non-ASCII text, and a token like « é » is a forgery, not a crash.
        if not cookie or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
            await _refuse(
                "Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez."
            )(scope, receive, send)
            return

        if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            body = without_nul(body)
        await self.app(scope, _replay(body, receive), send)

    def _cookie_setter(self, scope: Scope, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                new = scope.get("state", {}).get("csrf_cookie_new")
                if new:
                    secure = "; Secure" if app_state(scope["app"]).settings.secure_cookies else ""
                    value = f"{COOKIE}={new}; Path=/; HttpOnly; SameSite=Lax{secure}"
                    message.setdefault("headers", []).append((b"set-cookie", value.encode()))
            await send(message)

        return wrapped


async def _read_body(
    scope: Scope, receive: Receive, send: Send, headers: Headers, limit: int
) -> bytes | None:
    """The whole request body, or None once a 413 has been sent (declared or streamed beyond `limit`)
    or the client has gone."""
    declared = headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > limit):
        await PlainTextResponse(TOO_BIG, status_code=413)(scope, receive, send)
        return None
    body = b""
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > limit:
            await PlainTextResponse(TOO_BIG, status_code=413)(scope, receive, send)
            return None
    return body


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that hands the endpoint the body already read, then whatever comes next (disconnect)."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def without_nul(body: bytes) -> bytes:
    """A form body without NUL characters: no field needs one, and PostgreSQL refuses them in text (a
    login form with « %00 » in the e-mail was a server error). The body is in hand here, before any endpoint."""
    return body.replace(b"%00", b"").replace(b"\x00", b"")


def _request_origin(scope: Scope, settings: Settings) -> str:
    headers = Headers(scope=scope)
    host = headers.get("host")
    scheme = scope.get("scheme", "http")
    if host:
        return f"{scheme}://{host}"
    return settings.base_origin


def _form_token(content_type: str, body: bytes) -> str | None:
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(FIELD)
        return values[0] if values else None
    if content_type.startswith("multipart/form-data"):
        marker = f'name="{FIELD}"'.encode()
        start = body.find(marker)
        if start < 0:
            return None
        value_start = body.find(b"\r\n\r\n", start)
        value_end = body.find(b"\r\n", value_start + 4)
        if value_start < 0 or value_end < 0:
            return None
        return body[value_start + 4 : value_end].decode("ascii", "replace")
    return None
