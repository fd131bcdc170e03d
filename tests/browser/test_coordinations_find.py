"""« Trouver ma coordination » on a phone: a postal code typed at 360 px, the nearest coordinations, the map
of France within the screen's width, the commune picked among several, and no serious axe violation."""

from __future__ import annotations

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser_support import axe_violations, login_as, screenshot

PHONE: ViewportSize = {"width": 360, "height": 740}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a 360px viewport"
    box = page.locator("svg.carte").bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] > 200  # drawn, not collapsed


def test_a_postal_code_finds_the_nearest_coordinations_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/coordinations")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Code postal ou commune").fill("31000")
    page.get_by_label("Code postal ou commune").press("Enter")
    expect(page.get_by_role("heading", name="Les coordinations près de Toulouse")).to_be_visible()
    first = page.locator(".coordinations-proches li").first
    expect(first).to_contain_text("Coordination de Toulouse")
    expect(first).to_contain_text("à moins de 30 min")
    expect(page.get_by_text("Temps estimé : distance à vol d'oiseau × 1,3, à 60 km/h")).to_be_visible()
    # The map is an image with a name; the same coordinations are a list of links.
    expect(page.get_by_role("img", name="Carte des 40 coordinations du réseau")).to_be_visible()
    expect(page.locator(".liste-coordinations a")).to_have_count(40)
    expect(page.locator("svg.carte-liens a")).to_have_count(40)
    _fits(page)
    assert axe_violations(page) == []
    screenshot(page, "trouver-ma-coordination-360px")


def test_she_picks_her_commune_then_is_invited_to_start_one_far_from_all(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/coordinations?q=29200")  # Brest: no coordination within 30 minutes
    expect(page.get_by_role("heading", name="Et si vous lanciez la vôtre ?")).to_be_visible()
    expect(page.get_by_role("link", name="Devenir bénévole").first).to_have_attribute("href", "/benevolat")
    _fits(page)
    page.get_by_label("Code postal ou commune").fill("01400")
    page.get_by_role("button", name="Rechercher").click()
    expect(
        page.get_by_role("heading", name="Plusieurs communes correspondent : laquelle est la vôtre ?")
    ).to_be_visible()
    page.get_by_role("link", name="Châtillon-sur-Chalaronne").click()
    expect(
        page.get_by_role("heading", name="Les coordinations près de Châtillon-sur-Chalaronne")
    ).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []


def test_the_editing_pages_reflow_on_a_phone_without_serious_axe_violation(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login_as(page, "coordinatrice@entraide.test")  # Nadia runs Toulouse's coordination
    page.goto("/coordinations/toulouse/modifier")
    expect(page.get_by_label("Lieu de rencontre habituel")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.get_by_label("Adresse de contact").fill("pas une adresse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("ne semble pas valide")
    assert axe_violations(page) == []
    page.context.clear_cookies()
    login_as(page, "admin@entraide.test")
    for path in (
        "/admin/coordinations",
        "/admin/coordinations/nouvelle",
        "/admin/coordinations/figeac/supprimer",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto("/admin/coordinations/nouvelle")
    page.get_by_label("Nom de la coordination").fill("Coordination de Nantua")
    page.get_by_label("Commune siège").fill("01130")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("choisissez la commune siège")
    page.get_by_label("Nantua").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La coordination est créée.")).to_be_visible()
    expect(page.get_by_role("link", name="Coordination de Nantua", exact=True)).to_have_attribute(
        "href", "/coordinations/nantua"
    )
