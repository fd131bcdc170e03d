"""``GET /metrics`` on the media node, in Prometheus' text format: rooms, participants, peers, packets and
bytes in and out, NACKs, key-frame requests, and the process's CPU time. Numbers only: no room id, no name.

Only from the addresses of ENTRAIDE_METRICS_ALLOW (loopback by default; as the site reads it), anyone
else gets a 404. The node imports nothing from the site (docs/architecture.md), hence this small
exposition of its own.
"""

from __future__ import annotations

import http
import ipaddress
import os
import resource
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection
    from websockets.http11 import Response

    from .node import MediaNode

DEFAULT_ALLOW = "127.0.0.0/8,::1"

# status() key → (metric name, type, help)
FAMILIES = {
    "rooms": ("entraide_media_rooms", "gauge", "Rooms open on this node."),
    "seats": ("entraide_media_participants", "gauge", "Participants seated in the rooms."),
    "connections": ("entraide_media_connections", "gauge", "Open WebSocket connections."),
    "peers": ("entraide_media_peers", "gauge", "WebRTC peer connections."),
    "pending": ("entraide_media_pending_connections", "gauge", "Connections not yet in a room."),
    "packets_in": ("entraide_media_packets_in_total", "counter", "RTP packets received."),
    "packets_out": ("entraide_media_packets_out_total", "counter", "RTP packets forwarded."),
    "bytes_in": ("entraide_media_bytes_in_total", "counter", "RTP bytes received."),
    "bytes_out": ("entraide_media_bytes_out_total", "counter", "RTP bytes forwarded."),
    "dropped": ("entraide_media_packets_dropped_total", "counter", "Packets not forwarded."),
    "nacks_received": ("entraide_media_nacks_total", "counter", "NACKs received from subscribers."),
    "rtx_sent": ("entraide_media_retransmissions_total", "counter", "Packets sent again after a NACK."),
    "rtx_skipped": (
        "entraide_media_retransmissions_skipped_total",
        "counter",
        "NACKs not answered: beyond the receiver's link, asked again too soon, or for a slot showing nothing.",
    ),
    "keyframe_requests": (
        "entraide_media_keyframe_requests_total",
        "counter",
        "Key frames asked of publishers.",
    ),
}


def allowed(address: str, raw: str | None = None) -> bool:
    raw = os.environ.get("ENTRAIDE_METRICS_ALLOW") or DEFAULT_ALLOW if raw is None else raw
    try:
        ip = ipaddress.ip_address(address)
        return any(
            ip in ipaddress.ip_network(item.strip(), strict=False) for item in raw.split(",") if item.strip()
        )
    except ValueError:
        return False


def exposition(status: dict[str, int]) -> str:
    lines = []
    for key, (name, kind, help_text) in FAMILIES.items():
        if key in status:
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {int(status[key])}"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    lines += [
        "# HELP process_cpu_seconds_total CPU time of the node's process (user and system).",
        "# TYPE process_cpu_seconds_total counter",
        f"process_cpu_seconds_total {usage.ru_utime + usage.ru_stime:.3f}",
        "# HELP process_max_resident_memory_bytes Peak resident memory of the node's process.",
        "# TYPE process_max_resident_memory_bytes gauge",
        f"process_max_resident_memory_bytes {usage.ru_maxrss * 1024}",
        "# HELP entraide_media_scrape_timestamp_seconds When these figures were read.",
        "# TYPE entraide_media_scrape_timestamp_seconds gauge",
        f"entraide_media_scrape_timestamp_seconds {time.time():.3f}",
    ]
    return "\n".join(lines) + "\n"


def respond(node: MediaNode, connection: ServerConnection, address: str) -> Response:
    if not allowed(address):
        return connection.respond(http.HTTPStatus.NOT_FOUND, "not found\n")
    response = connection.respond(http.HTTPStatus.OK, exposition(node.status()))
    del response.headers["Content-Type"]  # websockets' Headers add a value on assignment
    response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
    return response
