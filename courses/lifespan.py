"""Content is parsed and rendered once at start-up; in development, again whenever a file changes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette

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
    task = None
    # Only a developer's server watches files; tests (env "test") and production load once.
    if settings.env == "development" and app.state.run_background_jobs and store.root.is_dir():
        task = asyncio.create_task(watch(store), name="courses-watch")
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
