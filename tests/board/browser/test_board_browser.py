"""Coup de pouce in real Chromium: keyboard posting with the instant preview, reflow at 320 px, axe checks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot

pytestmark = pytest.mark.browser


def test_post_a_need_with_the_keyboard_and_the_instant_preview(page: Page):
    login_as(page, "julie@entraide.test")
    page.goto("/coup-de-pouce")
    page.get_by_role("link", name="Demander un coup de pouce").first.click()
    page.get_by_label("Question").check()
    page.get_by_label("Titre").fill("Quel logiciel de facturation pour une graphiste ?")
    page.get_by_label("Votre message").fill("J'hésite entre **trois** outils.")
    page.get_by_role("button", name="Aperçu").click()
    # The script shows the server's rendering in place: the page did not reload, the text is still there.
    expect(page.locator("[data-preview-target] strong")).to_have_text("trois")
    expect(page.get_by_label("Votre message")).to_have_value("J'hésite entre **trois** outils.")
    page.get_by_label("Outils numériques").check()
    page.get_by_role("button", name="Publier").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Quel logiciel de facturation pour une graphiste ?")
    ).to_be_visible()
    expect(page.get_by_text("Votre coup de pouce est publié.")).to_be_visible()
    screenshot(page, "coup-de-pouce-message")


def test_board_pages_reflow_at_320_px_and_have_no_serious_axe_violation(page: Page):
    login_as(page, "amina@entraide.test")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/coup-de-pouce")
    first_post = page.locator(".board-item-title a").first.get_attribute("href")
    assert first_post is not None, "no post on the board"
    for path in (
        "/coup-de-pouce",
        "/coup-de-pouce?q=banque",
        first_post,
        "/coup-de-pouce/nouveau",
        "/coup-de-pouce/notifications",
        "/compte",
        "/compte/coup-de-pouce",
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
        assert axe_violations(page) == [], path
    page.goto("/coup-de-pouce?q=banque")
    screenshot(page, "coup-de-pouce-recherche-320px")
