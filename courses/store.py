"""The loaded library, shared by every request; swapped whole when content changes in development."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request

from .course_tree import Course, Library
from .lesson_frames import LessonFrames
from .loader import load_library

log = logging.getLogger("entraide.courses")
BASE_URL = "/mooc"


class ContentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.library: Library = self._load()
        self.frames = LessonFrames()

    def _load(self) -> Library:
        library = load_library(self.root, BASE_URL)
        for problem in library.problems:
            log.warning("content: %s", problem)
        log.info("content: courses loaded from %s: %d", self.root, len(library.courses))
        return library

    def reload(self) -> None:
        # Build the new library completely before swapping: requests never see a half-loaded tree.
        library = self._load()
        # The parts rendered from the previous library go with it (each entry is also tied to its Lesson).
        self.library, self.frames = library, LessonFrames()


def store(request: Request) -> ContentStore:
    return request.app.state.courses


def course_or_404(request: Request) -> Course:
    course = store(request).library.courses.get(request.path_params["course"])
    if course is None:
        raise HTTPException(404, "Ce cours n'existe pas.")
    return course
