from __future__ import annotations

from pathlib import Path

import pytest

from courses.loader import load_library
from learning.settings import Settings

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
def settings(settings: Settings) -> Settings:
    """The shell's test settings, with the sample course as content (HTTP tests in this folder)."""
    return settings.with_(content_dir=SAMPLE)
