"""« Qui peut m'aider ? » on a phone: Amina (Montreuil) searches « compta » at 360 px, narrows to members
within 30 km, opens a profile, and no page has a serious axe violation or scrolls sideways."""

from __future__ import annotations

import re

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser_support import axe_violations, login_as, screenshot

PHONE: ViewportSize = {"width": 360, "height": 740}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a 360px viewport"


def test_she_searches_the_directory_and_opens_a_profile_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login_as(page, "amina@entraide.test")
    page.goto("/membres")
    expect(page.get_by_role("heading", name="Qui peut m'aider ?", exact=True)).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []

    page.get_by_label("Rechercher une compétence, un projet, un nom").fill("compta")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.get_by_role("heading", name="1 membre correspond")).to_be_visible()
    card = page.locator(".member-card").first
    expect(card).to_contain_text("Comptabilité")
    expect(card).to_contain_text("Coordination de Montreuil")

    page.get_by_label("Rechercher une compétence, un projet, un nom").fill("")
    page.get_by_label("Distance de ma commune").select_option("30")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.locator(".member-card").first).to_contain_text("km")
    _fits(page)
    assert axe_violations(page) == []
    screenshot(page, "qui-peut-m-aider-360px")

    page.get_by_label("Rechercher une compétence, un projet, un nom").fill("comptabilite")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    name = page.locator(".member-card h3 a").first.inner_text()
    page.locator(".member-card h3 a").first.click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Compétences partagées")).to_be_visible()
    expect(page.get_by_role("link", name="Lui écrire")).to_have_attribute(
        "href", re.compile(r"^/messages/nouveau/\d+$")
    )
    _fits(page)
    assert axe_violations(page) == []


def test_her_profile_form_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login_as(page, "amina@entraide.test")
    page.goto("/membres/mon-profil")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Apparaître dans l'annuaire").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()
    expect(page.get_by_text("Vous apparaissez dans l'annuaire")).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []
