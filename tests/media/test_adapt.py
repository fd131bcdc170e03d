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
    link.on_remb(850_000, now=0.0)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}  # 600k + 400k do not fit in 850k: the participant goes
    assert inbox[-1] == {"type": "quality", "link": "weak", "paused": ["a:camera"], "reduced": []}
    link.on_remb(500_000)
    hub.rebalance_video()
    assert bound(sub) == set()  # the speaker's video goes last
    assert inbox[-1]["paused"] == ["a:camera", "h:camera"]
    link.on_remb(5_000_000)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": [], "reduced": []}


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
    # The next ticks keep the step while her browser's estimate catches up with what flows.
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}
    # the link pushes back right after the step: paused again, and the next try waits longer
    link.on_remb(400_000)
    hub.rebalance_video()
    assert bound(sub) == set()
    assert link.probe_wait > 2.0


def speaker_tried_on_a_weak_link() -> tuple[MediaHub, Subscriber, dict[str, Source], Any]:
    """Her estimate fell far below her link (a delay step on it), then held 10 s: the speaker's lowest layer
    is tried, the other camera paused."""
    hub, sub, sources = room([])
    layered(sources["host"], 144_848, 88_848, 65_845)
    layered(sources["a"], 147_405, 93_607, 144_566)
    link = sub.adapt.link
    link.on_remb(41_273, now=0.0)
    hub.rebalance_video()
    link.stable_since -= 10
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}
    return hub, sub, sources, link


async def test_a_step_up_from_paused_is_held_while_her_estimate_catches_up() -> None:
    hub, sub, sources = room([])
    layered(sources["host"], 144_848, 88_848, 65_845)
    layered(sources["a"], 147_405, 93_607, 144_566)
    link = sub.adapt.link
    link.on_remb(41_273, now=0.0)  # her estimate fell far below her link (a delay step on it)
    hub.rebalance_video()
    assert bound(sub) == set()
    link.stable_since -= 10
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # the speaker's lowest layer, tried
    for _ in range(3):  # the next ticks keep it (for 3 s): her browser estimates only what flows
        hub.rebalance_video()
        assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}


async def test_a_step_up_is_not_stacked_on_one_her_link_has_not_confirmed() -> None:
    hub, sub, sources = room([])
    layered(sources["host"], 144_848, 88_848, 65_845)
    layered(sources["a"], 147_405, 93_607, 144_566)
    link = sub.adapt.link
    link.on_remb(41_273, now=0.0)  # and it stays there: her browser sends the same estimate
    hub.rebalance_video()
    link.stable_since -= 10
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}
    assert link.probed_at is not None
    link.probed_at -= 2.5  # still held, and longer ago than the wait between steps
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # not a second step on top
    link.probed_at -= 1.0  # no longer held, and the estimate never grew: back to what it carries
    hub.rebalance_video()
    assert bound(sub) == set()
    assert link.probe_wait > 2.0  # and the next try waits longer
    hub.rebalance_video()
    assert bound(sub) == set()  # not at once


async def test_a_step_her_estimate_grew_to_carry_is_kept_and_a_later_drop_is_no_refusal() -> None:
    hub, sub, sources, link = speaker_tried_on_a_weak_link()
    link.on_remb(5_000_000)  # her browser's estimate grew with what flows: everything fits
    hub.rebalance_video()
    assert link.probed_at is not None
    link.probed_at -= 3.5  # the step's hold is over: it held
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 2, "a": 2} and link.probe_wait == 2.0
    link.probed_at -= 60  # a minute later her link gets worse: an ordinary step down
    link.on_remb(300_000)
    hub.rebalance_video()
    assert levels(sub, sources)["a"] < 2
    assert link.probe_wait == 2.0  # not counted against a step that held long ago


async def test_loss_during_a_step_up_ends_it_and_the_next_waits_longer() -> None:
    hub, sub, sources, link = speaker_tried_on_a_weak_link()
    for _ in range(3):  # her receiver reports: a quarter of the packets lost, the estimate unchanged
        link.on_report(64, 0.15)
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


def layered(source: Source, *rates: float) -> None:
    """As after a few seconds of an L1T3 camera: the bitrate of each temporal layer."""
    source.layered = True
    for meter, rate in zip(source.layer_meters, rates, strict=True):
        meter.bps = rate
    source.meter.bps = sum(rates)


def levels(sub: Subscriber, sources: dict[str, Source]) -> dict[str, int]:
    return {key: sub.adapt.levels[id(s)] for key, s in sources.items()}


async def test_thumbnails_get_a_lower_frame_rate_and_save_data_the_lowest() -> None:
    hub, sub, sources = room([])
    layered(sources["host"], 180_000, 150_000, 270_000)
    layered(sources["a"], 120_000, 100_000, 180_000)
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a", 300)]}))
    assert levels(sub, sources) == {"host": 2, "a": 1}  # a 300 px thumbnail: layers 0-1
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a", 160)]}))
    assert levels(sub, sources) == {"host": 2, "a": 0}
    slot = next(s for s in sub.slots_of("video") if s.source is sources["a"])
    assert slot.cut.target == 0  # what the forwarding path applies
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a", 900)], "save_data": True}))
    assert bound(sub) == {"h:camera"} and sub.adapt.levels[id(sources["host"])] == 0


async def test_a_weak_link_lowers_layers_before_pausing_and_the_speaker_goes_last() -> None:
    inbox: list[dict[str, Any]] = []
    hub, sub, sources = room(inbox)
    layered(sources["host"], 180_000, 150_000, 270_000)  # 600k in all
    layered(sources["a"], 120_000, 100_000, 180_000)  # 400k
    link = sub.adapt.link
    link.on_remb(850_000, now=0.0)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 2, "a": 1}  # the other camera at half rate first
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": [], "reduced": ["a:camera"]}
    link.on_remb(500_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 1, "a": 0}  # both lowered, nothing paused yet
    link.on_remb(250_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # the other goes, the speaker stays
    assert bound(sub) == {"h:camera"}
    assert inbox[-1] == {"type": "quality", "link": "weak", "paused": ["a:camera"], "reduced": ["h:camera"]}
    hub.adapt_links = False  # the node's default: a link only lowers layers
    link.on_remb(100_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": 0}
    hub.adapt_links = True
    hub.rebalance_video()
    assert bound(sub) == set()  # the speaker's video last
    link.on_remb(5_000_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 2, "a": 2}
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": [], "reduced": []}
