"""Several web workers on one port (`entraide serve --workers N`), each with its own listening socket.

Each worker binds the port with SO_REUSEPORT, so that the kernel spreads new connections evenly over the
workers. With the one socket that uvicorn's own --workers shares, a worker that wakes accepts every
connection waiting: a burst of keep-alive connections (nginx's to its upstream, a load generator's) could all
land on one worker, and two workers then served no more than one (bench/site_load.py saw 16 connections of
16 on one worker, and 1.05× the throughput of a single worker).

The parent only supervises: if a worker stops, it stops the others and exits with an error, so that the
service manager (deploy/systemd) restarts the whole site.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import time
from typing import Any

BACKLOG = 2048  # uvicorn's default


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Only processes of the same user may join the group (Linux): another account cannot take connections.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def run_workers(count: int, host: str, port: int, options: dict[str, Any]) -> int:
    """Starts `count` workers and waits; returns the exit code for `entraide serve`."""
    command = [sys.executable, "-m", "learning.workers", host, str(port), json.dumps(options)]
    workers = [subprocess.Popen(command) for _ in range(count)]
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping and all(w.poll() is None for w in workers):
            time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)  # uvicorn's graceful shutdown: requests in flight finish
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    if stopping:
        return 0
    print("Un processus web s'est arrêté : le site s'arrête aussi.", file=sys.stderr)
    return 1


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    sock = listening_socket(host, port)
    config = uvicorn.Config("learning.asgi:app", host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="One web worker of `entraide serve --workers N`.")
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("options")
    arguments = parser.parse_args()
    _worker(arguments.host, arguments.port, json.loads(arguments.options))
