"""Her membership of the association (« adhésion »): the status read from the dates admins record.

- « Adhérente à jour »: the renewal date is more than RENEW_WINDOW away;
- « À renouveler »: the renewal date is within RENEW_WINDOW (still a member until then) or past (« échue »);
- « Non adhérente »: no payment was ever recorded.
A payment received makes her a member for PERIOD from the day it was paid (or to the date an admin gives).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import utcnow

from .models import Adhesion

RENEW_WINDOW = timedelta(days=30)
CURRENT, DUE_SOON, LAPSED, NONE = "a-jour", "a-renouveler", "echue", "non-adherente"
LABELS = {
    CURRENT: "Adhérente à jour",
    DUE_SOON: "À renouveler",
    LAPSED: "À renouveler (échue)",
    NONE: "Non adhérente",
}


def today() -> date:
    return utcnow().date()


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class Status:
    code: str
    last_paid_on: date | None
    renews_on: date | None

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def payment_due(self) -> bool:
        """Whether « Mon compte » offers the payment link."""
        return self.code != CURRENT


def status_of(row: Adhesion | None, on: date) -> Status:
    if row is None or row.renews_on is None:
        return Status(NONE, row.last_paid_on if row else None, None)
    if row.renews_on < on:
        code = LAPSED
    elif row.renews_on <= on + RENEW_WINDOW:
        code = DUE_SOON
    else:
        code = CURRENT
    return Status(code, row.last_paid_on, row.renews_on)


async def status_for(session: AsyncSession, member_id: int, on: date | None = None) -> Status:
    return status_of(await session.get(Adhesion, member_id), on or today())


async def record_payment(
    session: AsyncSession, member_id: int, paid_on: date, renews_on: date | None = None
) -> Adhesion:
    """A payment received: the dates move; the caller commits. The reminder is sent again for the next period
    because it is keyed on the renewal date."""
    row = await session.get(Adhesion, member_id)
    if row is None:
        row = Adhesion(member_id=member_id)
        session.add(row)
    row.last_paid_on = paid_on
    row.renews_on = renews_on or one_year_after(paid_on)
    row.updated_at = utcnow()
    await session.flush()
    return row
