"""Several web workers: `entraide serve --workers 2` on PostgreSQL and Redis shares its rate limits and its
measures between the workers, and its background jobs send each e-mail once; the outbox alone, with two
deliverers at once, on both databases."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psutil
import pytest
import redis

from learning.db import Database
from learning.outbox import deliver_pending, queue_email
from tests.browser_support import ROOT, free_port_pair, wait_http
from tests.conftest import TEST_SECRET
from tests.helpers import PASSWORD, create_member

REDIS_URL = "redis://127.0.0.1:6379/7"  # not db 0: the machine's Redis is shared


async def _queue(db: Database, count: int) -> None:
    async with db.session() as session:
        for n in range(count):
            queue_email(session, to=f"membre{n}@exemple.fr", subject=f"Message {n}", body="Bonjour")
        await session.commit()


async def test_two_deliverers_at_once_send_each_email_once(db, settings, capsys):
    await _queue(db, 30)
    other = Database(settings.database_url)  # another process's connections
    try:
        sent = await asyncio.gather(
            *(
                deliver_pending(
                    d, smtp_url=None, sender="x@exemple.fr", secret_key=TEST_SECRET, base_origin=""
                )
                for d in (db, other, db, other)
            )
        )
    finally:
        await other.dispose()
    assert sum(sent) == 30
    printed = re.findall(r"--- e-mail \(outbox #(\d+)\) ---", capsys.readouterr().out)
    assert sorted(printed, key=int) == [str(n) for n in range(1, 31)]


def _metric(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_workers_on_postgresql_and_redis(database_url, db, tmp_path: Path):
    email = f"lea-{uuid.uuid4().hex[:6]}@exemple.fr"
    await create_member(db, email)
    await _queue(db, 20)
    log = await asyncio.to_thread(_serve_two_workers_and_drive, database_url, email, tmp_path)
    printed = re.findall(r"--- e-mail \(outbox #(\d+)\) ---", log)
    assert sorted(printed, key=int) == [str(n) for n in range(1, 21)]


def _serve_two_workers_and_drive(database_url: str, email: str, tmp_path: Path) -> str:
    """Runs `entraide serve --workers 2`, checks what must hold across workers; returns the servers' output."""
    prefix = f"test-workers-{uuid.uuid4().hex[:8]}:"
    port = free_port_pair()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "ENTRAIDE_ENV": "test",
        "ENTRAIDE_SECRET_KEY": TEST_SECRET,
        "ENTRAIDE_DATABASE_URL": database_url,
        "ENTRAIDE_REDIS_URL": REDIS_URL,
        "ENTRAIDE_REDIS_PREFIX": prefix,
        "ENTRAIDE_START_MEDIA_NODE": "0",
    }
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "learning.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_http(f"{base}/readyz", timeout=90, process=server, log=log)
            workers = [
                p
                for p in psutil.Process(server.pid).children(recursive=True)
                if "learning.workers" in " ".join(p.cmdline())
            ]
            assert len(workers) == 2
            # Keep-alive connections opened at once (nginx's to its upstream, a burst of visitors) land on both
            # workers: each has its own listening socket (learning/workers.py). With one shared socket, the
            # worker that woke first accepted every connection waiting, and two workers served no more than one.
            held = [
                socket.create_connection(("127.0.0.1", port)) for _ in range(16)
            ]  # all queued, then accepted
            try:
                for keep_alive in held:
                    keep_alive.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    assert keep_alive.recv(4096).startswith(b"HTTP/1.1 200")
                per_worker = [
                    len([c for c in w.net_connections("tcp") if c.laddr.port == port and c.raddr])
                    for w in workers
                ]
                assert sum(per_worker) == 16 and min(per_worker) > 0, per_worker
            finally:
                for keep_alive in held:
                    keep_alive.close()

            # Each request on a new connection: the kernel hands them to either worker.
            for _ in range(30):
                with httpx.Client() as fresh:
                    assert fresh.get(f"{base}/connexion").status_code == 200
            # Wrong passwords on either worker: the sixth is refused (5/minute per address and account).
            statuses = []
            for _ in range(6):
                with httpx.Client(base_url=base) as fresh:
                    page = fresh.get("/connexion")
                    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                    assert found is not None
                    answer = fresh.post(
                        "/connexion",
                        data={"csrf_token": found.group(1), "email": email, "password": PASSWORD + "x"},
                    )
                    statuses.append(answer.status_code)
            assert statuses[:5] == [400] * 5 and statuses[5] == 429, statuses

            time.sleep(6)  # every worker adds its counts to Redis every 5 s
            scraped = httpx.get(f"{base}/metrics").text
            requests = 'entraide_http_requests_total{route="/connexion",method="GET",status="200"}'
            assert _metric(scraped, requests) == 36
            # The outbox job ran in both workers, and every e-mail went out once (checked in the output).
            assert _metric(scraped, 'entraide_job_runs_total{job="outbox",outcome="ok"}') >= 2
            assert _metric(scraped, "entraide_outbox_pending") == 0
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            client = redis.Redis.from_url(REDIS_URL)
            for key in [*client.scan_iter(f"{prefix}*"), *client.scan_iter(f"*{email}*")]:
                client.delete(key)
            client.close()
    return log.read_text()
