"""`entraide serve`, as `make run` calls it: the site answers, its media node child answers, and Ctrl-C
stops both (no node left behind holding the port)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.browser_support import ROOT, free_port_pair, platform_env, wait_http


def test_serve_starts_the_site_and_its_media_node_and_ctrl_c_stops_both(tmp_path: Path):
    port = free_port_pair()
    media_port = port + 1
    env = platform_env(tmp_path)
    entraide = [sys.executable, "-m", "learning.cli"]
    subprocess.run([*entraide, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*entraide, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
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


def test_the_commands_an_operator_runs_from_cron_or_by_hand(tmp_path: Path):
    env = platform_env(tmp_path)
    env["ENTRAIDE_ADMIN_PASSWORD"] = "un mot de passe solide"

    def entraide(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "learning.cli", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert "Base de données à jour." in entraide("migrate").stdout
    demo = entraide("demo")
    assert demo.returncode == 0 and "amina@entraide.test" in demo.stdout
    # The demo has a workshop within the hour: its registrants get their reminder once, not twice.
    first, second = entraide("ateliers-taches"), entraide("ateliers-taches")
    assert first.returncode == second.returncode == 0
    assert "rappels envoyés : 0." not in first.stdout and "rappels envoyés : 0." in second.stdout
    recap = entraide("coup-de-pouce-recap")
    assert recap.returncode == 0 and re.search(r"\d+ récapitulatifs? mis en file d'envoi\.", recap.stdout)
    admin = entraide("create-admin", "--email", "Nouvelle@Exemple.fr", "--name", "Nouvelle Admin")
    assert admin.returncode == 0 and "Administratrice créée." in admin.stdout
    another = entraide("create-admin", "--email", "autre@exemple.fr", "--name", "Autre")
    assert another.returncode == 0 and "Administratrice créée." in another.stdout
    env["ENTRAIDE_ADMIN_PASSWORD"] = "court"
    refused = entraide("create-admin", "--email", "autre2@exemple.fr", "--name", "Autre")
    assert refused.returncode == 2 and "12 caractères" in refused.stderr
    broken = entraide("content", "check", str(ROOT / "tests" / "fixtures" / "broken-content"))
    assert broken.returncode == 1 and re.search(r"\.md:\d+: ", broken.stdout + broken.stderr)
