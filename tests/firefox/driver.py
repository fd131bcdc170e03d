"""Debian's Firefox ESR, headless with fake devices, driven through Marionette (Playwright's Firefox is a patched
build that cannot be had offline, and Debian has no geckodriver)."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Importing marionette-driver touches deprecated modules (distro's linux_distribution, telnetlib), which the
# test run turns into errors; they are its own business.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from marionette_driver.by import By
    from marionette_driver.marionette import Marionette

FIREFOX = shutil.which("firefox-esr") or "/usr/bin/firefox-esr"

# Fake camera and microphone without a prompt; host candidates on every interface, loopback included and not
# hidden behind mDNS names (aiortc cannot resolve them); autoplay allowed; no first-run or update traffic.
PREFS: dict[str, Any] = {
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    "media.peerconnection.ice.loopback": True,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "media.peerconnection.ice.default_address_only": False,
    "media.autoplay.default": 0,
    "media.autoplay.block-webaudio": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "intl.accept_languages": "fr-FR, fr",
}

# Uncaught errors and the page's peer connections, for the assertions (page globals: sandbox=None).
PAGE_PROBES = """
(() => {
  if (window.__probed) return;
  window.__probed = true;
  window.__errors = [];
  window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
  window.addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})();
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Firefox stopped (exit code {process.returncode}) before Marionette listened")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"Marionette did not listen on port {port} within {within} s")


class Firefox:
    def __init__(self, client: Marionette, base_url: str = "") -> None:
        self.client = client
        self.base_url = base_url

    @classmethod
    @contextlib.contextmanager
    def launched(cls, profile: Path) -> Iterator[Firefox]:
        port = _free_port()
        prefs = {**PREFS, "marionette.port": port}
        (profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())
        )
        log = (profile / "firefox.log").open("w")
        process = subprocess.Popen(
            [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        client = Marionette(host="127.0.0.1", port=port, startup_timeout=60)
        try:
            # Marionette's own wait leaks a socket per refused attempt (ResourceWarning, an error in this run).
            _wait_for_port(port, process, within=60)
            client.start_session()
            client.timeout.page_load = 30
            yield cls(client)
        finally:
            with contextlib.suppress(Exception):
                client.delete_session()
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()

    def goto(self, path: str) -> None:
        self.client.navigate(self.base_url + path)
        self.js(PAGE_PROBES)

    def js(self, expression: str) -> Any:
        """Runs in the page itself, where the room's globals live."""
        return self.client.execute_script(expression, sandbox=None)

    def value(self, expression: str) -> Any:
        return self.js(f"return ({expression});")

    def wait(self, expression: str, within: float = 20.0) -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            found = self.value(expression)
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"Firefox: not true within {within} s: {expression}")

    def click(self, css: str) -> None:
        self.client.find_element(By.CSS_SELECTOR, css).click()

    def fill(self, css: str, text: str) -> None:
        element = self.client.find_element(By.CSS_SELECTOR, css)
        element.clear()
        element.send_keys(text)

    def text(self, css: str) -> str:
        return str(self.client.find_element(By.CSS_SELECTOR, css).text)

    def login(self, email: str, password: str) -> None:
        self.goto("/connexion")
        self.fill("input[name=email]", email)
        self.fill("input[name=password]", password)
        self.click("form button[type=submit]")
        self.wait("!location.pathname.startsWith('/connexion')")

    def errors(self) -> list[str]:
        return list(self.value("window.__errors || []"))
