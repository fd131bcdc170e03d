"""« Boîte à outils »: every calculator of a course on one page, usable without unlocking the modules.

Nothing is saved here (her dossier keeps what she saves in the lessons): the form is a GET that recomputes the
one calculator she changed, and calculator.js updates live through the lessons' own result endpoint."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from learning.auth import login_required
from learning.templating import render

from .calculators import KINDS
from .course_tree import Calculator, Course
from .presenters import calculator_view
from .store import course_or_404

# The form's own field, naming the calculator she computed (her values for the others are not sent).
CHOSEN = "outil"


def toolbox_calculators(course: Course) -> list[tuple[Calculator, str, str]]:
    """One calculator per kind, the first the course meets, with the lesson it comes from (title, URL)."""
    seen: dict[str, tuple[Calculator, str, str]] = {}
    for calc in course.calculators.values():
        if calc.kind not in KINDS or calc.kind in seen:
            continue
        lesson = course.lesson_by_key(calc.lesson_key)
        seen[calc.kind] = (calc, lesson.title if lesson else "", lesson.url if lesson else course.url)
    return list(seen.values())


@login_required
async def toolbox(request: Request) -> Response:
    course = course_or_404(request)
    chosen = request.query_params.get(CHOSEN, "")
    raw = {k: v for k, v in request.query_params.multi_items() if k != CHOSEN}
    tools = [
        {
            "view": calculator_view(calc, raw if calc.id == chosen else None),
            "lesson_title": lesson_title,
            "lesson_url": lesson_url,
        }
        for calc, lesson_title, lesson_url in toolbox_calculators(course)
    ]
    return render(request, "courses/toolbox.html", {"course": course, "tools": tools, "chosen": CHOSEN})
