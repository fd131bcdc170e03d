"""Publisher → node → subscribers, with real aiortc peers on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from live.media.botkit.bot import Bot
from live.media.botkit.tracks import NumberedCamera, ToneTrack
from live.media.botkit.waiting import until
from live.media.node import MediaNode

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
        # The node's answer asks the publisher for Opus DTX + FEC and a 1 Mbit/s video start.
        assert "usedtx=1" in speaker.publish_answer and "useinbandfec=1" in speaker.publish_answer
        assert "x-google-start-bitrate=1000" in speaker.publish_answer
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


async def test_late_joiner_gets_first_frame_within_one_second(node, bots):
    async with asyncio.timeout(60):
        speaker = await open_room(bots)
        await speaker.publish({"camera": NumberedCamera()})
        early = bots("early")
        await early.connect()
        await early.subscribe()
        mid = await early.wait_mid("host", "camera")
        await until(lambda: len(early.frames[mid]) >= 60, 20)  # the stream is well past its key frame
        requests_before = node.counters.keyframe_requests

        late = bots("late")
        await late.connect()
        await late.subscribe()
        started = asyncio.get_running_loop().time()
        late_mid = await late.wait_mid("host", "camera")
        await until(lambda: late.frames[late_mid], 5)
        elapsed = late.frame_times[late_mid][0] - started
        assert elapsed < 1.0, f"first frame after {elapsed:.2f} s"
        assert node.counters.keyframe_requests > requests_before  # the gate asked the publisher
        assert node.counters.decode == node.counters.encode == 0


async def test_two_percent_loss_recovered_by_nack_and_rtx(node_settings, ticket):
    from live.media.botkit.bot import Bot
    from live.media.node import running_node

    async with asyncio.timeout(60), running_node(node_settings, drop_rate=0.02) as lossy:
        url = f"ws://127.0.0.1:{lossy.port}/rooms/42"
        made = [Bot(url, ticket("host", role="host")), Bot(url, ticket("a")), Bot(url, ticket("b"))]
        try:
            speaker, *subs = made
            await speaker.connect()
            await speaker.send({"type": "open_doors"})
            # A noisy band below the numbers: ~1.5 Mbit/s, several packets per frame, like a camera.
            camera = NumberedCamera(noise=120)
            await speaker.publish({"camera": camera})
            for sub in subs:
                sub.grid_height = 240
                await sub.connect()
                await sub.subscribe()
            mids = [await sub.wait_mid("host", "camera") for sub in subs]
            await until(lambda: all(len(s.frames[m]) >= 30 for s, m in zip(subs, mids, strict=True)), 20)
            # Frames the camera painted during an 8 s window. Then wait until every subscriber has decoded
            # past the window: on a loaded machine decoding lags, and a fixed pause counted the lag as loss.
            first = camera.count
            await asyncio.sleep(8)
            last = camera.count
            await until(lambda: all(s.frames[m][-1] >= last for s, m in zip(subs, mids, strict=True)), 20)
            for sub, mid in zip(subs, mids, strict=True):
                got = {n for n in sub.frames[mid] if first <= n < last}
                fps = 30 * len(got) / (last - first)
                assert fps >= 29, f"{fps:.1f} fps under 2 % loss"
            assert lossy.counters.dropped > 0
            assert lossy.counters.rtx_sent > 0
            assert lossy.counters.decode == lossy.counters.encode == 0
        finally:
            await asyncio.gather(*(b.close() for b in made), return_exceptions=True)


async def test_a_retransmission_lost_too_is_asked_for_again_and_no_frame_is_lost(
    node: MediaNode, bots: Callable[..., Bot]
) -> None:
    """The 2 % loss test's rare failure, made certain: one packet lost on the way to her, and its
    retransmission too. A receiver asks again (browsers do, every round trip), and the node answers
    again from its history; a receiver that never asked again froze 2.5 s, then lost frames."""
    async with asyncio.timeout(60):
        speaker = await open_room(bots)
        camera = NumberedCamera(noise=120)
        await speaker.publish({"camera": camera})
        viewer = bots("viewer")
        viewer.grid_height = 240
        await viewer.connect()
        await viewer.subscribe()
        mid = await viewer.wait_mid("host", "camera")
        await until(lambda: len(viewer.frames[mid]) >= 30, 20)
        her = next(s for s in node.rooms["42"].hub.subscribers.values() if s.member == "viewer")
        slot = next(s for s in her.slots_of("video") if s.source is not None)
        assert slot.path is not None
        rtx_types = set(slot.path.rtx_payload_types.values())
        send = slot.path.send
        lost: list[str] = []

        async def lossy_send(data: bytes) -> None:
            retransmission = data[1] & 0x7F in rtx_types
            if not lost and not retransmission:
                lost.append("packet")
                return
            if lost == ["packet"] and retransmission:
                lost.append("its retransmission")
                return
            await send(data)

        first = camera.count
        slot.path.send = lossy_send  # type: ignore[method-assign]
        await until(lambda: len(lost) == 2, 5)
        await asyncio.sleep(3)  # longer than the 2.5 s her jitter buffer held frames, waiting
        last = camera.count
        await until(lambda: viewer.frames[mid][-1] >= last, 20)
        got = {n for n in viewer.frames[mid] if first <= n < last}
        assert sorted(set(range(first, last)) - got) == []
        times = [
            t for t, n in zip(viewer.frame_times[mid], viewer.frames[mid], strict=True) if first <= n < last
        ]
        longest = max(b - a for a, b in zip(times, times[1:], strict=False))
        assert longest < 1.0, f"no frame for {longest:.2f} s"
        assert node.counters.rtx_sent >= 2  # the lost retransmission, then the one asked for again


async def test_screen_share_is_a_second_source_told_apart_by_slot_events(node, bots):
    async with asyncio.timeout(60):
        speaker = await open_room(bots)
        await speaker.publish({"camera": NumberedCamera(width=320, height=240), "microphone": ToneTrack()})
        viewer = bots("viewer")
        await viewer.connect()
        await viewer.subscribe()
        camera_mid = await viewer.wait_mid("host", "camera")
        # The screen share comes later, on the same publishing connection (renegotiation).
        await speaker.publish({"screen": NumberedCamera(fps=15, width=640, height=480)})
        screen_mid = await viewer.wait_mid("host", "screen")
        assert screen_mid != camera_mid
        await until(lambda: len(viewer.frames[screen_mid]) >= 15 and len(viewer.frames[camera_mid]) >= 60, 20)
        assert viewer.sizes[camera_mid] == {(320, 240)}
        assert viewer.sizes[screen_mid] == {(640, 480)}
        # Stopping the share frees the slot, and the slot map says so.
        await speaker.send({"type": "unpublish", "source": "screen"})
        freed = await viewer.wait_for(
            lambda m: m["type"] == "slot" and m["mid"] == screen_mid and m["member"] is None
        )
        assert freed["source"] is None
        assert node.counters.decode == node.counters.encode == 0


async def test_h264_camera_forwarded_from_its_first_key_frame(node, bots):
    async with asyncio.timeout(60):
        speaker = await open_room(bots)
        camera = NumberedCamera()
        await speaker.publish({"camera": camera}, video_codec="H264")
        assert "H264" in speaker.publish_answer and "VP8" not in speaker.publish_answer
        await asyncio.sleep(1)  # the stream is past its first IDR when the viewer arrives
        viewer = bots("viewer")
        await viewer.connect()
        await viewer.subscribe()
        mid = await viewer.wait_mid("host", "camera")
        await until(lambda: len(viewer.frames[mid]) >= 45, 20)
        numbers = viewer.frames[mid]
        assert numbers == sorted(numbers) and numbers[-1] - numbers[0] + 1 == len(numbers)
        assert node.counters.decode == node.counters.encode == 0


async def test_each_slot_is_its_own_media_stream(node, bots):
    async with asyncio.timeout(30):
        viewer = await open_room(bots)
        await viewer.send({"type": "subscribe"})
        offer = await viewer.wait_for(lambda m: m["type"] == "subscribe_offer")
        streams = [line.split()[0] for line in offer["sdp"].split("\r\n") if line.startswith("a=msid:")]
        assert len(streams) == len(offer["slots"]) == len(set(streams))
