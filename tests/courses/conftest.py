from __future__ import annotations

from pathlib import Path

import pytest

from courses.loader import load_library

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "content"
BROKEN = FIXTURES / "broken-content"


@pytest.fixture(scope="session")
def sample_library():
    return load_library(SAMPLE)


@pytest.fixture(scope="session")
def sample_course(sample_library):
    return sample_library.courses["cours-exemple"]


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    """The shell's test settings, with the sample course as content (HTTP tests in this folder)."""
    return settings.with_(content_dir=SAMPLE)


def right_answer(quiz, prefix: str = "") -> dict:  # type: ignore[no-untyped-def]
    if quiz.type == "single":
        return {f"{prefix}choice": next(o.key for o in quiz.options if o.correct)}
    if quiz.type == "multiple":
        return {f"{prefix}choice": [o.key for o in quiz.options if o.correct]}
    if quiz.type == "numeric":
        return {f"{prefix}value": str(quiz.answer).replace(".", ",")}
    if quiz.type == "text":
        return {f"{prefix}value": next(o.text for o in quiz.options if o.correct)}
    if quiz.type == "match":
        return {f"{prefix}pair-{p.key}": p.right for p in quiz.pairs}
    return {f"{prefix}pos-{item.key}": str(i + 1) for i, item in enumerate(quiz.items)}


def wrong_answer(quiz, prefix: str = "") -> dict:  # type: ignore[no-untyped-def]
    if quiz.type in ("single", "multiple"):
        return {f"{prefix}choice": next(o.key for o in quiz.options if not o.correct)}
    if quiz.type in ("numeric", "text"):
        return {f"{prefix}value": "-987654"}
    if quiz.type == "match":
        rights = [p.right for p in quiz.pairs]
        return {f"{prefix}pair-{p.key}": rights[(i + 1) % len(rights)] for i, p in enumerate(quiz.pairs)}
    n = len(quiz.items)
    return {f"{prefix}pos-{item.key}": str(n - i) for i, item in enumerate(quiz.items)}
