"""iCalendar (.ics) for « Ajouter à mon agenda », e-mail attachments and the private feed.

One UID per workshop, stable for its whole life, so that a calendar replaces its copy instead of adding
a second one; SEQUENCE (`Workshop.sequence`) grows on every change, and a cancellation is the same
event with STATUS:CANCELLED and a higher SEQUENCE (RFC 5545 §3.8.7.4, RFC 5546 §2.1.4).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TypedDict, Unpack
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from learning import timezones
from learning.db import utcnow
from learning.i18n import datetime_fr
from learning.outbox import Attachment
from live.models import Workshop

PRODID = "-//Entraide//Ateliers//FR"


def event_uid(workshop: Workshop, base_url: str) -> str:
    host = urlsplit(base_url).hostname or "entraide.local"
    return f"atelier-{workshop.id}@{host}"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


class EventOptions(TypedDict, total=False):
    """workshop_event's keyword arguments, passed on by workshop_ics and ics_attachment."""

    cancelled: bool
    sequence: int | None
    host_name: str | None
    timezone: str | None


def workshop_event(
    workshop: Workshop,
    base_url: str,
    *,
    cancelled: bool = False,
    sequence: int | None = None,
    host_name: str | None = None,
    timezone: str | None = None,
) -> Event:
    """`timezone`: hers (learning.timezones), when she chose one: the times are written in it, and the
    description gives both Paris time and hers."""
    url = f"{base_url.rstrip('/')}/ateliers/{workshop.id}"
    event = Event()
    event.add("uid", event_uid(workshop, base_url))
    event.add("sequence", workshop.sequence if sequence is None else sequence)
    event.add("dtstamp", _utc(utcnow()))
    there = timezones.also_there(workshop.starts_at, timezone or "")
    zone = ZoneInfo(timezone) if there and timezone else UTC
    event.add("dtstart", _utc(workshop.starts_at).astimezone(zone))
    event.add("dtend", _utc(workshop.ends_at).astimezone(zone))
    event.add("summary", f"Atelier Entraide : {workshop.title}")
    lines = [workshop.description.strip()] if workshop.description.strip() else []
    if there:
        lines.append(f"{datetime_fr(workshop.starts_at)}, heure de Paris, soit {there}.")
    if host_name:
        lines.append(f"Animé par {host_name}.")
    if workshop.in_person:
        # In person: the place is the location; there is no room to join, only the page to read.
        lines.append(f"En présentiel : {workshop.place_text}")
        lines.append(f"L'atelier : {url}")
    else:
        lines.append(f"Rejoindre l'atelier (salle ouverte 15 minutes avant) : {url}")
    event.add("description", "\n\n".join(lines))
    event.add("location", workshop.place_text if workshop.in_person else url)
    event.add("url", url)
    cancelled = cancelled or workshop.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_bytes(events: Iterable[Event], *, name: str | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH, not REQUEST: there is no organizer to reply to, clients simply import or update the event.
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        # Subscribed calendars poll the feed; ask for hourly refreshes (RFC 7986 §5.7).
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(event)
    # The VTIMEZONE of any zone an event is written in (a member's own), so that every client reads it alike.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def workshop_ics(workshop: Workshop, base_url: str, **options: Unpack[EventOptions]) -> bytes:
    return calendar_bytes([workshop_event(workshop, base_url, **options)])


def ics_attachment(workshop: Workshop, base_url: str, **options: Unpack[EventOptions]) -> Attachment:
    return Attachment(
        f"atelier-{workshop.id}.ics", "text/calendar", workshop_ics(workshop, base_url, **options)
    )
