"""A member finds a workshop, registers in one click, joins the waitlist, cancels — over HTTP."""

from __future__ import annotations

from datetime import timedelta

import httpx
from icalendar import Calendar

from learning.outbox import attachments_of
from tests.helpers import csrf_token, text_of
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations, seats_taken


async def _post(client: httpx.AsyncClient, page: str, action: str) -> httpx.Response:
    token = await csrf_token(client, page)
    return await client.post(action, data={"csrf_token": token})


async def test_register_in_one_click_with_confirmation_and_calendar_file(app, db):
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, capacity=4, title="Financer son projet")
    async with await browser_for(app, db, amina) as browser:
        listing = text_of(await browser.get("/ateliers"))
        assert "Financer son projet" in listing and "4 places restantes" in listing

        done = await _post(browser, f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/inscription")
        assert done.status_code == 303
        page = text_of(await browser.get(done.headers["location"]))
        assert "vous êtes inscrite" in page and "3 places restantes" in page
        assert "Me désinscrire" in page

    email = (await emails_to(db, amina.email))[-1]
    assert email.subject == "Inscription confirmée : Financer son projet"
    [attachment] = attachments_of(email)
    assert attachment.mimetype == "text/calendar"
    event = Calendar.from_ical(attachment.content).walk("VEVENT")[0]
    assert str(event["uid"]).startswith(f"atelier-{workshop.id}@")
    assert event["status"] == "CONFIRMED"
    assert event.decoded("dtstart").replace(tzinfo=None) == workshop.starts_at


async def test_full_workshop_offers_the_waitlist_and_a_cancellation_promotes_the_first(app, db):
    host, *people = await add_members(db, 5)
    workshop = await add_workshop(db, host, capacity=2)
    clients = [await browser_for(app, db, m) for m in people]
    try:
        for client in clients:
            await _post(client, f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/inscription")
        full = text_of(await clients[0].get("/ateliers"))
        assert "Complet — liste d'attente" in full
        third = text_of(await clients[2].get(f"/ateliers/{workshop.id}"))
        assert "liste d'attente, en position 1" in third
        fourth = text_of(await clients[3].get(f"/ateliers/{workshop.id}"))
        assert "en position 2" in fourth
        assert (await emails_to(db, people[2].email))[-1].subject.startswith("Liste d'attente")

        # The first one cancels: the oldest on the waitlist gets her seat and an e-mail with the .ics.
        done = await _post(clients[0], f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/desinscription")
        assert "désinscription est enregistrée" in text_of(await clients[0].get(done.headers["location"]))
        promoted = (await emails_to(db, people[2].email))[-1]
        assert promoted.subject.startswith("Une place pour vous")
        assert attachments_of(promoted)[0].mimetype == "text/calendar"
        assert "Vous êtes inscrite" in text_of(await clients[2].get(f"/ateliers/{workshop.id}"))
        assert "en position 1" in text_of(await clients[3].get(f"/ateliers/{workshop.id}"))
        assert await seats_taken(db, workshop.id) == 2

        # Cancelling twice changes nothing more.
        again = await _post(clients[0], f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/desinscription")
        assert "pas inscrite" in text_of(await clients[0].get(again.headers["location"]))
        statuses = [(r.member_id, r.status) for r in await registrations(db, workshop.id)]
        assert statuses == [
            (people[1].id, "confirmed"),
            (people[2].id, "confirmed"),
            (people[3].id, "waitlisted"),
        ]
    finally:
        for client in clients:
            await client.aclose()


async def test_visitors_see_workshops_but_must_log_in_to_register(client, db):
    (host,) = await add_members(db, 1)
    workshop = await add_workshop(db, host)
    page = text_of(await client.get(f"/ateliers/{workshop.id}"))
    assert "Se connecter pour s'inscrire" in page
    token = await csrf_token(client, "/connexion")  # a visitor's form token: the page itself has no form
    response = await client.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"].startswith("/connexion")
    assert await registrations(db, workshop.id) == []


async def test_unknown_or_unpublished_workshops_are_not_found(app, client, db):
    host, amina = await add_members(db, 2)
    proposal = await add_workshop(db, host, status="proposed", title="Proposition secrète")
    assert (await client.get("/ateliers/999999")).status_code == 404
    assert (await client.get("/ateliers/99999999999999999999")).status_code == 404
    assert "Proposition secrète" not in text_of(await client.get("/ateliers"))
    async with await browser_for(app, db, amina) as browser:
        assert (await browser.get(f"/ateliers/{proposal.id}")).status_code == 404
        refused = await browser.post(
            f"/ateliers/{proposal.id}/inscription",
            data={"csrf_token": await csrf_token(browser, "/ateliers")},
        )
        assert refused.status_code == 404
    async with await browser_for(app, db, host) as own:
        assert "en attente de publication" in text_of(await own.get(f"/ateliers/{proposal.id}"))


async def test_filters_by_theme_and_day_and_month_calendar(client, db):
    (host,) = await add_members(db, 1)
    await add_workshop(db, host, title="Atelier juridique", theme="juridique", starts_in=timedelta(days=2))
    await add_workshop(db, host, title="Atelier réseaux", theme="communication", starts_in=timedelta(days=5))
    only_legal = text_of(await client.get("/ateliers?theme=juridique"))
    assert "Atelier juridique" in only_legal and "Atelier réseaux" not in only_legal

    from learning.db import utcnow
    from learning.i18n import to_paris

    day = to_paris(utcnow() + timedelta(days=5)).date()
    that_day = text_of(await client.get(f"/ateliers?jour={day.isoformat()}"))
    assert "Atelier réseaux" in that_day and "Atelier juridique" not in that_day

    month = day.strftime("%Y-%m")
    calendar = text_of(await client.get(f"/ateliers?vue=calendrier&mois={month}"))
    assert "Atelier réseaux" in calendar and '<table class="month"' in calendar
    # Garbage in the query string is ignored, never a 500.
    for query in ("jour=31-02-2026", "mois=abc", "theme=<script>", "vue=x&mois=2026-13"):
        assert (await client.get(f"/ateliers?{query}")).status_code == 200


async def test_registering_and_cancelling_over_and_over_is_stopped_with_a_french_message(app, db):
    # Every change sends e-mails (to her, to whoever a cancellation promotes): 20 changes an hour at most.
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host)
    page, base = f"/ateliers/{workshop.id}", f"/ateliers/{workshop.id}/"
    async with await browser_for(app, db, amina) as browser:
        for _ in range(10):
            await _post(browser, page, base + "inscription")
            await _post(browser, page, base + "desinscription")
        emails_before = len(await emails_to(db, amina.email))
        refused = await _post(browser, page, base + "inscription")
        assert "Réessayez dans une heure" in text_of(await browser.get(refused.headers["location"]))
    assert await registrations(db, workshop.id) == []
    assert len(await emails_to(db, amina.email)) == emails_before
