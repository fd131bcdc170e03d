"""A member's two peer connections on the node: one to publish, one to receive.

The publishing connection is offered by the client (camera, microphone, screen share, each m-line
named in the ``publish`` message); the receiving connection is offered by the node with a fixed
pool of send-only slots, re-bound later without renegotiation (aiortc cannot remove m-lines).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from aiortc import RTCPeerConnection, RTCSessionDescription

from . import adapt
from . import aiortc_hooks as hooks
from .forwarder import VIDEO_SLOTS, MediaHub, Source, Subscriber
from .protocol import MAX_SDP, ProtocolError
from .room import SOURCES
from .slot import Slot
from .speakers import AUDIO_SLOTS

logger = logging.getLogger(__name__)

SOURCE_KINDS = {"camera": "video", "camera-low": "video", "screen": "video", "microphone": "audio"}
# What a page may publish: the room's sources, and a camera's quarter-size copy (docs/media-protocol.md,
# « Media »), which is muted, unpublished and moved with its camera and never shown on its own.
PUBLISHED = (*SOURCES, "camera-low")


class PublisherPeer:
    def __init__(self, hub: MediaHub, member: str, role: str, ice_servers: list[dict[str, Any]]) -> None:
        self.hub = hub
        self.member = member
        self.role = role
        self.ice_servers = ice_servers
        self.pc: RTCPeerConnection | None = None
        self.sources: dict[str, Source] = {}  # mid -> source

    async def negotiate(
        self, sdp: str, names: dict[str, Any], muted: set[str], adopt: dict[str, Source] | None = None
    ) -> str:
        """Answer a publishing offer. ``adopt`` (a restart): sources of her previous connection, by name,
        that the offer's m-lines of the same names carry on instead of new ones."""
        if len(sdp) > MAX_SDP or not sdp.startswith("v=0") or "\nm=" not in sdp:
            raise ProtocolError("bad_sdp")
        if (
            not names
            or len(names) > len(PUBLISHED)
            or any(not isinstance(k, str) or v not in PUBLISHED for k, v in names.items())
        ):
            raise ProtocolError("bad_source")
        taken = {s.name for s in self.sources.values() if not s.closed}
        if len(set(names.values())) != len(names):
            raise ProtocolError("bad_source")
        if "camera-low" in names.values() and "camera" not in {*names.values(), *taken}:
            raise ProtocolError("bad_source")  # a copy of no camera
        fresh = self.pc is None
        if self.pc is None:
            self.pc = hooks.new_peer_connection(self.ice_servers)
            self._watch(self.pc)
        pc = self.pc
        adopted: list[Source] = []
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
            new: list[Source] = []
            reopened: list[Source] = []
            for transceiver in pc.getTransceivers():
                mid = transceiver.mid
                if mid is None or mid not in names:
                    continue
                name = names[mid]
                known = self.sources.get(mid)
                if known is not None:
                    if known.name != name:
                        raise ProtocolError("bad_source")
                    if known.closed and name not in taken:  # a source published again on its m-line
                        known.closed = False
                        known.role = self.role
                        reopened.append(known)
                        taken.add(name)
                    continue
                if SOURCE_KINDS[name] != transceiver.kind or name in taken:
                    raise ProtocolError("bad_source")
                previous = (adopt or {}).get(name)
                if previous is not None and previous.kind == transceiver.kind:
                    previous.attach(transceiver.receiver)  # receivers keep their slots
                    source = previous
                    adopted.append(source)
                else:
                    source = Source(
                        self.hub, self.member, name, transceiver.kind, self.role, transceiver.receiver
                    )
                source.muted = ("camera" if name == "camera-low" else name) in muted
                hooks.tap_receiver(
                    transceiver.receiver,
                    self.hub.counters,
                    on_receive=source.on_receive,
                    on_rtp=source.on_rtp,
                    on_sender_report=source.on_sender_report,
                    pli_allowed=source.pli_allowed,
                )
                self.sources[mid] = source
                taken.add(name)
                if source not in adopted:
                    new.append(source)
            if not set(names) <= {t.mid for t in pc.getTransceivers()}:
                raise ProtocolError("bad_sdp")  # a named source has no m-line in the offer
            new += reopened
            self._pair_copies()
            hooks.tune_publisher_answer(pc)
            answer = await pc.createAnswer()
            await pc.setLocalDescription(answer)
        except ProtocolError:
            if fresh:
                await self.close()
            raise
        except Exception as exc:  # aiortc raises ValueError, InvalidStateError, OperationError...
            logger.info("publish negotiation failed: %s", type(exc).__name__)
            if fresh:
                await self.close()
            raise ProtocolError("bad_sdp") from exc
        for source in new:
            self.hub.add_source(source)
        return pc.localDescription.sdp

    async def restart(self, sdp: str, names: dict[str, Any], muted: set[str]) -> str:
        """A new publishing connection for the same seat (aiortc has no ICE restart): her sources move to
        it, so nobody's slot showing her changes; the old connection is closed, and any source she no
        longer names is removed."""
        old_pc, old_sources = self.pc, self.sources
        live = {s.name: s for s in old_sources.values() if not s.closed}
        self.pc, self.sources = None, {}
        try:
            answer = await self.negotiate(sdp, names, muted, adopt=live)
        except ProtocolError:
            # Nothing half-moved is kept: the sources go with both connections (the room sees her
            # videos stop, as after a failed connection).
            for source in live.values():
                self.hub.remove_source(source)
            if old_pc is not None:
                await hooks.close_peer_connection(old_pc)
            raise
        kept = set(self.sources.values())
        for source in live.values():
            if source not in kept:
                self.hub.remove_source(source)
        if old_pc is not None:
            await hooks.close_peer_connection(old_pc)
        return answer

    def unpublish(self, name: str) -> bool:
        found = False
        for source in list(self.sources.values()):
            if source.name in (name, f"{name}-low") and not source.closed:
                self.hub.remove_source(source)
                found = True
        return found

    def _pair_copies(self) -> None:
        by_name = {s.name: s for s in self.sources.values()}
        camera, low = by_name.get("camera"), by_name.get("camera-low")
        if low is not None and camera is not None:
            camera.adopt_low(low)

    def _watch(self, pc: RTCPeerConnection) -> None:
        async def on_state() -> None:
            # Only the current connection's failure counts: an old one fails after a restart replaced it.
            if pc is self.pc and pc.connectionState == "failed":
                await self.close()

        pc.on("connectionstatechange", on_state)

    async def close(self) -> None:
        for source in self.sources.values():
            self.hub.remove_source(source)
        self.sources.clear()
        pc, self.pc = self.pc, None
        if pc is not None:
            await hooks.close_peer_connection(pc)


class SubscriberPeer:
    def __init__(
        self,
        hub: MediaHub,
        member: str,
        ice_servers: list[dict[str, Any]],
        notify: Callable[[dict[str, Any]], None],
    ) -> None:
        self.hub = hub
        self.member = member
        self.ice_servers = ice_servers
        self.notify = notify
        self.pc: RTCPeerConnection | None = None
        self.subscriber: Subscriber | None = None
        self.answered = False
        self.view = adapt.ReceiverView()  # kept across re-subscriptions

    def set_view(self, view: adapt.ReceiverView) -> None:
        self.view = view
        if self.subscriber is not None and self.answered:
            self.hub.set_view(self.subscriber, view)

    async def offer(self, *, keep: bool = False) -> tuple[str, list[dict[str, str]]]:
        """A new receiving connection replaces the old one (aiortc has no ICE restart). ``keep`` (a
        restart): its slots, in the same order and so with the same MIDs, carry what the old ones did."""
        old = self.subscriber if keep else None
        carried = [slot.source for slot in old.slots] if old is not None else []
        await self.close()
        pc = self.pc = hooks.new_peer_connection(self.ice_servers)
        self._watch(pc)
        sub = self.subscriber = Subscriber(self.member, self.notify)
        sub.adapt.view = self.view
        if old is not None:
            # Her page keeps what it was told (a restart does not reset it): what the new connection
            # carries is told from there, or a video paused before stayed marked paused.
            sub.adapt.told = old.adapt.told
        pairs = []
        for kind, count in (("video", VIDEO_SLOTS), ("audio", AUDIO_SLOTS)):
            for _ in range(count):
                pairs.append((kind, hooks.add_send_slot(pc, kind, self.hub.counters)))
        await pc.setLocalDescription(await pc.createOffer())
        for kind, transceiver in pairs:
            assert transceiver.mid is not None  # setLocalDescription gave every m-line its mid
            slot = Slot(self.hub, sub, transceiver.mid, kind)
            hooks.watch_sender(
                transceiver.sender,
                on_ready=slot.ready,
                on_nack=slot.retransmit,
                on_keyframe_request=slot.keyframe_requested,
                on_remb=slot.on_remb,
                on_report=slot.on_report,
            )
            sub.slots.append(slot)
        for slot, source in zip(sub.slots, carried, strict=False):
            if source is not None and not source.closed and source.kind == slot.kind:
                slot.bind(source)
        self.answered = False
        return pc.localDescription.sdp, [{"mid": s.mid, "kind": s.kind} for s in sub.slots]

    async def answer(self, sdp: str) -> None:
        if self.pc is None or self.answered or self.subscriber is None:
            raise ProtocolError("bad_sdp")
        if len(sdp) > MAX_SDP or not sdp.startswith("v=0") or "\nm=" not in sdp:
            raise ProtocolError("bad_sdp")
        try:
            await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        except Exception as exc:
            logger.info("subscribe negotiation failed: %s", type(exc).__name__)
            await self.close()
            raise ProtocolError("bad_sdp") from exc
        self.answered = True
        logger.debug("subscriber %s: answer applied", self.member)
        self.hub.add_subscriber(self.subscriber)

    def redirect(self, notify: Callable[[dict[str, Any]], None]) -> None:
        """Her slot and quality messages go to her new socket from now on."""
        self.notify = notify
        if self.subscriber is not None:
            self.subscriber.notify = notify

    def bound(self) -> list[dict[str, Any]]:
        """The ``slot`` messages of every bound slot: what the page must show again after a restart."""
        sub = self.subscriber
        return [slot.describe() for slot in sub.slots if slot.source is not None] if sub else []

    def _watch(self, pc: RTCPeerConnection) -> None:
        async def on_state() -> None:
            if pc is self.pc and pc.connectionState == "failed":
                await self.close()

        pc.on("connectionstatechange", on_state)

    async def close(self) -> None:
        if self.subscriber is not None:
            self.hub.remove_subscriber(self.subscriber)
            self.subscriber = None
        pc, self.pc = self.pc, None
        if pc is not None:
            await hooks.close_peer_connection(pc)
