"""Catalogue, course page, glossary, course files, lesson page and « J'ai terminé cette leçon »."""

from __future__ import annotations

import mimetypes

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from learning.auth import current_member, login_required, signed_in
from learning.page_blocks import blocks_for
from learning.page_cache import cached_page
from learning.state import app_state
from learning.templating import render

from . import progress
from .course_tree import Course, Lesson
from .loader import MEDIA_SUFFIXES
from .presenters import answer_from_stored, calculator_view, quiz_view
from .store import course_or_404, store


async def catalogue(request: Request) -> Response:
    courses = list(store(request).library.courses.values())
    return render(request, "courses/catalogue.html", {"courses": courses})


async def course_page(request: Request) -> Response:
    course = course_or_404(request)
    member = current_member(request)
    async with app_state(request).db.read_session() as session:
        state = await progress.load_state(
            session, member.id if member else None, course.slug, quiz_ids=(), calculator_ids=()
        )
    modules = [
        {
            "module": m,
            "unlocked": progress.module_unlocked(course, state, m),
            "check": state.check(m.slug) if m.check else None,
        }
        for m in course.modules
    ]
    return render(
        request,
        "courses/course.html",
        {
            "course": course,
            "state": state,
            "modules": modules,
            "share": progress.progress_share(course, state),
            "resume": progress.resume_lesson(course, state) if state.enrolled else None,
            "certificate_ready": progress.certificate_ready(course, state),
            "checks_passed": all(state.check(m.slug).passed for m in course.modules if m.check is not None),
            "lessons_left": progress.lessons_left(course, state) if state.enrolled else [],
        },
    )


@login_required
async def enrol(request: Request) -> Response:
    course = course_or_404(request)
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        await progress.enrol(session, member.id, course.slug)
        await session.commit()
    first = course.lessons()[0] if course.lessons() else None
    return RedirectResponse(first.url if first else course.url, status_code=303)


async def glossary(request: Request) -> Response:
    course = course_or_404(request)
    if not course.glossary_html:
        raise HTTPException(404, "Ce cours n'a pas de glossaire.")
    return render(request, "courses/glossary.html", {"course": course})


async def course_file(request: Request) -> Response:
    course = course_or_404(request)
    relative = request.path_params["path"]
    file = (course.path / relative).resolve()
    # Only media files inside the course folder: never the Markdown sources, never a path outside.
    if (
        course.path.resolve() not in file.parents
        or file.suffix.lower() not in MEDIA_SUFFIXES
        or not file.is_file()
    ):
        raise HTTPException(404, "Ce fichier n'existe pas.")
    # Browsers only load caption tracks served as text/vtt, which mimetypes may not know.
    media_type = (
        "text/vtt"
        if file.suffix.lower() == ".vtt"
        else (mimetypes.guess_type(file.name)[0] or "application/octet-stream")
    )
    return FileResponse(file, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})


def lesson_or_404(request: Request) -> tuple[Course, Lesson]:
    course = course_or_404(request)
    lesson = course.lesson(request.path_params["module"], request.path_params["lesson"])
    if lesson is None:
        raise HTTPException(404, "Cette leçon n'existe pas, ou plus.")
    return course, lesson


@login_required
@cached_page  # her second view within ENTRAIDE_PAGE_CACHE_S, with nothing committed since (learning.page_cache)
async def lesson_page(request: Request) -> Response:
    course, lesson = lesson_or_404(request)
    return await lesson_page_with(request, course, lesson, {})


async def lesson_page_with(
    request: Request, course: Course, lesson: Lesson, calculator_inputs: dict[str, dict[str, str]]
) -> Response:
    """The lesson page; ``calculator_inputs`` refills a calculator whose submission had errors."""
    member = signed_in(request)
    module = course.module(lesson.module)
    assert module is not None
    frame = store(request).frames.get(app_state(request).templates.env, course, module, lesson)
    # « Questions sur cette leçon » come from whichever package fills the "lesson" slot (the board): it reads
    # the lesson from here, and courses never names it.
    request.state.lesson = {
        "key": f"{course.slug}/{lesson.key}",
        "title": lesson.title,
        "theme": frame.theme,
        "url": lesson.url,
    }
    blocks = None
    async with app_state(request).db.read_session() as session:
        state = await progress.load_state(
            session,
            member.id,
            course.slug,
            quiz_ids=lesson.quizzes.keys(),
            calculator_ids=lesson.calculators.keys(),
            certificate=False,
        )
        unlocked = state.enrolled and progress.module_unlocked(course, state, module)
        visiting = unlocked and progress.visit_changes_something(lesson, state)
        if unlocked and not visiting:
            # The usual view, a lesson seen before: the blocks in the same session, one round trip fewer.
            blocks = await blocks_for(request, "lesson", session)
    if not state.enrolled:
        return RedirectResponse(course.url, status_code=303)
    if not unlocked:
        return render(request, "courses/locked.html", {"course": course, "module": module}, status_code=403)
    if visiting:
        # Written after the read session is closed: SQLite would not commit while it reads.
        async with app_state(request).db.session() as session:
            await progress.visit_lesson(session, member.id, lesson, state)
            await session.commit()
        blocks = await blocks_for(request, "lesson")
    quizzes = {}
    for quiz_id, quiz in lesson.quizzes.items():
        qs = state.quiz(quiz_id)
        quizzes[quiz_id] = quiz_view(
            quiz,
            member.id,
            answer=answer_from_stored(quiz, qs.last_answer),
            attempts=qs.attempts,
            best=qs.best,
        )
    calculators = {}
    for calc_id, calc in lesson.calculators.items():
        raw = calculator_inputs.get(calc_id, state.calculators.get(calc_id))
        calculators[calc_id] = calculator_view(calc, raw, saved=calc_id in state.calculators)
    status = 400 if calculator_inputs else 200
    return render(
        request,
        "courses/lesson.html",
        {
            "course": course,
            "module": module,
            "lesson": lesson,
            "quizzes": quizzes,
            "calculators": calculators,
            "frame": frame,
            "completed": lesson.key in state.completed,
            "blocks": blocks,
            "question_sent": request.query_params.get("question") == "1",
        },
        status_code=status,
    )


@login_required
async def complete_lesson(request: Request) -> Response:
    course, lesson = lesson_or_404(request)
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        state = await progress.load_state(session, member.id, course.slug)
        module = course.module(lesson.module)
        if not state.enrolled or module is None or not progress.module_unlocked(course, state, module):
            raise HTTPException(403, "Cette leçon n'est pas encore ouverte pour vous.")
        await progress.complete_lesson(session, member.id, lesson)
        await session.commit()
    previous, following = course.neighbours(lesson)
    if following is not None and following.module == lesson.module:
        return RedirectResponse(following.url, status_code=303)
    module = course.module(lesson.module)
    if module is not None and module.check is not None:
        return RedirectResponse(module.check.url, status_code=303)
    return RedirectResponse(following.url if following else course.url, status_code=303)
