"""Security headers and a per-response CSP nonce (pure ASGI).

Pages shown to a signed-in member are `Cache-Control: no-store`: her name, her registrations and her
forms' tokens must not stay in a shared computer's cache or come back with the Back button after logout.
"""

from __future__ import annotations

import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, connect_src: str = "", hsts: bool = False) -> None:
        self.app = app
        self.connect_src = connect_src
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        csp = "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self'",
                "img-src 'self' data: blob:",
                "media-src 'self' blob:",
                f"connect-src 'self' {self.connect_src}".strip(),
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )
        extra = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (
                b"permissions-policy",
                b"camera=(self), microphone=(self), display-capture=(self), geolocation=()",
            ),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if self.hsts:
            extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # AuthMiddleware, inside this one, has looked the session up by now.
                if scope["state"].get("member") is not None:
                    headers = [(name, value) for name, value in headers if name.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)
