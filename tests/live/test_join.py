"""« Rejoindre l'atelier »: join tickets only for confirmed registrants and hosts while the room is open;
attendance reported by the media node."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta

import httpx
import pytest
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select

from learning.db import utcnow
from learning.models import Member
from live.media.tickets import (
    Ticket,
    TicketError,
    sign_attendance,
    sign_report,
    sign_ticket,
    verify_attendance,
    verify_ticket,
)
from live.models import Registration, Workshop
from tests.conftest import TEST_SECRET
from tests.helpers import TOKEN_RE, csrf_token, text_of
from tests.live.helpers import add_members, add_workshop, browser_for

ROOM_RE = re.compile(r'<div id="room"(.*?)>', re.S)


def room_data(page: str) -> dict[str, str]:
    match = ROOM_RE.search(page)
    assert match is not None, "no room on the page"
    attributes = match.group(1)
    return {k: html.unescape(v) for k, v in re.findall(r'data-([a-z-]+)="([^"]*)"', attributes)}


async def _register(browser: httpx.AsyncClient, workshop_id: int) -> None:
    token = await csrf_token(browser, f"/ateliers/{workshop_id}")
    await browser.post(f"/ateliers/{workshop_id}/inscription", data={"csrf_token": token})


async def test_confirmed_member_gets_the_room_page_with_a_short_ticket(app, db):
    host, cohost, amina = await add_members(db, 3)
    workshop = await add_workshop(db, host, cohost=cohost, starts_in=timedelta(minutes=10))
    async with await browser_for(app, db, amina) as browser:
        await _register(browser, workshop.id)
        detail = text_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "Rejoindre l'atelier" in detail
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        response = await browser.post(f"/ateliers/{workshop.id}/rejoindre", data={"csrf_token": token})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        data = room_data(response.text)
        assert data["media-url"] == f"ws://127.0.0.1:8001/rooms/{workshop.id}"
        assert data["role"] == "participant" and data["name"] == amina.name
        ticket = verify_ticket(TEST_SECRET, data["ticket"])
        assert (ticket.room, ticket.member, ticket.role) == (str(workshop.id), str(amina.id), "participant")
        assert ticket.expires_at <= time.time() + 60

        # Reconnection: a fresh ticket as JSON, with the CSRF header the page gives.
        fresh = await browser.post(
            f"/ateliers/{workshop.id}/ticket", headers={"X-CSRF-Token": data["csrf-token"]}
        )
        assert fresh.status_code == 200
        body = fresh.json()
        assert body["media_url"] == data["media-url"] and body["expires_in"] == 60
        assert verify_ticket(TEST_SECRET, body["ticket"]).member == str(amina.id)
        # Without the header the request is refused like any cross-site post.
        assert (await browser.post(f"/ateliers/{workshop.id}/ticket")).status_code == 403
        # Logged out (session expired): a JSON refusal the page can show, not a redirect to follow.
        await browser.post("/deconnexion", data={"csrf_token": data["csrf-token"]})
        expired = await browser.post(
            f"/ateliers/{workshop.id}/ticket", headers={"X-CSRF-Token": data["csrf-token"]}
        )
        assert expired.status_code == 403 and "reconnectez-vous" in expired.json()["error"]

    for person, role in ((host, "host"), (cohost, "cohost")):
        async with await browser_for(app, db, person) as browser:
            page = await browser.get(f"/ateliers/{workshop.id}/rejoindre")
            assert page.status_code == 200
            # The room leaves the site's layout but keeps the network's icon in its tab.
            assert 'type="image/svg+xml"' in page.text and 'href="/favicon.ico"' in page.text
            assert verify_ticket(TEST_SECRET, room_data(page.text)["ticket"]).role == role


async def test_tickets_are_refused_to_anyone_without_a_confirmed_seat_or_outside_the_room_hours(app, db):
    host, seated, waiting, stranger = await add_members(db, 4)
    soon = await add_workshop(db, host, capacity=1, starts_in=timedelta(minutes=5))
    later = await add_workshop(db, host, starts_in=timedelta(minutes=16))
    async with await browser_for(app, db, seated) as browser:
        await _register(browser, soon.id)
        await _register(browser, later.id)
        closed = await browser.get(f"/ateliers/{later.id}/rejoindre")
        assert closed.status_code == 403 and "La salle ouvre le" in text_of(closed)
        token = TOKEN_RE.search((await browser.get(f"/ateliers/{later.id}")).text).group(1)
        refused = await browser.post(f"/ateliers/{later.id}/ticket", headers={"X-CSRF-Token": token})
        assert refused.status_code == 403 and "La salle ouvre" in refused.json()["error"]
    async with await browser_for(app, db, waiting) as browser:
        await _register(browser, soon.id)
        response = await browser.get(f"/ateliers/{soon.id}/rejoindre")
        assert response.status_code == 403 and "liste d'attente" in text_of(response)
    async with await browser_for(app, db, stranger) as browser:
        response = await browser.get(f"/ateliers/{soon.id}/rejoindre")
        assert response.status_code == 403 and "Seules les participantes inscrites" in text_of(response)
        assert "data-ticket" not in response.text
    # After the end, nobody gets in, not even the host.
    async with db.session() as session:
        (await session.get(Workshop, soon.id)).starts_at = utcnow() - timedelta(hours=3)
        await session.commit()
    async with await browser_for(app, db, host) as browser:
        over = await browser.get(f"/ateliers/{soon.id}/rejoindre")
        assert over.status_code == 403 and "terminé" in text_of(over)


async def test_a_ticket_only_opens_its_own_room_for_a_short_time():
    ticket = sign_ticket(TEST_SECRET, room="7", member="3", name="Amina", role="participant", ttl=60)
    assert verify_ticket(TEST_SECRET, ticket).room == "7"  # the node compares it with the room asked for
    with pytest.raises(TicketError):
        verify_ticket(TEST_SECRET, ticket, now=time.time() + 61)  # expired
    with pytest.raises(TicketError):
        verify_ticket(TEST_SECRET, ticket[:-2] + ("A" if ticket[-2] != "A" else "B") + ticket[-1])  # tampered
    with pytest.raises(TicketError):
        verify_ticket("another-secret-0123456789", ticket)
    # Wrong audience: same secret and salt, every ticket field, but not meant for the media node.
    other = URLSafeSerializer(TEST_SECRET, salt="entraide.media").dumps(
        {
            "aud": "attendance",
            "room": "7",
            "member": "3",
            "name": "Amina",
            "role": "participant",
            "exp": time.time() + 30,
        }
    )
    with pytest.raises(TicketError):
        verify_ticket(TEST_SECRET, other)
    with pytest.raises(TicketError):
        verify_ticket(TEST_SECRET, sign_attendance(TEST_SECRET, "7", "3"))  # an attendance token is no ticket
    with pytest.raises(TicketError):
        verify_attendance(TEST_SECRET, ticket)  # and the other way round
    with pytest.raises(ValueError):
        sign_ticket(TEST_SECRET, room="7", member="3", name="Amina", role="participant", ttl=120)


async def test_attendance_from_the_media_node_is_recorded_once_and_shown_after_the_event(app, client, db):
    host, amina, claire = await add_members(db, 3, roles=None)
    async with db.session() as session:
        from learning.models import Member

        (await session.get(Member, host.id)).set_roles({"intervenante"})
        await session.commit()
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=5), title="Atelier présence")
    for person in (amina, claire):
        async with await browser_for(app, db, person) as browser:
            await _register(browser, workshop.id)

    report = sign_attendance(TEST_SECRET, str(workshop.id), str(amina.id))
    for _ in range(2):  # the node may report twice (reconnection): same result
        response = await client.post("/ateliers/presence", json={"token": report})
        assert response.status_code == 200 and response.json() == {"recorded": True}
    host_report = sign_attendance(TEST_SECRET, str(workshop.id), str(host.id))
    assert (await client.post("/ateliers/presence", json={"token": host_report})).json() == {"recorded": True}

    for bad in (
        {"token": "nimporte-quoi"},
        {
            "token": sign_ticket(
                TEST_SECRET, room=str(workshop.id), member=str(claire.id), name="Claire", role="participant"
            )
        },
        {"token": 12},
        {},
        [],
        "texte",
    ):
        assert (await client.post("/ateliers/presence", json=bad)).status_code == 400
    assert (await client.post("/ateliers/presence", content=b"\xff{not json")).status_code == 400

    async with db.session() as session:
        rows = {r.member_id: r for r in (await session.execute(select(Registration))).scalars().all()}
        assert rows[amina.id].attended_at is not None and rows[claire.id].attended_at is None
        done = await session.get(Workshop, workshop.id)
        assert done.host_attended_at is not None
        done.starts_at = utcnow() - timedelta(hours=2)  # the workshop is over
        await session.commit()
    async with await browser_for(app, db, host) as browser:
        dashboard = text_of(await browser.get("/ateliers/mes-ateliers"))
    assert "Présence : 1 sur 2 inscrites" in dashboard


async def test_a_deeply_nested_presence_body_is_a_400_not_a_server_error(client):
    # 5,000 levels: far deeper than json.loads goes (RecursionError), small enough for any body-size cap.
    for body in (b"[" * 5000, b'{"token": ' + b"[" * 5000, b"\xff\xfe\x00"):
        assert (await client.post("/ateliers/presence", content=body)).status_code == 400


async def test_a_member_removed_by_the_host_gets_no_ticket_until_the_end(app, client, db):
    host, cohost, amina, claire = await add_members(db, 4)
    workshop = await add_workshop(db, host, cohost=cohost, starts_in=timedelta(minutes=5))
    for person in (amina, claire):
        async with await browser_for(app, db, person) as browser:
            await _register(browser, workshop.id)
    report = sign_report(TEST_SECRET, str(workshop.id), "removed", member=str(amina.id))
    for _ in range(2):  # the node retries a report it could not confirm: same result
        response = await client.post("/ateliers/presence", json={"token": report})
        assert response.status_code == 200 and response.json() == {"recorded": True}
    # Nobody removes the intervenante, not even with a well-signed report.
    host_removed = sign_report(TEST_SECRET, str(workshop.id), "removed", member=str(host.id))
    assert (await client.post("/ateliers/presence", json={"token": host_removed})).json() == {
        "recorded": False
    }

    async with await browser_for(app, db, amina) as browser:
        page = await browser.get(f"/ateliers/{workshop.id}/rejoindre")
        assert page.status_code == 403 and "L'intervenante vous a retirée de cet atelier." in text_of(page)
        assert "data-ticket" not in page.text
        token = TOKEN_RE.search((await browser.get(f"/ateliers/{workshop.id}")).text).group(1)
        fresh = await browser.post(f"/ateliers/{workshop.id}/ticket", headers={"X-CSRF-Token": token})
        assert fresh.status_code == 403 and fresh.json() == {
            "error": "L'intervenante vous a retirée de cet atelier."
        }
    # A removed co-animatrice is refused too; Claire and the host still get in.
    cohost_removed = sign_report(TEST_SECRET, str(workshop.id), "removed", member=str(cohost.id))
    assert (await client.post("/ateliers/presence", json={"token": cohost_removed})).json() == {
        "recorded": True
    }
    async with await browser_for(app, db, cohost) as browser:
        assert (await browser.get(f"/ateliers/{workshop.id}/rejoindre")).status_code == 403
    for person in (claire, host):
        async with await browser_for(app, db, person) as browser:
            assert (await browser.get(f"/ateliers/{workshop.id}/rejoindre")).status_code == 200


async def test_lock_and_doors_reported_by_the_node_go_into_every_ticket(app, client, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=5))
    async with await browser_for(app, db, amina) as browser:
        await _register(browser, workshop.id)

    async def ticket_of(person: Member) -> Ticket:
        async with await browser_for(app, db, person) as browser:
            return verify_ticket(
                TEST_SECRET,
                room_data((await browser.get(f"/ateliers/{workshop.id}/rejoindre")).text)["ticket"],
            )

    first = await ticket_of(amina)
    assert (first.locked, first.doors_open) == (False, False)
    for kind, value in (("doors", True), ("lock", True)):
        token = sign_report(TEST_SECRET, str(workshop.id), kind, value=value)
        assert (await client.post("/ateliers/presence", json={"token": token})).json() == {"recorded": True}
    for person in (amina, host):
        ticket = await ticket_of(person)
        assert (ticket.locked, ticket.doors_open) == (True, True)
    unlock = sign_report(TEST_SECRET, str(workshop.id), "lock", value=False)
    assert (await client.post("/ateliers/presence", json={"token": unlock})).json() == {"recorded": True}
    assert ((await ticket_of(amina)).locked, (await ticket_of(amina)).doors_open) == (False, True)
    # Reports about a workshop that does not exist change nothing; forged or malformed ones are refused.
    elsewhere = sign_report(TEST_SECRET, "999999", "lock", value=True)
    assert (await client.post("/ateliers/presence", json={"token": elsewhere})).json() == {"recorded": False}
    forged = sign_report("another-secret-0123456789", str(workshop.id), "removed", member=str(amina.id))
    unknown_kind = URLSafeTimedSerializer(TEST_SECRET, salt="entraide.media").dumps(
        {"aud": "attendance", "kind": "end", "room": str(workshop.id), "value": True}
    )
    not_a_boolean = URLSafeTimedSerializer(TEST_SECRET, salt="entraide.media").dumps(
        {"aud": "attendance", "kind": "lock", "room": str(workshop.id), "value": "oui"}
    )
    for bad in (forged, unknown_kind, not_a_boolean):
        assert (await client.post("/ateliers/presence", json={"token": bad})).status_code == 400
    async with await browser_for(app, db, amina) as browser:
        assert (await browser.get(f"/ateliers/{workshop.id}/rejoindre")).status_code == 200  # not removed
