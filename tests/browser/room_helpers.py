"""Helpers for the live-room browser tests and bench/join_time.py.

A workshop whose room is open now, made through the app's own models and seat service in the live
server's database (run as a subprocess with the server's environment, so it uses the same
ENTRAIDE_DATABASE_URL), and a few page-side probes (getStats through the page's own connections).
"""

from __future__ import annotations

import asyncio
import json
import os
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
    from live import seats
    from live.models import Workshop

    db = Database(os.environ["ENTRAIDE_DATABASE_URL"])
    now = utcnow()
    people: dict[str, dict[str, Any]] = {}
    names = {"host": "Claire Intervenante", "p1": "Awa Participante", "p2": "Inès Participante",
             "p3": "Lou Participante", "p4": "Zoé Participante"}
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
            workshop = Workshop(title=f"Atelier de test {tag}", theme="numerique", description="Test.",
                                starts_at=now + timedelta(minutes=5), duration_min=60, capacity=capacity,
                                host_id=people["host"]["id"], status="published", created_at=now, updated_at=now)
            session.add(workshop)
            await session.commit()
            workshop_id = workshop.id
        for key in keys[1:]:
            async with db.session() as session:
                workshop = await session.get(Workshop, workshop_id)
                assert workshop is not None
                outcome = await seats.register(session, workshop, people[key]["id"], now)
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
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_make(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))))
