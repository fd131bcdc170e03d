"""The migrations build exactly the tables the code uses: a model changed without its migration fails here,
before a member meets « no such column » on a page."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from learning.db import Base, Database
from learning.migrate import include_object
from learning.packages import import_all_models


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    import_all_models()

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        return compare_metadata(context, Base.metadata)

    async with db.engine.connect() as connection:
        diff = await connection.run_sync(differences)
    assert diff == []


def test_every_package_s_tables_are_known_to_the_migrations():
    import_all_models()
    tables = set(Base.metadata.tables)
    assert {"members", "board_posts", "workshops"} <= tables, sorted(tables)
