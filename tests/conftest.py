"""Shared fixtures: the app built from test settings on SQLite and on PostgreSQL, and an HTTP client.

Every test that takes `app`, `client` or `db` runs twice: on SQLite (a fresh file per test) and on
PostgreSQL (a database created for this test run, emptied between tests). Both hold the geography of
France (learning.coordinations), loaded once per run. Each run gets its own
PostgreSQL database, so that several test runs on one machine do not see each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from starlette.applications import Starlette

from learning import passwords
from learning.app import create_app
from learning.coordinations.geography import load_geography
from learning.db import Base, Database
from learning.migrate import upgrade
from learning.packages import import_all_models
from learning.settings import Secret, Settings
from learning.state import app_state

# Chromium and the live server for the browser tests of every folder (make test-browser).
pytest_plugins = ["tests.browser_support"]

# argon2id at production cost (64 MiB, 3 passes) takes 0.1–0.5 s per hash or check on these machines, and the
# in-process tests sign up and log in thousands of times. They use the same algorithm at its lowest cost; the
# servers that end-to-end and browser tests start as subprocesses keep the production parameters.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("entraide-dummy-password")

PG_URL = os.environ.get("ENTRAIDE_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TEST_SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "un mot de passe solide"
GEOGRAPHY_PREFIX = "geo_"


def _pg_admin(sql: str) -> None:
    import asyncpg

    dsn = PG_URL.replace("postgresql+asyncpg://", "postgresql://")

    async def run() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    _in_thread(run)


def _in_thread(coroutine_function: Callable[[], Coroutine[Any, Any, None]]) -> None:
    # Session fixtures may be set up from inside a running event loop: run on a loop of our own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine_function()).result()


async def _load_geography(url: str) -> None:
    db = Database(url)
    try:
        await load_geography(db)
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    _in_thread(lambda: _load_geography(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    name = f"entraide_test_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    url = re.sub(r"/[^/]*$", f"/{name}", PG_URL)
    try:
        upgrade(url)
        _in_thread(lambda: _load_geography(url))
        yield url
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _empty_pg(url: str) -> None:
    import_all_models()
    # The geography is reference data, the same for every test: loaded once per test run, never emptied.
    tables = ", ".join(
        f'"{t.name}"' for t in Base.metadata.sorted_tables if not t.name.startswith(GEOGRAPHY_PREFIX)
    )
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "entraide.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    _in_thread(lambda: _empty_pg(url))
    return url


# The demo's data (`entraide demo`), loaded once per test run, database kind and course, then copied for each test
# that starts from it: loading it takes 15–20 s, and the route matrix alone starts from it 28 times. Its files
# (handouts, in the data directory) are copied with it.
_DEMO_TEMPLATES: dict[tuple[str, Path], tuple[str, Path]] = {}


def demo_database_url(request: pytest.FixtureRequest, tmp_path: Path, content_dir: Path) -> str:
    """A database of the kind `request.param` names, holding the demo loaded with the course in `content_dir`."""
    from learning.demo import load_demo

    key = (request.param, content_dir.resolve())
    if key not in _DEMO_TEMPLATES:
        if request.param == "sqlite":
            path = request.getfixturevalue("tmp_path_factory").mktemp("demo") / "demo.db"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite+aiosqlite:///{path}"
        else:
            name = f"entraide_demo_{uuid.uuid4().hex[:10]}"
            _pg_admin(f'CREATE DATABASE "{name}"')
            request.session.config.add_cleanup(
                lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )
            url = re.sub(r"/[^/]*$", f"/{name}", PG_URL)
            upgrade(url)
            _in_thread(lambda: _load_geography(url))
        files = request.getfixturevalue("tmp_path_factory").mktemp("demo-files")
        settings = _test_settings(url, files, content_dir)
        _in_thread(lambda: _quiet(load_demo(settings)))
        _DEMO_TEMPLATES[key] = (url, settings.data_dir)
    template, data_dir = _DEMO_TEMPLATES[key]
    if data_dir.exists():
        shutil.copytree(data_dir, tmp_path / "var", dirs_exist_ok=True)
    if request.param == "sqlite":
        path = tmp_path / "entraide.db"
        shutil.copy(template.removeprefix("sqlite+aiosqlite:///"), path)
        return f"sqlite+aiosqlite:///{path}"
    name = f"entraide_test_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_name(template)}"')
    request.addfinalizer(lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return re.sub(r"/[^/]*$", f"/{name}", PG_URL)


def _pg_name(url: str) -> str:
    return url.rsplit("/", 1)[-1]


async def _quiet(loading: Coroutine[Any, Any, int]) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        await loading


def _test_settings(database_url: str, tmp_path: Path, content_dir: Path = Path("content")) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        secret_key=Secret(TEST_SECRET),
        base_url="http://testserver",
        start_media_node=False,
        data_dir=tmp_path / "var",
        content_dir=content_dir,
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return _test_settings(database_url, tmp_path)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings, run_background_jobs=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def db(app: Starlette) -> Database:
    return app_state(app).db
