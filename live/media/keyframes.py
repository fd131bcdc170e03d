"""Whether an RTP payload starts a key frame: the only bytes of a packet's payload the node reads
(docs/design.md: no decode, no encode). A receiver that joins or lost packets starts again at a key frame."""

from __future__ import annotations

import struct

_U16 = struct.Struct("!H")


def vp8_is_keyframe(payload: bytes) -> bool:
    """RFC 7741: a key frame starts with S=1, PID=0 and the P bit of the VP8 header at 0."""
    if len(payload) < 2:
        return False
    first = payload[0]
    if not first & 0x10 or first & 0x07:  # S bit, partition index
        return False
    offset = 1
    if first & 0x80:  # X: extension byte follows
        ext = payload[1]
        offset = 2
        if ext & 0x80:  # I: picture id, 1 or 2 bytes
            if offset >= len(payload):
                return False
            offset += 2 if payload[offset] & 0x80 else 1
        if ext & 0x40:  # L: TL0PICIDX
            offset += 1
        if ext & 0x30:  # T or K: one byte
            offset += 1
    return offset < len(payload) and not payload[offset] & 0x01


def h264_is_keyframe(payload: bytes) -> bool:
    """RFC 6184: IDR (5) or SPS (7) in a single NAL unit, a STAP-A, or the start of a FU-A."""
    if not payload:
        return False
    nal = payload[0] & 0x1F
    if nal in (5, 7):
        return True
    if nal == 24:  # STAP-A: 2-byte sizes, then units
        offset = 1
        while offset + 2 < len(payload):
            size = _U16.unpack_from(payload, offset)[0]
            offset += 2
            if size == 0 or offset + size > len(payload):
                return False
            if payload[offset] & 0x1F in (5, 7):
                return True
            offset += size
        return False
    if nal == 28 and len(payload) >= 2:  # FU-A: start bit and original type
        return bool(payload[1] & 0x80) and payload[1] & 0x1F in (5, 7)
    return False


def is_keyframe(codec: str, payload: bytes) -> bool:
    if codec == "vp8":
        return vp8_is_keyframe(payload)
    if codec.startswith("h264"):
        return h264_is_keyframe(payload)
    return True
