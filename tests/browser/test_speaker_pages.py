"""Issue 20's pages in real Chromium, at 360 px with no serious axe violation: the speaker page, a past
workshop with its handouts, reprogramming, the feedback form and its results, the directory of speakers
and the coordination's figures. The intervenante attaches a PDF through the form; Amina gives her opinion.
Uses the demo data (live/demo_speakers.py: « Se lancer : les premières démarches », held six days ago)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot

PAST = "Se lancer : les premières démarches"
# The deepest elements sticking out of a 360 px viewport, to name the culprit when a page does not fit.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 361 && ![...e.children].some(c => c.getBoundingClientRect().right > 361))
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def fits_and_passes_axe(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDEST)
    assert width <= 360, f"{path} is {width}px wide at a 360px viewport: {wide}"
    assert axe_violations(page) == [], path


def _past_workshop(page: Page) -> str:
    page.goto("/intervenantes/moi")
    href = page.get_by_role("link", name=PAST).first.get_attribute("href")
    assert href, "the past demo workshop is not on the speaker page"
    return href


def test_the_intervenante_attaches_a_pdf_and_her_pages_fit_360_px(page: Page, tmp_path: Path):
    login_as(page, "intervenante@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    past = _past_workshop(page)
    for path in ("/intervenantes/moi", past, f"{past}/reprogrammer", f"{past}/retours"):
        fits_and_passes_axe(page, path)
    page.goto(f"{past}/retours")
    expect(page.get_by_text("Très concret, merci pour la check-list.")).to_be_visible()
    handout = tmp_path / "diapos-atelier.pdf"
    handout.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.goto(past)
    page.get_by_label("Titre du support").fill("Mes diapositives")
    page.get_by_label("Fichier").set_input_files(str(handout))
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.get_by_text("Le support est ajouté")).to_be_visible()
    expect(page.get_by_role("link", name="Mes diapositives")).to_be_visible()
    screenshot(page, "atelier-supports-360px")


def test_amina_finds_the_handouts_and_gives_her_opinion(page: Page):
    page.set_viewport_size({"width": 360, "height": 740})
    login_as(page, "intervenante@entraide.test")
    past = _past_workshop(page)
    page.context.clear_cookies()
    login_as(page, "amina@entraide.test")
    fits_and_passes_axe(page, past)
    expect(page.get_by_role("link", name="Check-list des premières démarches")).to_be_visible()
    page.get_by_role("link", name="Donner mon avis").click()
    assert axe_violations(page) == []
    page.get_by_label("Très utile").check()
    page.get_by_label("Sur quoi aimeriez-vous aller plus loin ?").fill("Les statuts")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_text("Votre avis est enregistré")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "atelier-avis-360px")


def test_the_coordinatrice_s_pages_fit_360_px(page: Page):
    login_as(page, "coordinatrice@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    fits_and_passes_axe(page, "/intervenantes")
    page.get_by_label("Thème").select_option("juridique")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Louise").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    fits_and_passes_axe(page, "/ateliers/retours")
    screenshot(page, "ateliers-retours-360px")
