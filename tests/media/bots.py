"""Test bots: real aiortc peers speaking the node's signaling protocol (docs/media-protocol.md).

Each bot publishes and/or subscribes exactly as a third-party client would, with ``iceServers=[]``
and MAX_BUNDLE, on loopback. Media is real: a VP8 camera with its frame number painted in the
picture, an Opus tone; subscribers decode and read them back.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import math
import os
import struct
import time
from collections import defaultdict
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

from live.media import aiortc_hooks

WIDTH, HEIGHT = 320, 240
GRID = 4  # 4 x 4 cells = 16 bits of frame number
VIDEO_CLOCK = 90000
TONE_HZ = 440
SAMPLE_RATE = 48000
AUDIO_SAMPLES = 960  # 20 ms


def paint_number(number: int, width: int = WIDTH, height: int = HEIGHT, noise: int = 0) -> VideoFrame:
    """A picture whose 4 x 4 cells spell ``number`` in binary (white = 1).

    ``noise`` rows of random texture below the grid make the encoder spend its whole bitrate
    (several packets per frame, like a real camera); the grid stays readable above them.
    """
    frame = VideoFrame(width=width, height=height + noise, format="yuv420p")
    cw, ch = width // GRID, height // GRID
    y_plane = frame.planes[0]
    stride = y_plane.line_size
    rows = []
    for row in range(GRID):
        line = b"".join(bytes([235 if number >> (row * GRID + col) & 1 else 16]) * cw for col in range(GRID))
        line = line.ljust(stride, b"\x10")
        rows.append(line * ch)
    if noise:
        rows.append(os.urandom(stride * noise))
    y_plane.update(b"".join(rows).ljust(y_plane.buffer_size, b"\x10"))
    for plane in frame.planes[1:]:
        plane.update(b"\x80" * plane.buffer_size)
    return frame


def read_number(frame: VideoFrame, grid_height: int | None = None) -> int:
    """Read back the number painted by ``paint_number`` from a decoded frame."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    plane = frame.planes[0]
    data = bytes(plane)
    stride = plane.line_size
    cw, ch = frame.width // GRID, (grid_height or frame.height) // GRID
    number = 0
    for row in range(GRID):
        for col in range(GRID):
            cx, cy = col * cw + cw // 2, row * ch + ch // 2
            total = 0
            for dy in (-4, 0, 4):
                for dx in (-4, 0, 4):
                    total += data[(cy + dy) * stride + cx + dx]
            if total / 9 > 128:
                number |= 1 << (row * GRID + col)
    return number


class NumberedCamera(MediaStreamTrack):
    """30 fps frames, each with its own number painted in."""

    kind = "video"

    def __init__(self, fps: int = 30, width: int = WIDTH, height: int = HEIGHT, noise: int = 0) -> None:
        super().__init__()
        self.fps = fps
        self.width = width
        self.height = height
        self.noise = noise
        self.count = 0
        self._start: float | None = None

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            wait = self._start + self.count / self.fps - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        number = self.count & 0xFFFF
        frame = paint_number(number, self.width, self.height, self.noise)
        frame.pts = int(self.count * VIDEO_CLOCK / self.fps)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.count += 1
        return frame


class ToneTrack(MediaStreamTrack):
    """A 440 Hz sine (or silence), 20 ms frames at 48 kHz."""

    kind = "audio"

    def __init__(self, hz: int = TONE_HZ, amplitude: int = 12000) -> None:
        super().__init__()
        self.samples_sent = 0
        self._start: float | None = None
        period = [int(amplitude * math.sin(2 * math.pi * hz * i / SAMPLE_RATE)) for i in range(SAMPLE_RATE)]
        self._second = struct.pack(f"<{SAMPLE_RATE}h", *period)

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            wait = self._start + self.samples_sent / SAMPLE_RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        offset = (self.samples_sent % SAMPLE_RATE) * 2
        chunk = self._second[offset : offset + AUDIO_SAMPLES * 2]
        frame = AudioFrame(format="s16", layout="mono", samples=AUDIO_SAMPLES)
        frame.planes[0].update(chunk)
        frame.pts = self.samples_sent
        frame.sample_rate = SAMPLE_RATE
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self.samples_sent += AUDIO_SAMPLES
        return frame


def tone_frequency(frame: AudioFrame) -> tuple[float, float]:
    """(estimated frequency from zero crossings, RMS) of the first channel of a decoded frame."""
    data = bytes(frame.planes[0])
    channels = len(frame.layout.channels) if frame.format.is_packed else 1
    samples = struct.unpack(f"<{len(data) // 2}h", data)[::channels][: frame.samples]
    if not samples:
        return 0.0, 0.0
    crossings = sum(1 for a, b in zip(samples, samples[1:], strict=False) if (a < 0) != (b < 0))
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return crossings * frame.sample_rate / (2 * len(samples)), rms


async def until(predicate: Any, within: float, step: float = 0.05) -> None:
    """Poll ``predicate`` until true; TimeoutError after ``within`` seconds (bounded wait)."""
    deadline = time.monotonic() + within
    for _ in range(int(within / step) + 2):
        if predicate():
            return
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(step)
    if not predicate():
        raise TimeoutError("condition not met in time")


def new_pc() -> RTCPeerConnection:
    return RTCPeerConnection(RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))


class Bot:
    """One member's browser, as far as the node can tell."""

    def __init__(self, url: str, ticket: str, *, origin: str | None = None) -> None:
        self.url = url
        self.ticket = ticket
        self.origin = origin
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

    async def connect(self, *, join: bool = True) -> dict[str, Any] | None:
        headers = {"Origin": self.origin} if self.origin else None
        self.ws = await websockets.connect(
            self.url, additional_headers=headers, max_size=None, open_timeout=5
        )
        self.closed = asyncio.get_running_loop().create_future()
        self._tasks.append(asyncio.create_task(self._pump()))
        if not join:
            return None
        await self.send({"type": "join", "v": 1, "ticket": self.ticket})
        first = await self.wait_for(lambda m: m["type"] in ("welcome", "error"))
        if first["type"] == "welcome":
            self.welcome = first
        return first

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def _pump(self) -> None:
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if message.get("type") == "slot":
                    self.slots[message["mid"]] = message
                async with self._new:
                    self.messages.append(message)
                    self._new.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.closed is not None and not self.closed.done():
                self.closed.set_result((self.ws.close_code, self.ws.close_reason or ""))
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

    async def publish(self, tracks: dict[str, MediaStreamTrack], *, video_codec: str | None = None) -> None:
        pc = self.pub_pc = self.pub_pc or new_pc()
        for _name, track in tracks.items():
            transceiver = pc.addTransceiver(track, direction="sendonly")
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
            if track is not None and id(track) in by_track:
                names[transceiver.mid] = by_track[id(track)]
        start = len(self.messages)
        await self.send({"type": "publish", "sdp": pc.localDescription.sdp, "sources": names})
        answer = await self.wait_for(lambda m: m["type"] in ("publish_answer", "error"), start=start)
        if answer["type"] == "error":
            raise RuntimeError(answer["code"])
        self.publish_answer = answer["sdp"]
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))

    async def subscribe(self) -> list[dict[str, str]]:
        pc = self.sub_pc = new_pc()

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            transceiver = next(t for t in pc.getTransceivers() if t.receiver.track is track)
            self._tasks.append(asyncio.create_task(self._read(transceiver.mid, track)))

        start = len(self.messages)
        await self.send({"type": "subscribe"})
        offer = await self.wait_for(lambda m: m["type"] in ("subscribe_offer", "error"), start=start)
        if offer["type"] == "error":
            raise RuntimeError(offer["code"])
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
        for transceiver in pc.getTransceivers():
            aiortc_hooks.route_rtx(transceiver.receiver)  # aiortc client fix, see the protocol page
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send({"type": "subscribe_answer", "sdp": pc.localDescription.sdp})
        return offer["slots"]

    async def _read(self, mid: str, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                if isinstance(frame, VideoFrame):
                    self.frames[mid].append(read_number(frame, self.grid_height) if self.decode_video else -1)
                    self.frame_times[mid].append(time.monotonic())
                    self.sizes[mid].add((frame.width, frame.height))
                else:
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
