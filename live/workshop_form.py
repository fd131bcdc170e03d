"""The workshop form (propose / edit): reading, checking, French messages, Paris time → naive UTC."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData

from learning import forms
from learning.i18n import to_paris
from live.models import FORMATS, MAX_CAPACITY, MAX_IN_PERSON_CAPACITY, THEMES, Workshop

PARIS = ZoneInfo("Europe/Paris")
DURATIONS = (30, 45, 60, 90, 120, 150, 180)
NATIONAL = ""  # the coordination field's value for « Atelier national »
CAPACITY_ERRORS = {
    "online": f"Un atelier en ligne accueille de 1 à {MAX_CAPACITY} participantes.",
    "in_person": f"Un atelier en présentiel accueille de 1 à {MAX_IN_PERSON_CAPACITY} participantes.",
}


@dataclass
class WorkshopForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    starts_at: datetime | None = None  # naive UTC once valid

    @property
    def in_person(self) -> bool:
        return self.values.get("format") == "in_person"

    @property
    def coordination_id(self) -> int | None:
        value = self.values.get("coordination", NATIONAL)
        return int(value) if value.isdigit() else None

    @property
    def ok(self) -> bool:
        return not self.errors


def paris_to_utc(day: date, at: time) -> datetime | None:
    """None for a time that does not exist in Paris (the spring-forward hour)."""
    local = datetime.combine(day, at).replace(tzinfo=PARIS)
    as_utc = local.astimezone(UTC)
    if as_utc.astimezone(PARIS).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return as_utc.replace(tzinfo=None)


def read_day_and_time(values: Mapping[str, str], errors: dict[str, str]) -> tuple[date | None, time | None]:
    """The form's `date` and `time` fields (Paris time, not yet checked against now), with their errors."""
    day = at = None
    try:
        day = date.fromisoformat(values["date"])
    except ValueError:
        errors["date"] = "Indiquez la date au format jj/mm/aaaa."
    try:
        at = time.fromisoformat(values["time"])
    except ValueError:
        errors["time"] = "Indiquez l'heure au format hh:mm (heure de Paris)."
    return day, at


def initial_values(workshop: Workshop | None = None) -> dict[str, str]:
    if workshop is None:
        return {
            "title": "",
            "theme": "",
            "description": "",
            "date": "",
            "time": "18:00",
            "duration": "90",
            "capacity": str(MAX_CAPACITY),
            "cohost": "",
            "format": "online",
            "address": "",
            "room": "",
            "coordination": NATIONAL,
        }
    local = to_paris(workshop.starts_at)
    return {
        "title": workshop.title,
        "theme": workshop.theme,
        "description": workshop.description,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "duration": str(workshop.duration_min),
        "capacity": str(workshop.capacity),
        "cohost": "",
        "format": workshop.format,
        "address": workshop.address,
        "room": workshop.room,
        "coordination": str(workshop.coordination_id) if workshop.coordination_id else NATIONAL,
    }


def read(
    form: FormData, now: datetime, *, taken: int = 0, coordinations: Mapping[str, str] | None = None
) -> WorkshopForm:
    """`coordinations`: the ones she may attach the workshop to (id as text → name); national is always
    allowed."""
    values = {
        "title": forms.text(form, "title", max_length=160),
        "theme": forms.text(form, "theme", max_length=40),
        "description": forms.text(form, "description", max_length=5000),
        "date": forms.text(form, "date", max_length=10),
        "time": forms.text(form, "time", max_length=5),
        "duration": forms.text(form, "duration", max_length=4),
        "capacity": forms.text(form, "capacity", max_length=3),
        "cohost": forms.normalise_email(forms.text(form, "cohost", max_length=254)),
        "format": forms.text(form, "format", max_length=16) or "online",
        "address": forms.text(form, "address", max_length=500),
        "room": forms.text(form, "room", max_length=160),
        "coordination": forms.text(form, "coordination", max_length=12),
    }
    result = WorkshopForm(values)
    errors = result.errors
    if not values["title"]:
        errors["title"] = "Donnez un titre à l'atelier."
    if values["theme"] not in THEMES:
        errors["theme"] = "Choisissez une thématique dans la liste."
    day, at = read_day_and_time(values, errors)
    if day and at:
        starts_at = paris_to_utc(day, at)
        if starts_at is None:
            errors["time"] = (
                "Cette heure n'existe pas ce jour-là (passage à l'heure d'été) : choisissez-en une autre."
            )
        elif starts_at < now + timedelta(minutes=30):
            errors["date"] = "L'atelier doit commencer dans au moins 30 minutes."
        elif starts_at > now + timedelta(days=366):
            errors["date"] = "Proposez une date dans les douze prochains mois."
        else:
            result.starts_at = starts_at
    if not values["duration"].isdigit() or int(values["duration"]) not in DURATIONS:
        errors["duration"] = "Choisissez une durée dans la liste."
    _check_place(result, coordinations or {})
    most = MAX_IN_PERSON_CAPACITY if result.in_person else MAX_CAPACITY
    if not values["capacity"].isdigit() or not 1 <= int(values["capacity"]) <= most:
        errors["capacity"] = CAPACITY_ERRORS.get(values["format"], CAPACITY_ERRORS["online"])
    elif int(values["capacity"]) < taken:
        errors["capacity"] = (
            f"{taken} participantes ont déjà une place : la capacité ne peut pas descendre en dessous."
        )
    if values["cohost"] and (problem := forms.email_problem(values["cohost"])):
        errors["cohost"] = problem
    return result


def _check_place(result: WorkshopForm, coordinations: Mapping[str, str]) -> None:
    """Format, address and room (required in person), and a coordination she may attach."""
    values, errors = result.values, result.errors
    if values["format"] not in FORMATS:
        errors["format"] = "Choisissez « En ligne » ou « En présentiel »."
        values["format"] = "online"
    if result.in_person:
        if not values["address"]:
            errors["address"] = "Indiquez l'adresse du lieu : l'atelier a lieu en présentiel."
        if not values["room"]:
            errors["room"] = "Indiquez la salle (ou « accueil », s'il n'y en a qu'une)."
    else:
        # An online workshop has no place: a left-over address would show on its page and in calendars.
        values["address"] = values["room"] = ""
    if values["coordination"] != NATIONAL and values["coordination"] not in coordinations:
        errors["coordination"] = (
            "Vous ne pouvez rattacher l'atelier qu'à une coordination que vous animez, "
            "ou en faire un atelier national."
        )
