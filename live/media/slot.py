"""One send-only m-line of a subscriber (``Slot``): what it is bound to, and each packet as it
leaves: rewritten to one continuous stream (SSRC, payload type, sequence number, timestamp), kept for
retransmission, cut to her layers, counted on her link; and the padding that probes her link.

The room's forwarding (which slot shows which source, for whom) is ``forwarder``'s job.
"""

from __future__ import annotations

import logging
import random
import struct
import time
from typing import TYPE_CHECKING, Any

from . import aiortc_hooks as hooks
from .keyframes import is_keyframe
from .layers import Layer, LayerCut

if TYPE_CHECKING:
    from .forwarder import MediaHub, Source, Subscriber

logger = logging.getLogger(__name__)

HISTORY = 512  # packets of RTX history per video slot (a 720p screen key frame is 100+)
NTP_EPOCH_OFFSET = 2208988800
_HEADER = struct.Struct("!BBHII")
_U16 = struct.Struct("!H")
PADDING = b"\x00\x00\x00\x04"  # RTP padding (P bit): three zeros and their count, no payload
PROBE_PADDING = bytes(254) + b"\xff"  # the most padding one packet holds (its count is one byte)
# Bytes a receiver's link carries beyond each RTP packet: IPv4 and UDP headers, and SRTP's
# authentication tag. Left out, a voice's 50 packets a second cost her link 4 kbit/s more than counted.
WIRE = 28 + 10
# ...and beyond each payload: the RTP header and the one header extension the node sends on it
# (abs-send-time on a video, the audio level on a voice: 8 bytes either way, padded).
HEADERS = 12 + 8 + WIRE


def ntp_now() -> int:
    return int((time.time() + NTP_EPOCH_OFFSET) * 4294967296.0)


def abs_send_time_now() -> bytes:
    """The abs-send-time header extension's value for a packet sent now (6.18 fixed-point seconds)."""
    return ((ntp_now() >> 14) & 0x00FFFFFF).to_bytes(3, "big")


def _ext_element(ext_id: int, data: bytes) -> bytes:
    return bytes([(ext_id << 4) | (len(data) - 1)]) + data


class Slot:
    """One send-only m-line of a subscriber, bound to at most one source at a time."""

    def __init__(self, hub: MediaHub, subscriber: Subscriber, mid: str, kind: str) -> None:
        self.hub = hub
        self.subscriber = subscriber
        self.link = subscriber.adapt.link  # what she is sent counts on her link (``MediaHub.probe``)
        self.mid = mid
        self.kind = kind
        self.path: hooks.SendPath | None = None
        self.source: Source | None = None
        # What she is sent of ``source``: the source itself or its quarter-size copy (``Source.rung``);
        # a change of copy waits for a key frame of the copy wanted, the other one flowing meanwhile.
        self.stream: Source | None = None
        self.want: Source | None = None
        self.need_key = False
        self.rebase = True
        self.next_seq = random.getrandbits(15)
        self.last_ts = random.getrandbits(32)
        self.last_time: float | None = None
        self.seq_offset = 0
        self.ts_offset = 0
        self.rtx_seq = random.getrandbits(15)
        self.cut = LayerCut()  # her temporal layer of a layered VP8 source (set by adapt)
        self.history: list[tuple[int, int, int, int, bytes, bytes] | None] = (
            [None] * HISTORY if kind == "video" else []
        )
        self.resent_at = [float("-inf")] * HISTORY if kind == "video" else []  # when each was last sent again
        self._mid_elem = b""
        self._ast_hdr = b""
        self._level_hdr = b""
        self._first_sent = False  # the join timeline (debug log): first packet of each binding

    def ready(self, path: hooks.SendPath) -> None:
        self.path = path
        self._mid_elem = _ext_element(path.ext_mid, path.mid.encode()) if path.ext_mid and path.mid else b""
        self._ast_hdr = bytes([(path.ext_abs_send_time << 4) | 2]) if path.ext_abs_send_time else b""
        self._level_hdr = bytes([path.ext_audio_level << 4]) if path.ext_audio_level else b""
        logger.debug("slot %s (%s) of %s ready to send", self.mid, self.kind, self.subscriber.member)
        if self.stream is not None and self.kind == "video":
            self.need_key = True
            self.stream.request_keyframe()

    def bind(self, source: Source | None) -> None:
        if self.source is source:
            return
        old = self.source
        if old is not None:
            old.bindings.remove(self)
            if old.low is not None and self in old.low.bindings:
                old.low.bindings.remove(self)
        self.source = self.stream = self.want = source
        self.rebase = True
        self.cut.reset()
        self._first_sent = False
        if source is not None:
            source.bindings.append(self)
            if source.low is not None:
                source.low.bindings.append(self)
            if self.kind == "video":
                # A late joiner can only start decoding at a key frame: gate, and ask for one.
                self.need_key = True
                if self.path is not None:
                    source.request_keyframe()

    def choose(self, level: int) -> None:
        """Her level of the source (``adapt.plan``): which copy she is sent, and up to which layer."""
        source = self.source
        if source is None:
            return
        stream, tid = source.rung(level)
        self.cut.target = tid
        if stream is self.want:
            return
        self.want = stream
        if stream is self.stream:
            return
        if self.need_key:  # nothing of the current copy shown yet: start with the one wanted
            self.stream = stream
            self.rebase = True
            self.cut.reset()
            if self.path is not None:
                stream.request_keyframe()
        elif self.path is not None:
            stream.request_keyframe()

    def lose(self, copy: Source) -> None:
        """``copy`` (a quarter-size copy) is gone: back to the source itself, from its next key frame."""
        if copy in (self.stream, self.want) and self.source is not None:
            self.stream = self.want = self.source
            self.rebase = True
            self.cut.reset()
            self.need_key = True
            self.source.request_keyframe()

    def describe(self) -> dict[str, Any]:
        src = self.source
        return {
            "type": "slot",
            "mid": self.mid,
            "kind": self.kind,
            "member": src.member if src else None,
            "source": src.name if src else None,
        }

    async def forward(
        self,
        seq: int,
        ts: int,
        marker: int,
        payload: bytes,
        codec: str,
        clock: int,
        ntp: int,
        abs_send_time: bytes,
        level: bytes,
        layer: Layer | None = None,
        origin: Source | None = None,
    ) -> None:
        path = self.path
        if path is None:
            return
        pt = path.payload_types.get(codec)
        counters = self.hub.counters
        if pt is None:  # the subscriber did not accept this codec; the node never transcodes
            counters.dropped += 1
            return
        if origin is not None and origin is not self.stream:
            # The copy she is to get next (``choose``): it takes over at its first key frame, continuing
            # her sequence and timeline; until then she keeps getting the other one.
            if origin is not self.want or not is_keyframe(codec, payload):
                return
            self.stream = origin
            self.rebase = True
            self.cut.reset()
            self.need_key = False
            counters.copy_switches += 1
            logger.debug("slot %s of %s: now the %s copy", self.mid, self.subscriber.member, origin.name)
        shift = 0
        if layer is not None:
            cut = self.cut
            placed = cut.admit(seq, layer)
            if placed is None:
                counters.layer_dropped += 1
                return
            shift = placed
            if cut.padding:
                await self._pad((seq + self.seq_offset + shift) & 0xFFFF, ts, pt)
                return
            payload = cut.rewrite(payload, layer)
        if self.need_key:
            if not is_keyframe(codec, payload):
                counters.dropped += 1
                assert self.stream is not None
                self.stream.request_keyframe()
                return
            self.need_key = False
            logger.debug("slot %s of %s: key frame, video starts", self.mid, self.subscriber.member)
        now = time.monotonic()
        if self.rebase:
            # Continue the outgoing sequence and timeline where the previous binding left them.
            gap = int((now - self.last_time) * clock) if self.last_time is not None else 0
            self.seq_offset = (self.next_seq - seq - shift) & 0xFFFF
            self.ts_offset = (self.last_ts + max(gap, 1) - ts) & 0xFFFFFFFF
            self.rebase = False
        oseq = (seq + self.seq_offset + shift) & 0xFFFF
        ots = (ts + self.ts_offset) & 0xFFFFFFFF
        if (oseq - self.next_seq) & 0xFFFF < 0x8000:
            self.next_seq = (oseq + 1) & 0xFFFF
            self.last_ts = ots
            self.last_time = now
        body = self._mid_elem
        if abs_send_time and self._ast_hdr:
            body += self._ast_hdr + abs_send_time
        if level and self._level_hdr:
            body += self._level_hdr + level
        if body:
            pad = -len(body) % 4
            ext = b"\xbe\xde" + _U16.pack((len(body) + pad) // 4) + body + b"\x00" * pad
            first = 0x90
        else:
            ext = b""
            first = 0x80
        if self.history:
            self.history[oseq % HISTORY] = (oseq, ots, marker, pt, ext, payload)
        hub = self.hub
        if hub.drop_rate and random.random() < hub.drop_rate:
            counters.dropped += 1
            return
        data = _HEADER.pack(first, (marker << 7) | pt, oseq, ots, path.ssrc) + ext + payload
        try:
            await path.send(data)
        except ConnectionError:
            return
        path.sent(ots, ntp, len(payload))
        if not self._first_sent:
            self._first_sent = True
            logger.debug("slot %s (%s) of %s: first packet sent", self.mid, self.kind, self.subscriber.member)
        counters.packets_out += 1
        counters.bytes_out += len(data)
        self.link.sent += len(data) + WIRE

    async def _pad(self, oseq: int, ts: int, pt: int) -> None:
        """A padding packet at ``oseq``: a number of hers whose packet turned out not to be for her
        (``LayerCut.padding``). Her browser takes it as filler and stops asking for that number."""
        path = self.path
        if path is None or self.rebase or self.need_key:
            return  # her stream has not started: no number of hers is waiting for it
        before = self.history[(oseq - 1) % HISTORY]
        # The previous packet's timestamp: a receiver that groups packets by timestamp adds nothing
        # to a frame of hers (aiortc's jitter buffer would pass an empty frame to its decoder).
        if before is not None and before[0] == (oseq - 1) & 0xFFFF:
            ots = before[1]
        else:
            ots = (ts + self.ts_offset) & 0xFFFFFFFF
        # No header extension: her stream's SSRC is known by now, so nothing needs the MID.
        self.history[oseq % HISTORY] = (oseq, ots, 0, pt, b"", b"")
        data = _HEADER.pack(0xA0, pt, oseq, ots, path.ssrc) + PADDING
        try:
            await path.send(data)
        except ConnectionError:
            return
        counters = self.hub.counters
        counters.padding_sent += 1
        counters.packets_out += 1
        counters.bytes_out += len(data)
        self.link.sent += len(data) + WIRE

    async def retransmit(self, seq: int) -> None:
        """Answer a subscriber's NACK from the node's own history, as RTX when negotiated; within what
        her link carries (``RetransmitBudget``), once per round trip per packet, and not for a slot
        that shows nothing now (a video paused for her starts again from a key frame), save the
        padding a probe sent on it: a few bytes, and at 300 kbit/s she asked for lost probe padding
        4,000-13,000 times in 30 s."""
        counters = self.hub.counters
        counters.nacks_received += 1
        path = self.path
        if path is None or not self.history:
            return
        index = seq % HISTORY
        entry = self.history[index]
        if entry is None or entry[0] != seq or (self.source is None and entry[5]):
            return  # (padding is answered even on a free slot: else she asks for it again and again)
        oseq, ots, marker, pt, ext, payload = entry
        now = time.monotonic()
        link = self.link
        if now - self.resent_at[index] < link.resend_interval() or not self.subscriber.rtx_budget.allow(
            8 * (len(payload) + HEADERS), link.available(now), now
        ):
            counters.rtx_skipped += 1
            return
        self.resent_at[index] = now
        first = 0x90 if ext else 0x80
        rtx_pt = path.rtx_payload_types.get(pt)
        if rtx_pt is not None:
            data = (
                _HEADER.pack(first, (marker << 7) | rtx_pt, self.rtx_seq, ots, path.rtx_ssrc)
                + ext
                + _U16.pack(oseq)
                + payload
            )
            self.rtx_seq = (self.rtx_seq + 1) & 0xFFFF
        else:
            data = _HEADER.pack(first, (marker << 7) | pt, oseq, ots, path.ssrc) + ext + payload
        if self.hub.drop_rate and random.random() < self.hub.drop_rate:
            counters.dropped += 1
            return
        try:
            await path.send(data)
        except ConnectionError:
            return
        counters.rtx_sent += 1
        counters.packets_out += 1
        counters.bytes_out += len(data)
        self.link.sent += len(data) + WIRE

    async def probe(self, count: int) -> bool:
        """``count`` padding-only packets, each stamped with its send time: her browser counts them in
        what it receives, then drops them (``MediaHub.probe``). On her retransmission stream while the
        slot shows a video; on the slot's own stream while it is free, so that her browser reports on
        them (it sends no receiver report on a retransmission stream, and a voice's come every 5 s):
        the round trip that judges the probe. False when this slot cannot carry them."""
        path = self.path
        if path is None or not path.ext_abs_send_time:
            return False
        pt = path.payload_types.get("vp8")
        if pt is None:
            return False
        free = self.source is None
        if free:
            ssrc = path.ssrc
        else:
            rtx = path.rtx_payload_types.get(pt)
            if rtx is None or not path.rtx_ssrc:
                return False
            pt, ssrc = rtx, path.rtx_ssrc
        counters = self.hub.counters
        for _ in range(count):
            stamp = abs_send_time_now()
            if free:  # her sequence on this slot continues where its next video will
                seq, self.next_seq = self.next_seq, (self.next_seq + 1) & 0xFFFF
                self.history[seq % HISTORY] = (seq, self.last_ts, 0, pt, b"", b"")
            else:
                seq, self.rtx_seq = self.rtx_seq, (self.rtx_seq + 1) & 0xFFFF
            data = (
                _HEADER.pack(0xB0, pt, seq, self.last_ts, ssrc)
                + b"\xbe\xde\x00\x01"
                + self._ast_hdr
                + stamp
                + PROBE_PADDING
            )
            try:
                await path.send(data)
            except ConnectionError:
                return False
            counters.probe_padding_sent += 1
            counters.packets_out += 1
            counters.bytes_out += len(data)
        return True

    def keyframe_requested(self) -> None:
        if self.stream is not None:
            self.stream.request_keyframe()

    def on_remb(self, bitrate: int) -> None:
        self.subscriber.adapt.link.on_remb(bitrate)

    def on_report(self, rtt: float | None, stream: tuple[int, int, int], sr_age: float | None = None) -> None:
        self.subscriber.adapt.link.on_report(rtt, stream, sr_age=sr_age)
