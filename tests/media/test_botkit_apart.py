"""The bot kit (live/media/botkit) serves tests and benchmarks: the node itself never imports it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEDIA = ROOT / "live" / "media"


def test_no_node_module_imports_the_bot_kit() -> None:
    for path in MEDIA.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                names = [module] + [f"{module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            assert not any(n in (".botkit", "live.media.botkit") or ".botkit." in n for n in names), (
                f"{path.name} imports the bot kit"
            )


def test_running_node_never_loads_the_bot_kit() -> None:
    code = (
        "import sys, live.media.cli, live.media.node, live.media.peers, live.media.signaling;"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('live.media.botkit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
