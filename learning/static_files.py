"""Static files served with long caching: URLs carry a content hash (templating.static_url)."""

from __future__ import annotations

from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send


class HashedStaticFiles(StaticFiles):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        versioned = b"v=" in scope.get("query_string", b"")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                cache = b"public, max-age=31536000, immutable" if versioned else b"public, max-age=300"
                message["headers"] = [*message.get("headers", []), (b"cache-control", cache)]
            await send(message)

        await super().__call__(scope, receive, wrapped)
