"""Load of the media node: CPU, packets per second and delivery, against aiortc bot clients.

    .venv/bin/python bench/sfu_load.py [--seconds 10] [--json]

Scenarios (each with the node in its own process, bots in two others, loopback only):
  one_to_19      1 publisher (VP8 camera ~1.5 Mbit/s + Opus) -> 19 subscribers     target <= 12 % of a core
  workshop       speaker camera + screen + mic, 3 more cameras, 16 more mics (20 mics
                 sending), 19 receivers, loudest-speaker audio forwarding          target <= 35 %, 100 % delivered
  layered        one_to_19 with the camera sent as VP8 temporal layers (L1T3, as the room's page
                 sends it): 7 subscribers show it big (every layer), 6 as a thumbnail (layers
                 0-1), 6 small (layer 0): the per-receiver layer cut and its rewriting
  copies         layered, with the speaker also sending her camera's quarter-size copy (camera-low,
                 as the room's page does: simulcast as two m-lines): the 7 big tiles get the camera,
                 the 12 thumbnails the copy (all its layers, or layers 0-1). Not run against a REF
                 older than the copy (its node refuses camera-low)
  relay_1_to_5   baseline: aiortc's stock MediaRelay (decode + re-encode), 1 -> 5

Bots publish pre-encoded VP8/Opus (encoded once at start-up, looped, one key frame per 5 s loop)
and count received packets without decoding them (``layered``: the same VP8 frames, their payload
descriptors marked with the L1T3 pattern of layers 0, 2, 1, 2 from each key frame on — the node never
decodes, so only the descriptor matters to its cost), so that the machine's second core is enough for
them; a single bots process could not keep up with the workshop (~70-90 % delivered), two do.
"delivered" is the share of the packets the node sent during the window that the bots received.
The node's CPU is read from /proc/<pid>/stat (all its threads), over the same window.

Measured on a 2-core machine of this workplace (aiortc 1.16.0), --seconds 10, 2026-11-28:
  one_to_19     10.6 % of a core, 209 packets/s in, 3,969 out, 99.8 % delivered
  workshop      24.6 % of a core, 1,433 packets/s in, 10,661 out, 99.8 % delivered
  relay_1_to_5  35.6 % of a core (MediaRelay re-encoding 640x480 VP8 at aiortc's 500 kbit/s)
The same code on another, slower machine of the same kind, 2026-12-05 (a bare Python loop of 10 million
additions took 2.17 s there), quiet:
  one_to_19     26.7 % of a core, 204 in, 3,878 out, 100 % delivered
  workshop      77.3 % of a core, 1,497 in, 12,107 out, 99.8 % delivered (the bots took 117 % of a core)
  relay_1_to_5  66.9 % of a core: MediaRelay 1 -> 5 costs 2.5 x the forwarding node's 1 -> 19
With VP8 temporal layers (2026-12-06, --seconds 8 --against main, load average 9.5, three helpers'
runs on the machine):
  layered       13.4 % of a core, 225 in, 2,977 out (main's node: 17.0 %, 3,754 out): 0.79
  one_to_19     14.9 % / 13.1 % (1.14; an earlier run 14.4 % / 11.5 %, 1.25) with the same packets
                in and out; the forwarding code itself, timed in one process alternately with
                main's (19 slots, no send): 26.6 against 26.5 µs per unlayered packet, 31.9 against
                26.8 µs per layered packet cut for two thirds of the receivers; a fit of 19
                receivers' videos 0.15 ms against 0.07-0.10 ms, every 0.5 s. So the one_to_19 ratio is most likely
                the machine's noise: rerun it on a quiet machine before reading it as a cost.
With the camera's quarter-size copy (2026-12-07, --seconds 8 --against 66bd68c, load average 2-5, one
helper writing code): node CPU new / 66bd68c one_to_19 1.01, layered 0.99, workshop 1.05 (40.5 % / 38.6 %);
copies (new only) 16.5 % of a core, 263 packets/s in (the camera and its copy), 2,738 out, 100 % delivered,
against layered's 15.7 % and 205 in.
Compare ratios within one run, not figures across machines. Where the node's time goes (py-spy, one_to_19,
2026-12-05): sendto system calls 22 %, SRTP encryption 18 %, the asyncio loop 13 %, aiortc 10 %, aioice 6 %,
our forwarding code 13 %, waiting 14 %: one encrypted datagram per subscriber and packet is the floor.
With --json the last line is one JSON object with the figures. --against REF (e.g. main) also runs
each node scenario on git REF's node (from `git archive`, same bots, just before the new one) and
prints new / REF: the cost of a change, measured in one run on a machine others share.
"""

from __future__ import annotations

import argparse
import asyncio
import fractions
import json
import math
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-0123456789"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- measurement helpers --------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


# -- pre-encoded media ------------------------------------------------------------------------------


def encode_video(
    width: int, height: int, noise_rows: int, bitrate: int, fps: int, frames: int
) -> list[bytes]:
    """A short VP8 loop: flat picture with a band of noise, sized to roughly ``bitrate``."""
    import av

    ctx = av.CodecContext.create("libvpx", "w")
    ctx.width, ctx.height, ctx.pix_fmt = width, height, "yuv420p"
    ctx.time_base = fractions.Fraction(1, fps)
    ctx.framerate = fractions.Fraction(fps)
    ctx.bit_rate = bitrate
    # One key frame per loop, as a camera that is only asked for one when someone joins.
    ctx.options = {"deadline": "realtime", "cpu-used": "8", "g": str(frames), "lag-in-frames": "0"}
    packets = []
    for i in range(frames):
        frame = av.VideoFrame(width, height, "yuv420p")
        y = frame.planes[0]
        band = y.line_size * noise_rows
        y.update(os.urandom(band) + b"\x60" * (y.buffer_size - band))
        for plane in frame.planes[1:]:
            plane.update(b"\x80" * plane.buffer_size)
        frame.pts = i
        packets += [bytes(p) for p in ctx.encode(frame)]
    return packets


def encode_tone(hz: int, amplitude: int, frames: int = 50) -> list[bytes]:
    import av

    ctx = av.CodecContext.create("libopus", "w")
    ctx.sample_rate, ctx.layout, ctx.format, ctx.bit_rate = 48000, "stereo", "s16", 32000
    packets = []
    for i in range(frames):
        frame = av.AudioFrame(format="s16", layout="stereo", samples=960)
        frame.sample_rate = 48000
        samples = [
            int(amplitude * math.sin(2 * math.pi * hz * (i * 960 + j // 2) / 48000)) for j in range(1920)
        ]
        frame.planes[0].update(struct.pack("<1920h", *samples))
        frame.pts = i * 960
        packets += [bytes(p) for p in ctx.encode(frame)]
    return packets


def packet_track(kind: str, packets: list[bytes], rate: int, clock: int) -> Any:
    import av
    from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

    class PacketTrack(MediaStreamTrack):
        def __init__(self) -> None:
            super().__init__()
            self.kind = kind
            self.n = 0
            self.start: float | None = None

        async def recv(self) -> Any:
            if self.readyState != "live":
                raise MediaStreamError
            if self.start is None:
                self.start = time.monotonic()
            wait = self.start + self.n / rate - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            packet = av.Packet(packets[self.n % len(packets)])
            packet.pts = self.n * (clock // rate)
            packet.time_base = fractions.Fraction(1, clock)
            self.n += 1
            return packet

    return PacketTrack()


# -- bots ------------------------------------------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.packets = 0


class Counters(list):  # one Counter per receiving bot
    def new(self) -> Counter:
        counter = Counter()
        self.append(counter)
        return counter

    @property
    def packets(self) -> int:
        return sum(c.packets for c in self)

    def each(self) -> list[int]:
        return [c.packets for c in self]


def mark_temporal_layers() -> None:
    """This process's VP8 packetizer marks frames with L1T3 layers (0, 2, 1, 2, ... from each key
    frame), with TL0PICIDX, as Chromium's L1T3 descriptors are: for the ``layered`` scenario."""
    from aiortc.codecs import vpx

    state = {"n": 0, "tl0": 0}

    def pack(self: Any, packet: Any) -> tuple[list[bytes], int]:
        data = bytes(packet)
        if data and not data[0] & 0x01:  # VP8 key frame: the pattern starts over
            state["n"] = 0
        tid = (0, 2, 1, 2)[state["n"] % 4]
        if tid == 0:
            state["tl0"] = (state["tl0"] + 1) & 0xFF
        state["n"] += 1
        descr = vpx.VpxPayloadDescriptor(
            partition_start=1,
            partition_id=0,
            picture_id=self.picture_id,
            tl0picidx=state["tl0"],
            tid=(tid, 0),
        )
        payloads = []
        for pos in range(0, len(data), vpx.PACKET_MAX - 16):
            payloads.append(bytes(descr) + data[pos : pos + vpx.PACKET_MAX - 16])
            descr.partition_start = 0
        self.picture_id = (self.picture_id + 1) % (1 << 15)
        return payloads, vpx.convert_timebase(packet.pts, packet.time_base, vpx.VIDEO_TIME_BASE)

    vpx.Vp8Encoder.pack = pack  # type: ignore[method-assign]


async def node_bot(
    url: str,
    member: str,
    role: str,
    media: dict[str, Any],
    subscribe: bool,
    counter: Counter,
    level: Any = None,
    width: int | None = None,
) -> Any:
    """A member of the node's room (the kit's bot, counting what it receives); returns its closer."""
    from live.media.botkit.bot import Bot
    from live.media.tickets import sign_ticket

    ticket = sign_ticket(SECRET, room="1", member=member, name=member, role=role)
    bot = Bot(url, ticket, open_timeout=20)
    first = await bot.connect(within=30)
    if first is None or first["type"] == "error":
        raise RuntimeError(first["code"] if first else "no welcome")
    if role == "host":
        await bot.send({"type": "open_doors"})
    if width is not None:  # her page shows the speaker's camera this wide
        tile = {"member": "speaker", "source": "camera", "width": width, "height": width * 9 // 16}
        await bot.send({"type": "view", "tiles": [tile], "save_data": False})
    if subscribe:
        await bot.subscribe(count_into=counter, within=30)
    if media:
        await bot.publish(media, audio_level=level, within=30)
    return bot.close


async def relay_bot(url: str, role: str, media: dict[str, Any], counter: Counter) -> Any:
    """A client of the MediaRelay baseline server (its own trivial signaling)."""
    import websockets
    from aiortc import RTCSessionDescription

    from live.media import aiortc_hooks
    from live.media.botkit.bot import new_pc

    ws = await websockets.connect(url, max_size=None, open_timeout=20)
    pc = new_pc()
    if role == "publish":
        for track in media.values():
            pc.addTransceiver(track, direction="sendonly")
        await pc.setLocalDescription(await pc.createOffer())
        await ws.send(json.dumps({"role": "publish", "sdp": pc.localDescription.sdp}))
        answer = json.loads(await ws.recv())
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
    else:
        await ws.send(json.dumps({"role": "subscribe"}))
        offer = json.loads(await ws.recv())
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
        for transceiver in pc.getTransceivers():
            aiortc_hooks.count_only(transceiver.receiver, counter)
        await pc.setLocalDescription(await pc.createAnswer())
        await ws.send(json.dumps({"sdp": pc.localDescription.sdp}))

    async def close() -> None:
        await aiortc_hooks.close_peer_connection(pc)
        await ws.close()

    return close


async def run_bots(scenario: str, port: int, group: int, groups: int) -> None:
    """One bots process: set up its share of the members, say READY, then on GO count what its
    subscribers receive for --seconds and print it as JSON."""
    from live.media import aiortc_hooks

    aiortc_hooks.enable_loopback_candidates(only=True)
    aiortc_hooks.enlarge_udp_buffers()
    camera = encode_video(640, 480, 16, 1_500_000, 30, 150)
    small_camera = encode_video(320, 240, 4, 400_000, 30, 150)
    screen = encode_video(1280, 720, 12, 1_500_000, 15, 75)
    loud = encode_tone(440, 12000)
    quiet = encode_tone(220, 300)
    counter = Counters()
    closers = []
    base = f"ws://127.0.0.1:{port}"

    def video(packets: list[bytes], fps: int = 30) -> Any:
        return packet_track("video", packets, fps, 90000)

    def mic(packets: list[bytes]) -> Any:
        return packet_track("audio", packets, 50, 48000)

    url = f"{base}/rooms/1"
    mine = [i for i in range(19) if i % groups == group]
    if scenario in ("one_to_19", "layered", "copies"):
        if scenario != "one_to_19":
            mark_temporal_layers()
        if group == 0:
            speaker = {"camera": video(camera), "microphone": mic(loud)}
            if scenario == "copies":
                speaker["camera-low"] = video(small_camera)
            closers.append(
                await node_bot(url, "speaker", "host", speaker, False, counter.new(), level=lambda: 10)
            )
        for i in mine:
            width = (960, 320, 160)[i % 3] if scenario != "one_to_19" else None
            closers.append(await node_bot(url, f"p{i}", "participant", {}, True, counter.new(), width=width))
    elif scenario == "workshop":
        if group == 0:
            speaker = {"camera": video(camera), "screen": video(screen, 15), "microphone": mic(loud)}
            closers.append(
                await node_bot(url, "speaker", "host", speaker, False, counter.new(), level=lambda: 10)
            )
        # 3 more cameras; everyone's microphone open. Now and then someone else speaks up.
        start = time.monotonic()
        for i in mine:
            media: dict[str, Any] = {"microphone": mic(quiet)}
            if i < 3:
                media["camera"] = video(small_camera)

            def level(i: int = i) -> int:
                slot = int((time.monotonic() - start) / 2) % 19
                return 25 if slot == i and random.random() < 0.9 else 70 + random.randint(0, 20)

            closers.append(
                await node_bot(url, f"p{i}", "participant", media, True, counter.new(), level=level)
            )
    elif scenario == "relay_1_to_5":
        closers.append(await relay_bot(base, "publish", {"camera": video(camera)}, counter.new()))
        for _ in range(5):
            closers.append(await relay_bot(base, "subscribe", {}, counter.new()))
    print("READY", flush=True)
    loop = asyncio.get_running_loop()
    seconds = float((await loop.run_in_executor(None, sys.stdin.readline)).split()[1])
    r0, b0, t0 = counter.packets, time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    r1, b1, t1 = counter.packets, time.process_time(), time.monotonic()
    print(json.dumps({"received": r1 - r0, "bots_cpu_seconds": b1 - b0, "elapsed": t1 - t0}), flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # STOP
    for close in closers:
        await close()


# -- the MediaRelay baseline server ----------------------------------------------------------------


async def relay_server(port: int) -> None:
    import websockets
    from aiortc import RTCSessionDescription
    from aiortc.contrib.media import MediaRelay  # the baseline only; the node never imports it

    from live.media import aiortc_hooks

    aiortc_hooks.enable_loopback_candidates(only=True)
    aiortc_hooks.enlarge_udp_buffers()
    relay = MediaRelay()
    source: dict[str, Any] = {}
    ready = asyncio.Event()
    pcs = []

    def new_pc() -> Any:
        pc = aiortc_hooks.new_peer_connection([])  # configured as the node's own connections
        pcs.append(pc)
        return pc

    async def handler(ws: Any) -> None:
        message = json.loads(await ws.recv())
        pc = new_pc()
        if message["role"] == "publish":

            @pc.on("track")
            def on_track(track: Any) -> None:
                source["video"] = track
                ready.set()

            await pc.setRemoteDescription(RTCSessionDescription(sdp=message["sdp"], type="offer"))
            await pc.setLocalDescription(await pc.createAnswer())
            await ws.send(json.dumps({"sdp": pc.localDescription.sdp}))
        else:
            await ready.wait()
            pc.addTrack(relay.subscribe(source["video"]))
            await pc.setLocalDescription(await pc.createOffer())
            await ws.send(json.dumps({"sdp": pc.localDescription.sdp}))
            answer = json.loads(await ws.recv())
            await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
        await ws.wait_closed()

    async with websockets.serve(handler, "127.0.0.1", port):
        await asyncio.Event().wait()


# -- orchestration ----------------------------------------------------------------------------------


def node_status(port: int) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=5) as response:
        return dict(json.loads(response.read()))


def checkout(ref: str, into: Path) -> Path:
    """The tree of git ``ref`` (a branch, a tag, a commit) under ``into``: the node to compare with."""
    tree = into / "ref"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run_scenario(
    scenario: str, seconds: float, warmup: float, groups: int, node_root: Path = ROOT
) -> dict[str, Any]:
    """One scenario against the node of ``node_root`` (this tree, or another commit's); the bots
    are always this tree's."""
    from live.media.botkit.ports import free_port, wait_port

    port = free_port()
    env = {
        **os.environ,
        "ENTRAIDE_SECRET_KEY": SECRET,
        "ENTRAIDE_ALLOWED_ORIGINS": "http://127.0.0.1:8000",
        "ENTRAIDE_MEDIA_LOOPBACK_ICE": "only",
        "ENTRAIDE_ATTENDANCE_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    node_env = {**env, "PYTHONPATH": str(node_root)}
    relay = scenario == "relay_1_to_5"
    if relay:
        groups = 1
        cmd = [sys.executable, __file__, "--relay-server", str(port)]
    else:
        cmd = [sys.executable, "-m", "live.media", "--port", str(port)]
    server = subprocess.Popen(
        cmd, cwd=node_root, env=node_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    bots: list[subprocess.Popen[str]] = []
    try:
        wait_port(port)
        for group in range(groups):  # group 0 holds the speaker, who opens the doors
            proc = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--bots",
                    scenario,
                    "--port",
                    str(port),
                    "--group",
                    str(group),
                    "--groups",
                    str(groups),
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            bots.append(proc)
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "READY":
                raise RuntimeError(f"{scenario}: bots group {group} failed to start")
        time.sleep(warmup)
        if not relay:
            # Measure only once the node forwards: subscribers get video from a key frame on (one per
            # 5 s loop), and on a loaded machine the last bots are still connecting after the warm-up.
            # A window that carried nothing made a meaningless CPU ratio.
            deadline = time.monotonic() + 30
            before = node_status(port)["packets_out"]
            while time.monotonic() < deadline:
                time.sleep(1.0)
                now = node_status(port)["packets_out"]
                if now - before > 100:
                    break
                before = now
        s0 = {"packets_in": 0, "packets_out": 0} if relay else node_status(port)
        c0, t0 = cpu_seconds(server.pid), time.monotonic()
        for proc in bots:
            assert proc.stdin is not None
            proc.stdin.write(f"GO {seconds}\n")
            proc.stdin.flush()
        reports = []
        for proc in bots:
            assert proc.stdout is not None
            reports.append(json.loads(proc.stdout.readline()))
        s1 = {"packets_in": 0, "packets_out": 0} if relay else node_status(port)
        c1, t1 = cpu_seconds(server.pid), time.monotonic()
        for proc in bots:
            assert proc.stdin is not None
            proc.stdin.write("STOP\n")
            proc.stdin.flush()
        for proc in bots:
            proc.wait(timeout=60)
    finally:
        for proc in bots:
            if proc.poll() is None:
                proc.kill()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    elapsed = t1 - t0
    out = s1["packets_out"] - s0["packets_out"]
    received = sum(r["received"] for r in reports)
    return {
        "node_cpu_pct_of_core": round(100 * (c1 - c0) / elapsed, 1),
        "packets_in_per_s": round((s1["packets_in"] - s0["packets_in"]) / elapsed),
        "packets_out_per_s": round(out / elapsed) if out else round(received / elapsed),
        "delivered": round(min(1.0, received / out), 4) if out else None,
        "bots_cpu_pct_of_core": round(100 * sum(r["bots_cpu_seconds"] for r in reports) / elapsed, 1),
        "decode": s1.get("decode"),
        "encode": s1.get("encode"),
    }


def carried(result: dict[str, Any]) -> bool:
    """A window in which the node forwarded nothing (a publisher that never connected) says nothing
    of its cost: no ratio is made of it."""
    return bool(result["packets_out_per_s"])


def ratio(new: dict[str, Any], old: dict[str, Any]) -> float:
    return float(new["node_cpu_pct_of_core"]) / max(float(old["node_cpu_pct_of_core"]), 0.1)


def report(name: str, result: dict[str, Any], target: str) -> None:
    delivered = "-" if result["delivered"] is None else f"{100 * result['delivered']:.1f} %"
    print(
        f"{name:13} node CPU {result['node_cpu_pct_of_core']:5.1f} % of a core"
        f"{f' (target {target})' if target else ''}; "
        f"packets in {result['packets_in_per_s']}/s, out {result['packets_out_per_s']}/s, "
        f"delivered {delivered}; decode {result['decode']}, encode {result['encode']} "
        f"(bots {result['bots_cpu_pct_of_core']} %)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="measurement window per scenario")
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds after the last bot joined")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument(
        "--only", choices=("one_to_19", "layered", "copies", "workshop", "relay_1_to_5"), action="append"
    )
    parser.add_argument("--bots", help=argparse.SUPPRESS)
    parser.add_argument("--relay-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--group", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--groups", type=int, default=2, help="bot processes (the bots need CPU too)")
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also run each node scenario on the node of git REF (e.g. main), alternately, and print new/REF",
    )
    args = parser.parse_args()
    if args.relay_server:
        asyncio.run(relay_server(args.relay_server))
        return 0
    if args.bots:
        asyncio.run(run_bots(args.bots, args.port, args.group, args.groups))
        return 0

    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"machine: {os.cpu_count()} cores; node in its own process, bots in {args.groups} others, loopback only"
    )
    targets = {
        "one_to_19": "<= 12 %",
        "layered": "<= one_to_19",
        "copies": "<= layered",
        "workshop": "<= 35 %, 100 % delivered",
        "relay_1_to_5": "baseline",
    }
    results: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="sfu-load-") as tmp:
        ref_root = checkout(args.against, Path(tmp)) if args.against else None
        for scenario in args.only or ("one_to_19", "layered", "copies", "workshop", "relay_1_to_5"):
            if ref_root is not None and scenario not in ("relay_1_to_5", "copies"):
                previous[scenario] = run_scenario(scenario, args.seconds, args.warmup, args.groups, ref_root)
            results[scenario] = run_scenario(scenario, args.seconds, args.warmup, args.groups)
            report(scenario, results[scenario], targets[scenario])
            if scenario in previous:
                report(f"{scenario}@{args.against}", previous[scenario], "")
                if carried(results[scenario]) and carried(previous[scenario]):
                    cost = ratio(results[scenario], previous[scenario])
                    print(f"{scenario:13} node CPU new / {args.against}: {cost:.2f} (target <= 1.1)")
                else:
                    print(f"{scenario:13} no packets forwarded in one of the runs: no ratio, run it again")
    if "one_to_19" in results and "relay_1_to_5" in results:
        relay_cost = ratio(results["relay_1_to_5"], results["one_to_19"])
        print(f"MediaRelay 1 -> 5 costs {relay_cost:.1f} x the forwarding node's 1 -> 19")
    if args.json:
        summary = {
            name: {
                k: v
                for k, v in r.items()
                if k in ("node_cpu_pct_of_core", "delivered", "packets_in_per_s", "packets_out_per_s")
            }
            for name, r in results.items()
        }
        if "relay_1_to_5" in summary:
            summary["relay_1_to_5"] = {
                "node_cpu_pct_of_core": results["relay_1_to_5"]["node_cpu_pct_of_core"]
            }
        for name, r in previous.items():
            summary[name]["node_cpu_pct_of_core_" + str(args.against)] = r["node_cpu_pct_of_core"]
            summary[name]["packets_out_per_s_" + str(args.against)] = r["packets_out_per_s"]
            if carried(results[name]) and carried(r):
                summary[name]["ratio_to_" + str(args.against)] = round(ratio(results[name], r), 2)
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
