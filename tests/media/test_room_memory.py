"""What a host decided in a room outlives the room: a real node reporting to a real site over HTTP.

The node drops a room once it is empty (its memory is per room); the site keeps removals, the lock and
the doors, refuses removed members their tickets, and writes the lock and doors into the others.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from learning.app import create_app
from learning.db import Database
from learning.models import Member
from learning.settings import Secret, Settings
from live.media.botkit.bot import Bot
from live.media.botkit.ports import free_port
from live.media.botkit.waiting import until
from live.media.node import MediaNode, running_node
from live.media.settings import NodeSettings
from live.models import Workshop
from tests.helpers import csrf_token
from tests.live.helpers import add_members, add_workshop, browser_for

from .conftest import ORIGIN

pytestmark = pytest.mark.media
SECRET = "room-memory-secret-0123456789"  # shared by the site and the node, as in production


@dataclass
class Stage:
    app: Starlette
    db: Database
    node: MediaNode
    workshop: Workshop
    host: Member
    awa: Member
    ines: Member

    @property
    def room(self) -> str:
        return str(self.workshop.id)

    async def ticket(self, member: Member) -> httpx.Response:
        """What the room page does for a (re)connection: POST /ateliers/<id>/ticket with its CSRF header."""
        async with await browser_for(self.app, self.db, member) as browser:
            token = await csrf_token(browser, f"/ateliers/{self.workshop.id}")
            return await browser.post(f"/ateliers/{self.workshop.id}/ticket", headers={"X-CSRF-Token": token})

    async def bot(self, member: Member) -> Bot:
        response = await self.ticket(member)
        assert response.status_code == 200, response.text
        return Bot(
            f"ws://127.0.0.1:{self.node.port}/rooms/{self.room}", response.json()["ticket"], origin=ORIGIN
        )

    async def site_says(self, check: Callable[[Workshop], bool]) -> None:
        """Wait for the node's report to reach the site's database (it is sent after the fact)."""
        for _ in range(100):
            async with self.db.session() as session:
                workshop = await session.get(Workshop, self.workshop.id)
                assert workshop is not None
                if check(workshop):
                    return
            await asyncio.sleep(0.05)
        raise TimeoutError("the site never recorded the report")

    async def room_dropped(self) -> None:
        await until(lambda: self.room not in self.node.rooms, 5)


@pytest.fixture
async def stage(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Stage]:
    path = tmp_path / "entraide.db"
    shutil.copy(sqlite_template, path)
    port = free_port()
    settings = Settings(
        env="test",
        database_url=f"sqlite+aiosqlite:///{path}",
        secret_key=Secret(SECRET),
        base_url=f"http://127.0.0.1:{port}",
        start_media_node=False,
    )
    app = create_app(settings, run_background_jobs=False)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    serving = asyncio.create_task(server.serve())
    node_settings = NodeSettings(
        secret_key=SECRET,
        allowed_origins=(ORIGIN,),
        loopback_ice=True,
        attendance_url=f"http://127.0.0.1:{port}/ateliers/presence",
    )
    try:
        await until(lambda: server.started, 10)
        db: Database = app.state.db
        host, awa, ines = await add_members(db, 3)
        workshop = await add_workshop(db, host, starts_in=timedelta(minutes=5))
        for member in (awa, ines):
            async with await browser_for(app, db, member) as browser:
                token = await csrf_token(browser, f"/ateliers/{workshop.id}")
                await browser.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": token})
        async with running_node(node_settings) as node:
            yield Stage(app, db, node, workshop, host, awa, ines)
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, 10)


async def _closed(bots: list[Bot], body: Callable[[], Awaitable[None]]) -> None:
    try:
        await body()
    finally:
        for bot in bots:
            await bot.close()


async def test_a_removed_member_stays_out_after_the_room_was_emptied_and_dropped(stage: Stage):
    made: list[Bot] = []

    async def body() -> None:
        host = await stage.bot(stage.host)
        awa = await stage.bot(stage.awa)
        made.extend([host, awa])
        await host.connect()
        await host.send({"type": "open_doors"})
        welcome = await awa.connect()
        assert welcome is not None and welcome["you"]["in_lobby"] is False
        await host.send({"type": "remove", "member": str(stage.awa.id)})
        await awa.wait_for(lambda m: m["type"] == "removed")
        assert (await awa.wait_closed(5))[0] == 4403
        # The host leaves: the room is empty, and the node forgets it (removals included).
        await host.send({"type": "leave"})
        await host.wait_closed(5)
        await stage.room_dropped()
        # Awa asks for a new ticket, as her page does: the site refuses it, in French.
        for _ in range(100):
            refused = await stage.ticket(stage.awa)
            if refused.status_code == 403:
                break
            await asyncio.sleep(0.05)  # the removal report may still be on its way
        assert refused.status_code == 403
        assert refused.json() == {"error": "L'intervenante vous a retirée de cet atelier."}
        # Nobody else is kept out: Inès joins the new room.
        ines = await stage.bot(stage.ines)
        made.append(ines)
        joined = await ines.connect()
        assert joined is not None and joined["type"] == "welcome"

    async with asyncio.timeout(60):
        await _closed(made, body)


async def test_the_lock_and_the_open_doors_survive_the_room_being_recreated(stage: Stage):
    made: list[Bot] = []

    async def body() -> None:
        host = await stage.bot(stage.host)
        made.append(host)
        await host.connect()
        await host.send({"type": "open_doors"})
        await host.send({"type": "lock", "locked": True})
        await host.wait_for(lambda m: m["type"] == "locked" and m["locked"] is True)
        await stage.site_says(lambda w: w.room_locked and w.room_doors_open)
        await host.send({"type": "leave"})
        await host.wait_closed(5)
        await stage.room_dropped()

        # A new room, created by Inès's join: locked, as it was left.
        ines = await stage.bot(stage.ines)
        made.append(ines)
        refused = await ines.connect()
        assert refused is not None and refused["code"] == "room_locked"
        assert (await ines.wait_closed(5))[0] == 4403
        # The host comes back: the room knows it is locked and open.
        again = await stage.bot(stage.host)
        made.append(again)
        welcome = await again.connect()
        assert (
            welcome is not None
            and welcome["room"]["locked"] is True
            and welcome["room"]["doors_open"] is True
        )
        await again.send({"type": "lock", "locked": False})
        await stage.site_says(lambda w: not w.room_locked)
        ines_again = await stage.bot(stage.ines)
        made.append(ines_again)
        entered = await ines_again.connect()
        assert entered is not None and entered["type"] == "welcome"
        assert entered["you"]["in_lobby"] is False  # the doors were opened before the room was dropped

    async with asyncio.timeout(60):
        await _closed(made, body)
