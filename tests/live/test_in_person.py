"""In-person workshops: the form (format, address, room, capacity, coordination), registration, waitlist,
calendar files and reminders as online, no media room, /ateliers filters, the roll call, live's activity hook."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from learning.coordinations.models import Membership
from learning.db import utcnow
from learning.i18n import to_paris
from live import actions, jobs, reminders
from live.models import Registration, Workshop
from live.package import package as live_package
from tests.helpers import csrf_token, login, submit, text_of
from tests.live.helpers import (
    add_coordination,
    add_members,
    add_workshop,
    browser_for,
    emails_to,
    registrations,
)

ADDRESS = "Maison des associations\n12 rue de la République\n46100 Figeac"
ROOM = "Salle Champollion"


def _form(**changes: str) -> dict[str, str]:
    when = to_paris(utcnow() + timedelta(days=10))
    fields = {
        "title": "Vendre sur les marchés",
        "theme": "commercial",
        "description": "Emplacements, étal, caisse.",
        "date": when.date().isoformat(),
        "time": "14:00",
        "duration": "90",
        "capacity": "60",
        "cohost": "",
        "format": "in_person",
        "address": ADDRESS,
        "room": ROOM,
        "coordination": "",
    }
    fields.update(changes)
    return fields


async def test_a_coordinatrice_creates_an_in_person_workshop_of_her_coordination(app, db):
    [nadia] = await add_members(db, 1, prefix="nadia", roles={"coordinatrice"})
    [helene] = await add_members(db, 1, prefix="helene", roles={"admin"})
    figeac = await add_coordination(db, "figeac", "Coordination de Figeac", leads=(nadia,))
    cluny = await add_coordination(db, "cluny", "Coordination de Cluny")
    async with await browser_for(app, db, nadia) as browser:
        form = text_of(await browser.get("/ateliers/proposer"))
        assert "En présentiel" in form and "Atelier national" in form
        assert "Coordination de Figeac" in form and "Coordination de Cluny" not in form

        missing = await submit(browser, "/ateliers/proposer", **_form(address="", room=""))
        assert missing.status_code == 400
        assert "Indiquez l'adresse du lieu" in text_of(missing) and "Indiquez la salle" in text_of(missing)
        assert "Vendre sur les marchés" in text_of(missing)  # nothing typed is lost
        crowded = await submit(browser, "/ateliers/proposer", **_form(format="online", capacity="30"))
        assert crowded.status_code == 400
        assert "Un atelier en ligne accueille de 1 à 20 participantes" in text_of(crowded)
        huge = await submit(browser, "/ateliers/proposer", **_form(capacity="250"))
        assert huge.status_code == 400 and "de 1 à 200 participantes" in text_of(huge)
        other = await submit(browser, "/ateliers/proposer", **_form(coordination=str(cluny.id)))
        assert other.status_code == 400 and "une coordination que vous animez" in text_of(other)
        odd = await submit(browser, "/ateliers/proposer", **_form(format="hybride"))
        assert odd.status_code == 400 and "Choisissez « En ligne » ou « En présentiel »" in text_of(odd)

        sent = await submit(browser, "/ateliers/proposer", **_form(coordination=str(figeac.id)))
        assert sent.status_code == 303, text_of(sent)[:2000]
    async with db.session() as session:
        [workshop] = (await session.scalars(select(Workshop))).all()
    assert (workshop.format, workshop.capacity, workshop.coordination_id) == ("in_person", 60, figeac.id)
    assert (workshop.address, workshop.room) == (ADDRESS, ROOM)

    async with await browser_for(app, db, helene) as browser:
        # An admin attaches any coordination; switching to online clears the place and needs ≤ 20 seats.
        moved = await submit(
            browser, f"/ateliers/{workshop.id}/modifier", **_form(coordination=str(cluny.id), capacity="150")
        )
        assert moved.status_code == 303
        online = await submit(
            browser, f"/ateliers/{workshop.id}/modifier", **_form(format="online", capacity="18")
        )
        assert online.status_code == 303
    async with db.session() as session:
        again = await session.get(Workshop, workshop.id)
        assert again is not None
        assert (again.format, again.address, again.room, again.coordination_id) == ("online", "", "", None)


async def test_registration_waitlist_calendar_and_reminders_without_any_media_room(app, db):
    settings = app.state.settings
    host, amina, claire = await add_members(db, 3)
    figeac = await add_coordination(db, "figeac", "Coordination de Figeac")
    # Starts in 5 minutes: an online workshop's room would be open.
    workshop = await add_workshop(
        db,
        host,
        capacity=1,
        starts_in=timedelta(minutes=5),
        in_person_at=(ADDRESS, ROOM),
        coordination=figeac,
        title="Rencontre mensuelle",
    )
    async with await browser_for(app, db, amina) as browser:
        token = await csrf_token(browser, f"/ateliers/{workshop.id}")
        registered = await browser.post(f"/ateliers/{workshop.id}/inscription", data={"csrf_token": token})
        assert "msg=inscrite" in registered.headers["location"]
        page = text_of(await browser.get(f"/ateliers/{workshop.id}"))
        assert "En présentiel" in page and "12 rue de la République" in page and ROOM in page
        assert 'href="/coordinations/figeac"' in page and "Rejoindre l'atelier" not in page
        assert "pas de salle en ligne" in page
        refused = await browser.post(f"/ateliers/{workshop.id}/ticket", headers={"X-CSRF-Token": token})
        assert refused.status_code == 403 and "présentiel" in refused.json()["error"]
        room = await browser.post(f"/ateliers/{workshop.id}/rejoindre", data={"csrf_token": token})
        assert room.status_code == 403 and "a lieu en présentiel" in text_of(room)
        assert "data-ticket" not in room.text
        ics = await browser.get(f"/ateliers/{workshop.id}/agenda.ics")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert "12 rue de la République" in str(event["location"]) and ROOM in str(event["location"])
    assert "/ateliers/" not in str(event["location"]) and "salle ouverte" not in str(event["description"])
    confirmation = (await emails_to(db, amina.email))[-1]
    assert "12 rue de la République" in confirmation.body and "La salle ouvre" not in confirmation.body

    outcome = await actions.register(db, settings, workshop.id, claire.id, utcnow())
    assert outcome.outcome.status == "waitlisted"
    # Nobody joins a media room in person: 10 minutes after the start, no seat is given away.
    await jobs.run_once(db, settings, utcnow() + timedelta(minutes=20))
    assert [r.status for r in await registrations(db, workshop.id)] == ["confirmed", "waitlisted"]
    # A seat freed by a cancellation goes to the waitlist, as online.
    await actions.cancel(db, settings, workshop.id, amina.id, utcnow())
    assert [r.status for r in await registrations(db, workshop.id)] == ["confirmed"]

    later = await add_workshop(db, host, starts_in=timedelta(days=3), in_person_at=(ADDRESS, ROOM))
    await actions.register(db, settings, later.id, amina.id, utcnow())
    assert await reminders.send_due_reminders(db, settings, later.starts_at - timedelta(hours=20)) == 1
    reminder = (await emails_to(db, amina.email))[-1]
    assert reminder.subject.startswith("Demain") and "12 rue de la République" in reminder.body
    assert "/rejoindre" not in reminder.body


async def test_workshops_filter_by_format_and_coordination(client, db):
    [host] = await add_members(db, 1)
    figeac = await add_coordination(db, "figeac", "Coordination de Figeac")
    cluny = await add_coordination(db, "cluny", "Coordination de Cluny")
    await add_workshop(db, host, title="Atelier national en ligne", theme="financement")
    await add_workshop(
        db,
        host,
        title="Marchés de Figeac",
        theme="commercial",
        in_person_at=(ADDRESS, ROOM),
        coordination=figeac,
    )
    await add_workshop(
        db,
        host,
        title="Compta à Cluny",
        theme="comptabilite",
        in_person_at=(ADDRESS, ROOM),
        coordination=cluny,
    )
    await add_workshop(db, host, title="Figeac en ligne", theme="commercial", coordination=figeac)

    every = ("Atelier national en ligne", "Marchés de Figeac", "Compta à Cluny", "Figeac en ligne")

    async def titles(query: str) -> set[str]:
        response = await client.get(f"/ateliers?{query}")
        assert response.status_code == 200
        page = text_of(response)
        return {title for title in every if title in page}

    # By default, the national workshops only (and, for a member, her own coordination's: below).
    assert await titles("") == {"Atelier national en ligne"}
    assert await titles("format=in_person&coordination=toutes") == {"Marchés de Figeac", "Compta à Cluny"}
    assert await titles("format=online&coordination=toutes") == {
        "Atelier national en ligne",
        "Figeac en ligne",
    }
    assert await titles("format=in_person") == set()
    assert await titles("coordination=figeac") == {"Marchés de Figeac", "Figeac en ligne"}
    assert await titles("coordination=nationaux") == {"Atelier national en ligne"}
    assert await titles("coordination=figeac&format=in_person") == {"Marchés de Figeac"}
    assert await titles("coordination=figeac&theme=comptabilite") == set()
    # Unknown values are ignored, never a 500.
    assert await titles("format=hybride&coordination=nulle-part") == {"Atelier national en ligne"}
    assert len(await titles("format=hybride&coordination=toutes")) == 4
    listing = text_of(await client.get("/ateliers?format=in_person"))
    assert "Tous les formats" in listing and "Ateliers nationaux" in listing
    month = await client.get("/ateliers?vue=calendrier&format=in_person&coordination=cluny")
    assert month.status_code == 200 and "Compta à Cluny" in text_of(month)
    assert "format=in_person&amp;coordination=cluny" in month.text  # the month links keep the filters

    # A confirmed member of Figeac's coordination finds its workshops among the national ones by default.
    async with db.session() as session:
        session.add(Membership(member_id=host.id, coordination_id=figeac.id, status="confirmed"))
        await session.commit()
    await login(client, host.email)
    assert await titles("") == {"Atelier national en ligne", "Marchés de Figeac", "Figeac en ligne"}


async def test_roll_call_of_an_in_person_workshop(app, client, db):
    host, lead, other_lead, amina, claire, sophie = await add_members(db, 6)
    async with db.session() as session:
        for person in (lead, other_lead):
            person.set_roles({"coordinatrice"})
            session.add(person)
        await session.commit()
    figeac = await add_coordination(db, "figeac", "Coordination de Figeac", leads=(lead,))
    await add_coordination(db, "cluny", "Coordination de Cluny", leads=(other_lead,))
    started = await add_workshop(
        db, host, starts_in=timedelta(days=2), in_person_at=(ADDRESS, ROOM), coordination=figeac
    )
    for person in (amina, claire, sophie):
        await actions.register(db, app.state.settings, started.id, person.id, utcnow())
    async with db.session() as session:  # it started half an hour ago
        row = await session.get(Workshop, started.id)
        assert row is not None
        row.starts_at = utcnow() - timedelta(minutes=30)
        await session.commit()
    ids = {r.member_id: r.id for r in await registrations(db, started.id)}

    async with await browser_for(app, db, amina) as browser:
        assert (await browser.get(f"/ateliers/{started.id}/appel")).status_code == 403
        assert "Faire l'appel" not in text_of(await browser.get(f"/ateliers/{started.id}"))
    async with await browser_for(app, db, other_lead) as browser:  # a coordinatrice, of another one
        assert (await browser.get(f"/ateliers/{started.id}/appel")).status_code == 403
    async with await browser_for(app, db, lead) as browser:
        assert "Faire l'appel" in text_of(await browser.get(f"/ateliers/{started.id}"))
        page = text_of(await browser.get(f"/ateliers/{started.id}/appel"))
        assert amina.name in page and "sur 3 inscrites" in page
        saved = await submit(
            browser,
            f"/ateliers/{started.id}/appel",
            present=[str(ids[amina.id]), str(ids[claire.id])],
        )
        assert saved.status_code == 303
        assert "2 présentes sur 3 inscrites" in text_of(await browser.get(saved.headers["location"]))
    async with await browser_for(app, db, host) as browser:  # the intervenante corrects a mistake
        assert (
            await submit(browser, f"/ateliers/{started.id}/appel", present=[str(ids[amina.id])])
        ).status_code == 303
    came = {r.member_id for r in await registrations(db, started.id) if r.attended_at is not None}
    assert came == {amina.id}

    future = await add_workshop(db, host, starts_in=timedelta(days=2), in_person_at=(ADDRESS, ROOM))
    online = await add_workshop(db, host, starts_in=timedelta(days=2))
    async with await browser_for(app, db, host) as browser:
        early = await browser.get(f"/ateliers/{future.id}/appel")
        assert early.status_code == 200 and "L'appel s'ouvre au début de l'atelier" in text_of(early)
        refused = await submit(browser, f"/ateliers/{future.id}/appel", present=[])
        assert refused.status_code == 409
        assert (await browser.get(f"/ateliers/{online.id}/appel")).status_code == 404
    anonymous = (
        await app.state.http_client_for_tests() if hasattr(app.state, "http_client_for_tests") else None
    )
    assert anonymous is None


async def test_activity_hook_counts_seats_and_attendance_of_the_period(app, db):
    host, *people = await add_members(db, 6)
    figeac = await add_coordination(db, "figeac", "Coordination de Figeac")
    now = utcnow()
    local = await add_workshop(
        db,
        host,
        starts_in=timedelta(days=1),
        in_person_at=(ADDRESS, ROOM),
        coordination=figeac,
        title="Rencontre",
    )
    national = await add_workshop(db, host, starts_in=timedelta(days=2), capacity=2, title="En ligne")
    cancelled = await add_workshop(db, host, starts_in=timedelta(days=2), title="Annulé")
    far = await add_workshop(db, host, starts_in=timedelta(days=40), title="Plus tard")
    settings = app.state.settings
    for person in people[:3]:
        await actions.register(db, settings, local.id, person.id, now)
    for person in people[:3]:  # two seats, one on the waitlist
        await actions.register(db, settings, national.id, person.id, now)
    await actions.register(db, settings, cancelled.id, people[0].id, now)
    await actions.register(db, settings, far.id, people[0].id, now)
    async with db.session() as session:
        rows = {(r.workshop_id, r.member_id): r for r in await session.scalars(select(Registration))}
        rows[(local.id, people[0].id)].attended_at = now
        rows[(local.id, people[1].id)].attended_at = now
        rows[(national.id, people[0].id)].attended_at = now
        rows[(national.id, people[1].id)].status = "released"  # a no-show: she had a seat
        (await session.get(Workshop, cancelled.id)).status = "cancelled"
        await session.commit()

    assert live_package.activity is not None
    async with db.session() as session:
        found = await live_package.activity(session, start=now, end=now + timedelta(days=30))
        local_only = await live_package.activity(
            session, start=now, end=now + timedelta(days=30), coordination_ids=[figeac.id]
        )
        none = await live_package.activity(
            session, start=now, end=now + timedelta(days=30), coordination_ids=[]
        )
    by_title = {a.title: a for a in found}
    assert set(by_title) == {"Rencontre", "En ligne"}
    rencontre, online = by_title["Rencontre"], by_title["En ligne"]
    assert (rencontre.format, rencontre.coordination_id, rencontre.registered, rencontre.attended) == (
        "in_person",
        figeac.id,
        3,
        2,
    )
    assert (online.format, online.coordination_id, online.registered, online.attended) == (
        "online",
        None,
        2,
        1,
    )
    assert rencontre.url == f"/ateliers/{local.id}" and rencontre.at == local.starts_at
    assert [a.title for a in local_only] == ["Rencontre"] and none == []


async def test_moving_an_in_person_workshop_tells_its_registrants_the_new_address(app, db):
    [helene] = await add_members(db, 1, prefix="helene", roles={"admin"})
    host, amina = await add_members(db, 2)
    workshop = await add_workshop(db, host, capacity=30, in_person_at=(ADDRESS, ROOM))
    await actions.register(db, app.state.settings, workshop.id, amina.id, utcnow())
    when = to_paris(workshop.starts_at)
    async with await browser_for(app, db, helene) as browser:
        moved = await submit(
            browser,
            f"/ateliers/{workshop.id}/modifier",
            **_form(
                title=workshop.title,
                theme=workshop.theme,
                date=when.date().isoformat(),
                time=when.strftime("%H:%M"),
                capacity="30",
                address="Médiathèque\n2 place Vival\n46100 Figeac",
                room="Auditorium",
            ),
        )
        assert moved.status_code == 303
    changed = (await emails_to(db, amina.email))[-1]
    assert changed.subject.startswith("Atelier modifié") and "2 place Vival" in changed.body
    assert "Auditorium" in changed.body
