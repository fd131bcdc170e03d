"""A bot: one member's browser, as far as the node can tell, made of real aiortc peers.

It speaks the node's signaling protocol (docs/media-protocol.md) exactly as a third-party client
would, with ``iceServers=[]`` and MAX_BUNDLE, on loopback. Tests let it decode what it receives
(tracks.py); benchmarks make it count packets only, so that one machine can hold a room of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import websockets
from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame, VideoFrame

from .. import aiortc_hooks
from .tracks import read_number, tone_frequency


def new_pc() -> RTCPeerConnection:
    """A client's connection as the protocol page describes it (MAX_BUNDLE: aiortc bug #1414)."""
    return RTCPeerConnection(RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))


class Bot:
    """One member's browser, as far as the node can tell."""

    def __init__(
        self, url: str, ticket: str, *, origin: str | None = None, open_timeout: float = 5.0
    ) -> None:
        self.url = url
        self.ticket = ticket
        self.origin = origin
        self.open_timeout = open_timeout
        self.ws: Any = None
        self.welcome: dict[str, Any] | None = None
        self.messages: list[dict[str, Any]] = []
        self.slots: dict[str, dict[str, Any]] = {}  # mid -> last slot message
        self.pub_pc: RTCPeerConnection | None = None
        self.publish_answer = ""
        self.sub_pc: RTCPeerConnection | None = None
        self.frames: dict[str, list[int]] = defaultdict(list)  # mid -> numbers read back
        self.frame_times: dict[str, list[float]] = defaultdict(list)
        self.sizes: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.audio: dict[str, list[tuple[float, float]]] = defaultdict(list)  # mid -> (freq, rms)
        self.decode_video = True
        self.grid_height: int | None = None  # when the publisher paints a noise band under the grid
        self._new = asyncio.Condition()
        self._tasks: list[asyncio.Task[Any]] = []
        self.closed: asyncio.Future[tuple[int | None, str]] | None = None

    async def connect(self, *, join: bool = True, within: float = 10.0) -> dict[str, Any] | None:
        """Open the socket and, unless ``join`` is False, join: the ``welcome`` or the ``error``."""
        headers = {"Origin": self.origin} if self.origin else None
        self.ws = await websockets.connect(
            self.url, additional_headers=headers, max_size=None, open_timeout=self.open_timeout
        )
        self.closed = asyncio.get_running_loop().create_future()
        self._tasks.append(asyncio.create_task(self._pump(self.ws, self.closed)))
        if not join:
            return None
        await self.send({"type": "join", "v": 1, "ticket": self.ticket})
        first = await self.wait_for(lambda m: m["type"] in ("welcome", "error"), within)
        if first["type"] == "welcome":
            self.welcome = first
        return first

    async def wait_closed(self, within: float = 5.0) -> tuple[int | None, str]:
        """The close code and reason, once the socket is closed (after connect())."""
        if self.closed is None:
            raise RuntimeError("the bot never connected")
        return await asyncio.wait_for(self.closed, within)

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def _pump(self, ws: Any, closed: asyncio.Future[tuple[int | None, str]]) -> None:
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("type") == "slot":
                    self.slots[message["mid"]] = message
                async with self._new:
                    self.messages.append(message)
                    self._new.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            if not closed.done():
                closed.set_result((ws.close_code, ws.close_reason or ""))
            async with self._new:
                self._new.notify_all()

    async def wait_for(self, predicate: Any, within: float = 10.0, start: int = 0) -> dict[str, Any]:
        async def scan() -> dict[str, Any]:
            index = start
            async with self._new:
                while True:
                    while index < len(self.messages):
                        message = self.messages[index]
                        index += 1
                        if predicate(message):
                            return message
                    if self.closed is not None and self.closed.done():
                        raise ConnectionError("socket closed while waiting")
                    await self._new.wait()

        return await asyncio.wait_for(scan(), within)

    async def publish(
        self,
        tracks: dict[str, MediaStreamTrack],
        *,
        video_codec: str | None = None,
        audio_level: Callable[[], int] | None = None,
        within: float = 10.0,
    ) -> None:
        """Publish ``tracks`` by source name; ``audio_level`` (0 loud .. 127 silent) is what the
        microphone's packets say of their loudness, for bots that send pre-encoded audio."""
        pc = self.pub_pc = self.pub_pc or new_pc()
        names = await self._offer_tracks(pc, tracks, video_codec, audio_level)
        start = len(self.messages)
        await self.send({"type": "publish", "sdp": pc.localDescription.sdp, "sources": names})
        await self._take_publish_answer(pc, start, within)

    async def _offer_tracks(
        self,
        pc: RTCPeerConnection,
        tracks: dict[str, MediaStreamTrack],
        video_codec: str | None = None,
        audio_level: Callable[[], int] | None = None,
    ) -> dict[str, str]:
        """Add ``tracks`` to ``pc`` and set its offer; the ``sources`` map (MID -> name) to send."""
        for name, track in tracks.items():
            transceiver = pc.addTransceiver(track, direction="sendonly")
            if audio_level is not None and name == "microphone":
                aiortc_hooks.bot_audio_level(transceiver.sender, audio_level)
            if video_codec and track.kind == "video":
                wanted = (f"video/{video_codec}".lower(), "video/rtx")
                transceiver.setCodecPreferences(
                    [c for c in RTCRtpSender.getCapabilities("video").codecs if c.mimeType.lower() in wanted]
                )
        await pc.setLocalDescription(await pc.createOffer())
        names = {}
        by_track = {id(t): n for n, t in tracks.items()}
        for transceiver in pc.getTransceivers():
            track = transceiver.sender.track
            if track is not None and id(track) in by_track and transceiver.mid is not None:
                names[transceiver.mid] = by_track[id(track)]
        return names

    async def _take_publish_answer(self, pc: RTCPeerConnection, start: int, within: float) -> None:
        answer = await self.wait_for(lambda m: m["type"] in ("publish_answer", "error"), within, start=start)
        if answer["type"] == "error":
            raise RuntimeError(answer["code"])
        self.publish_answer = answer["sdp"]
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))

    async def rejoin(self, ticket: str, *, within: float = 10.0) -> dict[str, Any] | None:
        """Her network changed: a new socket (a fresh ticket), the same member. The node hands her
        connections over to it; ``restart`` then rebuilds them."""
        self.ticket = ticket
        old = self.ws
        welcome = await self.connect(within=within)
        if old is not None:
            old.transport.abort()  # its address is gone: nothing to say goodbye over
        return welcome

    async def restart(self, tracks: dict[str, MediaStreamTrack], *, within: float = 10.0) -> None:
        """The node's ICE restart (docs/media-protocol.md, ``restart``): new publishing and receiving
        connections for the same seat, carrying ``tracks`` in the slots that carried the old ones. aiortc
        ends a track when its connection closes (a browser does not): pass new tracks."""
        old = [pc for pc in (self.pub_pc, self.sub_pc) if pc is not None]
        message: dict[str, Any] = {"type": "restart"}
        pub = None
        if tracks:
            pub = self.pub_pc = new_pc()
            message["sources"] = await self._offer_tracks(pub, tracks)
            message["sdp"] = pub.localDescription.sdp
        start = len(self.messages)
        await self.send(message)
        if pub is not None:
            await self._take_publish_answer(pub, start, within)
        await self._answer_offer(start, None, within)
        for pc in old:
            await aiortc_hooks.close_peer_connection(pc)

    async def subscribe(self, *, count_into: Any = None, within: float = 10.0) -> list[dict[str, str]]:
        """Receive the room. With ``count_into`` (anything with a ``packets`` count), packets are
        counted there and nothing is decoded; otherwise every frame is read back (tracks.py)."""
        start = len(self.messages)
        await self.send({"type": "subscribe"})
        return await self._answer_offer(start, count_into, within)

    async def _answer_offer(self, start: int, count_into: Any, within: float) -> list[dict[str, str]]:
        pc = self.sub_pc = new_pc()
        if count_into is None:

            @pc.on("track")
            def on_track(track: MediaStreamTrack) -> None:
                transceiver = next(t for t in pc.getTransceivers() if t.receiver.track is track)
                assert transceiver.mid is not None  # the offer named every m-line before tracks arrive
                self._tasks.append(asyncio.create_task(self._read(transceiver.mid, track)))

        offer = await self.wait_for(lambda m: m["type"] in ("subscribe_offer", "error"), within, start=start)
        if offer["type"] == "error":
            raise RuntimeError(offer["code"])
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
        for transceiver in pc.getTransceivers():
            if count_into is None:
                aiortc_hooks.route_rtx(transceiver.receiver)  # aiortc client fixes, see the protocol page
                aiortc_hooks.nack_again(transceiver.receiver)
            else:
                aiortc_hooks.count_only(transceiver.receiver, count_into)
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "subscribe_answer", "sdp": pc.localDescription.sdp})
        slots: list[dict[str, str]] = offer["slots"]
        return slots

    async def _read(self, mid: str, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                if isinstance(frame, VideoFrame):
                    self.frames[mid].append(read_number(frame, self.grid_height) if self.decode_video else -1)
                    self.frame_times[mid].append(time.monotonic())
                    self.sizes[mid].add((frame.width, frame.height))
                elif isinstance(frame, AudioFrame):
                    self.audio[mid].append(tone_frequency(frame))
        except MediaStreamError:
            pass

    def mid_of(self, member: str, source: str) -> str | None:
        for mid, slot in self.slots.items():
            if slot["member"] == member and slot["source"] == source:
                return mid
        return None

    async def wait_mid(self, member: str, source: str, within: float = 10.0) -> str:
        await self.wait_for(
            lambda m: m["type"] == "slot" and m["member"] == member and m["source"] == source, within
        )
        mid = self.mid_of(member, source)
        assert mid is not None
        return mid

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for pc in (self.pub_pc, self.sub_pc):
            if pc is not None:
                await aiortc_hooks.close_peer_connection(pc)
        if self.ws is not None:
            await self.ws.close()
