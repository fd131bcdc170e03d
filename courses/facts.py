"""The one facts file: time-sensitive figures with their date and source, substituted into lessons.

``{{ fact_id }}`` gives the French display string, ``{{ fact_id.as_of }}`` the date in French,
``{{ fact_id.source }}`` the source; ``.value``, ``.url`` and ``.note`` are there too.

A fact may say how long it holds (``until``: a rate for a calendar year, a threshold until a date): once that
day is past, `content check` warns and `entraide content facts --stale` lists it, so that the course is reviewed
every 1 January.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from learning.i18n import short_date_fr

from .problems import Problem

_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_FIRST_WITHOUT_ER = re.compile(rf"(?<![\d,])1\s+(?:{_MONTHS})\b")
FIELDS = ("display", "value", "as_of", "year", "source", "url", "note")


@dataclass(frozen=True)
class Fact:
    id: str
    value: float | int | str
    display: str
    as_of: date | None
    source: str
    url: str = ""
    note: str = ""
    until: date | None = None  # the last day the figure holds, when its source says so

    def lapsed(self, today: date) -> bool:
        return self.until is not None and today > self.until

    def get(self, field: str = "display") -> str:
        if field == "display":
            return self.display
        if field == "value":
            return str(self.value)
        if field == "as_of":
            return short_date_fr(self.as_of) if self.as_of else ""
        if field == "year":
            # « en 2024 », « chiffre de 2023 »: the date a figure was measured, read as a year.
            return str(self.as_of.year) if self.as_of else ""
        return str(getattr(self, field))


def load_facts(path: Path) -> tuple[dict[str, Fact], list[Problem]]:
    problems: list[Problem] = []
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        return {}, [Problem(path, line, f"facts file is not valid TOML: {exc}")]
    facts: dict[str, Fact] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for fact_id, table in data.items():
        line = _line_of(lines, fact_id)
        if not isinstance(table, dict):
            problems.append(Problem(path, line, f"fact {fact_id!r} must be a table [{fact_id}]"))
            continue
        unknown = set(table) - {"value", "display", "as_of", "until", "source", "url", "note"}
        if unknown:
            problems.append(
                Problem(path, line, f"fact {fact_id!r}: unknown keys {', '.join(sorted(unknown))}")
            )
        if "value" not in table:
            problems.append(Problem(path, line, f"fact {fact_id!r}: missing 'value'"))
            continue
        value = table["value"]
        if not isinstance(value, int | float | str) or isinstance(value, bool):
            problems.append(Problem(path, line, f"fact {fact_id!r}: 'value' must be a number or a string"))
            continue
        as_of = table.get("as_of")
        if isinstance(as_of, datetime):
            as_of = as_of.date()
        if not isinstance(as_of, date):
            problems.append(
                Problem(path, line, f"fact {fact_id!r}: 'as_of' must be a TOML date (2026-01-01)")
            )
            as_of = None
        source = table.get("source")
        if not isinstance(source, str) or not source.strip():
            problems.append(Problem(path, line, f"fact {fact_id!r}: missing 'source'"))
            source = ""
        display = table.get("display")
        if display is None:
            display = value if isinstance(value, str) else _default_display(value)
        if _FIRST_WITHOUT_ER.search(str(display)):
            problems.append(Problem(path, line, f"fact {fact_id!r}: write « 1er » for the first of a month"))
        until = table.get("until")
        if isinstance(until, datetime):
            until = until.date()
        if until is not None and not isinstance(until, date):
            problems.append(
                Problem(path, line, f"fact {fact_id!r}: 'until' must be a TOML date (2026-12-31)")
            )
            until = None
        elif until is not None and as_of is not None and until < as_of:
            problems.append(Problem(path, line, f"fact {fact_id!r}: 'until' is before 'as_of'"))
        facts[fact_id] = Fact(
            fact_id,
            value,
            str(display),
            as_of,
            source,
            str(table.get("url", "")),
            str(table.get("note", "")),
            until,
        )
    return facts, problems


def _default_display(value: float | int) -> str:
    text = f"{value:,}".replace(",", "\u202f").replace(".", ",")
    return text


def _line_of(lines: list[str], fact_id: str) -> int:
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped in (f"[{fact_id}]", f'["{fact_id}"]'):
            return number
    return 1


def parse_reference(text: str) -> tuple[str, str] | None:
    """'micro_plafond.as_of' → ('micro_plafond', 'as_of'); None when it is not a fact reference."""
    ref = text.strip()
    fact_id, _, field = ref.partition(".")
    field = field or "display"
    if not fact_id or not all(c.isalnum() or c in "_-" for c in fact_id) or field not in FIELDS:
        return None
    return fact_id, field


def stale_facts(facts: dict[str, Fact], today: date) -> list[Fact]:
    """The facts whose stated period is over, oldest first: to check against their source again."""
    return sorted((f for f in facts.values() if f.lapsed(today)), key=lambda f: (f.until, f.id))
