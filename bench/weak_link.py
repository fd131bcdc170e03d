"""One receiver on a weak link, in real Chromium: what she still gets of the intervenante.

    unshare --net -- sh -c 'ip link set lo up && .venv/bin/python bench/weak_link.py [--json] [--short]'

The web app and the media node run on loopback (as in bench/join_time.py). The intervenante and one
unshaped participante run in one Chromium; the shaped participante runs in a second Chromium inside a
child network namespace joined to this one by a veth pair (10.77.0.1 here, 10.77.0.2 there;
live/shaped_link.py, shared with the suite's short test in tests/browser/test_room_adapt.py). Her
HTTP and websocket reach the site through two small TCP forwarders; her media goes over the veth,
where the node's side has `tc tbf` for the rate and a TUN relay of our own (bench/impair.py) for loss
and delay (this kernel has no `netem`). Phases: 10 Mbit/s (warm-up), 800 kbit/s with 3 % loss and
150 ms RTT, 300 kbit/s with the same loss and delay, back to 10 Mbit/s without loss.

Measured from her page's getStats(): the intervenante's video frames per second, freezes (Chromium's
freezeCount) and the longest gap between decoded frames; audio concealment (concealed minus silent
concealed samples over samples received, over every voice she receives); whether « Connexion faible »
shows; after the link is back, the seconds until the intervenante's video runs, for 2 s, at the
resolution and frame rate the unshaped participante gets of it meanwhile (80 % of it, at most 25 fps:
on a loaded machine the publisher's encoder lowers both), her page sampled every 0.25 s.
``others_fps``: the intervenante's video on the unshaped participante's page meanwhile (None when
that page's getStats() did not answer within 3 s).
``node``: the media node's NACKs, retransmissions (sent and skipped) and key frames asked, per phase.
``publisher``: what encoding the camera and its copy costs the intervenante's browser. With --json
the last line is one JSON object.

The code as it stands (2026-12-07 evening, 11 runs, phases of 30 s, load average 2-6 from this bench
alone): at 800 kbit/s 19.9-21.4 fps and no gap over 0.27 s; at 300 kbit/s 12.0-17.3 fps while not
paused; audio concealed under 5 % at both rates (at most 4.50 %); full quality back after 5.6-8.8 s
(median 7.0 s). Every run since the first, batch by batch with what each changed and what the node's
logs showed: bench/weak_link_runs.md.

The other participante kept 22.5-24.0 fps in every run; « Connexion faible » showed at every moment
the intervenante's video was paused. Chromium's freezeCount counts every frame late by more than
150 ms: at 3 % loss and 150 ms RTT a retransmission is that late (4-24 a minute). The intervenante's
copy costs her browser 27-33 % of her two encoders' time (Chromium's totalEncodeTime; not measured
on a phone).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATS = """
async (speaker) => Promise.race([new Promise((resolve) => setTimeout(() => resolve(null), 3000)), (async () => {
  const tile = document.querySelector(`.tile[data-member="${speaker}"][data-source="camera"] video`);
  const track = tile && tile.srcObject ? tile.srcObject.getVideoTracks()[0] : null;
  const out = { video: null, audio: [], weak: !document.querySelector('#link-weak').hidden,
                quality: window.__entraideQuality || null };
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type !== "inbound-rtp") return;
      if (r.kind === "video" && track && r.trackIdentifier === track.id) {
        out.video = { frames: r.framesDecoded || 0, freezes: r.freezeCount || 0, height: r.frameHeight || 0 };
      } else if (r.kind === "audio" && r.totalSamplesReceived > 0) {
        out.audio.push({ ssrc: r.ssrc, total: r.totalSamplesReceived,
                         concealed: (r.concealedSamples || 0) - (r.silentConcealedSamples || 0) });
      }
    });
  }
  return out;
})()])
"""


ENCODED = """
async () => {
  // The intervenante's outgoing videos: her camera (the taller) and its quarter-size copy.
  const found = [];
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "outbound-rtp" && r.kind === "video" && r.framesEncoded > 0) {
        found.push({ encode: r.totalEncodeTime || 0, height: r.frameHeight || 0, at: r.timestamp });
      }
    });
  }
  found.sort((a, b) => b.height - a.height);
  return { camera: found[0] || null, copy: found[1] || null };
}
"""


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


EMPTY: dict[str, Any] = {"video": None, "audio": [], "weak": False, "quality": None}


def sample(page: Any, speaker: str) -> dict[str, Any]:
    """Her page's stats now; EMPTY when getStats() did not answer within 3 s (a starved renderer)."""
    return page.evaluate(STATS, speaker) or EMPTY


def watch(page: Any, speaker: str, seconds: float) -> dict[str, Any]:
    """Samples every 0.25 s: fps, freezes per minute, longest gap, audio concealment, weak shown."""
    start = sample(page, speaker)
    t0 = time.monotonic()
    last_frames, last_change = (start["video"] or {}).get("frames", 0), t0
    last_freezes = (start["video"] or {}).get("freezes", 0)
    frames_total = freezes_total = 0
    longest = 0.0
    weak_seen = False
    paused_s = 0.0
    paused_unsaid = 0  # samples where her speaker's video was paused and « Connexion faible » not shown
    end = start
    sampled = t0
    while time.monotonic() - t0 < seconds:
        time.sleep(0.25)
        end = sample(page, speaker)
        now, since = time.monotonic(), time.monotonic() - sampled
        sampled = now
        weak_seen = weak_seen or end["weak"]
        if end["video"] is None:  # paused: no track on her tile, nothing decoded
            longest = max(longest, now - last_change)
            paused_s += since
            paused_unsaid += not end["weak"]
            continue
        frames, freezes = end["video"]["frames"], end["video"]["freezes"]
        # A slot re-pointed at her (another receiving stream) has counters of its own: they may
        # start over, or carry what that stream decoded before. Only a step forward counts.
        if frames < last_frames or frames - last_frames > 60 * since + 5:  # more than any camera sends
            last_frames, last_freezes = frames, freezes
        frames_total += frames - last_frames
        freezes_total += max(freezes - last_freezes, 0)
        last_freezes = freezes
        if frames != last_frames:
            last_frames, last_change = frames, now
        longest = max(longest, now - last_change)
    elapsed = time.monotonic() - t0
    a0 = {a["ssrc"]: a for a in start["audio"]}
    total = concealed = 0
    for a in end["audio"]:
        before = a0.get(a["ssrc"], {"total": 0, "concealed": 0})
        total += a["total"] - before["total"]
        concealed += a["concealed"] - before["concealed"]
    flowing = elapsed - paused_s
    return {
        "speaker_fps": round(frames_total / elapsed, 1),
        # While her speaker's video was not paused: what « ≥ 7 fps or paused » is judged on.
        "speaker_fps_unpaused": round(frames_total / flowing, 1) if flowing > 1 else None,
        "paused_s": round(paused_s, 1),
        "paused_without_weak_shown": paused_unsaid,
        "freezes_per_min": round(freezes_total * 60 / elapsed, 1),
        "longest_gap_s": round(longest, 2),
        "audio_concealed_pct": round(100 * concealed / total, 2) if total else None,
        "weak_shown": weak_seen,
        "paused": (end["quality"] or {}).get("paused", []),
        "reduced": (end["quality"] or {}).get("reduced", []),  # on lower temporal layers
    }


def recover(pages: dict[str, Any], speaker: str, warm_fps: float, warm_height: int) -> float | None:
    """Seconds from her link's return until the intervenante's video runs in full on her page, for
    2 s: the frame rate and the height the unshaped participante gets of it meanwhile (80 % of that
    rate, at most 25 fps: on a loaded machine the publisher's encoder lowers both), else what she had
    herself before her link was shaped. Her page is sampled every 0.25 s; None: not within 60 s."""
    back = time.monotonic()
    trace: list[tuple[float, int | None, int]] = []  # (seconds since back, frames decoded, height)
    other = [(0.0, sample(pages["p2"], speaker)["video"])]
    full = (min(25.0, 0.8 * warm_fps), warm_height)
    while time.monotonic() - back < 60:
        video = sample(pages["p1"], speaker)["video"]
        now = time.monotonic() - back
        trace.append((now, video["frames"] if video else None, video["height"] if video else 0))
        if now - other[-1][0] >= 2.0:
            other.append((now, sample(pages["p2"], speaker)["video"]))
            (t0, first), (t1, last) = other[0], other[-1]
            if first and last and last["frames"] > first["frames"]:
                full = (min(25.0, 0.8 * (last["frames"] - first["frames"]) / (t1 - t0)), last["height"])
        found = first_full(trace, full)
        if found is not None:
            say(
                f"full quality from {found:.1f} s after her link came back: {full[0]:.1f} fps, {full[1]} px high"
            )
            return round(found, 1)
        time.sleep(0.25)
    say(f"not back to full quality within 60 s; the last samples: {trace[-8:]}, full: {full}")
    return None


def first_full(trace: list[tuple[float, int | None, int]], full: tuple[float, int]) -> float | None:
    """The first sample from which 2 s of ``trace`` ran at ``full`` (frame rate, height), if any."""
    for i, (start, _, _) in enumerate(trace):
        window = [sample for sample in trace[i:] if sample[0] <= start + 2.0]
        if trace[-1][0] < start + 2.0:
            return None
        steps = [(t, frames) for t, frames, height in window if frames is not None and height >= full[1]]
        if len(steps) < len(window):
            continue
        # (A slot re-pointed at her has counters of its own: only steps forward count, as in watch.)
        decoded = sum(
            b - a for (s, a), (t, b) in zip(steps, steps[1:], strict=False) if 0 <= b - a <= 60 * (t - s) + 5
        )
        if decoded >= full[0] * (window[-1][0] - start):
            return start
    return None


def measure(server: Any, tmp: Path, phase: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from live.platform_kit import (
        CHROMIUM,
        CHROMIUM_ARGS,
        DEMO_PASSWORD,
        RECORD_PEER_CONNECTIONS,
        login_as,
        make_workshop,
    )
    from live.shaped_link import ShapedLink

    web_port = int(server.url.rsplit(":", 1)[1])
    link = ShapedLink(tmp, web_port)
    say("shaped link up")
    try:
        data = make_workshop(server.env, capacity=2, participants=2)
        url = f"/ateliers/{data['workshop']}/rejoindre"
        speaker = str(data["people"]["host"]["id"]) if "id" in data["people"]["host"] else None
        with sync_playwright() as playwright:
            plain = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            shaped = playwright.chromium.launch(executable_path=str(link.wrapper), args=CHROMIUM_ARGS)
            pages = {}
            for key, browser in (("host", plain), ("p2", plain), ("p1", shaped)):
                context = browser.new_context(
                    base_url=server.url,
                    locale="fr-FR",
                    permissions=["camera", "microphone"],
                    viewport={"width": 1280, "height": 800},
                )
                context.set_default_timeout(60_000)
                context.add_init_script(RECORD_PEER_CONNECTIONS)
                pages[key] = context.new_page()
                login_as(pages[key], data["people"][key]["email"], DEMO_PASSWORD)
            enter(pages["host"], url)
            pages["host"].get_by_role("button", name="Ouvrir l'atelier").click()
            enter(pages["p2"], url)
            enter(pages["p1"], url)
            if speaker is None:
                speaker = pages["p1"].evaluate(
                    "document.querySelector('#stage .tile[data-source=\"camera\"]')?.dataset.member || null"
                )
                deadline = time.monotonic() + 60
                while speaker is None and time.monotonic() < deadline:
                    time.sleep(0.5)
                    speaker = pages["p1"].evaluate(
                        "document.querySelector('#stage .tile[data-source=\"camera\"]')?.dataset.member || null"
                    )
            assert speaker, "the intervenante's tile never showed on the shaped page"
            say(f"in the room; the intervenante is member {speaker}")
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not (sample(pages["p1"], speaker)["video"] or {}).get(
                "frames"
            ):
                time.sleep(0.5)  # her first picture of the intervenante (a loaded machine takes its time)
            encoded = pages["host"].evaluate(ENCODED)
            warm = watch(pages["p1"], speaker, phase / 2)
            publisher = encode_cost(encoded, pages["host"].evaluate(ENCODED))
            say(f"the intervenante's encoders: {publisher}")
            say(f"warm: {warm}")
            full_height = (sample(pages["p1"], speaker)["video"] or {}).get("height", 0)
            link.set_rate("800kbit")
            link.impair(0.03, 0.15)
            say("800k, 3 % loss, 150 ms")
            others_start = sample(pages["p2"], speaker)
            say("others sampled")
            t_others = time.monotonic()
            watch(pages["p1"], speaker, phase / 3)  # settling
            counted = node_counters(server)
            at_800 = watch(pages["p1"], speaker, phase)
            at_800["node"] = since(counted, counted := node_counters(server))
            say(f"800k: {at_800}")
            link.set_rate("300kbit")
            watch(pages["p1"], speaker, phase / 3)
            counted = node_counters(server)
            at_300 = watch(pages["p1"], speaker, phase)
            at_300["node"] = since(counted, node_counters(server))
            say(f"300k: {at_300}")
            others_end = sample(pages["p2"], speaker)
            if others_start["video"] and others_end["video"]:
                others_fps: float | None = round(
                    (others_end["video"]["frames"] - others_start["video"]["frames"])
                    / (time.monotonic() - t_others),
                    1,
                )
            else:
                others_fps = None  # her page's getStats() did not answer in time
            link.set_rate("10mbit")
            link.impair(0.0, 0.0)
            say("10 Mbit/s again")
            recovery = recover(pages, speaker, warm["speaker_fps"], full_height)
            plain.close()
            shaped.close()
    finally:
        link.close()
    return {
        "warm": warm,
        "shaped_800k": at_800,
        "shaped_300k": at_300,
        "recovery_s": recovery,
        "others_fps": others_fps,
        "publisher": publisher,
    }


NODE_COUNTERS = {
    "entraide_media_nacks_total": "nacks",
    "entraide_media_retransmissions_total": "retransmissions",
    "entraide_media_retransmissions_skipped_total": "retransmissions_skipped",
    "entraide_media_keyframe_requests_total": "keyframe_requests",
}


def node_counters(server: Any) -> dict[str, float]:
    """The media node's counters (all receivers: the two others' links lose nothing, so her NACKs)."""
    import urllib.request

    url = server.media_url.replace("ws://", "http://") + "/metrics"
    with urllib.request.urlopen(url, timeout=5) as response:
        text = response.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in NODE_COUNTERS:
            out[NODE_COUNTERS[name]] = float(value)
    return out


def since(before: dict[str, float], after: dict[str, float]) -> dict[str, int]:
    return {key: int(after[key] - before.get(key, 0)) for key in after}


def encode_cost(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Milliseconds of encoding per second of the intervenante's camera and of its copy (Chromium's
    totalEncodeTime, on this machine's CPU), and the copy's share of the two: what the copy adds to
    a publisher's work."""
    costs: dict[str, Any] = {}
    for key in ("camera", "copy"):
        a, b = before.get(key), after.get(key)
        if a and b and b["at"] > a["at"]:
            costs[f"{key}_encode_ms_per_s"] = round(
                (b["encode"] - a["encode"]) * 1000 / ((b["at"] - a["at"]) / 1000), 1
            )
            costs[f"{key}_height"] = b["height"]
    if "camera_encode_ms_per_s" in costs and "copy_encode_ms_per_s" in costs:
        total = costs["camera_encode_ms_per_s"] + costs["copy_encode_ms_per_s"]
        costs["copy_share"] = round(costs["copy_encode_ms_per_s"] / total, 2) if total else None
    return costs


def enter(page: Any, url: str) -> None:
    page.goto(url)
    engagement = page.get_by_label("Cet atelier n'est pas enregistré. Je m'engage à ne pas l'enregistrer.")
    if not engagement.is_checked():
        engagement.check()
    page.get_by_role("button", name="Rejoindre", exact=True).click()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", type=float, default=30.0, help="seconds measured per shaped phase")
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="keep the site's and the node's log there, the node's at DEBUG (its choices)",
    )
    args = parser.parse_args()
    if os.geteuid() != 0 or Path("/proc/net/dev").read_text().count(":") != 1:
        print("weak_link.py: run as root inside `unshare --net` with only lo up", file=sys.stderr)
        return 2
    from live.platform_kit import running_platform

    # A `timeout` or a Ctrl-C still stops the site, the namespace and the relay (the finally clauses).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tmp = Path(tempfile.mkdtemp(prefix="weak-link-"))
    try:
        level = "DEBUG" if args.log else "INFO"  # DEBUG: each receiver's levels, estimate and probes
        with running_platform(
            tmp, demo=False, ENTRAIDE_MEDIA_LOOPBACK_ICE="1", ENTRAIDE_MEDIA_LOG_LEVEL=level
        ) as server:
            try:
                result = measure(server, tmp, args.phase)
            finally:
                if args.log:
                    shutil.copy(tmp / "server.log", args.log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"$ {Path(sys.executable).name} bench/weak_link.py {' '.join(sys.argv[1:])}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
