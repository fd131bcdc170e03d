"""Loss and delay for one host, since this kernel has `tbf` but not `netem`: a small relay of our own.

    python bench/impair.py --tun wlimp --out wl0 --dst-mac aa:bb:.. --loss 0.03 --delay 0.15 --control FILE

Packets the kernel routes to the shaped host go into a TUN device (``ip route add <host>/32 dev wlimp``);
this relay reads each one, drops it with probability ``loss``, and after ``delay`` seconds writes it
as an Ethernet frame on the veth ``out`` through a packet socket, so the veth's `tbf` queue still
limits the rate. ``--control FILE`` is re-read every 0.2 s (``loss delay`` on one line) so a bench can
change the impairment without restarting it. Only ever used inside a network namespace a bench made.
"""

from __future__ import annotations

import argparse
import fcntl
import heapq
import os
import random
import select
import socket
import struct
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def read_control(path: str | None, loss: float, delay: float) -> tuple[float, float]:
    if not path:
        return loss, delay
    try:
        parts = open(path).read().split()
        return float(parts[0]), float(parts[1])
    except (OSError, ValueError, IndexError):
        return loss, delay


def run(args: argparse.Namespace) -> None:
    tun = open_tun(args.tun)
    out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    out.bind((args.out, 0))
    header = bytes.fromhex(args.dst_mac.replace(":", "")) + out.getsockname()[4][:6] + b"\x08\x00"
    loss, delay = args.loss, args.delay
    queue: list[tuple[float, int, bytes]] = []
    counter = 0
    next_control = 0.0
    print("ready", flush=True)
    while True:
        now = time.monotonic()
        if now >= next_control:
            loss, delay = read_control(args.control, loss, delay)
            next_control = now + 0.2
        timeout = max(0.0, min(queue[0][0] - now, 0.2)) if queue else 0.2
        ready, _, _ = select.select([tun], [], [], timeout)
        if ready:
            packet = os.read(tun, 65535)
            if packet and packet[0] >> 4 == 4 and random.random() >= loss:
                counter += 1
                heapq.heappush(queue, (time.monotonic() + delay, counter, packet))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, packet = heapq.heappop(queue)
            try:
                out.send(header + packet)
            except OSError:
                pass  # the tbf queue is full: dropped, as a router would


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tun", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--dst-mac", required=True)
    parser.add_argument("--loss", type=float, default=0.0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--control")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
