"""Reports for funders: workshops held, attendance, members and volunteers, by territory and by month, for
a period; for the whole network (admins) or one coordination (its coordinatrices).

The workshops come from every installed package's `activity` hook (learning.packages.ActivitySource): this
package does not know how live stores them. Members are confirmed memberships; a member counts as new in
the month her membership was confirmed. Volunteers are counted as they are today (the national view's
definition, network.volunteer_ids), by the coordination they lead or belong to.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow
from learning.i18n import PARIS, number_fr, to_paris
from learning.packages import Activity, Package

from .models import Coordination, CoordinationLead, Departement, Membership, Region, VolunteerApplication
from .volunteers import volunteer_ids

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
FORMATS = {"online": "En ligne", "in_person": "En présentiel"}
NATIONAL = "Réseau national (sans coordination)"
MAX_DAYS = 366 * 10
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _utc_midnight(day: date) -> datetime:
    """The start of `day` in Paris, as the database stores times (naive UTC)."""
    return datetime.combine(day, time(), tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


class PeriodError(ValueError):
    """A French message for the person who typed the dates."""


@dataclass(frozen=True)
class Period:
    first: date  # both days included
    last: date

    @property
    def start(self) -> datetime:
        return _utc_midnight(self.first)

    @property
    def end(self) -> datetime:
        """Exclusive end: the day after the last one, at midnight."""
        return _utc_midnight(self.last + timedelta(days=1))

    def months(self) -> list[tuple[int, int]]:
        found, (year, month) = [], (self.first.year, self.first.month)
        while (year, month) <= (self.last.year, self.last.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def _parse_day(raw: str, label: str) -> date:
    text = raw.strip()
    try:
        if match := _FRENCH_DATE.match(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(
            f"La date « {label} » n'est pas valide : écrivez-la comme 31/01/2026 (ou 2026-01-31)."
        ) from None


def parse_period(du: str | None, au: str | None, today: date) -> Period:
    """The period asked for; by default the last 12 months up to today."""
    last = _parse_day(au, "au") if au else today
    if du:
        first = _parse_day(du, "du")
    else:
        # Twelve months back from the day after: up to 6 Dec 2026, from 7 Dec 2025.
        try:
            first = last.replace(year=last.year - 1) + timedelta(days=1)
        except ValueError:  # 29 February
            first = last.replace(year=last.year - 1, day=28) + timedelta(days=1)
    if first > last:
        raise PeriodError("La date « du » doit précéder la date « au ».")
    if (last - first).days > MAX_DAYS:
        raise PeriodError("Choisissez une période de dix ans au plus.")
    return Period(first, last)


@dataclass
class Line:
    """One row of the report: a territory, a month or the total."""

    label: str
    workshops: int = 0
    registered: int = 0
    attended: int = 0
    members: int | None = None  # confirmed at the end of the period (not counted by month)
    new_members: int = 0
    volunteers: int | None = None

    @property
    def rate(self) -> float | None:
        """Attendance rate (0–100), or None when nobody registered."""
        return 100 * self.attended / self.registered if self.registered else None

    def add(self, activity: Activity) -> None:
        self.workshops += 1
        self.registered += activity.registered
        self.attended += activity.attended


@dataclass
class Report:
    period: Period
    scope: str  # « Tout le réseau » or the coordination's name
    national: bool
    total: Line
    territories: list[Line] = field(default_factory=list)
    regions: list[Line] = field(default_factory=list)
    months: list[Line] = field(default_factory=list)
    activities: list[tuple[Activity, str]] = field(default_factory=list)  # with its territory's name


async def gather_activity(
    session: AsyncSession,
    packages: Sequence[Package],
    period: Period,
    coordination_ids: Sequence[int] | None,
) -> list[Activity]:
    # Held: a workshop later today, or in a period that ends in the future, has not taken place yet.
    end = min(period.end, utcnow())
    found: list[Activity] = []
    for package in packages:
        if package.activity is not None:
            found += await package.activity(
                session, start=period.start, end=end, coordination_ids=coordination_ids
            )
    # A package answers for its own events; keep only those held in the period, in the scope asked.
    wanted = None if coordination_ids is None else set(coordination_ids)
    kept = [
        a for a in found if period.start <= a.at < end and (wanted is None or a.coordination_id in wanted)
    ]
    return sorted(kept, key=lambda a: (a.at, a.title))


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


async def build(
    session: AsyncSession,
    packages: Sequence[Package],
    period: Period,
    coordination: Coordination | None = None,
) -> Report:
    """The report for the whole network (`coordination=None`) or for one coordination."""
    if coordination is None:
        coordinations = list(await session.scalars(select(Coordination).order_by(Coordination.name)))
        activities = await gather_activity(session, packages, period, None)
    else:
        coordinations = [coordination]
        activities = await gather_activity(session, packages, period, [coordination.id])
    ids = [c.id for c in coordinations]
    names = {c.id: c.name for c in coordinations}

    confirmed_on = func.coalesce(Membership.confirmed_at, Membership.requested_at)
    members = (
        await session.execute(
            select(Membership.member_id, Membership.coordination_id, confirmed_on).where(
                Membership.status == "confirmed",
                Membership.coordination_id.in_(ids),
                confirmed_on < period.end,
            )
        )
    ).all()
    volunteers = await volunteer_ids(session)
    leads = (
        await session.execute(
            select(CoordinationLead.coordination_id, CoordinationLead.member_id).where(
                CoordinationLead.coordination_id.in_(ids)
            )
        )
    ).all()
    accepted = (
        await session.execute(
            select(VolunteerApplication.coordination_id, VolunteerApplication.member_id).where(
                VolunteerApplication.status == "accepted", VolunteerApplication.coordination_id.in_(ids)
            )
        )
    ).all()
    volunteers_of: dict[int, set[int]] = defaultdict(set)
    for coordination_id, member_id in [*leads, *accepted]:
        if coordination_id is not None:
            volunteers_of[coordination_id].add(member_id)
    for member_id, coordination_id, _ in members:
        if member_id in volunteers:
            volunteers_of[coordination_id].add(member_id)

    by_territory = {c.id: Line(c.name, members=0, volunteers=len(volunteers_of[c.id])) for c in coordinations}
    national_line = Line(NATIONAL)
    by_month = {ym: Line(month_label(*ym)) for ym in period.months()}
    total = Line(
        "Total",
        members=0,
        volunteers=len(volunteers) if coordination is None else len(volunteers_of[coordinations[0].id]),
    )
    for _member_id, coordination_id, since in members:
        line = by_territory[coordination_id]
        assert line.members is not None and total.members is not None
        line.members += 1
        total.members += 1
        if since >= period.start:
            line.new_members += 1
            total.new_members += 1
            local = to_paris(since)
            if (local.year, local.month) in by_month:
                by_month[(local.year, local.month)].new_members += 1

    report = Report(
        period, coordination.name if coordination else "Tout le réseau", coordination is None, total
    )
    for activity in activities:
        territory = by_territory.get(activity.coordination_id) if activity.coordination_id else None
        (territory or national_line).add(activity)
        total.add(activity)
        local = to_paris(activity.at)
        if (local.year, local.month) in by_month:
            by_month[(local.year, local.month)].add(activity)
        report.activities.append(
            (
                activity,
                names.get(activity.coordination_id, NATIONAL) if activity.coordination_id else NATIONAL,
            )
        )
    report.territories = list(by_territory.values())
    if coordination is None:
        if national_line.workshops:
            report.territories.append(national_line)
        report.regions = await _by_region(session, coordinations, by_territory)
    report.months = list(by_month.values())
    return report


async def _by_region(
    session: AsyncSession, coordinations: list[Coordination], by_territory: dict[int, Line]
) -> list[Line]:
    region_of = dict((await session.execute(select(Departement.code, Departement.region))).all())
    region_name = dict((await session.execute(select(Region.code, Region.name))).all())
    lines: dict[str, Line] = {}
    for c in coordinations:
        name = region_name.get(region_of.get(c.departement, ""), "Région inconnue")
        line = lines.setdefault(name, Line(name, members=0, volunteers=0))
        source = by_territory[c.id]
        line.workshops += source.workshops
        line.registered += source.registered
        line.attended += source.attended
        line.new_members += source.new_members
        assert line.members is not None and line.volunteers is not None
        line.members += source.members or 0
        line.volunteers += source.volunteers or 0
    return sorted(lines.values(), key=lambda line: line.label)


HEADERS = [
    "Vue",
    "Territoire ou mois",
    "Date",
    "Atelier",
    "Format",
    "Ateliers",
    "Inscrites",
    "Présentes",
    "Taux de présence (%)",
    "Membres confirmées",
    "Nouvelles membres",
    "Bénévoles",
]


def _figure(value: int | float | None, digits: int = 0) -> str:
    return "" if value is None else number_fr(value, digits).replace("\u202f", "").replace("\xa0", "")


def to_csv(report: Report) -> str:
    """Semicolons and decimal commas, as Excel reads them in French; the caller adds the BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Bilan", report.scope, f"du {report.period.first:%d/%m/%Y} au {report.period.last:%d/%m/%Y}"]
    )
    writer.writerow(HEADERS)

    def line_row(view: str, line: Line) -> list[str]:
        return [
            view,
            line.label,
            "",
            "",
            "",
            _figure(line.workshops),
            _figure(line.registered),
            _figure(line.attended),
            _figure(line.rate, 1),
            _figure(line.members),
            _figure(line.new_members),
            _figure(line.volunteers),
        ]

    writer.writerow(line_row("Total", report.total))
    for line in report.territories:
        writer.writerow(line_row("Coordination", line))
    for line in report.regions:
        writer.writerow(line_row("Région", line))
    for line in report.months:
        writer.writerow(line_row("Mois", line))
    for activity, territory in report.activities:
        rate = 100 * activity.attended / activity.registered if activity.registered else None
        writer.writerow(
            [
                "Atelier",
                territory,
                f"{to_paris(activity.at):%d/%m/%Y %H:%M}",
                activity.title,
                FORMATS.get(activity.format, activity.format),
                "1",
                _figure(activity.registered),
                _figure(activity.attended),
                _figure(rate, 1),
                "",
                "",
                "",
            ]
        )
    return out.getvalue()
