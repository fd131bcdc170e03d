"""The room built for 20: one Chromium page (the intervenante) among 19 aiortc bots that publish a camera.

Twenty browsers do not fit on two cores; bots do: each paints small numbered frames at a few frames per
second, so the node forwards real video to the page. At 1280×800, 1920×1080 and 360×740: no tile outside
the screen or over another tile or over the controls, every face reachable by paging (or by swiping the
phone's strip), the intervenante sees the participants and herself small, side panels that leave the
videos on screen, axe clean, the controls reachable with Tab. Then the room's degraded modes, each with
its French message: no screen sharing (getDisplayMedia absent), camera refused or missing, sound
blocked by autoplay rules.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from live.media import aiortc_hooks
from live.media.botkit.bot import Bot
from live.media.botkit.tracks import NumberedCamera, ToneTrack
from live.media.tickets import sign_ticket
from tests.browser.room_helpers import PASSWORD, RECORD_PEER_CONNECTIONS, make_workshop
from tests.browser_support import LiveServer, axe_violations, login_as, screenshot

WAIT = 15_000
BOTS = 19
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
]
SIZES = [(1280, 800), (1920, 1080), (360, 740)]


class PublishingCrowd:
    """Bots in the room, each publishing a camera (and, if asked, a microphone), on one asyncio thread."""

    def __init__(self, url: str, secret: str, room: int, count: int, *, microphone: bool = False) -> None:
        self.url, self.secret, self.room, self.count, self.microphone = url, secret, room, count, microphone
        self.published = 0
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.stopping: asyncio.Event | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        # This machine's only interface in the test namespace is lo, which aioice skips: bots would have no candidate.
        aiortc_hooks.enable_loopback_candidates()
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        finally:
            self.loop.close()

    async def _main(self) -> None:
        self.stopping = asyncio.Event()
        bots: list[Bot] = []
        try:
            # One after the other: the node lets an address hold only a few sockets that have not joined yet.
            for i in range(self.count):
                member = str(910_000 + i)
                ticket = sign_ticket(
                    self.secret,
                    room=str(self.room),
                    member=member,
                    name=f"{NAMES[i]} Test",
                    role="participant",
                )
                bot = Bot(f"{self.url}/rooms/{self.room}", ticket, open_timeout=20)
                bots.append(bot)
                try:
                    first = await bot.connect(within=30)
                    assert first is not None and first["type"] == "welcome", first
                    tracks: dict[str, Any] = {"camera": NumberedCamera(fps=8)}
                    if self.microphone:
                        tracks["microphone"] = ToneTrack()
                    await bot.publish(
                        tracks,
                        video_codec="VP8",
                        audio_level=(lambda: 20) if self.microphone else None,
                        within=30,
                    )
                    self.published += 1
                except Exception as error:  # noqa: BLE001  (reported by the test, which then fails)
                    self.errors.append(f"{member}: {error!r}")
            self.ready.set()
            await self.stopping.wait()
        finally:
            self.ready.set()
            # « leave », not just a closed socket: a lost connection keeps its seat for a minute.
            await asyncio.gather(*(b.send({"type": "leave"}) for b in bots if b.ws), return_exceptions=True)
            await asyncio.gather(*(b.close() for b in bots), return_exceptions=True)

    def wait_ready(self, within: float = 120) -> float:
        started = time.monotonic()
        assert self.ready.wait(within), "the bots did not finish joining"
        assert not self.errors, self.errors
        return time.monotonic() - started

    def close(self) -> None:
        if self.stopping is not None:
            self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(30)
        assert not self.thread.is_alive(), "the bots did not leave"


def host_context(chromium: Browser, live_server: LiveServer, email: str, init: str = "") -> Page:
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
    return page


def close(page: Page) -> None:
    """Leaves the room (a seat lost without « Quitter » is kept a minute, which other tests would count)."""
    leave = page.locator("#btn-leave")
    if page.locator("dialog[open]").count():
        page.keyboard.press("Escape")
    if leave.is_visible():
        leave.click()
        expect(page.locator("#ended")).to_be_visible()
    page.context.close()


def enter(page: Page, workshop: int, *, open_doors: bool = True) -> None:
    page.goto(f"/ateliers/{workshop}/rejoindre")
    page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.").check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(page.locator("#live")).to_be_visible()
    if open_doors:
        page.get_by_role("button", name="Ouvrir l'atelier").click()
        expect(page.get_by_role("button", name="Ouvrir l'atelier")).to_be_hidden()


# Every box a member sees (tiles clipped to their list, the bars, the pager), in viewport pixels.
BOXES = """() => {
  const shown = (node) => node && !node.closest('[hidden]') && getComputedStyle(node).display !== 'none';
  const rect = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const clip = (r, c) => ({left: Math.max(r.left, c.left), top: Math.max(r.top, c.top),
                           right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom)});
  const tiles = [];
  for (const list of document.querySelectorAll('#stage, #grid, #self-view')) {
    if (!shown(list)) continue;
    const box = list.getBoundingClientRect();
    for (const tile of list.querySelectorAll('.tile')) {
      if (!shown(tile)) continue;
      const r = tile.getBoundingClientRect();
      const c = clip(r, box);
      if (c.right - c.left < 1 || c.bottom - c.top < 1) continue;  // scrolled out of the strip
      const whole = c.left - r.left < 1 && r.right - c.right < 1 && c.top - r.top < 1 && r.bottom - c.bottom < 1;
      tiles.push({member: tile.dataset.member, source: tile.dataset.source, list: list.id, whole,
                  ...rect(c), width: r.width, height: r.height});
    }
  }
  const bars = [...document.querySelectorAll('.controls, #pager, .room-bar')].filter(shown)
    .map((n) => ({name: n.id || n.className, ...rect(n.getBoundingClientRect())}));
  return {tiles, bars, width: innerWidth, height: innerHeight,
          scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight};
}"""


def overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(0.0, width) * max(0.0, height)


def check_layout(page: Page) -> dict[str, Any]:
    """No tile off screen, none over another or over a bar; the page itself never scrolls."""
    boxes = page.evaluate(BOXES)
    w, h = boxes["width"], boxes["height"]
    assert boxes["scrollWidth"] <= w and boxes["scrollHeight"] <= h, boxes
    for tile in boxes["tiles"]:
        assert tile["left"] >= -0.5 and tile["top"] >= -0.5, tile
        assert tile["right"] <= w + 0.5 and tile["bottom"] <= h + 0.5, tile
    items = boxes["tiles"] + boxes["bars"]
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            assert overlap(a, b) < 1, (a, b)
    return boxes


def reachable(page: Page) -> set[str]:
    """The members whose tile is whole on screen, page after page of the gallery."""
    seen: set[str] = set()
    nxt = page.get_by_role("button", name="Page suivante")
    for _ in range(30):
        boxes = check_layout(page)
        seen |= {t["member"] for t in boxes["tiles"] if t["whole"]}
        if not nxt.is_visible() or nxt.is_disabled():
            break
        nxt.click()
        page.wait_for_timeout(150)
    return seen


def tab_reaches(page: Page, ids: set[str], presses: int = 120) -> set[str]:
    page.locator("#contenu").focus()
    found: set[str] = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        found.add(page.evaluate("document.activeElement?.id || ''"))
        if ids <= found:
            break
    return ids & found


@pytest.fixture(scope="class")
def crowd_room(chromium: Browser, live_server: LiveServer) -> Iterator[tuple[Page, set[str], float]]:
    data = make_workshop(live_server.env, capacity=20, participants=1)
    page = host_context(chromium, live_server, data["people"]["host"]["email"], RECORD_PEER_CONNECTIONS)
    enter(page, data["workshop"])
    crowd = PublishingCrowd(live_server.media_url, live_server.secret, data["workshop"], BOTS)
    try:
        joined_in = crowd.wait_ready()
        print(f"{BOTS} bots joined and published in {joined_in:.1f} s")
        expect(page.locator("#grid .tile")).to_have_count(BOTS, timeout=30_000)
        # Real pictures on some tiles (the node forwards six videos to each page).
        page.wait_for_function(
            "() => [...document.querySelectorAll('#grid .tile video')].filter(v => v.videoWidth > 0).length >= 3",
            timeout=30_000,
        )
        members = {str(910_000 + i) for i in range(BOTS)}
        yield page, members, joined_in
    finally:
        crowd.close()
        close(page)


class TestTwentyPeople:
    """One class, so that the bots leave before the lighter tests below."""

    @pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
    def test_nineteen_publishing_bots_fit_the_screen(
        self, crowd_room: tuple[Page, set[str], float], size: tuple[int, int]
    ):
        fits_the_screen(*crowd_room, size)


def fits_the_screen(page: Page, members: set[str], joined_in: float, size: tuple[int, int]) -> None:
    width, height = size
    # Whatever an earlier size left (after a failure midway): speaker view, nobody has the floor.
    page.set_viewport_size({"width": 1280, "height": 800})
    if page.get_by_role("button", name="Reprendre la parole").is_visible():
        page.get_by_role("button", name="Reprendre la parole").click()
    if page.get_by_role("button", name="Vue galerie").get_attribute("aria-pressed") == "true":
        page.get_by_role("button", name="Vue galerie").click()
    for panel in ("people", "chat"):
        if page.locator(f"#panel-{panel}").is_visible():
            page.locator(f"#panel-{panel} [data-close]").click()
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)
    me = page.evaluate("document.querySelector('#self-view .tile')?.dataset.member")
    # Speaker view: the intervenante sees the participants over the space, herself small beside the controls.
    expect(page.get_by_role("button", name="Vue galerie")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#self-view .tile.me")).to_be_visible()
    self_box = page.locator("#self-view .tile").bounding_box()
    assert self_box is not None and self_box["width"] <= max(140, width * 0.25)
    grid_box = page.locator("#grid").bounding_box()
    assert grid_box is not None and grid_box["height"] >= height * 0.45
    expect(page.locator("#stage")).to_be_hidden()
    boxes = check_layout(page)
    first_page = [t for t in boxes["tiles"] if t["list"] == "grid"]
    assert len(first_page) >= 4
    assert min(t["width"] for t in first_page) >= (100 if width <= 600 else 160) - 1
    name = f"salle-20-{width}x{height}"
    screenshot(page, name)
    assert reachable(page) >= members
    assert axe_violations(page) == []

    # Gallery view: everyone in equal tiles, herself included, and the choice kept for the tab.
    page.get_by_role("button", name="Vue galerie").click()
    expect(page.get_by_role("button", name="Vue galerie")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#grid .tile")).to_have_count(BOTS + 1)
    assert page.evaluate("sessionStorage.getItem('entraide-room-view')") == "gallery"
    screenshot(page, f"{name}-galerie")
    assert reachable(page) >= members | {me}
    page.get_by_role("button", name="Vue galerie").click()
    expect(page.get_by_role("button", name="Vue galerie")).to_have_attribute("aria-pressed", "false")

    # Someone has the floor: her tile takes the stage, the others a band (a strip to swipe on a phone).
    page.get_by_role("button", name="Participantes", exact=True).click()
    people = page.locator("#panel-people")
    expect(people).to_be_visible()
    assert page.evaluate("document.querySelector('#panel-people').contains(document.activeElement)")
    if width <= 600:
        overlay = people.bounding_box()  # the whole screen
        assert overlay is not None and overlay["width"] >= width - 1 and overlay["height"] >= height - 1
        screenshot(page, f"{name}-participantes")
    else:
        boxes = check_layout(page)  # the list shares the width, the videos stay on screen
        side = page.locator(".side").bounding_box()
        assert side is not None
        assert all(t["right"] <= side["x"] + 0.5 for t in boxes["tiles"] if t["list"] != "self-view")
        screenshot(page, f"{name}-participantes")
    page.get_by_role("button", name="Donner la parole : Léa Test").click()
    expect(page.locator("#stage .tile")).to_have_count(1)
    expect(page.locator("#stage")).to_contain_text("Léa Test")
    people.get_by_role("button", name="Fermer").click()
    expect(people).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "btn-people"
    if width > 600:
        page.get_by_role("button", name="Discussion").click()
        expect(page.locator("#panel-chat")).to_be_visible()
        check_layout(page)
        page.get_by_role("button", name="Discussion").click()
    stage = page.locator("#stage .tile").bounding_box()
    assert stage is not None and stage["width"] >= min(width * 0.5, 600)
    screenshot(page, f"{name}-la-parole")
    assert reachable(page) >= members - {
        page.evaluate("document.querySelector('#stage .tile').dataset.member")
    }
    assert axe_violations(page) == []
    # Back to the first page: « Page suivante » is then enabled, hence reachable with Tab.
    prev = page.get_by_role("button", name="Page précédente")
    while prev.is_visible() and prev.is_enabled():
        try:
            prev.click(timeout=2_000)
        except PlaywrightTimeoutError:
            pass  # the grid laid itself out again between the check and the click (a tile came): look again
    wanted = {"btn-mic", "btn-view", "btn-people", "btn-leave"}
    if page.locator("#pager").is_visible():  # at 1920×1080 the band holds all eighteen: no pages
        expect(page.get_by_role("button", name="Page suivante")).to_be_enabled()
        wanted.add("page-next")
    assert tab_reaches(page, wanted) == wanted
    page.get_by_role("button", name="Reprendre la parole").click()
    expect(page.locator("#stage")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})


NO_SCREEN_SHARING = "delete MediaDevices.prototype.getDisplayMedia;"
REFUSED = """
navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };
"""
NO_CAMERA = """
(() => {
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (constraints.video) throw new DOMException('Requested device not found', 'NotFoundError');
    return real(constraints);
  };
})();
"""
# Autoplay rules: play() refuses sound until the page has had a click, as a phone's browser does when
# nothing was touched since the page loaded (a reload); here the clicks before the sound arrived do not count.
AUTOPLAY_BLOCKED = """
(() => {
  const real = HTMLMediaElement.prototype.play;
  let refused = false, allowed = false;
  addEventListener('click', () => { if (refused) allowed = true; }, true);
  HTMLMediaElement.prototype.play = function () {
    if (this instanceof HTMLAudioElement && !allowed) {
      refused = true;
      return Promise.reject(new DOMException('play() failed: the user did not interact', 'NotAllowedError'));
    }
    return real.call(this);
  };
})();
"""


@pytest.fixture
def small_room(live_server: LiveServer) -> dict[str, Any]:
    return make_workshop(live_server.env, capacity=5, participants=1)


def test_no_screen_sharing_on_a_phone_says_so(chromium: Browser, live_server: LiveServer, small_room: dict):
    page = host_context(chromium, live_server, small_room["people"]["host"]["email"], NO_SCREEN_SHARING)
    try:
        page.set_viewport_size({"width": 360, "height": 740})
        enter(page, small_room["workshop"], open_doors=False)
        expect(page.locator("#btn-mic")).to_be_visible()
        expect(page.locator("#btn-screen")).to_be_hidden()
        page.get_by_role("button", name="Réglages").click()
        expect(page.get_by_role("dialog")).to_contain_text(
            "Le partage d'écran n'est pas possible sur ce téléphone : utilisez un ordinateur."
        )
        page.locator("#no-screen-share").scroll_into_view_if_needed()
        screenshot(page, "salle-sans-partage-d-ecran-360px")
    finally:
        close(page)


def test_screen_sharing_where_it_exists_has_no_such_note(
    chromium: Browser, live_server: LiveServer, small_room: dict
):
    page = host_context(chromium, live_server, small_room["people"]["host"]["email"])
    try:
        enter(page, small_room["workshop"], open_doors=False)
        expect(page.locator("#btn-screen")).to_be_visible()
        page.get_by_role("button", name="Réglages").click()
        expect(page.locator("#no-screen-share")).to_be_hidden()
    finally:
        close(page)


def test_camera_and_microphone_refused_say_how_to_allow_them(
    chromium: Browser, live_server: LiveServer, small_room: dict
):
    page = host_context(chromium, live_server, small_room["people"]["p1"]["email"], REFUSED)
    try:
        page.goto(f"/ateliers/{small_room['workshop']}/rejoindre")
        problem = page.locator("#device-problem")
        expect(problem).to_contain_text("Votre navigateur refuse l'accès à votre caméra et votre micro.")
        expect(problem).to_contain_text("l'icône de caméra ou de cadenas à gauche de l'adresse du site")
        expect(page.get_by_label("Rejoindre sans caméra")).to_be_checked()
        assert axe_violations(page) == []
        screenshot(page, "salle-acces-refuse")
    finally:
        close(page)


def test_no_camera_found_offers_to_join_without_one(
    chromium: Browser, live_server: LiveServer, small_room: dict
):
    page = host_context(chromium, live_server, small_room["people"]["p1"]["email"], NO_CAMERA)
    try:
        page.goto(f"/ateliers/{small_room['workshop']}/rejoindre")
        expect(page.locator("#device-problem")).to_have_text(
            "Aucune caméra n'a été trouvée sur cet appareil : vous rejoindrez sans caméra."
        )
        expect(page.get_by_label("Rejoindre sans caméra")).to_be_checked()
    finally:
        close(page)


def test_blocked_sound_gets_an_activate_button(chromium: Browser, live_server: LiveServer, small_room: dict):
    page = host_context(chromium, live_server, small_room["people"]["host"]["email"], AUTOPLAY_BLOCKED)
    crowd = None
    try:
        # Joined with the keyboard only: no click, so the page has no right to sound yet.
        page.goto(f"/ateliers/{small_room['workshop']}/rejoindre")
        page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.").press(
            "Space"
        )
        page.get_by_role("button", name="Rejoindre", exact=True).press("Enter")
        page.get_by_role("button", name="Ouvrir l'atelier").press("Enter")
        expect(page.get_by_role("button", name="Ouvrir l'atelier")).to_be_hidden()
        crowd = PublishingCrowd(
            live_server.media_url, live_server.secret, small_room["workshop"], 1, microphone=True
        )
        crowd.wait_ready()
        blocked = page.locator("#sound-blocked")
        expect(blocked).to_be_visible(timeout=30_000)
        expect(blocked).to_contain_text("Votre navigateur a bloqué le son de l'atelier.")
        screenshot(page, "salle-son-bloque")
        page.get_by_role("button", name="Activer le son").click()
        expect(blocked).to_be_hidden()
        assert page.evaluate("[...document.querySelectorAll('#audio-sink audio')].some(a => !a.paused)")
    finally:
        if crowd is not None:
            crowd.close()
        close(page)
