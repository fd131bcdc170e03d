"""The periodic work of the workshops: no-show release, reminders, then new workshops announced. Safe to run from several
processes at once (see live.seats, live.reminders and live.subscriptions)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from learning.db import Database, utcnow
from learning.metrics import job_run
from learning.settings import Settings
from live import actions, feedback, guests, handouts, reminders, series, subscriptions

log = logging.getLogger("entraide.live")
EVERY_S = 30.0  # reminders and releases are minute-grained; 30 s keeps the 10-minute rule honest


@dataclass
class RunReport:
    released: int
    promoted: int
    reminders: int
    announced: int = 0  # e-mails about new workshops on followed themes
    erased_guests: int = 0  # invitations of outside speakers past their retention period
    new_dates: int = 0  # e-mails to a source's waitlist about its new dates (live.series)
    followed_up: int = 0  # after-workshop e-mails to participants and speakers (live.feedback)
    purged: int = 0  # workshops whose handouts and feedback were erased (live.handouts)


async def run_once(db: Database, settings: Settings, now: datetime | None = None) -> RunReport:
    now = now or utcnow()
    releases = await actions.release_no_shows(db, settings, now)
    sent = await reminders.send_due_reminders(db, settings, now)
    announced = await subscriptions.announce_new_workshops(db, settings, now)
    erased = await guests.erase_expired(db, now)
    new_dates = await series.tell_waitlists(db, settings, now)
    followed_up = await feedback.send_follow_ups(db, settings, now)
    purged = await handouts.purge_expired(db, settings, now)
    return RunReport(
        sum(len(r.released) for r in releases),
        sum(len(r.promoted) for r in releases),
        sent,
        announced,
        erased,
        new_dates,
        followed_up,
        purged,
    )


async def run_forever(db: Database, settings: Settings, every_s: float = EVERY_S) -> None:
    while True:
        try:
            async with job_run("live-jobs"):
                await run_once(db, settings)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("workshop jobs failed")
        await asyncio.sleep(every_s)
