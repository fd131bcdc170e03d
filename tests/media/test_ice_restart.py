"""The node's ICE restart: a member whose address changes keeps her seat, her videos and her slots.

One bot lives in a network namespace of its own, joined to the test's namespace by a veth pair (the
test made both: no packet leaves them). Its address changes under it, as a phone's does from Wi-Fi
to 4G; it rejoins on a new socket and asks for a ``restart``. The others must never see her leave,
and media must flow again both ways within a few seconds.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ctypes
import os
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, TypeVar

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from live.media import adapt
from live.media.botkit.bot import Bot
from live.media.botkit.tracks import NumberedCamera, ToneTrack
from live.media.botkit.waiting import until
from live.media.counters import Counters
from live.media.forwarder import MediaHub
from live.media.node import MediaNode, running_node
from live.media.peers import SubscriberPeer
from live.media.settings import NodeSettings

from .conftest import ORIGIN
from .test_adapt import layered
from .test_forwarder_units import make_source

pytestmark = pytest.mark.media

HERE, THERE, MOVED = "10.83.0.1", "10.83.0.2", "10.83.0.3"
CLONE_NEWNET = 0x40000000
T = TypeVar("T")


def member_of(message: dict[str, Any]) -> Any:
    member = message.get("member")
    return member.get("id") if isinstance(member, dict) else member


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


class Elsewhere:
    """A network namespace with one veth end (THERE), and a thread whose event loop lives in it: the
    sockets a bot opens on that loop (websocket, ICE) belong to that namespace."""

    def __init__(self) -> None:
        self.ns = subprocess.Popen(["unshare", "--net", "--", "sleep", "600"])
        deadline = time.monotonic() + 5
        while os.readlink(f"/proc/{self.ns.pid}/ns/net") == os.readlink("/proc/self/ns/net"):
            if time.monotonic() > deadline:
                raise RuntimeError("unshare did not make a namespace")
            time.sleep(0.02)
        self.enter = ["nsenter", f"--net=/proc/{self.ns.pid}/ns/net"]
        sh("ip", "link", "add", "ir0", "type", "veth", "peer", "name", "ir1")
        sh("ip", "link", "set", "ir1", "netns", str(self.ns.pid))
        sh("ip", "addr", "add", f"{HERE}/24", "dev", "ir0")
        sh("ip", "link", "set", "ir0", "up")
        sh(*self.enter, "ip", "link", "set", "lo", "up")
        sh(*self.enter, "ip", "addr", "add", f"{THERE}/24", "dev", "ir1")
        sh(*self.enter, "ip", "link", "set", "ir1", "up")
        self.loop = asyncio.new_event_loop()
        started = concurrent.futures.Future[None]()
        self.thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self.thread.start()
        started.result(5)

    def _run(self, started: concurrent.futures.Future[None]) -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            with open(f"/proc/{self.ns.pid}/ns/net") as handle:
                if libc.setns(handle.fileno(), CLONE_NEWNET) != 0:  # this thread only
                    raise OSError(ctypes.get_errno(), "setns")
        except Exception as exc:
            started.set_exception(exc)
            return
        started.set_result(None)
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def run(self, coro: Coroutine[Any, Any, T], within: float = 20.0) -> T:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return await asyncio.wait_for(asyncio.wrap_future(future), within)

    def move(self) -> None:
        """Her address changes: the old one is gone (its sockets with it), a new one comes."""
        sh(*self.enter, "ip", "addr", "del", f"{THERE}/24", "dev", "ir1")
        sh(*self.enter, "ip", "addr", "add", f"{MOVED}/24", "dev", "ir1")

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()
        self.ns.kill()
        self.ns.wait()
        subprocess.run(["ip", "link", "del", "ir0"], capture_output=True)


@pytest.fixture
def elsewhere() -> Any:
    place = Elsewhere()
    yield place
    place.close()


@pytest.fixture
async def wide_node(elsewhere: Elsewhere, node_settings: NodeSettings) -> AsyncIterator[MediaNode]:
    """A node reachable from the other namespace too (its ICE gathers HERE once the veth exists)."""
    async with running_node(node_settings, host="0.0.0.0") as media_node:
        yield media_node


async def test_a_member_whose_address_changes_keeps_her_seat_and_media(
    elsewhere: Elsewhere, wide_node: MediaNode, ticket: Callable[..., str]
) -> None:
    port = wide_node.port
    host = Bot(f"ws://127.0.0.1:{port}/rooms/42", ticket("host", role="host"), origin=ORIGIN)

    async def new_tracks() -> dict[str, Any]:
        # Made on her loop. aiortc ends a track when its connection closes (a browser does not): the
        # restart carries new ones.
        return {"camera": NumberedCamera(), "microphone": ToneTrack()}

    async def make_mover() -> Bot:
        bot = Bot(f"ws://{HERE}:{port}/rooms/42", ticket("mover"), origin=ORIGIN)
        await bot.connect()
        await bot.publish(await new_tracks())
        await bot.subscribe()
        return bot

    mover: Bot | None = None
    try:
        async with asyncio.timeout(60):
            await host.connect()
            await host.send({"type": "open_doors"})
            await host.wait_for(lambda m: m["type"] == "doors_opened")
            await host.publish({"camera": NumberedCamera(), "microphone": ToneTrack()})
            await host.subscribe()
            mover = await elsewhere.run(make_mover())
            seen_mid = await host.wait_mid("mover", "camera", 15)
            mover_mid = await elsewhere.run(mover.wait_mid("host", "camera", 15))
            await until(lambda: len(host.frames[seen_mid]) >= 15 and len(mover.frames[mover_mid]) >= 15, 20)

            elsewhere.move()
            moved_at = time.monotonic()
            told = len(host.messages)
            before_host, before_mover = len(host.frames[seen_mid]), len(mover.frames[mover_mid])
            welcome = await elsewhere.run(mover.rejoin(ticket("mover")))
            assert welcome is not None and welcome["type"] == "welcome"
            await elsewhere.run(mover.restart(await elsewhere.run(new_tracks())))

            # Media flows again both ways, in the same slots, within a few seconds.
            await until(
                lambda: (
                    len(host.frames[seen_mid]) >= before_host + 15
                    and len(mover.frames[mover_mid]) >= before_mover + 15
                ),
                8,
            )
            resumed = time.monotonic() - moved_at
            tail = host.frames[seen_mid][-15:]  # her new camera, in order, nothing missing
            assert tail == list(range(tail[0], tail[0] + 15))
            audio_mid = mover.mid_of("host", "microphone")
            assert audio_mid is not None
            heard = len(mover.audio[audio_mid])
            await until(lambda: len(mover.audio[audio_mid]) >= heard + 25, 5)
            # The room never saw her leave: no left/joined, her camera's slot never emptied.
            about_her = [
                m
                for m in host.messages[told:]
                if (m["type"] in ("left", "joined") and member_of(m) == "mover")
                or (m["type"] == "slot" and m["mid"] == seen_mid)
            ]
            assert about_her == [], about_her
            assert wide_node.counters.decode == wide_node.counters.encode == 0
            print(f"media resumed {resumed:.1f} s after the address changed")
    finally:
        if mover is not None:
            await elsewhere.run(mover.close())
        await host.close()


async def test_a_second_window_that_publishes_afresh_is_seen_and_heard(node: MediaNode, bots: Any) -> None:
    """Her new socket takes over the old one's connections only for a ``restart``: a page that starts
    afresh (another window) publishes on a connection of its own, and the room receives it."""
    async with asyncio.timeout(40):
        host = bots("host", role="host")
        await host.connect()
        await host.send({"type": "open_doors"})
        await host.wait_for(lambda m: m["type"] == "doors_opened")
        await host.subscribe()
        first = bots("p1")
        await first.connect()
        await first.publish({"camera": NumberedCamera()})
        mid = await host.wait_mid("p1", "camera")
        await until(lambda: len(host.frames[mid]) >= 10, 15)
        told = len(host.messages)
        second = bots("p1")
        await second.connect()
        await second.subscribe()
        await second.publish({"camera": NumberedCamera()})
        bound = await host.wait_for(
            lambda m: m["type"] == "slot" and m["member"] == "p1" and m["source"] == "camera", 10, start=told
        )
        seen = len(host.frames[bound["mid"]])
        await until(lambda: len(host.frames[bound["mid"]]) >= seen + 15, 10)


async def test_after_a_restart_her_page_is_told_what_her_new_connection_carries() -> None:
    """Her page keeps the last ``quality`` it was told across a restart: a video paused for her weak link
    before must be told back once the new connection carries it (it stayed marked paused, the weak link
    badge shown, for the 60 s a bench run then lasted)."""
    hub = MediaHub(Counters())
    hub.adapt_links = True
    for member, role in (("h", "host"), ("a", "participant")):
        source = make_source(hub, member, "camera", role=role)
        layered(source, 180_000, 150_000, 270_000)
        hub.add_source(source)
    inbox: list[dict[str, Any]] = []
    peer = SubscriberPeer(hub, "viewer", [], inbox.append)
    pages: list[RTCPeerConnection] = []

    async def connect() -> None:  # as her page does: a new connection answers each offer
        sdp, _ = await peer.offer(keep=True)
        page = RTCPeerConnection()
        pages.append(page)
        await page.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        await page.setLocalDescription(await page.createAnswer())
        await peer.answer(page.localDescription.sdp)

    try:
        await connect()
        assert peer.subscriber is not None
        peer.subscriber.adapt.link.on_remb(250_000, now=0.0)  # her weak link: the other camera paused
        hub.rebalance_video()
        assert inbox[-1]["paused"] == ["a:camera"]
        await connect()  # the restart: a new connection, whose link is not known to be weak
        assert inbox[-1] == adapt.GOOD
    finally:
        await peer.close()
        for page in pages:
            await page.close()
