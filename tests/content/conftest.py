from __future__ import annotations

from pathlib import Path

import pytest

from courses.loader import load_library
from learning.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
COURSE_SLUG = "financer-creer-entreprise"
COURSE_DIR = CONTENT / COURSE_SLUG


@pytest.fixture(scope="session")
def library():
    return load_library(CONTENT)


@pytest.fixture(scope="session")
def course(library):
    return library.courses[COURSE_SLUG]


@pytest.fixture(scope="session")
def facts(library):
    return library.facts


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shell's test settings (SQLite and PostgreSQL), serving the real course from content/."""
    return settings.with_(content_dir=CONTENT)
