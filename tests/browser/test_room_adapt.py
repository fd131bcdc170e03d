"""Each receiver gets what her page shows: « Économiser les données » in real Chromium.

The intervenante and one participante with fake cameras, through the real web app and media node.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.room_helpers import PASSWORD, RECORD_PEER_CONNECTIONS, make_workshop
from tests.browser.test_room import enter, wait_js, wait_videos
from tests.browser_support import LiveServer, axe_violations, login_as

pytestmark = pytest.mark.browser

WAIT = 30_000  # a loaded 2-core machine


@pytest.fixture
def pair(chromium: Browser, live_server: LiveServer) -> Iterator[dict[str, Page]]:
    data = make_workshop(live_server.env, capacity=2, participants=1)
    contexts: list[BrowserContext] = []
    pages: dict[str, Page] = {}
    for key in ("host", "p1"):
        context = chromium.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport={"width": 1280, "height": 800},
            permissions=["camera", "microphone"],
        )
        context.set_default_timeout(WAIT)
        context.add_init_script(RECORD_PEER_CONNECTIONS)
        page = context.new_page()
        login_as(page, data["people"][key]["email"], PASSWORD)
        contexts.append(context)
        pages[key] = page
    url = f"/ateliers/{data['workshop']}/rejoindre"
    enter(pages["host"], url)
    pages["host"].get_by_role("button", name="Ouvrir l'atelier").click()
    enter(pages["p1"], url)
    yield pages
    for context in contexts:
        context.close()


def playing(page: Page, member_selector: str = ".tile:not(.me)") -> int:
    return page.evaluate(
        f"[...document.querySelectorAll('{member_selector}')].filter(t => t.classList.contains('has-video')).length"
    )


def test_save_data_stops_the_others_videos_but_keeps_the_speaker(pair: dict[str, Page]):
    host, p1 = pair["host"], pair["p1"]
    wait_videos(host, 1)
    wait_videos(p1, 1)
    # The participante saves data: she keeps the intervenante's video, which is the speaker's.
    p1.get_by_role("button", name="Réglages").click()
    p1.get_by_label("Économiser les données").check()
    assert axe_violations(p1) == []
    p1.locator("#help-dialog [data-close]").click()
    # The intervenante saves data: the participante's camera is no longer forwarded to her.
    host.get_by_role("button", name="Réglages").click()
    host.get_by_label("Économiser les données").check()
    host.locator("#help-dialog [data-close]").click()
    wait_js(host, "!document.querySelector('.tile:not(.me).has-video')", 30)
    try:  # the speaker's video kept on
        wait_js(p1, "document.querySelectorAll('.tile:not(.me).has-video').length === 1", 30)
    except AssertionError:
        seen = p1.evaluate("[window.__entraideView, window.__entraideQuality]")
        raise AssertionError(f"the participante lost the speaker's video: view, quality = {seen}") from None
    # Back to normal: the participante's video comes back on the intervenante's page.
    host.get_by_role("button", name="Réglages").click()
    host.get_by_label("Économiser les données").uncheck()
    host.locator("#help-dialog [data-close]").click()
    wait_videos(host, 1)
    expect(host.locator("#link-weak")).to_be_hidden()
