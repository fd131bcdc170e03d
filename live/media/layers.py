"""VP8 temporal layers: which layer a packet carries, and one receiver's cut of a layered stream.

A publisher's page sends its camera as ``L1T3`` (docs/media-protocol.md, « Media »): three temporal
layers in one stream, the layer id (TID) in each packet's VP8 payload descriptor (RFC 7741 § 4.2).
TID 0 alone is a quarter of the frames, TID ≤ 1 half of them, all three the full rate; frames of a
layer only reference frames of the same or a lower layer, so dropping the upper ones leaves a
decodable stream. Nothing here looks past the descriptor: the node still never decodes media.

Per receiving slot, ``LayerCut`` drops the packets above her chosen layer and rewrites what she gets
so she sees no hole: sequence numbers stay consecutive and picture ids count only the frames she
gets (Chromium waits for a missing picture id before passing a higher-layer frame on). When the slot
moves to another stream (the camera's copy and back, another source, a rebuilt connection), both the
picture id and TL0PICIDX continue from the last she got, as simulcast SFUs do: without it, on a shaped
link, every switch in one direction was followed by two key-frame requests 3.2 s apart (a 3-6 s
freeze), most likely Chromium dropping frames whose picture id is not ahead of the last it decoded.
Within one stream TL0PICIDX needs no rewrite: layer 0 is never dropped. A packet that arrives late (a
retransmission from the publisher) takes the shift its sequence number had when newer ones went by,
from a ring. When it turns out to belong to a layer she does not get, its number in her sequence was
already kept for it: she gets a padding packet there instead (``padding``), or her browser would ask
for it forever.
"""

from __future__ import annotations

from typing import Any

TOP = 2  # highest layer of L1T3; a receiver at TOP gets everything
RING = 1024  # sequence numbers remembered per slot to place late packets
DROPPED = 1 << 20  # ring mark of a dropped packet (shifts are kept modulo 2**16)

# tid, starts a frame, picture id (-1: none), its offset, 15-bit; TL0PICIDX (-1: none), its offset
Layer = tuple[int, bool, int, int, bool, int, int]


def vp8_layer(payload: bytes) -> Layer | None:
    """The temporal layer of a VP8 packet, or None when its descriptor has no TID (not layered)."""
    size = len(payload)
    if size < 3:
        return None
    first = payload[0]
    if not first & 0x80:  # X: no extension, so no TID
        return None
    ext = payload[1]
    if not ext & 0x20:  # T
        return None
    offset = 2
    pid = -1
    pid_at = 0
    wide = False
    if ext & 0x80:  # I: picture id, 7 or 15 bits
        pid_at = 2
        high = payload[2]
        if high & 0x80:
            if size < 4:
                return None
            wide = True
            pid = ((high & 0x7F) << 8) | payload[3]
            offset = 4
        else:
            pid = high
            offset = 3
    tl0 = -1
    tl0_at = 0
    if ext & 0x40:  # L: TL0PICIDX
        tl0_at = offset
        offset += 1
    if offset >= size:
        return None
    if tl0_at:
        tl0 = payload[tl0_at]
    # A frame starts at S=1 in partition 0.
    return payload[offset] >> 6, (first & 0x17) == 0x10, pid, pid_at, wide, tl0, tl0_at


class LayerCut:
    """One slot's view of a layered source: at most ``target`` forwarded, with no visible gap.

    ``target`` is set by the adaptation policy; the cut moves down at the next frame start and up
    only at the start of a layer-0 frame (the frames above reference it)."""

    __slots__ = (
        "target",
        "top",
        "high",
        "shift",
        "pid_shift",
        "pid_now",
        "tl0_shift",
        "synced",
        "sent_pid",
        "sent_tl0",
        "last_dropped_pid",
        "ring_seq",
        "ring_shift",
        "ring_pid",
        "padding",
    )

    def __init__(self) -> None:
        self.target = TOP
        self.top = TOP
        self.ring_seq = [-1] * RING
        self.ring_shift = [0] * RING
        self.ring_pid = [0] * RING
        self.sent_pid = -1  # the picture id and TL0PICIDX of the newest frame she got, whatever its stream
        self.sent_tl0 = -1
        self.reset()

    def reset(self) -> None:
        """A new source on the slot: its numbering starts over (the slot rebases it)."""
        self.high = -1
        self.shift = 0
        self.pid_shift = 0
        self.pid_now = 0  # the picture-id shift of the packet ``admit`` just let through
        self.tl0_shift = 0
        self.synced = False  # the shifts continue what she got before, from the first packet let through
        self.padding = False  # ``admit``'s shift is for a padding packet in place of the packet
        self.last_dropped_pid = -1
        self.top = self.target
        self.ring_seq[:] = [-1] * RING

    def admit(self, seq: int, layer: Layer) -> int | None:
        """The shift to add to ``seq`` for her, or None to drop the packet; with ``padding`` set, the
        shift is for a padding packet to send in its place."""
        tid, start, pid, _, wide, tl0, _ = layer
        self.padding = False
        if start and self.target != self.top and (self.target < self.top or tid == 0):
            self.top = self.target
        drop = tid > self.top
        index = seq % RING
        high = self.high
        delta = (seq - high) & 0xFFFF if high >= 0 else 1
        if RING <= delta < 0x10000 - RING:
            # Too far ahead to be loss, too far behind to be a late packet: the publisher's numbering
            # jumped. Hers continues where it was.
            self.shift = (self.shift + high + 1 - seq) & 0xFFFF
            high = self.high = (seq - 1) & 0xFFFF
            delta = 1
        if 0 < delta < 0x8000:  # newer than anything seen
            if delta > 1:  # lost on the way in: a retransmission will need the shift of now
                ring_seq, ring_shift, ring_pid = self.ring_seq, self.ring_shift, self.ring_pid
                shift, pid_shift = self.shift, self.pid_shift
                for missing in range(1, delta):
                    lost = (high + missing) & 0xFFFF
                    ring_seq[lost % RING] = lost
                    ring_shift[lost % RING] = shift
                    ring_pid[lost % RING] = pid_shift
            self.high = seq
            self.ring_seq[index] = seq
            if drop:
                self.shift = (self.shift - 1) & 0xFFFF
                self.ring_shift[index] = DROPPED
                if pid >= 0 and pid != self.last_dropped_pid:
                    self.last_dropped_pid = pid
                    self.pid_shift -= 1
                return None
            if not self.synced:
                self.synced = True
                if pid >= 0 and self.sent_pid >= 0:
                    self.pid_shift = self.sent_pid + 1 - pid
                if tl0 >= 0 and self.sent_tl0 >= 0:
                    self.tl0_shift = (self.sent_tl0 + 1 - tl0) & 0xFF
            self.ring_shift[index] = self.shift
            self.ring_pid[index] = self.pid_now = self.pid_shift
            if pid >= 0:
                self.sent_pid = (pid + self.pid_shift) & (0x7FFF if wide else 0x7F)
            if tl0 >= 0:
                self.sent_tl0 = (tl0 + self.tl0_shift) & 0xFF
            return self.shift
        if self.ring_seq[index] != seq:
            return None  # too old to place without colliding with what she already got
        shift = self.ring_shift[index]
        if shift == DROPPED:
            return None
        if drop:
            # Lost on the way in, so its number in her sequence was kept; the frame is not hers.
            self.ring_shift[index] = DROPPED
            self.padding = True
            return shift
        self.pid_now = self.ring_pid[index]
        return shift

    def rewrite(self, payload: bytes, layer: Layer) -> bytes:
        """The payload with her picture id and TL0PICIDX, after ``admit`` let it through."""
        _, _, pid, at, wide, tl0, tl0_at = layer
        shifts = (self.pid_now if pid >= 0 else 0, self.tl0_shift if tl0 >= 0 else 0)
        if shifts == (0, 0):
            return payload
        return _renumbered(payload, layer, shifts)


# Receivers who got the same frames share one copy: a packet is renumbered once per distinct pair of
# shifts its fan-out needs (one per layer, usually), not once per receiver. Holding the last payload
# keeps its identity from being reused by another packet.
_last: list[Any] = [None, {}]


def _renumbered(payload: bytes, layer: Layer, shifts: tuple[int, int]) -> bytes:
    last = _last
    if last[0] is payload:
        copies: dict[tuple[int, int], bytes] = last[1]
        out = copies.get(shifts)
        if out is not None:
            return out
    else:
        copies = last[1] = {}
        last[0] = payload
    _, _, pid, at, wide, tl0, tl0_at = layer
    pid_shift, tl0_shift = shifts
    data = bytearray(payload)
    if pid_shift:
        if wide:
            new = (pid + pid_shift) & 0x7FFF
            data[at] = 0x80 | (new >> 8)
            data[at + 1] = new & 0xFF
        else:
            data[at] = (pid + pid_shift) & 0x7F
    if tl0_shift:
        data[tl0_at] = (tl0 + tl0_shift) & 0xFF
    out = copies[shifts] = bytes(data)
    return out
