"""Runs the private messages' daily digest while the app serves."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette

from learning.background import background_job
from learning.state import app_state

from .message_digest import digest_loop


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    state = app_state(app)
    async with background_job(app, "messages-digest", lambda: digest_loop(state.db, state.settings)):
        yield
