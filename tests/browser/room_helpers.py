"""Helpers for the live-room browser tests and bench/join_time.py.

A workshop whose room is open now, made through the app's own models and seat service in the live
server's database (run as a subprocess with the server's environment, so it uses the same
ENTRAIDE_DATABASE_URL), and a few page-side probes (getStats through the page's own connections).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "entraide-demo-2026"

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

INBOUND_STATS = """
async () => {
  const out = { video: [], audio: [] };
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === "closed") continue;
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type === "inbound-rtp") {
        out[r.kind].push({ mid: r.mid, ssrc: r.ssrc, frames: r.framesDecoded || 0, packets: r.packetsReceived || 0 });
      }
    });
  }
  return out;
}
"""


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
    password = hash_password(PASSWORD)
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
                fresh = await session.get(Workshop, workshop_id)
                assert fresh is not None
                outcome = await seats.register(session, fresh, people[key]["id"], now)
                await session.commit()
                people[key]["status"] = outcome.status
    finally:
        await db.engine.dispose()
    return {"workshop": workshop_id, "people": people}


def make_workshop(env: dict[str, str], *, capacity: int = 2, participants: int = 3) -> dict[str, Any]:
    """A workshop open now with a host and ``participants`` registrants (beyond capacity: waitlisted)."""
    tag = f"{int(time.time() * 1000) % 10**9}"
    out = subprocess.run(
        [sys.executable, "-m", "tests.browser.room_helpers", tag, str(capacity), str(participants)],
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


class CuttableProxy:
    """A TCP proxy to the media node's websocket port that a test can cut, like a lost network:
    open connections are reset (the page sees an abnormal close) and new ones fail until restored."""

    def __init__(self, target_port: int) -> None:
        import threading

        self.target_port = target_port
        self.port = 0
        self.down = False
        self.loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise TimeoutError("proxy did not start")

    def _run(self, ready: Any) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self.server = server
        ready.set()
        self.loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers -= {writer, up_writer}

    def cut(self) -> None:
        def _cut() -> None:
            self.down = True
            for writer in list(self._writers):
                writer.transport.abort()  # RST: no close handshake, like a dead network
            self._writers.clear()

        self.loop.call_soon_threadsafe(_cut)

    def restore(self) -> None:
        self.loop.call_soon_threadsafe(setattr, self, "down", False)

    def close(self) -> None:
        async def shutdown() -> None:
            self.server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def through_proxy_script(media_url: str, proxy_port: int) -> str:
    """An init script sending the page's websockets to the media node through the proxy.

    (Rewriting the served page instead would make Chromium treat it as a public document and block
    its loopback connections: Local Network Access.) The context using it needs bypass_csp, since
    the proxy's port is not the node's, which the CSP names."""
    real = media_url.rstrip("/")
    return f"""
(() => {{
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {{
    constructor(url, protocols) {{ super(String(url).replace({real!r}, "ws://127.0.0.1:{proxy_port}"), protocols); }}
  }};
}})();
"""
