"""Charts drawn on the server as SVG, where a learner would rather look than read: the cash plan's month-end
balance, the break-even point, a loan's remaining capital.

Pure (a calculator's result in, SVG text out), so that the page shows them without JavaScript and the dossier
PDF can draw the same. Each chart carries its text alternative (SVG <title> and <desc>, and the caption the page
shows); the calculator's table beside it keeps every number. Colours are attributes, not CSS classes, so the SVG
reads the same inside the PDF; they keep 4.5:1 against white.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

from .calculators.base import Result, money

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 16, 16, 36
INK, GRID, GOOD, BAD, ACCENT = "#333333", "#d0d0d0", "#1d6b50", "#b3261e", "#1f4e99"
_ids = count(1)


@dataclass(frozen=True)
class Chart:
    title: str
    description: str  # the text alternative: what the picture says, in words
    svg: str


def charts_for(kind: str, result: Result | None) -> list[Chart]:
    if result is None:
        return []
    draw = _DRAWERS.get(kind)
    chart = draw(result) if draw else None
    return [chart] if chart else []


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _scale(low: float, high: float) -> tuple[float, float, list[float]]:
    """A y range holding zero and every value, on round ticks."""
    low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        high = low + 1
    step = _nice_step(high - low)
    start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [start + i * step for i in range(int(round((end - start) / step)) + 1)]
    return start, end, ticks


class _Canvas:
    def __init__(self, title: str, description: str, y_low: float, y_high: float, x_count: int) -> None:
        self.title, self.description = title, description
        self.y0, self.y1, self.ticks = _scale(y_low, y_high)
        self.x_count = max(x_count, 1)
        self.parts: list[str] = []
        self.plot_w = WIDTH - LEFT - RIGHT
        self.plot_h = HEIGHT - TOP - BOTTOM

    def y(self, value: float) -> float:
        return TOP + self.plot_h * (self.y1 - value) / (self.y1 - self.y0)

    def x_band(self, index: int) -> tuple[float, float]:
        band = self.plot_w / self.x_count
        return LEFT + index * band, band

    def axes(self, labels: Sequence[str]) -> None:
        for tick in self.ticks:
            y = self.y(tick)
            colour = INK if tick == 0 else GRID
            self.parts.append(
                f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{colour}"/>'
            )
            self.text(LEFT - 6, y + 4, money(tick), anchor="end")
        for i, label in enumerate(labels):
            left, band = self.x_band(i)
            self.text(left + band / 2, HEIGHT - BOTTOM + 16, label, anchor="middle")

    def text(self, x: float, y: float, words: str, *, anchor: str = "start", colour: str = INK) -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" font-family="sans-serif" fill="{colour}" '
            f'text-anchor="{anchor}">{escape(words)}</text>'
        )

    def render(self) -> Chart:
        n = next(_ids)
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
            f'role="img" aria-labelledby="chart-{n}-t chart-{n}-d" class="calc-chart-svg">'
            f'<title id="chart-{n}-t">{escape(self.title)}</title><desc id="chart-{n}-d">{escape(self.description)}</desc>'
            + "".join(self.parts)
            + "</svg>"
        )
        return Chart(self.title, self.description, svg)


def _row(result: Result, label: str) -> list[float]:
    for table in result.tables:
        for name, values in table.rows:
            if name == label:
                return [v or 0.0 for v in values]
    return []


def _bars(title: str, description: str, labels: Sequence[str], values: Sequence[float]) -> Chart:
    canvas = _Canvas(title, description, min(values), max(values), len(values))
    canvas.axes(labels)
    zero = canvas.y(0)
    for i, value in enumerate(values):
        left, band = canvas.x_band(i)
        top, bottom = sorted((canvas.y(value), zero))
        colour = GOOD if value >= 0 else BAD
        canvas.parts.append(
            f'<rect x="{left + band * 0.18:.1f}" y="{top:.1f}" width="{band * 0.64:.1f}" '
            f'height="{max(bottom - top, 0.5):.1f}" fill="{colour}"/>'
        )
    return canvas.render()


def cash_plan(result: Result) -> Chart | None:
    closing = _row(result, "Trésorerie en fin de mois")
    if not closing:
        return None
    low = min(range(len(closing)), key=closing.__getitem__)
    state = "reste positive tout au long de l'année" if closing[low] >= 0 else "passe sous zéro"
    description = (
        f"Trésorerie en fin de mois, du mois 1 au mois {len(closing)} : elle {state} ; au plus bas "
        f"{money(closing[low])} au mois {low + 1}, {money(closing[-1])} à la fin du mois {len(closing)}."
    )
    return _bars(
        "Trésorerie en fin de mois", description, [f"M{i}" for i in range(1, len(closing) + 1)], closing
    )


def break_even(result: Result) -> Chart | None:
    try:
        rate, threshold, mcv = result.value("taux_mcv"), result.value("seuil"), result.value("mcv")
    except KeyError:
        return None
    if not rate or rate <= 0 or threshold is None:
        return None
    turnover = mcv / rate
    fixed = threshold * rate
    top = max(turnover, threshold) * 1.25
    canvas = _Canvas("Seuil de rentabilité", "", 0.0, top, 1)
    canvas.ticks = [t for t in canvas.ticks if t <= canvas.y1]

    def x(value: float) -> float:
        return LEFT + canvas.plot_w * value / canvas.y1

    def line(f: Callable[[float], float], colour: str, dash: str = "") -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        canvas.parts.append(
            f'<line x1="{x(0):.1f}" y1="{canvas.y(f(0)):.1f}" x2="{x(canvas.y1):.1f}" '
            f'y2="{canvas.y(f(canvas.y1)):.1f}" stroke="{colour}" stroke-width="2.5"{extra}/>'
        )

    for tick in canvas.ticks:
        y = canvas.y(tick)
        canvas.parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        canvas.text(LEFT - 6, y + 4, money(tick), anchor="end")
        last = tick == canvas.ticks[-1]
        canvas.text(x(tick), HEIGHT - BOTTOM + 16, money(tick), anchor="end" if last else "middle")
    line(lambda ca: ca, GOOD)
    line(lambda ca: fixed + (1 - rate) * ca, BAD, "6 4")
    sx = x(threshold)
    canvas.parts.append(
        f'<line x1="{sx:.1f}" y1="{TOP}" x2="{sx:.1f}" y2="{HEIGHT - BOTTOM}" stroke="{INK}" stroke-dasharray="2 3"/>'
    )
    canvas.parts.append(
        f'<circle cx="{x(turnover):.1f}" cy="{canvas.y(turnover):.1f}" r="5" fill="{ACCENT}"/>'
    )
    canvas.text(sx + 6, TOP + 12, f"Seuil : {money(threshold)}")
    canvas.text(LEFT + 8, TOP + 28, "— Chiffre d'affaires", colour=GOOD)
    canvas.text(LEFT + 8, TOP + 44, "- - Charges totales", colour=BAD)
    margin = turnover - threshold
    where = (
        f"au-dessus du seuil de {money(margin)}"
        if margin >= 0
        else f"en dessous du seuil de {money(-margin)}"
    )
    canvas.description = (
        f"La droite du chiffre d'affaires croise celle des charges totales au seuil de rentabilité, "
        f"{money(threshold)}. Votre chiffre d'affaires, {money(turnover)} (le point), est {where}."
    )
    return canvas.render()


def loan(result: Result) -> Chart | None:
    left = _row(result, "Capital restant dû en fin d'année")
    repaid = _row(result, "dont capital remboursé")
    if not left or not repaid:
        return None
    borrowed = left[0] + repaid[0]
    description = (
        f"Capital restant dû en fin d'année : de {money(borrowed)} empruntés, il reste {money(left[0])} à la fin "
        f"de l'année 1 et {money(left[-1])} à la fin de l'année {len(left)}."
    )
    return _bars("Capital restant dû", description, [f"Année {i}" for i in range(1, len(left) + 1)], left)


_DRAWERS: dict[str, Callable[[Result], Chart | None]] = {
    "plan_tresorerie": cash_plan,
    "seuil_rentabilite": break_even,
    "mensualite_pret": loan,
}
