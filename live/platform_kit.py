"""The whole platform as `make run` serves it, driven by Chromium: for the browser tests and the benchmarks.

`running_platform` runs `entraide migrate`, `entraide demo` and `entraide serve` as subprocesses with
`make run`'s environment and nothing else; `make_workshop` opens a room in that platform's database;
`login_as` signs in through the real login form. Test tooling, never imported by the site or the node;
Playwright is only needed by the caller that drives a page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from learning.settings import development_secret
from live.media.botkit.ports import free_port_pair

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "entraide-demo-2026"
CHROMIUM = os.environ.get("ENTRAIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-fake-device-for-media-stream=fps=30",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--allow-loopback-in-peer-connection",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]

# Records every RTCPeerConnection the page creates, so that tests can read getStats() like a
# developer would in chrome://webrtc-internals, without the app exposing anything for tests.
RECORD_PEER_CONNECTIONS = """
(() => {
  const Native = window.RTCPeerConnection;
  if (!Native || window.__pcs) return;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
  // First remote video frame decoded, for bench/join_time.py (polls the stats, ~20 ms resolution).
  window.__firstFrameAt = null;
  const poll = async () => {
    if (window.__firstFrameAt === null && window.__entraideJoinClickedAt !== undefined) {
      for (const pc of window.__pcs) {
        if (pc.connectionState === "closed") continue;
        const stats = await pc.getStats();
        stats.forEach((r) => {
          if (r.type === "inbound-rtp" && r.kind === "video" && r.framesDecoded > 0 && window.__firstFrameAt === null) {
            window.__firstFrameAt = performance.now();
          }
        });
      }
    }
    setTimeout(poll, 20);
  };
  poll();
})();
"""


def wait_http(
    url: str, timeout: float = 30.0, *, process: subprocess.Popen | None = None, log: Path | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text()[-3000:] if log else ""
            raise RuntimeError(
                f"the server stopped (exit code {process.returncode}) before {url} answered:\n{tail}"
            )
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@dataclass
class LiveServer:
    url: str
    media_url: str
    env: dict[str, str]
    tmp: Path

    @property
    def secret(self) -> str:
        """The secret `entraide serve` made for itself (development): for tests that sign tickets as the site."""
        return development_secret(ROOT / "var")


def platform_env(tmp: Path, **extra: str) -> dict[str, str]:
    """What `make run` gives `entraide serve`, and nothing else: PATH, HOME, development, a database."""
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "ENTRAIDE_ENV": "development",
        "ENTRAIDE_DATABASE_URL": f"sqlite:///{tmp / 'entraide.db'}",
        **extra,
    }


@contextlib.contextmanager
def running_platform(
    tmp: Path, *, demo: bool = True, root: Path = ROOT, **extra_env: str
) -> Iterator[LiveServer]:
    """`entraide migrate`, `entraide demo`, then `entraide serve --port P` (the site, and its media node child on
    P + 1), as `make run` does and with its environment, on SQLite in `tmp`; stopped like a terminal's Ctrl-C.
    ``root``: the source tree to run (benchmarks compare with another commit's tree, `git archive`d)."""
    port = free_port_pair()
    env = platform_env(tmp, **extra_env)
    entraide = [sys.executable, "-m", "learning.cli"]
    subprocess.run([*entraide, "migrate"], env=env, check=True, cwd=root, capture_output=True)
    if demo:
        subprocess.run([*entraide, "demo"], env=env, check=True, cwd=root, capture_output=True)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [*entraide, "serve", "--port", str(port)],
        env=env,
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, process=server, log=tmp / "server.log")
        wait_http(f"http://127.0.0.1:{port + 1}/healthz", timeout=60, process=server, log=tmp / "server.log")
        yield LiveServer(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port + 1}", env, tmp)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def login_as(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


async def _make(tag: str, capacity: int, participants: int) -> dict[str, Any]:
    from learning.db import Database, utcnow
    from learning.models import Member
    from learning.passwords import hash_password
    from learning.settings import Settings
    from live import seats
    from live.models import Workshop

    db = Database(Settings.from_env().database_url)
    now = utcnow()
    people: dict[str, dict[str, Any]] = {}
    names = {
        "host": "Claire Intervenante",
        "p1": "Awa Participante",
        "p2": "Inès Participante",
        "p3": "Lou Participante",
        "p4": "Zoé Participante",
    }
    password = hash_password(DEMO_PASSWORD)
    try:
        async with db.session() as session:
            keys = ["host"] + [f"p{i}" for i in range(1, participants + 1)]
            for key in keys:
                email = f"{key}-{tag}@salle.test"
                member = Member(email=email, name=names.get(key, key), password_hash=password, project="")
                session.add(member)
                await session.flush()
                people[key] = {"id": member.id, "email": email, "name": member.name}
            # Starts in 5 minutes: the room is open (it opens 15 minutes before) whatever the clock.
            workshop = Workshop(
                title=f"Atelier de test {tag}",
                theme="numerique",
                description="Test.",
                starts_at=now + timedelta(minutes=5),
                duration_min=60,
                capacity=capacity,
                host_id=people["host"]["id"],
                status="published",
                created_at=now,
                updated_at=now,
            )
            session.add(workshop)
            await session.commit()
            workshop_id = workshop.id
        for key in keys[1:]:
            async with db.session() as session:
                stored = await session.get(Workshop, workshop_id)
                assert stored is not None
                outcome = await seats.register(session, stored, people[key]["id"], now)
                await session.commit()
                people[key]["status"] = outcome.status
    finally:
        await db.engine.dispose()
    return {"workshop": workshop_id, "people": people}


def make_workshop(env: dict[str, str], *, capacity: int = 2, participants: int = 3) -> dict[str, Any]:
    """A workshop open now with a host and ``participants`` registrants (beyond capacity: waitlisted)."""
    tag = f"{int(time.time() * 1000) % 10**9}"
    out = subprocess.run(
        [sys.executable, "-m", "live.platform_kit", tag, str(capacity), str(participants)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_make(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))))
