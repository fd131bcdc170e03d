"""The pre-join screen on its own: the silent-microphone warning, and joining with the keyboard only."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.room_helpers import PASSWORD, make_workshop
from tests.browser_support import LiveServer, login_as

WAIT = 15_000

# A microphone that captures nothing (a muted headset): getUserMedia's audio track is replaced by
# the output of a silent Web Audio graph; the fake camera is kept.
SILENT_MICROPHONE = """
(() => {
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await real(constraints);
    if (!constraints.audio) return stream;
    const context = new AudioContext();
    const source = context.createConstantSource();
    source.offset.value = 0;
    const sink = context.createMediaStreamDestination();
    source.connect(sink);
    source.start();
    for (const track of stream.getAudioTracks()) { stream.removeTrack(track); track.stop(); }
    stream.addTrack(sink.stream.getAudioTracks()[0]);
    return stream;
  };
})();
"""


@pytest.fixture(scope="module")
def workshop(live_server: LiveServer) -> dict:
    return make_workshop(live_server.env, capacity=5, participants=3)


@contextlib.contextmanager
def participant_page(
    chromium: Browser, live_server: LiveServer, email: str, init: str = ""
) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 1280, "height": 800},
        permissions=["camera", "microphone"],
    )
    context.set_default_timeout(WAIT)
    if init:
        context.add_init_script(init)
    page = context.new_page()
    login_as(page, email, PASSWORD)
    yield page
    context.close()


def test_a_silent_microphone_is_pointed_out(chromium: Browser, live_server: LiveServer, workshop: dict):
    with participant_page(
        chromium, live_server, workshop["people"]["p1"]["email"], SILENT_MICROPHONE
    ) as page:
        page.goto(f"/ateliers/{workshop['workshop']}/rejoindre")
        warning = page.get_by_role("alert").filter(has_text="Nous n'entendons rien")
        expect(warning).to_be_visible(timeout=WAIT)
        assert page.evaluate("document.querySelector('#mic-level').value") == 0


def test_a_working_microphone_gets_no_warning_and_the_keyboard_is_enough_to_join(
    chromium: Browser, live_server: LiveServer, workshop: dict
):
    with participant_page(chromium, live_server, workshop["people"]["p2"]["email"]) as page:
        page.goto(f"/ateliers/{workshop['workshop']}/rejoindre")
        engagement = page.get_by_label(
            "Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer."
        )
        expect(page.get_by_label("Micro", exact=True)).to_be_enabled()
        page.wait_for_timeout(5000)  # past the 4 s after which a silent microphone is pointed out
        expect(page.get_by_text("Nous n'entendons rien")).to_be_hidden()
        engagement.focus()
        page.keyboard.press("Space")
        expect(engagement).to_be_checked()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Rejoindre", exact=True)).to_be_focused()
        page.keyboard.press("Enter")
        # No intervenante has opened the doors yet: she waits in the lobby, and is told so.
        expect(page.get_by_text("L'intervenante va ouvrir l'atelier")).to_be_visible()
        expect(page.get_by_role("heading", name="Salle d'attente")).to_be_focused()
        page.get_by_role("button", name="Quitter la salle d'attente").click()
        expect(page.locator("#ended")).to_be_visible()


def test_a_tick_given_before_the_room_script_arrives_is_kept(
    chromium: Browser, live_server: LiveServer, workshop: dict
):
    """On a slow link she can tick the engagement before the room's script has loaded: the script must
    not untick it behind her back (the join button would stay greyed out with the box looking ticked)."""
    with participant_page(chromium, live_server, workshop["people"]["p3"]["email"]) as page:
        held: list = []
        page.route("**/js/room/main.js*", lambda route: held.append(route))
        page.goto(f"/ateliers/{workshop['workshop']}/rejoindre", wait_until="commit")
        engagement = page.get_by_label(
            "Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer."
        )
        engagement.check()
        page.wait_for_timeout(200)
        assert held, "the room's script was not requested"
        held[0].continue_()
        expect(page.get_by_label("Micro", exact=True)).to_be_enabled()  # the script has run
        expect(engagement).to_be_checked()
        page.get_by_role("button", name="Rejoindre", exact=True).click()
        expect(page.get_by_text("L'intervenante va ouvrir l'atelier")).to_be_visible()
