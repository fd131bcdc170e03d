"""Runs the membership renewal reminders while the app serves."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from learning.background import background_job
from learning.state import app_state

from .renewal import renewal_loop


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    state = app_state(app)
    async with background_job(app, "members-renewal", lambda: renewal_loop(state.db, state.settings)):
        yield
