"""What each receiver's link carries, from the feedback her browser sends on the node's connection.

Chromium sends, on the connection the node offers (``goog-remb`` and abs-send-time negotiated), a
REMB every second or so: its delay-based estimate of the bitrate it can receive. Its receiver
reports give the fraction of packets lost and, through the node's sender reports, the round-trip
time. aiortc negotiates no transport-cc, so REMB is the estimate; loss lowers it the way
Google congestion control does (over 10 % lost, back off by half the loss).

REMB alone cannot bring a link back: Chromium never estimates more than about 1.5 times what it
receives, and after a fall (a delay step on her link, a queue that filled) it says so relative to
what it received then, which the node had just lowered: measured on a link shaped to 800 kbit/s,
the estimate fell to 40-120 kbit/s and stayed there while only her audio flowed. So the node tries
one step up after a quiet period (``may_probe``) and judges it by what the link itself says: a step
held ``PROBE_HOLD`` seconds without loss above ``LOSS_BACKOFF`` and without the round-trip time
growing by ``RTT_RISE`` over its recent minimum (a queue building on her link) is *proven*: what
flowed then may keep flowing whatever her estimate says. Congestion outside a probe (that loss, that
queue) brings what is proven below what flows, every 1.5 s at most, until it stops, and no lower than
her speaker at its lowest level while more flows; her speaker is paused only when that alone fails, for
a queue that grows or drops packets or for heavy loss (``floor_fails``: a lossy link is not mended by
pausing, nor a longer route, and her estimate alone never pauses her speaker). A step her estimate or
her link pushes back on is taken back, and the next one waits twice as long (capped). A step that
lost (almost) nothing and queued nothing says her link has room: the next may reach twice what flows
(``growth``), not 1.5 times, and at once; after any other, what it proved flows ``STEP_SETTLE`` seconds
first (a shaper's burst can carry a probe a little over her link, and only what flows after it shows
that), or ``STEP_CLEAN`` seconds when her reports meanwhile lost and queued (almost) nothing.
"""

from __future__ import annotations

import logging
import time
from collections import deque

logger = logging.getLogger(__name__)

LOSS_BACKOFF = 0.10  # fraction lost above which the estimate is lowered, and a link is congested
LOSS_WEAK = 0.08  # fraction lost above which the link is shown as weak
LOSS_SEVERE = 0.30  # fraction lost that pauses her speaker's video without a queue on her link
LOSS_WINDOW = 2.0  # seconds of receiver reports the loss is counted over...
LOSS_MIN_PACKETS = 40  # ...once they cover this many packets (reaching back as far as LOSS_HISTORY for them)
LOSS_HISTORY = 6.0
PROBE_WAIT = 1.0  # seconds of a quiet link before one step up
PROBE_WAIT_MAX = 2.0  # (the ceiling below keeps a refused step from being tried again for CEILING_S: at
# 4 s, a probe started at 300 kbit/s and refused as the link came back held its recovery past 10 s)
PROBE_HOLD = 1.5  # seconds a probe is held before it is judged: a receiver report comes about every second...
PROBE_HOLD_MAX = 3.0  # ...and at most this long while no round trip was measured (then taken back)
PROBE_SETTLE = 1.0  # seconds into a probe before a round trip says anything of it (a probe 10 % over a
# weak link takes that long to build a queue the round trip shows)
RTT_RISE = 0.08  # seconds of round trip above its recent minimum that say a queue is building on her link
QUEUE_GROWS = 0.05  # seconds the last round trips exceed the earlier ones by, on a link that is full
PROBE_GROWTH = 1.5  # a probe tests at most this many times what flows or is proven (a probe that
# overshoots costs her frames: at twice, a weak link's queue reached 0.6 s and a third was lost)...
PROBE_GROWTH_ROOMY = 2.0  # ...or this many after a probe that lost nothing and queued nothing (``roomy``)
CEILING_S = 5.0  # seconds what her link failed to carry is not probed again (unless her estimate passes it,
# or a probe just below it showed no loss and no queue at all)
CLEAN_RISE = 0.02  # seconds of round trip over its minimum that a probe with room to spare stays under...
ROOMY_LOSS = 0.005  # ...and the share of packets it may lose (one in hundreds: a link back to 10 Mbit/s
# lost one of 480 on a probe, and its next step waited the settle; a 3 % lossy link loses 1 in 33)
CLEAN_FROM = 0.5  # seconds after a step from which her round trips say whether it queued
DRAIN = 2.5  # seconds after a refused probe during which congestion is its queue draining, not her link
STEP_FAILS = 6.0  # seconds after a kept probe within which congestion says the step it proved failed
STEP_CLEAN = 1.0  # seconds a step flows before reports that lost and queued nothing since end its settle
STEP_SETTLE = 2.5  # seconds a step a probe proved flows before the next probe, unless that probe was roomy:
# a probe that lost or queued a little may have passed on a policer's burst (at 300 kbit/s, a probe 12 %
# over passed its 1.5 s), and the step it proved shows it only once it flows; a probe stacked on it at
# once sent her 1.7 times her link, and every video was paused for 7 s
PROVEN_CUT = 0.85  # share of what flows still counted as proven at a sign of congestion outside a probe...
PROVEN_CUT_HARD = 0.65  # ...or with a queue longer than LONG_QUEUE...
LONG_QUEUE = 0.25
PROVEN_CUT_EVERY = 1.5  # ...at most this often (the reports after a cut still tell of the queue and the
# loss before it: cut again sooner, a link that lost a third for a second ended with every video paused)...
CUT_SETTLE = 1.0  # ...and only for congestion measured from this long after the last cut (what was sent
# before it still sat in her link's queue: cut for it again, a drop to 300 kbit/s paused every video)
STALE = 2.5  # seconds after which the last round trip or loss measured says nothing any more
RTT_WINDOW = 3.0  # seconds over which that minimum is taken (a longer route is new normal after this)
WARM_UP = (
    5.0  # Chromium's receive-side estimate starts at 300 kbit/s and takes the measured throughput after 5 s
)
KEEP_TOLERANCE = 0.9  # what already flows stays while the estimate is at least this share of it


class RateMeter:
    """Bits per second of one incoming stream, smoothed over ticks."""

    def __init__(self) -> None:
        self.octets = 0
        self.bps = 0.0
        self.live = False  # something came during the last measured interval
        self._stamp = time.monotonic()

    def add(self, size: int) -> None:
        self.octets += size

    def tick(self, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        elapsed = now - self._stamp
        if elapsed >= 0.2:
            rate = self.octets * 8 / elapsed
            # Rise fast (a key frame, a source starting), fall slowly (a quiet moment of a camera).
            self.bps = rate if rate > self.bps else 0.8 * self.bps + 0.2 * rate
            self.live = self.octets > 0
            self.octets = 0
            self._stamp = now
        return self.bps


RTX_SHARE = 0.35  # retransmissions she may be sent, as a share of what her link carries
RTX_BURST = 1.0  # seconds of that share that may go at once: a key frame's packets lost together
# (at a quarter and half a second, a key frame that overflowed an 800 kbit/s link's queue could not be
# made whole, she asked for another, which overflowed it again: a 3 s freeze)
RTX_AGAIN = 0.1  # seconds before the same packet is sent again, at least (more when her round trip is longer)


class RetransmitBudget:
    """What a receiver may be sent again after her NACKs. Unbounded, a link that starts losing a third
    is flooded: each lost packet is asked for again every round trip, its retransmissions are lost
    too, and at 300 kbit/s 1,700 retransmissions a second kept her link full for 13 s after every
    video had been paused for her (libwebrtc bounds them the same way, by its send-side estimate)."""

    def __init__(self) -> None:
        self.tokens = 0.0  # bits
        self.stamp: float | None = None

    def allow(self, bits: float, link_bps: float | None, now: float | None = None) -> bool:
        """Whether ``bits`` may be sent again now, on a link carrying ``link_bps`` (None: not known yet)."""
        if link_bps is None:
            return True
        now = time.monotonic() if now is None else now
        rate = RTX_SHARE * link_bps
        if self.stamp is None:
            self.tokens = rate * RTX_BURST
        else:
            self.tokens = min(rate * RTX_BURST, self.tokens + rate * (now - self.stamp))
        self.stamp = now
        if self.tokens < bits:
            return False
        self.tokens -= bits
        return True


def _fraction_lost(counts: list[tuple[int, int]]) -> float | None:
    """The share lost of (expected, lost) counts, or None over fewer than ``LOSS_MIN_PACKETS``."""
    total = sum(expected for expected, _ in counts)
    return sum(lost for _, lost in counts) / total if total >= LOSS_MIN_PACKETS else None


def _slowest_aside(rises: list[float]) -> float:
    """The longest of round trips' rises over their minimum but one (one slow report alone is as
    often a busy machine as a queue); the only one when there is one."""
    ordered = sorted(rises)
    return ordered[-2] if len(ordered) >= 2 else ordered[-1]


def _clean(lost: float | None, rise: float) -> bool:
    """A probe or a step with room to spare: (almost) nothing lost, and no queue."""
    return rise <= CLEAN_RISE and lost is not None and lost <= ROOMY_LOSS


class LinkEstimate:
    """One receiver's downlink: REMB from her browser, loss and round trips from her receiver reports,
    and the bitrate her link was seen to carry without trouble (``proven``)."""

    def __init__(self) -> None:
        self.who = ""  # whose link, for the log
        self.remb: float | None = None
        self.remb_at = 0.0
        self.first_remb_at: float | None = None
        self.loss = 0.0  # fraction lost lately, 0..1
        self._rtts: deque[tuple[float, float]] = deque()  # (when, round trip) over RTT_WINDOW
        self.proven = 0.0  # bits per second that flowed through a held step without loss or queueing
        self._cut_at = -DRAIN
        self._cut_queue = 0.0
        # SSRC -> (lost, highest, when) at its last report
        self._streams: dict[int, tuple[int, int, float]] = {}
        # (when, when the stream's report before came, expected, lost) per report: a voice is reported on
        # every 5 s, and its report tells of packets sent up to 5 s before it came
        self._counts: deque[tuple[float, float, int, int]] = deque()
        self.flowing = 0.0  # bits per second the node sends her now, audio included (``adapt.plan``)
        self.sent = 0  # octets sent her so far, UDP and IP headers included, probe padding aside
        self.floor = 0.0  # ...and what she gets at least before her speaker is paused (``adapt.plan``)
        # A cut found her link failing to carry even that: only then is her speaker paused (``adapt.plan``);
        # her estimate alone does not (it fell to 60-190 kbit/s on an 800 kbit/s link as a 150 ms delay
        # started, and paused her speaker 8-11 s)
        self.floor_fails = False
        self.refused_at = -PROBE_HOLD
        self.kept_at = -STEP_FAILS
        self.stepped_at = -STEP_SETTLE  # when more than before last started flowing (``adapt.plan``)
        self.ceiling: float | None = None  # what the last refused probe tested: not probed again soon
        self.ceiling_at = 0.0
        self.stable_since = time.monotonic()
        self.probe_wait = PROBE_WAIT
        self.probed_at: float | None = None
        self.probe_target = 0.0  # bits per second in all that the probe at ``probed_at`` tests
        self.judged = False  # the step tried at ``probed_at`` was kept or taken back when its hold ended
        # What each round trip measured during the probe that showed no queue took over the minimum
        self._probe_rises: list[float] = []
        self.roomy = False  # the last probe kept lost not a packet and queued nothing: her link has room

    def on_remb(self, bitrate: float, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if (
            self.remb is not None
            and bitrate < 0.85 * self.remb
            and self.remb >= self.flowing
            and self.holding(now)
        ):
            # (Outside a probe her estimate is noise around what flows: it falls as the node sends
            # her less, and that says nothing new about her link. Nor does it when it was already
            # below what flows: at 800 kbit/s with 150 ms of delay it sat at 30-90 kbit/s while
            # 500 kbit/s flowed without loss, and each of its wobbles ended a probe.)
            self._pushed_back(now, f"her estimate fell from {self.remb:.0f} to {bitrate:.0f} bit/s")
        self.remb = bitrate
        self.remb_at = now
        if self.first_remb_at is None:
            self.first_remb_at = now

    def on_report(
        self,
        rtt: float | None,
        stream: tuple[int, int, int] | None,
        now: float | None = None,
        *,
        sr_age: float | None = None,
    ) -> None:
        """One of her receiver reports: ``rtt`` in seconds, when it measured one; ``stream``: its
        (SSRC, cumulative packets lost, extended highest sequence number), None when it counts none;
        ``sr_age``: seconds since the node's sender report that round trip answers left."""
        now = time.monotonic() if now is None else now
        if stream is not None:
            self._count_loss(now, *stream)
        # A probe is judged by what her reports say from PROBE_SETTLE into it, not before.
        probed_at = self.probed_at
        judging = (
            probed_at
            if probed_at is not None and self.holding(now) and now - probed_at >= PROBE_SETTLE
            else None
        )
        if rtt is not None and rtt > 0:
            rtts = self._rtts
            rtts.append((now, rtt))
            while rtts and rtts[0][0] < now - RTT_WINDOW:
                rtts.popleft()
            if judging is not None and (sr_age is None or now - sr_age >= judging):
                # During a probe one round trip says it: her link queues what the probe added. (One
                # whose sender report left before the probe tells of before: a link just back from
                # 300 kbit/s refused its first probe for the queue of that phase.)
                rise = rtt - self._base_rtt()
                if rise > RTT_RISE:
                    self._pushed_back(now, f"a round trip {rise:.3f} s over its minimum")
                else:
                    self._probe_rises.append(rise)
        if self.congested(now):
            if self.holding(now):
                if judging is not None and self._congested_since(judging):
                    # The probe was too much; what flowed before it still fits. (Reports in its
                    # first second, and losses counted before it, tell of what flowed before it: a
                    # link just back from 300 kbit/s still reported that phase's queue and losses,
                    # and ended its first probes.)
                    self._pushed_back(now, f"loss {self.loss:.3f}, queueing {self.queueing(now):.3f} s")
            elif (
                now - self._cut_at >= PROVEN_CUT_EVERY
                and now - self.refused_at >= DRAIN
                and not self._draining(now)
                and self._congested_since(self._cut_at + CUT_SETTLE)
                and (self.flowing > self.floor or self._full_since(self._cut_at + CUT_SETTLE))
            ):
                # (Not while the queue a refused probe made drains: that was the probe, not her link.)
                # Her link carries less than it did: what is known to fit shrinks below what flows,
                # further for a long queue, until it stops showing congestion. (Her estimate cannot
                # say: it falls relative to what she receives, which the node has just lowered.)
                cut = min(PROVEN_CUT, 1 - self.loss)  # a link that loses a third carries two thirds at most
                if self.queueing(now) >= LONG_QUEUE:
                    cut = min(cut, PROVEN_CUT_HARD)
                proven = min(self.proven, self.flowing) * cut
                if self.flowing > self.floor:
                    # The others' videos go first; her speaker's only if her link fails to carry her
                    # speaker alone (the next cut, once only that flows).
                    proven = max(proven, self.floor)
                else:
                    self.floor_fails = True
                if now - self.kept_at < STEP_FAILS:
                    # The step a probe just proved failed once it flowed: her link carried the probe
                    # only for a while (at 300 kbit/s, a policer's 16 kB burst let a probe 10 % over
                    # it pass 1.5 s without a queue), so that much is not probed for again soon.
                    self._limit(self.flowing, now)
                self.proven = proven
                self.roomy = False
                self._cut_at = now
                self._cut_queue = self.queueing(now)

    def _count_loss(self, now: float, ssrc: int, lost: int, highest: int) -> None:
        """Loss over the last ``LOSS_WINDOW`` seconds (or her latest ``LOSS_MIN_PACKETS`` packets), over
        every stream she reports on: a report on a stream of a few packets (a voice, a quarter frame
        rate) alone says little (one in ten lost)."""
        previous = self._streams.get(ssrc)
        self._streams[ssrc] = (lost, highest, now)
        if previous is None:
            return
        expected = highest - previous[1]
        if not 0 < expected < 1 << 16:
            return
        window = self._counts
        window.append((now, previous[2], expected, max(0, min(lost - previous[0], expected))))
        while window and window[0][0] < now - LOSS_HISTORY:
            window.popleft()
        # Over fewer than LOSS_MIN_PACKETS, the window reaches back to the latest that many: kept as
        # it was instead, a weak phase's 10 % outlived it by seconds once few videos flowed (her
        # reports then count 20 packets a second), and held her link back as congested.
        total = lost_total = 0
        for when, _, count, lost_count in reversed(window):
            if when < now - LOSS_WINDOW and total >= LOSS_MIN_PACKETS:
                break
            total += count
            lost_total += lost_count
        if total >= LOSS_MIN_PACKETS:
            self.loss = lost_total / total

    def _loss_since(self, since: float) -> float | None:
        """The fraction lost on reports that came after ``since`` alone, within ``LOSS_WINDOW`` of the
        last one (None: too few packets)."""
        if not self._counts:
            return None
        since = max(since, self._counts[-1][0] - LOSS_WINDOW)
        return _fraction_lost([(expected, lost) for when, _, expected, lost in self._counts if when >= since])

    def _loss_sent_since(self, since: float) -> float | None:
        """The fraction lost on reports that tell only of packets sent after ``since`` (each stream's
        report before came after it), or None (too few packets): whether a probe or a step had room to
        spare. (Counted on arrival, a voice's report 2 s into a probe still told of a weak phase's
        losses from 3 s before it, and the first probes after her link came back seemed to lose 1-3 %.)"""
        return _fraction_lost(
            [(expected, lost) for _, start, expected, lost in self._counts if start >= since]
        )

    def _congested_since(self, since: float) -> bool:
        """Loss or a queue measured on reports that came after ``since`` alone."""
        loss = self._loss_since(since)
        if loss is not None and loss > LOSS_BACKOFF:
            return True
        return self._queued_since(since)

    def _queued_since(self, since: float) -> bool:
        return self._queue(self._rtts_since(since)) > RTT_RISE

    def _rtts_since(self, since: float) -> list[float]:
        return [rtt for when, rtt in self._rtts if when >= since]

    def _full_since(self, since: float) -> bool:
        """Her link fails to carry even her voices and her speaker's video at its lowest level: on the
        reports after ``since``, a queue that grows or drops packets, or more lost than a lossy link
        loses. (Loss alone, with 3 % lost on the way and a key frame's burst, reached 14 %; pausing
        mends nothing there, and it paused her speaker 4.5 s. A queue alone is as often a longer route:
        a 150 ms delay starting reads as a queue until the shorter round trips leave ``RTT_WINDOW``.)"""
        loss = self._loss_since(since)
        if loss is not None and loss >= LOSS_SEVERE:
            return True
        rtts = self._rtts_since(since)
        if len(rtts) < 3 or self._queue(rtts) <= RTT_RISE:
            return False
        # (Above every earlier round trip: a step up that then stays flat is a longer route.)
        grows = min(rtts[-2:]) - max(rtts[:-2]) > QUEUE_GROWS
        return grows or (loss is not None and loss > LOSS_WEAK)

    def queueing(self, now: float | None = None) -> float:
        """Seconds the last two round trips took above the recent minimum: a queue on her link (one
        slow report alone is as often a busy machine on her side or on the node's). None measured
        lately (every video paused for her: a voice is reported on every 5 s) says nothing."""
        now = time.monotonic() if now is None else now
        if not self._rtts or now - self._rtts[-1][0] > STALE:
            return 0.0
        return self._queue([rtt for _, rtt in self._rtts])

    def _queue(self, rtts: list[float]) -> float:
        """Seconds the last two of ``rtts`` took above the recent minimum (0 for fewer than two)."""
        return min(rtts[-2:]) - self._base_rtt() if len(rtts) >= 2 else 0.0

    def _base_rtt(self) -> float:
        """The shortest round trip of the last RTT_WINDOW seconds: her link with no queue."""
        return min(r for _, r in self._rtts)

    def resend_interval(self) -> float:
        """Seconds before a packet she asked for again may be sent again: her NACK may have crossed
        the retransmission still on its way (no sooner than her link's round trip with no queue)."""
        return max(RTX_AGAIN, self._base_rtt()) if self._rtts else RTX_AGAIN

    def congested(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        counts = self._counts
        lossy = self.loss > LOSS_BACKOFF and bool(counts) and now - counts[-1][0] <= STALE
        return lossy or self.queueing(now) > RTT_RISE

    def _pushed_back(self, now: float, why: str) -> None:
        self.stable_since = now
        if self.holding(now):
            logger.debug("probe of %s's link at %.0f bit/s refused: %s", self.who, self.probe_target, why)
            self.refused(now)

    def refused(self, now: float | None = None) -> None:
        """The last step up was too much: taken back, and the next one waits longer."""
        now = time.monotonic() if now is None else now
        self.stable_since = now
        self.probe_wait = min(PROBE_WAIT_MAX, self.probe_wait * 2)
        self.roomy = False
        if self.probed_at is not None and self.probe_target:
            self._limit(self.probe_target, now)
        self.probed_at = None
        self.refused_at = now

    def _draining(self, now: float) -> bool:
        """The queue the last cut was made for is shrinking: that cut is taking effect (a queue of half
        a second takes seconds to drain at the rate of a weak link), no need for another yet."""
        return now - self._cut_at < DRAIN and self.queueing(now) < self._cut_queue - 0.02

    def _limit(self, bps: float, now: float) -> None:
        self.ceiling = bps if self.ceiling is None else min(self.ceiling, bps)
        self.ceiling_at = now

    def kept(self, flowing: float) -> None:
        """The step's hold ended without loss or queueing: what flows now is known to fit."""
        self.proven = max(self.proven, flowing)
        self.floor_fails = False  # it carried more than before: her speaker may come back
        if self.ceiling is not None and flowing >= self.ceiling:
            self.ceiling = None  # it carries now what it did not: her link came back
        self.probe_wait = PROBE_WAIT

    def reach(self, now: float | None = None) -> float | None:
        """The most a probe may test now, when her link lately failed to carry something: just below
        that for ``CEILING_S``, then a little above it (a probe that overshoots costs her frames),
        until a probe carries it or her estimate passes it (her link came back). None: no limit."""
        now = time.monotonic() if now is None else now
        ceiling = self.ceiling
        if ceiling is None:
            return None
        if self.remb is not None and self.remb > ceiling:
            self.ceiling = None
            return None
        return (0.95 if now - self.ceiling_at < CEILING_S else 1.15) * ceiling

    def available(self, now: float | None = None) -> float | None:
        """Bits per second the node may send her, or None before her browser's estimate means anything.

        A REMB grown old (nothing flows that Chromium estimates on) still limits: only a probe
        step raises what she gets, so a weak link is not flooded again every few seconds."""
        now = time.monotonic() if now is None else now
        if self.remb is None or self.first_remb_at is None or now - self.first_remb_at < WARM_UP:
            return None
        bps = self.remb
        if self.loss > LOSS_BACKOFF:
            bps *= 1 - 0.5 * self.loss
        return max(bps, self.proven)

    def judge(self, now: float | None = None) -> bool:
        """The probe's hold is over (``hold_over``): kept when her link showed no congestion and at
        least one round trip measured during it said so (then what it tested, or what flows now if
        more, is proven), else taken back."""
        now = time.monotonic() if now is None else now
        self.judged = True
        if self.congested(now) or not self._probe_rises:
            logger.debug(
                "probe of %s's link at %.0f bit/s taken back: loss %.3f, queueing %.3f s, %d round trips",
                self.who,
                self.probe_target,
                self.loss,
                self.queueing(now),
                len(self._probe_rises),
            )
            self.refused(now)
            return False
        assert self.probed_at is not None
        # Room to spare: (almost) no packet sent during the probe lost (her reports also tell of
        # packets sent before it: a link just back from 300 kbit/s lost the last of that phase's
        # queue there), and no queue on two of its round trips (one slow alone is as often a busy
        # machine: 65 ms over, on a 10 Mbit/s link carrying 300 kbit/s).
        lost = self._loss_sent_since(self.probed_at)
        if lost is None:
            lost = self._loss_since(self.probed_at)
        rise = _slowest_aside(self._probe_rises)
        self.roomy = _clean(lost, rise)
        if self.roomy and self.ceiling is not None:
            # Not a packet lost, not a queue: her link has room to spare below what it failed to
            # carry, which may have been before it came back (a link back from 300 kbit/s waited
            # CEILING_S at 0.95 of it). The next probe may test a little above it at once.
            self.ceiling_at = min(self.ceiling_at, now - CEILING_S)
        logger.debug(
            "probe of %s's link at %.0f bit/s kept%s: round trips %.3f s over their minimum (%d, the slowest aside), lost %s",
            self.who,
            self.probe_target,
            " with room" if self.roomy else "",
            rise,
            len(self._probe_rises),
            lost,
        )
        self.kept(max(self.probe_target, self.flowing))
        self.kept_at = now
        return True

    def growth(self) -> float:
        """How many times what flows or is proven the next probe may test: a link back from a weak
        phase (a paused speaker, 80 kbit/s of voices) took eight probes, 13 s, to carry her camera."""
        return PROBE_GROWTH_ROOMY if self.roomy else PROBE_GROWTH

    def may_probe(self, now: float | None = None) -> bool:
        """Whether to try one step up now. Never while the last step is still held, nor while her link
        shows congestion: a step on top of a step not judged yet would climb past her link unseen."""
        now = time.monotonic() if now is None else now
        return (
            now - self.stable_since >= self.probe_wait
            and (
                self.probed_at is None
                or (self.judged and now - self.probed_at >= max(self.probe_wait, PROBE_HOLD))
            )
            and (self.roomy or now - self.stepped_at >= STEP_SETTLE or self._flowed_clean(now))
            and not self.congested(now)
        )

    def _flowed_clean(self, now: float) -> bool:
        """The last step has flowed ``STEP_CLEAN`` seconds, and her reports since lost (almost) nothing
        and queued nothing: it fits, whatever its probe lost (a link back from 300 kbit/s lost the last
        of that phase on its first probe's reports, and its next step waited the whole settle)."""
        if now - self.stepped_at < STEP_CLEAN or not self._rtts:
            return False
        rises = [rtt - self._base_rtt() for rtt in self._rtts_since(self.stepped_at + CLEAN_FROM)]
        return len(rises) >= 2 and _clean(self._loss_sent_since(self.stepped_at), _slowest_aside(rises))

    def stepped_up(self, now: float | None = None) -> None:
        """More started flowing to her: a step a probe proved (or a video she newly wants)."""
        self.stepped_at = time.monotonic() if now is None else now

    def probed(self, target: float = 0.0, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self.probed_at = now
        self.probe_target = target
        self.judged = False
        self._probe_rises = []

    def hold_over(self, now: float | None = None) -> bool:
        """The probe has been held its time, with a round trip measured meanwhile (or for as long as
        one may take), and is not judged yet (``adapt.plan`` judges it)."""
        now = time.monotonic() if now is None else now
        if self.probed_at is None or self.judged:
            return False
        held = now - self.probed_at
        return held >= PROBE_HOLD_MAX or (held >= PROBE_HOLD and bool(self._probe_rises))

    def holding(self, now: float | None = None) -> bool:
        """A step up was just tried and the link did not push back (yet): keep it, so that her
        browser's estimate can grow with what it now receives."""
        return self.probed_at is not None and not self.judged

    @property
    def weak(self) -> bool:
        return self.loss > LOSS_WEAK
