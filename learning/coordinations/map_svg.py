"""A map of France drawn on the server as SVG: no tile server, nothing fetched, readable on a phone.

Metropolitan France comes from the simplified outlines of the départements (data/, NOTICE.md), projected
equirectangularly with longitudes scaled by cos(46.5°) — close enough to conformal at France's latitudes.
The overseas départements have no outline in the open data: each is drawn in a small inset box (not to
scale) as the union of its communes' discs (a disc of each commune's area at its centre), which gives a
recognisable island shape. The base map is computed once per process; the page adds one dot per
coordination and, when there is one, the commune searched.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

DATA = Path(__file__).parent / "data"
COS_LAT = math.cos(math.radians(46.5))
WIDTH, HEIGHT = 600, 510
# Metropolitan France fills the right-hand side; the overseas insets stand in a column on the left.
METRO_BOX = (112.0, 6.0, 482.0, 498.0)  # x, y, width, height
INSETS = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}
INSET_SIZE, INSET_GAP, INSET_LABEL = 96.0, 6.0, 14.0
# Discs of a commune's exact area leave gaps between neighbours: a little larger, they merge into land.
DISC_OVERLAP = 1.3
SIMPLIFY = 0.8  # map units (a map unit is about 2 km): finer detail does not show at phone size


@dataclass(frozen=True)
class Dot:
    """A coordination on the map."""

    name: str
    href: str
    lat: float
    lon: float
    departement: str


@dataclass(frozen=True)
class Transform:
    """From (lat, lon) to map units: x = (lon·k − x0)·scale + dx, y = (y0 − lat)·scale + dy."""

    k: float
    x0: float
    y0: float
    scale: float
    dx: float
    dy: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon * self.k - self.x0) * self.scale + self.dx, (self.y0 - lat) * self.scale + self.dy)


@dataclass(frozen=True)
class BaseMap:
    metro: Transform
    insets: dict[str, Transform]
    svg: str  # the outlines, inset boxes and labels, ready to embed


def _fit(
    points: Sequence[tuple[float, float]], k: float, box: tuple[float, float, float, float]
) -> Transform:
    """The transform that fits `points` (lat, lon) into `box`, centred, keeping proportions."""
    xs = [lon * k for _, lon in points]
    ys = [lat for lat, _ in points]
    x, y, w, h = box
    scale = min(w / (max(xs) - min(xs)), h / (max(ys) - min(ys)))
    dx = x + (w - (max(xs) - min(xs)) * scale) / 2
    dy = y + (h - (max(ys) - min(ys)) * scale) / 2
    return Transform(k, min(xs), max(ys), scale, dx, dy)


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on a closed ring (iterative: rings have up to a few hundred points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring_path(ring: list[tuple[float, float]]) -> str:
    """A closed ring as relative moves in whole map units (short: most steps are one or two digits)."""
    rounded: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3:
        return ""
    parts = [f"M{rounded[0][0]} {rounded[0][1]}"]
    for (px, py), (x, y) in zip(rounded, rounded[1:], strict=False):
        parts.append(f"l{x - px} {y - py}".replace(" -", "-"))
    return "".join(parts) + "z"


def _metro_rings() -> list[list[tuple[float, float]]]:
    """Every outer and inner ring of the départements, as (lat, lon) lists."""
    with (DATA / "departements-simplifies.geojson").open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    rings = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                rings.append([(float(lat), float(lon)) for lon, lat in ring])
    return rings


def _overseas_communes() -> dict[str, list[tuple[float, float, float]]]:
    """Per overseas département, its communes as (lat, lon, radius in km of a disc of their area)."""
    found: dict[str, dict[str, tuple[float, float, float]]] = {code: {} for code in INSETS}
    with (DATA / "communes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["dep"] in found and row["lat"] and row["type"] == "COM":
                # Mayotte's communes have no area in the data: 374 km² shared by its 17 communes.
                area = float(row["superficie_km2"] or 22)
                found[row["dep"]][row["insee"]] = (
                    float(row["lat"]),
                    float(row["lng"]),
                    DISC_OVERLAP * math.sqrt(area / math.pi),
                )
    return {code: list(communes.values()) for code, communes in found.items()}


@cache
def base_map() -> BaseMap:
    rings = _metro_rings()
    metro = _fit([p for ring in rings for p in ring], COS_LAT, METRO_BOX)
    paths = (_ring_path(_simplify([metro(lat, lon) for lat, lon in ring], SIMPLIFY)) for ring in rings)
    parts = [f'<path class="carte-terre" d="{"".join(paths)}"/>']
    insets: dict[str, Transform] = {}
    for index, (code, communes) in enumerate(_overseas_communes().items()):
        top = 6 + index * (INSET_SIZE + INSET_GAP)
        box = (6.0, top, INSET_SIZE, INSET_SIZE)
        # Each commune's disc must fit: widen the bounds by the largest radius (km → degrees of latitude).
        margin = max(r for _, _, r in communes) / 111
        k = math.cos(math.radians(sum(lat for lat, _, _ in communes) / len(communes)))
        bounds = [(lat + s * margin, lon + s * margin / k) for lat, lon, _ in communes for s in (-1, 1)]
        inner = (box[0] + 4, top + INSET_LABEL + 2, INSET_SIZE - 8, INSET_SIZE - INSET_LABEL - 6)
        transform = _fit(bounds, k, inner)
        insets[code] = transform
        discs = "".join(
            f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{max(r / 111 * transform.scale, 1.5):.1f}"/>'
            for lat, lon, r in communes
            for x, y in [transform(lat, lon)]
        )
        parts.append(
            f'<rect class="carte-encart" x="{box[0]:.0f}" y="{top:.0f}" width="{INSET_SIZE:.0f}" '
            f'height="{INSET_SIZE:.0f}" rx="4"/>'
            f'<text class="carte-nom" x="{box[0] + INSET_SIZE / 2:.0f}" y="{top + 12:.0f}">{INSETS[code]}</text>'
            f'<g class="carte-dom">{discs}</g>'
        )
    return BaseMap(metro=metro, insets=insets, svg="".join(parts))


def position(lat: float, lon: float, departement: str) -> tuple[float, float] | None:
    """Where a place falls on the map: in its inset overseas, None for a territory the map does not show."""
    base = base_map()
    if departement in base.insets:
        return base.insets[departement](lat, lon)
    if len(departement) == 3:  # an overseas collectivity without an inset
        return None
    return base.metro(lat, lon)


def render(
    dots: Sequence[Dot], *, label: str, highlight: Dot | None = None, title_id: str = "carte"
) -> Markup:
    """The map as inline SVG: an image named `label` (role="img"), and over it, the same size, a layer of
    links on the dots for a pointer. Links cannot live inside role="img" (its content is not exposed): the
    layer is hidden from assistive technologies and out of the tab order, because the text list beside the
    map holds the same links for everyone."""
    view = f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg"'
    image = [
        f'<svg class="carte" {view} role="img" aria-labelledby="{title_id}-titre">'
        f'<title id="{title_id}-titre">{escape(label)}</title>',
        base_map().svg,
    ]
    links = [f'<svg class="carte-liens" {view} aria-hidden="true" focusable="false">']
    for dot in dots:
        at = position(dot.lat, dot.lon, dot.departement)
        if at is None:
            continue
        x, y = f"{at[0]:.1f}", f"{at[1]:.1f}"
        image.append(f'<circle class="carte-point" cx="{x}" cy="{y}" r="5"/>')
        links.append(
            f'<a href="{escape(dot.href)}" tabindex="-1"><circle cx="{x}" cy="{y}" r="8">'
            f"<title>{escape(dot.name)}</title></circle></a>"
        )
    if highlight is not None and (at := position(highlight.lat, highlight.lon, highlight.departement)):
        x0, y0 = at
        image.append(
            f'<path class="carte-ici" d="M{x0:.1f} {y0 - 9:.1f}l3 6 6 1-4.5 4.5 1 6.5-5.5-3-5.5 3 1-6.5'
            f'-4.5-4.5 6-1z"><title>{escape(highlight.name)}</title></path>'
        )
    image.append("</svg>")
    links.append("</svg>")
    return Markup(f'<div class="carte-cadre">{"".join(image)}{"".join(links)}</div>')
