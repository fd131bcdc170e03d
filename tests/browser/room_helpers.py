"""Helpers for the live-room browser tests: page-side probes (getStats through the page's own connections)
and a cuttable proxy. A workshop whose room is open now comes from the platform kit (live.platform_kit),
which bench/join_time.py uses too.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from live.platform_kit import DEMO_PASSWORD as PASSWORD
from live.platform_kit import RECORD_PEER_CONNECTIONS, make_workshop
from tests.browser_support import LiveServer

__all__ = [
    "INBOUND_STATS",
    "PASSWORD",
    "RECORD_PEER_CONNECTIONS",
    "CuttableProxy",
    "make_workshop",
    "room_context",
    "through_proxy_script",
]


def room_context(
    browser: Browser, live_server: LiveServer, wait_ms: int, *, bypass_csp: bool = False, init: str = ""
) -> tuple[BrowserContext, Page]:
    """A desktop-sized browser context that may use the camera and microphone and records the page's peer
    connections (for INBOUND_STATS), and its page."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 1280, "height": 800},
        permissions=["camera", "microphone"],
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(wait_ms)
    context.add_init_script(RECORD_PEER_CONNECTIONS + init)
    return context, context.new_page()


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


class CuttableProxy:
    """A TCP proxy to the media node's websocket port that a test can cut, like a lost network:
    open connections are reset (the page sees an abnormal close) and new ones fail until restored."""

    def __init__(self, target_port: int) -> None:
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
        """Cut, and return once it is done."""
        done = threading.Event()

        def _cut() -> None:
            self.down = True
            for writer in list(self._writers):
                writer.transport.abort()  # RST: no close handshake, like a dead network
            self._writers.clear()
            done.set()

        self.loop.call_soon_threadsafe(_cut)
        done.wait(5)

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


# With ``context.expose_function("__cutNetwork", proxy.cut)``: her network goes down as her page sends
# its first offer to publish, before the offer leaves; the page still waits for its answer.
CUT_AS_SHE_PUBLISHES = """
(() => {
  const Native = window.WebSocket;
  let cut = false;
  window.WebSocket = class extends Native {
    send(data) {
      if (!cut && String(data).includes('"type":"publish"')) {
        cut = true;
        window.__cutNetwork().then(() => super.send(data));
        return;
      }
      super.send(data);
    }
  };
})();
"""


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
