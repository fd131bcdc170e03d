"""Background jobs that live as long as the app: started in a lifespan, cancelled when it ends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from starlette.applications import Starlette

from learning.state import app_state


@contextlib.asynccontextmanager
async def background_job(
    app: Starlette, name: str, job: Callable[[], Coroutine[Any, Any, None]], *, when: bool = True
) -> AsyncIterator[None]:
    """Runs `job()` while the app serves, unless the app was built with run_background_jobs=False (tests call
    their jobs themselves, with the clock they need) or `when` is false."""
    state = app_state(app)
    if not (when and state.run_background_jobs):
        yield
        return
    task = asyncio.create_task(job(), name=name)
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
