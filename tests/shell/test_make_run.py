"""`make run` shows the demo logins on every run, not only the first (the first run's output has scrolled away).

The Makefile's `run` recipe runs for real, in a copy of the Makefile beside a fake venv whose `entraide` prints
what it was asked: nothing is installed and no server starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from learning.cli import build_parser
from learning.demo import DEMO_MEMBERS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _fake_checkout(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "entraide"
    fake.write_text('#!/bin/sh\necho "entraide $*"\n')
    fake.chmod(0o755)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    # Newer than pyproject.toml: make must not try to reinstall.
    later = (tmp_path / "pyproject.toml").stat().st_mtime + 10
    os.utime(stamp, (later, later))
    return tmp_path


def _make_run(checkout: Path) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "run", "PORT=8461"],
        cwd=checkout,
        env={"PATH": os.environ["PATH"], "HOME": str(checkout)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_make_run_prints_the_demo_logins(tmp_path: Path) -> None:
    checkout = _fake_checkout(tmp_path)
    first = _make_run(checkout)
    assert "entraide demo\n" in first
    second = _make_run(checkout)
    assert "entraide demo --comptes" in second
    assert "entraide serve --host 127.0.0.1 --port 8461" in second


def test_demo_logins_command_lists_every_account(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["demo", "--comptes"])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    for email, *_ in DEMO_MEMBERS:
        assert email in printed


def test_readme_says_how_to_pick_another_port() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run PORT=" in readme.split("## The `entraide` command")[0].split("```sh")[1]
