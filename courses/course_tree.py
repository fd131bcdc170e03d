"""The loaded course tree: plain dataclasses, built once at start-up and shared read-only by every request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .facts import Fact
from .problems import Problem
from .quiz import Quiz


def duration_label(minutes: int) -> str:
    """45 → « 45 min », 90 → « 1 h 30 », 120 → « 2 h »."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@dataclass(frozen=True)
class Segment:
    """A lesson body is HTML (rendered once) interleaved with interactive blocks rendered per learner."""

    kind: str  # "html", "quiz" or "calculator"
    html: str = ""
    ref: str = ""  # quiz or calculator id


@dataclass
class Calculator:
    id: str
    kind: str
    title: str
    defaults: dict[str, Any]  # display form (percent as percent), as the author wrote them
    intro_html: str
    line: int
    lesson_key: str = ""


@dataclass
class Lesson:
    course: str
    module: str
    slug: str
    number: int
    title: str
    duration: int
    objectives: list[str]
    segments: list[Segment]
    quizzes: dict[str, Quiz]
    calculators: dict[str, Calculator]
    path: Path
    url: str

    @property
    def key(self) -> str:
        """Stable progress key: module slug / lesson slug (numbers may change when lessons are inserted)."""
        return f"{self.module}/{self.slug}"


@dataclass
class Check:
    course: str
    module: str
    title: str
    pass_mark: float
    attempts: int
    draw: int | None
    intro_html: str
    quizzes: list[Quiz]
    path: Path
    url: str


@dataclass
class Module:
    slug: str
    number: int
    title: str
    summary: str
    intro_html: str
    lessons: list[Lesson]
    check: Check | None
    path: Path

    @property
    def duration(self) -> int:
        return sum(lesson.duration for lesson in self.lessons)

    @property
    def duration_label(self) -> str:
        return duration_label(self.duration)


@dataclass
class GlossaryTerm:
    slug: str
    term: str


@dataclass
class Course:
    slug: str
    title: str
    summary: str
    audience: str
    duration: int
    pass_mark: float
    intro_html: str
    modules: list[Module]
    path: Path
    url: str
    glossary_html: str = ""
    glossary: list[GlossaryTerm] = field(default_factory=list)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    quiz_places: dict[str, str] = field(default_factory=dict)  # quiz id → lesson key or "check:<module>"
    calculators: dict[str, Calculator] = field(default_factory=dict)

    @property
    def duration_label(self) -> str:
        return duration_label(self.duration)

    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]

    def lesson(self, module_slug: str, lesson_slug: str) -> Lesson | None:
        for lesson in self.lessons():
            if lesson.module == module_slug and lesson.slug == lesson_slug:
                return lesson
        return None

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def lesson_by_key(self, key: str) -> Lesson | None:
        module, _, slug = key.partition("/")
        return self.lesson(module, slug)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        flat = self.lessons()
        i = next(i for i, other in enumerate(flat) if other is lesson)
        return (flat[i - 1] if i > 0 else None, flat[i + 1] if i + 1 < len(flat) else None)


@dataclass
class Library:
    courses: dict[str, Course]
    facts: dict[str, Fact]
    problems: list[Problem]
    root: Path
    loaded_at: datetime
