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

from babel.dates import format_date, format_datetime, format_time
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


def datetime_fr(moment: datetime) -> str:
    """« lundi 2 mars 2026 à 14h30 »"""
    local = to_paris(moment)
    return format_datetime(local, f"EEEE {_day_pattern(local)} MMMM y 'à' H'h'mm", locale=LOCALE)


def _day_pattern(day: date) -> str:
    # French writes the first day of a month as an ordinal: « 1er mars », « 2 mars ».
    return "1'er'" if day.day == 1 else "d"


def date_fr(day: date | datetime) -> str:
    """« lundi 2 mars 2026 », « dimanche 1er mars 2026 »"""
    if isinstance(day, datetime):
        day = to_paris(day).date()
    return format_date(day, f"EEEE {_day_pattern(day)} MMMM y", locale=LOCALE)


def short_date_fr(day: date | datetime) -> str:
    """« 2 mars 2026 », « 1er mars 2026 »"""
    if isinstance(day, datetime):
        day = to_paris(day).date()
    return format_date(day, f"{_day_pattern(day)} MMMM y", locale=LOCALE)


def time_fr(moment: datetime) -> str:
    """« 14h30 »"""
    return format_time(to_paris(moment), "H'h'mm", locale=LOCALE)


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
