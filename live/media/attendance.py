"""The one thing that leaves the node: "this member attended", signed, to the web app."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from .tickets import sign_attendance

logger = logging.getLogger(__name__)
TIMEOUT = 3.0


class AttendanceReporter:
    def __init__(self, secret: str, url: str) -> None:
        self._secret = secret
        self._url = url
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def report(self, room: str, member: str) -> None:
        """Fire and forget; failures are logged without any content."""
        if not self._url:
            return
        task = asyncio.get_running_loop().create_task(self._post(room, member))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, room: str, member: str) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=TIMEOUT, trust_env=False)
        try:
            response = await self._client.post(
                self._url, json={"token": sign_attendance(self._secret, room, member)}
            )
            if response.status_code >= 400:
                logger.warning("attendance report refused: HTTP %d", response.status_code)
        except httpx.HTTPError as exc:
            logger.warning("attendance report failed: %s", type(exc).__name__)

    async def close(self) -> None:
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=TIMEOUT)
        for task in list(self._tasks):
            task.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
