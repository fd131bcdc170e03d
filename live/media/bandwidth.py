"""What each receiver's link carries, from the feedback her browser sends on the node's connection.

Chromium sends, on the connection the node offers (``goog-remb`` and abs-send-time negotiated), a
REMB every second or so: its delay-based estimate of the bitrate it can receive. Its receiver
reports give the fraction of packets lost and, through the node's sender reports, the round-trip
time. aiortc negotiates no transport-cc, so REMB is the estimate; loss lowers it the way
Google congestion control does (over 10 % lost, back off by half the loss).

Chromium never estimates more than about 1.5 times what it receives: after the node paused videos,
the estimate alone cannot say the link recovered. ``LinkEstimate.may_probe`` lets the node try one
step up after a quiet period; a failed step doubles the wait (capped), a kept one resets it.
"""

from __future__ import annotations

import time

LOSS_BACKOFF = 0.10  # fraction lost above which the estimate is lowered
LOSS_WEAK = 0.08  # smoothed fraction lost above which the link is shown as weak
PROBE_WAIT = 2.0  # seconds of a stable estimate before one step up
PROBE_WAIT_MAX = 8.0
PROBE_HOLD = 3.0  # seconds a step up is kept unless the link pushes back: Chromium's estimate needs it
WARM_UP = (
    5.0  # Chromium's receive-side estimate starts at 300 kbit/s and takes the measured throughput after 5 s
)
KEEP_TOLERANCE = 0.9  # what already flows stays while the estimate is at least this share of it


class RateMeter:
    """Bits per second of one incoming stream, smoothed over ticks."""

    def __init__(self) -> None:
        self.octets = 0
        self.bps = 0.0
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
            self.octets = 0
            self._stamp = now
        return self.bps


class LinkEstimate:
    """One receiver's downlink: REMB from her browser, loss and RTT from her receiver reports."""

    def __init__(self) -> None:
        self.remb: float | None = None
        self.remb_at = 0.0
        self.first_remb_at: float | None = None
        self.loss = 0.0  # smoothed fraction lost, 0..1
        self.rtt: float | None = None  # seconds
        self.stable_since = time.monotonic()
        self.probe_wait = PROBE_WAIT
        self.probed_at: float | None = None
        self.judged = False  # the step tried at ``probed_at`` was kept or taken back when its hold ended

    def on_remb(self, bitrate: float, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.remb is not None and bitrate < 0.85 * self.remb:
            self._pushed_back(now)
        self.remb = bitrate
        self.remb_at = now
        if self.first_remb_at is None:
            self.first_remb_at = now

    def on_report(self, fraction_lost: int, rtt: float | None) -> None:
        """``fraction_lost`` as in RTCP (0..255); ``rtt`` in seconds, when known."""
        self.loss = 0.8 * self.loss + 0.2 * (fraction_lost / 256)
        if rtt is not None and rtt > 0:
            self.rtt = rtt
        if self.weak and self.holding():
            # Her browser's estimate may not move (it sends the same REMB for seconds on a lossy
            # link): loss is the link's other way of saying the step was too much.
            self._pushed_back(time.monotonic())

    def _pushed_back(self, now: float) -> None:
        self.stable_since = now
        if self.probed_at is not None and now - self.probed_at < PROBE_HOLD:
            self.refused(now)

    def refused(self, now: float | None = None) -> None:
        """The last step up was too much: taken back, and the next one waits longer."""
        now = time.monotonic() if now is None else now
        self.stable_since = now
        self.probe_wait = min(PROBE_WAIT_MAX, self.probe_wait * 2)
        self.probed_at = None

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
        return bps

    def may_probe(self, now: float | None = None) -> bool:
        """Whether to try one step up now. Never while the last step is still held: a step on top of
        a step her browser has not confirmed yet would climb past her link without it saying so."""
        now = time.monotonic() if now is None else now
        return now - self.stable_since >= self.probe_wait and (
            self.probed_at is None or now - self.probed_at >= max(self.probe_wait, PROBE_HOLD)
        )

    def probed(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.probed_at is not None and now - self.probed_at >= PROBE_HOLD:
            self.probe_wait = PROBE_WAIT  # the previous step held
        self.probed_at = now
        self.judged = False

    def hold_over(self, now: float | None = None) -> bool:
        """The step tried has been held its time and not judged yet (``adapt.plan`` judges it)."""
        now = time.monotonic() if now is None else now
        return self.probed_at is not None and not self.judged and now - self.probed_at >= PROBE_HOLD

    def holding(self, now: float | None = None) -> bool:
        """A step up was just tried and the link did not push back (yet): keep it, so that her
        browser's estimate can grow with what it now receives."""
        now = time.monotonic() if now is None else now
        return self.probed_at is not None and now - self.probed_at < PROBE_HOLD

    @property
    def weak(self) -> bool:
        return self.loss > LOSS_WEAK
