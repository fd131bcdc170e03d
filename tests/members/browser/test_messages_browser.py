"""Private messages in real Chromium at 360 px: Claire writes to Julie from a Coup de pouce post, Julie sees the
counter, reads and answers, Claire sees hers; axe finds no serious violation on the pages they use."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_support import LiveServer, axe_violations, login_as, screenshot

pytestmark = pytest.mark.browser

JULIE_POST = "Une comptable qui connaît les graphistes indépendantes ?"


def phone(chromium: Browser, live_server: LiveServer) -> Page:
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 740}
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def fits_and_passes_axe(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{what} is {width}px wide at a 360px viewport"
    assert axe_violations(page) == [], what


def test_write_from_a_post_the_other_sees_the_badge_reads_and_answers(
    chromium: Browser, live_server: LiveServer
):
    claire = phone(chromium, live_server)
    julie = phone(chromium, live_server)
    try:
        login_as(claire, "claire@entraide.test")
        claire.goto("/coup-de-pouce")
        claire.get_by_role("link", name=JULIE_POST).first.click()
        claire.get_by_role("link", name="Écrire en privé à Julie Morel").first.click()
        expect(claire.get_by_role("heading", name="Écrire à Julie Morel")).to_be_visible()
        fits_and_passes_axe(claire, "the new message form")
        claire.get_by_label("Votre message").fill(
            "Ma comptable suit trois graphistes : je t'envoie ses contacts."
        )
        claire.get_by_role("button", name="Envoyer").click()
        expect(claire.get_by_text("Votre message est envoyé.")).to_be_visible()
        expect(
            claire.get_by_role("link", name="Écrit à propos d'un message de Coup de pouce")
        ).to_be_visible()
        fits_and_passes_axe(claire, "the conversation (writer)")

        login_as(julie, "julie@entraide.test")
        julie.goto("/")
        messages_link = julie.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Messages"
        )
        expect(messages_link.locator(".badge")).to_have_text("1")
        expect(messages_link.locator(".badge")).to_have_attribute("aria-label", "1 message non lu")
        messages_link.click()
        fits_and_passes_axe(julie, "the inbox")
        screenshot(julie, "messages-boite-360px")
        julie.get_by_role("link", name="Claire Martin").first.click()
        expect(julie.get_by_text("je t'envoie ses contacts")).to_be_visible()
        expect(julie.locator('.main-nav a[href="/messages"] .badge')).to_have_count(0)
        fits_and_passes_axe(julie, "the conversation (reader)")
        julie.get_by_label("Votre réponse").fill("Merci Claire, je l'appelle demain !")
        julie.get_by_role("button", name="Envoyer").click()
        expect(julie.get_by_text("Merci Claire, je l'appelle demain !")).to_be_visible()
        screenshot(julie, "messages-conversation-360px")

        claire.goto("/")
        expect(claire.locator('.main-nav a[href="/messages"] .badge')).to_have_text("1")
    finally:
        claire.context.close()
        julie.context.close()
