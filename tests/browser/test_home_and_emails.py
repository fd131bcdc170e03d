"""Her home page and « Mes e-mails » in real Chromium at 360 px: they fit, pass axe (no serious or critical
violation) and work. Uses the demo data (`entraide demo`): Amina lives in Montreuil, Claire in Rennes."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser_support import axe_violations, login_as, screenshot


def fits_and_passes_axe(page: Page, path: str) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide at a 360px viewport"
    assert axe_violations(page) == [], path


def test_amina_s_home_page_at_360_px(page: Page):
    login_as(page, "amina@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    fits_and_passes_axe(page, "/")
    screenshot(page, "accueil-amina-360px")
    for heading in (
        "Mes prochains ateliers",
        "Mon MOOC",
        "Besoins sans réponse dans ma coordination",
        "Réponses à mes messages",
        "Nouvelles membres près de chez moi",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("link", name="Rejoindre").first).to_be_visible()
    expect(page.get_by_role("link", name="Reprendre").first).to_be_visible()
    page.get_by_role("link", name="Répondre").first.click()
    expect(page.get_by_role("heading", name="Répondre")).to_be_visible()


def test_claire_follows_a_theme_in_mes_e_mails_at_360_px(page: Page):
    login_as(page, "claire@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    fits_and_passes_axe(page, "/")
    screenshot(page, "accueil-claire-360px")
    fits_and_passes_axe(page, "/compte/e-mails")
    page.get_by_role("link", name="Mes thèmes").last.click()  # its own page, linked from « Mes e-mails »
    page.get_by_label("Financement").check()
    page.get_by_role("button", name="Enregistrer mes thèmes").click()
    expect(page.get_by_text("Vos thèmes sont enregistrés.")).to_be_visible()
    expect(page.get_by_label("Financement")).to_be_checked()
    page.goto("/compte/e-mails")
    page.get_by_label("Rappels d'ateliers").uncheck()
    page.get_by_role("button", name="Enregistrer mes choix").click()
    expect(page.get_by_text("Vos choix d'e-mails sont enregistrés.")).to_be_visible()
    expect(page.get_by_label("Rappels d'ateliers")).not_to_be_checked()
    assert axe_violations(page) == []
    screenshot(page, "mes-e-mails-360px")
    page.get_by_label("Rappels d'ateliers").check()
    page.get_by_role("button", name="Enregistrer mes choix").click()
