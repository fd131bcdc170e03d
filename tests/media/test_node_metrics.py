"""The node's `/metrics`: its counters in Prometheus' text format, for the allowed addresses only."""

from __future__ import annotations

import re

import httpx
import pytest

from live.media.node import MediaNode


def _value(text: str, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", text, re.M)
    assert found, f"{name} missing from:\n{text}"
    return float(found.group(1))


async def test_the_node_exposes_its_counters_to_loopback(node: MediaNode):
    # What the forwarder counts (aiortc peers would move these; tests/media/test_forwarding.py checks that).
    node.counters.nacks_received = 7
    node.counters.keyframe_requests = 3
    node.counters.packets_in = 1200
    async with httpx.AsyncClient() as client:
        page = await client.get(f"http://127.0.0.1:{node.port}/metrics")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = page.text
    assert _value(text, "entraide_media_rooms") == 0
    assert _value(text, "entraide_media_participants") == 0
    assert _value(text, "entraide_media_nacks_total") == 7
    assert _value(text, "entraide_media_keyframe_requests_total") == 3
    assert _value(text, "entraide_media_packets_in_total") == 1200
    assert _value(text, "process_cpu_seconds_total") > 0
    assert "# TYPE entraide_media_packets_out_total counter" in text


async def test_the_node_hides_its_metrics_from_other_addresses(
    node: MediaNode, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ENTRAIDE_METRICS_ALLOW", "10.20.0.0/16")
    async with httpx.AsyncClient() as client:
        page = await client.get(f"http://127.0.0.1:{node.port}/metrics")
    assert page.status_code == 404 and "entraide_media" not in page.text
