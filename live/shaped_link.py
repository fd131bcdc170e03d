"""A receiver behind a shaped link, for the weak-link bench and its short version in the suite.

A child network namespace joined to the caller's (itself a test namespace holding only lo) by a veth
pair (10.77.0.1 here, 10.77.0.2 there). The node's side of the veth has `tc tbf` for the rate and a
TUN relay of our own (bench/impair.py) for loss and delay, since this kernel has no `netem`. Her HTTP
and websocket reach the site on 127.0.0.1 like everyone's, through two small TCP forwarders on both
sides of the veth; her media goes over the veth. ``ShapedLink.wrapper`` is a Chromium that runs in
that namespace. Needs root (CI runs as root); test tooling, never imported by the site or the node.

    python -m live.shaped_link --forward LISTEN:PORT:TO:PORT ...   (what the forwarders run)
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE, THERE = "10.77.0.1", "10.77.0.2"


def sh(*args: str, check: bool = True) -> None:
    subprocess.run(list(args), check=check, capture_output=True)


async def forward(listen: str, port: int, to: str, to_port: int) -> None:
    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(to, to_port)
        except OSError:
            writer.close()
            return

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except OSError:
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    server = await asyncio.start_server(client, listen, port)
    await server.serve_forever()


def run_forwarders(specs: list[str]) -> None:
    async def main() -> None:
        tasks = []
        for spec in specs:
            listen, port, to, to_port = spec.split(":")
            tasks.append(forward(listen, int(port), to, int(to_port)))
        await asyncio.gather(*tasks)

    asyncio.run(main())


class ShapedLink:
    """The child namespace, the veth pair, tbf on the node's side and the impairment relay."""

    def __init__(self, tmp: Path, web_port: int) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []
        self.ns = subprocess.Popen(
            ["unshare", "--net", "--", "sh", "-c", "ip link set lo up && exec sleep 100000"]
        )
        self.procs.append(self.ns)
        time.sleep(0.3)
        enter = ["nsenter", f"--net=/proc/{self.ns.pid}/ns/net"]
        self.enter = enter
        sh("ip", "link", "add", "wl0", "type", "veth", "peer", "name", "wl1")
        sh("ip", "link", "set", "wl1", "netns", str(self.ns.pid))
        sh("ip", "addr", "add", f"{HERE}/24", "dev", "wl0")
        sh("ip", "link", "set", "wl0", "up")
        sh(*enter, "ip", "addr", "add", f"{THERE}/24", "dev", "wl1")
        sh(*enter, "ip", "link", "set", "wl1", "up")
        # Replies from her arrive on wl0 while the route to her goes through the relay's TUN.
        for name in ("all", "default", "wl0"):
            Path(f"/proc/sys/net/ipv4/conf/{name}/rp_filter").write_text("0")
        mac = json.loads(
            subprocess.run([*enter, "ip", "-j", "link", "show", "wl1"], capture_output=True).stdout
        )[0]["address"]
        self.control = tmp / "impair"
        self.control.write_text("0 0")
        relay = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "impair.py"),
                "--tun",
                "wlimp",
                "--out",
                "wl0",
                "--dst-mac",
                mac,
                "--control",
                str(self.control),
            ],
            stdout=subprocess.PIPE,
        )
        self.procs.append(relay)
        assert relay.stdout is not None
        relay.stdout.readline()  # "ready": the TUN exists
        relay.stdout.close()
        sh("ip", "link", "set", "wlimp", "up")
        sh("ip", "route", "add", f"{THERE}/32", "dev", "wlimp")
        self.set_rate("10mbit")
        # Her page reaches the site on 127.0.0.1 like everyone's: forwarders on both sides of the veth.
        specs_here = [f"{HERE}:{p}:127.0.0.1:{p}" for p in (web_port, web_port + 1)]
        specs_there = [f"127.0.0.1:{p}:{HERE}:{p}" for p in (web_port, web_port + 1)]
        me = [sys.executable, "-m", "live.shaped_link", "--forward"]
        self.procs.append(subprocess.Popen([*me, *specs_here], cwd=ROOT))
        self.procs.append(subprocess.Popen([*enter, *me, *specs_there], cwd=ROOT))
        time.sleep(1.0)
        self.wrapper = tmp / "chromium-shaped"
        from live.platform_kit import CHROMIUM

        self.wrapper.write_text(f'#!/bin/sh\nexec {" ".join(enter)} {CHROMIUM} "$@"\n')
        self.wrapper.chmod(0o755)

    def set_rate(self, rate: str) -> None:
        verb = "change" if getattr(self, "_rated", False) else "add"
        sh(
            "tc",
            "qdisc",
            verb,
            "dev",
            "wl0",
            "root",
            "tbf",
            "rate",
            rate,
            "burst",
            "16kb",
            "latency",
            "200ms",
        )
        self._rated = True

    def impair(self, loss: float, delay: float) -> None:
        self.control.write_text(f"{loss} {delay}")

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        sh("ip", "link", "del", "wl0", check=False)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--forward"]:
        run_forwarders(sys.argv[2:])
