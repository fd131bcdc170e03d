"""An outside speaker invited by the intervenante joins the room as its main speaker from her e-mailed
link, without an account; then she rehearses with screen sharing in her rehearsal room and shares it with
the intervenante. Real Chromium, real web app and media node, fake camera and microphone (loopback)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.room_helpers import PASSWORD, make_workshop, room_context
from tests.browser_support import LiveServer, axe_violations, login_as, screenshot

WAIT = 45_000  # ms: joining on a loaded 2-core machine (8 engineers) takes more than the default
expect.set_options(timeout=WAIT)
GUEST_EMAIL = "jean.dupuis@exterieur.test"
ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def no_script_errors() -> Iterator[None]:
    ERRORS.clear()
    yield
    assert ERRORS == []


def new_context(chromium: Browser, live_server: LiveServer) -> tuple[BrowserContext, Page]:
    context, page = room_context(chromium, live_server, WAIT)
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    return context, page


@pytest.fixture(scope="module")
def people(chromium: Browser, live_server: LiveServer) -> Iterator[dict[str, Any]]:
    data = make_workshop(live_server.env, capacity=3, participants=1)
    contexts = {key: new_context(chromium, live_server) for key in ("host", "p1", "guest")}
    login_as(contexts["host"][1], data["people"]["host"]["email"], PASSWORD)
    login_as(contexts["p1"][1], data["people"]["p1"]["email"], PASSWORD)
    yield {
        "workshop": data["workshop"],
        "people": data["people"],
        "pages": {k: v[1] for k, v in contexts.items()},
    }
    for context, _ in contexts.values():
        context.close()


def invitation_link(live_server: LiveServer) -> str:
    """The link in the e-mail sent to the guest: without SMTP the platform prints its e-mails (the stored
    copy has its links masked once sent)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        log = (live_server.tmp / "server.log").read_text()
        links = re.findall(
            rf"À : {re.escape(GUEST_EMAIL)}\n.*?https?://[^/\s]+(/ateliers/invitation/\S+)", log, re.S
        )
        if links:
            return links[-1]
        time.sleep(0.5)
    raise AssertionError("no invitation e-mail in the server's output")


def fits_360(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})


def wait_js(page: Page, expression: str, within: float = WAIT / 1000) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.2)
    raise AssertionError(f"not true within {within} s: {expression}")


def enter(page: Page) -> None:
    expect(page.get_by_role("heading", name="Avant d'entrer")).to_be_visible()
    page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.").check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()


def test_the_intervenante_invites_a_guest_who_joins_as_main_speaker(people: dict, live_server: LiveServer):
    host, p1, guest = (people["pages"][k] for k in ("host", "p1", "guest"))
    workshop = people["workshop"]
    host.goto(f"/ateliers/{workshop}")
    host.get_by_role("link", name="Inviter une intervenante extérieure").click()
    expect(host.get_by_role("heading", name="Intervenantes invitées", exact=True)).to_be_visible()
    host.get_by_label("Nom", exact=True).fill("Jean Dupuis")
    host.get_by_label("Adresse e-mail", exact=True).fill(GUEST_EMAIL)
    host.get_by_label("Intervenante principale").check()
    host.get_by_role("button", name="Envoyer l'invitation").click()
    expect(host.get_by_role("status")).to_contain_text("Invitation envoyée.")
    expect(host.locator(".history")).to_contain_text("Jean Dupuis invitée comme intervenante principale.")
    assert axe_violations(host) == []
    fits_360(host)
    screenshot(host, "intervenantes-invitees")

    link = invitation_link(live_server)
    guest.goto(link)  # no account, no login
    expect(guest.get_by_role("heading", name=re.compile("Atelier de test"))).to_be_visible()
    expect(guest.get_by_text("Intervenante principale")).to_be_visible()
    assert axe_violations(guest) == []
    fits_360(guest)
    screenshot(guest, "invitation-intervenante")
    guest.get_by_role("button", name="Rejoindre l'atelier").click()
    enter(guest)
    expect(guest.locator("#live")).to_be_visible()

    # A host by her ticket: she waits in the green room, and opens the doors to the participant.
    expect(guest.locator("#green-room")).to_contain_text("Vous êtes dans la loge.")
    p1.goto(f"/ateliers/{workshop}/rejoindre")
    enter(p1)
    expect(p1.get_by_text("L'intervenante va ouvrir l'atelier", exact=True)).to_be_visible()
    guest.get_by_role("button", name="Ouvrir l'atelier").click()
    expect(p1.locator("#live")).to_be_visible()
    # The participant sees her as the intervenante, under the name of her invitation.
    expect(p1.locator("#videos")).to_contain_text("Jean Dupuis")
    expect(p1.locator("#videos")).to_contain_text("intervenante")
    wait_js(p1, "[...document.querySelectorAll('.tile:not(.me) video')].some(v => v.videoWidth > 0)", 40)
    p1.goto("/")  # out of the room: the 2-core machine has the rehearsal to carry next


def test_the_guest_rehearses_with_her_screen_and_the_intervenante_joins_by_the_shared_link(
    people: dict, live_server: LiveServer
):
    host, guest = people["pages"]["host"], people["pages"]["guest"]
    workshop = people["workshop"]
    guest.goto(invitation_link(live_server))
    rehearse = guest.get_by_role("link", name="Tester ma salle")
    assert rehearse.get_attribute("href") == f"/ateliers/{workshop}/repetition"
    response = guest.goto(f"/ateliers/{workshop}/repetition", timeout=60_000)
    assert response is not None and response.ok, response.status if response else None
    expect(guest.get_by_role("heading", name="Répétition : votre salle de test")).to_be_visible()
    shared = guest.get_by_label("Pour répéter avec votre co-animatrice, donnez-lui ce lien :").input_value()
    assert f"/ateliers/{workshop}/repetition?salle=" in shared
    assert axe_violations(guest) == []
    fits_360(guest)
    enter(guest)
    expect(guest.locator("#live")).to_be_visible()
    # No lobby in a rehearsal, and nobody but her.
    share = guest.get_by_role("button", name="Partager l'écran")
    share.click()
    expect(share).to_have_attribute("aria-pressed", "true")

    host.goto(shared.split(live_server.url, 1)[-1])
    expect(host.get_by_role("heading", name="Répétition : votre salle de test")).to_be_visible()
    enter(host)
    expect(host.locator("#stage .tile.screen")).to_have_count(1)
    expect(host.locator("#stage .tile.screen")).to_contain_text("Écran partagé par Jean Dupuis")
    wait_js(host, "document.querySelector('#stage .tile.screen video')?.videoWidth > 0", 40)
    screenshot(host, "repetition-partage-ecran")
