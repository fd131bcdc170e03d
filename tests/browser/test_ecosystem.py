"""« Mon écosystème » on a phone: from her home page to the structures of her département at 360 px, a
filter chosen without JavaScript's help, and the keeping form with its errors; no serious axe violation."""

from __future__ import annotations

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser_support import axe_violations, login_as, screenshot

PHONE: ViewportSize = {"width": 360, "height": 740}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a 360px viewport"


def test_she_finds_the_funders_near_her_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login_as(page, "sophie@entraide.test")  # lives near Toulouse (demo)
    page.goto("/")
    expect(page.get_by_role("heading", name="Mon écosystème")).to_be_visible()
    page.get_by_role("link", name="Voir mon écosystème").click()
    expect(page.get_by_role("heading", name="Dans le département Haute-Garonne")).to_be_visible()
    expect(page.get_by_role("heading", name="CCI Toulouse Haute-Garonne")).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Ce que vous cherchez").select_option("financement")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url("/ecosysteme?departement=&commune=&type=&offre=financement")
    expect(page.get_by_role("heading", name="Initiative France")).to_be_visible()
    expect(page.get_by_role("heading", name="CCI Toulouse Haute-Garonne")).to_have_count(0)
    _fits(page)
    assert axe_violations(page) == []
    screenshot(page, "mon-ecosysteme-360px")


def test_a_coordinatrice_adds_a_structure_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login_as(page, "coordinatrice@entraide.test")
    page.goto("/ecosysteme/gerer")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ajouter une structure").click()
    page.get_by_label("Nom de la structure").fill("Couveuse du Volvestre")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Cochez au moins ce que la structure propose.").first).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Type").select_option("couveuse")
    page.get_by_label("Accompagnement").check()
    page.get_by_label("Départements couverts").fill("31")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La structure est ajoutée à l'annuaire.")).to_be_visible()
