"""A full workshop on the host's page: 21 people (the intervenante small beside the controls, 20 in the grid).

The twenty participantes are signaling-only clients (no media: the grid shows their initials), joined with
tickets signed like the web app signs them, so that one browser page sees a full room cheaply.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator

import pytest
import websockets
from playwright.sync_api import Browser, Page, expect

from live.media.tickets import sign_ticket
from tests.browser.room_helpers import PASSWORD, make_workshop
from tests.browser_support import LiveServer, axe_violations, login_as, screenshot

WAIT = 15_000
BOTS = 20  # every participant seat of the node
NAMES = [
    "Léa",
    "Camille",
    "Manon",
    "Sarah",
    "Chloé",
    "Yasmine",
    "Emma",
    "Zoé",
    "Nora",
    "Alice",
    "Maëlle",
    "Lina",
    "Rose",
    "Jeanne",
    "Salomé",
    "Anaïs",
    "Océane",
    "Mila",
    "Ambre",
    "Kenza",
]


class SignalingCrowd:
    """Members in the room through the websocket only, each answering nothing but staying joined."""

    def __init__(self, url: str, secret: str, room: int, members: list[tuple[str, str]]) -> None:
        self.url, self.secret, self.room, self.members = url, secret, room, members
        self.welcomed = 0
        self.stop = threading.Event()
        # asyncio.run: the thread's loop is always closed, whatever happens to the bots.
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)
        self.thread.start()

    async def _one(self, member: str, name: str, address: str) -> None:
        ticket = sign_ticket(self.secret, room=str(self.room), member=member, name=name, role="participant")
        # One loopback address each, like twenty homes: the node holds at most ten unjoined sockets per address.
        async with websockets.connect(f"{self.url}/rooms/{self.room}", local_addr=(address, 0)) as ws:
            await ws.send(json.dumps({"type": "join", "v": 1, "ticket": ticket}))
            first = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert first["type"] == "welcome", first
            self.welcomed += 1
            while not self.stop.is_set():
                try:
                    await asyncio.wait_for(ws.recv(), 0.2)
                except TimeoutError:
                    pass
            await ws.send(json.dumps({"type": "leave"}))

    async def _main(self) -> None:
        await asyncio.gather(
            *(self._one(m, n, f"127.0.0.{i + 2}") for i, (m, n) in enumerate(self.members)),
            return_exceptions=True,
        )

    def close(self) -> None:
        self.stop.set()
        self.thread.join(15)
        assert not self.thread.is_alive(), "the signaling clients did not leave"


@pytest.fixture
def host_page(chromium: Browser, live_server: LiveServer) -> Iterator[tuple[Page, int]]:
    data = make_workshop(live_server.env, capacity=20, participants=1)
    context = chromium.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 1280, "height": 800},
        permissions=["camera", "microphone"],
    )
    context.set_default_timeout(WAIT)
    page = context.new_page()
    login_as(page, data["people"]["host"]["email"], PASSWORD)
    yield page, data["workshop"]
    context.close()


def test_the_grid_adapts_to_a_full_workshop_of_21_people(
    host_page: tuple[Page, int], live_server: LiveServer
):
    page, workshop = host_page
    page.goto(f"/ateliers/{workshop}/rejoindre")
    page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.").check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    page.get_by_role("button", name="Ouvrir l'atelier").click()
    expect(page.get_by_role("button", name="Ouvrir l'atelier")).to_be_hidden(timeout=WAIT)
    members = [(str(900_000 + i), f"{NAMES[i]} Test") for i in range(BOTS)]
    crowd = SignalingCrowd(live_server.media_url, live_server.secret, workshop, members)
    try:
        grid = page.locator("#grid")
        expect(grid.locator(".tile")).to_have_count(BOTS, timeout=WAIT)
        # The intervenante sees the participants over the space and herself small (issue 16): no stage.
        expect(page.locator("#self-view .tile.me")).to_have_count(1)
        expect(page.locator("#stage")).to_be_hidden()
        columns = page.evaluate(
            "getComputedStyle(document.querySelector('#grid')).gridTemplateColumns.split(' ').length"
        )
        assert columns >= 4
        widths = page.evaluate(
            "[...document.querySelectorAll('#grid .tile:not([hidden])')].map(t => t.getBoundingClientRect().width)"
        )
        assert (
            len(widths) == BOTS and min(widths) >= 159
        )  # all twenty fit at a readable size beside the panel
        expect(grid).to_contain_text("Ambre Test")
        expect(grid.locator(".tile", has_text="Ambre Test").locator(".avatar")).to_have_text("AT")
        screenshot(page, "salle-21-personnes")
        page.set_viewport_size({"width": 360, "height": 740})
        # The page lays its grid out again after the resize event (gallery.js), not within it: wait for that.
        page.wait_for_function(
            "getComputedStyle(document.querySelector('#grid')).gridTemplateColumns.split(' ').length === 3",
            timeout=WAIT,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # No name label covers initials: on small tiles the initials give way to the name.
        covered = page.evaluate("""[...document.querySelectorAll('#grid .tile')].filter(tile => {
            const a = tile.querySelector('.avatar'), label = tile.querySelector('.label').getBoundingClientRect();
            if (getComputedStyle(a).display === 'none') return false;
            const r = a.getBoundingClientRect(), h = r.height, top = r.top + h / 2 - 0.5 * parseFloat(getComputedStyle(a).fontSize);
            return top + parseFloat(getComputedStyle(a).fontSize) > label.top;
        }).length""")
        assert covered == 0
        screenshot(page, "salle-21-personnes-360px")
        assert axe_violations(page) == []
    finally:
        crowd.close()
    assert crowd.welcomed == BOTS
