"""The wire protocol as code and as a document: every message type and error code is documented."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from live.media import protocol

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "media-protocol.md").read_text(encoding="utf-8")
MEDIA = ROOT / "live" / "media"


def documented_headings() -> set[str]:
    return set(re.findall(r"^### `([a-z_]+)`", DOC, flags=re.M))


@pytest.mark.parametrize("kind", sorted(protocol.CLIENT_MESSAGES))
def test_client_message_documented(kind: str) -> None:
    section = DOC.split("## Client → node messages", 1)[1].split("## Node → client messages", 1)[0]
    assert f"### `{kind}`" in section
    example = section.split(f"### `{kind}`", 1)[1].split("###", 1)[0]
    assert f'"type": "{kind}"' in example  # with an example
    for field in protocol.CLIENT_MESSAGES[kind]:
        assert f'"{field}"' in example or f"`{field}`" in example


@pytest.mark.parametrize("kind", sorted(protocol.SERVER_MESSAGES))
def test_server_message_documented(kind: str) -> None:
    section = DOC.split("## Node → client messages", 1)[1].split("## Error codes", 1)[0]
    assert f"### `{kind}`" in section
    example = section.split(f"### `{kind}`", 1)[1].split("###", 1)[0]
    assert f'"type": "{kind}"' in example


def test_no_undocumented_or_stale_headings() -> None:
    assert documented_headings() == set(protocol.CLIENT_MESSAGES) | set(protocol.SERVER_MESSAGES)


def test_every_message_type_sent_by_the_node_is_declared() -> None:
    """Message dicts built anywhere in live/media use a declared server type."""
    sent = set()
    for path in MEDIA.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "type"
                        and isinstance(value, ast.Constant)
                    ):
                        sent.add(value.value)
    assert sent, "no message found: the scan is broken"
    assert sent <= set(protocol.SERVER_MESSAGES)


@pytest.mark.parametrize("code", sorted(protocol.ERRORS))
def test_error_code_documented(code: str) -> None:
    table = DOC.split("## Error codes", 1)[1]
    assert f"| `{code}` |" in table


def test_error_messages_are_french_sentences() -> None:
    for code, text in protocol.ERRORS.items():
        assert text[0].isupper() and text.endswith("."), code
    assert protocol.ERRORS["room_full"] == "L'atelier est complet."


def test_every_room_error_code_has_a_message() -> None:
    codes = set()
    for path in MEDIA.glob("*.py"):
        codes |= set(
            re.findall(r'(?:RoomError|ProtocolError)\("([a-z_]+)"', path.read_text(encoding="utf-8"))
        )
    assert codes and codes <= set(protocol.ERRORS)


FORBIDDEN_IMPORTS = ("aiortc.contrib", "learning", "courses")


def test_media_node_imports_no_player_recorder_relay_nor_web_side() -> None:
    """Static check: live/media imports only stdlib, aiortc, aioice, av, websockets, httpx, itsdangerous."""
    for path in MEDIA.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "learning" and [a.name for a in node.names] == ["logs"]:
                    continue  # the site's log formatter: standard library only (test below)
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                assert not name.startswith(FORBIDDEN_IMPORTS), f"{path.name} imports {name}"
                assert not (name.startswith("live.") and not name.startswith("live.media")), (
                    f"{path.name}: {name}"
                )
                assert "MediaPlayer" not in name and "MediaRecorder" not in name and "MediaRelay" not in name


def test_the_log_formatter_the_node_shares_with_the_site_imports_only_the_standard_library() -> None:
    """What lets the node use it: loading it brings nothing of the site (no database, no web framework)."""
    tree = ast.parse((ROOT / "learning" / "logs.py").read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert modules and {m.split(".")[0] for m in modules} - {"__future__"} <= sys.stdlib_module_names
    assert (ROOT / "learning" / "__init__.py").read_text(encoding="utf-8").strip() == ""


def test_running_node_never_loads_aiortc_media_helpers() -> None:
    """Dynamic check, in a fresh interpreter: importing the whole node loads no helper module."""
    code = (
        "import sys, live.media.cli, live.media.node, live.media.peers, live.media.signaling;"
        "bad = sorted(m for m in sys.modules if m.startswith(('aiortc.contrib', 'learning', 'courses'))"
        " and m not in ('learning', 'learning.logs')"
        " or (m.startswith('live.') and not m.startswith('live.media')));"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
