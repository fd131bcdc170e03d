"""The pages the « rough edges » changed, in real Chromium at 360 px: « Mon compte », a menu of short pages, with
the browser's time zone proposed; the coordination's queue, declining, cancelling (by a coordinatrice and by the
intervenante, her own workshop, also from her dashboard), and the early-arrival page of a room. No serious axe violation, no horizontal
scrolling."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser_support import LiveServer, axe_violations, login_as, screenshot

PHONE: ViewportSize = {"width": 360, "height": 740}


@contextmanager
def _phone(chromium: Browser, live_server: LiveServer, timezone_id: str | None = None) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, timezone_id=timezone_id
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(chromium: Browser, live_server: LiveServer) -> Iterator[Page]:
    with _phone(chromium, live_server) as page:
        yield page


@pytest.fixture
def phone_in_martinique(chromium: Browser, live_server: LiveServer) -> Iterator[Page]:
    with _phone(chromium, live_server, "America/Martinique") as page:
        yield page


def _fits_and_passes_axe(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at 360px"
    assert axe_violations(page) == [], page.url
    screenshot(page, name)


def _short(page: Page, name: str) -> int:
    """The page fits a phone's width, passes axe, and is short enough to read on a phone."""
    _fits_and_passes_axe(page, name)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"{page.url} at 360 px: {height} px tall")
    assert height < 2000, f"{page.url} is {height}px tall at 360px"
    return height


def test_my_account_is_a_menu_of_short_pages_and_proposes_my_browsers_time_zone(phone_in_martinique: Page):
    page = phone_in_martinique
    login_as(page, "claire@entraide.test")
    page.goto("/compte")
    menu = page.get_by_role("navigation", name="Les pages de mon compte")
    titles = menu.get_by_role("link").evaluate_all(
        "links => links.map(a => a.querySelector('span').textContent)"
    )
    assert "Sécurité" in titles and "Mon adhésion et mes compétences" in titles and len(titles) >= 10
    _short(page, "mon-compte-360px")
    # She finds each subject from the menu, and each page is short and comes back to the menu.
    for title in titles:
        page.goto("/compte")
        menu.get_by_role("link", name=re.compile("^" + re.escape(title))).click()
        expect(page.get_by_role("heading", name=title, level=1)).to_be_attached()
        _short(page, "mon-compte-" + page.url.split("/compte/")[1].split("?")[0] + "-360px")
    # An old link to a panel of the long page (/compte#adhesion in an e-mail) goes on to its page.
    page.goto("/compte#adhesion")
    expect(page).to_have_url(re.compile(r"/compte/adhesion$"))
    # Her time zone: proposed from the browser, saved only by her click.
    page.goto("/compte")
    menu.get_by_role("link", name=re.compile("^Mon fuseau horaire")).click()
    expect(page.get_by_label("Fuseau horaire", exact=True)).to_have_value("America/Martinique")
    expect(page.get_by_text("Votre navigateur indique : Martinique.")).to_be_visible()
    page.get_by_role("button", name="Enregistrer mon fuseau horaire").click()
    expect(page.get_by_text("Votre fuseau horaire est enregistré.")).to_be_visible()
    page.goto("/ateliers")
    expect(page.get_by_text(re.compile("soit .* à l'heure de Martinique")).first).to_be_visible()
    # Her profile, saved from its own page.
    page.goto("/compte/profil")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()


def test_the_intervenante_cancels_her_own_workshop(phone: Page):
    page = phone
    login_as(page, "intervenante@entraide.test")
    # Her own proposal, made here so that no other test's workshop is touched.
    page.goto("/ateliers/proposer")
    page.get_by_label("Titre").fill("Atelier que Louise annule")
    page.get_by_label("Thématique").select_option(index=1)
    page.get_by_label("Date").fill(
        page.evaluate("new Date(Date.now() + 21 * 864e5).toISOString().slice(0, 10)")
    )
    page.get_by_label("Heure de début").fill("18:00")
    page.get_by_label("Nombre de places").fill("12")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.get_by_role("link", name="Annuler l'atelier…").click()
    expect(page.get_by_label("Un mot pour les inscrites (facultatif)")).to_be_visible()
    _fits_and_passes_axe(page, "annuler-intervenante-360px")
    page.get_by_label("Un mot pour les inscrites (facultatif)").fill("Je dois reporter, pardon.")
    page.get_by_role("button", name="Oui, annuler l'atelier et prévenir les inscrites").click()
    expect(
        page.get_by_text("L'atelier est annulé ; les inscrites ont été prévenues par e-mail.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Annuler l'atelier…")).to_have_count(0)


def test_the_coordinations_queue_decline_and_cancel_pages(phone: Page):
    page = phone
    login_as(page, "coordinatrice@entraide.test")
    page.goto("/ateliers/propositions")
    expect(page.get_by_role("heading", name="Propositions d'ateliers à publier", level=1)).to_be_visible()
    _fits_and_passes_axe(page, "propositions-360px")
    page.get_by_role("link", name=re.compile("^Refuser")).first.click()
    expect(page.get_by_label("Votre réponse à l'intervenante")).to_be_visible()
    _fits_and_passes_axe(page, "refuser-360px")
    page.goto("/ateliers")
    page.locator(".workshop-card a").first.click()
    page.get_by_role("link", name="Annuler l'atelier…").click()
    expect(page.get_by_label("Un mot pour les inscrites (facultatif)")).to_be_visible()
    _fits_and_passes_axe(page, "annuler-360px")


def test_coming_early_to_a_room_shows_when_it_opens_and_the_device_check(phone: Page):
    page = phone
    login_as(page, "intervenante@entraide.test")  # Louise hosts the demo's online workshops
    page.goto("/ateliers/mes-ateliers")
    # Her dashboard offers to cancel each workshop she leads, on the page that asks first.
    cancel = page.get_by_role("link", name="Annuler l'atelier…")
    expect(cancel.first).to_be_visible()
    _fits_and_passes_axe(page, "mes-ateliers-intervenante-360px")
    cancel.first.click()
    expect(page.get_by_label("Un mot pour les inscrites (facultatif)")).to_be_visible()
    page.go_back()
    links = page.locator(".dashboard-workshop h3 a").evaluate_all("links => links.map(a => a.pathname)")
    for path in links:
        page.goto(f"{path}/rejoindre")
        if page.locator("[data-countdown-seconds]").count():
            break
    else:
        raise AssertionError("no upcoming online workshop of Louise's that is not open yet")
    expect(page.get_by_text(re.compile(r"^La salle ouvre dans "))).to_be_visible()
    expect(page.get_by_text(re.compile(r"La salle ouvre le \w+ \d"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^← Retour à l'atelier"))).to_be_visible()
    expect(page.get_by_role("button", name="Vérifier ma caméra et mon micro")).to_be_visible()
    _fits_and_passes_axe(page, "salle-pas-encore-ouverte-360px")
