"""Board background job: the e-mail digest loop, only when the app runs its jobs (not in tests)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from .digest import digest_loop


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if not app.state.run_background_jobs:
        yield
        return
    task = asyncio.create_task(digest_loop(app.state.db, app.state.settings), name="board-digest")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
