"""The map of France drawn on the server: small, scalable to a phone's width, named for assistive
technologies, every coordination on it (overseas in their insets), the searched commune marked."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

from learning.coordinations import map_svg

SVG = "{http://www.w3.org/2000/svg}"
DOTS = [
    map_svg.Dot("Coordination de Toulouse", "/coordinations/toulouse", 43.6045, 1.444, "31"),
    map_svg.Dot("Coordination de Corte", "/coordinations/corte", 42.306, 9.150, "2B"),
    map_svg.Dot("Coordination de Honfleur", "/coordinations/honfleur", 49.419, 0.233, "14"),
    map_svg.Dot("Coordination de Capesterre", "/coordinations/capesterre", 16.043, -61.564, "971"),
    map_svg.Dot("Coordination du Lorrain", "/coordinations/le-lorrain", 14.829, -61.058, "972"),
    map_svg.Dot("Coordination de Kourou", "/coordinations/kourou", 5.160, -52.650, "973"),
    map_svg.Dot("Coordination de Cilaos", "/coordinations/cilaos", -21.134, 55.471, "974"),
    map_svg.Dot("Coordination de Sada", "/coordinations/sada", -12.864, 45.113, "976"),
]


def _parts(markup: str) -> tuple[ET.Element, ET.Element]:
    """The map image and its layer of links."""
    frame = ET.fromstring(markup)
    assert frame.tag == "div" and frame.attrib["class"] == "carte-cadre"
    image, links = frame
    return image, links


def _links(layer: ET.Element) -> dict[str, tuple[float, float]]:
    found = {}
    for link in layer.iter(f"{SVG}a"):
        circle = link.find(f"{SVG}circle")
        assert circle is not None
        found[link.attrib["href"]] = (float(circle.attrib["cx"]), float(circle.attrib["cy"]))
    return found


def test_every_coordination_is_a_named_link_where_it_lies() -> None:
    svg = map_svg.render(
        DOTS, label="Carte du réseau", highlight=map_svg.Dot("Votre commune : Brest", "", 48.39, -4.49, "29")
    )
    image, layer = _parts(str(svg))
    assert image.attrib["role"] == "img" and image.attrib["width"] == "100%"
    assert image.attrib["viewBox"] == layer.attrib["viewBox"] == f"0 0 {map_svg.WIDTH} {map_svg.HEIGHT}"
    title = image.find(f"{SVG}title")
    assert title is not None and title.text == "Carte du réseau"
    assert image.attrib["aria-labelledby"] == title.attrib["id"]
    assert not list(image.iter(f"{SVG}a"))  # links inside role="img" would be lost to screen readers
    # The layer of links over the map: for a pointer only, the text list beside the map has them for all.
    assert layer.attrib["aria-hidden"] == "true"
    assert all(link.attrib["tabindex"] == "-1" for link in layer.iter(f"{SVG}a"))
    dots = _links(layer)
    assert set(dots) == {d.href for d in DOTS}
    drawn = {
        (float(c.attrib["cx"]), float(c.attrib["cy"]))
        for c in image.iter(f"{SVG}circle")
        if c.get("class") == "carte-point"
    }
    assert drawn == set(dots.values())
    names = {t.text for t in layer.iter(f"{SVG}title")} | {t.text for t in image.iter(f"{SVG}title")}
    assert {d.name for d in DOTS} | {"Votre commune : Brest"} <= names
    # North is up, west is left: Honfleur above Toulouse, Corsica to the east and south of both.
    (tx, ty), (hx, hy), (cx, cy) = (dots[f"/coordinations/{s}"] for s in ("toulouse", "honfleur", "corte"))
    assert hy < ty < cy and hx < tx < cx
    # Overseas dots fall inside their inset box, metropolitan ones on the right of the insets.
    boxes = [
        (float(r.attrib["x"]), float(r.attrib["y"]), float(r.attrib["width"]), float(r.attrib["height"]))
        for r in image.iter(f"{SVG}rect")
    ]
    assert len(boxes) == 5
    labels = [t.text for t in image.iter(f"{SVG}text")]
    assert labels == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    for box, slug in zip(boxes, ("capesterre", "le-lorrain", "kourou", "cilaos", "sada"), strict=True):
        x, y = dots[f"/coordinations/{slug}"]
        assert box[0] <= x <= box[0] + box[2] and box[1] <= y <= box[1] + box[3], slug
    assert min(tx, hx, cx) > boxes[0][0] + boxes[0][2]
    # Every coordinate fits the view box.
    for x, y in dots.values():
        assert 0 <= x <= map_svg.WIDTH and 0 <= y <= map_svg.HEIGHT


def test_names_are_escaped_and_places_off_the_map_are_left_out() -> None:
    svg = str(
        map_svg.render(
            [
                map_svg.Dot("<b>Coordination & Cie</b>", "/coordinations/x?a=1&b=2", 45.0, 4.0, "69"),
                map_svg.Dot("Saint-Pierre", "/coordinations/spm", 46.78, -56.17, "975"),
            ],
            label="Carte « test » & co",
        )
    )
    _parts(svg)  # well-formed
    assert "&lt;b&gt;Coordination &amp; Cie&lt;/b&gt;" in svg and "<b>" not in svg
    assert "/coordinations/spm" not in svg


def test_the_base_map_is_small_and_computed_once() -> None:
    map_svg.base_map.cache_clear()
    start = time.perf_counter()
    first = map_svg.base_map()
    built = time.perf_counter() - start
    start = time.perf_counter()
    assert map_svg.base_map() is first
    assert time.perf_counter() - start < 0.001 < built
    assert len(first.svg) < 40_000  # bytes of outlines, on every page view
    coordinates = re.findall(r"-?\d+(?:\.\d+)?", first.svg.split('d="', 1)[1].split('"', 1)[0])
    assert all("." not in c for c in coordinates)  # whole map units
    assert len(str(map_svg.render(DOTS * 50, label="x"))) < 40_000 + 400 * 200
