"""Site load: throughput and latency of a mix of signed-in pages at 1, 2 and 4 web workers on PostgreSQL.

    .venv/bin/python bench/site_load.py [--workers 1,2,4] [--seconds 10] [--connections 16] [--rate 0] [--json]

One temporary PostgreSQL database (created on the server of --pg-url, dropped at the end) gets the
migrations, the geography and the demo data (`entraide migrate`, `entraide geo load`, `entraide demo`), and
a session for each demo member. Then, for each worker count, `entraide serve --workers N` runs (no media
node; its background jobs on, as in production) and a load generator — a separate process, a minimal
keep-alive HTTP/1.1 client on asyncio streams — requests the mix below with the members' cookies, round
robin: the calendar, a workshop list, a MOOC lesson, the board's list, a board search, a board post.

Closed loop by default (each of --connections sends its next request when the previous answer is in: the
throughput the workers reach); with --rate R, open loop at R requests per second in total (latency counted
from when each request was due, so a queue that builds up shows). Reported per worker count: requests per
second, p50 and p95 latency, errors (any status but 200, or a broken connection), the CPU seconds used by
the server processes and by the generator; and the scaling factor (2 workers over 1) of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SECRET = "bench-secret-key-0123456789abcdef"


# -- the load generator (its own process) ---------------------------------------------------------------


async def _connection(
    port: int,
    requests: list[bytes],
    offset: int,
    stop: float,
    interval: float,
    latencies: list[float],
    errors: list[int],
    phase: float = 0.0,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = offset
    due = time.perf_counter() + phase
    try:
        while True:
            if interval:
                due += interval
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            else:
                due = time.perf_counter()
            if due >= stop:
                return
            writer.write(requests[index % len(requests)])
            index += 1
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - due)
            if head[9:12] != b"200":
                errors.append(int(head[9:12]))
    except (OSError, asyncio.IncompleteReadError):
        errors.append(0)
    finally:
        writer.close()


async def _generate(port: int, plan: dict, seconds: float, connections: int, rate: float) -> dict:
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: entraide_session={cookie}\r\n"
            "Accept: text/html\r\nConnection: keep-alive\r\n\r\n"
        ).encode()
        for cookie in plan["cookies"]
        for path in plan["paths"]
    ]
    interval = connections / rate if rate else 0.0
    # Warm-up: connections, template compilation, caches.
    warm_stop = time.perf_counter() + 1.0
    await asyncio.gather(*(_connection(port, requests, i, warm_stop, 0.0, [], []) for i in range(4)))
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    # In open loop the connections take turns (connection i sends at i/connections of each interval), so
    # that requests arrive spread over time as members' do, not all 16 in the same millisecond.
    await asyncio.gather(
        *(
            _connection(
                port,
                requests,
                i * 7,
                start + seconds,
                interval,
                latencies,
                errors,
                i * interval / connections,
            )
            for i in range(connections)
        )
    )
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "generator_cpu_s": usage.ru_utime + usage.ru_stime,
        "seconds": elapsed,
    }


# -- setup: database, demo data, sessions ----------------------------------------------------------------


def _admin(pg_url: str, sql: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(pg_url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


async def _plan(database_url: str) -> dict:
    """Sessions for the demo members, and the pages to request (found in the demo data)."""
    from sqlalchemy import select

    from courses import progress
    from courses.loader import load_library
    from learning.auth import open_session
    from learning.board.models import Post
    from learning.db import Database
    from learning.models import Member

    db = Database(database_url)
    try:
        async with db.session() as session:
            members = list(await session.scalars(select(Member).order_by(Member.id)))
            cookies = [await open_session(session, m, 1) for m in members]
            post_id = await session.scalar(
                select(Post.id).where(Post.scope == "reseau", Post.hidden.is_(False)).order_by(Post.id)
            )
            library = load_library(ROOT / "content")
            course = next(iter(library.courses.values()))
            for member in members:
                await progress.enrol(session, member.id, course.slug)
            await session.commit()
    finally:
        await db.dispose()
    lesson = course.lessons()[1].url
    paths = [
        "/ateliers?vue=calendrier",
        "/ateliers",
        lesson,
        "/coup-de-pouce",
        "/coup-de-pouce?q=banque",
        f"/coup-de-pouce/{post_id}",
    ]
    return {"cookies": cookies, "paths": paths}


def _cpu_of_tree(pid: int) -> float:
    import psutil

    try:
        root = psutil.Process(pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def _connections_per_worker(pid: int, port: int) -> list[int]:
    """How the generator's keep-alive connections were spread over the workers, busiest first (each worker
    listens with its own socket, learning/workers.py, for the kernel to spread them evenly)."""
    import psutil

    counts = []
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            held = [c for c in process.net_connections("tcp") if c.laddr and c.laddr.port == port and c.raddr]
        except psutil.Error:
            continue
        if held:
            counts.append(len(held))
    return sorted(counts, reverse=True)


def _wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"entraide serve stopped (exit code {server.returncode})")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError("entraide serve did not answer")


def _keep_members_who_see_every_page(port: int, plan_file: Path) -> None:
    """Demo members for whom one page is not a 200 (a member outside a post's audience…) are left out, so
    that an error in the figures is an error of the site."""
    import httpx

    plan = json.loads(plan_file.read_text())
    kept = []
    for cookie in plan["cookies"]:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", cookies={"entraide_session": cookie}) as c:
            statuses = {path: c.get(path, timeout=60).status_code for path in plan["paths"]}
        if set(statuses.values()) == {200}:
            kept.append(cookie)
        else:
            print(f"a demo member left out: {statuses}", file=sys.stderr)
    if not kept:
        raise RuntimeError("no demo member sees every page of the mix")
    plan["cookies"] = kept
    plan_file.write_text(json.dumps(plan))


def _run_one(
    env: dict[str, str], workers: int, plan_file: Path, args: argparse.Namespace, *, validate: bool
) -> dict:
    from live.media.botkit.ports import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "learning.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_ready(port, server)
        time.sleep(1.0)  # every worker up (readyz answered from one of them)
        if validate:
            _keep_members_who_see_every_page(port, plan_file)
        cpu_before = _cpu_of_tree(server.pid)
        generator = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--generate",
                str(port),
                "--plan",
                str(plan_file),
                "--seconds",
                str(args.seconds),
                "--connections",
                str(args.connections),
                "--rate",
                str(args.rate),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        time.sleep(min(2.0, args.seconds / 2) + 1.0)  # its warm-up second, then into the measured run
        spread = _connections_per_worker(server.pid, port)
        out, _ = generator.communicate()
        if generator.returncode:
            raise RuntimeError(f"the load generator failed (exit code {generator.returncode})")
        result = json.loads(out.strip().splitlines()[-1])
        result["connections_per_worker"] = spread
        result["server_cpu_s"] = _cpu_of_tree(server.pid) - cpu_before
        result["workers"] = workers
        return result
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rate", type=float, default=0.0, help="requests per second in total (0: closed loop)"
    )
    parser.add_argument("--pg-url", default=os.environ.get("ENTRAIDE_TEST_PG_URL", DEFAULT_PG))
    parser.add_argument("--redis-url", default="", help="ENTRAIDE_REDIS_URL for the workers (optional)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        plan = json.loads(Path(args.plan).read_text())
        print(
            json.dumps(asyncio.run(_generate(args.generate, plan, args.seconds, args.connections, args.rate)))
        )
        return 0

    name = f"entraide_bench_{uuid.uuid4().hex[:8]}"
    database_url = re.sub(r"/[^/]*$", f"/{name}", args.pg_url)
    _admin(args.pg_url, f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            home.mkdir()
            env = {
                "PATH": os.environ["PATH"],
                "HOME": str(home),
                "ENTRAIDE_ENV": "production",
                "ENTRAIDE_SECRET_KEY": SECRET,
                "ENTRAIDE_DATABASE_URL": database_url,
                "ENTRAIDE_START_MEDIA_NODE": "0",
                "ENTRAIDE_CONTENT_DIR": str(ROOT / "content"),
            }
            if args.redis_url:
                env["ENTRAIDE_REDIS_URL"] = args.redis_url
                env["ENTRAIDE_REDIS_PREFIX"] = f"{name}:"
            for command in (["migrate"], ["geo", "load"], ["demo"]):
                subprocess.run(
                    [sys.executable, "-m", "learning.cli", *command],
                    env=env,
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
            plan_file = Path(tmp) / "plan.json"
            plan_file.write_text(json.dumps(asyncio.run(_plan(database_url))))
            runs = [
                _run_one(env, int(n), plan_file, args, validate=i == 0)
                for i, n in enumerate(args.workers.split(","))
            ]
            members = len(json.loads(plan_file.read_text())["cookies"])
    finally:
        _admin(args.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    by_workers = {r["workers"]: r for r in runs}
    mode = (
        f"open loop at {args.rate:g} req/s" if args.rate else f"closed loop, {args.connections} connections"
    )
    print(f"site load on PostgreSQL, {args.seconds:g} s per run, {mode}, pages: calendar, workshops, lesson,")
    print(
        f"board list, board search, board post; {members} signed-in demo members, round robin; no media node"
    )
    for r in runs:
        print(
            f"  {r['workers']} worker(s): {r['rps']:.0f} req/s, p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms,"
            f" errors {r['errors']}{' ' + str(r['error_statuses']) if r['errors'] else ''};"
            f" CPU: server {r['server_cpu_s']:.1f} s, generator {r['generator_cpu_s']:.1f} s;"
            f" connections per worker {r['connections_per_worker']}"
        )
    scaling = by_workers[2]["rps"] / by_workers[1]["rps"] if 1 in by_workers and 2 in by_workers else None
    if scaling is not None:
        print(f"scaling, 2 workers over 1: {scaling:.2f}x")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    print("command: .venv/bin/python bench/site_load.py " + " ".join(sys.argv[1:]))
    if args.json:
        main_run = by_workers.get(2, runs[0])
        print(
            json.dumps(
                {
                    "rps": round(main_run["rps"], 1),
                    "p95_ms": round(main_run["p95_ms"], 1),
                    "errors": sum(r["errors"] for r in runs),
                    "workers": main_run["workers"],
                    "scaling_2_over_1": None if scaling is None else round(scaling, 2),
                    "runs": {
                        str(r["workers"]): {
                            k: round(v, 2) if isinstance(v, float) else v
                            for k, v in r.items()
                            if k != "workers"
                        }
                        for r in runs
                    },
                    "load_average": round(os.getloadavg()[0], 1),
                }
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
