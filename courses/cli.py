"""`entraide content check [PATH]`: every problem an author can fix, as file:line: message; exit 1 if any.
Facts whose stated period is over are warned about (exit code unchanged: the course still reads);
`entraide content facts --stale [PATH]` lists them for the yearly review, exit 1 if any.

The platform CLI calls ``register(subparsers)``; ``python -m courses.cli content check content/`` works alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from .facts import Fact, load_facts, stale_facts
from .loader import FACTS_FILE, load_library


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def check(path: Path, out: TextIO | None = None, today: date | None = None) -> int:
    out = out or sys.stdout
    library = load_library(path)
    for problem in library.problems:
        print(problem, file=out)
    lessons = sum(len(c.lessons()) for c in library.courses.values())
    quizzes = sum(len(c.quizzes) for c in library.courses.values())
    summary = (
        f"{_count(len(library.courses), 'course')}, {_count(lessons, 'lesson')}, "
        f"{_count(quizzes, 'quiz', 'quizzes')}, {_count(len(library.facts), 'fact')}: "
    )
    summary += _count(len(library.problems), "problem") if library.problems else "no problems"
    for fact in stale_facts(library.facts, today or date.today()):
        print(f"warning: {_stale_line(fact)}", file=out)
    print(summary, file=sys.stderr if out is sys.stdout else out)
    return 1 if library.problems else 0


def _stale_line(fact: Fact) -> str:
    return f"fact {fact.id!r} ({fact.display}) held until {fact.until}: check it against {fact.source}"


def stale(path: Path, out: TextIO | None = None, today: date | None = None) -> int:
    out = out or sys.stdout
    facts, _ = load_facts(path / FACTS_FILE)
    lapsed = stale_facts(facts, today or date.today())
    for fact in lapsed:
        print(_stale_line(fact), file=out)
    if not lapsed:
        print("no fact has lapsed", file=out)
    return 1 if lapsed else 0


def _run_check(args: argparse.Namespace) -> int:
    return check(Path(args.path))


def _run_facts(args: argparse.Namespace) -> int:
    return stale(Path(args.path))


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
    facts_parser = content_sub.add_parser("facts", help="les faits datés du cours (--stale : ceux à revoir)")
    facts_parser.add_argument(
        "--stale", action="store_true", required=True, help="les faits dont la période est passée"
    )
    facts_parser.add_argument(
        "path", nargs="?", default="content", help="dossier du contenu (par défaut : content)"
    )
    facts_parser.set_defaults(func=_run_facts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m courses.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
