"""The platform spread over several processes, as on several machines: two site processes and two media nodes
on one PostgreSQL database and one Redis, each started as an operator would (`entraide serve`, `entraide media`).

40 members, in four workshops, get their tickets from either site process; the rooms land on both nodes
(live/node_placement.py); 30 members register at once, through both processes, for a workshop of 20 seats;
a node is killed, its rooms come back on the other one, and every member of them is back in her room; each
reminder is sent once although both processes run the reminder job.

Media stay on 127.0.0.1: the nodes offer only a loopback candidate (ENTRAIDE_MEDIA_LOOPBACK_ICE=only) and so do
the test's aiortc bots, which publish audio only; PostgreSQL and Redis are the machine's, hence the test runs
outside the media tests' network namespace.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import func, select

from learning.db import Database, utcnow
from learning.models import Member, OutboxEmail
from learning.passwords import hash_password
from live import jobs, seats
from live.media import aiortc_hooks
from live.media.botkit.bot import Bot
from live.media.botkit.ports import free_port
from live.media.botkit.tracks import ToneTrack
from live.media.botkit.waiting import until
from live.models import Registration, Workshop
from live.platform_kit import ROOT, wait_http
from tests.conftest import PG_URL, _pg_admin
from tests.helpers import csrf_token

PASSWORD = "un mot de passe solide"
SECRET = "distributed-test-secret-0123456789"
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own: the test empties it
ROOMS = 4
PER_ROOM = 10
SEATS = 20
RUSH = 30


@dataclass
class Shape:
    sites: list[str]
    nodes: dict[str, subprocess.Popen]  # public URL -> process
    database_url: str


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", *args], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )


@pytest.fixture
def shape(tmp_path: Path) -> Iterator[Shape]:
    name = f"entraide_shape_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    database_url = re.sub(r"/[^/]*$", f"/{name}", PG_URL)
    redis.Redis.from_url(REDIS_URL).flushdb()
    site_ports = [free_port(), free_port()]
    node_ports = [free_port(), free_port()]
    home = tmp_path / "home"
    home.mkdir()
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "ENTRAIDE_ENV": "development",
        "ENTRAIDE_SECRET_KEY": SECRET,
        "ENTRAIDE_DATABASE_URL": database_url,
        "ENTRAIDE_REDIS_URL": REDIS_URL,
        "ENTRAIDE_START_MEDIA_NODE": "0",
        "ENTRAIDE_MEDIA_LOOPBACK_ICE": "only",
        "ENTRAIDE_TRUSTED_PROXIES": "127.0.0.1",  # each bot's own address, for the login limits
        "ENTRAIDE_MEDIA_URL": f"ws://127.0.0.1:{node_ports[0]}",
        "ENTRAIDE_ALLOWED_ORIGINS": ",".join(f"http://127.0.0.1:{p}" for p in site_ports),
    }
    subprocess.run([sys.executable, "-m", "learning.cli", "migrate"], env=base, cwd=ROOT, check=True)
    processes: list[subprocess.Popen] = []
    nodes: dict[str, subprocess.Popen] = {}
    logs: dict[int, Path] = {}
    try:
        for port in node_ports:
            url = f"ws://127.0.0.1:{port}"
            env = {
                **base,
                "ENTRAIDE_MEDIA_PORT": str(port),
                "ENTRAIDE_MEDIA_PUBLIC_URL": url,
                "ENTRAIDE_ATTENDANCE_URL": f"http://127.0.0.1:{site_ports[0]}/ateliers/presence",
            }
            logs[port] = tmp_path / f"node-{port}.log"
            nodes[url] = _spawn(["learning.cli", "media"], env, logs[port])
            processes.append(nodes[url])
        for port in site_ports:
            env = {**base, "ENTRAIDE_BASE_URL": f"http://127.0.0.1:{port}"}
            logs[port] = tmp_path / f"site-{port}.log"
            processes.append(_spawn(["learning.cli", "serve", "--port", str(port)], env, logs[port]))
        for port, process in zip(node_ports + site_ports, processes, strict=True):
            path = "/healthz" if port in node_ports else "/readyz"
            wait_http(f"http://127.0.0.1:{port}{path}", timeout=120, process=process, log=logs[port])
        yield Shape([f"http://127.0.0.1:{p}" for p in site_ports], nodes, database_url)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def seed(database_url: str) -> tuple[list[int], int, list[dict[str, object]]]:
    """Four workshops starting in ten minutes (rooms open, the hour's reminder due) of ten members each, and
    a fifth one of 20 seats that nobody has joined yet."""
    db = Database(database_url)
    now = utcnow()
    password = hash_password(PASSWORD)
    people: list[dict[str, object]] = []
    try:
        async with db.session() as session:
            host = Member(email="hote@reseau.test", name="Hôte", password_hash=password, project="")
            session.add(host)
            for i in range(ROOMS * PER_ROOM):
                member = Member(
                    email=f"membre{i}@reseau.test",
                    name=f"Membre {i}",
                    password_hash=password,
                    project="",
                    email_confirmed_at=now,
                )
                session.add(member)
            await session.flush()
            workshops = []
            for n in range(ROOMS + 1):
                workshop = Workshop(
                    title=f"Atelier réparti {n}",
                    theme="numerique",
                    description="Test.",
                    starts_at=now + timedelta(minutes=10 if n < ROOMS else 60 * 24 * 3),
                    duration_min=60,
                    capacity=SEATS,
                    host_id=host.id,
                    status="published",
                    room_doors_open=True,  # no host in these rooms: nobody waits in the lobby
                    created_at=now,
                    updated_at=now,
                )
                session.add(workshop)
                workshops.append(workshop)
            await session.commit()
            members = list(
                await session.scalars(select(Member).where(Member.id != host.id).order_by(Member.id))
            )
            for i, member in enumerate(members):
                people.append(
                    {"id": member.id, "email": member.email, "workshop": workshops[i // PER_ROOM].id}
                )
            ids = [w.id for w in workshops]
        for person in people:
            async with db.session() as session:
                stored = await session.get(Workshop, person["workshop"])
                assert stored is not None
                await seats.register(session, stored, int(str(person["id"])), now)
                await session.commit()
        return ids[:ROOMS], ids[ROOMS], people
    finally:
        await db.dispose()


async def signed_in(site: str, email: str, address: str, at_once: asyncio.Semaphore) -> httpx.AsyncClient:
    # No kept-alive connections: a site process closes an idle one after 5 s, and a request sent on it at that
    # moment fails with « Server disconnected » (the test waits longer than that between its requests).
    client = httpx.AsyncClient(
        base_url=site,
        headers={"X-Forwarded-For": address},
        timeout=120,
        limits=httpx.Limits(max_keepalive_connections=0),
    )
    token = await csrf_token(client, "/connexion")
    async with at_once:  # password hashing is slow on purpose: a crowd, not a stampede
        response = await client.post(
            "/connexion", data={"csrf_token": token, "email": email, "password": PASSWORD}
        )
    assert response.status_code == 303, response.text[:300]
    return client


async def ticket(client: httpx.AsyncClient, workshop: int) -> dict[str, str]:
    token = await csrf_token(client, f"/ateliers/{workshop}")
    response = await client.post(f"/ateliers/{workshop}/ticket", data={"csrf_token": token})
    assert response.status_code == 200, response.text[:300]
    return dict(response.json())


# The node admits a few unfinished connections per address (live/media/guards.py), and every bot is 127.0.0.1.
JOINS_AT_ONCE = 4


# Every bot ever made, closed at the end whatever happened (an unclosed peer connection leaves UDP sockets behind).
MADE: list[Bot] = []


async def join(client: httpx.AsyncClient, workshop: int, at_once: asyncio.Semaphore) -> tuple[Bot, str]:
    async with at_once:
        answer = await ticket(client, workshop)
        bot = Bot(f"{answer['media_url']}", answer["ticket"])
        MADE.append(bot)
        welcome = await bot.connect(within=30)
        assert welcome is not None and welcome["type"] == "welcome", welcome
        await bot.publish({"microphone": ToneTrack()}, within=30)
    node = answer["media_url"].rsplit("/rooms/", 1)[0]
    return bot, node


async def test_two_sites_two_nodes_one_database(shape: Shape) -> None:
    aiortc_hooks.enable_loopback_candidates(only=True)
    rooms, rush_workshop, people = await seed(shape.database_url)
    at_once = asyncio.Semaphore(4)
    joins = asyncio.Semaphore(JOINS_AT_ONCE)
    clients = await asyncio.gather(
        *(
            signed_in(shape.sites[i % 2], str(p["email"]), f"10.9.{i // 200}.{i % 200 + 1}", at_once)
            for i, p in enumerate(people)
        )
    )
    bots: list[Bot] = []
    try:
        # Tickets from either process; the rooms spread over both nodes.
        joined = await asyncio.gather(
            *(join(c, int(str(p["workshop"])), joins) for c, p in zip(clients, people, strict=True))
        )
        bots = [bot for bot, _node in joined]
        node_of_room: dict[int, set[str]] = {}
        for (_bot, node), person in zip(joined, people, strict=True):
            node_of_room.setdefault(int(str(person["workshop"])), set()).add(node)
        assert all(len(nodes) == 1 for nodes in node_of_room.values()), node_of_room  # sticky per workshop
        assert {n for nodes in node_of_room.values() for n in nodes} == set(shape.nodes)

        # Registrations stay exact under concurrent load across processes.
        async def register(client: httpx.AsyncClient) -> httpx.Response:
            token = await csrf_token(client, f"/ateliers/{rush_workshop}")
            return await client.post(f"/ateliers/{rush_workshop}/inscription", data={"csrf_token": token})

        responses = await asyncio.gather(*(register(c) for c in clients[:RUSH]))
        assert all(r.status_code == 303 for r in responses)
        db = Database(shape.database_url)
        try:
            async with db.session() as session:
                statuses = dict(
                    (
                        await session.execute(
                            select(Registration.status, func.count())
                            .where(Registration.workshop_id == rush_workshop)
                            .group_by(Registration.status)
                        )
                    ).all()
                )
            assert statuses.get("confirmed") == SEATS and statuses.get("waitlisted") == RUSH - SEATS, statuses

            # One node dies: its rooms come back on the other one, and every member with them.
            victim = sorted(shape.nodes)[0]
            shape.nodes[victim].kill()
            moved = [i for i, (_bot, node) in enumerate(joined) if node == victim]
            assert moved
            for i in moved:
                await bots[i].wait_closed(within=15)

            async def rejoin(i: int) -> tuple[Bot, str]:
                # What the room's page does when its socket drops: a fresh ticket, which names the node now.
                deadline = asyncio.get_running_loop().time() + 20
                while True:
                    answer = await ticket(clients[i], int(str(people[i]["workshop"])))
                    if not answer["media_url"].startswith(victim + "/"):
                        break
                    assert asyncio.get_running_loop().time() < deadline, "the room never left the dead node"
                    await asyncio.sleep(0.5)
                return await join(clients[i], int(str(people[i]["workshop"])), joins)

            rejoined = await asyncio.gather(*(rejoin(i) for i in moved))
            for i, (bot, node) in zip(moved, rejoined, strict=True):
                assert node != victim
                await bots[i].close()
                bots[i] = bot
            for i, bot in enumerate(bots):
                same_room = [str(p["id"]) for p in people if p["workshop"] == people[i]["workshop"]]
                assert bot.welcome is not None

                def everyone_there(bot: Bot = bot, same_room: list[str] = same_room) -> bool:
                    present = set()
                    for m in bot.messages:
                        if m["type"] == "welcome":
                            present.add(str(m["you"]["id"]))
                            present |= {str(p["id"]) for p in m["room"]["participants"]}
                        elif m["type"] == "joined":
                            present.add(str(m["member"]["id"]))
                    return set(same_room) <= present

                await until(everyone_there, within=20)

            # Both processes run the reminder job (at start, then every live.jobs.EVERY_S): each registrant of the
            # four rooms gets one reminder. Their runs may all have come before the seed on a fast machine: wait
            # for the next one, then check that nobody got two.
            async def reminders() -> list[tuple[str, int]]:
                async with db.session() as session:
                    rows = await session.execute(
                        select(OutboxEmail.to_address, func.count())
                        .where(OutboxEmail.subject.startswith("Dans une heure : Atelier réparti"))
                        .group_by(OutboxEmail.to_address)
                    )
                    return [(address, count) for address, count in rows.all()]

            for _second in range(int(jobs.EVERY_S) + 15):
                if len(await reminders()) >= ROOMS * PER_ROOM:
                    break
                await asyncio.sleep(1)
            await asyncio.sleep(2)  # the other process's run, if it came at the same moment, has committed
            sent = await reminders()
            assert len(sent) == ROOMS * PER_ROOM
            assert {count for _address, count in sent} == {1}
        finally:
            await db.dispose()
    finally:
        await asyncio.gather(*(bot.close() for bot in {*bots, *MADE}), return_exceptions=True)
        MADE.clear()
        await asyncio.gather(*(c.aclose() for c in clients))
