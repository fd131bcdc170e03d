"""VP8 temporal layers, per receiver: what a thumbnail gets of an L1T3 camera, with no visible gap."""

from __future__ import annotations

from typing import Any

from aiortc.rtp import RtpPacket

from live.media import adapt
from live.media.aiortc_hooks import ReceiveInfo
from live.media.counters import Counters
from live.media.forwarder import MediaHub
from live.media.layers import TOP, vp8_layer
from live.media.slot import HEADERS, Slot

from .test_forwarder_units import make_source, make_subscriber

PATTERN = (0, 2, 1, 2)  # L1T3: the layer of each frame, repeating


def descriptor(pid: int, tl0: int, tid: int, start: bool, key: bool = False) -> bytes:
    """RFC 7741 descriptor with a 15-bit picture id, TL0PICIDX and TID, then one byte of VP8."""
    first = 0x80 | (0x10 if start else 0)
    vp8 = 0x00 if key else 0x01  # P bit: 0 on a key frame
    return bytes([first, 0xE0, 0x80 | (pid >> 8), pid & 0xFF, tl0, tid << 6, vp8, 0xAA])


class Recording:
    """A stand-in for a slot's SendPath that keeps what would go on the wire."""

    ssrc, rtx_ssrc, mid = 4242, 0, "0"
    payload_types = {"vp8": 96}
    rtx_payload_types: dict[int, int] = {}
    ext_mid, ext_abs_send_time, ext_audio_level = 0, 0, 0

    def __init__(self) -> None:
        self.packets: list[RtpPacket] = []

    async def send(self, data: bytes) -> None:
        self.packets.append(RtpPacket.parse(data))

    def sent(self, rtp_timestamp: int, ntp_timestamp: int, payload_size: int) -> None:
        pass


def frames(
    count: int, first_seq: int = 65_530, first_pid: int = 32_760, first_tl0: int = 250, ssrc: int = 11
) -> list[RtpPacket]:
    """``count`` frames of two packets each, from a key frame on; sequence numbers, picture ids and
    TL0PICIDX wrap on purpose."""
    out = []
    tl0 = first_tl0
    for n in range(count):
        tid = PATTERN[n % len(PATTERN)]
        if tid == 0 and n:
            tl0 = (tl0 + 1) & 0xFF
        pid = (first_pid + n) & 0x7FFF
        for part in range(2):
            out.append(
                RtpPacket(
                    payload_type=96,
                    sequence_number=(first_seq + 2 * n + part) & 0xFFFF,
                    timestamp=3000 * n,
                    ssrc=ssrc,
                    marker=part,
                    payload=descriptor(pid, tl0, tid, part == 0, key=n == 0),
                )
            )
    return out


def setup(width: int) -> tuple[MediaHub, Slot, Any, Recording]:
    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    hub.add_subscriber(sub)
    camera = make_source(hub, "a", "camera")
    camera.info = ReceiveInfo(codecs={96: ("vp8", 90000)}, ssrcs=[11])
    camera.layered = True  # as after her first packets
    hub.add_source(camera)
    hub.set_view(
        sub, adapt.parse_view({"tiles": [{"member": "a", "source": "camera", "width": width, "height": 90}]})
    )
    slot = next(s for s in sub.slots_of("video") if s.source is camera)
    path = Recording()
    slot.ready(path)  # type: ignore[arg-type]
    return hub, slot, camera, path


def layers_of(packets: list[RtpPacket]) -> list[tuple[int, int, int, int]]:
    """(sequence number, picture id, TL0PICIDX, TID) of what she received."""
    out = []
    for p in packets:
        layer = vp8_layer(p.payload)
        assert layer is not None
        out.append((p.sequence_number, layer[2], p.payload[4], layer[0]))
    return out


def consecutive(values: list[int], modulo: int) -> bool:
    return all((b - a) % modulo == 1 for a, b in zip(values, values[1:], strict=False))


def test_the_layer_is_read_from_the_descriptor() -> None:
    assert vp8_layer(descriptor(300, 7, 2, True)) == (2, True, 300, 2, True, 7, 4)
    assert vp8_layer(descriptor(300, 7, 0, False))[:2] == (0, False)  # type: ignore[index]
    assert vp8_layer(bytes([0x90, 0x80, 0x12, 0x00])) is None  # a picture id but no TID: not layered
    assert vp8_layer(bytes([0x10, 0x00, 0x00])) is None  # no extension at all
    assert vp8_layer(bytes([0x90, 0xE0, 0x81])) is None  # truncated


async def test_a_small_tile_gets_layer_0_with_no_gap_and_a_late_packet_in_its_place() -> None:
    hub, slot, camera, path = setup(width=160)
    assert slot.cut.target == 0  # a thumbnail under 240 px: a quarter of the frame rate
    stream = frames(16)
    late = stream.pop(9)  # frame 4 (layer 0), second packet: lost on the way in, retransmitted later
    for packet in stream:
        await camera.on_rtp(packet)
    await camera.on_rtp(late)
    got = layers_of(path.packets)
    assert {tid for *_, tid in got} == {0}
    assert len(got) == 8  # frames 0, 4, 8, 12: two packets each
    seqs = [seq for seq, *_ in got]
    # In her numbering the late packet takes exactly the place left for it (her numbering starts
    # below 2**15: no wrap to sort around).
    assert seqs[-1] == seqs[2] + 1 and consecutive(sorted(seqs), 0x10000)
    pids = sorted({pid for _, pid, *_ in got}, key=lambda pid: (pid - got[0][1]) % 0x8000)
    assert consecutive(pids, 0x8000)  # no missing picture id for her decoder to wait for
    assert [tl0 for _, _, tl0, _ in got][::2] == [250, 251, 252, 253]
    assert hub.counters.layer_dropped == 24
    # A NACK for what she got is answered with that very packet.
    wanted = path.packets[5]
    await slot.retransmit(wanted.sequence_number)
    assert path.packets[-1].payload == wanted.payload


async def test_a_tile_made_big_gets_every_layer_from_the_next_layer_0_frame() -> None:
    hub, slot, camera, path = setup(width=300)
    assert slot.cut.target == 1  # a thumbnail under 480 px: half the frame rate
    stream = frames(14)
    for packet in stream[:6]:  # frames 0-2: layers 0, 2 (dropped), 1
        await camera.on_rtp(packet)
    hub.set_view(
        slot.subscriber,
        adapt.parse_view({"tiles": [{"member": "a", "source": "camera", "width": 900, "height": 500}]}),
    )
    assert slot.cut.target == TOP
    for packet in stream[6:]:  # frame 3 (layer 2) is still dropped: the next layer 0 frame is 4
        await camera.on_rtp(packet)
    got = layers_of(path.packets)
    assert [tid for _, _, _, tid in got][::2] == [0, 1, 0, 2, 1, 2, 0, 2, 1, 2, 0, 2]
    assert consecutive([seq for seq, *_ in got], 0x10000)
    assert consecutive([pid for _, pid, *_ in got][::2], 0x8000)


async def test_a_jump_in_the_publishers_numbering_does_not_show_in_hers() -> None:
    hub, slot, camera, path = setup(width=160)
    for packet in frames(8):
        await camera.on_rtp(packet)
    for packet in frames(8, first_seq=55_000)[8:]:  # 10,000 behind: no retransmission is that late
        await camera.on_rtp(packet)
    for packet in frames(8, first_seq=30_000)[8:]:  # and 25,000 ahead: no loss is that long
        await camera.on_rtp(packet)
    got = layers_of(path.packets)
    assert len(got) == 8  # frames 0 and 4, then frame 4 of each new numbering: two packets each
    assert consecutive([seq for seq, *_ in got], 0x10000)


async def test_a_nack_in_her_numbering_is_answered_with_her_packet_as_rtx() -> None:
    hub, slot, camera, path = setup(width=160)
    path.rtx_payload_types = {96: 97}
    path.rtx_ssrc = 4343
    stream = frames(16)
    for packet in stream:
        await camera.on_rtp(packet)
    # Layers 1 and 2 were cut: her fifth packet is the publisher's ninth (frame 4, layer 0), with her
    # own sequence number and picture id.
    wanted = path.packets[4]
    assert wanted.payload != stream[8].payload and wanted.payload[6:] == stream[8].payload[6:]
    await slot.retransmit(wanted.sequence_number)
    rtx = path.packets[-1]
    assert (rtx.payload_type, rtx.ssrc) == (97, 4343)
    assert rtx.payload[:2] == wanted.sequence_number.to_bytes(2, "big")
    assert rtx.payload[2:] == wanted.payload
    assert (rtx.timestamp, rtx.marker) == (wanted.timestamp, wanted.marker)


async def test_a_late_packet_of_a_layer_she_does_not_get_leaves_her_no_hole() -> None:
    hub, slot, camera, path = setup(width=160)
    stream = frames(16)
    late = stream.pop(2)  # frame 1 (layer 2), first packet: lost on the way in, retransmitted later
    for packet in stream:
        await camera.on_rtp(packet)
    await camera.on_rtp(late)
    *media, filler = path.packets
    assert all(vp8_layer(p.payload)[0] == 0 for p in media)  # type: ignore[index]
    # Its number was kept for it in her sequence when it went missing; it comes as padding.
    assert filler.payload == b"" and filler.padding_size > 0
    assert filler.timestamp == media[1].timestamp  # the frame before it: no empty frame of its own
    assert consecutive(sorted(p.sequence_number for p in path.packets), 0x10000)
    assert hub.counters.padding_sent == 1
    # Asked for again (the padding was lost), the node has it.
    await slot.retransmit(filler.sequence_number)
    assert path.packets[-1].sequence_number == filler.sequence_number and path.packets[-1].payload == b""


async def test_moving_to_the_camera_copy_and_back_continues_her_picture_ids_and_tl0picidx() -> None:
    # Chromium drops frames whose picture id is not ahead of the last it decoded: a copy whose ids ran
    # behind the camera's froze her video for 3-6 s at each switch.
    hub, slot, camera, path = setup(width=900)
    low = make_source(hub, "a", "camera-low")
    low.info = ReceiveInfo(codecs={96: ("vp8", 90000)}, ssrcs=[12])
    low.layered = low.meter.live = True
    camera.adopt_low(low)
    for packet in frames(4):  # picture ids 32,760-32,763
        await camera.on_rtp(packet)
    slot.choose(2)  # her link: the copy, all its layers
    for packet in frames(8, first_seq=100, first_pid=20_000, first_tl0=17, ssrc=12):  # ids far behind
        await low.on_rtp(packet)
    slot.choose(3)  # the camera again, from its next key frame
    for packet in frames(4, first_seq=300, first_pid=5_000, first_tl0=90):
        await camera.on_rtp(packet)
    assert hub.counters.copy_switches == 2
    got = layers_of(path.packets)[::2]  # one line per frame
    assert len(got) == 16
    assert consecutive([pid for _, pid, _, _ in got], 0x8000)
    tl0s = [tl0 for _, _, tl0, _ in got]
    steps = [(b - a) % 0x100 for a, b in zip(tl0s, tl0s[1:], strict=False)]
    assert steps == [1 if tid == 0 else 0 for _, _, _, tid in got[1:]]  # up by one at each layer-0 frame
    assert consecutive([seq for seq, *_ in layers_of(path.packets)], 0x10000)


async def test_a_camera_knows_the_size_of_its_last_key_frame() -> None:
    # What bringing her video back costs a receiver: her link must take a key frame at once.
    hub, slot, camera, path = setup(width=900)
    for packet in frames(3):
        await camera.on_rtp(packet)
    assert camera.key_bits == 2 * 8 * (len(descriptor(0, 0, 0, True)) + HEADERS)  # its two packets
    assert camera.key_frame_bits(TOP) == camera.key_bits
