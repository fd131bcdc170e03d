"""Workshops (« ateliers »), registrations with their waitlist, and private calendar feeds.

The seat counter `Workshop.taken` is the single thing concurrent registrations fight over: it only
ever changes through conditional UPDATEs in `live.seats`, and the CHECK below makes the database
refuse any overbooking that slipped past them (docs/design.md, « Data and concurrency »).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from learning.coordinations import models as _coordinations  # noqa: F401  (workshops.coordination_id's table)
from learning.db import Base, utcnow
from learning.themes import THEMES as SHARED_THEMES

MAX_CAPACITY = 20  # a live room
MAX_IN_PERSON_CAPACITY = 200  # a room in a town hall, a meeting of a coordination
FORMATS = {"online": "En ligne", "in_person": "En présentiel"}
# The one list of themes (learning.themes), plus a coordination's meeting (the monthly « Rencontre
# mensuelle »), listed with the workshops but not a theme anyone follows.
MEETING_THEME = "rencontre"
THEMES = {**SHARED_THEMES, MEETING_THEME: "Rencontre de la coordination"}
ROOM_OPENS_BEFORE = timedelta(minutes=15)
NO_SHOW_AFTER = timedelta(minutes=10)


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint(f"capacity BETWEEN 1 AND {MAX_IN_PERSON_CAPACITY}", name="capacity_range"),
        CheckConstraint(f"format = 'in_person' OR capacity <= {MAX_CAPACITY}", name="online_capacity"),
        CheckConstraint("format IN ('online', 'in_person')", name="format_known"),
        CheckConstraint("taken BETWEEN 0 AND capacity", name="taken_range"),
        CheckConstraint("duration_min BETWEEN 15 AND 480", name="duration_range"),
        CheckConstraint("status IN ('proposed', 'published', 'cancelled', 'declined')", name="status_known"),
        Index("ix_workshops_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    theme: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime]  # naive UTC
    duration_min: Mapped[int] = mapped_column(default=90)
    capacity: Mapped[int] = mapped_column(default=MAX_CAPACITY)
    taken: Mapped[int] = mapped_column(default=0)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    cohost_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    # proposed: written by an intervenante, not visible to members until a coordinatrice publishes it.
    # declined: a coordinatrice did not publish it, for `decline_reason` (told to the intervenante by e-mail).
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    decline_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # iCalendar SEQUENCE: bumped whenever what a calendar shows changes, so clients replace their copy.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    host_attended_at: Mapped[datetime | None]
    cohost_attended_at: Mapped[datetime | None]
    # The live room as the media node last reported it. The node forgets a room once it is empty; these
    # go into every ticket, so that a room opened again starts locked, or with its doors open, as it was left.
    room_locked: Mapped[bool] = mapped_column(default=False, server_default=false())
    room_doors_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    # online: a live room (media node); in_person: at `address`, in `room`, no media room at all.
    format: Mapped[str] = mapped_column(String(16), default="online", server_default="online")
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    room: Mapped[str] = mapped_column(String(160), default="", server_default="")
    # The local coordination that organises it; None for a national workshop.
    coordination_id: Mapped[int | None] = mapped_column(
        ForeignKey("coordinations.id", ondelete="SET NULL"), index=True
    )
    # When the subscriptions job told the members following its theme (live.subscriptions); its claim.
    announced_at: Mapped[datetime | None]

    @property
    def in_person(self) -> bool:
        return self.format == "in_person"

    @property
    def format_label(self) -> str:
        return FORMATS.get(self.format, self.format)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_min)

    @property
    def room_opens_at(self) -> datetime:
        return self.starts_at - ROOM_OPENS_BEFORE

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def theme_label(self) -> str:
        return THEMES.get(self.theme, self.theme)

    def room_is_open(self, now: datetime) -> bool:
        # An in-person workshop has no media room: nothing to join, no ticket, no no-show release.
        return not self.in_person and self.status == "published" and self.room_opens_at <= now < self.ends_at

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at

    @property
    def place_text(self) -> str:
        """Where an in-person workshop happens, on one line: « 12 rue …, Figeac — salle 2 »."""
        where = " ".join(self.address.split())
        return f"{where} — {self.room.strip()}" if self.room.strip() else where

    def is_over(self, now: datetime) -> bool:
        return now >= self.ends_at

    def host_role(self, member_id: int) -> str | None:
        if member_id == self.host_id:
            return "host"
        if member_id == self.cohost_id:
            return "cohost"
        return None


class Registration(Base):
    __tablename__ = "workshop_registrations"
    __table_args__ = (
        # One row per member and workshop: a double click cannot register her twice.
        UniqueConstraint("workshop_id", "member_id"),
        CheckConstraint("status IN ('confirmed', 'waitlisted', 'released')", name="status_known"),
        Index("ix_workshop_registrations_queue", "workshop_id", "status", "id"),
    )

    # The id is also the arrival order: the waitlist is served oldest id first.
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    # confirmed: holds a seat; waitlisted: queued in id order; released: seat given away (no-show).
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    released_at: Mapped[datetime | None]
    attended_at: Mapped[datetime | None]
    # Set by the reminder job with a conditional UPDATE: whoever sets it sends the e-mail, once.
    reminded_day_at: Mapped[datetime | None]
    reminded_hour_at: Mapped[datetime | None]


class RoomRemoval(Base):
    """A member a host removed from a workshop's live room (reported by the media node): the site gives her
    no ticket to that workshop any more, whichever node serves it and however long the room was empty."""

    __tablename__ = "workshop_room_removals"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    removed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarFeed(Base):
    """A member's private calendar feed. The URL is derived (HMAC) from the member id and `version`,
    so nothing secret is stored; revoking bumps the version, which kills every old URL."""

    __tablename__ = "workshop_calendar_feeds"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
