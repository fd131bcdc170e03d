"""One receiver's link as the node estimates it (``bandwidth.LinkEstimate``): her loss, her round
trips, the probes of her link and the cuts of what is proven. What the node then forwards her:
test_adapt.py."""

from __future__ import annotations

import pytest

from live.media.bandwidth import (
    STEP_CLEAN,
    STEP_SETTLE,
    LinkEstimate,
)


async def test_congestion_outside_a_probe_shrinks_what_is_proven() -> None:
    link = LinkEstimate()
    link.on_remb(200_000, now=0.0)
    link.proven = 1_000_000
    link.flowing = 900_000
    link.on_report(0.05, None, now=100.0)
    link.on_report(0.20, None, now=100.1)  # one slow report: a busy machine as often as a queue
    assert link.proven == 1_000_000
    link.on_report(0.20, None, now=100.2)  # two: a queue, 150 ms more than the recent minimum
    assert link.proven == pytest.approx(0.85 * 900_000)  # below what flows
    link.flowing = 700_000
    link.on_report(0.40, None, now=100.6)  # the same queue, told again before the cut took effect
    assert link.proven == pytest.approx(0.85 * 900_000)
    link.on_report(0.40, None, now=101.5)  # longer still, once the cut had time to show: a harder one
    link.on_report(0.40, None, now=101.8)
    assert link.proven == pytest.approx(0.65 * 700_000)
    assert link.available(now=101.8) == pytest.approx(0.65 * 700_000)  # above her estimate, which lags


async def test_a_step_that_fails_soon_after_its_probe_is_not_probed_for_again_soon() -> None:
    for after, ceiling in ((2.0, 300_000), (10.0, None)):
        link = LinkEstimate()
        link.on_remb(100_000, now=0.0)
        link.flowing = 200_000
        link.probed(300_000, now=100.0)
        link.on_report(0.05, (1, 0, 1000), now=101.2)
        link.on_report(0.05, (1, 0, 1100), now=101.5)
        assert link.judge(now=101.5)  # kept: 300k proven
        link.flowing = 300_000  # the step it proved, taken
        link.on_report(0.05, (1, 0, 1200), now=101.5 + after)
        link.on_report(0.30, (1, 0, 1300), now=101.6 + after)
        link.on_report(0.30, (1, 0, 1400), now=101.7 + after)  # a queue: her link does not carry it
        assert link.proven < 300_000
        assert link.ceiling == ceiling
        if ceiling:
            assert link.reach(now=101.8 + after) == pytest.approx(0.95 * ceiling)


def lossy_report(link: LinkEstimate, now: float, highest: int, lost: int) -> None:
    link.on_report(None, (1, lost, highest), now=now)


async def test_a_cut_waits_for_congestion_measured_after_the_last_one() -> None:
    link = LinkEstimate()
    link.proven, link.flowing = 1_000_000, 900_000
    lossy_report(link, 100.0, 1000, 0)
    lossy_report(link, 100.5, 1100, 40)  # 40 % lost: a cut
    assert link.proven == pytest.approx(0.6 * 900_000)
    link.flowing = 540_000
    lossy_report(link, 101.3, 1200, 80)  # what sat in her link's queue before the cut, still lost...
    assert link.proven == pytest.approx(0.6 * 900_000)  # ...says nothing of what flows since
    lossy_report(link, 102.6, 1300, 81)  # measured after it: 1 lost in 100, and the earlier losses...
    assert link.proven == pytest.approx(0.6 * 900_000)  # ...counted no more for a cut
    lossy_report(link, 103.2, 1400, 121)  # lost again, once what the cut left flows
    assert link.proven < 0.6 * 900_000


async def test_a_cut_keeps_her_speaker_while_others_flow() -> None:
    link = LinkEstimate()
    link.proven, link.flowing, link.floor = 1_000_000, 900_000, 400_000
    lossy_report(link, 100.0, 1000, 0)
    lossy_report(link, 100.5, 1100, 90)  # 90 % lost: cut to her voices and her speaker's lowest level
    assert link.proven == 400_000
    link.flowing = 400_000
    lossy_report(link, 102.0, 1200, 180)  # her link fails to carry even that: her speaker is paused too
    assert link.proven <= 0.15 * 400_000


async def test_her_speaker_is_paused_for_a_queue_or_heavy_loss_not_for_a_lossy_link() -> None:
    link = LinkEstimate()
    link.proven = link.flowing = link.floor = 200_000  # her voices and her speaker at its lowest level
    link.on_report(0.05, (1, 0, 1000), now=100.0)
    link.on_report(0.05, (1, 15, 1100), now=101.5)  # 15 % lost, no queue: a lossy link
    link.on_report(0.05, (1, 30, 1200), now=102.0)
    assert link.proven == 200_000
    link.on_report(0.15, (1, 30, 1300), now=102.5)  # then a queue that grows: her link is full
    link.on_report(0.25, (1, 30, 1400), now=103.0)
    assert link.proven < 200_000 and link.floor_fails
    link = LinkEstimate()
    link.proven = link.flowing = link.floor = 200_000
    link.on_report(0.05, (1, 0, 1000), now=100.0)
    link.on_report(0.05, (1, 40, 1100), now=101.5)  # 40 % lost: no video survives that
    assert link.proven < 200_000


async def test_a_longer_route_does_not_pause_her_speaker_a_queue_that_grows_does() -> None:
    # A 150 ms delay starting on her link reads as a queue until the shorter round trips leave the
    # window their minimum is taken over; it took what the others' videos cost, not her speaker.
    link = LinkEstimate()
    link.proven = link.flowing = 400_000
    link.floor = 200_000
    for now, rtt in ((100.0, 0.05), (100.5, 0.05), (101.0, 0.2), (101.5, 0.2)):
        link.on_report(rtt, None, now=now)
    assert link.proven == pytest.approx(0.85 * 400_000)  # the others' videos go
    link.proven = link.flowing = 200_000  # her voices and her speaker at its lowest level
    for now in (102.0, 102.5, 103.0, 103.5, 104.0):
        link.on_report(0.2, None, now=now)
    assert link.proven == 200_000 and not link.floor_fails
    for now, rtt in ((105.0, 0.25), (105.5, 0.32), (106.0, 0.4)):  # then her link fills
        link.on_report(rtt, None, now=now)
    assert link.proven < 200_000 and link.floor_fails
    link.kept(200_000)  # a probe carried it again
    assert not link.floor_fails


def probe_that_lost(link: LinkEstimate, lost: int, packets: int = 100) -> None:
    """A probe from 1.0 to 2.5 on a link of 50 ms round trips, whose reports from 1.2 on count
    ``packets`` packets sent during it, ``lost`` of them lost; then judged."""
    link.stable_since = 0.0
    link.on_report(0.05, (1, 0, 1000), now=0.0)
    link.probed(500_000, now=1.0)
    link.on_report(0.05, (1, 0, 1010), now=1.2)
    link.on_report(0.05, (1, lost, 1010 + packets // 2), now=2.0)
    link.on_report(0.05, (1, lost, 1010 + packets), now=2.5)
    assert link.judge(now=2.5)


def test_a_probe_that_lost_one_packet_in_hundreds_had_room_to_spare() -> None:
    for lost, packets, roomy in ((1, 400, True), (3, 100, False), (1, 100, False)):
        link = LinkEstimate()
        probe_that_lost(link, lost, packets)
        assert link.roomy is roomy, (lost, packets)


def test_a_voice_s_report_on_packets_sent_before_the_probe_leaves_it_room_to_spare() -> None:
    # Her voices are reported on every 5 s: a report 1.2 s into a probe tells of 5 s of packets, the
    # last of a weak phase among them.
    link = LinkEstimate()
    link.on_report(None, (2, 0, 500), now=-3.0)
    link.stable_since = 0.0
    link.on_report(0.05, (1, 0, 1000), now=0.0)
    link.probed(500_000, now=1.0)
    link.on_report(0.05, (1, 0, 1010), now=1.2)
    link.on_report(None, (2, 8, 750), now=2.2)  # 8 of 250 lost, from -3.0 on
    link.on_report(0.05, (1, 0, 1110), now=2.5)
    assert link.judge(now=2.5) and link.roomy


def test_a_step_that_flows_without_loss_or_queue_ends_its_settle_early() -> None:
    # Her first probe after a weak phase counts that phase's last losses: the step it proved then
    # flows a second, and her reports meanwhile say whether it fits.
    for lost_after, rise, at_once in ((0, 0.0, True), (3, 0.0, False), (0, 0.06, False)):
        link = LinkEstimate()
        probe_that_lost(link, 3)
        assert not link.roomy
        link.stepped_up(now=2.5)
        link.on_report(0.05 + rise, (1, 3, 1150), now=3.1)
        link.on_report(0.05 + rise, (1, 3 + lost_after, 1200), now=3.5)
        assert not link.may_probe(now=2.5 + STEP_CLEAN - 0.1)
        assert link.may_probe(now=2.5 + STEP_CLEAN + 0.1) is at_once, (lost_after, rise)
        assert link.may_probe(now=2.5 + STEP_SETTLE)  # the settle over, whatever they said


def test_loss_is_counted_over_every_stream_she_reports_on_not_report_by_report() -> None:
    link = LinkEstimate()
    link.on_report(None, (1, 0, 1000), now=0.0)  # a camera
    link.on_report(None, (2, 0, 500), now=0.0)  # a voice
    link.on_report(None, (2, 1, 510), now=1.0)  # one voice packet of ten: 10 % of that report
    assert link.loss == 0.0  # too few packets to say anything yet
    link.on_report(None, (1, 3, 1100), now=1.0)  # and 3 of 100 camera packets
    assert link.loss == pytest.approx(4 / 110)  # 3.6 %: not congestion
    assert not link.congested(now=1.0)
    link.on_report(None, (1, 28, 1200), now=2.0)  # a quarter of the next hundred
    assert link.loss == pytest.approx(29 / 210)
    assert link.congested(now=2.0)
    link.on_report(None, (1, 28, 1300), now=3.5)  # the reports of 1.0 leave the window
    assert link.loss == pytest.approx(25 / 200)


def test_losses_of_a_weak_phase_do_not_outlive_it_when_few_packets_flow() -> None:
    # Back from 300 kbit/s, her reports count 20 packets a second: the last loss measured over 40
    # held her link as congested for seconds, and no probe brought her videos back.
    link = LinkEstimate()
    link.on_report(None, (1, 0, 1000), now=0.0)
    link.on_report(None, (1, 15, 1100), now=1.0)  # 15 % lost
    assert link.congested(now=1.0)
    link.on_report(None, (1, 15, 1120), now=3.5)
    assert link.loss == pytest.approx(15 / 120)  # the 20 packets since, and the 100 before
    link.on_report(None, (1, 15, 1140), now=4.5)
    assert link.loss == 0.0 and not link.congested(now=4.5)  # her latest 40, none lost
