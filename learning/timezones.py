"""A member's own time zone: workshop times are set in Paris time, and shown in hers too when it differs.

The choice is any IANA zone (the browser proposes its own, `static/js/timezone-suggest.js`); the list offered
without JavaScript holds the zones of the French overseas territories and of a few countries members live in.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime

from babel.dates import format_datetime, get_timezone_location

from learning.i18n import LOCALE, PARIS

PARIS_TIME = ""  # the stored value for « Paris time only »
CHOICES = [
    ("America/Guadeloupe", "Guadeloupe, Saint-Martin, Saint-Barthélemy"),
    ("America/Martinique", "Martinique"),
    ("America/Cayenne", "Guyane"),
    ("America/Miquelon", "Saint-Pierre-et-Miquelon"),
    ("Indian/Reunion", "La Réunion"),
    ("Indian/Mayotte", "Mayotte"),
    ("Pacific/Noumea", "Nouvelle-Calédonie"),
    ("Pacific/Tahiti", "Polynésie française (Tahiti)"),
    ("Pacific/Wallis", "Wallis-et-Futuna"),
    ("America/Montreal", "Québec (Montréal)"),
    ("Africa/Dakar", "Sénégal (Dakar)"),
    ("Africa/Abidjan", "Côte d'Ivoire (Abidjan)"),
    ("Africa/Casablanca", "Maroc (Casablanca)"),
    ("Europe/London", "Royaume-Uni (Londres)"),
]
PARIS_LABEL = "Heure de Paris (France métropolitaine, Belgique, Suisse…)"
MAX_LENGTH = 64


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def clean(value: str) -> str | None:
    """The zone to store (PARIS_TIME for Paris), or None when it is no zone at all."""
    value = value.strip()
    if value in (PARIS_TIME, "Europe/Paris"):
        return PARIS_TIME
    return value if len(value) <= MAX_LENGTH and value in _known() else None


def choices(current: str) -> list[tuple[str, str]]:
    """The options of the form, hers included when it is not one of the usual ones."""
    listed = [(PARIS_TIME, PARIS_LABEL), *CHOICES]
    if current and current not in dict(listed):
        listed.append((current, place_of(current)))
    return listed


def place_of(zone: str) -> str:
    """« Martinique », « La Réunion », « Nouméa »: the place a zone is known by, in French."""
    return dict(CHOICES).get(zone) or get_timezone_location(zone, locale=LOCALE, return_city=True)


def also_there(moment: datetime, zone: str) -> str:
    """« 13h00 à l'heure de Martinique », or with the day when it is not Paris's; "" when her zone is Paris
    time at that moment (or none, or unknown). `moment` is naive UTC, as stored."""
    if not zone or zone not in _known():
        return ""
    aware = moment.replace(tzinfo=UTC)
    paris, hers = aware.astimezone(PARIS), aware.astimezone(zoneinfo.ZoneInfo(zone))
    if paris.utcoffset() == hers.utcoffset():
        return ""
    pattern = "H'h'mm" if paris.date() == hers.date() else "EEEE d MMMM 'à' H'h'mm"
    return f"{format_datetime(hers, pattern, locale=LOCALE)} à l'heure de {place_of(zone)}"
