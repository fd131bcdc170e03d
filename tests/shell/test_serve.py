"""`entraide serve`, as `make run` calls it: the site answers, its media node child answers, and Ctrl-C
stops both (no node left behind holding the port)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.browser_support import ROOT, free_port, platform_env, wait_http


def test_serve_starts_the_site_and_its_media_node_and_ctrl_c_stops_both(tmp_path: Path):
    port, media_port = free_port(), free_port()
    env = platform_env(tmp_path, port, media_port)
    entraide = [sys.executable, "-m", "learning.cli"]
    subprocess.run([*entraide, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([*entraide, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_http(f"http://127.0.0.1:{port}/readyz", process=server, log=log)
            wait_http(f"http://127.0.0.1:{media_port}/healthz", process=server, log=log)
            assert '<html lang="fr">' in httpx.get(f"http://127.0.0.1:{port}/").text
            server.send_signal(signal.SIGINT)
            assert server.wait(timeout=20) == 0
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
    assert f"http://127.0.0.1:{port} (nœud média sur le port {media_port})" in log.read_text()
    try:
        httpx.get(f"http://127.0.0.1:{media_port}/healthz", timeout=1)
        node_still_up = True
    except httpx.HTTPError:
        node_still_up = False
    assert not node_still_up, "the media node outlived `entraide serve`"
