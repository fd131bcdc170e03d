"""Volunteering, the national view and the reports in real Chromium: usable at 360 px, no serious axe
violation, and the report prints without the site's navigation."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot


def _check(page: Page, path: str, name: str) -> None:
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert axe_violations(page) == [], path
    screenshot(page, name)


def test_volunteering_at_360_px(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    _check(page, "/benevolat", "benevolat-visiteuse-360px")
    login_as(page, "amina@entraide.test")
    _check(page, "/benevolat", "benevolat-formulaire-360px")
    page.get_by_label("Ma commune").fill("35000")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("Dites-nous quand vous êtes disponible")
    expect(alert).to_contain_text("Cochez au moins une façon")
    assert axe_violations(page) == []


def test_admin_pages_at_360_px_and_the_report_prints_without_navigation(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    login_as(page, "admin@entraide.test")
    _check(page, "/admin/benevoles", "admin-benevoles-360px")
    _check(page, "/admin/reseau", "admin-reseau-360px")
    _check(page, "/admin/bilan", "admin-bilan-360px")
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
    expect(page.get_by_role("heading", name="Bilan d'activité — tout le réseau")).to_be_visible()
