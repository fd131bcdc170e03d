"""What leaves the node, signed, to the web app's attendance URL: "this member attended", and the
host actions that must outlive the room's memory (a member removed, the room locked or unlocked, the
doors opened). The site keeps them and puts them back in the next tickets.

Reports go out one at a time, in the order they happened: a lock and the unlock that follows must not
reach the site the other way round. One that did not get through (network error, HTTP 5xx) is tried
again a few times, then dropped with a warning; nothing is written anywhere on the node.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from .tickets import sign_report

logger = logging.getLogger(__name__)
TIMEOUT = 3.0
RETRY_AFTER = (0.5, 2.0)  # seconds before each new try of a report that did not get through
QUEUE = 1000  # reports waiting while the site is slow; a new one beyond that is dropped


class AttendanceReporter:
    def __init__(self, secret: str, url: str) -> None:
        self._secret = secret
        self._url = url
        self._client: httpx.AsyncClient | None = None
        self._queue: asyncio.Queue[str] = asyncio.Queue(QUEUE)
        self._worker: asyncio.Task[Any] | None = None

    def report(self, room: str, member: str) -> None:
        """This member was in the room proper (not the lobby)."""
        self._send(room, "attendance", member=member)

    def removed(self, room: str, member: str) -> None:
        self._send(room, "removed", member=member)

    def locked(self, room: str, locked: bool) -> None:
        self._send(room, "lock", value=locked)

    def doors_opened(self, room: str) -> None:
        self._send(room, "doors", value=True)

    def _send(self, room: str, kind: str, **fields: Any) -> None:
        """Fire and forget; failures are logged without any content."""
        if not self._url:
            return
        try:
            self._queue.put_nowait(sign_report(self._secret, room, kind, **fields))
        except asyncio.QueueFull:
            logger.warning("report dropped: %d waiting already", QUEUE)
            return
        # The worker stops when the queue is empty; no await separates its last check from its end.
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while not self._queue.empty():
            await self._post(self._queue.get_nowait())

    async def _post(self, token: str) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=TIMEOUT, trust_env=False)
        for attempt, delay in enumerate((0.0, *RETRY_AFTER)):
            await asyncio.sleep(delay)
            try:
                response = await self._client.post(self._url, json={"token": token})
            except httpx.HTTPError as exc:
                logger.warning("report failed (try %d): %s", attempt + 1, type(exc).__name__)
                continue
            if response.status_code < 500:
                if response.status_code >= 400:  # refused for good: trying again cannot help
                    logger.warning("report refused: HTTP %d", response.status_code)
                return
            logger.warning("report failed (try %d): HTTP %d", attempt + 1, response.status_code)

    async def close(self) -> None:
        if self._worker is not None:
            await asyncio.wait([self._worker], timeout=TIMEOUT)
            self._worker.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
