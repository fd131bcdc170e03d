"""Databases that already hold the geography, for the tests of pages that search it: loading 36,208 communes
takes seconds, so it is done once per test run and database kind, not once per test.

Import `database_url` from here in a test module to use it instead of tests/conftest.py's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from learning.coordinations.geography import load_geography
from learning.db import Base, Database
from learning.packages import import_all_models
from tests.conftest import _in_thread

GEO_TABLES = {"geo_communes", "geo_departements", "geo_regions"}


async def _load(url: str) -> None:
    db = Database(url)
    try:
        await load_geography(db)
    finally:
        await db.dispose()


@pytest.fixture(scope="session")
def sqlite_geo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / "geo.db"
    shutil.copy(sqlite_template, path)
    _in_thread(lambda: _load(f"sqlite+aiosqlite:///{path}"))
    return path


async def _empty_all_but_geography(url: str) -> None:
    import_all_models()
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables if t.name not in GEO_TABLES)
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await db.dispose()
    await _load(url)  # once per run: later calls find the communes there


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "entraide.db"
        shutil.copy(request.getfixturevalue("sqlite_geo_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    _in_thread(lambda: _empty_all_but_geography(url))
    return url
