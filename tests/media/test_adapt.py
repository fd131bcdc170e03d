"""Each receiver's videos: what her page shows, « Économiser les données », what her link carries."""

from __future__ import annotations

from typing import Any

import pytest

from live.media import adapt
from live.media.counters import Counters
from live.media.forwarder import MediaHub, Source, Subscriber
from live.media.protocol import ProtocolError

from .test_forwarder_units import make_source, make_subscriber


def bound(sub: Subscriber) -> set[str]:
    return {f"{s.source.member}:{s.source.name}" for s in sub.slots_of("video") if s.source}


def room(inbox: list[dict[str, Any]]) -> tuple[MediaHub, Subscriber, dict[str, Source]]:
    hub = MediaHub(Counters())
    hub.adapt_links = True
    sub = make_subscriber(hub, "viewer", inbox)
    hub.add_subscriber(sub)
    sources = {
        "host": make_source(hub, "h", "camera", role="host"),
        "a": make_source(hub, "a", "camera"),
    }
    for source in sources.values():
        hub.add_source(source)
    return hub, sub, sources


def tile(member: str, width: int = 320, source: str = "camera") -> dict[str, Any]:
    return {"member": member, "source": source, "width": width, "height": width * 9 // 16}


async def test_a_hidden_tile_gets_nothing_and_a_shown_one_comes_back() -> None:
    hub, sub, _ = room([])
    assert bound(sub) == {"h:camera", "a:camera"}  # before the page said anything: everyone
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900)]}))
    assert bound(sub) == {"h:camera"}
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a")]}))
    assert bound(sub) == {"h:camera", "a:camera"}


async def test_a_screen_shared_after_her_page_said_what_it_shows_reaches_her() -> None:
    hub, sub, _ = room([])
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a")]}))
    hub.add_source(make_source(hub, "a", "screen"))
    assert "a:screen" in bound(sub)


async def test_save_data_keeps_only_the_speaker() -> None:
    hub, sub, _ = room([])
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h"), tile("a")], "save_data": True}))
    assert bound(sub) == {"h:camera"}


async def test_a_weak_link_pauses_the_least_important_first_and_says_so() -> None:
    inbox: list[dict[str, Any]] = []
    hub, sub, sources = room(inbox)
    sources["host"].meter.bps = 600_000
    sources["a"].meter.bps = 400_000
    link = sub.adapt.link
    link.on_remb(900_000, now=0.0)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}  # 600k + 400k do not fit in 900k: the participant goes
    assert inbox[-1] == {"type": "quality", "link": "weak", "paused": ["a:camera"]}
    link.on_remb(500_000)
    hub.rebalance_video()
    assert bound(sub) == set()  # the speaker's video goes last
    assert inbox[-1]["paused"] == ["a:camera", "h:camera"]
    link.on_remb(5_000_000)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": []}


async def test_a_paused_video_is_probed_back_after_a_quiet_while() -> None:
    hub, sub, sources = room([])
    sources["host"].meter.bps = 600_000
    sources["a"].meter.bps = 400_000
    link = sub.adapt.link
    link.on_remb(700_000, now=0.0)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}
    # Chromium cannot estimate more than it receives: without a probe she would stay paused.
    link.stable_since -= 10
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}
    # the link pushes back right after the step: paused again, and the next try waits longer
    link.on_remb(400_000)
    hub.rebalance_video()
    assert bound(sub) == set()
    assert link.probe_wait > 2.0


@pytest.mark.parametrize(
    "fields",
    [
        {"tiles": ["17"]},
        {"tiles": [{"member": "17", "source": "microphone", "width": 10, "height": 10}]},
        {"tiles": [{"member": "17", "source": "camera", "width": -1, "height": 10}]},
        {"tiles": [{"member": "17", "source": "camera", "width": True, "height": 10}]},
        {"tiles": [tile("x")] * 65},
    ],
)
def test_a_malformed_view_is_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        adapt.parse_view(fields)
