"""Les ateliers in real Chromium: a member finds a workshop and registers with the keyboard alone; the list,
the month calendar, a workshop page and the intervenante's pages reflow at 320 px with no serious axe
violation. Uses the demo data (`entraide demo`): 23 workshops over a month."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot


def fits_and_passes_axe(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    assert axe_violations(page) == [], path


def test_a_member_registers_and_cancels_with_the_keyboard_alone(page: Page):
    login_as(page, "julie@entraide.test")
    page.goto("/ateliers?vue=liste")
    # Tab to the first workshop that still has places, open it with Enter.
    card = page.locator(".workshop-card", has_text=re.compile(r"places? restantes?")).first
    title = card.get_by_role("link").first
    title.focus()
    name = title.inner_text()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("button", name="M'inscrire").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("C'est noté : vous êtes inscrite.")).to_be_visible()
    screenshot(page, "atelier-inscrite")
    page.get_by_role("button", name="Me désinscrire").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre désinscription est enregistrée.")).to_be_visible()
    expect(page.get_by_role("button", name="M'inscrire")).to_be_visible()


def test_workshop_pages_reflow_at_320_px_with_no_serious_axe_violation(page: Page):
    login_as(page, "amina@entraide.test")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/ateliers?vue=liste")
    first = page.locator(".workshop-title a").first.get_attribute("href")
    assert first is not None, "no workshop in the list"
    for path in (
        "/ateliers",
        "/ateliers?vue=liste",
        "/ateliers?vue=calendrier",
        first,
        "/ateliers/mes-ateliers",
    ):
        fits_and_passes_axe(page, path)
    page.goto("/ateliers?vue=calendrier")
    screenshot(page, "ateliers-calendrier-320px")


def test_the_intervenante_s_pages_reflow_at_320_px_with_no_serious_axe_violation(page: Page):
    login_as(page, "intervenante@entraide.test")
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/ateliers/proposer", "/ateliers/mes-ateliers"):
        fits_and_passes_axe(page, path)
    page.goto("/ateliers/mes-ateliers")
    screenshot(page, "ateliers-intervenante-320px")
