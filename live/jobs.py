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
from live import actions, guests, reminders, subscriptions

log = logging.getLogger("entraide.live")
EVERY_S = 30.0  # reminders and releases are minute-grained; 30 s keeps the 10-minute rule honest


@dataclass
class RunReport:
    released: int
    promoted: int
    reminders: int
    announced: int = 0  # e-mails about new workshops on followed themes
    erased_guests: int = 0  # invitations of outside speakers past their retention period


async def run_once(db: Database, settings: Settings, now: datetime | None = None) -> RunReport:
    now = now or utcnow()
    releases = await actions.release_no_shows(db, settings, now)
    sent = await reminders.send_due_reminders(db, settings, now)
    announced = await subscriptions.announce_new_workshops(db, settings, now)
    erased = await guests.erase_expired(db, now)
    return RunReport(
        sum(len(r.released) for r in releases),
        sum(len(r.promoted) for r in releases),
        sent,
        announced,
        erased,
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
