"""« Ajouter à mon agenda », the private calendar feed on « Mon compte », and « Mes données »."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from icalendar import Calendar, Component
from sqlalchemy import select

from learning.db import utcnow
from learning.outbox import attachments_of
from live import actions, feeds
from live.models import Registration, RoomRemoval
from tests.helpers import PASSWORD, csrf_token, text_of
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations


def events(body: bytes) -> list[Component]:
    return Calendar.from_ical(body).walk("VEVENT")


async def test_add_to_calendar_has_a_stable_uid_and_a_growing_sequence(app, client, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, title="Atelier Canva")
    first = await client.get(f"/ateliers/{workshop.id}/agenda.ics")
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/calendar")
    [event] = events(first.content)
    assert event["summary"] == "Atelier Entraide : Atelier Canva" and event["sequence"] == 0
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=90)

    await actions.register(db, app.state.settings, workshop.id, amina.id, utcnow())
    await actions.cancel(db, app.state.settings, workshop.id, amina.id, utcnow())
    [notice] = [e for e in await emails_to(db, amina.email) if e.subject.startswith("Désinscription")]
    [cancelled_copy] = events(attachments_of(notice)[0].content)
    assert cancelled_copy["status"] == "CANCELLED" and cancelled_copy["uid"] == event["uid"]
    [again] = events((await client.get(f"/ateliers/{workshop.id}/agenda.ics")).content)
    assert again["uid"] == event["uid"] and again["sequence"] > event["sequence"]


async def test_private_feed_lists_her_workshops_and_can_be_revoked(app, client, db):
    host, amina, claire = await add_members(db, 3)
    mine = await add_workshop(db, host, title="Le mien")
    await add_workshop(db, host, title="Pas le mien")
    full = await add_workshop(db, host, title="Complet", capacity=1)
    await actions.register(db, app.state.settings, full.id, claire.id, utcnow())
    await actions.register(db, app.state.settings, mine.id, amina.id, utcnow())
    await actions.register(
        db, app.state.settings, full.id, amina.id, utcnow()
    )  # waitlisted: not in her agenda
    async with await browser_for(app, db, amina) as browser:
        account = text_of(await browser.get("/compte/agenda"))
        assert "Mon agenda des ateliers" in account and "Créer mon lien d'agenda" in account
        token = await csrf_token(browser, "/compte")
        assert (await browser.post("/ateliers/agenda/nouveau", data={"csrf_token": token})).status_code == 303
        url = re.search(
            r'id="agenda-url" type="url" readonly value="http://testserver(/ateliers/agenda/[^"]+)"',
            (await browser.get("/compte/agenda")).text,
        ).group(1)
    feed = await client.get(url)  # no cookie needed: calendar apps fetch it on their own
    assert feed.status_code == 200
    assert [str(e["summary"]) for e in events(feed.content)] == ["Atelier Entraide : Le mien"]

    # The intervenante's own feed holds the workshops she hosts.
    async with db.session() as session:
        await feeds.create_or_renew(session, host.id)
        await session.commit()
        host_feed = feeds.feed_path(app.state.settings.secret_key, await feeds.feed_of(session, host.id))
    assert len(events((await client.get(host_feed)).content)) == 3

    async with await browser_for(app, db, amina) as browser:
        token = await csrf_token(browser, "/compte")
        await browser.post("/ateliers/agenda/revoquer", data={"csrf_token": token})
        assert "Créer mon lien d'agenda" in text_of(await browser.get("/compte/agenda"))
    assert (await client.get(url)).status_code == 404
    assert (await client.get(url.replace(".ics", "x.ics"))).status_code == 404
    assert (await client.get("/ateliers/agenda/1.1.abc.ics")).status_code == 404


async def test_export_and_account_deletion_free_her_seat_for_the_waitlist(app, db):
    host, amina, claire = await add_members(db, 3)
    workshop = await add_workshop(db, host, capacity=1, title="Atelier RGPD", starts_in=timedelta(days=2))
    await actions.register(db, app.state.settings, workshop.id, amina.id, utcnow())
    await actions.register(db, app.state.settings, workshop.id, claire.id, utcnow())
    async with db.session() as session:  # the intervenante removed her from the live room once
        session.add(RoomRemoval(workshop_id=workshop.id, member_id=amina.id))
        await session.commit()
    async with await browser_for(app, db, amina) as browser:
        data = json.loads((await browser.get("/compte/donnees.json")).text)
        assert data["ateliers_inscriptions"][0]["atelier"] == "Atelier RGPD"
        assert data["ateliers_inscriptions"][0]["statut"] == "inscrite"
        assert [r["atelier"] for r in data["ateliers_retiree_de_la_salle"]] == ["Atelier RGPD"]
        token = await csrf_token(browser, "/compte")
        gone = await browser.post(
            "/compte/supprimer", data={"csrf_token": token, "confirm_password": PASSWORD}
        )
        assert gone.status_code == 200
    rows = await registrations(db, workshop.id)
    assert [(r.member_id, r.status) for r in rows] == [(claire.id, "confirmed")]
    promoted = (await emails_to(db, claire.email))[-1]
    assert promoted.subject.startswith("Une place pour vous")
    # Its link is the site's own address, as in every other e-mail (not the environment's default).
    assert f"http://testserver/ateliers/{workshop.id}" in promoted.body
    async with db.session() as session:
        assert await session.scalar(select(Registration).where(Registration.member_id == amina.id)) is None
        assert await session.scalar(select(RoomRemoval).where(RoomRemoval.member_id == amina.id)) is None
