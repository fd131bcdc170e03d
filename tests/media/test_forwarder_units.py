"""Forwarder pieces without peers: key-frame detection, slot binding, speakers, REMB (normal lane)."""

from __future__ import annotations

import asyncio
import struct
import time
from typing import Any

import pytest
from aiortc.rtp import RTCP_PSFB_APP, RtcpPacket, RtcpPsfbPacket, unpack_remb_fci

from live.media.bandwidth import RTX_BURST, RTX_SHARE
from live.media.counters import Counters
from live.media.forwarder import (
    KEYFRAME_ANSWERED_GAP,
    KEYFRAME_INTERVAL,
    MediaHub,
    Source,
    Subscriber,
)
from live.media.keyframes import h264_is_keyframe, vp8_is_keyframe
from live.media.slot import HEADERS, Slot
from live.media.speakers import AUDIO_SLOTS, SPEAKER_HOLD


def test_vp8_keyframe_detection() -> None:
    # S=1, PID=0, no extension; VP8 header P bit 0 = key frame, 1 = inter frame
    assert vp8_is_keyframe(bytes([0x10, 0x00, 0x00, 0x00]))
    assert not vp8_is_keyframe(bytes([0x10, 0x01, 0x00, 0x00]))
    assert not vp8_is_keyframe(bytes([0x00, 0x00]))  # not the start of a partition
    assert not vp8_is_keyframe(bytes([0x11, 0x00]))  # partition index 1
    # X=1 with a 15-bit picture id (I=1, M=1): 2 extension bytes, then the VP8 header
    assert vp8_is_keyframe(bytes([0x90, 0x80, 0x80 | 0x12, 0x34, 0x00]))
    assert not vp8_is_keyframe(bytes([0x90, 0x80, 0x80 | 0x12, 0x34, 0x01]))
    assert not vp8_is_keyframe(b"")


def test_h264_keyframe_detection() -> None:
    assert h264_is_keyframe(bytes([0x65, 0x88]))  # IDR slice
    assert h264_is_keyframe(bytes([0x67, 0x42]))  # SPS
    assert not h264_is_keyframe(bytes([0x41, 0x9A]))  # non-IDR slice
    stap = (
        bytes([0x18])
        + struct.pack("!H", 2)
        + bytes([0x67, 0x42])
        + struct.pack("!H", 2)
        + bytes([0x68, 0xCE])
    )
    assert h264_is_keyframe(stap)
    assert h264_is_keyframe(bytes([0x7C, 0x85]))  # FU-A start of an IDR
    assert not h264_is_keyframe(bytes([0x7C, 0x05]))  # FU-A continuation
    assert not h264_is_keyframe(bytes([0x18, 0x00]))  # truncated STAP-A


class FakeReceiver:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.transport = object()
        self._RTCRtpReceiver__rtcp_ssrc = 1234

    async def _send_rtcp(self, packet: Any) -> None:
        self.sent.append(bytes(packet))


def make_source(
    hub: MediaHub, member: str, name: str, role: str = "participant", receiver: Any = None
) -> Source:
    kind = "audio" if name == "microphone" else "video"
    return Source(hub, member, name, kind, role, receiver or FakeReceiver())


def make_subscriber(hub: MediaHub, member: str, inbox: list[dict[str, Any]]) -> Subscriber:
    sub = Subscriber(member, inbox.append)
    for i, kind in enumerate(["video"] * 2 + ["audio"] * AUDIO_SLOTS):
        sub.slots.append(Slot(hub, sub, str(i), kind))
    return sub


async def test_video_binding_priority_and_slot_events() -> None:
    hub = MediaHub(Counters())
    inbox: list[dict[str, Any]] = []
    sub = make_subscriber(hub, "viewer", inbox)
    hub.add_subscriber(sub)
    a = make_source(hub, "a", "camera")
    hub.add_source(a)
    assert inbox[-1] == {"type": "slot", "mid": "0", "kind": "video", "member": "a", "source": "camera"}
    host = make_source(hub, "h", "camera", role="host")
    hub.add_source(host)
    screen = make_source(hub, "h", "screen", role="host")
    hub.add_source(screen)
    # two video slots: the screen share and the host's camera win over a participant's camera
    bound = {slot.source.name + ":" + slot.source.member for slot in sub.slots_of("video") if slot.source}
    assert bound == {"screen:h", "camera:h"}
    assert a.bindings == []
    hub.remove_source(screen)
    bound = {slot.source.name + ":" + slot.source.member for slot in sub.slots_of("video") if slot.source}
    assert bound == {"camera:h", "camera:a"}
    own = make_source(hub, "viewer", "camera")
    hub.add_source(own)
    assert all(slot.source is not own for slot in sub.slots)  # nobody receives herself


async def test_loudest_speakers_with_hysteresis() -> None:
    hub = MediaHub(Counters())
    inbox: list[dict[str, Any]] = []
    sub = make_subscriber(hub, "viewer", inbox)
    hub.add_subscriber(sub)
    mics = {m: make_source(hub, m, "microphone") for m in "abcdef"}
    for mic in mics.values():
        hub.add_source(mic)
    now = 100.0
    for name, level in zip("abcdef", (100, 90, 80, 70, 10, 5), strict=True):
        mics[name].level = level
        mics[name].last_audio = now
    hub.select_speakers(now)
    assert [s.member for s in hub.speakers] == ["a", "b", "c", "d"]
    heard = {slot.source.member for slot in sub.slots_of("audio") if slot.source}
    assert heard == {"a", "b", "c"}  # AUDIO_SLOTS of the AUDIO_SLOTS + 1 active
    # e speaks up, slightly louder than d: not enough to take d's place
    mics["e"].level = 75
    hub.select_speakers(now + SPEAKER_HOLD + 0.1)
    assert "e" not in [s.member for s in hub.speakers]
    # much louder, and d has held her place long enough: e replaces d
    mics["e"].level = 120
    hub.select_speakers(now + SPEAKER_HOLD + 0.2)
    assert [s.member for s in hub.speakers] == ["a", "b", "c", "e"]
    # a muted microphone is never forwarded
    hub.set_muted("a", "microphone", True)
    assert "a" not in [s.member for s in hub.speakers]


async def test_rebinding_continues_sequence_and_timeline() -> None:
    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    slot = sub.slots_of("audio")[0]
    sent: list[bytes] = []

    class Path:
        ssrc, rtx_ssrc, mid = 999, 998, "2"
        payload_types = {"opus": 111}
        rtx_payload_types: dict[int, int] = {}
        ext_mid, ext_abs_send_time, ext_audio_level = 1, 0, 2

        async def send(self, data: bytes) -> None:
            sent.append(data)

        def sent(self, *args: Any) -> None:
            pass

    slot.ready(Path())  # type: ignore[arg-type]  # a stand-in for SendPath, without a real sender or transport
    a, b = make_source(hub, "a", "microphone"), make_source(hub, "b", "microphone")
    slot.bind(a)
    for i in range(3):
        await slot.forward(1000 + i, 50_000 + 960 * i, 0, b"x", "opus", 48000, 0, b"", b"\x0a")
    slot.bind(b)
    await slot.forward(7, 123, 0, b"y", "opus", 48000, 0, b"", b"\x0a")
    seqs = [struct.unpack_from("!H", p, 2)[0] for p in sent]
    stamps = [struct.unpack_from("!I", p, 4)[0] for p in sent]
    assert [(s - seqs[0]) & 0xFFFF for s in seqs] == [0, 1, 2, 3]
    assert all(0 < (t2 - t1) & 0xFFFFFFFF < 48000 * 5 for t1, t2 in zip(stamps, stamps[1:], strict=False))
    assert {struct.unpack_from("!I", p, 8)[0] for p in sent} == {999}
    assert all(p[1] & 0x7F == 111 for p in sent)
    assert b"\x10" + b"2" in sent[0]  # MID header extension (id 1, one byte)


async def test_remb_caps_by_role() -> None:
    hub = MediaHub(Counters())
    receiver = FakeReceiver()
    camera = make_source(hub, "h", "camera", role="host", receiver=receiver)
    screen = make_source(hub, "h", "screen", role="host", receiver=receiver)
    camera.ssrc, screen.ssrc = 11, 12
    hub.sources += [camera, screen]
    other = make_source(hub, "p", "camera")
    other.ssrc = 21
    hub.sources.append(other)
    await hub.send_caps()
    caps = {}
    for rtcp in [*receiver.sent, *other.receiver.sent]:
        (packet,) = RtcpPacket.parse(rtcp)
        assert isinstance(packet, RtcpPsfbPacket) and packet.fmt == RTCP_PSFB_APP
        bitrate, ssrcs = unpack_remb_fci(packet.fci)
        caps[tuple(ssrcs)] = bitrate
    assert caps[(11, 12)] == pytest.approx(1_500_000 + 2_500_000, rel=0.01)
    assert caps[(21,)] == pytest.approx(500_000, rel=0.01)


async def test_sender_reports_keep_her_voice_and_picture_in_step() -> None:
    """Lip-sync: the wall clock a subscriber's sender reports give to a forwarded packet is the one the
    publisher's own sender reports gave it, for her camera (90 kHz) and her microphone (48 kHz) alike, even
    though each slot rewrites sequence numbers and RTP timestamps."""
    from aiortc.rtp import RtpPacket

    from live.media.aiortc_hooks import ReceiveInfo

    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    reports: dict[str, list[tuple[int, int]]] = {"video": [], "audio": []}

    def recording_path(kind: str, codec: str, pt: int) -> Any:
        class Path:
            ssrc, rtx_ssrc, mid = 900 + pt, 0, kind
            payload_types = {codec: pt}
            rtx_payload_types: dict[int, int] = {}
            ext_mid, ext_abs_send_time, ext_audio_level = 0, 0, 0

            async def send(self, data: bytes) -> None:
                pass

            def sent(self, rtp_timestamp: int, ntp_timestamp: int, payload_size: int) -> None:
                reports[kind].append((rtp_timestamp, ntp_timestamp))

        return Path()

    video_slot, audio_slot = sub.slots_of("video")[0], sub.slots_of("audio")[0]
    # Bound to someone else first, so that each slot's timeline is offset from the publisher's.
    other = make_source(hub, "other", "camera")
    video_slot.ready(recording_path("video", "vp8", 96))
    audio_slot.ready(recording_path("audio", "opus", 111))
    video_slot.bind(other)
    await video_slot.forward(1, 777, 1, b"\x10\x00\x00\x00", "vp8", 90000, 0, b"", b"")

    camera, microphone = make_source(hub, "a", "camera"), make_source(hub, "a", "microphone")
    camera.info = ReceiveInfo(codecs={96: ("vp8", 90000)}, ssrcs=[11])
    microphone.info = ReceiveInfo(codecs={111: ("opus", 48000)}, ssrcs=[22])
    camera.ssrc, microphone.ssrc = 11, 22
    wall = 3_900_000_000 << 32  # one NTP instant, seen through each track's own RTP clock
    camera.on_sender_report(11, wall, 1_000_000)
    microphone.on_sender_report(22, wall, 5_000)
    video_slot.bind(camera)
    audio_slot.bind(microphone)

    # Both captured 2 s after the report's instant.
    video = RtpPacket(
        payload_type=96,
        sequence_number=40,
        timestamp=1_000_000 + 2 * 90000,
        ssrc=11,
        payload=b"\x10\x00\x00\x00",
        marker=1,
    )
    audio = RtpPacket(
        payload_type=111, sequence_number=70, timestamp=5_000 + 2 * 48000, ssrc=22, payload=b"x"
    )
    await camera.on_rtp(video)
    await microphone.on_rtp(audio)

    (video_ts, video_ntp), (_, audio_ntp) = reports["video"][-1], reports["audio"][0]
    assert video_ts != video.timestamp  # the slot rewrote the timeline...
    assert video_ntp == audio_ntp == wall + (2 << 32)  # ...and both report the same capture instant


async def test_hosts_and_the_floor_are_heard_before_louder_microphones() -> None:
    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    hub.add_subscriber(sub)
    host = make_source(hub, "h", "microphone", role="host")
    mics = {m: make_source(hub, m, "microphone") for m in "abcd"}
    for mic in (host, *mics.values()):
        hub.add_source(mic)
        mic.level, mic.last_audio = 120, 100.0
    host.level = 25  # quieter than everyone, still forwarded

    def heard() -> set[str]:
        return {slot.source.member for slot in sub.slots_of("audio") if slot.source}

    def select(now: float, floor: str | None = None) -> None:
        for mic in (host, *mics.values()):
            mic.last_audio = now  # all of them still talking
        hub.select_speakers(now, floor=floor)

    select(100.0)
    assert "h" in heard() and len(heard()) == AUDIO_SLOTS
    # « Donner la parole » to d, the quietest participant: she is heard too, beside the host
    mics["d"].level = 21
    select(100.0 + SPEAKER_HOLD + 0.1, floor="d")
    assert {"h", "d"} <= heard()
    host.level = 0  # silent, and still bound: her first word is not lost to a switch
    select(100.0 + SPEAKER_HOLD + 0.2, floor="d")
    assert {"h", "d"} <= heard()
    # the floor goes back: d is one microphone among others again, and the quietest
    select(100.0 + 2 * SPEAKER_HOLD + 0.3)
    assert "d" not in heard() and "h" in heard()


async def test_a_receivers_key_frame_request_inside_the_throttle_is_sent_when_it_ends() -> None:
    hub = MediaHub(Counters())
    sent: list[int] = []
    receiver = FakeReceiver()

    async def pli(ssrc: int) -> None:
        sent.append(ssrc)

    receiver._entraide_original_pli = pli  # type: ignore[attr-defined]
    camera = make_source(hub, "h", "camera", receiver=receiver)
    camera.ssrc = 5
    hub.add_source(camera)
    sub = make_subscriber(hub, "viewer", [])
    hub.add_subscriber(sub)
    slot = next(s for s in sub.slots_of("video") if s.source is camera)
    slot.need_key = False  # her first key frame went out, and was lost on the way
    camera.request_keyframe()
    await asyncio.sleep(0.01)
    assert sent == [5]
    slot.keyframe_requested()  # the browser's own PLI, inside the throttle window
    await asyncio.sleep(0.01)
    assert sent == [5]  # at most one per KEYFRAME_INTERVAL...
    await asyncio.sleep(KEYFRAME_INTERVAL + 0.05)
    assert sent == [5, 5]  # ...but not forgotten


async def test_once_the_key_frame_asked_for_arrives_the_next_request_waits_only_what_chrome_needs() -> None:
    """A first join right after the publisher's stream started: the node asks nothing at the stream's
    start (it begins with a key frame; Chrome would then ignore the newcomer's request, sent within 300 ms),
    and once a requested key frame came, the next request waits KEYFRAME_ANSWERED_GAP, not the whole window."""
    from aiortc.rtp import RtpPacket

    from live.media.aiortc_hooks import ReceiveInfo

    hub = MediaHub(Counters())
    sent: list[float] = []
    receiver = FakeReceiver()
    loop = asyncio.get_running_loop()

    async def pli(ssrc: int) -> None:
        sent.append(loop.time())

    receiver._entraide_original_pli = pli  # type: ignore[attr-defined]
    camera = make_source(hub, "h", "camera", receiver=receiver)
    hub.add_source(camera)
    hub.add_subscriber(make_subscriber(hub, "viewer", []))  # bound, not connected yet
    camera.on_receive(ReceiveInfo(codecs={96: ("vp8", 90000)}, ssrcs=[5]))
    await asyncio.sleep(0.01)
    assert sent == []  # the stream starts with a key frame: nothing to ask
    camera.request_keyframe()  # the first receiver: at once
    await asyncio.sleep(0.01)
    assert len(sent) == 1
    delta = RtpPacket(payload_type=96, sequence_number=1, timestamp=100, payload=bytes([0x10, 0x01, 0x00]))
    await camera.on_rtp(delta)
    key = RtpPacket(payload_type=96, sequence_number=2, timestamp=200, payload=bytes([0x10, 0x00, 0x00]))
    await camera.on_rtp(key)
    camera.request_keyframe()  # a second receiver, bound just after that key frame
    await asyncio.sleep(KEYFRAME_ANSWERED_GAP + 0.05)
    assert len(sent) == 2
    assert KEYFRAME_ANSWERED_GAP <= sent[1] - sent[0] < KEYFRAME_INTERVAL
    await asyncio.sleep(KEYFRAME_INTERVAL)
    assert len(sent) == 2  # nothing else was asked for


class VideoPath:
    """A stand-in for SendPath with VP8, its retransmission stream and abs-send-time."""

    ssrc, rtx_ssrc, mid = 777, 778, "0"
    payload_types = {"vp8": 96}
    rtx_payload_types = {96: 97}
    ext_mid, ext_abs_send_time, ext_audio_level = 1, 3, 0

    def __init__(self) -> None:
        self.out: list[bytes] = []

    async def send(self, data: bytes) -> None:
        self.out.append(data)

    def sent(self, *args: Any) -> None:
        pass


KEY = bytes([0x10, 0x00, 0x00, 0x00])  # VP8, start of a key frame
DELTA = bytes([0x10, 0x01, 0x00, 0x00])  # start of an inter frame


def one_viewer() -> tuple[MediaHub, Subscriber, Slot, VideoPath, Source]:
    """A viewer's first video slot, ready to send, and the intervenante's camera (not bound yet)."""
    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    slot = sub.slots_of("video")[0]
    path = VideoPath()
    slot.ready(path)  # type: ignore[arg-type]  # a stand-in for SendPath
    return hub, sub, slot, path, make_source(hub, "h", "camera", role="host")


async def test_a_slot_moves_to_the_camera_copy_at_its_key_frame_without_a_gap() -> None:
    hub, sub, slot, path, camera = one_viewer()
    low = make_source(hub, "h", "camera-low", role="host")
    camera.adopt_low(low)
    low.meter.live = True  # the copy flows
    slot.bind(camera)
    assert slot in low.bindings  # the copy's packets reach the slot, which picks what it forwards

    async def send(source: Source, seq: int, payload: bytes) -> None:
        await slot.forward(seq, seq * 3000, 1, payload, "vp8", 90000, 0, b"", b"", None, source)

    await send(camera, 100, KEY)
    await send(camera, 101, DELTA)
    slot.choose(2)  # her link: the copy, all its layers
    assert slot.want is low and slot.stream is camera
    await send(low, 50, DELTA)  # not a key frame of the copy: she keeps the camera meanwhile
    await send(camera, 102, DELTA)
    await send(low, 51, KEY)  # the copy's key frame: it takes over
    await send(camera, 103, DELTA)  # the camera's packets no longer reach her
    await send(low, 52, DELTA)
    assert slot.stream is low and hub.counters.copy_switches == 1
    seqs = [struct.unpack_from("!H", p, 2)[0] for p in path.out]
    payloads = [p[-4:] for p in path.out]
    assert [(s - seqs[0]) & 0xFFFF for s in seqs] == [0, 1, 2, 3, 4]  # one sequence, no hole
    assert payloads == [KEY, DELTA, DELTA, KEY, DELTA]
    stamps = [struct.unpack_from("!I", p, 4)[0] for p in path.out]
    assert all(0 <= (t2 - t1) & 0xFFFFFFFF < 90000 for t1, t2 in zip(stamps, stamps[1:], strict=False))
    hub.sources += [camera, low]
    hub.remove_source(low)  # her page stopped sending the copy: the camera again, from a key frame
    assert slot.stream is camera and slot.need_key and camera.low is None


def ready_viewer() -> tuple[MediaHub, Subscriber, VideoPath]:
    """A viewer whose video slots are ready to send, all on one recording path."""
    hub = MediaHub(Counters())
    sub = make_subscriber(hub, "viewer", [])
    path = VideoPath()
    for slot in sub.slots_of("video"):
        slot.ready(path)  # type: ignore[arg-type]  # a stand-in for SendPath
    return hub, sub, path


async def test_a_probe_sends_padding_on_her_retransmission_stream_and_stops_when_refused() -> None:
    hub, sub, path = ready_viewer()
    link = sub.adapt.link
    link.probed(600_000)
    task = asyncio.ensure_future(hub.probe(sub, 400_000))
    await asyncio.sleep(0.5)
    link.refused()  # her browser's estimate fell: the probe stops at once
    await asyncio.sleep(0.1)
    count = len(path.out)
    await asyncio.sleep(0.2)
    assert task.done() and len(path.out) == count
    # About 400 kbit/s for half a second, in packets of 255 bytes of padding.
    assert 60 <= count <= 110
    packet = path.out[0]
    assert packet[0] == 0xB0  # version 2, padding, a header extension
    assert packet[1] == 96 and struct.unpack_from("!I", packet, 8)[0] == 777  # a free slot's own stream
    seqs = [struct.unpack_from("!H", p, 2)[0] for p in path.out]
    assert [(q - seqs[0]) & 0xFFFF for q in seqs] == list(range(count))  # her sequence, no hole
    slot = sub.slots_of("video")[0]
    slot.bind(make_source(hub, "h", "camera"))  # a slot showing a video: its retransmission stream
    await slot.probe(1)
    assert path.out[-1][1] == 97 and struct.unpack_from("!I", path.out[-1], 8)[0] == 778
    assert packet[-1] == 255 and len(packet) == 12 + 8 + 255  # padding only, abs-send-time stamped
    assert hub.counters.probe_padding_sent == count + 1


async def test_a_probe_pads_only_what_her_videos_leave_of_what_it_tests() -> None:
    # What the meters say flows is not what she is sent: a probe that added a fixed padding on top
    # proved more (or less) than her link carried.
    hub, sub, path = ready_viewer()
    link = sub.adapt.link
    link.probed(400_000)
    started = time.monotonic()
    task = asyncio.ensure_future(hub.probe(sub, 400_000))
    while time.monotonic() - started < 0.5:
        link.sent = int((time.monotonic() - started) * 300_000 / 8)  # her videos: 300 kbit/s meanwhile
        await asyncio.sleep(0.01)
    link.refused()
    await task
    padding = len(path.out) * (len(path.out[0]) + 28) * 8 / (time.monotonic() - started)
    assert 50_000 <= padding <= 150_000  # the 100 kbit/s her videos left of the 400k tested


async def test_probe_padding_lost_on_a_free_slot_is_answered_with_padding() -> None:
    # Unanswered, her browser asks for a lost padding packet again and again.
    hub, sub, path = ready_viewer()
    slot = sub.slots_of("video")[0]
    await slot.probe(3)
    lost = struct.unpack_from("!H", path.out[1], 2)[0]
    path.out.clear()
    await slot.retransmit(lost)
    assert len(path.out) == 1
    answer = path.out[0]
    assert struct.unpack_from("!I", answer, 8)[0] == 778  # on her retransmission stream...
    assert struct.unpack_from("!H", answer, 12)[0] == lost  # ...the number she asked for
    assert len(answer) == 12 + 2  # no padding bytes again: her browser only needs the number


async def test_retransmissions_stay_within_her_link_and_skip_what_she_no_longer_watches() -> None:
    hub, sub, slot, path, camera = one_viewer()
    slot.bind(camera)
    payload = KEY + bytes(1196)  # packets of 1,200 bytes
    for seq in range(100, 300):
        await slot.forward(seq, seq * 3000, 1, payload, "vp8", 90000, 0, b"", b"", None, camera)
    first = [struct.unpack_from("!H", p, 2)[0] for p in path.out]
    link = sub.adapt.link
    link.on_remb(400_000, now=0.0)
    link.first_remb_at = -10.0  # her estimate counts: 400 kbit/s
    path.out.clear()
    for seq in first:  # she asks for everything again at once (her link lost a third)
        await slot.retransmit(seq)
    # Her link's share for them (a second of 35 % of 400 kbit/s: 140 kbit, about 14 packets of 1,200 bytes).
    share = RTX_SHARE * 400_000 * RTX_BURST / (8 * (1200 + HEADERS))
    assert share - 1 <= len(path.out) <= share + 1 and len(path.out) < len(first) / 5
    assert hub.counters.rtx_skipped == len(first) - len(path.out)
    assert all(p[1] & 0x7F == 97 for p in path.out)  # on her retransmission stream
    extension = 4 + 4 * struct.unpack_from("!H", path.out[0], 14)[0]
    resent = struct.unpack_from("!H", path.out[0], 12 + extension)[0]  # the sequence number it carries
    assert resent in first
    sub.rtx_budget.tokens = 1e9
    sent = len(path.out)
    await slot.retransmit(resent)  # asked again at once: its retransmission may still be on its way
    assert len(path.out) == sent
    await asyncio.sleep(0.11)
    await slot.retransmit(resent)  # a round trip later: sent again
    assert len(path.out) == sent + 1
    slot.bind(None)  # her video paused: what she asks for of it is not sent again
    sub.rtx_budget.tokens = 1e9
    await slot.retransmit(first[-1])
    assert len(path.out) == sent + 1
