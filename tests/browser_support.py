"""Real Chromium (Debian's) driven by Playwright against a real server on loopback: fixtures and helpers.

Loaded once as a plugin (tests/conftest.py), so that every browser test, whatever its folder, shares one
Chromium and one live server: two sync Playwright instances cannot live in one process.

These tests run inside a network namespace holding only `lo` (`make test-browser`): the server,
the media node and Chromium all live there, so nothing can leave the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from learning.settings import development_secret
from live.media.botkit.ports import free_port_pair

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
def running_platform(tmp: Path, *, demo: bool = True, **extra_env: str) -> Iterator[LiveServer]:
    """`entraide migrate`, `entraide demo`, then `entraide serve --port P` (the site, and its media node child on
    P + 1), as `make run` does and with its environment, on SQLite in `tmp`; stopped like a terminal's Ctrl-C."""
    port = free_port_pair()
    env = platform_env(tmp, **extra_env)
    entraide = [sys.executable, "-m", "learning.cli"]
    subprocess.run([*entraide, "migrate"], env=env, check=True, cwd=ROOT, capture_output=True)
    if demo:
        subprocess.run([*entraide, "demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [*entraide, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", process=server, log=tmp / "server.log")
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The platform served by `entraide serve` on SQLite, with the demo data loaded."""
    with running_platform(tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(chromium: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    p = context.new_page()
    yield p
    context.close()


def login_as(page: Page, email: str, password: str = "entraide-demo-2026") -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Runs axe-core in the page; returns the violations at the given impact levels."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a script tag would be blocked).
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
