"""MOOC benchmark: time to load and render the whole content tree, and requests per second of a lesson
page against a bare Starlette endpoint served the same way, in the same run.

    .venv/bin/python bench/lessons.py [--content content] [--seconds 5] [--connections 16] [--against REF]
        [--json]

"Served the same way": the bare endpoint (a function returning a short HTMLResponse) is added to the same
platform app, in the same uvicorn process, and requested with the same signed-in member's cookie; so both go
through the same middleware (session lookup, CSP, CSRF). The ratio lesson_rps / bare_rps is then the MOOC
engine's own cost per page; target ≥ 0.5. The member views the same lesson again and again and nothing is
committed during a run, so after her first view the page comes from the worker's page cache
(learning/page_cache.py: no query, no rendering; the key, and the page copied with the request's CSP
nonce): 2026-12-07, three runs of --seconds 5 on the shared 2-core machine (load average 3.4-7.5), lesson
0.42-0.47 ms of server CPU per request (median 0.44), bare endpoint 0.27-0.29 ms, ratio 0.62-0.85 (median
0.72). With ENTRAIDE_PAGE_CACHE_S=0 (the servers read the environment) every view makes the page, as a
view after a commit or 3 s after the page was made still does: her progress query, the lesson's questions
from the Coup de pouce and the rendering of pre-rendered lesson HTML into the page, 4.1-5.8 ms of CPU
(median 4.4), ratio 0.048-0.075 (median 0.061), in the same session. For context it also prints a bare
endpoint in a standalone Starlette app (no middleware, no database), which shows what the platform's
per-request baseline costs, and a bare endpoint of the app that reads one row in a read session (what any
page that shows current data pays at least; the lesson reads twice: her progress and the questions).

The site runs as in production (ENTRAIDE_ENV=production, as bench/site_load.py): the test environment turns
on Jinja's auto-reload, which checks every template on disk on each use and understated the lesson page
(the bare endpoint renders none). Cookies stay plain, not __Host-, as the base URL is http.

The load generator is a minimal keep-alive HTTP/1.1 client on raw asyncio streams, so that the client is not
the bottleneck. Each figure also gives the server's CPU time per request (from /proc, every thread of the
server process): on a machine others share, requests per second follow their load, CPU per request much less.

--against REF also serves the platform of git REF (`git archive`, e.g. main) on the same database and
content, and measures its lesson page and bare endpoint first, in the same run: on a machine others share,
compare the two ratios, not figures across runs. With --json the last line also holds "<REF>": {...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def render_all(content: Path) -> tuple[float, int]:
    from courses.loader import load_library

    timings = []
    lessons = 0
    for _ in range(3):
        start = time.perf_counter()
        library = load_library(content)
        timings.append(time.perf_counter() - start)
        lessons = sum(len(c.lessons()) for c in library.courses.values())
    return statistics.median(timings), lessons


async def seed(database_url: str, content: Path) -> tuple[str, str]:
    """A learner enrolled in the first course, with a session; returns (cookie token, lesson path)."""
    from courses import progress
    from courses.loader import load_library
    from learning.auth import open_session
    from learning.db import Database
    from learning.models import Member
    from learning.passwords import hash_password

    library = load_library(content)
    course = next(iter(library.courses.values()))
    lesson = course.lessons()[0]
    db = Database(database_url)
    async with db.session() as session:
        member = Member(
            email="bench@exemple.fr", name="Bench", password_hash=hash_password("x" * 12), project=""
        )
        session.add(member)
        await session.flush()
        token = await open_session(session, member, 1)
        await progress.enrol(session, member.id, course.slug)
        await session.commit()
    await db.dispose()
    return token, lesson.url


async def bare(request: Request) -> Response:
    from starlette.responses import HTMLResponse

    return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")


async def one_read(request: Request) -> Response:
    """The bare endpoint plus one query in a read session: the least a page showing current data costs."""
    from sqlalchemy import text
    from starlette.responses import HTMLResponse

    from learning.state import app_state

    async with app_state(request).db.read_session() as session:
        await session.execute(text("SELECT 1"))
    return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")


def serve(which: str, port: int) -> None:
    import uvicorn
    from starlette.routing import Route

    if which == "bare":
        from starlette.applications import Starlette

        app = Starlette(routes=[Route("/bench/bare", bare)])
    else:
        from learning.app import create_app
        from learning.settings import Settings

        app = create_app(Settings.from_env(), run_background_jobs=False)
        # The bare endpoint inside the platform app: behind the same middleware as the lesson page.
        app.router.routes.insert(0, Route("/bench/bare", bare))
        app.router.routes.insert(0, Route("/bench/one-read", one_read))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


async def _connection(port: int, request: bytes, stop: float, counts: list[int], statuses: set[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses.add(int(head[9:12]))
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            counts[0] += 1
    finally:
        writer.close()


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process (all its threads, so also the database driver's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load(
    port: int, path: str, cookie: str, seconds: float, connections: int, pid: int
) -> tuple[float, set[int], float]:
    """(requests per second, the HTTP statuses seen, the server's CPU milliseconds per request). The CPU per
    request barely moves with what else the machine runs, unlike the requests per second."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        "Accept: text/html\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    counts = [0]
    statuses: set[int] = set()
    # Warm-up: caches, template compilation, first connections.
    await asyncio.gather(
        *(_connection(port, request, time.perf_counter() + 0.5, [0], set()) for _ in range(2))
    )
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    await asyncio.gather(
        *(_connection(port, request, start + seconds, counts, statuses) for _ in range(connections))
    )
    elapsed = time.perf_counter() - start
    return counts[0] / elapsed, statuses, (cpu_seconds(pid) - cpu) * 1000 / max(counts[0], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(ROOT / "content"))
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--against", metavar="REF", help="also measure the platform of git REF, first")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--serve", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0

    content = Path(args.content).resolve()
    render_all_s, lessons = render_all(content)

    from learning.migrate import upgrade
    from live.media.botkit.ports import free_port

    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        upgrade(database_url)
        token, lesson_path = asyncio.run(seed(database_url, content))
        env = dict(
            os.environ,
            ENTRAIDE_ENV="production",
            ENTRAIDE_DATABASE_URL=database_url,
            ENTRAIDE_CONTENT_DIR=str(content),
            ENTRAIDE_SECRET_KEY="bench-secret-key-0123456789",
        )
        # (which server, its source tree): this tree's app and standalone app, and REF's app.
        trees = {"app": ROOT, "bare": ROOT}
        if args.against:
            from join_time import checkout

            trees[args.against] = checkout(args.against, Path(tmp) / "ref")
        ports = {which: free_port() for which in trees}
        children = {
            which: subprocess.Popen(
                [
                    sys.executable,
                    str(tree / "bench" / "lessons.py"),
                    "--serve",
                    "bare" if which == "bare" else "app",
                    "--port",
                    str(ports[which]),
                ],
                env=dict(env, PYTHONPATH=str(tree)),
                cwd=tree,
            )
            for which, tree in trees.items()
        }
        try:
            for port in ports.values():
                wait_for(port)
            # Her session, and the CSRF cookie her browser holds after its first page (else every page would
            # make a new one and set it).
            cookie = f"entraide_session={token}; entraide_csrf=bench-csrf-cookie-0123456789"

            def measure(which: str, path: str, cookie: str = cookie) -> tuple[float, set[int], float]:
                return asyncio.run(
                    load(ports[which], path, cookie, args.seconds, args.connections, children[which].pid)
                )

            reference: dict[str, float] = {}
            if args.against:  # REF first, then this tree, in the same run
                ref_lesson, ref_lesson_status, ref_lesson_cpu = measure(args.against, lesson_path)
                ref_bare, ref_bare_status, ref_bare_cpu = measure(args.against, "/bench/bare")
                if ref_lesson_status != {200} or ref_bare_status != {200}:
                    print(
                        f"{args.against}: HTTP statuses {ref_lesson_status}, {ref_bare_status}",
                        file=sys.stderr,
                    )
                    return 1
                reference = {
                    "lesson_rps": round(ref_lesson, 1),
                    "bare_rps": round(ref_bare, 1),
                    "ratio": round(ref_lesson / ref_bare, 3),
                    "lesson_cpu_ms": round(ref_lesson_cpu, 3),
                    "bare_cpu_ms": round(ref_bare_cpu, 3),
                }
            lesson_rps, lesson_status, lesson_cpu = measure("app", lesson_path)
            bare_rps, bare_status, bare_cpu = measure("app", "/bench/bare")
            # Context, not part of the figure.
            standalone_rps, _, _ = measure("bare", "/bench/bare", "")
            home_rps, _, _ = measure("app", "/")
            one_read_rps, one_read_status, one_read_cpu = measure("app", "/bench/one-read")
        finally:
            for child in children.values():
                child.terminate()
                child.wait(timeout=10)
    if lesson_status != {200} or bare_status != {200} or one_read_status != {200}:
        print(
            f"unexpected HTTP statuses: lesson {lesson_status}, bare {bare_status}, one read {one_read_status}",
            file=sys.stderr,
        )
        return 1
    ratio = lesson_rps / bare_rps
    from learning.settings import Settings

    # The servers read it from the environment, as a site does.
    page_cache_s = float(os.environ.get("ENTRAIDE_PAGE_CACHE_S", Settings.page_cache_s))
    print(f"content: {content} ({lessons} lessons) loaded and rendered in {render_all_s:.3f} s (median of 3)")
    print(f"lesson page {lesson_path}: {lesson_rps:.0f} req/s, {lesson_cpu:.2f} ms of server CPU each")
    print(f"bare endpoint in the same app, same member: {bare_rps:.0f} req/s, {bare_cpu:.2f} ms of CPU each")
    print(
        f"ratio: {ratio:.3f} (target >= 0.5); {args.connections} keep-alive connections, {args.seconds:g} s each, "
        "uvicorn single process"
    )
    print(
        f"context: the shell's home page {home_rps:.0f} req/s; a bare endpoint in a standalone Starlette app "
        f"(no middleware, no database) {standalone_rps:.0f} req/s; the app's bare endpoint with one read "
        f"(SELECT 1 in a read session) {one_read_rps:.0f} req/s, {one_read_cpu:.2f} ms of CPU each, "
        f"ratio {one_read_rps / bare_rps:.3f}"
    )
    if reference:
        print(
            f"{args.against}, same run: lesson page {reference['lesson_rps']:.0f} req/s, bare endpoint "
            f"{reference['bare_rps']:.0f} req/s, ratio {reference['ratio']:.3f}; CPU per request: lesson "
            f"{reference['lesson_cpu_ms']:.2f} ms, bare {reference['bare_cpu_ms']:.2f} ms; "
            f"lesson page new / {args.against}: {lesson_rps / reference['lesson_rps']:.2f}"
        )
    print(f"page cache: ENTRAIDE_PAGE_CACHE_S={page_cache_s:g} (0: off, every view reads and renders)")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print("command: .venv/bin/python bench/lessons.py " + " ".join(sys.argv[1:]))
    if args.json:
        figures: dict[str, object] = {
            "render_all_s": round(render_all_s, 4),
            "lesson_rps": round(lesson_rps, 1),
            "bare_rps": round(bare_rps, 1),
            "ratio": round(ratio, 3),
            "lesson_cpu_ms": round(lesson_cpu, 3),
            "bare_cpu_ms": round(bare_cpu, 3),
            "one_read_rps": round(one_read_rps, 1),
            "one_read_cpu_ms": round(one_read_cpu, 3),
            "one_read_ratio": round(one_read_rps / bare_rps, 3),
            "page_cache_s": page_cache_s,
            "load_average": round(os.getloadavg()[0], 2),
        }
        if reference:
            figures[args.against] = reference
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
