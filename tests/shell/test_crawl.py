"""Every page a demo member can reach by following links answers in French, without a server error.

The demo data (`entraide demo`) is what `make run` shows a newcomer; each role follows every link it is
offered, as a curious visitor would, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag

import httpx
from sqlalchemy import func, select

from learning.db import Base
from learning.demo import DEMO_PASSWORD, load_demo
from learning.packages import import_all_models
from tests.helpers import login

HREF = re.compile(r'href="(/[^"]*)"')
# Leave out what a crawl must not follow: logging out, assets, and endlessly paginated or dated views
# (one of each shape is enough: digits become N).
SKIP = re.compile(r"^/(static/|deconnexion)")
PAGES_PER_ROLE = 150


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


async def crawl(client: httpx.AsyncClient) -> tuple[list[str], list[str]]:
    seen_shapes: set[str] = set()
    queue, visited, problems = deque(["/"]), [], []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.popleft()
        if shape(url) in seen_shapes or SKIP.match(url):
            continue
        seen_shapes.add(shape(url))
        response = await client.get(url)
        visited.append(url)
        if response.status_code >= 500 or response.status_code in (400, 405):
            problems.append(f"{url}: {response.status_code}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if response.status_code == 200 and '<html lang="fr">' not in response.text:
            problems.append(f"{url}: not a French page")
        for href in HREF.findall(response.text):
            queue.append(urldefrag(href.replace("&amp;", "&"))[0])
    return visited, problems


async def row_counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    import_all_models()
    async with db.session() as session:
        return {name: await session.scalar(select(func.count()).select_from(table))
                for name, table in Base.metadata.tables.items()}


async def test_every_linked_page_answers_for_each_role_in_the_demo(app, db, settings):
    await load_demo(settings)
    loaded = await row_counts(db)
    await load_demo(settings)  # `entraide demo` again adds nothing and fails nothing
    assert await row_counts(db) == loaded
    assert loaded["workshops"] >= 20 and loaded["board_posts"] >= 8
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    reached = {}
    for email in ("amina@entraide.test", "intervenante@entraide.test", "coordinatrice@entraide.test",
                  "admin@entraide.test", None):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            if email:
                await login(client, email, DEMO_PASSWORD)
            visited, problems = await crawl(client)
        assert problems == [], f"{email or 'visitor'}: {problems}"
        reached[email] = visited
    # The crawl went deep enough to mean something: workshops, the course, the board, her account.
    member_pages = " ".join(reached["amina@entraide.test"])
    for part in ("/ateliers/", "/mooc/", "/coup-de-pouce/", "/compte"):
        assert part in member_pages, part
    assert any(url.startswith("/admin") for url in reached["admin@entraide.test"])
