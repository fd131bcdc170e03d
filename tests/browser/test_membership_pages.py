"""Sign-up with the charter, the contact form and the legal pages on a phone (360 px): no horizontal
scrolling, French errors announced, no serious axe violation."""

from __future__ import annotations

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser_support import axe_violations, login_as, screenshot

PHONE: ViewportSize = {"width": 360, "height": 740}


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a 360px viewport"


def test_sign_up_asks_for_the_charter_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/adhesion")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Prénom et nom").fill("Maëlle Téléphone")
    page.get_by_label("Adresse e-mail").fill("maelle.phone@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_role("button", name="Créer mon compte").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("J'ai lu et j'accepte la charte")
    expect(page.get_by_label("Prénom et nom")).to_have_value("Maëlle Téléphone")
    _fits(page)
    assert axe_violations(page) == []
    screenshot(page, "adhesion-charte-360px")
    page.get_by_label("J'ai lu et j'accepte la charte").check()
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez vos e-mails")).to_be_visible()


def test_the_contact_form_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/contact")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Votre nom").fill("Inès Martin")
    page.get_by_label("Votre adresse e-mail").fill("ines@exemple")
    page.get_by_role("button", name="Envoyer mon message").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Choisissez l'objet de votre message")
    expect(alert).to_contain_text("Écrivez votre message.")
    _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Votre adresse e-mail").fill("ines@exemple.fr")
    page.get_by_label("Objet").select_option("compte")
    page.get_by_label("Votre message").fill("Bonjour, comment changer mon adresse ?")
    screenshot(page, "contact-360px")
    page.get_by_role("button", name="Envoyer mon message").click()
    expect(page.get_by_role("heading", name="Message envoyé")).to_be_visible()


def test_legal_pages_and_the_admin_list_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    for path in ("/charte", "/cgu", "/confidentialite", "/mentions-legales"):
        page.goto(path)
        _fits(page)
        assert axe_violations(page) == [], path
    login_as(page, "admin@entraide.test")
    page.goto("/compte/adhesion")
    expect(page.get_by_role("heading", name="Mon adhésion à l'association")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/adhesions")
    assert axe_violations(page) == []
