"""The shell's pages in real Chromium: sign-up by keyboard, reflow at 320 px, no serious axe violation."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser_support import LiveServer, axe_violations, login_as, screenshot


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_the_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenu$"))


def test_pages_reflow_at_320_px_without_horizontal_scrolling(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in (
        "/",
        "/adhesion",
        "/adhesion/confirmer",
        "/connexion",
        "/connexion/lien",
        "/mot-de-passe-oublie",
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    page.goto("/")
    screenshot(page, "accueil-320px")


def confirmation_link(live_server: LiveServer, address: str) -> str:
    """The link of the confirmation e-mail, as development prints it (the stored copy is masked once sent)."""
    pattern = rf"À : {re.escape(address)}\nObjet : Confirmez votre adresse e-mail\n.*?(/adhesion/confirmer/[A-Za-z0-9_-]+)"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        links = re.findall(pattern, (live_server.tmp / "server.log").read_text(), re.S)
        if links:
            return links[-1]
        time.sleep(0.2)
    raise AssertionError(f"no confirmation e-mail to {address} in the server's output")


def test_sign_up_with_the_keyboard_then_see_my_account(page: Page, live_server: LiveServer):
    page.goto("/adhesion")
    page.get_by_label("Prénom et nom").fill("Inès Navigatrice")
    page.get_by_label("Adresse e-mail").fill("ines@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_label("J'ai lu et j'accepte la charte").check()
    page.get_by_label("Votre commune ou code postal").fill("35000")
    page.get_by_label("Mon projet, en quelques mots").fill("Un atelier de céramique")
    page.get_by_label("Mon projet, en quelques mots").press("Tab")
    page.keyboard.press("Enter")  # the focused « Créer mon compte » button
    # Without JavaScript, the form comes back with the coordinations near Rennes; the password is asked again.
    expect(page.get_by_text("Encore une étape")).to_be_visible()
    expect(page.get_by_label("Prénom et nom")).to_have_value("Inès Navigatrice")
    page.get_by_label(re.compile("Coordination de Rennes")).check()
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_label("J'ai lu et j'accepte la charte").check()
    screenshot(page, "adhesion-coordinations")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez vos e-mails")).to_be_visible()
    expect(page.get_by_text("Un e-mail vient de partir vers ines@exemple.fr")).to_be_visible()
    page.goto(confirmation_link(live_server, "ines@exemple.fr"))
    page.get_by_role("button", name="Confirmer mon adresse et me connecter").click()
    expect(page.get_by_role("heading", name="Mon compte", exact=True)).to_be_visible()
    expect(page.get_by_text("Bienvenue ! Votre compte est créé.")).to_be_visible()
    screenshot(page, "mon-compte")
    # The coordination she chose at sign-up, one entry of her account's menu away.
    page.get_by_role("link", name=re.compile("^Ma coordination")).click()
    expect(page.get_by_text("en attente de confirmation")).to_be_visible()


def test_sign_up_errors_are_announced_in_french(page: Page):
    page.goto("/adhesion")
    page.get_by_label("Prénom et nom").fill("Test")
    page.get_by_label("Adresse e-mail").fill("ines@exemple")
    page.get_by_label("Mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("au moins 12 caractères")
    expect(alert).to_contain_text("ne semble pas valide")


def test_no_serious_accessibility_violation_on_the_shell_pages(page: Page):
    for path in (
        "/",
        "/adhesion",
        "/adhesion/confirmer",
        "/connexion",
        "/connexion/lien",
        "/mot-de-passe-oublie",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    login_as(page, "admin@entraide.test")
    for path in ("/compte", "/admin", "/coordinations/toulouse/espace"):
        page.goto(path)
        assert axe_violations(page) == [], path
    screenshot(page, "espace-coordination")
