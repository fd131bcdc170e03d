"""Loopback ports for servers that tests and benchmarks start: pick free ones, wait for a listener."""

from __future__ import annotations

import socket
import time

# `make run` serves the site on 8000 and its media node on 8001: never take those from a developer.
MAKE_RUN_PORTS = (7999, 8000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_port_pair() -> int:
    """A free port P, other than make run's 8000, whose neighbour P + 1 (its media node's) is free too."""
    for _ in range(50):
        port = free_port()
        if port in MAKE_RUN_PORTS or port >= 65535:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no free pair of ports")


def wait_port(port: int, timeout: float = 20.0) -> None:
    """Return once something accepts TCP connections on 127.0.0.1:``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")
