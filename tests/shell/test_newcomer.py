"""The platform as a newcomer runs it: `make run`'s environment and nothing else.

No test secret, no origin list, no attendance URL: PATH, HOME, a temporary database and
ENTRAIDE_ENV=development, on a port other than 8000. A green suite once hid that no live room could be
joined after `make run`, because every fixture set the secret that a newcomer does not have.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.typing import Origin

from live.media.botkit.ports import free_port_pair
from live.platform_kit import ROOT, platform_env, wait_http
from tests.helpers import login

DEMO_PASSWORD = "entraide-demo-2026"
ENTRAIDE = Path(sys.executable).parent / "entraide"


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_closed(port: int, timeout: float) -> float:
    """Seconds until nothing listens on `port` any more (fails after `timeout`)."""
    start = time.monotonic()
    while listening(port):
        assert time.monotonic() - start < timeout, f"port {port} still open after {timeout} s"
        time.sleep(0.05)
    return time.monotonic() - start


@dataclass
class Platform:
    process: subprocess.Popen
    url: str
    media_port: int
    log: Path


@contextlib.contextmanager
def served(tmp: Path, env: dict[str, str], *, demo: bool = True) -> Iterator[Platform]:
    """`make run` by hand: migrate, demo, serve — with the console script `make` installs."""
    assert ENTRAIDE.exists(), f"the console script {ENTRAIDE} is missing: `pip install -e .` first"
    subprocess.run(
        [str(ENTRAIDE), "migrate"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=120
    )
    if demo:
        subprocess.run(
            [str(ENTRAIDE), "demo"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300
        )
    port = free_port_pair()
    log = tmp / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(ENTRAIDE), "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    platform = Platform(process, f"http://127.0.0.1:{port}", port + 1, log)
    try:
        wait_http(f"{platform.url}/readyz", process=process, log=log)
        wait_http(f"http://127.0.0.1:{platform.media_port}/healthz", timeout=60, process=process, log=log)
        yield platform
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of its group: never a stray node


def data_attribute(page: str, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', page)
    assert match, f"no data-{name} on the room page"
    return html.unescape(match.group(1))


async def join(media_url: str, ticket: str, origin: str) -> dict:
    async with websockets.connect(media_url, origin=Origin(origin), open_timeout=10) as ws:
        await ws.send(json.dumps({"type": "join", "v": 1, "ticket": ticket}))
        return json.loads(await asyncio.wait_for(ws.recv(), 10))


async def test_a_newcomer_joins_a_live_room_on_another_port_and_sigterm_stops_the_node(
    tmp_path: Path,
) -> None:
    with served(tmp_path, platform_env(tmp_path)) as platform:
        assert (
            f"Entraide : {platform.url} (nœud média sur le port {platform.media_port})"
            in platform.log.read_text()
        )
        async with httpx.AsyncClient(base_url=platform.url, timeout=20) as client:
            await login(client, "amina@entraide.test", DEMO_PASSWORD)
            listing = html.unescape((await client.get("/ateliers")).text)
            workshop = re.search(r'href="/ateliers/(\d+)">Café des entrepreneuses', listing)
            assert workshop, "the demo's open workshop is not on /ateliers"
            room = (await client.get(f"/ateliers/{workshop.group(1)}/rejoindre")).text
            media_url = data_attribute(room, "media-url")
            assert media_url == f"ws://127.0.0.1:{platform.media_port}/rooms/{workshop.group(1)}"

            welcome = await join(media_url, data_attribute(room, "ticket"), origin=platform.url)
            assert welcome["type"] == "welcome", welcome
            assert welcome["you"]["role"] == "participant"

            # The same page opened as http://localhost:<port> joins too (development only)...
            fresh = await client.post(
                f"/ateliers/{workshop.group(1)}/ticket",
                headers={"X-CSRF-Token": data_attribute(room, "csrf-token")},
            )
            assert fresh.status_code == 200, fresh.text
            localhost = platform.url.replace("127.0.0.1", "localhost")
            assert (await join(media_url, fresh.json()["ticket"], origin=localhost))["type"] == "welcome"
            # ... and a page of another site does not even get the handshake.
            with pytest.raises(websockets.InvalidStatus) as refused:
                await join(media_url, fresh.json()["ticket"], origin="http://evil.example")
            assert refused.value.response.status_code == 403

        platform.process.send_signal(signal.SIGTERM)  # what systemd or a container runtime sends
        assert wait_closed(platform.media_port, timeout=5.0) < 5.0
        assert platform.process.wait(timeout=10) == 0
    # No test secret was given: the development one was made once, outside git, and is no public constant.
    secret = (ROOT / "var" / "secret-key").read_text().strip()
    assert len(secret) >= 32
    assert secret not in (ROOT / "learning" / "settings.py").read_text()
    assert "var/" in (ROOT / ".gitignore").read_text().split()


async def test_a_node_whose_site_died_stops_by_itself(tmp_path: Path) -> None:
    with served(tmp_path, platform_env(tmp_path), demo=False) as platform:
        os.kill(platform.process.pid, signal.SIGKILL)  # no chance to stop its child
        platform.process.wait()
        assert wait_closed(platform.media_port, timeout=5.0) < 5.0


def test_without_development_a_missing_secret_refuses_to_start(tmp_path: Path) -> None:
    env = platform_env(tmp_path)
    del env["ENTRAIDE_ENV"]  # unset means production, not development
    port = free_port_pair()
    result = subprocess.run(
        [str(ENTRAIDE), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "ENTRAIDE_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not listening(port) and not listening(port + 1)


async def test_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path: Path) -> None:
    """Behind no proxy, a client cannot choose its address with X-Forwarded-For: the login limit per
    address still holds however the header varies; from a trusted proxy, each forwarded address counts."""

    attempts = 31  # one more than the login limit per address (30 a minute), each at another account

    async def throttled(platform: Platform) -> int:
        async with httpx.AsyncClient(base_url=platform.url, timeout=20) as client:
            statuses = []
            for n in range(attempts):
                page = await client.get("/connexion")
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
                assert token
                response = await client.post(
                    "/connexion",
                    headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
                    data={
                        "csrf_token": token.group(1),
                        "email": f"inconnue{n}@exemple.fr",
                        "password": "pas le bon mot de passe",
                    },
                )
                statuses.append(response.status_code)
            return statuses.count(429)

    with served(tmp_path, platform_env(tmp_path), demo=False) as platform:
        assert await throttled(platform) >= 1
    with served(
        tmp_path, platform_env(tmp_path, ENTRAIDE_TRUSTED_PROXIES="127.0.0.1"), demo=False
    ) as platform:
        assert await throttled(platform) == 0
