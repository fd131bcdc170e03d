"""Runs the workshop jobs (live.jobs: reminders, seats of no-shows) while the app serves, and holds the
placement of rooms on media nodes (live.node_placement)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import HTTPConnection

from learning.background import background_job
from learning.state import app_state
from live import jobs
from live.node_placement import NodePlacement


def node_placement(holder: HTTPConnection | Starlette) -> NodePlacement:
    app = holder.app if isinstance(holder, HTTPConnection) else holder
    placement: NodePlacement = app.state.live_placement
    return placement


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    state = app_state(app)
    app.state.live_placement = NodePlacement(state.settings.media_url, state.settings.redis_url)
    try:
        async with background_job(app, "live-jobs", lambda: jobs.run_forever(state.db, state.settings)):
            yield
    finally:
        await app.state.live_placement.close()
