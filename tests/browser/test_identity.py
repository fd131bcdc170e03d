"""The visitors' home page and the network's face in real Chromium at 360, 768 and 1280 px: it fits, passes axe
(no serious or critical violation), and her postal code finds her coordinations with JavaScript off too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from live.platform_kit import LiveServer
from tests.browser_support import axe_violations, login_as, screenshot


def fits_and_passes_axe(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at a {width}px viewport"
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_the_visitors_home_page_fits_passes_axe_and_finds_her_coordinations(page: Page, width: int):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    expect(page.get_by_role("heading", name="Entreprendre, c'est mieux ensemble")).to_be_visible()
    for heading in (
        "Qui sommes-nous ?",
        "Les prochains ateliers en direct",
        "Une coordination près de chez vous",
        "Le MOOC, à votre rythme",
        "Elles en parlent",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("coordinations locales")).to_be_visible()
    # The logo in the header is decoration beside the name: the link reads « Entraide ».
    expect(page.get_by_role("link", name="Entraide", exact=True)).to_be_visible()
    fits_and_passes_axe(page, width)
    screenshot(page, f"accueil-visiteuse-{width}px")

    page.get_by_label("Votre code postal").fill("31000")
    page.get_by_role("button", name="Voir les coordinations").click()
    expect(page.get_by_role("heading", name="Les coordinations près de Toulouse (31000)")).to_be_visible()
    expect(page.get_by_role("link", name="Coordination de Toulouse")).to_be_visible()
    assert page.url.endswith("/?cp=31000#coordinations-proches")
    fits_and_passes_axe(page, width)

    page.get_by_label("Votre code postal").fill("750")
    page.get_by_role("button", name="Voir les coordinations").click()
    expect(page.get_by_role("alert")).to_have_text(
        "« 750 » n'est pas un code postal : un code postal a cinq chiffres, par exemple 31000."
    )
    expect(page.get_by_label("Votre code postal")).to_have_attribute("aria-invalid", "true")
    fits_and_passes_axe(page, width)


def test_without_javascript_the_postal_code_form_still_works(chromium: Browser, live_server: LiveServer):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_label("Votre code postal").fill("35000")
        page.get_by_role("button", name="Voir les coordinations").click()
        expect(page.get_by_role("heading", name="Les coordinations près de Rennes (35000)")).to_be_visible()
    finally:
        context.close()


def test_the_icon_the_signed_in_header_and_the_testimonials_admin_page(page: Page):
    icon = page.request.get("/favicon.ico")
    assert icon.ok and icon.headers["content-type"] == "image/x-icon"
    login_as(page, "admin@entraide.test")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    expect(page.locator(".brand img")).to_have_attribute("alt", "")
    page.goto("/admin/temoignages")
    expect(page.get_by_role("heading", name="Témoignages de la page d'accueil")).to_be_visible()
    fits_and_passes_axe(page, 360)
    page.get_by_role("button", name="Publier le témoignage").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Publiez un témoignage seulement avec l'accord de la membre"
    )
    fits_and_passes_axe(page, 360)
    screenshot(page, "admin-temoignages-360px")
