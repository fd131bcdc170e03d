"""Counters exported by ``GET /status``: numbers only, never names or content."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Counters:
    packets_in: int = 0
    packets_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    dropped: int = 0  # not forwarded: key-frame gate, duplicates, padding, muted, fault injection
    keyframe_requests: int = 0  # PLI actually sent to publishers (after throttling)
    nacks_received: int = 0
    rtx_sent: int = 0
    rtx_skipped: int = (
        0  # NACKs not answered: her link's share for them spent, asked again too soon, slot idle
    )
    layer_dropped: int = 0  # video packets above the temporal layer chosen for a receiver
    copy_switches: int = 0  # a receiver moved between a camera and its quarter-size copy (at a key frame)
    probe_padding_sent: int = 0  # padding packets that test a receiver's link before a step up
    padding_sent: int = 0  # padding in place of a late packet of a layer she does not get
    # Octets received per VP8 temporal layer (TID 0, 1, 2): what each layer costs a receiver.
    layer0_octets: int = 0
    layer1_octets: int = 0
    layer2_octets: int = 0
    decode: int = 0  # must stay 0: the node never decodes media
    encode: int = 0  # must stay 0: the node never encodes media

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
