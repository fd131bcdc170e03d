"""Fixtures for the media node tests: an in-process node on loopback, tickets, bots."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import AsyncIterator, Callable

import pytest

from live.media import aiortc_hooks
from live.media.botkit.bot import Bot
from live.media.node import MediaNode, running_node
from live.media.settings import NodeSettings
from live.media.tickets import sign_ticket

SECRET = "media-test-secret-0123456789"
ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture(scope="session", autouse=True)
def loopback_candidates() -> None:
    """ICE runs on 127.0.0.1 only (``make test-media`` runs inside a network namespace holding only
    ``lo``), but aioice skips loopback when gathering: the hooks module adds it, for the node and bots
    alike, once aiortc is checked to be the version those hooks were written for."""
    aiortc_hooks.check_hooks()
    aiortc_hooks.enable_loopback_candidates()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # aiortc and av emit ResourceWarnings and DeprecationWarnings from their own threads and GC;
    # filterwarnings=error (pyproject) must not turn those into failures of media tests.
    for item in items:
        if item.get_closest_marker("media"):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture
def node_settings() -> NodeSettings:
    return NodeSettings(secret_key=SECRET, allowed_origins=(ORIGIN,), attendance_url="", loopback_ice=True)


@pytest.fixture
async def node(node_settings: NodeSettings) -> AsyncIterator[MediaNode]:
    async with running_node(node_settings) as media_node:
        yield media_node


@pytest.fixture
def ticket() -> Callable[..., str]:
    def make(member: str, *, room: str = "42", role: str = "participant", name: str | None = None) -> str:
        return sign_ticket(SECRET, room=room, member=member, name=name or f"Membre {member}", role=role)

    return make


@pytest.fixture
async def bots(node: MediaNode, ticket: Callable[..., str]) -> AsyncIterator[Callable[..., Bot]]:
    made: list[Bot] = []

    def make(member: str, *, room: str = "42", role: str = "participant", origin: str | None = ORIGIN) -> Bot:
        bot = Bot(
            f"ws://127.0.0.1:{node.port}/rooms/{room}", ticket(member, room=room, role=role), origin=origin
        )
        made.append(bot)
        return bot

    yield make
    await asyncio.wait_for(asyncio.gather(*(b.close() for b in made), return_exceptions=True), 20)


def live_threads() -> list[threading.Thread]:
    """Threads other than the main one and the loop's default executor (a bounded pool that the
    bots' aiortc encoders reuse: its workers are not per-connection and never leak)."""
    gc.collect()
    return [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and not t.name.startswith("asyncio_")
    ]
