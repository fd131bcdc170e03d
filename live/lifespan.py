"""Starts the workshop jobs (live.jobs) with the app, unless it was built with run_background_jobs=False
(the tests call `live.jobs.run_once` themselves, with the clock they need)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from live import jobs


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if not getattr(app.state, "run_background_jobs", True):
        yield
        return
    task = asyncio.create_task(jobs.run_forever(app.state.db, app.state.settings), name="live-jobs")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
