"""The PostgreSQL pool checks a connection before use only when it sat idle (learning/db.py): one the server
dropped meanwhile is replaced before a page uses it, and a connection in constant use costs no extra round trip."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from learning import db as db_module
from learning.db import Database


@pytest.fixture
async def pool(pg_database: str):
    database = Database(pg_database)
    pings: list[object] = []
    dialect = database.engine.sync_engine.dialect
    real_ping = dialect.do_ping

    def counted(connection: Any) -> bool:
        pings.append(connection)
        return real_ping(connection)

    dialect.do_ping = counted  # type: ignore[method-assign,assignment]
    try:
        yield database, pings
    finally:
        await database.dispose()


async def _backend_pid(database: Database) -> int:
    async with database.session() as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_in_use_is_not_pinged_at_each_checkout(pool):
    database, pings = pool
    first = await _backend_pid(database)
    for _ in range(5):
        assert await _backend_pid(database) == first  # the same pooled connection, handed out again
    assert pings == []


async def test_a_connection_the_server_dropped_while_idle_is_replaced_before_use(
    pool, pg_database, monkeypatch
):
    database, pings = pool
    dropped = await _backend_pid(database)
    server = await asyncpg.connect(pg_database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        assert await server.fetchval("SELECT pg_terminate_backend($1)", dropped)
    finally:
        await server.close()
    monkeypatch.setattr(db_module, "IDLE_PING_S", 0.0)  # as if it had sat idle longer than that
    # The page's query runs on a fresh connection: the dropped one was found dead and discarded first.
    assert await _backend_pid(database) != dropped
    assert len(pings) >= 1
