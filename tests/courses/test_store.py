"""Content is parsed once at start-up and shared; in development a file change reloads it."""

from __future__ import annotations

import asyncio
import shutil

from courses.lifespan import watch
from courses.store import ContentStore

from .conftest import SAMPLE


async def test_content_is_loaded_once_at_start_up(app, client):
    library = app.state.courses.library
    assert "cours-exemple" in library.courses and library.problems == []
    for _ in range(2):
        assert (await client.get("/mooc/cours-exemple")).status_code == 200
    assert app.state.courses.library is library


async def test_a_change_reloads_the_library(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    store = ContentStore(root)
    reloaded = asyncio.Event()
    task = asyncio.create_task(watch(store, reloaded.set))
    lesson = root / "cours-exemple" / "01-bienvenue" / "01-premiers-pas.md"
    original = lesson.read_text(encoding="utf-8")
    try:
        # The watcher may start after the first write: write again until it reports, within a bound.
        for attempt in range(10):
            lesson.write_text(
                original.replace("title: Premiers pas", "title: Tout début") + "\n" * attempt,
                encoding="utf-8",
            )
            try:
                async with asyncio.timeout(2):
                    await reloaded.wait()
                break
            except TimeoutError:
                continue
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert reloaded.is_set()
    assert store.library.courses["cours-exemple"].lessons()[0].title == "Tout début"
