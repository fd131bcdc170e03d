"""Every page a demo member can reach by following links answers in French, without a server error; every
form she is offered, filled with nonsense, is refused in French, never with a server error.

The demo data (`entraide demo`) is what `make run` shows a newcomer; each role follows every link it is
offered, as a curious visitor would, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from learning.db import Base, Database
from learning.demo import DEMO_PASSWORD, load_demo
from learning.packages import import_all_models
from learning.settings import Settings
from tests.conftest import demo_database_url
from tests.helpers import login

# <html lang="fr"> — the live room's full-screen page also carries a class on it.
FRENCH_PAGE = re.compile(r'<html lang="fr"[ >]')

HREF = re.compile(r'href="(/[^"]*)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
FIELD = re.compile(r"<(?:input|select|textarea)\b([^>]*)>", re.I)
# What a confused or malicious visitor types: nothing, too much, control characters, numbers that are not.
NONSENSE = ["", "x" * 20_000, "\x00\x01", "-1", "1e309", "NaN", "9" * 40, "<script>alert(1)</script>", "２０"]
# Leave out what a crawl must not follow: logging out, assets, and endlessly paginated or dated views
# (one of each shape is enough: digits become N).
SKIP = re.compile(r"^/(static/|deconnexion)")
PAGES_PER_ROLE = 150


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


@dataclass
class Form:
    action: str
    fields: dict[str, str]  # name -> the value the page put there


def post_forms(page_url: str, page: str) -> list[Form]:
    forms = []
    for attrs, body in FORM.findall(page):
        form = dict(ATTR.findall(attrs))
        if form.get("method", "get").lower() != "post":
            continue
        fields = {}
        for field_attrs in FIELD.findall(body):
            field = dict(ATTR.findall(field_attrs))
            if "name" in field:
                fields[field["name"]] = html.unescape(field.get("value", ""))
        forms.append(Form(html.unescape(form.get("action") or page_url), fields))
    return forms


async def crawl(
    client: httpx.AsyncClient, forms: dict[str, Form] | None = None
) -> tuple[list[str], list[str]]:
    seen_shapes: set[str] = set()
    queue = deque(["/"])
    visited: list[str] = []
    problems: list[str] = []
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
        if response.status_code == 200 and not FRENCH_PAGE.search(response.text):
            problems.append(f"{url}: not a French page")
        for href in HREF.findall(response.text):
            queue.append(urldefrag(href.replace("&amp;", "&"))[0])
        if forms is not None:
            for form in post_forms(url, response.text):
                forms.setdefault(shape(form.action), form)
    return visited, problems


async def row_counts(db: Database) -> dict[str, int]:
    import_all_models()
    async with db.session() as session:
        return {
            name: (await session.execute(select(func.count()).select_from(table))).scalar_one()
            for name, table in Base.metadata.tables.items()
        }


async def get_nonsense(client: httpx.AsyncClient, visited: list[str]) -> list[str]:
    """The same pages with every query value (filters, search, month, page) replaced by nonsense."""
    problems = []
    for url in visited:
        if "?" not in url:
            continue
        path, query = url.split("?", 1)
        for value in NONSENSE:
            params = tuple((name, value) for name, _ in parse_qsl(query, keep_blank_values=True))
            response = await client.get(path, params=params)
            if response.status_code >= 500:
                problems.append(f"{url} {value[:20]!r}: {response.status_code}")
    return problems


async def post_nonsense(client: httpx.AsyncClient, forms: dict[str, Form]) -> list[str]:
    problems = []
    # Forms that end the account or the session go last, so that the others are tried logged in.
    last = ("supprimer", "deconnexion")
    ordered = sorted(forms.values(), key=lambda f: [w in f.action for w in last])
    for form in ordered:
        for value in NONSENSE:
            data = {
                name: (original if name == "csrf_token" else value) for name, original in form.fields.items()
            }
            response = await client.post(form.action, data=data)
            if response.status_code >= 500:
                problems.append(f"{form.action} {value[:20]!r}: {response.status_code}")
            elif (
                response.headers.get("content-type", "").startswith("text/html")
                and response.status_code != 303
                and not FRENCH_PAGE.search(response.text)
            ):
                problems.append(f"{form.action} {value[:20]!r}: {response.status_code}, not a French page")
    return problems


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database as `entraide demo` leaves it (loaded once per run: tests/conftest.py)."""
    return demo_database_url(request, tmp_path, Path("content"))


async def test_every_page_and_form_of_the_demo_for_each_role(
    app: Starlette, db: Database, settings: Settings
) -> None:
    loaded = await row_counts(db)
    await load_demo(settings)  # `entraide demo` again adds nothing and fails nothing
    assert await row_counts(db) == loaded
    assert loaded["workshops"] >= 20 and loaded["board_posts"] >= 15
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    reached: dict[str | None, list[str]] = {}
    offered: dict[str | None, dict[str, Form]] = {}
    for email in (
        "amina@entraide.test",
        "intervenante@entraide.test",
        "coordinatrice@entraide.test",
        "admin@entraide.test",
        None,
    ):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            if email:
                await login(client, email, DEMO_PASSWORD)
            forms: dict[str, Form] = {}
            visited, problems = await crawl(client, forms)
            assert problems == [], f"{email or 'visitor'}: {problems}"
            if email in ("amina@entraide.test", "admin@entraide.test", None):
                assert await get_nonsense(client, visited) == [], email
                assert await post_nonsense(client, forms) == [], email
        reached[email], offered[email] = visited, forms
    # The crawl went deep enough to mean something: workshops, the course, the board, her account, admin.
    member_pages = " ".join(reached["amina@entraide.test"])
    for part in ("/ateliers/", "/mooc/", "/coup-de-pouce/", "/compte"):
        assert part in member_pages, part
    assert any(url.startswith("/admin") for url in reached["admin@entraide.test"])
    assert len(offered["amina@entraide.test"]) >= 15 and len(offered["admin@entraide.test"]) >= 20
    assert {"/connexion", "/adhesion", "/mot-de-passe-oublie"} <= set(offered[None])
