"""« Reprogrammer cet atelier »: copies of a workshop at new dates, one or a series (« tous les premiers
mardis »), and the notice to the members who waited in vain on the source's waitlist.

Each occurrence is a workshop of its own (its own seats, registrations, waitlist, .ics); `WorkshopCopy`
remembers where it came from. The waitlist notice is a job, not a side effect of the copy, because a copy
an intervenante makes is only a proposal: her waitlist hears of the new date once it is published. The job
claims the occurrences with one conditional UPDATE (`waitlist_told_at IS NULL`), so that several server
processes never send it twice, and one e-mail lists every new date of a series at once.
"""

from __future__ import annotations

import calendar
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from learning import email_kinds, forms
from learning.db import Database, rowcount
from learning.i18n import datetime_fr, to_paris
from learning.models import Member
from learning.outbox import queue_email
from learning.settings import Settings
from live.models import Registration, Workshop
from live.speaker_models import WorkshopCopy
from live.workshop_form import paris_to_utc, read_day_and_time

MAX_OCCURRENCES = 12
PATTERNS = {
    "une-fois": "Une seule date",
    "chaque-semaine": "Chaque semaine, le même jour",
    "toutes-les-deux-semaines": "Toutes les deux semaines",
    "meme-jour-du-mois": "Chaque mois, le même jour de la semaine (par exemple « tous les premiers mardis »)",
}
ORDINALS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "dernier"}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SIGNATURE = "\n\nÀ bientôt,\nL'équipe Entraide\n"


def nth_weekday(day: date) -> int:
    """1 for the first such weekday of its month, …; 5 is read as « the last » (a 5th one does not exist
    every month)."""
    return (day.day - 1) // 7 + 1


def pattern_label(pattern: str, first: date) -> str:
    weekday = WEEKDAYS[first.weekday()]
    if pattern == "chaque-semaine":
        return f"tous les {weekday}s"
    if pattern == "toutes-les-deux-semaines":
        return f"un {weekday} sur deux"
    if pattern == "meme-jour-du-mois":
        return f"tous les {ORDINALS[nth_weekday(first)]}s {weekday}s du mois"
    return "une seule date"


def _in_month(year: int, month: int, weekday: int, n: int) -> date:
    last_day = calendar.monthrange(year, month)[1]
    if n == 5:
        day = date(year, month, last_day)
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def occurrences(first: date, pattern: str, *, count: int | None, until: date | None) -> list[date]:
    """The dates of a series starting on `first`, at most MAX_OCCURRENCES, up to `count` or `until`."""
    limit = min(count or MAX_OCCURRENCES, MAX_OCCURRENCES)
    days: list[date] = []
    if pattern == "une-fois":
        return [first]
    n = nth_weekday(first) if pattern == "meme-jour-du-mois" else 0
    i = 0
    while len(days) < limit:
        if pattern == "chaque-semaine":
            day = first + timedelta(weeks=i)
        elif pattern == "toutes-les-deux-semaines":
            day = first + timedelta(weeks=2 * i)
        else:
            month_index = first.month - 1 + i
            day = _in_month(first.year + month_index // 12, month_index % 12 + 1, first.weekday(), n)
        if until is not None and day > until:
            break
        days.append(day)
        i += 1
    return days


@dataclass
class RepeatForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    starts: list[datetime] = field(default_factory=list)  # naive UTC, once valid


def initial_values(workshop: Workshop) -> dict[str, str]:
    return {
        "date": "",
        "time": to_paris(workshop.starts_at).strftime("%H:%M"),
        "pattern": "une-fois",
        "count": "",
        "until": "",
    }


def read(form: FormData, now: datetime) -> RepeatForm:
    values = {
        "date": forms.text(form, "date", max_length=10),
        "time": forms.text(form, "time", max_length=5),
        "pattern": forms.text(form, "pattern", max_length=40) or "une-fois",
        "count": forms.text(form, "count", max_length=3),
        "until": forms.text(form, "until", max_length=10),
    }
    result = RepeatForm(values)
    errors = result.errors
    first, at = read_day_and_time(values, errors)
    until = None
    if values["pattern"] not in PATTERNS:
        errors["pattern"] = "Choisissez une fréquence dans la liste."
        values["pattern"] = "une-fois"
    count = None
    if values["pattern"] != "une-fois":
        if values["count"]:
            if not values["count"].isdigit() or not 2 <= int(values["count"]) <= MAX_OCCURRENCES:
                errors["count"] = f"Indiquez un nombre de dates entre 2 et {MAX_OCCURRENCES}."
            else:
                count = int(values["count"])
        if values["until"]:
            try:
                until = date.fromisoformat(values["until"])
            except ValueError:
                errors["until"] = "Indiquez la date de fin au format jj/mm/aaaa."
        if not values["count"] and not values["until"]:
            errors["count"] = "Indiquez combien de dates, ou jusqu'à quelle date répéter l'atelier."
    if errors or first is None or at is None:
        return result
    if until is not None and until < first:
        errors["until"] = "La date de fin doit venir après la première date."
        return result
    for day in occurrences(first, values["pattern"], count=count, until=until):
        starts_at = paris_to_utc(day, at)
        if starts_at is None:
            errors["time"] = (
                f"Cette heure n'existe pas le {day.strftime('%d/%m/%Y')} (passage à l'heure d'été) : "
                "choisissez-en une autre."
            )
            break
        if starts_at < now + timedelta(minutes=30):
            errors["date"] = "La nouvelle date doit commencer dans au moins 30 minutes."
            break
        if starts_at > now + timedelta(days=366):
            errors["until" if values["pattern"] != "une-fois" else "date"] = (
                "Toutes les dates doivent tomber dans les douze prochains mois."
            )
            break
        result.starts.append(starts_at)
    return result


async def copy_workshop(
    session: AsyncSession, source: Workshop, starts: list[datetime], *, publish: bool
) -> list[Workshop]:
    """New workshops like `source` at each of `starts` (same title, description, theme, duration,
    capacity, speakers, format and place), empty of registrations; the caller commits."""
    series = secrets.token_hex(8) if len(starts) > 1 else None
    made = []
    for starts_at in starts:
        workshop = Workshop(
            title=source.title,
            theme=source.theme,
            description=source.description,
            starts_at=starts_at,
            duration_min=source.duration_min,
            capacity=source.capacity,
            host_id=source.host_id,
            cohost_id=source.cohost_id,
            status="published" if publish else "proposed",
            format=source.format,
            address=source.address,
            room=source.room,
            coordination_id=source.coordination_id,
        )
        session.add(workshop)
        made.append(workshop)
    await session.flush()
    session.add_all(WorkshopCopy(workshop_id=w.id, source_id=source.id, series=series) for w in made)
    return made


async def _due_sources(db: Database, now: datetime) -> list[int]:
    async with db.session() as session:
        return list(
            await session.scalars(
                select(WorkshopCopy.source_id)
                .join(Workshop, Workshop.id == WorkshopCopy.workshop_id)
                .where(
                    WorkshopCopy.waitlist_told_at.is_(None),
                    WorkshopCopy.source_id.is_not(None),
                    Workshop.status == "published",
                    Workshop.starts_at > now,
                )
                .distinct()
            )
        )


def _body(member: Member, source: Workshop, dates: list[Workshop], settings: Settings) -> str:
    lines = "\n".join(
        f"- {datetime_fr(w.starts_at)} (heure de Paris) : {settings.base_origin}/ateliers/{w.id}"
        for w in dates
    )
    intro = "a une nouvelle date" if len(dates) == 1 else "a de nouvelles dates"
    return (
        f"Bonjour {member.name},\n\nVous étiez sur la liste d'attente de l'atelier « {source.title} », "
        f"qui était complet. Il {intro} :\n\n{lines}\n\n"
        "Les inscriptions sont ouvertes : les places vont aux premières inscrites." + SIGNATURE
    )


async def tell_one_waitlist(db: Database, settings: Settings, source_id: int, now: datetime) -> int:
    async with db.session() as session:
        due = list(
            await session.scalars(
                select(Workshop)
                .join(WorkshopCopy, WorkshopCopy.workshop_id == Workshop.id)
                .where(
                    WorkshopCopy.source_id == source_id,
                    WorkshopCopy.waitlist_told_at.is_(None),
                    Workshop.status == "published",
                    Workshop.starts_at > now,
                )
                .order_by(Workshop.starts_at)
            )
        )
        claimed = await session.execute(
            update(WorkshopCopy)
            .where(
                WorkshopCopy.workshop_id.in_([w.id for w in due] or [0]),
                WorkshopCopy.waitlist_told_at.is_(None),
            )
            .values(waitlist_told_at=now)
            .execution_options(synchronize_session=False)
        )
        source = await session.get(Workshop, source_id)
        if rowcount(claimed) != len(due) or not due or source is None:
            # Another process claimed some of them in the meantime: it sends; try again next round.
            await session.rollback()
            return 0
        registered_on_new = select(Registration.member_id).where(
            Registration.workshop_id.in_([w.id for w in due])
        )
        waiting = await session.scalars(
            select(Member)
            .join(Registration, Registration.member_id == Member.id)
            .where(
                Registration.workshop_id == source_id,
                Registration.status == "waitlisted",
                Member.id.not_in(registered_on_new),
                Member.id.not_in(email_kinds.turned_off(email_kinds.WORKSHOP_NEW_DATES)),
                Member.email_confirmed_at.is_not(None),
            )
        )
        count = 0
        for member in waiting:
            queue_email(
                session,
                kind=email_kinds.WORKSHOP_NEW_DATES,
                to=member.email,
                member_id=member.id,
                subject=f"Nouvelle date : {source.title}",
                body=_body(member, source, due, settings),
            )
            count += 1
        await session.commit()
        return count


async def tell_waitlists(db: Database, settings: Settings, now: datetime) -> int:
    return sum([await tell_one_waitlist(db, settings, source, now) for source in await _due_sources(db, now)])
