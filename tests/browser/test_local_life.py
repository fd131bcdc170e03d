"""Local life in real Chromium: a coordination's page, an in-person workshop, the workshop form with its
format and coordination, the roll call and the filtered programme reflow at 320 px with no serious axe
violation. Uses the demo data (`entraide demo`): Nadia runs the Toulouse coordination."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot


def fits_and_passes_axe(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    assert axe_violations(page) == [], path


def test_a_visitor_reads_a_coordination_s_page_and_its_next_meeting(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    fits_and_passes_axe(page, "/coordinations/toulouse")
    screenshot(page, "coordination-visiteuse-320px")
    expect(page.get_by_role("heading", name="Prochaines rencontres et ateliers")).to_be_visible()
    expect(page.locator("#contenu").get_by_role("link", name="Adhérer")).to_be_visible()
    page.get_by_role("link", name="Rencontre mensuelle — Coordination de Toulouse").first.click()
    expect(page.get_by_text("En présentiel").first).to_be_visible()
    screenshot(page, "rencontre-mensuelle-320px")


def test_the_coordinatrice_s_local_pages_reflow_at_320_px_with_no_serious_axe_violation(page: Page):
    login_as(page, "coordinatrice@entraide.test")
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/coordinations/toulouse",
        "/ateliers?format=in_person&coordination=toulouse",
        "/ateliers?vue=calendrier&format=in_person",
        "/ateliers/proposer",
    ):
        fits_and_passes_axe(page, path)
    screenshot(page, "proposer-atelier-presentiel-320px")
    page.goto("/coordinations/toulouse")
    screenshot(page, "coordination-coordinatrice-320px")
    page.goto("/ateliers/mes-ateliers")
    page.get_by_role("link", name="Faire l'appel").first.click()
    expect(page.get_by_role("heading", name="Faire l'appel")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Les présences sont enregistrées.")).to_be_visible()
    screenshot(page, "appel-320px")
