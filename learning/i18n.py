"""Translations (Babel/gettext) and French formatting of dates, times and numbers.

French is the source language: templates and code mark French strings with `_()` / `{% trans %}`,
`make i18n` extracts them, and the French catalog must hold every one (a test checks it).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")
CATALOG = Path(__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=1)
def translations() -> Translations:
    if not CATALOG.exists():
        return Translations()
    with CATALOG.open("rb") as f:
        catalog = read_po(f, locale="fr")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


_ = gettext


def to_paris(moment: datetime) -> datetime:
    """Database times are naive UTC; everything shown to members is Paris time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(PARIS)


# Day and month names from the CLDR once: formatting a date through Babel's pattern engine cost about a
# tenth of a workshop list's time (one date per card).
_FRENCH = Locale.parse(LOCALE)
_WEEKDAYS = tuple(_FRENCH.days["format"]["wide"][i] for i in range(7))  # Monday first, as date.weekday()
_MONTHS = tuple(_FRENCH.months["format"]["wide"][m] for m in range(1, 13))


def datetime_fr(moment: datetime) -> str:
    """« lundi 2 mars 2026 à 14h30 »"""
    local = to_paris(moment)
    return f"{date_fr(local.date())} à {local.hour}h{local.minute:02d}"


def _day_month_year(day: date) -> str:
    # French writes the first day of a month as an ordinal: « 1er mars », « 2 mars ».
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_fr(day: date | datetime) -> str:
    """« lundi 2 mars 2026 », « dimanche 1er mars 2026 »"""
    if isinstance(day, datetime):
        day = to_paris(day).date()
    return f"{_WEEKDAYS[day.weekday()]} {_day_month_year(day)}"


def short_date_fr(day: date | datetime) -> str:
    """« 2 mars 2026 », « 1er mars 2026 »"""
    if isinstance(day, datetime):
        day = to_paris(day).date()
    return _day_month_year(day)


def time_fr(moment: datetime) -> str:
    """« 14h30 »"""
    local = to_paris(moment)
    return f"{local.hour}h{local.minute:02d}"


def _half_up(value: float | int | Decimal, digits: int) -> Decimal:
    # People expect 0.5 to round up on money; Babel would round half to even.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def number_fr(value: float | int | Decimal, digits: int = 0) -> str:
    value = _half_up(value, digits)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def euros(value: float | int | Decimal, digits: int = 0) -> str:
    value = _half_up(value, digits)
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0¤"
    return format_currency(value, "EUR", format=pattern, locale=LOCALE, currency_digits=False)
