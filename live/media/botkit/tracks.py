"""Media for bots: a camera that paints each frame's number, a tone, and what reads them back.

Subscribers decode what the node forwarded and check it is what was sent: the frame numbers say
whether a frame was lost, the tone's frequency whether audio came from the right member.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import os
import struct
import time

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame, VideoFrame

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
