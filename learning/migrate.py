"""Alembic, driven from code: one script location, one version folder per package (branches)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.schema import SchemaItem

from learning.packages import migration_dirs

HERE = Path(__file__).parent


def include_object(
    obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: SchemaItem | None
) -> bool:
    """What autogenerate compares: all but the full-text search objects of the board and the members'
    directory, which the models cannot describe (SQLite FTS5 tables and triggers, PostgreSQL's generated
    tsvector columns and their indexes)."""
    if type_ == "table" and name is not None and name.startswith(("board_posts_fts", "member_profiles_fts")):
        return False
    return name not in ("search_vector", "ix_board_posts_search", "ix_member_profiles_search")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE / "migrations"))
    config.set_main_option("version_locations", " ".join(str(d) for d in migration_dirs()))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    # env.py runs its own event loop with asyncio.run(); from inside a running loop, use a thread.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(alembic_config(database_url), revision)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(command.upgrade, alembic_config(database_url), revision).result()
