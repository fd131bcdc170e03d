"""Seats under load, through the real app, on SQLite and PostgreSQL (docs/design.md, « Data and concurrency »).

Each member is her own browser (httpx client with its own session cookie); the requests are fired
together with asyncio.gather and meet only in the database.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import httpx
from starlette.applications import Starlette

from learning.db import Database, utcnow
from learning.models import Member
from live import actions
from tests.helpers import TOKEN_RE, first_group
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations, seats_taken


async def _ready(clients: list[httpx.AsyncClient], page: str) -> list[str]:
    pages = await asyncio.gather(*(c.get(page) for c in clients))
    return [first_group(TOKEN_RE.pattern, p.text) for p in pages]


async def _browsers(app: Starlette, db: Database, members: list[Member]) -> list[httpx.AsyncClient]:
    return [await browser_for(app, db, m) for m in members]


async def _close(clients: list[httpx.AsyncClient]) -> None:
    await asyncio.gather(*(c.aclose() for c in clients))


async def test_fifty_members_register_at_once_for_twenty_seats(app, db):
    host, *members = await add_members(db, 51)
    workshop = await add_workshop(db, host, capacity=20)
    clients = await _browsers(app, db, members)
    try:
        tokens = await _ready(clients, f"/ateliers/{workshop.id}")
        responses = await asyncio.gather(
            *(
                c.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": t})
                for c, t in zip(clients, tokens, strict=True)
            )
        )
    finally:
        await _close(clients)
    assert all(r.status_code == 303 for r in responses)

    rows = await registrations(db, workshop.id)
    confirmed = [r for r in rows if r.status == "confirmed"]
    waitlisted = [r for r in rows if r.status == "waitlisted"]
    assert len(confirmed) == 20 and len(waitlisted) == 30
    assert len({r.member_id for r in rows}) == 50
    assert await seats_taken(db, workshop.id) == 20
    # Arrival order: nobody who arrived after a waitlisted member got a seat...
    assert max(r.id for r in confirmed) < min(r.id for r in waitlisted)
    # ...and the place each one was told by e-mail is her place in the queue, 1 to 30, no gap, no tie.
    by_member = {m.id: m for m in members}
    told = []
    for r in waitlisted:
        [email] = await emails_to(db, by_member[r.member_id].email)
        told.append(int(re.search(r"en position (\d+)", email.body).group(1)))
    assert told == list(range(1, 31))
    for r in confirmed:
        [email] = await emails_to(db, by_member[r.member_id].email)
        assert email.subject.startswith("Inscription confirmée")


async def test_double_click_on_register_keeps_one_registration(app, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, capacity=5)
    async with await browser_for(app, db, amina) as browser:
        [token] = await _ready([browser], f"/ateliers/{workshop.id}")
        clicks = await asyncio.gather(
            *(
                browser.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": token})
                for _ in range(4)
            )
        )
    assert sorted(r.headers["location"].split("msg=")[1].split("#")[0] for r in clicks) == ["deja"] * 3 + [
        "inscrite"
    ]
    assert [r.status for r in await registrations(db, workshop.id)] == ["confirmed"]
    assert await seats_taken(db, workshop.id) == 1
    assert len(await emails_to(db, amina.email)) == 1


async def test_ten_concurrent_cancellations_some_double_clicked_promote_ten_in_order(app, db):
    host, *members = await add_members(db, 36)
    workshop = await add_workshop(db, host, capacity=20)
    seated, waiting = members[:20], members[20:]
    clients = await _browsers(app, db, members)
    try:
        tokens = await _ready(clients, f"/ateliers/{workshop.id}")
        # Sequential registrations: the waitlist order is known (waiting[0] first).
        for c, t in zip(clients, tokens, strict=True):
            await c.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": t})
        leaving = list(range(0, 20, 2))  # ten confirmed members
        doubled = set(leaving[:4])  # four of them double-click
        posts = []
        for i in leaving:
            for _ in range(2 if i in doubled else 1):
                posts.append(
                    clients[i].post(f"/ateliers/{workshop.id}/desinscription", data={"csrf_token": tokens[i]})
                )
        responses = await asyncio.gather(*posts)
    finally:
        await _close(clients)
    assert len(responses) == 14 and all(r.status_code == 303 for r in responses)
    messages = sorted(r.headers["location"].split("msg=")[1].split("#")[0] for r in responses)
    assert messages == ["desinscrite"] * 10 + ["rien"] * 4

    rows = await registrations(db, workshop.id)
    status = {r.member_id: r.status for r in rows}
    assert len(rows) == len(status) == 25  # 35 minus the 10 who left; nobody twice
    # First come, first served: exactly the ten oldest of the waitlist got the seats.
    assert [m.id for m in waiting if status.get(m.id) == "confirmed"] == [m.id for m in waiting[:10]]
    assert [r.member_id for r in rows if r.status == "waitlisted"] == [m.id for m in waiting[10:]]
    assert sum(1 for s in status.values() if s == "confirmed") == 20
    assert await seats_taken(db, workshop.id) == 20
    for m in waiting[:10]:
        promotions = [e for e in await emails_to(db, m.email) if e.subject.startswith("Une place pour vous")]
        assert len(promotions) == 1
    for m in waiting[10:]:
        assert not [e for e in await emails_to(db, m.email) if e.subject.startswith("Une place pour vous")]
    for i in leaving:
        assert status.get(seated[i].id) is None


async def test_double_click_to_come_back_after_a_released_seat(app, db):
    """Found by the state machine: two clicks racing to replace the same released registration."""
    host, amina = await add_members(db, 2)
    start = (utcnow() - timedelta(minutes=20)).replace(microsecond=0)
    workshop = await add_workshop(db, host, capacity=3, starts_at=start)
    await actions.register(db, app.state.settings, workshop.id, amina.id, start - timedelta(hours=1))
    await actions.release_no_shows(db, app.state.settings, utcnow())
    assert [r.status for r in await registrations(db, workshop.id)] == ["released"]
    results = await asyncio.gather(
        *(actions.register(db, app.state.settings, workshop.id, amina.id, utcnow()) for _ in range(3))
    )
    assert sorted(r.outcome.status for r in results) == ["already", "already", "confirmed"]
    assert [r.status for r in await registrations(db, workshop.id)] == ["confirmed"]
    assert await seats_taken(db, workshop.id) == 1
