"""Seats, the waitlist and promotions — the only code that changes `Workshop.taken`.

Patterns measured in docs/design.md (« Data and concurrency »), the ones that held exactly under concurrency:
- a seat is taken by one conditional `UPDATE … SET taken = taken + 1 WHERE taken < capacity`, checked by
  its row count, never by counting rows first (that admitted 34 of 50 for 20 seats);
- `UNIQUE(workshop_id, member_id)` turns a double click into an IntegrityError, not a second row;
- a cancellation acts only when its DELETE removed a row (a second click is a no-op);
- the next waitlisted row is taken oldest-first with `FOR UPDATE SKIP LOCKED` on PostgreSQL (SQLite runs
  every transaction as `BEGIN IMMEDIATE`, so there they serialise anyway).

One more rule, for PostgreSQL: every change of seat state first writes the workshop row (a conditional
UPDATE, which takes its row lock) and only then reads or writes registrations. Without it a member could
be put on the waitlist at the very moment a cancellation, not seeing her yet, handed the seat back to the
counter — leaving her waiting beside a free seat. Lock order is always workshop row, then registrations,
so these transactions cannot deadlock each other.

Functions here take the caller's session and never commit: the caller queues the e-mails in the same
transaction and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from learning.db import rowcount
from live.models import NO_SHOW_AFTER, Registration, Workshop

NO_SYNC = {"synchronize_session": False}


@dataclass
class Outcome:
    # confirmed | waitlisted | already | closed | host  (register);  cancelled | noop  (cancel)
    status: str
    registration_id: int | None = None
    was: str | None = None  # what a cancelled registration was: confirmed or waitlisted
    position: int | None = None  # place on the waitlist, 1 = next served
    promoted: list[int] = field(default_factory=list)  # registration ids that just got a seat


@dataclass
class Release:
    workshop_id: int
    released: list[int] = field(default_factory=list)  # registration ids (no-shows)
    promoted: list[int] = field(default_factory=list)


async def _take_seat(session: AsyncSession, workshop_id: int) -> bool:
    result = await session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.status == "published", Workshop.taken < Workshop.capacity)
        .values(taken=Workshop.taken + 1)
        .execution_options(**NO_SYNC)
    )
    return rowcount(result) == 1


async def _lock_if_full(session: AsyncSession, workshop_id: int) -> bool:
    """Locks the workshop row while asserting it is full (a no-op write that takes the row lock)."""
    result = await session.execute(
        update(Workshop)
        .where(
            Workshop.id == workshop_id, Workshop.status == "published", Workshop.taken >= Workshop.capacity
        )
        .values(taken=Workshop.taken)
        .execution_options(**NO_SYNC)
    )
    return rowcount(result) == 1


async def _lock(session: AsyncSession, workshop_id: int, *, bump_sequence: bool = False) -> bool:
    values = {"sequence": Workshop.sequence + 1} if bump_sequence else {"taken": Workshop.taken}
    result = await session.execute(
        update(Workshop).where(Workshop.id == workshop_id).values(**values).execution_options(**NO_SYNC)
    )
    return rowcount(result) == 1


async def waitlist_position(session: AsyncSession, registration: Registration) -> int | None:
    if registration.status != "waitlisted":
        return None
    ahead = await session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.workshop_id == registration.workshop_id,
            Registration.status == "waitlisted",
            Registration.id <= registration.id,
        )
    )
    return int(ahead or 0)


async def register(session: AsyncSession, workshop: Workshop, member_id: int, now: datetime) -> Outcome:
    """Gives the member a seat, or a place on the waitlist. May raise IntegrityError on a concurrent
    double click (the UNIQUE constraint): the caller rolls back and answers « déjà inscrite »."""
    if workshop.host_role(member_id):
        return Outcome("host")
    if workshop.status != "published" or workshop.is_over(now):
        return Outcome("closed")
    existing = await session.scalar(
        select(Registration).where(
            Registration.workshop_id == workshop.id, Registration.member_id == member_id
        )
    )
    if existing is not None and existing.status in ("confirmed", "waitlisted"):
        return Outcome("already", existing.id, position=await waitlist_position(session, existing))
    if existing is not None:
        # A released seat (no-show): she may come back, as a new arrival at the end of the queue.
        # A double click may race here: the losing DELETE matches nothing, and its INSERT below then hits
        # the UNIQUE constraint. Expunged, so the identity map forgets the row (SQLite may reuse its id).
        await session.execute(
            delete(Registration)
            .where(Registration.id == existing.id, Registration.status == "released")
            .execution_options(**NO_SYNC)
        )
        session.expunge(existing)

    status = None
    # Between the two statements a seat may free up (then the second one fails too): try again.
    for _ in range(10):
        if await _take_seat(session, workshop.id):
            status = "confirmed"
            break
        if await _lock_if_full(session, workshop.id):
            status = "waitlisted"
            break
        still_open = await session.scalar(select(Workshop.status).where(Workshop.id == workshop.id))
        if still_open != "published":
            return Outcome("closed")
    if status is None:
        raise RuntimeError(f"workshop {workshop.id}: seat counter never settled")
    registration = Registration(
        workshop_id=workshop.id,
        member_id=member_id,
        status=status,
        created_at=now,
        confirmed_at=now if status == "confirmed" else None,
    )
    session.add(registration)
    await session.flush()
    return Outcome(status, registration.id, position=await waitlist_position(session, registration))


async def _give_seat_to_next(session: AsyncSession, workshop_id: int, now: datetime) -> int | None:
    """A confirmed seat was just vacated: the oldest waitlisted registration takes it over, or the
    counter gets it back. Returns the promoted registration id."""
    for _ in range(5):
        next_id = await session.scalar(
            select(Registration.id)
            .where(Registration.workshop_id == workshop_id, Registration.status == "waitlisted")
            .order_by(Registration.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if next_id is None:
            break
        promoted = await session.execute(
            update(Registration)
            .where(Registration.id == next_id, Registration.status == "waitlisted")
            .values(status="confirmed", confirmed_at=now)
            .execution_options(**NO_SYNC)
        )
        if rowcount(promoted) == 1:
            return next_id
    await session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.taken > 0)
        .values(taken=Workshop.taken - 1)
        .execution_options(**NO_SYNC)
    )
    return None


async def cancel(session: AsyncSession, workshop_id: int, member_id: int, now: datetime) -> Outcome:
    """Idempotent: only the call whose DELETE removed the row frees the seat."""
    # The SEQUENCE bump lets the cancelled copy in her calendar replace the confirmed one.
    if not await _lock(session, workshop_id, bump_sequence=True):
        return Outcome("noop")
    gone = await session.execute(
        delete(Registration)
        .where(
            Registration.workshop_id == workshop_id,
            Registration.member_id == member_id,
            Registration.status.in_(("confirmed", "waitlisted")),
        )
        .returning(Registration.id, Registration.status)
        .execution_options(**NO_SYNC)
    )
    row = gone.first()
    if row is None:
        return Outcome("noop")
    outcome = Outcome("cancelled", row.id, was=row.status)
    if row.status == "confirmed":
        promoted = await _give_seat_to_next(session, workshop_id, now)
        if promoted is not None:
            outcome.promoted.append(promoted)
    return outcome


async def fill_free_seats(session: AsyncSession, workshop_id: int, now: datetime) -> list[int]:
    """After a capacity increase: waitlisted members take the new seats, oldest first."""
    await _lock(session, workshop_id)
    promoted: list[int] = []
    while True:
        next_id = await session.scalar(
            select(Registration.id)
            .where(Registration.workshop_id == workshop_id, Registration.status == "waitlisted")
            .order_by(Registration.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if next_id is None or not await _take_seat(session, workshop_id):
            return promoted
        await session.execute(
            update(Registration)
            .where(Registration.id == next_id)
            .values(status="confirmed", confirmed_at=now)
            .execution_options(**NO_SYNC)
        )
        promoted.append(next_id)


async def release_no_shows(session: AsyncSession, workshop: Workshop, now: datetime) -> Release:
    """10 minutes after the start, seats of confirmed members who have not joined go to the waitlist.

    Only seats confirmed before that deadline are released: a member promoted by this very release
    keeps her seat until the end."""
    result = Release(workshop.id)
    deadline = workshop.starts_at + NO_SHOW_AFTER
    # In person nobody « joins » a room: the host calls the roll instead, and no seat is given away.
    if workshop.in_person or workshop.status != "published" or now < deadline or workshop.is_over(now):
        return result
    await _lock(session, workshop.id)
    released = await session.execute(
        update(Registration)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status == "confirmed",
            Registration.attended_at.is_(None),
            Registration.confirmed_at < deadline,
        )
        .values(status="released", released_at=now)
        .returning(Registration.id)
        .execution_options(**NO_SYNC)
    )
    result.released = sorted(released.scalars().all())
    for _ in result.released:
        promoted = await _give_seat_to_next(session, workshop.id, now)
        if promoted is not None:
            result.promoted.append(promoted)
    return result


async def workshops_with_no_shows_due(session: AsyncSession, now: datetime) -> list[Workshop]:
    candidates = (
        (
            await session.execute(
                select(Workshop)
                .where(
                    Workshop.status == "published",
                    Workshop.format == "online",
                    Workshop.starts_at <= now - NO_SHOW_AFTER,
                    Workshop.starts_at > now - timedelta(hours=9),  # longer than any workshop (480 min)
                )
                .order_by(Workshop.id)
            )
        )
        .scalars()
        .all()
    )
    due = []
    for workshop in candidates:
        if workshop.is_over(now):
            continue
        pending = await session.scalar(
            select(Registration.id)
            .where(
                Registration.workshop_id == workshop.id,
                Registration.status == "confirmed",
                Registration.attended_at.is_(None),
                Registration.confirmed_at < workshop.starts_at + NO_SHOW_AFTER,
            )
            .limit(1)
        )
        if pending is not None:
            due.append(workshop)
    return due


async def cancel_workshop(session: AsyncSession, workshop_id: int) -> bool:
    result = await session.execute(
        update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.status != "cancelled")
        .values(status="cancelled", sequence=Workshop.sequence + 1)
        .execution_options(**NO_SYNC)
    )
    return rowcount(result) == 1


async def registrants(session: AsyncSession, workshop_id: int, *statuses: str) -> list[Registration]:
    query = select(Registration).where(Registration.workshop_id == workshop_id).order_by(Registration.id)
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    return list((await session.execute(query)).scalars().all())
