"""Real Chromium (Debian's) driven by Playwright against a real server on loopback: fixtures and helpers.

Loaded once as a plugin (tests/conftest.py), so that every browser test, whatever its folder, shares one
Chromium and one live server: two sync Playwright instances cannot live in one process.

These tests run inside a network namespace holding only `lo` (`make test-browser`): the server,
the media node and Chromium all live there, so nothing can leave the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from live.platform_kit import (  # noqa: F401  (the kit's names, for the tests that import them from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    free_port_pair,
    login_as,
    platform_env,
    running_platform,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


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
