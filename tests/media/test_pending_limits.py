"""Connections that never join: a cap per client address and in total, against a real node."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import websockets

from live.media import signaling
from live.media.botkit.waiting import until
from live.media.guards import PENDING_PER_IP, PENDING_TOTAL

pytestmark = pytest.mark.media


async def _open(url: str, address: str = "127.0.0.1") -> Any:
    """A raw websocket that never sends `join`; None when the node refused it at the handshake (503)."""
    try:
        return await websockets.connect(url, open_timeout=5, local_addr=(address, 0))
    except websockets.InvalidStatus as exc:
        assert exc.response.status_code == 503
        return None


async def _held(sockets: list[Any]) -> list[Any]:
    """The sockets still open a moment later (a refusal may also come as a close 1013 after the upgrade)."""
    await asyncio.sleep(0.5)
    held = []
    for ws in sockets:
        if ws is None:
            continue
        if ws.close_code is None:
            held.append(ws)
        else:
            assert ws.close_code == 1013
    return held


async def test_one_address_holds_ten_connections_without_joining(node, bots):
    url = f"ws://127.0.0.1:{node.port}/rooms/42"
    async with asyncio.timeout(60):
        # The finding: 100 sockets opened at once, none of which sends `join`.
        burst = await asyncio.gather(*(_open(url) for _ in range(100)))
        held = await _held(burst)
        assert len(held) == PENDING_PER_IP == 10
        assert node.pending.pending == 10
        # One at a time now: refused at the handshake, with 503.
        for _ in range(5):
            assert await _open(url) is None
        async with httpx.AsyncClient(trust_env=False) as http:
            assert (await http.get(f"http://127.0.0.1:{node.port}/status")).json()["pending"] == 10
        # Another address is not held back by this one.
        other = await _open(url, "127.0.0.2")
        assert other is not None
        await other.close()
        # Once they are gone, a member joins from the same address as usual.
        for ws in held:
            await ws.close()
        await until(lambda: node.pending.pending == 0, 5)
        assert (await bots("awa").connect())["type"] == "welcome"
        assert node.pending.pending == 0  # a joined member is no longer pending


async def test_all_addresses_together_hold_two_hundred(node):
    url = f"ws://127.0.0.1:{node.port}/rooms/42"
    async with asyncio.timeout(60):
        sockets = []
        for i in range(PENDING_TOTAL // PENDING_PER_IP + 1):  # 21 addresses, 10 each
            sockets += await asyncio.gather(*(_open(url, f"127.0.0.{i + 10}") for _ in range(PENDING_PER_IP)))
        held = await _held(sockets)
        assert len(held) == PENDING_TOTAL == 200
        assert await _open(url, "127.0.1.1") is None  # a fresh address too: the total is reached
        for ws in held:
            await ws.close()
        await until(lambda: node.pending.pending == 0, 10)


async def test_a_connection_that_never_joins_is_closed_and_frees_its_place(node, monkeypatch):
    monkeypatch.setattr(signaling, "JOIN_TIMEOUT", 0.5)
    url = f"ws://127.0.0.1:{node.port}/rooms/42"
    async with asyncio.timeout(20):
        sockets = [await _open(url) for _ in range(PENDING_PER_IP)]
        assert await _open(url) is None
        for ws in sockets:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 5)  # the `timeout` error
                await asyncio.wait_for(ws.recv(), 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
        await until(lambda: node.pending.pending == 0, 5)
        again = await _open(url)
        assert again is not None
        await again.close()
