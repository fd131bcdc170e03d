"""Sign-up with JavaScript: the coordinations near the commune she types appear at once (from
/coordinations/proches.json, answered here as « Trouver ma coordination » answers it), one submit is enough."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, Route, expect

from tests.browser_support import axe_violations, screenshot

NEAR_RENNES = {
    "communes": [{"insee": "35238", "name": "Rennes", "postal_code": "35000", "departement": "35"}],
    "coordinations": [
        {"slug": "rennes", "name": "Coordination de Rennes", "minutes": 2, "near": True},
        {"slug": "ploermel", "name": "Coordination de Ploërmel", "minutes": 73, "near": False},
    ],
    "problem": "",
    "model": "Temps estimé : distance à vol d'oiseau × 1,3, à 60 km/h",
}


def test_the_coordinations_near_her_appear_as_she_types(page: Page):
    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(NEAR_RENNES))

    page.route(re.compile(r".*/coordinations/proches\.json\?q=35000$"), answer)
    page.goto("/adhesion")
    page.get_by_label("Prénom et nom").fill("Maëlle Pressée")
    page.get_by_label("Adresse e-mail").fill("maelle@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_label("J'ai lu et j'accepte la charte").check()
    page.get_by_label("Votre commune ou code postal").fill("35000")
    choice = page.get_by_label(re.compile("Coordination de Rennes — moins de 5 min"))
    expect(choice).to_be_visible()
    expect(page.get_by_text("Les coordinations proches de Rennes")).to_be_visible()
    assert axe_violations(page) == []
    choice.check()
    screenshot(page, "adhesion-coordinations-js")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez vos e-mails")).to_be_visible()


def test_with_the_real_search_one_submit_is_enough(page: Page):
    page.goto("/adhesion")
    page.get_by_label("Prénom et nom").fill("Awa Rapide")
    page.get_by_label("Adresse e-mail").fill("awa@exemple.fr")
    page.get_by_label("Mot de passe").fill("une phrase de passe assez longue")
    page.get_by_label("J'ai lu et j'accepte la charte").check()
    page.get_by_label("Votre commune ou code postal").fill("35000")
    choice = page.get_by_label(re.compile("Coordination de Rennes"))
    expect(choice).to_be_visible()
    choice.check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez vos e-mails")).to_be_visible()
