"""Invited outside speakers: the invitation and its e-mail, the personal link that opens one workshop's room
and nothing else, its validity window, revocation, removal from the room, the history, and the erasure
after the retention period stated in the privacy notice."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import func, select

from learning.db import utcnow
from learning.models import OutboxEmail
from live import guests, jobs
from live.media.tickets import sign_report, verify_ticket
from live.models import Workshop
from live.models_guests import GuestInvitation, WorkshopHistory
from tests.conftest import TEST_SECRET
from tests.helpers import csrf_token, last_email_to, link_in_last_email, text_of
from tests.live.helpers import add_members, add_workshop, browser_for
from tests.live.test_join import room_data

GUEST = "invitee@exterieur.fr"


def anonymous(app) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 52000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def invite(app, db, host, workshop: Workshop, role: str = "cohost", email: str = GUEST) -> str:
    """Invites through the form as `host`; returns the guest's link (a site path) from her e-mail."""
    async with await browser_for(app, db, host) as browser:
        page = f"/ateliers/{workshop.id}/intervenantes-invitees"
        token = await csrf_token(browser, page)
        sent = await browser.post(
            page, data={"csrf_token": token, "name": "Jean Dupuis", "email": email, "role": role}
        )
        assert sent.status_code == 303, sent.text[:400]
    return await link_in_last_email(db, email, "/ateliers/invitation/")


async def move(db, workshop: Workshop, starts_in: timedelta) -> None:
    async with db.session() as session:
        row = await session.get(Workshop, workshop.id)
        assert row is not None
        row.starts_at = utcnow() + starts_in
        await session.commit()


async def join(client: httpx.AsyncClient, link: str) -> httpx.Response:
    token = await csrf_token(client, "/connexion")
    return await client.post(f"{link}/rejoindre", data={"csrf_token": token})


async def test_the_guest_gets_a_personal_link_with_the_calendar_and_joins_as_cohost(app, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=10))
    link = await invite(app, db, host, workshop)

    email = await last_email_to(db, GUEST)
    assert email is not None and email.member_id is None
    assert "Jean Dupuis" in email.body and workshop.title in email.subject
    assert email.attachments is not None and b"atelier-" in email.attachments  # the .ics

    async with anonymous(app) as guest:
        page = await guest.get(link)
        assert page.status_code == 200 and workshop.title in text_of(page)
        assert "Co-animatrice" in text_of(page) and "Tester ma salle" in text_of(page)
        ics = await guest.get(f"{link}/agenda.ics")
        assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
        room = await join(guest, link)
        assert room.status_code == 200 and room.headers["cache-control"] == "no-store"
        data = room_data(room.text)
        ticket = verify_ticket(TEST_SECRET, data["ticket"])
        invitation_id = await _invitation_id(db)
        # Her ticket names her as the guest of this invitation, never as a member.
        assert ticket.member == f"guest-{invitation_id}"
        assert (ticket.room, ticket.role, ticket.name) == (str(workshop.id), "cohost", "Jean Dupuis")
        assert data["ticket-url"] == f"{link}/ticket"
        token = await csrf_token(guest, "/connexion")
        fresh = await guest.post(f"{link}/ticket", headers={"X-CSRF-Token": token})
        assert fresh.status_code == 200
        assert verify_ticket(TEST_SECRET, fresh.json()["ticket"]).member == f"guest-{invitation_id}"

    async with await browser_for(app, db, host) as browser:
        history = text_of(await browser.get(f"/ateliers/{workshop.id}/intervenantes-invitees"))
        assert "Jean Dupuis invitée comme co-animatrice." in history


async def _invitation_id(db) -> int:
    async with db.session() as session:
        value = await session.scalar(select(func.max(GuestInvitation.id)))
        assert value is not None
        return value


async def test_the_guest_link_reaches_nothing_else(app, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=10))
    other = await add_workshop(db, host, starts_in=timedelta(minutes=10), title="Un autre atelier")
    link = await invite(app, db, host, workshop, role="host")
    async with anonymous(app) as guest:
        assert (await guest.get(link)).status_code == 200  # her browser now holds the link's cookie
        for path in ("/compte", "/ateliers/mes-ateliers", f"/ateliers/{other.id}/rejoindre", "/membres"):
            response = await guest.get(path)
            assert response.status_code == 303 and response.headers["location"].startswith("/connexion"), path
        token = await csrf_token(guest, "/connexion")
        for path in (f"/ateliers/{workshop.id}/ticket", f"/ateliers/{other.id}/ticket"):
            refused = await guest.post(path, headers={"X-CSRF-Token": token})
            assert refused.status_code == 403, path
        # Managing the workshop's invitations is not hers either.
        managing = await guest.get(f"/ateliers/{workshop.id}/intervenantes-invitees")
        assert managing.status_code == 303 and managing.headers["location"].startswith("/connexion")
        # Another workshop's rehearsal room stays closed to her; her own opens.
        assert (await guest.get(f"/ateliers/{other.id}/repetition")).status_code == 403
        assert (await guest.get(f"/ateliers/{workshop.id}/repetition")).status_code == 303
        # A made-up link opens nothing.
        assert (await guest.get("/ateliers/invitation/" + "x" * 43)).status_code == 404
        assert (await join(guest, link)).status_code == 200


async def test_the_link_is_valid_from_the_day_before_until_the_end(app, db):
    (host,) = await add_members(db, 1)
    workshop = await add_workshop(db, host, starts_in=timedelta(days=5))
    link = await invite(app, db, host, workshop)
    async with anonymous(app) as guest:
        page = text_of(await guest.get(link))
        assert "Ce lien sera valable à partir du" in page
        token = await csrf_token(guest, "/connexion")
        early = await guest.post(f"{link}/rejoindre", data={"csrf_token": token})
        assert early.status_code == 403 and "valable à partir du" in text_of(early)
        assert (await guest.get(f"/ateliers/{workshop.id}/repetition")).status_code == 403

        await move(db, workshop, timedelta(hours=3))  # the day before or the same day: not open yet
        waiting = await guest.post(f"{link}/rejoindre", data={"csrf_token": token})
        assert waiting.status_code == 403 and "15 minutes avant" in text_of(waiting)
        assert (await guest.get(f"/ateliers/{workshop.id}/repetition")).status_code == 303

        await move(db, workshop, timedelta(minutes=5))
        assert (await guest.post(f"{link}/rejoindre", data={"csrf_token": token})).status_code == 200

        await move(db, workshop, -timedelta(hours=2))  # 90 minutes long: over
        over = await guest.post(f"{link}/rejoindre", data={"csrf_token": token})
        assert over.status_code == 403 and "terminé" in text_of(over)
        expired = await guest.post(f"{link}/ticket", headers={"X-CSRF-Token": token})
        assert expired.status_code == 403 and "terminé" in expired.json()["error"]


async def test_a_revoked_invitation_opens_nothing_and_stays_in_the_history(app, db):
    host, coordinatrice = await add_members(db, 2)
    async with db.session() as session:
        lead = await session.get(type(coordinatrice), coordinatrice.id)
        assert lead is not None
        lead.set_roles({"coordinatrice"})
        await session.commit()
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=10))
    link = await invite(app, db, coordinatrice, workshop)
    invitation_id = await _invitation_id(db)
    async with anonymous(app) as guest:
        token = await csrf_token(guest, "/connexion")
        assert (await guest.post(f"{link}/rejoindre", data={"csrf_token": token})).status_code == 200
        async with await browser_for(app, db, host) as browser:
            page = f"/ateliers/{workshop.id}/intervenantes-invitees"
            revoked = await browser.post(
                f"{page}/{invitation_id}/annuler", data={"csrf_token": await csrf_token(browser, page)}
            )
            assert revoked.status_code == 303
            history = text_of(await browser.get(page))
            assert "Invitation de Jean Dupuis annulée." in history
            assert "Jean Dupuis invitée comme co-animatrice." in history
        refused = await guest.post(f"{link}/rejoindre", data={"csrf_token": token})
        assert refused.status_code == 403 and "annulée" in text_of(refused)
        assert (await guest.post(f"{link}/ticket", headers={"X-CSRF-Token": token})).status_code == 403
        assert (await guest.get(link)).status_code == 403
        assert (await guest.get(f"{link}/agenda.ics")).status_code == 404
        assert (await guest.get(f"/ateliers/{workshop.id}/repetition")).status_code == 403


async def test_only_the_workshops_hosts_and_coordinatrices_invite(app, db):
    host, amina, other_speaker = await add_members(db, 3)
    workshop = await add_workshop(db, host, starts_in=timedelta(days=2))
    for outsider in (amina, other_speaker):
        async with await browser_for(app, db, outsider) as browser:
            response = await browser.get(f"/ateliers/{workshop.id}/intervenantes-invitees")
            assert response.status_code == 403
    async with await browser_for(app, db, host) as browser:
        page = f"/ateliers/{workshop.id}/intervenantes-invitees"
        token = await csrf_token(browser, page)
        bad = await browser.post(
            page, data={"csrf_token": token, "name": " ", "email": "pas-une-adresse", "role": "chef"}
        )
        assert bad.status_code == 400
        text = text_of(bad)
        assert "Indiquez le nom" in text and "ne semble pas valide" in text and "Choisissez son rôle" in text
    async with db.session() as session:
        assert await session.scalar(select(func.count(GuestInvitation.id))) == 0


async def test_a_guest_removed_from_the_room_gets_no_more_tickets(app, db):
    (host,) = await add_members(db, 1)
    workshop = await add_workshop(db, host, starts_in=timedelta(minutes=10))
    link = await invite(app, db, host, workshop)
    invitation_id = await _invitation_id(db)
    async with anonymous(app) as node:
        came = sign_report(TEST_SECRET, str(workshop.id), "attendance", member=f"guest-{invitation_id}")
        assert (await node.post("/ateliers/presence", json={"token": came})).json() == {"recorded": True}
        gone = sign_report(TEST_SECRET, str(workshop.id), "removed", member=f"guest-{invitation_id}")
        assert (await node.post("/ateliers/presence", json={"token": gone})).json() == {"recorded": True}
        # A report naming her under another workshop changes nothing.
        other = sign_report(TEST_SECRET, str(workshop.id + 1), "removed", member=f"guest-{invitation_id}")
        assert (await node.post("/ateliers/presence", json={"token": other})).json() == {"recorded": False}
    async with db.session() as session:
        invitation = await session.get(GuestInvitation, invitation_id)
        assert invitation is not None and invitation.attended_at and invitation.removed_at
    async with anonymous(app) as guest:
        token = await csrf_token(guest, "/connexion")
        refused = await guest.post(f"{link}/rejoindre", data={"csrf_token": token})
        assert refused.status_code == 403 and "retirée" in text_of(refused)
    async with await browser_for(app, db, host) as browser:
        history = text_of(await browser.get(f"/ateliers/{workshop.id}/intervenantes-invitees"))
        assert "retirée de la salle" in history


async def test_invitations_are_erased_six_months_after_the_workshop(app, db, settings):
    (host,) = await add_members(db, 1)
    workshop = await add_workshop(db, host, starts_in=timedelta(days=2))
    await invite(app, db, host, workshop)
    invitation_id = await _invitation_id(db)
    end = workshop.starts_at + timedelta(minutes=workshop.duration_min)

    kept = await jobs.run_once(db, settings, now=end + timedelta(days=100))
    assert kept.erased_guests == 0
    erased = await jobs.run_once(db, settings, now=end + guests.RETENTION + timedelta(minutes=1))
    assert erased.erased_guests == 1
    async with db.session() as session:
        assert await session.get(GuestInvitation, invitation_id) is None
        lines = await session.scalar(
            select(func.count(WorkshopHistory.id)).where(WorkshopHistory.workshop_id == workshop.id)
        )
        assert lines == 0
        copies = await session.scalar(
            select(func.count(OutboxEmail.id)).where(OutboxEmail.to_address == GUEST)
        )
        assert copies == 0
    async with anonymous(app) as visitor:
        notice = text_of(await visitor.get("/confidentialite"))
        assert re.search(r"effacées automatiquement six mois après la fin de l'atelier", notice)
