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
from .forwarder import AUDIO_SLOTS, VIDEO_SLOTS, MediaHub, Slot, Source, Subscriber
from .protocol import MAX_SDP, ProtocolError
from .room import SOURCES

logger = logging.getLogger(__name__)

SOURCE_KINDS = {"camera": "video", "screen": "video", "microphone": "audio"}


class PublisherPeer:
    def __init__(self, hub: MediaHub, member: str, role: str, ice_servers: list[dict[str, Any]]) -> None:
        self.hub = hub
        self.member = member
        self.role = role
        self.ice_servers = ice_servers
        self.pc: RTCPeerConnection | None = None
        self.sources: dict[str, Source] = {}  # mid -> source

    async def negotiate(self, sdp: str, names: dict[str, Any], muted: set[str]) -> str:
        if len(sdp) > MAX_SDP or not sdp.startswith("v=0") or "\nm=" not in sdp:
            raise ProtocolError("bad_sdp")
        if (
            not names
            or len(names) > len(SOURCES)
            or any(not isinstance(k, str) or v not in SOURCES for k, v in names.items())
        ):
            raise ProtocolError("bad_source")
        taken = {s.name for s in self.sources.values() if not s.closed}
        if len(set(names.values())) != len(names):
            raise ProtocolError("bad_source")
        fresh = self.pc is None
        if self.pc is None:
            self.pc = hooks.new_peer_connection(self.ice_servers)
            self.pc.on("connectionstatechange", self._on_state)
        pc = self.pc
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
                source = Source(
                    self.hub, self.member, name, transceiver.kind, self.role, transceiver.receiver
                )
                source.muted = name in muted
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
                new.append(source)
            if not set(names) <= {t.mid for t in pc.getTransceivers()}:
                raise ProtocolError("bad_sdp")  # a named source has no m-line in the offer
            new += reopened
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

    def unpublish(self, name: str) -> bool:
        for source in list(self.sources.values()):
            if source.name == name and not source.closed:
                self.hub.remove_source(source)
                return True
        return False

    async def _on_state(self) -> None:
        if self.pc is not None and self.pc.connectionState == "failed":
            await self.close()

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

    async def offer(self) -> tuple[str, list[dict[str, str]]]:
        await self.close()  # a new subscription replaces the old one (aiortc has no ICE restart)
        pc = self.pc = hooks.new_peer_connection(self.ice_servers)
        pc.on("connectionstatechange", self._on_state)
        sub = self.subscriber = Subscriber(self.member, self.notify)
        sub.adapt.view = self.view
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

    async def _on_state(self) -> None:
        if self.pc is not None and self.pc.connectionState == "failed":
            await self.close()

    async def close(self) -> None:
        if self.subscriber is not None:
            self.hub.remove_subscriber(self.subscriber)
            self.subscriber = None
        pc, self.pc = self.pc, None
        if pc is not None:
            await hooks.close_peer_connection(pc)
