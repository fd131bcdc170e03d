"""The live room in real Chromium: a host and two participants with fake cameras and microphones,
through the real web app and media node (tests/browser/conftest.py), on loopback.

One workshop for the whole module (joining is the slow part on a 2-core machine); the tests run in
file order and each leaves the room in the state the next one expects.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.room_helpers import (
    CUT_AS_SHE_PUBLISHES,
    INBOUND_STATS,
    PASSWORD,
    CuttableProxy,
    make_workshop,
    room_context,
    through_proxy_script,
)
from tests.browser_support import LiveServer, axe_violations, login_as, running_platform, screenshot

WAIT = 15_000  # ms: bounded waits everywhere
expect.set_options(timeout=WAIT)  # a loaded 2-core machine can take more than the default 5 s


@dataclass
class Room:
    workshop: int
    people: dict[str, dict[str, Any]]
    pages: dict[str, Page] = field(default_factory=dict)
    contexts: list[BrowserContext] = field(default_factory=list)
    status_url: str = ""
    proxy: CuttableProxy | None = None  # p2's way to the node once her network has been cut

    def url(self) -> str:
        return f"/ateliers/{self.workshop}/rejoindre"


def new_page(
    chromium: Browser, live_server: LiveServer, email: str, *, bypass_csp: bool = False, init: str = ""
) -> tuple[BrowserContext, Page]:
    context, page = room_context(chromium, live_server, WAIT, bypass_csp=bypass_csp, init=init)
    page.on("pageerror", lambda error: ERRORS.append(f"{email}: {error}"))
    login_as(page, email, PASSWORD)
    return context, page


ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def no_script_errors() -> Iterator[None]:
    """Any uncaught error in a room page fails the test that caused it."""
    ERRORS.clear()
    yield
    assert ERRORS == []


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this module's own: the node's /status counts seats and connections over all its
    rooms, and the checks below count this module's room alone (another module's room holds its
    seats 60 s after its pages closed: run after test_room_adapt.py, three tests failed)."""
    with running_platform(tmp_path_factory.mktemp("room")) as server:
        yield server


@pytest.fixture(scope="module")
def room(chromium: Browser, live_server: LiveServer) -> Iterator[Room]:
    data = make_workshop(live_server.env, capacity=2, participants=3)
    assert [data["people"][k]["status"] for k in ("p1", "p2", "p3")] == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    r = Room(data["workshop"], data["people"])
    r.status_url = live_server.media_url.replace("ws://", "http://") + "/status"
    for key in ("host", "p1", "p2"):
        context, page = new_page(chromium, live_server, data["people"][key]["email"])
        r.contexts.append(context)
        r.pages[key] = page
    yield r
    for context in r.contexts:
        context.close()
    if r.proxy is not None:
        r.proxy.close()


def enter(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Avant d'entrer")).to_be_visible()
    engagement = page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.")
    if not engagement.is_checked():
        engagement.check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()


def wait_js(page: Page, expression: str, within: float = WAIT / 1000) -> None:
    """Poll a JS expression (page.wait_for_function would need 'unsafe-eval', which the CSP forbids)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.2)
    raise AssertionError(f"not true within {within} s: {expression}")


def wait_videos(page: Page, count: int = 2, within: float = 30) -> None:
    """The others' cameras play on her tiles (30 s: the first key frame waits for a loaded machine)."""
    try:
        wait_js(
            page,
            f"[...document.querySelectorAll('.tile:not(.me) video')].filter(v => v.videoWidth > 0).length >= {count}",
            within,
        )
    except AssertionError:
        tiles = page.evaluate(
            "[...document.querySelectorAll('.tile')].map(t => [t.dataset.member, t.dataset.source, "
            "t.querySelector('video').videoWidth])"
        )
        raise AssertionError(f"videos not playing: {tiles}; stats {inbound(page)}") from None


def inbound(page: Page) -> dict[str, list[dict[str, Any]]]:
    return page.evaluate(INBOUND_STATS)


def node_status(room: Room) -> dict[str, Any]:
    return httpx.get(room.status_url, timeout=5).json()


def test_prejoin_screen_preview_meter_engagement_and_accessibility(room: Room):
    page = room.pages["p1"]
    page.goto(room.url())
    expect(page.get_by_role("heading", name="Avant d'entrer")).to_be_visible()
    join = page.get_by_role("button", name="Rejoindre", exact=True)
    expect(join).to_be_disabled()  # the engagement comes first
    # The fake camera plays in the preview and the fake microphone's beeps move the meter.
    wait_js(page, "document.querySelector('#preview').videoWidth > 0")
    wait_js(page, "document.querySelector('#mic-level').value > 0")
    expect(page.get_by_label("Caméra", exact=True)).to_be_visible()
    expect(page.get_by_label("Micro", exact=True)).to_be_visible()
    expect(page.get_by_label("Rejoindre sans caméra")).not_to_be_checked()
    page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.").check()
    expect(join).to_be_enabled()
    assert axe_violations(page) == []
    screenshot(page, "salle-avant-d-entrer")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "salle-avant-d-entrer-360px")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_green_room_lobby_then_doors_open(room: Room):
    host, p1, p2 = room.pages["host"], room.pages["p1"], room.pages["p2"]
    enter(host, room.url())
    expect(host.locator("#green-room")).to_contain_text("Vous êtes dans la loge.")
    expect(host.locator("#green-room")).to_be_visible()
    enter(p1, room.url())
    expect(p1.get_by_text("L'intervenante va ouvrir l'atelier", exact=True)).to_be_visible()
    enter(p2, room.url())
    expect(p2.get_by_text("L'intervenante va ouvrir l'atelier", exact=True)).to_be_visible()
    expect(host.locator("#waiting-count")).to_have_text("2 personnes attendent dans la salle d'attente.")
    host.get_by_role("button", name="Ouvrir l'atelier").click()
    for page in (p1, p2):
        expect(page.locator("#live")).to_be_visible()
        expect(page.locator("#grid .tile, #stage .tile")).to_have_count(3)
    expect(host.locator("#grid .tile")).to_have_count(2)
    expect(host.locator("#grid")).to_contain_text("Awa Participante")


def test_everyone_receives_two_videos_and_audio_and_the_node_never_decodes(room: Room):
    pages = [room.pages[k] for k in ("host", "p1", "p2")]
    deadline = time.monotonic() + 25
    first: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        first = [inbound(p) for p in pages]
        if all(
            sum(1 for v in s["video"] if v["frames"] > 0) >= 2 and any(a["packets"] > 0 for a in s["audio"])
            for s in first
        ):
            break
        time.sleep(0.5)
    time.sleep(2)
    second = [inbound(p) for p in pages]
    for name, before, after in zip(("host", "p1", "p2"), first, second, strict=True):
        frames = {v["ssrc"]: v["frames"] for v in before["video"]}
        rising = [v for v in after["video"] if v["frames"] > frames.get(v["ssrc"], 0) > 0]
        assert len(rising) >= 2, f"{name}: {after['video']}"
        packets = {a["ssrc"]: a["packets"] for a in before["audio"]}
        assert any(a["packets"] > packets.get(a["ssrc"], 0) > 0 for a in after["audio"]), (
            f"{name}: {after['audio']}"
        )
    status = node_status(room)
    assert status["decode"] == 0 and status["encode"] == 0, status
    # Videos are on the tiles: the others' cameras play on each page.
    for page in pages:
        wait_videos(page)
    screenshot(room.pages["host"], "salle-3-personnes")
    screenshot(room.pages["p1"], "salle-3-personnes-participante")
    assert axe_violations(room.pages["p1"]) == []
    assert axe_violations(room.pages["host"]) == []


def test_host_shares_her_screen_on_everyone_s_stage(room: Room):
    host, p1 = room.pages["host"], room.pages["p1"]
    share = host.get_by_role("button", name="Partager l'écran")
    share.click()
    expect(share).to_have_attribute("aria-pressed", "true")
    expect(p1.locator("#stage .tile.screen")).to_have_count(1)
    expect(p1.locator("#stage .tile.screen")).to_contain_text("Écran partagé par Claire Intervenante")
    wait_js(p1, "document.querySelector('#stage .tile.screen video')?.videoWidth > 0", 30)
    share.click()
    expect(share).to_have_attribute("aria-pressed", "false")
    expect(p1.locator("#stage .tile.screen")).to_have_count(0)


def test_raised_hands_reach_the_host_in_order_and_she_gives_the_floor(room: Room):
    host, p1, p2 = room.pages["host"], room.pages["p1"], room.pages["p2"]
    p2.get_by_role("button", name="Main").click()
    expect(host.locator("#hands-list li")).to_have_count(1)
    p1.get_by_role("button", name="Main").click()
    expect(host.locator("#hands-list li")).to_have_count(2)
    expect(host.locator("#hands-list li").nth(0)).to_contain_text("1. Inès Participante")
    expect(host.locator("#hands-list li").nth(1)).to_contain_text("2. Awa Participante")
    expect(p1.get_by_role("button", name="Main")).to_have_attribute("aria-pressed", "true")
    host.get_by_role("button", name="Donner la parole à Inès Participante").click()
    expect(p1.locator("#floor-text")).to_have_text("Inès Participante a la parole.")
    expect(p2.locator("#floor-text")).to_have_text("Vous avez la parole.")
    expect(host.locator("#hands-list li")).to_have_count(1)
    p1.get_by_role("button", name="Main").click()  # she lowers her own hand
    expect(host.locator("#hands-list")).to_have_text("Aucune main levée.")
    host.get_by_role("button", name="Reprendre la parole").click()
    expect(p1.locator("#floor-banner")).to_be_hidden()


def test_host_mutes_a_participant_and_her_page_shows_it(room: Room):
    host, p1 = room.pages["host"], room.pages["p1"]
    mic = p1.get_by_role("button", name="Micro")
    expect(mic).to_have_attribute("aria-pressed", "true")
    host.get_by_role("button", name="Participantes", exact=True).click()
    host.get_by_role("button", name="Couper le micro : Awa Participante").click()
    expect(mic).to_have_attribute("aria-pressed", "false")
    expect(mic).to_contain_text("coupé")
    expect(p1.locator("#announcer")).to_contain_text("L'intervenante a coupé votre micro")
    assert p1.evaluate("document.querySelector('#btn-mic') && true")
    expect(host.locator("#people-list")).to_contain_text("micro coupé")
    mic.click()  # she unmutes herself
    expect(mic).to_have_attribute("aria-pressed", "true")
    expect(host.locator("#people-list li", has_text="Awa")).not_to_contain_text("micro coupé")
    host.get_by_role("button", name="Couper tous les micros").click()
    for page in (p1, room.pages["p2"]):
        expect(page.get_by_role("button", name="Micro")).to_have_attribute("aria-pressed", "false")
        page.get_by_role("button", name="Micro").click()
        expect(page.get_by_role("button", name="Micro")).to_have_attribute("aria-pressed", "true")
    expect(host.locator("#btn-mic")).to_have_attribute("aria-pressed", "true")  # hosts keep theirs


def test_chat_to_everyone_and_privately_to_the_hosts(room: Room):
    host, p1, p2 = room.pages["host"], room.pages["p1"], room.pages["p2"]
    p1.get_by_role("button", name="Discussion").click()
    p1.get_by_label("Votre message").fill("Bonjour à toutes !")
    p1.get_by_role("button", name="Envoyer").click()
    for page in (host, p2):
        expect(page.locator("#chat-log")).to_contain_text("Bonjour à toutes !")
    expect(p2.locator("#btn-chat .count")).to_have_text("1")
    p1.get_by_label("Destinataires").select_option("hosts")
    p1.get_by_label("Votre message").fill("Je dois partir à 19 h.")
    p1.keyboard.press("Enter")
    expect(host.locator("#chat-log")).to_contain_text("Je dois partir à 19 h.")
    expect(host.locator("#chat-log .private")).to_contain_text("en privé aux intervenantes")
    expect(p1.locator("#chat-log")).to_contain_text("Je dois partir à 19 h.")
    p2.wait_for_timeout(500)
    expect(p2.locator("#chat-log")).not_to_contain_text("Je dois partir")


def test_tour_de_table_with_a_shared_timer_and_skip(room: Room):
    host, p1, p2 = room.pages["host"], room.pages["p1"], room.pages["p2"]
    host.get_by_label("Minutes par personne").fill("1")
    host.get_by_role("button", name="Lancer le tour de table").click()
    for page in (p1, p2, host):
        expect(page.locator("#round-timer")).to_contain_text(
            re.compile(r"Tour de table, 1 sur 2 — temps restant 0:[45]\d|1:00")
        )
    expect(p2.locator("#floor-text")).to_have_text("Awa Participante a la parole.")
    host.get_by_role("button", name="Passer à la suivante").click()
    expect(p1.locator("#floor-text")).to_have_text("Inès Participante a la parole.")
    expect(p1.locator("#round-timer")).to_contain_text("2 sur 2")
    host.get_by_role("button", name="Passer à la suivante").click()  # after the last one: the round ends
    expect(p1.locator("#floor-banner")).to_be_hidden()
    expect(host.get_by_role("button", name="Lancer le tour de table")).to_be_visible()


def test_keyboard_shortcuts_and_help_dialog(room: Room):
    p2 = room.pages["p2"]
    p2.locator("body").press("Alt+Shift+A")
    dialog = p2.get_by_role("dialog", name="Réglages")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Lever ou baisser la main")
    p2.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    p2.keyboard.press("Alt+Shift+H")
    expect(room.pages["host"].locator("#hands-list li")).to_contain_text("Inès Participante")
    expect(p2.get_by_role("button", name="Main")).to_have_attribute("aria-pressed", "true")
    p2.keyboard.press("Alt+Shift+H")
    expect(room.pages["host"].locator("#hands-list")).to_have_text("Aucune main levée.")
    p2.keyboard.press("Alt+Shift+R")  # reactions: the menu opens with the focus on its first choice
    expect(p2.get_by_role("button", name="pouce levé")).to_be_focused()
    p2.keyboard.press("Enter")
    expect(room.pages["host"].locator("#announcer")).to_have_text("Inès Participante : pouce levé")
    expect(
        room.pages["host"].locator(f".tile[data-member='{room.people['p2']['id']}'] .reaction")
    ).to_have_text("👍")
    expect(p2.locator("#reactions-menu")).to_be_hidden()


OUTBOUND_AUDIO = """(() => { let n = 0; const pcs = window.__pcs || [];
  return Promise.all(pcs.map(pc => pc.getStats())).then(all => { all.forEach(stats => stats.forEach(r => {
    if (r.type === 'outbound-rtp' && r.kind === 'audio') n += r.packetsSent; })); return n; }); })()"""


def test_a_participant_changes_her_microphone_in_the_room(room: Room):
    p1 = room.pages["p1"]
    p1.get_by_role("button", name="Réglages").click()
    dialog = p1.get_by_role("dialog", name="Réglages")
    mic = dialog.get_by_label("Choisir le micro")
    # Chromium's fake devices list three microphones; the list fills in once the dialog has asked for them.
    expect(mic).to_be_enabled()
    expect(mic.locator("option")).to_have_count(3)
    current = mic.input_value()
    other = next(v for v in mic.locator("option").evaluate_all("os => os.map(o => o.value)") if v != current)
    label = mic.locator(f"option[value='{other}']").inner_text()
    publishing = p1.evaluate("window.__pcs.length")
    mic.select_option(other)
    expect(p1.locator("#announcer")).to_have_text(f"Micro : {label}.")
    # The same sender now carries the new microphone: no new connection, nothing renegotiated.
    wait_js(
        p1,
        "window.__pcs.some(pc => pc.getSenders().some(s => s.track && s.track.kind === 'audio' "
        f"&& s.track.readyState === 'live' && s.track.getSettings().deviceId === '{other}'))",
    )
    assert p1.evaluate("window.__pcs.length") == publishing
    sent = p1.evaluate(OUTBOUND_AUDIO)
    time.sleep(1.5)
    assert p1.evaluate(OUTBOUND_AUDIO) > sent
    expect(p1.get_by_role("button", name="Micro")).to_have_attribute("aria-pressed", "true")
    p1.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


# Records what an element says over time (a status shown for a few hundred ms is still seen).
RECORD_TEXTS = """(selector) => {
  const el = document.querySelector(selector);
  window.__texts = window.__texts || {};
  const seen = window.__texts[selector] = [];
  new MutationObserver(() => seen.push(el.hidden ? "" : el.textContent))
    .observe(el, { childList: true, characterData: true, subtree: true, attributes: true });
}"""
# Her receiving connection fails, as it does when her network changes under it (test hook: the page's
# own handler sees `failed`; nothing else of the connection is touched).
FAIL_RECEIVING_CONNECTION = """() => {
  const pc = window.__pcs.filter((p) => p.connectionState === "connected" && p.getTransceivers().length > 3).pop();
  Object.defineProperty(pc, "connectionState", { get: () => "failed" });
  pc.dispatchEvent(new Event("connectionstatechange"));
}"""
TILES = "[...document.querySelectorAll('.tile:not(.me)')].map((t) => `${t.dataset.member}:${t.dataset.source}`).sort()"


def test_a_failed_connection_is_rebuilt_for_the_same_seat_without_anyone_seeing_her_leave(room: Room):
    host, p1 = room.pages["host"], room.pages["p1"]
    wait_videos(p1)
    tiles = p1.evaluate(TILES)
    p1.evaluate(RECORD_TEXTS, "#connection-status")
    host.evaluate(RECORD_TEXTS, "#announcer")
    p1.evaluate(FAIL_RECEIVING_CONNECTION)
    expect(p1.locator("#connection-status")).to_be_hidden(timeout=WAIT)
    assert "Reconnexion…" in p1.evaluate("window.__texts['#connection-status']")
    wait_videos(p1)
    assert p1.evaluate(TILES) == tiles
    # Her camera, on its new connection, keeps playing on the intervenante's page.
    frames = (
        f'document.querySelector(\'.tile[data-member="{room.people["p1"]["id"]}"][data-source="camera"] video\')'
        "?.getVideoPlaybackQuality().totalVideoFrames || 0"
    )
    before = host.evaluate(frames)
    wait_js(host, f"({frames}) > {before + 10}", 20)
    said = host.evaluate("window.__texts['#announcer']")
    assert not [line for line in said if "connexion" in line or "rejoint" in line], said


def test_network_loss_shows_reconnecting_then_rejoins_the_same_seat(
    room: Room, chromium: Browser, live_server: LiveServer
):
    host = room.pages["host"]
    proxy = room.proxy = CuttableProxy(int(live_server.media_url.rsplit(":", 1)[1]))
    # Her network is cut between her page and the node: she joins again from a page that reaches the
    # node through the proxy (same member: the node hands this page her seat; the old one is closed).
    context, p2 = new_page(
        chromium,
        live_server,
        room.people["p2"]["email"],
        bypass_csp=True,
        init=through_proxy_script(live_server.media_url, proxy.port),
    )
    old = room.contexts[2]
    room.contexts[2], room.pages["p2"] = context, p2
    enter(p2, room.url())
    expect(p2.locator("#live")).to_be_visible()
    old.close()
    wait_videos(p2)
    proxy.cut()
    expect(p2.locator("#connection-status")).to_have_text("Reconnexion…")
    expect(host.locator("#announcer")).to_contain_text("Inès Participante a perdu la connexion")
    time.sleep(2)
    proxy.restore()
    expect(p2.locator("#connection-status")).to_be_hidden(timeout=WAIT)
    expect(p2.locator("#live")).to_be_visible()
    expect(host.locator("#grid")).to_contain_text("Inès Participante")
    wait_videos(p2)
    assert node_status(room)["seats"] == 3


def test_her_network_lost_as_her_camera_is_sent_costs_her_no_wait(
    room: Room, chromium: Browser, live_server: LiveServer
):
    """The answer to her camera's offer cannot come on a socket that was lost just after it: the rejoin
    sends her camera again at once. (It waited 15 s for that answer, « Reconnexion… » showing, then said
    her camera could not be sent; CI failed the test above on it when the cut came that early.)"""
    host = room.pages["host"]
    proxy = CuttableProxy(int(live_server.media_url.rsplit(":", 1)[1]))
    context, p2 = new_page(
        chromium,
        live_server,
        room.people["p2"]["email"],
        bypass_csp=True,
        init=through_proxy_script(live_server.media_url, proxy.port) + CUT_AS_SHE_PUBLISHES,
    )
    context.expose_function("__cutNetwork", proxy.cut)
    old, old_proxy = room.contexts[2], room.proxy
    room.contexts[2], room.pages["p2"], room.proxy = context, p2, proxy
    enter(p2, room.url())
    expect(p2.locator("#live")).to_be_visible()
    old.close()
    if old_proxy is not None:
        old_proxy.close()
    expect(p2.locator("#connection-status")).to_have_text("Reconnexion…")
    proxy.restore()
    # Her next try comes within a second; the restart's answer within a second more on a busy machine.
    expect(p2.locator("#connection-status")).to_be_hidden(timeout=8_000)
    wait_videos(p2)
    wait_js(
        host,
        "[...document.querySelectorAll('.tile:not(.me)')].some(t => t.textContent.includes('Inès')"
        " && t.querySelector('video')?.videoWidth > 0)",
    )
    assert "n'a pas pu être transmis" not in p2.locator("#announcer").inner_text()
    assert node_status(room)["seats"] == 3


def test_a_reloaded_page_comes_back_to_her_seat_and_a_fourth_person_is_refused(
    room: Room, chromium: Browser, live_server: LiveServer
):
    host, p1 = room.pages["host"], room.pages["p1"]
    p1.reload()
    expect(host.locator("#announcer")).to_contain_text(
        re.compile("Awa Participante a (perdu la connexion|quitté)")
    )
    # This time she joins without her camera; the engagement is remembered for this tab.
    expect(p1.get_by_role("heading", name="Avant d'entrer")).to_be_visible()
    p1.get_by_label("Rejoindre sans caméra").check()
    expect(
        p1.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.")
    ).to_be_checked()
    p1.get_by_role("button", name="Rejoindre", exact=True).click()
    expect(p1.locator("#live")).to_be_visible()  # straight into the room: no lobby, same seat
    expect(host.locator("#grid")).to_contain_text("Awa Participante")
    wait_videos(p1)
    awa = host.locator(f"#grid .tile[data-member='{room.people['p1']['id']}']")
    expect(awa).not_to_have_class(re.compile("has-video"))
    camera = p1.get_by_role("button", name="Caméra")
    expect(camera).to_have_attribute("aria-pressed", "false")
    camera.click()  # she turns it on after all: a new source on her publishing connection
    expect(camera).to_have_attribute("aria-pressed", "true")
    expect(awa).to_have_class(re.compile("has-video"))
    camera.click()  # and off again: the others see her initials, not a frozen picture
    expect(camera).to_have_attribute("aria-pressed", "false")
    expect(awa).not_to_have_class(re.compile("has-video"))
    camera.click()
    expect(awa).to_have_class(re.compile("has-video"))
    assert node_status(room)["seats"] == 3
    # The fourth person has no seat (waitlisted, the workshop is full): the web app gives her no ticket.
    context, page = new_page(chromium, live_server, room.people["p3"]["email"])
    try:
        response = page.goto(room.url())
        assert response is not None and response.status == 403
        expect(page.get_by_text("Vous êtes sur la liste d'attente")).to_be_visible()
        assert page.locator("#room").count() == 0
    finally:
        context.close()


def test_room_at_360_px(room: Room):
    page = room.pages["p1"]
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        expect(page.get_by_role("button", name="Quitter")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "salle-3-personnes-360px")
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


def test_host_locks_promotes_a_co_host_and_removes_someone(room: Room):
    host, p1, p2 = room.pages["host"], room.pages["p1"], room.pages["p2"]
    host.get_by_role("button", name="Verrouiller l'atelier").click()
    expect(p1.locator("#announcer")).to_contain_text("L'atelier est verrouillé.")
    expect(host.get_by_role("button", name="Déverrouiller l'atelier")).to_have_attribute(
        "aria-pressed", "true"
    )
    host.get_by_role("button", name="Déverrouiller l'atelier").click()
    expect(host.get_by_role("button", name="Verrouiller l'atelier")).to_have_attribute(
        "aria-pressed", "false"
    )
    if not host.locator("#panel-people").is_visible():
        host.get_by_role("button", name="Participantes", exact=True).click()
    host.get_by_role("button", name="Nommer co-animatrice : Awa Participante").click()
    expect(p1.locator("#host-panel")).to_be_visible()  # her page now shows the host controls
    expect(p1.locator("#end-all")).to_be_hidden()  # ending for all stays with the intervenante
    host.get_by_role("button", name="Retirer : Inès Participante").click()
    host.get_by_role("dialog").get_by_role("button", name="Retirer").click()
    expect(p2.locator("#ended-text")).to_have_text("Vous avez été retirée de l'atelier par l'intervenante.")
    expect(host.locator("#grid")).not_to_contain_text("Inès Participante")


def test_end_for_all_sends_everyone_out(room: Room):
    host, p1 = room.pages["host"], room.pages["p1"]
    host.get_by_role("button", name="Terminer pour tous").click()
    host.get_by_role("dialog").get_by_role("button", name="Terminer pour tous").click()
    for page in (p1,):
        expect(page.locator("#ended-text")).to_have_text(
            "L'intervenante a terminé l'atelier. Merci de votre participation !"
        )
    expect(host.locator("#ended")).to_be_visible()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and node_status(room)["connections"] > 0:
        time.sleep(0.2)
    assert node_status(room)["connections"] == 0
    assert json.dumps(node_status(room))  # the node is still healthy
