"""Bounded waits for asynchronous tests and bots: poll a condition, never sleep blindly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def until(predicate: Callable[[], object], within: float, step: float = 0.05) -> None:
    """Poll ``predicate`` until true; TimeoutError after ``within`` seconds (bounded wait)."""
    deadline = time.monotonic() + within
    for _ in range(int(within / step) + 2):
        if predicate():
            return
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(step)
    if not predicate():
        raise TimeoutError("condition not met in time")
