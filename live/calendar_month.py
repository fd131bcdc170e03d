"""The month calendar: weeks of Paris days, Monday first, each day with its workshops."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from babel.dates import format_date

from learning.i18n import LOCALE, to_paris
from live.models import Workshop


@dataclass
class Day:
    day: date
    in_month: bool
    workshops: list[Workshop] = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    label: str  # « mars 2026 »
    previous: str  # "2026-02"
    next: str


def parse_month(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_grid(first: date, workshops: list[Workshop]) -> Month:
    by_day: dict[date, list[Workshop]] = {}
    for workshop in workshops:
        by_day.setdefault(to_paris(workshop.starts_at).date(), []).append(workshop)
    weeks = [
        [Day(d, d.month == first.month, sorted(by_day.get(d, []), key=lambda w: w.starts_at)) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
    following = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return Month(
        first,
        weeks,
        format_date(first, "LLLL y", locale=LOCALE),
        previous.strftime("%Y-%m"),
        following.strftime("%Y-%m"),
    )


def month_bounds_utc(first: date) -> tuple[datetime, datetime]:
    """A generous UTC window around the Paris month (Paris is UTC+1 or +2); days are matched exactly later."""
    following = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
    return (
        datetime.combine(first, datetime.min.time()) - timedelta(days=1),
        datetime.combine(following, datetime.min.time()) + timedelta(days=1),
    )
