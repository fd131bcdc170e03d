"""The async database: engine, sessions, and the declarative base every package's models use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, MetaData, Result, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

# Stable constraint names so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an INSERT, UPDATE or DELETE without RETURNING matched.

    Such a statement gives a CursorResult, but Session.execute() types every result as a plain Result.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(
            f"no row count: {type(result).__name__} is not the result of an INSERT, UPDATE or DELETE"
        )
    return result.rowcount


def dialect_name(session: AsyncSession) -> str:
    """The database a session talks to: "sqlite" or "postgresql"."""
    if session.bind is None:
        raise RuntimeError("the session is bound to no engine (sessions come from Database.session())")
    return session.bind.dialect.name


class Database:
    """Owns the engine; created and disposed by the app's lifespan or a CLI command."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        self.read_engine: AsyncEngine | None = None
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
            # Page views only read: in WAL mode a plain read sees a consistent snapshot without any lock,
            # so they get a second engine on the same file, without BEGIN IMMEDIATE and with query_only on.
            # With the write lock, every page view queued behind every other request.
            self.read_engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
            event.listen(self.read_engine.sync_engine, "connect", _sqlite_read_only_pragmas)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessionmaker = (
            async_sessionmaker(self.read_engine, expire_on_commit=False)
            if self.read_engine is not None
            else self.sessionmaker
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """For reads only (SQLite refuses writes in it); PostgreSQL has no write lock to avoid: same sessions."""
        async with self.read_sessionmaker() as session:
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not None:
            await self.read_engine.dispose()


# The DBAPI connection is the driver's (aiosqlite's adapter): Any, as SQLAlchemy's own listeners type it.
def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run beside the writer; busy_timeout waits instead of failing on a held lock.
    # isolation_level=None hands transaction control to the "begin" listener below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # BEGIN IMMEDIATE takes the write lock at the start of every transaction: concurrent
    # "check then write" sequences then serialise instead of failing at commit (docs/design.md).
    conn.exec_driver_sql("BEGIN IMMEDIATE")
