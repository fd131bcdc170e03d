"""Runs the workshop jobs (live.jobs: reminders, seats of no-shows) while the app serves."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from learning.background import background_job
from learning.state import app_state
from live import jobs


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    state = app_state(app)
    async with background_job(app, "live-jobs", lambda: jobs.run_forever(state.db, state.settings)):
        yield
