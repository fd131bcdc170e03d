"""Each receiver gets what her page shows: « Économiser les données » in real Chromium.

The intervenante and one participante with fake cameras, through the real web app and media node.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from live.platform_kit import CHROMIUM_ARGS
from live.shaped_link import ShapedLink
from tests.browser.room_helpers import PASSWORD, make_workshop, room_context
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
        context, page = room_context(chromium, live_server, WAIT)
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


FRAMES = """async ([member, source]) => {
  const video = document.querySelector(`.tile[data-member="${member}"][data-source="${source}"] video`);
  const track = video && video.srcObject ? video.srcObject.getVideoTracks()[0] : null;
  let frames = null;
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed" || !track) continue;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "video" && r.trackIdentifier === track.id) {
        frames = [r.framesDecoded, r.frameHeight || 0, track.id];
      }
    });
  }
  return frames;
}"""

SENT_MODE = """async () => {
  const modes = [];
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((r) => { if (r.type === "outbound-rtp" && r.kind === "video") modes.push(r.scalabilityMode); });
  }
  return modes;
}"""


def test_a_receiver_on_a_narrow_link_gets_a_camera_s_copy_and_the_others_the_camera(
    chromium: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    """One participante behind 400 kbit/s (tbf in a namespace of her own) while the intervenante and
    the other participante send more than that each: the node forwards her the quarter-size copy of a
    camera (or its lower temporal layers), which keeps coming, smaller or at a lower frame rate,
    while a page on an open link gets that camera whole. The full run, with loss, delay and recovery,
    is bench/weak_link.py."""
    link = ShapedLink(tmp_path, int(live_server.url.rsplit(":", 1)[1]))
    shaped = chromium.browser_type.launch(executable_path=str(link.wrapper), args=CHROMIUM_ARGS)
    contexts: list[BrowserContext] = []
    try:
        data = make_workshop(live_server.env, capacity=2, participants=2)
        ids = {key: str(person["id"]) for key, person in data["people"].items()}
        pages: dict[str, Page] = {}
        for key, browser in (("host", chromium), ("p2", chromium), ("p1", shaped)):
            context, pages[key] = room_context(browser, live_server, WAIT)
            contexts.append(context)
            login_as(pages[key], data["people"][key]["email"], PASSWORD)
        url = f"/ateliers/{data['workshop']}/rejoindre"
        enter(pages["host"], url)
        pages["host"].get_by_role("button", name="Ouvrir l'atelier").click()
        enter(pages["p2"], url)
        enter(pages["p1"], url)
        wait_js(
            pages["p1"],
            f"document.querySelector('.tile[data-member=\"{ids['host']}\"] video')?.videoWidth > 0",
            30,
        )
        link.set_rate("400kbit")  # once her page is loaded: the site's pages come over that link too
        try:  # her browser's estimate counts after 5 s; then the node lowers layers for her
            wait_js(pages["p1"], "(window.__entraideQuality?.reduced || []).length > 0", 30)
        except AssertionError:
            seen = pages["p1"].evaluate("[window.__entraideView, window.__entraideQuality]")
            raise AssertionError(f"no layer was lowered for her: view, quality = {seen}") from None
        sent = pages["host"].evaluate(SENT_MODE)
        assert sent.count("L1T3") == 2, sent  # the camera and its copy, each in three layers
        # Her link carries the speaker's camera or the other's, not both: the node lowers one or the
        # other for her, and may change its mind when it probes her link. A window counts when one
        # camera was lowered (not paused) all through it, as the page says, and its tile kept its video.
        reduced = "window.__entraideQuality?.reduced || []"
        seen = []
        for _ in range(10):
            lowered = pages["p1"].evaluate(reduced)
            if not lowered:
                time.sleep(1)
                continue
            member, source = lowered[0].split(":")
            other = next(key for key in ("host", "p2") if ids[key] != member)  # an open link, same camera
            observed = {"shaped": pages["p1"], "open": pages[other]}
            time.sleep(0.5)  # the cut takes effect at the next frames
            start = {key: page.evaluate(FRAMES, [member, source]) for key, page in observed.items()}
            t0 = time.monotonic()
            time.sleep(2.5)
            elapsed = time.monotonic() - t0
            end = {key: page.evaluate(FRAMES, [member, source]) for key, page in observed.items()}
            if lowered[0] not in pages["p1"].evaluate(reduced) or any(
                not start[key] or not end[key] or start[key][2] != end[key][2] for key in observed
            ):
                continue  # raised or paused meanwhile
            fps = {key: (end[key][0] - start[key][0]) / elapsed for key in observed}
            height = {key: end[key][1] for key in observed}
            seen.append((fps, height))
            if fps["shaped"] > 0:
                # Less of it for her: half its height (the copy), or half its frame rate (its layers).
                assert height["open"] >= 2 * height["shaped"] or fps["open"] > 1.5 * fps["shaped"], (
                    fps,
                    height,
                )
                break
        else:
            raise AssertionError(f"no camera came lowered to her for 3 s: {seen}")
    finally:
        for context in contexts:  # (left open, the two pages on the open link stayed in their room)
            context.close()
        shaped.close()
        link.close()
