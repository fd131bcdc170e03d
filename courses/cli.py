"""`entraide content check [PATH]`: every problem an author can fix, as file:line: message; exit 1 if any.

The platform CLI calls ``register(subparsers)``; ``python -m courses.cli content check content/`` works alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .loader import load_library


def check(path: Path, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    library = load_library(path)
    for problem in library.problems:
        print(problem, file=out)
    lessons = sum(len(c.lessons()) for c in library.courses.values())
    quizzes = sum(len(c.quizzes) for c in library.courses.values())
    summary = (
        f"{len(library.courses)} course(s), {lessons} lesson(s), {quizzes} quiz(zes), "
        f"{len(library.facts)} fact(s): "
    )
    summary += f"{len(library.problems)} problem(s)" if library.problems else "no problems"
    print(summary, file=sys.stderr if out is sys.stdout else out)
    return 1 if library.problems else 0


def _run_check(args: argparse.Namespace) -> int:
    return check(Path(args.path))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    content = subparsers.add_parser("content", help="contenu des cours (vérification)")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    check_parser = content_sub.add_parser(
        "check", help="vérifier le contenu des cours (en-têtes, quiz, liens…)"
    )
    check_parser.add_argument(
        "path", nargs="?", default="content", help="dossier du contenu (par défaut : content)"
    )
    check_parser.set_defaults(func=_run_check)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m courses.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
