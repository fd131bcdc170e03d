"""Each receiver's videos: what her page shows, « Économiser les données », what her link carries."""

from __future__ import annotations

from typing import Any

import pytest

from live.media import adapt
from live.media.bandwidth import (
    PROBE_HOLD,
    PROBE_HOLD_MAX,
    PROBE_SETTLE,
    PROBE_WAIT,
    STEP_SETTLE,
    LinkEstimate,
)
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


def probing(
    speaker: float = 600_000, other: float = 400_000, estimate: float = 700_000
) -> tuple[MediaHub, Subscriber, Any]:
    """The speaker's 600k flows, the other camera's 400k is paused (her estimate: 700k), and after a
    quiet while her link is being probed for it."""
    hub, sub, sources = room([])
    sources["host"].meter.bps = speaker
    sources["a"].meter.bps = other
    link = sub.adapt.link
    link.on_remb(estimate, now=0.0)
    hub.rebalance_video()
    link.stable_since -= 10
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"} and link.probed_at is not None
    return hub, sub, link


def held(link: LinkEstimate, rise: float, lost: int) -> None:
    """Her probe held its time, with two reports on a hundred packets: ``lost`` of them, and round
    trips ``rise`` seconds over the one before the probe."""
    assert link.probed_at is not None
    link.probed_at -= PROBE_HOLD
    link.on_report(0.05, (1, 0, 1000), now=link.probed_at - 0.1)
    link.on_report(0.05 + rise, (1, 0, 1050))
    link.on_report(0.05 + rise, (1, lost, 1100))


async def test_a_paused_video_comes_back_after_padding_proved_her_link_carries_it() -> None:
    # Chromium cannot estimate more than it receives: after a quiet while her link is tested with
    # padding, not with the paused video, up to what bringing it back needs.
    hub, sub, link = probing()
    assert link.probe_target == pytest.approx(1.5 * 600_000)  # a probe reaches 1.5 times what flows
    link.probed_at -= PROBE_HOLD  # held...
    assert not link.hold_over()  # ...but no round trip measured it yet
    link.on_report(0.05, None)  # her report: no queue
    hub.rebalance_video()
    assert link.proven == pytest.approx(900_000)
    assert bound(sub) == {"h:camera"}  # not enough yet: a second probe at once, reaching further
    assert link.probe_target == pytest.approx(600_000 * 0.9 + 400_000 * 1.15)  # all the step needs
    link.probed_at -= PROBE_HOLD
    link.on_report(0.05, None)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}
    assert link.proven == pytest.approx(1_000_000)
    link.on_remb(650_000)  # her estimate lags what flows: what was proven keeps flowing
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}


async def test_a_probe_her_link_pushes_back_on_is_not_tried_again_soon() -> None:
    hub, sub, link = probing()
    target = link.probe_target
    link.on_remb(580_000)  # her browser saw a queue build: the probe ends, nothing she watched moved
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}
    assert link.probed_at is None and link.probe_wait == 2 * PROBE_WAIT and link.ceiling == target
    link.stable_since -= 10
    link.refused_at -= 5
    hub.rebalance_video()
    assert link.probe_target < target  # what was refused is not tested again for a while...
    link.refused()
    link.stable_since -= 10
    link.refused_at -= 5
    link.on_remb(target * 1.1)  # ...unless her estimate passes it: her link came back
    hub.rebalance_video()
    assert link.ceiling is None


async def test_a_probe_below_what_was_refused_with_room_to_spare_lets_the_next_test_above_it() -> None:
    # A link back from a weak phase: the step it refused then no longer binds it.
    for rise, lost, test_above in ((0.0, 0, True), (0.05, 0, False), (0.0, 5, False)):
        hub, sub, link = probing()
        ceiling = link.probe_target
        link.on_remb(580_000)  # refused: 900k is not tried again for a while
        link.stable_since -= 10
        hub.rebalance_video()
        assert link.probe_target <= 0.95 * ceiling
        held(link, rise, lost)
        hub.rebalance_video()
        # Judged (kept) and, with room to spare, a probe above it at once.
        assert link.judged is not test_above
        if test_above:
            assert link.probe_target == pytest.approx(600_000 * 0.9 + 400_000 * 1.15)
            assert link.probe_target > ceiling


async def test_a_step_a_little_above_what_is_proven_is_probed_for() -> None:
    # The other camera needs 600k * 0.9 + 400k * 1.15 = 1,000k, 3 % above the 970k proven: too
    # little to probe for its own sake, yet all that step needs.
    hub, sub, sources = room([])
    sources["host"].meter.bps = 600_000
    sources["a"].meter.bps = 400_000
    link = sub.adapt.link
    link.on_remb(700_000, now=0.0)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}
    link.proven = 970_000
    link.stable_since -= 10
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}
    assert link.probe_target == pytest.approx(1_000_000)
    held(link, 0.0, 0)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}


async def test_another_video_comes_back_only_with_room_for_its_key_frame() -> None:
    for key_bits, back in ((0, True), (200_000, False)):
        hub, sub, sources = room([])
        sources["host"].meter.bps = 600_000
        sources["a"].meter.bps = 100_000
        sources["a"].key_bits = key_bits
        link = sub.adapt.link
        link.on_remb(560_000, now=0.0)
        hub.rebalance_video()
        assert bound(sub) == {"h:camera"}
        # 600k * 0.9 + 100k * 1.15 = 655k: room for the other camera, not for its key frame too.
        link.on_remb(800_000)
        hub.rebalance_video()
        assert ("a:camera" in bound(sub)) is back
    sources["host"].key_bits = 1_000_000  # her speaker comes back whatever its key frame costs
    link.on_remb(100_000)
    hub.rebalance_video()
    assert bound(sub) == set()
    link.on_remb(720_000)
    hub.rebalance_video()
    assert bound(sub) == {"h:camera"}


async def test_her_estimate_wobbling_below_what_flows_does_not_end_a_probe() -> None:
    hub, sub, link = probing()
    link.remb = 0.2 * link.flowing  # long below what flows without loss: it says nothing of her link
    link.on_remb(0.1 * link.flowing)
    assert link.probed_at is not None and link.holding()


async def test_a_round_trip_answering_a_sender_report_sent_before_the_probe_does_not_judge_it() -> None:
    hub, sub, link = probing()
    link.on_report(0.05, None)
    link.probed_at -= PROBE_SETTLE
    link.on_report(0.40, None, sr_age=PROBE_SETTLE + 0.5)  # her link's queue before the probe started
    assert link.holding() and link.probed_at is not None
    link.on_report(0.40, None, sr_age=0.5)  # a queue the probe made
    assert link.probed_at is None


async def test_a_probe_no_round_trip_measured_is_taken_back() -> None:
    hub, sub, link = probing()
    link.probed_at -= PROBE_HOLD_MAX  # her reports said nothing of it (a saturated link delays them too)
    hub.rebalance_video()
    assert link.probed_at is None and link.proven == 0 and bound(sub) == {"h:camera"}


async def test_loss_or_a_queue_during_a_probe_ends_it_and_the_next_waits_longer() -> None:
    for lost, rtts in ((25, (0.15, 0.15, 0.15)), (0, (0.15, 0.16, 0.40, 0.41))):
        hub, sub, link = probing()
        start = link.probed_at
        link.on_report(0.15, (1, 0, 900), now=start - 0.5)
        link.on_report(0.40, (1, 0, 1000), now=start + 0.2)
        link.on_report(0.41, (1, 0, 1100), now=start + 0.5)  # in its first second, a queue from before it
        assert link.probed_at is not None
        for i, rtt in enumerate(rtts, start=2):  # then a quarter lost, or round trips 250 ms longer
            link.on_report(rtt, (1, lost * (i - 1), 1000 + 100 * i), now=start + PROBE_SETTLE + 0.1 * i)
        assert link.probed_at is None and link.probe_wait == 2 * PROBE_WAIT
        hub.rebalance_video()
        assert bound(sub) == {"h:camera"}


async def test_after_a_probe_that_lost_and_queued_nothing_the_next_reaches_further() -> None:
    targets = []
    for rise, lost in ((0.0, 0), (0.05, 0), (0.0, 3)):
        hub, sub, link = probing(speaker=400_000, other=2_000_000, estimate=500_000)
        assert link.probe_target == pytest.approx(600_000)  # a first probe: 1.5 times the 400k that flows
        held(link, rise, lost)
        hub.rebalance_video()  # kept; the next probe
        targets.append(link.probe_target)
    assert targets == [pytest.approx(1_200_000), pytest.approx(900_000), pytest.approx(900_000)]


async def test_one_slow_round_trip_or_a_loss_from_before_the_probe_leaves_it_room_to_spare() -> None:
    # A busy machine delays one report now and then; a report early in the probe also counts packets
    # sent before it (the last of a weak phase's queue): neither says her link is near full.
    hub, sub, link = probing(speaker=400_000, other=2_000_000, estimate=500_000)
    link.probed_at -= PROBE_HOLD
    link.on_report(0.05, (1, 0, 1000), now=link.probed_at - 0.1)
    link.on_report(0.05, (1, 2, 1050), now=link.probed_at + 0.2)  # 2 lost, sent before the probe
    link.on_report(0.12, (1, 2, 1100))  # one round trip 70 ms over
    link.on_report(0.05, (1, 2, 1150))
    hub.rebalance_video()
    assert link.roomy and link.probe_target == pytest.approx(1_200_000)  # twice what flows, at once


def with_copy(hub: MediaHub, camera: Source, rates: tuple[float, float, float]) -> Source:
    """``camera`` with a quarter-size copy flowing at ``rates`` per temporal layer."""
    low = make_source(hub, camera.member, "camera-low", role=camera.role)
    camera.adopt_low(low)
    layered(low, *rates)
    low.meter.live = True
    hub.add_source(low)
    return low


async def test_a_camera_copy_gives_thumbnails_and_weak_links_the_full_frame_rate() -> None:
    inbox: list[dict[str, Any]] = []
    hub, sub, sources = room(inbox)
    layered(sources["host"], 400_000, 300_000, 500_000)  # 1.2 Mbit/s
    layered(sources["a"], 150_000, 100_000, 150_000)
    host_low = with_copy(hub, sources["host"], (60_000, 40_000, 60_000))  # 160k
    a_low = with_copy(hub, sources["a"], (50_000, 30_000, 50_000))
    hub.rebalance_video()
    assert bound(sub) == {"h:camera", "a:camera"}  # the copies are never tiles of their own
    assert levels(sub, sources) == {"host": 3, "a": 3}  # everything in full
    hub.set_view(sub, adapt.parse_view({"tiles": [tile("h", 900), tile("a", 300)]}))
    assert levels(sub, sources) == {"host": 3, "a": 2}  # a thumbnail: the copy at the full rate
    slot = next(s for s in sub.slots_of("video") if s.source is sources["a"])
    assert (slot.want, slot.cut.target) == (a_low, 2)
    link = sub.adapt.link
    link.on_remb(800_000, now=0.0)  # the speaker's camera does not fit: her copy, at the full rate
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 2, "a": 2}
    slot = next(s for s in sub.slots_of("video") if s.source is sources["host"])
    assert slot.want is host_low and slot.cut.target == 2
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": [], "reduced": ["h:camera"]}
    link.on_remb(120_000)  # then the other video goes, and the speaker's copy at half rate
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 1, "a": adapt.PAUSED}
    hub.remove_source(host_low)  # her page stopped sending the copy: her camera's layers
    assert sources["host"].low is None and sources["host"].top_level == 2
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # until her link fails to carry it
    link.floor_fails = True
    hub.rebalance_video()
    assert bound(sub) == set()  # her camera's lowest layer does not fit in 120k


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
    assert levels(sub, sources) == {
        "host": 1,
        "a": 1,
    }  # both lowered (the speaker's step left room), nothing paused
    link.on_remb(250_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # the other goes, the speaker stays
    assert bound(sub) == {"h:camera"}
    assert inbox[-1] == {"type": "quality", "link": "weak", "paused": ["a:camera"], "reduced": ["h:camera"]}
    hub.adapt_links = False  # ENTRAIDE_MEDIA_ADAPT_LINKS=0: a link only lowers levels
    link.on_remb(100_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": 0}
    hub.adapt_links = True
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}  # her estimate alone: the speaker stays
    link.floor_fails = True  # her link failed to carry her speaker alone (a cut)
    hub.rebalance_video()
    assert bound(sub) == set()  # the speaker's video last
    link.on_remb(5_000_000)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 2, "a": 2}
    assert inbox[-1] == {"type": "quality", "link": "good", "paused": [], "reduced": []}


def probed_from_the_lowest_layer(lost: int) -> tuple[MediaHub, Subscriber, dict[str, Source], LinkEstimate]:
    """The speaker's lowest layer flows, the other camera is paused, 300k proven: a probe, held with
    ``lost`` of a hundred packets lost, then kept."""
    hub, sub, sources = room([])
    layered(sources["host"], 180_000, 150_000, 270_000)
    layered(sources["a"], 120_000, 100_000, 180_000)
    link = sub.adapt.link
    link.on_remb(200_000, now=0.0)
    hub.rebalance_video()
    assert levels(sub, sources) == {"host": 0, "a": adapt.PAUSED}
    link.proven = 300_000
    link.stable_since -= 10
    hub.rebalance_video()
    assert link.probed_at is not None
    held(link, 0.0, lost)
    hub.rebalance_video()
    return hub, sub, sources, link


async def test_a_step_a_probe_proved_with_some_loss_flows_a_while_before_the_next_probe() -> None:
    # A probe that lost a little may have passed on her link's burst: the step it proved is tested by
    # flowing before another probe is stacked on it. One that lost and queued nothing has room: at once.
    for lost, next_at_once in ((3, False), (0, True)):
        hub, sub, sources, link = probed_from_the_lowest_layer(lost)
        assert levels(sub, sources)["host"] > 0  # the step it proved, taken
        assert link.holding() is next_at_once
        if not next_at_once:
            link.stepped_at -= STEP_SETTLE  # the step flowed its while without congestion
            hub.rebalance_video()
            assert link.holding()


async def test_after_a_probe_with_room_to_spare_the_next_tests_all_it_may() -> None:
    # Not only the next level: a link back from a weak phase would climb one probe per level.
    for lost, roomy in ((0, True), (3, False)):
        hub, sub, sources, link = probed_from_the_lowest_layer(lost)
        assert levels(sub, sources) == {"host": 1, "a": adapt.PAUSED}  # what the probe proved
        if roomy:  # twice what it proved, at once (the next level needs less)
            assert link.holding() and link.probe_target == pytest.approx(2 * link.proven)
        else:  # the next level only, after the settle
            link.stepped_at -= STEP_SETTLE
            hub.rebalance_video()
            assert link.holding() and link.probe_target < 1.5 * link.proven


async def test_what_her_voices_cost_her_link_is_measured_not_assumed() -> None:
    # Her speaker's voice at 40 kbit/s leaves her 300k link room for its camera at half the frame
    # rate; at 150k (a music Opus at 128k, and its headers), only for a quarter.
    for voice, level in ((40_000, 1), (150_000, 0)):
        hub, sub, sources = room([])
        layered(sources["host"], 100_000, 80_000, 150_000)
        microphone = make_source(hub, "h", "microphone", role="host")
        microphone.meter.bps = voice
        hub.add_source(microphone)
        hub.select_speakers()
        sub.adapt.link.on_remb(300_000, now=0.0)
        hub.rebalance_video()
        assert sub.adapt.levels[id(sources["host"])] == level
        hub.rebalance_video()  # (what flows is counted from what was decided before)
        assert sub.adapt.link.flowing == pytest.approx(voice + sources["host"].level_bitrate(level))


async def test_her_speaker_below_seven_frames_a_second_is_paused_rather_than_sent() -> None:
    # At 250k her speaker's lowest layer fits; it is sent from a 30 fps camera (7.5 fps), not from
    # a 24 fps one (6 fps): that one stays at half its frames until her link fails to carry them, then
    # is paused and « Connexion faible » shown.
    for fps, speaker in ((30, 0), (24, 1)):
        inbox: list[dict[str, Any]] = []
        hub, sub, sources = room(inbox)
        layered(sources["host"], 180_000, 150_000, 270_000)
        layered(sources["a"], 120_000, 100_000, 180_000)
        sources["host"].frames.bps = 8 * fps
        link = sub.adapt.link
        link.on_remb(250_000, now=0.0)
        hub.rebalance_video()
        assert levels(sub, sources) == {"host": speaker, "a": adapt.PAUSED}
        assert inbox[-1]["link"] == "weak"
        link.floor_fails = True
        hub.rebalance_video()
        assert levels(sub, sources) == {"host": speaker if fps == 30 else adapt.PAUSED, "a": adapt.PAUSED}
