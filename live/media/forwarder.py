"""The forwarding SFU of one room: RTP in from publishers, rewritten, out to send slots.

No decode, no encode (docs/design.md): a packet's payload is never looked into beyond the few
bytes that say whether it starts a key frame. Per subscriber, a fixed pool of send-only slots
(m-lines, ``slot.Slot``) is re-pointed at publishers as people come and go; each slot rewrites
SSRC, payload type, sequence number and timestamp so the receiver sees one continuous stream.

Everything here runs on the node's event loop; nothing touches aiortc internals directly (that is
``aiortc_hooks``'s job): sources get packets through ``Source.on_rtp`` and slots send through a
``SendPath``.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import time
from collections.abc import Callable, Coroutine
from typing import Any

from . import adapt
from . import aiortc_hooks as hooks
from .bandwidth import PROBE_HOLD_MAX, RateMeter, RetransmitBudget
from .counters import Counters
from .keyframes import is_keyframe
from .layers import TOP, vp8_layer
from .slot import HEADERS, PROBE_PADDING, Slot, abs_send_time_now, ntp_now
from .speakers import SPEAKING, choose_speakers

logger = logging.getLogger(__name__)

VIDEO_SLOTS = 6
KEYFRAME_INTERVAL = 0.5  # at most one PLI per publisher track per this many seconds...
# ...or this many once the key frame asked for has come. Chrome ignores a key-frame request within 300 ms of
# the last one it acted on (libwebrtc's EncoderRtcpFeedback): one sent sooner is lost, and the receiver waits.
KEYFRAME_ANSWERED_GAP = 0.35
SEEN = 1024  # sequence numbers remembered per source to drop duplicate retransmissions
# Camera caps by role, sent to publishers as REMB; screen shares get their own budget.
CAMERA_CAPS = {"host": 1_500_000, "cohost": 1_000_000, "participant": 500_000}
SCREEN_CAP = 2_500_000
# The quarter-size copy of a camera (« camera-low », docs/media-protocol.md « Media »): what a thumbnail
# or a weak link gets at the full frame rate, where the full camera would only fit at a quarter of it.
LOW_CAP = 200_000  # static/js/room/media.js LOW_COPY_BITRATE
# Share of a layered camera's bitrate up to each layer, until the node has measured it (Chromium's
# L1T3 VP8 camera on this machine: 31 %, 54 %, 100 %; docs/media-protocol.md « Media »).
LAYER_SHARE = (0.3, 0.55, 1.0)
LAYER_FRAMES = (0.25, 0.5, 1.0)  # share of an L1T3 stream's frames up to each layer

PROBE_TICK = 0.02  # seconds between two bursts of a probe's padding
_U16 = struct.Struct("!H")


class Source:
    """One published track: a member's camera, microphone or screen share."""

    def __init__(self, hub: MediaHub, member: str, name: str, kind: str, role: str, receiver: Any) -> None:
        self.hub = hub
        self.member = member
        self.name = name  # "camera", "camera-low", "microphone" or "screen"
        self.kind = kind
        self.role = role
        self.receiver = receiver
        self.order = next(hub.order)
        self.info: hooks.ReceiveInfo | None = None
        self.ssrc: int | None = None
        self.bindings: list[Slot] = []
        self.low: Source | None = None  # a camera's quarter-size copy, when her page sends one
        self.main: Source | None = None  # for such a copy: the camera it copies (never shown on its own)
        self.muted = False
        self.level = 0.0  # smoothed loudness, 0 (silence) .. 127
        self.last_audio = 0.0
        self.active_since = 0.0
        self.sender_report: tuple[int, int] | None = None  # (ntp, rtp) of the publisher's last SR
        self._seen = [-1] * SEEN
        self._last_pli = -KEYFRAME_INTERVAL
        self._pli_pending = False
        self.closed = False
        self.meter = RateMeter()
        self.layered = False  # VP8 with temporal layers (a TID in its packets)
        self.layer_meters = [RateMeter() for _ in range(TOP + 1)]
        self.frames = RateMeter()  # one "octet" per frame of a layered stream: its frame rate, times 8
        self._key_awaited = False  # a key-frame request is out and no key frame came yet
        self._window = KEYFRAME_INTERVAL  # the throttle's window after the last request
        self.key_bits = 0  # the size of its last key frame, headers included (what resuming it costs)
        self._key_ts = -1

    def attach(self, receiver: Any) -> None:
        """Her publishing connection was rebuilt (the node's ICE restart): the same source, now from a
        new receiver. Receivers keep their slots; the new stream has its own SSRC, sequence and clock,
        so each slot continues its own numbering and waits for a key frame (the new stream starts with one)."""
        self.receiver = receiver
        self.info = None
        self.ssrc = None
        self.sender_report = None
        self._seen = [-1] * SEEN
        self._last_pli, self._window = -KEYFRAME_INTERVAL, KEYFRAME_INTERVAL  # a new stream, a new encoder
        self._key_awaited = self._pli_pending = False
        for slot in self.bindings:
            slot.rebase = True
            slot.cut.reset()  # her numbering of the layers starts over with the new stream
            slot.need_key = self.kind == "video"

    # hooks.tap_receiver callbacks

    def on_receive(self, info: hooks.ReceiveInfo) -> None:
        self.info = info
        if info.ssrcs:
            self.ssrc = info.ssrcs[0]
        # No key-frame request here: a stream starts with a key frame, and a request now would only
        # make the publisher's browser ignore the first receiver's own request (see KEYFRAME_ANSWERED_GAP).
        logger.debug("%s's %s: receiving", self.member, self.name)

    def on_sender_report(self, ssrc: int, ntp: int, rtp_ts: int) -> None:
        if ssrc == self.ssrc:
            self.sender_report = (ntp, rtp_ts)

    def pli_allowed(self) -> bool:
        now = time.monotonic()
        if now - self._last_pli >= self._window:
            self._last_pli = now
            self._window = KEYFRAME_INTERVAL
            self._key_awaited = True
            return True
        return False

    def _key_arrived(self) -> None:
        """The key frame asked for is here: the throttle's window shrinks to what the publisher's browser
        accepts, so that a receiver bound right after is asked for without waiting out the whole window;
        requests throttled meanwhile were answered by this key frame."""
        self._key_awaited = False
        self._pli_pending = False
        self._window = KEYFRAME_ANSWERED_GAP

    async def on_rtp(self, packet: Any) -> None:
        hub = self.hub
        counters = hub.counters
        payload = packet.payload
        counters.packets_in += 1
        counters.bytes_in += len(payload)
        self.meter.add(len(payload) + HEADERS)
        info = self.info
        if info is None:
            return
        pt = packet.payload_type
        seq = packet.sequence_number
        apt = info.rtx.get(pt)
        if apt is not None:
            # A retransmission from the publisher: unwrap it; drop padding probes and duplicates.
            if len(payload) <= 2:
                counters.dropped += 1
                return
            seq = _U16.unpack_from(payload)[0]
            payload = payload[2:]
            pt = apt
        elif not payload:
            counters.dropped += 1
            return
        seen = self._seen
        if seen[seq % SEEN] == seq:
            counters.dropped += 1
            return
        seen[seq % SEEN] = seq
        codec = info.codecs.get(pt)
        if codec is None:
            counters.dropped += 1
            return
        key, clock = codec
        if (self._key_awaited or self._pli_pending) and self.kind == "video" and is_keyframe(key, payload):
            logger.debug("%s's %s: key frame in (seq %d)", self.member, self.name, seq)
            self._key_arrived()
        level = b""
        if self.kind == "audio":
            audio_level = packet.extensions.audio_level
            loud = 127 - audio_level[1] if audio_level is not None else SPEAKING + 1
            self.level += 0.2 * (loud - self.level)
            self.last_audio = time.monotonic()
            if audio_level is not None:
                level = bytes([(0x80 if audio_level[0] else 0) | audio_level[1]])
        if self.muted:
            counters.dropped += 1
            return
        bindings = self.bindings
        if not bindings:
            return
        abs_send_time = b""
        if self.kind == "video":
            abs_send_time = abs_send_time_now()
        layer = None
        if key == "vp8":
            layer = vp8_layer(payload)
            if layer is not None:
                self.layered = True
                tid = min(layer[0], TOP)
                self.layer_meters[tid].add(len(payload) + HEADERS)
                if layer[1]:
                    self.frames.add(1)
                if tid == 0:
                    counters.layer0_octets += len(payload)
                elif tid == 1:
                    counters.layer1_octets += len(payload)
                else:
                    counters.layer2_octets += len(payload)
            if packet.timestamp == self._key_ts:
                self.key_bits += 8 * (len(payload) + HEADERS)
            elif (layer is None or (layer[1] and not layer[0])) and is_keyframe(key, payload):
                self._key_ts = packet.timestamp
                self.key_bits = 8 * (len(payload) + HEADERS)
        ntp = self._ntp_for(packet.timestamp, clock)
        ts = packet.timestamp
        marker = packet.marker
        for slot in tuple(bindings):
            if slot.stream is self or slot.want is self:
                await slot.forward(
                    seq, ts, marker, payload, key, clock, ntp, abs_send_time, level, layer, self
                )

    def _ntp_for(self, ts: int, clock: int) -> int:
        """The publisher's wall clock for this RTP timestamp (from her sender reports): lip-sync."""
        sr = self.sender_report
        if sr is None:
            return ntp_now()
        delta = ((ts - sr[1] + 0x80000000) & 0xFFFFFFFF) - 0x80000000
        return sr[0] + int(delta * 4294967296.0 / clock)

    def request_keyframe(self) -> None:
        if self.kind != "video" or self.closed or self.ssrc is None:
            return
        if self.pli_allowed():
            logger.debug("key frame asked of %s's %s", self.member, self.name)
            self.hub.counters.keyframe_requests += 1
            self.hub.spawn(hooks.send_pli_now(self.receiver, self.ssrc))
        elif not self._pli_pending:
            # Throttled: one request still goes out when the window ends. Whoever asked, a gated
            # slot or a receiver's own PLI: a key frame lost on a fresh connection (the browser drops
            # SRTP until its side of DTLS is done) is only ever asked again by the receiver.
            self._pli_pending = True
            logger.debug("key frame request for %s's %s deferred to the window's end", self.member, self.name)
            delay = self._window - (time.monotonic() - self._last_pli) + 0.01
            asyncio.get_running_loop().call_later(max(delay, 0.01), self._deferred_keyframe)

    def _deferred_keyframe(self) -> None:
        if not self._pli_pending:  # a key frame came meanwhile
            return
        self._pli_pending = False
        if self.bindings:
            self.request_keyframe()

    @property
    def cap(self) -> int:
        if self.main is not None:
            return LOW_CAP
        return SCREEN_CAP if self.name == "screen" else CAMERA_CAPS.get(self.role, CAMERA_CAPS["participant"])

    def adopt_low(self, low: Source) -> None:
        """``low`` is this camera's quarter-size copy: slots showing the camera may be sent it."""
        low.main = self
        if self.low is low:
            return
        self.low = low
        for slot in self.bindings:
            if slot not in low.bindings:
                low.bindings.append(slot)

    @property
    def top_level(self) -> int:
        """The highest level a receiver may get: the copy's layers come first (0..TOP), then the camera."""
        return TOP + 1 if self.has_low else TOP

    @property
    def has_low(self) -> bool:
        low = self.low
        return low is not None and not low.closed and low.meter.live

    @property
    def steppable(self) -> bool:
        """Whether a receiver can get less of it than everything without a pause."""
        return self.layered or self.has_low

    def rung(self, level: int) -> tuple[Source, int]:
        """What a receiver at ``level`` gets: (this source or its copy, up to which temporal layer).

        With a copy, levels 0..TOP are the copy's layers (a quarter of the frames, half, all) and
        TOP + 1 the camera in full: at any level from TOP, the full frame rate."""
        low = self.low
        if low is None or not self.has_low:
            return self, min(level, TOP)
        if level > TOP:
            return self, TOP
        return low, max(level, 0)

    def level_bitrate(self, level: int) -> float:
        """What forwarding ``level`` (``rung``) costs a receiver."""
        stream, tid = self.rung(level)
        return stream.layer_bitrate(tid)

    def level_fps(self, level: int) -> float | None:
        """The frame rate a receiver at ``level`` gets (None: not measured, or not layered)."""
        stream, tid = self.rung(level)
        fps = stream.frames.bps / 8
        return fps * LAYER_FRAMES[tid] if stream.layered and fps else None

    def key_frame_bits(self, level: int) -> int:
        """The size of the key frame a receiver starting on ``level`` waits for (0: none seen yet)."""
        return self.rung(level)[0].key_bits

    def layer_bitrate(self, tid: int) -> float:
        """What forwarding her layers up to ``tid`` costs a receiver (everything, when not layered)."""
        total = self.bitrate
        if not self.layered:
            return total
        rates = [meter.bps for meter in self.layer_meters]
        measured = sum(rates)
        if not measured:
            return total * LAYER_SHARE[tid]
        return total * sum(rates[: tid + 1]) / measured

    @property
    def bitrate(self) -> float:
        """What forwarding this source costs a receiver: measured, or its cap before any packet."""
        return self.meter.bps or float(self.cap)


class Subscriber:
    def __init__(self, member: str, notify: Callable[[dict[str, Any]], None]) -> None:
        self.member = member
        self.notify = notify
        self.slots: list[Slot] = []
        self.adapt = adapt.ReceiverState()
        self.adapt.link.who = member
        self.rtx_budget = RetransmitBudget()

    def slots_of(self, kind: str) -> list[Slot]:
        return [s for s in self.slots if s.kind == kind]


class MediaHub:
    """The media side of one room: its sources, its subscribers, who is bound to whom."""

    def __init__(self, counters: Counters, *, drop_rate: float = 0.0) -> None:
        self.counters = counters
        self.drop_rate = drop_rate  # fault injection for tests and benchmarks only
        self.adapt_links = True  # also pause what a receiver's link does not carry (settings.adapt_links)
        self.sources: list[Source] = []
        self.subscribers: dict[int, Subscriber] = {}
        self.speakers: list[Source] = []
        self.order = iter(range(1, 1 << 62))
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- membership ------------------------------------------------------------------------------

    def add_source(self, source: Source) -> None:
        source.closed = False
        if source in self.sources:
            return
        self.sources.append(source)
        if source.kind == "video":
            self.rebalance_video()

    def remove_source(self, source: Source) -> None:
        if source not in self.sources:
            return
        source.closed = True
        self.sources.remove(source)
        main = source.main
        if main is not None:  # a quarter-size copy: whoever got it gets the camera again
            if main.low is source:
                main.low = None
            for slot in list(source.bindings):
                slot.lose(source)
            source.bindings.clear()
            self.rebalance_video()
            return
        if source in self.speakers:
            self.speakers.remove(source)
        for slot in list(source.bindings):
            slot.bind(None)
            slot.subscriber.notify(slot.describe())
        self.rebalance_video()
        self.rebalance_audio()

    def add_subscriber(self, subscriber: Subscriber) -> None:
        self.subscribers[id(subscriber)] = subscriber
        self.rebalance_video()
        self.rebalance_audio()

    def remove_subscriber(self, subscriber: Subscriber) -> None:
        self.subscribers.pop(id(subscriber), None)
        for slot in subscriber.slots:
            slot.bind(None)

    def set_role(self, member: str, role: str) -> None:
        for source in self.sources:
            if source.member == member:
                source.role = role
        self.rebalance_video()

    def set_muted(self, member: str, name: str, muted: bool) -> None:
        for source in self.sources:
            named = (
                source.main.name if source.main is not None else source.name
            )  # a copy goes with its camera
            if source.member == member and named == name and source.muted != muted:
                source.muted = muted
                if muted and source in self.speakers:
                    self.speakers.remove(source)
                    self.rebalance_audio()
                if not muted and source.kind == "video" and source.main is None:
                    # Packets were dropped while muted: receivers restart at a key frame.
                    for slot in source.bindings:
                        slot.need_key = True
                        if slot.stream is not None:
                            slot.stream.request_keyframe()

    # -- binding policy ----------------------------------------------------------------------------

    def rebalance_video(self) -> None:
        """Screen shares first, then hosts' cameras, then cameras in order of publication."""

        def priority(s: Source) -> tuple[int, int]:
            rank = 0 if s.name == "screen" else 1 if s.role in ("host", "cohost") else 2
            return (rank, s.order)

        # A camera's quarter-size copy is never a tile of its own: slots showing the camera may send it.
        videos = sorted((s for s in self.sources if s.kind == "video" and s.main is None), key=priority)
        for sub in self.subscribers.values():
            slots = sub.slots_of("video")
            want = adapt.wanted(sub.adapt, [s for s in videos if s.member != sub.member])
            audio = sum(adapt.voice_cost(slot.source) for slot in sub.slots_of("audio") if slot.source)
            before = sub.adapt.levels
            self._assign(
                sub, slots, adapt.plan(sub.adapt, want, audio, may_pause=self.adapt_links)[: len(slots)]
            )
            for slot in slots:
                if slot.source is not None:
                    slot.choose(max(sub.adapt.levels.get(id(slot.source), slot.source.top_level), 0))
            if logger.isEnabledFor(logging.DEBUG) and sub.adapt.levels != before:
                link = sub.adapt.link
                logger.debug(
                    "levels of %s: %s (estimate %s bit/s, proven %d, loss %.3f, queueing %.3f s)",
                    sub.member,
                    [(s.member, s.name, sub.adapt.levels.get(id(s))) for s in want],
                    link.remb,
                    link.proven,
                    link.loss,
                    link.queueing(),
                )
            if sub.adapt.probe_due:
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug("probing %s's link at %d bit/s", sub.member, sub.adapt.link.probe_target)
                self.spawn(self.probe(sub, sub.adapt.link.probe_target))
                sub.adapt.probe_due = False
            message = adapt.quality_message(sub.adapt, want)
            if message != sub.adapt.told:
                sub.adapt.told = message
                sub.notify(message)

    async def probe(self, sub: Subscriber, bps: float) -> None:
        """Padding to her at ``bps`` while her link's probe is held (``bandwidth.LinkEstimate``): her
        browser's estimate grows with what it receives, and her link shows whether it carries that
        much, with nothing she watches at stake. Stops as soon as the probe is judged or refused."""
        link = sub.adapt.link
        started = link.probed_at
        slots = [s for s in sub.slots_of("video") if s.path is not None]
        if started is None or not slots:
            return
        slots.sort(key=lambda s: s.source is not None)  # a free slot first: her reports on it (Slot.probe)
        size = len(PROBE_PADDING) + HEADERS
        # Padding fills what her videos and voices leave of ``bps``, as they go: what the meters say
        # flows is not what she is sent (the step just taken, a key frame, retransmissions). Padding
        # added on top of the meters' figure sent her up to 1.3 times what the probe then proved.
        media = link.sent
        padded = 0
        while (
            link.probed_at == started
            and not link.judged
            and time.monotonic() - started < PROBE_HOLD_MAX
            and sub.slots
        ):
            due = bps * (time.monotonic() - started) / 8 - (link.sent - media) - padded * size
            count = int(due / size)
            if count > 0:
                if not await slots[0].probe(count):
                    return
                padded += count
            await asyncio.sleep(PROBE_TICK)
        if logger.isEnabledFor(logging.DEBUG):
            held = max(time.monotonic() - started, 1e-3)
            logger.debug(
                "probe of %s's link: %d bit/s of media, %d of padding",
                sub.member,
                (link.sent - media) * 8 / held,
                padded * size * 8 / held,
            )

    def set_view(self, subscriber: Subscriber, view: adapt.ReceiverView) -> None:
        subscriber.adapt.view = view
        self.rebalance_video()

    def adapt_tick(self, now: float | None = None) -> None:
        """Measure each source's bitrate and fit every receiver's videos to her link again."""
        for source in self.sources:
            source.meter.tick(now)
            if source.layered:
                source.frames.tick(now)
                for meter in source.layer_meters:
                    meter.tick(now)
        if self.subscribers:
            self.rebalance_video()

    def rebalance_audio(self) -> None:
        for sub in self.subscribers.values():
            slots = sub.slots_of("audio")
            self._assign(sub, slots, [s for s in self.speakers if s.member != sub.member][: len(slots)])

    @staticmethod
    def _assign(sub: Subscriber, slots: list[Slot], wanted: list[Source]) -> None:
        changed = []
        for slot in slots:
            if slot.source is not None and slot.source not in wanted:
                slot.bind(None)
                changed.append(slot)
        bound = {slot.source for slot in slots if slot.source is not None}
        free = [slot for slot in slots if slot.source is None]
        for source in wanted:
            if source not in bound and free:
                slot = free.pop(0)
                slot.bind(source)
                changed.append(slot)
        for slot in dict.fromkeys(changed):
            sub.notify(slot.describe())

    def select_speakers(self, now: float | None = None, *, floor: str | None = None) -> None:
        """Who is heard (live.media.speakers); the audio slots follow when that changes."""
        speakers = choose_speakers(self.sources, self.speakers, now=now, floor=floor)
        if speakers != self.speakers:
            self.speakers = speakers
            self.rebalance_audio()

    async def send_caps(self) -> None:
        """REMB to each publisher transport: the sum of its video caps, by role."""
        by_transport: dict[int, list[Source]] = {}
        for s in self.sources:
            if s.kind == "video" and s.ssrc is not None and not s.closed:
                by_transport.setdefault(id(s.receiver.transport), []).append(s)
        for sources in by_transport.values():
            bitrate = sum(s.cap for s in sources)
            ssrcs = [s.ssrc for s in sources if s.ssrc is not None]
            try:
                await hooks.send_remb(sources[0].receiver, bitrate, ssrcs)
            except ConnectionError:
                pass

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
