"""Shared vocabulary of the calculators: declared inputs, parsing of French numbers, results.

Rates are entered in percent (« 21,2 » means 21,2 %) and handed to ``compute`` as fractions,
because the formulas in docs/course-reference.md section 5 are written with fractions.
Output rates are fractions too; only the display multiplies by 100.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Input types. "series" is a fixed-length list of amounts (one per year or per month).
MONEY = "money"
PERCENT = "percent"
INT = "int"
NUMBER = "number"
BOOL = "bool"
CHOICE = "choice"
SERIES = "series"
INPUT_TYPES = frozenset({MONEY, PERCENT, INT, NUMBER, BOOL, CHOICE, SERIES})


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    default: Any
    unit: str = ""
    min: float | None = 0
    max: float | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, French label)
    length: int = 0  # for SERIES
    help: str = ""
    column_labels: tuple[str, ...] = ()  # for SERIES: « Mois 1 »…

    def __post_init__(self) -> None:
        if self.type not in INPUT_TYPES:
            raise ValueError(f"unknown input type {self.type!r}")
        if self.type == SERIES and (self.length <= 0 or len(self.default) != self.length):
            raise ValueError(f"series {self.name} needs a default of length {self.length}")


@dataclass(frozen=True)
class Output:
    name: str
    label: str
    value: float | int | str | None
    unit: str = "€"  # "€", "%", "jours", "mois", "unités", "" …
    formula: str = ""
    main: bool = False  # the figure the learner came for
    decimals: int | None = None  # None: the unit's convention (euros to the cent, « ,00 » dropped)


@dataclass(frozen=True)
class Table:
    """A small grid: one row per line of a statement, one column per year or month."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[float | None, ...]], ...]
    unit: str = "€"
    strong_rows: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Result:
    outputs: tuple[Output, ...]
    warnings: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()

    def output(self, name: str) -> Output:
        for out in self.outputs:
            if out.name == name:
                return out
        raise KeyError(name)

    def value(self, name: str) -> Any:
        return self.output(name).value

    def to_dict(self) -> dict[str, Any]:
        return {
            "outputs": [
                {
                    "name": o.name,
                    "label": o.label,
                    "value": o.value,
                    "unit": o.unit,
                    "display": format_value(o.value, o.unit, o.decimals),
                    "formula": o.formula,
                    "main": o.main,
                }
                for o in self.outputs
            ],
            "warnings": list(self.warnings),
            "tables": [
                {
                    "title": t.title,
                    "columns": list(t.columns),
                    "rows": [
                        {
                            "label": label,
                            "values": list(values),
                            "display": [format_value(v, t.unit) for v in values],
                            "strong": label in t.strong_rows,
                        }
                        for label, values in t.rows
                    ],
                }
                for t in self.tables
            ],
        }


@dataclass(frozen=True)
class CalculatorKind:
    name: str
    title: str
    inputs: tuple[Field, ...]
    compute: Callable[[Mapping[str, Any]], Result]
    summary: str = ""

    def field(self, name: str) -> Field:
        for f in self.inputs:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.inputs)

    def defaults(self) -> dict[str, Any]:
        """Defaults in *display* form (percent as percent), ready to fill a form."""
        return {f.name: (list(f.default) if f.type == SERIES else f.default) for f in self.inputs}

    def parse(self, raw: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> ParsedInputs:
        """Read display-form values (strings from a form or numbers from JSON).

        Missing keys fall back to ``base`` (the author's defaults) then the kind's defaults. Returns the
        display values (to refill the form) and the values for ``compute`` (percent → fraction).
        """
        display: dict[str, Any] = {}
        errors: dict[str, str] = {}
        fallback = dict(self.defaults())
        if base:
            fallback.update({k: v for k, v in base.items() if k in fallback})
        for f in self.inputs:
            if f.type == SERIES:
                display[f.name] = _parse_series(f, raw, fallback[f.name], errors)
                continue
            value = raw.get(f.name, None)
            if f.type == BOOL:
                # An unchecked checkbox sends nothing: a submitted form says so with "_submitted".
                if value is None and raw.get("_submitted"):
                    value = False
                display[f.name] = fallback[f.name] if value is None else parse_bool(value)
                continue
            if value is None or (isinstance(value, str) and value.strip() == ""):
                display[f.name] = fallback[f.name]
                continue
            try:
                display[f.name] = _parse_scalar(f, value)
            except ValueError as exc:
                errors[f.name] = str(exc)
                display[f.name] = value
        values = {} if errors else {f.name: _to_compute(f, display[f.name]) for f in self.inputs}
        return ParsedInputs(display=display, values=values, errors=errors)

    def run(
        self, raw: Mapping[str, Any], base: Mapping[str, Any] | None = None
    ) -> tuple[ParsedInputs, Result | None]:
        parsed = self.parse(raw, base)
        if parsed.errors:
            return parsed, None
        return parsed, self.compute(parsed.values)


@dataclass
class ParsedInputs:
    display: dict[str, Any]
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


def parse_number(value: Any) -> float:
    """Read a French or plain number: « 1 500,50 », "1500.5", 12, "21,2 %"."""
    if isinstance(value, bool):
        raise ValueError("Nombre attendu.")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        for ch in (" ", "\u00a0", "\u202f", "€", "%"):
            text = text.replace(ch, "")
        text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError("Nombre attendu (par exemple 1 500,50).") from None
    if not math.isfinite(number):
        raise ValueError("Nombre attendu (par exemple 1 500,50).")
    return number


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "on", "oui", "yes", "vrai")


def _parse_scalar(f: Field, value: Any) -> Any:
    if f.type == CHOICE:
        text = str(value).strip()
        allowed = [c[0] for c in f.choices]
        if text not in allowed:
            raise ValueError("Choix inconnu : " + ", ".join(allowed) + ".")
        return text
    number = _precision(f, parse_number(value))
    if f.type == INT:
        if number != int(number):
            raise ValueError("Nombre entier attendu.")
        number = int(number)
    _check_bounds(f, number)
    return number


# Beyond a thousand billion euros nothing here makes sense, and products of larger numbers overflow.
MAX_ABS = 1e12


def _check_bounds(f: Field, number: float) -> None:
    if f.min is not None and number < f.min:
        raise ValueError(f"La valeur doit être au moins {format_plain(f.min)}.")
    if f.max is not None and number > f.max:
        raise ValueError(f"La valeur doit être au plus {format_plain(f.max)}.")
    if abs(number) > MAX_ABS:
        raise ValueError("Cette valeur est trop grande.")


def _precision(f: Field, number: float) -> float:
    """Amounts to the cent, rates to 1/10 000 of a percent: nobody types more, and a 1e-300 € price
    would otherwise turn a ratio into infinity."""
    if f.type in (MONEY, SERIES):
        return round(number, 2) + 0.0
    if f.type in (PERCENT, NUMBER):
        return round(number, 4) + 0.0
    return number


def _parse_series(f: Field, raw: Mapping[str, Any], fallback: Any, errors: dict[str, str]) -> list[Any]:
    whole = raw.get(f.name)
    items: list[Any]
    if isinstance(whole, list | tuple):
        items = list(whole)
    elif isinstance(whole, str) and whole.strip():
        items = [part for part in whole.split(";")]
    else:
        # Form fields are named name_1 … name_n.
        items = [raw.get(f"{f.name}_{i + 1}") for i in range(f.length)]
    fallback = list(fallback)
    if len(items) > f.length:
        errors[f.name] = f"Au plus {f.length} valeurs."
        return items
    items = items + [None] * (f.length - len(items))
    out: list[Any] = []
    for i, item in enumerate(items):
        if item is None or (isinstance(item, str) and item.strip() == ""):
            out.append(fallback[i] if i < len(fallback) else 0)
            continue
        try:
            number = _precision(f, parse_number(item))
            _check_bounds(f, number)
            out.append(number)
        except ValueError as exc:
            errors[f.name] = f"Valeur {i + 1} : {exc}"
            out.append(item)
    return out


def _to_compute(f: Field, value: Any) -> Any:
    if f.type == PERCENT:
        return float(value) / 100
    if f.type == SERIES:
        return tuple(float(v) for v in value)
    if f.type in (MONEY, NUMBER):
        return float(value)
    return value


def format_plain(number: float, decimals: int = 2) -> str:
    """French number: narrow no-break space for thousands, comma for decimals, no trailing zeros."""
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def money(value: float, decimals: int | None = None) -> str:
    """To the cent, rounded half up as a till does (« 5,17 € », « 2,50 € »); whole amounts without « ,00 »."""
    cents = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    places = 2 if decimals is None else decimals
    if decimals is None and cents == cents.to_integral_value():
        places = 0
    text = f"{cents:,.{places}f}"
    return text.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def format_value(value: Any, unit: str, decimals: int | None = None) -> str:
    """What the learner reads: amounts to the cent, rates in percent (section 5 conventions)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "€":
        return money(value, decimals)
    if unit == "%":
        return format_plain(value * 100, 1 if decimals is None else decimals) + "\u00a0%"
    if unit:
        return format_plain(value, 1 if decimals is None else decimals) + "\u00a0" + unit
    return format_plain(value, 2 if decimals is None else decimals)


def months(n: int) -> tuple[str, ...]:
    return tuple(f"Mois {i}" for i in range(1, n + 1))


def years(n: int) -> tuple[str, ...]:
    return tuple(f"Année {i}" for i in range(1, n + 1))
