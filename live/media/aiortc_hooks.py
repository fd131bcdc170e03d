"""Every touch of aiortc (and aioice) internals lives in this module, and only here.

aiortc has no public API for forwarding RTP without decoding (docs/design.md, "Live rooms: the
media node"). The node therefore hooks, per instance and only on its own objects:

* ``RTCRtpReceiver._handle_rtp_packet``: each incoming packet goes to the forwarder first, then to
  the original so that receiver reports and NACKs to the publisher keep working;
* ``RTCRtpReceiver.receive``: learn codecs and RTX SSRCs, register the RTX SSRCs in the transport's
  RTP router (aiortc registers only the main SSRCs), then stop the decoder thread and put a guard
  in place of its queue (any frame handed to a decoder raises and is counted);
* ``RTCRtpReceiver._send_rtcp_pli``: key-frame requests of the stock path share the node's throttle;
* the receiver's REMB estimator is switched off: the node sends its own capped REMB per publisher;
* ``RTCRtpSender.send``: capture the negotiated parameters and the (possibly BUNDLE-replaced)
  transport at the moment aiortc calls it; ``_retransmit`` and ``_send_keyframe`` are re-pointed at
  the node's RTX history and key-frame relay; ``_next_encoded_frame`` raises (encode guard);
* the sender-report state (``__ntp_timestamp``, ``__rtp_timestamp``, ``__packet_count``,
  ``__octet_count``) is kept right for the forwarded stream, or lip-sync breaks;
* ``RTCDtlsTransport._send_rtp`` sends the forwarded packets (SRTP protect + ICE).

``check_hooks()`` verifies at start-up that aiortc is the pinned version and every internal used here
still exists, and fails loudly otherwise. Process-wide patches (``install_process_guards``,
``skip_receive_estimators``, ``enable_loopback_candidates``) are for the node's own process and for tests only.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aioice.ice
import aioice.turn
import aiortc
import aiortc.rtcrtpreceiver
import aiortc.rtcrtpsender
from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpReceiver,
    RTCRtpSender,
    RTCRtpTransceiver,
)
from aiortc.mediastreams import MediaStreamTrack
from aiortc.rtcdtlstransport import RTCDtlsTransport, RtpRouter
from aiortc.rtp import (
    RTCP_PSFB_APP,
    RtcpPsfbPacket,
    RtcpRrPacket,
    RtcpSrPacket,
    RtpPacket,
    pack_remb_fci,
    unpack_remb_fci,
)

from .counters import Counters

logger = logging.getLogger(__name__)

AIORTC_VERSION = "1.16.0"
ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid"


class HookError(RuntimeError):
    """aiortc's internals are not what this node was written against."""


class MediaGuardError(RuntimeError):
    """The node tried to decode or encode media, which it must never do."""


# -- start-up check ------------------------------------------------------------------------------


def check_hooks() -> None:
    """Fail loudly if any internal this module relies on is missing or changed."""
    if aiortc.__version__ != AIORTC_VERSION:
        raise HookError(f"aiortc {aiortc.__version__} installed, node written for {AIORTC_VERSION}")
    required = {
        RTCRtpReceiver: (
            "_handle_rtp_packet",
            "_handle_rtcp_packet",
            "_send_rtcp_pli",
            "_send_rtcp",
            "_send_rtcp_nack",
            "receive",
        ),
        RTCRtpSender: ("_retransmit", "_send_keyframe", "_next_encoded_frame", "_handle_rtcp_packet", "send"),
        RTCDtlsTransport: ("_send_rtp", "_handle_rtp_data"),
    }
    for cls, names in required.items():
        for name in names:
            if not callable(getattr(cls, name, None)):
                raise HookError(f"{cls.__name__}.{name} is missing")
    sources: dict[Callable[..., Any], tuple[str, ...]] = {
        RTCRtpSender.__init__: (
            "self._stream_id",
            "self.__ntp_timestamp",
            "self.__rtp_timestamp",
            "self.__packet_count",
            "self.__octet_count",
            "self.__lsr",
            "self.__lsr_time",
        ),
        RTCRtpReceiver.__init__: (
            "self.__decoder_thread",
            "self.__decoder_queue",
            "self.__remote_bitrate_estimator",
            "RemoteBitrateEstimator()",
            "self.__rtcp_ssrc",
            "self.__nack_generator",
        ),
        RTCRtpReceiver._handle_rtp_packet: (
            "self.__decoder_thread",
            "self.__decoder_queue.put",
            "self.__nack_generator.add(packet)",
        ),
        RtpRouter.__init__: ("self.ssrc_table",),
        RTCDtlsTransport.__init__: ("self._rtp_router",),
        aioice.ice.Connection.gather_candidates: ("get_host_addresses(",),
        aioice.ice.Connection.close: ("self._closing = True", "self._query_consent_task"),
        aioice.ice.Connection.connect: ("self.query_consent()",),
        aioice.ice.Connection.get_component_candidates: ("turn.UDP_SOCKET_BUFFER_SIZE",),
    }
    for func, needles in sources.items():
        text = inspect.getsource(func)
        for needle in needles:
            if needle not in text:
                raise HookError(f"{func.__qualname__} no longer uses {needle}")
    for module, name in (
        (aiortc.rtcrtpreceiver, "get_decoder"),
        (aiortc.rtcrtpsender, "get_encoder"),
        (aiortc.rtcrtpreceiver, "RemoteBitrateEstimator"),
    ):
        if not callable(getattr(module, name, None)):
            raise HookError(f"{module.__name__}.{name} is missing")


# -- process-wide switches (node process, tests) -------------------------------------------------


def enable_loopback_candidates(*, only: bool = False) -> None:
    """Offer a 127.0.0.1 host candidate: aioice skips loopback when gathering host addresses.

    Needed in tests (network namespace holding only ``lo``) and in local development; ``only``
    (benchmarks) keeps every other address out, so no packet can leave the machine.
    """
    original = aioice.ice.get_host_addresses
    if getattr(original, "_entraide_loopback", False):
        return

    def get_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        addresses = [] if only else original(use_ipv4=use_ipv4, use_ipv6=use_ipv6)
        if use_ipv4 and "127.0.0.1" not in addresses:
            addresses.append("127.0.0.1")
        return addresses

    get_host_addresses._entraide_loopback = True  # type: ignore[attr-defined]  # our marker: never wrap twice
    aioice.ice.get_host_addresses = get_host_addresses


def install_process_guards(counters: Counters) -> None:
    """In the node's own process: any decoder or encoder aiortc asks for raises (and is counted)."""

    def no_decoder(codec: Any) -> Any:
        counters.decode += 1
        raise MediaGuardError("the media node must never decode")

    def no_encoder(codec: Any) -> Any:
        counters.encode += 1
        raise MediaGuardError("the media node must never encode")

    aiortc.rtcrtpreceiver.get_decoder = no_decoder
    aiortc.rtcrtpsender.get_encoder = no_encoder


def skip_receive_estimators() -> None:
    """In the node's own process: no receive-side bandwidth estimator per video receiver.

    The node never uses them (one capped REMB per publisher replaces them, see ``tap_receiver``), and
    building one costs a 1000-entry table: 9 slots made a subscriber's offer 65-500 ms slower on a
    loaded 2-core machine, on the path of every join."""

    def no_estimator() -> None:
        return None

    aiortc.rtcrtpreceiver.RemoteBitrateEstimator = no_estimator  # type: ignore[assignment,misc]


# -- peer connections ----------------------------------------------------------------------------


def _round_trip(sender: RTCRtpSender, report: Any) -> tuple[float, float] | None:
    """The round trip this receiver report measures (to the sender's last report), unsmoothed: aiortc's
    own figure moves 15 % per report, too slowly to see a queue building on her link; and how many
    seconds ago that sender report left (what the round trip tells of is her link then)."""
    state = _private_state(sender)
    lsr, lsr_time = state["_RTCRtpSender__lsr"], state["_RTCRtpSender__lsr_time"]
    if lsr is None or lsr_time is None or report.lsr != lsr or not report.dlsr:
        return None
    since = time.time() - lsr_time
    return float(since - report.dlsr / 65536), float(since)


def _private_state(obj: RTCRtpSender | RTCRtpReceiver) -> dict[str, Any]:
    """The instance attributes of an aiortc sender or receiver, where its private, name-mangled state
    (``self.__x`` in aiortc's code, ``_RTCRtpSender__x`` here) can be named from outside its class."""
    return vars(obj)


def new_peer_connection(ice_servers: list[dict[str, Any]]) -> RTCPeerConnection:
    """A peer connection with explicit ICE servers and MAX_BUNDLE (aiortc bug #1414)."""
    servers = [
        RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
        for s in ice_servers
    ]
    return RTCPeerConnection(RTCConfiguration(iceServers=servers, bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))


async def close_peer_connection(pc: RTCPeerConnection) -> None:
    """Close a peer connection without leaving tasks behind.

    aioice race: when a connection is closed while its ICE checks are still running, connect()
    finishes afterwards and starts ``query_consent`` on a closed connection, a task that then
    runs forever. Make any such late start a no-op, then close.
    """
    connections = {t.receiver.transport.transport._connection for t in pc.getTransceivers()}
    for connection in connections:
        original = connection.query_consent

        async def query_consent(connection: Any = connection, original: Any = original) -> None:
            if connection._closing:
                return
            await original()

        connection.query_consent = query_consent  # type: ignore[method-assign]  # a hook on this connection only
    await pc.close()
    # aiortc race: a connect() still in flight when close() stopped the senders and receivers can
    # start one of them right after; stopping again is idempotent and ends what it started.
    for transceiver in pc.getTransceivers():
        await transceiver.sender.stop()
        await transceiver.receiver.stop()
    for connection in connections:
        task = connection._query_consent_task
        if task is not None and not task.done():
            task.cancel()


def tune_publisher_answer(pc: RTCPeerConnection) -> None:
    """Call between setRemoteDescription and createAnswer on a publisher's connection.

    aiortc answers Opus without fmtp: ask for in-band FEC and DTX (a silent microphone then sends
    ~5 packets/s instead of 50); tell Chrome to start video at 1 Mbit/s instead of 300 kbit/s.
    """
    for transceiver in pc.getTransceivers():
        for codec in transceiver._codecs:
            name = codec.mimeType.lower()
            if name == "audio/opus":
                codec.parameters["useinbandfec"] = 1
                codec.parameters["usedtx"] = 1
            elif name in ("video/vp8", "video/h264"):
                codec.parameters["x-google-start-bitrate"] = 1000


class _NeverTrack(MediaStreamTrack):
    """The track behind a send slot: never yields a frame, so aiortc never encodes anything."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self._never: asyncio.Future[None] | None = None

    async def recv(self) -> Any:
        self._never = asyncio.get_running_loop().create_future()
        await self._never  # cancelled when the sender stops
        raise AssertionError("unreachable")


def add_send_slot(pc: RTCPeerConnection, kind: str, counters: Counters) -> RTCRtpTransceiver:
    transceiver = pc.addTransceiver(_NeverTrack(kind), direction="sendonly")
    sender = transceiver.sender
    # aiortc gives every sender of a connection the same msid stream: browsers would then try to
    # lip-sync unrelated people together. One stream per slot (slots are re-bound, so a stream
    # per publisher is impossible without renegotiation).
    sender._stream_id = str(uuid.uuid4())

    async def no_encode(codec: Any) -> Any:
        await sender.track.recv()
        counters.encode += 1
        raise MediaGuardError("the media node must never encode")

    sender._next_encoded_frame = no_encode  # type: ignore[method-assign]  # a hook on this instance only
    return transceiver


# -- sending side (subscriber connections) -------------------------------------------------------


@dataclass
class SendPath:
    """What a send slot needs to put forwarded packets on the wire, captured at ``sender.send()``."""

    sender: RTCRtpSender
    transport: RTCDtlsTransport
    ssrc: int
    rtx_ssrc: int
    mid: str
    payload_types: dict[str, int]  # codec key (see codec_key) -> payload type
    rtx_payload_types: dict[int, int]  # main payload type -> RTX payload type
    ext_mid: int = 0
    ext_abs_send_time: int = 0
    ext_audio_level: int = 0

    async def send(self, data: bytes) -> None:
        await self.transport._send_rtp(data)

    def sent(self, rtp_timestamp: int, ntp_timestamp: int, payload_size: int) -> None:
        """Keep the sender-report state aiortc's RTCP task reads in step with what we sent."""
        state = _private_state(self.sender)
        state["_RTCRtpSender__ntp_timestamp"] = ntp_timestamp
        state["_RTCRtpSender__rtp_timestamp"] = rtp_timestamp
        state["_RTCRtpSender__packet_count"] += 1
        state["_RTCRtpSender__octet_count"] += payload_size


def codec_key(mime_type: str, parameters: dict[str, Any]) -> str:
    """A key matching the same codec on both sides: VP8, opus, H264/<profile>/<packetization>."""
    name = mime_type.split("/")[-1].lower()
    if name == "h264":
        profile = str(parameters.get("profile-level-id", "42e01f"))[:2].lower()
        return f"h264/{profile}/{parameters.get('packetization-mode', 0)}"
    return name


def watch_sender(
    sender: RTCRtpSender,
    *,
    on_ready: Callable[[SendPath], None],
    on_nack: Callable[[int], Awaitable[None]],
    on_keyframe_request: Callable[[], None],
    on_remb: Callable[[int], None] | None = None,
    on_report: Callable[[float | None, tuple[int, int, int], float | None], None] | None = None,
) -> None:
    original_send = sender.send
    original_rtcp = sender._handle_rtcp_packet

    async def send(parameters: Any) -> None:
        await original_send(parameters)
        payload_types: dict[str, int] = {}
        rtx: dict[int, int] = {}
        for codec in parameters.codecs:
            if codec.mimeType.lower() == "video/rtx":
                apt = codec.parameters.get("apt")
                if isinstance(apt, int):
                    rtx[apt] = codec.payloadType
            else:
                payload_types.setdefault(codec_key(codec.mimeType, codec.parameters), codec.payloadType)
        exts = {e.uri: e.id for e in parameters.headerExtensions}
        path = SendPath(
            sender=sender,
            transport=sender.transport,  # read now: BUNDLE may have replaced it
            ssrc=sender._ssrc,
            rtx_ssrc=sender._rtx_ssrc,
            mid=parameters.muxId,
            payload_types=payload_types,
            rtx_payload_types=rtx,
            ext_mid=exts.get(MID_URI, 0),
            ext_abs_send_time=exts.get(ABS_SEND_TIME_URI, 0),
            ext_audio_level=exts.get(AUDIO_LEVEL_URI, 0),
        )
        on_ready(path)

    async def retransmit(sequence_number: int) -> None:
        await on_nack(sequence_number)

    def send_keyframe() -> None:
        on_keyframe_request()

    async def handle_rtcp_packet(packet: Any) -> None:
        # The receiver's feedback on what the node sends her: her link's estimate (bandwidth.py).
        await original_rtcp(packet)
        if isinstance(packet, (RtcpRrPacket, RtcpSrPacket)) and on_report is not None:
            for report in packet.reports:
                if report.ssrc == sender._ssrc:
                    stream = (report.ssrc, report.packets_lost, report.highest_sequence)
                    rtt, sr_age = _round_trip(sender, report) or (None, None)
                    on_report(rtt, stream, sr_age)
        elif isinstance(packet, RtcpPsfbPacket) and packet.fmt == RTCP_PSFB_APP and on_remb is not None:
            try:
                bitrate, _ssrcs = unpack_remb_fci(packet.fci)
            except ValueError:
                return
            on_remb(bitrate)

    sender.send = send  # type: ignore[method-assign]  # a hook on this instance only
    sender._handle_rtcp_packet = handle_rtcp_packet  # type: ignore[method-assign]  # a hook on this instance only
    sender._retransmit = retransmit  # type: ignore[method-assign]  # a hook on this instance only
    sender._send_keyframe = send_keyframe  # type: ignore[method-assign]  # a hook on this instance only


# -- receiving side (publisher connections) ------------------------------------------------------


@dataclass
class ReceiveInfo:
    """What a publisher negotiated for one m-line, captured at ``receiver.receive()``."""

    codecs: dict[int, tuple[str, int]] = field(default_factory=dict)  # pt -> (codec key, clock rate)
    rtx: dict[int, int] = field(default_factory=dict)  # RTX pt -> main pt
    ssrcs: list[int] = field(default_factory=list)


class _DecodeGuardQueue:
    """Stands in for the receiver's decoder queue: handing it a frame is a decode attempt."""

    def __init__(self, counters: Counters) -> None:
        self._counters = counters

    def put(self, item: Any) -> None:
        if item is None:
            return
        self._counters.decode += 1
        raise MediaGuardError("the media node must never decode")


def tap_receiver(
    receiver: RTCRtpReceiver,
    counters: Counters,
    *,
    on_receive: Callable[[ReceiveInfo], None],
    on_rtp: Callable[[RtpPacket], Awaitable[None]],
    on_sender_report: Callable[[int, int, int], None],
    pli_allowed: Callable[[], bool],
) -> None:
    """Hook one of the node's receivers (see the module docstring)."""
    original_handle = receiver._handle_rtp_packet
    original_rtcp = receiver._handle_rtcp_packet
    original_receive = receiver.receive
    original_pli = receiver._send_rtcp_pli
    # One capped REMB per publisher, sent by the node, replaces aiortc's per-track estimators.
    _private_state(receiver)["_RTCRtpReceiver__remote_bitrate_estimator"] = None

    async def handle_rtp_packet(packet: RtpPacket, arrival_time_ms: int) -> None:
        await on_rtp(packet)
        await original_handle(packet, arrival_time_ms=arrival_time_ms)

    async def handle_rtcp_packet(packet: Any) -> None:
        if isinstance(packet, RtcpSrPacket):
            info = packet.sender_info
            on_sender_report(packet.ssrc, info.ntp_timestamp, info.rtp_timestamp)
        await original_rtcp(packet)

    async def receive(parameters: Any) -> None:
        await original_receive(parameters)
        info = ReceiveInfo()
        for codec in parameters.codecs:
            if codec.mimeType.lower() == "video/rtx":
                apt = codec.parameters.get("apt")
                if isinstance(apt, int):
                    info.rtx[codec.payloadType] = apt
            else:
                info.codecs[codec.payloadType] = (
                    codec_key(codec.mimeType, codec.parameters),
                    codec.clockRate,
                )
        for encoding in parameters.encodings:
            info.ssrcs.append(encoding.ssrc)
        _register_rtx(receiver, parameters)
        _stop_decoder(receiver, counters)
        on_receive(info)

    async def send_rtcp_pli(media_ssrc: int) -> None:
        if pli_allowed():
            counters.keyframe_requests += 1
            await original_pli(media_ssrc)

    receiver._handle_rtp_packet = handle_rtp_packet  # type: ignore[method-assign]  # a hook on this instance only
    receiver._handle_rtcp_packet = handle_rtcp_packet  # type: ignore[method-assign]  # a hook on this instance only
    receiver.receive = receive  # type: ignore[method-assign]  # a hook on this instance only
    receiver._send_rtcp_pli = send_rtcp_pli  # type: ignore[method-assign]  # a hook on this instance only
    receiver._entraide_original_pli = original_pli  # type: ignore[attr-defined]  # ours: the PLI sender without the throttle


def _register_rtx(receiver: RTCRtpReceiver, parameters: Any) -> None:
    # aiortc registers only the main SSRC in the transport's RTP router: retransmissions are then
    # dropped as soon as two video m-lines share the RTX payload type (camera + screen share).
    router = receiver.transport._rtp_router
    for encoding in parameters.encodings:
        if encoding.rtx is not None:
            router.ssrc_table[encoding.rtx.ssrc] = receiver


def route_rtx(receiver: RTCRtpReceiver) -> None:
    """The same RTX routing fix, for aiortc *clients* (test and benchmark bots) of the node:
    a subscriber receives several video slots that share one RTX payload type."""
    original_receive = receiver.receive

    async def receive(parameters: Any) -> None:
        await original_receive(parameters)
        _register_rtx(receiver, parameters)

    receiver.receive = receive  # type: ignore[method-assign]  # a hook on this instance only


NACK_AGAIN = 0.1  # seconds before a bot asks again for packets still missing (libwebrtc: one round trip, 100 ms at first)


def nack_again(receiver: RTCRtpReceiver) -> None:
    """For aiortc *clients* (test bots): ask again for packets still missing, as a browser does.

    aiortc NACKs a missing packet only when a new gap opens after it, and forgets it 128 packets
    later; when the retransmission is lost too and no gap follows, the packet is never asked for
    again, and its jitter buffer holds every later frame until 512 packets overflow it (2.5 s at
    1.5 Mbit/s), then decodes from a broken reference. libwebrtc's NackRequester repeats the NACK
    every round trip, up to ten times. Here the NACK of what is still missing is repeated on the
    next packet received ``NACK_AGAIN`` or more after the last one (aiortc's 128-packet limit
    stays)."""
    original_handle = receiver._handle_rtp_packet
    original_nack = receiver._send_rtcp_nack
    last: list[Any] = [None, 0.0]  # media SSRC of the last NACK, when it was sent

    async def send_rtcp_nack(media_ssrc: int, lost: list[int]) -> None:
        last[0], last[1] = media_ssrc, time.monotonic()
        await original_nack(media_ssrc, lost)

    async def handle_rtp_packet(packet: RtpPacket, arrival_time_ms: int) -> None:
        await original_handle(packet, arrival_time_ms=arrival_time_ms)
        if last[0] is None or time.monotonic() - last[1] < NACK_AGAIN:
            return
        generator = _private_state(receiver)["_RTCRtpReceiver__nack_generator"]
        if generator is not None and generator.missing:
            await send_rtcp_nack(last[0], sorted(generator.missing))

    receiver._send_rtcp_nack = send_rtcp_nack  # type: ignore[method-assign]  # a hook on this instance only
    receiver._handle_rtp_packet = handle_rtp_packet  # type: ignore[method-assign]  # a hook on this instance only


def _stop_decoder(receiver: RTCRtpReceiver, counters: Counters) -> None:
    state = _private_state(receiver)
    thread = state["_RTCRtpReceiver__decoder_thread"]
    if thread is not None:
        state["_RTCRtpReceiver__decoder_queue"].put(None)
        thread.join()
        state["_RTCRtpReceiver__decoder_thread"] = None
    state["_RTCRtpReceiver__decoder_queue"] = _DecodeGuardQueue(counters)


async def send_remb(receiver: RTCRtpReceiver, bitrate: int, ssrcs: list[int]) -> None:
    """Receiver Estimated Maximum Bitrate to a publisher: the node's cap for her video."""
    rtcp_ssrc = _private_state(receiver)["_RTCRtpReceiver__rtcp_ssrc"]
    if rtcp_ssrc is None or not ssrcs:
        return
    packet = RtcpPsfbPacket(
        fmt=RTCP_PSFB_APP, ssrc=rtcp_ssrc, media_ssrc=0, fci=pack_remb_fci(bitrate, ssrcs)
    )
    await receiver._send_rtcp(packet)


async def send_pli_now(receiver: RTCRtpReceiver, media_ssrc: int) -> None:
    """PLI to the publisher, bypassing the throttle (the caller has just applied it)."""
    try:
        await receiver._entraide_original_pli(media_ssrc)  # type: ignore[attr-defined]  # ours: the PLI sender without the throttle
    except ConnectionError:
        pass


# -- for benchmark bots (clients of the node), kept here with every other internal touch ------------


def enlarge_udp_buffers(size: int = 4 * 1024 * 1024) -> None:
    """Bots receiving for 19 members in one process: a key-frame burst (100+ packets arriving at
    once) overflows aioice's 256 KB socket buffers. The kernel caps this at net.core.rmem_max."""
    aioice.turn.UDP_SOCKET_BUFFER_SIZE = size


def count_only(receiver: RTCRtpReceiver, counter: Any) -> None:
    """A receiving bot that counts RTP packets (``counter.packets``) and does nothing else."""
    original_receive = receiver.receive

    async def receive(parameters: Any) -> None:
        await original_receive(parameters)
        _register_rtx(receiver, parameters)
        _stop_decoder(receiver, Counters())

    async def handle_rtp_packet(packet: RtpPacket, arrival_time_ms: int) -> None:
        counter.packets += 1

    receiver.receive = receive  # type: ignore[method-assign]  # a hook on this instance only
    receiver._handle_rtp_packet = handle_rtp_packet  # type: ignore[method-assign]  # a hook on this instance only


def bot_audio_level(sender: RTCRtpSender, level: Callable[[], int]) -> None:
    """A bot sending pre-encoded Opus: put ``level()`` (0 loud .. 127 silent, -dBov) in the
    audio-level header extension, as a browser would."""
    original = sender._next_encoded_frame

    async def next_encoded_frame(codec: Any) -> Any:
        frame = await original(codec)
        if frame is not None:
            frame.audio_level = -level()
        return frame

    sender._next_encoded_frame = next_encoded_frame  # type: ignore[method-assign]  # a hook on this instance only
