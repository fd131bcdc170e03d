"""The scheduled jobs: reminders sent once even with two server processes, and no-show seats released
to the waitlist 10 minutes after the start."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from starlette.applications import Starlette

from learning.app import create_app
from learning.db import Database, utcnow
from learning.models import Member, OutboxEmail
from live import actions, jobs
from live.jobs import RunReport
from tests.helpers import text_of
from tests.live.helpers import add_members, add_workshop, browser_for, emails_to, registrations


async def _two_processes(app: Starlette, now: datetime) -> tuple[RunReport, RunReport]:
    """Two servers, each with its own engine on the same database, running the job at the same moment."""
    settings = app.state.settings
    other = Database(settings.database_url)
    try:
        return await asyncio.gather(
            jobs.run_once(app.state.db, settings, now), jobs.run_once(other, settings, now)
        )
    finally:
        await other.dispose()


async def test_reminders_go_out_once_the_day_before_and_once_the_hour_before(app, db):
    host, amina, claire, sophie = await add_members(db, 4)
    workshop = await add_workshop(
        db, host, capacity=2, starts_in=timedelta(days=3), title="Pitcher en 3 minutes"
    )
    settings = app.state.settings
    for person in (amina, claire, sophie):
        await actions.register(db, settings, workshop.id, person.id, utcnow())

    def reminders(person: Member, prefix: str) -> list[OutboxEmail]:
        return [e for e in emails if e.to_address == person.email and e.subject.startswith(prefix)]

    assert sum(r.reminders for r in await _two_processes(app, utcnow())) == 0  # three days before: nothing

    day_before = workshop.starts_at - timedelta(hours=20)
    reports = await _two_processes(app, day_before)
    assert sum(r.reminders for r in reports) == 2
    await _two_processes(app, day_before + timedelta(minutes=1))  # the next run sends nothing again
    hour_before = workshop.starts_at - timedelta(minutes=50)
    assert sum(r.reminders for r in await _two_processes(app, hour_before)) == 2
    assert sum(r.reminders for r in await _two_processes(app, hour_before + timedelta(minutes=5))) == 0

    emails = [e for p in (amina, claire, sophie) for e in await emails_to(db, p.email)]
    for person in (amina, claire):
        assert len(reminders(person, "Demain : Pitcher en 3 minutes")) == 1
        [hour] = reminders(person, "Dans une heure : Pitcher en 3 minutes")
        assert f"/ateliers/{workshop.id}/rejoindre" in hour.body
    assert not reminders(sophie, "Demain") and not reminders(sophie, "Dans une heure")  # waitlisted


async def test_a_seat_not_taken_ten_minutes_after_the_start_goes_to_the_waitlist(app, db):
    host, present, absent, first, second = await add_members(db, 5)
    settings = app.state.settings
    start = (utcnow() - timedelta(minutes=11)).replace(microsecond=0)
    workshop = await add_workshop(db, host, capacity=2, starts_at=start, title="Prix et marges")
    for person in (present, absent, first, second):
        await actions.register(db, settings, workshop.id, person.id, start - timedelta(days=1))
    await actions.record_attendance(db, workshop.id, present.id, start + timedelta(minutes=2))

    # Nothing happens before the tenth minute.
    assert [r.released for r in await _two_processes(app, start + timedelta(minutes=9))] == [0, 0]
    reports = await _two_processes(app, start + timedelta(minutes=10, seconds=30))
    assert sum(r.released for r in reports) == 1 and sum(r.promoted for r in reports) == 1

    status = {r.member_id: r.status for r in await registrations(db, workshop.id)}
    assert status == {
        present.id: "confirmed",
        absent.id: "released",
        first.id: "confirmed",
        second.id: "waitlisted",
    }
    [told] = [e for e in await emails_to(db, first.email) if e.subject.startswith("Une place pour vous")]
    assert f"http://testserver/ateliers/{workshop.id}/rejoindre" in told.body
    assert (await emails_to(db, absent.email))[-1].subject.startswith("Votre place a été libérée")

    async with await browser_for(app, db, first) as browser:
        assert (await browser.get(f"/ateliers/{workshop.id}/rejoindre")).status_code == 200
    async with await browser_for(app, db, absent) as browser:
        late = await browser.get(f"/ateliers/{workshop.id}/rejoindre")
        assert late.status_code == 403 and "votre place a été libérée" in text_of(late)

    async with db.session() as session:
        (await session.get(Member, host.id)).set_roles({"intervenante"})
        await session.commit()
    async with await browser_for(app, db, host) as browser:
        dashboard = text_of(await browser.get("/ateliers/mes-ateliers"))
        assert f"Places libérées (absentes 10 minutes après le début) : {absent.name}" in dashboard

    # The member promoted late keeps her seat: later runs release nobody else.
    assert sum(r.released for r in await _two_processes(app, start + timedelta(minutes=30))) == 0


async def test_the_jobs_start_with_the_app_only_when_asked(settings):
    for wanted in (True, False):
        application = create_app(settings, run_background_jobs=wanted)
        async with application.router.lifespan_context(application):
            names = {t.get_name() for t in asyncio.all_tasks()}
            assert ("live-jobs" in names) is wanted
