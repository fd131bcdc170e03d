"""The parts of a lesson page that are the same for every learner, rendered once per loaded library.

A lesson page is the learner's state (progress, answers, attempts, the form to mark it done) around parts
that depend only on the content: the breadcrumb and the lesson's header, the links to the previous and next
lessons or the module's check. Rendering those with Jinja on every view cost about as much as the rest of
the page's own work (bench/lessons.py), so they are rendered once and kept here.

What an entry depends on, and how it stays right:
- the content: the cache belongs to one `ContentStore` and is replaced whole when the library is reloaded;
  an entry also remembers the `Lesson` object it was made from and is used only for that very object, so a
  request still holding the previous library never reads, nor leaves behind, a part of the other one;
- the facts: they are substituted into the lesson when the library is loaded, so they change with it;
- the template: an entry remembers the compiled template; in development Jinja recompiles an edited
  template and the entry is made again.
Nothing of a learner goes in: the parts take only the course, module and lesson, never the request.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from learning.themes import module_theme

from .course_tree import Check, Course, Lesson, Module

TEMPLATE = "courses/_lesson_frame.html"
# About 40 lessons today; a bound keeps a very large course from holding every page's parts at once.
MAX_ENTRIES = 512


@dataclass(frozen=True)
class LessonFrame:
    lesson: Lesson  # the very object it was made from (see the module's docstring)
    template: jinja2.Template
    breadcrumb: Markup
    header: Markup  # title, duration, objectives
    pager: Markup  # previous / next lesson or the module's check, and the course's own links
    previous: Lesson | None
    next: Lesson | None
    check: Check | None
    theme: str  # a key of learning.themes.THEMES, for « Questions sur cette leçon »


class LessonFrames:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, str], LessonFrame] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, env: jinja2.Environment, course: Course, module: Module, lesson: Lesson) -> LessonFrame:
        template = env.get_template(TEMPLATE)
        key = (course.slug, lesson.key)
        frame = self._entries.get(key)
        if frame is not None and frame.lesson is lesson and frame.template is template:
            self._entries.move_to_end(key)
            return frame
        frame = _make(template, course, module, lesson)
        self._entries[key] = frame
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return frame


def _make(template: jinja2.Template, course: Course, module: Module, lesson: Lesson) -> LessonFrame:
    previous, following = course.neighbours(lesson)
    # The module's check comes after its last lesson, instead of the next module's first.
    check = module.check if following is None or following.module != module.slug else None
    parts = template.make_module({})
    return LessonFrame(
        lesson=lesson,
        template=template,
        breadcrumb=Markup(parts.breadcrumb(course, module)),  # type: ignore[attr-defined]  # a macro of TEMPLATE
        header=Markup(parts.header(lesson)),  # type: ignore[attr-defined]
        pager=Markup(parts.pager(course, previous, following, check)),  # type: ignore[attr-defined]
        previous=previous,
        next=following,
        check=check,
        theme=module_theme(module.path.name),
    )
