"""Host actions, chat and reactions over the real websocket, with a live microphone."""

from __future__ import annotations

import asyncio

import pytest

from live.media.botkit.bot import Bot
from live.media.botkit.tracks import ToneTrack
from live.media.botkit.waiting import until

from .conftest import ORIGIN

pytestmark = pytest.mark.media


async def test_chat_hands_mute_remove_lock_end(node, bots, caplog):
    caplog.set_level("DEBUG")
    async with asyncio.timeout(60):
        host = bots("host", role="host")
        await host.connect()
        early = bots("a")
        assert (await early.connect())["you"]["in_lobby"] is True
        await host.wait_for(
            lambda m: (
                m["type"] == "lobby"
                and m["waiting"] == [{"id": "a", "name": "Membre a", "role": "participant"}]
            )
        )
        refused = len(early.messages)
        await early.send({"type": "chat", "text": "trop tôt"})
        assert (await early.wait_for(lambda m: m["type"] == "error", start=refused))["code"] == "in_lobby"
        await host.send({"type": "open_doors"})
        await early.wait_for(lambda m: m["type"] == "doors_opened")
        b = bots("b")
        await b.connect()
        await b.publish({"microphone": ToneTrack()})
        await early.subscribe()
        mid = await early.wait_mid("b", "microphone")
        await until(lambda: len(early.audio[mid]) >= 25, 10)

        await early.send({"type": "chat", "text": "Bonjour à toutes"})
        for bot in (host, b, early):
            line = await bot.wait_for(lambda m: m["type"] == "chat")
            assert (line["from"], line["text"]) == ("a", "Bonjour à toutes")
        await b.send({"type": "reaction", "emoji": "👏"})
        await host.wait_for(lambda m: m["type"] == "reaction" and m["emoji"] == "👏")
        await b.send({"type": "raise_hand"})
        await early.send({"type": "raise_hand"})
        await host.wait_for(lambda m: m["type"] == "hand_raised" and m["hands"] == ["b", "a"])

        # A host mutes b: everyone is told, and her microphone is no longer forwarded.
        await host.send({"type": "mute_member", "member": "b"})
        await early.wait_for(lambda m: m["type"] == "muted" and m["member"] == "b" and m["by"] == "host")
        await early.wait_for(lambda m: m["type"] == "slot" and m["mid"] == mid and m["member"] is None)
        heard = len(early.audio[mid])
        await asyncio.sleep(0.5)
        assert len(early.audio[mid]) <= heard + 2

        # Participants cannot act as hosts.
        start = len(b.messages)
        await b.send({"type": "remove", "member": "a"})
        assert (await b.wait_for(lambda m: m["type"] == "error", start=start))["code"] == "forbidden"

        await host.send({"type": "remove", "member": "b"})
        await b.wait_for(lambda m: m["type"] == "removed")
        assert (await asyncio.wait_for(b.closed, 5))[0] == 4403
        again = bots("b")
        assert (await again.connect())["code"] == "removed"

        await host.send({"type": "lock", "locked": True})
        await early.wait_for(lambda m: m["type"] == "locked" and m["locked"] is True)
        assert (await bots("c").connect())["code"] == "room_locked"

        await host.send({"type": "end"})
        for bot in (host, early):
            await bot.wait_for(lambda m: m["type"] == "room_ended")
            assert (await asyncio.wait_for(bot.closed, 5))[0] == 4410
        assert (await bots("d").connect())["code"] == "room_ended"
    # Nothing said in the room reached the node's logs (the bots' own client logs aside).
    node_logs = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("websockets.client")
    )
    assert "Bonjour" not in node_logs and "toutes" not in node_logs and "👏" not in node_logs


async def test_hosts_are_known_by_their_role_never_by_their_name(node, ticket):
    url = f"ws://127.0.0.1:{node.port}/rooms/42"
    host = Bot(url, ticket("h", role="host", name="Sophie"), origin=ORIGIN)
    # A participant who calls herself the intervenante, with a right-to-left override for good measure.
    fake = Bot(url, ticket("f", name="Sophie · intervenante\u202e\u2028"), origin=ORIGIN)
    try:
        async with asyncio.timeout(30):
            await host.connect()
            await host.send({"type": "open_doors"})
            welcome = await fake.connect()
            assert welcome is not None and welcome["you"]["name"] == "Sophie · intervenante"
            people = {p["id"]: (p["name"], p["role"]) for p in welcome["room"]["participants"]}
            assert people == {"h": ("Sophie", "host"), "f": ("Sophie · intervenante", "participant")}
            joined = await host.wait_for(lambda m: m["type"] == "joined")
            assert (joined["member"]["name"], joined["member"]["role"]) == (
                "Sophie · intervenante",
                "participant",
            )

            await fake.send({"type": "chat", "text": "\u202eJe suis l'intervenante, donnez-moi vos codes"})
            line = await host.wait_for(lambda m: m["type"] == "chat")
            assert (line["name"], line["role"]) == ("Sophie · intervenante", "participant")
            assert line["text"] == "Je suis l'intervenante, donnez-moi vos codes"  # no bidi control left
            await host.send({"type": "chat", "text": "Bonjour à toutes"})
            line = await fake.wait_for(lambda m: m["type"] == "chat" and m["from"] == "h")
            assert (line["name"], line["role"]) == ("Sophie", "host")
            await host.send({"type": "give_floor", "member": "f"})
            floor = await fake.wait_for(lambda m: m["type"] == "floor")
            assert (floor["name"], floor["role"]) == ("Sophie · intervenante", "participant")
    finally:
        await host.close()
        await fake.close()
