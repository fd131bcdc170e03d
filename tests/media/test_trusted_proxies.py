"""Behind nginx every client arrives from the proxy's address: the node counts the address the proxy
forwards, but only for proxies of ENTRAIDE_TRUSTED_PROXIES (anyone else could pick her own address)."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
from typing import Any

import pytest
import websockets

from live.media.guards import PENDING_PER_IP
from live.media.node import running_node
from live.media.settings import NodeSettings

pytestmark = pytest.mark.media


async def _held_with_forwarded_for(settings: NodeSettings, count: int) -> int:
    async with asyncio.timeout(60), running_node(settings) as node:
        url = f"ws://127.0.0.1:{node.port}/rooms/42"

        async def one(n: int) -> Any:
            try:
                return await websockets.connect(
                    url, open_timeout=5, additional_headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}
                )
            except websockets.InvalidStatus:
                return None

        sockets = await asyncio.gather(*(one(n) for n in range(count)))
        await asyncio.sleep(0.5)
        held = [ws for ws in sockets if ws is not None and ws.close_code is None]
        for ws in sockets:
            if ws is not None:
                await ws.close()
        return len(held)


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(node_settings: NodeSettings) -> None:
    # Not trusted: a client sending X-Forwarded-For is still one address, capped as one.
    assert await _held_with_forwarded_for(node_settings, PENDING_PER_IP + 5) == PENDING_PER_IP
    behind_nginx = dataclasses.replace(node_settings, trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),))
    assert await _held_with_forwarded_for(behind_nginx, PENDING_PER_IP + 5) == PENDING_PER_IP + 5


def test_the_client_is_the_last_address_a_trusted_proxy_forwarded() -> None:
    settings = NodeSettings(secret_key="x" * 20, trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),))
    assert settings.client_address("10.0.0.5", "203.0.113.9") == "203.0.113.9"
    # The client may prepend anything; the hop nginx appended is the one that counts.
    assert settings.client_address("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert settings.client_address("192.0.2.1", "203.0.113.9") == "192.0.2.1"
    assert settings.client_address("10.0.0.5", None) == "10.0.0.5"
