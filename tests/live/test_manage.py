"""Intervenantes propose, coordinatrices publish, edit and cancel; registrants are told."""

from __future__ import annotations

import re
from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select

from learning.db import utcnow
from learning.i18n import to_paris
from learning.outbox import attachments_of
from live import actions
from live.models import Workshop
from tests.helpers import csrf_token, submit, text_of
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations


def _next_spring_forward() -> date:
    today = to_paris(utcnow()).date()
    for year in (today.year, today.year + 1):
        last_sunday = max(date(year, 3, d) for d in range(25, 32) if date(year, 3, d).weekday() == 6)
        if last_sunday > today + timedelta(days=1):
            return last_sunday
    raise AssertionError("unreachable")


def _form(**changes: str) -> dict[str, str]:
    when = to_paris(utcnow() + timedelta(days=10))
    fields = {
        "title": "Trouver ses premiers clients",
        "theme": "commercial",
        "description": "Méthodes simples.",
        "date": when.date().isoformat(),
        "time": "18:30",
        "duration": "90",
        "capacity": "12",
        "cohost": "",
    }
    fields.update(changes)
    return fields


async def test_intervenante_proposes_and_coordinatrice_publishes(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [fatou] = await add_members(db, 1, prefix="fatou", roles={"intervenante"})
    [nadia] = await add_members(db, 1, prefix="nadia", roles={"coordinatrice"})
    [amina] = await add_members(db, 1, prefix="amina")
    async with await browser_for(app, db, louise) as browser:
        sent = await submit(browser, "/ateliers/proposer", **_form(cohost=fatou.email))
        assert sent.status_code == 303
        page = text_of(await browser.get(sent.headers["location"]))
        assert "proposition est envoyée" in page and "en attente de publication" in page
        assert "18h30" in page  # Paris time, as typed
    async with db.session() as session:
        workshop = await session.scalar(select(Workshop))
    assert workshop.status == "proposed" and workshop.host_id == louise.id and workshop.cohost_id == fatou.id
    assert to_paris(workshop.starts_at).strftime("%H:%M") == "18:30" and workshop.capacity == 12

    async with await browser_for(app, db, amina) as browser:
        assert (await browser.get("/ateliers/proposer")).status_code == 403  # members do not propose
        assert (await browser.get(f"/ateliers/{workshop.id}")).status_code == 404
    async with await browser_for(app, db, louise) as browser:
        # Until it is published, she may still polish her proposal.
        edited = await submit(
            browser,
            f"/ateliers/{workshop.id}/modifier",
            **_form(title="Trouver ses premières clientes", cohost=fatou.email),
        )
        assert edited.status_code == 303
        token = await csrf_token(browser, "/ateliers/mes-ateliers")
        refused = await browser.post(f"/ateliers/{workshop.id}/publier", data={"csrf_token": token})
        assert refused.status_code == 403  # she cannot publish her own proposal
    async with await browser_for(app, db, nadia) as browser:
        queue = text_of(await browser.get("/ateliers/propositions"))
        assert "Propositions d'ateliers à publier" in queue and "Trouver ses premières clientes" in queue
        token = await csrf_token(browser, "/ateliers/propositions")
        published = await browser.post(f"/ateliers/{workshop.id}/publier", data={"csrf_token": token})
        assert "est publié" in text_of(await browser.get(published.headers["location"]))
    async with await browser_for(app, db, amina) as browser:
        assert "12 places restantes" in text_of(await browser.get("/ateliers"))


async def test_proposal_errors_are_french_and_keep_what_was_typed(app, db):
    [louise] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    async with await browser_for(app, db, louise) as browser:
        response = await submit(
            browser,
            "/ateliers/proposer",
            **_form(
                title="",
                theme="astrologie",
                date="hier",
                time="25:99",
                capacity="40",
                duration="7",
                cohost="personne@exemple.fr",
                description="Ma description soignée",
            ),
        )
        body = text_of(response)
        assert response.status_code == 400
        for message in (
            "Donnez un titre",
            "Choisissez une thématique",
            "date au format",
            "l'heure au format",
            "Un atelier en ligne accueille de 1 à 20",
            "Choisissez une durée",
            "Aucune membre du réseau",
        ):
            assert message in body
        assert "Ma description soignée" in body
        past = await submit(browser, "/ateliers/proposer", **_form(date="2020-01-01"))
        assert past.status_code == 400 and "au moins 30 minutes" in text_of(past)
        # 2:30 on the last Sunday of March does not exist in Paris (clocks jump from 2:00 to 3:00).
        gap = await submit(
            browser, "/ateliers/proposer", **_form(date=_next_spring_forward().isoformat(), time="02:30")
        )
        assert gap.status_code == 400 and "Cette heure n'existe pas" in text_of(gap)


async def test_editing_the_time_updates_calendars_and_cancelling_tells_every_registrant(app, db):
    [host] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    [nadia] = await add_members(db, 1, prefix="nadia", roles={"coordinatrice"})
    people = await add_members(db, 3)
    workshop = await add_workshop(db, host, capacity=2, title="Statuts juridiques")
    for person in people:
        await actions.register(db, app.state.settings, workshop.id, person.id, utcnow())

    async with await browser_for(app, db, nadia) as browser:
        form = await browser.get(f"/ateliers/{workshop.id}/modifier")
        assert form.status_code == 200 and "Statuts juridiques" in form.text
        lower = await submit(
            browser, f"/ateliers/{workshop.id}/modifier", **_form(title="Statuts juridiques", capacity="1")
        )
        assert lower.status_code == 400 and "2 participantes ont déjà une place" in text_of(lower)
        # One more seat and a new time: the waitlisted member gets the seat, everyone gets the new time.
        moved = await submit(
            browser,
            f"/ateliers/{workshop.id}/modifier",
            **_form(title="Statuts juridiques", capacity="3", time="10:00"),
        )
        assert moved.status_code == 303
    async with db.session() as session:
        updated = await session.get(Workshop, workshop.id)
    assert updated.sequence == 1 and updated.taken == 3
    assert [r.status for r in await registrations(db, workshop.id)] == ["confirmed"] * 3
    changed = (await emails_to(db, people[0].email))[-1]
    assert changed.subject == "Atelier modifié : Statuts juridiques" and "10h00" in changed.body
    event = Calendar.from_ical(attachments_of(changed)[0].content).walk("VEVENT")[0]
    assert event["sequence"] == 1 and event.decoded("dtstart").replace(tzinfo=None) == updated.starts_at
    assert (await emails_to(db, people[2].email))[-1].subject.startswith("Une place pour vous")

    async with await browser_for(
        app, db, host
    ) as browser:  # the intervenante cannot edit a published workshop
        assert (await browser.get(f"/ateliers/{workshop.id}/modifier")).status_code == 403
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        # She may cancel her own, but only once she confirms: this click only asks (nobody is told yet).
        asked = await browser.post(f"/ateliers/{workshop.id}/annuler", data={"csrf_token": token})
        assert asked.status_code == 200 and "confirme" in asked.text

    async with await browser_for(app, db, nadia) as browser:
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        confirmed = {"csrf_token": token, "confirme": "oui"}
        done = await browser.post(f"/ateliers/{workshop.id}/annuler", data=confirmed)
        assert "prévenues" in text_of(await browser.get(done.headers["location"]))
        await browser.post(f"/ateliers/{workshop.id}/annuler", data=confirmed)  # a second click
    for person in people:
        cancelled = [e for e in await emails_to(db, person.email) if e.subject.startswith("Atelier annulé")]
        assert len(cancelled) == 1
        event = Calendar.from_ical(attachments_of(cancelled[0])[0].content).walk("VEVENT")[0]
        assert event["status"] == "CANCELLED" and event["sequence"] == 2
        assert str(event["uid"]) == f"atelier-{workshop.id}@testserver"
    async with await browser_for(app, db, people[0]) as browser:
        # Leaving a cancelled workshop promotes nobody into it.
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        left = await browser.post(f"/ateliers/{workshop.id}/desinscription", data={"csrf_token": token})
        assert "plus d'inscription à annuler" in text_of(await browser.get(left.headers["location"]))
        page = text_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "Cet atelier est annulé" in page and "M'inscrire" not in page
        listing = text_of(await browser.get("/ateliers"))
        assert "workshop-card" not in listing  # gone from the upcoming workshops...
        assert re.search(
            r"Statuts juridiques</a>[^<]*<span class=\"tag danger\">annulé", listing
        )  # ...marked in hers


async def test_dashboard_lists_registrants_and_waitlist_in_order(app, db):
    [host] = await add_members(db, 1, prefix="louise", roles={"intervenante"})
    people = await add_members(db, 3)
    workshop = await add_workshop(db, host, capacity=1, title="Atelier du tableau de bord")
    other_host = (await add_members(db, 1, prefix="autre", roles={"intervenante"}))[0]
    await add_workshop(db, other_host, title="Atelier d'une autre")
    for person in people:
        await actions.register(db, app.state.settings, workshop.id, person.id, utcnow())
    async with await browser_for(app, db, host) as browser:
        page = text_of(await browser.get("/ateliers/mes-ateliers"))
    assert "Atelier du tableau de bord" in page and "Atelier d'une autre" not in page
    assert "Inscrites (1)" in page and "Liste d'attente (2)" in page
    assert page.index("Membre 01") < page.index("Membre 02")
