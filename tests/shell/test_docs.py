"""The documentation is self-contained: what the code and the docs point to is in the repository.

A person who clones the repository has only the repository. So no text file may send her to the folder the
project was first written beside (FOREIGN below, named as `../<it>/…` or `<it>/<file>`), nor to an absolute path
on the machine it was written on, and every `docs/….md` that the code, comments or pages name must exist. A file of another project is named with its
repository (`encode/starlette` `docs/lifespan.md` is fine when written `starlette/docs/lifespan.md`).

The files are the repository's own: git's tracked and not-ignored files when git is there, else a walk that
leaves out the usual ignored folders. This file is left out of the scan: it has to spell the patterns.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUFFIXES = {".py", ".md", ".html", ".js", ".css", ".cfg", ".toml"}
NAMES = {"Makefile"}
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "var", "__pycache__", "test-artifacts"}

# The sibling folder the project's material first came from; its contents now live in docs/.
FOREIGN = "shared"
# `<FOREIGN>/x` standing alone (not the tail of a URL or a longer path), `../<FOREIGN>`, or the machine's paths.
OUTSIDE = re.compile(rf"(?<![\w./-]){FOREIGN}/[\w.-]+|\.\./{FOREIGN}\b|/work/(?:{FOREIGN}|main)\b")
DOCS_PATH = re.compile(r"(?<![\w./-])docs/[\w./-]*?\.md\b")


def is_text_file(path: Path) -> bool:
    return path.suffix in SUFFIXES or path.name in NAMES


def repository_files() -> list[Path]:
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        paths = [ROOT / name for name in listed.split("\0") if name]
    else:
        paths = [
            path
            for path in ROOT.rglob("*")
            if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts) and path.is_file()
        ]
    this_file = Path(__file__).resolve()
    return sorted(p for p in paths if is_text_file(p) and p.is_file() and p.resolve() != this_file)


def lines_of(path: Path) -> list[tuple[int, str]]:
    return list(enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1))


def outside_references(line: str) -> list[str]:
    if (ROOT / FOREIGN).exists():  # a folder of that name inside the repository would be fine to name
        return [m for m in OUTSIDE.findall(line) if not m.startswith(f"{FOREIGN}/")]
    return OUTSIDE.findall(line)


def test_the_scan_sees_the_repository():
    files = {p.relative_to(ROOT).as_posix() for p in repository_files()}
    assert {"Makefile", "docs/design.md", "learning/db.py", "live/seats.py", "courses/quiz.py"} <= files


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (f"Read `../{FOREIGN}/notes.md` for the why.", [f"../{FOREIGN}"]),
        (f"({FOREIGN}/notes.md, « Processes »)", [f"{FOREIGN}/notes.md"]),
        (f"the formulas in {FOREIGN}/facts/course.md section 5", [f"{FOREIGN}/facts"]),
        (f"copy it from /work/{FOREIGN}/data/", [f"/work/{FOREIGN}"]),
        (f"signed with the {FOREIGN} secret", []),
        (f"https://example.org/{FOREIGN}/page and node_modules/x/{FOREIGN}/y.js", []),
    ],
)
def test_the_outside_pattern(line, found):
    assert outside_references(line) == found


def test_no_text_file_points_outside_the_repository():
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {ref}"
        for path in repository_files()
        for number, line in lines_of(path)
        for ref in outside_references(line)
    ]
    assert not problems, "references to files a clone does not have:\n" + "\n".join(problems)


def test_every_docs_page_named_exists():
    named = 0
    missing = []
    for path in repository_files():
        for number, line in lines_of(path):
            for ref in DOCS_PATH.findall(line):
                named += 1
                if not (ROOT / ref).is_file():
                    missing.append(f"{path.relative_to(ROOT)}:{number}: {ref}")
    assert not missing, "docs pages named but missing:\n" + "\n".join(missing)
    assert named > 10  # the pattern still finds the pointers the code has


def test_docs_pages_found_by_the_pattern():
    assert DOCS_PATH.findall("see `docs/design.md` (« Processes ») and docs/media-protocol.md.") == [
        "docs/design.md",
        "docs/media-protocol.md",
    ]
    assert DOCS_PATH.findall("starlette/docs/lifespan.md, ../docs/x.md") == []
