"""« Tester ma salle »: a rehearsal room of its own for a workshop's hosts, any time before its end, with a
link to share with a co-host; never the real room, never anyone else's, nothing of it kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from live.media.tickets import sign_report, verify_ticket
from live.models import Registration, Workshop
from tests.conftest import TEST_SECRET
from tests.helpers import csrf_token, text_of
from tests.live.helpers import add_members, add_workshop, browser_for
from tests.live.test_guests import anonymous
from tests.live.test_join import room_data


async def test_a_host_rehearses_in_a_room_of_her_own_and_shares_it_with_her_cohost(app, db):
    host, cohost, amina = await add_members(db, 3)
    workshop = await add_workshop(db, host, cohost=cohost, starts_in=timedelta(days=10))
    async with await browser_for(app, db, host) as browser:
        detail = text_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "Tester ma salle" in detail
        opened = await browser.get(f"/ateliers/{workshop.id}/repetition")
        assert opened.status_code == 303
        share = opened.headers["location"]
        assert share.startswith(f"/ateliers/{workshop.id}/repetition?salle=")
        key = share.split("salle=", 1)[1]
        page = await browser.get(share)
        assert page.status_code == 200
        assert "Répétition" in text_of(page) and share in page.text  # the link to give her co-host
        data = room_data(page.text)
        ticket = verify_ticket(TEST_SECRET, data["ticket"])
        # Its own room on the same node: never the workshop's, open, with her as its host.
        assert ticket.room == f"{workshop.id}-repetition-{key}" and ticket.room != str(workshop.id)
        assert data["media-url"] == f"ws://127.0.0.1:8001/rooms/{ticket.room}"
        assert (ticket.member, ticket.role, ticket.doors_open) == (str(host.id), "host", True)
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        fresh = await browser.post(data["ticket-url"], headers={"X-CSRF-Token": token})
        assert verify_ticket(TEST_SECRET, fresh.json()["ticket"]).room == ticket.room
        # Her second window shows the rehearsal as a participant sees it, without replacing the first.
        viewer = room_data((await browser.get(f"{share}&vue=participante")).text)
        seen = verify_ticket(TEST_SECRET, viewer["ticket"])
        assert (seen.room, seen.member, seen.role) == (ticket.room, f"{host.id}-vue", "participant")
        assert viewer["ticket-url"].endswith("&vue=participante")
    async with await browser_for(app, db, cohost) as browser:
        page = await browser.get(share)
        ticket = verify_ticket(TEST_SECRET, room_data(page.text)["ticket"])
        assert (ticket.room, ticket.member, ticket.role) == (
            f"{workshop.id}-repetition-{key}",
            str(cohost.id),
            "cohost",
        )
    # A registered participant holding the link stays out, and so does a visitor.
    async with await browser_for(app, db, amina) as browser:
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        await browser.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": token})
        refused = await browser.get(share)
        assert refused.status_code == 403 and "Seules les animatrices" in text_of(refused)
        ticket = await browser.post(
            f"/ateliers/{workshop.id}/repetition/ticket?salle={key}", headers={"X-CSRF-Token": token}
        )
        assert ticket.status_code == 403
    async with anonymous(app) as visitor:
        assert (await visitor.get(share)).status_code == 403


async def test_nothing_of_a_rehearsal_is_recorded(app, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=10))
    room = f"{workshop.id}-repetition-0123456789ab"
    async with anonymous(app) as node:
        for kind, fields in (
            ("attendance", {"member": str(amina.id)}),
            ("removed", {"member": str(amina.id)}),
            ("lock", {"value": True}),
        ):
            token = sign_report(TEST_SECRET, room, kind, **fields)
            answer = await node.post("/ateliers/presence", json={"token": token})
            assert answer.status_code == 200 and answer.json() == {"recorded": False}
    async with db.session() as session:
        row = await session.get(Workshop, workshop.id)
        assert row is not None and not row.room_locked and row.host_attended_at is None
        assert (
            await session.scalar(select(Registration).where(Registration.workshop_id == workshop.id)) is None
        )
    # She is not removed from the real room either.
    async with await browser_for(app, db, host) as browser:
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        assert (
            await browser.post(f"/ateliers/{workshop.id}/rejoindre", data={"csrf_token": token})
        ).status_code == 200


async def test_no_rehearsal_after_the_end_or_for_a_workshop_in_person(app, db):
    (host,) = await add_members(db, 1)
    over = await add_workshop(db, host, starts_in=-timedelta(hours=3))
    in_person = await add_workshop(db, host, in_person_at=("1 place de la Mairie, 46100 Figeac", "Salle 2"))
    async with await browser_for(app, db, host) as browser:
        ended = await browser.get(f"/ateliers/{over.id}/repetition?salle=0123456789ab")
        assert ended.status_code == 403 and "terminé" in text_of(ended)
        there = await browser.get(f"/ateliers/{in_person.id}/repetition")
        assert there.status_code == 403 and "présentiel" in text_of(there)
        assert (await browser.get("/ateliers/999999/repetition")).status_code == 404
