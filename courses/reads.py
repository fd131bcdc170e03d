"""Read-only sessions for page views.

On SQLite the shell opens every transaction with BEGIN IMMEDIATE, so that check-then-write sequences
serialise (shared/DESIGN.md). Page views here only read the learner's progress; taking the write lock
for that made every lesson view queue behind every other request (bench/lessons.py). In WAL mode a
plain read sees a consistent snapshot without any lock, so page reads go through a second engine on the
same file, without the IMMEDIATE listener and with ``query_only`` on. Writes always use the shell's
``app.state.db``. On PostgreSQL there is no such lock: reads simply use the shell's sessions.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from starlette.requests import Request

from learning.db import Database


class ReadSessions:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.engine: AsyncEngine | None = None
        self.sessionmaker: async_sessionmaker[AsyncSession] | None = None
        if db.is_sqlite:
            self.engine = create_async_engine(db.url, connect_args={"timeout": 30})
            event.listen(self.engine.sync_engine, "connect", _read_only_pragmas)
            self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        if self.sessionmaker is None:
            async with self.db.session() as session:
                yield session
            return
        async with self.sessionmaker() as session:
            yield session

    async def dispose(self) -> None:
        if self.engine is not None:
            await self.engine.dispose()


def _read_only_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def reads(request: Request) -> ReadSessions:
    return request.app.state.courses_reads
