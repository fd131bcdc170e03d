"""Content is parsed and rendered once at start-up; in development, again whenever a file changes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette

from learning.background import background_job

from .store import ContentStore

log = logging.getLogger("entraide.courses")


async def watch(store: ContentStore, on_reload: Callable[[], None] | None = None) -> None:
    # watchfiles is imported here so that production never loads it.
    from watchfiles import awatch

    async for _changes in awatch(store.root):
        await asyncio.to_thread(store.reload)
        if on_reload is not None:
            on_reload()


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    settings = app.state.settings
    store = await asyncio.to_thread(ContentStore, settings.content_dir)
    app.state.courses = store
    # Only a developer's server watches files; tests (env "test") and production load once.
    watching = settings.env == "development" and store.root.is_dir()
    async with background_job(app, "courses-watch", lambda: watch(store), when=watching):
        yield
