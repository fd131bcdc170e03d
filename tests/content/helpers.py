"""What the content tests share: the module folders, and reading lessons and calculator results as a
reader sees them."""

from __future__ import annotations

from typing import Any

from courses.calculators import KINDS, Result

from .conftest import COURSE_DIR

MODULE_DIRS = [
    "00-bienvenue",
    "01-projet-modele-economique",
    "02-statut-juridique",
    "03-aides-creation",
    "04-previsionnel-financier",
    "05-trouver-financements",
    "06-convaincre-financeurs",
    "07-demarrer-piloter",
    "08-dossier-final",
]


def norm(text: str) -> str:
    """Spaces as a reader sees them: no-break and narrow no-break spaces become plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def fr(value: float, decimals: int = 0) -> str:
    """A French number as the lessons write it: 13 700 ; 303,5 ; 377,42."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text


def source(path: str) -> str:
    return norm((COURSE_DIR / path).read_text(encoding="utf-8"))


def run(kind: str, base: dict[str, Any] | None = None, **overrides: Any) -> Result:
    parsed, result = KINDS[kind].run(overrides, base)
    assert result is not None, parsed.errors
    return result


def row(result: Result, label_start: str) -> tuple[float | None, ...]:
    for table in result.tables:
        for label, values in table.rows:
            if label.startswith(label_start):
                return values
    raise KeyError(label_start)
