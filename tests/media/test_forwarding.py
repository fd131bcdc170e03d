"""Publisher → node → subscribers, with real aiortc peers on loopback."""

from __future__ import annotations

import asyncio

import pytest

from .bots import NumberedCamera, ToneTrack, until

pytestmark = pytest.mark.media


async def open_room(bots, host="host"):
    speaker = bots(host, role="host")
    await speaker.connect()
    await speaker.send({"type": "open_doors"})
    await speaker.wait_for(lambda m: m["type"] == "doors_opened")
    return speaker


async def test_camera_and_tone_reach_three_subscribers_without_decode(node, bots):
    async with asyncio.timeout(60):
        speaker = await open_room(bots)
        camera, tone = NumberedCamera(), ToneTrack()
        await speaker.publish({"camera": camera, "microphone": tone})
        subs = [bots(f"p{i}") for i in range(3)]
        for sub in subs:
            await sub.connect()
            await sub.subscribe()
        video_mids = [await sub.wait_mid("host", "camera") for sub in subs]
        audio_mids = [await sub.wait_mid("host", "microphone") for sub in subs]

        await until(lambda: all(len(s.frames[m]) >= 90 for s, m in zip(subs, video_mids, strict=True)), 30)
        await until(lambda: all(len(s.audio[m]) >= 100 for s, m in zip(subs, audio_mids, strict=True)), 30)
        for sub, mid in zip(subs, video_mids, strict=True):
            numbers = sub.frames[mid]
            # every decoded frame carries a number the camera painted, in order
            assert all(0 <= n < camera.count for n in numbers)
            assert numbers == sorted(numbers)
            # nothing missing once started: consecutive frame numbers
            assert numbers[-1] - numbers[0] + 1 == len(numbers)
        for sub, mid in zip(subs, audio_mids, strict=True):
            heard = [f for f, rms in sub.audio[mid][-50:] if rms > 1000]
            assert len(heard) > 40
            assert all(abs(f - 440) < 40 for f in heard)
        assert node.counters.decode == 0
        assert node.counters.encode == 0
        assert node.counters.packets_out > node.counters.packets_in
