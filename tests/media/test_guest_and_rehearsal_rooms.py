"""The rooms issue 20 adds, on a real node: an invited guest (« guest-<n> ») hosting a workshop's room,
and a rehearsal room (« <workshop>-repetition-<key> ») that starts open and shares nothing with the real
room. The node has no special case for either: the web app's tickets make them."""

from __future__ import annotations

import asyncio

import pytest

from live.media.botkit.bot import Bot
from live.media.node import MediaNode
from live.media.tickets import sign_ticket

from .conftest import ORIGIN, SECRET

pytestmark = pytest.mark.media


async def test_a_guest_hosts_the_room_under_her_invitation_id(node: MediaNode, bots):
    async with asyncio.timeout(60):
        guest = Bot(
            f"ws://127.0.0.1:{node.port}/rooms/42",
            sign_ticket(SECRET, room="42", member="guest-4", name="Jean Dupuis", role="host"),
            origin=ORIGIN,
        )
        try:
            welcome = await guest.connect()
            assert welcome is not None and welcome["you"]["id"] == "guest-4"
            assert welcome["you"]["role"] == "host" and welcome["you"]["in_lobby"] is False
            awa = bots("17")
            assert (await awa.connect())["you"]["in_lobby"] is True
            await guest.send({"type": "open_doors"})
            await awa.wait_for(lambda m: m["type"] == "doors_opened")
            # Removing her works like removing anyone: the node names her by her invitation id.
            await guest.send({"type": "remove", "member": "17"})
            await awa.wait_for(lambda m: m["type"] == "removed")
        finally:
            await guest.close()


async def test_a_rehearsal_room_starts_open_and_is_not_the_workshop_s_room(node: MediaNode, bots):
    room = "42-repetition-0123456789ab"

    def bot(member: str, role: str) -> Bot:
        token = sign_ticket(
            SECRET, room=room, member=member, name=f"Membre {member}", role=role, doors_open=True
        )
        return Bot(f"ws://127.0.0.1:{node.port}/rooms/{room}", token, origin=ORIGIN)

    async with asyncio.timeout(60):
        host, viewer = bot("3", "host"), bot("3-vue", "participant")
        try:
            opened = await host.connect()
            assert opened is not None and opened["room"]["id"] == room
            seen = await viewer.connect()
            assert seen is not None and seen["you"]["in_lobby"] is False  # no lobby in a rehearsal
            assert [p["id"] for p in seen["room"]["participants"] if p["role"] == "host"] == ["3"]
            # The workshop's own room is another room: a participant there is in its lobby, alone.
            outside = bots("17")
            welcome = await outside.connect()
            assert welcome["room"]["id"] == "42" and welcome["you"]["in_lobby"] is True
            assert all(p["id"] != "3" for p in welcome["room"]["participants"])
            # A ticket for the real room does not open the rehearsal.
            wrong = Bot(
                f"ws://127.0.0.1:{node.port}/rooms/{room}",
                sign_ticket(SECRET, room="42", member="18", name="Inès", role="participant"),
                origin=ORIGIN,
            )
            refused = await wrong.connect()
            assert refused is not None and refused["code"] == "wrong_room"
            await wrong.close()
        finally:
            await host.close()
            await viewer.close()
